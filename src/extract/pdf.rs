//! PDF extractors (SPEC §2.4): the text of an audit report, a 信用中国 credit report or a
//! premises proof (from `ingest::pdf`) → the figures the criteria need, each with the page it
//! was read from, and problems for what is missing, unreadable or contradictory.
//!
//! Input lines are NFKC-normalised with one table row per line, cells separated by white space
//! (see `ingest::pdf`). Labels are matched as patterns that tolerate spaces between characters
//! (`资 产 总 计`) and label variants (`所有者权益（或股东权益）合计`, `净资产合计`).
//!
//! Audit reports: the balance sheet and income statement headers decide which amount column
//! is the year's (期末余额 first in the current format, 期末数 second after 年初数 in the old
//! one; 本期金额/本年累计数, not 上期金额/本月数); 行次 and 附注 cells are skipped; the unit line
//! (`单位：元`, `金额单位：万元`) converts figures to yuan; uppercase numerals in the narrative are
//! checked against the table.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::ingest::PdfText;
use crate::model::{
    AuditReport, CreditReport, DocStatus, Evidence, Location, Opinion, PremisesProof, Problem,
    Role, Severity, Sourced,
};
use crate::values::{parse_decimal, parse_uppercase_money};

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Removes all white space.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A regex source matching `label` with optional white space between its characters.
fn spaced(label: &str) -> String {
    label
        .chars()
        .map(|c| regex::escape(&c.to_string()))
        .collect::<Vec<_>>()
        .join(r"\s*")
}

fn page_location(page: u32) -> String {
    Location::Page(page).to_string()
}

/// Lines of the document with their 1-based page numbers.
fn lines(text: &PdfText) -> Vec<(u32, &str)> {
    text.pages
        .iter()
        .enumerate()
        .flat_map(|(i, page)| page.lines().map(move |l| (i as u32 + 1, l)))
        .collect()
}

/// Each page's lines joined without separators (so a phrase wrapped over two lines reads as
/// one), keeping the spaces inside lines.
fn joined_pages(text: &PdfText) -> Vec<String> {
    text.pages
        .iter()
        .map(|p| p.lines().collect::<String>())
        .collect()
}

/// The problem for a document that could not be read, if it could not.
fn status_problem(file: &str, status: &DocStatus, what_zh: &str, what_en: &str) -> Option<Problem> {
    let (zh, en) = match status {
        DocStatus::Readable => return None,
        DocStatus::Scanned => (
            format!("{what_zh}为扫描件（无文字层），无法自动读取，需人工核实"),
            format!("{what_en} is scanned (no text layer); check it by hand"),
        ),
        DocStatus::Encrypted => (
            format!("{what_zh}已加密（需要密码），无法读取，需人工核实"),
            format!("{what_en} is encrypted (needs a password); check it by hand"),
        ),
        DocStatus::Unreadable(reason) => (
            format!("{what_zh}无法读取：{reason}"),
            format!("{what_en} cannot be read: {reason}"),
        ),
    };
    Some(Problem::new(file, "", Severity::Error, zh, en))
}

/// The PDF reader's remarks, for the record.
fn remark_problems(file: &str, text: &PdfText) -> Vec<Problem> {
    text.remarks
        .iter()
        .map(|r| {
            Problem::new(
                file,
                "",
                Severity::Info,
                format!("PDF：{r}"),
                format!("PDF reader: {r}"),
            )
        })
        .collect()
}

fn missing(file: &str, what_zh: &str, what_en: &str, doc_zh: &str, doc_en: &str) -> Problem {
    Problem::new(
        file,
        "",
        Severity::Warning,
        format!("未在{doc_zh}中找到{what_zh}"),
        format!("{what_en} not found in the {doc_en}"),
    )
}

// ---------------------------------------------------------------------------------------------
// Classification

