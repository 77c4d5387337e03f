use super::*;

fn body(inner: &str) -> String {
    format!("<w:document xmlns:w=\"x\" xmlns:mc=\"m\"><w:body>{inner}</w:body></w:document>")
}

fn tc(props: &str, text: &str) -> String {
    let paras: String = text
        .split('\n')
        .map(|t| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"))
        .collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

#[test]
fn grid_spans_and_vertical_merges_become_merged_ranges() {
    let span = |n: u32| format!("<w:gridSpan w:val=\"{n}\"/>");
    let xml = body(&format!(
        "<w:tbl>{}{}{}{}</w:tbl>",
        tr(&[tc(&span(4), "推荐表")]),
        tr(&[
            tc("<w:vMerge w:val=\"restart\"/>", "申报服务功能"),
            tc(&span(3), "☑培训服务"),
        ]),
        tr(&[tc("<w:vMerge/>", ""), tc("", "a"), tc(&span(2), "b")]),
        tr(&[tc("", "x"), tc("<w:vMerge w:val=\"restart\"/>", "y")]),
    ));
    let doc = parse_document_xml(&xml).unwrap();
    let t = &doc.tables[0];
    assert_eq!(t.name, "表1");
    assert_eq!(t.rows[0][0], text("推荐表"));
    assert_eq!(t.rows[1], vec![text("申报服务功能"), text("☑培训服务")]);
    assert_eq!(t.rows[2], vec![Cell::Empty, text("a"), text("b")]);
    let m = |r0, c0, r1, c1| Merge {
        first_row: r0,
        first_col: c0,
        last_row: r1,
        last_col: c1,
    };
    assert_eq!(
        t.merges,
        vec![m(0, 0, 0, 3), m(1, 0, 2, 0), m(1, 1, 1, 3), m(2, 2, 2, 3)]
    );
}

#[test]
fn line_breaks_symbols_entities_and_paragraphs_outside_tables() {
    let xml = body(&format!(
        "<w:p><w:r><w:t>单位名称：</w:t></w:r><w:r><w:t>A&amp;B&#x516C;司</w:t></w:r></w:p>\
         <w:p/>\
         <w:p><w:r><w:sym w:font=\"Wingdings 2\" w:char=\"F052\"/><w:t>培训</w:t>\
         <w:sym w:font=\"Wingdings 2\" w:char=\"F0A3\"/><w:t>融资</w:t></w:r></w:p>\
         <w:p><w:r><w:instrText>FORMCHECKBOX</w:instrText><w:delText>删</w:delText>\
         <w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>\
         <w:p><mc:AlternateContent><mc:Choice><w:t>框</w:t></mc:Choice>\
         <mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:p>\
         <w:tbl>{}</w:tbl>",
        tr(&[tc("", "第一行\n第二行")])
    ));
    let doc = parse_document_xml(&xml).unwrap();
    assert_eq!(
        doc.paragraphs,
        vec!["单位名称：A&B公司", "", "☑培训☐融资", "甲\n乙", "框"]
    );
    assert_eq!(doc.tables[0].rows[0][0], text("第一行\n第二行"));
}

#[test]
fn a_table_repeating_the_previous_header_is_joined_to_it() {
    let header = tr(&[tc("", "姓名"), tc("", "学历")]);
    let xml = body(&format!(
        "<w:tbl>{header}{}</w:tbl><w:p/><w:tbl>{header}{}</w:tbl><w:p/>\
         <w:tbl>{}{}</w:tbl>",
        tr(&[tc("", "张三"), tc("", "本科")]),
        tr(&[tc("", "李四"), tc("", "硕士")]),
        tr(&[tc("", "活动日期"), tc("", "活动名称")]),
        tr(&[tc("", "2022-01-01"), tc("", "培训")]),
    ));
    let doc = parse_document_xml(&xml).unwrap();
    assert_eq!(doc.tables.len(), 2);
    assert_eq!(doc.tables[0].rows.len(), 3);
    assert_eq!(doc.tables[0].rows[2][0], text("李四"));
    assert_eq!(doc.tables[1].name, "表3");
    assert!(
        doc.remarks
            .iter()
            .any(|r| r.contains("表2") && r.contains("续表"))
    );
}

#[test]
fn a_one_row_table_with_another_header_is_not_joined() {
    let xml = body(&format!(
        "<w:tbl>{}{}</w:tbl><w:tbl>{}</w:tbl>",
        tr(&[tc("", "姓名"), tc("", "学历")]),
        tr(&[tc("", "张三"), tc("", "本科")]),
        tr(&[tc("", "姓名"), tc("", "职称")]),
    ));
    assert_eq!(parse_document_xml(&xml).unwrap().tables.len(), 2);
}

#[test]
fn broken_xml_and_non_word_bytes_are_errors_not_panics() {
    assert!(matches!(
        parse_document_xml("<w:document><w:body><w:p></w:tbl>"),
        Err(IngestError::Damaged(_))
    ));
    assert_eq!(read_word(b"", &Limits::default()), Err(IngestError::Empty));
    assert!(matches!(
        read_word(b"PK\x03\x04garbage", &Limits::default()),
        Err(IngestError::Damaged(_))
    ));
    assert!(matches!(
        read_word(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0], &Limits::default()),
        Err(IngestError::Damaged(_))
    ));
    assert!(matches!(
        read_word(b"<html><body>x</body></html>", &Limits::default()),
        Err(IngestError::Unsupported(_))
    ));
}

#[test]
fn an_oversized_document_part_is_refused_by_its_size() {
    use std::io::Write;
    let mut buf = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("word/document.xml", opts).unwrap();
        // Deflates to a few kilobytes, declaring 65 MiB: refused before it is inflated.
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..(Limits::default().workbook_part_bytes >> 20) + 1 {
            w.write_all(&chunk).unwrap();
        }
        w.finish().unwrap();
    }
    let bytes = buf.into_inner();
    assert!(bytes.len() < 1 << 20);
    assert!(matches!(
        read_word(&bytes, &Limits::default()),
        Err(IngestError::TooLarge(..))
    ));
}

