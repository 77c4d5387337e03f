//! `run.json` (SPEC §9): how a run was made, so a report can be traced to its tool, rules,
//! history, decisions and input files. It is the only output with times in it; the reports
//! stay byte-identical for the same input.

use serde::Serialize;

use crate::evaluate::{ApplicantResult, Verdict};
use crate::run::EvaluateConfig;

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub version: String,
    pub as_of: String,
    pub evaluation_year: i32,
    /// The document's name for the embedded rules; `custom:<file>` for any other rules text.
    pub rules_name: String,
    /// The document the rules file says it implements (its `[document] name`).
    pub rules_document: String,
    pub rules_sha256: String,
    pub history_sha256: Option<String>,
    pub decisions_sha256: Option<String>,
    pub district: Option<String>,
    pub round: String,
    pub lang: String,
    pub applicants: usize,
    pub verdicts: Counts,
    pub problems: usize,
    /// Every file read, with its content hash.
    pub files: Vec<FileEntry>,
    pub ocr: Option<Ocr>,
    pub started: String,
    pub finished: String,
}

#[derive(Debug, Serialize, Default)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub review: usize,
}

#[derive(Debug, Serialize)]
pub struct FileEntry {
    pub applicant: String,
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub struct Ocr {
    pub engine: String,
    pub version: String,
}

impl Manifest {
    pub fn new(
        cfg: &EvaluateConfig,
        results: &[ApplicantResult],
        problems: usize,
        started: chrono::DateTime<chrono::Utc>,
        decisions_sha256: Option<String>,
    ) -> Manifest {
        let mut verdicts = Counts::default();
        for r in results {
            match r.verdict {
                Verdict::Pass => verdicts.pass += 1,
                Verdict::Fail => verdicts.fail += 1,
                _ => verdicts.review += 1,
            }
        }
        let rfc =
            |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Manifest {
            version: env!("CARGO_PKG_VERSION").to_string(),
            as_of: cfg.as_of.to_string(),
            evaluation_year: chrono::Datelike::year(&cfg.as_of) - 1,
            rules_name: cfg.rules.manifest_name(),
            rules_document: cfg.rules.document.name.clone(),
            rules_sha256: cfg.rules.provenance.sha256.clone(),
            history_sha256: cfg.history.as_ref().map(|h| h.sha256.clone()),
            decisions_sha256,
            district: cfg.district.clone(),
            round: cfg.round.display().to_string(),
            lang: match cfg.lang {
                crate::model::Lang::Zh => "zh",
                crate::model::Lang::En => "en",
            }
            .to_string(),
            applicants: results.len(),
            verdicts,
            problems,
            files: results
                .iter()
                .flat_map(|r| {
                    r.files.iter().map(|(path, sha)| FileEntry {
                        applicant: r.id.clone(),
                        path: path.clone(),
                        sha256: crate::hash::hex(sha),
                    })
                })
                .collect(),
            ocr: cfg.rules.ocr.enabled.then(|| Ocr {
                engine: "PaddleOCR PP-OCRv4 mobile (tract-onnx)".to_string(),
                version: crate::ocr::ENGINE_VERSION.to_string(),
            }),
            started: rfc(started),
            finished: rfc(chrono::Utc::now()),
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}
