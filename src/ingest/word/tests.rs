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

/// Each Word bound is the rules file's, and its cut names the key.
#[test]
fn every_word_cut_names_its_limit_key() {
    let cell = |s: &str| format!("<w:tc><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:tc>");
    let row = |cells: &[&str]| {
        let cells: String = cells.iter().map(|s| cell(s)).collect();
        format!("<w:tr>{cells}</w:tr>")
    };
    let table = |rows: &[String]| format!("<w:tbl>{}</w:tbl>", rows.concat());
    let limited = |xml: &str, limits: Limits| parse_document_xml_limited(&body(xml), &limits);
    let note = |doc: &WordDoc| {
        doc.tables[0]
            .notes
            .iter()
            .map(|n| n.zh.clone())
            .collect::<Vec<_>>()
    };

    // Rows: 3 kept of 4 with sheet_rows = 3; at 4 nothing is cut.
    let rows: Vec<String> = (0..4).map(|i| row(&[&format!("r{i}"), "x"])).collect();
    let three = Limits {
        sheet_rows: 3,
        ..Limits::default()
    };
    let doc = limited(&table(&rows), three).unwrap();
    assert_eq!(doc.tables[0].rows.len(), 3);
    assert!(
        note(&doc)[0].contains("[limits] sheet_rows = 3"),
        "{:?}",
        note(&doc)
    );
    let four = Limits {
        sheet_rows: 4,
        ..Limits::default()
    };
    assert!(
        limited(&table(&rows), four).unwrap().tables[0]
            .notes
            .is_empty()
    );

    // Columns and cells.
    let wide = table(&[row(&["a", "b", "c"])]);
    let doc = limited(
        &wide,
        Limits {
            sheet_columns: 2,
            ..Limits::default()
        },
    )
    .unwrap();
    assert_eq!(doc.tables[0].rows[0].len(), 2);
    assert!(note(&doc)[0].contains("[limits] sheet_columns = 2"));
    let doc = limited(
        &wide,
        Limits {
            sheet_cells: 2,
            ..Limits::default()
        },
    )
    .unwrap();
    assert!(note(&doc)[0].contains("[limits] sheet_cells = 2"));

    // Tables and nesting: the rest read as text, a remark naming the key.
    let two = format!("{}<w:p/>{}", table(&[row(&["1"])]), table(&[row(&["2"])]));
    let doc = limited(
        &two,
        Limits {
            word_tables: 1,
            ..Limits::default()
        },
    )
    .unwrap();
    assert_eq!(doc.tables.len(), 1);
    assert!(
        doc.remarks
            .iter()
            .any(|r| r.contains("[limits] word_tables = 1"))
    );
    let nested = table(&[format!(
        "<w:tr><w:tc>{}<w:p/></w:tc></w:tr>",
        table(&[row(&["inner"])])
    )]);
    let doc = limited(
        &nested,
        Limits {
            word_table_depth: 1,
            ..Limits::default()
        },
    )
    .unwrap();
    assert_eq!(doc.tables.len(), 1);
    assert!(
        doc.remarks
            .iter()
            .any(|r| r.contains("[limits] word_table_depth = 1"))
    );

    // The document's budgets refuse it whole, naming both keys.
    let paragraphs = "<w:p><w:r><w:t>一二三</w:t></w:r></w:p>".repeat(3);
    let chars = Limits {
        word_text_chars: 8,
        ..Limits::default()
    };
    assert_eq!(limited(&paragraphs, chars), Err(budget_error(&chars)));
    assert!(matches!(
        limited(&paragraphs, Limits { word_text_chars: 9, ..Limits::default() }),
        Ok(d) if d.paragraphs.len() == 3
    ));
    let units = Limits {
        word_units: 2,
        ..Limits::default()
    };
    let Err(IngestError::TooLarge(zh, en)) = limited(&paragraphs, units) else {
        panic!("a document past word_units is refused");
    };
    assert!(
        zh.contains("[limits] word_units = 2") && en.contains("word_text_chars"),
        "{zh} {en}"
    );

    // document.xml past workbook_part_bytes is refused naming the key.
    let bytes = docx_bytes(&body(&paragraphs));
    let small = Limits {
        workbook_part_bytes: 64,
        ..Limits::default()
    };
    let Err(IngestError::TooLarge(zh, _)) = read_word(&bytes, &small) else {
        panic!("document.xml over workbook_part_bytes is refused");
    };
    assert!(zh.contains("[limits] workbook_part_bytes = 64"), "{zh}");
}

/// A .docx whose word/document.xml is `xml`.
fn docx_bytes(xml: &str) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(xml.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}
