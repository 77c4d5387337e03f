//! `sme-audit stats OUT_DIR… --out STATS_DIR` (SPEC §10, issue 12): the statisticians'
//! summaries across rounds.
//!
//! Input: the output folders of several `evaluate` runs (`run.json`, `report.csv`,
//! `criteria.csv`, in either report language; see `input`). Output, in `STATS_DIR`: tidy CSV
//! tables (UTF-8 with a BOM, sorted rows, each written atomically), the same tables as sheets of
//! `stats.xlsx`, and `stats.html` with SVG charts (see `html`). The same inputs give the same
//! bytes.
//!
//! One run per evaluation year is used: when two runs share a year, the one with the later
//! `as_of` wins (a tie: the later folder path), the other is listed in `runs.csv` with
//! `used = no` and a warning. Runs whose rules hash differs from the others' are named in a
//! warning. An input folder that cannot be read stops the command with an error naming the
//! file (exit 2); nothing is written then.

pub mod html;
pub mod input;
pub mod quartile;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::evaluate::Verdict;
use crate::limits::Limits;
use crate::model::Lang;
use crate::report::{FIGURES, REPORT_EN, REPORT_ZH};
use input::{Counts, GROUPS, RunData, RunMeta, criterion_key};

/// A validated `stats` invocation.
#[derive(Debug, Clone)]
pub struct StatsConfig {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub lang: Lang,
}

/// What a finished `stats` prints: warnings (stderr) and a summary (stdout).
#[derive(Debug, Default)]
pub struct StatsOutput {
    pub warnings: Vec<String>,
    pub summary: String,
}

/// Why `stats` stopped: exit code (2 input, 1 output) and a message naming the file.
#[derive(Debug)]
pub struct StatsError {
    pub code: u8,
    pub message: String,
}

/// One cell of an output table: text stays text (credit codes too), numbers are numbers in
/// the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Dec(Decimal),
    /// A rate written with exactly four decimals (`0.7500`).
    Rate(Decimal),
    Empty,
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Dec(d) => d.normalize().to_string(),
            Cell::Rate(d) => {
                let mut d = *d;
                d.rescale(4);
                d.to_string()
            }
            Cell::Empty => String::new(),
        }
    }
}

fn int(n: impl TryInto<i64>) -> Cell {
    n.try_into().map(Cell::Int).unwrap_or(Cell::Empty)
}
fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// One output table: its file, its sheet name and columns in both languages, its rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: &'static str,
    pub sheet: (&'static str, &'static str),
    pub en: &'static [&'static str],
    pub zh: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn header(&self, lang: Lang) -> &'static [&'static str] {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
    pub fn sheet(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.sheet.0,
            Lang::En => self.sheet.1,
        }
    }
    /// The CSV bytes: BOM, header, rows (CRLF, RFC 4180, formula-escaped text).
    pub fn csv(&self, lang: Lang) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(b"\xEF\xBB\xBF".to_vec());
        // Writing into a Vec cannot fail.
        let _ = w.write_record(self.header(lang));
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => crate::report::escape_cell(s),
                other => other.csv(),
            }));
        }
        w.into_inner().unwrap_or_default()
    }
}

