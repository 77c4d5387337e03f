//! PDF text layer (SPEC §2.4): lopdf's parser, page by page, in reading order.
//!
//! Input: a PDF's bytes. Output: `PdfText` — one string per page with one line per baseline,
//! table cells on one line separated by spaces (a tab for a wide gap), NFKC-normalised; plus the
//! document's status (readable, scanned, encrypted, unreadable) and remarks for the reviewer.
//!
//! lopdf parses the file and the content streams; this module interprets the text operators
//! itself (lopdf's `extract_text` ignores positions and Form XObjects and fails on GBK-EUC-H):
//! - `fonts`: a decoder per font — ToUnicode CMaps (bfchar/bfrange, code-space ranges), the
//!   predefined CMaps Chinese producers use without ToUnicode (UniGB-UCS2-H/UTF16-H as
//!   UTF-16BE, GBK-EUC-H/GB-EUC-H/GBpc-EUC-H as GBK), and simple fonts through lopdf's
//!   WinAnsi/Standard/MacRoman/Differences tables;
//! - `interpret`: the text state machine (BT/ET, Tf, Tm, Td, TD, T*, Tj, TJ, ', ", cm, q/Q,
//!   Do into Form XObjects) producing positioned runs of text;
//! - `layout`: runs grouped by baseline and sorted by x into lines.
//!
//! Everything that walks untrusted structure is bounded (pages, operators, nesting, CMap
//! entries, decompressed sizes), and the whole read runs under `catch_unwind` as a last resort.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::layout::{Run, layout, normalise_line};
use super::{ImageData, PageImage, PdfText, RawColour, RawImage};
use crate::limits::{Limits, named};
use crate::model::DocStatus;

/// Share of undecodable characters above which a page's text is judged garbage.
const GARBAGE_RATIO: f64 = 0.3;

/// Reads a PDF's text page by page within the default limits. Never panics; encrypted,
/// scanned and damaged files come back with the matching `DocStatus` and no (or partial) text.
pub fn read_pdf(bytes: &[u8]) -> PdfText {
    read_pdf_limited(bytes, &Limits::default())
}

/// Reads a PDF's text within `limits` (the `pdf_*` keys of the rules file's `[limits]`); every
/// cut becomes a remark naming its key.
pub fn read_pdf_limited(bytes: &[u8], limits: &Limits) -> PdfText {
    match catch_unwind(AssertUnwindSafe(|| read_pdf_inner(bytes, limits))) {
        Ok(text) => text,
        Err(_) => PdfText {
            status: DocStatus::Unreadable("PDF 解析时发生内部错误（文件可能已损坏）".to_string()),
            ..PdfText::default()
        },
    }
}

fn unreadable(reason: impl Into<String>) -> PdfText {
    PdfText {
        status: DocStatus::Unreadable(reason.into()),
        ..PdfText::default()
    }
}

fn read_pdf_inner(bytes: &[u8], limits: &Limits) -> PdfText {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return unreadable("不是 PDF 文件（缺少 %PDF 文件头）");
    }
    let mut remarks = Vec::new();
    let doc = match load(bytes, limits.pdf_pages) {
        Ok(doc) => doc,
        Err(reason) => return unreadable(reason),
    };
    if let Some(recovery) = &doc.xref_recovery {
        let how = match recovery {
            lopdf::xref::XrefRecovery::OffsetCorrected => "交叉引用表偏移有误，已校正",
            lopdf::xref::XrefRecovery::Reconstructed => {
                "交叉引用表损坏，已扫描文件重建（内容可能不全）"
            }
            _ => "交叉引用表有误，已修复",
        };
        remarks.push(how.to_string());
    }
    if doc.is_encrypted() {
        return PdfText {
            status: DocStatus::Encrypted,
            remarks,
            ..PdfText::default()
        };
    }
    if doc.was_encrypted() {
        remarks.push("文件有所有者密码（限制复制/打印），已按空用户密码解密读取".to_string());
    }

    let pages = doc.get_pages();
    if pages.is_empty() {
        return PdfText {
            status: DocStatus::Unreadable("PDF 中没有页面".to_string()),
            remarks,
            ..PdfText::default()
        };
    }
    if pages.len() > limits.pdf_pages {
        remarks.push(format!(
            "共 {} 页，只读取前 {} 页（超过 {}）",
            pages.len(),
            limits.pdf_pages,
            named("pdf_pages", limits.pdf_pages)
        ));
    }

    let mut reader = PageReader::new(&doc, *limits);
    let mut texts = Vec::new();
    let mut pages_with_images_only = Vec::new();
    let mut images_total = 0usize;
    let mut garbage_pages = Vec::new();
    let mut too_large_pages = Vec::new();
    let mut images = Vec::new();
    for (&number, &page_id) in pages.iter().take(limits.pdf_pages) {
        let page = reader.read_page(page_id, number, &mut remarks);
        images_total += page.images;
        if page.too_large {
            too_large_pages.push(number);
        }
        if page.text.trim().is_empty() && page.images > 0 {
            pages_with_images_only.push(number);
            if let Some(image) = page_image(&doc, page_id, number, &page, limits, &mut remarks) {
                images.push(image);
            }
        }
        let text = page.text;
        if garbage_share(&text) > GARBAGE_RATIO {
            garbage_pages.push(number);
        }
        texts.push(text);
    }
    remarks.extend(reader.font_remarks());
    reader.orphan_fields(&mut texts, &mut remarks);
    // A page that got text from a form field after all is read as text, not by OCR.
    images.retain(|image: &PageImage| {
        (image.page as usize)
            .checked_sub(1)
            .and_then(|i| texts.get(i))
            .is_some_and(|t| t.trim().is_empty())
    });

    let has_text = texts.iter().any(|t| !t.trim().is_empty());
    let status = if !has_text && !too_large_pages.is_empty() {
        // Not a scan: the text may be there, past the decompression limit.
        DocStatus::Unreadable(too_large_reason(&too_large_pages, limits))
    } else if !has_text {
        if images_total == 0 {
            remarks.push("页面既无文字层也无图像（文字可能已转为轮廓）".to_string());
        }
        DocStatus::Scanned
    } else if garbage_pages.len() * 2 > texts.iter().filter(|t| !t.trim().is_empty()).count() {
        remarks.push(format!(
            "第 {} 页文字无法解码（字体缺少 ToUnicode 映射），视为乱码",
            join_numbers(&garbage_pages)
        ));
        DocStatus::Unreadable("文字编码无法解码（Identity-H 字体缺少 ToUnicode 映射）".to_string())
    } else {
        if !garbage_pages.is_empty() {
            remarks.push(format!(
                "第 {} 页部分文字无法解码（乱码）",
                join_numbers(&garbage_pages)
            ));
        }
        if !too_large_pages.is_empty() {
            remarks.push(too_large_reason(&too_large_pages, limits));
        }
        if !pages_with_images_only.is_empty() {
            remarks.push(format!(
                "第 {} 页只有图像、没有文字层（扫描页）",
                join_numbers(&pages_with_images_only)
            ));
        }
        DocStatus::Readable
    };
    PdfText {
        status,
        pages: texts,
        remarks,
        images,
        ..PdfText::default()
    }
}

/// Pages left unread for inflating past the decompression limit, naming the limit.
fn too_large_reason(pages: &[u32], limits: &Limits) -> String {
    let bytes = limits.pdf_stream_bytes;
    let size = if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} 字节")
    };
    format!(
        "第 {} 页内容解压后超过解压上限 {size}（每页，{}），未读取（可能是压缩炸弹）",
        join_numbers(pages),
        named("pdf_stream_bytes", bytes)
    )
}

fn join_numbers(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// A stream that inflates past `[limits] pdf_stream_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TooLarge;

/// A stream's data, decoded within `limit` bytes. An empty filter list (`/Filter []`) means
/// the data is not encoded (lopdf's decoder returns nothing for it); data that fails to
/// decode for another reason is taken raw, as lopdf does for page content.
fn stream_data(stream: &lopdf::Stream, limit: usize) -> Result<Vec<u8>, TooLarge> {
    match stream.get_plain_content_with_limit(limit) {
        Ok(data) => Ok(data),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(TooLarge)
        }
        Err(_) if stream.content.len() <= limit => Ok(stream.content.clone()),
        Err(_) => Err(TooLarge),
    }
}

/// A page's content streams, concatenated (newline-separated) within `limit` bytes.
fn page_content(doc: &Document, page_id: ObjectId, limit: usize) -> Result<Vec<u8>, TooLarge> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        let remaining = limit.saturating_sub(content.len());
        content.extend_from_slice(&stream_data(stream, remaining)?);
        content.push(b'\n');
    }
    Ok(content)
}

/// Loads with lopdf's lenient parser (which repairs bad cross-reference data), then once more
/// forcing a rebuild of the cross-reference table by scanning the file.
/// `max_pages` bounds the pages a rebuilt page tree lists.
fn load(bytes: &[u8], max_pages: usize) -> Result<Document, String> {
    let first = match Document::load_mem(bytes) {
        Ok(doc) if !doc.get_pages().is_empty() || doc.is_encrypted() => return Ok(doc),
        Ok(_) => "no pages".to_string(),
        Err(e) => e.to_string(),
    };
    let options = LoadOptions {
        force_reconstruct: true,
        ..LoadOptions::default()
    };
    let second = match Document::load_mem_with_options(bytes, options.clone()) {
        Ok(doc) if !doc.get_pages().is_empty() || doc.is_encrypted() => return Ok(doc),
        Ok(_) => format!("PDF 已损坏，修复后仍找不到页面（{first}）"),
        Err(e) => format!("PDF 已损坏，无法打开：{e}"),
    };
    // A file cut short usually loses its catalog and page tree (writers put them last) while
    // the page objects survive: give those pages a new tree and try once more.
    if let Some(patched) = rebuild_page_tree(bytes, max_pages)
        && let Ok(mut doc) = Document::load_mem_with_options(&patched, options)
        && !doc.get_pages().is_empty()
    {
        doc.xref_recovery = Some(lopdf::xref::XrefRecovery::Reconstructed);
        return Ok(doc);
    }
    Err(second)
}

