package spec

import (
	"net/netip"
	"strings"
)

// maxNameLength bounds a stream's label: it shows in logs, status lines and metrics.
const maxNameLength = 64

// Validate checks the stream as a whole: its name, that source and output are set and valid,
// the encoding, and combinations that are each fine alone but not together.
func (s StreamSpec) Validate() error {
	if err := checkStreamName(s.Name); err != nil {
		return s.inContext(err)
	}
	if s.Source.Kind == "" {
		return s.inContext(bad("source", "not set"))
	}
	if err := s.Source.Validate(); err != nil {
		return err
	}
	if s.Output.Kind == "" {
		return s.inContext(bad("output", "not set"))
	}
	if err := s.Output.Validate(); err != nil {
		return err
	}
	if err := s.Encoding.Validate(); err != nil {
		return err
	}
	if s.Source.Kind == SourcePublish && s.Output.Kind != OutputServe {
		return s.inContext(bad("output", "a publish source is a mount of gstcast's RTSP server: serve it"))
	}
	if len(s.Output.Publishers) > 0 && s.Source.Kind != SourcePublish {
		return s.inContext(bad("publishers", "only a publish mount takes RECORD; this mount serves a %s source", s.Source.Kind))
	}
	if loopsBack(s.Source, s.Output) {
		return s.inContext(bad("output", "sends to port %d on %s, where the rtp source listens: the stream would feed itself",
			s.Output.Port, quote(s.Output.Host)))
	}
	return nil
}

// inContext labels a stream-level error with the stream's name, when it has one.
func (s StreamSpec) inContext(err error) error {
	what := "stream"
	if s.Name != "" {
		what = "stream " + quote(s.Name)
	}
	return inContext(err, what, "")
}

// checkStreamName allows any printable label up to maxNameLength bytes; "" means unnamed.
func checkStreamName(name string) error {
	if len(name) > maxNameLength {
		return bad("name", "longer than %d bytes", maxNameLength)
	}
	if hasControl(name) {
		return bad("name", "%s contains a control character", quote(name))
	}
	return nil
}

// loopsBack reports an rtp or udp output aimed at the port an rtp or udp source of the same stream listens on,
// on this machine: a feedback loop that looks like a frozen or garbled picture, not an error.
// Only the addresses that surely are this machine are caught: loopback, localhost, or the
// source's own bind address.
func loopsBack(src Source, out Output) bool {
	udpIn := src.Kind == SourceRTP || src.Kind == SourceUDP
	udpOut := out.Kind == OutputRTP || out.Kind == OutputUDP
	if !udpIn || !udpOut || src.Port != out.Port {
		return false
	}
	if strings.EqualFold(strings.TrimSuffix(out.Host, "."), "localhost") {
		return true
	}
	a, err := netip.ParseAddr(out.Host)
	if err != nil {
		return false
	}
	if a.Unmap().IsLoopback() {
		return true
	}
	b, err := netip.ParseAddr(src.Address)
	return err == nil && a.Unmap() == b.Unmap()
}
