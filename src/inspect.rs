//! `sme-audit inspect`: what the tool sees in one applicant (or one file): the role of every
//! file and sheet, the header row and column mapping chosen, every figure with its evidence,
//! and the problems. This is how a reviewer finds out why a figure is missing.

use std::fmt::Write;

use crate::ingest::PdfText;
use crate::json::{self, Json};
use crate::model::{Applicant, DocStatus, Evidence, Form, Lang, Sourced};

struct Out {
    text: String,
    lang: Lang,
}

/// Figures read by OCR and not verified (SPEC §8.2), one line each.
fn unverified_lines(out: &mut Out, list: &[crate::model::Unverified]) {
    for u in list {
        let line = format!(
            "  {}: {}",
            out.t("未核实", "unverified"),
            out.t(&u.zh, &u.en)
        );
        out.line(line);
    }
}

impl Out {
    fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
    /// `服务记录: 138 条` — a section's title and how many entries follow.
    fn heading(&mut self, title: (&str, &str), count: usize, unit: (&str, &str)) {
        let line = format!(
            "{}: {count} {}",
            self.t(title.0, title.1),
            self.t(unit.0, unit.1)
        );
        self.line(line);
    }
    fn line(&mut self, s: impl AsRef<str>) {
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }
}

fn status_text(status: &DocStatus, lang: Lang) -> String {
    match (status, lang) {
        (DocStatus::Readable, _) => String::new(),
        (DocStatus::Scanned, Lang::Zh) => "扫描件（无文字层）".into(),
        (DocStatus::Scanned, Lang::En) => "scanned (no text layer)".into(),
        (DocStatus::Encrypted, Lang::Zh) => "已加密".into(),
        (DocStatus::Encrypted, Lang::En) => "encrypted".into(),
        (DocStatus::Unreadable(r), Lang::Zh) => format!("无法读取：{r}"),
        (DocStatus::Unreadable(r), Lang::En) => format!("unreadable: {r}"),
    }
}

fn field<T: std::fmt::Display>(out: &mut Out, zh: &str, en: &str, v: &Option<Sourced<T>>) {
    let label = out.t(zh, en).to_string();
    match v {
        Some(s) => out.line(format!("  {label}: {}  [{}]", s.value, s.evidence)),
        None => out.line(format!("  {label}: {}", out.t("（未找到）", "(not found)"))),
    }
}

/// A form field whose value is shown in words of the report language (企业, 线下, 有/无), not
/// as the program's names.
fn field_as<T>(
    out: &mut Out,
    (zh, en): (&str, &str),
    v: &Option<Sourced<T>>,
    show: impl Fn(&T, Lang) -> String,
) {
    let label = out.t(zh, en).to_string();
    match v {
        Some(s) => {
            let value = show(&s.value, out.lang);
            out.line(format!("  {label}: {value}  [{}]", s.evidence))
        }
        None => out.line(format!("  {label}: {}", out.t("（未找到）", "(not found)"))),
    }
}

