package main

import (
	"bytes"
	"context"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtp"
)

// testServer is an in-process gortsplib RTSP server on 127.0.0.1 that sends one H.264 RTP
// stream, leaving out every packet whose index is 50 modulo 100, with sequence numbers that wrap.
type testServer struct {
	server *gortsplib.Server
	stream *gortsplib.ServerStream
	url    string
	stop   chan struct{}
	done   sync.WaitGroup
}

func (h *testServer) OnDescribe(*gortsplib.ServerHandlerOnDescribeCtx) (*base.Response, *gortsplib.ServerStream, error) {
	return &base.Response{StatusCode: base.StatusOK}, h.stream, nil
}

func (h *testServer) OnSetup(*gortsplib.ServerHandlerOnSetupCtx) (*base.Response, *gortsplib.ServerStream, error) {
	return &base.Response{StatusCode: base.StatusOK}, h.stream, nil
}

func (h *testServer) OnPlay(*gortsplib.ServerHandlerOnPlayCtx) (*base.Response, error) {
	return &base.Response{StatusCode: base.StatusOK}, nil
}

func freePort(t *testing.T, network string) int {
	t.Helper()
	if network == "udp" {
		for { // an even port whose odd neighbour is free too (RTP/RTCP pair)
			c, err := net.ListenPacket("udp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			p := c.LocalAddr().(*net.UDPAddr).Port
			c.Close()
			if p%2 != 0 || p > 65000 {
				continue
			}
			c2, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(p+1))
			if err == nil {
				c2.Close()
				return p
			}
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startTestServer(t *testing.T) *testServer {
	t.Helper()
	h := &testServer{stop: make(chan struct{})}
	rtspPort, udpPort := freePort(t, "tcp"), freePort(t, "udp")
	h.server = &gortsplib.Server{
		Handler:        h,
		RTSPAddress:    "127.0.0.1:" + strconv.Itoa(rtspPort),
		UDPRTPAddress:  "127.0.0.1:" + strconv.Itoa(udpPort),
		UDPRTCPAddress: "127.0.0.1:" + strconv.Itoa(udpPort+1),
	}
	if err := h.server.Start(); err != nil {
		t.Fatal(err)
	}
	media := &description.Media{Type: description.MediaTypeVideo,
		Formats: []format.Format{&format.H264{PayloadTyp: 96, PacketizationMode: 1}}}
	h.stream = &gortsplib.ServerStream{Server: h.server, Desc: &description.Session{Medias: []*description.Media{media}}}
	if err := h.stream.Initialize(); err != nil {
		t.Fatal(err)
	}
	h.url = "rtsp://127.0.0.1:" + strconv.Itoa(rtspPort) + "/test"
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		seq := uint16(65000)
		for i := 0; ; i++ {
			select {
			case <-h.stop:
				return
			case <-tick.C:
			}
			if i%100 != 50 {
				h.stream.WritePacketRTP(media, &rtp.Packet{ //nolint:errcheck
					Header:  rtp.Header{Version: 2, PayloadType: 96, SequenceNumber: seq, Timestamp: uint32(i) * 90, SSRC: 1234, Marker: true},
					Payload: []byte{0x41, 0x9a, 0x00, 0x01}, // a non-IDR slice
				})
			}
			seq++
		}
	}()
	t.Cleanup(func() {
		close(h.stop)
		h.done.Wait()
		h.stream.Close()
		h.server.Close()
	})
	return h
}

func TestRunAgainstServer(t *testing.T) {
	srv := startTestServer(t)
	for _, tr := range []string{"tcp", "udp"} {
		t.Run(tr, func(t *testing.T) {
			// Starts are spread out: gortsplib's server races when UDP SETUPs of different
			// sessions overlap (ServerStream.readerAdd reads other sessions' media maps).
			c, err := parseFlags([]string{"-n", "8", "-transport", tr, "-ramp", "800ms", "-duration", "1500ms",
				"-setup-timeout", "5s", srv.url}, &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			r := run(context.Background(), c)
			if r.Started != 8 || r.Failed != 0 || !r.AllPlaying || r.PlayingAtEnd != 8 {
				t.Fatalf("started %d failed %d playing %d all %v; errors %v", r.Started, r.Failed, r.PlayingAtEnd, r.AllPlaying, r.Errors)
			}
			if r.Connect.N != 8 || r.Setup.N != 8 || r.FirstPacket.N != 8 || r.Setup.P50 <= 0 ||
				r.FirstPacket.P99 < r.Setup.P50 || r.Connect.Max > r.Setup.Max {
				t.Errorf("connect %+v setup %+v first packet %+v", r.Connect, r.Setup, r.FirstPacket)
			}
			// One packet in a hundred is never sent: about 1 % loss, seen by every reader.
			if r.Packets < 8*500 || r.Lost == 0 {
				t.Fatalf("packets %d lost %d", r.Packets, r.Lost)
			}
			if r.LossPct < 0.8 || r.LossPct > 1.2 {
				t.Errorf("loss %.3f %%, want about 1 %% (packets %d lost %d)", r.LossPct, r.Packets, r.Lost)
			}
			if r.LibraryLost != r.Lost {
				t.Logf("gortsplib counted %d lost, rtspload %d", r.LibraryLost, r.Lost)
			}
			var out bytes.Buffer
			r.print(&out)
			if !strings.Contains(out.String(), "all playing: yes") {
				t.Errorf("text output:\n%s", out.String())
			}
		})
	}
}

func TestRunConnectionRefused(t *testing.T) {
	port := freePort(t, "tcp") // closed again: nothing listens there
	c, err := parseFlags([]string{"-n", "3", "-duration", "1m", "-setup-timeout", "3s",
		"rtsp://127.0.0.1:" + strconv.Itoa(port) + "/x"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := run(context.Background(), c)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v: waited out the window with no session playing", d)
	}
	if r.Started != 0 || r.Failed != 3 || r.AllPlaying || r.Connect.N != 0 {
		t.Fatalf("started %d failed %d all playing %v", r.Started, r.Failed, r.AllPlaying)
	}
	if len(r.Errors) != 1 || r.Errors[0].N != 3 || !strings.Contains(r.Errors[0].Err, "connection refused") {
		t.Errorf("errors %+v, want 3x connection refused", r.Errors)
	}
	var out bytes.Buffer
	r.print(&out)
	if !strings.Contains(out.String(), "3x setup: ") || !strings.Contains(out.String(), "all playing: NO") {
		t.Errorf("text output:\n%s", out.String())
	}
}

func TestParseFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // in the error; "" for none
	}{
		{[]string{"rtsp://127.0.0.1:8554/cam"}, ""},
		{[]string{"-transport", "UDP", "-n", "200", "-pid", "12, 34", "rtsp://h:1/x"}, ""},
		{[]string{}, "want one URL"},
		{[]string{"a", "b"}, "want one URL"},
		{[]string{"http://127.0.0.1/x"}, "bad URL"},
		{[]string{"rtsps://127.0.0.1/x"}, "only rtsp://"},
		{[]string{"rtsp://"}, "bad URL"},
		{[]string{"::nope"}, "bad URL"},
		{[]string{"-transport", "sctp", "rtsp://h/x"}, "want tcp or udp"},
		{[]string{"-n", "0", "rtsp://h/x"}, "at least 1"},
		{[]string{"-duration", "0s", "rtsp://h/x"}, "must be positive"},
		{[]string{"-pid", "abc", "rtsp://h/x"}, "not a process id"},
	} {
		_, err := parseFlags(c.args, &bytes.Buffer{})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v", c.args, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: error %v, want one with %q", c.args, err, c.want)
		}
	}
	c, _ := parseFlags([]string{"-transport", "UDP", "-pid", "12, 34", "rtsp://h:1/x"}, &bytes.Buffer{})
	if c.transport != gortsplib.TransportUDP || len(c.pids) != 2 || c.pids[1] != 34 {
		t.Errorf("parsed %+v", c)
	}
}

func TestRunServerSilent(t *testing.T) {
	// Accepts connections and never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	c, err := parseFlags([]string{"-n", "2", "-duration", "10ms", "-setup-timeout", "300ms",
		"rtsp://" + l.Addr().String() + "/x"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := run(context.Background(), c)
	if time.Since(start) > 3*time.Second {
		t.Errorf("took %v with a 300 ms setup timeout", time.Since(start))
	}
	if r.Failed != 2 || r.Connect.N != 2 {
		t.Errorf("failed %d, connected %d", r.Failed, r.Connect.N)
	}
	// The watchdog or gortsplib's own read timeout (the same 300 ms) may cut the request off.
	for _, e := range r.Errors {
		if !strings.Contains(e.Err, "connected, but no PLAY response within 300ms") {
			t.Errorf("error %q", e.Err)
		}
	}
}
