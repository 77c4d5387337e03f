//! Figures read by OCR count only when verified (SPEC §8.2, §8.3): synthetic OCR'd pages (a
//! `PdfText` whose `ocr_pages` name them, as the OCR engine leaves it), their verdicts at the
//! thresholds, misread digits, seals and the text-layer twins of the same pages.

use super::*;
use crate::evaluate::criteria::x_licence_code;
use crate::evaluate::criteria::{
    a14_1_finances, a14_1_total_assets, a14_3_premises, a19_materials,
};
use crate::evaluate::testkit::{CODE_BAD_CHECK, CODE_ENTERPRISE, CODE_LAIWU, app, ctx, dec};
use crate::evaluate::{Outcome, Verdict};
use crate::extract::Collector;
use crate::model::{Facts, MaterialKind, Sourced};

/// Every page read by OCR.
fn ocr(pages: &[&str]) -> PdfText {
    PdfText {
        status: DocStatus::Readable,
        pages: pages.iter().map(|p| p.to_string()).collect(),
        ocr_pages: (1..=pages.len() as u32).collect(),
        ..PdfText::default()
    }
}

/// The same pages with a text layer.
fn text_layer(pages: &[&str]) -> PdfText {
    PdfText {
        ocr_pages: Vec::new(),
        ..ocr(pages)
    }
}

/// An audit report: opinion page, balance sheet rows (`rows`), income statement.
fn audit_pages(rows: &str) -> [String; 2] {
    [
        "审计报告\n我们审计了贵公司2022年12月31日的资产负债表。\n我们认为，财务报表在所有重大方面公允反映了贵公司的财务状况。"
            .to_string(),
        format!(
            "资产负债表\n2022年12月31日\t单位:元\n项目\t期末余额\t上年年末余额\n{rows}\
             利润表\n2022年度\t单位:元\n项目\t本期金额\t上期金额\n一、营业收入\t800,000.00\t700,000.00\n\
             三、利润总额\t120,000.00\t100,000.00\n减:所得税费用\t30,000.00\t25,000.00\n\
             四、净利润\t90,000.00\t75,000.00\n"
        ),
    ]
}

fn rows(assets: Option<&str>, liabilities: &str, equity: &str, total: Option<&str>) -> String {
    let mut r = String::new();
    match assets {
        Some(a) => r.push_str(&format!("资产总计\t{a}\t1,400,000.00\n")),
        None => r.push_str("资产总计\n"),
    }
    r.push_str(&format!("负债合计\t{liabilities}\t450,000.00\n"));
    r.push_str(&format!("所有者权益合计\t{equity}\t950,000.00\n"));
    if let Some(t) = total {
        r.push_str(&format!("负债和所有者权益总计\t{t}\t1,400,000.00\n"));
    }
    r
}

fn audit_of(text: &PdfText) -> (AuditReport, Vec<Problem>) {
    read_audit("审计报告.pdf", text)
}

fn assets_outcome(report: AuditReport) -> Outcome {
    let mut f = Facts::default();
    // An enterprise: the strict threshold (1,500,000) applies.
    f.form.credit_code = Some(Sourced::new(
        CODE_ENTERPRISE.to_string(),
        Evidence::cell("推荐表.xlsx", "推荐表", 3, 1),
    ));
    f.audits = vec![report];
    a14_1_total_assets::check(&app(f), &ctx())
}

fn finances_outcome(report: AuditReport) -> Outcome {
    let f = Facts {
        audits: vec![report],
        ..Facts::default()
    };
    a14_1_finances::check(&app(f), &ctx())
}

fn pages(p: &[String; 2]) -> [&str; 2] {
    [p[0].as_str(), p[1].as_str()]
}

