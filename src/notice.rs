//! Public notice (Art. 20: 评审合格的平台……公示5个工作日): an output folder's `report.csv` →
//! `公示名单.xlsx` and `公示名单.csv` in the same folder, and the notice period on stdout.
//!
//! Input: `OUT_DIR/report.csv` as `evaluate` wrote it (Chinese or English headers,
//! `report::REPORT_ZH` / `REPORT_EN`; the overall verdict 符合 / `pass`), the start date and
//! the rules (the `[calendar]` table: notice length, extra holidays and make-up working days).
//! Output: the passing applicants in report order (序号, 平台名称, 运营单位, 统一社会信用代码,
//! 所属区县), with the period on the first row of both files:
//! `公示开始日期, START, 公示截止日期, LAST, note` (note: `5个工作日`, plus a warning when a year
//! outside the calendar was counted by the weekend rule alone). Row 2 is the header.
//!
//! The last day is counted by `calendar::Calendar::notice_period`: the start day is day 1 if it
//! is a working day, else the first working day after it. The CSV is UTF-8 with a BOM and cells
//! escaped like the other reports; the workbook stores credit codes as text and has a fixed
//! document date (the notice's start), so the same input gives the same bytes.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::calendar::{Calendar, NoticePeriod};
use crate::evaluate::Verdict;
use crate::model::Lang;
use crate::report::{ReportError, write_atomically};
use crate::rules::Rules;

pub const NOTICE_CSV: &str = "公示名单.csv";
pub const NOTICE_XLSX: &str = "公示名单.xlsx";
pub const NOTICE_ZH: [&str; 5] = [
    "序号",
    "平台名称",
    "运营单位",
    "统一社会信用代码",
    "所属区县",
];
pub const NOTICE_EN: [&str; 5] = ["no", "platform_name", "operator", "credit_code", "district"];

/// The report.csv columns read, as (Chinese, English) header names of `report::REPORT_ZH` /
/// `REPORT_EN` (a unit test checks they are there).
const NAME: (&str, &str) = ("单位名称", "name");
const CREDIT_CODE: (&str, &str) = ("统一社会信用代码", "credit_code");
const DISTRICT: (&str, &str) = ("所属区县", "district");
const VERDICT: (&str, &str) = ("评审结论", "verdict");
/// The platform name column, when the report has one.
const PLATFORM: [&str; 3] = ["平台名称", "platform_name", "platform"];

/// What `sme-audit notice` runs with.
pub struct NoticeConfig {
    pub out: PathBuf,
    pub start: NaiveDate,
    pub rules: Rules,
    pub lang: Lang,
}

/// What a notice run tells the user.
#[derive(Debug)]
pub struct NoticeOutput {
    pub period: NoticePeriod,
    /// The passing applicants listed.
    pub listed: usize,
    /// For stdout: the period and the files written.
    pub summary: String,
    /// For stderr.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// A missing folder or report, an unreadable report, an impossible period: exit 2.
    #[error("{0}")]
    Usage(String),
    /// The files could not be written: exit 1.
    #[error("{0}")]
    Output(String),
}

impl NoticeError {
    pub fn code(&self) -> u8 {
        match self {
            NoticeError::Usage(_) => 2,
            NoticeError::Output(_) => 1,
        }
    }
}

impl From<ReportError> for NoticeError {
    fn from(e: ReportError) -> Self {
        NoticeError::Output(e.to_string())
    }
}

/// One passing applicant as the notice lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub platform: String,
    pub operator: String,
    pub credit_code: String,
    pub district: String,
}

fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The passing applicants of a `report.csv` (bytes), in its order, and whether it has a
/// platform-name column. Errors name the file and the missing column.
pub fn passing_applicants(
    bytes: &[u8],
    path: &Path,
    lang: Lang,
) -> Result<(Vec<Listed>, bool), NoticeError> {
    let shown = path.display();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let unreadable = |e: &dyn std::fmt::Display| {
        NoticeError::Usage(pick(
            lang,
            format!("无法读取 {shown}：{e}"),
            format!("cannot read {shown}: {e}"),
        ))
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader.headers().map_err(|e| unreadable(&e))?.clone();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.trim()));
    let column = |(zh, en): (&str, &str)| {
        find(&[zh, en]).ok_or_else(|| {
            NoticeError::Usage(pick(
                lang,
                format!(
                    "{shown} 不是 sme-audit 的 report.csv：没有“{zh}”列（请先运行 sme-audit evaluate）"
                ),
                format!(
                    "{shown} is not an sme-audit report.csv: no `{en}` column (run sme-audit evaluate first)"
                ),
            ))
        })
    };
    let verdict = column(VERDICT)?;
    let name = column(NAME)?;
    let credit_code = column(CREDIT_CODE)?;
    let district = column(DISTRICT)?;
    let platform = find(&PLATFORM);
    let pass = [Verdict::Pass.label(Lang::Zh), Verdict::Pass.label(Lang::En)];
    let mut listed = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(&e))?;
        let cell =
            |i: usize| crate::report::unescape_cell(record.get(i).unwrap_or("").trim()).to_string();
        if !pass.contains(&record.get(verdict).unwrap_or("").trim()) {
            continue;
        }
        listed.push(Listed {
            platform: platform.map(cell).unwrap_or_default(),
            operator: cell(name),
            credit_code: cell(credit_code),
            district: cell(district),
        });
    }
    Ok((listed, platform.is_some()))
}

