#!/usr/bin/env python3
"""Benchmark of `sme-audit stats` (issue 12): 10 rounds × 10,000 applicants.

Evaluating ten rounds would take an hour, so the script generates ONE 10,000-applicant round
(`examples/gen_round.rs`), evaluates it once in release (`--no-ocr`: the round has no scans),
then makes ten output folders from it — `report.csv` and `criteria.csv` hard-linked, `run.json`
rewritten with ten evaluation years (2013–2022, as-of 30 June of the next year) — and times:

- `sme-audit stats` over the ten folders (`--out`, Chinese tables);
- the baseline: Python's csv module reading the same twenty CSVs and counting verdicts per
  district and per criterion (the least a summary must do), and `cat` of them to /dev/null.

It prints wall time and peak RSS (GNU time's `%M` for that very command) of each, and the ratio
stats ÷ python-csv, and appends them to benches/STATS.md. All in one go, on the same machine.

    python3 scripts/bench_stats.py [--applicants 10000] [--rounds 10] [--work /tmp/sme-bench-stats]
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "sme-audit")
GEN = os.path.join(ROOT, "target", "release", "examples", "gen_round")

BASELINE = r"""
import csv, sys, collections
counts = collections.Counter()
for d in sys.argv[1:]:
    with open(d + "/report.csv", newline="", encoding="utf-8-sig") as f:
        r = csv.reader(f); h = next(r)
        di, vi = h.index("所属区县"), h.index("评审结论")
        for row in r:
            counts[(d, row[di], row[vi])] += 1
    with open(d + "/criteria.csv", newline="", encoding="utf-8-sig") as f:
        r = csv.reader(f); h = next(r)
        ci, vi = h.index("评审项"), h.index("结论")
        for row in r:
            counts[(d, row[ci], row[vi])] += 1
print(len(counts))
"""


def timed(cmd):
    """Runs cmd; returns (seconds, peak RSS MB). The peak comes from GNU time (`%M`), which
    reads it for the command alone: wait4's ru_maxrss of a child forked from this script
    starts at the script's own RSS (the pages shared before exec), a floor of ~200 MB here."""
    gnu_time = "/usr/bin/time"
    have_time = os.path.exists(gnu_time)
    full = [gnu_time, "-f", "MAXRSS %M"] + cmd if have_time else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')}")
    text = err.decode(errors="replace")
    marks = [line for line in text.splitlines() if line.startswith("MAXRSS ")]
    if marks:
        return seconds, int(marks[-1].split()[1]) / 1024.0
    return seconds, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--applicants", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--work", default="/tmp/sme-bench-stats")
    ap.add_argument("--out", default=os.path.join(ROOT, "benches", "STATS.md"))
    ap.add_argument(
        "--debug", action="store_true", help="use the debug build (a smoke test of this script, not a benchmark)"
    )
    args = ap.parse_args()

    global BIN, GEN
    profile = "debug" if args.debug else "release"
    BIN = os.path.join(ROOT, "target", profile, "sme-audit")
    GEN = os.path.join(ROOT, "target", profile, "examples", "gen_round")
    build = ["cargo", "build", "--bin", "sme-audit", "--example", "gen_round"]
    subprocess.run(build if args.debug else build + ["--release"], cwd=ROOT, check=True)
    os.makedirs(args.work, exist_ok=True)
    round_dir = os.path.join(args.work, f"round-{args.applicants}-seed{args.seed}")
    base = os.path.join(args.work, f"out-{args.applicants}")
    if not os.path.exists(os.path.join(base, "run.json")):
        if not os.path.isdir(round_dir):
            print(f"generating {args.applicants} applicants …", flush=True)
            subprocess.run(
                [GEN, "--applicants", str(args.applicants), "--out", round_dir, "--seed", str(args.seed)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        print("evaluating once …", flush=True)
        secs, rss = timed(
            [BIN, "evaluate", round_dir, "--as-of", "2023-06-30", "--out", base, "--quiet", "--no-ocr"]
        )
        print(f"evaluate: {secs:.1f} s, peak RSS {rss:.0f} MB", flush=True)
    with open(os.path.join(base, "run.json"), encoding="utf-8") as f:
        manifest = json.load(f)

    dirs = []
    for k in range(args.rounds):
        year = 2022 - k
        d = os.path.join(args.work, f"copy-{year}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name in ["report.csv", "criteria.csv"]:
            os.link(os.path.join(base, name), os.path.join(d, name))
        m = dict(manifest, evaluation_year=year, as_of=f"{year + 1}-06-30", files=[])
        with open(os.path.join(d, "run.json"), "w", encoding="utf-8") as f:
            json.dump(m, f, ensure_ascii=False)
        dirs.append(d)
    csv_bytes = sum(os.path.getsize(os.path.join(d, n)) for d in dirs for n in ["report.csv", "criteria.csv"])

    stats_out = os.path.join(args.work, "stats")
    shutil.rmtree(stats_out, ignore_errors=True)
    results = []
    for label, cmd in [
        ("cat (read the CSVs)", ["sh", "-c", 'cat "$@" > /dev/null', "cat"]
         + [os.path.join(d, n) for d in dirs for n in ["report.csv", "criteria.csv"]]),
        ("python csv (count verdicts)", [sys.executable, "-c", BASELINE, *dirs]),
        ("sme-audit stats", [BIN, "stats", *dirs, "--out", stats_out]),
    ]:
        secs, rss = timed(cmd)
        results.append((label, secs, rss))
        print(f"{label}: {secs:.2f} s, peak RSS {rss:.0f} MB", flush=True)

    py = results[1][1]
    cores = os.cpu_count() or 1
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        "",
        f"## stats: {args.rounds} rounds × {args.applicants} applicants ({time.strftime('%Y-%m-%d')})",
        "",
        f"Machine: {platform.machine()}, {cores} cores, {mem_gib:.0f} GiB. Command: "
        f"`python3 scripts/bench_stats.py --applicants {args.applicants} --rounds {args.rounds}`; "
        f"input {csv_bytes / 1e6:.0f} MB of CSV.",
        "",
        "| what | seconds | peak RSS MB | ÷ python csv |",
        "|---|---:|---:|---:|",
        *[f"| {label} | {secs:.2f} | {rss:.0f} | {secs / py:.2f} |" for label, secs, rss in results],
        "",
    ]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "a", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
