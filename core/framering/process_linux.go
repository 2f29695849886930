package framering

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strconv"
)

// processAlive reads /proc rather than only calling kill(pid, 0): a writer that was killed but
// not yet reaped by its parent is a zombie, which kill still finds.
func processAlive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if err != nil {
		return killAlive(pid)
	}
	// "pid (comm) S ...": comm may hold spaces and parentheses, so find the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return killAlive(pid)
	}
	state := b[i+2]
	return state != 'Z' && state != 'X' && state != 'x'
}
