//! Reports (SPEC §5): evaluation results → `report.csv`, `criteria.csv`, `problems.csv`,
//! `summary.csv`, plus the console summary.
//!
//! Input: `ApplicantResult`s, the round's `Problem`s and the report language. Output: five CSV
//! files, UTF-8 with a BOM (for Excel in China), RFC 4180 quoting (csv crate), each written to a
//! temporary file in the output folder and renamed into place, so a reader never sees half a
//! report. Rows are sorted by applicant id (then criterion order, §4.1), so the same input gives
//! the same bytes whatever the thread count.
//!
//! Formula injection: a text cell beginning with `=`, `+`, `-`, `@`, tab or carriage return
//! gets a leading `'`. A cell that is a plain number (`-1000`, `0.8000`) is left alone: figures
//! are numbers and Excel must read them as numbers; a plain number cannot carry a formula.
//!
//! The summaries are tidy, one grain per file: `summary.csv` is district × overall verdict
//! (`district,verdict,count`, zero counts included) and `summary_criteria.csv` is one row per
//! criterion with the count of each verdict (`criterion,criterion_name,pass,fail,review,na,
//! manual`).

mod console;
pub mod html;
pub mod xlsx;

pub use console::console_summary;
pub use xlsx::Links;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::evaluate::criteria::{CRITERIA, name as criterion_name, order};
use crate::evaluate::{ApplicantResult, Outcome, Row, Verdict, fmt};
use crate::model::{Function, Lang, Problem};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("无法写入报告：{}", crate::os_error::explain(.source, Path::new(.path)))]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub const REPORT_EN: [&str; 30] = [
    "applicant",
    "name",
    "credit_code",
    "district",
    "org_type",
    "verdict",
    "failed",
    "review",
    "total_assets",
    "served_y",
    "served_prev",
    "satisfaction",
    "public_welfare_share",
    "fulltime_staff",
    "qualified_ratio",
    "premises_area",
    "partners",
    "functions_passed",
    "platform_name",
    "functions_declared",
    "evaluation_year",
    "platform_kind",
    "established",
    "net_assets",
    "revenue",
    "net_profit",
    "online_registered",
    "activities_y",
    "trainees_y",
    "new_guarantees",
];
pub const REPORT_ZH: [&str; 30] = [
    "申报编号",
    "单位名称",
    "统一社会信用代码",
    "所属区县",
    "单位性质",
    "评审结论",
    "不符合项",
    "待核实项",
    "资产总额（元）",
    "上年度服务企业数",
    "前年度服务企业数",
    "用户满意度",
    "公益性服务占比",
    "专职人员数",
    "专业人员比例",
    "服务场所面积（平方米）",
    "协作服务机构数",
    "符合的服务功能",
    "平台名称",
    "申报服务功能",
    "评审年度",
    "平台类型",
    "成立日期",
    "净资产（元）",
    "营业收入（元）",
    "净利润（元）",
    "线上注册企业数",
    "上年度服务活动次数",
    "上年度培训人次",
    "新增担保额（元）",
];
/// The numeric figures of `report.csv`, by their `REPORT_EN` column names: what `stats`
/// summarises by year (count, min, quartiles, max). A column added here must be a plain number
/// in `report.csv`; its Chinese name is the `REPORT_ZH` entry at the same position.
pub const FIGURES: &[&str] = &[
    "total_assets",
    "served_y",
    "served_prev",
    "satisfaction",
    "public_welfare_share",
    "fulltime_staff",
    "qualified_ratio",
    "premises_area",
    "partners",
    "net_assets",
    "revenue",
    "net_profit",
    "online_registered",
    "activities_y",
    "trainees_y",
    "new_guarantees",
];
pub const CRITERIA_EN: [&str; 14] = [
    "applicant",
    "criterion",
    "criterion_name",
    "article",
    "verdict",
    "value",
    "threshold",
    "evidence",
    "message",
    "tool_verdict",
    "decision",
    "value_number",
    "threshold_number",
    "threshold_relaxed",
];
pub const CRITERIA_ZH: [&str; 14] = [
    "申报编号",
    "评审项",
    "评审项名称",
    "条款",
    "结论",
    "数值",
    "标准",
    "证据",
    "说明",
    "工具结论",
    "人工决定",
    "数值（数字）",
    "标准（数字）",
    "放宽标准（第十四条第六项）",
];
pub const PROBLEMS_EN: [&str; 5] = ["applicant", "file", "location", "severity", "message"];
pub const PROBLEMS_ZH: [&str; 5] = ["申报编号", "文件", "位置", "严重程度", "说明"];
pub const SUMMARY_EN: [&str; 3] = ["district", "verdict", "count"];
pub const SUMMARY_ZH: [&str; 3] = ["区县", "结论", "数量"];
pub const SUMMARY_CRITERIA_EN: [&str; 7] = [
    "criterion",
    "criterion_name",
    "pass",
    "fail",
    "review",
    "na",
    "manual",
];
pub const SUMMARY_CRITERIA_ZH: [&str; 7] = [
    "评审项",
    "评审项名称",
    "符合",
    "不符合",
    "待核实",
    "不适用",
    "人工评审",
];

