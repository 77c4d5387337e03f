//! Word documents (SPEC §8.1, issue 11): an applicant whose form and tables are in Word gets
//! the same verdicts as its spreadsheet twin built from the same data; real .doc files from
//! Apache POI's test corpus read without panics; encrypted and damaged ones are problem rows.

mod support;
use support::reports::read_csv;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use sme_audit::ingest::Cell;
use sme_audit::ingest::word;
use sme_audit::limits::Limits;
use sme_audit::model::Severity;
use sme_audit::pipeline::read_path;
use sme_audit::rules::Rules;
use support::docx::{B, C, docx, p, t};
use support::{V, workbook};

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");
const CODE: &str = "91370102MA3C4XXL18";

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .expect("fixture")
}

fn s(x: &str) -> String {
    x.to_string()
}

/// The applicant's data, shared by both twins.
fn form_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("单位名称", "济南某某科技服务有限公司"),
        ("统一社会信用代码", CODE),
        ("单位性质", "企业"),
        ("成立时间", "2015-06-01"),
        ("所属区县", "历下区"),
        ("协作服务机构数", "5"),
        ("服务场所面积", "200"),
        ("申报服务功能", "☑培训服务 ☐融资服务"),
        ("培训评价机制", "有"),
    ]
}

fn roster_rows(n: usize) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["姓名", "身份证号", "学历", "职称", "是否专职"]
            .map(s)
            .to_vec(),
    ];
    for i in 0..n {
        rows.push(vec![
            s("张三"),
            format!("37010219900101{i:04}"),
            s("本科"),
            s("工程师"),
            s("专职"),
        ]);
    }
    rows
}

fn service_header() -> Vec<String> {
    [
        "服务日期",
        "企业名称",
        "服务类别",
        "服务内容",
        "收费金额",
        "满意度",
    ]
    .map(s)
    .to_vec()
}

fn service_rows(year: i32, n: usize) -> Vec<Vec<String>> {
    (0..n)
        .map(|i| {
            vec![
                format!("{year}-03-{:02}", 1 + i % 28),
                format!("济南企业{i}有限公司"),
                s("技术服务"),
                s("技术咨询"),
                s(if i % 3 == 0 { "0" } else { "1000" }),
                s("满意"),
            ]
        })
        .collect()
}

fn activity_rows(n: usize) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["活动日期", "活动名称", "活动类别", "参加人次"]
            .map(s)
            .to_vec(),
    ];
    for i in 0..n {
        rows.push(vec![
            format!("2022-04-{:02}", 1 + i),
            s("中小企业管理培训班"),
            s("培训"),
            s("300"),
        ]);
    }
    rows
}

fn xlsx(name: &str, rows: &[Vec<String>]) -> Vec<u8> {
    let rows: Vec<Vec<V>> = rows
        .iter()
        .map(|r| r.iter().map(|c| V::S(c.as_str())).collect())
        .collect();
    workbook(&[(name, rows)])
}

fn word_table(rows: &[Vec<String>]) -> B {
    B::Table(
        rows.iter()
            .map(|r| r.iter().map(|c| t(c)).collect())
            .collect(),
    )
}

/// The common 推荐表 layout: title across the table, label | value | label | value, long
/// values merged across three columns, a label merged down two rows, tick boxes.
pub fn word_form() -> Vec<u8> {
    let f: BTreeMap<&str, &str> = form_fields().into_iter().collect();
    let span = |k: &str| C::Span(s(f[k]), 3);
    docx(&[
        p("附件1"),
        B::Table(vec![
            vec![C::Span(s("济南市中小企业公共服务示范平台推荐表"), 4)],
            vec![t("单位名称"), span("单位名称")],
            vec![
                t("统一社会信用代码"),
                t(f["统一社会信用代码"]),
                t("单位性质"),
                t(f["单位性质"]),
            ],
            vec![
                t("成立时间"),
                t(f["成立时间"]),
                t("所属区县"),
                t(f["所属区县"]),
            ],
            vec![
                t("协作服务机构数"),
                t(f["协作服务机构数"]),
                t("服务场所面积"),
                t(f["服务场所面积"]),
            ],
            vec![C::VStart(s("申报服务功能")), span("申报服务功能")],
            vec![C::VCont, C::Span(s("（可多选）"), 3)],
            vec![t("培训评价机制"), span("培训评价机制")],
        ]),
        p("推荐单位（盖章）："),
    ])
}

