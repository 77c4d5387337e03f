//! `stats.html`: the summaries as one offline page — inline SVG charts and the tables they
//! draw, no script, no external asset; fonts are the browser's.
//!
//! Charts (drawn from the very table rows written to the CSVs, so page and files agree):
//! - pass rate by year and district (`by_year_district.csv`), one bar chart per year;
//! - the criteria that stop most applicants: per year the 15 criteria with the most fail +
//!   review rows (`by_year_criterion.csv`), stacked fail/review bars;
//! - figure distributions (`figures_by_year.csv`): per figure a box plot per year (whiskers
//!   min–max, box q1–q3, a line at the median).
//!
//! Every bar and box carries its numbers in `data-*` attributes and a `<title>` (shown on
//! hover, read by screen readers), and the page repeats the tables.
//!
//! The SVG is written by hand: plotters' SVG backend cannot attach a `<title>` or data
//! attribute to the element it draws, which the accessible numbers above need.

use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;

use super::{Cell, Table};
use crate::evaluate::criteria::name as criterion_name;
use crate::model::Lang;

/// Criteria shown per year in the "stopped by" chart.
const TOP_CRITERIA: usize = 15;

/// The review pages' HTML escape (control characters replaced too).
fn esc(s: &str) -> String {
    crate::report::html::escape(s)
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn cell_text(c: Option<&Cell>) -> String {
    c.map(Cell::csv).unwrap_or_default()
}
fn cell_u64(c: Option<&Cell>) -> u64 {
    match c {
        Some(Cell::Int(n)) => u64::try_from(*n).unwrap_or(0),
        _ => 0,
    }
}
fn cell_f64(c: Option<&Cell>) -> Option<f64> {
    match c {
        Some(Cell::Dec(d) | Cell::Rate(d)) => d.to_f64(),
        Some(Cell::Int(n)) => Some(*n as f64),
        _ => None,
    }
}

fn find<'a>(tables: &'a [Table], file: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.file == file)
}

/// Distinct years of a table's first column, in row order (rows are sorted by year).
fn years(table: &Table) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &table.rows {
        let y = cell_text(r.first());
        if out.last() != Some(&y) {
            out.push(y);
        }
    }
    out
}

const LABEL_W: f64 = 320.0;
const BAR_W: f64 = 420.0;
const ROW_H: f64 = 24.0;

fn svg_open(out: &mut String, id: &str, rows: usize, label: &str) {
    let h = ROW_H * rows as f64 + 30.0;
    let w = LABEL_W + BAR_W + 120.0;
    let _ = write!(
        out,
        "<svg id=\"{}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\">",
        esc(id),
        esc(label)
    );
}

fn pass_rate_charts(out: &mut String, table: &Table, lang: Lang) {
    let _ = write!(
        out,
        "<section><h2>{}</h2>",
        t(lang, "各年度各区县通过率", "Pass rate by year and district")
    );
    for year in years(table) {
        let rows: Vec<&Vec<Cell>> = table
            .rows
            .iter()
            .filter(|r| cell_text(r.first()) == year)
            .collect();
        let _ = write!(out, "<figure><figcaption>{}</figcaption>", esc(&year));
        svg_open(out, &format!("pass-rate-{year}"), rows.len(), &year);
        for (i, r) in rows.iter().enumerate() {
            let y = 10.0 + ROW_H * i as f64;
            let district = cell_text(r.get(1));
            let (n, pass) = (cell_u64(r.get(2)), cell_u64(r.get(3)));
            let rate = cell_text(r.get(6));
            let w = cell_f64(r.get(6)).unwrap_or(0.0) * BAR_W;
            let title = match lang {
                Lang::Zh => format!("{year} 年度 {district}：通过率 {rate}（{pass}/{n}）"),
                Lang::En => format!("{year} {district}: pass rate {rate} ({pass}/{n})"),
            };
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
                 <rect class=\"bar\" data-year=\"{}\" data-district=\"{}\" data-pass-rate=\"{}\" data-pass=\"{pass}\" data-applicants=\"{n}\" x=\"{LABEL_W:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#2e7d32\"><title>{}</title></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{} ({pass}/{n})</text>",
                LABEL_W - 6.0,
                y + 15.0,
                esc(&district),
                esc(&year),
                esc(&district),
                esc(&rate),
                ROW_H - 6.0,
                esc(&title),
                LABEL_W + w + 4.0,
                y + 15.0,
                esc(&rate),
            );
        }
        out.push_str("</svg></figure>");
    }
    out.push_str("</section>");
}

