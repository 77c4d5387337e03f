//! `A14.1.total_assets` — Art. 14(1), 14(6): year-end total assets of year Y, from the audit
//! report, are at least 1,500,000 yuan (不低于150万元), or 1,000,000 yuan for units run by a
//! 事业单位, 民办非企业单位 or 社会团体 (Art. 14(6), the rules file's `relaxed_org_types`).
//!
//! The org type is the form's, checked against the one the credit code implies; when they
//! disagree (or neither says) and the figure meets only the relaxed threshold, the verdict is
//! review. The audit report of year Y is used; failing that, one whose year could not be read,
//! and the verdict is review (it may be of another year); failing that, the latest one, and the
//! verdict is review (wrong year). The form's declared
//! total assets are compared with the audit figure per SPEC §4.4. A scanned or encrypted audit
//! report is "unreadable evidence": review, unless the form's own figure misses.
//!
//! Example: `资产总额 1,485,000.00 元 < 1,500,000 元（第十四条第一项）` → fail.

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::{
    AuditYear, Relaxation, choose_audit, meets_relaxable, relaxation, relaxation_note,
};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, unverified};

pub const ID: &str = "A14.1.total_assets";
const ARTICLE: &str = "14(1),(6)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let t = &ctx.rules.thresholds;
    let y = ctx.year();
    let facts = &app.facts;
    let relax = relaxation(app, &ctx.rules);
    let strict = t.total_assets;
    let relaxed = t.total_assets_relaxed;
    let meets = |v| meets_relaxable(v >= strict, v >= relaxed, relax);
    let (threshold, art_zh, art_en) = match relax {
        Relaxation::Strict => (strict, "第十四条第一项", "Art. 14(1)"),
        Relaxation::Relaxed => (relaxed, "第十四条第六项", "Art. 14(6)"),
        _ => (strict, "第十四条第一、六项", "Art. 14(1),(6)"),
    };
    let threshold_cell = match relax {
        Relaxation::Strict | Relaxation::Relaxed => format!("≥{}", fmt::plain(threshold)),
        _ => format!("≥{}|≥{}", fmt::plain(strict), fmt::plain(relaxed)),
    };
    let choice = choose_audit(facts, y);
    let figure = choice.report.and_then(|r| r.total_assets.as_ref());
    let declared = facts.form.declared_assets.as_ref();
    let (mut verdict, finding) = judge(
        figure.map(|f| f.value),
        declared.map(|d| d.value),
        meets,
        t.declared_tolerance,
    );

    let mut out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(threshold_cell)
        .relaxed((relax != Relaxation::Strict).then_some(relaxed))
        .finding(finding);
    out = out.evidence(figure.map(|f| f.evidence.clone()));
    out = out.evidence(declared.map(|d| d.evidence.clone()));
    let (mut zh, mut en) = match figure {
        Some(f) => {
            out = out.value(fmt::plain(f.value));
            let op = if f.value >= threshold { "≥" } else { "<" };
            (
                format!(
                    "资产总额 {} 元 {op} {} 元（{art_zh}）",
                    fmt::money(f.value),
                    fmt::figure(threshold)
                ),
                format!(
                    "total assets {} yuan {op} {} yuan ({art_en})",
                    fmt::money(f.value),
                    fmt::figure(threshold)
                ),
            )
        }
        None => {
            let why: (String, String) = if facts.audits.is_empty() {
                ("未提交审计报告".into(), "no audit report submitted".into())
            } else if choice.report.is_none() {
                let (z, e) = choice
                    .unreadable
                    .first()
                    .map(|a| a.status.reason())
                    .unwrap_or_else(|| ("无法读取".into(), "cannot be read".into()));
                (format!("审计报告{z}"), format!("the audit report {e}"))
            } else if let Some(u) = choice
                .report
                .and_then(|r| unverified(&r.unverified, "total_assets"))
            {
                // Read by OCR but not verified (SPEC §8.2): the reading and why, never a verdict.
                out = out.evidence([u.evidence.clone()]);
                (u.zh.clone(), u.en.clone())
            } else {
                (
                    "审计报告中未找到资产总额".into(),
                    "no total assets found in the audit report".into(),
                )
            };
            for u in &choice.unreadable {
                out = out.evidence([crate::model::Evidence::file(u.file.clone())]);
            }
            (
                format!(
                    "{}，资产总额无法核实（标准 {} 元，{art_zh}）",
                    why.0,
                    fmt::figure(threshold)
                ),
                format!(
                    "{}: total assets unverified (threshold {} yuan, {art_en})",
                    why.1,
                    fmt::figure(threshold)
                ),
            )
        }
    };
    let (tz, te) = tail(
        finding,
        declared.map(|d| {
            (
                format!("{} 元", fmt::money(d.value)),
                format!("{} yuan", fmt::money(d.value)),
            )
        }),
    );
    zh.push_str(&tz);
    en.push_str(&te);
    let (nz, ne) = relaxation_note(relax);
    if verdict == Verdict::Review && !nz.is_empty() {
        zh.push_str(&nz);
        en.push_str(&ne);
    }
    if choice.report.is_some() {
        match choice.year {
            AuditYear::Exact => {}
            AuditYear::Unknown => {
                // The figure may be of another year: it cannot decide either way.
                if matches!(verdict, Verdict::Pass | Verdict::Fail) {
                    verdict = Verdict::Review;
                }
                zh.push_str(&format!(
                    "；审计报告的年度无法读取，不能确认是否为 {y} 年度"
                ));
                en.push_str(&format!(
                    "; the audit report's year could not be read, so it may not be {y}'s"
                ));
                if let Some(u) = choice
                    .report
                    .and_then(|r| unverified(&r.unverified, "year"))
                {
                    zh.push_str(&format!("（{}）", u.zh));
                    en.push_str(&format!(" ({})", u.en));
                }
            }
            AuditYear::Other(other) => {
                if matches!(verdict, Verdict::Pass | Verdict::Fail) {
                    verdict = Verdict::Review;
                }
                zh.push_str(&format!(
                    "；未提交 {y} 年度审计报告，所用报告为 {other} 年度"
                ));
                en.push_str(&format!(
                    "; no audit report of {y}, the figure is from {other}"
                ));
            }
        }
    }
    out.verdict(verdict).msg(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{AuditReport, DocStatus, Facts, OrgType};

    fn with(audits: Vec<AuditReport>, edit: impl Fn(&mut Facts)) -> Outcome {
        let mut f = facts();
        f.form.credit_code = src(CODE_ENTERPRISE.to_string());
        f.audits = audits;
        edit(&mut f);
        check(&app(f), &ctx())
    }

    #[test]
    fn boundary_one_cent_below_fails_and_exact_passes() {
        let o = with(vec![audit(2022, "1499999.99")], |_| {});
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "1499999.99");
        assert_eq!(o.threshold, "≥1500000");
        assert!(
            o.zh.contains("资产总额 1,499,999.99 元 < 1,500,000 元（第十四条第一项）"),
            "{}",
            o.zh
        );
        let o = with(vec![audit(2022, "1500000")], |_| {});
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "1500000");
    }

    #[test]
    fn relaxed_for_institutions_when_form_and_code_agree() {
        let o = with(vec![audit(2022, "1000000")], |f| {
            f.form.credit_code = src(CODE_INSTITUTION.to_string());
            f.form.org_type = src(OrgType::PublicInstitution);
        });
        assert_verdict(&o, Verdict::Pass);
        let o = with(vec![audit(2022, "999999.99")], |f| {
            f.form.credit_code = src(CODE_INSTITUTION.to_string());
        });
        assert_verdict(&o, Verdict::Fail);
    }

    #[test]
    fn contradictory_org_type_is_review_between_the_thresholds() {
        let edit = |f: &mut Facts| f.form.org_type = src(OrgType::PrivateNonEnterprise);
        let o = with(vec![audit(2022, "1200000")], edit);
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("不一致"), "{}", o.zh);
        // Above both thresholds the contradiction does not matter.
        assert_verdict(&with(vec![audit(2022, "1600000")], edit), Verdict::Pass);
        assert_verdict(&with(vec![audit(2022, "900000")], edit), Verdict::Fail);
    }

    #[test]
    fn declared_versus_evidenced() {
        let o = with(vec![audit(2022, "1600000")], |f| {
            f.form.declared_assets = src(dec("1800000"))
        });
        assert_verdict(&o, Verdict::Review);
        assert!(
            o.zh.contains("1,800,000.00") && o.zh.contains("1,600,000.00"),
            "{}",
            o.zh
        );
        let o = with(vec![audit(2022, "1400000")], |f| {
            f.form.declared_assets = src(dec("1500000"))
        });
        assert_verdict(&o, Verdict::Review);
    }

    #[test]
    fn scanned_or_missing_audit_is_review_unless_the_form_admits_a_miss() {
        let scanned = AuditReport {
            file: "审计报告.pdf".into(),
            status: DocStatus::Scanned,
            ..Default::default()
        };
        assert_verdict(&with(vec![scanned.clone()], |_| {}), Verdict::Review);
        assert_verdict(&with(vec![], |_| {}), Verdict::Review);
        let o = with(vec![scanned], |f| {
            f.form.declared_assets = src(dec("1200000"))
        });
        assert_verdict(&o, Verdict::Fail);
    }

    #[test]
    fn audit_of_another_year_is_review_and_the_right_year_is_preferred() {
        assert_verdict(&with(vec![audit(2021, "2000000")], |_| {}), Verdict::Review);
        let o = with(vec![audit(2021, "2000000"), audit(2022, "1400000")], |_| {});
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "1400000");
    }

    #[test]
    fn audit_of_unreadable_year_is_review_never_pass_or_fail() {
        let undated = |assets: &str| AuditReport {
            year: None,
            ..audit(2022, assets)
        };
        let o = with(vec![undated("2000000")], |_| {});
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("年度无法读取"), "{}", o.zh);
        assert!(o.en.contains("year could not be read"), "{}", o.en);
        assert_verdict(&with(vec![undated("1499999.99")], |_| {}), Verdict::Review);
        // A report of Y is preferred over one of unknown year.
        let o = with(vec![undated("900000"), audit(2022, "1500000")], |_| {});
        assert_verdict(&o, Verdict::Pass);
    }
}
