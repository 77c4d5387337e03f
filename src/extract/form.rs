//! The application form (SPEC §2.3): a label–value layout.
//!
//! Input: a `Sheet` and the rules' form labels. Output: the `Form` fields found, each with the
//! cell its value came from, and problems for values that could not be read. A label's value
//! is in the next non-empty cell to its right (past its merged range), or failing that in the
//! cell directly below; `标签：值` in one cell works too. Labels may carry colons, units and
//! notes in brackets (`服务场所面积（平方米）：`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ingest::{Cell, Sheet};
use crate::model::{
    Evidence, Form, Function, Location, OrgType, PlatformKind, Problem, Severity, Sourced,
};
use crate::rules::{FORM_FIELDS, Rules};
use crate::values::{self, MoneyUnit};

use super::cells::{self, get, merge_at, norm_text, raw_text, unit_hint, width};
use super::table::header_base;

/// How many characters a label cell may add to an alias (`是否建有` + `在线信息发布系统`).
const LABEL_SLACK: usize = 6;

/// A label found in the sheet.
#[derive(Debug, Clone)]
struct Label {
    field: &'static str,
    row: u32,
    col: u32,
    /// The label cell's text as written (units and notes included).
    text: String,
    /// A value written in the same cell after a colon.
    inline: Option<String>,
    score: usize,
}

fn match_label(text: &str, rules: &Rules) -> Option<(&'static str, usize)> {
    let base = header_base(text);
    if base.is_empty() || base.chars().count() > 24 {
        return None;
    }
    let mut best: Option<(&'static str, usize)> = None;
    for field in FORM_FIELDS {
        for a in rules.form_aliases(field) {
            let len = a.chars().count();
            let score = if base == *a {
                1000 + len
            } else if base.contains(a.as_str()) && base.chars().count() <= len + LABEL_SLACK {
                100 + len
            } else {
                0
            };
            if score > 0 && best.is_none_or(|(_, s)| score > s) {
                best = Some((field, score));
            }
        }
    }
    best
}

fn find_labels(sheet: &Sheet, rules: &Rules) -> Vec<Label> {
    let mut labels = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !matches!(cell, Cell::Text(_)) {
                continue;
            }
            let text = norm_text(cell);
            if text.is_empty() {
                continue;
            }
            if let Some((field, score)) = match_label(&text, rules) {
                labels.push(Label {
                    field,
                    row: r as u32,
                    col: c as u32,
                    text: raw_text(cell),
                    inline: None,
                    score,
                });
                continue;
            }
            // `标签：值` in one cell.
            if let Some((left, right)) = text.split_once([':', '：'])
                && let Some((field, score)) = match_label(left, rules)
                && !right.is_empty()
                && score >= 1000
            {
                let right = raw_text(cell)
                    .split_once([':', '：'])
                    .map(|(_, v)| v.trim().to_string());
                labels.push(Label {
                    field,
                    row: r as u32,
                    col: c as u32,
                    text: left.to_string(),
                    inline: right,
                    score,
                });
            }
        }
    }
    labels
}

/// Number of distinct form fields labelled in the sheet (for role detection).
pub fn form_score(sheet: &Sheet, rules: &Rules) -> usize {
    let labels = find_labels(sheet, rules);
    // Labels lined up in one row are a table header (a district's 汇总表 lists 单位名称,
    // 统一社会信用代码 … as columns), not a form.
    let mut rows: Vec<u32> = labels.iter().map(|l| l.row).collect();
    rows.sort();
    let most_in_one_row = rows
        .chunk_by(|a, b| a == b)
        .map(<[u32]>::len)
        .max()
        .unwrap_or(0);
    if labels.len() >= 4 && most_in_one_row * 2 > labels.len() {
        return 0;
    }
    let mut fields: Vec<&str> = labels.iter().map(|l| l.field).collect();
    fields.sort();
    fields.dedup();
    fields.len()
}

fn is_label_at(labels: &[Label], row: u32, col: u32) -> bool {
    labels.iter().any(|l| l.row == row && l.col == col)
}

/// The value cell of a label: right first (past the label's merge), then below.
fn value_cell(sheet: &Sheet, labels: &[Label], label: &Label) -> Option<(u32, u32)> {
    let merge = merge_at(sheet, label.row, label.col);
    let right_start = merge.map_or(label.col + 1, |m| m.last_col + 1);
    for col in right_start..width(sheet) {
        let cell = get(sheet, label.row, col);
        if *cell == Cell::Empty {
            continue;
        }
        if is_label_at(labels, label.row, col) {
            break;
        }
        return Some((label.row, col));
    }
    let below = merge.map_or(label.row + 1, |m| m.last_row + 1);
    let cell = get(sheet, below, label.col);
    if *cell != Cell::Empty && !is_label_at(labels, below, label.col) {
        return Some((below, label.col));
    }
    None
}

