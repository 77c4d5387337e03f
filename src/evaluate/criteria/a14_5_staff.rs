//! `A14.5.staff` — Art. 14(5), 14(6): at least 10 full-time staff serving SMEs
//! (专职人员不少于10人), or 7 for units run by a 事业单位, 民办非企业单位 or 社会团体.
//!
//! Full-time staff on the roster: rows marked 专职, or not marked at all (a roster of 专职人员
//! lists full-time staff); a person listed twice (same ID number) counts once. The org type is
//! the form's, checked against the credit code's (contradiction → review when the count sits
//! between the thresholds). The form's 专职人员数 is compared per §4.4. No roster, or one that
//! could not be read (encrypted, damaged, no recognisable header) → review naming the file,
//! unless the form's own figure misses; a partly read roster passes when the read part meets
//! the threshold and is review otherwise (never a count of zero or of the read part alone).
//!
//! Example: enterprise with 9 full-time staff → fail; 10 → pass; 事业单位 with 7 → pass.

use rust_decimal::Decimal;

use crate::evaluate::declared::{judge, tail};
use crate::evaluate::measure::{
    Meets, ROSTER, Relaxation, meets_relaxable, relaxation, relaxation_note, staff_stats,
    unread_clause,
};
use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::{Applicant, Found};

pub const ID: &str = "A14.5.staff";
const ARTICLE: &str = "14(5),(6)";

