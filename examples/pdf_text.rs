//! Prints what sme-audit's PDF layer reads from each file: status, remarks and the text of each
//! page. `--quiet` prints only a page count per file (for benchmarks).
//!
//! `--facts` also prints the role the content suggests and the figures the extractors read.
//!
//! `cargo run --release --example pdf_text -- [--quiet] [--facts] FILES...`

use sme_audit::extract::pdf as extract;
use sme_audit::model::Role;

use std::time::Instant;

fn main() {
    let mut quiet = false;
    let mut facts = false;
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--quiet" {
            quiet = true;
        } else if arg == "--facts" {
            facts = true;
        } else {
            files.push(arg);
        }
    }
    let start = Instant::now();
    let mut pages = 0usize;
    for file in &files {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let text = sme_audit::ingest::pdf::read_pdf(&bytes);
        pages += text.pages.len();
        if quiet {
            continue;
        }
        println!("=== {file}: {:?}", text.status);
        for remark in &text.remarks {
            println!("  remark: {remark}");
        }
        for (i, page) in text.pages.iter().enumerate() {
            println!("--- page {}", i + 1);
            print!("{page}");
        }
        if facts {
            let role = extract::classify(&text);
            println!("--- role: {role:?}");
            let problems = match role {
                Some(Role::AuditReport) => {
                    let (r, p) = extract::read_audit(file, &text);
                    println!("{r:#?}");
                    p
                }
                Some(Role::CreditReport) => {
                    let (r, p) = extract::read_credit(file, &text);
                    println!("{r:#?}");
                    p
                }
                Some(Role::PremisesProof) => {
                    let (r, p) = extract::read_premises(file, &text);
                    println!("{r:#?}");
                    p
                }
                _ => Vec::new(),
            };
            for p in problems {
                println!("  problem [{:?}] {} {}", p.severity, p.location, p.zh);
            }
        }
    }
    if quiet {
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{} files, {pages} pages, {secs:.3} s, {:.1} pages/s",
            files.len(),
            pages as f64 / secs.max(1e-9)
        );
    }
}
