//! District pre-screening (Art. 17–18, SPEC §9).
//!
//! - A district's own recommendation list (推荐汇总表) lying in its folder is read and checked
//!   against the verdicts: recommending an applicant that fails is a warning row, one whose
//!   verdict is 待核实 an info row, a listed platform with no submission and a submission the
//!   list leaves out are rows too. Nothing on it changes a verdict.
//! - With `--district`, `推荐汇总表.xlsx` is written for the district to send: 序号, 平台名称,
//!   运营单位, 统一社会信用代码, 申报功能, 评审结论, 需补充或核实的事项 (every failed or review
//!   item with its message, one per line).

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, XlsxError};

use crate::evaluate::criteria::name as criterion_name;
use crate::evaluate::{ApplicantResult, Verdict};
use crate::extract::cells::raw_text;
use crate::model::{Lang, Problem, Severity};
use crate::rules::Rules;
use crate::values::normalise;

/// One row of a district's recommendation list.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// 1-based row in the sheet.
    pub row: usize,
    pub platform: String,
    pub unit: String,
    /// `false` when the opinion says not to recommend (不推荐, 不同意推荐, 暂缓).
    pub recommended: bool,
}

const PLATFORM: &[&str] = &["平台名称"];
const UNIT: &[&str] = &["运营单位", "单位名称", "申报单位", "运营单位名称"];
const OPINION: &[&str] = &["推荐意见", "是否推荐", "审核意见", "推荐结论"];

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| h.contains(&normalise(n))))
}

/// Whether an opinion recommends: empty (being on the list) or 推荐/同意 not negated.
fn recommends(opinion: &str) -> bool {
    let o = normalise(opinion);
    let refused = ["不推荐", "不同意", "暂缓", "不予", "否"]
        .iter()
        .any(|w| o.contains(w));
    !refused
}

