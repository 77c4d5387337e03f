//! One `evaluate` output folder → what `stats` needs of it: the run's `run.json` (evaluation
//! year, as-of date, rules), its applicants from `report.csv` and its criteria verdicts from
//! `criteria.csv`, counted as they stream.
//!
//! Either report language is read: columns are found by their `report::REPORT_EN`/`REPORT_ZH`
//! and `CRITERIA_EN`/`CRITERIA_ZH` names (never by position, so columns added later are
//! ignored), verdicts by `Verdict::from_label`, org types and service functions by their labels
//! in either language; text is re-labelled in the language `stats` writes. A folder that is
//! not an output folder, lacks `run.json`, or holds a damaged CSV is an error naming the file
//! (and line), never a panic. The CSVs are streamed; a physical line longer than
//! `[limits] csv_line_bytes` stops the read (see `LineGuard`), `run.json` is read within
//! `[limits] file_bytes`.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::evaluate::Verdict;
use crate::evaluate::criteria::order;
use crate::limits::Limits;
use crate::model::{Function, Lang, OrgType};
use crate::report::{CRITERIA_EN, CRITERIA_ZH, FIGURES, REPORT_EN, REPORT_ZH};

/// What `run.json` says about a run.
#[derive(Debug, Clone)]
pub struct RunMeta {
    pub dir: PathBuf,
    pub year: i32,
    pub as_of: String,
    pub rules_name: String,
    pub rules_sha256: String,
    pub round: String,
    pub lang: String,
}

/// One applicant of `report.csv`, its text in the output language.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub id: String,
    pub name: String,
    pub credit_code: String,
    pub district: String,
    pub org_type: String,
    pub verdict: Verdict,
    pub functions: Vec<String>,
}

/// Groups of `by_year_criterion_group.csv`, in output order.
pub const GROUPS: [(&str, &str); 3] = [
    ("district", "区县"),
    ("org_type", "单位性质"),
    ("function", "申报服务功能"),
];

/// Verdict counts in `Verdict::ALL` order.
pub type Counts = [u64; 5];

pub fn verdict_index(v: Verdict) -> usize {
    Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0)
}

/// A run read and counted.
#[derive(Debug)]
pub struct RunData {
    pub meta: RunMeta,
    pub applicants: Vec<Applicant>,
    /// Per `FIGURES` entry: `None` when report.csv has no such column, else its numbers.
    pub figures: Vec<Option<Vec<Decimal>>>,
    /// Criterion id → verdict counts over criteria.csv's rows.
    pub criteria: HashMap<String, Counts>,
    /// (group index in `GROUPS`, group value, criterion id) → verdict counts.
    pub groups: HashMap<(usize, String, String), Counts>,
    pub warnings: Vec<String>,
}

/// "（未知）" / "(unknown)": the district or org type a report left empty.
pub fn unknown(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（未知）",
        Lang::En => "(unknown)",
    }
}

fn both(zh: String, en: String) -> String {
    format!("{zh} / {en}")
}

/// Reads `run.json` of `dir`.
pub fn read_meta(dir: &Path, limits: &Limits) -> Result<RunMeta, String> {
    let path = dir.join("run.json");
    let shown = path.display();
    if !dir.is_dir() {
        return Err(both(
            format!(
                "{} 不是目录（应为 sme-audit evaluate 的输出目录）",
                dir.display()
            ),
            format!(
                "{} is not a folder (give evaluate output folders)",
                dir.display()
            ),
        ));
    }
    if !path.exists() {
        return Err(both(
            format!(
                "{shown} 不存在：{} 不是 sme-audit evaluate 的输出目录，或由没有 run.json 的旧版本生成（请重新运行 evaluate）",
                dir.display()
            ),
            format!(
                "{shown} missing: not an evaluate output folder, or one from a version without run.json (run evaluate again)"
            ),
        ));
    }
    let bytes = crate::discover::read_file(&path, limits).map_err(|(zh, en)| {
        both(
            format!("无法读取 {shown}：{zh}"),
            format!("cannot read {shown}: {en}"),
        )
    })?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        both(
            format!("{shown} 已损坏（不是有效的 JSON）：{e}"),
            format!("{shown} is damaged (not valid JSON): {e}"),
        )
    })?;
    let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let missing = |key: &str| {
        both(
            format!("{shown} 缺少“{key}”字段（请用当前版本重新运行 evaluate）"),
            format!("{shown} has no `{key}` (run evaluate again with this version)"),
        )
    };
    let year = json
        .get("evaluation_year")
        .and_then(|v| v.as_i64())
        .and_then(|y| i32::try_from(y).ok())
        .ok_or_else(|| missing("evaluation_year"))?;
    Ok(RunMeta {
        dir: dir.to_path_buf(),
        year,
        as_of: text("as_of").ok_or_else(|| missing("as_of"))?,
        rules_name: text("rules_name").unwrap_or_default(),
        rules_sha256: text("rules_sha256").ok_or_else(|| missing("rules_sha256"))?,
        round: text("round").unwrap_or_default(),
        lang: text("lang").unwrap_or_default(),
    })
}

