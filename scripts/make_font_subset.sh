#!/bin/sh
# Vendored subset fonts for the scan generator (tests/support/scans.rs, issue 10 item 8):
# Noto Serif CJK SC and Noto Sans CJK SC (SIL OFL 1.1) cut down to the characters the
# generators can write, so the fixtures render on a fresh machine without system fonts.
#
# Needs Debian's fonts-noto-cjk and fonttools (`pip install fonttools`). Rerun after adding
# text to the generators: the generator refuses a character missing from the subset, and
# `cargo test --test scan_fixtures` checks every character it writes.
set -eu
cd "$(dirname "$0")/.."
SRC=${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}
OUT=tests/fixtures/fonts
mkdir -p "$OUT"
# Every non-ASCII character of the generators' sources (all text they write comes from their
# literals), printable ASCII, and a few typographic extras.
CHARS=$(mktemp)
python3 - "$CHARS" tests/support/scans.rs tests/support/pdf_pages.rs examples/gen_round.rs <<'PY'
import sys
out, *files = sys.argv[1:]
chars = set(chr(c) for c in range(0x20, 0x7F))
chars |= set("，。：；、（）《》“”‘’—－·〔〕【】％㎡²×☆★０１２３４５６７８９")
for f in files:
    chars |= {c for c in open(f, encoding="utf-8").read() if ord(c) > 0x7F and c.isprintable()}
open(out, "w", encoding="utf-8").write("".join(sorted(chars)))
PY
# Font number 2 of each collection is the SC (simplified Chinese) face.
for face in Serif Sans; do
  pyftsubset "$SRC/Noto${face}CJK-Regular.ttc" --font-number=2 \
    --text-file="$CHARS" --layout-features='' --no-hinting \
    --name-IDs='*' --output-file="$OUT/Noto${face}CJKsc-Regular-subset.otf"
done
rm -f "$CHARS"
ls -l "$OUT"
