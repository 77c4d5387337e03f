//! Spreadsheets (xlsx, xls, ods) through calamine, and CSV through the csv crate.
//!
//! Input: a file's bytes and its name. Output: `Sheet`s of cells with their merged ranges,
//! or an `IngestError` saying in Chinese why the file cannot be read. The format is sniffed
//! from the bytes (a `.xls` that is really an xlsx is read as xlsx; HTML or SpreadsheetML
//! "xls" downloads are reported as unsupported). Sheets are bounded by `crate::limits`
//! (checked before calamine allocates, see `biff` and `package`): what is cut becomes a
//! `Note` on the sheet naming the limit, so a hostile sheet cannot exhaust memory. Sheets
//! that are not worksheets (chart, macro, dialog sheets) are skipped with a note.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetType, Xls, XlsOptions, Xlsb, Xlsx};

use super::{Cell, Merge, Note, Sheet, biff, package};
use crate::limits::{Limits, named};
use crate::model::Severity;

/// xlsx sheets longer than this are read without merged ranges (see `read_xlsx`).
const MERGES_MAX_ROWS: usize = 200;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IngestError {
    #[error("文件为空")]
    Empty,
    #[error("文件受密码保护，无法读取")]
    Encrypted,
    #[error("文件损坏或格式不符：{0}")]
    Damaged(String),
    #[error("不支持的格式：{0}")]
    Unsupported(String),
    /// Over a limit of `[limits]`: Chinese and English, each naming the limit.
    #[error("超出限制，未读取：{0}")]
    TooLarge(String, String),
}

impl IngestError {
    /// English wording for `--lang en`.
    pub fn english(&self) -> String {
        match self {
            IngestError::Empty => "the file is empty".into(),
            IngestError::Encrypted => "the file is password-protected".into(),
            IngestError::Damaged(m) => format!("damaged or not of its stated format: {m}"),
            IngestError::Unsupported(m) => format!("unsupported format: {m}"),
            IngestError::TooLarge(_, en) => format!("over a limit, not read: {en}"),
        }
    }
}

/// What the first bytes say a spreadsheet-like file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Xlsx,
    /// Excel binary workbook (a zip holding `xl/workbook.bin`).
    Xlsb,
    Ods,
    /// OLE compound file: BIFF xls, or an encrypted OOXML package.
    Compound,
    Html,
    SpreadsheetMl,
    Pdf,
    Text,
    Other,
}

pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"%PDF") || bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Sniffed::Compound;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // ODF puts an uncompressed `mimetype` entry first.
        let head = &bytes[..bytes.len().min(200)];
        if head.windows(8).any(|w| w == b"mimetype")
            && bytes
                .windows(46)
                .take(400)
                .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet")
        {
            return Sniffed::Ods;
        }
        // Entry names sit in the local headers (from the start) and the central directory
        // (at the end); looking at both ends is enough and keeps sniffing cheap.
        let names = |part: &[u8]| part.windows(15).any(|w| w == b"xl/workbook.bin");
        let (head, tail) = (
            bytes.len().min(1 << 16),
            bytes.len().saturating_sub(1 << 18),
        );
        if names(&bytes[..head]) || names(&bytes[tail..]) {
            return Sniffed::Xlsb;
        }
        return Sniffed::Xlsx;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<html") || head.starts_with("<!doctype html") || head.contains("<table") {
        return Sniffed::Html;
    }
    if head.starts_with("<?xml") && head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Sniffed::SpreadsheetMl;
    }
    if looks_like_text(bytes) {
        return Sniffed::Text;
    }
    Sniffed::Other
}

/// No NUL bytes in the first 4 KiB (UTF-16 text has a BOM and is checked separately).
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    !bytes[..bytes.len().min(4096)].contains(&0)
}

/// Reads a workbook (xlsx/xlsb/xls/ods, by content) into sheets, with the default limits.
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, IngestError> {
    read_workbook_limited(bytes, &Limits::default())
}

