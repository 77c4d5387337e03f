//! `sme-audit notice` end to end (issue 13 item 6, SPEC §9): the real binary on an output
//! folder that `evaluate` wrote for the sample round. The passing applicants are computed here
//! from report.csv independently of the tool, and the workbook is read back with calamine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

fn evaluate_samples(out: &Path) {
    let round = manifest().join("samples/round-2023");
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
        "evaluate failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
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
