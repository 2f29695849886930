package appmodel

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

// Reasons of the plugin contract (pluginapi's wire reasons), as they arrive in Error.Reason.
const (
	reasonPortInUse      = "PORT_IN_USE"
	reasonDeviceNotFound = "DEVICE_NOT_FOUND"
	reasonFileNotFound   = "FILE_NOT_FOUND"
	reasonUnauthorized   = "UNAUTHORIZED"
	reasonRemoteNotFound = "REMOTE_NOT_FOUND"
	reasonNoEncoder      = "NO_ENCODER"
	reasonNoDecoder      = "NO_DECODER"
	reasonUnavailable    = "UNAVAILABLE"
	reasonInvalidSpec    = "INVALID_SPEC"
)

var (
	reRTSPServer = regexp.MustCompile(`rtsp server on ([^ :]*):(\d+)`)
	reUDPPort    = regexp.MustCompile(`(?:UDP )?port (\d+)`)
	reMount      = regexp.MustCompile(`mount (/\S+) on \S+ is (?:served by|kept for) stream ([^,\s]+)`)
	reHostPort   = regexp.MustCompile(`(?i)(?:could not connect to|connect to|connecting to) ([^ ,:]+:\d+)`)
)

// PlainError says what went wrong with a stream or view in words a user understands: "camera
// /dev/video0 is in use by another program", "port 5000 is taken". It reads the contract's
// reason, the message and the work's own spec (which names the camera, file or server); the
// GStreamer detail (element path, debug text) is for Detail. "" when there is no error.
func PlainError(st engine.Status) string {
	e := st.LastErr
	if e == nil {
		return ""
	}
	msg := e.Message
	low := strings.ToLower(msg + " " + e.Debug)
	src := sourceOf(st)
	switch {
	case strings.Contains(low, "busy") && src.Kind == spec.SourceV4L2,
		strings.Contains(low, "device or resource busy"):
		return fmt.Sprintf("camera %s is in use by another program", cameraName(src))
	}
	reason := e.Reason
	if reason == "" {
		reason = reasonOfText(low)
	}
	switch reason {
	case reasonPortInUse:
		if m := reMount.FindStringSubmatch(msg); m != nil {
			return fmt.Sprintf("mount %s is already served by stream %s: stop that one or pick another mount", m[1], m[2])
		}
		if m := reRTSPServer.FindStringSubmatch(msg); m != nil {
			return fmt.Sprintf("RTSP port %s is taken by another program: change the port in Settings", m[2])
		}
		if m := reUDPPort.FindStringSubmatch(msg); m != nil {
			return fmt.Sprintf("port %s is taken", m[1])
		}
		if out := outputOf(st); out.Kind == spec.OutputServe {
			return fmt.Sprintf("RTSP port %d is taken by another program: change the port in Settings", portOr(out.Server.Port))
		}
		if src.Kind == spec.SourceRTP && src.Port != 0 {
			return fmt.Sprintf("port %d is taken", src.Port)
		}
		return "a port it needs is taken by another program"
	case reasonDeviceNotFound:
		return fmt.Sprintf("camera %s is not connected", cameraName(src))
	case reasonFileNotFound:
		if src.Path != "" {
			return fmt.Sprintf("file %s does not exist", src.Path)
		}
		return "the file does not exist"
	case reasonUnauthorized:
		return fmt.Sprintf("%s refused the user name or password", serverName(st))
	case reasonRemoteNotFound:
		return fmt.Sprintf("%s has no stream at that path", serverName(st))
	case reasonNoEncoder:
		return "no H.264 encoder works on this machine (see the encoder list in the stream editor)"
	case reasonNoDecoder:
		return "no H.264 decoder works on this machine"
	case reasonUnavailable:
		return "the plugin that runs it stopped; gstcast is starting it again"
	case reasonInvalidSpec:
		return "the settings are not valid: " + trimBad(msg)
	}
	switch {
	case strings.Contains(low, "connection refused"):
		if m := reHostPort.FindStringSubmatch(msg); m != nil {
			return fmt.Sprintf("nothing answers at %s", m[1])
		}
		return fmt.Sprintf("%s does not answer (connection refused)", serverName(st))
	case strings.Contains(low, "could not resolve"), strings.Contains(low, "name resolution"), strings.Contains(low, "unknown host"):
		return fmt.Sprintf("%s: no such host", serverName(st))
	case strings.Contains(low, "timeout"), strings.Contains(low, "timed out"):
		return fmt.Sprintf("%s does not answer (timed out)", serverName(st))
	case strings.Contains(low, "not-negotiated"), strings.Contains(low, "not negotiated"):
		return "the source's format does not fit the encoder or decoder (not negotiated)"
	}
	return firstLine(msg)
}

