//! Review pages (SPEC §9): `review/index.html`, one row per applicant, sortable and
//! filterable by verdict, district and criterion; and `review/<applicant>.html`, one page per
//! applicant with every criterion row, the failed and review rows first, each with its figure,
//! threshold, evidence (and the excerpt of the cited sheet row or PDF line, when taken) and
//! message.
//!
//! The pages are self-contained: no network, no external asset, one small inline script on
//! the index (ES5, so an office PC's older browser runs it too), allowed by a
//! Content-Security-Policy hash, so nothing else could run even if an escape were missed.
//! Without the script the index is a complete static table. Everything that comes from input
//! is HTML-escaped. The same results give the same bytes.
//!
//! The index reads a filter and a sort from the address (`index.html#verdict=fail&district=
//! 历城区&criterion=A19.3&sort=name&dir=desc`, or the same as a `?query`), and writes the
//! current choice back into the fragment, so a filtered view can be bookmarked or sent.
//!
//! File names: an applicant id may hold any character, so it is encoded (`page_file_name`):
//! lower-case ASCII letters, digits, `-` and caseless non-ASCII letters (Chinese) are kept,
//! every other character becomes `_` and the hex of its UTF-8 bytes (`_` itself `_5F`, `A`
//! `_41`), which is one-to-one and safe on Windows (no case clash, no reserved name); a name
//! longer than 150 bytes is cut and ends in a hash of the whole id.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{ReportError, commit, discard, interrupted_error, rows, staging, temp_path};
use crate::evaluate::criteria::{name as criterion_name, order};
use crate::evaluate::{ApplicantResult, EvidenceContext, Row, Verdict};
use crate::model::{Evidence, Lang};

/// The review pages' folder inside `--out`.
pub const REVIEW_DIR: &str = "review";

/// Bytes kept of an encoded file name (without `.html`) before it is cut and hashed.
const MAX_NAME_BYTES: usize = 150;

/// HTML-escapes text for element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and line breaks are not allowed in HTML.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The page file name of an applicant id (see the module doc): `page_file_name("华信科技")`
/// is `华信科技.html`.
pub fn page_file_name(id: &str) -> String {
    let keep = |c: char| {
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || c == '-'
            || (!c.is_ascii()
                && c.is_alphanumeric()
                && c.to_lowercase().eq(std::iter::once(c))
                && c.to_uppercase().eq(std::iter::once(c)))
    };
    let mut stem = String::new();
    for c in id.chars() {
        if keep(c) {
            stem.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(stem, "_{b:02X}");
            }
        }
    }
    // Windows' reserved device names, and the index's own name.
    let base = stem.split('.').next().unwrap_or("");
    let reserved = matches!(base, "con" | "prn" | "aux" | "nul" | "index")
        || ((base.starts_with("com") || base.starts_with("lpt"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        let first = stem.remove(0);
        stem.insert_str(0, &format!("_{:02X}", first as u32));
    }
    if stem.is_empty() {
        stem.push('_');
    }
    if stem.len() > MAX_NAME_BYTES {
        let mut cut = MAX_NAME_BYTES - 17;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        let hash = Sha256::digest(id.as_bytes());
        let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        stem = format!("{}~{hex}", &stem[..cut]);
    }
    format!("{stem}.html")
}

/// The verdict's code in the pages' data attributes and filters (language-independent).
fn code(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::Review => "review",
        Verdict::NotApplicable => "na",
        Verdict::Manual => "manual",
    }
}

/// Sort key of an overall verdict: fail, review, pass.
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Fail => 0,
        Verdict::Review => 1,
        Verdict::Pass => 2,
        Verdict::Manual => 3,
        Verdict::NotApplicable => 4,
    }
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn html_lang(lang: Lang) -> &'static str {
    t(lang, "zh-CN", "en")
}

