//! Extraction: one submission's files → the applicant's `Facts`, each figure with its
//! evidence, and a `Problem` for everything that could not be read or recognised.
//!
//! Roles (SPEC §2.1) come from the file name (then its folders) first and from the content
//! second; in a workbook every sheet gets its own role (sheet name first, then the file's
//! name, then the content). Forms and tables are read by `form` and `table`; PDFs by `pdf`.

mod bound;
pub mod cells;
pub mod form;
pub mod pdf;
pub mod table;
mod word;

use crate::discover::{self, RawFile, Submission, extension};
use crate::ingest::spreadsheet::{self, IngestError, Sniffed, sniff};
use crate::ingest::{Content, Document, PdfText, Sheet};
use crate::model::{
    Applicant, AuditReport, CreditReport, DocStatus, Evidence, Facts, FileSummary, Found, Location,
    Material, MaterialKind, PremisesProof, Problem, Role, Severity, Unread,
};
use crate::ocr::PagePlan;
use crate::rules::Rules;
use table::TableKind;

/// Form labels a sheet must carry to be taken as a form by content alone.
const FORM_MIN_LABELS: usize = 4;
/// Table columns a sheet must map to be taken as a table by content alone.
const TABLE_MIN_COLUMNS: usize = 3;

fn has_any(name: &str, keys: &[String]) -> bool {
    keys.iter()
        .any(|k| !k.is_empty() && name.contains(k.as_str()))
}

/// Table roles named by a file or sheet name (not for social-insurance lists, which carry
/// names and ID numbers like a roster but are Art. 19(7) material).
pub fn table_role_by_name(name: &str, rules: &Rules) -> Option<Role> {
    let r = &rules.roles;
    // 社保缴费清单 (a payment list) is Art. 19(7) material even when it says 专职人员;
    // 人员名册（含社保缴纳情况） is a roster that merely has a social-insurance column.
    let payment_list = ["缴费", "清单", "明细"].iter().any(|k| name.contains(k));
    if has_any(name, &r.social_insurance) && (payment_list || !has_any(name, &r.roster)) {
        return None;
    }
    if has_any(name, &r.form) {
        Some(Role::Form)
    } else if has_any(name, &r.service_log) {
        Some(Role::ServiceLog)
    } else if has_any(name, &r.activity_log) {
        Some(Role::ActivityLog)
    } else if has_any(name, &r.roster) {
        Some(Role::Roster)
    } else {
        None
    }
}

/// Document roles (any format) named by a file or folder name, most specific first.
pub fn document_roles_by_name(name: &str, rules: &Rules) -> Vec<Role> {
    let r = &rules.roles;
    let mut roles = Vec::new();
    if has_any(name, &r.audit_report) {
        roles.push(Role::AuditReport);
    } else if has_any(name, &r.credit_report) {
        roles.push(Role::CreditReport);
    } else if has_any(name, &r.premises_proof) {
        roles.push(Role::PremisesProof);
    } else if has_any(name, &r.agreement) {
        roles.push(Role::Agreement);
    }
    if !roles.is_empty() {
        return roles;
    }
    let kinds = [
        (MaterialKind::Licence, &r.licence),
        (MaterialKind::ManagementSystem, &r.management_system),
        (MaterialKind::FeeStandard, &r.fee_standard),
        (MaterialKind::SocialInsurance, &r.social_insurance),
        (MaterialKind::Qualifications, &r.qualifications),
        (MaterialKind::Authenticity, &r.authenticity),
        (MaterialKind::FunctionEvidence, &r.function_evidence),
        (MaterialKind::Permits, &r.permits),
        (MaterialKind::Other, &r.other),
    ];
    for (kind, keys) in kinds {
        if has_any(name, keys) {
            roles.push(Role::Material(kind));
        }
    }
    // 真实性承诺书 is not also a licence (资格) or other material.
    if roles.contains(&Role::Material(MaterialKind::Authenticity)) {
        roles.retain(|r| *r == Role::Material(MaterialKind::Authenticity));
    }
    roles
}

/// Roles from a path's file name first, then its folders (innermost first).
fn roles_by_path(rel: &str, rules: &Rules, tabular: bool) -> Vec<Role> {
    let parts: Vec<&str> = rel.split('/').collect();
    let stem = discover::file_stem(rel);
    let mut names = vec![stem.as_str()];
    names.extend(parts.iter().rev().skip(1));
    for name in names {
        if tabular && let Some(role) = table_role_by_name(name, rules) {
            return vec![role];
        }
        let roles = document_roles_by_name(name, rules);
        if !roles.is_empty() {
            return roles;
        }
    }
    Vec::new()
}

fn table_kind(role: Role) -> Option<TableKind> {
    match role {
        Role::Roster => Some(TableKind::Roster),
        Role::ServiceLog => Some(TableKind::Service),
        Role::ActivityLog => Some(TableKind::Activity),
        _ => None,
    }
}

