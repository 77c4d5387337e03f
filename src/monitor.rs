//! Annual monitoring of recognised platforms (Art. 23, 25, 26; SPEC §10) and the history
//! rows of a round's passing applicants.
//!
//! `sme-audit monitor ROUND_DIR --history FILE --as-of DATE --out DIR` evaluates the round as
//! `evaluate` does (same reports in DIR), then writes `DIR/monitoring.csv`, one row per
//! applicant: its title from the history (the latest recognition, `History::latest_title`),
//! valid for 3 years (`recognition_years`): it runs out in year round + 3, the year it may be
//! applied for again (Art. 23: 有效期为3年，在有效期满当年可再次申报; the same window as
//! `A23.current_title`), so it is still held, and monitored, in that year; and
//! - `not_recognised` 非有效期内示范平台: no valid title (never recognised, revoked, expired,
//!   or awarded after the as-of year); listed, not evaluated further;
//! - `conditions_unmet` 不再符合基本条件: an Art. 14 criterion (`A14.*`) fails;
//! - `review` 待核实: none fails, some `A14.*` is review;
//! - `meets` 继续符合: otherwise.
//!
//! `expiring` is yes when the title runs out in the as-of year. `revocation_grounds` names
//! the Art. 24 grounds the tool can see: a 失信 entry in the credit report (`A19.3` fails) and
//! a declared figure more than the tolerance above the evidence (§4.4, `KeyFigures::overstated`).
//! A platform holding a valid title is expected to: its `A23.current_title` row becomes n/a in
//! the reports, with a message saying so. Service quality, fees and satisfaction checks of
//! Art. 25 stay with the district office.
//!
//! `sme-audit history export OUT_DIR…` reads each output folder's `report.csv` (Chinese or
//! English headers, `report::REPORT_ZH` / `REPORT_EN`) and `run.json` (`as_of`) and returns a
//! history row (recognised, round = the as-of year) for every passing applicant with a credit
//! code.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::evaluate::criteria::order;
use crate::evaluate::{ApplicantResult, Verdict, overall_verdict};
use crate::history::{ExportRow, History, Title};
use crate::limits::Limits;
use crate::model::Lang;
use crate::report::{self, REPORT_EN, REPORT_ZH};
use crate::run::{EvaluateConfig, RunError, RunOutput};

pub const MONITORING_CSV: &str = "monitoring.csv";

pub const MONITORING_EN: [&str; 12] = [
    "applicant",
    "name",
    "credit_code",
    "district",
    "title_round",
    "title_expiry_year",
    "expiring",
    "monitoring",
    "unmet",
    "review",
    "revocation_grounds",
    "note",
];
pub const MONITORING_ZH: [&str; 12] = [
    "申报编号",
    "单位名称",
    "统一社会信用代码",
    "所属区县",
    "认定年度",
    "有效期满年份",
    "今年期满",
    "监测结论",
    "不再符合的条件",
    "待核实的条件",
    "撤销情形",
    "说明",
];

const A23: &str = "A23.current_title";
const A19_3: &str = "A19.3";

/// The monitoring verdict of one applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Monitoring {
    NotRecognised,
    ConditionsUnmet,
    Review,
    Meets,
}

impl Monitoring {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Monitoring::NotRecognised, Lang::Zh) => "非有效期内示范平台",
            (Monitoring::ConditionsUnmet, Lang::Zh) => "不再符合基本条件",
            (Monitoring::Review, Lang::Zh) => "待核实",
            (Monitoring::Meets, Lang::Zh) => "继续符合",
            (Monitoring::NotRecognised, Lang::En) => "not_recognised",
            (Monitoring::ConditionsUnmet, Lang::En) => "conditions_unmet",
            (Monitoring::Review, Lang::En) => "review",
            (Monitoring::Meets, Lang::En) => "meets",
        }
    }
}

