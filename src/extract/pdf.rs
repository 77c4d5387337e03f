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
    Role, Severity, Sourced, Unverified, unverified,
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

/// The evidence of a figure read from `page`: marked `(OCR)` when the page's text came from
/// OCR (SPEC §8.2), so the reviewer knows the figure was read from a picture.
fn page_evidence(file: &str, text: &PdfText, page: u32) -> Evidence {
    if text.is_ocr_page(page) {
        Evidence::ocr_page(file, page)
    } else {
        Evidence::page(file, page)
    }
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
/// them), which one holds the year's figure, whether rows start with a 行次 cell, and the
/// sub-columns each amount column splits into (a 民非 业务活动表: 非限定性 | 限定性 | 合计).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    count: usize,
    year_index: usize,
    line_numbers: bool,
    /// (sub-columns per amount column, index of the 合计 sub-column).
    sub: Option<(usize, usize)>,
}

impl Columns {
    fn new(count: usize, year_index: usize) -> Columns {
        Columns {
            count,
            year_index,
            line_numbers: false,
            sub: None,
        }
    }
}

/// What a header line says: the balance-sheet and the income-statement reading of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    balance: Option<Columns>,
    income: Option<Columns>,
}

static COLUMN_KEYWORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        "(?P<start>上年年末余额|上年年末数|上年末余额|上年年末|上年末|上期末|年初余额|年初数|年初金额|期初余额|期初数|期初金额)",
        "|(?P<end>期末余额|期末数|期末金额|年末余额|年末数|本年年末|本年末|本期末|期末)",
        "|(?P<this>本期金额|本年金额|本年累计数|本年累计金额|本年累计|本年发生额|本期发生额|本年实际数|本年实际|本期实际数|本期实际|本年数|本期数)",
        "|(?P<other>上期金额|上年金额|上年同期数|上年同期|上年累计数|上年发生额|上期发生额|上年实际数|上年实际|上期实际数|上期实际|上年数|上期数|本月数|本月金额)",
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
    Some(Columns::new(group.len(), year_index))
}

static COLUMN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(20[0-9]{2})(?:年(?:([0-9]{1,2})月([0-9]{1,2})日|度)?|[-./]([0-9]{1,2})[-./]([0-9]{1,2}))")
        .expect("column date")
});

/// A header whose amount columns are dates (`项目 附注 2022年12月31日 2021年12月31日`,
/// `2022年度 2021年度`), as listed companies write them: the latest date is the year's column.
fn date_header(line: &str) -> Option<Header> {
    let c = compact(line);
    let mut dates = Vec::new();
    for cap in COLUMN_DATE.captures_iter(&c) {
        let num = |i: usize| cap.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = num(1)?;
        let (month, day) = match (num(2).or(num(4)), num(3).or(num(5))) {
            (Some(m), Some(d)) => (m, d),
            _ => (12, 31),
        };
        dates.push((year, month, day));
    }
    let rest = COLUMN_DATE.replace_all(&c, "");
    // A period (`2022年1月1日至2022年12月31日`) or a sentence is not a header.
    if rest.contains(['至', '~', '。', ',', ';']) || rest.chars().count() > 20 {
        return None;
    }
    let mut group = Vec::new();
    for d in dates {
        if group.contains(&d) {
            break;
        }
        group.push(d);
    }
    if group.len() < 2 {
        return None;
    }
    let latest = group.iter().max()?;
    let year_index = group.iter().position(|d| d == latest)?;
    let columns = Some(Columns::new(group.len(), year_index));
    Some(Header {
        balance: columns,
        income: columns,
    })
}

/// Reads a statement header line (keywords or dates); `None` when the line is not one.
fn header(line: &str) -> Option<Header> {
    let line_numbers = compact(line).contains("行次");
    let mark = |c: Option<Columns>| c.map(|c| Columns { line_numbers, ..c });
    if let Some(kinds) = header_columns(line) {
        return Some(Header {
            balance: mark(columns_for(&kinds, Column::YearEnd)),
            income: mark(columns_for(&kinds, Column::ThisYear)),
        });
    }
    date_header(line).map(|h| Header {
        balance: mark(h.balance),
        income: mark(h.income),
    })
}

static SUB_COLUMN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("非限定性|限定性|合计").expect("sub-column"));

/// A sub-header under a header (`非限定性 限定性 合计 非限定性 限定性 合计`): the sub-columns per
/// amount column and the index of 合计 among them.
fn sub_header(line: &str) -> Option<(usize, usize)> {
    let c = compact(line).replace("项目", "").replace("行次", "");
    if c.is_empty() || !SUB_COLUMN.replace_all(&c, "").is_empty() {
        return None;
    }
    let mut group: Vec<&str> = Vec::new();
    for m in SUB_COLUMN.find_iter(&c) {
        if group.contains(&m.as_str()) {
            break;
        }
        group.push(m.as_str());
    }
    let total = group.iter().position(|&s| s == "合计")?;
    (group.len() >= 2).then_some((group.len(), total))
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

/// A 行次 or bare-number 附注 cell: a small integer.
fn is_small_int(token: &str) -> bool {
    token.len() <= 3 && token.chars().all(|c| c.is_ascii_digit())
}

/// The amount picked from a row, or why none was.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pick {
    Amount(String),
    /// Several amounts and no header (or a layout) that says which one is the year's.
    Unsure,
}

/// Picks the year's amount from a row's amount cells given the header's columns. Without a
/// header, a row of one amount is taken and a row of several is `Unsure`: a figure from the
/// wrong column is worse than none.
fn pick_amount(mut tokens: Vec<String>, columns: Option<Columns>) -> Pick {
    let Some(columns) = columns else {
        return match tokens.len() {
            1 => Pick::Amount(tokens.remove(0)),
            _ => Pick::Unsure,
        };
    };
    let (per, total) = columns.sub.unwrap_or((1, 0));
    let width = columns.count * per;
    if columns.line_numbers && tokens.len() > 1 && tokens.first().is_some_and(|t| is_small_int(t)) {
        tokens.remove(0);
    }
    // 行次 (and bare-number 附注) cells come before the amounts: small integers.
    while tokens.len() > width && tokens.first().is_some_and(|t| is_small_int(t)) {
        tokens.remove(0);
    }
    if tokens.len() >= width {
        return match tokens.into_iter().nth(columns.year_index * per + total) {
            Some(t) => Pick::Amount(t),
            None => Pick::Unsure,
        };
    }
    if tokens.len() == 1 {
        // One cell where there are several columns (an empty comparative): the one there.
        return Pick::Amount(tokens.remove(0));
    }
    if per > 1 && columns.year_index == 0 && total == per - 1 {
        // Empty sub-cells (a 限定性 column left blank): the year's 合计 is the first cell that
        // is the sum of the cells before it.
        let values: Vec<Option<Decimal>> = tokens.iter().map(|t| parse_amount(t)).collect();
        for j in 1..per.min(tokens.len()) {
            let parts: Option<Decimal> = values[..j].iter().copied().sum();
            if parts.is_some() && parts == values[j] {
                return Pick::Amount(tokens.swap_remove(j));
            }
        }
    }
    Pick::Unsure
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
    not_after: &["流动", "非流动", "动", "净"],
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
    not_after: &["母公司", "少数", "负债和", "负债及", "负债与"],
    statement: Statement::Balance,
    zh: "所有者权益（净资产）合计",
    en: "net assets",
};
/// 负债和所有者权益总计: equals total assets; read independently to verify an OCR'd figure.
const TOTAL_LIABILITIES_AND_EQUITY: FigureSpec = FigureSpec {
    labels: &[
        "负债和所有者权益(或股东权益)总计",
        "负债和所有者权益总计",
        "负债及所有者权益总计",
        "负债和股东权益总计",
        "负债及股东权益总计",
        "负债和所有者权益(或股东权益)合计",
        "负债和所有者权益合计",
        "负债及所有者权益合计",
        "负债和股东权益合计",
        "负债与所有者权益总计",
        "负债和净资产总计",
    ],
    not_after: &[],
    statement: Statement::Balance,
    zh: "负债和所有者权益总计",
    en: "total liabilities and equity",
};
/// 利润总额 and 所得税费用: net profit = their difference, to verify an OCR'd net profit.
const PROFIT_BEFORE_TAX: FigureSpec = FigureSpec {
    labels: &["利润总额"],
    not_after: &[],
    statement: Statement::Income,
    zh: "利润总额",
    en: "profit before tax",
};
const INCOME_TAX: FigureSpec = FigureSpec {
    labels: &["所得税费用", "所得税"],
    not_after: &["递延"],
    statement: Statement::Income,
    zh: "所得税费用",
    en: "income tax",
};
const REVENUE: FigureSpec = FigureSpec {
    labels: &[
        "营业总收入",
        "营业收入合计",
        "营业收入",
        "主营业务收入",
        "业务收入",
        "收入合计",
    ],
    not_after: &["其他"],
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

/// The statement a line belongs to, from the last statement title above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// No statement title seen yet.
    Unknown,
    Balance,
    Income,
    /// Cash flow, changes in equity: their rows (净利润, 所有者权益合计) are not the figures.
    Other,
}