fn role_of_kind(kind: TableKind) -> Role {
    match kind {
        TableKind::Roster => Role::Roster,
        TableKind::Service => Role::ServiceLog,
        TableKind::Activity => Role::ActivityLog,
    }
}

/// A sheet's role by content: a form when enough labels are found, else the best table.
pub fn sheet_role_by_content(sheet: &Sheet, rules: &Rules) -> Option<Role> {
    let form = form::form_score(sheet, rules);
    let best_table = TableKind::ALL
        .iter()
        .map(|k| (table::table_score(sheet, *k, rules), *k))
        .max_by_key(|(s, _)| *s)
        .filter(|(s, _)| *s >= TABLE_MIN_COLUMNS);
    match best_table {
        Some((score, kind)) if score > form => Some(role_of_kind(kind)),
        _ if form >= FORM_MIN_LABELS => Some(Role::Form),
        Some((_, kind)) => Some(role_of_kind(kind)),
        None => None,
    }
}

/// Whether a spreadsheet file holds a form (any sheet), for discovery of badly named forms.
pub fn file_holds_form(path: &std::path::Path, rules: &Rules) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let name = path.to_string_lossy();
    let sheets = if extension(&name) == "csv" {
        spreadsheet::read_csv_limited(&bytes, "csv", &rules.limits)
            .map(|(s, _)| vec![s])
            .unwrap_or_default()
    } else {
        spreadsheet::read_workbook_limited(&bytes, &rules.limits).unwrap_or_default()
    };
    sheets.iter().any(|s| {
        table_role_by_name(&s.name, rules) == Some(Role::Form)
            || sheet_role_by_content(s, rules) == Some(Role::Form)
    })
}

/// Extensions of the workbooks read (besides CSV); one list with discovery's.
pub use crate::discover::WORKBOOK_EXTENSIONS;

/// Turns a file's bytes into a document, by content first and extension second, with the
/// default limits.
pub fn ingest(rel: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    ingest_limited(rel, bytes, &crate::limits::Limits::default())
}

/// Turns a file's bytes into a document within `limits`.
pub fn ingest_limited(
    rel: &str,
    bytes: &[u8],
    limits: &crate::limits::Limits,
) -> Result<Document, IngestError> {
    let ext = extension(rel);
    let sniffed = sniff(bytes);
    let content = if bytes.is_empty() {
        return Err(IngestError::Empty);
    } else if sniffed == Sniffed::Pdf || (ext == "pdf" && sniffed != Sniffed::Xlsx) {
        Content::Pdf(crate::ingest::pdf::read_pdf_limited(bytes, limits))
    } else if crate::ingest::word::is_word_ext(&ext)
        || (!WORKBOOK_EXTENSIONS.contains(&ext.as_str())
            && ext != "csv"
            && crate::ingest::word::looks_like_word(bytes))
    {
        Content::Word(crate::ingest::word::read_word(bytes, limits)?)
    } else if matches!(ext.as_str(), "csv" | "txt" | "tsv") && sniffed == Sniffed::Text {
        let name = discover::file_stem(rel);
        Content::Sheets(vec![spreadsheet::read_csv_limited(bytes, &name, limits)?.0])
    } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str())
        || ext == "csv"
        || (matches!(sniffed, Sniffed::Ods | Sniffed::Xlsb) && ext != "zip")
    {
        Content::Sheets(spreadsheet::read_workbook_limited(bytes, limits)?)
    } else {
        Content::Opaque
    };
    Ok(Document {
        file: rel.to_string(),
        content,
    })
}

/// Collects one applicant's facts as files arrive.
struct Collector<'r> {
    rules: &'r Rules,
    facts: Facts,
    problems: Vec<Problem>,
    /// Files that were named or looked like a form but were not spreadsheets.
    form_elsewhere: Vec<String>,
    /// Forms submitted as PDFs: their pages laid out as sheets, read at the end only when no
    /// spreadsheet form was found.
    pdf_forms: Vec<(String, Vec<Sheet>)>,
}

impl<'r> Collector<'r> {
    fn new(rules: &'r Rules) -> Self {
        Collector {
            rules,
            facts: Facts::default(),
            problems: Vec::new(),
            form_elsewhere: Vec::new(),
            pdf_forms: Vec::new(),
        }
    }

    fn problem(
        &mut self,
        file: &str,
        location: impl Into<String>,
        severity: Severity,
        zh: String,
        en: String,
    ) {
        self.problems
            .push(Problem::new(file, location, severity, zh, en));
    }

    fn summary(
        &mut self,
        file: &str,
        sheet: &str,
        role: Option<Role>,
        status: DocStatus,
    ) -> &mut FileSummary {
        self.facts.files.push(FileSummary {
            file: file.to_string(),
            sheet: sheet.to_string(),
            role,
            status,
            ..FileSummary::default()
        });
        let last = self.facts.files.len() - 1;
        &mut self.facts.files[last]
    }