pub const DISTRICT_VERDICT_EN: &[&str] = &["year", "district", "verdict", "count"];
pub const DISTRICT_VERDICT_ZH: &[&str] = &["年度", "区县", "评审结论", "数量"];
pub const DISTRICT_EN: &[&str] = &[
    "year",
    "district",
    "applicants",
    "pass",
    "fail",
    "review",
    "pass_rate",
];
pub const DISTRICT_ZH: &[&str] = &[
    "年度",
    "区县",
    "申报数",
    "符合",
    "不符合",
    "待核实",
    "通过率",
];
pub const CRITERION_EN: &[&str] = &[
    "year",
    "criterion",
    "pass",
    "fail",
    "review",
    "na",
    "manual",
];
pub const CRITERION_ZH: &[&str] = &[
    "年度",
    "评审项",
    "符合",
    "不符合",
    "待核实",
    "不适用",
    "人工评审",
];
pub const CRITERION_GROUP_EN: &[&str] = &[
    "year",
    "group",
    "group_value",
    "criterion",
    "pass",
    "fail",
    "review",
    "na",
    "manual",
];
pub const CRITERION_GROUP_ZH: &[&str] = &[
    "年度",
    "分组",
    "分组值",
    "评审项",
    "符合",
    "不符合",
    "待核实",
    "不适用",
    "人工评审",
];
pub const FIGURES_EN: &[&str] = &[
    "year", "figure", "count", "min", "q1", "median", "q3", "max",
];
pub const FIGURES_ZH: &[&str] = &[
    "年度",
    "指标",
    "数量",
    "最小值",
    "下四分位数",
    "中位数",
    "上四分位数",
    "最大值",
];
pub const ACROSS_EN: &[&str] = &["credit_code", "name", "year", "verdict", "applicant"];
pub const ACROSS_ZH: &[&str] = &[
    "统一社会信用代码",
    "单位名称",
    "年度",
    "评审结论",
    "申报编号",
];
pub const CHANGES_EN: &[&str] = &[
    "credit_code",
    "name",
    "from_year",
    "from_verdict",
    "to_year",
    "to_verdict",
];
pub const CHANGES_ZH: &[&str] = &[
    "统一社会信用代码",
    "单位名称",
    "原年度",
    "原结论",
    "新年度",
    "新结论",
];
pub const RUNS_EN: &[&str] = &[
    "year",
    "as_of",
    "rules_name",
    "rules_sha256",
    "round",
    "applicants",
    "used",
    "out_dir",
];
pub const RUNS_ZH: &[&str] = &[
    "年度",
    "评审基准日",
    "规则名称",
    "规则SHA256",
    "申报材料目录",
    "申报数",
    "是否采用",
    "输出目录",
];

/// The overall verdicts of report.csv, in output order.
const OVERALL: [Verdict; 3] = [Verdict::Pass, Verdict::Fail, Verdict::Review];

fn all_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "全部",
        Lang::En => "all",
    }
}

fn yes_no(yes: bool, lang: Lang) -> &'static str {
    match (yes, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// A figure's column name in `lang` (its `REPORT_ZH` name, else the en name).
pub fn figure_name(en: &str, lang: Lang) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => REPORT_EN
            .iter()
            .position(|n| *n == en)
            .and_then(|i| REPORT_ZH.get(i))
            .unwrap_or(&en)
            .to_string(),
    }
}

/// `pass / n` as a 4-decimal fraction (half away from zero), empty when n is 0.
pub fn pass_rate(pass: u64, n: u64) -> Cell {
    if n == 0 {
        return Cell::Empty;
    }
    Cell::Rate(
        (Decimal::from(pass) / Decimal::from(n))
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero),
    )
}

