//! Declared service functions (SPEC §2.3 申报服务功能): one or more of 信息/技术/创业/培训/融资/
//! 咨询/法律, as a list (`信息服务、培训服务`) or as tick boxes (`☑信息服务 ☐技术服务`).

use super::text::{normalise, ticked_choices};
use crate::model::Function;

/// The function an item names: the first keyword in it, so 法律咨询 is 法律 and 技术咨询 is
/// 技术 (the topic comes first, the mode after).
fn function_of(item: &str) -> Option<Function> {
    Function::ALL
        .iter()
        .filter_map(|f| item.find(f.keyword()).map(|at| (at, *f)))
        .min()
        .map(|(_, f)| f)
}

/// The functions a cell declares, sorted and without duplicates. With tick boxes only ticked
/// options count; otherwise items are split at 、，,;； and white space (and after 服务, so
/// `信息服务技术服务` is two items).
pub fn parse_functions(s: &str) -> Vec<Function> {
    let items: Vec<String> = match ticked_choices(s) {
        Some(chosen) => chosen,
        None => {
            let text = super::text::fold_compat(s);
            text.split(|c: char| c.is_whitespace() || matches!(c, '、' | ',' | ';' | '/' | '|'))
                .map(normalise)
                .collect()
        }
    };
    let mut functions: Vec<Function> = items
        .iter()
        .flat_map(|item| item.split("服务"))
        .filter_map(function_of)
        .collect();
    functions.sort();
    functions.dedup();
    functions
}

#[cfg(test)]
mod tests {
    use super::*;
    use Function::*;

    #[test]
    fn parse_functions_reads_lists_and_ticks() {
        let cases: [(&str, &[Function]); 17] = [
            ("信息服务、培训服务", &[Info, Training]),
            ("培训服务，信息服务", &[Info, Training]),
            (
                "信息,技术;创业；培训 融资\n咨询\u{3000}法律",
                &[Info, Tech, Startup, Training, Financing, Consulting, Legal],
            ),
            ("技术服务", &[Tech]),
            ("信息服务技术服务", &[Info, Tech]),
            ("☑信息服务 ☐技术服务 ☑培训服务", &[Info, Training]),
            ("☑ 信息服务  □ 技术服务  □ 创业服务", &[Info]),
            ("信息服务√ 技术服务 融资服务√", &[Info, Financing]),
            ("√信息服务 √培训服务", &[Info, Training]),
            ("法律咨询服务", &[Legal]),
            ("管理咨询服务", &[Consulting]),
            ("投融资服务、创业辅导", &[Startup, Financing]),
            ("信息服务、信息服务", &[Info]),
            ("☐信息服务 ☐技术服务", &[]),
            ("", &[]),
            ("—", &[]),
            ("其他", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(parse_functions(input), want, "input {input:?}");
        }
    }
}
