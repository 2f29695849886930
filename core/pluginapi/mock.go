package pluginapi

import (
	"context"
	"fmt"
)

// Mock is a Platform whose methods are func fields, for tests of hosts and of the contract.
// A nil field answers ErrUnsupported.
type Mock struct {
	InfoFunc        func(ctx context.Context) (*Info, error)
	DevicesFunc     func(ctx context.Context, follow bool) (<-chan DeviceEvent, error)
	ProbeFunc       func(ctx context.Context, deviceID string, hw HWPreference) (*Capabilities, error)
	StartStreamFunc func(ctx context.Context, s *StreamSpec) (*Started, error)
	StopFunc        func(ctx context.Context, id string) error
	WatchFunc       func(ctx context.Context, id string) (<-chan Event, error)
	PipelineFunc    func(ctx context.Context, id string, s *StreamSpec) (*Plan, error)
	StartViewFunc   func(ctx context.Context, v *ViewSpec) (*ViewStarted, error)
	SessionsFunc    func(ctx context.Context, id string) ([]Session, error)
	KickFunc        func(ctx context.Context, id, sessionID string) error
}

var (
	_ Platform = (*Mock)(nil)
	_ Sessions = (*Mock)(nil)
)

func unsupported(what string) error { return fmt.Errorf("mock %s: %w", what, ErrUnsupported) }

func (m *Mock) Info(ctx context.Context) (*Info, error) {
	if m.InfoFunc == nil {
		return nil, unsupported("Info")
	}
	return m.InfoFunc(ctx)
}

func (m *Mock) Devices(ctx context.Context, follow bool) (<-chan DeviceEvent, error) {
	if m.DevicesFunc == nil {
		return nil, unsupported("Devices")
	}
	return m.DevicesFunc(ctx, follow)
}

func (m *Mock) Probe(ctx context.Context, deviceID string, hw HWPreference) (*Capabilities, error) {
	if m.ProbeFunc == nil {
		return nil, unsupported("Probe")
	}
	return m.ProbeFunc(ctx, deviceID, hw)
}

func (m *Mock) StartStream(ctx context.Context, s *StreamSpec) (*Started, error) {
	if m.StartStreamFunc == nil {
		return nil, unsupported("StartStream")
	}
	return m.StartStreamFunc(ctx, s)
}

func (m *Mock) Stop(ctx context.Context, id string) error {
	if m.StopFunc == nil {
		return unsupported("Stop")
	}
	return m.StopFunc(ctx, id)
}

func (m *Mock) Watch(ctx context.Context, id string) (<-chan Event, error) {
	if m.WatchFunc == nil {
		return nil, unsupported("Watch")
	}
	return m.WatchFunc(ctx, id)
}

func (m *Mock) Pipeline(ctx context.Context, id string, s *StreamSpec) (*Plan, error) {
	if m.PipelineFunc == nil {
		return nil, unsupported("Pipeline")
	}
	return m.PipelineFunc(ctx, id, s)
}

func (m *Mock) StartView(ctx context.Context, v *ViewSpec) (*ViewStarted, error) {
	if m.StartViewFunc == nil {
		return nil, unsupported("StartView")
	}
	return m.StartViewFunc(ctx, v)
}

func (m *Mock) Sessions(ctx context.Context, id string) ([]Session, error) {
	if m.SessionsFunc == nil {
		return nil, unsupported("Sessions")
	}
	return m.SessionsFunc(ctx, id)
}

func (m *Mock) Kick(ctx context.Context, id, sessionID string) error {
	if m.KickFunc == nil {
		return unsupported("Kick")
	}
	return m.KickFunc(ctx, id, sessionID)
}
