#!/bin/sh
# Regenerates tests/fixtures/word/*.doc: the Word twin's documents (written by the test
# generator in tests/support/docx.rs) converted to Word 97–2003 .doc by LibreOffice
# (Debian: apt-get install libreoffice-writer-nogui).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
WORD_FIXTURES_OUT="$tmp" cargo test --test word write_word_fixtures -- --ignored --quiet
soffice --headless --convert-to doc --outdir "$tmp" "$tmp"/*.docx >/dev/null
cp "$tmp/推荐表.doc" "$tmp/申请报告.doc" tests/fixtures/word/
rm -rf "$tmp"
