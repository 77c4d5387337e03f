//! Professional title levels (SPEC §2.5). 助理研究员 is 中级 but 助理工程师 is 初级; skill
//! grades (高级技师) and licences (律师) are not titles unless the rules file maps them.

use std::collections::BTreeMap;

use super::text::normalise;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TitleLevel {
    Junior,
    Intermediate,
    AssociateSenior,
    Senior,
}

impl TitleLevel {
    pub fn is_intermediate_or_above(self) -> bool {
        self >= TitleLevel::Intermediate
    }
}

use TitleLevel::{AssociateSenior, Intermediate, Junior, Senior};

/// Names whose level does not follow from a series stem (see `SERIES`).
const NAMED: &[(&str, TitleLevel)] = &[
    // Research, higher and secondary education.
    ("研究员", Senior),
    ("副研究员", AssociateSenior),
    ("助理研究员", Intermediate),
    ("研究实习员", Junior),
    ("教授", Senior),
    ("副教授", AssociateSenior),
    ("讲师", Intermediate),
    ("助教", Junior),
    ("高级讲师", AssociateSenior),
    ("正高级教师", Senior),
    ("高级教师", AssociateSenior),
    ("一级教师", Intermediate),
    ("二级教师", Junior),
    ("三级教师", Junior),
    // Engineering shorthand.
    ("教授级高工", Senior),
    ("教高", Senior),
    ("高工", AssociateSenior),
    ("助工", Junior),
    // Health.
    ("主任医师", Senior),
    ("副主任医师", AssociateSenior),
    ("主治医师", Intermediate),
    ("医师", Junior),
    ("医士", Junior),
    ("主任药师", Senior),
    ("副主任药师", AssociateSenior),
    ("主管药师", Intermediate),
    ("药师", Junior),
    ("主任护师", Senior),
    ("副主任护师", AssociateSenior),
    ("主管护师", Intermediate),
    ("护师", Junior),
    ("主任技师", Senior),
    ("副主任技师", AssociateSenior),
    ("主管技师", Intermediate),
    // Law (graded lawyers are titles; a bare 律师 is a licence).
    ("一级律师", Senior),
    ("二级律师", AssociateSenior),
    ("三级律师", Intermediate),
    ("四级律师", Junior),
    // Press, publishing, translation, archives and libraries.
    ("高级记者", Senior),
    ("主任记者", AssociateSenior),
    ("记者", Intermediate),
    ("助理记者", Junior),
    ("编审", Senior),
    ("副编审", AssociateSenior),
    ("编辑", Intermediate),
    ("助理编辑", Junior),
    ("译审", Senior),
    ("副译审", AssociateSenior),
    ("翻译", Intermediate),
    ("助理翻译", Junior),
    ("研究馆员", Senior),
    ("副研究馆员", AssociateSenior),
    ("馆员", Intermediate),
    ("助理馆员", Junior),
    // Computer technology qualifications (软考), which stand for titles.
    ("系统架构设计师", AssociateSenior),
    ("系统分析师", AssociateSenior),
    ("信息系统项目管理师", AssociateSenior),
    ("网络规划设计师", AssociateSenior),
    ("系统规划与管理师", AssociateSenior),
    ("软件设计师", Intermediate),
    ("系统集成项目管理工程师", Intermediate),
    ("程序员", Junior),
    ("网络管理员", Junior),
];

/// Series whose level is written before the stem: 正高级/教授级高级 X, 高级 X, X, 助理 X.
/// A specialty may stand before the stem (电气工程师, 高级农业经济师).
const SERIES: &[&str] = &[
    "工程师",
    "经济师",
    "会计师",
    "统计师",
    "审计师",
    "政工师",
    "农艺师",
    "畜牧师",
    "兽医师",
    "工艺美术师",
    "实验师",
];

/// The 员级 forms of the series above.
const JUNIOR_STEMS: &[&str] = &[
    "技术员",
    "会计员",
    "经济员",
    "统计员",
    "审计员",
    "政工员",
    "实验员",
];

/// Licences, qualifications and skill certificates that are not titles. Checked after
/// `NAMED`, so 主管技师 and 一级律师 still count.
const NOT_TITLES: &[&str] = &[
    "注册",
    "执业",
    "职业资格",
    "资格证",
    "律师",
    "建造师",
    "造价",
    "监理",
    "咨询工程师",
    "消防工程师",
    "安全工程师",
    "税务师",
    "评估师",
    "专利代理",
    "心理咨询师",
    "管理师",
    "培训师",
    "规划师",
    "营养师",
    "技能",
];

/// 正高级/副高级/中级/初级 as written in an annotation, a level column or the rules file.
fn level_word(word: &str) -> Option<TitleLevel> {
    Some(match word {
        "正高级" | "正高" | "正高级职称" => Senior,
        "副高级" | "副高" | "高级" | "副高级职称" | "高级职称" => AssociateSenior,
        "中级" | "中级职称" => Intermediate,
        "初级" | "员级" | "助理级" | "初级职称" => Junior,
        _ => return None,
    })
}

