//go:build unix

package framering

import (
	"os"
	"testing"
)

// writeRaw puts arbitrary bytes where a ring of that name would be.
func writeRaw(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(shmPath(name), data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(shmPath(name)) })
}