/// A line (or a label wrapped over two lines joined into one row) with what the lines above
/// it said: the statement it is in, that table's header and the unit in force.
struct AuditLine {
    page: u32,
    text: String,
    section: Section,
    balance: Option<Columns>,
    income: Option<Columns>,
    /// Yuan per unit of the figures (1 for 元, 1,000 for 千元, 10,000 for 万元 …).
    unit: Decimal,
}

static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:单位[:为]?(?:均为)?(?:人民币)?|人民币)(百万元|千元|万元|亿元|元)")
        .expect("unit")
});

/// The unit a unit line states (`单位：元`, `金额单位：人民币千元`, `(金额单位：人民币万元)`,
/// `人民币千元`), as yuan per unit.
fn unit_factor(compact_line: &str) -> Option<Decimal> {
    // `人民币1,600千元` is a figure, not a unit: the unit must follow 单位 or 人民币 directly.
    UNIT.captures(compact_line).and_then(|cap| unit_of(&cap[1]))
}

fn unit_of(word: &str) -> Option<Decimal> {
    Some(Decimal::from(match word {
        "元" => 1,
        "千元" => 1_000,
        "万元" => 10_000,
        "百万元" => 1_000_000,
        "亿元" => 100_000_000,
        _ => return None,
    }))
}

static STATEMENT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十0-9]+\)|[0-9]+[、.])?",
        r"(?:合并及母公司|合并|母公司|公司)?",
        r"(?P<balance>资产负债表)?(?P<income>利润及利润分配表|利润表|损益表|业务活动表|收入支出表|收入费用表)?",
        r"(?P<other>现金流量表|所有者权益变动表|股东权益变动表|净资产变动表)?",
        r"(?P<rest>.*)$",
    ))
    .expect("statement title")
});

/// The statement a title line opens (`合并资产负债表`, `利 润 表`, `资产负债表（续）`), if it is one.
fn statement_title(compact_line: &str) -> Option<Section> {
    let cap = STATEMENT_TITLE.captures(compact_line)?;
    let section = if cap.name("balance").is_some() {
        Section::Balance
    } else if cap.name("income").is_some() {
        Section::Income
    } else if cap.name("other").is_some() {
        Section::Other
    } else {
        return None;
    };
    let rest = cap.name("rest").map_or("", |m| m.as_str());
    // 资产负债表日后事项, 利润表项目注释, or a sentence: not a title.
    if rest.starts_with('日')
        || rest.starts_with("项目")
        || rest.contains(['。', ',', ';'])
        || rest.chars().count() > 40
    {
        return None;
    }
    Some(section)
}

/// A token that holds an amount (not a 行次, page number or year).
fn is_money_token(token: &str) -> bool {
    AMOUNT.is_match(token)
        && !(token.chars().all(|c| c.is_ascii_digit())
            && (token.len() <= 3
                || (token.len() == 4 && (token.starts_with("19") || token.starts_with("20")))))
}

/// A line of running text (no amounts, long, or a sentence): it ends the table above it.
fn is_narrative(line: &str) -> bool {
    let c = compact(line);
    c.contains('。') || (!line.split_whitespace().any(is_money_token) && c.chars().count() >= 25)
}

/// Lines of running text after which a header no longer applies: a table's header never
/// stands this far from its rows.
const HEADER_EXPIRY_NARRATIVE_LINES: usize = 3;
/// Lines after a header in which a sub-header (非限定性 | 限定性 | 合计) may follow it.
const SUB_HEADER_WINDOW: usize = 3;

/// The label part of a row and the rest (from its first amount cell).
fn split_label(line: &str) -> (&str, &str) {
    for (start, token) in tokens_with_offsets(line) {
        if AMOUNT.is_match(token) {
            return (&line[..start], &line[start..]);
        }
    }
    (line, "")
}

fn tokens_with_offsets(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split_whitespace()
        .map(move |t| (t.as_ptr() as usize - line.as_ptr() as usize, t))
}

fn unbalanced_bracket(label: &str) -> bool {
    label.matches('(').count() > label.matches(')').count()
}

/// Reads the document line by line, keeping each table's header to that table: a statement
/// title starts a new table (no header until its own), a new header replaces the old, and
/// running text ends the table. A label wrapped over two lines (`所有者权益(或股东` /
/// `权益)合计`) is joined into one extra row.
fn audit_lines(text: &PdfText) -> Vec<AuditLine> {
    let source = lines(text);
    let mut out: Vec<AuditLine> = Vec::new();
    let mut section = Section::Unknown;
    let mut balance = None;
    let mut income = None;
    let mut unit = Decimal::ONE;
    let mut narrative_run = 0usize;
    let mut since_header = usize::MAX;
    for (i, &(page, line)) in source.iter().enumerate() {
        let c = compact(line);
        if let Some(s) = statement_title(&c) {
            // `资产负债表（续）` continues the table above: its header still holds (a repeated
            // header replaces it below).
            let continued = s == section && (c.contains("(续)") || c.ends_with('续'));
            if !continued {
                balance = None;
                income = None;
            }
            section = s;
            narrative_run = 0;
        }
        if let Some(f) = unit_factor(&c) {
            unit = f;
        }
        if let Some(h) = header(line) {
            balance = h.balance;
            income = h.income;
            since_header = 0;
            narrative_run = 0;
        } else if since_header < SUB_HEADER_WINDOW
            && let Some(sub) = sub_header(line)
        {
            balance = balance.map(|c| Columns {
                sub: Some(sub),
                ..c
            });
            income = income.map(|c| Columns {
                sub: Some(sub),
                ..c
            });
        } else if is_narrative(line) {
            narrative_run += 1;
            if narrative_run >= HEADER_EXPIRY_NARRATIVE_LINES {
                balance = None;
                income = None;
            }
        } else {
            narrative_run = 0;
        }
        since_header = since_header.saturating_add(1);
        let here = |text: String| AuditLine {
            page,
            text,
            section,
            balance,
            income,
            unit,
        };
        out.push(here(line.to_string()));
        // A label cut inside its bracket continues on the next line (or the one after, when
        // the amounts sit between the two halves, vertically centred).
        let (label, tail) = split_label(line);
        if unbalanced_bracket(label) {
            let next = source.get(i + 1).map(|&(_, l)| l);
            let after = source.get(i + 2).map(|&(_, l)| l);
            let (middle, continuation) = match next.map(split_label) {
                Some((l, amounts)) if l.trim().is_empty() && !amounts.trim().is_empty() => {
                    (amounts, after)
                }
                _ => ("", next),
            };
            if let Some(cont) = continuation {
                let (cont_label, cont_tail) = split_label(cont);
                if cont_label.contains(')') {
                    let amounts = [tail, middle, cont_tail]
                        .into_iter()
                        .find(|t| !t.trim().is_empty())
                        .unwrap_or("");
                    out.push(here(format!(
                        "{}{}\t{}",
                        label.trim_end(),
                        cont_label.trim(),
                        amounts
                    )));
                }
            }
        }
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
        &TOTAL_LIABILITIES_AND_EQUITY,
        &PROFIT_BEFORE_TAX,
        &INCOME_TAX,
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

/// A figure read from the statements: yuan, page, and yuan per unit of the table it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Figure {
    value: Decimal,
    page: u32,
    unit: Decimal,
}

/// The first row carrying `spec`'s label and an amount whose column is certain: rows inside
/// the statement the figure belongs to first, then rows outside any other statement. Also
/// the page of the first row left out because its column was uncertain.
fn find_figure(lines: &[AuditLine], spec: &FigureSpec) -> (Option<Figure>, Option<u32>) {
    let wanted = match spec.statement {
        Statement::Balance => Section::Balance,
        Statement::Income => Section::Income,
    };
    let mut unsure = None;
    for in_statement in [true, false] {
        for label in spec.labels {
            let re = label_regex(label);
            for line in lines {
                let eligible = if in_statement {
                    line.section == wanted
                } else {
                    line.section != wanted && line.section != Section::Other
                };
                if !eligible {
                    continue;
                }
                for m in re.find_iter(&line.text) {
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
                    let token = match pick_amount(tokens, columns) {
                        Pick::Amount(t) => t,
                        Pick::Unsure => {
                            unsure.get_or_insert(line.page);
                            continue;
                        }
                    };
                    let Some(value) = parse_amount(&token).and_then(|v| v.checked_mul(line.unit))
                    else {
                        continue;
                    };
                    let figure = Figure {
                        value: value.normalize(),
                        page: line.page,
                        unit: line.unit,
                    };
                    return (Some(figure), unsure);
                }
            }
        }
    }
    (None, unsure)
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

static NARRATIVE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(资产总额|资产总计|总资产|负债总额|负债合计|所有者权益合计|所有者权益总额|净资产|营业收入|净利润)",
        r"\s*(?:为|是|:|达到|达|共计|合计|约)?\s*(?:人民币)?\s*",
        r"(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|百万元|万元|千元|元)",
    ))
    .expect("narrative numeric")
});

