//! Synthetic application round for benchmarks and smoke tests (issue 5).
//!
//! Input: a number of applicants, an output folder and a seed. Output: `OUT/<district>/<applicant>/`
//! folders (and a few `.zip` applicants) holding what a Jinan round holds — the form, the staff
//! roster, 2–3 years of service logs, an activity log, audit / credit / premises PDFs, partner
//! agreements and the Art. 19 materials — in the reader's formats (xlsx mostly, some CSV in GBK
//! or UTF-8 with BOM). The same seed gives the same bytes whatever the thread count: every
//! applicant is planned from `(seed, index)` alone, then written by one function per file kind.
//!
//! Figures vary so that verdicts vary: most applicants pass; the rest carry one `Defect` each
//! (low assets, too few enterprises served, too few staff, …). Evaluate with
//! `--as-of 2023-06-30` (evaluation year 2022, inside the rules' validity window).
//!
//! ```text
//! cargo run --release --example gen_round -- --applicants 2000 --out /tmp/round --seed 42
//! ```
//!
//! `--scanned 0.5` writes about half of the audit reports, credit reports and premises proofs
//! as scans of the same pages (tests/support/scans.rs): the same plan, so the round's verdicts
//! should be those of its text-layer round once OCR reads them (issue 10).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use clap::Parser;
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use sme_audit::model::Function;

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

#[derive(Parser, Debug)]
#[command(about = "Writes a synthetic sme-audit round (deterministic for a seed)")]
struct Args {
    /// Number of applicants.
    #[arg(long, default_value_t = 200)]
    applicants: u64,
    /// Output folder (created; existing files with the same names are overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Share (0–1) of the audit reports, credit reports and premises proofs written as scans
    /// (one JPEG per page, red seal, skew, noise) instead of text-layer PDFs; same plan, so a
    /// half-scanned round has the verdicts of its text-layer round (issue 10).
    #[arg(long, default_value_t = 0.0)]
    scanned: f64,
    /// Resolution of those scans.
    #[arg(long, default_value_t = 200)]
    scan_dpi: u32,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.scanned),
        "--scanned must be between 0 and 1"
    );
    let scan = Scanning {
        fraction: args.scanned,
        dpi: args.scan_dpi,
        illegible: false,
    };
    let started = Instant::now();
    std::fs::create_dir_all(&args.out)?;
    let planned: Vec<(Written, Defect, String)> = (0..args.applicants)
        .into_par_iter()
        .map(|index| -> anyhow::Result<(Written, Defect, String)> {
            let plan = Plan::new(args.seed, index, true);
            Ok((
                write_applicant_scanned(&args.out, &plan, &scan)?,
                plan.defect,
                plan.id.clone(),
            ))
        })
        .collect::<anyhow::Result<_>>()?;
    // The plan, beside the round (not inside it, where it would be a loose file): which
    // defect each applicant was given, for comparing verdicts with intentions.
    let mut plan_csv = String::from("applicant,defect\n");
    for (_, defect, id) in &planned {
        plan_csv.push_str(&format!("{id},{defect:?}\n"));
    }
    let plan_path = args.out.with_extension("plan.csv");
    std::fs::write(&plan_path, plan_csv)?;
    let written: Vec<(Written, Defect)> = planned.into_iter().map(|(w, d, _)| (w, d)).collect();
    let files: u64 = written.iter().map(|(w, _)| w.files).sum();
    let bytes: u64 = written.iter().map(|(w, _)| w.bytes).sum();
    println!(
        "applicants: {}\nfiles: {files}\ntotal bytes: {bytes} ({:.1} MB)\ntime: {:.1} s",
        args.applicants,
        bytes as f64 / 1_000_000.0,
        started.elapsed().as_secs_f64()
    );
    // The planned defects tell a benchmark what verdict mix to expect.
    let mix: Vec<String> = DEFECTS
        .iter()
        .map(|(d, _)| (d, written.iter().filter(|(_, x)| x == d).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(d, n)| format!("{d:?} {n}"))
        .collect();
    println!("planned defects: {}", mix.join(", "));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/// splitmix64: small, fast and good enough for test data.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// An independent stream for one applicant and one purpose. The start state goes through
    /// the mixer for each part: splitmix64's state only adds a constant, so starting states
    /// `index × constant` apart would replay each other's sequence shifted by a few steps.
    fn new(seed: u64, index: u64, stream: u64) -> Rng {
        let mix = |x: u64| Rng(x).next();
        Rng(mix(mix(mix(seed) ^ index) ^ stream))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
    /// Index drawn by weight.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let mut x = self.unit() * weights.iter().sum::<f64>();
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
    fn date(&mut self, year: i32) -> NaiveDate {
        let day = self.range(0, 364) as u64;
        NaiveDate::from_ymd_opt(year, 1, 1).expect("valid") + chrono::Days::new(day)
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/// District, its division code and its share of applicants.
const DISTRICTS: [(&str, &str, f64); 13] = [
    ("历下区", "370102", 14.0),
    ("市中区", "370103", 10.0),
    ("槐荫区", "370104", 7.0),
    ("天桥区", "370105", 7.0),
    ("历城区", "370112", 11.0),
    ("长清区", "370113", 5.0),
    ("章丘区", "370114", 7.0),
    ("济阳区", "370115", 4.0),
    ("莱芜区", "370116", 5.0),
    ("钢城区", "370117", 3.0),
    ("平阴县", "370124", 3.0),
    ("商河县", "370126", 3.0),
    ("高新区", "370171", 21.0),
];

const TRADE_NAMES: [&str; 48] = [
    "华创", "鲁科", "泉城", "齐鲁", "博远", "汇智", "明湖", "泰和", "金桥", "中科", "海右", "舜耕",
    "历山", "趵突", "千佛", "鹊华", "黄河", "浪潮", "智汇", "众创", "启航", "同创", "鼎信", "恒通",
    "瑞丰", "信达", "宏图", "天成", "卓越", "远航", "润泽", "盛世", "新锐", "嘉禾", "华夏", "东岳",
    "北辰", "长青", "正和", "融通", "联创", "博识", "聚力", "思远", "睿智", "德润", "铭泰", "君合",
];
const TRADE_SUFFIXES: [&str; 12] = [
    "", "伟业", "万通", "云海", "星辰", "锦程", "百川", "致远", "国信", "鸿运", "优联", "安泰",
];
const INDUSTRIES: [&str; 10] = [
    "科技",
    "信息技术",
    "企业管理咨询",
    "人力资源",
    "知识产权代理",
    "创业孵化",
    "检验检测",
    "软件",
    "工业设计",
    "数字科技",
];
const ROADS: [&str; 14] = [
    "经十路",
    "工业南路",
    "舜华路",
    "解放路",
    "泉城路",
    "二环东路",
    "历山路",
    "英雄山路",
    "新泺大街",
    "旅游路",
    "世纪大道",
    "凤凰路",
    "北园大街",
    "经七路",
];
const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: [&str; 40] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂英", "华", "建国", "文", "鹏", "晨", "宇", "欣", "浩然", "子涵",
    "梓萱", "佳怡", "一鸣", "思远", "雨泽", "海燕", "志强", "晓东", "红梅", "立新",
];

/// How often a platform names each function (in `Function::ALL` order) as its main one.
const FUNCTION_WEIGHTS: [f64; 7] = [10.0, 25.0, 15.0, 20.0, 5.0, 15.0, 10.0];

/// What the generator writes for each of the seven functions of Art. 15.
trait Generated: Copy {
    fn category(self) -> String;
    fn service_contents(self) -> &'static [&'static str];
    fn activity_names(self) -> &'static [&'static str];
}