/// Reads a workbook (xlsx/xlsb/xls/ods, by content) into sheets within `limits`.
pub fn read_workbook_limited(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    // calamine is not hardened against every malformed input; a panic inside it must not
    // take the round down. (An allocation failure is an abort, not a panic: the guards in
    // `biff` and `package` measure the file before calamine allocates.)
    let sniffed = sniff(bytes);
    let result = std::panic::catch_unwind(|| match sniffed {
        Sniffed::Xlsx => read_xlsx(bytes, limits),
        Sniffed::Xlsb => read_xlsb(bytes, limits),
        Sniffed::Ods => read_ods(bytes, limits),
        Sniffed::Compound => read_xls(bytes, limits),
        Sniffed::Html => Err(IngestError::Unsupported(
            "网页（HTML）另存的表格，请用 Excel 另存为 xlsx".into(),
        )),
        Sniffed::SpreadsheetMl => Err(IngestError::Unsupported(
            "XML 电子表格 2003 格式，请用 Excel 另存为 xlsx".into(),
        )),
        Sniffed::Pdf => Err(IngestError::Unsupported("文件内容为 PDF".into())),
        Sniffed::Text | Sniffed::Other => Err(IngestError::Damaged(
            "不是 Excel/WPS/LibreOffice 表格文件".into(),
        )),
    });
    result.unwrap_or_else(|_| Err(IngestError::Damaged("表格解析器异常终止".into())))
}

fn damaged(e: impl std::fmt::Display) -> IngestError {
    IngestError::Damaged(e.to_string())
}

/// Builds one sheet within the limits: cells outside the grid, past the sheet's cell budget
/// (counted densely, as `rows` holds them) or with over-long text are cut and counted.
struct SheetBuilder<'l> {
    limits: &'l Limits,
    rows: Vec<Vec<Cell>>,
    dense: u64,
    /// Dense cells this sheet may take: `sheet_cells`, or what is left of `workbook_cells`.
    cap: u64,
    cap_key: &'static str,
    out_of_grid: u64,
    over_cells: u64,
    /// The reader failed part-way through the sheet: cells after the failure are lost.
    failed: bool,
    truncated: u64,
    first_truncated: Option<(u32, u32)>,
    notes: Vec<Note>,
}

impl<'l> SheetBuilder<'l> {
    /// A builder for the next sheet of a workbook whose earlier sheets hold `used` cells.
    fn new(limits: &'l Limits, notes: Vec<Note>, used: u64) -> Self {
        let left = limits.workbook_cells.saturating_sub(used);
        let (cap, cap_key) = if left < limits.sheet_cells {
            (left, "workbook_cells")
        } else {
            (limits.sheet_cells, "sheet_cells")
        };
        SheetBuilder {
            limits,
            rows: Vec::new(),
            dense: 0,
            cap,
            cap_key,
            out_of_grid: 0,
            over_cells: 0,
            failed: false,
            truncated: 0,
            first_truncated: None,
            notes,
        }
    }

    /// Text of a cell, cut to `cell_bytes` at a character boundary.
    fn text(&mut self, r: u32, c: u32, s: &str) -> Cell {
        if s.trim().is_empty() {
            return Cell::Empty;
        }
        let max = self.limits.cell_bytes;
        if s.len() <= max {
            return Cell::Text(s.to_string());
        }
        self.truncated += 1;
        self.first_truncated.get_or_insert((r, c));
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        Cell::Text(s[..end].to_string())
    }

    fn add(&mut self, r: u32, c: u32, value: Cell) {
        if value == Cell::Empty {
            return;
        }
        if r >= self.limits.sheet_rows || c >= self.limits.sheet_columns {
            self.out_of_grid += 1;
            return;
        }
        let (ri, ci) = (r as usize, c as usize);
        let len = self.rows.get(ri).map_or(0, Vec::len);
        let grow = (ci + 1).saturating_sub(len) as u64;
        if self.dense + grow > self.cap {
            self.over_cells += 1;
            return;
        }
        self.dense += grow;
        if self.rows.len() <= ri {
            self.rows.resize_with(ri + 1, Vec::new);
        }
        let row = &mut self.rows[ri];
        if row.len() <= ci {
            row.resize_with(ci + 1, || Cell::Empty);
        }
        row[ci] = value;
    }

