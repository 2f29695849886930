// A plugin that speaks protocol version 99, to check that the host refuses it clearly.
package main

import (
	"context"

	"github.com/gstcast/gstcast/core/pluginapi"
)

func main() {
	pluginapi.ServeVersion(99, &pluginapi.Mock{InfoFunc: func(context.Context) (*pluginapi.Info, error) {
		return &pluginapi.Info{Name: "badversion"}, nil
	}})
}
