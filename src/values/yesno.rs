//! Yes/no cells: 是/否, 有/无, √/×, ☑/☐, Y/N, 1/0.

/// `Some(true)` for yes, `Some(false)` for no, `None` when the text says neither.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    todo!("{s}")
}
