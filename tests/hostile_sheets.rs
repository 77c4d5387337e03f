//! Hostile spreadsheets (issue 9 §1–2, §8; issue 8 family 12), built small in code: each read
//! finishes, the cut sheet or file becomes a problem naming its `[limits]` key, and the other
//! sheets and files of the same applicant still read. The archive, symlink and FIFO cases
//! live in `tests/hostile.rs`.
//!
//! `peak_memory_of_each_bomb_stays_bounded` runs the binary under `/usr/bin/time -v` (when
//! present) and prints case → outcome, peak RSS, time.

#[path = "support/sheet_bombs.rs"]
mod sheet_bombs;

use std::io::Cursor;

use sheet_bombs::*;
use sme_audit::discover::RawFile;
use sme_audit::ingest::Cell;
use sme_audit::ingest::biff::{compound_file, record};
use sme_audit::ingest::spreadsheet::{IngestError, read_csv, read_workbook, read_workbook_limited};
use sme_audit::limits::Limits;
use sme_audit::model::Severity;
use sme_audit::rules::Rules;

// ---------- xls (BIFF8; the writers are in support/sheet_bombs.rs) ----------

fn cell(sheet: &sme_audit::ingest::Sheet, r: usize, c: usize) -> Cell {
    sheet
        .rows
        .get(r)
        .and_then(|row| row.get(c))
        .cloned()
        .unwrap_or_default()
}

