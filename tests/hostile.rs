//! The hostile-file suite (issue 9): a round holding one small case of every hostile input
//! (archives, links, FIFO, names from support/hostile.rs; spreadsheet bombs from
//! support/sheet_bombs.rs) beside two normal applicants, run through the real binary under a
//! memory cap. Every case
//! must finish, the peak RSS stay under 500 MB, every hostile file be accounted for in
//! `problems.csv`, nothing be written outside `--out`, nothing outside the round be read, and
//! the normal applicants' verdicts be those of a run without the hostile cases.
//!
//! `cargo test --test hostile -- --nocapture` prints the table case → outcome, peak RSS, time.
#![cfg(unix)]

#[path = "support/hostile.rs"]
mod hostile_round;
#[path = "support/sheet_bombs.rs"]
mod sheet_bombs;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use hostile_round::{Case, NORMAL, add_hostile_cases, normal_round};

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");
/// Address-space cap of every run (the RSS bound below is the real check).
const MEMORY_CAP: u64 = 3 << 30;
const RSS_LIMIT_KB: i64 = 500 * 1024;
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// How a capped run ended.
struct Ran {
    code: Option<i32>,
    peak_rss_kb: i64,
    time: Duration,
    stdout: String,
    stderr: String,
}

/// Runs the binary with an address-space cap; waits with `wait4` for its own rusage (peak
/// RSS), killing it after `TIME_LIMIT`.
fn run_capped(args: &[&str], env: &[(&str, &str)]) -> Ran {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .envs(env.iter().copied())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let cap = libc::rlimit {
                rlim_cur: MEMORY_CAP,
                rlim_max: MEMORY_CAP,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &cap) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    // Reaped below with `wait4` (for its rusage), not with `Child::wait`.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value to be overwritten.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: plain FFI call with valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed");
        if start.elapsed() > TIME_LIMIT {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{args:?} did not finish within {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let time = start.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ran {
        code,
        peak_rss_kb: usage.ru_maxrss,
        time,
        stdout: std::fs::read_to_string(out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(err_path).unwrap_or_default(),
    }
}

fn evaluate(round: &Path, out: &Path, env: &[(&str, &str)]) -> Ran {
    let ran = run_capped(
        &[
            "evaluate",
            round.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2023-06-30",
            "--lang",
            "en",
            "--quiet",
        ],
        env,
    );
    assert_eq!(ran.code, Some(0), "stderr: {}", ran.stderr);
    assert!(
        ran.peak_rss_kb < RSS_LIMIT_KB,
        "peak RSS {} KB",
        ran.peak_rss_kb
    );
    ran
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// Every path under `dir` (links not followed) with its type and content hash: what must not
/// change while the round is read.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            let p = e.path();
            let what = if t.is_symlink() {
                format!("link {:?}", std::fs::read_link(&p).unwrap())
            } else if t.is_dir() {
                stack.push(p.clone());
                "dir".to_string()
            } else if t.is_file() {
                let bytes = std::fs::read(&p).unwrap();
                let sum = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
                });
                format!("file {} {sum:x}", bytes.len())
            } else {
                "special".to_string()
            };
            out.insert(p, what);
        }
    }
    out
}

/// The rows of the normal applicants: report.csv whole, criteria.csv whole.
fn normal_rows(out: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rows: Vec<_> = read_csv(&out.join("report.csv"))
        .into_iter()
        .chain(read_csv(&out.join("criteria.csv")))
        .filter(|r| NORMAL.contains(&r["applicant"].as_str()))
        .collect();
    rows.sort();
    rows
}

