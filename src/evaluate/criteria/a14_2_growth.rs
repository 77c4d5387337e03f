//! `A14.2.growth` — Art. 14(2): the number of enterprises served grew steadily over the last
//! two years (近两年服务企业数量稳步增长).
//!
//! Distinct enterprises served in Y must be strictly more than in Y − 1 (same counting as
//! `A14.2.served`). No service record at all in Y − 1 → review (no evidence of the earlier
//! year); no service log → review.
//!
//! Example: 60 in 2022 vs 55 in 2021 → pass; 55 vs 55 → fail.

use crate::evaluate::measure::served;
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::Applicant;

pub const ID: &str = "A14.2.growth";
const ARTICLE: &str = "14(2)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let y = ctx.year();
    let p = y - 1;
    let facts = &app.facts;
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass);
    if !facts.service_log_found {
        return out.verdict(Verdict::Review).msg(
            format!("未提交服务记录，{p}—{y} 年服务企业数增长无法核实（第十四条第二项）"),
            format!("no service log: growth from {p} to {y} unverified (Art. 14(2))"),
        );
    }
    let now = served(facts, y, |_| true);
    let before = served(facts, p, |_| true);
    let mut out = out
        .value(now.count.to_string())
        .threshold(format!(">{}", before.count))
        .evidence(now.evidence.clone());
    out = out.evidence(before.evidence.clone());
    if before.records == 0 {
        return out.verdict(Verdict::Review).threshold("").msg(
            format!(
                "服务记录中没有 {p} 年的记录，无法比较（{y} 年 {} 家）（第十四条第二项）",
                fmt::count(now.count)
            ),
            format!(
                "no service record of {p} to compare with ({} in {y}) (Art. 14(2))",
                fmt::count(now.count)
            ),
        );
    }
    let grew = now.count > before.count;
    let op = if grew { ">" } else { "≤" };
    let out = out.msg(
        format!(
            "{y} 年服务企业 {} 家 {op} {p} 年 {} 家（第十四条第二项）",
            fmt::count(now.count),
            fmt::count(before.count)
        ),
        format!(
            "{} enterprises served in {y} {op} {} in {p} (Art. 14(2))",
            fmt::count(now.count),
            fmt::count(before.count)
        ),
    );
    if grew {
        out
    } else {
        out.verdict(Verdict::Fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn with(y: usize, prev: usize) -> Outcome {
        let mut f = facts();
        f.service_log_found = true;
        f.services = services(2022, y);
        f.services.extend(services(2021, prev));
        check(&app(f), &ctx())
    }

    #[test]
    fn strictly_more_passes_equal_fails() {
        let o = with(56, 55);
        assert_verdict(&o, Verdict::Pass);
        assert_eq!((o.value.as_str(), o.threshold.as_str()), ("56", ">55"));
        assert_verdict(&with(55, 55), Verdict::Fail);
        assert_verdict(&with(50, 55), Verdict::Fail);
    }

    #[test]
    fn no_previous_year_is_review() {
        assert_verdict(&with(60, 0), Verdict::Review);
        let mut f = facts();
        f.service_log_found = false;
        assert_verdict(&check(&app(f), &ctx()), Verdict::Review);
    }
}