/// The role a PDF's content suggests: audit report, credit report or premises proof.
pub fn classify(text: &PdfText) -> Option<Role> {
    let all = compact(&text.pages.join("\n"));
    let has = |words: &[&str]| words.iter().any(|w| all.contains(w));
    if has(&["审计报告"])
        && has(&[
            "资产负债表",
            "资产总计",
            "资产总额",
            "利润表",
            "审计意见",
            "注册会计师",
        ])
    {
        return Some(Role::AuditReport);
    }
    if has(&["信用中国", "信用报告", "信用信息报告", "失信被执行人"]) {
        return Some(Role::CreditReport);
    }
    if has(&[
        "房屋租赁合同",
        "租赁合同",
        "不动产权证书",
        "房屋所有权证",
        "房产证",
        "建筑面积",
    ]) {
        return Some(Role::PremisesProof);
    }
    if has(&["资产负债表"]) && has(&["资产总计", "资产总额"]) {
        return Some(Role::AuditReport);
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Audit report

/// What an amount column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// Balance sheet: year end (期末余额, 期末数).
    YearEnd,
    /// Balance sheet: year start (上年年末余额, 年初数).
    YearStart,
    /// Income statement: the year (本期金额, 本年累计数).
    ThisYear,
    /// Income statement: another period (上期金额, 上年金额, 本月数).
    OtherPeriod,
}

/// Amount columns of a statement header: how many per group (a two-sided balance sheet repeats
/// them) and which one holds the year's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    count: usize,
    year_index: usize,
}

static COLUMN_KEYWORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        "(?P<start>上年年末余额|上年年末数|上年末余额|上年年末|年初余额|年初数|年初金额|期初余额|期初数|期初金额)",
        "|(?P<end>期末余额|期末数|期末金额|年末余额|年末数|本年年末|期末)",
        "|(?P<this>本期金额|本年金额|本年累计数|本年累计金额|本年累计|本年发生额|本期发生额|本年数|本期数)",
        "|(?P<other>上期金额|上年金额|上年同期数|上年同期|上年累计数|上年发生额|上期发生额|上年数|上期数|本月数|本月金额)",
    ))
    .expect("column keywords")
});

/// Reads a header line's amount columns, in order. `None` when the line is not a header.
fn header_columns(line: &str) -> Option<Vec<Column>> {
    let c = compact(line);
    let kinds: Vec<Column> = COLUMN_KEYWORDS
        .captures_iter(&c)
        .filter_map(|cap| {
            if cap.name("start").is_some() {
                Some(Column::YearStart)
            } else if cap.name("end").is_some() {
                Some(Column::YearEnd)
            } else if cap.name("this").is_some() {
                Some(Column::ThisYear)
            } else if cap.name("other").is_some() {
                Some(Column::OtherPeriod)
            } else {
                None
            }
        })
        .collect();
    if kinds.is_empty() || !amount_tokens(line).is_empty() {
        return None;
    }
    // A lone keyword is a header only on a short line ("项目 期末数"), not in a sentence.
    if kinds.len() == 1 && c.chars().count() > 12 {
        return None;
    }
    Some(kinds)
}

/// The first group of columns (up to a repeated kind) and the index of `wanted` in it.
fn columns_for(kinds: &[Column], wanted: Column) -> Option<Columns> {
    let mut group: Vec<Column> = Vec::new();
    for &k in kinds {
        if group.contains(&k) {
            break;
        }
        group.push(k);
    }
    let year_index = group.iter().position(|&k| k == wanted)?;
    Some(Columns {
        count: group.len(),
        year_index,
    })
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-(]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\)?|[-(]?[0-9]+(?:\.[0-9]+)?\)?|[-—–]{1,3})$")
        .expect("amount")
});

static HAN_PARENTHETICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()]*\p{Han}[^()]*\)|“[^”]*”").expect("parenthetical"));

/// The amount cells of a row after its label: notes in brackets (`（净亏损以“－”号填列）`)
/// dropped; stops at the next label (a token with two or more Han characters, as in the right
/// half of a two-sided balance sheet); 附注 cells such as `五、1` skipped.
fn amount_tokens(rest: &str) -> Vec<String> {
    let cleaned = HAN_PARENTHETICAL.replace_all(rest, " ");
    let mut out = Vec::new();
    for token in cleaned.split_whitespace() {
        let token = token.trim_matches(|c| c == ':' || c == '：');
        if token.chars().filter(|&c| is_han(c)).count() >= 2 {
            break;
        }
        if AMOUNT.is_match(token) {
            out.push(token.to_string());
        }
    }
    out
}

/// Parses an amount cell: `1,623,456.78`, `(1,000.00)` and `-12.30` negative, dashes zero.
fn parse_amount(token: &str) -> Option<Decimal> {
    let t = token.trim();
    if t.chars().all(|c| matches!(c, '-' | '—' | '–')) {
        return Some(Decimal::ZERO);
    }
    let negative = t.starts_with('-') || (t.starts_with('(') && t.ends_with(')'));
    let digits: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let value = parse_decimal(&digits)?;
    Some(if negative { -value } else { value })
}

