//! `A19.1` … `A19.11` — Art. 19: the materials an application must include, one row per item.
//!
//! Presence only (a scanned or encrypted file is present), except A19.3:
//! - A19.1 licence (营业执照 / 法人证书); A19.2 audit report; A19.4 premises proof; A19.5 partner
//!   agreements; A19.6 management system **and** fee standards; A19.7 social-insurance list
//!   **and** degree/title proofs; A19.9 function evidence; A19.10 authenticity declaration:
//!   present → pass, missing (or half missing) → review.
//! - A19.3 credit report (信用中国): missing → review; a readable report with 失信被执行人,
//!   重大税收违法失信主体 or 严重失信主体 entries → fail; 行政处罚 entries → review (不良记录 the
//!   panel weighs); scanned/encrypted/damaged → review naming the file; any of the three 失信
//!   sections not read → review naming it; pass only when all three were read and are zero
//!   (counts added with saturating arithmetic, so no count can wrap to a clean zero).
//! - A19.8 permits (资质, 许可, 备案) and A19.11 other materials are optional: present → pass,
//!   absent → n/a.
//!
//! Example: no 真实性声明 → `A19.10` review.

use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::{Applicant, Evidence, MaterialKind};

fn present(app: &Applicant, kind: MaterialKind) -> Vec<Evidence> {
    app.facts
        .materials
        .iter()
        .filter(|m| m.kind == kind)
        .map(|m| Evidence::file(m.file.clone()))
        .collect()
}

fn presence(
    id: &str,
    files: Vec<Evidence>,
    what_zh: &str,
    what_en: &str,
    item: &str,
    optional: bool,
) -> Outcome {
    let art_en = format!("Art. 19({item})");
    let n = files.len();
    if n > 0 {
        Outcome::new(id, "19", Verdict::Pass)
            .value(n.to_string())
            .evidence(files)
            .msg(
                format!(
                    "已提交{what_zh}（{n} 个文件）（第十九条第{}项）",
                    zh_item(item)
                ),
                format!("{what_en} submitted ({n} files) ({art_en})"),
            )
    } else if optional {
        Outcome::new(id, "19", Verdict::NotApplicable)
            .value("0")
            .msg(
                format!(
                    "未提交{what_zh}（选交材料）（第十九条第{}项）",
                    zh_item(item)
                ),
                format!("no {what_en} (optional) ({art_en})"),
            )
    } else {
        Outcome::new(id, "19", Verdict::Review).value("0").msg(
            format!("未找到{what_zh}，请补交（第十九条第{}项）", zh_item(item)),
            format!("no {what_en} found: to be supplied ({art_en})"),
        )
    }
}

fn zh_item(item: &str) -> &'static str {
    match item {
        "1" => "一",
        "2" => "二",
        "3" => "三",
        "4" => "四",
        "5" => "五",
        "6" => "六",
        "7" => "七",
        "8" => "八",
        "9" => "九",
        "10" => "十",
        _ => "十一",
    }
}

/// Two halves that must both be present (A19.6, A19.7).
fn pair(
    id: &str,
    item: &str,
    a: (Vec<Evidence>, &str, &str),
    b: (Vec<Evidence>, &str, &str),
) -> Outcome {
    let (fa, za, ea) = a;
    let (fb, zb, eb) = b;
    let n = fa.len() + fb.len();
    let missing: Vec<(&str, &str)> = [(fa.is_empty(), za, ea), (fb.is_empty(), zb, eb)]
        .iter()
        .filter(|m| m.0)
        .map(|m| (m.1, m.2))
        .collect();
    let out = Outcome::new(id, "19", Verdict::Pass)
        .value(n.to_string())
        .evidence(fa)
        .evidence(fb);
    if missing.is_empty() {
        out.msg(
            format!("已提交{za}和{zb}（第十九条第{}项）", zh_item(item)),
            format!("{ea} and {eb} submitted (Art. 19({item}))"),
        )
    } else {
        let z: Vec<&str> = missing.iter().map(|m| m.0).collect();
        let e: Vec<&str> = missing.iter().map(|m| m.1).collect();
        out.verdict(Verdict::Review).msg(
            format!(
                "未找到{}，请补交（第十九条第{}项）",
                z.join("和"),
                zh_item(item)
            ),
            format!(
                "no {} found: to be supplied (Art. 19({item}))",
                e.join(" and ")
            ),
        )
    }
}

