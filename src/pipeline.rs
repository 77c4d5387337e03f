//! Reading a whole round: discovery, then every submission read in parallel (rayon) into an
//! `Applicant`, collected in discovery order so results never depend on thread timing.

use std::path::Path;

use rayon::prelude::*;

use crate::discover::{self, DiscoverError, RawFile, Submission, SubmissionKind};
use crate::evaluate::cross::CrossKeys;
use crate::evaluate::{self, ApplicantResult, Context};
use crate::extract;
use crate::model::{Applicant, Lang, Problem};
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
    let is_form = |p: &Path| extract::file_holds_form(p, rules);
    discover::discover(round, rules, &is_form)
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
    let rules = &ctx.rules;
    let found = discover_round(round, rules)?;
    let progress = Progress::new(found.submissions.len(), quiet);
    let evaluated: Vec<(ApplicantResult, CrossKeys, Vec<Problem>)> = found
        .submissions
        .par_iter()
        .map(|sub| {
            let app = extract::read_submission(sub, rules);
            progress.applicant_done(app.facts.files.len());
            let mut result = evaluate::evaluate_applicant(&app, ctx);
            if let Some(lang) = report_lang {
                crate::report::compact(&mut result, lang);
            }
            (result, CrossKeys::of(&app), app.problems)
        })
        .collect();
    progress.finish();
    let mut problems = found.problems;
    let mut results = Vec::with_capacity(evaluated.len());
    let mut keys = Vec::with_capacity(evaluated.len());
    for (result, key, app_problems) in evaluated {
        results.push(result);
        keys.push(key);
        problems.extend(app_problems);
    }
    Ok((evaluate::finish_round(results, &keys), problems))
}

/// Reads one folder, zip or single file as an applicant (for `inspect`).
pub fn read_path(path: &Path, rules: &Rules) -> Applicant {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let is_zip = path.is_file() && discover::extension(&name) == "zip";
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
    let bytes = std::fs::read(path).map_err(|e| {
        (
            format!("无法打开文件：{e}"),
            format!("cannot open file: {e}"),
        )
    });
    extract::read_files(
        &name,
        vec![RawFile {
            rel: name.clone(),
            bytes,
        }],
        rules,
    )
}
