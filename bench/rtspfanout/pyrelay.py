#!/usr/bin/python3
"""The seed's relay, as a baseline for bench/rtspfanout: a Python GstRtspServer that serves an
H.264 RTP stream arriving on a UDP port as rtsp://ADDRESS:PORT/NAME, without re-encoding, from
one shared media.

usage: pyrelay.py UDP_PORT RTSP_PORT [NAME] [ADDRESS] [BACKLOG] [THREADS]

BACKLOG sets the listen backlog and THREADS the thread pool's max-threads; left out (or empty),
they are gst-rtsp-server's defaults (5 and 1), as in the seed.
The RTP input is bound to 127.0.0.1 (the seed's line binds every address). Prints "ready" once
the server listens. Ctrl-C or SIGTERM stops it.
"""
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    udp_port, rtsp_port = int(sys.argv[1]), int(sys.argv[2])
    name = sys.argv[3] if len(sys.argv) > 3 else "cam"
    address = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.1"
    backlog = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[5] else None
    threads = int(sys.argv[6]) if len(sys.argv) > 6 and sys.argv[6] else None
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(address)
    server.set_service(str(rtsp_port))
    if backlog is not None:
        server.set_backlog(backlog)
    if threads is not None:
        server.get_thread_pool().set_max_threads(threads)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        "( udpsrc port=%d address=127.0.0.1 "
        'caps="application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96" '
        "! rtph264depay ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )" % udp_port
    )
    factory.set_shared(True)
    server.get_mount_points().add_factory("/" + name, factory)
    if server.attach(None) == 0:
        sys.exit("pyrelay: cannot listen on %s:%d" % (address, rtsp_port))
    loop = GLib.MainLoop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print("ready", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
