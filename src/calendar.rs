//! The PRC official working-day calendar, for the public notice of Art. 20 (公示5个工作日).
//!
//! Input: the holidays and make-up working days (调休上班日) of 2021–2026, built in exactly as
//! the State Council General Office published them (国务院办公厅关于XXXX年部分节假日安排的通知),
//! plus the `[calendar]` table of the rules file (`holidays = […]`, `workdays = […]`), which
//! adds later years or corrects a day. Output: whether a day is a working day, and the last
//! day of a notice of N working days.
//!
//! A day is a working day when it is a make-up working day, or a Monday to Friday that is not
//! a holiday. A year is *covered* when it is built in or the rules file lists any day of it;
//! outside the covered years only the weekend rule is known, and every period that touches
//! such a year carries a warning naming it (never a silent guess).
//!
//! Counting (the usual reading of 公示N个工作日): the start day is day 1 when it is a working
//! day; otherwise the first working day after it is day 1. The last day is the Nth working
//! day. So a notice published on Wednesday 2023-03-01 runs to Tuesday 2023-03-07.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A date in the built-in table; an invalid one stops the build (const evaluation).
const fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date in the built-in calendar"),
    }
}

/// One festival of a notice: days off `first..=last` (共`days`天, as the notice says) and the
/// weekend days worked in exchange (调休上班).
pub struct Festival {
    pub name: &'static str,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub days: i64,
    pub workdays: &'static [NaiveDate],
}

/// One year's notice of the State Council General Office.
pub struct YearNotice {
    pub year: i32,
    /// Date the notice was issued, and where it was published.
    pub issued: NaiveDate,
    pub source: &'static str,
    pub festivals: &'static [Festival],
}

const fn f(
    name: &'static str,
    first: NaiveDate,
    last: NaiveDate,
    days: i64,
    workdays: &'static [NaiveDate],
) -> Festival {
    Festival {
        name,
        first,
        last,
        days,
        workdays,
    }
}

