//! Numbers and money (SPEC §2.5): `1,523,456.78`, `１５０`, `152.35万元`, `1.2亿元`, `92%`,
//! uppercase financial numerals (`壹佰伍拾万元整`). Money is exact `Decimal` yuan.

use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::text::normalise;

/// The unit a money figure is written in when the cell itself names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    /// 千元 (listed companies' and banks' statements, `人民币千元`).
    Thousand,
    TenThousand,
    /// 百万元.
    Million,
    /// 千万元.
    TenMillion,
    HundredMillion,
}

impl MoneyUnit {
    /// Yuan per unit.
    pub fn factor(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::Thousand => Decimal::from(1_000),
            MoneyUnit::TenThousand => Decimal::from(10_000),
            MoneyUnit::Million => Decimal::from(1_000_000),
            MoneyUnit::TenMillion => Decimal::from(10_000_000),
            MoneyUnit::HundredMillion => Decimal::from(100_000_000),
        }
    }
}

/// An optional sign, then digits grouped by commas in threes or not grouped at all, then an
/// optional fraction. Full-width forms are gone after NFKC.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(-)?(?:((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)|(\.[0-9]+))")
        .expect("number pattern is valid")
});

/// Currencies other than the yuan: a figure in them is not money in yuan.
const FOREIGN_CURRENCIES: [&str; 9] = [
    "美元", "美金", "港元", "港币", "欧元", "日元", "英镑", "USD", "US$",
];

/// One number found in a cell, with what surrounds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scanned {
    /// Signed, 万/亿 already applied.
    value: Decimal,
    /// A 万 or 亿 followed the number.
    multiplied: bool,
    /// 元/圆 followed the number (after any 万/亿), or ¥ preceded it.
    yuan: bool,
    /// % followed the number.
    percent: bool,
}

/// The largest figure accepted: 10^18 (a billion billion yuan).
pub fn max_magnitude() -> Decimal {
    Decimal::from(1_000_000_000_000_000_000_i64)
}

