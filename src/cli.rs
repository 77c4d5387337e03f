//! Command line: raw clap arguments, then a validated configuration (rules loaded, dates
//! parsed, paths checked) that the subcommands run with. Usage errors name their cause.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::model::Lang;
use crate::rules::{Rules, RulesError};

const HELP_EXAMPLES: &str = "\
示例 / examples:
  sme-audit evaluate 2023申报材料 --as-of 2023-06-30 --out 评审结果
  sme-audit evaluate 2023申报材料 --as-of 2023-06-30 --out 历城区预审 --district 历城区
  sme-audit decisions template 评审结果
  sme-audit evaluate 2023申报材料 --as-of 2023-06-30 --out 评审结果 --decisions 决定.csv
  sme-audit notice 评审结果 --start 2023-07-10
  sme-audit inspect 2023申报材料/历城区/某平台
  sme-audit stats 评审结果2022 评审结果2023 --out 统计

退出码 / exit codes:
  0  评审完成（无论结论如何） / evaluated, whatever the verdicts
  1  无法写出报告 / the reports could not be written
  2  用法或输入错误（目录不存在、规则文件有误等） / usage or input error
  3  仅 --strict：有不符合或待核实的单位 / --strict: an applicant fails or is review
  4  仅 --strict：有读不了的文件 / --strict: a file could not be read
";

#[derive(Debug, Parser)]
#[command(
    name = "sme-audit",
    version,
    about = "济南市中小企业公共服务示范平台认定申报材料批量审核 / screens SME public service platform applications",
    after_help = HELP_EXAMPLES
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `evaluate --format`: the console summary (text) or the criteria rows as NDJSON.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EvaluateFormat {
    Text,
    Ndjson,
}

/// `inspect --format`: text for people or one JSON document.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InspectFormat {
    Text,
    Json,
}

