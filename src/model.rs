//! The data types the stages hand each other: where a figure came from (`Evidence`), what
//! went wrong with an input (`Problem`), and what one applicant's submission says (`Facts`).
//!
//! Ingestion fills `Facts`; evaluation reads it; reports print it. Raw strings that need the
//! rules file to be judged (education, titles, satisfaction ratings, categories, fee types)
//! are kept as normalised text and interpreted by the evaluator.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Where inside a file a figure sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Location {
    /// The file as a whole.
    #[default]
    File,
    /// A spreadsheet cell; `row` and `col` are 0-based.
    Cell { sheet: String, row: u32, col: u32 },
    /// A spreadsheet row (a whole record); `row` is 0-based.
    Row { sheet: String, row: u32 },
    /// A sheet as a whole.
    Sheet(String),
    /// A PDF page, 1-based.
    Page(u32),
    /// A PDF page (or an image file's one page), 1-based, whose text was read by OCR:
    /// displayed `p.3 (OCR)` (SPEC §8.2).
    OcrPage(u32),
    /// A paragraph of a Word document outside its tables, 1-based.
    Paragraph(u32),
}

/// Where a figure came from: a file (path relative to the applicant) and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Evidence {
    pub file: String,
    pub location: Location,
}

impl Evidence {
    pub fn file(file: impl Into<String>) -> Self {
        Evidence {
            file: file.into(),
            location: Location::File,
        }
    }
    pub fn cell(file: impl Into<String>, sheet: impl Into<String>, row: u32, col: u32) -> Self {
        Evidence {
            file: file.into(),
            location: Location::Cell {
                sheet: sheet.into(),
                row,
                col,
            },
        }
    }
    pub fn row(file: impl Into<String>, sheet: impl Into<String>, row: u32) -> Self {
        Evidence {
            file: file.into(),
            location: Location::Row {
                sheet: sheet.into(),
                row,
            },
        }
    }
    pub fn page(file: impl Into<String>, page: u32) -> Self {
        Evidence {
            file: file.into(),
            location: Location::Page(page),
        }
    }
    /// A page whose text came from OCR.
    pub fn ocr_page(file: impl Into<String>, page: u32) -> Self {
        Evidence {
            file: file.into(),
            location: Location::OcrPage(page),
        }
    }
    /// Whether the figure was read by OCR.
    pub fn is_ocr(&self) -> bool {
        matches!(self.location, Location::OcrPage(_))
    }
}

/// Excel column letters for a 0-based column index (0 → A, 26 → AA).
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Cell { sheet, row, col } => {
                write!(f, "{sheet}!{}{}", column_letters(*col), row + 1)
            }
            Location::Row { sheet, row } => write!(f, "{sheet}!{}", row + 1),
            Location::Sheet(sheet) => write!(f, "{sheet}"),
            Location::Page(p) => write!(f, "p.{p}"),
            Location::OcrPage(p) => write!(f, "p.{p} (OCR)"),
            Location::Paragraph(n) => write!(f, "¶{n}"),
        }
    }
}

/// `服务记录.xlsx!服务台账!C12`, `审计报告.pdf p.5`, or the bare file name.
impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::File => write!(f, "{}", self.file),
            Location::Page(_) | Location::OcrPage(_) | Location::Paragraph(_) => {
                write!(f, "{} {}", self.file, self.location)
            }
            _ => write!(f, "{}!{}", self.file, self.location),
        }
    }
}

/// A value together with the place it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub evidence: Evidence,
}

impl<T> Sourced<T> {
    pub fn new(value: T, evidence: Evidence) -> Self {
        Sourced { value, evidence }
    }
}

/// A figure read by OCR that could not be confirmed (SPEC §8.2): it is kept out of its field
/// (so no criterion takes it as evidence) and its criterion is review, the message giving the
/// reading and why it is unverified.
#[derive(Debug, Clone, PartialEq)]
pub struct Unverified {
    /// The report's field the figure would fill (`total_assets`, `year`, `admin_penalties`,
    /// `area` …).
    pub field: &'static str,
    /// The reading (yuan, a count, a year, m²).
    pub value: Decimal,
    pub evidence: Evidence,
    /// `审计报告.pdf p.3 (OCR) 识别资产总计 1,580,000.00 元，但与……不符，请人工核对`.
    pub zh: String,
    pub en: String,
}

/// The unverified reading of `field`, if any.
pub fn unverified<'a>(list: &'a [Unverified], field: &str) -> Option<&'a Unverified> {
    list.iter().find(|u| u.field == field)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file or value could not be used at all.
    Error,
    /// Used, but something is off and a reviewer should look.
    Warning,
    /// For the record (e.g. an assumption the tool made).
    Info,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }
}

