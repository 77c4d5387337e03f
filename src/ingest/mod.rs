//! Ingestion: one file's bytes → a `Document` (sheets of cells for spreadsheets and CSV,
//! pages of text for PDFs), or a reason it could not be read.
//!
//! Formats are chosen by sniffing the bytes first and the extension second, so a `.xls` that
//! is really an xlsx (or HTML) is handled or reported for what it is.

pub mod biff;
pub mod image;
pub mod layout;
pub mod package;
pub mod pdf;
pub mod spreadsheet;
pub mod word;

use crate::model::{DocStatus, Severity};

/// A remark on what a reader left out or changed in a sheet (a limit reached, a sheet that is
/// not a worksheet), for problems.csv. Messages name the limit (`[limits] sheet_cells = …`).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub severity: Severity,
    pub zh: String,
    pub en: String,
}

/// One spreadsheet cell, as the reader gave it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    /// A numeric cell. Converted to exact decimals through its shortest round-trip text, so
    /// `1485000.5` stays `1485000.5`.
    Number(f64),
    /// An Excel date serial (xls/xlsx date-formatted cells).
    DateSerial(f64),
    /// An ISO date or date-time string (ods).
    DateIso(String),
    Bool(bool),
    Error(String),
}

/// A merged range, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One sheet of a workbook (a CSV file is one sheet named after the file).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    /// Row-major cells from A1; rows may differ in length.
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    /// Non-empty cells dropped for lying beyond the reader's bounds or limits (reported as a
    /// note), at least 1 when the reader failed part-way. Above 0, counts read from the sheet
    /// are lower bounds.
    pub dropped_cells: u64,
    /// What was cut or skipped in this sheet (each becomes a problem row).
    pub notes: Vec<Note>,
}

/// Text of a PDF, page by page, in reading order (one line per baseline). An image file is a
/// one-page `PdfText` whose page has no text and one image.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfText {
    pub status: DocStatus,
    /// Page texts; page `i` is page `i + 1` of the file.
    pub pages: Vec<String>,
    /// Non-fatal remarks (a font that could not be decoded, recovery used …), in Chinese.
    pub remarks: Vec<String>,
    /// The images of pages without a text layer, as stored, for OCR (SPEC §8.2).
    pub images: Vec<PageImage>,
    /// Pages (1-based, ascending) whose text came from OCR: figures read from them are
    /// evidence only once verified (SPEC §8.2).
    pub ocr_pages: Vec<u32>,
}

impl PdfText {
    /// Whether page `page` (1-based) was read by OCR.
    pub fn is_ocr_page(&self, page: u32) -> bool {
        self.ocr_pages.binary_search(&page).is_ok()
    }
}

/// The image of a page without a text layer (or an image file), as stored in the file: decoded
/// only when OCR reads it, so a scanned report costs its compressed size until then.
#[derive(Debug, Clone, PartialEq)]
pub struct PageImage {
    /// 1-based page.
    pub page: u32,
    pub data: ImageData,
    /// Clockwise quarter turns (0–3) that bring the decoded pixels upright as the page is
    /// displayed: the page's `/Rotate` and the image's placement.
    pub quarter_turns: u8,
}

/// An image's bytes as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageData {
    /// A whole encoded image: an image file or a PDF `DCTDecode` stream (JPEG, PNG, BMP, TIFF).
    Encoded(Vec<u8>),
    /// The samples of a PDF image XObject (`FlateDecode`, `LZWDecode` … or no filter), still
    /// compressed as stored: inflated only when decoded.
    Raw(RawImage),
}

/// A PDF image XObject whose samples are not a whole image file: what is needed to turn its
/// stored bytes into pixels (PDF 32000-1 §8.9.5).
#[derive(Debug, Clone, PartialEq)]
pub struct RawImage {
    pub width: u32,
    pub height: u32,
    /// `/BitsPerComponent`: 1, 2, 4, 8 or 16 (an `/ImageMask` has 1).
    pub bits: u8,
    pub colour: RawColour,
    /// `/Decode [1 0]` (or an image mask whose 1s are painted): samples read inverted.
    pub invert: bool,
    /// The stream's filters in decoding order, each with its integer `/DecodeParms`
    /// (`Predictor`, `Colors`, `BitsPerComponent`, `Columns`, `EarlyChange`).
    pub filters: Vec<(String, Vec<(String, i64)>)>,
    /// The stream's bytes as stored.
    pub data: Vec<u8>,
}

/// The colour space of a `RawImage`.
#[derive(Debug, Clone, PartialEq)]
pub enum RawColour {
    /// DeviceGray, CalGray, ICCBased with N = 1, or an image mask.
    Gray,
    /// DeviceRGB, CalRGB, ICCBased with N = 3.
    Rgb,
    /// DeviceCMYK, ICCBased with N = 4 (converted naively: enough for black text).
    Cmyk,
    /// Indexed over a grey (`base` 1) or RGB (`base` 3) space: `palette` holds `base` bytes
    /// per entry.
    Indexed { base: u8, palette: Vec<u8> },
}

/// What a file turned out to hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Sheets(Vec<Sheet>),
    Pdf(PdfText),
    /// A Word document (docx, doc, wps): its tables as sheets and its paragraphs.
    Word(word::WordDoc),
    /// Any other file (images, Word documents …): listed as material by name only.
    Opaque,
}

/// One input file of an applicant.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Path relative to the applicant, `/`-separated.
    pub file: String,
    pub content: Content,
}