/// Picks the year's amount from a row's amount cells given the header's columns.
fn pick_amount(mut tokens: Vec<String>, columns: Option<Columns>) -> Option<String> {
    let columns = columns.unwrap_or(Columns {
        count: tokens.len().max(1),
        year_index: 0,
    });
    // 行次 (and bare-number 附注) cells come before the amounts: small integers.
    while tokens.len() > columns.count
        && tokens
            .first()
            .is_some_and(|t| t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
    {
        tokens.remove(0);
    }
    if tokens.len() >= columns.count {
        return tokens.into_iter().nth(columns.year_index);
    }
    // Fewer cells than columns (an empty comparative): the one there is taken.
    tokens.into_iter().next()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Statement {
    Balance,
    Income,
}

/// One figure of the audit report: its label patterns (in order of preference), the
/// characters that must not come right before the label (`流动` in 流动负债合计), and names.
struct FigureSpec {
    labels: &'static [&'static str],
    not_after: &'static [&'static str],
    statement: Statement,
    zh: &'static str,
    en: &'static str,
}

const TOTAL_ASSETS: FigureSpec = FigureSpec {
    labels: &["资产总计", "资产总额", "资产合计"],
    not_after: &["流动", "非流动", "动"],
    statement: Statement::Balance,
    zh: "资产总计",
    en: "total assets",
};
const TOTAL_LIABILITIES: FigureSpec = FigureSpec {
    labels: &["负债合计", "负债总计", "负债总额"],
    not_after: &["动"],
    statement: Statement::Balance,
    zh: "负债合计",
    en: "total liabilities",
};
const NET_ASSETS: FigureSpec = FigureSpec {
    labels: &[
        "所有者权益(或股东权益)合计",
        "所有者权益合计",
        "股东权益合计",
        "净资产合计",
        "净资产总计",
        "所有者权益总额",
    ],
    not_after: &["母公司", "少数"],
    statement: Statement::Balance,
    zh: "所有者权益（净资产）合计",
    en: "net assets",
};
const REVENUE: FigureSpec = FigureSpec {
    labels: &[
        "营业总收入",
        "营业收入",
        "主营业务收入",
        "业务收入",
        "收入合计",
    ],
    not_after: &[],
    statement: Statement::Income,
    zh: "营业收入",
    en: "revenue",
};
const NET_PROFIT: FigureSpec = FigureSpec {
    labels: &["净利润", "本年盈余", "本期盈余", "净资产变动额"],
    not_after: &["母公司", "少数", "持续经营", "终止经营"],
    statement: Statement::Income,
    zh: "净利润",
    en: "net profit",
};

/// A line with what the lines above it said: the statement headers and the unit in force.
struct AuditLine<'a> {
    page: u32,
    text: &'a str,
    balance: Option<Columns>,
    income: Option<Columns>,
    wan: bool,
}

static UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"单位[:]?(?:人民币)?(万元|元)").expect("unit"));

fn audit_lines(text: &PdfText) -> Vec<AuditLine<'_>> {
    let mut out = Vec::new();
    let mut balance = None;
    let mut income = None;
    let mut wan = false;
    for (page, line) in lines(text) {
        if let Some(cap) = UNIT.captures(&compact(line)) {
            wan = &cap[1] == "万元";
        }
        if let Some(kinds) = header_columns(line) {
            if let Some(c) = columns_for(&kinds, Column::YearEnd) {
                balance = Some(c);
            }
            if let Some(c) = columns_for(&kinds, Column::ThisYear) {
                income = Some(c);
            }
        }
        out.push(AuditLine {
            page,
            text: line,
            balance,
            income,
            wan,
        });
    }
    out
}

/// Every figure and credit label's regex, compiled once.
static LABEL_REGEXES: LazyLock<BTreeMap<&'static str, Regex>> = LazyLock::new(|| {
    [
        &TOTAL_ASSETS,
        &TOTAL_LIABILITIES,
        &NET_ASSETS,
        &REVENUE,
        &NET_PROFIT,
    ]
    .iter()
    .flat_map(|s| s.labels.iter())
    .chain(ALL_CREDIT.iter().flat_map(|s| s.labels.iter()))
    .map(|l| (*l, Regex::new(&spaced(l)).expect("label regex")))
    .collect()
});

/// The regex of a label, from the compiled set (a clone of a `Regex` is a reference count).
fn label_regex(label: &str) -> Regex {
    LABEL_REGEXES
        .get(label)
        .cloned()
        .unwrap_or_else(|| Regex::new(&spaced(label)).expect("label regex"))
}