    fn add_file(&mut self, raw: RawFile) {
        let rel = raw.rel.clone();
        let bytes = match raw.bytes {
            Ok(b) => b,
            Err((zh, en)) => {
                // Not read at all (over a limit, a refused entry): a table or form role its
                // name gives still counts as present-but-unreadable, so a roster refused for
                // its size is "无法读取" naming the file and the limit, never "missing".
                // Materials are not recorded: their presence would pass unread.
                self.problem(&rel, "", Severity::Error, zh.clone(), en);
                let tabular = discover::is_spreadsheet_extension(&extension(&rel));
                let mut roles = roles_by_path(&rel, self.rules, tabular);
                roles.retain(|r| {
                    matches!(
                        r,
                        Role::Form | Role::Roster | Role::ServiceLog | Role::ActivityLog
                    )
                });
                self.add_unreadable(&rel, &roles, DocStatus::Unreadable(zh));
                return;
            }
        };
        self.facts
            .file_hashes
            .push((rel.clone(), crate::hash::sha256(&bytes)));
        let ext = extension(&rel);
        let tabular = WORKBOOK_EXTENSIONS.contains(&ext.as_str()) || ext == "csv";
        let word = crate::ingest::word::is_word_ext(&ext);
        let name_roles = roles_by_path(&rel, self.rules, tabular || word);
        if ext == "zip" || ext == "7z" {
            self.problem(
                &rel,
                "",
                Severity::Warning,
                "压缩包未能展开（损坏，或是压缩包中的压缩包），请解压后重新提交".into(),
                "a zip that could not be unpacked (damaged, or a zip inside a zip); submit its files instead".into(),
            );
        }
        let needs_content = tabular
            || word
            || ext == "pdf"
            || ext == "txt"
            || name_roles.iter().any(|r| {
                matches!(
                    r,
                    Role::AuditReport | Role::CreditReport | Role::PremisesProof | Role::Form
                )
            });
        // Materials are checked for presence only; their content is not read, except a
        // licence PDF's, for its credit code (X.licence_code, SPEC §8.3).
        let licence = name_roles.contains(&Role::Material(MaterialKind::Licence));
        let licence_pdf = licence && (ext == "pdf" || sniff(&bytes) == Sniffed::Pdf);
        let only_materials = !licence_pdf
            && !name_roles.is_empty()
            && name_roles
                .iter()
                .all(|r| matches!(r, Role::Material(_) | Role::Agreement));
        if bytes.is_empty() {
            self.problem(
                &rel,
                "",
                Severity::Error,
                "文件为空（0 字节）".into(),
                "the file is empty (0 bytes)".into(),
            );
            self.add_unreadable(&rel, &name_roles, DocStatus::Unreadable("文件为空".into()));
            return;
        }
        // A photo or scanned image (营业执照.jpg, 审计报告.png, or an unnamed scan) is read by
        // OCR like a one-page scanned PDF when its role needs figures or is unknown; without
        // OCR it stays a material counted by presence (a scan: review where figures count).
        let image = crate::ingest::image::is_image_ext(&ext)
            || (!tabular && !word && ext != "pdf" && crate::ingest::image::sniff_image(&bytes));
        if image
            && self.rules.ocr.enabled
            && let Some(plan) = ocr_plan(&name_roles)
        {
            let mut text = crate::ingest::image::read_image_file(&bytes, &self.rules.limits);
            self.ocr(&mut text, plan);
            if name_roles.is_empty() && text.ocr_pages.is_empty() {
                // Nothing read from an unnamed picture: listed as before, not an error.
                self.add_named(&rel, &name_roles, DocStatus::Readable);
            } else {
                self.add_pdf(&rel, &name_roles, &text);
            }
            return;
        }
        if !needs_content || (only_materials && !tabular) {
            // Presence is what counts for materials; an encrypted PDF is noted, cheaply.
            let status = if sniff(&bytes) == Sniffed::Pdf && contains(&bytes, b"/Encrypt") {
                self.problem(
                    &rel,
                    "",
                    Severity::Info,
                    "PDF 已加密，仅核对是否提交".into(),
                    "encrypted PDF; checked for presence only".into(),
                );
                DocStatus::Encrypted
            } else {
                DocStatus::Readable
            };
            self.add_named(&rel, &name_roles, status);
            if licence {
                self.licence_code_missing(
                    &rel,
                    Severity::Info,
                    "营业执照不是 PDF 文件（图片或其他格式），未读取统一社会信用代码".into(),
                    "the licence is not a PDF (an image or another format): no credit code read"
                        .into(),
                );
            }
            return;
        }
        match ingest_limited(&rel, &bytes, &self.rules.limits) {
            Err(e) => {
                let status = match e {
                    IngestError::Encrypted => DocStatus::Encrypted,
                    _ => DocStatus::Unreadable(e.to_string()),
                };
                self.problem(
                    &rel,
                    "",
                    Severity::Error,
                    format!("无法读取：{e}"),
                    format!("cannot read: {}", e.english()),
                );
                self.add_unreadable(&rel, &name_roles, status);
            }
            Ok(doc) => match doc.content {
                Content::Sheets(sheets) => self.add_workbook(&rel, &name_roles, &sheets),
                Content::Pdf(mut text) => {
                    if let Some(plan) = ocr_plan(&name_roles) {
                        self.ocr(&mut text, plan);
                    }
                    self.add_pdf(&rel, &name_roles, &text)
                }
                Content::Word(doc) => self.add_word(&rel, &name_roles, &doc),
                Content::Opaque => self.add_named(&rel, &name_roles, DocStatus::Readable),
            },
        }
    }