impl Generated for Function {
    fn category(self) -> String {
        format!("{}服务", self.keyword())
    }
    fn service_contents(self) -> &'static [&'static str] {
        match self {
            Function::Info => &["政策信息推送", "供需信息对接", "政策解读", "市场信息发布"],
            Function::Tech => &[
                "技术咨询",
                "检验检测",
                "技术难题攻关",
                "专利导航",
                "产品设计",
            ],
            Function::Startup => &["创业辅导", "工商注册代办", "创业项目评估", "孵化入驻"],
            Function::Training => &[
                "数字化转型培训",
                "财务管理培训",
                "安全生产培训",
                "管理提升培训",
            ],
            Function::Financing => &["融资对接", "贷款担保", "股权融资辅导", "融资诊断"],
            Function::Consulting => &["管理诊断", "战略咨询", "人力资源咨询", "财税咨询"],
            Function::Legal => &["法律体检", "合同审查", "知识产权维权", "劳动用工咨询"],
        }
    }
    fn activity_names(self) -> &'static [&'static str] {
        match self {
            Function::Info => &["政策宣讲会", "惠企政策直通车", "供需对接会"],
            Function::Tech => &["技术对接会", "专家诊断行", "产学研合作洽谈会"],
            Function::Startup => &["创业沙龙", "创业大赛路演", "创业训练营"],
            Function::Training => &["专题培训班", "企业家研修班", "线上公开课"],
            Function::Financing => &["银企对接会", "融资路演", "金融产品推介会"],
            Function::Consulting => &["管理咨询进企业", "企业诊断会", "咨询服务月"],
            Function::Legal => &["法律服务进园区", "法治体检专项行动", "法律知识讲座"],
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The plan of one applicant
// ---------------------------------------------------------------------------------------------

/// What makes an applicant miss a criterion (at most one each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Defect {
    None,
    LowAssets,
    FewServed,
    NoGrowth,
    LowSatisfaction,
    LowWelfare,
    FewStaff,
    LowQualified,
    SmallPremises,
    FewPartners,
    Dishonest,
    Penalty,
    Young,
    MissingMaterial,
    OverDeclared,
    BadCheckChar,
    WeakFunctions,
    FinanceReview,
    DuplicateStaff,
}

const DEFECTS: [(Defect, f64); 19] = [
    (Defect::None, 62.0),
    (Defect::LowAssets, 4.0),
    (Defect::FewServed, 4.0),
    (Defect::NoGrowth, 3.0),
    (Defect::LowSatisfaction, 3.0),
    (Defect::LowWelfare, 3.0),
    (Defect::FewStaff, 3.0),
    (Defect::LowQualified, 3.0),
    (Defect::SmallPremises, 2.0),
    (Defect::FewPartners, 3.0),
    (Defect::Dishonest, 1.5),
    (Defect::Penalty, 1.5),
    (Defect::Young, 1.5),
    (Defect::MissingMaterial, 2.0),
    (Defect::OverDeclared, 2.0),
    (Defect::BadCheckChar, 1.0),
    (Defect::WeakFunctions, 2.0),
    (Defect::FinanceReview, 1.5),
    (Defect::DuplicateStaff, 1.0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgKind {
    Enterprise,
    Institution,
    NonProfit,
    Association,
}

impl OrgKind {
    fn word(self) -> &'static str {
        match self {
            OrgKind::Enterprise => "企业",
            OrgKind::Institution => "事业单位",
            OrgKind::NonProfit => "民办非企业单位",
            OrgKind::Association => "社会团体",
        }
    }
    /// First two characters of the credit code.
    fn code_prefix(self) -> &'static str {
        match self {
            OrgKind::Enterprise => "91",
            OrgKind::Institution => "12",
            OrgKind::NonProfit => "52",
            OrgKind::Association => "51",
        }
    }
    fn relaxed(self) -> bool {
        self != OrgKind::Enterprise
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextEncoding {
    Gbk,
    Utf8Bom,
}

/// How a table is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableFormat {
    Xlsx,
    Csv(TextEncoding),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZipStyle {
    /// UTF-8 names with the flag, deflated, written by the zip crate.
    Utf8,
    /// GBK names without the UTF-8 flag, stored, written by hand (Chinese Windows).
    Gbk,
}

#[derive(Debug, Clone)]
struct Staff {
    name: String,
    id_number: String,
    education: &'static str,
    title: &'static str,
    full_time: bool,
}

#[derive(Debug, Clone)]
struct Enterprise {
    name: String,
    credit_code: String,
}

#[derive(Debug, Clone)]
enum Rating {
    Word(&'static str),
    Score(u32),
}

#[derive(Debug, Clone)]
struct Service {
    date: NaiveDate,
    enterprise: usize,
    function: Function,
    content: &'static str,
    online: bool,
    /// Fee in yuan (whole yuan).
    fee: u32,
    fee_type: &'static str,
    rating: Rating,
    trainees: u32,
}

#[derive(Debug, Clone)]
struct Activity {
    date: NaiveDate,
    name: String,
    function: Function,
    enterprises: u32,
    attendees: u32,
}

/// Year-end accounts, in cents.
#[derive(Debug, Clone, Copy)]
struct Accounts {
    assets: i64,
    liabilities: i64,
    revenue: i64,
    profit: i64,
}

/// Everything about one applicant, decided before any file is written.
#[derive(Debug, Clone)]
struct Plan {
    index: u64,
    seed: u64,
    defect: Defect,
    id: String,
    district: &'static str,
    org: OrgKind,
    unit_name: String,
    platform_name: String,
    credit_code: String,
    established: NaiveDate,
    address: String,
    internet: bool,
    online_registered: u32,
    premises_area: f64,
    partner_names: Vec<String>,
    declared_partners: usize,
    functions: Vec<Function>,
    /// 在线信息发布系统, 专家库, 项目库, 创业指南, 服务热线, 法律服务指南, 培训评价机制.
    flags: [bool; 7],
    new_guarantees_wan: u32,
    year_end: Accounts,
    prior_year_end: Accounts,
    qualified_opinion: bool,
    dishonest: u32,
    penalties: u32,
    staff: Vec<Staff>,
    enterprises: Vec<Enterprise>,
    years: Vec<i32>,
    services: Vec<Service>,
    activities: Vec<Activity>,
    declared_assets_wan: f64,
    declared_served: usize,
    declared_satisfaction: f64,
    declared_staff: usize,
    roster_format: TableFormat,
    log_format: TableFormat,
    log_per_year: bool,
    zip: Option<ZipStyle>,
    zip_top_folder: bool,
    missing_material: Option<usize>,
    audit_in_wan: bool,
    audit_old_layout: bool,
}

/// The year the round evaluates (as-of 2023 → 申报上年度 2022).
const YEAR: i32 = 2022;

// The credit-code alphabet and check character (GB 32100-2015) are the scan generator's: one
// implementation for both generators.
use scans::{CODE_ALPHABET, credit_check_char};

/// A valid 18-character code: registration prefix, division, 9-character body, check.
fn credit_code(rng: &mut Rng, prefix: &str, division: &str) -> String {
    let mut code = format!("{prefix}{division}");
    for _ in 0..9 {
        // Body characters are digits or letters; keep mostly digits, as real codes do.
        let c = if rng.chance(0.8) {
            CODE_ALPHABET[rng.range(0, 9) as usize]
        } else {
            CODE_ALPHABET[rng.range(10, 30) as usize]
        };
        code.push(c as char);
    }
    let check = credit_check_char(&code);
    code.push(check);
    code
}

/// A resident ID number (GB 11643) with a valid check digit, unique in the round for a
/// unique `serial` (birth date from `serial / 1000`, sequence from `serial % 1000`): random
/// ones collide by chance across tens of thousands of staff, which the tool rightly flags.
fn id_number(serial: u64, division: &str) -> String {
    let birth =
        NaiveDate::from_ymd_opt(1965, 1, 1).unwrap_or_default() + chrono::Days::new(serial / 1000);
    let mut id = format!("{division}{}{:03}", birth.format("%Y%m%d"), serial % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = id
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    id.push(b"10X98765432"[(sum % 11) as usize] as char);
    id
}

fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))
}

fn company_name(rng: &mut Rng) -> String {
    format!(
        "济南{}{}{}有限公司",
        rng.pick(&TRADE_NAMES),
        rng.pick(&TRADE_SUFFIXES),
        rng.pick(&INDUSTRIES)
    )
}

/// Stream ids for `Rng::new`, so each part of a plan can be regenerated alone.
mod stream {
    pub const BASICS: u64 = 1;
    pub const STAFF: u64 = 2;
    pub const SERVICES: u64 = 3;
    pub const ACTIVITIES: u64 = 4;
    pub const FORMATS: u64 = 5;
    /// Which PDFs are scans (`--scanned`) and how they are degraded: a stream of its own, so
    /// the rest of the plan (and the text-layer round) is the same with or without scans.
    pub const SCANS: u64 = 0x40;
}

impl Plan {
    /// Plans applicant `index`. `with_copies` lets a `DuplicateStaff` applicant copy staff from
    /// the previous applicant (whose plan is made without copies, so there is no recursion).
    fn new(seed: u64, index: u64, with_copies: bool) -> Plan {
        let mut rng = Rng::new(seed, index, stream::BASICS);
        let defect = DEFECTS[rng.weighted(&DEFECTS.map(|(_, w)| w))].0;
        let (district, division, _) = DISTRICTS[rng.weighted(&DISTRICTS.map(|(_, _, w)| w))];
        // Former Laiwu codes keep 3712 (SPEC §3).
        let code_division = if matches!(district, "莱芜区" | "钢城区") && rng.chance(0.5) {
            if district == "莱芜区" {
                "371202"
            } else {
                "371203"
            }
        } else {
            division
        };
        let org = match rng.weighted(&[85.0, 7.0, 5.0, 3.0]) {
            0 => OrgKind::Enterprise,
            1 => OrgKind::Institution,
            2 => OrgKind::NonProfit,
            _ => OrgKind::Association,
        };
        let trade = format!("{}{}", rng.pick(&TRADE_NAMES), rng.pick(&TRADE_SUFFIXES));
        let industry = rng.pick(&INDUSTRIES);
        let unit_name = match org {
            OrgKind::Enterprise => format!("济南{trade}{industry}有限公司"),
            OrgKind::Institution => format!("济南市{trade}{industry}研究院"),
            OrgKind::NonProfit => format!("济南{trade}中小企业服务中心"),
            OrgKind::Association => format!("济南市{trade}{industry}协会"),
        };
        let mut credit_code = credit_code(&mut rng, org.code_prefix(), code_division);
        if defect == Defect::BadCheckChar {
            let good = credit_code.pop().unwrap_or('0');
            let bad = CODE_ALPHABET
                .iter()
                .map(|&b| b as char)
                .find(|&c| c != good)
                .unwrap_or('1');
            credit_code.push(bad);
        }
        let established = if defect == Defect::Young {
            rng.date(2021)
                .max(NaiveDate::from_ymd_opt(2021, 8, 1).expect("valid"))
        } else {
            let year = rng.range(2003, 2020) as i32;
            rng.date(year)
        };
        let address = format!(
            "济南市{district}{}{}号{}",
            rng.pick(&ROADS),
            rng.range(1, 3000),
            if rng.chance(0.5) {
                format!("{}号楼{}室", rng.range(1, 12), rng.range(101, 2208))
            } else {
                String::new()
            }
        );
        let internet = rng.chance(0.06);
        let online_registered = if internet {
            rng.range(520, 8000) as u32
        } else {
            0
        };

        // Functions: a main one plus up to two more.
        let main = Function::ALL[rng.weighted(&FUNCTION_WEIGHTS)];
        let mut functions = vec![main];
        for _ in 0..rng.range(0, 2) {
            let f = rng.pick(&Function::ALL);
            if !functions.contains(&f) {
                functions.push(f);
            }
        }
        let platform_name = format!(
            "{trade}中小企业{}服务平台",
            if functions.len() > 1 {
                "综合"
            } else {
                main.keyword()
            }
        );
        let mut flags = [false; 7];
        for f in &functions {
            match f {
                Function::Info => flags[0] = true,
                Function::Tech => flags[1] = true,
                Function::Startup => {
                    flags[2] = true;
                    flags[3] = true;
                    flags[4] = true;
                }
                Function::Training => flags[6] = true,
                Function::Legal => {
                    flags[5] = true;
                    flags[4] = true;
                }
                Function::Financing | Function::Consulting => {}
            }
        }
        for flag in &mut flags {
            *flag |= rng.chance(0.25);
        }
        if defect == Defect::WeakFunctions {
            flags[0] = false;
            flags[6] = false;
        }
        let new_guarantees_wan =
            if functions.contains(&Function::Financing) && defect != Defect::WeakFunctions {
                rng.range(20_500, 60_000) as u32
            } else {
                0
            };

        let premises_area = if defect == Defect::SmallPremises {
            rng.range(6_000, 14_500) as f64 / 100.0
        } else {
            (rng.between(5.1, 7.8).exp() * 100.0).round() / 100.0
        };
        let partners = match defect {
            Defect::FewPartners => rng.range(3, 4),
            _ => rng.range(5, 8),
        } as usize;
        let partner_names = (0..partners).map(|_| company_name(&mut rng)).collect();

        let year_end = accounts(&mut rng, org, defect);
        let prior_year_end = Accounts {
            assets: (year_end.assets as f64 * rng.between(0.78, 1.05)) as i64,
            liabilities: (year_end.liabilities as f64 * rng.between(0.8, 1.1)) as i64,
            revenue: (year_end.revenue as f64 * rng.between(0.75, 1.05)) as i64,
            profit: (year_end.profit.abs() as f64 * rng.between(0.5, 1.2)) as i64,
        };
        let qualified_opinion = defect == Defect::FinanceReview && rng.chance(0.5);
        let dishonest = u32::from(defect == Defect::Dishonest);
        let penalties = if defect == Defect::Penalty {
            rng.range(1, 2) as u32
        } else {
            0
        };

        let mut plan = Plan {
            index,
            seed,
            defect,
            id: format!("{:04}-{}", index + 1, unit_name),
            district,
            org,
            unit_name,
            platform_name,
            credit_code,
            established,
            address,
            internet,
            online_registered,
            premises_area,
            partner_names,
            declared_partners: partners,
            functions,
            flags,
            new_guarantees_wan,
            year_end,
            prior_year_end,
            qualified_opinion,
            dishonest,
            penalties,
            staff: Vec::new(),
            enterprises: Vec::new(),
            years: Vec::new(),
            services: Vec::new(),
            activities: Vec::new(),
            declared_assets_wan: 0.0,
            declared_served: 0,
            declared_satisfaction: 0.0,
            declared_staff: 0,
            roster_format: TableFormat::Xlsx,
            log_format: TableFormat::Xlsx,
            log_per_year: false,
            zip: None,
            zip_top_folder: false,
            missing_material: None,
            audit_in_wan: false,
            audit_old_layout: false,
        };
        plan.plan_staff(with_copies);
        plan.plan_services();
        plan.plan_activities();
        plan.plan_declarations();
        plan.plan_formats();
        plan
    }

    fn division(&self) -> &str {
        &self.credit_code[2..8]
    }

    fn full_time(&self) -> usize {
        self.staff.iter().filter(|s| s.full_time).count()
    }

    fn plan_staff(&mut self, with_copies: bool) {
        let mut rng = Rng::new(self.seed, self.index, stream::STAFF);
        let threshold: i64 = if self.org.relaxed() { 7 } else { 10 };
        let mut total = rng.range(10, 60);
        let full_time = match self.defect {
            Defect::FewStaff => rng.range(threshold - 4, threshold - 1),
            _ => rng.range((threshold + 1).max(total * 6 / 10), total),
        };
        total = total.max(full_time);
        let qualified_share = match self.defect {
            Defect::LowQualified => rng.between(0.4, 0.7),
            _ => rng.between(0.85, 1.0),
        };
        let division = self.division().to_string();
        for i in 0..total {
            let full = i < full_time;
            let qualified = if full {
                // Deterministic share for full-time staff, so the ratio lands where planned.
                ((i + 1) as f64) <= (qualified_share * full_time as f64).ceil()
            } else {
                rng.chance(0.7)
            };
            let (education, title) = if qualified {
                let edu = rng.pick(&[
                    "博士研究生",
                    "硕士研究生",
                    "本科",
                    "大学本科",
                    "本科",
                    "大专",
                    "专科",
                ]);
                let title = rng.pick(&[
                    "高级工程师",
                    "工程师",
                    "经济师",
                    "会计师",
                    "助理工程师",
                    "无",
                    "",
                    "高级经济师",
                    "正高级工程师",
                    "讲师",
                ]);
                (edu, title)
            } else {
                let edu = rng.pick(&["中专", "高中", "技校", "职高"]);
                let title = rng.pick(&["无", "", "助理工程师", "技术员", "助理经济师"]);
                (edu, title)
            };
            self.staff.push(Staff {
                name: person_name(&mut rng),
                id_number: id_number(self.index * 64 + self.staff.len() as u64, &division),
                education,
                title,
                full_time: full,
            });
        }
        // Shuffle so full-time and part-time staff interleave.
        for i in (1..self.staff.len()).rev() {
            let j = rng.range(0, i as i64) as usize;
            self.staff.swap(i, j);
        }
        if with_copies && self.defect == Defect::DuplicateStaff && self.index > 0 {
            let previous = Plan::new(self.seed, self.index - 1, false);
            let copies = previous.staff.iter().filter(|s| s.full_time).take(2);
            for (slot, copy) in self.staff.iter_mut().filter(|s| s.full_time).zip(copies) {
                slot.name = copy.name.clone();
                slot.id_number = copy.id_number.clone();
            }
        }
    }

    /// Enterprises served per year, then the records: every enterprise of a year at least once.
    fn plan_services(&mut self) {
        let mut rng = Rng::new(self.seed, self.index, stream::SERVICES);
        self.years = if rng.chance(0.5) {
            vec![2020, 2021, 2022]
        } else {
            vec![2021, 2022]
        };
        let served_y = match self.defect {
            Defect::FewServed => rng.range(25, 48),
            _ => 55 + (rng.unit().powi(2) * 700.0) as i64,
        } as usize;
        let served_prev = match self.defect {
            Defect::NoGrowth => (served_y as f64 * rng.between(1.0, 1.2)) as usize,
            _ => (served_y as f64 * rng.between(0.55, 0.93)) as usize,
        };
        let served_2020 = (served_prev as f64 * rng.between(0.6, 0.95)) as usize;
        // Windows into the pool: years overlap by about half.
        let windows: Vec<(i32, usize, usize)> = self
            .years
            .iter()
            .map(|&y| match y {
                2022 => (y, 0, served_y),
                2021 => (y, served_y / 2, served_prev),
                _ => (y, served_y / 2 + served_prev / 2, served_2020),
            })
            .collect();
        let pool = windows.iter().map(|(_, s, n)| s + n).max().unwrap_or(0);
        let division = self.division().to_string();
        self.enterprises = (0..pool)
            .map(|_| Enterprise {
                name: company_name(&mut rng),
                credit_code: credit_code(&mut rng, "91", &division),
            })
            .collect();
        // Rows: each enterprise once, plus repeats; 60..=3,000 in all.
        let distinct: usize = windows.iter().map(|(_, _, n)| n).sum();
        let target = ((distinct as f64 * rng.between(1.0, 2.6)) as usize).clamp(60, 3000);
        let extra_total = target.saturating_sub(distinct);
        let satisfied = match self.defect {
            Defect::LowSatisfaction => rng.between(0.72, 0.87),
            _ => rng.between(0.93, 1.0),
        };
        let welfare = match self.defect {
            Defect::LowWelfare => rng.between(0.04, 0.15),
            _ => rng.between(0.26, 0.7),
        };
        let scores = rng.chance(0.15);
        for (y, start, n) in &windows {
            if *n == 0 {
                continue;
            }
            let extra = extra_total * n / distinct.max(1);
            let mut picks: Vec<usize> = (*start..start + n).collect();
            picks.extend((0..extra).map(|_| start + rng.range(0, *n as i64 - 1) as usize));
            let mut records: Vec<Service> = Vec::with_capacity(picks.len());
            for (k, enterprise) in picks.into_iter().enumerate() {
                // The main function is served to every enterprise once when it is 信息
                // (Art. 15(1) counts distinct enterprises served offline).
                let function = if k < *n && self.functions[0] == Function::Info {
                    Function::Info
                } else if rng.chance(0.55) {
                    self.functions[0]
                } else if rng.chance(0.75) {
                    rng.pick(&self.functions)
                } else {
                    rng.pick(&Function::ALL)
                };
                let online = !(k < *n && function == Function::Info) && rng.chance(0.3);
                let (fee, fee_type) = if spread(k, welfare) {
                    if rng.chance(0.8) {
                        (0, rng.pick(&["公益", "免费"]))
                    } else {
                        (rng.range(100, 900) as u32, rng.pick(&["低收费", "优惠"]))
                    }
                } else {
                    (rng.range(8, 300) as u32 * 100, "正常")
                };
                let happy = spread(k, satisfied);
                let rating = match (scores, happy) {
                    (true, true) => Rating::Score(rng.range(85, 100) as u32),
                    (true, false) => Rating::Score(rng.range(55, 79) as u32),
                    (false, true) => Rating::Word(rng.pick(&[
                        "非常满意",
                        "非常满意",
                        "满意",
                        "满意",
                        "基本满意",
                    ])),
                    (false, false) => Rating::Word(rng.pick(&["一般", "不满意"])),
                };
                let trainees = if function == Function::Training {
                    rng.range(5, 60) as u32
                } else {
                    0
                };
                records.push(Service {
                    date: rng.date(*y),
                    enterprise,
                    function,
                    content: rng.pick(function.service_contents()),
                    online,
                    fee,
                    fee_type,
                    rating,
                    trainees,
                });
            }
            records.sort_by_key(|r| r.date);
            self.services.extend(records);
        }
    }

    /// 10–40 activities; the main function gets at least five in the evaluation year unless the
    /// applicant is meant to miss Art. 15.
    fn plan_activities(&mut self) {
        let mut rng = Rng::new(self.seed, self.index, stream::ACTIVITIES);
        let total = rng.range(10, 40) as usize;
        let weak = self.defect == Defect::WeakFunctions;
        let main_in_year = if weak { 2 } else { rng.range(5, 8) as usize };
        let mut activities = Vec::with_capacity(total);
        for k in 0..total {
            let (year, function) = if k < main_in_year {
                (YEAR, self.functions[0])
            } else {
                let year = if rng.chance(0.55) {
                    YEAR
                } else {
                    rng.pick(&self.years)
                };
                let mut f = rng.pick(&Function::ALL);
                let mut year = year;
                // A weak applicant holds at most three activities of any one kind in the year;
                // once every kind has three, the rest go to the earlier year.
                if weak && year == YEAR {
                    let held = |g: Function| {
                        activities
                            .iter()
                            .filter(|a: &&Activity| a.date.year() == YEAR && a.function == g)
                            .count()
                    };
                    if held(f) >= 3 {
                        match Function::ALL.into_iter().find(|g| held(*g) < 3) {
                            Some(g) => f = g,
                            None => year = YEAR - 1,
                        }
                    }
                }
                (year, f)
            };
            let training = function == Function::Training;
            let enterprises = rng.range(8, 80) as u32;
            activities.push(Activity {
                date: rng.date(year),
                name: format!(
                    "{year}年{}{}",
                    if rng.chance(0.5) { "第二期" } else { "" },
                    rng.pick(function.activity_names())
                ),
                function,
                enterprises,
                attendees: if training && !weak {
                    rng.range(150, 420) as u32
                } else {
                    enterprises + rng.range(0, 60) as u32
                },
            });
        }
        // Art. 15(4) counts trainee person-times of the year: make a training platform reach it.
        if self.functions[0] == Function::Training && !weak {
            let in_year = |a: &&Activity| a.date.year() == YEAR && a.function == Function::Training;
            let held: u32 = activities.iter().filter(in_year).map(|a| a.attendees).sum();
            if let Some(last) = activities.iter_mut().rev().find(|a| in_year(&&**a)) {
                last.attendees += 1_050u32.saturating_sub(held);
            }
        }
        activities.sort_by_key(|a| a.date);
        self.activities = activities;
    }

    fn plan_declarations(&mut self) {
        let mut rng = Rng::new(self.seed, self.index, stream::FORMATS ^ 0x10);
        let served_y = {
            let mut codes: Vec<usize> = self
                .services
                .iter()
                .filter(|s| s.date.year() == YEAR)
                .map(|s| s.enterprise)
                .collect();
            codes.sort_unstable();
            codes.dedup();
            codes.len()
        };
        let rated = self.services.iter().filter(|s| s.date.year() == YEAR);
        let (happy, all) = rated.fold((0usize, 0usize), |(h, a), s| {
            let ok = match s.rating {
                Rating::Word(w) => !matches!(w, "一般" | "不满意"),
                Rating::Score(n) => n >= 80,
            };
            (h + usize::from(ok), a + 1)
        });
        let over = self.defect == Defect::OverDeclared;
        self.declared_served = if over {
            (served_y as f64 * rng.between(1.25, 1.6)) as usize
        } else {
            served_y
        };
        self.declared_staff = self.full_time();
        self.declared_satisfaction = (happy as f64 / all.max(1) as f64 * 1000.0).floor() / 10.0;
        self.declared_assets_wan =
            (self.year_end.assets as f64 / 1_000_000.0 * 100.0).round() / 100.0;
    }

    fn plan_formats(&mut self) {
        let mut rng = Rng::new(self.seed, self.index, stream::FORMATS);
        let csv = |rng: &mut Rng| {
            if rng.chance(0.05) {
                TableFormat::Csv(if rng.chance(0.5) {
                    TextEncoding::Gbk
                } else {
                    TextEncoding::Utf8Bom
                })
            } else {
                TableFormat::Xlsx
            }
        };
        self.roster_format = csv(&mut rng);
        self.log_format = csv(&mut rng);
        self.log_per_year = rng.chance(0.5);
        self.zip = if rng.chance(0.04) {
            Some(if rng.chance(0.5) {
                ZipStyle::Gbk
            } else {
                ZipStyle::Utf8
            })
        } else {
            None
        };
        self.zip_top_folder = rng.chance(0.3);
        self.missing_material = (self.defect == Defect::MissingMaterial)
            .then(|| rng.range(0, MATERIALS.len() as i64 - 1) as usize);
        self.audit_in_wan = rng.chance(0.15);
        self.audit_old_layout = rng.chance(0.15);
    }
}

/// Whether the `k`-th of a run of records falls in a share: exactly `⌊n·share⌋` of the first
/// `n` do, spread evenly, so a planned ratio holds however few records a year has.
fn spread(k: usize, share: f64) -> bool {
    ((k + 1) as f64 * share).floor() > (k as f64 * share).floor()
}

/// Year-end accounts matching the defect: assets around the Art. 14(1) threshold when low.
fn accounts(rng: &mut Rng, org: OrgKind, defect: Defect) -> Accounts {
    let assets_yuan = match (defect, org.relaxed()) {
        (Defect::LowAssets, false) => rng.between(500_000.0, 1_450_000.0),
        (Defect::LowAssets, true) => rng.between(400_000.0, 950_000.0),
        (_, false) => rng.between(14.3, 17.7).exp(), // ≈ 1.6 M … 48 M
        (_, true) => rng.between(13.9, 16.5).exp(),
    };
    let assets = (assets_yuan * 100.0).round() as i64;
    let liabilities = (assets as f64 * rng.between(0.15, 0.7)) as i64;
    let revenue = (assets as f64 * rng.between(0.3, 1.5)) as i64;
    let margin = if defect == Defect::FinanceReview {
        -rng.between(0.02, 0.15)
    } else {
        rng.between(0.01, 0.12)
    };
    Accounts {
        assets,
        liabilities,
        revenue,
        profit: (revenue as f64 * margin) as i64,
    }
}

// ---------------------------------------------------------------------------------------------
// Writing an applicant
// ---------------------------------------------------------------------------------------------

/// One file of an applicant: its path inside the applicant and its bytes.
struct OutFile {
    rel: String,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Written {
    files: u64,
    bytes: u64,
}

fn write_applicant(out: &Path, plan: &Plan) -> anyhow::Result<Written> {
    write_applicant_scanned(out, plan, &Scanning::NONE)
}

/// `write_applicant` with a share of the audit, credit and premises PDFs as scans.
fn write_applicant_scanned(out: &Path, plan: &Plan, scan: &Scanning) -> anyhow::Result<Written> {
    let mut files = Vec::new();
    files.push(form_file(plan)?);
    files.push(roster_file(plan)?);
    files.extend(service_log_files(plan)?);
    files.push(activity_log_file(plan)?);
    let mut scan_rng = Rng::new(plan.seed, plan.index, stream::SCANS);
    for (pdf, kind) in [
        (audit_report_file(plan), ScannedKind::Audit),
        (credit_report_file(plan), ScannedKind::Credit),
        (premises_proof_file(plan), ScannedKind::Premises),
    ] {
        files.push(pdf_or_scan(pdf, kind, plan, scan, &mut scan_rng)?);
    }
    files.extend(agreement_files(plan));
    files.extend(material_files(plan));

    let district = out.join(plan.district);
    std::fs::create_dir_all(&district)?;
    match plan.zip {
        Some(style) => {
            let prefix = if plan.zip_top_folder {
                format!("{}/", plan.id)
            } else {
                String::new()
            };
            let entries: Vec<OutFile> = files
                .into_iter()
                .map(|f| OutFile {
                    rel: format!("{prefix}{}", f.rel),
                    bytes: f.bytes,
                })
                .collect();
            let bytes = match style {
                ZipStyle::Utf8 => zip_utf8(&entries)?,
                ZipStyle::Gbk => zip_gbk_stored(&entries),
            };
            let len = bytes.len() as u64;
            std::fs::write(district.join(format!("{}.zip", plan.id)), bytes)?;
            Ok(Written {
                files: 1,
                bytes: len,
            })
        }
        None => {
            let dir = district.join(&plan.id);
            let mut written = Written::default();
            std::fs::create_dir_all(dir.join("合作协议"))?;
            for f in files {
                std::fs::write(dir.join(&f.rel), &f.bytes)?;
                written.files += 1;
                written.bytes += f.bytes.len() as u64;
            }
            Ok(written)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Spreadsheets and CSV
// ---------------------------------------------------------------------------------------------

/// A cell to write.
#[derive(Debug, Clone)]
enum Val {
    Text(String),
    Num(f64),
    Date(NaiveDate),
    Empty,
}

fn t(s: impl Into<String>) -> Val {
    Val::Text(s.into())
}

/// A table sheet: a title row, the header row, data rows.
struct TableSheet {
    name: String,
    title: String,
    header: Vec<&'static str>,
    rows: Vec<Vec<Val>>,
}

/// Fixed document dates keep the bytes identical between runs.
fn workbook() -> Workbook {
    let mut wb = Workbook::new();
    let created = NaiveDate::from_ymd_opt(2023, 3, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid");
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("申报单位"),
    );
    wb
}

fn write_val(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    val: &Val,
    date: &Format,
) -> Result<(), XlsxError> {
    match val {
        Val::Text(s) if !s.is_empty() => {
            ws.write_string(row, col, s)?;
        }
        Val::Num(n) => {
            ws.write_number(row, col, *n)?;
        }
        Val::Date(d) => {
            ws.write_date_with_format(row, col, d, date)?;
        }
        Val::Text(_) | Val::Empty => {}
    }
    Ok(())
}

fn tables_xlsx(sheets: &[TableSheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = workbook();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        let last = sheet.header.len().saturating_sub(1) as u16;
        ws.merge_range(0, 0, 0, last, &sheet.title, &bold)?;
        for (c, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, *h, &bold)?;
            ws.set_column_width(c as u16, if h.chars().count() > 4 { 16 } else { 10 })?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, val) in row.iter().enumerate() {
                write_val(ws, r as u32 + 2, c as u16, val, &date)?;
            }
        }
    }
    wb.save_to_buffer()
}

/// One CSV for one sheet: the title line, the header, the rows; dates as `2022/3/5` text.
fn table_csv(sheet: &TableSheet, encoding: TextEncoding) -> Vec<u8> {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut text = String::new();
    text.push_str(&field(&sheet.title));
    text.push_str("\r\n");
    text.push_str(&sheet.header.join(","));
    text.push_str("\r\n");
    for row in &sheet.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                Val::Text(s) => field(s),
                Val::Num(n) => format!("{n}"),
                Val::Date(d) => format!("{}/{}/{}", d.year(), d.month(), d.day()),
                Val::Empty => String::new(),
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    match encoding {
        TextEncoding::Gbk => encoding_rs::GBK.encode(&text).0.into_owned(),
        TextEncoding::Utf8Bom => {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }
    }
}

/// Writes table sheets as one xlsx, or one CSV per sheet (`stem` + sheet-name suffix).
fn table_files(
    stem: &str,
    format: TableFormat,
    sheets: Vec<TableSheet>,
) -> Result<Vec<OutFile>, XlsxError> {
    Ok(match format {
        TableFormat::Xlsx => vec![OutFile {
            rel: format!("{stem}.xlsx"),
            bytes: tables_xlsx(&sheets)?,
        }],
        TableFormat::Csv(enc) if sheets.len() == 1 => vec![OutFile {
            rel: format!("{stem}.csv"),
            bytes: table_csv(&sheets[0], enc),
        }],
        TableFormat::Csv(enc) => sheets
            .iter()
            .map(|s| OutFile {
                rel: format!("{stem}-{}.csv", s.name),
                bytes: table_csv(s, enc),
            })
            .collect(),
    })
}

fn yes_no(rng: &mut Rng, yes: bool) -> &'static str {
    match (yes, rng.chance(0.5)) {
        (true, true) => "是",
        (true, false) => "有",
        (false, true) => "否",
        (false, false) => "无",
    }
}

/// `1-推荐表.xlsx`: title row, then label / value pairs, two pairs per row.
fn form_file(plan: &Plan) -> Result<OutFile, XlsxError> {
    let mut rng = Rng::new(plan.seed, plan.index, 0x20);
    let functions: Vec<&str> = plan.functions.iter().map(|f| f.keyword()).collect();
    let sep = rng.pick(&["、", "，", ","]);
    let pairs: Vec<(&str, Val)> = vec![
        ("单位名称", t(&plan.unit_name)),
        ("平台名称", t(&plan.platform_name)),
        ("统一社会信用代码", t(&plan.credit_code)),
        ("单位性质", t(plan.org.word())),
        ("成立时间", Val::Date(plan.established)),
        ("注册地址", t(&plan.address)),
        ("所属区县", t(plan.district)),
        ("推荐单位", t(format!("{}工业和信息化局", plan.district))),
        (
            "平台类型",
            t(if plan.internet {
                "主要基于互联网服务"
            } else {
                "线下"
            }),
        ),
        (
            "线上注册企业数",
            if plan.internet {
                Val::Num(plan.online_registered.into())
            } else {
                Val::Empty
            },
        ),
        ("服务场所面积（平方米）", Val::Num(plan.premises_area)),
        ("协作服务机构数", Val::Num(plan.declared_partners as f64)),
        ("申报服务功能", t(functions.join(sep))),
        ("在线信息发布系统", t(yes_no(&mut rng, plan.flags[0]))),
        ("专家库", t(yes_no(&mut rng, plan.flags[1]))),
        ("项目库", t(yes_no(&mut rng, plan.flags[2]))),
        ("创业指南", t(yes_no(&mut rng, plan.flags[3]))),
        ("服务热线", t(yes_no(&mut rng, plan.flags[4]))),
        ("法律服务指南", t(yes_no(&mut rng, plan.flags[5]))),
        ("培训评价机制", t(yes_no(&mut rng, plan.flags[6]))),
        (
            "新增担保额（万元）",
            if plan.new_guarantees_wan > 0 {
                Val::Num(plan.new_guarantees_wan.into())
            } else {
                Val::Empty
            },
        ),
        ("资产总额（万元）", Val::Num(plan.declared_assets_wan)),
        ("年服务企业数", Val::Num(plan.declared_served as f64)),
        ("用户满意度", t(format!("{}%", plan.declared_satisfaction))),
        ("专职人员数", Val::Num(plan.declared_staff as f64)),
        ("联系人", t(person_name(&mut rng))),
        (
            "联系电话",
            t(format!("0531-8{:07}", rng.range(0, 9_999_999))),
        ),
    ];
    let mut wb = workbook();
    let date = Format::new().set_num_format("yyyy年m月d日");
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    let ws = wb.add_worksheet();
    ws.set_name("推荐表")?;
    ws.merge_range(0, 0, 0, 3, "济南市中小企业公共服务示范平台推荐表", &title)?;
    for c in 0..4u16 {
        ws.set_column_width(c, if c % 2 == 0 { 22 } else { 34 })?;
    }
    for (k, (label, value)) in pairs.iter().enumerate() {
        let row = 1 + (k / 2) as u32;
        let col = 2 * (k % 2) as u16;
        ws.write_string(row, col, *label)?;
        write_val(ws, row, col + 1, value, &date)?;
    }
    Ok(OutFile {
        rel: "1-推荐表.xlsx".into(),
        bytes: wb.save_to_buffer()?,
    })
}

/// `2-专职人员名册`: one row per person.
fn roster_file(plan: &Plan) -> Result<OutFile, XlsxError> {
    let rows = plan
        .staff
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Val::Num((i + 1) as f64),
                t(&s.name),
                t(&s.id_number),
                t(s.education),
                t(s.title),
                t(if s.full_time { "专职" } else { "兼职" }),
                t(if s.full_time { "是" } else { "否" }),
            ]
        })
        .collect();
    let sheet = TableSheet {
        name: "人员名册".into(),
        title: format!("{}专职人员名册", plan.unit_name),
        header: vec![
            "序号",
            "姓名",
            "身份证号",
            "学历",
            "职称",
            "是否专职",
            "社保缴纳",
        ],
        rows,
    };
    let mut files = table_files("2-专职人员名册", plan.roster_format, vec![sheet])?;
    Ok(files.remove(0))
}