static MATTER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十0-9]+\)|[0-9]+[、.])?",
        r"(?P<kind>强调事项段?|其他事项段?|(?:与)?持续经营(?:能力)?相关的重大不确定性)",
        r"(?::(?P<rest>.*))?$",
    ))
    .expect("matter heading")
});
static MATTER_OPINION_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"带(?:强调事项段|其他事项段|(?:与)?持续经营(?:相关的)?重大不确定性(?:事项)?段(?:落)?)的(?:标准)?无保留意见")
        .expect("matter opinion type")
});
/// Wording of the paragraph itself (CAS 1503/1324 templates), never of the boilerplate (which
/// says 提请报表使用者注意 and 在审计报告中沟通).
static MATTER_WORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"提醒财务报表使用者关注|提醒报表使用者关注|不影响已发表的审计意见|本段内容不影响|该事项不影响.{0,12}审计意见")
        .expect("matter wording")
});
static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\))")
        .expect("numbered heading")
});

/// Lines read after a matter heading for its paragraph.
const MATTER_PARAGRAPH_LINES: usize = 15;
/// Characters quoted from a matter paragraph at most.
const MATTER_QUOTE_CHARS: usize = 200;

/// The first sentence of `paragraph` (up to and including `。`), at most `MATTER_QUOTE_CHARS`.
fn first_sentence(paragraph: &str) -> String {
    let end = paragraph
        .find('。')
        .map_or(paragraph.len(), |i| i + '。'.len_utf8());
    let sentence: String = paragraph[..end].chars().take(MATTER_QUOTE_CHARS).collect();
    sentence
}

/// An emphasis-of-matter, other-matter or going-concern paragraph of the auditor's report
/// (SPEC §2.4: non-standard report): its heading kind and first sentence, and its page. The
/// paragraph is found by its heading line (`三、强调事项`, `其他事项段：`, `与持续经营相关的重大不
/// 确定性`) or its own wording (`我们提醒财务报表使用者关注`); a mere mention of the words in the
/// auditor's-responsibility boilerplate or a note heading elsewhere is not one.
fn find_matter_paragraph(text: &PdfText) -> Option<(String, u32)> {
    let compacted: Vec<(u32, String)> = lines(text)
        .into_iter()
        .map(|(page, l)| (page, compact(l)))
        .collect();
    let audit_page = |page: u32| {
        text.pages.get(page as usize - 1).is_some_and(|p| {
            let c = compact(p);
            c.contains("审计意见") || c.contains("我们审计了")
        })
    };
    let paragraph_from = |i: usize, start: &str| {
        let mut para = start.to_string();
        for (_, next) in compacted.iter().skip(i + 1).take(MATTER_PARAGRAPH_LINES) {
            if para.contains('。') || NUMBERED_HEADING.is_match(next) {
                break;
            }
            para.push_str(next);
        }
        para
    };
    for (i, (page, line)) in compacted.iter().enumerate() {
        if let Some(cap) = MATTER_HEADING.captures(line) {
            let kind = &cap["kind"];
            let label = if kind.starts_with("强调") {
                "强调事项"
            } else if kind.starts_with("其他") {
                "其他事项"
            } else {
                "与持续经营相关的重大不确定性"
            };
            let para = paragraph_from(i, cap.name("rest").map_or("", |m| m.as_str()));
            let wider: String = compacted
                .iter()
                .skip(i)
                .take(MATTER_PARAGRAPH_LINES)
                .map(|(_, l)| l.as_str())
                .collect();
            let confirmed = label == "与持续经营相关的重大不确定性"
                || kind.ends_with('段')
                || MATTER_WORDING.is_match(&wider)
                || audit_page(*page);
            let sentence = first_sentence(&para);
            if confirmed && !sentence.is_empty() {
                return Some((format!("{label}：{sentence}"), *page));
            }
        }
        let by_wording = MATTER_WORDING
            .find(line)
            .filter(|m| line[..m.start()].ends_with("我们"));
        if let Some(m) = by_wording.or_else(|| MATTER_OPINION_TYPE.find(line)) {
            // The sentence holding the wording, from its start on this line.
            let start = line[..m.start()]
                .rfind('。')
                .map_or(0, |k| k + '。'.len_utf8());
            let para = paragraph_from(i, &line[start..]);
            let label = if line.contains("其他事项") {
                "其他事项"
            } else if line.contains("持续经营") {
                "与持续经营相关的重大不确定性"
            } else {
                "强调事项"
            };
            return Some((format!("{label}：{}", first_sentence(&para)), *page));
        }
    }
    None
}

/// Reads an audit report's figures (yuan), year and opinion, with problems for what is
/// missing or contradictory.
pub fn read_audit(file: &str, text: &PdfText) -> (AuditReport, Vec<Problem>) {
    let mut report = AuditReport {
        file: file.to_string(),
        status: text.status.clone(),
        ..Default::default()
    };
    // The reader's remarks are recorded once, by the caller, for every PDF.
    let mut problems = Vec::new();
    if let Some(p) = status_problem(file, &text.status, "审计报告", "audit report") {
        problems.push(p);
        return (report, problems);
    }
    let lines = audit_lines(text);
    let mut units: BTreeMap<&'static str, Decimal> = BTreeMap::new();
    let mut figure = |spec: &FigureSpec, problems: &mut Vec<Problem>| {
        let (found, unsure) = find_figure(&lines, spec);
        if let Some(f) = found {
            units.insert(spec.zh, f.unit);
            return Some(Sourced::new(f.value, page_evidence(file, text, f.page)));
        }
        if let Some(page) = unsure {
            problems.push(Problem::new(
                file,
                page_location(page),
                Severity::Warning,
                format!(
                    "{}一行有多个金额，但未能识别该表的表头（如 期末余额 | 上年年末余额），无法确定哪一列是本年数，未取数，需人工核实",
                    spec.zh
                ),
                format!(
                    "the {} row has several amounts but its table's header (e.g. 期末余额 | 上年年末余额) was not recognised: the year's column is uncertain, no figure taken; check by hand",
                    spec.en
                ),
            ));
        }
        None
    };
    report.total_assets = figure(&TOTAL_ASSETS, &mut problems);
    report.total_liabilities = figure(&TOTAL_LIABILITIES, &mut problems);
    report.net_assets = figure(&NET_ASSETS, &mut problems);
    report.revenue = figure(&REVENUE, &mut problems);
    report.net_profit = figure(&NET_PROFIT, &mut problems);
    report.year = find_year(text).map(|(y, page)| Sourced::new(y, page_evidence(file, text, page)));
    report.opinion =
        find_opinion(text).map(|(o, page)| Sourced::new(o, page_evidence(file, text, page)));
    if let Some((quote, page)) = find_matter_paragraph(text) {
        if let Some(o) = report.opinion.as_mut()
            && o.value == Opinion::Standard
        {
            *o = Sourced::new(
                Opinion::UnqualifiedWithMatter,
                page_evidence(file, text, page),
            );
        }
        report.matter_paragraph = Some(Sourced::new(quote, page_evidence(file, text, page)));
    }

    let confirmed = cross_check_narrative(file, text, &mut report, &mut problems, &units);
    if !text.ocr_pages.is_empty() {
        let independent = Independent {
            total_le: find_figure(&lines, &TOTAL_LIABILITIES_AND_EQUITY)
                .0
                .map(|f| Sourced::new(f.value, page_evidence(file, text, f.page))),
            before_tax: find_figure(&lines, &PROFIT_BEFORE_TAX).0.map(|f| f.value),
            tax: find_figure(&lines, &INCOME_TAX).0.map(|f| f.value),
            confirmed,
        };
        verify_audit(text, &mut report, &independent, &mut problems);
    }

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
        // Computed from verified figures: an unverified reading of its own is superseded.
        report.unverified.retain(|u| u.field != "net_assets");
    }

    let checks: [(&FigureSpec, bool, &str); 5] = [
        (&TOTAL_ASSETS, report.total_assets.is_none(), "total_assets"),
        (
            &TOTAL_LIABILITIES,
            report.total_liabilities.is_none(),
            "total_liabilities",
        ),
        (&NET_ASSETS, report.net_assets.is_none(), "net_assets"),
        (&REVENUE, report.revenue.is_none(), "revenue"),
        (&NET_PROFIT, report.net_profit.is_none(), "net_profit"),
    ];
    for (spec, absent, field) in checks {
        // An unverified reading has its own problem row.
        if absent && unverified(&report.unverified, field).is_none() {
            problems.push(missing(file, spec.zh, spec.en, "审计报告", "audit report"));
        }
    }
    if report.year.is_none() && unverified(&report.unverified, "year").is_none() {
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

/// The figure a narrative label speaks of (资产总额 and 总资产 are one).
fn narrative_key(label: &str) -> &'static str {
    match label {
        "资产总额" | "资产总计" | "总资产" => TOTAL_ASSETS.zh,
        "负债总额" | "负债合计" => TOTAL_LIABILITIES.zh,
        "所有者权益合计" | "所有者权益总额" | "净资产" => NET_ASSETS.zh,
        "营业收入" => REVENUE.zh,
        _ => NET_PROFIT.zh,
    }
}

