//! `A14.2.satisfaction` — Art. 14(2): user satisfaction of at least 90 % (用户满意度90%以上).
//!
//! Among the service records of year Y that carry a rating, the share judged satisfied:
//! a rating word from the rules file's `satisfaction.satisfied` list (非常满意, 满意, 基本满意 …)
//! or a score that, scaled to 100, reaches `thresholds.satisfied_score` (80): `85`, `92%`,
//! `4/5`, `0.9`, ★★★★☆, and bare scores on their column's scale (the header's `10分制`/`5分制`/
//! `百分制`/`满分10分`, else the column's numbers: all ≤ 5 → 5 points, all ≤ 10 → 10, else 100;
//! the threshold scales with it: 8 of 10, 4 of 5). Words are read with their negation (不太满意,
//! 满意度低 are not satisfied). A rating that cannot be classified (unknown text, a negated
//! unsatisfied word, a score ≤ 10 in a column that also holds larger ones) is left out of the
//! ratio and named in the message (count and an example); when counting those all as
//! satisfied or all as unsatisfied would give different verdicts → review. The message says
//! which scale was used. The form's declared satisfaction is compared per §4.4. No rated
//! record (or no log) → review, unless the form's own figure misses; so is a log that could not
//! be read, wholly or in part (the unread ratings could change the ratio), and a log whose
//! records all fall in other years than Y.
//!
//! Example: 9 of 10 rated services satisfied → 0.9000 ≥ 0.90 pass; 8 of 9 → 0.8888 fail.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::{
    Meets, SERVICE_LOG, Scale, ScaleSource, only_other_years, other_years_clause, satisfaction,
    service_years, unread_clause,
};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::Applicant;

pub const ID: &str = "A14.2.satisfaction";
const ARTICLE: &str = "14(2)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.satisfaction;
    let y = ctx.year();
    let facts = &app.facts;
    let s = satisfaction(facts, y, &ctx.rules);
    let log = &facts.service_log_found;
    let other_years = only_other_years(&service_years(facts), y);
    // Ratings of the wrong year, or a log partly unread, are no evidence of Y's ratio.
    let ratio = s
        .ratio()
        .filter(|_| log.is_complete() && other_years.is_none());
    let declared = facts.form.declared_satisfaction.as_ref();
    let meets = |v: Decimal| Meets::from_bool(v >= need);
    let (mut verdict, finding) = judge(
        ratio,
        declared.map(|d| d.value),
        meets,
        ctx.rules.thresholds.declared_tolerance,
    );
    // The form's figure may be of the same other year as the log (a wrong `--as-of`).
    if other_years.is_some() && verdict == Verdict::Fail {
        verdict = Verdict::Review;
    }
    let mut out = Outcome::new(ID, ARTICLE, verdict)
        .finding(finding)
        .threshold(format!("≥{}", fmt::plain_ratio(need)))
        .evidence(s.evidence.clone())
        .evidence(log.unread().iter().map(|u| u.evidence.clone()))
        .evidence(declared.map(|d| d.evidence.clone()));
    let (uz, ue) = unread_clause(log, SERVICE_LOG);
    let wrong_year = other_years
        .as_ref()
        .map(|years| other_years_clause(years, y, SERVICE_LOG));
    let (mut zh, mut en) = match ratio {
        None if wrong_year.is_some() => {
            let (z, e) = wrong_year.unwrap_or_default();
            (
                format!("{z}，{y} 年满意度无法核实（第十四条第二项）"),
                format!("{e}: satisfaction in {y} unverified (Art. 14(2))"),
            )
        }
        None if !uz.is_empty() => {
            let partial = match s.ratio() {
                Some(r) => (
                    format!(
                        "已读部分满意度 {}（{}/{} 条）；",
                        fmt::percent(r),
                        s.satisfied,
                        s.rated
                    ),
                    format!(
                        "the read part gives {} ({} of {} ratings); ",
                        fmt::percent(r),
                        s.satisfied,
                        s.rated
                    ),
                ),
                None => (String::new(), String::new()),
            };
            (
                format!("{}{uz}，{y} 年满意度无法核实（第十四条第二项）", partial.0),
                format!(
                    "{}{ue}: satisfaction in {y} unverified (Art. 14(2))",
                    partial.1
                ),
            )
        }
        Some(r) => {
            out = out.value(fmt::plain_ratio(r));
            let op = if r >= need { "≥" } else { "<" };
            (
                format!(
                    "{y} 年满意度 {}（{}/{} 条评价为满意）{op} {}（第十四条第二项）",
                    fmt::percent(r),
                    s.satisfied,
                    s.rated,
                    fmt::percent_threshold(need)
                ),
                format!(
                    "satisfaction in {y} {} ({} of {} ratings satisfied) {op} {} (Art. 14(2))",
                    fmt::percent(r),
                    s.satisfied,
                    s.rated,
                    fmt::percent_threshold(need)
                ),
            )
        }
        None if !log.is_read() => (
            format!("未提交服务记录，{y} 年满意度无法核实（第十四条第二项）"),
            format!("no service log: satisfaction in {y} unverified (Art. 14(2))"),
        ),
        None => (
            format!("{y} 年服务记录中无满意度评价，满意度无法核实（第十四条第二项）"),
            format!("no rated service in {y}: satisfaction unverified (Art. 14(2))"),
        ),
    };
    let (tz, te) = tail(
        finding,
        declared.map(|d| (fmt::percent(d.value), fmt::percent(d.value))),
    );
    zh.push_str(&tz);
    en.push_str(&te);
    let (sz, se) = scales_note(&s.scales);
    zh.push_str(&sz);
    en.push_str(&se);
    if s.unrecognised > 0 {
        let example = s.unrecognised_example.as_deref().unwrap_or("");
        zh.push_str(&format!(
            "；{} 条评价无法归类（如“{example}”），未计入",
            s.unrecognised
        ));
        en.push_str(&format!(
            "; {} ratings could not be classified (e.g. '{example}') and were left out",
            s.unrecognised
        ));
        if s.ambiguous_scale > 0 {
            zh.push_str(&format!(
                "，其中 {} 个分数所在列同时有 10 分以上的分数，分制不明",
                s.ambiguous_scale
            ));
            en.push_str(&format!(
                ", {} of them scores of 10 or less in a column that also holds larger scores (scale unclear)",
                s.ambiguous_scale
            ));
        }
        // Whether the left-out ratings could change the verdict: all of them unsatisfied
        // against all of them satisfied.
        if let Some((low, high)) = s.bounds()
            && (low >= need) != (high >= need)
            && out.verdict != Verdict::Review
        {
            zh.push_str(&format!(
                "；计入后满意度可能在 {} 至 {} 之间，结论可能改变，待核实",
                fmt::percent(low),
                fmt::percent(high)
            ));
            en.push_str(&format!(
                "; counting them, satisfaction lies between {} and {}, which could change the verdict: review",
                fmt::percent(low),
                fmt::percent(high)
            ));
            out = out.verdict(Verdict::Review);
        }
    }
    out.msg(zh, en)
}

