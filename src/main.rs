//! Thin entry point: parse arguments, run the subcommand, map errors to exit codes
//! (0 = the round was evaluated, whatever the verdicts; 2 = usage or input error;
//! with `--strict` 3 = an applicant fails or is review, 4 = a file could not be read;
//! 1 = output error).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use sme_audit::cli::{
    Args, Command, DecisionsAction, EvaluateFormat, HistoryAction, RulesAction, load_rules,
    ocr_settings,
};

fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let args = match Args::try_parse_from(&raw) {
        Ok(args) => args,
        // Help and version are printed by clap; usage errors in the user's language (exit 2).
        Err(e) if sme_audit::usage::is_display(&e) => e.exit(),
        Err(e) => {
            eprint!("{}", sme_audit::usage::render(&e, &raw));
            return ExitCode::from(2);
        }
    };
    // A panic inside a reader or one applicant's evaluation is caught and becomes that file's
    // or applicant's problem row; the user gets one line on stderr, not a backtrace (set
    // RUST_BACKTRACE to see one).
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            eprintln!(
                "sme-audit: 内部错误，已记入 problems.csv / internal error, recorded in problems.csv: {info}"
            );
        }));
    }
    // The work runs on a thread with a large stack (as the evaluate workers have), so bounded
    // recursion in the readers never overflows, `inspect` included.
    let worker = std::thread::Builder::new()
        .stack_size(sme_audit::run::WORKER_STACK_BYTES)
        .spawn(move || run(args));
    let result = match worker.map(|w| w.join()) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err((101, "内部错误 / internal error".to_string())),
        Err(e) => Err((1, format!("无法启动 / cannot start: {e}"))),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err((code, message)) => {
            eprintln!("sme-audit: {message}");
            ExitCode::from(code)
        }
    }
}

/// Writes to stdout; a closed pipe (`sme-audit inspect … | head -1`) ends the output quietly.
fn emit(text: &str) -> Result<(), (u8, String)> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err((1, format!("无法输出 / cannot write output: {e}"))),
    }
}