/// A reader that fails once more than `limit` bytes pass without a line break, so one hostile
/// line cannot make the CSV reader's record buffer grow without bound.
struct LineGuard<R> {
    inner: R,
    since_newline: usize,
    limit: usize,
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        let mut longest = 0;
        for (k, part) in got.split(|b| *b == b'\n').enumerate() {
            if k > 0 {
                self.since_newline = 0;
            }
            self.since_newline += part.len();
            longest = longest.max(self.since_newline);
        }
        if longest > self.limit {
            return Err(std::io::Error::other(format!(
                "line longer than {} bytes ([limits] csv_line_bytes)",
                self.limit
            )));
        }
        Ok(n)
    }
}

/// A streaming CSV reader over `path` and the positions of `wanted` columns (by en or zh
/// name); `None` for an optional column that is absent.
struct Table {
    reader: csv::Reader<LineGuard<std::io::BufReader<std::fs::File>>>,
    path: PathBuf,
}

impl Table {
    fn open(path: &Path, limits: &Limits) -> Result<(Table, Vec<String>), String> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| {
            both(
                format!("无法读取 {shown}：{e}（不是 evaluate 的输出目录？）"),
                format!("cannot read {shown}: {e} (not an evaluate output folder?)"),
            )
        })?;
        if !meta.is_file() {
            return Err(both(
                format!("{shown} 不是普通文件"),
                format!("{shown} is not a regular file"),
            ));
        }
        let file = std::fs::File::open(path).map_err(|e| {
            both(
                format!("无法读取 {shown}：{e}"),
                format!("cannot read {shown}: {e}"),
            )
        })?;
        let guard = LineGuard {
            inner: std::io::BufReader::new(file),
            since_newline: 0,
            limit: limits.csv_line_bytes,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(guard);
        let headers = match reader.headers() {
            Ok(h) => h
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                .collect(),
            Err(e) => return Err(damaged(path, &e)),
        };
        Ok((
            Table {
                reader,
                path: path.to_path_buf(),
            },
            headers,
        ))
    }

    fn damaged(&self, e: &dyn std::fmt::Display) -> String {
        damaged(&self.path, e)
    }
}

fn damaged(path: &Path, e: &dyn std::fmt::Display) -> String {
    let shown = path.display();
    both(
        format!("{shown} 已损坏，无法读取：{e}"),
        format!("{shown} is damaged: {e}"),
    )
}

/// The position of column `en` (or its Chinese name from the parallel `zh` list) in `headers`.
fn column(headers: &[String], en: &str, names_en: &[&str], names_zh: &[&str]) -> Option<usize> {
    crate::report::column_index(headers.iter().map(String::as_str), en, names_en, names_zh)
}

fn required(
    headers: &[String],
    en: &str,
    names_en: &[&str],
    names_zh: &[&str],
    path: &Path,
) -> Result<usize, String> {
    column(headers, en, names_en, names_zh).ok_or_else(|| {
        let zh = names_en
            .iter()
            .position(|n| *n == en)
            .and_then(|i| names_zh.get(i).copied())
            .unwrap_or(en);
        let shown = path.display();
        both(
            format!("{shown} 不是 sme-audit 的报告：没有“{zh}”列（请先运行 sme-audit evaluate）"),
            format!("{shown} is not an sme-audit report: no `{en}` column (run sme-audit evaluate first)"),
        )
    })
}

