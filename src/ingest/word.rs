//! Word documents: `.docx` (Office Open XML, read with quick-xml over the zip) and legacy
//! `.doc` / `.wps` (Word 97–2003 and WPS Writer binaries, read from their compound file with
//! the `cfb` crate; see `doc`).
//!
//! Input: a file's bytes. Output: a `WordDoc` — every table as a `Sheet` named `表1`, `表2` …
//! in document order (nested tables included, numbered where they start), with merged ranges
//! from `gridSpan`/`vMerge`, line breaks inside a cell kept as `\n`; and the paragraphs outside
//! tables, one string per paragraph (`¶1` is `paragraphs[0]`). Everything is bounded: entry
//! sizes (declared and actual), tables, cells per table, nesting depth and text length, so a
//! hostile file is refused or cut (and the cut reported) instead of exhausting memory.

use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::spreadsheet::{IngestError, read_bounded};
use super::{Cell, Merge, Sheet};
use crate::limits::{Limits, named};

mod doc;

// Every bound comes from the rules file's `[limits]` (`crate::limits::Limits`): a table is
// bounded like a sheet (`sheet_rows`, `sheet_columns`, `sheet_cells`), `word/document.xml` like
// a workbook part (`workbook_part_bytes`), and the document as a whole by `word_tables`,
// `word_table_depth`, `word_text_chars` and `word_units`. Every cut names its key.

/// What a Word document holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WordDoc {
    /// Tables as sheets (`表1`, `表2` … in document order).
    pub tables: Vec<Sheet>,
    /// Paragraphs outside tables, in order (empty paragraphs kept, so numbers match Word's).
    pub paragraphs: Vec<String>,
    /// Non-fatal remarks (content cut at a bound, approximations), in Chinese.
    pub remarks: Vec<String>,
    /// Remarks a reviewer must act on (tick boxes whose state could not be read), in Chinese.
    pub warnings: Vec<String>,
}

/// Stands for a tick box whose state could not be read (a .doc FORMCHECKBOX field, a
/// symbol-font character of an unknown font) until `neutralise_unknown_boxes` runs.
pub(crate) const UNKNOWN_BOX: char = '\u{FFFC}';

/// In every cell or paragraph holding a box of unknown state, every box is read as
/// unticked: the options then read as "none chosen" (a field to review), never as a
/// partial choice that looks certain. Returns the number of cells and paragraphs changed.
fn neutralise_unknown_boxes(doc: &mut WordDoc) {
    let fix = |s: &mut String| -> bool {
        if !s.contains(UNKNOWN_BOX) {
            return false;
        }
        *s = s
            .chars()
            .map(|c| match c {
                UNKNOWN_BOX | '☑' | '☒' | '✓' | '✔' | '√' | '■' | '▣' | '●' | '◉' => {
                    '☐'
                }
                c => c,
            })
            .collect();
        true
    };
    let mut n = 0;
    for sheet in &mut doc.tables {
        for cell in sheet.rows.iter_mut().flatten() {
            if let Cell::Text(s) = cell
                && fix(s)
            {
                n += 1;
            }
        }
    }
    for p in &mut doc.paragraphs {
        if fix(p) {
            n += 1;
        }
    }
    if n > 0 {
        doc.warnings.push(format!(
            "{n} 处单元格或段落中有勾选框（Word 窗体复选框或符号字体字符）的勾选状态无法读取，其中的选项均按未勾选读取，请人工核对"
        ));
    }
}

/// Text of a run in `font`: symbol-font characters (U+F000–U+F0FF) become the boxes they
/// show, or `UNKNOWN_BOX`.
fn run_text(text: &str, font: &str) -> String {
    text.chars()
        .map(|c| {
            if ('\u{F000}'..='\u{F0FF}').contains(&c) {
                let known = font.to_ascii_lowercase().contains("wingdings");
                known
                    .then(|| symbol(font, &format!("{:X}", c as u32)))
                    .flatten()
                    .unwrap_or(UNKNOWN_BOX)
            } else {
                c
            }
        })
        .collect()
}