/// All non-label cells right of a label, joined (function lists ticked in several cells).
fn row_rest(sheet: &Sheet, labels: &[Label], label: &Label, from: u32) -> String {
    let mut parts = Vec::new();
    for col in from..width(sheet) {
        if is_label_at(labels, label.row, col) {
            break;
        }
        let t = raw_text(get(sheet, label.row, col));
        if !t.is_empty() {
            parts.push(t);
        }
    }
    parts.join(" ")
}

/// Reads every labelled field of a sheet into `form` (first value found wins). Returns the
/// number of fields filled.
pub fn read_form(
    file: &str,
    sheet: &Sheet,
    rules: &Rules,
    form: &mut Form,
    problems: &mut Vec<Problem>,
) -> usize {
    let mut labels = find_labels(sheet, rules);
    // A stronger (exact) label for the same field comes first.
    labels.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then((a.row, a.col).cmp(&(b.row, b.col)))
    });
    let mut filled = 0;
    for label in &labels {
        let (cell_ref, text, cell): (Evidence, String, Cell) = if let Some(v) = &label.inline {
            (
                Evidence::cell(file, &sheet.name, label.row, label.col),
                v.clone(),
                Cell::Text(v.clone()),
            )
        } else if let Some((r, c)) = value_cell(sheet, &labels, label) {
            let cell = get(sheet, r, c).clone();
            let text = if label.field == "functions" && r == label.row {
                row_rest(sheet, &labels, label, c)
            } else {
                raw_text(&cell)
            };
            (Evidence::cell(file, &sheet.name, r, c), text, cell)
        } else {
            continue;
        };
        if is_placeholder(&text) {
            continue;
        }
        if label.field == "declared_assets"
            && declared_unit(&cell, &label.text, rules) == DeclaredUnit::Unknown
            && (cells::decimal(&cell).is_some() || values::parse_decimal(&text).is_some())
        {
            problems.push(Problem::new(
                file,
                cell_ref.location.to_string(),
                Severity::Warning,
                format!(
                    "推荐表“{}”的值“{}”未注明单位（元或万元），未与审计报告核对",
                    header_base(&label.text),
                    text.trim()
                ),
                format!(
                    "form field '{}': value '{}' names no unit (yuan or 10,000 yuan); not compared with the audit report",
                    label.field,
                    text.trim()
                ),
            ));
            continue;
        }
        match set_field(form, label, &cell, &text, cell_ref.clone(), rules) {
            Ok(true) => filled += 1,
            Ok(false) => {}
            Err(()) => problems.push(Problem::new(
                file,
                cell_ref.location.to_string(),
                Severity::Warning,
                format!(
                    "推荐表“{}”的值“{}”无法识别",
                    header_base(&label.text),
                    text.trim()
                ),
                format!(
                    "form field '{}': value '{}' not understood",
                    label.field,
                    text.trim()
                ),
            )),
        }
    }
    filled
}

/// Blank-like answers (`/`, `—`, `不适用`) leave a field unanswered rather than wrong.
fn is_placeholder(text: &str) -> bool {
    let t = values::normalise(text);
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '/' | '-' | '—' | '–' | '_' | '、' | '.' | '\\'))
        || ["不适用", "无此项", "暂无数据", "N/A", "n/a", "NA"].contains(&t.as_str())
}

fn set<T>(slot: &mut Option<Sourced<T>>, value: Option<T>, evidence: Evidence) -> Result<bool, ()> {
    match value {
        None => Err(()),
        Some(_) if slot.is_some() => Ok(false),
        Some(v) => {
            *slot = Some(Sourced::new(v, evidence));
            Ok(true)
        }
    }
}

fn text_value(text: &str) -> Option<String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn area(cell: &Cell, text: &str) -> Option<Decimal> {
    match cell {
        Cell::Number(_) => cells::decimal(cell),
        _ => {
            let t = values::normalise(text);
            let t = t
                .replace("平方米", "")
                .replace("m2", "")
                .replace("m²", "")
                .replace("M2", "")
                .replace("平米", "");
            values::parse_decimal(&t)
        }
    }
}

/// A founding date given to the month only (`2019年4月`, `2019.04`): the month's last day,
/// so the two-year test never passes on a day the platform may not have reached.
fn month_end(text: &str) -> Option<NaiveDate> {
    let (y, m) = values::parse_year_month(text)?;
    let first_of_next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    }?;
    first_of_next.pred_opt()
}

/// Where a declared money figure's unit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeclaredUnit {
    /// The label (`资产总额（万元）`) or the rules file's `form_units.money`.
    Given(MoneyUnit),
    /// The cell itself (`152万元`, `1,500,000元`).
    InCell,
    /// Nothing says: the unit would be a guess.
    Unknown,
}

