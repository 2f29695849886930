#!/usr/bin/python3
"""Markdown tables from the rtspload JSON files bench/rtspfanout/run.sh leaves in DIR.

usage: summary.py DIR

Files: case.SERVER.TRANSPORT.READERS.ROUND.json, cold.SERVER.ROUND.json, again.SERVER.ROUND.json.
Figures are medians over rounds; CPU per reader counts the anchor reader too (readers + 1).
"""
import glob
import json
import os
import re
import statistics
import sys

SERVERS = ("gstcast", "python")


def load(path):
    with open(path) as f:
        return json.load(f)


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=1):
    if v is None:
        return "—"
    return f"{v:.{digits}f}"


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "—"
    return f"**{a / b:.{digits}f}**"


def cores(r):
    if not r.get("server_cpu_s") or not r.get("window_s"):
        return None
    return r["server_cpu_s"] / r["window_s"]


def per_reader_ms(r):
    """Server CPU ms per reader-second; the anchor reader counts as one more reader."""
    c = cores(r)
    if c is None:
        return None
    return 1000 * c / (r["started"] + 1)


def ok(r):
    return r["all_playing"] and r["failed"] == 0 and r["lost"] == 0


def main():
    d = sys.argv[1]
    cases = {}  # (server, transport, readers) -> [report per round]
    for p in sorted(glob.glob(os.path.join(d, "case.*.json"))):
        m = re.match(r"case\.(\w+)\.(\w+)\.(\d+)\.(\d+)\.json$", os.path.basename(p))
        cases.setdefault((m[1], m[2], int(m[3])), []).append((int(m[4]), load(p)))
    transports = sorted({k[1] for k in cases}, key=lambda t: (t != "tcp", t))
    readers = sorted({k[2] for k in cases})

    print("### RTSP fan-out: gstcast against the Python GstRtspServer relay\n")
    print("Medians over rounds. Setup: start of the session (before the TCP dial) to the PLAY")
    print("response; first packet: to the first RTP packet. CPU: server process tree, utime+stime")
    print("over the window; per reader counts the anchor reader too (readers + 1).\n")
    print("| transport | readers | server | setup p50 (ms) | setup p99 (ms) | first packet p50 (ms) "
          "| first packet p99 (ms) | all played, no loss (rounds) | loss % | server CPU (cores) "
          "| CPU per reader (ms/s) |")
    print("|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|")
    summary = {}
    for t in transports:
        for n in readers:
            for s in SERVERS:
                runs = [r for _, r in cases.get((s, t, n), [])]
                if not runs:
                    continue
                lost = sum(r["lost"] for r in runs)
                pkts = sum(r["packets"] for r in runs)
                row = dict(
                    p50=med([r["setup"]["p50_ms"] if r["setup"]["n"] else None for r in runs]),
                    p99=med([r["setup"]["p99_ms"] if r["setup"]["n"] else None for r in runs]),
                    f50=med([r["first_packet"]["p50_ms"] if r["first_packet"]["n"] else None for r in runs]),
                    f99=med([r["first_packet"]["p99_ms"] if r["first_packet"]["n"] else None for r in runs]),
                    cores=med([cores(r) for r in runs]),
                    per=med([per_reader_ms(r) for r in runs]),
                )
                summary[(s, t, n)] = row
                good = sum(ok(r) for r in runs)
                verdict = f"{'yes' if good == len(runs) else 'NO'} ({good}/{len(runs)})"
                loss = 100 * lost / (pkts + lost) if pkts + lost else 0
                print(f"| {t} | {n} | {s} | {fmt(row['p50'])} | {fmt(row['p99'])} | {fmt(row['f50'])} "
                      f"| {fmt(row['f99'])} | {verdict} | {loss:.3f} | {fmt(row['cores'], 3)} "
                      f"| {fmt(row['per'], 3)} |")
            a, b = summary.get(("gstcast", t, n)), summary.get(("python", t, n))
            if a and b:
                print(f"| {t} | {n} | **gstcast / python** | {ratio(a['p50'], b['p50'])} "
                      f"| {ratio(a['p99'], b['p99'])} | {ratio(a['f50'], b['f50'])} | {ratio(a['f99'], b['f99'])} "
                      f"| | | {ratio(a['cores'], b['cores'])} | {ratio(a['per'], b['per'])} |")

    if len(readers) >= 2:
        lo, hi = readers[0], readers[-1]
        print(f"\nMarginal server CPU per added reader, from {lo} to {hi} readers "
              f"((cores at {hi} − cores at {lo}) / {hi - lo}, in ms of CPU per reader-second):\n")
        print("| transport | gstcast | python | gstcast / python |")
        print("|---|---:|---:|---:|")
        for t in transports:
            m = {}
            for s in SERVERS:
                a, b = summary.get((s, t, hi)), summary.get((s, t, lo))
                if a and b and a["cores"] is not None and b["cores"] is not None:
                    m[s] = 1000 * (a["cores"] - b["cores"]) / (hi - lo)
            print(f"| {t} | {fmt(m.get('gstcast'), 3)} | {fmt(m.get('python'), 3)} "
                  f"| {ratio(m.get('gstcast'), m.get('python'))} |")

    print("\nOne reader (TCP) on an idle server: *cold* is the first reader after the server said it")
    print("was ready; *again* is one reader after every other reader (and the anchor) had left.")
    print("Median (min–max) over rounds, ms:\n")
    print("| server | cold: setup | cold: first packet | again: setup | again: first packet |")
    print("|---|---:|---:|---:|---:|")
    for s in SERVERS:
        cells = []
        for kind in ("cold", "again"):
            runs = [load(p) for p in sorted(glob.glob(os.path.join(d, f"{kind}.{s}.*.json")))]
            for key in ("setup", "first_packet"):
                v = [r[key]["p50_ms"] for r in runs if r[key]["n"]]
                bad = sum(1 for r in runs if not r[key]["n"])
                cell = f"{fmt(med(v))} ({fmt(min(v))}–{fmt(max(v))})" if v else "—"
                if bad:
                    cell += f", {bad} failed"
                cells.append(cell)
        print(f"| {s} | " + " | ".join(cells) + " |")

    print("\nEvery run:\n")
    print("Connect: start to the TCP connection being established (ms). Setup phase: first start to")
    print("the last PLAY response or failure, and the CPU seconds that server and rtspload used in it.")
    print("UDP rcvbuf drops: machine-wide, any socket.\n")
    has_connect = any("connect" in r for runs in cases.values() for _, r in runs)
    print("| round | transport | readers | server | started | failed | playing at end "
          + ("| connect p99 " if has_connect else "")
          + "| setup p50 | p99 | max | first packet p50 | p99 | setup phase (s) | server CPU in it (s) "
          "| rtspload CPU in it (s) | packets | lost | UDP rcvbuf drops | server cores "
          "| rtspload cores |")
    print("|---:|---|---:|---|---:|---:|---:|" + ("---:|" if has_connect else "")
          + "---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    errors = []
    rows = []
    for (s, t, n), runs in cases.items():
        for rnd, r in runs:
            rows.append((rnd, transports.index(t), n, SERVERS.index(s), s, t, r))
    for rnd, _, n, _, s, t, r in sorted(rows):
        lc = r["rtspload_cpu_s"] / r["window_s"] if r["window_s"] else None
        conn = r.get("connect") or {}
        cc = f"| {fmt(conn.get('p99_ms') if conn.get('n') else None)} " if has_connect else ""
        print(f"| {rnd} | {t} | {n} | {s} | {r['started']} | {r['failed']} | {r['playing_at_end']} "
              f"{cc}| {fmt(r['setup']['p50_ms'])} | {fmt(r['setup']['p99_ms'])} | {fmt(r['setup']['max_ms'])} "
              f"| {fmt(r['first_packet']['p50_ms'])} | {fmt(r['first_packet']['p99_ms'])} "
              f"| {fmt(r.get('setup_phase_s'), 2)} | {fmt(r.get('server_setup_cpu_s'), 2)} "
              f"| {fmt(r.get('rtspload_setup_cpu_s'), 2)} | {r['packets']} "
              f"| {r['lost']} | {r['udp_rcvbuf_errors']} | {fmt(cores(r), 3)} | {fmt(lc, 2)} |")
        for e in r.get("errors") or []:
            errors.append(f"- round {rnd}, {s} {t} {n}: {e['n']}x {e['error']}")
    if errors:
        print("\nErrors:\n")
        print("\n".join(errors))


if __name__ == "__main__":
    main()