/// Figures written in the narrative — in uppercase numerals (`资产总额为人民币壹佰陆拾万元整`) or
/// in digits with a unit (`资产总额为1.62亿元`, `1,600千元`) — against the statements. A
/// narrative figure exact to the yuan fills a gap the statements left; a rounded one
/// (`1.62亿元`) only cross-checks.
fn cross_check_narrative(
    file: &str,
    text: &PdfText,
    report: &mut AuditReport,
    problems: &mut Vec<Problem>,
    units: &BTreeMap<&'static str, Decimal>,
) -> Vec<&'static str> {
    let cent = Decimal::new(1, 2);
    let mut settled: Vec<&'static str> = Vec::new();
    // Figures the narrative states exactly (at least as precisely as the table): a second,
    // independent reading of the table's figure (SPEC §8.2).
    let mut confirmed: Vec<&'static str> = Vec::new();
    let mut disagreements: BTreeMap<&'static str, Problem> = BTreeMap::new();
    for (i, page) in joined_pages(text).iter().enumerate() {
        let page_no = i as u32 + 1;
        let mut found: Vec<(String, String, Decimal, Decimal)> = Vec::new();
        for cap in NARRATIVE_UPPERCASE.captures_iter(page) {
            let upper = compact(&cap[2]);
            if let Some(value) = parse_uppercase_money(&upper) {
                found.push((cap[1].to_string(), upper, value, cent));
            }
        }
        for cap in NARRATIVE_NUMERIC.captures_iter(page) {
            let (Some(number), Some(factor)) =
                (parse_amount(&cap[2].replace(',', "")), unit_of(&cap[3]))
            else {
                continue;
            };
            let Some(value) = number.checked_mul(factor) else {
                continue;
            };
            let decimals = cap[2].split('.').nth(1).map_or(0, |d| d.len() as u32);
            let precision = factor / Decimal::from(10u64.pow(decimals.min(6)));
            found.push((
                cap[1].to_string(),
                format!("{}{}", &cap[2], &cap[3]),
                value.normalize(),
                precision,
            ));
        }
        for (label, shown, value, precision) in found {
            let key = narrative_key(&label);
            if settled.contains(&key) {
                continue;
            }
            let (slot, spec) = match label.as_str() {
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
            let table_precision = units.get(spec.zh).copied().unwrap_or(Decimal::ONE) * cent;
            let tolerance = ((precision + table_precision) / Decimal::TWO).max(cent);
            match slot {
                Some(table) if (table.value - value).abs() >= tolerance => {
                    // The narrative may speak of a subsidiary or a segment: one warning per
                    // figure, none when another narrative mention agrees.
                    disagreements.entry(key).or_insert_with(|| Problem::new(
                        file,
                        page_location(page_no),
                        Severity::Warning,
                        format!(
                            "审计报告正文金额与报表不一致：{label}{shown}（{value}元），报表{}为{}元（{}）",
                            spec.zh, table.value, table.evidence
                        ),
                        format!(
                            "audit report narrative and statements disagree on {}: {value} (narrative) vs {} ({})",
                            spec.en, table.value, table.evidence
                        ),
                    ));
                }
                Some(table) => {
                    if table.value == value && precision <= table_precision {
                        confirmed.push(key);
                    }
                    settled.push(key);
                }
                None if precision <= Decimal::ONE => {
                    problems.push(Problem::new(
                        file,
                        page_location(page_no),
                        Severity::Info,
                        format!("报表中未找到{}，采用正文金额 {shown}（{value}元）", spec.zh),
                        format!(
                            "{} not found in the statements; taken from the narrative: {value}",
                            spec.en
                        ),
                    ));
                    *slot = Some(Sourced::new(value, page_evidence(file, text, page_no)));
                }
                None => {
                    problems.push(Problem::new(
                        file,
                        page_location(page_no),
                        Severity::Info,
                        format!(
                            "报表中未找到{}；正文写 {label}{shown}（约 {value} 元），是取整数，未采用",
                            spec.zh
                        ),
                        format!(
                            "{} not found in the statements; the narrative's {value} is rounded and not used",
                            spec.en
                        ),
                    ));
                }
            }
        }
    }
    problems.extend(
        disagreements
            .into_iter()
            .filter(|(key, _)| !settled.contains(key))
            .map(|(_, p)| p),
    );
    confirmed
}

/// What an audit report says beside its five figures, to verify those read by OCR.
struct Independent {
    /// 负债和所有者权益总计.
    total_le: Option<Sourced<Decimal>>,
    /// 利润总额 and 所得税费用 (net profit is their difference).
    before_tax: Option<Decimal>,
    tax: Option<Decimal>,
    /// Figures (by `FigureSpec::zh`) the narrative states exactly.
    confirmed: Vec<&'static str>,
}

/// Verifies the figures read from OCR'd pages (SPEC §8.2); text-layer figures stand as they
/// are. A figure is verified by the balance identity 资产总计 = 负债合计 + 所有者权益合计 to the
/// fen (the three from the year's column), by 资产总计 = 负债和所有者权益总计 read on its own
/// row, by 净利润 = 利润总额 − 所得税费用, or by the narrative stating it exactly. When a seal hides
/// 资产总计 but 负债合计 + 所有者权益合计 = 负债和所有者权益总计, that total is the verified figure.
/// An unverified figure leaves its field (no criterion takes it) for `report.unverified`,
/// whose message gives the reading and why; a misread digit breaks the identity it would need.
fn verify_audit(
    text: &PdfText,
    report: &mut AuditReport,
    ind: &Independent,
    problems: &mut Vec<Problem>,
) {
    use crate::evaluate::fmt::money;
    let value = |f: &Option<Sourced<Decimal>>| f.as_ref().map(|s| s.value);
    let ocr = |f: &Option<Sourced<Decimal>>| f.as_ref().is_some_and(|s| s.evidence.is_ocr());
    let (a, l, e) = (
        value(&report.total_assets),
        value(&report.total_liabilities),
        value(&report.net_assets),
    );
    let t = value(&ind.total_le);
    let sum = l.zip(e).map(|(l, e)| l + e);
    let identity = a.is_some() && a == sum;
    let a_is_t = a.is_some() && a == t;
    let parts_are_t = t.is_some() && sum == t;
    let narrative = |spec: &FigureSpec| ind.confirmed.contains(&spec.zh);
    let ok_a = !ocr(&report.total_assets) || identity || a_is_t || narrative(&TOTAL_ASSETS);
    let ok_l =
        !ocr(&report.total_liabilities) || identity || parts_are_t || narrative(&TOTAL_LIABILITIES);
    let ok_e = !ocr(&report.net_assets) || identity || parts_are_t || narrative(&NET_ASSETS);
    let profit_identity = match (value(&report.net_profit), ind.before_tax, ind.tax) {
        (Some(p), Some(b), Some(x)) => Some((p == b - x, b - x)),
        _ => None,
    };
    let ok_p = !ocr(&report.net_profit)
        || profit_identity.is_some_and(|(ok, _)| ok)
        || narrative(&NET_PROFIT);
    let ok_r = !ocr(&report.revenue) || narrative(&REVENUE);

    let mut out: Vec<Unverified> = Vec::new();
    let mut report_unverified =
        |problems: &mut Vec<Problem>,
         field: &'static str,
         spec: &FigureSpec,
         f: Sourced<Decimal>,
         (why_zh, why_en): (String, String)| {
            let zh = format!(
                "{} 识别{} {} 元，但{why_zh}，请人工核对",
                f.evidence,
                spec.zh,
                money(f.value)
            );
            let en = format!(
                "{}: OCR read {} {} yuan, but {why_en}; check by hand",
                f.evidence,
                spec.en,
                money(f.value)
            );
            problems.push(Problem::new(
                f.evidence.file.clone(),
                f.evidence.location.to_string(),
                Severity::Warning,
                zh.clone(),
                en.clone(),
            ));
            out.push(Unverified {
                field,
                value: f.value,
                evidence: f.evidence,
                zh,
                en,
            });
        };
    let nothing = || {
        (
            "报告中没有可与之核对的数字".to_string(),
            "nothing in the report to check it against".to_string(),
        )
    };
    if !ok_a && let Some(f) = report.total_assets.take() {
        let why = match (sum, t) {
            (Some(s), _) => (
                format!("与负债合计+所有者权益合计 {} 元不符", money(s)),
                format!("liabilities + equity are {} yuan", money(s)),
            ),
            (None, Some(t)) => (
                format!("与负债和所有者权益总计 {} 元不符", money(t)),
                format!("total liabilities and equity are {} yuan", money(t)),
            ),
            (None, None) => (
                "未读到负债合计与所有者权益合计（或负债和所有者权益总计），报告中没有可与之核对的数字"
                    .to_string(),
                "neither liabilities and equity nor their total were read to check it against"
                    .to_string(),
            ),
        };
        report_unverified(problems, "total_assets", &TOTAL_ASSETS, f, why);
    }
    let parts_why = || match (a, t) {
        (Some(a), _) | (None, Some(a)) => (
            format!(
                "负债合计+所有者权益合计 {} 元与资产总计（或负债和所有者权益总计）{} 元不符",
                sum.map_or("—".into(), money),
                money(a)
            ),
            format!(
                "liabilities + equity ({} yuan) disagree with total assets (or their total) {} yuan",
                sum.map_or("—".into(), money),
                money(a)
            ),
        ),
        (None, None) => nothing(),
    };
    if !ok_l && let Some(f) = report.total_liabilities.take() {
        report_unverified(
            problems,
            "total_liabilities",
            &TOTAL_LIABILITIES,
            f,
            parts_why(),
        );
    }
    if !ok_e && let Some(f) = report.net_assets.take() {
        report_unverified(problems, "net_assets", &NET_ASSETS, f, parts_why());
    }
    if !ok_p && let Some(f) = report.net_profit.take() {
        let why = match profit_identity {
            Some((_, d)) => (
                format!("与利润总额减所得税费用 {} 元不符", money(d)),
                format!("profit before tax − income tax is {} yuan", money(d)),
            ),
            None => (
                "未读到利润总额与所得税费用，也没有正文金额可与之核对".to_string(),
                "neither profit before tax and income tax nor a narrative figure were read to check it against"
                    .to_string(),
            ),
        };
        report_unverified(problems, "net_profit", &NET_PROFIT, f, why);
    }
    if !ok_r && let Some(f) = report.revenue.take() {
        report_unverified(
            problems,
            "revenue",
            &REVENUE,
            f,
            (
                "正文中没有相同的金额可与之核对".to_string(),
                "no narrative figure states it to check it against".to_string(),
            ),
        );
    }
    // A seal over 资产总计: the parts and their total, read independently and agreeing.
    if report.total_assets.is_none()
        && !out.iter().any(|u| u.field == "total_assets")
        && parts_are_t
        && let Some(total) = &ind.total_le
    {
        problems.push(Problem::new(
            total.evidence.file.clone(),
            total.evidence.location.to_string(),
            Severity::Info,
            format!(
                "未读到资产总计，负债合计+所有者权益合计与负债和所有者权益总计一致，取 {} 元",
                money(total.value)
            ),
            format!(
                "total assets not read; liabilities + equity agree with their total: {} yuan taken",
                money(total.value)
            ),
        ));
        report.total_assets = Some(total.clone());
    } else if report.total_assets.is_none()
        && !out.iter().any(|u| u.field == "total_assets")
        && let Some(total) = ind.total_le.as_ref().filter(|t| t.evidence.is_ocr())
    {
        // 资产总计 not read and its stand-in, 负债和所有者权益总计, not confirmed by its parts.
        let zh = format!(
            "{} 未读到资产总计，识别负债和所有者权益总计 {} 元，但与负债合计+所有者权益合计 {} 元不符，请人工核对",
            total.evidence,
            money(total.value),
            sum.map_or("（未读到）".into(), money)
        );
        let en = format!(
            "{}: total assets not read; OCR read total liabilities and equity of {} yuan, but liabilities + equity are {}; check by hand",
            total.evidence,
            money(total.value),
            sum.map_or("unread".into(), money)
        );
        problems.push(Problem::new(
            total.evidence.file.clone(),
            total.evidence.location.to_string(),
            Severity::Warning,
            zh.clone(),
            en.clone(),
        ));
        out.push(Unverified {
            field: "total_assets",
            value: total.value,
            evidence: total.evidence.clone(),
            zh,
            en,
        });
    }
    // The year: read twice (the balance sheet date and another mention) or unverified.
    if let Some(y) = &report.year
        && y.evidence.is_ocr()
    {
        let mentions: usize = text
            .pages
            .iter()
            .map(|p| {
                YEAR_MENTION
                    .captures_iter(&compact(p))
                    .filter(|c| c[1].parse::<i32>().ok() == Some(y.value))
                    .count()
            })
            .sum();
        if mentions < 2
            && let Some(y) = report.year.take()
        {
            let zh = format!(
                "{} 识别审计年度 {} 年，但报告中仅此一处，无法核对，请人工核对",
                y.evidence, y.value
            );
            let en = format!(
                "{}: OCR read the audited year {}, written only once, so it cannot be checked; check by hand",
                y.evidence, y.value
            );
            problems.push(Problem::new(
                y.evidence.file.clone(),
                y.evidence.location.to_string(),
                Severity::Warning,
                zh.clone(),
                en.clone(),
            ));
            out.push(Unverified {
                field: "year",
                value: Decimal::from(y.value),
                evidence: y.evidence,
                zh,
                en,
            });
        }
    }
    report.unverified.extend(out);
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

/// A count read for a category: the count, its page, its line and whether it was stated
/// (`（1条）`, `无`) rather than counted from the numbered entries under the heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CountRead {
    count: u32,
    page: u32,
    line: usize,
    stated: bool,
}

