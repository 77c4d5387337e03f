//! Optical character recognition of scanned pages and photos (SPEC §8.2).
//!
//! Input: the images of pages without a text layer (`ingest::PageImage`). Output: the page's
//! text laid out by `ingest::layout` like a text-layer page, and the pages marked as OCR'd
//! (`PdfText::ocr_pages`) so that every figure read from them is verified before it counts.
//! Results are cached by the image's content hash and the engine version (`cache`), so a
//! rerun of a round does no OCR twice.

pub mod cache;
pub mod engine;

use std::path::PathBuf;

use crate::ingest::PdfText;
use crate::ingest::layout::{Run, layout};
use crate::limits::{Limits, named};
use crate::model::DocStatus;

pub use engine::{ENGINE_VERSION, PageOcr, TextBox};

/// How a run uses OCR: on unless `--no-ocr`; results cached in `cache` (None: no cache).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrSettings {
    pub enabled: bool,
    pub cache: Option<PathBuf>,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            enabled: true,
            cache: None,
        }
    }
}

/// The per-user cache folder: `$XDG_CACHE_HOME/sme-audit/ocr`, `~/.cache/sme-audit/ocr`, or
/// `%LOCALAPPDATA%\sme-audit\ocr` on Windows. None when the environment names no home.
pub fn default_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("sme-audit").join("ocr"))
}

/// One page read by OCR (from the cache or the engine).
pub fn read_page(
    image: &crate::ingest::PageImage,
    settings: &OcrSettings,
    limits: &Limits,
) -> Result<PageOcr, String> {
    let key = cache::key(image);
    if let Some(hit) = cache::remembered(&key) {
        return Ok(hit);
    }
    if let Some(dir) = &settings.cache
        && let Some(hit) = cache::load(dir, &key)
    {
        cache::remember(&key, &hit);
        return Ok(hit);
    }
    let pixels = image.decode(limits)?;
    let engine = engine::engine()?;
    let read = engine.read(&pixels)?;
    // Through the cache's text form either way, so a cached and a fresh run give the same
    // bytes (coordinates and confidences rounded alike).
    let read = cache::round_trip(&read);
    if let Some(dir) = &settings.cache {
        cache::store(dir, &key, &read);
    }
    cache::remember(&key, &read);
    Ok(read)
}

