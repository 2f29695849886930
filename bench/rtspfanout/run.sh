#!/usr/bin/env bash
# RTSP fan-out: gstcast's RTSP server against the seed's Python GstRtspServer relay, side by side
# (see docs/BENCHMARKS.md, "RTSP fan-out").
#
# One 1280x720@30 2 Mbit/s H.264 RTP stream (gst-launch-1.0, x264enc) is sent over loopback to
# both relays at once (tee, two udpsinks):
#   gstcast: bin/gstcast stream rtp://127.0.0.1:PORT --serve cam (RTSP server in the plugin process)
#   python:  bench/rtspfanout/pyrelay.py (GstRtspServer, shared media, the seed's launch line)
# Each round starts both servers fresh, measures the first reader on each (cold), keeps one
# anchor reader (TCP) on each so the shared media stays prepared, then runs bench/rtspload with
# 1, 50 and 200 concurrent readers over TCP and over UDP against each server in turn, and finally
# measures one reader again after the anchor has left. Prints markdown tables on stdout.
#
# Environment: ROUNDS (3), DURATION (5s: measurement window per case), READERS ("1 50 200"),
# TRANSPORTS ("tcp udp"), SETUP_TIMEOUT (10s), SKIP_BUILD=1 (use bin/ as it is), BIN=DIR (use
# gstcast and its plugin from DIR, no build), PY_BACKLOG=N (listen backlog of the Python relay;
# default: gst-rtsp-server's own, 5, as in the seed), KEEP=DIR (keep the raw JSON and logs there).
# About 6 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
READERS=${READERS:-"1 50 200"}
TRANSPORTS=${TRANSPORTS:-"tcp udp"}
SETUP_TIMEOUT=${SETUP_TIMEOUT:-10s}
PY=/usr/bin/python3

work=$(mktemp -d /tmp/rtspfanout.XXXXXX)
pgids=()
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	# Every background process was started with setsid: its process group is its pid.
	for g in "${pgids[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
	sleep 1
	for g in "${pgids[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
	if [ -n "${KEEP:-}" ]; then
		mkdir -p "$KEEP" && cp -r "$work"/. "$KEEP"/ && echo "raw results kept in $KEEP" >&2
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 200 UDP readers hold 400 UDP sockets and 200 TCP connections in rtspload alone.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
	ulimit -n "$(ulimit -Hn | sed 's/unlimited/8192/')" 2>/dev/null || true
	if [ "$(ulimit -n)" -lt 2048 ]; then
		echo "warning: open files limit is $(ulimit -n); 200 UDP readers need about 1000" >&2
	fi
fi

if [ -z "${BIN:-}" ]; then
	BIN=bin
	if [ "${SKIP_BUILD:-}" != 1 ]; then
		installer/build.sh >&2
	fi
fi
go build -o "$work/rtspload" ./bench/rtspload
LOAD=$work/rtspload

# free_port tcp|udp: a port nothing on 127.0.0.1 uses now.
free_port() {
	"$PY" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if sys.argv[1] == "tcp" else socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "$1"
}

# start NAME CMD...: runs CMD in its own session and process group, output to $work/NAME.log;
# sets $started to its pid.
start() {
	local name=$1
	shift
	setsid "$@" >"$work/$name.log" 2>&1 </dev/null &
	started=$!
	pgids+=("$started")
}

# wait_for PID LOG TEXT: until LOG holds TEXT (30 s at most; fails if PID exits).
wait_for() {
	for _ in $(seq 300); do
		grep -q "$3" "$2" && return 0
		kill -0 "$1" 2>/dev/null || { echo "process $1 exited; log:" >&2; cat "$2" >&2; return 1; }
		sleep 0.1
	done
	echo "timed out waiting for '$3' in $2:" >&2
	cat "$2" >&2
	return 1
}

stop() { # stop PID: TERM its group, wait for it to go
	kill -TERM -- "-$1" 2>/dev/null || true
	for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL -- "-$1" 2>/dev/null || true
}

# load OUTFILE RTSPLOAD-ARGS...: one rtspload run, JSON into OUTFILE. A run whose sessions failed
# exits 1 and is still a result; anything else stops the benchmark.
load() {
	local out=$1 rc=0
	shift
	"$LOAD" -json -setup-timeout "$SETUP_TIMEOUT" "$@" >"$out" 2>>"$work/rtspload.err" || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "rtspload $* failed (exit $rc):" >&2
		cat "$work/rtspload.err" >&2
		exit 1
	fi
}