/// The position of the column named `en` (an entry of `names_en`) under its English header or
/// its Chinese one (`names_zh` at the same position), for the commands that read the reports
/// back in either language. Headers are trimmed of spaces and a BOM.
pub fn column_index<'h>(
    headers: impl IntoIterator<Item = &'h str>,
    en: &str,
    names_en: &[&str],
    names_zh: &[&str],
) -> Option<usize> {
    let zh = names_en
        .iter()
        .position(|n| *n == en)
        .and_then(|i| names_zh.get(i).copied());
    headers
        .into_iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}'))
        .position(|h| h == en || zh == Some(h))
}

/// Undoes `escape_cell` (a leading `'` before `= + - @`, tab or carriage return), for the
/// commands that read the reports back (notice, stats, history export).
pub fn unescape_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Escapes a cell against formula injection (see the module doc); plain numbers pass as they
/// are.
pub fn escape_cell(s: &str) -> String {
    if !is_plain_number(s) && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A figure as §5 writes it: digits, an optional `-` and an optional decimal part.
pub(crate) fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn money(d: Option<Decimal>) -> String {
    d.map(fmt::plain).unwrap_or_default()
}
fn ratio(d: Option<Decimal>) -> String {
    d.map(fmt::plain_ratio).unwrap_or_default()
}
fn count(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn function_label(f: Function, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => f.keyword(),
        Lang::En => f.id(),
    }
}

fn functions(list: &[Function], lang: Lang) -> String {
    list.iter()
        .map(|f| function_label(*f, lang))
        .collect::<Vec<_>>()
        .join(";")
}

fn unknown_district(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（未知）",
        Lang::En => "(unknown)",
    }
}

/// Results sorted by id (the caller's order is not trusted).
fn sorted(results: &[ApplicantResult]) -> Vec<&ApplicantResult> {
    let mut v: Vec<&ApplicantResult> = results.iter().collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// A small report built in memory (one row per applicant or problem) and written atomically.
struct Table {
    bytes: Vec<u8>,
    name: &'static str,
}

impl Table {
    fn new<const N: usize>(name: &'static str, header: &[&str; N]) -> Table {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(csv_records([header.map(str::to_string)]));
        Table { bytes, name }
    }
    fn row<const N: usize>(&mut self, cells: [String; N]) {
        self.bytes.extend(csv_records([cells]));
    }
    /// Stages the table beside its final name; returns (temporary, final).
    fn stage(self, dir: &Path) -> Result<(PathBuf, PathBuf), ReportError> {
        let path = dir.join(self.name);
        let tmp = stage_with(&path, |w| w.write_all(&self.bytes))?;
        Ok((tmp, path))
    }
}

/// CSV records (CRLF, RFC 4180 quoting) of cells escaped against formula injection.
pub(crate) fn csv_records<const N: usize>(rows: impl IntoIterator<Item = [String; N]>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing into a Vec cannot fail.
        let _ = w.write_record(row.iter().map(|c| escape_cell(c)));
    }
    w.into_inner().unwrap_or_default()
}

