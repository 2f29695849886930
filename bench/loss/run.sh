#!/usr/bin/env bash
# Packet loss: the seed recipe and gstcast with and without RTX under random UDP loss, side by
# side (see docs/BENCHMARKS.md, "Packet loss"). Needs root: it makes a network namespace whose
# loopback drops LOSS % (default 1) of UDP packets with nftables, runs everything in it, and
# removes it. Extra arguments go to the benchmark, e.g. bench/loss/run.sh -rounds 1 -duration 10s.
set -euo pipefail
cd "$(dirname "$0")/../.."
LOSS=${LOSS:-1}
installer/build.sh >&2
go build -o bin/.loss ./bench/loss
ns=gcloss-bench-$$
trap 'ip netns del "$ns" 2>/dev/null || true; rm -f bin/.loss' EXIT
ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" nft add table inet loss
ip netns exec "$ns" nft add chain inet loss input '{ type filter hook input priority 0; }'
ip netns exec "$ns" nft add rule inet loss input meta l4proto udp numgen random mod 100 '<' "$LOSS" drop
ip netns exec "$ns" env GSTCAST_PLUGIN_PATH="$PWD/bin" bin/.loss -gstcast bin/gstcast -loss "$LOSS" "$@"
