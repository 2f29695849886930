package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/service"
)

const serviceUsage = "install|uninstall|start|stop|restart|status [--user] [--config FILE]"

// runService is `gstcast service`: the system service (systemd, or the Windows Service Control
// Manager) or, with --user, this user's systemd service. `service run` is what the service
// manager starts; people do not type it.
func runService(a *app, args []string) error {
	if len(args) == 0 {
		return usagef("say what to do: %s", serviceUsage)
	}
	sub := args[0]
	if sub == "-h" || sub == "--help" || sub == "help" {
		printServiceHelp(a)
		return flag.ErrHelp
	}
	fs := newFlags(a, "service "+sub)
	user := fs.Bool("user", false, "this user's own service (systemd --user) instead of the system-wide one")
	userCfg, _ := service.DefaultConfig(true)
	sysCfg, _ := service.DefaultConfig(false)
	cfg := fs.String("config", "", fmt.Sprintf("config file (default %s; with --user %s)", sysCfg, userCfg))
	system, logFile := new(bool), new(string)
	if sub == "run" {
		fs.BoolVar(system, "system", false, "the system service")
		fs.StringVar(logFile, "log-file", "", "log file (default: the config's log.file, else the service's log folder; - for none)")
	}
	pos, err := parse(a, fs, args[1:], "[--user] [--config FILE]")
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected %q", pos)
	}
	sp := service.Spec{User: *user, Config: *cfg}
	m := service.NewManager(sp, a.stdout)
	switch sub {
	case "install":
		return m.Install()
	case "uninstall":
		return m.Uninstall()
	case "start":
		return m.Start()
	case "stop":
		return m.Stop()
	case "restart":
		return m.Restart()
	case "status":
		printServiceReport(a, m.Status())
		return nil
	case "run":
		if *system == *user {
			return usagef("service run needs --system or --user (the service manager starts it so)")
		}
		return service.Run(service.RunOptions{Spec: sp, LogFile: *logFile, Stderr: a.stderr})
	}
	return usagef("unknown service command %q: %s", sub, serviceUsage)
}

func printServiceHelp(a *app) {
	userCfg, _ := service.DefaultConfig(true)
	sysCfg, _ := service.DefaultConfig(false)
	fmt.Fprintf(a.stdout, `Usage: gstcast service %s

  install    set the service up, enable it at boot and start it
  uninstall  stop it and remove it (its config and logs stay)
  start, stop, restart
  status     installed or not, running or not, and what it serves

The system service (the default) runs as user gstcast and reads %s;
--user is your own systemd service, reading %s
(it starts when you log in; at boot without a login after: loginctl enable-linger $USER).
Changing the system service needs root (sudo). See docs/SERVICE.md.
`, serviceUsage, sysCfg, userCfg)
}

// printServiceReport is `gstcast service status`: the service's state, its files, and the
// streams its API lists when it answers.
func printServiceReport(a *app, st service.State) {
	what := st.Spec.What()
	if runtime.GOOS == "windows" {
		what = "the gstcast Windows service"
	}
	fmt.Fprintf(a.stdout, "%s: %s\n", what, st.Word())
	if st.Err != nil {
		fmt.Fprintf(a.stdout, "note:    %s\n", oneLine(st.Err.Error()))
	}
	if st.Installed && st.Unit != "" {
		fmt.Fprintf(a.stdout, "unit:    %s\n", st.Unit)
	}
	if st.Installed {
		fmt.Fprintf(a.stdout, "config:  %s\n", st.Spec.Config)
		fmt.Fprintf(a.stdout, "logs:    %s\n", st.Spec.LogHint())
	}
	if st.Failed {
		fmt.Fprintf(a.stdout, "it failed: the log says why (%s)\n", st.Spec.LogHint())
	}
	if st.Spec.User && runtime.GOOS == "linux" && st.Installed {
		fmt.Fprintln(a.stdout, "boot:    a user service starts at boot without a login only after: loginctl enable-linger $USER")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialScope(ctx, st.Spec.User)
	if err != nil {
		if st.Running {
			fmt.Fprintf(a.stdout, "api:     %s\n", oneLine(err.Error()))
		}
		return
	}
	defer c.Close()
	about, err := c.About(ctx)
	if err != nil {
		return
	}
	fmt.Fprintf(a.stdout, "daemon:  %s (pid %d, user %s, up %s)\n", about.Describe(), about.PID, about.User, time.Since(about.Started).Round(time.Second))
	all, err := c.List(ctx)
	switch {
	case err != nil:
		fmt.Fprintf(a.stdout, "streams: %s\n", oneLine(err.Error()))
	case len(all) == 0:
		fmt.Fprintln(a.stdout, "streams: none (add mounts to the config)")
	default:
		fmt.Fprintln(a.stdout)
		printStatuses(a, all)
	}
}

// dialScope reaches the API of the system service, or of this user's daemon, and no other.
func dialScope(ctx context.Context, user bool) (*control.Client, error) {
	kind := control.KindSystem
	if user {
		kind = control.KindUser
	}
	var last error = control.ErrNoDaemon
	for _, e := range control.Candidates() {
		if e.Kind != kind {
			continue
		}
		if e.Network == "unix" {
			if _, err := os.Stat(e.Address); err != nil {
				continue
			}
		}
		token := os.Getenv(control.EnvToken)
		if e.Network == "tcp" && token == "" && e.TokenFile != "" {
			t, err := control.ReadToken(e.TokenFile)
			if err != nil {
				last = fmt.Errorf("%w: the API at %s wants the token in %s: %v", control.ErrPermission, e.Address, e.TokenFile, err)
				continue
			}
			token = t
		}
		c := control.NewClient(e, token)
		actx, cancel := context.WithTimeout(ctx, 3*time.Second)
		_, err := c.About(actx)
		cancel()
		if err == nil {
			return c, nil
		}
		c.Close()
		last = fmt.Errorf("%s does not answer: %w", e, err)
		if errors.Is(err, os.ErrPermission) || strings.Contains(err.Error(), "permission denied") {
			last = fmt.Errorf("%w: %s: join group %s (sudo usermod -aG %s $USER, then log in again)", control.ErrPermission, e, service.Account, service.Account)
		}
	}
	return nil, last
}

// printServiceState is the service's line in `gstcast status`.
func printServiceState(a *app) {
	var lines []string
	none := true
	for _, user := range []bool{false, true} {
		st := service.NewManager(service.Spec{User: user}, nil).Status()
		switch {
		case errors.Is(st.Err, service.ErrNoServiceManager) && !user:
			fmt.Fprintln(a.stdout, "service: none: systemd is not running here (a container?); gstcast serve runs the daemon in the foreground")
			return
		case errors.Is(st.Err, service.ErrUnsupported) && !user:
			return
		case !st.Installed:
			continue
		}
		none = false
		line := fmt.Sprintf("service: %s service %s", st.Spec.Scope(), st.Word())
		if st.Unit != "" {
			line += " (" + st.Unit + ")"
		}
		if st.Err != nil {
			line += ": " + oneLine(st.Err.Error())
		}
		lines = append(lines, line)
	}
	if none {
		fmt.Fprintln(a.stdout, "service: not installed (gstcast service install, or --user, sets one up)")
		return
	}
	for _, l := range lines {
		fmt.Fprintln(a.stdout, l)
	}
}