/// Extensions of Word-family documents.
pub fn is_word_ext(ext: &str) -> bool {
    matches!(
        ext,
        "docx" | "docm" | "dotx" | "dotm" | "doc" | "dot" | "wps" | "wpt"
    )
}

/// Whether the bytes are a Word document whatever the name: a zip holding
/// `word/document.xml`, or a compound file holding a `WordDocument` stream.
pub fn looks_like_word(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"PK\x03\x04") {
        return contains(bytes, b"word/document");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let name: Vec<u8> = "WordDocument"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        return contains(bytes, &name);
    }
    false
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Reads a Word document (docx, doc or wps, by content) within `limits`.
pub fn read_word(bytes: &[u8], limits: &Limits) -> Result<WordDoc, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let result = std::panic::catch_unwind(|| {
        if bytes.starts_with(b"PK\x03\x04") {
            read_docx(bytes, limits)
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            doc::read_doc(bytes, limits)
        } else if bytes.starts_with(b"{\\rtf") {
            Err(IngestError::Unsupported(
                "RTF 格式的 Word 文件，请用 Word/WPS 另存为 docx".into(),
            ))
        } else {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
            if head.contains("<html") || head.contains("mime-version") {
                Err(IngestError::Unsupported(
                    "网页（HTML/MHT）另存的 Word 文件，请用 Word/WPS 另存为 docx".into(),
                ))
            } else {
                Err(IngestError::Damaged("不是 Word/WPS 文字文件".into()))
            }
        }
    });
    result.unwrap_or_else(|_| Err(IngestError::Damaged("Word 解析器异常终止".into())))
}

fn damaged(e: impl std::fmt::Display) -> IngestError {
    IngestError::Damaged(e.to_string())
}

/// Reads one zip entry, refusing it when its declared or actual size passes
/// `[limits] workbook_part_bytes`.
fn zip_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, IngestError> {
    let max = limits.workbook_part_bytes;
    let key = named("workbook_part_bytes", max);
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
            return Err(IngestError::Encrypted);
        }
        Err(e) => return Err(damaged(e)),
    };
    if file.encrypted() {
        return Err(IngestError::Encrypted);
    }
    let declared = file.size();
    if declared > max {
        return Err(IngestError::TooLarge(
            format!("{name} 解压后 {declared} 字节，超过上限（{key}）"),
            format!("{name} inflates to {declared} bytes, over the limit ({key})"),
        ));
    }
    match read_bounded(&mut file, max, declared as usize).map_err(damaged)? {
        Some(b) => Ok(Some(b)),
        None => Err(IngestError::TooLarge(
            format!("{name} 解压后超过上限（{key}）"),
            format!("{name} inflates past the limit ({key})"),
        )),
    }
}

fn read_docx(bytes: &[u8], limits: &Limits) -> Result<WordDoc, IngestError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    // The main part is word/document.xml in every producer seen; a renamed part is found by
    // its name pattern.
    let mut name = "word/document.xml".to_string();
    if zip.index_for_name(&name).is_none() {
        match zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| n.starts_with("word/document") && n.ends_with(".xml"))
            .min()
        {
            Some(n) => name = n.to_string(),
            None => {
                return Err(IngestError::Damaged(
                    "压缩包中没有 word/document.xml，不是 Word 文档".into(),
                ));
            }
        }
    }
    let xml = zip_entry(&mut zip, &name, limits)?.unwrap_or_default();
    let text = decode_xml(&xml);
    parse_document_xml_limited(&text, limits)
}

fn decode_xml(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode(bytes).0.into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode(bytes).0.into_owned();
    }
    String::from_utf8_lossy(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)).into_owned()
}

/// A vertical-merge mark of a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
struct CellB {
    col: u32,
    span: u32,
    vmerge: VMerge,
    text: String,
}

