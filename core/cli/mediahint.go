package cli

import (
	"fmt"
	"net"
	"strconv"

	"github.com/gstcast/gstcast/core/spec"
)

// receiveHint says how to open outputs that need no SDP file (MPEG-TS, SRT), with the
// client people have: VLC, ffplay. "" for bare RTP, whose hint is the SDP one.
func receiveHint(o spec.Output) string {
	port := strconv.Itoa(o.Port)
	switch {
	case o.Kind == spec.OutputRTP && o.Mux == spec.MuxTS:
		return "vlc rtp://@:" + port + "   (or ffplay rtp://@:" + port + ", OpenCV cv2.VideoCapture(\"rtp://0.0.0.0:" + port + "\"))"
	case o.Kind == spec.OutputUDP:
		return "vlc udp://@:" + port + "   (or ffplay udp://@:" + port + ")"
	case o.Kind == spec.OutputSRT && o.SRTMode == spec.SRTListener:
		host := o.Host
		if host == "" {
			host = "THIS-HOST"
		}
		return fmt.Sprintf("ffplay srt://%s   (add ?passphrase=… when the stream has one)", net.JoinHostPort(host, port))
	case o.Kind == spec.OutputSRT:
		return fmt.Sprintf("on %s: srt-live-transmit 'srt://:%s?mode=listener' udp://127.0.0.1:1234, then vlc udp://@:1234", o.Host, port)
	}
	return ""
}
