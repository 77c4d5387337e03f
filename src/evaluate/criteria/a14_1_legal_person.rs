//! `A14.1.legal_person` — Art. 14(1): the operating unit has independent legal personality
//! (运营单位具有独立法人资格).
//!
//! Read from the form's unified social credit code (GB 32100-2015): pass when the code is
//! well-formed, its check character is right and it names a known kind of legal person
//! (enterprise, 事业单位, 民办非企业单位, 社会团体, 基金会). Fail for a 个体工商户 code (92…):
//! an individual business is not a legal person. Review when the code is missing or malformed,
//! when the check character is wrong (early pilot codes exist; the other criteria still use the
//! code's parts), or when the code does not say what kind of unit it is.
//!
//! Example: `91370102MA3C4XXL18` → pass; `91370102MA3C4XXL19` (bad check) → review.

use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::{Applicant, Lang, OrgType};
use crate::values::CreditCode;

pub const ID: &str = "A14.1.legal_person";
const ARTICLE: &str = "14(1)";

pub fn check(app: &Applicant, _ctx: &Context) -> Outcome {
    let form = &app.facts.form;
    let Some(raw) = form.credit_code.as_ref() else {
        return Outcome::new(ID, ARTICLE, Verdict::Review).msg(
            "推荐表未填统一社会信用代码，无法确认法人资格（第十四条第一项）",
            "no credit code on the form: legal personality cannot be confirmed (Art. 14(1))",
        );
    };
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass).evidence([raw.evidence.clone()]);
    let code = match CreditCode::parse(&raw.value) {
        Ok(c) => c,
        Err(e) => {
            return out.verdict(Verdict::Review).msg(
                format!("统一社会信用代码“{}”无效：{e}（第十四条第一项）", raw.value),
                format!(
                    "credit code \"{}\" is malformed ({e}) (Art. 14(1))",
                    raw.value
                ),
            );
        }
    };
    if code.code.starts_with("92") {
        return out.verdict(Verdict::Fail).msg(
            format!("统一社会信用代码 {} 为个体工商户，不具有独立法人资格（第十四条第一项）", code.code),
            format!("credit code {} is an individual business (个体工商户), not a legal person (Art. 14(1))", code.code),
        );
    }
    if !code.checksum_ok {
        return out.verdict(Verdict::Review).msg(
            format!(
                "统一社会信用代码 {} 校验位不符，请核对营业执照或法人证书（第十四条第一项）",
                code.code
            ),
            format!(
                "credit code {} has a wrong check character; check the licence (Art. 14(1))",
                code.code
            ),
        );
    }
    match code.org_type() {
        Some(t) if t != OrgType::Other => out.msg(
            format!("统一社会信用代码 {} 有效，单位类型为{}（第十四条第一项）", code.code, t.label(Lang::Zh)),
            format!("credit code {} is valid; the unit is a {} (Art. 14(1))", code.code, t.label(Lang::En)),
        ),
        _ => out.verdict(Verdict::Review).msg(
            format!("统一社会信用代码 {} 未显示法人类型，请核对登记证书（第十四条第一项）", code.code),
            format!("credit code {} does not show a kind of legal person; check the registration certificate (Art. 14(1))", code.code),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn with(code: Option<&str>) -> Outcome {
        let mut f = facts();
        f.form.credit_code = code.and_then(|c| src(c.to_string()));
        check(&app(f), &ctx())
    }

    #[test]
    fn valid_codes_pass() {
        assert_verdict(&with(Some(CODE_ENTERPRISE)), Verdict::Pass);
        assert_verdict(&with(Some(CODE_INSTITUTION)), Verdict::Pass);
        assert_verdict(&with(Some(CODE_PRIVATE_NON_ENTERPRISE)), Verdict::Pass);
    }

    #[test]
    fn wrong_check_character_is_review_not_fail() {
        assert_verdict(&with(Some(CODE_BAD_CHECK)), Verdict::Review);
    }

    #[test]
    fn missing_or_malformed_is_review() {
        assert_verdict(&with(None), Verdict::Review);
        assert_verdict(&with(Some("9137010")), Verdict::Review);
        assert_verdict(&with(Some("91370102MA3C4XXLIO")), Verdict::Review);
    }

    #[test]
    fn individual_business_fails() {
        assert_verdict(&with(Some(CODE_INDIVIDUAL)), Verdict::Fail);
    }
}
