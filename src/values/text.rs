//! Text normalisation shared by every matcher: NFKC, CJK radicals, white space, brackets; and
//! how Chinese negates a word (不太满意, 没有优惠, 满意度低).

use unicode_normalization::UnicodeNormalization;

/// CJK Radicals Supplement (U+2E80–U+2EF3) → the unified ideograph each radical looks like.
///
/// Some PDF fonts map glyphs to these radicals (⻣ U+2EE3 for 骨, ⻧ U+2EE7 for 卤, ⻓ U+2ED3 for
/// 长), and NFKC leaves all but two of them alone (only U+2E9F and U+2EF3 have compatibility
/// decompositions), so keyword matching fails. The Kangxi Radicals block (U+2F00–U+2FD5) needs
/// no table: NFKC maps every one of its 214 characters.
///
/// Source: the Unicode Character Database, `EquivalentUnifiedIdeograph.txt` (Unicode 14.0.0,
/// <https://www.unicode.org/Public/14.0.0/ucd/EquivalentUnifiedIdeograph.txt>), every line of
/// the block, ranges expanded; U+2E80 and U+2E9A have no equivalent there and stay as they are.
/// Sorted by code point for binary search.
const RADICALS_SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E81}', '\u{5382}'),  // CJK RADICAL CLIFF → 厂
    ('\u{2E82}', '\u{4E5B}'),  // CJK RADICAL SECOND ONE → 乛
    ('\u{2E83}', '\u{4E5A}'),  // CJK RADICAL SECOND TWO → 乚
    ('\u{2E84}', '\u{4E59}'),  // CJK RADICAL SECOND THREE → 乙
    ('\u{2E85}', '\u{4EBB}'),  // CJK RADICAL PERSON → 亻
    ('\u{2E86}', '\u{5182}'),  // CJK RADICAL BOX → 冂
    ('\u{2E87}', '\u{20628}'), // CJK RADICAL TABLE → 𠘨
    ('\u{2E88}', '\u{5200}'),  // CJK RADICAL KNIFE ONE → 刀
    ('\u{2E89}', '\u{5202}'),  // CJK RADICAL KNIFE TWO → 刂
    ('\u{2E8A}', '\u{535C}'),  // CJK RADICAL DIVINATION → 卜
    ('\u{2E8B}', '\u{353E}'),  // CJK RADICAL SEAL → 㔾
    ('\u{2E8C}', '\u{5C0F}'),  // CJK RADICAL SMALL ONE → 小
    ('\u{2E8D}', '\u{5C0F}'),  // CJK RADICAL SMALL TWO → 小
    ('\u{2E8E}', '\u{5140}'),  // CJK RADICAL LAME ONE → 兀
    ('\u{2E8F}', '\u{5C23}'),  // CJK RADICAL LAME TWO → 尣
    ('\u{2E90}', '\u{5C22}'),  // CJK RADICAL LAME THREE → 尢
    ('\u{2E91}', '\u{21BC2}'), // CJK RADICAL LAME FOUR → 𡯂
    ('\u{2E92}', '\u{5DF3}'),  // CJK RADICAL SNAKE → 巳
    ('\u{2E93}', '\u{5E7A}'),  // CJK RADICAL THREAD → 幺
    ('\u{2E94}', '\u{5F51}'),  // CJK RADICAL SNOUT ONE → 彑
    ('\u{2E95}', '\u{5F50}'),  // CJK RADICAL SNOUT TWO → 彐
    ('\u{2E96}', '\u{5FC4}'),  // CJK RADICAL HEART ONE → 忄
    ('\u{2E97}', '\u{5FC3}'),  // CJK RADICAL HEART TWO → 心
    ('\u{2E98}', '\u{624C}'),  // CJK RADICAL HAND → 扌
    ('\u{2E99}', '\u{6535}'),  // CJK RADICAL RAP → 攵
    ('\u{2E9B}', '\u{65E1}'),  // CJK RADICAL CHOKE → 旡
    ('\u{2E9C}', '\u{65E5}'),  // CJK RADICAL SUN → 日
    ('\u{2E9D}', '\u{6708}'),  // CJK RADICAL MOON → 月
    ('\u{2E9E}', '\u{6B7A}'),  // CJK RADICAL DEATH → 歺
    ('\u{2E9F}', '\u{6BCD}'),  // CJK RADICAL MOTHER → 母
    ('\u{2EA0}', '\u{6C11}'),  // CJK RADICAL CIVILIAN → 民
    ('\u{2EA1}', '\u{6C35}'),  // CJK RADICAL WATER ONE → 氵
    ('\u{2EA2}', '\u{6C3A}'),  // CJK RADICAL WATER TWO → 氺
    ('\u{2EA3}', '\u{706C}'),  // CJK RADICAL FIRE → 灬
    ('\u{2EA4}', '\u{722B}'),  // CJK RADICAL PAW ONE → 爫
    ('\u{2EA5}', '\u{722B}'),  // CJK RADICAL PAW TWO → 爫
    ('\u{2EA6}', '\u{4E2C}'),  // CJK RADICAL SIMPLIFIED HALF TREE TRUNK → 丬
    ('\u{2EA7}', '\u{725B}'),  // CJK RADICAL COW → 牛
    ('\u{2EA8}', '\u{72AD}'),  // CJK RADICAL DOG → 犭
    ('\u{2EA9}', '\u{738B}'),  // CJK RADICAL JADE → 王
    ('\u{2EAA}', '\u{24D14}'), // CJK RADICAL BOLT OF CLOTH → 𤴔
    ('\u{2EAB}', '\u{76EE}'),  // CJK RADICAL EYE → 目
    ('\u{2EAC}', '\u{793A}'),  // CJK RADICAL SPIRIT ONE → 示
    ('\u{2EAD}', '\u{793B}'),  // CJK RADICAL SPIRIT TWO → 礻
    ('\u{2EAE}', '\u{25AD7}'), // CJK RADICAL BAMBOO → 𥫗
    ('\u{2EAF}', '\u{7CF9}'),  // CJK RADICAL SILK → 糹
    ('\u{2EB0}', '\u{7E9F}'),  // CJK RADICAL C-SIMPLIFIED SILK → 纟
    ('\u{2EB1}', '\u{7F53}'),  // CJK RADICAL NET ONE → 罓
    ('\u{2EB2}', '\u{7F52}'),  // CJK RADICAL NET TWO → 罒
    ('\u{2EB3}', '\u{34C1}'),  // CJK RADICAL NET THREE → 㓁
    ('\u{2EB4}', '\u{5197}'),  // CJK RADICAL NET FOUR → 冗
    ('\u{2EB5}', '\u{2626B}'), // CJK RADICAL MESH → 𦉫
    ('\u{2EB6}', '\u{7F8A}'),  // CJK RADICAL SHEEP → 羊
    ('\u{2EB7}', '\u{2634C}'), // CJK RADICAL RAM → 𦍌
    ('\u{2EB8}', '\u{2634B}'), // CJK RADICAL EWE → 𦍋
    ('\u{2EB9}', '\u{8002}'),  // CJK RADICAL OLD → 耂
    ('\u{2EBA}', '\u{8080}'),  // CJK RADICAL BRUSH ONE → 肀
    ('\u{2EBB}', '\u{807F}'),  // CJK RADICAL BRUSH TWO → 聿
    ('\u{2EBC}', '\u{8089}'),  // CJK RADICAL MEAT → 肉
    ('\u{2EBD}', '\u{26951}'), // CJK RADICAL MORTAR → 𦥑
    ('\u{2EBE}', '\u{8279}'),  // CJK RADICAL GRASS ONE → 艹
    ('\u{2EBF}', '\u{8279}'),  // CJK RADICAL GRASS TWO → 艹
    ('\u{2EC0}', '\u{8279}'),  // CJK RADICAL GRASS THREE → 艹
    ('\u{2EC1}', '\u{864E}'),  // CJK RADICAL TIGER → 虎
    ('\u{2EC2}', '\u{8864}'),  // CJK RADICAL CLOTHES → 衤
    ('\u{2EC3}', '\u{8980}'),  // CJK RADICAL WEST ONE → 覀
    ('\u{2EC4}', '\u{897F}'),  // CJK RADICAL WEST TWO → 西
    ('\u{2EC5}', '\u{89C1}'),  // CJK RADICAL C-SIMPLIFIED SEE → 见
    ('\u{2EC6}', '\u{89D2}'),  // CJK RADICAL SIMPLIFIED HORN → 角
    ('\u{2EC7}', '\u{278B2}'), // CJK RADICAL HORN → 𧢲
    ('\u{2EC8}', '\u{8BA0}'),  // CJK RADICAL C-SIMPLIFIED SPEECH → 讠
    ('\u{2EC9}', '\u{8D1D}'),  // CJK RADICAL C-SIMPLIFIED SHELL → 贝
    ('\u{2ECA}', '\u{27FB7}'), // CJK RADICAL FOOT → 𧾷
    ('\u{2ECB}', '\u{8F66}'),  // CJK RADICAL C-SIMPLIFIED CART → 车
    ('\u{2ECC}', '\u{8FB6}'),  // CJK RADICAL SIMPLIFIED WALK → 辶
    ('\u{2ECD}', '\u{8FB6}'),  // CJK RADICAL WALK ONE → 辶
    ('\u{2ECE}', '\u{8FB6}'),  // CJK RADICAL WALK TWO → 辶
    ('\u{2ECF}', '\u{9091}'),  // CJK RADICAL CITY → 邑
    ('\u{2ED0}', '\u{9485}'),  // CJK RADICAL C-SIMPLIFIED GOLD → 钅
    ('\u{2ED1}', '\u{9577}'),  // CJK RADICAL LONG ONE → 長
    ('\u{2ED2}', '\u{9578}'),  // CJK RADICAL LONG TWO → 镸
    ('\u{2ED3}', '\u{957F}'),  // CJK RADICAL C-SIMPLIFIED LONG → 长
    ('\u{2ED4}', '\u{95E8}'),  // CJK RADICAL C-SIMPLIFIED GATE → 门
    ('\u{2ED5}', '\u{28E0F}'), // CJK RADICAL MOUND ONE → 𨸏
    ('\u{2ED6}', '\u{961D}'),  // CJK RADICAL MOUND TWO → 阝
    ('\u{2ED7}', '\u{96E8}'),  // CJK RADICAL RAIN → 雨
    ('\u{2ED8}', '\u{9752}'),  // CJK RADICAL BLUE → 青
    ('\u{2ED9}', '\u{97E6}'),  // CJK RADICAL C-SIMPLIFIED TANNED LEATHER → 韦
    ('\u{2EDA}', '\u{9875}'),  // CJK RADICAL C-SIMPLIFIED LEAF → 页
    ('\u{2EDB}', '\u{98CE}'),  // CJK RADICAL C-SIMPLIFIED WIND → 风
    ('\u{2EDC}', '\u{98DE}'),  // CJK RADICAL C-SIMPLIFIED FLY → 飞
    ('\u{2EDD}', '\u{98DF}'),  // CJK RADICAL EAT ONE → 食
    ('\u{2EDE}', '\u{2967F}'), // CJK RADICAL EAT TWO → 𩙿
    ('\u{2EDF}', '\u{98E0}'),  // CJK RADICAL EAT THREE → 飠
    ('\u{2EE0}', '\u{9963}'),  // CJK RADICAL C-SIMPLIFIED EAT → 饣
    ('\u{2EE1}', '\u{29810}'), // CJK RADICAL HEAD → 𩠐
    ('\u{2EE2}', '\u{9A6C}'),  // CJK RADICAL C-SIMPLIFIED HORSE → 马
    ('\u{2EE3}', '\u{9AA8}'),  // CJK RADICAL BONE → 骨
    ('\u{2EE4}', '\u{9B3C}'),  // CJK RADICAL GHOST → 鬼
    ('\u{2EE5}', '\u{9C7C}'),  // CJK RADICAL C-SIMPLIFIED FISH → 鱼
    ('\u{2EE6}', '\u{9E1F}'),  // CJK RADICAL C-SIMPLIFIED BIRD → 鸟
    ('\u{2EE7}', '\u{5364}'),  // CJK RADICAL C-SIMPLIFIED SALT → 卤
    ('\u{2EE8}', '\u{9EA6}'),  // CJK RADICAL SIMPLIFIED WHEAT → 麦
    ('\u{2EE9}', '\u{9EC4}'),  // CJK RADICAL SIMPLIFIED YELLOW → 黄
    ('\u{2EEA}', '\u{9EFE}'),  // CJK RADICAL C-SIMPLIFIED FROG → 黾
    ('\u{2EEB}', '\u{6589}'),  // CJK RADICAL J-SIMPLIFIED EVEN → 斉
    ('\u{2EEC}', '\u{9F50}'),  // CJK RADICAL C-SIMPLIFIED EVEN → 齐
    ('\u{2EED}', '\u{6B6F}'),  // CJK RADICAL J-SIMPLIFIED TOOTH → 歯
    ('\u{2EEE}', '\u{9F7F}'),  // CJK RADICAL C-SIMPLIFIED TOOTH → 齿
    ('\u{2EEF}', '\u{7ADC}'),  // CJK RADICAL J-SIMPLIFIED DRAGON → 竜
    ('\u{2EF0}', '\u{9F99}'),  // CJK RADICAL C-SIMPLIFIED DRAGON → 龙
    ('\u{2EF1}', '\u{9F9C}'),  // CJK RADICAL TURTLE → 龜
    ('\u{2EF2}', '\u{4E80}'),  // CJK RADICAL J-SIMPLIFIED TURTLE → 亀
    ('\u{2EF3}', '\u{9F9F}'),  // CJK RADICAL C-SIMPLIFIED TURTLE → 龟
];