/// Adds one applicant per spreadsheet bomb (support/sheet_bombs.rs) to `round`, each in its own
/// folder of 槐荫区 under a material's name so it is read; returns what each must produce.
fn add_sheet_bombs(round: &Path) -> Vec<Case> {
    use sheet_bombs::*;
    // Built once per test process: the giant shared string takes a moment.
    /// (case, applicant folder, file name, bytes, message of its row)
    type Bomb = (
        &'static str,
        &'static str,
        &'static str,
        Vec<u8>,
        &'static str,
    );
    static BOMBS: std::sync::OnceLock<Vec<Bomb>> = std::sync::OnceLock::new();
    let bombs = BOMBS.get_or_init(|| {
        let form = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                // A sample applicant not in the round: its credit code is its own.
                .join("samples/round-2023/高新区/明湖企业培训服务平台/1-推荐表.xlsx"),
        )
        .unwrap();
        vec![
            (
                "xls DIMENSIONS claiming 2^32 rows",
                "表格维度",
                "1-推荐表.xls",
                xls_dimensions_bomb(),
                "sheet_cells",
            ),
            (
                "xls, 8 sheets with far-corner cells",
                "表格四角",
                "3-服务记录.xls",
                xls_corners_bomb(8),
                "sheet_cells",
            ),
            (
                "xlsx, 199,999 sparse rows in column IV",
                "稀疏表格",
                "4-服务活动记录.xlsx",
                xlsx_sparse_bomb(200_000),
                "sheet_cells",
            ),
            (
                "ods repeat bomb (1,048,576 × 16,384)",
                "重复炸弹",
                "2-专职人员名册.ods",
                ods_repeat_bomb(),
                "sheet_cells",
            ),
            (
                "CSV line of 1 MiB + 1",
                "长行",
                "2-专职人员名册.csv",
                csv_long_line(),
                "csv_line_bytes",
            ),
            (
                "CSV of 5,000,000 commas",
                "逗号",
                "3-服务记录.csv",
                csv_comma_flood(5_000_000),
                "csv_line_bytes",
            ),
            (
                "xlsx shared string of 70 MB",
                "巨型字符串",
                "3-服务记录.xlsx",
                xlsx_giant_shared_string(70_000_000),
                "workbook_part_bytes",
            ),
            (
                "xlsx with chart and macro sheets",
                "图表宏表",
                "1-推荐表.xlsx",
                with_odd_sheets(&form),
                "chart sheet",
            ),
        ]
    });
    bombs
        .iter()
        .map(|(name, applicant, file, bytes, message)| {
            let dir = round.join("槐荫区").join(applicant);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(file), bytes).unwrap();
            Case {
                name,
                applicant: applicant.to_string(),
                file: file.to_string(),
                message,
            }
        })
        .collect()
}

/// Every hostile case: archives, links, FIFO, names (support/hostile.rs) and the spreadsheet
/// bombs.
fn add_every_case(round: &Path) -> Vec<Case> {
    let mut cases = add_hostile_cases(round);
    cases.extend(add_sheet_bombs(round));
    cases
}

