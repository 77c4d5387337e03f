//! Command-line usage errors in the user's language. clap's own texts are English: in zh mode
//! (the default) its error kind and context (the option, the value, the valid values, the
//! suggestion) are rendered here in Chinese, with the usage line; `--lang en` gives the same
//! in English. The exit code stays clap's 2.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::model::Lang;

/// The language a command line asks for: `--lang en` / `--lang=en`, else Chinese (also when
/// the value is not one the tool knows, as `--lang fr`).
pub fn lang_of_args(args: &[OsString]) -> Lang {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().to_string())
        .collect();
    let en = args
        .windows(2)
        .any(|w| w[0] == "--lang" && w[1].eq_ignore_ascii_case("en"))
        || args.iter().any(|a| a.eq_ignore_ascii_case("--lang=en"));
    if en { Lang::En } else { Lang::Zh }
}

/// Whether clap's error is really help or version output (printed by clap as it is).
pub fn is_display(err: &clap::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

fn context(err: &clap::Error, kind: ContextKind) -> String {
    match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The reason a value was refused (our parsers give `中文 / English`): the part in `lang`.
fn reason(err: &clap::Error, lang: Lang) -> String {
    let text = std::error::Error::source(err)
        .map(|e| e.to_string())
        .unwrap_or_default();
    match text.split_once(" / ") {
        Some((zh, en)) => match lang {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        },
        None => text,
    }
}

/// The error as the user sees it: what is wrong, a suggestion when clap has one, the usage
/// line and where to find more.
pub fn render(err: &clap::Error, args: &[OsString]) -> String {
    let lang = lang_of_args(args);
    let zh = lang == Lang::Zh;
    let arg = context(err, ContextKind::InvalidArg);
    let value = context(err, ContextKind::InvalidValue);
    let valid = context(err, ContextKind::ValidValue);
    let what = match err.kind() {
        ErrorKind::UnknownArgument if zh => format!("无法识别的选项或参数“{arg}”"),
        ErrorKind::UnknownArgument => format!("unknown option or argument '{arg}'"),
        ErrorKind::InvalidSubcommand if zh => format!(
            "无法识别的子命令“{}”",
            context(err, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidSubcommand => format!(
            "unknown subcommand '{}'",
            context(err, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue if zh && value.is_empty() => format!("选项 {arg} 缺少值"),
        ErrorKind::InvalidValue if value.is_empty() => format!("option {arg} needs a value"),
        ErrorKind::InvalidValue if zh => {
            format!("选项 {arg} 的值“{value}”无效，可选：{valid}")
        }
        ErrorKind::InvalidValue => {
            format!("invalid value '{value}' for {arg}; possible values: {valid}")
        }
        ErrorKind::ValueValidation if zh => {
            format!("选项 {arg} 的值“{value}”无效：{}", reason(err, lang))
        }
        ErrorKind::ValueValidation => {
            format!("invalid value '{value}' for {arg}: {}", reason(err, lang))
        }
        ErrorKind::MissingRequiredArgument if zh => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingRequiredArgument => format!("missing required argument: {arg}"),
        ErrorKind::MissingSubcommand if zh => "缺少子命令".to_string(),
        ErrorKind::MissingSubcommand => "missing subcommand".to_string(),
        ErrorKind::ArgumentConflict if zh => format!(
            "选项 {arg} 不能与 {} 同时使用",
            context(err, ContextKind::PriorArg)
        ),
        ErrorKind::ArgumentConflict => format!(
            "{arg} cannot be used with {}",
            context(err, ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues
            if zh =>
        {
            format!("选项 {arg} 的值个数不对")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("wrong number of values for {arg}")
        }
        _ => {
            let own = clap_message(err);
            if zh {
                format!("命令行有误（{own}）")
            } else {
                own
            }
        }
    };
    let mut out = String::new();
    out.push_str(if zh { "错误：" } else { "error: " });
    out.push_str(&what);
    out.push('\n');
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(|k| context(err, k))
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out.push_str(&if zh {
            format!("  提示：是否想用“{s}”？\n")
        } else {
            format!("  tip: a similar one exists: '{s}'\n")
        });
    }
    if let Some(usage) = usage_line(args) {
        let command: Vec<&str> = usage
            .split(' ')
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        let help = format!("{} --help", command.join(" "));
        if zh {
            out.push_str(&format!("\n用法：{usage}\n\n更多信息请运行：{help}\n"));
        } else {
            out.push_str(&format!(
                "\nUsage: {usage}\n\nFor more information, run: {help}\n"
            ));
        }
    }
    out
}

/// The usage line of the (sub)command the arguments name (`sme-audit evaluate [OPTIONS]
/// <ROUND>`), without the `Usage:` prefix.
fn usage_line(args: &[OsString]) -> Option<String> {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Args::command();
    cmd.build();
    let mut current = cmd;
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if arg.starts_with('-') {
            continue;
        }
        match current.find_subcommand(arg.as_ref()).cloned() {
            Some(sub) => current = sub,
            None => break,
        }
    }
    let usage = current.render_usage().to_string();
    let line = usage.lines().next()?.trim();
    Some(line.strip_prefix("Usage: ").unwrap_or(line).to_string())
}

/// clap's own one-line message (`error: …` without the prefix), for kinds rendered generically.
fn clap_message(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Args;
    use clap::Parser;

    fn error(args: &[&str]) -> (String, String) {
        let args: Vec<OsString> = std::iter::once("sme-audit")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        let err = Args::try_parse_from(&args).expect_err("a usage error");
        assert_eq!(err.exit_code(), 2);
        let zh_args: Vec<OsString> = args
            .iter()
            .filter(|a| !a.to_string_lossy().contains("en"))
            .cloned()
            .collect();
        (render(&err, &zh_args), render(&err, &args))
    }

    #[test]
    fn unknown_option_is_named_in_chinese_with_the_usage_line() {
        let (zh, _) = error(&["evaluate", "r", "--ouut", "x"]);
        assert!(zh.starts_with("错误：无法识别的选项或参数“--ouut”"), "{zh}");
        assert!(zh.contains("提示：是否想用“--out”"), "{zh}");
        assert!(zh.contains("用法：sme-audit evaluate"), "{zh}");
        assert!(
            zh.contains("更多信息请运行：sme-audit evaluate --help"),
            "{zh}"
        );
        assert!(!zh.contains("unexpected"), "{zh}");
    }

    #[test]
    fn bad_values_say_what_is_wrong_in_the_language_asked() {
        let (zh, en) = error(&["evaluate", "r", "--as-of", "2023-13-01", "--lang", "en"]);
        assert!(
            zh.contains("选项 --as-of <AS_OF> 的值“2023-13-01”无效：无法识别的日期"),
            "{zh}"
        );
        assert!(
            en.contains("invalid value '2023-13-01'") && en.contains("not a date"),
            "{en}"
        );
        assert!(!en.contains("无法"), "{en}");
        let (zh, _) = error(&["evaluate", "r", "--jobs", "x"]);
        assert!(zh.contains("“x”无效：应为正整数"), "{zh}");
        let (zh, _) = error(&["evaluate", "r", "--jobs", "0"]);
        assert!(zh.contains("“0”无效：应为正整数"), "{zh}");
        let (zh, en) = error(&["evaluate", "r", "--lang", "fr"]);
        assert!(
            zh.contains("选项 --lang <LANG> 的值“fr”无效，可选：zh, en"),
            "{zh}"
        );
        // An unknown language is not English: the message stays Chinese.
        assert_eq!(zh, en);
    }

    #[test]
    fn missing_argument_and_unknown_subcommand() {
        let (zh, _) = error(&["evaluate"]);
        assert!(zh.contains("缺少必需的参数：<ROUND>"), "{zh}");
        let (zh, _) = error(&["notice", "out"]);
        assert!(zh.contains("缺少必需的参数：--start <START>"), "{zh}");
        let (zh, _) = error(&["evalute", "r"]);
        assert!(zh.contains("无法识别的子命令“evalute”"), "{zh}");
        assert!(zh.contains("是否想用“evaluate”"), "{zh}");
        let (_, en) = error(&["evaluate", "--lang=en"]);
        assert!(
            en.starts_with("error: missing required argument: <ROUND>"),
            "{en}"
        );
        assert!(en.contains("Usage: sme-audit evaluate"), "{en}");
    }

    #[test]
    fn help_is_not_an_error() {
        let err = Args::try_parse_from(["sme-audit", "--help"]).expect_err("help");
        assert!(is_display(&err));
        let err = Args::try_parse_from(["sme-audit", "evaluate"]).expect_err("usage");
        assert!(!is_display(&err));
    }
}