/// The unified ideograph a CJK Radicals Supplement character stands for, or the character.
fn unify_radical(c: char) -> char {
    if !('\u{2E80}'..='\u{2EF3}').contains(&c) {
        return c;
    }
    RADICALS_SUPPLEMENT
        .binary_search_by_key(&c, |(radical, _)| *radical)
        .map_or(c, |i| RADICALS_SUPPLEMENT[i].1)
}

/// NFKC with radicals unified (⻓ → 长, ⼀ → 一), white space kept: for text whose layout still
/// matters, such as a PDF page's lines, before any keyword is matched in it.
pub fn fold_compat(s: &str) -> String {
    s.nfkc().map(unify_radical).collect()
}

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
    s.nfkc()
        .map(unify_radical)
        .filter(|&c| !is_invisible(c))
        .collect()
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

/// Words that negate the word right after them (不满意, 没优惠, 无减免, 未达标, 非公益).
const NEGATORS_BEFORE: [char; 5] = ['不', '没', '无', '未', '非'];

/// Degree and linking words that may stand between a negator and the word it negates:
/// 不太满意, 不是很满意, 不大满意, 不够满意, 没有优惠, 不十分满意. 常 is not among them, so the
/// 非 of 非常满意 (an intensifier) negates nothing.
const BETWEEN_NEGATOR_AND_WORD: [char; 17] = [
    '是', '很', '太', '大', '够', '有', '甚', '十', '分', '那', '么', '怎', '什', '算', '特', '别',
    '上',
];

