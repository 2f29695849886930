package cli

import "os"

// runMain is gstcast without a command: the desktop app's main window. The app is a client
// like the CLI: it drives the daemon or service that runs, or starts one inside itself (see
// app/gui). Without a display the window cannot open and the error says so in one line, with
// `gstcast serve` for headless machines.
func runMain(a *app) error {
	ctx, stop := signalContext()
	defer stop()
	return a.windows.Main(ctx, MainOptions{Log: a.log, ConfigPath: os.Getenv(envConfig), Standalone: a.standalone})
}

// runTray is the desktop app with only its tray showing (what the login autostart entry runs);
// where there is no tray the main window opens instead.
func runTray(a *app, args []string) error {
	fs := newFlags(a, "tray")
	if _, err := parse(a, fs, args, ""); err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	return a.windows.Main(ctx, MainOptions{Log: a.log, ConfigPath: os.Getenv(envConfig), Standalone: a.standalone, Hidden: true})
}

// envConfig names another config file for the app's own engine (tests, portable installs).
const envConfig = "GSTCAST_CONFIG"
