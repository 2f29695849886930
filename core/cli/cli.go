// Package cli is gstcast's command line: it parses flags, drives the engine through the
// control.Backend seam, and prints what happens. It holds no session, retry or bookkeeping
// logic of its own: that is the engine's (core/engine) and the session's (core/session).
// main.go hands it os.Args and the desktop app's windows.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"github.com/gstcast/gstcast/core/buildinfo"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

type command struct {
	name, args, summary string
	run                 func(a *app, args []string) error
}

type app struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	windows        Windows
	// standalone makes every command run its own engine, as if no daemon ran.
	standalone bool
}

// Options are what main.go gives the CLI besides the arguments.
type Options struct {
	// Windows opens viewer windows; nil means this build has none.
	Windows Windows
}

func commands() []command {
	return []command{
		{"stream", "[SOURCE] [--to URL | --serve NAME] [flags]", "send a source as H.264 RTP, publish it to an RTSP server, or serve it (default: a test signal to rtp://127.0.0.1:5000)", runStream},
		{"serve", "[CONFIG.yaml] [--address A] [--port P]", "serve RTSP: every mount of a config file, or a test signal at rtsp://127.0.0.1:8554/test", runServe},
		{"view", "URL|FILE.sdp [flags]", "open a viewer window on an RTSP, RTP or file stream, decoded by the best decoder here", runView},
		{"tray", "", "the desktop app with only its system tray showing (what starting at login runs)", runTray},
		{"ls", "[--json]", "list the daemon's streams and views with state, fps, bitrate, readers and encoder", runLs},
		{"stop", "NAME...", "stop and remove streams or views of the running daemon", runStop},
		{"sessions", "NAME [--json]", "list the RTSP readers and publishers of a served stream: client, user, transport, bytes, loss and jitter", runSessions},
		{"kick", "NAME SESSION...", "disconnect RTSP readers or publishers of a served stream (gstcast sessions NAME lists them)", runKick},
		{"logs", "[-f] [-n LINES]", "show the daemon's log (host and plugins); -f follows it", runLogs},
		{"status", "", "say which gstcast daemon runs, where its API is, and what it serves", runStatus},
		{"service", serviceUsage, "run the daemon as a system service (systemd, Windows SCM) or, with --user, your own", runService},
		{"pipeline", "SOURCE [--to rtp://HOST:PORT] [flags]", "print the gst-launch-1.0 line gstcast would run, without running it", runPipeline},
		{"sdp", "--to rtp://HOST:PORT", "print an SDP file for an RTP output (open it with ffplay or VLC)", runSDP},
		{"devices", "[--follow]", "list cameras and their formats", runDevices},
		{"plugins", "", "list platform plugins, their versions and whether they work here", runPlugins},
		{"version", "", "print gstcast's version", func(a *app, _ []string) error { fmt.Fprintln(a.stdout, "gstcast", buildinfo.Version); return nil }},
	}
}

// usageError is a mistake on the command line: exit code 2 and a pointer to --help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Main runs gstcast with args (without the program name) and returns the exit code.
func Main(args []string, stdout, stderr io.Writer, o Options) int {
	level := slog.LevelWarn
	if v := os.Getenv("GSTCAST_LOG_LEVEL"); v != "" {
		_ = level.UnmarshalText([]byte(v))
	}
	standalone := false
	// Global flags come before the command.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case args[0] == "-h" || args[0] == "--help" || args[0] == "-help":
			printUsage(stdout)
			return ExitOK
		case args[0] == "-v" || args[0] == "--verbose":
			level = slog.LevelInfo
		case args[0] == "--debug":
			level = slog.LevelDebug
		case args[0] == "--standalone":
			standalone = true
		default:
			fmt.Fprintf(stderr, "gstcast: unknown flag %s (try gstcast --help)\n", args[0])
			return ExitUsage
		}
		args = args[1:]
	}
	a := &app{stdout: stdout, stderr: stderr, windows: o.Windows, standalone: standalone,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}
	if a.windows == nil {
		a.windows = noWindows{}
	}
	if len(args) == 0 {
		// No command: the desktop app (core/cli/gui.go).
		if err := runMain(a); err != nil {
			fmt.Fprintf(stderr, "gstcast: %s\n", oneLine(err.Error()))
			return ExitError
		}
		return ExitOK
	}
	name := args[0]
	if name == "help" {
		if len(args) > 1 {
			return Main([]string{args[1], "--help"}, stdout, stderr, o)
		}
		printUsage(stdout)
		return ExitOK
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(a, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return ExitOK
		case errors.Is(err, flag.ErrHelp):
			return ExitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "gstcast %s: %s (try gstcast %s --help)\n", name, oneLine(err.Error()), name)
			return ExitUsage
		default:
			fmt.Fprintf(stderr, "gstcast %s: %s\n", name, oneLine(err.Error()))
			return ExitError
		}
	}
	fmt.Fprintf(stderr, "gstcast: unknown command %q (try gstcast --help)\n", name)
	return ExitUsage
}

// oneLine keeps errors on one line: GStreamer debug text can hold newlines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "gstcast: cameras, screens, files and test signals to RTP, with the right hardware pipeline for this machine.")
	fmt.Fprintln(w, "\nUsage: gstcast [-v|--debug] [--standalone] [COMMAND [ARGS]]")
	fmt.Fprintln(w, "\nWithout a command gstcast opens its main window (the desktop app).")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Sources:
  test://smpte?width=1280&height=720&fps=30[&stamp=1]   test signal (any videotestsrc pattern)
  v4l2:///dev/video0?width=1280&height=720&fps=30&format=MJPG
  file:///path/video.mp4[?loop=1]                       H.264 is sent as is; anything else is re-encoded
  rtp://@:5600[?pt=96]                                  H.264 RTP in, relayed without re-encoding
  rtsp://user:pass@host:554/path[?transport=tcp]        pull an RTSP stream, relayed without re-encoding
Outputs:
  rtp://HOST:PORT[?pt=96&ttl=4]

Run "gstcast help COMMAND" for a command's flags.`)
}

// newFlags makes a FlagSet whose --help prints the command's usage to stdout.
func newFlags(a *app, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.BoolVar(&a.standalone, "standalone", a.standalone, "run an engine of this command's own even when a gstcast daemon runs")
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses flags and positional arguments in any order (flag stops at the first
// positional argument; users write "stream SOURCE --to …").
func parse(a *app, fs *flag.FlagSet, args []string, usageLine string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(a.stdout, "Usage: gstcast %s %s\n\nFlags:\n", fs.Name(), usageLine)
				fs.SetOutput(a.stdout)
				fs.PrintDefaults()
				return nil, flag.ErrHelp
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
