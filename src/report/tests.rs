//! Report formatting: BOM, headers, injection, sorting, figures, determinism across thread
//! counts.

use super::*;
use crate::evaluate::testkit::*;
use crate::evaluate::{Context, evaluate_round};
use crate::model::{Applicant, Function, Severity, StaffMember};

fn round() -> Vec<Applicant> {
    (0..24)
        .rev()
        .map(|i| {
            let mut f = facts();
            f.form.name = src(if i == 3 {
                "=cmd|' /C calc'!A0".to_string()
            } else {
                format!("平台{i:02}有限公司")
            });
            f.form.credit_code = src(if i % 5 == 0 {
                CODE_ENTERPRISE.to_string()
            } else {
                format!("9137010{i:02}")
            });
            f.form.district = src(["历下区", "历城区", "高新区"][i % 3].to_string());
            f.form.established = src(date(2015 + (i as i32 % 9), 3, 1));
            f.form.functions = src(vec![Function::Tech]);
            f.form.has_expert_pool = src(true);
            f.form.premises_area = src(dec("150.5"));
            f.service_log_found = crate::model::Found::read();
            f.services = services(2022, 40 + i);
            f.services.extend(services(2021, 45));
            f.roster_found = crate::model::Found::read();
            f.staff = (0..(6 + i % 7))
                .map(|k| StaffMember {
                    id_number: Some(format!("3701021990010{k:05}")),
                    ..member("本科", "工程师")
                })
                .collect();
            f.audits = vec![audit(2022, &format!("{}", 1_400_000 + i * 10_000))];
            f.activity_log_found = crate::model::Found::read();
            f.activities = (0..i % 6)
                .map(|_| activity(date(2022, 5, 1), "技术"))
                .collect();
            Applicant {
                id: format!("申报{i:02}"),
                ..app(f)
            }
        })
        .collect()
}

fn problems() -> Vec<Problem> {
    vec![
        Problem {
            applicant: "申报02".into(),
            ..Problem::new("b.pdf", "p.1", Severity::Warning, "扫描件", "scanned")
        },
        Problem {
            applicant: "申报01".into(),
            ..Problem::new("a.xlsx", "", Severity::Error, "无法读取", "unreadable")
        },
    ]
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap()
}

