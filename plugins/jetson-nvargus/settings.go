package main

import (
	"strconv"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// settings describes nvarguscamerasrc's camera settings (its properties, as gst-inspect-1.0 shows
// them on JetPack 5/6), with the exposure and analog gain limits of the sensor's modes:
// argus://0?ctrl.exposuretimerange=34000%20358733000&ctrl.wbmode=daylight sets them.
func settings(modes []mode) []pluginapi.Control {
	expMin, expMax, gainMin, gainMax := int64(0), int64(0), 0.0, 0.0
	for i, m := range modes {
		if i == 0 || m.ExposureMin < expMin {
			expMin = m.ExposureMin
		}
		if m.ExposureMax > expMax {
			expMax = m.ExposureMax
		}
		if i == 0 || m.GainMin < gainMin {
			gainMin = m.GainMin
		}
		if m.GainMax > gainMax {
			gainMax = m.GainMax
		}
	}
	exposure := pluginapi.Control{Name: "exposuretimerange", Label: "Exposure time range (auto exposure stays within it)", Type: "range", Unit: "ns"}
	gain := pluginapi.Control{Name: "gainrange", Label: "Analog gain range", Type: "range"}
	if len(modes) > 0 {
		exposure.Min, exposure.Max = strconv.FormatInt(expMin, 10), strconv.FormatInt(expMax, 10)
		gain.Min, gain.Max = ftoa(gainMin), ftoa(gainMax)
	}
	return []pluginapi.Control{
		exposure,
		gain,
		{Name: "ispdigitalgainrange", Label: "ISP digital gain range", Type: "range", Min: "1", Max: "256"},
		{Name: "wbmode", Label: "White balance mode", Type: "enum", Default: "1", Menu: menu(
			"off", "auto", "incandescent", "fluorescent", "warm-fluorescent", "daylight", "cloudy-daylight", "twilight", "shade", "manual")},
		{Name: "saturation", Label: "Saturation", Type: "float", Min: "0", Max: "2", Default: "1"},
		{Name: "exposurecompensation", Label: "Exposure compensation", Type: "float", Min: "-2", Max: "2", Default: "0", Unit: "EV"},
		{Name: "aelock", Label: "Auto exposure lock", Type: "bool", Default: "false"},
		{Name: "awblock", Label: "Auto white balance lock", Type: "bool", Default: "false"},
		{Name: "aeantibanding", Label: "Auto exposure antibanding", Type: "enum", Default: "1", Menu: menu(
			"AeAntibandingMode_Off", "AeAntibandingMode_Auto", "AeAntibandingMode_50HZ", "AeAntibandingMode_60HZ")},
		{Name: "tnr-mode", Label: "Temporal noise reduction mode", Type: "enum", Default: "1", Menu: menu(
			"NoiseReduction_Off", "NoiseReduction_Fast", "NoiseReduction_HighQuality")},
		{Name: "tnr-strength", Label: "Temporal noise reduction strength", Type: "float", Min: "-1", Max: "1", Default: "-1"},
		{Name: "ee-mode", Label: "Edge enhancement mode", Type: "enum", Default: "1", Menu: menu(
			"EdgeEnhancement_Off", "EdgeEnhancement_Fast", "EdgeEnhancement_HighQuality")},
		{Name: "ee-strength", Label: "Edge enhancement strength", Type: "float", Min: "-1", Max: "1", Default: "-1"},
	}
}

// menu numbers an enum's nicks from 0, as nvarguscamerasrc's enums are.
func menu(nicks ...string) []pluginapi.MenuItem {
	out := make([]pluginapi.MenuItem, len(nicks))
	for i, n := range nicks {
		out[i] = pluginapi.MenuItem{Value: strconv.Itoa(i), Name: n}
	}
	return out
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
