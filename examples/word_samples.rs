//! Generates the Word and 7z applicants of the sample round (issue 11 item 6) from the data of
//! sample applicant 1 (`历下区/泉城科创中小企业技术服务平台`, 符合): the same figures under a
//! new identity, so each must get applicant 1's verdicts.
//!
//! `cargo run --example word_samples` writes, under `samples/round-2023/`:
//! - `历下区/明德中小企业科技服务平台/`: the form as a .docx (label|value table);
//! - `市中区/舜华中小企业数字服务平台/`: the form as a .docx, which
//!   `scripts/make_word_samples.sh` saves as .doc with LibreOffice (the .doc is committed);
//! - `高新区/齐创中小企业创新服务平台/`: form .docx, and roster, service logs and activity log
//!   as the tables of one `申请报告.docx`;
//! - `历城区/华信中小企业技术服务平台/`: form .docx and spreadsheets, which the script packs
//!   into `历城区/华信中小企业技术服务平台.7z` with p7zip (the .7z is committed).
//!
//! Only the identity changes: entity and platform names, credit code (valid check character,
//! Jinan division), district, staff ID numbers (the 15th digit moved, check digit recomputed,
//! birth date and sex kept) and service dates (moved a few days inside their year), so no two
//! applicants share a credit code, a staff ID or a service record (the X.* checks pass).
//! PDFs and images are copied as they are. Run the whole thing with
//! `scripts/make_word_samples.sh` (needs LibreOffice and p7zip; CI needs neither).

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};
use sme_audit::ingest::Cell;
use sme_audit::ingest::spreadsheet::read_workbook;
use support::V;
use support::docx::{B, C, docx, p, t};

const SOURCE: &str = "历下区/泉城科创中小企业技术服务平台";
const SOURCE_ENTITY: &str = "济南泉城科创信息技术有限公司";
const SOURCE_PLATFORM: &str = "泉城科创中小企业技术服务平台";

/// One new applicant.
struct New {
    district: &'static str,
    entity: &'static str,
    platform: &'static str,
    /// The 17-character body of the credit code; the check character is computed.
    code_body: &'static str,
    /// Distinguishes staff IDs and service dates from the source's and each other's.
    k: u32,
    layout: Layout,
}

#[derive(PartialEq)]
enum Layout {
    /// Form .docx, spreadsheets as the source has them.
    Docx,
    /// Form .docx, converted to .doc by the script.
    Doc,
    /// Form .docx; roster and logs as tables of 申请报告.docx.
    Report,
    /// Form .docx and spreadsheets, packed as a .7z by the script.
    SevenZip,
}

const NEW: [New; 4] = [
    New {
        district: "历下区",
        entity: "济南明德科技服务有限公司",
        platform: "明德中小企业科技服务平台",
        code_body: "91370102MA3W8K2P5",
        k: 1,
        layout: Layout::Docx,
    },
    New {
        district: "市中区",
        entity: "济南舜华信息技术有限公司",
        platform: "舜华中小企业数字服务平台",
        code_body: "91370103MA4H6N3R7",
        k: 2,
        layout: Layout::Doc,
    },
    New {
        district: "高新区",
        entity: "济南齐创信息科技有限公司",
        platform: "齐创中小企业创新服务平台",
        code_body: "91370100MA5T2C7Y9",
        k: 3,
        layout: Layout::Report,
    },
    New {
        district: "历城区",
        entity: "济南华信技术服务有限公司",
        platform: "华信中小企业技术服务平台",
        code_body: "91370112MA6L4D8X1",
        k: 4,
        layout: Layout::SevenZip,
    },
];

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The credit code with its check character (GB 32100-2015).
fn credit_code(body: &str) -> String {
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| ALPHABET.find(c).expect("code character") as u32 * w)
        .sum();
    let check = ALPHABET
        .chars()
        .nth(((31 - sum % 31) % 31) as usize)
        .unwrap();
    format!("{body}{check}")
}