/// Spans of `text` inside brackets: notes such as `150家（2022年）`, whose numbers are not the
/// cell's figure. Unbalanced closing brackets are ignored.
fn bracketed(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '【' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            ')' | ']' | '】' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    spans.push((start, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        spans.push((start, text.len()));
    }
    spans
}

/// Finds the one number in a cell. `None` when there is none, when what follows it makes
/// it part of something else (`100-200`, `3/5`, `2022-03-05`, `1,5234`), or when the cell holds
/// several figures and nothing says which is the value (`2021年120家，2022年150家`).
///
/// Not figures: a year (`2022年…`: four digits 1900–2100 followed by 年), digits glued to a
/// Latin letter (`m2`, `ISO9001`), numbers inside brackets (notes). An accounting negative
/// `(1,000.00)` is one pair of brackets around the whole cell; nested pairs are refused
/// without recursion (a cell of 16,000 nested brackets costs one pass).
fn scan(s: &str) -> Option<Scanned> {
    let mut text = normalise(s).replace(['\u{2212}', '\u{2013}'], "-");
    // Accounting negatives: (1,000.00) — NFKC has already made （） half-width.
    let mut accounting = false;
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')'))
        && !inner.contains(['(', ')'])
    {
        text = inner.to_string();
        accounting = true;
    }
    let notes = bracketed(&text);
    let in_note = |at: usize| notes.iter().any(|(a, b)| (*a..*b).contains(&at));
    let mut found: Option<regex::Captures> = None;
    for caps in NUMBER.captures_iter(&text) {
        let Some(whole) = caps.get(0) else { continue };
        let before = &text[..whole.start()];
        let after = &text[whole.end()..];
        let letters: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let glued_to_word =
            !letters.is_empty() && !matches!(letters.to_uppercase().as_str(), "BMR" | "YNC");
        if in_note(whole.start()) || glued_to_word {
            continue;
        }
        let digits = whole.as_str();
        let is_year = digits.len() == 4
            && digits.chars().all(|c| c.is_ascii_digit())
            && digits
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y))
            && after.starts_with('年');
        if is_year {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(caps);
    }
    let caps = found?;
    let whole = caps.get(0)?;
    let digits = caps
        .get(2)
        .or_else(|| caps.get(3))?
        .as_str()
        .replace(',', "");
    let mut value = Decimal::from_str(&digits).ok()?;
    if caps.get(1).is_some() {
        if accounting {
            return None; // (-5)
        }
        value = -value;
    }
    let before = &text[..whole.start()];
    let mut rest = &text[whole.end()..];
    let mut chars = rest.chars();
    let next = chars.next();
    let after_next = chars.next();
    if next.is_some_and(|c| c.is_ascii_digit())
        || (next.is_some_and(|c| matches!(c, ',' | '.' | '-' | '~' | '/' | '—' | '至' | '到'))
            && after_next.is_some_and(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let mut multiplied = false;
    // 万/亿/千万 multiply on their own (`152.35万`); 千 and 百万 only as a money unit
    // (`1,600千元`), since `3千` next to other words is rarely a figure.
    for (word, factor, needs_yuan) in [
        ("万亿", 1_000_000_000_000_i64, false),
        ("亿", 100_000_000, false),
        ("千万", 10_000_000, false),
        ("百万", 1_000_000, true),
        ("万", 10_000, false),
        ("千", 1_000, true),
    ] {
        if let Some(r) = rest.strip_prefix(word)
            && (!needs_yuan || r.starts_with('元'))
        {
            value = value.checked_mul(Decimal::from(factor))?;
            multiplied = true;
            rest = r;
            break;
        }
    }
    let yuan = rest.starts_with('元') || rest.starts_with('圆') || before.ends_with('¥');
    let percent = rest.starts_with('%');
    // Beyond any real figure (an ID number typed into a money column, a corrupt cell): refused
    // here, so arithmetic on figures downstream cannot overflow.
    if value.abs() > max_magnitude() {
        return None;
    }
    if accounting {
        value = -value;
    }
    Some(Scanned {
        value: value.normalize(),
        multiplied,
        yuan,
        percent,
    })
}

/// The scale a satisfaction header or cell names: `5分制`, `10分制`/`十分制`, `百分制`,
/// `满分10分`, `(满分5分)` → 5, 10 or 100. `None` when it names none.
pub fn score_scale(s: &str) -> Option<u32> {
    let t = normalise(s);
    for (word, scale) in [
        ("百分制", 100),
        ("十分制", 10),
        ("五分制", 5),
        ("满分一百", 100),
        ("满分十分", 10),
        ("满分五分", 5),
    ] {
        if t.contains(word) {
            return Some(scale);
        }
    }
    let digits_before = |at: usize| -> Option<u32> {
        let head = &t[..at];
        let start = head
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map(|(i, _)| i)?;
        head[start..].parse().ok()
    };
    let digits_after = |from: usize| -> Option<u32> {
        let tail = &t[from..];
        let end = tail
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(tail.len(), |(i, _)| i);
        tail[..end].parse().ok()
    };
    let scale = if let Some(at) = t.find("分制") {
        digits_before(at)
    } else if let Some(at) = t.find("满分") {
        digits_after(at + "满分".len())
    } else {
        None
    };
    scale.filter(|s| matches!(s, 5 | 10 | 100))
}

/// A plain decimal number: full-width digits, thousands separators, surrounding text such as
/// `约` or `元` tolerated; 万/亿 multipliers applied. `None` when no number is there.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    scan(s).map(|n| n.value)
}

/// Money in yuan. A unit in the text (元, 万元, 万, 亿元) wins over `default_unit`.
///
/// Cells without Arabic digits are read as uppercase numerals (`壹佰万元整`); figures in a
/// foreign currency (`50万美元`) are `None`.
pub fn parse_money(s: &str, default_unit: MoneyUnit) -> Option<Decimal> {
    let text = normalise(s);
    if FOREIGN_CURRENCIES
        .iter()
        .any(|c| text.to_uppercase().contains(c))
    {
        return None;
    }
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return parse_uppercase_money(&text);
    }
    let n = scan(&text)?;
    if n.percent {
        return None;
    }
    if n.multiplied || n.yuan {
        Some(n.value)
    } else {
        n.value
            .checked_mul(default_unit.factor())
            .map(|v| v.normalize())
    }
}

