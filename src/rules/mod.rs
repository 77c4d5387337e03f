//! The rules file (SPEC §4.2): thresholds, keywords, aliases and the document's validity,
//! as data. The Jinan 2021 measures are embedded as the default; `--rules FILE` replaces them.
//!
//! Input: TOML text. Output: a validated `Rules` value that every stage reads. Unknown keys
//! are errors, so a typo in a rules file is reported with its line instead of being ignored.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The embedded default: 济南市中小企业公共服务示范平台认定管理办法 (2021).
pub const JINAN_2021: &str = include_str!("jinan-2021.toml");

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("无法读取规则文件：{}", crate::os_error::explain(.source, std::path::Path::new(.path)))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("规则文件 {path} 有误: {message}")]
    Invalid { path: String, message: String },
}

/// A TOML error of a rules file in Chinese, then English: the line, the table and key written
/// there, and what is wrong (`第 12 行 [thresholds] partnres = 5：未知的键 “partnres” / line
/// 12: unknown field `partnres`, expected one of …`). Messages the rules' own checks give in
/// Chinese already are kept as they are.
fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim().to_string();
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    let zh = if let Some(key) = quoted("unknown field `") {
        format!("未知的键“{key}”（拼写错误？`rules show` 列出全部键）")
    } else if let Some(key) = quoted("missing field `") {
        format!("缺少键“{key}”")
    } else if message.starts_with("invalid type") {
        "值的类型不对（数字、文字要加引号的加引号，列表用 [ ]）".to_string()
    } else if message.starts_with("invalid value") {
        "值无效".to_string()
    } else if message.contains("duplicate key") {
        "键重复".to_string()
    } else if message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        // The rules' own checks (a calendar date, a limit) speak Chinese already.
        message.clone()
    } else {
        "TOML 格式错误（引号、方括号、等号是否成对、是否写全）".to_string()
    };
    let Some(span) = e.span() else {
        return format!("{zh} / {message}");
    };
    let start = span.start.min(text.len());
    let before = &text.as_bytes()[..start];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_text = text.lines().nth(line - 1).unwrap_or_default().trim();
    // The table the line sits in: the last `[table]` header above it.
    let table = text
        .lines()
        .take(line)
        .map(str::trim)
        .filter(|l| l.starts_with('['))
        .last()
        .map(|t| format!("{t} "))
        .unwrap_or_default();
    let shown: String = line_text.chars().take(80).collect();
    format!("第 {line} 行 {table}{shown}：{zh} / line {line}: {message}")
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub document: Document,
    pub thresholds: Thresholds,
    pub relaxed_org_types: RelaxedOrgTypes,
    pub satisfaction: Satisfaction,
    pub fees: Fees,
    pub functions: FunctionKeywords,
    pub titles: Titles,
    pub roles: RoleKeywords,
    /// `"service.fee" = ["收费金额", …]`: field → header aliases.
    pub columns: BTreeMap<String, Vec<String>>,
    /// `name = ["单位名称", …]`: form field → label aliases.
    pub form_labels: BTreeMap<String, Vec<String>>,
    /// How the history file (past recognitions and revocations) is read.
    #[serde(default)]
    pub history: HistoryRules,
    /// Input limits (issue 9): sizes checked before a reader allocates.
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// Words that give a column header a meaning of its own (成立日期 is not a service date).
    #[serde(default)]
    pub column_exclusions: ColumnExclusions,
    /// Units the form's template implies when a label and its cell name none.
    #[serde(default)]
    pub form_units: FormUnits,
    /// The working-day calendar of the public notice (Art. 20): the notice's length and
    /// holidays / make-up working days beyond the built-in 2021–2026.
    #[serde(default)]
    pub calendar: crate::calendar::CalendarRules,
    /// How this run uses OCR (`--no-ocr`, `--cache`): set by the command line, not the file.
    #[serde(skip)]
    pub ocr: crate::ocr::OcrSettings,
    /// Where these rules came from (for the run manifest); not part of their equality.
    #[serde(skip)]
    pub provenance: Provenance,
}

