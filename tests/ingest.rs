//! Ingestion end to end: discovery, roles, tables, form, problems — on workbooks and zips
//! built in code, each laid out the way a real applicant's office software lays it out.

mod support;

use std::path::Path;

use rust_decimal::Decimal;
use sme_audit::evaluate::{Context, Verdict, evaluate_applicant};
use sme_audit::model::{Found, Function, MaterialKind, OrgType, Role, Severity};
use sme_audit::pipeline::{read_path, read_round};
use sme_audit::rules::Rules;
use support::{V, gbk, raw_name_zip, simple_form, workbook, write};

fn rules() -> Rules {
    Rules::jinan_2021()
}

/// A form with a title row, merged label and value cells, units and colons in labels, a
/// value below its label, an inline `标签：值`, and functions ticked across cells.
fn messy_form() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("推荐表").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 5, "济南市中小企业公共服务示范平台推荐表", &f)
        .unwrap();
    ws.merge_range(1, 0, 1, 1, "运营单位名称：", &f).unwrap();
    ws.merge_range(1, 2, 1, 5, "济南泉城科技服务有限公司", &f)
        .unwrap();
    ws.write_string(2, 0, "统一社会信用代码").unwrap();
    ws.write_string(2, 3, "91370102MA3C5E1234").unwrap();
    ws.write_string(3, 0, "单位性质").unwrap();
    ws.write_string(3, 1, "民办非企业单位").unwrap();
    ws.write_string(3, 2, "成立时间").unwrap();
    ws.write_string(3, 3, "2019年4月8日").unwrap();
    ws.write_string(4, 0, "服务场所面积（平方米）：").unwrap();
    ws.write_number(4, 1, 320.5).unwrap();
    ws.write_string(4, 2, "资产总额（万元）").unwrap();
    ws.write_number(4, 3, 162.3).unwrap();
    ws.write_string(5, 0, "申报服务功能").unwrap();
    ws.write_string(5, 1, "☑信息服务").unwrap();
    ws.write_string(5, 2, "☐技术服务").unwrap();
    ws.write_string(5, 3, "☑培训服务").unwrap();
    ws.write_string(6, 0, "用户满意度").unwrap();
    ws.write_string(6, 1, "95%").unwrap();
    ws.write_string(6, 2, "专家库").unwrap();
    ws.write_string(6, 3, "有").unwrap();
    // Value directly below its label.
    ws.write_string(7, 0, "协作服务机构数").unwrap();
    ws.write_string(8, 0, "6家").unwrap();
    ws.write_string(9, 0, "推荐单位：历下区工业和信息化局")
        .unwrap();
    ws.write_string(10, 0, "在线信息发布系统").unwrap();
    ws.write_string(10, 1, "√").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn form_reads_every_layout_with_cell_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("1-推荐表.xlsx");
    write(&path, &messy_form());
    let app = read_path(&path, &rules());
    let form = &app.facts.form;
    let name = form.name.as_ref().expect("name");
    assert_eq!(name.value, "济南泉城科技服务有限公司");
    assert_eq!(name.evidence.to_string(), "1-推荐表.xlsx!推荐表!C2");
    assert_eq!(
        form.credit_code.as_ref().unwrap().value,
        "91370102MA3C5E1234"
    );
    assert_eq!(
        form.credit_code.as_ref().unwrap().evidence.to_string(),
        "1-推荐表.xlsx!推荐表!D3"
    );
    assert_eq!(
        form.org_type.as_ref().unwrap().value,
        OrgType::PrivateNonEnterprise
    );
    assert_eq!(
        form.established.as_ref().unwrap().value.to_string(),
        "2019-04-08"
    );
    assert_eq!(
        form.premises_area.as_ref().unwrap().value,
        Decimal::new(3205, 1)
    );
    assert_eq!(
        form.declared_assets.as_ref().unwrap().value,
        Decimal::from(1_623_000)
    );
    assert_eq!(
        form.functions.as_ref().unwrap().value,
        vec![Function::Info, Function::Training]
    );
    assert_eq!(
        form.declared_satisfaction.as_ref().unwrap().value,
        Decimal::new(95, 2)
    );
    assert!(form.has_expert_pool.as_ref().unwrap().value);
    assert!(form.has_info_system.as_ref().unwrap().value);
    let partners = form.partners.as_ref().unwrap();
    assert_eq!(
        (partners.value, partners.evidence.to_string()),
        (6, "1-推荐表.xlsx!推荐表!A9".to_string())
    );
    assert_eq!(
        form.recommender.as_ref().unwrap().value,
        "历下区工业和信息化局"
    );
    assert!(app.facts.staff.is_empty());
}

