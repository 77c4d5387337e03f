#!/usr/bin/env python3
"""OCR benchmark (issue 10): accuracy and speed of the embedded engine on the generated scan
fixtures, against the tesseract CLI on the same page images in the same run.

  python3 scripts/bench_ocr.py [--seed 1] [--out /tmp/bench-ocr] [--skip-tesseract]

Steps:
1. `gen_scans` writes the fixture set (scanned PDFs and image files, their text-layer twins,
   manifest.csv with every key figure's true value).
2. Every scan file goes through `examples/ocr_page` (the product path: PDF page images as
   stored, OCR, layout, the unchanged extractors with their OCR verification) on one core,
   then on all cores, then again with a warm cache.
3. The same page images (decoded upright by ocr_page --dump-images) go through
   `tesseract -l chi_sim --psm 1`; its text goes through the same extractors and verification
   (`ocr_page --text`).
4. Per engine: key figures exactly right, verified (used as evidence), and wrong-but-verified
   (must be 0); pages/s.
Figures are printed as a Markdown table (for the closing note and benches/OCR.md). Tesseract is
a reference here, not a dependency (Debian: tesseract-ocr tesseract-ocr-chi-sim).
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release", "examples")

# Manifest figure name -> the extractor's figure name.
FIELDS = {
    "total_assets": "total_assets",
    "total_liabilities": "total_liabilities",
    "net_assets": "net_assets",
    "net_profit": "net_profit",
    "revenue": "revenue",
    "dishonest_executed": "dishonest_executed",
    "major_tax_violations": "major_tax_violations",
    "serious_dishonest": "serious_dishonest",
    "admin_penalties": "admin_penalties",
    "area": "area0",
    "credit_code": "credit_code",
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def same(a, b):
    try:
        return Decimal(a) == Decimal(b)
    except (InvalidOperation, TypeError):
        return a == b


def ocr_files(files, jobs, env, extra=()):
    """Runs ocr_page on each file (one process per file, `jobs` at a time, each pinned to one
    core when jobs == 1). Returns ({file: result}, wall seconds, cpu seconds)."""
    results = {}

    def one(f):
        cmd = [os.path.join(REL, "ocr_page"), *extra, f]
        if jobs == 1 and shutil.which("taskset"):
            cmd = ["taskset", "-c", "0", *cmd]
        t = time.time()
        out = subprocess.run(cmd, capture_output=True, text=True, env=env)
        line = out.stdout.strip().splitlines()
        return f, (json.loads(line[-1]) if line else {"figures": {}, "error": out.stderr}), time.time() - t

    before = os.times()
    start = time.time()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for f, r, _ in pool.map(one, files):
            results[f] = r
    wall = time.time() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return results, wall, cpu


def score(manifest, results, base):
    right = verified = wrong_verified = total = 0
    rows = []
    for m in manifest:
        field = FIELDS.get(m["figure"])
        if not field or m["value"] == "":
            continue
        total += 1
        r = results.get(os.path.join(base, m["file"]), {})
        figs = r.get("figures", {})
        got = figs.get(field)
        unver = figs.get("unverified:" + field.rstrip("0"))
        reading = got if got is not None else unver
        ok = reading is not None and same(reading, m["value"])
        right += ok
        if got is not None:
            verified += 1
            if not same(got, m["value"]):
                wrong_verified += 1
                rows.append((m["file"], m["figure"], m["value"], got))
    return total, right, verified, wrong_verified, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/bench-ocr")
    ap.add_argument("--skip-tesseract", action="store_true")
    args = ap.parse_args()
    run(["cargo", "build", "--release", "--example", "ocr_page", "--example", "gen_scans"], cwd=ROOT)
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    fixtures = os.path.join(args.out, "fixtures")
    run([os.path.join(REL, "gen_scans"), fixtures, "--seed", str(args.seed)])
    with open(os.path.join(fixtures, "manifest.csv"), encoding="utf-8") as fh:
        manifest = list(csv.DictReader(fh))
    files = sorted({os.path.join(fixtures, m["file"]) for m in manifest})
    pages = len({(m["file"], m["page"]) for m in manifest})
    env = dict(os.environ)
    env.pop("SME_OCR_CACHE", None)

    table = []
    ours1, wall1, cpu1 = ocr_files(files, 1, env)
    # All cores, filling the cache; then the same again with the cache warm.
    cache = os.path.join(args.out, "cache")
    warm_env = dict(env, SME_OCR_CACHE=cache)
    ours2, wall2, _ = ocr_files(files, os.cpu_count() or 2, warm_env)
    _, wall_warm, _ = ocr_files(files, os.cpu_count() or 2, warm_env)
    deterministic = all(ours1[f].get("text") == ours2[f].get("text") for f in files)
    t, r, v, wv, wrong = score(manifest, ours1, fixtures)
    table.append(("sme-audit (PP-OCRv4, tract)", t, r, v, wv, pages / wall1, pages / wall2))
    print(f"ours: {pages} pages, 1 core {wall1:.1f}s ({cpu1:.1f} CPU-s), all cores {wall2:.1f}s, warm cache {wall_warm:.1f}s, deterministic={deterministic}")
    for row in wrong:
        print("  WRONG BUT VERIFIED (ours):", row)

    if not args.skip_tesseract and shutil.which("tesseract"):
        images = os.path.join(args.out, "images")
        os.makedirs(images)
        # The same upright page images our engine was given.
        run([os.path.join(REL, "ocr_page"), "--dump-images", images, *files])
        texts = {}
        tess_pages = sorted(os.listdir(images))

        def tess(img):
            base = os.path.join(images, img)
            cmd = ["tesseract", base, "stdout", "-l", "chi_sim", "--psm", "1"]
            return img, subprocess.run(cmd, capture_output=True, text=True,
                                       env=dict(os.environ, OMP_THREAD_LIMIT="1")).stdout

        for jobs in (1, os.cpu_count() or 2):
            start = time.time()
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                for img, out in pool.map(tess, tess_pages):
                    texts[img] = out
            if jobs == 1:
                tess_wall1 = time.time() - start
            else:
                tess_wall2 = time.time() - start
        # Join each file's pages (images are named <file index>-p<page>.png).
        joined = {}
        for img in sorted(texts):
            key = img.rsplit("-p", 1)[0]
            joined.setdefault(key, []).append(texts[img])
        text_files = {}
        for i, f in enumerate(files):
            key = f"{i:03d}"
            path = os.path.join(images, key + ".txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("\n".join(joined.get(key, [])))
            text_files[path] = f
        res, _, _ = ocr_files(list(text_files), os.cpu_count() or 2, env, extra=("--text",))
        mapped = {text_files[k]: v for k, v in res.items()}
        t2, r2, v2, wv2, wrong2 = score(manifest, mapped, fixtures)
        table.append(("tesseract 5 chi_sim (CLI, --psm 1)", t2, r2, v2, wv2, pages / tess_wall1, pages / tess_wall2))
        for row in wrong2:
            print("  WRONG BUT VERIFIED (tesseract):", row)

    print()
    print(f"Fixture set: gen_scans --seed {args.seed}: {len(files)} files, {pages} pages, {table[0][1]} key figures")
    print()
    print("| engine | key figures | read exactly | verified (used) | wrong but verified | pages/s, 1 core | pages/s, all cores |")
    print("|---|---|---|---|---|---|---|")
    for name, t, r, v, wv, p1, p2 in table:
        print(f"| {name} | {t} | {r} ({r / t:.0%}) | {v} ({v / t:.0%}) | {wv} | {p1:.2f} | {p2:.2f} |")
    print()
    print(f"Warm cache rerun (all cores): {wall_warm:.1f} s against {wall2:.1f} s cold ({wall2 / max(wall_warm, 1e-9):.0f}× faster).")


if __name__ == "__main__":
    sys.exit(main())
