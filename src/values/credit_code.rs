//! Unified social credit codes (GB 32100-2015, SPEC §3).

use crate::model::OrgType;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode {
    /// The 18 characters, upper case.
    pub code: String,
    /// Whether character 18 matches the computed check character.
    pub checksum_ok: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("统一社会信用代码应为18位，实为{0}位")]
    Length(usize),
    #[error("统一社会信用代码含非法字符“{0}”")]
    Character(char),
}

impl CreditCode {
    /// Normalises (NFKC, spaces removed, upper case) and checks length and alphabet. A wrong
    /// check character is *not* an error: it sets `checksum_ok = false`.
    pub fn parse(s: &str) -> Result<CreditCode, CreditCodeError> {
        todo!("{s}")
    }
    /// Registration authority, character 1 (`1` 机构编制, `5` 民政, `9` 工商 …).
    pub fn authority(&self) -> char {
        self.code.chars().next().unwrap_or('0')
    }
    /// Org type implied by characters 1–2 (11 事业单位, 51 社会团体, 52 民办非企业单位,
    /// 53 基金会, 9x 企业); `None` when the code does not say.
    pub fn org_type(&self) -> Option<OrgType> {
        todo!()
    }
    /// Administrative division, characters 3–8.
    pub fn division(&self) -> &str {
        self.code.get(2..8).unwrap_or("")
    }
}