fn stop_charts(out: &mut String, table: &Table, lang: Lang) {
    let _ = write!(
        out,
        "<section><h2>{}</h2><p>{}</p>",
        t(
            lang,
            "阻挡申报单位最多的评审项",
            "Criteria that stop most applicants"
        ),
        t(
            lang,
            "每年度不符合＋待核实行数最多的 15 个评审项（红：不符合，橙：待核实）。",
            "Per year the 15 criteria with the most fail + review rows (red: fail, amber: review)."
        )
    );
    for year in years(table) {
        let mut rows: Vec<(String, u64, u64)> = table
            .rows
            .iter()
            .filter(|r| cell_text(r.first()) == year)
            .map(|r| (cell_text(r.get(1)), cell_u64(r.get(3)), cell_u64(r.get(4))))
            .filter(|(_, f, v)| f + v > 0)
            .collect();
        // Most stopped first; ties in report order (the table's order, kept by a stable sort).
        rows.sort_by_key(|r| std::cmp::Reverse(r.1 + r.2));
        rows.truncate(TOP_CRITERIA);
        let _ = write!(out, "<figure><figcaption>{}</figcaption>", esc(&year));
        if rows.is_empty() {
            let _ = write!(
                out,
                "<p>{}</p></figure>",
                t(
                    lang,
                    "没有不符合或待核实的评审项。",
                    "No criterion failed or was review."
                )
            );
            continue;
        }
        let max = rows.iter().map(|r| r.1 + r.2).max().unwrap_or(1).max(1) as f64;
        svg_open(out, &format!("stops-{year}"), rows.len(), &year);
        for (i, (c, fail, review)) in rows.iter().enumerate() {
            let y = 10.0 + ROW_H * i as f64;
            let name = criterion_name(c, lang);
            // The name on the axis (the id would crowd it out), both in the title.
            let (shown, label) = if name.is_empty() {
                (c.clone(), c.clone())
            } else {
                (name.to_string(), format!("{c} {name}"))
            };
            let wf = *fail as f64 / max * BAR_W;
            let wr = *review as f64 / max * BAR_W;
            let title = match lang {
                Lang::Zh => format!("{year} 年度 {label}：不符合 {fail}，待核实 {review}"),
                Lang::En => format!("{year} {label}: fail {fail}, review {review}"),
            };
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
                 <g class=\"stop\" data-year=\"{}\" data-criterion=\"{}\" data-fail=\"{fail}\" data-review=\"{review}\"><title>{}</title>\
                 <rect x=\"{LABEL_W:.1}\" y=\"{y:.1}\" width=\"{wf:.1}\" height=\"{:.1}\" fill=\"#c62828\"/>\
                 <rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{wr:.1}\" height=\"{:.1}\" fill=\"#f9a825\"/></g>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{fail} + {review}</text>",
                LABEL_W - 6.0,
                y + 15.0,
                esc(&shown),
                esc(&year),
                esc(c),
                esc(&title),
                ROW_H - 6.0,
                LABEL_W + wf,
                ROW_H - 6.0,
                LABEL_W + wf + wr + 4.0,
                y + 15.0,
            );
        }
        out.push_str("</svg></figure>");
    }
    out.push_str("</section>");
}

fn box_charts(out: &mut String, table: &Table, lang: Lang) {
    let _ = write!(
        out,
        "<section><h2>{}</h2><p>{}</p>",
        t(lang, "各年度指标分布", "Figure distributions by year"),
        t(
            lang,
            "须线为最小值至最大值，箱体为下四分位数至上四分位数，竖线为中位数。",
            "Whiskers from min to max, box from q1 to q3, a line at the median."
        )
    );
    let mut figures: Vec<String> = Vec::new();
    for r in &table.rows {
        let f = cell_text(r.get(1));
        if !figures.contains(&f) {
            figures.push(f);
        }
    }
    for (k, figure) in figures.iter().enumerate() {
        let rows: Vec<&Vec<Cell>> = table
            .rows
            .iter()
            .filter(|r| cell_text(r.get(1)) == *figure)
            .collect();
        let values: Vec<f64> = rows
            .iter()
            .flat_map(|r| [cell_f64(r.get(3)), cell_f64(r.get(7))])
            .flatten()
            .collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let span = if hi > lo { hi - lo } else { 1.0 };
        let x = |v: f64| {
            LABEL_W
                + if hi > lo {
                    (v - lo) / span * BAR_W
                } else {
                    BAR_W / 2.0
                }
        };
        let _ = write!(out, "<figure><figcaption>{}</figcaption>", esc(figure));
        svg_open(out, &format!("figure-{k}"), rows.len(), figure);
        for (i, r) in rows.iter().enumerate() {
            let y = 10.0 + ROW_H * i as f64;
            let mid = y + (ROW_H - 6.0) / 2.0;
            let year = cell_text(r.first());
            let s: Vec<String> = (2..8).map(|c| cell_text(r.get(c))).collect();
            let title = match lang {
                Lang::Zh => format!(
                    "{year} 年度 {figure}：数量 {}，最小值 {}，下四分位数 {}，中位数 {}，上四分位数 {}，最大值 {}",
                    s[0], s[1], s[2], s[3], s[4], s[5]
                ),
                Lang::En => format!(
                    "{year} {figure}: count {}, min {}, q1 {}, median {}, q3 {}, max {}",
                    s[0], s[1], s[2], s[3], s[4], s[5]
                ),
            };
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
                 <g class=\"box\" data-year=\"{}\" data-figure=\"{}\" data-count=\"{}\" data-min=\"{}\" data-q1=\"{}\" data-median=\"{}\" data-q3=\"{}\" data-max=\"{}\"><title>{}</title>",
                LABEL_W - 6.0,
                y + 15.0,
                esc(&year),
                esc(&year),
                esc(figure),
                esc(&s[0]),
                esc(&s[1]),
                esc(&s[2]),
                esc(&s[3]),
                esc(&s[4]),
                esc(&s[5]),
                esc(&title),
            );
            let v = |c: usize| cell_f64(r.get(c));
            if let (Some(min), Some(max)) = (v(3), v(7)) {
                let _ = write!(
                    out,
                    "<line x1=\"{:.1}\" y1=\"{mid:.1}\" x2=\"{:.1}\" y2=\"{mid:.1}\" stroke=\"#555\"/>",
                    x(min),
                    x(max)
                );
            }
            if let (Some(q1), Some(q3)) = (v(4), v(6)) {
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#90caf9\" stroke=\"#1565c0\"/>",
                    x(q1),
                    (x(q3) - x(q1)).max(1.0),
                    ROW_H - 6.0
                );
            }
            if let Some(m) = v(5) {
                let _ = write!(
                    out,
                    "<line x1=\"{0:.1}\" y1=\"{y:.1}\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"#0d47a1\" stroke-width=\"2\"/>",
                    x(m),
                    y + ROW_H - 6.0
                );
            }
            let _ = write!(
                out,
                "</g><text x=\"{:.1}\" y=\"{:.1}\">{} {}</text>",
                LABEL_W + BAR_W + 8.0,
                y + 15.0,
                t(lang, "中位数", "median"),
                esc(&s[3])
            );
        }
        out.push_str("</svg></figure>");
    }
    out.push_str("</section>");
}