/// Renders a result's criteria rows so far in `lang` and strips its outcomes to criterion and
/// verdict (all that the report, summary and overall verdict need later), so a streamed round
/// keeps each applicant small.
pub fn compact(result: &mut ApplicantResult, lang: Lang) {
    let mut sorted: Vec<&Outcome> = result.outcomes.iter().collect();
    sorted.sort_by_key(|o| order(&o.criterion));
    let rows = sorted.into_iter().map(|o| Row::of(o, lang)).collect();
    for o in &mut result.outcomes {
        *o = Outcome::new(&o.criterion, "", o.verdict);
    }
    result.outcomes.shrink_to_fit();
    result.rendered = Some(crate::evaluate::Rendered { lang, rows });
}

/// A result's criteria rows in `lang`: those rendered while the round streamed (in criterion
/// order), then the outcomes added after them (the cross-applicant checks), in criterion order.
pub fn rows(result: &ApplicantResult, lang: Lang) -> Vec<Cow<'_, Row>> {
    let (mut rows, from): (Vec<Cow<Row>>, usize) = match &result.rendered {
        Some(done) if done.lang == lang => (
            done.rows.iter().map(Cow::Borrowed).collect(),
            done.rows.len(),
        ),
        _ => (Vec::new(), 0),
    };
    let mut rest: Vec<&Outcome> = result.outcomes[from.min(result.outcomes.len())..]
        .iter()
        .collect();
    rest.sort_by_key(|o| order(&o.criterion));
    rows.extend(rest.into_iter().map(|o| Cow::Owned(Row::of(o, lang))));
    rows
}

/// Renders every outcome of a result into its rows in `lang` (the cross-applicant rows added
/// after streaming included), so decisions can change any row in place.
pub fn settle(result: &mut ApplicantResult, lang: Lang) {
    match &mut result.rendered {
        Some(done) if done.lang == lang => {
            let from = done.rows.len().min(result.outcomes.len());
            let mut rest: Vec<&Outcome> = result.outcomes[from..].iter().collect();
            rest.sort_by_key(|o| order(&o.criterion));
            let rest: Vec<Row> = rest.into_iter().map(|o| Row::of(o, lang)).collect();
            done.rows.extend(rest);
            for o in &mut result.outcomes[from..] {
                *o = Outcome::new(&o.criterion, "", o.verdict);
            }
        }
        _ => compact(result, lang),
    }
}