    /// Reads a scanned document's page images by OCR as `plan` says (SPEC §8.2); a file whose
    /// role its name does not give is classified from its first pages.
    fn ocr(&self, text: &mut PdfText, plan: PagePlan) {
        crate::ocr::read_scanned_with(text, &self.rules.ocr, &self.rules.limits, plan, &|read| {
            match pdf::classify(read) {
                Some(Role::AuditReport) => Some(PagePlan::Audit),
                Some(Role::CreditReport | Role::PremisesProof) => Some(PagePlan::All),
                _ => None,
            }
        });
    }

    /// `add_file` with a panic inside the readers caught: the file becomes an unreadable file
    /// of its named roles (so its criteria are review) with a problem row, and the applicant's
    /// other files are read as usual.
    fn add_file_isolated(&mut self, raw: RawFile) {
        let rel = raw.rel.clone();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            discover::injected_panic(&rel);
            self.add_file(raw);
        }));
        if caught.is_err() {
            self.problem(
                &rel,
                "",
                Severity::Error,
                "读取此文件时程序内部出错，文件未读取，相关条款待核实".into(),
                "internal error while reading this file: not read, its criteria need review".into(),
            );
            let tabular = discover::is_spreadsheet_extension(&extension(&rel));
            let roles = roles_by_path(&rel, self.rules, tabular);
            self.add_unreadable(&rel, &roles, DocStatus::Unreadable("程序内部出错".into()));
        }
    }

    /// A file known only by its name (images, Word files, materials).
    fn add_named(&mut self, rel: &str, roles: &[Role], status: DocStatus) {
        if roles.is_empty() {
            self.problem(
                rel,
                "",
                Severity::Warning,
                "无法识别的文件（名称与内容均不对应任何申报材料）".into(),
                "unrecognised file: neither its name nor its content matches any material".into(),
            );
            self.summary(rel, "", None, status);
            return;
        }
        for role in roles {
            self.record_role(rel, *role, status.clone());
        }
        self.summary(rel, "", roles.first().copied(), status);
    }

    /// A file that could not be read: its named roles still count as present-but-unreadable.
    fn add_unreadable(&mut self, rel: &str, roles: &[Role], status: DocStatus) {
        for role in roles {
            match role {
                Role::Form => self.form_elsewhere.push(rel.to_string()),
                Role::Roster | Role::ServiceLog | Role::ActivityLog => {
                    self.table_unreadable(*role, Evidence::file(rel), &status)
                }
                _ => {}
            }
            self.record_role(rel, *role, status.clone());
        }
        self.summary(rel, "", roles.first().copied(), status);
    }

    /// The table material of `role` that a roster/log criterion reads.
    fn table_found(&mut self, role: Role) -> Option<&mut Found> {
        match role {
            Role::Roster => Some(&mut self.facts.roster_found),
            Role::ServiceLog => Some(&mut self.facts.service_log_found),
            Role::ActivityLog => Some(&mut self.facts.activity_log_found),
            _ => None,
        }
    }

    /// A roster or log (file or sheet) submitted but not read: its criteria must not count it
    /// as empty. The reason is the problem just reported for it.
    fn table_unreadable(&mut self, role: Role, evidence: Evidence, status: &DocStatus) {
        let location = match &evidence.location {
            Location::File => String::new(),
            other => other.to_string(),
        };
        let (zh, en) = self
            .problems
            .iter()
            .rev()
            .find(|p| p.file == evidence.file && p.location == location)
            .map(|p| (p.zh.clone(), p.en.clone()))
            .unwrap_or_else(|| {
                let (zh, en) = status_words(status);
                (zh.to_string(), en.to_string())
            });
        if let Some(found) = self.table_found(role) {
            found.mark_unreadable(Unread { evidence, zh, en });
        }
    }

    /// Records a document role that is not read for figures (or could not be).
    fn record_role(&mut self, rel: &str, role: Role, status: DocStatus) {
        let file = rel.to_string();
        let unreadable = |status: &DocStatus| match status {
            DocStatus::Readable => DocStatus::Unreadable("非 PDF 文件，未读取内容".into()),
            other => other.clone(),
        };
        match role {
            Role::Agreement => self.facts.agreements.push(Evidence::file(rel)),
            Role::Material(kind) => self.facts.materials.push(Material { kind, file, status }),
            Role::AuditReport => self.facts.audits.push(AuditReport {
                file,
                status: unreadable(&status),
                ..AuditReport::default()
            }),
            Role::CreditReport => self.facts.credit_reports.push(CreditReport {
                file,
                status: unreadable(&status),
                ..CreditReport::default()
            }),
            // A photo of a 房产证 is a premises proof, though its area cannot be read.
            Role::PremisesProof => self.facts.premises_proofs.push(PremisesProof {
                file,
                status: if status.is_readable() {
                    DocStatus::Scanned
                } else {
                    status
                },
                ..PremisesProof::default()
            }),
            Role::Form | Role::Roster | Role::ServiceLog | Role::ActivityLog => {}
        }
    }

    fn add_pdf(&mut self, rel: &str, name_roles: &[Role], text: &PdfText) {
        // Recorded here once for every PDF (the extractors do not repeat them).
        for remark in &text.remarks {
            self.problem(
                rel,
                "",
                Severity::Info,
                format!("PDF：{remark}"),
                format!("PDF reader: {remark}"),
            );
        }
        // A bound volume (SPEC §8.2): each material by its pages.
        if name_roles.is_empty()
            && let Some(parts) = bound::split(text, self.rules)
        {
            for part in parts {
                let label = part.label(rel);
                let (materials, agreements) =
                    (self.facts.materials.len(), self.facts.agreements.len());
                self.add_pdf(rel, &part.roles, &part.text);
                for m in &mut self.facts.materials[materials..] {
                    m.file = label.clone();
                }
                for a in &mut self.facts.agreements[agreements..] {
                    *a = Evidence::file(label.clone());
                }
            }
            return;
        }
        let roles: Vec<Role> =
            if name_roles.is_empty() || name_roles.iter().all(|r| table_kind(*r).is_some()) {
                pdf::classify(text)
                    .or_else(|| self.pdf_looks_like_form(text).then_some(Role::Form))
                    .into_iter()
                    .collect()
            } else {
                name_roles.to_vec()
            };
        if roles.is_empty() {
            self.add_named(rel, &[], text.status.clone());
            return;
        }
        for role in &roles {
            match role {
                Role::AuditReport => {
                    let (report, problems) = pdf::read_audit(rel, text);
                    self.facts.audits.push(report);
                    self.problems.extend(problems);
                }
                Role::CreditReport => {
                    let (report, problems) = pdf::read_credit(rel, text);
                    self.facts.credit_reports.push(report);
                    self.problems.extend(problems);
                }
                Role::PremisesProof => {
                    // One PDF may hold several proofs (a 房产证 and a lease of another floor).
                    let (proofs, problems) = pdf::read_premises(rel, text);
                    self.facts.premises_proofs.extend(proofs);
                    self.problems.extend(problems);
                }
                Role::Form => {
                    self.form_elsewhere.push(rel.to_string());
                    // A form's declared values are never taken from OCR: a misread declared
                    // figure could pass a criterion it should not.
                    if text.status.is_readable() && text.ocr_pages.is_empty() {
                        let pages = text
                            .pages
                            .iter()
                            .enumerate()
                            .map(|(i, page)| {
                                form::sheet_from_page(&format!("p.{}", i + 1), page, self.rules)
                            })
                            .collect();
                        self.pdf_forms.push((rel.to_string(), pages));
                    }
                }
                Role::Material(MaterialKind::Licence) => {
                    self.record_role(rel, *role, text.status.clone());
                    let labels = self.rules.form_aliases("credit_code");
                    match pdf::read_licence_code(rel, text, labels) {
                        Ok(code) => self
                            .facts
                            .licence_codes
                            .push(crate::model::LicenceCode { code }),
                        Err((zh, en)) => self.licence_code_missing(rel, Severity::Warning, zh, en),
                    }
                }
                other => self.record_role(rel, *other, text.status.clone()),
            }
        }
        if !text.status.is_readable()
            && roles
                .iter()
                .all(|r| matches!(r, Role::Material(_) | Role::Agreement))
        {
            // Present is enough for materials; the status is noted for the reviewer.
            let (zh, en) = status_words(&text.status);
            self.problem(
                rel,
                "",
                Severity::Info,
                format!("PDF {zh}，仅核对是否提交"),
                format!("PDF {en}; checked for presence only"),
            );
        }
        let summary = self.summary(rel, "", roles.first().copied(), text.status.clone());
        summary.rows = text.pages.len();
    }

    /// A licence that gave no credit code: a problem row and the reason for `X.licence_code`.
    fn licence_code_missing(&mut self, rel: &str, severity: Severity, zh: String, en: String) {
        self.problem(rel, "", severity, zh.clone(), en.clone());
        self.facts.licence_code_missing.push(Unread {
            evidence: Evidence::file(rel),
            zh,
            en,
        });
    }

    /// Premises areas read by OCR (SPEC §8.2): verified when within the rules file's
    /// `ocr_area_tolerance` of the form's area, and then evidence like a text-layer area;
    /// otherwise they stay unverified (A14.3.premises is review) with the reason.
    fn verify_premises(&mut self) {
        use crate::evaluate::fmt::figure;
        let tolerance = self.rules.thresholds.ocr_area_tolerance;
        let form = self.facts.form.premises_area.clone();
        let mut problems = Vec::new();
        for proof in &mut self.facts.premises_proofs {
            let Some(i) = proof.unverified.iter().position(|u| u.field == "area") else {
                continue;
            };
            let u = &mut proof.unverified[i];
            let (zh, en) = match &form {
                Some(f) if (u.value - f.value).abs() <= tolerance => {
                    proof.area = Some(crate::model::Sourced::new(u.value, u.evidence.clone()));
                    proof.unverified.remove(i);
                    continue;
                }
                Some(f) => (
                    format!(
                        "{} 识别面积 {} 平方米，与推荐表 {} 平方米相差超过 {} 平方米，请人工核对",
                        u.evidence,
                        figure(u.value),
                        figure(f.value),
                        figure(tolerance)
                    ),
                    format!(
                        "{}: OCR read an area of {} m², more than {} m² off the form's {} m²; check by hand",
                        u.evidence,
                        figure(u.value),
                        figure(tolerance),
                        figure(f.value)
                    ),
                ),
                None => (
                    format!(
                        "{} 识别面积 {} 平方米，但推荐表未填服务场所面积，无法核对，请人工核对",
                        u.evidence,
                        figure(u.value)
                    ),
                    format!(
                        "{}: OCR read an area of {} m², but the form gives no area to check it against; check by hand",
                        u.evidence,
                        figure(u.value)
                    ),
                ),
            };
            (u.zh, u.en) = (zh.clone(), en.clone());
            problems.push(Problem::new(
                u.evidence.file.clone(),
                u.evidence.location.to_string(),
                Severity::Warning,
                zh,
                en,
            ));
        }
        self.problems.extend(problems);
    }

    /// Whether a PDF's text carries enough form labels to be a form exported to PDF.
    fn pdf_looks_like_form(&self, text: &PdfText) -> bool {
        text.status.is_readable()
            && text.ocr_pages.is_empty()
            && text.pages.iter().take(3).any(|page| {
                form::form_score(&form::sheet_from_page("p", page, self.rules), self.rules)
                    >= FORM_MIN_LABELS
            })
    }

    fn add_workbook(&mut self, rel: &str, name_roles: &[Role], sheets: &[Sheet]) {
        // What the reader cut or skipped (limits, sheets that are not worksheets), first:
        // a workbook left empty by a cut still says why.
        for sheet in sheets {
            for note in &sheet.notes {
                self.problem(
                    rel,
                    Location::Sheet(sheet.name.clone()).to_string(),
                    note.severity,
                    note.zh.clone(),
                    note.en.clone(),
                );
            }
        }
        let file_table_role = name_roles
            .first()
            .copied()
            .filter(|r| *r == Role::Form || table_kind(*r).is_some());
        let non_empty: Vec<&Sheet> = sheets
            .iter()
            .filter(|s| {
                s.rows
                    .iter()
                    .flatten()
                    .any(|c| *c != crate::ingest::Cell::Empty)
            })
            .collect();
        if non_empty.is_empty() {
            self.problem(
                rel,
                "",
                Severity::Warning,
                "表格文件没有任何内容".into(),
                "the workbook is empty".into(),
            );
            self.add_unreadable(rel, name_roles, DocStatus::Unreadable("空表格".into()));
            return;
        }
        let mut any_role = false;
        let mut unrecognised: Vec<&Sheet> = Vec::new();
        for sheet in non_empty {
            let by_sheet_name = table_role_by_name(&sheet.name, self.rules);
            // Sheet name first; the file's name next (unless the content clearly says
            // otherwise); the content last. A header found on the way is kept for reading.
            let mut header = None;
            let role = by_sheet_name.or_else(|| match file_table_role {
                Some(Role::Form) if form::form_score(sheet, self.rules) > 0 => Some(Role::Form),
                Some(r) if table_kind(r).is_some() => {
                    header = table_kind(r).and_then(|k| table::find_header(sheet, k, self.rules));
                    if header.is_some() {
                        Some(r)
                    } else {
                        sheet_role_by_content(sheet, self.rules)
                    }
                }
                _ => sheet_role_by_content(sheet, self.rules),
            });
            if role != file_table_role {
                header = None;
            }
            match role {
                Some(Role::Form) => {
                    any_role = true;
                    self.read_form_sheet(rel, sheet);
                }
                Some(r) if table_kind(r).is_some() => {
                    any_role = true;
                    self.read_table_sheet(rel, sheet, r, header);
                }
                _ => {
                    self.summary(rel, &sheet.name, None, DocStatus::Readable);
                    unrecognised.push(sheet);
                }
            }
        }
        if any_role {
            for sheet in unrecognised {
                self.problem(
                    rel,
                    Location::Sheet(sheet.name.clone()).to_string(),
                    Severity::Info,
                    "未识别的工作表（不是推荐表，也没有人员、服务、活动表头），未读取".into(),
                    "unrecognised sheet (no form labels, no roster, service or activity header); not read".into(),
                );
            }
            return;
        }
        // The file's name promises a table or form that its content does not show: report
        // it as present but unreadable, so the criteria needing it become review.
        match (file_table_role, unrecognised.first()) {
            (Some(Role::Form), _) => {
                self.problem(
                    rel,
                    "",
                    Severity::Error,
                    "推荐表中未找到任何可识别的栏目".into(),
                    "no recognisable field in the form".into(),
                );
                self.form_elsewhere.push(rel.to_string());
                return;
            }
            (Some(role), Some(sheet)) if table_kind(role).is_some() => {
                self.facts
                    .files
                    .retain(|f| !(f.file == rel && f.role.is_none()));
                self.read_table_sheet(rel, sheet, role, None);
                return;
            }
            _ => {}
        }
        let materials: Vec<Role> = name_roles
            .iter()
            .copied()
            .filter(|r| table_kind(*r).is_none() && *r != Role::Form)
            .collect();
        if materials.is_empty() {
            self.problem(
                rel,
                "",
                Severity::Warning,
                "无法识别的表格：未找到推荐表栏目或人员、服务、活动表头".into(),
                "unrecognised workbook: no form labels and no roster, service or activity header"
                    .into(),
            );
        }
        for role in &materials {
            self.record_role(rel, *role, DocStatus::Readable);
        }
    }

    fn read_form_sheet(&mut self, rel: &str, sheet: &Sheet) {
        let mut problems = Vec::new();
        let filled = form::read_form(rel, sheet, self.rules, &mut self.facts.form, &mut problems);
        self.problems.extend(problems);
        if self.facts.form.source.is_none() {
            self.facts.form.source = Some(form::form_source(rel, sheet));
        }
        let summary = self.summary(rel, &sheet.name, Some(Role::Form), DocStatus::Readable);
        summary.rows = filled;
        if filled == 0 {
            self.problem(
                rel,
                Location::Sheet(sheet.name.clone()).to_string(),
                Severity::Warning,
                "推荐表中未读到任何栏目".into(),
                "no field could be read from the form".into(),
            );
        }
    }

    /// Reads a table sheet; `found` is its header when role detection already found it.
    fn read_table_sheet(
        &mut self,
        rel: &str,
        sheet: &Sheet,
        role: Role,
        found: Option<table::Header>,
    ) {
        let Some(kind) = table_kind(role) else { return };
        let Some(header) = found.or_else(|| table::find_header(sheet, kind, self.rules)) else {
            self.problem(
                rel,
                Location::Sheet(sheet.name.clone()).to_string(),
                Severity::Error,
                format!(
                    "未找到{}的表头（前 {} 行中没有可识别的列名）",
                    role.label(crate::model::Lang::Zh),
                    table::HEADER_SEARCH_ROWS
                ),
                format!(
                    "no {} header found in the first {} rows",
                    role.label(crate::model::Lang::En),
                    table::HEADER_SEARCH_ROWS
                ),
            );
            let status = DocStatus::Unreadable("未找到表头".into());
            let place = Evidence {
                file: rel.to_string(),
                location: Location::Sheet(sheet.name.clone()),
            };
            self.table_unreadable(role, place, &status);
            self.summary(rel, &sheet.name, Some(role), status);
            return;
        };
        if let Some(found) = self.table_found(role) {
            found.mark_read();
        }
        let read = table::read_table(rel, sheet, kind, &header);
        self.facts.staff.extend(read.staff);
        self.facts.services.extend(read.services);
        self.facts.activities.extend(read.activities);
        self.problems.extend(read.problems);
        // A sheet the reader cut (a limit dropped rows or cells, or it failed part-way) gives
        // counts that are only lower bounds: recorded as a part not read, so a count it could
        // change is review, never a confident fail.
        if sheet.dropped_cells > 0 {
            let place = Evidence {
                file: rel.to_string(),
                location: Location::Sheet(sheet.name.clone()),
            };
            let status = DocStatus::Unreadable("部分内容未读取".into());
            self.table_unreadable(role, place, &status);
        }
        let summary = self.summary(rel, &sheet.name, Some(role), DocStatus::Readable);
        summary.header_row = Some(header.first_row);
        summary.columns = header.describe();
        summary.rows = read.rows;
    }

    fn finish(mut self) -> (Facts, Vec<Problem>) {
        self.finish_form();
        self.verify_premises();
        (self.facts, self.problems)
    }

    fn finish_form(&mut self) {
        // A form exported to PDF is read only when no spreadsheet form was found.
        if self.facts.form.source.is_none() {
            for (rel, pages) in std::mem::take(&mut self.pdf_forms) {
                for page in &pages {
                    if form::form_score(page, self.rules) >= FORM_MIN_LABELS {
                        self.read_form_sheet(&rel, page);
                    }
                }
                if self.facts.form.source.is_some() {
                    self.problem(
                        &rel,
                        "",
                        Severity::Warning,
                        "推荐表为 PDF，栏目按页面文字读取，请核对".into(),
                        "the form is a PDF: fields were read from its text; check them".into(),
                    );
                    self.form_elsewhere.clear();
                }
            }
        }
        if self.facts.form.source.is_none() {
            let (zh, en) = if self.form_elsewhere.is_empty() {
                (
                    "未找到推荐表（申报表）".to_string(),
                    "no application form found".to_string(),
                )
            } else {
                (
                    format!(
                        "推荐表不是可读取的电子表格（{}），无法读取栏目",
                        self.form_elsewhere.join("、")
                    ),
                    format!(
                        "the form is not a readable spreadsheet ({})",
                        self.form_elsewhere.join(", ")
                    ),
                )
            };
            self.problem("", "", Severity::Error, zh, en);
        }
    }
}