/// The text a `Rules` was parsed from: its SHA-256 and file. Two rules are equal when their
/// content is, wherever they came from, so this compares equal always.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// SHA-256 (hex) of the rules text.
    pub sha256: String,
    /// The file the rules came from, or `jinan-2021.toml` for the embedded rules.
    pub origin: String,
}

impl PartialEq for Provenance {
    fn eq(&self, _: &Provenance) -> bool {
        true
    }
}

/// `money = "万元"`: the unit of a declared money figure (资产总额) whose label and cell name
/// none, when the round's form template fixes it. Unset, such a figure's unit is unknown and
/// the figure is not compared with the evidence (a guessed unit must never raise a
/// false-declaration review).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FormUnits {
    #[serde(default)]
    pub money: Option<String>,
}

/// A header that contains one of these words names another field: an alias is matched inside
/// such a header only when the alias itself contains the word. `日期` then matches `服务日期`
/// and `日期` but not `成立日期`, `注册日期` or `核准日期`, so a company-registry export is not
/// read as a service log.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ColumnExclusions {
    pub words: Vec<String>,
}

impl Default for ColumnExclusions {
    fn default() -> Self {
        ColumnExclusions {
            words: DEFAULT_COLUMN_EXCLUSIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

/// The built-in list, also written in jinan-2021.toml (a rules file without the table gets
/// these).
const DEFAULT_COLUMN_EXCLUSIONS: &[&str] = &[
    "成立",
    "注册",
    "核准",
    "出生",
    "入职",
    "毕业",
    "发证",
    "签订",
    "到期",
    "截止",
    "有效期",
    "变更",
    "注销",
    "吊销",
    "开业",
    "营业期限",
    "法定代表人",
    "实缴",
    "经营范围",
    "所属行业",
    "参保",
];

/// Art. 24: a revocation whose reason contains one of these words bars re-application for
/// `thresholds.ban_years`. The article names 虚假申报 "and other illegal or irregular acts"
/// (虚假申报等违法违规行为), so 违法/违规 count as well; a revocation after a failed district
/// inspection (Art. 25) carries no ban.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HistoryRules {
    pub ban_reasons: Vec<String>,
}

impl Default for HistoryRules {
    fn default() -> Self {
        HistoryRules {
            ban_reasons: [
                "虚假",
                "造假",
                "弄虚作假",
                "违法",
                "违规",
                "false",
                "fraud",
                "illegal",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub name: String,
    pub number: String,
    pub valid_from: NaiveDate,
    /// Last day the rules are in force (inclusive): Art. 27 says 至 2024年5月1日止, and
    /// 至…止 includes the day named.
    pub valid_until: NaiveDate,
    pub divisions: Vec<String>,
    pub address_keywords: Vec<String>,
}

/// How the qualified-staff ratio of Art. 14(5) is read.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum QualifiedRatioMode {
    /// Education ≥ 大专 or title ≥ 中级, per person (default).
    #[default]
    Either,
    /// Education ≥ 大专 and title ≥ 中级, per person.
    Both,
    /// Both ratios separately ≥ the threshold.
    Each,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub operating_years: u32,
    pub total_assets: Decimal,
    pub total_assets_relaxed: Decimal,
    pub served_enterprises: u64,
    pub satisfaction: Decimal,
    pub satisfied_score: Decimal,
    pub online_registered: u64,
    pub premises_area: Decimal,
    pub partners: u64,
    pub public_welfare_share: Decimal,
    pub fulltime_staff: u64,
    pub fulltime_staff_relaxed: u64,
    pub qualified_ratio: Decimal,
    pub qualified_mode: QualifiedRatioMode,
    pub declared_tolerance: Decimal,
    pub recognition_years: u32,
    pub ban_years: u32,
    pub info_served_offline: u64,
    pub info_activities: u64,
    pub tech_activities: u64,
    pub startup_activities: u64,
    pub training_person_times: u64,
    pub financing_activities: u64,
    pub financing_amount: Decimal,
    pub guarantee_amount: Decimal,
    pub consulting_landed: u64,
    pub consulting_activities: u64,
    pub legal_checkups: u64,
    pub legal_activities: u64,
    /// m²: a premises area read by OCR is verified when it is within this of the form's
    /// (SPEC §8.2); a rules file without it takes 1.
    #[serde(default = "default_ocr_area_tolerance")]
    pub ocr_area_tolerance: Decimal,
}

fn default_ocr_area_tolerance() -> Decimal {
    Decimal::ONE
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelaxedOrgTypes {
    pub types: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    pub satisfied: Vec<String>,
    pub unsatisfied: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    pub free: Vec<String>,
    pub low: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FunctionKeywords {
    pub info: Vec<String>,
    pub tech: Vec<String>,
    pub startup: Vec<String>,
    pub training: Vec<String>,
    pub financing: Vec<String>,
    pub consulting: Vec<String>,
    pub legal: Vec<String>,
}

impl FunctionKeywords {
    pub fn for_function(&self, f: crate::model::Function) -> &[String] {
        use crate::model::Function as F;
        match f {
            F::Info => &self.info,
            F::Tech => &self.tech,
            F::Startup => &self.startup,
            F::Training => &self.training,
            F::Financing => &self.financing,
            F::Consulting => &self.consulting,
            F::Legal => &self.legal,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    /// Title name → `正高级` | `副高级` | `中级` | `初级` | `none`.
    pub extra: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleKeywords {
    pub form: Vec<String>,
    pub roster: Vec<String>,
    pub service_log: Vec<String>,
    pub activity_log: Vec<String>,
    pub audit_report: Vec<String>,
    pub credit_report: Vec<String>,
    pub premises_proof: Vec<String>,
    pub agreement: Vec<String>,
    pub licence: Vec<String>,
    pub management_system: Vec<String>,
    pub fee_standard: Vec<String>,
    pub social_insurance: Vec<String>,
    pub qualifications: Vec<String>,
    pub permits: Vec<String>,
    pub function_evidence: Vec<String>,
    pub authenticity: Vec<String>,
    pub other: Vec<String>,
    /// A district's recommendation list (推荐汇总表) lying in its folder (Art. 17–18).
    #[serde(default = "default_recommendation_list")]
    pub recommendation_list: Vec<String>,
}

fn default_recommendation_list() -> Vec<String> {
    ["推荐汇总表", "推荐名单", "推荐汇总"]
        .map(str::to_string)
        .to_vec()
}

/// Column fields a table reader knows (`role.field`); a rules file may not invent others.
pub const COLUMN_FIELDS: &[&str] = &[
    "roster.name",
    "roster.id_number",
    "roster.education",
    "roster.title",
    "roster.employment",
    "roster.social_insurance",
    "service.date",
    "service.enterprise",
    "service.credit_code",
    "service.category",
    "service.content",
    "service.mode",
    "service.fee",
    "service.fee_type",
    "service.satisfaction",
    "service.trainees",
    "service.financing",
    "service.landed",
    "service.legal_checkup",
    "activity.date",
    "activity.name",
    "activity.category",
    "activity.enterprises",
    "activity.attendees",
];

/// Form fields the form reader knows.
pub const FORM_FIELDS: &[&str] = &[
    "name",
    "platform_name",
    "credit_code",
    "org_type",
    "established",
    "address",
    "district",
    "recommender",
    "platform_kind",
    "online_registered",
    "premises_area",
    "partners",
    "functions",
    "has_info_system",
    "has_expert_pool",
    "has_project_pool",
    "has_startup_guide",
    "has_hotline",
    "has_legal_guide",
    "has_training_eval",
    "new_guarantees",
    "declared_assets",
    "declared_served",
    "declared_satisfaction",
    "declared_staff",
];

const TITLE_LEVELS: &[&str] = &["正高级", "副高级", "中级", "初级", "none"];

impl Rules {
    /// The embedded Jinan 2021 rules.
    pub fn jinan_2021() -> Rules {
        // The embedded file is checked by a unit test, so this cannot fail in a release.
        Rules::parse(JINAN_2021, "jinan-2021.toml").expect("embedded rules are valid")
    }

    /// Whether these rules are the embedded ones, byte for byte (a modified copy is not).
    pub fn is_builtin(&self) -> bool {
        self.provenance.sha256 == crate::hash::sha256_hex(JINAN_2021.as_bytes())
    }

    /// The name a run manifest gives these rules: the document's for the embedded rules,
    /// `custom:<file name>` for any other text, so a modified file never claims the
    /// built-in name.
    pub fn manifest_name(&self) -> String {
        if self.is_builtin() {
            self.document.name.clone()
        } else {
            let origin = &self.provenance.origin;
            let file = Path::new(origin)
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| origin.clone());
            format!("custom:{file}")
        }
    }

    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Rules::parse(&text, &path.display().to_string())
    }

    /// Parses and validates rules text; `origin` names the file in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Rules, RulesError> {
        let invalid = |message: String| RulesError::Invalid {
            path: origin.to_string(),
            message,
        };
        let mut rules: Rules = toml::from_str(text).map_err(|e| invalid(toml_error(&e, text)))?;
        rules.provenance = Provenance {
            sha256: crate::hash::sha256_hex(text.as_bytes()),
            origin: origin.to_string(),
        };
        // Matching always compares normalised text; normalising the aliases once here keeps
        // it out of the per-cell loops.
        for aliases in rules
            .columns
            .values_mut()
            .chain(rules.form_labels.values_mut())
        {
            for alias in aliases.iter_mut() {
                *alias = crate::values::normalise(alias);
            }
            aliases.retain(|a| !a.is_empty());
        }
        if let Some(unit) = &rules.form_units.money
            && !matches!(unit.as_str(), "元" | "千元" | "万元" | "亿元")
        {
            return Err(invalid(format!(
                "[form_units] money = `{unit}` 无效，应为 元/千元/万元/亿元（must be 元, 千元, 万元 or 亿元）"
            )));
        }
        for word in rules.column_exclusions.words.iter_mut() {
            *word = crate::values::normalise(word);
        }
        rules.column_exclusions.words.retain(|w| !w.is_empty());
        for key in rules.columns.keys() {
            if !COLUMN_FIELDS.contains(&key.as_str()) {
                return Err(invalid(format!(
                    "[columns] 未知字段 `{key}`（unknown column field）"
                )));
            }
        }
        for key in rules.form_labels.keys() {
            if !FORM_FIELDS.contains(&key.as_str()) {
                return Err(invalid(format!(
                    "[form_labels] 未知字段 `{key}`（unknown form field）"
                )));
            }
        }
        for (name, level) in &rules.titles.extra {
            if !TITLE_LEVELS.contains(&level.as_str()) {
                return Err(invalid(format!(
                    "[titles.extra] `{name}` 的级别 `{level}` 无效，应为 正高级/副高级/中级/初级/none"
                )));
            }
        }
        let t = &rules.thresholds;
        for (key, v) in [
            ("satisfaction", t.satisfaction),
            ("public_welfare_share", t.public_welfare_share),
            ("qualified_ratio", t.qualified_ratio),
            ("declared_tolerance", t.declared_tolerance),
        ] {
            if v < Decimal::ZERO || v > Decimal::ONE {
                return Err(invalid(format!(
                    "[thresholds] {key} = {v} 应在 0 到 1 之间（a fraction）"
                )));
            }
        }
        if t.ocr_area_tolerance < Decimal::ZERO {
            return Err(invalid(format!(
                "[thresholds] ocr_area_tolerance = {} 不能为负（m², not negative）",
                t.ocr_area_tolerance
            )));
        }
        rules.limits.validate().map_err(invalid)?;
        rules.calendar.validate(text).map_err(invalid)?;
        if rules.document.valid_until <= rules.document.valid_from {
            return Err(invalid(
                "[document] valid_until 必须晚于 valid_from".to_string(),
            ));
        }
        Ok(rules)
    }

    /// Aliases for a column field (`service.fee`), normalised; empty when unknown.
    pub fn column_aliases(&self, field: &str) -> &[String] {
        self.columns.get(field).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The rules file's unit for declared money whose label and cell name none.
    pub fn form_money_unit(&self) -> Option<crate::values::MoneyUnit> {
        use crate::values::MoneyUnit;
        match self.form_units.money.as_deref()? {
            "元" => Some(MoneyUnit::Yuan),
            "千元" => Some(MoneyUnit::Thousand),
            "万元" => Some(MoneyUnit::TenThousand),
            "亿元" => Some(MoneyUnit::HundredMillion),
            _ => None,
        }
    }

    /// Aliases for a form field (`credit_code`), normalised; empty when unknown.
    pub fn form_aliases(&self, field: &str) -> &[String] {
        self.form_labels
            .get(field)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The effective rules as TOML (for `rules show`).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse_and_hold_the_2021_thresholds() {
        let r = Rules::jinan_2021();
        assert_eq!(r.thresholds.total_assets, Decimal::from(1_500_000));
        assert_eq!(r.thresholds.fulltime_staff_relaxed, 7);
        assert_eq!(r.thresholds.qualified_mode, QualifiedRatioMode::Either);
        assert_eq!(
            r.document.valid_until,
            NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()
        );
        for field in COLUMN_FIELDS {
            assert!(!r.column_aliases(field).is_empty(), "{field} has aliases");
        }
        for field in FORM_FIELDS {
            assert!(!r.form_aliases(field).is_empty(), "{field} has labels");
        }
    }

    #[test]
    fn shown_rules_parse_back_to_the_same_rules() {
        let r = Rules::jinan_2021();
        let again = Rules::parse(&r.to_toml(), "shown").unwrap();
        assert_eq!(r, again);
        // Same content, other text: the manifest does not call it the built-in rules.
        assert!(r.is_builtin() && !again.is_builtin());
        assert_eq!(again.manifest_name(), "custom:shown");
    }

    #[test]
    fn embedded_limits_are_the_code_defaults_and_a_bad_limit_is_named() {
        assert_eq!(Rules::jinan_2021().limits, crate::limits::Limits::default());
        let text = JINAN_2021.replace("sheet_cells = 3000000", "sheet_cells = 0");
        let err = Rules::parse(&text, "x").unwrap_err().to_string();
        assert!(err.contains("sheet_cells"), "{err}");
        let text = JINAN_2021.replace("sheet_cells = 3000000", "sheet_cell = 3000000");
        let err = Rules::parse(&text, "x").unwrap_err().to_string();
        assert!(err.contains("sheet_cell"), "{err}");
        // A rules file without [limits] takes the defaults.
        let start = JINAN_2021.find("[limits]").unwrap();
        let end = JINAN_2021[start..]
            .find("\n\n")
            .map_or(JINAN_2021.len(), |i| start + i);
        let without = format!("{}{}", &JINAN_2021[..start], &JINAN_2021[end..]);
        assert_eq!(
            Rules::parse(&without, "x").unwrap().limits,
            crate::limits::Limits::default()
        );
    }

    #[test]
    fn form_units_and_column_exclusions_are_checked_and_defaulted() {
        let bad = JINAN_2021.replace("# money = \"万元\"", "money = \"美元\"");
        assert!(Rules::parse(&bad, "r.toml").is_err());
        let good = JINAN_2021.replace("# money = \"万元\"", "money = \"万元\"");
        let r = Rules::parse(&good, "r.toml").expect("valid");
        assert_eq!(
            r.form_money_unit(),
            Some(crate::values::MoneyUnit::TenThousand)
        );
        assert_eq!(Rules::jinan_2021().form_money_unit(), None);
        // A rules file written before these tables gets the built-in exclusions.
        let start = JINAN_2021.find("[column_exclusions]").expect("table");
        let end = JINAN_2021.find("[form_units]").expect("table");
        let old = format!("{}{}", &JINAN_2021[..start], &JINAN_2021[end..]);
        let r = Rules::parse(&old, "old.toml").expect("valid");
        assert_eq!(
            r.column_exclusions.words,
            Rules::jinan_2021().column_exclusions.words
        );
    }

    #[test]
    fn rules_errors_are_chinese_and_name_the_table_key_and_line() {
        let line_of =
            |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        let text = JINAN_2021.replace("partners = 5 ", "partnres = 5 ");
        let line = line_of(&text, "partnres = 5");
        let err = Rules::parse(&text, "bad.toml").unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "规则文件 bad.toml 有误: 第 {line} 行 [thresholds] partnres = 5"
            )),
            "{err}"
        );
        assert!(err.contains("未知的键“partnres”"), "{err}");
        let text = JINAN_2021.replace("partners = 5 ", "partners = \"五\" ");
        let err = Rules::parse(&text, "bad.toml").unwrap_err().to_string();
        assert!(
            err.contains(&format!("第 {line} 行 [thresholds] partners = \"五\"")),
            "{err}"
        );
        assert!(err.contains("值的类型不对"), "{err}");
        let text = JINAN_2021.replacen("[thresholds]", "[thresholds", 1);
        let err = Rules::parse(&text, "bad.toml").unwrap_err().to_string();
        assert!(err.contains("TOML 格式错误"), "{err}");
        assert!(
            err.contains(&format!("第 {} 行", line_of(&text, "[thresholds"))),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let text = JINAN_2021.replace("partners = 5 ", "partner = 5 ");
        let err = Rules::parse(&text, "bad.toml").unwrap_err().to_string();
        assert!(err.contains("partner"), "{err}");
        assert!(err.contains("line"), "{err}");
    }

    #[test]
    fn out_of_range_ratio_and_unknown_column_field_are_rejected() {
        let text = JINAN_2021.replace("satisfaction = \"0.90\"", "satisfaction = \"90\"");
        assert!(
            Rules::parse(&text, "x")
                .unwrap_err()
                .to_string()
                .contains("satisfaction")
        );
        let text = JINAN_2021.replace("\"roster.name\" =", "\"roster.nmae\" =");
        assert!(
            Rules::parse(&text, "x")
                .unwrap_err()
                .to_string()
                .contains("roster.nmae")
        );
    }

    #[test]
    fn calendar_days_extend_the_built_in_years_and_a_bad_date_is_named_with_its_line() {
        use chrono::Datelike;
        let text = JINAN_2021.replace("holidays = []", "holidays = [\"2027-01-01\", 2027-02-06]");
        let r = Rules::parse(&text, "r.toml").expect("valid");
        let cal = crate::calendar::Calendar::with_rules(&r.calendar);
        assert!(cal.covers(2027));
        let day = |s| crate::calendar::parse_iso_date(s).unwrap();
        assert!(!cal.is_working_day(day("2027-01-01")));
        assert!(!cal.is_working_day(day("2027-02-06")));
        assert!(
            !Rules::jinan_2021()
                .calendar
                .holidays
                .iter()
                .any(|d| d.0.year() == 2027)
        );
        // `rules show` writes the days back as strings that parse to the same rules.
        assert_eq!(Rules::parse(&r.to_toml(), "shown").unwrap(), r);
        let line = JINAN_2021
            .lines()
            .position(|l| l.starts_with("holidays = []"))
            .unwrap()
            + 1;
        for bad in ["\"2027-02-30\"", "\"2027/01/01\"", "20270101"] {
            let text = JINAN_2021.replace("holidays = []", &format!("holidays = [{bad}]"));
            let err = Rules::parse(&text, "r.toml").unwrap_err().to_string();
            assert!(err.contains(&format!("line {line}")), "{err}");
            assert!(err.contains("holidays"), "{err}");
            assert!(err.contains("2027"), "{err}");
        }
        let text = JINAN_2021.replace("workdays = []", "workdays = [\"2027-01-06\"]");
        let err = Rules::parse(&text, "r.toml").unwrap_err().to_string();
        assert!(
            err.contains("2027-01-06") && err.contains("workdays"),
            "{err}"
        );
    }
}
