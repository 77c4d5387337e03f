//! Measurements several criteria share: which year a record belongs to, distinct enterprises
//! served, satisfaction ratings, fee classes, staff qualifications, activities per function,
//! the audit report to use, and whether Art. 14(6)'s relaxed thresholds apply.
//!
//! Input: `Facts` and `Rules`. Output: counts and ratios with the evidence behind them. The
//! criteria and `report.csv`'s key figures both read these, so a figure is computed one way.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{Context, KeyFigures, Outcome, Verdict};
use crate::model::{
    Activity, Applicant, AuditReport, Evidence, Facts, Found, Function, Location, OrgType,
    PremisesProof, ServiceRecord, Sourced, StaffMember,
};
use crate::rules::{QualifiedRatioMode, Rules};
use crate::values::{self, CreditCode};

// ---------------------------------------------------------------------------------------------
// Years

/// A 4-digit year 2000–2099 standing alone in a file or sheet name (`2022年服务台账.xlsx`), when
/// the name holds exactly one such year.
pub fn year_in_name(name: &str) -> Option<i32> {
    let chars: Vec<char> = name.chars().collect();
    let mut years = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let s: String = chars[start..i].iter().collect();
                if let Ok(y) = s.parse::<i32>()
                    && (2000..2100).contains(&y)
                {
                    years.insert(y);
                }
            }
        } else {
            i += 1;
        }
    }
    if years.len() == 1 {
        years.into_iter().next()
    } else {
        None
    }
}

/// The year a dated row belongs to: its date, else a year named by its sheet, else by its file
/// (logs often come one file or sheet per year without a date column).
pub fn record_year(date: Option<NaiveDate>, evidence: &Evidence) -> Option<i32> {
    if let Some(d) = date {
        return Some(d.year());
    }
    let sheet = match &evidence.location {
        Location::Cell { sheet, .. } | Location::Row { sheet, .. } | Location::Sheet(sheet) => {
            Some(sheet.as_str())
        }
        _ => None,
    };
    sheet.and_then(year_in_name).or_else(|| {
        let base = evidence
            .file
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&evidence.file);
        year_in_name(base)
    })
}

// ---------------------------------------------------------------------------------------------
// Enterprises served

fn clean_code(code: &str) -> Option<String> {
    let c: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    (c.len() >= 15).then_some(c)
}

fn hash_of(tag: u8, s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    tag.hash(&mut h);
    s.hash(&mut h);
    h.finish()
}

/// The enterprise of each service record, as a key: its credit code when present, else its
/// normalised name; a name that appears elsewhere in the log with a code takes that code.
/// Computed once per applicant and kept with the facts (several criteria count enterprises).
pub fn service_keys(facts: &Facts) -> &[Option<u64>] {
    facts.service_keys.0.get_or_init(|| {
        let services = &facts.services;
        let names: Vec<Option<String>> = services
            .iter()
            .map(|r| {
                r.enterprise
                    .as_deref()
                    .map(values::enterprise_key)
                    .filter(|k| !k.is_empty())
            })
            .collect();
        let codes: Vec<Option<String>> = services
            .iter()
            .map(|r| r.credit_code.as_deref().and_then(clean_code))
            .collect();
        let mut name_to_code: HashMap<&str, &str> = HashMap::new();
        for (name, code) in names.iter().zip(&codes) {
            if let (Some(name), Some(code)) = (name, code) {
                name_to_code.entry(name.as_str()).or_insert(code.as_str());
            }
        }
        names
            .iter()
            .zip(&codes)
            .map(|(name, code)| match (code, name) {
                (Some(code), _) => Some(hash_of(b'C', code)),
                (None, Some(name)) => Some(match name_to_code.get(name.as_str()) {
                    Some(code) => hash_of(b'C', code),
                    None => hash_of(b'N', name),
                }),
                (None, None) => None,
            })
            .collect()
    })
}

/// Distinct enterprises among the service records of one year that pass a filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Served {
    /// Distinct enterprises in the year.
    pub count: u64,
    /// Records placed in the year (whatever their enterprise).
    pub records: u64,
    /// Records with no date (and no year in their file or sheet name) that pass the filter.
    pub undated: u64,
    /// Distinct enterprises among the undated records that are not already counted.
    pub undated_extra: u64,
    pub evidence: Vec<Evidence>,
}

pub fn served(facts: &Facts, year: i32, filter: impl Fn(&ServiceRecord) -> bool) -> Served {
    let keys = service_keys(facts);
    let mut in_year = BTreeSet::new();
    let mut undated = BTreeSet::new();
    let mut out = Served::default();
    for (r, key) in facts.services.iter().zip(keys).filter(|(r, _)| filter(r)) {
        match record_year(r.date, &r.evidence) {
            Some(y) if y == year => {
                out.records += 1;
                if let Some(k) = key {
                    in_year.insert(*k);
                }
                push_file_evidence(&mut out.evidence, &r.evidence);
            }
            Some(_) => {}
            None => {
                out.undated += 1;
                if let Some(k) = key {
                    undated.insert(*k);
                }
            }
        }
    }
    out.count = in_year.len() as u64;
    out.undated_extra = undated.difference(&in_year).count() as u64;
    out
}

/// Keeps one evidence entry per file and sheet (a log is cited once, not once per row).
/// Called once per record: compares before it allocates.
pub fn push_file_evidence(list: &mut Vec<Evidence>, e: &Evidence) {
    let sheet = match &e.location {
        Location::Cell { sheet, .. } | Location::Row { sheet, .. } | Location::Sheet(sheet) => {
            Some(sheet)
        }
        _ => None,
    };
    let listed = list.iter().any(|x| {
        x.file == e.file
            && match (&x.location, sheet) {
                (Location::Sheet(a), Some(b)) => a == b,
                (Location::File, None) => true,
                _ => false,
            }
    });
    if listed || list.len() >= 20 {
        return;
    }
    list.push(Evidence {
        file: e.file.clone(),
        location: sheet.map_or(Location::File, |s| Location::Sheet(s.clone())),
    });
}

