//! The history file (SPEC §4): past recognitions and revocations, for Art. 23 (a current
//! title) and Art. 24 (a ban after revocation).
//!
//! Input: a CSV file, UTF-8 (with or without BOM) or GBK (tried when the bytes are not UTF-8),
//! with a header row `credit_code,name,round,status,date,reason` in any order, or the Chinese
//! headers 统一社会信用代码, 单位名称, 认定年度, 状态, 日期, 原因. `status` is `recognised` /
//! 认定 or `revoked` / 撤销. Output: `History`, one `HistoryEvent` per data row. Errors name the
//! file and the line.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::values;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventStatus {
    Recognised,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEvent {
    /// Normalised (no white space, upper case); empty when the row gives none.
    pub credit_code: String,
    pub name: String,
    /// The round (认定年度) that awarded the title; on a revoked row, the round of the title
    /// revoked.
    pub round: Option<i32>,
    pub status: EventStatus,
    pub date: Option<NaiveDate>,
    pub reason: String,
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// The file the events came from (for messages).
    pub source: String,
    /// SHA-256 (hex) of the file's bytes (for the run manifest).
    pub sha256: String,
    pub events: Vec<HistoryEvent>,
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("无法读取历史文件：{}", crate::os_error::explain(.source, std::path::Path::new(.path)))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("历史文件 {path} 第 {line} 行: {message}")]
    Invalid {
        path: String,
        line: u64,
        message: String,
    },
}

fn norm_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// The enterprise-name key used to match history rows without a credit code.
pub fn name_key(s: &str) -> String {
    values::enterprise_key(s)
}

impl History {
    pub fn load(path: &Path) -> Result<History, HistoryError> {
        let bytes = std::fs::read(path).map_err(|source| HistoryError::Io {
            path: path.display().to_string(),
            source,
        })?;
        History::parse(&bytes, &path.display().to_string())
    }

    /// Parses the file's bytes; `origin` names the file in errors.
    pub fn parse(bytes: &[u8], origin: &str) -> Result<History, HistoryError> {
        let raw = bytes;
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_string(),
            Err(_) => {
                let (t, _, had_errors) = encoding_rs::GBK.decode(bytes);
                if had_errors {
                    return Err(HistoryError::Invalid {
                        path: origin.to_string(),
                        line: 1,
                        message: "既不是 UTF-8 也不是 GBK 编码（neither UTF-8 nor GBK）"
                            .to_string(),
                    });
                }
                t.into_owned()
            }
        };
        let invalid = |line: u64, message: String| HistoryError::Invalid {
            path: origin.to_string(),
            line,
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| invalid(1, e.to_string()))?
            .clone();
        let find = |names: &[&str]| -> Option<usize> {
            headers.iter().position(|h| {
                let h = norm_key(h.trim_start_matches('\u{feff}'));
                names.iter().any(|n| h == norm_key(n))
            })
        };
        let col_code = find(&["credit_code", "统一社会信用代码", "信用代码"]);
        let col_name = find(&["name", "单位名称", "运营单位", "名称"]);
        let col_round = find(&["round", "认定年度", "年度", "批次"]);
        let col_status = find(&["status", "状态"]);
        let col_date = find(&["date", "日期"]);
        let col_reason = find(&["reason", "原因", "撤销原因"]);
        let Some(col_status) = col_status else {
            return Err(invalid(
                1,
                "缺少 status/状态 列（missing the status column）".to_string(),
            ));
        };
        if col_code.is_none() && col_name.is_none() {
            return Err(invalid(
                1,
                "缺少 credit_code/统一社会信用代码 或 name/单位名称 列".to_string(),
            ));
        }
        let mut events = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = i as u64 + 2;
            let record = record.map_err(|e| invalid(line, e.to_string()))?;
            let cell = |c: Option<usize>| {
                c.and_then(|c| record.get(c))
                    .map(str::trim)
                    .unwrap_or("")
                    .to_string()
            };
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let status_text = cell(Some(col_status));
            let status = match norm_key(&status_text).as_str() {
                "RECOGNISED" | "RECOGNIZED" | "认定" | "已认定" => EventStatus::Recognised,
                "REVOKED" | "撤销" | "已撤销" => EventStatus::Revoked,
                _ => {
                    return Err(invalid(
                        line,
                        format!("状态“{status_text}”应为 recognised/认定 或 revoked/撤销"),
                    ));
                }
            };
            let round_text = cell(col_round);
            let round = if round_text.is_empty() {
                None
            } else {
                let digits: String = round_text.chars().filter(|c| c.is_ascii_digit()).collect();
                match digits.parse::<i32>() {
                    Ok(y) if digits.len() == 4 => Some(y),
                    _ => {
                        return Err(invalid(
                            line,
                            format!("认定年度“{round_text}”不是年份（round is not a year）"),
                        ));
                    }
                }
            };
            let date_text = cell(col_date);
            let date = if date_text.is_empty() {
                None
            } else {
                match values::parse_date(&date_text) {
                    Some(d) => Some(d),
                    None => {
                        return Err(invalid(
                            line,
                            format!("日期“{date_text}”无法识别（bad date）"),
                        ));
                    }
                }
            };
            let credit_code = norm_key(&cell(col_code));
            let name = cell(col_name);
            if credit_code.is_empty() && name.is_empty() {
                return Err(invalid(
                    line,
                    "缺少统一社会信用代码和单位名称（no credit code or name）".to_string(),
                ));
            }
            events.push(HistoryEvent {
                credit_code,
                name,
                round,
                status,
                date,
                reason: cell(col_reason),
                line,
            });
        }
        Ok(History {
            source: origin.to_string(),
            sha256: crate::hash::sha256_hex(raw),
            events,
        })
    }

    /// The events of one unit: same credit code, or, when either side has none, same name.
    pub fn events_for(&self, credit_code: Option<&str>, name: Option<&str>) -> Vec<&HistoryEvent> {
        let code = credit_code.map(norm_key).filter(|c| !c.is_empty());
        let name = name.map(name_key).filter(|n| !n.is_empty());
        self.events
            .iter()
            .filter(|e| match (&code, e.credit_code.is_empty()) {
                (Some(c), false) => *c == e.credit_code,
                _ => name
                    .as_ref()
                    .is_some_and(|n| !e.name.is_empty() && *n == name_key(&e.name)),
            })
            .collect()
    }
}

