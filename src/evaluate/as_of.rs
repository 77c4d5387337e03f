//! The run-level check on the as-of date (SPEC §4: Y = as-of year − 1, `--as-of` defaults to
//! today). Run without `--as-of` a year late, every applicant's service log holds records but
//! none of Y, and each would be judged on the wrong year. The criteria already turn such logs
//! into review; this check tells the user once, for the run, which date was probably meant.
//!
//! Input: the round's results (their `KeyFigures::service_years`) and the as-of date. Output: a
//! warning (zh, en), or nothing.

use chrono::{Datelike, NaiveDate};

use super::ApplicantResult;

/// A warning when most applicants have dated service records but none of the evaluation year:
/// names the year most of their logs end in and suggests the matching `--as-of`.
pub fn as_of_warning(results: &[ApplicantResult], as_of: NaiveDate) -> Option<(String, String)> {
    let y = as_of.year() - 1;
    let with_records: Vec<&ApplicantResult> = results
        .iter()
        .filter(|r| !r.figures.service_years.is_empty())
        .collect();
    let without_y: Vec<&ApplicantResult> = with_records
        .iter()
        .copied()
        .filter(|r| r.figures.service_years.iter().all(|(year, _)| *year != y))
        .collect();
    // "Most": more than half of all applicants, and at least one.
    if without_y.is_empty() || without_y.len() * 2 <= results.len() {
        return None;
    }
    // The latest year each such log holds; the most common one (the later on a tie) is the
    // year the round was probably about.
    let mut latest: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for r in &without_y {
        if let Some((year, _)) = r.figures.service_years.iter().max_by_key(|(year, _)| *year) {
            *latest.entry(*year).or_insert(0) += 1;
        }
    }
    let meant = latest
        .iter()
        .max_by_key(|(year, n)| (**n, **year))
        .map(|(year, _)| *year)?;
    let suggested = NaiveDate::from_ymd_opt(meant + 1, as_of.month(), as_of.day())
        .or_else(|| NaiveDate::from_ymd_opt(meant + 1, as_of.month(), 28))?;
    Some((
        format!(
            "评审基准日 {as_of}（评审年度 {y}）：{} 个申报单位中有 {} 个的服务记录没有 {y} 年的记录（多为 {meant} 年），相关条款均为待核实。是否应为 --as-of {suggested}？",
            results.len(),
            without_y.len()
        ),
        format!(
            "as-of {as_of} (evaluation year {y}): {} of {} applicants have service records but none of {y} (mostly {meant}); their criteria are review. Did you mean --as-of {suggested}?",
            without_y.len(),
            results.len()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::evaluate::{KeyFigures, Verdict};

    fn result(years: &[(i32, u64)]) -> ApplicantResult {
        ApplicantResult {
            id: "甲".into(),
            name: String::new(),
            platform_name: String::new(),
            declared: Vec::new(),
            files: Vec::new(),
            credit_code: String::new(),
            district: None,
            org_type: None,
            verdict: Verdict::Review,
            outcomes: Vec::new(),
            figures: KeyFigures {
                service_years: years.to_vec(),
                ..Default::default()
            },
            rendered: None,
            context: Vec::new(),
        }
    }

    #[test]
    fn most_logs_without_the_year_suggest_the_as_of_date() {
        let round = vec![
            result(&[(2021, 40), (2022, 60)]),
            result(&[(2022, 55)]),
            result(&[(2022, 70)]),
            result(&[]),
        ];
        let (zh, en) = as_of_warning(&round, date(2026, 11, 29)).expect("a warning");
        assert!(zh.contains("--as-of 2023-11-29"), "{zh}");
        assert!(en.contains("3 of 4") && en.contains("Did you mean"), "{en}");
        assert_eq!(as_of_warning(&round, date(2023, 6, 30)), None);
    }

    #[test]
    fn half_or_fewer_is_no_warning() {
        let round = vec![
            result(&[(2021, 40)]),
            result(&[(2021, 40)]),
            result(&[(2022, 55)]),
            result(&[(2022, 55)]),
        ];
        assert_eq!(as_of_warning(&round, date(2023, 6, 30)), None);
        assert_eq!(as_of_warning(&[], date(2023, 6, 30)), None);
        // 29 February suggested in a common year falls back to the 28th.
        let round = vec![result(&[(2022, 1)])];
        let (zh, _) = as_of_warning(&round, date(2028, 2, 29)).expect("a warning");
        assert!(zh.contains("--as-of 2023-02-28"), "{zh}");
    }
}
