//! Perturbation toolkit for the metamorphic test: reads an applicant's files (folder, zip or 7z)
//! into memory, reads its spreadsheets with calamine into typed cells (text, number, date,
//! merged ranges kept), lets a test change them, and writes them back with rust_xlsxwriter
//! (CSV stays CSV). Independent of the crate's own readers, so a reader bug cannot hide in
//! the harness.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use calamine::{Data, Reader, Xls, XlsOptions, Xlsx, open_workbook_auto_from_rs};
use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Workbook};

/// One cell as a spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Str(String),
    Num(f64),
    Bool(bool),
    /// Excel serial date (with a date format).
    Date(f64),
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// (first_row, first_col, last_row, last_col), 0-based.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl Sheet {
    pub fn get(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Cell::Empty)
    }
    pub fn set(&mut self, r: usize, c: usize, v: Cell) {
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize_with(c + 1, || Cell::Empty);
        }
        row[c] = v;
    }
    /// Every (row, cell) of column `c`.
    pub fn column_mut(&mut self, c: usize) -> impl Iterator<Item = (usize, &mut Cell)> {
        self.rows
            .iter_mut()
            .enumerate()
            .filter_map(move |(r, row)| row.get_mut(c).map(|cell| (r, cell)))
    }
}

/// A spreadsheet file read into memory.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheets: Vec<Sheet>,
    /// CSV: every cell is text and the file is written back as UTF-8 CSV with a BOM.
    pub csv: bool,
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Num(*i as f64),
        Data::Float(f) => Cell::Num(*f),
        Data::String(s) => Cell::Str(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::Date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Str(s.clone()),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

fn range_rows(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let mut sheet = Sheet {
        name: String::new(),
        rows: Vec::new(),
        merges: Vec::new(),
    };
    if let Some((r0, c0)) = range.start() {
        for (i, row) in range.rows().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let cell = convert(v);
                if cell != Cell::Empty {
                    sheet.set(r0 as usize + i, c0 as usize + j, cell);
                }
            }
        }
    }
    sheet.rows
}

fn dims(d: &calamine::Dimensions) -> (u32, u16, u32, u16) {
    (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16)
}

fn has_mojibake(sheets: &[Sheet]) -> bool {
    sheets.iter().any(|s| {
        s.rows.iter().flatten().any(|c| match c {
            Cell::Str(t) => t.contains('\u{FFFD}') || t.contains('\0'),
            _ => false,
        })
    })
}

fn read_xls(bytes: &[u8], codepage: Option<u16>) -> Option<Vec<Sheet>> {
    let mut options = XlsOptions::default();
    options.force_codepage = codepage;
    let mut wb = Xls::new_with_options(Cursor::new(bytes), options).ok()?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).ok()?;
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .iter()
            .map(dims)
            .collect();
        sheets.push(Sheet {
            name,
            rows: range_rows(&range),
            merges,
        });
    }
    Some(sheets)
}

/// Reads a spreadsheet (xlsx, xls, ods by content; csv by name). None when it is not one or
/// cannot be read.
pub fn read_table(name: &str, bytes: &[u8]) -> Option<Table> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let mut sheets = read_xls(bytes, None)?;
        if has_mojibake(&sheets)
            && let Some(again) = read_xls(bytes, Some(1200))
            && !has_mojibake(&again)
        {
            sheets = again;
        }
        return Some(Table { sheets, csv: false });
    }
    if bytes.starts_with(b"PK") {
        if let Ok(mut wb) = Xlsx::new(Cursor::new(bytes)) {
            let mut sheets = Vec::new();
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).ok()?;
                let merges = wb
                    .merge_cells_by_sheet_name(&name)
                    .unwrap_or_default()
                    .iter()
                    .map(dims)
                    .collect();
                sheets.push(Sheet {
                    name,
                    rows: range_rows(&range),
                    merges,
                });
            }
            return Some(Table { sheets, csv: false });
        }
        let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
        let mut sheets = Vec::new();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).ok()?;
            sheets.push(Sheet {
                name,
                rows: range_rows(&range),
                merges: Vec::new(),
            });
        }
        return Some(Table { sheets, csv: false });
    }
    if name.to_lowercase().ends_with(".csv") {
        let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            String::from_utf8_lossy(rest).into_owned()
        } else if let Ok(s) = std::str::from_utf8(bytes) {
            s.to_string()
        } else {
            encoding_rs::GBK.decode(bytes).0.into_owned()
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for rec in reader.records() {
            let rec = rec.ok()?;
            rows.push(
                rec.iter()
                    .map(|s| {
                        if s.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Str(s.to_string())
                        }
                    })
                    .collect(),
            );
        }
        let stem = name.rsplit('/').next().unwrap_or(name);
        let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
        return Some(Table {
            sheets: vec![Sheet {
                name: stem.to_string(),
                rows,
                merges: Vec::new(),
            }],
            csv: true,
        });
    }
    None
}

