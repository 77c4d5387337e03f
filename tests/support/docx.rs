//! A minimal .docx writer for tests: `[Content_Types].xml`, `_rels/.rels` and
//! `word/document.xml`, stored in a zip. Tables take cells with horizontal spans
//! (`gridSpan`), vertical merges (`vMerge`) and nested tables, so each test shows the layout
//! a Word template has.
#![allow(dead_code)]

/// One table cell.
pub enum C {
    /// Text; `\n` starts a new paragraph inside the cell.
    T(String),
    /// Text spanning n grid columns.
    Span(String, u32),
    /// The first cell of a vertical merge.
    VStart(String),
    /// A cell continuing the vertical merge above.
    VCont,
    /// A table inside the cell (after its text).
    Nested(String, Vec<Vec<C>>),
}

pub fn t(s: &str) -> C {
    C::T(s.to_string())
}

/// A block of the document body.
pub enum B {
    P(String),
    Table(Vec<Vec<C>>),
}

pub fn p(s: &str) -> B {
    B::P(s.to_string())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn paragraph(text: &str) -> String {
    // A tab in the text becomes <w:tab/>, as Word writes it.
    let runs: Vec<String> = text
        .split('\t')
        .map(|piece| format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(piece)))
        .collect();
    format!("<w:p><w:r>{}</w:r></w:p>", runs.join("<w:tab/>"))
}

fn cell_paragraphs(text: &str) -> String {
    text.split('\n').map(paragraph).collect()
}

fn table(rows: &[Vec<C>]) -> String {
    let cols = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    C::Span(_, n) => *n as usize,
                    _ => 1,
                })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    let mut x =
        String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
    for _ in 0..cols {
        x.push_str("<w:gridCol w:w=\"1500\"/>");
    }
    x.push_str("</w:tblGrid>");
    for row in rows {
        x.push_str("<w:tr>");
        for cell in row {
            let (props, body) = match cell {
                C::T(s) => (String::new(), cell_paragraphs(s)),
                C::Span(s, n) => (format!("<w:gridSpan w:val=\"{n}\"/>"), cell_paragraphs(s)),
                C::VStart(s) => ("<w:vMerge w:val=\"restart\"/>".into(), cell_paragraphs(s)),
                C::VCont => ("<w:vMerge/>".into(), "<w:p/>".into()),
                C::Nested(s, rows) => (
                    String::new(),
                    format!("{}{}<w:p/>", cell_paragraphs(s), table(rows)),
                ),
            };
            x.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"1500\" w:type=\"dxa\"/>{props}</w:tcPr>{body}</w:tc>"
            ));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

/// The body's XML for `word/document.xml`.
pub fn document_xml(blocks: &[B]) -> String {
    let mut body = String::new();
    for b in blocks {
        match b {
            B::P(s) => body.push_str(&paragraph(s)),
            B::Table(rows) => {
                body.push_str(&table(rows));
                // Word always puts a paragraph between two tables.
                body.push_str("<w:p/>");
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

/// A .docx holding `blocks`.
pub fn docx(blocks: &[B]) -> Vec<u8> {
    docx_from_xml(&document_xml(blocks))
}

/// A .docx whose `word/document.xml` is `xml` as given.
pub fn docx_from_xml(xml: &str) -> Vec<u8> {
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
</Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";
    super::raw_name_zip(&[
        (b"[Content_Types].xml".to_vec(), types.as_bytes().to_vec()),
        (b"_rels/.rels".to_vec(), rels.as_bytes().to_vec()),
        (b"word/document.xml".to_vec(), xml.as_bytes().to_vec()),
    ])
}