/// Runs the subcommand; `Ok` carries the exit code (0, or `--strict`'s 3 and 4).
fn run(args: Args) -> Result<u8, (u8, String)> {
    let usage = |e: &dyn std::fmt::Display| (2u8, e.to_string());
    match args.command {
        Command::Inspect {
            path,
            rules,
            lang,
            no_ocr,
            cache,
            format,
        } => {
            let mut rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
            rules.ocr = ocr_settings(no_ocr, cache);
            let text =
                sme_audit::inspect::inspect_path_as(&path, &rules, lang.into(), format.into())
                    .map_err(|e| (2, e))?;
            emit(&text).map(|()| 0)
        }
        Command::Rules {
            action: RulesAction::Show { rules },
        } => {
            let rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
            emit(&rules.to_toml()).map(|()| 0)
        }
        Command::Rules {
            action: RulesAction::Check { file },
        } => {
            let rules = sme_audit::rules::Rules::load(&file).map_err(|e| usage(&e))?;
            emit(&format!(
                "规则文件有效 / rules file is valid: {}（{}），{} 至 {}\n",
                rules.document.name,
                rules.document.number,
                rules.document.valid_from,
                rules.document.valid_until
            ))
            .map(|()| 0)
        }
        Command::Notice {
            out_dir,
            out,
            start,
            rules,
            lang,
        } => {
            let rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
            let out = out_dir.or(out).ok_or_else(|| {
                (
                    2,
                    "请给出输出目录 OUT_DIR / give the output folder OUT_DIR".to_string(),
                )
            })?;
            let cfg = sme_audit::notice::NoticeConfig {
                out,
                start,
                rules,
                lang: lang.into(),
            };
            let output =
                sme_audit::notice::write_notice(&cfg).map_err(|e| (e.code(), e.to_string()))?;
            for w in &output.warnings {
                eprintln!("警告 / warning: {w}");
            }
            emit(&output.summary).map(|()| 0)
        }
        Command::Evaluate {
            round,
            out,
            as_of,
            rules,
            history,
            district,
            jobs,
            lang,
            quiet,
            no_ocr,
            cache,
            decisions,
            strict,
            format,
        } => {
            let mut rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
            rules.ocr = ocr_settings(no_ocr, cache);
            let history = match history {
                Some(p) => Some(sme_audit::history::History::load(&p).map_err(|e| usage(&e))?),
                None => None,
            };
            let cfg = sme_audit::run::EvaluateConfig {
                round,
                out,
                as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
                rules,
                history,
                district,
                jobs,
                lang: lang.into(),
                quiet,
                decisions,
                strict,
            };
            sme_audit::run::handle_interrupts();
            let ndjson = format == EvaluateFormat::Ndjson;
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let sink: Option<&mut dyn Write> = if ndjson { Some(&mut stdout) } else { None };
            let output =
                sme_audit::run::evaluate_streaming(&cfg, sink).map_err(|e| (e.code, e.message))?;
            drop(stdout);
            for w in &output.warnings {
                eprintln!("警告 / warning: {w}");
            }
            if ndjson {
                // stdout carries the rows only: the summary goes with the warnings.
                eprint!("{}", output.summary);
            } else {
                emit(&output.summary)?;
            }
            Ok(output.exit_code)
        }
        Command::Stats {
            out_dirs,
            out,
            lang,
        } => {
            let cfg = sme_audit::stats::StatsConfig {
                inputs: out_dirs,
                out,
                lang: lang.into(),
            };
            let output = sme_audit::stats::run(&cfg).map_err(|e| (e.code, e.message))?;
            for w in &output.warnings {
                eprintln!("警告 / warning: {w}");
            }
            emit(&output.summary).map(|()| 0)
        }
        Command::Monitor {
            round,
            history,
            as_of,
            out,
            rules,
            district,
            jobs,
            lang,
            quiet,
            no_ocr,
            cache,
        } => {
            let mut rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
            rules.ocr = ocr_settings(no_ocr, cache);
            let history = sme_audit::history::History::load(&history).map_err(|e| usage(&e))?;
            let cfg = sme_audit::run::EvaluateConfig {
                round,
                out,
                as_of,
                rules,
                history: Some(history),
                district,
                jobs,
                lang: lang.into(),
                quiet,
                decisions: None,
                strict: false,
            };
            sme_audit::run::handle_interrupts();
            let output = sme_audit::monitor::monitor(&cfg).map_err(|e| (e.code, e.message))?;
            for w in &output.warnings {
                eprintln!("警告 / warning: {w}");
            }
            emit(&output.summary).map(|()| 0)
        }
        Command::History {
            action:
                HistoryAction::Export {
                    out_dirs,
                    out,
                    lang,
                },
        } => {
            let lang = lang.into();
            let export = sme_audit::monitor::export(&out_dirs, lang).map_err(|e| (2, e))?;
            for w in &export.warnings {
                eprintln!("警告 / warning: {w}");
            }
            let bytes = sme_audit::history::export_csv(&export.rows, lang);
            match out {
                Some(path) => {
                    sme_audit::report::write_atomically(&path, &bytes)
                        .map_err(|e| (1, e.to_string()))?;
                    eprintln!(
                        "已写出 {}：{} 条认定记录 / wrote {} recognised rows",
                        path.display(),
                        export.rows.len(),
                        export.rows.len()
                    );
                    Ok(0)
                }
                None => emit(&String::from_utf8_lossy(&bytes)).map(|()| 0),
            }
        }
        Command::Decisions {
            action: DecisionsAction::Template { out_dir },
        } => {
            let limits = sme_audit::rules::Rules::jinan_2021().limits;
            let (path, n) =
                sme_audit::decisions::template(&out_dir, &limits).map_err(|e| (2, e))?;
            emit(&format!(
                "已写出 {}：{n} 个待核实项，填写“结论”列后用 --decisions 传入 / wrote {n} review items\n",
                path.display()
            ))?;
            Ok(0)
        }
    }
}