/// A ratio as a fraction: `92%`, `92.5％` → 0.925, `0.92` → 0.92, `92` → 0.92 (values > 1
/// and ≤ 100 without a sign are read as percent).
pub fn parse_ratio(s: &str) -> Option<Decimal> {
    let n = scan(s)?;
    if n.value.is_sign_negative() || n.multiplied {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let fraction = if n.percent || n.value > Decimal::ONE {
        if !n.percent && n.value > hundred {
            return None;
        }
        n.value.checked_div(hundred)?
    } else {
        n.value
    };
    Some(fraction.normalize())
}

/// A non-negative whole count: `52`, `52家`, `１,０５０人次`, `52.0`. `None` for fractions.
pub fn parse_count(s: &str) -> Option<u64> {
    let n = scan(s)?;
    if n.percent || n.value.is_sign_negative() || !n.value.fract().is_zero() {
        return None;
    }
    n.value.to_u64()
}

fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '壹' | '一' => 1,
        '贰' | '貳' | '二' | '两' | '兩' => 2,
        '叁' | '參' | '叄' | '三' => 3,
        '肆' | '四' => 4,
        '伍' | '五' => 5,
        '陆' | '陸' | '六' => 6,
        '柒' | '七' => 7,
        '捌' | '八' => 8,
        '玖' | '九' => 9,
        _ => return None,
    })
}

fn han_small_unit(c: char) -> Option<u32> {
    Some(match c {
        '拾' | '十' => 10,
        '佰' | '百' => 100,
        '仟' | '千' => 1000,
        _ => return None,
    })
}

