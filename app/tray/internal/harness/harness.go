//go:build !nogui

// Package harness is a small desktop app around the tray, for tests: the tray of package
// tray against the gstcast daemon control.Dial finds, and a main window to show and hide. It
// prints what the tray asks of the app ("open view URL", "main window hidden", "quit"), so a
// test that clicks the menu over D-Bus can see what happened. The tray tests run it by
// re-executing their own binary; cmd trayharness is the same as a program (core/e2e).
package harness

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/app/tray"
	"github.com/gstcast/gstcast/core/control"
)

// Main runs the harness with command-line args and returns its exit code. It must run on
// the main goroutine (Fyne).
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("trayharness", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quitAfter := fs.Duration("quit-after", 0, "quit on its own after this long")
	force := fs.Bool("force", false, "call Tray.Start even when tray.Available says no session bus")
	unguarded := fs.Bool("unguarded", false, "set a Fyne tray menu directly, without the tray package's checks (shows fyne-io/fyne#6403)")
	hidden := fs.Bool("hidden", false, "start with the main window hidden")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var mu sync.Mutex
	say := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(stdout, format+"\n", a...)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	a := fyneapp.NewWithID("io.github.gstcast.gstcast.trayharness")
	w := a.NewWindow("gstcast tray harness")
	w.SetContent(widget.NewLabel("gstcast tray harness"))
	w.Resize(fyne.NewSize(320, 120))
	shown := false // main goroutine only

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if *unguarded {
		if desk, ok := a.(desktop.App); ok {
			desk.SetSystemTrayMenu(fyne.NewMenu("gstcast", fyne.NewMenuItem("unguarded", nil)))
			say("tray: set without checks")
		}
	} else {
		dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
		b, err := control.Dial(dctx)
		dcancel()
		if err != nil {
			say("harness: %v", err)
			return 1
		}
		defer b.Close()
		var t *tray.Tray
		t = tray.New(b, tray.Options{
			ShowMain:  func() { w.Show(); shown = true; say("main window shown") },
			HideMain:  func() { w.Hide(); shown = false; say("main window hidden") },
			MainShown: func() bool { return shown },
			OpenView:  func(url string) { say("open view %s", url) },
			Quit:      func() { say("quit"); a.Quit() },
			Log:       log,
		})
		w.SetCloseIntercept(func() { w.Hide(); shown = false; t.Refresh(); say("main window hidden") })
		avail := tray.Available()
		if avail == nil {
			say("available: yes")
		} else {
			say("available: %v", avail)
		}
		if avail == nil || errors.Is(avail, tray.ErrNoTrayHost) || *force {
			if err := t.Start(ctx, a); err != nil {
				say("tray: %v", err)
			} else {
				say("tray: started")
			}
		}
	}
	if !*hidden {
		w.Show()
		shown = true
	}
	if *quitAfter > 0 {
		go func() {
			time.Sleep(*quitAfter)
			fyne.Do(func() { say("quit after %s", *quitAfter); a.Quit() })
		}()
	}
	a.Run()
	say("harness: done")
	return 0
}
