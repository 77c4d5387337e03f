//! Dates (SPEC §2.5): Excel serials, `2022-03-05`, `2022/3/5`, `2022.3.5`, `2022年3月5日`,
//! `20220305`.

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use regex::Regex;

/// Year, month, day with `-`, `/`, `.` or 年/月 between them, spaces allowed around each part.
static SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})(?:\s*[日号])?",
    )
    .expect("date pattern is valid")
});

/// Eight digits standing alone: `20220305`.
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([0-9]{4})([0-9]{2})([0-9]{2})(?:$|[^0-9])")
        .expect("compact date pattern is valid")
});

/// A month without its day, alone in the cell: `2022年3月`, `2022.03`, `2022-3`.
static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*(?:月份?)?\s*$")
        .expect("month pattern is valid")
});

/// Years outside this range are typing errors, not dates of our rounds.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let year: i32 = y.parse().ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// Parses a date written in any of the forms above (full-width digits included).
///
/// A trailing time (`2022-03-05 14:30:00`, `2022-3-5T00:00:00`) or weekday is ignored. A date
/// without its day (`2022年3月`), a two-digit year or an impossible date (2022-02-30) is `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let text = super::text::fold_compat(s);
    if let Some(c) = SEPARATED.captures(&text) {
        let end = c.get(0)?.end();
        // `2022-03-051` is not a date; the day must not run on into more digits.
        if text[end..].starts_with(|ch: char| ch.is_ascii_digit()) {
            return None;
        }
        return ymd(c.get(1)?.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str());
    }
    let c = COMPACT.captures(&text)?;
    ymd(c.get(1)?.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str())
}

/// The last serial Excel can show: 9999-12-31.
const LAST_EXCEL_SERIAL: f64 = 2_958_465.0;

/// An Excel serial (1900 date system, with its 1900-02-29 bug) → date.
///
/// Serial 1 is 1900-01-01; Excel counts a 1900-02-29 that never was (serial 60, → `None`), so
/// serials from 61 on are one day ahead of a plain day count. The fraction (time of day) is
/// ignored. NaN, infinities, serials below 1 and beyond 9999-12-31 are `None`.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..LAST_EXCEL_SERIAL + 1.0).contains(&serial) {
        return None;
    }
    // In range, so the cast neither saturates nor loses the whole part.
    let days = serial.floor() as u64;
    let epoch = match days {
        ..60 => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        60 => return None,
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    epoch.checked_add_days(Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn parse_date_reads_every_written_form() {
        let cases = [
            ("2022-03-05", d(2022, 3, 5)),
            ("2022/3/5", d(2022, 3, 5)),
            ("2022.3.5", d(2022, 3, 5)),
            ("2022年3月5日", d(2022, 3, 5)),
            ("2022年03月05日", d(2022, 3, 5)),
            ("20220305", d(2022, 3, 5)),
            ("２０２２年３月５日", d(2022, 3, 5)),
            ("２０２２－０３－０５", d(2022, 3, 5)),
            ("2022-03-05 14:30:00", d(2022, 3, 5)),
            ("2022-3-5T00:00:00", d(2022, 3, 5)),
            ("2022 年 3 月 5 日", d(2022, 3, 5)),
            (
                "2022\u{3000}年\u{3000}3\u{3000}月\u{3000}5\u{3000}日",
                d(2022, 3, 5),
            ),
            (" 2022-03-05\n", d(2022, 3, 5)),
            ("2022年3月5日（星期六）", d(2022, 3, 5)),
            ("2022年3月5号", d(2022, 3, 5)),
            ("成立于2015年10月8日", d(2015, 10, 8)),
            ("2020-02-29", d(2020, 2, 29)),
            ("2022-02-30", None),
            ("2022-13-01", None),
            ("2022-00-10", None),
            ("2022年3月", None),
            ("22-3-5", None),
            ("2022-03-051", None),
            ("12022-03-05", None),
            ("202203051", None),
            ("20221331", None),
            ("12345678", None),
            ("1899-12-31", None),
            ("44621", None),
            ("", None),
            ("—", None),
            ("待定", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want, "input {input:?}");
        }
    }

    #[test]
    fn excel_serials_follow_the_1900_system() {
        let cases = [
            (1.0, d(1900, 1, 1)),
            (59.0, d(1900, 2, 28)),
            (60.0, None),
            (61.0, d(1900, 3, 1)),
            (44621.0, d(2022, 3, 1)),
            (44621.75, d(2022, 3, 1)),
            (44620.9999, d(2022, 2, 28)),
            (45292.0, d(2024, 1, 1)),
            (2_958_465.0, d(9999, 12, 31)),
            (2_958_466.0, None),
            (0.0, None),
            (0.5, None),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (f64::NEG_INFINITY, None),
            (1e300, None),
        ];
        for (serial, want) in cases {
            assert_eq!(excel_serial_to_date(serial), want, "serial {serial}");
        }
    }
}

/// A month given without its day (`2022年3月`, `2022.03`): `(year, month)`. Real logs and
/// forms write dates this way; the caller decides which day stands for the month.
pub fn parse_year_month(s: &str) -> Option<(i32, u32)> {
    let text = super::text::fold_compat(s);
    let caps = YEAR_MONTH.captures(&text)?;
    let year: i32 = caps[1].parse().ok()?;
    let month: u32 = caps[2].parse().ok()?;
    (YEARS.contains(&year) && (1..=12).contains(&month)).then_some((year, month))
}

#[cfg(test)]
mod year_month_tests {
    use super::*;

    #[test]
    fn months_without_days() {
        for (text, want) in [
            ("2022年3月", Some((2022, 3))),
            ("2022年03月份", Some((2022, 3))),
            ("２０２２．１２", Some((2022, 12))),
            ("2022-3", Some((2022, 3))),
            ("2022/13", None),
            ("2022年3月5日", None),
            ("2022", None),
            ("3月", None),
        ] {
            assert_eq!(parse_year_month(text), want, "{text}");
        }
    }
}
