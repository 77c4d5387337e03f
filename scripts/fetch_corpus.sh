#!/usr/bin/env bash
# Re-creates the corpus of real files nobody here wrote (issue 8, "How to prove it") from
# local snapshots of public repositories, then (with --run) runs every file through the
# release binary's `inspect` and `evaluate` (scripts/corpus_run.py).
#
# Needs the repository snapshots as bare git directories (the workplace's `fetch` tool puts
# them under /work/.mirror/<owner>+<name>/repo; set MIRRORS to use another root):
#   tafia/calamine          tests/                     (MIT)
#   apache/poi              test-data/spreadsheet/     (Apache-2.0)
#   mozilla/pdf.js          test/pdfs/*.pdf            (Apache-2.0; *.link files are URLs, skipped)
#   pdfminer/pdfminer.six   samples/                   (MIT)
#   zxj6827111-blip/govnianbao     szfgs2024.pdf       (no licence stated; a 政府信息公开年度报告)
# Not run in CI: the snapshots are not there. The corpus goes to $CORPUS (default
# /tmp/sme-corpus), outside the repository; nothing of it is committed except the few files
# under tests/fixtures/real/ (see its SOURCES.md).
#
# usage: scripts/fetch_corpus.sh [--run]
set -euo pipefail

MIRRORS=${MIRRORS:-/work/.mirror}
CORPUS=${CORPUS:-/tmp/sme-corpus}

# repo-dir  path-in-repo  name-filter (extended regex on the path)
SOURCES=(
  "tafia+calamine tests/ \.(xlsx|xlsm|xlsb|xls|xla|ods|csv)$"
  "apache+poi test-data/spreadsheet/ \.(xlsx|xlsm|xlsb|xls|xltx|xltm|ods|csv)$"
  "mozilla+pdf.js test/pdfs/ \.pdf$"
  "pdfminer+pdfminer.six samples/ \.pdf$"
  "zxj6827111-blip+govnianbao szfgs2024.pdf \.pdf$"
)

rm -rf "$CORPUS"
mkdir -p "$CORPUS"
for line in "${SOURCES[@]}"; do
  read -r repo path filter <<<"$line"
  git_dir="$MIRRORS/$repo/repo"
  if [ ! -d "$git_dir" ]; then
    echo "missing snapshot $git_dir (fetch github:${repo/+//} first)" >&2
    exit 2
  fi
  commit=$(git --git-dir="$git_dir" rev-parse HEAD)
  out="$CORPUS/$repo"
  mkdir -p "$out"
  n=0
  # -z keeps non-ASCII names intact.
  while IFS= read -r -d '' f; do
    [[ "$f" =~ $filter ]] || continue
    # One flat folder per repository: the path with / replaced, so names stay unique.
    name=${f#"$path"}
    [ -n "$name" ] || name=${f##*/}
    name=${name//\//__}
    git --git-dir="$git_dir" show "$commit:$f" >"$out/$name" 2>/dev/null || rm -f "$out/$name"
    n=$((n + 1))
  done < <(git --git-dir="$git_dir" ls-tree -r -z --name-only "$commit" -- "$path")
  echo "$repo@$commit: $n files → $out"
  echo "$repo $commit $path" >>"$CORPUS/SOURCES.txt"
done

if [ "${1:-}" = "--run" ]; then
  exec python3 "$(dirname "$0")/corpus_run.py" "$CORPUS"
fi