/// The built-in notices, checked against the notices' text (gov.cn, Xinhua) and the
/// `holiday-cn` dataset. From 2025 the amended 全国年节及纪念日放假办法 adds a day to the Spring
/// Festival (除夕) and to Labour Day (5月2日).
pub const OFFICIAL: &[YearNotice] = &[
    YearNotice {
        year: 2021,
        issued: d(2020, 11, 25),
        source: "http://www.gov.cn/zhengce/zhengceku/2020-11/25/content_5564127.htm",
        festivals: &[
            f("元旦", d(2021, 1, 1), d(2021, 1, 3), 3, &[]),
            f(
                "春节",
                d(2021, 2, 11),
                d(2021, 2, 17),
                7,
                &[d(2021, 2, 7), d(2021, 2, 20)],
            ),
            f("清明节", d(2021, 4, 3), d(2021, 4, 5), 3, &[]),
            f(
                "劳动节",
                d(2021, 5, 1),
                d(2021, 5, 5),
                5,
                &[d(2021, 4, 25), d(2021, 5, 8)],
            ),
            f("端午节", d(2021, 6, 12), d(2021, 6, 14), 3, &[]),
            f(
                "中秋节",
                d(2021, 9, 19),
                d(2021, 9, 21),
                3,
                &[d(2021, 9, 18)],
            ),
            f(
                "国庆节",
                d(2021, 10, 1),
                d(2021, 10, 7),
                7,
                &[d(2021, 9, 26), d(2021, 10, 9)],
            ),
        ],
    },
    YearNotice {
        year: 2022,
        issued: d(2021, 10, 25),
        source: "http://www.gov.cn/zhengce/zhengceku/2021-10/25/content_5644835.htm",
        festivals: &[
            f("元旦", d(2022, 1, 1), d(2022, 1, 3), 3, &[]),
            f(
                "春节",
                d(2022, 1, 31),
                d(2022, 2, 6),
                7,
                &[d(2022, 1, 29), d(2022, 1, 30)],
            ),
            f("清明节", d(2022, 4, 3), d(2022, 4, 5), 3, &[d(2022, 4, 2)]),
            f(
                "劳动节",
                d(2022, 4, 30),
                d(2022, 5, 4),
                5,
                &[d(2022, 4, 24), d(2022, 5, 7)],
            ),
            f("端午节", d(2022, 6, 3), d(2022, 6, 5), 3, &[]),
            f("中秋节", d(2022, 9, 10), d(2022, 9, 12), 3, &[]),
            f(
                "国庆节",
                d(2022, 10, 1),
                d(2022, 10, 7),
                7,
                &[d(2022, 10, 8), d(2022, 10, 9)],
            ),
        ],
    },
    YearNotice {
        year: 2023,
        issued: d(2022, 12, 8),
        source: "http://www.gov.cn/zhengce/zhengceku/2022-12/08/content_5730844.htm",
        festivals: &[
            f("元旦", d(2022, 12, 31), d(2023, 1, 2), 3, &[]),
            f(
                "春节",
                d(2023, 1, 21),
                d(2023, 1, 27),
                7,
                &[d(2023, 1, 28), d(2023, 1, 29)],
            ),
            f("清明节", d(2023, 4, 5), d(2023, 4, 5), 1, &[]),
            f(
                "劳动节",
                d(2023, 4, 29),
                d(2023, 5, 3),
                5,
                &[d(2023, 4, 23), d(2023, 5, 6)],
            ),
            f(
                "端午节",
                d(2023, 6, 22),
                d(2023, 6, 24),
                3,
                &[d(2023, 6, 25)],
            ),
            f(
                "中秋节、国庆节",
                d(2023, 9, 29),
                d(2023, 10, 6),
                8,
                &[d(2023, 10, 7), d(2023, 10, 8)],
            ),
        ],
    },
    YearNotice {
        year: 2024,
        issued: d(2023, 10, 25),
        source: "https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm",
        festivals: &[
            f("元旦", d(2024, 1, 1), d(2024, 1, 1), 1, &[]),
            f(
                "春节",
                d(2024, 2, 10),
                d(2024, 2, 17),
                8,
                &[d(2024, 2, 4), d(2024, 2, 18)],
            ),
            f("清明节", d(2024, 4, 4), d(2024, 4, 6), 3, &[d(2024, 4, 7)]),
            f(
                "劳动节",
                d(2024, 5, 1),
                d(2024, 5, 5),
                5,
                &[d(2024, 4, 28), d(2024, 5, 11)],
            ),
            f("端午节", d(2024, 6, 10), d(2024, 6, 10), 1, &[]),
            f(
                "中秋节",
                d(2024, 9, 15),
                d(2024, 9, 17),
                3,
                &[d(2024, 9, 14)],
            ),
            f(
                "国庆节",
                d(2024, 10, 1),
                d(2024, 10, 7),
                7,
                &[d(2024, 9, 29), d(2024, 10, 12)],
            ),
        ],
    },
    YearNotice {
        year: 2025,
        issued: d(2024, 11, 12),
        source: "https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm",
        festivals: &[
            f("元旦", d(2025, 1, 1), d(2025, 1, 1), 1, &[]),
            f(
                "春节",
                d(2025, 1, 28),
                d(2025, 2, 4),
                8,
                &[d(2025, 1, 26), d(2025, 2, 8)],
            ),
            f("清明节", d(2025, 4, 4), d(2025, 4, 6), 3, &[]),
            f("劳动节", d(2025, 5, 1), d(2025, 5, 5), 5, &[d(2025, 4, 27)]),
            f("端午节", d(2025, 5, 31), d(2025, 6, 2), 3, &[]),
            f(
                "国庆节、中秋节",
                d(2025, 10, 1),
                d(2025, 10, 8),
                8,
                &[d(2025, 9, 28), d(2025, 10, 11)],
            ),
        ],
    },
    YearNotice {
        year: 2026,
        issued: d(2025, 11, 4),
        source: "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
        festivals: &[
            f("元旦", d(2026, 1, 1), d(2026, 1, 3), 3, &[d(2026, 1, 4)]),
            f(
                "春节",
                d(2026, 2, 15),
                d(2026, 2, 23),
                9,
                &[d(2026, 2, 14), d(2026, 2, 28)],
            ),
            f("清明节", d(2026, 4, 4), d(2026, 4, 6), 3, &[]),
            f("劳动节", d(2026, 5, 1), d(2026, 5, 5), 5, &[d(2026, 5, 9)]),
            f("端午节", d(2026, 6, 19), d(2026, 6, 21), 3, &[]),
            f("中秋节", d(2026, 9, 25), d(2026, 9, 27), 3, &[]),
            f(
                "国庆节",
                d(2026, 10, 1),
                d(2026, 10, 7),
                7,
                &[d(2026, 9, 20), d(2026, 10, 10)],
            ),
        ],
    },
];

