//! OCR of image files, page text and the figures the extractors read from it: a tool to see
//! what the engine makes of a scan, and the core of `scripts/bench_ocr.py`.
//!
//! `cargo run --release --example ocr_page -- FILE.jpg…` prints, per file, one line of JSON:
//! the page text, the audit, credit and premises figures read from it, and the seconds taken.
//! `--text FILE.txt…` reads text files instead (another engine's output, e.g. tesseract's), so
//! both engines go through the same extractors.

use std::time::Instant;

use sme_audit::extract::pdf::{read_audit, read_credit, read_licence_code, read_premises};
use sme_audit::ingest::{ImageData, PageImage, PdfText};
use sme_audit::limits::Limits;
use sme_audit::model::{DocStatus, Sourced};
use sme_audit::ocr::{OcrSettings, read_scanned};

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn shown<T: std::fmt::Display>(v: &Option<Sourced<T>>) -> Option<String> {
    v.as_ref().map(|s| s.value.to_string())
}

/// The figures the extractors take from `text` (verified ones, as criteria use them), then the
/// readings kept out as unverified (`unverified:<field>`).
fn figures(file: &str, text: &PdfText) -> Vec<(String, String)> {
    let (audit, _) = read_audit(file, text);
    let (credit, _) = read_credit(file, text);
    let (proofs, _) = read_premises(file, text);
    let labels = vec!["统一社会信用代码".to_string()];
    let code = read_licence_code(file, text, &labels).ok().map(|s| s.value);
    let mut found: Vec<(String, Option<String>)> = vec![
        ("total_assets".into(), shown(&audit.total_assets)),
        ("total_liabilities".into(), shown(&audit.total_liabilities)),
        ("net_assets".into(), shown(&audit.net_assets)),
        ("revenue".into(), shown(&audit.revenue)),
        ("net_profit".into(), shown(&audit.net_profit)),
        (
            "dishonest_executed".into(),
            shown(&credit.dishonest_executed),
        ),
        (
            "major_tax_violations".into(),
            shown(&credit.major_tax_violations),
        ),
        ("serious_dishonest".into(), shown(&credit.serious_dishonest)),
        ("admin_penalties".into(), shown(&credit.admin_penalties)),
        ("credit_code".into(), code),
    ];
    found.extend(
        proofs
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("area{i}"), shown(&p.area))),
    );
    let unverified = audit
        .unverified
        .iter()
        .chain(&credit.unverified)
        .chain(proofs.iter().flat_map(|p| &p.unverified));
    found
        .extend(unverified.map(|u| (format!("unverified:{}", u.field), Some(u.value.to_string()))));
    found
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let as_text = args.first().is_some_and(|a| a == "--text");
    // `--dump-images DIR FILE…`: write each file's page images, decoded upright, as
    // DIR/<file index>-p<page>.png (for another engine), and read nothing.
    let dump = (args.first().is_some_and(|a| a == "--dump-images"))
        .then(|| args.get(1).cloned())
        .flatten();
    if let Some(dir) = &dump {
        let limits = Limits::default();
        for (i, file) in args.iter().skip(2).enumerate() {
            let Ok(bytes) = std::fs::read(file) else {
                continue;
            };
            let images = if file.to_lowercase().ends_with(".pdf") {
                sme_audit::ingest::pdf::read_pdf_limited(&bytes, &limits).images
            } else {
                vec![PageImage {
                    page: 1,
                    data: ImageData::Encoded(bytes),
                    quarter_turns: 0,
                }]
            };
            for image in images {
                match image.decode(&limits) {
                    Ok(rgb) => {
                        let path = format!("{dir}/{i:03}-p{:03}.png", image.page);
                        if let Err(e) = rgb.save(&path) {
                            eprintln!("{path}: {e}");
                        }
                    }
                    Err(e) => eprintln!("{file} p.{}: {e}", image.page),
                }
            }
        }
        return;
    }
    let settings = OcrSettings {
        enabled: true,
        cache: std::env::var_os("SME_OCR_CACHE").map(Into::into),
    };
    let limits = Limits::default();
    for file in args.iter().filter(|a| !a.starts_with("--")) {
        let start = Instant::now();
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let is_pdf = file.to_lowercase().ends_with(".pdf");
        let mut text = if is_pdf {
            sme_audit::ingest::pdf::read_pdf_limited(&bytes, &limits)
        } else if as_text {
            PdfText {
                status: DocStatus::Readable,
                pages: vec![String::from_utf8_lossy(&bytes).to_string()],
                ocr_pages: vec![1],
                ..PdfText::default()
            }
        } else {
            PdfText {
                status: DocStatus::Scanned,
                pages: vec![String::new()],
                images: vec![PageImage {
                    page: 1,
                    data: ImageData::Encoded(bytes),
                    quarter_turns: 0,
                }],
                ..PdfText::default()
            }
        };
        if !as_text {
            read_scanned(&mut text, &settings, &limits);
        }
        let seconds = start.elapsed().as_secs_f64();
        let figs = figures(file, &text)
            .iter()
            .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
            .collect::<Vec<_>>()
            .join(",");
        println!(
            "{{\"file\":{},\"seconds\":{seconds:.3},\"figures\":{{{figs}}},\"remarks\":[{}],\"text\":{}}}",
            json_string(file),
            text.remarks
                .iter()
                .map(|r| json_string(r))
                .collect::<Vec<_>>()
                .join(","),
            json_string(&text.pages.join("\n"))
        );
    }
}
