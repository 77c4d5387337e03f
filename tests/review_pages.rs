//! The review pages (SPEC §9) in a real browser: the binary evaluates the sample round, headless
//! Chromium loads `review/index.html` and applicant pages, and what the browser shows (its DOM
//! after the page's script ran) is checked against `report.csv` and `criteria.csv`, read
//! independently. The index's filter and sort script is driven through the address fragment.
//!
//! Needs a Chromium-based browser (Debian package `chromium`, which `.ci/run` installs; Chrome
//! or Edge on Windows; or `SME_AUDIT_BROWSER`): without it
//! this test fails, saying so.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

#[path = "support/reports.rs"]
mod reports;
use reports::read_csv;

use regex::Regex;
use sme_audit::report::html::page_file_name;

#[path = "support/browser.rs"]
mod browser;
use browser::{dump_dom, pct};

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");
type Record = BTreeMap<String, String>;

/// Percent-decoding of an href (the pages encode every byte outside `A-Za-z0-9-._~/`).
fn unpct(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn text(html: &str) -> String {
    let tags = Regex::new(r"<[^>]*>").unwrap();
    unescape(tags.replace_all(html, "").trim())
}

/// A table row as the browser shows it: its attributes and its cells' inner HTML.
#[derive(Debug)]
struct Tr {
    attrs: String,
    cells: Vec<String>,
}

impl Tr {
    fn attr(&self, name: &str) -> Option<String> {
        let re = Regex::new(&format!(r#"(?:^|\s){name}="([^"]*)""#)).unwrap();
        re.captures(&self.attrs).map(|c| unescape(&c[1]))
    }
    fn hidden(&self) -> bool {
        Regex::new(r"(?:^|\s)hidden(?:\s|=|$)")
            .unwrap()
            .is_match(&self.attrs)
    }
    fn text(&self, i: usize) -> String {
        text(&self.cells[i])
    }
}

/// The body rows of the table with id `id`.
fn body_rows(dom: &str, id: &str) -> Vec<Tr> {
    let start = dom
        .find(&format!("<table id=\"{id}\""))
        .unwrap_or_else(|| panic!("table {id} shown"));
    let table = &dom[start..];
    let table = &table[..table.find("</table>").expect("table ends")];
    let body = &table[table.find("<tbody>").expect("tbody")..];
    let tr = Regex::new(r"(?s)<tr([^>]*)>(.*?)</tr>").unwrap();
    let td = Regex::new(r"(?s)<td[^>]*>(.*?)</td>").unwrap();
    tr.captures_iter(body)
        .map(|c| Tr {
            attrs: c[1].to_string(),
            cells: td.captures_iter(&c[2]).map(|d| d[1].to_string()).collect(),
        })
        .collect()
}

fn shown_ids(rows: &[Tr]) -> Vec<String> {
    rows.iter()
        .filter(|r| !r.hidden())
        .map(|r| r.text(0))
        .collect()
}

fn split(list: &str) -> Vec<String> {
    list.split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Criterion ids listed in an index cell (each `<li>` ends with its id).
fn listed_ids(cell: &str) -> Vec<String> {
    let id = Regex::new(r#"<span class="id">([^<]*)</span>"#).unwrap();
    id.captures_iter(cell).map(|c| unescape(&c[1])).collect()
}

fn evaluate(out: &Path) {
    let round = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
    let status = Command::new(BIN)
        .args(["evaluate", round.to_str().unwrap(), "--as-of", "2023-06-30"])
        .args(["--out", out.to_str().unwrap(), "--quiet"])
        .stdout(Stdio::null())
        .status()
        .expect("binary runs");
    assert!(status.success(), "evaluate failed");
}

#[test]
fn review_pages_show_the_reports_verdicts_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let profile = dir.path().join("chromium-profile");
    evaluate(&out);
    let report = read_csv(&out.join("report.csv"));
    let criteria = read_csv(&out.join("criteria.csv"));
    assert!(report.len() >= 10, "the sample round");
    let index = out.join("review/index.html");

    // Same input, same bytes: a second run writes the same pages.
    let again = dir.path().join("again");
    evaluate(&again);
    let pages = |d: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(d.join("review"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().to_string();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect()
    };
    let first = pages(&out);
    assert_eq!(
        first.len(),
        report.len() + 1,
        "index and one page per applicant"
    );
    assert!(
        first == pages(&again),
        "review pages differ between two runs"
    );

    // 0. Without a script the page is the whole static table: the filters (which need the
    //    script) are hidden, no row is.
    let raw = std::fs::read_to_string(&index).unwrap();
    assert!(raw.contains("<form id=\"filters\" hidden>"));
    let static_rows = body_rows(&raw, "applicants");
    assert_eq!(static_rows.len(), report.len());
    assert!(static_rows.iter().all(|r| !r.hidden()));

    // 1. Every applicant with its verdict, district and failed/review criteria; the script ran
    //    (the filter form shown, the count written).
    let dom = dump_dom(&index, "", &profile);
    assert!(
        dom.contains("<form id=\"filters\">"),
        "the script shows the filters"
    );
    assert!(
        dom.contains(&format!("{} / {}", report.len(), report.len())),
        "the script counts the shown rows"
    );
    let rows = body_rows(&dom, "applicants");
    assert_eq!(rows.len(), report.len());
    assert_eq!(shown_ids(&rows).len(), report.len(), "no filter: all shown");
    for rec in &report {
        let id = &rec["申报编号"];
        let row = rows
            .iter()
            .find(|r| &r.text(0) == id)
            .unwrap_or_else(|| panic!("{id} in the index"));
        assert_eq!(&row.text(1), &rec["单位名称"], "{id}");
        assert_eq!(&row.text(2), &rec["所属区县"], "{id}");
        assert_eq!(&row.text(3), &rec["评审结论"], "{id}");
        assert_eq!(listed_ids(&row.cells[4]), split(&rec["不符合项"]), "{id}");
        assert_eq!(listed_ids(&row.cells[5]), split(&rec["待核实项"]), "{id}");
        assert!(
            row.cells[0].contains(&format!("href=\"{}\"", pct(&page_file_name(id))))
                || row.cells[0].contains(&format!("href=\"{}\"", page_file_name(id))),
            "{id} links to its page: {}",
            row.cells[0]
        );
    }

    // 2. The filter script: by verdict, then district and criterion together.
    let verdict_code = |label: &str| match label {
        "符合" => "pass",
        "不符合" => "fail",
        "待核实" => "review",
        other => panic!("verdict {other}"),
    };
    let ids_where = |f: &dyn Fn(&Record) -> bool| -> Vec<String> {
        let mut v: Vec<String> = report
            .iter()
            .filter(|r| f(r))
            .map(|r| r["申报编号"].clone())
            .collect();
        v.sort();
        v
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let failing = ids_where(&|r| verdict_code(&r["评审结论"]) == "fail");
    assert!(!failing.is_empty() && failing.len() < report.len());
    let dom = dump_dom(&index, "verdict=fail", &profile);
    assert_eq!(sorted(shown_ids(&body_rows(&dom, "applicants"))), failing);
    assert!(dom.contains(&format!("{} / {}", failing.len(), report.len())));

    // A criterion to review in some district, chosen from the report.
    let (district, criterion) = report
        .iter()
        .find_map(|r| {
            split(&r["待核实项"])
                .first()
                .map(|c| (r["所属区县"].clone(), c.clone()))
        })
        .expect("a review item in the sample round");
    let expected = ids_where(&|r| {
        r["所属区县"] == district
            && (split(&r["不符合项"]).contains(&criterion)
                || split(&r["待核实项"]).contains(&criterion))
    });
    let dom = dump_dom(
        &index,
        &format!("district={district}&criterion={criterion}"),
        &profile,
    );
    assert_eq!(
        sorted(shown_ids(&body_rows(&dom, "applicants"))),
        expected,
        "{district} {criterion}"
    );

    // 3. The sort script: by the number of failed criteria, descending; ties keep the id order.
    let dom = dump_dom(&index, "sort=failed&dir=desc", &profile);
    let rows = body_rows(&dom, "applicants");
    let counts: Vec<usize> = rows.iter().map(|r| listed_ids(&r.cells[4]).len()).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "sorted by failed count: {counts:?}"
    );
    assert!(dom.contains("aria-sort=\"descending\""));
    let first_id = &rows[0].text(0);
    let most = report
        .iter()
        .map(|r| split(&r["不符合项"]).len())
        .max()
        .unwrap_or(0);
    assert_eq!(counts[0], most, "{first_id}");

    // 4. An applicant page: failed rows first, with figure, threshold, evidence and message as
    //    in criteria.csv; then review rows; then the rest.
    let applicant = report
        .iter()
        .filter(|r| !r["不符合项"].is_empty())
        .max_by_key(|r| split(&r["不符合项"]).len())
        .expect("a failing applicant");
    let id = &applicant["申报编号"];
    let dom = dump_dom(&out.join("review").join(page_file_name(id)), "", &profile);
    assert!(
        dom.contains("id=\"verdict\" data-verdict=\"fail\"><span class=\"v v-fail\">"),
        "{id} shown failed"
    );
    let page_rows = body_rows(&dom, "criteria");
    let csv_rows: Vec<&Record> = criteria.iter().filter(|r| &r["申报编号"] == id).collect();
    assert_eq!(
        page_rows.len(),
        csv_rows.len(),
        "every criterion row of {id}"
    );
    let rank = |v: &str| match v {
        "不符合" => 0,
        "待核实" => 1,
        _ => 2,
    };
    let ranks: Vec<u8> = page_rows.iter().map(|r| rank(&r.text(2))).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "fail, review, rest: {ranks:?}"
    );
    assert!(ranks[0] == 0, "the first row shown failed");
    let loc = Regex::new(r#"<span class="loc">([^<]*)</span>"#).unwrap();
    for row in &page_rows {
        let crit = row.attr("data-criterion").expect("criterion attribute");
        let rec = csv_rows
            .iter()
            .find(|r| r["评审项"] == crit)
            .unwrap_or_else(|| panic!("{crit} in criteria.csv"));
        assert!(row.text(0).contains(&rec["评审项名称"]), "{crit}");
        assert_eq!(row.text(2), rec["结论"], "{crit}");
        assert_eq!(row.text(3), rec["数值"], "{crit}");
        assert_eq!(row.text(4), rec["标准"], "{crit}");
        assert_eq!(row.text(6), rec["说明"], "{crit}");
        let shown: Vec<String> = loc
            .captures_iter(&row.cells[5])
            .map(|c| unescape(&c[1]))
            .collect();
        assert_eq!(shown.join("; "), rec["证据"], "{crit}");
    }
    // Evidence locations link to their files, relative to the page: each link opens a file
    //    (or the archive holding it) that exists.
    let page = std::fs::read_to_string(out.join("review").join(page_file_name(id))).unwrap();
    let href = Regex::new(r#"<a href="(\.\./[^"]*)"><span class="loc">"#).unwrap();
    let targets: Vec<String> = href.captures_iter(&page).map(|c| unpct(&c[1])).collect();
    assert!(!targets.is_empty(), "{id}'s page links its evidence");
    for t in &targets {
        assert!(out.join("review").join(t).exists(), "{t} exists");
    }
    // 5. The evidence context: some failed or review row of the round shows the sheet row its
    //    figure came from, the cited cell marked 【figure】.
    let ctx = Regex::new(r#"<div class="ctx">([^<]*)</div>"#).unwrap();
    let mut with_context = 0;
    let mut pdf_lines = 0;
    for rec in &report {
        let id = &rec["申报编号"];
        let dom = std::fs::read_to_string(out.join("review").join(page_file_name(id))).unwrap();
        for row in body_rows(&dom, "criteria") {
            let crit = row.attr("data-criterion").unwrap_or_default();
            let Some(csv_row) = criteria
                .iter()
                .find(|r| &r["申报编号"] == id && r["评审项"] == crit)
            else {
                continue;
            };
            let value = &csv_row["数值"];
            // A figure from a PDF page: the line shows it (digit groups or 万元 allowed).
            if let Ok(v) = value.parse::<rust_decimal::Decimal>()
                && csv_row["证据"].contains(".pdf p.")
            {
                let forms = [
                    v.normalize().to_string(),
                    format!("{:.2}", v),
                    format!("{:.2}", v / rust_decimal::Decimal::from(10_000)),
                ];
                let shows = ctx.captures_iter(&row.cells[5]).any(|c| {
                    let line = unescape(&c[1]).replace(',', "");
                    forms.iter().any(|f| line.contains(f.as_str()))
                });
                if shows {
                    pdf_lines += 1;
                }
            }
            if !value.is_empty()
                && ctx
                    .captures_iter(&row.cells[5])
                    .any(|c| unescape(&c[1]).contains(&format!("【{value}】")))
            {
                assert!(
                    matches!(row.text(2).as_str(), "不符合" | "待核实"),
                    "{id} {crit}"
                );
                with_context += 1;
            }
        }
    }
    assert!(
        with_context >= 2,
        "sheet rows shown as context: {with_context}"
    );
    assert!(pdf_lines >= 1, "PDF lines shown as context: {pdf_lines}");

    for f in split(&applicant["不符合项"]) {
        assert!(
            page_rows
                .iter()
                .any(|r| r.attr("data-criterion").as_deref() == Some(&f) && r.text(2) == "不符合"),
            "{f} shown failed"
        );
    }
}