/// The `decision` cell of a row: who decided, when and why; a stale decision says it was not
/// applied.
pub fn decision_cell(row: &Row, lang: Lang) -> String {
    let Some(d) = &row.decision else {
        return String::new();
    };
    let who = [d.reviewer.as_str(), d.date.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let said = match (who.is_empty(), d.reason.is_empty()) {
        (true, _) => d.reason.clone(),
        (false, true) => who,
        (false, false) => match lang {
            Lang::Zh => format!("{who}：{}", d.reason),
            Lang::En => format!("{who}: {}", d.reason),
        },
    };
    match (d.stale, lang) {
        (false, _) => said,
        (true, Lang::Zh) => format!(
            "证据已变化，决定过期未采用（原决定：{}，{said}）",
            d.verdict.label(lang)
        ),
        (true, Lang::En) => format!(
            "evidence changed: stale decision not applied (was {}, {said})",
            d.verdict.label(lang)
        ),
    }
}

/// An evidence list as one cell: `file!sheet!B3; file p.2`.
pub fn evidence_cell(evidence: &[crate::model::Evidence]) -> String {
    evidence
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The hash a reviewer's decision on `row` carries (SPEC §9): SHA-256 over the path and
/// content hash of every file the row cites, or of all the applicant's files when it cites
/// none that was read (a missing material: any new file may be the one). A changed, added or
/// removed evidence file changes it.
pub fn evidence_sha256(row: &Row, files: &[(String, [u8; 32])]) -> String {
    use sha2::Digest;
    let cited: std::collections::BTreeSet<&str> =
        row.evidence.iter().map(|e| e.file.as_str()).collect();
    let hash_of = |keep: &dyn Fn(&str) -> bool| {
        let mut h = sha2::Sha256::new();
        let mut any = false;
        for (file, sha) in files.iter().filter(|(f, _)| keep(f)) {
            h.update(file.as_bytes());
            h.update([0]);
            h.update(sha);
            any = true;
        }
        any.then(|| crate::hash::hex(&h.finalize()))
    };
    hash_of(&|f| cited.contains(f))
        .or_else(|| hash_of(&|_| true))
        .unwrap_or_else(|| crate::hash::sha256_hex(b""))
}

/// One criteria row's cells, in the order of `CRITERIA_EN`: the one place both `criteria.csv`
/// and the NDJSON stream (`criteria_json`) take a row's values from.
fn criteria_cells(id: &str, r: &Row, lang: Lang) -> [String; CRITERIA_EN.len()] {
    [
        id.to_string(),
        r.criterion.clone(),
        criterion_name(&r.criterion, lang).to_string(),
        r.article.clone(),
        r.verdict.label(lang).to_string(),
        r.value.clone(),
        r.threshold.clone(),
        evidence_cell(&r.evidence),
        r.message.clone(),
        r.tool_verdict.label(lang).to_string(),
        decision_cell(r, lang),
        value_number(r).unwrap_or_default().to_string(),
        threshold_number(r).unwrap_or_default().to_string(),
        r.relaxed
            .map(|d| d.normalize().to_string())
            .unwrap_or_default(),
    ]
}

/// The numeric columns of `criteria.csv` (SPEC §10).
pub const NUMERIC_CRITERIA_COLUMNS: [&str; 3] =
    ["value_number", "threshold_number", "threshold_relaxed"];

/// The `criteria.csv` records of an applicant's rows.
fn criteria_records(id: &str, rows: &[Cow<Row>], lang: Lang) -> Vec<u8> {
    csv_records(rows.iter().map(|r| criteria_cells(id, r, lang)))
}

/// One criteria row as a JSON object on one line (`evaluate --format ndjson`): the English
/// column names of `criteria.csv` with the same values (not escaped against formulas); a
/// numeric column (`NUMERIC_CRITERIA_COLUMNS`) is a JSON number (exact, from its text) or null,
/// every other one a string.
pub fn criteria_json(id: &str, row: &Row, lang: Lang) -> String {
    let cells = criteria_cells(id, row, lang);
    let members = CRITERIA_EN
        .iter()
        .zip(cells)
        .map(|(name, cell)| {
            let value = if NUMERIC_CRITERIA_COLUMNS.contains(name) {
                crate::json::Json::number_text(&cell)
            } else {
                crate::json::Json::Str(cell)
            };
            (*name, value)
        })
        .collect();
    crate::json::Json::Obj(members).compact()
}

/// The NDJSON stream of criteria rows: one `criteria_json` line per row, in `criteria.csv`'s
/// order (applicant id, then criterion order), flushed after each applicant.
pub fn write_criteria_ndjson(
    w: &mut dyn Write,
    results: &[ApplicantResult],
    lang: Lang,
) -> std::io::Result<()> {
    for r in sorted(results) {
        for row in rows(r, lang) {
            w.write_all(criteria_json(&r.id, &row, lang).as_bytes())?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    }
    Ok(())
}

/// `value_number` (SPEC §10): the row's value when it is a plain number (a figure), else
/// empty (a date, or no value).
pub(crate) fn value_number(r: &Row) -> Option<&str> {
    is_plain_number(&r.value).then_some(r.value.as_str())
}

/// `threshold_number` (SPEC §10): the number of the row's threshold when it is one comparison
/// (`≥1500000`, `>48`, or a bare `3` years). Where Art. 14(6) shows both thresholds
/// (`≥1500000|≥1000000`, the org type unknown) the first, standard one; `threshold_relaxed`
/// holds the other. A compound threshold (`≥20|≥4`, `≥50;≥4`) or a date range has none.
pub(crate) fn threshold_number(r: &Row) -> Option<&str> {
    let t = match r.threshold.split_once('|') {
        Some((standard, _)) if r.relaxed.is_some() => standard,
        _ => r.threshold.as_str(),
    };
    let n = t.trim_start_matches(['≥', '>', '≤', '<', '=']);
    is_plain_number(n).then_some(n)
}

/// Report files being written and not yet renamed into place, and whether the run was
/// interrupted. The interrupt handler (`abandon_reports`) and the final renames take the same
/// lock, so an interrupted run leaves the previous complete reports or the new complete ones,
/// never a mix and never a temporary file.
struct Staging {
    temps: Vec<PathBuf>,
    interrupted: bool,
}

static STAGING: std::sync::Mutex<Staging> = std::sync::Mutex::new(Staging {
    temps: Vec::new(),
    interrupted: false,
});

fn staging() -> std::sync::MutexGuard<'static, Staging> {
    STAGING.lock().unwrap_or_else(|e| e.into_inner())
}

/// For SIGINT/SIGTERM: removes every temporary report file and stops any further report
/// writing for the life of the process (the lock is kept), so the caller can exit. Renames
/// under way finish first: the out folder then holds the new complete set.
pub fn abandon_reports() {
    let mut s = staging();
    s.interrupted = true;
    for t in s.temps.drain(..) {
        let _ = std::fs::remove_file(t);
    }
    std::mem::forget(s);
}

fn interrupted_error(path: &Path) -> ReportError {
    ReportError::Io {
        path: path.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted"),
    }
}

/// The temporary sibling of a report: hidden, named after the report and this process.
fn temp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    dir.join(format!(".{file_name}.{}.tmp", std::process::id()))
}

/// Writes `path`'s content into its temporary sibling (registered for removal on interrupt);
/// returns the temporary path. Nothing is renamed.
fn stage_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<PathBuf, ReportError> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |source| ReportError::Io { path: p, source }
    };
    let tmp = temp_path(path);
    // Errors name the report (`report.csv`), not its hidden temporary.
    let named = path;
    let f = {
        let mut s = staging();
        if s.interrupted {
            return Err(interrupted_error(path));
        }
        let f = std::fs::File::create(&tmp).map_err(io(named))?;
        s.temps.push(tmp.clone());
        f
    };
    let result = (|| {
        let mut w = std::io::BufWriter::new(f);
        fill(&mut w).map_err(io(named))?;
        let f = w.into_inner().map_err(|e| io(named)(e.into_error()))?;
        f.sync_all().map_err(io(named))
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            discard(&[tmp]);
            Err(e)
        }
    }
}