/// A roster under two title rows with a two-row merged header, a line break in a header
/// cell, columns in an unusual order, a blank row and a 合计 row.
fn messy_roster() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名册").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 6, "专职服务人员花名册", &f)
        .unwrap();
    ws.write_string(1, 0, "填报单位：济南泉城科技服务有限公司")
        .unwrap();
    ws.merge_range(2, 0, 3, 0, "序号", &f).unwrap();
    ws.merge_range(2, 1, 3, 1, "姓 名", &f).unwrap();
    ws.merge_range(2, 2, 2, 3, "学历及职称情况", &f).unwrap();
    ws.write_string(3, 2, "最高\n学历").unwrap();
    ws.write_string(3, 3, "专业技术职称").unwrap();
    ws.merge_range(2, 4, 3, 4, "专职/兼职", &f).unwrap();
    ws.merge_range(2, 5, 3, 5, "身份证号码", &f).unwrap();
    let people = [
        ("张三", "本科", "工程师", "专职", "370102199001011234"),
        ("李四", "中专", "助理工程师", "专职", "370102199001021234"),
        ("王五", "高中", "助理研究员", "兼职", "370102199001031234"),
    ];
    for (i, (n, e, t, k, id)) in people.iter().enumerate() {
        let r = 4 + i as u32 + if i == 2 { 1 } else { 0 };
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *n).unwrap();
        ws.write_string(r, 2, *e).unwrap();
        ws.write_string(r, 3, *t).unwrap();
        ws.write_string(r, 4, *k).unwrap();
        ws.write_string(r, 5, *id).unwrap();
    }
    ws.write_string(8, 0, "合计").unwrap();
    ws.write_string(8, 1, "3人").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn roster_header_is_found_under_titles_across_merged_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2-专职人员名册.xlsx");
    write(&path, &messy_roster());
    let app = read_path(&path, &rules());
    let staff = &app.facts.staff;
    assert_eq!(staff.len(), 3, "合计 and blank rows skipped: {staff:?}");
    assert_eq!(staff[0].name.as_deref(), Some("张三"));
    assert_eq!(staff[0].education.as_deref(), Some("本科"));
    assert_eq!(staff[1].title.as_deref(), Some("助理工程师"));
    assert_eq!(staff[2].fulltime, Some(false));
    assert_eq!(staff[0].fulltime, Some(true));
    assert_eq!(staff[2].evidence.to_string(), "2-专职人员名册.xlsx!名册!8");
    let summary = app
        .facts
        .files
        .iter()
        .find(|s| s.role == Some(Role::Roster))
        .unwrap();
    assert_eq!(summary.header_row, Some(2));
    assert!(
        summary
            .columns
            .iter()
            .any(|(f, c)| f == "roster.education" && c.ends_with("(C)")),
        "{:?}",
        summary.columns
    );
}