/// An Art. 24 ground the tool can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ground {
    /// `A19.3` fails: a 失信 entry in the credit report.
    Dishonest,
    /// The criterion's declared figure is more than the tolerance above the evidence.
    Overstated(String),
}

/// One row of `monitoring.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorRow {
    pub applicant: String,
    pub name: String,
    pub credit_code: String,
    pub district: String,
    /// The latest recognition (valid or not), when the history has one.
    pub title: Option<Title>,
    /// Its last valid year: round + recognition years − 1.
    /// The year the title runs out (round + 3): it is held, and expiring, in that year.
    pub last_year: Option<i32>,
    pub expiring: bool,
    pub monitoring: Monitoring,
    pub unmet: Vec<String>,
    pub review: Vec<String>,
    pub grounds: Vec<Ground>,
    /// Why a title is not valid (zh, en); empty otherwise.
    pub note: (String, String),
}

impl MonitorRow {
    /// Whether the applicant holds a title valid in the as-of year.
    pub fn valid(&self) -> bool {
        self.monitoring != Monitoring::NotRecognised
    }
}

/// The monitoring row of one evaluated applicant.
pub fn monitor_row(
    result: &ApplicantResult,
    history: &History,
    as_of: NaiveDate,
    years: u32,
) -> MonitorRow {
    let non_empty = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
    let title = history.latest_title(
        non_empty(&result.credit_code).as_deref(),
        non_empty(&result.name).as_deref(),
    );
    let year = as_of.year();
    let last_year = title.as_ref().map(|t| t.round + years.max(1) as i32);
    let mut row = MonitorRow {
        applicant: result.id.clone(),
        name: result.name.clone(),
        credit_code: result.credit_code.clone(),
        district: result.district.clone().unwrap_or_default(),
        title: title.clone(),
        last_year,
        expiring: false,
        monitoring: Monitoring::NotRecognised,
        unmet: Vec::new(),
        review: Vec::new(),
        grounds: Vec::new(),
        note: (String::new(), String::new()),
    };
    let (Some(title), Some(last)) = (title, last_year) else {
        row.note = (
            "历史记录中无认定记录".to_string(),
            "no recognition in the history".to_string(),
        );
        return row;
    };
    let round = title.round;
    if let Some(r) = &title.revoked {
        let (when_zh, when_en) = match r.date {
            Some(d) => (format!("于 {d} "), format!(" on {d}")),
            None => (String::new(), String::new()),
        };
        let (why_zh, why_en) = if r.reason.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("，原因：{}", r.reason), format!(": {}", r.reason))
        };
        row.note = (
            format!(
                "{round} 年度认定已{when_zh}撤销{why_zh}（历史文件第 {} 行）",
                r.line
            ),
            format!(
                "the {round} title was revoked{when_en}{why_en} (history line {})",
                r.line
            ),
        );
        return row;
    }
    if year > last {
        row.note = (
            format!("{round} 年度认定已于 {last} 年期满（第二十三条），可再次申报"),
            format!("the {round} title expired in {last} (Art. 23); may apply again"),
        );
        return row;
    }
    if year < round {
        row.note = (
            format!("认定年度 {round} 晚于基准日所在年度 {year}，请核对历史文件"),
            format!("the title's round {round} is after the as-of year {year}: check the history"),
        );
        return row;
    }
    row.expiring = last == year;
    let with = |v: Verdict| {
        let mut ids: Vec<String> = result
            .outcomes
            .iter()
            .filter(|o| o.criterion.starts_with("A14.") && o.verdict == v)
            .map(|o| o.criterion.clone())
            .collect();
        ids.sort_by_key(|c| order(c));
        ids.dedup();
        ids
    };
    row.unmet = with(Verdict::Fail);
    row.review = with(Verdict::Review);
    row.monitoring = if !row.unmet.is_empty() {
        Monitoring::ConditionsUnmet
    } else if !row.review.is_empty() {
        Monitoring::Review
    } else {
        Monitoring::Meets
    };
    if result
        .outcome(A19_3)
        .is_some_and(|o| o.verdict == Verdict::Fail)
    {
        row.grounds.push(Ground::Dishonest);
    }
    row.grounds.extend(
        result
            .figures
            .overstated
            .iter()
            .map(|c| Ground::Overstated(c.clone())),
    );
    row
}

