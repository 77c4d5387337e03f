//! `A14.3.premises` — Art. 14(3): fixed business premises of at least 150 m²
//! (不少于150平方米的固定经营服务场所).
//!
//! The form's 服务场所面积 is the figure. Readable premises proofs (房产证, 租赁合同) cross-check
//! it per SPEC §4.4, the proof being the evidence. Several proofs (`measure::proof_area`):
//! different addresses add up (a unit may rent more than one floor); proofs of the same address
//! (a 房产证 and a 租赁合同 for one space) or without an address count once, the largest, and
//! the message says so. A form below the threshold with a proof above it is review (the form is
//! the figure; they disagree), never a pass. A scanned, encrypted or area-less proof leaves the
//! form's figure standing: the form alone decides (pass/fail), and review when the form gives
//! no area either.
//!
//! Example: form 160 m², lease 120 m² → review; form 160 m², lease 150 m² → pass; form 140 m²,
//! lease 200 m² → review; 房产证 100 m² and 租赁合同 100 m² for one address → 100 m².

use rust_decimal::Decimal;

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::{Meets, ProofArea, proof_area};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, Evidence};

pub const ID: &str = "A14.3.premises";
const ARTICLE: &str = "14(3)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let out = check_figures(app, ctx);
    // An area read by OCR that does not agree with the form (SPEC §8.2) may be of premises
    // that change the figure: review, with the reading.
    let readings: Vec<&crate::model::Unverified> = app
        .facts
        .premises_proofs
        .iter()
        .flat_map(|p| p.unverified.iter())
        .collect();
    if readings.is_empty() {
        return out;
    }
    let zh = format!(
        "{}；{}",
        out.zh,
        readings
            .iter()
            .map(|u| u.zh.as_str())
            .collect::<Vec<_>>()
            .join("；")
    );
    let en = format!(
        "{}; {}",
        out.en,
        readings
            .iter()
            .map(|u| u.en.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    out.verdict(Verdict::Review)
        .evidence(readings.iter().map(|u| u.evidence.clone()))
        .msg(zh, en)
}

fn check_figures(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.premises_area;
    let facts = &app.facts;
    let form = facts.form.premises_area.as_ref();
    let proofs = proof_area(&facts.premises_proofs);
    let meets = |v: Decimal| Meets::from_bool(v >= need);
    let mut out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(format!("≥{}", fmt::plain(need)))
        .evidence(form.map(|f| f.evidence.clone()));
    if let Some(p) = &proofs {
        out = out.evidence(p.evidence.iter().cloned());
    }
    if let Some(v) = form.map(|f| f.value).or(proofs.as_ref().map(|p| p.area)) {
        out = out.value(fmt::plain(v));
    }
    let Some(proofs) = proofs else {
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
    let proof = proofs.area;
    let (mut verdict, finding) = judge(
        Some(proof),
        form.map(|f| f.value),
        meets,
        ctx.rules.thresholds.declared_tolerance,
    );
    let op = if proof >= need { "≥" } else { "<" };
    let (mut tz, mut te) = tail(
        finding,
        form.map(|f| {
            (
                format!("{} 平方米", fmt::figure(f.value)),
                format!("{} m²", fmt::figure(f.value)),
            )
        }),
    );
    // The form's figure is the figure (§4.4): a form below the threshold is not passed by a
    // proof above it; the two disagree on the verdict, so a reviewer decides.
    if let Some(f) = form
        && meets(f.value) == Meets::No
        && meets(proof) == Meets::Yes
    {
        verdict = Verdict::Review;
        tz = format!(
            "；推荐表申报 {} 平方米 < {} 平方米，与证明不一致",
            fmt::figure(f.value),
            fmt::figure(need)
        );
        te = format!(
            "; the form declares {} m² < {} m², which disagrees with the proof",
            fmt::figure(f.value),
            fmt::figure(need)
        );
    }
    // Proofs without an address may be of other premises: if that could lift the figure over
    // the threshold, a fail is not certain.
    if verdict == Verdict::Fail && meets(proofs.upper) == Meets::Yes {
        verdict = Verdict::Review;
        tz.push_str(&format!(
            "；未注明地址的证明若为不同场所，合计可达 {} 平方米",
            fmt::figure(proofs.upper)
        ));
        te.push_str(&format!(
            "; if the proofs without an address were of other premises they would add up to {} m²",
            fmt::figure(proofs.upper)
        ));
    }
    let (cz, ce) = counted_once(&proofs);
    out.verdict(verdict).finding(finding).msg(
        format!(
            "场所证明面积 {} 平方米 {op} {} 平方米（第十四条第三项）{cz}{tz}",
            fmt::figure(proof),
            fmt::figure(need)
        ),
        format!(
            "premises proof shows {} m² {op} {} m² (Art. 14(3)){ce}{te}",
            fmt::figure(proof),
            fmt::figure(need)
        ),
    )
}

/// How the proofs were counted, when not simply added up (zh, en).
fn counted_once(p: &ProofArea) -> (String, String) {
    let mut zh = String::new();
    let mut en = String::new();
    if p.same_address > 0 {
        zh.push_str(&format!(
            "；{} 份证明与另一份地址相同，同一场所只计一次（取最大）",
            p.same_address
        ));
        en.push_str(&format!(
            "; {} proofs share an address with another: one premises counted once (the largest)",
            p.same_address
        ));
    }
    if p.unaddressed > 0 && p.proofs > 1 {
        zh.push_str(&format!(
            "；{} 份证明未读到地址，可能为同一场所，不累加（取最大）",
            p.unaddressed
        ));
        en.push_str(&format!(
            "; {} proofs show no address and may be of the same premises: not added up (the largest counts)",
            p.unaddressed
        ));
    }
    (zh, en)
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
            unverified: Vec::new(),
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

    fn at(area: &str, address: Option<&str>) -> PremisesProof {
        PremisesProof {
            address: address.map(str::to_string),
            ..proof(Some(area), DocStatus::Readable)
        }
    }

    #[test]
    fn one_premises_proved_twice_counts_once() {
        // A 房产证 and a 租赁合同 for the same 100 m² are not 200 m².
        let o = with(
            None,
            vec![
                at("100", Some("山东省济南市历下区经十路100号501室")),
                at("100", Some("济南市历下区经十路 100 号 501 室")),
            ],
        );
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "100");
        assert!(o.zh.contains("只计一次"), "{}", o.zh);
        // Rooms 501 and 502 are different premises: 90 + 80 = 170.
        let o = with(
            None,
            vec![
                at("90", Some("历下区经十路100号501室")),
                at("80", Some("历下区经十路100号502室")),
            ],
        );
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "170");
        // The form's 160 against 2 × 100 at one address: the proof shows 100 → review.
        let o = with(
            Some("160"),
            vec![
                at("100", Some("经十路100号")),
                at("100", Some("经十路100号")),
            ],
        );
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("160") && o.zh.contains("100"), "{}", o.zh);
    }

    #[test]
    fn proofs_without_an_address_count_once_but_could_add_up() {
        // Form 150, two proofs of 100 without address: could be one 100 m² space → review.
        let o = with(Some("150"), vec![at("100", None), at("100", None)]);
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("不累加"), "{}", o.zh);
        // No form: 100 (largest) misses, 200 (sum) would meet → review, not fail.
        let o = with(None, vec![at("100", None), at("100", None)]);
        assert_verdict(&o, Verdict::Review);
        // 70 + 70 cannot reach 150 either way → fail.
        assert_verdict(
            &with(None, vec![at("70", None), at("70", None)]),
            Verdict::Fail,
        );
    }

    #[test]
    fn form_below_threshold_is_not_passed_by_a_larger_proof() {
        let o = with(Some("140"), vec![proof(Some("200"), DocStatus::Readable)]);
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("140") && o.zh.contains("200"), "{}", o.zh);
        assert!(o.en.contains("140") && o.en.contains("200"), "{}", o.en);
        // At the boundary: form 149.99 with a proof of 150 → review; 150 with 150 → pass.
        assert_verdict(
            &with(
                Some("149.99"),
                vec![proof(Some("150"), DocStatus::Readable)],
            ),
            Verdict::Review,
        );
        assert_verdict(
            &with(Some("150"), vec![proof(Some("150"), DocStatus::Readable)]),
            Verdict::Pass,
        );
    }
}
