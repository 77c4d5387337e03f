//! `stats` on hand-written output folders: mixed report languages, the same-year rule, the
//! rules warning, and damaged or foreign folders.

use std::path::{Path, PathBuf};

use super::*;
use crate::report::{CRITERIA_EN, CRITERIA_ZH, REPORT_EN, REPORT_ZH};

/// Writes a CSV (BOM, header, rows) whose columns are picked by en name from `all_en`, headed
/// in `lang`.
fn write_csv(
    path: &Path,
    all_en: &[&str],
    all_zh: &[&str],
    lang: Lang,
    rows: &[Vec<(&str, &str)>],
) {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let header: Vec<&str> = match lang {
        Lang::Zh => all_zh.to_vec(),
        Lang::En => all_en.to_vec(),
    };
    w.write_record(&header).unwrap();
    for row in rows {
        let cells: Vec<&str> = all_en
            .iter()
            .map(|c| {
                row.iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, v)| *v)
                    .unwrap_or("")
            })
            .collect();
        w.write_record(&cells).unwrap();
    }
    std::fs::write(path, w.into_inner().unwrap()).unwrap();
}

struct Folder {
    dir: PathBuf,
}

/// An output folder: run.json for `year` / `as_of` / `sha`, report.csv and criteria.csv.
fn folder(
    root: &Path,
    name: &str,
    (year, as_of, sha): (i32, &str, &str),
    lang: Lang,
    report: &[Vec<(&str, &str)>],
    criteria: &[Vec<(&str, &str)>],
) -> Folder {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let json = serde_json::json!({
        "version": "0.1.0", "as_of": as_of, "evaluation_year": year,
        "rules_name": "jinan-2021", "rules_sha256": sha, "round": format!("round-{year}"),
        "lang": if lang == Lang::Zh { "zh" } else { "en" }, "applicants": report.len(),
    });
    std::fs::write(dir.join("run.json"), json.to_string()).unwrap();
    write_csv(
        &dir.join("report.csv"),
        &REPORT_EN,
        &REPORT_ZH,
        lang,
        report,
    );
    write_csv(
        &dir.join("criteria.csv"),
        &CRITERIA_EN,
        &CRITERIA_ZH,
        lang,
        criteria,
    );
    Folder { dir }
}

fn rows_of(t: &Table) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .map(|r| r.iter().map(Cell::csv).collect())
        .collect()
}

fn table<'a>(tables: &'a [Table], file: &str) -> &'a Table {
    tables.iter().find(|t| t.file == file).unwrap()
}

fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// A zh run of 2022 and an en run of 2023 with one applicant in both (same credit code).
fn two_languages(root: &Path) -> (Folder, Folder) {
    let zh = folder(
        root,
        "out-2022",
        (2022, "2023-06-30", "aaa"),
        Lang::Zh,
        &[
            vec![
                ("applicant", "历城区-01"),
                ("name", "甲平台"),
                ("credit_code", "91370100MA3C000001"),
                ("district", "历城区"),
                ("org_type", "企业"),
                ("verdict", "符合"),
                ("total_assets", "1500000"),
                ("satisfaction", "0.8000"),
                ("functions_declared", "技术;培训"),
            ],
            vec![
                ("applicant", "历城区-02"),
                ("name", "乙平台"),
                ("credit_code", ""),
                ("district", "历城区"),
                ("org_type", "事业单位"),
                ("verdict", "不符合"),
                ("total_assets", "1499999.99"),
                ("satisfaction", ""),
                ("functions_declared", "技术"),
            ],
            vec![
                ("applicant", "高新区-01"),
                ("name", "丙平台"),
                ("credit_code", "91370100MA3C000003"),
                ("district", ""),
                ("org_type", ""),
                ("verdict", "待核实"),
                ("total_assets", "2000000"),
                ("satisfaction", "0.7999"),
            ],
        ],
        &[
            vec![
                ("applicant", "历城区-01"),
                ("criterion", "A14.1.total_assets"),
                ("verdict", "符合"),
            ],
            vec![
                ("applicant", "历城区-01"),
                ("criterion", "A16"),
                ("verdict", "人工评审"),
            ],
            vec![
                ("applicant", "历城区-02"),
                ("criterion", "A14.1.total_assets"),
                ("verdict", "不符合"),
            ],
            vec![
                ("applicant", "历城区-02"),
                ("criterion", "A16"),
                ("verdict", "人工评审"),
            ],
            vec![
                ("applicant", "高新区-01"),
                ("criterion", "A14.1.total_assets"),
                ("verdict", "待核实"),
            ],
            vec![
                ("applicant", "高新区-01"),
                ("criterion", "A23"),
                ("verdict", "不适用"),
            ],
        ],
    );
    let en = folder(
        root,
        "out-2023",
        (2023, "2024-06-30", "aaa"),
        Lang::En,
        &[vec![
            ("applicant", "历城区-07"),
            ("name", "甲平台"),
            ("credit_code", "91370100MA3C000001"),
            ("district", "历城区"),
            ("org_type", "enterprise"),
            ("verdict", "fail"),
            ("total_assets", "900000"),
            ("satisfaction", "0.9"),
            ("functions_declared", "tech"),
        ]],
        &[vec![
            ("applicant", "历城区-07"),
            ("criterion", "A14.1.total_assets"),
            ("verdict", "fail"),
        ]],
    );
    (zh, en)
}

