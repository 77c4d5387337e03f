//! Hostile spreadsheets built small in code (issue 9 §1–2): the record and package writers
//! (BIFF8 xls, xlsx, ods written by hand) and the bombs themselves — an xls whose dimensions
//! claim a huge range, an xls with cells at the far corners of eight sheets, a sparse xlsx
//! with one cell per row in column IV, an ods repeat bomb, a CSV long line and comma flood, a
//! giant shared string, an xlsx with chart and macro sheets. Used by `tests/hostile_sheets.rs`
//! (each read alone) and by `tests/hostile.rs` (all of them in one round beside the normal
//! applicants).
#![allow(dead_code)]

use std::io::{Cursor, Write};

use sme_audit::ingest::biff::{compound_file, record};

pub fn bof(kind: u16) -> Vec<u8> {
    let mut d = vec![0x00, 0x06];
    d.extend_from_slice(&kind.to_le_bytes());
    d.extend_from_slice(&[0; 12]);
    record(0x0809, &d)
}

pub fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&v.to_le_bytes());
    record(0x0203, &d)
}

pub fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&(utf16.len() as u16).to_le_bytes());
    d.push(1);
    for u in utf16 {
        d.extend_from_slice(&u.to_le_bytes());
    }
    record(0x0204, &d)
}

pub fn dimensions(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&first_row.to_le_bytes());
    d.extend_from_slice(&last_row.to_le_bytes());
    d.extend_from_slice(&first_col.to_le_bytes());
    d.extend_from_slice(&last_col.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    record(0x0200, &d)
}

pub struct XlsSheet {
    pub name: &'static str,
    pub state: u8,
    pub kind: u8,
    pub records: Vec<Vec<u8>>,
}

pub fn sheet(name: &'static str, records: Vec<Vec<u8>>) -> XlsSheet {
    XlsSheet {
        name,
        state: 0,
        kind: 0,
        records,
    }
}

/// A BIFF8 workbook: globals (optional CODEPAGE, BOUNDSHEETs), then each sheet's substream.
pub fn xls(codepage: Option<u16>, sheets: &[XlsSheet]) -> Vec<u8> {
    xls_with(codepage, &[], sheets)
}

/// `xls` with more globals records (an SST) after the CODEPAGE.
pub fn xls_with(codepage: Option<u16>, extra: &[Vec<u8>], sheets: &[XlsSheet]) -> Vec<u8> {
    let boundsheet = |s: &XlsSheet, pos: u32| {
        let utf16: Vec<u16> = s.name.encode_utf16().collect();
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[s.state, s.kind, utf16.len() as u8, 1]);
        for u in utf16 {
            d.extend_from_slice(&u.to_le_bytes());
        }
        record(0x0085, &d)
    };
    let mut globals = bof(0x0005);
    if let Some(cp) = codepage {
        globals.extend(record(0x0042, &cp.to_le_bytes()));
    }
    for r in extra {
        globals.extend_from_slice(r);
    }
    let globals_len =
        globals.len() + sheets.iter().map(|s| boundsheet(s, 0).len()).sum::<usize>() + 4;
    let mut bodies = Vec::new();
    let mut offsets = Vec::new();
    for s in sheets {
        offsets.push((globals_len + bodies.len()) as u32);
        bodies.extend(bof(0x0010));
        for r in &s.records {
            bodies.extend_from_slice(r);
        }
        bodies.extend(record(0x000A, &[]));
    }
    for (s, pos) in sheets.iter().zip(offsets) {
        globals.extend(boundsheet(s, pos));
    }
    globals.extend(record(0x000A, &[]));
    globals.extend(bodies);
    compound_file(&globals)
}

pub fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub const WS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
pub const CS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet";
pub const MS: &str = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet";

/// (name, state attribute, relationship type, part path, part xml)
pub type Part<'a> = (&'a str, &'a str, &'a str, &'a str, String);

