//! `sme-audit stats` end to end (SPEC §10, issue 12): the sample round evaluated twice with
//! different as-of dates (one run in Chinese, one in English), `stats` over both output
//! folders, and every count of `by_year_district_verdict.csv` and `by_year_criterion.csv`
//! checked against counts this file computes itself from the two runs' `report.csv` and
//! `criteria.csv`; quartiles on known numbers; the same-year rule; and `stats.html` in
//! headless Chromium (see tests/support/browser.rs) showing the numbers of the CSVs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

#[path = "support/reports.rs"]
mod reports;
use reports::read_csv;

use regex::Regex;

#[path = "support/browser.rs"]
mod browser;

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

type Record = BTreeMap<String, String>;

/// A cell by its Chinese or English column name (the test's own list, not the tool's).
fn get<'a>(r: &'a Record, zh: &str, en: &str) -> &'a str {
    r.get(zh)
        .or_else(|| r.get(en))
        .unwrap_or_else(|| panic!("no column {zh}/{en} in {r:?}"))
}

/// English verdict word of a report cell in either language.
fn verdict_en(word: &str) -> &'static str {
    match word {
        "符合" | "pass" => "pass",
        "不符合" | "fail" => "fail",
        "待核实" | "review" => "review",
        "不适用" | "n/a" => "na",
        "人工评审" | "manual" => "manual",
        other => panic!("verdict {other}"),
    }
}

struct Rounds {
    /// as-of 2023-06-30 (year 2022), Chinese reports.
    zh: PathBuf,
    /// as-of 2024-06-30 (year 2023), English reports.
    en: PathBuf,
    root: PathBuf,
}

/// The sample round evaluated twice, once per test binary.
fn rounds() -> &'static Rounds {
    static ROUNDS: OnceLock<Rounds> = OnceLock::new();
    ROUNDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stats-e2e");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
        let (zh, en) = (root.join("out-2022"), root.join("out-2023"));
        let go = |out: &Path, as_of: &str, lang: &str| {
            ok(run(&[
                "evaluate",
                samples.to_str().unwrap(),
                "--as-of",
                as_of,
                "--out",
                out.to_str().unwrap(),
                "--lang",
                lang,
                "--quiet",
                "--no-ocr",
            ]));
        };
        std::thread::scope(|s| {
            s.spawn(|| go(&zh, "2023-06-30", "zh"));
            s.spawn(|| go(&en, "2024-06-30", "en"));
        });
        Rounds { zh, en, root }
    })
}

/// `stats DIRS… --out OUT --lang LANG`; returns stderr.
fn stats(dirs: &[&PathBuf], out: &Path, lang: &str) -> String {
    let mut args = vec!["stats"];
    args.extend(dirs.iter().map(|d| d.to_str().unwrap()));
    args.extend(["--out", out.to_str().unwrap(), "--lang", lang]);
    String::from_utf8_lossy(&ok(run(&args)).stderr).to_string()
}

/// (year, district, verdict) → count, from a report.csv.
fn district_counts(report: &Path, year: &str, into: &mut BTreeMap<(String, String, String), u64>) {
    let rows = read_csv(report);
    assert!(!rows.is_empty());
    let districts: std::collections::BTreeSet<String> = rows
        .iter()
        .map(|r| get(r, "所属区县", "district").to_string())
        .collect();
    for d in &districts {
        assert!(
            !d.is_empty(),
            "the sample round's applicants all have a district"
        );
        for v in ["pass", "fail", "review"] {
            into.insert((year.into(), d.clone(), v.into()), 0);
        }
    }
    for r in &rows {
        let key = (
            year.to_string(),
            get(r, "所属区县", "district").to_string(),
            verdict_en(get(r, "评审结论", "verdict")).to_string(),
        );
        *into
            .get_mut(&key)
            .expect("overall verdict is pass/fail/review") += 1;
    }
}

