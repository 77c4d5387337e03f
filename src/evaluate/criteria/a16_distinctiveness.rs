//! `A16` — Art. 16: distinctive services and innovation (突出服务特色 … 具有特色优势和示范性).
//!
//! Qualitative: always `manual` for the review panel; never blocks the overall verdict.
//!
//! Example: every applicant → 人工评审.

use crate::evaluate::{Context, Outcome, Verdict};
use crate::model::Applicant;

pub const ID: &str = "A16";

pub fn check(_app: &Applicant, _ctx: &Context) -> Outcome {
    Outcome::new(ID, "16", Verdict::Manual).msg(
        "服务特色、模式创新和示范性由评审专家人工评审（第十六条）",
        "distinctiveness, innovation and demonstration value are for the review panel (Art. 16)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::testkit::*;

    #[test]
    fn always_manual_and_never_blocking() {
        let o = check(&app(facts()), &ctx());
        assert_verdict(&o, Verdict::Manual);
        assert!(!o.is_blocking());
    }
}
