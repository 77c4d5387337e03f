//! The PDF layer on real files (tests/fixtures/pdf, made by scripts/make_pdf_fixtures.py):
//! text extraction per producer and font encoding, statuses, and each extractor.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use sme_audit::evaluate::{ApplicantResult, Context, Verdict, evaluate_applicant};
use sme_audit::extract::pdf::{classify, read_audit, read_credit, read_premises};
use sme_audit::ingest::PdfText;
use sme_audit::ingest::pdf::read_pdf;
use sme_audit::model::{Applicant, DocStatus, Evidence, Opinion, Role, Severity};
use sme_audit::pipeline::read_path;
use sme_audit::rules::Rules;

fn fixture(name: &str) -> PdfText {
    let path = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_pdf(&bytes)
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/pdf/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// A copy of the sample applicant that passes every criterion (泉城科创, declaring assets of
/// 1,623,500 and 320 m²), with files replaced (`None` removes one) or added.
fn sample_applicant(dir: &Path, changes: &[(&str, Option<Vec<u8>>)]) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/round-2023/历下区/泉城科创中小企业技术服务平台");
    let app = dir.join("泉城科创中小企业技术服务平台");
    copy(&source, &app);
    for (name, bytes) in changes {
        match bytes {
            Some(b) => std::fs::write(app.join(name), b).unwrap(),
            None => std::fs::remove_file(app.join(name)).unwrap(),
        }
    }
    app
}

fn evaluate(app: &Applicant) -> ApplicantResult {
    let ctx = Context::new(
        Rules::jinan_2021(),
        chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
    );
    evaluate_applicant(app, &ctx)
}

fn verdict(result: &ApplicantResult, criterion: &str) -> (Verdict, String, String) {
    let o = result
        .outcome(criterion)
        .unwrap_or_else(|| panic!("{criterion}"));
    (o.verdict, o.value.clone(), o.zh.clone())
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn has_line(text: &PdfText, page: usize, wanted: &str) -> bool {
    text.pages[page]
        .lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == wanted)
}

// --- text layer ---------------------------------------------------------------------------

