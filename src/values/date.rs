//! Dates (SPEC §2.5): Excel serials, `2022-03-05`, `2022/3/5`, `2022.3.5`, `2022年3月5日`,
//! `20220305`.

use chrono::NaiveDate;

/// Parses a date written in any of the forms above (full-width digits included).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    todo!("{s}")
}

/// An Excel serial (1900 date system, with its 1900-02-29 bug) → date.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    todo!("{serial}")
}
