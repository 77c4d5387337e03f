//! Tables (SPEC §2.2): rosters, service logs and activity logs.
//!
//! Input: a `Sheet` and the rules' column aliases. Output: the header row the reader chose,
//! the column → field mapping, and typed records, each with the row it came from, plus
//! problems for missing columns and unreadable cells. The header is searched in the first 15
//! rows (titles and notes come first), may span two rows with merged cells, and columns come
//! in any order. Blank rows, total rows (合计/总计) and notes are skipped.

use std::collections::BTreeMap;

use crate::ingest::{Cell, Sheet};
use crate::model::{
    Activity, Evidence, Location, Problem, ServiceRecord, Severity, StaffMember, column_letters,
};
use crate::rules::{COLUMN_FIELDS, Rules};
use crate::values::{self, MoneyUnit};

use super::cells::{self, get, merge_covering, norm_text, raw_text, unit_hint, width};

/// Rows searched for the header.
pub const HEADER_SEARCH_ROWS: u32 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Roster,
    Service,
    Activity,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::Roster, TableKind::Service, TableKind::Activity];

    fn prefix(self) -> &'static str {
        match self {
            TableKind::Roster => "roster.",
            TableKind::Service => "service.",
            TableKind::Activity => "activity.",
        }
    }

    /// A header must map one of these for the table to be taken as this kind.
    fn key_fields(self) -> &'static [&'static str] {
        match self {
            TableKind::Roster => &["roster.name", "roster.id_number"],
            TableKind::Service => &["service.enterprise", "service.credit_code"],
            TableKind::Activity => &[
                "activity.name",
                "activity.category",
                "activity.attendees",
                "activity.enterprises",
            ],
        }
    }

    /// Columns without which the table cannot serve its criteria.
    fn required_fields(self) -> &'static [&'static str] {
        match self {
            TableKind::Roster => &["roster.name", "roster.education", "roster.title"],
            TableKind::Service => &[
                "service.date",
                "service.enterprise",
                "service.category",
                "service.satisfaction",
            ],
            TableKind::Activity => &["activity.date", "activity.category"],
        }
    }

    fn fields(self) -> impl Iterator<Item = &'static str> {
        COLUMN_FIELDS
            .iter()
            .copied()
            .filter(move |f| f.starts_with(self.prefix()))
    }
}

/// The header the reader chose.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// First and last header rows (0-based); data starts after `last_row`.
    pub first_row: u32,
    pub last_row: u32,
    /// field → (column, header text as written).
    pub columns: BTreeMap<&'static str, (u32, String)>,
}

impl Header {
    fn col(&self, field: &str) -> Option<u32> {
        self.columns.get(field).map(|(c, _)| *c)
    }
    fn text(&self, field: &str) -> &str {
        self.columns
            .get(field)
            .map(|(_, t)| t.as_str())
            .unwrap_or("")
    }
    /// `field ← 表头 (列)` pairs for `inspect`.
    pub fn describe(&self) -> Vec<(String, String)> {
        let mut v: Vec<(u32, String, String)> = self
            .columns
            .iter()
            .map(|(f, (c, t))| {
                (
                    *c,
                    f.to_string(),
                    format!("{} ({})", t.replace('\n', " "), column_letters(*c)),
                )
            })
            .collect();
        v.sort();
        v.into_iter().map(|(_, f, t)| (f, t)).collect()
    }
}

/// Strips bracketed parts (units, notes) and a trailing colon: `收费金额（元）` → `收费金额`.
pub fn header_base(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out.trim_end_matches([':', '：', '*'])
        .trim_start_matches('*')
        .to_string()
}

