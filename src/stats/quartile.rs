//! Five-number summaries of a figure (count, min, q1, median, q3, max) in exact decimals.
//!
//! One method throughout: linear interpolation between order statistics (Hyndman & Fan type 7,
//! Excel `QUARTILE.INC`, pandas' and numpy's default). For `n` sorted values `x[0..n]` the
//! p-quantile sits at position `h = (n − 1)·p`; with `i = ⌊h⌋` it is
//! `x[i] + (h − i)·(x[i+1] − x[i])`. `h` is a multiple of ¼, so every step is exact in
//! `rust_decimal`; an arithmetic overflow (values near ±7.9·10²⁸) leaves that quartile empty.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The summary of one figure's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub count: usize,
    pub min: Decimal,
    pub q1: Option<Decimal>,
    pub median: Option<Decimal>,
    pub q3: Option<Decimal>,
    pub max: Decimal,
}

/// The summary of `values` (sorted in place); `None` when there are none.
pub fn summarise(values: &mut [Decimal]) -> Option<Summary> {
    values.sort_unstable();
    let (&min, &max) = (values.first()?, values.last()?);
    let q = |num: u32| quantile(values, Decimal::new(num.into(), 2));
    Some(Summary {
        count: values.len(),
        min,
        q1: q(25),
        median: q(50),
        q3: q(75),
        max,
    })
}

/// The p-quantile (0 ≤ p ≤ 1) of sorted, non-empty `sorted` by linear interpolation.
pub fn quantile(sorted: &[Decimal], p: Decimal) -> Option<Decimal> {
    let last = sorted.len().checked_sub(1)?;
    let h = Decimal::from(last).checked_mul(p)?;
    let floor = h.floor();
    let i = floor.to_usize()?;
    let lo = *sorted.get(i)?;
    let frac = h.checked_sub(floor)?;
    if frac.is_zero() {
        return Some(lo);
    }
    let hi = *sorted.get(i + 1)?;
    lo.checked_add(frac.checked_mul(hi.checked_sub(lo)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn ds(list: &[&str]) -> Vec<Decimal> {
        list.iter().map(|s| d(s)).collect()
    }
    /// (q1, median, q3) as normalised strings.
    fn quartiles(list: &[&str]) -> (String, String, String) {
        let s = summarise(&mut ds(list)).unwrap();
        let f = |x: Option<Decimal>| x.unwrap().normalize().to_string();
        (f(s.q1), f(s.median), f(s.q3))
    }

    #[test]
    fn even_count_interpolates() {
        // numpy.percentile([1,2,3,4], [25,50,75]) = 1.75, 2.5, 3.25 (given unsorted here).
        assert_eq!(
            quartiles(&["4", "1", "3", "2"]),
            ("1.75".into(), "2.5".into(), "3.25".into())
        );
        let s = summarise(&mut ds(&["4", "1", "3", "2"])).unwrap();
        assert_eq!((s.count, s.min, s.max), (4, d("1"), d("4")));
    }

    #[test]
    fn odd_count_hits_order_statistics() {
        // pandas Series([1,3,5,7,9]).quantile([.25,.5,.75]) = 3, 5, 7.
        assert_eq!(
            quartiles(&["9", "1", "5", "3", "7"]),
            ("3".into(), "5".into(), "7".into())
        );
        // Excel QUARTILE.INC({1,2,3,4,5,6,7},1) = 2.5, median 4, q3 5.5.
        assert_eq!(
            quartiles(&["1", "2", "3", "4", "5", "6", "7"]),
            ("2.5".into(), "4".into(), "5.5".into())
        );
    }

    #[test]
    fn money_stays_exact() {
        // 1,499,999.99 and 1,500,000.00: the median is 1,499,999.995 exactly, no float drift.
        assert_eq!(
            quartiles(&["1499999.99", "1500000.00"]),
            (
                "1499999.9925".into(),
                "1499999.995".into(),
                "1499999.9975".into()
            )
        );
    }

    #[test]
    fn one_value_is_every_quartile() {
        let s = summarise(&mut ds(&["0.8000"])).unwrap();
        assert_eq!(s.count, 1);
        assert_eq!((s.min, s.max), (d("0.8"), d("0.8")));
        assert_eq!(
            (s.q1, s.median, s.q3),
            (Some(d("0.8")), Some(d("0.8")), Some(d("0.8")))
        );
    }

    #[test]
    fn no_values_no_summary() {
        assert_eq!(summarise(&mut []), None);
        assert_eq!(quantile(&[], d("0.5")), None);
    }

    #[test]
    fn overflow_leaves_the_quartile_empty_not_a_panic() {
        let s = summarise(&mut [Decimal::MIN, Decimal::MAX]).unwrap();
        assert_eq!((s.min, s.max), (Decimal::MIN, Decimal::MAX));
        assert_eq!(s.q1, None);
        assert_eq!(s.median, None);
    }
}
