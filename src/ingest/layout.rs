//! Positioned text → page text, one module for every source of positioned text (SPEC §8.2):
//! the PDF text layer's runs and the OCR engine's boxes are laid out the same way, so the audit,
//! credit and premises extractors read an OCR'd page exactly like a text-layer page.

use unicode_normalization::UnicodeNormalization;

/// A run of text drawn on one baseline, in device space.
#[derive(Debug, Clone)]
pub struct Run {
    /// Left and right edge.
    pub x0: f32,
    pub x1: f32,
    /// Baseline; larger is higher on the page (PDF user space; OCR boxes negate image y).
    pub y: f32,
    /// Font size (or the box height for OCR), which scales the gaps that separate words and
    /// cells.
    pub size: f32,
    pub text: String,
}

/// Groups runs into lines by baseline (top to bottom), sorts each line by x and joins the runs:
/// nothing between touching runs, a space for a word-sized gap, a tab for a column-sized gap.
/// Lines are NFKC-normalised (full-width digits and punctuation, ㎡ → m2).
pub fn layout(mut runs: Vec<Run>) -> String {
    runs.retain(|r| r.y.is_finite() && r.x0.is_finite() && !r.text.is_empty());
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    let mut anchor = f32::NAN;
    let mut anchor_size = 0.0f32;
    for run in runs {
        let tolerance = 0.4 * anchor_size.min(run.size).max(1.0);
        if !lines.is_empty() && (anchor - run.y).abs() <= tolerance {
            if let Some(line) = lines.last_mut() {
                line.push(run);
            }
        } else {
            anchor = run.y;
            anchor_size = run.size;
            lines.push(vec![run]);
        }
    }
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut text = String::new();
        let mut prev: Option<&Run> = None;
        for run in &line {
            if let Some(p) = prev {
                // The same text drawn again at (almost) the same place: fake bold or shadow.
                if p.text == run.text && (p.x0 - run.x0).abs() < 0.2 * run.size {
                    continue;
                }
                let gap = run.x0 - p.x1;
                let em = p.size.max(run.size);
                if gap > 1.5 * em {
                    text.push('\t');
                } else if gap > 0.2 * em {
                    text.push(' ');
                }
            }
            text.push_str(&run.text);
            prev = Some(run);
        }
        let normalised = normalise_line(&text);
        let trimmed = normalised.trim_end();
        if !trimmed.trim().is_empty() {
            out.push_str(trimmed);
            out.push('\n');
        }
    }
    out
}

/// NFKC, then every run of non-blank characters through `values::text::normalise` — the
/// normaliser keyword matching uses (invisible characters, CJK radical-supplement forms …) —
/// keeping the blanks between cells.
pub fn normalise_line(line: &str) -> String {
    let nfkc: String = line.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    let mut word = String::new();
    for c in nfkc.chars() {
        if c.is_whitespace() {
            if !word.is_empty() {
                out.push_str(&crate::values::text::normalise(&word));
                word.clear();
            }
            out.push(c);
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&crate::values::text::normalise(&word));
    }
    out
}