fn org_label(cell: &str, lang: Lang) -> String {
    const ALL: [OrgType; 6] = [
        OrgType::Enterprise,
        OrgType::PublicInstitution,
        OrgType::PrivateNonEnterprise,
        OrgType::SocialOrganisation,
        OrgType::Foundation,
        OrgType::Other,
    ];
    if cell.is_empty() {
        return unknown(lang).to_string();
    }
    ALL.iter()
        .find(|t| cell == t.label(Lang::Zh) || cell.eq_ignore_ascii_case(t.label(Lang::En)))
        .map(|t| t.label(lang).to_string())
        .unwrap_or_else(|| cell.to_string())
}

fn function_label(cell: &str, lang: Lang) -> String {
    Function::ALL
        .iter()
        .find(|f| cell == f.keyword() || cell.eq_ignore_ascii_case(f.id()))
        .map(|f| match lang {
            Lang::Zh => f.keyword().to_string(),
            Lang::En => f.id().to_string(),
        })
        .unwrap_or_else(|| cell.to_string())
}

fn district_label(cell: &str, lang: Lang) -> String {
    if cell.is_empty() || cell == unknown(Lang::Zh) || cell == unknown(Lang::En) {
        unknown(lang).to_string()
    } else {
        cell.to_string()
    }
}

/// Reads one output folder (its `run.json` already read into `meta`), labels in `lang`.
pub fn read_run(meta: RunMeta, lang: Lang, limits: &Limits) -> Result<RunData, String> {
    let mut warnings = Vec::new();
    let (applicants, figures) =
        read_report(&meta.dir.join("report.csv"), lang, limits, &mut warnings)?;
    let (criteria, groups) = read_criteria(
        &meta.dir.join("criteria.csv"),
        &applicants,
        limits,
        &mut warnings,
    )?;
    Ok(RunData {
        meta,
        applicants,
        figures,
        criteria,
        groups,
        warnings,
    })
}

type Figures = Vec<Option<Vec<Decimal>>>;