/// An application report holding the roster, the service log (continued in a second table
/// that repeats the header) and the activity log.
pub fn word_report() -> Vec<u8> {
    let mut log_2022 = vec![service_header()];
    log_2022.extend(service_rows(2022, 60));
    let mut log_2021 = vec![service_header()];
    log_2021.extend(service_rows(2021, 55));
    docx(&[
        p("济南某某科技服务有限公司申请报告"),
        p("一、专职人员情况"),
        word_table(&roster_rows(10)),
        p("二、服务企业情况"),
        word_table(&log_2022),
        word_table(&log_2021),
        p("三、服务活动情况"),
        word_table(&activity_rows(4)),
    ])
}

/// The files every twin shares (reports as PDFs, agreements).
fn common_files() -> Vec<(String, Vec<u8>)> {
    let mut f = vec![
        (
            s("5-审计报告.pdf"),
            fixture("pdf/audit_new_layout_yuan_standard.pdf"),
        ),
        (
            s("6-信用中国信用报告.pdf"),
            fixture("pdf/credit_report_clean.pdf"),
        ),
        (s("7-房屋租赁合同.pdf"), fixture("pdf/premises_lease.pdf")),
    ];
    for i in 1..=5 {
        f.push((format!("合作协议/协议{i}.pdf"), b"%PDF-1.4".to_vec()));
    }
    f
}

fn spreadsheet_twin() -> Vec<(String, Vec<u8>)> {
    let form: Vec<Vec<String>> = form_fields()
        .into_iter()
        .map(|(l, v)| vec![s(l), s(v)])
        .collect();
    let mut log = vec![service_header()];
    log.extend(service_rows(2022, 60));
    log.extend(service_rows(2021, 55));
    let mut f = common_files();
    f.push((s("1-推荐表.xlsx"), xlsx("推荐表", &form)));
    f.push((s("2-专职人员名册.xlsx"), xlsx("名册", &roster_rows(10))));
    f.push((s("3-服务记录.xlsx"), xlsx("服务台账", &log)));
    f.push((
        s("4-服务活动记录.xlsx"),
        xlsx("活动记录", &activity_rows(4)),
    ));
    f
}

fn word_twin() -> Vec<(String, Vec<u8>)> {
    let mut f = common_files();
    f.push((s("1-推荐表.docx"), word_form()));
    f.push((s("申请报告.docx"), word_report()));
    f
}

/// The Word twin saved as Word 97–2003 by LibreOffice (scripts/gen_word_fixtures.sh); the
/// report under a WPS Writer name, which is the same binary format.
fn doc_twin() -> Vec<(String, Vec<u8>)> {
    let mut f = common_files();
    f.push((s("1-推荐表.doc"), fixture("word/推荐表.doc")));
    f.push((s("申请报告.wps"), fixture("word/申请报告.doc")));
    f
}

type Files = Vec<(String, Vec<u8>)>;
type Rows = Vec<BTreeMap<String, String>>;

/// Evaluates a round of applicants; returns criteria.csv and problems.csv rows.
fn evaluate(apps: &[(&str, Files)]) -> (Rows, Rows) {
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path().join("round");
    for (id, files) in apps {
        for (name, bytes) in files {
            support::write(&round.join("历下区").join(id).join(name), bytes);
        }
    }
    let out = dir.path().join("out");
    let output = Command::new(BIN)
        .args([
            "evaluate",
            round.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--lang",
            "en",
            "--as-of",
            "2023-06-30",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        read_csv(&out.join("criteria.csv")),
        read_csv(&out.join("problems.csv")),
    )
}

fn verdicts(criteria: &[BTreeMap<String, String>], app: &str) -> BTreeMap<String, String> {
    criteria
        .iter()
        .filter(|r| r["applicant"] == app)
        .map(|r| (r["criterion"].clone(), r["verdict"].clone()))
        .collect()
}

fn evidence<'a>(criteria: &'a [BTreeMap<String, String>], app: &str, c: &str) -> &'a str {
    criteria
        .iter()
        .find(|r| r["applicant"] == app && r["criterion"] == c)
        .map(|r| r["evidence"].as_str())
        .unwrap_or_default()
}

