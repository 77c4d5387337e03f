//! Yes/no cells: 是/否, 有/无, √/×, ☑/☐, Y/N, 1/0.

use super::text::{normalise, ticked_choices};

const YES: &[&str] = &[
    "是",
    "有",
    "√",
    "✓",
    "✔",
    "☑",
    "■",
    "y",
    "yes",
    "1",
    "1.0",
    "true",
    "对",
    "是的",
    "已建",
    "已建成",
    "已建立",
    "已设立",
    "已开通",
    "已有",
    "已缴",
    "已缴纳",
    "具备",
    "具有",
];

const NO: &[&str] = &[
    "否",
    "无",
    "×",
    "✗",
    "✘",
    "☐",
    "□",
    "n",
    "no",
    "0",
    "0.0",
    "false",
    "不是",
    "没有",
    "暂无",
    "未建",
    "未建成",
    "未建立",
    "未设立",
    "未开通",
    "未缴",
    "未缴纳",
    "不具备",
    "不具有",
];

/// Remarks that say the thing does not exist yet: `有（建设中）` is not a yes.
const NOT_YET: &[&str] = &[
    "建设中",
    "在建",
    "筹建",
    "拟建",
    "待建",
    "计划",
    "规划中",
    "准备",
    "即将",
    "正在",
    "尚未",
    "未完成",
    "开发中",
    "试运行前",
];

/// Whether a text says its thing is planned or being built, not there yet.
pub fn says_not_yet(s: &str) -> bool {
    let t = normalise(s);
    NOT_YET.iter().any(|w| t.contains(w))
}

/// A whole (normalised, lower-case) cell that is one of the words above.
fn exact(word: &str) -> Option<bool> {
    if YES.contains(&word) {
        Some(true)
    } else if NO.contains(&word) {
        Some(false)
    } else {
        None
    }
}

/// `Some(true)` for yes, `Some(false)` for no, `None` when the text says neither.
///
/// Beyond the bare words: a remark after the answer (`是（已建成）`, `有，已上线`) and a
/// check-box pair (`☑是 ☐否`, `是□ 否■`). An unfilled template (`是/否`, `□是 □否`) is `None`.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    let text = normalise(s).to_lowercase();
    let text = text.trim_end_matches(['。', '.', '!']);
    if let Some(answer) = exact(text) {
        return Some(answer);
    }
    if let Some(chosen) = ticked_choices(text) {
        // `☑有 □无`, `■是 □否`, `√有 □无`: the one ticked option (with any remark after it);
        // nothing or both ticked → unknown.
        let answers: Vec<Option<bool>> = chosen
            .iter()
            .map(|c| {
                let c = c.to_lowercase();
                exact(&c).or_else(|| with_remark(&c))
            })
            .collect();
        return match answers.as_slice() {
            [one] => *one,
            _ => None,
        };
    }
    with_remark(text)
}

/// The answer first, a remark after: 是(已建成), 有,已上线, 无;计划2024年建设. A remark saying
/// the thing is not there yet (有（建设中）) takes the yes back: unknown, not yes.
fn with_remark(text: &str) -> Option<bool> {
    let head = text.split(['(', ',', ';', ':', '、']).next().unwrap_or("");
    if head.len() < text.len() {
        match exact(head) {
            Some(true) if says_not_yet(&text[head.len()..]) => None,
            answer => answer,
        }
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_yes_no_reads_words_marks_and_boxes() {
        let cases = [
            ("是", Some(true)),
            ("否", Some(false)),
            ("有", Some(true)),
            ("无", Some(false)),
            ("√", Some(true)),
            ("×", Some(false)),
            ("✓", Some(true)),
            ("✗", Some(false)),
            ("☑", Some(true)),
            ("☐", Some(false)),
            ("□", Some(false)),
            ("■", Some(true)),
            ("Y", Some(true)),
            ("N", Some(false)),
            ("y", Some(true)),
            ("n", Some(false)),
            ("Yes", Some(true)),
            ("NO", Some(false)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("TRUE", Some(true)),
            ("false", Some(false)),
            ("已建", Some(true)),
            ("未建", Some(false)),
            ("已缴", Some(true)),
            ("未缴", Some(false)),
            ("已缴纳", Some(true)),
            ("未缴纳", Some(false)),
            ("具备", Some(true)),
            ("不具备", Some(false)),
            ("不是", Some(false)),
            ("是（已建成）", Some(true)),
            ("是(已建成)", Some(true)),
            ("有，已上线运行", Some(true)),
            ("无；计划2024年建设", Some(false)),
            (" 是 \n", Some(true)),
            ("是。", Some(true)),
            ("ｙｅｓ", Some(true)),
            ("☑是 ☐否", Some(true)),
            ("□是 ☑否", Some(false)),
            ("是□ 否■", Some(false)),
            ("是√ 否", Some(true)),
            ("□是 □否", None),
            ("☑是 ☑否", None),
            ("是/否", None),
            ("是否", None),
            ("", None),
            ("—", None),
            ("-", None),
            ("2", None),
            ("不详", None),
            ("见附件", None),
            ("（已建成）", None),
            // Not yet built is not a yes.
            ("有（建设中）", None),
            ("是(筹建)", None),
            ("有，计划2024年上线", None),
            ("无；计划2024年建设", Some(false)),
            // Tick layouts (issue 8 family 15).
            ("☑有 □无", Some(true)),
            ("□有 ☑无", Some(false)),
            ("■是 □否", Some(true)),
            ("□是 ■否", Some(false)),
            ("√有 □无", Some(true)),
            ("□有 □无", None),
            ("☑有 ☑无", None),
            ("■是 ■否", None),
            ("□有 ☑无（网址：http://example.com）", Some(false)),
            ("☑有（已上线） □无", Some(true)),
            ("☑有（建设中） □无", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_yes_no(input), want, "input {input:?}");
        }
    }
}
