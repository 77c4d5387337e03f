//! Evidence context for the review pages (SPEC §9, issue 13): for a figure from a sheet, the
//! row it came from; for a figure from a PDF page, the text line holding it; for a Word
//! paragraph, the paragraph.
//!
//! An `Applicant` keeps only its facts, not the sheets and page texts they came from, and
//! keeping every document until evaluation would grow a streamed round's memory with the size
//! of the files. So the context is taken after evaluation, and only where a reviewer has to
//! look: the files cited by the applicant's failed (不符合) and review (待核实) rows are read
//! again (a folder's file directly, an archive's entries by one more pass over the archive),
//! the excerpt is cut to `MAX_CHARS` characters, and the documents are dropped at once. An
//! applicant whose rows all pass costs nothing. Pages read by OCR are not read again (that
//! would mean recognising them again): their rows show the location only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{ApplicantResult, Verdict};
use crate::discover::{self, RawFile, Submission, SubmissionKind};
use crate::extract::cells::raw_text;
use crate::ingest::{Cell, Content, Document, Sheet};
use crate::limits::Limits;
use crate::model::{Evidence, Location};

/// Characters kept of one excerpt.
pub const MAX_CHARS: usize = 200;
/// Excerpts kept per applicant (the first cited, in criterion order).
pub const MAX_ITEMS: usize = 40;

/// A short excerpt of the document a piece of evidence points into.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceContext {
    /// The row it was taken for (the same PDF page holds different figures for different
    /// rows).
    pub criterion: String,
    pub evidence: Evidence,
    /// The sheet row (cells joined by ` | `, the cited cell in 【】), the PDF text line or
    /// the Word paragraph; at most `MAX_CHARS` characters.
    pub text: String,
}

/// A cited place to excerpt: criterion, evidence and the row's figure (to find the PDF line).
type Target = (String, Evidence, String);

/// The evidence of the failed and review rows that can have a context, in criterion order,
/// at most `MAX_ITEMS`.
fn targets(result: &ApplicantResult) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    for o in &result.outcomes {
        if !matches!(o.verdict, Verdict::Fail | Verdict::Review) {
            continue;
        }
        for e in &o.evidence {
            let wanted = matches!(
                e.location,
                Location::Cell { .. }
                    | Location::Row { .. }
                    | Location::Page(_)
                    | Location::Paragraph(_)
            );
            let seen = out.iter().any(|(c, x, _)| c == &o.criterion && x == e);
            if wanted && out.len() < MAX_ITEMS && !seen {
                out.push((o.criterion.clone(), e.clone(), o.value.clone()));
            }
        }
    }
    out
}

/// Reads the files cited by `result`'s failed and review rows again and returns their
/// excerpts, sorted by evidence. Never panics on input: a panic inside costs the context
/// only.
pub fn capture(
    sub: &Submission,
    result: &ApplicantResult,
    limits: &Limits,
) -> Vec<EvidenceContext> {
    let targets = targets(result);
    if targets.is_empty() {
        return Vec::new();
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        capture_targets(sub, &targets, limits)
    }))
    .unwrap_or_default()
}

fn capture_targets(sub: &Submission, targets: &[Target], limits: &Limits) -> Vec<EvidenceContext> {
    let mut by_file: BTreeMap<&str, Vec<&Target>> = BTreeMap::new();
    for t in targets {
        by_file.entry(t.1.file.as_str()).or_default().push(t);
    }
    let mut out = Vec::new();
    let mut missing: BTreeSet<String> = BTreeSet::new();
    for (file, wanted) in &by_file {
        let direct = match sub.kind {
            SubmissionKind::Folder => plain_file(&sub.path, file),
            SubmissionKind::Zip => None,
        };
        match direct.and_then(|p| discover::read_file(&p, limits).ok()) {
            Some(bytes) => contexts_in(file, &bytes, wanted, limits, &mut out),
            None => {
                missing.insert(file.to_string());
            }
        }
    }
    if !missing.is_empty() {
        // An archive, a nested archive's entry or a renamed file: one more pass over the
        // submission, keeping only the cited entries.
        discover::for_each_file(sub, limits, |raw: RawFile| {
            if !missing.remove(&raw.rel) {
                return;
            }
            if let (Ok(bytes), Some(wanted)) = (&raw.bytes, by_file.get(raw.rel.as_str())) {
                contexts_in(&raw.rel, bytes, wanted, limits, &mut out);
            }
        });
    }
    out.sort_by(|a, b| (&a.criterion, &a.evidence).cmp(&(&b.criterion, &b.evidence)));
    out
}

