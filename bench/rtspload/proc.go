package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// treeCPU is the CPU seconds (utime+stime) used so far by the given processes and all their
// descendants, from /proc (Linux). Threads are included; children that already exited are not.
func treeCPU(roots []int) (float64, error) {
	type stat struct {
		ppid  int
		ticks uint64
	}
	all := map[int]stat{}
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, fmt.Errorf("read /proc: %w", err)
	}
	for _, d := range dirs {
		n, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		ppid, ticks, err := parseStat(b)
		if err != nil {
			continue
		}
		all[n] = stat{ppid, ticks}
	}
	in := map[int]bool{}
	for _, pid := range roots {
		if _, ok := all[pid]; !ok {
			return 0, fmt.Errorf("process %d: not running", pid)
		}
		in[pid] = true
	}
	for changed := true; changed; { // descendants, whatever order /proc lists them in
		changed = false
		for n, s := range all {
			if !in[n] && in[s.ppid] {
				in[n], changed = true, true
			}
		}
	}
	var ticks uint64
	for n := range in {
		ticks += all[n].ticks
	}
	return float64(ticks) / float64(clockTicks()), nil
}

// selfCPU is this process's CPU seconds so far.
func selfCPU() float64 {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	_, ticks, err := parseStat(b)
	if err != nil {
		return 0
	}
	return float64(ticks) / float64(clockTicks())
}

// parseStat returns the parent pid and utime+stime (clock ticks) from a /proc/PID/stat line.
func parseStat(b []byte) (ppid int, ticks uint64, err error) {
	// comm may hold spaces and parentheses: the fields start after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, errors.New("bad stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, 0, errors.New("short stat")
	}
	ppid, err = strconv.Atoi(f[1])
	if err != nil {
		return 0, 0, fmt.Errorf("bad ppid: %w", err)
	}
	ut, err1 := strconv.ParseUint(f[11], 10, 64) // field 14
	st, err2 := strconv.ParseUint(f[12], 10, 64) // field 15
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("bad utime/stime: %w", err)
	}
	return ppid, ut + st, nil
}

// clockTicks is USER_HZ (AT_CLKTCK from the auxiliary vector), nearly always 100.
func clockTicks() uint64 {
	b, err := os.ReadFile("/proc/self/auxv")
	if err == nil {
		for i := 0; i+16 <= len(b); i += 16 {
			if binary.LittleEndian.Uint64(b[i:]) == 17 { // AT_CLKTCK
				if v := binary.LittleEndian.Uint64(b[i+8:]); v > 0 {
					return v
				}
			}
		}
	}
	return 100
}

// udpRcvbufErrors is the machine's count of UDP datagrams dropped because a socket's receive
// buffer was full (Udp: RcvbufErrors in /proc/net/snmp); -1 when unknown.
func udpRcvbufErrors() int64 {
	b, err := os.ReadFile("/proc/net/snmp")
	if err != nil {
		return -1
	}
	return parseSnmpUDP(string(b), "RcvbufErrors")
}

// parseSnmpUDP reads one counter of the "Udp:" header/value line pair of /proc/net/snmp.
func parseSnmpUDP(snmp, name string) int64 {
	var header []string
	for _, line := range strings.Split(snmp, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "Udp:" {
			continue
		}
		if header == nil {
			header = f
			continue
		}
		for i, h := range header {
			if h == name && i < len(f) {
				v, err := strconv.ParseInt(f[i], 10, 64)
				if err != nil {
					return -1
				}
				return v
			}
		}
		return -1
	}
	return -1
}
