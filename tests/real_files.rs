//! Real files nobody here wrote (issue 8, "How to prove it"): spreadsheets from calamine's
//! and Apache POI's test data, PDFs from pdf.js and pdfminer.six, run through `evaluate`.
//!
//! The files are not committed (they come from repository snapshots, see
//! tests/fixtures/real/SOURCES.md); `scripts/fetch_corpus.sh` lays them out under
//! $SME_AUDIT_CORPUS (default /tmp/sme-corpus). Without the corpus these tests are ignored:
//! run them with `scripts/fetch_corpus.sh && cargo test --test real_files -- --ignored`.
//!
//! Every selected file becomes one applicant. Asserted: the binary exits 0 without a panic;
//! every applicant has a report row; every file is accounted for (a problem row or the
//! evidence of a criterion); and where the truth is certain — the file cannot be read
//! (encrypted, damaged, not a spreadsheet at all) but its name gives it a role — no
//! criterion that rests on that role is pass or fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

#[path = "support/reports.rs"]
mod reports;
use reports::read_csv;

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");

fn corpus() -> PathBuf {
    std::env::var_os("SME_AUDIT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/sme-corpus"))
}

/// (source file under the corpus, name it is submitted under, criteria that must be review
/// or n/a because the file cannot be read). An empty list: only "no panic, accounted for".
const SELECTION: &[(&str, &str, &[&str])] = &[
    // Password-protected workbooks (OOXML inside a CFB container, ODS with encryption data,
    // BIFF8 with FILEPASS) named as the roster: staff counts are unknown, never "0 < 10".
    (
        "tafia+calamine/pass_protected.xlsx",
        "2-专职人员名册.xlsx",
        &["A14.5.staff", "A14.5.qualified"],
    ),
    (
        "apache+poi/protected_passtika.xlsx",
        "2-专职人员名册.xlsx",
        &["A14.5.staff", "A14.5.qualified"],
    ),
    (
        "tafia+calamine/pass_protected.ods",
        "3-服务记录.ods",
        &[
            "A14.2.served",
            "A14.2.satisfaction",
            "A14.2.growth",
            "A14.4.public_welfare",
        ],
    ),
    (
        "apache+poi/password.xls",
        "3-服务记录.xls",
        &[
            "A14.2.served",
            "A14.2.satisfaction",
            "A14.2.growth",
            "A14.4.public_welfare",
        ],
    ),
    (
        "tafia+calamine/pass_protected.xlsb",
        "2-专职人员名册.xlsb",
        &["A14.5.staff", "A14.5.qualified"],
    ),
    // Damaged workbooks from readers' bug reports, named as the service log.
    (
        "tafia+calamine/too_small.xls",
        "3-服务记录.xls",
        &["A14.2.served", "A14.2.growth"],
    ),
    (
        "tafia+calamine/OOM_alloc.xls",
        "3-服务记录.xls",
        &["A14.2.served", "A14.2.growth"],
    ),
    (
        "tafia+calamine/issue_594_dos.ods",
        "3-服务记录.ods",
        &["A14.2.served", "A14.2.growth"],
    ),
    // A fuzzer's xlsx on which calamine panics (multiply overflow; caught, reported as
    // damaged), and a 42 KB BIFF workbook whose dense range takes 1 GiB: no recognisable
    // header either way.
    (
        "apache+poi/clusterfuzz-testcase-minimized-POIXSSFFuzzer-5937385319563264.xlsx",
        "3-服务记录.xlsx",
        &["A14.2.served", "A14.2.growth"],
    ),
    (
        "apache+poi/51535.xls",
        "3-服务记录.xls",
        &["A14.2.served", "A14.2.growth"],
    ),
    // A workbook whose sheets are not data (a chart sheet, macros): read what can be read.
    ("apache+poi/WithChartSheet.xlsx", "3-服务记录.xlsx", &[]),
    ("tafia+calamine/any_sheets.xlsx", "3-服务记录.xlsx", &[]),
    ("apache+poi/SimpleMacro.xls", "4-服务活动记录.xls", &[]),
    ("apache+poi/chinese-provinces.xls", "其他补充材料.xls", &[]),
    // PDFs that are not audit or credit reports, named as them: figures unknown.
    (
        "mozilla+pdf.js/alphatrans.pdf",
        "5-审计报告.pdf",
        &["A14.1.total_assets", "A14.1.finances"],
    ),
    // A real Chinese government annual report (tables of 2024 figures) named as the audit
    // report: no balance sheet, so no total assets; wrong year besides.
    (
        "zxj6827111-blip+govnianbao/szfgs2024.pdf",
        "5-审计报告.pdf",
        &["A14.1.total_assets", "A14.1.finances"],
    ),
    (
        "pdfminer+pdfminer.six/encryption__aes-256.pdf",
        "6-信用中国信用报告.pdf",
        &["A19.3"],
    ),
    (
        "pdfminer+pdfminer.six/simple1.pdf",
        "6-信用中国信用报告.pdf",
        &["A19.3"],
    ),
];

