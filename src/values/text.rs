//! Text normalisation shared by every matcher: NFKC, white space, brackets.

/// NFKC (full-width → half-width, ㎡ → m2), trimmed, inner white space (including line breaks
/// and U+3000) removed.
pub fn normalise(s: &str) -> String {
    todo!("{s}")
}

/// The key that identifies an enterprise by name (SPEC §2.5): white space removed,
/// full-width → half-width, brackets （）→ ().
pub fn enterprise_key(name: &str) -> String {
    todo!("{name}")
}