/// Appends a catalog and a page tree listing every `/Type /Page` object found in the bytes.
fn rebuild_page_tree(bytes: &[u8], max_pages: usize) -> Option<Vec<u8>> {
    let page = regex::bytes::Regex::new(
        r"(?-u)([0-9]{1,9})\s+([0-9]{1,5})\s+obj\s*<<\s*/Type\s*/Page[^s]",
    )
    .ok()?;
    let object = regex::bytes::Regex::new(r"(?-u)([0-9]{1,9})\s+[0-9]{1,5}\s+obj\b").ok()?;
    let max_id = object
        .captures_iter(bytes)
        .filter_map(|c| std::str::from_utf8(&c[1]).ok()?.parse::<u64>().ok())
        .max()?;
    let mut kids = Vec::new();
    for c in page.captures_iter(bytes).take(max_pages) {
        let id = std::str::from_utf8(&c[1]).ok()?;
        let generation = std::str::from_utf8(&c[2]).ok()?;
        let kid = format!("{id} {generation} R");
        if !kids.contains(&kid) {
            kids.push(kid);
        }
    }
    if kids.is_empty() {
        return None;
    }
    let (catalog, tree) = (max_id + 1, max_id + 2);
    let mut out = bytes.to_vec();
    out.extend_from_slice(
        format!(
            "\n{catalog} 0 obj\n<</Type/Catalog/Pages {tree} 0 R>>\nendobj\n{tree} 0 obj\n<</Type/Pages/Kids[{}]/Count {}>>\nendobj\ntrailer\n<</Size {}/Root {catalog} 0 R>>\n%%EOF\n",
            kids.join(" "),
            kids.len(),
            tree + 1
        )
        .as_bytes(),
    );
    Some(out)
}

/// Share of characters that are U+FFFD or control characters (tabs and newlines excepted).
fn garbage_share(text: &str) -> f64 {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        if c == '\n' || c == '\t' || c == ' ' {
            continue;
        }
        total += 1;
        if c == '\u{FFFD}' || c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) {
            bad += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        bad as f64 / total as f64
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts

/// How a composite font's bytes become characters when no ToUnicode entry says otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
enum CidEncoding {
    /// Identity-H/V: two-byte CIDs, meaningless without ToUnicode.
    Identity,
    /// Uni*-UCS2-H / Uni*-UTF16-H: the codes are UTF-16BE.
    Utf16,
    /// GBK-EUC-H, GB-EUC-H, GBpc-EUC-H …: one byte below 0x80, else two, decoded as GBK.
    Gbk,
    /// ETen-B5-H, B5pc-H: Big5.
    Big5,
    /// An embedded or unknown CMap: code lengths from its code-space ranges, no mapping.
    Unknown,
}

/// A ToUnicode CMap: code-space ranges and code → text.
#[derive(Debug, Default)]
struct ToUnicode {
    /// (byte length, low, high).
    codespace: Vec<(usize, u32, u32)>,
    /// (byte length, code) → text.
    map: HashMap<(usize, u32), String>,
    /// Entries were left unread at `[limits] pdf_cmap_entries`.
    cut: bool,
}

#[derive(Debug)]
enum FontKind {
    Simple {
        /// Byte → text from the font's encoding (lopdf's tables); `None` when unmapped.
        table: Box<[Option<String>; 256]>,
        widths: Box<[f32; 256]>,
    },
    Composite {
        encoding: CidEncoding,
        /// CID (= code for Identity) → width; others use `default_width`.
        widths: HashMap<u32, f32>,
        default_width: f32,
    },
}

#[derive(Debug)]
struct Font {
    name: String,
    kind: FontKind,
    to_unicode: Option<ToUnicode>,
    /// Codes that decoded to nothing usable (for the remark).
    missing_map: bool,
    /// A limit that cut this font's ToUnicode CMap (for the remark).
    cut_by: Option<String>,
}

/// One decoded character code.
struct Glyph {
    text: String,
    /// Width in text space units (1/1000 of the font size).
    width: f32,
    /// A single-byte code 32, which takes word spacing.
    is_byte_space: bool,
}

impl Font {
    fn load(doc: &Document, dict: &Dictionary, name: &[u8], limits: &Limits) -> Font {
        let mut cut_by = None;
        let to_unicode = dict
            .get_deref(b"ToUnicode", doc)
            .ok()
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| match stream_data(s, limits.pdf_stream_bytes) {
                Ok(data) => Some(data),
                Err(TooLarge) => {
                    cut_by = Some(named("pdf_stream_bytes", limits.pdf_stream_bytes));
                    None
                }
            })
            .map(|data| parse_cmap(&data, limits.pdf_cmap_entries));
        if to_unicode.as_ref().is_some_and(|tu| tu.cut) {
            cut_by = Some(named("pdf_cmap_entries", limits.pdf_cmap_entries));
        }
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let font_name = match dict.get(b"BaseFont").and_then(Object::as_name) {
            Ok(base) => String::from_utf8_lossy(base).into_owned(),
            Err(_) => String::from_utf8_lossy(name).into_owned(),
        };
        let kind = if subtype == b"Type0" {
            composite_kind(doc, dict)
        } else {
            simple_kind(doc, dict, limits.pdf_stream_bytes)
        };
        Font {
            name: font_name,
            kind,
            to_unicode,
            missing_map: false,
            cut_by,
        }
    }

    /// Splits a string operand into codes and decodes each.
    fn decode(&mut self, bytes: &[u8], out: &mut Vec<Glyph>) {
        match &self.kind {
            FontKind::Simple { table, widths } => {
                for &b in bytes {
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|tu| {
                            tu.map
                                .get(&(1, b as u32))
                                .or_else(|| tu.map.get(&(2, b as u32)))
                        })
                        .cloned()
                        .or_else(|| table[b as usize].clone());
                    let text = match text {
                        Some(t) => t,
                        None => {
                            self.missing_map = true;
                            "\u{FFFD}".to_string()
                        }
                    };
                    out.push(Glyph {
                        text,
                        width: widths[b as usize],
                        is_byte_space: b == 32,
                    });
                }
            }
            FontKind::Composite {
                encoding,
                widths,
                default_width,
            } => {
                let mut i = 0;
                while i < bytes.len() {
                    let len = code_length(*encoding, self.to_unicode.as_ref(), &bytes[i..]);
                    let end = (i + len).min(bytes.len());
                    let code_bytes = &bytes[i..end];
                    let code = code_bytes
                        .iter()
                        .fold(0u32, |acc, &b| (acc << 8) | b as u32);
                    let mapped = self
                        .to_unicode
                        .as_ref()
                        .and_then(|tu| tu.map.get(&(code_bytes.len(), code)))
                        .cloned();
                    let text = match mapped {
                        Some(t) => t,
                        None => match predefined_decode(*encoding, code_bytes) {
                            Some(t) => t,
                            None => {
                                self.missing_map = true;
                                "\u{FFFD}".to_string()
                            }
                        },
                    };
                    let width = match encoding {
                        CidEncoding::Identity | CidEncoding::Unknown => {
                            widths.get(&code).copied().unwrap_or(*default_width)
                        }
                        // Without the Adobe-GB1 CID tables the CID is unknown: half width for
                        // ASCII, full width otherwise.
                        _ => {
                            if text.is_ascii() {
                                500.0
                            } else {
                                1000.0
                            }
                        }
                    };
                    out.push(Glyph {
                        text,
                        width,
                        is_byte_space: code_bytes == [32],
                    });
                    i = end;
                }
            }
        }
    }
}

fn code_length(encoding: CidEncoding, to_unicode: Option<&ToUnicode>, rest: &[u8]) -> usize {
    match encoding {
        CidEncoding::Identity => 2,
        CidEncoding::Utf16 => {
            if rest.len() >= 4 && (0xD8..=0xDB).contains(&rest[0]) {
                4
            } else {
                2
            }
        }
        CidEncoding::Gbk | CidEncoding::Big5 => {
            if rest[0] < 0x80 {
                1
            } else {
                2
            }
        }
        CidEncoding::Unknown => {
            if let Some(tu) = to_unicode {
                for len in 1..=4usize {
                    if rest.len() < len {
                        break;
                    }
                    let code = rest[..len]
                        .iter()
                        .fold(0u32, |acc, &b| (acc << 8) | b as u32);
                    if tu
                        .codespace
                        .iter()
                        .any(|&(l, lo, hi)| l == len && (lo..=hi).contains(&code))
                    {
                        return len;
                    }
                }
            }
            2
        }
    }
}

fn predefined_decode(encoding: CidEncoding, code: &[u8]) -> Option<String> {
    let decoded = match encoding {
        CidEncoding::Utf16 => encoding_rs::UTF_16BE
            .decode_without_bom_handling(code)
            .0
            .into_owned(),
        CidEncoding::Gbk => encoding_rs::GBK
            .decode_without_bom_handling(code)
            .0
            .into_owned(),
        CidEncoding::Big5 => encoding_rs::BIG5
            .decode_without_bom_handling(code)
            .0
            .into_owned(),
        CidEncoding::Identity | CidEncoding::Unknown => return None,
    };
    if decoded.is_empty() || decoded.contains('\u{FFFD}') {
        None
    } else {
        Some(decoded)
    }
}

fn composite_kind(doc: &Document, dict: &Dictionary) -> FontKind {
    let encoding = match dict.get_deref(b"Encoding", doc) {
        Ok(Object::Name(name)) => predefined_cmap(name),
        Ok(Object::Stream(stream)) => {
            match stream.dict.get(b"CMapName").and_then(Object::as_name) {
                Ok(name) => predefined_cmap(name),
                Err(_) => CidEncoding::Unknown,
            }
        }
        _ => CidEncoding::Identity,
    };
    let descendant = dict
        .get_deref(b"DescendantFonts", doc)
        .ok()
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
    let mut widths = HashMap::new();
    let mut default_width = 1000.0;
    if let Some(d) = descendant {
        if let Ok(dw) = d.get_deref(b"DW", doc).and_then(Object::as_float) {
            default_width = dw;
        }
        if let Ok(w) = d.get_deref(b"W", doc).and_then(Object::as_array) {
            parse_cid_widths(doc, w, &mut widths);
        }
    }
    FontKind::Composite {
        encoding,
        widths,
        default_width,
    }
}

