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

/// Words saying a level is being studied for or was left unfinished: not a degree held.
/// 结业 (courses completed, no diploma: 结业证书 is not a 毕业证书) counts as unfinished too.
const UNFINISHED: &[&str] = &[
    "在读",
    "在校",
    "就读",
    "肄业",
    "结业",
    "未毕业",
    "辍学",
    "退学",
    "在职攻读",
    "攻读",
    "在修",
];

/// What a roster's education cell says about the degree a person holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EducationReading {
    /// The level is held (graduated).
    Held(Education),
    /// The level is being studied for or was left unfinished (`本科在读`, `大专肄业`): it is
    /// not held; the level held is the one its entry requires, at least.
    Unfinished(Education),
}

impl EducationReading {
    /// Whether the person holds 大专 or above: `Some(false)`/`Some(true)` when the cell says,
    /// `None` when it cannot (本科在读 may be a 专升本 student who holds 大专, or a student
    /// admitted from 高中).
    pub fn qualifies(self) -> Option<bool> {
        match self {
            EducationReading::Held(e) => Some(e.is_college_or_above()),
            // Master's and doctoral study require a bachelor's degree or its equivalent
            // (同等学力, itself at least 大专): the person holds 大专 or above.
            EducationReading::Unfinished(Education::Master | Education::Doctor) => Some(true),
            EducationReading::Unfinished(Education::Bachelor) => None,
            // 大专在读/肄业 or lower: what is held is below 大专.
            EducationReading::Unfinished(_) => Some(false),
        }
    }
}

/// The education level a roster cell names; `None` when it names none, only a bound
/// (`高中及以下`, `大专以下`), or a level not held (`本科在读`: see `read_education`).
pub fn parse_education(s: &str) -> Option<Education> {
    match read_education(s)? {
        EducationReading::Held(e) => Some(e),
        EducationReading::Unfinished(_) => None,
    }
}

/// The education a roster cell states, held or unfinished.
///
/// 大学 alone (`大学`, `大学毕业`, `山东大学`) names a university education without saying
/// 本科 or 专科 (大学专科 is a 大专). Common usage means 本科, but either is at least 大专, so it
/// is read as the lower one, 大专: it qualifies for Art. 14(5) whichever was meant, and never
/// claims more than the cell says.
pub fn read_education(s: &str) -> Option<EducationReading> {
    let text = normalise(s).to_lowercase();
    if text.contains("以下") {
        return None;
    }
    // 专科 alone is 大专, but 中等专科 is 中专.
    let college_by_zhuanke = text.replace("中等专科", "").contains("专科");
    let level = LEVELS
        .iter()
        .find_map(|(level, words)| {
            let named = words.iter().any(|w| text.contains(w))
                || (*level == Education::College && college_by_zhuanke);
            named.then_some(*level)
        })
        .or_else(|| text.contains("大学").then_some(Education::College))?;
    if UNFINISHED.iter().any(|w| text.contains(w)) {
        Some(EducationReading::Unfinished(level))
    } else {
        Some(EducationReading::Held(level))
    }
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
            ("大学", Some(College)),
            ("大学毕业", Some(College)),
            ("本科在读", None),
            ("大专在读", None),
            ("本科肄业", None),
            ("大专结业", None),
            ("无", None),
            ("—", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_education(input), want, "input {input:?}");
        }
    }

    #[test]
    fn unfinished_degrees_are_not_held() {
        use EducationReading::*;
        let cases = [
            ("本科在读", Some(Unfinished(Bachelor)), None),
            ("在读本科", Some(Unfinished(Bachelor)), None),
            ("大专在读", Some(Unfinished(College)), Some(false)),
            ("本科肄业", Some(Unfinished(Bachelor)), None),
            ("大学肄业", Some(Unfinished(College)), Some(false)),
            ("专科结业", Some(Unfinished(College)), Some(false)),
            ("硕士在读", Some(Unfinished(Master)), Some(true)),
            ("在职攻读硕士", Some(Unfinished(Master)), Some(true)),
            ("本科", Some(Held(Bachelor)), Some(true)),
            ("大学", Some(Held(College)), Some(true)),
            ("中专", Some(Held(Secondary)), Some(false)),
            ("在读", None, None),
        ];
        for (input, want, qualifies) in cases {
            let got = read_education(input);
            assert_eq!(got, want, "input {input:?}");
            assert_eq!(
                got.and_then(EducationReading::qualifies),
                qualifies,
                "{input:?}"
            );
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
