package main

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtp"
)

// session is one RTSP reader: OPTIONS, DESCRIBE, SETUP of every media, PLAY, then it counts
// RTP packets until closed.
type session struct {
	URL          *base.URL
	Transport    gortsplib.Transport
	SetupTimeout time.Duration
	// BindLoopback makes the UDP listeners bind 127.0.0.1 instead of every interface.
	BindLoopback bool
	UDPBuffer    int

	client *gortsplib.Client

	mu          sync.Mutex
	start       time.Time
	connected   time.Duration // start to the TCP connection being established; 0: not yet
	setup       time.Duration // start to PLAY response
	firstPacket time.Duration // dial to first RTP packet; 0: none yet
	lastPacket  time.Time
	counters    map[*description.Media]*seqCounter
	libLost     uint64 // losses gortsplib reported (its own count, as a cross-check)
	setupErr    error
	runErr      error // the session ended by itself after PLAY
	closing     bool
}

// run sets the session up; it returns when PLAY was answered or setup failed. Packets are counted
// from then on until close.
func (s *session) run() {
	s.mu.Lock()
	s.start = time.Now()
	s.counters = map[*description.Media]*seqCounter{}
	s.mu.Unlock()

	c := &gortsplib.Client{
		Scheme:    s.URL.Scheme,
		Host:      s.URL.Host,
		Transport: &s.Transport,
		// A little longer than the watchdog below, which cuts off a hung setup with a clear error.
		ReadTimeout:  s.SetupTimeout + time.Second,
		WriteTimeout: s.SetupTimeout + time.Second,
		OnPacketsLost: func(n uint64) {
			s.mu.Lock()
			s.libLost += n
			s.mu.Unlock()
		},
		OnDecodeError:     func(error) {},
		OnTransportSwitch: func(error) {},
		UDPReadBufferSize: s.UDPBuffer,
	}
	c.DialContext = func(ctx context.Context, network, address string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, address)
		if err == nil {
			s.mu.Lock()
			s.connected = max(time.Since(s.start), time.Nanosecond)
			s.mu.Unlock()
		}
		return conn, err
	}
	if s.BindLoopback {
		c.ListenPacket = func(network, address string) (net.PacketConn, error) {
			if host, port, err := net.SplitHostPort(address); err == nil && (host == "" || host == "0.0.0.0") {
				address = net.JoinHostPort("127.0.0.1", port)
			}
			return net.ListenPacket(network, address)
		}
	}
	s.mu.Lock()
	s.client = c
	s.mu.Unlock()

	// Start2 does no I/O; starting the watchdog after it orders its Close after Start2.
	if err := c.Start2(); err != nil {
		s.mu.Lock()
		s.setupErr = fmt.Errorf("start client: %w", err)
		s.mu.Unlock()
		return
	}
	// A request that hangs is cut off: Close makes the pending call return.
	timedOut := false
	var tmu sync.Mutex
	watchdog := time.AfterFunc(s.SetupTimeout, func() {
		tmu.Lock()
		timedOut = true
		tmu.Unlock()
		c.Close()
	})
	err := s.setupAndPlay(c)
	watchdog.Stop()
	tmu.Lock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if timedOut && err != nil {
		if s.connected == 0 {
			err = fmt.Errorf("TCP connection not established within %v (%w)", s.SetupTimeout, err)
		} else {
			err = fmt.Errorf("connected, but no PLAY response within %v (%w)", s.SetupTimeout, err)
		}
	}
	tmu.Unlock()

	if err != nil {
		s.setupErr = err
		return
	}
	s.setup = time.Since(s.start)
	go func() {
		err := c.Wait()
		s.mu.Lock()
		if !s.closing && s.runErr == nil {
			s.runErr = err
		}
		s.mu.Unlock()
	}()
}

func (s *session) setupAndPlay(c *gortsplib.Client) error {
	desc, _, err := c.Describe(s.URL)
	if err != nil {
		c.Close()
		return fmt.Errorf("DESCRIBE: %w", err)
	}
	if err := c.SetupAll(desc.BaseURL, desc.Medias); err != nil {
		c.Close()
		return fmt.Errorf("SETUP: %w", err)
	}
	for _, m := range desc.Medias {
		s.mu.Lock()
		s.counters[m] = &seqCounter{}
		s.mu.Unlock()
	}
	c.OnPacketRTPAny(func(m *description.Media, _ format.Format, pkt *rtp.Packet) {
		now := time.Now()
		s.mu.Lock()
		if s.firstPacket == 0 {
			s.firstPacket = max(now.Sub(s.start), time.Nanosecond)
		}
		s.lastPacket = now
		if sc := s.counters[m]; sc != nil {
			sc.add(pkt.SequenceNumber)
		}
		s.mu.Unlock()
	})
	if _, err := c.Play(nil); err != nil {
		c.Close()
		return fmt.Errorf("PLAY: %w", err)
	}
	return nil
}

// close ends the session (TEARDOWN where it is still connected). What Wait returns after this
// is not a failure.
func (s *session) close() {
	s.mu.Lock()
	c, ok := s.client, s.setupErr == nil
	s.closing = true
	s.mu.Unlock()
	if c != nil && ok {
		c.Close()
	}
}

// sessionResult is a copy of a session's figures, taken under its lock.
type sessionResult struct {
	setupErr, runErr    error
	connected           time.Duration
	setup, firstPacket  time.Duration
	lastPacket          time.Time
	received, lost, dup uint64
	late, libLost       uint64
}

func (s *session) result() sessionResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := sessionResult{
		setupErr: s.setupErr, runErr: s.runErr, connected: s.connected, setup: s.setup, firstPacket: s.firstPacket,
		lastPacket: s.lastPacket, libLost: s.libLost,
	}
	for _, c := range s.counters {
		r.received += c.received
		r.lost += c.lost
		r.dup += c.dup
		r.late += c.late
	}
	return r
}