/// `3-服务记录`: one file spanning the years (a sheet per year, or one table in a CSV) or one
/// file per year.
fn service_log_files(plan: &Plan) -> Result<Vec<OutFile>, XlsxError> {
    let header = vec![
        "序号",
        "服务日期",
        "企业名称",
        "统一社会信用代码",
        "服务类别",
        "服务内容",
        "服务方式",
        "收费金额（元）",
        "收费类型",
        "满意度",
        "参训人次",
    ];
    // The records of the years `from..=to`, numbered, with a 合计 row.
    let sheet_of = |from: i32, to: i32| {
        let records: Vec<&Service> = plan
            .services
            .iter()
            .filter(|s| (from..=to).contains(&s.date.year()))
            .collect();
        let mut rows: Vec<Vec<Val>> = records
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let e = &plan.enterprises[s.enterprise];
                vec![
                    Val::Num((i + 1) as f64),
                    Val::Date(s.date),
                    t(&e.name),
                    t(&e.credit_code),
                    t(s.function.category()),
                    t(s.content),
                    t(if s.online { "线上" } else { "线下" }),
                    Val::Num(s.fee.into()),
                    t(s.fee_type),
                    match s.rating {
                        Rating::Word(w) => t(w),
                        Rating::Score(n) => Val::Num(n.into()),
                    },
                    if s.trainees > 0 {
                        Val::Num(s.trainees.into())
                    } else {
                        Val::Empty
                    },
                ]
            })
            .collect();
        let fees: u64 = records.iter().map(|s| u64::from(s.fee)).sum();
        let trainees: u64 = records.iter().map(|s| u64::from(s.trainees)).sum();
        let mut total = vec![Val::Empty; 11];
        total[0] = t("合计");
        total[7] = Val::Num(fees as f64);
        total[10] = Val::Num(trainees as f64);
        rows.push(total);
        let years = if from == to {
            format!("{to}年")
        } else {
            format!("{from}-{to}年")
        };
        TableSheet {
            name: years.clone(),
            title: format!("{}{years}服务企业明细表", plan.unit_name),
            header: header.clone(),
            rows,
        }
    };
    if plan.log_per_year {
        let mut files = Vec::new();
        for &year in &plan.years {
            files.extend(table_files(
                &format!("3-服务记录-{year}年"),
                plan.log_format,
                vec![sheet_of(year, year)],
            )?);
        }
        Ok(files)
    } else {
        let first = plan.years.first().copied().unwrap_or(YEAR);
        // A workbook keeps a sheet per year; a CSV spanning the years has them in one table.
        let sheets = match plan.log_format {
            TableFormat::Xlsx => plan.years.iter().map(|&y| sheet_of(y, y)).collect(),
            TableFormat::Csv(_) => vec![sheet_of(first, YEAR)],
        };
        table_files(
            &format!("3-服务记录（{first}-{YEAR}年）"),
            plan.log_format,
            sheets,
        )
    }
}

