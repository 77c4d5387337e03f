//! The short summary printed at the end of a run: applicants, verdict counts, the criteria that
//! failed most often, problems, time taken.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::evaluate::criteria::order;
use crate::evaluate::{ApplicantResult, Verdict};
use crate::model::{Lang, Problem};

pub fn console_summary(
    results: &[ApplicantResult],
    problems: &[Problem],
    elapsed: Duration,
    lang: Lang,
) -> String {
    let n = |v: Verdict| results.iter().filter(|r| r.verdict == v).count();
    let (pass, fail, review) = (n(Verdict::Pass), n(Verdict::Fail), n(Verdict::Review));
    let mut failing: BTreeMap<&str, usize> = BTreeMap::new();
    for r in results {
        for c in r.failed() {
            *failing.entry(c).or_default() += 1;
        }
    }
    let mut top: Vec<(&str, usize)> = failing.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(order(a.0).cmp(&order(b.0))));
    top.truncate(5);
    let secs = elapsed.as_secs_f64();
    let mut out = String::new();
    match lang {
        Lang::Zh => {
            out.push_str(&format!(
                "评审申报 {} 个：符合 {pass}，不符合 {fail}，待核实 {review}\n",
                results.len()
            ));
            if !top.is_empty() {
                let list: Vec<String> = top.iter().map(|(c, k)| format!("{c}（{k}）")).collect();
                out.push_str(&format!("不符合最多的评审项：{}\n", list.join("、")));
            }
            out.push_str(&format!("问题 {} 条\n用时 {secs:.2} 秒\n", problems.len()));
        }
        Lang::En => {
            out.push_str(&format!(
                "{} applicants evaluated: {pass} pass, {fail} fail, {review} review\n",
                results.len()
            ));
            if !top.is_empty() {
                let list: Vec<String> = top.iter().map(|(c, k)| format!("{c} ({k})")).collect();
                out.push_str(&format!("most failed criteria: {}\n", list.join(", ")));
            }
            out.push_str(&format!("{} problems\ntime {secs:.2} s\n", problems.len()));
        }
    }
    out
}
