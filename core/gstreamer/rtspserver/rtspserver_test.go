package rtspserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
	"github.com/gstcast/gstcast/core/tlscert"
)

func servedTestSource(t *testing.T) pipeline.Graph {
	t.Helper()
	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputServe, Mount: "test"},
		Encoding: spec.Encoding{BitrateKbps: 500, KeyframeInterval: 15},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func startServer(t *testing.T, cfg ServerConfig) *Server {
	t.Helper()
	if cfg.Address == "" {
		cfg.Address = "127.0.0.1"
	}
	s, err := StartServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func ffprobe(t *testing.T, transport, url string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ffprobe", "-v", "error", "-timeout", "5000000", "-rtsp_transport", transport,
		"-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func TestRTSPServerServesMount(t *testing.T) {
	srv := startServer(t, ServerConfig{})
	m, err := srv.AddMount(MountConfig{Path: "/test", Readers: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := gstreamer.Start(context.Background(), servedTestSource(t), gstreamer.RunOptions{Name: "served", Serve: m})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop(time.Second)
	t0 := time.Now()
	if err := m.Prepare(); err != nil {
		t.Fatal(err)
	}
	t.Logf("mount prepared in %s", time.Since(t0))
	url := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/test"
	for _, tr := range []string{"tcp", "udp"} {
		got, err := ffprobe(t, tr, url)
		if err != nil || got != "h264,320,240" {
			t.Errorf("ffprobe over %s: %q, %v", tr, got, err)
		}
	}
	if got, err := ffprobe(t, "tcp", "rtsp://127.0.0.1:"+strconv.Itoa(srv.Port())+"/nothing"); err == nil || !strings.Contains(got, "404") {
		t.Errorf("missing mount: %q, %v; want a 404", got, err)
	}
	st := m.Stats()
	if st.FramesIn == 0 || st.FramesOut == 0 || !st.Prepared {
		t.Errorf("stats %+v", st)
	}
	if _, err := srv.AddMount(MountConfig{Path: "/test"}); !errors.Is(err, ErrMountExists) {
		t.Errorf("second mount on the same path: %v", err)
	}
}

// Only an appsink can feed a mount: a graph whose sink is something else fails to start (and is
// driven to NULL), and a nil element is refused by the mount itself.
func TestRTSPServerFeedIsAppsink(t *testing.T) {
	srv := startServer(t, ServerConfig{})
	m, err := srv.AddMount(MountConfig{Path: "/feed", Readers: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	g := pipeline.Graph{Elements: []pipeline.Element{
		{Factory: "videotestsrc", Name: pipeline.NameSource},
		{Factory: "fakesink", Name: pipeline.NameSink},
	}}
	if _, err := gstreamer.Start(context.Background(), g, gstreamer.RunOptions{Name: "notappsink", Serve: m}); !errors.Is(err, pluginapi.ErrPipeline) {
		t.Errorf("fakesink as the feed: %v, want ErrPipeline", err)
	}
	if err := m.AttachSink(nil); !errors.Is(err, pluginapi.ErrPipeline) {
		t.Errorf("AttachSink(nil): %v", err)
	}
	m.Remove()
	if err := m.AttachSink(nil); err == nil {
		t.Error("AttachSink on a removed mount succeeded")
	}
}

// A server closed right after it started closes: its main loop's thread may not be running
// yet, and a quit it never saw once left Close waiting for ever (seen under load; 300 rounds
// hung at the first before the fix).
func TestRTSPServerCloseRightAfterStart(t *testing.T) {
	for i := range 100 {
		s, err := StartServer(ServerConfig{Address: "127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		closed := make(chan struct{})
		go func() { s.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			t.Fatalf("Close hung (round %d)", i)
		}
	}
}

func TestRTSPServerPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = StartServer(ServerConfig{Address: "127.0.0.1", Port: port})
	if !errors.Is(err, pluginapi.ErrPortInUse) || !strings.Contains(err.Error(), strconv.Itoa(port)) {
		t.Fatalf("got %v, want ErrPortInUse naming the port", err)
	}
}

func servedMount(t *testing.T, srv *Server, mc MountConfig) *Mount {
	t.Helper()
	m, err := srv.AddMount(mc)
	if err != nil {
		t.Fatal(err)
	}
	r, err := gstreamer.Start(context.Background(), servedTestSource(t), gstreamer.RunOptions{Name: "served", Serve: m})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(time.Second) })
	if err := m.Prepare(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRTSPServerAuth(t *testing.T) {
	for _, methods := range []struct {
		name          string
		basic, digest bool
	}{{"basic", true, false}, {"digest", false, true}} {
		t.Run(methods.name, func(t *testing.T) {
			srv := startServer(t, ServerConfig{Basic: methods.basic, Digest: methods.digest,
				Users: []User{{"alice", "a-secret"}, {"bob", "b-secret"}}})
			servedMount(t, srv, MountConfig{Path: "/priv", Readers: []string{"alice"}})
			base := "127.0.0.1:" + strconv.Itoa(srv.Port()) + "/priv"
			for _, tc := range []struct {
				userinfo string
				want     string // "" = plays
			}{
				{"", "401"},
				{"alice:wrong@", "401"},
				{"mallory:a-secret@", "401"},
				{"bob:b-secret@", "403"},
				{"alice:a-secret@", ""},
			} {
				got, err := ffprobe(t, "tcp", "rtsp://"+tc.userinfo+base)
				if tc.want == "" {
					if err != nil || got != "h264,320,240" {
						t.Errorf("%q: %q, %v; want it to play", tc.userinfo, got, err)
					}
				} else if err == nil || !strings.Contains(got, tc.want) {
					t.Errorf("%q: %q, %v; want %s", tc.userinfo, got, err, tc.want)
				}
			}
		})
	}
}

// ffmpegPublish pushes a short test signal with RECORD and returns ffmpeg's output.
func ffmpegPublish(t *testing.T, url string, seconds int) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(seconds+20)*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-v", "error", "-re", "-f", "lavfi",
		"-i", "testsrc=size=320x240:rate=30", "-t", strconv.Itoa(seconds), "-c:v", "libx264", "-preset", "ultrafast",
		"-tune", "zerolatency", "-g", "15", "-pix_fmt", "yuv420p", "-f", "rtsp", "-rtsp_transport", "tcp", url).CombinedOutput()
	return string(out), err
}

func TestRTSPServerPublish(t *testing.T) {
	srv := startServer(t, ServerConfig{Users: []User{{"alice", "a-secret"}, {"bob", "b-secret"}}})
	servedMount(t, srv, MountConfig{Path: "/ro", Readers: []string{"*"}})
	in, err := srv.AddMount(MountConfig{Path: "/in", Readers: []string{"*"}, Publishers: []string{"bob"}, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	host := "127.0.0.1:" + strconv.Itoa(srv.Port())

	// Refusals first: nobody but bob publishes, and only on a publish mount.
	for _, tc := range []struct{ url, want string }{
		{"rtsp://" + host + "/in", "401"},
		{"rtsp://bob:wrong@" + host + "/in", "401"},
		{"rtsp://alice:a-secret@" + host + "/in", "403"},
		{"rtsp://bob:b-secret@" + host + "/ro", "405"},
	} {
		out, err := ffmpegPublish(t, tc.url, 1)
		if err == nil || !strings.Contains(out, tc.want) {
			t.Errorf("publish to %s: %v %q; want %s", spec.RedactURI(tc.url), err, out, tc.want)
		}
	}

	// gstcast's own publisher (rtspclientsink, credentials in properties) as bob.
	pub := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputPublish, URL: "rtsp://" + host + "/in", User: "bob", Password: "b-secret", Transport: "tcp"},
		Encoding: spec.Encoding{BitrateKbps: 500, KeyframeInterval: 15},
	}
	g, err := pipeline.BuildStream(pub, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(g.LaunchLine(), "b-secret") {
		t.Errorf("launch line shows the password: %s", g.LaunchLine())
	}
	r, err := gstreamer.Start(context.Background(), g, gstreamer.RunOptions{Name: "publisher"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop(time.Second)
	for _, tr := range []string{"tcp", "udp"} {
		got, err := ffprobe(t, tr, "rtsp://"+host+"/in")
		if err != nil || got != "h264,320,240" {
			t.Errorf("reading the published mount over %s: %q, %v", tr, got, err)
		}
	}
	if st := in.Stats(); st.Publishers != 1 || st.FramesOut == 0 {
		t.Errorf("publish mount stats %+v", st)
	}
}

// RTSPS: ffprobe and GStreamer's own client (several at once, certificate checks off for the
// self-signed certificate) play, every connection is closed again once they leave, and plain
// RTSP to the TLS port gets nothing.
func TestRTSPServerTLS(t *testing.T) {
	cert, key, err := tlscert.Generate(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, ServerConfig{TLSPEM: cert + key})
	servedMount(t, srv, MountConfig{Path: "/secure", Readers: []string{"*"}})
	url := "rtsps://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/secure"
	got, err := ffprobe(t, "tcp", url)
	if err != nil || got != "h264,320,240" {
		t.Errorf("ffprobe over rtsps: %q, %v", got, err)
	}
	const clients = 4 // at once: the server's request threads are shared, as under load
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			gstLaunchRTSPS(t, i, url)
		}()
	}
	wg.Wait()
	// Every client is gone (TEARDOWN answered, or the socket closed): the server holds no
	// connection, TLS or not, past its clients.
	deadline := time.Now().Add(5 * time.Second)
	for srv.Clients() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := srv.Clients(); n > 0 {
		t.Errorf("%d RTSPS connections still open after every client left", n)
	}
	// Plain RTSP to the TLS port gets nothing.
	if got, err := ffprobe(t, "tcp", strings.Replace(url, "rtsps:", "rtsp:", 1)); err == nil {
		t.Errorf("plain rtsp to the rtsps port played: %q", got)
	}
	if _, err := StartServer(ServerConfig{Address: "127.0.0.1", TLSPEM: "not a certificate"}); !errors.Is(err, pluginapi.ErrInvalidSpec) {
		t.Errorf("bad certificate: %v", err)
	}
}

// gstLaunchRTSPS plays url with gst-launch-1.0's rtspsrc until ten frames are decoded.
//
// The verdict is "Got EOS" (the ten decoded frames reached fakesink over RTSPS), not the exit
// status alone, because of a race in GStreamer 1.22's client, not in the server: at end of
// stream gst-launch-1.0 sets its pipeline to NULL, rtspsrc queues PAUSE (PLAYING to PAUSED) and
// at once CLOSE (PAUSED to READY), and CLOSE cancels the connection while PAUSE is still being
// written. When the cancel lands before any byte went out, libgstrtsp's write_vectors reports
// GST_RTSP_EEOF ("Received end-of-file") instead of GST_RTSP_EINTR, which rtspsrc posts as an
// ERROR ("Could not send message" from gst_rtspsrc_try_send and gst_rtspsrc_pause), and
// gst-launch-1.0 exits 1. The server never sees that PAUSE, and answers the TEARDOWN that
// follows on the same connection with 200. It happens over plain RTSP too, less often: the TLS
// write takes longer, so the window is wider. So an error is accepted only after EOS, and only
// that one; any other (a TEARDOWN that fails, say) fails the test.
func gstLaunchRTSPS(t *testing.T, i int, url string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "gst-launch-1.0", "rtspsrc", "location="+url, "tls-validation-flags=0",
		"latency=10", "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "fakesink", "num-buffers=10").CombinedOutput()
	switch {
	case !strings.Contains(string(out), `Got EOS from element "pipeline0"`):
		t.Errorf("client %d: gst-launch rtspsrc over rtsps did not play to the end: %v\n%s", i, err, out)
	case err != nil && !onlyPauseRace(string(out)):
		t.Errorf("client %d: gst-launch rtspsrc over rtsps failed after the end of stream: %v\n%s", i, err, out)
	case err != nil:
		t.Logf("client %d: rtspsrc's own PAUSE/CLOSE race at shutdown, after all ten frames (see gstLaunchRTSPS)", i)
	}
}

// rtspsrcErrAt is the function named in the debug text of an rtspsrc message.
var rtspsrcErrAt = regexp.MustCompile(`gstrtspsrc\.c\(\d+\): (\w+) \(\)`)

// onlyPauseRace says whether every error in gst-launch-1.0's output is the interrupted PAUSE.
// Warnings (rtspsrc falling back from UDP to TCP, say) do not count.
func onlyPauseRace(out string) bool {
	blocks := strings.Split(out, "ERROR: from element")[1:]
	if len(blocks) == 0 {
		return false
	}
	for _, b := range blocks {
		if w := strings.Index(b, "WARNING: from element"); w >= 0 {
			b = b[:w]
		}
		m := rtspsrcErrAt.FindStringSubmatch(b)
		if m == nil || (m[1] != "gst_rtspsrc_try_send" && m[1] != "gst_rtspsrc_pause") ||
			!strings.Contains(b, "Could not send message. (Received end-of-file)") {
			return false
		}
	}
	return true
}

// rtspRequest sends one RTSP request on c and returns the response head.
func rtspRequest(t *testing.T, c net.Conn, rd *bufio.Reader, req string) string {
	t.Helper()
	if _, err := c.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	var head strings.Builder
	length := 0
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the response to %q: %v", strings.SplitN(req, "\r\n", 2)[0], err)
		}
		head.WriteString(line)
		if strings.HasPrefix(strings.ToLower(line), "content-length:") {
			length, _ = strconv.Atoi(strings.TrimSpace(line[len("content-length:"):]))
		}
		if line == "\r\n" {
			break
		}
	}
	if _, err := io.ReadFull(rd, make([]byte, length)); err != nil {
		t.Fatal(err)
	}
	return head.String()
}

// Multicast readers get an address from the configured range. (Receiving it is not tested: on
// one host the reader's socket and the server's RTCP socket want the same multicast port.)
func TestRTSPServerMulticastSetup(t *testing.T) {
	srv := startServer(t, ServerConfig{MulticastFrom: "239.255.42.1", MulticastTo: "239.255.42.10",
		MulticastPortMin: 25000, MulticastPortMax: 25100, MulticastTTL: 1})
	servedMount(t, srv, MountConfig{Path: "/m", Readers: []string{"*"}})
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(srv.Port()), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	rd := bufio.NewReader(c)
	url := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/m"
	if r := rtspRequest(t, c, rd, "DESCRIBE "+url+" RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n"); !strings.HasPrefix(r, "RTSP/1.0 200") {
		t.Fatalf("DESCRIBE: %s", r)
	}
	r := rtspRequest(t, c, rd, "SETUP "+url+"/stream=0 RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP;multicast\r\n\r\n")
	if !strings.HasPrefix(r, "RTSP/1.0 200") || !strings.Contains(r, "multicast;destination=239.255.42.") || !strings.Contains(r, "port=250") {
		t.Fatalf("multicast SETUP: %s", r)
	}
}

// onlyPauseRace accepts gst-launch-1.0's output of the client race (verbatim from a failing run)
// and nothing else.
func TestOnlyPauseRace(t *testing.T) {
	const race = `ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not write to resource.
Additional debug info:
../gst/rtsp/gstrtspsrc.c(6766): gst_rtspsrc_try_send (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0:
Could not send message. (Received end-of-file)
ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not write to resource.
Additional debug info:
../gst/rtsp/gstrtspsrc.c(9240): gst_rtspsrc_pause (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0:
Could not send message. (Received end-of-file)
`
	const teardown = `ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not write to resource.
Additional debug info:
../gst/rtsp/gstrtspsrc.c(8074): gst_rtspsrc_close (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0:
Could not send message. (Received end-of-file)
`
	const fellBackToTCP = `WARNING: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not read from resource.
Additional debug info:
../gst/rtsp/gstrtspsrc.c(6115): gst_rtspsrc_reconnect (): /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0:
Could not receive any UDP packets for 5.0000 seconds, maybe your firewall is blocking it. Retrying using a tcp connection.
`
	if !onlyPauseRace(race) || !onlyPauseRace(fellBackToTCP+race) {
		t.Error("the PAUSE race was not recognised")
	}
	for _, out := range []string{"", fellBackToTCP, teardown, race + teardown, strings.ReplaceAll(race, "Received end-of-file", "Timeout")} {
		if onlyPauseRace(out) {
			t.Errorf("taken for the PAUSE race:\n%s", out)
		}
	}
}
