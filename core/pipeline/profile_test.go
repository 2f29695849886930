package pipeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// Each profile is its plugin's whole definition: the platform facts of DESIGN.md §5 are
// written out here once more, so a change to one is a visible decision, not a slip.
func TestProfilesDefineTheirPlatform(t *testing.T) {
	transport := "videotestsrc videoconvert h264parse rtph264pay rtph264depay rtpjitterbuffer udpsink udpsrc appsink"
	withCamera := "test v4l2 file rtp udp srt rtsp publish"
	for _, c := range []struct {
		prof               Profile
		os, class          string
		required, kinds    string
		encoders, decoders string
	}{
		{LinuxV4L2(), "linux", "Video/Source", "v4l2src " + transport, withCamera + " fd shm screen",
			"vah264enc v4l2h264enc nvh264enc x264enc openh264enc", "vah264dec v4l2slh264dec v4l2h264dec nvh264dec avdec_h264"},
		{WindowsMF(), "windows", "Video/Source", "mfvideosrc " + transport, "test mf file rtp udp srt rtsp publish screen",
			"nvh264enc qsvh264enc mfh264enc x264enc", "d3d11h264dec d3d12h264dec nvh264dec avdec_h264"},
		{JetsonNvargus(), "linux", "Video/Source", "nvarguscamerasrc nvvidconv " + transport, "test v4l2 argus file rtp udp srt rtsp publish",
			"nvv4l2h264enc x264enc", "nvv4l2decoder avdec_h264"},
		{RPiV4L2M2M(), "linux", "Video/Source", "v4l2src " + transport, "test v4l2 libcamera file rtp udp srt rtsp publish",
			"v4l2h264enc x264enc", "v4l2h264dec avdec_h264"},
	} {
		p := c.prof
		var kinds, encs, decs []string
		for _, k := range p.SourceKinds {
			kinds = append(kinds, string(k))
		}
		for _, e := range p.Encoders {
			encs = append(encs, e.Element)
		}
		for _, d := range p.Decoders {
			decs = append(decs, d.Element)
		}
		for _, f := range []struct{ what, got, want string }{
			{"OS", p.OS, c.os},
			{"device class", p.DeviceClass, c.class},
			{"required elements", strings.Join(p.Required, " "), c.required},
			{"source kinds", strings.Join(kinds, " "), c.kinds},
			{"encoders", strings.Join(encs, " "), c.encoders},
			{"decoders", strings.Join(decs, " "), c.decoders},
		} {
			if f.got != f.want {
				t.Errorf("%s %s:\n got %s\nwant %s", p.Name, f.what, f.got, f.want)
			}
		}
		// Its main camera element is required: the one for the platform's own cameras.
		main := p.Camera.Element
		if len(p.Cameras) > 0 && p.Name != "rpi-v4l2m2m" { // a Pi may have only USB cameras
			main = p.Cameras[0].Element
		}
		if !slices.Contains(p.Required, main) {
			t.Errorf("%s: its camera element %s is not required", p.Name, main)
		}
		for _, k := range p.SourceKinds {
			if _, ok := p.CameraFor(k); spec.IsCamera(k) && !ok {
				t.Errorf("%s takes %s sources but has no camera for them", p.Name, k)
			}
		}
		// Probed elements are never required: a machine without them still works.
		for _, e := range append(encs, decs...) {
			if slices.Contains(p.Required, e) {
				t.Errorf("%s: %s is probed, it must not be required", p.Name, e)
			}
		}
	}
}

// Required covers every element a profile's pipelines use, except the probed encoders and
// decoders and what belongs to them alone: a plugin that says it is supported can run a test
// stream and an RTP view with whichever encoder and decoder its probes choose.
func TestRequiredCoversPipelines(t *testing.T) {
	for _, prof := range Profiles() {
		check := func(what string, g Graph, own ...string) {
			for _, e := range g.Elements {
				if e.Factory != "capsfilter" && !slices.Contains(prof.Required, e.Factory) && !slices.Contains(own, e.Factory) {
					t.Errorf("%s %s: %s is neither required nor probed (%s)", prof.Name, what, e.Factory, g.LaunchLine())
				}
			}
		}
		for _, e := range prof.Encoders {
			g, err := BuildStream(testSpec(640, 480, 30), prof, StreamOptions{Encoder: e.Element})
			if err != nil {
				t.Fatalf("%s/%s: %v", prof.Name, e.Element, err)
			}
			check("stream with "+e.Element, g, e.Element, e.Convert)
		}
		rtp := spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTP, Port: 5000, PayloadType: 96}}
		for _, d := range prof.Decoders {
			g, err := BuildView(rtp, prof, ViewOptions{Decoder: d.Element})
			if err != nil {
				t.Fatalf("%s/%s: %v", prof.Name, d.Element, err)
			}
			own := []string{d.Element}
			for _, e := range append(append([]Element{}, d.After...), d.View...) {
				own = append(own, e.Factory)
			}
			check("view with "+d.Element, g, own...)
		}
	}
}