fn declared_unit(cell: &Cell, label: &str, rules: &Rules) -> DeclaredUnit {
    if let Some(unit) = unit_hint(&values::normalise(label)) {
        return DeclaredUnit::Given(unit);
    }
    if let Cell::Text(t) = cell {
        let as_yuan = values::parse_money(t, MoneyUnit::Yuan);
        if as_yuan.is_some() && as_yuan == values::parse_money(t, MoneyUnit::TenThousand) {
            return DeclaredUnit::InCell;
        }
    }
    rules
        .form_money_unit()
        .map_or(DeclaredUnit::Unknown, DeclaredUnit::Given)
}

/// Declared money in yuan: the unit in the label wins, then the cell's, then the rules file's
/// default. `None` when no unit is known: 150 may be 150 万元 or 150 yuan, and a guess could
/// raise a false-declaration review (or a false 不符合), so the figure is not used.
fn declared_money(cell: &Cell, text: &str, label: &str, rules: &Rules) -> Option<Decimal> {
    match declared_unit(cell, label, rules) {
        DeclaredUnit::Given(unit) => match cell {
            Cell::Text(_) => values::parse_money(text, unit),
            _ => cells::money(cell, unit),
        },
        DeclaredUnit::InCell => values::parse_money(text, MoneyUnit::Yuan),
        DeclaredUnit::Unknown => None,
    }
}

fn yes_no(cell: &Cell, text: &str) -> Option<bool> {
    cells::yes_no(cell).or_else(|| {
        let t = values::normalise(text).to_lowercase();
        // 建设中/筹建/计划: not there yet, whatever address or 已建 the text also gives; a
        // tick layout has been read already (nothing or both ticked stays unknown).
        if values::says_not_yet(&t) || values::ticked_choices(&t).is_some() {
            return None;
        }
        (t.contains("http") || t.contains("www") || t.contains("网址") || t.contains("已建"))
            .then_some(true)
    })
}

fn set_field(
    form: &mut Form,
    label: &Label,
    cell: &Cell,
    text: &str,
    ev: Evidence,
    rules: &Rules,
) -> Result<bool, ()> {
    let count = || cells::count(cell).or_else(|| values::parse_count(text));
    match label.field {
        "name" => set(&mut form.name, text_value(text), ev),
        "platform_name" => set(&mut form.platform_name, text_value(text), ev),
        "credit_code" => set(
            &mut form.credit_code,
            Some(values::normalise(text).to_uppercase()),
            ev,
        ),
        "org_type" => set::<OrgType>(
            &mut form.org_type,
            values::org_type::parse_org_type(text),
            ev,
        ),
        "established" => set::<NaiveDate>(
            &mut form.established,
            cells::date(cell).or_else(|| month_end(text)),
            ev,
        ),
        "address" => set(&mut form.address, text_value(text), ev),
        "district" => set(&mut form.district, text_value(text), ev),
        "recommender" => set(&mut form.recommender, text_value(text), ev),
        "platform_kind" => set::<PlatformKind>(
            &mut form.platform_kind,
            values::platform::parse_platform_kind(text),
            ev,
        ),
        "online_registered" => set(&mut form.online_registered, count(), ev),
        "premises_area" => set(&mut form.premises_area, area(cell, text), ev),
        "partners" => set(&mut form.partners, count(), ev),
        "functions" => {
            let f: Vec<Function> = values::functions::parse_functions(text);
            set(&mut form.functions, (!f.is_empty()).then_some(f), ev)
        }
        "has_info_system" => set(&mut form.has_info_system, yes_no(cell, text), ev),
        "has_expert_pool" => set(&mut form.has_expert_pool, yes_no(cell, text), ev),
        "has_project_pool" => set(&mut form.has_project_pool, yes_no(cell, text), ev),
        "has_startup_guide" => set(&mut form.has_startup_guide, yes_no(cell, text), ev),
        "has_hotline" => set(&mut form.has_hotline, yes_no(cell, text), ev),
        "has_legal_guide" => set(&mut form.has_legal_guide, yes_no(cell, text), ev),
        "has_training_eval" => set(&mut form.has_training_eval, yes_no(cell, text), ev),
        "new_guarantees" => {
            let unit = unit_hint(&values::normalise(&label.text)).unwrap_or(MoneyUnit::TenThousand);
            set(&mut form.new_guarantees, cells::money(cell, unit), ev)
        }
        "declared_assets" => set(
            &mut form.declared_assets,
            declared_money(cell, text, &label.text, rules),
            ev,
        ),
        "declared_served" => set(&mut form.declared_served, count(), ev),
        "declared_satisfaction" => {
            let ratio = match cell {
                Cell::Number(f) if *f <= 1.0 => cells::decimal(cell),
                _ => values::parse_ratio(text),
            };
            set(&mut form.declared_satisfaction, ratio, ev)
        }
        "declared_staff" => set(&mut form.declared_staff, count(), ev),
        _ => Ok(false),
    }
}