/// One thing that went wrong with an input, in both report languages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Applicant id; empty for round-level problems.
    pub applicant: String,
    /// File path relative to the applicant (or the round for round-level problems).
    pub file: String,
    /// Sheet/cell/page, empty when the whole file is meant.
    pub location: String,
    pub severity: Severity,
    pub zh: String,
    pub en: String,
}

impl Problem {
    pub fn new(
        file: impl Into<String>,
        location: impl Into<String>,
        severity: Severity,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Problem {
            applicant: String::new(),
            file: file.into(),
            location: location.into(),
            severity,
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// What a file or a sheet is, per SPEC §2.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Form,
    Roster,
    ServiceLog,
    ActivityLog,
    AuditReport,
    CreditReport,
    PremisesProof,
    Agreement,
    Material(MaterialKind),
}

/// Art. 19 materials that are checked for presence only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MaterialKind {
    /// A19.1 营业执照 / 法人证书.
    Licence,
    /// A19.6, first half: 管理制度, 服务流程, 服务规范, 质量保证.
    ManagementSystem,
    /// A19.6, second half: 收费标准, 收费办法, 优惠.
    FeeStandard,
    /// A19.7, first half: 社保缴费清单.
    SocialInsurance,
    /// A19.7, second half: 学历, 学位, 职称 proofs.
    Qualifications,
    /// A19.8 资质, 许可, 备案 (optional).
    Permits,
    /// A19.9 服务功能证明材料.
    FunctionEvidence,
    /// A19.10 真实性声明.
    Authenticity,
    /// A19.11 其他材料 (optional).
    Other,
}

impl Role {
    pub fn label(self, lang: Lang) -> &'static str {
        use MaterialKind as M;
        let (zh, en) = match self {
            Role::Form => ("推荐表", "form"),
            Role::Roster => ("人员名册", "roster"),
            Role::ServiceLog => ("服务记录", "service log"),
            Role::ActivityLog => ("活动记录", "activity log"),
            Role::AuditReport => ("审计报告", "audit report"),
            Role::CreditReport => ("信用报告", "credit report"),
            Role::PremisesProof => ("场所证明", "premises proof"),
            Role::Agreement => ("合作协议", "agreement"),
            Role::Material(M::Licence) => ("营业执照/法人证书", "licence"),
            Role::Material(M::ManagementSystem) => ("管理制度", "management system"),
            Role::Material(M::FeeStandard) => ("收费标准", "fee standard"),
            Role::Material(M::SocialInsurance) => ("社保缴费清单", "social insurance list"),
            Role::Material(M::Qualifications) => ("学历职称证明", "degree/title proofs"),
            Role::Material(M::Permits) => ("资质许可备案", "permits"),
            Role::Material(M::FunctionEvidence) => ("服务功能证明", "function evidence"),
            Role::Material(M::Authenticity) => ("真实性声明", "authenticity declaration"),
            Role::Material(M::Other) => ("其他材料", "other material"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Whether a document's content could be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DocStatus {
    /// Text was read.
    #[default]
    Readable,
    /// Pages carry images but no text layer.
    Scanned,
    /// Needs a password.
    Encrypted,
    /// Damaged or not what its name says; the reason is kept.
    Unreadable(String),
}

impl DocStatus {
    pub fn is_readable(&self) -> bool {
        matches!(self, DocStatus::Readable)
    }

    /// Why a file could not be read, for a message: (zh, en).
    pub fn reason(&self) -> (String, String) {
        match self {
            DocStatus::Readable => ("可读取".into(), "readable".into()),
            DocStatus::Scanned => (
                "为扫描件（无文字层）".into(),
                "is scanned (no text layer)".into(),
            ),
            DocStatus::Encrypted => ("已加密".into(), "is encrypted".into()),
            DocStatus::Unreadable(why) => {
                (format!("无法读取：{why}"), format!("cannot be read: {why}"))
            }
        }
    }
}

/// Legal form of the operating unit (Art. 14(6) relaxes thresholds for the last three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgType {
    Enterprise,
    PublicInstitution,
    PrivateNonEnterprise,
    SocialOrganisation,
    Foundation,
    Other,
}

impl OrgType {
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            OrgType::Enterprise => ("企业", "enterprise"),
            OrgType::PublicInstitution => ("事业单位", "public institution"),
            OrgType::PrivateNonEnterprise => ("民办非企业单位", "private non-enterprise unit"),
            OrgType::SocialOrganisation => ("社会团体", "social organisation"),
            OrgType::Foundation => ("基金会", "foundation"),
            OrgType::Other => ("其他", "other"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Platform kind (Art. 14(2): internet platforms also need ≥ 500 online registrations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformKind {
    Offline,
    Internet,
}

impl PlatformKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlatformKind::Offline, Lang::Zh) => "线下服务平台",
            (PlatformKind::Internet, Lang::Zh) => "主要基于互联网服务的平台",
            (PlatformKind::Offline, Lang::En) => "offline",
            (PlatformKind::Internet, Lang::En) => "internet-based",
        }
    }
}

/// The seven service functions of Art. 7–13 / 15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Function {
    Info,
    Tech,
    Startup,
    Training,
    Financing,
    Consulting,
    Legal,
}