fn credit_report(app: &Applicant) -> Outcome {
    let reports = &app.facts.credit_reports;
    let files: Vec<Evidence> = reports
        .iter()
        .map(|r| Evidence::file(r.file.clone()))
        .collect();
    let out = Outcome::new("A19.3", "19", Verdict::Pass).evidence(files);
    if reports.is_empty() {
        return out.verdict(Verdict::Review).msg(
            "未找到“信用中国”信用信息报告，请补交（第十九条第三项）",
            "no credit report (信用中国) found: to be supplied (Art. 19(3))",
        );
    }
    let readable: Vec<_> = reports.iter().filter(|r| r.status.is_readable()).collect();
    let unreadable: Vec<&str> = reports
        .iter()
        .filter(|r| !r.status.is_readable())
        .map(|r| r.file.as_str())
        .collect();
    // A section's entries over the readable reports; `None` when no report shows the section.
    let sum = |f: &dyn Fn(&crate::model::CreditReport) -> Option<u32>| -> Option<u32> {
        let v: Vec<u32> = readable.iter().filter_map(|r| f(r)).collect();
        (!v.is_empty()).then(|| v.iter().fold(0u32, |a, b| a.saturating_add(*b)))
    };
    let sections: [(&str, &str, Option<u32>); 3] = [
        (
            "失信被执行人",
            "dishonest-executed",
            sum(&|r| r.dishonest_executed.as_ref().map(|s| s.value)),
        ),
        (
            "重大税收违法失信主体",
            "major tax violations",
            sum(&|r| r.major_tax_violations.as_ref().map(|s| s.value)),
        ),
        (
            "严重失信主体名单",
            "serious dishonesty",
            sum(&|r| r.serious_dishonest.as_ref().map(|s| s.value)),
        ),
    ];
    let penalties = sum(&|r| r.admin_penalties.as_ref().map(|s| s.value));
    let ev: Vec<Evidence> = readable
        .iter()
        .flat_map(|r| {
            [
                &r.dishonest_executed,
                &r.major_tax_violations,
                &r.serious_dishonest,
                &r.admin_penalties,
            ]
            .into_iter()
            .flatten()
            .filter(|s| s.value > 0)
            .map(|s| s.evidence.clone())
        })
        .collect();
    let out = out.evidence(ev);
    let bad = sections
        .iter()
        .fold(0u32, |a, s| a.saturating_add(s.2.unwrap_or(0)));
    let shown = |n: Option<u32>| n.map_or("未读到".to_string(), |n| n.to_string());
    let shown_en = |n: Option<u32>| n.map_or("unread".to_string(), |n| n.to_string());
    if bad > 0 {
        let zh: Vec<String> = sections
            .iter()
            .map(|(z, _, n)| format!("{z} {} 条", shown(*n)))
            .collect();
        let en: Vec<String> = sections
            .iter()
            .map(|(_, e, n)| format!("{} {e}", shown_en(*n)))
            .collect();
        return out.verdict(Verdict::Fail).value(bad.to_string()).msg(
            format!("信用报告有失信记录：{}（第十九条第三项）", zh.join("、")),
            format!(
                "the credit report lists dishonesty: {} entries (Art. 19(3))",
                en.join(", ")
            ),
        );
    }
    if readable.is_empty() {
        return out.verdict(Verdict::Review).msg(
            format!(
                "信用报告无法读取（扫描件、加密或损坏：{}），失信记录待人工核实（第十九条第三项）",
                unreadable.join("、")
            ),
            format!(
                "the credit report cannot be read (scanned, encrypted or damaged: {}): check it by hand (Art. 19(3))",
                unreadable.join(", ")
            ),
        );
    }
    // Pass needs every section read and clean; one not found could hide an entry.
    let unread: Vec<(&str, &str)> = sections
        .iter()
        .filter(|s| s.2.is_none())
        .map(|s| (s.0, s.1))
        .collect();
    if !unread.is_empty() {
        let z: Vec<&str> = unread.iter().map(|u| u.0).collect();
        let e: Vec<&str> = unread.iter().map(|u| u.1).collect();
        // Counts read by OCR that disagree with the entries listed (SPEC §8.2): say so.
        let readings: Vec<&crate::model::Unverified> =
            readable.iter().flat_map(|r| r.unverified.iter()).collect();
        let (uz, ue): (String, String) = readings
            .iter()
            .map(|u| (format!("；{}", u.zh), format!("; {}", u.en)))
            .unzip();
        return out
            .verdict(Verdict::Review)
            .evidence(readings.iter().map(|u| u.evidence.clone()))
            .msg(
                format!(
                    "信用报告中未读到“{}”栏目，失信记录待人工核实（第十九条第三项）{uz}",
                    z.join("”“")
                ),
                format!(
                    "the credit report's {} section(s) could not be read: check by hand (Art. 19(3)){ue}",
                    e.join(", ")
                ),
            );
    }
    if !unreadable.is_empty() {
        return out.verdict(Verdict::Review).value("0").msg(
            format!(
                "可读的信用报告无失信记录，但另有信用报告无法读取（{}），待人工核实（第十九条第三项）",
                unreadable.join("、")
            ),
            format!(
                "no dishonesty in the readable credit report, but another cannot be read ({}): check it by hand (Art. 19(3))",
                unreadable.join(", ")
            ),
        );
    }
    if let Some(p) = penalties.filter(|p| *p > 0) {
        return out.verdict(Verdict::Review).value("0").msg(
            format!("信用报告无失信记录，但有行政处罚 {p} 条，待核实（第十九条第三项）"),
            format!(
                "no dishonesty entries, but {p} administrative penalties to review (Art. 19(3))"
            ),
        );
    }
    out.value("0").msg(
        "信用报告失信被执行人、重大税收违法失信主体、严重失信主体名单均为 0 条，无行政处罚（第十九条第三项）",
        "the credit report shows no dishonest-executed, major tax violation or serious dishonesty entries, and no penalties (Art. 19(3))",
    )
}