pub fn check(app: &Applicant, ctx: &Context) -> Outcome {
    let t = &ctx.rules.thresholds;
    let facts = &app.facts;
    let relax = relaxation(app, &ctx.rules);
    let (strict, relaxed) = (t.fulltime_staff, t.fulltime_staff_relaxed);
    let meets = |v: Decimal| {
        meets_relaxable(
            v >= Decimal::from(strict),
            v >= Decimal::from(relaxed),
            relax,
        )
    };
    let (need, art_zh, art_en) = match relax {
        Relaxation::Strict => (strict, "第十四条第五项", "Art. 14(5)"),
        Relaxation::Relaxed => (relaxed, "第十四条第六项", "Art. 14(6)"),
        _ => (strict, "第十四条第五、六项", "Art. 14(5),(6)"),
    };
    let threshold = match relax {
        Relaxation::Strict | Relaxation::Relaxed => format!("≥{need}"),
        _ => format!("≥{strict}|≥{relaxed}"),
    };
    let stats = staff_stats(facts, &ctx.rules);
    let roster = &facts.roster_found;
    // A count below the threshold from a partly read roster is a lower bound, not a miss.
    let evidence = (roster.is_read()
        && (roster.is_complete() || meets(Decimal::from(stats.fulltime)) == Meets::Yes))
        .then_some(Decimal::from(stats.fulltime));
    let declared = facts.form.declared_staff.as_ref();
    let (verdict, finding) = judge(
        evidence,
        declared.map(|d| Decimal::from(d.value)),
        meets,
        t.declared_tolerance,
    );
    let mut out = Outcome::new(ID, ARTICLE, verdict)
        .finding(finding)
        .threshold(threshold)
        .relaxed((relax != Relaxation::Strict).then_some(Decimal::from(relaxed)))
        .evidence(stats.evidence.clone())
        .evidence(roster.unread().iter().map(|u| u.evidence.clone()))
        .evidence(declared.map(|d| d.evidence.clone()));
    let (mut zh, mut en) = if roster.is_read() {
        if evidence.is_some() {
            out = out.value(stats.fulltime.to_string());
        }
        let op = if stats.fulltime >= need { "≥" } else { "<" };
        let (uz, ue) = unread_clause(roster, ROSTER);
        let (uz, ue) = if uz.is_empty() {
            (uz, ue)
        } else {
            (format!("；{uz}"), format!("; {ue}"))
        };
        (
            format!(
                "专职人员 {} 人 {op} {need} 人（{art_zh}）{uz}",
                stats.fulltime
            ),
            format!(
                "{} full-time staff {op} {need} ({art_en}){ue}",
                stats.fulltime
            ),
        )
    } else if let Found::Unreadable(_) = roster {
        let (uz, ue) = unread_clause(roster, ROSTER);
        (
            format!("{uz}，专职人员数无法核实（标准 {need} 人，{art_zh}）"),
            format!("{ue}: full-time staff unverified (threshold {need}, {art_en})"),
        )
    } else {
        (
            format!("未提交人员名册，专职人员数无法核实（标准 {need} 人，{art_zh}）"),
            format!("no staff roster: full-time staff unverified (threshold {need}, {art_en})"),
        )
    };
    let (tz, te) = tail(
        finding,
        declared.map(|d| (format!("{} 人", d.value), d.value.to_string())),
    );
    zh.push_str(&tz);
    en.push_str(&te);
    if verdict == Verdict::Review {
        let (nz, ne) = relaxation_note(relax);
        zh.push_str(&nz);
        en.push_str(&ne);
    }
    out.msg(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::{Evidence, Facts, OrgType, StaffMember, Unread};

    fn with(n: usize, edit: impl Fn(&mut Facts)) -> Outcome {
        let mut f = facts();
        f.roster_found = Found::read();
        f.form.credit_code = src(CODE_ENTERPRISE.to_string());
        f.staff = (0..n).map(|_| member("本科", "")).collect();
        edit(&mut f);
        check(&app(f), &ctx())
    }

    #[test]
    fn boundary_9_fails_10_passes() {
        assert_verdict(&with(9, |_| {}), Verdict::Fail);
        let o = with(10, |_| {});
        assert_verdict(&o, Verdict::Pass);
        assert_eq!(o.value, "10");
    }

    #[test]
    fn part_timers_and_duplicates_do_not_count() {
        let o = with(10, |f| f.staff[0].fulltime = Some(false));
        assert_verdict(&o, Verdict::Fail);
        let o = with(10, |f| {
            for m in f.staff.iter_mut().take(2) {
                m.id_number = Some("370102199001011234".into());
            }
        });
        assert_verdict(&o, Verdict::Fail);
    }

    #[test]
    fn relaxed_to_7_for_private_non_enterprises() {
        let edit = |f: &mut Facts| {
            f.form.credit_code = src(CODE_PRIVATE_NON_ENTERPRISE.to_string());
            f.form.org_type = src(OrgType::PrivateNonEnterprise);
        };
        assert_verdict(&with(7, edit), Verdict::Pass);
        assert_verdict(&with(6, edit), Verdict::Fail);
    }

    #[test]
    fn contradiction_between_form_and_code_is_review() {
        let o = with(8, |f| f.form.org_type = src(OrgType::SocialOrganisation));
        assert_verdict(&o, Verdict::Review);
        assert!(o.en.contains("contradicts"), "{}", o.en);
    }

    #[test]
    fn roster_missing_and_declarations() {
        assert_verdict(
            &with(0, |f| f.roster_found = Found::Absent),
            Verdict::Review,
        );
        assert_verdict(
            &with(0, |f| {
                f.roster_found = Found::Absent;
                f.form.declared_staff = src(8)
            }),
            Verdict::Fail,
        );
        assert_verdict(
            &with(10, |f| f.form.declared_staff = src(12)),
            Verdict::Review,
        );
        let o = with(10, |f| {
            f.staff.push(StaffMember {
                fulltime: None,
                ..member("", "")
            })
        });
        assert_eq!(o.value, "11");
    }

    #[test]
    fn an_unreadable_roster_is_review_naming_it_and_a_partial_one_a_lower_bound() {
        let unread = || Unread {
            evidence: Evidence::file("2-专职人员名册.xlsx"),
            zh: "需要密码".into(),
            en: "password required".into(),
        };
        let o = with(0, |f| f.roster_found = Found::Unreadable(vec![unread()]));
        assert_verdict(&o, Verdict::Review);
        assert_eq!(o.value, "");
        assert!(
            o.zh.contains("2-专职人员名册.xlsx") && o.zh.contains("需要密码"),
            "{}",
            o.zh
        );
        let partial = |f: &mut Facts| {
            f.roster_found = Found::Read {
                unread: vec![unread()],
            }
        };
        assert_verdict(&with(10, partial), Verdict::Pass);
        let o = with(9, partial);
        assert_verdict(&o, Verdict::Review);
        assert!(o.en.contains("password required"), "{}", o.en);
    }
}
