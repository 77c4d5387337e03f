//! Cell helpers shared by the table and form readers: a cell's text, number, money and date,
//! and merged-range lookups.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::ingest::{Cell, Merge, Sheet};
use crate::values::{self, MoneyUnit};

/// The cell's text as a reviewer would read it (numbers without binary noise).
pub fn raw_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::DateIso(s) | Cell::Error(s) => s.trim().to_string(),
        Cell::Number(f) | Cell::DateSerial(f) => number_text(*f),
        Cell::Bool(true) => "是".into(),
        Cell::Bool(false) => "否".into(),
    }
}

/// A spreadsheet float as Excel displays it: rounded to 15 significant digits, so binary
/// noise is gone before any decimal is read (`0.8999999999999999` → 0.9,
/// `1000.0000000000002` → 1000, `0.1 + 0.2` → 0.3). `None` for NaN, infinities and values a
/// `Decimal` cannot hold (beyond ±7.9 × 10^28 or below 10^-28).
pub fn excel_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(Decimal::ZERO);
    }
    // Whole numbers below 10^15 (counts, amounts in yuan, date serials) are exact as they are;
    // only the rest go through the 15-digit text (the hot path of every numeric cell).
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return Some(Decimal::from(f as i64));
    }
    // `{:.14e}` rounds to 15 significant digits (one before the point, 14 after).
    let d = Decimal::from_scientific(&format!("{f:.14e}")).ok()?;
    Some(d.normalize())
}

/// A float's text as Excel displays it (15 significant digits): `1485000.5`, `50`, `0.9`,
/// never `1485000.4999999` or `0.8999999999999999`.
pub fn number_text(f: f64) -> String {
    match excel_decimal(f) {
        Some(d) => d.to_string(),
        None => format!("{f}"),
    }
}

/// Normalised text (NFKC, no white space) for matching.
pub fn norm_text(cell: &Cell) -> String {
    values::normalise(&raw_text(cell))
}

pub fn get(sheet: &Sheet, row: u32, col: u32) -> &Cell {
    static EMPTY: Cell = Cell::Empty;
    sheet
        .rows
        .get(row as usize)
        .and_then(|r| r.get(col as usize))
        .unwrap_or(&EMPTY)
}

pub fn width(sheet: &Sheet) -> u32 {
    sheet.rows.iter().map(Vec::len).max().unwrap_or(0) as u32
}

/// The merged range whose top-left cell is (row, col).
pub fn merge_at(sheet: &Sheet, row: u32, col: u32) -> Option<&Merge> {
    sheet
        .merges
        .iter()
        .find(|m| m.first_row == row && m.first_col == col)
}

/// The merged range covering (row, col), if any.
pub fn merge_covering(sheet: &Sheet, row: u32, col: u32) -> Option<&Merge> {
    sheet.merges.iter().find(|m| {
        m.first_row <= row && row <= m.last_row && m.first_col <= col && col <= m.last_col
    })
}

/// A cell's value as a decimal number (exact for numeric cells).
pub fn decimal(cell: &Cell) -> Option<Decimal> {
    let d = match cell {
        Cell::Number(f) => excel_decimal(*f),
        Cell::Bool(_) | Cell::Empty | Cell::Error(_) | Cell::DateSerial(_) | Cell::DateIso(_) => {
            None
        }
        Cell::Text(s) => values::parse_decimal(s),
    };
    d.filter(|d| d.abs() <= values::number::max_magnitude())
}

/// Money in yuan; the unit in a text cell wins over `unit`.
pub fn money(cell: &Cell, unit: MoneyUnit) -> Option<Decimal> {
    match cell {
        Cell::Text(s) => values::parse_money(s, unit),
        _ => decimal(cell).and_then(|d| d.checked_mul(unit_factor(unit))),
    }
}

pub fn unit_factor(unit: MoneyUnit) -> Decimal {
    unit.factor()
}

/// A whole count (`52`, `52家`).
pub fn count(cell: &Cell) -> Option<u64> {
    match cell {
        Cell::Number(f) => excel_decimal(*f)
            .filter(|d| !d.is_sign_negative() && d.fract().is_zero())
            .and_then(|d| d.to_u64()),
        Cell::Text(s) => values::parse_count(s),
        _ => None,
    }
}

/// A date: Excel serials (date-formatted or plain numbers in a date column), `20220305`
/// numbers, and every text form `values::parse_date` knows.
pub fn date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::DateSerial(f) => values::excel_serial_to_date(*f),
        // A number like 2022.03 is a year and month typed as a number, not the serial of a
        // day in 1905.
        Cell::Number(f) if (1900.0..2101.0).contains(f) => None,
        Cell::Number(f) if (19_000_101.0..=21_001_231.0).contains(f) => {
            values::parse_date(&number_text(*f))
        }
        Cell::Number(f) if (1.0..=2_958_465.0).contains(f) => values::excel_serial_to_date(*f),
        Cell::Text(s) | Cell::DateIso(s) => values::parse_date(s),
        _ => None,
    }
}

