// Package appmodel is what the desktop app's main window, stream editor, "Open stream…" dialog
// and settings show, as plain Go: no Fyne, no rendering, so every rule of the window (which
// engine it drives, how a stream row reads, an error in a user's words, what the editor turns
// into, what is saved in the config, which URLs are remembered) is unit-tested here. The windows
// in app/gui only lay these out.
package appmodel
