// A plugin that records what ServeWith does, for the host-connection tests of package
// pluginapi: each step is a line appended to the file named by GSTCAST_TEST_RECORD.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
)

func main() {
	record := func(format string, args ...any) {
		f, err := os.OpenFile(os.Getenv("GSTCAST_TEST_RECORD"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(f, format+"\n", args...)
		f.Close()
	}
	timeout, _ := time.ParseDuration(os.Getenv("GSTCAST_TEST_CONNECT_TIMEOUT"))
	record("serving pid=%d", os.Getpid())
	pluginapi.ServeWith(&pluginapi.Mock{InfoFunc: func(context.Context) (*pluginapi.Info, error) {
		return &pluginapi.Info{Name: "hostwatch", Supported: true}, nil
	}}, pluginapi.ServeOptions{
		ConnectTimeout: timeout,
		HostGone: func(reason string) {
			// Takes a while, as stopping pipelines does: Serve must wait for it.
			time.Sleep(300 * time.Millisecond)
			record("host gone: %s", reason)
		},
	})
	record("returned")
}
