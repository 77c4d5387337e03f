//! `X.licence_code` — SPEC §8.3: the unified social credit code read from the licence
//! (营业执照, 法人证书, 登记证书; text layer or OCR, taken only with a valid check character)
//! against the form's code.
//!
//! Pass when every code read equals the form's; review when one differs (both codes in the
//! message) or the form gives no code to compare; n/a when no licence code could be read (the
//! reason is a problem row, and is repeated here). Blocking like the other X.* rows.
//!
//! Example: licence 91370102MA3C4XXL18, form 91370102MA3C4XXL18 → pass; form
//! 91370100MA3C4XXL1X → review naming both.

use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::Applicant;
use crate::values::CreditCode;

pub const ID: &str = "X.licence_code";
const ARTICLE: &str = "19(1)";

/// A code as compared: NFKC, no spaces, upper case.
fn normal(code: &str) -> String {
    CreditCode::parse(code).map_or_else(
        |_| {
            code.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_uppercase)
                .collect()
        },
        |c| c.code,
    )
}

pub fn check(app: &Applicant, _ctx: &Context) -> Outcome {
    let facts = &app.facts;
    let form = facts.form.credit_code.as_ref();
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .evidence(facts.licence_codes.iter().map(|c| c.code.evidence.clone()))
        .evidence(form.map(|f| f.evidence.clone()));
    if facts.licence_codes.is_empty() {
        let (zh, en) = if facts.licence_code_missing.is_empty() {
            (
                "未读到营业执照（法人证书）上的统一社会信用代码（未提交或无法读取），不作比对".to_string(),
                "no credit code read from a licence (none submitted or none readable): not compared"
                    .to_string(),
            )
        } else {
            let (z, e) = crate::model::Found::Unreadable(facts.licence_code_missing.clone())
                .describe_unread();
            (
                format!("未读到营业执照上的统一社会信用代码：{z}，不作比对"),
                format!("no credit code read from the licence: {e}; not compared"),
            )
        };
        return out.verdict(Verdict::NotApplicable).msg(zh, en);
    }
    let Some(form) = form.filter(|f| !f.value.trim().is_empty()) else {
        let read = facts
            .licence_codes
            .iter()
            .map(|c| format!("{}（{}）", c.code.value, c.code.evidence))
            .collect::<Vec<_>>();
        return out.verdict(Verdict::Review).msg(
            format!(
                "推荐表未填统一社会信用代码，无法与营业执照上的代码 {} 比对",
                read.join("、")
            ),
            format!(
                "the form gives no credit code to compare with the licence's {}",
                read.join(", ")
            ),
        );
    };
    let want = normal(&form.value);
    let differ: Vec<_> = facts
        .licence_codes
        .iter()
        .filter(|c| normal(&c.code.value) != want)
        .collect();
    if differ.is_empty() {
        let first = &facts.licence_codes[0].code;
        return out.value(want.clone()).msg(
            format!(
                "营业执照统一社会信用代码 {}（{}）与推荐表一致",
                first.value, first.evidence
            ),
            format!(
                "the licence's credit code {} ({}) equals the form's",
                first.value, first.evidence
            ),
        );
    }
    let zh: Vec<String> = differ
        .iter()
        .map(|c| format!("{}（{}）", c.code.value, c.code.evidence))
        .collect();
    let en: Vec<String> = differ
        .iter()
        .map(|c| format!("{} ({})", c.code.value, c.code.evidence))
        .collect();
    out.verdict(Verdict::Review).value(want.clone()).msg(
        format!(
            "营业执照统一社会信用代码 {} 与推荐表 {}（{}）不一致，请核实",
            zh.join("、"),
            form.value.trim(),
            form.evidence
        ),
        format!(
            "the licence's credit code {} differs from the form's {} ({}); check",
            en.join(", "),
            form.value.trim(),
            form.evidence
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{Evidence, LicenceCode, Sourced, Unread};

    fn with(form: Option<&str>, licence: Option<&str>) -> Outcome {
        let mut f = facts();
        f.form.credit_code = form.and_then(|c| src(c.to_string()));
        f.licence_codes = licence
            .map(|c| LicenceCode {
                code: Sourced::new(c.to_string(), Evidence::ocr_page("营业执照.pdf", 1)),
            })
            .into_iter()
            .collect();
        check(&app(f), &ctx())
    }

    #[test]
    fn equal_codes_pass_and_different_codes_are_review_naming_both() {
        let o = with(Some(CODE_ENTERPRISE), Some(CODE_ENTERPRISE));
        assert_verdict(&o, Verdict::Pass);
        // Written with spaces and in lower case on the form: the same code.
        let o = with(Some("91370102ma3c4xxl18 "), Some(CODE_ENTERPRISE));
        assert_verdict(&o, Verdict::Pass);
        let o = with(Some(CODE_LAIWU), Some(CODE_ENTERPRISE));
        assert_verdict(&o, Verdict::Review);
        assert!(
            o.zh.contains(CODE_LAIWU) && o.zh.contains(CODE_ENTERPRISE),
            "{}",
            o.zh
        );
        assert!(o.zh.contains("营业执照.pdf p.1 (OCR)"), "{}", o.zh);
        // No code on the form: nothing to compare, review.
        assert_verdict(&with(None, Some(CODE_ENTERPRISE)), Verdict::Review);
    }

    #[test]
    fn no_licence_code_is_not_applicable_with_the_reason() {
        assert_verdict(&with(Some(CODE_ENTERPRISE), None), Verdict::NotApplicable);
        let mut f = facts();
        f.form.credit_code = src(CODE_ENTERPRISE.to_string());
        f.licence_code_missing.push(Unread {
            evidence: Evidence::file("营业执照.pdf"),
            zh: "营业执照中识别到的统一社会信用代码无效".into(),
            en: "invalid".into(),
        });
        let o = check(&app(f), &ctx());
        assert_verdict(&o, Verdict::NotApplicable);
        assert!(
            o.zh.contains("营业执照.pdf（营业执照中识别到的统一社会信用代码无效）"),
            "{}",
            o.zh
        );
    }
}
