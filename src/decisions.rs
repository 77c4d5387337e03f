//! Reviewers' decisions that survive reruns (SPEC §9, `--decisions FILE`).
//!
//! A decisions file is CSV (UTF-8 or GBK) or a workbook; its columns are
//! `applicant,criterion,verdict,reason,reviewer,date,evidence_sha256` or their Chinese names
//! (申报编号,评审项,结论,理由,评审人,日期,证据哈希); other columns are ignored, so the
//! 待核实清单 sheet of `report.xlsx` and `decisions-template.csv` are decisions files once the
//! reviewer fills in 结论. A row with an empty verdict is not a decision.
//!
//! A decision replaces the tool's verdict of its row when the row's evidence hash
//! (`report::evidence_sha256`) still equals the one it was made on. Otherwise the evidence
//! changed: the decision is stale, the row keeps the tool's verdict and `problems.csv` says so.
//! A decision naming an unknown applicant or criterion, an unknown verdict word, or two
//! decisions on one row that disagree are problem rows and are not applied.
//!
//! A decision applies to its row only: a decided `A15.tech` does not recompute `A15`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::evaluate::{ApplicantResult, Decision, Verdict, overall_verdict};
use crate::extract::cells::raw_text;
use crate::ingest::{Cell, Sheet};
use crate::limits::Limits;
use crate::model::{Lang, Problem, Severity};
use crate::report::{self, xlsx::REVIEW_ITEMS_EN, xlsx::REVIEW_ITEMS_ZH};

/// One decided row of a decisions file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub applicant: String,
    pub criterion: String,
    pub decision: Decision,
    /// Where it is: `file 第N行` / `file row N`.
    pub line: usize,
}

/// A decisions file read: its decided rows and the problems of its other rows.
#[derive(Debug, Default)]
pub struct Decisions {
    pub file: String,
    /// SHA-256 of the file as read (for the run manifest).
    pub sha256: String,
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
}

const FIELDS: usize = 7;

/// Header index of each of the seven fields (en or zh name, case and spaces ignored).
fn columns(header: &[String]) -> [Option<usize>; FIELDS] {
    let norm = |s: &str| s.trim().trim_start_matches('\u{feff}').to_lowercase();
    std::array::from_fn(|i| {
        header.iter().position(|h| {
            let h = norm(h);
            h == REVIEW_ITEMS_EN[i] || h == REVIEW_ITEMS_ZH[i]
        })
    })
}

fn verdict_word(s: &str) -> Option<Verdict> {
    Verdict::from_label(s)
}

/// A cell as the reviewer wrote it; a date cell as `2023-07-03`.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::DateSerial(f) => crate::values::date::excel_serial_to_date(*f)
            .map(|d| d.to_string())
            .unwrap_or_else(|| raw_text(cell)),
        _ => raw_text(cell),
    }
}

/// The rows of a decisions table as text, header first: the decisions sheet of a workbook
/// (待核实清单/review_items/decisions first, else the first sheet with applicant, criterion
/// and verdict columns), or the CSV's one sheet.
fn table(bytes: &[u8], path: &Path, limits: &Limits) -> Result<Vec<Vec<String>>, String> {
    let sheets = crate::discover::parse_table(bytes, limits).map_err(|why| {
        format!(
            "无法读取决定文件 {}：{why} / cannot read the decisions file",
            path.display()
        )
    })?;
    let mut sheets: Vec<&Sheet> = sheets.iter().collect();
    sheets.sort_by_key(|s| {
        !matches!(
            s.name.as_str(),
            "待核实清单" | "review_items" | "decisions" | "决定"
        )
    });
    for sheet in sheets {
        let rows: Vec<Vec<String>> = sheet
            .rows
            .iter()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        if let Some(h) = rows.first()
            && let [Some(_), Some(_), Some(_), ..] = columns(h)
        {
            return Ok(rows);
        }
    }
    Err(format!(
        "决定文件 {} 中没有含“申报编号、评审项、结论”列的表 / no table with applicant, criterion and verdict columns",
        path.display()
    ))
}