#[test]
fn service_log_units_dates_and_totals() {
    let rows = vec![
        vec![V::S("2022年度服务企业名单")],
        vec![V::S("金额单位：万元")],
        vec![
            V::S("序号"),
            V::S("服务企业名称"),
            V::S("服务日期"),
            V::S("服务类别"),
            V::S("收费金额"),
            V::S("融资金额（元）"),
            V::S("满意度"),
            V::S("服务方式"),
        ],
        vec![
            V::N(1.0),
            V::S("济南甲公司"),
            V::D(2022, 3, 5),
            V::S("融资服务"),
            V::N(0.15),
            V::N(2_000_000.0),
            V::S("满意"),
            V::S("线上"),
        ],
        vec![
            V::N(2.0),
            V::S("济南乙公司"),
            V::S("2022年3月6日"),
            V::S("技术服务"),
            V::S("免费"),
            V::S(""),
            V::N(95.0),
            V::S("线下"),
        ],
        vec![
            V::N(3.0),
            V::S("济南丙公司"),
            V::N(44629.0),
            V::S("培训"),
            V::S("0.5万元"),
            V::S(""),
            V::S("非常满意"),
        ],
        vec![
            V::N(4.0),
            V::S("济南丁公司"),
            V::S("2022-13-45"),
            V::S("咨询服务"),
            V::N(0.0),
        ],
        vec![V::S("合计"), V::S(""), V::S(""), V::S(""), V::N(0.65)],
        vec![V::S("注：本表由平台填报")],
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("服务记录2022.xlsx");
    write(&path, &workbook(&[("Sheet1", rows)]));
    let app = read_path(&path, &rules());
    let s = &app.facts.services;
    assert_eq!(s.len(), 4, "{s:?}");
    assert_eq!(s[0].date.unwrap().to_string(), "2022-03-05");
    assert_eq!(
        s[0].fee,
        Some(Decimal::from(1500)),
        "sheet unit 万元 applies"
    );
    assert_eq!(
        s[0].financing,
        Some(Decimal::from(2_000_000)),
        "header unit 元 wins"
    );
    assert!(s[0].online && !s[1].online);
    assert_eq!(s[1].date.unwrap().to_string(), "2022-03-06");
    assert_eq!(s[1].fee, Some(Decimal::ZERO));
    assert_eq!(s[1].satisfaction.as_deref(), Some("95"));
    assert_eq!(
        s[2].date.unwrap().to_string(),
        "2022-03-09",
        "Excel serial in a text column"
    );
    assert_eq!(s[2].fee, Some(Decimal::from(5000)), "unit in the cell wins");
    assert!(!s[2].online, "no mode is offline");
    assert_eq!(s[3].date, None);
    let bad = app
        .problems
        .iter()
        .find(|p| p.zh.contains("2022-13-45"))
        .expect("bad date reported");
    assert_eq!(bad.location, "Sheet1!C7");
}

#[test]
fn one_workbook_with_four_sheets_gives_four_roles() {
    let form = vec![
        vec![V::S("单位名称"), V::S("济南某平台")],
        vec![V::S("统一社会信用代码"), V::S("91370102MA3C5E1234")],
    ];
    let roster = vec![
        vec![V::S("姓名"), V::S("学历"), V::S("职称")],
        vec![V::S("张三"), V::S("本科"), V::S("工程师")],
    ];
    let services = vec![
        vec![V::S("服务日期"), V::S("企业名称"), V::S("服务类别")],
        vec![V::D(2022, 1, 1), V::S("甲公司"), V::S("技术服务")],
    ];
    let acts = vec![
        vec![
            V::S("活动日期"),
            V::S("活动名称"),
            V::S("活动类别"),
            V::S("参加人次"),
        ],
        vec![
            V::D(2022, 5, 1),
            V::S("技术推介会"),
            V::S("技术"),
            V::N(40.0),
        ],
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("申报材料汇总.xlsx");
    write(
        &path,
        &workbook(&[
            ("推荐表", form),
            ("人员名册", roster),
            ("服务记录", services),
            ("活动记录", acts),
        ]),
    );
    let app = read_path(&path, &rules());
    let roles: Vec<Option<Role>> = app.facts.files.iter().map(|s| s.role).collect();
    assert_eq!(
        roles,
        vec![
            Some(Role::Form),
            Some(Role::Roster),
            Some(Role::ServiceLog),
            Some(Role::ActivityLog)
        ]
    );
    assert_eq!(app.facts.staff.len(), 1);
    assert_eq!(app.facts.services.len(), 1);
    assert_eq!(app.facts.activities[0].attendees, Some(40));
}

#[test]
fn sheets_with_uninformative_names_are_recognised_by_content() {
    let services = vec![
        vec![V::S("说明：按时间顺序填写")],
        vec![
            V::S("序号"),
            V::S("服务对象"),
            V::S("服务时间"),
            V::S("服务类型"),
            V::S("评价"),
        ],
        vec![
            V::N(1.0),
            V::S("甲公司"),
            V::D(2022, 1, 1),
            V::S("技术服务"),
            V::S("满意"),
        ],
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("附件3.xlsx");
    write(&path, &workbook(&[("Sheet1", services)]));
    let app = read_path(&path, &rules());
    assert_eq!(app.facts.files[0].role, Some(Role::ServiceLog));
    assert_eq!(app.facts.services[0].satisfaction.as_deref(), Some("满意"));
}

#[test]
fn csv_logs_in_gbk_and_utf8_bom_read_the_same() {
    let text = "服务日期,企业名称,统一社会信用代码,服务类别\n2022/3/5,济南甲公司,91370102MA3C5E1234,技术服务\n合计,1,,\n";
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("服务记录-gbk.csv");
    write(&a, &gbk(text));
    let b = dir.path().join("服务记录-utf8.csv");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    write(&b, &bom);
    let ra = read_path(&a, &rules());
    let rb = read_path(&b, &rules());
    assert_eq!(ra.facts.services.len(), 1);
    assert_eq!(
        ra.facts.services[0].enterprise,
        rb.facts.services[0].enterprise
    );
    assert_eq!(
        ra.facts.services[0].enterprise.as_deref(),
        Some("济南甲公司")
    );
}

#[test]
fn broken_and_misnamed_files_become_problems_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("某平台");
    let good = simple_form("济南某平台有限公司", "91370102MA3C5E1234");
    write(&app_dir.join("1-推荐表.xlsx"), &good);
    write(&app_dir.join("2-人员名册.xlsx"), &good[..300]); // truncated
    write(&app_dir.join("3-服务记录.xlsx"), b""); // empty
    write(&app_dir.join("4-活动记录.xls"), &good); // an xlsx named .xls: read for what it is
    write(&app_dir.join("5-审计报告.xlsx"), b"%PDF-1.4 not really"); // a PDF named .xlsx
    write(&app_dir.join("新建文本文档.txt"), "随便写点什么".as_bytes());
    write(&app_dir.join("营业执照.jpg"), &[0xFF, 0xD8, 0xFF, 0xE0]);
    let app = read_path(&app_dir, &rules());
    let about = |file: &str| {
        app.problems
            .iter()
            .filter(|p| p.file == file)
            .collect::<Vec<_>>()
    };
    assert!(
        about("2-人员名册.xlsx")
            .iter()
            .any(|p| p.severity == Severity::Error),
        "{:?}",
        app.problems
    );
    assert!(
        about("3-服务记录.xlsx")
            .iter()
            .any(|p| p.zh.contains("为空")),
        "{:?}",
        app.problems
    );
    assert!(
        about("新建文本文档.txt")
            .iter()
            .any(|p| p.zh.contains("无法识别")),
        "{:?}",
        app.problems
    );
    // Named but unreadable logs are found, and unreadable: their criteria are review naming
    // the file, never a count of zero (issue 8, family 1).
    assert!(
        matches!(app.facts.roster_found, Found::Unreadable(_))
            && matches!(app.facts.service_log_found, Found::Unreadable(_)),
        "{:?} {:?}",
        app.facts.roster_found,
        app.facts.service_log_found
    );
    let ctx = Context::new(
        rules(),
        chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
    );
    let result = evaluate_applicant(&app, &ctx);
    for (criterion, file) in [
        ("A14.5.staff", "2-人员名册.xlsx"),
        ("A14.5.qualified", "2-人员名册.xlsx"),
        ("A14.2.served", "3-服务记录.xlsx"),
        ("A14.2.growth", "3-服务记录.xlsx"),
        ("A14.2.satisfaction", "3-服务记录.xlsx"),
        ("A14.4.public_welfare", "3-服务记录.xlsx"),
    ] {
        let o = result.outcome(criterion).unwrap();
        assert_eq!(o.verdict, Verdict::Review, "{criterion}: {}", o.zh);
        assert_eq!(o.value, "", "{criterion}: unknown, not 0");
        assert!(o.zh.contains(file), "{criterion}: {}", o.zh);
    }
    assert_eq!(
        app.facts.form.name.as_ref().unwrap().value,
        "济南某平台有限公司"
    );
    assert!(
        app.facts
            .materials
            .iter()
            .any(|m| m.kind == MaterialKind::Licence)
    );
    assert!(
        !app.facts.audits.is_empty(),
        "a misnamed PDF audit report still counts as an audit report"
    );
    // Every file appears in the summaries.
    for f in [
        "1-推荐表.xlsx",
        "2-人员名册.xlsx",
        "3-服务记录.xlsx",
        "4-活动记录.xls",
        "新建文本文档.txt",
        "营业执照.jpg",
    ] {
        assert!(app.facts.files.iter().any(|s| s.file == f), "{f} listed");
    }
}

#[test]
fn encrypted_workbook_is_reported_as_encrypted() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xlsx/encrypted-password-1234.xlsx");
    let app = read_path(&path, &rules());
    assert!(
        app.problems.iter().any(|p| p.zh.contains("密码")),
        "{:?}",
        app.problems
    );
}

#[test]
fn round_discovery_handles_districts_zips_and_loose_files() {
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path();
    let form = simple_form("济南甲平台有限公司", "91370102MA3C5E1234");
    write(&round.join("历下区/甲平台/1-推荐表.xlsx"), &form);
    write(&round.join("历下区/甲平台/合作协议/协议1.pdf"), b"%PDF-1.4");
    write(&round.join("历下区/甲平台/合作协议/协议2.pdf"), b"%PDF-1.4");
    write(&round.join("历下区/历下区推荐汇总表.xlsx"), &form[..100]);
    // A form named 1.xlsx is still a form, so its folder (with a sub-folder) is an applicant.
    write(
        &round.join("历城区/乙平台/1.xlsx"),
        &simple_form("济南乙平台", "91370112MA3C5E1234"),
    );
    write(&round.join("历城区/乙平台/合作协议/协议.pdf"), b"%PDF-1.4");
    // A Windows zip: GBK names without the UTF-8 flag, all inside one top folder.
    let zip = raw_name_zip(&[
        (
            gbk("丙平台/推荐表.xlsx"),
            simple_form("济南丙平台", "52370100MA3C5E1234"),
        ),
        (gbk("丙平台/合作协议/协议A.pdf"), b"%PDF-1.4".to_vec()),
    ]);
    write(&round.join("高新区/丙平台.zip"), &zip);
    // Files but no form and no sub-folder: an applicant whose form is missing.
    write(
        &round.join("高新区/丁平台/人员名册.csv"),
        "姓名,学历\n张三,本科\n".as_bytes(),
    );
    // The same folder name in two districts.
    write(&round.join("高新区/甲平台/推荐表.xlsx"), &form);

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let read = pool.install(|| read_round(round, &rules())).unwrap();
    let ids: Vec<&str> = read.applicants.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["丁平台", "丙平台", "乙平台", "甲平台~1", "甲平台~2"],
        "sorted by id"
    );
    let bing = &read.applicants[1];
    assert_eq!(bing.facts.form.name.as_ref().unwrap().value, "济南丙平台");
    assert_eq!(bing.facts.agreements.len(), 1);
    assert_eq!(bing.facts.agreements[0].file, "合作协议/协议A.pdf");
    assert_eq!(bing.district_folder.as_deref(), Some("高新区"));
    let ding = &read.applicants[0];
    assert!(ding.problems.iter().any(|p| p.zh.contains("未找到推荐表")));
    assert_eq!(ding.facts.staff.len(), 1);
    // A district's recommendation list is not a loose file: it is kept for the cross-check
    // against the verdicts (Art. 17–18).
    assert!(
        !read
            .problems
            .iter()
            .any(|p| p.file == "历下区/历下区推荐汇总表.xlsx")
    );
    let found = sme_audit::pipeline::discover_round(round, &rules()).unwrap();
    assert_eq!(
        found
            .recommendation_lists
            .iter()
            .map(|(rel, _)| rel.as_str())
            .collect::<Vec<_>>(),
        ["历下区/历下区推荐汇总表.xlsx"]
    );
    assert!(read.problems.iter().any(|p| p.zh.contains("重复")));
    let jia = read
        .applicants
        .iter()
        .find(|a| a.path == "历下区/甲平台")
        .unwrap();
    assert_eq!(jia.facts.agreements.len(), 2);
}