fn has(v: &bool, lang: Lang) -> String {
    match (v, lang) {
        (true, Lang::Zh) => "有",
        (false, Lang::Zh) => "无",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
    .to_string()
}

fn plain(v: &rust_decimal::Decimal, _: Lang) -> String {
    crate::evaluate::fmt::plain(*v)
}

fn platform_kind(v: &crate::model::PlatformKind, lang: Lang) -> String {
    v.label(lang).to_string()
}

fn functions(v: &[crate::model::Function], lang: Lang) -> String {
    v.iter()
        .map(|f| match lang {
            Lang::Zh => format!("{}服务", f.keyword()),
            Lang::En => f.id().to_string(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn opinion(v: &crate::model::Opinion, lang: Lang) -> String {
    use crate::model::Opinion;
    match (v, lang) {
        (Opinion::Standard, Lang::Zh) => "标准无保留意见",
        (Opinion::Qualified, Lang::Zh) => "保留意见",
        (Opinion::Adverse, Lang::Zh) => "否定意见",
        (Opinion::Disclaimer, Lang::Zh) => "无法表示意见",
        (Opinion::UnqualifiedWithMatter, Lang::Zh) => "带强调事项段的无保留意见",
        (Opinion::Standard, Lang::En) => "standard unqualified",
        (Opinion::Qualified, Lang::En) => "qualified",
        (Opinion::Adverse, Lang::En) => "adverse",
        (Opinion::Disclaimer, Lang::En) => "disclaimer",
        (Opinion::UnqualifiedWithMatter, Lang::En) => "unqualified with an emphasis paragraph",
    }
    .to_string()
}

fn form_section(out: &mut Out, form: &Form) {
    out.line(out.t("推荐表：", "Form:"));
    match &form.source {
        Some(src) => out.line(format!("  {}: {src}", out.t("来源", "source"))),
        None => {
            out.line(format!(
                "  {}",
                out.t("（未找到推荐表）", "(no form found)")
            ));
            return;
        }
    }
    field(out, "单位名称", "name", &form.name);
    field(out, "平台名称", "platform name", &form.platform_name);
    field(out, "统一社会信用代码", "credit code", &form.credit_code);
    field_as(out, ("单位性质", "org type"), &form.org_type, |t, l| {
        t.label(l).to_string()
    });
    field(out, "成立时间", "established", &form.established);
    field(out, "注册地址", "address", &form.address);
    field(out, "所属区县", "district", &form.district);
    field(out, "推荐单位", "recommender", &form.recommender);
    field_as(
        out,
        ("平台类型", "platform kind"),
        &form.platform_kind,
        platform_kind,
    );
    field(
        out,
        "线上注册企业数",
        "online registered",
        &form.online_registered,
    );
    field_as(
        out,
        ("服务场所面积（平方米）", "premises area (m²)"),
        &form.premises_area,
        plain,
    );
    field(out, "协作服务机构数", "partners", &form.partners);
    field_as(
        out,
        ("申报服务功能", "functions"),
        &form.functions,
        |f, l| functions(f, l),
    );
    field_as(
        out,
        ("在线信息发布系统", "info system"),
        &form.has_info_system,
        has,
    );
    field_as(out, ("专家库", "expert pool"), &form.has_expert_pool, has);
    field_as(out, ("项目库", "project pool"), &form.has_project_pool, has);
    field_as(
        out,
        ("创业指南", "startup guide"),
        &form.has_startup_guide,
        has,
    );
    field_as(out, ("服务热线", "hotline"), &form.has_hotline, has);
    field_as(
        out,
        ("法律服务指南", "legal guide"),
        &form.has_legal_guide,
        has,
    );
    field_as(
        out,
        ("培训评价机制", "training evaluation"),
        &form.has_training_eval,
        has,
    );
    field_as(
        out,
        ("新增担保额（元）", "new guarantees (yuan)"),
        &form.new_guarantees,
        plain,
    );
    field_as(
        out,
        ("申报资产总额（元）", "declared assets (yuan)"),
        &form.declared_assets,
        plain,
    );
    field(
        out,
        "申报年服务企业数",
        "declared enterprises served",
        &form.declared_served,
    );
    field_as(
        out,
        ("申报用户满意度", "declared satisfaction"),
        &form.declared_satisfaction,
        plain,
    );
    field(
        out,
        "申报专职人员数",
        "declared full-time staff",
        &form.declared_staff,
    );
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "-".into())
}

fn yn(v: Option<bool>, lang: Lang) -> &'static str {
    match (v, lang) {
        (Some(true), Lang::Zh) => "是",
        (Some(false), Lang::Zh) => "否",
        (None, Lang::Zh) => "未填",
        (Some(true), Lang::En) => "yes",
        (Some(false), Lang::En) => "no",
        (None, Lang::En) => "blank",
    }
}

fn sourced<T: std::fmt::Display>(v: &Option<Sourced<T>>) -> String {
    match v {
        Some(s) => format!("{} [{}]", s.value, s.evidence),
        None => "-".into(),
    }
}

/// A PDF's heading line and its figures, one per line.
fn document(
    out: &mut Out,
    title: (&str, &str),
    file: &str,
    status: &DocStatus,
    figures: &[(&str, &str, String)],
) {
    let status = status_text(status, out.lang);
    out.line(format!("{}: {file} {status}", out.t(title.0, title.1)));
    for (zh, en, value) in figures {
        out.line(format!("  {}: {value}", out.t(zh, en)));
    }
}

/// Renders what the tool extracted from an applicant.
pub fn render(app: &Applicant, lang: Lang) -> String {
    let mut out = Out {
        text: String::new(),
        lang,
    };
    let f = &app.facts;
    out.line(format!(
        "== {} {} ({}) ==",
        out.t("申报单位", "Applicant"),
        app.id,
        app.path
    ));
    if let Some(d) = &app.district_folder {
        out.line(format!("{}: {d}", out.t("所在目录", "folder")));
    }
    out.line(out.t("文件与角色：", "Files and roles:"));
    for s in &f.files {
        let role = s
            .role
            .map(|r| r.label(lang).to_string())
            .unwrap_or_else(|| out.t("未识别", "unrecognised").into());
        let place = if s.sheet.is_empty() {
            s.file.clone()
        } else {
            format!("{}!{}", s.file, s.sheet)
        };
        let status = status_text(&s.status, lang);
        let mut line = format!("  {place} → {role}");
        if !status.is_empty() {
            let _ = write!(line, " ({status})");
        }
        if let Some(h) = s.header_row {
            let _ = write!(line, "; {} {}", out.t("表头行", "header row"), h + 1);
        }
        if s.rows > 0 {
            let _ = write!(
                line,
                "; {} {}",
                s.rows,
                out.t("行/项/页", "rows/fields/pages")
            );
        }
        out.line(line);
        for (field, col) in &s.columns {
            out.line(format!("      {field} ← {col}"));
        }
    }
    form_section(&mut out, &f.form);

    out.heading(("人员名册", "Roster"), f.staff.len(), ("人", "people"));
    for s in &f.staff {
        out.line(format!(
            "  {} | {} | {} | {} | {} {} [{}]",
            opt(&s.name),
            opt(&s.id_number),
            opt(&s.education),
            opt(&s.title),
            out.t("专职", "full-time"),
            yn(s.fulltime, lang),
            s.evidence
        ));
    }
    out.heading(
        ("服务记录", "Service records"),
        f.services.len(),
        ("条", "rows"),
    );
    for r in &f.services {
        out.line(format!(
            "  {} | {} | {} | {} | {} | {} {} | {} | {} [{}]",
            opt(&r.date),
            opt(&r.enterprise),
            opt(&r.credit_code),
            opt(&r.category),
            if r.online {
                out.t("线上", "online")
            } else {
                out.t("线下", "offline")
            },
            out.t("收费", "fee"),
            opt(&r.fee),
            opt(&r.fee_type),
            opt(&r.satisfaction),
            r.evidence
        ));
    }
    out.heading(
        ("活动记录", "Activities"),
        f.activities.len(),
        ("条", "rows"),
    );
    for a in &f.activities {
        out.line(format!(
            "  {} | {} | {} | {} | {} [{}]",
            opt(&a.date),
            opt(&a.name),
            opt(&a.category),
            opt(&a.enterprises),
            opt(&a.attendees),
            a.evidence
        ));
    }
    for a in &f.audits {
        let opinion = a
            .opinion
            .as_ref()
            .map(|o| format!("{} [{}]", opinion(&o.value, lang), o.evidence))
            .unwrap_or_else(|| "-".into());
        document(
            &mut out,
            ("审计报告", "Audit report"),
            &a.file,
            &a.status,
            &[
                ("年度", "year", sourced(&a.year)),
                (
                    "资产总计（元）",
                    "total assets (yuan)",
                    sourced(&a.total_assets),
                ),
                (
                    "负债合计（元）",
                    "total liabilities (yuan)",
                    sourced(&a.total_liabilities),
                ),
                ("净资产（元）", "net assets (yuan)", sourced(&a.net_assets)),
                ("营业收入（元）", "revenue (yuan)", sourced(&a.revenue)),
                ("净利润（元）", "net profit (yuan)", sourced(&a.net_profit)),
                ("审计意见", "opinion", opinion),
            ],
        );
        unverified_lines(&mut out, &a.unverified);
    }
    for c in &f.credit_reports {
        document(
            &mut out,
            ("信用报告", "Credit report"),
            &c.file,
            &c.status,
            &[
                (
                    "失信被执行人",
                    "dishonest judgement debtors",
                    sourced(&c.dishonest_executed),
                ),
                (
                    "重大税收违法失信主体",
                    "major tax violations",
                    sourced(&c.major_tax_violations),
                ),
                (
                    "严重失信主体名单",
                    "serious dishonesty list",
                    sourced(&c.serious_dishonest),
                ),
                (
                    "行政处罚",
                    "administrative penalties",
                    sourced(&c.admin_penalties),
                ),
            ],
        );
        unverified_lines(&mut out, &c.unverified);
    }
    for p in &f.premises_proofs {
        document(
            &mut out,
            ("场所证明", "Premises proof"),
            &p.file,
            &p.status,
            &[("面积（平方米）", "area (m²)", sourced(&p.area))],
        );
        unverified_lines(&mut out, &p.unverified);
    }
    for c in &f.licence_codes {
        let line = format!(
            "{}: {} [{}]",
            out.t("营业执照统一社会信用代码", "Licence credit code"),
            c.code.value,
            c.code.evidence
        );
        out.line(line);
    }
    out.line(format!(
        "{}: {}",
        out.t("合作协议", "Agreements"),
        f.agreements.len()
    ));
    for a in &f.agreements {
        out.line(format!("  {a}"));
    }
    out.line(out.t("其他材料：", "Materials:"));
    for m in &f.materials {
        let status = status_text(&m.status, lang);
        out.line(format!(
            "  {} ← {} {status}",
            crate::model::Role::Material(m.kind).label(lang),
            m.file
        ));
    }
    out.line(format!(
        "{}: {}",
        out.t("问题", "Problems"),
        app.problems.len()
    ));
    for p in &app.problems {
        let place = [p.file.as_str(), p.location.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        out.line(format!(
            "  [{}] {place}: {}",
            p.severity.label(lang),
            p.message(lang)
        ));
    }
    out.text
}

/// Renders a PDF's pages as extracted, for `inspect FILE.pdf`.
pub fn render_pdf_text(file: &str, text: &PdfText, lang: Lang) -> String {
    let mut out = Out {
        text: String::new(),
        lang,
    };
    let status = status_text(&text.status, lang);
    out.line(format!(
        "== {file} {} {} {status} ==",
        text.pages.len(),
        out.t("页", "pages")
    ));
    for (i, page) in text.pages.iter().enumerate() {
        out.line(format!(
            "--- {} {} ---",
            out.t("第", "page"),
            Evidence::page(file, i as u32 + 1).location
        ));
        out.line(page.trim_end());
    }
    for r in &text.remarks {
        out.line(format!("  [{}] {r}", out.t("提示", "note")));
    }
    out.text
}

/// The OCR boxes of a scanned file's pages with their confidences and places (pixels of the
/// upright page), so a reviewer can see what each figure was read from.
pub fn render_ocr_boxes(pdf: &PdfText, rules: &crate::rules::Rules, lang: Lang) -> String {
    let mut out = Out {
        text: String::new(),
        lang,
    };
    if !rules.ocr.enabled || pdf.images.is_empty() {
        return out.text;
    }
    for image in pdf.images.iter().take(rules.limits.ocr_pages) {
        match crate::ocr::read_page(image, &rules.ocr, &rules.limits) {
            Ok(read) => {
                out.line(format!(
                    "--- p.{} (OCR) {}×{}，{} {}°，{} {}° ---",
                    image.page,
                    read.width,
                    read.height,
                    out.t("转正", "turned"),
                    read.quarter_turns as u32 * 90,
                    out.t("纠斜", "deskewed"),
                    read.skew_degrees
                ));
                for b in &read.boxes {
                    out.line(format!(
                        "  {:.3}  [{:.0},{:.0}–{:.0},{:.0}]  {}",
                        b.confidence, b.x0, b.y0, b.x1, b.y1, b.text
                    ));
                }
            }
            Err(why) => out.line(format!("--- p.{} (OCR): {why} ---", image.page)),
        }
    }
    out.text
}

/// `sme-audit inspect PATH`: a PDF's page texts first (for a single PDF), then what the tool
/// extracts. A round or district folder is not one applicant: its applicants are listed
/// instead, so the reviewer can pick one.
pub fn inspect_path(
    path: &std::path::Path,
    rules: &crate::rules::Rules,
    lang: Lang,
) -> Result<String, String> {
    inspect_path_as(path, rules, lang, Format::Text)
}

/// `inspect_path` in a format: with `Format::Json` one JSON document (`kind`: `applicant`,
/// `round` or `lock_file`; see the README), the page texts of a single PDF or image under
/// `pdf`, no OCR box listing.
pub fn inspect_path_as(
    path: &std::path::Path,
    rules: &crate::rules::Rules,
    lang: Lang,
    format: Format,
) -> Result<String, String> {
    let as_json = format == Format::Json;
    let Ok(meta) = std::fs::metadata(path) else {
        return Err(format!("找不到 {} / not found", path.display()));
    };
    // Never open a FIFO, socket or device: reading one would block or never end.
    if !meta.is_file() && !meta.is_dir() {
        return Err(format!(
            "{} 不是普通文件（管道、套接字或设备），未读取 / not a regular file (FIFO, socket or device): not read",
            path.display()
        ));
    }
    let base = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if meta.is_file() && base.starts_with("~$") {
        let out = Out {
            text: String::new(),
            lang,
        };
        let note = out.t(
            "Office/WPS 临时锁定文件（~$ 开头），不是申报材料，评审时忽略",
            "Office/WPS lock file (~$…): not application material, ignored by evaluate",
        );
        if as_json {
            return Ok(Json::Obj(vec![
                ("kind", Json::str("lock_file")),
                ("file", Json::str(&base)),
                ("message", Json::str(note)),
            ])
            .pretty());
        }
        return Ok(format!("{base}: {note}\n"));
    }
    let is_form = |p: &std::path::Path| crate::extract::file_holds_form(p, rules);
    if path.is_dir() && !crate::discover::is_applicant_dir(path, rules, &is_form) {
        let round = crate::pipeline::discover_round(path, rules).map_err(|e| e.to_string())?;
        if !round.submissions.is_empty() && as_json {
            return Ok(Json::Obj(vec![
                ("kind", Json::str("round")),
                ("path", Json::str(path.display().to_string())),
                (
                    "applicants",
                    Json::arr(&round.submissions, |sub| {
                        Json::Obj(vec![
                            ("id", Json::str(&sub.id)),
                            ("path", Json::str(&sub.rel)),
                        ])
                    }),
                ),
            ])
            .pretty());
        }
        if !round.submissions.is_empty() {
            let mut out = Out {
                text: String::new(),
                lang,
            };
            out.line(format!(
                "{} {} {}",
                out.t(
                    "这是一个批次（或区县）目录，包含",
                    "This is a round (or district) folder holding"
                ),
                round.submissions.len(),
                out.t(
                    "个申报单位；请对其中一个运行 inspect：",
                    "applicants; run inspect on one of them:"
                )
            ));
            for sub in &round.submissions {
                out.line(format!("  {}  ({})", sub.id, sub.rel));
            }
            return Ok(out.text);
        }
    }
    let mut text = String::new();
    let mut pages = None;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = crate::discover::extension(&name);
    let image = crate::ingest::image::is_image_ext(&ext);
    if path.is_file() && (ext == "pdf" || image) {
        let bytes = crate::discover::read_file(path, &rules.limits)
            .map_err(|(zh, en)| format!("{}: {zh} / {en}", path.display()))?;
        // A reader panic costs the page listing only; the extraction below reports the file.
        if let Ok(mut pdf) = std::panic::catch_unwind(|| {
            if image {
                crate::ingest::image::read_image_file(&bytes, &rules.limits)
            } else {
                crate::ingest::pdf::read_pdf_limited(&bytes, &rules.limits)
            }
        }) {
            if !as_json {
                text.push_str(&render_ocr_boxes(&pdf, rules, lang));
            }
            crate::ocr::read_scanned(&mut pdf, &rules.ocr, &rules.limits);
            if as_json {
                let mut o = vec![("file", Json::str(&name))];
                o.extend(status_members(&pdf.status, lang));
                o.push(("pages", Json::arr(&pdf.pages, |p| Json::str(p.trim_end()))));
                o.push((
                    "remarks",
                    Json::arr(&pdf.remarks, |r| Json::str(r.to_string())),
                ));
                pages = Some(Json::Obj(o));
            } else {
                text.push_str(&render_pdf_text(&name, &pdf, lang));
            }
        }
    }
    let app = crate::pipeline::read_path(path, rules);
    if as_json {
        let Json::Obj(mut members) = render_json(&app, lang) else {
            return Ok(String::new());
        };
        members.insert(0, ("kind", Json::str("applicant")));
        members.extend(pages.map(|p| ("pdf", p)));
        return Ok(Json::Obj(members).pretty());
    }
    text.push_str(&render(&app, lang));
    Ok(text)
}

/// `inspect --format`: the text for people (default) or one JSON document for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

fn sourced_json<T>(v: &Option<Sourced<T>>, f: impl FnOnce(&T) -> Json) -> Json {
    match v {
        Some(s) => Json::Obj(vec![
            ("value", f(&s.value)),
            ("evidence", json::evidence(&s.evidence)),
        ]),
        None => Json::Null,
    }
}

fn text_json(v: &Option<String>) -> Json {
    Json::opt(v.as_ref(), Json::str)
}

/// Stable ids (never translated) of the enumerations a program compares against.
fn role_id(role: crate::model::Role) -> &'static str {
    use crate::model::{MaterialKind as M, Role};
    match role {
        Role::Form => "form",
        Role::Roster => "roster",
        Role::ServiceLog => "service_log",
        Role::ActivityLog => "activity_log",
        Role::AuditReport => "audit_report",
        Role::CreditReport => "credit_report",
        Role::PremisesProof => "premises_proof",
        Role::Agreement => "agreement",
        Role::Material(M::Licence) => "material.licence",
        Role::Material(M::ManagementSystem) => "material.management_system",
        Role::Material(M::FeeStandard) => "material.fee_standard",
        Role::Material(M::SocialInsurance) => "material.social_insurance",
        Role::Material(M::Qualifications) => "material.qualifications",
        Role::Material(M::Permits) => "material.permits",
        Role::Material(M::FunctionEvidence) => "material.function_evidence",
        Role::Material(M::Authenticity) => "material.authenticity",
        Role::Material(M::Other) => "material.other",
    }
}

fn org_type_id(t: crate::model::OrgType) -> &'static str {
    use crate::model::OrgType;
    match t {
        OrgType::Enterprise => "enterprise",
        OrgType::PublicInstitution => "public_institution",
        OrgType::PrivateNonEnterprise => "private_non_enterprise",
        OrgType::SocialOrganisation => "social_organisation",
        OrgType::Foundation => "foundation",
        OrgType::Other => "other",
    }
}

fn opinion_id(o: crate::model::Opinion) -> &'static str {
    use crate::model::Opinion;
    match o {
        Opinion::Standard => "standard",
        Opinion::Qualified => "qualified",
        Opinion::Adverse => "adverse",
        Opinion::Disclaimer => "disclaimer",
        Opinion::UnqualifiedWithMatter => "unqualified_with_matter",
    }
}

fn severity_id(s: crate::model::Severity) -> &'static str {
    s.label(Lang::En)
}