#[test]
#[ignore = "needs the corpus: scripts/fetch_corpus.sh"]
fn real_files_never_panic_and_unreadable_roles_stay_review() {
    let corpus = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let round = tmp.path().join("round");
    let mut apps: BTreeMap<String, (&str, &str, &[&str])> = BTreeMap::new();
    let mut missing = Vec::new();
    for (i, (src, name, strict)) in SELECTION.iter().enumerate() {
        let from = corpus.join(src);
        if !from.exists() {
            missing.push(src.to_string());
            continue;
        }
        let app = format!("{:02}-{}", i, src.replace(['/', '+', '.'], "_"));
        let dir = round.join(&app);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&from, dir.join(name)).unwrap();
        apps.insert(app, (src, name, strict));
    }
    assert!(
        missing.is_empty(),
        "corpus incomplete under {} (run scripts/fetch_corpus.sh): {missing:?}",
        corpus.display()
    );
    let out = tmp.path().join("out");
    let output = Command::new(BIN)
        .args(["evaluate"])
        .arg(&round)
        .args(["--as-of", "2023-06-30", "--quiet", "--lang", "en", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "evaluate failed: {stderr}");
    let mut failures = Vec::new();
    // A panic caught inside a reader still prints the default hook's message and backtrace:
    // to the user that is a crash report in the middle of a normal run.
    if let Some(at) = stderr.find("panicked") {
        let end = stderr[at..].find('\n').map_or(stderr.len(), |n| at + n);
        failures.push(format!("a panic on stderr: {}", &stderr[at..end]));
    }
    let report = read_csv(&out.join("report.csv"));
    let criteria = read_csv(&out.join("criteria.csv"));
    let problems = read_csv(&out.join("problems.csv"));
    let reported: BTreeSet<&str> = report.iter().map(|r| r["applicant"].as_str()).collect();
    for (app, (src, name, strict)) in &apps {
        if !reported.contains(app.as_str()) {
            failures.push(format!("{src}: no report row"));
            continue;
        }
        let in_problems = problems
            .iter()
            .any(|p| &p["applicant"] == app && p["file"] == *name);
        let in_evidence = criteria
            .iter()
            .any(|c| &c["applicant"] == app && c["evidence"].contains(name));
        if !in_problems && !in_evidence {
            failures.push(format!(
                "{src} (as {name}): in no problem row and no evidence"
            ));
        }
        for c in criteria.iter().filter(|c| &c["applicant"] == app) {
            if strict.contains(&c["criterion"].as_str())
                && matches!(c["verdict"].as_str(), "pass" | "fail")
            {
                failures.push(format!(
                    "{src} (as {name}): {} = {} ({}) but the file cannot be read: {}",
                    c["criterion"], c["verdict"], c["value"], c["message"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
