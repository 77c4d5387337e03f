//! Cross-applicant checks (SPEC §4.3), each a criterion row of its own that passes when nothing
//! is found and is review for every applicant involved:
//! - `X.duplicate_code`: the same credit code on two applicants' forms;
//! - `X.duplicate_staff`: the same ID number listed as full-time staff by two applicants;
//! - `X.duplicate_records`: the same service record (date + enterprise + content) in two
//!   applicants' logs.
//!
//! Input: the round's applicants. Output: three outcomes per applicant, in input order.
//! Example: 平台甲 and 平台乙 both list 370102199001011234 → both get `X.duplicate_staff`
//! review naming the other.

use std::collections::BTreeMap;

use super::measure::{fulltime_staff, service_keys};
use super::{Outcome, Verdict};
use crate::model::{Applicant, Evidence};
use crate::values;

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// For each applicant, the other applicants sharing at least one key, with how many keys.
/// One flat sorted vector of (key, applicant) pairs, 16 bytes a key: no per-key allocation,
/// so a round of millions of service records stays small.
fn shared(keys_per_app: &[&[u64]]) -> Vec<BTreeMap<usize, usize>> {
    let mut all: Vec<(u64, u32)> = keys_per_app
        .iter()
        .enumerate()
        .flat_map(|(i, keys)| keys.iter().map(move |k| (*k, i as u32)))
        .collect();
    all.sort_unstable();
    all.dedup();
    let mut out: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); keys_per_app.len()];
    for run in all.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        for &(_, a) in run {
            for &(_, b) in run.iter().filter(|(_, b)| *b != a) {
                *out[a as usize].entry(b as usize).or_default() += 1;
            }
        }
    }
    out
}

fn others(keys: &[CrossKeys], found: &BTreeMap<usize, usize>) -> (String, usize) {
    let ids: Vec<&str> = found.keys().map(|&i| keys[i].id.as_str()).collect();
    let n = found.values().max().copied().unwrap_or(0);
    (ids.join("、"), n)
}

