//! `A14.3.partners` — Art. 14(3): at least 5 partner service organisations
//! (协作服务机构5家以上).
//!
//! The evidence is the number of agreement files found (a `合作协议/` folder, files named
//! 合作协议*/协作协议*), each file one agreement; the form's 协作服务机构数 is the declared figure,
//! compared per SPEC §4.4. No agreement file at all is missing evidence (Art. 19(5) asks for
//! the copies; A19.5 is review): review, unless the form's own figure misses.
//!
//! Example: 4 agreements, form declares 6 → review; 4 agreements, form says 4 → fail; no
//! agreement file → review.

use rust_decimal::Decimal;

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::Meets;
use crate::evaluate::{Context, Outcome};
use crate::model::Applicant;

pub const ID: &str = "A14.3.partners";
const ARTICLE: &str = "14(3)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.partners;
    let facts = &app.facts;
    let found = facts.agreements.len() as u64;
    let declared = facts.form.partners.as_ref();
    let meets = |v: Decimal| Meets::from_bool(v >= Decimal::from(need));
    let (verdict, finding) = judge(
        (found > 0).then(|| Decimal::from(found)),
        declared.map(|d| Decimal::from(d.value)),
        meets,
        ctx.rules.thresholds.declared_tolerance,
    );
    let op = if found >= need { "≥" } else { "<" };
    let (tz, te) = tail(
        finding,
        declared.map(|d| (format!("{} 家", d.value), d.value.to_string())),
    );
    Outcome::new(ID, ARTICLE, verdict)
        .finding(finding)
        .value(if found > 0 {
            found.to_string()
        } else {
            String::new()
        })
        .threshold(format!("≥{need}"))
        .evidence(facts.agreements.iter().take(20).cloned())
        .evidence(declared.map(|d| d.evidence.clone()))
        .msg(
            format!("合作协议 {found} 份 {op} {need} 家（第十四条第三项）{tz}"),
            format!("{found} partner agreements {op} {need} (Art. 14(3)){te}"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::Verdict;
    use crate::evaluate::testkit::*;

    fn with(files: usize, declared: Option<u64>) -> Outcome {
        let mut f = facts();
        f.agreements = (0..files)
            .map(|i| ev(&format!("合作协议/协议{i}.pdf")))
            .collect();
        f.form.partners = declared.and_then(src);
        check(&app(f), &ctx())
    }

    #[test]
    fn boundary_4_fails_5_passes() {
        assert_verdict(&with(4, None), Verdict::Fail);
        assert_verdict(&with(5, None), Verdict::Pass);
        assert_verdict(&with(5, Some(5)), Verdict::Pass);
    }

    #[test]
    fn declaration_against_files() {
        let o = with(4, Some(6));
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains('6') && o.zh.contains('4'), "{}", o.zh);
        assert_verdict(&with(4, Some(4)), Verdict::Fail);
        assert_verdict(&with(5, Some(8)), Verdict::Review);
        assert_verdict(&with(0, None), Verdict::Review);
        assert_verdict(&with(0, Some(5)), Verdict::Review);
        assert_verdict(&with(0, Some(3)), Verdict::Fail);
    }
}
