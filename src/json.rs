//! A small JSON writer for the machine outputs (`inspect --format json`, `evaluate --format
//! ndjson`). Members keep the order they are given in, so the same input gives the same bytes;
//! strings are escaped by serde_json; numbers are written from their exact decimal text, never
//! through f64, so money stays exact (`1499999.99`, not `1499999.9899999998`).

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::model::{Evidence, Location};

/// A JSON value whose objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's text: digits, an optional `-` and an optional decimal part.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(&'static str, Json)>),
}

impl Json {
    pub fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }
    /// An exact decimal as a JSON number (its text, never via f64).
    pub fn decimal(d: Decimal) -> Json {
        Json::number_text(&d.to_string())
    }
    pub fn int(n: impl Into<i128>) -> Json {
        Json::Num(n.into().to_string())
    }
    /// A cell's text as a number when it is a plain number (`-12`, `0.8000`), null when empty,
    /// else as a string (never a number JSON cannot hold).
    pub fn number_text(s: &str) -> Json {
        if s.is_empty() {
            Json::Null
        } else if crate::report::is_plain_number(s) {
            Json::Num(s.to_string())
        } else {
            Json::Str(s.to_string())
        }
    }
    pub fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Json) -> Json {
        v.map_or(Json::Null, f)
    }
    pub fn arr<T>(items: impl IntoIterator<Item = T>, f: impl FnMut(T) -> Json) -> Json {
        Json::Arr(items.into_iter().map(f).collect())
    }

    /// On one line (an NDJSON record).
    pub fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    /// Indented by two spaces, ending with a newline (a document for people and `jq`).
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>) {
        let newline = |out: &mut String, level: usize| {
            out.push('\n');
            out.extend(std::iter::repeat_n("  ", level));
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => quote(out, s),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(members) if members.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if let Some(level) = indent {
                        newline(out, level + 1);
                    }
                    item.write(out, indent.map(|l| l + 1));
                }
                if let Some(level) = indent {
                    newline(out, level);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if let Some(level) = indent {
                        newline(out, level + 1);
                    }
                    quote(out, key);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    value.write(out, indent.map(|l| l + 1));
                }
                if let Some(level) = indent {
                    newline(out, level);
                }
                out.push('}');
            }
        }
    }
}

fn quote(out: &mut String, s: &str) {
    // Serialising a str cannot fail.
    let _ = write!(
        out,
        "{}",
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    );
}

/// Evidence as an object: `text` as the reports write it (`推荐表.xlsx!Sheet1!B3`), the file,
/// and the place in it (`sheet`, `cell`, `row` 1-based, `page`, `ocr`, `paragraph`) as it
/// applies.
pub fn evidence(e: &Evidence) -> Json {
    let mut o = vec![
        ("text", Json::str(e.to_string())),
        ("file", Json::str(&e.file)),
    ];
    match &e.location {
        Location::File => {}
        Location::Cell { sheet, row, col } => {
            o.push(("sheet", Json::str(sheet)));
            o.push((
                "cell",
                Json::str(format!("{}{}", crate::model::column_letters(*col), row + 1)),
            ));
            o.push(("row", Json::int(row + 1)));
        }
        Location::Row { sheet, row } => {
            o.push(("sheet", Json::str(sheet)));
            o.push(("row", Json::int(row + 1)));
        }
        Location::Sheet(sheet) => o.push(("sheet", Json::str(sheet))),
        Location::Page(p) => o.push(("page", Json::int(*p))),
        Location::OcrPage(p) => {
            o.push(("page", Json::int(*p)));
            o.push(("ocr", Json::Bool(true)));
        }
        Location::Paragraph(n) => o.push(("paragraph", Json::int(*n))),
    }
    Json::Obj(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn money_is_written_exactly_and_strings_are_escaped() {
        let d = Decimal::from_str("1499999.99").unwrap();
        let j = Json::Obj(vec![
            ("assets", Json::decimal(d)),
            ("neg", Json::decimal(Decimal::from_str("-0.0001").unwrap())),
            ("name", Json::str("平台\"甲\"\n")),
            ("none", Json::Null),
            ("list", Json::Arr(vec![Json::Bool(true), Json::int(7u32)])),
        ]);
        assert_eq!(
            j.compact(),
            r#"{"assets":1499999.99,"neg":-0.0001,"name":"平台\"甲\"\n","none":null,"list":[true,7]}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&j.pretty()).unwrap();
        assert_eq!(parsed["assets"].to_string(), "1499999.99");
        assert_eq!(parsed["name"], "平台\"甲\"\n");
    }

    #[test]
    fn a_cell_is_a_number_only_when_it_is_a_plain_number() {
        assert_eq!(Json::number_text("52"), Json::Num("52".into()));
        assert_eq!(Json::number_text("-0.8000"), Json::Num("-0.8000".into()));
        assert_eq!(Json::number_text(""), Json::Null);
        assert_eq!(Json::number_text("1e5"), Json::str("1e5"));
        assert_eq!(Json::number_text("≥ 50"), Json::str("≥ 50"));
        assert_eq!(Json::number_text("NaN"), Json::str("NaN"));
    }

    #[test]
    fn evidence_names_its_place() {
        let e = Evidence::cell("推荐表.xlsx", "Sheet1", 2, 1);
        assert_eq!(
            evidence(&e).compact(),
            r#"{"text":"推荐表.xlsx!Sheet1!B3","file":"推荐表.xlsx","sheet":"Sheet1","cell":"B3","row":3}"#
        );
        let e = Evidence::ocr_page("审计报告.pdf", 3);
        assert_eq!(
            evidence(&e).compact(),
            r#"{"text":"审计报告.pdf p.3 (OCR)","file":"审计报告.pdf","page":3,"ocr":true}"#
        );
    }
}