#[test]
fn a_word_applicant_gets_the_verdicts_of_its_spreadsheet_twin() {
    let (criteria, problems) = evaluate(&[
        ("表格", spreadsheet_twin()),
        ("文档", word_twin()),
        ("旧版文档", doc_twin()),
    ]);
    let xlsx = verdicts(&criteria, "表格");
    let word = verdicts(&criteria, "文档");
    let doc = verdicts(&criteria, "旧版文档");
    assert_eq!(xlsx.len(), 41, "every criterion, X.licence_code included");
    assert_eq!(word, xlsx, "problems: {problems:#?}");
    assert_eq!(doc, xlsx, "problems: {problems:#?}");
    // The twins are not vacuous: the figures read from the tables pass.
    for c in [
        "A14.2.served",
        "A14.2.growth",
        "A14.5.staff",
        "A14.5.qualified",
        "A15.training",
        "A14.1.operating_years",
    ] {
        assert_eq!(word[c], "pass", "{c}");
    }
    // Evidence names the table and cell.
    let years = evidence(&criteria, "文档", "A14.1.operating_years");
    assert!(years.contains("1-推荐表.docx!表1!B4"), "{years}");
    let staff = evidence(&criteria, "文档", "A14.5.staff");
    assert!(staff.contains("申请报告.docx!表1"), "{staff}");
    let code = evidence(&criteria, "旧版文档", "A14.1.operating_years");
    assert!(code.contains("1-推荐表.doc!表1!B4"), "{code}");
    // The continued service log was joined, and said so.
    assert!(
        problems
            .iter()
            .any(|p| p["file"].ends_with("申请报告.docx") && p["message"].contains("表3")),
        "{problems:#?}"
    );
}

/// Writes the Word twin's documents to `WORD_FIXTURES_OUT` (for scripts/gen_word_fixtures.sh,
/// which converts them to .doc with LibreOffice).
#[test]
#[ignore]
fn write_word_fixtures() {
    let dir = std::env::var("WORD_FIXTURES_OUT").expect("WORD_FIXTURES_OUT");
    support::write(&Path::new(&dir).join("推荐表.docx"), &word_form());
    support::write(&Path::new(&dir).join("申请报告.docx"), &word_report());
}

/// Reads every file of a local corpus (`WORD_CORPUS=dir`, e.g. Apache POI's
/// test-data/document) and prints what came out: no file may panic or hang.
#[test]
#[ignore]
fn corpus_sweep() {
    let dir = std::env::var("WORD_CORPUS").expect("WORD_CORPUS");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let start = std::time::Instant::now();
        let summary = match word::read_word(&bytes, &Limits::default()) {
            Ok(doc) => format!(
                "ok tables={} cells={} paragraphs={} remarks={:?}",
                doc.tables.len(),
                doc.tables
                    .iter()
                    .map(|t| t
                        .rows
                        .iter()
                        .flatten()
                        .filter(|c| **c != Cell::Empty)
                        .count())
                    .sum::<usize>(),
                doc.paragraphs.len(),
                doc.remarks
            ),
            Err(e) => format!("err {e}"),
        };
        println!("{} {:?} {summary}", path.display(), start.elapsed());
        if std::env::var("WORD_DUMP").is_ok()
            && let Ok(doc) = word::read_word(&bytes, &Limits::default())
        {
            for t in &doc.tables {
                println!("  [{}] merges {:?}", t.name, t.merges);
                for row in &t.rows {
                    println!("    {row:?}");
                }
            }
            for (i, p) in doc.paragraphs.iter().enumerate().take(20) {
                println!("  ¶{} {p:?}", i + 1);
            }
        }
    }
}

/// A roster twin that fails: 49/50 boundary of A14.2.served read from a Word table must
/// fail like the spreadsheet's, not pass and not become review.
#[test]
fn a_word_log_one_enterprise_short_fails_like_its_spreadsheet_twin() {
    let mut log = vec![service_header()];
    log.extend(service_rows(2022, 49));
    log.extend(service_rows(2021, 45));
    let mut x = spreadsheet_twin();
    x.retain(|(n, _)| n != "3-服务记录.xlsx");
    x.push((s("3-服务记录.xlsx"), xlsx("服务台账", &log)));
    let mut w = word_twin();
    w.retain(|(n, _)| n != "申请报告.docx");
    w.push((
        s("申请报告.docx"),
        docx(&[
            word_table(&roster_rows(10)),
            word_table(&log),
            word_table(&activity_rows(4)),
        ]),
    ));
    let (criteria, _) = evaluate(&[("表格", x), ("文档", w)]);
    let (xv, wv) = (verdicts(&criteria, "表格"), verdicts(&criteria, "文档"));
    assert_eq!(wv["A14.2.served"], "fail");
    assert_eq!(wv, xv);
}

