package pluginapi

import (
	"os"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

// Serve runs a plugin: call it from main with your Platform. It never returns while the host
// is connected. Logs go to stderr as hclog JSON, which the host re-levels into its own log.
func Serve(impl Platform) {
	ServeVersion(ProtocolVersion, impl)
}

// ServeVersion serves impl as protocol version v. Plugins use Serve; this exists so tests can
// build a plugin of another version and check that the host refuses it clearly.
func ServeVersion(v int, impl Platform) {
	hs := Handshake
	hs.ProtocolVersion = uint(v)
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  hs,
		VersionedPlugins: map[int]plugin.PluginSet{v: {PluginName: &GRPCPlugin{Impl: impl}}},
		GRPCServer:       plugin.DefaultGRPCServer,
		Logger:           NewLogger(""),
	})
}

// NewLogger is the logger a plugin should use: JSON on stderr, level from GSTCAST_LOG_LEVEL.
func NewLogger(name string) hclog.Logger {
	lvl := hclog.LevelFromString(os.Getenv("GSTCAST_LOG_LEVEL"))
	if lvl == hclog.NoLevel {
		lvl = hclog.Info
	}
	return hclog.New(&hclog.LoggerOptions{Name: name, Level: lvl, Output: os.Stderr, JSONFormat: true})
}