/// Base64 (standard alphabet, padded), for the CSP hashes.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI','Microsoft YaHei','PingFang SC','Noto Sans CJK SC',sans-serif;margin:1.5em;color:#222;line-height:1.45}
h1{font-size:1.4em;margin:.2em 0 .6em}
h2{font-size:1.15em;margin:1.2em 0 .4em}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}
#applicants th{cursor:pointer;user-select:none}
#applicants th[aria-sort=ascending]::after{content:' \\25B2'}
#applicants th[aria-sort=descending]::after{content:' \\25BC'}
table.facts{width:auto}
table.facts th{position:static}
.v{font-weight:bold;white-space:nowrap}
.v-pass{color:#17692f}.v-fail{color:#b3141b}.v-review{color:#9a5b00}.v-na,.v-manual{color:#666}
tr.r-fail td:first-child{border-left:4px solid #b3141b}
tr.r-review td:first-child{border-left:4px solid #d08a00}
ul{margin:0;padding-left:1.1em}
.id{font-family:ui-monospace,Consolas,monospace;font-size:.85em;color:#555}
.ctx{margin:.2em 0 .3em;padding:.2em .4em;background:#f7f7f2;border-left:3px solid #bbb;font-size:.9em;white-space:pre-wrap;word-break:break-all}
.num{font-variant-numeric:tabular-nums;white-space:nowrap}
#filters{margin:.6em 0;display:flex;flex-wrap:wrap;gap:.8em;align-items:center}
#filters[hidden]{display:none}
tr[hidden]{display:none}
.note{color:#555;font-size:.9em}
";

/// The index's script: reads `verdict`, `district`, `criterion`, `sort`, `dir` from the query
/// or fragment, filters the rows (`hidden`), sorts on header clicks, and keeps the fragment in
/// step. ES5 only.
const SCRIPT: &str = r#"
(function () {
  'use strict';
  var table = document.getElementById('applicants');
  var form = document.getElementById('filters');
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById('shown');
  var sel = {
    verdict: document.getElementById('f-verdict'),
    district: document.getElementById('f-district'),
    criterion: document.getElementById('f-criterion')
  };
  var sortCol = -1, sortDir = 1;
  function dec(s) {
    try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return ''; }
  }
  function params() {
    var out = {};
    var parts = (location.search.replace(/^\?/, '') + '&' + location.hash.replace(/^#/, '')).split('&');
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf('=');
      if (at > 0) { out[dec(parts[i].slice(0, at))] = dec(parts[i].slice(at + 1)); }
    }
    return out;
  }
  function choose(select, value) {
    select.value = value;
    if (select.value !== value) {
      var o = document.createElement('option');
      o.value = value;
      o.textContent = value;
      select.appendChild(o);
      select.value = value;
    }
  }
  function filter() {
    var v = sel.verdict.value, d = sel.district.value, c = sel.criterion.value, n = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!v || r.getAttribute('data-verdict') === v) &&
        (!d || r.getAttribute('data-district') === d) &&
        (!c || r.getAttribute('data-criteria').indexOf('|' + c + '|') >= 0);
      if (ok) { r.removeAttribute('hidden'); n++; } else { r.setAttribute('hidden', ''); }
    }
    shown.textContent = n + ' / ' + rows.length;
  }
  function key(r, i) {
    var c = r.cells[i];
    var k = c.getAttribute('data-key');
    return k === null ? (c.textContent || '') : k;
  }
  function sort(i, dir) {
    sortCol = i; sortDir = dir;
    var list = rows.slice();
    list.sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      var c = x.localeCompare(y, 'zh-CN', { numeric: true });
      return c * dir || (+a.getAttribute('data-i') - +b.getAttribute('data-i'));
    });
    for (var j = 0; j < list.length; j++) { body.appendChild(list[j]); }
    for (var h = 0; h < heads.length; h++) {
      if (h === i) { heads[h].setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending'); }
      else { heads[h].removeAttribute('aria-sort'); }
    }
  }
  function remember() {
    var q = [];
    for (var k in sel) {
      if (sel[k].value) { q.push(k + '=' + encodeURIComponent(sel[k].value)); }
    }
    if (sortCol >= 0) {
      q.push('sort=' + heads[sortCol].getAttribute('data-col'));
      q.push('dir=' + (sortDir > 0 ? 'asc' : 'desc'));
    }
    var h = q.join('&');
    try { history.replaceState(null, '', '#' + h); } catch (e) { /* file:// in some browsers */ }
  }
  function load() {
    var p = params();
    for (var k in sel) { choose(sel[k], p[k] || ''); }
    if (p.sort) {
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getAttribute('data-col') === p.sort) { sort(i, p.dir === 'desc' ? -1 : 1); }
      }
    }
    filter();
  }
  for (var k in sel) {
    sel[k].addEventListener('change', function () { filter(); remember(); });
  }
  for (var i = 0; i < heads.length; i++) {
    (function (i) {
      var go = function () { sort(i, sortCol === i ? -sortDir : 1); remember(); };
      heads[i].tabIndex = 0;
      heads[i].addEventListener('click', go);
      heads[i].addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); }
      });
    })(i);
  }
  window.addEventListener('hashchange', load);
  form.removeAttribute('hidden');
  load();
})();
"#;