fn notes(sheet: &sme_audit::ingest::Sheet) -> String {
    sheet
        .notes
        .iter()
        .map(|n| format!("{} | {}", n.zh, n.en))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn xls_dimensions_claiming_a_huge_range_reads_its_real_cells() {
    // "memory allocation of 11258827267113000 bytes failed" before the guard.
    let bytes = xls(
        None,
        &[sheet(
            "服务企业名单",
            vec![
                dimensions(0, u32::MAX, 0, 255),
                label(0, 0, "企业名称"),
                number(1, 1, 42.0),
            ],
        )],
    );
    let sheets = read_workbook(&bytes).unwrap();
    assert_eq!(cell(&sheets[0], 0, 0), Cell::Text("企业名称".into()));
    assert_eq!(cell(&sheets[0], 1, 1), Cell::Number(42.0));
    assert!(
        notes(&sheets[0]).contains("sheet_cells"),
        "{}",
        notes(&sheets[0])
    );
}

#[test]
fn xls_sheets_with_far_corner_cells_are_refused_and_the_others_read() {
    // Four cells at the corners of 65536 × 256: 16.7 M dense cells per sheet; eight of them
    // aborted the run.
    let corners = || {
        vec![
            number(0, 0, 1.0),
            number(0, 255, 2.0),
            number(65535, 0, 3.0),
            number(65535, 255, 4.0),
        ]
    };
    let mut sheets: Vec<XlsSheet> = (0..8)
        .map(|i| {
            let name: &'static str = ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"][i];
            sheet(name, corners())
        })
        .collect();
    sheets.push(sheet(
        "正常",
        vec![label(0, 0, "姓名"), label(1, 0, "张三")],
    ));
    let bytes = xls(None, &sheets);
    assert!(
        bytes.len() < 64 * 1024,
        "the bomb is small: {}",
        bytes.len()
    );
    let read = read_workbook(&bytes).unwrap();
    assert_eq!(read.len(), 9);
    for s in &read[..8] {
        assert!(s.rows.iter().flatten().all(|c| *c == Cell::Empty));
        let n = notes(s);
        assert!(n.contains("[limits] sheet_cells = 3000000"), "{n}");
        assert!(n.contains("65536 行 × 256 列"), "{n}");
        assert!(s.notes.iter().any(|n| n.severity == Severity::Error));
    }
    assert_eq!(cell(&read[8], 1, 0), Cell::Text("张三".into()));
    // At the limit is read: 11,718 rows × 256 columns = 2,999,808 ≤ 3,000,000.
    let under = xls(
        None,
        &[sheet(
            "edge",
            vec![number(0, 0, 1.0), number(11_717, 255, 2.0)],
        )],
    );
    let read = read_workbook(&under).unwrap();
    assert_eq!(cell(&read[0], 11_717, 255), Cell::Number(2.0));
    let over = xls(
        None,
        &[sheet(
            "edge",
            vec![number(0, 0, 1.0), number(11_718, 255, 2.0)],
        )],
    );
    let read = read_workbook(&over).unwrap();
    assert_eq!(
        cell(&read[0], 0, 0),
        Cell::Empty,
        "11,719 × 256 = 3,000,064 is over"
    );
}

#[test]
fn xls_workbook_budget_refuses_the_sheets_past_it() {
    let limits = Limits {
        sheet_cells: 100,
        workbook_cells: 150,
        ..Limits::default()
    };
    let block = || vec![number(0, 0, 1.0), number(9, 9, 2.0)]; // 100 cells each
    let bytes = xls(None, &[sheet("a", block()), sheet("b", block())]);
    let read = read_workbook_limited(&bytes, &limits).unwrap();
    assert_eq!(cell(&read[0], 9, 9), Cell::Number(2.0));
    assert_eq!(cell(&read[1], 9, 9), Cell::Empty);
    assert!(notes(&read[1]).contains("workbook_cells = 150"));
}

#[test]
fn xls_with_a_bogus_codepage_is_read_as_utf16_with_a_note() {
    // "Cfb error: Codepage FFFF not found" before.
    let bytes = xls(
        Some(0xFFFF),
        &[sheet(
            "名册",
            vec![label(0, 0, "姓名"), label(1, 0, "李四")],
        )],
    );
    let read = read_workbook(&bytes).unwrap();
    assert_eq!(cell(&read[0], 1, 0), Cell::Text("李四".into()));
    assert!(notes(&read[0]).contains("代码页"), "{}", notes(&read[0]));
}

#[test]
fn biff5_with_a_bogus_codepage_is_read_as_gbk() {
    // Excel 95 strings are 8-bit in the CODEPAGE; a Chinese one is GBK (936).
    let (gbk, _, _) = encoding_rs::GBK.encode("王五");
    let bof5 = |kind: u16| {
        let mut d = vec![0x00, 0x05];
        d.extend_from_slice(&kind.to_le_bytes());
        d.extend_from_slice(&[0; 4]);
        record(0x0809, &d)
    };
    let mut label5 = vec![1, 0, 0, 0, 0, 0];
    label5.extend_from_slice(&(gbk.len() as u16).to_le_bytes());
    label5.extend_from_slice(&gbk);
    let mut globals = bof5(0x0005);
    globals.extend(record(0x0042, &0xFFFFu16.to_le_bytes()));
    let boundsheet_len = 4 + 4 + 2 + 1 + 1;
    let pos = (globals.len() + boundsheet_len + 4) as u32;
    let mut bs = pos.to_le_bytes().to_vec();
    bs.extend_from_slice(&[0, 0, 1, b'S']);
    globals.extend(record(0x0085, &bs));
    globals.extend(record(0x000A, &[]));
    globals.extend(bof5(0x0010));
    globals.extend(record(0x0204, &label5));
    globals.extend(record(0x000A, &[]));
    let read = read_workbook(&compound_file(&globals)).unwrap();
    assert_eq!(cell(&read[0], 1, 0), Cell::Text("王五".into()));
    assert!(
        notes(&read[0]).contains("代码页 936"),
        "{}",
        notes(&read[0])
    );
}

#[test]
fn xls_chart_and_odd_state_sheets_do_not_reject_the_workbook() {
    let mut chart = sheet("图表1", vec![number(0, 0, 1.0)]);
    chart.kind = 2;
    let mut odd_state = sheet("奇怪", vec![label(0, 0, "值")]);
    odd_state.state = 3;
    let bytes = xls(
        None,
        &[chart, odd_state, sheet("数据", vec![label(0, 0, "数据")])],
    );
    let read = read_workbook(&bytes).unwrap();
    assert!(
        notes(&read[0]).contains("图表工作表"),
        "{}",
        notes(&read[0])
    );
    assert_eq!(cell(&read[1], 0, 0), Cell::Text("值".into()));
    assert!(notes(&read[1]).contains("状态"));
    assert_eq!(cell(&read[2], 0, 0), Cell::Text("数据".into()));
}

// ---------- xlsx / ods (zip packages written by hand) ----------

#[test]
fn xlsx_with_chart_macro_and_show_sheets_reads_its_worksheet() {
    let data = worksheet(&format!("<row r=\"1\">{}</row>", inline("A1", "姓名")));
    let chart = r#"<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#.to_string();
    let macro_sheet = r#"<?xml version="1.0"?><xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>"#.to_string();
    let bytes = xlsx(
        &[
            ("图表", "", CS, "xl/chartsheets/sheet1.xml", chart),
            ("宏", "", MS, "xl/macrosheets/sheet1.xml", macro_sheet),
            ("名册", "show", WS, "xl/worksheets/sheet1.xml", data),
        ],
        None,
    );
    let read = read_workbook(&bytes).unwrap();
    assert_eq!(read.len(), 3);
    assert!(
        notes(&read[0]).contains("图表工作表"),
        "{}",
        notes(&read[0])
    );
    assert!(notes(&read[1]).contains("宏表"), "{}", notes(&read[1]));
    assert_eq!(cell(&read[2], 0, 0), Cell::Text("姓名".into()));
    assert!(notes(&read[2]).contains("show"), "{}", notes(&read[2]));
}

#[test]
fn xlsx_sparse_far_column_stops_at_the_sheet_cell_budget() {
    // 199,999 rows × one cell in column IV: 1.6 GB of dense rows before.
    let bytes = xlsx_sparse_bomb(200_000);
    assert!(bytes.len() < 1_500_000, "{}", bytes.len());
    let read = read_workbook(&bytes).unwrap();
    let kept = read[0].rows.iter().filter(|r| !r.is_empty()).count();
    assert_eq!(kept, 3_000_000 / 256, "rows that fit sheet_cells");
    assert!(
        notes(&read[0]).contains("sheet_cells"),
        "{}",
        notes(&read[0])
    );
    assert_eq!(read[0].dropped_cells, 199_999 - 11_718);
}

#[test]
fn xlsx_sheets_share_the_workbook_cell_budget() {
    let limits = Limits {
        sheet_cells: 1_000,
        workbook_cells: 1_500,
        ..Limits::default()
    };
    // Ten rows with a cell in column CV (the 100th): 1,000 cells in memory per sheet.
    let rows: String = (1..=10)
        .map(|r| format!(r#"<row r="{r}"><c r="CV{r}"><v>{r}</v></c></row>"#))
        .collect();
    let bytes = xlsx(
        &[
            ("a", "", WS, "xl/worksheets/sheet1.xml", worksheet(&rows)),
            ("b", "", WS, "xl/worksheets/sheet2.xml", worksheet(&rows)),
        ],
        None,
    );
    let read = read_workbook_limited(&bytes, &limits).unwrap();
    assert_eq!(
        cell(&read[0], 9, 99),
        Cell::Number(10.0),
        "the first sheet fits"
    );
    assert!(read[0].notes.is_empty());
    assert_eq!(
        cell(&read[1], 4, 99),
        Cell::Number(5.0),
        "500 cells are left"
    );
    assert_eq!(cell(&read[1], 5, 99), Cell::Empty);
    assert_eq!(read[1].dropped_cells, 5);
    assert!(
        notes(&read[1]).contains("workbook_cells = 1500"),
        "{}",
        notes(&read[1])
    );
}

#[test]
fn long_shared_string_is_cut_and_big_parts_are_refused() {
    let long = "长".repeat(50_000); // 150,000 bytes > cell_bytes 131,072
    let shared = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#
    );
    let data = worksheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    let bytes = xlsx(
        &[("s", "", WS, "xl/worksheets/sheet1.xml", data)],
        Some(&shared),
    );
    let read = read_workbook(&bytes).unwrap();
    match cell(&read[0], 0, 0) {
        Cell::Text(t) => assert_eq!(t.len(), 131_070, "cut at a character boundary"),
        other => panic!("{other:?}"),
    }
    assert!(notes(&read[0]).contains("cell_bytes = 131072"));
    let small = Limits {
        workbook_part_bytes: 100_000,
        ..Limits::default()
    };
    match read_workbook_limited(&bytes, &small) {
        Err(IngestError::TooLarge(zh, en)) => {
            assert!(zh.contains("sharedStrings.xml"), "{zh}");
            assert!(en.contains("workbook_part_bytes = 100000"), "{en}");
        }
        other => panic!("{other:?}"),
    }
    let tiny = Limits {
        file_bytes: 120_000,
        ..Limits::default()
    };
    match read_workbook_limited(&bytes, &tiny) {
        Err(IngestError::TooLarge(_, en)) => assert!(en.contains("file_bytes = 120000"), "{en}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ods_repeat_bomb_is_refused_before_expansion_and_a_small_ods_reads() {
    // 1 KB of content → 6 GB before.
    let bomb = ods(
        r#"<table:table table:name="炸弹"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    assert!(bomb.len() < 2_000);
    match read_workbook(&bomb) {
        Err(IngestError::TooLarge(zh, en)) => {
            assert!(zh.contains("炸弹") && zh.contains("sheet_cells"), "{zh}");
            assert!(en.contains("[limits] sheet_cells = 3000000"), "{en}");
        }
        other => panic!("{other:?}"),
    }
    let fine = ods(
        r#"<table:table table:name="名册"><table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    let read = read_workbook(&fine).unwrap();
    assert_eq!(cell(&read[0], 2, 0), Cell::Text("张三".into()));
}

// ---------- CSV ----------

#[test]
fn csv_long_line_and_comma_flood_are_refused_before_parsing() {
    match read_csv(&csv_long_line(), "x") {
        Err(IngestError::TooLarge(zh, _)) => assert!(zh.contains("csv_line_bytes = 1048576")),
        other => panic!("{other:?}"),
    }
    let exactly = "a".repeat(1_048_576);
    assert!(
        read_csv(exactly.as_bytes(), "x").is_ok(),
        "at the limit is read"
    );
    assert!(matches!(
        read_csv(&csv_comma_flood(2_000_000), "x"),
        Err(IngestError::TooLarge(..))
    ));
    // A wide row: columns past sheet_columns are counted, the rest kept.
    let wide = format!("{}\n", vec!["v"; 300].join(","));
    let (sheet, _) = read_csv(wide.as_bytes(), "x").unwrap();
    assert_eq!(sheet.rows[0].len(), 256);
    assert_eq!(sheet.dropped_cells, 44);
    assert!(notes(&sheet).contains("sheet_columns = 256"));
}

#[test]
fn xls_shared_string_copied_into_many_cells_is_refused_by_text_budget() {
    // One 1,000-character shared string used by 50 cells: calamine copies it into each.
    let text: Vec<u16> = "长".repeat(1_000).encode_utf16().collect();
    let mut sst = Vec::new();
    sst.extend_from_slice(&1u32.to_le_bytes());
    sst.extend_from_slice(&1u32.to_le_bytes());
    sst.extend_from_slice(&(text.len() as u16).to_le_bytes());
    sst.push(1);
    for u in &text {
        sst.extend_from_slice(&u.to_le_bytes());
    }
    let label_sst = |row: u16| {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, 0, 0]);
        d.extend_from_slice(&0u32.to_le_bytes());
        record(0x00FD, &d)
    };
    let bytes_for = |cells: u16| {
        let sheets = [
            sheet("copies", (0..cells).map(label_sst).collect()),
            sheet("其他", vec![label(0, 0, "照常")]),
        ];
        xls_with(None, &[record(0x00FC, &sst)], &sheets)
    };
    // Each copy is at most 3,000 bytes: 50 copies = 150,000 (the other sheet takes a few).
    let limits = Limits {
        workbook_text_bytes: 150_100,
        ..Limits::default()
    };
    let read = read_workbook_limited(&bytes_for(50), &limits).unwrap();
    assert_eq!(cell(&read[0], 49, 0), Cell::Text("长".repeat(1_000)));
    assert_eq!(cell(&read[1], 0, 0), Cell::Text("照常".into()));
    let read = read_workbook_limited(&bytes_for(51), &limits).unwrap();
    assert_eq!(cell(&read[0], 0, 0), Cell::Empty);
    assert!(
        notes(&read[0]).contains("workbook_text_bytes = 150100"),
        "{}",
        notes(&read[0])
    );
    assert_eq!(cell(&read[1], 0, 0), Cell::Text("照常".into()));
}

// ---------- one applicant: the bomb costs one problem, the rest still reads ----------

#[test]
fn an_applicant_with_a_bomb_still_reads_its_other_files() {
    let rules = Rules::jinan_2021();
    let far = xls(
        None,
        &[sheet(
            "名单",
            vec![number(0, 0, 1.0), number(65535, 255, 2.0)],
        )],
    );
    let roster = "姓名,学历,职称,身份证号\n张三,本科,中级,370102199001011234\n李四,硕士,高级,370102199001011235\n";
    let files = vec![
        RawFile {
            rel: "3-服务企业名单.xls".into(),
            bytes: Ok(far),
        },
        RawFile {
            rel: "2-专职人员名册.csv".into(),
            bytes: Ok(roster.as_bytes().to_vec()),
        },
    ];
    let applicant = sme_audit::extract::read_files("A1", files, &rules);
    assert_eq!(applicant.facts.staff.len(), 2, "the roster still reads");
    let cut: Vec<_> = applicant
        .problems
        .iter()
        .filter(|p| p.file == "3-服务企业名单.xls")
        .collect();
    assert!(
        cut.iter()
            .any(|p| p.zh.contains("sheet_cells") && p.location.contains("名单")),
        "{cut:?}"
    );
}

// ---------- peak memory of the binary on each bomb ----------

#[test]
fn peak_memory_of_each_bomb_stays_bounded() {
    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("/usr/bin/time missing: peak memory not measured");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("xls-dimensions.xls", xls_dimensions_bomb()),
        ("xls-corners-8-sheets.xls", xls_corners_bomb(8)),
        ("xlsx-sparse-IV.xlsx", xlsx_sparse_bomb(200_000)),
        ("ods-repeat-bomb.ods", ods_repeat_bomb()),
        ("csv-commas.csv", csv_comma_flood(50_000_000)),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let start = std::time::Instant::now();
        // Under a 3 GiB address-space cap, so a regression fails here instead of taking the
        // machine's memory.
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 3145728; exec \"$0\" -v \"$1\" inspect \"$2\"")
            .arg(time)
            .arg(env!("CARGO_BIN_EXE_sme-audit"))
            .arg(&path)
            .output()
            .unwrap();
        let secs = start.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let rss_kb: u64 = stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        let outcome = stdout
            .lines()
            .find(|l| l.contains("[limits]"))
            .unwrap_or("(no limit named)")
            .trim()
            .chars()
            .take(120)
            .collect::<String>();
        eprintln!(
            "| {name} | {} KB on disk | {outcome} | {} MB | {secs:.2} s |",
            bytes.len() / 1024,
            rss_kb / 1024
        );
        assert!(out.status.success(), "{name}: {stderr}");
        assert!(
            stdout.contains("[limits]"),
            "{name}: the cut names its limit\n{stdout}"
        );
        assert!(
            rss_kb > 0 && rss_kb < 500 * 1024,
            "{name}: peak RSS {rss_kb} KB"
        );
    }
}

// ---------- a round with a hostile applicant: the others' verdicts do not move ----------

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn report_rows(out: &std::path::Path, file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(out.join(file)).unwrap();
    text.lines().map(str::to_string).collect()
}

#[test]
fn a_round_with_a_hostile_applicant_keeps_every_other_verdict() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path().join("round");
    copy_dir(&samples, &round);
    let evaluate = |out: &std::path::Path| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sme-audit"))
            .args([
                "evaluate",
                round.to_str().unwrap(),
                "--as-of",
                "2023-06-30",
                "--quiet",
            ])
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let before = dir.path().join("before");
    evaluate(&before);

    let hostile = round.join("历下区").join("恶意文件测试平台");
    std::fs::create_dir_all(&hostile).unwrap();
    let corners = xls(
        None,
        &[sheet(
            "推荐表",
            vec![number(0, 0, 1.0), number(65535, 255, 2.0)],
        )],
    );
    std::fs::write(hostile.join("1-推荐表.xls"), corners).unwrap();
    std::fs::write(hostile.join("2-专职人员名册.csv"), ",".repeat(3_000_000)).unwrap();
    std::fs::write(hostile.join("3-服务企业名单.ods"), ods_repeat_bomb()).unwrap();
    std::fs::write(
        hostile.join("4-服务活动记录.xlsx"),
        xlsx_sparse_bomb(30_000),
    )
    .unwrap();
    let after = dir.path().join("after");
    evaluate(&after);

    let (old, new) = (
        report_rows(&before, "report.csv"),
        report_rows(&after, "report.csv"),
    );
    assert_eq!(new.len(), old.len() + 1, "one more applicant");
    for row in &old {
        assert!(new.contains(row), "verdict row changed: {row}");
    }
    let hostile_row = new.iter().find(|r| r.contains("恶意文件测试平台")).unwrap();
    assert!(!hostile_row.contains(",符合,"), "{hostile_row}");
    let problems = std::fs::read_to_string(after.join("problems.csv")).unwrap();
    for (file, limit) in [
        ("1-推荐表.xls", "sheet_cells"),
        ("2-专职人员名册.csv", "csv_line_bytes"),
        ("3-服务企业名单.ods", "sheet_cells"),
    ] {
        assert!(
            problems
                .lines()
                .any(|l| l.contains(file) && l.contains(limit)),
            "{file} → {limit} in problems.csv"
        );
    }
}

// ---------- issue 8 family 12: sheets that are not worksheets cost nothing ----------

#[test]
fn chart_and_macro_sheets_and_show_state_leave_the_verdict_unchanged() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path().join("round");
    copy_dir(&samples, &round);
    let evaluate = |out: &std::path::Path| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sme-audit"))
            .args([
                "evaluate",
                round.to_str().unwrap(),
                "--as-of",
                "2023-06-30",
                "--quiet",
            ])
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert!(output.status.success());
    };
    let before = dir.path().join("before");
    evaluate(&before);
    let applicant = round.join("历下区").join("历下企业管理咨询服务平台");
    let mut changed = 0;
    for entry in std::fs::read_dir(&applicant).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            let odd = with_odd_sheets(&std::fs::read(&path).unwrap());
            // Before the fix calamine rejected each of these whole.
            let err =
                calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(odd.clone()));
            assert!(err.is_err(), "calamine alone rejects {}", path.display());
            std::fs::write(&path, odd).unwrap();
            changed += 1;
        }
    }
    assert_eq!(changed, 4);
    let after = dir.path().join("after");
    evaluate(&after);
    let row = |out: &std::path::Path| {
        report_rows(out, "report.csv")
            .into_iter()
            .find(|r| r.contains("历下企业管理咨询服务平台"))
            .unwrap()
    };
    assert_eq!(row(&after), row(&before));
    let criteria = |out: &std::path::Path| {
        report_rows(out, "criteria.csv")
            .into_iter()
            .filter(|r| r.contains("历下企业管理咨询服务平台"))
            .collect::<Vec<_>>()
    };
    assert_eq!(criteria(&after), criteria(&before));
    let problems = std::fs::read_to_string(after.join("problems.csv")).unwrap();
    assert!(
        problems.contains("图表工作表") && problems.contains("宏表") && problems.contains("show")
    );
}

