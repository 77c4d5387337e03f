//! The criteria of SPEC §4.1, one file each (the seven Art. 15 functions share one file, the
//! Art. 19 materials another). Every criterion takes the applicant and the `Context` and
//! returns its `Outcome`(s); `evaluate_all` runs them in the order of §4.1.

pub mod a14_1_finances;
pub mod a14_1_legal_person;
pub mod a14_1_operating_years;
pub mod a14_1_total_assets;
pub mod a14_2_growth;
pub mod a14_2_online_registered;
pub mod a14_2_satisfaction;
pub mod a14_2_served;
pub mod a14_3_partners;
pub mod a14_3_premises;
pub mod a14_4_public_welfare;
pub mod a14_5_qualified;
pub mod a14_5_staff;
pub mod a15_functions;
pub mod a16_distinctiveness;
pub mod a19_materials;
pub mod a23_current_title;
pub mod a24_ban;
pub mod a27_rules_in_force;
pub mod a2_registered;
pub mod x_licence_code;

use super::{Context, Outcome};
use crate::model::Applicant;

/// Every criterion id, in report order (§4.1, then §4.3).
pub const CRITERIA: &[&str] = &[
    "A2.registered",
    "A14.1.legal_person",
    "A14.1.operating_years",
    "A14.1.total_assets",
    "A14.1.finances",
    "A14.2.served",
    "A14.2.satisfaction",
    "A14.2.growth",
    "A14.2.online_registered",
    "A14.3.premises",
    "A14.3.partners",
    "A14.4.public_welfare",
    "A14.5.staff",
    "A14.5.qualified",
    "A15.info",
    "A15.tech",
    "A15.startup",
    "A15.training",
    "A15.financing",
    "A15.consulting",
    "A15.legal",
    "A15",
    "A16",
    "A19.1",
    "A19.2",
    "A19.3",
    "A19.4",
    "A19.5",
    "A19.6",
    "A19.7",
    "A19.8",
    "A19.9",
    "A19.10",
    "A19.11",
    "A23.current_title",
    "A24.ban",
    "A27.rules_in_force",
    "X.licence_code",
    "X.duplicate_code",
    "X.duplicate_staff",
    "X.duplicate_records",
];

/// The name of every criterion in both languages, as a reviewer reads it beside the id
/// (`A14.1.total_assets 资产总额（第十四条第一项）`), in the order of `CRITERIA`.
const NAMES: &[(&str, &str, &str)] = &[
    (
        "A2.registered",
        "注册地在济南（第二条）",
        "registered in Jinan (Art. 2)",
    ),
    (
        "A14.1.legal_person",
        "独立法人资格（第十四条第一项）",
        "independent legal person (Art. 14(1))",
    ),
    (
        "A14.1.operating_years",
        "运营2年以上（第十四条第一项）",
        "operating 2 years or more (Art. 14(1))",
    ),
    (
        "A14.1.total_assets",
        "资产总额（第十四条第一、六项）",
        "total assets (Art. 14(1),(6))",
    ),
    (
        "A14.1.finances",
        "财务收支状况良好（第十四条第一项）",
        "sound finances (Art. 14(1))",
    ),
    (
        "A14.2.served",
        "年服务中小企业数（第十四条第二项）",
        "enterprises served a year (Art. 14(2))",
    ),
    (
        "A14.2.satisfaction",
        "用户满意度（第十四条第二项）",
        "user satisfaction (Art. 14(2))",
    ),
    (
        "A14.2.growth",
        "近两年服务企业数稳步增长（第十四条第二项）",
        "growth of enterprises served (Art. 14(2))",
    ),
    (
        "A14.2.online_registered",
        "线上企业注册数量（第十四条第二项）",
        "enterprises registered online (Art. 14(2))",
    ),
    (
        "A14.3.premises",
        "固定经营服务场所面积（第十四条第三项）",
        "premises area (Art. 14(3))",
    ),
    (
        "A14.3.partners",
        "协作服务机构数（第十四条第三项）",
        "partner organisations (Art. 14(3))",
    ),
    (
        "A14.4.public_welfare",
        "公益性或低收费服务占比（第十四条第四项）",
        "free or low-fee share (Art. 14(4))",
    ),
    (
        "A14.5.staff",
        "专职服务人员数（第十四条第五、六项）",
        "full-time staff (Art. 14(5),(6))",
    ),
    (
        "A14.5.qualified",
        "大专及以上学历或中级及以上职称比例（第十四条第五项）",
        "qualified staff ratio (Art. 14(5))",
    ),
    (
        "A15.info",
        "信息服务功能（第十五条第一项）",
        "information services (Art. 15(1))",
    ),
    (
        "A15.tech",
        "技术服务功能（第十五条第二项）",
        "technology services (Art. 15(2))",
    ),
    (
        "A15.startup",
        "创业服务功能（第十五条第三项）",
        "start-up services (Art. 15(3))",
    ),
    (
        "A15.training",
        "培训服务功能（第十五条第四项）",
        "training services (Art. 15(4))",
    ),
    (
        "A15.financing",
        "融资服务功能（第十五条第五项）",
        "financing services (Art. 15(5))",
    ),
    (
        "A15.consulting",
        "咨询服务功能（第十五条第六项）",
        "consulting services (Art. 15(6))",
    ),
    (
        "A15.legal",
        "法律服务功能（第十五条第七项）",
        "legal services (Art. 15(7))",
    ),
    (
        "A15",
        "至少满足一项申报的服务功能（第十五条）",
        "at least one declared function (Art. 15)",
    ),
    (
        "A16",
        "服务特色与示范性（第十六条）",
        "distinctiveness (Art. 16)",
    ),
    (
        "A19.1",
        "法人证书或营业执照（第十九条第一项）",
        "licence or legal-person certificate (Art. 19(1))",
    ),
    (
        "A19.2",
        "年度审计报告（第十九条第二项）",
        "audit report (Art. 19(2))",
    ),
    (
        "A19.3",
        "信用中国信用报告无失信记录（第十九条第三项）",
        "credit report without bad records (Art. 19(3))",
    ),
    (
        "A19.4",
        "经营服务场所证明（第十九条第四项）",
        "proof of premises (Art. 19(4))",
    ),
    (
        "A19.5",
        "合作协议（第十九条第五项）",
        "partnership agreements (Art. 19(5))",
    ),
    (
        "A19.6",
        "管理制度与收费标准（第十九条第六项）",
        "management rules and fee standards (Art. 19(6))",
    ),
    (
        "A19.7",
        "社保缴费清单及学历、职称证明（第十九条第七项）",
        "social insurance list, degree and title proofs (Art. 19(7))",
    ),
    (
        "A19.8",
        "从业资格、网站备案、许可证等（第十九条第八项）",
        "licences and registrations (Art. 19(8))",
    ),
    (
        "A19.9",
        "服务功能证明材料（第十九条第九项）",
        "evidence of the functions (Art. 19(9))",
    ),
    (
        "A19.10",
        "申报材料真实性声明（第十九条第十项）",
        "declaration of authenticity (Art. 19(10))",
    ),
    (
        "A19.11",
        "其他证明材料（第十九条第十一项）",
        "other materials (Art. 19(11))",
    ),
    (
        "A23.current_title",
        "称号有效期内不重复申报（第二十三条）",
        "title still valid (Art. 23)",
    ),
    (
        "A24.ban",
        "被撤销称号3年内不得申报（第二十四条）",
        "3-year ban after revocation (Art. 24)",
    ),
    (
        "A27.rules_in_force",
        "评审日在办法有效期内（第二十七条）",
        "measures in force on the review date (Art. 27)",
    ),
    (
        "X.licence_code",
        "执照信用代码与推荐表一致",
        "licence code matches the form",
    ),
    (
        "X.duplicate_code",
        "同一信用代码重复申报",
        "same credit code on two applicants",
    ),
    (
        "X.duplicate_staff",
        "同一专职人员在两家单位",
        "same full-time staff at two applicants",
    ),
    (
        "X.duplicate_records",
        "同一服务记录在两家单位",
        "same service record at two applicants",
    ),
];