/// `4-活动记录.xlsx`: the activities of all years in one sheet.
fn activity_log_file(plan: &Plan) -> Result<OutFile, XlsxError> {
    let rows = plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                Val::Num((i + 1) as f64),
                Val::Date(a.date),
                t(&a.name),
                t(a.function.category()),
                Val::Num(a.enterprises.into()),
                Val::Num(a.attendees.into()),
            ]
        })
        .collect();
    let sheet = TableSheet {
        name: "活动记录".into(),
        title: format!("{}服务活动记录", plan.platform_name),
        header: vec![
            "序号",
            "活动日期",
            "活动名称",
            "活动类别",
            "参加企业数",
            "参加人次",
        ],
        rows,
    };
    let mut files = table_files("4-活动记录", TableFormat::Xlsx, vec![sheet])?;
    Ok(files.remove(0))
}

// ---------------------------------------------------------------------------------------------
// PDFs
// ---------------------------------------------------------------------------------------------

// The page layout and PDF writer are shared with the scan generator, which draws the same
// pages into images for `--scanned`.
use scan_fixtures as scans;
use scans::pdf_pages::{A4, LEFT, Page, Pages, amount, pdf_bytes};

/// A PDF laid out but not yet written: as text (`pdf_bytes`) or as a scan.
struct PdfPages {
    rel: String,
    pages: Vec<Page>,
}

