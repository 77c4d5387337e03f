//! `report.xlsx` (SPEC §9): the four reports and the review list as one workbook a reviewer
//! works in.
//!
//! - Sheets 结论/评审项/问题/汇总/评审项汇总/待核实清单 (`report`, `criteria`, `problems`,
//!   `summary`, `summary_criteria`, `review_items` in English), with the CSVs' columns.
//! - Ids, names, credit codes and every other text are written as text, so an all-digit
//!   18-character credit code (`523701024018356363`) stays a string; figures are numbers with
//!   formats: money `#,##0.00`, ratios `0.00%` (the exact fraction is the cell's value).
//! - Frozen header, autofilter, column widths from the text (a CJK character counts two),
//!   verdict cells coloured.
//! - Evidence cells of the rows a reviewer works on (fail, review, manual, and the whole review
//!   list) link to their file, relative to the workbook, so the round folder and the output
//!   folder can be moved together; a file inside an archive links to the archive. Passing rows
//!   keep the location as text: a link costs about 1 KB while the workbook is written (2,000
//!   applicants linking every row took 150 MB more). Excel allows 65,530 links a sheet: later
//!   rows keep the location as plain text.
//! - The same input gives the same bytes: the document's timestamp is fixed.
//!
//! The 待核实清单 sheet is also the decisions form (`--decisions`, SPEC §9): its first seven
//! columns are the decisions file's (applicant, criterion, verdict, reason, reviewer, date,
//! evidence_sha256), verdict left empty for the reviewer, decisions already applied filled in.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Url, Workbook, Worksheet, XlsxError,
};

use super::{
    CRITERIA_EN, CRITERIA_ZH, Cell, PROBLEMS_EN, PROBLEMS_ZH, REPORT_EN, REPORT_ZH,
    SUMMARY_CRITERIA_EN, SUMMARY_CRITERIA_ZH, SUMMARY_EN, SUMMARY_ZH, evidence_cell, report_cells,
    rows,
};
use crate::evaluate::criteria::name as criterion_name;
use crate::evaluate::{ApplicantResult, Row, Verdict};
use crate::model::{Evidence, Lang, Problem};

/// Excel's limit of hyperlinks in one worksheet.
const MAX_LINKS: usize = 65_530;
/// Widest column, in characters.
const MAX_WIDTH: f64 = 60.0;

/// Where evidence files are, for the links: the output folder the workbook is written to, the
/// round folder, and each applicant's folder or archive relative to the round.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub round: Option<PathBuf>,
    /// Applicant id → (path relative to the round, is an archive).
    pub paths: BTreeMap<String, (String, bool)>,
}

/// Column headers of the 待核实清单 sheet; the first seven are the decisions file's.
pub const REVIEW_ITEMS_EN: [&str; 12] = [
    "applicant",
    "criterion",
    "verdict",
    "reason",
    "reviewer",
    "date",
    "evidence_sha256",
    "name",
    "district",
    "criterion_name",
    "message",
    "evidence",
];
pub const REVIEW_ITEMS_ZH: [&str; 12] = [
    "申报编号",
    "评审项",
    "结论",
    "理由",
    "评审人",
    "日期",
    "证据哈希",
    "单位名称",
    "所属区县",
    "评审项名称",
    "说明（需核实的内容）",
    "证据位置",
];

/// The sheet names, zh and en.
pub fn sheet_names(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => ["结论", "评审项", "问题", "汇总", "评审项汇总", "待核实清单"],
        Lang::En => [
            "report",
            "criteria",
            "problems",
            "summary",
            "summary_criteria",
            "review_items",
        ],
    }
}

