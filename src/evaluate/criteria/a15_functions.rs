//! `A15.info` … `A15.legal` and `A15` — Art. 15: the platform meets at least one function
//! requirement (应满足以下至少一项功能要求).
//!
//! One row per function, each a conjunction of the article's measurable conditions in year Y
//! (yes/no items from the form; unknown → review; counts from the logs, missing log → review):
//! - `A15.info` 15(1): 在线信息发布系统 ∧ enterprises served **offline** in category 信息 in
//!   Y ≥ 50 ∧ 信息 activities ≥ 4 (SPEC §4.1). The article's 线下年服务企业50家以上 sits under
//!   the information-service function, so the spec's reading (信息 services only) does not
//!   contradict it; the message also gives the count over all offline services.
//! - `A15.tech` 15(2): (专家库 ∨ 项目库) ∧ 技术 activities ≥ 4.
//! - `A15.startup` 15(3): 创业项目库 ∧ 创业指南 ∧ 服务热线 ∧ 创业 activities ≥ 4.
//! - `A15.training` 15(4): person-times trained in Y (培训 activities' attendees + 培训 service
//!   records' trainees) ≥ 1,000 ∧ 培训评价机制.
//! - `A15.financing` 15(5): (融资 activities ≥ 4 ∧ financing helped in Y ≥ 1亿) ∨ new
//!   guarantees ≥ 2亿 (no guarantee figure = no guarantee business).
//! - `A15.consulting` 15(6): distinct enterprises with landed execution (落地执行, 咨询 or
//!   uncategorised records) ≥ 20 ∨ 咨询 activities ≥ 4.
//! - `A15.legal` 15(7): 法律服务指南 ∧ 服务热线 ∧ (distinct enterprises given a 法律体检 ≥ 20 ∨
//!   法律 activities ≥ 4).
//!
//! Unknown is not zero: a log that is missing or could not be read, or that holds records of
//! other years only, leaves its count unknown (review); so do rows whose figure is missing
//! (training rows without person-times, 融资 rows without an amount) and a log with no 落地执行 /
//! 法律体检 column at all, whenever they could lift a count over its threshold. A partly read log
//! passes a count that already meets the threshold.
//!
//! A function the applicant did not declare is n/a, its message saying whether the data would
//! meet it. `A15` passes when a declared function passes; else review when a declared function
//! is review; else fail. No declared function on the form → review (the message names any
//! function the data would meet). The per-function rows never block; `A15` does.
//!
//! Example: declared 培训, 2022 training 1,050 person-times with an evaluation mechanism →
//! `A15.training` pass, `A15` pass.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::evaluate::measure::{
    ACTIVITY_LOG, SERVICE_LOG, activities, activity_years, names_function, only_other_years,
    record_year, served, service_years, services_in_year, unread_clause,
};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::{Applicant, Evidence, Facts, Found, Function, Lang, Sourced};

pub const ID: &str = "A15";

/// One condition of a function: its verdict and its message parts.
struct Cond {
    verdict: Verdict,
    zh: String,
    en: String,
}

fn yes_no(item: &Option<Sourced<bool>>, zh: &str, en: &str, ev: &mut Vec<Evidence>) -> Cond {
    if let Some(s) = item {
        ev.push(s.evidence.clone());
    }
    match item.as_ref().map(|s| s.value) {
        Some(true) => Cond {
            verdict: Verdict::Pass,
            zh: format!("{zh}：有"),
            en: format!("{en}: yes"),
        },
        Some(false) => Cond {
            verdict: Verdict::Fail,
            zh: format!("{zh}：无"),
            en: format!("{en}: no"),
        },
        None => Cond {
            verdict: Verdict::Review,
            zh: format!("{zh}：未填"),
            en: format!("{en}: not stated"),
        },
    }
}

/// Where a count comes from: the log's state and, when it holds records of other years only,
/// those years (zh, en).
struct Source<'a> {
    found: Cow<'a, Found>,
    what: (&'static str, &'static str),
    other_years: Option<(String, String)>,
}

impl Source<'_> {
    /// Whether the log's counts are figures of Y (read, and holding records of Y).
    fn counts(&self) -> bool {
        self.found.is_read() && self.other_years.is_none()
    }
    fn service_log(facts: &Facts, y: i32) -> Source<'_> {
        Source {
            found: Cow::Borrowed(&facts.service_log_found),
            what: SERVICE_LOG,
            other_years: only_other_years(&service_years(facts), y),
        }
    }
    fn activity_log(facts: &Facts, y: i32) -> Source<'_> {
        Source {
            found: Cow::Borrowed(&facts.activity_log_found),
            what: ACTIVITY_LOG,
            other_years: only_other_years(&activity_years(facts), y),
        }
    }
}

/// What could still be added to a count: undated rows (a bounded number) and rows whose value
/// is missing (`unknown`: any number, when `unbounded`), with the words for the latter.
#[derive(Default)]
struct Open {
    undated: u64,
    unknown: u64,
    unbounded: bool,
    unknown_zh: String,
    unknown_en: String,
}