fn predefined_cmap(name: &[u8]) -> CidEncoding {
    let name = String::from_utf8_lossy(name);
    if name.starts_with("Identity") {
        CidEncoding::Identity
    } else if name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16")) {
        CidEncoding::Utf16
    } else if name.starts_with("GB") {
        CidEncoding::Gbk
    } else if name.starts_with("ETen-B5") || name.starts_with("B5") {
        CidEncoding::Big5
    } else {
        CidEncoding::Unknown
    }
}

/// `/W [c [w1 w2 …] cfirst clast w …]`.
fn parse_cid_widths(doc: &Document, w: &[Object], widths: &mut HashMap<u32, f32>) {
    let mut i = 0;
    let mut budget = 100_000usize;
    while i < w.len() && budget > 0 {
        let Ok(first) = w[i].as_float() else { break };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| doc.dereference(o).map(|(_, o)| o)) {
            Some(Ok(Object::Array(list))) => {
                for (k, width) in list.iter().enumerate().take(budget) {
                    if let Ok(width) = width.as_float() {
                        widths.insert(first.saturating_add(k as u32), width);
                    }
                }
                budget = budget.saturating_sub(list.len());
                i += 2;
            }
            Some(Ok(last)) => {
                let (Ok(last), Some(Ok(width))) =
                    (last.as_float(), w.get(i + 2).map(Object::as_float))
                else {
                    break;
                };
                let last = (last.max(0.0) as u32).min(first.saturating_add(budget as u32));
                for cid in first..=last {
                    widths.insert(cid, width);
                }
                budget = budget.saturating_sub((last - first + 1) as usize);
                i += 3;
            }
            _ => break,
        }
    }
}

