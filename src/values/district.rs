//! Districts (stub; implemented on branch values).
pub fn district_from_text(s: &str) -> Option<String> {
    todo!("{s}")
}
pub fn district_from_division(code6: &str) -> Option<&'static str> {
    todo!("{code6}")
}
