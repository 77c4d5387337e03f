//! Every limit the tool applies to its input, in one place (issue 9).
//!
//! A round comes from hundreds of outside organisations; one hostile or broken file must cost
//! one problem row, never the run or the machine's memory. Each reader checks these limits
//! **before** it allocates, and every cut becomes a problem row that names the limit by its
//! key here (`[limits] sheet_cells`), so a reviewer can raise it in a rules file when a real
//! file needs more. The defaults are set in `src/rules/jinan-2021.toml` and in `Default`
//! below (a unit test keeps the two equal).
//!
//! Every limit is wired: the spreadsheet and CSV limits (`ingest::spreadsheet`,
//! `ingest::biff`, `ingest::package`), the PDF limits (`ingest::pdf::read_pdf_limited`, which
//! carries them in its page reader) and the file, archive and folder limits (`discover`:
//! the round walk takes them from `Rules.limits`, `for_each_file` and `read_file` from the
//! `&Limits` they are given), and the Word limits (`ingest::word::read_word`).

use serde::{Deserialize, Serialize};

const MIB: u64 = 1024 * 1024;

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    // --- spreadsheets and CSV ---
    /// Rows kept per sheet; cells below are dropped and counted.
    pub sheet_rows: u32,
    /// Columns kept per sheet (and per CSV row); cells to the right are dropped and counted.
    pub sheet_columns: u32,
    /// Cells one sheet may take in memory, counted over its dense area (rows × columns of the
    /// used range, as calamine allocates it for xls and ods) and over its cell records.
    pub sheet_cells: u64,
    /// Cells (dense areas added up) one workbook may take in memory: xls and ods readers hold
    /// every sheet at once.
    pub workbook_cells: u64,
    /// Bytes of text kept per cell; longer text is cut (Excel itself holds 32,767 characters).
    pub cell_bytes: usize,
    /// Bytes of text one workbook may expand to (xls shared strings are copied into every
    /// cell that uses them).
    pub workbook_text_bytes: u64,
    /// Decompressed bytes of a workbook part read whole (xlsx/xlsb shared strings, styles,
    /// workbook and relationship parts).
    pub workbook_part_bytes: u64,
    /// Bytes of one CSV line.
    pub csv_line_bytes: usize,

    // --- files and archives (discover.rs) ---
    /// Bytes of one file read (also the decompressed bytes of one archive entry, and of an
    /// ods `content.xml`).
    pub file_bytes: u64,
    /// Decompressed bytes of one submission's archives, all entries (nested zips included)
    /// together; every byte inflated counts, those of refused entries too.
    pub archive_bytes: u64,
    /// Entries read from one archive.
    pub archive_entries: usize,
    /// Bytes of one archive's central directory read.
    pub archive_directory_bytes: u64,
    /// Archive entries refused for their declared size that are listed one row each; the
    /// rest are counted in one row.
    pub archive_refused_rows: usize,
    /// Memory (KiB) a 7z decoder may take for its dictionary and header buffers (7-Zip's
    /// "ultra" level uses 64 MiB for LZMA2).
    pub archive_decoder_kib: usize,
    /// Folder nesting walked.
    pub folder_depth: usize,

    // --- PDF (ingest/pdf.rs) ---
    /// Pages read from one PDF.
    pub pdf_pages: usize,
    /// Pixels of one image decoded for OCR (checked from its header before decoding).
    pub image_pixels: u64,
    /// Pages of one file read by OCR (a scanned report's figures are on its first pages).
    pub ocr_pages: usize,
    /// Content-stream operators interpreted per page.
    pub pdf_operators_per_page: usize,
    /// Form XObject nesting depth.
    pub pdf_form_depth: usize,
    /// Graphics-state stack depth (`q` without `Q`).
    pub pdf_state_stack: usize,
    /// Decompressed bytes of one page's content (or one font's CMap).
    pub pdf_stream_bytes: usize,
    /// Entries read from one ToUnicode CMap.
    pub pdf_cmap_entries: usize,
    /// Form-field widgets read per page, and form-field nodes walked per document.
    pub pdf_widgets: usize,
    /// Depth of the form-field tree (`/Parent`, `/Kids`) followed.
    pub pdf_field_depth: usize,

    // --- Word documents (ingest/word.rs; a table is bounded by the sheet limits above,
    // `word/document.xml` and each .doc stream by `workbook_part_bytes`) ---
    /// Tables read per document; the rest are read as text.
    pub word_tables: usize,
    /// Table nesting depth read as tables; deeper tables are read as text of their cell.
    pub word_table_depth: usize,
    /// Characters of text one document may hold; a document past it is refused whole.
    pub word_text_chars: usize,
    /// Paragraphs, rows and cells one document may hold, all tables together; a document past
    /// it is refused whole (a roster read in part would count short).
    pub word_units: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            sheet_rows: 200_000,
            sheet_columns: 256,
            sheet_cells: 3_000_000,
            workbook_cells: 6_000_000,
            cell_bytes: 128 * 1024,
            workbook_text_bytes: 128 * MIB,
            workbook_part_bytes: 64 * MIB,
            csv_line_bytes: MIB as usize,
            file_bytes: 200 * MIB,
            archive_bytes: 1024 * MIB,
            archive_entries: 20_000,
            archive_directory_bytes: 64 * MIB,
            archive_refused_rows: 20,
            archive_decoder_kib: 256 * 1024,
            folder_depth: 12,
            pdf_pages: 1000,
            image_pixels: 60_000_000,
            ocr_pages: 40,
            pdf_operators_per_page: 2_000_000,
            pdf_form_depth: 8,
            pdf_state_stack: 256,
            pdf_stream_bytes: 64 * MIB as usize,
            pdf_cmap_entries: 200_000,
            pdf_widgets: 10_000,
            pdf_field_depth: 32,
            word_tables: 2_000,
            word_table_depth: 8,
            word_text_chars: 32 * MIB as usize,
            word_units: 4_000_000,
        }
    }
}