#[test]
fn old_biff8_xls_roster_reads_chinese_text() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xlsx/biff8-roster-gbk-codepage.xls");
    let app = read_path(&path, &rules());
    let names: Vec<_> = app
        .facts
        .staff
        .iter()
        .filter_map(|s| s.name.clone())
        .collect();
    assert_eq!(names, vec!["张三", "李四"], "{:?}", app.problems);
    assert_eq!(app.facts.staff[1].title.as_deref(), Some("助理工程师"));
    assert_eq!(
        app.facts.staff[0].evidence.to_string(),
        "biff8-roster-gbk-codepage.xls!人员名册!4"
    );
}

#[test]
fn a_district_summary_table_is_not_a_form() {
    let summary = vec![
        vec![V::S("历城区中小企业公共服务示范平台推荐汇总表")],
        vec![
            V::S("序号"),
            V::S("单位名称"),
            V::S("平台名称"),
            V::S("统一社会信用代码"),
            V::S("所属区县"),
            V::S("平台类型"),
        ],
        vec![
            V::N(1.0),
            V::S("甲公司"),
            V::S("甲平台"),
            V::S("91370112MA3C5E1234"),
            V::S("历城区"),
            V::S("线下"),
        ],
        vec![
            V::N(2.0),
            V::S("乙公司"),
            V::S("乙平台"),
            V::S("91370112MA3C5E1235"),
            V::S("历城区"),
            V::S("线下"),
        ],
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("汇总.xlsx");
    write(&path, &workbook(&[("Sheet1", summary)]));
    assert!(!sme_audit::extract::file_holds_form(&path, &rules()));
}

/// Every real file of the sample round and the fixtures, truncated at several points and
/// with bytes flipped, under its own name and misnamed: the reader reports, never panics.
#[test]
fn damaged_copies_of_real_files_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack = vec![root.join("samples/round-2023"), root.join("tests/fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let rules = rules();
    let mut checked = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let mut variants: Vec<(String, Vec<u8>)> = Vec::new();
        for cut in [1, 7, 3, 2] {
            variants.push((
                name.clone(),
                bytes[..bytes.len() * (cut - 1) / cut.max(1)].to_vec(),
            ));
        }
        let mut flipped = bytes.clone();
        for i in (0..flipped.len()).step_by(97) {
            flipped[i] ^= 0x5A;
        }
        variants.push((name.clone(), flipped));
        for other in [
            "x.xlsx",
            "x.xls",
            "x.ods",
            "x.pdf",
            "x.csv",
            "审计报告.pdf",
            "推荐表.xlsx",
        ] {
            variants.push((other.to_string(), bytes.clone()));
        }
        for (rel, b) in variants {
            let raw = sme_audit::discover::RawFile {
                rel: rel.clone(),
                bytes: Ok(b),
            };
            let app = sme_audit::extract::read_files("t", vec![raw], &rules);
            assert!(
                app.facts.files.iter().any(|f| f.file == rel),
                "{rel} listed"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} variants");
}

#[test]
fn a_log_named_as_such_without_a_header_is_found_but_unreadable() {
    let rows = vec![vec![V::S("2022年服务情况")], vec![V::S("详见附件")]];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("3-服务记录.xlsx");
    write(&path, &workbook(&[("Sheet1", rows)]));
    let app = read_path(&path, &rules());
    assert!(
        matches!(app.facts.service_log_found, Found::Unreadable(_)),
        "present but unreadable: {:?}",
        app.facts.service_log_found
    );
    assert!(app.facts.services.is_empty());
    // So its criteria are review naming the sheet and why, not "0 < 50".
    let ctx = Context::new(
        rules(),
        chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
    );
    let result = evaluate_applicant(&app, &ctx);
    for criterion in ["A14.2.served", "A14.2.growth", "A14.4.public_welfare"] {
        let o = result.outcome(criterion).unwrap();
        assert_eq!(o.verdict, Verdict::Review, "{criterion}: {}", o.zh);
        assert!(
            o.zh.contains("3-服务记录.xlsx!Sheet1") && o.zh.contains("表头"),
            "{criterion}: {}",
            o.zh
        );
    }
    assert!(
        app.problems
            .iter()
            .any(|p| p.zh.contains("未找到服务记录的表头")),
        "{:?}",
        app.problems
    );
    assert_eq!(app.facts.files.len(), 1, "{:?}", app.facts.files);
}

#[test]
fn an_extra_sheet_next_to_a_recognised_one_is_listed() {
    let roster = vec![
        vec![V::S("姓名"), V::S("学历"), V::S("职称")],
        vec![V::S("张三"), V::S("本科"), V::S("工程师")],
    ];
    let notes = vec![vec![V::S("填表说明：请如实填写")]];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("人员名册.xlsx");
    write(&path, &workbook(&[("名册", roster), ("说明", notes)]));
    let app = read_path(&path, &rules());
    assert_eq!(app.facts.staff.len(), 1);
    let note = app
        .problems
        .iter()
        .find(|p| p.location == "说明")
        .expect("listed");
    assert_eq!(note.severity, Severity::Info);
}

#[test]
fn a_header_repeated_on_each_printed_page_is_not_a_record() {
    let header = || {
        vec![
            V::S("服务日期"),
            V::S("企业名称"),
            V::S("服务类别"),
            V::S("满意度"),
        ]
    };
    let rows = vec![
        header(),
        vec![
            V::D(2022, 1, 5),
            V::S("甲公司"),
            V::S("技术服务"),
            V::S("满意"),
        ],
        header(),
        vec![
            V::D(2022, 2, 5),
            V::S("乙公司"),
            V::S("培训服务"),
            V::S("满意"),
        ],
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("服务记录.xlsx");
    write(&path, &workbook(&[("Sheet1", rows)]));
    let app = read_path(&path, &rules());
    let names: Vec<_> = app
        .facts
        .services
        .iter()
        .filter_map(|s| s.enterprise.clone())
        .collect();
    assert_eq!(names, vec!["甲公司", "乙公司"]);
}

#[test]
fn a_zip_inside_a_submission_is_unpacked_as_a_folder() {
    let agreements = raw_name_zip(&[
        (gbk("协议甲.pdf"), b"%PDF-1.4".to_vec()),
        (gbk("协议乙.pdf"), b"%PDF-1.4".to_vec()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("某平台");
    write(
        &app_dir.join("推荐表.xlsx"),
        &simple_form("济南某平台", "91370102MA3C5E1234"),
    );
    write(&app_dir.join("合作协议.zip"), &agreements);
    let app = read_path(&app_dir, &rules());
    let files: Vec<&str> = app
        .facts
        .agreements
        .iter()
        .map(|e| e.file.as_str())
        .collect();
    assert_eq!(files, vec!["合作协议/协议乙.pdf", "合作协议/协议甲.pdf"]);

    // The same inside a zipped submission; a zip in a zip in a zip is reported, not unpacked.
    let deeper = raw_name_zip(&[(gbk("更深.zip"), agreements.clone())]);
    let outer = raw_name_zip(&[
        (
            gbk("某平台/推荐表.xlsx"),
            simple_form("济南某平台", "91370102MA3C5E1234"),
        ),
        (gbk("某平台/合作协议.zip"), agreements),
        (gbk("某平台/附件.zip"), deeper),
    ]);
    let zip_path = dir.path().join("某平台.zip");
    write(&zip_path, &outer);
    let app = read_path(&zip_path, &rules());
    assert_eq!(app.facts.agreements.len(), 2);
    assert!(
        app.problems.iter().any(|p| p.file == "附件/更深.zip"),
        "{:?}",
        app.problems
    );
}

/// A 2 KB xlsx with cells at A1 and XFD1048576 would make a dense reader allocate the whole
/// sheet (calamine #693); the streaming reader keeps what fits its bounds and reports the
/// cells it dropped.
#[test]
fn a_sheet_with_a_far_away_cell_does_not_allocate_the_whole_grid() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("人员名册").unwrap();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(0, 1, "学历").unwrap();
    ws.write_string(1, 0, "张三").unwrap();
    ws.write_string(1, 1, "本科").unwrap();
    ws.write_string(1_048_575, 16_383, "远处").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000);
    let sheets = sme_audit::ingest::spreadsheet::read_workbook(&bytes).unwrap();
    assert!(
        sheets[0].rows.len() <= 2,
        "far cell dropped: {}",
        sheets[0].rows.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("人员名册.xlsx");
    write(&path, &bytes);
    let app = read_path(&path, &rules());
    assert_eq!(app.facts.staff.len(), 1);
    let dropped = app
        .problems
        .iter()
        .find(|p| p.en.contains("were not read"))
        .expect("reported");
    assert!(dropped.zh.contains("1 个单元格"), "{}", dropped.zh);
}

#[test]
fn activity_headers_as_offices_write_them() {
    let rows = vec![
        vec![V::S("2022年服务活动开展情况")],
        vec![
            V::S("序号"),
            V::S("举办时间"),
            V::S("活动内容"),
            V::S("活动类型"),
            V::S("参加企业（家）"),
            V::S("参加人数"),
        ],
        vec![
            V::N(1.0),
            V::S("2022年5月"),
            V::S("技术对接会"),
            V::S("技术服务"),
            V::N(12.0),
            V::N(40.0),
        ],
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("活动台账.xlsx");
    write(&path, &workbook(&[("Sheet1", rows)]));
    let app = read_path(&path, &rules());
    let a = &app.facts.activities[0];
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2022-05-01"));
    assert_eq!(a.name.as_deref(), Some("技术对接会"));
    assert_eq!(a.category.as_deref(), Some("技术服务"));
    assert_eq!((a.enterprises, a.attendees), (Some(12), Some(40)));
}

#[test]
fn roster_sections_are_headings_not_people() {
    let rows = vec![
        vec![V::S("姓名"), V::S("身份证号"), V::S("学历"), V::S("职称")],
        vec![V::S("一、专职人员")],
        vec![
            V::S("张三"),
            V::S("370102199001011234"),
            V::S("本科"),
            V::S("工程师"),
        ],
        vec![
            V::S("李四"),
            V::S("370102199001021234"),
            V::S("大专"),
            V::S(""),
        ],
        vec![V::S("二、兼职人员")],
        vec![
            V::S("王五"),
            V::S("370102199001031234"),
            V::S("硕士"),
            V::S("高级工程师"),
        ],
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("人员名册.xlsx");
    write(&path, &workbook(&[("Sheet1", rows)]));
    let app = read_path(&path, &rules());
    let staff: Vec<(Option<&str>, Option<bool>)> = app
        .facts
        .staff
        .iter()
        .map(|s| (s.name.as_deref(), s.fulltime))
        .collect();
    assert_eq!(
        staff,
        vec![
            (Some("张三"), Some(true)),
            (Some("李四"), Some(true)),
            (Some("王五"), Some(false))
        ]
    );
}

/// A form exported to PDF (LibreOffice, label | value table) is read from its text when no
/// spreadsheet form was submitted, and ignored when one was.
#[test]
fn a_pdf_form_is_a_fallback_for_a_missing_spreadsheet_form() {
    let pdf = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/form_exported_to_pdf.pdf"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("甲平台");
    write(&alone.join("1-推荐表.pdf"), &pdf);
    write(
        &alone.join("人员名册.csv"),
        "姓名,学历\n张三,本科\n".as_bytes(),
    );
    let app = read_path(&alone, &rules());
    let form = &app.facts.form;
    assert_eq!(
        form.name.as_ref().unwrap().value,
        "济南某某科技服务有限公司"
    );
    assert_eq!(
        form.credit_code.as_ref().unwrap().evidence.to_string(),
        "1-推荐表.pdf!p.1!D2"
    );
    assert_eq!(
        form.established.as_ref().unwrap().value.to_string(),
        "2019-04-08"
    );
    assert_eq!(
        form.premises_area.as_ref().unwrap().value,
        Decimal::from(320)
    );
    assert!(app.problems.iter().any(|p| p.en.contains("form is a PDF")));
    assert!(!app.problems.iter().any(|p| p.zh.contains("未找到推荐表")));

    let both = dir.path().join("乙平台");
    write(&both.join("1-推荐表.pdf"), &pdf);
    write(
        &both.join("1-推荐表.xlsx"),
        &simple_form("济南乙平台有限公司", "91370112MA3C5E1234"),
    );
    let app = read_path(&both, &rules());
    assert_eq!(
        app.facts.form.name.as_ref().unwrap().value,
        "济南乙平台有限公司"
    );
    assert_eq!(
        app.facts.form.premises_area, None,
        "nothing taken from the PDF"
    );
}

/// Absurd figures (an ID number typed into a money column, 30-digit scores) are refused as
/// values instead of overflowing exact-decimal arithmetic downstream.
#[test]
fn absurd_numbers_neither_panic_nor_count() {
    let big = "999999999999999999999999999999";
    let rows = vec![
        vec![
            V::S("服务日期"),
            V::S("企业名称"),
            V::S("服务类别"),
            V::S("收费金额（万元）"),
            V::S("融资金额（亿元）"),
            V::S("满意度"),
            V::S("参训人次"),
        ],
        vec![
            V::D(2022, 3, 1),
            V::S("甲公司"),
            V::S("融资服务"),
            V::S(big),
            V::N(1e300),
            V::S(big),
            V::S(big),
        ],
        vec![
            V::D(2022, 3, 2),
            V::S("乙公司"),
            V::S("培训服务"),
            V::N(7.9e28),
            V::S(big),
            V::N(1e20),
            V::N(1e19),
        ],
    ];
    let form = vec![
        vec![V::S("单位名称"), V::S("济南某平台")],
        vec![V::S("资产总额（亿元）"), V::S(big)],
        vec![V::S("服务场所面积"), V::N(1e300)],
        vec![V::S("申报服务功能"), V::S("融资、培训")],
    ];
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("某平台");
    write(&app_dir.join("推荐表.xlsx"), &workbook(&[("推荐表", form)]));
    write(
        &app_dir.join("服务记录.xlsx"),
        &workbook(&[("服务记录", rows)]),
    );
    let ctx = sme_audit::evaluate::Context::new(
        rules(),
        chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap(),
    );
    let (results, problems) =
        sme_audit::pipeline::evaluate_round(dir.path(), &ctx, true, None).unwrap();
    assert_eq!(results.len(), 1);
    assert!(
        problems.iter().any(|p| p.zh.contains("无法识别")),
        "{problems:?}"
    );
    let app = read_path(&app_dir, &rules());
    assert!(
        app.facts
            .services
            .iter()
            .all(|s| s.fee.is_none() && s.financing.is_none())
    );
    assert_eq!(app.facts.form.declared_assets, None);
}
