//! Builders for criterion tests: facts made in code, small enough to read in a test.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Context, Outcome, Verdict};
use crate::model::*;
use crate::rules::Rules;

/// A valid Jinan enterprise credit code (division 370102, check character correct).
pub const CODE_ENTERPRISE: &str = "91370102MA3C4XXL18";
/// The same with a wrong check character.
pub const CODE_BAD_CHECK: &str = "91370102MA3C4XXL19";
/// 事业单位 (authority 1, category 2), Jinan.
pub const CODE_INSTITUTION: &str = "12370100MB2850000U";
/// 民办非企业单位 (52), Jinan.
pub const CODE_PRIVATE_NON_ENTERPRISE: &str = "52370102MJD000001Y";
/// An enterprise registered in Beijing (110000).
pub const CODE_BEIJING: &str = "91110000MA0000001L";
/// 个体工商户 (92): no legal personality.
pub const CODE_INDIVIDUAL: &str = "92370102MA3C4XXL15";
/// An old Laiwu code (371202), Jinan since 2019.
pub const CODE_LAIWU: &str = "91371202MA3C4XXL1R";

pub fn rules() -> Rules {
    Rules::jinan_2021()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date")
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test decimal")
}

/// Context with as-of 2023-06-30, so Y = 2022.
pub fn ctx() -> Context {
    Context::new(rules(), date(2023, 6, 30))
}

pub fn ev(file: &str) -> Evidence {
    Evidence::file(file)
}

pub fn src<T>(value: T) -> Option<Sourced<T>> {
    Some(Sourced::new(
        value,
        Evidence::cell("推荐表.xlsx", "推荐表", 3, 1),
    ))
}

pub fn facts() -> Facts {
    Facts::default()
}

pub fn app(facts: Facts) -> Applicant {
    Applicant {
        id: "平台甲".to_string(),
        path: "平台甲".to_string(),
        facts,
        ..Default::default()
    }
}

pub fn service(d: NaiveDate, enterprise: &str, code: Option<&str>) -> ServiceRecord {
    ServiceRecord {
        date: Some(d),
        enterprise: Some(enterprise.to_string()),
        credit_code: code.map(str::to_string),
        evidence: Evidence::row("服务记录.xlsx", "服务台账", 5),
        ..Default::default()
    }
}

/// `n` services in `year` to distinct enterprises 企业0 … 企业{n-1}.
pub fn services(year: i32, n: usize) -> Vec<ServiceRecord> {
    (0..n)
        .map(|i| service(date(year, 3, 1), &format!("企业{i}"), None))
        .collect()
}

pub fn member(education: &str, title: &str) -> StaffMember {
    StaffMember {
        name: Some("张三".to_string()),
        education: (!education.is_empty()).then(|| education.to_string()),
        title: (!title.is_empty()).then(|| title.to_string()),
        evidence: Evidence::row("人员名册.xlsx", "名册", 3),
        ..Default::default()
    }
}

pub fn activity(d: NaiveDate, category: &str) -> Activity {
    Activity {
        date: Some(d),
        name: Some(format!("{category}活动")),
        category: Some(category.to_string()),
        evidence: Evidence::row("活动记录.xlsx", "活动", 2),
        ..Default::default()
    }
}

pub fn audit(year: i32, total_assets: &str) -> AuditReport {
    AuditReport {
        file: "审计报告.pdf".to_string(),
        year: Some(Sourced::new(year, Evidence::page("审计报告.pdf", 1))),
        total_assets: Some(Sourced::new(
            dec(total_assets),
            Evidence::page("审计报告.pdf", 5),
        )),
        ..Default::default()
    }
}

pub fn assert_verdict(o: &Outcome, want: Verdict) {
    assert_eq!(o.verdict, want, "{}: {} / {}", o.criterion, o.zh, o.en);
    assert!(
        !o.zh.is_empty() && !o.en.is_empty(),
        "{} has messages",
        o.criterion
    );
    assert!(
        !o.zh.contains('\n') && !o.en.contains('\n'),
        "one-line messages"
    );
}