/// A stable 64-bit key (SipHash with fixed keys), so a round's keys stay small in memory.
fn hash_key(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn sorted(keys: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut v: Vec<u64> = keys.collect();
    v.sort_unstable();
    v.dedup();
    v.shrink_to_fit();
    v
}

/// What the cross-applicant checks need from one applicant, so the applicant's facts can be
/// dropped as soon as it is evaluated (memory bounded by the largest applicant, not the round).
#[derive(Debug, Clone, Default)]
pub struct CrossKeys {
    pub id: String,
    /// Sorted, without duplicates.
    codes: Vec<u64>,
    code_evidence: Vec<Evidence>,
    staff: Vec<u64>,
    staff_file: Option<String>,
    records: Vec<u64>,
    records_file: Option<String>,
}

impl CrossKeys {
    pub fn of(app: &Applicant) -> CrossKeys {
        let facts = &app.facts;
        let codes = facts
            .form
            .credit_code
            .iter()
            .map(|c| norm(&c.value))
            .filter(|c| !c.is_empty())
            .map(|c| hash_key(&c));
        let staff = fulltime_staff(facts)
            .into_iter()
            .filter_map(|m| m.id_number.as_deref().map(norm))
            .filter(|id| id.len() >= 15)
            .map(|id| hash_key(&id));
        // Service records: date + enterprise + content (records lacking any are skipped).
        let records = facts
            .services
            .iter()
            .zip(service_keys(facts))
            .filter_map(|(r, ent)| {
                let date = r.date?;
                let ent = (*ent)?;
                let content = values::normalise(r.content.as_deref()?);
                (!content.is_empty()).then(|| hash_key(&format!("{date}|{ent}|{content}")))
            });
        CrossKeys {
            id: app.id.clone(),
            codes: sorted(codes),
            code_evidence: facts
                .form
                .credit_code
                .iter()
                .map(|c| c.evidence.clone())
                .collect(),
            staff: sorted(staff),
            staff_file: facts.staff.first().map(|m| m.evidence.file.clone()),
            records: sorted(records),
            records_file: facts.services.first().map(|r| r.evidence.file.clone()),
        }
    }
}

pub fn cross_checks(apps: &[Applicant]) -> Vec<Vec<Outcome>> {
    let keys: Vec<CrossKeys> = apps.iter().map(CrossKeys::of).collect();
    cross_checks_keys(&keys)
}

/// The three cross-applicant rows for each applicant, in input order.
pub fn cross_checks_keys(keys: &[CrossKeys]) -> Vec<Vec<Outcome>> {
    let per = |f: fn(&CrossKeys) -> &[u64]| -> Vec<&[u64]> { keys.iter().map(f).collect() };
    let code_hits = shared(&per(|k| &k.codes));
    let staff_hits = shared(&per(|k| &k.staff));
    let record_hits = shared(&per(|k| &k.records));

    let mut out = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        let code = if code_hits[i].is_empty() {
            Outcome::new("X.duplicate_code", "", Verdict::Pass).msg(
                "本轮无其他申报使用相同统一社会信用代码",
                "no other submission in the round uses this credit code",
            )
        } else {
            let (who, _) = others(keys, &code_hits[i]);
            Outcome::new("X.duplicate_code", "", Verdict::Review)
                .evidence(k.code_evidence.clone())
                .msg(
                    format!("统一社会信用代码与本轮其他申报重复：{who}"),
                    format!("the credit code is also submitted by: {who}"),
                )
        };
        let staff = if staff_hits[i].is_empty() {
            Outcome::new("X.duplicate_staff", "", Verdict::Pass).msg(
                "专职人员未在本轮其他申报中出现",
                "no full-time staff member appears in another submission",
            )
        } else {
            let (who, n) = others(keys, &staff_hits[i]);
            let ev: Vec<Evidence> = k.staff_file.iter().map(Evidence::file).collect();
            Outcome::new("X.duplicate_staff", "", Verdict::Review).value(n.to_string()).evidence(ev).msg(
                format!("{n} 名专职人员（身份证号相同）同时列于：{who}（一人不能在两个平台专职）"),
                format!("{n} full-time staff (same ID number) also listed by: {who} (nobody is full-time at two platforms)"),
            )
        };
        let recs = if record_hits[i].is_empty() {
            Outcome::new("X.duplicate_records", "", Verdict::Pass).msg(
                "服务记录未与本轮其他申报重复",
                "no service record is shared with another submission",
            )
        } else {
            let (who, n) = others(keys, &record_hits[i]);
            let ev: Vec<Evidence> = k.records_file.iter().map(Evidence::file).collect();
            Outcome::new("X.duplicate_records", "", Verdict::Review)
                .value(n.to_string())
                .evidence(ev)
                .msg(
                    format!("{n} 条服务记录（日期、企业、内容均相同）与其他申报重复：{who}"),
                    format!(
                        "{n} service records (same date, enterprise and content) also in: {who}"
                    ),
                )
        };
        out.push(vec![code, staff, recs]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;
    use crate::model::StaffMember;

    fn staffed(id: &str, ids: &[&str]) -> Applicant {
        let mut f = facts();
        f.roster_found = crate::model::Found::read();
        f.staff = ids
            .iter()
            .map(|n| StaffMember {
                id_number: Some(n.to_string()),
                ..member("本科", "")
            })
            .collect();
        Applicant {
            id: id.to_string(),
            ..app(f)
        }
    }

    #[test]
    fn shared_staff_is_review_for_both_and_names_the_other() {
        let apps = vec![
            staffed("甲", &["370102199001011234", "370102199001015678"]),
            staffed("乙", &["370102199001011234"]),
            staffed("丙", &["370102199001019999"]),
        ];
        let out = cross_checks(&apps);
        assert_eq!(out[0][1].verdict, Verdict::Review);
        assert!(out[0][1].zh.contains('乙'), "{}", out[0][1].zh);
        assert_eq!(out[1][1].verdict, Verdict::Review);
        assert_eq!(out[2][1].verdict, Verdict::Pass);
        assert!(out.iter().all(|o| o[0].verdict == Verdict::Pass));
    }

    #[test]
    fn part_time_staff_are_not_compared() {
        let mut a = staffed("甲", &["370102199001011234"]);
        a.facts.staff[0].fulltime = Some(false);
        let apps = vec![a, staffed("乙", &["370102199001011234"])];
        assert!(
            cross_checks(&apps)
                .iter()
                .all(|o| o[1].verdict == Verdict::Pass)
        );
    }

    #[test]
    fn same_code_and_same_records_are_review() {
        let mut a = facts();
        a.form.credit_code = src(CODE_ENTERPRISE.to_string());
        let mut r = service(date(2022, 3, 1), "企业一", None);
        r.content = Some("政策 咨询".to_string());
        a.services = vec![r.clone()];
        let mut b = a.clone();
        b.services[0].content = Some("政策咨询".to_string());
        let mut c = facts();
        c.services = vec![service(date(2022, 3, 1), "企业一", None)];
        let apps = vec![
            Applicant {
                id: "甲".into(),
                ..app(a)
            },
            Applicant {
                id: "乙".into(),
                ..app(b)
            },
            Applicant {
                id: "丙".into(),
                ..app(c)
            },
        ];
        let out = cross_checks(&apps);
        assert_eq!(out[0][0].verdict, Verdict::Review);
        assert_eq!(out[1][0].verdict, Verdict::Review);
        assert_eq!(out[0][2].verdict, Verdict::Review);
        assert_eq!(
            out[2][2].verdict,
            Verdict::Pass,
            "a record without content is not compared"
        );
    }
}
