//! The raw-read baseline of the benchmarks: the least work any tool must do to look at a
//! round — calamine reading every cell of every sheet, the csv crate every record, lopdf
//! extracting every page's text, zips unpacked — with no roles, no extraction and no
//! evaluation. `sme-audit evaluate` is measured as a ratio to this.
//!
//! `cargo run --release --example raw_read -- ROUND [--jobs N]`

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{Reader, open_workbook_auto_from_rs};
use rayon::prelude::*;

#[derive(Default, Clone, Copy)]
struct Tally {
    files: u64,
    bytes: u64,
    cells: u64,
    pages: u64,
    failures: u64,
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, o: Tally) -> Tally {
        Tally {
            files: self.files + o.files,
            bytes: self.bytes + o.bytes,
            cells: self.cells + o.cells,
            pages: self.pages + o.pages,
            failures: self.failures + o.failures,
        }
    }
}

fn read_one(name: &str, bytes: &[u8]) -> Tally {
    let mut t = Tally {
        files: 1,
        bytes: bytes.len() as u64,
        ..Tally::default()
    };
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xls" | "ods" | "et" => match open_workbook_auto_from_rs(Cursor::new(bytes)) {
            Ok(mut wb) => {
                for sheet in wb.sheet_names() {
                    if let Ok(range) = wb.worksheet_range(&sheet) {
                        t.cells += range.used_cells().count() as u64;
                    }
                }
            }
            Err(_) => t.failures += 1,
        },
        "csv" => {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes);
            t.cells += r
                .records()
                .filter_map(Result::ok)
                .map(|rec| rec.len() as u64)
                .sum::<u64>();
        }
        "pdf" => match lopdf::Document::load_mem(bytes) {
            Ok(doc) => {
                let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
                for p in pages {
                    if doc.extract_text(&[p]).is_ok() {
                        t.pages += 1;
                    }
                }
            }
            Err(_) => t.failures += 1,
        },
        "zip" => match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut z) => {
                for i in 0..z.len() {
                    let Ok(mut entry) = z.by_index(i) else {
                        continue;
                    };
                    if entry.is_dir() {
                        continue;
                    }
                    let name = String::from_utf8_lossy(entry.name_raw()).to_string();
                    let mut buf = Vec::new();
                    if entry.read_to_end(&mut buf).is_ok() {
                        t = t + read_one(&name, &buf);
                    }
                }
            }
            Err(_) => t.failures += 1,
        },
        _ => {}
    }
    t
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(round) = args.first() else {
        eprintln!("usage: raw_read ROUND [--jobs N]");
        std::process::exit(2);
    };
    let jobs = args
        .iter()
        .position(|a| a == "--jobs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .expect("thread pool");
    let start = Instant::now();
    let mut files = Vec::new();
    files_under(Path::new(round), &mut files);
    files.sort();
    let total = pool.install(|| {
        files
            .par_iter()
            .map(|p| match std::fs::read(p) {
                Ok(bytes) => read_one(&p.to_string_lossy(), &bytes),
                Err(_) => Tally {
                    failures: 1,
                    ..Tally::default()
                },
            })
            .reduce(Tally::default, |a, b| a + b)
    });
    println!(
        "files {} bytes {} cells {} pages {} failures {} seconds {:.3}",
        total.files,
        total.bytes,
        total.cells,
        total.pages,
        total.failures,
        start.elapsed().as_secs_f64()
    );
}
