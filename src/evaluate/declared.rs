//! Declared versus evidenced (SPEC §4.4): the verdict of a criterion whose figure the form
//! declares and the files evidence.
//!
//! | evidence | declared | verdict |
//! |---|---|---|
//! | meets | absent, or not more than 10 % better | pass |
//! | meets | more than 10 % better | review (possible false declaration, Art. 24) |
//! | misses | meets | review |
//! | misses | absent or misses | fail |
//! | missing or unreadable | meets, or absent | review |
//! | missing or unreadable | misses | fail |
//!
//! "Better" is higher for every figure the tool checks, so "more than 10 % better" is
//! `declared > evidence × (1 + tolerance)`.

use rust_decimal::Decimal;

use super::Verdict;
use super::measure::Meets;

/// Why the table gave its verdict; criteria turn it into the tail of their message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// Evidence meets; declared absent or close to it.
    Met,
    /// Evidence meets but the declaration is more than the tolerance above it.
    Overstated,
    /// Evidence misses but the declaration meets.
    DeclaredOnly,
    /// Evidence misses (declaration absent or misses too).
    Missed,
    /// No usable evidence; declaration meets or is absent.
    NoEvidence,
    /// No usable evidence and the declaration itself misses.
    DeclaredMisses,
    /// Evidence (or declaration) meets only one of the strict/relaxed thresholds and the org
    /// type does not say which applies.
    Uncertain,
}

impl super::Outcome {
    /// Records a finding of the table on the outcome (`overstated`, for Art. 24 grounds).
    pub(crate) fn finding(mut self, finding: Finding) -> super::Outcome {
        self.overstated = finding == Finding::Overstated;
        self
    }
}

pub fn judge(
    evidence: Option<Decimal>,
    declared: Option<Decimal>,
    meets: impl Fn(Decimal) -> Meets,
    tolerance: Decimal,
) -> (Verdict, Finding) {
    match evidence {
        Some(e) => match meets(e) {
            Meets::Yes => match declared {
                Some(d) if d > e * (Decimal::ONE + tolerance) => {
                    (Verdict::Review, Finding::Overstated)
                }
                _ => (Verdict::Pass, Finding::Met),
            },
            Meets::No => match declared.map(&meets) {
                Some(Meets::Yes) => (Verdict::Review, Finding::DeclaredOnly),
                Some(Meets::Unsure) => (Verdict::Review, Finding::Uncertain),
                _ => (Verdict::Fail, Finding::Missed),
            },
            Meets::Unsure => (Verdict::Review, Finding::Uncertain),
        },
        None => match declared.map(&meets) {
            Some(Meets::No) => (Verdict::Fail, Finding::DeclaredMisses),
            _ => (Verdict::Review, Finding::NoEvidence),
        },
    }
}

/// The message tail for a finding, given the declared figure already formatted with its unit
/// (zh, en). Empty when nothing needs saying.
pub fn tail(finding: Finding, declared: Option<(String, String)>) -> (String, String) {
    let (dz, de) = match &declared {
        Some((z, e)) => (
            format!("；推荐表申报 {z}"),
            format!("; the form declares {e}"),
        ),
        None => (
            "；推荐表未申报".to_string(),
            "; the form declares none".to_string(),
        ),
    };
    let (rz, re) = match finding {
        Finding::Met | Finding::Missed | Finding::Uncertain => ("", ""),
        Finding::Overstated => (
            "，高出证据 10% 以上，可能虚假申报（第二十四条）",
            ", more than 10% above the evidence: possible false declaration (Art. 24)",
        ),
        Finding::DeclaredOnly => (
            "，申报达标而证据不达标",
            ", which meets the threshold while the evidence does not",
        ),
        Finding::NoEvidence => ("，缺少可读证据", ", with no readable evidence"),
        Finding::DeclaredMisses => ("，申报数本身不达标", ", which itself misses the threshold"),
    };
    if declared.is_none() && matches!(finding, Finding::Met | Finding::Missed | Finding::Uncertain)
    {
        return (String::new(), String::new());
    }
    (format!("{dz}{rz}"), format!("{de}{re}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::dec;

    fn at_least(t: &str) -> impl Fn(Decimal) -> Meets {
        let t = dec(t);
        move |v| Meets::from_bool(v >= t)
    }

    #[test]
    fn the_table_of_section_4_4() {
        let tol = dec("0.10");
        let j =
            |e: Option<&str>, d: Option<&str>| judge(e.map(dec), d.map(dec), at_least("50"), tol).0;
        assert_eq!(j(Some("50"), None), Verdict::Pass);
        assert_eq!(j(Some("50"), Some("55")), Verdict::Pass);
        assert_eq!(j(Some("50"), Some("55.01")), Verdict::Review);
        assert_eq!(j(Some("49"), Some("50")), Verdict::Review);
        assert_eq!(j(Some("49"), Some("49")), Verdict::Fail);
        assert_eq!(j(Some("49"), None), Verdict::Fail);
        assert_eq!(j(None, Some("50")), Verdict::Review);
        assert_eq!(j(None, None), Verdict::Review);
        assert_eq!(j(None, Some("49")), Verdict::Fail);
    }

    #[test]
    fn uncertain_thresholds_are_reviewed() {
        let unsure = |_: Decimal| Meets::Unsure;
        assert_eq!(
            judge(Some(dec("1")), None, unsure, dec("0.1")),
            (Verdict::Review, Finding::Uncertain)
        );
    }
}