fn read_count(lines: &[(u32, &str)], spec: &CreditSpec) -> Option<CountRead> {
    let others: Vec<Regex> = ALL_CREDIT
        .iter()
        .filter(|s| !std::ptr::eq(**s, spec))
        .flat_map(|s| s.labels.iter().map(|l| label_regex(l)))
        .collect();
    for label in spec.labels {
        let re = label_regex(label);
        for (i, &(page, line)) in lines.iter().enumerate() {
            for m in re.find_iter(line) {
                if let Some(count) = count_after_label(&line[m.end()..]) {
                    return Some(CountRead {
                        count,
                        page,
                        line: i,
                        stated: true,
                    });
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
                        return Some(CountRead {
                            count: 0,
                            page,
                            line: i,
                            stated: true,
                        });
                    }
                    if let Some(cap) = ENTRY_NUMBER.captures(below)
                        && cap[1].parse::<u32>().ok() == Some(expected)
                    {
                        expected += 1;
                    }
                }
                if expected > 1 {
                    return Some(CountRead {
                        count: expected - 1,
                        page,
                        line: i,
                        stated: false,
                    });
                }
            }
        }
    }
    None
}

static CASE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(\[〔]\s*(?:19|20)[0-9]{2}\s*[)\]〕]\S{0,16}?[0-9]+\s*号").expect("case number")
});
static COUNT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\S{2,30}?\s*[(\[【]\s*[0-9]+\s*(?:条|项|个|次|家)\s*[)\]】]\s*$")
        .expect("count heading")
});
/// Lines read under a category heading for its entries at most.
const SECTION_LINES: usize = 200;

/// The entries listed under the category whose count sits on line `at`: numbered entries
/// (`1 …`, `2 …`) or lines carrying a case or decision number (`（2022）鲁0191执1538号`,
/// `济市监罚〔2022〕12号`), whichever is more, up to the next category, chapter or counted
/// heading. `（0条）` with `暂无数据` or nothing below lists none.
fn listed_entries(lines: &[(u32, &str)], at: usize, spec: &CreditSpec) -> u32 {
    let others: Vec<Regex> = ALL_CREDIT
        .iter()
        .filter(|s| !std::ptr::eq(**s, spec))
        .flat_map(|s| s.labels.iter().map(|l| label_regex(l)))
        .collect();
    let mut numbered = 0u32;
    let mut cases = 0u32;
    for &(_, below) in lines.iter().skip(at + 1).take(SECTION_LINES) {
        let heading_of_other = others.iter().any(|o| o.is_match(below))
            && HEADING_PREFIX.is_match(&below[..o_start(&others, below)]);
        if heading_of_other || NUMBERED_HEADING.is_match(below) || COUNT_HEADING.is_match(below) {
            break;
        }
        if let Some(cap) = ENTRY_NUMBER.captures(below)
            && cap[1].parse::<u32>().ok() == Some(numbered + 1)
        {
            numbered += 1;
        }
        if CASE_NUMBER.is_match(below) {
            cases += 1;
        }
    }
    numbered.max(cases)
}