impl From<InspectFormat> for crate::inspect::Format {
    fn from(f: InspectFormat) -> Self {
        match f {
            InspectFormat::Text => crate::inspect::Format::Text,
            InspectFormat::Json => crate::inspect::Format::Json,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 评审一轮申报材料并输出报告 / evaluate a round and write the reports
    Evaluate {
        /// 一轮申报材料所在目录 / the round folder
        round: PathBuf,
        /// 输出目录 / output folder
        #[arg(long, default_value = "sme-audit-out")]
        out: PathBuf,
        /// 评审基准日（默认今天），评审年度 = 基准日年份 − 1 / as-of date (default today)
        #[arg(long, value_parser = parse_date_arg)]
        as_of: Option<NaiveDate>,
        /// 规则文件（TOML），默认内置 2021 年济南办法 / rules file (default: embedded Jinan 2021)
        #[arg(long)]
        rules: Option<PathBuf>,
        /// 历年认定与撤销记录（CSV） / history of recognitions and revocations (CSV)
        #[arg(long)]
        history: Option<PathBuf>,
        /// 只评审一个区县 / only this district
        #[arg(long)]
        district: Option<String>,
        /// 并行线程数（默认全部核心） / worker threads (default: all cores)
        #[arg(long, value_parser = parse_jobs_arg)]
        jobs: Option<usize>,
        /// 报告语言 / report language
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// 不显示进度 / no progress output
        #[arg(long)]
        quiet: bool,
        /// 不做文字识别：扫描件、照片保持待核实 / no OCR: scans and photos stay review
        #[arg(long)]
        no_ocr: bool,
        /// 文字识别结果缓存目录（默认用户缓存目录，重跑不再识别） / OCR cache folder (default: per-user cache)
        #[arg(long)]
        cache: Option<PathBuf>,
        /// 评审人对待核实项的决定（CSV 或 xlsx，如填好的 report.xlsx 待核实清单） / reviewers' decisions
        #[arg(long)]
        decisions: Option<PathBuf>,
        /// 有不符合或待核实的单位时退出码 3，有读不了的文件时退出码 4 / exit 3 on fail or review, 4 on unreadable files
        #[arg(long)]
        strict: bool,
        /// ndjson：把逐项评审结果（criteria.csv 的行）以每行一个 JSON 输出到 stdout，摘要改到 stderr / ndjson: criteria rows as JSON lines on stdout
        #[arg(long, value_enum, default_value = "text")]
        format: EvaluateFormat,
    },
    /// 评审人决定：生成待填写的决定模板 / reviewers' decisions: write a template to fill in
    Decisions {
        #[command(subcommand)]
        action: DecisionsAction,
    },
    /// 查看工具从一个申报单位（目录、压缩包或单个文件）读到的内容 / show what the tool sees
    Inspect {
        /// 申报单位目录、.zip 或单个文件 / applicant folder, zip or single file
        path: PathBuf,
        /// 输出规则文件 / rules file
        #[arg(long)]
        rules: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// 不做文字识别：扫描件、照片保持待核实 / no OCR: scans and photos stay review
        #[arg(long)]
        no_ocr: bool,
        /// 文字识别结果缓存目录（默认用户缓存目录，重跑不再识别） / OCR cache folder (default: per-user cache)
        #[arg(long)]
        cache: Option<PathBuf>,
        /// json：输出一个 JSON 文档（字段见 README） / json: one JSON document (fields in the README)
        #[arg(long, value_enum, default_value = "text")]
        format: InspectFormat,
    },
    /// 公示名单：从 report.csv 列出评审结论为符合的申报单位，按法定工作日计算公示截止日（第二十条） /
    /// public notice: list the passing applicants and the notice's last day (Art. 20)
    Notice {
        /// evaluate 的输出目录（含 report.csv） / the output folder of evaluate (with report.csv)
        #[arg(required_unless_present = "out", conflicts_with = "out")]
        out_dir: Option<PathBuf>,
        /// 同 OUT_DIR / same as OUT_DIR
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// 公示开始日期 / first day of the notice
        #[arg(long, value_parser = parse_date_arg)]
        start: NaiveDate,
        /// 规则文件（[calendar] 可增补节假日与调休上班日） / rules file ([calendar] adds holidays)
        #[arg(long)]
        rules: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// 跨年度统计：汇总多次 evaluate 的输出目录，写出统计表、stats.xlsx 与 stats.html /
    /// statistics across rounds from several evaluate output folders
    Stats {
        /// evaluate 的输出目录（每个含 run.json、report.csv、criteria.csv） / evaluate output folders
        #[arg(required = true, num_args = 1..)]
        out_dirs: Vec<PathBuf>,
        /// 统计结果目录 / folder for the statistics
        #[arg(long, value_name = "STATS_DIR")]
        out: PathBuf,
        /// 统计表语言 / language of the tables
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// 年度监测：评审有效期内示范平台的年度材料，列出不再符合的基本条件、今年期满的称号和可见的撤销情形（第二十三、二十五、二十六条） /
    /// annual monitoring of recognised platforms (Art. 23, 25, 26)
    Monitor {
        /// 示范平台年度材料所在目录（结构同申报材料） / the folder of the platforms' annual materials
        round: PathBuf,
        /// 历年认定与撤销记录（CSV） / history of recognitions and revocations (CSV)
        #[arg(long)]
        history: PathBuf,
        /// 监测基准日，评审年度 = 基准日年份 − 1 / as-of date
        #[arg(long, value_parser = parse_date_arg)]
        as_of: NaiveDate,
        /// 输出目录（报告与 monitoring.csv） / output folder (the reports and monitoring.csv)
        #[arg(long)]
        out: PathBuf,
        /// 规则文件（TOML） / rules file
        #[arg(long)]
        rules: Option<PathBuf>,
        /// 只监测一个区县 / only this district
        #[arg(long)]
        district: Option<String>,
        /// 并行线程数 / worker threads
        #[arg(long, value_parser = parse_jobs_arg)]
        jobs: Option<usize>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// 不显示进度 / no progress output
        #[arg(long)]
        quiet: bool,
        /// 不做文字识别 / no OCR
        #[arg(long)]
        no_ocr: bool,
        /// 文字识别结果缓存目录 / OCR cache folder
        #[arg(long)]
        cache: Option<PathBuf>,
    },
    /// 历史认定记录：从评审结果导出 / the history file: export from evaluate results
    History {
        #[command(subcommand)]
        action: HistoryAction,
    },
    /// 规则文件：查看生效规则或校验文件 / show the effective rules or check a rules file
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum DecisionsAction {
    /// 从 OUT_DIR/report.xlsx 生成 OUT_DIR/decisions-template.csv / write the decisions template
    Template {
        /// evaluate 的输出目录 / an evaluate output folder
        out_dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum HistoryAction {
    /// 为评审结论为符合的单位写出历史记录行（认定，认定年度 = 基准日年份），供下一年的第二十三、二十四条使用 /
    /// history rows (recognised, round = the as-of year) for the passing applicants of evaluate runs
    Export {
        /// evaluate 的输出目录（含 report.csv 与 run.json），可多个 / evaluate output folders
        #[arg(required = true)]
        out_dirs: Vec<PathBuf>,
        /// 写入此文件（默认输出到屏幕） / write to this file (default: stdout)
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// 显示生效的规则 / print the effective rules
    Show {
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// 校验规则文件 / validate a rules file
    Check { file: PathBuf },
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::values::parse_date(s).ok_or_else(|| {
        format!("无法识别的日期“{s}”，请写成 2023-06-30 / not a date: write it as 2023-06-30")
    })
}

fn parse_jobs_arg(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("应为正整数，如 --jobs 2 / must be a whole number from 1, as in --jobs 2".into()),
    }
}

/// The OCR settings of `--no-ocr` and `--cache` (default: the per-user cache folder).
pub fn ocr_settings(no_ocr: bool, cache: Option<PathBuf>) -> crate::ocr::OcrSettings {
    crate::ocr::OcrSettings {
        enabled: !no_ocr,
        cache: cache.or_else(crate::ocr::default_cache_dir),
    }
}

/// The rules given with `--rules`, else the embedded default.
pub fn load_rules(path: Option<&PathBuf>) -> Result<Rules, RulesError> {
    match path {
        Some(p) => Rules::load(p),
        None => Ok(Rules::jinan_2021()),
    }
}