/// Which PDFs of a round are scans, and at what resolution (`--scanned`, `--scan-dpi`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scanning {
    /// Share of the audit reports, credit reports and premises proofs that are scans (each
    /// drawn on its own).
    pub(crate) fraction: f64,
    pub(crate) dpi: u32,
    /// Every scan illegible: 72 dpi and heavily blurred (their criteria must become review).
    pub(crate) illegible: bool,
}

impl Scanning {
    pub(crate) const NONE: Scanning = Scanning {
        fraction: 0.0,
        dpi: 200,
        illegible: false,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScannedKind {
    Audit,
    Credit,
    Premises,
}

/// Writes `pdf` as text, or — for the planned share — as a scan of the same pages: colour,
/// JPEG quality 65–80, skew within ±1.5°, sensor noise, and a red seal over the key figure
/// (资产总计, the credit counts, the floor area) or the signature. The draws come from the
/// applicant's `SCANS` stream, so with `fraction` 0 the bytes are the text-layer round's.
fn pdf_or_scan(
    pdf: PdfPages,
    kind: ScannedKind,
    plan: &Plan,
    scan: &Scanning,
    rng: &mut Rng,
) -> anyhow::Result<OutFile> {
    // Always drawn, so one document's choice does not shift the next one's.
    let scanned = rng.chance(scan.fraction);
    let render_seed = rng.next();
    if !scanned {
        return Ok(OutFile {
            rel: pdf.rel,
            bytes: pdf_bytes(&pdf.pages),
        });
    }
    let (labels, seal) = match kind {
        ScannedKind::Audit => {
            let firm = pdf
                .pages
                .iter()
                .flatten()
                .flat_map(|l| l.cells.iter())
                .find(|c| c.2.ends_with("会计师事务所有限公司"))
                .map(|c| c.2.clone())
                .unwrap_or_else(|| "会计师事务所有限公司".into());
            (vec!["资产总计", "中国注册会计师"], firm)
        }
        ScannedKind::Credit => (vec!["失信被执行人"], "济南市社会信用中心".to_string()),
        ScannedKind::Premises => (vec!["建筑面积", "乙方（盖章）："], plan.unit_name.clone()),
    };
    let n = pdf.pages.len();
    let doc = scans::Doc {
        kind: match kind {
            ScannedKind::Audit => scans::Kind::Audit {
                two_sided: false,
                old_layout: plan.audit_old_layout,
            },
            ScannedKind::Credit => scans::Kind::Credit,
            ScannedKind::Premises => scans::Kind::Lease,
        },
        pages: pdf.pages,
        sizes: vec![A4; n],
        figures: Vec::new(),
        stamp_labels: labels,
        seal_text: seal,
    };
    let mut r = scans::Rng::new(render_seed, 3);
    let style = scans::ScanStyle {
        dpi: if scan.illegible { 72 } else { scan.dpi },
        quality: Some(r.range(65, 80) as u8),
        colour: true,
        photo: false,
        illegible: scan.illegible,
    };
    let pages: Vec<scans::PageStyle> = (0..n)
        .map(|_| scans::PageStyle {
            skew_deg: (r.between(-1.5, 1.5) * 100.0).round() / 100.0,
            stamp: true,
            rotation: scans::Rotation::Upright,
        })
        .collect();
    let fonts = scans::Fonts::load().map_err(anyhow::Error::msg)?;
    let scanned = scans::scan_doc(&fonts, &doc, &style, &pages, &mut r)
        .map_err(|e| anyhow::anyhow!("{} {}: {e}", plan.id, doc.kind.name()))?;
    Ok(OutFile {
        rel: pdf.rel,
        bytes: scans::scan_pdf(&scanned).map_err(anyhow::Error::msg)?,
    })
}

/// Writes applicants `indices` of a seed twice: into `scanned` with the planned share of scans,
/// and into `text` with every PDF as text — the same round, so their verdicts can be compared
/// (tests/ocr_e2e.rs). Returns each applicant's id and planned defect.
#[allow(dead_code)] // used by tests/ocr_e2e.rs, which includes this file
pub(crate) fn write_round_twins(
    scanned: &Path,
    text: &Path,
    indices: &[u64],
    seed: u64,
    scan: &Scanning,
) -> anyhow::Result<Vec<(String, Defect)>> {
    indices
        .iter()
        .map(|&index| {
            let plan = Plan::new(seed, index, true);
            write_applicant_scanned(scanned, &plan, scan)?;
            write_applicant(text, &plan)?;
            Ok((plan.id.clone(), plan.defect))
        })
        .collect()
}

/// The defect planned for applicant `index` of a seed (to pick a small round that covers the
/// figures scans carry).
#[allow(dead_code)] // used by tests/ocr_e2e.rs, which includes this file
pub(crate) fn planned_defect(seed: u64, index: u64) -> Defect {
    Plan::new(seed, index, true).defect
}

/// Balance-sheet lines whose totals add up: `(label, year end, prior year end)`.
fn balance_lines(plan: &Plan) -> Vec<(&'static str, i64, i64)> {
    let split = |total: i64, shares: &[i64]| -> Vec<i64> {
        let mut parts: Vec<i64> = shares.iter().map(|s| total * s / 100).collect();
        let rest = total - parts.iter().sum::<i64>();
        if let Some(last) = parts.last_mut() {
            *last += rest;
        }
        parts
    };
    let (a, b) = (plan.year_end, plan.prior_year_end);
    let (ea, eb) = (a.assets - a.liabilities, b.assets - b.liabilities);
    let cur_a = split(a.assets, &[30, 20, 10, 25, 15]);
    let cur_b = split(b.assets, &[30, 20, 10, 25, 15]);
    let liab_a = split(a.liabilities, &[30, 50, 20]);
    let liab_b = split(b.liabilities, &[30, 50, 20]);
    let eq_a = split(ea, &[80, 20]);
    let eq_b = split(eb, &[80, 20]);
    let non_enterprise = plan.org.relaxed();
    vec![
        ("流动资产：", 0, 0),
        ("货币资金", cur_a[0], cur_b[0]),
        ("应收账款", cur_a[1], cur_b[1]),
        ("其他应收款", cur_a[2], cur_b[2]),
        (
            "流动资产合计",
            cur_a[0] + cur_a[1] + cur_a[2],
            cur_b[0] + cur_b[1] + cur_b[2],
        ),
        ("固定资产", cur_a[3], cur_b[3]),
        ("无形资产", cur_a[4], cur_b[4]),
        ("非流动资产合计", cur_a[3] + cur_a[4], cur_b[3] + cur_b[4]),
        ("资产总计", a.assets, b.assets),
        ("短期借款", liab_a[0], liab_b[0]),
        ("应付账款", liab_a[1], liab_b[1]),
        ("应付职工薪酬", liab_a[2], liab_b[2]),
        ("流动负债合计", a.liabilities, b.liabilities),
        ("负债合计", a.liabilities, b.liabilities),
        (
            if non_enterprise {
                "非限定性净资产"
            } else {
                "实收资本（或股本）"
            },
            eq_a[0],
            eq_b[0],
        ),
        (
            if non_enterprise {
                "限定性净资产"
            } else {
                "未分配利润"
            },
            eq_a[1],
            eq_b[1],
        ),
        (
            if non_enterprise {
                "净资产合计"
            } else {
                "所有者权益（或股东权益）合计"
            },
            ea,
            eb,
        ),
        (
            if non_enterprise {
                "负债和净资产总计"
            } else {
                "负债和所有者权益（或股东权益）总计"
            },
            a.assets,
            b.assets,
        ),
    ]
}

/// `5-2022年度审计报告.pdf`: opinion page, balance sheet, income statement.
fn audit_report_file(plan: &Plan) -> PdfPages {
    let mut rng = Rng::new(plan.seed, plan.index, 0x30);
    let firm = format!("山东{}会计师事务所有限公司", rng.pick(&TRADE_NAMES));
    let wan = plan.audit_in_wan;
    let mut p = Pages::new();
    p.centered(18.0, "审 计 报 告");
    let short: String = firm.chars().skip(2).take(2).collect();
    p.centered(
        10.5,
        &format!("鲁{short}审字〔2023〕第{:04}号", rng.range(1, 3000)),
    );
    p.gap();
    p.text(10.5, format!("{}：", plan.unit_name));
    p.text(10.5, "一、审计意见");
    p.para(&format!(
        "我们审计了{}财务报表，包括2022年12月31日的资产负债表，2022年度的利润表、现金流量表以及相关财务报表附注。",
        plan.unit_name
    ));
    if plan.qualified_opinion {
        p.para("我们认为，除“形成保留意见的基础”部分所述事项可能产生的影响外，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了2022年12月31日的财务状况以及2022年度的经营成果。");
        p.text(10.5, "二、形成保留意见的基础");
        p.para("我们未能就应收账款的可收回性获取充分、适当的审计证据，因此无法确定是否有必要对相关金额作出调整。");
    } else {
        p.para("我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了2022年12月31日的财务状况以及2022年度的经营成果和现金流量。");
        p.text(10.5, "本报告为标准无保留意见审计报告。");
    }
    p.gap();
    p.cells(
        10.5,
        vec![
            (LEFT, false, firm.clone()),
            (
                380.0,
                false,
                format!("中国注册会计师：{}", person_name(&mut rng)),
            ),
        ],
    );
    p.cells(
        10.5,
        vec![
            (LEFT, false, "中国·济南".into()),
            (380.0, false, "二〇二三年三月十五日".into()),
        ],
    );

    let unit = if wan {
        "金额单位：万元"
    } else {
        "单位：元"
    };
    let long_report = rng.chance(0.6);
    if long_report {
        p.break_page();
    } else {
        p.gap();
    }
    p.centered(14.0, "资产负债表");
    p.cells(
        9.0,
        vec![
            (LEFT, false, format!("编制单位：{}", plan.unit_name)),
            (330.0, false, "2022年12月31日".into()),
            (470.0, false, unit.into()),
        ],
    );
    let (c1, c2) = (400.0, 530.0);
    if plan.audit_old_layout {
        p.cells(
            10.0,
            vec![
                (LEFT, false, "项目".into()),
                (260.0, false, "行次".into()),
                (c1, true, "年初数".into()),
                (c2, true, "期末数".into()),
            ],
        );
    } else {
        p.cells(
            10.0,
            vec![
                (LEFT, false, "项目".into()),
                (c1, true, "期末余额".into()),
                (c2, true, "上年年末余额".into()),
            ],
        );
    }
    for (k, (label, now, before)) in balance_lines(plan).into_iter().enumerate() {
        let mut cells = vec![(LEFT, false, label.to_string())];
        if now != 0 || before != 0 {
            if plan.audit_old_layout {
                cells.push((260.0, false, (k + 1).to_string()));
                cells.push((c1, true, amount(before, wan)));
                cells.push((c2, true, amount(now, wan)));
            } else {
                cells.push((c1, true, amount(now, wan)));
                cells.push((c2, true, amount(before, wan)));
            }
        }
        p.cells(10.0, cells);
    }
    if long_report {
        p.break_page();
    } else {
        p.gap();
    }
    let non_enterprise = plan.org.relaxed();
    p.centered(
        14.0,
        if non_enterprise {
            "业务活动表"
        } else {
            "利润表"
        },
    );
    p.cells(
        9.0,
        vec![
            (LEFT, false, format!("编制单位：{}", plan.unit_name)),
            (330.0, false, "2022年度".into()),
            (470.0, false, unit.into()),
        ],
    );
    p.cells(
        10.0,
        vec![
            (LEFT, false, "项目".into()),
            (c1, true, "本期金额".into()),
            (c2, true, "上期金额".into()),
        ],
    );
    let (a, b) = (plan.year_end, plan.prior_year_end);
    let cost = |x: &Accounts| x.revenue - x.profit - x.revenue / 20;
    let lines: Vec<(&str, i64, i64)> = vec![
        (
            if non_enterprise {
                "一、业务收入"
            } else {
                "一、营业收入"
            },
            a.revenue,
            b.revenue,
        ),
        ("减：营业成本", cost(&a), cost(&b)),
        ("税金及附加", a.revenue / 50, b.revenue / 50),
        (
            "二、营业利润",
            a.profit + a.revenue / 20 - a.revenue / 50,
            b.profit + b.revenue / 20 - b.revenue / 50,
        ),
        (
            "三、利润总额",
            a.profit + a.revenue / 20 - a.revenue / 50,
            b.profit + b.revenue / 20 - b.revenue / 50,
        ),
        (
            "减：所得税费用",
            a.revenue / 20 - a.revenue / 50,
            b.revenue / 20 - b.revenue / 50,
        ),
        (
            if non_enterprise {
                "四、本年盈余"
            } else {
                "四、净利润"
            },
            a.profit,
            b.profit,
        ),
    ];
    for (label, now, before) in lines {
        p.cells(
            10.0,
            vec![
                (LEFT, false, label.into()),
                (c1, true, amount(now, wan)),
                (c2, true, amount(before, wan)),
            ],
        );
    }
    PdfPages {
        rel: "5-2022年度审计报告.pdf".into(),
        pages: p.pages,
    }
}

/// `6-信用报告（信用中国）.pdf`: counts per list; a dishonest entry lists its case.
fn credit_report_file(plan: &Plan) -> PdfPages {
    let mut rng = Rng::new(plan.seed, plan.index, 0x31);
    let none = |n: u32, rng: &mut Rng| {
        if n == 0 && rng.chance(0.2) {
            "：暂无".to_string()
        } else {
            format!("（{n}条）")
        }
    };
    let mut p = Pages::new();
    p.centered(18.0, "信用报告");
    p.centered(10.5, "（无违法违规证明版）");
    p.text(
        10.5,
        format!("报告编号：XYBG2023{:010}", rng.range(0, 9_999_999_999)),
    );
    p.text(10.5, format!("主体名称：{}", plan.unit_name));
    p.text(10.5, format!("统一社会信用代码：{}", plan.credit_code));
    p.text(10.5, "报告生成时间：2023年03月10日");
    p.text(10.5, "数据来源：信用中国（山东济南）");
    p.gap();
    p.text(12.0, "一、基础信息");
    p.text(
        10.5,
        format!("成立日期：{}", plan.established.format("%Y年%m月%d日")),
    );
    p.text(10.5, format!("注册地址：{}", plan.address));
    p.text(12.0, "二、行政管理信息");
    p.text(10.5, format!("行政许可（{}条）", rng.range(0, 5)));
    p.text(10.5, format!("行政处罚{}", none(plan.penalties, &mut rng)));
    if plan.penalties > 0 {
        p.cells(
            9.0,
            vec![
                (LEFT, false, "决定文书号".into()),
                (250.0, false, "处罚机关".into()),
                (450.0, false, "处罚日期".into()),
            ],
        );
        p.cells(
            9.0,
            vec![
                (
                    LEFT,
                    false,
                    format!("济市监处罚〔2022〕{}号", rng.range(10, 999)),
                ),
                (250.0, false, "济南市市场监督管理局".into()),
                (450.0, false, "2022-07-18".into()),
            ],
        );
    }
    p.text(12.0, "三、严重失信主体名单信息");
    p.text(
        10.5,
        format!("失信被执行人{}", none(plan.dishonest, &mut rng)),
    );
    if plan.dishonest > 0 {
        p.cells(
            9.0,
            vec![
                (LEFT, false, "案号".into()),
                (250.0, false, "执行法院".into()),
                (450.0, false, "立案时间".into()),
            ],
        );
        p.cells(
            9.0,
            vec![
                (
                    LEFT,
                    false,
                    format!("（2022）鲁0102执{}号", rng.range(100, 9999)),
                ),
                (250.0, false, format!("济南市{}人民法院", plan.district)),
                (450.0, false, "2022-05-16".into()),
            ],
        );
    }
    p.text(10.5, format!("重大税收违法失信主体{}", none(0, &mut rng)));
    p.text(10.5, format!("严重失信主体名单{}", none(0, &mut rng)));
    p.gap();
    p.para("本报告仅反映截至报告生成时间信用中国网站归集的公共信用信息。");
    PdfPages {
        rel: "6-信用报告（信用中国）.pdf".into(),
        pages: p.pages,
    }
}

/// `7-场所证明（房屋租赁合同）.pdf`: a lease with the floor area.
fn premises_proof_file(plan: &Plan) -> PdfPages {
    let mut rng = Rng::new(plan.seed, plan.index, 0x32);
    let unit = if rng.chance(0.2) { "㎡" } else { "平方米" };
    let mut p = Pages::new();
    p.centered(18.0, "房屋租赁合同");
    p.text(
        10.5,
        format!(
            "出租方（甲方）：{}",
            company_name(&mut rng).replace("有限公司", "置业有限公司")
        ),
    );
    p.text(10.5, format!("承租方（乙方）：{}", plan.unit_name));
    p.para("根据《中华人民共和国民法典》及有关规定，甲乙双方在平等、自愿、协商一致的基础上，就乙方租赁甲方房屋事宜，订立本合同。");
    p.text(10.5, "第一条 房屋基本情况");
    p.text(10.5, format!("房屋坐落：{}", plan.address));
    p.text(10.5, format!("建筑面积：{:.2}{unit}", plan.premises_area));
    p.text(10.5, "第二条 租赁期限");
    p.text(10.5, "租赁期限自2021年1月1日起至2025年12月31日止。");
    p.text(10.5, "第三条 租金及支付方式");
    p.para(&format!(
        "年租金为人民币{}元，按季度支付。乙方应于每季度开始前十日内向甲方支付当季租金。",
        amount((plan.premises_area * 360.0 * 100.0) as i64, false)
    ));
    let paragraphs = rng.range(0, 7);
    for clause in [
        "第四条 房屋用途",
        "第五条 双方的权利和义务",
        "第六条 合同的解除",
        "第七条 违约责任",
        "第八条 争议解决",
    ] {
        p.text(10.5, clause);
        for _ in 0..paragraphs {
            p.para("甲乙双方应当严格履行本合同约定的各项义务，任何一方违反本合同约定给对方造成损失的，应当依法承担赔偿责任。");
        }
    }
    p.gap();
    p.cells(
        10.5,
        vec![
            (LEFT, false, "甲方（盖章）：".into()),
            (330.0, false, "乙方（盖章）：".into()),
        ],
    );
    p.cells(
        10.5,
        vec![
            (LEFT, false, "2020年12月20日".into()),
            (330.0, false, "2020年12月20日".into()),
        ],
    );
    PdfPages {
        rel: "7-场所证明（房屋租赁合同）.pdf".into(),
        pages: p.pages,
    }
}

/// `合作协议/`: one small agreement per partner.
fn agreement_files(plan: &Plan) -> Vec<OutFile> {
    plan.partner_names
        .iter()
        .enumerate()
        .map(|(i, partner)| {
            let mut p = Pages::new();
            p.centered(16.0, "合作协议");
            p.text(10.5, format!("甲方：{}", plan.unit_name));
            p.text(10.5, format!("乙方：{partner}"));
            p.para(&format!(
                "为更好地服务中小企业，甲乙双方依托{}，在政策宣传、技术服务、人才培训、融资对接等方面开展合作，签订本协议。",
                plan.platform_name
            ));
            p.para("一、乙方作为协作服务机构，按照平台服务规范为中小企业提供专业服务。");
            p.para("二、本协议有效期三年，自双方签字盖章之日起生效。");
            p.cells(10.5, vec![(LEFT, false, "甲方（盖章）".into()), (330.0, false, "乙方（盖章）".into())]);
            OutFile {
                rel: format!("合作协议/合作协议{:02}-{partner}.pdf", i + 1),
                bytes: pdf_bytes(&p.pages),
            }
        })
        .collect()
}

/// The Art. 19 materials: file name and the one sentence on its page.
const MATERIALS: [(&str, &str); 7] = [
    ("营业执照.pdf", "营业执照（副本）复印件，加盖单位公章。"),
    ("管理制度.pdf", "平台服务管理制度、服务流程及服务规范。"),
    ("收费标准.pdf", "服务收费标准及对中小企业的优惠办法。"),
    ("社保缴费清单.pdf", "2022年度专职人员社会保险缴费清单。"),
    (
        "学历职称证明.pdf",
        "专职人员学历证书及专业技术职称证书复印件。",
    ),
    ("服务功能证明材料.pdf", "申报服务功能的相关证明材料。"),
    (
        "申报材料真实性声明.pdf",
        "本单位承诺所提交的申报材料真实、准确、完整。",
    ),
];

/// Tiny one-page PDFs, one per material (one left out for `MissingMaterial`).
fn material_files(plan: &Plan) -> Vec<OutFile> {
    MATERIALS
        .iter()
        .enumerate()
        .filter(|(i, _)| plan.missing_material != Some(*i))
        .map(|(_, (name, sentence))| {
            let mut p = Pages::new();
            p.centered(16.0, name.trim_end_matches(".pdf"));
            p.text(10.5, format!("单位名称：{}", plan.unit_name));
            p.text(10.5, format!("统一社会信用代码：{}", plan.credit_code));
            p.para(sentence);
            OutFile {
                rel: (*name).to_string(),
                bytes: pdf_bytes(&p.pages),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Zip archives
// ---------------------------------------------------------------------------------------------

/// A deflated zip with UTF-8 names (the UTF-8 flag is set by the zip crate for non-ASCII).
fn zip_utf8(files: &[OutFile]) -> anyhow::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for f in files {
        zip.start_file(f.rel.as_str(), options)?;
        zip.write_all(&f.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        table
    });
    !bytes.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// A stored zip with GBK names and no UTF-8 flag, as Chinese Windows' "send to zip" makes.
fn zip_gbk_stored(files: &[OutFile]) -> Vec<u8> {
    const DOS_TIME: u16 = 10 << 11; // 10:00:00
    const DOS_DATE: u16 = ((2023 - 1980) << 9) | (3 << 5) | 20; // 2023-03-20
    let mut out = Vec::new();
    let mut central = Vec::new();
    for f in files {
        let name = encoding_rs::GBK.encode(&f.rel).0.into_owned();
        let crc = crc32(&f.bytes);
        let size = f.bytes.len() as u32;
        let offset = out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&0u16.to_le_bytes()); // flags: no UTF-8 bit
            v.extend_from_slice(&0u16.to_le_bytes()); // stored
            v.extend_from_slice(&DOS_TIME.to_le_bytes());
            v.extend_from_slice(&DOS_DATE.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra length
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(&name);
        out.extend_from_slice(&f.bytes);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS
        common(&mut central);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&name);
    }
    let central_offset = out.len() as u32;
    let count = files.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The criterion each planned defect must show up as (None: the applicant passes).
    fn targeted(defect: Defect) -> Option<&'static str> {
        Some(match defect {
            Defect::None | Defect::MissingMaterial => return None,
            Defect::LowAssets => "A14.1.total_assets",
            Defect::FewServed | Defect::OverDeclared => "A14.2.served",
            Defect::NoGrowth => "A14.2.growth",
            Defect::LowSatisfaction => "A14.2.satisfaction",
            Defect::LowWelfare => "A14.4.public_welfare",
            Defect::FewStaff => "A14.5.staff",
            Defect::LowQualified => "A14.5.qualified",
            Defect::SmallPremises => "A14.3.premises",
            Defect::FewPartners => "A14.3.partners",
            Defect::Dishonest | Defect::Penalty => "A19.3",
            Defect::Young => "A14.1.operating_years",
            Defect::BadCheckChar => "A14.1.legal_person",
            Defect::WeakFunctions => "A15",
            Defect::FinanceReview => "A14.1.finances",
            Defect::DuplicateStaff => "X.duplicate_staff",
        })
    }

    /// End to end at small scale: a generated round goes through the real pipeline, and every
    /// applicant's verdict matches what the generator planned for it (the plan is written
    /// without looking at the tool's code, so it is an independent oracle).
    /// tests/ocr_e2e.rs includes this file for its round builder; these tests run once, in
    /// gen_round's own test target.
    fn own_target() -> bool {
        env!("CARGO_CRATE_NAME") == "gen_round"
    }

    #[test]
    fn a_generated_round_evaluates_as_planned() {
        if !own_target() {
            return;
        }
        let dir = std::env::temp_dir().join(format!("sme-audit-gen-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let plans: Vec<Plan> = (0..80).map(|i| Plan::new(11, i, true)).collect();
        for plan in &plans {
            write_applicant(&dir, plan).expect("written");
        }
        let ctx = sme_audit::evaluate::Context::new(
            sme_audit::rules::Rules::jinan_2021(),
            NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
        );
        let (results, _) =
            sme_audit::pipeline::evaluate_round(&dir, &ctx, true, None).expect("round");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(results.len(), plans.len());
        for (i, plan) in plans.iter().enumerate() {
            let r = results.iter().find(|r| r.id == plan.id).expect("evaluated");
            let flagged: Vec<&str> = r.failed().into_iter().chain(r.review()).collect();
            let copied_from = plans
                .get(i + 1)
                .is_some_and(|next| next.defect == Defect::DuplicateStaff);
            match targeted(plan.defect) {
                None if plan.defect == Defect::None && !copied_from => {
                    assert!(
                        flagged.is_empty(),
                        "{}: planned to pass, flagged {flagged:?}",
                        plan.id
                    )
                }
                None => assert!(
                    !flagged.is_empty(),
                    "{}: {:?} not flagged",
                    plan.id,
                    plan.defect
                ),
                Some(c) => assert!(
                    flagged.contains(&c),
                    "{}: {:?} but {flagged:?}",
                    plan.id,
                    plan.defect
                ),
            }
        }
    }

    /// Every file under `dir`, by relative path.
    fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut out = std::collections::BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path
                        .strip_prefix(dir)
                        .expect("inside")
                        .display()
                        .to_string();
                    out.insert(rel, std::fs::read(&path).expect("file"));
                }
            }
        }
        out
    }

    /// `--scanned` changes the scanned PDFs and nothing else: share 0 writes the text round's
    /// bytes; share 1 turns the audit, credit and premises PDFs into scans (no text layer, one
    /// JPEG per page) and leaves every other file byte-identical, so the plan is the same.
    #[test]
    fn scanned_rounds_differ_only_in_the_scanned_pdfs() {
        let index = (0..50)
            .find(|&i| Plan::new(5, i, true).zip.is_none())
            .expect("a folder applicant");
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b, c) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("c"),
        );
        let none = Scanning {
            fraction: 0.0,
            dpi: 72,
            illegible: false,
        };
        write_round_twins(&a, &b, &[index], 5, &none).expect("written");
        let all = Scanning {
            fraction: 1.0,
            ..none
        };
        write_round_twins(&c, &b, &[index], 5, &all).expect("written");
        let (text, zero, scanned) = (tree(&b), tree(&a), tree(&c));
        assert_eq!(zero, text, "share 0 must write the text round");
        assert_eq!(scanned.len(), text.len());
        let mut scans = 0;
        for (rel, bytes) in &scanned {
            let is_scan = ["5-2022年度审计报告", "6-信用报告", "7-场所证明"]
                .iter()
                .any(|s| rel.contains(s));
            if is_scan {
                let pdf = sme_audit::ingest::pdf::read_pdf(bytes);
                assert_eq!(pdf.status, sme_audit::model::DocStatus::Scanned, "{rel}");
                scans += 1;
            } else {
                assert!(text.get(rel) == Some(bytes), "{rel} changed");
            }
        }
        assert_eq!(scans, 3);
    }

