package pluginkit

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/gstcast/gstcast/core/gstreamer/rtspserver"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// rtspServers are the plugin's RTSP servers, one per listen address and port, started with
// their first mount and closed with their last. A mount belongs to the stream that serves it;
// when that stream's pipeline fails, the mount stays (its readers keep their sessions) until
// the stream is started again, which takes the mount over, or stopped, which removes it.
type rtspServers struct {
	// ended says whether a stream's pipeline has ended (failed, finished or stopped), so its
	// mount can be taken over by the stream that replaces it.
	ended func(id string) bool

	mu   sync.Mutex
	byAt map[string]*rtspServer
}

type rtspServer struct {
	srv    *rtspserver.Server
	cfg    spec.RTSPServer
	mounts map[string]*servedMount // by path
}

type servedMount struct {
	m     *rtspserver.Mount
	owner string // stream id
}

func listenKey(c spec.RTSPServer) string {
	return fmt.Sprintf("%s:%d", c.Address, c.Port)
}

func serverConfig(c spec.RTSPServer) (rtspserver.ServerConfig, error) {
	sc := rtspserver.ServerConfig{Address: c.Address, Port: c.Port, Threads: c.Threads, MulticastTTL: c.MulticastTTL}
	if c.TLSCert != "" {
		sc.TLSPEM = strings.TrimRight(c.TLSCert, "\n") + "\n" + c.TLSKey
	}
	for _, a := range c.Auth {
		sc.Basic = sc.Basic || a == "basic"
		sc.Digest = sc.Digest || a == "digest"
	}
	for _, u := range c.Users {
		sc.Users = append(sc.Users, rtspserver.User{Name: u.Name, Password: u.Password})
	}
	if c.MulticastRange != "" {
		var err error
		if sc.MulticastFrom, sc.MulticastTo, err = spec.MulticastRange(c.MulticastRange); err != nil {
			return sc, err
		}
		if sc.MulticastPortMin, sc.MulticastPortMax, err = spec.PortRange(c.MulticastPorts); err != nil {
			return sc, err
		}
		if sc.MulticastTTL == 0 {
			sc.MulticastTTL = 1 // stay on the local network unless told otherwise
		}
	}
	return sc, nil
}

// acquire returns the mount for stream id's serve output, starting the server and adding the
// mount as needed. created says the mount is new (release it if the stream fails to start).
func (rs *rtspServers) acquire(id string, out spec.Output, publish bool, codec string) (*rtspserver.Server, *rtspserver.Mount, bool, error) {
	cfg := out.Server.WithDefaults()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.byAt == nil {
		rs.byAt = map[string]*rtspServer{}
	}
	key := listenKey(cfg)
	s, ok := rs.byAt[key]
	if ok && !reflect.DeepEqual(s.cfg, cfg) {
		return nil, nil, false, fmt.Errorf("the RTSP server on %s already runs with other settings (users, TLS, auth or multicast); every mount on one port shares them: %w", key, pluginapi.ErrInvalidSpec)
	}
	if !ok {
		sc, err := serverConfig(cfg)
		if err != nil {
			return nil, nil, false, fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)
		}
		srv, err := rtspserver.StartServer(sc)
		if err != nil {
			return nil, nil, false, err
		}
		s = &rtspServer{srv: srv, cfg: cfg, mounts: map[string]*servedMount{}}
		rs.byAt[key] = s
	}
	path := "/" + out.Mount
	if sm, ok := s.mounts[path]; ok {
		if sm.owner != id && !rs.ended(sm.owner) {
			return nil, nil, false, fmt.Errorf("mount %s on %s is served by stream %s, which is still running: stop it or choose another mount: %w",
				path, key, sm.owner, pluginapi.ErrPortInUse)
		}
		if sm.m.Config().Publish != publish {
			return nil, nil, false, fmt.Errorf("mount %s on %s is kept for stream %s, fed by %s; a stream fed by %s cannot take it over: stop stream %s first: %w",
				path, key, sm.owner, feeder(!publish), feeder(publish), sm.owner, pluginapi.ErrPortInUse)
		}
		if sm.m.Config().Codec != mountCodec(codec) {
			return nil, nil, false, fmt.Errorf("mount %s on %s is kept for stream %s, which serves %s; this stream serves %s: stop stream %s first: %w",
				path, key, sm.owner, codecName(sm.m.Config().Codec), codecName(codec), sm.owner, pluginapi.ErrPortInUse)
		}
		sm.owner = id
		return s.srv, sm.m, false, nil
	}
	readers := out.Readers
	if len(readers) == 0 {
		readers = []string{spec.AnyUser}
	}
	pubs := out.Publishers
	if publish && len(pubs) == 0 {
		pubs = []string{spec.AnyUser}
	}
	m, err := s.srv.AddMount(rtspserver.MountConfig{Path: path, Readers: readers, Publishers: pubs, Publish: publish,
		Codec: mountCodec(codec), RTX: out.RTX})
	if err != nil {
		rs.closeIfEmpty(key, s)
		return nil, nil, false, err
	}
	s.mounts[path] = &servedMount{m: m, owner: id}
	return s.srv, m, true, nil
}

// feeder names what feeds a mount, for messages.
func feeder(publish bool) string {
	if publish {
		return "RTSP publishers"
	}
	return "a pipeline"
}

// release removes stream id's mount (if it still owns it) and the server with its last mount.
func (rs *rtspServers) release(id string, out spec.Output) {
	cfg := out.Server.WithDefaults()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	key := listenKey(cfg)
	s, ok := rs.byAt[key]
	if !ok {
		return
	}
	path := "/" + out.Mount
	if sm, ok := s.mounts[path]; ok && sm.owner == id {
		sm.m.Remove()
		delete(s.mounts, path)
	}
	rs.closeIfEmpty(key, s)
}

func (rs *rtspServers) closeIfEmpty(key string, s *rtspServer) {
	if len(s.mounts) == 0 {
		s.srv.Close()
		delete(rs.byAt, key)
	}
}

// closeAll stops every server (plugin shutdown).
func (rs *rtspServers) closeAll() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for key, s := range rs.byAt {
		s.srv.Close()
		delete(rs.byAt, key)
	}
}