// ---------- real files from calamine's test corpus (tests/fixtures/calamine/README.md) ----------

fn calamine_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/calamine")
            .join(name),
    )
    .unwrap()
}

#[test]
fn real_workbooks_with_a_chart_sheet_read_their_worksheets_in_every_format() {
    // Excel-written xlsx, xlsb and xls, each with Visible/Hidden/VeryHidden worksheets and a
    // chart sheet; xlsx was rejected whole before ("Expecting a worksheet, got chartsheet"),
    // xlsb was not read at all.
    for file in ["any_sheets.xlsx", "any_sheets.xlsb", "any_sheets.xls"] {
        let sheets = read_workbook(&calamine_fixture(file)).unwrap();
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Visible", "Hidden", "VeryHidden", "Chart"],
            "{file}"
        );
        assert_eq!(cell(&sheets[0], 2, 1), Cell::Number(6.0), "{file}");
        assert!(notes(&sheets[3]).contains("图表工作表"), "{file}");
        assert!(sheets[..3].iter().all(|s| s.notes.is_empty()), "{file}");
    }
    // A truncated xlsb that once panicked calamine: read or refused, never a panic.
    let _ = read_workbook(&calamine_fixture("issue_666_panic.xlsb"));
}

#[test]
fn xlsb_is_sniffed_whatever_its_name() {
    use sme_audit::ingest::spreadsheet::{Sniffed, sniff};
    assert_eq!(sniff(&calamine_fixture("any_sheets.xlsb")), Sniffed::Xlsb);
    assert_eq!(sniff(&calamine_fixture("any_sheets.xlsx")), Sniffed::Xlsx);
    let doc =
        sme_audit::extract::ingest("名册.xlsx", &calamine_fixture("any_sheets.xlsb")).unwrap();
    assert!(matches!(doc.content, sme_audit::ingest::Content::Sheets(ref s) if s.len() == 4));
}
