package main

import (
	"bytes"
	"os"
	"strings"
)

// jetson says whether this is a Jetson, naming the model (device tree) and the L4T release.
func jetson() (bool, string) {
	return isJetson(readFile("/proc/device-tree/model"), readFile("/etc/nv_tegra_release"))
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(bytes.TrimRight(b, "\x00\n"))
}

func isJetson(model, release string) (bool, string) {
	if !strings.Contains(model, "Jetson") && release == "" {
		if model == "" {
			return false, "not an NVIDIA Jetson (no device-tree model, no /etc/nv_tegra_release)"
		}
		return false, "not an NVIDIA Jetson (device-tree model: " + model + ")"
	}
	note := model
	if note == "" {
		note = "NVIDIA Jetson"
	}
	if r, _, _ := strings.Cut(release, ","); strings.HasPrefix(r, "# R") {
		note += " (L4T " + strings.TrimPrefix(r, "# ") + ")"
	}
	if strings.Contains(model, "Orin Nano") {
		note += "; Orin Nano has no hardware video encoder, so the encoder probe is expected to choose x264enc"
	}
	return true, note
}