/// The raw lines of report.csv and criteria.csv that belong to the normal applicants, for a
/// byte-for-byte comparison with a clean run.
fn normal_lines(out: &Path) -> Vec<String> {
    ["report.csv", "criteria.csv"]
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(out.join(f))
                .unwrap()
                .lines()
                .filter(|l| NORMAL.iter().any(|n| l.contains(n)))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn accounted(problems: &[BTreeMap<String, String>], case: &Case) -> Option<String> {
    problems
        .iter()
        .find(|p| {
            p["applicant"] == case.applicant
                && p["file"].contains(&case.file)
                && p["message"].contains(case.message)
        })
        .map(|p| format!("{}: {}", p["severity"], p["message"]))
}

#[test]
fn every_hostile_case_costs_one_row_never_the_run() {
    let dir = tempfile::tempdir().unwrap();
    // Baseline: the normal applicants alone.
    let base_round = normal_round(&dir.path().join("base"));
    let base_out = dir.path().join("base-out");
    evaluate(&base_round, &base_out, &[]);
    let expected = normal_rows(&base_out);
    assert_eq!(
        read_csv(&base_out.join("report.csv")).len(),
        2,
        "two normal applicants"
    );

    // Each case alone beside the normal applicants: outcome, peak RSS, time.
    let mut table = vec![
        "| case | outcome (problems.csv) | peak RSS MB | time s |".to_string(),
        "|---|---|---:|---:|".to_string(),
    ];
    let cases_dir = dir.path().join("cases");
    let cases = add_every_case(&normal_round(&cases_dir));
    for (i, case) in cases.iter().enumerate() {
        let one = dir.path().join(format!("one-{i}"));
        let round = normal_round(&one);
        let all = add_every_case(&round);
        // Keep only this case's files: remove the other cases' applicants.
        for other in &all {
            if other.applicant != case.applicant && !NORMAL.contains(&other.applicant.as_str()) {
                for p in [
                    round.join("槐荫区").join(&other.applicant),
                    round
                        .join("槐荫区")
                        .join(format!("{}.zip", other.applicant)),
                ] {
                    let _ = std::fs::remove_dir_all(&p);
                    let _ = std::fs::remove_file(&p);
                }
            }
        }
        let out = one.join("out");
        let ran = evaluate(&round, &out, &[]);
        let problems = read_csv(&out.join("problems.csv"));
        let outcome = accounted(&problems, case)
            .unwrap_or_else(|| panic!("{}: no row in {problems:#?}", case.name));
        assert_eq!(
            normal_rows(&out),
            expected,
            "{}: normal verdicts changed",
            case.name
        );
        table.push(format!(
            "| {} | {} | {} | {:.2} |",
            case.name,
            outcome.replace('|', "/"),
            ran.peak_rss_kb / 1024,
            ran.time.as_secs_f64()
        ));
    }

    // All cases together, `--out` outside the round.
    let round = normal_round(&dir.path().join("all"));
    let cases = add_every_case(&round);
    let before = snapshot(&round);
    let out = dir.path().join("all-out");
    let ran = evaluate(&round, &out, &[]);
    table.push(format!(
        "| **all cases together** | {} applicants | {} | {:.2} |",
        read_csv(&out.join("report.csv")).len(),
        ran.peak_rss_kb / 1024,
        ran.time.as_secs_f64()
    ));
    println!("{}", table.join("\n"));
    for e in std::fs::read_dir(round.join("槐荫区")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            println!("{:?}: {} bytes", e.file_name(), e.metadata().unwrap().len());
        }
    }
    assert_eq!(snapshot(&round), before, "nothing inside the round changed");
    let problems = read_csv(&out.join("problems.csv"));
    for case in &cases {
        assert!(
            accounted(&problems, case).is_some(),
            "{}: not accounted for",
            case.name
        );
    }
    assert_eq!(normal_rows(&out), expected, "normal verdicts unchanged");
    let clean = normal_lines(&base_out);
    assert!(clean.len() > 2, "{clean:?}");
    assert_eq!(
        normal_lines(&out),
        clean,
        "the normal applicants' report.csv and criteria.csv lines are byte-identical"
    );
    // One bad file costs a row, not hundreds: the 42.zip-style bomb's 256 oversized entries
    // give 20 rows and one count.
    for case in &cases {
        let rows = problems
            .iter()
            .filter(|p| p["applicant"] == case.applicant)
            .count();
        assert!(rows <= 25, "{}: {rows} rows", case.name);
    }
    // Nothing outside the round was read: no name from /etc in any report.
    let mut names: Vec<String> = std::fs::read_dir("/etc")
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        // Distinctive names only (`nsswitch.conf`, `os-release`), not words like `services`.
        .filter(|n| n.len() >= 6 && n.contains(['.', '-']))
        .collect();
    names.extend(["passwd", "shadow", "root:x:0", "/bin/bash"].map(String::from));
    for report in [
        "report.csv",
        "criteria.csv",
        "problems.csv",
        "summary.csv",
        "summary_criteria.csv",
        "run.json",
    ] {
        let text = std::fs::read_to_string(out.join(report)).unwrap();
        for n in &names {
            assert!(!text.contains(n.as_str()), "{report} names /etc/{n}");
        }
    }
    let mut written: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "criteria.csv",
            "problems.csv",
            "report.csv",
            "report.xlsx",
            "review",
            "run.json",
            "summary.csv",
            "summary_criteria.csv"
        ],
        "only the reports in --out"
    );
}

