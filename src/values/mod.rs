//! Value normalisers (SPEC §2.5, §3): small pure functions from the strings found in real
//! files to typed values. Each returns `None` (or an error) rather than guessing.
//!
//! Input: a cell's text (or an Excel serial). Output: numbers, exact money in yuan, dates,
//! yes/no, education and title levels, credit codes, function lists.

pub mod credit_code;
pub mod date;
pub mod district;
pub mod education;
pub mod functions;
pub mod number;
pub mod org_type;
pub mod platform;
pub mod text;
pub mod title;
pub mod yesno;

pub use credit_code::{CreditCode, CreditCodeError};
pub use date::{excel_serial_to_date, parse_date, parse_year_month};
pub use district::{district_from_division, district_from_text};
pub use education::{Education, EducationReading, parse_education, read_education};
pub use functions::parse_functions;
pub use number::{
    MoneyUnit, parse_count, parse_decimal, parse_money, parse_ratio, parse_uppercase_money,
    score_scale,
};
pub use org_type::parse_org_type;
pub use platform::parse_platform_kind;
pub use text::{enterprise_key, fold_compat, keyword_polarity, normalise, ticked_choices};
pub use title::{TitleLevel, parse_title};
pub use yesno::{parse_yes_no, says_not_yet};

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Every reader must return, not panic, on whatever a cell may hold.
    #[test]
    fn no_reader_panics_on_hostile_input() {
        let long_digits = "9".repeat(500);
        let long_han = "壹仟".repeat(200);
        let nested = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        let negations = "不".repeat(5000) + "满意" + &"低".repeat(5000);
        let radicals: String = ('\u{2E80}'..='\u{2FDF}').collect();
        let inputs = [
            "",
            " ",
            "\0",
            "\u{FFFD}\u{FFFD}",
            "(",
            ")",
            "()",
            "（）",
            "-",
            "--1",
            ".",
            "..5",
            "1.",
            "1,",
            ",1",
            "%",
            "万",
            "亿亿",
            "元角分",
            "¥",
            "☑",
            "☑☑☐□",
            "√×",
            "2022年",
            "9999-99-99",
            "0000-00-00",
            "2022-02-29T25:61",
            "😀😀😀",
            "\u{0301}\u{0301}",
            "ＩＯＺＳＶ",
            "91370100MA3C5EXX😀",
            long_digits.as_str(),
            long_han.as_str(),
            nested.as_str(),
            negations.as_str(),
            radicals.as_str(),
            "满分",
            "分制",
            "999999999999分制",
            "有（建设中",
            "本科在读在读",
        ];
        let extra = BTreeMap::from([(String::new(), String::new())]);
        for s in inputs {
            let _ = normalise(s);
            let _ = enterprise_key(s);
            let _ = ticked_choices(s);
            let _ = parse_decimal(s);
            let _ = parse_money(s, MoneyUnit::TenThousand);
            let _ = parse_ratio(s);
            let _ = parse_count(s);
            let _ = parse_uppercase_money(s);
            let _ = parse_date(s);
            let _ = parse_yes_no(s);
            let _ = parse_education(s);
            let _ = read_education(s).map(EducationReading::qualifies);
            let _ = score_scale(s);
            let _ = fold_compat(s);
            let _ = keyword_polarity(s, "满意");
            let _ = keyword_polarity(s, "");
            let _ = says_not_yet(s);
            let _ = title::names_no_title(s, &extra);
            let _ = parse_title(s, &extra);
            let _ = parse_org_type(s);
            let _ = parse_functions(s);
            let _ = parse_platform_kind(s);
            let _ = district_from_text(s);
            let _ = district_from_division(s);
            if let Ok(code) = CreditCode::parse(s) {
                let _ = (code.org_type(), code.division(), code.authority());
            }
        }
        for serial in [
            f64::MIN,
            f64::MAX,
            f64::EPSILON,
            -0.0,
            59.999,
            60.5,
            2_958_465.9,
        ] {
            let _ = excel_serial_to_date(serial);
        }
    }
}
