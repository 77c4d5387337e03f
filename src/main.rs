//! Thin entry point: parse arguments, run the subcommand, map errors to exit codes
//! (0 = the round was evaluated, whatever the verdicts; 2 = usage or input error;
//! 1 = output error).

use std::process::ExitCode;

use clap::Parser;

use sme_audit::cli::{Args, Command, RulesAction, load_rules};
use sme_audit::model::Lang;

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("sme-audit: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(args: Args) -> Result<(), (u8, String)> {
    let usage = |e: &dyn std::fmt::Display| (2u8, e.to_string());
    match args.command {
        Command::Inspect { path, rules, lang } => {
            let rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
            if !path.exists() {
                return Err((2, format!("找不到 {}", path.display())));
            }
            let lang: Lang = lang.into();
            let mut text = String::new();
            if path.is_file() && sme_audit::discover::extension(&path.to_string_lossy()) == "pdf" {
                let bytes = std::fs::read(&path).map_err(|e| usage(&e))?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                text.push_str(&sme_audit::inspect::render_pdf_text(
                    &name,
                    &sme_audit::ingest::pdf::read_pdf(&bytes),
                    lang,
                ));
            }
            let app = sme_audit::pipeline::read_path(&path, &rules);
            text.push_str(&sme_audit::inspect::render(&app, lang));
            print!("{text}");
            Ok(())
        }
        Command::Rules {
            action: RulesAction::Show { rules },
        } => {
            let rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
            print!("{}", rules.to_toml());
            Ok(())
        }
        Command::Rules {
            action: RulesAction::Check { file },
        } => {
            let rules = sme_audit::rules::Rules::load(&file).map_err(|e| usage(&e))?;
            println!(
                "规则文件有效 / rules file is valid: {}（{}），{} 至 {}",
                rules.document.name,
                rules.document.number,
                rules.document.valid_from,
                rules.document.valid_until
            );
            Ok(())
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
        } => {
            let rules = load_rules(rules.as_ref()).map_err(|e| usage(&e))?;
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
            };
            let output = sme_audit::run::evaluate(&cfg).map_err(|e| (e.code, e.message))?;
            for w in &output.warnings {
                eprintln!("警告 / warning: {w}");
            }
            print!("{}", output.summary);
            Ok(())
        }
    }
}
