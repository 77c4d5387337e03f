//! Jinan's districts and counties (SPEC §2.3 所属区县): from a text such as the 推荐单位
//! (`历下区工业和信息化局`) or from the division code inside a credit code (`370102`).

use super::text::normalise;

/// Names that identify one district, most specific first within a text position. Former
/// names (章丘市, 济阳县, 莱城区) and zones inside a district (莱芜高新区) map to today's
/// district; 起步区 and 新旧动能转换 name the 先行区.
const NAMES: &[(&str, &str)] = &[
    ("历下区", "历下区"),
    ("市中区", "市中区"),
    ("槐荫区", "槐荫区"),
    ("天桥区", "天桥区"),
    ("历城区", "历城区"),
    ("长清区", "长清区"),
    ("章丘区", "章丘区"),
    ("章丘市", "章丘区"),
    ("济阳区", "济阳区"),
    ("济阳县", "济阳区"),
    ("莱芜高新", "莱芜区"),
    ("莱芜区", "莱芜区"),
    ("莱城区", "莱芜区"),
    ("钢城区", "钢城区"),
    ("平阴县", "平阴县"),
    ("商河县", "商河县"),
    ("高新区", "高新区"),
    ("高新技术产业开发区", "高新区"),
    ("南部山区", "南部山区"),
    ("先行区", "先行区"),
    ("起步区", "先行区"),
    ("新旧动能转换", "先行区"),
];

/// Short names, tried only when no full name is found (`历下` alone). 市中 and 高新 are left
/// out: they occur inside 济南市中小企业… and 高新技术企业.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("历下", "历下区"),
    ("槐荫", "槐荫区"),
    ("天桥", "天桥区"),
    ("历城", "历城区"),
    ("长清", "长清区"),
    ("章丘", "章丘区"),
    ("济阳", "济阳区"),
    ("莱芜", "莱芜区"),
    ("钢城", "钢城区"),
    ("平阴", "平阴县"),
    ("商河", "商河县"),
];

/// The name that occurs first in `text` (on a tie, the longer one).
fn first_named(text: &str, names: &[(&'static str, &'static str)]) -> Option<&'static str> {
    names
        .iter()
        .filter_map(|(name, district)| {
            text.find(name)
                .map(|at| (at, std::cmp::Reverse(name.len()), *district))
        })
        .min()
        .map(|(_, _, district)| district)
}

/// The Jinan district or county a text names (the first one when it names several).
pub fn district_from_text(s: &str) -> Option<String> {
    let text = normalise(s);
    first_named(&text, NAMES)
        .or_else(|| first_named(&text, SHORT_NAMES))
        .map(String::from)
}

/// The Jinan district or county of a six-digit division code (GB/T 2260), including the
/// former Laiwu city's codes (3712xx) and codes from before 章丘 and 济阳 became districts.
pub fn district_from_division(code6: &str) -> Option<&'static str> {
    Some(match code6.trim() {
        "370102" => "历下区",
        "370103" => "市中区",
        "370104" => "槐荫区",
        "370105" => "天桥区",
        "370112" => "历城区",
        "370113" => "长清区",
        "370114" | "370181" => "章丘区",
        "370115" | "370125" => "济阳区",
        "370116" | "371202" => "莱芜区",
        "370117" | "371203" => "钢城区",
        "370124" => "平阴县",
        "370126" => "商河县",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn district_from_text_finds_the_named_district() {
        let cases = [
            ("历下区工业和信息化局", Some("历下区")),
            ("济南市历城区", Some("历城区")),
            ("高新区管委会", Some("高新区")),
            ("济南高新技术产业开发区管理委员会", Some("高新区")),
            ("章丘区", Some("章丘区")),
            ("章丘市工信局", Some("章丘区")),
            ("济南市市中区工业和信息化局", Some("市中区")),
            ("济南新旧动能转换先行区管委会", Some("先行区")),
            ("新旧动能转换起步区", Some("先行区")),
            ("南部山区管委会", Some("南部山区")),
            ("莱芜高新技术产业开发区", Some("莱芜区")),
            ("莱芜市钢城区", Some("钢城区")),
            ("平阴县工业和信息化局", Some("平阴县")),
            ("商河县", Some("商河县")),
            ("槐荫区、天桥区", Some("槐荫区")),
            (" 历 下 区 ", Some("历下区")),
            ("历下", Some("历下区")),
            ("济南市中小企业服务中心", None),
            ("高新技术企业协会", None),
            ("济南市工业和信息化局", None),
            ("青岛市市南区", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                district_from_text(input).as_deref(),
                want,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn district_from_division_covers_jinan_and_former_laiwu() {
        let cases = [
            ("370102", Some("历下区")),
            ("370103", Some("市中区")),
            ("370104", Some("槐荫区")),
            ("370105", Some("天桥区")),
            ("370112", Some("历城区")),
            ("370113", Some("长清区")),
            ("370114", Some("章丘区")),
            ("370115", Some("济阳区")),
            ("370116", Some("莱芜区")),
            ("370117", Some("钢城区")),
            ("370124", Some("平阴县")),
            ("370126", Some("商河县")),
            ("371202", Some("莱芜区")),
            ("371203", Some("钢城区")),
            ("370100", None),
            ("370202", None),
            ("", None),
            ("37010", None),
        ];
        for (input, want) in cases {
            assert_eq!(district_from_division(input), want, "input {input:?}");
        }
    }
}