fn read_all(dirs: &[&PathBuf], lang: Lang) -> (Vec<RunData>, Vec<bool>, Vec<String>) {
    let limits = Limits::default();
    let metas: Vec<RunMeta> = dirs
        .iter()
        .map(|d| input::read_meta(d, &limits).unwrap())
        .collect();
    let (used, warnings) = choose_runs(&metas);
    let runs = metas
        .into_iter()
        .map(|m| input::read_run(m, lang, &limits).unwrap())
        .collect();
    (runs, used, warnings)
}

#[test]
fn zh_and_en_runs_count_together_in_either_output_language() {
    let tmp = tempfile::tempdir().unwrap();
    let (zh, en) = two_languages(tmp.path());
    let (runs, used, warnings) = read_all(&[&zh.dir, &en.dir], Lang::En);
    assert_eq!(used, vec![true, true]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let en_tables = tables(&runs, &used, Lang::En);
    let tables = en_tables;
    assert_eq!(
        rows_of(table(&tables, "by_year_district_verdict.csv")),
        strs(&[
            &["2022", "(unknown)", "pass", "0"],
            &["2022", "(unknown)", "fail", "0"],
            &["2022", "(unknown)", "review", "1"],
            &["2022", "历城区", "pass", "1"],
            &["2022", "历城区", "fail", "1"],
            &["2022", "历城区", "review", "0"],
            &["2023", "历城区", "pass", "0"],
            &["2023", "历城区", "fail", "1"],
            &["2023", "历城区", "review", "0"],
        ])
    );
    assert_eq!(
        rows_of(table(&tables, "by_year_district.csv")),
        strs(&[
            &["2022", "(unknown)", "1", "0", "0", "1", "0.0000"],
            &["2022", "历城区", "2", "1", "1", "0", "0.5000"],
            &["2022", "all", "3", "1", "1", "1", "0.3333"],
            &["2023", "历城区", "1", "0", "1", "0", "0.0000"],
            &["2023", "all", "1", "0", "1", "0", "0.0000"],
        ])
    );
    assert_eq!(
        rows_of(table(&tables, "by_year_criterion.csv")),
        strs(&[
            &["2022", "A14.1.total_assets", "1", "1", "1", "0", "0"],
            &["2022", "A16", "0", "0", "0", "0", "2"],
            &["2022", "A23", "0", "0", "0", "1", "0"],
            &["2023", "A14.1.total_assets", "0", "1", "0", "0", "0"],
        ])
    );
    // Org types and functions re-labelled in English; one applicant counts in each function.
    let group = rows_of(table(&tables, "by_year_criterion_group.csv"));
    let pick = |g: &str, v: &str, c: &str, y: &str| {
        group
            .iter()
            .find(|r| r[0] == y && r[1] == g && r[2] == v && r[3] == c)
            .map(|r| r[4..].join(","))
    };
    assert_eq!(
        pick("org_type", "enterprise", "A14.1.total_assets", "2022").as_deref(),
        Some("1,0,0,0,0")
    );
    assert_eq!(
        pick("org_type", "enterprise", "A14.1.total_assets", "2023").as_deref(),
        Some("0,1,0,0,0")
    );
    assert_eq!(
        pick(
            "org_type",
            "public institution",
            "A14.1.total_assets",
            "2022"
        )
        .as_deref(),
        Some("0,1,0,0,0")
    );
    assert_eq!(
        pick("org_type", "(unknown)", "A23", "2022").as_deref(),
        Some("0,0,0,1,0")
    );
    assert_eq!(
        pick("function", "tech", "A14.1.total_assets", "2022").as_deref(),
        Some("1,1,0,0,0")
    );
    assert_eq!(
        pick("function", "training", "A14.1.total_assets", "2022").as_deref(),
        Some("1,0,0,0,0")
    );
    assert_eq!(
        pick("function", "tech", "A14.1.total_assets", "2023").as_deref(),
        Some("0,1,0,0,0")
    );
    assert_eq!(
        pick("district", "历城区", "A16", "2022").as_deref(),
        Some("0,0,0,0,2")
    );
    // An applicant without declared functions is in no function group.
    assert_eq!(pick("function", "(unknown)", "A23", "2022"), None);

    let figs = rows_of(table(&tables, "figures_by_year.csv"));
    assert!(figs.contains(
        &strs(&[&[
            "2022",
            "total_assets",
            "3",
            "1499999.99",
            "1499999.995",
            "1500000",
            "1750000",
            "2000000"
        ]])[0]
    ));
    assert!(figs.contains(
        &strs(&[&[
            "2022",
            "satisfaction",
            "2",
            "0.7999",
            "0.799925",
            "0.79995",
            "0.799975",
            "0.8"
        ]])[0]
    ));
    assert!(figs.contains(
        &strs(&[&[
            "2023",
            "total_assets",
            "1",
            "900000",
            "900000",
            "900000",
            "900000",
            "900000"
        ]])[0]
    ));
    // A column absent from both runs' report.csv would have no row; empty columns give count 0.
    assert!(figs.contains(&strs(&[&["2022", "partners", "0", "", "", "", "", ""]])[0]));

    assert_eq!(
        rows_of(table(&tables, "applicants_across_rounds.csv")),
        strs(&[
            &["91370100MA3C000001", "甲平台", "2022", "pass", "历城区-01"],
            &["91370100MA3C000001", "甲平台", "2023", "fail", "历城区-07"],
            &[
                "91370100MA3C000003",
                "丙平台",
                "2022",
                "review",
                "高新区-01"
            ],
            &["", "乙平台", "2022", "fail", "历城区-02"],
        ])
    );
    assert_eq!(
        rows_of(table(&tables, "verdict_changes.csv")),
        strs(&[&[
            "91370100MA3C000001",
            "甲平台",
            "2022",
            "pass",
            "2023",
            "fail"
        ]])
    );

    // The same inputs in Chinese output: labels in Chinese, counts unchanged.
    let (runs, used, _) = read_all(&[&en.dir, &zh.dir], Lang::Zh);
    let zh_tables = super::tables(&runs, &used, Lang::Zh);
    let dd = rows_of(table(&zh_tables, "by_year_district.csv"));
    // Full-width （ sorts after the district names.
    assert_eq!(
        dd[1],
        strs(&[&["2022", "（未知）", "1", "0", "0", "1", "0.0000"]])[0]
    );
    assert_eq!(dd[2][1], "全部");
    let group = rows_of(table(&zh_tables, "by_year_criterion_group.csv"));
    assert!(group.iter().any(|r| r[0] == "2023"
        && r[1] == "单位性质"
        && r[2] == "企业"
        && r[4..].join(",") == "0,1,0,0,0"));
    assert!(
        group
            .iter()
            .any(|r| r[0] == "2022" && r[1] == "申报服务功能" && r[2] == "培训")
    );
    let header = String::from_utf8(table(&zh_tables, "runs.csv").csv(Lang::Zh)).unwrap();
    assert!(header.starts_with("\u{feff}年度,评审基准日,"), "{header}");
}

#[test]
fn same_year_twice_the_later_as_of_wins_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let (zh, _) = two_languages(tmp.path());
    // A rerun of 2022 a month later in which the review applicant passed.
    let later = folder(
        tmp.path(),
        "out-2022-rerun",
        (2022, "2023-07-31", "aaa"),
        Lang::En,
        &[vec![
            ("applicant", "高新区-01"),
            ("credit_code", "91370100MA3C000003"),
            ("district", "高新区"),
            ("verdict", "pass"),
        ]],
        &[],
    );
    for dirs in [[&later.dir, &zh.dir], [&zh.dir, &later.dir]] {
        let (runs, used, warnings) = read_all(&dirs, Lang::En);
        let later_i = runs
            .iter()
            .position(|r| r.meta.as_of == "2023-07-31")
            .unwrap();
        assert!(used[later_i] && !used[1 - later_i]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("out-2022-rerun") && warnings[0].contains("2023-06-30"));
        let tables = tables(&runs, &used, Lang::En);
        assert_eq!(
            rows_of(table(&tables, "by_year_district.csv")),
            strs(&[
                &["2022", "高新区", "1", "1", "0", "0", "1.0000"],
                &["2022", "all", "1", "1", "0", "0", "1.0000"],
            ])
        );
        let r = rows_of(table(&tables, "runs.csv"));
        assert_eq!(
            (r[0][1].as_str(), r[0][5].as_str(), r[0][6].as_str()),
            ("2023-06-30", "3", "no")
        );
        assert_eq!(
            (r[1][1].as_str(), r[1][5].as_str(), r[1][6].as_str()),
            ("2023-07-31", "1", "yes")
        );
    }
}

