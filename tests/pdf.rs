//! The PDF layer on real files (tests/fixtures/pdf, made by scripts/make_pdf_fixtures.py):
//! text extraction per producer and font encoding, statuses, and each extractor.

use std::str::FromStr;

use rust_decimal::Decimal;
use sme_audit::extract::pdf::{classify, read_audit, read_credit, read_premises};
use sme_audit::ingest::PdfText;
use sme_audit::ingest::pdf::read_pdf;
use sme_audit::model::{DocStatus, Evidence, Opinion, Role, Severity};

fn fixture(name: &str) -> PdfText {
    let path = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_pdf(&bytes)
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