/// The period row's note: the length, and the years counted by the weekend rule alone.
fn period_note(period: &NoticePeriod, lang: Lang) -> String {
    let n = period.working_days;
    let years = period
        .uncovered_years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>();
    match (lang, years.is_empty()) {
        (Lang::Zh, true) => format!("{n}个工作日"),
        (Lang::Zh, false) => format!(
            "{n}个工作日；{} 年无法定节假日安排，仅按周末计算，请核对",
            years.join("、")
        ),
        (Lang::En, true) => format!("{n} working days"),
        (Lang::En, false) => format!(
            "{n} working days; no holiday calendar for {}: weekends only, please check",
            years.join(", ")
        ),
    }
}

/// The first row of both files: start, last day and the note.
fn period_row(period: &NoticePeriod, lang: Lang) -> [String; 5] {
    let (start, end) = match lang {
        Lang::Zh => ("公示开始日期", "公示截止日期"),
        Lang::En => ("notice_start", "notice_end"),
    };
    [
        start.to_string(),
        iso(period.start),
        end.to_string(),
        iso(period.last_day),
        period_note(period, lang),
    ]
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The CSV: BOM, period row, header, one row per applicant (CRLF, cells escaped).
pub fn notice_csv(listed: &[Listed], period: &NoticePeriod, lang: Lang) -> Vec<u8> {
    let header = match lang {
        Lang::Zh => NOTICE_ZH,
        Lang::En => NOTICE_EN,
    };
    let rows = [period_row(period, lang), header.map(str::to_string)]
        .into_iter()
        .chain(listed.iter().enumerate().map(|(i, l)| {
            [
                (i + 1).to_string(),
                l.platform.clone(),
                l.operator.clone(),
                l.credit_code.clone(),
                l.district.clone(),
            ]
        }));
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(crate::report::csv_records(rows));
    bytes
}

/// The workbook: one sheet laid out like the CSV; credit codes and dates are text.
pub fn notice_xlsx(
    listed: &[Listed],
    period: &NoticePeriod,
    lang: Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    // A fixed document date (the notice's start), so the same input gives the same bytes.
    let created = ExcelDateTime::from_ymd(
        u16::try_from(period.start.year()).unwrap_or(2021),
        u8::try_from(period.start.month()).unwrap_or(1),
        u8::try_from(period.start.day()).unwrap_or(1),
    )?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(match lang {
        Lang::Zh => "公示名单",
        Lang::En => "notice",
    })?;
    for (col, text) in (0u16..).zip(period_row(period, lang)) {
        sheet.write_string(0, col, text)?;
    }
    let header = match lang {
        Lang::Zh => NOTICE_ZH,
        Lang::En => NOTICE_EN,
    };
    for (col, text) in (0u16..).zip(header) {
        sheet.write_string_with_format(1, col, text, &bold)?;
    }
    for (row, (i, l)) in (2u32..).zip(listed.iter().enumerate()) {
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &l.platform)?;
        sheet.write_string(row, 2, &l.operator)?;
        sheet.write_string(row, 3, &l.credit_code)?;
        sheet.write_string(row, 4, &l.district)?;
    }
    for (col, width) in (0u16..).zip([14.0, 36.0, 36.0, 24.0, 14.0]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    workbook.save_to_buffer()
}

/// The period's line for stdout.
pub fn period_line(period: &NoticePeriod, lang: Lang) -> String {
    let (start, first, last, n) = (
        period.start,
        period.first_day,
        period.last_day,
        period.working_days,
    );
    let from = if first != start {
        pick(
            lang,
            format!("；{start} 不是工作日，自 {first} 起算"),
            format!("; {start} is not a working day, counted from {first}"),
        )
    } else {
        String::new()
    };
    let years = period
        .uncovered_years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>();
    let weekends_only = if years.is_empty() {
        String::new()
    } else {
        pick(
            lang,
            format!("；{} 年仅按周末计算，请核对", years.join("、")),
            format!("; weekends only for {}, please check", years.join(", ")),
        )
    };
    pick(
        lang,
        format!(
            "公示期：{start} 至 {last}（{n} 个工作日，按法定节假日与调休安排{from}{weekends_only}）"
        ),
        format!(
            "Notice period: {start} to {last} ({n} working days on the PRC official calendar{from}{weekends_only})"
        ),
    )
}

/// Writes `公示名单.xlsx` and `公示名单.csv` into `cfg.out` from its `report.csv`.
pub fn write_notice(cfg: &NoticeConfig) -> Result<NoticeOutput, NoticeError> {
    let lang = cfg.lang;
    let out = &cfg.out;
    if !out.is_dir() {
        return Err(NoticeError::Usage(pick(
            lang,
            format!(
                "输出目录 {} 不存在（请先运行 sme-audit evaluate --out {}）",
                out.display(),
                out.display()
            ),
            format!(
                "output folder {} does not exist (run sme-audit evaluate --out {} first)",
                out.display(),
                out.display()
            ),
        )));
    }
    let report = out.join("report.csv");
    let bytes = std::fs::read(&report).map_err(|e| {
        let (zh, en) = crate::os_error::explain_pair(&e, &report);
        NoticeError::Usage(pick(
            lang,
            format!("{zh}（该目录中没有 evaluate 生成的 report.csv？）"),
            format!("{en} (no report.csv written by evaluate in that folder?)"),
        ))
    })?;
    let (listed, has_platform) = passing_applicants(&bytes, &report, lang)?;

    let calendar = Calendar::with_rules(&cfg.rules.calendar);
    let days = cfg.rules.calendar.notice_working_days;
    let period = calendar.notice_period(cfg.start, days).ok_or_else(|| {
        NoticeError::Usage(pick(
            lang,
            format!(
                "自 {} 起一年内没有 {days} 个工作日：请检查规则文件 [calendar] holidays",
                cfg.start
            ),
            format!(
                "no {days} working days within a year of {}: check the rules file's [calendar] holidays",
                cfg.start
            ),
        ))
    })?;

    let mut warnings = Vec::new();
    for year in &period.uncovered_years {
        let span = calendar.built_in_span();
        warnings.push(pick(
            lang,
            format!(
                "{year} 年的法定节假日与调休安排未内置（内置 {span} 年），规则文件 [calendar] 中也没有：该年只按周末计算，请按国务院办公厅关于{year}年部分节假日安排的通知核对公示截止日"
            ),
            format!(
                "the holidays and make-up working days of {year} are not built in ({span} are) nor in the rules file's [calendar]: weekends only were used for {year}; check the last day against the State Council's notice for {year}"
            ),
        ));
    }
    if !has_platform && !listed.is_empty() {
        warnings.push(pick(
            lang,
            format!(
                "{} 没有平台名称列：公示名单的平台名称一栏为空，请补填",
                report.display()
            ),
            format!(
                "{} has no platform-name column: the notice's platform names are empty, fill them in",
                report.display()
            ),
        ));
    }

    let xlsx = notice_xlsx(&listed, &period, lang).map_err(|e| {
        NoticeError::Output(pick(
            lang,
            format!("无法生成 {NOTICE_XLSX}：{e}"),
            format!("cannot build {NOTICE_XLSX}: {e}"),
        ))
    })?;
    write_atomically(&out.join(NOTICE_XLSX), &xlsx)?;
    write_atomically(&out.join(NOTICE_CSV), &notice_csv(&listed, &period, lang))?;

    let files = format!(
        "{}, {}",
        out.join(NOTICE_XLSX).display(),
        out.join(NOTICE_CSV).display()
    );
    let list = if listed.is_empty() {
        pick(
            lang,
            format!("没有评审结论为“符合”的申报单位：公示名单只有公示期和表头（{files}）"),
            format!(
                "no applicant passed: the notice holds only the period and the header ({files})"
            ),
        )
    } else {
        pick(
            lang,
            format!("公示名单：{} 家（{files}）", listed.len()),
            format!("Notice list: {} applicants ({files})", listed.len()),
        )
    };
    Ok(NoticeOutput {
        summary: format!("{}\n{list}\n", period_line(&period, lang)),
        listed: listed.len(),
        period,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{REPORT_EN, REPORT_ZH};

    #[test]
    fn the_columns_read_are_those_the_report_writes() {
        for (zh, en) in [NAME, CREDIT_CODE, DISTRICT, VERDICT] {
            let i = REPORT_ZH.iter().position(|h| *h == zh).expect(zh);
            assert_eq!(REPORT_EN[i], en);
        }
    }

    fn report(header: &[&str], rows: &[&[&str]]) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(b"\xEF\xBB\xBF".to_vec());
        w.write_record(header).unwrap();
        for r in rows {
            w.write_record(*r).unwrap();
        }
        w.into_inner().unwrap()
    }

    #[test]
    fn passing_rows_are_read_from_either_language_and_unescaped() {
        let zh = report(
            &REPORT_ZH,
            &[
                &[
                    "A01",
                    "'=甲公司",
                    "523701024018356363",
                    "历城区",
                    "",
                    "符合",
                ],
                &[
                    "A02",
                    "乙公司",
                    "91370100MA3C00000X",
                    "历下区",
                    "",
                    "不符合",
                ],
                &["A03", "丙公司", "91370100MA3C00001X", "", "", "待核实"],
                &["A04", "丁公司", "91370100MA3C00002X", "章丘区", "", "符合"],
            ],
        );
        let (listed, platform) = passing_applicants(&zh, Path::new("r.csv"), Lang::Zh).unwrap();
        // report.csv carries 平台名称 (these short rows leave it empty).
        assert!(platform);
        assert_eq!(
            listed
                .iter()
                .map(|l| (
                    l.operator.as_str(),
                    l.credit_code.as_str(),
                    l.district.as_str()
                ))
                .collect::<Vec<_>>(),
            vec![
                ("=甲公司", "523701024018356363", "历城区"),
                ("丁公司", "91370100MA3C00002X", "章丘区")
            ]
        );
        let row = |cells: [(&'static str, &'static str); 5]| {
            let mut r = vec![""; REPORT_EN.len()];
            for (column, value) in cells {
                r[REPORT_EN.iter().position(|h| *h == column).unwrap()] = value;
            }
            r
        };
        let rows = [
            row([
                ("applicant", "A01"),
                ("name", "Unit"),
                ("platform_name", "Platform"),
                ("credit_code", "523701024018356363"),
                ("verdict", "pass"),
            ]),
            row([
                ("applicant", "A02"),
                ("name", "Other"),
                ("platform_name", "P2"),
                ("credit_code", "x"),
                ("verdict", "fail"),
            ]),
        ];
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let en = report(&REPORT_EN, &rows);
        let (listed, platform) = passing_applicants(&en, Path::new("r.csv"), Lang::En).unwrap();
        assert!(platform);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].platform, "Platform");
        assert_eq!(listed[0].operator, "Unit");
    }

    #[test]
    fn a_file_without_the_verdict_column_is_named() {
        let bad = report(&["a", "b"], &[&["1", "2"]]);
        let err = passing_applicants(&bad, Path::new("out/report.csv"), Lang::Zh).unwrap_err();
        assert_eq!(err.code(), 2);
        assert!(err.to_string().contains("out/report.csv"), "{err}");
        assert!(err.to_string().contains("评审结论"), "{err}");
    }

    fn period(start: &str) -> NoticePeriod {
        let start = crate::calendar::parse_iso_date(start).unwrap();
        Calendar::official().notice_period(start, 5).unwrap()
    }

    #[test]
    fn csv_has_the_period_then_the_header_and_escapes_cells() {
        let listed = vec![Listed {
            platform: "=平台".into(),
            operator: "甲".into(),
            credit_code: "523701024018356363".into(),
            district: "历城区".into(),
        }];
        let bytes = notice_csv(&listed, &period("2024-02-07"), Lang::Zh);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}公示开始日期,2024-02-07,公示截止日期,2024-02-19,5个工作日\r\n\
             序号,平台名称,运营单位,统一社会信用代码,所属区县\r\n\
             1,'=平台,甲,523701024018356363,历城区\r\n"
        );
        let outside = String::from_utf8(notice_csv(&[], &period("2028-03-01"), Lang::En)).unwrap();
        assert!(
            outside.starts_with(
                "\u{feff}notice_start,2028-03-01,notice_end,2028-03-07,\"5 working days; no holiday calendar for 2028"
            ),
            "{outside}"
        );
    }

    #[test]
    fn workbook_bytes_are_deterministic() {
        let p = period("2023-09-28");
        let a = notice_xlsx(&[], &p, Lang::Zh).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = notice_xlsx(&[], &p, Lang::Zh).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn the_period_line_says_when_the_start_is_not_a_working_day() {
        let line = period_line(&period("2024-10-01"), Lang::Zh);
        assert!(line.contains("2024-10-01 至 2024-10-12"), "{line}");
        assert!(line.contains("自 2024-10-08 起算"), "{line}");
        let line = period_line(&period("2028-03-01"), Lang::Zh);
        assert!(line.contains("2028 年仅按周末计算"), "{line}");
        let line = period_line(&period("2024-02-07"), Lang::En);
        assert_eq!(
            line,
            "Notice period: 2024-02-07 to 2024-02-19 (5 working days on the PRC official calendar)"
        );
    }
}
