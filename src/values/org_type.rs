//! Org type from form text (stub; implemented on branch values).
use crate::model::OrgType;
pub fn parse_org_type(s: &str) -> Option<OrgType> {
    todo!("{s}")
}