/// `status` (`readable`, `scanned`, `encrypted`, `unreadable`) and, unless readable, `reason`
/// in the report language.
fn status_members(status: &DocStatus, lang: Lang) -> Vec<(&'static str, Json)> {
    let id = match status {
        DocStatus::Readable => "readable",
        DocStatus::Scanned => "scanned",
        DocStatus::Encrypted => "encrypted",
        DocStatus::Unreadable(_) => "unreadable",
    };
    let mut v = vec![("status", Json::str(id))];
    if !status.is_readable() {
        v.push(("reason", Json::str(status_text(status, lang))));
    }
    v
}

fn unverified_json(list: &[crate::model::Unverified], lang: Lang) -> Json {
    Json::arr(list, |u| {
        Json::Obj(vec![
            ("field", Json::str(u.field)),
            ("value", Json::decimal(u.value)),
            ("evidence", json::evidence(&u.evidence)),
            (
                "message",
                Json::str(match lang {
                    Lang::Zh => &u.zh,
                    Lang::En => &u.en,
                }),
            ),
        ])
    })
}

fn form_json(form: &Form) -> Json {
    let text = |v: &Option<Sourced<String>>| sourced_json(v, |s| Json::str(s));
    let count = |v: &Option<Sourced<u64>>| sourced_json(v, |n| Json::int(*n));
    let money = |v: &Option<Sourced<rust_decimal::Decimal>>| sourced_json(v, |d| Json::decimal(*d));
    let flag = |v: &Option<Sourced<bool>>| sourced_json(v, |b| Json::Bool(*b));
    Json::Obj(vec![
        ("source", Json::opt(form.source.as_ref(), json::evidence)),
        ("name", text(&form.name)),
        ("platform_name", text(&form.platform_name)),
        ("credit_code", text(&form.credit_code)),
        (
            "org_type",
            sourced_json(&form.org_type, |t| Json::str(org_type_id(*t))),
        ),
        (
            "established",
            sourced_json(&form.established, |d| Json::str(d.to_string())),
        ),
        ("address", text(&form.address)),
        ("district", text(&form.district)),
        ("recommender", text(&form.recommender)),
        (
            "platform_kind",
            sourced_json(&form.platform_kind, |k| {
                Json::str(match k {
                    crate::model::PlatformKind::Offline => "offline",
                    crate::model::PlatformKind::Internet => "internet",
                })
            }),
        ),
        ("online_registered", count(&form.online_registered)),
        ("premises_area", money(&form.premises_area)),
        ("partners", count(&form.partners)),
        (
            "functions",
            sourced_json(&form.functions, |list| {
                Json::arr(list, |f| Json::str(f.id()))
            }),
        ),
        ("has_info_system", flag(&form.has_info_system)),
        ("has_expert_pool", flag(&form.has_expert_pool)),
        ("has_project_pool", flag(&form.has_project_pool)),
        ("has_startup_guide", flag(&form.has_startup_guide)),
        ("has_hotline", flag(&form.has_hotline)),
        ("has_legal_guide", flag(&form.has_legal_guide)),
        ("has_training_eval", flag(&form.has_training_eval)),
        ("new_guarantees", money(&form.new_guarantees)),
        ("declared_assets", money(&form.declared_assets)),
        ("declared_served", count(&form.declared_served)),
        ("declared_satisfaction", money(&form.declared_satisfaction)),
        ("declared_staff", count(&form.declared_staff)),
    ])
}

