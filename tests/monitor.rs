//! End to end: `monitor` (annual check of recognised platforms, Art. 23, 25, 26) and
//! `history export` on the bundled sample round. Expected values come from the sample
//! generator's design (samples/README.md, tests/e2e.rs) and the history written here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/reports.rs"]
mod reports;
use reports::read_csv;

use sme_audit::history::History;
use sme_audit::report::{REPORT_EN, REPORT_ZH};

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The sample applicants used below: (applicant id, credit code, operator name).
const KECHUANG: (&str, &str, &str) = (
    "泉城科创中小企业技术服务平台",
    "91370102MAJX6W6C0B",
    "济南泉城科创信息技术有限公司",
);
const QILU_DESIGN: (&str, &str, &str) = (
    "齐鲁工业设计服务平台",
    "91370112MAP2MG1NLD",
    "山东齐鲁工业设计研究院有限公司",
);

/// The credit code and name of each sample applicant, from an English report.csv.
fn identities(report: &Path) -> BTreeMap<String, (String, String)> {
    read_csv(report)
        .into_iter()
        .map(|r| {
            (
                r["applicant"].clone(),
                (r["credit_code"].clone(), r["name"].clone()),
            )
        })
        .collect()
}

/// One history row per (applicant, round, status, date, reason).
fn history_csv(
    ids: &BTreeMap<String, (String, String)>,
    rows: &[(&str, i32, &str, &str, &str)],
) -> String {
    let mut text = "统一社会信用代码,单位名称,认定年度,状态,日期,原因\n".to_string();
    for (id, round, status, date, reason) in rows {
        let (code, name) = &ids[*id];
        text.push_str(&format!("{code},{name},{round},{status},{date},{reason}\n"));
    }
    text
}

