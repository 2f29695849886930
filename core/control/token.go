package control

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gstcast/gstcast/core/atomicfile"
)

// A loopback TCP listener has no file permissions to keep other users out, so it asks for a
// bearer token kept in a file only its user (or, for the system service, root and the gstcast
// group) can read. Whoever can read the file may drive the engine; nobody else can.

// LoadOrCreateToken returns the token in path, making a new random one (mode perm) when the
// file does not exist.
func LoadOrCreateToken(path string, perm os.FileMode) (string, error) {
	if t, err := ReadToken(path); err == nil {
		return t, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	t := hex.EncodeToString(b)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("api token: %w", err)
	}
	if err := atomicfile.Write(path, []byte(t+"\n"), perm); err != nil {
		return "", fmt.Errorf("api token: %w", err)
	}
	return t, nil
}

// ReadToken reads a token file.
func ReadToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("api token file %s is empty", path)
	}
	return t, nil
}

func tokenOK(r *http.Request, want string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) == 1
}
