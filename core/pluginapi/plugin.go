package pluginapi

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	pb "github.com/gstcast/gstcast/core/pluginapi/proto"
)

// GRPCPlugin connects Platform to go-plugin. gRPC only: net/rpc is refused by embedding
// NetRPCUnsupportedPlugin, so the contract is language-neutral and versioned by the proto.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	// Impl is set on the plugin side only.
	Impl Platform
}

var _ plugin.GRPCPlugin = (*GRPCPlugin)(nil)

// GRPCServer registers the plugin's implementation.
func (p *GRPCPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterPlatformServer(s, &server{impl: p.Impl})
	return nil
}

// GRPCClient returns the host's view of the plugin: a Platform.
func (p *GRPCPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return &Client{c: pb.NewPlatformClient(c)}, nil
}
