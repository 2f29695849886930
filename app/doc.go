// Package app holds everything Fyne: the main window, the stream editor, viewer windows, the
// system tray and settings, built from view-models with no GStreamer and no RPC details.
//
//   - app/viewmodel: what a viewer window shows, as plain Go (no Fyne), and the interfaces it
//     reads frames and engine events through.
//   - app/viewer: the viewer window itself (Fyne), and Run for `gstcast view`.
//
// A build with -tags nogui leaves Fyne out (a deps test checks): app/viewer then offers only a
// Run that says the GUI is missing.
package app
