//! The OCR cache: one small text file per page image, named by the SHA-256 of the image as
//! stored, its rotation and the engine version, so a rerun of a round does no OCR twice and a
//! new engine never reuses an old reading. Writes are atomic (temporary file, then rename); a
//! damaged or foreign entry is ignored and read again.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::engine::{ENGINE_VERSION, PageOcr, TextBox};
use crate::ingest::{ImageData, PageImage, RawColour};

const MAGIC: &str = "sme-audit-ocr-cache";

/// The cache key of a page image: hex SHA-256 over the engine version, the rotation and the
/// image bytes as stored.
pub fn key(image: &PageImage) -> String {
    let mut hash = Sha256::new();
    hash.update(ENGINE_VERSION.as_bytes());
    hash.update([0, image.quarter_turns]);
    match &image.data {
        ImageData::Encoded(bytes) => {
            hash.update(b"encoded");
            hash.update(bytes);
        }
        ImageData::Raw(raw) => {
            // Everything that makes the pixels, each part length-prefixed so that no two
            // different images hash the same stream of bytes.
            let part = |hash: &mut Sha256, bytes: &[u8]| {
                hash.update((bytes.len() as u64).to_le_bytes());
                hash.update(bytes);
            };
            hash.update(b"raw");
            hash.update(raw.width.to_le_bytes());
            hash.update(raw.height.to_le_bytes());
            hash.update([raw.bits, u8::from(raw.invert)]);
            match &raw.colour {
                RawColour::Gray => hash.update(b"g"),
                RawColour::Rgb => hash.update(b"r"),
                RawColour::Cmyk => hash.update(b"c"),
                RawColour::Indexed { base, palette } => {
                    hash.update([b'i', *base]);
                    part(&mut hash, palette);
                }
            }
            hash.update((raw.filters.len() as u64).to_le_bytes());
            for (filter, params) in &raw.filters {
                part(&mut hash, filter.as_bytes());
                hash.update((params.len() as u64).to_le_bytes());
                for (k, v) in params {
                    part(&mut hash, k.as_bytes());
                    hash.update(v.to_le_bytes());
                }
            }
            part(&mut hash, &raw.data);
        }
    }
    crate::hash::hex(&hash.finalize())
}

fn path(dir: &Path, key: &str) -> std::path::PathBuf {
    dir.join(&key[..2.min(key.len())])
        .join(format!("{key}.tsv"))
}

/// The cache's text form of a reading: a header line, then one line per box
/// (`x0 y0 x1 y1 confidence text`, tab-separated, coordinates to 0.1 px).
pub fn to_text(page: &PageOcr) -> String {
    let mut out = format!(
        "{MAGIC}\t{ENGINE_VERSION}\t{}\t{}\t{}\t{:.2}\n",
        page.width, page.height, page.quarter_turns, page.skew_degrees
    );
    for b in &page.boxes {
        let text: String = b
            .text
            .chars()
            .map(|c| {
                if c == '\t' || c == '\n' || c == '\r' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{:.1}\t{:.1}\t{:.1}\t{:.1}\t{:.3}\t{text}",
            b.x0, b.y0, b.x1, b.y1, b.confidence
        );
    }
    out
}

/// Parses `to_text`'s form; None when it is not a complete entry of this engine version.
pub fn from_text(text: &str) -> Option<PageOcr> {
    let mut lines = text.split('\n');
    let head: Vec<&str> = lines.next()?.split('\t').collect();
    if head.len() != 6 || head[0] != MAGIC || head[1] != ENGINE_VERSION {
        return None;
    }
    let mut page = PageOcr {
        width: head[2].parse().ok()?,
        height: head[3].parse().ok()?,
        quarter_turns: head[4].parse().ok()?,
        skew_degrees: head[5].parse().ok()?,
        boxes: Vec::new(),
    };
    // The file ends with a newline: the last split piece is empty. A missing final newline
    // means a cut write.
    if !text.ends_with('\n') {
        return None;
    }
    for line in lines.filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.splitn(6, '\t').collect();
        if f.len() != 6 {
            return None;
        }
        page.boxes.push(TextBox {
            x0: f[0].parse().ok()?,
            y0: f[1].parse().ok()?,
            x1: f[2].parse().ok()?,
            y1: f[3].parse().ok()?,
            confidence: f[4].parse().ok()?,
            text: f[5].to_string(),
        });
    }
    Some(page)
}

/// A reading as it would come back from the cache (values rounded like the cache file).
pub fn round_trip(page: &PageOcr) -> PageOcr {
    from_text(&to_text(page)).unwrap_or_else(|| page.clone())
}

