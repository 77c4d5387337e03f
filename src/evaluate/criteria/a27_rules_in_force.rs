//! `A27.rules_in_force` — Art. 27: the measures are in force from 2021-04-30 to 2024-05-01
//! (有效期自2021年4月30日起，至2024年5月1日止).
//!
//! Pass when the as-of date lies inside the rules file's validity window, both ends included:
//! 至…止 names the last day in force, so 2024-05-01 itself is inside (SPEC §4.1 writes the end
//! as exclusive; the regulation wins). Outside the window → review for every applicant (the
//! caller also prints a run-level warning, see `rules_in_force`).
//!
//! Example: as-of 2024-05-01 → pass; 2024-05-02 → review.

use chrono::NaiveDate;

use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::Applicant;
use crate::rules::Rules;

pub const ID: &str = "A27.rules_in_force";
const ARTICLE: &str = "27";

/// Whether the rules are in force on a date (both ends of the window included).
pub fn rules_in_force(rules: &Rules, date: NaiveDate) -> bool {
    rules.document.valid_from <= date && date <= rules.document.valid_until
}

pub fn check(_app: &Applicant, ctx: &Context) -> Outcome {
    let d = &ctx.rules.document;
    let (from, until) = (d.valid_from, d.valid_until);
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .value(ctx.as_of.to_string())
        .threshold(format!("{from}..{until}"));
    if rules_in_force(&ctx.rules, ctx.as_of) {
        out.msg(
            format!(
                "评审日期 {} 在《{}》有效期（{from} 至 {until}）内（第二十七条）",
                ctx.as_of, d.name
            ),
            format!(
                "as-of date {} is within the measures' validity ({from} to {until}) (Art. 27)",
                ctx.as_of
            ),
        )
    } else {
        out.verdict(Verdict::Review).msg(
            format!("评审日期 {} 不在《{}》有效期（{from} 至 {until}）内，请确认适用的规则（第二十七条）", ctx.as_of, d.name),
            format!("as-of date {} is outside the measures' validity ({from} to {until}): check which rules apply (Art. 27)", ctx.as_of),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn on(d: NaiveDate) -> Outcome {
        check(&app(facts()), &Context::new(rules(), d))
    }

    #[test]
    fn window_ends_are_inside() {
        assert_verdict(&on(date(2021, 4, 30)), Verdict::Pass);
        assert_verdict(&on(date(2024, 5, 1)), Verdict::Pass);
    }

    #[test]
    fn outside_the_window_is_review() {
        assert_verdict(&on(date(2021, 4, 29)), Verdict::Review);
        assert_verdict(&on(date(2024, 5, 2)), Verdict::Review);
    }
}