/// Repairs the two misreads of printed amounts that OCR makes and no printed amount has: the
/// decimal point read as a comma after thousands groups (`3,853,283,15` → `3,853,283.15`) and a
/// space after a thousands comma (`993, 666.16` → `993,666.16`). Anything else is left as read;
/// a repaired figure still has to pass verification like any other.
pub fn repair_amounts(text: &str) -> String {
    use std::sync::OnceLock;
    static SPACE: OnceLock<regex::Regex> = OnceLock::new();
    static POINT: OnceLock<regex::Regex> = OnceLock::new();
    let space = SPACE.get_or_init(|| regex::Regex::new(r"(\d),\s+(\d{3})").expect("valid regex"));
    let point = POINT.get_or_init(|| {
        regex::Regex::new(r"^(-?\d{1,3}(?:,\d{3})+),(\d{2})$").expect("valid regex")
    });
    let joined = space.replace_all(text, "$1,$2");
    joined
        .split(' ')
        .map(|word| point.replace(word, "$1.$2").into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page text of OCR boxes, through the same layout as a text-layer page.
pub fn page_text(page: &PageOcr) -> String {
    let runs = page
        .boxes
        .iter()
        .map(|b| Run {
            x0: b.x0,
            x1: b.x1,
            // Image y grows downward; layout's baseline grows upward.
            y: -(b.y0 + b.y1) / 2.0,
            size: (b.y1 - b.y0) * 0.8,
            text: repair_amounts(&b.text),
        })
        .collect();
    layout(runs)
}

/// Which scanned pages of a file OCR reads (SPEC §8.2: only what a verdict needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePlan {
    /// Every page up to `[limits] ocr_pages` (credit reports, premises proofs, licences).
    All,
    /// An audit report: pages in order until the opinion, the balance sheet and the income
    /// statement have all been seen; the notes that follow are not read.
    Audit,
    /// A file whose role its name does not give: the first pages, enough to classify it; if
    /// they show an audit report, the rest as `Audit`, a credit report or premises proof, all
    /// of it; anything else stops there.
    Classify,
}

/// Pages read before an unnamed scan is classified.
const CLASSIFY_PAGES: usize = 3;

/// Whether the pages read so far hold everything the audit extractors use.
fn audit_complete(pages: &[String]) -> bool {
    let all: String = pages
        .iter()
        .flat_map(|p| p.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let has = |words: &[&str]| words.iter().any(|w| all.contains(w));
    has(&[
        "审计意见",
        "无保留意见",
        "保留意见",
        "否定意见",
        "无法表示意见",
    ]) && has(&["资产总计", "资产合计"])
        && has(&[
            "负债和所有者权益",
            "负债及所有者权益",
            "负债和股东权益",
            "负债及股东权益",
        ])
        && has(&["净利润", "利润总额"])
}

/// Reads the page images of a scanned (or partly scanned) PDF or an image file by OCR, as
/// `plan` says: each page's text is filled in and the page marked in `ocr_pages`. A page that
/// cannot be decoded or read is a remark; a document whose pages gave text becomes readable.
/// `classify` decides a `Classify` plan after its first pages.
pub fn read_scanned_with(
    text: &mut PdfText,
    settings: &OcrSettings,
    limits: &Limits,
    mut plan: PagePlan,
    classify: &dyn Fn(&PdfText) -> Option<PagePlan>,
) {
    if !settings.enabled || text.images.is_empty() {
        return;
    }
    let images = std::mem::take(&mut text.images);
    let mut failed = Vec::new();
    let mut empty = Vec::new();
    let mut stopped_after = None;
    for (i, image) in images.iter().enumerate() {
        if i >= limits.ocr_pages {
            text.remarks.push(format!(
                "共 {} 页扫描页，只识别前 {} 页（{}）",
                images.len(),
                limits.ocr_pages,
                named("ocr_pages", limits.ocr_pages)
            ));
            break;
        }
        if plan == PagePlan::Classify && i == CLASSIFY_PAGES {
            match classify(text) {
                Some(decided) => plan = decided,
                None => {
                    stopped_after = Some(i);
                    break;
                }
            }
        }
        if plan == PagePlan::Audit && audit_complete(&text.pages) {
            stopped_after = Some(i);
            break;
        }
        let page = image.page;
        let Some(slot) = text.pages.get_mut(page.saturating_sub(1) as usize) else {
            continue;
        };
        match read_page(image, settings, limits) {
            Ok(read) => {
                let page_text = page_text(&read);
                if page_text.trim().is_empty() {
                    empty.push(page);
                } else {
                    *slot = page_text;
                    text.ocr_pages.push(page);
                }
            }
            Err(why) => failed.push(format!("第 {page} 页：{why}")),
        }
    }
    text.images = images;
    text.ocr_pages.sort_unstable();
    text.ocr_pages.dedup();
    if !text.ocr_pages.is_empty() {
        text.remarks.push(format!(
            "第 {} 页为扫描页，已用文字识别（OCR，{}）读取；识别出的数字经核对一致才作为依据",
            join(&text.ocr_pages),
            ENGINE_VERSION
        ));
        if text.status == DocStatus::Scanned {
            text.status = DocStatus::Readable;
        }
    }
    if let Some(read) = stopped_after
        && read < text.images.len()
    {
        text.remarks.push(format!(
            "文字识别读取了前 {read} 张扫描页，评审所需内容已读到（或无法归类），其余 {} 张未识别",
            text.images.len() - read
        ));
    }
    if !empty.is_empty() {
        text.remarks.push(format!(
            "第 {} 页文字识别未读出文字（图像可能模糊或空白）",
            join(&empty)
        ));
    }
    for why in failed {
        text.remarks.push(format!("文字识别失败：{why}"));
    }
}

/// `read_scanned_with` reading every page (up to `[limits] ocr_pages`).
pub fn read_scanned(text: &mut PdfText, settings: &OcrSettings, limits: &Limits) {
    read_scanned_with(text, settings, limits, PagePlan::All, &|_| {
        Some(PagePlan::All)
    });
}

fn join(pages: &[u32]) -> String {
    pages
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misread_decimal_points_and_spaced_groups_are_repaired_and_nothing_else() {
        assert_eq!(repair_amounts("3,853,283,15"), "3,853,283.15");
        assert_eq!(repair_amounts("993, 666.16"), "993,666.16");
        assert_eq!(repair_amounts("-46,722,32"), "-46,722.32");
        // Not amounts of that shape: left as read.
        assert_eq!(repair_amounts("1,2"), "1,2");
        assert_eq!(repair_amounts("2022,12"), "2022,12");
        assert_eq!(repair_amounts("3,853,283.15"), "3,853,283.15");
        assert_eq!(repair_amounts("12,345,6"), "12,345,6");
        assert_eq!(repair_amounts("第1, 2条"), "第1, 2条");
    }
}
