//! `A14.1.operating_years` — Art. 14(1): the unit has operated for at least two years
//! (运营2年以上; 以上 includes the figure).
//!
//! Pass when `established` + `thresholds.operating_years` years ≤ the as-of date: the
//! anniversary itself passes (a unit founded on 29 February reaches it on 28 February).
//! Fail otherwise; review when the form gives no date of establishment.
//!
//! Example: established 2021-06-30, as-of 2023-06-30 → pass; established 2021-07-01 → fail.

use chrono::{Datelike, Months};

use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::Applicant;

pub const ID: &str = "A14.1.operating_years";
const ARTICLE: &str = "14(1)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let years = ctx.rules.thresholds.operating_years;
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass).threshold(format!("≥{years}"));
    let Some(est) = app.facts.form.established.as_ref() else {
        return out.verdict(Verdict::Review).msg(
            "推荐表未填成立时间，无法计算运营年限（第十四条第一项）",
            "no date of establishment on the form: operating years unknown (Art. 14(1))",
        );
    };
    let out = out.evidence([est.evidence.clone()]);
    let d = est.value;
    let Some(anniversary) = d.checked_add_months(Months::new(years * 12)) else {
        return out.verdict(Verdict::Review).msg(
            format!("成立时间 {d} 无法计算（第十四条第一项）"),
            format!("date of establishment {d} cannot be used (Art. 14(1))"),
        );
    };
    // Whole years completed by the as-of date (anniversaries counted the same way).
    let mut full = (ctx.as_of.year() - d.year()).max(0) as u32;
    while full > 0
        && d.checked_add_months(Months::new(full * 12))
            .is_none_or(|a| a > ctx.as_of)
    {
        full -= 1;
    }
    let out = out.value(full.to_string());
    if anniversary <= ctx.as_of {
        out.msg(
            format!(
                "成立于 {d}，截至 {} 运营满 {years} 年（第十四条第一项）",
                ctx.as_of
            ),
            format!(
                "established {d}: at least {years} years of operation by {} (Art. 14(1))",
                ctx.as_of
            ),
        )
    } else {
        out.verdict(Verdict::Fail).msg(
            format!("成立于 {d}，截至 {} 运营不满 {years} 年（{anniversary} 满）（第十四条第一项）", ctx.as_of),
            format!("established {d}: less than {years} years of operation by {} (reached on {anniversary}) (Art. 14(1))", ctx.as_of),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use chrono::NaiveDate;

    fn with(est: Option<NaiveDate>) -> Outcome {
        let mut f = facts();
        f.form.established = est.and_then(src);
        check(&app(f), &ctx())
    }

    #[test]
    fn the_anniversary_itself_passes() {
        let o = with(Some(date(2021, 6, 30)));
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "2");
    }

    #[test]
    fn one_day_short_fails() {
        let o = with(Some(date(2021, 7, 1)));
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "1");
    }

    #[test]
    fn leap_day_reaches_its_anniversary_on_28_february() {
        let mut f = facts();
        f.form.established = src(date(2020, 2, 29));
        let c = Context::new(rules(), date(2022, 2, 28));
        assert_verdict(&check(&app(f.clone()), &c), Verdict::Pass);
        let c = Context::new(rules(), date(2022, 2, 27));
        assert_verdict(&check(&app(f), &c), Verdict::Fail);
    }

    #[test]
    fn missing_date_is_review() {
        assert_verdict(&with(None), Verdict::Review);
    }
}