// reasonOfText finds the contract's reason in a message that lost it on the way (a config
// reload's "failed" map holds only text): the sentinels' own words end the message.
func reasonOfText(low string) string {
	for _, r := range []struct{ text, reason string }{
		{"port in use", reasonPortInUse}, {"address already in use", reasonPortInUse},
		{"device not found", reasonDeviceNotFound}, {"file not found", reasonFileNotFound},
		{"not authorized", reasonUnauthorized}, {"not found on the server", reasonRemoteNotFound},
		{"no usable encoder", reasonNoEncoder}, {"no usable decoder", reasonNoDecoder},
		{"plugin unavailable", reasonUnavailable},
	} {
		if strings.Contains(low, r.text) {
			return r.reason
		}
	}
	return ""
}

// StateText is a work's state as the window shows it: "playing", "retrying in 4s (attempt 3)".
func StateText(st engine.Status) string {
	switch st.State {
	case engine.StateRetrying:
		if st.RetryIn > 0 {
			return fmt.Sprintf("retrying in %s (attempt %d)", roundDur(st.RetryIn), st.Attempt)
		}
		return "retrying"
	case "":
		return "unknown"
	}
	return string(st.State)
}

// Detail is the GStreamer side of an error, for the window's "Details" button: the message as
// the plugin gave it, the element path and GStreamer's debug text.
func Detail(st engine.Status) string {
	e := st.LastErr
	if e == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Message: %s\n", e.Message)
	if e.Reason != "" {
		fmt.Fprintf(&b, "Reason: %s\n", e.Reason)
	}
	if e.Element != "" {
		fmt.Fprintf(&b, "Element: %s\n", e.Element)
	}
	if e.Debug != "" {
		fmt.Fprintf(&b, "GStreamer debug:\n%s\n", e.Debug)
	}
	if !e.Time.IsZero() {
		fmt.Fprintf(&b, "At: %s\n", e.Time.Format("2006-01-02 15:04:05"))
	}
	return strings.TrimRight(b.String(), "\n")
}

func sourceOf(st engine.Status) spec.Source {
	switch {
	case st.Stream != nil:
		return st.Stream.Source
	case st.View != nil:
		return st.View.Source
	}
	return spec.Source{}
}

func outputOf(st engine.Status) spec.Output {
	if st.Stream != nil {
		return st.Stream.Output
	}
	return spec.Output{}
}

func cameraName(src spec.Source) string {
	if src.Device != "" {
		return src.Device
	}
	return "(unknown device)"
}

// serverName names the far end of a network source or a publish output.
func serverName(st engine.Status) string {
	src := sourceOf(st)
	if src.Kind == spec.SourceRTSP && src.URL != "" {
		return "the server at " + hostOf(src.URL)
	}
	if out := outputOf(st); out.Kind == spec.OutputPublish {
		return "the server at " + hostOf(spec.RedactURI(out.URI))
	}
	return "the server"
}

func hostOf(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.LastIndexByte(u, '@'); i >= 0 {
		u = u[i+1:]
	}
	if i := strings.IndexAny(u, "/?"); i >= 0 {
		u = u[:i]
	}
	return u
}

func portOr(p int) int {
	if p == 0 {
		return spec.DefaultRTSPPort
	}
	return p
}

func trimBad(s string) string {
	return strings.TrimPrefix(firstLine(s), "bad ")
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