/// How a scanned file with these name roles is read by OCR (SPEC §8.2), or not at all: files
/// whose role needs figures (audit, credit, premises, licence) and files whose role the name
/// does not give (read to classify them). Other materials count by presence and are not read.
fn ocr_plan(name_roles: &[Role]) -> Option<PagePlan> {
    if name_roles.iter().all(|r| table_kind(*r).is_some()) {
        return Some(PagePlan::Classify);
    }
    if name_roles.contains(&Role::AuditReport)
        && !name_roles
            .iter()
            .any(|r| matches!(r, Role::CreditReport | Role::PremisesProof))
    {
        return Some(PagePlan::Audit);
    }
    name_roles
        .iter()
        .any(|r| {
            matches!(
                r,
                Role::AuditReport
                    | Role::CreditReport
                    | Role::PremisesProof
                    | Role::Material(MaterialKind::Licence)
            )
        })
        .then_some(PagePlan::All)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn status_words(status: &DocStatus) -> (&'static str, &'static str) {
    match status {
        DocStatus::Readable => ("可读取", "readable"),
        DocStatus::Scanned => ("为扫描件（无文字层）", "is scanned (no text layer)"),
        DocStatus::Encrypted => ("已加密", "is encrypted"),
        DocStatus::Unreadable(_) => ("无法读取", "is unreadable"),
    }
}

/// Reads every file of a submission into an applicant.
pub fn read_submission(sub: &Submission, rules: &Rules) -> Applicant {
    let mut collector = Collector::new(rules);
    let container_problems =
        discover::for_each_file(sub, &rules.limits, |raw| collector.add_file_isolated(raw));
    collector.problems.extend(container_problems);
    let (facts, problems) = collector.finish();
    applicant(
        &sub.id,
        sub.district_folder.clone(),
        &sub.rel,
        facts,
        problems,
    )
}

/// Reads loose files as one applicant (`inspect FILE`).
pub fn read_files(id: &str, files: Vec<RawFile>, rules: &Rules) -> Applicant {
    let mut collector = Collector::new(rules);
    for raw in files {
        collector.add_file_isolated(raw);
    }
    let (facts, problems) = collector.finish();
    applicant(id, None, id, facts, problems)
}

fn applicant(
    id: &str,
    district_folder: Option<String>,
    path: &str,
    facts: Facts,
    mut problems: Vec<Problem>,
) -> Applicant {
    for p in &mut problems {
        p.applicant = id.to_string();
    }
    Applicant {
        id: id.to_string(),
        district_folder,
        path: path.to_string(),
        facts,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_roles_with_the_traps_of_real_submissions() {
        let rules = Rules::jinan_2021();
        let table = |n: &str| table_role_by_name(n, &rules);
        assert_eq!(table("1-推荐表"), Some(Role::Form));
        assert_eq!(table("3-服务企业名单2022"), Some(Role::ServiceLog));
        assert_eq!(table("4-服务活动记录"), Some(Role::ActivityLog));
        assert_eq!(table("2-专职人员名册"), Some(Role::Roster));
        assert_eq!(table("人员名册（含社保缴纳情况）"), Some(Role::Roster));
        assert_eq!(table("专职人员社保缴费清单"), None);
        assert_eq!(table("社保缴费明细"), None);
        let docs = |n: &str| document_roles_by_name(n, &rules);
        assert_eq!(
            docs("专职人员社保缴费清单"),
            vec![Role::Material(MaterialKind::SocialInsurance)]
        );
        assert_eq!(
            docs("管理制度及收费标准"),
            vec![
                Role::Material(MaterialKind::ManagementSystem),
                Role::Material(MaterialKind::FeeStandard)
            ]
        );
        assert_eq!(
            docs("申报材料真实性承诺书"),
            vec![Role::Material(MaterialKind::Authenticity)]
        );
        assert_eq!(docs("6-信用中国信用报告"), vec![Role::CreditReport]);
        assert_eq!(docs("房屋租赁合同"), vec![Role::PremisesProof]);
        assert!(docs("新建文本文档").is_empty());
        // A file takes a role from its folder when its own name says nothing.
        assert_eq!(
            roles_by_path("合作协议/甲公司.pdf", &rules, false),
            vec![Role::Agreement]
        );
    }
}