/// A count against its threshold. A log that is missing or unreadable, or that holds records
/// of other years only, leaves the count unknown (review); a count below the threshold that
/// undated rows, rows without the value, or an unread part of the log could lift is review.
fn count(src: &Source, n: u64, open: Open, need: u64, zh: &str, unit_zh: &str, en: &str) -> Cond {
    let review = |z: String, e: String| Cond {
        verdict: Verdict::Review,
        zh: z,
        en: e,
    };
    match &*src.found {
        Found::Absent => {
            return review(
                format!("{zh}：无记录可核"),
                format!("{en}: no log to check"),
            );
        }
        Found::Unreadable(_) => {
            let (uz, ue) = unread_clause(&src.found, src.what);
            return review(format!("{zh}：{uz}"), format!("{en}: {ue}"));
        }
        Found::Read { .. } => {}
    }
    if n < need
        && let Some(years) = &src.other_years
    {
        return review(
            format!("{zh}：{}中无该年记录（记录年份：{}）", src.what.0, years.0),
            format!(
                "{en}: the {} holds no record of that year (it holds {})",
                src.what.1, years.1
            ),
        );
    }
    let could_reach = n.saturating_add(open.undated).saturating_add(open.unknown) >= need
        || (open.unbounded && open.unknown > 0);
    let (verdict, op) = if n >= need {
        (Verdict::Pass, "≥")
    } else if could_reach || !src.found.is_complete() {
        (Verdict::Review, "<")
    } else {
        (Verdict::Fail, "<")
    };
    let mut z = format!(
        "{zh} {}{unit_zh} {op} {}{unit_zh}",
        fmt::count(n),
        fmt::count(need)
    );
    let mut e = format!("{en} {} {op} {}", fmt::count(n), fmt::count(need));
    if open.undated > 0 {
        z.push_str(&format!("（另 {} 条无日期）", open.undated));
        e.push_str(&format!(" ({} undated)", open.undated));
    }
    if open.unknown > 0 {
        z.push_str(&format!("（{}）", open.unknown_zh));
        e.push_str(&format!(" ({})", open.unknown_en));
    }
    if !src.found.is_complete() {
        let (uz, ue) = unread_clause(&src.found, src.what);
        z.push_str(&format!("（{uz}）"));
        e.push_str(&format!(" ({ue})"));
    }
    Cond {
        verdict,
        zh: z,
        en: e,
    }
}

/// A figure when its log was found, else empty (unknown).
fn known(found: bool, figure: impl FnOnce() -> String) -> String {
    if found { figure() } else { String::new() }
}

fn all(conds: &[Cond]) -> Verdict {
    conds.iter().fold(Verdict::Pass, |v, c| v.and(c.verdict))
}

fn any(conds: &[Cond]) -> Verdict {
    conds.iter().fold(Verdict::Fail, |v, c| v.or(c.verdict))
}

fn join(conds: &[Cond], sep_zh: &str, sep_en: &str) -> (String, String) {
    (
        conds
            .iter()
            .map(|c| c.zh.as_str())
            .collect::<Vec<_>>()
            .join(sep_zh),
        conds
            .iter()
            .map(|c| c.en.as_str())
            .collect::<Vec<_>>()
            .join(sep_en),
    )
}

/// The raw evaluation of one function (as if declared).
struct FunctionResult {
    verdict: Verdict,
    value: String,
    threshold: String,
    evidence: Vec<Evidence>,
    zh: String,
    en: String,
}

fn article(f: Function) -> (&'static str, &'static str, &'static str) {
    match f {
        Function::Info => ("15(1)", "第十五条第一项", "Art. 15(1)"),
        Function::Tech => ("15(2)", "第十五条第二项", "Art. 15(2)"),
        Function::Startup => ("15(3)", "第十五条第三项", "Art. 15(3)"),
        Function::Training => ("15(4)", "第十五条第四项", "Art. 15(4)"),
        Function::Financing => ("15(5)", "第十五条第五项", "Art. 15(5)"),
        Function::Consulting => ("15(6)", "第十五条第六项", "Art. 15(6)"),
        Function::Legal => ("15(7)", "第十五条第七项", "Art. 15(7)"),
    }
}

fn activity_cond(
    facts: &Facts,
    y: i32,
    f: Function,
    need: u64,
    ctx: &Context,
    ev: &mut Vec<Evidence>,
) -> (Cond, u64) {
    let a = activities(facts, y, f, &ctx.rules);
    ev.extend(a.evidence.iter().cloned());
    ev.extend(
        facts
            .activity_log_found
            .unread()
            .iter()
            .map(|u| u.evidence.clone()),
    );
    let kw = f.keyword();
    let c = count(
        &Source::activity_log(facts, y),
        a.count,
        Open {
            undated: a.undated,
            ..Open::default()
        },
        need,
        &format!("{y} 年{kw}类活动"),
        "次",
        &format!("{} activities in {y}", f.id()),
    );
    (c, a.count)
}

