//! `A2.registered` — Art. 2: the operating unit's registered address is in Jinan (注册地址为济南).
//!
//! Pass when the credit code's administrative division (characters 3–6) is one of the rules
//! file's `document.divisions` (3701 Jinan, 3712 the former Laiwu, now Jinan) or the form's
//! address contains one of `document.address_keywords` (济南, or an unambiguous Jinan district).
//! Fail when the code names another division and the address (if any) does not say Jinan.
//! Review when neither says: no code and no address, a province- or nation-level division
//! (370000, 100000: registered with a higher authority, the code cannot tell the city), or an
//! address without a Jinan keyword and no code.
//!
//! Example: `91370102…` (历下区) → pass; `91110000…` with address 北京市朝阳区… → fail.

use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::{Applicant, Evidence};
use crate::values::CreditCode;

pub const ID: &str = "A2.registered";
const ARTICLE: &str = "2";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let doc = &ctx.rules.document;
    let form = &app.facts.form;
    let code = form
        .credit_code
        .as_ref()
        .and_then(|c| CreditCode::parse(&c.value).ok());
    let division = code
        .as_ref()
        .map(|c| c.division().to_string())
        .filter(|d| d.len() == 6);
    let address = form
        .address
        .as_ref()
        .map(|a| a.value.trim())
        .filter(|a| !a.is_empty());
    let mut evidence: Vec<Evidence> = Vec::new();
    evidence.extend(form.credit_code.iter().map(|c| c.evidence.clone()));
    evidence.extend(form.address.iter().map(|a| a.evidence.clone()));
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass).evidence(evidence);

    let code_jinan = division
        .as_deref()
        .map(|d| doc.divisions.iter().any(|p| d.starts_with(p.as_str())));
    let address_jinan = address.map(|a| {
        doc.address_keywords
            .iter()
            .any(|k| !k.is_empty() && a.contains(k.as_str()))
    });
    let division_shown = division.clone().unwrap_or_default();
    let address_shown = address.unwrap_or("").to_string();

    if code_jinan == Some(true) {
        return out.msg(
            format!("统一社会信用代码行政区划 {division_shown} 属济南（第二条）"),
            format!("the credit code's division {division_shown} is in Jinan (Art. 2)"),
        );
    }
    if address_jinan == Some(true) {
        return out.msg(
            format!("注册地址“{address_shown}”在济南（第二条）"),
            format!("registered address \"{address_shown}\" is in Jinan (Art. 2)"),
        );
    }
    // A division ending in 0000 is province or nation level: the code does not name the city.
    let code_says_elsewhere = division.as_deref().is_some_and(|d| !d.ends_with("0000"));
    if code_says_elsewhere {
        let (az, ae) = match address {
            Some(a) => (
                format!("，注册地址“{a}”亦非济南"),
                format!(", and the address \"{a}\" is not in Jinan either"),
            ),
            None => (String::new(), String::new()),
        };
        return out.verdict(Verdict::Fail).msg(
            format!("统一社会信用代码行政区划 {division_shown} 不属济南{az}（第二条）"),
            format!("the credit code's division {division_shown} is not in Jinan{ae} (Art. 2)"),
        );
    }
    let (z, e) = match (address, division.as_deref()) {
        (Some(a), _) => (
            format!("注册地址“{a}”未显示济南，统一社会信用代码不能确认注册地（第二条）"),
            format!("the address \"{a}\" does not name Jinan and the credit code cannot confirm it (Art. 2)"),
        ),
        (None, Some(d)) => (
            format!("统一社会信用代码行政区划 {d} 为省级以上登记，推荐表未填注册地址（第二条）"),
            format!("the credit code's division {d} is province level or above and the form gives no address (Art. 2)"),
        ),
        (None, None) => (
            "推荐表无可用的统一社会信用代码和注册地址，无法确认注册地（第二条）".to_string(),
            "neither a usable credit code nor an address on the form: registration place unknown (Art. 2)".to_string(),
        ),
    };
    out.verdict(Verdict::Review).msg(z, e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn with(code: Option<&str>, address: Option<&str>) -> Outcome {
        let mut f = facts();
        f.form.credit_code = code.and_then(|c| src(c.to_string()));
        f.form.address = address.and_then(|a| src(a.to_string()));
        check(&app(f), &ctx())
    }

    #[test]
    fn jinan_and_laiwu_divisions_pass() {
        assert_verdict(&with(Some(CODE_ENTERPRISE), None), Verdict::Pass);
        assert_verdict(&with(Some(CODE_LAIWU), None), Verdict::Pass);
        assert_verdict(&with(Some(CODE_BAD_CHECK), None), Verdict::Pass);
    }

    #[test]
    fn address_in_jinan_passes_even_with_another_division() {
        assert_verdict(
            &with(Some(CODE_BEIJING), Some("山东省济南市历下区经十路1号")),
            Verdict::Pass,
        );
        assert_verdict(&with(None, Some("历城区工业北路1号")), Verdict::Pass);
    }

    #[test]
    fn another_city_fails() {
        let o = with(Some("91370200MA3C4XXL1X"), Some("青岛市市南区香港中路1号"));
        assert_verdict(&o, Verdict::Fail);
        assert!(o.zh.contains("370200"), "{}", o.zh);
    }

    #[test]
    fn nothing_to_go_on_or_province_level_is_review() {
        assert_verdict(&with(None, None), Verdict::Review);
        assert_verdict(&with(None, Some("北京市朝阳区")), Verdict::Review);
        assert_verdict(&with(Some("91370000MA3C4XXL1X"), None), Verdict::Review);
    }
}