/// The rules file's mapping for `name`: `Some(None)` when it says "not a title".
fn from_extra(name: &str, extra: &BTreeMap<String, String>) -> Option<Option<TitleLevel>> {
    let (_, value) = extra.iter().find(|(key, _)| normalise(key) == name)?;
    let value = normalise(value).to_lowercase();
    if matches!(value.as_str(), "none" | "无" | "非职称" | "不是职称") {
        return Some(None);
    }
    level_word(&value).map(Some)
}

/// Not a title: skill grades (高级技师, 技师, 高级工), licences (律师, 注册会计师) …
fn is_not_title(core: &str) -> bool {
    (core.ends_with("技师")
        && !core.starts_with("主任")
        && !core.starts_with("副主任")
        && !core.starts_with("主管"))
        || (core.ends_with('工') && !matches!(core, "高工" | "助工" | "教授级高工"))
        || NOT_TITLES.iter().any(|w| core.contains(w))
}

/// The level of a name with no annotation and no rules-file entry.
fn built_in(core: &str) -> Option<TitleLevel> {
    if let Some(level) = level_word(core) {
        return Some(level);
    }
    if let Some((_, level)) = NAMED.iter().find(|(name, _)| *name == core) {
        return Some(*level);
    }
    if is_not_title(core) {
        return None;
    }
    // 中级工程师, 初级会计师, 副高级经济师: an explicit level before a known name.
    for (prefix, level) in [
        ("正高级", Senior),
        ("副高级", AssociateSenior),
        ("中级", Intermediate),
        ("初级", Junior),
    ] {
        if let Some(rest) = core.strip_prefix(prefix)
            && (rest == "职称" || built_in(rest).is_some())
        {
            return Some(level);
        }
    }
    if let Some(prefix) = SERIES.iter().find_map(|stem| core.strip_suffix(stem)) {
        return Some(
            if prefix.contains("正高级") || prefix.contains("教授级") || prefix.contains("研究员级")
            {
                Senior
            } else if prefix.contains("高级") || prefix.contains("副高") {
                AssociateSenior
            } else if prefix.contains("助理") || prefix.contains("初级") {
                Junior
            } else {
                Intermediate
            },
        );
    }
    JUNIOR_STEMS
        .iter()
        .any(|stem| core.ends_with(stem))
        .then_some(Junior)
}

/// One title, possibly annotated: `工程师（中级）`, `高级工程师(副高)`.
fn parse_one(item: &str, extra: &BTreeMap<String, String>) -> Option<TitleLevel> {
    if let Some(mapped) = from_extra(item, extra) {
        return mapped;
    }
    let (core, note) = match item.split_once('(') {
        Some((core, rest)) => (core, rest.trim_end_matches(')')),
        None => (item, ""),
    };
    if core != item
        && let Some(mapped) = from_extra(core, extra)
    {
        return mapped;
    }
    if core.is_empty() {
        return level_word(note);
    }
    if matches!(
        core,
        "无" | "暂无" | "没有" | "-" | "—" | "——" | "/" | "none" | "无职称"
    ) {
        return None;
    }
    let named = NAMED.iter().any(|(name, _)| *name == core);
    if !named && is_not_title(core) {
        return None;
    }
    // A level written in the annotation is the applicant's own statement of it.
    level_word(note).or_else(|| built_in(core))
}

/// `extra` is the rules file's `[titles.extra]`: name → 正高级/副高级/中级/初级/none; an
/// exact match there wins over the built-in tables (`none` means "not a title").
///
/// A cell naming several titles (`高级工程师、会计师`) gives the highest of them.
pub fn parse_title(s: &str, extra: &BTreeMap<String, String>) -> Option<TitleLevel> {
    let text = normalise(s);
    if let Some(mapped) = from_extra(&text, extra) {
        return mapped;
    }
    text.split(['、', ',', ';', '/', '|'])
        .filter(|item| !item.is_empty())
        .filter_map(|item| parse_one(item, extra))
        .max()
}

