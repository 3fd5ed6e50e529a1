#!/usr/bin/env python3
"""Whole-process benchmark of Assay's own overhead against a zero-latency OpenAI-compatible stub.

Builds release binaries, starts `assay-stub` on loopback, and runs `assay run` on a generated arithmetic
suite at several concurrencies, each in a fresh store, with the cache off. Reports samples per second
(wall time of the whole process, start-up and store writes included), peak RSS of the `assay` process,
and the start-up time of `assay --help`. Prints a Markdown table.

    python3 bench/stub_throughput.py [--items 5000] [--concurrency 4 64] [--repeat 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build():
    for product in ("assay", "assay-stub"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "assay"), os.path.join(out, "assay-stub")


def make_suite(directory, count):
    folder = os.path.join(directory, "bench-arith")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "suite.yaml"), "w") as f:
        f.write("name: bench-arith\nitems: items.jsonl\ngeneration: {max_tokens: 8, temperature: 0}\n"
                "scorers:\n  - {type: exact_match, normalize: number}\n")
    with open(os.path.join(folder, "items.jsonl"), "w") as f:
        for i in range(count):
            a, b = 1000 + 7 * i, 13 * i
            f.write(json.dumps({"input": f"What is {a} + {b}?", "target": a + b}) + "\n")
    return folder


def timed(argv, cwd):
    """Runs argv; returns (wall seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {status}")
    return wall, usage.ru_maxrss / 1024, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=5000)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[4, 64])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    assay, stub = build()
    work = tempfile.mkdtemp(prefix="assay-bench-")
    suite = make_suite(work, args.items)
    server = subprocess.Popen([stub, "--port", "0"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip().split()[-1]
    rows = []
    try:
        for concurrency in args.concurrency:
            walls, rss = [], []
            for r in range(args.repeat):
                db = os.path.join(work, f"c{concurrency}-{r}.db")
                wall, peak, out = timed([assay, "run", "--suite", suite, "--model", f"openai:stub@{url}", "--db", db,
                                         "--concurrency", str(concurrency), "--no-cache", "--json"], work)
                report = json.loads(out)
                assert report["samples"] == args.items and report["errors"] == 0, report
                walls.append(wall)
                rss.append(peak)
            median = statistics.median(walls)
            rows.append((concurrency, args.items / median, median, max(rss)))
        starts = []
        for _ in range(20):
            wall, _, _ = timed([assay, "--help"], work)
            starts.append(wall)
    finally:
        server.terminate()
        server.wait()

    print(f"| concurrency | samples/s | wall (s) | peak RSS (MiB) |")
    print(f"|---:|---:|---:|---:|")
    for concurrency, rate, wall, peak in rows:
        print(f"| {concurrency} | {rate:,.0f} | {wall:.2f} | {peak:.1f} |")
    print(f"\n{args.items} items, median of {args.repeat} runs each; whole process (start-up, suite load, store writes) "
          f"against a zero-latency stub on loopback. `assay --help` start-up: median {statistics.median(starts) * 1000:.1f} ms over 20 runs.")


if __name__ == "__main__":
    sys.exit(main())