fn head(out: &mut String, lang: Lang, title: &str, script: bool) {
    let mut csp = format!("default-src 'none'; style-src {}", csp_hash(STYLE));
    if script {
        let _ = write!(csp, "; script-src {}", csp_hash(SCRIPT));
    }
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        html_lang(lang),
        escape(title),
    );
}

fn verdict_span(v: Verdict, lang: Lang) -> String {
    format!(
        "<span class=\"v v-{}\">{}</span>",
        code(v),
        escape(v.label(lang))
    )
}

/// A criterion as the pages show it: its name and its id.
fn criterion_html(id: &str, lang: Lang) -> String {
    let name = criterion_name(id, lang);
    if name.is_empty() {
        format!("<span class=\"id\">{}</span>", escape(id))
    } else {
        format!("{} <span class=\"id\">{}</span>", escape(name), escape(id))
    }
}

fn criteria_list(ids: &[&str], lang: Lang) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let mut s = String::from("<ul>");
    for id in ids {
        let _ = write!(s, "<li>{}</li>", criterion_html(id, lang));
    }
    s.push_str("</ul>");
    s
}

fn sorted_ids(mut ids: Vec<&str>) -> Vec<&str> {
    ids.sort_by_key(|c| order(c));
    ids
}

fn district_of(r: &ApplicantResult) -> &str {
    r.district
        .as_deref()
        .filter(|d| !d.is_empty())
        .unwrap_or("")
}

