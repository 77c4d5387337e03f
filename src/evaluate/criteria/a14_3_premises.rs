//! `A14.3.premises` — Art. 14(3): fixed business premises of at least 150 m²
//! (不少于150平方米的固定经营服务场所).
//!
//! The form's 服务场所面积 is the figure. Readable premises proofs (房产证, 租赁合同) cross-check
//! it per SPEC §4.4, the proof being the evidence (areas of several proofs are added up: a unit
//! may rent more than one floor). A scanned, encrypted or area-less proof leaves the form's
//! figure standing: the form alone decides (pass/fail), and review when the form gives no area
//! either.
//!
//! Example: form 160 m², lease 120 m² → review; form 160 m², lease 150 m² → pass.

use rust_decimal::Decimal;

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::Meets;
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, Evidence};

pub const ID: &str = "A14.3.premises";
const ARTICLE: &str = "14(3)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.premises_area;
    let facts = &app.facts;
    let form = facts.form.premises_area.as_ref();
    let readable: Vec<_> = facts
        .premises_proofs
        .iter()
        .filter(|p| p.status.is_readable())
        .filter_map(|p| p.area.as_ref())
        .collect();
    let proof_area: Option<Decimal> =
        (!readable.is_empty()).then(|| readable.iter().map(|a| a.value).sum());
    let meets = |v: Decimal| Meets::from_bool(v >= need);
    let mut out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(format!("≥{}", fmt::plain(need)))
        .evidence(form.map(|f| f.evidence.clone()))
        .evidence(readable.iter().map(|a| a.evidence.clone()));
    if let Some(v) = form.map(|f| f.value).or(proof_area) {
        out = out.value(fmt::plain(v));
    }
    let Some(proof) = proof_area else {
        let unreadable: Vec<Evidence> = facts
            .premises_proofs
            .iter()
            .map(|p| Evidence::file(p.file.clone()))
            .collect();
        let (nz, ne) = if facts.premises_proofs.is_empty() {
            ("未提交场所证明", "no premises proof")
        } else {
            (
                "场所证明无法读取面积，以推荐表为准",
                "the premises proof shows no readable area; the form's figure stands",
            )
        };
        let out = out.evidence(unreadable);
        return match form {
            Some(f) if f.value >= need => out.msg(
                format!(
                    "推荐表服务场所面积 {} 平方米 ≥ {} 平方米（第十四条第三项）；{nz}",
                    fmt::figure(f.value),
                    fmt::figure(need)
                ),
                format!(
                    "premises of {} m² on the form ≥ {} m² (Art. 14(3)); {ne}",
                    fmt::figure(f.value),
                    fmt::figure(need)
                ),
            ),
            Some(f) => out.verdict(Verdict::Fail).msg(
                format!(
                    "推荐表服务场所面积 {} 平方米 < {} 平方米（第十四条第三项）",
                    fmt::figure(f.value),
                    fmt::figure(need)
                ),
                format!(
                    "premises of {} m² on the form < {} m² (Art. 14(3))",
                    fmt::figure(f.value),
                    fmt::figure(need)
                ),
            ),
            None => out.verdict(Verdict::Review).msg(
                format!(
                    "推荐表未填服务场所面积，{nz}（标准 {} 平方米，第十四条第三项）",
                    fmt::figure(need)
                ),
                format!(
                    "no premises area on the form, {ne} (threshold {} m², Art. 14(3))",
                    fmt::figure(need)
                ),
            ),
        };
    };
    let (verdict, finding) = judge(
        Some(proof),
        form.map(|f| f.value),
        meets,
        ctx.rules.thresholds.declared_tolerance,
    );
    let op = if proof >= need { "≥" } else { "<" };
    let (tz, te) = tail(
        finding,
        form.map(|f| {
            (
                format!("{} 平方米", fmt::figure(f.value)),
                format!("{} m²", fmt::figure(f.value)),
            )
        }),
    );
    out.verdict(verdict).msg(
        format!(
            "场所证明面积 {} 平方米 {op} {} 平方米（第十四条第三项）{tz}",
            fmt::figure(proof),
            fmt::figure(need)
        ),
        format!(
            "premises proof shows {} m² {op} {} m² (Art. 14(3)){te}",
            fmt::figure(proof),
            fmt::figure(need)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{DocStatus, PremisesProof, Sourced};

    fn proof(area: Option<&str>, status: DocStatus) -> PremisesProof {
        PremisesProof {
            file: "租赁合同.pdf".into(),
            status,
            area: area.map(|a| Sourced::new(dec(a), Evidence::page("租赁合同.pdf", 2))),
            address: None,
        }
    }

    fn with(form: Option<&str>, proofs: Vec<PremisesProof>) -> Outcome {
        let mut f = facts();
        f.form.premises_area = form.and_then(|a| src(dec(a)));
        f.premises_proofs = proofs;
        check(&app(f), &ctx())
    }

    #[test]
    fn form_figure_at_the_boundary() {
        let o = with(Some("149.99"), vec![]);
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "149.99");
        assert_verdict(&with(Some("150"), vec![]), Verdict::Pass);
    }

    #[test]
    fn readable_proof_cross_checks_the_form() {
        assert_verdict(
            &with(Some("160"), vec![proof(Some("150"), DocStatus::Readable)]),
            Verdict::Pass,
        );
        let o = with(Some("160"), vec![proof(Some("120"), DocStatus::Readable)]);
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("160") && o.zh.contains("120"), "{}", o.zh);
        assert_eq!(o.value, "160", "the report's figure is the form's");
        assert_verdict(
            &with(Some("200"), vec![proof(Some("150"), DocStatus::Readable)]),
            Verdict::Review,
        );
        assert_verdict(
            &with(Some("100"), vec![proof(Some("100"), DocStatus::Readable)]),
            Verdict::Fail,
        );
        assert_verdict(
            &with(None, vec![proof(Some("150"), DocStatus::Readable)]),
            Verdict::Pass,
        );
    }

    #[test]
    fn scanned_proof_leaves_the_form_standing() {
        assert_verdict(
            &with(Some("160"), vec![proof(None, DocStatus::Scanned)]),
            Verdict::Pass,
        );
        assert_verdict(
            &with(Some("140"), vec![proof(None, DocStatus::Scanned)]),
            Verdict::Fail,
        );
        assert_verdict(
            &with(None, vec![proof(None, DocStatus::Scanned)]),
            Verdict::Review,
        );
    }
}
