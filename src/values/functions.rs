//! Declared functions (stub; implemented on branch values).
use crate::model::Function;
pub fn parse_functions(s: &str) -> Vec<Function> {
    todo!("{s}")
}