#[test]
fn an_out_folder_inside_the_round_is_skipped_and_writes_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let round = normal_round(dir.path());
    let out = round.join("out");
    evaluate(&round, &out, &[]);
    let before = snapshot(&round);
    evaluate(&round, &out, &[]);
    let report = read_csv(&out.join("report.csv"));
    assert_eq!(report.len(), 2, "the out folder is not an applicant");
    let after = snapshot(&round);
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(v) && !p.starts_with(&out))
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
}

#[test]
fn a_panic_in_a_reader_or_an_evaluation_costs_one_file_or_one_applicant() {
    let dir = tempfile::tempdir().unwrap();
    let base = normal_round(&dir.path().join("base"));
    let base_out = dir.path().join("base-out");
    evaluate(&base, &base_out, &[]);
    let expected = normal_rows(&base_out);

    // A reader panic on one applicant's roster: that file's row, its criteria review.
    let round = normal_round(&dir.path().join("file"));
    let out = dir.path().join("file-out");
    evaluate(&round, &out, &[("SME_AUDIT_INJECT_PANIC", "专职人员名册")]);
    let problems = read_csv(&out.join("problems.csv"));
    for id in NORMAL {
        assert!(
            problems.iter().any(|p| p["applicant"] == id
                && p["file"].contains("专职人员名册")
                && p["message"].contains("internal error")),
            "{id}: {problems:#?}"
        );
    }
    let criteria = read_csv(&out.join("criteria.csv"));
    for id in NORMAL {
        let staff = criteria
            .iter()
            .find(|r| r["applicant"] == id && r["criterion"] == "A14.5.staff")
            .unwrap();
        assert_eq!(staff["verdict"], "review", "{staff:?}");
    }

    // An evaluation panic on one applicant: it is review with a row; the other is unchanged.
    let round = normal_round(&dir.path().join("app"));
    let out = dir.path().join("app-out");
    let marker = format!("applicant:{}", NORMAL[1]);
    evaluate(&round, &out, &[("SME_AUDIT_INJECT_PANIC", &marker)]);
    let report = read_csv(&out.join("report.csv"));
    let crashed = report.iter().find(|r| r["applicant"] == NORMAL[1]).unwrap();
    assert_eq!(crashed["verdict"], "review");
    let rows: Vec<_> = normal_rows(&out)
        .into_iter()
        .filter(|r| r["applicant"] == NORMAL[0])
        .collect();
    let want: Vec<_> = expected
        .into_iter()
        .filter(|r| r["applicant"] == NORMAL[0])
        .collect();
    assert_eq!(rows, want, "the other applicant is unchanged");
    let problems = read_csv(&out.join("problems.csv"));
    assert!(
        problems
            .iter()
            .any(|p| p["applicant"] == NORMAL[1] && p["message"].contains("internal error"))
    );
}

