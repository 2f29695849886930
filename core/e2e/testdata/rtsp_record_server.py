#!/usr/bin/python3
"""Someone else's RTSP server that takes RECORD (gst-rtsp-server's test-record recipe): what a
publisher sends to /rec is written, unchanged, to an MPEG-TS file. Usage: PORT FILE"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
port, path = sys.argv[1], sys.argv[2]
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
factory.set_launch("( rtph264depay name=depay0 ! h264parse ! mpegtsmux ! filesink location=%s )" % path)
server.get_mount_points().add_factory("/rec", factory)
if server.attach(None) == 0:
    sys.exit("port %s in use" % port)
print("ready", flush=True)
GLib.MainLoop().run()
