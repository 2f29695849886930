package cli

import (
	"context"
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

// openBackend returns the engine the command drives and the func that lets it go. Today that is
// an engine of the command's own (plugins started for it, stopped with it).
func (a *app) openBackend(ctx context.Context, plugin string) (control.Backend, func(), error) {
	ss, err := session.Open(ctx, session.Options{Log: a.log, Only: plugin})
	if err != nil {
		return nil, nil, err
	}
	b := control.NewLocal(ss.Engine, control.About{Kind: control.KindOwn})
	about, _ := b.About(ctx)
	a.log.Info("engine", "which", about.Describe())
	var once sync.Once
	return b, func() { once.Do(ss.Close) }, nil
}
