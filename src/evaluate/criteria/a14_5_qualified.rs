//! `A14.5.qualified` — Art. 14(5): of the full-time staff, those with a college degree (大专)
//! or above and an intermediate (中级) or higher professional title make up at least 80 %
//! (其中大专及以上学历和中级及以上技术职称专业人员的比例占80%以上).
//!
//! The article's 和 is read per the rules file's `qualified_mode`: `either` (default: a person
//! counts with 大专+ education **or** a 中级+ title — the usual reading, since the two groups
//! are listed together as "professional staff"), `both` (education and title, per person), or
//! `each` (both ratios separately ≥ the threshold; the smaller is shown). Education and titles
//! are judged by `values::parse_education` / `values::parse_title` (with the rules file's extra
//! titles). A degree not held (本科在读, 大专肄业, 结业) does not count as that degree. An
//! education or title that cannot be placed (text not understood, or 本科在读 whose holder may
//! or may not hold 大专) counts as unqualified when the verdict does not depend on it, and makes
//! the criterion review when counting it as qualified would reach the threshold. No roster, no
//! full-time staff, or no education/title information at all → review.
//!
//! Example: 8 of 10 qualified → 0.8000 pass; 79 of 100 → 0.7900 fail.

use crate::evaluate::measure::{ROSTER, staff_stats, unread_clause};
use crate::evaluate::{Context, Outcome, Verdict, fmt};
use crate::model::Applicant;
use crate::rules::QualifiedRatioMode;

