//! End to end: the real binary on the bundled sample round. The expected verdicts below are
//! written by hand from the sample generator's design (samples/README.md) and SPEC §4, not
//! produced by the tool.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

/// `evaluate ROUND --as-of 2023-06-30 --out OUT --quiet EXTRA…`, whatever its exit code.
fn evaluate_at(round: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "evaluate",
        round.to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The sample round evaluated into `out`; the run must succeed.
fn evaluate(out: &Path, extra: &[&str]) -> Output {
    let output = evaluate_at(&samples(), out, extra);
    assert!(
        output.status.success(),
        "evaluate failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// (applicant, overall verdict, failed criteria, review criteria), by hand.
const EXPECTED: &[(&str, &str, &str, &str)] = &[
    // Applicant 1's data under a new identity, packed as a .7z (form .docx).
    ("华信中小企业技术服务平台", "pass", "", ""),
    // No form: everything that needs it is review; nothing fails.
    (
        "华山数字经济服务平台",
        "review",
        "",
        "A2.registered;A14.1.legal_person;A14.1.operating_years;A15",
    ),
    // Declares 75 enterprises, the log shows 56 (> 10 % more: possible false declaration);
    // no authenticity declaration.
    (
        "历下企业管理咨询服务平台",
        "review",
        "",
        "A14.2.served;A19.10",
    ),
    // 民办非企业单位: assets 1,206,830.50 and 8 staff pass only on the relaxed thresholds.
    ("历下区中小企业法律服务中心", "pass", "", ""),
    // Applicant 1's data under a new identity, form a .docx label|value table.
    ("明德中小企业科技服务平台", "pass", "", ""),
    // 失信被执行人（1条） in the credit report.
    ("明湖企业培训服务平台", "fail", "A19.3", ""),
    // Internet platform with 480 online registrations; qualified audit opinion.
    (
        "泉城云企服平台",
        "fail",
        "A14.2.online_registered",
        "A14.1.finances",
    ),
    // 7 of 10 full-time staff qualified (助理工程师 with 中专 and 高级技师 do not count).
    ("泉城智能制造服务平台", "fail", "A14.5.qualified", ""),
    // Old .xls form and roster, old-layout audit report, exactly 49 enterprises in 2022.
    ("泉城检验检测公共服务平台", "fail", "A14.2.served", ""),
    ("泉城科创中小企业技术服务平台", "pass", "", ""),
    // Applicant 1's data under a new identity, form a .doc (Word 97–2003).
    ("舜华中小企业数字服务平台", "pass", "", ""),
    // Established 2021-09-15: less than two years by 2023-06-30.
    ("舜耕企业融资服务平台", "fail", "A14.1.operating_years", ""),
    // Applicant 1's data under a new identity: roster and logs are tables of 申请报告.docx.
    ("齐创中小企业创新服务平台", "pass", "", ""),
    // GBK zip; audit report in 万元 showing 148.50 万元 < 150 万元.
    ("齐鲁工业设计服务平台", "fail", "A14.1.total_assets", ""),
    // Scanned audit report: assets and finances cannot be read → review, never fail.
    (
        "齐鲁数字经济信息服务平台",
        "review",
        "",
        "A14.1.total_assets;A14.1.finances",
    ),
];

#[test]
fn sample_round_verdicts_match_hand_checked_expectations() {
    let dir = tempfile::tempdir().unwrap();
    evaluate(dir.path(), &["--lang", "en"]);
    let report = read_csv(&dir.path().join("report.csv"));
    let got: Vec<(String, String, String, String)> = report
        .iter()
        .map(|r| {
            (
                r["applicant"].clone(),
                r["verdict"].clone(),
                r["failed"].clone(),
                r["review"].clone(),
            )
        })
        .collect();
    let want: Vec<(String, String, String, String)> = EXPECTED
        .iter()
        .map(|(a, v, f, r)| (a.to_string(), v.to_string(), f.to_string(), r.to_string()))
        .collect();
    assert_eq!(got, want);

    // PDF-driven figures: 万元 audit report, old layout, scanned report.
    let row = |id: &str| report.iter().find(|r| r["applicant"] == id).unwrap();
    assert_eq!(row("齐鲁工业设计服务平台")["total_assets"], "1485000");
    assert_eq!(row("泉城检验检测公共服务平台")["total_assets"], "3865200.4");
    assert_eq!(row("泉城检验检测公共服务平台")["served_y"], "49");
    assert_eq!(row("齐鲁数字经济信息服务平台")["total_assets"], "");
    assert_eq!(row("泉城智能制造服务平台")["qualified_ratio"], "0.7000");
    assert_eq!(
        row("历下区中小企业法律服务中心")["org_type"],
        "private non-enterprise unit"
    );

    let criteria = read_csv(&dir.path().join("criteria.csv"));
    let crit = |id: &str, c: &str| {
        criteria
            .iter()
            .find(|r| r["applicant"] == id && r["criterion"] == c)
            .unwrap_or_else(|| panic!("{id} {c}"))
    };
    let assets = crit("齐鲁工业设计服务平台", "A14.1.total_assets");
    assert!(assets["evidence"].contains("审计报告.pdf p."), "{assets:?}");
    let credit = crit("明湖企业培训服务平台", "A19.3");
    assert_eq!(credit["verdict"], "fail");
    assert!(credit["evidence"].contains("信用"), "{credit:?}");
    // Every criterion row is there for every applicant.
    for (id, ..) in EXPECTED {
        let n = criteria.iter().filter(|r| r["applicant"] == *id).count();
        assert_eq!(
            n, 41,
            "{id}: one row per criterion of §4.1 (37), §4.3 (3) and §8.3 (1)"
        );
    }
    // The sample licences carry no credit code (a one-line PDF, or a .jpg): n/a, not pass.
    let licence = crit("泉城科创中小企业技术服务平台", "X.licence_code");
    assert_eq!(licence["verdict"], "n/a", "{licence:?}");
    assert!(licence["message"].contains("营业执照.pdf"), "{licence:?}");

    let problems = read_csv(&dir.path().join("problems.csv"));
    let has = |file: &str| problems.iter().any(|p| p["file"].ends_with(file));
    assert!(has("历城区推荐汇总表.xlsx"), "district loose file listed");
    assert!(has("5-审计报告.pdf"), "scanned report listed");
    assert!(has("附表（草稿）.xlsx"), "truncated workbook listed");
    assert!(has("说明.docx"), "empty file listed");
    assert!(has("新建文本文档.txt"), "unrecognised file listed");
    assert!(has("8-网站备案及资质证书.pdf"), "encrypted PDF listed");
}

#[test]
fn reports_are_byte_identical_for_one_and_four_jobs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    evaluate(a.path(), &["--jobs", "1"]);
    evaluate(b.path(), &["--jobs", "4"]);
    for f in [
        "report.csv",
        "criteria.csv",
        "problems.csv",
        "summary.csv",
        "summary_criteria.csv",
    ] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(!x.is_empty());
        assert!(x == y, "{f} differs between --jobs 1 and --jobs 4");
    }
}

#[test]
fn chinese_reports_by_default_and_district_filter() {
    let dir = tempfile::tempdir().unwrap();
    let out = evaluate(dir.path(), &["--district", "历城区"]);
    let report = read_csv(&dir.path().join("report.csv"));
    let ids: Vec<&str> = report.iter().map(|r| r["申报编号"].as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "华信中小企业技术服务平台",
            "华山数字经济服务平台",
            "泉城检验检测公共服务平台",
            "齐鲁工业设计服务平台"
        ]
    );
    assert_eq!(report[0]["评审结论"], "符合");
    assert_eq!(report[2]["评审结论"], "不符合");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("评审申报 4 个"), "{stdout}");
    let problems = read_csv(&dir.path().join("problems.csv"));
    assert!(
        problems
            .iter()
            .all(|p| p["申报编号"].is_empty() || ids.contains(&p["申报编号"].as_str())),
        "only the district's problems"
    );
}

