package main

// The plugin tested the way docs/PLUGINS.md suggests: behind a real in-process gRPC connection
// (go-plugin's TestPluginGRPCConn with the contract's GRPCPlugin), so every answer crosses the
// wire as it would from the host, and errors keep their identity (errors.Is) across it.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

func dial(t *testing.T, impl pluginapi.Platform) pluginapi.Platform {
	t.Helper()
	client, _ := plugin.TestPluginGRPCConn(t, false, map[string]plugin.Plugin{pluginapi.PluginName: &pluginapi.GRPCPlugin{Impl: impl}})
	t.Cleanup(func() { client.Close() })
	raw, err := client.Dispense(pluginapi.PluginName)
	if err != nil {
		t.Fatal(err)
	}
	return raw.(pluginapi.Platform)
}

func folder(t *testing.T, files ...string) string {
	dir := t.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("not really a video"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTheContractOverGRPC(t *testing.T) {
	dir := folder(t, "b clip.mp4", "a.mkv", "notes.txt")
	p := dial(t, New(dir, hclog.NewNullLogger()))
	ctx := context.Background()

	info, err := p.Info(ctx)
	if err != nil || info.Name != Name || info.ProtocolVersion != pluginapi.ProtocolVersion || info.SourceKinds[0] != "plugin" {
		t.Fatalf("Info %+v, %v", info, err)
	}
	ch, err := p.Devices(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var ids, uris []string
	for ev := range ch {
		if ev.Type == pluginapi.DeviceSnapshot {
			ids, uris = append(ids, ev.Device.ID), append(uris, ev.Device.URI)
		}
	}
	if strings.Join(ids, ",") != "a.mkv,b clip.mp4" || uris[1] != "plugin://example-folder/b%20clip.mp4" {
		t.Fatalf("devices %v %v", ids, uris)
	}
	// The URI of a device is a source the host parses and hands back to this plugin.
	src, err := spec.ParseSource(uris[1])
	if err != nil || src.Kind != spec.SourcePlugin || src.Plugin != Name {
		t.Fatalf("%s parses to %+v, %v", uris[1], src, err)
	}
	rtp := spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: 5000}
	plan, err := p.Pipeline(ctx, "", &pluginapi.StreamSpec{Source: src, Output: rtp})
	if err != nil || !strings.Contains(plan.Launch, "'location="+filepath.Join(dir, "b clip.mp4")+"'") || !strings.Contains(plan.Launch, "udpsink host=127.0.0.1 port=5000") {
		t.Fatalf("plan %+v, %v", plan, err)
	}
	pub, _ := spec.ParseOutput("rtsp://bob:s3cret@127.0.0.1:8554/live")
	plan, err = p.Pipeline(ctx, "", &pluginapi.StreamSpec{Source: src, Output: pub})
	if err != nil || !strings.Contains(plan.Launch, "rtspclientsink") || strings.Contains(plan.Launch, "s3cret") {
		t.Fatalf("publish plan %+v, %v", plan, err)
	}

	// Errors cross the wire as what they are.
	for _, c := range []struct {
		src  string
		out  spec.Output
		want error
	}{
		{"plugin://example-folder/missing.mp4", rtp, pluginapi.ErrFileNotFound},
		{"plugin://example-folder/notes.txt", rtp, pluginapi.ErrFileNotFound},
		{"plugin://example-folder/..%2Fetc%2Fpasswd", rtp, pluginapi.ErrInvalidSpec},
		{"plugin://another/a.mkv", rtp, pluginapi.ErrUnsupported},
		{"plugin://example-folder/a.mkv", spec.Output{Kind: spec.OutputServe, Mount: "m"}, pluginapi.ErrUnsupported},
	} {
		s, err := spec.ParseSource(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.StartStream(ctx, &pluginapi.StreamSpec{Source: s, Output: c.out}); !errors.Is(err, c.want) {
			t.Errorf("%s → %s: %v, want %v", c.src, c.out.Kind, err, c.want)
		}
	}
	if _, err := p.StartView(ctx, &spec.ViewSpec{Source: src}); !errors.Is(err, pluginapi.ErrUnsupported) {
		t.Errorf("StartView: %v", err)
	}
	if err := p.Stop(ctx, "f99"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("Stop of nothing: %v", err)
	}
}

// Files that come and go are followed.
func TestDevicesFollow(t *testing.T) {
	dir := folder(t, "a.mp4")
	p := dial(t, New(dir, hclog.NewNullLogger()))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ch, err := p.Devices(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for ev := range ch {
		if ev.Type == pluginapi.DeviceSnapshotDone {
			break
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "new.mp4"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "a.mp4"))
	seen := map[pluginapi.DeviceEventType]string{}
	for ev := range ch {
		seen[ev.Type] = ev.Device.ID
		if len(seen) == 2 {
			break
		}
	}
	if seen[pluginapi.DeviceAdded] != "new.mp4" || seen[pluginapi.DeviceRemoved] != "a.mp4" {
		t.Errorf("followed %v", seen)
	}
}

func TestUnsupportedWithoutItsFolder(t *testing.T) {
	info, _ := New(filepath.Join(t.TempDir(), "nope"), hclog.NewNullLogger()).Info(context.Background())
	if info.Supported || !strings.Contains(info.Reason, FolderEnv) {
		t.Errorf("info %+v", info)
	}
}
