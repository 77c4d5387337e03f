//! Platform kind as written in the form's 平台类型 cell (SPEC §2.3): 线下 or 互联网
//! (主要基于互联网服务), plain or as a tick-box list.

use super::text::{normalise, ticked_choices};
use crate::model::PlatformKind;

const INTERNET: &[&str] = &["互联网", "线上", "网络", "在线"];
const OFFLINE: &[&str] = &["线下", "实体", "综合"];

fn kind_of(text: &str) -> Option<PlatformKind> {
    // 线上线下结合 and 综合 are platforms with premises: offline wins when both are named.
    if OFFLINE.iter().any(|w| text.contains(w)) {
        Some(PlatformKind::Offline)
    } else if INTERNET.iter().any(|w| text.contains(w)) {
        Some(PlatformKind::Internet)
    } else {
        None
    }
}

/// The platform kind a cell names; `None` when it names neither, or when a tick-box list has
/// not exactly one kind ticked.
pub fn parse_platform_kind(s: &str) -> Option<PlatformKind> {
    match ticked_choices(s) {
        Some(chosen) => match chosen.as_slice() {
            [one] => kind_of(one),
            _ => None,
        },
        None => kind_of(&normalise(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlatformKind::*;

    #[test]
    fn parse_platform_kind_reads_form_cells() {
        let cases = [
            ("互联网", Some(Internet)),
            ("主要基于互联网", Some(Internet)),
            ("主要基于互联网服务", Some(Internet)),
            ("线上", Some(Internet)),
            ("网络平台", Some(Internet)),
            ("线下", Some(Offline)),
            ("线下服务平台", Some(Offline)),
            ("实体", Some(Offline)),
            ("综合", Some(Offline)),
            ("综合服务平台", Some(Offline)),
            ("线上线下结合", Some(Offline)),
            ("☑线下 ☐主要基于互联网", Some(Offline)),
            ("□线下 ■主要基于互联网", Some(Internet)),
            ("□线下 □互联网", None),
            ("", None),
            ("其他", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_platform_kind(input), want, "input {input:?}");
        }
    }
}