/// Service records placed in a year (date, or year in file/sheet name).
pub fn services_in_year(facts: &Facts, year: i32) -> impl Iterator<Item = &ServiceRecord> {
    facts
        .services
        .iter()
        .filter(move |r| record_year(r.date, &r.evidence) == Some(year))
}

/// Service records no year can be given to.
pub fn undated_services(facts: &Facts) -> usize {
    facts
        .services
        .iter()
        .filter(|r| record_year(r.date, &r.evidence).is_none())
        .count()
}

/// How many dated service records each year holds (a year from the date, else from the sheet
/// or file name); undated records are left out.
pub fn service_years(facts: &Facts) -> std::collections::BTreeMap<i32, u64> {
    let mut years = std::collections::BTreeMap::new();
    for r in &facts.services {
        if let Some(y) = record_year(r.date, &r.evidence) {
            *years.entry(y).or_insert(0u64) += 1;
        }
    }
    years
}

/// How many dated activities each year holds.
pub fn activity_years(facts: &Facts) -> std::collections::BTreeMap<i32, u64> {
    let mut years = std::collections::BTreeMap::new();
    for a in &facts.activities {
        if let Some(y) = record_year(a.date, &a.evidence) {
            *years.entry(y).or_insert(0u64) += 1;
        }
    }
    years
}

/// When a log holds dated records but none of year `y`, the years it does hold (`2021、2022`,
/// `2021, 2022`): its counts are evidence for the wrong year (or a wrong `--as-of`), not zero.
pub fn only_other_years(
    years: &std::collections::BTreeMap<i32, u64>,
    y: i32,
) -> Option<(String, String)> {
    if years.is_empty() || years.contains_key(&y) {
        return None;
    }
    let list: Vec<String> = years.keys().map(|y| y.to_string()).collect();
    Some((list.join("、"), list.join(", ")))
}

/// The sentence for a log whose records all fall in other years than `y` (zh, en).
pub fn other_years_clause(
    years: &(String, String),
    y: i32,
    what: (&str, &str),
) -> (String, String) {
    (
        format!(
            "{}中的记录均不在 {y} 年（记录年份：{}），不能作为 {y} 年的证据，请核对评审基准日（--as-of）",
            what.0, years.0
        ),
        format!(
            "the {} holds records of {} but none of {y}: evidence for another year, not zero (check --as-of)",
            what.1, years.1
        ),
    )
}

/// The sentence for a roster or log that was submitted but (partly) could not be read (zh, en);
/// empty when everything submitted was read.
pub fn unread_clause(found: &Found, what: (&str, &str)) -> (String, String) {
    let (fz, fe) = found.describe_unread();
    match found {
        Found::Unreadable(_) => (
            format!("{}无法读取：{fz}", what.0),
            format!("the {} cannot be read: {fe}", what.1),
        ),
        Found::Read { unread } if !unread.is_empty() => (
            format!("另有{}无法读取：{fz}", what.0),
            format!("part of the {} cannot be read: {fe}", what.1),
        ),
        _ => (String::new(), String::new()),
    }
}

/// `SERVICE_LOG` and friends: how messages name a table material (zh, en).
pub const SERVICE_LOG: (&str, &str) = ("服务记录", "service log");
pub const ROSTER: (&str, &str) = ("人员名册", "staff roster");
pub const ACTIVITY_LOG: (&str, &str) = ("活动记录", "activity log");

/// Whether a category (or, failing it, a name) names a function: it contains one of the
/// function's keywords from the rules file.
pub fn names_function(text: Option<&str>, function: Function, rules: &Rules) -> bool {
    let Some(text) = text else { return false };
    rules
        .functions
        .for_function(function)
        .iter()
        .any(|k| !k.is_empty() && text.contains(k.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Satisfaction

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Satisfied,
    Unsatisfied,
    /// Text that is neither a known rating word nor a score, a negated unsatisfied word
    /// (没有不满意), or a score whose scale cannot be told.
    Unrecognised,
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Half-width digits and ASCII punctuation for full-width ones, without depending on NFKC.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | '．' | '／' | '％' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The first decimal number in a text.
fn first_number(s: &str) -> Option<Decimal> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let num: String = s[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let d: Decimal = num.trim_end_matches('.').parse().ok()?;
    // A score is at most a few digits; anything huge is not a score (and would overflow).
    (d <= Decimal::from(1_000_000)).then_some(d)
}

/// What one satisfaction cell says before its column's scale is known.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reading {
    /// A rating word, read with its negation (不太满意 is not satisfied).
    Judged(Rating),
    /// A score that carries its own scale, already out of 100 (`92%`, `4/5`, `0.95`, ★★★★☆).
    Of100(Decimal),
    /// A bare number (`9`, `85`, `4分`): out of the column's scale.
    Bare(Decimal),
}

/// Reads one satisfaction cell. Rating words come from the rules file, longest first and the
/// unsatisfied list before the satisfied one at equal length (非常不满意 before 不满意 before
/// 满意), each read with Chinese negation (`values::keyword_polarity`): a negated satisfied
/// word (不太满意, 不是很满意, 满意度低, 不太好) is unsatisfied, a negated unsatisfied word
/// (没有不满意) cannot be classified. `None` for an empty cell.
fn read_rating(text: &str, rules: &Rules) -> Option<Reading> {
    let t = halfwidth(&values::normalise(&strip_ws(text)));
    if t.is_empty() || matches!(t.as_str(), "-" | "/" | "—" | "无" | "未评价") {
        return None;
    }
    let s = &rules.satisfaction;
    let mut words: Vec<(&String, Rating)> = s
        .unsatisfied
        .iter()
        .map(|w| (w, Rating::Unsatisfied))
        .chain(s.satisfied.iter().map(|w| (w, Rating::Satisfied)))
        .filter(|(w, _)| !w.is_empty())
        .collect();
    words.sort_by_key(|(w, r)| {
        (
            std::cmp::Reverse(w.chars().count()),
            *r == Rating::Satisfied,
        )
    });
    for (word, rating) in words {
        match values::keyword_polarity(&t, word) {
            Some(true) => return Some(Reading::Judged(rating)),
            Some(false) if rating == Rating::Satisfied => {
                return Some(Reading::Judged(Rating::Unsatisfied));
            }
            Some(false) => return Some(Reading::Judged(Rating::Unrecognised)),
            None => {}
        }
    }
    let stars = t.chars().filter(|c| *c == '★').count() as u64;
    if stars > 0 {
        let hollow = t.chars().filter(|c| *c == '☆').count() as u64;
        let of = if hollow > 0 { stars + hollow } else { 5 };
        if stars > of {
            return Some(Reading::Judged(Rating::Unrecognised));
        }
        return Some(Reading::Of100(
            Decimal::from(stars * 100) / Decimal::from(of),
        ));
    }
    let Some(v) = first_number(&t) else {
        return Some(Reading::Judged(Rating::Unrecognised));
    };
    let score = if t.contains('%') {
        v
    } else if let Some((_, den)) = t.split_once('/') {
        match first_number(den) {
            Some(den) if den > Decimal::ZERO => v * Decimal::ONE_HUNDRED / den,
            _ => return Some(Reading::Judged(Rating::Unrecognised)),
        }
    } else if v <= Decimal::ONE && t.contains('.') {
        v * Decimal::ONE_HUNDRED
    } else {
        // The cell's one figure (`9`, `85分`, `9（10分制）`); several figures, a year or a
        // bracketed number (`((1))`) cannot be classified.
        return Some(match values::parse_decimal(&t) {
            Some(v) => Reading::Bare(v),
            None => Reading::Judged(Rating::Unrecognised),
        });
    };
    if score > Decimal::ONE_HUNDRED {
        return Some(Reading::Judged(Rating::Unrecognised));
    }
    Some(Reading::Of100(score))
}

/// How the scale of a column's bare scores was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScaleSource {
    /// The header says (`满意度（10分制）`, `满分5分`).
    Header,
    /// Read from the column's numbers: all ≤ 5 → 5 points, all ≤ 10 → 10, all > 10 → 100.
    Values,
}

/// The scale bare scores were read on: 5, 10 or 100 points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scale {
    pub points: u32,
    pub source: ScaleSource,
}

