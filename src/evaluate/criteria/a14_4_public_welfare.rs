//! `A14.4.public_welfare` — Art. 14(4): public-welfare or low-fee services are at least 20 %
//! of all services (提供的公益性服务或低收费服务不少于总服务量的20%).
//!
//! Over the service records of year Y: records that are free (fee 0, or a fee type with 公益,
//! 免费, 无偿, or 是 in a 是否公益 column) or low-fee (低收费, 优惠, 减免, 折扣) ÷ all records of Y.
//! Negated words (非公益, 不免费) are not free. Records with no fee information (no fee column,
//! empty fee and fee type) are unknown, not charged: the verdict stands when it holds with them
//! counted as charged and as free; when they decide it, review naming how many. No record in Y,
//! no log, a log that could not be read (wholly or in part), or a log whose records all fall in
//! other years than Y → review.
//!
//! Example: 20 free or low-fee records of 100 → 0.2000 pass; 19 → 0.1900 fail; 1 free and 99
//! without fee information → review (1.00 % if charged, 100.00 % if free).

use crate::evaluate::measure::{
    SERVICE_LOG, only_other_years, other_years_clause, service_years, unread_clause, welfare,
};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::Applicant;

pub const ID: &str = "A14.4.public_welfare";
const ARTICLE: &str = "14(4)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.public_welfare_share;
    let y = ctx.year();
    let facts = &app.facts;
    let log = &facts.service_log_found;
    let w = welfare(facts, y, &ctx.rules);
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(format!("≥{}", fmt::plain_ratio(need)))
        .evidence(w.evidence.clone())
        .evidence(log.unread().iter().map(|u| u.evidence.clone()));
    let (uz, ue) = unread_clause(log, SERVICE_LOG);
    let wrong_year = only_other_years(&service_years(facts), y);
    let review = |z: String, e: String| {
        out.clone().verdict(Verdict::Review).msg(
            format!("{z}（第十四条第四项）"),
            format!("{e} (Art. 14(4))"),
        )
    };
    if !log.is_read() {
        return if uz.is_empty() {
            review(
                format!("未提交服务记录，{y} 年公益性或低收费服务占比无法核实"),
                format!("no service log: the free or low-fee share in {y} is unverified"),
            )
        } else {
            review(
                format!("{uz}，{y} 年公益性或低收费服务占比无法核实"),
                format!("{ue}: the free or low-fee share in {y} is unverified"),
            )
        };
    }
    if let Some(years) = &wrong_year {
        let (z, e) = other_years_clause(years, y, SERVICE_LOG);
        return review(
            format!("{z}，公益性服务占比无法核实"),
            format!("{e}: the free or low-fee share is unverified"),
        );
    }
    let Some((low_share, high_share)) = w.bounds() else {
        return review(
            format!("服务记录中没有 {y} 年的记录，公益性服务占比无法核实"),
            format!("no service record in {y}: the free or low-fee share is unverified"),
        );
    };
    if w.unknown == w.total {
        return review(
            format!(
                "{y} 年 {} 条服务记录均无收费信息，公益性服务占比无法核实",
                w.total
            ),
            format!(
                "none of the {} service records of {y} gives a fee or fee type: the share is unverified",
                w.total
            ),
        );
    }
    let decided = w.decided(need);
    let op = if low_share >= need { "≥" } else { "<" };
    let mut zh = format!(
        "{y} 年公益性服务 {} 条、低收费服务 {} 条，占 {} 条服务的 {} {op} {}（第十四条第四项）",
        w.free,
        w.low,
        w.total,
        fmt::percent(low_share),
        fmt::percent_threshold(need)
    );
    let mut en = format!(
        "{} free and {} low-fee of {} services in {y}: {} {op} {} (Art. 14(4))",
        w.free,
        w.low,
        w.total,
        fmt::percent(low_share),
        fmt::percent_threshold(need)
    );
    if w.unknown > 0 {
        match decided {
            Some(_) => {
                zh.push_str(&format!(
                    "；{} 条无收费信息，无论是否公益都不改变结论",
                    w.unknown
                ));
                en.push_str(&format!(
                    "; {} records without fee information cannot change the verdict",
                    w.unknown
                ));
            }
            None => {
                zh.push_str(&format!(
                    "；{} 条无收费信息，按收费计为 {}，按公益计为 {}，结论取决于这些记录",
                    w.unknown,
                    fmt::percent(low_share),
                    fmt::percent(high_share)
                ));
                en.push_str(&format!(
                    "; {} records without fee information decide it: {} if charged, {} if free",
                    w.unknown,
                    fmt::percent(low_share),
                    fmt::percent(high_share)
                ));
            }
        }
    }
    if !log.is_complete() {
        zh.push_str(&format!("；{uz}，未读部分可能改变结论"));
        en.push_str(&format!("; {ue}, which could change the verdict"));
    }
    let out = out.msg(zh, en);
    match decided {
        _ if !log.is_complete() => out.verdict(Verdict::Review),
        Some(true) => out.value(fmt::plain_ratio(low_share)),
        Some(false) => out
            .value(fmt::plain_ratio(low_share))
            .verdict(Verdict::Fail),
        None => out.verdict(Verdict::Review),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn with(free: usize, low: usize, normal: usize, unknown: usize) -> Outcome {
        let mut f = facts();
        f.service_log_found = crate::model::Found::read();
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
    fn unknown_fees_are_review_when_they_decide_it() {
        // 20 of 100 even with the 10 unknown charged: pass.
        let o = with(20, 0, 70, 10);
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.2000");
        // 19 of 100 charged, 30 if the unknown were free: they decide it.
        let o = with(19, 0, 70, 11);
        assert_verdict(&o, Verdict::Review);
        assert_eq!(o.value, "");
        assert!(o.zh.contains("11 条无收费信息"), "{}", o.zh);
        // 1 free and 99 unknown: not 0.0100 fail.
        let o = with(1, 0, 0, 99);
        assert_verdict(&o, Verdict::Review);
        assert!(o.en.contains("99 records"), "{}", o.en);
        // 10 + 9 unknown of 100 is under 20 % even if all were free: fail.
        let o = with(10, 0, 81, 9);
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "0.1000");
        // The boundary: 10 + 10 unknown could reach exactly 0.2000.
        assert_verdict(&with(10, 0, 80, 10), Verdict::Review);
    }

    #[test]
    fn an_unreadable_or_wrong_year_log_is_review() {
        use crate::model::{Evidence, Found, Unread};
        let mut f = facts();
        f.service_log_found = Found::Unreadable(vec![Unread {
            evidence: Evidence::file("3-服务记录.xlsx"),
            zh: "已加密".into(),
            en: "encrypted".into(),
        }]);
        let o = check(&app(f), &ctx());
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("3-服务记录.xlsx"), "{}", o.zh);
        let mut f = facts();
        f.service_log_found = Found::read();
        f.services = services(2021, 10);
        let o = check(&app(f), &ctx());
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("2021"), "{}", o.zh);
    }

    #[test]
    fn no_fee_information_or_no_records_is_review() {
        assert_verdict(&with(0, 0, 0, 10), Verdict::Review);
        assert_verdict(&with(0, 0, 0, 0), Verdict::Review);
    }
}