impl Limits {
    /// Every limit by its key, for validation and messages.
    pub fn entries(&self) -> [(&'static str, u64); 29] {
        [
            ("sheet_rows", self.sheet_rows as u64),
            ("sheet_columns", self.sheet_columns as u64),
            ("sheet_cells", self.sheet_cells),
            ("workbook_cells", self.workbook_cells),
            ("cell_bytes", self.cell_bytes as u64),
            ("workbook_text_bytes", self.workbook_text_bytes),
            ("workbook_part_bytes", self.workbook_part_bytes),
            ("csv_line_bytes", self.csv_line_bytes as u64),
            ("file_bytes", self.file_bytes),
            ("archive_bytes", self.archive_bytes),
            ("archive_entries", self.archive_entries as u64),
            ("archive_directory_bytes", self.archive_directory_bytes),
            ("archive_refused_rows", self.archive_refused_rows as u64),
            ("archive_decoder_kib", self.archive_decoder_kib as u64),
            ("folder_depth", self.folder_depth as u64),
            ("pdf_pages", self.pdf_pages as u64),
            ("image_pixels", self.image_pixels),
            ("ocr_pages", self.ocr_pages as u64),
            ("pdf_operators_per_page", self.pdf_operators_per_page as u64),
            ("pdf_form_depth", self.pdf_form_depth as u64),
            ("pdf_state_stack", self.pdf_state_stack as u64),
            ("pdf_stream_bytes", self.pdf_stream_bytes as u64),
            ("pdf_cmap_entries", self.pdf_cmap_entries as u64),
            ("pdf_widgets", self.pdf_widgets as u64),
            ("pdf_field_depth", self.pdf_field_depth as u64),
            ("word_tables", self.word_tables as u64),
            ("word_table_depth", self.word_table_depth as u64),
            ("word_text_chars", self.word_text_chars as u64),
            ("word_units", self.word_units as u64),
        ]
    }

    /// Checks the values: every limit is positive, and sheets fit Excel's own grid.
    pub fn validate(&self) -> Result<(), String> {
        for (key, value) in self.entries() {
            if value == 0 {
                return Err(format!(
                    "[limits] {key} = 0，限制必须大于 0（a limit must be > 0）"
                ));
            }
        }
        if self.sheet_rows > 1_048_576 {
            return Err(format!(
                "[limits] sheet_rows = {} 超过 Excel 的 1048576 行（more rows than Excel has）",
                self.sheet_rows
            ));
        }
        if self.sheet_columns > 16_384 {
            return Err(format!(
                "[limits] sheet_columns = {} 超过 Excel 的 16384 列（more columns than Excel has）",
                self.sheet_columns
            ));
        }
        if self.sheet_cells > self.workbook_cells {
            return Err(format!(
                "[limits] sheet_cells = {} 大于 workbook_cells = {}（a sheet cannot exceed its workbook）",
                self.sheet_cells, self.workbook_cells
            ));
        }
        Ok(())
    }
}

/// How a cut names its limit in messages: `[limits] sheet_cells = 3000000`.
pub fn named(key: &str, value: impl std::fmt::Display) -> String {
    format!("[limits] {key} = {value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_out_of_grid_limits_are_rejected() {
        assert!(Limits::default().validate().is_ok());
        let zero = Limits {
            csv_line_bytes: 0,
            ..Limits::default()
        };
        assert!(zero.validate().unwrap_err().contains("csv_line_bytes"));
        let wide = Limits {
            sheet_columns: 16_385,
            ..Limits::default()
        };
        assert!(wide.validate().unwrap_err().contains("sheet_columns"));
        let inverted = Limits {
            sheet_cells: 11,
            workbook_cells: 10,
            ..Limits::default()
        };
        assert!(inverted.validate().unwrap_err().contains("workbook_cells"));
    }
}
