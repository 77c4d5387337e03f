//! Education levels (SPEC §2.5): ≥ 大专 counts towards the qualified ratio of Art. 14(5).

use super::text::normalise;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Education {
    BelowHighSchool,
    HighSchool,
    /// 中专, 中技, 技校, 职高.
    Secondary,
    /// 大专, 专科, 高职.
    College,
    Bachelor,
    Master,
    Doctor,
}

impl Education {
    pub fn is_college_or_above(self) -> bool {
        self >= Education::College
    }
}

/// Keywords per level, highest level first: the highest level a cell names wins
/// (`中专（函授大专）` is 大专). 高职高专 must meet 高职 before 职高, hence the order.
const LEVELS: &[(Education, &[&str])] = &[
    (Education::Doctor, &["博士", "phd", "ph.d", "doctor"]),
    (
        Education::Master,
        &["硕士", "研究生", "master", "mba", "mpa"],
    ),
    (Education::Bachelor, &["本科", "学士", "bachelor"]),
    (Education::College, &["大专", "大学专科", "高职", "高专"]),
    (
        Education::Secondary,
        &[
            "中专",
            "中等专科",
            "中等专业",
            "中技",
            "技校",
            "技工学校",
            "职高",
            "职业高中",
            "中职",
            "中等职业",
        ],
    ),
    (Education::HighSchool, &["高中", "普高"]),
    (Education::BelowHighSchool, &["初中", "小学", "文盲"]),
];

/// The education level a roster cell names; `None` when it names none or only a bound
/// (`高中及以下`, `大专以下`).
pub fn parse_education(s: &str) -> Option<Education> {
    let text = normalise(s).to_lowercase();
    if text.contains("以下") {
        return None;
    }
    // 专科 alone is 大专, but 中等专科 is 中专.
    let college_by_zhuanke = text.replace("中等专科", "").contains("专科");
    LEVELS.iter().find_map(|(level, words)| {
        let named = words.iter().any(|w| text.contains(w))
            || (*level == Education::College && college_by_zhuanke);
        named.then_some(*level)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Education::*;

    #[test]
    fn parse_education_reads_roster_cells() {
        let cases = [
            ("博士", Some(Doctor)),
            ("博士研究生", Some(Doctor)),
            ("博士(研究生)", Some(Doctor)),
            ("博士（研究生）", Some(Doctor)),
            ("博士后", Some(Doctor)),
            ("PhD", Some(Doctor)),
            ("硕士", Some(Master)),
            ("硕士研究生", Some(Master)),
            ("研究生", Some(Master)),
            ("在职研究生", Some(Master)),
            ("硕士学位", Some(Master)),
            ("MBA", Some(Master)),
            ("本科", Some(Bachelor)),
            ("大学本科", Some(Bachelor)),
            ("全日制本科", Some(Bachelor)),
            ("本科及以上", Some(Bachelor)),
            ("学士", Some(Bachelor)),
            (" 本 科 ", Some(Bachelor)),
            ("大专", Some(College)),
            ("专科", Some(College)),
            ("大学专科", Some(College)),
            ("高职", Some(College)),
            ("高职高专", Some(College)),
            ("大专（函授）", Some(College)),
            ("中专（函授大专）", Some(College)),
            ("中专", Some(Secondary)),
            ("中等专科", Some(Secondary)),
            ("中技", Some(Secondary)),
            ("技校", Some(Secondary)),
            ("职高", Some(Secondary)),
            ("职业高中", Some(Secondary)),
            ("中职", Some(Secondary)),
            ("高中", Some(HighSchool)),
            ("初中", Some(BelowHighSchool)),
            ("小学", Some(BelowHighSchool)),
            ("高中及以下", None),
            ("大专以下", None),
            ("大学", None),
            ("无", None),
            ("—", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_education(input), want, "input {input:?}");
        }
    }

    #[test]
    fn college_is_the_qualifying_bound() {
        assert!(College.is_college_or_above());
        assert!(Doctor.is_college_or_above());
        assert!(!Secondary.is_college_or_above());
        assert!(!HighSchool.is_college_or_above());
    }
}