/// A table as HTML (`id` = the CSV's name without `.csv`).
fn html_table(out: &mut String, table: &Table, lang: Lang, title: &str) {
    let id = table.file.trim_end_matches(".csv");
    let _ = write!(
        out,
        "<section><h2>{}（{}）</h2><table id=\"{}\"><thead><tr>",
        esc(title),
        esc(table.file),
        esc(id)
    );
    for h in table.header(lang) {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in &table.rows {
        out.push_str("<tr>");
        for c in r {
            let class = if matches!(c, Cell::Text(_) | Cell::Empty) {
                ""
            } else {
                " class=\"n\""
            };
            let _ = write!(out, "<td{class}>{}</td>", esc(&c.csv()));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></section>");
}

/// The whole page.
pub fn page(tables: &[Table], lang: Lang) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;margin:1.5em;color:#222}}svg text{{font-size:12px;fill:#222}}\
         figure{{margin:0.5em 0 1.5em}}figcaption{{font-weight:bold}}table{{border-collapse:collapse;margin-bottom:1.5em}}\
         th,td{{border:1px solid #ccc;padding:2px 6px}}td.n{{text-align:right}}</style></head><body><h1>{}</h1><p>{}</p>",
        t(lang, "zh-CN", "en"),
        t(lang, "评审统计", "Screening statistics"),
        t(
            lang,
            "评审统计（sme-audit stats）",
            "Screening statistics (sme-audit stats)"
        ),
        t(
            lang,
            "数据见同目录的 CSV 与 stats.xlsx；分组统计（by_year_criterion_group.csv）与历年申报单位（applicants_across_rounds.csv）只在文件中。",
            "The data are the CSV files and stats.xlsx beside this page; the grouped counts (by_year_criterion_group.csv) and applicants across rounds (applicants_across_rounds.csv) are in the files only."
        )
    );
    if let Some(tb) = find(tables, "by_year_district.csv") {
        pass_rate_charts(&mut out, tb, lang);
    }
    if let Some(tb) = find(tables, "by_year_criterion.csv") {
        stop_charts(&mut out, tb, lang);
    }
    if let Some(tb) = find(tables, "figures_by_year.csv") {
        box_charts(&mut out, tb, lang);
    }
    for (file, zh, en) in [
        (
            "by_year_district.csv",
            "各年度各区县结论",
            "Verdicts by year and district",
        ),
        (
            "by_year_criterion.csv",
            "各年度评审项结论",
            "Criteria verdicts by year",
        ),
        ("figures_by_year.csv", "各年度指标分布", "Figures by year"),
        (
            "verdict_changes.csv",
            "再次申报结论变化",
            "Verdict changes of re-applications",
        ),
        ("runs.csv", "评审批次", "Runs"),
    ] {
        if let Some(tb) = find(tables, file) {
            html_table(&mut out, tb, lang, t(lang, zh, en));
        }
    }
    out.push_str("</body></html>\n");
    out
}