/// Words that may stand between a word and a 低/差 after it: 满意度低, 满意程度较低, 满意率偏低.
const BETWEEN_WORD_AND_LOW: [char; 12] = [
    '度', '率', '性', '程', '较', '偏', '很', '太', '比', '过', '极', '都',
];

/// Words after a word that say it is lacking: 满意度低, 满意度差.
const NEGATORS_AFTER: [char; 2] = ['低', '差'];

/// At most this many degree words are skipped on either side.
const NEGATION_REACH: usize = 3;

/// Whether the word at `text[start..end]` is negated as Chinese writes it: a negator
/// (不/没/无/未/非) before it, possibly with a few degree words between (不太满意, 没有优惠), or
/// 低/差 after it (满意度低), or 不高/不好/不佳 after it (满意度不高).
pub fn is_negated_at(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let mut back = before.chars().rev().peekable();
    let mut skipped = 0;
    let negated_before = loop {
        match back.next() {
            // 非常 is an intensifier: skipped whole (不是非常满意 is negated by its 不).
            Some('常') if back.peek() == Some(&'非') && skipped < NEGATION_REACH => {
                back.next();
                skipped += 1;
            }
            Some(c) if NEGATORS_BEFORE.contains(&c) => break true,
            Some(c) if BETWEEN_NEGATOR_AND_WORD.contains(&c) && skipped < NEGATION_REACH => {
                skipped += 1
            }
            _ => break false,
        }
    };
    if negated_before {
        return true;
    }
    let after = text.get(end..).unwrap_or("");
    let mut ahead = after.chars().peekable();
    let mut skipped = 0;
    while let Some(&c) = ahead.peek() {
        if !BETWEEN_WORD_AND_LOW.contains(&c) || skipped >= NEGATION_REACH {
            break;
        }
        ahead.next();
        skipped += 1;
    }
    match ahead.next() {
        Some(c) if NEGATORS_AFTER.contains(&c) => true,
        Some('不') => matches!(ahead.next(), Some('高' | '好' | '佳' | '足')),
        _ => false,
    }
}

