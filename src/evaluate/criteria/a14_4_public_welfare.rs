//! `A14.4.public_welfare` — Art. 14(4): public-welfare or low-fee services are at least 20 %
//! of all services (提供的公益性服务或低收费服务不少于总服务量的20%).
//!
//! Over the service records of year Y: records that are free (fee 0, or a fee type with 公益,
//! 免费, 无偿, or 是 in a 是否公益 column) or low-fee (低收费, 优惠, 减免, 折扣) ÷ all records of Y.
//! Negated words (非公益, 不免费) are not free. Records with no fee information stay in the
//! denominator; when no record of Y says anything about fees the share is unknown → review. No
//! record in Y (or no log) → review.
//!
//! Example: 20 free or low-fee records of 100 → 0.2000 pass; 19 → 0.1900 fail.

use crate::evaluate::measure::welfare;
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::Applicant;

pub const ID: &str = "A14.4.public_welfare";
const ARTICLE: &str = "14(4)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.public_welfare_share;
    let y = ctx.year();
    let w = welfare(&app.facts, y, &ctx.rules);
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(format!("≥{}", fmt::plain_ratio(need)))
        .evidence(w.evidence.clone());
    let Some(share) = w.share() else {
        let (z, e) = if !app.facts.service_log_found {
            (
                format!("未提交服务记录，{y} 年公益性或低收费服务占比无法核实"),
                format!("no service log: the free or low-fee share in {y} is unverified"),
            )
        } else if w.total == 0 {
            (
                format!("服务记录中没有 {y} 年的记录，公益性服务占比无法核实"),
                format!("no service record in {y}: the free or low-fee share is unverified"),
            )
        } else {
            (
                format!(
                    "{y} 年 {} 条服务记录均无收费信息，公益性服务占比无法核实",
                    w.total
                ),
                format!(
                    "none of the {} service records of {y} gives a fee or fee type",
                    w.total
                ),
            )
        };
        return out.verdict(Verdict::Review).msg(
            format!("{z}（第十四条第四项）"),
            format!("{e} (Art. 14(4))"),
        );
    };
    let op = if share >= need { "≥" } else { "<" };
    let (uz, ue) = if w.unknown > 0 {
        (
            format!("；{} 条无收费信息，按非公益计", w.unknown),
            format!(
                "; {} records without fee information counted as charged",
                w.unknown
            ),
        )
    } else {
        (String::new(), String::new())
    };
    let out = out.value(fmt::plain_ratio(share)).msg(
        format!(
            "{y} 年公益性服务 {} 条、低收费服务 {} 条，占 {} 条服务的 {} {op} {}（第十四条第四项）{uz}",
            w.free,
            w.low,
            w.total,
            fmt::percent(share),
            fmt::percent_threshold(need)
        ),
        format!(
            "{} free and {} low-fee of {} services in {y}: {} {op} {} (Art. 14(4)){ue}",
            w.free,
            w.low,
            w.total,
            fmt::percent(share),
            fmt::percent_threshold(need)
        ),
    );
    if share >= need {
        out
    } else {
        out.verdict(Verdict::Fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn with(free: usize, low: usize, normal: usize, unknown: usize) -> Outcome {
        let mut f = facts();
        f.service_log_found = true;
        let mut all = services(2022, free + low + normal + unknown);
        for (i, r) in all.iter_mut().enumerate() {
            if i < free {
                r.fee = Some(dec("0"));
            } else if i < free + low {
                r.fee_type = Some("优惠".into());
                r.fee = Some(dec("300"));
            } else if i < free + low + normal {
                r.fee = Some(dec("1000"));
            }
        }
        f.services = all;
        check(&app(f), &ctx())
    }

    #[test]
    fn boundary_19_fails_20_passes() {
        let o = with(10, 9, 81, 0);
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "0.1900");
        let o = with(10, 10, 80, 0);
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.2000");
    }

    #[test]
    fn unknown_fees_stay_in_the_denominator() {
        assert_verdict(&with(20, 0, 70, 10), Verdict::Pass);
        assert_verdict(&with(19, 0, 70, 11), Verdict::Fail);
    }

    #[test]
    fn no_fee_information_or_no_records_is_review() {
        assert_verdict(&with(0, 0, 0, 10), Verdict::Review);
        assert_verdict(&with(0, 0, 0, 0), Verdict::Review);
    }
}
