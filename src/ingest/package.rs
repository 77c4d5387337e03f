//! Guard for zip-packaged workbooks (xlsx/xlsm/xltx, xlsb, ods), run before calamine opens
//! them (issue 9 §1–2, issue 8 family 12).
//!
//! - Every part's declared size is checked (the zip crate stops a read at it, calamine's
//!   too): parts calamine reads whole (shared strings, styles, the workbook and its
//!   relationships) are refused over `workbook_part_bytes`, any part over `file_bytes`.
//! - xlsx: a sheet state Excel does not write (`show`) or a sheet whose relationship is not a
//!   worksheet, chart sheet or dialog sheet (an Excel 4 macro sheet) makes calamine reject the
//!   whole workbook; the package is rebuilt with the state read as visible and the odd sheet
//!   marked as a chart sheet, which the reader then skips with a note naming what it was.
//! - ods: calamine expands `number-rows-repeated` × `number-columns-repeated` for every table
//!   when the file is opened; `content.xml` is scanned first (streaming, bounded by
//!   `file_bytes`) and the file refused when a table would exceed `sheet_cells`, or all
//!   tables `workbook_cells`.
//!
//! Input: the file's bytes and the limits. Output: a `PackagePlan` (the rebuilt package when
//! one was needed, notes per sheet name), or `IngestError::TooLarge` naming the limit.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read, Write};
use std::sync::LazyLock;

use quick_xml::events::{BytesStart, Event};
use regex::Regex;

use super::Note;
use super::spreadsheet::IngestError;
use crate::limits::{Limits, named};
use crate::model::Severity;

#[derive(Debug, Default)]
pub struct PackagePlan {
    pub patched: Option<Vec<u8>>,
    /// Notes by sheet name.
    pub notes: BTreeMap<String, Vec<Note>>,
    /// Sheets that are not worksheets though calamine will call them chart sheets: name →
    /// what they are (zh, en).
    pub kinds: BTreeMap<String, (&'static str, &'static str)>,
}

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Parts calamine reads into memory whole.
fn read_whole(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    base.starts_with("sharedstrings")
        || base.starts_with("styles.")
        || base.starts_with("workbook.")
        || base.ends_with(".rels")
        || base == "[content_types].xml"
}

/// The declared (central-directory) uncompressed size of an entry. The zip crate stops any
/// read at this size ("File is larger than its declared uncompressed size"), for calamine's
/// reads too, so checking it bounds what inflating can produce without inflating anything.
fn declared_size(archive: &mut Archive<'_>, index: usize) -> u64 {
    archive.by_index_raw(index).map_or(0, |f| f.size())
}

/// Inflates a small part already checked against its limit.
fn inflate(archive: &mut Archive<'_>, index: usize, limit: u64) -> Result<Vec<u8>, IngestError> {
    let damaged = |e: &dyn std::fmt::Display| IngestError::Damaged(e.to_string());
    let file = archive.by_index(index).map_err(|e| damaged(&e))?;
    let mut buf = Vec::new();
    file.take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| damaged(&e))?;
    Ok(buf)
}

fn file_too_large(name: &str, size: u64, limit: u64) -> IngestError {
    IngestError::TooLarge(
        format!(
            "表格内部文件 {name} 解压后 {size} 字节，超过 {}",
            named("file_bytes", limit)
        ),
        format!(
            "the workbook part {name} inflates to {size} bytes, over {}",
            named("file_bytes", limit)
        ),
    )
}

fn part_too_large(name: &str, limit: u64) -> IngestError {
    IngestError::TooLarge(
        format!(
            "表格内部文件 {name} 解压后超过 {}",
            named("workbook_part_bytes", limit)
        ),
        format!(
            "the workbook part {name} inflates beyond {}",
            named("workbook_part_bytes", limit)
        ),
    )
}

