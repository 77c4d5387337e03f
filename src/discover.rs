//! Discovery (SPEC §2): a round folder → submissions (applicant folders and zips).
//!
//! A folder or zip is an applicant when it directly holds an application form (by file name,
//! or by content for spreadsheets with uninformative names); otherwise a folder with
//! sub-folders is a district (or other grouping) folder and is walked into, its own loose
//! files becoming problems; a folder with files but no form and no sub-folders is an
//! applicant whose form is missing. Zip entry names stored in GBK without the UTF-8 flag are
//! decoded as GBK. Ids are folder names or zip stems, made unique with a `~N` suffix.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::ingest::spreadsheet::read_bounded;
use crate::model::{Problem, Severity};
use crate::rules::Rules;

/// Largest single file read (bytes); larger ones become problems.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// Largest total uncompressed size of one zip (zip-bomb guard).
pub const MAX_ZIP_BYTES: u64 = 1024 * 1024 * 1024;
/// Most entries read from one zip.
pub const MAX_ZIP_ENTRIES: usize = 20_000;
/// Deepest folder nesting walked.
const MAX_DEPTH: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionKind {
    Folder,
    Zip,
}

/// One applicant's submission, before reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: String,
    /// The folder the submission sits in, when it is not the round folder itself.
    pub district_folder: Option<String>,
    /// Absolute (or as given) path of the folder or zip.
    pub path: PathBuf,
    /// Path relative to the round, `/`-separated.
    pub rel: String,
    pub kind: SubmissionKind,
}

/// The result of walking a round folder.
#[derive(Debug, Default)]
pub struct Round {
    pub submissions: Vec<Submission>,
    /// Round-level problems: loose files in district folders, id clashes, unreadable folders.
    pub problems: Vec<Problem>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("找不到申报材料目录 {0}")]
    NotFound(String),
    #[error("{0} 不是目录")]
    NotADirectory(String),
}

/// Extensions read as spreadsheets (WPS's `.et` is BIFF-compatible).
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "et", "ods", "csv"];

pub fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

pub fn file_stem(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) if i > 0 => base[..i].to_string(),
        _ => base.to_string(),
    }
}

/// Whether a file name names an application form (a spreadsheet named 推荐表/申报表 …).
pub fn is_form_name(name: &str, rules: &Rules) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    SPREADSHEET_EXTENSIONS.contains(&extension(base).as_str())
        && rules.roles.form.iter().any(|k| base.contains(k.as_str()))
}

/// Whether a file name names any applicant material (roster, log, report, licence …).
fn is_applicant_material_name(name: &str, rules: &Rules) -> bool {
    let r = &rules.roles;
    [
        &r.roster,
        &r.service_log,
        &r.activity_log,
        &r.audit_report,
        &r.credit_report,
        &r.premises_proof,
        &r.licence,
        &r.authenticity,
    ]
    .iter()
    .any(|keys| keys.iter().any(|k| name.contains(k.as_str())))
}