/// A column's scale from its bare numbers: all ≤ 5 → 5, all ≤ 10 → 10, all above 10 → 100;
/// `None` when numbers on both sides of 10 make the small ones ambiguous (9 of 10, or 9 of
/// 100?).
fn scale_from_values(values: &[Decimal]) -> Option<u32> {
    let ten = Decimal::TEN;
    let max = values.iter().copied().max()?;
    if max <= Decimal::from(5) {
        Some(5)
    } else if max <= ten {
        Some(10)
    } else if values.iter().all(|v| *v > ten) {
        Some(100)
    } else {
        None
    }
}

/// A bare score judged on a scale; beyond the scale it cannot be classified.
fn on_scale(v: Decimal, points: u32, rules: &Rules) -> Rating {
    let points = Decimal::from(points);
    if v > points || v.is_sign_negative() {
        return Rating::Unrecognised;
    }
    score_rating(v * Decimal::ONE_HUNDRED / points, rules)
}

/// Judges one satisfaction cell on its own: words (with their negation) and scores; a bare
/// number's scale is taken from the number itself (≤ 5 of 5, ≤ 10 of 10, else of 100). A
/// score is satisfied when, scaled to 100, it reaches `thresholds.satisfied_score` (80: 4 of
/// 5, 8 of 10). `None` for an empty cell. `satisfaction` reads whole columns instead, where
/// the header or the column's other numbers decide the scale.
pub fn rate(text: &str, rules: &Rules) -> Option<Rating> {
    Some(match read_rating(text, rules)? {
        Reading::Judged(r) => r,
        Reading::Of100(v) => score_rating(v, rules),
        Reading::Bare(v) => match scale_from_values(&[v]) {
            Some(points) => on_scale(v, points, rules),
            None => Rating::Unrecognised,
        },
    })
}

