package main

import (
	"os"
	"runtime"
	"testing"
)

func TestParseStat(t *testing.T) {
	// comm with spaces and a ')' in it; utime 1500, stime 250.
	line := "4242 (gst (worker) 1) S 4000 4242 4242 0 -1 4194560 100 0 0 0 1500 250 0 0 20 0 5 0 123 0 0"
	ppid, ticks, err := parseStat([]byte(line))
	if err != nil || ppid != 4000 || ticks != 1750 {
		t.Errorf("parseStat = %d, %d, %v; want 4000, 1750, nil", ppid, ticks, err)
	}
	for _, bad := range []string{"", "12 (x S 1 2", "12 (x) S 1 2 3", "12 (x) S y 1 1 0 -1 0 0 0 0 0 1 2 0"} {
		if _, _, err := parseStat([]byte(bad)); err == nil {
			t.Errorf("parseStat(%q): no error", bad)
		}
	}
}

func TestParseSnmpUDP(t *testing.T) {
	snmp := "Ip: Forwarding DefaultTTL\nIp: 1 64\n" +
		"Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\n" +
		"Udp: 100 2 7 90 5 0\n" +
		"UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdpLite: 0 0 0 0 9 0\n"
	if v := parseSnmpUDP(snmp, "RcvbufErrors"); v != 5 {
		t.Errorf("RcvbufErrors = %d, want 5", v)
	}
	if v := parseSnmpUDP(snmp, "Nope"); v != -1 {
		t.Errorf("missing counter = %d, want -1", v)
	}
	if v := parseSnmpUDP("", "RcvbufErrors"); v != -1 {
		t.Errorf("empty = %d, want -1", v)
	}
}

func TestTreeCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc: Linux only")
	}
	if _, err := treeCPU([]int{os.Getpid()}); err != nil {
		t.Fatal(err)
	}
	// Burn a little CPU and see it counted.
	before, _ := treeCPU([]int{os.Getpid()})
	x := 0
	for i := range 300_000_000 {
		x += i % 7
	}
	after, _ := treeCPU([]int{os.Getpid()})
	if after <= before {
		t.Errorf("CPU did not grow: %v -> %v (x=%d)", before, after, x)
	}
	if _, err := treeCPU([]int{1 << 30}); err == nil {
		t.Error("no error for a process that does not exist")
	}
}