/// (year, criterion) → [pass, fail, review, na, manual], from a criteria.csv.
fn criterion_counts(criteria: &Path, year: &str, into: &mut BTreeMap<(String, String), [u64; 5]>) {
    for r in read_csv(criteria) {
        let i = ["pass", "fail", "review", "na", "manual"]
            .iter()
            .position(|v| *v == verdict_en(get(&r, "结论", "verdict")))
            .unwrap();
        into.entry((year.to_string(), get(&r, "评审项", "criterion").to_string()))
            .or_default()[i] += 1;
    }
}

#[test]
fn two_rounds_counts_match_their_reports() {
    let r = rounds();
    let out = r.root.join("stats-en");
    let stderr = stats(&[&r.en, &r.zh], &out, "en");
    assert!(!stderr.contains("warning"), "no warning expected: {stderr}");

    let mut expected = BTreeMap::new();
    district_counts(&r.zh.join("report.csv"), "2022", &mut expected);
    district_counts(&r.en.join("report.csv"), "2023", &mut expected);
    let got: BTreeMap<(String, String, String), u64> =
        read_csv(&out.join("by_year_district_verdict.csv"))
            .iter()
            .map(|row| {
                (
                    (
                        row["year"].clone(),
                        row["district"].clone(),
                        row["verdict"].clone(),
                    ),
                    row["count"].parse().unwrap(),
                )
            })
            .collect();
    assert_eq!(got, expected);
    // Both years hold every sample applicant, and the verdicts differ between them.
    let total = |y: &str| {
        expected
            .iter()
            .filter(|(k, _)| k.0 == y)
            .map(|(_, n)| n)
            .sum::<u64>()
    };
    assert_eq!(total("2022"), total("2023"));
    assert!(total("2022") >= 10);

    let mut expected = BTreeMap::new();
    criterion_counts(&r.zh.join("criteria.csv"), "2022", &mut expected);
    criterion_counts(&r.en.join("criteria.csv"), "2023", &mut expected);
    let got: BTreeMap<(String, String), [u64; 5]> = read_csv(&out.join("by_year_criterion.csv"))
        .iter()
        .map(|row| {
            let n = |c: &str| row[c].parse::<u64>().unwrap();
            (
                (row["year"].clone(), row["criterion"].clone()),
                [n("pass"), n("fail"), n("review"), n("na"), n("manual")],
            )
        })
        .collect();
    assert_eq!(got, expected);

    // by_year_district agrees with by_year_district_verdict, with an all row per year.
    let dd = read_csv(&out.join("by_year_district.csv"));
    for y in ["2022", "2023"] {
        let all = dd
            .iter()
            .find(|row| row["year"] == y && row["district"] == "all")
            .unwrap();
        assert_eq!(all["applicants"].parse::<u64>().unwrap(), total(y));
    }

    // Re-applications: every sample applicant applied in both years, keyed by credit code.
    let across = read_csv(&out.join("applicants_across_rounds.csv"));
    assert_eq!(across.len() as u64, total("2022") + total("2023"));
    let runs = read_csv(&out.join("runs.csv"));
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|row| row["used"] == "yes"));
    assert_eq!(
        (runs[0]["year"].as_str(), runs[0]["as_of"].as_str()),
        ("2022", "2023-06-30")
    );

    // Chinese output: the same counts under Chinese headers.
    let out_zh = r.root.join("stats-zh");
    stats(&[&r.zh, &r.en], &out_zh, "zh");
    let zh = read_csv(&out_zh.join("by_year_district_verdict.csv"));
    let sum: u64 = zh
        .iter()
        .map(|row| row["数量"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(sum, total("2022") + total("2023"));
    assert!(
        zh.iter()
            .all(|row| ["符合", "不符合", "待核实"].contains(&row["评审结论"].as_str()))
    );
}

/// A hand-made output folder whose report.csv holds `total_assets` values.
fn figures_folder(dir: &Path, year: i32, values: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("run.json"),
        format!(
            "{{\"as_of\":\"{}-06-30\",\"evaluation_year\":{year},\"rules_name\":\"jinan-2021\",\"rules_sha256\":\"x\",\"round\":\"r\",\"lang\":\"en\"}}",
            year + 1
        ),
    )
    .unwrap();
    let mut report = String::from(
        "\u{feff}applicant,name,credit_code,district,org_type,verdict,total_assets\r\n",
    );
    for (i, v) in values.iter().enumerate() {
        report.push_str(&format!("a{i},n{i},,历下区,enterprise,pass,{v}\r\n"));
    }
    std::fs::write(dir.join("report.csv"), report).unwrap();
    std::fs::write(
        dir.join("criteria.csv"),
        "\u{feff}applicant,criterion,verdict\r\n",
    )
    .unwrap();
}

