//! Scan fixtures like real scans, with their text-layer twins (issue 10, item 8): audit
//! reports (opinion, one- and two-sided balance sheets, income statement), 信用中国 credit
//! reports, leases, 不动产权证书, 营业执照 and 法人证书, rendered from the same figures as a
//! text-layer PDF and as a degraded scan (dpi, skew, JPEG quality, noise, red seal, rotation,
//! phone photo, illegible), with `manifest.csv` listing every page's figures and true values.
//! Deterministic for a seed. The generator lives in tests/support/scans.rs (crate
//! `scan-fixtures`).
//!
//! ```text
//! cargo run --release --example gen_scans -- /tmp/scans --seed 1
//! ```

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;

use scan_fixtures as scans;

#[derive(Parser, Debug)]
#[command(about = "Writes scan fixtures, their text-layer twins and manifest.csv")]
struct Args {
    /// Output folder: scans/, text/ and manifest.csv are written in it.
    out: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// One resolution for every legible page instead of the planned 150/200/300 dpi.
    #[arg(long)]
    dpi: Option<u32>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let opts = scans::Options {
        seed: args.seed,
        dpi: args.dpi,
        max_cases: None,
    };
    let pages = scans::write_fixtures(&args.out, &opts).map_err(anyhow::Error::msg)?;
    println!(
        "pages: {pages}\nmanifest: {}\ntime: {:.1} s",
        args.out.join("manifest.csv").display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