    fn data(&mut self, r: u32, c: u32, data: &Data) -> Cell {
        match data {
            Data::String(s) => self.text(r, c, s),
            Data::DurationIso(s) => self.text(r, c, s),
            Data::DateTimeIso(s) => match self.text(r, c, s) {
                Cell::Text(t) => Cell::DateIso(t),
                other => other,
            },
            other => convert(other),
        }
    }

    fn data_ref(&mut self, r: u32, c: u32, data: &DataRef<'_>) -> Cell {
        match data {
            DataRef::SharedString(s) => self.text(r, c, s),
            DataRef::String(s) | DataRef::DurationIso(s) => self.text(r, c, s),
            DataRef::DateTimeIso(s) => match self.text(r, c, s) {
                Cell::Text(t) => Cell::DateIso(t),
                other => other,
            },
            other => convert_ref(other),
        }
    }

    fn finish(mut self, name: String, merges: Vec<Merge>) -> Sheet {
        let l = self.limits;
        if self.out_of_grid > 0 {
            self.notes.push(Note {
                severity: Severity::Warning,
                zh: format!(
                    "超出 {} 或 {} 的 {} 个单元格未读取",
                    named("sheet_rows", l.sheet_rows),
                    named("sheet_columns", l.sheet_columns),
                    self.out_of_grid
                ),
                en: format!(
                    "{} cells beyond {} or {} were not read",
                    self.out_of_grid,
                    named("sheet_rows", l.sheet_rows),
                    named("sheet_columns", l.sheet_columns)
                ),
            });
        }
        if self.over_cells > 0 {
            let limit = match self.cap_key {
                "workbook_cells" => named("workbook_cells", l.workbook_cells),
                _ => named("sheet_cells", l.sheet_cells),
            };
            self.notes.push(Note {
                severity: Severity::Warning,
                zh: format!(
                    "工作表超过 {limit}，其后 {} 个单元格未读取",
                    self.over_cells
                ),
                en: format!(
                    "the sheet exceeds {limit}; {} further cells were not read",
                    self.over_cells
                ),
            });
        }
        if let Some((r, c)) = self.first_truncated {
            let at = cell_name(r, c);
            self.notes.push(Note {
                severity: Severity::Warning,
                zh: format!(
                    "{} 个单元格的文字超过 {}，已截断（第一个在 {at}）",
                    self.truncated,
                    named("cell_bytes", l.cell_bytes)
                ),
                en: format!(
                    "{} cells hold text over {} and were cut (the first at {at})",
                    self.truncated,
                    named("cell_bytes", l.cell_bytes)
                ),
            });
        }
        Sheet {
            name,
            rows: self.rows,
            merges,
            dropped_cells: self.out_of_grid + self.over_cells + u64::from(self.failed),
            notes: self.notes,
        }
    }
}

/// Cells a sheet holds in memory (its rows up to their last cell).
fn dense(sheet: &Sheet) -> u64 {
    sheet.rows.iter().map(|r| r.len() as u64).sum()
}