/// A table being read, with the numbers used for its sheet name.
#[derive(Debug, Default)]
struct TableB {
    number: usize,
    rows: Vec<Vec<CellB>>,
    /// Column where the next cell of the current row starts.
    next_col: u32,
    cells: usize,
    dropped: u64,
    /// The cell being read (its text collects paragraphs).
    cell: Option<CellB>,
    in_row: bool,
    /// The current row was not kept (past `sheet_rows` or the document's budget).
    over: bool,
    /// Keys of the limits that cut this table, in the order met.
    cut_by: Vec<&'static str>,
    /// Binary .doc only: each row's cell geometry, from its row-end paragraph.
    row_defs: Vec<(usize, doc::RowDef)>,
}

/// Builds tables into sheets as the document's XML goes by.
#[derive(Default)]
struct Builder {
    limits: Limits,
    stack: Vec<TableB>,
    /// Depth of tables past `word_table_depth`, read as text.
    ignored_depth: usize,
    done: Vec<(usize, Sheet)>,
    tables_seen: usize,
    paragraphs: Vec<String>,
    /// Text of the paragraph being read.
    para: String,
    para_depth: usize,
    chars: usize,
    /// Paragraphs, rows and cells kept so far (see `word_units`).
    units: usize,
    remarks: Vec<String>,
    cut: bool,
}

impl Builder {
    fn new(limits: &Limits) -> Self {
        Builder {
            limits: *limits,
            ..Builder::default()
        }
    }

    /// Takes `n` units of the document's budget; false (and the document marked cut) when
    /// it is spent.
    fn spend(&mut self, n: usize) -> bool {
        if self.units.saturating_add(n) > self.limits.word_units {
            self.cut = true;
            return false;
        }
        self.units += n;
        true
    }

    fn push_text(&mut self, s: &str) {
        if self.para_depth == 0 {
            return;
        }
        let n = s.chars().count();
        if self.chars.saturating_add(n) > self.limits.word_text_chars {
            self.cut = true;
            return;
        }
        self.chars += n;
        self.para.push_str(s);
    }

    fn start_paragraph(&mut self) {
        if self.para_depth > 0 {
            // A text box's paragraph inside a paragraph: a line of its own.
            self.para.push('\n');
        }
        self.para_depth += 1;
    }

