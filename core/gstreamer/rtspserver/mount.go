package rtspserver

/*
#include <stdlib.h>
#include "rtspserver.h"
#include "sessions.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// MountConfig is one path of the server and who may use it. A user list holds names from
// ServerConfig.Users, or "*" for anyone (no credentials needed).
type MountConfig struct {
	Path       string   // "/cam"
	Readers    []string // who may PLAY
	Publishers []string // who may RECORD (only when Publish)
	// Publish makes the mount take its video from an RTSP publisher (ANNOUNCE/RECORD) rather
	// than from a local pipeline. A mount never accepts RECORD otherwise.
	Publish bool
	// Codec is what the mount's source hands over: "h265", or "" for H.264 (a publish mount
	// takes H.264).
	Codec string
	// RTX serves the RTP/AVPF profile with retransmission (RFC 4588) to UDP readers that NACK
	// their losses (GStreamer's rtspsrc, gstcast view); AVP-only readers (ffmpeg, VLC) are
	// refused (see rtx.c).
	RTX bool
}

// ErrMountExists says a path is already served.
var ErrMountExists = errors.New("mount already served")

// AddMount adds a path. Its media is built and prepared by Mount.Prepare, once the mount's
// source delivers.
func (s *Server) AddMount(mc MountConfig) (*Mount, error) {
	if !strings.HasPrefix(mc.Path, "/") || len(mc.Path) < 2 {
		return nil, fmt.Errorf("mount %q: must start with / and name something: %w", mc.Path, pluginapi.ErrInvalidSpec)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("rtsp server closed: %w", pluginapi.ErrUnavailable)
	}
	if _, ok := s.mounts[mc.Path]; ok {
		return nil, fmt.Errorf("mount %s: %w", mc.Path, ErrMountExists)
	}
	path := C.CString(mc.Path)
	defer C.free(unsafe.Pointer(path))
	readers, freeR := cStrv(mc.Readers)
	defer freeR()
	pubs, freeP := cStrv(mc.Publishers)
	defer freeP()
	var cerr *C.char
	cm := C.gc_mount_add(s.c, path, readers, pubs, cbool(mc.Publish), &cerr)
	if cm == nil {
		return nil, fmt.Errorf("mount %s: %s: %w", mc.Path, takeErr(cerr), pluginapi.ErrPipeline)
	}
	if mc.Codec == "h265" {
		C.gc_mount_set_h265(cm)
	}
	C.gc_guard_watch_mount(C.gc_mount_factory(cm))
	m := &Mount{s: s, c: cm, cfg: mc}
	if mc.RTX {
		setRTX(m)
	}
	s.mounts[mc.Path] = m
	return m, nil
}

// Mount returns the mount at path, if any.
func (s *Server) Mount(path string) (*Mount, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.mounts[path]
	return m, ok
}

// cStrv makes a NULL-terminated C string array.
func cStrv(ss []string) (**C.char, func()) {
	arr := C.malloc(C.size_t(len(ss)+1) * C.size_t(unsafe.Sizeof(uintptr(0))))
	v := unsafe.Slice((**C.char)(arr), len(ss)+1)
	for i, s := range ss {
		v[i] = C.CString(s)
	}
	v[len(ss)] = nil
	return (**C.char)(arr), func() {
		for i := range ss {
			C.free(unsafe.Pointer(v[i]))
		}
		C.free(arr)
	}
}

// Mount is one served path.
type Mount struct {
	s   *Server
	c   *C.GcMount
	cfg MountConfig

	mu      sync.Mutex
	removed bool
}

// Config is what the mount was added with.
func (m *Mount) Config() MountConfig { return m.cfg }

// MountStats are a mount's counters.
type MountStats struct {
	FramesIn, FramesOut uint64 // access units received from the source / passed to readers
	Publishers          int    // RECORD sessions alive
	Prepared            bool   // the shared media is ready for readers
	// Dropped counts the frames the hub took from the source and did not pass on: no reader's
	// media was playing yet, or readers were waiting for a keyframe.
	Dropped uint64
	// SessionsOpened counts RTSP sessions set up on the mount; SessionsFailed the set-ups
	// (DESCRIBE, SETUP, PLAY, ANNOUNCE, RECORD) it refused (wrong credentials, not allowed,
	// errors), not counting the 401 challenge that precedes every authenticated set-up.
	SessionsOpened, SessionsFailed uint64
}

// Stats reads the mount's counters.
func (m *Mount) Stats() MountStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return MountStats{}
	}
	var in, out C.guint64
	var pub, prep C.int
	C.gc_mount_stats(m.c, &in, &out, &pub, &prep)
	var gc C.GcMountCounters
	C.gc_guard_counters(C.gc_server_rtsp(m.s.c), C.gc_mount_factory(m.c), &gc)
	st := MountStats{FramesIn: uint64(in), FramesOut: uint64(out), Publishers: int(pub), Prepared: prep != 0,
		SessionsOpened: uint64(gc.opened), SessionsFailed: uint64(gc.failed)}
	if st.FramesIn > st.FramesOut {
		st.Dropped = st.FramesIn - st.FramesOut
	}
	return st
}

// Prepare builds the mount's shared media and waits until it has prerolled on the source's
// first keyframe, so readers connect without waiting; call it once the source plays. It is
// cheap when the media is prepared already, and starts over after a failure.
func (m *Mount) Prepare() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return fmt.Errorf("mount %s was removed: %w", m.cfg.Path, pluginapi.ErrUnavailable)
	}
	var cerr *C.char
	if C.gc_mount_prepare(m.c, &cerr) == 0 {
		return fmt.Errorf("mount %s: %s: %w", m.cfg.Path, takeErr(cerr), pluginapi.ErrPipeline)
	}
	return nil
}

// Remove takes the mount off the server; its readers get an end of stream.
func (m *Mount) Remove() {
	m.s.mu.Lock()
	if m.s.mounts[m.cfg.Path] == m {
		delete(m.s.mounts, m.cfg.Path)
	}
	m.s.mu.Unlock()
	m.remove()
}

func (m *Mount) remove() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return
	}
	m.removed = true
	C.gc_mount_remove(m.c)
}

// AttachSink makes appsink, the GstElement* of a source pipeline's appsink, feed the mount: its
// samples become the shared media's frames, from the next keyframe on. The mount takes the
// appsink's samples through its callbacks and keeps no reference of its own: call DetachSink
// before the element goes away (package gstreamer does, once the pipeline is at NULL). Attach
// before the pipeline plays, so readers get the very first keyframe. A newer sink attached to
// the same mount (a restarted source) takes over from the older one. Together with DetachSink
// this is gstreamer.SinkFeed.
func (m *Mount) AttachSink(appsink unsafe.Pointer) error {
	if appsink == nil {
		return fmt.Errorf("mount %s: no appsink to serve from: %w", m.cfg.Path, pluginapi.ErrPipeline)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return fmt.Errorf("mount %s was removed: %w", m.cfg.Path, pluginapi.ErrUnavailable)
	}
	if C.gc_mount_attach_sink(m.c, (*C.GstElement)(appsink)) == 0 {
		return fmt.Errorf("mount %s: the element to serve from is not an appsink: %w", m.cfg.Path, pluginapi.ErrPipeline)
	}
	return nil
}

// DetachSink stops appsink feeding the mount; readers keep their sessions and see frames again
// when another sink is attached. Harmless on a removed mount or a sink never attached.
func (m *Mount) DetachSink(appsink unsafe.Pointer) {
	if appsink == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return
	}
	C.gc_mount_detach_sink(m.c, (*C.GstElement)(appsink))
}