/// Art. 20: 公示5个工作日.
fn default_notice_working_days() -> u32 {
    5
}

/// The most working days a notice may run (a bound on the rules file's value).
pub const MAX_NOTICE_WORKING_DAYS: u32 = 60;

/// The `[calendar]` table of the rules file: the notice's length and days that extend or
/// correct the built-in calendar. A day the table lists wins over the built-in one.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CalendarRules {
    /// Art. 20: working days a notice runs.
    #[serde(default = "default_notice_working_days")]
    pub notice_working_days: u32,
    /// Days off (放假), weekends inside a holiday included or not.
    #[serde(default)]
    pub holidays: Vec<CalendarDate>,
    /// Weekend days worked (调休上班).
    #[serde(default)]
    pub workdays: Vec<CalendarDate>,
}

impl Default for CalendarRules {
    fn default() -> Self {
        CalendarRules {
            notice_working_days: default_notice_working_days(),
            holidays: Vec::new(),
            workdays: Vec::new(),
        }
    }
}

/// A date of the `[calendar]` table: `"2027-01-01"` (or a bare TOML date `2027-01-01`). A
/// malformed one is a rules error at its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate(pub NaiveDate);

impl Serialize for CalendarDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.format("%Y-%m-%d").to_string())
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match toml::Value::deserialize(d)? {
            toml::Value::String(s) => s,
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "[calendar] `{other}` 不是日期，应写成 \"2027-01-01\"（not a date: write \"2027-01-01\"）"
                )));
            }
        };
        parse_iso_date(&text).map(CalendarDate).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "[calendar] 日期 `{text}` 无效，应写成 \"2027-01-01\"（invalid date: write \"2027-01-01\"）"
            ))
        })
    }
}

/// `YYYY-MM-DD` exactly (a rules file is written by hand: no guessing).
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.trim().as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(text[..at].matches('\n').count() + 1)
}

impl CalendarRules {
    /// Checks the table once parsed; `text` is the rules file, to name a bad day's line.
    /// A day listed both as holiday and workday, a workday on a weekday (make-up working days
    /// are Saturdays and Sundays) and a notice length of 0 or over the bound are errors.
    pub fn validate(&self, text: &str) -> Result<(), String> {
        let at = |day: NaiveDate| {
            line_of(text, &day.format("%Y-%m-%d").to_string())
                .map(|l| format!("（第 {l} 行 / line {l}）"))
                .unwrap_or_default()
        };
        if self.notice_working_days == 0 || self.notice_working_days > MAX_NOTICE_WORKING_DAYS {
            return Err(format!(
                "[calendar] notice_working_days = {} 应在 1 到 {MAX_NOTICE_WORKING_DAYS} 之间（between 1 and {MAX_NOTICE_WORKING_DAYS}）",
                self.notice_working_days
            ));
        }
        let holidays: BTreeSet<NaiveDate> = self.holidays.iter().map(|d| d.0).collect();
        for CalendarDate(day) in &self.workdays {
            if holidays.contains(day) {
                return Err(format!(
                    "[calendar] {day} 同时列在 holidays 和 workdays 中{}（listed as both a holiday and a workday）",
                    at(*day)
                ));
            }
            if !is_weekend(*day) {
                return Err(format!(
                    "[calendar] workdays: {day} 不是周六或周日，调休上班日只能是周末{}（a make-up working day is a Saturday or Sunday）",
                    at(*day)
                ));
            }
        }
        Ok(())
    }
}

