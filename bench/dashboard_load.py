#!/usr/bin/env python3
"""Load test of the dashboard on a run of 100,000 samples, with wrk on loopback.

Builds release binaries (or takes `--assay-bin`/`--stub-bin`), runs a 100,000-item arithmetic suite against the
zero-latency stub to fill a store, starts `assay serve` on it, and points wrk (Debian's `wrk`, `--latency`) at the
run's API, a page of its samples deep in the run (by offset and by keyset), its failing samples and its HTML
page. Prints a Markdown table of requests/s and latency percentiles.

    python3 bench/dashboard_load.py [--samples 100000] [--seconds 10] [--connections 8] [--assay-bin B --stub-bin S]

bench/peers.py calls `measure` for its dashboard p99 rows.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stub_throughput import build, make_suite  # noqa: E402


def wrk(url, seconds, connections):
    """wrk with 2 threads on url; returns (requests/s, p50 ms, p99 ms, non-2xx count) from its latency distribution."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        if not m:
            raise SystemExit(f"no {p}% line in wrk's latency distribution:\n{out}")
        value, unit = float(m.group(1)), m.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, pct(50), pct(99), int(non2xx.group(1)) if non2xx else 0


def fill_store(assay, stub, work, samples, log=print):
    """A store in `work` holding one run of `samples` samples against the stub (70% right); returns (db, run id)."""
    suite = make_suite(work, samples)
    db = os.path.join(work, "dash.db")
    # 70% of answers right, so the filtered page has failing samples to list.
    server = subprocess.Popen([stub, "--port", "0", "--accuracy", "0.7"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip().split()[-1]
    log(f"dashboard: filling a store with a run of {samples:,} samples against the stub")
    try:
        out = subprocess.run([assay, "run", "--suite", suite, "--model", f"openai:stub@{url}", "--db", db,
                              "--concurrency", "64", "--no-cache", "--json"],
                             cwd=work, capture_output=True, text=True, check=True).stdout
    finally:
        server.terminate()
        server.wait()
    report = json.loads(out)
    if report["samples"] != samples:
        raise SystemExit(f"dashboard: the run has {report['samples']} samples, not {samples}")
    return db, report["run"]


def endpoints(base, run):
    """(name, url, is_api) of what is loaded: the run's API, three samples pages and the run's HTML page. The keyset
    page is the one after the 50,000th sample, reached through the `next` of the page before it."""
    with urllib.request.urlopen(f"{base}/api/runs/{run}/samples?offset=49950&limit=50") as response:
        cursor = json.load(response)["next"]
    keyset = urllib.parse.urlencode(cursor)
    return [("API: run detail with metrics", f"{base}/api/runs/{run}", True),
            ("API: samples page (offset 50,000)", f"{base}/api/runs/{run}/samples?offset=50000&limit=50", True),
            ("API: samples page (keyset, after the 50,000th)", f"{base}/api/runs/{run}/samples?{keyset}&limit=50", True),
            ("API: failing samples, filtered", f"{base}/api/runs/{run}/samples?verdict=fail&limit=50", True),
            ("page: run (metrics, charts, first 50 samples)", f"{base}/runs/{run}", False)]


def measure(assay, stub, samples=100_000, seconds=10, connections=8, log=print):
    """Fills a store, serves it and runs wrk on each endpoint; returns a list of dicts with name, url, api, rate,
    p50, p99 (ms) and non2xx."""
    work = tempfile.mkdtemp(prefix="assay-dash-bench-")
    try:
        db, run = fill_store(assay, stub, work, samples, log)
        dashboard = subprocess.Popen([assay, "serve", "--port", "0", "--db", db], cwd=work, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        base = dashboard.stdout.readline().strip()
        rows = []
        try:
            for name, url, api in endpoints(base, run):
                subprocess.run(["curl", "-sf", "-o", "/dev/null", url], check=True)  # warm the caches once
                log(f"dashboard: wrk on {name}, {seconds} s")
                rate, p50, p99, bad = wrk(url, seconds, connections)
                rows.append({"name": name, "url": url, "api": api, "rate": rate, "p50": p50, "p99": p99,
                             "non2xx": bad})
        finally:
            dashboard.terminate()
            dashboard.wait()
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--assay-bin")
    ap.add_argument("--stub-bin")
    args = ap.parse_args()

    assay, stub = (args.assay_bin, args.stub_bin) if args.assay_bin and args.stub_bin else build()
    rows = measure(assay, stub, args.samples, args.seconds, args.connections,
                   log=lambda message: print(message, file=sys.stderr, flush=True))
    print("| endpoint | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['name']} | {r['rate']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['non2xx']} |")
    print(f"\nA run of {args.samples:,} samples; wrk with 2 threads and {args.connections} connections for "
          f"{args.seconds} s per endpoint, on the same 2-core machine as the server.")


if __name__ == "__main__":
    sys.exit(main())