struct Formats {
    header: Format,
    text: Format,
    money: Format,
    ratio: Format,
    number: Format,
    link: Format,
    pass: Format,
    fail: Format,
    review: Format,
    other: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = Format::new()
            .set_num_format("@")
            .set_align(FormatAlign::Top);
        let verdict = |bg: u32, fg: u32| {
            text.clone()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_align(FormatAlign::Top),
            money: Format::new().set_num_format("#,##0.00"),
            ratio: Format::new().set_num_format("0.00%"),
            number: Format::new().set_num_format("General"),
            link: text
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            pass: verdict(0xC6EFCE, 0x006100),
            fail: verdict(0xFFC7CE, 0x9C0006),
            review: verdict(0xFFEB9C, 0x9C5700),
            other: verdict(0xEDEDED, 0x404040),
            text,
        }
    }

    fn verdict(&self, v: Verdict) -> &Format {
        match v {
            Verdict::Pass => &self.pass,
            Verdict::Fail => &self.fail,
            Verdict::Review => &self.review,
            Verdict::NotApplicable | Verdict::Manual => &self.other,
        }
    }
}

/// Display width of a text in Excel's character units: CJK and full-width characters count
/// two.
fn width_of(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) < 0x1100 { 1.0 } else { 2.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// Tracks each column's widest text and sets the widths at the end.
struct Widths(Vec<f64>);

impl Widths {
    fn new(header: &[&str]) -> Widths {
        Widths(header.iter().map(|h| width_of(h) + 2.0).collect())
    }
    fn see(&mut self, col: usize, s: &str) {
        if let Some(w) = self.0.get_mut(col) {
            *w = w.max(width_of(s) + 2.0);
        }
    }
    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (i, w) in self.0.iter().enumerate() {
            ws.set_column_width(col(i), w.clamp(6.0, MAX_WIDTH))?;
        }
        Ok(())
    }
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn row_num(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn header(
    ws: &mut Worksheet,
    name: &str,
    header: &[&str],
    f: &Formats,
) -> Result<Widths, XlsxError> {
    ws.set_name(name)?;
    for (i, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col(i), *h, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(Widths::new(header))
}

fn finish(ws: &mut Worksheet, rows: usize, cols: usize, widths: &Widths) -> Result<(), XlsxError> {
    ws.autofilter(0, 0, row_num(rows), col(cols.saturating_sub(1)))?;
    widths.apply(ws)
}

/// A decimal as the double Excel stores (15 significant digits are exact for any figure here).
fn number(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The relative path from folder `from` to `to` (both absolute), `/`-separated; `None` when
/// they share no root (another drive on Windows).
fn relative(from: &Path, to: &Path) -> Option<String> {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    if a.first() != b.first() {
        return None;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    Some(parts.join("/"))
}

/// Resolves evidence files to link targets relative to the output folder, remembering each
/// file (the workbook's links, and the review pages' with `../` before them).
pub(crate) struct Linker<'a> {
    out: Option<PathBuf>,
    round: Option<PathBuf>,
    links: &'a Links,
    seen: BTreeMap<(String, String), Option<String>>,
    written: BTreeMap<&'static str, usize>,
}

impl<'a> Linker<'a> {
    pub(crate) fn new(out: &Path, links: &'a Links) -> Linker<'a> {
        Linker {
            out: std::fs::canonicalize(out).ok(),
            round: links
                .round
                .as_ref()
                .and_then(|r| std::fs::canonicalize(r).ok()),
            links,
            seen: BTreeMap::new(),
            written: BTreeMap::new(),
        }
    }

    /// The link of an applicant's evidence file: the file itself when it exists on disk, else
    /// the nearest existing folder or archive that holds it (a nested archive), else none.
    pub(crate) fn target(&mut self, applicant: &str, file: &str) -> Option<String> {
        let key = (applicant.to_string(), file.to_string());
        if let Some(t) = self.seen.get(&key) {
            return t.clone();
        }
        let t = self.resolve(applicant, file);
        self.seen.insert(key, t.clone());
        t
    }

    fn resolve(&self, applicant: &str, file: &str) -> Option<String> {
        let (out, round) = (self.out.as_ref()?, self.round.as_ref()?);
        let (rel, archive) = self.links.paths.get(applicant)?;
        let base = round.join(rel);
        let mut path = if *archive || file.is_empty() {
            base.clone()
        } else {
            base.join(file)
        };
        // Never point outside the applicant (a hostile name with `..`).
        if Path::new(file)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            path = base.clone();
        }
        while !path.exists() {
            if path == base || !path.pop() {
                return None;
            }
        }
        relative(out, &path)
    }

    /// Writes an evidence cell: a link to the first evidence's file while the sheet has links
    /// left, else the text.
    fn write(
        &mut self,
        ws: &mut Worksheet,
        sheet: &'static str,
        (r, c): (u32, u16),
        applicant: &str,
        evidence: &[Evidence],
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let text = evidence_cell(evidence);
        let used = self.written.get(sheet).copied().unwrap_or(0);
        if used < MAX_LINKS
            && let Some(first) = evidence.first()
            && let Some(target) = self.target(applicant, &first.file)
        {
            *self.written.entry(sheet).or_default() += 1;
            let url = Url::new(format!("file:///{target}")).set_text(&text);
            ws.write_url_with_format(r, c, url, &f.link)?;
        } else {
            ws.write_string_with_format(r, c, &text, &f.text)?;
        }
        Ok(())
    }
}

/// The number format of a criterion's value, by what the value is (§5: money in yuan, ratios
/// as fractions, counts, areas).
fn value_format<'f>(criterion: &str, f: &'f Formats) -> &'f Format {
    match criterion {
        "A14.1.total_assets" | "A14.1.finances" | "A15.financing" => &f.money,
        "A14.2.satisfaction" | "A14.4.public_welfare" | "A14.5.qualified" => &f.ratio,
        _ => &f.number,
    }
}

/// A value cell: a number when the value is a plain number, else text (a date).
fn write_value(
    ws: &mut Worksheet,
    (r, c): (u32, u16),
    criterion: &str,
    value: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    match value.parse::<rust_decimal::Decimal>() {
        Ok(d) if super::is_plain_number(value) => {
            ws.write_number_with_format(r, c, number(d), value_format(criterion, f))?;
        }
        _ => {
            ws.write_string_with_format(r, c, value, &f.text)?;
        }
    }
    Ok(())
}

/// A workbook whose document timestamp is fixed, so the same content gives the same bytes.
pub(crate) fn new_workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2021, 4, 30)?)
            .set_author("sme-audit"),
    );
    Ok(wb)
}