/// Uppercase financial numerals (`壹佰陆拾万元整`, `人民币壹仟伍佰万零叁拾元伍角`) → yuan.
///
/// Lowercase numerals (`一百五十万元`) and 两 are accepted too. `None` for anything that is
/// not a well-formed numeral (two digits in a row, units out of order, stray characters).
pub fn parse_uppercase_money(s: &str) -> Option<Decimal> {
    let mut text = normalise(s);
    for noise in ["人民币", "RMB", "大写", "金额", "¥", ":", "(", ")"] {
        text = text.replace(noise, "");
    }
    let text = text.trim_end_matches(['整', '正']);

    let mut total = Decimal::ZERO; // whole 亿 and 万 groups
    let mut section = Decimal::ZERO; // the group below 万 being read
    let mut last_unit: Option<u32> = None; // 拾/佰/仟 just used in `section`
    let mut digit: Option<u32> = None; // a digit waiting for its unit
    let mut integer: Option<Decimal> = None; // set once 元 (or 角/分) ends the yuan part
    let mut cents = Decimal::ZERO;
    let mut numeral_seen = false;

    for c in text.chars() {
        if let Some(d) = han_digit(c) {
            numeral_seen = true;
            if d == 0 {
                continue;
            }
            if digit.is_some() {
                return None;
            }
            digit = Some(d);
        } else if let Some(unit) = han_small_unit(c) {
            numeral_seen = true;
            if integer.is_some() || last_unit.is_some_and(|u| u <= unit) {
                return None;
            }
            let d = digit.take().unwrap_or(1);
            section = section.checked_add(Decimal::from(d * unit))?;
            last_unit = Some(unit);
        } else if matches!(c, '万' | '萬' | '亿' | '億') {
            if integer.is_some() {
                return None;
            }
            let group = section.checked_add(Decimal::from(digit.take().unwrap_or(0)))?;
            if c == '万' || c == '萬' {
                if group.is_zero() {
                    return None;
                }
                total = total.checked_add(group.checked_mul(Decimal::from(10_000))?)?;
            } else {
                total = total.checked_add(group)?;
                if total.is_zero() {
                    return None;
                }
                total = total.checked_mul(Decimal::from(100_000_000))?;
            }
            section = Decimal::ZERO;
            last_unit = None;
        } else if matches!(c, '元' | '圆' | '圓') {
            if integer.is_some() {
                return None;
            }
            let d = Decimal::from(digit.take().unwrap_or(0));
            integer = Some(total.checked_add(section)?.checked_add(d)?);
        } else if matches!(c, '角' | '分') {
            let d = digit.take()?;
            if integer.is_none() {
                integer = Some(total.checked_add(section)?);
            }
            let place = if c == '角' {
                Decimal::new(1, 1)
            } else {
                Decimal::new(1, 2)
            };
            cents = cents.checked_add(Decimal::from(d).checked_mul(place)?)?;
        } else {
            return None;
        }
    }
    if !numeral_seen {
        return None;
    }
    let value = match integer {
        Some(yuan) if digit.is_none() => yuan.checked_add(cents)?,
        Some(_) => return None, // a digit after 元 with no 角/分
        None => total
            .checked_add(section)?
            .checked_add(Decimal::from(digit.unwrap_or(0)))?,
    };
    Some(value.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test decimal")
    }

    #[test]
    fn parse_decimal_reads_real_world_cells() {
        let cases = [
            ("1,523,456.78", Some("1523456.78")),
            ("１５０", Some("150")),
            ("１，２３４．５６", Some("1234.56")),
            ("152.35万", Some("1523500")),
            ("1.2亿", Some("120000000")),
            ("约150", Some("150")),
            ("150元", Some("150")),
            ("-1,000.00", Some("-1000")),
            ("(1,000.00)", Some("-1000")),
            ("（1,000.00）", Some("-1000")),
            ("－35.5", Some("-35.5")),
            ("\u{2212}12", Some("-12")),
            (" 1 523 456 ", Some("1523456")),
            ("0.92", Some("0.92")),
            (".5", Some("0.5")),
            ("92%", Some("92")),
            ("150家（2022年）", Some("150")),
            ("152.35万元", Some("1523500")),
            ("—", None),
            ("-", None),
            ("", None),
            ("无", None),
            ("/", None),
            ("100-200", None),
            ("3/5", None),
            ("2022-03-05", None),
            ("1,5234", None),
            ("99999999999999999999999999999999", None),
            ("9999999999999999999999999亿", None),
            ("((1))", None),
            ("(-5)", None),
            // A year is not a figure; several figures and no telling which: none.
            ("2022年服务企业150家", Some("150")),
            ("2022年", None),
            ("2022", Some("2022")),
            ("2021年120家，2022年150家", None),
            ("第3季度服务150家", None),
            ("服务企业150家，其中线上30家", None),
            ("120m2", Some("120")),
            ("ISO9001认证 3项", Some("3")),
            ("RMB300万元", Some("3000000")),
            ("150（含2021年结转20家）", Some("150")),
        ];
        for (input, want) in cases {
            assert_eq!(parse_decimal(input), want.map(dec), "input {input:?}");
        }
    }

    /// issue 9 §1: a cell of 16,000 nested brackets overflowed the worker stack through the
    /// old recursive accounting-negative rule. Run on a small thread stack to prove no
    /// recursion depends on the input.
    #[test]
    fn deeply_nested_brackets_neither_recurse_nor_parse() {
        let handle = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(|| {
                let deep = format!("{}1{}", "(".repeat(16_000), ")".repeat(16_000));
                let wide = format!("{}1{}", "（".repeat(16_000), "）".repeat(16_000));
                (
                    parse_decimal(&deep),
                    parse_money(&wide, MoneyUnit::Yuan),
                    parse_ratio(&deep),
                    parse_count(&wide),
                )
            })
            .expect("thread starts");
        assert_eq!(
            handle.join().expect("no stack overflow"),
            (None, None, None, None)
        );
    }

    #[test]
    fn score_scales_come_from_headers() {
        let cases = [
            ("满意度（10分制）", Some(10)),
            ("满意度(十分制)", Some(10)),
            ("满意度评分（5分制）", Some(5)),
            ("满意度（百分制）", Some(100)),
            ("客户评分（满分10分）", Some(10)),
            ("评分(满分100)", Some(100)),
            ("满意度", None),
            ("满意度（7分制）", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(score_scale(input), want, "input {input:?}");
        }
    }

    #[test]
    fn parse_money_lets_the_cell_unit_win() {
        use MoneyUnit::*;
        let cases = [
            ("152.35万元", Yuan, Some("1523500")),
            ("1,600千元", Yuan, Some("1600000")),
            ("1.5百万元", Yuan, Some("1500000")),
            ("2千万元", Yuan, Some("20000000")),
            ("152.35万元", TenThousand, Some("1523500")),
            ("1.2亿元", TenThousand, Some("120000000")),
            ("150元", TenThousand, Some("150")),
            ("150", TenThousand, Some("1500000")),
            ("150", Yuan, Some("150")),
            ("1.5", HundredMillion, Some("150000000")),
            ("¥1,234.50", TenThousand, Some("1234.5")),
            ("￥80", TenThousand, Some("80")),
            ("人民币300万元", Yuan, Some("3000000")),
            ("0.35", TenThousand, Some("3500")),
            ("(20.00)", Yuan, Some("-20")),
            ("壹佰伍拾万元整", TenThousand, Some("1500000")),
            ("50万美元", Yuan, None),
            ("100 USD", Yuan, None),
            ("15%", Yuan, None),
            ("—", TenThousand, None),
            ("", Yuan, None),
            ("待定", Yuan, None),
        ];
        for (input, unit, want) in cases {
            assert_eq!(
                parse_money(input, unit),
                want.map(dec),
                "input {input:?} {unit:?}"
            );
        }
    }

    #[test]
    fn parse_ratio_reads_percent_and_fractions() {
        let cases = [
            ("92%", Some("0.92")),
            ("92.5％", Some("0.925")),
            ("0.92", Some("0.92")),
            ("92", Some("0.92")),
            ("100%", Some("1")),
            ("100", Some("1")),
            ("1", Some("1")),
            ("0", Some("0")),
            ("98.6 %", Some("0.986")),
            ("满意度95%以上", Some("0.95")),
            ("105%", Some("1.05")),
            ("150", None),
            ("-5%", None),
            ("1万", None),
            ("", None),
            ("优", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_ratio(input), want.map(dec), "input {input:?}");
        }
    }

    #[test]
    fn parse_count_accepts_whole_numbers_only() {
        let cases = [
            ("52", Some(52)),
            ("52家", Some(52)),
            ("1,050人次", Some(1050)),
            ("１,０５０人次", Some(1050)),
            ("52.0", Some(52)),
            ("1.2万", Some(12000)),
            ("0", Some(0)),
            ("52.5", None),
            ("-3", None),
            ("(3)", None),
            ("50%", None),
            ("", None),
            ("若干", None),
            ("99999999999999999999999", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_count(input), want, "input {input:?}");
        }
    }

    #[test]
    fn parse_uppercase_money_reads_financial_numerals() {
        let cases = [
            ("壹佰陆拾万元整", Some("1600000")),
            ("人民币壹佰伍拾万元整", Some("1500000")),
            ("人民币（大写）：壹佰伍拾万元整", Some("1500000")),
            ("壹仟伍佰万零叁拾元伍角", Some("15000030.5")),
            ("壹拾万元", Some("100000")),
            ("拾万元", Some("100000")),
            ("壹亿贰仟万元整", Some("120000000")),
            ("壹亿零伍拾万元", Some("100500000")),
            ("叁万零伍元零陆分", Some("30005.06")),
            ("伍角", Some("0.5")),
            ("贰元伍角陆分", Some("2.56")),
            ("玖仟玖佰玖拾玖元玖角玖分", Some("9999.99")),
            ("壹佰圆正", Some("100")),
            ("两万元", Some("20000")),
            ("一百五十万元", Some("1500000")),
            ("一千零五", Some("1005")),
            ("二十三", Some("23")),
            ("零元整", Some("0")),
            ("壹万亿元", Some("1000000000000")),
            ("", None),
            ("人民币", None),
            ("元", None),
            ("万元", None),
            ("一二三", None),
            ("壹拾壹佰元", None),
            ("壹元伍", None),
            ("150万元", None),
            ("是", None),
            ("壹佰元零伍角叁元", None),
            ("亿亿亿亿亿亿亿亿", None),
            ("玖仟亿亿亿亿", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_uppercase_money(input),
                want.map(dec),
                "input {input:?}"
            );
        }
    }
}