/// The first row carrying `spec`'s label and at least one amount, as yuan with its page.
fn find_figure(lines: &[AuditLine], spec: &FigureSpec) -> Option<(Decimal, u32)> {
    for label in spec.labels {
        let re = label_regex(label);
        for line in lines {
            for m in re.find_iter(line.text) {
                let before = compact(&line.text[..m.start()]);
                if spec.not_after.iter().any(|p| before.ends_with(p)) {
                    continue;
                }
                let tokens = amount_tokens(&line.text[m.end()..]);
                if tokens.is_empty() {
                    continue;
                }
                let columns = match spec.statement {
                    Statement::Balance => line.balance,
                    Statement::Income => line.income,
                };
                let Some(value) = pick_amount(tokens, columns)
                    .as_deref()
                    .and_then(parse_amount)
                else {
                    continue;
                };
                let value = if line.wan {
                    value * Decimal::from(10_000)
                } else {
                    value
                };
                return Some((value.normalize(), line.page));
            }
        }
    }
    None
}

static YEAR_END_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20[0-9]{2})年12月31日").expect("date"));
static YEAR_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:报告期[:]?|会计期间[:]?)?(20[0-9]{2})年(?:度|12月31日|1月1日至)").expect("year")
});

/// The audited year: the date of the first balance sheet, else the year mentioned most often
/// as `YYYY年度` / `YYYY年12月31日` (the later one on a tie).
fn find_year(text: &PdfText) -> Option<(i32, u32)> {
    let pages: Vec<String> = text.pages.iter().map(|p| compact(p)).collect();
    for (i, page) in pages.iter().enumerate() {
        if let Some(pos) = page.find("资产负债表")
            && let Some(cap) = YEAR_END_DATE.captures(&page[pos..])
            && let Ok(year) = cap[1].parse::<i32>()
        {
            return Some((year, i as u32 + 1));
        }
    }
    let mut counts: BTreeMap<i32, (usize, u32)> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for cap in YEAR_MENTION.captures_iter(page) {
            if let Ok(year) = cap[1].parse::<i32>() {
                let entry = counts.entry(year).or_insert((0, i as u32 + 1));
                entry.0 += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(year, (count, _))| (*count, *year))
        .map(|(year, (_, page))| (year, page))
}

/// The audit opinion, when the text reads like an auditor's report.
fn find_opinion(text: &PdfText) -> Option<(Opinion, u32)> {
    let pages: Vec<String> = text.pages.iter().map(|p| compact(p)).collect();
    let all = pages.concat();
    let looks_like_report = ["审计报告", "审计意见", "注册会计师", "会计师事务所"]
        .iter()
        .any(|w| all.contains(w));
    if !looks_like_report {
        return None;
    }
    let page_of =
        |pred: &dyn Fn(&str) -> bool| pages.iter().position(|p| pred(p)).map(|i| i as u32 + 1);
    let qualified = |p: &str| {
        p.match_indices("保留意见")
            .any(|(i, _)| !p[..i].ends_with('无'))
    };
    if let Some(page) = page_of(&|p: &str| p.contains("无法表示意见")) {
        return Some((Opinion::Disclaimer, page));
    }
    if let Some(page) = page_of(&|p: &str| p.contains("否定意见")) {
        return Some((Opinion::Adverse, page));
    }
    if let Some(page) = page_of(&qualified) {
        return Some((Opinion::Qualified, page));
    }
    let page = page_of(&|p: &str| p.contains("审计意见") || p.contains("我们认为")).unwrap_or(1);
    Some((Opinion::Standard, page))
}

static NARRATIVE_UPPERCASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(资产总额|资产总计|总资产|负债总额|负债合计|所有者权益合计|所有者权益总额|净资产|营业收入|净利润)",
        r"\s*(?:为|是|:|共计|合计)?\s*(?:人民币)?\s*(?:\(大写\))?\s*:?\s*",
        r"([零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿][零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正\s]*[元圆角分整正])",
    ))
    .expect("narrative")
});