#[test]
fn figure_quartiles_on_known_numbers() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stats-figures");
    let _ = std::fs::remove_dir_all(&root);
    // Odd count (pandas: 20, 30, 40), an empty cell skipped; even count (1.75, 2.5, 3.25).
    figures_folder(&root.join("a"), 2021, &["1000", "10", "", "30", "20", "40"]);
    figures_folder(&root.join("b"), 2022, &["4", "1", "3", "2"]);
    let out = root.join("stats");
    stats(&[&root.join("a"), &root.join("b")], &out, "en");
    let rows = read_csv(&out.join("figures_by_year.csv"));
    let line = |r: &Record| {
        [
            "year", "figure", "count", "min", "q1", "median", "q3", "max",
        ]
        .map(|c| r[c].clone())
        .join(",")
    };
    let got: Vec<String> = rows.iter().map(line).collect();
    // Only total_assets: the other figure columns are absent from these report.csv files.
    assert_eq!(
        got,
        [
            "2021,total_assets,5,10,20,30,40,1000",
            "2022,total_assets,4,1,1.75,2.5,3.25,4",
        ]
    );
}

#[test]
fn same_year_twice_the_later_as_of_wins() {
    let r = rounds();
    // A rerun of 2022 a month later that holds only the first three applicants.
    let rerun = r.root.join("out-2022-rerun");
    let _ = std::fs::remove_dir_all(&rerun);
    std::fs::create_dir_all(&rerun).unwrap();
    for f in ["report.csv", "criteria.csv", "problems.csv", "summary.csv"] {
        std::fs::copy(r.zh.join(f), rerun.join(f)).unwrap();
    }
    let report = std::fs::read_to_string(r.zh.join("report.csv")).unwrap();
    let kept: Vec<&str> = report.split_inclusive("\r\n").take(4).collect();
    std::fs::write(rerun.join("report.csv"), kept.concat()).unwrap();
    let json = std::fs::read_to_string(r.zh.join("run.json")).unwrap();
    assert!(json.contains("\"as_of\": \"2023-06-30\""), "{json}");
    std::fs::write(
        rerun.join("run.json"),
        json.replace("\"as_of\": \"2023-06-30\"", "\"as_of\": \"2023-07-31\""),
    )
    .unwrap();

    let out = r.root.join("stats-rerun");
    let stderr = stats(&[&r.zh, &rerun, &r.en], &out, "en");
    assert!(
        stderr.contains("out-2022-rerun")
            && stderr.contains("2023-06-30")
            && stderr.contains("not used"),
        "{stderr}"
    );
    let runs = read_csv(&out.join("runs.csv"));
    let used: Vec<(&str, &str, &str)> = runs
        .iter()
        .map(|r| (r["year"].as_str(), r["as_of"].as_str(), r["used"].as_str()))
        .collect();
    assert_eq!(
        used,
        [
            ("2022", "2023-06-30", "no"),
            ("2022", "2023-07-31", "yes"),
            ("2023", "2024-06-30", "yes")
        ]
    );
    let all_2022 = read_csv(&out.join("by_year_district.csv"))
        .into_iter()
        .find(|row| row["year"] == "2022" && row["district"] == "all")
        .unwrap();
    assert_eq!(all_2022["applicants"], "3");
}