/// Whether a cell for which `parse_title` gives no level says so knowingly: a skill grade
/// (高级技师), a licence (律师, 注册会计师), a none-word (无, 无职称) or a rules-file `none`,
/// for every title it lists. `false` for text not understood (`见附件`, `高级讲师X`), which
/// is unknown rather than "no title".
pub fn names_no_title(s: &str, extra: &BTreeMap<String, String>) -> bool {
    let text = normalise(s);
    if text.is_empty() || from_extra(&text, extra) == Some(None) {
        return true;
    }
    let known_none = |item: &str| {
        if from_extra(item, extra) == Some(None) {
            return true;
        }
        let core = item.split_once('(').map_or(item, |(core, _)| core);
        from_extra(core, extra) == Some(None)
            || matches!(
                core,
                "无" | "暂无" | "没有" | "-" | "—" | "——" | "/" | "none" | "无职称"
            )
            || (!NAMED.iter().any(|(name, _)| *name == core) && is_not_title(core))
    };
    text.split(['、', ',', ';', '/', '|'])
        .filter(|item| !item.is_empty())
        .all(known_none)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_non_titles_are_told_from_unknown_text() {
        let none = BTreeMap::new();
        for s in [
            "高级技师",
            "技师",
            "律师",
            "注册会计师",
            "无",
            "无职称",
            "高级工、律师",
        ] {
            assert_eq!(parse_title(s, &none), None, "{s}");
            assert!(names_no_title(s, &none), "{s}");
        }
        for s in ["见附件", "在评", "高级讲师X"] {
            assert_eq!(parse_title(s, &none), None, "{s}");
            assert!(!names_no_title(s, &none), "{s}");
        }
    }

    #[test]
    fn parse_title_reads_built_in_names() {
        let none = BTreeMap::new();
        let cases = [
            ("正高级工程师", Some(Senior)),
            ("教授级高级工程师", Some(Senior)),
            ("教授级高工", Some(Senior)),
            ("研究员", Some(Senior)),
            ("教授", Some(Senior)),
            ("正高级经济师", Some(Senior)),
            ("正高级会计师", Some(Senior)),
            ("主任医师", Some(Senior)),
            ("高级工程师", Some(AssociateSenior)),
            ("高工", Some(AssociateSenior)),
            ("高级经济师", Some(AssociateSenior)),
            ("高级会计师", Some(AssociateSenior)),
            ("高级统计师", Some(AssociateSenior)),
            ("副研究员", Some(AssociateSenior)),
            ("副教授", Some(AssociateSenior)),
            ("高级讲师", Some(AssociateSenior)),
            ("副主任医师", Some(AssociateSenior)),
            ("高级政工师", Some(AssociateSenior)),
            ("高级农艺师", Some(AssociateSenior)),
            ("高级教师", Some(AssociateSenior)),
            ("工程师", Some(Intermediate)),
            ("经济师", Some(Intermediate)),
            ("会计师", Some(Intermediate)),
            ("统计师", Some(Intermediate)),
            ("讲师", Some(Intermediate)),
            ("助理研究员", Some(Intermediate)),
            ("主治医师", Some(Intermediate)),
            ("中级", Some(Intermediate)),
            ("中级职称", Some(Intermediate)),
            ("电气工程师", Some(Intermediate)),
            ("一级教师", Some(Intermediate)),
            ("主管技师", Some(Intermediate)),
            ("助理工程师", Some(Junior)),
            ("助理经济师", Some(Junior)),
            ("助理会计师", Some(Junior)),
            ("初级会计师", Some(Junior)),
            ("助理统计师", Some(Junior)),
            ("技术员", Some(Junior)),
            ("会计员", Some(Junior)),
            ("经济员", Some(Junior)),
            ("助教", Some(Junior)),
            ("员级", Some(Junior)),
            ("助工", Some(Junior)),
            ("中级工程师", Some(Intermediate)),
            ("工程师（中级）", Some(Intermediate)),
            ("工程师(中级)", Some(Intermediate)),
            ("高级工程师(副高)", Some(AssociateSenior)),
            ("高级工程师（正高级）", Some(Senior)),
            ("经济师（高级）", Some(AssociateSenior)),
            ("（中级）", Some(Intermediate)),
            (" 高级 工程师 ", Some(AssociateSenior)),
            ("高级工程师、会计师", Some(AssociateSenior)),
            ("助理工程师/经济师", Some(Intermediate)),
            ("高级技师", None),
            ("技师", None),
            ("高级工", None),
            ("中级工", None),
            ("律师", None),
            ("注册会计师", None),
            ("执业药师", None),
            ("一级建造师", None),
            ("注册安全工程师", None),
            ("造价工程师", None),
            ("高级人力资源管理师", None),
            ("中级工程师(注册)", Some(Intermediate)),
            ("一级律师", Some(Senior)),
            ("无", None),
            ("—", None),
            ("-", None),
            ("", None),
            ("总经理", None),
            ("高级经理", None),
            ("中级经理", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_title(input, &none), want, "input {input:?}");
        }
    }

    #[test]
    fn extra_map_wins_over_built_in_names() {
        let extra: BTreeMap<String, String> = [
            ("高级技师", "中级"),
            ("律师", "中级"),
            ("技术员", "none"),
            ("工程师", "副高级"),
            ("首席专家", "正高级"),
            ("奇怪的值", "特级"),
            ("注册 会计师", "中级"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let cases = [
            ("高级技师", Some(Intermediate)),
            ("律师", Some(Intermediate)),
            ("技术员", None),
            ("工程师", Some(AssociateSenior)),
            ("工程师（中级）", Some(AssociateSenior)),
            ("首席专家", Some(Senior)),
            ("注册会计师", Some(Intermediate)),
            ("奇怪的值", None),
            ("技师", None),
            ("高级工程师", Some(AssociateSenior)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_title(input, &extra), want, "input {input:?}");
        }
    }

    #[test]
    fn intermediate_is_the_qualifying_bound() {
        assert!(Intermediate.is_intermediate_or_above());
        assert!(Senior.is_intermediate_or_above());
        assert!(!Junior.is_intermediate_or_above());
    }
}