/// Walks `round`. `is_form_file` is asked about spreadsheets whose names say nothing, so a
/// form named `1.xlsx` still makes its folder an applicant.
pub fn discover(
    round: &Path,
    rules: &Rules,
    is_form_file: &(dyn Fn(&Path) -> bool + Sync),
) -> Result<Round, DiscoverError> {
    if !round.exists() {
        return Err(DiscoverError::NotFound(round.display().to_string()));
    }
    if !round.is_dir() {
        return Err(DiscoverError::NotADirectory(round.display().to_string()));
    }
    let mut out = Round::default();
    walk(round, round, 0, rules, is_form_file, &mut out);
    out.submissions.sort_by(|a, b| a.rel.cmp(&b.rel));
    make_ids_unique(&mut out);
    // Reports are sorted by applicant id; reading in that order keeps every output stable.
    out.submissions.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn rel_path(round: &Path, p: &Path) -> String {
    p.strip_prefix(round)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn sorted_entries(dir: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        if is_noise(&name) {
            continue;
        }
        let path = entry.path();
        // The entry's own type (no extra stat); a symlink is followed to what it points at.
        let kind = match entry.file_type() {
            Ok(t) if t.is_symlink() => fs::metadata(&path).map(|m| m.file_type()),
            other => other,
        };
        match kind {
            Ok(t) if t.is_dir() => dirs.push(path),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
    files.sort();
    dirs.sort();
    Ok((files, dirs))
}

/// System litter that is never a submission file.
pub fn is_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name == "__MACOSX"
}

fn walk(
    round: &Path,
    dir: &Path,
    depth: usize,
    rules: &Rules,
    is_form_file: &(dyn Fn(&Path) -> bool + Sync),
    out: &mut Round,
) {
    let (files, dirs) = match sorted_entries(dir) {
        Ok(x) => x,
        Err(e) => {
            out.problems.push(Problem::new(
                rel_path(round, dir),
                "",
                Severity::Error,
                format!("无法读取目录：{e}"),
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let names = file_names(&files);
    let is_applicant = dir != round && holds_submission(&files, &names, &dirs, rules, is_form_file);
    if is_applicant {
        out.submissions.push(folder_submission(round, dir));
        return;
    }
    // A grouping folder (or the round itself): zips are applicants, other loose files are
    // listed, sub-folders are walked.
    for (i, file) in files.iter().enumerate() {
        if extension(&names[i]) == "zip" {
            out.submissions.push(Submission {
                id: file_stem(&names[i]),
                district_folder: parent_name(round, file),
                path: file.clone(),
                rel: rel_path(round, file),
                kind: SubmissionKind::Zip,
            });
        } else {
            out.problems.push(Problem::new(
                rel_path(round, file),
                "",
                Severity::Info,
                "分组目录中的文件，不属于任何申报单位，未评审",
                "loose file in a grouping folder: not part of any applicant, not evaluated",
            ));
        }
    }
    if depth >= MAX_DEPTH {
        if !dirs.is_empty() {
            out.problems.push(Problem::new(
                rel_path(round, dir),
                "",
                Severity::Error,
                "目录层级过深，未继续查找",
                "folders nested too deep; not walked further",
            ));
        }
        return;
    }
    for sub in &dirs {
        walk(round, sub, depth + 1, rules, is_form_file, out);
    }
}

fn file_names(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            f.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string()
        })
        .collect()
}

/// Whether a folder's own files make it a submission: a form (by name, or by content for
/// spreadsheets with uninformative names), at least two files named as applicant material,
/// or files and no sub-folders at all.
fn holds_submission(
    files: &[PathBuf],
    names: &[String],
    dirs: &[PathBuf],
    rules: &Rules,
    is_form_file: &(dyn Fn(&Path) -> bool + Sync),
) -> bool {
    let non_zip: Vec<usize> = (0..files.len())
        .filter(|&i| extension(&names[i]) != "zip")
        .collect();
    let holds_form = non_zip.iter().any(|&i| is_form_name(&names[i], rules))
        || non_zip.iter().any(|&i| {
            SPREADSHEET_EXTENSIONS.contains(&extension(&names[i]).as_str())
                && is_form_file(&files[i])
        });
    let material_names = non_zip
        .iter()
        .filter(|&&i| is_applicant_material_name(&names[i], rules))
        .count();
    holds_form || (dirs.is_empty() && !non_zip.is_empty()) || material_names >= 2
}

/// Whether `dir` itself is one applicant's folder (as discovery would take it).
pub fn is_applicant_dir(
    dir: &Path,
    rules: &Rules,
    is_form_file: &(dyn Fn(&Path) -> bool + Sync),
) -> bool {
    match sorted_entries(dir) {
        Ok((files, dirs)) => {
            let names = file_names(&files);
            holds_submission(&files, &names, &dirs, rules, is_form_file)
        }
        Err(_) => false,
    }
}

fn parent_name(round: &Path, p: &Path) -> Option<String> {
    let parent = p.parent()?;
    if parent == round {
        return None;
    }
    Some(parent.file_name()?.to_string_lossy().to_string())
}

fn folder_submission(round: &Path, dir: &Path) -> Submission {
    Submission {
        id: dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        district_folder: parent_name(round, dir),
        path: dir.to_path_buf(),
        rel: rel_path(round, dir),
        kind: SubmissionKind::Folder,
    }
}

fn make_ids_unique(round: &mut Round) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for s in &round.submissions {
        *count.entry(s.id.clone()).or_default() += 1;
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in &mut round.submissions {
        if count[&s.id] > 1 {
            let n = seen.entry(s.id.clone()).or_default();
            *n += 1;
            let new_id = format!("{}~{}", s.id, n);
            round.problems.push(Problem {
                applicant: new_id.clone(),
                ..Problem::new(
                    s.rel.clone(),
                    "",
                    Severity::Warning,
                    format!("申报单位名称“{}”在本轮中重复，已改为“{}”", s.id, new_id),
                    format!(
                        "applicant id '{}' occurs more than once in the round; renamed '{}'",
                        s.id, new_id
                    ),
                )
            });
            s.id = new_id;
        }
    }
}

/// One file of a submission, with its bytes or the reason it could not be read.
pub struct RawFile {
    /// Path relative to the submission, `/`-separated.
    pub rel: String,
    pub bytes: Result<Vec<u8>, (String, String)>,
}

/// Calls `f` for every file of a submission in path order; folders are walked, zips read
/// entry by entry (bounded). Problems reading the container itself are returned.
pub fn for_each_file(sub: &Submission, mut f: impl FnMut(RawFile)) -> Vec<Problem> {
    match sub.kind {
        SubmissionKind::Folder => {
            let mut problems = Vec::new();
            let mut paths = Vec::new();
            collect_files(&sub.path, &sub.path, 0, &mut paths, &mut problems);
            paths.sort();
            let mut zipped: u64 = 0;
            for (rel, path) in paths {
                let bytes = read_file(&path);
                if extension(&rel) == "zip"
                    && let Ok(b) = &bytes
                    && let Some(inner) = unpack_nested(&rel, b, &mut zipped, &mut f)
                {
                    problems.extend(inner);
                    continue;
                }
                f(RawFile { rel, bytes });
            }
            problems
        }
        SubmissionKind::Zip => read_zip(&sub.path, f),
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, (String, String)> {
    let file = fs::File::open(path).map_err(|e| {
        (
            format!("无法打开文件：{e}"),
            format!("cannot open file: {e}"),
        )
    })?;
    // Reserve what the file says it holds (bounded), so the read does not regrow the buffer.
    let expected = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES) as usize;
    match read_bounded(file, MAX_FILE_BYTES, expected) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err((
            format!("文件超过 {} MB，未读取", MAX_FILE_BYTES / 1024 / 1024),
            format!(
                "file larger than {} MB, not read",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )),
        Err(e) => Err((
            format!("读取文件出错：{e}"),
            format!("error reading file: {e}"),
        )),
    }
}

fn collect_files(
    root: &Path,
    dir: &Path,
    depth: usize,
    out: &mut Vec<(String, PathBuf)>,
    problems: &mut Vec<Problem>,
) {
    let (files, dirs) = match sorted_entries(dir) {
        Ok(x) => x,
        Err(e) => {
            problems.push(Problem::new(
                rel_path(root, dir),
                "",
                Severity::Error,
                format!("无法读取目录：{e}"),
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    for f in files {
        out.push((rel_path(root, &f), f));
    }
    if depth < MAX_DEPTH {
        for d in dirs {
            collect_files(root, &d, depth + 1, out, problems);
        }
    }
}

/// Decodes a zip entry name: UTF-8 when flagged or valid UTF-8, else GBK (Chinese Windows).
pub fn decode_zip_name(raw: &[u8], utf8_flag: bool) -> String {
    if utf8_flag {
        return String::from_utf8_lossy(raw).into_owned();
    }
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

fn read_zip(path: &Path, mut f: impl FnMut(RawFile)) -> Vec<Problem> {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            return vec![Problem::new(
                "",
                "",
                Severity::Error,
                format!("无法打开压缩包：{e}"),
                format!("cannot open zip: {e}"),
            )];
        }
    };
    match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(mut archive) => {
            let mut total = 0;
            unpack(&mut archive, "", true, &mut total, &mut f)
        }
        Err(e) => vec![Problem::new(
            "",
            "",
            Severity::Error,
            format!("压缩包损坏，无法读取：{e}"),
            format!("damaged zip, cannot read: {e}"),
        )],
    }
}

/// A zip inside a submission (合作协议.zip) unpacked in place, as the folder `合作协议/`.
/// `None` when the bytes are not a readable zip (the caller then passes the file on as is).
fn unpack_nested(
    rel: &str,
    bytes: &[u8],
    total: &mut u64,
    f: &mut dyn FnMut(RawFile),
) -> Option<Vec<Problem>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let folder = match rel.rfind('.') {
        Some(i) => &rel[..i],
        None => rel,
    };
    Some(unpack(&mut archive, &format!("{folder}/"), false, total, f))
}

/// Reads a zip's entries in name order (bounded: entry count, bytes in all), stripping a
/// single top folder, and hands each on with `prefix` before its path. With `nested`, zips
/// among the entries are unpacked in place too (one level).
fn unpack<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    prefix: &str,
    nested: bool,
    total: &mut u64,
    f: &mut dyn FnMut(RawFile),
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut entries: Vec<(String, usize)> = Vec::new();
    let count = archive.len();
    if count > MAX_ZIP_ENTRIES {
        problems.push(Problem::new(
            prefix.trim_end_matches('/'),
            "",
            Severity::Error,
            format!("压缩包内文件过多（{count} 个），只读取前 {MAX_ZIP_ENTRIES} 个"),
            format!("zip holds {count} entries; only the first {MAX_ZIP_ENTRIES} were read"),
        ));
    }
    for i in 0..count.min(MAX_ZIP_ENTRIES) {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        if entry.is_dir() {
            continue;
        }
        // Names flagged UTF-8 are valid UTF-8, so validity decides: GBK names (Chinese
        // Windows, no flag) are almost never valid UTF-8.
        let name = decode_zip_name(entry.name_raw(), false).replace('\\', "/");
        let name = name.trim_start_matches('/').to_string();
        if name.is_empty() || name.split('/').any(|part| is_noise(part) || part == "..") {
            continue;
        }
        entries.push((name, i));
    }
    // A zip whose files all sit in one top folder: that folder is the submission itself.
    let top = common_top_folder(entries.iter().map(|(n, _)| n.as_str()));
    entries.sort();
    for (name, index) in entries {
        let rel = match &top {
            Some(p) => format!("{prefix}{}", &name[p.len() + 1..]),
            None => format!("{prefix}{name}"),
        };
        let bytes = match archive.by_index(index) {
            Ok(mut entry) => {
                let left = MAX_ZIP_BYTES.saturating_sub(*total).min(MAX_FILE_BYTES);
                let mut buf = Vec::new();
                match entry.by_ref().take(left + 1).read_to_end(&mut buf) {
                    Ok(_) if buf.len() as u64 > left => Err((
                        "压缩包内文件解压后过大（疑似压缩炸弹），未读取".to_string(),
                        "entry too large when uncompressed (zip bomb?), not read".to_string(),
                    )),
                    Ok(_) => {
                        *total += buf.len() as u64;
                        Ok(buf)
                    }
                    Err(e) => Err((format!("解压失败：{e}"), format!("cannot decompress: {e}"))),
                }
            }
            Err(e) => Err((format!("解压失败：{e}"), format!("cannot decompress: {e}"))),
        };
        if nested
            && extension(&rel) == "zip"
            && let Ok(b) = &bytes
            && let Some(inner) = unpack_nested(&rel, b, total, f)
        {
            problems.extend(inner);
            continue;
        }
        f(RawFile { rel, bytes });
    }
    problems
}

fn common_top_folder<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut top: Option<&str> = None;
    for name in names {
        let (first, rest) = name.split_once('/')?;
        if rest.is_empty() {
            return None;
        }
        match top {
            None => top = Some(first),
            Some(t) if t == first => {}
            Some(_) => return None,
        }
    }
    top.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_zip_names_decode_and_utf8_ones_stay() {
        let (gbk, _, _) = encoding_rs::GBK.encode("推荐表.xlsx");
        assert_eq!(decode_zip_name(&gbk, false), "推荐表.xlsx");
        assert_eq!(
            decode_zip_name("推荐表.xlsx".as_bytes(), true),
            "推荐表.xlsx"
        );
        assert_eq!(
            decode_zip_name("推荐表.xlsx".as_bytes(), false),
            "推荐表.xlsx"
        );
    }

    #[test]
    fn a_single_top_folder_inside_a_zip_is_stripped() {
        let names = ["平台/推荐表.xlsx", "平台/合作协议/a.pdf"];
        assert_eq!(
            common_top_folder(names.iter().copied()),
            Some("平台".to_string())
        );
        let names = ["推荐表.xlsx", "合作协议/a.pdf"];
        assert_eq!(common_top_folder(names.iter().copied()), None);
        let names = ["a/推荐表.xlsx", "b/x.pdf"];
        assert_eq!(common_top_folder(names.iter().copied()), None);
    }

    #[test]
    fn stems_and_extensions() {
        assert_eq!(file_stem("历城区/某平台.zip"), "某平台");
        assert_eq!(extension("A.XLSX"), "xlsx");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }
}