/// How `keyword` stands in `text`: `None` when it does not occur, `Some(true)` when it occurs
/// at least once un-negated, `Some(false)` when every occurrence is negated (无优惠, 不太满意,
/// 满意度低). Both are compared as given (normalise them first).
pub fn keyword_polarity(text: &str, keyword: &str) -> Option<bool> {
    if keyword.is_empty() {
        return None;
    }
    let mut seen = false;
    for (start, word) in text.match_indices(keyword) {
        seen = true;
        if !is_negated_at(text, start, start + word.len()) {
            return Some(true);
        }
    }
    seen.then_some(false)
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
    let nfkc = fold_compat(s);
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
    fn radicals_from_pdf_fonts_become_their_ideographs() {
        let cases = [
            ("\u{2EE3}骼", "骨骼"),
            ("\u{2EE7}水", "卤水"),
            ("\u{2ED3}清区", "长清区"),
            ("\u{2F00}\u{2FD5}", "一龠"), // Kangxi radicals: NFKC
            ("\u{2E80}", "\u{2E80}"),     // no equivalent in the UCD: kept
            ("\u{2EF3}", "龟"),
            ("\u{2E87}", "\u{20628}"),
        ];
        for (input, want) in cases {
            assert_eq!(normalise(input), want, "input {input:?}");
            assert_eq!(fold_compat(input), want, "input {input:?}");
        }
        assert_eq!(fold_compat("\u{2ED3} 清\t区"), "长 清\t区");
        // The table is sorted (binary search) and stays inside its block.
        assert!(RADICALS_SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(RADICALS_SUPPLEMENT.len(), 114);
        // Kangxi Radicals (U+2F00–U+2FD5): NFKC maps all 214 to unified ideographs.
        for c in '\u{2F00}'..='\u{2FD5}' {
            let n = normalise(&c.to_string());
            assert!(
                n.chars().count() == 1 && n.chars().all(|u| ('\u{4E00}'..='\u{9FFF}').contains(&u)),
                "{c:?} → {n:?}"
            );
        }
        for c in '\u{2E80}'..='\u{2EF3}' {
            let u = unify_radical(c);
            assert!(u == c || !('\u{2E80}'..='\u{2FDF}').contains(&u), "{c:?}");
        }
    }

    #[test]
    fn negation_is_read_as_chinese_writes_it() {
        let cases: [(&str, &str, Option<bool>); 25] = [
            ("不是非常满意", "满意", Some(false)),
            ("谈不上满意", "满意", Some(false)),
            ("是非常满意", "满意", Some(true)),
            ("满意", "满意", Some(true)),
            ("非常满意", "满意", Some(true)),
            ("十分满意", "满意", Some(true)),
            ("基本满意", "满意", Some(true)),
            ("不太满意", "满意", Some(false)),
            ("不是很满意", "满意", Some(false)),
            ("不大满意", "满意", Some(false)),
            ("不够满意", "满意", Some(false)),
            ("不十分满意", "满意", Some(false)),
            ("满意度低", "满意", Some(false)),
            ("满意程度较低", "满意", Some(false)),
            ("满意度不高", "满意", Some(false)),
            ("满意度差", "满意", Some(false)),
            ("不太好", "好", Some(false)),
            ("无优惠", "优惠", Some(false)),
            ("没有优惠", "优惠", Some(false)),
            ("无减免", "减免", Some(false)),
            ("非公益", "公益", Some(false)),
            ("享有优惠", "优惠", Some(true)),
            ("优惠价", "优惠", Some(true)),
            ("无偿", "无偿", Some(true)),
            ("收费", "优惠", None),
        ];
        for (text, word, want) in cases {
            assert_eq!(keyword_polarity(text, word), want, "{text} / {word}");
        }
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
