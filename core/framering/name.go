package framering

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

// maxName keeps file names and Windows object names ("Local\" + name, MAX_PATH) well in range.
const maxName = 128

// NewName returns a name no other ring on this machine has: prefix, the writer's pid and 64
// random bits. prefix is reduced to the characters a name allows ("" becomes "gstcast").
// The result is a valid file name and Windows object name.
func NewName(prefix string) string {
	clean := strings.Map(func(r rune) rune {
		if nameRune(r) {
			return r
		}
		return '_'
	}, prefix)
	clean = strings.TrimLeft(clean, ".")
	if len(clean) > 64 {
		clean = clean[:64]
	}
	if clean == "" {
		clean = "gstcast"
	}
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return fmt.Sprintf("%s-%d-%s", clean, os.Getpid(), hex.EncodeToString(b[:]))
}

func nameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '.' || r == '_' || r == '-'
}

// checkName refuses names that could escape the shared-memory folder or the Local\ namespace.
func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: empty", ErrBadName)
	case len(name) > maxName:
		return fmt.Errorf("%w: %d bytes, at most %d", ErrBadName, len(name), maxName)
	case name[0] == '.':
		return fmt.Errorf("%w: %q starts with '.'", ErrBadName, name)
	}
	for _, r := range name {
		if !nameRune(r) {
			return fmt.Errorf("%w: %q has character %q (allowed: letters, digits, '.', '_', '-')", ErrBadName, name, r)
		}
	}
	return nil
}