/// `A1`-style name of a 0-based cell position.
fn cell_name(r: u32, c: u32) -> String {
    let mut col = String::new();
    let mut n = c as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        col.insert(0, (b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    format!("{col}{}", r as u64 + 1)
}

/// The note for a sheet that is not a worksheet (skipped, the rest of the workbook is read).
fn not_a_worksheet(typ: SheetType, kind: Option<(&'static str, &'static str)>) -> Note {
    let (zh, en) = kind.unwrap_or(match typ {
        SheetType::ChartSheet => ("图表工作表", "a chart sheet"),
        SheetType::MacroSheet => ("Excel 4.0 宏表", "an Excel 4 macro sheet"),
        SheetType::DialogSheet => ("对话框工作表", "a dialog sheet"),
        SheetType::Vba => ("VBA 模块", "a VBA module"),
        SheetType::WorkSheet => ("工作表", "a worksheet"),
    });
    Note {
        severity: Severity::Info,
        zh: format!("这是{zh}，不是数据工作表，已跳过（其余工作表照常读取）"),
        en: format!("this is {en}, not a worksheet; skipped (the other sheets are read)"),
    }
}

/// Reads a streamed sheet (xlsx/xlsb cells reader) into a builder. Returns the error that
/// stopped it, if any; cells read before it are kept.
fn stream_cells<'a, E: std::fmt::Display>(
    b: &mut SheetBuilder<'_>,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
) -> Option<String> {
    // Every cell record is visited once; a sheet of millions of empty or out-of-grid cells
    // (a bomb) stops at the cell budget instead of running on.
    let mut seen = 0u64;
    let budget = b.limits.sheet_cells.saturating_mul(2);
    loop {
        match next() {
            Ok(Some(cell)) => {
                seen += 1;
                if seen > budget {
                    b.notes.push(Note {
                        severity: Severity::Warning,
                        zh: format!(
                            "工作表的单元格记录超过 {} 的两倍，其后未读取",
                            named("sheet_cells", b.limits.sheet_cells)
                        ),
                        en: format!(
                            "the sheet holds more than twice {} cell records; the rest was not read",
                            named("sheet_cells", b.limits.sheet_cells)
                        ),
                    });
                    return None;
                }
                let (r, c) = cell.get_position();
                if r >= b.limits.sheet_rows || c >= b.limits.sheet_columns {
                    if !matches!(cell.get_value(), DataRef::Empty) {
                        b.out_of_grid += 1;
                    }
                    continue;
                }
                let value = b.data_ref(r, c, cell.get_value());
                b.add(r, c, value);
            }
            Ok(None) => return None,
            Err(e) => return Some(e.to_string()),
        }
    }
}

fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, IngestError> {
    let mut plan = package::guard_ooxml(bytes, limits)?;
    let data = plan.patched.take();
    let data = data.as_deref().unwrap_or(bytes);
    let mut wb = Xlsx::new(Cursor::new(data)).map_err(|e| match e {
        calamine::XlsxError::Password => IngestError::Encrypted,
        other => damaged(other),
    })?;
    let metas = wb.sheets_metadata().to_vec();
    read_streamed_sheets(metas, plan, limits, |name, b| {
        let error = match wb.worksheet_cells_reader(name) {
            Ok(mut reader) => stream_cells(b, || reader.next_cell()),
            Err(e) => Some(e.to_string()),
        };
        // calamine finds merged ranges by parsing the sheet's XML a second time. Forms and
        // headers need them; the body of a long log does not (its header is read without
        // them: a covered cell is simply empty), so long sheets skip the second parse.
        let merges = if error.is_none() && b.rows.len() <= MERGES_MAX_ROWS {
            wb.merge_cells_by_sheet_name(name).unwrap_or_default()
        } else {
            Vec::new()
        };
        (error, merges.iter().map(to_merge).collect())
    })
}

fn read_xlsb(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, IngestError> {
    let plan = package::guard_ooxml(bytes, limits)?;
    let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsbError::Password => IngestError::Encrypted,
        other => damaged(other),
    })?;
    let metas = wb.sheets_metadata().to_vec();
    read_streamed_sheets(metas, plan, limits, |name, b| {
        let error = match wb.worksheet_cells_reader(name) {
            Ok(mut reader) => stream_cells(b, || reader.next_cell()),
            Err(e) => Some(e.to_string()),
        };
        (error, Vec::new())
    })
}