fn ground_text(g: &Ground, tolerance: &str, lang: Lang) -> String {
    match (g, lang) {
        (Ground::Dishonest, Lang::Zh) => format!("信用报告有失信记录（{A19_3}）"),
        (Ground::Dishonest, Lang::En) => {
            format!("dishonesty (失信) entry in the credit report ({A19_3})")
        }
        (Ground::Overstated(c), Lang::Zh) => {
            format!("申报数高于证据 {tolerance} 以上，可能虚假申报（{c}）")
        }
        (Ground::Overstated(c), Lang::En) => format!(
            "declared figure more than {tolerance} above the evidence: possible false declaration ({c})"
        ),
    }
}

/// `monitoring.csv`: UTF-8 with a BOM, rows in the order given (the caller sorts by applicant).
pub fn monitoring_csv(
    rows: &[MonitorRow],
    tolerance: rust_decimal::Decimal,
    lang: Lang,
) -> Vec<u8> {
    let tolerance = format!(
        "{}%",
        (tolerance * rust_decimal::Decimal::ONE_HUNDRED).normalize()
    );
    let header = match lang {
        Lang::Zh => MONITORING_ZH,
        Lang::En => MONITORING_EN,
    };
    let yes_no = |b: bool| match (b, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    };
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(report::csv_records(
        std::iter::once(header.map(str::to_string)).chain(rows.iter().map(|r| {
            [
                r.applicant.clone(),
                r.name.clone(),
                r.credit_code.clone(),
                r.district.clone(),
                r.title
                    .as_ref()
                    .map(|t| t.round.to_string())
                    .unwrap_or_default(),
                r.last_year.map(|y| y.to_string()).unwrap_or_default(),
                yes_no(r.expiring).to_string(),
                r.monitoring.label(lang).to_string(),
                r.unmet.join(";"),
                r.review.join(";"),
                r.grounds
                    .iter()
                    .map(|g| ground_text(g, &tolerance, lang))
                    .collect::<Vec<_>>()
                    .join(";"),
                match lang {
                    Lang::Zh => r.note.0.clone(),
                    Lang::En => r.note.1.clone(),
                },
            ]
        })),
    ));
    bytes
}

/// A short summary of the monitoring rows (Chinese; English too with `--lang en`).
pub fn summary(rows: &[MonitorRow], as_of: NaiveDate, out: &Path, lang: Lang) -> String {
    let count = |m: Monitoring| rows.iter().filter(|r| r.monitoring == m).count();
    let valid = rows.iter().filter(|r| r.valid()).count();
    let expiring = rows.iter().filter(|r| r.expiring).count();
    let grounds = rows.iter().filter(|r| !r.grounds.is_empty()).count();
    let path = out.join(MONITORING_CSV);
    let mut s = format!(
        "年度监测（基准日 {as_of}）：{} 家申报单位，有效期内示范平台 {valid} 家——继续符合 {} 家，不再符合基本条件 {} 家，待核实 {} 家；今年期满 {expiring} 家；有可见撤销情形 {grounds} 家。详见 {}\n",
        rows.len(),
        count(Monitoring::Meets),
        count(Monitoring::ConditionsUnmet),
        count(Monitoring::Review),
        path.display()
    );
    if lang == Lang::En {
        s.push_str(&format!(
            "monitoring (as of {as_of}): {} applicants, {valid} with a valid title: {} meet, {} conditions unmet, {} review; {expiring} expiring this year; {grounds} with visible revocation grounds. See {}\n",
            rows.len(),
            count(Monitoring::Meets),
            count(Monitoring::ConditionsUnmet),
            count(Monitoring::Review),
            path.display()
        ));
    }
    s
}

