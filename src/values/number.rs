//! Numbers and money (SPEC §2.5): `1,523,456.78`, `１５０`, `152.35万元`, `1.2亿元`, `92%`,
//! uppercase financial numerals (`壹佰伍拾万元整`). Money is exact `Decimal` yuan.

use rust_decimal::Decimal;

/// The unit a money figure is written in when the cell itself names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    TenThousand,
    HundredMillion,
}

/// A plain decimal number: full-width digits, thousands separators, surrounding text such as
/// `约` or `元` tolerated; 万/亿 multipliers applied. `None` when no number is there.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    todo!("{s}")
}

/// Money in yuan. A unit in the text (元, 万元, 万, 亿元) wins over `default_unit`.
pub fn parse_money(s: &str, default_unit: MoneyUnit) -> Option<Decimal> {
    todo!("{s}{default_unit:?}")
}

/// A ratio as a fraction: `92%`, `92.5％` → 0.925, `0.92` → 0.92, `92` → 0.92 (values > 1
/// and ≤ 100 without a sign are read as percent).
pub fn parse_ratio(s: &str) -> Option<Decimal> {
    todo!("{s}")
}

/// A non-negative whole count: `52`, `52家`, `１,０５０人次`, `52.0`. `None` for fractions.
pub fn parse_count(s: &str) -> Option<u64> {
    todo!("{s}")
}

/// Uppercase financial numerals (`壹佰陆拾万元整`, `人民币壹仟伍佰万零叁拾元伍角`) → yuan.
pub fn parse_uppercase_money(s: &str) -> Option<Decimal> {
    todo!("{s}")
}