pub const ID: &str = "A14.5.qualified";
const ARTICLE: &str = "14(5)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let t = &ctx.rules.thresholds;
    let need = t.qualified_ratio;
    let mode = t.qualified_mode;
    let s = staff_stats(&app.facts, &ctx.rules);
    let out = Outcome::new(ID, ARTICLE, Verdict::Pass)
        .threshold(format!("≥{}", fmt::plain_ratio(need)))
        .evidence(s.evidence.clone());
    let roster = &app.facts.roster_found;
    let out = out.evidence(roster.unread().iter().map(|u| u.evidence.clone()));
    if !roster.is_complete() {
        // Unread staff could be qualified or not: the ratio is unknown (SPEC §4.4).
        let (uz, ue) = unread_clause(roster, ROSTER);
        if !uz.is_empty() {
            return out.verdict(Verdict::Review).msg(
                format!("{uz}，专业人员比例无法核实（第十四条第五项）"),
                format!("{ue}: the qualified ratio is unverified (Art. 14(5))"),
            );
        }
    }
    if !roster.is_read() || s.fulltime == 0 {
        let (z, e) = if roster.is_read() {
            (
                "人员名册中无专职人员，专业人员比例无法计算",
                "no full-time staff on the roster: the ratio cannot be computed",
            )
        } else {
            (
                "未提交人员名册，专业人员比例无法核实",
                "no staff roster: the qualified ratio is unverified",
            )
        };
        return out.verdict(Verdict::Review).msg(
            format!("{z}（第十四条第五项）"),
            format!("{e} (Art. 14(5))"),
        );
    }
    if s.no_information == s.fulltime {
        return out.verdict(Verdict::Review).msg(
            "人员名册无学历和职称信息，专业人员比例无法核实（第十四条第五项）",
            "the roster gives neither education nor titles: the qualified ratio is unverified (Art. 14(5))",
        );
    }
    let ratio = s.ratio(mode).unwrap_or_default();
    let op = if ratio >= need { "≥" } else { "<" };
    let (count, mz, me) = match mode {
        QualifiedRatioMode::Either => (
            s.either,
            "大专及以上学历或中级及以上职称",
            "with college education or an intermediate title",
        ),
        QualifiedRatioMode::Both => (
            s.both,
            "大专及以上学历且中级及以上职称",
            "with college education and an intermediate title",
        ),
        QualifiedRatioMode::Each => (
            s.educated.min(s.titled),
            "大专及以上学历、中级及以上职称（分别计算，取较低者）",
            "with college education / an intermediate title (each, the lower shown)",
        ),
    };
    let ratio_max = s.ratio_max(mode).unwrap_or(ratio);
    let could_change = ratio < need && ratio_max >= need;
    let (uz, ue) = if s.undetermined > 0 {
        let example = s.undetermined_example.as_deref().unwrap_or("");
        if could_change {
            (
                format!(
                    "；{} 人学历或职称无法确定（如“{example}”），计入后比例可达 {}，结论可能改变，待核实",
                    s.undetermined,
                    fmt::percent(ratio_max)
                ),
                format!(
                    "; {} staff have an education or title that cannot be placed (e.g. '{example}'); counting them the ratio could reach {}, which could change the verdict: review",
                    s.undetermined,
                    fmt::percent(ratio_max)
                ),
            )
        } else {
            (
                format!(
                    "；{} 人学历或职称无法确定（如“{example}”），按不符合计，不影响结论",
                    s.undetermined
                ),
                format!(
                    "; {} staff have an education or title that cannot be placed (e.g. '{example}'), counted as unqualified; the verdict does not depend on them",
                    s.undetermined
                ),
            )
        }
    } else {
        (String::new(), String::new())
    };
    let out = out.value(fmt::plain_ratio(ratio)).msg(
        format!(
            "专职人员 {} 人中{mz} {count} 人，占 {} {op} {}（第十四条第五项）{uz}",
            s.fulltime,
            fmt::percent(ratio),
            fmt::percent_threshold(need)
        ),
        format!(
            "{count} of {} full-time staff {me}: {} {op} {} (Art. 14(5)){ue}",
            s.fulltime,
            fmt::percent(ratio),
            fmt::percent_threshold(need)
        ),
    );
    if ratio >= need {
        out
    } else if could_change {
        out.verdict(Verdict::Review)
    } else {
        out.verdict(Verdict::Fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::StaffMember;

    fn roster(people: Vec<StaffMember>) -> Outcome {
        let mut f = facts();
        f.roster_found = crate::model::Found::read();
        f.staff = people;
        check(&app(f), &ctx())
    }

    fn mix(qualified: usize, other: usize) -> Vec<StaffMember> {
        let mut v: Vec<StaffMember> = (0..qualified)
            .map(|i| {
                if i % 2 == 0 {
                    member("本科", "")
                } else {
                    member("高中", "工程师")
                }
            })
            .collect();
        v.extend((0..other).map(|_| member("中专", "助理工程师")));
        v
    }

    #[test]
    fn boundary_7999_fails_8000_passes() {
        let mut people = mix(7999, 2001);
        people.truncate(10000);
        let o = roster(people);
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "0.7999");
        let o = roster(mix(8, 2));
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.8000");
    }

    #[test]
    fn both_mode_needs_education_and_title() {
        let mut f = facts();
        f.roster_found = crate::model::Found::read();
        f.staff = mix(8, 2);
        let mut c = ctx();
        c.rules.thresholds.qualified_mode = QualifiedRatioMode::Both;
        assert_verdict(&check(&app(f), &c), Verdict::Fail);
    }

    #[test]
    fn part_timers_are_not_in_the_ratio() {
        let mut people = mix(8, 2);
        people.extend((0..5).map(|_| StaffMember {
            fulltime: Some(false),
            ..member("初中", "")
        }));
        assert_verdict(&roster(people), Verdict::Pass);
    }

    /// issue 8 family 10: degrees not held are not degrees; what cannot be placed is review
    /// when it could change the verdict, and unqualified when it cannot.
    #[test]
    fn unfinished_and_unrecognised_entries_at_the_boundary() {
        let with = |qualified: usize, other: usize, extra: StaffMember| {
            let mut people = mix(qualified, other);
            people.push(extra);
            roster(people)
        };
        // 7 sure of 10, 本科在读 may hold 大专 (专升本): 0.7000 to 0.8000 → review, named.
        let o = with(7, 2, member("本科在读", ""));
        assert_verdict(&o, Verdict::Review);
        assert_eq!(o.value, "0.7000");
        assert!(
            o.zh.contains("本科在读") && o.zh.contains("80.00%"),
            "{}",
            o.zh
        );
        let o = with(7, 2, member("本科肄业", ""));
        assert_verdict(&o, Verdict::Review);
        // 大专在读 holds less than 大专: 7 of 10 → fail.
        let o = with(7, 2, member("大专在读", ""));
        assert_verdict(&o, Verdict::Fail);
        assert_eq!(o.value, "0.7000");
        // Cannot change the verdict (at most 7 of 10): fail, and the message says so.
        let o = with(6, 3, member("本科在读", ""));
        assert_verdict(&o, Verdict::Fail);
        assert!(o.zh.contains("不影响结论"), "{}", o.zh);
        // 大学 is at least 大专 whichever it means: 8 of 10 → pass.
        let o = with(7, 2, member("大学", ""));
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "0.8000");
        // Unreadable education that could tip it: review, naming the text.
        let o = with(7, 2, member("见附件", ""));
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("见附件"), "{}", o.zh);
        // Unreadable title with a qualifying education: counts, pass.
        let o = with(7, 2, member("本科", "见附件"));
        assert_verdict(&o, Verdict::Pass);
    }

    #[test]
    fn no_roster_no_staff_or_no_information_is_review() {
        let mut f = facts();
        f.roster_found = crate::model::Found::Absent;
        assert_verdict(&check(&app(f), &ctx()), Verdict::Review);
        assert_verdict(&roster(vec![]), Verdict::Review);
        assert_verdict(&roster(vec![member("", ""); 10]), Verdict::Review);
    }

    #[test]
    fn an_unreadable_or_partly_read_roster_is_review() {
        use crate::model::{Evidence, Found, Unread};
        let unread = Unread {
            evidence: Evidence::file("人员名册（二）.xlsx"),
            zh: "文件已损坏".into(),
            en: "damaged".into(),
        };
        let mut f = facts();
        f.roster_found = Found::Unreadable(vec![unread.clone()]);
        let o = check(&app(f), &ctx());
        assert_verdict(&o, Verdict::Review);
        assert!(o.zh.contains("人员名册（二）.xlsx"), "{}", o.zh);
        // 8 of 10 read would pass, but the unread staff could change the ratio.
        let mut f = facts();
        f.roster_found = Found::Read {
            unread: vec![unread],
        };
        f.staff = mix(8, 2);
        assert_verdict(&check(&app(f), &ctx()), Verdict::Review);
    }
}