fn read_report(
    path: &Path,
    lang: Lang,
    limits: &Limits,
    warnings: &mut Vec<String>,
) -> Result<(Vec<Applicant>, Figures), String> {
    let (mut t, headers) = Table::open(path, limits)?;
    let req = |en: &str| required(&headers, en, &REPORT_EN, &REPORT_ZH, path);
    let [id, name, code, district, org, verdict] = [
        req("applicant")?,
        req("name")?,
        req("credit_code")?,
        req("district")?,
        req("org_type")?,
        req("verdict")?,
    ];
    let functions = column(&headers, "functions_declared", &REPORT_EN, &REPORT_ZH);
    let figure_cols: Vec<Option<usize>> = FIGURES
        .iter()
        .map(|f| column(&headers, f, &REPORT_EN, &REPORT_ZH))
        .collect();
    let mut figures: Figures = figure_cols.iter().map(|c| c.map(|_| Vec::new())).collect();
    let mut not_numbers = vec![0usize; FIGURES.len()];
    let mut applicants = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match t.reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(t.damaged(&e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cell = |i: usize| crate::report::unescape_cell(record.get(i).unwrap_or("").trim());
        let word = cell(verdict);
        let v = Verdict::from_label(word)
            .filter(|v| matches!(v, Verdict::Pass | Verdict::Fail | Verdict::Review))
            .ok_or_else(|| {
                let shown = path.display();
                both(
                    format!(
                        "{shown} 第{line}行：评审结论“{word}”无法识别（应为 符合/不符合/待核实）"
                    ),
                    format!(
                        "{shown} line {line}: verdict '{word}' not recognised (pass/fail/review)"
                    ),
                )
            })?;
        applicants.push(Applicant {
            id: cell(id).to_string(),
            name: cell(name).to_string(),
            credit_code: cell(code).to_string(),
            district: district_label(cell(district), lang),
            org_type: org_label(cell(org), lang),
            verdict: v,
            functions: functions
                .map(|c| {
                    cell(c)
                        .split([';', '；'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| function_label(s, lang))
                        .collect()
                })
                .unwrap_or_default(),
        });
        for (k, col) in figure_cols.iter().enumerate() {
            let (Some(col), Some(Some(list))) = (col, figures.get_mut(k)) else {
                continue;
            };
            let s = cell(*col);
            if s.is_empty() {
                continue;
            }
            match Decimal::from_str(s) {
                Ok(d) => list.push(d),
                Err(_) => not_numbers[k] += 1,
            }
        }
    }
    for (k, n) in not_numbers.iter().enumerate().filter(|(_, n)| **n > 0) {
        let f = FIGURES.get(k).copied().unwrap_or_default();
        warnings.push(both(
            format!("{}：“{f}”列有 {n} 个单元格不是数字，未计入", path.display()),
            format!(
                "{}: {n} cells of `{f}` are not numbers: not counted",
                path.display()
            ),
        ));
    }
    Ok((applicants, figures))
}

type CriteriaCounts = (
    HashMap<String, Counts>,
    HashMap<(usize, String, String), Counts>,
);

fn read_criteria(
    path: &Path,
    applicants: &[Applicant],
    limits: &Limits,
    warnings: &mut Vec<String>,
) -> Result<CriteriaCounts, String> {
    let (mut t, headers) = Table::open(path, limits)?;
    let req = |en: &str| required(&headers, en, &CRITERIA_EN, &CRITERIA_ZH, path);
    let [id, criterion, verdict] = [req("applicant")?, req("criterion")?, req("verdict")?];
    let by_id: HashMap<&str, usize> = applicants
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // Per applicant, the (group, value) pairs it counts in.
    let keys: Vec<Vec<(usize, &str)>> = applicants
        .iter()
        .map(|a| {
            let mut k = vec![(0, a.district.as_str()), (1, a.org_type.as_str())];
            k.extend(a.functions.iter().map(|f| (2, f.as_str())));
            k
        })
        .collect();
    // Criterion ids interned, so a row costs no allocation.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut totals: Vec<Counts> = Vec::new();
    let mut grouped: HashMap<(usize, &str, usize), Counts> = HashMap::new();
    let mut strangers = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match t.reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(t.damaged(&e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cell = |i: usize| crate::report::unescape_cell(record.get(i).unwrap_or("").trim());
        let word = cell(verdict);
        let v = Verdict::from_label(word).ok_or_else(|| {
            let shown = path.display();
            both(
                format!("{shown} 第{line}行：结论“{word}”无法识别（应为 符合/不符合/待核实/不适用/人工评审）"),
                format!("{shown} line {line}: verdict '{word}' not recognised (pass/fail/review/n/a/manual)"),
            )
        })?;
        let vi = verdict_index(v);
        let c = cell(criterion);
        let ci = match ids.get(c) {
            Some(&ci) => ci,
            None => {
                ids.insert(c.to_string(), totals.len());
                totals.push(Counts::default());
                totals.len() - 1
            }
        };
        if let Some(counts) = totals.get_mut(ci) {
            counts[vi] += 1;
        }
        let Some(&a) = by_id.get(cell(id)) else {
            strangers += 1;
            continue;
        };
        for &(g, value) in keys.get(a).map(Vec::as_slice).unwrap_or_default() {
            grouped.entry((g, value, ci)).or_default()[vi] += 1;
        }
    }
    if strangers > 0 {
        warnings.push(both(
            format!(
                "{}：{strangers} 行的申报编号不在 report.csv 中，只计入各评审项合计，不计入分组",
                path.display()
            ),
            format!(
                "{}: {strangers} rows name an applicant missing from report.csv: counted per criterion, not per group",
                path.display()
            ),
        ));
    }
    let mut names = vec![String::new(); totals.len()];
    for (c, i) in &ids {
        if let Some(n) = names.get_mut(*i) {
            n.clone_from(c);
        }
    }
    let groups = grouped
        .into_iter()
        .map(|((g, v, c), n)| {
            (
                (g, v.to_string(), names.get(c).cloned().unwrap_or_default()),
                n,
            )
        })
        .collect();
    let criteria = ids
        .into_iter()
        .map(|(c, i)| (c, totals.get(i).copied().unwrap_or_default()))
        .collect();
    Ok((criteria, groups))
}

/// Sort key of a criterion id: report order, then the id.
pub fn criterion_key(c: &str) -> (usize, &str) {
    (order(c), c)
}
