#!/usr/bin/env python3
"""Whole-pipeline benchmark: `sme-audit evaluate` against the raw-read baseline, on generated
rounds of 200 and 2,000 applicants, with 1, 2 and all cores; one run each, in one go, so the
figures are ratios measured on the same machine at the same time.

    python3 scripts/bench.py [--sizes 200 2000] [--seed 42] [--out benches/RESULTS.md]

For each round size × job count it reports wall time, applicants/s, input MB/s and peak
resident memory (from wait4's rusage of that very process), for the pipeline and for the
baseline (`examples/raw_read.rs`: calamine reads every cell, lopdf every page's text, no
evaluation), and the pipeline's time as a ratio to the baseline's.
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "sme-audit")
RAW = os.path.join(ROOT, "target", "release", "examples", "raw_read")
GEN = os.path.join(ROOT, "target", "release", "examples", "gen_round")


def run(cmd):
    """Runs cmd; returns (seconds, peak RSS in MB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024.0, out.decode(errors="replace")


def corpus_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--work", default="/tmp/sme-bench")
    ap.add_argument("--out", default=os.path.join(ROOT, "benches", "RESULTS.md"))
    args = ap.parse_args()

    subprocess.run(
        ["cargo", "build", "--release", "--bin", "sme-audit", "--example", "raw_read", "--example", "gen_round"],
        cwd=ROOT,
        check=True,
    )
    cores = os.cpu_count() or 1
    jobs_list = sorted({1, 2, cores})
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    rows = []
    for size in args.sizes:
        round_dir = os.path.join(args.work, f"round-{size}-seed{args.seed}")
        if not os.path.isdir(round_dir):
            shutil.rmtree(round_dir, ignore_errors=True)
            subprocess.run(
                [GEN, "--applicants", str(size), "--out", round_dir, "--seed", str(args.seed)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        mb = corpus_bytes(round_dir) / 1e6
        for jobs in jobs_list:
            raw_s, raw_rss, _ = run([RAW, round_dir, "--jobs", str(jobs)])
            out_dir = os.path.join(args.work, f"out-{size}-{jobs}")
            ev_s, ev_rss, _ = run(
                [BIN, "evaluate", round_dir, "--as-of", "2023-06-30", "--out", out_dir, "--jobs", str(jobs), "--quiet"]
            )
            rows.append((size, mb, jobs, raw_s, raw_rss, ev_s, ev_rss))
            print(f"{size} applicants, {jobs} jobs: evaluate {ev_s:.2f}s / raw {raw_s:.2f}s", flush=True)

    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {cores} cores, {mem_gib:.0f} GiB; {platform.platform()}.",
        f"Command: `python3 scripts/bench.py --sizes {' '.join(map(str, args.sizes))} --seed {args.seed}`"
        " (one run per cell, all in one go).",
        "",
        "| applicants | input MB | jobs | evaluate s | applicants/s | MB/s | peak RSS MB | raw-read s | raw peak RSS MB | evaluate ÷ raw |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, mb, jobs, raw_s, raw_rss, ev_s, ev_rss in rows:
        lines.append(
            f"| {size} | {mb:.1f} | {jobs} | {ev_s:.2f} | {size / ev_s:.0f} | {mb / ev_s:.1f} | {ev_rss:.0f} "
            f"| {raw_s:.2f} | {raw_rss:.0f} | {ev_s / raw_s:.2f} |"
        )
    speedups = []
    for size in args.sizes:
        one = next(r for r in rows if r[0] == size and r[2] == 1)
        two = next((r for r in rows if r[0] == size and r[2] == 2), None)
        if two:
            speedups.append(f"{size} applicants: 1→2 cores speed-up {one[5] / two[5]:.2f}× (baseline {one[3] / two[3]:.2f}×)")
    lines += ["", *[f"- {s}" for s in speedups], ""]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
