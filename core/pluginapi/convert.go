package pluginapi

import (
	"time"

	pb "github.com/gstcast/gstcast/core/pluginapi/proto"
	"github.com/gstcast/gstcast/core/spec"
)

// Conversions between the Go contract types and their protobuf form. Kept dumb and total:
// every field both ways, so a round trip is the identity (tested in convert_test.go).

func specToProto(s *StreamSpec) *pb.StreamSpec {
	if s == nil {
		return nil
	}
	src, out, enc := s.Source, s.Output, s.Encoding
	return &pb.StreamSpec{
		Name: s.Name,
		Source: &pb.Source{
			Kind: string(src.Kind), Uri: src.URI, Pattern: src.Pattern, Stamp: src.Stamp,
			Width: int32(src.Width), Height: int32(src.Height), FpsNum: int32(src.FPSNum), FpsDen: int32(src.FPSDen),
			Format: src.Format, Device: src.Device, Path: src.Path, Loop: src.Loop,
			Address: src.Address, Port: int32(src.Port), PayloadType: int32(src.PayloadType), Codec: src.Codec,
			Url: src.URL, User: src.User, Password: src.Password, Transport: src.Transport, LatencyMs: int32(src.LatencyMS),
			Mode: src.Mode, Controls: controlValuesToProto(src.Controls), Plugin: src.Plugin,
			Mux:     src.Mux,
			Display: src.Display, ScreenNum: int32(src.ScreenNum), X: int32(src.X), Y: int32(src.Y),
			Cursor: src.Cursor, Capture: src.Capture,
			SrtMode: src.SRTMode, Passphrase: src.Passphrase,
		},
		Output: &pb.Output{
			Kind: string(out.Kind), Uri: out.URI, Host: out.Host, Port: int32(out.Port), Ttl: int32(out.TTL),
			PayloadType: int32(out.PayloadType),
			Mount:       out.Mount, Server: serverToProto(out.Server), Readers: out.Readers, Publishers: out.Publishers,
			Url: out.URL, User: out.User, Password: out.Password, Transport: out.Transport, Rtx: out.RTX,
			Mux: out.Mux, SrtMode: out.SRTMode, LatencyMs: int32(out.LatencyMS), Passphrase: out.Passphrase,
		},
		Encoding: &pb.Encoding{
			Codec: enc.Codec, BitrateKbps: int32(enc.BitrateKbps), KeyframeInterval: int32(enc.KeyframeInterval),
			Hardware: string(enc.Hardware), Profile: enc.Profile, Encoder: enc.Encoder,
		},
	}
}

func specFromProto(p *pb.StreamSpec) *StreamSpec {
	if p == nil {
		return nil
	}
	s := &StreamSpec{Name: p.Name}
	if src := p.Source; src != nil {
		s.Source = spec.Source{
			Kind: spec.SourceKind(src.Kind), URI: src.Uri, Pattern: src.Pattern, Stamp: src.Stamp,
			Width: int(src.Width), Height: int(src.Height), FPSNum: int(src.FpsNum), FPSDen: int(src.FpsDen),
			Format: src.Format, Device: src.Device, Path: src.Path, Loop: src.Loop,
			Address: src.Address, Port: int(src.Port), PayloadType: int(src.PayloadType), Codec: src.Codec,
			URL: src.Url, User: src.User, Password: src.Password, Transport: src.Transport, LatencyMS: int(src.LatencyMs),
			Mode: src.Mode, Controls: controlValuesFromProto(src.Controls), Plugin: src.Plugin,
			Mux:     src.Mux,
			Display: src.Display, ScreenNum: int(src.ScreenNum), X: int(src.X), Y: int(src.Y),
			Cursor: src.Cursor, Capture: src.Capture,
			SRTMode: src.SrtMode, Passphrase: src.Passphrase,
		}
	}
	if out := p.Output; out != nil {
		s.Output = spec.Output{
			Kind: spec.OutputKind(out.Kind), URI: out.Uri, Host: out.Host, Port: int(out.Port), TTL: int(out.Ttl),
			PayloadType: int(out.PayloadType),
			Mount:       out.Mount, Server: serverFromProto(out.Server), Readers: out.Readers, Publishers: out.Publishers,
			URL: out.Url, User: out.User, Password: out.Password, Transport: out.Transport, RTX: out.Rtx,
			Mux: out.Mux, SRTMode: out.SrtMode, LatencyMS: int(out.LatencyMs), Passphrase: out.Passphrase,
		}
	}
	if enc := p.Encoding; enc != nil {
		s.Encoding = spec.Encoding{
			Codec: enc.Codec, BitrateKbps: int(enc.BitrateKbps), KeyframeInterval: int(enc.KeyframeInterval),
			Hardware: spec.HWPreference(enc.Hardware), Profile: enc.Profile, Encoder: enc.Encoder,
		}
	}
	return s
}

func infoToProto(i *Info) *pb.InfoResponse {
	return &pb.InfoResponse{
		Name: i.Name, Version: i.Version, ProtocolVersion: int32(i.ProtocolVersion), Os: i.OS, Arch: i.Arch,
		Supported: i.Supported, Reason: i.Reason, SourceKinds: i.SourceKinds, GstreamerVersion: i.GStreamerVersion,
		Description: i.Description, Priority: int32(i.Priority),
	}
}

