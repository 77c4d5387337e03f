//! Bound volumes (SPEC §8.2, last bullet): one PDF holding several materials (a scanned
//! 申报材料.pdf) is split by page headings into page ranges, each read as the material its
//! heading names (`申报材料.pdf p.12–15`).
//!
//! A page starts a material when its first line is a short title naming a role of the rules
//! file (`营业执照`, `三、信用信息报告`, `房屋租赁合同（副本）`); the pages after it belong to it
//! until the next such title. A table of contents (目录) and pages before the first title belong
//! to none. Consecutive titles of one role are one material (an audit report's pages), except
//! agreements: each agreement is one. A file is a bound volume only when its titles name at
//! least two roles.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::PdfText;
use crate::model::Role;
use crate::rules::Rules;

/// Characters of a title line at most (after numbering and a trailing note are dropped).
const TITLE_CHARS: usize = 16;

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十0-9]+\)|[0-9]+[、.]|附件[0-9一二三四五六七八九十]*[:、.]?)")
        .expect("numbering")
});
static TRAILING_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()]*\)$").expect("trailing note"));

/// One material of a bound volume: its pages (1-based, inclusive), roles and text (the other
/// pages blanked, so page numbers stay those of the file).
pub struct Part {
    pub first: u32,
    pub last: u32,
    pub roles: Vec<Role>,
    pub text: PdfText,
}

impl Part {
    /// `申报材料.pdf p.12–15`, or `p.12` for one page.
    pub fn label(&self, file: &str) -> String {
        if self.first == self.last {
            format!("{file} p.{}", self.first)
        } else {
            format!("{file} p.{}–{}", self.first, self.last)
        }
    }
}

/// The roles a page's title names, if its first line is a title.
fn title_roles(page: &str, rules: &Rules) -> Option<Vec<Role>> {
    let first = page.lines().map(str::trim).find(|l| !l.is_empty())?;
    let c: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    if c.contains("目录") || c.contains("..") || c.contains('…') || c.contains('条') {
        return None;
    }
    let c = NUMBERING.replace(&c, "");
    let c = TRAILING_NOTE.replace(&c, "");
    if c.is_empty() || c.chars().count() > TITLE_CHARS {
        return None;
    }
    let roles = super::document_roles_by_name(&c, rules);
    (!roles.is_empty()).then_some(roles)
}

/// The materials of a bound volume, or `None` when the file is not one.
pub fn split(text: &PdfText, rules: &Rules) -> Option<Vec<Part>> {
    let mut spans: Vec<(u32, u32, Vec<Role>)> = Vec::new();
    for (i, page) in text.pages.iter().enumerate() {
        let no = i as u32 + 1;
        match (title_roles(page, rules), spans.last_mut()) {
            (Some(roles), Some(last))
                if last.2 == roles && !roles.contains(&Role::Agreement) && last.1 + 1 == no =>
            {
                last.1 = no;
            }
            (Some(roles), _) => spans.push((no, no, roles)),
            (None, Some(last)) if last.1 + 1 == no && !page.contains("目录") => last.1 = no,
            (None, _) => {}
        }
    }
    let mut kinds: Vec<&Vec<Role>> = spans.iter().map(|s| &s.2).collect();
    kinds.sort();
    kinds.dedup();
    if kinds.len() < 2 {
        return None;
    }
    Some(
        spans
            .into_iter()
            .map(|(first, last, roles)| {
                let pages = text
                    .pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let no = i as u32 + 1;
                        if (first..=last).contains(&no) {
                            p.clone()
                        } else {
                            String::new()
                        }
                    })
                    .collect();
                Part {
                    first,
                    last,
                    roles,
                    text: PdfText {
                        status: text.status.clone(),
                        pages,
                        ocr_pages: text.ocr_pages.clone(),
                        ..PdfText::default()
                    },
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::CODE_ENTERPRISE;
    use crate::extract::Collector;
    use crate::model::{DocStatus, MaterialKind};

    fn volume(pages: &[&str]) -> PdfText {
        PdfText {
            status: DocStatus::Readable,
            pages: pages.iter().map(|p| p.to_string()).collect(),
            ..PdfText::default()
        }
    }

    #[test]
    fn a_bound_volume_is_split_by_page_titles_into_materials() {
        let licence = format!("营业执照(副本)\n统一社会信用代码 {CODE_ENTERPRISE}\n");
        let text = volume(&[
            "申报材料\n目录\n一、营业执照......2\n二、信用信息报告......3",
            &licence,
            "二、信用信息报告\n(来源:信用中国)\n失信被执行人(0条)\n重大税收违法失信主体(0条)\n严重失信主体名单(0条)\n行政处罚(0条)",
            "房屋租赁合同\n房屋坐落:济南市历下区经十路1234号\n",
            "建筑面积:200平方米\n",
            "合作协议\n甲方:济南某某科技有限公司\n",
            "合作协议\n甲方:济南另一科技有限公司\n",
        ]);
        let rules = Rules::jinan_2021();
        let parts = split(&text, &rules).expect("a bound volume");
        let ranges: Vec<String> = parts.iter().map(|p| p.label("申报材料.pdf")).collect();
        assert_eq!(
            ranges,
            [
                "申报材料.pdf p.2",
                "申报材料.pdf p.3",
                "申报材料.pdf p.4–5",
                "申报材料.pdf p.6",
                "申报材料.pdf p.7"
            ]
        );
        let mut c = Collector::new(&rules);
        c.add_pdf("申报材料.pdf", &[], &text);
        let (facts, _) = c.finish();
        // Presence from the ranges, figures with their pages.
        let licence = facts
            .materials
            .iter()
            .find(|m| m.kind == MaterialKind::Licence)
            .expect("licence");
        assert_eq!(licence.file, "申报材料.pdf p.2");
        assert_eq!(facts.licence_codes[0].code.value, CODE_ENTERPRISE);
        assert_eq!(
            facts.credit_reports[0]
                .dishonest_executed
                .as_ref()
                .map(|s| s.value),
            Some(0)
        );
        let area = facts.premises_proofs[0].area.as_ref().expect("area");
        assert_eq!(area.value, rust_decimal::Decimal::from(200));
        assert_eq!(area.evidence.to_string(), "申报材料.pdf p.5");
        let agreements: Vec<String> = facts.agreements.iter().map(|a| a.to_string()).collect();
        assert_eq!(agreements, ["申报材料.pdf p.6", "申报材料.pdf p.7"]);
    }

    #[test]
    fn one_material_with_titled_pages_is_not_a_bound_volume() {
        let rules = Rules::jinan_2021();
        let report = volume(&[
            "审计报告\n我们审计了…",
            "审计报告(续)\n资产负债表",
            "资产负债表\n",
        ]);
        assert!(split(&report, &rules).is_none());
        // A credit report whose page starts with 行政许可(2条) is not a permit.
        let credit = volume(&["信用信息报告\n", "行政许可(2条)\n行政处罚(0条)"]);
        assert!(split(&credit, &rules).is_none());
    }
}
