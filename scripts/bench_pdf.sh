#!/bin/sh
# Compares sme-audit's PDF text extraction with poppler's `pdftotext -layout` on the same PDFs,
# in pages per second, in one run.
#
#   scripts/bench_pdf.sh [ROUNDS]        (default 20)
#
# Corpus: the readable fixtures of tests/fixtures/pdf plus one 60-page document made by
# concatenating them three times with qpdf (LibreOffice subset TrueType fonts, predefined
# CMaps, Identity-H).
# Both tools are run once per file per round (process start-up included on both sides); the
# in-process rate of sme-audit (one process over all files) is printed too.
set -eu
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
cargo build --release --quiet --example pdf_text
BIN=target/release/examples/pdf_text
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

FIX=tests/fixtures/pdf
set -- "$FIX"/audit_*.pdf "$FIX"/credit_*.pdf "$FIX"/premises_lease.pdf "$FIX"/cmap_*.pdf \
    "$FIX"/identity_h_table_out_of_order.pdf
qpdf --empty --pages "$@" "$@" "$@" -- "$TMP/combined.pdf"
cp "$@" "$TMP/"
FILES=$(ls "$TMP"/*.pdf)

pages=0
for f in $FILES; do
    n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    pages=$((pages + n))
done
total_pages=$((pages * ROUNDS))

now() { date +%s.%N; }

t0=$(now)
i=0
while [ $i -lt "$ROUNDS" ]; do
    for f in $FILES; do pdftotext -layout "$f" /dev/null; done
    i=$((i + 1))
done
t1=$(now)
i=0
while [ $i -lt "$ROUNDS" ]; do
    for f in $FILES; do "$BIN" --quiet "$f" >/dev/null; done
    i=$((i + 1))
done
t2=$(now)
# In-process: every file ROUNDS times in one process.
args=""
i=0
while [ $i -lt "$ROUNDS" ]; do args="$args $FILES"; i=$((i + 1)); done
# shellcheck disable=SC2086
inproc=$("$BIN" --quiet $args)
t3=$(now)

awk -v p="$total_pages" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v f="$(echo $FILES | wc -w)" -v r="$ROUNDS" 'BEGIN {
    poppler = p / (b - a); ours = p / (c - b); inproc = p / (d - c);
    printf "corpus: %d files, %d pages per round, %d rounds (%d pages)\n", f, p / r, r, p;
    printf "pdftotext -layout (process per file): %8.1f pages/s\n", poppler;
    printf "sme-audit pdf_text (process per file): %8.1f pages/s  ratio %.2fx poppler\n", ours, ours / poppler;
    printf "sme-audit read_pdf (one process):      %8.1f pages/s  ratio %.2fx poppler\n", inproc, inproc / poppler;
}'
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
