//! Issue 9: the file, archive and folder limits come from the rules file's `[limits]` and
//! every cut names its key; a file refused for its size keeps the table role its name gives
//! (review naming the file, never "missing"); every workbook extension makes a form.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const BIN: &str = env!("CARGO_BIN_EXE_sme-audit");
const SAMPLE: &str = "samples/round-2023/历下区/历下企业管理咨询服务平台";

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE)
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The sample applicant's files (relative path → bytes), in path order.
fn sample_files(dir: &Path, rel: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let rel = format!("{rel}{name}");
        if p.is_dir() {
            sample_files(&p, &format!("{rel}/"), out);
        } else {
            out.push((rel, std::fs::read(&p).unwrap()));
        }
    }
}

/// The sample applicant zipped (deflated), as `round/历下区/甲.zip`.
fn zip_round(root: &Path) -> PathBuf {
    let mut files = Vec::new();
    sample_files(&sample(), "", &mut files);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    let round = root.join("round");
    std::fs::create_dir_all(round.join("历下区")).unwrap();
    std::fs::write(round.join("历下区").join("甲.zip"), zip).unwrap();
    round
}

/// The default rules with one `[limits]` line replaced.
fn rules_with(root: &Path, key: &str, value: u64) -> PathBuf {
    let shown = std::process::Command::new(BIN)
        .args(["rules", "show"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    let mut replaced = 0;
    let text: Vec<String> = shown
        .lines()
        .map(|l| {
            if l.split('=').next().map(str::trim) == Some(key) {
                replaced += 1;
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert_eq!(replaced, 1, "{key} in `rules show`");
    let path = root.join(format!("rules-{key}.toml"));
    std::fs::write(&path, text.join("\n")).unwrap();
    path
}

struct Out {
    problems: Vec<BTreeMap<String, String>>,
    criteria: Vec<BTreeMap<String, String>>,
    report: Vec<BTreeMap<String, String>>,
}

fn evaluate(round: &Path, out: &Path, rules: Option<&Path>) -> Out {
    let mut cmd = std::process::Command::new(BIN);
    cmd.arg("evaluate").arg(round).arg("--out").arg(out).args([
        "--as-of",
        "2023-06-30",
        "--lang",
        "en",
        "--quiet",
    ]);
    if let Some(r) = rules {
        cmd.arg("--rules").arg(r);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Out {
        problems: read_csv(&out.join("problems.csv")),
        criteria: read_csv(&out.join("criteria.csv")),
        report: read_csv(&out.join("report.csv")),
    }
}

fn row<'a>(out: &'a Out, app: &str, criterion: &str) -> &'a BTreeMap<String, String> {
    out.criteria
        .iter()
        .find(|r| r["applicant"] == app && r["criterion"] == criterion)
        .unwrap_or_else(|| panic!("{app} {criterion}"))
}

#[test]
fn small_archive_limits_from_the_rules_file_cut_a_zip_applicant_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let round = zip_round(dir.path());
    let clean = evaluate(&round, &dir.path().join("clean"), None);
    assert!(
        !clean
            .problems
            .iter()
            .any(|p| p["message"].contains("[limits]")),
        "{:?}",
        clean.problems
    );
    for (key, value, message) in [
        (
            "archive_entries",
            3,
            "only the first 3 were read ([limits] archive_entries = 3)",
        ),
        ("archive_bytes", 30_000, "[limits] archive_bytes = 30000"),
        ("file_bytes", 13_000, "[limits] file_bytes = 13000"),
    ] {
        let rules = rules_with(dir.path(), key, value);
        let out = evaluate(&round, &dir.path().join(key), Some(&rules));
        let cut: Vec<_> = out
            .problems
            .iter()
            .filter(|p| p["applicant"] == "甲" && p["message"].contains(message))
            .collect();
        assert!(!cut.is_empty(), "{key}: {:#?}", out.problems);
        assert!(
            cut.iter().all(|p| p["severity"] == "error"),
            "{key}: {cut:?}"
        );
        assert_eq!(
            out.report.len(),
            1,
            "{key}: the applicant is still reported"
        );
        assert_ne!(
            out.report[0]["verdict"], "pass",
            "{key}: {:?}",
            out.report[0]
        );
    }
    // The archive limits cut the archive itself (one row), the file limit each entry over it.
    let entries = rules_with(dir.path(), "archive_entries", 3);
    let out = evaluate(&round, &dir.path().join("entries-again"), Some(&entries));
    let cut: Vec<_> = out
        .problems
        .iter()
        .filter(|p| p["file"].is_empty() && p["message"].contains("archive_entries"))
        .collect();
    assert_eq!(cut.len(), 1, "one row for the archive: {cut:?}");
    assert!(
        cut[0]["message"].contains("zip holds 18 entries"),
        "{cut:?}"
    );
    // Entries past the third are not read: criteria they would prove no longer pass.
    let passes = |o: &Out| o.criteria.iter().filter(|r| r["verdict"] == "pass").count();
    assert!(
        passes(&out) < passes(&clean),
        "{} vs {}",
        passes(&out),
        passes(&clean)
    );
}

/// A service log refused for its size (a zip entry declared over `file_bytes`, or a file over
/// it) is an unreadable service log: A14.2.served is review naming the file and the limit.
#[test]
fn a_service_log_refused_for_size_is_review_naming_the_file_not_missing() {
    let dir = tempfile::tempdir().unwrap();
    // 13,399 bytes: over 13,000; every other table file is under it.
    let rules = rules_with(dir.path(), "file_bytes", 13_000);
    let zipped = zip_round(&dir.path().join("z"));
    let folder = dir.path().join("f/round");
    let mut files = Vec::new();
    sample_files(&sample(), "", &mut files);
    for (rel, bytes) in &files {
        let p = folder.join("历下区").join("甲").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    for (round, what) in [(zipped, "zip entry"), (folder, "file")] {
        let out = evaluate(
            &round,
            &dir.path().join(format!("out-{what}")),
            Some(&rules),
        );
        let served = row(&out, "甲", "A14.2.served");
        assert_eq!(served["verdict"], "review", "{what}: {served:?}");
        assert_eq!(served["value"], "", "{what}: unknown, not 0: {served:?}");
        let msg = &served["message"];
        assert!(msg.contains("3-服务记录2021-2022.xlsx"), "{what}: {msg}");
        assert!(msg.contains("[limits] file_bytes = 13000"), "{what}: {msg}");
        assert!(!msg.contains("no service"), "{what}: not missing: {msg}");
    }
}

/// `.xltx` (and `.xlsb`, `.xltm`) are workbook extensions in discovery too: a folder whose only
/// form is `推荐表.xltx` beside a sub-folder is an applicant with its form read, not a
/// grouping folder.
#[test]
fn a_form_with_any_workbook_extension_makes_its_folder_an_applicant() {
    let dir = tempfile::tempdir().unwrap();
    let round = dir.path().join("round");
    let app = round.join("历下区").join("甲");
    std::fs::create_dir_all(app.join("合作协议")).unwrap();
    std::fs::copy(sample().join("1-推荐表.xlsx"), app.join("推荐表.xltx")).unwrap();
    std::fs::copy(
        sample().join("合作协议/合作协议-济南九州检测技术有限公司.png"),
        app.join("合作协议/协议.png"),
    )
    .unwrap();
    let out = evaluate(&round, &dir.path().join("out"), None);
    let ids: Vec<&str> = out.report.iter().map(|r| r["applicant"].as_str()).collect();
    assert_eq!(ids, vec!["甲"]);
    // The form was read: its premises area is the criterion's value.
    let premises = row(&out, "甲", "A14.3.premises");
    assert!(!premises["value"].is_empty(), "{premises:?}");
    let rules = sme_audit::rules::Rules::jinan_2021();
    for name in [
        "推荐表.xlsb",
        "推荐表.xltm",
        "推荐表.xltx",
        "推荐表.xlsm",
        "推荐表.csv",
    ] {
        assert!(sme_audit::discover::is_form_name(name, &rules), "{name}");
    }
    assert!(!sme_audit::discover::is_form_name("推荐表.pdf", &rules));
}

/// A roster cut by `sheet_rows` is a part not read: its 12 staff read as fewer than 10 must
/// make A14.5.staff review (a lower bound), never a confident fail.
#[test]
fn a_roster_cut_by_a_limit_is_review_never_fail() {
    let mut rules = sme_audit::rules::Rules::jinan_2021();
    rules.limits.sheet_rows = 8;
    let roster = std::fs::read(sample().join("2-专职人员名册.xlsx")).unwrap();
    let files = vec![sme_audit::discover::RawFile {
        rel: "2-专职人员名册.xlsx".into(),
        bytes: Ok(roster),
    }];
    let app = sme_audit::extract::read_files("甲", files, &rules);
    assert!(app.facts.roster_found.is_read());
    assert!(!app.facts.roster_found.is_complete(), "the cut is recorded");
    assert!(
        app.facts.staff.len() < 10,
        "{} staff read",
        app.facts.staff.len()
    );
    let as_of = chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap();
    let ctx = sme_audit::evaluate::Context::new(rules, as_of);
    let result = sme_audit::evaluate::evaluate_applicant(&app, &ctx);
    let staff = result
        .outcomes
        .iter()
        .find(|o| o.criterion == "A14.5.staff")
        .unwrap();
    assert_eq!(
        staff.verdict,
        sme_audit::evaluate::Verdict::Review,
        "{staff:?}"
    );
    // The same roster read whole passes.
    let whole = sme_audit::rules::Rules::jinan_2021();
    let files = vec![sme_audit::discover::RawFile {
        rel: "2-专职人员名册.xlsx".into(),
        bytes: Ok(std::fs::read(sample().join("2-专职人员名册.xlsx")).unwrap()),
    }];
    let app = sme_audit::extract::read_files("甲", files, &whole);
    assert!(app.facts.roster_found.is_complete());
    let ctx = sme_audit::evaluate::Context::new(whole, as_of);
    let result = sme_audit::evaluate::evaluate_applicant(&app, &ctx);
    let staff = result
        .outcomes
        .iter()
        .find(|o| o.criterion == "A14.5.staff")
        .unwrap();
    assert_eq!(
        staff.verdict,
        sme_audit::evaluate::Verdict::Pass,
        "{staff:?}"
    );
}

/// `image_pixels` from the rules file bounds an image file (from its header, before any pixel
/// is decoded) and a page image's decoding: 100×50 = 5000 pixels passes at 5000, not at 4999.
#[test]
fn image_pixels_from_the_rules_file_bounds_image_files_and_decoding() {
    use sme_audit::ingest::image::read_image_file;
    use sme_audit::model::DocStatus;
    let dir = tempfile::tempdir().unwrap();
    let img = image::RgbImage::from_pixel(100, 50, image::Rgb([250, 250, 250]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let png = png.into_inner();
    let limits_at = |value| {
        sme_audit::rules::Rules::load(&rules_with(dir.path(), "image_pixels", value))
            .unwrap()
            .limits
    };
    let (at, below) = (limits_at(5000), limits_at(4999));
    let read = read_image_file(&png, &at);
    assert_eq!(read.status, DocStatus::Scanned);
    let decoded = read.images[0].decode(&at).unwrap();
    assert_eq!(decoded.dimensions(), (100, 50));
    let err = read.images[0].decode(&below).unwrap_err();
    assert!(err.contains("[limits] image_pixels = 4999"), "{err}");
    match read_image_file(&png, &below).status {
        DocStatus::Unreadable(why) => {
            assert!(why.contains("[limits] image_pixels = 4999"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    // A PDF's Flate image is bounded alike.
    let raw = sme_audit::ingest::PageImage {
        page: 1,
        data: sme_audit::ingest::ImageData::Raw(sme_audit::ingest::RawImage {
            width: 100,
            height: 50,
            bits: 8,
            colour: sme_audit::ingest::RawColour::Gray,
            invert: false,
            filters: vec![],
            data: vec![250; 5000],
        }),
        quarter_turns: 0,
    };
    assert_eq!(raw.decode(&at).unwrap().dimensions(), (100, 50));
    let err = raw.decode(&below).unwrap_err();
    assert!(err.contains("[limits] image_pixels = 4999"), "{err}");
}
