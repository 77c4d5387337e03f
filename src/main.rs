//! Thin entry point: parse arguments, run the subcommand, map errors to exit codes
//! (0 = the round was evaluated, whatever the verdicts; 2 = usage or input error;
//! 1 = output error).

use std::process::ExitCode;

use clap::Parser;

use sme_audit::cli::{Args, Command, RulesAction, load_rules};

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
            let text =
                sme_audit::inspect::inspect_path(&path, &rules, lang.into()).map_err(|e| (2, e))?;
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
