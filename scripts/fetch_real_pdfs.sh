#!/bin/sh
# Fetches real PDFs nobody here wrote into target/real-pdfs/ (not committed: too large),
# for the ignored tests in tests/pdf.rs (`cargo test --test pdf -- --ignored`).
#
# - 平安银行 2024 年年度报告 (a listed bank's annual report, 296 pages, figures in 人民币百万元,
#   balance sheet headed by dates, audit report with key audit matters): from
#   https://github.com/FreeFlyingSheep/stock-analysis (MIT), data/reports/, commit 5d16b74.
set -eu
cd "$(dirname "$0")/.."
dir=target/real-pdfs
mkdir -p "$dir"
fetch() { # name url sha256
    if [ ! -f "$dir/$1" ]; then
        curl -fsSL -o "$dir/$1" "$2"
    fi
    echo "$3  $dir/$1" | sha256sum -c -
}
fetch pingan_bank_2024_annual_report.pdf \
    "https://raw.githubusercontent.com/FreeFlyingSheep/stock-analysis/5d16b74d4b6732ad9556df09d002a359b45571be/data/reports/%E5%B9%B3%E5%AE%89%E9%93%B6%E8%A1%8C%EF%BC%9A2024%E5%B9%B4%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf" \
    77d98b2636f31c0a546728637d99da85d00c4d1783e1372b090a753ad46e14f1