#[test]
fn a_balanced_sheet_read_by_ocr_is_verified_at_the_threshold() {
    let p = audit_pages(&rows(
        Some("1,500,000.00"),
        "500,000.00",
        "1,000,000.00",
        None,
    ));
    let (r, _) = audit_of(&ocr(&pages(&p)));
    let assets = r.total_assets.clone().expect("verified");
    assert_eq!(assets.value, dec("1500000"));
    assert_eq!(assets.evidence.to_string(), "审计报告.pdf p.2 (OCR)");
    // Revenue has no second reading on these pages (and no criterion uses it).
    let fields: Vec<&str> = r.unverified.iter().map(|u| u.field).collect();
    assert_eq!(fields, vec!["revenue"]);
    assert_eq!(assets_outcome(r.clone()).verdict, Verdict::Pass);
    // Net profit verified by 利润总额 − 所得税费用, net assets by the identity.
    assert_eq!(finances_outcome(r).verdict, Verdict::Pass);

    let p = audit_pages(&rows(
        Some("1,499,999.99"),
        "500,000.00",
        "999,999.99",
        None,
    ));
    let (r, _) = audit_of(&ocr(&pages(&p)));
    assert_eq!(
        r.total_assets.as_ref().map(|a| a.value),
        Some(dec("1499999.99"))
    );
    assert_eq!(assets_outcome(r).verdict, Verdict::Fail);
}

#[test]
fn one_misread_digit_breaks_the_identity_and_is_review_naming_the_reading() {
    // 1,530,000.00 read as 1,580,000.00.
    let p = audit_pages(&rows(
        Some("1,580,000.00"),
        "500,000.00",
        "1,030,000.00",
        None,
    ));
    let (r, problems) = audit_of(&ocr(&pages(&p)));
    assert_eq!(r.total_assets, None);
    let o = assets_outcome(r);
    assert_eq!(o.verdict, Verdict::Review);
    let want = "审计报告.pdf p.2 (OCR) 识别资产总计 1,580,000.00 元，但与负债合计+所有者权益合计 1,530,000.00 元不符，请人工核对";
    assert!(o.zh.contains(want), "{}", o.zh);
    assert!(problems.iter().any(|p| p.zh == want), "{problems:?}");
    // The trap: 1,450,000.00 misread as 1,650,000.00 would pass; it is review instead.
    let p = audit_pages(&rows(
        Some("1,650,000.00"),
        "450,000.00",
        "1,000,000.00",
        None,
    ));
    let (r, _) = audit_of(&ocr(&pages(&p)));
    assert_eq!(assets_outcome(r.clone()).verdict, Verdict::Review);
    // Liabilities and equity are unverified too: net assets cannot decide finances.
    let o = finances_outcome(r);
    assert_eq!(o.verdict, Verdict::Review);
    assert!(o.zh.contains("净资产无法核实"), "{}", o.zh);
}

#[test]
fn the_text_layer_twin_keeps_todays_reading() {
    // The same inconsistent page with a text layer: the figure is taken as written.
    let p = audit_pages(&rows(
        Some("1,650,000.00"),
        "450,000.00",
        "1,000,000.00",
        None,
    ));
    let (r, _) = audit_of(&text_layer(&pages(&p)));
    let assets = r.total_assets.clone().expect("text layer");
    assert_eq!(assets.evidence.to_string(), "审计报告.pdf p.2");
    assert!(r.unverified.is_empty());
    assert_eq!(assets_outcome(r).verdict, Verdict::Pass);
}

#[test]
fn assets_hidden_by_a_seal_are_the_agreeing_total_of_the_parts() {
    let p = audit_pages(&rows(
        None,
        "500,000.00",
        "1,030,000.00",
        Some("1,530,000.00"),
    ));
    let (r, _) = audit_of(&ocr(&pages(&p)));
    assert_eq!(
        r.total_assets.as_ref().map(|a| a.value),
        Some(dec("1530000"))
    );
    assert_eq!(assets_outcome(r).verdict, Verdict::Pass);
    // Parts that disagree with the total: nothing verified, review with the reading.
    let p = audit_pages(&rows(
        None,
        "500,000.00",
        "1,080,000.00",
        Some("1,530,000.00"),
    ));
    let (r, _) = audit_of(&ocr(&pages(&p)));
    assert_eq!(r.total_assets, None);
    assert_eq!(r.total_liabilities, None);
    assert_eq!(r.net_assets, None);
    let o = assets_outcome(r.clone());
    assert_eq!(o.verdict, Verdict::Review);
    assert!(
        o.zh.contains("识别负债和所有者权益总计 1,530,000.00 元"),
        "{}",
        o.zh
    );
    assert_eq!(finances_outcome(r).verdict, Verdict::Review);
}