#[test]
fn runs_with_other_rules_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (zh, en) = two_languages(tmp.path());
    let third = folder(
        tmp.path(),
        "out-2021",
        (2021, "2022-06-30", "bbb"),
        Lang::Zh,
        &[],
        &[],
    );
    let (_, used, warnings) = read_all(&[&zh.dir, &en.dir, &third.dir], Lang::Zh);
    assert_eq!(used, vec![true, true, true]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("out-2021") && !warnings[0].contains("out-2022"),
        "{}",
        warnings[0]
    );
}

#[test]
fn foreign_or_damaged_folders_are_errors_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (zh, _) = two_languages(tmp.path());
    let limits = Limits::default();
    // No run.json.
    let bare = tmp.path().join("bare");
    std::fs::create_dir_all(&bare).unwrap();
    let e = input::read_meta(&bare, &limits).unwrap_err();
    assert!(e.contains("run.json") && e.contains("bare"), "{e}");
    // Broken JSON.
    std::fs::write(bare.join("run.json"), "{\"as_of\": ").unwrap();
    let e = input::read_meta(&bare, &limits).unwrap_err();
    assert!(e.contains("已损坏") && e.contains("run.json"), "{e}");
    // A report.csv that is not ours.
    std::fs::write(zh.dir.join("report.csv"), "a,b\n1,2\n").unwrap();
    let meta = input::read_meta(&zh.dir, &limits).unwrap();
    let e = input::read_run(meta.clone(), Lang::Zh, &limits).unwrap_err();
    assert!(e.contains("report.csv") && e.contains("申报编号"), "{e}");
    // Invalid UTF-8 in a row.
    let mut bytes = "\u{feff}applicant,name,credit_code,district,org_type,verdict\n"
        .as_bytes()
        .to_vec();
    bytes.extend(b"x,\xff\xfe,1,d,o,pass\n");
    std::fs::write(zh.dir.join("report.csv"), &bytes).unwrap();
    let e = input::read_run(meta.clone(), Lang::Zh, &limits).unwrap_err();
    assert!(e.contains("report.csv") && e.contains("已损坏"), "{e}");
    // An unknown verdict word, with its line.
    std::fs::write(
        zh.dir.join("report.csv"),
        "applicant,name,credit_code,district,org_type,verdict\nx,n,1,d,o,maybe\n",
    )
    .unwrap();
    let e = input::read_run(meta.clone(), Lang::Zh, &limits).unwrap_err();
    assert!(e.contains("第2行") && e.contains("maybe"), "{e}");
    // A line longer than [limits] csv_line_bytes stops the read.
    let long = format!(
        "applicant,name,credit_code,district,org_type,verdict\nx,{},1,d,o,pass\n",
        "n".repeat(limits.csv_line_bytes + 10)
    );
    std::fs::write(zh.dir.join("report.csv"), long).unwrap();
    let e = input::read_run(meta, Lang::Zh, &limits).unwrap_err();
    assert!(e.contains("csv_line_bytes"), "{e}");
}

