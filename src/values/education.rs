//! Education levels (SPEC §2.5): ≥ 大专 counts towards the qualified ratio of Art. 14(5).

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

pub fn parse_education(s: &str) -> Option<Education> {
    todo!("{s}")
}
