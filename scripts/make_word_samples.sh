#!/usr/bin/env bash
# Rebuilds the Word and 7z applicants of the sample round (issue 11 item 6):
#   1. `cargo run --example word_samples` writes them from sample applicant 1's data (docx
#      forms, the 申请报告.docx of 齐创, spreadsheets);
#   2. LibreOffice saves 舜华's form as Word 97–2003 (.doc) and the .docx is removed;
#   3. p7zip packs 华信's folder as 历城区/华信中小企业技术服务平台.7z and the folder is removed.
# Needs LibreOffice (soffice) and p7zip (7z) — only to regenerate: the outputs are committed,
# so the tests need neither. Then update samples/expected-2023.csv and samples/README.md if a
# verdict changed.
set -euo pipefail
cd "$(dirname "$0")/.."
round=samples/round-2023

cargo run --quiet --example word_samples

doc_dir="$round/市中区/舜华中小企业数字服务平台"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soffice --headless -env:UserInstallation="file://$tmp/profile" \
    --convert-to doc --outdir "$tmp" "$doc_dir/1-推荐表.docx" >/dev/null
mv "$tmp/1-推荐表.doc" "$doc_dir/1-推荐表.doc"
rm "$doc_dir/1-推荐表.docx"

seven="$round/历城区/华信中小企业技术服务平台"
rm -f "$seven.7z"
# Fixed times and a sorted file list, so the archive depends on the contents only.
find "$seven" -exec touch -h -d '2023-03-10 09:00:00 UTC' {} +
(cd "$round/历城区" && find 华信中小企业技术服务平台 -type f | LC_ALL=C sort > "$tmp/list" &&
    7z a -t7z -mx=9 -mtc=off -mta=off "$tmp/out.7z" @"$tmp/list" >/dev/null)
mv "$tmp/out.7z" "$seven.7z"
rm -rf "$seven"
echo "done: $doc_dir/1-推荐表.doc, $seven.7z"