fn simple_kind(doc: &Document, dict: &Dictionary, stream_bytes: usize) -> FontKind {
    let mut table: Box<[Option<String>; 256]> = Box::new(std::array::from_fn(|_| None));
    // lopdf resolves /Encoding names, /Differences and the standard tables; it prefers
    // ToUnicode only when /Encoding is absent, so ToUnicode is applied before this table.
    let mut probe = dict.clone();
    probe.remove(b"ToUnicode");
    if let Ok(encoding) = probe.get_font_encoding_with_limit(doc, stream_bytes) {
        for (b, slot) in table.iter_mut().enumerate() {
            if let Ok(s) = encoding.bytes_to_string(&[b as u8])
                && !s.is_empty()
            {
                *slot = Some(s);
            }
        }
    }
    // Glyph names lopdf does not know (`uni4E2D`, `u4E2D`) in /Differences.
    if let Ok(Object::Dictionary(enc)) = dict.get_deref(b"Encoding", doc)
        && let Ok(diffs) = enc
            .get_deref(b"Differences", doc)
            .and_then(Object::as_array)
    {
        let mut code = 0usize;
        for item in diffs.iter().take(512) {
            match item {
                Object::Integer(c) => code = (*c).clamp(0, 255) as usize,
                Object::Name(name) => {
                    if code < 256
                        && let Some(c) = glyph_name_char(name)
                    {
                        table[code] = Some(c.to_string());
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    let mut widths: Box<[f32; 256]> = Box::new([500.0; 256]);
    let first = dict
        .get_deref(b"FirstChar", doc)
        .and_then(Object::as_float)
        .unwrap_or(0.0)
        .max(0.0) as usize;
    if let Ok(list) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
        for (k, w) in list.iter().enumerate() {
            let code = first + k;
            if code > 255 {
                break;
            }
            if let Ok(w) = doc.dereference(w).and_then(|(_, o)| o.as_float()) {
                widths[code] = w;
            }
        }
    }
    FontKind::Simple { table, widths }
}

fn glyph_name_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let hex = name
        .strip_prefix("uni")
        .or_else(|| name.strip_prefix('u'))?;
    if !(4..=6).contains(&hex.len()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

/// Tokens of a CMap stream, enough for code-space ranges, bfchar and bfrange.
#[derive(Debug, PartialEq)]
enum CmapToken {
    Hex(Vec<u8>),
    Int(i64),
    Name(String),
    Keyword(String),
    ArrayStart,
    ArrayEnd,
}

/// Tokens of a CMap, at most `max_tokens`.
fn cmap_tokens(data: &[u8], max_tokens: usize) -> Vec<CmapToken> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < data.len() && tokens.len() < max_tokens {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let start = i + 1;
                let mut end = start;
                while end < data.len() && data[end] != b'>' {
                    end += 1;
                }
                let digits: Vec<u8> = data[start..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let mut bytes = Vec::with_capacity(digits.len() / 2 + 1);
                for pair in digits.chunks(2) {
                    let hi = (pair[0] as char).to_digit(16).unwrap_or(0) as u8;
                    let lo = pair
                        .get(1)
                        .and_then(|&d| (d as char).to_digit(16))
                        .unwrap_or(0) as u8;
                    bytes.push(hi << 4 | lo);
                }
                tokens.push(CmapToken::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                tokens.push(CmapToken::ArrayStart);
                i += 1;
            }
            b']' => {
                tokens.push(CmapToken::ArrayEnd);
                i += 1;
            }
            b'(' => {
                // Literal strings (CMap names, registry) are skipped, nested parentheses too.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                tokens.push(CmapToken::Name(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = String::from_utf8_lossy(&data[start..i]).into_owned();
                match word.parse::<i64>() {
                    Ok(n) => tokens.push(CmapToken::Int(n)),
                    Err(_) => tokens.push(CmapToken::Keyword(word)),
                }
            }
        }
    }
    tokens
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b'<' | b'>' | b'[' | b']' | b'(' | b')' | b'/' | b'%' | b'{' | b'}'
        )
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | b as u32)
}

fn utf16_text(bytes: &[u8]) -> String {
    encoding_rs::UTF_16BE
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// Parses a ToUnicode CMap: `begincodespacerange`, `beginbfchar`, `beginbfrange` (both the
/// incrementing and the array forms), at most `max_entries` of them (`cut` tells when more
/// were left). Malformed entries are skipped.
fn parse_cmap(data: &[u8], max_entries: usize) -> ToUnicode {
    // Four tokens per entry at most, and room for the CMap's header.
    let max_tokens = max_entries.saturating_mul(4).saturating_add(256);
    let tokens = cmap_tokens(data, max_tokens);
    let mut cmap = ToUnicode {
        cut: tokens.len() >= max_tokens,
        ..ToUnicode::default()
    };
    let mut i = 0;
    let mut section = "";
    while i < tokens.len() {
        if cmap.map.len() >= max_entries {
            // Cut only when another mapping follows.
            let mapping_here =
                matches!(tokens[i], CmapToken::Hex(_)) && matches!(section, "bfchar" | "bfrange");
            let mapping_later = tokens[i..].iter().any(
                |t| matches!(t, CmapToken::Keyword(k) if k == "beginbfchar" || k == "beginbfrange"),
            );
            cmap.cut |= mapping_here || mapping_later;
            break;
        }
        match &tokens[i] {
            CmapToken::Keyword(k) if k.starts_with("begin") || k.starts_with("end") => {
                section = match k.as_str() {
                    "begincodespacerange" => "codespace",
                    "beginbfchar" => "bfchar",
                    "beginbfrange" => "bfrange",
                    _ => "",
                };
                i += 1;
            }
            CmapToken::Hex(lo) if section == "codespace" => {
                if let Some(CmapToken::Hex(hi)) = tokens.get(i + 1) {
                    cmap.codespace
                        .push((lo.len().clamp(1, 4), code_of(lo), code_of(hi)));
                }
                i += 2;
            }
            CmapToken::Hex(src) if section == "bfchar" => {
                match tokens.get(i + 1) {
                    Some(CmapToken::Hex(dst)) => {
                        cmap.map
                            .insert((src.len().clamp(1, 4), code_of(src)), utf16_text(dst));
                    }
                    Some(CmapToken::Name(glyph)) => {
                        if let Some(c) = glyph_name_char(glyph.as_bytes()) {
                            cmap.map
                                .insert((src.len().clamp(1, 4), code_of(src)), c.to_string());
                        }
                    }
                    _ => {}
                }
                i += 2;
            }
            CmapToken::Hex(lo) if section == "bfrange" => {
                let Some(CmapToken::Hex(hi)) = tokens.get(i + 1) else {
                    i += 1;
                    continue;
                };
                let len = lo.len().clamp(1, 4);
                let (lo_code, hi_code) = (code_of(lo), code_of(hi));
                let count = hi_code.saturating_sub(lo_code).min(65_535);
                match tokens.get(i + 2) {
                    Some(CmapToken::Hex(dst)) => {
                        let units: Vec<u16> = dst
                            .chunks(2)
                            .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                            .collect();
                        for k in 0..=count {
                            let mut u = units.clone();
                            if let Some(last) = u.last_mut() {
                                *last = last.wrapping_add(k as u16);
                            }
                            cmap.map
                                .insert((len, lo_code + k), String::from_utf16_lossy(&u));
                        }
                        i += 3;
                    }
                    Some(CmapToken::ArrayStart) => {
                        let mut j = i + 3;
                        let mut k = 0u32;
                        while let Some(CmapToken::Hex(dst)) = tokens.get(j) {
                            if k <= count {
                                cmap.map.insert((len, lo_code + k), utf16_text(dst));
                            }
                            k += 1;
                            j += 1;
                        }
                        i = j + 1;
                    }
                    _ => i += 2,
                }
            }
            _ => i += 1,
        }
    }
    cmap
}

// ---------------------------------------------------------------------------------------------
// Content interpretation

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn translate(tx: f32, ty: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

#[derive(Debug, Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<usize>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GraphicsState {
    fn default() -> Self {
        GraphicsState {
            ctm: IDENTITY,
            font: None,
            font_size: 1.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// Resource dictionaries in lookup order (nearest first).
type Resources<'a> = Vec<&'a Dictionary>;

struct PageOutput {
    text: String,
    images: usize,
    /// The image XObject placed largest on the page, the placed area of all of them, and the
    /// inline images (`BI`), for OCR of a page without text.
    best_image: Option<PlacedImage>,
    image_area: f32,
    inline_images: usize,
    /// The page's content (or a Form XObject in it) inflates past `[limits] pdf_stream_bytes`.
    too_large: bool,
}

/// Interprets pages of one document, caching decoded fonts across pages.
struct PageReader<'d> {
    doc: &'d Document,
    /// The rules file's `[limits]` (the `pdf_*` keys apply here).
    limits: Limits,
    fonts: Vec<Font>,
    /// Font dictionary address → index in `fonts`.
    font_index: HashMap<usize, usize>,
    /// Form fields whose value was placed on a page (by the field object holding `/V`).
    placed_fields: std::collections::HashSet<ObjectId>,
}

struct PageState {
    gs: GraphicsState,
    stack: Vec<GraphicsState>,
    tm: Matrix,
    tlm: Matrix,
    runs: Vec<Run>,
    images: usize,
    best_image: Option<PlacedImage>,
    image_area: f32,
    inline_images: usize,
    ops: usize,
    forms: Vec<ObjectId>,
    /// The limit that cut the page's content (operators or Form XObject nesting).
    truncated: Option<String>,
    /// `q` operators ignored at `[limits] pdf_state_stack`.
    stack_overflow: bool,
    /// Widgets left unread at `[limits] pdf_widgets`.
    widgets_cut: bool,
    too_large: bool,
}

impl<'d> PageReader<'d> {
    fn new(doc: &'d Document, limits: Limits) -> Self {
        PageReader {
            doc,
            limits,
            fonts: Vec::new(),
            font_index: HashMap::new(),
            placed_fields: std::collections::HashSet::new(),
        }
    }

    fn font_remarks(&self) -> Vec<String> {
        let mut names: Vec<&str> = self
            .fonts
            .iter()
            .filter(|f| f.missing_map)
            .map(|f| f.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut cut: Vec<(&str, &str)> = self
            .fonts
            .iter()
            .filter_map(|f| Some((f.name.as_str(), f.cut_by.as_deref()?)))
            .collect();
        cut.sort_unstable();
        cut.dedup();
        names
            .into_iter()
            .map(|n| format!("字体 {n} 的部分字符无法映射为文字（缺少 ToUnicode）"))
            .chain(cut.into_iter().map(|(n, limit)| {
                format!("字体 {n} 的 ToUnicode 映射超过 {limit}，超出部分未读取")
            }))
            .collect()
    }

    fn read_page(
        &mut self,
        page_id: ObjectId,
        number: u32,
        remarks: &mut Vec<String>,
    ) -> PageOutput {
        let doc = self.doc;
        let resources = page_resources(doc, page_id);
        let mut state = PageState {
            gs: GraphicsState::default(),
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            runs: Vec::new(),
            images: 0,
            best_image: None,
            image_area: 0.0,
            inline_images: 0,
            ops: 0,
            forms: Vec::new(),
            truncated: None,
            stack_overflow: false,
            widgets_cut: false,
            too_large: false,
        };
        match page_content(doc, page_id, self.limits.pdf_stream_bytes) {
            Ok(content) => {
                let complete = self.run_content(&content, &resources, &mut state, 0);
                if !complete {
                    remarks.push(format!("第 {number} 页内容流有错误，只读取了出错前的部分"));
                }
            }
            Err(TooLarge) => state.too_large = true,
        }
        self.widgets(page_id, &mut state);
        if let Some(limit) = &state.truncated {
            remarks.push(format!(
                "第 {number} 页内容过于复杂，已截断（超过 {limit}）"
            ));
        }
        if state.stack_overflow {
            remarks.push(format!(
                "第 {number} 页图形状态嵌套超过 {}，多余的保存（q）被忽略，文字位置可能有误",
                named("pdf_state_stack", self.limits.pdf_state_stack)
            ));
        }
        if state.widgets_cut {
            remarks.push(format!(
                "第 {number} 页表单控件超过 {}，其余未读取",
                named("pdf_widgets", self.limits.pdf_widgets)
            ));
        }
        PageOutput {
            text: layout(state.runs),
            images: state.images,
            best_image: state.best_image,
            image_area: state.image_area,
            inline_images: state.inline_images,
            too_large: state.too_large,
        }
    }

    /// Filled form fields (AcroForm widgets) of the page, as text where the viewer shows them:
    /// a text or choice field's value (`/V`), a check box or radio button as ☑ / ☐ (before its
    /// label, as a tick layout); a widget with no value but an appearance stream is drawn from
    /// that stream. Hidden widgets and push buttons are left out.
    fn widgets(&mut self, page_id: ObjectId, st: &mut PageState) {
        let doc = self.doc;
        let Ok(page) = doc.get_dictionary(page_id) else {
            return;
        };
        let Ok(annots) = page.get_deref(b"Annots", doc).and_then(Object::as_array) else {
            return;
        };
        let max_depth = self.limits.pdf_field_depth;
        if annots.len() > self.limits.pdf_widgets {
            st.widgets_cut = true;
        }
        for annot in annots.iter().take(self.limits.pdf_widgets) {
            let (id, dict) = match annot {
                Object::Reference(id) => match doc.get_dictionary(*id) {
                    Ok(d) => (Some(*id), d),
                    Err(_) => continue,
                },
                Object::Dictionary(d) => (None, d),
                _ => continue,
            };
            if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Widget".as_slice()) {
                continue;
            }
            let flags = dict.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            if flags & 2 != 0 {
                continue; // hidden
            }
            let Some(rect) = widget_rect(doc, dict) else {
                continue;
            };
            match field_text(doc, dict, max_depth) {
                Some(text) => {
                    if let Some(holder) = value_holder(doc, id, dict, max_depth) {
                        self.placed_fields.insert(holder);
                    }
                    let size = field_font_size(doc, dict, rect, max_depth);
                    let is_box = text == "☑" || text == "☐";
                    let width: f32 = text
                        .chars()
                        .map(|c| if c.is_ascii() { 0.5 * size } else { size })
                        .sum();
                    // A box reaches to its rectangle's edge and the padding after it, so
                    // the option label beside it joins it (`☑有`).
                    let (x0, x1) = if is_box {
                        (rect[0], rect[2].max(rect[0] + width) + 0.5 * size)
                    } else {
                        (rect[0] + 2.0, rect[0] + 2.0 + width)
                    };
                    let y = rect[1] + (rect[3] - rect[1] - size) / 2.0 + 0.2 * size;
                    st.runs.push(Run {
                        x0,
                        x1,
                        y,
                        size,
                        text,
                    });
                }
                None => self.draw_appearance(dict, rect, st),
            }
        }
    }

    /// Runs a widget's normal appearance stream placed in its rectangle (BBox → Rect).
    fn draw_appearance(&mut self, widget: &'d Dictionary, rect: [f32; 4], st: &mut PageState) {
        let doc = self.doc;
        let Ok(stream) = widget
            .get_deref(b"AP", doc)
            .and_then(Object::as_dict)
            .and_then(|ap| ap.get_deref(b"N", doc))
            .and_then(Object::as_stream)
        else {
            return;
        };
        let bbox: Vec<f32> = stream
            .dict
            .get_deref(b"BBox", doc)
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect())
            .unwrap_or_default();
        if bbox.len() != 4 {
            return;
        }
        let Ok(data) = stream_data(stream, self.limits.pdf_stream_bytes) else {
            st.too_large = true;
            return;
        };
        let mut resources: Resources<'d> = Vec::new();
        if let Ok(Object::Dictionary(d)) = stream.dict.get_deref(b"Resources", doc) {
            resources.push(d);
        }
        if let Ok(dr) = doc
            .catalog()
            .and_then(|c| c.get_deref(b"AcroForm", doc))
            .and_then(Object::as_dict)
            .and_then(|f| f.get_deref(b"DR", doc))
            .and_then(Object::as_dict)
        {
            resources.push(dr);
        }
        let scale = |r: f32, b: f32| if b.abs() > f32::EPSILON { r / b } else { 1.0 };
        let sx = scale(rect[2] - rect[0], bbox[2] - bbox[0]);
        let sy = scale(rect[3] - rect[1], bbox[3] - bbox[1]);
        let saved = (st.gs.clone(), st.tm, st.tlm, st.stack.len());
        st.gs = GraphicsState {
            ctm: [
                sx,
                0.0,
                0.0,
                sy,
                rect[0] - bbox[0] * sx,
                rect[1] - bbox[1] * sy,
            ],
            ..GraphicsState::default()
        };
        self.run_content(&data, &resources, st, 1);
        st.stack.truncate(saved.3);
        st.gs = saved.0;
        st.tm = saved.1;
        st.tlm = saved.2;
    }

    /// Form fields with a value that no page shows (no widget on a page): `name: value` lines
    /// at the end of the first page. A walk cut at `pdf_widgets` or `pdf_field_depth` is
    /// remarked.
    fn orphan_fields(&self, texts: &mut [String], remarks: &mut Vec<String>) {
        let doc = self.doc;
        let Some(first) = texts.first_mut() else {
            return;
        };
        let Ok(fields) = doc
            .catalog()
            .and_then(|c| c.get_deref(b"AcroForm", doc))
            .and_then(Object::as_dict)
            .and_then(|f| f.get_deref(b"Fields", doc))
            .and_then(Object::as_array)
        else {
            return;
        };
        let mut stack: Vec<(&Object, String, usize)> =
            fields.iter().rev().map(|f| (f, String::new(), 0)).collect();
        let mut visited = 0usize;
        let mut lines = String::new();
        while let Some((node, prefix, depth)) = stack.pop() {
            visited += 1;
            let limit = if visited > self.limits.pdf_widgets {
                Some(named("pdf_widgets", self.limits.pdf_widgets))
            } else if depth > self.limits.pdf_field_depth {
                Some(named("pdf_field_depth", self.limits.pdf_field_depth))
            } else {
                None
            };
            if let Some(limit) = limit {
                remarks.push(format!("表单字段超过 {limit}，其余字段未读取"));
                break;
            }
            let (id, dict) = match node {
                Object::Reference(id) => match doc.get_dictionary(*id) {
                    Ok(d) => (Some(*id), d),
                    Err(_) => continue,
                },
                Object::Dictionary(d) => (None, d),
                _ => continue,
            };
            let partial = dict
                .get(b"T")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .unwrap_or_default();
            let name = match (prefix.is_empty(), partial.is_empty()) {
                (_, true) => prefix.clone(),
                (true, false) => partial,
                (false, false) => format!("{prefix}.{partial}"),
            };
            if let Ok(kids) = dict.get_deref(b"Kids", doc).and_then(Object::as_array) {
                for kid in kids.iter().rev() {
                    stack.push((kid, name.clone(), depth + 1));
                }
            }
            if dict.get(b"V").is_err() || id.is_some_and(|id| self.placed_fields.contains(&id)) {
                continue;
            }
            if let Some(value) = field_text(doc, dict, self.limits.pdf_field_depth) {
                let label = dict
                    .get(b"TU")
                    .ok()
                    .and_then(|t| lopdf::decode_text_string(t).ok())
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(name);
                lines.push_str(&normalise_line(&format!("{label}: {value}")));
                lines.push('\n');
            }
        }
        first.push_str(&lines);
    }

    /// Runs one content stream; `false` when it could not be parsed to the end.
    fn run_content(
        &mut self,
        data: &[u8],
        resources: &Resources<'d>,
        st: &mut PageState,
        depth: usize,
    ) -> bool {
        for op in Content::decode_iter(data) {
            let Ok(op) = op else { return false };
            st.ops += 1;
            if st.ops > self.limits.pdf_operators_per_page {
                st.truncated = Some(named(
                    "pdf_operators_per_page",
                    self.limits.pdf_operators_per_page,
                ));
                return true;
            }
            let nums: Vec<f32> = op
                .operands
                .iter()
                .filter_map(|o| o.as_float().ok())
                .collect();
            let num = |i: usize| nums.get(i).copied().unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if st.stack.len() < self.limits.pdf_state_stack => st.stack.push(st.gs.clone()),
                "q" => st.stack_overflow = true,
                "Q" => {
                    if let Some(gs) = st.stack.pop() {
                        st.gs = gs;
                    }
                }
                "cm" if nums.len() == 6 => {
                    let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    st.gs.ctm = mul(&m, &st.gs.ctm);
                }
                "BT" => {
                    st.tm = IDENTITY;
                    st.tlm = IDENTITY;
                }
                "Tf" => {
                    st.gs.font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| self.font(resources, name));
                    st.gs.font_size = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_float().ok())
                        .unwrap_or(1.0);
                }
                "Tc" => st.gs.char_spacing = num(0),
                "Tw" => st.gs.word_spacing = num(0),
                "Tz" => st.gs.horizontal_scale = num(0) / 100.0,
                "TL" => st.gs.leading = num(0),
                "Ts" => st.gs.rise = num(0),
                "Td" => {
                    st.tlm = mul(&translate(num(0), num(1)), &st.tlm);
                    st.tm = st.tlm;
                }
                "TD" => {
                    st.gs.leading = -num(1);
                    st.tlm = mul(&translate(num(0), num(1)), &st.tlm);
                    st.tm = st.tlm;
                }
                "Tm" if nums.len() == 6 => {
                    st.tlm = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    st.tm = st.tlm;
                }
                "T*" => next_line(st),
                "Tj" => {
                    if let Some(Ok(bytes)) = op.operands.first().map(Object::as_str) {
                        self.show(st, bytes);
                    }
                }
                "'" => {
                    next_line(st);
                    if let Some(Ok(bytes)) = op.operands.first().map(Object::as_str) {
                        self.show(st, bytes);
                    }
                }
                "\"" => {
                    st.gs.word_spacing = num(0);
                    st.gs.char_spacing = num(1);
                    next_line(st);
                    if let Some(Ok(bytes)) = op.operands.get(2).map(Object::as_str) {
                        self.show(st, bytes);
                    }
                }
                "TJ" => {
                    if let Some(Ok(items)) = op.operands.first().map(Object::as_array) {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(st, bytes),
                                other => {
                                    if let Ok(adjust) = other.as_float() {
                                        let tx = -adjust / 1000.0
                                            * st.gs.font_size
                                            * st.gs.horizontal_scale;
                                        st.tm = mul(&translate(tx, 0.0), &st.tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "BI" => {
                    st.images += 1;
                    st.inline_images += 1;
                }
                "Do" => {
                    if let Some(Ok(name)) = op.operands.first().map(Object::as_name) {
                        self.draw_xobject(resources, name, st, depth);
                    }
                }
                _ => {}
            }
        }
        true
    }

    fn draw_xobject(
        &mut self,
        resources: &Resources<'d>,
        name: &[u8],
        st: &mut PageState,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some((id, obj)) = lookup(doc, resources, b"XObject", name) else {
            return;
        };
        let Ok(stream) = obj.as_stream() else { return };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                st.images += 1;
                let ctm = st.gs.ctm;
                let area = (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs();
                let area = if area.is_finite() { area } else { 0.0 };
                st.image_area += area;
                let larger = st.best_image.as_ref().is_none_or(|b| area > b.area);
                if let (Some(id), true) = (id, larger) {
                    // A named colour space is resolved here, where the resources are known.
                    let colour_space = match stream.dict.get(b"ColorSpace") {
                        Ok(Object::Name(n)) => {
                            lookup(doc, resources, b"ColorSpace", n).map(|(_, o)| o.clone())
                        }
                        _ => None,
                    };
                    st.best_image = Some(PlacedImage {
                        id,
                        ctm,
                        area,
                        colour_space,
                    });
                }
            }
            Ok(b"Form") => {
                if depth >= self.limits.pdf_form_depth {
                    st.truncated = Some(named("pdf_form_depth", self.limits.pdf_form_depth));
                    return;
                }
                if let Some(id) = id {
                    if st.forms.contains(&id) {
                        return;
                    }
                    st.forms.push(id);
                }
                let Ok(data) = stream_data(stream, self.limits.pdf_stream_bytes) else {
                    st.too_large = true;
                    if id.is_some() {
                        st.forms.pop();
                    }
                    return;
                };
                let mut inner: Resources<'d> = Vec::new();
                if let Ok(Object::Dictionary(d)) = stream.dict.get_deref(b"Resources", doc) {
                    inner.push(d);
                }
                inner.extend(resources.iter().copied());
                let saved = (st.gs.clone(), st.tm, st.tlm, st.stack.len());
                if let Ok(m) = stream
                    .dict
                    .get_deref(b"Matrix", doc)
                    .and_then(Object::as_array)
                {
                    let v: Vec<f32> = m.iter().filter_map(|o| o.as_float().ok()).collect();
                    if v.len() == 6 {
                        st.gs.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &st.gs.ctm);
                    }
                }
                self.run_content(&data, &inner, st, depth + 1);
                st.stack.truncate(saved.3);
                st.gs = saved.0;
                st.tm = saved.1;
                st.tlm = saved.2;
                if id.is_some() {
                    st.forms.pop();
                }
            }
            _ => {}
        }
    }

    fn font(&mut self, resources: &Resources<'d>, name: &[u8]) -> Option<usize> {
        let (_, obj) = lookup(self.doc, resources, b"Font", name)?;
        let dict = obj.as_dict().ok()?;
        let key = dict as *const Dictionary as usize;
        if let Some(&i) = self.font_index.get(&key) {
            return Some(i);
        }
        let font = Font::load(self.doc, dict, name, &self.limits);
        self.fonts.push(font);
        self.font_index.insert(key, self.fonts.len() - 1);
        Some(self.fonts.len() - 1)
    }

    /// Shows a string: decodes it, advances the text matrix and records runs of text.
    fn show(&mut self, st: &mut PageState, bytes: &[u8]) {
        let Some(font_index) = st.gs.font else { return };
        let mut glyphs = Vec::new();
        self.fonts[font_index].decode(bytes, &mut glyphs);
        let gs = &st.gs;
        let size = gs.font_size;
        let mut current: Option<Run> = None;
        for glyph in glyphs {
            let trm = mul(
                &[size * gs.horizontal_scale, 0.0, 0.0, size, 0.0, gs.rise],
                &mul(&st.tm, &gs.ctm),
            );
            let spacing = gs.char_spacing
                + if glyph.is_byte_space {
                    gs.word_spacing
                } else {
                    0.0
                };
            let tx = (glyph.width / 1000.0 * size + spacing) * gs.horizontal_scale;
            st.tm = mul(&translate(tx, 0.0), &st.tm);
            let after = mul(
                &[size * gs.horizontal_scale, 0.0, 0.0, size, 0.0, gs.rise],
                &mul(&st.tm, &gs.ctm),
            );
            let (x, y) = (trm[4], trm[5]);
            let device_size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt().max(0.1);
            let is_space = glyph.text.chars().all(char::is_whitespace);
            if is_space {
                if let Some(run) = current.take() {
                    st.runs.push(run);
                }
                continue;
            }
            match current.as_mut() {
                Some(run)
                    if (run.y - y).abs() < 0.01 * device_size
                        && (x - run.x1).abs() < 0.15 * device_size =>
                {
                    run.text.push_str(&glyph.text);
                    run.x1 = after[4].max(x);
                }
                _ => {
                    if let Some(run) = current.take() {
                        st.runs.push(run);
                    }
                    current = Some(Run {
                        x0: x,
                        x1: after[4].max(x),
                        y,
                        size: device_size,
                        text: glyph.text,
                    });
                }
            }
        }
        if let Some(run) = current {
            st.runs.push(run);
        }
    }
}

/// A form-field attribute, inherited from the field's ancestors (at most `max_depth` up) when
/// the widget lacks it.
fn inherited<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
    max_depth: usize,
) -> Option<&'a Object> {
    let mut node = dict;
    for _ in 0..max_depth {
        if let Ok(value) = node.get(key) {
            return doc.dereference(value).ok().map(|(_, o)| o);
        }
        node = node
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok()?;
    }
    None
}

/// The field object that holds a widget's `/V` (the widget itself or an ancestor).
fn value_holder(
    doc: &Document,
    id: Option<ObjectId>,
    dict: &Dictionary,
    max_depth: usize,
) -> Option<ObjectId> {
    let (mut id, mut node) = (id, dict);
    for _ in 0..max_depth {
        if node.get(b"V").is_ok() {
            return id;
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
        id = Some(parent);
    }
    None
}

/// The text a filled field shows: a text or choice value, ☑ / ☐ for a check box or radio
/// button; `None` for an empty field, a push button or a signature.
fn field_text(doc: &Document, widget: &Dictionary, max_depth: usize) -> Option<String> {
    let kind = inherited(doc, widget, b"FT", max_depth).and_then(|o| o.as_name().ok());
    match kind {
        Some(b"Btn") => {
            let flags = inherited(doc, widget, b"Ff", max_depth)
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(0);
            if flags & (1 << 16) != 0 {
                return None; // push button
            }
            let state = widget
                .get(b"AS")
                .and_then(Object::as_name)
                .ok()
                .or_else(|| {
                    inherited(doc, widget, b"V", max_depth).and_then(|o| o.as_name().ok())
                })?;
            Some(if state == b"Off" { "☐" } else { "☑" }.to_string())
        }
        Some(b"Sig") => None,
        _ => {
            let text = match inherited(doc, widget, b"V", max_depth)? {
                v @ Object::String(..) => lopdf::decode_text_string(v).ok()?,
                Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
                Object::Integer(i) => i.to_string(),
                Object::Real(r) => r.to_string(),
                Object::Array(items) => items
                    .iter()
                    .take(100)
                    .filter_map(|o| lopdf::decode_text_string(o).ok())
                    .collect::<Vec<_>>()
                    .join("、"),
                _ => return None,
            };
            let text = text.replace(['\r', '\n'], " ").trim().to_string();
            (!text.is_empty()).then_some(text)
        }
    }
}

/// A widget's rectangle as [x0, y0, x1, y1] with x0 ≤ x1, y0 ≤ y1.
fn widget_rect(doc: &Document, widget: &Dictionary) -> Option<[f32; 4]> {
    let r: Vec<f32> = widget
        .get_deref(b"Rect", doc)
        .and_then(Object::as_array)
        .ok()?
        .iter()
        .filter_map(|o| o.as_float().ok())
        .collect();
    if r.len() != 4 || r.iter().any(|v| !v.is_finite()) {
        return None;
    }
    Some([
        r[0].min(r[2]),
        r[1].min(r[3]),
        r[0].max(r[2]),
        r[1].max(r[3]),
    ])
}

/// The font size of a field's default appearance (`/DA (/Helv 10 Tf 0 g)`); for 0 (auto) or
/// none, one that fits the rectangle.
fn field_font_size(doc: &Document, widget: &Dictionary, rect: [f32; 4], max_depth: usize) -> f32 {
    let height = (rect[3] - rect[1]).max(1.0);
    let da = inherited(doc, widget, b"DA", max_depth)
        .and_then(|o| o.as_str().ok())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let words: Vec<&str> = da.split_whitespace().collect();
    let size = words
        .iter()
        .position(|w| *w == "Tf")
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| words[i].parse::<f32>().ok())
        .filter(|s| s.is_finite() && *s > 0.0);
    size.unwrap_or((height * 0.7).min(12.0))
        .min(height)
        .max(1.0)
}

/// The page's `/Resources` and those inherited from its ancestors, nearest first. Unlike
/// lopdf's `get_page_resources` this keeps what it found when an ancestor is missing (a
/// repaired file) and stops at a depth bound.
fn page_resources(doc: &Document, page_id: ObjectId) -> Resources<'_> {
    let mut resources = Vec::new();
    let mut node = doc.get_dictionary(page_id).ok();
    let mut seen = vec![page_id];
    while let Some(dict) = node {
        if let Ok(Object::Dictionary(res)) = dict.get_deref(b"Resources", doc) {
            resources.push(res);
        }
        node = match dict.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) if !seen.contains(&parent) && seen.len() < 64 => {
                seen.push(parent);
                doc.get_dictionary(parent).ok()
            }
            _ => None,
        };
    }
    resources
}

