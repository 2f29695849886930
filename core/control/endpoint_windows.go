//go:build windows

package control

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
)

// On Windows the API listens on loopback TCP with a bearer token: the token file sits in a
// folder only its user (or, for the service, Administrators and SYSTEM) may read, and the
// endpoint file next to it tells clients the port.

// SystemSocket has no meaning on Windows either (the service uses TCP); it keeps core/daemon building.
const SystemSocket = ""

// UserSocket has no meaning on Windows; user daemons use TCP.
func UserSocket() string { return "" }

func userDir() string {
	d, err := os.UserConfigDir() // %AppData%
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "gstcast")
}

// SystemDir is the service's folder (%ProgramData%\gstcast).
func SystemDir() string {
	d := os.Getenv("ProgramData")
	if d == "" {
		d = `C:\ProgramData`
	}
	return filepath.Join(d, "gstcast")
}

// UserTokenFile is where a user daemon keeps its token.
func UserTokenFile() string { return filepath.Join(userDir(), "api-token") }

// SystemTokenFile is where the service keeps its token.
func SystemTokenFile() string { return filepath.Join(SystemDir(), "api-token") }

func userEndpoints() []Endpoint {
	if e, ok := readEndpointFile(userDir()); ok {
		e.Kind = KindUser
		return []Endpoint{e}
	}
	return nil
}

func systemEndpoints() []Endpoint {
	if e, ok := readEndpointFile(SystemDir()); ok {
		e.Kind = KindSystem
		return []Endpoint{e}
	}
	return nil
}

// ListenUnix is not used on Windows.
func ListenUnix(path string, system bool) (net.Listener, error) {
	return nil, fmt.Errorf("unix sockets are not used on Windows: configure api.listen (loopback TCP with a token)")
}

func permissionHint(e Endpoint) string {
	return "ask an administrator for access to " + e.TokenFile + ", or run with --standalone"
}

// SystemGroup has no meaning on Windows (the token file's ACL decides).
const SystemGroup = ""