    fn end_paragraph(&mut self) {
        if self.para_depth == 0 {
            return;
        }
        self.para_depth -= 1;
        if self.para_depth > 0 {
            return;
        }
        let text = std::mem::take(&mut self.para);
        let outside = self.stack.is_empty();
        match self.stack.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&text);
            }
            None if outside => {
                if self.spend(1) {
                    self.paragraphs.push(text);
                }
            }
            // Text between rows or cells (malformed): kept as a paragraph of the document.
            None => {
                if !text.trim().is_empty() && self.spend(1) {
                    self.paragraphs.push(text);
                }
            }
        }
    }

    fn start_table(&mut self) {
        let depth = self.limits.word_table_depth;
        let tables = self.limits.word_tables;
        if self.stack.len() >= depth || self.tables_seen >= tables {
            if self.ignored_depth == 0 {
                self.remarks.push(if self.stack.len() >= depth {
                    format!(
                        "表格嵌套超过 {depth} 层（{}），更深的表格按单元格文字读取",
                        named("word_table_depth", depth)
                    )
                } else {
                    format!(
                        "文档超过 {tables} 个表格（{}），其余表格按文字读取",
                        named("word_tables", tables)
                    )
                });
            }
            self.ignored_depth += 1;
            return;
        }
        // A table inside a paragraph of a cell (text box) ends that paragraph first.
        let pending = std::mem::take(&mut self.para);
        self.para_depth = 0;
        if !pending.is_empty() {
            if let Some(cell) = self.stack.last_mut().and_then(|t| t.cell.as_mut()) {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&pending);
            } else if self.stack.is_empty() {
                self.paragraphs.push(pending);
            }
        }
        self.tables_seen += 1;
        self.stack.push(TableB {
            number: self.tables_seen,
            ..TableB::default()
        });
    }

    fn end_table(&mut self) {
        if self.ignored_depth > 0 {
            self.ignored_depth -= 1;
            return;
        }
        let Some(table) = self.stack.pop() else {
            return;
        };
        let number = table.number;
        let sheet = finish_table(doc::regrid(table, self.limits.sheet_columns), &self.limits);
        // The nested table's text stays in the outer cell too: rows on lines, cells by tabs.
        if let Some(cell) = self.stack.last_mut().and_then(|t| t.cell.as_mut()) {
            let text = sheet_text(&sheet);
            if !text.is_empty() {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&text);
            }
        }
        self.done.push((number, sheet));
    }

    fn start_row(&mut self) {
        if self.ignored_depth > 0 {
            return;
        }
        self.new_row();
    }

    fn new_row(&mut self) {
        let max_rows = self.limits.sheet_rows as usize;
        let full = self.stack.last().is_none_or(|t| t.rows.len() >= max_rows);
        let keep = !full && self.spend(1);
        if let Some(t) = self.stack.last_mut() {
            if keep {
                t.rows.push(Vec::new());
            } else if !t.over {
                t.dropped += 1;
                if full {
                    t.cut("sheet_rows");
                }
            }
            t.over = !keep;
            t.next_col = 0;
            t.in_row = true;
        }
    }

    fn end_row(&mut self) {
        if self.ignored_depth > 0 {
            return;
        }
        if let Some(t) = self.stack.last_mut() {
            t.in_row = false;
        }
    }

    fn grid_before(&mut self, n: u32) {
        if self.ignored_depth > 0 {
            return;
        }
        if let Some(t) = self.stack.last_mut()
            && t.cell.is_none()
        {
            t.next_col = t.next_col.saturating_add(n.min(self.limits.sheet_columns));
        }
    }

    fn start_cell(&mut self) {
        if self.ignored_depth > 0 {
            // A cell of an ignored (too deep) table: its paragraphs go to the enclosing cell.
            return;
        }
        if self.stack.last().is_some_and(|t| !t.in_row) {
            self.new_row();
        }
        if let Some(t) = self.stack.last_mut() {
            t.cell = Some(CellB {
                col: t.next_col,
                span: 1,
                vmerge: VMerge::None,
                text: String::new(),
            });
        }
    }

    fn cell_props(&mut self, span: Option<u32>, vmerge: Option<VMerge>) {
        if self.ignored_depth > 0 {
            return;
        }
        if let Some(cell) = self.stack.last_mut().and_then(|t| t.cell.as_mut()) {
            if let Some(s) = span {
                cell.span = s.clamp(1, self.limits.sheet_columns.max(1));
            }
            if let Some(v) = vmerge {
                cell.vmerge = v;
            }
        }
    }

    fn end_cell(&mut self) {
        if self.ignored_depth > 0 {
            return;
        }
        let Some(t) = self.stack.last_mut() else {
            return;
        };
        let Some(cell) = t.cell.take() else { return };
        t.next_col = t.next_col.saturating_add(cell.span);
        let filled = !cell.text.trim().is_empty();
        let too_many = t.cells as u64 >= self.limits.sheet_cells;
        let too_far = cell.col >= self.limits.sheet_columns;
        if !t.over && filled {
            if too_far {
                t.cut("sheet_columns");
            } else if too_many {
                t.cut("sheet_cells");
            }
        }
        let over = t.over || too_many || too_far;
        // The row is laid out densely from column A: the cell costs the columns it adds.
        let width = t
            .rows
            .last()
            .map_or(0, |r| r.last().map_or(0, |c| c.col + 1));
        let cost = (cell.col + 1).saturating_sub(width).max(1) as usize;
        if over || !self.spend(cost) {
            if let Some(t) = self.stack.last_mut()
                && filled
            {
                t.dropped += 1;
            }
            return;
        }
        let Some(t) = self.stack.last_mut() else {
            return;
        };
        t.cells += 1;
        if let Some(row) = t.rows.last_mut() {
            row.push(cell);
        }
    }
}

