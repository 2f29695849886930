// Package app will hold everything Fyne: the main window, the stream editor, viewer windows,
// the system tray and settings, built from view-models with no GStreamer and no RPC details.
// It arrives with the viewer and desktop issues; until then gstcast is command line and
// headless only, and nothing imports Fyne (a deps test keeps Fyne out of -tags nogui builds).
package app
