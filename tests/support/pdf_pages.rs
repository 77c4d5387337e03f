//! Text-layer PDFs the way Chinese office producers write them, laid out line by line: shared by
//! the round generator (examples/gen_round.rs) and the scan generator (tests/support/scans.rs),
//! which draws the same `Page`s into images, so a scan and its text-layer twin hold the same
//! lines at the same places.
#![allow(dead_code)]

use std::io::Write;

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// One line of text at one baseline; cells at x offsets (right-aligned cells end at x).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub y: f32,
    pub size: f32,
    pub cells: Vec<(f32, bool, String)>,
}

pub type Page = Vec<Line>;

/// Lays out pages top-down with a cursor.
pub struct Pages {
    pub pages: Vec<Page>,
    pub y: f32,
    /// Page width and top baseline, in points (A4 portrait unless made `landscape`).
    pub width: f32,
    pub top: f32,
}

pub const PAGE_TOP: f32 = 780.0;
pub const PAGE_BOTTOM: f32 = 60.0;
pub const LEFT: f32 = 64.0;
/// A4 in points, as `/MediaBox` integers.
pub const A4: (i64, i64) = (595, 842);
pub const A4_LANDSCAPE: (i64, i64) = (842, 595);

impl Default for Pages {
    fn default() -> Self {
        Pages::new()
    }
}

impl Pages {
    pub fn new() -> Pages {
        Pages {
            pages: vec![Vec::new()],
            y: PAGE_TOP,
            width: 595.0,
            top: PAGE_TOP,
        }
    }
    /// A4 landscape (two-sided balance sheets, licences).
    pub fn landscape() -> Pages {
        let top = 595.0 - (842.0 - PAGE_TOP);
        Pages {
            pages: vec![Vec::new()],
            y: top,
            width: 842.0,
            top,
        }
    }
    pub fn cells(&mut self, size: f32, cells: Vec<(f32, bool, String)>) {
        if self.y < PAGE_BOTTOM {
            self.break_page();
        }
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.push(Line { y, size, cells });
        }
        self.y -= size * 1.8;
    }
    pub fn text(&mut self, size: f32, s: impl Into<String>) {
        self.cells(size, vec![(LEFT, false, s.into())]);
    }
    /// Wraps a paragraph at about 36 CJK characters.
    pub fn para(&mut self, s: &str) {
        let chars: Vec<char> = s.chars().collect();
        for (k, chunk) in chars.chunks(36).enumerate() {
            let x = if k == 0 { LEFT + 21.0 } else { LEFT };
            self.cells(10.5, vec![(x, false, chunk.iter().collect())]);
        }
    }
    pub fn centered(&mut self, size: f32, s: &str) {
        let x = (self.width - text_width(s, size)) / 2.0;
        self.cells(size, vec![(x, false, s.to_string())]);
    }
    pub fn gap(&mut self) {
        self.y -= 8.0;
    }
    pub fn break_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }
}

/// ASCII is half-width in STSong-Light (`/W [1 95 500]`), CJK full-width.
pub fn text_width(s: &str, size: f32) -> f32 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum::<f32>()
        * size
}

/// A string as UTF-16BE hex digits, for a `<…> Tj` operand.
fn utf16_hex(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// A PDF with the predefined-CMap font many Chinese producers emit: Type0 `/UniGB-UCS2-H` over
/// an unembedded CIDFontType0 `/STSong-Light`; text as UTF-16BE strings, one BT per line.
pub fn pdf_bytes(pages: &[Page]) -> Vec<u8> {
    pdf_bytes_sized(pages, &[A4])
}

/// `pdf_bytes` with other page sizes (`/MediaBox [0 0 w h]`): page `i` takes `sizes[i]`, or the
/// last size when there are fewer sizes than pages.
pub fn pdf_bytes_sized(pages: &[Page], sizes: &[(i64, i64)]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "STSong-Light",
        "Flags" => 6,
        "FontBBox" => vec![(-25).into(), (-254).into(), 1000.into(), 880.into()],
        "ItalicAngle" => 0,
        "Ascent" => 880,
        "Descent" => -120,
        "CapHeight" => 880,
        "StemV" => 93,
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 2,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        "W" => vec![1.into(), 95.into(), 500.into()],
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => "UniGB-UCS2-H",
        "DescendantFonts" => vec![cid_font.into()],
    });
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font },
    });
    let mut kids: Vec<Object> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let (width, height) = sizes.get(i).or(sizes.last()).copied().unwrap_or(A4);
        let mut content = Vec::new();
        for line in page {
            let _ = writeln!(content, "BT\n/F1 {} Tf", line.size);
            let mut x0 = 0.0f32;
            for (k, (x, right, text)) in line.cells.iter().enumerate() {
                let x = if *right {
                    x - text_width(text, line.size)
                } else {
                    *x
                };
                if k == 0 {
                    let _ = writeln!(content, "{x:.2} {:.2} Td", line.y);
                } else {
                    let _ = writeln!(content, "{:.2} 0 Td", x - x0);
                }
                x0 = x;
                let _ = writeln!(content, "<{}> Tj", utf16_hex(text));
            }
            content.extend_from_slice(b"ET\n");
        }
        let mut stream = Stream::new(Dictionary::new(), content);
        let _ = stream.compress();
        let contents = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), width.into(), height.into()],
            "Contents" => contents,
            "Resources" => resources,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = doc.save_to(&mut out);
    out
}

/// `1,623,456.78` from cents (or from cents / 10,000 when the report is in 万元).
pub fn amount(cents: i64, in_wan: bool) -> String {
    let cents = if in_wan {
        (cents as f64 / 10_000.0).round() as i64
    } else {
        cents
    };
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped}.{:02}", c % 100)
}