/// Which runs are used: per year the one with the latest `as_of` (then the latest path).
/// Returns, per run, whether it is used, and the warnings.
pub fn choose_runs(metas: &[RunMeta]) -> (Vec<bool>, Vec<String>) {
    let mut best: BTreeMap<i32, usize> = BTreeMap::new();
    for (i, m) in metas.iter().enumerate() {
        let later = |j: usize| {
            let o = &metas[j];
            (m.as_of.as_str(), m.dir.as_path()) > (o.as_of.as_str(), o.dir.as_path())
        };
        match best.get(&m.year) {
            Some(&j) if !later(j) => {}
            _ => {
                best.insert(m.year, i);
            }
        }
    }
    let used: Vec<bool> = (0..metas.len())
        .map(|i| best.get(&metas[i].year) == Some(&i))
        .collect();
    let mut warnings = Vec::new();
    for (m, _) in metas.iter().zip(&used).filter(|(_, u)| !**u) {
        let Some(w) = best.get(&m.year).and_then(|&j| metas.get(j)) else {
            continue;
        };
        warnings.push(format!(
            "{} 与 {} 同为 {} 年度的评审；采用基准日较晚的 {}（{}），{}（{}）未采用 / two runs of {}: {} (as of {}) used, {} (as of {}) not used",
            m.dir.display(),
            w.dir.display(),
            m.year,
            w.dir.display(),
            w.as_of,
            m.dir.display(),
            m.as_of,
            m.year,
            w.dir.display(),
            w.as_of,
            m.dir.display(),
            m.as_of
        ));
    }
    // Rules: the hash most runs share (ties: the smallest hash) is "the others'".
    let mut hashes: BTreeMap<&str, usize> = BTreeMap::new();
    for m in metas {
        *hashes.entry(m.rules_sha256.as_str()).or_default() += 1;
    }
    if hashes.len() > 1 {
        let common = hashes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(h, _)| *h)
            .unwrap_or_default();
        let odd: Vec<String> = metas
            .iter()
            .filter(|m| m.rules_sha256 != common)
            .map(|m| {
                format!(
                    "{}（{} 年度，规则 {}，sha256 {}）",
                    m.dir.display(),
                    m.year,
                    m.rules_name,
                    short(&m.rules_sha256)
                )
            })
            .collect();
        warnings.push(format!(
            "以下评审所用规则与其他评审不同（规则 sha256 {}），跨年度比较请注意 / these runs used other rules than the rest: {}",
            short(common),
            odd.join("；")
        ));
    }
    (used, warnings)
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Every output table, built from the runs read (used and not), in output order.
pub fn tables(runs: &[RunData], used: &[bool], lang: Lang) -> Vec<Table> {
    let mut years: Vec<&RunData> = runs
        .iter()
        .zip(used)
        .filter(|(_, u)| **u)
        .map(|(r, _)| r)
        .collect();
    years.sort_by_key(|r| r.meta.year);
    let vlabel = |v: Verdict| v.label(lang).to_string();

    // 1. year × district × verdict, and year × district with an all row.
    let mut dv = Vec::new();
    let mut dd = Vec::new();
    for r in &years {
        let y = i64::from(r.meta.year);
        let mut by: BTreeMap<&str, [u64; 3]> = BTreeMap::new();
        let mut total = [0u64; 3];
        for a in &r.applicants {
            let i = OVERALL.iter().position(|v| *v == a.verdict).unwrap_or(2);
            by.entry(a.district.as_str()).or_default()[i] += 1;
            total[i] += 1;
        }
        for (d, c) in &by {
            for (v, n) in OVERALL.iter().zip(c) {
                dv.push(vec![Cell::Int(y), text(*d), text(vlabel(*v)), int(*n)]);
            }
        }
        let all = all_label(lang);
        for (d, c) in by.iter().map(|(d, c)| (*d, c)).chain([(all, &total)]) {
            let n: u64 = c.iter().sum();
            dd.push(vec![
                Cell::Int(y),
                text(d),
                int(n),
                int(c[0]),
                int(c[1]),
                int(c[2]),
                pass_rate(c[0], n),
            ]);
        }
    }

    // 2. year × criterion, and year × group × value × criterion.
    let counts = |c: &Counts| c.iter().map(|n| int(*n)).collect::<Vec<_>>();
    let mut crit = Vec::new();
    let mut group = Vec::new();
    for r in &years {
        let y = i64::from(r.meta.year);
        let mut list: Vec<(&String, &Counts)> = r.criteria.iter().collect();
        list.sort_by(|a, b| criterion_key(a.0).cmp(&criterion_key(b.0)));
        for (c, n) in list {
            let mut row = vec![Cell::Int(y), text(c.as_str())];
            row.extend(counts(n));
            crit.push(row);
        }
        let mut list: Vec<(&(usize, String, String), &Counts)> = r.groups.iter().collect();
        list.sort_by(|(a, _), (b, _)| {
            (a.0, &a.1, criterion_key(&a.2)).cmp(&(b.0, &b.1, criterion_key(&b.2)))
        });
        for ((g, value, c), n) in list {
            let name = GROUPS
                .get(*g)
                .map(|(en, zh)| if lang == Lang::Zh { *zh } else { *en })
                .unwrap_or_default();
            let mut row = vec![
                Cell::Int(y),
                text(name),
                text(value.as_str()),
                text(c.as_str()),
            ];
            row.extend(counts(n));
            group.push(row);
        }
    }

    // 3. figures by year.
    let mut figs = Vec::new();
    for r in &years {
        for (k, values) in r.figures.iter().enumerate() {
            let (Some(values), Some(en)) = (values, FIGURES.get(k)) else {
                continue;
            };
            let mut values = values.clone();
            let opt = |d: Option<Decimal>| d.map(Cell::Dec).unwrap_or(Cell::Empty);
            let mut row = vec![
                Cell::Int(i64::from(r.meta.year)),
                text(figure_name(en, lang)),
            ];
            match quartile::summarise(&mut values) {
                Some(s) => row.extend([
                    int(s.count),
                    Cell::Dec(s.min),
                    opt(s.q1),
                    opt(s.median),
                    opt(s.q3),
                    Cell::Dec(s.max),
                ]),
                None => row.extend([
                    int(0u64),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ]),
            }
            figs.push(row);
        }
    }

    // 4. applicants across rounds, and verdict changes of re-applications.
    let mut across: Vec<Seen> = Vec::new();
    for r in &years {
        for a in &r.applicants {
            across.push((
                a.credit_code.is_empty(),
                a.credit_code.as_str(),
                r.meta.year,
                a.id.as_str(),
                a.name.as_str(),
                a.verdict,
            ));
        }
    }
    // Coded applicants first by code, then those without a code by id; then by year.
    type Seen<'a> = (bool, &'a str, i32, &'a str, &'a str, Verdict);
    fn key<'a>(x: &Seen<'a>) -> (bool, &'a str, i32) {
        if x.0 {
            (x.0, x.3, x.2)
        } else {
            (x.0, x.1, x.2)
        }
    }
    across.sort_by(|a, b| key(a).cmp(&key(b)).then(a.3.cmp(b.3)));
    let across_rows = across
        .iter()
        .map(|(_, code, year, id, name, v)| {
            vec![
                text(*code),
                text(*name),
                Cell::Int(i64::from(*year)),
                text(vlabel(*v)),
                text(*id),
            ]
        })
        .collect();
    let mut changes = Vec::new();
    for pair in across.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if !a.0 && a.1 == b.1 && a.2 < b.2 && a.5 != b.5 {
            changes.push(vec![
                text(b.1),
                text(b.4),
                Cell::Int(i64::from(a.2)),
                text(vlabel(a.5)),
                Cell::Int(i64::from(b.2)),
                text(vlabel(b.5)),
            ]);
        }
    }

    // 5. every run read.
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&runs[i].meta, &runs[j].meta);
        (a.year, &a.as_of, &a.dir).cmp(&(b.year, &b.as_of, &b.dir))
    });
    let run_rows = order
        .into_iter()
        .map(|i| {
            let m = &runs[i].meta;
            vec![
                Cell::Int(i64::from(m.year)),
                text(m.as_of.as_str()),
                text(m.rules_name.as_str()),
                text(m.rules_sha256.as_str()),
                text(m.round.as_str()),
                int(runs[i].applicants.len()),
                text(yes_no(used.get(i).copied().unwrap_or(false), lang)),
                text(m.dir.display().to_string()),
            ]
        })
        .collect();

    vec![
        Table {
            file: "by_year_district_verdict.csv",
            sheet: ("年度区县结论", "by_year_district_verdict"),
            en: DISTRICT_VERDICT_EN,
            zh: DISTRICT_VERDICT_ZH,
            rows: dv,
        },
        Table {
            file: "by_year_district.csv",
            sheet: ("年度区县通过率", "by_year_district"),
            en: DISTRICT_EN,
            zh: DISTRICT_ZH,
            rows: dd,
        },
        Table {
            file: "by_year_criterion.csv",
            sheet: ("年度评审项", "by_year_criterion"),
            en: CRITERION_EN,
            zh: CRITERION_ZH,
            rows: crit,
        },
        Table {
            file: "by_year_criterion_group.csv",
            sheet: ("年度评审项分组", "by_year_criterion_group"),
            en: CRITERION_GROUP_EN,
            zh: CRITERION_GROUP_ZH,
            rows: group,
        },
        Table {
            file: "figures_by_year.csv",
            sheet: ("年度指标分布", "figures_by_year"),
            en: FIGURES_EN,
            zh: FIGURES_ZH,
            rows: figs,
        },
        Table {
            file: "applicants_across_rounds.csv",
            sheet: ("历年申报单位", "applicants_across_rounds"),
            en: ACROSS_EN,
            zh: ACROSS_ZH,
            rows: across_rows,
        },
        Table {
            file: "verdict_changes.csv",
            sheet: ("结论变化", "verdict_changes"),
            en: CHANGES_EN,
            zh: CHANGES_ZH,
            rows: changes,
        },
        Table {
            file: "runs.csv",
            sheet: ("评审批次", "runs"),
            en: RUNS_EN,
            zh: RUNS_ZH,
            rows: run_rows,
        },
    ]
}

