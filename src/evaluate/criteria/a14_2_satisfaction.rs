//! `A14.2.satisfaction` — Art. 14(2): user satisfaction of at least 90 % (用户满意度90%以上).
//!
//! Among the service records of year Y that carry a rating, the share judged satisfied:
//! a rating word from the rules file's `satisfaction.satisfied` list (非常满意, 满意, 基本满意 …)
//! or a score that, scaled to 100, reaches `thresholds.satisfied_score` (80): `85`, `92%`,
//! `4/5`, `4分` (≤ 5 read as out of 5), `0.9`, ★★★★☆. Unrecognised rating text is left out of the
//! ratio and counted in the message. The form's declared satisfaction is compared per §4.4.
//! No rated record (or no log) → review, unless the form's own figure misses; so is a log that
//! could not be read, wholly or in part (the unread ratings could change the ratio), and a log
//! whose records all fall in other years than Y.
//!
//! Example: 9 of 10 rated services satisfied → 0.9000 ≥ 0.90 pass; 8 of 9 → 0.8888 fail.

use rust_decimal::Decimal;

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::{
    Meets, SERVICE_LOG, only_other_years, other_years_clause, satisfaction, service_years,
    unread_clause,
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
    if s.unrecognised > 0 {
        zh.push_str(&format!("；{} 条评价无法识别，未计入", s.unrecognised));
        en.push_str(&format!(
            "; {} unrecognised ratings left out",
            s.unrecognised
        ));
    }
    out.msg(zh, en)
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
                "80", "95%", "4/5", "4分", "100", "90", "85", "99", "88", "79",
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
