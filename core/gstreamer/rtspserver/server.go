package rtspserver

/*
#cgo pkg-config: gstreamer-1.0 gstreamer-app-1.0 gstreamer-video-1.0 gstreamer-rtsp-1.0 gstreamer-rtsp-server-1.0 gio-2.0
#include <stdlib.h>
#include "rtspserver.h"
#include "sessions.h"

// gst_init may be called any number of times, from any package: package gstreamer calls it
// through go-gst, this package (which does not use go-gst) calls it here.
static void gc_init(void) { gst_init(NULL, NULL); }
*/
import "C"

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// User is one account of the server.
type User struct{ Name, Password string }

// ServerConfig says how a server listens and whom it lets in.
type ServerConfig struct {
	Address string // listen address, e.g. 0.0.0.0 or 127.0.0.1
	Port    int    // 0 picks a free port (tests)
	Threads int    // request threads (default: one per CPU, at least 2)
	// TLSPEM is a PEM certificate with its private key; when set the server speaks RTSPS only.
	TLSPEM        string
	Basic, Digest bool // authentication methods offered (both when neither is set)
	Users         []User
	// Multicast address range for UDP multicast readers; empty disables multicast.
	MulticastFrom, MulticastTo string
	MulticastPortMin           int
	MulticastPortMax           int
	MulticastTTL               int
	// Limits against hostile clients (connection caps, idle timeout, request size).
	Limits Limits
}

// Server is a running RTSP server.
type Server struct {
	c    *C.GcServer
	port int

	mu     sync.Mutex
	mounts map[string]*Mount
	closed bool
}

var initOnce sync.Once

// initGStreamer initialises GStreamer once per process; every entry point that makes
// GStreamer objects calls it first.
func initGStreamer() { initOnce.Do(func() { C.gc_init() }) }

// StartServer starts listening. A port in use gives an error wrapping pluginapi.ErrPortInUse.
func StartServer(cfg ServerConfig) (*Server, error) {
	initGStreamer()
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
	lim := cfg.Limits.c()
	C.gc_server_guard(s.c, &lim)
	if bindsOne(cfg.Address) { // a server told to listen on one address opens nothing beyond it
		ok := C.gc_server_bind_udp(s.c, addr, UDPPortMin, UDPPortMax, &cerr)
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
	defer C.g_free(C.gpointer(unsafe.Pointer(c))) // g_strdup'd in rtspserver.c
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

// Mounts is the number of mounts.
func (s *Server) Mounts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.mounts)
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
	C.gc_guard_stop(C.gc_server_rtsp(s.c))
	C.gc_server_free(s.c)
}
