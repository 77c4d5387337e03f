//! The criteria of SPEC §4.1, one file each (the seven Art. 15 functions share one file, the
//! Art. 19 materials another). Every criterion takes the applicant and the `Context` and
//! returns its `Outcome`(s); `evaluate_all` runs them in the order of §4.1.

pub mod a14_1_finances;
pub mod a14_1_legal_person;
pub mod a14_1_operating_years;
pub mod a14_1_total_assets;
pub mod a14_2_growth;
pub mod a14_2_online_registered;
pub mod a14_2_satisfaction;
pub mod a14_2_served;
pub mod a14_3_partners;
pub mod a14_3_premises;
pub mod a14_4_public_welfare;
pub mod a14_5_qualified;
pub mod a14_5_staff;
pub mod a15_functions;
pub mod a16_distinctiveness;
pub mod a19_materials;
pub mod a23_current_title;
pub mod a24_ban;
pub mod a27_rules_in_force;
pub mod a2_registered;
pub mod x_licence_code;

use super::{Context, Outcome};
use crate::model::Applicant;

/// Every criterion id, in report order (§4.1, then §4.3).
pub const CRITERIA: &[&str] = &[
    "A2.registered",
    "A14.1.legal_person",
    "A14.1.operating_years",
    "A14.1.total_assets",
    "A14.1.finances",
    "A14.2.served",
    "A14.2.satisfaction",
    "A14.2.growth",
    "A14.2.online_registered",
    "A14.3.premises",
    "A14.3.partners",
    "A14.4.public_welfare",
    "A14.5.staff",
    "A14.5.qualified",
    "A15.info",
    "A15.tech",
    "A15.startup",
    "A15.training",
    "A15.financing",
    "A15.consulting",
    "A15.legal",
    "A15",
    "A16",
    "A19.1",
    "A19.2",
    "A19.3",
    "A19.4",
    "A19.5",
    "A19.6",
    "A19.7",
    "A19.8",
    "A19.9",
    "A19.10",
    "A19.11",
    "A23.current_title",
    "A24.ban",
    "A27.rules_in_force",
    "X.licence_code",
    "X.duplicate_code",
    "X.duplicate_staff",
    "X.duplicate_records",
];

/// Position of a criterion in report order (unknown ids sort last).
pub fn order(criterion: &str) -> usize {
    CRITERIA
        .iter()
        .position(|c| *c == criterion)
        .unwrap_or(CRITERIA.len())
}

/// Runs every per-applicant criterion, in the order of §4.1.
pub fn evaluate_all(app: &Applicant, ctx: &Context) -> Vec<Outcome> {
    let mut out = vec![
        a2_registered::check(app, ctx),
        a14_1_legal_person::check(app, ctx),
        a14_1_operating_years::check(app, ctx),
        a14_1_total_assets::check(app, ctx),
        a14_1_finances::check(app, ctx),
        a14_2_served::check(app, ctx),
        a14_2_satisfaction::check(app, ctx),
        a14_2_growth::check(app, ctx),
        a14_2_online_registered::check(app, ctx),
        a14_3_premises::check(app, ctx),
        a14_3_partners::check(app, ctx),
        a14_4_public_welfare::check(app, ctx),
        a14_5_staff::check(app, ctx),
        a14_5_qualified::check(app, ctx),
    ];
    out.extend(a15_functions::check(app, ctx));
    out.push(a16_distinctiveness::check(app, ctx));
    out.extend(a19_materials::check(app, ctx));
    out.push(a23_current_title::check(app, ctx));
    out.push(a24_ban::check(app, ctx));
    out.push(a27_rules_in_force::check(app, ctx));
    out.push(x_licence_code::check(app, ctx));
    out
}
