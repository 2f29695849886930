//go:build linux

package service

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	kservice "github.com/kardianos/service"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/daemon"
)

// host is what the manager asks the machine; tests replace parts of it.
type host struct {
	euid func() int
	// systemd is nil when systemd runs as PID 1.
	systemd func() error
	// userManager is nil when this user's systemd manager answers.
	userManager func() error
	// keepFailedUnit keeps a unit that systemctl enable refused (tests read it).
	keepFailedUnit bool
}

func defaultHost() host {
	return host{euid: os.Geteuid, systemd: systemdBooted, userManager: userManagerAnswers}
}

// systemdBooted is sd_booted(): /run/systemd/system exists when systemd is PID 1.
func systemdBooted() error {
	if fi, err := os.Stat("/run/systemd/system"); err == nil && fi.IsDir() {
		return nil
	}
	pid1 := "unknown"
	if b, err := os.ReadFile("/proc/1/comm"); err == nil {
		pid1 = strings.TrimSpace(string(b))
	}
	return errorf(ErrNoServiceManager, "systemd is not running here (PID 1 is %q; a container?), so there is no service to install or control: run the daemon with gstcast serve, under the container's own supervisor", pid1)
}

func userManagerAnswers() error {
	out, err := exec.Command("systemctl", "--user", "show-environment").CombinedOutput()
	if err == nil {
		return nil
	}
	who := "this user"
	if u, e := user.Current(); e == nil {
		who = u.Username
	}
	return errorf(ErrNoServiceManager, "no systemd user manager answers for %s (%s): log in to a session of that user (ssh or the desktop, not su or sudo), or install the system service instead", who, strings.TrimSpace(firstLine(string(out), err.Error())))
}

func firstLine(s, otherwise string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return otherwise
	}
	return strings.SplitN(s, "\n", 2)[0]
}

// newService is kardianos's systemd service, chosen explicitly: kardianos picks a system when
// the program starts, and picks SysV where systemd is not PID 1 (a container).
func newService(i kservice.Interface, c *kservice.Config) (kservice.Service, error) {
	for _, s := range kservice.AvailableSystems() {
		if s.String() == "linux-systemd" {
			return s.New(i, c)
		}
	}
	return kservice.New(i, c)
}

// UnitPath is where the unit file is (kardianos writes it there).
func (m *Manager) UnitPath() string {
	if !m.Spec.User {
		return "/etc/systemd/system/" + Name + ".service"
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".config", "systemd", "user", Name+".service")
}

// systemctl is how a person runs systemctl for this scope.
func (m *Manager) systemctl() string {
	if m.Spec.User {
		return "systemctl --user"
	}
	return "systemctl"
}

func (m *Manager) journalctl() string {
	if m.Spec.User {
		return "journalctl --user -u " + Name
	}
	return "journalctl -u " + Name
}

// mayChange refuses to change the system service without root.
func (m *Manager) mayChange(verb string) error {
	if !m.Spec.User && m.host.euid() != 0 {
		return errorf(ErrNeedRoot, "to %s the gstcast system service, run with sudo, or use --user for a service of your own", verb)
	}
	return nil
}