impl Function {
    pub const ALL: [Function; 7] = [
        Function::Info,
        Function::Tech,
        Function::Startup,
        Function::Training,
        Function::Financing,
        Function::Consulting,
        Function::Legal,
    ];
    /// The id suffix used in `A15.<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Function::Info => "info",
            Function::Tech => "tech",
            Function::Startup => "startup",
            Function::Training => "training",
            Function::Financing => "financing",
            Function::Consulting => "consulting",
            Function::Legal => "legal",
        }
    }
    /// The Chinese keyword (信息, 技术 …) that names the function in forms and categories.
    pub fn keyword(self) -> &'static str {
        match self {
            Function::Info => "信息",
            Function::Tech => "技术",
            Function::Startup => "创业",
            Function::Training => "培训",
            Function::Financing => "融资",
            Function::Consulting => "咨询",
            Function::Legal => "法律",
        }
    }
}

/// The application form (推荐表), SPEC §2.3. Every field keeps the cell it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    /// File (and sheet) the form was read from.
    pub source: Option<Evidence>,
    pub name: Option<Sourced<String>>,
    pub platform_name: Option<Sourced<String>>,
    /// As written, normalised (NFKC, upper case, no spaces); validated by the evaluator.
    pub credit_code: Option<Sourced<String>>,
    pub org_type: Option<Sourced<OrgType>>,
    pub established: Option<Sourced<NaiveDate>>,
    pub address: Option<Sourced<String>>,
    pub district: Option<Sourced<String>>,
    /// 推荐单位 (e.g. 历下区工业和信息化局).
    pub recommender: Option<Sourced<String>>,
    pub platform_kind: Option<Sourced<PlatformKind>>,
    pub online_registered: Option<Sourced<u64>>,
    /// m².
    pub premises_area: Option<Sourced<Decimal>>,
    pub partners: Option<Sourced<u64>>,
    pub functions: Option<Sourced<Vec<Function>>>,
    pub has_info_system: Option<Sourced<bool>>,
    pub has_expert_pool: Option<Sourced<bool>>,
    pub has_project_pool: Option<Sourced<bool>>,
    pub has_startup_guide: Option<Sourced<bool>>,
    pub has_hotline: Option<Sourced<bool>>,
    pub has_legal_guide: Option<Sourced<bool>>,
    pub has_training_eval: Option<Sourced<bool>>,
    /// Yuan.
    pub new_guarantees: Option<Sourced<Decimal>>,
    /// Yuan.
    pub declared_assets: Option<Sourced<Decimal>>,
    pub declared_served: Option<Sourced<u64>>,
    /// Fraction (0.92 for 92 %).
    pub declared_satisfaction: Option<Sourced<Decimal>>,
    pub declared_staff: Option<Sourced<u64>>,
}

/// One row of the staff roster.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaffMember {
    pub name: Option<String>,
    pub id_number: Option<String>,
    /// Raw (normalised) text of the education cell; judged by `values::education`.
    pub education: Option<String>,
    /// Raw (normalised) text of the title cell; judged by `values::title`.
    pub title: Option<String>,
    /// `Some(true)` full-time, `Some(false)` part-time, `None` not stated.
    pub fulltime: Option<bool>,
    pub social_insurance: Option<bool>,
    pub evidence: Evidence,
}

/// One row of a service log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceRecord {
    pub date: Option<NaiveDate>,
    pub enterprise: Option<String>,
    pub credit_code: Option<String>,
    pub category: Option<String>,
    /// 服务内容 / 服务事项, used to spot copied records across applicants.
    pub content: Option<String>,
    /// `true` when the mode says online (线上); empty or missing mode is offline.
    pub online: bool,
    /// Yuan.
    pub fee: Option<Decimal>,
    pub fee_type: Option<String>,
    pub satisfaction: Option<String>,
    /// The points of the satisfaction column's scale when its header names one
    /// (`满意度（10分制）` → 10).
    pub satisfaction_scale: Option<u32>,
    pub trainees: Option<u64>,
    /// Yuan.
    pub financing: Option<Decimal>,
    pub landed: Option<bool>,
    pub legal_checkup: Option<bool>,
    pub evidence: Evidence,
}

