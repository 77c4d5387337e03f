//! `A14.2.online_registered` — Art. 14(2): a platform mainly serving over the internet
//! (主要基于互联网服务的平台) has at least 500 enterprises registered online.
//!
//! Only for internet platforms (the form's 平台类型); n/a for offline platforms and when the form
//! does not say (the message then shows any declared figure). For an internet platform the
//! form's 线上注册企业数 is the figure; absent → review.
//!
//! Example: internet platform with 499 registrations → fail; 500 → pass; offline → n/a.

use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, PlatformKind};

pub const ID: &str = "A14.2.online_registered";
const ARTICLE: &str = "14(2)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let need = ctx.rules.thresholds.online_registered;
    let form = &app.facts.form;
    let figure = form.online_registered.as_ref();
    let mut out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(format!("≥{need}"))
        .evidence(form.platform_kind.as_ref().map(|k| k.evidence.clone()))
        .evidence(figure.map(|f| f.evidence.clone()));
    if let Some(f) = figure {
        out = out.value(f.value.to_string());
    }
    match form.platform_kind.as_ref().map(|k| k.value) {
        Some(PlatformKind::Internet) => match figure {
            Some(f) if f.value >= need => out.msg(
                format!("互联网平台线上注册企业 {} 家 ≥ {} 家（第十四条第二项）", fmt::count(f.value), fmt::count(need)),
                format!("internet platform with {} online registrations ≥ {} (Art. 14(2))", fmt::count(f.value), fmt::count(need)),
            ),
            Some(f) => out.verdict(Verdict::Fail).msg(
                format!("互联网平台线上注册企业 {} 家 < {} 家（第十四条第二项）", fmt::count(f.value), fmt::count(need)),
                format!("internet platform with {} online registrations < {} (Art. 14(2))", fmt::count(f.value), fmt::count(need)),
            ),
            None => out.verdict(Verdict::Review).msg(
                format!("互联网平台未填线上注册企业数（标准 {need} 家，第十四条第二项）"),
                format!("internet platform without a number of online registrations (threshold {need}, Art. 14(2))"),
            ),
        },
        Some(PlatformKind::Offline) => out.verdict(Verdict::NotApplicable).msg(
            "线下平台，不适用线上注册企业数要求（第十四条第二项）",
            "offline platform: the online registration requirement does not apply (Art. 14(2))",
        ),
        None => {
            let (z, e) = match figure {
                Some(f) => (format!("，推荐表填报线上注册企业 {} 家", fmt::count(f.value)), format!("; the form declares {} online registrations", f.value)),
                None => (String::new(), String::new()),
            };
            out.verdict(Verdict::NotApplicable).msg(
                format!("推荐表未注明为互联网平台，按线下平台处理{z}（第十四条第二项）"),
                format!("the form does not say it is an internet platform, treated as offline{e} (Art. 14(2))"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    fn with(kind: Option<PlatformKind>, n: Option<u64>) -> Outcome {
        let mut f = facts();
        f.form.platform_kind = kind.and_then(src);
        f.form.online_registered = n.and_then(src);
        check(&app(f), &ctx())
    }

    #[test]
    fn internet_platforms_need_500() {
        assert_verdict(
            &with(Some(PlatformKind::Internet), Some(499)),
            Verdict::Fail,
        );
        assert_verdict(
            &with(Some(PlatformKind::Internet), Some(500)),
            Verdict::Pass,
        );
        assert_verdict(&with(Some(PlatformKind::Internet), None), Verdict::Review);
    }

    #[test]
    fn offline_or_unstated_is_not_applicable() {
        assert_verdict(
            &with(Some(PlatformKind::Offline), Some(10)),
            Verdict::NotApplicable,
        );
        let o = with(None, Some(10));
        assert_verdict(&o, Verdict::NotApplicable);
        assert!(o.zh.contains("10"));
    }
}