func infoFromProto(p *pb.InfoResponse) *Info {
	return &Info{
		Name: p.Name, Version: p.Version, ProtocolVersion: int(p.ProtocolVersion), OS: p.Os, Arch: p.Arch,
		Supported: p.Supported, Reason: p.Reason, SourceKinds: p.SourceKinds, GStreamerVersion: p.GstreamerVersion,
		Description: p.Description, Priority: int(p.Priority),
	}
}

func formatsToProto(fs []VideoFormat) []*pb.VideoFormat {
	out := make([]*pb.VideoFormat, 0, len(fs))
	for _, f := range fs {
		pf := &pb.VideoFormat{Format: f.Format, Width: int32(f.Width), Height: int32(f.Height), Mode: f.Mode}
		for _, r := range f.Framerates {
			pf.Framerates = append(pf.Framerates, &pb.Fraction{Num: int32(r.Num), Den: int32(r.Den)})
		}
		out = append(out, pf)
	}
	return out
}

func formatsFromProto(fs []*pb.VideoFormat) []VideoFormat {
	var out []VideoFormat
	for _, f := range fs {
		vf := VideoFormat{Format: f.Format, Width: int(f.Width), Height: int(f.Height), Mode: f.Mode}
		for _, r := range f.Framerates {
			vf.Framerates = append(vf.Framerates, Fraction{Num: int(r.Num), Den: int(r.Den)})
		}
		out = append(out, vf)
	}
	return out
}

func deviceToProto(d *Device) *pb.Device {
	if d == nil {
		return nil
	}
	return &pb.Device{Id: d.ID, Name: d.Name, Klass: d.Class, Api: d.API, Formats: formatsToProto(d.Formats), Properties: d.Properties,
		Controls: controlsToProto(d.Controls), Uri: d.URI}
}

func deviceFromProto(p *pb.Device) *Device {
	if p == nil {
		return nil
	}
	return &Device{ID: p.Id, Name: p.Name, Class: p.Klass, API: p.Api, Formats: formatsFromProto(p.Formats), Properties: p.Properties,
		Controls: controlsFromProto(p.Controls), URI: p.Uri}
}

func controlValuesToProto(cs []spec.Control) []*pb.ControlValue {
	var out []*pb.ControlValue
	for _, c := range cs {
		out = append(out, &pb.ControlValue{Name: c.Name, Value: c.Value})
	}
	return out
}

func controlValuesFromProto(cs []*pb.ControlValue) []spec.Control {
	var out []spec.Control
	for _, c := range cs {
		out = append(out, spec.Control{Name: c.Name, Value: c.Value})
	}
	return out
}

func controlsToProto(cs []Control) []*pb.Control {
	var out []*pb.Control
	for _, c := range cs {
		pc := &pb.Control{Name: c.Name, Label: c.Label, Type: c.Type, Min: c.Min, Max: c.Max, Step: c.Step,
			Default: c.Default, Value: c.Value, Flags: c.Flags, Unit: c.Unit}
		for _, m := range c.Menu {
			pc.Menu = append(pc.Menu, &pb.MenuItem{Value: m.Value, Name: m.Name})
		}
		out = append(out, pc)
	}
	return out
}

func controlsFromProto(cs []*pb.Control) []Control {
	var out []Control
	for _, c := range cs {
		gc := Control{Name: c.Name, Label: c.Label, Type: c.Type, Min: c.Min, Max: c.Max, Step: c.Step,
			Default: c.Default, Value: c.Value, Flags: c.Flags, Unit: c.Unit}
		for _, m := range c.Menu {
			gc.Menu = append(gc.Menu, MenuItem{Value: m.Value, Name: m.Name})
		}
		out = append(out, gc)
	}
	return out
}

func elementsToProto(es []ElementStatus) []*pb.ElementStatus {
	out := make([]*pb.ElementStatus, 0, len(es))
	for _, e := range es {
		out = append(out, &pb.ElementStatus{Element: e.Element, Hardware: e.Hardware, Usable: e.Usable, Reason: e.Reason, Chosen: e.Chosen})
	}
	return out
}

func elementsFromProto(es []*pb.ElementStatus) []ElementStatus {
	var out []ElementStatus
	for _, e := range es {
		out = append(out, ElementStatus{Element: e.Element, Hardware: e.Hardware, Usable: e.Usable, Reason: e.Reason, Chosen: e.Chosen})
	}
	return out
}