/// The regular file `rel` (`/`-separated) inside `root`, when it is one: no `..`, no link.
fn plain_file(root: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
            return None;
        }
        path.push(part);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if meta.file_type().is_symlink() {
            return None;
        }
    }
    std::fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.is_file())
        .map(|_| path)
}

fn contexts_in(
    file: &str,
    bytes: &[u8],
    wanted: &[&Target],
    limits: &Limits,
    out: &mut Vec<EvidenceContext>,
) {
    let Ok(doc) = crate::extract::ingest_limited(file, bytes, limits) else {
        return;
    };
    for (criterion, evidence, value) in wanted {
        if let Some(text) = excerpt(&doc, evidence, value).filter(|t| !t.trim().is_empty()) {
            out.push(EvidenceContext {
                criterion: criterion.clone(),
                evidence: evidence.clone(),
                text,
            });
        }
    }
}

/// The excerpt of `doc` that `evidence` points at.
pub fn excerpt(doc: &Document, evidence: &Evidence, value: &str) -> Option<String> {
    let sheets: &[Sheet] = match &doc.content {
        Content::Sheets(s) => s,
        Content::Word(w) => &w.tables,
        _ => &[],
    };
    match (&doc.content, &evidence.location) {
        (_, Location::Cell { sheet, row, col }) => {
            sheet_row(sheets.iter().find(|s| &s.name == sheet)?, *row, Some(*col))
        }
        (_, Location::Row { sheet, row }) => {
            sheet_row(sheets.iter().find(|s| &s.name == sheet)?, *row, None)
        }
        (Content::Pdf(text), Location::Page(p)) => {
            let page = text.pages.get((*p as usize).checked_sub(1)?)?;
            page_line(page, value)
        }
        (Content::Word(w), Location::Paragraph(n)) => {
            let para = w.paragraphs.get((*n as usize).checked_sub(1)?)?;
            Some(cut(para.trim(), 0))
        }
        _ => None,
    }
}

/// A sheet row's non-empty cells joined by ` | `, the cell at `col` marked 【…】; cut to
/// `MAX_CHARS` around the marked cell.
pub fn sheet_row(sheet: &Sheet, row: u32, col: Option<u32>) -> Option<String> {
    let cells = sheet.rows.get(row as usize)?;
    let mut text = String::new();
    let mut mark = 0usize;
    for (i, cell) in cells.iter().enumerate() {
        let t = match cell {
            Cell::DateSerial(f) => crate::values::date::excel_serial_to_date(*f)
                .map(|d| d.to_string())
                .unwrap_or_else(|| raw_text(cell)),
            _ => raw_text(cell),
        };
        let cited = col == Some(i as u32);
        if t.is_empty() && !cited {
            continue;
        }
        if !text.is_empty() {
            text.push_str(" | ");
        }
        if cited {
            mark = text.chars().count();
            text.push('【');
            text.push_str(&t);
            text.push('】');
        } else {
            text.push_str(&t);
        }
    }
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Some(cut(&one_line, mark))
}