/// The activity and service logs together, for training person-times: read when either was
/// read, complete when nothing of either is unread, of other years only when neither holds a
/// record of Y.
fn both_logs(facts: &Facts, y: i32) -> Source<'_> {
    let (a, s) = (&facts.activity_log_found, &facts.service_log_found);
    let unread: Vec<_> = a.unread().iter().chain(s.unread()).cloned().collect();
    let found = if a.is_read() || s.is_read() {
        Found::Read { unread }
    } else if unread.is_empty() {
        Found::Absent
    } else {
        Found::Unreadable(unread)
    };
    let mut years = service_years(facts);
    for (year, n) in activity_years(facts) {
        *years.entry(year).or_insert(0) += n;
    }
    Source {
        found: Cow::Owned(found),
        what: ("服务及活动记录", "service and activity logs"),
        other_years: only_other_years(&years, y),
    }
}

fn evaluate_function(f: Function, app: &Applicant, ctx: &Context) -> FunctionResult {
    let facts = &app.facts;
    let form = &facts.form;
    let t = &ctx.rules.thresholds;
    let y = ctx.year();
    let mut ev: Vec<Evidence> = facts
        .service_log_found
        .unread()
        .iter()
        .map(|u| u.evidence.clone())
        .collect();
    let log = facts.service_log_found.is_read();
    // Figures shown in the value column only when they are figures of Y.
    let service_counts = Source::service_log(facts, y).counts();
    let activity_counts = Source::activity_log(facts, y).counts();
    let (verdict, value, threshold, conds_text) = match f {
        Function::Info => {
            let sys = yes_no(
                &form.has_info_system,
                "在线信息发布系统",
                "online information system",
                &mut ev,
            );
            let all_offline = served(facts, y, |r| !r.online);
            let offline = served(facts, y, |r| {
                !r.online && names_function(r.category.as_deref(), f, &ctx.rules)
            });
            ev.extend(offline.evidence.iter().cloned());
            let mut c = count(
                &Source::service_log(facts, y),
                offline.count,
                Open {
                    undated: offline.undated_extra,
                    ..Open::default()
                },
                t.info_served_offline,
                &format!("{y} 年线下信息服务企业"),
                "家",
                &format!("enterprises given offline information services in {y}"),
            );
            if log {
                c.zh.push_str(&format!("（全部线下服务 {} 家）", all_offline.count));
                c.en.push_str(&format!(
                    " ({} over all offline services)",
                    all_offline.count
                ));
            }
            let (a, _) = activity_cond(facts, y, f, t.info_activities, ctx, &mut ev);
            let conds = [sys, c, a];
            (
                all(&conds),
                known(service_counts, || offline.count.to_string()),
                format!("≥{};≥{}", t.info_served_offline, t.info_activities),
                join(&conds, "；", "; "),
            )
        }
        Function::Tech => {
            let pools = [
                yes_no(&form.has_expert_pool, "专家库", "expert pool", &mut ev),
                yes_no(&form.has_project_pool, "项目库", "project pool", &mut ev),
            ];
            let (pz, pe) = join(&pools, "或", " or ");
            let pool = Cond {
                verdict: any(&pools),
                zh: pz,
                en: pe,
            };
            let (a, n) = activity_cond(facts, y, f, t.tech_activities, ctx, &mut ev);
            let conds = [pool, a];
            (
                all(&conds),
                known(activity_counts, || n.to_string()),
                format!("≥{}", t.tech_activities),
                join(&conds, "；", "; "),
            )
        }
        Function::Startup => {
            let (a, n) = activity_cond(facts, y, f, t.startup_activities, ctx, &mut ev);
            let conds = [
                yes_no(
                    &form.has_project_pool,
                    "创业项目库",
                    "startup project pool",
                    &mut ev,
                ),
                yes_no(
                    &form.has_startup_guide,
                    "创业指南",
                    "startup guide",
                    &mut ev,
                ),
                yes_no(&form.has_hotline, "创业服务热线", "hotline", &mut ev),
                a,
            ];
            (
                all(&conds),
                known(activity_counts, || n.to_string()),
                format!("≥{}", t.startup_activities),
                join(&conds, "；", "; "),
            )
        }
        Function::Training => {
            let mut total: u64 = 0;
            let mut undated: u64 = 0;
            // Training rows of Y whose attendee / trainee figure is missing: any number.
            let mut missing: u64 = 0;
            for a in facts
                .activities
                .iter()
                .filter(|a| crate::evaluate::measure::activity_is(a, f, &ctx.rules))
            {
                match record_year(a.date, &a.evidence) {
                    Some(yr) if yr == y => {
                        match a.attendees {
                            Some(n) => total = total.saturating_add(n),
                            None => missing += 1,
                        }
                        crate::evaluate::measure::push_file_evidence(&mut ev, &a.evidence);
                    }
                    Some(_) => {}
                    None => match a.attendees {
                        Some(n) => undated = undated.saturating_add(n),
                        // Undated and without a figure: it may be Y's, with any number.
                        None => missing += 1,
                    },
                }
            }
            for r in facts
                .services
                .iter()
                .filter(|r| names_function(r.category.as_deref(), f, &ctx.rules))
            {
                match record_year(r.date, &r.evidence) {
                    Some(yr) if yr == y => {
                        match r.trainees {
                            Some(n) => total = total.saturating_add(n),
                            None => missing += 1,
                        }
                        crate::evaluate::measure::push_file_evidence(&mut ev, &r.evidence);
                    }
                    Some(_) => {}
                    None => match r.trainees {
                        Some(n) => undated = undated.saturating_add(n),
                        // Undated and without a figure: it may be Y's, with any number.
                        None => missing += 1,
                    },
                }
            }
            ev.extend(
                facts
                    .activity_log_found
                    .unread()
                    .iter()
                    .map(|u| u.evidence.clone()),
            );
            // Person-times come from both logs: the count is known when either was read, and
            // complete only when nothing of either is unread.
            let both = both_logs(facts, y);
            let both_counts = both.counts();
            let c = count(
                &both,
                total,
                Open {
                    undated,
                    unknown: missing,
                    unbounded: true,
                    unknown_zh: format!("{missing} 条培训记录无人次"),
                    unknown_en: format!("{missing} training records give no person-times"),
                },
                t.training_person_times,
                &format!("{y} 年培训"),
                "人次",
                &format!("person-times trained in {y}"),
            );
            let conds = [
                c,
                yes_no(
                    &form.has_training_eval,
                    "培训服务评价机制",
                    "training evaluation mechanism",
                    &mut ev,
                ),
            ];
            (
                all(&conds),
                known(both_counts && missing == 0, || total.to_string()),
                format!("≥{}", t.training_person_times),
                join(&conds, "；", "; "),
            )
        }
        Function::Financing => {
            let (a, _) = activity_cond(facts, y, f, t.financing_activities, ctx, &mut ev);
            let helped: Decimal = services_in_year(facts, y).filter_map(|r| r.financing).sum();
            // 融资 records of Y with no amount: the amount helped is unknown, not 0.
            let no_amount = services_in_year(facts, y)
                .filter(|r| {
                    r.financing.is_none() && names_function(r.category.as_deref(), f, &ctx.rules)
                })
                .count();
            let service_src = Source::service_log(facts, y);
            let helped_c = if !log {
                let (uz, ue) = unread_clause(&facts.service_log_found, SERVICE_LOG);
                Cond {
                    verdict: Verdict::Review,
                    zh: if uz.is_empty() {
                        "融资额：无服务记录可核".into()
                    } else {
                        format!("融资额：{uz}")
                    },
                    en: if ue.is_empty() {
                        "financing: no service log".into()
                    } else {
                        format!("financing: {ue}")
                    },
                }
            } else if helped < t.financing_amount
                && (service_src.other_years.is_some()
                    || no_amount > 0
                    || !facts.service_log_found.is_complete())
            {
                let (why_zh, why_en) = if let Some(years) = &service_src.other_years {
                    (
                        format!("服务记录中无 {y} 年记录（记录年份：{}）", years.0),
                        format!(
                            "the service log holds no record of {y} (it holds {})",
                            years.1
                        ),
                    )
                } else if no_amount > 0 {
                    (
                        format!("{no_amount} 条融资服务记录无融资额"),
                        format!("{no_amount} financing records give no amount"),
                    )
                } else {
                    unread_clause(&facts.service_log_found, SERVICE_LOG)
                };
                Cond {
                    verdict: Verdict::Review,
                    zh: format!(
                        "{y} 年帮助融资 {} 元 < {} 元（{why_zh}）",
                        fmt::money(helped),
                        fmt::figure(t.financing_amount)
                    ),
                    en: format!(
                        "financing helped in {y} {} yuan < {} yuan ({why_en})",
                        fmt::money(helped),
                        fmt::figure(t.financing_amount)
                    ),
                }
            } else {
                let ok = helped >= t.financing_amount;
                Cond {
                    verdict: if ok { Verdict::Pass } else { Verdict::Fail },
                    zh: format!(
                        "{y} 年帮助融资 {} 元 {} {} 元",
                        fmt::money(helped),
                        if ok { "≥" } else { "<" },
                        fmt::figure(t.financing_amount)
                    ),
                    en: format!(
                        "financing helped in {y} {} yuan {} {} yuan",
                        fmt::money(helped),
                        if ok { "≥" } else { "<" },
                        fmt::figure(t.financing_amount)
                    ),
                }
            };
            let first = [a, helped_c];
            let (fz, fe) = join(&first, "且", " and ");
            let first = Cond {
                verdict: all(&first),
                zh: fz,
                en: fe,
            };
            let guarantee = match &form.new_guarantees {
                Some(g) => {
                    ev.push(g.evidence.clone());
                    let ok = g.value >= t.guarantee_amount;
                    Cond {
                        verdict: if ok { Verdict::Pass } else { Verdict::Fail },
                        zh: format!(
                            "新增担保额 {} 元 {} {} 元",
                            fmt::money(g.value),
                            if ok { "≥" } else { "<" },
                            fmt::figure(t.guarantee_amount)
                        ),
                        en: format!(
                            "new guarantees {} yuan {} {} yuan",
                            fmt::money(g.value),
                            if ok { "≥" } else { "<" },
                            fmt::figure(t.guarantee_amount)
                        ),
                    }
                }
                None => Cond {
                    verdict: Verdict::Fail,
                    zh: "无新增担保额".into(),
                    en: "no new guarantees".into(),
                },
            };
            let conds = [first, guarantee];
            (
                any(&conds),
                known(service_counts, || fmt::plain(helped)),
                format!(
                    "≥{};≥{}",
                    t.financing_activities,
                    fmt::plain(t.financing_amount)
                ),
                join(&conds, "；或", "; or "),
            )
        }
        Function::Consulting => {
            let consulting = |r: &crate::model::ServiceRecord| {
                r.category.as_deref().is_none_or(|c| c.trim().is_empty())
                    || names_function(r.category.as_deref(), f, &ctx.rules)
            };
            let landed = served(facts, y, |r| r.landed == Some(true) && consulting(r));
            ev.extend(landed.evidence.iter().cloned());
            // Without any 落地执行 value in the log (no such column), every consulting record
            // could be landed: the count is unknown, not 0.
            let unknown = if facts.services.iter().any(|r| r.landed.is_some()) {
                0
            } else {
                served(facts, y, consulting)
                    .count
                    .saturating_sub(landed.count)
            };
            let l = count(
                &Source::service_log(facts, y),
                landed.count,
                Open {
                    undated: landed.undated_extra,
                    unknown,
                    unbounded: false,
                    unknown_zh: format!("服务记录无落地执行信息，{unknown} 家企业无法判断"),
                    unknown_en: format!(
                        "the service log says nothing of landed execution: {unknown} enterprises unknown"
                    ),
                },
                t.consulting_landed,
                &format!("{y} 年落地执行服务企业"),
                "家",
                &format!("enterprises with landed execution in {y}"),
            );
            let (a, _) = activity_cond(facts, y, f, t.consulting_activities, ctx, &mut ev);
            let conds = [l, a];
            (
                any(&conds),
                known(service_counts && unknown == 0, || landed.count.to_string()),
                format!("≥{}|≥{}", t.consulting_landed, t.consulting_activities),
                join(&conds, "；或", "; or "),
            )
        }
        Function::Legal => {
            let checked = served(facts, y, |r| r.legal_checkup == Some(true));
            ev.extend(checked.evidence.iter().cloned());
            // Without any 法律体检 value in the log (no such column), the legal-service records
            // could be check-ups: the count is unknown, not 0.
            let unknown = if facts.services.iter().any(|r| r.legal_checkup.is_some()) {
                0
            } else {
                served(facts, y, |r| {
                    r.category.as_deref().is_none_or(|c| c.trim().is_empty())
                        || names_function(r.category.as_deref(), f, &ctx.rules)
                })
                .count
            };
            let l = count(
                &Source::service_log(facts, y),
                checked.count,
                Open {
                    undated: checked.undated_extra,
                    unknown,
                    unbounded: false,
                    unknown_zh: format!("服务记录无法律体检信息，{unknown} 家企业无法判断"),
                    unknown_en: format!(
                        "the service log says nothing of legal check-ups: {unknown} enterprises unknown"
                    ),
                },
                t.legal_checkups,
                &format!("{y} 年法律体检企业"),
                "家",
                &format!("enterprises given a legal check-up in {y}"),
            );
            let (a, _) = activity_cond(facts, y, f, t.legal_activities, ctx, &mut ev);
            let either = [l, a];
            let (ez, ee) = join(&either, "或", " or ");
            let either = Cond {
                verdict: any(&either),
                zh: format!("（{ez}）"),
                en: format!("({ee})"),
            };
            let conds = [
                yes_no(
                    &form.has_legal_guide,
                    "法律服务指南",
                    "legal service guide",
                    &mut ev,
                ),
                yes_no(&form.has_hotline, "服务热线", "hotline", &mut ev),
                either,
            ];
            (
                all(&conds),
                known(service_counts && unknown == 0, || checked.count.to_string()),
                format!("≥{}|≥{}", t.legal_checkups, t.legal_activities),
                join(&conds, "；", "; "),
            )
        }
    };
    FunctionResult {
        verdict,
        value,
        threshold,
        evidence: ev,
        zh: conds_text.0,
        en: conds_text.1,
    }
}

