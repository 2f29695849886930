package rtspserver

/*
#include <stdlib.h>
#include "rtspserver.h"
#include "sessions.h"
*/
import "C"

import (
	"net"
	"sync"
	"time"
	"unsafe"
)

// Limits keep hostile clients from hurting the others (sessions.c). Zero values take the
// defaults; a negative value turns a limit off.
type Limits struct {
	// MaxClients caps the connections open at once; MaxClientsPerAddress those from one IP
	// address. A connection over a cap is closed at once, with a log line.
	MaxClients, MaxClientsPerAddress int
	// IdleTimeout closes a connection that has no session and sent no request for so long.
	IdleTimeout time.Duration
	// MaxRequestBody is the largest request body (Content-Length) a client may send.
	MaxRequestBody int
	// MaxRequest is how much a connection without a session may send without completing a
	// request (header lines that never end); the check runs four times a second.
	MaxRequest int
}

// Default limits: far above what the benchmarks need (200 readers from one address), far below
// what would exhaust the process (file descriptors, memory).
const (
	DefaultMaxClients           = 2000
	DefaultMaxClientsPerAddress = 500
	DefaultIdleTimeout          = 15 * time.Second
	DefaultMaxRequestBody       = 64 << 10
	DefaultMaxRequest           = 256 << 10
)

// UDP ports the per-stream sockets of UDP readers and publishers take when the server listens
// on one address (they bind to it, not to all addresses).
const (
	UDPPortMin = 40000
	UDPPortMax = 59999
)

func (l Limits) c() C.GcLimits {
	pick := func(v, def int) C.int {
		switch {
		case v < 0:
			return 0
		case v == 0:
			return C.int(def)
		}
		return C.int(v)
	}
	idle := int(l.IdleTimeout / time.Millisecond)
	if l.IdleTimeout < 0 {
		idle = -1
	}
	return C.GcLimits{
		max_clients:          pick(l.MaxClients, DefaultMaxClients),
		max_clients_per_addr: pick(l.MaxClientsPerAddress, DefaultMaxClientsPerAddress),
		idle_ms:              pick(idle, int(DefaultIdleTimeout/time.Millisecond)),
		max_body:             pick(l.MaxRequestBody, DefaultMaxRequestBody),
		max_request:          pick(l.MaxRequest, DefaultMaxRequest),
	}
}

// bindsOne says whether address names one interface (not all of them), so UDP sockets should
// bind to it too.
func bindsOne(address string) bool {
	ip := net.ParseIP(address)
	return ip != nil && !ip.IsUnspecified()
}

// logSink is where the C side's log lines go: the Log of the process's servers (one hook for
// all: the lines name what they are about).
var logSink struct {
	mu sync.Mutex
	f  func(string)
}

// SetLog sends the RTSP servers' log lines (refused connections and requests, idle connections
// closed, kicks) to f; nil drops them.
func SetLog(f func(msg string)) {
	logSink.mu.Lock()
	logSink.f = f
	logSink.mu.Unlock()
}

//export gcGuardLog
func gcGuardLog(msg *C.char) {
	s := C.GoString(msg)
	logSink.mu.Lock()
	f := logSink.f
	logSink.mu.Unlock()
	if f != nil {
		f(s)
	}
}

// Transports of a session.
const (
	TransportTCP       = "tcp"
	TransportUDP       = "udp"
	TransportMulticast = "multicast"
)

// Session is one RTSP session of a mount: a reader (PLAY) or a publisher (RECORD).
type Session struct {
	ID        string
	Address   string // the client's RTSP connection, IP:port
	User      string // "" for anonymous
	Transport string // TransportTCP, TransportUDP, TransportMulticast
	Publisher bool
	Playing   bool // a reader that has sent PLAY (or a publisher RECORD)
	Since     time.Time
	// Bytes and Packets are what the server sent a reader (UDP: counted by the socket; TCP:
	// bytes the reader acknowledged, packets by sequence number since PLAY), or received from a
	// publisher.
	Bytes, Packets uint64
	// From the reader's last RTCP receiver report (Report says one arrived): the fraction of
	// packets lost since the report before, packets lost in all, and interarrival jitter.
	Report       bool
	FractionLost float64
	PacketsLost  int64
	Jitter       time.Duration
}

// Sessions lists the mount's readers and publishers.
func (m *Mount) Sessions() []Session {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return nil
	}
	var arr *C.GcSessionInfo
	n := int(C.gc_guard_sessions(C.gc_server_rtsp(m.s.c), C.gc_mount_path(m.c), &arr))
	defer C.g_free(C.gpointer(unsafe.Pointer(arr)))
	if n == 0 {
		return nil
	}
	out := make([]Session, 0, n)
	for _, si := range unsafe.Slice(arr, n) {
		s := Session{
			ID: C.GoString(&si.id[0]), Address: C.GoString(&si.address[0]), User: C.GoString(&si.user[0]),
			Publisher: si.publisher != 0, Bytes: uint64(si.bytes), Packets: uint64(si.packets),
			Report: si.have_rb != 0, FractionLost: float64(si.fraction_lost) / 256, PacketsLost: int64(si.packets_lost),
		}
		switch si.transport {
		case 0:
			s.Transport = TransportTCP
		case 2:
			s.Transport = TransportMulticast
		default:
			s.Transport = TransportUDP
		}
		s.Playing = si.state == C.GST_RTSP_STATE_PLAYING || si.state == C.GST_RTSP_STATE_RECORDING
		if si.since_us > 0 {
			s.Since = time.UnixMicro(int64(si.since_us))
		}
		rate := int64(si.clock_rate)
		if rate <= 0 {
			rate = 90000 // H.264
		}
		s.Jitter = time.Duration(int64(si.jitter) * int64(time.Second) / rate)
		out = append(out, s)
	}
	return out
}

// Kick closes the connection of session id and ends the session; false when the mount has no
// such session.
func (m *Mount) Kick(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.removed {
		return false
	}
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return C.gc_guard_kick(C.gc_server_rtsp(m.s.c), C.gc_mount_path(m.c), cid) != 0
}

// GuardStats are the server's refusals, all mounts together.
type GuardStats struct {
	ConnectionsRefused uint64 // over a connection cap
	HijacksRefused     uint64 // requests naming another connection's session
	IdleClosed         uint64 // connections closed for sending nothing
	TooBig             uint64 // connections closed for a request over the size limit
}

// Guard reads the server's refusal counters.
func (s *Server) Guard() GuardStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return GuardStats{}
	}
	var c C.GcMountCounters
	C.gc_guard_counters(C.gc_server_rtsp(s.c), nil, &c)
	return GuardStats{ConnectionsRefused: uint64(c.connections_refused), HijacksRefused: uint64(c.hijacks_refused), IdleClosed: uint64(c.idle_closed), TooBig: uint64(c.too_big)}
}