func eventToProto(e Event) *pb.Event {
	p := &pb.Event{
		Type: pb.Event_Type(e.Type), Id: e.ID, State: e.State, Message: e.Message, Element: e.Element, Debug: e.Debug,
		Reason: e.Reason, Ring: e.Ring,
	}
	if !e.Time.IsZero() {
		p.TimeUnixNano = e.Time.UnixNano()
	}
	if s := e.Stats; s != nil {
		p.Stats = &pb.Stats{Frames: s.Frames, Fps: s.FPS, Bytes: s.Bytes, BitrateBps: s.BitrateBps, Keyframes: s.Keyframes,
			Width: int32(s.Width), Height: int32(s.Height), ReceivedBps: s.ReceivedBps,
			Readers: int32(s.Readers), Publishers: int32(s.Publishers), SessionsOpened: s.SessionsOpened,
			SessionsFailed: s.SessionsFailed, HubDropped: s.HubDropped}
		for _, r := range s.ReaderReports {
			p.Stats.ReaderReports = append(p.Stats.ReaderReports, &pb.ReaderReport{Id: r.ID, FractionLost: r.FractionLost,
				PacketsLost: r.PacketsLost, JitterMs: r.JitterMS})
		}
	}
	if e.Session != nil {
		p.Session = sessionToProto(*e.Session)
	}
	return p
}

func sessionToProto(s Session) *pb.Session {
	p := &pb.Session{Id: s.ID, Address: s.Address, User: s.User, Transport: s.Transport, Publisher: s.Publisher,
		Playing: s.Playing, Bytes: s.Bytes, Packets: s.Packets, Report: s.Report, FractionLost: s.FractionLost,
		PacketsLost: s.PacketsLost, JitterMs: s.JitterMS}
	if !s.Since.IsZero() {
		p.SinceUnixNano = s.Since.UnixNano()
	}
	return p
}

func sessionFromProto(p *pb.Session) Session {
	s := Session{ID: p.Id, Address: p.Address, User: p.User, Transport: p.Transport, Publisher: p.Publisher,
		Playing: p.Playing, Bytes: p.Bytes, Packets: p.Packets, Report: p.Report, FractionLost: p.FractionLost,
		PacketsLost: p.PacketsLost, JitterMS: p.JitterMs}
	if p.SinceUnixNano != 0 {
		s.Since = time.Unix(0, p.SinceUnixNano)
	}
	return s
}

func eventFromProto(p *pb.Event) Event {
	e := Event{Type: EventType(p.Type), ID: p.Id, State: p.State, Message: p.Message, Element: p.Element, Debug: p.Debug,
		Reason: p.Reason, Ring: p.Ring}
	if p.TimeUnixNano != 0 {
		e.Time = time.Unix(0, p.TimeUnixNano)
	}
	if s := p.Stats; s != nil {
		e.Stats = &Stats{Frames: s.Frames, FPS: s.Fps, Bytes: s.Bytes, BitrateBps: s.BitrateBps, Keyframes: s.Keyframes,
			Width: int(s.Width), Height: int(s.Height), ReceivedBps: s.ReceivedBps,
			Readers: int(s.Readers), Publishers: int(s.Publishers), SessionsOpened: s.SessionsOpened,
			SessionsFailed: s.SessionsFailed, HubDropped: s.HubDropped}
		for _, r := range s.ReaderReports {
			e.Stats.ReaderReports = append(e.Stats.ReaderReports, ReaderReport{ID: r.Id, FractionLost: r.FractionLost,
				PacketsLost: r.PacketsLost, JitterMS: r.JitterMs})
		}
	}
	if p.Session != nil {
		s := sessionFromProto(p.Session)
		e.Session = &s
	}
	return e
}

func serverToProto(s spec.RTSPServer) *pb.RTSPServer {
	p := &pb.RTSPServer{
		Address: s.Address, Port: int32(s.Port), Threads: int32(s.Threads), TlsCert: s.TLSCert, TlsKey: s.TLSKey,
		Auth: s.Auth, MulticastRange: s.MulticastRange, MulticastPorts: s.MulticastPorts, MulticastTtl: int32(s.MulticastTTL),
	}
	for _, u := range s.Users {
		p.Users = append(p.Users, &pb.User{Name: u.Name, Password: u.Password})
	}
	return p
}

func serverFromProto(p *pb.RTSPServer) spec.RTSPServer {
	if p == nil {
		return spec.RTSPServer{}
	}
	s := spec.RTSPServer{
		Address: p.Address, Port: int(p.Port), Threads: int(p.Threads), TLSCert: p.TlsCert, TLSKey: p.TlsKey,
		Auth: p.Auth, MulticastRange: p.MulticastRange, MulticastPorts: p.MulticastPorts, MulticastTTL: int(p.MulticastTtl),
	}
	for _, u := range p.Users {
		s.Users = append(s.Users, spec.User{Name: u.Name, Password: u.Password})
	}
	return s
}

func viewToProto(v *ViewSpec) *pb.ViewSpec {
	if v == nil {
		return nil
	}
	ps := specToProto(&StreamSpec{Source: v.Source})
	return &pb.ViewSpec{Name: v.Name, Source: ps.Source, Decoder: v.Decoder, Hardware: string(v.Hardware)}
}

func viewFromProto(p *pb.ViewSpec) *ViewSpec {
	if p == nil {
		return nil
	}
	s := specFromProto(&pb.StreamSpec{Source: p.Source})
	return &ViewSpec{Name: p.Name, Source: s.Source, Decoder: p.Decoder, Hardware: spec.HWPreference(p.Hardware)}
}