fn read_one(name: &str, bytes: &[u8]) -> sme_audit::model::Applicant {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("某平台");
    support::write(&path.join(name), bytes);
    read_path(&path, &Rules::jinan_2021())
}

#[test]
fn a_paragraph_form_is_read_and_cites_its_paragraphs() {
    let doc = docx(&[
        p("济南市中小企业公共服务示范平台推荐表"),
        p(""),
        p("单位名称：济南泉城科技服务有限公司"),
        p(&format!("统一社会信用代码：{CODE}")),
        p("单位性质：企业\t成立时间：2018年3月"),
        p("服务场所面积：350平方米"),
    ]);
    let app = read_one("推荐表.docx", &doc);
    let form = &app.facts.form;
    let name = form.name.as_ref().expect("name");
    assert_eq!(name.value, "济南泉城科技服务有限公司");
    assert_eq!(name.evidence.to_string(), "推荐表.docx ¶3");
    assert_eq!(form.credit_code.as_ref().unwrap().value, CODE);
    assert_eq!(
        form.established.as_ref().unwrap().value,
        chrono::NaiveDate::from_ymd_opt(2018, 3, 31).unwrap()
    );
    assert_eq!(
        form.established.as_ref().unwrap().evidence.to_string(),
        "推荐表.docx ¶5"
    );
    assert_eq!(
        form.premises_area.as_ref().unwrap().value,
        rust_decimal::Decimal::from(350)
    );
}

#[test]
fn real_doc_files_read_text_tables_and_nested_tables() {
    let doc = word::read_word(&fixture("word/poi/simple-table.doc"), &Limits::default()).unwrap();
    assert_eq!(doc.tables.len(), 1);
    let cell = |t: &sme_audit::ingest::Sheet, r: usize, c: usize| t.rows[r][c].clone();
    assert_eq!(doc.tables[0].name, "表1");
    assert_eq!(cell(&doc.tables[0], 0, 0), Cell::Text(s("Cell 1,1")));
    assert_eq!(cell(&doc.tables[0], 1, 2), Cell::Text(s("Cell 2,3")));
    assert_eq!(doc.tables[0].rows.len(), 2);
    assert_eq!(doc.paragraphs.len(), 2);
    assert!(doc.paragraphs[0].starts_with("This is a Word document"));
    assert_eq!(doc.paragraphs[1], "This text is below the table.");

    let nested = word::read_word(&fixture("word/poi/innertable.doc"), &Limits::default()).unwrap();
    assert_eq!(nested.tables.len(), 2);
    let (outer, inner) = (&nested.tables[0], &nested.tables[1]);
    assert_eq!(outer.rows.len(), 3);
    assert_eq!(cell(outer, 2, 2), Cell::Text(s("J")));
    // The inner table is a sheet of its own, and its text stays in the outer cell.
    assert_eq!(inner.name, "表2");
    assert_eq!(cell(inner, 1, 1), Cell::Text(s("4")));
    assert_eq!(cell(outer, 1, 1), Cell::Text(s("E\n1\t2\n3\t4\nF")));
}

#[test]
fn encrypted_and_damaged_word_files_are_problem_rows() {
    let encrypted = fixture("word/poi/password_tika_binaryrc4.doc");
    assert_eq!(
        word::read_word(&encrypted, &Limits::default()),
        Err(sme_audit::ingest::spreadsheet::IngestError::Encrypted)
    );
    let app = read_one("2-专职人员名册.doc", &encrypted);
    assert!(
        app.problems.iter().any(|p| p.file == "2-专职人员名册.doc"
            && p.severity == Severity::Error
            && p.zh.contains("密码")),
        "{:?}",
        app.problems
    );
    // The roster is present but unreadable: never an empty roster.
    assert!(matches!(
        app.facts.roster_found,
        sme_audit::model::Found::Unreadable(_)
    ));

    let good = word_form();
    for (name, bytes) in [
        ("推荐表.docx", good[..good.len() / 2].to_vec()),
        ("推荐表.doc", fixture("word/推荐表.doc")[..3000].to_vec()),
        (
            "推荐表.docx",
            support::docx::docx_from_xml("<w:document><w:body><w:p>"),
        ),
        ("推荐表.docx", b"{\\rtf1 not a docx}".to_vec()),
    ] {
        let app = read_one(name, &bytes);
        assert!(app.facts.form.name.is_none());
        assert!(
            app.problems
                .iter()
                .any(|p| p.file == name && p.severity == Severity::Error),
            "{name}: {:?}",
            app.problems
        );
    }
}

