package gstreamer

/*
#cgo pkg-config: gstreamer-1.0 gstreamer-app-1.0 gstreamer-rtsp-1.0 gstreamer-rtsp-server-1.0 gio-2.0
#include <stdlib.h>
#include "rtspserver.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// The RTSP server runs inside the plugin process, next to the pipelines it serves, through a
// small binding to gst-rtsp-server (rtspserver.c). The design, and why:
//
//   - Each mount has one shared media, built and prepared as soon as its source delivers (see
//     Mount.Prepare) and kept prepared: a reader never waits for a pipeline to be built or
//     prerolled, which is where the seed's Python GstRtspServer spends its ~450 ms per first
//     reader.
//   - The media's first element is an appsrc fed by the mount's hub; the source pipeline ends in
//     an appsink attached to that hub. The source can fail and be started again (an IP camera
//     that drops) while readers keep their sessions; they see frames again when it is back.
//   - Requests are handled on gst-rtsp-server's thread pool (Threads), the listening socket on a
//     GLib main context of its own thread.
//   - Authentication is gst-rtsp-server's (basic and digest), with gstcast's per-mount reader
//     and publisher lists on top (see GcAuth in rtspserver.c).

// RTSPUser is one account of the server.
type RTSPUser struct{ Name, Password string }

// ServerConfig says how a server listens and whom it lets in.
type ServerConfig struct {
	Address string // listen address, e.g. 0.0.0.0 or 127.0.0.1
	Port    int    // 0 picks a free port (tests)
	Threads int    // request threads (default: one per CPU, at least 2)
	// TLSPEM is a PEM certificate with its private key; when set the server speaks RTSPS only.
	TLSPEM        string
	Basic, Digest bool // authentication methods offered (both when neither is set)
	Users         []RTSPUser
	// Multicast address range for UDP multicast readers; empty disables multicast.
	MulticastFrom, MulticastTo string
	MulticastPortMin           int
	MulticastPortMax           int
	MulticastTTL               int
}

// Server is a running RTSP server.
type Server struct {
	c    *C.GcServer
	port int

	mu     sync.Mutex
	mounts map[string]*Mount
	closed bool
}

// StartServer starts listening. A port in use gives an error wrapping ErrPortInUse.
func StartServer(cfg ServerConfig) (*Server, error) {
	Init()
	if cfg.Threads <= 0 {
		// Requests are short (the media is prepared already), so more threads than cores only
		// add switching: measured on 2 vCPUs, 16 threads cost 25-40 % more CPU per burst of 200
		// set-ups than 1, and a worse p99.
		cfg.Threads = max(2, runtime.NumCPU())
	}
	addr := C.CString(cfg.Address)
	defer C.free(unsafe.Pointer(addr))
	s := &Server{c: C.gc_server_new(addr, C.int(cfg.Port), C.int(cfg.Threads)), mounts: map[string]*Mount{}}
	fail := func(err error) (*Server, error) {
		C.gc_server_free(s.c)
		return nil, err
	}
	var cerr *C.char
	if cfg.TLSPEM != "" {
		pem := C.CString(cfg.TLSPEM)
		ok := C.gc_server_set_tls(s.c, pem, &cerr)
		C.free(unsafe.Pointer(pem))
		if ok == 0 {
			return fail(fmt.Errorf("rtsp server TLS certificate: %s: %w", takeErr(cerr), pluginapi.ErrInvalidSpec))
		}
	}
	basic, digest := cfg.Basic, cfg.Digest
	if !basic && !digest {
		basic, digest = true, true
	}
	C.gc_server_set_auth_methods(s.c, cbool(basic), cbool(digest))
	for _, u := range cfg.Users {
		n, p := C.CString(u.Name), C.CString(u.Password)
		C.gc_server_add_user(s.c, n, p)
		C.free(unsafe.Pointer(n))
		C.free(unsafe.Pointer(p))
	}
	if cfg.MulticastFrom != "" {
		from, to := C.CString(cfg.MulticastFrom), C.CString(cfg.MulticastTo)
		ok := C.gc_server_set_multicast(s.c, from, to, C.int(cfg.MulticastPortMin), C.int(cfg.MulticastPortMax), C.int(cfg.MulticastTTL), &cerr)
		C.free(unsafe.Pointer(from))
		C.free(unsafe.Pointer(to))
		if ok == 0 {
			return fail(fmt.Errorf("rtsp server: %s: %w", takeErr(cerr), pluginapi.ErrInvalidSpec))
		}
	}
	port := C.gc_server_start(s.c, &cerr)
	if port == 0 {
		msg := takeErr(cerr)
		err := fmt.Errorf("rtsp server on %s:%d: %s", cfg.Address, cfg.Port, msg)
		if strings.Contains(strings.ToLower(msg), "in use") {
			err = fmt.Errorf("%w: %w", err, pluginapi.ErrPortInUse)
		} else {
			err = fmt.Errorf("%w: %w", err, pluginapi.ErrUnavailable)
		}
		return fail(err)
	}
	s.port = int(port)
	return s, nil
}

func takeErr(c *C.char) string {
	if c == nil {
		return "unknown error"
	}
	defer C.free(unsafe.Pointer(c))
	return C.GoString(c)
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// Port is the port the server listens on.
func (s *Server) Port() int { return s.port }

// Clients is the number of RTSP connections open now.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0
	}
	return int(C.gc_server_n_clients(s.c))
}

// MountConfig is one path of the server and who may use it. A user list holds names from
// ServerConfig.Users, or "*" for anyone (no credentials needed).
type MountConfig struct {
	Path       string   // "/cam"
	Readers    []string // who may PLAY
	Publishers []string // who may RECORD (only when Publish)
	// Publish makes the mount take its video from an RTSP publisher (ANNOUNCE/RECORD) rather
	// than from a local pipeline. A mount never accepts RECORD otherwise.
	Publish bool
}

// ErrMountExists says a path is already served.
var ErrMountExists = errors.New("mount already served")

// AddMount adds a path and prepares its media.
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
	m := &Mount{s: s, c: cm, cfg: mc}
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

// Mounts is the number of mounts.
func (s *Server) Mounts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.mounts)
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

// Close removes every mount, closes every client and stops listening.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	ms := s.mounts
	s.mounts = map[string]*Mount{}
	s.mu.Unlock()
	for _, m := range ms {
		m.remove()
	}
	C.gc_server_free(s.c)
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
	return MountStats{FramesIn: uint64(in), FramesOut: uint64(out), Publishers: int(pub), Prepared: prep != 0}
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

// attach makes b's appsink (the graph's sink element) feed the mount.
func (m *Mount) attach(b *built) error {
	sink, ok := b.named[pipeline.NameSink]
	if !ok || sink.GetFactory().GetName() != "appsink" {
		return fmt.Errorf("pipeline has no appsink named %q to serve from: %w", pipeline.NameSink, pluginapi.ErrPipeline)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return fmt.Errorf("mount %s was removed: %w", m.cfg.Path, pluginapi.ErrUnavailable)
	}
	C.gc_mount_attach_sink(m.c, (*C.GstElement)(unsafe.Pointer(sink.Instance())))
	return nil
}

func (m *Mount) detach(b *built) {
	sink, ok := b.named[pipeline.NameSink]
	if !ok {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return
	}
	C.gc_mount_detach_sink(m.c, (*C.GstElement)(unsafe.Pointer(sink.Instance())))
}