fn read(path: &Path, limits: &Limits) -> Result<Vec<u8>, String> {
    crate::discover::read_file(path, limits).map_err(|(zh, _)| {
        format!(
            "无法读取决定文件 {}：{zh} / cannot read the decisions file",
            path.display()
        )
    })
}

/// Reads a decisions file. Errors (no such file, no usable header) are usage errors.
pub fn load(path: &Path, limits: &Limits) -> Result<Decisions, String> {
    let bytes = read(path, limits)?;
    let rows = table(&bytes, path, limits)?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(header) = rows.first() else {
        return Err(format!(
            "决定文件 {} 为空 / the decisions file is empty",
            path.display()
        ));
    };
    let cols = columns(header);
    let [Some(a), Some(c), Some(v), ..] = cols else {
        return Err(format!(
            "决定文件 {} 缺少“申报编号”“评审项”或“结论”列（applicant, criterion, verdict）",
            path.display()
        ));
    };
    let mut out = Decisions {
        file: file.clone(),
        sha256: crate::hash::sha256_hex(&bytes),
        ..Decisions::default()
    };
    for (i, row) in rows.iter().enumerate().skip(1) {
        let get = |k: Option<usize>| {
            k.and_then(|k| row.get(k))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let (applicant, criterion, word) = (get(Some(a)), get(Some(c)), get(Some(v)));
        if word.is_empty() {
            continue;
        }
        let line = i + 1;
        let Some(verdict) = verdict_word(&word) else {
            out.problems.push(Problem {
                applicant: applicant.clone(),
                ..Problem::new(
                    &file,
                    format!("第{line}行"),
                    Severity::Warning,
                    format!("决定的结论“{word}”无法识别（应为 符合/不符合/待核实/不适用/人工评审），未采用"),
                    format!("decision verdict '{word}' not recognised (pass/fail/review/n/a/manual): not applied"),
                )
            });
            continue;
        };
        out.entries.push(Entry {
            applicant,
            criterion,
            line,
            decision: Decision {
                verdict,
                reason: get(cols[3]),
                reviewer: get(cols[4]),
                date: get(cols[5]),
                evidence_sha256: get(cols[6]).to_lowercase(),
                stale: false,
            },
        });
    }
    Ok(out)
}

/// Applies the decisions to the results (rendered in `lang`), recomputes the overall verdicts
/// and returns the problems (stale, unknown, contradictory, unchecked).
pub fn apply(results: &mut [ApplicantResult], decisions: &Decisions, lang: Lang) -> Vec<Problem> {
    let mut problems = decisions.problems.clone();
    let file = decisions.file.as_str();
    let mut by_row: BTreeMap<(&str, &str), Vec<&Entry>> = BTreeMap::new();
    for e in &decisions.entries {
        by_row
            .entry((e.applicant.as_str(), e.criterion.as_str()))
            .or_default()
            .push(e);
    }
    let index: BTreeMap<String, usize> = results
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for ((applicant, criterion), entries) in by_row {
        let first = entries[0];
        let at = format!("第{}行", first.line);
        let mut problem = |severity, zh: String, en: String| {
            problems.push(Problem {
                applicant: applicant.to_string(),
                ..Problem::new(file, at.clone(), severity, zh, en)
            });
        };
        if entries
            .iter()
            .any(|e| e.decision.verdict != first.decision.verdict)
        {
            problem(
                Severity::Warning,
                format!("对 {applicant} 的 {criterion} 有结论不一致的多个决定，均未采用"),
                format!("contradictory decisions on {applicant} {criterion}: none applied"),
            );
            continue;
        }
        let Some(&i) = index.get(applicant) else {
            problem(
                Severity::Warning,
                format!("决定中的申报编号“{applicant}”不在本轮中，未采用"),
                format!("decision names applicant '{applicant}', not in this round: not applied"),
            );
            continue;
        };
        let result = &mut results[i];
        report::settle(result, lang);
        let files = result.files.clone();
        let Some(row) = result
            .rendered
            .as_mut()
            .and_then(|r| r.rows.iter_mut().find(|r| r.criterion == criterion))
        else {
            problem(
                Severity::Warning,
                format!("决定中的评审项“{criterion}”不存在，未采用"),
                format!(
                    "decision names criterion '{criterion}', which does not exist: not applied"
                ),
            );
            continue;
        };
        let current = report::evidence_sha256(row, &files);
        let mut decision = first.decision.clone();
        if decision.evidence_sha256.is_empty() {
            problem(
                Severity::Warning,
                format!("{criterion} 的决定未附证据哈希，已采用，但无法确认证据此后未变"),
                format!(
                    "decision on {criterion} has no evidence hash: applied without checking that the evidence is unchanged"
                ),
            );
        } else if decision.evidence_sha256 != current {
            decision.stale = true;
            problem(
                Severity::Warning,
                format!(
                    "{criterion} 的决定（{}，{} {}）作出后证据文件已变化，决定已过期，未采用，请重新核实",
                    decision.verdict.label(Lang::Zh),
                    decision.reviewer,
                    decision.date
                ),
                format!(
                    "decision on {criterion} ({}, {} {}) is stale: its evidence files changed since; not applied, review again",
                    decision.verdict.label(Lang::En),
                    decision.reviewer,
                    decision.date
                ),
            );
        }
        if !decision.stale {
            row.verdict = decision.verdict;
            for o in result
                .outcomes
                .iter_mut()
                .filter(|o| o.criterion == criterion)
            {
                o.verdict = decision.verdict;
            }
        }
        row.decision = Some(decision);
        result.verdict = overall_verdict(&result.outcomes);
    }
    problems
}

/// `sme-audit decisions template OUT_DIR`: writes `OUT_DIR/decisions-template.csv` from the
/// 待核实清单 sheet of `OUT_DIR/report.xlsx` (one row per review item, verdict empty, the
/// evidence hash filled in); returns its path and the number of rows.
pub fn template(out_dir: &Path, limits: &Limits) -> Result<(PathBuf, usize), String> {
    let book = out_dir.join("report.xlsx");
    if !book.is_file() {
        return Err(format!(
            "{} 中没有 report.xlsx，请先运行 evaluate --out {} / no report.xlsx: run evaluate first",
            out_dir.display(),
            out_dir.display()
        ));
    }
    let rows = table(&read(&book, limits)?, &book, limits)?;
    let zh = rows
        .first()
        .is_some_and(|h| h.iter().any(|c| c == REVIEW_ITEMS_ZH[0]));
    let header = if zh { REVIEW_ITEMS_ZH } else { REVIEW_ITEMS_EN };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let io = |e: csv::Error| e.to_string();
    w.write_record(header).map_err(io)?;
    let cols = rows.first().map(|h| {
        header
            .iter()
            .map(|name| h.iter().position(|c| c == name))
            .collect::<Vec<_>>()
    });
    let mut n = 0;
    for row in rows.iter().skip(1) {
        let cells = cols.iter().flatten().map(|k| {
            k.and_then(|k| row.get(k))
                .map(|s| report::escape_cell(s))
                .unwrap_or_default()
        });
        w.write_record(cells).map_err(io)?;
        n += 1;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let path = out_dir.join("decisions-template.csv");
    report::write_atomically(&path, &bytes).map_err(|e| e.to_string())?;
    Ok((path, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_words_in_both_languages() {
        assert_eq!(verdict_word("符合"), Some(Verdict::Pass));
        assert_eq!(verdict_word(" 不符合 "), Some(Verdict::Fail));
        assert_eq!(verdict_word("PASS"), Some(Verdict::Pass));
        assert_eq!(verdict_word("n/a"), Some(Verdict::NotApplicable));
        assert_eq!(verdict_word("通过"), None);
    }

    #[test]
    fn headers_in_either_language_in_any_order() {
        let h: Vec<String> = ["结论", "申报编号", "备注", "评审项", "证据哈希"]
            .map(str::to_string)
            .to_vec();
        let c = columns(&h);
        assert_eq!(c[0], Some(1));
        assert_eq!(c[1], Some(3));
        assert_eq!(c[2], Some(0));
        assert_eq!(c[3], None);
        assert_eq!(c[6], Some(4));
    }
}
