package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gstcast/gstcast/core/atomicfile"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// Endpoint is where a daemon's API listens.
type Endpoint struct {
	Kind    string `json:"kind"`    // KindUser or KindSystem
	Network string `json:"network"` // "unix" or "tcp"
	Address string `json:"address"` // socket path, or 127.0.0.1:PORT
	// TokenFile holds the bearer token of a TCP endpoint.
	TokenFile string `json:"token_file,omitempty"`
}

func (e Endpoint) String() string {
	if e.Network == "unix" {
		return e.Address
	}
	return "http://" + e.Address
}

// EnvAPI names an endpoint explicitly: a socket path, or HOST:PORT of a TCP endpoint (with its
// token in EnvToken or in the TCP endpoint's usual token file).
const (
	EnvAPI   = "GSTCAST_API"
	EnvToken = "GSTCAST_API_TOKEN"
)

// endpointFile is where a daemon with a TCP endpoint writes it, so clients find it.
const endpointFile = "api.json"

// WriteEndpointFile records a TCP endpoint in dir for clients (atomically; removed on exit).
func WriteEndpointFile(dir string, e Endpoint) (string, error) {
	b, _ := json.MarshalIndent(e, "", "  ")
	path := filepath.Join(dir, endpointFile)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return path, atomicfile.Write(path, append(b, '\n'), 0o644)
}

func readEndpointFile(dir string) (Endpoint, bool) {
	b, err := os.ReadFile(filepath.Join(dir, endpointFile))
	if err != nil {
		return Endpoint{}, false
	}
	var e Endpoint
	if json.Unmarshal(b, &e) != nil || e.Address == "" {
		return Endpoint{}, false
	}
	return e, true
}

// Candidates are the endpoints a client tries, in order: GSTCAST_API, this user's daemon,
// the system service.
func Candidates() []Endpoint {
	var out []Endpoint
	if v := os.Getenv(EnvAPI); v != "" {
		if strings.Contains(v, "/") || strings.Contains(v, `\`) {
			out = append(out, Endpoint{Kind: KindUser, Network: "unix", Address: v})
		} else {
			out = append(out, Endpoint{Kind: KindUser, Network: "tcp", Address: v, TokenFile: UserTokenFile()})
		}
		return out
	}
	out = append(out, userEndpoints()...)
	return append(out, systemEndpoints()...)
}

// ErrNoDaemon says no daemon answered at any candidate endpoint.
var ErrNoDaemon = errors.New("no gstcast daemon is running")

// ErrPermission says a daemon runs but its socket is not this user's to use.
var ErrPermission = errors.New("not allowed to reach the daemon")

// Dial finds a running daemon: the first candidate that answers /v1/about. A socket that
// exists but refuses this user is an ErrPermission error naming what to do; a stale socket
// (nobody listening) is skipped.
func Dial(ctx context.Context) (*Client, error) {
	var denied error
	for _, e := range Candidates() {
		c, err := dialEndpoint(ctx, e)
		if err == nil {
			return c, nil
		}
		if errors.Is(err, ErrPermission) && denied == nil {
			denied = err
		}
	}
	if denied != nil {
		return nil, denied
	}
	return nil, ErrNoDaemon
}

func dialEndpoint(ctx context.Context, e Endpoint) (*Client, error) {
	if e.Network == "unix" {
		if _, err := os.Stat(e.Address); err != nil {
			return nil, err
		}
	}
	token := ""
	if e.Network == "tcp" {
		token = os.Getenv(EnvToken)
		if token == "" && e.TokenFile != "" {
			t, err := ReadToken(e.TokenFile)
			if errors.Is(err, fs.ErrPermission) {
				return nil, fmt.Errorf("%w: the daemon at %s wants the token in %s, which you may not read", ErrPermission, e.Address, e.TokenFile)
			}
			token = t
		}
	}
	c := NewClient(e, token)
	actx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	a, err := c.About(actx)
	if err != nil {
		if errors.Is(err, syscall.EACCES) || errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("%w: %s belongs to %s, and your user may not use it: %s", ErrPermission, e.Address, describeKind(e.Kind), permissionHint(e))
		}
		if errors.Is(err, errUnauthorized) {
			return nil, fmt.Errorf("%w: the daemon at %s refused the API token", ErrPermission, e.Address)
		}
		return nil, err
	}
	c.about = a
	return c, nil
}

func describeKind(k string) string {
	if k == KindSystem {
		return "the system service"
	}
	return "another user's daemon"
}

// errInUse says an endpoint is taken by a live daemon.
var errInUse = pluginapi.ErrPortInUse