fn entry_names(archive: &Archive<'_>, limits: &Limits) -> Result<Vec<String>, IngestError> {
    if archive.len() > limits.archive_entries {
        return Err(IngestError::TooLarge(
            format!(
                "表格文件内含 {} 个部件，超过 {}",
                archive.len(),
                named("archive_entries", limits.archive_entries)
            ),
            format!(
                "the workbook holds {} parts, over {}",
                archive.len(),
                named("archive_entries", limits.archive_entries)
            ),
        ));
    }
    Ok((0..archive.len())
        .map(|i| {
            archive
                .name_for_index(i)
                .and_then(Result::ok)
                .map(|n| n.into_owned())
                .unwrap_or_default()
        })
        .collect())
}

static SHEET_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:[A-Za-z0-9_]+:)?sheet\s[^>]*>").expect("regex"));
static REL_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:[A-Za-z0-9_]+:)?Relationship\s[^>]*>").expect("regex"));
static NAME_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sname="([^"]*)""#).expect("regex"));
static STATE_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sstate="([^"]*)""#).expect("regex"));
static RID_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\s(?:[A-Za-z0-9_]+:)?id="([^"]*)""#).expect("regex"));
static ID_ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\sId="([^"]*)""#).expect("regex"));
static TYPE_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sType="([^"]*)""#).expect("regex"));

const CHARTSHEET_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet";

/// What a sheet relationship type names, for a note.
fn kind_of(rel_type: &str) -> (&'static str, &'static str) {
    let last = rel_type
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if last.contains("macrosheet") {
        ("Excel 4.0 宏表", "Excel 4 macro sheet")
    } else {
        ("非数据工作表", "a sheet that is not a worksheet")
    }
}

/// Checks an xlsx/xlsm/xltx/xlsb package and repairs what calamine would reject whole.
pub fn guard_ooxml(bytes: &[u8], limits: &Limits) -> Result<PackagePlan, IngestError> {
    let mut plan = PackagePlan::default();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(plan); // calamine says what is wrong
    };
    let names = entry_names(&archive, limits)?;
    let mut workbook: Option<(String, String)> = None;
    let mut rels: Option<(String, String)> = None;
    for (i, name) in names.iter().enumerate() {
        let size = declared_size(&mut archive, i);
        // Worksheets are streamed, but an inflated sheet part still costs time to parse.
        if size > limits.file_bytes {
            return Err(file_too_large(name, size, limits.file_bytes));
        }
        if !read_whole(name) {
            continue;
        }
        if size > limits.workbook_part_bytes {
            return Err(part_too_large(name, limits.workbook_part_bytes));
        }
        let lower = name.to_ascii_lowercase();
        if lower == "xl/workbook.xml" || lower == "xl/_rels/workbook.xml.rels" {
            let data = inflate(&mut archive, i, limits.workbook_part_bytes)?;
            let text = String::from_utf8_lossy(&data).into_owned();
            if lower == "xl/workbook.xml" {
                workbook = Some((name.clone(), text));
            } else {
                rels = Some((name.clone(), text));
            }
        }
    }
    let mut replaced: BTreeMap<String, String> = BTreeMap::new();
    if let (Some((wb_name, wb)), Some((rels_name, rel_text))) = (workbook, rels) {
        let rel_types: BTreeMap<String, String> = REL_TAG
            .find_iter(&rel_text)
            .filter_map(|m| {
                let tag = m.as_str();
                Some((
                    ID_ATTR.captures(tag)?[1].to_string(),
                    TYPE_ATTR.captures(tag)?[1].to_string(),
                ))
            })
            .collect();
        let mut odd_ids: Vec<String> = Vec::new();
        let mut new_wb = String::with_capacity(wb.len());
        let mut last = 0;
        for m in SHEET_TAG.find_iter(&wb) {
            let tag = m.as_str();
            let name = NAME_ATTR
                .captures(tag)
                .map(|c| unescape(&c[1]))
                .unwrap_or_default();
            let mut tag_out = tag.to_string();
            if let Some(state) = STATE_ATTR.captures(tag).map(|c| c[1].to_string())
                && !["visible", "hidden", "veryHidden"].contains(&state.as_str())
            {
                tag_out = tag_out.replace(&format!("state=\"{state}\""), "state=\"visible\"");
                plan.notes.entry(name.clone()).or_default().push(Note {
                    severity: Severity::Info,
                    zh: format!("工作表状态“{state}”不是 Excel 写入的值，按可见工作表读取"),
                    en: format!("sheet state \"{state}\" is not one Excel writes; read as visible"),
                });
            }
            if let Some(id) = RID_ATTR.captures(tag).map(|c| c[1].to_string())
                && let Some(rel_type) = rel_types.get(&id)
            {
                let last_part = rel_type.rsplit('/').next().unwrap_or("");
                if !["worksheet", "chartsheet", "dialogsheet"].contains(&last_part) {
                    plan.kinds.insert(name.clone(), kind_of(rel_type));
                    odd_ids.push(id);
                }
            }
            new_wb.push_str(&wb[last..m.start()]);
            new_wb.push_str(&tag_out);
            last = m.end();
        }
        new_wb.push_str(&wb[last..]);
        if new_wb != wb {
            replaced.insert(wb_name, new_wb);
        }
        if !odd_ids.is_empty() {
            let mut new_rels = String::with_capacity(rel_text.len());
            let mut last = 0;
            for m in REL_TAG.find_iter(&rel_text) {
                let tag = m.as_str();
                let odd = ID_ATTR
                    .captures(tag)
                    .is_some_and(|c| odd_ids.iter().any(|id| *id == c[1]));
                new_rels.push_str(&rel_text[last..m.start()]);
                if odd {
                    let ty = TYPE_ATTR.captures(tag).map(|c| c[1].to_string());
                    let fixed = match ty {
                        Some(ty) => tag.replace(
                            &format!("Type=\"{ty}\""),
                            &format!("Type=\"{CHARTSHEET_TYPE}\""),
                        ),
                        None => tag.to_string(),
                    };
                    new_rels.push_str(&fixed);
                } else {
                    new_rels.push_str(tag);
                }
                last = m.end();
            }
            new_rels.push_str(&rel_text[last..]);
            replaced.insert(rels_name, new_rels);
        }
    }
    if !replaced.is_empty() {
        plan.patched = Some(
            rebuild(&mut archive, &replaced)
                .map_err(|e| IngestError::Damaged(format!("表格文件无法重建：{e}")))?,
        );
    }
    Ok(plan)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The same package with some parts replaced (stored uncompressed).
