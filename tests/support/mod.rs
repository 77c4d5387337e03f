//! Fixture builders: workbooks and zips made in code, so each test shows the layout it feeds.
#![allow(dead_code)]

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

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A stored (uncompressed) zip whose entry names are the given raw bytes, with no UTF-8
/// flag: what Chinese Windows' "send to compressed folder" writes (names in GBK).
pub fn raw_name_zip(entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
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
