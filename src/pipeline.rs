//! Reading a whole round: discovery, then every submission read in parallel (rayon) into an
//! `Applicant`, collected in discovery order so results never depend on thread timing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::discover::{self, DiscoverError, RawFile, Submission, SubmissionKind};
use crate::evaluate::criteria::CRITERIA;
use crate::evaluate::cross::CrossKeys;
use crate::evaluate::{self, ApplicantResult, Context, Outcome, Verdict};
use crate::extract;
use crate::model::{Applicant, Lang, Problem, Severity};
use crate::progress::Progress;
use crate::rules::Rules;

/// A round read into applicants, plus the problems that belong to no applicant.
#[derive(Debug, Default)]
pub struct RoundFacts {
    pub applicants: Vec<Applicant>,
    pub problems: Vec<Problem>,
}

/// Discovery with content-based form detection for uninformatively named spreadsheets.
pub fn discover_round(round: &Path, rules: &Rules) -> Result<discover::Round, DiscoverError> {
    discover_round_skipping(round, rules, &[])
}

/// `discover_round` that never walks into the folders in `skip` (the run's `--out`).
pub fn discover_round_skipping(
    round: &Path,
    rules: &Rules,
    skip: &[PathBuf],
) -> Result<discover::Round, DiscoverError> {
    // A reader that panics on a spreadsheet makes it "not a form", never the run's end.
    let is_form = |p: &Path| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            extract::file_holds_form(p, rules)
        }))
        .unwrap_or(false)
    };
    discover::discover_skipping(round, rules, &is_form, skip)
}

/// The message of a caught panic, for its problem row.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// The result of an applicant whose reading or evaluation panicked: every criterion is review
/// with the reason, and one problem row says what happened. The rest of the round goes on.
pub fn crashed_result(
    sub: &Submission,
    message: &str,
) -> (ApplicantResult, CrossKeys, Vec<Problem>) {
    let outcomes: Vec<Outcome> = CRITERIA
        .iter()
        // The cross-applicant rows are added with the round's (`finish_round`).
        .filter(|c| !c.starts_with("X.duplicate_"))
        .map(|c| {
            Outcome::new(c, "", Verdict::Review).msg(
                "读取或评审本申报单位时程序内部出错，请人工核实",
                "internal error while reading or evaluating this applicant: review by hand",
            )
        })
        .collect();
    let result = ApplicantResult {
        id: sub.id.clone(),
        name: String::new(),
        platform_name: String::new(),
        declared: Vec::new(),
        files: Vec::new(),
        credit_code: String::new(),
        district: sub.district_folder.clone(),
        org_type: None,
        verdict: evaluate::overall_verdict(&outcomes),
        outcomes,
        figures: Default::default(),
        rendered: None,
        context: Vec::new(),
    };
    let mut keys = CrossKeys::default();
    keys.id = sub.id.clone();
    let problem = Problem {
        applicant: sub.id.clone(),
        ..Problem::new(
            "",
            "",
            Severity::Error,
            format!("读取或评审本申报单位时程序内部出错（{message}），全部条款待核实"),
            format!(
                "internal error while reading or evaluating this applicant ({message}); every criterion needs review"
            ),
        )
    };
    (result, keys, vec![problem])
}

/// Reads and evaluates one submission in isolation: a panic anywhere inside becomes this
/// applicant's problem row and review verdict (`crashed_result`).
fn evaluate_isolated(
    sub: &Submission,
    ctx: &Context,
    progress: &Progress,
    report_lang: Option<Lang>,
) -> (ApplicantResult, CrossKeys, Vec<Problem>) {
    let run = || {
        let app = extract::read_submission(sub, &ctx.rules);
        progress.applicant_done(app.facts.files.len());
        discover::injected_panic(&format!("applicant:{}", app.id));
        let mut result = evaluate::evaluate_applicant(&app, ctx);
        result.context = evaluate::context::capture(sub, &result, &ctx.rules.limits);
        if let Some(lang) = report_lang {
            crate::report::compact(&mut result, lang);
        }
        (result, CrossKeys::of(&app), app.problems)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(done) => done,
        Err(payload) => {
            let mut crashed = crashed_result(sub, &panic_text(payload.as_ref()));
            if let Some(lang) = report_lang {
                crate::report::compact(&mut crashed.0, lang);
            }
            crashed
        }
    }
}

