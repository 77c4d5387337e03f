//! Machine output and user-facing errors (issue 13, items 7 and 8): `inspect --format json`,
//! `evaluate --format ndjson`, Chinese usage errors and explained OS errors, all through the
//! real binary on the bundled sample round. Expected values come from samples/README.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/reports.rs"]
mod reports;
use reports::read_csv;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn inspect_json(app: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["inspect", app.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("inspect --format json is one JSON document")
}

/// The first element of `list` whose `key` is `want`.
fn find<'a>(list: &'a Value, key: &str, want: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|v| v[key] == want)
        .unwrap_or_else(|| panic!("no {key} = {want} in {list:#}"))
}

#[test]
fn inspect_json_gives_roles_figures_with_evidence_and_exact_money() {
    let app = samples().join("历下区/泉城科创中小企业技术服务平台");
    let doc = inspect_json(&app, &[]);
    assert_eq!(doc["kind"], "applicant");
    assert_eq!(doc["applicant"], "泉城科创中小企业技术服务平台");
    // A role: the form's sheet, with its header row 1-based and its columns.
    let form = find(&doc["files"], "role", "form");
    assert_eq!(form["role_label"], "推荐表");
    let roster = find(&doc["files"], "role", "roster");
    assert!(roster["header_row"].as_u64().unwrap() >= 1, "{roster:#}");
    assert!(
        !roster["columns"].as_array().unwrap().is_empty(),
        "{roster:#}"
    );
    // A figure: the audited total assets, an exact number (1,623,456.78 yuan), with its page.
    let audit = &doc["audits"][0];
    let assets = &audit["total_assets"];
    assert_eq!(assets["value"].to_string(), "1623456.78", "{assets:#}");
    assert!(assets["evidence"]["page"].as_u64().is_some(), "{assets:#}");
    assert_eq!(audit["opinion"]["value"], "standard");
    assert_eq!(audit["status"], "readable");
    // Form values typed: an id for the org type, the credit code a string.
    assert_eq!(doc["form"]["org_type"]["value"], "enterprise");
    assert_eq!(doc["form"]["credit_code"]["value"], "91370102MAJX6W6C0B");
    let cell = &doc["form"]["credit_code"]["evidence"];
    assert!(
        cell["cell"].is_string() && cell["sheet"].is_string(),
        "{cell:#}"
    );
    // Staff: the 12 full-time and 2 part-time people of the sample's roster.
    let staff = doc["staff"].as_array().unwrap();
    let fulltime = staff.iter().filter(|s| s["fulltime"] == true).count();
    let parttime = staff.iter().filter(|s| s["fulltime"] == false).count();
    assert_eq!((fulltime, parttime), (12, 2));
    // Dates ISO.
    let date = doc["services"][0]["date"].as_str().unwrap();
    assert!(date.len() == 10 && date.starts_with("202"), "{date}");
}

#[test]
fn inspect_json_keeps_an_all_digit_credit_code_a_string_and_lists_the_problems() {
    let app = samples().join("历下区/历下区中小企业法律服务中心");
    let doc = inspect_json(&app, &[]);
    assert_eq!(doc["form"]["credit_code"]["value"], "523701024018356363");
    assert_eq!(doc["form"]["org_type"]["value"], "private_non_enterprise");
    assert_eq!(
        doc["audits"][0]["total_assets"]["value"].as_f64(),
        Some(1206830.5)
    );
    // Written from the decimal's own text (json::tests covers a figure a float would change).
    let raw = run(&["inspect", app.to_str().unwrap(), "--format", "json"]).stdout;
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains("\"value\": 1206830.5,"), "{raw}");
    // The problems are those the text output lists, with their severity ids and messages in
    // the language asked for.
    let text = String::from_utf8(run(&["inspect", app.to_str().unwrap()]).stdout).unwrap();
    let count: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("问题: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("problem count line");
    let problems = doc["problems"].as_array().unwrap();
    assert_eq!(problems.len(), count);
    for p in problems {
        assert!(
            ["error", "warning", "info"].contains(&p["severity"].as_str().unwrap()),
            "{p:#}"
        );
        assert!(text.contains(p["message"].as_str().unwrap()), "{p:#}");
    }
}

