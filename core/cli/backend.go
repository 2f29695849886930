package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/session"
)

// signalContext is a context that Ctrl-C and SIGTERM cancel.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// want says which engine a command may use.
type want int

const (
	anyEngine  want = iota // a running daemon, else an engine of the command's own
	ownEngine              // --standalone, or --plugin: an engine of the command's own
	daemonOnly             // ls, stop, logs: a running daemon or nothing
	userEngine             // views: this user's daemon (rings are per user), else our own
)

// openBackend returns the engine the command drives and the func that lets it go: the daemon
// this user may reach (its own first, then the system service), or an engine of the command's
// own (plugins started for it, stopped with it). -v says which.
func (a *app) openBackend(ctx context.Context, w want, plugin string) (control.Backend, func(), error) {
	if plugin != "" && w != daemonOnly {
		w = ownEngine
	}
	if a.standalone && w != daemonOnly {
		w = ownEngine
	}
	if w != ownEngine {
		c, err := control.Dial(ctx)
		switch {
		case err == nil && w == userEngine && c.Endpoint().Kind == control.KindSystem:
			a.log.Info("the system service runs, but views need an engine of this user's own (its frame rings are not ours to map)")
			c.Close()
		case err == nil:
			about, _ := c.About(ctx)
			a.log.Info("using " + about.Describe())
			return c, c.Close, nil
		case w == daemonOnly && errors.Is(err, control.ErrNoDaemon):
			return nil, nil, fmt.Errorf("no gstcast daemon is running: start one with `gstcast serve` or `gstcast service install`")
		case w == daemonOnly:
			return nil, nil, err
		case errors.Is(err, control.ErrPermission):
			fmt.Fprintf(a.stderr, "note: %s; using an engine of this command's own\n", oneLine(err.Error()))
		}
	}
	ss, err := session.Open(ctx, session.Options{Log: a.log, Only: plugin})
	if err != nil {
		return nil, nil, err
	}
	b := control.NewLocal(ss.Engine, control.About{Kind: control.KindOwn})
	a.log.Info("using gstcast's own engine in this process (no daemon running, or --standalone)")
	var once sync.Once
	return b, func() { once.Do(ss.Close) }, nil
}