/// A staff ID number with its 15th digit moved by `k` and the check digit recomputed
/// (GB 11643: birth date and the sex digit, the 17th, stay).
fn staff_id(id: &str, k: u32) -> String {
    let mut d: Vec<u32> = id.chars().take(17).filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 17 {
        return id.to_string();
    }
    d[14] = (d[14] + k) % 10;
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = d.iter().zip(W).map(|(a, b)| a * b).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    let mut s: String = d
        .iter()
        .map(|x| char::from_digit(*x, 10).unwrap())
        .collect();
    s.push(check);
    s
}

fn serial_date(serial: f64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + Duration::days(serial as i64)
}

/// A service date moved by `k` days, backwards when forwards would leave its year.
fn moved(date: NaiveDate, k: u32) -> NaiveDate {
    let later = date + Duration::days(k as i64);
    if later.year() == date.year() {
        later
    } else {
        date - Duration::days(k as i64)
    }
}

fn number(n: f64) -> String {
    format!("{n}")
}

/// Cell text with the source identity replaced.
fn text(cell: &Cell, new: &New) -> String {
    let s = match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => number(*n),
        Cell::DateSerial(d) => serial_date(*d).format("%Y-%m-%d").to_string(),
        Cell::DateIso(s) => s.clone(),
        Cell::Bool(b) => b.to_string(),
        Cell::Error(e) => e.clone(),
    };
    s.replace(SOURCE_ENTITY, new.entity)
        .replace(SOURCE_PLATFORM, new.platform)
        .replace("历下区", new.district)
}

/// A sheet's rows with the new identity: staff IDs and service dates changed.
fn renamed(rows: &[Vec<Cell>], new: &New, log: bool) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Cell::Text(s) if s.len() == 18 && s.starts_with("37") => {
                        Cell::Text(staff_id(s, new.k))
                    }
                    Cell::DateSerial(d) if log => {
                        let date = moved(serial_date(*d), new.k);
                        Cell::DateIso(date.format("%Y-%m-%d").to_string())
                    }
                    Cell::Text(_) => Cell::Text(text(c, new)),
                    other => other.clone(),
                })
                .collect()
        })
        .collect()
}

fn read_sheet(path: &Path) -> Vec<Vec<Cell>> {
    let sheets = read_workbook(&std::fs::read(path).expect("source file")).expect("workbook");
    sheets.into_iter().next().expect("one sheet").rows
}

/// A cell to write: text, number or date.
type Plain = (String, Option<f64>, Option<NaiveDate>);

/// The rows as an xlsx of one sheet (dates as date cells).
fn xlsx(sheet: &str, rows: &[Vec<Cell>]) -> Vec<u8> {
    let texts: Vec<Vec<Plain>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Cell::Number(n) => (String::new(), Some(*n), None),
                    Cell::DateSerial(d) => (String::new(), None, Some(serial_date(*d))),
                    Cell::DateIso(s) => (
                        String::new(),
                        None,
                        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                    ),
                    Cell::Text(s) => (s.clone(), None, None),
                    _ => (String::new(), None, None),
                })
                .collect()
        })
        .collect();
    let rows: Vec<Vec<V>> = texts
        .iter()
        .map(|r| {
            r.iter()
                .map(|(s, n, d)| match (n, d) {
                    (Some(n), _) => V::N(*n),
                    (_, Some(d)) => V::D(d.year() as u16, d.month() as u8, d.day() as u8),
                    _ => V::S(s.as_str()),
                })
                .collect()
        })
        .collect();
    support::workbook(&[(sheet, rows)])
}

/// The rows as a Word table (empty rows left out, empty cells kept).
fn word_table(rows: &[Vec<Cell>], new: &New) -> B {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
    B::Table(
        rows.iter()
            .filter(|r| r.iter().any(|c| *c != Cell::Empty))
            .map(|r| {
                (0..width)
                    .map(|i| t(&r.get(i).map(|c| text(c, new)).unwrap_or_default()))
                    .collect()
            })
            .collect(),
    )
}