/// As of 2023-06-30 (evaluation year 2022): valid and meeting, valid below a threshold
/// (total assets 1,485,000 < 1,500,000), expiring this year (R + 3), revoked, expired (R + 4), never
/// recognised, valid with a 失信 entry, valid with an overstated declaration.
#[test]
fn monitor_gives_each_platform_its_monitoring_verdict() {
    let dir = tempfile::tempdir().unwrap();
    // The identities come from a plain evaluate of the same round (the first run).
    let plain = dir.path().join("plain");
    ok(run(&[
        "evaluate",
        samples().to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        plain.to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
    ]));
    let ids = identities(&plain.join("report.csv"));
    assert_eq!(ids[KECHUANG.0], (KECHUANG.1.into(), KECHUANG.2.into()));
    assert_eq!(
        ids[QILU_DESIGN.0],
        (QILU_DESIGN.1.into(), QILU_DESIGN.2.into())
    );
    let history = dir.path().join("历年认定.csv");
    std::fs::write(
        &history,
        history_csv(
            &ids,
            &[
                (KECHUANG.0, 2022, "认定", "2022-08-01", ""),
                (QILU_DESIGN.0, 2022, "认定", "2022-08-01", ""),
                ("明德中小企业科技服务平台", 2020, "认定", "", ""),
                ("舜华中小企业数字服务平台", 2022, "认定", "", ""),
                (
                    "舜华中小企业数字服务平台",
                    2022,
                    "撤销",
                    "2023-03-01",
                    "检查不合格",
                ),
                ("华信中小企业技术服务平台", 2019, "认定", "", ""),
                ("明湖企业培训服务平台", 2022, "认定", "", ""),
                ("历下企业管理咨询服务平台", 2022, "认定", "", ""),
                ("齐鲁数字经济信息服务平台", 2023, "认定", "", ""),
            ],
        ),
    )
    .unwrap();
    let out = dir.path().join("监测");
    let output = ok(run(&[
        "monitor",
        samples().to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
    ]));
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains("年度监测（基准日 2023-06-30）"),
        "{summary}"
    );
    for f in [
        "report.csv",
        "criteria.csv",
        "problems.csv",
        "summary.csv",
        "run.json",
    ] {
        assert!(out.join(f).is_file(), "{f} written with the monitoring");
    }
    let rows = read_csv(&out.join("monitoring.csv"));
    assert_eq!(rows.len(), ids.len(), "one row per applicant");
    let ids_in_order: Vec<&str> = rows.iter().map(|r| r["applicant"].as_str()).collect();
    let mut sorted = ids_in_order.clone();
    sorted.sort();
    assert_eq!(ids_in_order, sorted, "rows sorted by applicant");
    let row = |id: &str| rows.iter().find(|r| r["applicant"] == id).unwrap().clone();
    // (applicant, title_round, title_expiry_year, expiring, monitoring, unmet, review)
    let expected = [
        (KECHUANG.0, "2022", "2025", "no", "meets", "", ""),
        (
            QILU_DESIGN.0,
            "2022",
            "2025",
            "no",
            "conditions_unmet",
            "A14.1.total_assets",
            "",
        ),
        (
            "明德中小企业科技服务平台",
            "2020",
            "2023",
            "yes",
            "meets",
            "",
            "",
        ),
        (
            "舜华中小企业数字服务平台",
            "2022",
            "2025",
            "no",
            "not_recognised",
            "",
            "",
        ),
        (
            "华信中小企业技术服务平台",
            "2019",
            "2022",
            "no",
            "not_recognised",
            "",
            "",
        ),
        (
            "泉城检验检测公共服务平台",
            "",
            "",
            "no",
            "not_recognised",
            "",
            "",
        ),
        (
            "明湖企业培训服务平台",
            "2022",
            "2025",
            "no",
            "meets",
            "",
            "",
        ),
        (
            "历下企业管理咨询服务平台",
            "2022",
            "2025",
            "no",
            "review",
            "",
            "A14.2.served",
        ),
        (
            "齐鲁数字经济信息服务平台",
            "2023",
            "2026",
            "no",
            "review",
            "",
            "A14.1.total_assets;A14.1.finances",
        ),
    ];
    for (id, round, last, expiring, monitoring, unmet, review) in expected {
        let r = row(id);
        let got = (
            r["title_round"].as_str(),
            r["title_expiry_year"].as_str(),
            r["expiring"].as_str(),
            r["monitoring"].as_str(),
            r["unmet"].as_str(),
            r["review"].as_str(),
        );
        assert_eq!(
            got,
            (round, last, expiring, monitoring, unmet, review),
            "{id}"
        );
    }
    assert!(row("舜华中小企业数字服务平台")["note"].contains("revoked on 2023-03-01"));
    assert!(row("华信中小企业技术服务平台")["note"].contains("expired in 2022"));
    assert!(row("泉城检验检测公共服务平台")["note"].contains("no recognition"));
    // Art. 24 grounds the tool can see, each named; none for the others.
    assert!(
        row("明湖企业培训服务平台")["revocation_grounds"].contains("(A19.3)"),
        "{:?}",
        row("明湖企业培训服务平台")
    );
    assert_eq!(
        row("历下企业管理咨询服务平台")["revocation_grounds"],
        "declared figure more than 10% above the evidence: possible false declaration (A14.2.served)"
    );
    assert_eq!(row(KECHUANG.0)["revocation_grounds"], "");
    assert_eq!(row(QILU_DESIGN.0)["revocation_grounds"], "");

    // A23 does not count against a valid title; it still does for the others (none here has
    // a current title without being valid, so the non-valid keep their evaluate verdicts).
    let report = read_csv(&out.join("report.csv"));
    let verdict = |id: &str| {
        report
            .iter()
            .find(|r| r["applicant"] == id)
            .map(|r| (r["verdict"].clone(), r["failed"].clone()))
            .unwrap()
    };
    assert_eq!(verdict(KECHUANG.0), ("pass".into(), "".into()));
    assert_eq!(
        verdict("明德中小企业科技服务平台"),
        ("pass".into(), "".into())
    );
    assert_eq!(
        verdict(QILU_DESIGN.0),
        ("fail".into(), "A14.1.total_assets".into())
    );
    let criteria = read_csv(&out.join("criteria.csv"));
    let a23 = criteria
        .iter()
        .find(|r| r["applicant"] == KECHUANG.0 && r["criterion"] == "A23.current_title")
        .unwrap();
    assert_eq!(a23["verdict"], "n/a");
    assert!(a23["message"].contains("annual monitoring"), "{a23:?}");
    let a23 = criteria
        .iter()
        .find(|r| {
            r["applicant"] == "泉城检验检测公共服务平台" && r["criterion"] == "A23.current_title"
        })
        .unwrap();
    assert_eq!(
        a23["verdict"], "pass",
        "no events: evaluated as evaluate does"
    );

    // Deterministic: a second run gives the same bytes.
    let again = dir.path().join("again");
    ok(run(&[
        "monitor",
        samples().to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        again.to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
        "--jobs",
        "1",
    ]));
    assert_eq!(
        std::fs::read(out.join("monitoring.csv")).unwrap(),
        std::fs::read(again.join("monitoring.csv")).unwrap()
    );
}