/// The location of the form for evidence (`file!sheet`).
pub fn form_source(file: &str, sheet: &Sheet) -> Evidence {
    Evidence {
        file: file.to_string(),
        location: Location::Sheet(sheet.name.clone()),
    }
}

/// A PDF page's text laid out as a sheet for the form reader: one row per line, cells split at
/// tabs and wide gaps, and a `标签 值` piece split after its label. Lets a form exported to
/// PDF (推荐表.pdf) be read when no spreadsheet form was submitted.
pub fn sheet_from_page(name: &str, text: &str, rules: &Rules) -> Sheet {
    let is_label =
        |t: &str| match_label(&values::normalise(t), rules).is_some_and(|(_, s)| s >= 1000);
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut cells = Vec::new();
        for piece in line.split('\t').flat_map(|p| p.split("  ")) {
            // Within a piece, words that are labels stand alone; the words between two labels
            // are one value (`2019 年 4 月 8 日` stays whole).
            let mut value: Vec<&str> = Vec::new();
            for word in piece.split(' ').filter(|w| !w.is_empty()) {
                if is_label(word) {
                    if !value.is_empty() {
                        cells.push(Cell::Text(value.join(" ")));
                        value.clear();
                    }
                    cells.push(Cell::Text(word.to_string()));
                } else {
                    value.push(word);
                }
            }
            if !value.is_empty() {
                cells.push(Cell::Text(value.join(" ")));
            }
        }
        rows.push(cells);
    }
    Sheet {
        name: name.to_string(),
        rows,
        ..Sheet::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_only_founding_dates_take_the_months_last_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(month_end("2019年4月"), d(2019, 4, 30));
        assert_eq!(month_end("2020.02"), d(2020, 2, 29));
        assert_eq!(month_end("２０２１年１２月"), d(2021, 12, 31));
        assert_eq!(month_end("2021年13月"), None);
        assert_eq!(month_end("2021年"), None);
        assert_eq!(month_end("去年"), None);
    }

    /// issue 8 family 10: a declared figure's unit is never guessed.
    #[test]
    fn declared_money_uses_a_stated_unit_or_none() {
        let rules = Rules::jinan_2021();
        let text = |s: &str| Cell::Text(s.to_string());
        let cases: [(Cell, &str, Option<Decimal>); 8] = [
            (
                text("150"),
                "资产总额（万元）",
                Some(Decimal::from(1_500_000)),
            ),
            (
                Cell::Number(150.0),
                "资产总额(万元)",
                Some(Decimal::from(1_500_000)),
            ),
            (
                Cell::Number(1_500_000.0),
                "资产总额（元）",
                Some(Decimal::from(1_500_000)),
            ),
            (text("152万元"), "资产总额", Some(Decimal::from(1_520_000))),
            (
                text("1,500,000元"),
                "资产总额",
                Some(Decimal::from(1_500_000)),
            ),
            (text("150"), "资产总额", None),
            (Cell::Number(150.0), "资产总额", None),
            (Cell::Number(1_500_000.0), "资产总额", None),
        ];
        for (cell, label, want) in cases {
            let t = raw_text(&cell);
            assert_eq!(
                declared_money(&cell, &t, label, &rules),
                want,
                "{t} / {label}"
            );
        }
        let mut wan = rules.clone();
        wan.form_units.money = Some("万元".into());
        assert_eq!(
            declared_money(&Cell::Number(150.0), "150", "资产总额", &wan),
            Some(Decimal::from(1_500_000))
        );
    }

    #[test]
    fn a_declared_figure_without_a_unit_is_not_used_and_says_why() {
        let rules = Rules::jinan_2021();
        let sheet = Sheet {
            name: "推荐表".into(),
            rows: vec![
                vec![Cell::Text("资产总额".into()), Cell::Number(150.0)],
                vec![
                    Cell::Text("在线信息发布系统".into()),
                    Cell::Text("有（建设中）".into()),
                ],
            ],
            ..Sheet::default()
        };
        let mut form = Form::default();
        let mut problems = Vec::new();
        read_form("推荐表.xlsx", &sheet, &rules, &mut form, &mut problems);
        assert_eq!(form.declared_assets, None);
        assert_eq!(form.has_info_system, None);
        assert!(
            problems.iter().any(|p| p.zh.contains("未注明单位")),
            "{problems:?}"
        );
    }

    #[test]
    fn placeholders_leave_a_field_unanswered() {
        for t in ["/", "—", "--", "不适用", " ", "N/A"] {
            assert!(is_placeholder(t), "{t}");
        }
        for t in ["0", "无", "否", "500"] {
            assert!(!is_placeholder(t), "{t}");
        }
    }
}
