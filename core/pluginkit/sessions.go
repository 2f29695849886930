package pluginkit

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer/rtspserver"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

var _ pluginapi.Sessions = (*Plugin)(nil)

// sessionPoll is how often a served stream's sessions are read: reader events and the mount's
// part of the stats are this fresh.
const sessionPoll = time.Second

// mountWatch follows the mount a stream serves: who joins and leaves (reader events), and the
// mount's counters, which go into the stream's stats events.
type mountWatch struct {
	m *rtspserver.Mount

	mu    sync.Mutex
	stats pluginapi.Stats // the mount's part only
	known map[string]pluginapi.Session
}

// watchMount starts following m for st until st stops or ends.
func (p *Plugin) watchMount(st *stream, m *rtspserver.Mount) *mountWatch {
	w := &mountWatch{m: m, known: map[string]pluginapi.Session{}}
	w.poll() // sessions already there (a restarted source taking its mount over) are not news
	go func() {
		t := time.NewTicker(sessionPoll)
		defer t.Stop()
		for range t.C {
			if p.streamEnded(st.id) {
				return
			}
			for _, ev := range w.poll() {
				s := ev.Session
				p.log.Info("rtsp "+strings.TrimPrefix(ev.Type.String(), "reader_"), "id", st.id, "session", s.ID,
					"address", s.Address, "user", s.User, "transport", s.Transport, "publisher", s.Publisher)
				st.publish(ev)
			}
		}
	}()
	return w
}

// poll reads the mount's sessions and counters, and returns what changed as reader events.
func (w *mountWatch) poll() []pluginapi.Event {
	ss := w.m.Sessions()
	ms := w.m.Stats()
	now := make(map[string]pluginapi.Session, len(ss))
	st := pluginapi.Stats{SessionsOpened: ms.SessionsOpened, SessionsFailed: ms.SessionsFailed, HubDropped: ms.Dropped}
	for _, s := range ss {
		ps := sessionOf(s)
		now[ps.ID] = ps
		if ps.Publisher {
			st.Publishers++
			continue
		}
		st.Readers++
		if ps.Report {
			st.ReaderReports = append(st.ReaderReports, pluginapi.ReaderReport{ID: ps.ID, FractionLost: ps.FractionLost,
				PacketsLost: ps.PacketsLost, JitterMS: ps.JitterMS})
		}
	}
	st.ReaderReports = worstReports(st.ReaderReports)
	w.mu.Lock()
	defer w.mu.Unlock()
	var evs []pluginapi.Event
	at := timeNow()
	for id, s := range now {
		if _, ok := w.known[id]; !ok {
			evs = append(evs, pluginapi.Event{Type: pluginapi.EventReaderJoined, Time: at, Session: &s})
		}
	}
	for id, s := range w.known {
		if _, ok := now[id]; !ok {
			evs = append(evs, pluginapi.Event{Type: pluginapi.EventReaderLeft, Time: at, Session: &s})
		}
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].Session.ID < evs[j].Session.ID })
	w.known, w.stats = now, st
	return evs
}

// worstReports keeps the MaxReaderReports readers with the most loss, then jitter.
func worstReports(rs []pluginapi.ReaderReport) []pluginapi.ReaderReport {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.FractionLost != b.FractionLost {
			return a.FractionLost > b.FractionLost
		}
		if a.JitterMS != b.JitterMS {
			return a.JitterMS > b.JitterMS
		}
		return a.ID < b.ID
	})
	if len(rs) > pluginapi.MaxReaderReports {
		rs = rs[:pluginapi.MaxReaderReports]
	}
	return rs
}

// addTo returns s with the mount's counters in it (a copy: s may be shared).
func (w *mountWatch) addTo(s *pluginapi.Stats) *pluginapi.Stats {
	out := pluginapi.Stats{}
	if s != nil {
		out = *s
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	out.Readers, out.Publishers = w.stats.Readers, w.stats.Publishers
	out.SessionsOpened, out.SessionsFailed, out.HubDropped = w.stats.SessionsOpened, w.stats.SessionsFailed, w.stats.HubDropped
	out.ReaderReports = append([]pluginapi.ReaderReport(nil), w.stats.ReaderReports...)
	return &out
}

func sessionOf(s rtspserver.Session) pluginapi.Session {
	return pluginapi.Session{ID: s.ID, Address: s.Address, User: s.User, Transport: s.Transport, Publisher: s.Publisher,
		Playing: s.Playing, Since: s.Since, Bytes: s.Bytes, Packets: s.Packets, Report: s.Report,
		FractionLost: s.FractionLost, PacketsLost: s.PacketsLost, JitterMS: float64(s.Jitter) / float64(time.Millisecond)}
}

// servedMount is the mount stream id serves, if it still owns it.
func (rs *rtspServers) servedMount(id string, out spec.Output) *rtspserver.Mount {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	s, ok := rs.byAt[listenKey(out.Server.WithDefaults())]
	if !ok {
		return nil
	}
	if sm, ok := s.mounts["/"+out.Mount]; ok && sm.owner == id {
		return sm.m
	}
	return nil
}

// mountOf is the mount of stream id; nil for a stream that serves none.
func (p *Plugin) mountOf(id string) (*rtspserver.Mount, error) {
	st, err := p.get(id)
	if err != nil {
		return nil, err
	}
	if st.serve == nil {
		return nil, nil
	}
	return p.rtsp.servedMount(id, *st.serve), nil
}

// Sessions lists the readers and publishers of stream id's mount.
func (p *Plugin) Sessions(ctx context.Context, id string) ([]pluginapi.Session, error) {
	m, err := p.mountOf(id)
	if err != nil || m == nil {
		return nil, err
	}
	var out []pluginapi.Session
	for _, s := range m.Sessions() {
		out = append(out, sessionOf(s))
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Kick closes the connection of one session of stream id's mount.
func (p *Plugin) Kick(ctx context.Context, id, sessionID string) error {
	m, err := p.mountOf(id)
	if err != nil {
		return err
	}
	if m == nil || !m.Kick(sessionID) {
		return fmt.Errorf("stream %s has no RTSP session %q: %w", id, sessionID, pluginapi.ErrNotFound)
	}
	p.log.Info("rtsp session kicked", "id", id, "session", sessionID)
	return nil
}

// rtspLog sends the RTSP servers' own lines (refused connections and requests, idle
// connections closed) to the plugin's log.
func (p *Plugin) rtspLog(msg string) {
	if strings.Contains(msg, "kicked") {
		p.log.Info(msg)
		return
	}
	p.log.Warn(msg)
}