/// `text` cut to `MAX_CHARS` characters keeping the one at `around` in view; `…` marks a
/// cut.
fn cut(text: &str, around: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MAX_CHARS {
        return text.to_string();
    }
    let start = around
        .saturating_sub(MAX_CHARS / 4)
        .min(chars.len() - MAX_CHARS);
    let end = start + MAX_CHARS;
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.extend(&chars[start..end]);
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// The ways a figure may be printed: as given, to the cent, without trailing zeros, in 万元;
/// longest first. Text shorter than 3 characters (a count like `0`) is not searched: it
/// would match any line.
fn needles(value: &str) -> Vec<String> {
    let v = value.trim();
    let mut out: Vec<String> = Vec::new();
    if let Ok(d) = Decimal::from_str(v) {
        out.push(v.to_string());
        out.push(format!("{:.2}", d));
        out.push(d.normalize().to_string());
        let wan = d / Decimal::from(10_000);
        if !wan.is_zero() && wan.scale() <= 6 {
            out.push(format!("{:.2}", wan));
            out.push(wan.normalize().to_string());
        }
    } else if !v.is_empty() {
        out.push(v.to_string());
    }
    out.retain(|n| n.chars().count() >= 3);
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}

/// Text with the digit-group separators (`1,580,000.00`) removed; spaces stay, they part
/// the columns of a statement.
fn squeeze(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if matches!(c, ',' | '，') && between_digits {
            continue;
        }
        out.push(*c);
    }
    out
}

/// Whether `needle` occurs in `hay` not as part of a longer number.
fn holds_number(hay: &str, needle: &str) -> bool {
    let numeric = needle.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    for (i, _) in hay.match_indices(needle) {
        if !numeric {
            return true;
        }
        let before = hay[..i].chars().next_back();
        let mut after = hay[i + needle.len()..].chars();
        let next = after.next();
        let digitish = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let continues = digitish(next) || (next == Some('.') && digitish(after.next()));
        if !digitish(before) && before != Some('.') && !continues {
            return true;
        }
    }
    false
}

/// The first line of a page holding the figure `value` (in any of its printed forms).
pub fn page_line(page: &str, value: &str) -> Option<String> {
    for n in needles(value) {
        let n = squeeze(&n);
        if let Some(line) = page.lines().find(|l| holds_number(&squeeze(l), &n)) {
            return Some(cut(&line.trim().replace('\t', "  "), 0));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_line_finds_the_figure_in_any_printed_form_and_not_inside_another_number() {
        let page = "资产负债表\n流动资产合计 12,158,000.00\n资产总计 1,580,000.00 1,200,000.00\n";
        assert_eq!(
            page_line(page, "1580000.00").as_deref(),
            Some("资产总计 1,580,000.00 1,200,000.00"),
            "thousands separators; 12,158,000.00 holds 158,000.00 but is another number"
        );
        let wan = "单位：万元\n资产总计 158.00\n";
        assert_eq!(
            page_line(wan, "1580000").as_deref(),
            Some("资产总计 158.00")
        );
        assert_eq!(page_line(page, "0"), None, "a short count matches no line");
        assert_eq!(page_line(page, "999"), None);
    }

    #[test]
    fn sheet_row_marks_the_cited_cell_and_cuts_long_rows_around_it() {
        let sheet = Sheet {
            name: "名册".into(),
            rows: vec![
                vec![Cell::Text("姓名".into())],
                vec![
                    Cell::Text("张三".into()),
                    Cell::Empty,
                    Cell::Number(1485000.5),
                    Cell::DateSerial(44454.0),
                    Cell::Text("本科\n学历".into()),
                ],
            ],
            ..Default::default()
        };
        assert_eq!(
            sheet_row(&sheet, 1, Some(2)).as_deref(),
            Some("张三 | 【1485000.5】 | 2021-09-15 | 本科 学历")
        );
        assert_eq!(
            sheet_row(&sheet, 1, None).as_deref(),
            Some("张三 | 1485000.5 | 2021-09-15 | 本科 学历")
        );
        assert_eq!(sheet_row(&sheet, 7, None), None);
        let mut long = vec![Cell::Text("x".repeat(500))];
        long.push(Cell::Text("目标".into()));
        let sheet = Sheet {
            name: "s".into(),
            rows: vec![long],
            ..Default::default()
        };
        let t = sheet_row(&sheet, 0, Some(1)).unwrap_or_default();
        assert!(t.contains("【目标】"), "{t}");
        assert!(t.chars().count() <= MAX_CHARS + 2, "{}", t.chars().count());
        assert!(t.starts_with('…'));
    }
}