/// The workbook's bytes.
pub fn workbook(
    out: &Path,
    results: &[&ApplicantResult],
    problems: &[&Problem],
    (summary, summary_criteria): (&[[String; 3]], &[[String; 7]]),
    lang: Lang,
    links: &Links,
) -> Result<Vec<u8>, XlsxError> {
    let zh = lang == Lang::Zh;
    let f = Formats::new();
    let names = sheet_names(lang);
    let mut linker = Linker::new(out, links);
    let mut wb = new_workbook()?;

    // 结论
    let ws = wb.add_worksheet();
    let head: &[&str] = if zh { &REPORT_ZH } else { &REPORT_EN };
    let mut widths = header(ws, names[0], head, &f)?;
    for (i, r) in results.iter().enumerate() {
        let row = row_num(i + 1);
        for (c, cell) in report_cells(r, lang).iter().enumerate() {
            let cc = col(c);
            match cell {
                Cell::Text(s) if c == 5 => {
                    ws.write_string_with_format(row, cc, s, f.verdict(r.verdict))?;
                }
                Cell::Text(s) => {
                    widths.see(c, s);
                    ws.write_string_with_format(row, cc, s, &f.text)?;
                }
                Cell::Money(Some(d)) | Cell::Area(Some(d)) => {
                    ws.write_number_with_format(row, cc, number(*d), &f.money)?;
                }
                Cell::Ratio(Some(d)) => {
                    ws.write_number_with_format(row, cc, number(*d), &f.ratio)?;
                }
                Cell::Count(Some(n)) => {
                    ws.write_number_with_format(row, cc, *n as f64, &f.number)?;
                }
                _ => {}
            }
        }
    }
    finish(ws, results.len(), head.len(), &widths)?;

    // 评审项: the large sheet, streamed.
    let ws = wb.add_worksheet_with_constant_memory()?;
    let head: &[&str] = if zh { &CRITERIA_ZH } else { &CRITERIA_EN };
    let widths = header(ws, names[1], head, &f)?;
    let mut n = 0usize;
    let mut review_items: Vec<(&ApplicantResult, Cow<Row>)> = Vec::new();
    for r in results {
        for row in rows(r, lang) {
            n += 1;
            let i = row_num(n);
            ws.write_string_with_format(i, 0, &r.id, &f.text)?;
            ws.write_string_with_format(i, 1, &row.criterion, &f.text)?;
            ws.write_string_with_format(i, 2, criterion_name(&row.criterion, lang), &f.text)?;
            ws.write_string_with_format(i, 3, &row.article, &f.text)?;
            ws.write_string_with_format(i, 4, row.verdict.label(lang), f.verdict(row.verdict))?;
            write_value(ws, (i, 5), &row.criterion, &row.value, &f)?;
            ws.write_string_with_format(i, 6, &row.threshold, &f.text)?;
            // Links cost memory while the workbook is written (about 1 KB each): only the rows
            // a reviewer works on (fail, review, manual) link their evidence here; every row
            // of the review list links it.
            let evidence: &[Evidence] =
                if matches!(row.verdict, Verdict::Pass | Verdict::NotApplicable) {
                    &[]
                } else {
                    &row.evidence
                };
            if evidence.is_empty() {
                ws.write_string_with_format(i, 7, evidence_cell(&row.evidence), &f.text)?;
            } else {
                linker.write(ws, "criteria", (i, 7), &r.id, evidence, &f)?;
            }
            ws.write_string_with_format(i, 8, &row.message, &f.text)?;
            ws.write_string_with_format(
                i,
                9,
                row.tool_verdict.label(lang),
                f.verdict(row.tool_verdict),
            )?;
            ws.write_string_with_format(i, 10, super::decision_cell(&row, lang), &f.text)?;
            let relaxed = row.relaxed.map(|d| d.normalize().to_string());
            for (c, n) in [
                super::value_number(&row),
                super::threshold_number(&row),
                relaxed.as_deref(),
            ]
            .into_iter()
            .enumerate()
            {
                write_value(
                    ws,
                    (i, 11 + c as u16),
                    &row.criterion,
                    n.unwrap_or_default(),
                    &f,
                )?;
            }
            if row.tool_verdict == Verdict::Review || row.decision.is_some() {
                review_items.push((r, row));
            }
        }
    }
    let mut widths = widths;
    for (c, w) in [
        12.0, 24.0, 36.0, 14.0, 8.0, 14.0, 18.0, 40.0, 60.0, 8.0, 30.0, 14.0, 14.0, 14.0,
    ]
    .into_iter()
    .enumerate()
    {
        widths.0[c] = widths.0[c].max(w);
    }
    finish(ws, n, head.len(), &widths)?;

    // 问题
    let ws = wb.add_worksheet();
    let head: &[&str] = if zh { &PROBLEMS_ZH } else { &PROBLEMS_EN };
    let mut widths = header(ws, names[2], head, &f)?;
    for (i, p) in problems.iter().enumerate() {
        let row = row_num(i + 1);
        let cells = [
            p.applicant.as_str(),
            p.file.as_str(),
            p.location.as_str(),
            p.severity.label(lang),
            p.message(lang),
        ];
        for (c, s) in cells.iter().enumerate() {
            widths.see(c, s);
            ws.write_string_with_format(row, col(c), *s, &f.text)?;
        }
    }
    finish(ws, problems.len(), head.len(), &widths)?;

    // 汇总, 评审项汇总: the counts (the third column on) are numbers.
    let sheets: [(&[&str], Vec<&[String]>); 2] = [
        (
            if zh { &SUMMARY_ZH } else { &SUMMARY_EN },
            summary.iter().map(|r| r.as_slice()).collect(),
        ),
        (
            if zh {
                &SUMMARY_CRITERIA_ZH
            } else {
                &SUMMARY_CRITERIA_EN
            },
            summary_criteria.iter().map(|r| r.as_slice()).collect(),
        ),
    ];
    for ((head, table), name) in sheets.into_iter().zip(&names[3..5]) {
        let ws = wb.add_worksheet();
        let mut widths = header(ws, name, head, &f)?;
        for (i, cells) in table.iter().enumerate() {
            let row = row_num(i + 1);
            for (c, s) in cells.iter().enumerate() {
                match s.parse::<u64>() {
                    Ok(n) if c >= 2 => {
                        ws.write_number_with_format(row, col(c), n as f64, &f.number)?;
                    }
                    _ => {
                        widths.see(c, s);
                        ws.write_string_with_format(row, col(c), s, &f.text)?;
                    }
                }
            }
        }
        finish(ws, table.len(), head.len(), &widths)?;
    }

    // 待核实清单
    let ws = wb.add_worksheet();
    let head: &[&str] = if zh {
        &REVIEW_ITEMS_ZH
    } else {
        &REVIEW_ITEMS_EN
    };
    let mut widths = header(ws, names[5], head, &f)?;
    for (i, (r, row)) in review_items.iter().enumerate() {
        let n = row_num(i + 1);
        // A decision applied is shown as decided (and so carried to the next run even when
        // this workbook is the decisions file); a stale one leaves the verdict to fill in
        // again, against the new evidence hash, with the old decision in the reason.
        let (verdict, reason, reviewer, date) = match &row.decision {
            Some(d) if !d.stale => (
                d.verdict.label(lang).to_string(),
                d.reason.clone(),
                d.reviewer.clone(),
                d.date.clone(),
            ),
            Some(_) => (
                String::new(),
                super::decision_cell(row, lang),
                String::new(),
                String::new(),
            ),
            None => Default::default(),
        };
        let cells = [
            r.id.as_str(),
            row.criterion.as_str(),
            &verdict,
            &reason,
            &reviewer,
            &date,
            &super::evidence_sha256(row, &r.files),
            r.name.as_str(),
            r.district.as_deref().unwrap_or_default(),
            criterion_name(&row.criterion, lang),
            row.message.as_str(),
        ];
        for (c, s) in cells.iter().enumerate() {
            if c != 6 {
                widths.see(c, s);
            }
            ws.write_string_with_format(n, col(c), *s, &f.text)?;
        }
        linker.write(ws, "review_items", (n, 11), &r.id, &row.evidence, &f)?;
    }
    widths.0[6] = 12.0;
    widths.0[11] = widths.0[11].max(40.0);
    finish(ws, review_items.len(), head.len(), &widths)?;

    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_folders() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            relative(&p("/r/out"), &p("/r/round/甲/审计报告.pdf")).as_deref(),
            Some("../round/甲/审计报告.pdf")
        );
        assert_eq!(
            relative(&p("/r/round/out"), &p("/r/round/甲.zip")).as_deref(),
            Some("../甲.zip")
        );
        assert_eq!(relative(&p("/a"), &p("/a/b")).as_deref(), Some("b"));
    }

    #[test]
    fn cjk_counts_double_width() {
        assert_eq!(width_of("abc"), 3.0);
        assert_eq!(width_of("资产总额"), 8.0);
        assert_eq!(width_of("第一行\nab"), 6.0);
    }
}
