//! Evaluation (SPEC §4): one applicant's `Facts` + the `Rules` + the as-of date (+ the
//! optional history) → one `Outcome` per criterion of §4.1, then the cross-applicant checks of
//! §4.3 as rows of their own, then the overall verdict.
//!
//! Input: `Applicant`s from ingestion and a `Context`. Output: `ApplicantResult`s, sorted by
//! applicant id, ready for `report`. Each criterion lives in its own file under `criteria/`;
//! the shared measurements (distinct enterprises served in a year, satisfaction ratings, fee
//! classes, staff qualifications, audit report choice, relaxed thresholds) live in `measure`,
//! and the declared-versus-evidenced table of §4.4 in `declared`.

pub mod as_of;
pub mod context;
pub use context::EvidenceContext;
pub mod criteria;
pub use as_of::as_of_warning;
pub use criteria::a27_rules_in_force::rules_in_force;
pub mod cross;
mod declared;
pub mod fmt;
pub mod measure;
#[cfg(test)]
pub(crate) mod testkit;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::history::History;
use crate::model::{Applicant, Evidence, Function, Lang, OrgType, PlatformKind};
use crate::rules::Rules;
use crate::values::{self, CreditCode};

/// What a criterion concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// 符合.
    Pass,
    /// 不符合.
    Fail,
    /// 待核实: evidence missing, unreadable or contradictory.
    Review,
    /// 不适用.
    NotApplicable,
    /// 人工评审: qualitative, for the panel; never blocks.
    Manual,
}

impl Verdict {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Verdict::Pass, Lang::Zh) => "符合",
            (Verdict::Fail, Lang::Zh) => "不符合",
            (Verdict::Review, Lang::Zh) => "待核实",
            (Verdict::NotApplicable, Lang::Zh) => "不适用",
            (Verdict::Manual, Lang::Zh) => "人工评审",
            (Verdict::Pass, Lang::En) => "pass",
            (Verdict::Fail, Lang::En) => "fail",
            (Verdict::Review, Lang::En) => "review",
            (Verdict::NotApplicable, Lang::En) => "n/a",
            (Verdict::Manual, Lang::En) => "manual",
        }
    }

    /// Every verdict, in report order (pass, fail, review, n/a, manual).
    pub const ALL: [Verdict; 5] = [
        Verdict::Pass,
        Verdict::Fail,
        Verdict::Review,
        Verdict::NotApplicable,
        Verdict::Manual,
    ];

    /// The verdict a report cell names, in either language (`符合`, `pass`, `PASS`, ` n/a `);
    /// `None` for any other word.
    pub fn from_label(s: &str) -> Option<Verdict> {
        let s = s.trim();
        Verdict::ALL
            .into_iter()
            .find(|v| s == v.label(Lang::Zh) || s.eq_ignore_ascii_case(v.label(Lang::En)))
    }

    /// The weaker of two verdicts of a conjunction: fail beats review beats pass.
    pub fn and(self, other: Verdict) -> Verdict {
        use Verdict::*;
        match (self, other) {
            (Fail, _) | (_, Fail) => Fail,
            (Review, _) | (_, Review) => Review,
            _ => Pass,
        }
    }

    /// The stronger of two verdicts of a disjunction: pass beats review beats fail.
    pub fn or(self, other: Verdict) -> Verdict {
        use Verdict::*;
        match (self, other) {
            (Pass, _) | (_, Pass) => Pass,
            (Review, _) | (_, Review) => Review,
            _ => Fail,
        }
    }
}

