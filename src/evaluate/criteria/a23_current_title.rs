//! `A23.current_title` — Art. 23: a recognition is valid for 3 years and the unit may apply
//! again in the year it expires (每次认定有效期为3年，在有效期满当年可再次申报).
//!
//! From the history file: a title recognised in round R is current while the as-of year is
//! before R + 3 → fail (the message says when the unit may apply again). A title revoked later
//! (for any reason; a revoked row's round is the round that awarded the title) is no longer
//! current. Without `--history` → n/a; with it, a unit with no events passes. Units are matched
//! by credit code, else by name.
//!
//! Example: recognised in 2021, as-of 2023-06-30 → fail (may apply in 2024); as-of 2024 → pass.

use chrono::Datelike;

use crate::evaluate::{Context, Outcome, Verdict};
use crate::history::EventStatus;
use crate::model::{Applicant, Evidence};

pub const ID: &str = "A23.current_title";
const ARTICLE: &str = "23";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let years = ctx.rules.thresholds.recognition_years as i32;
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass).threshold(years.to_string());
    let Some(history) = &ctx.history else {
        return out.verdict(Verdict::NotApplicable).msg(
            "未提供历史认定记录（--history），不检查有效期内重复申报（第二十三条）",
            "no history file (--history): a current title is not checked (Art. 23)",
        );
    };
    let form = &app.facts.form;
    let events = history.events_for(
        form.credit_code.as_ref().map(|c| c.value.as_str()),
        form.name.as_ref().map(|n| n.value.as_str()),
    );
    let ev = |line: u64| Evidence::file(format!("{}:{line}", history.source));
    let revoked_rounds: Vec<Option<i32>> = events
        .iter()
        .filter(|e| e.status == EventStatus::Revoked)
        .map(|e| e.round)
        .collect();
    let mut current = Vec::new();
    let mut past = Vec::new();
    for e in events
        .iter()
        .filter(|e| e.status == EventStatus::Recognised)
    {
        let Some(round) = e.round.or(e.date.map(|d| d.year())) else {
            continue;
        };
        let revoked = revoked_rounds.contains(&Some(round))
            || (revoked_rounds.contains(&None)
                && events.iter().any(|r| {
                    r.status == EventStatus::Revoked
                        && r.round.is_none()
                        && r.date.is_some_and(|d| d.year() >= round)
                }));
        if revoked {
            past.push((round, e.line, true));
        } else if ctx.as_of.year() < round + years {
            current.push((round, e.line));
        } else {
            past.push((round, e.line, false));
        }
    }
    if let Some(&(round, line)) = current.iter().max() {
        return out.verdict(Verdict::Fail).value(round.to_string()).evidence([ev(line)]).msg(
            format!("{round} 年度已认定为示范平台，有效期内不得重复申报，{} 年可再次申报（第二十三条）", round + years),
            format!("recognised in the {round} round and still current: may apply again in {} (Art. 23)", round + years),
        );
    }
    if events.is_empty() {
        return out.msg(
            "历史记录中无该单位的认定记录（第二十三条）",
            "no recognition of this unit in the history (Art. 23)",
        );
    }
    let list: Vec<String> = past
        .iter()
        .map(|(r, _, revoked)| {
            if *revoked {
                format!("{r}（已撤销）")
            } else {
                format!("{r}（已期满）")
            }
        })
        .collect();
    let list_en: Vec<String> = past
        .iter()
        .map(|(r, _, revoked)| format!("{r} ({})", if *revoked { "revoked" } else { "expired" }))
        .collect();
    out.evidence(past.iter().map(|(_, l, _)| ev(*l))).msg(
        format!(
            "无有效期内的认定：{}（第二十三条）",
            if list.is_empty() {
                "无".to_string()
            } else {
                list.join("、")
            }
        ),
        format!(
            "no current title: {} (Art. 23)",
            if list_en.is_empty() {
                "none".to_string()
            } else {
                list_en.join(", ")
            }
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::history::History;
    use chrono::NaiveDate;

    fn run(history: Option<&str>, as_of: NaiveDate) -> Outcome {
        let mut f = facts();
        f.form.credit_code = src(CODE_ENTERPRISE.to_string());
        let mut c = Context::new(rules(), as_of);
        c.history = history.map(|h| History::parse(h.as_bytes(), "history.csv").unwrap());
        check(&app(f), &c)
    }

    const HEAD: &str = "credit_code,name,round,status,date,reason\n";

    #[test]
    fn without_history_not_applicable() {
        assert_verdict(&run(None, date(2023, 6, 30)), Verdict::NotApplicable);
    }

    #[test]
    fn history_without_events_passes() {
        let h = format!("{HEAD}91370102MA3C4XXL1R,别家,2021,recognised,2021-12-01,\n");
        assert_verdict(&run(Some(&h), date(2023, 6, 30)), Verdict::Pass);
    }

    #[test]
    fn current_until_the_year_it_expires() {
        let h = format!("{HEAD}{CODE_ENTERPRISE},甲,2021,recognised,2021-12-01,\n");
        let o = run(Some(&h), date(2023, 12, 31));
        assert_verdict(&o, Verdict::Fail);
        assert!(o.zh.contains("2024"), "{}", o.zh);
        assert_verdict(&run(Some(&h), date(2024, 1, 1)), Verdict::Pass);
    }

    #[test]
    fn revoked_title_is_no_longer_current() {
        let h = format!(
            "{HEAD}{CODE_ENTERPRISE},甲,2021,recognised,2021-12-01,\n{CODE_ENTERPRISE},甲,2021,revoked,2022-05-01,检查不合格\n"
        );
        assert_verdict(&run(Some(&h), date(2023, 6, 30)), Verdict::Pass);
    }
}
