//! Number formatting shared by criteria messages and reports.
//!
//! Two styles: *plain* figures for CSV cells (§5: money `1485000` / `1485000.5`, ratios with
//! four decimals `0.8000`, counts as integers) and *readable* figures for one-line messages
//! (`1,485,000.00 元`, `89.50%`). Ratios are cut (not rounded) to the digits shown, so a
//! ratio of 0.79996 prints `0.7999` and never looks like it met a threshold of 0.8000.

use rust_decimal::{Decimal, RoundingStrategy};

/// Money or area as a plain number: no trailing zeros (`1485000`, `1485000.5`).
pub fn plain(d: Decimal) -> String {
    let s = d.normalize().to_string();
    if s == "-0" { "0".to_string() } else { s }
}

/// A ratio as a fraction with four decimals, cut towards zero (`0.7999`).
pub fn plain_ratio(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(4, RoundingStrategy::ToZero);
    r.rescale(4);
    r.to_string()
}

/// Groups the integer part with commas: `1485000.5` → `1,485,000.5`.
fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// An evidenced amount of money for a message: two decimals, grouped (`1,485,000.00`).
pub fn money(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    group(&r.to_string())
}

/// A threshold or other round figure for a message: grouped, decimals only when needed
/// (`1,500,000`, `150`, `148.5`).
pub fn figure(d: Decimal) -> String {
    group(&plain(d.round_dp(2)))
}

/// A count for a message, grouped (`1,050`).
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// A ratio as a percentage for a message, two decimals, cut (`89.99%`).
pub fn percent(d: Decimal) -> String {
    let mut r = (d * Decimal::ONE_HUNDRED).round_dp_with_strategy(2, RoundingStrategy::ToZero);
    r.rescale(2);
    format!("{r}%")
}

/// A threshold ratio as a percentage without needless decimals (`90%`, `80%`).
pub fn percent_threshold(d: Decimal) -> String {
    format!("{}%", plain(d * Decimal::ONE_HUNDRED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_figures_follow_section_5() {
        assert_eq!(plain(d("1485000.00")), "1485000");
        assert_eq!(plain(d("1485000.50")), "1485000.5");
        assert_eq!(plain(d("-1000")), "-1000");
        assert_eq!(plain_ratio(d("0.8")), "0.8000");
        assert_eq!(plain_ratio(d("0.79996")), "0.7999");
        assert_eq!(plain_ratio(Decimal::ONE), "1.0000");
    }

    #[test]
    fn message_figures_are_grouped() {
        assert_eq!(money(d("1485000")), "1,485,000.00");
        assert_eq!(money(d("1499999.99")), "1,499,999.99");
        assert_eq!(money(d("-12345.5")), "-12,345.50");
        assert_eq!(figure(d("1500000")), "1,500,000");
        assert_eq!(figure(d("148.50")), "148.5");
        assert_eq!(count(1050), "1,050");
        assert_eq!(count(50), "50");
        assert_eq!(percent(d("0.89996")), "89.99%");
        assert_eq!(percent_threshold(d("0.90")), "90%");
    }
}