#[test]
fn usage_and_output_errors_exit_non_zero_with_a_cause() {
    let missing = run(&["evaluate", "/no/such/round", "--out", "/tmp/x"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/round"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let round = samples();
    let bad_out = run(&[
        "evaluate",
        round.to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--quiet",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(bad_out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&bad_out.stderr).is_empty());

    let bad_date = run(&["evaluate", round.to_str().unwrap(), "--as-of", "明天"]);
    assert_eq!(bad_date.status.code(), Some(2));
}

#[test]
fn rules_show_and_check() {
    let shown = run(&["rules", "show"]);
    assert!(shown.status.success());
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(text.contains("total_assets = \"1500000\""), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, &text).unwrap();
    assert!(
        run(&["rules", "check", good.to_str().unwrap()])
            .status
            .success()
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, text.replace("partners = 5", "partnres = 5")).unwrap();
    let checked = run(&["rules", "check", bad.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(2));
    let err = String::from_utf8_lossy(&checked.stderr);
    assert!(err.contains("partnres") && err.contains("line"), "{err}");
}

#[test]
fn inspect_shows_every_sample_applicants_figures_with_evidence() {
    let round = samples();
    for district in std::fs::read_dir(&round).unwrap() {
        let district = district.unwrap().path();
        if !district.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&district).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() && path.extension().is_some_and(|e| e != "zip" && e != "7z") {
                continue;
            }
            let out = run(&["inspect", path.to_str().unwrap()]);
            assert!(out.status.success(), "{}", path.display());
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("文件与角色"), "{text}");
            // Every roster and service row printed carries its sheet!row evidence.
            for line in text.lines().filter(|l| l.contains("| 专职")) {
                assert!(
                    line.contains(".xls")
                        || line.contains(".csv")
                        || line.contains(".ods")
                        || line.contains(".doc"),
                    "{line}"
                );
            }
        }
    }
    let app = round.join("历下区/泉城科创中小企业技术服务平台");
    let text = String::from_utf8(run(&["inspect", app.to_str().unwrap()]).stdout).unwrap();
    assert!(
        text.contains("资产总计（元）: 1623456.78 [5-审计报告.pdf p.2]"),
        "{text}"
    );
    assert!(
        text.contains("统一社会信用代码: 91370102MAJX6W6C0B  [1-推荐表.xlsx!推荐表!E3]"),
        "{text}"
    );
}

/// The sample generator computes each applicant's key figures from the data it writes
/// (samples/README.md, "关键数字"): a second oracle, independent of the tool's code. Ratios
/// may differ in the last digit (the report truncates to four decimals; the generator
/// rounds).
#[test]
fn key_figures_match_the_generators_own_computation() {
    let readme = std::fs::read_to_string(samples().join("../README.md")).unwrap();
    let mut expected: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in readme.lines() {
        if let Some(rest) = line.strip_prefix("### ") {
            let path = rest.split('`').nth(1).unwrap_or("");
            let id = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            let id = id.trim_end_matches(".zip").trim_end_matches(".7z");
            expected.push((id.to_string(), Vec::new()));
        } else if let Some(rest) = line.strip_prefix("- 关键数字 / key figures: ") {
            let figures = rest.split(" (").next().unwrap_or(rest);
            let last = expected.last_mut().expect("a heading before its figures");
            for pair in figures.split(", ") {
                if let Some((k, v)) = pair.split_once('=') {
                    last.1.push((k.to_string(), v.trim().to_string()));
                }
            }
        }
    }
    assert_eq!(expected.len(), 15);
    let dir = tempfile::tempdir().unwrap();
    evaluate(dir.path(), &["--lang", "en"]);
    let report = read_csv(&dir.path().join("report.csv"));
    for (id, figures) in &expected {
        let row = report
            .iter()
            .find(|r| &r["applicant"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        for (key, want) in figures {
            let got = &row[key.as_str()];
            match key.as_str() {
                "satisfaction" | "public_welfare_share" | "qualified_ratio" => {
                    let (g, w): (f64, f64) = (got.parse().unwrap(), want.parse().unwrap());
                    assert!(
                        (g - w).abs() <= 0.0001 + 1e-9,
                        "{id} {key}: {got} vs {want}"
                    );
                }
                // Without a form the premises figure falls back to the proof's area.
                "premises_area" if want.is_empty() => assert_eq!(got, "200", "{id}"),
                "functions_passed" => {}
                _ => assert_eq!(got, want, "{id} {key}"),
            }
        }
    }
}

#[test]
fn inspect_on_a_round_folder_lists_its_applicants() {
    let out = run(&["inspect", samples().to_str().unwrap(), "--lang", "en"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("holding 15 applicants"), "{text}");
    assert!(
        text.contains("齐鲁工业设计服务平台  (历城区/齐鲁工业设计服务平台.zip)"),
        "{text}"
    );
    let missing = run(&["inspect", "/no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// A history file in GBK with Chinese headers: a platform recognised in 2022 may not apply
/// again before 2025 (Art. 23); one whose title was revoked for a false declaration in 2021
/// is banned for three years (Art. 24); the others have no events and pass both.
#[test]
fn history_file_drives_a23_and_a24() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("历年认定.csv");
    let text = "统一社会信用代码,单位名称,认定年度,状态,日期,原因\n\
                91370102MAJX6W6C0B,济南泉城科创信息技术有限公司,2022,认定,2022-08-01,\n\
                91370112MAP2MG1NLD,山东齐鲁工业设计研究院有限公司,2019,认定,2019-08-01,\n\
                91370112MAP2MG1NLD,山东齐鲁工业设计研究院有限公司,2019,撤销,2021-03-01,虚假申报\n";
    std::fs::write(&history, encoding_rs::GBK.encode(text).0).unwrap();
    let out = dir.path().join("out");
    evaluate(
        &out,
        &["--lang", "en", "--history", history.to_str().unwrap()],
    );
    let criteria = read_csv(&out.join("criteria.csv"));
    let verdict = |id: &str, c: &str| {
        criteria
            .iter()
            .find(|r| r["applicant"] == id && r["criterion"] == c)
            .map(|r| r["verdict"].clone())
            .unwrap()
    };
    assert_eq!(
        verdict("泉城科创中小企业技术服务平台", "A23.current_title"),
        "fail"
    );
    assert_eq!(verdict("泉城科创中小企业技术服务平台", "A24.ban"), "pass");
    assert_eq!(verdict("齐鲁工业设计服务平台", "A24.ban"), "fail");
    assert_eq!(
        verdict("齐鲁工业设计服务平台", "A23.current_title"),
        "pass",
        "revoked: no longer current"
    );
    assert_eq!(verdict("舜耕企业融资服务平台", "A23.current_title"), "pass");
    assert_eq!(verdict("舜耕企业融资服务平台", "A24.ban"), "pass");
    let report = read_csv(&out.join("report.csv"));
    let row = report
        .iter()
        .find(|r| r["applicant"] == "泉城科创中小企业技术服务平台")
        .unwrap();
    assert_eq!(row["verdict"], "fail");
    assert_eq!(row["failed"], "A23.current_title");
}

#[test]
fn a_rules_file_changes_thresholds_and_a_late_as_of_date_is_review() {
    let dir = tempfile::tempdir().unwrap();
    let shown = String::from_utf8(run(&["rules", "show"]).stdout).unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        shown.replace("total_assets = \"1500000\"", "total_assets = \"1400000\""),
    )
    .unwrap();
    let out = dir.path().join("a");
    evaluate(&out, &["--lang", "en", "--rules", rules.to_str().unwrap()]);
    let report = read_csv(&out.join("report.csv"));
    let row = report
        .iter()
        .find(|r| r["applicant"] == "齐鲁工业设计服务平台")
        .unwrap();
    assert_eq!(
        row["verdict"], "pass",
        "148.5万元 meets a 140万元 threshold"
    );

    // 2024-05-02 is after the measures expired (Art. 27): every applicant is at least review.
    let late = dir.path().join("b");
    let round = samples();
    let output = run(&[
        "evaluate",
        round.to_str().unwrap(),
        "--as-of",
        "2024-05-02",
        "--out",
        late.to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
    ]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("validity"));
    let report = read_csv(&late.join("report.csv"));
    assert!(report.iter().all(|r| r["verdict"] != "pass"));
    assert!(
        report
            .iter()
            .all(|r| r["review"].contains("A27.rules_in_force"))
    );
}

// --- Issue 8: no confident wrong verdict, on rounds built from real files -------------------

mod support;
use support::reports::read_csv;

use support::{V, copy_dir, text_pdf, workbook};

const CODE: &str = "91370102MA3C4XXL18";

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .expect("fixture")
}

/// One applicant's files, by name; starts as an applicant that meets every figure.
struct Files(Vec<(String, Vec<u8>)>);

impl Files {
    fn good() -> Files {
        let mut f = Files(Vec::new());
        f.set("1-推荐表.xlsx", form(&[("服务场所面积", "200")]));
        f.set("2-专职人员名册.xlsx", roster(10));
        f.set("3-服务记录.xlsx", service_log(&[(2022, 60), (2021, 55)]));
        f.set("4-服务活动记录.xlsx", training_log(4, Some(300.0)));
        f.set(
            "5-审计报告.pdf",
            fixture("pdf/audit_new_layout_yuan_standard.pdf"),
        );
        f.set(
            "6-信用中国信用报告.pdf",
            fixture("pdf/credit_report_clean.pdf"),
        );
        f.set("7-房屋租赁合同.pdf", fixture("pdf/premises_lease.pdf"));
        for i in 1..=5 {
            f.set(&format!("合作协议/协议{i}.pdf"), b"%PDF-1.4".to_vec());
        }
        f
    }
    fn set(&mut self, name: &str, bytes: Vec<u8>) -> &mut Files {
        self.0.retain(|(n, _)| n != name);
        self.0.push((name.to_string(), bytes));
        self
    }
    fn remove(&mut self, name: &str) -> &mut Files {
        self.0.retain(|(n, _)| n != name);
        self
    }
}

/// The form, with extra (label, value) rows.
fn form(extra: &[(&str, &str)]) -> Vec<u8> {
    let mut rows = vec![
        vec![V::S("济南市中小企业公共服务示范平台推荐表")],
        vec![V::S("单位名称"), V::S("济南某某科技服务有限公司")],
        vec![V::S("统一社会信用代码"), V::S(CODE)],
        vec![V::S("单位性质"), V::S("企业")],
        vec![V::S("成立时间"), V::D(2015, 6, 1)],
        vec![V::S("所属区县"), V::S("历下区")],
        vec![V::S("协作服务机构数"), V::S("5")],
        vec![V::S("申报服务功能"), V::S("☑培训服务")],
        vec![V::S("培训评价机制"), V::S("有")],
    ];
    for (label, value) in extra {
        rows.push(vec![V::S(label), V::S(value)]);
    }
    workbook(&[("推荐表", rows)])
}

fn roster(n: usize) -> Vec<u8> {
    let mut rows = vec![vec![
        V::S("姓名"),
        V::S("身份证号"),
        V::S("学历"),
        V::S("职称"),
        V::S("是否专职"),
    ]];
    let ids: Vec<String> = (0..n).map(|i| format!("37010219900101{i:04}")).collect();
    for id in &ids {
        rows.push(vec![
            V::S("张三"),
            V::S(id),
            V::S("本科"),
            V::S("工程师"),
            V::S("专职"),
        ]);
    }
    workbook(&[("名册", rows)])
}

/// `(year, n)`: n services in that year to enterprises 企业0 … 企业{n-1}, a third free.
fn service_log(years: &[(i32, usize)]) -> Vec<u8> {
    let mut rows = vec![vec![
        V::S("服务日期"),
        V::S("企业名称"),
        V::S("服务类别"),
        V::S("服务内容"),
        V::S("收费金额"),
        V::S("满意度"),
    ]];
    let names: Vec<String> = (0..100).map(|i| format!("济南企业{i}有限公司")).collect();
    for (year, n) in years {
        for (i, name) in names.iter().take(*n).enumerate() {
            rows.push(vec![
                V::D(*year as u16, 3, 1 + (i % 28) as u8),
                V::S(name),
                V::S("技术服务"),
                V::S("技术咨询"),
                V::N(if i % 3 == 0 { 0.0 } else { 1000.0 }),
                V::S("满意"),
            ]);
        }
    }
    workbook(&[("服务台账", rows)])
}

/// n 培训 activities in 2022 with `attendees` each (no 参加人次 column when `None`).
fn training_log(n: usize, attendees: Option<f64>) -> Vec<u8> {
    let mut header = vec![V::S("活动日期"), V::S("活动名称"), V::S("活动类别")];
    if attendees.is_some() {
        header.push(V::S("参加人次"));
    }
    let mut rows = vec![header];
    for i in 0..n {
        let mut row = vec![
            V::D(2022, 4, 1 + i as u8),
            V::S("中小企业管理培训班"),
            V::S("培训"),
        ];
        if let Some(a) = attendees {
            row.push(V::N(a));
        }
        rows.push(row);
    }
    workbook(&[("活动记录", rows)])
}

/// A round written to one district folder and evaluated: its criteria.csv rows.
struct Evaluated {
    criteria: Vec<std::collections::BTreeMap<String, String>>,
}

impl Evaluated {
    fn row(&self, app: &str, criterion: &str) -> &std::collections::BTreeMap<String, String> {
        self.criteria
            .iter()
            .find(|r| r["applicant"] == app && r["criterion"] == criterion)
            .unwrap_or_else(|| panic!("{app} {criterion}"))
    }
    fn verdict(&self, app: &str, criterion: &str) -> &str {
        &self.row(app, criterion)["verdict"]
    }
}

fn evaluate_round(apps: &[(&str, &Files)], as_of: Option<&str>) -> Evaluated {
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path().join("round");
    for (id, files) in apps {
        for (name, bytes) in &files.0 {
            support::write(&round.join("历下区").join(id).join(name), bytes);
        }
    }
    let out = dir.path().join("out");
    let mut args = vec![
        "evaluate",
        round.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
    ];
    if let Some(d) = as_of {
        args.extend(["--as-of", d]);
    }
    let output = run(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Evaluated {
        criteria: read_csv(&out.join("criteria.csv")),
    }
}

#[test]
fn the_good_applicant_passes_what_the_families_below_perturb() {
    let e = evaluate_round(&[("甲", &Files::good())], Some("2023-06-30"));
    for c in [
        "A14.1.total_assets",
        "A14.2.served",
        "A14.2.growth",
        "A14.2.satisfaction",
        "A14.3.premises",
        "A14.4.public_welfare",
        "A14.5.staff",
        "A14.5.qualified",
        "A15.training",
        "A19.3",
    ] {
        assert_eq!(e.verdict("甲", c), "pass", "{c}: {:?}", e.row("甲", c));
    }
}

/// Family 1: an encrypted roster, a truncated service log and an activity log without a
/// header are present but unreadable: their criteria are review naming the file, never "0 <".
#[test]
fn issue8_unreadable_roster_and_logs_are_review_not_zero() {
    let good = service_log(&[(2022, 60), (2021, 55)]);
    let mut unreadable = Files::good();
    unreadable
        .set(
            "2-专职人员名册.xlsx",
            fixture("xlsx/encrypted-password-1234.xlsx"),
        )
        .set("3-服务记录.xlsx", good[..good.len() / 2].to_vec())
        .set(
            "4-服务活动记录.xlsx",
            workbook(&[(
                "Sheet1",
                vec![vec![V::S("2022年培训情况")], vec![V::S("详见附件")]],
            )]),
        );
    // One log read (60 enterprises), a second one encrypted: 60 ≥ 50 stands.
    let mut enough = Files::good();
    enough.set(
        "3-服务记录（补充）.xlsx",
        fixture("xlsx/encrypted-password-1234.xlsx"),
    );
    // The read log shows 49: the encrypted one could hold the 50th.
    let mut short = Files::good();
    short
        .set("3-服务记录.xlsx", service_log(&[(2022, 49), (2021, 40)]))
        .set(
            "3-服务记录（补充）.xlsx",
            fixture("xlsx/encrypted-password-1234.xlsx"),
        );
    let e = evaluate_round(
        &[("甲", &unreadable), ("乙", &enough), ("丙", &short)],
        Some("2023-06-30"),
    );
    for c in [
        "A14.2.served",
        "A14.2.growth",
        "A14.2.satisfaction",
        "A14.4.public_welfare",
        "A14.5.staff",
        "A14.5.qualified",
        "A15.training",
    ] {
        let row = e.row("甲", c);
        assert_eq!(row["verdict"], "review", "{c}: {row:?}");
        assert_eq!(row["value"], "", "{c}: unknown is empty, not 0: {row:?}");
    }
    let staff = e.row("甲", "A14.5.staff");
    assert!(
        staff["message"].contains("2-专职人员名册.xlsx"),
        "{staff:?}"
    );
    assert!(
        e.row("甲", "A14.2.served")["message"].contains("3-服务记录.xlsx"),
        "{:?}",
        e.row("甲", "A14.2.served")
    );
    assert!(
        e.row("甲", "A15.training")["message"].contains("4-服务活动记录.xlsx"),
        "{:?}",
        e.row("甲", "A15.training")
    );
    assert_eq!(e.verdict("乙", "A14.2.served"), "pass");
    assert_eq!(e.row("乙", "A14.2.served")["value"], "60");
    let short = e.row("丙", "A14.2.served");
    assert_eq!(short["verdict"], "review", "{short:?}");
    assert!(
        short["message"].contains("3-服务记录（补充）.xlsx"),
        "{short:?}"
    );
}

/// Family 4: a 房产证 and a 租赁合同 for the same 100 m² are one premises; the form's 140 with a
/// proof of 200 is not a pass.
#[test]
fn issue8_one_premises_proved_twice_counts_once() {
    let proof = |title: &str| {
        text_pdf(&[&[
            title,
            "坐落：济南市历下区经十路100号501室",
            "建筑面积：100.00平方米",
        ]])
    };
    let mut twice = Files::good();
    twice
        .remove("7-房屋租赁合同.pdf")
        .set("7-房产证.pdf", proof("不动产权证书"))
        .set("7-房屋租赁合同.pdf", proof("房屋租赁合同"));
    let mut below = Files::good();
    below
        .set("1-推荐表.xlsx", form(&[("服务场所面积", "140")]))
        .set(
            "7-房屋租赁合同.pdf",
            text_pdf(&[&["房屋租赁合同", "房屋建筑面积：200平方米"]]),
        );
    let e = evaluate_round(&[("甲", &twice), ("乙", &below)], Some("2023-06-30"));
    let row = e.row("甲", "A14.3.premises");
    assert_eq!(
        row["verdict"], "review",
        "200 declared, 100 proved: {row:?}"
    );
    assert!(row["message"].contains("100 m²"), "{row:?}");
    assert!(!row["message"].contains("200 m² ≥"), "not summed: {row:?}");
    let row = e.row("乙", "A14.3.premises");
    assert_eq!(row["verdict"], "review", "{row:?}");
    assert!(
        row["message"].contains("140") && row["message"].contains("200"),
        "{row:?}"
    );
}

/// Family 5: records without fee information are not charged ones; a training function with
/// no attendee column does not total 0.
#[test]
fn issue8_missing_fee_and_attendee_columns_are_review() {
    let mut rows = vec![vec![V::S("服务日期"), V::S("企业名称"), V::S("收费金额")]];
    let names: Vec<String> = (0..100).map(|i| format!("济南企业{i}有限公司")).collect();
    for (i, name) in names.iter().enumerate() {
        rows.push(vec![
            V::D(2022, 5, 1 + (i % 28) as u8),
            V::S(name),
            if i == 0 { V::N(0.0) } else { V::S("") },
        ]);
    }
    let mut fees = Files::good();
    fees.set("3-服务记录.xlsx", workbook(&[("服务台账", rows)]));
    let mut attendees = Files::good();
    attendees.set("4-服务活动记录.xlsx", training_log(4, None));
    let e = evaluate_round(&[("甲", &fees), ("乙", &attendees)], Some("2023-06-30"));
    let row = e.row("甲", "A14.4.public_welfare");
    assert_eq!(row["verdict"], "review", "1 free + 99 unknown: {row:?}");
    assert!(row["message"].contains("99"), "{row:?}");
    let row = e.row("乙", "A15.training");
    assert_eq!(row["verdict"], "review", "{row:?}");
    assert_eq!(row["value"], "", "{row:?}");
    assert_ne!(e.verdict("乙", "A15"), "fail");
}

/// Family 8: a credit report that shows only one of the three 失信 sections is not clean.
#[test]
fn issue8_credit_report_with_one_section_is_review() {
    let mut one = Files::good();
    one.set(
        "6-信用中国信用报告.pdf",
        text_pdf(&[&[
            "信用信息报告",
            "（信用中国）",
            "主体名称：济南某某科技服务有限公司",
            "一、失信被执行人（0条）",
        ]]),
    );
    let e = evaluate_round(&[("甲", &one)], Some("2023-06-30"));
    let row = e.row("甲", "A19.3");
    assert_eq!(row["verdict"], "review", "{row:?}");
    assert!(
        row["message"].contains("major tax violations")
            && row["message"].contains("serious dishonesty"),
        "{row:?}"
    );
}

/// Family 9: undated records that could change growth, and an audit report whose year cannot
/// be read, are review.
#[test]
fn issue8_undated_records_and_an_undated_audit_are_review() {
    // 56 enterprises in 2022 against 55 in 2021, and one undated new enterprise: placed in
    // 2021 it would make 56 ≤ 56.
    let mut log = vec![vec![V::S("服务日期"), V::S("企业名称"), V::S("收费金额")]];
    let names: Vec<String> = (0..60).map(|i| format!("济南企业{i}有限公司")).collect();
    for (year, n) in [(2022u16, 56usize), (2021, 55)] {
        for (i, name) in names.iter().take(n).enumerate() {
            log.push(vec![
                V::D(year, 6, 1 + (i % 28) as u8),
                V::S(name),
                V::N(0.0),
            ]);
        }
    }
    log.push(vec![V::S(""), V::S("济南无日期企业有限公司"), V::N(0.0)]);
    let mut undated = Files::good();
    undated.set("3-服务记录.xlsx", workbook(&[("服务台账", log)]));
    let mut no_year = Files::good();
    no_year.set(
        "5-审计报告.pdf",
        text_pdf(&[
            &["审计报告", "我们审计了济南某某科技服务有限公司财务报表。"],
            &[
                "资产负债表",
                "单位：元",
                "项目|期末余额|上年年末余额",
                "资产总计|2,000,000.00|1,800,000.00",
                "负债合计|500,000.00|400,000.00",
                "所有者权益合计|1,500,000.00|1,400,000.00",
            ],
        ]),
    );
    let e = evaluate_round(&[("甲", &undated), ("乙", &no_year)], Some("2023-06-30"));
    let row = e.row("甲", "A14.2.growth");
    assert_eq!(row["verdict"], "review", "{row:?}");
    assert!(row["message"].contains("without a date"), "{row:?}");
    let row = e.row("乙", "A14.1.total_assets");
    assert_eq!(row["verdict"], "review", "{row:?}");
    assert!(row["message"].contains("year could not be read"), "{row:?}");
    assert_ne!(e.verdict("乙", "A14.1.finances"), "pass");
}

/// Family 11: the sample round of 2023 evaluated as of 2025 (or today, without `--as-of`):
/// logs of 2021–2022 are evidence for another year, not "0 < 50"; the run says which date was
/// probably meant, on stderr and in problems.csv.
#[test]
fn issue8_a_wrong_as_of_year_is_review_with_a_run_warning() {
    for as_of in [Some("2025-06-30"), None] {
        let dir = tempfile::tempdir().unwrap();
        let round = samples();
        let mut args = vec![
            "evaluate",
            round.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--quiet",
            "--lang",
            "en",
        ];
        if let Some(d) = as_of {
            args.extend(["--as-of", d]);
        }
        let output = run(&args);
        assert!(output.status.success());
        let criteria = read_csv(&dir.path().join("criteria.csv"));
        let served: Vec<_> = criteria
            .iter()
            .filter(|r| r["criterion"] == "A14.2.served")
            .collect();
        assert_eq!(served.len(), 15);
        for r in &served {
            assert_eq!(r["verdict"], "review", "{as_of:?}: {r:?}");
        }
        assert!(
            served
                .iter()
                .any(|r| r["message"].contains("2021, 2022") && r["message"].contains("--as-of")),
            "{served:?}"
        );
        for c in ["A14.2.growth", "A14.4.public_welfare", "A15.training"] {
            for r in criteria.iter().filter(|r| r["criterion"] == c) {
                assert_ne!(r["verdict"], "fail", "{r:?}");
                assert_eq!(r["value"], "", "no figure of the wrong year: {r:?}");
            }
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("Did you mean --as-of 2023-"), "{stderr}");
        let problems = read_csv(&dir.path().join("problems.csv"));
        assert!(
            problems
                .iter()
                .any(|p| p["applicant"].is_empty() && p["message"].contains("--as-of 2023-")),
            "{problems:?}"
        );
    }
}

/// Every file under `dir` whose name contains one of `keys` (folders only; zips are left).
fn files_named(dir: &Path, keys: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_named(&path, keys));
        } else {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if keys.iter().any(|k| name.contains(k)) && !name.ends_with(".zip") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// (applicant, criterion) → (verdict, value) for a round folder.
fn verdicts(round: &Path) -> std::collections::BTreeMap<(String, String), (String, String)> {
    let out = tempfile::tempdir().unwrap();
    let output = run(&[
        "evaluate",
        round.to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
    ]);
    assert!(output.status.success());
    read_csv(&out.path().join("criteria.csv"))
        .into_iter()
        .map(|r| {
            (
                (r["applicant"].clone(), r["criterion"].clone()),
                (r["verdict"].clone(), r["value"].clone()),
            )
        })
        .collect()
}

/// Metamorphic check over the sample round (issue 8): make rosters or service logs
/// unreadable, or hand in a second proof of the same premises; the affected criteria must keep
/// their verdict or become review, never the opposite verdict, and an unreadable roster or log
/// never passes.
#[test]
fn issue8_perturbed_sample_round_never_flips_a_verdict() {
    let before = verdicts(&samples());
    let encrypted = fixture("xlsx/encrypted-password-1234.xlsx");
    type Perturb<'a> = (&'a str, &'a [&'a str], &'a [&'a str], bool);
    let cases: &[Perturb] = &[
        // (what, file name keys, affected criteria, can the criteria still pass)
        (
            "unreadable roster",
            &["名册", "人员名单"],
            &["A14.5.staff", "A14.5.qualified"],
            false,
        ),
        (
            "unreadable service logs",
            &["服务记录", "服务企业名单", "服务明细"],
            &[
                "A14.2.served",
                "A14.2.growth",
                "A14.2.satisfaction",
                "A14.4.public_welfare",
            ],
            false,
        ),
        (
            "one of two yearly logs unreadable",
            &["服务记录2021", "服务企业名单2021", "服务明细2021"],
            &[
                "A14.2.served",
                "A14.2.growth",
                "A14.2.satisfaction",
                "A14.4.public_welfare",
            ],
            true,
        ),
    ];
    for (what, keys, criteria, can_pass) in cases {
        let dir = tempfile::tempdir().unwrap();
        let round = dir.path().join("round");
        copy_dir(&samples(), &round);
        let touched = files_named(&round, keys);
        assert!(!touched.is_empty(), "{what}");
        let apps: Vec<String> = touched
            .iter()
            .map(|p| {
                p.parent()
                    .and_then(|d| d.file_name())
                    .unwrap()
                    .to_string_lossy()
                    .to_string()
            })
            .collect();
        for path in &touched {
            std::fs::write(path, &encrypted).unwrap();
        }
        let after = verdicts(&round);
        for app in &apps {
            for c in criteria.iter() {
                let key = (app.clone(), c.to_string());
                let (old, new) = (&before[&key].0, &after[&key].0);
                assert!(
                    new == old || new == "review",
                    "{what}: {app} {c} went from {old} to {new}"
                );
                assert!(
                    *can_pass || new != "pass",
                    "{what}: {app} {c} passes on an unreadable file"
                );
            }
        }
    }

    // A second proof of the same premises (a copy under another name) changes nothing but
    // may make the criterion review; the figure stays.
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path().join("round");
    copy_dir(&samples(), &round);
    let leases = files_named(&round, &["房屋租赁合同.pdf"]);
    assert!(leases.len() >= 5);
    for lease in &leases {
        std::fs::copy(lease, lease.with_file_name("房产证（复印件）.pdf")).unwrap();
    }
    let after = verdicts(&round);
    for lease in &leases {
        let app = lease
            .parent()
            .and_then(|d| d.file_name())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let key = (app.clone(), "A14.3.premises".to_string());
        let (old, new) = (&before[&key], &after[&key]);
        assert!(
            new.0 == old.0 || new.0 == "review",
            "{app}: premises went from {old:?} to {new:?}"
        );
        assert_eq!(new.1, old.1, "{app}: the figure is not doubled");
    }
}

/// Issue 8, value-reading families (2 negation, 3 score scales, 6 float noise, 10 lenient
/// readers, 13 aliases and radicals, 15 tick layouts): each test changes one sample applicant
/// with a generated workbook and asserts the verdict of the criterion the family feeds. Each
/// case gave a confident wrong verdict before its fix (noted per test).
mod value_families {
    use super::*;

    use super::support::{V, round_from_sample, table_xlsx, workbook};

    const KECHUANG: &str = "历下区/泉城科创中小企业技术服务平台";
    const KECHUANG_LOGS: [&str; 2] = ["3-服务企业名单2022.xlsx", "服务记录2021.xlsx"];

    /// Evaluates a round (Chinese reports) and returns (verdict, value, message) of a criterion.
    fn criterion(round: &Path, id: &str) -> (String, String, String) {
        let out = round.parent().unwrap().join("out");
        let output = run(&[
            "evaluate",
            round.to_str().unwrap(),
            "--as-of",
            "2023-06-30",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let rows = read_csv(&out.join("criteria.csv"));
        let row = rows
            .iter()
            .find(|r| r["评审项"] == id)
            .unwrap_or_else(|| panic!("no {id} row"));
        (
            row["结论"].clone(),
            row["数值"].clone(),
            row["说明"].clone(),
        )
    }

    /// A 2022 service log of `n` records to distinct enterprises: `rating(i)`, `fee(i)`.
    fn service_log(
        satisfaction_header: &str,
        n: usize,
        rating: impl Fn(usize) -> V<'static>,
        fee: impl Fn(usize) -> (f64, &'static str),
    ) -> Vec<u8> {
        let header = [
            "服务日期",
            "企业名称",
            "服务类别",
            "收费金额（元）",
            "收费类型",
            satisfaction_header,
        ];
        let rows = (0..n)
            .map(|i| {
                let (amount, kind) = fee(i);
                vec![
                    V::D(2022, 3 + (i % 9) as u8, 1 + (i % 27) as u8),
                    V::S(Box::leak(
                        format!("济南测试{i}科技有限公司").into_boxed_str(),
                    )),
                    V::S("技术服务"),
                    V::N(amount),
                    V::S(kind),
                    rating(i),
                ]
            })
            .collect();
        table_xlsx("2022年", &header, rows)
    }

    fn free_fee(_: usize) -> (f64, &'static str) {
        (0.0, "公益")
    }

    /// Family 2: 不太满意 … and 无优惠 … were read as their positive words (1.0000 pass and
    /// 100 % low-fee before).
    #[test]
    fn negated_ratings_and_fee_types_are_not_positive() {
        let dir = tempfile::tempdir().unwrap();
        let negated = [
            "不太满意",
            "不是很满意",
            "不大满意",
            "不够满意",
            "满意度低",
            "不太好",
            "不太满意",
        ];
        let log = service_log(
            "满意度",
            60,
            |i| {
                if i < 53 {
                    V::S("满意")
                } else {
                    V::S(negated[i - 53])
                }
            },
            |i| {
                if i < 11 {
                    (0.0, "公益")
                } else {
                    (500.0, ["无优惠", "没有优惠", "无减免"][i % 3])
                }
            },
        );
        let round = round_from_sample(
            dir.path(),
            KECHUANG,
            &KECHUANG_LOGS,
            &[("3-服务记录2022.xlsx", log)],
        );
        let (verdict, value, msg) = criterion(&round, "A14.2.satisfaction");
        // 53 of 60: the evidence misses 90 %; the form declares 96 % → review (§4.4).
        assert_eq!(
            (verdict.as_str(), value.as_str()),
            ("待核实", "0.8833"),
            "{msg}"
        );
        let (verdict, value, msg) = criterion(&round, "A14.4.public_welfare");
        assert_eq!(
            (verdict.as_str(), value.as_str()),
            ("不符合", "0.1833"),
            "{msg}"
        );
    }

    /// Issue 9 §1: a cell of 16,000 nested brackets overflowed the worker stack in the
    /// number parser's recursion and aborted the run. Now the cell is one unreadable fee and
    /// the log is counted.
    #[test]
    fn a_cell_of_nested_brackets_is_one_unreadable_value() {
        let dir = tempfile::tempdir().unwrap();
        let deep: &'static str =
            Box::leak(format!("{}1{}", "(".repeat(16_000), ")".repeat(16_000)).into_boxed_str());
        let header = [
            "服务日期",
            "企业名称",
            "服务类别",
            "收费金额（元）",
            "满意度",
        ];
        let rows = (0..60)
            .map(|i| {
                vec![
                    V::D(2022, 5, 1 + (i % 28) as u8),
                    V::S(Box::leak(
                        format!("济南括号{i}科技有限公司").into_boxed_str(),
                    )),
                    V::S("技术服务"),
                    if i == 0 { V::S(deep) } else { V::N(0.0) },
                    V::S(if i == 0 { deep } else { "满意" }),
                ]
            })
            .collect();
        let log = table_xlsx("2022年", &header, rows);
        let round = round_from_sample(
            dir.path(),
            KECHUANG,
            &KECHUANG_LOGS,
            &[("3-服务记录2022.xlsx", log)],
        );
        let (verdict, value, msg) = criterion(&round, "A14.2.served");
        assert_eq!((verdict.as_str(), value.as_str()), ("符合", "60"), "{msg}");
        let (verdict, value, msg) = criterion(&round, "A14.2.satisfaction");
        assert_eq!(
            (verdict.as_str(), value.as_str()),
            ("符合", "1.0000"),
            "{msg}"
        );
        assert!(msg.contains("1 条评价无法归类"), "{msg}");
    }

    /// Family 3: a 10-point column read as out of 100 (0.0000 before).
    #[test]
    fn ten_point_scores_are_read_on_their_scale() {
        for (header, says) in [
            ("满意度（10分制）", "10 分制（表头所示）"),
            ("满意度", "10 分制（按该列分数推断）"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let log = service_log(
                header,
                60,
                |i| V::N(if i < 54 { 9.0 } else { 7.0 }),
                free_fee,
            );
            let round = round_from_sample(
                dir.path(),
                KECHUANG,
                &KECHUANG_LOGS,
                &[("3-服务记录2022.xlsx", log)],
            );
            let (verdict, value, msg) = criterion(&round, "A14.2.satisfaction");
            assert_eq!(
                (verdict.as_str(), value.as_str()),
                ("符合", "0.9000"),
                "{msg}"
            );
            assert!(msg.contains(says), "{msg}");
        }
    }

    /// Family 6: scores stored as 79.99999999999999 (shown 80) were below 80 (0.0000 before);
    /// trainees stored as 1000.0000000000002 were refused (0 < 1000 before).
    #[test]
    fn float_noise_is_read_as_excel_shows_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = service_log(
            "满意度（百分制）",
            60,
            |i| V::N(if i < 54 { 79.99999999999999 } else { 60.0 }),
            free_fee,
        );
        let training = table_xlsx(
            "2022年",
            &["服务日期", "企业名称", "服务类别", "参训人次"],
            vec![vec![
                V::D(2022, 6, 1),
                V::S("济南培训科技有限公司"),
                V::S("培训服务"),
                V::N(1000.0000000000002),
            ]],
        );
        let round = round_from_sample(
            dir.path(),
            KECHUANG,
            &[
                "3-服务企业名单2022.xlsx",
                "服务记录2021.xlsx",
                "4-服务活动记录.xlsx",
            ],
            &[
                ("3-服务记录2022.xlsx", log),
                ("5-培训记录2022.xlsx", training),
            ],
        );
        let (verdict, value, msg) = criterion(&round, "A14.2.satisfaction");
        assert_eq!(
            (verdict.as_str(), value.as_str()),
            ("符合", "0.9000"),
            "{msg}"
        );
        let (verdict, value, msg) = criterion(&round, "A15.training");
        assert_eq!(
            (verdict.as_str(), value.as_str()),
            ("符合", "1000"),
            "{msg}"
        );
    }

    fn roster(extra_education: &str) -> Vec<u8> {
        let mut rows: Vec<Vec<V>> = Vec::new();
        let people = [
            ("本科", "工程师"),
            ("本科", ""),
            ("硕士研究生", ""),
            ("大专", ""),
            ("本科", "经济师"),
            ("本科", ""),
            ("大专", "助理工程师"),
            ("中专", "助理工程师"),
            ("高中", "高级技师"),
        ];
        for (i, (education, title)) in people.iter().enumerate() {
            rows.push(vec![
                V::S(Box::leak(format!("员工{i}").into_boxed_str())),
                V::S(Box::leak(
                    format!("37010219900101{:04}", 1000 + i).into_boxed_str(),
                )),
                V::S(education),
                V::S(title),
                V::S("专职"),
            ]);
        }
        rows.push(vec![
            V::S("员工九"),
            V::S("370102199001019999"),
            V::S(Box::leak(extra_education.to_string().into_boxed_str())),
            V::S(""),
            V::S("专职"),
        ]);
        table_xlsx(
            "人员名册",
            &["姓名", "身份证号", "学历", "职称", "是否专职"],
            rows,
        )
    }

    /// Family 10: 本科在读/大专在读 counted as degrees held (8 of 10 = pass before).
    #[test]
    fn degrees_not_held_do_not_qualify() {
        for (education, want) in [
            ("本科在读", "待核实"),
            ("大专在读", "不符合"),
            ("本科肄业", "待核实"),
            ("大学", "符合"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let round = round_from_sample(
                dir.path(),
                KECHUANG,
                &["2-专职人员名册.xlsx"],
                &[("2-专职人员名册.xlsx", roster(education))],
            );
            let (verdict, value, msg) = criterion(&round, "A14.5.qualified");
            assert_eq!(verdict, want, "{education}: {msg}");
            let want_value = if want == "符合" { "0.8000" } else { "0.7000" };
            assert_eq!(value, want_value, "{education}: {msg}");
        }
    }

    /// Family 13: a company-registry export's 成立日期 matched the alias 日期, so its rows
    /// became services (a log of 49 + 60 registry rows = 109 ≥ 50 → pass before).
    #[test]
    fn a_registry_export_is_not_a_service_log() {
        let dir = tempfile::tempdir().unwrap();
        let header = [
            "序号",
            "企业名称",
            "统一社会信用代码",
            "法定代表人",
            "成立日期",
            "注册资本",
            "登记状态",
            "企业类型",
            "所属行业",
            "核准日期",
            "登记机关",
        ];
        let rows = (0..60)
            .map(|i| {
                vec![
                    V::N(i as f64 + 1.0),
                    V::S(Box::leak(
                        format!("济南名录{i}商贸有限公司").into_boxed_str(),
                    )),
                    V::S(""),
                    V::S("李四"),
                    V::D(2022, 1 + (i % 12) as u8, 10),
                    V::S("100万元人民币"),
                    V::S("存续"),
                    V::S("有限责任公司"),
                    V::S("批发和零售业"),
                    V::D(2022, 1 + (i % 12) as u8, 10),
                    V::S("济南市市场监督管理局"),
                ]
            })
            .collect();
        let export = table_xlsx("企业名录", &header, rows);
        let log = service_log("满意度", 49, |_| V::S("满意"), free_fee);
        let round = round_from_sample(
            dir.path(),
            KECHUANG,
            &KECHUANG_LOGS,
            &[
                ("3-服务记录2022.xlsx", log),
                ("济南市企业名录导出.xlsx", export),
            ],
        );
        let (verdict, value, msg) = criterion(&round, "A14.2.served");
        assert_eq!(
            (verdict.as_str(), value.as_str()),
            ("不符合", "49"),
            "{msg}"
        );
    }

    /// Family 13: a form whose 单位性质 came out of a PDF font as `⺠办非企业单位` (U+2EA0 CJK
    /// RADICAL CIVILIAN for 民, which NFKC leaves alone) was read as an enterprise (企业 in
    /// 非企业单位), contradicting its credit code (52…): A14.5.staff 8 staff was review between
    /// the strict 10 and the relaxed 7 before; read as 民办非企业单位 the relaxed 7 applies.
    #[test]
    fn radical_characters_read_as_their_ideographs() {
        let fields: Vec<(&str, V<'static>)> = vec![
            ("单位名称", V::S("济南市历下区中小企业法律服务中心")),
            ("统一社会信用代码", V::S("523701024018356363")),
            ("平台名称", V::S("历下区中小企业法律服务中心")),
            ("单位性质", V::S("\u{2EA0}办非企业单位")),
            ("成立时间", V::D(2016, 5, 20)),
            ("注册地址", V::S("济南市历下区解放路112号历下大厦10层")),
            ("推荐单位", V::S("历下区工业和信息化局")),
            ("平台类型", V::S("线下")),
            ("服务场所面积（平方米）", V::N(180.0)),
            ("协作服务机构数（家）", V::N(5.0)),
            ("服务热线", V::S("有")),
            ("法律服务指南", V::S("有")),
            ("资产总额（元）", V::N(1_206_800.0)),
            ("用户满意度", V::S("97%")),
            ("专职人员数", V::N(8.0)),
            ("申报服务功能", V::S("法律服务")),
        ];
        let dir = tempfile::tempdir().unwrap();
        let round = round_from_sample(
            dir.path(),
            "历下区/历下区中小企业法律服务中心",
            &["1-申报表.ods"],
            &[("1-申报表.xlsx", form_of(fields))],
        );
        let (verdict, value, msg) = criterion(&round, "A14.5.staff");
        assert_eq!((verdict.as_str(), value.as_str()), ("符合", "8"), "{msg}");
        assert!(msg.contains("第十四条第六项"), "{msg}");
    }

    /// A form workbook, one label per row.
    fn form_of(fields: Vec<(&str, V<'static>)>) -> Vec<u8> {
        let mut rows = vec![vec![V::S("济南市中小企业公共服务示范平台推荐表")]];
        rows.extend(fields.into_iter().map(|(l, v)| vec![V::S(l), v]));
        workbook(&[("推荐表", rows)])
    }

    /// The sample applicant's form, one label per row, with some values replaced.
    fn form(replace: &[(&str, V<'static>)]) -> Vec<u8> {
        let mut fields: Vec<(&str, V)> = vec![
            ("推荐单位", V::S("历下区工业和信息化局")),
            ("单位名称", V::S("济南泉城科创信息技术有限公司")),
            ("统一社会信用代码", V::S("91370102MAJX6W6C0B")),
            ("平台名称", V::S("泉城科创中小企业技术服务平台")),
            ("单位性质", V::S("企业")),
            ("成立时间", V::D(2015, 3, 18)),
            (
                "注册地址",
                V::S("济南市历下区经十路13777号中润世纪广场7号楼1802室"),
            ),
            ("所属区县", V::S("历下区")),
            ("平台类型", V::S("线下")),
            ("服务场所面积（平方米）", V::N(320.0)),
            ("协作服务机构数（家）", V::N(6.0)),
            ("在线信息发布系统", V::S("是")),
            ("专家库", V::S("有")),
            ("项目库", V::S("有")),
            ("创业指南", V::S("无")),
            ("服务热线", V::S("是")),
            ("法律服务指南", V::S("无")),
            ("培训评价机制", V::S("有")),
            ("资产总额（万元）", V::N(162.35)),
            ("用户满意度", V::S("96%")),
            ("申报服务功能", V::S("技术、培训")),
        ];
        for (label, value) in replace {
            // `旧标签=>新标签` renames the label as well.
            let (old, new) = label.split_once("=>").unwrap_or((label, label));
            let (l, slot) = fields
                .iter_mut()
                .find(|(l, _)| *l == old)
                .expect("known label");
            *l = new;
            *slot = match value {
                V::S(s) => V::S(s),
                V::N(n) => V::N(*n),
                V::D(y, m, d) => V::D(*y, *m, *d),
            };
        }
        form_of(fields)
    }

    fn with_form(replace: &[(&str, V<'static>)], id: &str) -> (String, String, String) {
        let dir = tempfile::tempdir().unwrap();
        let round = round_from_sample(
            dir.path(),
            KECHUANG,
            &["1-推荐表.xlsx"],
            &[("1-推荐表.xlsx", form(replace))],
        );
        criterion(&round, id)
    }

    /// Family 15 and 10: tick layouts and 有（建设中）. `□有 ☑无（网址：…）` was yes through the
    /// address; 有（建设中） was yes (A15.tech pass before in both).
    #[test]
    fn ticked_options_and_not_yet_built_on_the_form() {
        let (verdict, _, msg) = with_form(&[], "A15.tech");
        assert_eq!(verdict, "符合", "{msg}");
        let (verdict, _, msg) = with_form(
            &[
                (
                    "专家库",
                    V::S("□有 ☑无（网址：http://experts.example.com）"),
                ),
                ("项目库", V::S("□是 ■否")),
            ],
            "A15.tech",
        );
        assert_eq!(verdict, "不符合", "{msg}");
        let (verdict, _, msg) = with_form(
            &[("专家库", V::S("☑有 □无")), ("项目库", V::S("□有 □无"))],
            "A15.tech",
        );
        assert_eq!(verdict, "符合", "{msg}");
        for (expert, project) in [("有（建设中）", "无"), ("☑有 ☑无", "□有 ☑无")]
        {
            let (verdict, _, msg) = with_form(
                &[("专家库", V::S(expert)), ("项目库", V::S(project))],
                "A15.tech",
            );
            assert_eq!(verdict, "待核实", "{expert} / {project}: {msg}");
        }
    }

    /// Family 6 and 10 on the form: a declared 90 % stored as 0.8999999999999999 was 89.99 %
    /// (declared misses and no rated service → fail before); 资产总额 300 without a unit was
    /// guessed as 300 万元 (> 10 % above the audit's figure → false-declaration review before).
    #[test]
    fn form_figures_without_noise_or_guessed_units() {
        let dir = tempfile::tempdir().unwrap();
        let log = service_log("满意度", 60, |_| V::S(""), free_fee);
        let round = round_from_sample(
            dir.path(),
            KECHUANG,
            &[
                "1-推荐表.xlsx",
                "3-服务企业名单2022.xlsx",
                "服务记录2021.xlsx",
            ],
            &[
                (
                    "1-推荐表.xlsx",
                    form(&[("用户满意度", V::N(0.8999999999999999))]),
                ),
                ("3-服务记录2022.xlsx", log),
            ],
        );
        let (verdict, _, msg) = criterion(&round, "A14.2.satisfaction");
        assert_eq!(verdict, "待核实", "{msg}");
        assert!(msg.contains("90.00%"), "{msg}");
        let (verdict, _, msg) =
            with_form(&[("资产总额（万元）", V::N(300.0))], "A14.1.total_assets");
        assert_eq!(verdict, "待核实", "a stated unit still compares: {msg}");
        let (verdict, _, msg) = with_form(
            &[("资产总额（万元）=>资产总额", V::N(300.0))],
            "A14.1.total_assets",
        );
        assert_eq!(verdict, "符合", "no unit, no comparison: {msg}");
    }
}

/// `--help` shows examples and every exit code (issue 13).
#[test]
fn help_has_examples_and_exit_codes() {
    let text = String::from_utf8(run(&["--help"]).stdout).unwrap();
    for shown in [
        "示例",
        "--decisions",
        "退出码",
        "3  仅 --strict",
        "4  仅 --strict",
    ] {
        assert!(text.contains(shown), "{shown} in\n{text}");
    }
}

/// `inspect` in zh mode shows values in Chinese words, never the program's names (issue 13).
#[test]
fn inspect_shows_chinese_values_not_program_names() {
    let app = samples().join("历下区/历下企业管理咨询服务平台");
    let output = run(&["inspect", app.to_str().unwrap()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for shown in [
        "单位性质: 企业",
        "平台类型: 线下服务平台",
        "申报服务功能: 咨询服务",
        "服务热线: 有",
        "专家库: 无",
        "审计意见: 标准无保留意见",
        "申报资产总额（元）: 1963000 ",
    ] {
        assert!(text.contains(shown), "{shown} in\n{text}");
    }
    for program in [
        "Enterprise",
        "Offline",
        "Consulting",
        ": true",
        ": false",
        "Standard",
    ] {
        assert!(!text.contains(program), "{program} in\n{text}");
    }
    let en = run(&["inspect", app.to_str().unwrap(), "--lang", "en"]);
    let text = String::from_utf8(en.stdout).unwrap();
    assert!(
        text.contains("enterprise") && text.contains("standard unqualified"),
        "{text}"
    );
}

/// The workbench (issue 13): run manifest, decisions that survive reruns, `--strict`.
mod workbench {
    use super::*;
    use std::collections::BTreeMap;

    fn manifest(out: &Path) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap()
    }

    fn sha256_hex(bytes: &[u8]) -> String {
        use sha2::Digest;
        sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn run_manifest_names_the_rules_and_hashes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        evaluate(&out, &[]);
        let m = manifest(&out);
        let builtin =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/jinan-2021.toml"))
                .unwrap();
        assert_eq!(m["as_of"], "2023-06-30");
        assert_eq!(m["evaluation_year"], 2022);
        assert_eq!(
            m["rules_name"],
            "济南市中小企业公共服务示范平台认定管理办法"
        );
        assert_eq!(m["rules_sha256"], sha256_hex(&builtin).as_str());
        assert_eq!(m["history_sha256"], serde_json::Value::Null);
        let report = read_csv(&out.join("report.csv"));
        assert_eq!(m["applicants"], report.len());
        let passed = report.iter().filter(|r| r["评审结论"] == "符合").count();
        assert_eq!(m["verdicts"]["pass"], passed);
        // Every file of a folder applicant is listed with the hash of its bytes.
        let round = samples();
        let files = m["files"].as_array().unwrap();
        let mut checked = 0;
        for f in files {
            let (app, path) = (
                f["applicant"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
            );
            for district in ["历下区", "历城区", "市中区", "高新区"] {
                let on_disk = round.join(district).join(app).join(path);
                if on_disk.is_file() {
                    assert_eq!(
                        f["sha256"],
                        sha256_hex(&std::fs::read(&on_disk).unwrap()).as_str()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked} files checked");
        // Nothing time-dependent in the reports: a second run writes the same bytes.
        let again = dir.path().join("again");
        evaluate(&again, &[]);
        for f in [
            "report.csv",
            "criteria.csv",
            "problems.csv",
            "summary.csv",
            "summary_criteria.csv",
            "report.xlsx",
        ] {
            assert!(
                std::fs::read(out.join(f)).unwrap() == std::fs::read(again.join(f)).unwrap(),
                "{f} differs between runs"
            );
        }

        // A copy of the built-in rules keeps the name; a modified one does not claim it.
        let same = dir.path().join("same.toml");
        std::fs::write(&same, &builtin).unwrap();
        let custom_out = dir.path().join("custom");
        evaluate(&custom_out, &["--rules", same.to_str().unwrap()]);
        assert_eq!(manifest(&custom_out)["rules_name"], m["rules_name"]);
        let text = String::from_utf8(builtin).unwrap();
        let modified = text.replacen(
            "total_assets = \"1500000\"",
            "total_assets = \"1400000\"",
            1,
        );
        assert!(modified != text, "the threshold line exists");
        let changed = dir.path().join("宽松.toml");
        std::fs::write(&changed, modified).unwrap();
        evaluate(&custom_out, &["--rules", changed.to_str().unwrap()]);
        let m = manifest(&custom_out);
        assert_eq!(m["rules_name"], "custom:宽松.toml");
        assert_ne!(m["rules_sha256"], sha256_hex(text.as_bytes()).as_str());
    }

    /// Rows of a decisions template, as maps.
    fn template(out: &Path) -> Vec<BTreeMap<String, String>> {
        let output = run(&["decisions", "template", out.to_str().unwrap()]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        read_csv(&out.join("decisions-template.csv"))
    }

    fn write_decisions(path: &Path, rows: &[[&str; 7]]) {
        let mut text = String::from("申报编号,评审项,结论,理由,评审人,日期,证据哈希\r\n");
        for r in rows {
            text.push_str(&r.join(","));
            text.push_str("\r\n");
        }
        // GBK, as Excel on a Chinese PC saves CSV.
        std::fs::write(path, encoding_rs::GBK.encode(&text).0).unwrap();
    }

    #[test]
    fn decisions_change_the_final_verdict_and_go_stale_when_the_evidence_changes() {
        let dir = tempfile::tempdir().unwrap();
        let round = dir.path().join("round");
        copy_dir(&samples(), &round);
        let out = dir.path().join("out");
        assert!(evaluate_at(&round, &out, &[]).status.success());
        let report = read_csv(&out.join("report.csv"));
        let items = template(&out);
        // An applicant in a folder, review with no failure, with a review item that cites no
        // file (its hash covers all the applicant's files).
        let folder_of = |app: &str| {
            ["历下区", "历城区", "市中区", "高新区"]
                .iter()
                .map(|d| round.join(d).join(app))
                .find(|p| p.is_dir())
        };
        let chosen = report
            .iter()
            .find(|r| {
                let id = &r["申报编号"];
                r["评审结论"] == "待核实"
                    && r["不符合项"].is_empty()
                    && folder_of(id).is_some()
                    && items
                        .iter()
                        .any(|i| &i["申报编号"] == id && i["证据位置"].is_empty())
            })
            .expect("a review applicant in a folder")["申报编号"]
            .clone();
        let mine: Vec<&BTreeMap<String, String>> =
            items.iter().filter(|i| i["申报编号"] == chosen).collect();
        let mut rows: Vec<[&str; 7]> = mine
            .iter()
            .map(|i| {
                [
                    i["申报编号"].as_str(),
                    i["评审项"].as_str(),
                    "符合",
                    "已电话核实原件",
                    "张三",
                    "2023-07-03",
                    i["证据哈希"].as_str(),
                ]
            })
            .collect();
        rows.push(["不存在的平台", "A14.2.served", "符合", "", "李四", "", ""]);
        let decisions = dir.path().join("决定.csv");
        write_decisions(&decisions, &rows);

        let decided = dir.path().join("decided");
        let output = evaluate_at(
            &round,
            &decided,
            &["--decisions", decisions.to_str().unwrap()],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let verdict_of = |out: &Path| {
            read_csv(&out.join("report.csv"))
                .into_iter()
                .find(|r| r["申报编号"] == chosen)
                .unwrap()["评审结论"]
                .clone()
        };
        assert_eq!(
            verdict_of(&decided),
            "符合",
            "every review item decided 符合"
        );
        let criteria = read_csv(&decided.join("criteria.csv"));
        for item in &mine {
            let row = criteria
                .iter()
                .find(|r| r["申报编号"] == chosen && r["评审项"] == item["评审项"])
                .unwrap();
            assert_eq!(row["结论"], "符合");
            assert_eq!(row["工具结论"], "待核实");
            assert!(row["人工决定"].contains("张三") && row["人工决定"].contains("已电话核实原件"));
        }
        let problems = read_csv(&decided.join("problems.csv"));
        assert!(
            problems
                .iter()
                .any(|p| p["说明"].contains("不存在的平台") && p["文件"] == "决定.csv"),
            "an unknown applicant is a problem row"
        );
        // The decided run's own report.xlsx carries the decisions: as a decisions file it
        // gives the same verdicts.
        let from_book = dir.path().join("from-book");
        let book = decided.join("report.xlsx");
        assert!(
            evaluate_at(&round, &from_book, &["--decisions", book.to_str().unwrap()])
                .status
                .success()
        );
        assert_eq!(
            std::fs::read(decided.join("report.csv")).unwrap(),
            std::fs::read(from_book.join("report.csv")).unwrap()
        );

        // A new file in the applicant's folder: decisions on rows that cite no file are stale.
        std::fs::write(folder_of(&chosen).unwrap().join("补充说明.txt"), "后补材料").unwrap();
        let stale = dir.path().join("stale");
        assert!(
            evaluate_at(
                &round,
                &stale,
                &["--decisions", decisions.to_str().unwrap()]
            )
            .status
            .success()
        );
        assert_eq!(verdict_of(&stale), "待核实");
        let criteria = read_csv(&stale.join("criteria.csv"));
        for item in mine.iter().filter(|i| i["证据位置"].is_empty()) {
            let row = criteria
                .iter()
                .find(|r| r["申报编号"] == chosen && r["评审项"] == item["评审项"])
                .unwrap();
            assert_eq!(row["结论"], "待核实", "{row:?}");
            assert!(row["人工决定"].contains("过期"), "{row:?}");
            let problems = read_csv(&stale.join("problems.csv"));
            assert!(problems.iter().any(|p| p["申报编号"] == chosen
                && p["说明"].contains(item["评审项"].as_str())
                && p["说明"].contains("过期")));
        }
    }

    #[test]
    fn strict_exits_non_zero_for_fail_review_or_unreadable_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let output = evaluate_at(&samples(), &out, &["--strict"]);
        let problems = read_csv(&out.join("problems.csv"));
        let report = read_csv(&out.join("report.csv"));
        let expected = if problems.iter().any(|p| p["严重程度"] == "错误") {
            4
        } else if report.iter().any(|r| r["评审结论"] != "符合") {
            3
        } else {
            0
        };
        assert_ne!(expected, 0, "the sample round has failures");
        assert_eq!(output.status.code(), Some(expected));
        // One passing applicant alone: 0.
        let one = dir.path().join("one");
        let pass = report.iter().find(|r| r["评审结论"] == "符合").unwrap()["申报编号"].clone();
        let from = ["历下区", "历城区", "市中区", "高新区"]
            .iter()
            .map(|d| samples().join(d).join(&pass))
            .find(|p| p.is_dir());
        if let Some(from) = from {
            copy_dir(&from, &one.join(&pass));
            let output = evaluate_at(&one, &dir.path().join("out1"), &["--strict"]);
            let problems = read_csv(&dir.path().join("out1/problems.csv"));
            let code = if problems.iter().any(|p| p["严重程度"] == "错误") {
                4
            } else {
                0
            };
            assert_eq!(output.status.code(), Some(code));
        }
    }

    /// `--district`: the district's 推荐汇总表.xlsx lists its applicants with their verdicts and
    /// what to fix; the district's own list in its folder is checked against the verdicts.
    #[test]
    fn district_list_and_its_own_recommendations_checked() {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        evaluate(&out, &["--district", "历城区"]);
        let report = read_csv(&out.join("report.csv"));
        let mut wb: Xlsx<_> = open_workbook(out.join("推荐汇总表.xlsx")).unwrap();
        let sheet = wb.worksheet_range("推荐汇总表").unwrap();
        let rows: Vec<&[Data]> = sheet.rows().skip(2).collect();
        assert_eq!(rows.len(), report.len());
        for (row, r) in rows.iter().zip(&report) {
            let code = &r["统一社会信用代码"];
            if code.is_empty() {
                assert_eq!(row[3], Data::Empty);
            } else {
                assert_eq!(row[3], Data::String(code.clone()));
            }
            assert_eq!(row[5].to_string(), r["评审结论"]);
            let failed: Vec<&str> = r["不符合项"].split(';').filter(|s| !s.is_empty()).collect();
            for id in failed {
                assert!(
                    row[6].to_string().contains(id),
                    "{id} listed as to fix: {:?}",
                    row[6]
                );
            }
            if r["评审结论"] == "符合" {
                assert_eq!(row[6], Data::Empty);
            }
        }
        // The district's own list recommends every platform on it: each one that fails is a
        // warning naming the list; read independently from the sample list.
        let mut own: Xlsx<_> =
            open_workbook(samples().join("历城区/历城区推荐汇总表.xlsx")).unwrap();
        let own = own.worksheet_range("汇总").unwrap();
        let listed: Vec<String> = own
            .rows()
            .skip(3)
            .map(|r| r[1].to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let problems = read_csv(&out.join("problems.csv"));
        let warned: Vec<&str> = problems
            .iter()
            .filter(|p| p["文件"].ends_with("推荐汇总表.xlsx") && p["严重程度"] == "警告")
            .map(|p| p["申报编号"].as_str())
            .collect();
        let failing_listed: Vec<&str> = report
            .iter()
            .filter(|r| r["评审结论"] == "不符合" && listed.contains(&r["申报编号"]))
            .map(|r| r["申报编号"].as_str())
            .collect();
        assert!(!failing_listed.is_empty());
        assert_eq!(warned, failing_listed);
        let unlisted: Vec<&str> = report
            .iter()
            .filter(|r| !listed.contains(&r["申报编号"]))
            .map(|r| r["申报编号"].as_str())
            .collect();
        for id in unlisted {
            assert!(
                problems
                    .iter()
                    .any(|p| p["申报编号"] == id && p["说明"].contains("未列出"))
            );
        }
    }
}

/// `sme-audit notice` end to end (issue 13 item 6, SPEC §9): the real binary on an output
/// folder that `evaluate` wrote for the sample round. The passing applicants are computed here
/// from report.csv independently of the tool, and the workbook is read back with calamine.
mod notice_cli {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn manifest() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn evaluate_samples(out: &Path) {
        evaluate(out, &[]);
    }

    /// (单位名称, 统一社会信用代码, 所属区县) of every row whose 评审结论 is 符合, in file order.
    fn passing_from_report(path: &Path) -> Vec<[String; 3]> {
        let bytes = std::fs::read(path).unwrap();
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
        let (name, code, district, verdict) = (
            col("单位名称"),
            col("统一社会信用代码"),
            col("所属区县"),
            col("评审结论"),
        );
        reader
            .records()
            .map(|r| r.unwrap())
            .filter(|r| &r[verdict] == "符合")
            .map(|r| {
                [
                    r[name].to_string(),
                    r[code].to_string(),
                    r[district].to_string(),
                ]
            })
            .collect()
    }

    fn sheet_rows(path: &Path) -> Vec<Vec<Data>> {
        let mut book: Xlsx<_> = calamine::open_workbook(path).expect("workbook opens");
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).expect("sheet");
        range.rows().map(|r| r.to_vec()).collect()
    }

    fn text(cell: &Data) -> String {
        match cell {
            Data::String(s) => s.clone(),
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn notice_lists_the_passing_applicants_with_text_credit_codes_across_the_spring_festival() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        evaluate_samples(&out);
        let expected = passing_from_report(&out.join("report.csv"));
        assert!(
            expected.len() >= 2,
            "the sample round has passing applicants"
        );
        // An all-numeric code (a 事业单位) that a number cell would turn into 5.237…e17.
        assert!(expected.iter().any(|r| r[1] == "523701024018356363"));

        let output = run(&["notice", out.to_str().unwrap(), "--start", "2024-02-07"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        // 2024: 02-07, 02-08, 02-09 worked; 02-10..17 off; 02-18 (Sunday, 调休) and 02-19.
        assert!(
            stdout.contains("公示期：2024-02-07 至 2024-02-19"),
            "{stdout}"
        );
        assert!(
            stdout.contains(&format!("公示名单：{} 家", expected.len())),
            "{stdout}"
        );

        let rows = sheet_rows(&out.join("公示名单.xlsx"));
        assert_eq!(
            rows[0].iter().map(text).collect::<Vec<_>>(),
            [
                "公示开始日期",
                "2024-02-07",
                "公示截止日期",
                "2024-02-19",
                "5个工作日"
            ]
        );
        assert_eq!(
            rows[1].iter().map(text).collect::<Vec<_>>(),
            [
                "序号",
                "平台名称",
                "运营单位",
                "统一社会信用代码",
                "所属区县"
            ]
        );
        assert_eq!(rows.len(), expected.len() + 2);
        for (i, (row, want)) in rows[2..].iter().zip(&expected).enumerate() {
            assert_eq!(row[0], Data::Float((i + 1) as f64));
            // The credit code is the same string (never a number), the operator and district too.
            assert_eq!(row[3], Data::String(want[1].clone()), "row {i}");
            assert_eq!(text(&row[2]), want[0]);
            assert_eq!(text(&row[4]), want[2]);
        }

        // The CSV holds the same rows (BOM, period row, header).
        let csv_bytes = std::fs::read(out.join("公示名单.csv")).unwrap();
        assert!(csv_bytes.starts_with(b"\xEF\xBB\xBF"));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&csv_bytes[3..]);
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(&records[0][3], "2024-02-19");
        assert_eq!(records.len(), expected.len() + 2);
        for (record, want) in records[2..].iter().zip(&expected) {
            assert_eq!(
                [&record[2], &record[3], &record[4]],
                [&want[0][..], &want[1][..], &want[2][..]]
            );
        }

        // Same input, same bytes; `--out DIR` is the same as the positional folder.
        let first = std::fs::read(out.join("公示名单.xlsx")).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let again = run(&[
            "notice",
            "--out",
            out.to_str().unwrap(),
            "--start",
            "2024-02-07",
        ]);
        assert!(again.status.success());
        assert_eq!(std::fs::read(out.join("公示名单.xlsx")).unwrap(), first);
        assert_eq!(std::fs::read(out.join("公示名单.csv")).unwrap(), csv_bytes);
    }

    #[test]
    fn a_year_outside_the_calendar_warns_and_a_rules_file_extends_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        // A report with no passing applicant: both files hold only the period and the header.
        std::fs::write(
            out.join("report.csv"),
            "\u{feff}申报编号,单位名称,统一社会信用代码,所属区县,单位性质,评审结论\r\n\
             A01,甲公司,523701024018356363,历城区,事业单位,不符合\r\n",
        )
        .unwrap();
        let output = run(&["notice", out.to_str().unwrap(), "--start", "2026-12-28"]);
        assert!(output.status.success());
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Weekends only in 2027: 12-28..31 and 2027-01-01.
        assert!(stdout.contains("2026-12-28 至 2027-01-01"), "{stdout}");
        assert!(
            stdout.contains("没有评审结论为“符合”的申报单位"),
            "{stdout}"
        );
        assert!(stderr.contains("2027 年"), "{stderr}");
        let rows = sheet_rows(&out.join("公示名单.xlsx"));
        assert_eq!(rows.len(), 2);
        assert!(text(&rows[0][4]).contains("2027"));

        // A rules file that declares 2027-01-01 a holiday moves the last day to Monday 01-04,
        // and 2027 is then covered (no warning).
        let rules = std::fs::read_to_string(manifest().join("src/rules/jinan-2021.toml"))
            .unwrap()
            .replace("holidays = []", "holidays = [\"2027-01-01\"]");
        let rules_path = dir.path().join("rules-2027.toml");
        std::fs::write(&rules_path, rules).unwrap();
        let output = run(&[
            "notice",
            "--out",
            out.to_str().unwrap(),
            "--start",
            "2026-12-28",
            "--rules",
            rules_path.to_str().unwrap(),
            "--lang",
            "en",
        ]);
        assert!(output.status.success());
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("2026-12-28 to 2027-01-04"), "{stdout}");
        assert!(
            output.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let csv_text = std::fs::read_to_string(out.join("公示名单.csv")).unwrap();
        assert_eq!(
            csv_text,
            "\u{feff}notice_start,2026-12-28,notice_end,2027-01-04,5 working days\r\n\
             no,platform_name,operator,credit_code,district\r\n"
        );
    }

    #[test]
    fn a_missing_folder_or_report_is_a_usage_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-out");
        let output = run(&["notice", missing.to_str().unwrap(), "--start", "2024-02-07"]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("no-such-out"), "{stderr}");

        let empty = dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let output = run(&["notice", empty.to_str().unwrap(), "--start", "2024-02-07"]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("report.csv"), "{stderr}");
        assert!(!empty.join("公示名单.xlsx").exists());

        // A bad date is a usage error too.
        let output = run(&["notice", empty.to_str().unwrap(), "--start", "2024-02-30"]);
        assert_eq!(output.status.code(), Some(2));
    }
}
