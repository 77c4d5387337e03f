//! Platform kind (stub; implemented on branch values).
use crate::model::PlatformKind;
pub fn parse_platform_kind(s: &str) -> Option<PlatformKind> {
    todo!("{s}")
}