/// Makes `A23.current_title` n/a for an applicant that holds a valid title (monitoring
/// expects it to), in its rendered row and its outcome, and recomputes the overall verdict.
fn excuse_current_title(result: &mut ApplicantResult, row: &MonitorRow, lang: Lang) {
    let (Some(title), Some(last)) = (&row.title, row.last_year) else {
        return;
    };
    report::settle(result, lang);
    let message = match lang {
        Lang::Zh => format!(
            "年度监测：示范平台持有有效期内称号（{} 年度认定，{last} 年期满）属应有之义，第二十三条不作为不符合项",
            title.round
        ),
        Lang::En => format!(
            "annual monitoring: the platform holds a current title ({} round, expiring in {last}), as it should; Art. 23 does not count against it",
            title.round
        ),
    };
    if let Some(r) = result
        .rendered
        .as_mut()
        .and_then(|x| x.rows.iter_mut().find(|r| r.criterion == A23))
    {
        r.verdict = Verdict::NotApplicable;
        r.tool_verdict = Verdict::NotApplicable;
        r.message = message;
    }
    for o in result.outcomes.iter_mut().filter(|o| o.criterion == A23) {
        o.verdict = Verdict::NotApplicable;
    }
    result.verdict = overall_verdict(&result.outcomes);
}

/// `sme-audit monitor`: `cfg.history` is required. Returns the evaluate run's output with the
/// monitoring summary appended.
pub fn monitor(cfg: &EvaluateConfig) -> Result<RunOutput, RunError> {
    let Some(history) = cfg.history.clone() else {
        return Err(RunError {
            code: 2,
            message: "monitor 需要 --history 历史认定记录 / monitor needs --history".to_string(),
        });
    };
    let years = cfg.rules.thresholds.recognition_years;
    let tolerance = cfg.rules.thresholds.declared_tolerance;
    let mut rows = Vec::new();
    let mut output = crate::run::evaluate_with(cfg, None, |results| {
        for result in results.iter_mut() {
            let row = monitor_row(result, &history, cfg.as_of, years);
            if row.valid() {
                excuse_current_title(result, &row, cfg.lang);
            }
            rows.push(row);
        }
        rows.sort_by(|a, b| a.applicant.cmp(&b.applicant));
        vec![(MONITORING_CSV, monitoring_csv(&rows, tolerance, cfg.lang))]
    })?;
    output
        .summary
        .push_str(&summary(&rows, cfg.as_of, &cfg.out, cfg.lang));
    Ok(output)
}

/// What `history export` found: the rows (sorted by round, credit code) and the warnings.
#[derive(Debug, Default)]
pub struct Export {
    pub rows: Vec<ExportRow>,
    pub warnings: Vec<String>,
}

/// The column of `report.csv` whose English name is `en`, under its English or Chinese header.
fn report_column(headers: &csv::StringRecord, en: &str) -> Option<usize> {
    report::column_index(headers.iter(), en, &REPORT_EN, &REPORT_ZH)
}

/// The as-of date of an output folder's `run.json`.
fn run_as_of(dir: &Path, limits: &Limits) -> Result<NaiveDate, String> {
    let path = dir.join("run.json");
    let bytes = crate::discover::read_file(&path, limits).map_err(|(zh, en)| {
        format!(
            "无法读取 {}（请给出 sme-audit evaluate 的输出目录）：{zh} / cannot read {}: {en}",
            path.display(),
            path.display()
        )
    })?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{} 不是有效的 JSON / is not valid JSON: {e}",
            path.display()
        )
    })?;
    json.get("as_of")
        .and_then(|v| v.as_str())
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            format!(
                "{} 中没有有效的 as_of 日期 / has no valid as_of date",
                path.display()
            )
        })
}