/// The sheet loop of the streamed OOXML readers (xlsx, xlsb): a sheet that is not a worksheet
/// becomes a note; each worksheet is streamed by `read` into its builder, which returns the
/// error that stopped it (the cells read so far are kept, with a warning) and its merged
/// ranges; the workbook is an error only when no worksheet could be read.
fn read_streamed_sheets(
    metas: Vec<calamine::Sheet>,
    mut plan: package::PackagePlan,
    limits: &Limits,
    mut read: impl FnMut(&str, &mut SheetBuilder) -> (Option<String>, Vec<Merge>),
) -> Result<Vec<Sheet>, IngestError> {
    let mut sheets = Vec::new();
    let mut first_error = None;
    let mut read_any = false;
    let mut used = 0;
    for meta in metas {
        let name = meta.name;
        let notes = plan.notes.remove(&name).unwrap_or_default();
        let mut b = SheetBuilder::new(limits, notes, used);
        if meta.typ != SheetType::WorkSheet {
            b.notes
                .push(not_a_worksheet(meta.typ, plan.kinds.get(&name).copied()));
            sheets.push(b.finish(name, Vec::new()));
            continue;
        }
        let (error, merges) = read(&name, &mut b);
        match &error {
            Some(e) => {
                b.failed = true;
                b.notes.push(unreadable_sheet(e));
                first_error.get_or_insert(e.clone());
            }
            None => read_any = true,
        }
        let sheet = b.finish(name, merges);
        used += dense(&sheet);
        sheets.push(sheet);
    }
    match first_error {
        Some(e) if !read_any => Err(damaged(e)),
        _ => Ok(sheets),
    }
}

fn unreadable_sheet(e: &str) -> Note {
    Note {
        severity: Severity::Warning,
        zh: format!("工作表无法完整读取：{e}"),
        en: format!("the sheet could not be read in full: {e}"),
    }
}

fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, IngestError> {
    if is_encrypted_ooxml(bytes) {
        return Err(IngestError::Encrypted);
    }
    // Measure (and patch) before calamine allocates: it parses every sheet on opening.
    let plan = biff::guard(bytes, limits)?;
    let data = plan.patched.as_deref().unwrap_or(bytes);
    let open = |codepage: Option<u16>| {
        let mut options = XlsOptions::default();
        options.force_codepage = codepage;
        Xls::new_with_options(Cursor::new(data), options).map_err(|e| match e {
            calamine::XlsError::Password => IngestError::Encrypted,
            other => damaged(other),
        })
    };
    let mut codepage_note = None;
    let mut wb = match open(None) {
        Ok(wb) => wb,
        // A CODEPAGE record naming no code page ("Codepage FFFF not found"): BIFF8 strings
        // are UTF-16 whatever it says; BIFF5 strings from a Chinese Excel are GBK.
        Err(IngestError::Damaged(m)) if m.contains("Codepage") => {
            let fallback = if plan.biff5 { 936 } else { 1200 };
            codepage_note = Some(Note {
                severity: Severity::Info,
                zh: format!("文件的代码页记录无效（{m}），按代码页 {fallback} 读取，请核对文字"),
                en: format!(
                    "the file's code page record is invalid ({m}); read as code page {fallback}, check the text"
                ),
            });
            open(Some(fallback)).map_err(|_| {
                IngestError::Damaged(
                    "文件的代码页（CODEPAGE）记录无效，按 UTF-16 或 GBK 读取仍然失败；请用 Excel/WPS 打开后另存为 xlsx"
                        .into(),
                )
            })?
        }
        Err(e) => return Err(e),
    };
    let mut sheets = read_all(&mut wb, limits, |wb, name| {
        wb.merge_cells_by_sheet_name(name).unwrap_or_default()
    })?;
    // calamine applies the CODEPAGE record to BIFF8's UTF-16 strings too (calamine #229):
    // a 936 workbook then comes out with NULs or U+FFFD. Read it again as UTF-16.
    if codepage_note.is_none() && sheets.iter().any(sheet_has_mojibake) {
        let mut wb = open(Some(1200))?;
        let again = read_all(&mut wb, limits, |wb, name| {
            wb.merge_cells_by_sheet_name(name).unwrap_or_default()
        })?;
        if !again.iter().any(sheet_has_mojibake) {
            sheets = again;
        }
    }
    for (i, sheet) in sheets.iter_mut().enumerate() {
        let mut notes = plan.notes.get(i).cloned().unwrap_or_default();
        notes.append(&mut sheet.notes);
        sheet.notes = notes;
    }
    if let (Some(note), Some(first)) = (codepage_note, sheets.first_mut()) {
        first.notes.insert(0, note);
    }
    Ok(sheets)
}