/// Every count stated for `spec`'s category (`失信被执行人（1条）`, `：无`), with the entries
/// listed under each.
fn stated_counts(lines: &[(u32, &str)], spec: &CreditSpec) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for label in spec.labels {
        let re = label_regex(label);
        for (i, &(_, line)) in lines.iter().enumerate() {
            for m in re.find_iter(line) {
                if let Some(n) = count_after_label(&line[m.end()..]) {
                    out.push((n, listed_entries(lines, i, spec)));
                }
            }
        }
    }
    out
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
    // The reader's remarks are recorded once, by the caller, for every PDF.
    let mut problems = Vec::new();
    if let Some(p) = status_problem(file, &text.status, "信用报告", "credit report") {
        problems.push(p);
        return (report, problems);
    }
    let lines = lines(text);
    let mut unverified_counts = Vec::new();
    let mut read = |spec: &CreditSpec, field: &'static str| -> Option<Sourced<u32>> {
        match read_count(&lines, spec) {
            Some(c) if text.is_ocr_page(c.page) => {
                // OCR: the count stated must agree with the entries listed under it.
                let evidence = Evidence::ocr_page(file, c.page);
                // Every count the report states for the category (a summary table and the
                // section heading) must agree, and the entries listed under them must number
                // as many: a misread summary is not confirmed by a section listing none.
                let mut stated = stated_counts(&lines, spec);
                if stated.is_empty() {
                    stated.push((c.count, listed_entries(&lines, c.line, spec)));
                }
                let listed = stated.iter().map(|s| s.1).max().unwrap_or(0);
                let other = stated.iter().map(|s| s.0).find(|n| *n != c.count);
                if c.stated && other.is_none() && listed == c.count {
                    return Some(Sourced::new(c.count, evidence));
                }
                let (zh, en) = if let Some(other) = other.filter(|_| c.stated) {
                    (
                        format!(
                            "{evidence} 识别{}{} 条，但报告另一处记载为 {other} 条，不一致，请人工核对",
                            spec.zh, c.count
                        ),
                        format!(
                            "{evidence}: OCR read {} entries of {}, but the report states {other} elsewhere; check by hand",
                            c.count, spec.en
                        ),
                    )
                } else if c.stated {
                    (
                        format!(
                            "{evidence} 识别{}{} 条，但其下列出的记录为 {listed} 条，不一致，请人工核对",
                            spec.zh, c.count
                        ),
                        format!(
                            "{evidence}: OCR read {} entries of {}, but {listed} are listed under it; check by hand",
                            c.count, spec.en
                        ),
                    )
                } else {
                    (
                        format!(
                            "{evidence} 识别{}下列出 {} 条记录，但未读到栏目标明的条数，无法核对，请人工核对",
                            spec.zh, c.count
                        ),
                        format!(
                            "{evidence}: OCR found {} entries listed under {}, but no stated count to check them against; check by hand",
                            c.count, spec.en
                        ),
                    )
                };
                problems.push(Problem::new(
                    file,
                    evidence.location.to_string(),
                    Severity::Warning,
                    zh.clone(),
                    en.clone(),
                ));
                unverified_counts.push(Unverified {
                    field,
                    value: Decimal::from(c.count),
                    evidence,
                    zh,
                    en,
                });
                None
            }
            Some(c) => Some(Sourced::new(c.count, Evidence::page(file, c.page))),
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
    report.dishonest_executed = read(&DISHONEST_EXECUTED, "dishonest_executed");
    report.major_tax_violations = read(&MAJOR_TAX, "major_tax_violations");
    report.serious_dishonest = read(&SERIOUS_DISHONEST, "serious_dishonest");
    report.admin_penalties = read(&ADMIN_PENALTIES, "admin_penalties");
    report.unverified = unverified_counts;
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

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"房\s*屋\s*坐\s*落|坐\s*落\s*(?:地\s*址|位\s*置)?|房\s*屋\s*地\s*址|房\s*产\s*地\s*址|",
        r"租\s*赁\s*(?:房\s*屋\s*)?地\s*址|房\s*屋\s*所\s*在\s*地|地\s*址|位\s*于",
    ))
    .expect("address")
});
/// Characters read after an address keyword at most.
const ADDRESS_MAX_CHARS: usize = 120;
/// Where an address ends: the next field of a certificate or the rest of a lease's sentence.
static ADDRESS_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"的房屋|房屋|建筑面积|面积|用途|权利|共有|不动产|结构|总层数|层数|所在层|租金|期限|出租|",
        r"给乙方|产权|邮编|邮政|电话|联系|法定代表人|规划|土地|登记|甲方|乙方|地址|\s{2,}",
    ))
    .expect("address end")
});
static ADDRESS_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[市区县路街道号镇村楼厦园室]").expect("address-like"));
/// Words before `地址` that make it a party's address, not the premises'.
const PARTY_ADDRESS: [&str; 14] = [
    "甲方",
    "乙方",
    "出租方",
    "承租方",
    "出租人",
    "承租人",
    "通讯",
    "联系",
    "注册",
    "住所",
    "单位",
    "公司",
    "邮寄",
    "送达",
];

/// An address as proofs of one premises should agree on: white space and a leading 山东省 /
/// 中国 dropped, trailing 的 / 处 / punctuation dropped.
fn normalise_address(raw: &str) -> String {
    let mut a = compact(raw);
    for prefix in ["中国", "山东省"] {
        if let Some(rest) = a.strip_prefix(prefix) {
            a = rest.to_string();
        }
    }
    a.trim_end_matches(['的', '处', ':', '(', '-', '.'])
        .to_string()
}

/// The premises addresses in a page's text, with their byte offsets.
fn find_addresses(page: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for kw in ADDRESS.find_iter(page) {
        let keyword = compact(kw.as_str());
        if keyword == "地址" {
            let before: String = page[..kw.start()]
                .chars()
                .rev()
                .filter(|c| !c.is_whitespace())
                .take(6)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if PARTY_ADDRESS.iter().any(|p| before.contains(p)) {
                continue;
            }
        }
        let after = page[kw.end()..].trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '为' | '在' | '于')
        });
        let end = after
            .char_indices()
            .take(ADDRESS_MAX_CHARS)
            .find(|&(_, c)| matches!(c, '\t' | '。' | ';' | ','))
            .map_or_else(
                || {
                    after
                        .char_indices()
                        .nth(ADDRESS_MAX_CHARS)
                        .map_or(after.len(), |(i, _)| i)
                },
                |(i, _)| i,
            );
        let raw = &after[..end];
        let raw = &raw[..ADDRESS_END.find(raw).map_or(raw.len(), |m| m.start())];
        let address = normalise_address(raw);
        if address.chars().count() >= 4 && ADDRESS_LIKE.is_match(&address) {
            out.push((kw.start(), address));
        }
    }
    out
}

/// Reads the premises proofs in a PDF: one per address found, each with its area (m²;
/// 建筑面积 preferred, then 租赁面积, 使用面积, 面积). A file holding several proofs (a 房产证 and
/// a lease of another floor) gives several; an area belongs to the address written before it
/// (or, when none is, the first after it). Without any address, one proof.
pub fn read_premises(file: &str, text: &PdfText) -> (Vec<PremisesProof>, Vec<Problem>) {
    let proof = |area: Option<Sourced<Decimal>>, address: Option<String>| PremisesProof {
        file: file.to_string(),
        status: text.status.clone(),
        area,
        address,
        unverified: Vec::new(),
    };
    // The reader's remarks are recorded once, by the caller, for every PDF.
    let mut problems = Vec::new();
    if let Some(p) = status_problem(file, &text.status, "场所证明", "premises proof") {
        problems.push(p);
        return (vec![proof(None, None)], problems);
    }
    let rank = |label: &str| match compact(label).as_str() {
        "建筑面积" => 0,
        "租赁面积" => 1,
        "使用面积" => 2,
        "房屋面积" => 3,
        _ => 4,
    };
    // (page, offset, …) in document order.
    let mut addresses: Vec<(u32, usize, String)> = Vec::new();
    let mut areas: Vec<(u32, usize, usize, Decimal)> = Vec::new();
    for (i, page) in joined_pages(text).iter().enumerate() {
        let page_no = i as u32 + 1;
        for (offset, address) in find_addresses(page) {
            addresses.push((page_no, offset, address));
        }
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
            let start = cap.get(0).map_or(0, |m| m.start());
            areas.push((page_no, start, rank(&cap[2]), value));
        }
    }
    // Address of each area → its best (lowest-rank, then largest) area, in order of first use.
    let mut groups: Vec<AreaGroup> = Vec::new();
    for &(page, offset, rank, value) in &areas {
        let address = addresses
            .iter()
            .rev()
            .find(|(p, o, _)| (*p, *o) <= (page, offset))
            .or_else(|| addresses.first())
            .map(|(_, _, a)| a.clone());
        // One premises written more or less fully (`经十路1234号` and `经十路1234号5层`) is one
        // group: counting it twice would support an area the applicant does not have.
        let same = |g: &AreaGroup| match (&g.address, &address) {
            (Some(a), Some(b)) => a.contains(b.as_str()) || b.contains(a.as_str()),
            (a, b) => a == b,
        };
        if let Some(g) = groups.iter_mut().find(|g| same(g))
            && let (Some(old), Some(new)) = (&g.address, &address)
            && new.len() > old.len()
        {
            g.address = address.clone();
        }
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) if rank < g.rank => {
                (g.rank, g.value, g.page) = (rank, value, page);
                g.same_rank = vec![value];
            }
            Some(g) if rank == g.rank => {
                if !g.same_rank.contains(&value) {
                    g.same_rank.push(value);
                }
                if value > g.value {
                    (g.value, g.page) = (value, page);
                }
            }
            Some(_) => {}
            None => groups.push(AreaGroup {
                address,
                rank,
                value,
                page,
                same_rank: vec![value],
            }),
        }
    }
    if groups.is_empty() {
        problems.push(missing(
            file,
            "建筑面积（平方米）",
            "the premises area (m²)",
            "场所证明",
            "premises proof",
        ));
        return (
            vec![proof(None, addresses.first().map(|a| a.2.clone()))],
            problems,
        );
    }
    let mut proofs = Vec::new();
    for AreaGroup {
        address,
        value,
        page,
        same_rank: distinct,
        ..
    } in groups
    {
        if distinct.len() > 1 {
            let list = distinct
                .iter()
                .map(|v| v.normalize().to_string())
                .collect::<Vec<_>>()
                .join("、");
            let place = address.as_deref().unwrap_or("未写明地址");
            problems.push(Problem::new(
                file,
                page_location(page),
                Severity::Warning,
                format!(
                    "同一地址（{place}）有多个面积 {list} 平方米，无法判断是否为不同场所，取最大的 {} 平方米，需人工核实",
                    value.normalize()
                ),
                format!(
                    "several areas ({list} m²) for one address ({place}): took the largest, {} m²; check by hand",
                    value.normalize()
                ),
            ));
        }
        let evidence = page_evidence(file, text, page);
        if evidence.is_ocr() {
            // Verified against the form's area once the form is read (`extract::verify_premises`).
            let mut p = proof(None, address);
            p.unverified.push(Unverified {
                field: "area",
                value: value.normalize(),
                zh: format!(
                    "{evidence} 识别面积 {} 平方米，未能与推荐表核对",
                    value.normalize()
                ),
                en: format!(
                    "{evidence}: OCR read an area of {} m², not checked against the form",
                    value.normalize()
                ),
                evidence,
            });
            proofs.push(p);
        } else {
            proofs.push(proof(
                Some(Sourced::new(value.normalize(), evidence)),
                address,
            ));
        }
    }
    (proofs, problems)
}