#[test]
fn libreoffice_table_row_stays_on_one_line() {
    let text = fixture("audit_new_layout_yuan_standard.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    assert_eq!(text.pages.len(), 3);
    assert!(
        has_line(&text, 1, "资产总计 1,623,456.78 1,502,000.00"),
        "{}",
        text.pages[1]
    );
    assert!(has_line(&text, 1, "项目 附注 期末余额 上年年末余额"));
    // NFKC: the full-width colon of 单位：元 is ASCII.
    assert!(text.pages[1].contains("单位:元"));
}

#[test]
fn cells_drawn_out_of_order_and_form_xobjects_are_placed_by_position() {
    let text = fixture("identity_h_table_out_of_order.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    assert!(
        has_line(&text, 0, "资产总计 1,623,456.78 1,502,000.00"),
        "{}",
        text.pages[0]
    );
    assert!(has_line(&text, 0, "负债合计 523,456.78 480,000.00"));
}

#[test]
fn predefined_ucs2_cmap_without_tounicode_decodes() {
    let text = fixture("cmap_unigb_ucs2_premises.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    assert!(text.pages[0].contains("不动产权证书"));
    // Full-width digits come out half-width; Helvetica digits join the CJK run.
    assert!(text.pages[0].contains("经十路1234号"));
    assert!(
        has_line(&text, 0, "建筑面积:200.00平方米"),
        "{}",
        text.pages[0]
    );
}

#[test]
fn predefined_gbk_cmap_without_tounicode_decodes() {
    let text = fixture("cmap_gbk_euc_credit.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    let lines: Vec<&str> = text.pages[0].lines().collect();
    assert_eq!(lines[0], "信用报告(信用中国)");
    assert_eq!(lines[1], "失信被执行人(0条)");
    assert_eq!(lines[2], "重大税收违法失信主体 (0条)");
    assert_eq!(lines[4], "行政处罚 2 条");
}

#[test]
fn identity_h_without_tounicode_is_reported_as_garbage() {
    let text = fixture("identity_h_no_tounicode.pdf");
    assert!(
        matches!(text.status, DocStatus::Unreadable(_)),
        "{:?}",
        text.status
    );
    assert!(text.remarks.iter().any(|r| r.contains("ToUnicode")));
}

#[test]
fn scanned_page_is_scanned() {
    let text = fixture("scanned_image_only.pdf");
    assert_eq!(text.status, DocStatus::Scanned);
}

#[test]
fn user_password_is_encrypted_owner_password_only_is_readable() {
    assert_eq!(
        fixture("encrypted_user_password.pdf").status,
        DocStatus::Encrypted
    );
    let text = fixture("encrypted_owner_only_premises.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    assert!(text.pages[0].contains("房屋租赁合同"));
}

#[test]
fn truncated_files_are_recovered_or_reported() {
    let text = fixture("truncated_before_page_tree.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    assert_eq!(text.pages.len(), 3);
    assert!(!text.remarks.is_empty());
    let text = fixture("truncated_unrecoverable.pdf");
    assert!(matches!(text.status, DocStatus::Unreadable(_)));
}

/// Damaged copies of the form-field and annual-report fixtures: the widget walk and the
/// extractors never panic.
#[test]
fn damaged_forms_and_reports_never_panic() {
    for name in ["acroform_filled.pdf", "annual_report_carried_header.pdf"] {
        let good = fixture_bytes(name);
        for step in [7usize, 29] {
            let mut flipped = good.clone();
            for i in (0..flipped.len()).step_by(step) {
                flipped[i] ^= 0x21;
                if i % (step * 16) == 0 {
                    let text = read_pdf(&flipped);
                    let _ = read_audit("a.pdf", &text);
                    let _ = read_premises("p.pdf", &text);
                }
            }
        }
        for cut in (0..good.len()).step_by(101) {
            let text = read_pdf(&good[..cut]);
            let _ = read_audit("a.pdf", &text);
        }
    }
}

#[test]
fn hostile_bytes_never_panic() {
    let good = std::fs::read(format!(
        "{}/tests/fixtures/pdf/cmap_gbk_euc_credit.pdf",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    for cut in (0..good.len()).step_by(97) {
        let _ = read_pdf(&good[..cut]);
    }
    let mut flipped = good.clone();
    for i in (0..flipped.len()).step_by(13) {
        flipped[i] ^= 0x5A;
        let _ = read_pdf(&flipped);
    }
}

// --- classification -------------------------------------------------------------------------

#[test]
fn roles_by_content() {
    assert_eq!(
        classify(&fixture("audit_old_layout_wanyuan_qualified.pdf")),
        Some(Role::AuditReport)
    );
    assert_eq!(
        classify(&fixture("credit_report_clean.pdf")),
        Some(Role::CreditReport)
    );
    assert_eq!(
        classify(&fixture("cmap_gbk_euc_credit.pdf")),
        Some(Role::CreditReport)
    );
    assert_eq!(
        classify(&fixture("premises_lease.pdf")),
        Some(Role::PremisesProof)
    );
    assert_eq!(
        classify(&fixture("cmap_unigb_ucs2_premises.pdf")),
        Some(Role::PremisesProof)
    );
    assert_eq!(classify(&fixture("scanned_image_only.pdf")), None);
}

// --- audit reports --------------------------------------------------------------------------

#[test]
fn audit_new_layout_in_yuan_standard_opinion() {
    let file = "审计报告.pdf";
    let (r, problems) = read_audit(file, &fixture("audit_new_layout_yuan_standard.pdf"));
    let assets = r.total_assets.expect("assets");
    assert_eq!(assets.value, dec("1623456.78"));
    assert_eq!(assets.evidence, Evidence::page(file, 2));
    assert_eq!(assets.evidence.to_string(), "审计报告.pdf p.2");
    assert_eq!(r.total_liabilities.map(|v| v.value), Some(dec("523456.78")));
    assert_eq!(r.net_assets.map(|v| v.value), Some(dec("1100000")));
    let revenue = r.revenue.expect("revenue");
    assert_eq!(revenue.value, dec("2345678.90"));
    assert_eq!(revenue.evidence, Evidence::page(file, 3));
    assert_eq!(r.net_profit.map(|v| v.value), Some(dec("78000")));
    assert_eq!(r.year.map(|y| y.value), Some(2022));
    assert_eq!(r.opinion.map(|o| o.value), Some(Opinion::Standard));
    // The narrative's uppercase figure agrees with the table: no warning.
    assert!(
        problems.iter().all(|p| p.severity == Severity::Info),
        "{problems:?}"
    );
}

#[test]
fn audit_old_layout_in_wanyuan_with_line_numbers_qualified() {
    let (r, _) = read_audit("a.pdf", &fixture("audit_old_layout_wanyuan_qualified.pdf"));
    // 期末数 (second column after 年初数, 行次 skipped) × 10,000.
    assert_eq!(r.total_assets.map(|v| v.value), Some(dec("1456000")));
    assert_eq!(r.total_liabilities.map(|v| v.value), Some(dec("256000")));
    assert_eq!(r.net_assets.map(|v| v.value), Some(dec("1200000")));
    // 本年累计数, not 本月数.
    assert_eq!(r.revenue.map(|v| v.value), Some(dec("2305000")));
    assert_eq!(r.net_profit.map(|v| v.value), Some(dec("-32000")));
    assert_eq!(r.year.map(|y| y.value), Some(2021));
    assert_eq!(r.opinion.map(|o| o.value), Some(Opinion::Qualified));
}

#[test]
fn audit_adverse_in_renminbi_wanyuan() {
    let (r, _) = read_audit("a.pdf", &fixture("audit_adverse_wanyuan.pdf"));
    assert_eq!(r.total_assets.map(|v| v.value), Some(dec("2105000")));
    assert_eq!(r.net_assets.map(|v| v.value), Some(dec("1305000")));
    assert_eq!(r.net_profit.map(|v| v.value), Some(dec("-123000")));
    assert_eq!(r.opinion.map(|o| o.value), Some(Opinion::Adverse));
}

#[test]
fn audit_nonprofit_accounts_disclaimer() {
    let (r, _) = read_audit("a.pdf", &fixture("audit_nonprofit_disclaimer.pdf"));
    assert_eq!(r.total_assets.map(|v| v.value), Some(dec("1050000")));
    assert_eq!(r.net_assets.map(|v| v.value), Some(dec("930000")));
    assert_eq!(r.revenue.map(|v| v.value), Some(dec("600000")));
    assert_eq!(r.net_profit.map(|v| v.value), Some(dec("50000")));
    assert_eq!(r.year.map(|y| y.value), Some(2022));
    assert_eq!(r.opinion.map(|o| o.value), Some(Opinion::Disclaimer));
}

#[test]
fn audit_uppercase_narrative_disagreeing_with_the_table_is_a_problem() {
    let (r, problems) = read_audit("a.pdf", &fixture("audit_uppercase_mismatch.pdf"));
    assert_eq!(r.total_assets.map(|v| v.value), Some(dec("1623456.78")));
    let warning = problems
        .iter()
        .find(|p| p.severity == Severity::Warning)
        .expect("a warning");
    assert!(
        warning.zh.contains("1600000") && warning.zh.contains("1623456.78"),
        "{}",
        warning.zh
    );
    assert!(warning.en.contains("1600000") && warning.en.contains("1623456.78"));
    assert_eq!(warning.location, "p.1");
}

#[test]
fn audit_from_a_hand_written_identity_h_table() {
    let (r, problems) = read_audit("a.pdf", &fixture("identity_h_table_out_of_order.pdf"));
    assert_eq!(r.total_assets.map(|v| v.value), Some(dec("1623456.78")));
    assert!(
        problems
            .iter()
            .any(|p| p.zh == "未在审计报告中找到营业收入" && p.severity == Severity::Warning)
    );
}

#[test]
fn unreadable_audit_reports_carry_their_status_and_an_error() {
    for (name, status) in [
        ("scanned_image_only.pdf", DocStatus::Scanned),
        ("encrypted_user_password.pdf", DocStatus::Encrypted),
    ] {
        let (r, problems) = read_audit("a.pdf", &fixture(name));
        assert_eq!(r.status, status);
        assert!(r.total_assets.is_none() && r.opinion.is_none());
        assert!(
            problems.iter().any(|p| p.severity == Severity::Error),
            "{name}"
        );
    }
    let (r, problems) = read_audit("a.pdf", &fixture("truncated_unrecoverable.pdf"));
    assert!(matches!(r.status, DocStatus::Unreadable(_)));
    assert!(problems.iter().any(|p| p.severity == Severity::Error));
}

// --- credit reports -------------------------------------------------------------------------

#[test]
fn clean_credit_report_counts_zero_in_every_written_form() {
    let (r, problems) = read_credit("信用报告.pdf", &fixture("credit_report_clean.pdf"));
    assert_eq!(r.dishonest_executed.map(|v| v.value), Some(0));
    assert_eq!(r.major_tax_violations.map(|v| v.value), Some(0));
    assert_eq!(r.serious_dishonest.map(|v| v.value), Some(0));
    assert_eq!(r.admin_penalties.map(|v| v.value), Some(0));
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn credit_report_with_a_dishonest_entry_and_listed_penalties() {
    let (r, _) = read_credit("信用报告.pdf", &fixture("credit_report_dishonest.pdf"));
    let dishonest = r.dishonest_executed.expect("count");
    assert_eq!(dishonest.value, 1);
    assert_eq!(dishonest.evidence, Evidence::page("信用报告.pdf", 1));
    assert_eq!(r.major_tax_violations.map(|v| v.value), Some(0));
    assert_eq!(r.serious_dishonest.map(|v| v.value), Some(0));
    // No count written: the two listed entries are counted.
    assert_eq!(r.admin_penalties.map(|v| v.value), Some(2));
}

#[test]
fn gbk_credit_report_counts() {
    let (r, _) = read_credit("c.pdf", &fixture("cmap_gbk_euc_credit.pdf"));
    assert_eq!(r.dishonest_executed.map(|v| v.value), Some(0));
    assert_eq!(r.major_tax_violations.map(|v| v.value), Some(0));
    assert_eq!(r.serious_dishonest.map(|v| v.value), Some(0));
    assert_eq!(r.admin_penalties.map(|v| v.value), Some(2));
}

#[test]
fn encrypted_credit_report_is_an_error_without_counts() {
    let (r, problems) = read_credit("c.pdf", &fixture("encrypted_user_password.pdf"));
    assert_eq!(r.status, DocStatus::Encrypted);
    assert!(r.dishonest_executed.is_none());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].severity, Severity::Error);
}

// --- premises proofs ------------------------------------------------------------------------

#[test]
fn lease_area_in_square_metre_sign() {
    let (p, problems) = read_premises("租赁合同.pdf", &fixture("premises_lease.pdf"));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].area.as_ref().map(|a| a.value), Some(dec("320.5")));
    assert_eq!(
        p[0].address.as_deref(),
        Some("济南市历下区经十路1234号某某大厦5层")
    );
    assert!(problems.is_empty(), "{problems:?}");
    let (p, _) = read_premises(
        "租赁合同.pdf",
        &fixture("encrypted_owner_only_premises.pdf"),
    );
    assert_eq!(p[0].area.as_ref().map(|a| a.value), Some(dec("320.5")));
}

#[test]
fn certificate_area_in_pingfangmi() {
    let (p, _) = read_premises("房产证.pdf", &fixture("cmap_unigb_ucs2_premises.pdf"));
    assert_eq!(p.len(), 1);
    // The same premises as the lease's address is written on the certificate.
    assert_eq!(p[0].address.as_deref(), Some("济南市历下区经十路1234号"));
    let area = p[0].area.clone().expect("area");
    assert_eq!(area.value, dec("200"));
    assert_eq!(area.evidence, Evidence::page("房产证.pdf", 1));
}

#[test]
fn scanned_premises_proof_is_an_error_without_area() {
    let (p, problems) = read_premises("房产证.pdf", &fixture("scanned_image_only.pdf"));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].status, DocStatus::Scanned);
    assert!(p[0].area.is_none());
    assert!(
        problems
            .iter()
            .any(|p| p.severity == Severity::Error && p.zh.contains("扫描件"))
    );
}

// --- issue 8: wrong column, units, audit readings, several proofs -----------------------

/// Family 7: an early 主要会计数据 table headed 期初余额 | 期末余额 must not decide the columns of
/// the balance sheet 60 lines later (headed by dates, as the SZSE template writes it): the
/// year-end figures are read, not the prior year's; 所有者权益（或股东 / 权益）合计 wrapped around
/// its amounts is one row; the income statement in 人民币千元 is converted; the narrative's
/// 0.0162 亿元 agrees with the table within its rounding.
#[test]
fn annual_report_header_decides_only_its_own_table() {
    let file = "审计报告.pdf";
    let (r, problems) = read_audit(file, &fixture("annual_report_carried_header.pdf"));
    let assets = r.total_assets.expect("assets");
    assert_eq!(assets.value, dec("1623456.78"));
    assert_eq!(assets.evidence, Evidence::page(file, 3));
    assert_eq!(r.total_liabilities.map(|v| v.value), Some(dec("523456.78")));
    assert_eq!(r.net_assets.map(|v| v.value), Some(dec("1100000")));
    assert_eq!(r.revenue.map(|v| v.value), Some(dec("2345680")));
    assert_eq!(r.net_profit.map(|v| v.value), Some(dec("78000")));
    assert_eq!(r.year.map(|y| y.value), Some(2022));
    assert_eq!(r.opinion.map(|o| o.value), Some(Opinion::Standard));
    assert!(
        problems.iter().all(|p| p.severity == Severity::Info),
        "{problems:?}"
    );
}

/// The same report through the pipeline: 1,623,456.78 ≥ 1,500,000 passes (the prior year's
/// 1,402,000 read from the wrong column failed it), and agrees with the form's 1,623,500.
#[test]
fn annual_report_verdicts_come_from_the_year_end_column() {
    let dir = tempfile::tempdir().unwrap();
    let app = sample_applicant(
        dir.path(),
        &[(
            "5-审计报告.pdf",
            Some(fixture_bytes("annual_report_carried_header.pdf")),
        )],
    );
    let result = evaluate(&read_path(&app, &Rules::jinan_2021()));
    let (v, value, zh) = verdict(&result, "A14.1.total_assets");
    assert_eq!((v, value.as_str()), (Verdict::Pass, "1623456.78"), "{zh}");
    let (v, value, zh) = verdict(&result, "A14.1.finances");
    assert_eq!((v, value.as_str()), (Verdict::Pass, "1100000"), "{zh}");
}

/// Family 15: an emphasis-of-matter or other-matter paragraph makes the report non-standard:
/// A14.1.finances is review and quotes the paragraph's first sentence; a report whose only
/// mentions are the auditor's-responsibility boilerplate (提请报表使用者注意, 在审计报告中沟通)
/// and a 其他事项 note heading after the statements stays standard and passes.
#[test]
fn emphasis_and_other_matter_paragraphs_are_non_standard() {
    let (r, _) = read_audit("a.pdf", &fixture("audit_emphasis_of_matter.pdf"));
    assert_eq!(
        r.opinion.map(|o| o.value),
        Some(Opinion::UnqualifiedWithMatter)
    );
    let quote = r.matter_paragraph.expect("paragraph");
    assert_eq!(
        quote.value,
        "强调事项：我们提醒财务报表使用者关注,如财务报表附注二所述,贵公司2022年度发生净亏损,且流动负债高于流动资产。"
    );
    assert_eq!(quote.evidence, Evidence::page("a.pdf", 1));
    let (r, _) = read_audit("a.pdf", &fixture("audit_other_matter.pdf"));
    assert_eq!(
        r.matter_paragraph.map(|p| p.value),
        Some(
            "其他事项：贵公司2021年度财务报表由其他会计师事务所审计,并于2022年3月1日发表了无保留意见。"
                .to_string()
        )
    );
    let (r, _) = read_audit("a.pdf", &fixture("audit_boilerplate_only.pdf"));
    assert_eq!(r.opinion.map(|o| o.value), Some(Opinion::Standard));
    assert_eq!(r.matter_paragraph, None);

    let dir = tempfile::tempdir().unwrap();
    for (name, want) in [
        ("audit_emphasis_of_matter.pdf", Verdict::Review),
        ("audit_other_matter.pdf", Verdict::Review),
        ("audit_boilerplate_only.pdf", Verdict::Pass),
    ] {
        let app = sample_applicant(
            &dir.path().join(name),
            &[("5-审计报告.pdf", Some(fixture_bytes(name)))],
        );
        let result = evaluate(&read_path(&app, &Rules::jinan_2021()));
        let (v, _, zh) = verdict(&result, "A14.1.finances");
        assert_eq!(v, want, "{name}: {zh}");
        if want == Verdict::Review {
            assert!(zh.contains("无保留意见") && zh.contains("“"), "{zh}");
        }
        assert_eq!(verdict(&result, "A14.1.total_assets").0, Verdict::Pass);
    }
}

/// Family 15: a 民非 业务活动表 with 非限定性 | 限定性 | 合计 under 本年数 | 上年数 gives 本年数's
/// 合计 (600,000, not 非限定性's 500,000), also when a 限定性 cell is blank.
#[test]
fn nonprofit_activity_statement_takes_the_years_total_sub_column() {
    let (r, problems) = read_audit("a.pdf", &fixture("audit_nonprofit_subcolumns.pdf"));
    assert_eq!(r.total_assets.map(|v| v.value), Some(dec("1050000")));
    assert_eq!(r.net_assets.map(|v| v.value), Some(dec("930000")));
    assert_eq!(r.revenue.map(|v| v.value), Some(dec("600000")));
    assert_eq!(r.net_profit.map(|v| v.value), Some(dec("-50000")));
    assert!(
        problems.iter().all(|p| p.severity == Severity::Info),
        "{problems:?}"
    );
}

/// Family 15 / 4: one PDF with a 房产证 (90 m², 坐落 经十路) and a lease of another address
/// (80 m², 山大路) gives two proofs with their addresses; the lessor's own 地址 is not one.
#[test]
fn two_proofs_in_one_pdf_give_two_addresses() {
    let (p, problems) = read_premises("场所证明.pdf", &fixture("premises_two_proofs.pdf"));
    let got: Vec<(Option<Decimal>, Option<String>, String)> = p
        .iter()
        .map(|p| {
            (
                p.area.as_ref().map(|a| a.value),
                p.address.clone(),
                p.area
                    .as_ref()
                    .map(|a| a.evidence.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some(dec("90")),
                Some("济南市历下区经十路1234号5层".to_string()),
                "场所证明.pdf p.1".to_string()
            ),
            (
                Some(dec("80")),
                Some("济南市历下区山大路201号3层".to_string()),
                "场所证明.pdf p.2".to_string()
            ),
        ]
    );
    assert!(problems.is_empty(), "{problems:?}");

    let dir = tempfile::tempdir().unwrap();
    let app = sample_applicant(
        dir.path(),
        &[(
            "7-房屋租赁合同.pdf",
            Some(fixture_bytes("premises_two_proofs.pdf")),
        )],
    );
    let app = read_path(&app, &Rules::jinan_2021());
    let areas: Vec<Decimal> = app
        .facts
        .premises_proofs
        .iter()
        .filter_map(|p| p.area.as_ref().map(|a| a.value))
        .collect();
    assert_eq!(areas, vec![dec("90"), dec("80")]);
}

// --- issue 8 family 13 and issue 9 §8: text-layer traps ----------------------------------

/// A content stream with `/Filter []` is plain data, not a page without text.
#[test]
fn empty_filter_array_keeps_the_pages_text() {
    let text = fixture("filter_empty_array.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    assert!(
        has_line(&text, 0, "房屋建筑面积:320.5平方米"),
        "{:?}",
        text.pages
    );
    let (p, _) = read_premises("租赁合同.pdf", &text);
    assert_eq!(p[0].area.as_ref().map(|a| a.value), Some(dec("320.5")));
}

/// A form exported as a fillable PDF: values held only in AcroForm fields (/V, an appearance
/// stream, a field with no widget) land next to their labels, check boxes as ☑ / ☐.
#[test]
fn filled_form_fields_are_read_as_text() {
    let text = fixture("acroform_filled.pdf");
    assert_eq!(text.status, DocStatus::Readable);
    for line in [
        "单位名称 济南某某科技服务有限公司",
        "统一社会信用代码 91370102MA3C5E1234",
        "服务场所面积(平方米) 320",
        "专家库 ☑有 ☐无",
        "所属区县 历下区",
        "服务热线: 0531-88888888",
    ] {
        assert!(has_line(&text, 0, line), "{line}: {}", text.pages[0]);
    }

    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("甲平台");
    std::fs::create_dir_all(&app_dir).unwrap();
    std::fs::write(
        app_dir.join("1-推荐表.pdf"),
        fixture_bytes("acroform_filled.pdf"),
    )
    .unwrap();
    let app = read_path(&app_dir, &Rules::jinan_2021());
    let form = &app.facts.form;
    assert_eq!(
        form.name.as_ref().map(|v| v.value.as_str()),
        Some("济南某某科技服务有限公司")
    );
    assert_eq!(
        form.credit_code.as_ref().map(|v| v.value.as_str()),
        Some("91370102MA3C5E1234")
    );
    assert_eq!(
        form.premises_area.as_ref().map(|v| v.value),
        Some(dec("320"))
    );
    assert_eq!(form.partners.as_ref().map(|v| v.value), Some(6));
    assert_eq!(form.has_expert_pool.as_ref().map(|v| v.value), Some(true));
}

/// Issue 9 §8: a flate bomb is not a scan: it is unreadable, naming the decompression limit.
#[test]
fn flate_bomb_is_reported_as_over_the_decompression_limit() {
    let text = fixture("flate_bomb.pdf");
    let DocStatus::Unreadable(reason) = &text.status else {
        panic!("{:?}", text.status);
    };
    assert!(reason.contains("解压上限 64 MiB"), "{reason}");
    let (r, problems) = read_audit("审计报告.pdf", &text);
    assert!(r.total_assets.is_none());
    assert!(
        problems
            .iter()
            .any(|p| p.severity == Severity::Error && p.zh.contains("解压上限")),
        "{problems:?}"
    );
    assert!(!problems.iter().any(|p| p.zh.contains("扫描件")));
}

/// Issue 9 §8: the PDF reader's remarks appear once per file in the problems.
#[test]
fn pdf_remarks_are_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = sample_applicant(
        dir.path(),
        &[(
            "5-审计报告.pdf",
            Some(fixture_bytes("truncated_before_page_tree.pdf")),
        )],
    );
    let app = read_path(&app, &Rules::jinan_2021());
    let remarks: Vec<&str> = app
        .problems
        .iter()
        .filter(|p| p.file == "5-审计报告.pdf" && p.zh.starts_with("PDF：交叉引用表"))
        .map(|p| p.zh.as_str())
        .collect();
    assert_eq!(remarks.len(), 1, "{:?}", app.problems);
}

/// A real listed bank's annual report nobody here wrote (平安银行 2024, 296 pages; fetched by
/// scripts/fetch_real_pdfs.sh, not committed for its size): figures in 人民币百万元 under date
/// headers, the balance sheet continued over two pages, 营业收入合计 after its components (not
/// 其他业务收入), key audit matters but no emphasis paragraph.
#[test]
#[ignore = "needs scripts/fetch_real_pdfs.sh"]
fn real_annual_report_of_a_listed_bank() {
    let path = format!(
        "{}/target/real-pdfs/pingan_bank_2024_annual_report.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = read_pdf(&std::fs::read(&path).expect("run scripts/fetch_real_pdfs.sh"));
    assert_eq!(text.status, DocStatus::Readable);
    assert_eq!(classify(&text), Some(Role::AuditReport));
    let (r, problems) = read_audit("年报.pdf", &text);
    let million = |m: &str| dec(m) * dec("1000000");
    assert_eq!(r.total_assets.map(|v| v.value), Some(million("5769270")));
    assert_eq!(
        r.total_liabilities.map(|v| v.value),
        Some(million("5274428"))
    );
    assert_eq!(r.net_assets.map(|v| v.value), Some(million("494842")));
    assert_eq!(r.revenue.map(|v| v.value), Some(million("146695")));
    assert_eq!(r.net_profit.map(|v| v.value), Some(million("44508")));
    assert_eq!(r.year.map(|v| v.value), Some(2024));
    assert_eq!(r.opinion.map(|v| v.value), Some(Opinion::Standard));
    assert_eq!(r.matter_paragraph, None);
    // The narrative speaks of subsidiaries too: at most one warning per figure.
    assert!(
        problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .count()
            <= 5,
        "{problems:?}"
    );
}
