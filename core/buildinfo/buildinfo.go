// Package buildinfo holds what the build stamps into the binaries: the version the CLI prints,
// the control API reports and the plugins compare. It is a leaf so that every client of the
// engine (CLI, service, GUI) reads one value without importing each other.
package buildinfo

// Version is set at build time with -ldflags "-X github.com/gstcast/gstcast/core/buildinfo.Version=…".
var Version = "dev"
