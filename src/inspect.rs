//! `sme-audit inspect`: what the tool sees in one applicant (or one file): the role of every
//! file and sheet, the header row and column mapping chosen, every figure with its evidence,
//! and the problems. This is how a reviewer finds out why a figure is missing.

use std::fmt::Write;

use crate::ingest::PdfText;
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
        return Ok(format!(
            "{base}: {}\n",
            out.t(
                "Office/WPS 临时锁定文件（~$ 开头），不是申报材料，评审时忽略",
                "Office/WPS lock file (~$…): not application material, ignored by evaluate"
            )
        ));
    }
    let is_form = |p: &std::path::Path| crate::extract::file_holds_form(p, rules);
    if path.is_dir() && !crate::discover::is_applicant_dir(path, rules, &is_form) {
        let round = crate::pipeline::discover_round(path, rules).map_err(|e| e.to_string())?;
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
            text.push_str(&render_ocr_boxes(&pdf, rules, lang));
            crate::ocr::read_scanned(&mut pdf, &rules.ocr, &rules.limits);
            text.push_str(&render_pdf_text(&name, &pdf, lang));
        }
    }
    let app = crate::pipeline::read_path(path, rules);
    text.push_str(&render(&app, lang));
    Ok(text)
}
