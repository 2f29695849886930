package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gstcast/gstcast/core/spec"
)

// stdin is where fd://0 frames come from (a variable for tests).
var stdin io.Reader = os.Stdin

// relayStdin makes fd://0 work: the frames are on this command's standard input, but GStreamer
// runs in a plugin process (and, with a daemon, under another parent), which cannot read it.
// So the command makes a named pipe of its own, copies its standard input into it, and hands the
// plugin the pipe's path instead. Why a pipe and not the descriptor itself: go-plugin starts
// plugins with no way to pass extra descriptors, and a daemon reached over the control API is
// not this process's child at all; a path works for both, and only the same user can open it
// (the pipe lives in a 0700 directory). The copy costs one memcpy per frame (a 640x480 BGR
// stream at 30 fps is 28 MB/s).
//
// The copy is frame by frame: if the plugin closes its end (the stream failed and is retried),
// the frame being written is written again, whole, to the next reader, so frames never shift.
// At the end of standard input the pipe is closed, which is the stream's end of stream. stop
// removes the pipe.
func relayStdin(s *spec.StreamSpec, errOut io.Writer) (stop func(), err error) {
	if s.Source.Kind != spec.SourceFD || s.Source.Path != spec.StdinPath {
		return func() {}, nil
	}
	dir, err := os.MkdirTemp("", "gstcast-stdin-")
	if err != nil {
		return nil, fmt.Errorf("fd://0: %w", err)
	}
	path := filepath.Join(dir, "frames")
	if err := mkfifo(path); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("fd://0: make a pipe for standard input: %w", err)
	}
	frame := spec.RawFrameBytes(s.Source.Format, s.Source.Width, s.Source.Height)
	quit := make(chan struct{})
	go copyFrames(path, frame, quit, errOut)
	s.Source.Path = path
	return func() {
		close(quit)
		os.RemoveAll(dir)
	}, nil
}

// copyFrames copies stdin to the pipe at path frame by frame until stdin ends or quit.
func copyFrames(path string, frame int, quit chan struct{}, errOut io.Writer) {
	buf := make([]byte, frame)
	var w *os.File
	defer func() {
		if w != nil {
			w.Close()
		}
	}()
	for {
		n, rerr := io.ReadFull(stdin, buf)
		if n == 0 && rerr != nil {
			return // end of input: closing the pipe ends the stream
		}
		for {
			select {
			case <-quit:
				return
			default:
			}
			if w == nil {
				f, err := os.OpenFile(path, os.O_WRONLY, 0) // waits for the plugin to open its end
				if err != nil {
					fmt.Fprintf(errOut, "fd://0: %v\n", err)
					return
				}
				w = f
			}
			if _, err := w.Write(buf[:n]); err != nil {
				// The reader went away (a failed stream, retried): write this frame again,
				// whole, to the next one.
				w.Close()
				w = nil
				if !errors.Is(err, os.ErrClosed) {
					continue
				}
				return
			}
			break
		}
		if rerr != nil {
			return // a partial last frame was passed on: the plugin reports the wrong size
		}
	}
}