#[test]
fn a_document_past_its_budget_is_refused_whole_not_read_in_part() {
    // Each row's one cell sits in the last column: cheap XML, a dense 256-column row each.
    let row = "<w:tr><w:trPr><w:gridBefore w:val=\"255\"/></w:trPr>\
               <w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>";
    let units = Limits::default().word_units;
    let rows = units / 256 + 10;
    let xml = body(&format!("<w:tbl>{}</w:tbl>", row.repeat(rows)));
    assert!(matches!(
        parse_document_xml(&xml),
        Err(IngestError::TooLarge(..))
    ));
    // Just under the budget it is read.
    let xml = body(&format!("<w:tbl>{}</w:tbl>", row.repeat(rows - 1000)));
    let doc = parse_document_xml(&xml).unwrap();
    assert_eq!(doc.tables[0].rows.len(), rows - 1000);
    assert_eq!(doc.tables[0].rows[0][255], text("x"));
    assert_eq!(
        parse_document_xml(&body(&"<w:p/>".repeat(units + 1))).map(|d| d.paragraphs.len()),
        Err(budget_error(&Limits::default()))
    );
}

#[test]
fn tick_boxes_of_form_fields_and_symbol_fonts() {
    let check_box = |inner: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:checkBox>{inner}</w:checkBox>\
             </w:ffData></w:fldChar></w:r>"
        )
    };
    let xml = body(&format!(
        "<w:p>{}<w:r><w:t>信息服务</w:t></w:r>{}<w:r><w:t>培训服务</w:t></w:r>{}<w:r><w:t>融资</w:t></w:r></w:p>\
         <w:p><w:r><w:rPr><w:rFonts w:ascii=\"Wingdings 2\"/></w:rPr><w:t>\u{F052}</w:t></w:r>\
         <w:r><w:t>技术服务</w:t></w:r></w:p>\
         <w:p><w:r><w:t>☑创业服务 </w:t></w:r><w:r><w:rPr><w:rFonts w:ascii=\"某符号\"/></w:rPr>\
         <w:t>\u{F0FE}</w:t></w:r><w:r><w:t>法律服务</w:t></w:r></w:p>",
        check_box("<w:default w:val=\"0\"/><w:checked/>"),
        check_box("<w:default w:val=\"1\"/>"),
        check_box("<w:default w:val=\"1\"/><w:checked w:val=\"0\"/>"),
    ));
    let doc = parse_document_xml(&xml).unwrap();
    assert_eq!(doc.paragraphs[0], "☑信息服务☑培训服务☐融资");
    assert_eq!(doc.paragraphs[1], "☑技术服务");
    // A box of an unknown symbol font makes every box of its paragraph unticked, so the
    // choice reads as none (a field to check), not as 创业服务 alone.
    assert_eq!(doc.paragraphs[2], "☐创业服务 ☐法律服务");
    assert_eq!(doc.warnings.len(), 1);
    assert!(doc.warnings[0].starts_with("1 处"));
}
