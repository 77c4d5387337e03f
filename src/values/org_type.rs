//! Legal form of the operating unit as written in the form's 单位性质 cell (SPEC §2.3):
//! 企业 / 事业单位 / 民办非企业单位 / 社会团体 / 基金会, plain or as a tick-box list.

use super::text::{normalise, ticked_choices};
use crate::model::OrgType;

/// Keywords per type, in the order they are tried: 民办非企业单位 holds 企业 and 基金会 holds
/// 会, so the narrower types come first.
const KEYWORDS: &[(OrgType, &[&str])] = &[
    (
        OrgType::PrivateNonEnterprise,
        &["民办非企", "民非", "社会服务机构"],
    ),
    (OrgType::Foundation, &["基金会"]),
    (
        OrgType::SocialOrganisation,
        &[
            "社会团体",
            "社团",
            "协会",
            "商会",
            "学会",
            "联合会",
            "研究会",
            "促进会",
        ],
    ),
    (OrgType::PublicInstitution, &["事业单位", "事业法人"]),
    (
        OrgType::Enterprise,
        &["企业", "公司", "个体工商户", "合作社"],
    ),
    (OrgType::Other, &["机关"]),
];

fn org_type_of(text: &str) -> Option<OrgType> {
    KEYWORDS
        .iter()
        .find_map(|(org_type, words)| words.iter().any(|w| text.contains(w)).then_some(*org_type))
}

/// The org type a 单位性质 cell names; `None` when it names none, or when a tick-box list has
/// not exactly one type ticked.
pub fn parse_org_type(s: &str) -> Option<OrgType> {
    match ticked_choices(s) {
        Some(chosen) => match chosen.as_slice() {
            [one] => org_type_of(one),
            _ => None,
        },
        None => org_type_of(&normalise(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrgType::*;

    #[test]
    fn parse_org_type_reads_form_cells() {
        let cases = [
            ("企业", Some(Enterprise)),
            ("企业法人", Some(Enterprise)),
            ("有限公司", Some(Enterprise)),
            ("有限责任公司", Some(Enterprise)),
            ("股份有限公司", Some(Enterprise)),
            ("公司", Some(Enterprise)),
            ("民营企业", Some(Enterprise)),
            ("事业单位", Some(PublicInstitution)),
            ("事业法人", Some(PublicInstitution)),
            ("民办非企业单位", Some(PrivateNonEnterprise)),
            ("民办非企", Some(PrivateNonEnterprise)),
            ("民非", Some(PrivateNonEnterprise)),
            ("社会服务机构", Some(PrivateNonEnterprise)),
            ("社会团体", Some(SocialOrganisation)),
            ("社团", Some(SocialOrganisation)),
            ("社团法人", Some(SocialOrganisation)),
            ("协会", Some(SocialOrganisation)),
            ("商会", Some(SocialOrganisation)),
            ("学会", Some(SocialOrganisation)),
            ("基金会", Some(Foundation)),
            (" 事业 单位 ", Some(PublicInstitution)),
            (
                "☐企业 ☑事业单位 ☐民办非企业单位 ☐社会团体",
                Some(PublicInstitution),
            ),
            ("企业√ 事业单位 民办非企业单位", Some(Enterprise)),
            ("□企业 □事业单位", None),
            ("☑企业 ☑事业单位", None),
            ("", None),
            ("其他", None),
            ("—", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_org_type(input), want, "input {input:?}");
        }
    }
}
