package gui

import (
	"context"
	"errors"
	"fmt"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// saved says where a new stream was kept.
type saved int

const (
	savedInConfig saved = iota // an entry of the daemon's config file: it lasts
	savedInEngine              // the engine has no config file: it lasts until the engine stops
)

// saveStream adds the editor's stream where it lasts: as an entry of the daemon's config
// (PutConfig, which checks the whole file, writes it atomically with a .bak, and starts the
// entry), or, for an engine without a config file, with Backend.Add. A stream that does not
// start is taken out of the config again, and the error says why, in the editor.
func saveStream(ctx context.Context, b control.Backend, r spec.Request, s spec.StreamSpec) (saved, error) {
	cfg, err := b.Config(ctx)
	if errors.Is(err, pluginapi.ErrUnsupported) || (err == nil && cfg.Path == "") {
		_, err := b.Add(ctx, engine.Work{Name: s.Name, Origin: appmodel.OriginGUI, Stream: &s})
		return savedInEngine, startError(s, err)
	}
	if err != nil {
		return 0, err
	}
	text, err := appmodel.AddEntry(cfg.Text, r)
	if err != nil {
		return 0, err
	}
	res, err := b.PutConfig(ctx, text)
	if err != nil {
		return 0, err
	}
	if msg, failed := res.Failed[s.Name]; failed {
		if _, rerr := b.PutConfig(ctx, cfg.Text); rerr != nil {
			return 0, fmt.Errorf("%s did not start (%s), and taking it out of the config failed: %w", s.Name, msg, rerr)
		}
		return 0, startError(s, errors.New(msg))
	}
	return savedInConfig, nil
}

// startError words an error of a first start as the window would.
func startError(s spec.StreamSpec, err error) error {
	if err == nil {
		return nil
	}
	st := engine.Status{Name: s.Name, Kind: engine.KindStream, Stream: &s, LastErr: &engine.Error{Message: err.Error(), Reason: pluginapi.Reason(err)}}
	return fmt.Errorf("did not start: %s", appmodel.PlainError(st))
}

// removeStream takes a stream away: out of the config file when it came from there, so it
// does not come back, else out of the engine.
func removeStream(ctx context.Context, b control.Backend, r appmodel.Row) error {
	if r.FromConfig {
		cfg, err := b.Config(ctx)
		if err == nil {
			text, found, err := appmodel.RemoveEntry(cfg.Text, r.Name)
			if err != nil {
				return err
			}
			if found {
				_, err = b.PutConfig(ctx, text)
				return err
			}
		}
	}
	return b.Remove(ctx, r.Name)
}

// saveSettings puts the settings into the daemon's config and says what the reload did.
func saveSettings(ctx context.Context, b control.Backend, st appmodel.Settings) (string, error) {
	cfg, err := b.Config(ctx)
	if err != nil {
		return "", err
	}
	text, err := st.Apply(cfg.Text)
	if err != nil {
		return "", err
	}
	res, err := b.PutConfig(ctx, text)
	if err != nil {
		return "", err
	}
	msg := "Saved in " + cfg.Path + "."
	if n := len(res.Changed); n > 0 {
		msg += fmt.Sprintf(" %d stream(s) restarted with the new settings.", n)
	}
	for name, why := range res.Failed {
		msg += fmt.Sprintf(" %s did not start: %s.", name, why)
	}
	return msg + " Plugin folders apply when the engine starts again.", nil
}

// retryConfig starts a config entry the engine does not run, by applying the config again
// (its other entries keep running untouched).
func retryConfig(ctx context.Context, b control.Backend, name string) error {
	cfg, err := b.Config(ctx)
	if err != nil {
		return err
	}
	res, err := b.PutConfig(ctx, cfg.Text)
	if err != nil {
		return err
	}
	if msg, failed := res.Failed[name]; failed {
		st := engine.Status{Name: name, LastErr: &engine.Error{Message: msg}}
		return fmt.Errorf("did not start: %s", appmodel.PlainError(st))
	}
	return nil
}
