package pluginapi

import "github.com/hashicorp/go-plugin"

// ProtocolVersion is the contract version this build speaks. Bump it only for a change that is
// not additive; add the new version to VersionedPlugins next to the old one while both are served.
const ProtocolVersion = 1

// PluginName is the key the platform service is dispensed under.
const PluginName = "platform"

// Handshake is shared by host and plugins. The cookie is not security: it keeps a user who runs
// a plugin binary by hand from staring at a hung process (go-plugin prints a hint instead).
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "GSTCAST_PLUGIN",
	MagicCookieValue: "c5b1f0d2-6b0e-4a3e-9a3f-gstcast-platform",
}

// HostPlugins is what a host offers to dispense, per protocol version it understands.
func HostPlugins() map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		ProtocolVersion: {PluginName: &GRPCPlugin{}},
	}
}