// ---------------------------------------------------------------------------------------------
// Licence (营业执照, 法人证书, 登记证书)

/// The unified social credit code of a licence (SPEC §8.3): the 18 characters after one of
/// `labels` (the rules file's form labels of `credit_code`, 统一社会信用代码), text layer or OCR,
/// taken only when its check character is valid. `Err` gives why none was taken (zh, en).
pub fn read_licence_code(
    file: &str,
    text: &PdfText,
    labels: &[String],
) -> Result<Sourced<String>, (String, String)> {
    use crate::values::credit_code::CreditCode;
    if !text.status.is_readable() {
        let (zh, en) = text.status.reason();
        return Err((
            format!("营业执照{zh}，未读取统一社会信用代码"),
            format!("the licence {en}: no credit code read"),
        ));
    }
    let mut invalid: Vec<String> = Vec::new();
    for (i, page) in text.pages.iter().enumerate() {
        let page_no = i as u32 + 1;
        let c = compact(page);
        // On an OCR'd page the label's last characters are often misread under a seal
        // (统一社会信用俄码): there the label without its last two characters is also taken,
        // skipping up to three characters before the code. The check character still decides.
        let mut patterns: Vec<(String, usize)> = labels
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| (l.clone(), 0))
            .collect();
        if text.is_ocr_page(page_no) {
            for label in labels {
                let chars: Vec<char> = label.chars().collect();
                if chars.len() >= 6 {
                    patterns.push((chars[..chars.len() - 2].iter().collect(), 3));
                }
            }
        }
        for (label, skip) in &patterns {
            for (at, _) in c.match_indices(label.as_str()) {
                let mut rest = &c[at + label.len()..];
                for _ in 0..*skip {
                    match rest.chars().next() {
                        Some(ch) if !ch.is_ascii_alphanumeric() => rest = &rest[ch.len_utf8()..],
                        _ => break,
                    }
                }
                let rest = rest.trim_start_matches([':', '：', '　']);
                let candidate: String = rest
                    .chars()
                    .take_while(|ch| ch.is_ascii_alphanumeric())
                    .collect();
                if candidate.is_empty() {
                    continue;
                }
                let evidence = page_evidence(file, text, page_no);
                match CreditCode::parse(&candidate) {
                    Ok(code) if code.checksum_ok => {
                        return Ok(Sourced::new(code.code, evidence));
                    }
                    Ok(code) => invalid.push(format!("{}（{evidence}，校验位不符）", code.code)),
                    Err(e) => invalid.push(format!("{candidate}（{evidence}，{e}）")),
                }
            }
        }
    }
    if invalid.is_empty() {
        Err((
            "未在营业执照中找到统一社会信用代码".into(),
            "no unified social credit code (统一社会信用代码) found in the licence".into(),
        ))
    } else {
        Err((
            format!(
                "营业执照中识别到的统一社会信用代码无效：{}，未采用",
                invalid.join("、")
            ),
            format!(
                "the credit code read from the licence is not valid (wrong length, character or check character): {}; not used",
                invalid.join(", ")
            ),
        ))
    }
}

/// The areas read for one address: the best one (lowest rank, then largest) and every
/// distinct value of that rank.
struct AreaGroup {
    address: Option<String>,
    rank: usize,
    value: Decimal,
    page: u32,
    same_rank: Vec<Decimal>,
}