#[test]
fn word_tables_are_bounded() {
    // 20 tables nested in one another: the first MAX_DEPTH are sheets, the rest cell text.
    let mut xml = String::new();
    for i in 0..20 {
        xml.push_str(&format!(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>层{i}</w:t></w:r></w:p>"
        ));
    }
    for _ in 0..20 {
        xml.push_str("</w:tc></w:tr></w:tbl>");
    }
    let depth = Limits::default().word_table_depth;
    let doc = word::parse_document_xml(&format!("<w:document><w:body>{xml}</w:body></w:document>"))
        .unwrap();
    assert_eq!(doc.tables.len(), depth);
    assert!(doc.remarks.iter().any(|r| r.contains("嵌套")));
    let deepest = &doc.tables[depth - 1];
    assert_eq!(
        deepest.rows[0][0],
        Cell::Text(
            (depth - 1..20)
                .map(|i| format!("层{i}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    );
    // A row wider than MAX_COLS: the cells past it are dropped and counted.
    let row: String = (0..300)
        .map(|i| format!("<w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc>"))
        .collect();
    let doc = word::parse_document_xml(&format!(
        "<w:document><w:body><w:tbl><w:tr>{row}</w:tr></w:tbl></w:body></w:document>"
    ))
    .unwrap();
    assert_eq!(doc.tables[0].rows[0].len(), 256);
    assert_eq!(doc.tables[0].dropped_cells, 44);
    assert!(doc.tables[0].notes[0].zh.contains("44 个单元格"));
}

/// The .doc saved from the docx twin's form has the same cells and merged ranges: spans come
/// from the row's cell edges (sprmTDefTable), vertical merges from the cells' merge flags.
#[test]
fn a_doc_form_has_the_merges_of_the_docx_it_was_saved_from() {
    let from_docx = word::read_word(&word_form(), &Limits::default()).unwrap();
    let from_doc = word::read_word(&fixture("word/推荐表.doc"), &Limits::default()).unwrap();
    let (a, b) = (&from_docx.tables[0], &from_doc.tables[0]);
    assert_eq!(b.rows, a.rows);
    assert_eq!(b.merges, a.merges);
    assert!(b.merges.iter().any(|m| m.first_row == 5 && m.last_row == 6));
    assert_eq!(from_doc.paragraphs, from_docx.paragraphs);
}

/// Apache POI's check-box sample reads as POI's own extractor reads it (|_| and |X|).
#[test]
fn real_docx_check_boxes_read_ticked_and_not() {
    let doc = word::read_word(&fixture("word/poi/checkboxes.docx"), &Limits::default()).unwrap();
    assert_eq!(
        doc.tables[0].rows[0],
        vec![Cell::Text(s("☐")), Cell::Text(s("☑"))]
    );
    let text = doc.paragraphs.join("\n");
    assert!(text.contains("unchecked: ☐"), "{text}");
    assert!(text.contains("Or checked: ☑"), "{text}");
    assert!(text.contains("☑☐☑"), "{text}");
    assert!(doc.warnings.is_empty());
}

/// `inspect` lists a Word file's tables like a workbook's sheets: role, chosen header row,
/// columns, and rows cited by table and row.
#[test]
fn inspect_shows_word_tables_with_their_header_rows() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("某平台");
    for (name, bytes) in word_twin() {
        support::write(&app.join(name), &bytes);
    }
    let out = Command::new(BIN)
        .args(["inspect", app.to_str().unwrap(), "--lang", "zh"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("申请报告.docx!表1 → 人员名册; 表头行 1"),
        "{text}"
    );
    assert!(
        text.contains("申请报告.docx!表2 → 服务记录; 表头行 1; 115"),
        "{text}"
    );
    assert!(text.contains("申请报告.docx!表4 → 活动记录"), "{text}");
    assert!(text.contains("[1-推荐表.docx!表1!B2]"), "{text}");
    assert!(text.contains("[申请报告.docx!表2!62]"), "{text}");
}

/// A Word narrative in a folder named like a log is read by its content: with no log table
/// in it, the real service log next to it stays fully counted (not "partly unreadable").
#[test]
fn a_word_narrative_in_a_log_folder_does_not_shadow_the_log() {
    let mut files = spreadsheet_twin();
    files.push((
        s("服务记录/服务案例.docx"),
        docx(&[
            p("服务案例一：为济南企业0有限公司提供技术咨询"),
            B::Table(vec![vec![t("服务对象"), t("济南企业0有限公司")]]),
        ]),
    ));
    let (criteria, problems) = evaluate(&[("表格", spreadsheet_twin()), ("带案例", files)]);
    assert_eq!(
        verdicts(&criteria, "带案例"),
        verdicts(&criteria, "表格"),
        "{problems:#?}"
    );
    assert_eq!(verdicts(&criteria, "带案例")["A14.2.served"], "pass");
}

/// A lease written in Word whose table happens to look like an activity log stays a premises
/// proof (presence only, its area to be checked), and adds no activities.
#[test]
fn a_word_document_named_as_a_proof_is_that_proof_not_a_log() {
    let lease = docx(&[p("房屋租赁合同"), word_table(&activity_rows(3))]);
    let app = read_one("房屋租赁合同.docx", &lease);
    assert!(app.facts.activities.is_empty());
    assert_eq!(app.facts.premises_proofs.len(), 1);
    assert_eq!(app.facts.premises_proofs[0].file, "房屋租赁合同.docx");
}

/// The rules file's `[limits]` bound Word tables like sheets: with `sheet_rows = 30` the
/// report's service-log tables (61 and 56 rows) are cut at 30 rows each, the cut is a problem row naming
/// the key, and the cut log does not prove A14.2.served (it must not pass on part of a log).
#[test]
fn a_small_sheet_rows_limit_cuts_a_word_table_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path().join("round");
    for (name, bytes) in word_twin() {
        support::write(&round.join("历下区").join("文档").join(name), &bytes);
    }
    let shown = Command::new(BIN).args(["rules", "show"]).output().unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    let mut replaced = 0;
    let rules: String = shown
        .lines()
        .map(|l| {
            if l.split('=').next().map(str::trim) == Some("sheet_rows") {
                replaced += 1;
                "sheet_rows = 30\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert_eq!(replaced, 1);
    let rules_path = dir.path().join("rules.toml");
    std::fs::write(&rules_path, rules).unwrap();
    let run = |rules: Option<&Path>, out: &str| {
        let out = dir.path().join(out);
        let mut cmd = Command::new(BIN);
        cmd.arg("evaluate")
            .arg(&round)
            .arg("--out")
            .arg(&out)
            .args(["--quiet", "--lang", "en", "--as-of", "2023-06-30"]);
        if let Some(r) = rules {
            cmd.arg("--rules").arg(r);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            read_csv(&out.join("criteria.csv")),
            read_csv(&out.join("problems.csv")),
        )
    };
    let (clean, clean_problems) = run(None, "clean");
    assert_eq!(verdicts(&clean, "文档")["A14.2.served"], "pass");
    assert!(
        !clean_problems
            .iter()
            .any(|p| p["message"].contains("[limits]")),
        "{clean_problems:?}"
    );
    let (cut, problems) = run(Some(&rules_path), "cut");
    let named: Vec<_> = problems
        .iter()
        .filter(|p| {
            p["file"] == "申请报告.docx" && p["message"].contains("[limits] sheet_rows = 30")
        })
        .collect();
    // One row for each of the log's two tables (the second continues the first as 表2).
    assert_eq!(named.len(), 2, "{problems:#?}");
    assert!(
        named.iter().all(|p| p["location"] == "表2"
            && p["severity"] == "warning"
            && p["message"].contains("of the table past the reading limit")),
        "{named:?}"
    );
    assert_ne!(verdicts(&cut, "文档")["A14.2.served"], "pass");
}
