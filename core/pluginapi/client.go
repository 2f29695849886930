package pluginapi

import (
	"context"
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/gstcast/gstcast/core/pluginapi/proto"
	"github.com/gstcast/gstcast/core/spec"
)

// Client is the host side of a plugin: Platform over gRPC. Every error it returns has been
// passed through fromStatus, so errors.Is works against this package's sentinels.
type Client struct {
	c pb.PlatformClient
}

var (
	_ Platform = (*Client)(nil)
	_ Sessions = (*Client)(nil)
)

// NewClient wraps a raw gRPC client (used by tests that skip go-plugin).
func NewClient(c pb.PlatformClient) *Client { return &Client{c: c} }

func (c *Client) Info(ctx context.Context) (*Info, error) {
	r, err := c.c.Info(ctx, &pb.Empty{})
	if err != nil {
		return nil, fromStatus(err)
	}
	return infoFromProto(r), nil
}

func (c *Client) Devices(ctx context.Context, follow bool) (<-chan DeviceEvent, error) {
	st, err := c.c.Devices(ctx, &pb.DevicesRequest{Follow: follow})
	if err != nil {
		return nil, fromStatus(err)
	}
	ch := make(chan DeviceEvent)
	go func() {
		defer close(ch)
		for {
			m, err := st.Recv()
			if err != nil {
				return
			}
			ev := DeviceEvent{Type: DeviceEventType(m.Type)}
			if d := deviceFromProto(m.Device); d != nil {
				ev.Device = *d
			}
			select {
			case ch <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, nil
}

func (c *Client) Probe(ctx context.Context, deviceID string, hw HWPreference) (*Capabilities, error) {
	r, err := c.c.Probe(ctx, &pb.ProbeRequest{DeviceId: deviceID, Hardware: string(hw)})
	if err != nil {
		return nil, fromStatus(err)
	}
	return &Capabilities{Device: deviceFromProto(r.Device), Encoders: elementsFromProto(r.Encoders)}, nil
}

func (c *Client) StartStream(ctx context.Context, s *StreamSpec) (*Started, error) {
	r, err := c.c.StartStream(ctx, specToProto(s))
	if err != nil {
		return nil, fromStatus(err)
	}
	return &Started{ID: r.Id, URL: r.Url, Plan: Plan{Launch: r.Launch, Encoder: r.Encoder, Encoders: elementsFromProto(r.Encoders)}}, nil
}

func (c *Client) Stop(ctx context.Context, id string) error {
	_, err := c.c.Stop(ctx, &pb.IDRequest{Id: id})
	return fromStatus(err)
}

// Watch streams events. When the plugin process dies the channel gets one EventError whose
// Message says so, then closes: the host's supervisor restarts the plugin and watches again.
func (c *Client) Watch(ctx context.Context, id string) (<-chan Event, error) {
	st, err := c.c.Watch(ctx, &pb.IDRequest{Id: id})
	if err != nil {
		return nil, fromStatus(err)
	}
	// A server-streaming call reports a bad id only on the first Recv; do it here so the
	// caller gets ErrNotFound from Watch itself.
	first, err := st.Recv()
	if err != nil {
		if errors.Is(err, io.EOF) {
			ch := make(chan Event)
			close(ch)
			return ch, nil
		}
		return nil, fromStatus(err)
	}
	ch := make(chan Event, 16)
	go func() {
		defer close(ch)
		m := first
		for {
			select {
			case ch <- eventFromProto(m):
			case <-ctx.Done():
				return
			}
			var err error
			m, err = st.Recv()
			if err != nil {
				if !errors.Is(err, io.EOF) && ctx.Err() == nil {
					ferr := fromStatus(err)
					if errors.Is(ferr, ErrUnavailable) {
						select {
						case ch <- Event{Type: EventError, ID: id, State: StateFailed, Message: ferr.Error()}:
						case <-ctx.Done():
						}
					}
				}
				return
			}
		}
	}()
	return ch, nil
}

func (c *Client) Pipeline(ctx context.Context, id string, s *StreamSpec) (*Plan, error) {
	req := &pb.PipelineRequest{Id: id}
	if id == "" {
		req.Spec = specToProto(s)
	}
	r, err := c.c.Pipeline(ctx, req)
	if err != nil {
		return nil, fromStatus(err)
	}
	return &Plan{Launch: r.Launch, Encoder: r.Encoder, Encoders: elementsFromProto(r.Encoders)}, nil
}

// hwOrAuto keeps an empty preference meaning "auto" on both sides.
func hwOrAuto(s string) HWPreference {
	if s == "" {
		return spec.HWAuto
	}
	return HWPreference(s)
}

func (c *Client) StartView(ctx context.Context, v *ViewSpec) (*ViewStarted, error) {
	r, err := c.c.StartView(ctx, viewToProto(v))
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return nil, fmt.Errorf("this plugin has no viewer (older protocol): %w", ErrUnsupported)
		}
		return nil, fromStatus(err)
	}
	return &ViewStarted{ID: r.Id, Ring: r.Ring, Decoder: r.Decoder, Hardware: r.Hardware,
		Decoders: elementsFromProto(r.Decoders), Launch: r.Launch}, nil
}

// Sessions lists the RTSP sessions of a served stream; a plugin of an older build, or one
// without an RTSP server, answers ErrUnsupported.
func (c *Client) Sessions(ctx context.Context, id string) ([]Session, error) {
	r, err := c.c.Sessions(ctx, &pb.IDRequest{Id: id})
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return nil, fmt.Errorf("this plugin lists no RTSP sessions: %w", ErrUnsupported)
		}
		return nil, fromStatus(err)
	}
	out := make([]Session, 0, len(r.Sessions))
	for _, s := range r.Sessions {
		out = append(out, sessionFromProto(s))
	}
	return out, nil
}

// Kick ends one RTSP session of a served stream (see Sessions).
func (c *Client) Kick(ctx context.Context, id, sessionID string) error {
	_, err := c.c.Kick(ctx, &pb.KickRequest{Id: id, SessionId: sessionID})
	if status.Code(err) == codes.Unimplemented {
		return fmt.Errorf("this plugin cannot kick RTSP sessions: %w", ErrUnsupported)
	}
	return fromStatus(err)
}