/// Reads an audit report's figures (yuan), year and opinion, with problems for what is
/// missing or contradictory.
pub fn read_audit(file: &str, text: &PdfText) -> (AuditReport, Vec<Problem>) {
    let mut report = AuditReport {
        file: file.to_string(),
        status: text.status.clone(),
        ..Default::default()
    };
    let mut problems = remark_problems(file, text);
    if let Some(p) = status_problem(file, &text.status, "审计报告", "audit report") {
        problems.push(p);
        return (report, problems);
    }
    let lines = audit_lines(text);
    let sourced = |(value, page): (Decimal, u32)| Sourced::new(value, Evidence::page(file, page));
    report.total_assets = find_figure(&lines, &TOTAL_ASSETS).map(sourced);
    report.total_liabilities = find_figure(&lines, &TOTAL_LIABILITIES).map(sourced);
    report.net_assets = find_figure(&lines, &NET_ASSETS).map(sourced);
    report.revenue = find_figure(&lines, &REVENUE).map(sourced);
    report.net_profit = find_figure(&lines, &NET_PROFIT).map(sourced);
    report.year = find_year(text).map(|(y, page)| Sourced::new(y, Evidence::page(file, page)));
    report.opinion =
        find_opinion(text).map(|(o, page)| Sourced::new(o, Evidence::page(file, page)));

    cross_check_narrative(file, text, &mut report, &mut problems);

    if report.net_assets.is_none()
        && let (Some(a), Some(l)) = (&report.total_assets, &report.total_liabilities)
    {
        let net = (a.value - l.value).normalize();
        problems.push(Problem::new(
            file,
            a.evidence.location.to_string(),
            Severity::Info,
            format!(
                "未找到所有者权益合计，按资产总计 {} 减负债合计 {} 计为 {net}",
                a.value, l.value
            ),
            format!(
                "net assets not found; computed as total assets {} − liabilities {} = {net}",
                a.value, l.value
            ),
        ));
        report.net_assets = Some(Sourced::new(net, a.evidence.clone()));
    }

    let checks: [(&FigureSpec, bool); 5] = [
        (&TOTAL_ASSETS, report.total_assets.is_none()),
        (&TOTAL_LIABILITIES, report.total_liabilities.is_none()),
        (&NET_ASSETS, report.net_assets.is_none()),
        (&REVENUE, report.revenue.is_none()),
        (&NET_PROFIT, report.net_profit.is_none()),
    ];
    for (spec, absent) in checks {
        if absent {
            problems.push(missing(file, spec.zh, spec.en, "审计报告", "audit report"));
        }
    }
    if report.year.is_none() {
        problems.push(missing(
            file,
            "审计年度（如 2022年12月31日）",
            "the audited year",
            "审计报告",
            "audit report",
        ));
    }
    if report.opinion.is_none() {
        problems.push(missing(
            file,
            "审计意见",
            "the audit opinion",
            "审计报告",
            "audit report",
        ));
    }
    (report, problems)
}