fn read_ods(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, IngestError> {
    // calamine expands repeated rows and columns of every table on opening: measure first.
    package::guard_ods(bytes, limits)?;
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::OdsError::Password => IngestError::Encrypted,
        other => damaged(other),
    })?;
    // calamine has no merged-cell information for ods; values sit in the top-left cell.
    read_all(&mut wb, limits, |_, _| Vec::new())
}

fn read_all<R, RS>(
    wb: &mut R,
    limits: &Limits,
    merges: impl Fn(&R, &str) -> Vec<Dimensions>,
) -> Result<Vec<Sheet>, IngestError>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    let metas = wb.sheets_metadata().to_vec();
    let mut first_error = None;
    let mut read_any = false;
    let mut used = 0;
    for meta in metas {
        let name = meta.name;
        let mut b = SheetBuilder::new(limits, Vec::new(), used);
        if meta.typ != SheetType::WorkSheet {
            b.notes.push(not_a_worksheet(meta.typ, None));
            sheets.push(b.finish(name, Vec::new()));
            continue;
        }
        let range = match wb.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                let e = e.to_string();
                b.notes.push(unreadable_sheet(&e));
                first_error.get_or_insert(e);
                sheets.push(b.finish(name, Vec::new()));
                continue;
            }
        };
        read_any = true;
        if let Some((r0, c0)) = range.start() {
            for (i, row) in range.rows().enumerate() {
                let r = r0.saturating_add(i as u32);
                for (j, value) in row.iter().enumerate() {
                    let c = c0.saturating_add(j as u32);
                    let value = b.data(r, c, value);
                    b.add(r, c, value);
                }
            }
        }
        let merges = merges(wb, &name).iter().map(to_merge).collect();
        let sheet = b.finish(name, merges);
        used += dense(&sheet);
        sheets.push(sheet);
    }
    match first_error {
        Some(e) if !read_any => Err(damaged(e)),
        _ => Ok(sheets),
    }
}

fn to_merge(d: &Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::DateSerial(dt.as_f64()),
        Data::DateTimeIso(s) => Cell::DateIso(s.clone()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// `convert` for xlsx's borrowed cells, without an intermediate owned `Data`.
fn convert_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::SharedString(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::String(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => Cell::DateSerial(dt.as_f64()),
        DataRef::DateTimeIso(s) => Cell::DateIso(s.clone()),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn sheet_has_mojibake(sheet: &Sheet) -> bool {
    let bad = |s: &str| s.contains('\0') || s.contains('\u{FFFD}');
    bad(&sheet.name)
        || sheet
            .rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Cell::Text(s) if bad(s)))
}

/// An encrypted OOXML file is an OLE compound file holding an `EncryptedPackage` stream.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Decodes text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which
/// covers GBK). Returns the text and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 (BOM)");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (text.into_owned(), "UTF-16LE");
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16BE.decode(bytes);
        return (text.into_owned(), "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GBK/GB18030")
        }
    }
}

/// Reads a CSV (or tab-separated "Unicode text" as Excel saves it) into one sheet, with the
/// default limits.
pub fn read_csv(bytes: &[u8], sheet_name: &str) -> Result<(Sheet, &'static str), IngestError> {
    read_csv_limited(bytes, sheet_name, &Limits::default())
}

