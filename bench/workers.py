#!/usr/bin/env python3
"""Distributed runs: 1 worker against 4, on a PostgreSQL store, against the stub with no latency and with a fixed
200 ms latency (a slow model server). Each case queues a fresh run (`assay run --distributed`) in a new database,
starts the workers with --exit-when-idle, and times from their start to the last one's exit. Reports units per second
and the scaling efficiency (4-worker rate / (4 x 1-worker rate)). Prints a Markdown table.

    python3 bench/workers.py --db postgres://postgres@127.0.0.1:55432/postgres [--units 2000] [--debug]

`.ci/postgres start` prints a suitable server URL. Builds release binaries unless --debug.
"""
import argparse
import os
import subprocess
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binaries(debug):
    config = "debug" if debug else "release"
    for product in ("assay", "assay-stub"):
        subprocess.run(["swift", "build", "-c", config, "--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(["swift", "build", "-c", config, "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "assay"), os.path.join(out, "assay-stub")


def suite(directory, count):
    folder = os.path.join(directory, "bench-queue")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "suite.yaml"), "w") as f:
        f.write("name: bench-queue\nitems: items.jsonl\ngeneration: {max_tokens: 8, temperature: 0}\nscorers:\n  - {type: exact_match, normalize: number}\n")
    with open(os.path.join(folder, "items.jsonl"), "w") as f:
        for i in range(count):
            f.write('{"input": "What is %d + %d?", "target": %d}\n' % (1000 + 7 * i, 13 * i, 1000 + 20 * i))
    return folder


def database(base):
    name = "bench_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True)
    return base.rsplit("/", 1)[0] + "/" + name


def case(assay, stub_url, folder, base, workers, concurrency, directory):
    db = database(base)
    model = f"openai:stub@{stub_url}"
    subprocess.run([assay, "run", "--suite", folder, "--model", model, "--db", db, "--distributed", "--no-cache"], cwd=directory,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    procs = [subprocess.Popen([assay, "worker", "--db", db, "--concurrency", str(concurrency), "--exit-when-idle", "--no-cache"],
                              cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    for p in procs:
        if p.wait() != 0:
            raise SystemExit(f"a worker failed with {p.returncode}")
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="postgres://… of a server where databases can be created")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4, help="units in flight per worker")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args()
    assay, stub = binaries(args.debug)
    directory = os.path.join("/tmp", "assay-bench-workers-" + uuid.uuid4().hex[:8])
    os.makedirs(directory)
    folder = suite(directory, args.units)
    rows = []
    for latency in (0.0, 0.2):
        server = subprocess.Popen([stub, "--port", "0", "--latency", str(latency), "--threads", "2"], stdout=subprocess.PIPE, text=True)
        url = server.stdout.readline().split()[-1]
        units = args.units if latency == 0 else min(args.units, 400)
        if units != args.units:
            folder_here = suite(os.path.join(directory, "slow"), units)
        else:
            folder_here = folder
        rates = {}
        for workers in (1, 4):
            seconds = case(assay, url, folder_here, args.db, workers, args.concurrency, directory)
            rates[workers] = units / seconds
            rows.append((f"{int(latency * 1000)} ms", units, workers, seconds, rates[workers]))
        server.terminate()
        server.wait()
        rows.append((f"{int(latency * 1000)} ms", units, "efficiency", None, rates[4] / (4 * rates[1])))
    print(f"| stub latency | units | workers | wall (s) | units/s |\n|---|---:|---:|---:|---:|")
    for latency, units, workers, seconds, rate in rows:
        if seconds is None:
            print(f"| {latency} | {units} | scaling efficiency | | {rate:.0%} |")
        else:
            print(f"| {latency} | {units} | {workers} | {seconds:.2f} | {rate:,.0f} |")


if __name__ == "__main__":
    main()
