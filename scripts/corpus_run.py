#!/usr/bin/env python3
"""Runs every file of the real-file corpus (scripts/fetch_corpus.sh) through the release
binary: `inspect FILE` one by one, then `evaluate` on a round per source repository with one
applicant folder per file. Each run has a timeout and an address-space cap; the child's peak
RSS is taken from wait4. Writes $CORPUS/results.csv and prints what deserves a look:
panics, aborts, timeouts, RSS over 1 GiB, files in no output, confident (pass/fail) data
criteria for applicants made of a single foreign file.

usage: scripts/corpus_run.py CORPUS_DIR   (build first: cargo build --release)
"""
import csv
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("SME_AUDIT_BIN", ROOT / "target" / "release" / "sme-audit"))
TIMEOUT_INSPECT = 30
TIMEOUT_EVALUATE = 900
MEM_CAP = 4 << 30
BIG_RSS_KB = 1 << 20
# Criteria whose pass/fail needs data: a single foreign file should leave them review/n/a.
DATA_CRITERIA = (
    "A14.1.total_assets", "A14.1.finances", "A14.2.served", "A14.2.satisfaction",
    "A14.2.growth", "A14.3.premises", "A14.4.public_welfare", "A14.5.staff",
    "A14.5.qualified", "A19.3",
)


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (MEM_CAP, MEM_CAP))


def run(args, timeout):
    """(exit code or -signal, seconds, peak RSS KiB, stdout, stderr, timed_out)"""
    start = time.monotonic()
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit)
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        timed_out = True
    # communicate() reaped the child; its rusage is folded into RUSAGE_CHILDREN, so take the
    # peak from there (monotone: a new maximum shows up, an old one hides smaller ones).
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return p.returncode, time.monotonic() - start, rss, out, err, timed_out


def main():
    corpus = Path(sys.argv[1])
    if not BIN.exists():
        sys.exit(f"build the release binary first: {BIN}")
    rows = []
    findings = []
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.parent != corpus)
    prev_peak = 0
    for f in files:
        rc, secs, rss, out, err, to = run([str(BIN), "inspect", str(f), "--lang", "en"], TIMEOUT_INSPECT)
        if rss > prev_peak:
            if rss > BIG_RSS_KB // 4:
                findings.append(f"inspect {f.relative_to(corpus)}: peak RSS {rss // 1024} MiB")
            prev_peak = rss
        err_s = err.decode("utf-8", "replace")
        out_s = out.decode("utf-8", "replace")
        panicked = "panicked" in err_s
        kind = "ok"
        if to:
            kind = "timeout"
        elif panicked and rc != 0:
            kind = "panic"
        elif panicked:
            # Caught (catch_unwind): the run goes on, but the default hook still prints it.
            kind = "caught panic"
        elif rc < 0:
            kind = f"signal {-rc}"
        elif rc != 0:
            kind = f"exit {rc}"
        role = ""
        for line in out_s.splitlines():
            if "→" in line and not role:
                role = line.split("→", 1)[1].strip()
        rows.append({"file": str(f.relative_to(corpus)), "command": "inspect", "result": kind,
                     "seconds": f"{secs:.2f}", "role": role[:80],
                     "stderr": err_s.strip().splitlines()[-1][:200] if err_s.strip() else ""})
        if kind != "ok" or secs > 10:
            findings.append(f"inspect {f.relative_to(corpus)}: {kind} in {secs:.1f}s: {err_s.strip()[-300:]}")

    # evaluate: one round per repository, one applicant folder per file.
    for repo in sorted(p for p in corpus.iterdir() if p.is_dir()):
        round_dir = Path(f"/tmp/sme-corpus-round/{repo.name}")
        out_dir = Path(f"/tmp/sme-corpus-out/{repo.name}")
        shutil.rmtree(round_dir, ignore_errors=True)
        shutil.rmtree(out_dir, ignore_errors=True)
        for f in sorted(repo.iterdir()):
            app = round_dir / f.name.replace(".", "_")
            app.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, app / f.name)
        rc, secs, rss, out, err, to = run(
            [str(BIN), "evaluate", str(round_dir), "--as-of", "2023-06-30", "--out", str(out_dir),
             "--quiet", "--lang", "en", "--jobs", "2"], TIMEOUT_EVALUATE)
        err_s = err.decode("utf-8", "replace")
        kind = "timeout" if to else ("ok" if rc == 0 else f"exit {rc}")
        if "panicked" in err_s:
            kind += " (caught panic)" if rc == 0 else " (panic)"
            findings.append(f"evaluate {repo.name}: {kind}: {err_s.strip()[:300]}")
        rows.append({"file": repo.name, "command": "evaluate", "result": kind,
                     "seconds": f"{secs:.1f}", "role": f"peak RSS so far {rss // 1024} MiB",
                     "stderr": err_s.strip()[-200:]})
        print(f"evaluate {repo.name}: {kind} in {secs:.1f}s, peak RSS so far {rss // 1024} MiB")
        if rc != 0 or to:
            findings.append(f"evaluate {repo.name}: {kind}: {err_s.strip()[-300:]}")
            continue
        def read(name):
            with open(out_dir / name, encoding="utf-8-sig", newline="") as h:
                return list(csv.DictReader(h))
        report = read("report.csv")
        criteria = read("criteria.csv")
        problems = read("problems.csv")
        apps = {p.name for p in round_dir.iterdir()}
        seen = {r["applicant"] for r in report}
        for missing in sorted(apps - seen):
            findings.append(f"evaluate {repo.name}: applicant {missing} missing from report.csv")
        named = {(p["applicant"], p["file"]) for p in problems}
        evid = {(c["applicant"], e.split("!")[0].split(" p.")[0]) for c in criteria for e in c["evidence"].split(";") if e}
        for app in sorted(apps):
            f = next((round_dir / app).iterdir()).name
            if (app, f) not in named and (app, f) not in evid:
                findings.append(f"evaluate {repo.name}: {app}/{f} in no output (no problem row, no evidence)")
        for c in criteria:
            if c["criterion"] in DATA_CRITERIA and c["verdict"] in ("pass", "fail"):
                findings.append(f"evaluate {repo.name}: {c['applicant']} {c['criterion']} = {c['verdict']} "
                                f"({c['value']}): {c['message'][:160]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak > BIG_RSS_KB:
        findings.append(f"peak RSS over all runs {peak // 1024} MiB")
    with open(corpus / "results.csv", "w", newline="", encoding="utf-8") as h:
        w = csv.DictWriter(h, fieldnames=["file", "command", "result", "seconds", "role", "stderr"])
        w.writeheader()
        w.writerows(rows)
    with open(corpus / "findings.txt", "w", encoding="utf-8") as h:
        h.write("\n".join(findings) + "\n")
    print(f"{len(files)} files; {len(findings)} findings → {corpus}/findings.txt, results.csv")


if __name__ == "__main__":
    main()