/// How well a header text names a field: exact alias beats containment, longer beats shorter.
/// An alias matches inside a longer header only when the header means the same thing: a
/// header holding an exclusion word (成立, 注册, 核准 …) the alias lacks names another field.
fn alias_score(base: &str, aliases: &[String], exclusions: &[String]) -> usize {
    let mut best = 0;
    for a in aliases {
        let len = a.chars().count();
        let score = if base == a {
            1000 + len
        } else if base.contains(a.as_str())
            && !exclusions
                .iter()
                .any(|w| base.contains(w.as_str()) && !a.contains(w.as_str()))
        {
            100 + len
        } else {
            0
        };
        best = best.max(score);
    }
    best
}

/// The best field for one normalised header text.
fn best_field(kind: TableKind, norm: &str, rules: &Rules) -> Option<(&'static str, usize)> {
    let base = header_base(norm);
    if base.is_empty() || base.chars().count() > 30 {
        return None;
    }
    kind.fields()
        .map(|f| {
            let exclusions = &rules.column_exclusions.words;
            (f, alias_score(&base, rules.column_aliases(f), exclusions))
        })
        .filter(|(_, s)| *s > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
}

/// The texts of the rows a header may sit in, read once per sheet: as written (for
/// `inspect`) and normalised (for matching), horizontal merges followed to their top-left
/// cell, and whether a cell is covered by a vertical merge from the row above.
struct HeaderArea {
    raw: Vec<Vec<String>>,
    norm: Vec<Vec<String>>,
    covered_from_above: Vec<Vec<bool>>,
}

impl HeaderArea {
    fn new(sheet: &Sheet) -> HeaderArea {
        let rows = (sheet.rows.len() as u32).min(HEADER_SEARCH_ROWS + 1);
        let width = width(sheet);
        let text = |row: u32, col: u32| {
            let text = raw_text(get(sheet, row, col));
            if !text.is_empty() {
                return text;
            }
            match merge_covering(sheet, row, col) {
                Some(m) if m.first_row == row => raw_text(get(sheet, m.first_row, m.first_col)),
                _ => String::new(),
            }
        };
        let raw: Vec<Vec<String>> = (0..rows)
            .map(|r| (0..width).map(|c| text(r, c)).collect())
            .collect();
        let norm = raw
            .iter()
            .map(|row| row.iter().map(|t| values::normalise(t)).collect())
            .collect();
        let covered_from_above = (0..rows)
            .map(|r| {
                (0..width)
                    .map(|c| merge_covering(sheet, r, c).is_some_and(|m| m.first_row < r))
                    .collect()
            })
            .collect();
        HeaderArea {
            raw,
            norm,
            covered_from_above,
        }
    }

    fn rows(&self) -> u32 {
        self.raw.len() as u32
    }
}

/// Maps the columns of a candidate header (one row, or two rows read together). `cell_best`
/// holds each header-area cell's best field, computed once per search.
fn map_columns(
    area: &HeaderArea,
    cell_best: &[Vec<Option<(&'static str, usize)>>],
    kind: TableKind,
    row: u32,
    two_rows: bool,
    rules: &Rules,
) -> Header {
    let mut best: BTreeMap<&'static str, (usize, u32, String)> = BTreeMap::new();
    let r = row as usize;
    for (col, top) in area.norm[r].iter().enumerate() {
        let top_best = cell_best[r][col].map(|(f, s)| (f, s, area.raw[r][col].clone()));
        let bottom = area.norm.get(r + 1).map_or("", |row| row[col].as_str());
        let chosen = if two_rows && !area.covered_from_above[r + 1][col] && !bottom.is_empty() {
            // The sub-header alone, the two read together, or the top alone: the best score
            // wins, a tie going to the later one.
            let below = cell_best[r + 1][col].map(|(f, s)| (f, s, area.raw[r + 1][col].clone()));
            let joined = best_field(kind, &format!("{top}{bottom}"), rules).map(|(f, s)| {
                (
                    f,
                    s,
                    format!("{}{}", area.raw[r][col], area.raw[r + 1][col]),
                )
            });
            let mut chosen: Option<(&'static str, usize, String)> = None;
            for candidate in [below, joined, top_best].into_iter().flatten() {
                if chosen.as_ref().is_none_or(|c| candidate.1 >= c.1) {
                    chosen = Some(candidate);
                }
            }
            chosen
        } else {
            top_best
        };
        if let Some((field, score, text)) = chosen
            && best.get(field).is_none_or(|(s, _, _)| score > *s)
        {
            best.insert(field, (score, col as u32, text));
        }
    }
    Header {
        first_row: row,
        last_row: if two_rows { row + 1 } else { row },
        columns: best.into_iter().map(|(f, (_, c, t))| (f, (c, t))).collect(),
    }
}

fn header_quality(h: &Header, kind: TableKind) -> usize {
    if !kind.key_fields().iter().any(|f| h.columns.contains_key(f)) {
        return 0;
    }
    h.columns.len()
}

/// Finds the header row of a `kind` table in the first rows, or `None` when no row maps at
/// least two of its columns including a key column.
pub fn find_header(sheet: &Sheet, kind: TableKind, rules: &Rules) -> Option<Header> {
    let area = HeaderArea::new(sheet);
    let rows = area.rows().min(HEADER_SEARCH_ROWS) as usize;
    // Each cell's best field and each row's own mapping, computed as the search reaches them.
    let mut cell_best: Vec<Vec<Option<(&'static str, usize)>>> = Vec::new();
    let mut single: Vec<(usize, Header)> = Vec::new();
    let reach = |upto: usize,
                 cell_best: &mut Vec<Vec<Option<(&'static str, usize)>>>,
                 single: &mut Vec<(usize, Header)>| {
        while cell_best.len() <= upto && cell_best.len() < area.norm.len() {
            let r = cell_best.len();
            cell_best.push(
                area.norm[r]
                    .iter()
                    .map(|t| best_field(kind, t, rules))
                    .collect(),
            );
        }
        while single.len() <= upto && single.len() < rows {
            let h = map_columns(&area, cell_best, kind, single.len() as u32, false, rules);
            single.push((header_quality(&h, kind), h));
        }
    };
    let mut best: Option<(usize, Header)> = None;
    for row in 0..rows {
        // A good header found a few rows up is not beaten by the data below it.
        if let Some((q, h)) = &best
            && *q >= 3
            && row as u32 > h.last_row + 2
        {
            break;
        }
        reach(row + 1, &mut cell_best, &mut single);
        let mut candidates = vec![single[row].clone()];
        // Two rows read together only when the pair maps more than either row alone (a
        // merged group header over sub-headers), so a title row above is never glued on.
        if row as u32 + 1 < area.rows() {
            let h = map_columns(&area, &cell_best, kind, row as u32, true, rules);
            let q = header_quality(&h, kind);
            let below = single.get(row + 1).map_or(0, |(q, _)| *q);
            if q > single[row].0 && q > below {
                candidates.push((q, h));
            }
        }
        for (q, h) in candidates {
            if q >= 2 && best.as_ref().is_none_or(|(bq, _)| q > *bq) {
                best = Some((q, h));
            }
        }
    }
    best.map(|(_, h)| h)
}

/// How well the sheet looks like a `kind` table (0 = not at all): for role detection.
pub fn table_score(sheet: &Sheet, kind: TableKind, rules: &Rules) -> usize {
    find_header(sheet, kind, rules)
        .map(|h| header_quality(&h, kind))
        .unwrap_or(0)
}

/// A money unit written above the header (`单位：万元`, `金额单位：元`).
fn sheet_unit(sheet: &Sheet, header: &Header) -> Option<MoneyUnit> {
    for row in 0..header.first_row {
        for cell in sheet.rows.get(row as usize).into_iter().flatten() {
            let t = norm_text(cell);
            if let Some(i) = t.find("单位")
                && let Some(u) = unit_hint(&t[i..])
            {
                return Some(u);
            }
        }
    }
    None
}

/// Rows that are not records: totals, notes, signatures, a repeated header.
fn is_skipped_row(sheet: &Sheet, row: u32, header_texts: &[(u32, String)]) -> bool {
    let cells = sheet
        .rows
        .get(row as usize)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let non_empty = cells.iter().filter(|c| **c != Cell::Empty).count();
    if non_empty == 0 {
        return true;
    }
    // Only the first few cells can say 合计 or 注; only they are normalised.
    let first: Vec<String> = cells
        .iter()
        .filter(|c| matches!(c, Cell::Text(_)))
        .take(3)
        .map(norm_text)
        .filter(|t| !t.is_empty())
        .collect();
    let total = |t: &str| {
        let t = t.trim_matches(|c: char| c.is_ascii_punctuation() || c == '：');
        ["合计", "总计", "小计", "共计", "累计"]
            .iter()
            .any(|k| t.starts_with(k))
    };
    if first.iter().any(|t| total(t)) {
        return true;
    }
    // Already normalised (NFKC turns ： into :).
    let note_prefixes = [
        "注:",
        "说明",
        "备注:",
        "填表",
        "填报",
        "制表",
        "审核人",
        "负责人",
        "单位负责人",
        "盖章",
    ];
    if non_empty <= 2
        && first
            .first()
            .is_some_and(|f| note_prefixes.iter().any(|p| f.starts_with(p)))
    {
        return true;
    }
    // A header repeated on every printed page: the first mapped column must repeat its
    // header text before the others are compared.
    let repeats_header = |(c, t): &&(u32, String)| {
        let cell = get(sheet, row, *c);
        matches!(cell, Cell::Text(_)) && norm_text(cell) == *t
    };
    if !header_texts.first().is_some_and(|h| repeats_header(&h)) {
        return false;
    }
    let repeats = header_texts.iter().filter(repeats_header).count();
    repeats >= 2 && repeats * 2 >= header_texts.len()
}

/// A row holding a single short text that numbers a section (`一、专职人员`, `（二）兼职人员`,
/// `兼职人员：`): its text, normalised.
fn section_heading(sheet: &Sheet, row: u32) -> Option<String> {
    let cells = sheet.rows.get(row as usize)?;
    let mut texts = cells.iter().filter(|c| **c != Cell::Empty);
    let only = texts.next()?;
    if texts.next().is_some() || !matches!(only, Cell::Text(_)) {
        return None;
    }
    let t = norm_text(only);
    let numbered = t
        .trim_start_matches(['(', '（'])
        .starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']);
    let names_a_group = t.trim_end_matches([':', '：']).ends_with("人员");
    (t.chars().count() <= 20 && (numbered || names_a_group)).then_some(t)
}

/// One data row with its mapped cells.
struct RowView<'a> {
    row: u32,
    sheet: &'a Sheet,
    header: &'a Header,
}

impl<'a> RowView<'a> {
    fn cell(&self, field: &str) -> Option<&'a Cell> {
        let c = self.header.col(field)?;
        let cell = get(self.sheet, self.row, c);
        (*cell != Cell::Empty).then_some(cell)
    }
    /// The cell's text with runs of white space (line breaks included) made single spaces.
    fn text(&self, field: &str) -> Option<String> {
        let cell = self.cell(field)?;
        let collapse = |t: &str| {
            let t = t.trim();
            if t.chars().any(char::is_whitespace) {
                t.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                t.to_string()
            }
        };
        let text = match cell {
            Cell::Text(s) => collapse(s),
            other => collapse(&raw_text(other)),
        };
        (!text.is_empty()).then_some(text)
    }
    fn location(&self, field: &str) -> String {
        let col = self.header.col(field).unwrap_or(0);
        Location::Cell {
            sheet: self.sheet.name.clone(),
            row: self.row,
            col,
        }
        .to_string()
    }
}

/// What reading one table produced.
#[derive(Debug, Default)]
pub struct TableRead {
    pub staff: Vec<StaffMember>,
    pub services: Vec<ServiceRecord>,
    pub activities: Vec<Activity>,
    pub rows: usize,
    pub problems: Vec<Problem>,
}

/// Reads a `kind` table from a sheet whose header was found.
pub fn read_table(file: &str, sheet: &Sheet, kind: TableKind, header: &Header) -> TableRead {
    let mut out = TableRead::default();
    for field in kind.required_fields() {
        if !header.columns.contains_key(field) {
            let (zh, en) = field_names(field);
            out.problems.push(Problem::new(
                file,
                Location::Sheet(sheet.name.clone()).to_string(),
                Severity::Warning,
                format!("未找到“{zh}”列（表头在第 {} 行）", header.first_row + 1),
                format!("no '{en}' column (header on row {})", header.first_row + 1),
            ));
        }
    }
    let unit = sheet_unit(sheet, header);
    let header_texts: Vec<(u32, String)> = header
        .columns
        .values()
        .map(|(c, t)| (*c, values::normalise(t)))
        .collect();
    // Rosters are often split into sections (一、专职人员 / 二、兼职人员): a section heading
    // is not a person, and says whether the people below it are full-time.
    let mut section_fulltime: Option<bool> = None;
    for row in header.last_row + 1..sheet.rows.len() as u32 {
        if let Some(heading) = section_heading(sheet, row) {
            if heading.contains("兼职") {
                section_fulltime = Some(false);
            } else if heading.contains("专职") || heading.contains("全职") {
                section_fulltime = Some(true);
            }
            continue;
        }
        if is_skipped_row(sheet, row, &header_texts) {
            continue;
        }
        let view = RowView { row, sheet, header };
        if header.columns.keys().all(|f| view.cell(f).is_none()) {
            continue;
        }
        let evidence = Evidence {
            file: file.to_string(),
            location: Location::Row {
                sheet: sheet.name.clone(),
                row,
            },
        };
        let bad = |field: &str, problems: &mut Vec<Problem>| {
            let (zh, en) = field_names(field);
            let raw = view.text(field).unwrap_or_default();
            problems.push(Problem::new(
                file,
                view.location(field),
                Severity::Warning,
                format!("无法识别的{zh}“{raw}”"),
                format!("unreadable {en} '{raw}'"),
            ));
        };
        match kind {
            TableKind::Roster => {
                let name = view.text("roster.name");
                let id_number = view
                    .text("roster.id_number")
                    .map(|s| values::normalise(&s).to_uppercase());
                if name.is_none() && id_number.is_none() {
                    continue;
                }
                let fulltime = match view.cell("roster.employment") {
                    Some(c) => {
                        let v = employment(c);
                        if v.is_none() {
                            bad("roster.employment", &mut out.problems);
                        }
                        v
                    }
                    None => section_fulltime,
                };
                let social_insurance = view.cell("roster.social_insurance").and_then(cells::yes_no);
                out.staff.push(StaffMember {
                    name,
                    id_number,
                    education: view.text("roster.education"),
                    title: view.text("roster.title"),
                    fulltime,
                    social_insurance,
                    evidence,
                });
            }
            TableKind::Service => {
                let enterprise = view.text("service.enterprise");
                let credit_code = view
                    .text("service.credit_code")
                    .map(|s| values::normalise(&s).to_uppercase());
                if enterprise.is_none() && credit_code.is_none() {
                    out.problems.push(Problem::new(
                        file,
                        Location::Row {
                            sheet: sheet.name.clone(),
                            row,
                        }
                        .to_string(),
                        Severity::Warning,
                        "服务记录缺少企业名称和信用代码，未计入",
                        "service record names no enterprise; not counted",
                    ));
                    continue;
                }
                let date = view.cell("service.date").and_then(|c| {
                    let d = cells::record_date(c);
                    if d.is_none() {
                        bad("service.date", &mut out.problems);
                    }
                    d
                });
                let fee_unit = unit_hint(header.text("service.fee"))
                    .or(unit)
                    .unwrap_or(MoneyUnit::Yuan);
                let fee = view.cell("service.fee").and_then(|c| {
                    let v = money_or_free(c, fee_unit);
                    if v.is_none() {
                        bad("service.fee", &mut out.problems);
                    }
                    v
                });
                let fin_unit =
                    unit_hint(header.text("service.financing")).unwrap_or(MoneyUnit::TenThousand);
                let financing = view
                    .cell("service.financing")
                    .and_then(|c| cells::money(c, fin_unit));
                let trainees = view.cell("service.trainees").and_then(|c| {
                    let v = cells::count(c);
                    if v.is_none() {
                        bad("service.trainees", &mut out.problems);
                    }
                    v
                });
                out.services.push(ServiceRecord {
                    date,
                    enterprise,
                    credit_code,
                    category: view.text("service.category"),
                    content: view.text("service.content"),
                    online: view.text("service.mode").is_some_and(|m| is_online(&m)),
                    fee,
                    fee_type: view.text("service.fee_type"),
                    satisfaction: view.text("service.satisfaction"),
                    satisfaction_scale: values::score_scale(header.text("service.satisfaction")),
                    trainees,
                    financing,
                    landed: view.cell("service.landed").and_then(cells::yes_no),
                    legal_checkup: view.cell("service.legal_checkup").and_then(cells::yes_no),
                    evidence,
                });
            }
            TableKind::Activity => {
                let name = view.text("activity.name");
                let category = view.text("activity.category");
                if name.is_none() && category.is_none() {
                    continue;
                }
                let date = view.cell("activity.date").and_then(|c| {
                    let d = cells::record_date(c);
                    if d.is_none() {
                        bad("activity.date", &mut out.problems);
                    }
                    d
                });
                out.activities.push(Activity {
                    date,
                    name,
                    category,
                    enterprises: view.cell("activity.enterprises").and_then(cells::count),
                    attendees: view.cell("activity.attendees").and_then(cells::count),
                    evidence,
                });
            }
        }
        out.rows += 1;
    }
    out
}

/// `免费`/`无` in a fee column mean 0 yuan.
fn money_or_free(cell: &Cell, unit: MoneyUnit) -> Option<rust_decimal::Decimal> {
    let t = norm_text(cell);
    if ["免费", "无", "0元", "公益", "无偿", "-", "—", "/"].contains(&t.as_str()) {
        return Some(rust_decimal::Decimal::ZERO);
    }
    cells::money(cell, unit)
}

/// 线上/网上/在线 without 线下 means online; a mixed or empty mode is offline (SPEC §2.5).
fn is_online(mode: &str) -> bool {
    let m = values::normalise(mode);
    (m.contains("线上")
        || m.contains("网上")
        || m.contains("在线")
        || m.contains("远程")
        || m == "online")
        && !m.contains("线下")
}

/// 专职/全职 → full-time; 兼职/外聘/返聘/劳务/实习 → not; else yes/no.
fn employment(cell: &Cell) -> Option<bool> {
    let t = norm_text(cell);
    if [
        "兼职",
        "外聘",
        "返聘",
        "劳务",
        "实习",
        "临时",
        "顾问",
        "非专职",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        return Some(false);
    }
    if ["专职", "全职", "在编", "正式", "合同制", "劳动合同"]
        .iter()
        .any(|k| t.contains(k))
    {
        return Some(true);
    }
    cells::yes_no(cell)
}

/// Chinese and English names of a column field for messages.
pub fn field_names(field: &str) -> (&'static str, &'static str) {
    match field {
        "roster.name" => ("姓名", "name"),
        "roster.id_number" => ("身份证号", "ID number"),
        "roster.education" => ("学历", "education"),
        "roster.title" => ("职称", "title"),
        "roster.employment" => ("是否专职", "full-time"),
        "roster.social_insurance" => ("社保缴纳", "social insurance"),
        "service.date" => ("服务日期", "service date"),
        "service.enterprise" => ("企业名称", "enterprise"),
        "service.credit_code" => ("统一社会信用代码", "credit code"),
        "service.category" => ("服务类别", "service category"),
        "service.content" => ("服务内容", "service content"),
        "service.mode" => ("服务方式", "service mode"),
        "service.fee" => ("收费金额", "fee"),
        "service.fee_type" => ("收费类型", "fee type"),
        "service.satisfaction" => ("满意度", "satisfaction"),
        "service.trainees" => ("参训人次", "trainees"),
        "service.financing" => ("融资金额", "financing"),
        "service.landed" => ("是否落地执行", "landed execution"),
        "service.legal_checkup" => ("是否法律体检", "legal check-up"),
        "activity.date" => ("活动日期", "activity date"),
        "activity.name" => ("活动名称", "activity name"),
        "activity.category" => ("活动类别", "activity category"),
        "activity.enterprises" => ("参加企业数", "enterprises attending"),
        "activity.attendees" => ("参加人次", "attendees"),
        _ => ("字段", "field"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| Cell::Text(t.to_string())).collect())
                .collect(),
            ..Sheet::default()
        }
    }

    /// issue 8 family 13: aliases match whole header meanings, not parts of other fields.
    #[test]
    fn dates_of_other_events_are_not_service_dates() {
        let rules = Rules::jinan_2021();
        for header in [
            "成立日期",
            "注册日期",
            "核准日期",
            "出生日期",
            "签订日期",
            "入职时间",
        ] {
            assert_eq!(
                best_field(TableKind::Service, header, &rules).map(|(f, _)| f),
                None,
                "{header}"
            );
            assert_eq!(
                best_field(TableKind::Activity, header, &rules).map(|(f, _)| f),
                None,
                "{header}"
            );
        }
        for (header, field) in [
            ("日期", "service.date"),
            ("服务日期", "service.date"),
            ("服务日期(年月日)", "service.date"),
            ("本年度服务日期", "service.date"),
            ("企业名称", "service.enterprise"),
        ] {
            assert_eq!(
                best_field(TableKind::Service, header, &rules).map(|(f, _)| f),
                Some(field),
                "{header}"
            );
        }
    }

    /// A company-registry export (企业名录) lists enterprises with their founding dates: it is
    /// not a service log, whatever its length.
    #[test]
    fn a_registry_export_is_not_a_service_log() {
        let header: &[&str] = &[
            "序号",
            "企业名称",
            "统一社会信用代码",
            "法定代表人",
            "成立日期",
            "注册资本",
            "登记状态",
            "企业类型",
            "所属行业",
            "注册地址",
            "经营范围",
            "核准日期",
            "登记机关",
        ];
        let row: &[&str] = &[
            "1",
            "济南某某科技有限公司",
            "91370100MA3C5EXX0X",
            "张三",
            "2022-03-05",
            "100万元人民币",
            "存续",
            "有限责任公司",
            "软件和信息技术服务业",
            "济南市历下区",
            "技术开发",
            "2022-03-05",
            "历下区市场监督管理局",
        ];
        let mut rows = vec![header];
        rows.extend(std::iter::repeat_n(row, 20));
        let s = sheet(&rows);
        let rules = Rules::jinan_2021();
        let role = super::super::sheet_role_by_content(&s, &rules);
        assert_ne!(role, Some(Role::ServiceLog));
        assert_ne!(role, Some(Role::ActivityLog));
        assert!(table_score(&s, TableKind::Service, &rules) < 3);
        // With a service column it is a log again.
        let mut with_service = header.to_vec();
        with_service.push("服务日期");
        let mut rows = vec![with_service.as_slice()];
        let mut data = row.to_vec();
        data.push("2022-05-01");
        rows.push(data.as_slice());
        assert_eq!(
            super::super::sheet_role_by_content(&sheet(&rows), &rules),
            Some(Role::ServiceLog)
        );
    }
}
