// Command ttlrecv joins a multicast group, reads RTP datagrams and prints the IP TTL each one
// arrived with (IP_RECVTTL), so a test can see the TTL a sender really set. It runs inside the
// network namespace a test makes.
//
//	ttlrecv GROUP PORT N
package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"golang.org/x/net/ipv4"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: ttlrecv GROUP PORT N")
		os.Exit(2)
	}
	group := net.ParseIP(os.Args[1])
	port, _ := strconv.Atoi(os.Args[2])
	n, _ := strconv.Atoi(os.Args[3])
	c, err := net.ListenPacket("udp4", fmt.Sprintf("0.0.0.0:%d", port))
	if err != nil {
		fail(err)
	}
	p := ipv4.NewPacketConn(c)
	ifs, _ := net.Interfaces()
	joined := false
	for i := range ifs {
		if ifs[i].Flags&net.FlagMulticast != 0 && ifs[i].Flags&net.FlagUp != 0 {
			if p.JoinGroup(&ifs[i], &net.UDPAddr{IP: group}) == nil {
				joined = true
			}
		}
	}
	if !joined {
		fail(fmt.Errorf("could not join %s on any interface", group))
	}
	if err := p.SetControlMessage(ipv4.FlagTTL, true); err != nil {
		fail(err)
	}
	fmt.Println("joined")
	_ = p.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 2048)
	for i := 0; i < n; i++ {
		m, cm, _, err := p.ReadFrom(buf)
		if err != nil {
			fail(err)
		}
		if cm == nil {
			fail(fmt.Errorf("no control message"))
		}
		// RTP version 2 in the first byte's top bits: the datagram is RTP.
		fmt.Printf("packet %d bytes ttl %d rtp %v\n", m, cm.TTL, m >= 12 && buf[0]>>6 == 2)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ttlrecv:", err)
	os.Exit(1)
}