/// A record's date: a full date, or a month without its day taken as the month's first day
/// (enough to place a service or activity in its year).
pub fn record_date(cell: &Cell) -> Option<NaiveDate> {
    date(cell).or_else(|| {
        let (y, m) = values::parse_year_month(&raw_text(cell))?;
        NaiveDate::from_ymd_opt(y, m, 1)
    })
}

/// Yes/no.
pub fn yes_no(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Bool(b) => Some(*b),
        Cell::Number(f) if *f == 1.0 => Some(true),
        Cell::Number(f) if *f == 0.0 => Some(false),
        _ => values::parse_yes_no(&raw_text(cell)),
    }
}

/// The money unit a header or label names: `（万元）` → 万元, `（元）` → 元.
pub fn unit_hint(text: &str) -> Option<MoneyUnit> {
    if text.contains("亿元") {
        Some(MoneyUnit::HundredMillion)
    } else if text.contains("千万元") {
        Some(MoneyUnit::TenMillion)
    } else if text.contains("百万元") {
        Some(MoneyUnit::Million)
    } else if text.contains("千元") {
        Some(MoneyUnit::Thousand)
    } else if text.contains("万元") || text.contains("(万)") || text.contains("（万）") {
        Some(MoneyUnit::TenThousand)
    } else if text.contains("元") {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_cells_keep_their_decimal_text() {
        assert_eq!(
            decimal(&Cell::Number(1485000.5)),
            Some(Decimal::new(14850005, 1))
        );
        assert_eq!(
            decimal(&Cell::Number(0.1 + 0.2)).map(|d| d.to_string()),
            Some("0.3".into())
        );
        assert_eq!(number_text(50.0), "50");
        assert_eq!(
            money(&Cell::Number(148.5), MoneyUnit::TenThousand),
            Some(Decimal::from(1_485_000))
        );
    }

    /// issue 8 family 6: spreadsheet floats are read as Excel shows them (15 significant
    /// digits), before any decimal parsing.
    #[test]
    fn float_noise_is_rounded_to_fifteen_significant_digits() {
        let cases: [(f64, Option<&str>); 13] = [
            (0.8999999999999999, Some("0.9")),
            (0.9000000000000001, Some("0.9")),
            (1000.0000000000002, Some("1000")),
            (999.9999999999998, Some("1000")),
            (1485000.5, Some("1485000.5")),
            (0.7999, Some("0.7999")),
            (1499999.99, Some("1499999.99")),
            (123456789012345.6, Some("123456789012346")),
            (-20.000000000000004, Some("-20")),
            (1e17, Some("100000000000000000")),
            (1e20, None), // beyond the largest figure accepted
            (f64::NAN, None),
            (f64::INFINITY, None),
        ];
        for (f, want) in cases {
            assert_eq!(
                decimal(&Cell::Number(f)).map(|d| d.to_string()),
                want.map(String::from),
                "{f:?}"
            );
        }
        assert_eq!(count(&Cell::Number(1000.0000000000002)), Some(1000));
        assert_eq!(count(&Cell::Number(49.99999999999999)), Some(50));
        assert_eq!(count(&Cell::Number(49.5)), None);
        assert_eq!(count(&Cell::Number(-1.0)), None);
        assert_eq!(number_text(0.8999999999999999), "0.9");
        assert_eq!(number_text(44621.0), "44621");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(
            money(&Cell::Number(148.49999999999997), MoneyUnit::TenThousand),
            Some(Decimal::from(1_485_000))
        );
    }

    #[test]
    fn record_dates_accept_months_and_refuse_1905_serials() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(record_date(&Cell::Text("2022年3月".into())), d(2022, 3, 1));
        assert_eq!(record_date(&Cell::Number(2022.03)), d(2022, 3, 1));
        assert_eq!(date(&Cell::Number(2022.03)), None);
        assert_eq!(record_date(&Cell::Number(44621.0)), d(2022, 3, 1));
        assert_eq!(record_date(&Cell::Number(20220305.0)), d(2022, 3, 5));
        assert_eq!(
            record_date(&Cell::Text("2022年3月5日".into())),
            d(2022, 3, 5)
        );
        assert_eq!(record_date(&Cell::Text("三月".into())), None);
    }

    #[test]
    fn unit_hints_come_from_headers() {
        assert_eq!(unit_hint("收费金额（元）"), Some(MoneyUnit::Yuan));
        assert_eq!(unit_hint("融资金额(万元)"), Some(MoneyUnit::TenThousand));
        assert_eq!(unit_hint("融资金额"), None);
        // Issue 8 family 7: 千元 is not 元, 千万元 is not 万元.
        assert_eq!(unit_hint("融资金额（千元）"), Some(MoneyUnit::Thousand));
        assert_eq!(unit_hint("收费金额(人民币千元)"), Some(MoneyUnit::Thousand));
        assert_eq!(unit_hint("融资金额（千万元）"), Some(MoneyUnit::TenMillion));
        assert_eq!(unit_hint("金额（百万元）"), Some(MoneyUnit::Million));
        assert_eq!(
            money(&Cell::Number(1600.0), MoneyUnit::Thousand),
            Some(Decimal::from(1_600_000))
        );
    }
}