fn rebuild(
    archive: &mut Archive<'_>,
    replaced: &BTreeMap<String, String>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i)?;
        let name = file.name()?.into_owned();
        match replaced.get(&name) {
            Some(text) => {
                drop(file);
                out.start_file(name, stored)?;
                out.write_all(text.as_bytes())?;
            }
            None => out.raw_copy_file(file)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

/// Per-table size of an ods as calamine would expand it.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// Cells calamine pushes while reading rows (up to each row's last non-empty cell).
    raw: u64,
    /// Expanded rows from the first non-empty row to the last, repeats included.
    span: u64,
    /// Rows counted since the first non-empty row.
    running: u64,
    width: u64,
    started: bool,
}

impl OdsTable {
    fn area(&self) -> u64 {
        self.span.saturating_mul(self.width)
    }
}

fn attr_u64(e: &BytesStart<'_>, key: &str) -> u64 {
    e.try_get_attribute(key)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

fn has_attr(e: &BytesStart<'_>, key: &str) -> bool {
    matches!(e.try_get_attribute(key), Ok(Some(_)))
}

/// Checks an ods before calamine expands its repeated rows and columns.
pub fn guard_ods(bytes: &[u8], limits: &Limits) -> Result<PackagePlan, IngestError> {
    let plan = PackagePlan::default();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(plan);
    };
    let names = entry_names(&archive, limits)?;
    let Some(index) = names.iter().position(|n| n == "content.xml") else {
        return Ok(plan);
    };
    for (i, name) in names.iter().enumerate() {
        let size = declared_size(&mut archive, i);
        if size > limits.file_bytes {
            return Err(file_too_large(name, size, limits.file_bytes));
        }
    }
    let file = archive
        .by_index(index)
        .map_err(|e| IngestError::Damaged(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(file.take(limits.file_bytes)));
    let mut buf = Vec::new();
    let mut tables: Vec<OdsTable> = Vec::new();
    let mut current: Option<OdsTable> = None;
    // Within a row: the column reached and the end of its last non-empty cell.
    let (mut row_repeat, mut col, mut row_end, mut in_row) = (1u64, 0u64, 0u64, false);
    let mut cell_depth = 0usize;
    const MAX_COLUMNS: u64 = 16_384;
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            // Malformed XML: calamine reports it.
            Err(_) => return Ok(plan),
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" if !empty && cell_depth == 0 => {
                    let name = e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    current = Some(OdsTable {
                        name,
                        ..OdsTable::default()
                    });
                }
                "table:table-row" if cell_depth == 0 => {
                    row_repeat = attr_u64(e, "table:number-rows-repeated").max(1);
                    (col, row_end, in_row) = (0, 0, !empty);
                    if empty && let Some(t) = current.as_mut() {
                        t.running = t.running.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_row && cell_depth == 0 => {
                    let repeat = attr_u64(e, "table:number-columns-repeated").max(1);
                    col = col.saturating_add(repeat).min(MAX_COLUMNS);
                    let filled =
                        !empty || has_attr(e, "office:value-type") || has_attr(e, "table:formula");
                    if filled {
                        row_end = col;
                    }
                    if !empty {
                        cell_depth = 1;
                    }
                }
                _ if cell_depth > 0 && !empty => cell_depth += 1,
                _ => {}
            }
            continue;
        }
        match &event {
            Event::End(e) => {
                if cell_depth > 0 {
                    cell_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "table:table-row" if in_row => {
                        in_row = false;
                        if let Some(t) = current.as_mut() {
                            t.raw = t.raw.saturating_add(row_end);
                            if row_end > 0 {
                                if !t.started {
                                    t.started = true;
                                    t.running = 0;
                                }
                                t.running = t.running.saturating_add(row_repeat);
                                t.span = t.running;
                                t.width = t.width.max(row_end);
                            } else {
                                t.running = t.running.saturating_add(row_repeat);
                            }
                        }
                    }
                    "table:table" => {
                        if let Some(t) = current.take() {
                            check_table(&t, limits)?;
                            tables.push(t);
                            let total: u64 = tables.iter().map(|t| t.area().max(t.raw)).sum();
                            if total > limits.workbook_cells {
                                return Err(IngestError::TooLarge(
                                    format!(
                                        "各工作表展开后共 {total} 个单元格，超过 {}",
                                        named("workbook_cells", limits.workbook_cells)
                                    ),
                                    format!(
                                        "the sheets expand to {total} cells together, over {}",
                                        named("workbook_cells", limits.workbook_cells)
                                    ),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if reader.get_ref().get_ref().limit() == 0 {
        return Err(IngestError::TooLarge(
            format!(
                "content.xml 解压后超过 {}",
                named("file_bytes", limits.file_bytes)
            ),
            format!(
                "content.xml inflates beyond {}",
                named("file_bytes", limits.file_bytes)
            ),
        ));
    }
    Ok(plan)
}

fn check_table(t: &OdsTable, limits: &Limits) -> Result<(), IngestError> {
    let area = t.area().max(t.raw);
    if area > limits.sheet_cells {
        return Err(IngestError::TooLarge(
            format!(
                "工作表“{}”的重复行列展开后为 {} 行 × {} 列（{area} 个单元格），超过 {}",
                t.name,
                t.span,
                t.width,
                named("sheet_cells", limits.sheet_cells)
            ),
            format!(
                "sheet \"{}\" expands its repeated rows and columns to {} × {} ({area} cells), over {}",
                t.name,
                t.span,
                t.width,
                named("sheet_cells", limits.sheet_cells)
            ),
        ));
    }
    Ok(())
}