#[test]
fn inspect_json_on_a_round_lists_its_applicants() {
    let doc = inspect_json(&samples(), &[]);
    assert_eq!(doc["kind"], "round");
    let apps = doc["applicants"].as_array().unwrap();
    assert_eq!(apps.len(), 15);
    find(&doc["applicants"], "id", "齐鲁工业设计服务平台");
}

#[test]
fn ndjson_rows_are_the_criteria_csv_rows_in_order() {
    let out = tempfile::tempdir().unwrap();
    let output = run(&[
        "evaluate",
        samples().to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
        "--format",
        "ndjson",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    let rows: Vec<BTreeMap<String, Value>> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let csv = read_csv(&out.path().join("criteria.csv"));
    assert_eq!(rows.len(), csv.len());
    assert!(rows.len() > 15 * 30, "{}", rows.len());
    for (json, csv) in rows.iter().zip(&csv) {
        let keys: Vec<&String> = json.keys().collect();
        assert_eq!(keys, csv.keys().collect::<Vec<_>>());
        for (k, v) in csv {
            let j = &json[k];
            // Numbers are JSON numbers (compared by value: serde_json reads them as f64, so
            // `0.9000` comes back as `0.9`) and an empty numeric cell is null.
            let j = match j {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Number(n) => {
                    let dec = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
                    assert_eq!(dec(&n.to_string()), dec(v), "{k} of {json:?}");
                    v.clone()
                }
                other => other.to_string(),
            };
            // The CSV escapes text cells against formulas; the JSON carries the value.
            let unescaped = v
                .strip_prefix('\'')
                .filter(|s| s.starts_with(['=', '+', '-', '@']));
            assert_eq!(&j, unescaped.unwrap_or(v), "{k} of {json:?}");
        }
    }
    // A value checked by hand: 齐鲁工业设计服务平台 fails total assets (1,485,000 < 1,500,000).
    let row = rows
        .iter()
        .find(|r| {
            r["applicant"] == "齐鲁工业设计服务平台" && r["criterion"] == "A14.1.total_assets"
        })
        .unwrap();
    assert_eq!(row["verdict"], "fail");
    assert!(
        row["value"].as_str().unwrap().contains("1485000"),
        "{row:?}"
    );
    // The numeric columns are JSON numbers, exact.
    assert_eq!(row["value_number"].as_u64(), Some(1_485_000), "{row:?}");
    assert_eq!(row["threshold_number"].as_u64(), Some(1_500_000), "{row:?}");
    assert!(row["threshold_relaxed"].is_null(), "{row:?}");
    // The summary moved to stderr: stdout holds the rows only.
    assert!(
        stderr(&output).contains("applicants evaluated"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_are_chinese_by_default_and_english_with_lang_en() {
    let round = samples();
    let round = round.to_str().unwrap();
    let zh = run(&["evaluate", round, "--as-of", "2023-13-01"]);
    assert_eq!(zh.status.code(), Some(2));
    let err = stderr(&zh);
    assert!(
        err.contains("错误：选项 --as-of <AS_OF> 的值“2023-13-01”无效"),
        "{err}"
    );
    assert!(err.contains("用法：sme-audit evaluate"), "{err}");
    let en = run(&["evaluate", round, "--jobs", "x", "--lang", "en"]);
    assert_eq!(en.status.code(), Some(2));
    let err = stderr(&en);
    assert!(
        err.starts_with("error: invalid value 'x' for --jobs"),
        "{err}"
    );
    assert!(err.contains("Usage: sme-audit evaluate"), "{err}");
    let unknown = run(&["inspect", round, "--formt", "json"]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = stderr(&unknown);
    assert!(err.contains("无法识别的选项或参数“--formt”"), "{err}");
    assert!(err.contains("是否想用“--format”"), "{err}");
}

#[test]
fn an_output_folder_that_is_a_file_is_explained_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("评审结果");
    std::fs::write(&file, b"x").unwrap();
    let out = run(&[
        "evaluate",
        samples().to_str().unwrap(),
        "--as-of",
        "2023-06-30",
        "--quiet",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "无法写入报告：{} 已存在但不是文件夹",
            file.display()
        )),
        "{err}"
    );
    assert!(err.contains("[系统信息 / OS: "), "{err}");
}