// ---------------------------------------------------------------------------------------------
// Page images (SPEC §8.2): the image of a page without text, as stored, for OCR

/// An image XObject drawn on a page: where it is and the CTM it was drawn with.
#[derive(Debug, Clone)]
struct PlacedImage {
    id: ObjectId,
    ctm: Matrix,
    /// Placed area in user space (|det| of the CTM: the unit square's image).
    area: f32,
    /// The `/ColorSpace` named by the image, resolved through the resources it was drawn with.
    colour_space: Option<Object>,
}

/// The image of page `number` (which has no text) for OCR: its largest image XObject as
/// stored, turned upright by the page's `/Rotate` and the placement. What cannot be taken
/// (JBIG2, CCITT, JPEG 2000, damaged dictionaries, oversized images) is a remark naming the
/// page.
fn page_image(
    doc: &Document,
    page_id: ObjectId,
    number: u32,
    page: &PageOutput,
    limits: &Limits,
    remarks: &mut Vec<String>,
) -> Option<PageImage> {
    let Some(placed) = &page.best_image else {
        if page.inline_images > 0 {
            remarks.push(format!(
                "第 {number} 页图像为内嵌图像（BI），暂不支持文字识别"
            ));
        }
        return None;
    };
    let data = match image_data(doc, placed, limits) {
        Ok(data) => data,
        Err(ImageRefusal::Filter(label)) => {
            remarks.push(format!(
                "第 {number} 页图像为 {label} 编码，暂不支持文字识别"
            ));
            return None;
        }
        Err(ImageRefusal::Other(why)) => {
            remarks.push(format!("第 {number} 页图像无法读取：{why}"));
            return None;
        }
    };
    let others = page.image_area - placed.area;
    if page.images > 1 && others >= placed.area * 0.25 {
        remarks.push(format!(
            "第 {number} 页由 {} 幅图像拼成（分条扫描），只取最大的一幅做文字识别，其余部分的文字读不到",
            page.images
        ));
    }
    let [a, b, c, d, ..] = placed.ctm;
    if a * d - b * c < 0.0 {
        remarks.push(format!(
            "第 {number} 页图像为镜像放置，未校正，文字识别可能失败"
        ));
    }
    let turns = (page_rotation(doc, page_id) + placement_turns(&placed.ctm)) % 4;
    Some(PageImage {
        page: number,
        data,
        quarter_turns: turns,
    })
}