#[test]
fn a_folder_that_is_not_an_output_folder_is_an_error_naming_it() {
    let r = rounds();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
    let out = r.root.join("stats-bad");
    let output = run(&[
        "stats",
        r.zh.to_str().unwrap(),
        samples.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("run.json") && stderr.contains("round-2023"),
        "{stderr}"
    );
    assert!(!out.join("by_year_district.csv").exists());
}

fn attrs(tag: &str) -> BTreeMap<String, String> {
    let re = Regex::new(r#"(data-[a-z0-9-]+)="([^"]*)""#).unwrap();
    re.captures_iter(tag)
        .map(|c| (c[1].to_string(), c[2].replace("&amp;", "&")))
        .collect()
}

/// The start tags of `tag` elements with class `class` in the DOM.
fn tags(dom: &str, tag: &str, class: &str) -> Vec<BTreeMap<String, String>> {
    let re = Regex::new(&format!(r#"<{tag} class="{class}"[^>]*>"#)).unwrap();
    re.find_iter(dom).map(|m| attrs(m.as_str())).collect()
}

#[test]
fn stats_page_in_headless_chromium_shows_the_csv_numbers() {
    let r = rounds();
    let out = r.root.join("stats-page");
    stats(&[&r.zh, &r.en], &out, "zh");
    let profile = r.root.join("chromium-profile");
    let dom = browser::dump_dom(&out.join("stats.html"), "", &profile);
    assert!(dom.contains("<svg"), "charts drawn");

    // Pass-rate bars = by_year_district.csv, row for row.
    let bars = tags(&dom, "rect", "bar");
    let dd = read_csv(&out.join("by_year_district.csv"));
    assert_eq!(bars.len(), dd.len());
    for (bar, row) in bars.iter().zip(&dd) {
        assert_eq!(bar["data-year"], row["年度"]);
        assert_eq!(bar["data-district"], row["区县"]);
        assert_eq!(bar["data-pass-rate"], row["通过率"]);
        assert_eq!(bar["data-pass"], row["符合"]);
        assert_eq!(bar["data-applicants"], row["申报数"]);
    }

    // Stop bars: fail and review counts of by_year_criterion.csv, most stopped first.
    let stops = tags(&dom, "g", "stop");
    assert!(!stops.is_empty(), "the sample round has failing criteria");
    let crit = read_csv(&out.join("by_year_criterion.csv"));
    let mut last: Option<(String, u64)> = None;
    for s in &stops {
        let row = crit
            .iter()
            .find(|c| c["年度"] == s["data-year"] && c["评审项"] == s["data-criterion"])
            .unwrap();
        assert_eq!(s["data-fail"], row["不符合"]);
        assert_eq!(s["data-review"], row["待核实"]);
        let n = row["不符合"].parse::<u64>().unwrap() + row["待核实"].parse::<u64>().unwrap();
        assert!(n > 0);
        if let Some((y, prev)) = &last {
            assert!(
                *y != s["data-year"] || *prev >= n,
                "sorted by fail + review"
            );
        }
        last = Some((s["data-year"].clone(), n));
    }

    // Boxes = figures_by_year.csv.
    let boxes = tags(&dom, "g", "box");
    let figs = read_csv(&out.join("figures_by_year.csv"));
    assert_eq!(boxes.len(), figs.len());
    for b in &boxes {
        let row = figs
            .iter()
            .find(|f| f["年度"] == b["data-year"] && f["指标"] == b["data-figure"])
            .unwrap();
        for (attr, col) in [
            ("data-count", "数量"),
            ("data-min", "最小值"),
            ("data-q1", "下四分位数"),
            ("data-median", "中位数"),
            ("data-q3", "上四分位数"),
            ("data-max", "最大值"),
        ] {
            assert_eq!(b[attr], row[col], "{attr} of {b:?}");
        }
    }
    // The tables are on the page too.
    assert!(dom.contains("<table id=\"by_year_criterion\""));
    assert!(dom.contains("<title>"));
}