/// All cell texts of a sheet, rows on lines and cells separated by tabs.
fn sheet_text(sheet: &Sheet) -> String {
    sheet
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|c| match c {
                    Cell::Text(s) => Some(s.replace('\n', " ")),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

impl TableB {
    /// Records that the limit `key` cut this table.
    fn cut(&mut self, key: &'static str) {
        if !self.cut_by.contains(&key) {
            self.cut_by.push(key);
        }
    }
}

/// Lays a table's cells on a grid and turns `gridSpan`/`vMerge` into merged ranges.
fn finish_table(table: TableB, limits: &Limits) -> Sheet {
    let max_col = limits.sheet_columns.max(1);
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(table.rows.len());
    let mut merges: Vec<Merge> = Vec::new();
    // Open vertical merges by starting column: index into `merges`.
    let mut open: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32;
        let mut out: Vec<Cell> = Vec::new();
        let mut continued: Vec<u32> = Vec::new();
        for cell in row {
            let last_col = cell.col.saturating_add(cell.span - 1).min(max_col - 1);
            match cell.vmerge {
                VMerge::Continue => {
                    if let Some(&i) = open.get(&cell.col)
                        && let Some(m) = merges.get_mut(i)
                        && m.last_row + 1 == r
                    {
                        m.last_row = r;
                        continued.push(cell.col);
                        continue;
                    }
                    // A continuation with nothing to continue: read as an ordinary cell.
                }
                VMerge::Restart => {}
                VMerge::None => {}
            }
            let text = cell.text.trim_matches([' ', '\u{3000}']).to_string();
            let value = if text.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text)
            };
            let c = cell.col as usize;
            if out.len() <= c {
                out.resize_with(c + 1, || Cell::Empty);
            }
            out[c] = value;
            if cell.span > 1 || cell.vmerge == VMerge::Restart {
                merges.push(Merge {
                    first_row: r,
                    first_col: cell.col,
                    last_row: r,
                    last_col,
                });
                if cell.vmerge == VMerge::Restart {
                    open.insert(cell.col, merges.len() - 1);
                    continued.push(cell.col);
                }
            }
        }
        // Vertical merges not continued in this row are closed.
        open.retain(|col, _| continued.contains(col));
        rows.push(out);
    }
    // A one-cell "merge" (a restart never continued, no span) is no merge.
    merges.retain(|m| m.first_row != m.last_row || m.first_col != m.last_col);
    while rows
        .last()
        .is_some_and(|r| r.iter().all(|c| *c == Cell::Empty))
    {
        rows.pop();
    }
    let notes = if table.dropped > 0 {
        let value = |key: &str| {
            limits
                .entries()
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(0, |(_, v)| *v)
        };
        let keys = if table.cut_by.is_empty() {
            vec!["word_units"]
        } else {
            table.cut_by.clone()
        };
        let keys: Vec<String> = keys.iter().map(|k| named(k, value(k))).collect();
        let keys = keys.join("; ");
        vec![super::Note {
            severity: crate::model::Severity::Warning,
            zh: format!(
                "表格超出读取上限（{keys}），{} 个单元格（或行）未读取",
                table.dropped
            ),
            en: format!(
                "{} cells (or rows) of the table past the reading limit ({keys}) were not read",
                table.dropped
            ),
        }]
    } else {
        Vec::new()
    };
    Sheet {
        name: format!("表{}", table.number),
        rows,
        merges,
        dropped_cells: table.dropped,
        notes,
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| {
            let k: &str = a.key.as_ref();
            k == key || k.rsplit(':').next() == Some(key)
        })
        .map(|a| a.value.into_owned())
}

/// Symbol-font check boxes (`w:sym`) as the characters they show.
fn symbol(font: &str, code: &str) -> Option<char> {
    let code = u32::from_str_radix(code, 16).ok()? & 0xFF;
    let font = font.to_ascii_lowercase();
    if font.contains("wingdings 2") {
        match code {
            0x52 | 0x54 | 0x50 | 0x51 => Some('☑'),
            0xA3 | 0x2A | 0xA2 => Some('☐'),
            _ => None,
        }
    } else if font.contains("wingdings") {
        match code {
            0xFE | 0xFD => Some('☑'),
            0xA8 | 0x6F | 0x71 => Some('☐'),
            _ => None,
        }
    } else {
        char::from_u32(code)
    }
}