/// One criterion's result for one applicant.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The id of SPEC §4.1 (`A14.1.total_assets`) or §4.3 (`X.duplicate_code`).
    pub criterion: String,
    /// The article as the spec writes it (`14(1),(6)`).
    pub article: String,
    pub verdict: Verdict,
    /// The figure as a plain number (§5), empty when unknown or not a figure.
    pub value: String,
    /// The threshold: an operator and a plain number (`≥1500000`, `>48`), empty when none.
    pub threshold: String,
    /// Art. 14(6)'s relaxed threshold on the rows it concerns, when it applies to the applicant
    /// or may apply (org type unknown or contradictory); `None` elsewhere.
    pub relaxed: Option<Decimal>,
    pub evidence: Vec<Evidence>,
    /// One-line message, Chinese.
    pub zh: String,
    /// One-line message, English.
    pub en: String,
    /// The form declares this criterion's figure more than the tolerance above the evidence
    /// (§4.4 `Finding::Overstated`): a possible false declaration, a ground of Art. 24.
    pub overstated: bool,
}

impl Outcome {
    pub fn new(criterion: &str, article: &str, verdict: Verdict) -> Outcome {
        Outcome {
            criterion: criterion.to_string(),
            article: article.to_string(),
            verdict,
            value: String::new(),
            threshold: String::new(),
            relaxed: None,
            evidence: Vec::new(),
            zh: String::new(),
            en: String::new(),
            overstated: false,
        }
    }
    pub fn verdict(mut self, verdict: Verdict) -> Outcome {
        self.verdict = verdict;
        self
    }
    pub fn value(mut self, value: impl Into<String>) -> Outcome {
        self.value = value.into();
        self
    }
    pub fn threshold(mut self, threshold: impl Into<String>) -> Outcome {
        self.threshold = threshold.into();
        self
    }
    pub fn relaxed(mut self, relaxed: Option<Decimal>) -> Outcome {
        self.relaxed = relaxed;
        self
    }
    pub fn evidence(mut self, evidence: impl IntoIterator<Item = Evidence>) -> Outcome {
        for e in evidence {
            if !self.evidence.contains(&e) {
                self.evidence.push(e);
            }
        }
        self
    }
    pub fn msg(mut self, zh: impl Into<String>, en: impl Into<String>) -> Outcome {
        self.zh = zh.into();
        self.en = en.into();
        self
    }
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
    /// Whether the criterion counts towards the overall verdict (SPEC §4): all but the
    /// per-function rows `A15.<function>` and the manual `A16`.
    pub fn is_blocking(&self) -> bool {
        !(self.criterion.starts_with("A15.") || self.criterion == "A16")
    }
}

/// Everything an evaluation needs besides the applicant.
#[derive(Debug, Clone)]
pub struct Context {
    pub rules: Rules,
    pub as_of: NaiveDate,
    pub history: Option<History>,
}

impl Context {
    pub fn new(rules: Rules, as_of: NaiveDate) -> Context {
        Context {
            rules,
            as_of,
            history: None,
        }
    }
    /// The evaluation year Y = as-of year − 1 (申报上年度).
    pub fn year(&self) -> i32 {
        self.as_of.year() - 1
    }
}

/// The figures `report.csv` shows for an applicant (typed; formatted by the report).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyFigures {
    /// Yuan, year-end of Y, from the audit report.
    pub total_assets: Option<Decimal>,
    /// Distinct enterprises served in Y.
    pub served_y: Option<u64>,
    /// Distinct enterprises served in Y − 1.
    pub served_prev: Option<u64>,
    /// Fraction of rated services in Y judged satisfied.
    pub satisfaction: Option<Decimal>,
    /// Fraction of services in Y that were free or low-fee.
    pub public_welfare_share: Option<Decimal>,
    pub fulltime_staff: Option<u64>,
    pub qualified_ratio: Option<Decimal>,
    /// m², the form's figure (else the proof's).
    pub premises_area: Option<Decimal>,
    /// Agreement files found.
    pub partners: Option<u64>,
    /// Declared functions whose `A15.<function>` row passes.
    pub functions_passed: Vec<Function>,
    /// Dated service records per year (year, records), for the run-level as-of check.
    pub service_years: Vec<(i32, u64)>,
    /// The year Y the figures are of (the as-of date's previous year).
    pub evaluation_year: i32,
    /// From the form.
    pub platform_kind: Option<PlatformKind>,
    /// 成立日期, from the form.
    pub established: Option<NaiveDate>,
    /// Yuan, from the same audit report as `total_assets`.
    pub net_assets: Option<Decimal>,
    pub revenue: Option<Decimal>,
    pub net_profit: Option<Decimal>,
    /// 线上注册企业数, from the form.
    pub online_registered: Option<u64>,
    /// Dated activities in Y (activity log).
    pub activities_y: Option<u64>,
    /// Training person-times in Y: the `A15.training` figure, when that row has one.
    pub trainees_y: Option<u64>,
    /// 新增担保额 (yuan), from the form.
    pub new_guarantees: Option<Decimal>,
    /// Criteria whose declared figure is more than the tolerance above the evidence (§4.4,
    /// possible false declaration, Art. 24), in criterion order; kept here because a streamed
    /// round compacts the outcomes.
    pub overstated: Vec<String>,
}

