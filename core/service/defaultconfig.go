package service

// DefaultConfigText is the config `gstcast service install` writes when there is none: every
// setting commented out, so a new service serves nothing until the file says what to serve.
// Lines that start with "#" and then no space, or two spaces, are examples (remove the "#");
// the tests check that the examples, uncommented, make a valid config.
const DefaultConfigText = `# gstcast service config.
# The service reads this file when it starts and again whenever it is saved: entries that did
# not change keep running (their readers stay connected), and a file that does not parse is
# refused, with its line number in the log, while the running config stays.
# See what runs: gstcast status. See the log: gstcast logs -f (and journalctl -u gstcast).
#
# Lines that start with "#" and no space are examples: remove the "#" to use them.

# The RTSP server: all interfaces, port 8554, unless set here.
#rtsp:
#  address: 0.0.0.0
#  port: 8554

# Accounts for readers and publishers; a mount's read: and publish: lists name them.
#users:
#  - {name: viewer, password: change-me}

# What the server serves, at rtsp://THIS-MACHINE:8554/NAME.
#mounts:
#  - name: test
#    source: test://smpte?width=1280&height=720&fps=30
#  - name: cam
#    source: v4l2:///dev/video0?width=1280&height=720&fps=30
#    bitrate: 2048
#    read: [viewer]

# Streams sent elsewhere: RTP to a host, or published to another RTSP server.
#streams:
#  - name: uplink
#    source: v4l2:///dev/video0
#    to: rtp://192.0.2.20:5000

# The control API: a Unix socket on Linux, loopback TCP with a token on Windows; a TCP port
# can be added here (with a token in api-token beside this file).
#api:
#  listen: 127.0.0.1:8555

# The log: also in the journal (Linux) or the Event Log (Windows).
#log:
#  level: info
#  max_size_mb: 10
#  max_files: 5
`
