//go:build unix

package control

import (
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

// SystemSocket is the system service's API socket: group gstcast, mode 0660, so the file's
// permissions decide who may drive the service.
const SystemSocket = "/run/gstcast/api.sock"

// SystemGroup owns the system socket; its members may drive the service.
const SystemGroup = "gstcast"

// UserSocket is this user's daemon's socket, in the user's runtime folder (only the user can
// enter it).
func UserSocket() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, "gstcast", "api.sock")
	}
	return filepath.Join(os.TempDir(), "gstcast-"+strconv.Itoa(os.Getuid()), "api.sock")
}

// UserTokenFile is where a user daemon keeps the token of a TCP endpoint.
func UserTokenFile() string {
	d, err := os.UserConfigDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "gstcast", "api-token")
}

// SystemTokenFile is where the system service keeps the token of a TCP endpoint.
func SystemTokenFile() string { return "/etc/gstcast/api-token" }

func userEndpoints() []Endpoint {
	out := []Endpoint{{Kind: KindUser, Network: "unix", Address: UserSocket()}}
	if e, ok := readEndpointFile(filepath.Dir(UserSocket())); ok {
		e.Kind = KindUser
		out = append(out, e)
	}
	return out
}

func systemEndpoints() []Endpoint {
	out := []Endpoint{{Kind: KindSystem, Network: "unix", Address: SystemSocket}}
	if e, ok := readEndpointFile(filepath.Dir(SystemSocket)); ok {
		e.Kind = KindSystem
		out = append(out, e)
	}
	return out
}

// ListenUnix listens on a socket path, replacing a stale socket file (nobody listening) but
// refusing one a live daemon answers on. system sockets get group gstcast and mode 0660, user
// sockets mode 0600, in a folder only their owner can enter.
func ListenUnix(path string, system bool) (net.Listener, error) {
	dirMode := os.FileMode(0o700)
	if system {
		dirMode = 0o755
	}
	if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
		return nil, fmt.Errorf("api socket: %w", err)
	}
	if c, err := net.Dial("unix", path); err == nil {
		c.Close()
		return nil, fmt.Errorf("api socket %s: another gstcast daemon answers there (stop it first, or use --standalone): %w", path, errInUse)
	}
	_ = os.Remove(path) // a stale socket of a daemon that died
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("api socket %s: %w", path, err)
	}
	mode := os.FileMode(0o600)
	if system {
		mode = 0o660
		if g, err := user.LookupGroup(SystemGroup); err == nil {
			gid, _ := strconv.Atoi(g.Gid)
			if err := os.Chown(path, -1, gid); err != nil {
				l.Close()
				return nil, fmt.Errorf("api socket %s: give it to group %s: %w", path, SystemGroup, err)
			}
		}
	}
	if err := os.Chmod(path, mode); err != nil {
		l.Close()
		return nil, fmt.Errorf("api socket %s: %w", path, err)
	}
	return l, nil
}

func permissionHint(e Endpoint) string {
	if e.Kind == KindSystem {
		return fmt.Sprintf("add yourself to group %s (sudo usermod -aG %s $USER, then log in again), or run with --standalone", SystemGroup, SystemGroup)
	}
	return "run with --standalone for an engine of your own"
}
