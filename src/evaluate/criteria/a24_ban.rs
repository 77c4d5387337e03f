//! `A24.ban` — Art. 24: a unit whose title was revoked for false declaration or other illegal
//! or irregular acts (虚假申报等违法违规行为) may not apply for 3 years.
//!
//! From the history file: a revocation on date D whose reason contains one of the rules file's
//! `history.ban_reasons` (虚假, 造假, 违法, 违规 …) bars the unit while as-of < D + 3 years →
//! fail. The article names 虚假申报 "and other" illegal acts, so the ban is wider than false
//! declaration alone (SPEC §4 mentions only 虚假; the regulation wins). A revocation after a
//! failed inspection under Art. 25 (检查不合格) carries no ban. A revocation inside the window
//! with no reason, or a banning revocation with no date → review. Without `--history` → n/a;
//! with it, no revocation → pass.
//!
//! Example: revoked 2021-09-01 for 虚假申报, as-of 2024-08-31 → fail; 2024-09-01 → pass.

use chrono::Months;

use crate::evaluate::{Context, Outcome, Verdict};
use crate::history::EventStatus;
use crate::model::{Applicant, Evidence};

pub const ID: &str = "A24.ban";
const ARTICLE: &str = "24";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let years = ctx.rules.thresholds.ban_years;
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass).threshold(years.to_string());
    let Some(history) = &ctx.history else {
        return out.verdict(Verdict::NotApplicable).msg(
            "未提供历史认定记录（--history），不检查撤销后禁止申报期（第二十四条）",
            "no history file (--history): a ban after revocation is not checked (Art. 24)",
        );
    };
    let form = &app.facts.form;
    let events = history.events_for(
        form.credit_code.as_ref().map(|c| c.value.as_str()),
        form.name.as_ref().map(|n| n.value.as_str()),
    );
    let ev = |line: u64| Evidence::file(format!("{}:{line}", history.source));
    let bans = &ctx.rules.history.ban_reasons;
    let mut review: Option<(String, String, u64)> = None;
    let mut revocations = 0;
    for e in events.iter().filter(|e| e.status == EventStatus::Revoked) {
        revocations += 1;
        let reason = e.reason.trim();
        let banning = bans
            .iter()
            .any(|b| !b.is_empty() && reason.to_lowercase().contains(&b.to_lowercase()));
        let end = e
            .date
            .and_then(|d| d.checked_add_months(Months::new(years * 12)));
        if banning {
            match (e.date, end) {
                (Some(d), Some(end)) if ctx.as_of < end => {
                    return out.verdict(Verdict::Fail).value(d.to_string()).evidence([ev(e.line)]).msg(
                        format!("{d} 因“{reason}”被撤销示范平台称号，{years} 年内（{end} 前）不得申报（第二十四条）"),
                        format!("title revoked on {d} for \"{reason}\": no application for {years} years, until {end} (Art. 24)"),
                    );
                }
                (None, _) => {
                    review = Some((
                        format!(
                            "因“{reason}”被撤销示范平台称号，但无撤销日期，禁止申报期待核实（第二十四条）"
                        ),
                        format!(
                            "title revoked for \"{reason}\" with no date: the ban period needs checking (Art. 24)"
                        ),
                        e.line,
                    ));
                }
                _ => {}
            }
        } else if reason.is_empty() && end.is_none_or(|end| ctx.as_of < end) {
            review = Some((
                "示范平台称号曾被撤销但未注明原因，是否属虚假申报等违法违规行为待核实（第二十四条）".to_string(),
                "title revoked without a stated reason: whether Art. 24's ban applies needs checking (Art. 24)".to_string(),
                e.line,
            ));
        }
    }
    if let Some((z, e, line)) = review {
        return out.verdict(Verdict::Review).evidence([ev(line)]).msg(z, e);
    }
    if revocations == 0 {
        out.msg(
            "历史记录中无撤销记录（第二十四条）",
            "no revocation in the history (Art. 24)",
        )
    } else {
        out.msg(
            "曾被撤销称号，但不属虚假申报等违法违规情形或已满禁止申报期（第二十四条）",
            "revoked before, but not for false declaration or other illegal acts, or the ban has ended (Art. 24)",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::history::History;
    use chrono::NaiveDate;

    const HEAD: &str = "credit_code,name,round,status,date,reason\n";

    fn run(rows: Option<&str>, as_of: NaiveDate) -> Outcome {
        let mut f = facts();
        f.form.credit_code = src(CODE_ENTERPRISE.to_string());
        let mut c = Context::new(rules(), as_of);
        c.history =
            rows.map(|r| History::parse(format!("{HEAD}{r}").as_bytes(), "history.csv").unwrap());
        check(&app(f), &c)
    }

    #[test]
    fn without_history_not_applicable_and_without_events_pass() {
        assert_verdict(&run(None, date(2023, 6, 30)), Verdict::NotApplicable);
        assert_verdict(&run(Some(""), date(2023, 6, 30)), Verdict::Pass);
    }

    #[test]
    fn false_declaration_bans_for_three_years_to_the_day() {
        let r = format!("{CODE_ENTERPRISE},甲,2020,revoked,2021-09-01,虚假申报\n");
        assert_verdict(&run(Some(&r), date(2024, 8, 31)), Verdict::Fail);
        assert_verdict(&run(Some(&r), date(2024, 9, 1)), Verdict::Pass);
    }

    #[test]
    fn other_illegal_acts_ban_too_but_failed_inspection_does_not() {
        let r = format!("{CODE_ENTERPRISE},甲,2020,revoked,2022-09-01,违规收费\n");
        assert_verdict(&run(Some(&r), date(2023, 6, 30)), Verdict::Fail);
        let r = format!("{CODE_ENTERPRISE},甲,2020,revoked,2022-09-01,年度检查不合格\n");
        assert_verdict(&run(Some(&r), date(2023, 6, 30)), Verdict::Pass);
    }

    #[test]
    fn missing_reason_or_date_is_review() {
        let r = format!("{CODE_ENTERPRISE},甲,2020,revoked,2022-09-01,\n");
        assert_verdict(&run(Some(&r), date(2023, 6, 30)), Verdict::Review);
        let r = format!("{CODE_ENTERPRISE},甲,2020,revoked,,虚假申报\n");
        assert_verdict(&run(Some(&r), date(2023, 6, 30)), Verdict::Review);
    }
}
