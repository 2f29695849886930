// Package assets holds gstcast's icons: the app icon (FyneApp.toml names it) and the tray's
// idle, streaming and error icons, drawn reproducibly by gen/main.go and embedded with
// `fyne bundle` into bundled.go (committed; regenerate with go generate after changing gen).
//
// The bundle needs Fyne; a -tags nogui build has only this file.
package assets

//go:generate go run gen/main.go
//go:generate go run fyne.io/tools/cmd/fyne@v1.7.4 bundle --package assets --prefix Resource -o bundled.go icon.png tray-idle.png tray-streaming.png tray-error.png
//go:generate sh -c "printf '//go:build !nogui\\n\\n' | cat - bundled.go > bundled.go.tmp && mv bundled.go.tmp bundled.go"