/// Uppercase figures in the narrative (`资产总额为人民币壹佰陆拾万元整`) against the table; a
/// narrative figure fills a gap the table left.
fn cross_check_narrative(
    file: &str,
    text: &PdfText,
    report: &mut AuditReport,
    problems: &mut Vec<Problem>,
) {
    for (i, page) in joined_pages(text).iter().enumerate() {
        let page_no = i as u32 + 1;
        for cap in NARRATIVE_UPPERCASE.captures_iter(page) {
            let upper = compact(&cap[2]);
            let Some(value) = parse_uppercase_money(&upper) else {
                continue;
            };
            let label = &cap[1];
            let (slot, spec) = match label {
                "资产总额" | "资产总计" | "总资产" => {
                    (&mut report.total_assets, &TOTAL_ASSETS)
                }
                "负债总额" | "负债合计" => {
                    (&mut report.total_liabilities, &TOTAL_LIABILITIES)
                }
                "所有者权益合计" | "所有者权益总额" | "净资产" => {
                    (&mut report.net_assets, &NET_ASSETS)
                }
                "营业收入" => (&mut report.revenue, &REVENUE),
                _ => (&mut report.net_profit, &NET_PROFIT),
            };
            match slot {
                Some(table) if (table.value - value).abs() >= Decimal::new(1, 2) => {
                    problems.push(Problem::new(
                        file,
                        page_location(page_no),
                        Severity::Warning,
                        format!(
                            "审计报告正文大写金额与报表不一致：{label}{upper}（{value}元），报表{}为{}元（{}）",
                            spec.zh, table.value, table.evidence
                        ),
                        format!(
                            "audit report narrative and statements disagree on {}: {value} (in words) vs {} ({})",
                            spec.en, table.value, table.evidence
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    problems.push(Problem::new(
                        file,
                        page_location(page_no),
                        Severity::Info,
                        format!(
                            "报表中未找到{}，采用正文大写金额 {upper}（{value}元）",
                            spec.zh
                        ),
                        format!(
                            "{} not found in the statements; taken from the narrative: {value}",
                            spec.en
                        ),
                    ));
                    *slot = Some(Sourced::new(value, Evidence::page(file, page_no)));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Credit report

struct CreditSpec {
    labels: &'static [&'static str],
    zh: &'static str,
    en: &'static str,
}

const DISHONEST_EXECUTED: CreditSpec = CreditSpec {
    labels: &["失信被执行人"],
    zh: "失信被执行人",
    en: "dishonest judgment debtor (失信被执行人)",
};
const MAJOR_TAX: CreditSpec = CreditSpec {
    labels: &[
        "重大税收违法失信主体",
        "重大税收违法案件当事人",
        "重大税收违法",
    ],
    zh: "重大税收违法失信主体",
    en: "major tax violation (重大税收违法失信主体)",
};
const SERIOUS_DISHONEST: CreditSpec = CreditSpec {
    labels: &[
        "严重失信主体名单",
        "严重违法失信企业名单",
        "严重违法失信",
        "严重失信主体",
        "严重失信",
    ],
    zh: "严重失信主体名单",
    en: "serious dishonesty list (严重失信主体名单)",
};
const ADMIN_PENALTIES: CreditSpec = CreditSpec {
    labels: &["行政处罚"],
    zh: "行政处罚",
    en: "administrative penalties (行政处罚)",
};

const ALL_CREDIT: [&CreditSpec; 4] = [
    &DISHONEST_EXECUTED,
    &MAJOR_TAX,
    &SERIOUS_DISHONEST,
    &ADMIN_PENALTIES,
];

static COUNT_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[:]?\s*[(\[【]\s*([0-9]+)\s*(?:条|项|个|次|家)?\s*[)\]】]").expect("count")
});
static NONE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[:]?\s*(?:[(\[【]\s*)?(?:无|暂无|未查询到|未查到|查询无|没有|未发现|查无|无记录|无相关)").expect("none")
});
static BARE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[:]?\s*([0-9]+)\s*(?:条|项|个|次|家)?(?:\s|$|[,;。])").expect("bare count")
});
static LABEL_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:信息|记录|名单|主体|情况|企业名单|查询结果|\s)*").expect("suffix")
});
static HEADING_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十0-9]+\)|[0-9]+[、.])?\s*$",
    )
    .expect("heading")
});
static ENTRY_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([0-9]{1,3})(?:[\s.、)]|$)").expect("entry"));

/// A count written right after the label: `（0条）`, `：无`, `暂无`, `3条`, `: 0`.
fn count_after_label(rest: &str) -> Option<u32> {
    let rest = &rest[LABEL_SUFFIX.find(rest).map_or(0, |m| m.end())..];
    if let Some(cap) = COUNT_IN_BRACKETS.captures(rest) {
        return cap[1].parse().ok();
    }
    if NONE_WORD.is_match(rest) {
        return Some(0);
    }
    if let Some(cap) = BARE_COUNT.captures(rest) {
        return cap[1].parse().ok();
    }
    None
}

fn read_count(lines: &[(u32, &str)], spec: &CreditSpec) -> Option<(u32, u32)> {
    let others: Vec<Regex> = ALL_CREDIT
        .iter()
        .filter(|s| !std::ptr::eq(**s, spec))
        .flat_map(|s| s.labels.iter().map(|l| label_regex(l)))
        .collect();
    for label in spec.labels {
        let re = label_regex(label);
        for (i, &(page, line)) in lines.iter().enumerate() {
            for m in re.find_iter(line) {
                if let Some(n) = count_after_label(&line[m.end()..]) {
                    return Some((n, page));
                }
                // A section heading with the entries (or a "none" line) below it.
                if !HEADING_PREFIX.is_match(&line[..m.start()]) {
                    continue;
                }
                let rest = &line[m.end()..];
                let rest = &rest[LABEL_SUFFIX.find(rest).map_or(0, |m| m.end())..];
                if !compact(rest).is_empty() {
                    continue;
                }
                let mut expected = 1u32;
                for &(_, below) in lines.iter().skip(i + 1).take(200) {
                    if others.iter().any(|o| o.is_match(below))
                        && HEADING_PREFIX.is_match(&below[..o_start(&others, below)])
                    {
                        break;
                    }
                    if expected == 1 && NONE_WORD.is_match(below) {
                        return Some((0, page));
                    }
                    if let Some(cap) = ENTRY_NUMBER.captures(below)
                        && cap[1].parse::<u32>().ok() == Some(expected)
                    {
                        expected += 1;
                    }
                }
                if expected > 1 {
                    return Some((expected - 1, page));
                }
            }
        }
    }
    None
}