/// What `render` prints, as one JSON value (README “inspect --format json”): field names in
/// English, numbers as exact numbers, dates ISO, enumerations as stable English ids; messages
/// and reasons in the report language.
pub fn render_json(app: &Applicant, lang: Lang) -> Json {
    let f = &app.facts;
    let date = |d: &Option<chrono::NaiveDate>| Json::opt(d.as_ref(), |d| Json::str(d.to_string()));
    let files = Json::arr(&f.files, |s| {
        let mut o = vec![
            ("file", Json::str(&s.file)),
            (
                "sheet",
                if s.sheet.is_empty() {
                    Json::Null
                } else {
                    Json::str(&s.sheet)
                },
            ),
            ("role", Json::opt(s.role, |r| Json::str(role_id(r)))),
            (
                "role_label",
                Json::opt(s.role, |r| Json::str(r.label(lang))),
            ),
        ];
        o.extend(status_members(&s.status, lang));
        o.push(("header_row", Json::opt(s.header_row, |h| Json::int(h + 1))));
        o.push((
            "columns",
            Json::arr(&s.columns, |(field, column)| {
                Json::Obj(vec![
                    ("field", Json::str(field)),
                    ("column", Json::str(column)),
                ])
            }),
        ));
        o.push(("rows", Json::int(s.rows as u64)));
        Json::Obj(o)
    });
    let staff = Json::arr(&f.staff, |s| {
        Json::Obj(vec![
            ("name", text_json(&s.name)),
            ("id_number", text_json(&s.id_number)),
            ("education", text_json(&s.education)),
            ("title", text_json(&s.title)),
            ("fulltime", Json::opt(s.fulltime, Json::Bool)),
            (
                "social_insurance",
                Json::opt(s.social_insurance, Json::Bool),
            ),
            ("evidence", json::evidence(&s.evidence)),
        ])
    });
    let services = Json::arr(&f.services, |r| {
        Json::Obj(vec![
            ("date", date(&r.date)),
            ("enterprise", text_json(&r.enterprise)),
            ("credit_code", text_json(&r.credit_code)),
            ("category", text_json(&r.category)),
            ("content", text_json(&r.content)),
            ("online", Json::Bool(r.online)),
            ("fee", Json::opt(r.fee, Json::decimal)),
            ("fee_type", text_json(&r.fee_type)),
            ("satisfaction", text_json(&r.satisfaction)),
            (
                "satisfaction_scale",
                Json::opt(r.satisfaction_scale, Json::int),
            ),
            ("trainees", Json::opt(r.trainees, Json::int)),
            ("financing", Json::opt(r.financing, Json::decimal)),
            ("landed", Json::opt(r.landed, Json::Bool)),
            ("legal_checkup", Json::opt(r.legal_checkup, Json::Bool)),
            ("evidence", json::evidence(&r.evidence)),
        ])
    });
    let activities = Json::arr(&f.activities, |a| {
        Json::Obj(vec![
            ("date", date(&a.date)),
            ("name", text_json(&a.name)),
            ("category", text_json(&a.category)),
            ("enterprises", Json::opt(a.enterprises, Json::int)),
            ("attendees", Json::opt(a.attendees, Json::int)),
            ("evidence", json::evidence(&a.evidence)),
        ])
    });
    let money = |v: &Option<Sourced<rust_decimal::Decimal>>| sourced_json(v, |d| Json::decimal(*d));
    let count = |v: &Option<Sourced<u32>>| sourced_json(v, |n| Json::int(*n));
    let audits = Json::arr(&f.audits, |a| {
        let mut o = vec![("file", Json::str(&a.file))];
        o.extend(status_members(&a.status, lang));
        o.extend([
            ("year", sourced_json(&a.year, |y| Json::int(*y))),
            ("total_assets", money(&a.total_assets)),
            ("total_liabilities", money(&a.total_liabilities)),
            ("net_assets", money(&a.net_assets)),
            ("revenue", money(&a.revenue)),
            ("net_profit", money(&a.net_profit)),
            (
                "opinion",
                sourced_json(&a.opinion, |o| Json::str(opinion_id(*o))),
            ),
            (
                "matter_paragraph",
                sourced_json(&a.matter_paragraph, |s| Json::str(s)),
            ),
            ("unverified", unverified_json(&a.unverified, lang)),
        ]);
        Json::Obj(o)
    });
    let credit_reports = Json::arr(&f.credit_reports, |c| {
        let mut o = vec![("file", Json::str(&c.file))];
        o.extend(status_members(&c.status, lang));
        o.extend([
            ("dishonest_executed", count(&c.dishonest_executed)),
            ("major_tax_violations", count(&c.major_tax_violations)),
            ("serious_dishonest", count(&c.serious_dishonest)),
            ("admin_penalties", count(&c.admin_penalties)),
            ("unverified", unverified_json(&c.unverified, lang)),
        ]);
        Json::Obj(o)
    });
    let premises_proofs = Json::arr(&f.premises_proofs, |p| {
        let mut o = vec![("file", Json::str(&p.file))];
        o.extend(status_members(&p.status, lang));
        o.extend([
            ("area", money(&p.area)),
            ("address", text_json(&p.address)),
            ("unverified", unverified_json(&p.unverified, lang)),
        ]);
        Json::Obj(o)
    });
    let materials = Json::arr(&f.materials, |m| {
        let mut o = vec![
            (
                "kind",
                Json::str(role_id(crate::model::Role::Material(m.kind))),
            ),
            ("file", Json::str(&m.file)),
        ];
        o.extend(status_members(&m.status, lang));
        Json::Obj(o)
    });
    let problems = Json::arr(&app.problems, |p| {
        Json::Obj(vec![
            ("file", Json::str(&p.file)),
            ("location", Json::str(&p.location)),
            ("severity", Json::str(severity_id(p.severity))),
            ("message", Json::str(p.message(lang))),
        ])
    });
    Json::Obj(vec![
        ("applicant", Json::str(&app.id)),
        ("path", Json::str(&app.path)),
        ("folder", Json::opt(app.district_folder.as_ref(), Json::str)),
        ("files", files),
        ("form", form_json(&f.form)),
        ("staff", staff),
        ("services", services),
        ("activities", activities),
        ("audits", audits),
        ("credit_reports", credit_reports),
        ("premises_proofs", premises_proofs),
        (
            "licence_codes",
            Json::arr(&f.licence_codes, |c| {
                sourced_json(&Some(c.code.clone()), |s| Json::str(s))
            }),
        ),
        ("agreements", Json::arr(&f.agreements, json::evidence)),
        ("materials", materials),
        ("problems", problems),
    ])
}
