package main

import (
	"bytes"
	"os"
	"strings"
)

// modelFile is where Linux on a device-tree board names the board.
const modelFile = "/proc/device-tree/model"

// raspberryPi says whether this is a Raspberry Pi, naming the model: the plugin ranks above the
// generic linux-v4l2 plugin, so it must not claim other Linux machines, which have v4l2src too.
func raspberryPi() (bool, string) { return isPi(readModel(modelFile)) }

func readModel(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(bytes.TrimRight(b, "\x00\n"))
}

func isPi(model string) (bool, string) {
	switch {
	case model == "":
		return false, "not a Raspberry Pi (no device-tree model)"
	case !strings.Contains(model, "Raspberry Pi"):
		return false, "not a Raspberry Pi (device-tree model: " + model + ")"
	case strings.Contains(model, "Raspberry Pi 5"):
		return true, model + " (no H.264 hardware encoder or decoder: x264enc and avdec_h264 serve)"
	}
	return true, model
}