/// Where the first of `labels` starts in `line` (0 when none does).
fn o_start(labels: &[Regex], line: &str) -> usize {
    labels
        .iter()
        .filter_map(|r| r.find(line))
        .map(|m| m.start())
        .min()
        .unwrap_or(0)
}

/// Reads a 信用中国 credit report's counts of 失信被执行人, 重大税收违法失信主体, 严重失信主体名单
/// and 行政处罚 entries.
pub fn read_credit(file: &str, text: &PdfText) -> (CreditReport, Vec<Problem>) {
    let mut report = CreditReport {
        file: file.to_string(),
        status: text.status.clone(),
        ..Default::default()
    };
    let mut problems = remark_problems(file, text);
    if let Some(p) = status_problem(file, &text.status, "信用报告", "credit report") {
        problems.push(p);
        return (report, problems);
    }
    let lines = lines(text);
    let mut read = |spec: &CreditSpec| -> Option<Sourced<u32>> {
        match read_count(&lines, spec) {
            Some((n, page)) => Some(Sourced::new(n, Evidence::page(file, page))),
            None => {
                problems.push(missing(
                    file,
                    &format!("{}记录数", spec.zh),
                    &format!("the count of {}", spec.en),
                    "信用报告",
                    "credit report",
                ));
                None
            }
        }
    };
    report.dishonest_executed = read(&DISHONEST_EXECUTED);
    report.major_tax_violations = read(&MAJOR_TAX);
    report.serious_dishonest = read(&SERIOUS_DISHONEST);
    report.admin_penalties = read(&ADMIN_PENALTIES);
    (report, problems)
}

// ---------------------------------------------------------------------------------------------
// Premises proof

static AREA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(套\s*内|分\s*摊|公\s*摊)?\s*(建\s*筑\s*面\s*积|租\s*赁\s*面\s*积|使\s*用\s*面\s*积|房\s*屋\s*面\s*积|面\s*积)",
        r"\s*(\(\s*(?:平方米|m2|M2)\s*\))?\s*[:为约共计]*\s*",
        r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(平方米|平米|平方|m2|M2)?",
    ))
    .expect("area")
});

