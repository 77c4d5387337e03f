//! Spreadsheets (xlsx, xls, ods) through calamine, and CSV through the csv crate.
//!
//! Input: a file's bytes and its name. Output: `Sheet`s of cells with their merged ranges,
//! or an `IngestError` saying in Chinese why the file cannot be read. The format is sniffed
//! from the bytes (a `.xls` that is really an xlsx is read as xlsx; HTML or SpreadsheetML
//! "xls" downloads are reported as unsupported). Sheets are bounded: cells past
//! `MAX_ROWS`×`MAX_COLS` are dropped and reported, so a hostile sheet cannot exhaust memory.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, XlsOptions, Xlsx};

use super::{Cell, Merge, Sheet};

/// Rows kept per sheet; the largest real service log seen is a few thousand rows.
pub const MAX_ROWS: u32 = 200_000;
/// Columns kept per sheet.
pub const MAX_COLS: u32 = 256;
/// xlsx sheets longer than this are read without merged ranges (see `read_xlsx`).
const MERGES_MAX_ROWS: usize = 200;
/// xls and ods are read into dense ranges by calamine; refuse ranges larger than this.
const MAX_DENSE_CELLS: u64 = 20_000_000;

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
    #[error("表格过大：{0}")]
    TooLarge(String),
}

impl IngestError {
    /// English wording for `--lang en`.
    pub fn english(&self) -> String {
        match self {
            IngestError::Empty => "the file is empty".into(),
            IngestError::Encrypted => "the file is password-protected".into(),
            IngestError::Damaged(m) => format!("damaged or not of its stated format: {m}"),
            IngestError::Unsupported(m) => format!("unsupported format: {m}"),
            IngestError::TooLarge(m) => format!("sheet too large: {m}"),
        }
    }
}

/// What the first bytes say a spreadsheet-like file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Xlsx,
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

/// Reads a workbook (xlsx/xls/ods, by content) into sheets.
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    // calamine is not hardened against every malformed input; a panic inside it must not
    // take the round down.
    let sniffed = sniff(bytes);
    let result = std::panic::catch_unwind(|| match sniffed {
        Sniffed::Xlsx => read_xlsx(bytes),
        Sniffed::Ods => read_ods(bytes),
        Sniffed::Compound => read_xls(bytes),
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

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, IngestError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => IngestError::Encrypted,
        other => damaged(other),
    })?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut dropped_cells = 0;
        {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(damaged)?;
            while let Some(cell) = reader.next_cell().map_err(damaged)? {
                let (r, c) = cell.get_position();
                if r >= MAX_ROWS || c >= MAX_COLS {
                    dropped_cells += 1;
                    continue;
                }
                let value = convert_ref(cell.get_value());
                if value == Cell::Empty {
                    continue;
                }
                put(&mut rows, r, c, value);
            }
        }
        // calamine finds merged ranges by parsing the sheet's XML a second time. Forms and
        // headers need them; the body of a long log does not (its header is read without
        // them: a covered cell is simply empty), so long sheets skip the second parse.
        let merges = if rows.len() <= MERGES_MAX_ROWS {
            wb.merge_cells_by_sheet_name(&name).unwrap_or_default()
        } else {
            Vec::new()
        };
        sheets.push(Sheet {
            name,
            rows,
            merges: merges.iter().map(to_merge).collect(),
            dropped_cells,
        });
    }
    Ok(sheets)
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, IngestError> {
    if is_encrypted_ooxml(bytes) {
        return Err(IngestError::Encrypted);
    }
    let open = |codepage: Option<u16>| {
        let mut options = XlsOptions::default();
        options.force_codepage = codepage;
        Xls::new_with_options(Cursor::new(bytes), options).map_err(|e| match e {
            calamine::XlsError::Password => IngestError::Encrypted,
            other => damaged(other),
        })
    };
    let mut wb = open(None)?;
    let mut sheets = read_all(&mut wb, |wb, name| {
        wb.merge_cells_by_sheet_name(name).unwrap_or_default()
    })?;
    // calamine applies the CODEPAGE record to BIFF8's UTF-16 strings too (calamine #229):
    // a 936 workbook then comes out with NULs or U+FFFD. Read it again as UTF-16.
    if sheets.iter().any(sheet_has_mojibake) {
        let mut wb = open(Some(1200))?;
        let again = read_all(&mut wb, |wb, name| {
            wb.merge_cells_by_sheet_name(name).unwrap_or_default()
        })?;
        if !again.iter().any(sheet_has_mojibake) {
            sheets = again;
        }
    }
    Ok(sheets)
}

fn read_ods(bytes: &[u8]) -> Result<Vec<Sheet>, IngestError> {
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::OdsError::Password => IngestError::Encrypted,
        other => damaged(other),
    })?;
    // calamine has no merged-cell information for ods; values sit in the top-left cell.
    read_all(&mut wb, |_, _| Vec::new())
}

fn read_all<R, RS>(
    wb: &mut R,
    merges: impl Fn(&R, &str) -> Vec<Dimensions>,
) -> Result<Vec<Sheet>, IngestError>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(damaged)?;
        let (h, w) = range.get_size();
        if (h as u64) * (w as u64) > MAX_DENSE_CELLS {
            return Err(IngestError::TooLarge(format!(
                "工作表“{name}”有 {h} 行 × {w} 列"
            )));
        }
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut dropped_cells = 0;
        if let Some((r0, c0)) = range.start() {
            for (i, row) in range.rows().enumerate() {
                let r = r0 + i as u32;
                for (j, value) in row.iter().enumerate() {
                    let c = c0 + j as u32;
                    let value = convert(value);
                    if value == Cell::Empty {
                        continue;
                    }
                    if r >= MAX_ROWS || c >= MAX_COLS {
                        dropped_cells += 1;
                    } else {
                        put(&mut rows, r, c, value);
                    }
                }
            }
        }
        let merges = merges(wb, &name).iter().map(to_merge).collect();
        sheets.push(Sheet {
            name,
            rows,
            merges,
            dropped_cells,
        });
    }
    Ok(sheets)
}

fn put(rows: &mut Vec<Vec<Cell>>, r: u32, c: u32, value: Cell) {
    let (r, c) = (r as usize, c as usize);
    if rows.len() <= r {
        rows.resize_with(r + 1, Vec::new);
    }
    let row = &mut rows[r];
    if row.len() <= c {
        row.resize_with(c + 1, || Cell::Empty);
    }
    row[c] = value;
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

/// Reads a CSV (or tab-separated "Unicode text" as Excel saves it) into one sheet.
pub fn read_csv(bytes: &[u8], sheet_name: &str) -> Result<(Sheet, &'static str), IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if !looks_like_text(bytes) {
        return Err(IngestError::Damaged("不是文本文件".into()));
    }
    let (text, encoding) = decode_text(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut dropped_cells = 0;
    for record in reader.records() {
        let record = record.map_err(damaged)?;
        let filled = record.iter().filter(|s| !s.trim().is_empty()).count() as u64;
        if rows.len() as u32 >= MAX_ROWS {
            dropped_cells += filled;
            continue;
        }
        dropped_cells += record
            .iter()
            .skip(MAX_COLS as usize)
            .filter(|s| !s.trim().is_empty())
            .count() as u64;
        let row: Vec<Cell> = record
            .iter()
            .take(MAX_COLS as usize)
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        rows.push(row);
    }
    Ok((
        Sheet {
            name: sheet_name.to_string(),
            rows,
            merges: Vec::new(),
            dropped_cells,
        },
        encoding,
    ))
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