/// The eleven rows A19.1 … A19.11.
pub fn check(app: &Applicant, _ctx: &Context) -> Vec<Outcome> {
    use MaterialKind as M;
    let f = &app.facts;
    let audits: Vec<Evidence> = f
        .audits
        .iter()
        .map(|a| Evidence::file(a.file.clone()))
        .collect();
    let premises: Vec<Evidence> = f
        .premises_proofs
        .iter()
        .map(|p| Evidence::file(p.file.clone()))
        .collect();
    vec![
        presence(
            "A19.1",
            present(app, M::Licence),
            "营业执照或法人证书",
            "licence or legal-person certificate",
            "1",
            false,
        ),
        presence("A19.2", audits, "审计报告", "audit report", "2", false),
        credit_report(app),
        presence(
            "A19.4",
            premises,
            "经营服务场所证明",
            "premises proof",
            "4",
            false,
        ),
        presence(
            "A19.5",
            f.agreements.clone(),
            "合作协议",
            "partner agreements",
            "5",
            false,
        ),
        pair(
            "A19.6",
            "6",
            (
                present(app, M::ManagementSystem),
                "管理制度文件",
                "management system documents",
            ),
            (
                present(app, M::FeeStandard),
                "收费标准及优惠规定",
                "fee standards and discounts",
            ),
        ),
        pair(
            "A19.7",
            "7",
            (
                present(app, M::SocialInsurance),
                "社会保险缴费清单",
                "social insurance list",
            ),
            (
                present(app, M::Qualifications),
                "学历和职称证明",
                "degree and title proofs",
            ),
        ),
        presence(
            "A19.8",
            present(app, M::Permits),
            "资质、许可或备案证明",
            "permits, licences or filings",
            "8",
            true,
        ),
        presence(
            "A19.9",
            present(app, M::FunctionEvidence),
            "服务功能证明材料",
            "function evidence",
            "9",
            false,
        ),
        presence(
            "A19.10",
            present(app, M::Authenticity),
            "申报材料真实性声明",
            "authenticity declaration",
            "10",
            false,
        ),
        presence(
            "A19.11",
            present(app, M::Other),
            "其他证明材料",
            "other material",
            "11",
            true,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{CreditReport, DocStatus, Facts, Material, Sourced};

    fn rows(edit: impl Fn(&mut Facts)) -> Vec<Outcome> {
        let mut f = facts();
        edit(&mut f);
        check(&app(f), &ctx())
    }

    fn material(kind: MaterialKind, status: DocStatus) -> Material {
        Material {
            kind,
            file: format!("{kind:?}.pdf"),
            status,
        }
    }

    fn report(d: u32, p: u32) -> CreditReport {
        let s = |v| Some(Sourced::new(v, Evidence::page("信用报告.pdf", 1)));
        CreditReport {
            file: "信用报告.pdf".into(),
            status: DocStatus::Readable,
            dishonest_executed: s(d),
            major_tax_violations: s(0),
            serious_dishonest: s(0),
            admin_penalties: s(p),
            unverified: Vec::new(),
        }
    }

    #[test]
    fn eleven_rows_in_order() {
        let r = rows(|_| {});
        let ids: Vec<&str> = r.iter().map(|o| o.criterion.as_str()).collect();
        assert_eq!(
            ids,
            [
                "A19.1", "A19.2", "A19.3", "A19.4", "A19.5", "A19.6", "A19.7", "A19.8", "A19.9",
                "A19.10", "A19.11"
            ]
        );
        for o in &r {
            let want = if o.criterion == "A19.8" || o.criterion == "A19.11" {
                Verdict::NotApplicable
            } else {
                Verdict::Review
            };
            assert_verdict(o, want);
        }
    }

    #[test]
    fn scanned_material_is_present() {
        let r = rows(|f| {
            f.materials = vec![
                material(MaterialKind::Licence, DocStatus::Scanned),
                material(MaterialKind::Permits, DocStatus::Encrypted),
            ];
        });
        assert_verdict(&r[0], Verdict::Pass);
        assert_verdict(&r[7], Verdict::Pass);
    }

    #[test]
    fn halves_of_items_6_and_7() {
        let r = rows(|f| {
            f.materials = vec![material(
                MaterialKind::ManagementSystem,
                DocStatus::Readable,
            )]
        });
        assert_verdict(&r[5], Verdict::Review);
        assert!(r[5].zh.contains("收费标准"), "{}", r[5].zh);
        let r = rows(|f| {
            f.materials = vec![
                material(MaterialKind::ManagementSystem, DocStatus::Readable),
                material(MaterialKind::FeeStandard, DocStatus::Readable),
            ]
        });
        assert_verdict(&r[5], Verdict::Pass);
    }

    #[test]
    fn credit_report_entries() {
        assert_verdict(
            &rows(|f| f.credit_reports = vec![report(0, 0)])[2],
            Verdict::Pass,
        );
        assert_verdict(
            &rows(|f| f.credit_reports = vec![report(1, 0)])[2],
            Verdict::Fail,
        );
        assert_verdict(
            &rows(|f| f.credit_reports = vec![report(0, 2)])[2],
            Verdict::Review,
        );
        let scanned = CreditReport {
            file: "信用报告.pdf".into(),
            status: DocStatus::Scanned,
            ..Default::default()
        };
        assert_verdict(
            &rows(|f| f.credit_reports = vec![scanned.clone()])[2],
            Verdict::Review,
        );
        let blank = CreditReport {
            status: DocStatus::Readable,
            ..scanned.clone()
        };
        assert_verdict(
            &rows(|f| f.credit_reports = vec![blank.clone()])[2],
            Verdict::Review,
        );
    }

    #[test]
    fn credit_report_passes_only_with_all_three_sections_read_and_clean() {
        // Only 失信被执行人 was found: the other two could hide entries.
        let one = CreditReport {
            major_tax_violations: None,
            serious_dishonest: None,
            admin_penalties: None,
            ..report(0, 0)
        };
        let o = &rows(|f| f.credit_reports = vec![one.clone()])[2];
        assert_verdict(o, Verdict::Review);
        assert!(
            o.zh.contains("重大税收违法失信主体") && o.zh.contains("严重失信主体名单"),
            "{}",
            o.zh
        );
        assert!(!o.zh.contains("“失信被执行人"), "{}", o.zh);
        // Two of three read and clean: still review.
        let two = CreditReport {
            serious_dishonest: None,
            ..report(0, 0)
        };
        assert_verdict(
            &rows(|f| f.credit_reports = vec![two.clone()])[2],
            Verdict::Review,
        );
        // An entry in a read section fails whatever the others say.
        let listed = CreditReport {
            dishonest_executed: None,
            major_tax_violations: Some(Sourced::new(1, Evidence::page("信用报告.pdf", 2))),
            ..two
        };
        assert_verdict(
            &rows(|f| f.credit_reports = vec![listed.clone()])[2],
            Verdict::Fail,
        );
        // A second report that cannot be read keeps a clean one from passing.
        let scanned = CreditReport {
            file: "信用报告（盖章）.pdf".into(),
            status: DocStatus::Scanned,
            ..Default::default()
        };
        let o = &rows(|f| f.credit_reports = vec![report(0, 0), scanned.clone()])[2];
        assert_verdict(o, Verdict::Review);
        assert!(o.zh.contains("信用报告（盖章）.pdf"), "{}", o.zh);
    }

    #[test]
    fn credit_report_counts_cannot_wrap_to_zero() {
        // u32::MAX + 1 wraps to 0 in unchecked release arithmetic; it must stay a fail.
        let big = |d: u32, t: u32| CreditReport {
            dishonest_executed: Some(Sourced::new(d, Evidence::page("信用报告.pdf", 1))),
            major_tax_violations: Some(Sourced::new(t, Evidence::page("信用报告.pdf", 1))),
            ..report(0, 0)
        };
        let o = &rows(|f| f.credit_reports = vec![big(u32::MAX, 1)])[2];
        assert_verdict(o, Verdict::Fail);
        assert_eq!(o.value, u32::MAX.to_string());
        let o = &rows(|f| f.credit_reports = vec![big(u32::MAX, 0), big(1, 0)])[2];
        assert_verdict(o, Verdict::Fail);
    }
}