#[test]
fn verdict_from_label_reads_both_languages() {
    for v in Verdict::ALL {
        assert_eq!(Verdict::from_label(v.label(Lang::Zh)), Some(v));
        assert_eq!(
            Verdict::from_label(&format!(" {} ", v.label(Lang::En).to_uppercase())),
            Some(v)
        );
    }
    assert_eq!(Verdict::from_label("通过"), None);
    assert_eq!(Verdict::from_label(""), None);
}

#[test]
fn pass_rate_is_four_decimals_half_up() {
    assert_eq!(pass_rate(1, 3).csv(), "0.3333");
    assert_eq!(pass_rate(2, 3).csv(), "0.6667");
    // 1/32 = 0.03125: half away from zero, not to even.
    assert_eq!(pass_rate(1, 32).csv(), "0.0313");
    assert_eq!(pass_rate(4, 4).csv(), "1.0000");
    assert_eq!(pass_rate(0, 0), Cell::Empty);
}

#[test]
fn output_bytes_are_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (zh, en) = two_languages(tmp.path());
    let go = |out: &str| {
        let cfg = StatsConfig {
            inputs: vec![zh.dir.clone(), en.dir.clone()],
            out: tmp.path().join(out),
            lang: Lang::Zh,
        };
        run(&cfg).unwrap();
        ["by_year_criterion_group.csv", "stats.xlsx", "stats.html"]
            .map(|f| std::fs::read(tmp.path().join(out).join(f)).unwrap())
    };
    assert_eq!(go("a"), go("b"));
}
