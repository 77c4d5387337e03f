//! Unified social credit codes (GB 32100-2015, SPEC §3).

use unicode_normalization::UnicodeNormalization;

use crate::model::OrgType;

/// The 31 characters a code may use (no I, O, Z, S, V); a character's value is its index.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of characters 1–17 for the check character.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn char_value(c: char) -> Option<u32> {
    ALPHABET
        .chars()
        .position(|a| a == c)
        .and_then(|i| u32::try_from(i).ok())
}

/// The check character for a 17-character body; `None` when the body is not 17 characters
/// of the alphabet.
fn check_char(body: &str) -> Option<char> {
    if body.chars().count() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(WEIGHTS) {
        sum += char_value(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(usize::try_from(check).ok()?)
}

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
        let code: String = s
            .nfkc()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
            })
            .flat_map(char::to_uppercase)
            .collect();
        let length = code.chars().count();
        if length != 18 {
            return Err(CreditCodeError::Length(length));
        }
        if let Some(bad) = code.chars().find(|&c| char_value(c).is_none()) {
            return Err(CreditCodeError::Character(bad));
        }
        let (body, last) = code.split_at(17);
        let checksum_ok = check_char(body).is_some_and(|c| last.starts_with(c));
        Ok(CreditCode { code, checksum_ok })
    }
    /// Registration authority, character 1 (`1` 机构编制, `5` 民政, `9` 工商 …).
    pub fn authority(&self) -> char {
        self.code.chars().next().unwrap_or('0')
    }
    /// Org type implied by characters 1–2 (12 事业单位, 51 社会团体, 52 民办非企业单位,
    /// 53 基金会, 9x 企业/个体工商户/农民专业合作社); `None` when the code does not say.
    ///
    /// GB 32100-2015 codes under 1 机构编制: 11 机关 and 19 其他 → `Other`, 12 事业单位 →
    /// `PublicInstitution`, 13 群众团体 → `SocialOrganisation`; A1 军队事业单位 →
    /// `PublicInstitution`; 59 其他 (民政) → `Other`.
    pub fn org_type(&self) -> Option<OrgType> {
        match self.code.get(..2)? {
            "12" | "A1" => Some(OrgType::PublicInstitution),
            "11" | "19" | "59" => Some(OrgType::Other),
            "13" | "51" => Some(OrgType::SocialOrganisation),
            "52" => Some(OrgType::PrivateNonEnterprise),
            "53" => Some(OrgType::Foundation),
            "91" | "92" | "93" => Some(OrgType::Enterprise),
            _ => None,
        }
    }
    /// Administrative division, characters 3–8.
    pub fn division(&self) -> &str {
        self.code.get(2..8).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 17-character body with its correct check character appended.
    fn valid(body: &str) -> String {
        let check = check_char(body).expect("test body is 17 characters of the alphabet");
        format!("{body}{check}")
    }

    #[test]
    fn known_real_codes_pass_the_checksum() {
        // Published codes: 阿里巴巴（中国）有限公司, 华为技术有限公司, 腾讯科技（深圳）有限公司.
        for code in [
            "91330100716105852F",
            "914403001922038216",
            "9144030071526726XG",
        ] {
            let parsed = CreditCode::parse(code).expect("valid code");
            assert!(parsed.checksum_ok, "{code}");
        }
    }

    #[test]
    fn parse_normalises_and_checks_the_checksum() {
        let code = valid("91370100MA3C5EXXX");
        let spaced = format!(
            " {} ",
            code.to_lowercase()
                .chars()
                .map(|c| format!("{c} "))
                .collect::<String>()
        );
        let full_width: String = code
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).expect("full-width form exists"))
            .collect();
        for input in [code.clone(), spaced, full_width, format!("{code}\n")] {
            let parsed = CreditCode::parse(&input).expect("valid code");
            assert_eq!(parsed.code, code, "input {input:?}");
            assert!(parsed.checksum_ok, "input {input:?}");
        }
        // Every other last character fails the checksum but is still a code.
        let body = &code[..17];
        for c in ALPHABET.chars().filter(|c| !code.ends_with(*c)) {
            let parsed = CreditCode::parse(&format!("{body}{c}")).expect("well-formed code");
            assert!(!parsed.checksum_ok, "check {c}");
        }
    }

    #[test]
    fn parse_rejects_bad_length_and_characters() {
        let cases = [
            ("", Err(CreditCodeError::Length(0))),
            ("91370100MA3C5EXXX", Err(CreditCodeError::Length(17))),
            ("91370100MA3C5EXXXX1", Err(CreditCodeError::Length(19))),
            ("无", Err(CreditCodeError::Length(1))),
            ("91370100MA3C5EIXXX", Err(CreditCodeError::Character('I'))),
            ("91370100MA3C5EOXXX", Err(CreditCodeError::Character('O'))),
            ("91370100MA3C5E-XXX", Err(CreditCodeError::Character('-'))),
            ("91370100MA3C5E济XXX", Err(CreditCodeError::Character('济'))),
            ("91370100MA3C5EZSVX", Err(CreditCodeError::Character('Z'))),
        ];
        for (input, want) in cases {
            assert_eq!(
                CreditCode::parse(input).map(|c| c.code),
                want,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn org_type_authority_and_division_come_from_the_code() {
        let cases = [
            ("91370100MA3C5EXXX", Some(OrgType::Enterprise)),
            ("92370102MA3C5EXXX", Some(OrgType::Enterprise)),
            ("93370112MA3C5EXXX", Some(OrgType::Enterprise)),
            ("12370100495570000", Some(OrgType::PublicInstitution)),
            ("11370100004000000", Some(OrgType::Other)),
            ("13370100MB1000000", Some(OrgType::SocialOrganisation)),
            ("19370100MB1000000", Some(OrgType::Other)),
            ("51370100MJD000000", Some(OrgType::SocialOrganisation)),
            ("52370102MJD000000", Some(OrgType::PrivateNonEnterprise)),
            ("53370000MJD000000", Some(OrgType::Foundation)),
            ("59370000MJD000000", Some(OrgType::Other)),
            ("31370000MD0000000", None),
            ("Y1370000MD0000000", None),
        ];
        for (body, want) in cases {
            let code = CreditCode::parse(&valid(body)).expect("valid code");
            assert!(code.checksum_ok);
            assert_eq!(code.org_type(), want, "body {body}");
            assert_eq!(code.division(), &body[2..8]);
            assert_eq!(Some(code.authority()), body.chars().next());
        }
    }
}