/// One applicant's evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicantResult {
    pub id: String,
    pub name: String,
    /// The platform's own name (平台名称) from the form, empty when absent.
    pub platform_name: String,
    /// The functions the form declares (申报服务功能), in the order of Art. 15.
    pub declared: Vec<Function>,
    /// SHA-256 of every file read, by path within the submission, sorted by path.
    pub files: Vec<(String, [u8; 32])>,
    /// As written on the form (normalised), empty when absent.
    pub credit_code: String,
    pub district: Option<String>,
    /// From the form, else from the credit code.
    pub org_type: Option<OrgType>,
    /// Overall: `Pass`, `Fail` or `Review`.
    pub verdict: Verdict,
    /// In the order of SPEC §4.1, then §4.3.
    pub outcomes: Vec<Outcome>,
    pub figures: KeyFigures,
    /// `criteria.csv` rows already rendered for the first `rows` outcomes, in `lang`, when the
    /// round is streamed (`report::compact`); those outcomes then keep only criterion and
    /// verdict.
    pub rendered: Option<Rendered>,
    /// Excerpts of the documents cited by the failed and review rows (the sheet row, the PDF
    /// line), for the review pages; filled while the round streams (`context::capture`).
    pub context: Vec<EvidenceContext>,
}

/// Criteria rows rendered ahead of the report, so a round's results stay small in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub lang: crate::model::Lang,
    /// The rows of the first `rows.len()` outcomes, in criterion order.
    pub rows: Vec<Row>,
}

/// One row of `criteria.csv` (and of the workbook and review pages): an outcome with its
/// message in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub criterion: String,
    pub article: String,
    pub verdict: Verdict,
    pub value: String,
    pub threshold: String,
    pub relaxed: Option<Decimal>,
    pub evidence: Vec<Evidence>,
    pub message: String,
    /// The tool's own verdict; `verdict` differs from it when a reviewer's decision applied.
    pub tool_verdict: Verdict,
    /// A reviewer's decision on this row (`--decisions`), applied or stale.
    pub decision: Option<Decision>,
}

/// A reviewer's decision on one criteria row (SPEC §9).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub verdict: Verdict,
    pub reason: String,
    pub reviewer: String,
    pub date: String,
    /// The evidence hash the decision was made on.
    pub evidence_sha256: String,
    /// The evidence changed since (the hash differs): the decision was not applied.
    pub stale: bool,
}

impl Row {
    pub fn of(o: &Outcome, lang: crate::model::Lang) -> Row {
        Row {
            tool_verdict: o.verdict,
            decision: None,
            criterion: o.criterion.clone(),
            article: o.article.clone(),
            verdict: o.verdict,
            value: o.value.clone(),
            threshold: o.threshold.clone(),
            relaxed: o.relaxed,
            evidence: o.evidence.clone(),
            message: o.message(lang).to_string(),
        }
    }
}

