package service

import (
	"fmt"
	"strings"
)

// Unit is a systemd unit for the service. kardianos/service's own template hard-codes
// RestartSec=120 and WantedBy=multi-user.target (which a user manager never reaches, so a user
// unit would never start); this one is passed to it whole as its SystemdScript.
type Unit struct {
	// User is a user unit (systemctl --user): default.target, no account, no sandbox that
	// needs privileges.
	User bool
	// Exec is the service process's command line: the gstcast binary and its arguments.
	Exec []string
	// Groups are the system service's supplementary groups (video for /dev/video*, render for
	// /dev/dri render nodes), only those that exist.
	Groups []string
}

// Paths the system unit's directories give the service (owned by the gstcast user).
const (
	LogDir   = "/var/log/gstcast"   // LogsDirectory=: the rotated log file
	RunDir   = "/run/gstcast"       // RuntimeDirectory=: the API socket
	StateDir = "/var/lib/gstcast"   // StateDirectory=: the account's home
	CacheDir = "/var/cache/gstcast" // CacheDirectory=: GStreamer's registry cache
)

// RestartSec is how long systemd waits before it starts a failed service again.
const RestartSec = 5

// Render is the unit file's text.
func (u Unit) Render() string {
	var b strings.Builder
	w := func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	desc := "gstcast streaming daemon (cameras to RTSP/RTP)"
	if u.User {
		desc = "gstcast streaming daemon for this user (cameras to RTSP/RTP)"
	}
	w("# Written by gstcast service install; gstcast service uninstall removes it.",
		"[Unit]",
		"Description="+desc)
	if !u.User {
		// A user manager cannot order itself after system targets, so only the system unit
		// waits for the network (an RTSP address or a camera on the network must be there).
		w("After=network-online.target", "Wants=network-online.target")
	}
	// Restarts stop after 10 failures in 2 minutes (a config that cannot work), instead of
	// filling the journal; `systemctl reset-failed gstcast` and a start try again.
	w("StartLimitIntervalSec=120", "StartLimitBurst=10", "")
	w("[Service]",
		"Type=simple",
		"ExecStart="+execLine(u.Exec),
		// The daemon reloads its config on SIGHUP (and on its own when the file is saved).
		"ExecReload=/bin/kill -HUP $MAINPID",
		"Restart=on-failure",
		fmt.Sprintf("RestartSec=%d", RestartSec),
		// SIGTERM goes to gstcast alone, which stops every stream (EOS, then NULL) and then its
		// plugin processes, within 10 s; whatever is left after 15 s is killed.
		"KillMode=mixed",
		"TimeoutStopSec=15")
	if u.User {
		w("NoNewPrivileges=yes", "", "[Install]", "WantedBy=default.target")
		return b.String()
	}
	w("User="+Account, "Group="+Account)
	if len(u.Groups) > 0 {
		w("SupplementaryGroups=" + strings.Join(u.Groups, " "))
	}
	w("LogsDirectory=gstcast", "LogsDirectoryMode=0750",
		// 0755: a user outside group gstcast reaches the socket (itself 0660, group gstcast) and
		// is told to join the group, rather than "no daemon is running".
		"RuntimeDirectory=gstcast", "RuntimeDirectoryMode=0755",
		"StateDirectory=gstcast", "StateDirectoryMode=0750",
		"CacheDirectory=gstcast", "CacheDirectoryMode=0750",
		"Environment=HOME="+StateDir+" XDG_CACHE_HOME="+CacheDir,
		"UMask=0027",
		// RTSP on a port below 1024 (554) needs this one capability; nothing else.
		"AmbientCapabilities=CAP_NET_BIND_SERVICE",
		"CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
		"NoNewPrivileges=yes",
		// The sandbox keeps /dev whole: cameras (/dev/video*, /dev/media*), codecs (/dev/dri,
		// /dev/nvidia*, /dev/nvhost-*) are reached through the groups above. Left out on
		// purpose: PrivateDevices and DevicePolicy (no cameras), ProtectClock (implies a
		// DeviceAllow= list, which blocks every other device on systemd 252), PrivateTmp
		// (Jetson's nvarguscamerasrc talks to nvargus-daemon through /tmp), and
		// MemoryDenyWriteExecute (GStreamer's ORC compiles code at run time).
		"ProtectSystem=strict",
		"ProtectHome=read-only",
		"ProtectKernelTunables=yes",
		"ProtectKernelModules=yes",
		"ProtectKernelLogs=yes",
		"ProtectControlGroups=yes",
		"ProtectHostname=yes",
		"RestrictNamespaces=yes",
		"RestrictRealtime=yes",
		"RestrictSUIDSGID=yes",
		"LockPersonality=yes",
		"SystemCallArchitectures=native",
		// Netlink: udev's device monitor (cameras plugged in and out).
		"RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
		"",
		"[Install]",
		"WantedBy=multi-user.target")
	return b.String()
}

// execLine quotes a command line for ExecStart=: arguments with spaces, quotes or backslashes
// in double quotes, and systemd's specifier (%) and variable ($) characters doubled.
func execLine(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		a = strings.ReplaceAll(a, "%", "%%")
		a = strings.ReplaceAll(a, "$", "$$")
		if a == "" || strings.ContainsAny(a, " \t\"'\\;") {
			a = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(a) + `"`
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}
