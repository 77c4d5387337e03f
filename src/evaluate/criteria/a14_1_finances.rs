//! `A14.1.finances` — Art. 14(1): the unit's finances are sound (财务收支状况良好).
//!
//! From the audit report of year Y (chosen as for `A14.1.total_assets`): fail when net assets
//! (净资产/所有者权益合计, or total assets − total liabilities) are ≤ 0; review on a net loss
//! (净利润, or a non-enterprise's 本年盈余, < 0) or a non-standard opinion (保留意见, 否定意见,
//! 无法表示意见, or an emphasis-of-matter / other-matter / going-concern paragraph, whose first
//! sentence the message quotes), or when the report is missing, unreadable, of another year or
//! of a year that could not be read (even with net assets ≤ 0: they may be another year's), or
//! shows no net assets, no profit line or no opinion that could be read; pass otherwise.
//!
//! Example: net assets 320,000.00, net profit −15,000.00 → review (net loss).

use crate::evaluate::measure::{AuditYear, choose_audit};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, Evidence, Opinion, unverified};

pub const ID: &str = "A14.1.finances";
const ARTICLE: &str = "14(1)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let y = ctx.year();
    let choice = choose_audit(&app.facts, y);
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass).threshold(">0");
    let Some(report) = choice.report else {
        let (z, e) = if app.facts.audits.is_empty() {
            (
                "未提交审计报告，财务状况无法核实（第十四条第一项）".to_string(),
                "no audit report: finances unverified (Art. 14(1))".to_string(),
            )
        } else {
            let (z, e) = choice
                .unreadable
                .first()
                .map(|a| a.status.reason())
                .unwrap_or_else(|| ("无法读取".into(), "cannot be read".into()));
            (
                format!("审计报告{z}，财务状况无法核实（第十四条第一项）"),
                format!("the audit report {e}: finances unverified (Art. 14(1))"),
            )
        };
        let files = app
            .facts
            .audits
            .iter()
            .map(|a| Evidence::file(a.file.clone()));
        return out.verdict(Verdict::Review).evidence(files).msg(z, e);
    };
    let net_assets = match (
        &report.net_assets,
        &report.total_assets,
        &report.total_liabilities,
    ) {
        (Some(n), _, _) => Some((n.value, vec![n.evidence.clone()])),
        (None, Some(a), Some(l)) => Some((
            a.value - l.value,
            vec![a.evidence.clone(), l.evidence.clone()],
        )),
        _ => None,
    };
    let mut out = out;
    let mut zh = Vec::new();
    let mut en = Vec::new();
    let mut verdict = Verdict::Pass;
    match &net_assets {
        Some((v, ev)) => {
            out = out.value(fmt::plain(*v)).evidence(ev.iter().cloned());
            if *v <= rust_decimal::Decimal::ZERO {
                verdict = Verdict::Fail;
                zh.push(format!("净资产 {} 元 ≤ 0", fmt::money(*v)));
                en.push(format!("net assets {} yuan ≤ 0", fmt::money(*v)));
            } else {
                zh.push(format!("净资产 {} 元 > 0", fmt::money(*v)));
                en.push(format!("net assets {} yuan > 0", fmt::money(*v)));
            }
        }
        None => {
            verdict = Verdict::Review;
            // Read by OCR but not verified (SPEC §8.2): the readings and why.
            let readings: Vec<_> = ["net_assets", "total_assets", "total_liabilities"]
                .iter()
                .filter_map(|f| unverified(&report.unverified, f))
                .collect();
            if readings.is_empty() {
                zh.push("审计报告中未找到净资产".to_string());
                en.push("no net assets found in the audit report".to_string());
            }
            for u in readings {
                out = out.evidence([u.evidence.clone()]);
                zh.push(format!("净资产无法核实：{}", u.zh));
                en.push(format!("net assets unverified: {}", u.en));
            }
        }
    }
    // A profit line or an opinion that could not be read may hide a loss or a non-standard
    // report: unknown is review, never pass.
    if report.net_profit.is_none()
        && let Some(u) = unverified(&report.unverified, "net_profit")
    {
        verdict = verdict.and(Verdict::Review);
        out = out.evidence([u.evidence.clone()]);
        zh.push(format!("净利润无法核实：{}", u.zh));
        en.push(format!("net profit unverified: {}", u.en));
    } else if report.net_profit.is_none() {
        verdict = verdict.and(Verdict::Review);
        zh.push("审计报告中未读到净利润（本年盈余），不能确认是否亏损".to_string());
        en.push(
            "no net profit (surplus) read from the audit report, so a loss cannot be ruled out"
                .to_string(),
        );
    }
    if report.opinion.is_none() {
        verdict = verdict.and(Verdict::Review);
        zh.push("审计报告中未读到审计意见，不能确认是否为标准无保留意见".to_string());
        en.push(
            "no audit opinion read from the report, so it may not be a standard one".to_string(),
        );
    }
    if let Some(p) = &report.net_profit {
        out = out.evidence([p.evidence.clone()]);
        if p.value < rust_decimal::Decimal::ZERO {
            verdict = verdict.and(Verdict::Review);
            zh.push(format!(
                "净利润（本年盈余）{} 元为亏损",
                fmt::money(p.value)
            ));
            en.push(format!("net loss of {} yuan", fmt::money(p.value)));
        }
    }
    if let Some(o) = &report.opinion
        && o.value != Opinion::Standard
    {
        out = out.evidence([o.evidence.clone()]);
        verdict = verdict.and(Verdict::Review);
        let (z, e) = match o.value {
            Opinion::Qualified => ("保留意见", "qualified opinion"),
            Opinion::Adverse => ("否定意见", "adverse opinion"),
            Opinion::Disclaimer => ("无法表示意见", "disclaimer of opinion"),
            Opinion::UnqualifiedWithMatter => (
                "带强调事项段（或其他事项段）的无保留意见（非标准审计报告）",
                "unqualified with an emphasis-of-matter or other-matter paragraph (a non-standard report)",
            ),
            Opinion::Standard => ("", ""),
        };
        zh.push(format!("审计意见为{z}"));
        en.push(e.to_string());
    }
    if let Some(p) = &report.matter_paragraph {
        out = out.evidence([p.evidence.clone()]);
        verdict = verdict.and(Verdict::Review);
        zh.push(format!("请阅读该段（{}）：“{}”", p.evidence, p.value));
        en.push(format!(
            "read the paragraph ({}): \"{}\"",
            p.evidence, p.value
        ));
    }
    // A report of another or of an unknown year is no evidence of Y's finances either way.
    match choice.year {
        AuditYear::Exact => {}
        AuditYear::Unknown => {
            verdict = Verdict::Review;
            zh.push(format!("审计报告的年度无法读取，不能确认是否为 {y} 年度"));
            en.push(format!(
                "the audit report's year could not be read, so it may not be {y}'s"
            ));
        }
        AuditYear::Other(other) => {
            verdict = Verdict::Review;
            zh.push(format!("未提交 {y} 年度审计报告，所用报告为 {other} 年度"));
            en.push(format!("no audit report of {y}, used {other}'s"));
        }
    }
    out.verdict(verdict).msg(
        format!("{}（第十四条第一项）", zh.join("；")),
        format!("{} (Art. 14(1))", en.join("; ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{AuditReport, DocStatus, Sourced};

    fn with(edit: impl Fn(&mut AuditReport)) -> Outcome {
        let mut a = audit(2022, "2000000");
        a.net_assets = Some(Sourced::new(dec("500000"), ev("审计报告.pdf")));
        a.net_profit = Some(Sourced::new(dec("10000"), ev("审计报告.pdf")));
        a.opinion = Some(Sourced::new(Opinion::Standard, ev("审计报告.pdf")));
        edit(&mut a);
        let mut f = facts();
        f.audits = vec![a];
        check(&app(f), &ctx())
    }

    #[test]
    fn positive_net_assets_pass_and_zero_fails() {
        assert_verdict(&with(|_| {}), Verdict::Pass);
        let o = with(|a| a.net_assets = Some(Sourced::new(dec("0"), ev("审计报告.pdf"))));
        assert_verdict(&o, Verdict::Fail);
        let o = with(|a| a.net_assets = Some(Sourced::new(dec("0.01"), ev("审计报告.pdf"))));
        assert_verdict(&o, Verdict::Pass);
    }

    #[test]
    fn net_assets_from_assets_minus_liabilities() {
        let o = with(|a| {
            a.net_assets = None;
            a.total_liabilities = Some(Sourced::new(dec("2100000"), ev("审计报告.pdf")));
        });
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "-100000");
    }

    #[test]
    fn loss_or_non_standard_opinion_is_review() {
        assert_verdict(
            &with(|a| a.net_profit = Some(Sourced::new(dec("-1"), ev("x")))),
            Verdict::Review,
        );
        assert_verdict(
            &with(|a| a.opinion = Some(Sourced::new(Opinion::Qualified, ev("x")))),
            Verdict::Review,
        );
    }

    #[test]
    fn an_unread_profit_line_or_opinion_is_review_never_pass() {
        let o = with(|a| a.net_profit = None);
        assert_verdict(&o, Verdict::Review);
        assert!(o.message(crate::model::Lang::Zh).contains("未读到净利润"));
        let o = with(|a| a.opinion = None);
        assert_verdict(&o, Verdict::Review);
        // Net assets ≤ 0 still fail whatever else is unknown.
        let o = with(|a| {
            a.opinion = None;
            a.net_assets = Some(Sourced::new(dec("-5"), ev("审计报告.pdf")));
        });
        assert_verdict(&o, Verdict::Fail);
    }

    #[test]
    fn an_emphasis_of_matter_paragraph_is_review_and_quoted() {
        let quote =
            "强调事项：我们提醒财务报表使用者关注，如财务报表附注二所述，贵公司2022年发生净亏损。";
        let o = with(|a| {
            a.opinion = Some(Sourced::new(Opinion::UnqualifiedWithMatter, ev("x")));
            a.matter_paragraph = Some(Sourced::new(quote.to_string(), ev("审计报告.pdf")));
        });
        assert_verdict(&o, Verdict::Review);
        assert!(o.message(crate::model::Lang::Zh).contains(quote), "{o:?}");
        assert!(o.message(crate::model::Lang::En).contains(quote), "{o:?}");
        assert!(
            o.message(crate::model::Lang::Zh)
                .contains("带强调事项段（或其他事项段）的无保留意见")
        );
    }

    #[test]
    fn missing_or_scanned_is_review() {
        assert_verdict(&with(|a| a.net_assets = None), Verdict::Review);
        assert_verdict(&with(|a| a.status = DocStatus::Encrypted), Verdict::Review);
        assert_verdict(&check(&app(facts()), &ctx()), Verdict::Review);
    }

    #[test]
    fn report_of_unreadable_or_other_year_is_review() {
        let o = with(|a| a.year = None);
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("年度无法读取"), "{}", o.zh);
        let o = with(|a| {
            a.year = None;
            a.net_assets = Some(Sourced::new(dec("-1"), ev("审计报告.pdf")));
        });
        assert_verdict(&o, Verdict::Review);
        let o = with(|a| {
            a.year = Some(Sourced::new(2021, ev("审计报告.pdf")));
            a.net_assets = Some(Sourced::new(dec("-1"), ev("审计报告.pdf")));
        });
        assert_verdict(&o, Verdict::Review);
    }
}