/// One row of an activity log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Activity {
    pub date: Option<NaiveDate>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub enterprises: Option<u64>,
    pub attendees: Option<u64>,
    pub evidence: Evidence,
}

/// Audit opinion type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opinion {
    /// 标准无保留意见.
    Standard,
    /// 保留意见.
    Qualified,
    /// 否定意见.
    Adverse,
    /// 无法表示意见.
    Disclaimer,
    /// 带强调事项段（或其他事项段、与持续经营相关的重大不确定性段）的无保留意见: unqualified but
    /// a non-standard report (SPEC §2.4); the paragraph is `AuditReport::matter_paragraph`.
    UnqualifiedWithMatter,
}

/// Figures read from one audit report (yuan, year-end of `year`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditReport {
    pub file: String,
    pub status: DocStatus,
    pub year: Option<Sourced<i32>>,
    pub total_assets: Option<Sourced<Decimal>>,
    pub total_liabilities: Option<Sourced<Decimal>>,
    pub net_assets: Option<Sourced<Decimal>>,
    pub revenue: Option<Sourced<Decimal>>,
    pub net_profit: Option<Sourced<Decimal>>,
    pub opinion: Option<Sourced<Opinion>>,
    /// The first sentence of an emphasis-of-matter, other-matter or going-concern paragraph,
    /// prefixed with its kind (`强调事项：我们提醒财务报表使用者关注，……。`).
    pub matter_paragraph: Option<Sourced<String>>,
    /// Figures read by OCR that could not be verified (their fields above are `None`).
    pub unverified: Vec<Unverified>,
}

/// Counts read from a 信用中国 credit report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreditReport {
    pub file: String,
    pub status: DocStatus,
    pub dishonest_executed: Option<Sourced<u32>>,
    pub major_tax_violations: Option<Sourced<u32>>,
    pub serious_dishonest: Option<Sourced<u32>>,
    pub admin_penalties: Option<Sourced<u32>>,
    /// Counts read by OCR that disagree with the entries listed (their fields are `None`).
    pub unverified: Vec<Unverified>,
}

/// Area read from a premises proof.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PremisesProof {
    pub file: String,
    pub status: DocStatus,
    /// m².
    pub area: Option<Sourced<Decimal>>,
    /// The premises' address (坐落 / 房屋坐落 / 地址) as written in the proof, when read. Proofs
    /// of the same address describe one premises (count once); different addresses add up.
    /// One PDF may hold several proofs (one `PremisesProof` each).
    pub address: Option<String>,
    /// An area read by OCR that does not agree with the form's within the rules file's
    /// `ocr_area_tolerance` (then `area` is `None`).
    pub unverified: Vec<Unverified>,
}

/// The unified social credit code read from a licence (营业执照, 法人证书, 登记证书), SPEC §8.3.
#[derive(Debug, Clone, PartialEq)]
pub struct LicenceCode {
    /// 18 characters, upper case; its check character is valid.
    pub code: Sourced<String>,
}

/// A file present for an Art. 19 material (presence only).
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    pub kind: MaterialKind,
    pub file: String,
    pub status: DocStatus,
}

/// What the tool made of one file (or one sheet of a workbook); for `inspect` and problems.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileSummary {
    pub file: String,
    /// Empty for a whole file; the sheet name for a workbook sheet.
    pub sheet: String,
    pub role: Option<Role>,
    pub status: DocStatus,
    /// For tables: 0-based header row and the chosen mapping `field ← column header (letter)`.
    pub header_row: Option<u32>,
    pub columns: Vec<(String, String)>,
    /// Number of data rows taken.
    pub rows: usize,
}

/// A value derived from the facts on first use and kept with them (e.g. the enterprise key of
/// every service record, needed by several criteria). Not input data: it never takes part in
/// comparisons.
#[derive(Debug, Clone, Default)]
pub struct Derived<T>(pub std::sync::OnceLock<T>);

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A file or sheet of a table material (roster, service log, activity log) that was submitted
/// but could not be read, and why (zh, en).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The file, or the file and sheet.
    pub evidence: Evidence,
    pub zh: String,
    pub en: String,
}

