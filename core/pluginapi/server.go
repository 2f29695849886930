package pluginapi

import (
	"context"
	"fmt"

	pb "github.com/gstcast/gstcast/core/pluginapi/proto"
)

// server is the plugin side: it adapts a Platform to the generated gRPC service and turns its
// errors into statuses that carry their sentinel.
type server struct {
	pb.UnimplementedPlatformServer
	impl Platform
}

func (s *server) Info(ctx context.Context, _ *pb.Empty) (*pb.InfoResponse, error) {
	i, err := s.impl.Info(ctx)
	if err != nil {
		return nil, toStatus(err)
	}
	r := infoToProto(i)
	r.ProtocolVersion = ProtocolVersion
	return r, nil
}

func (s *server) Devices(req *pb.DevicesRequest, st pb.Platform_DevicesServer) error {
	ch, err := s.impl.Devices(st.Context(), req.Follow)
	if err != nil {
		return toStatus(err)
	}
	for ev := range ch {
		d := ev.Device
		if err := st.Send(&pb.DeviceEvent{Type: pb.DeviceEvent_Type(ev.Type), Device: deviceToProto(&d)}); err != nil {
			return err
		}
	}
	return nil
}

func (s *server) Probe(ctx context.Context, req *pb.ProbeRequest) (*pb.Capabilities, error) {
	c, err := s.impl.Probe(ctx, req.DeviceId, hwOrAuto(req.Hardware))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.Capabilities{Device: deviceToProto(c.Device), Encoders: elementsToProto(c.Encoders)}, nil
}

func (s *server) StartStream(ctx context.Context, req *pb.StreamSpec) (*pb.StartResponse, error) {
	if req.Source == nil || req.Output == nil {
		return nil, toStatus(fmt.Errorf("stream spec needs a source and an output: %w", ErrInvalidSpec))
	}
	r, err := s.impl.StartStream(ctx, specFromProto(req))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.StartResponse{Id: r.ID, Url: r.URL, Encoder: r.Encoder, Launch: r.Launch, Encoders: elementsToProto(r.Encoders)}, nil
}

func (s *server) Stop(ctx context.Context, req *pb.IDRequest) (*pb.Empty, error) {
	if err := s.impl.Stop(ctx, req.Id); err != nil {
		return nil, toStatus(err)
	}
	return &pb.Empty{}, nil
}

func (s *server) Watch(req *pb.IDRequest, st pb.Platform_WatchServer) error {
	ch, err := s.impl.Watch(st.Context(), req.Id)
	if err != nil {
		return toStatus(err)
	}
	for ev := range ch {
		if err := st.Send(eventToProto(ev)); err != nil {
			return err
		}
	}
	return nil
}

func (s *server) Pipeline(ctx context.Context, req *pb.PipelineRequest) (*pb.PipelineResponse, error) {
	if req.Id == "" && req.Spec == nil {
		return nil, toStatus(fmt.Errorf("pipeline: need a stream id or a spec: %w", ErrInvalidSpec))
	}
	p, err := s.impl.Pipeline(ctx, req.Id, specFromProto(req.Spec))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.PipelineResponse{Launch: p.Launch, Encoder: p.Encoder, Encoders: elementsToProto(p.Encoders)}, nil
}

func (s *server) StartView(ctx context.Context, req *pb.ViewSpec) (*pb.ViewResponse, error) {
	if req.Source == nil {
		return nil, toStatus(fmt.Errorf("view spec needs a source: %w", ErrInvalidSpec))
	}
	r, err := s.impl.StartView(ctx, viewFromProto(req))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.ViewResponse{Id: r.ID, Ring: r.Ring, Decoder: r.Decoder, Hardware: r.Hardware,
		Decoders: elementsToProto(r.Decoders), Launch: r.Launch}, nil
}

// Sessions and Kick answer for a plugin that implements Sessions; any other answers
// UNIMPLEMENTED, as a plugin built before them does.
func (s *server) Sessions(ctx context.Context, req *pb.IDRequest) (*pb.SessionsResponse, error) {
	sp, ok := s.impl.(Sessions)
	if !ok {
		return nil, toStatus(fmt.Errorf("this plugin serves no RTSP: %w", ErrUnsupported))
	}
	ss, err := sp.Sessions(ctx, req.Id)
	if err != nil {
		return nil, toStatus(err)
	}
	r := &pb.SessionsResponse{}
	for _, x := range ss {
		r.Sessions = append(r.Sessions, sessionToProto(x))
	}
	return r, nil
}

func (s *server) Kick(ctx context.Context, req *pb.KickRequest) (*pb.Empty, error) {
	sp, ok := s.impl.(Sessions)
	if !ok {
		return nil, toStatus(fmt.Errorf("this plugin serves no RTSP: %w", ErrUnsupported))
	}
	if err := sp.Kick(ctx, req.Id, req.SessionId); err != nil {
		return nil, toStatus(err)
	}
	return &pb.Empty{}, nil
}
