#!/bin/sh
# Regenerates tests/fixtures/7z/ (issue 11 item 5) with p7zip (`apt-get install -y p7zip-full`).
# The crate's own writer cannot encrypt without the aes256 feature, and encoding 210 MB in a
# unit test is slow, so these three are made once here and committed (under 1 KB each).
set -eu
out="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/7z"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/某平台"
cd "$work"
printf 'not a real workbook' > 某平台/推荐表.xlsx
printf 'not a real roster' > 某平台/人员名册.xlsx
# A bomb: 210,000,000 zero bytes (over the 200 MB entry limit) then a 4-byte form, in one
# solid block compressed twice (LZMA2 over LZMA2): 614 bytes on disk.
head -c 210000000 /dev/zero > bomb.xlsx
printf 'form' > 推荐表.xlsx
rm -f "$out/bomb.7z" "$out/encrypted-header.7z" "$out/encrypted-entries.7z" "$out/symlink.7z"
7z a -bd -m0=LZMA2:d=1m -m1=LZMA2:d=1m "$out/bomb.7z" bomb.xlsx 推荐表.xlsx >/dev/null
# Password 1234; names hidden (-mhe=on) or visible.
7z a -bd -p1234 -mhe=on "$out/encrypted-header.7z" 某平台 >/dev/null
7z a -bd -p1234 -mhe=off "$out/encrypted-entries.7z" 某平台 >/dev/null
# A symbolic link stored as a link (-snl), pointing outside the archive.
mkdir link
printf 'form' > link/推荐表.xlsx
ln -s /etc/passwd link/人员名册.xlsx
7z a -bd -snl "$out/symlink.7z" link >/dev/null
ls -l "$out"