/// The working-day calendar: built-in notices merged with a rules file's `[calendar]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
    years: BTreeSet<i32>,
    built_in: BTreeSet<i32>,
}

/// A notice period: published on `start`, counted from `first_day` (the first working day
/// from `start` on), ending on `last_day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticePeriod {
    pub start: NaiveDate,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub working_days: u32,
    /// Years the period touches that no notice covers: only the weekend rule was used there.
    pub uncovered_years: Vec<i32>,
}

impl Calendar {
    /// The built-in notices only.
    pub fn official() -> Calendar {
        Calendar::with_rules(&CalendarRules::default())
    }

    /// The built-in notices with the rules file's days; a day the rules file lists wins.
    pub fn with_rules(rules: &CalendarRules) -> Calendar {
        let mut holidays = BTreeSet::new();
        let mut workdays = BTreeSet::new();
        let mut built_in = BTreeSet::new();
        for notice in OFFICIAL {
            built_in.insert(notice.year);
            for festival in notice.festivals {
                holidays.extend(
                    festival
                        .first
                        .iter_days()
                        .take_while(|d| *d <= festival.last),
                );
                workdays.extend(festival.workdays.iter().copied());
            }
        }
        let mut years = built_in.clone();
        for CalendarDate(day) in &rules.holidays {
            workdays.remove(day);
            holidays.insert(*day);
            years.insert(day.year());
        }
        for CalendarDate(day) in &rules.workdays {
            holidays.remove(day);
            workdays.insert(*day);
            years.insert(day.year());
        }
        Calendar {
            holidays,
            workdays,
            years,
            built_in,
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.workdays.contains(&day) || (!is_weekend(day) && !self.holidays.contains(&day))
    }

    /// Whether a notice (built in or from the rules file) covers `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The built-in years (`2021–2026`), for messages.
    pub fn built_in_span(&self) -> String {
        match (self.built_in.first(), self.built_in.last()) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => String::new(),
        }
    }