// manager says whether systemd (and, for a user service, the user's manager) runs.
func (m *Manager) manager() error {
	if err := m.host.systemd(); err != nil {
		return err
	}
	if m.Spec.User {
		return m.host.userManager()
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// ready runs the checks every change needs and returns the resolved spec.
func (m *Manager) ready(verb string, wantInstalled bool) (Spec, error) {
	if err := m.mayChange(verb); err != nil {
		return Spec{}, err
	}
	if err := m.manager(); err != nil {
		return Spec{}, err
	}
	sp, err := m.Spec.resolved()
	if err != nil {
		return Spec{}, err
	}
	unit := m.UnitPath()
	switch installed := exists(unit); {
	case wantInstalled && !installed:
		flag := ""
		if m.Spec.User {
			flag = " --user"
		}
		return Spec{}, errorf(ErrNotInstalled, "%s is not installed (there is no %s; gstcast service install%s sets it up)", m.Spec.What(), unit, flag)
	case !wantInstalled && installed:
		return Spec{}, errorf(ErrAlreadyInstalled, "%s is already installed (%s): gstcast service restart runs it again, gstcast service uninstall removes it", m.Spec.What(), unit)
	}
	return sp, nil
}

func (m *Manager) service(sp Spec, unit string) (kservice.Service, error) {
	opts := kservice.KeyValue{}
	if unit != "" {
		if strings.Contains(unit, "{{") {
			return nil, fmt.Errorf("a path holds %q, which kardianos/service would read as a template: %s", "{{", unit)
		}
		opts["SystemdScript"] = unit
	}
	return newService(nop{}, sp.kconfig(opts))
}

// Install writes the unit (and, for the system service, the gstcast account and the config
// folder), enables it and starts it.
func (m *Manager) Install() error {
	sp, err := m.ready("install", false)
	if err != nil {
		return err
	}
	if err := checkExecutable(sp); err != nil {
		return err
	}
	var groups []string
	if !sp.User {
		if groups, err = m.ensureAccount(); err != nil {
			return err
		}
	}
	if err := m.ensureConfig(sp); err != nil {
		return err
	}
	u := Unit{User: sp.User, Exec: append([]string{sp.Executable}, sp.Args()...), Groups: groups}
	s, err := m.service(sp, u.Render())
	if err != nil {
		return err
	}
	if err := s.Install(); err != nil {
		// kardianos writes the unit, then runs systemctl enable: take back a unit that was not
		// enabled, so that install can simply be run again.
		if !m.host.keepFailedUnit {
			os.Remove(m.UnitPath())
		}
		return fmt.Errorf("install %s: %w (systemctl enable %s.service failed; see %s status %s)", m.UnitPath(), err, Name, m.systemctl(), Name)
	}
	m.say("installed %s: %s (enabled)", sp.What(), m.UnitPath())
	if err := s.Start(); err != nil {
		return fmt.Errorf("%s is installed but did not start: %s start %s.service failed (%w); see %s status %s and %s", sp.What(), m.systemctl(), Name, err, m.systemctl(), Name, m.journalctl())
	}
	m.say("started it: gstcast status shows what it serves")
	if sp.User {
		m.say("it runs as %s and starts when you log in; to start it at boot without a login: loginctl enable-linger $USER", currentUser())
		if lingering() {
			m.say("(lingering is already on for %s: it starts at boot)", currentUser())
		}
	} else {
		m.say("it runs as user %s (groups %s), not root", Account, strings.Join(append([]string{Account}, groups...), ", "))
		m.say("members of group %s may drive it: sudo usermod -aG %s $USER (then log in again)", Account, Account)
	}
	m.say("config: %s (saved changes apply at once)", sp.Config)
	m.say("logs:   %s -f, gstcast logs -f", m.journalctl())
	return nil
}

// Uninstall stops the service and removes its unit; the config, the logs and the gstcast
// account stay.
func (m *Manager) Uninstall() error {
	sp, err := m.ready("uninstall", true)
	if err != nil {
		return err
	}
	s, err := m.service(sp, "")
	if err != nil {
		return err
	}
	_ = s.Stop() // a stopped service is fine
	if err := s.Uninstall(); err != nil {
		return fmt.Errorf("uninstall %s: %w", m.UnitPath(), err)
	}
	m.say("removed %s (%s)", sp.What(), m.UnitPath())
	if sp.User {
		m.say("kept the config %s", sp.Config)
	} else {
		m.say("kept the config %s, the logs in %s and the %s account; to remove them too: sudo userdel %s; sudo groupdel %s; sudo rm -r %s %s",
			sp.Config, LogDir, Account, Account, Account, filepath.Dir(sp.Config), LogDir)
	}
	return nil
}

// Start starts the installed service.
func (m *Manager) Start() error { return m.control("start", kservice.Service.Start) }

// Stop stops it.
func (m *Manager) Stop() error { return m.control("stop", kservice.Service.Stop) }

// Restart stops and starts it.
func (m *Manager) Restart() error { return m.control("restart", kservice.Service.Restart) }

func (m *Manager) control(verb string, do func(kservice.Service) error) error {
	sp, err := m.ready(verb, true)
	if err != nil {
		return err
	}
	s, err := m.service(sp, "")
	if err != nil {
		return err
	}
	if err := do(s); err != nil {
		return fmt.Errorf("%s %s %s.service: %w; see %s status %s and %s", m.systemctl(), verb, Name, err, m.systemctl(), Name, m.journalctl())
	}
	past := map[string]string{"start": "started", "stop": "stopped", "restart": "restarted"}[verb]
	m.say("%s %s", past, sp.What())
	return nil
}

// Status says whether the service is installed and running.
func (m *Manager) Status() State {
	st := State{Spec: m.Spec, Unit: m.UnitPath()}
	if sp, err := m.Spec.resolved(); err == nil {
		st.Spec = sp
	}
	st.Installed = st.Unit != "" && exists(st.Unit)
	if err := m.manager(); err != nil {
		st.Err = err
		return st
	}
	if !st.Installed {
		return st
	}
	s, err := m.service(st.Spec, "")
	if err != nil {
		st.Err = err
		return st
	}
	status, err := s.Status()
	switch {
	case err == nil && status == kservice.StatusRunning:
		st.Running = true
	case err == nil && status == kservice.StatusStopped:
	case err != nil && strings.Contains(err.Error(), "failed state"):
		st.Failed = true
	case errors.Is(err, kservice.ErrNotInstalled):
		st.Err = fmt.Errorf("the unit file is there but systemd does not know it: %s daemon-reload", m.systemctl())
	case err != nil:
		st.Err = err
	}
	return st
}

// checkExecutable refuses a binary the service could not run: the system service's user must
// reach it through every folder above it (not in a home folder only its owner may enter).
func checkExecutable(sp Spec) error {
	fi, err := os.Stat(sp.Executable)
	if err != nil {
		return err
	}
	if sp.User {
		return nil
	}
	if fi.Mode().Perm()&0o001 == 0 {
		return fmt.Errorf("user %s could not run %s (it is not executable by others): install gstcast where services can run it, e.g. sudo install -m 755 %s /usr/local/bin/ with its gstcast-plugin-* beside it",
			Account, sp.Executable, sp.Executable)
	}
	for dir := filepath.Dir(sp.Executable); ; dir = filepath.Dir(dir) {
		di, err := os.Stat(dir)
		if err != nil {
			return err
		}
		if di.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("user %s could not run %s (%s is closed to other users): install gstcast where services can run it, e.g. sudo install -m 755 %s /usr/local/bin/ with its gstcast-plugin-* beside it",
				Account, sp.Executable, dir, sp.Executable)
		}
		if dir == filepath.Dir(dir) {
			return nil
		}
	}
}

// ensureAccount creates the system group and user gstcast (useradd --system) when missing and
// returns the device groups the service joins.
func (m *Manager) ensureAccount() ([]string, error) {
	var groups []string
	for _, g := range []string{"video", "render"} {
		if _, err := user.LookupGroup(g); err == nil {
			groups = append(groups, g)
		}
	}
	if _, err := user.LookupGroup(Account); err != nil {
		if err := runTool("groupadd", "--system", Account); err != nil {
			return nil, err
		}
		m.say("created the system group %s", Account)
	}
	if _, err := user.Lookup(Account); err != nil {
		args := []string{"--system", "--gid", Account, "--home-dir", StateDir, "--no-create-home",
			"--shell", nologin(), "--comment", "gstcast streaming service"}
		if len(groups) > 0 {
			args = append(args, "--groups", strings.Join(groups, ","))
		}
		if err := runTool("useradd", append(args, Account)...); err != nil {
			return nil, err
		}
		m.say("created the system user %s (groups %s)", Account, strings.Join(append([]string{Account}, groups...), ", "))
	}
	return groups, nil
}

func runTool(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

func nologin() string {
	for _, p := range []string{"/usr/sbin/nologin", "/sbin/nologin"} {
		if exists(p) {
			return p
		}
	}
	return "/bin/false"
}

// ensureConfig writes a commented config when there is none and checks the one there is (a
// service that cannot read its config would only restart and fail). The system service's
// config folder and file belong to root, group gstcast: the service reads them, only root
// changes them.
func (m *Manager) ensureConfig(sp Spec) error {
	dir := filepath.Dir(sp.Config)
	gid := -1
	if !sp.User {
		g, err := user.LookupGroup(Account)
		if err != nil {
			return err
		}
		gid, _ = strconv.Atoi(g.Gid)
	}
	switch {
	case !sp.User && dir == daemon.SystemConfigDir():
		// /etc/gstcast: root's, open to group gstcast only.
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("config folder: %w", err)
		}
		if err := os.Chown(dir, 0, gid); err != nil {
			return fmt.Errorf("config folder: %w", err)
		}
		if err := os.Chmod(dir, 0o750); err != nil {
			return fmt.Errorf("config folder: %w", err)
		}
	case !sp.User:
		if err := os.MkdirAll(dir, 0o755); err != nil { // the gstcast user must enter it
			return fmt.Errorf("config folder: %w", err)
		}
	default:
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("config folder: %w", err)
		}
	}
	text, err := os.ReadFile(sp.Config)
	switch {
	case errors.Is(err, os.ErrNotExist):
		mode := os.FileMode(0o600)
		if !sp.User {
			mode = 0o640
		}
		if err := os.WriteFile(sp.Config, []byte(DefaultConfigText), mode); err != nil {
			return fmt.Errorf("config: %w", err)
		}
		if !sp.User {
			if err := os.Chown(sp.Config, 0, gid); err != nil {
				return fmt.Errorf("config: %w", err)
			}
		}
		m.say("wrote a commented config to %s: it serves nothing until you add mounts", sp.Config)
	case err != nil:
		return fmt.Errorf("config: %w", err)
	default:
		if _, _, err := config.Check(text, dir); err != nil {
			return fmt.Errorf("%s: %w (fix it first: the service would not start with it)", sp.Config, err)
		}
		if !sp.User && !readableBy(sp.Config, gid) {
			m.say("note: user %s may not read %s: sudo chgrp %s %s && sudo chmod g+r %s", Account, sp.Config, Account, sp.Config, sp.Config)
		}
	}
	if !sp.User && filepath.Dir(control.SystemTokenFile()) == dir {
		// The token of an API TCP port (api.listen): made now, because the service itself
		// may not write in its config folder.
		tok := control.SystemTokenFile()
		if _, err := control.LoadOrCreateToken(tok, 0o640); err != nil {
			return err
		}
		if err := os.Chown(tok, 0, gid); err != nil {
			return fmt.Errorf("api token: %w", err)
		}
		if err := os.Chmod(tok, 0o640); err != nil {
			return fmt.Errorf("api token: %w", err)
		}
	}
	return nil
}

// readableBy: world-readable, or group-readable with group gid.
func readableBy(path string, gid int) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	perm := fi.Mode().Perm()
	if perm&0o004 != 0 {
		return true
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && perm&0o040 != 0 && int(st.Gid) == gid
}

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "you"
}

// lingering says whether loginctl enable-linger is on for this user.
func lingering() bool { return exists(filepath.Join("/var/lib/systemd/linger", currentUser())) }