/// Writes a table back: CSV as UTF-8 with a BOM, anything else as xlsx (same cell types,
/// merged ranges kept). With `chart_sheet`, a chart sheet is added after the worksheets.
pub fn write_table(table: &Table, chart_sheet: bool) -> Vec<u8> {
    if table.csv {
        let mut out = vec![0xEF, 0xBB, 0xBF];
        {
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(&mut out);
            for row in &table.sheets[0].rows {
                let rec: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Cell::Empty => String::new(),
                        Cell::Str(s) => s.clone(),
                        Cell::Num(n) | Cell::Date(n) => format!("{n}"),
                        Cell::Bool(b) => b.to_string(),
                    })
                    .collect();
                w.write_record(if rec.is_empty() {
                    vec![String::new()]
                } else {
                    rec
                })
                .unwrap();
            }
            w.flush().unwrap();
        }
        return out;
    }
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let plain = Format::new();
    for sheet in &table.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for &(r1, c1, r2, c2) in &sheet.merges {
            if (r1, c1) != (r2, c2) {
                // An overlapping or invalid range from the source is skipped, not fatal.
                let _ = ws.merge_range(r1, c1, r2, c2, "", &plain);
            }
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Empty => {}
                    Cell::Str(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Cell::Num(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Cell::Date(d) => match ExcelDateTime::from_serial_datetime(*d) {
                        Ok(dt) => {
                            let f = if d.fract() == 0.0 { &date } else { &datetime };
                            ws.write_datetime_with_format(r, c, &dt, f).unwrap();
                        }
                        Err(_) => {
                            ws.write_number(r, c, *d).unwrap();
                        }
                    },
                }
            }
        }
    }
    if chart_sheet {
        let first = table.sheets.first().map(|s| s.name.clone());
        let mut chart = Chart::new(ChartType::Column);
        match first {
            Some(name) => {
                chart.add_series().set_values((name.as_str(), 0, 0, 3, 0));
            }
            None => {
                chart.add_series().set_values(("Sheet1", 0, 0, 3, 0));
            }
        }
        let cs = wb.add_chartsheet();
        cs.insert_chart(0, 0, &chart).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// An applicant's submission held in memory: a folder or a zip, as files by relative path.
#[derive(Debug, Clone)]
pub struct Files {
    pub zip: bool,
    /// A .7z submission (read and rewritten with sevenz-rust2; `zip` is then false).
    pub seven: bool,
    /// Path relative to the applicant (zip entries as named in the zip, decoded).
    pub files: BTreeMap<String, Vec<u8>>,
}

fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            walk(&e.path(), &rel, out);
        } else {
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
}

impl Files {
    pub fn load(path: &Path) -> Files {
        let mut files = BTreeMap::new();
        if path.is_dir() {
            walk(path, "", &mut files);
            return Files {
                zip: false,
                seven: false,
                files,
            };
        }
        let bytes = std::fs::read(path).unwrap();
        if path.extension().is_some_and(|e| e == "7z") {
            let mut reader = sevenz_rust2::ArchiveReader::new(
                Cursor::new(bytes),
                sevenz_rust2::Password::empty(),
            )
            .unwrap();
            reader
                .for_each_entries(
                    &mut |entry: &sevenz_rust2::ArchiveEntry, data: &mut dyn Read| {
                        if !entry.is_directory() {
                            let mut buf = Vec::new();
                            data.read_to_end(&mut buf)?;
                            files.insert(entry.name().to_string(), buf);
                        }
                        Ok(true)
                    },
                )
                .unwrap();
            return Files {
                zip: false,
                seven: true,
                files,
            };
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            if f.is_dir() {
                continue;
            }
            let raw = f.name_raw().to_vec();
            let name = match std::str::from_utf8(&raw) {
                Ok(s) => s.to_string(),
                Err(_) => encoding_rs::GBK.decode(&raw).0.into_owned(),
            };
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            files.insert(name, data);
        }
        Files {
            zip: true,
            seven: false,
            files,
        }
    }

    /// Writes the submission at `path` (a folder, or a zip with UTF-8 names), replacing
    /// whatever is there.
    pub fn store(&self, path: &Path) {
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else if path.exists() {
            std::fs::remove_file(path).unwrap();
        }
        if self.seven {
            let mut w = sevenz_rust2::ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
            for (rel, bytes) in &self.files {
                w.push_archive_entry(
                    sevenz_rust2::ArchiveEntry::new_file(rel),
                    Some(bytes.as_slice()),
                )
                .unwrap();
            }
            let bytes = w.finish().unwrap().into_inner();
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(path, bytes).unwrap();
            return;
        }
        if !self.zip {
            for (rel, bytes) in &self.files {
                let p = path.join(rel);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, bytes).unwrap();
            }
            return;
        }
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (rel, bytes) in &self.files {
            w.start_file(rel, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }

    /// The key of the file the tool calls `rel` (the tool drops a zip's single top folder).
    pub fn key(&self, rel: &str) -> Option<String> {
        if self.files.contains_key(rel) {
            return Some(rel.to_string());
        }
        let suffix = format!("/{rel}");
        self.files.keys().find(|k| k.ends_with(&suffix)).cloned()
    }
}

/// Copies a directory tree.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

/// The next representable f64 above (`up`) or below a positive finite value: what a
/// spreadsheet stores for 1000 or 0.9 after arithmetic (1000.0000000000002, 0.8999999999999999).
pub fn ulp_step(v: f64, up: bool) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return v;
    }
    let bits = v.to_bits();
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

/// Damages bytes the way files arrive damaged: cut short, overwritten, or empty.
pub fn damage(bytes: &[u8], mode: &str) -> Vec<u8> {
    match mode {
        "truncate" => bytes[..bytes.len().min(300).min(bytes.len() / 2)].to_vec(),
        "garbage" => {
            let mut x: u32 = 0x2545_F491;
            (0..bytes.len().max(64))
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (x >> 8) as u8
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
