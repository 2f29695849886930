package gstreamer

import (
	"errors"
	"testing"

	"github.com/gstcast/gstcast/core/pluginapi"
)

func TestFinalWarning(t *testing.T) {
	err := finalWarning("/GstPipeline:p/GstSRTSrc:src", "Failed to authenticate: Incorrect passphrase. Trying to reconnect")
	if !errors.Is(err, pluginapi.ErrUnauthorized) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	for _, c := range [][2]string{
		{"/GstPipeline:p/GstSRTSrc:src", "Error on SRT socket: Connection timeout. Trying to reconnect"},
		{"/GstPipeline:p/GstRTSPSrc:src", "Incorrect passphrase"},
	} {
		if err := finalWarning(c[0], c[1]); err != nil {
			t.Errorf("%q from %s is final: %v", c[1], c[0], err)
		}
	}
}
