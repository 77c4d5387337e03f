//! `sme-audit evaluate`: read a round, evaluate every applicant, write the four reports and
//! return the console summary. Errors carry an exit code: 2 for usage/input, 1 for output.

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;

use crate::evaluate::{self, Context};
use crate::history::History;
use crate::model::{Lang, Problem, Severity};
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
    /// `--decisions FILE`: reviewers' decisions on criteria rows (SPEC §9).
    pub decisions: Option<PathBuf>,
    /// `--strict`: exit 3 when an applicant fails or is review, 4 when a file was unreadable.
    pub strict: bool,
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
    /// 0, or with `--strict` 3 (an applicant fails or is review) or 4 (a file unreadable).
    pub exit_code: u8,
}

/// `--strict`: 4 when any file could not be read (an error row in problems.csv), else 3 when
/// any applicant fails or is review, else 0.
pub fn strict_exit_code(results: &[evaluate::ApplicantResult], problems: &[Problem]) -> u8 {
    if problems.iter().any(|p| p.severity == Severity::Error) {
        4
    } else if results.iter().any(|r| r.verdict != evaluate::Verdict::Pass) {
        3
    } else {
        0
    }
}

/// Stack of each worker thread: deep enough for every bounded recursion in the readers.
pub const WORKER_STACK_BYTES: usize = 32 * 1024 * 1024;

/// Exit code of a run stopped by SIGINT/SIGTERM (Ctrl-C).
pub const INTERRUPTED_EXIT: i32 = 130;

/// On SIGINT/SIGTERM (Ctrl-C on Windows): remove the temporary report files and exit
/// non-zero; the out folder keeps the previous complete reports (see `report::write_reports`).
/// Installed once per process.
pub fn handle_interrupts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            report::abandon_reports();
            eprintln!("sme-audit: 已中断，报告未更新 / interrupted: reports not updated");
            std::process::exit(INTERRUPTED_EXIT);
        });
    });
}

/// District names compared as `evaluate::in_district` does: with or without 区/县/市.
fn same_district(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.trim().trim_end_matches(['区', '县', '市']).to_string();
    a.trim() == b.trim() || strip(a) == strip(b)
}

/// The district a folder name names (`历城区`, `2023-历城区` → 历城区), else the name itself.
fn folder_district(folder: &str) -> String {
    crate::values::district_from_text(folder).unwrap_or_else(|| folder.trim().to_string())
}

pub fn evaluate(cfg: &EvaluateConfig) -> Result<RunOutput, RunError> {
    evaluate_with(cfg, None, |_| Vec::new())
}

/// `evaluate` that also writes the criteria rows as NDJSON to `ndjson` (`--format ndjson`):
/// once the round's rows are final (the cross-applicant checks and the decisions need the
/// whole round), applicant by applicant in `criteria.csv`'s order, before the reports are
/// written. A closed pipe ends the stream quietly; the reports are still written.
pub fn evaluate_streaming(
    cfg: &EvaluateConfig,
    ndjson: Option<&mut dyn std::io::Write>,
) -> Result<RunOutput, RunError> {
    evaluate_with(cfg, ndjson, |_| Vec::new())
}