    /// The notice period of `working_days` working days published on `start` (see the module
    /// doc for the counting). `None` when no such period ends within a year of `start` (a rules
    /// file that declares a whole year off).
    pub fn notice_period(&self, start: NaiveDate, working_days: u32) -> Option<NoticePeriod> {
        let mut first_day = None;
        let mut counted = 0;
        let mut uncovered = BTreeSet::new();
        // Bounded: at most 366 + 7 × working days calendar days are walked.
        let limit = 366 + 7 * usize::try_from(working_days).ok()?;
        for day in start.iter_days().take(limit) {
            if !self.covers(day.year()) {
                uncovered.insert(day.year());
            }
            if !self.is_working_day(day) {
                continue;
            }
            first_day.get_or_insert(day);
            counted += 1;
            if counted == working_days {
                return Some(NoticePeriod {
                    start,
                    first_day: first_day?,
                    last_day: day,
                    working_days,
                    uncovered_years: uncovered.into_iter().collect(),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_iso_date(s).unwrap()
    }

    fn last_day(start: &str) -> NaiveDate {
        Calendar::official()
            .notice_period(day(start), 5)
            .unwrap()
            .last_day
    }

    #[test]
    fn built_in_notices_match_their_stated_day_counts_and_make_up_days_are_weekends() {
        let mut years = Vec::new();
        let mut previous_last: Option<NaiveDate> = None;
        for notice in OFFICIAL {
            years.push(notice.year);
            assert!(notice.issued.year() < notice.year, "{}", notice.year);
            for f in notice.festivals {
                // 共N天 as the notice says.
                assert_eq!(
                    (f.last - f.first).num_days() + 1,
                    f.days,
                    "{} {}",
                    notice.year,
                    f.name
                );
                // In order and not overlapping.
                assert!(previous_last.is_none_or(|p| p < f.first), "{}", f.name);
                previous_last = Some(f.last);
                for w in f.workdays {
                    assert!(is_weekend(*w), "{} {} {w}", notice.year, f.name);
                    assert!(*w < f.first || *w > f.last, "{w}");
                }
            }
        }
        assert_eq!(years, vec![2021, 2022, 2023, 2024, 2025, 2026]);
        let cal = Calendar::official();
        // 2025 amendment: the Spring Festival from 除夕 (1月28日) and Labour Day 5 days with
        // one make-up Sunday.
        assert!(!cal.is_working_day(day("2025-01-28")));
        assert!(cal.is_working_day(day("2025-04-27")));
        assert!(cal.is_working_day(day("2025-01-27")));
        // 2024: 除夕 (2月9日) was a working day (rest only encouraged).
        assert!(cal.is_working_day(day("2024-02-09")));
        // 2023's New Year holiday began on 2022-12-31 (a Saturday anyway).
        assert!(!cal.is_working_day(day("2022-12-31")));
    }

    #[test]
    fn spring_festival_2024_counts_the_make_up_sunday() {
        // 2024-02-07 Wed = day 1, 02-08 Thu = 2, 02-09 Fri (除夕, worked) = 3, 02-10..17 off,
        // 02-18 Sun (调休上班) = 4, 02-19 Mon = 5.
        let p = Calendar::official()
            .notice_period(day("2024-02-07"), 5)
            .unwrap();
        assert_eq!(p.first_day, day("2024-02-07"));
        assert_eq!(p.last_day, day("2024-02-19"));
        assert!(p.uncovered_years.is_empty());
        // A day later: 02-08, 02-09, 02-18, 02-19, 02-20.
        assert_eq!(last_day("2024-02-08"), day("2024-02-20"));
        // Starting on the make-up Sunday before the holiday: 02-04 Sun, 05, 06, 07, 08.
        assert_eq!(last_day("2024-02-04"), day("2024-02-08"));
        // The weekend rule alone would have said 2024-02-13.
        assert_ne!(last_day("2024-02-07"), day("2024-02-13"));
    }

    #[test]
    fn national_day_2023_counts_the_make_up_saturday_and_sunday() {
        // 09-28 Thu = 1, 09-29..10-06 off, 10-07 Sat = 2, 10-08 Sun = 3, 10-09 = 4, 10-10 = 5.
        assert_eq!(last_day("2023-09-28"), day("2023-10-10"));
        // 2021 Mid-Autumn: 09-17 Fri = 1, 09-18 Sat (worked) = 2, 09-19..21 off, 09-22 = 3,
        // 09-23 = 4, 09-24 = 5.
        assert_eq!(last_day("2021-09-17"), day("2021-09-24"));
    }

    #[test]
    fn plain_weeks_count_monday_to_friday() {
        assert_eq!(last_day("2023-06-05"), day("2023-06-09"));
        // Wednesday start: Wed, Thu, Fri, Mon, Tue.
        assert_eq!(last_day("2023-03-01"), day("2023-03-07"));
        // Saturday start: day 1 is Monday.
        assert_eq!(last_day("2023-03-04"), day("2023-03-10"));
    }

    #[test]
    fn a_start_on_a_holiday_counts_from_the_first_working_day() {
        // 2024-10-01 (National Day): first working day 10-08 Tue; 10-12 Sat was worked.
        let p = Calendar::official()
            .notice_period(day("2024-10-01"), 5)
            .unwrap();
        assert_eq!(p.first_day, day("2024-10-08"));
        assert_eq!(p.last_day, day("2024-10-12"));
        // 2023-06-24 Sat (端午节 off), 06-25 Sun worked = day 1 … 06-29 Thu = day 5.
        assert_eq!(last_day("2023-06-24"), day("2023-06-29"));
    }

    #[test]
    fn a_year_outside_the_calendar_is_named_and_the_weekend_rule_used() {
        let p = Calendar::official()
            .notice_period(day("2028-03-01"), 5)
            .unwrap();
        assert_eq!(p.last_day, day("2028-03-07"));
        assert_eq!(p.uncovered_years, vec![2028]);
        // A period that runs from 2026 into 2027 names 2027 only.
        let p = Calendar::official()
            .notice_period(day("2026-12-28"), 5)
            .unwrap();
        assert_eq!(p.last_day, day("2027-01-01"));
        assert_eq!(p.uncovered_years, vec![2027]);
        let p = Calendar::official()
            .notice_period(day("2020-12-28"), 5)
            .unwrap();
        assert_eq!(p.uncovered_years, vec![2020]);
    }

    #[test]
    fn rules_file_days_extend_and_correct_the_calendar() {
        let rules = CalendarRules {
            holidays: vec![CalendarDate(day("2027-01-01"))],
            workdays: vec![CalendarDate(day("2026-10-11"))],
            ..CalendarRules::default()
        };
        let cal = Calendar::with_rules(&rules);
        let p = cal.notice_period(day("2026-12-28"), 5).unwrap();
        // 12-28..31 = 4 days, 2027-01-01 off, 01-04 Mon = 5.
        assert_eq!(p.last_day, day("2027-01-04"));
        assert!(p.uncovered_years.is_empty());
        assert!(cal.is_working_day(day("2026-10-11")));
        // A rules-file holiday replaces a built-in make-up day.
        let rules = CalendarRules {
            holidays: vec![CalendarDate(day("2024-02-18"))],
            ..CalendarRules::default()
        };
        assert!(!Calendar::with_rules(&rules).is_working_day(day("2024-02-18")));
        assert!(Calendar::official().is_working_day(day("2024-02-18")));
    }

    #[test]
    fn a_calendar_with_no_working_day_gives_no_period() {
        let start = day("2030-01-01");
        let rules = CalendarRules {
            holidays: start
                .iter_days()
                .take(400)
                .map(CalendarDate)
                .collect::<Vec<_>>(),
            ..CalendarRules::default()
        };
        assert_eq!(Calendar::with_rules(&rules).notice_period(start, 5), None);
    }

    #[test]
    fn validation_names_conflicts_weekday_workdays_and_bad_lengths() {
        let text = "[calendar]\nholidays = [\"2027-01-01\"]\nworkdays = [\"2027-01-01\", \"2027-01-06\"]\n";
        let both = CalendarRules {
            holidays: vec![CalendarDate(day("2027-01-01"))],
            workdays: vec![CalendarDate(day("2027-01-01"))],
            ..CalendarRules::default()
        };
        let err = both.validate(text).unwrap_err();
        assert!(
            err.contains("2027-01-01") && err.contains("line 2"),
            "{err}"
        );
        let weekday = CalendarRules {
            workdays: vec![CalendarDate(day("2027-01-06"))],
            ..CalendarRules::default()
        };
        let err = weekday.validate(text).unwrap_err();
        assert!(
            err.contains("2027-01-06") && err.contains("line 3"),
            "{err}"
        );
        let zero = CalendarRules {
            notice_working_days: 0,
            ..CalendarRules::default()
        };
        assert!(
            zero.validate("")
                .unwrap_err()
                .contains("notice_working_days")
        );
        assert!(CalendarRules::default().validate("").is_ok());
    }

    #[test]
    fn iso_dates_only() {
        assert_eq!(parse_iso_date("2027-01-01"), Some(day("2027-01-01")));
        for bad in [
            "2027-02-30",
            "2027-1-1",
            "2027/01/01",
            "20270101",
            "2027-13-01",
            "",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }
}