/// Reads the premises area (m²): 建筑面积 preferred, then 租赁面积, 使用面积, 面积.
pub fn read_premises(file: &str, text: &PdfText) -> (PremisesProof, Vec<Problem>) {
    let mut proof = PremisesProof {
        file: file.to_string(),
        status: text.status.clone(),
        ..Default::default()
    };
    let mut problems = remark_problems(file, text);
    if let Some(p) = status_problem(file, &text.status, "场所证明", "premises proof") {
        problems.push(p);
        return (proof, problems);
    }
    let rank = |label: &str| match compact(label).as_str() {
        "建筑面积" => 0,
        "租赁面积" => 1,
        "使用面积" => 2,
        "房屋面积" => 3,
        _ => 4,
    };
    let mut best: Option<(usize, Decimal, u32)> = None;
    for (i, page) in joined_pages(text).iter().enumerate() {
        for cap in AREA.captures_iter(page) {
            if cap.get(1).is_some() {
                continue; // 套内/分摊 area: a part, not the premises
            }
            if cap.get(3).is_none() && cap.get(5).is_none() {
                continue; // no unit: not an area figure
            }
            let Some(value) = parse_decimal(&cap[4].replace(',', "")) else {
                continue;
            };
            if value <= Decimal::ZERO {
                continue;
            }
            let r = rank(&cap[2]);
            if best.as_ref().is_none_or(|(br, _, _)| r < *br) {
                best = Some((r, value, i as u32 + 1));
            }
        }
    }
    match best {
        Some((_, value, page)) => {
            proof.area = Some(Sourced::new(value.normalize(), Evidence::page(file, page)))
        }
        None => problems.push(missing(
            file,
            "建筑面积（平方米）",
            "the premises area (m²)",
            "场所证明",
            "premises proof",
        )),
    }
    (proof, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(pages: &[&str]) -> PdfText {
        PdfText {
            status: DocStatus::Readable,
            pages: pages.iter().map(|p| p.to_string()).collect(),
            remarks: vec![],
        }
    }

    #[test]
    fn header_columns_choose_the_year_end_and_the_year() {
        let new = header_columns("项目\t附注\t期末余额\t上年年末余额").unwrap();
        assert_eq!(
            columns_for(&new, Column::YearEnd),
            Some(Columns {
                count: 2,
                year_index: 0
            })
        );
        let old = header_columns("资产\t行次 年初数 期末数 负债及所有者权益\t行次 年初数 期末数")
            .unwrap();
        assert_eq!(
            columns_for(&old, Column::YearEnd),
            Some(Columns {
                count: 2,
                year_index: 1
            })
        );
        let monthly = header_columns("项目\t行次\t本月数\t本年累计数").unwrap();
        assert_eq!(
            columns_for(&monthly, Column::ThisYear),
            Some(Columns {
                count: 2,
                year_index: 1
            })
        );
        assert!(
            header_columns("我们审计了贵公司2022年12月31日的资产负债表及期末余额的变动情况说明")
                .is_none()
        );
    }

    #[test]
    fn amount_tokens_skip_notes_and_stop_at_the_next_label() {
        assert_eq!(
            amount_tokens("\t五、1 523,456.78\t402,000.00"),
            vec!["523,456.78", "402,000.00"]
        );
        assert_eq!(
            amount_tokens("(净亏损以“-”号填列)\t-12.30\t65,000.00"),
            vec!["-12.30", "65,000.00"]
        );
        assert_eq!(
            amount_tokens("\t30\t130.00\t145.60\t所有者权益合计\t60\t110.00"),
            vec!["30", "130.00", "145.60"]
        );
        assert_eq!(parse_amount("(1,000.00)"), Some(Decimal::new(-1000, 0)));
        assert_eq!(parse_amount("—"), Some(Decimal::ZERO));
    }

    #[test]
    fn spaced_labels_and_old_layout_rows_are_read() {
        let text = doc(&[
            "资产负债表\n2022 年 12 月 31 日\t金额单位:万元\n项目\t行次\t年初数\t期末数\n资 产 总 计\t60\t980.00\t1,050.00\n流动负债合计\t70\t1.00\t2.00\n负 债 合 计\t80\t100.00\t120.00\n",
        ]);
        let lines = audit_lines(&text);
        assert_eq!(
            find_figure(&lines, &TOTAL_ASSETS),
            Some((Decimal::new(10_500_000, 0), 1))
        );
        assert_eq!(
            find_figure(&lines, &TOTAL_LIABILITIES),
            Some((Decimal::new(1_200_000, 0), 1))
        );
    }

    #[test]
    fn qualified_is_not_read_inside_unqualified() {
        let text = doc(&[
            "审计报告\n我们认为，财务报表公允反映了……如果披露不充分，我们应当发表非无保留意见。",
        ]);
        assert_eq!(find_opinion(&text).map(|o| o.0), Some(Opinion::Standard));
        let text = doc(&["审计报告\n一、保留意见\n我们认为，除…的影响外"]);
        assert_eq!(find_opinion(&text).map(|o| o.0), Some(Opinion::Qualified));
        assert_eq!(find_opinion(&doc(&["资产负债表\n资产总计 1.00"])), None);
    }

    #[test]
    fn credit_counts_in_their_written_forms() {
        for (rest, expected) in [
            ("(0条)", Some(0)),
            ("( 0 条 )", Some(0)),
            (":无", Some(0)),
            ("暂无", Some(0)),
            ("信息:未查询到相关记录", Some(0)),
            ("3条", Some(3)),
            (" 2 条", Some(2)),
            (": 0", Some(0)),
            ("、重大税收违法失信主体", None),
        ] {
            assert_eq!(count_after_label(rest), expected, "{rest}");
        }
    }

    #[test]
    fn premises_area_prefers_building_area_and_skips_inner_area() {
        let (proof, _) = read_premises(
            "租赁合同.pdf",
            &doc(&["套内建筑面积 280 平方米，房屋建筑\n面积:320.5m2，使用面积 300平方米"]),
        );
        assert_eq!(proof.area.map(|a| a.value), Some(Decimal::new(3205, 1)));
        let (proof, _) = read_premises("x.pdf", &doc(&["面积 320 m2"]));
        assert_eq!(proof.area.map(|a| a.value), Some(Decimal::new(320, 0)));
    }
}