    /// Every character a scanned round can draw is in the subset fonts (rendering would stop
    /// naming the character otherwise; scripts/make_font_subset.sh takes them from this file).
    #[test]
    fn scanned_pages_draw_only_characters_of_the_subset_fonts() {
        if !own_target() {
            return;
        }
        let fonts = scans::Fonts::load().expect("fonts");
        for index in 0..300 {
            let plan = Plan::new(3, index, true);
            for pdf in [
                audit_report_file(&plan),
                credit_report_file(&plan),
                premises_proof_file(&plan),
            ] {
                let text: String = pdf
                    .pages
                    .iter()
                    .flatten()
                    .flat_map(|l| l.cells.iter().map(|c| c.2.as_str()))
                    .collect();
                let missing = scans::missing_glyphs(&fonts, &text);
                assert!(missing.is_empty(), "{} {}: {missing:?}", plan.id, pdf.rel);
            }
        }
    }

    #[test]
    fn credit_codes_carry_a_valid_check_character() {
        // The GB 32100-2015 example code.
        assert_eq!(credit_check_char("91350100M000100Y4"), '3');
        let mut rng = Rng::new(1, 2, 3);
        let code = credit_code(&mut rng, "91", "370102");
        assert_eq!(code.len(), 18);
        assert_eq!(code.chars().last(), Some(credit_check_char(&code[..17])));
    }

