//! `sme-audit evaluate`: read a round, evaluate every applicant, write the four reports and
//! return the console summary. Errors carry an exit code: 2 for usage/input, 1 for output.

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;

use crate::evaluate::{self, Context};
use crate::history::History;
use crate::model::Lang;
use crate::pipeline;
use crate::report;
use crate::rules::Rules;

/// A validated `evaluate` invocation.
#[derive(Debug, Clone)]
pub struct EvaluateConfig {
    pub round: PathBuf,
    pub out: PathBuf,
    pub as_of: NaiveDate,
    pub rules: Rules,
    pub history: Option<History>,
    pub district: Option<String>,
    pub jobs: Option<usize>,
    pub lang: Lang,
    pub quiet: bool,
}

/// Why a run stopped: the exit code and a message naming the cause.
#[derive(Debug)]
pub struct RunError {
    pub code: u8,
    pub message: String,
}

/// What a finished run prints: warnings (stderr) and the summary (stdout).
#[derive(Debug, Default)]
pub struct RunOutput {
    pub warnings: Vec<String>,
    pub summary: String,
}

pub fn evaluate(cfg: &EvaluateConfig) -> Result<RunOutput, RunError> {
    let start = Instant::now();
    let usage = |message: String| RunError { code: 2, message };
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = cfg.jobs {
        if jobs == 0 {
            return Err(usage(
                "--jobs 必须大于 0 / --jobs must be at least 1".into(),
            ));
        }
        builder = builder.num_threads(jobs);
    }
    let pool = builder
        .build()
        .map_err(|e| usage(format!("无法创建线程池：{e}")))?;
    let mut ctx = Context::new(cfg.rules.clone(), cfg.as_of);
    ctx.history = cfg.history.clone();

    let (results, mut problems) = pool
        .install(|| pipeline::evaluate_round(&cfg.round, &ctx, cfg.quiet, Some(cfg.lang)))
        .map_err(|e| usage(e.to_string()))?;

    let mut out = RunOutput::default();
    let results = match &cfg.district {
        Some(d) => {
            let kept: Vec<_> = results
                .into_iter()
                .filter(|r| evaluate::in_district(r, d))
                .collect();
            let ids: std::collections::BTreeSet<&str> =
                kept.iter().map(|r| r.id.as_str()).collect();
            problems.retain(|p| {
                if p.applicant.is_empty() {
                    p.file.split('/').next() == Some(d.as_str())
                } else {
                    ids.contains(p.applicant.as_str())
                }
            });
            if kept.is_empty() {
                out.warnings.push(format!(
                    "没有属于“{d}”的申报单位 / no applicant belongs to district '{d}'"
                ));
            }
            kept
        }
        None => results,
    };
    if let Some((zh, en)) = evaluate::as_of_warning(&results, cfg.as_of) {
        out.warnings.push(format!("{zh} / {en}"));
        problems.push(crate::model::Problem::new(
            "",
            "",
            crate::model::Severity::Warning,
            zh,
            en,
        ));
    }
    problems.sort();
    if !evaluate::rules_in_force(&cfg.rules, cfg.as_of) {
        let doc = &cfg.rules.document;
        out.warnings.push(format!(
            "评审基准日 {} 不在《{}》有效期（{} 至 {}）内，所有申报单位的 A27.rules_in_force 为待核实 / \
             the as-of date is outside the rules' validity window",
            cfg.as_of, doc.name, doc.valid_from, doc.valid_until
        ));
    }
    report::write_reports(&cfg.out, &results, &problems, cfg.lang).map_err(|e| RunError {
        code: 1,
        message: e.to_string(),
    })?;
    out.summary = report::console_summary(&results, &problems, start.elapsed(), cfg.lang);
    Ok(out)
}