#[test]
fn a_two_sided_row_verifies_assets_against_the_right_half() {
    let sheet = |left: &str, right: &str| {
        format!(
            "资产负债表\n2022年12月31日\t单位:元\n资产\t期末余额\t上年年末余额\t负债和所有者权益\t期末余额\t上年年末余额\n\
             资产总计\t{left}\t1,400,000.00\t负债和所有者权益总计\t{right}\t1,400,000.00\n"
        )
    };
    let opinion = "审计报告\n我们认为，财务报表公允反映。2022年度";
    let page = sheet("1,500,000.00", "1,500,000.00");
    let (r, _) = audit_of(&ocr(&[opinion, &page]));
    assert_eq!(
        r.total_assets.as_ref().map(|a| a.value),
        Some(dec("1500000"))
    );
    assert_eq!(assets_outcome(r).verdict, Verdict::Pass);
    let page = sheet("1,600,000.00", "1,500,000.00");
    let (r, _) = audit_of(&ocr(&[opinion, &page]));
    let o = assets_outcome(r);
    assert_eq!(o.verdict, Verdict::Review);
    assert!(
        o.zh.contains("与负债和所有者权益总计 1,500,000.00 元不符"),
        "{}",
        o.zh
    );
}

#[test]
fn the_narrative_stating_the_figure_exactly_verifies_it() {
    let p = audit_pages("资产总计\t1,623,456.78\t1,400,000.00\n");
    let narrative = "报告期末，公司资产总额为人民币壹佰陆拾贰万叁仟肆佰伍拾陆元柒角捌分。";
    let (r, _) = audit_of(&ocr(&[&p[0], narrative, &p[1]]));
    assert_eq!(
        r.total_assets.as_ref().map(|a| a.value),
        Some(dec("1623456.78"))
    );
    // Rounded in the narrative: not a second reading of the fen.
    let (r, _) = audit_of(&ocr(&[&p[0], "报告期末，公司资产总额为162万元。", &p[1]]));
    assert_eq!(r.total_assets, None);
    assert_eq!(assets_outcome(r).verdict, Verdict::Review);
}

#[test]
fn a_year_written_once_on_an_ocr_page_is_unverified() {
    let page = "资产负债表\n2022年12月31日\t单位:元\n资产总计\t1,500,000.00\n负债合计\t500,000.00\n所有者权益合计\t1,000,000.00\n";
    let (r, _) = audit_of(&ocr(&[page]));
    assert_eq!(r.year, None);
    assert!(unverified(&r.unverified, "year").is_some());
    let o = assets_outcome(r);
    assert_eq!(o.verdict, Verdict::Review);
    assert!(o.zh.contains("识别审计年度 2022 年"), "{}", o.zh);
    // The text layer takes it as written.
    let (r, _) = audit_of(&text_layer(&[page]));
    assert_eq!(r.year.map(|y| y.value), Some(2022));
}

// ---------------------------------------------------------------------------------------------
// Credit report

fn credit_pages(dishonest: &str, listed: &str) -> String {
    format!(
        "信用信息报告\n(来源:信用中国)\n二、行政管理信息\n行政处罚(0条)\n暂无数据\n\
         三、严重失信主体名单(0条)\n暂无数据\n四、失信被执行人({dishonest}条)\n{listed}\
         五、重大税收违法失信主体(0条)\n暂无数据\n本报告信息仅供参考。\n"
    )
}

fn credit_outcome(text: &PdfText) -> (CreditReport, Outcome) {
    let (r, _) = read_credit("信用报告.pdf", text);
    let f = Facts {
        credit_reports: vec![r.clone()],
        ..Facts::default()
    };
    let outcomes = a19_materials::check(&app(f), &ctx());
    let o = outcomes
        .into_iter()
        .find(|o| o.criterion == "A19.3")
        .expect("A19.3");
    (r, o)
}