/// More files a run writes with its reports, made from its final results (which it may
/// amend first): `(file name, bytes)`.
pub type ExtraFiles = Vec<(&'static str, Vec<u8>)>;

/// `evaluate`, with `after` called on the round's final results (decisions applied, district
/// kept) before anything is written: `monitor` amends them and adds `monitoring.csv`, renamed
/// into place with the reports. The NDJSON stream (if any) carries the amended rows.
pub fn evaluate_with(
    cfg: &EvaluateConfig,
    mut ndjson: Option<&mut dyn std::io::Write>,
    after: impl FnOnce(&mut Vec<evaluate::ApplicantResult>) -> ExtraFiles,
) -> Result<RunOutput, RunError> {
    let start = Instant::now();
    let started = chrono::Utc::now();
    let usage = |message: String| RunError { code: 2, message };
    let mut builder = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK_BYTES);
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

    let skip = [cfg.out.clone()];
    let done = pool
        .install(|| {
            pipeline::evaluate_round_skipping(&cfg.round, &ctx, cfg.quiet, Some(cfg.lang), &skip)
        })
        .map_err(|e| usage(e.to_string()))?;
    let (mut results, mut problems) = (done.results, done.problems);
    let mut decisions_sha256 = None;
    if let Some(path) = &cfg.decisions {
        let decisions = crate::decisions::load(path, &cfg.rules.limits).map_err(usage)?;
        decisions_sha256 = Some(decisions.sha256.clone());
        problems.extend(crate::decisions::apply(&mut results, &decisions, cfg.lang));
    }

    let mut out = RunOutput::default();
    let mut results = match &cfg.district {
        Some(d) => {
            let folder_of = |id: &str| {
                done.folders
                    .get(id)
                    .and_then(|f| f.as_deref())
                    .map(folder_district)
            };
            let mut kept = Vec::new();
            let mut existing = std::collections::BTreeSet::new();
            for r in results {
                let folder = folder_of(&r.id);
                existing.extend(r.district.clone());
                existing.extend(folder.clone());
                let by_form = evaluate::in_district(&r, d);
                let by_folder = folder.as_deref().is_some_and(|f| same_district(f, d));
                if !(by_form || by_folder) {
                    continue;
                }
                if let (Some(own), Some(folder)) = (&r.district, &folder)
                    && !same_district(own, folder)
                {
                    problems.push(Problem {
                        applicant: r.id.clone(),
                        ..Problem::new(
                            "",
                            "",
                            Severity::Warning,
                            format!(
                                "所属区县不一致：申报材料为“{own}”，所在目录为“{folder}”；因其一为“{d}”而纳入本次评审"
                            ),
                            format!(
                                "district mismatch: the application says '{own}', its folder '{folder}'; included because one of them is '{d}'"
                            ),
                        )
                    });
                }
                kept.push(r);
            }
            if kept.is_empty() {
                let list: Vec<String> = existing.into_iter().filter(|s| !s.is_empty()).collect();
                return Err(usage(format!(
                    "没有属于“{d}”的申报单位；本轮的区县：{} / no applicant belongs to district '{d}'; districts in this round: {}",
                    list.join("、"),
                    list.join(", ")
                )));
            }
            let ids: std::collections::BTreeSet<&str> =
                kept.iter().map(|r| r.id.as_str()).collect();
            problems.retain(|p| {
                if p.applicant.is_empty() {
                    p.file
                        .split('/')
                        .next()
                        .is_some_and(|top| same_district(top, d))
                } else {
                    ids.contains(p.applicant.as_str())
                }
            });
            kept
        }
        None => results,
    };
    let more = after(&mut results);
    if let Some(w) = ndjson.as_mut() {
        match report::write_criteria_ndjson(&mut **w, &results, cfg.lang) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(RunError {
                    code: 1,
                    message: format!("无法输出 / cannot write output: {e}"),
                });
            }
            _ => {}
        }
    }
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
    // Districts' own recommendation lists, checked against the verdicts (Art. 17–18).
    let lists: Vec<(String, PathBuf)> = done
        .recommendation_lists
        .iter()
        .filter(|(rel, _)| {
            cfg.district.as_deref().is_none_or(|d| {
                rel.split('/')
                    .rev()
                    .nth(1)
                    .is_some_and(|f| same_district(&folder_district(f), d))
            })
        })
        .cloned()
        .collect();
    let folder_of = |id: &str| done.folders.get(id).cloned().flatten();
    problems.extend(crate::district::cross_check(
        &lists, &results, &folder_of, &cfg.rules,
    ));
    let mut extra = more;
    if let Some(d) = &cfg.district {
        let mut sorted: Vec<&evaluate::ApplicantResult> = results.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        let book = crate::district::list_workbook(&sorted, d).map_err(|e| RunError {
            code: 1,
            message: format!("无法生成推荐汇总表.xlsx：{e}"),
        })?;
        extra.push(("推荐汇总表.xlsx", book));
    }
    let links = report::Links {
        round: Some(cfg.round.clone()),
        paths: done.paths,
    };
    let manifest =
        crate::manifest::Manifest::new(cfg, &results, problems.len(), started, decisions_sha256);
    report::write_reports_linked(&cfg.out, &results, &problems, cfg.lang, &links, {
        extra.push(("run.json", manifest.to_json().into_bytes()));
        extra
    })
    .map_err(|e| RunError {
        code: 1,
        message: e.to_string(),
    })?;
    out.summary = report::console_summary(&results, &problems, start.elapsed(), cfg.lang);
    if cfg.strict {
        out.exit_code = strict_exit_code(&results, &problems);
    }
    Ok(out)
}
