#!/usr/bin/env python3
"""Send frames from an OpenCV program to gstcast (docs/MEDIA.md, "Frames from your program").

On standard output (gstcast relays its standard input to the plugin):
    python3 send_frames.py | gstcast stream 'fd://0?format=BGR&width=640&height=480&fps=30' --serve cam

Into a named pipe (the pipe outlives either program):
    mkfifo /tmp/frames
    gstcast stream 'fd:///tmp/frames?format=BGR&width=640&height=480&fps=30' --serve cam &
    python3 send_frames.py --out /tmp/frames

Through shared memory (GStreamer shmsink; no copy through a pipe):
    python3 send_frames.py --shm /tmp/frames.sock &
    gstcast stream 'shm:///tmp/frames.sock?format=BGR&width=640&height=480&fps=30' --serve cam

The picture: the left half red, the right half blue, a white square moving along the bottom.
Frames are numpy arrays of shape (height, width, 3), BGR, as OpenCV makes them; their bytes are
what fd:// reads (frame.tobytes(): width*height*3 bytes, no header).
"""
import argparse
import sys
import time

import cv2
import numpy as np


def frames(width, height):
    base = np.zeros((height, width, 3), np.uint8)
    base[:, : width // 2] = (0, 0, 255)  # BGR red
    base[:, width // 2 :] = (255, 0, 0)  # BGR blue
    n = 0
    while True:
        f = base.copy()
        x = (n * 8) % max(1, width - 40)
        cv2.rectangle(f, (x, height - 40), (x + 32, height - 8), (255, 255, 255), -1)
        yield f
        n += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--width", type=int, default=640)
    ap.add_argument("--height", type=int, default=480)
    ap.add_argument("--fps", type=float, default=30)
    ap.add_argument("--frames", type=int, default=0, help="stop after this many frames (0: never)")
    ap.add_argument("--out", help="write to this named pipe or file instead of standard output")
    ap.add_argument("--shm", help="serve the frames on this shmsink socket path instead")
    a = ap.parse_args()

    if a.shm:
        # OpenCV's GStreamer backend: appsrc gets BGR frames; shmsink hands each one over whole.
        line = ("appsrc ! videoconvert ! video/x-raw,format=BGR ! "
                f"shmsink socket-path={a.shm} wait-for-connection=false sync=false")
        w = cv2.VideoWriter(line, cv2.CAP_GSTREAMER, 0, a.fps, (a.width, a.height), True)
        if not w.isOpened():
            sys.exit("cannot open the shmsink (is OpenCV built with GStreamer?)")
        write, close = w.write, w.release
    else:
        out = open(a.out, "wb", buffering=0) if a.out else sys.stdout.buffer
        write, close = (lambda f: out.write(f.tobytes())), out.close

    start = time.monotonic()
    try:
        for n, f in enumerate(frames(a.width, a.height)):
            if a.frames and n >= a.frames:
                break
            write(f)
            # Pace at the frame rate: gstcast timestamps frames as they come.
            delay = start + (n + 1) / a.fps - time.monotonic()
            if delay > 0:
                time.sleep(delay)
    except BrokenPipeError:
        pass  # gstcast stopped reading
    finally:
        try:
            close()
        except BrokenPipeError:
            pass


if __name__ == "__main__":
    main()