fn function_name(f: Function, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => match f {
            Function::Info => "信息服务",
            Function::Tech => "技术服务",
            Function::Startup => "创业服务",
            Function::Training => "培训服务",
            Function::Financing => "融资服务",
            Function::Consulting => "咨询服务",
            Function::Legal => "法律服务",
        },
        Lang::En => f.id(),
    }
}

/// The seven `A15.<function>` rows followed by `A15`.
pub fn check(app: &Applicant, ctx: &Context) -> Vec<Outcome> {
    let declared: Option<&Vec<Function>> = app
        .facts
        .form
        .functions
        .as_ref()
        .map(|f| &f.value)
        .filter(|v| !v.is_empty());
    let mut rows = Vec::new();
    let mut raw = Vec::new();
    for f in Function::ALL {
        let r = evaluate_function(f, app, ctx);
        let (art, art_zh, art_en) = article(f);
        let is_declared = declared.is_some_and(|d| d.contains(&f));
        let (verdict, zh, en) = if is_declared {
            (
                r.verdict,
                format!("{}：{}（{art_zh}）", function_name(f, Lang::Zh), r.zh),
                format!("{}: {} ({art_en})", function_name(f, Lang::En), r.en),
            )
        } else {
            let (wz, we) = match r.verdict {
                Verdict::Pass => ("数据显示符合", "the data would meet it"),
                Verdict::Fail => ("数据显示不符合", "the data would not meet it"),
                _ => ("数据不足以判断", "the data cannot tell"),
            };
            (
                Verdict::NotApplicable,
                format!(
                    "未申报{}，{wz}：{}（{art_zh}）",
                    function_name(f, Lang::Zh),
                    r.zh
                ),
                format!(
                    "{} not declared; {we}: {} ({art_en})",
                    function_name(f, Lang::En),
                    r.en
                ),
            )
        };
        rows.push(
            Outcome::new(&format!("A15.{}", f.id()), art, verdict)
                .value(r.value.clone())
                .threshold(r.threshold.clone())
                .evidence(r.evidence.clone())
                .msg(zh, en),
        );
        raw.push((f, is_declared, r.verdict));
    }
    let names = |list: &[Function], lang: Lang| -> String {
        let v: Vec<&str> = list.iter().map(|f| function_name(*f, lang)).collect();
        if v.is_empty() {
            match lang {
                Lang::Zh => "无".to_string(),
                Lang::En => "none".to_string(),
            }
        } else {
            v.join(if lang == Lang::Zh { "、" } else { ", " })
        }
    };
    let pick = |declared_only: bool, v: Verdict| -> Vec<Function> {
        raw.iter()
            .filter(|(_, d, r)| *d == declared_only && *r == v)
            .map(|(f, _, _)| *f)
            .collect()
    };
    let passed = pick(true, Verdict::Pass);
    let review = pick(true, Verdict::Review);
    let undeclared_pass = pick(false, Verdict::Pass);
    let mut evidence: Vec<Evidence> = app
        .facts
        .form
        .functions
        .iter()
        .map(|f| f.evidence.clone())
        .collect();
    evidence.truncate(1);
    let out = Outcome::new(ID, "15", Verdict::Pass)
        .value(passed.len().to_string())
        .threshold("≥1")
        .evidence(evidence);
    let (nz, ne) = if undeclared_pass.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                "；未申报但数据显示符合：{}（不计入）",
                names(&undeclared_pass, Lang::Zh)
            ),
            format!(
                "; not declared but the data would meet: {} (not counted)",
                names(&undeclared_pass, Lang::En)
            ),
        )
    };
    let Some(declared) = declared else {
        return {
            rows.push(out.verdict(Verdict::Review).value("").msg(
                format!("推荐表未注明申报服务功能（第十五条）{nz}"),
                format!("the form declares no service function (Art. 15){ne}"),
            ));
            rows
        };
    };
    let verdict = if !passed.is_empty() {
        Verdict::Pass
    } else if !review.is_empty() {
        Verdict::Review
    } else {
        Verdict::Fail
    };
    let (rz, re) = if passed.is_empty() && !review.is_empty() {
        (
            format!("；待核实：{}", names(&review, Lang::Zh)),
            format!("; to review: {}", names(&review, Lang::En)),
        )
    } else {
        (String::new(), String::new())
    };
    rows.push(out.verdict(verdict).msg(
        format!(
            "申报功能 {}，符合 {}（至少一项，第十五条）{rz}{nz}",
            names(declared, Lang::Zh),
            names(&passed, Lang::Zh)
        ),
        format!(
            "declared {}; met: {} (at least one, Art. 15){re}{ne}",
            names(declared, Lang::En),
            names(&passed, Lang::En)
        ),
    ));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{Activity, Facts, ServiceRecord};

    fn eval(edit: impl Fn(&mut Facts)) -> Vec<Outcome> {
        let mut f = facts();
        f.service_log_found = Found::read();
        f.activity_log_found = Found::read();
        edit(&mut f);
        check(&app(f), &ctx())
    }

    fn row<'a>(rows: &'a [Outcome], id: &str) -> &'a Outcome {
        rows.iter().find(|o| o.criterion == id).expect(id)
    }

    fn acts(category: &str, n: usize, year: i32) -> Vec<Activity> {
        (0..n)
            .map(|_| activity(date(year, 4, 1), category))
            .collect()
    }

    fn tech(n: usize) -> impl Fn(&mut Facts) {
        move |f: &mut Facts| {
            f.form.functions = src(vec![Function::Tech]);
            f.form.has_expert_pool = src(true);
            f.form.has_project_pool = src(false);
            f.activities = acts("技术推介", n, 2022);
            f.activities.extend(acts("技术推介", 5, 2021));
        }
    }

    #[test]
    fn tech_boundary_3_fails_4_passes() {
        let rows = eval(tech(3));
        assert_verdict(row(&rows, "A15.tech"), Verdict::Fail);
        assert_verdict(row(&rows, "A15"), Verdict::Fail);
        let rows = eval(tech(4));
        assert_verdict(row(&rows, "A15.tech"), Verdict::Pass);
        assert_verdict(row(&rows, "A15"), Verdict::Pass);
    }

    #[test]
    fn unknown_pool_is_review() {
        let rows = eval(|f| {
            tech(4)(f);
            f.form.has_expert_pool = None;
            f.form.has_project_pool = None;
        });
        assert_verdict(row(&rows, "A15.tech"), Verdict::Review);
        assert_verdict(row(&rows, "A15"), Verdict::Review);
    }

    #[test]
    fn undeclared_function_is_na_and_says_what_the_data_shows() {
        let rows = eval(|f| {
            tech(4)(f);
            f.form.functions = src(vec![Function::Legal]);
        });
        let t = row(&rows, "A15.tech");
        assert_verdict(t, Verdict::NotApplicable);
        assert!(t.zh.contains("数据显示符合"), "{}", t.zh);
        let a = row(&rows, "A15");
        assert_verdict(a, Verdict::Fail);
        assert!(a.zh.contains("不计入"), "{}", a.zh);
    }

    #[test]
    fn one_passing_declared_function_is_enough() {
        let rows = eval(|f| {
            tech(4)(f);
            f.form.functions = src(vec![Function::Legal, Function::Tech]);
        });
        assert_verdict(row(&rows, "A15.legal"), Verdict::Fail);
        assert_verdict(row(&rows, "A15"), Verdict::Pass);
        assert!(!row(&rows, "A15.legal").is_blocking());
    }

    #[test]
    fn no_declared_functions_is_review() {
        let rows = eval(|f| {
            tech(4)(f);
            f.form.functions = None;
        });
        assert_verdict(row(&rows, "A15"), Verdict::Review);
    }

    #[test]
    fn training_boundary_999_and_1000_person_times() {
        let training = |n: u64| {
            move |f: &mut Facts| {
                f.form.functions = src(vec![Function::Training]);
                f.form.has_training_eval = src(true);
                let mut a = activity(date(2022, 6, 1), "培训");
                a.attendees = Some(n - 100);
                f.activities = vec![a];
                let mut s = service(date(2022, 6, 2), "企业一", None);
                s.category = Some("培训服务".into());
                s.trainees = Some(100);
                f.services = vec![s];
            }
        };
        let rows = eval(training(999));
        assert_verdict(row(&rows, "A15.training"), Verdict::Fail);
        let rows = eval(training(1000));
        assert_verdict(row(&rows, "A15.training"), Verdict::Pass);
        assert_eq!(row(&rows, "A15.training").value, "1000");
    }

    #[test]
    fn info_counts_offline_enterprises() {
        let info = |n: usize| {
            move |f: &mut Facts| {
                f.form.functions = src(vec![Function::Info]);
                f.form.has_info_system = src(true);
                f.services = services(2022, n);
                for s in &mut f.services {
                    s.category = Some("信息服务".to_string());
                }
                f.services.push(ServiceRecord {
                    online: true,
                    category: Some("信息服务".to_string()),
                    ..service(date(2022, 1, 1), "线上企业", None)
                });
                // Offline services of another category do not count towards 信息.
                f.services.push(ServiceRecord {
                    category: Some("技术服务".to_string()),
                    ..service(date(2022, 1, 2), "技术企业", None)
                });
                f.activities = acts("信息发布", 4, 2022);
            }
        };
        assert_verdict(row(&eval(info(49)), "A15.info"), Verdict::Fail);
        assert_verdict(row(&eval(info(50)), "A15.info"), Verdict::Pass);
    }

    #[test]
    fn financing_by_guarantees_or_by_activities_and_amount() {
        let fin = |amount: &'static str, guarantees: Option<&'static str>| {
            move |f: &mut Facts| {
                f.form.functions = src(vec![Function::Financing]);
                f.form.new_guarantees = guarantees.and_then(|g| src(dec(g)));
                f.activities = acts("融资对接", 4, 2022);
                let mut s = service(date(2022, 6, 2), "企业一", None);
                s.financing = Some(dec(amount));
                f.services = vec![s];
            }
        };
        assert_verdict(
            row(&eval(fin("99999999.99", None)), "A15.financing"),
            Verdict::Fail,
        );
        assert_verdict(
            row(&eval(fin("100000000", None)), "A15.financing"),
            Verdict::Pass,
        );
        assert_verdict(
            row(&eval(fin("0", Some("200000000"))), "A15.financing"),
            Verdict::Pass,
        );
    }

    #[test]
    fn consulting_and_legal_counts() {
        let rows = eval(|f| {
            f.form.functions = src(vec![Function::Consulting, Function::Legal]);
            f.form.has_legal_guide = src(true);
            f.form.has_hotline = src(true);
            f.services = services(2022, 20);
            for (i, s) in f.services.iter_mut().enumerate() {
                s.landed = Some(i < 19);
                s.legal_checkup = Some(true);
            }
        });
        assert_verdict(row(&rows, "A15.consulting"), Verdict::Fail);
        assert_verdict(row(&rows, "A15.legal"), Verdict::Pass);
    }

    #[test]
    fn missing_activity_log_is_review() {
        let rows = eval(|f| {
            tech(4)(f);
            f.activity_log_found = Found::Absent;
            f.activities.clear();
        });
        assert_verdict(row(&rows, "A15.tech"), Verdict::Review);
    }

    fn unread(file: &str) -> crate::model::Unread {
        crate::model::Unread {
            evidence: Evidence::file(file),
            zh: "未找到活动记录的表头".into(),
            en: "no activity log header".into(),
        }
    }

    #[test]
    fn unreadable_activity_log_is_review_naming_it_and_a_partial_one_a_lower_bound() {
        let rows = eval(|f| {
            tech(0)(f);
            f.activity_log_found = Found::Unreadable(vec![unread("4-服务活动记录.xlsx")]);
        });
        let t = row(&rows, "A15.tech");
        assert_verdict(t, Verdict::Review);
        assert!(t.zh.contains("4-服务活动记录.xlsx"), "{}", t.zh);
        assert_eq!(t.value, "");
        let partial = |n: usize| {
            move |f: &mut Facts| {
                tech(n)(f);
                f.activity_log_found = Found::Read {
                    unread: vec![unread("活动记录（二）.xlsx")],
                };
            }
        };
        assert_verdict(row(&eval(partial(4)), "A15.tech"), Verdict::Pass);
        assert_verdict(row(&eval(partial(3)), "A15.tech"), Verdict::Review);
    }

    #[test]
    fn activities_of_other_years_only_are_review() {
        let rows = eval(|f| {
            f.form.functions = src(vec![Function::Tech]);
            f.form.has_expert_pool = src(true);
            f.activities = acts("技术推介", 6, 2021);
        });
        let t = row(&rows, "A15.tech");
        assert_verdict(t, Verdict::Review);
        assert!(t.zh.contains("2021"), "{}", t.zh);
    }

    #[test]
    fn training_without_person_times_is_unknown_not_zero() {
        let training = |attendees: Option<u64>, n: usize| {
            move |f: &mut Facts| {
                f.form.functions = src(vec![Function::Training]);
                f.form.has_training_eval = src(true);
                f.activities = (0..n)
                    .map(|_| Activity {
                        attendees,
                        ..activity(date(2022, 6, 1), "培训")
                    })
                    .collect();
            }
        };
        // No attendee column: every value missing.
        let rows = eval(training(None, 4));
        let t = row(&rows, "A15.training");
        assert_verdict(t, Verdict::Review);
        assert_eq!(t.value, "");
        assert!(t.zh.contains("4 条培训记录无人次"), "{}", t.zh);
        assert_verdict(row(&rows, "A15"), Verdict::Review);
        // With the figures: 4 × 249 = 996 fails, 4 × 250 = 1000 passes.
        assert_verdict(
            row(&eval(training(Some(249), 4)), "A15.training"),
            Verdict::Fail,
        );
        assert_verdict(
            row(&eval(training(Some(250), 4)), "A15.training"),
            Verdict::Pass,
        );
        // 1000 already counted: missing figures elsewhere cannot undo a pass.
        let rows = eval(|f| {
            training(Some(250), 4)(f);
            f.activities.push(activity(date(2022, 7, 1), "培训"));
        });
        assert_verdict(row(&rows, "A15.training"), Verdict::Pass);
    }

    #[test]
    fn no_landed_or_legal_checkup_column_is_unknown_not_zero() {
        let rows = eval(|f| {
            f.form.functions = src(vec![Function::Consulting, Function::Legal]);
            f.form.has_legal_guide = src(true);
            f.form.has_hotline = src(true);
            f.services = services(2022, 25);
        });
        for id in ["A15.consulting", "A15.legal"] {
            let o = row(&rows, id);
            assert_verdict(o, Verdict::Review);
            assert!(o.zh.contains("25 家企业无法判断"), "{}", o.zh);
        }
        // With the column: 19 landed of 25 fail, whatever the empty cells.
        let rows = eval(|f| {
            f.form.functions = src(vec![Function::Consulting]);
            f.services = services(2022, 25);
            for (i, s) in f.services.iter_mut().enumerate() {
                s.landed = (i < 19).then_some(true);
            }
        });
        assert_verdict(row(&rows, "A15.consulting"), Verdict::Fail);
        // Too few records to reach 20 even if all were landed: fail.
        let rows = eval(|f| {
            f.form.functions = src(vec![Function::Consulting]);
            f.services = services(2022, 19);
        });
        assert_verdict(row(&rows, "A15.consulting"), Verdict::Fail);
    }

    #[test]
    fn financing_records_without_an_amount_are_review() {
        let rows = eval(|f| {
            f.form.functions = src(vec![Function::Financing]);
            f.activities = acts("融资对接", 4, 2022);
            let mut s = service(date(2022, 6, 2), "企业一", None);
            s.category = Some("融资服务".into());
            f.services = vec![s];
        });
        let o = row(&rows, "A15.financing");
        assert_verdict(o, Verdict::Review);
        assert!(o.zh.contains("无融资额"), "{}", o.zh);
    }
}