/// `sme-audit history export OUT_DIR…`: a recognised row per passing applicant of each run.
/// Applicants without a credit code are skipped with a warning; the same credit code and
/// round from two runs gives one row. Errors (exit 2) name the file.
pub fn export(out_dirs: &[PathBuf], lang: Lang) -> Result<Export, String> {
    let mut export = Export::default();
    let mut seen = std::collections::BTreeSet::new();
    let limits = Limits::default();
    for dir in out_dirs {
        let as_of = run_as_of(dir, &limits)?;
        let round = as_of.year();
        let path = dir.join("report.csv");
        // Bounded like every file the tool reads (`[limits]`), not read whole on trust.
        let bytes = crate::discover::read_file(&path, &limits).map_err(|(zh, en)| {
            format!("无法读取 {}：{zh} / cannot read it: {en}", path.display())
        })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers = reader
            .headers()
            .map_err(|e| format!("无法读取 {} / cannot read it: {e}", path.display()))?
            .clone();
        let column = |en: &str| {
            report_column(&headers, en).ok_or_else(|| {
                format!(
                    "{} 不是 sme-audit 的 report.csv：没有 {en} 列 / is not an sme-audit report.csv: no `{en}` column",
                    path.display()
                )
            })
        };
        let (applicant, name, code, verdict) = (
            column("applicant")?,
            column("name")?,
            column("credit_code")?,
            column("verdict")?,
        );
        let pass = [Verdict::Pass.label(Lang::Zh), Verdict::Pass.label(Lang::En)];
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                format!(
                    "{} 第 {} 行无法读取 / line unreadable: {e}",
                    path.display(),
                    i + 2
                )
            })?;
            let cell = |c: usize| report::unescape_cell(record.get(c).unwrap_or("").trim());
            if !pass.contains(&cell(verdict)) {
                continue;
            }
            let credit_code: String = cell(code)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase();
            if credit_code.is_empty() {
                export.warnings.push(format!(
                    "{}：{} 评审结论为符合但没有统一社会信用代码，未写入历史记录 / passes but has no credit code: not exported",
                    path.display(),
                    cell(applicant)
                ));
                continue;
            }
            if !seen.insert((credit_code.clone(), round)) {
                continue;
            }
            export.rows.push(ExportRow {
                credit_code,
                name: cell(name).to_string(),
                round,
                reason: match lang {
                    Lang::Zh => format!(
                        "sme-audit 评审结论为符合（基准日 {as_of}），以评审委员会认定结果为准"
                    ),
                    Lang::En => format!(
                        "sme-audit verdict pass (as of {as_of}); the panel's recognition is the authority"
                    ),
                },
            });
        }
    }
    export
        .rows
        .sort_by(|a, b| (a.round, &a.credit_code).cmp(&(b.round, &b.credit_code)));
    Ok(export)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{KeyFigures, Outcome};

    const CODE: &str = "91370102MA3C4XXL18";

    fn result(outcomes: &[(&str, Verdict)], overstated: &[&str]) -> ApplicantResult {
        let outcomes: Vec<Outcome> = outcomes
            .iter()
            .map(|(c, v)| Outcome::new(c, "", *v))
            .collect();
        ApplicantResult {
            id: "甲".into(),
            name: "甲公司".into(),
            platform_name: String::new(),
            declared: Vec::new(),
            files: Vec::new(),
            credit_code: CODE.into(),
            district: Some("历下区".into()),
            org_type: None,
            verdict: overall_verdict(&outcomes),
            outcomes,
            figures: KeyFigures {
                overstated: overstated.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            },
            rendered: None,
            context: Vec::new(),
        }
    }

    fn history(rows: &str) -> History {
        let text = format!("credit_code,name,round,status,date,reason\n{rows}");
        History::parse(text.as_bytes(), "h.csv").unwrap()
    }

    fn at(y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, 6, 30).unwrap()
    }

    #[test]
    fn validity_runs_out_in_round_plus_three_the_year_it_may_be_applied_for_again() {
        let r = result(&[("A14.1.total_assets", Verdict::Pass)], &[]);
        let h = history(&format!("{CODE},甲公司,2021,recognised,,\n"));
        let m = |y| monitor_row(&r, &h, at(y), 3);
        assert_eq!(m(2023).monitoring, Monitoring::Meets);
        assert!(!m(2023).expiring, "R + 2");
        assert_eq!(m(2024).monitoring, Monitoring::Meets, "R + 3: still held");
        assert!(m(2024).expiring, "R + 3: runs out this year");
        assert_eq!(m(2024).last_year, Some(2024));
        assert_eq!(
            m(2025).monitoring,
            Monitoring::NotRecognised,
            "R + 4: expired"
        );
        assert!(!m(2025).expiring);
        assert_eq!(m(2020).monitoring, Monitoring::NotRecognised, "before R");
    }

    #[test]
    fn a_revocation_ends_the_title_and_never_recognised_is_listed() {
        let r = result(&[("A14.1.total_assets", Verdict::Pass)], &[]);
        let h = history(&format!(
            "{CODE},甲公司,2022,recognised,,\n{CODE},甲公司,2022,revoked,2023-03-01,检查不合格\n"
        ));
        let row = monitor_row(&r, &h, at(2023), 3);
        assert_eq!(row.monitoring, Monitoring::NotRecognised);
        assert!(
            row.note.0.contains("撤销") && row.note.0.contains("检查不合格"),
            "{:?}",
            row.note
        );
        let other = history("91370102MA3C4XXL1R,乙公司,2022,recognised,,\n");
        let row = monitor_row(&r, &other, at(2023), 3);
        assert_eq!(row.monitoring, Monitoring::NotRecognised);
        assert_eq!(row.title, None);
    }

    #[test]
    fn only_art_14_criteria_decide_and_grounds_are_named() {
        let h = history(&format!("{CODE},甲公司,2022,recognised,,\n"));
        let r = result(
            &[
                ("A14.1.total_assets", Verdict::Fail),
                ("A14.2.served", Verdict::Review),
                ("A19.3", Verdict::Fail),
                ("A23.current_title", Verdict::Fail),
            ],
            &["A14.2.served"],
        );
        let row = monitor_row(&r, &h, at(2023), 3);
        assert_eq!(row.monitoring, Monitoring::ConditionsUnmet);
        assert_eq!(row.unmet, ["A14.1.total_assets"]);
        assert_eq!(row.review, ["A14.2.served"]);
        assert_eq!(
            row.grounds,
            [Ground::Dishonest, Ground::Overstated("A14.2.served".into())]
        );
        let r = result(
            &[
                ("A14.2.served", Verdict::Review),
                ("A2.registered", Verdict::Fail),
            ],
            &[],
        );
        assert_eq!(
            monitor_row(&r, &h, at(2023), 3).monitoring,
            Monitoring::Review
        );
        let csv = monitoring_csv(&[row], rust_decimal::Decimal::new(10, 2), Lang::En);
        let text = String::from_utf8(csv).unwrap();
        assert!(text.contains("more than 10% above"), "{text}");
    }

    #[test]
    fn a_current_title_is_not_held_against_a_valid_platform() {
        let h = history(&format!("{CODE},甲公司,2022,recognised,,\n"));
        let mut r = result(
            &[
                ("A14.1.total_assets", Verdict::Pass),
                ("A23.current_title", Verdict::Fail),
            ],
            &[],
        );
        assert_eq!(r.verdict, Verdict::Fail);
        let row = monitor_row(&r, &h, at(2023), 3);
        excuse_current_title(&mut r, &row, Lang::Zh);
        assert_eq!(r.verdict, Verdict::Pass);
        let rows = report::rows(&r, Lang::Zh);
        let a23 = rows.iter().find(|x| x.criterion == A23).unwrap();
        assert_eq!(a23.verdict, Verdict::NotApplicable);
        assert!(a23.message.contains("年度监测"), "{}", a23.message);
    }
}