#[cfg(test)]
#[path = "pdf_ocr_tests.rs"]
mod ocr_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(lines: &[AuditLine], spec: &FigureSpec) -> Option<Decimal> {
        find_figure(lines, spec).0.map(|f| f.value)
    }

    fn areas(proofs: &[PremisesProof]) -> Vec<Decimal> {
        proofs
            .iter()
            .filter_map(|p| p.area.as_ref().map(|a| a.value))
            .collect()
    }

    fn doc(pages: &[&str]) -> PdfText {
        PdfText {
            status: DocStatus::Readable,
            pages: pages.iter().map(|p| p.to_string()).collect(),
            remarks: vec![],
            ..PdfText::default()
        }
    }

    #[test]
    fn header_columns_choose_the_year_end_and_the_year() {
        let new = header_columns("项目\t附注\t期末余额\t上年年末余额").unwrap();
        assert_eq!(columns_for(&new, Column::YearEnd), Some(Columns::new(2, 0)));
        let old = header_columns("资产\t行次 年初数 期末数 负债及所有者权益\t行次 年初数 期末数")
            .unwrap();
        assert_eq!(columns_for(&old, Column::YearEnd), Some(Columns::new(2, 1)));
        let listed = header_columns("项目\t本年末\t上年末\t本年末比上年末增减").unwrap();
        assert_eq!(
            columns_for(&listed, Column::YearEnd),
            Some(Columns::new(2, 0))
        );
        let actual = header_columns("项目\t上年实际\t本年实际").unwrap();
        assert_eq!(
            columns_for(&actual, Column::ThisYear),
            Some(Columns::new(2, 1))
        );
        let monthly = header_columns("项目\t行次\t本月数\t本年累计数").unwrap();
        assert_eq!(
            columns_for(&monthly, Column::ThisYear),
            Some(Columns::new(2, 1))
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
            figure(&lines, &TOTAL_ASSETS),
            Some(Decimal::new(10_500_000, 0))
        );
        assert_eq!(
            figure(&lines, &TOTAL_LIABILITIES),
            Some(Decimal::new(1_200_000, 0))
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

    fn audit(pages: &[&str]) -> (AuditReport, Vec<Problem>) {
        read_audit("a.pdf", &doc(pages))
    }

    fn value(v: &Option<Sourced<Decimal>>) -> Option<Decimal> {
        v.as_ref().map(|s| s.value)
    }

    const NARRATIVE: &str = "报告期内,公司持续推进中小企业公共服务体系建设,服务能力进一步提升,取得良好成效。\n\
        公司坚持以客户为中心,优化服务流程,加强人才队伍建设,提高服务质量和效率,成绩显著。\n\
        未来公司将继续加大研发投入,拓展服务领域,提升核心竞争力,为股东创造更大价值回报。\n";

    #[test]
    fn an_early_header_is_not_carried_into_the_balance_sheet() {
        let early = format!(
            "主要会计数据\n项目\t期初余额\t期末余额\n总资产\t1,402,000.00\t1,623,456.78\n{NARRATIVE}"
        );
        // The balance sheet's own header: its first column.
        let (r, _) = audit(&[
            &early,
            "资产负债表\n项目\t附注\t期末余额\t上年年末余额\n资产总计\t1,623,456.78\t1,402,000.00\n",
        ]);
        assert_eq!(value(&r.total_assets), Some(Decimal::new(162345678, 2)));
        // A header it does not recognise: no figure and a warning naming the page, not the
        // early table's second column.
        let (r, problems) = audit(&[
            &early,
            "资产负债表\n项目\t附注\t本报告期末\t上年度末\n资产总计\t1,623,456.78\t1,402,000.00\n",
        ]);
        assert_eq!(r.total_assets, None);
        let warning = problems
            .iter()
            .find(|p| p.zh.starts_with("资产总计一行有多个金额"))
            .expect("warning");
        assert_eq!(
            (warning.severity, warning.location.as_str()),
            (Severity::Warning, "p.2")
        );
        // Running text alone ends a table: three sentences after it, rows are headerless.
        let (r, _) = audit(&[&format!(
            "项目\t期初余额\t期末余额\n{NARRATIVE}资产总计\t1,623,456.78\t1,402,000.00\n"
        )]);
        assert_eq!(r.total_assets, None);
        // One amount and no header: taken.
        let (r, _) = audit(&["资产负债表\n资产总计\t1,623,456.78\n"]);
        assert_eq!(value(&r.total_assets), Some(Decimal::new(162345678, 2)));
    }

    #[test]
    fn date_headers_choose_the_latest_date() {
        let h = header("项目\t附注\t2021年12月31日\t2022年12月31日").unwrap();
        assert_eq!(h.balance, Some(Columns::new(2, 1)));
        let h = header("项目 2022 年 12 月 31 日 2022 年 1 月 1 日").unwrap();
        assert_eq!(h.balance, Some(Columns::new(2, 0)));
        let h = header("项目\t2022年度\t2021年度").unwrap();
        assert_eq!(h.income, Some(Columns::new(2, 0)));
        assert_eq!(header("2022年1月1日至2022年12月31日"), None);
        assert_eq!(header("资产负债表\t2022年12月31日\t单位:元"), None);
        assert_eq!(
            header("截至2022年12月31日和2021年12月31日,公司资产总额分别为"),
            None
        );
    }

    #[test]
    fn units_in_thousands_and_hundred_millions() {
        for (line, factor) in [
            ("单位:千元", 1_000),
            ("金额单位:人民币千元", 1_000),
            ("(除特别注明外,金额单位为人民币千元)", 1_000),
            ("人民币千元", 1_000),
            ("单位:元 币种:人民币", 1),
            ("单位:人民币万元", 10_000),
            ("单位:百万元", 1_000_000),
            ("单位:亿元", 100_000_000),
        ] {
            assert_eq!(
                unit_factor(&compact(line)),
                Some(Decimal::from(factor)),
                "{line}"
            );
        }
        assert_eq!(unit_factor("营业收入人民币1,600千元"), None);
        let (r, _) = audit(&[
            "资产负债表\n单位:人民币千元\n项目\t期末余额\t上年年末余额\n资产总计\t1,600\t1,500\n",
        ]);
        assert_eq!(value(&r.total_assets), Some(Decimal::from(1_600_000)));
    }

    #[test]
    fn narrative_figures_in_yi_yuan_cross_check_and_fill_only_when_exact() {
        let table = "资产负债表\n单位:元\n项目\t期末余额\t上年年末余额\n资产总计\t1,623,456.78\t1,502,000.00\n";
        let (_, problems) = audit(&["报告期末,公司资产总额为0.19亿元。", table]);
        assert!(
            problems
                .iter()
                .any(|p| p.severity == Severity::Warning && p.zh.contains("0.19亿元")),
            "{problems:?}"
        );
        let (_, problems) = audit(&["报告期末,公司资产总额为0.0162亿元。", table]);
        assert!(
            !problems.iter().any(|p| p.zh.contains("不一致")),
            "{problems:?}"
        );
        // Rounded and no table: not used. Exact to the yuan: used.
        let (r, _) = audit(&["审计报告\n报告期末,公司资产总额为1.62亿元。"]);
        assert_eq!(r.total_assets, None);
        let (r, _) = audit(&["审计报告\n报告期末,公司资产总额为1,623,456.78元。"]);
        assert_eq!(value(&r.total_assets), Some(Decimal::new(162345678, 2)));
    }

    #[test]
    fn matter_paragraphs_by_heading_or_wording_not_by_boilerplate() {
        let report = |body: &str| {
            let text = doc(&[&format!(
                "审计报告\n一、审计意见\n我们审计了贵公司财务报表。我们认为,财务报表公允反映了贵公司的财务状况。\n{body}"
            )]);
            find_matter_paragraph(&text).map(|(q, _)| q)
        };
        assert_eq!(
            report(
                "四、强调事项段:我们提醒财务报表使用者关注,附注三所述的诉讼事项。本段内容不影响已发表的审计意见。"
            ),
            Some("强调事项：我们提醒财务报表使用者关注,附注三所述的诉讼事项。".to_string())
        );
        assert_eq!(
            report(
                "三、与持续经营相关的重大不确定性\n我们提醒财务报表使用者关注,贵公司连续三年亏损。\n该事项不影响已发表的审计意见。"
            ),
            Some(
                "与持续经营相关的重大不确定性：我们提醒财务报表使用者关注,贵公司连续三年亏损。"
                    .to_string()
            )
        );
        // Old reports: no heading, the paragraph's own wording.
        assert_eq!(
            report("此外,我们提醒财务报表使用者关注,如附注五所述,贵公司存在大额关联交易。"),
            Some(
                "强调事项：此外,我们提醒财务报表使用者关注,如附注五所述,贵公司存在大额关联交易。"
                    .to_string()
            )
        );
        // Boilerplate and headings that only look alike.
        assert_eq!(
            report(
                "三、关键审计事项\n关键审计事项是我们根据职业判断认为对本期财务报表审计最为重要的事项。\n\
                如果我们得出结论认为存在重大不确定性,审计准则要求我们在审计报告中提请报表使用者注意。\n\
                我们确定不应在审计报告中沟通该事项。\n四、其他信息\n管理层对其他信息负责。"
            ),
            None
        );
        let notes = doc(&[
            "审计报告\n一、审计意见\n我们审计了贵公司财务报表。",
            "财务报表附注\n十三、其他事项\n无。",
        ]);
        assert_eq!(find_matter_paragraph(&notes), None);
        let (r, _) = audit(&[
            "审计报告\n审计意见类型:带强调事项段的无保留意见。\n我们认为,财务报表公允反映。",
        ]);
        assert_eq!(
            r.opinion.map(|o| o.value),
            Some(Opinion::UnqualifiedWithMatter)
        );
    }

    #[test]
    fn a_label_wrapped_over_two_lines_is_one_row() {
        let sheet = |rows: &str| {
            let (r, _) = audit(&[&format!("资产负债表\n项目\t期末余额\t上年年末余额\n{rows}")]);
            value(&r.net_assets)
        };
        let want = Some(Decimal::from(1_100_000));
        // Amounts on the first line, on the second, or between the two halves.
        assert_eq!(
            sheet("所有者权益(或股东\t1,100,000.00\t1,022,000.00\n权益)合计\n"),
            want
        );
        assert_eq!(
            sheet("所有者权益(或股东\n权益)合计\t1,100,000.00\t1,022,000.00\n"),
            want
        );
        assert_eq!(
            sheet("所有者权益(或股东\n1,100,000.00\t1,022,000.00\n权益)合计\n"),
            want
        );
    }

    #[test]
    fn sub_columns_give_the_years_total() {
        let columns = Some(Columns {
            sub: Some((3, 2)),
            line_numbers: true,
            ..Columns::new(2, 0)
        });
        let tokens = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            pick_amount(
                tokens("11 500.00 100.00 600.00 450.00 100.00 550.00"),
                columns
            ),
            Pick::Amount("600.00".into())
        );
        // A blank 限定性 cell: the 合计 is the first cell equal to the sum before it.
        assert_eq!(
            pick_amount(tokens("45 -50.00 -50.00 -70.00 -70.00"), columns),
            Pick::Amount("-50.00".into())
        );
        assert_eq!(
            pick_amount(tokens("45 10.00 25.00 30.00 40.00"), columns),
            Pick::Unsure
        );
        assert_eq!(
            sub_header("非限定性 限定性 合计 非限定性 限定性 合计"),
            Some((3, 2))
        );
        assert_eq!(sub_header("项目 行次 本年数 上年数"), None);
    }

    #[test]
    fn one_premises_written_twice_in_a_lease_is_one_proof() {
        let (proofs, problems) = read_premises(
            "租赁合同.pdf",
            &doc(&[
                "甲方将位于济南市历下区经十路1234号的房屋出租给乙方,建筑面积320平方米。\n\
                房屋地址:济南市历下区经十路1234号5层501室,租赁面积320平方米。",
            ]),
        );
        assert_eq!(areas(&proofs), vec![Decimal::from(320)]);
        assert_eq!(
            proofs[0].address.as_deref(),
            Some("济南市历下区经十路1234号5层501室")
        );
        assert!(problems.is_empty(), "{problems:?}");
        // Two areas for one address (rooms? the same room twice?): the largest, and a warning.
        let (proofs, problems) = read_premises(
            "租赁合同.pdf",
            &doc(&["房屋坐落:济南市历下区经十路1234号\n建筑面积 90 平方米\n建筑面积 120 平方米"]),
        );
        assert_eq!(areas(&proofs), vec![Decimal::from(120)]);
        assert!(
            problems
                .iter()
                .any(|p| p.severity == Severity::Warning && p.zh.contains("90、120"))
        );
    }

    #[test]
    fn a_continued_statement_keeps_its_header() {
        let (r, _) = audit(&[
            "资产负债表\n项目\t附注\t期末余额\t上年年末余额\n资产总计\t1,623,456.78\t1,502,000.00\n",
            "资产负债表(续)\n负债合计\t523,456.78\t480,000.00\n利润表\n一、营业收入\t100.00\t90.00\n",
        ]);
        assert_eq!(value(&r.total_liabilities), Some(Decimal::new(52345678, 2)));
        // A new statement starts without a header: its two-column rows are not guessed.
        assert_eq!(r.revenue, None);
    }

    #[test]
    fn a_certificate_and_a_lease_of_one_premises_give_one_address() {
        let (cert, _) = read_premises(
            "房产证.pdf",
            &doc(&[
                "不动产权证书\n坐落:山东省济南市历下区经十路 1234 号 5 层\n建筑面积:100.00 平方米",
            ]),
        );
        let (lease, _) = read_premises(
            "租赁合同.pdf",
            &doc(
                &["房屋租赁合同\n出租方(甲方)地址:济南市市中区英雄山路88号\n\
                甲方将位于济南市历下区经十路1234号5层的房屋出租给乙方,建筑面积100平方米。"],
            ),
        );
        assert_eq!(cert.len(), 1);
        assert_eq!(lease.len(), 1);
        assert_eq!(
            cert[0].address.as_deref(),
            Some("济南市历下区经十路1234号5层")
        );
        assert_eq!(cert[0].address, lease[0].address);
        assert_eq!(areas(&lease), vec![Decimal::from(100)]);
    }

    #[test]
    fn premises_area_prefers_building_area_and_skips_inner_area() {
        let (proofs, _) = read_premises(
            "租赁合同.pdf",
            &doc(&["套内建筑面积 280 平方米，房屋建筑\n面积:320.5m2，使用面积 300平方米"]),
        );
        assert_eq!(areas(&proofs), vec![Decimal::new(3205, 1)]);
        let (proofs, _) = read_premises("x.pdf", &doc(&["面积 320 m2"]));
        assert_eq!(areas(&proofs), vec![Decimal::new(320, 0)]);
    }
}