/// Reads a recommendation list: the first sheet with a header naming the platform or the unit
/// in its first 15 rows; data rows below it until the sheet ends.
pub fn read_list(path: &Path, rules: &Rules) -> Result<Vec<Listed>, String> {
    let sheets = crate::discover::read_table(path, &rules.limits)?;
    for sheet in &sheets {
        let text: Vec<Vec<String>> = sheet
            .rows
            .iter()
            .map(|r| r.iter().map(|c| normalise(&raw_text(c))).collect())
            .collect();
        let Some((h, header)) = text
            .iter()
            .enumerate()
            .take(15)
            .find(|(_, r)| column(r, PLATFORM).is_some() || column(r, UNIT).is_some())
        else {
            continue;
        };
        let (p, u, o) = (
            column(header, PLATFORM),
            column(header, UNIT),
            column(header, OPINION),
        );
        let raw = |r: usize, c: Option<usize>| {
            c.and_then(|c| sheet.rows[r].get(c))
                .map(|cell| raw_text(cell).trim().to_string())
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for r in h + 1..sheet.rows.len() {
            let (platform, unit) = (raw(r, p), raw(r, u));
            if platform.is_empty() && unit.is_empty() {
                continue;
            }
            // A closing line (合计, 填表人) is not a platform.
            if ["合计", "填表人", "联系人", "备注"]
                .iter()
                .any(|w| platform.starts_with(w) || unit.starts_with(w))
            {
                continue;
            }
            out.push(Listed {
                row: r + 1,
                platform,
                unit,
                recommended: recommends(&raw(r, o)),
            });
        }
        return Ok(out);
    }
    Err("没有找到含“平台名称”或“运营单位”列的表头".to_string())
}

/// The applicant a list row names: by platform name (or folder name), else by unit name.
fn find<'a>(entry: &Listed, results: &'a [&'a ApplicantResult]) -> Option<&'a ApplicantResult> {
    let same = |a: &str, b: &str| !a.is_empty() && normalise(a) == normalise(b);
    results
        .iter()
        .find(|r| same(&entry.platform, &r.platform_name) || same(&entry.platform, &r.id))
        .or_else(|| results.iter().find(|r| same(&entry.unit, &r.name)))
        .copied()
}

/// Checks each recommendation list against the results of its folder's applicants (`folder`
/// maps an applicant id to its district folder).
pub fn cross_check(
    lists: &[(String, std::path::PathBuf)],
    results: &[ApplicantResult],
    folder: &dyn Fn(&str) -> Option<String>,
    rules: &Rules,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (rel, path) in lists {
        let dir = rel.rsplit_once('/').map(|(d, _)| d.to_string());
        let district_name = dir
            .as_deref()
            .map(|d| d.rsplit('/').next().unwrap_or(d).to_string());
        let mine: Vec<&ApplicantResult> = results
            .iter()
            .filter(|r| folder(&r.id) == district_name)
            .collect();
        let entries = match read_list(path, rules) {
            Ok(e) => e,
            Err(why) => {
                problems.push(Problem::new(
                    rel.clone(),
                    "",
                    Severity::Warning,
                    format!("区县推荐汇总表无法读取，未与评审结论核对：{why}"),
                    format!("the district's recommendation list could not be read, not checked against the verdicts: {why}"),
                ));
                continue;
            }
        };
        let mut listed_ids = Vec::new();
        for e in &entries {
            let at = format!("第{}行", e.row);
            let shown = if e.platform.is_empty() {
                &e.unit
            } else {
                &e.platform
            };
            let Some(r) = find(e, &mine) else {
                problems.push(Problem::new(
                    rel.clone(),
                    at,
                    Severity::Warning,
                    format!("推荐汇总表列出的“{shown}”在本区县目录中找不到申报材料"),
                    format!("'{shown}' is on the recommendation list but has no submission in this district's folder"),
                ));
                continue;
            };
            listed_ids.push(r.id.clone());
            let ids = |v: Vec<&str>| v.join("、");
            let note = match (e.recommended, r.verdict) {
                (true, Verdict::Fail) => Some((
                    Severity::Warning,
                    format!(
                        "区县推荐了“{shown}”，但评审结论为不符合（{}）",
                        ids(r.failed())
                    ),
                    format!(
                        "the district recommends '{shown}', but it fails ({})",
                        r.failed().join(", ")
                    ),
                )),
                (true, Verdict::Review) => Some((
                    Severity::Info,
                    format!(
                        "区县推荐了“{shown}”，评审结论为待核实（{}），推荐前请先核实",
                        ids(r.review())
                    ),
                    format!(
                        "the district recommends '{shown}', whose verdict is review ({})",
                        r.review().join(", ")
                    ),
                )),
                (false, Verdict::Pass) => Some((
                    Severity::Info,
                    format!("推荐汇总表未推荐“{shown}”，而评审结论为符合"),
                    format!("'{shown}' is not recommended by the district but passes"),
                )),
                _ => None,
            };
            if let Some((severity, zh, en)) = note {
                problems.push(Problem {
                    applicant: r.id.clone(),
                    ..Problem::new(rel.clone(), at, severity, zh, en)
                });
            }
        }
        for r in &mine {
            if !listed_ids.contains(&r.id) {
                problems.push(Problem {
                    applicant: r.id.clone(),
                    ..Problem::new(
                        rel.clone(),
                        "",
                        Severity::Info,
                        "本区县目录中有此申报材料，但推荐汇总表未列出",
                        "submitted in this district's folder but not on its recommendation list",
                    )
                });
            }
        }
    }
    problems
}

pub const LIST_HEADER: [&str; 7] = [
    "序号",
    "平台名称",
    "运营单位",
    "统一社会信用代码",
    "申报功能",
    "评审结论",
    "需补充或核实的事项",
];

/// What an applicant must supply or have checked before it is recommended: every blocking
/// failed or review item with its name and message, one per line.
pub fn to_do(r: &ApplicantResult, lang: Lang) -> String {
    crate::report::rows(r, lang)
        .iter()
        .filter(|row| {
            matches!(row.verdict, Verdict::Fail | Verdict::Review)
                && !(row.criterion.starts_with("A15.") || row.criterion == "A16")
        })
        .map(|row| {
            format!(
                "【{}】{} {}：{}",
                row.verdict.label(lang),
                row.criterion,
                criterion_name(&row.criterion, lang),
                row.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `推荐汇总表.xlsx` for a district: one row per applicant (sorted by id), credit codes as text,
/// fixed timestamps.
pub fn list_workbook(results: &[&ApplicantResult], district: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = crate::report::xlsx::new_workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("推荐汇总表")?;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = Format::new()
        .set_num_format("@")
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    ws.write_string_with_format(
        0,
        0,
        format!("{district}中小企业公共服务示范平台推荐汇总表"),
        &title,
    )?;
    for (c, h) in LIST_HEADER.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &header)?;
    }
    for (i, r) in results.iter().enumerate() {
        let row = (i + 2) as u32;
        let functions = r
            .declared
            .iter()
            .map(|f| f.keyword())
            .collect::<Vec<_>>()
            .join("、");
        let cells = [
            (i + 1).to_string(),
            if r.platform_name.is_empty() {
                r.id.clone()
            } else {
                r.platform_name.clone()
            },
            r.name.clone(),
            r.credit_code.clone(),
            functions,
            r.verdict.label(Lang::Zh).to_string(),
            to_do(r, Lang::Zh),
        ];
        for (c, s) in cells.iter().enumerate() {
            if c == 0 {
                ws.write_number_with_format(row, 0, (i + 1) as f64, &text)?;
            } else {
                ws.write_string_with_format(row, c as u16, s, &text)?;
            }
        }
    }
    for (c, w) in [6.0, 30.0, 34.0, 22.0, 16.0, 10.0, 80.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(2, 0)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinions_that_refuse() {
        assert!(recommends(""));
        assert!(recommends("同意推荐"));
        assert!(!recommends("不同意推荐"));
        assert!(!recommends("暂缓推荐"));
        assert!(!recommends("不推荐"));
    }
}
