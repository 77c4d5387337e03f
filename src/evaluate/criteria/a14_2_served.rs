//! `A14.2.served` — Art. 14(2): at least 50 SMEs served in year Y (年服务中小企业50家以上).
//!
//! Distinct enterprises in the service log whose record falls in Y (its date, else a year
//! named by its sheet or file), identified by credit code, else by normalised name. Records no
//! year can be given to are left out and counted in the message; when they could lift the count
//! over the threshold the verdict is review. The form's declared figure is compared per §4.4.
//! No service log, or one that could not be read (encrypted, damaged, no recognisable header) →
//! review naming the file and why (fail if the form's own figure misses, §4.4). When part of the
//! log could not be read, a count that meets the threshold passes and one below it is review
//! (the unread part could lift it). A log whose records all fall in other years than Y is
//! evidence for the wrong year (often a wrong `--as-of`): review naming the years it holds.
//!
//! Example: 49 distinct enterprises in 2022 → `服务企业 49 家 < 50 家` fail; 50 → pass.

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::{
    Meets, SERVICE_LOG, only_other_years, other_years_clause, served, service_years, unread_clause,
};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, Found};
use rust_decimal::Decimal;

pub const ID: &str = "A14.2.served";
const ARTICLE: &str = "14(2)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.served_enterprises;
    let y = ctx.year();
    let facts = &app.facts;
    let log = &facts.service_log_found;
    let s = served(facts, y, |_| true);
    let other_years = only_other_years(&service_years(facts), y);
    // The count is evidence only when the log was read and holds records of Y; a count below
    // the threshold from a partly read log is a lower bound, not a miss.
    let partial_miss = s.count < need && !log.is_complete();
    let evidence =
        (log.is_read() && other_years.is_none() && !partial_miss).then_some(Decimal::from(s.count));
    let declared = facts.form.declared_served.as_ref();
    let meets = |v: Decimal| Meets::from_bool(v >= Decimal::from(need));
    let (mut verdict, finding) = judge(
        evidence,
        declared.map(|d| Decimal::from(d.value)),
        meets,
        ctx.rules.thresholds.declared_tolerance,
    );
    let mut out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .finding(finding)
        .threshold(format!("≥{need}"))
        .evidence(s.evidence.clone())
        .evidence(log.unread().iter().map(|u| u.evidence.clone()));
    out = out.evidence(declared.map(|d| d.evidence.clone()));
    let (mut zh, mut en) = if let Some(years) = &other_years {
        let (z, e) = other_years_clause(years, y, SERVICE_LOG);
        (
            format!("{z}，{y} 年服务企业数无法核实（标准 {need} 家，第十四条第二项）"),
            format!("{e}: enterprises served in {y} unverified (threshold {need}, Art. 14(2))"),
        )
    } else if log.is_read() {
        if evidence.is_some() {
            out = out.value(s.count.to_string());
        }
        let op = if s.count >= need { "≥" } else { "<" };
        (
            format!(
                "{y} 年服务企业 {} 家 {op} {} 家（第十四条第二项）",
                fmt::count(s.count),
                fmt::count(need)
            ),
            format!(
                "{} enterprises served in {y} {op} {} (Art. 14(2))",
                fmt::count(s.count),
                fmt::count(need)
            ),
        )
    } else if let Found::Unreadable(_) = log {
        let (z, e) = unread_clause(log, SERVICE_LOG);
        (
            format!("{z}，{y} 年服务企业数无法核实（标准 {need} 家，第十四条第二项）"),
            format!("{e}: enterprises served in {y} unverified (threshold {need}, Art. 14(2))"),
        )
    } else {
        (
            format!("未提交服务记录，{y} 年服务企业数无法核实（标准 {need} 家，第十四条第二项）"),
            format!(
                "no service log: enterprises served in {y} unverified (threshold {need}, Art. 14(2))"
            ),
        )
    };
    if log.is_read() && !log.is_complete() {
        let (z, e) = unread_clause(log, SERVICE_LOG);
        let (cz, ce) = if s.count < need {
            (
                "，未读部分可能改变结论",
                "; the unread part could change the verdict",
            )
        } else {
            ("", "")
        };
        zh.push_str(&format!("；{z}{cz}"));
        en.push_str(&format!("; {e}{ce}"));
    }
    let (tz, te) = tail(
        finding,
        declared.map(|d| (format!("{} 家", d.value), d.value.to_string())),
    );
    zh.push_str(&tz);
    en.push_str(&te);
    // The form's figure may be of the same other year as the log (a wrong `--as-of`): it
    // cannot fail the applicant for Y alone.
    if other_years.is_some() && verdict == Verdict::Fail {
        verdict = Verdict::Review;
    }
    if s.undated > 0 {
        zh.push_str(&format!("；另有 {} 条记录无日期，未计入", s.undated));
        en.push_str(&format!(
            "; {} records without a date not counted",
            s.undated
        ));
        if verdict == Verdict::Fail && s.count + s.undated_extra >= need {
            verdict = Verdict::Review;
        }
    }
    out.verdict(verdict).msg(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{Evidence, Facts, ServiceRecord, Unread};

    fn unread(file: &str) -> Unread {
        Unread {
            evidence: Evidence::file(file),
            zh: "PDF 已加密".into(),
            en: "encrypted".into(),
        }
    }

    fn with(records: Vec<ServiceRecord>, edit: impl Fn(&mut Facts)) -> Outcome {
        let mut f = facts();
        f.service_log_found = Found::read();
        f.services = records;
        edit(&mut f);
        check(&app(f), &ctx())
    }

    #[test]
    fn boundary_49_fails_50_passes() {
        let o = with(services(2022, 49), |_| {});
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "49");
        assert_verdict(&with(services(2022, 50), |_| {}), Verdict::Pass);
    }

    #[test]
    fn repeat_visits_and_other_years_do_not_count() {
        let mut r = services(2022, 49);
        r.extend(services(2022, 10));
        r.extend(services(2021, 60).into_iter().map(|mut s| {
            s.enterprise = Some(format!("{}旧", s.enterprise.unwrap_or_default()));
            s
        }));
        assert_verdict(&with(r, |_| {}), Verdict::Fail);
    }

    #[test]
    fn undated_records_that_could_tip_it_are_review() {
        let mut r = services(2022, 49);
        r.push(ServiceRecord {
            date: None,
            ..service(date(2022, 1, 1), "企业新", None)
        });
        let o = with(r, |_| {});
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("无日期"), "{}", o.zh);
    }

    #[test]
    fn declared_versus_log() {
        let o = with(services(2022, 50), |f| f.form.declared_served = src(56));
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("56") && o.zh.contains("50"), "{}", o.zh);
        assert_verdict(
            &with(services(2022, 50), |f| f.form.declared_served = src(55)),
            Verdict::Pass,
        );
        assert_verdict(
            &with(services(2022, 30), |f| f.form.declared_served = src(60)),
            Verdict::Review,
        );
    }

    #[test]
    fn no_log_is_review() {
        let o = with(vec![], |f| f.service_log_found = Found::Absent);
        assert_verdict(&o, Verdict::Review);
        assert_eq!(o.value, "");
    }

    #[test]
    fn an_unreadable_log_is_review_naming_the_file_never_zero() {
        let o = with(vec![], |f| {
            f.service_log_found = Found::Unreadable(vec![unread("3-服务记录.xlsx")])
        });
        assert_verdict(&o, Verdict::Review);
        assert_eq!(o.value, "");
        assert!(
            o.zh.contains("3-服务记录.xlsx") && o.zh.contains("已加密"),
            "{}",
            o.zh
        );
        assert!(!o.zh.contains("服务企业 0 家"), "{}", o.zh);
        // The form's own figure below the threshold still fails (§4.4).
        let o = with(vec![], |f| {
            f.service_log_found = Found::Unreadable(vec![unread("3-服务记录.xlsx")]);
            f.form.declared_served = src(40);
        });
        assert_verdict(&o, Verdict::Fail);
    }

    #[test]
    fn a_partly_unreadable_log_passes_only_when_the_read_part_meets() {
        let partial = |f: &mut Facts| {
            f.service_log_found = Found::Read {
                unread: vec![unread("服务记录2022下半年.xlsx")],
            }
        };
        let o = with(services(2022, 50), partial);
        assert_verdict(&o, Verdict::Pass);
        assert!(o.zh.contains("服务记录2022下半年.xlsx"), "{}", o.zh);
        let o = with(services(2022, 49), partial);
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("49 家"), "{}", o.zh);
    }

    #[test]
    fn a_log_of_other_years_only_is_review_naming_them() {
        let mut r = services(2021, 60);
        r.extend(services(2020, 3));
        let o = with(r, |_| {});
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("2020、2021"), "{}", o.zh);
        assert!(o.en.contains("--as-of"), "{}", o.en);
        // Nor does the form's own figure below the threshold fail it: it may be of that year.
        let o = with(services(2021, 60), |f| f.form.declared_served = src(49));
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("49"), "{}", o.zh);
        // Records of Y, however few, are evidence: 49 of them fail.
        let mut r = services(2021, 60);
        r.extend(services(2022, 49));
        assert_verdict(&with(r, |_| {}), Verdict::Fail);
    }
}