#[test]
fn credit_counts_read_by_ocr_must_agree_with_the_entries_listed() {
    // (0条) with empty sections: verified, pass.
    let (r, o) = credit_outcome(&ocr(&[&credit_pages("0", "暂无数据\n")]));
    assert_eq!(r.dishonest_executed.map(|s| s.value), Some(0));
    assert_eq!(o.verdict, Verdict::Pass, "{}", o.zh);
    // (1条) and one case listed: verified, fail.
    let entry = "案号\t执行法院\t发布时间\n(2022)鲁0191执1538号\t济南高新技术产业开发区人民法院\t2022-11-23\n";
    let (r, o) = credit_outcome(&ocr(&[&credit_pages("1", entry)]));
    assert_eq!(r.dishonest_executed.map(|s| s.value), Some(1));
    assert_eq!(o.verdict, Verdict::Fail);
    // (1条) with no entry listed (a 0 misread as 1?): never a fail, review naming the reading.
    let (r, o) = credit_outcome(&ocr(&[&credit_pages("1", "暂无数据\n")]));
    assert_eq!(r.dishonest_executed, None);
    assert_eq!(o.verdict, Verdict::Review);
    assert!(
        o.zh.contains("信用报告.pdf p.1 (OCR) 识别失信被执行人1 条，但其下列出的记录为 0 条"),
        "{}",
        o.zh
    );
    // (0条) with an entry listed (a 1 misread as 0?): never a pass.
    let (_, o) = credit_outcome(&ocr(&[&credit_pages("0", entry)]));
    assert_eq!(o.verdict, Verdict::Review);
    // A summary misread as (0条) while the section states (1条) and lists the case: the
    // summary's 0 is not confirmed by its own empty "section", never a pass.
    let summary = format!(
        "信用信息概览\n失信被执行人(0条)\n{}",
        credit_pages("1", entry)
    );
    let (r, o) = credit_outcome(&ocr(&[&summary]));
    assert_eq!(r.dishonest_executed, None);
    assert_eq!(o.verdict, Verdict::Review);
    assert!(o.zh.contains("报告另一处记载为 1 条"), "{}", o.zh);
    // The same summary read right: verified, fail.
    let summary = format!(
        "信用信息概览\n失信被执行人(1条)\n{}",
        credit_pages("1", entry)
    );
    let (_, o) = credit_outcome(&ocr(&[&summary]));
    assert_eq!(o.verdict, Verdict::Fail);
    // The text-layer twin reads the stated count as today.
    let (_, o) = credit_outcome(&text_layer(&[&credit_pages("1", "暂无数据\n")]));
    assert_eq!(o.verdict, Verdict::Fail);
}

// ---------------------------------------------------------------------------------------------
// Premises proof and licence (verified once the form is read)