pub fn xlsx(sheets: &[Part<'_>], shared: Option<&str>) -> Vec<u8> {
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, state, ty, path, _)) in sheets.iter().enumerate() {
        let state = if state.is_empty() {
            String::new()
        } else {
            format!(r#" state="{state}""#)
        };
        wb.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{}"{state} r:id="rId{}"/>"#,
            i + 1,
            i + 1
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="{ty}" Target="{}"/>"#,
            i + 1,
            path.trim_start_matches("xl/")
        ));
    }
    if shared.is_some() {
        rels.push_str(r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
    let root = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let mut entries: Vec<(&str, &str)> = vec![
        ("[Content_Types].xml", ct),
        ("_rels/.rels", root),
        ("xl/workbook.xml", &wb),
        ("xl/_rels/workbook.xml.rels", &rels),
    ];
    if let Some(s) = shared {
        entries.push(("xl/sharedStrings.xml", s));
    }
    for (_, _, _, path, xml) in sheets {
        entries.push((path, xml));
    }
    zip(&entries)
}

pub fn worksheet(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

pub fn inline(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

pub fn ods(content_body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(manifest.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

/// The same xlsx with a chart sheet and an Excel 4 macro sheet added, and its first sheet's
/// state set to `show` (a value Excel does not write).
pub fn with_odd_sheets(bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut text).unwrap();
        let text = match name.as_str() {
            "xl/workbook.xml" => String::from_utf8(text)
                .unwrap()
                .replacen("<sheet ", "<sheet state=\"show\" ", 1)
                .replace(
                    "</sheets>",
                    r#"<sheet name="图表1" sheetId="90" r:id="rIdC1"/><sheet name="宏1" sheetId="91" r:id="rIdM1"/></sheets>"#,
                )
                .into_bytes(),
            "xl/_rels/workbook.xml.rels" => String::from_utf8(text)
                .unwrap()
                .replace(
                    "</Relationships>",
                    &format!(
                        r#"<Relationship Id="rIdC1" Type="{CS}" Target="chartsheets/sheet1.xml"/><Relationship Id="rIdM1" Type="{MS}" Target="macrosheets/sheet1.xml"/></Relationships>"#
                    ),
                )
                .into_bytes(),
            _ => text,
        };
        w.start_file(name, opts).unwrap();
        w.write_all(&text).unwrap();
    }
    w.start_file("xl/chartsheets/sheet1.xml", opts).unwrap();
    w.write_all(br#"<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#)
        .unwrap();
    w.start_file("xl/macrosheets/sheet1.xml", opts).unwrap();
    w.write_all(br#"<?xml version="1.0"?><xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>"#)
        .unwrap();
    w.finish().unwrap().into_inner()
}

// ---------- the bombs ----------

/// An xls whose DIMENSIONS record claims rows 0..u32::MAX (calamine asked for 11 PB), with
/// one real cell.
pub fn xls_dimensions_bomb() -> Vec<u8> {
    xls(
        None,
        &[sheet(
            "s",
            vec![dimensions(0, u32::MAX, 0, 255), number(1, 1, 1.0)],
        )],
    )
}

/// An xls of `sheets` sheets (at most 8), each with four cells at the corners of 65536 × 256
/// (1 GB per sheet once dense).
pub fn xls_corners_bomb(sheets: usize) -> Vec<u8> {
    let corners: Vec<XlsSheet> = ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .take(sheets)
        .map(|n| {
            sheet(
                n,
                vec![
                    number(0, 0, 1.0),
                    number(0, 255, 2.0),
                    number(65535, 0, 3.0),
                    number(65535, 255, 4.0),
                ],
            )
        })
        .collect();
    xls(None, &corners)
}

/// An xlsx of `rows - 1` rows, each with one cell in column IV (199,999 rows took 1.6 GB).
pub fn xlsx_sparse_bomb(rows: u32) -> Vec<u8> {
    let mut sparse = String::new();
    for r in 1..rows {
        sparse.push_str(&format!(r#"<row r="{r}"><c r="IV{r}"><v>1</v></c></row>"#));
    }
    xlsx(
        &[(
            "log",
            "",
            WS,
            "xl/worksheets/sheet1.xml",
            worksheet(&sparse),
        )],
        None,
    )
}

/// An ods of 1 KB whose repeat attributes expand to 1,048,576 × 16,384 cells.
pub fn ods_repeat_bomb() -> Vec<u8> {
    ods(
        r#"<table:table table:name="t"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#,
    )
}

/// A CSV whose first line is one byte over the default `csv_line_bytes` (1 MiB).
pub fn csv_long_line() -> Vec<u8> {
    let mut line = "a".repeat(1_048_577).into_bytes();
    line.push(b'\n');
    line
}

/// A CSV of `n` commas and nothing else (one line, `n + 1` empty cells).
pub fn csv_comma_flood(n: usize) -> Vec<u8> {
    vec![b','; n]
}

/// An xlsx whose one cell uses a shared string of `bytes` bytes (deflated it takes about a
/// thousandth of that on disk).
pub fn xlsx_giant_shared_string(bytes: usize) -> Vec<u8> {
    let shared = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#,
        "a".repeat(bytes)
    );
    let data = worksheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    xlsx(
        &[("s", "", WS, "xl/worksheets/sheet1.xml", data)],
        Some(&shared),
    )
}