impl ApplicantResult {
    /// Blocking criteria that failed, in criterion order.
    pub fn failed(&self) -> Vec<&str> {
        self.blocking_with(Verdict::Fail)
    }
    /// Blocking criteria to review, in criterion order.
    pub fn review(&self) -> Vec<&str> {
        self.blocking_with(Verdict::Review)
    }
    fn blocking_with(&self, verdict: Verdict) -> Vec<&str> {
        self.outcomes
            .iter()
            .filter(|o| o.is_blocking() && o.verdict == verdict)
            .map(|o| o.criterion.as_str())
            .collect()
    }
    /// The outcome of one criterion, if evaluated.
    pub fn outcome(&self, criterion: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.criterion == criterion)
    }
}

/// Overall verdict over the blocking criteria: fail if any fails, else review if any is
/// review, else pass.
pub fn overall_verdict(outcomes: &[Outcome]) -> Verdict {
    let blocking = outcomes.iter().filter(|o| o.is_blocking());
    let mut verdict = Verdict::Pass;
    for o in blocking {
        match o.verdict {
            Verdict::Fail => return Verdict::Fail,
            Verdict::Review => verdict = Verdict::Review,
            _ => {}
        }
    }
    verdict
}

/// Evaluates every criterion of §4.1 for one applicant (no cross-applicant checks).
pub fn evaluate_applicant(app: &Applicant, ctx: &Context) -> ApplicantResult {
    let outcomes = criteria::evaluate_all(app, ctx);
    let figures = measure::key_figures(app, ctx, &outcomes);
    let form = &app.facts.form;
    let org = measure::OrgInfo::of(app);
    ApplicantResult {
        id: app.id.clone(),
        name: form
            .name
            .as_ref()
            .map(|s| s.value.trim().to_string())
            .unwrap_or_default(),
        platform_name: form
            .platform_name
            .as_ref()
            .map(|s| s.value.trim().to_string())
            .unwrap_or_default(),
        declared: {
            let mut d = form
                .functions
                .as_ref()
                .map(|f| f.value.clone())
                .unwrap_or_default();
            d.sort();
            d.dedup();
            d
        },
        files: {
            let mut f = app.facts.file_hashes.clone();
            f.sort();
            f
        },
        credit_code: form
            .credit_code
            .as_ref()
            .map(|s| s.value.trim().to_string())
            .unwrap_or_default(),
        district: district_of(app),
        org_type: org.form.or(org.code),
        verdict: overall_verdict(&outcomes),
        outcomes,
        figures,
        rendered: None,
        context: Vec::new(),
    }
}

/// Evaluates a round: applicants in parallel (collected in input order), then the
/// cross-applicant checks of §4.3, then the overall verdicts; sorted by applicant id.
pub fn evaluate_round(apps: &[Applicant], ctx: &Context) -> Vec<ApplicantResult> {
    let results: Vec<ApplicantResult> = apps
        .par_iter()
        .map(|a| evaluate_applicant(a, ctx))
        .collect();
    let keys: Vec<cross::CrossKeys> = apps.iter().map(cross::CrossKeys::of).collect();
    finish_round(results, &keys)
}

/// Adds the cross-applicant rows (§4.3) to results evaluated one by one (same order as
/// `keys`), recomputes the overall verdicts and sorts by applicant id.
pub fn finish_round(
    mut results: Vec<ApplicantResult>,
    keys: &[cross::CrossKeys],
) -> Vec<ApplicantResult> {
    let cross = cross::cross_checks_keys(keys);
    for (result, rows) in results.iter_mut().zip(cross) {
        result.outcomes.extend(rows);
        result.verdict = overall_verdict(&result.outcomes);
    }
    results.sort_by(|a, b| a.id.cmp(&b.id));
    results
}