/// Why a page image was not taken.
enum ImageRefusal {
    /// A filter no reader here decodes (its label for the remark).
    Filter(String),
    Other(String),
}

/// Clockwise quarter turns of the page's (inherited) `/Rotate`.
fn page_rotation(doc: &Document, page_id: ObjectId) -> u8 {
    let mut node = doc.get_dictionary(page_id).ok();
    let mut seen = vec![page_id];
    while let Some(dict) = node {
        if let Ok(rotate) = dict.get_deref(b"Rotate", doc).and_then(Object::as_float) {
            if !rotate.is_finite() {
                return 0;
            }
            return ((rotate / 90.0).round() as i64).rem_euclid(4) as u8;
        }
        node = match dict.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) if !seen.contains(&parent) && seen.len() < 64 => {
                seen.push(parent);
                doc.get_dictionary(parent).ok()
            }
            _ => None,
        };
    }
    0
}

/// Clockwise quarter turns that bring an image drawn with `ctm` upright: the direction its
/// rows run on the page (the image of the unit x vector; PDF y grows upward).
fn placement_turns(ctm: &Matrix) -> u8 {
    let (a, b) = (ctm[0], ctm[1]);
    if a.abs() >= b.abs() {
        if a < 0.0 { 2 } else { 0 }
    } else if b < 0.0 {
        1
    } else {
        3
    }
}

/// The name of a filter for the remark on an image it leaves unread.
fn filter_label(filter: &[u8]) -> String {
    match filter {
        b"JBIG2Decode" => "JBIG2".into(),
        b"CCITTFaxDecode" | b"CCF" => "CCITT 传真".into(),
        b"JPXDecode" => "JPEG 2000（JPX）".into(),
        other => String::from_utf8_lossy(other).into_owned(),
    }
}

/// The integer `/DecodeParms` of filter `index`.
fn decode_parms(doc: &Document, dict: &Dictionary, index: usize) -> Vec<(String, i64)> {
    let parms = match dict.get_deref(b"DecodeParms", doc) {
        Ok(Object::Dictionary(d)) => Some(d),
        Ok(Object::Array(list)) => list
            .get(index)
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok()),
        _ => None,
    };
    let Some(parms) = parms else {
        return Vec::new();
    };
    let mut out: Vec<(String, i64)> = [
        "Predictor",
        "Colors",
        "BitsPerComponent",
        "Columns",
        "EarlyChange",
    ]
    .iter()
    .filter_map(|k| {
        let v = parms
            .get_deref(k.as_bytes(), doc)
            .and_then(Object::as_i64)
            .ok()?;
        Some((k.to_string(), v))
    })
    .collect();
    out.sort();
    out
}

