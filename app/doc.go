// Package app holds everything Fyne: the main window, the stream editor, viewer windows, the
// system tray and settings, built from view-models with no GStreamer and no RPC details.
//
//   - app/viewmodel: what a viewer window shows, as plain Go (no Fyne), and the interfaces it
//     reads frames and engine events through.
//   - app/viewer: the viewer window itself (Fyne), and Run for `gstcast view`.
//   - app/appmodel: what the main window, the stream editor, "Open stream…" and settings show,
//     as plain Go (no Fyne).
//   - app/gui: the desktop app (`gstcast` with no arguments): which engine it drives, the main
//     window and its dialogs, viewer windows on the Backend, and the spot the tray plugs into.
//
// A build with -tags nogui leaves Fyne out (a deps test checks): app/viewer and app/gui then
// offer only entry points that say the GUI is missing.
package app