    /// The planned figures land on the side of each threshold the defect intends, so the
    /// round's verdicts vary the way the benchmark README says.
    #[test]
    fn defects_decide_which_thresholds_are_missed() {
        if !own_target() {
            return;
        }
        for index in 0..400 {
            let plan = Plan::new(7, index, true);
            let d = plan.defect;
            let rows = plan.services.len();
            assert!((60..=3000).contains(&rows), "{index}: {rows} service rows");
            assert!(
                (10..=60).contains(&plan.staff.len()),
                "{index}: roster size"
            );
            assert!(
                (10..=40).contains(&plan.activities.len()),
                "{index}: activities"
            );
            let year: Vec<&Service> = plan
                .services
                .iter()
                .filter(|s| s.date.year() == YEAR)
                .collect();
            let prev: Vec<&Service> = plan
                .services
                .iter()
                .filter(|s| s.date.year() == YEAR - 1)
                .collect();
            let distinct = |v: &[&Service]| {
                let mut e: Vec<usize> = v.iter().map(|s| s.enterprise).collect();
                e.sort_unstable();
                e.dedup();
                e.len()
            };
            assert_eq!(
                distinct(&year) < 50,
                d == Defect::FewServed,
                "{index}: served"
            );
            assert_eq!(
                distinct(&prev) >= distinct(&year),
                d == Defect::NoGrowth,
                "{index}: growth"
            );
            let share = |f: &dyn Fn(&Service) -> bool| {
                year.iter().filter(|s| f(s)).count() as f64 / year.len() as f64
            };
            let happy = share(&|s| match s.rating {
                Rating::Word(w) => !matches!(w, "一般" | "不满意"),
                Rating::Score(n) => n >= 80,
            });
            assert_eq!(
                happy < 0.9,
                d == Defect::LowSatisfaction,
                "{index}: satisfaction {happy}"
            );
            let welfare = share(&|s| s.fee_type != "正常");
            assert_eq!(
                welfare < 0.2,
                d == Defect::LowWelfare,
                "{index}: welfare {welfare}"
            );
            let threshold = if plan.org.relaxed() { 7 } else { 10 };
            assert_eq!(
                plan.full_time() < threshold,
                d == Defect::FewStaff,
                "{index}: staff"
            );
            let qualified = plan
                .staff
                .iter()
                .filter(|s| {
                    s.full_time && !matches!(s.education, "中专" | "高中" | "技校" | "职高")
                })
                .count() as f64
                / plan.full_time() as f64;
            assert_eq!(
                qualified < 0.8,
                d == Defect::LowQualified,
                "{index}: qualified {qualified}"
            );
            let min_assets = if plan.org.relaxed() {
                100_000_000
            } else {
                150_000_000
            };
            assert_eq!(
                plan.year_end.assets < min_assets,
                d == Defect::LowAssets,
                "{index}: assets"
            );
            assert_eq!(
                plan.premises_area < 150.0,
                d == Defect::SmallPremises,
                "{index}: premises"
            );
            assert_eq!(
                plan.partner_names.len() < 5,
                d == Defect::FewPartners,
                "{index}: partners"
            );
        }
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn amounts_group_thousands() {
        assert_eq!(amount(162_345_678, false), "1,623,456.78");
        assert_eq!(amount(-5_00, false), "-5.00");
        assert_eq!(amount(162_345_678, true), "162.35");
    }
}