/// The form as a two-column label|value table: the xlsx puts two pairs on a row, and a few
/// values (申报服务功能, 平台服务特色) under their label.
fn form_docx(rows: &[Vec<Cell>], new: &New) -> Vec<u8> {
    let code = credit_code(new.code_body);
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut title = String::new();
    let mut pending: Option<String> = None;
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .filter(|c| **c != Cell::Empty)
            .map(|c| text(c, new))
            .collect();
        if cells.is_empty() {
            continue;
        }
        if title.is_empty() {
            title = cells.concat();
            continue;
        }
        if cells.len() == 1 {
            match pending.take() {
                Some(label) => pairs.push((label, cells[0].clone())),
                None => pending = Some(cells[0].clone()),
            }
            continue;
        }
        for pair in cells.chunks(2) {
            let label = pair[0].clone();
            let value = pair.get(1).cloned().unwrap_or_default();
            let value = if label.contains("统一社会信用代码") {
                code.clone()
            } else {
                value
            };
            pairs.push((label, value));
        }
    }
    let table: Vec<Vec<C>> = pairs
        .iter()
        .map(|(l, v)| vec![t(l.trim_end_matches('：')), t(v)])
        .collect();
    docx(&[p(&title), B::Table(table)])
}

/// The stored (uncompressed) .docx the test writer makes, deflated like Word's own (the
/// application report is mostly repeated table markup); fixed entry times.
fn deflated(stored: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(stored)).expect("docx");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..input.len() {
        let mut entry = input.by_index(i).expect("entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("entry data");
        out.start_file(entry.name().expect("entry name").to_string(), opts)
            .expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fn copy_dir(from: &Path, to: &Path, skip: &dyn Fn(&str) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name), skip);
        } else if !skip(&name) {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

fn main() {
    let round = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
    let source = round.join(SOURCE);
    let form = read_sheet(&source.join("1-推荐表.xlsx"));
    let roster = read_sheet(&source.join("2-专职人员名册.xlsx"));
    let log_2022 = read_sheet(&source.join("3-服务企业名单2022.xlsx"));
    let log_2021 = read_sheet(&source.join("服务记录2021.xlsx"));
    let activity = read_sheet(&source.join("4-服务活动记录.xlsx"));
    for new in &NEW {
        let dir = round.join(new.district).join(new.platform);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        copy_dir(&source, &dir, &|n| n.ends_with(".xlsx"));
        std::fs::write(dir.join("1-推荐表.docx"), deflated(&form_docx(&form, new))).unwrap();
        let roster = renamed(&roster, new, false);
        let log_2022 = renamed(&log_2022, new, true);
        let log_2021 = renamed(&log_2021, new, true);
        let activity = renamed(&activity, new, false);
        if new.layout == Layout::Report {
            let report = docx(&[
                p(&format!("{}申请报告", new.entity)),
                p("一、专职服务人员名册"),
                word_table(&roster[2..], new),
                p("二、2022年度服务企业名单"),
                word_table(&log_2022[1..], new),
                p("三、2021年度服务记录"),
                word_table(&log_2021[2..], new),
                p("四、服务活动记录"),
                word_table(&activity[1..], new),
            ]);
            std::fs::write(dir.join("申请报告.docx"), deflated(&report)).unwrap();
        } else {
            std::fs::write(dir.join("2-专职人员名册.xlsx"), xlsx("人员名册", &roster)).unwrap();
            std::fs::write(
                dir.join("3-服务企业名单2022.xlsx"),
                xlsx("2022年", &log_2022),
            )
            .unwrap();
            std::fs::write(dir.join("服务记录2021.xlsx"), xlsx("Sheet1", &log_2021)).unwrap();
            std::fs::write(dir.join("4-服务活动记录.xlsx"), xlsx("活动记录", &activity)).unwrap();
        }
        println!(
            "{}  {}  {}",
            dir.strip_prefix(&round).unwrap().display(),
            new.entity,
            credit_code(new.code_body)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_characters_are_those_the_tool_accepts() {
        for new in &NEW {
            let code = credit_code(new.code_body);
            let parsed = sme_audit::values::credit_code::CreditCode::parse(&code).unwrap();
            assert!(parsed.checksum_ok, "{code}");
        }
        // GB 11643's own example.
        assert_eq!(staff_id("11010519491231002X", 0), "11010519491231002X");
    }
}