/// A criterion's name in `lang` (empty for an unknown id).
pub fn name(criterion: &str, lang: crate::model::Lang) -> &'static str {
    NAMES
        .iter()
        .find(|(id, _, _)| *id == criterion)
        .map(|(_, zh, en)| match lang {
            crate::model::Lang::Zh => *zh,
            crate::model::Lang::En => *en,
        })
        .unwrap_or("")
}

/// Position of a criterion in report order (unknown ids sort last).
pub fn order(criterion: &str) -> usize {
    CRITERIA
        .iter()
        .position(|c| *c == criterion)
        .unwrap_or(CRITERIA.len())
}

/// Runs every per-applicant criterion, in the order of §4.1.
pub fn evaluate_all(app: &Applicant, ctx: &Context) -> Vec<Outcome> {
    let mut out = vec![
        a2_registered::check(app, ctx),
        a14_1_legal_person::check(app, ctx),
        a14_1_operating_years::check(app, ctx),
        a14_1_total_assets::check(app, ctx),
        a14_1_finances::check(app, ctx),
        a14_2_served::check(app, ctx),
        a14_2_satisfaction::check(app, ctx),
        a14_2_growth::check(app, ctx),
        a14_2_online_registered::check(app, ctx),
        a14_3_premises::check(app, ctx),
        a14_3_partners::check(app, ctx),
        a14_4_public_welfare::check(app, ctx),
        a14_5_staff::check(app, ctx),
        a14_5_qualified::check(app, ctx),
    ];
    out.extend(a15_functions::check(app, ctx));
    out.push(a16_distinctiveness::check(app, ctx));
    out.extend(a19_materials::check(app, ctx));
    out.push(a23_current_title::check(app, ctx));
    out.push(a24_ban::check(app, ctx));
    out.push(a27_rules_in_force::check(app, ctx));
    out.push(x_licence_code::check(app, ctx));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn every_criterion_has_a_name_in_both_languages_in_report_order() {
        let ids: Vec<&str> = NAMES.iter().map(|(id, _, _)| *id).collect();
        assert_eq!(ids, CRITERIA);
        for c in CRITERIA {
            assert!(
                !name(c, Lang::Zh).is_empty() && !name(c, Lang::En).is_empty(),
                "{c}"
            );
        }
        assert_eq!(
            name("A14.1.total_assets", Lang::Zh),
            "资产总额（第十四条第一、六项）"
        );
        assert_eq!(name("A99.unknown", Lang::Zh), "");
    }
}