#[test]
fn inspect_refuses_a_fifo_and_survives_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.xlsx");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let ran = run_capped(&["inspect", fifo.to_str().unwrap()], &[]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("not a regular file"), "{}", ran.stderr);

    // `inspect … | head -1`: the pipe closes early; the tool exits quietly.
    let applicant = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/round-2023/历下区")
        .join(NORMAL[0]);
    let mut child = Command::new(BIN)
        .args(["inspect", applicant.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before the tool writes
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // A lock file given to inspect is named as one, not an error.
    let lock = dir.path().join("~$1-推荐表.xlsx");
    std::fs::write(&lock, [0u8; 162]).unwrap();
    let ran = run_capped(&["inspect", lock.to_str().unwrap(), "--lang", "en"], &[]);
    assert_eq!(ran.code, Some(0));
    assert!(ran.stdout.contains("lock file"), "{}", ran.stdout);
}

/// Runs `evaluate` uncapped (run-shape tests), returning exit code, stdout and stderr.
fn evaluate_plain(round: &Path, out: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let o = Command::new(BIN)
        .args([
            "evaluate",
            round.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--as-of", "2023-06-30", "--lang", "en", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

#[test]
fn run_shape_one_applicant_folder_unknown_and_mismatched_districts() {
    let dir = tempfile::tempdir().unwrap();
    let round = normal_round(dir.path());

    // Pointed at one applicant's folder: that applicant, not its 合作协议 sub-folder.
    let applicant = round.join("历下区").join(NORMAL[0]);
    let out = dir.path().join("one");
    let (code, _, err) = evaluate_plain(&applicant, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    let report = read_csv(&out.join("report.csv"));
    let ids: Vec<&str> = report.iter().map(|r| r["applicant"].as_str()).collect();
    assert_eq!(ids, vec![NORMAL[0]]);
    let base = dir.path().join("base");
    evaluate_plain(&round, &base, &[]);
    let whole = read_csv(&base.join("report.csv"));
    let same = whole.iter().find(|r| r["applicant"] == NORMAL[0]).unwrap();
    assert_eq!(&report[0], same, "the same verdict as inside the round");

    // A district nobody is in: exit 2, naming the districts that exist; reports untouched.
    let (code, _, err) = evaluate_plain(&round, &base, &["--district", "平阴县"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("历下区") && err.contains("市中区"), "{err}");
    assert_eq!(
        read_csv(&base.join("report.csv")),
        whole,
        "previous reports kept"
    );

    // Folder 历城区, form 历下区: included under either name, with a row saying so.
    let moved = round.join("历城区").join(NORMAL[0]);
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&applicant, &moved).unwrap();
    for d in ["历城区", "历下区"] {
        let out = dir.path().join(format!("d-{d}"));
        let (code, _, err) = evaluate_plain(&round, &out, &["--district", d]);
        assert_eq!(code, Some(0), "{err}");
        let report = read_csv(&out.join("report.csv"));
        let ids: Vec<&str> = report.iter().map(|r| r["applicant"].as_str()).collect();
        assert_eq!(ids, vec![NORMAL[0]], "--district {d}");
        let problems = read_csv(&out.join("problems.csv"));
        assert!(
            problems
                .iter()
                .any(|p| p["applicant"] == NORMAL[0] && p["message"].contains("district mismatch")),
            "{problems:#?}"
        );
    }
}

/// A round of about 300 applicants: the sample round's folder applicants copied over and
/// over under new names, each with its spreadsheets only (so a debug build reads the round in
/// seconds; the reports still hold every criterion row of every applicant).
fn big_round(dir: &Path, copies: usize) -> PathBuf {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023");
    let round = dir.join("big");
    for district in std::fs::read_dir(&samples).unwrap() {
        let district = district.unwrap().path();
        for app in std::fs::read_dir(&district).unwrap() {
            let app = app.unwrap().path();
            if !app.is_dir() {
                continue;
            }
            for k in 0..copies {
                let name = format!("{}-{k:02}", app.file_name().unwrap().to_string_lossy());
                copy_tree(&app, &round.join(district.file_name().unwrap()).join(name));
            }
        }
    }
    round
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if e.file_type().unwrap().is_file() && (name.ends_with(".xlsx") || name.ends_with(".csv")) {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The files in `out` (the review pages' folder is checked for temporaries on its own).
fn report_set(out: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(out)
        .map(|d| {
            d.filter(|e| e.as_ref().is_ok_and(|e| e.path().is_file()))
                .map(|e| {
                    let e = e.unwrap();
                    (
                        e.file_name().to_string_lossy().to_string(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_interrupted_run_leaves_the_previous_reports_or_the_new_ones_never_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let round = big_round(dir.path(), 34);
    let args = |out: &Path, lang: &str| -> Vec<String> {
        [
            "evaluate",
            round.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2023-06-30",
            "--jobs",
            "2",
            "--quiet",
            "--lang",
            lang,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    // The previous complete set (English); the interrupted runs write Chinese.
    let out = dir.path().join("out");
    let start = Instant::now();
    assert!(
        Command::new(BIN)
            .args(args(&out, "en"))
            .status()
            .unwrap()
            .success()
    );
    let full = start.elapsed();
    let previous = report_set(&out);
    // The five CSVs, report.xlsx and run.json.
    assert_eq!(previous.len(), 7, "{:?}", previous.keys());
    let applicants = read_csv(&out.join("report.csv")).len();
    assert!(applicants >= 300, "{applicants} applicants");
    let lines = |set: &BTreeMap<String, Vec<u8>>, name: &str| {
        set.get(name)
            .map_or(0, |b| b.split(|&c| c == b'\n').count())
    };
    // A complete new set: the five reports in Chinese, as many lines as the previous ones, each
    // ending with a full record; a whole workbook (its zip directory at the end) with Chinese
    // sheet names; the manifest of a Chinese run.
    let is_new_set = |set: &BTreeMap<String, Vec<u8>>| {
        set.len() == 7
            && set.iter().all(|(name, bytes)| {
                let text = String::from_utf8_lossy(bytes);
                previous.contains_key(name)
                    && match name.as_str() {
                        "report.xlsx" => {
                            bytes.len() > 22
                                && bytes[bytes.len() - 22..].starts_with(b"PK\x05\x06")
                                && bytes != &previous[name]
                        }
                        "run.json" => text.contains("\"lang\": \"zh\"") && text.ends_with("}\n"),
                        _ => {
                            bytes.ends_with(b"\r\n")
                                && text.starts_with(match name.as_str() {
                                    "summary.csv" => "\u{feff}区县",
                                    "summary_criteria.csv" => "\u{feff}评审项",
                                    _ => "\u{feff}申报编号",
                                })
                                && lines(set, name) == lines(&previous, name)
                        }
                    }
            })
    };
    let mut outcomes = Vec::new();
    for (i, fraction) in [0.3, 0.7, 0.95].iter().enumerate() {
        let signal = if i % 2 == 0 {
            libc::SIGINT
        } else {
            libc::SIGTERM
        };
        let child = Command::new(BIN).args(args(&out, "zh")).spawn().unwrap();
        std::thread::sleep(full.mul_f64(*fraction));
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let output = child.wait_with_output().unwrap();
        let now = report_set(&out);
        let review_temps: Vec<String> = std::fs::read_dir(out.join("review"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .filter(|n| n.ends_with(".tmp"))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            review_temps.is_empty(),
            "temporaries in review/: {review_temps:?}"
        );
        let which = if now == previous {
            "previous"
        } else if is_new_set(&now) {
            "new"
        } else {
            panic!(
                "after signal {signal} at {fraction}: {:?}",
                now.keys().collect::<Vec<_>>()
            )
        };
        outcomes.push(format!(
            "{fraction}: {which} (exit {:?})",
            output.status.code()
        ));
        if which == "previous" {
            assert_eq!(output.status.code(), Some(130), "interrupted runs exit 130");
        } else {
            // Finished before the signal; put the previous set back for the next try.
            for (name, bytes) in &previous {
                std::fs::write(out.join(name), bytes).unwrap();
            }
        }
    }
    println!("{applicants} applicants, full run {full:?}: {outcomes:?}");
    assert!(
        outcomes.iter().any(|o| o.contains("previous")),
        "at least one run was interrupted: {outcomes:?}"
    );

    // No previous reports: an interrupted run leaves none.
    let empty = dir.path().join("empty");
    let child = Command::new(BIN).args(args(&empty, "zh")).spawn().unwrap();
    std::thread::sleep(full.mul_f64(0.5));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let output = child.wait_with_output().unwrap();
    let now = report_set(&empty);
    assert!(
        now.is_empty() || is_new_set(&now),
        "{:?} exit {:?}",
        now.keys().collect::<Vec<_>>(),
        output.status.code()
    );
}
