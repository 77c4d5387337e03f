//! Professional title levels (SPEC §2.5). 助理研究员 is 中级 but 助理工程师 is 初级; skill
//! grades (高级技师) and licences (律师) are not titles unless the rules file maps them.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TitleLevel {
    Junior,
    Intermediate,
    AssociateSenior,
    Senior,
}

impl TitleLevel {
    pub fn is_intermediate_or_above(self) -> bool {
        self >= TitleLevel::Intermediate
    }
}

/// `extra` is the rules file's `[titles.extra]`: name → 正高级/副高级/中级/初级/none; an
/// exact match there wins over the built-in tables (`none` means "not a title").
pub fn parse_title(s: &str, extra: &BTreeMap<String, String>) -> Option<TitleLevel> {
    todo!("{s}{extra:?}")
}