/// The stored data of a placed image: a JPEG as it is, or raw samples with what reads them.
fn image_data(
    doc: &Document,
    placed: &PlacedImage,
    limits: &Limits,
) -> Result<ImageData, ImageRefusal> {
    let other = |why: &str| ImageRefusal::Other(why.to_string());
    let stream = doc
        .get_object(placed.id)
        .and_then(Object::as_stream)
        .map_err(|_| other("图像对象无法读取"))?;
    let dict = &stream.dict;
    let filters: Vec<Vec<u8>> = match dict.get_deref(b"Filter", doc) {
        Err(_) | Ok(Object::Null) => Vec::new(),
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(list)) => list
            .iter()
            .take(lopdf::Stream::MAX_FILTERS + 1)
            .map(|o| match doc.dereference(o) {
                Ok((_, Object::Name(n))) => Ok(n.clone()),
                _ => Err(other("图像的 /Filter 不是名称")),
            })
            .collect::<Result<_, _>>()?,
        Ok(_) => return Err(other("图像的 /Filter 不是名称")),
    };
    if filters.len() > lopdf::Stream::MAX_FILTERS {
        return Err(other("图像的编码层数过多"));
    }
    let raw_filter = |f: &[u8]| super::image::is_raw_filter(&String::from_utf8_lossy(f));
    let last = filters.last().map(Vec::as_slice);
    let prefix = &filters[..filters.len().saturating_sub(1)];
    if let Some(f) = filters
        .iter()
        .find(|f| !raw_filter(f) && Some(f.as_slice()) != last)
    {
        return Err(ImageRefusal::Filter(filter_label(f)));
    }
    if last == Some(b"DCTDecode".as_slice()) || last == Some(b"DCT".as_slice()) {
        if prefix.is_empty() {
            return Ok(ImageData::Encoded(stream.content.clone()));
        }
        // A JPEG wrapped in ASCII85/Flate …: unwrap it within the stream limit.
        let mut outer = Dictionary::new();
        outer.set(
            "Filter",
            Object::Array(prefix.iter().map(|f| Object::Name(f.clone())).collect()),
        );
        let wrapped = lopdf::Stream::new(outer, stream.content.clone());
        return match wrapped.decompressed_content_with_limit(limits.pdf_stream_bytes) {
            Ok(jpeg) => Ok(ImageData::Encoded(jpeg)),
            Err(e) => Err(ImageRefusal::Other(format!("图像数据无法解压：{e}"))),
        };
    }
    if let Some(last) = last
        && !raw_filter(last)
    {
        return Err(ImageRefusal::Filter(filter_label(last)));
    }
    let int = |key: &[u8]| dict.get_deref(key, doc).and_then(Object::as_i64).ok();
    let dimension = |key: &[u8], label: &str| {
        let v = int(key).ok_or_else(|| ImageRefusal::Other(format!("图像缺少 {label}")))?;
        u32::try_from(v).map_err(|_| ImageRefusal::Other(format!("图像 {label} {v} 无效")))
    };
    let width = dimension(b"Width", "/Width")?;
    let height = dimension(b"Height", "/Height")?;
    let mask = matches!(dict.get_deref(b"ImageMask", doc), Ok(Object::Boolean(true)));
    let (bits, colour) = if mask {
        (1, RawColour::Gray)
    } else {
        let bits = int(b"BitsPerComponent").ok_or_else(|| other("图像缺少 /BitsPerComponent"))?;
        let bits = u8::try_from(bits).unwrap_or(0);
        let space = match &placed.colour_space {
            Some(resolved) => resolved,
            None => dict
                .get_deref(b"ColorSpace", doc)
                .map_err(|_| other("图像缺少色彩空间 /ColorSpace"))?,
        };
        let colour = colour_space(doc, space, true, limits).map_err(ImageRefusal::Other)?;
        (bits, colour)
    };
    let invert = match dict.get_deref(b"Decode", doc).and_then(Object::as_array) {
        Ok(list) => {
            let v: Vec<f32> = list
                .iter()
                .take(2)
                .filter_map(|o| o.as_float().ok())
                .collect();
            v.len() == 2 && v[0] > v[1]
        }
        Err(_) => false,
    };
    let raw = RawImage {
        width,
        height,
        bits,
        colour,
        invert,
        filters: filters
            .iter()
            .enumerate()
            .map(|(i, f)| {
                (
                    String::from_utf8_lossy(f).into_owned(),
                    decode_parms(doc, dict, i),
                )
            })
            .collect(),
        data: Vec::new(),
    };
    // Checked before the (compressed) bytes are copied: a 100000×100000 claim costs nothing.
    raw.check(limits).map_err(ImageRefusal::Other)?;
    Ok(ImageData::Raw(RawImage {
        data: stream.content.clone(),
        ..raw
    }))
}

/// A colour space object as one of those read here; `indexed_ok` is false inside an
/// `/Indexed` base (no nesting).
fn colour_space(
    doc: &Document,
    space: &Object,
    indexed_ok: bool,
    limits: &Limits,
) -> Result<RawColour, String> {
    let space = doc
        .dereference(space)
        .map(|(_, o)| o)
        .map_err(|_| "图像色彩空间无法读取".to_string())?;
    let name_of = |o: &Object| -> String {
        match o {
            Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
            _ => "（非名称）".into(),
        }
    };
    let unsupported = |name: String| format!("图像色彩空间 {name} 不受支持");
    match space {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(RawColour::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(RawColour::Rgb),
            b"DeviceCMYK" | b"CMYK" => Ok(RawColour::Cmyk),
            _ => Err(unsupported(name_of(space))),
        },
        Object::Array(list) => {
            let family = list.first().map(name_of).unwrap_or_default();
            match family.as_str() {
                "CalGray" => Ok(RawColour::Gray),
                "CalRGB" => Ok(RawColour::Rgb),
                "ICCBased" => {
                    let n = list
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|s| s.dict.get_deref(b"N", doc).ok())
                        .and_then(|o| o.as_i64().ok());
                    match n {
                        Some(1) => Ok(RawColour::Gray),
                        Some(3) => Ok(RawColour::Rgb),
                        Some(4) => Ok(RawColour::Cmyk),
                        _ => Err("图像 ICCBased 色彩空间的分量数 /N 无效".into()),
                    }
                }
                "Indexed" | "I" if indexed_ok => {
                    let base = list
                        .get(1)
                        .ok_or_else(|| "索引色图像缺少基础色彩空间".to_string())?;
                    let base = colour_space(doc, base, false, limits)?;
                    let hival = list
                        .get(2)
                        .and_then(|o| o.as_i64().ok())
                        .filter(|h| (0..=255).contains(h))
                        .ok_or_else(|| "索引色图像的最大索引 hival 无效".to_string())?;
                    let lookup = list
                        .get(3)
                        .and_then(|o| doc.dereference(o).ok())
                        .map(|(_, o)| o);
                    let mut palette = match lookup {
                        Some(Object::String(bytes, _)) => bytes.clone(),
                        Some(Object::Stream(s)) => {
                            stream_data(s, limits.pdf_stream_bytes.min(1 << 16))
                                .map_err(|_| "索引色图像的调色板过大".to_string())?
                        }
                        _ => return Err("索引色图像缺少调色板".into()),
                    };
                    let entries = hival as usize + 1;
                    match base {
                        RawColour::Gray => {
                            palette.truncate(entries);
                            Ok(RawColour::Indexed { base: 1, palette })
                        }
                        RawColour::Rgb => {
                            palette.truncate(entries * 3);
                            Ok(RawColour::Indexed { base: 3, palette })
                        }
                        RawColour::Cmyk => {
                            // Over CMYK: the palette is turned to RGB once, here.
                            let rgb = palette
                                .chunks_exact(4)
                                .take(entries)
                                .flat_map(|e| {
                                    let k = e[3] as u16;
                                    [0, 1, 2].map(|c| 255 - (e[c] as u16 + k).min(255) as u8)
                                })
                                .collect();
                            Ok(RawColour::Indexed {
                                base: 3,
                                palette: rgb,
                            })
                        }
                        RawColour::Indexed { .. } => Err("索引色图像的基础色彩空间不受支持".into()),
                    }
                }
                _ => Err(unsupported(family)),
            }
        }
        _ => Err(unsupported(name_of(space))),
    }
}

fn next_line(st: &mut PageState) {
    st.tlm = mul(&translate(0.0, -st.gs.leading), &st.tlm);
    st.tm = st.tlm;
}