/// Reads `word/document.xml` (the body; headers and footers are separate parts, not read)
/// within the default limits.
pub fn parse_document_xml(xml: &str) -> Result<WordDoc, IngestError> {
    parse_document_xml_limited(xml, &Limits::default())
}

/// Reads `word/document.xml` within `limits`.
pub fn parse_document_xml_limited(xml: &str, limits: &Limits) -> Result<WordDoc, IngestError> {
    let mut reader = Reader::from_str(xml);
    let mut b = Builder::new(limits);
    // Inside `<w:t>` text is content; elsewhere (field codes, deleted text) it is not.
    let mut in_t = false;
    // Font of the current run (for symbol-font characters) and the state of a legacy
    // check-box form field being read: (default, checked).
    let mut run_font = String::new();
    let mut check_box: Option<(bool, Option<bool>)> = None;
    let on = |v: Option<String>| !matches!(v.as_deref(), Some("0" | "false" | "off"));
    // Depth inside mc:Fallback (a duplicate of the mc:Choice content) or other skipped parts.
    let mut skip = 0usize;
    let mut events = 0u64;
    loop {
        events += 1;
        if events > 200_000_000 {
            return Err(IngestError::TooLarge(
                "文档 XML 元素过多".into(),
                "too many XML elements in the document".into(),
            ));
        }
        let event = reader.read_event().map_err(|e| {
            IngestError::Damaged(format!(
                "document.xml 在第 {} 字节处损坏：{e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match name {
                    "Fallback" => skip = 1,
                    "r" => run_font.clear(),
                    "checkBox" => check_box = Some((false, None)),
                    "p" => b.start_paragraph(),
                    "t" => in_t = true,
                    "tbl" => b.start_table(),
                    "tr" => b.start_row(),
                    "tc" => b.start_cell(),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = e.local_name();
                let name: &str = name.as_ref();
                match name {
                    "p" => {
                        b.start_paragraph();
                        b.end_paragraph();
                    }
                    "tab" | "ptab" if b.para_depth > 0 => b.push_text("\t"),
                    "br" | "cr" => b.push_text("\n"),
                    "noBreakHyphen" => b.push_text("-"),
                    "sym" => {
                        let font = attr(&e, "font").unwrap_or_default();
                        let c = attr(&e, "char").and_then(|code| symbol(&font, &code));
                        let c = match c {
                            Some(c) => Some(c),
                            None if font.to_ascii_lowercase().contains("wingdings") => {
                                Some(UNKNOWN_BOX)
                            }
                            None => None,
                        };
                        if let Some(c) = c {
                            b.push_text(&c.to_string());
                        }
                    }
                    "rFonts" => {
                        run_font = ["ascii", "hAnsi", "eastAsia", "cs"]
                            .iter()
                            .find_map(|k| attr(&e, k))
                            .unwrap_or_default();
                    }
                    "checkBox" => b.push_text("☐"),
                    "default" if check_box.is_some() => {
                        if let Some(cb) = check_box.as_mut() {
                            cb.0 = on(attr(&e, "val"));
                        }
                    }
                    "checked" if check_box.is_some() => {
                        if let Some(cb) = check_box.as_mut() {
                            cb.1 = Some(on(attr(&e, "val")));
                        }
                    }
                    "gridSpan" => {
                        b.cell_props(attr(&e, "val").and_then(|v| v.trim().parse().ok()), None)
                    }
                    "vMerge" => {
                        let v = match attr(&e, "val").as_deref() {
                            Some("restart") => VMerge::Restart,
                            _ => VMerge::Continue,
                        };
                        b.cell_props(None, Some(v));
                    }
                    "gridBefore" => {
                        if let Some(n) = attr(&e, "val").and_then(|v| v.trim().parse().ok()) {
                            b.grid_before(n);
                        }
                    }
                    "tc" => {
                        b.start_cell();
                        b.end_cell();
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let name = e.local_name();
                let name: &str = name.as_ref();
                match name {
                    "p" => b.end_paragraph(),
                    "t" => in_t = false,
                    "checkBox" => {
                        if let Some((default, checked)) = check_box.take() {
                            b.push_text(if checked.unwrap_or(default) {
                                "☑"
                            } else {
                                "☐"
                            });
                        }
                    }
                    "tc" => b.end_cell(),
                    "tr" => b.end_row(),
                    "tbl" => b.end_table(),
                    _ => {}
                }
            }
            Event::Text(t) if in_t && skip == 0 => {
                let s = t.xml10_content();
                b.push_text(&run_text(&s, &run_font));
            }
            Event::CData(t) if in_t && skip == 0 => {
                let s = t.xml10_content();
                b.push_text(&s);
            }
            Event::GeneralRef(r) if in_t && skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                if let Some(c) = c {
                    b.push_text(&c.to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    b.into_doc()
}

/// The error of a document past `[limits] word_text_chars` or `word_units`.
pub(crate) fn budget_error(limits: &Limits) -> IngestError {
    let chars = named("word_text_chars", limits.word_text_chars);
    let units = named("word_units", limits.word_units);
    IngestError::TooLarge(
        format!("Word 文档超过读取上限（字符数 {chars}，或段落、行和单元格合计 {units}）"),
        format!(
            "the Word document is over the reading limit (characters {chars}, or paragraphs, rows and cells together {units})"
        ),
    )
}

impl Builder {
    /// Closes what a truncated document left open and orders the tables. A document past
    /// the text or size budget is refused whole: tables read in part would count short.
    fn into_doc(mut self) -> Result<WordDoc, IngestError> {
        if self.cut {
            return Err(budget_error(&self.limits));
        }
        while !self.stack.is_empty() {
            self.ignored_depth = 0;
            self.end_cell();
            self.end_table();
        }
        Ok(finish(self.done, self.paragraphs, self.remarks))
    }
}

/// Orders tables by their number and joins continuation tables.
fn finish(mut done: Vec<(usize, Sheet)>, paragraphs: Vec<String>, remarks: Vec<String>) -> WordDoc {
    done.sort_by_key(|(n, _)| *n);
    let mut doc = WordDoc {
        tables: Vec::new(),
        paragraphs,
        remarks,
        warnings: Vec::new(),
    };
    for (_, sheet) in done {
        if let Some(prev) = doc.tables.last_mut()
            && let Some(k) = repeated_header(prev, &sheet)
        {
            doc.remarks.push(format!(
                "{} 的表头与 {} 相同，作为续表合并读取",
                sheet.name, prev.name
            ));
            append_rows(prev, sheet, k);
            continue;
        }
        doc.tables.push(sheet);
    }
    neutralise_unknown_boxes(&mut doc);
    doc
}

/// How many header rows `next` repeats from `prev` (a table continued on the next page with
/// its header copied): the first 1–3 rows equal, the first with at least two filled cells.
fn repeated_header(prev: &Sheet, next: &Sheet) -> Option<usize> {
    let filled = |row: &[Cell]| row.iter().filter(|c| **c != Cell::Empty).count();
    let first = next.rows.first()?;
    if filled(first) < 2 || prev.rows.len() < 2 {
        return None;
    }
    (1..=3)
        .rev()
        .find(|&k| k <= next.rows.len() && k <= prev.rows.len() && prev.rows[..k] == next.rows[..k])
}

/// Appends `next`'s rows after its `skip` header rows to `prev`, merges shifted.
fn append_rows(prev: &mut Sheet, next: Sheet, skip: usize) {
    let offset = prev.rows.len() as u32;
    let skip32 = skip as u32;
    for m in next.merges {
        if m.first_row >= skip32 {
            prev.merges.push(Merge {
                first_row: m.first_row - skip32 + offset,
                last_row: m.last_row - skip32 + offset,
                ..m
            });
        }
    }
    prev.rows.extend(next.rows.into_iter().skip(skip));
    prev.dropped_cells += next.dropped_cells;
    prev.notes.extend(next.notes);
}

#[cfg(test)]
mod tests;