/// A unit's latest recognition in the history (Art. 23), and its revocation if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The round (认定年度) that awarded it; the recognition row's date year when it gives none.
    pub round: i32,
    /// The history line of the recognition.
    pub line: u64,
    /// The revocation row of this title, when it was revoked afterwards.
    pub revoked: Option<HistoryEvent>,
}

impl History {
    /// The unit's latest recognition (`events_for` matching: credit code, else name), with the
    /// revocation that ended it, as `A23.current_title` reads the file: a revoked row names the
    /// round it revokes, or, without a round, revokes every title awarded up to its date's year.
    /// `None` when the unit was never recognised (or no recognition row gives a year).
    pub fn latest_title(&self, credit_code: Option<&str>, name: Option<&str>) -> Option<Title> {
        let events = self.events_for(credit_code, name);
        let (round, line) = events
            .iter()
            .filter(|e| e.status == EventStatus::Recognised)
            .filter_map(|e| Some((e.round.or(e.date.map(|d| d.year()))?, e.line)))
            .max()?;
        let revoked = events
            .iter()
            .filter(|e| e.status == EventStatus::Revoked)
            .find(|e| match e.round {
                Some(r) => r == round,
                None => e.date.is_some_and(|d| d.year() >= round),
            })
            .map(|e| (*e).clone());
        Some(Title {
            round,
            line,
            revoked,
        })
    }
}

/// One row of the history file as `history export` writes it (SPEC §4's columns).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExportRow {
    pub credit_code: String,
    pub name: String,
    pub round: i32,
    pub reason: String,
}

pub const HISTORY_EN: [&str; 6] = ["credit_code", "name", "round", "status", "date", "reason"];
pub const HISTORY_ZH: [&str; 6] = [
    "统一社会信用代码",
    "单位名称",
    "认定年度",
    "状态",
    "日期",
    "原因",
];

