//! Text normalisation shared by every matcher: NFKC, white space, brackets.

use unicode_normalization::UnicodeNormalization;

/// Characters that are invisible in a cell but break exact matching (zero-width space, BOM,
/// word joiner …). `char::is_whitespace` does not cover them.
fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// NFKC (full-width → half-width, ㎡ → m2), trimmed, inner white space (including line breaks
/// and U+3000) removed.
pub fn normalise(s: &str) -> String {
    // Most cells are ASCII and common hanzi, which NFKC leaves alone: skip the tables.
    if s.chars()
        .all(|c| c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        return s.chars().filter(|&c| !is_invisible(c)).collect();
    }
    s.nfkc().filter(|&c| !is_invisible(c)).collect()
}

/// The key that identifies an enterprise by name (SPEC §2.5): white space removed,
/// full-width → half-width, brackets （）→ ().
pub fn enterprise_key(name: &str) -> String {
    // NFKC already maps （） to (); the map keeps the rule explicit should NFKC be dropped.
    normalise(name)
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// A box or tick that marks an option as chosen.
fn is_ticked_mark(c: char) -> bool {
    matches!(c, '☑' | '☒' | '✓' | '✔' | '√' | '■' | '▣' | '●' | '◉')
}

/// An empty box: an option not chosen.
fn is_unticked_mark(c: char) -> bool {
    matches!(c, '☐' | '□' | '○' | '◯')
}

/// The options ticked in a check-box list such as `☑信息服务 ☐技术服务 ☑培训服务` or
/// `企业√ 事业单位 社会团体` (marks may stand before or after their options).
///
/// `None` when the text holds no box or tick at all (a plain value); otherwise the ticked
/// options, normalised, in the order written (possibly none).
pub fn ticked_choices(s: &str) -> Option<Vec<String>> {
    enum Token {
        Mark(bool),
        Text(String),
    }
    let nfkc: String = s.nfkc().collect();
    if !nfkc
        .chars()
        .any(|c| is_ticked_mark(c) || is_unticked_mark(c))
    {
        return None;
    }
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in nfkc.chars() {
        let is_mark = is_ticked_mark(c) || is_unticked_mark(c);
        let is_separator = c.is_whitespace() || matches!(c, '、' | ',' | ';' | ':' | '/' | '|');
        if is_mark || is_separator {
            let text = normalise(&current);
            if !text.is_empty() {
                tokens.push(Token::Text(text));
            }
            current.clear();
            if is_mark {
                tokens.push(Token::Mark(is_ticked_mark(c)));
            }
        } else {
            current.push(c);
        }
    }
    let text = normalise(&current);
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    let marks_lead = matches!(tokens.first(), Some(Token::Mark(_)));
    let mut chosen = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if let Token::Mark(true) = token {
            let neighbour = if marks_lead {
                tokens.get(i + 1)
            } else {
                i.checked_sub(1).and_then(|j| tokens.get(j))
            };
            if let Some(Token::Text(text)) = neighbour {
                chosen.push(text.clone());
            }
        }
    }
    Some(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_removes_every_kind_of_white_space() {
        let cases = [
            ("  济南 某某  ", "济南某某"),
            ("济南\u{3000}某某", "济南某某"),
            ("服务场所面积\n（平方米）：", "服务场所面积(平方米):"),
            ("a\r\n\tb\u{00A0}c", "abc"),
            ("１２３ＡＢＣ", "123ABC"),
            ("120㎡", "120m2"),
            ("\u{FEFF}单位名称\u{200B}", "单位名称"),
            ("", ""),
            ("   ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalise(input), want, "input {input:?}");
        }
    }

    #[test]
    fn enterprise_key_ignores_spacing_and_bracket_width() {
        let want = enterprise_key("济南某某(科技)有限公司");
        for variant in [
            "济南 某某（科技）有限公司",
            "济南某某（科技）有限公司",
            " 济南某某 ( 科技 ) 有限公司\n",
            "济南\u{3000}某某(科技)有限公司",
        ] {
            assert_eq!(enterprise_key(variant), want, "variant {variant:?}");
        }
        assert_eq!(want, "济南某某(科技)有限公司");
        assert_ne!(enterprise_key("济南某某科技有限公司"), want);
    }

    #[test]
    fn ticked_choices_reads_both_mark_positions() {
        let cases: [(&str, Option<Vec<&str>>); 8] = [
            (
                "☑信息服务 ☐技术服务 ☑培训服务",
                Some(vec!["信息服务", "培训服务"]),
            ),
            ("☑ 信息服务  □ 技术服务", Some(vec!["信息服务"])),
            (
                "信息服务√ 技术服务 培训服务√",
                Some(vec!["信息服务", "培训服务"]),
            ),
            ("企业□ 事业单位■ 社会团体□", Some(vec!["事业单位"])),
            ("□是 □否", Some(vec![])),
            ("☐", Some(vec![])),
            ("信息服务、培训服务", None),
            ("", None),
        ];
        for (input, want) in cases {
            let want = want.map(|v| v.into_iter().map(String::from).collect::<Vec<_>>());
            assert_eq!(ticked_choices(input), want, "input {input:?}");
        }
    }
}