/// Reads a CSV into one sheet within `limits`: a line over `csv_line_bytes` refuses the file
/// before any parsing (the csv crate holds a whole record, and every field's bounds, in
/// memory); cells are cut as in workbooks.
pub fn read_csv_limited(
    bytes: &[u8],
    sheet_name: &str,
    limits: &Limits,
) -> Result<(Sheet, &'static str), IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if !looks_like_text(bytes) {
        return Err(IngestError::Damaged("不是文本文件".into()));
    }
    // `\n` is one byte in UTF-8 and GBK (trail bytes are ≥ 0x40); in UTF-16 it is 0A 00,
    // so splitting at 0A never makes a line look longer than it is.
    let longest = bytes
        .split(|b| *b == b'\n')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    if longest > limits.csv_line_bytes {
        return Err(IngestError::TooLarge(
            format!(
                "有一行长 {longest} 字节，超过 {}",
                named("csv_line_bytes", limits.csv_line_bytes)
            ),
            format!(
                "a line of {longest} bytes, over {}",
                named("csv_line_bytes", limits.csv_line_bytes)
            ),
        ));
    }
    let (text, encoding) = decode_text(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut b = SheetBuilder::new(limits, Vec::new(), 0);
    let mut record = csv::StringRecord::new();
    let mut r = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(damaged(e)),
        }
        for (c, field) in record.iter().enumerate() {
            let c = u32::try_from(c).unwrap_or(u32::MAX);
            if field.trim().is_empty() {
                continue;
            }
            if r >= limits.sheet_rows || c >= limits.sheet_columns {
                b.out_of_grid += 1;
                continue;
            }
            let value = b.text(r, c, field);
            b.add(r, c, value);
        }
        r = r.saturating_add(1);
    }
    let mut sheet = b.finish(sheet_name.to_string(), Vec::new());
    // Rows keep their place: a header on row 3 stays on row 3.
    let rows = r.min(limits.sheet_rows) as usize;
    if sheet.rows.len() < rows {
        sheet.rows.resize_with(rows, Vec::new);
    }
    Ok((sheet, encoding))
}

fn sniff_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let count = |c: char| sample.matches(c).count();
    let (tabs, commas, semis) = (count('\t'), count(',') + count('，'), count(';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// Reads at most `limit` bytes (`capacity` reserved up front); `None` when the stream holds
/// more.
pub fn read_bounded(
    mut r: impl Read,
    limit: u64,
    capacity: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::with_capacity(capacity.saturating_add(1));
    r.by_ref().take(limit + 1).read_to_end(&mut buf)?;
    Ok(if buf.len() as u64 > limit {
        None
    } else {
        Some(buf)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gbk_and_utf8_bom_decode_to_the_same_cells() {
        let text = "企业名称,服务日期\n济南甲公司,2022-03-05\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let (a, enc_a) = read_csv(&gbk, "s").unwrap();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (b, enc_b) = read_csv(&bom, "s").unwrap();
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.rows[1][0], Cell::Text("济南甲公司".into()));
        assert_eq!(enc_a, "GBK/GB18030");
        assert_eq!(enc_b, "UTF-8 (BOM)");
    }

    #[test]
    fn tab_separated_utf16_text_is_read() {
        let text = "\u{feff}姓名\t学历\n张三\t本科\n";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let (sheet, enc) = read_csv(&bytes, "s").unwrap();
        assert_eq!(enc, "UTF-16LE");
        assert_eq!(sheet.rows[1][1], Cell::Text("本科".into()));
    }

    #[test]
    fn sniffing_tells_formats_apart_whatever_the_name() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Xlsx);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]), Sniffed::Compound);
        assert_eq!(sniff(b"<html><table>"), Sniffed::Html);
        assert_eq!(sniff(b"%PDF-1.7"), Sniffed::Pdf);
        assert_eq!(sniff("姓名,学历".as_bytes()), Sniffed::Text);
    }

    #[test]
    fn broken_workbooks_are_errors_not_panics() {
        assert_eq!(read_workbook(b""), Err(IngestError::Empty));
        assert!(matches!(
            read_workbook(b"PK\x03\x04\x14\x00garbage"),
            Err(IngestError::Damaged(_))
        ));
        assert!(matches!(
            read_workbook(&[0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3]),
            Err(IngestError::Damaged(_))
        ));
        assert!(matches!(
            read_workbook(b"<html><table><tr><td>1</td></tr></table>"),
            Err(IngestError::Unsupported(_))
        ));
    }

    #[test]
    fn bounded_read_refuses_oversized_streams() {
        assert_eq!(
            read_bounded(&b"abc"[..], 3, 3).unwrap(),
            Some(b"abc".to_vec())
        );
        assert_eq!(read_bounded(&b"abcd"[..], 3, 0).unwrap(), None);
    }
}