/// The history file's bytes for `rows` (status recognised/认定, date empty): UTF-8 with a BOM,
/// CRLF, cells escaped like the reports; `History::parse` reads it back.
pub fn export_csv(rows: &[ExportRow], lang: crate::model::Lang) -> Vec<u8> {
    use crate::model::Lang;
    let (header, status) = match lang {
        Lang::Zh => (HISTORY_ZH, "认定"),
        Lang::En => (HISTORY_EN, "recognised"),
    };
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(crate::report::csv_records(
        std::iter::once(header.map(str::to_string)).chain(rows.iter().map(|r| {
            [
                r.credit_code.clone(),
                r.name.clone(),
                r.round.to_string(),
                status.to_string(),
                String::new(),
                r.reason.clone(),
            ]
        })),
    ));
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "credit_code,name,round,status,date,reason\n\
        91370102MA3C4XXL18,甲公司,2021,recognised,2021-12-20,\n\
        91370102MA3C4XXL18,甲公司,2021,revoked,2022-08-01,虚假申报\n";

    #[test]
    fn english_headers_utf8() {
        let h = History::parse(EN.as_bytes(), "h.csv").unwrap();
        assert_eq!(h.events.len(), 2);
        assert_eq!(h.events[1].status, EventStatus::Revoked);
        assert_eq!(h.events[1].round, Some(2021));
        assert_eq!(h.events[1].date, NaiveDate::from_ymd_opt(2022, 8, 1));
        assert_eq!(h.events[1].line, 3);
    }

    #[test]
    fn chinese_headers_gbk_with_reordered_columns() {
        let text = "状态,单位名称,统一社会信用代码,认定年度,日期,原因\r\n认定,乙中心,,2020年,2020/12/1,\r\n撤销,乙中心,,2020,2021年3月5日,检查不合格\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let h = History::parse(&gbk, "h.csv").unwrap();
        assert_eq!(h.events.len(), 2);
        assert_eq!(h.events[0].name, "乙中心");
        assert_eq!(h.events[0].round, Some(2020));
        assert_eq!(h.events[1].reason, "检查不合格");
        assert_eq!(h.events_for(None, Some("乙 中心")).len(), 2);
    }

    #[test]
    fn bom_is_accepted() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(EN.as_bytes());
        assert_eq!(History::parse(&bytes, "h.csv").unwrap().events.len(), 2);
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "credit_code,name,round,status,date,reason\nX,甲,2021,pending,,\n";
        let err = History::parse(text.as_bytes(), "hist.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("hist.csv") && err.contains("第 2 行") && err.contains("pending"),
            "{err}"
        );
        let err = History::parse(b"a,b\n1,2\n", "hist.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("status"), "{err}");
    }

    #[test]
    fn latest_title_and_the_revocation_that_ended_it() {
        let text = "credit_code,name,round,status,date,reason\n\
            91370102MA3C4XXL18,甲,2018,recognised,,\n\
            91370102MA3C4XXL18,甲,2021,认定,,\n\
            91370102MA3C4XXL18,甲,,撤销,2022-05-01,检查不合格\n\
            ,乙,,认定,2022-12-01,\n\
            91370102MA3C4XXL1R,丙,2023,认定,,\n\
            91370102MA3C4XXL1R,丙,,撤销,2022-05-01,\n";
        let h = History::parse(text.as_bytes(), "h.csv").unwrap();
        let t = h.latest_title(Some("91370102MA3C4XXL18"), None).unwrap();
        assert_eq!(t.round, 2021);
        assert_eq!(
            t.revoked.map(|e| e.line),
            Some(4),
            "no round: up to its year"
        );
        let t = h.latest_title(None, Some("乙")).unwrap();
        assert_eq!((t.round, t.revoked), (2022, None), "the date's year");
        let t = h.latest_title(Some("91370102MA3C4XXL1R"), None).unwrap();
        assert_eq!(
            (t.round, t.revoked),
            (2023, None),
            "revoked before it was awarded"
        );
        assert_eq!(h.latest_title(Some("91370102MA3C4XXL2X"), Some("丁")), None);
    }

    #[test]
    fn export_reads_back() {
        let rows = [ExportRow {
            credit_code: "91370102MA3C4XXL18".into(),
            name: "=甲".into(),
            round: 2023,
            reason: "sme-audit".into(),
        }];
        for lang in [crate::model::Lang::Zh, crate::model::Lang::En] {
            let h = History::parse(&export_csv(&rows, lang), "h.csv").unwrap();
            assert_eq!(h.events.len(), 1);
            assert_eq!(h.events[0].status, EventStatus::Recognised);
            assert_eq!(h.events[0].round, Some(2023));
            assert_eq!(
                h.events[0].name, "'=甲",
                "escaped against formula injection"
            );
        }
    }

    #[test]
    fn events_match_by_code_before_name() {
        let h = History::parse(EN.as_bytes(), "h.csv").unwrap();
        assert_eq!(
            h.events_for(Some("91370102MA3C4XXL18"), Some("别名")).len(),
            2
        );
        assert_eq!(
            h.events_for(Some("91370102MA3C4XXL1R"), Some("甲公司"))
                .len(),
            0
        );
    }
}