/// `review/index.html`.
pub fn index_html(results: &[&ApplicantResult], lang: Lang) -> String {
    let title = t(lang, "评审结果", "Review results");
    let mut out = String::new();
    head(&mut out, lang, title, true);
    let _ = writeln!(out, "<h1>{}</h1>", escape(title));
    let count = |v: Verdict| results.iter().filter(|r| r.verdict == v).count();
    let _ = writeln!(
        out,
        "<p>{} {}：{} {}，{} {}，{} {}</p>",
        t(lang, "申报单位", "Applicants"),
        results.len(),
        escape(Verdict::Pass.label(lang)),
        count(Verdict::Pass),
        escape(Verdict::Fail.label(lang)),
        count(Verdict::Fail),
        escape(Verdict::Review.label(lang)),
        count(Verdict::Review),
    );

    // Filters: hidden until the script shows them (a static table without it).
    let districts: BTreeSet<&str> = results.iter().map(|r| district_of(r)).collect();
    let mut criteria: Vec<&str> = results
        .iter()
        .flat_map(|r| r.failed().into_iter().chain(r.review()))
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .collect();
    criteria.sort_by_key(|c| (order(c), c.to_string()));
    let all = t(lang, "全部", "all");
    let _ = writeln!(out, "<form id=\"filters\" hidden>");
    let _ = write!(
        out,
        "<label>{} <select id=\"f-verdict\"><option value=\"\">{all}</option>",
        t(lang, "评审结论", "Verdict")
    );
    for v in [Verdict::Fail, Verdict::Review, Verdict::Pass] {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            code(v),
            escape(v.label(lang))
        );
    }
    let _ = writeln!(out, "</select></label>");
    let _ = write!(
        out,
        "<label>{} <select id=\"f-district\"><option value=\"\">{all}</option>",
        t(lang, "所属区县", "District")
    );
    for d in &districts {
        let label = if d.is_empty() {
            t(lang, "（未知）", "(unknown)")
        } else {
            d
        };
        // An empty value means "all": the unknown district is filtered by a value of its own.
        let value = if d.is_empty() { "\u{2014}" } else { d };
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(label)
        );
    }
    let _ = writeln!(out, "</select></label>");
    let _ = write!(
        out,
        "<label>{} <select id=\"f-criterion\"><option value=\"\">{all}</option>",
        t(lang, "不符合或待核实的评审项", "Failed or review criterion")
    );
    for c in &criteria {
        let name = criterion_name(c, lang);
        let label = if name.is_empty() {
            c.to_string()
        } else {
            format!("{c} {name}")
        };
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(c),
            escape(&label)
        );
    }
    let _ = writeln!(out, "</select></label>");
    let _ = writeln!(
        out,
        "<span>{} <output id=\"shown\">{}</output></span>\n</form>",
        t(lang, "显示", "Shown"),
        results.len()
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        t(
            lang,
            "点击表头排序；每个申报编号链接到该单位的逐项评审页。",
            "Click a column header to sort; each applicant id links to its page of criteria."
        )
    );

    let _ = writeln!(out, "<table id=\"applicants\">\n<thead><tr>");
    for (col, zh, en) in [
        ("id", "申报编号", "Applicant"),
        ("name", "单位名称", "Name"),
        ("district", "所属区县", "District"),
        ("verdict", "评审结论", "Verdict"),
        ("failed", "不符合项", "Failed"),
        ("review", "待核实项", "To review"),
    ] {
        let _ = write!(
            out,
            "<th data-col=\"{col}\" scope=\"col\">{}</th>",
            t(lang, zh, en)
        );
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for (i, r) in results.iter().enumerate() {
        let failed = sorted_ids(r.failed());
        let review = sorted_ids(r.review());
        let mut crit = String::from("|");
        for c in failed.iter().chain(&review) {
            crit.push_str(c);
            crit.push('|');
        }
        let district = district_of(r);
        let _ = writeln!(
            out,
            "<tr class=\"r-{v}\" data-i=\"{i}\" data-verdict=\"{v}\" data-district=\"{}\" data-criteria=\"{}\">\
             <td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>\
             <td class=\"v-cell\" data-key=\"{}\">{}</td>\
             <td data-key=\"{}\">{}</td><td data-key=\"{}\">{}</td></tr>",
            escape(if district.is_empty() {
                "\u{2014}"
            } else {
                district
            }),
            escape(&crit),
            escape(&page_file_name(&r.id)),
            escape(&r.id),
            escape(&r.name),
            escape(district),
            rank(r.verdict),
            verdict_span(r.verdict, lang),
            failed.len(),
            criteria_list(&failed, lang),
            review.len(),
            criteria_list(&review, lang),
            v = code(r.verdict),
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<script>{SCRIPT}</script>\n</body>\n</html>"
    );
    out
}

/// An href for a relative path: every byte outside the unreserved set and `/` percent-encoded
/// (UTF-8 names included), so `#`, `%`, `?` and spaces in file names survive.
fn href(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The link of an evidence file from a review page, when the file can be found on disk.
type LinkOf<'l> = dyn FnMut(&Evidence) -> Option<String> + 'l;

fn evidence_html(
    criterion: &str,
    evidence: &[Evidence],
    context: &[EvidenceContext],
    link: &mut LinkOf,
) -> String {
    if evidence.is_empty() {
        return String::new();
    }
    let mut s = String::from("<ul>");
    for e in evidence {
        let loc = escape(&e.to_string());
        match link(e) {
            Some(target) => {
                let _ = write!(
                    s,
                    "<li><a href=\"{}\"><span class=\"loc\">{loc}</span></a>",
                    escape(&href(&target))
                );
            }
            None => {
                let _ = write!(s, "<li><span class=\"loc\">{loc}</span>");
            }
        }
        if let Some(c) = context
            .iter()
            .find(|c| c.criterion == criterion && &c.evidence == e)
        {
            let _ = write!(s, "<div class=\"ctx\">{}</div>", escape(&c.text));
        }
        s.push_str("</li>");
    }
    s.push_str("</ul>");
    s
}

/// `review/<applicant>.html`; `link` gives an evidence file's href from the page.
pub fn applicant_html(r: &ApplicantResult, lang: Lang, link: &mut LinkOf) -> String {
    let shown_name = if r.name.trim().is_empty() {
        r.id.as_str()
    } else {
        r.name.as_str()
    };
    let mut out = String::new();
    head(&mut out, lang, shown_name, false);
    let _ = writeln!(
        out,
        "<p><a href=\"index.html\">{}</a></p>",
        t(lang, "← 返回总表", "← All applicants")
    );
    let _ = writeln!(
        out,
        "<h1>{} <span id=\"verdict\" data-verdict=\"{}\">{}</span></h1>",
        escape(shown_name),
        code(r.verdict),
        verdict_span(r.verdict, lang)
    );
    let failed = sorted_ids(r.failed());
    let review = sorted_ids(r.review());
    let _ = writeln!(out, "<table class=\"facts\">");
    let facts: [(&str, String); 8] = [
        (
            t(lang, "评审结论", "Verdict"),
            verdict_span(r.verdict, lang),
        ),
        (t(lang, "申报编号", "Applicant"), escape(&r.id)),
        (t(lang, "单位名称", "Name"), escape(&r.name)),
        (
            t(lang, "统一社会信用代码", "Credit code"),
            escape(&r.credit_code),
        ),
        (t(lang, "所属区县", "District"), escape(district_of(r))),
        (
            t(lang, "单位性质", "Organisation type"),
            escape(r.org_type.map(|o| o.label(lang)).unwrap_or("")),
        ),
        (t(lang, "不符合项", "Failed"), criteria_list(&failed, lang)),
        (
            t(lang, "待核实项", "To review"),
            criteria_list(&review, lang),
        ),
    ];
    for (k, v) in facts {
        let _ = writeln!(out, "<tr><th scope=\"row\">{k}</th><td>{v}</td></tr>");
    }
    let _ = writeln!(out, "</table>");
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<p class=\"note\">{}</p>",
        t(lang, "逐项评审", "Criteria"),
        t(
            lang,
            "不符合项在前，待核实项其次，其余按条款顺序。出处下的灰底文字是该数值所在的表格行（【】为所引单元格）或 PDF 页中的文字行。",
            "Failed rows first, then rows to review, then the rest in article order. The grey text under a location is the sheet row (the cited cell in 【】) or the PDF text line the figure came from."
        )
    );
    let _ = writeln!(out, "<table id=\"criteria\">\n<thead><tr>");
    for (zh, en) in [
        ("评审项", "Criterion"),
        ("条款", "Article"),
        ("结论", "Verdict"),
        ("数值", "Figure"),
        ("标准", "Threshold"),
        ("证据", "Evidence"),
        ("说明", "Message"),
    ] {
        let _ = write!(out, "<th scope=\"col\">{}</th>", t(lang, zh, en));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    let mut list: Vec<std::borrow::Cow<Row>> = rows(r, lang);
    list.sort_by_key(|row| match row.verdict {
        Verdict::Fail => 0,
        Verdict::Review => 1,
        _ => 2,
    });
    for row in &list {
        let _ = writeln!(
            out,
            "<tr class=\"r-{v}\" data-criterion=\"{}\" data-verdict=\"{v}\"><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.criterion),
            criterion_html(&row.criterion, lang),
            escape(&row.article),
            verdict_span(row.verdict, lang),
            escape(&row.value),
            escape(&row.threshold),
            evidence_html(&row.criterion, &row.evidence, &r.context, link),
            escape(&row.message),
            v = code(row.verdict),
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</body>\n</html>");
    out
}

/// Writes `out/review/index.html` and one page per applicant (`page_file_name`) through
/// temporaries renamed into place together at the end. `results` sorted by id.
pub fn write_review_pages(
    out: &Path,
    results: &[&ApplicantResult],
    lang: Lang,
) -> Result<(), ReportError> {
    let mut staged = Vec::new();
    match stage_review_pages(out, results, lang, &super::Links::default(), &mut staged) {
        Ok(()) => commit(&staged),
        Err(e) => {
            let temps: Vec<PathBuf> = staged.into_iter().map(|(t, _)| t).collect();
            discard(&temps);
            Err(e)
        }
    }
}

/// Like `super::stage_with` without the `fsync`: a page is written to its registered
/// temporary and renamed with the reports, so no reader sees half a page, but thousands of
/// pages are not each flushed to disk (3–4 ms apiece here, seconds per round); a power cut can
/// cost pages that the next run writes again.
fn stage_unsynced(path: &Path, bytes: &[u8]) -> Result<PathBuf, ReportError> {
    let tmp = temp_path(path);
    let io = |source| ReportError::Io {
        path: tmp.display().to_string(),
        source,
    };
    // Created under the staging lock, as `stage_with` does, so an interrupt removes it.
    let mut file = {
        let mut s = staging();
        if s.interrupted {
            return Err(interrupted_error(path));
        }
        let file = std::fs::File::create(&tmp).map_err(io)?;
        s.temps.push(tmp.clone());
        file
    };
    let written = std::io::Write::write_all(&mut file, bytes);
    drop(file);
    if let Err(e) = written {
        discard(std::slice::from_ref(&tmp));
        return Err(io(e));
    }
    Ok(tmp)
}

/// Stages the review pages beside their final names (into `staged`, renamed with the CSVs by
/// `write_reports`); removes the pages of applicants no longer in the results and the
/// temporaries a killed run left in `out/review`.
pub(super) fn stage_review_pages(
    out: &Path,
    results: &[&ApplicantResult],
    lang: Lang,
    links: &super::Links,
    staged: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(), ReportError> {
    let dir = out.join(REVIEW_DIR);
    let mut linker = super::xlsx::Linker::new(out, links);
    std::fs::create_dir_all(&dir).map_err(|source| ReportError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut written: BTreeSet<String> = BTreeSet::new();
    let mut stage = |name: String, html: String| -> Result<(), ReportError> {
        let path = dir.join(&name);
        let tmp = stage_unsynced(&path, html.as_bytes())?;
        staged.push((tmp, path));
        written.insert(name);
        Ok(())
    };
    for r in results {
        let mut link = |e: &Evidence| linker.target(&r.id, &e.file).map(|t| format!("../{t}"));
        stage(page_file_name(&r.id), applicant_html(r, lang, &mut link))?;
    }
    stage("index.html".to_string(), index_html(results, lang))?;
    let ours = format!(".{}.tmp", std::process::id());
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let stale_page = name.ends_with(".html") && !written.contains(&name);
            let stale_temp =
                name.starts_with('.') && name.ends_with(".tmp") && !name.ends_with(&ours);
            if (stale_page || stale_temp) && e.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_one_to_one_and_safe() {
        assert_eq!(page_file_name("华信科技"), "华信科技.html");
        assert_eq!(page_file_name("p001-甲"), "p001-甲.html");
        assert_eq!(
            page_file_name("P001"),
            "_50001.html",
            "upper case would clash on Windows"
        );
        assert_eq!(page_file_name("a_b"), "a_5Fb.html");
        assert_eq!(page_file_name("../x"), "_2E_2E_2Fx.html");
        assert_eq!(page_file_name("<script>\""), "_3Cscript_3E_22.html");
        assert_eq!(page_file_name("index"), "_69ndex.html");
        assert_eq!(page_file_name("con"), "_63on.html");
        assert_eq!(page_file_name("com1"), "_63om1.html");
        assert_eq!(page_file_name(""), "_.html");
        let ids = [
            "a b", "a_20b", "A", "a", "_41", "a/b", "a\\b", "index", "_69ndex",
        ];
        let names: BTreeSet<String> = ids.iter().map(|i| page_file_name(i)).collect();
        assert_eq!(names.len(), ids.len(), "{names:?}");
        let long = "有限公司".repeat(40);
        let name = page_file_name(&long);
        assert!(name.len() <= MAX_NAME_BYTES + 5, "{}", name.len());
        assert_ne!(name, page_file_name(&format!("{long}甲")));
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{0}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}"
        );
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
    fn hostile() -> ApplicantResult {
        use crate::evaluate::{KeyFigures, Outcome};
        let file = "x\"<script>alert(2)</script>.xlsx";
        let e = Evidence::cell(file, "表\"1", 2, 1);
        let outcomes = vec![
            Outcome::new("A2.registered", "2", Verdict::Pass)
                .evidence([e.clone()])
                .msg("ok", "ok"),
            Outcome::new("A14.1.total_assets", "14(1)", Verdict::Fail)
                .value("1499999.99")
                .threshold("≥1500000")
                .evidence([e.clone()])
                .msg("资产 <b>不足</b>", "assets <b>short</b>"),
        ];
        ApplicantResult {
            id: "甲<script>\"".into(),
            name: "<script>alert(1)</script>\"公司".into(),
            platform_name: String::new(),
            declared: Vec::new(),
            files: Vec::new(),
            credit_code: "91370100MA3C000000".into(),
            district: Some("历城区\"".into()),
            org_type: None,
            verdict: Verdict::Fail,
            outcomes,
            figures: KeyFigures::default(),
            rendered: None,
            context: vec![EvidenceContext {
                criterion: "A14.1.total_assets".into(),
                evidence: e,
                text: "资产总计 | 【<img src=x onerror=alert(3)>】".into(),
            }],
        }
    }

    #[test]
    fn input_text_is_escaped_everywhere() {
        let r = hostile();
        for lang in [Lang::Zh, Lang::En] {
            let page = applicant_html(&r, lang, &mut |_| None);
            let index = index_html(&[&r], lang);
            for html in [&page, &index] {
                assert!(!html.contains("<script>alert"), "{html}");
                assert!(!html.contains("<img"), "{html}");
                assert!(!html.contains("<b>"), "{html}");
                assert!(
                    !html.contains("历城区\""),
                    "a quote closes the attribute: {html}"
                );
            }
            assert_eq!(
                index.matches("<script").count(),
                1,
                "only the page's own script"
            );
            assert_eq!(page.matches("<script").count(), 0);
            assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;公司"));
            assert!(
                page.contains("x&quot;&lt;script&gt;alert(2)&lt;/script&gt;.xlsx!表&quot;1!B3")
            );
            assert_eq!(
                page.matches("【&lt;img src=x onerror=alert(3)&gt;】")
                    .count(),
                1,
                "the excerpt only under the row it was taken for, not under the pass row citing the same cell"
            );
            assert!(index.contains(&format!("href=\"{}\"", page_file_name(&r.id))));
            // The failed row comes before the passing one, with its figure and threshold.
            let fail = page
                .find("data-criterion=\"A14.1.total_assets\"")
                .unwrap_or(usize::MAX);
            let pass = page.find("data-criterion=\"A2.registered\"").unwrap_or(0);
            assert!(fail < pass, "failed rows first");
            assert!(
                page.contains("<td class=\"num\">1499999.99</td><td class=\"num\">≥1500000</td>")
            );
        }
        assert!(applicant_html(&r, Lang::Zh, &mut |_| None).contains("资产 &lt;b&gt;不足"));
        assert!(applicant_html(&r, Lang::En, &mut |_| None).contains("assets &lt;b&gt;short"));
        assert_eq!(index_html(&[&r], Lang::Zh), index_html(&[&r], Lang::Zh));
    }

    #[test]
    fn csp_hashes_match_the_inline_style_and_script() {
        let index = index_html(&[], Lang::Zh);
        let script = format!("<script>{SCRIPT}</script>");
        assert!(index.contains(&script));
        assert!(index.contains(&format!("script-src {}", csp_hash(SCRIPT))));
        assert!(index.contains(&format!("style-src {}", csp_hash(STYLE))));
    }
}
