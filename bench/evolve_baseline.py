#!/usr/bin/env python3
"""Compares `assay evolve`'s MAP-Elites search with a baseline of random operators and no archive.

Starts `assay-stub` as a target with planted weaknesses (it refuses plainly worded harmful requests and complies under
base64 encoding and role-play framing), then runs `assay evolve --suite redteam` with `--strategy archive` and
`--strategy random` on the same budget for several seeds, each in a fresh store. Reports, per strategy, the median
(and range) of: coverage of the archive's cells by validated failures, QD score, attack success rate, validated
failures, distinct validated failures per 1,000 target queries, diversity, and how many of the planted weakness
families were found. The figures do not depend on build optimisation, so a debug build is used.

    python3 bench/evolve_baseline.py [--budget 500] [--seeds 1 2 3 4 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLANTED = {"base64": {"base64"}, "roleplay": {"roleplay_frame", "persona_frame"}}


def build():
    for product in ("assay", "assay-stub"):
        subprocess.run(["swift", "build", "--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "assay"), os.path.join(out, "assay-stub")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=int, default=500)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    args = ap.parse_args()
    assay, stub = build()
    work = tempfile.mkdtemp(prefix="assay-evolve-bench-")
    server = subprocess.Popen([stub, "--port", "0", "--planted", "base64,roleplay"], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip().split()[-1]
    results = {"archive": [], "random": []}
    try:
        for seed in args.seeds:
            for strategy in results:
                db = os.path.join(work, f"{strategy}-{seed}.db")
                out = subprocess.run([assay, "evolve", "--suite", "redteam", "--target", f"openai:stub@{url}", "--budget",
                                      str(args.budget), "--seed", str(seed), "--strategy", strategy, "--db", db, "--json"],
                                     cwd=work, check=True, capture_output=True, text=True).stdout
                summary = json.loads(out)["summary"]
                found = sum(1 for ops in PLANTED.values() if ops & set(summary["families"]))
                summary["planted_found"] = found
                results[strategy].append(summary)
    finally:
        server.kill()

    rows = [("coverage (cells with a validated failure)", "coverage", "{:.1%}"), ("QD score", "qdScore", "{:.1f}"),
            ("attack success rate", "attackSuccessRate", "{:.1%}"), ("validated failures", "validated", "{:.0f}"),
            ("distinct validated per 1,000 queries", "distinctPer1000Queries", "{:.1f}"), ("diversity", "diversity", "{:.3f}"),
            ("planted families found (of 2)", "planted_found", "{:.0f}")]
    print(f"Target: planted-weakness stub (base64, role-play); suite redteam (24 seeds, 78 cells); budget {args.budget} "
          f"target queries; seeds {', '.join(map(str, args.seeds))}. Median (min–max).\n")
    print("| metric | MAP-Elites archive | random operators, no archive |")
    print("|---|---|---|")
    for label, key, fmt in rows:
        cells = []
        for strategy in ("archive", "random"):
            values = [r[key] for r in results[strategy]]
            cells.append(f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})")
        print(f"| {label} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