/// Whether a table material (roster, service log, activity log) was submitted and read.
/// "Submitted but unreadable" and "read, and empty" are different facts: the first leaves the
/// count unknown (SPEC §4.4: unreadable evidence is review), the second is a count of zero.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Found {
    /// Nothing of this role was submitted.
    #[default]
    Absent,
    /// Submitted, but no file or sheet of it could be read: the count is unknown.
    Unreadable(Vec<Unread>),
    /// At least one file or sheet was read (its rows may be none). `unread` lists the other
    /// files or sheets of the same role that could not be read: when it is not empty, every
    /// count from the read ones is a lower bound and every ratio is uncertain.
    Read { unread: Vec<Unread> },
}

impl Found {
    /// Read completely, nothing unread (for tests and builders).
    pub fn read() -> Found {
        Found::Read { unread: Vec::new() }
    }
    /// Whether some rows could be read (so counts are known, at least as lower bounds).
    pub fn is_read(&self) -> bool {
        matches!(self, Found::Read { .. })
    }
    /// Whether everything submitted under this role was read (counts are exact).
    pub fn is_complete(&self) -> bool {
        matches!(self, Found::Read { unread } if unread.is_empty())
    }
    /// The files or sheets submitted under this role that could not be read.
    pub fn unread(&self) -> &[Unread] {
        match self {
            Found::Absent => &[],
            Found::Unreadable(list) | Found::Read { unread: list } => list,
        }
    }
    /// A file or sheet of this role was read.
    pub fn mark_read(&mut self) {
        if !self.is_read() {
            let unread = match std::mem::take(self) {
                Found::Unreadable(list) => list,
                _ => Vec::new(),
            };
            *self = Found::Read { unread };
        }
    }
    /// A file or sheet of this role could not be read.
    pub fn mark_unreadable(&mut self, u: Unread) {
        match self {
            Found::Absent => *self = Found::Unreadable(vec![u]),
            Found::Unreadable(list) | Found::Read { unread: list } => list.push(u),
        }
    }
    /// The unread files with their reasons, for messages (zh, en): `名册.xlsx（已加密）、…`.
    pub fn describe_unread(&self) -> (String, String) {
        let list = self.unread();
        (
            list.iter()
                .map(|u| format!("{}（{}）", u.evidence, u.zh))
                .collect::<Vec<_>>()
                .join("、"),
            list.iter()
                .map(|u| format!("{} ({})", u.evidence, u.en))
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// Everything read from one applicant's submission.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub form: Form,
    pub staff: Vec<StaffMember>,
    /// Whether a roster was submitted and read (a read roster may be empty).
    pub roster_found: Found,
    pub services: Vec<ServiceRecord>,
    pub service_log_found: Found,
    pub activities: Vec<Activity>,
    pub activity_log_found: Found,
    pub audits: Vec<AuditReport>,
    pub credit_reports: Vec<CreditReport>,
    pub premises_proofs: Vec<PremisesProof>,
    /// One entry per agreement file.
    pub agreements: Vec<Evidence>,
    pub materials: Vec<Material>,
    /// Credit codes read (and checked) from licences, for `X.licence_code`.
    pub licence_codes: Vec<LicenceCode>,
    /// Why a licence gave no code (file, zh, en), for `X.licence_code`'s n/a message.
    pub licence_code_missing: Vec<Unread>,
    pub files: Vec<FileSummary>,
    /// SHA-256 of every file read, by path within the submission (for the run manifest and
    /// for telling a reviewer's decision that its evidence changed).
    pub file_hashes: Vec<(String, [u8; 32])>,
    /// The enterprise key of each service record (same order), see `evaluate::measure`.
    pub service_keys: Derived<Vec<Option<u64>>>,
}

/// One submission in a round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applicant {
    /// Folder name or zip name without `.zip`, made unique within the round.
    pub id: String,
    /// District folder the applicant sits in, if any.
    pub district_folder: Option<String>,
    /// Path of the folder or zip, relative to the round.
    pub path: String,
    pub facts: Facts,
    pub problems: Vec<Problem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_cover_two_letter_columns() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn evidence_displays_like_excel_and_pdf_references() {
        assert_eq!(
            Evidence::cell("服务记录.xlsx", "服务台账", 11, 2).to_string(),
            "服务记录.xlsx!服务台账!C12"
        );
        assert_eq!(
            Evidence::page("审计报告.pdf", 5).to_string(),
            "审计报告.pdf p.5"
        );
        assert_eq!(
            Evidence::file("合作协议/甲.pdf").to_string(),
            "合作协议/甲.pdf"
        );
        assert_eq!(
            Evidence::row("名册.csv", "名册", 3).to_string(),
            "名册.csv!名册!4"
        );
        assert_eq!(
            Evidence::ocr_page("审计报告.pdf", 3).to_string(),
            "审计报告.pdf p.3 (OCR)"
        );
    }
}