/// Discovers and reads a round, keeping every applicant's facts (for tests and tools that
/// need them all; `evaluate_round` streams instead). Must run inside the rayon pool that
/// sets the job count.
pub fn read_round(round: &Path, rules: &Rules) -> Result<RoundFacts, DiscoverError> {
    let found = discover_round(round, rules)?;
    let applicants: Vec<Applicant> = found
        .submissions
        .par_iter()
        .map(|sub| extract::read_submission(sub, rules))
        .collect();
    Ok(RoundFacts {
        applicants,
        problems: found.problems,
    })
}

/// A round evaluated: results with the cross-applicant rows added, sorted by id; problems
/// including the round-level ones; and each applicant's folder (for `--district`).
#[derive(Debug, Default)]
pub struct RoundOutcome {
    pub results: Vec<ApplicantResult>,
    pub problems: Vec<Problem>,
    /// Applicant id → the folder it sits in (`None` at the round's top).
    pub folders: BTreeMap<String, Option<String>>,
    /// Applicant id → its folder or archive, relative to the round (`/`-separated), and
    /// whether it is an archive (evidence inside it can only link to the archive).
    pub paths: BTreeMap<String, (String, bool)>,
    /// Districts' recommendation lists found in their folders (relative path, path on disk).
    pub recommendation_lists: Vec<(String, PathBuf)>,
}

/// Reads and evaluates a round applicant by applicant: each applicant's facts are dropped as
/// soon as its criteria and its cross-check keys are taken, so memory is bounded by the
/// largest applicant (times the worker count), not by the round. Results come back with the
/// cross-applicant rows added, sorted by id; problems include the round-level ones.
///
/// With `report_lang`, each result's criteria rows are rendered in that language right away
/// and its outcomes stripped (`ApplicantResult::compact`): the reports must then be written
/// in the same language.
pub fn evaluate_round(
    round: &Path,
    ctx: &Context,
    quiet: bool,
    report_lang: Option<Lang>,
) -> Result<(Vec<ApplicantResult>, Vec<Problem>), DiscoverError> {
    let done = evaluate_round_skipping(round, ctx, quiet, report_lang, &[])?;
    Ok((done.results, done.problems))
}

/// `evaluate_round` that skips the folders in `skip` (the run's `--out`) and also returns each
/// applicant's folder. Each applicant is read and evaluated in isolation (`evaluate_isolated`).
pub fn evaluate_round_skipping(
    round: &Path,
    ctx: &Context,
    quiet: bool,
    report_lang: Option<Lang>,
    skip: &[PathBuf],
) -> Result<RoundOutcome, DiscoverError> {
    let rules = &ctx.rules;
    let found = discover_round_skipping(round, rules, skip)?;
    let progress = Progress::new(found.submissions.len(), quiet);
    let evaluated: Vec<(ApplicantResult, CrossKeys, Vec<Problem>)> = found
        .submissions
        .par_iter()
        .map(|sub| evaluate_isolated(sub, ctx, &progress, report_lang))
        .collect();
    progress.finish();
    let folders = found
        .submissions
        .iter()
        .map(|s| (s.id.clone(), s.district_folder.clone()))
        .collect();
    let paths = found
        .submissions
        .iter()
        .map(|s| {
            let archive = !matches!(s.kind, discover::SubmissionKind::Folder);
            (s.id.clone(), (s.rel.clone(), archive))
        })
        .collect();
    let mut problems = found.problems;
    let mut results = Vec::with_capacity(evaluated.len());
    let mut keys = Vec::with_capacity(evaluated.len());
    for (result, key, app_problems) in evaluated {
        results.push(result);
        keys.push(key);
        problems.extend(app_problems);
    }
    Ok(RoundOutcome {
        results: evaluate::finish_round(results, &keys),
        problems,
        folders,
        paths,
        recommendation_lists: found.recommendation_lists,
    })
}

/// Reads one folder, zip or single file as an applicant (for `inspect`).
pub fn read_path(path: &Path, rules: &Rules) -> Applicant {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let is_zip = path.is_file() && discover::is_archive(&name);
    if path.is_dir() || is_zip {
        let sub = Submission {
            id: if is_zip {
                discover::file_stem(&name)
            } else {
                name.clone()
            },
            district_folder: path
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().to_string()),
            path: path.to_path_buf(),
            rel: name,
            kind: if is_zip {
                SubmissionKind::Zip
            } else {
                SubmissionKind::Folder
            },
        };
        return extract::read_submission(&sub, rules);
    }
    let bytes = discover::read_file(path, &rules.limits);
    extract::read_files(
        &name,
        vec![RawFile {
            rel: name.clone(),
            bytes,
        }],
        rules,
    )
}