fn score_rating(score: Decimal, rules: &Rules) -> Rating {
    if score >= rules.thresholds.satisfied_score {
        Rating::Satisfied
    } else {
        Rating::Unsatisfied
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SatisfactionStats {
    /// Records in Y with a recognised rating.
    pub rated: u64,
    pub satisfied: u64,
    /// Records in Y whose rating could not be classified (left out of the ratio).
    pub unrecognised: u64,
    /// The first unclassifiable rating, as written (for the message).
    pub unrecognised_example: Option<String>,
    /// Of `unrecognised`: bare scores ≤ 10 in a column that also holds scores above 10.
    pub ambiguous_scale: u64,
    /// The scales bare scores were read on.
    pub scales: BTreeSet<Scale>,
    pub evidence: Vec<Evidence>,
}

impl SatisfactionStats {
    pub fn ratio(&self) -> Option<Decimal> {
        (self.rated > 0).then(|| Decimal::from(self.satisfied) / Decimal::from(self.rated))
    }

    /// The lowest and highest ratio the unclassified ratings allow (all of them unsatisfied,
    /// all satisfied); `None` without any rating.
    pub fn bounds(&self) -> Option<(Decimal, Decimal)> {
        let all = self.rated + self.unrecognised;
        (all > 0).then(|| {
            let all = Decimal::from(all);
            (
                Decimal::from(self.satisfied) / all,
                Decimal::from(self.satisfied + self.unrecognised) / all,
            )
        })
    }
}

/// The column a record's rating comes from: its file and sheet.
fn column_of(e: &Evidence) -> (&str, Option<&str>) {
    let sheet = match &e.location {
        Location::Cell { sheet, .. } | Location::Row { sheet, .. } | Location::Sheet(sheet) => {
            Some(sheet.as_str())
        }
        _ => None,
    };
    (e.file.as_str(), sheet)
}

/// Satisfaction among the service records of year Y. Bare scores take the scale their header
/// names (`满意度（10分制）`); without one, the scale the column's numbers show (all of one
/// year's ratings in the file and sheet: all ≤ 5 → 5 points, all ≤ 10 → 10, else 100). Scores
/// ≤ 10 in a column that also holds larger ones cannot be placed and are left out as
/// unclassified, like unknown rating text.
pub fn satisfaction(facts: &Facts, year: i32, rules: &Rules) -> SatisfactionStats {
    let mut out = SatisfactionStats::default();
    // A log repeats a handful of ratings (满意, 非常满意, 95 …): each distinct text is read once.
    let mut memo: HashMap<&str, Option<Reading>> = HashMap::new();
    let read: Vec<(&ServiceRecord, &str, Reading)> = services_in_year(facts, year)
        .filter_map(|r| {
            let text = r.satisfaction.as_deref()?;
            let reading = *memo.entry(text).or_insert_with(|| read_rating(text, rules));
            reading.map(|x| (r, text, x))
        })
        .collect();
    let mut bare: BTreeMap<(&str, Option<&str>), Vec<Decimal>> = BTreeMap::new();
    for (r, _, reading) in &read {
        if let (Reading::Bare(v), None) = (reading, r.satisfaction_scale) {
            bare.entry(column_of(&r.evidence)).or_default().push(*v);
        }
    }
    let inferred: BTreeMap<(&str, Option<&str>), Option<u32>> = bare
        .iter()
        .map(|(k, v)| (*k, scale_from_values(v)))
        .collect();
    for (r, text, reading) in read {
        let rating = match reading {
            Reading::Judged(x) => x,
            Reading::Of100(v) => score_rating(v, rules),
            Reading::Bare(v) => {
                let scale = match r.satisfaction_scale {
                    Some(points) => Some(Scale {
                        points,
                        source: ScaleSource::Header,
                    }),
                    None => inferred
                        .get(&column_of(&r.evidence))
                        .copied()
                        .flatten()
                        .map(|points| Scale {
                            points,
                            source: ScaleSource::Values,
                        }),
                };
                match scale {
                    Some(scale) => {
                        out.scales.insert(scale);
                        on_scale(v, scale.points, rules)
                    }
                    // A column mixing small and large scores: the large ones are of 100.
                    None if v > Decimal::TEN => {
                        out.scales.insert(Scale {
                            points: 100,
                            source: ScaleSource::Values,
                        });
                        on_scale(v, 100, rules)
                    }
                    None => {
                        out.ambiguous_scale += 1;
                        Rating::Unrecognised
                    }
                }
            }
        };
        match rating {
            Rating::Satisfied => {
                out.rated += 1;
                out.satisfied += 1;
            }
            Rating::Unsatisfied => out.rated += 1,
            Rating::Unrecognised => {
                out.unrecognised += 1;
                if out.unrecognised_example.is_none() {
                    out.unrecognised_example = Some(text.chars().take(30).collect());
                }
            }
        }
        push_file_evidence(&mut out.evidence, &r.evidence);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Fees

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeClass {
    /// Fee 0, or 公益/免费/无偿.
    Free,
    /// 低收费/优惠/减免.
    Low,
    /// Charged at the normal rate.
    Normal,
    /// Neither a fee nor a fee type is given.
    Unknown,
}

/// Classifies one service record's fee: a fee of 0 is free; else the fee type's words (a
/// negated word such as 非公益 or 不免费 is normal; a yes/no cell from a 是否公益 column is
/// free/normal); else a positive fee is normal.
pub fn fee_class(r: &ServiceRecord, rules: &Rules) -> FeeClass {
    if r.fee == Some(Decimal::ZERO) {
        return FeeClass::Free;
    }
    if let Some(t) = r
        .fee_type
        .as_deref()
        .map(values::normalise)
        .filter(|t| !t.is_empty())
    {
        // A keyword counts only where it is not negated as Chinese writes it: 非公益, 不免费,
        // 无优惠, 没有优惠, 无减免 say the opposite of their keyword.
        let has = |list: &[String]| {
            list.iter()
                .any(|k| values::keyword_polarity(&t, k) == Some(true))
        };
        if has(&rules.fees.free) {
            return FeeClass::Free;
        }
        if has(&rules.fees.low) {
            return FeeClass::Low;
        }
        match t.as_str() {
            "是" | "√" | "✓" | "☑" | "Y" | "y" | "yes" | "Yes" => return FeeClass::Free,
            _ => return FeeClass::Normal,
        }
    }
    match r.fee {
        Some(f) if f > Decimal::ZERO => FeeClass::Normal,
        Some(_) => FeeClass::Free,
        None => FeeClass::Unknown,
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WelfareStats {
    /// Records in Y.
    pub total: u64,
    pub free: u64,
    pub low: u64,
    /// Records in Y with no fee information.
    pub unknown: u64,
    pub evidence: Vec<Evidence>,
}

impl WelfareStats {
    /// (free + low) ÷ all records in Y; `None` when there is no record or no record says
    /// anything about fees.
    pub fn share(&self) -> Option<Decimal> {
        (self.total > 0 && self.unknown < self.total)
            .then(|| Decimal::from(self.free + self.low) / Decimal::from(self.total))
    }
}

impl WelfareStats {
    /// The share with the records of unknown fee counted as charged (a lower bound) and as
    /// free (an upper bound); `None` when there is no record.
    pub fn bounds(&self) -> Option<(Decimal, Decimal)> {
        (self.total > 0).then(|| {
            let n = Decimal::from(self.total);
            (
                Decimal::from(self.free + self.low) / n,
                Decimal::from(self.free + self.low + self.unknown) / n,
            )
        })
    }
    /// Whether the share meets `need` whatever the records of unknown fee are: `Some(true)`
    /// when it does even with them charged, `Some(false)` when it does not even with them
    /// free, `None` when they decide it (or there is no record).
    pub fn decided(&self, need: Decimal) -> Option<bool> {
        let (lo, hi) = self.bounds()?;
        if lo >= need {
            Some(true)
        } else if hi < need {
            Some(false)
        } else {
            None
        }
    }
}

pub fn welfare(facts: &Facts, year: i32, rules: &Rules) -> WelfareStats {
    let mut out = WelfareStats::default();
    for r in services_in_year(facts, year) {
        out.total += 1;
        match fee_class(r, rules) {
            FeeClass::Free => out.free += 1,
            FeeClass::Low => out.low += 1,
            FeeClass::Normal => {}
            FeeClass::Unknown => out.unknown += 1,
        }
        push_file_evidence(&mut out.evidence, &r.evidence);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Staff

/// Whether a roster row is full-time: not stated counts as full-time (a roster of 专职人员
/// lists full-time staff).
pub fn is_fulltime(m: &StaffMember) -> bool {
    m.fulltime != Some(false)
}

/// Full-time staff, one per ID number (rows without an ID number count one each).
pub fn fulltime_staff(facts: &Facts) -> Vec<&StaffMember> {
    let mut seen = BTreeSet::new();
    facts
        .staff
        .iter()
        .filter(|m| is_fulltime(m))
        .filter(|m| {
            match m
                .id_number
                .as_deref()
                .map(|s| strip_ws(s).to_ascii_uppercase())
            {
                Some(id) if !id.is_empty() => seen.insert(id),
                _ => true,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaffStats {
    pub fulltime: u64,
    /// Education ≥ 大专.
    pub educated: u64,
    /// Title ≥ 中级.
    pub titled: u64,
    pub either: u64,
    pub both: u64,
    /// The same four counts with every undetermined education or title counted as qualified:
    /// the highest the ratio could be.
    pub educated_max: u64,
    pub titled_max: u64,
    pub either_max: u64,
    pub both_max: u64,
    /// Full-time staff with neither an education nor a title cell.
    pub no_information: u64,
    /// Education or title text that was not understood.
    pub unrecognised: u64,
    /// Staff whose education or title cannot be placed either side of the bar: text not
    /// understood, or a degree not held whose holder's level is unknown (本科在读).
    pub undetermined: u64,
    /// The first undetermined education or title, as written (for the message).
    pub undetermined_example: Option<String>,
    pub evidence: Vec<Evidence>,
}

impl StaffStats {
    /// The qualified ratio in the rules file's mode; for `each`, the smaller of the two ratios.
    /// Undetermined entries count as not qualified.
    pub fn ratio(&self, mode: QualifiedRatioMode) -> Option<Decimal> {
        self.ratio_of(mode, self.educated, self.titled, self.either, self.both)
    }

    /// The ratio with every undetermined entry counted as qualified.
    pub fn ratio_max(&self, mode: QualifiedRatioMode) -> Option<Decimal> {
        self.ratio_of(
            mode,
            self.educated_max,
            self.titled_max,
            self.either_max,
            self.both_max,
        )
    }

    fn ratio_of(
        &self,
        mode: QualifiedRatioMode,
        educated: u64,
        titled: u64,
        either: u64,
        both: u64,
    ) -> Option<Decimal> {
        if self.fulltime == 0 {
            return None;
        }
        let n = Decimal::from(self.fulltime);
        Some(match mode {
            QualifiedRatioMode::Either => Decimal::from(either) / n,
            QualifiedRatioMode::Both => Decimal::from(both) / n,
            QualifiedRatioMode::Each => Decimal::from(educated.min(titled)) / n,
        })
    }
}

/// Whether one roster cell qualifies: `Some(false)` when empty or a none-word (无, —),
/// `Some(true/false)` when read, `None` when it cannot be told (text not understood, or an
/// unfinished degree such as 本科在读 whose holder's level is unknown). The flag says the text
/// was not understood at all.
fn qualifies(
    text: Option<&str>,
    read: impl Fn(&str) -> Option<Option<bool>>,
) -> (Option<bool>, bool) {
    const NONE_WORDS: [&str; 5] = ["无", "-", "/", "—", "暂无"];
    match text {
        None => (Some(false), false),
        Some(t) if NONE_WORDS.contains(&t) => (Some(false), false),
        Some(t) => match read(t) {
            Some(q) => (q, false),
            None => (None, true),
        },
    }
}

pub fn staff_stats(facts: &Facts, rules: &Rules) -> StaffStats {
    let mut out = StaffStats::default();
    for m in fulltime_staff(facts) {
        out.fulltime += 1;
        let edu_text = m
            .education
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let title_text = m.title.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if edu_text.is_none() && title_text.is_none() {
            out.no_information += 1;
        }
        let (edu, edu_unread) = qualifies(edu_text, |t| {
            values::read_education(t).map(values::EducationReading::qualifies)
        });
        let (title, title_unread) = qualifies(title_text, |t| {
            let extra = &rules.titles.extra;
            match values::parse_title(t, extra) {
                Some(level) => Some(Some(level.is_intermediate_or_above())),
                // A skill grade or licence (高级技师, 律师) is knowingly no title.
                None if values::title::names_no_title(t, extra) => Some(Some(false)),
                None => None,
            }
        });
        if edu_unread || title_unread {
            out.unrecognised += 1;
        }
        if edu.is_none() || title.is_none() {
            out.undetermined += 1;
            if out.undetermined_example.is_none() {
                let example = if edu.is_none() { edu_text } else { title_text };
                out.undetermined_example = example.map(|t| t.chars().take(30).collect());
            }
        }
        let (e, e_max) = (edu == Some(true), edu != Some(false));
        let (t, t_max) = (title == Some(true), title != Some(false));
        out.educated += e as u64;
        out.titled += t as u64;
        out.either += (e || t) as u64;
        out.both += (e && t) as u64;
        out.educated_max += e_max as u64;
        out.titled_max += t_max as u64;
        out.either_max += (e_max || t_max) as u64;
        out.both_max += (e_max && t_max) as u64;
        push_file_evidence(&mut out.evidence, &m.evidence);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Activities

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityCount {
    pub count: u64,
    /// Matching activities with no year.
    pub undated: u64,
    pub evidence: Vec<Evidence>,
}

/// Activities of a function in a year: the category names the function (or, with no category,
/// the activity's name does).
pub fn activities(facts: &Facts, year: i32, function: Function, rules: &Rules) -> ActivityCount {
    let mut out = ActivityCount::default();
    for a in facts
        .activities
        .iter()
        .filter(|a| activity_is(a, function, rules))
    {
        match record_year(a.date, &a.evidence) {
            Some(y) if y == year => {
                out.count += 1;
                push_file_evidence(&mut out.evidence, &a.evidence);
            }
            Some(_) => {}
            None => out.undated += 1,
        }
    }
    out
}

pub fn activity_is(a: &Activity, function: Function, rules: &Rules) -> bool {
    match a.category.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => names_function(Some(c), function, rules),
        None => names_function(a.name.as_deref(), function, rules),
    }
}

// ---------------------------------------------------------------------------------------------
// Audit report

/// How the audit report chosen for year Y relates to Y.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditYear {
    /// The report is of year Y.
    Exact,
    /// The report's year was not found; it is the only candidate and is used as Y's.
    Unknown,
    /// No report of Y; this is the latest readable one.
    Other(i32),
}

#[derive(Debug, Clone)]
pub struct AuditChoice<'a> {
    pub report: Option<&'a AuditReport>,
    pub year: AuditYear,
    /// Audit reports that could not be read (scanned, encrypted, damaged).
    pub unreadable: Vec<&'a AuditReport>,
}

/// The audit report of year Y: one whose year is Y (preferring one with total assets), else
/// one of unknown year, else the latest readable one (flagged `Other`).
pub fn choose_audit(facts: &Facts, year: i32) -> AuditChoice<'_> {
    let readable: Vec<&AuditReport> = facts
        .audits
        .iter()
        .filter(|a| a.status.is_readable())
        .collect();
    let unreadable = facts
        .audits
        .iter()
        .filter(|a| !a.status.is_readable())
        .collect();
    let exact: Vec<_> = readable
        .iter()
        .copied()
        .filter(|a| a.year.as_ref().map(|y| y.value) == Some(year))
        .collect();
    if let Some(r) = best(exact) {
        return AuditChoice {
            report: Some(r),
            year: AuditYear::Exact,
            unreadable,
        };
    }
    let unknown: Vec<_> = readable
        .iter()
        .copied()
        .filter(|a| a.year.is_none())
        .collect();
    if let Some(r) = best(unknown) {
        return AuditChoice {
            report: Some(r),
            year: AuditYear::Unknown,
            unreadable,
        };
    }
    let latest = readable
        .iter()
        .filter_map(|a| a.year.as_ref().map(|y| y.value))
        .max();
    match latest {
        Some(l) => {
            let list: Vec<_> = readable
                .iter()
                .copied()
                .filter(|a| a.year.as_ref().map(|y| y.value) == Some(l))
                .collect();
            AuditChoice {
                report: best(list),
                year: AuditYear::Other(l),
                unreadable,
            }
        }
        None => AuditChoice {
            report: None,
            year: AuditYear::Exact,
            unreadable,
        },
    }
}

fn best(list: Vec<&AuditReport>) -> Option<&AuditReport> {
    list.iter()
        .find(|a| a.total_assets.is_some())
        .or(list.first())
        .copied()
}

// ---------------------------------------------------------------------------------------------
// Premises

/// The area the readable premises proofs show, counting each premises once (SPEC §4.4): proofs
/// of different addresses add up; proofs of the same address (one normalised address within the
/// other: a 房产证 and a 租赁合同 for one space) count once, the largest; a proof with no address
/// may be of any of the others, so it adds nothing certain (`area` is at least its own) and at
/// most its own area (`upper`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProofArea {
    /// m², each premises once; the figure.
    pub area: Decimal,
    /// m², if every proof without an address were of another premises.
    pub upper: Decimal,
    /// Readable proofs with an area.
    pub proofs: usize,
    /// Proofs left out as the same premises as a larger one (same address).
    pub same_address: usize,
    /// Proofs without an address.
    pub unaddressed: usize,
    pub evidence: Vec<Evidence>,
}

/// An address as a key: white space, width and brackets normalised, the province and city
/// prefix and punctuation dropped (`山东省济南市历下区经十路 100 号` = `历下区经十路100号`).
pub fn address_key(address: &str) -> String {
    let mut k: String = values::enterprise_key(address)
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '、' | '.' | '。' | ':' | '：' | ';' | '；'))
        .collect();
    for prefix in ["中国", "山东省", "山东", "济南市", "济南"] {
        if let Some(rest) = k.strip_prefix(prefix) {
            k = rest.to_string();
        }
    }
    k
}

pub fn proof_area(proofs: &[PremisesProof]) -> Option<ProofArea> {
    let readable: Vec<(&PremisesProof, Decimal)> = proofs
        .iter()
        .filter(|p| p.status.is_readable())
        .filter_map(|p| p.area.as_ref().map(|a| (p, a.value)))
        .collect();
    if readable.is_empty() {
        return None;
    }
    // One cluster per premises: (address key, largest area).
    let mut clusters: Vec<(String, Decimal)> = Vec::new();
    let mut unaddressed: Vec<Decimal> = Vec::new();
    let mut same_address = 0;
    for (p, area) in &readable {
        let key = p.address.as_deref().map(address_key).unwrap_or_default();
        if key.is_empty() {
            unaddressed.push(*area);
            continue;
        }
        match clusters
            .iter_mut()
            .find(|(k, _)| k.contains(key.as_str()) || key.contains(k.as_str()))
        {
            Some(c) => {
                same_address += 1;
                c.1 = c.1.max(*area);
                if key.len() > c.0.len() {
                    c.0 = key;
                }
            }
            None => clusters.push((key, *area)),
        }
    }
    let addressed: Decimal = clusters.iter().map(|c| c.1).sum();
    let largest_unaddressed = unaddressed.iter().copied().max().unwrap_or_default();
    Some(ProofArea {
        area: addressed.max(largest_unaddressed),
        upper: addressed + unaddressed.iter().copied().sum::<Decimal>(),
        proofs: readable.len(),
        same_address,
        unaddressed: unaddressed.len(),
        evidence: readable
            .iter()
            .filter_map(|(p, _)| p.area.as_ref().map(|a| a.evidence.clone()))
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Org type and Art. 14(6)

/// The org type the form states and the one the credit code implies.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgInfo {
    pub form: Option<OrgType>,
    pub code: Option<OrgType>,
    pub credit_code: Option<CreditCode>,
}

impl OrgInfo {
    pub fn of(app: &Applicant) -> OrgInfo {
        let credit_code = app
            .facts
            .form
            .credit_code
            .as_ref()
            .and_then(|c| CreditCode::parse(&c.value).ok());
        OrgInfo {
            form: app.facts.form.org_type.as_ref().map(|o| o.value),
            code: credit_code.as_ref().and_then(|c| c.org_type()),
            credit_code,
        }
    }
}

/// Which thresholds apply: Art. 14(6) relaxes assets and staff for the org types listed in
/// the rules file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relaxation {
    Strict,
    Relaxed,
    /// The form and the credit code disagree on whether the unit is of a relaxed type.
    Contradiction {
        form: OrgType,
        code: OrgType,
    },
    /// Neither the form nor the code says.
    Unknown,
}

pub fn is_relaxed_type(t: OrgType, rules: &Rules) -> bool {
    rules
        .relaxed_org_types
        .types
        .iter()
        .any(|s| s == t.label(crate::model::Lang::Zh))
}

pub fn relaxation(app: &Applicant, rules: &Rules) -> Relaxation {
    let org = OrgInfo::of(app);
    let of = |t: OrgType| {
        if is_relaxed_type(t, rules) {
            Relaxation::Relaxed
        } else {
            Relaxation::Strict
        }
    };
    match (org.form, org.code) {
        (Some(f), Some(c)) if is_relaxed_type(f, rules) != is_relaxed_type(c, rules) => {
            Relaxation::Contradiction { form: f, code: c }
        }
        (Some(t), _) | (None, Some(t)) => of(t),
        (None, None) => Relaxation::Unknown,
    }
}

/// Three-valued "meets the threshold".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meets {
    Yes,
    No,
    /// Meets one of the strict/relaxed thresholds but not the other, and the org type is
    /// contradictory or unknown.
    Unsure,
}

impl Meets {
    pub fn from_bool(b: bool) -> Meets {
        if b { Meets::Yes } else { Meets::No }
    }
}

/// Whether a figure meets a threshold that Art. 14(6) may relax.
pub fn meets_relaxable(strict: bool, relaxed: bool, relax: Relaxation) -> Meets {
    match relax {
        Relaxation::Strict => Meets::from_bool(strict),
        Relaxation::Relaxed => Meets::from_bool(relaxed),
        _ if strict == relaxed => Meets::from_bool(strict),
        _ => Meets::Unsure,
    }
}

/// A sentence saying why the threshold is uncertain, for messages (zh, en); empty when not.
pub fn relaxation_note(relax: Relaxation) -> (String, String) {
    use crate::model::Lang;
    match relax {
        Relaxation::Contradiction { form, code } => (
            format!(
                "；推荐表单位性质“{}”与统一社会信用代码所示“{}”不一致，适用标准待核实（第十四条第六项）",
                form.label(Lang::Zh),
                code.label(Lang::Zh)
            ),
            format!(
                "; the form's org type \"{}\" contradicts the credit code's \"{}\", so which threshold applies needs checking (Art. 14(6))",
                form.label(Lang::En),
                code.label(Lang::En)
            ),
        ),
        Relaxation::Unknown => (
            "；单位性质不明，无法确定是否适用放宽标准（第十四条第六项）".to_string(),
            "; org type unknown, so whether the relaxed threshold applies is unclear (Art. 14(6))"
                .to_string(),
        ),
        _ => (String::new(), String::new()),
    }
}

// ---------------------------------------------------------------------------------------------
// Key figures for report.csv

pub fn key_figures(app: &Applicant, ctx: &Context, outcomes: &[Outcome]) -> KeyFigures {
    let facts = &app.facts;
    let y = ctx.year();
    let choice = choose_audit(facts, y);
    let served_y = served(facts, y, |_| true);
    let served_prev = served(facts, y - 1, |_| true);
    let staff = staff_stats(facts, &ctx.rules);
    let proof_area: Option<Decimal> = proof_area(&facts.premises_proofs).map(|p| p.area);
    let declared: Vec<Function> = facts
        .form
        .functions
        .as_ref()
        .map(|f| f.value.clone())
        .unwrap_or_default();
    let functions_passed = Function::ALL
        .into_iter()
        .filter(|f| declared.contains(f))
        .filter(|f| {
            outcomes
                .iter()
                .any(|o| o.criterion == format!("A15.{}", f.id()) && o.verdict == Verdict::Pass)
        })
        .collect();
    let audit = |f: fn(&AuditReport) -> Option<&Sourced<Decimal>>| {
        choice.report.and_then(|r| f(r).map(|t| t.value))
    };
    let activities_y = facts
        .activity_log_found
        .is_read()
        .then(|| activity_years(facts).get(&y).copied().unwrap_or(0));
    KeyFigures {
        evaluation_year: y,
        platform_kind: facts.form.platform_kind.as_ref().map(|k| k.value),
        established: facts.form.established.as_ref().map(|d| d.value),
        net_assets: audit(|r| r.net_assets.as_ref()),
        revenue: audit(|r| r.revenue.as_ref()),
        net_profit: audit(|r| r.net_profit.as_ref()),
        online_registered: facts.form.online_registered.as_ref().map(|n| n.value),
        activities_y,
        trainees_y: outcomes
            .iter()
            .find(|o| o.criterion == "A15.training")
            .and_then(|o| o.value.parse().ok()),
        new_guarantees: facts.form.new_guarantees.as_ref().map(|g| g.value),
        total_assets: audit(|r| r.total_assets.as_ref()),
        served_y: facts.service_log_found.is_read().then_some(served_y.count),
        served_prev: facts
            .service_log_found
            .is_read()
            .then_some(served_prev.count),
        satisfaction: satisfaction(facts, y, &ctx.rules).ratio(),
        public_welfare_share: {
            // Unknown when the records without fee information decide it.
            let w = welfare(facts, y, &ctx.rules);
            w.share().filter(|_| {
                w.decided(ctx.rules.thresholds.public_welfare_share)
                    .is_some()
            })
        },
        fulltime_staff: facts.roster_found.is_read().then_some(staff.fulltime),
        qualified_ratio: staff.ratio(ctx.rules.thresholds.qualified_mode),
        premises_area: facts
            .form
            .premises_area
            .as_ref()
            .map(|a| a.value)
            .or(proof_area),
        partners: (!facts.agreements.is_empty()).then_some(facts.agreements.len() as u64),
        functions_passed,
        service_years: service_years(facts).into_iter().collect(),
        overstated: {
            let mut ids: Vec<&Outcome> = outcomes.iter().filter(|o| o.overstated).collect();
            ids.sort_by_key(|o| super::criteria::order(&o.criterion));
            ids.into_iter().map(|o| o.criterion.clone()).collect()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    #[test]
    fn years_in_names_must_be_unambiguous() {
        assert_eq!(year_in_name("2022年服务台账.xlsx"), Some(2022));
        assert_eq!(year_in_name("服务记录（2021-2022）.xlsx"), None);
        assert_eq!(year_in_name("服务记录.xlsx"), None);
        assert_eq!(year_in_name("20220305.xlsx"), None);
        let e = Evidence::row("服务记录.xlsx", "2022年", 3);
        assert_eq!(record_year(None, &e), Some(2022));
        assert_eq!(record_year(Some(date(2021, 5, 1)), &e), Some(2021));
    }

    #[test]
    fn ratings_words_scores_and_stars() {
        let r = rules();
        for (text, want) in [
            ("满意", Some(Rating::Satisfied)),
            ("非常满意", Some(Rating::Satisfied)),
            ("基本满意", Some(Rating::Satisfied)),
            ("不满意", Some(Rating::Unsatisfied)),
            ("非常不满意", Some(Rating::Unsatisfied)),
            ("一般", Some(Rating::Unsatisfied)),
            ("80", Some(Rating::Satisfied)),
            ("79.9", Some(Rating::Unsatisfied)),
            ("95%", Some(Rating::Satisfied)),
            ("７９％", Some(Rating::Unsatisfied)),
            ("4/5", Some(Rating::Satisfied)),
            ("3/5", Some(Rating::Unsatisfied)),
            ("4分", Some(Rating::Satisfied)),
            ("5", Some(Rating::Satisfied)),
            ("3", Some(Rating::Unsatisfied)),
            ("0.95", Some(Rating::Satisfied)),
            ("★★★★☆", Some(Rating::Satisfied)),
            ("★★★☆☆", Some(Rating::Unsatisfied)),
            ("好评", Some(Rating::Satisfied)),
            ("良好", Some(Rating::Satisfied)),
            ("优", Some(Rating::Satisfied)),
            ("较差", Some(Rating::Unsatisfied)),
            ("不好", Some(Rating::Unsatisfied)),
            ("待回访", Some(Rating::Unrecognised)),
            // Negations (issue 8 family 2).
            ("不太满意", Some(Rating::Unsatisfied)),
            ("不是很满意", Some(Rating::Unsatisfied)),
            ("不大满意", Some(Rating::Unsatisfied)),
            ("不够满意", Some(Rating::Unsatisfied)),
            ("满意度低", Some(Rating::Unsatisfied)),
            ("满意度较低", Some(Rating::Unsatisfied)),
            ("不太好", Some(Rating::Unsatisfied)),
            ("很不满意", Some(Rating::Unsatisfied)),
            ("非常好", Some(Rating::Satisfied)),
            ("没有不满意", Some(Rating::Unrecognised)),
            // A single bare number's own scale: 9 of 10, 7 of 10.
            ("9", Some(Rating::Satisfied)),
            ("8", Some(Rating::Satisfied)),
            ("7", Some(Rating::Unsatisfied)),
            ("★★★★☆☆☆☆☆☆", Some(Rating::Unsatisfied)),
            ("85分", Some(Rating::Satisfied)),
            ("((1))", Some(Rating::Unrecognised)),
            ("2022年回访", Some(Rating::Unrecognised)),
            ("99999999999999999999999999999", Some(Rating::Unrecognised)),
            ("", None),
            ("/", None),
        ] {
            assert_eq!(rate(text, &r), want, "{text}");
        }
    }

    #[test]
    fn fee_classes() {
        let r = rules();
        let rec = |fee: Option<&str>, ty: Option<&str>| ServiceRecord {
            fee: fee.map(dec),
            fee_type: ty.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(fee_class(&rec(Some("0"), None), &r), FeeClass::Free);
        assert_eq!(
            fee_class(&rec(Some("500"), Some("优惠")), &r),
            FeeClass::Low
        );
        assert_eq!(fee_class(&rec(None, Some("公益")), &r), FeeClass::Free);
        assert_eq!(fee_class(&rec(None, Some("非公益")), &r), FeeClass::Normal);
        assert_eq!(fee_class(&rec(None, Some("是")), &r), FeeClass::Free);
        assert_eq!(fee_class(&rec(None, Some("否")), &r), FeeClass::Normal);
        assert_eq!(fee_class(&rec(Some("800"), None), &r), FeeClass::Normal);
        assert_eq!(fee_class(&rec(None, None), &r), FeeClass::Unknown);
        // Negated keywords (issue 8 family 2).
        for ty in [
            "无优惠",
            "没有优惠",
            "无减免",
            "不优惠",
            "未减免",
            "不免费",
            "非公益",
        ] {
            assert_eq!(
                fee_class(&rec(Some("500"), Some(ty)), &r),
                FeeClass::Normal,
                "{ty}"
            );
        }
        assert_eq!(fee_class(&rec(None, Some("无偿")), &r), FeeClass::Free);
        assert_eq!(fee_class(&rec(None, Some("不收费")), &r), FeeClass::Free);
        assert_eq!(
            fee_class(&rec(None, Some("非低收费")), &r),
            FeeClass::Normal
        );
        assert_eq!(
            fee_class(&rec(Some("500"), Some("享受优惠")), &r),
            FeeClass::Low
        );
    }

    #[test]
    fn enterprises_named_once_with_a_code_are_the_same_enterprise() {
        let mut f = facts();
        f.service_log_found = Found::read();
        f.services = vec![
            service(date(2022, 1, 1), "甲公司", Some("91370102MA3C00000X")),
            service(date(2022, 2, 1), "甲 公司", None),
            service(date(2022, 3, 1), "乙公司", None),
            service(date(2021, 3, 1), "丙公司", None),
        ];
        let s = served(&f, 2022, |_| true);
        assert_eq!((s.count, s.records), (2, 3));
    }
}
