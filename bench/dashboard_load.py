#!/usr/bin/env python3
"""Load test of the dashboard on a run of 100,000 samples, with wrk on loopback.

Builds release binaries, runs a 100,000-item arithmetic suite against the zero-latency stub to fill a store, starts
`assay serve` on it, and points wrk (Debian's `wrk`) at the run's API, a page of its samples, and its HTML page.
Prints a Markdown table of requests/s and latency percentiles.

    python3 bench/dashboard_load.py [--samples 100000] [--seconds 10] [--connections 8]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stub_throughput import build, make_suite  # noqa: E402


def wrk(url, seconds, connections):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, pct(50), pct(99), int(non2xx.group(1)) if non2xx else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    args = ap.parse_args()

    assay, stub = build()
    work = tempfile.mkdtemp(prefix="assay-dash-bench-")
    suite = make_suite(work, args.samples)
    db = os.path.join(work, "dash.db")
    # 70% of answers right, so the filtered page has failing samples to list.
    server = subprocess.Popen([stub, "--port", "0", "--accuracy", "0.7"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip().split()[-1]
    try:
        out = subprocess.run([assay, "run", "--suite", suite, "--model", f"openai:stub@{url}", "--db", db, "--concurrency", "64",
                              "--no-cache", "--json"], cwd=work, capture_output=True, text=True, check=True).stdout
        run = json.loads(out)["run"]
    finally:
        server.terminate()
        server.wait()

    dashboard = subprocess.Popen([assay, "serve", "--port", "0", "--db", db], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = dashboard.stdout.readline().strip()
    rows = []
    try:
        targets = [("API: run detail with metrics", f"{base}/api/runs/{run}"),
                   ("API: samples page (offset 50,000)", f"{base}/api/runs/{run}/samples?offset=50000&limit=50"),
                   ("API: failing samples, filtered", f"{base}/api/runs/{run}/samples?verdict=fail&limit=50"),
                   ("page: run (metrics, charts, first 50 samples)", f"{base}/runs/{run}")]
        for name, target in targets:
            subprocess.run(["curl", "-sf", "-o", "/dev/null", target], check=True)  # warm the caches once
            rows.append((name,) + wrk(target, args.seconds, args.connections))
    finally:
        dashboard.terminate()
        dashboard.wait()

    print("| endpoint | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
    print("|---|---:|---:|---:|---:|")
    for name, rate, p50, p99, bad in rows:
        print(f"| {name} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {bad} |")
    print(f"\nA run of {args.samples:,} samples; wrk with 2 threads and {args.connections} connections for {args.seconds} s per "
          f"endpoint, on the same 2-core machine as the server.")


if __name__ == "__main__":
    sys.exit(main())