/// Removes temporaries of this process that will not be renamed.
fn discard(temps: &[PathBuf]) {
    let mut s = staging();
    for t in temps {
        let _ = std::fs::remove_file(t);
        s.temps.retain(|x| x != t);
    }
}

/// Renames staged temporaries into place, all under the staging lock (an interrupt waits for
/// the whole set).
fn commit(staged: &[(PathBuf, PathBuf)]) -> Result<(), ReportError> {
    let mut s = staging();
    if s.interrupted {
        return Err(interrupted_error(Path::new(".")));
    }
    for (tmp, path) in staged {
        if let Err(source) = std::fs::rename(tmp, path) {
            for (t, _) in staged {
                let _ = std::fs::remove_file(t);
            }
            s.temps.retain(|x| staged.iter().all(|(t, _)| t != x));
            return Err(ReportError::Io {
                path: path.display().to_string(),
                source,
            });
        }
        s.temps.retain(|x| x != tmp);
    }
    Ok(())
}

/// Writes a file through a temporary sibling and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Like `write_atomically`, with the content streamed by `fill` into a buffered writer.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), ReportError> {
    let tmp = stage_with(path, fill)?;
    commit(&[(tmp, path.to_path_buf())])
}

/// Removes temporaries that an earlier, killed run left in `out` (`.report.csv.<pid>.tmp` …).
fn remove_stale_temporaries(out: &Path) {
    let ours = format!(".{}.tmp", std::process::id());
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let stale = crate::discover::REPORT_FILES
            .iter()
            .chain(&["report.xlsx", "run.json", "推荐汇总表.xlsx"])
            .any(|r| name.starts_with(&format!(".{r}.")))
            && name.ends_with(".tmp")
            && !name.ends_with(&ours);
        if stale && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes the four reports into `out` (created when missing): all four are written to
/// temporary files first and renamed into place together at the end, so an error or an
/// interrupt leaves the previous complete set.
pub fn write_reports(
    out: &Path,
    results: &[ApplicantResult],
    problems: &[Problem],
    lang: Lang,
) -> Result<(), ReportError> {
    write_reports_linked(out, results, problems, lang, &Links::default(), Vec::new())
}

/// `write_reports` with the round's paths, so `report.xlsx` links every evidence cell to its
/// file, and `extra` files (name, bytes: the run manifest) renamed into place with the
/// reports.
pub fn write_reports_linked(
    out: &Path,
    results: &[ApplicantResult],
    problems: &[Problem],
    lang: Lang,
    links: &Links,
    extra: Vec<(&str, Vec<u8>)>,
) -> Result<(), ReportError> {
    std::fs::create_dir_all(out).map_err(|source| ReportError::Io {
        path: out.display().to_string(),
        source,
    })?;
    remove_stale_temporaries(out);
    let mut staged = Vec::new();
    let stage_all = |staged: &mut Vec<(PathBuf, PathBuf)>| {
        stage_reports(out, results, problems, lang, links, staged)?;
        for (name, bytes) in &extra {
            let path = out.join(name);
            let tmp = stage_with(&path, |w| w.write_all(bytes))?;
            staged.push((tmp, path));
        }
        Ok(())
    };
    match stage_all(&mut staged) {
        Ok(()) => commit(&staged),
        Err(e) => {
            let temps: Vec<PathBuf> = staged.into_iter().map(|(t, _)| t).collect();
            discard(&temps);
            Err(e)
        }
    }
}

fn stage_reports(
    out: &Path,
    results: &[ApplicantResult],
    problems: &[Problem],
    lang: Lang,
    links: &Links,
    staged: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(), ReportError> {
    let zh = lang == Lang::Zh;
    let results = sorted(results);

    let mut report = Table::new("report.csv", if zh { &REPORT_ZH } else { &REPORT_EN });
    for r in &results {
        report.row(report_cells(r, lang).map(|c| c.csv()));
    }
    staged.push(report.stage(out)?);

    // criteria.csv is the large one: streamed to its temporary file, never held whole.
    let path = out.join("criteria.csv");
    let tmp = stage_with(&path, |w| {
        w.write_all(b"\xEF\xBB\xBF")?;
        let header = if zh { &CRITERIA_ZH } else { &CRITERIA_EN };
        w.write_all(&csv_records([header.map(str::to_string)]))?;
        for r in &results {
            w.write_all(&criteria_records(&r.id, &rows(r, lang), lang))?;
        }
        Ok(())
    })?;
    staged.push((tmp, path));

    let mut list: Vec<&Problem> = problems.iter().collect();
    list.sort();
    let mut probs = Table::new("problems.csv", if zh { &PROBLEMS_ZH } else { &PROBLEMS_EN });
    for p in &list {
        probs.row([
            p.applicant.clone(),
            p.file.clone(),
            p.location.clone(),
            p.severity.label(lang).to_string(),
            p.message(lang).to_string(),
        ]);
    }
    staged.push(probs.stage(out)?);

    let summary_rows = summary_rows(&results, lang);
    let mut summary = Table::new("summary.csv", if zh { &SUMMARY_ZH } else { &SUMMARY_EN });
    for row in &summary_rows {
        summary.row(row.clone());
    }
    staged.push(summary.stage(out)?);
    let criteria_rows = summary_criteria_rows(&results, lang);
    let header = if zh {
        &SUMMARY_CRITERIA_ZH
    } else {
        &SUMMARY_CRITERIA_EN
    };
    let mut summary = Table::new("summary_criteria.csv", header);
    for row in &criteria_rows {
        summary.row(row.clone());
    }
    staged.push(summary.stage(out)?);

    let path = out.join("report.xlsx");
    let bytes = xlsx::workbook(
        out,
        &results,
        &list,
        (&summary_rows, &criteria_rows),
        lang,
        links,
    )
    .map_err(|e| ReportError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let tmp = stage_with(&path, |w| w.write_all(&bytes))?;
    staged.push((tmp, path));
    html::stage_review_pages(out, &results, lang, links, staged)
}

/// A `report.csv` cell with its kind, so the CSV writes plain numbers (§5) and the workbook
/// numbers with formats (§9).
pub(crate) enum Cell {
    Text(String),
    Money(Option<Decimal>),
    Ratio(Option<Decimal>),
    Count(Option<u64>),
    Area(Option<Decimal>),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Money(d) | Cell::Area(d) => money(*d),
            Cell::Ratio(d) => ratio(*d),
            Cell::Count(n) => count(*n),
        }
    }
}

/// One applicant's `report.csv` row (columns of `REPORT_EN`).
pub(crate) fn report_cells(r: &ApplicantResult, lang: Lang) -> [Cell; 30] {
    let f = &r.figures;
    let text = |s: &str| Cell::Text(s.to_string());
    [
        text(&r.id),
        text(&r.name),
        text(&r.credit_code),
        text(r.district.as_deref().unwrap_or_default()),
        text(r.org_type.map(|t| t.label(lang)).unwrap_or_default()),
        text(r.verdict.label(lang)),
        Cell::Text(sorted_ids(r.failed())),
        Cell::Text(sorted_ids(r.review())),
        Cell::Money(f.total_assets),
        Cell::Count(f.served_y),
        Cell::Count(f.served_prev),
        Cell::Ratio(f.satisfaction),
        Cell::Ratio(f.public_welfare_share),
        Cell::Count(f.fulltime_staff),
        Cell::Ratio(f.qualified_ratio),
        Cell::Area(f.premises_area),
        Cell::Count(f.partners),
        Cell::Text(functions(&f.functions_passed, lang)),
        text(&r.platform_name),
        Cell::Text(functions(&r.declared, lang)),
        Cell::Count(Some(u64::try_from(f.evaluation_year).unwrap_or_default())),
        text(f.platform_kind.map(|k| k.label(lang)).unwrap_or_default()),
        Cell::Text(f.established.map(|d| d.to_string()).unwrap_or_default()),
        Cell::Money(f.net_assets),
        Cell::Money(f.revenue),
        Cell::Money(f.net_profit),
        Cell::Count(f.online_registered),
        Cell::Count(f.activities_y),
        Cell::Count(f.trainees_y),
        Cell::Money(f.new_guarantees),
    ]
}

fn sorted_ids(mut ids: Vec<&str>) -> String {
    ids.sort_by_key(|c| order(c));
    ids.join(";")
}

const OVERALL: [Verdict; 3] = [Verdict::Pass, Verdict::Fail, Verdict::Review];
const ALL_VERDICTS: [Verdict; 5] = [
    Verdict::Pass,
    Verdict::Fail,
    Verdict::Review,
    Verdict::NotApplicable,
    Verdict::Manual,
];

/// `summary.csv` (district × overall verdict): every district (sorted; `(unknown)` / 未知 when
/// none) with one row per overall verdict, zero counts included.
fn summary_rows(results: &[&ApplicantResult], lang: Lang) -> Vec<[String; 3]> {
    let mut by_district: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    for r in results {
        let d = r
            .district
            .clone()
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| unknown_district(lang).to_string());
        let i = OVERALL.iter().position(|v| *v == r.verdict).unwrap_or(2);
        by_district.entry(d).or_default()[i] += 1;
    }
    let mut rows = Vec::new();
    for (d, counts) in &by_district {
        for (v, n) in OVERALL.iter().zip(counts) {
            rows.push([d.clone(), v.label(lang).to_string(), n.to_string()]);
        }
    }
    rows
}

/// `summary_criteria.csv` (one row per criterion, in report order): how many applicants got
/// each verdict on it (final verdicts, after decisions).
fn summary_criteria_rows(results: &[&ApplicantResult], lang: Lang) -> Vec<[String; 7]> {
    let mut counts: BTreeMap<&str, [u64; 5]> = BTreeMap::new();
    for r in results {
        for o in &r.outcomes {
            if let Some(i) = ALL_VERDICTS.iter().position(|v| *v == o.verdict) {
                counts.entry(o.criterion.as_str()).or_default()[i] += 1;
            }
        }
    }
    CRITERIA
        .iter()
        .map(|c| {
            let n = counts.get(c).copied().unwrap_or_default();
            [
                c.to_string(),
                criterion_name(c, lang).to_string(),
                n[0].to_string(),
                n[1].to_string(),
                n[2].to_string(),
                n[3].to_string(),
                n[4].to_string(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests;
