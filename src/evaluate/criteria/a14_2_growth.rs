//! `A14.2.growth` — Art. 14(2): the number of enterprises served grew steadily over the last
//! two years (近两年服务企业数量稳步增长).
//!
//! Distinct enterprises served in Y must be strictly more than in Y − 1 (same counting as
//! `A14.2.served`). No service record at all in Y − 1 → review (no evidence of the earlier
//! year); no service log, or one that could not be read (wholly or in part) → review naming
//! the file; a log whose records all fall in other years than Y → review naming them. Undated
//! records could belong to either year: when placing them in Y or in Y − 1 could change the
//! verdict, review (as `A14.2.served` does).
//!
//! Example: 60 in 2022 vs 55 in 2021 → pass; 55 vs 55 → fail.

use crate::evaluate::measure::{
    SERVICE_LOG, only_other_years, other_years_clause, served, service_years, unread_clause,
};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, Found};

pub const ID: &str = "A14.2.growth";
const ARTICLE: &str = "14(2)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let y = ctx.year();
    let p = y - 1;
    let facts = &app.facts;
    let log = &facts.service_log_found;
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .evidence(log.unread().iter().map(|u| u.evidence.clone()));
    if !log.is_read() {
        let (z, e) = match log {
            Found::Unreadable(_) => unread_clause(log, SERVICE_LOG),
            _ => ("未提交服务记录".to_string(), "no service log".to_string()),
        };
        return out.verdict(Verdict::Review).msg(
            format!("{z}，{p}—{y} 年服务企业数增长无法核实（第十四条第二项）"),
            format!("{e}: growth from {p} to {y} unverified (Art. 14(2))"),
        );
    }
    let now = served(facts, y, |_| true);
    let before = served(facts, p, |_| true);
    let mut out = out
        .value(now.count.to_string())
        .threshold(format!(">{}", before.count))
        .evidence(now.evidence.clone());
    out = out.evidence(before.evidence.clone());
    if let Some(years) = only_other_years(&service_years(facts), y) {
        let (z, e) = other_years_clause(&years, y, SERVICE_LOG);
        return out.verdict(Verdict::Review).value("").threshold("").msg(
            format!("{z}，{p}—{y} 年增长无法核实（第十四条第二项）"),
            format!("{e}: growth from {p} to {y} unverified (Art. 14(2))"),
        );
    }
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
    let mut zh = format!(
        "{y} 年服务企业 {} 家 {op} {p} 年 {} 家（第十四条第二项）",
        fmt::count(now.count),
        fmt::count(before.count)
    );
    let mut en = format!(
        "{} enterprises served in {y} {op} {} in {p} (Art. 14(2))",
        fmt::count(now.count),
        fmt::count(before.count)
    );
    let mut verdict = if grew { Verdict::Pass } else { Verdict::Fail };
    // Undated records belong to some year: the verdict stands only if it holds whichever of
    // the two years they belong to.
    if now.undated > 0 {
        let could_flip = if grew {
            now.count <= before.count + before.undated_extra
        } else {
            now.count + now.undated_extra > before.count
        };
        zh.push_str(&format!("；另有 {} 条记录无日期，未计入", now.undated));
        en.push_str(&format!(
            "; {} records without a date not counted",
            now.undated
        ));
        if could_flip {
            verdict = Verdict::Review;
            zh.push_str("，可能改变结论");
            en.push_str(", which could change the verdict");
        }
    }
    if !log.is_complete() {
        let (z, e) = unread_clause(log, SERVICE_LOG);
        verdict = Verdict::Review;
        zh.push_str(&format!("；{z}，未读部分可能改变结论"));
        en.push_str(&format!("; {e}, which could change the verdict"));
    }
    out.verdict(verdict).msg(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn with(y: usize, prev: usize) -> Outcome {
        let mut f = facts();
        f.service_log_found = Found::read();
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
        f.service_log_found = Found::Absent;
        assert_verdict(&check(&app(f), &ctx()), Verdict::Review);
    }

    fn undated(n: usize) -> Vec<crate::model::ServiceRecord> {
        (0..n)
            .map(|i| crate::model::ServiceRecord {
                date: None,
                ..service(date(2022, 1, 1), &format!("无日期企业{i}"), None)
            })
            .collect()
    }

    #[test]
    fn undated_records_that_could_change_it_are_review() {
        // 56 > 55, but one undated enterprise placed in 2021 makes it 56 ≤ 56.
        let o = {
            let mut f = facts();
            f.service_log_found = Found::read();
            f.services = services(2022, 56);
            f.services.extend(services(2021, 55));
            f.services.extend(undated(1));
            check(&app(f), &ctx())
        };
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("无日期"), "{}", o.zh);
        // 57 > 55 + 1 holds wherever the undated one goes.
        let mut f = facts();
        f.service_log_found = Found::read();
        f.services = services(2022, 57);
        f.services.extend(services(2021, 55));
        f.services.extend(undated(1));
        assert_verdict(&check(&app(f), &ctx()), Verdict::Pass);
        // 55 ≤ 55 fails unless an undated one could be a new enterprise of 2022.
        let mut f = facts();
        f.service_log_found = Found::read();
        f.services = services(2022, 55);
        f.services.extend(services(2021, 55));
        f.services.extend(undated(1));
        assert_verdict(&check(&app(f), &ctx()), Verdict::Review);
        let mut f = facts();
        f.service_log_found = Found::read();
        f.services = services(2022, 50);
        f.services.extend(services(2021, 55));
        f.services.extend(undated(5));
        assert_verdict(&check(&app(f), &ctx()), Verdict::Fail);
    }

    #[test]
    fn unreadable_log_or_wrong_years_are_review() {
        use crate::model::{Evidence, Unread};
        let unread = Unread {
            evidence: Evidence::file("服务记录2021.xlsx"),
            zh: "已加密".into(),
            en: "encrypted".into(),
        };
        let mut f = facts();
        f.service_log_found = Found::Unreadable(vec![unread.clone()]);
        let o = check(&app(f), &ctx());
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("服务记录2021.xlsx"), "{}", o.zh);
        // 2022 read (60), 2021 unread: it could hold more than 60.
        let mut f = facts();
        f.service_log_found = Found::Read {
            unread: vec![unread],
        };
        f.services = services(2022, 60);
        f.services.extend(services(2021, 3));
        assert_verdict(&check(&app(f), &ctx()), Verdict::Review);
        // As-of 2024 (Y = 2023) on a log of 2021–2022: not "0 ≤ 55".
        let mut f = facts();
        f.service_log_found = Found::read();
        f.services = services(2022, 60);
        f.services.extend(services(2021, 55));
        let o = check(&app(f), &Context::new(rules(), date(2024, 6, 30)));
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("2021、2022"), "{}", o.zh);
    }
}