/// Finds `name` in the `category` (Font, XObject) of the nearest resource dictionary that has it.
fn lookup<'d>(
    doc: &'d Document,
    resources: &Resources<'d>,
    category: &[u8],
    name: &[u8],
) -> Option<(Option<ObjectId>, &'d Object)> {
    for res in resources {
        let Ok(cat) = res.get_deref(category, doc).and_then(Object::as_dict) else {
            continue;
        };
        match cat.get(name) {
            Ok(Object::Reference(id)) => return doc.get_object(*id).ok().map(|o| (Some(*id), o)),
            Ok(obj) => return Some((None, obj)),
            Err(_) => continue,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_parses_bfchar_and_both_bfrange_forms() {
        let data = b"/CIDInit /ProcSet findresource begin\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <0010> <8D44> endbfchar\n\
            2 beginbfrange <0020> <0022> <4EA7> <0030> <0031> [<603B> <8BA1>] endbfrange\nend";
        let cmap = parse_cmap(data, Limits::default().pdf_cmap_entries);
        assert_eq!(cmap.codespace, vec![(2, 0, 0xFFFF)]);
        assert_eq!(cmap.map.get(&(2, 0x10)).map(String::as_str), Some("资"));
        assert_eq!(cmap.map.get(&(2, 0x20)).map(String::as_str), Some("产"));
        assert_eq!(
            cmap.map.get(&(2, 0x22)).map(String::as_str),
            Some("\u{4EA9}")
        );
        assert_eq!(cmap.map.get(&(2, 0x31)).map(String::as_str), Some("计"));
    }

    #[test]
    fn layout_keeps_a_table_row_on_one_line_in_x_order() {
        let run = |x0: f32, x1: f32, y: f32, text: &str| Run {
            x0,
            x1,
            y,
            size: 10.0,
            text: text.to_string(),
        };
        let text = layout(vec![
            run(300.0, 360.0, 500.2, "1,502,000.00"),
            run(50.0, 90.0, 500.0, "资产总计"),
            run(200.0, 260.0, 499.8, "1,623,456.78"),
            run(50.0, 90.0, 520.0, "项目"),
        ]);
        assert_eq!(text, "项目\n资产总计\t1,623,456.78\t1,502,000.00\n");
    }

    #[test]
    fn garbage_share_counts_replacement_characters() {
        assert!(garbage_share("\u{FFFD}\u{FFFD}a") > 0.5);
        assert!(garbage_share("资产总计 100") < 0.01);
    }

    #[test]
    fn page_text_goes_through_the_keyword_normaliser() {
        let run = |x0: f32, text: &str| Run {
            x0,
            x1: x0 + 40.0,
            y: 500.0,
            size: 10.0,
            text: text.to_string(),
        };
        // A zero-width space (kept by NFKC) and a CJK radical-supplement form (⻣ U+2EE3).
        let text = layout(vec![
            run(50.0, "资产\u{200B}总计"),
            run(200.0, "\u{2EE3}科"),
        ]);
        let want = format!(
            "{}\t{}\n",
            crate::values::text::normalise("资产\u{200B}总计"),
            crate::values::text::normalise("\u{2EE3}科")
        );
        assert_eq!(text, want);
        assert!(text.starts_with("资产总计\t"));
    }

    #[test]
    fn an_empty_filter_list_is_plain_data_and_a_bomb_is_too_large() {
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Array(vec![]));
        let stream = lopdf::Stream::new(dict, b"BT (x) Tj ET".to_vec());
        assert_eq!(stream_data(&stream, 1024), Ok(b"BT (x) Tj ET".to_vec()));
        assert_eq!(stream_data(&stream, 4), Err(TooLarge));
    }

    /// A one-page PDF: `content`, Form XObjects `forms` (name → content, each seeing all by
    /// name), widget `annots` on the page and AcroForm `fields`.
    fn one_page(
        content: &str,
        forms: &[(&str, &str)],
        annots: Vec<Object>,
        fields: Vec<Object>,
    ) -> Vec<u8> {
        let name = |n: &str| Object::Name(n.as_bytes().to_vec());
        let nums = |v: &[i64]| Object::Array(v.iter().map(|&n| Object::Integer(n)).collect());
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let ids: Vec<ObjectId> = forms.iter().map(|_| doc.new_object_id()).collect();
        let mut xobjects = Dictionary::new();
        for ((n, _), id) in forms.iter().zip(&ids) {
            xobjects.set(n.as_bytes().to_vec(), Object::Reference(*id));
        }
        let mut resources = Dictionary::new();
        resources.set("XObject", Object::Dictionary(xobjects));
        for ((_, body), id) in forms.iter().zip(&ids) {
            let mut d = Dictionary::new();
            d.set("Type", name("XObject"));
            d.set("Subtype", name("Form"));
            d.set("BBox", nums(&[0, 0, 100, 100]));
            d.set("Resources", Object::Dictionary(resources.clone()));
            let stream = lopdf::Stream::new(d, body.as_bytes().to_vec());
            doc.objects.insert(*id, Object::Stream(stream));
        }
        let content_id = doc.add_object(Object::Stream(lopdf::Stream::new(
            Dictionary::new(),
            content.as_bytes().to_vec(),
        )));
        let mut page = Dictionary::new();
        page.set("Type", name("Page"));
        page.set("Parent", Object::Reference(pages_id));
        page.set("MediaBox", nums(&[0, 0, 595, 842]));
        page.set("Contents", Object::Reference(content_id));
        page.set("Resources", Object::Dictionary(resources));
        page.set("Annots", Object::Array(annots));
        let page_id = doc.add_object(Object::Dictionary(page));
        let mut pages = Dictionary::new();
        pages.set("Type", name("Pages"));
        pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
        pages.set("Count", Object::Integer(1));
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut form = Dictionary::new();
        form.set("Fields", Object::Array(fields));
        let mut catalog = Dictionary::new();
        catalog.set("Type", name("Catalog"));
        catalog.set("Pages", Object::Reference(pages_id));
        catalog.set("AcroForm", Object::Dictionary(form));
        let catalog_id = doc.add_object(Object::Dictionary(catalog));
        doc.trailer.set("Root", Object::Reference(catalog_id));
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("in memory");
        out
    }

    /// A filled text field: `/T name`, `/V value`, with a widget rectangle at height `y`
    /// when `y` is given.
    fn field(name: &str, value: &str, y: Option<i64>, kids: Vec<Object>) -> Object {
        let mut d = Dictionary::new();
        d.set("T", Object::string_literal(name));
        if !value.is_empty() {
            d.set("FT", Object::Name(b"Tx".to_vec()));
            d.set("V", Object::string_literal(value));
        }
        if let Some(y) = y {
            d.set("Subtype", Object::Name(b"Widget".to_vec()));
            d.set(
                "Rect",
                Object::Array([50, y, 200, y + 20].map(Object::Integer).to_vec()),
            );
        }
        if !kids.is_empty() {
            d.set("Kids", Object::Array(kids));
        }
        Object::Dictionary(d)
    }

    fn read_with(bytes: &[u8], change: impl FnOnce(&mut Limits)) -> PdfText {
        let mut limits = Limits::default();
        change(&mut limits);
        read_pdf_limited(bytes, &limits)
    }

    fn names_limit(text: &PdfText, key_value: &str) -> bool {
        let wanted = format!("[limits] {key_value}");
        text.remarks.iter().any(|r| r.contains(&wanted))
    }

    /// No remark names a limit.
    fn uncut(text: &PdfText) -> bool {
        !names_limit(text, "")
    }

    #[test]
    fn operators_and_state_stack_are_cut_at_their_rules_file_limits() {
        // Six operators, three nested saves.
        let pdf = one_page("q q q Q Q Q", &[], vec![], vec![]);
        assert!(uncut(&read_pdf(&pdf)), "{:?}", read_pdf(&pdf));
        let ops = read_with(&pdf, |l| l.pdf_operators_per_page = 5);
        assert!(names_limit(&ops, "pdf_operators_per_page = 5"), "{ops:?}");
        assert!(uncut(&read_with(&pdf, |l| l.pdf_operators_per_page = 6)));
        let stack = read_with(&pdf, |l| l.pdf_state_stack = 2);
        assert!(names_limit(&stack, "pdf_state_stack = 2"), "{stack:?}");
        assert!(uncut(&read_with(&pdf, |l| l.pdf_state_stack = 3)));
    }

    #[test]
    fn form_xobject_nesting_is_cut_at_pdf_form_depth() {
        // The page draws A, A draws B: two levels.
        let pdf = one_page("/A Do", &[("A", "/B Do"), ("B", "q Q")], vec![], vec![]);
        assert!(uncut(&read_pdf(&pdf)), "{:?}", read_pdf(&pdf));
        let cut = read_with(&pdf, |l| l.pdf_form_depth = 1);
        assert!(names_limit(&cut, "pdf_form_depth = 1"), "{cut:?}");
        assert!(uncut(&read_with(&pdf, |l| l.pdf_form_depth = 2)));
    }

    #[test]
    fn widgets_and_field_depth_are_cut_at_their_rules_file_limits() {
        let widgets = vec![
            field("a", "A1", Some(700), vec![]),
            field("b", "B2", Some(600), vec![]),
            field("c", "C3", Some(500), vec![]),
        ];
        let pdf = one_page("", &[], widgets.clone(), widgets);
        let all = read_pdf(&pdf);
        assert!(uncut(&all), "{all:?}");
        assert!(["A1", "B2", "C3"].iter().all(|v| all.pages[0].contains(v)));
        let cut = read_with(&pdf, |l| l.pdf_widgets = 2);
        assert!(names_limit(&cut, "pdf_widgets = 2"), "{cut:?}");
        assert!(cut.pages[0].contains("B2") && !cut.pages[0].contains("C3"));
        assert!(!names_limit(
            &read_with(&pdf, |l| l.pdf_widgets = 3),
            "pdf_widgets"
        ));

        // A field tree three levels deep (a → b → c), with no widget on a page.
        let tree = field(
            "a",
            "",
            None,
            vec![field("b", "", None, vec![field("c", "deep", None, vec![])])],
        );
        let pdf = one_page("", &[], vec![], vec![tree]);
        let whole = read_with(&pdf, |l| l.pdf_field_depth = 2);
        assert!(whole.pages[0].contains("a.b.c: deep"), "{whole:?}");
        assert!(uncut(&whole), "{whole:?}");
        let cut = read_with(&pdf, |l| l.pdf_field_depth = 1);
        assert!(names_limit(&cut, "pdf_field_depth = 1"), "{cut:?}");
        assert!(!cut.pages[0].contains("deep"));
    }

    #[test]
    fn cmap_entries_are_cut_at_pdf_cmap_entries() {
        let data = b"1 begincodespacerange <00> <FF> endcodespacerange\n\
            3 beginbfchar <01> <0041> <02> <0042> <03> <0043> endbfchar\nendcmap";
        let whole = parse_cmap(data, 3);
        assert_eq!(whole.map.len(), 3);
        assert!(!whole.cut);
        let cut = parse_cmap(data, 2);
        assert_eq!(cut.map.len(), 2);
        assert!(cut.cut);
    }

    #[test]
    fn not_a_pdf_is_unreadable_not_a_panic() {
        let text = read_pdf(b"PK\x03\x04 not a pdf");
        assert!(matches!(text.status, DocStatus::Unreadable(_)));
        let text = read_pdf(b"%PDF-1.4\n garbage");
        assert!(matches!(text.status, DocStatus::Unreadable(_)));
    }
}
