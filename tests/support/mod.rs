//! Fixture builders: workbooks and zips made in code, so each test shows the layout it feeds.
#![allow(dead_code)]

pub mod docx;
pub mod reports;

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

/// A cell to write: text, number or date.
pub enum V<'a> {
    S(&'a str),
    N(f64),
    D(u16, u8, u8),
}

pub fn write_row(ws: &mut Worksheet, row: u32, values: &[V]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, v) in values.iter().enumerate() {
        let c = c as u16;
        match v {
            V::S("") => {}
            V::S(s) => {
                ws.write_string(row, c, *s).unwrap();
            }
            V::N(n) => {
                ws.write_number(row, c, *n).unwrap();
            }
            V::D(y, m, d) => {
                let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                ws.write_datetime_with_format(row, c, &dt, &date).unwrap();
            }
        }
    }
}

/// A workbook with one sheet per `(name, rows)`.
pub fn workbook(sheets: &[(&str, Vec<Vec<V>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, values) in rows.iter().enumerate() {
            write_row(ws, r as u32, values);
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A stored (uncompressed) zip whose entry names are the given raw bytes, with no UTF-8
/// flag: what Chinese Windows' "send to compressed folder" writes (names in GBK).
pub fn raw_name_zip(entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32fast::hash(data);
        let size = data.len() as u32;
        let mut local = Vec::new();
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&20u16.to_le_bytes()); // version needed
        local.extend_from_slice(&0u16.to_le_bytes()); // flags: no UTF-8 bit
        local.extend_from_slice(&0u16.to_le_bytes()); // stored
        local.extend_from_slice(&0u32.to_le_bytes()); // time/date
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&size.to_le_bytes());
        local.extend_from_slice(&size.to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name);
        out.extend_from_slice(&local);
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, attrs
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

pub fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

pub fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// A small valid form workbook: label in column A, value in B.
pub fn simple_form(name: &str, code: &str) -> Vec<u8> {
    workbook(&[(
        "推荐表",
        vec![
            vec![V::S("济南市中小企业公共服务示范平台推荐表")],
            vec![V::S("单位名称"), V::S(name)],
            vec![V::S("统一社会信用代码"), V::S(code)],
            vec![V::S("单位性质"), V::S("企业")],
            vec![V::S("成立时间"), V::D(2015, 6, 1)],
        ],
    )])
}

/// A PDF of one page per entry, text in the predefined-CMap font many Chinese producers emit
/// (Type0 `/UniGB-UCS2-H` over an unembedded `/STSong-Light`, UTF-16BE strings). Each line is
/// drawn top-down; `|` splits a line into cells 150 pt apart (a table row).
pub fn text_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let hex = |s: &str| -> String { s.encode_utf16().map(|u| format!("{u:04X}")).collect() };
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 Type0 font, 4 CID font, 5 descriptor, then per page
    // a page object and its content stream.
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 6 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_vec(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::new();
        for (k, line) in lines.iter().enumerate() {
            let y = 780 - 20 * k as i32;
            for (c, cell) in line.split('|').enumerate() {
                let x = 72 + 150 * c as i32;
                content.push_str(&format!(
                    "BT /F1 10.5 Tf 1 0 0 1 {x} {y} Tm <{}> Tj ET\n",
                    hex(cell)
                ));
            }
        }
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
                7 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Rounds made from a sample applicant (issue 8 value-reading families)

/// Copies a directory tree of plain files and folders.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A round of one applicant copied from `samples/round-2023/<sample>` into `root/round`, with
/// the files named in `remove` deleted and `add` written (name → bytes). Returns the round.
pub fn round_from_sample(
    root: &Path,
    sample: &str,
    remove: &[&str],
    add: &[(&str, Vec<u8>)],
) -> std::path::PathBuf {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
    let round = root.join("round");
    let name = sample.rsplit('/').next().unwrap();
    let applicant = round.join(name);
    copy_dir(&samples.join(sample), &applicant);
    for file in remove {
        std::fs::remove_file(applicant.join(file)).unwrap();
    }
    for (file, bytes) in add {
        write(&applicant.join(file), bytes);
    }
    round
}

/// A one-sheet table workbook: a title row, the header, then the rows.
pub fn table_xlsx(sheet: &str, header: &[&str], rows: Vec<Vec<V>>) -> Vec<u8> {
    let mut all = vec![
        vec![V::S("明细表")],
        header.iter().map(|h| V::S(h)).collect(),
    ];
    all.extend(rows);
    workbook(&[(sheet, all)])
}