/// A report CSV's header and rows (after the BOM), read with the csv crate.
fn csv_table(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

#[test]
fn reports_have_bom_and_the_fixed_headers() {
    let ctx = ctx();
    let results = evaluate_round(&round(), &ctx);
    for (lang, report_head, criteria_head) in [
        (Lang::En, REPORT_EN.join(","), CRITERIA_EN.join(",")),
        (Lang::Zh, REPORT_ZH.join(","), CRITERIA_ZH.join(",")),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_reports(dir.path(), &results, &problems(), lang).unwrap();
        for name in ["report.csv", "criteria.csv", "problems.csv", "summary.csv"] {
            assert!(
                read(dir.path(), name).starts_with(b"\xEF\xBB\xBF"),
                "{name} has a BOM"
            );
        }
        let report = String::from_utf8(read(dir.path(), "report.csv")).unwrap();
        assert!(
            report[3..].starts_with(&format!("{report_head}\r\n")),
            "{report}"
        );
        let criteria = String::from_utf8(read(dir.path(), "criteria.csv")).unwrap();
        assert!(criteria[3..].starts_with(&format!("{criteria_head}\r\n")));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary files left");
    }
}

#[test]
fn rows_sorted_figures_plain_and_formulas_escaped() {
    let results = evaluate_round(&round(), &ctx());
    let dir = tempfile::tempdir().unwrap();
    write_reports(dir.path(), &results, &problems(), Lang::En).unwrap();
    let text = String::from_utf8(read(dir.path(), "report.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(&text.as_bytes()[3..]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let ids: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    let mut sorted_ids = ids.clone();
    sorted_ids.sort();
    assert_eq!(ids, sorted_ids);
    assert_eq!(rows.len(), 24);
    let r3 = rows.iter().find(|r| r.get(0) == Some("申报03")).unwrap();
    assert_eq!(r3.get(1), Some("'=cmd|' /C calc'!A0"));
    assert_eq!(r3.get(8), Some("1430000"), "money is plain");
    assert_eq!(r3.get(15), Some("150.5"), "area is plain");
    assert_eq!(r3.get(14), Some("1.0000"), "ratio has 4 decimals");
    assert_eq!(r3.get(5), Some("fail"));
    // No usable credit code and no org type on the form: 1,430,000 sits between the relaxed
    // and the strict threshold, so the assets are to be reviewed.
    assert!(r3.get(7).unwrap().contains("A14.1.total_assets"), "{r3:?}");
    let r5 = rows.iter().find(|r| r.get(0) == Some("申报05")).unwrap();
    assert!(r5.get(6).unwrap().contains("A14.1.total_assets"), "{r5:?}");

    let crit = String::from_utf8(read(dir.path(), "criteria.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(&crit.as_bytes()[3..]);
    let first: Vec<csv::StringRecord> = rdr
        .records()
        .map(|r| r.unwrap())
        .take(CRITERIA.len())
        .collect();
    let got: Vec<&str> = first.iter().map(|r| r.get(1).unwrap()).collect();
    assert_eq!(got, CRITERIA, "criteria in §4.1 order, X rows last");
    assert!(first.iter().all(|r| r.get(0) == Some("申报00")));

    let probs = String::from_utf8(read(dir.path(), "problems.csv")).unwrap();
    assert!(probs.find("申报01").unwrap() < probs.find("申报02").unwrap());
}

#[test]
fn escaping_leaves_numbers_alone() {
    assert_eq!(escape_cell("-1000"), "-1000");
    assert_eq!(escape_cell("-0.5000"), "-0.5000");
    assert_eq!(escape_cell("-"), "'-");
    assert_eq!(escape_cell("-1e5"), "'-1e5");
    assert_eq!(escape_cell("+86 531"), "'+86 531");
    assert_eq!(escape_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(escape_cell("\tx"), "'\tx");
    assert_eq!(escape_cell("≥1500000"), "≥1500000");
    assert_eq!(escape_cell("平台"), "平台");
}

#[test]
fn summary_counts_districts_and_criteria() {
    let results = evaluate_round(&round(), &ctx());
    let dir = tempfile::tempdir().unwrap();
    write_reports(dir.path(), &results, &[], Lang::En).unwrap();
    let text = String::from_utf8(read(dir.path(), "summary.csv")).unwrap();
    let mut lines = text[3..].lines();
    assert_eq!(lines.next(), Some("district,verdict,count"));
    // One row per district and overall verdict, counted here from the results themselves.
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3 * 3, "three districts × pass/fail/review");
    for row in &rows {
        let cells: Vec<&str> = row.split(',').collect();
        let expected = results
            .iter()
            .filter(|r| r.district.as_deref() == Some(cells[0]))
            .filter(|r| r.verdict.label(Lang::En) == cells[1])
            .count();
        assert_eq!(cells[2], expected.to_string(), "{row}");
    }
    let total: usize = rows
        .iter()
        .map(|l| l.rsplit(',').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, 24);

    // One row per criterion; the five verdict counts add up to the applicants.
    let (head, rows) = csv_table(&read(dir.path(), "summary_criteria.csv"));
    assert_eq!(head, SUMMARY_CRITERIA_EN);
    assert_eq!(rows.len(), CRITERIA.len());
    for row in &rows {
        let counts: Vec<usize> = row[2..].iter().map(|n| n.parse().unwrap()).collect();
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        assert_eq!(counts.iter().sum::<usize>(), 24, "{row:?}");
        for (v, n) in ALL_VERDICTS.iter().zip(&counts) {
            let expected = results
                .iter()
                .filter(|r| r.outcome(row[0]).is_some_and(|o| o.verdict == *v))
                .count();
            assert_eq!(*n, expected, "{row:?} {v:?}");
        }
    }
    let served = rows.iter().find(|r| r[0] == "A14.2.served").unwrap();
    assert!(
        served[3].parse::<usize>().unwrap() > 0,
        "some fail A14.2.served"
    );
}

#[test]
fn criteria_numbers_are_typed_columns() {
    let row = |criterion: &str, value: &str, threshold: &str, relaxed: Option<&str>| Row {
        criterion: criterion.into(),
        article: String::new(),
        verdict: Verdict::Pass,
        value: value.into(),
        threshold: threshold.into(),
        relaxed: relaxed.map(dec),
        evidence: Vec::new(),
        message: String::new(),
        tool_verdict: Verdict::Pass,
        decision: None,
    };
    fn numbers(r: &Row) -> (Option<&str>, Option<&str>) {
        (value_number(r), threshold_number(r))
    }
    // A figure and one comparison.
    let r = row("A14.1.total_assets", "1499999.99", "≥1500000", None);
    assert_eq!(numbers(&r), (Some("1499999.99"), Some("1500000")));
    // Art. 14(6), org type unknown: the standard threshold, the relaxed one beside it.
    let r = row(
        "A14.1.total_assets",
        "1200000",
        "≥1500000|≥1000000",
        Some("1000000"),
    );
    assert_eq!(numbers(&r), (Some("1200000"), Some("1500000")));
    // Ratios keep their four decimals; strict comparisons too.
    let r = row("A14.5.qualified", "0.7999", "≥0.8000", None);
    assert_eq!(numbers(&r), (Some("0.7999"), Some("0.8000")));
    let r = row("A14.2.growth", "49", ">48", None);
    assert_eq!(numbers(&r), (Some("49"), Some("48")));
    // A bare number of years.
    assert_eq!(
        threshold_number(&row("A23.current_title", "", "3", None)),
        Some("3")
    );
    // A date is not a number; a date range and compound thresholds have no single number.
    let r = row(
        "A27.rules_in_force",
        "2023-06-30",
        "2021-04-30..2024-05-01",
        None,
    );
    assert_eq!(numbers(&r), (None, None));
    assert_eq!(
        threshold_number(&row("A15.consulting", "", "≥20|≥4", None)),
        None
    );
    assert_eq!(threshold_number(&row("A15.info", "", "≥50;≥4", None)), None);
    assert_eq!(numbers(&row("A19.1", "", "", None)), (None, None));
}

#[test]
fn report_figures_and_relaxed_thresholds_reach_the_csvs() {
    let mut apps = round();
    // A 民办非企业单位 (relaxed, Art. 14(6)) with a full audit report.
    let a = &mut apps[0];
    a.facts.form.credit_code = src(CODE_PRIVATE_NON_ENTERPRISE.to_string());
    a.facts.form.org_type = src(crate::model::OrgType::PrivateNonEnterprise);
    a.facts.audits[0].net_assets = src(dec("-20000.5"));
    a.facts.audits[0].revenue = src(dec("980000"));
    let id = a.id.clone();
    let results = evaluate_round(&apps, &ctx());
    let dir = tempfile::tempdir().unwrap();
    write_reports(dir.path(), &results, &[], Lang::En).unwrap();
    let table = |name: &str| csv_table(&read(dir.path(), name));
    let (head, rows) = table("report.csv");
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let mine = rows.iter().find(|r| r[0] == id).unwrap();
    assert_eq!(mine[at("net_assets")], "-20000.5");
    assert_eq!(mine[at("revenue")], "980000");
    assert_eq!(
        mine[at("net_profit")],
        "",
        "not in the audit report: unknown, not 0"
    );
    assert_eq!(mine[at("evaluation_year")], "2022");
    for f in FIGURES {
        assert!(head.iter().any(|h| h == f), "{f} is a report.csv column");
    }
    let (head, rows) = table("criteria.csv");
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let assets = |applicant: &str| {
        rows.iter()
            .find(|r| r[0] == applicant && r[1] == "A14.1.total_assets")
            .unwrap()
            .clone()
    };
    let relaxed = assets(&id);
    assert_eq!(relaxed[at("threshold")], "≥1000000");
    assert_eq!(relaxed[at("threshold_number")], "1000000");
    assert_eq!(relaxed[at("threshold_relaxed")], "1000000");
    let other = rows.iter().find(|r| r[0] != id).unwrap()[0].clone();
    let strict = assets(&other);
    assert_eq!(strict[at("threshold_number")], "1500000");
    assert_eq!(strict[at("threshold_relaxed")], "");
    assert_eq!(strict[at("value_number")], strict[at("value")]);
}

#[test]
fn same_bytes_with_one_or_four_threads() {
    let apps = round();
    let ctx: Context = ctx();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let results = pool.install(|| evaluate_round(&apps, &ctx));
        let dir = tempfile::tempdir().unwrap();
        write_reports(dir.path(), &results, &problems(), Lang::Zh).unwrap();
        ["report.csv", "criteria.csv", "problems.csv", "summary.csv"].map(|n| read(dir.path(), n))
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn console_summary_names_counts_and_top_failures() {
    let results = evaluate_round(&round(), &ctx());
    let s = console_summary(
        &results,
        &problems(),
        std::time::Duration::from_millis(1500),
        Lang::En,
    );
    assert!(s.starts_with("24 applicants evaluated"), "{s}");
    assert!(s.contains("most failed criteria"), "{s}");
    assert!(s.contains("2 problems") && s.contains("1.50 s"), "{s}");
    let z = console_summary(&results, &[], std::time::Duration::ZERO, Lang::Zh);
    assert!(z.contains("评审申报 24 个"), "{z}");
}

/// Streaming a round compacts each result (rows rendered, outcomes stripped) before the
/// cross-applicant rows are added: the reports must not change by a byte.
#[test]
fn compacted_results_write_the_same_reports() {
    let apps = round();
    let ctx = ctx();
    for lang in [Lang::Zh, Lang::En] {
        let full = evaluate_round(&apps, &ctx);
        let mut compact: Vec<ApplicantResult> = apps
            .iter()
            .map(|a| {
                let mut r = crate::evaluate::evaluate_applicant(a, &ctx);
                compact(&mut r, lang);
                r
            })
            .collect();
        let keys: Vec<_> = apps
            .iter()
            .map(crate::evaluate::cross::CrossKeys::of)
            .collect();
        compact = crate::evaluate::finish_round(compact, &keys);
        assert!(compact.iter().all(|r| {
            r.outcomes
                .iter()
                .all(|o| o.zh.is_empty() || o.criterion.starts_with("X."))
        }));
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write_reports(a.path(), &full, &problems(), lang).unwrap();
        write_reports(b.path(), &compact, &problems(), lang).unwrap();
        for name in ["report.csv", "criteria.csv", "problems.csv", "summary.csv"] {
            assert!(
                read(a.path(), name) == read(b.path(), name),
                "{name} in {lang:?}"
            );
        }
    }
}

/// report.xlsx (SPEC §9): an all-digit credit code stays the same string, figures are numbers,
/// the review list holds every review row with its evidence hash, and the bytes do not change
/// between runs.
#[test]
fn workbook_keeps_codes_as_text_and_figures_as_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let mut apps = round();
    // A 民非/社团-style code without a letter: Excel would show 5.23701E+17 if it were a number.
    apps[0].facts.form.credit_code = src("523701024018356363".to_string());
    apps[0].facts.form.name = src("济南某服务中心".to_string());
    let results = evaluate_round(&apps, &ctx());
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        write_reports(dir.path(), &results, &problems(), lang).unwrap();
        let bytes = read(dir.path(), "report.xlsx");
        let again = tempfile::tempdir().unwrap();
        write_reports(again.path(), &results, &problems(), lang).unwrap();
        assert!(bytes == read(again.path(), "report.xlsx"), "same bytes");

        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let names = xlsx::sheet_names(lang);
        assert_eq!(wb.sheet_names(), names.map(str::to_string).to_vec());
        let report = wb.worksheet_range(names[0]).unwrap();
        let code_row = report
            .rows()
            .find(|r| r[1] == Data::String("济南某服务中心".into()))
            .expect("the applicant's row");
        assert_eq!(code_row[2], Data::String("523701024018356363".into()));
        let first = results
            .iter()
            .find(|r| r.credit_code == "523701024018356363")
            .unwrap();
        let assets = first.figures.total_assets.unwrap();
        assert_eq!(
            code_row[8],
            Data::Float(assets.to_string().parse().unwrap())
        );
        assert_eq!(
            code_row[9],
            Data::Float(first.figures.served_y.unwrap() as f64)
        );

        // Every review row of criteria.csv is on the review list, and nothing else.
        let review_word = Verdict::Review.label(lang);
        let csv = String::from_utf8(read(dir.path(), "criteria.csv")).unwrap();
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let mut expected: Vec<(String, String)> = reader
            .records()
            .map(|r| r.unwrap())
            .filter(|r| &r[4] == review_word)
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        expected.sort();
        let items = wb.worksheet_range(names[5]).unwrap();
        let mut listed: Vec<(String, String)> = items
            .rows()
            .skip(1)
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        listed.sort();
        assert!(!expected.is_empty());
        assert_eq!(listed, expected);
        assert!(
            items
                .rows()
                .skip(1)
                .all(|r| r[2] == Data::Empty && r[6].to_string().len() == 64),
            "verdict left to fill in, evidence hash given"
        );
        // The criteria sheet has every row of criteria.csv.
        let criteria = wb.worksheet_range(names[1]).unwrap();
        assert_eq!(criteria.rows().count(), csv.lines().count());
    }
}