/// The applicant's district: the form's 所属区县, else the district named inside 推荐单位
/// (历下区工业和信息化局 → 历下区), else the district folder, else the credit code's division.
pub fn district_of(app: &Applicant) -> Option<String> {
    let form = &app.facts.form;
    if let Some(d) = form
        .district
        .as_ref()
        .map(|s| s.value.trim())
        .filter(|s| !s.is_empty())
    {
        return Some(values::district_from_text(d).unwrap_or_else(|| d.to_string()));
    }
    if let Some(d) = form
        .recommender
        .as_ref()
        .and_then(|s| values::district_from_text(&s.value))
    {
        return Some(d);
    }
    if let Some(d) = app
        .district_folder
        .as_ref()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        return Some(values::district_from_text(d).unwrap_or_else(|| d.to_string()));
    }
    let code = form
        .credit_code
        .as_ref()
        .and_then(|c| CreditCode::parse(&c.value).ok())?;
    values::district_from_division(code.division()).map(str::to_string)
}

/// Whether a result belongs to a district (for `--district`): the name matches with or without
/// its 区/县/市 suffix.
pub fn in_district(result: &ApplicantResult, district: &str) -> bool {
    let strip = |s: &str| s.trim().trim_end_matches(['区', '县', '市']).to_string();
    result
        .district
        .as_deref()
        .is_some_and(|d| d == district.trim() || strip(d) == strip(district))
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn district_from_form_then_recommender_then_folder_then_code() {
        let mut f = facts();
        f.form.credit_code = src(CODE_ENTERPRISE.to_string());
        let mut a = app(f);
        assert_eq!(
            district_of(&a).as_deref(),
            Some("历下区"),
            "from the code's division"
        );
        a.district_folder = Some("历城区".into());
        assert_eq!(
            district_of(&a).as_deref(),
            Some("历城区"),
            "folder before code"
        );
        a.facts.form.recommender = src("济南市槐荫区工业和信息化局".to_string());
        assert_eq!(
            district_of(&a).as_deref(),
            Some("槐荫区"),
            "recommender before folder"
        );
        a.facts.form.district = src("天桥区".to_string());
        assert_eq!(district_of(&a).as_deref(), Some("天桥区"), "form first");
        let r = evaluate_applicant(&a, &ctx());
        assert!(in_district(&r, "天桥"));
        assert!(!in_district(&r, "历下区"));
    }

    #[test]
    fn overall_verdict_ignores_function_rows_and_a16() {
        let o = |id: &str, v: Verdict| Outcome::new(id, "", v);
        assert_eq!(
            overall_verdict(&[
                o("A2.registered", Verdict::Pass),
                o("A15.tech", Verdict::Fail)
            ]),
            Verdict::Pass
        );
        assert_eq!(
            overall_verdict(&[
                o("A16", Verdict::Manual),
                o("A19.8", Verdict::NotApplicable)
            ]),
            Verdict::Pass
        );
        assert_eq!(
            overall_verdict(&[
                o("X.duplicate_code", Verdict::Review),
                o("A2.registered", Verdict::Pass)
            ]),
            Verdict::Review
        );
        assert_eq!(
            overall_verdict(&[o("A15", Verdict::Review), o("A19.3", Verdict::Fail)]),
            Verdict::Fail
        );
    }

    #[test]
    fn round_results_are_sorted_and_carry_cross_rows() {
        let apps: Vec<Applicant> = ["乙", "甲", "丙"]
            .iter()
            .map(|id| Applicant {
                id: id.to_string(),
                ..app(facts())
            })
            .collect();
        let results = evaluate_round(&apps, &ctx());
        let ids: Vec<&str> = results.iter().map(|r| r.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        for r in &results {
            let crit: Vec<&str> = r.outcomes.iter().map(|o| o.criterion.as_str()).collect();
            assert_eq!(crit, criteria::CRITERIA, "every criterion, in order");
            assert_eq!(
                r.verdict,
                Verdict::Review,
                "an empty submission is to be reviewed, not failed: {:?}",
                r.failed()
            );
        }
    }
}