in_gc=$(free_port udp)
in_py=$(free_port udp)
while [ "$in_py" = "$in_gc" ]; do in_py=$(free_port udp); done

start sender gst-launch-1.0 -q videotestsrc is-live=true ! video/x-raw,width=1280,height=720,framerate=30/1 \
	! x264enc tune=zerolatency bitrate=2000 key-int-max=60 speed-preset=ultrafast \
	! rtph264pay config-interval=-1 pt=96 ! tee name=t \
	t. ! queue ! udpsink host=127.0.0.1 port="$in_gc" bind-address=127.0.0.1 sync=false async=false \
	t. ! queue ! udpsink host=127.0.0.1 port="$in_py" bind-address=127.0.0.1 sync=false async=false
sender=$started

printf '%s\n' "$ROUNDS" >"$work/rounds"
echo "rounds $ROUNDS, window $DURATION, readers $READERS, transports $TRANSPORTS" >&2
for round in $(seq "$ROUNDS"); do
	rtsp_gc=$(free_port tcp)
	rtsp_py=$(free_port tcp)
	while [ "$rtsp_py" = "$rtsp_gc" ]; do rtsp_py=$(free_port tcp); done
	start "gstcast.$round" env GSTCAST_PLUGIN_PATH="$BIN" "$BIN/gstcast" stream "rtp://127.0.0.1:$in_gc" \
		--serve cam --rtsp-address 127.0.0.1 --rtsp-port "$rtsp_gc" --stats 0
	gc=$started
	start "python.$round" "$PY" bench/rtspfanout/pyrelay.py "$in_py" "$rtsp_py" cam 127.0.0.1 ${PY_BACKLOG:+"$PY_BACKLOG"}
	py=$started
	wait_for "$gc" "$work/gstcast.$round.log" "press Ctrl-C to stop"
	wait_for "$py" "$work/python.$round.log" "^ready"
	kill -0 "$sender" || { echo "sender died:" >&2; cat "$work/sender.log" >&2; exit 1; }
	declare -A pid=([gstcast]=$gc [python]=$py) url=(
		[gstcast]="rtsp://127.0.0.1:$rtsp_gc/cam" [python]="rtsp://127.0.0.1:$rtsp_py/cam")
	# The order of the servers alternates round by round.
	if [ $((round % 2)) = 1 ]; then order="gstcast python"; else order="python gstcast"; fi

	# Cold: the first reader on a server that has just said it is ready.
	for s in $order; do
		load "$work/cold.$s.$round.json" -n 1 -duration 1s -label "cold $s" "${url[$s]}"
	done
	# Anchors: one reader each for the whole round, so the shared media stays prepared.
	anchors=()
	for s in $order; do
		start "anchor.$s.$round" "$LOAD" -n 1 -duration 1h -setup-timeout "$SETUP_TIMEOUT" "${url[$s]}"
		anchors+=("$started")
	done
	sleep 2
	for t in $TRANSPORTS; do
		for n in $READERS; do
			for s in $order; do
				echo "round $round: $s, $n $t readers" >&2
				load "$work/case.$s.$t.$n.$round.json" -n "$n" -transport "$t" -duration "$DURATION" \
					-pid "${pid[$s]}" -label "$s $t $n" "${url[$s]}"
				sleep 1
			done
		done
	done
	for a in "${anchors[@]}"; do stop "$a"; done
	sleep 1
	# Again cold? One reader after the last one left.
	for s in $order; do
		load "$work/again.$s.$round.json" -n 1 -duration 1s -label "again $s" "${url[$s]}"
	done
	stop "$gc"
	stop "$py"
	unset pid url
done

{
	echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GB RAM, kernel $(uname -r)"
	echo "Software: $("$BIN/gstcast" version), $(gst-launch-1.0 --version | sed -n 's/^GStreamer /GStreamer /p'), $("$PY" --version), gortsplib $(go list -m -f '{{.Version}}' github.com/bluenviron/gortsplib/v4) (rtspload), $(go version | cut -d' ' -f3)"
	echo "Run: rounds $ROUNDS, window $DURATION per case, readers $READERS, transports $TRANSPORTS, setup timeout $SETUP_TIMEOUT, Python relay backlog ${PY_BACKLOG:-5 (default)}; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	"$PY" bench/rtspfanout/summary.py "$work"
}