/// `stats.xlsx`: one sheet per table, text as text, numbers as numbers, fixed timestamps.
pub fn workbook(tables: &[Table], lang: Lang) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_decimal::prelude::ToPrimitive;
    use rust_xlsxwriter::Format;
    let mut wb = crate::report::xlsx::new_workbook()?;
    let bold = Format::new().set_bold();
    let txt = Format::new().set_num_format("@");
    let rate = Format::new().set_num_format("0.0000");
    for t in tables {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(t.sheet(lang))?;
        for (c, h) in t.header(lang).iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.set_column_width(c, 14)?;
            ws.write_string_with_format(0, c, *h, &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            // Excel's sheet holds 1,048,576 rows: the CSV has the rest.
            let Ok(r) = u32::try_from(r + 1) else { break };
            if r >= 1_048_576 {
                break;
            }
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    Cell::Text(s) => {
                        ws.write_string_with_format(r, c, s, &txt)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Dec(d) => {
                        ws.write_number(r, c, d.to_f64().unwrap_or(0.0))?;
                    }
                    Cell::Rate(d) => {
                        ws.write_number_with_format(r, c, d.to_f64().unwrap_or(0.0), &rate)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}

/// Runs `stats`: reads every input folder (in parallel), writes the tables, the workbook and
/// the page.
pub fn run(cfg: &StatsConfig) -> Result<StatsOutput, StatsError> {
    let input_error = |message: String| StatsError { code: 2, message };
    if cfg.inputs.is_empty() {
        return Err(input_error(
            "请给出至少一个 evaluate 的输出目录 / give at least one evaluate output folder".into(),
        ));
    }
    let limits = Limits::default();
    let lang = cfg.lang;
    let metas: Vec<RunMeta> = cfg
        .inputs
        .iter()
        .map(|d| input::read_meta(d, &limits))
        .collect::<Result<_, _>>()
        .map_err(input_error)?;
    let (used, mut warnings) = choose_runs(&metas);
    let runs: Vec<RunData> = metas
        .into_par_iter()
        .map(|m| input::read_run(m, lang, &limits))
        .collect::<Result<_, _>>()
        .map_err(input_error)?;
    for r in &runs {
        warnings.extend(r.warnings.iter().cloned());
    }
    let tables = tables(&runs, &used, lang);

    let out = &cfg.out;
    let output_error = |path: &Path, e: &dyn std::fmt::Display| StatsError {
        code: 1,
        message: format!(
            "无法写入 {}：{e} / cannot write {}: {e}",
            path.display(),
            path.display()
        ),
    };
    std::fs::create_dir_all(out).map_err(|e| output_error(out, &e))?;
    for t in &tables {
        let path = out.join(t.file);
        crate::report::write_atomically(&path, &t.csv(lang))
            .map_err(|e| output_error(&path, &e))?;
    }
    let path = out.join("stats.xlsx");
    let bytes = workbook(&tables, lang).map_err(|e| output_error(&path, &e))?;
    crate::report::write_atomically(&path, &bytes).map_err(|e| output_error(&path, &e))?;
    let path = out.join("stats.html");
    let page = html::page(&tables, lang);
    crate::report::write_atomically(&path, page.as_bytes()).map_err(|e| output_error(&path, &e))?;

    let years: BTreeSet<i32> = runs
        .iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .map(|(r, _)| r.meta.year)
        .collect();
    let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let applicants: usize = runs
        .iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .map(|(r, _)| r.applicants.len())
        .sum();
    Ok(StatsOutput {
        warnings,
        summary: format!(
            "已写出 {}：{} 个评审批次，采用 {} 个年度（{}），共 {applicants} 个申报单位 / wrote {}: {} runs, years {}, {applicants} applicants\n",
            out.display(),
            runs.len(),
            years.len(),
            years.join("、"),
            out.display(),
            runs.len(),
            years.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests;