fn collect(form_area: Option<&str>, edit: impl FnOnce(&mut Collector<'_>)) -> Facts {
    let rules = crate::rules::Rules::jinan_2021();
    let mut c = Collector::new(&rules);
    c.facts.form.premises_area =
        form_area.map(|a| Sourced::new(dec(a), Evidence::cell("推荐表.xlsx", "推荐表", 9, 1)));
    c.facts.form.credit_code = Some(Sourced::new(
        CODE_ENTERPRISE.to_string(),
        Evidence::cell("推荐表.xlsx", "推荐表", 3, 1),
    ));
    c.facts.form.source = Some(Evidence::file("推荐表.xlsx"));
    edit(&mut c);
    c.finish().0
}

fn premises(form_area: Option<&str>, area: &str) -> (Facts, Outcome) {
    let lease = format!("房屋租赁合同\n房屋坐落:济南市历下区经十路1234号\n建筑面积:{area}平方米\n");
    let facts = collect(form_area, |c| {
        c.add_pdf("租赁合同.pdf", &[Role::PremisesProof], &ocr(&[&lease]))
    });
    let o = a14_3_premises::check(&app(facts.clone()), &ctx());
    (facts, o)
}

#[test]
fn an_ocr_premises_area_counts_when_it_agrees_with_the_form_within_one_square_metre() {
    let (facts, o) = premises(Some("150.5"), "150");
    let area = facts.premises_proofs[0].area.clone().expect("verified");
    assert_eq!(area.evidence.to_string(), "租赁合同.pdf p.1 (OCR)");
    assert_eq!(o.verdict, Verdict::Pass, "{}", o.zh);
    let (_, o) = premises(Some("120.5"), "120");
    assert_eq!(o.verdict, Verdict::Fail, "{}", o.zh);
    // 150 read where the form says 120 (or 120 where it says 150): review with the reading.
    let (facts, o) = premises(Some("120"), "150");
    assert_eq!(facts.premises_proofs[0].area, None);
    assert_eq!(o.verdict, Verdict::Review);
    assert!(
        o.zh.contains(
            "租赁合同.pdf p.1 (OCR) 识别面积 150 平方米，与推荐表 120 平方米相差超过 1 平方米"
        ),
        "{}",
        o.zh
    );
    let (_, o) = premises(Some("150"), "120");
    assert_eq!(o.verdict, Verdict::Review);
    // Nothing on the form to check it against: review, though the reading is over 150.
    let (_, o) = premises(None, "200");
    assert_eq!(o.verdict, Verdict::Review);
    assert!(
        o.zh.contains("推荐表未填服务场所面积，无法核对"),
        "{}",
        o.zh
    );
}

fn licence(text: &PdfText) -> (Facts, Outcome) {
    let facts = collect(None, |c| {
        c.add_pdf(
            "营业执照.pdf",
            &[Role::Material(MaterialKind::Licence)],
            text,
        )
    });
    let o = x_licence_code::check(&app(facts.clone()), &ctx());
    (facts, o)
}

#[test]
fn the_licence_code_is_read_checked_and_compared_with_the_form() {
    let page =
        |code: &str| format!("营业执照\n统一社会信用代码 {code}\n名称 济南某某科技有限公司\n");
    // Equal (OCR): pass, the licence still present for A19.1.
    let (facts, o) = licence(&ocr(&[&page(CODE_ENTERPRISE)]));
    assert_eq!(o.verdict, Verdict::Pass, "{}", o.zh);
    assert_eq!(
        facts.licence_codes[0].code.evidence.to_string(),
        "营业执照.pdf p.1 (OCR)"
    );
    assert!(
        facts
            .materials
            .iter()
            .any(|m| m.kind == MaterialKind::Licence)
    );
    // Different (a valid code of another unit), text layer: review naming both.
    let (_, o) = licence(&text_layer(&[&page(CODE_LAIWU)]));
    assert_eq!(o.verdict, Verdict::Review);
    assert!(
        o.zh.contains(CODE_LAIWU) && o.zh.contains(CODE_ENTERPRISE),
        "{}",
        o.zh
    );
    // A bad check character (a misread character): not taken, n/a with the reason.
    let (facts, o) = licence(&ocr(&[&page(CODE_BAD_CHECK)]));
    assert!(facts.licence_codes.is_empty());
    assert_eq!(o.verdict, Verdict::NotApplicable);
    assert!(o.zh.contains("校验位不符"), "{}", o.zh);
    // The label misread under a seal (统一社会信用俄码) on an OCR'd page: the code is still
    // taken (its check character decides); on a text layer such a label is not a label.
    let misread =
        format!("营业执照\n统一社会信用俄码{CODE_ENTERPRISE}\n名称 济南某某科技有限公司\n");
    let (_, o) = licence(&ocr(&[&misread]));
    assert_eq!(o.verdict, Verdict::Pass, "{}", o.zh);
    let (_, o) = licence(&text_layer(&[&misread]));
    assert_eq!(o.verdict, Verdict::NotApplicable, "{}", o.zh);
    let misread_bad = format!("营业执照\n统一社会信用俄码{CODE_BAD_CHECK}\n");
    let (_, o) = licence(&ocr(&[&misread_bad]));
    assert_eq!(o.verdict, Verdict::NotApplicable, "{}", o.zh);
    // No code on the licence: n/a with the reason.
    let (_, o) = licence(&ocr(&["营业执照\n名称 济南某某科技有限公司\n"]));
    assert_eq!(o.verdict, Verdict::NotApplicable);
    assert!(
        o.zh.contains("未在营业执照中找到统一社会信用代码"),
        "{}",
        o.zh
    );
}
