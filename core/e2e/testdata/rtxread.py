"""Reads an RTSP URL over UDP with GStreamer's rtspsrc (do-retransmission as told) for some
seconds, then prints what its RTX receiver and jitter buffer counted:
    rtx-packets N rtx-requests N lost N frames N
Used by rtx_e2e_test.go under packet loss in a network namespace."""
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst

Gst.init(None)
url, secs, rtx = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1"
p = Gst.parse_launch("rtspsrc name=src protocols=udp latency=300 ! rtph264depay ! h264parse ! avdec_h264 ! fakesink name=sink sync=false")
src = p.get_by_name("src")
src.set_property("location", url)
src.set_property("do-retransmission", rtx)
frames = [0]


def count(pad, info):
    frames[0] += 1
    return Gst.PadProbeReturn.OK


p.get_by_name("sink").get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, count)
loop = GLib.MainLoop()
bus = p.get_bus()
bus.add_signal_watch()
bus.connect("message::error", lambda b, m: (print("error", m.parse_error()), loop.quit()))
GLib.timeout_add(int(secs * 1000), loop.quit)
p.set_state(Gst.State.PLAYING)
loop.run()


def walk(b):
    it = b.iterate_recurse()
    while True:
        r, e = it.next()
        if r != Gst.IteratorResult.OK:
            return
        yield e


rtx_packets = requests = lost = 0
for e in walk(p):
    f = e.get_factory()
    if not f:
        continue
    if f.get_name() == "rtprtxreceive":
        rtx_packets += e.get_property("num-rtx-packets")
    if f.get_name() == "rtpjitterbuffer":
        st = e.get_property("stats")
        requests += st.get_value("rtx-count")
        lost += st.get_value("num-lost")
print("rtx-packets", rtx_packets, "rtx-requests", requests, "lost", lost, "frames", frames[0])
p.set_state(Gst.State.NULL)
