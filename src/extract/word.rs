//! Word documents in an applicant's submission (SPEC §8.1): every table is read like a sheet
//! of a workbook (its role by its header, or by the file's name), and the paragraphs outside
//! tables are laid out as one more sheet for the form reader when they carry form labels
//! (`单位名称：济南…`). Figures read from paragraphs cite the paragraph (`推荐表.docx ¶12`).

use super::{Collector, FORM_MIN_LABELS, form, table_kind, table_role_by_name};
use crate::ingest::Sheet;
use crate::ingest::word::WordDoc;
use crate::model::{DocStatus, Location, Role, Severity, Sourced};

/// Name of the sheet that holds a document's paragraphs (one row per paragraph).
pub const PARAGRAPHS: &str = "正文";

/// The paragraphs as a sheet: row `i` is paragraph `i + 1`; line breaks inside a paragraph
/// split cells like tabs do.
fn paragraph_sheet(doc: &WordDoc, rules: &crate::rules::Rules) -> Sheet {
    let text: String = doc
        .paragraphs
        .iter()
        .map(|p| p.replace(['\n', '\r'], "\t"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut sheet = form::sheet_from_page(PARAGRAPHS, &text, rules);
    // `sheet_from_page` makes one row per line: keep rows aligned with paragraphs.
    sheet.rows.resize_with(doc.paragraphs.len(), Vec::new);
    sheet
}

fn to_paragraph<T>(slot: &mut Option<Sourced<T>>, file: &str) {
    if let Some(s) = slot
        && s.evidence.file == file
        && let Location::Cell { sheet, row, .. } = &s.evidence.location
        && sheet == PARAGRAPHS
    {
        s.evidence.location = Location::Paragraph(row + 1);
    }
}

impl Collector<'_> {
    pub(super) fn add_word(&mut self, rel: &str, name_roles: &[Role], doc: &WordDoc) {
        // A form or table role only from the file's own name: a Word narrative in a folder
        // named 服务记录 (a case study, a notice) is read by its content, so its layout tables
        // do not make the real service log look unreadable.
        let stem_role = table_role_by_name(&crate::discover::file_stem(rel), self.rules);
        let name_roles: Vec<Role> = name_roles
            .iter()
            .copied()
            .filter(|r| !(*r == Role::Form || table_kind(*r).is_some()) || stem_role == Some(*r))
            .collect();
        let name_roles = name_roles.as_slice();
        // A report, proof or agreement written in Word (审计报告.docx, 房屋租赁合同.docx) is
        // that document: its figures are not read from Word, and a table in it is not a log.
        if !name_roles.is_empty()
            && name_roles
                .iter()
                .all(|r| *r != Role::Form && table_kind(*r).is_none())
        {
            self.add_named(rel, name_roles, DocStatus::Readable);
            return;
        }
        for remark in &doc.remarks {
            self.problem(rel, "", Severity::Info, remark.clone(), remark.clone());
        }
        for warning in &doc.warnings {
            self.problem(
                rel,
                "",
                Severity::Warning,
                warning.clone(),
                "tick boxes whose state could not be read (Word form check boxes or symbol-font characters): their options were read as not ticked; check them".into(),
            );
        }
        let named_form = name_roles.first() == Some(&Role::Form);
        let mut sheets: Vec<Sheet> = doc.tables.clone();
        let paragraphs = paragraph_sheet(doc, self.rules);
        let score = form::form_score(&paragraphs, self.rules);
        let tables_hold_form = sheets
            .iter()
            .any(|s| form::form_score(s, self.rules) >= FORM_MIN_LABELS);
        let read_paragraphs =
            score >= FORM_MIN_LABELS || (named_form && score > 0 && !tables_hold_form);
        if read_paragraphs {
            sheets.push(paragraphs);
        }
        let wants_content = name_roles
            .iter()
            .any(|r| *r == Role::Form || table_kind(*r).is_some());
        let empty = sheets.iter().all(|s| {
            s.rows
                .iter()
                .flatten()
                .all(|c| *c == crate::ingest::Cell::Empty)
        });
        if empty {
            if wants_content {
                self.problem(
                    rel,
                    "",
                    Severity::Error,
                    "Word 文档中没有表格，也没有可识别的推荐表栏目".into(),
                    "the Word document holds no table and no recognisable form field".into(),
                );
                self.add_unreadable(
                    rel,
                    name_roles,
                    DocStatus::Unreadable("Word 文档中没有表格".into()),
                );
            } else {
                self.add_named(rel, name_roles, DocStatus::Readable);
            }
            return;
        }
        self.add_workbook(rel, name_roles, &sheets);
        if read_paragraphs {
            self.cite_paragraphs(rel);
        }
    }

    /// Form figures read from the paragraph sheet cite their paragraph (`推荐表.docx ¶12`).
    fn cite_paragraphs(&mut self, rel: &str) {
        let f = &mut self.facts.form;
        macro_rules! cite {
            ($($field:ident),* $(,)?) => { $( to_paragraph(&mut f.$field, rel); )* };
        }
        cite!(
            name,
            platform_name,
            credit_code,
            org_type,
            established,
            address,
            district,
            recommender,
            platform_kind,
            online_registered,
            premises_area,
            partners,
            functions,
            has_info_system,
            has_expert_pool,
            has_project_pool,
            has_startup_guide,
            has_hotline,
            has_legal_guide,
            has_training_eval,
            new_guarantees,
            declared_assets,
            declared_served,
            declared_satisfaction,
            declared_staff,
        );
        let prefix = format!("{PARAGRAPHS}!");
        for p in &mut self.problems {
            if p.file == rel
                && let Some(cell) = p.location.strip_prefix(&prefix)
                && let Some(row) = cell
                    .trim_start_matches(|c: char| c.is_ascii_uppercase())
                    .parse::<u32>()
                    .ok()
            {
                p.location = Location::Paragraph(row).to_string();
            }
        }
    }
}