#[test]
fn monitor_needs_its_history_and_names_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let missing = run(&[
        "monitor",
        samples().to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    let bad = dir.path().join("h.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let output = run(&[
        "monitor",
        samples().to_str().unwrap(),
        "--history",
        bad.to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("h.csv"));
    assert!(!out.join("monitoring.csv").exists());
}

/// A hand-made output folder: run.json with its as-of date and a report.csv with `headers`.
fn out_folder(dir: &Path, as_of: &str, headers: &[&str], rows: &[[&str; 4]]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("run.json"),
        format!("{{\"as_of\": \"{as_of}\", \"evaluation_year\": 2022}}"),
    )
    .unwrap();
    let at = |name: &str| REPORT_EN.iter().position(|h| *h == name).unwrap();
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(headers).unwrap();
    for [id, name, code, verdict] in rows {
        let mut record = vec![String::new(); headers.len()];
        record[at("applicant")] = id.to_string();
        record[at("name")] = name.to_string();
        record[at("credit_code")] = code.to_string();
        record[at("verdict")] = verdict.to_string();
        w.write_record(&record).unwrap();
    }
    std::fs::write(dir.join("report.csv"), w.into_inner().unwrap()).unwrap();
    dir.to_path_buf()
}

#[test]
fn history_export_reads_either_language_and_skips_applicants_without_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let zh = out_folder(
        &dir.path().join("zh"),
        "2023-06-30",
        &REPORT_ZH,
        &[
            ["甲平台", "甲公司", KECHUANG.1, "符合"],
            ["乙平台", "乙公司", "", "符合"],
            ["丙平台", "丙公司", QILU_DESIGN.1, "不符合"],
            ["丁平台", "丁公司", "91370102MA3C4XXL18", "待核实"],
        ],
    );
    let en = out_folder(
        &dir.path().join("en"),
        "2024-05-10",
        &REPORT_EN,
        &[
            ["P1", "戊公司", QILU_DESIGN.1, "pass"],
            ["P2", "甲公司", KECHUANG.1, "fail"],
        ],
    );
    let output = ok(run(&[
        "history",
        "export",
        zh.to_str().unwrap(),
        en.to_str().unwrap(),
    ]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("乙平台"), "{stderr}");
    let history = History::parse(&output.stdout, "stdout").unwrap();
    let got: Vec<(String, Option<i32>, String)> = history
        .events
        .iter()
        .map(|e| (e.credit_code.clone(), e.round, e.name.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (KECHUANG.1.to_string(), Some(2023), "甲公司".to_string()),
            (QILU_DESIGN.1.to_string(), Some(2024), "戊公司".to_string()),
        ]
    );
    assert!(history.events.iter().all(|e| e.date.is_none()
        && e.status == sme_audit::history::EventStatus::Recognised
        && e.reason.contains("以评审委员会认定结果为准")));
    assert!(
        output
            .stdout
            .starts_with("\u{feff}统一社会信用代码,单位名称,认定年度,状态".as_bytes())
    );
    let en_out = ok(run(&[
        "history",
        "export",
        zh.to_str().unwrap(),
        "--lang",
        "en",
    ]));
    assert!(
        en_out
            .stdout
            .starts_with("\u{feff}credit_code,name,round,status,date,reason\r\n".as_bytes())
    );

    let missing = run(&["history", "export", dir.path().to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("run.json"));
}

/// evaluate → history export → the exported file drives A23 in the next rounds: a platform
/// that passed as of 2023 holds a title through 2025 and may apply again in 2026.
#[test]
fn exported_history_loads_and_drives_a23() {
    let dir = tempfile::tempdir().unwrap();
    // A one-applicant round: the sample's 泉城科创 (passes as of 2023-06-30).
    let round = dir.path().join("round");
    let app = round.join("历下区").join(KECHUANG.0);
    copy_dir(&samples().join("历下区").join(KECHUANG.0), &app);
    let evaluate = |out: &Path, as_of: &str, history: Option<&Path>| {
        let mut args = vec![
            "evaluate",
            round.to_str().unwrap(),
            "--as-of",
            as_of,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--lang",
            "en",
        ];
        if let Some(h) = history {
            args.extend(["--history", h.to_str().unwrap()]);
        }
        ok(run(&args));
    };
    let first = dir.path().join("2023");
    evaluate(&first, "2023-06-30", None);
    let file = dir.path().join("历年认定.csv");
    let output = ok(run(&[
        "history",
        "export",
        first.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]));
    assert!(output.stdout.is_empty(), "written to the file, not stdout");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let history = History::load(&file).unwrap();
    assert_eq!(history.events.len(), 1);
    assert_eq!(history.events[0].credit_code, KECHUANG.1);
    assert_eq!(history.events[0].round, Some(2023));
    let a23 = |as_of: &str| {
        let out = dir.path().join(as_of);
        evaluate(&out, as_of, Some(&file));
        read_csv(&out.join("criteria.csv"))
            .into_iter()
            .find(|r| r["criterion"] == "A23.current_title")
            .map(|r| r["verdict"].clone())
            .unwrap()
    };
    assert_eq!(a23("2025-12-31"), "fail", "R + 2: still current");
    assert_eq!(a23("2026-01-01"), "pass", "R + 3: may apply again");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