/// Readings of this process, by key: the same image met twice in a run (a scan submitted by
/// two applicants, a round evaluated again in one process) is read once even without a cache
/// folder. Bounded by `MEMORY_ENTRIES` (a reading is a few KB); past it, nothing more is kept.
static MEMORY: Mutex<BTreeMap<String, PageOcr>> = Mutex::new(BTreeMap::new());
const MEMORY_ENTRIES: usize = 20_000;

pub fn remembered(key: &str) -> Option<PageOcr> {
    MEMORY
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(key)
        .cloned()
}

pub fn remember(key: &str, page: &PageOcr) {
    let mut memory = MEMORY.lock().unwrap_or_else(|p| p.into_inner());
    if memory.len() < MEMORY_ENTRIES {
        memory.insert(key.to_string(), page.clone());
    }
}

pub fn load(dir: &Path, key: &str) -> Option<PageOcr> {
    let bytes = std::fs::read(path(dir, key)).ok()?;
    from_text(std::str::from_utf8(&bytes).ok()?)
}

/// Stores a reading; a cache that cannot be written is skipped silently (the run goes on, the
/// next run reads the page again).
pub fn store(dir: &Path, key: &str, page: &PageOcr) {
    let target = path(dir, key);
    let Some(parent) = target.parent() else {
        return;
    };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let tmp = parent.join(format!(".{key}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, to_text(page)).is_ok() && std::fs::rename(&tmp, &target).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PageOcr {
        PageOcr {
            width: 1654,
            height: 2339,
            quarter_turns: 1,
            skew_degrees: -2.05,
            boxes: vec![
                TextBox {
                    x0: 112.34,
                    y0: 780.0,
                    x1: 260.0,
                    y1: 820.06,
                    text: "资产总计".into(),
                    confidence: 0.99876,
                },
                TextBox {
                    x0: 796.0,
                    y0: 784.0,
                    x1: 990.0,
                    y1: 820.0,
                    text: "1,580,000.00\twith tab".into(),
                    confidence: 0.5,
                },
            ],
        }
    }

    #[test]
    fn a_reading_survives_the_cache_and_a_cached_run_equals_a_fresh_one() {
        let once = round_trip(&sample());
        assert_eq!(round_trip(&once), once);
        assert_eq!(once.boxes[0].x0, 112.3);
        assert_eq!(once.boxes[0].confidence, 0.999);
        assert_eq!(once.boxes[1].text, "1,580,000.00 with tab");
        let dir = tempfile::tempdir().unwrap();
        store(dir.path(), "abcdef", &once);
        assert_eq!(load(dir.path(), "abcdef"), Some(once));
    }

    #[test]
    fn cut_or_foreign_entries_are_read_again_not_trusted() {
        let text = to_text(&sample());
        assert!(from_text(&text[..text.len() - 1]).is_none(), "a cut write");
        assert!(from_text(&text.replace(ENGINE_VERSION, "old-engine")).is_none());
        assert!(from_text("garbage").is_none());
    }

    #[test]
    fn the_key_changes_with_the_bytes_and_the_rotation() {
        let image = |bytes: &[u8], turns| PageImage {
            page: 1,
            data: ImageData::Encoded(bytes.to_vec()),
            quarter_turns: turns,
        };
        assert_eq!(key(&image(b"abc", 0)), key(&image(b"abc", 0)));
        assert_ne!(key(&image(b"abc", 0)), key(&image(b"abd", 0)));
        assert_ne!(key(&image(b"abc", 0)), key(&image(b"abc", 1)));
        assert_eq!(key(&image(b"abc", 0)).len(), 64);
    }

    #[test]
    fn a_raw_image_key_covers_its_samples_and_how_they_are_read() {
        use crate::ingest::RawImage;
        let raw = RawImage {
            width: 2,
            height: 1,
            bits: 8,
            colour: RawColour::Gray,
            invert: false,
            filters: vec![],
            data: vec![0, 255],
        };
        let image = |raw: &RawImage| PageImage {
            page: 1,
            data: ImageData::Raw(raw.clone()),
            quarter_turns: 0,
        };
        let base = key(&image(&raw));
        assert_eq!(base, key(&image(&raw)));
        let inverted = RawImage {
            invert: true,
            ..raw.clone()
        };
        let taller = RawImage {
            width: 1,
            height: 2,
            ..raw.clone()
        };
        let indexed = RawImage {
            colour: RawColour::Indexed {
                base: 1,
                palette: vec![0, 255],
            },
            ..raw.clone()
        };
        let flate = RawImage {
            filters: vec![("FlateDecode".into(), vec![])],
            ..raw.clone()
        };
        for other in [inverted, taller, indexed, flate] {
            assert_ne!(key(&image(&other)), base, "{other:?}");
        }
        // The same bytes as an encoded image are another image.
        assert_ne!(
            key(&PageImage {
                page: 1,
                data: ImageData::Encoded(vec![0, 255]),
                quarter_turns: 0,
            }),
            base
        );
    }
}
