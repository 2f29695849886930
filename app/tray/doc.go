// Package tray is gstcast's system tray: the favourite streams of the daemon's config one click
// away (start, and stop again), the running streams with "view" and "stop", show/hide of the
// main window, start at login, and quit. Its icon says idle, streaming or error.
//
// What the menu shows is a view-model, plain Go with no Fyne: Build turns a State (statuses
// from Backend.Watch, favourites from Backend.Config) into a Menu, tested without rendering.
// Tray keeps that State from the backend's events and carries out the menu's actions; only
// Start (fyne.go) hands the Menu to Fyne's desktop.App, which on Linux serves it over D-Bus
// (StatusNotifierItem + com.canonical.dbusmenu, through fyne.io/systray).
//
// Fyne 2.7.1's tray panics on quit when there is no D-Bus session bus (fyne-io/fyne#6403), so
// Available checks for one before anything creates a tray, and for a tray host
// (org.kde.StatusNotifierWatcher), so that the app knows whether closing its main window may
// leave it running in the tray. Start refuses to create a tray without a session bus.
//
// Autostart at login (SetAutostart, Autostart) is an XDG autostart entry on Linux and a
// value under HKCU\Software\Microsoft\Windows\CurrentVersion\Run on Windows; it has no Fyne and
// builds everywhere, -tags nogui included. Package traytest holds the D-Bus test doubles.
package tray
