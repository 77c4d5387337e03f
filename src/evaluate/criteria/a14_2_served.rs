//! `A14.2.served` — Art. 14(2): at least 50 SMEs served in year Y (年服务中小企业50家以上).
//!
//! Distinct enterprises in the service log whose record falls in Y (its date, else a year
//! named by its sheet or file), identified by credit code, else by normalised name. Records no
//! year can be given to are left out and counted in the message; when they could lift the count
//! over the threshold the verdict is review. The form's declared figure is compared per §4.4.
//! No service log → review (fail if the form's own figure misses).
//!
//! Example: 49 distinct enterprises in 2022 → `服务企业 49 家 < 50 家` fail; 50 → pass.

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::{Meets, served};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::Applicant;
use rust_decimal::Decimal;

pub const ID: &str = "A14.2.served";
const ARTICLE: &str = "14(2)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.served_enterprises;
    let y = ctx.year();
    let facts = &app.facts;
    let s = served(facts, y, |_| true);
    let evidence = facts.service_log_found.then_some(Decimal::from(s.count));
    let declared = facts.form.declared_served.as_ref();
    let meets = |v: Decimal| Meets::from_bool(v >= Decimal::from(need));
    let (mut verdict, finding) = judge(
        evidence,
        declared.map(|d| Decimal::from(d.value)),
        meets,
        ctx.rules.thresholds.declared_tolerance,
    );
    let mut out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(format!("≥{need}"))
        .evidence(s.evidence.clone());
    out = out.evidence(declared.map(|d| d.evidence.clone()));
    let (mut zh, mut en) = if facts.service_log_found {
        out = out.value(s.count.to_string());
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
    } else {
        (
            format!("未提交服务记录，{y} 年服务企业数无法核实（标准 {need} 家，第十四条第二项）"),
            format!(
                "no service log: enterprises served in {y} unverified (threshold {need}, Art. 14(2))"
            ),
        )
    };
    let (tz, te) = tail(
        finding,
        declared.map(|d| (format!("{} 家", d.value), d.value.to_string())),
    );
    zh.push_str(&tz);
    en.push_str(&te);
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
    use crate::model::{Facts, ServiceRecord};

    fn with(records: Vec<ServiceRecord>, edit: impl Fn(&mut Facts)) -> Outcome {
        let mut f = facts();
        f.service_log_found = true;
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
        let o = with(vec![], |f| f.service_log_found = false);
        assert_verdict(&o, Verdict::Review);
        assert_eq!(o.value, "");
    }
}