/// Which scale bare scores were read on, for the message (zh, en); empty when none was needed.
fn scales_note(scales: &BTreeSet<Scale>) -> (String, String) {
    if scales.is_empty() {
        return (String::new(), String::new());
    }
    let name = |p: u32| match p {
        100 => ("百分制".to_string(), "out of 100".to_string()),
        p => (format!("{p} 分制"), format!("out of {p}")),
    };
    let (zh, en): (Vec<String>, Vec<String>) = scales
        .iter()
        .map(|s| {
            let (z, e) = name(s.points);
            match s.source {
                ScaleSource::Header => (
                    format!("{z}（表头所示）"),
                    format!("{e} (as the header says)"),
                ),
                ScaleSource::Values => (
                    format!("{z}（按该列分数推断）"),
                    format!("{e} (inferred from the column's scores)"),
                ),
            }
        })
        .unzip();
    (
        format!("；评分按 {} 计", zh.join("、")),
        format!("; scores read {}", en.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::Facts;

    fn rated(ratings: &[&str], edit: impl Fn(&mut Facts)) -> Outcome {
        let mut f = facts();
        f.service_log_found = crate::model::Found::read();
        f.services = ratings
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut s = service(date(2022, 5, 1), &format!("企业{i}"), None);
                s.satisfaction = Some(r.to_string());
                s
            })
            .collect();
        edit(&mut f);
        check(&app(f), &ctx())
    }

    #[test]
    fn boundary_exactly_90_percent_passes() {
        let mut r = vec!["满意"; 9];
        r.push("不满意");
        let o = rated(&r, |_| {});
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.9000");
        let mut r = vec!["非常满意"; 8];
        r.push("一般");
        let o = rated(&r, |_| {});
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "0.8888");
    }

    #[test]
    fn scores_are_judged_against_the_satisfied_score() {
        let o = rated(
            &[
                "80",
                "95%",
                "4/5",
                "★★★★☆",
                "100",
                "90",
                "85",
                "99",
                "88",
                "79",
            ],
            |_| {},
        );
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.9000");
    }

    #[test]
    fn unrated_or_no_log_is_review() {
        assert_verdict(&rated(&[], |_| {}), Verdict::Review);
        assert_verdict(
            &rated(&[], |f| f.service_log_found = crate::model::Found::Absent),
            Verdict::Review,
        );
        assert_verdict(&rated(&["待回访"], |_| {}), Verdict::Review);
    }

    /// issue 8 family 2: negated ratings are not satisfied.
    #[test]
    fn negated_ratings_are_not_satisfied() {
        let mut r = vec!["满意"; 9];
        r.push("不太满意");
        let o = rated(&r, |_| {});
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.9000");
        let mut r = vec!["满意"; 8];
        r.extend(["不是很满意", "满意度低"]);
        let o = rated(&r, |_| {});
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "0.8000");
        for negated in [
            "不太满意",
            "不是很满意",
            "不大满意",
            "不够满意",
            "满意度低",
            "不太好",
        ] {
            let o = rated(&[negated; 10], |_| {});
            assert_verdict(&o, Verdict::Fail);
            assert_eq!(o.value, "0.0000", "{negated}");
        }
    }

    /// issue 8 family 2: an unclassifiable rating is left out and named; review when it could
    /// change the verdict.
    #[test]
    fn unclassified_ratings_that_could_tip_it_are_review() {
        // 89 satisfied of 99 classified + 1 unknown: 0.8989 .. 0.9000 → review.
        let mut r = vec!["满意"; 89];
        r.extend(["不满意"; 10]);
        r.push("待回访");
        let o = rated(&r, |_| {});
        assert_verdict(&o, Verdict::Review);
        assert_eq!(o.value, "0.8989");
        assert!(o.zh.contains("1 条") && o.zh.contains("待回访"), "{}", o.zh);
        // 80 of 99 + 1 unknown: fails whatever it says.
        let mut r = vec!["满意"; 80];
        r.extend(["不满意"; 19]);
        r.push("待回访");
        let o = rated(&r, |_| {});
        assert_verdict(&o, Verdict::Fail);
        assert!(o.zh.contains("待回访"), "{}", o.zh);
        // 95 of 99 + 1 unknown: passes whatever it says.
        let mut r = vec!["满意"; 95];
        r.extend(["不满意"; 4]);
        r.push("没有不满意");
        assert_verdict(&rated(&r, |_| {}), Verdict::Pass);
    }

    fn scored(ratings: &[&str], scale: Option<u32>) -> Outcome {
        rated(ratings, |f| {
            for s in &mut f.services {
                s.satisfaction_scale = scale;
            }
        })
    }

    /// issue 8 family 3: 10-point columns.
    #[test]
    fn ten_point_scores_at_the_boundary() {
        // 9 satisfied (≥ 8 of 10) of 10, header 满意度（10分制）.
        let mut r = vec!["9"; 8];
        r.extend(["8", "7"]);
        let o = scored(&r, Some(10));
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.9000");
        assert!(o.zh.contains("10 分制（表头所示）"), "{}", o.zh);
        // The same column without a header scale: inferred from the values.
        let o = scored(&r, None);
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.9000");
        assert!(o.zh.contains("10 分制（按该列分数推断）"), "{}", o.zh);
        // 8 of 10 satisfied: 7.9 is below 8 of 10.
        let mut r = vec!["9"; 8];
        r.extend(["7.9", "7"]);
        assert_verdict(&scored(&r, Some(10)), Verdict::Fail);
        // 5-point header: 4 of 5 is satisfied, 3 is not; a 9 on a 5-point column is unreadable.
        let mut r = vec!["4"; 9];
        r.push("3");
        let o = scored(&r, Some(5));
        assert_verdict(&o, Verdict::Pass);
        assert!(o.zh.contains("5 分制"), "{}", o.zh);
        let mut r = vec!["5"; 8];
        r.extend(["3", "9"]);
        let o = scored(&r, Some(5));
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("“9”"), "{}", o.zh);
        // A 百分制 header: 9 is 9 of 100.
        let o = scored(&["9"; 10], Some(100));
        assert_verdict(&o, Verdict::Fail);
    }

    /// A column mixing scores ≤ 10 with larger ones cannot tell the scale of the small ones.
    #[test]
    fn ambiguous_scales_are_named_and_review_when_they_matter() {
        let mut r = vec!["95"; 8];
        r.extend(["9", "70"]);
        let o = scored(&r, None);
        // 8 of 9 placed are satisfied (0.8888); the 9 could be 9/10 or 9/100 → review.
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("分制不明"), "{}", o.zh);
        let mut r = vec!["95"; 10];
        r.push("9");
        assert_verdict(&scored(&r, None), Verdict::Pass);
    }

    #[test]
    fn declared_far_above_evidence_is_review() {
        let o = rated(&["满意"; 10], |f| {
            f.form.declared_satisfaction = src(dec("0.99"));
        });
        assert_verdict(&o, Verdict::Pass);
        let mut r = vec!["满意"; 8];
        r.extend(["不满意"; 2]);
        let o = rated(&r, |f| f.form.declared_satisfaction = src(dec("0.98")));
        assert_verdict(&o, Verdict::Review);
        assert!(
            o.zh.contains("98.00%") && o.zh.contains("80.00%"),
            "{}",
            o.zh
        );
    }

    #[test]
    fn an_unreadable_part_of_the_log_is_review() {
        use crate::model::{Evidence, Found, Unread};
        let o = rated(&["满意"; 10], |f| {
            f.service_log_found = Found::Read {
                unread: vec![Unread {
                    evidence: Evidence::file("服务记录（二）.xlsx"),
                    zh: "文件已损坏".into(),
                    en: "damaged".into(),
                }],
            }
        });
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("服务记录（二）.xlsx"), "{}", o.zh);
    }
}
