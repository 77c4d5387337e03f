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
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::ingest::spreadsheet::read_bounded;
use crate::limits::{Limits, named};
use crate::model::{Problem, Severity};
use crate::rules::Rules;

// Every size, count and depth bound here is a `[limits]` key of the rules file
// (`crate::limits::Limits`): `file_bytes` (one file, and one archive entry's declared size),
// `archive_bytes` (bytes inflated from the zips of one submission, every byte counted, those
// of refused entries included), `archive_entries`, `archive_directory_bytes`,
// `archive_refused_rows` and `folder_depth`. Every cut names its key.

mod archive;
pub use archive::{ARCHIVE_EXTENSIONS, is_archive};

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
    /// A district's own recommendation lists (推荐汇总表) found loose in a grouping folder,
    /// path relative to the round and on disk: cross-checked against the verdicts.
    pub recommendation_lists: Vec<(String, PathBuf)>,
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

/// Extensions of the workbooks read (besides CSV): Excel, its macro and template variants,
/// binary workbooks, WPS (`.et` is BIFF-compatible) and LibreOffice. The one list used by
/// discovery (is this a form?) and by extraction (read it as a workbook).
pub const WORKBOOK_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xltx", "xltm", "xlsb", "xls", "et", "ett", "ods",
];

/// Whether a file name's extension (lower case, no dot) is read as a spreadsheet: a workbook
/// or CSV.
pub fn is_spreadsheet_extension(ext: &str) -> bool {
    ext == "csv" || WORKBOOK_EXTENSIONS.contains(&ext)
}

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
    is_spreadsheet_extension(&extension(base))
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
    discover_skipping(round, rules, is_form_file, &[])
}

/// Like `discover`, never walking into the folders in `skip` (the run's own `--out` folder).
///
/// Links and special files: a symbolic link (or Windows junction) is never followed, wherever
/// it points — each is a problem row, so nothing outside the round is ever read and no link
/// loop can multiply an applicant. FIFOs, sockets and devices are never opened (a problem row
/// each). Folders already visited (same device and inode, e.g. through a bind mount) are not
/// walked again. A folder that holds a previous run's reports is skipped with a row.
///
/// When `round` itself directly holds an application form, it is one applicant's folder (the
/// user pointed at an applicant) and is evaluated as that applicant, with a row saying so.
pub fn discover_skipping(
    round: &Path,
    rules: &Rules,
    is_form_file: &(dyn Fn(&Path) -> bool + Sync),
    skip: &[PathBuf],
) -> Result<Round, DiscoverError> {
    if !round.exists() {
        return Err(DiscoverError::NotFound(round.display().to_string()));
    }
    if !round.is_dir() {
        return Err(DiscoverError::NotADirectory(round.display().to_string()));
    }
    let mut out = Round::default();
    let mut walker = Walker {
        round,
        rules,
        is_form_file,
        skip: skip
            .iter()
            .filter_map(|p| fs::canonicalize(p).ok())
            .collect(),
        visited: Visited::default(),
    };
    if let Ok(listing) = list_dir(round) {
        let names = file_names(&listing.files);
        if holds_form(&listing.files, &names, rules, is_form_file) {
            let mut sub = folder_submission(round, round);
            sub.district_folder = round
                .canonicalize()
                .ok()
                .and_then(|p| {
                    p.parent()
                        .and_then(|p| p.file_name())
                        .map(|n| n.to_os_string())
                })
                .map(|n| n.to_string_lossy().to_string());
            out.problems.push(Problem {
                applicant: sub.id.clone(),
                ..Problem::new(
                    "",
                    "",
                    Severity::Info,
                    "所给目录本身就是一个申报单位（直接含有推荐表），按一个申报单位评审",
                    "the folder given is itself one applicant (it holds the form); evaluated as one applicant",
                )
            });
            out.submissions.push(sub);
            return Ok(out);
        }
    }
    walker.walk(round, 0, &mut out);
    out.submissions.sort_by(|a, b| a.rel.cmp(&b.rel));
    make_ids_unique(&mut out);
    // Reports are sorted by applicant id; reading in that order keeps every output stable.
    out.submissions.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn rel_path(round: &Path, p: &Path) -> String {
    let rel = p
        .strip_prefix(round)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/");
    clean_name(&rel).0
}

/// A name with control characters (NUL, newlines …) replaced by U+FFFD, and whether any was.
pub fn clean_name(name: &str) -> (String, bool) {
    if name.chars().any(char::is_control) {
        let cleaned = name
            .chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect();
        (cleaned, true)
    } else {
        (name.to_string(), false)
    }
}

/// What a folder holds, by the entries' own types (links are not followed).
#[derive(Default)]
struct Listing {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    /// Entries that are never read, each with why.
    skipped: Vec<(PathBuf, Skipped)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skipped {
    /// A symbolic link (or junction); `true` when it resolves inside the folder walked.
    Link(bool),
    /// A FIFO, socket or device.
    Special,
    /// An Office lock file (`~$…`).
    Lock,
}

fn list_dir(dir: &Path) -> std::io::Result<Listing> {
    let mut out = Listing::default();
    let root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        if name.starts_with("~$") {
            out.skipped.push((path, Skipped::Lock));
            continue;
        }
        if is_noise(&name) {
            continue;
        }
        // The entry's own type (lstat): a link is never followed.
        match entry.file_type() {
            Ok(t) if t.is_symlink() => {
                let inside = fs::canonicalize(&path).is_ok_and(|t| t.starts_with(&root));
                out.skipped.push((path, Skipped::Link(inside)));
            }
            Ok(t) if t.is_dir() => out.dirs.push(path),
            Ok(t) if t.is_file() => out.files.push(path),
            _ => out.skipped.push((path, Skipped::Special)),
        }
    }
    out.files.sort();
    out.dirs.sort();
    out.skipped.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The problem row of an entry that is not read.
fn skipped_problem(file: String, why: Skipped) -> Problem {
    match why {
        Skipped::Link(true) => Problem::new(
            file,
            "",
            Severity::Warning,
            "符号链接（快捷方式），未跟随读取；请直接提交文件本身",
            "symbolic link: not followed; submit the file itself",
        ),
        Skipped::Link(false) => Problem::new(
            file,
            "",
            Severity::Error,
            "符号链接指向所在目录以外（或无效、循环），未读取",
            "symbolic link pointing outside its folder (or broken, or looping): not read",
        ),
        Skipped::Special => Problem::new(
            file,
            "",
            Severity::Error,
            "不是普通文件（管道、套接字或设备），未读取",
            "not a regular file (FIFO, socket or device): not read",
        ),
        Skipped::Lock => Problem::new(
            file,
            "",
            Severity::Info,
            "Office/WPS 临时锁定文件（~$ 开头），已忽略",
            "Office/WPS lock file (~$…): ignored",
        ),
    }
}

/// System litter that is never a submission file.
pub fn is_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name == "__MACOSX"
}

/// Report files a previous run writes: a folder holding all of them is an output folder.
pub const REPORT_FILES: [&str; 4] = ["report.csv", "criteria.csv", "problems.csv", "summary.csv"];

/// Whether a folder is a run's output folder: one of `skip`, or holding our four reports.
fn is_output_folder(dir: &Path, skip: &[PathBuf]) -> bool {
    (!skip.is_empty() && fs::canonicalize(dir).is_ok_and(|c| skip.contains(&c)))
        || REPORT_FILES.iter().all(|f| dir.join(f).is_file())
}

fn output_folder_problem(rel: String) -> Problem {
    Problem::new(
        rel,
        "",
        Severity::Info,
        "本工具的输出目录（含评审报告），已跳过",
        "an output folder of this tool (holds its reports): skipped",
    )
}

/// Folders already walked, by (device, inode): a folder reached twice (bind mounts) is not
/// walked again.
#[derive(Default)]
struct Visited(std::collections::HashSet<(u64, u64)>);

impl Visited {
    /// False when `dir` was seen before.
    fn first_visit(&mut self, dir: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match fs::symlink_metadata(dir) {
                Ok(m) => self.0.insert((m.dev(), m.ino())),
                Err(_) => true,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = (dir, &self.0);
            true
        }
    }
}

fn loop_problem(rel: String) -> Problem {
    Problem::new(
        rel,
        "",
        Severity::Error,
        "目录循环（同一目录第二次出现），未再读取",
        "folder loop (the same folder reached twice): not read again",
    )
}

struct Walker<'a> {
    round: &'a Path,
    rules: &'a Rules,
    is_form_file: &'a (dyn Fn(&Path) -> bool + Sync),
    skip: Vec<PathBuf>,
    visited: Visited,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, depth: usize, out: &mut Round) {
        let round = self.round;
        if !self.visited.first_visit(dir) {
            out.problems.push(loop_problem(rel_path(round, dir)));
            return;
        }
        let listing = match list_dir(dir) {
            Ok(x) => x,
            Err(e) => {
                let rel = rel_path(round, dir);
                let (zh, en) = crate::os_error::explain_pair(&e, Path::new(&rel));
                out.problems.push(Problem::new(
                    rel,
                    "",
                    Severity::Error,
                    format!("无法读取目录：{zh}"),
                    format!("cannot read folder: {en}"),
                ));
                return;
            }
        };
        let (files, dirs) = (&listing.files, &listing.dirs);
        let names = file_names(files);
        let is_applicant =
            dir != round && holds_submission(files, &names, dirs, self.rules, self.is_form_file);
        if is_applicant {
            out.submissions.push(folder_submission(round, dir));
            return;
        }
        for (path, why) in &listing.skipped {
            out.problems
                .push(skipped_problem(rel_path(round, path), *why));
        }
        // A grouping folder (or the round itself): zips are applicants, other loose files are
        // listed, sub-folders are walked.
        for (i, file) in files.iter().enumerate() {
            if is_archive(&names[i]) {
                out.submissions.push(Submission {
                    id: clean_name(&file_stem(&names[i])).0,
                    district_folder: parent_name(round, file),
                    path: file.clone(),
                    rel: rel_path(round, file),
                    kind: SubmissionKind::Zip,
                });
            } else if dir != round
                && self
                    .rules
                    .roles
                    .recommendation_list
                    .iter()
                    .any(|k| !k.is_empty() && names[i].contains(k.as_str()))
            {
                out.recommendation_lists
                    .push((rel_path(round, file), file.clone()));
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
        let max_depth = self.rules.limits.folder_depth;
        if depth >= max_depth {
            if !dirs.is_empty() {
                let key = named("folder_depth", max_depth);
                out.problems.push(Problem::new(
                    rel_path(round, dir),
                    "",
                    Severity::Error,
                    format!("目录层级过深（{key}），未继续查找"),
                    format!("folders nested too deep ({key}); not walked further"),
                ));
            }
            return;
        }
        for sub in dirs {
            if is_output_folder(sub, &self.skip) {
                out.problems
                    .push(output_folder_problem(rel_path(round, sub)));
                continue;
            }
            self.walk(sub, depth + 1, out);
        }
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

/// Whether a folder's own files hold an application form (by name, or by content for
/// spreadsheets with uninformative names).
fn holds_form(
    files: &[PathBuf],
    names: &[String],
    rules: &Rules,
    is_form_file: &(dyn Fn(&Path) -> bool + Sync),
) -> bool {
    let non_zip: Vec<usize> = (0..files.len())
        .filter(|&i| !is_archive(&names[i]))
        .collect();
    non_zip.iter().any(|&i| is_form_name(&names[i], rules))
        || non_zip
            .iter()
            .any(|&i| is_spreadsheet_extension(&extension(&names[i])) && is_form_file(&files[i]))
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
        .filter(|&i| !is_archive(&names[i]))
        .collect();
    let material_names = non_zip
        .iter()
        .filter(|&&i| is_applicant_material_name(&names[i], rules))
        .count();
    holds_form(files, names, rules, is_form_file)
        || (dirs.is_empty() && !non_zip.is_empty())
        || material_names >= 2
}

/// Whether `dir` itself is one applicant's folder (as discovery would take it).
pub fn is_applicant_dir(
    dir: &Path,
    rules: &Rules,
    is_form_file: &(dyn Fn(&Path) -> bool + Sync),
) -> bool {
    match list_dir(dir) {
        Ok(l) => {
            let names = file_names(&l.files);
            holds_submission(&l.files, &names, &l.dirs, rules, is_form_file)
        }
        Err(_) => false,
    }
}

fn parent_name(round: &Path, p: &Path) -> Option<String> {
    let parent = p.parent()?;
    if parent == round {
        return None;
    }
    Some(clean_name(&parent.file_name()?.to_string_lossy()).0)
}

fn folder_submission(round: &Path, dir: &Path) -> Submission {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .or_else(|| {
            fs::canonicalize(dir)
                .ok()?
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
        })
        .unwrap_or_default();
    Submission {
        id: clean_name(&name).0,
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

/// Test hook for crash isolation: when the hidden environment variable
/// `SME_AUDIT_INJECT_PANIC` is set and `name` contains its value, panics. Readers call it with
/// a file's path, the evaluation with an applicant's id, so a test can prove that a panic
/// costs one file (or one applicant) and never the run. Unset, it does nothing.
#[doc(hidden)]
pub fn injected_panic(name: &str) {
    static MARKER: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let marker = MARKER.get_or_init(|| {
        std::env::var("SME_AUDIT_INJECT_PANIC")
            .ok()
            .filter(|m| !m.is_empty())
    });
    if let Some(m) = marker
        && name.contains(m.as_str())
    {
        panic!("injected panic for {name}");
    }
}

/// Calls `f` for every file of a submission in path order; folders are walked, zips read
/// entry by entry (bounded by `limits`). Problems reading the container itself are returned.
pub fn for_each_file(
    sub: &Submission,
    limits: &Limits,
    mut f: impl FnMut(RawFile),
) -> Vec<Problem> {
    match sub.kind {
        SubmissionKind::Folder => {
            let mut problems = Vec::new();
            let mut paths = Vec::new();
            let mut visited = Visited::default();
            collect_files(
                &sub.path,
                &sub.path,
                0,
                limits.folder_depth,
                &mut visited,
                &mut paths,
                &mut problems,
            );
            paths.sort();
            let mut budget = ZipBudget::new(limits);
            for (rel, path) in paths {
                let (rel, renamed) = clean_name(&rel);
                if renamed {
                    problems.push(control_char_problem(&rel));
                }
                let bytes = read_file(&path, limits);
                if is_archive(&rel)
                    && let Ok(b) = &bytes
                    && let Some(inner) = unpack_nested(&rel, b, &mut budget, &mut f)
                {
                    problems.extend(inner);
                    continue;
                }
                f(RawFile { rel, bytes });
            }
            problems.extend(budget.refused_summary());
            problems
        }
        SubmissionKind::Zip => archive::read_archive(&sub.path, limits, f),
    }
}

fn control_char_problem(rel: &str) -> Problem {
    Problem::new(
        rel,
        "",
        Severity::Warning,
        "文件名含控制字符（如 NUL、换行），已替换为 \u{FFFD}",
        "the file name holds control characters (NUL, line breaks …); replaced with \u{FFFD}",
    )
}

/// Reads a regular file (bounded by `[limits] file_bytes`). Anything else — a FIFO, a socket,
/// a device, a folder — is refused before it is opened, so a read never blocks.
/// A table file given on its own (a district's 推荐汇总表, a reviewer's decisions file): read
/// within `limits` and parsed by content — CSV in UTF-8 or GBK, or any workbook the readers
/// know (with their guards) — into sheets. The error is Chinese.
pub fn read_table(path: &Path, limits: &Limits) -> Result<Vec<crate::ingest::Sheet>, String> {
    let bytes = read_file(path, limits).map_err(|(zh, _)| zh)?;
    parse_table(&bytes, limits)
}

/// `read_table` of bytes already read.
pub fn parse_table(bytes: &[u8], limits: &Limits) -> Result<Vec<crate::ingest::Sheet>, String> {
    use crate::ingest::spreadsheet::{Sniffed, read_csv_limited, read_workbook_limited, sniff};
    match sniff(bytes) {
        Sniffed::Text => read_csv_limited(bytes, "Sheet1", limits).map(|(sheet, _)| vec![sheet]),
        _ => read_workbook_limited(bytes, limits),
    }
    .map_err(|e| e.to_string())
}

pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, (String, String)> {
    // The file's name, not the machine's path: problems.csv names the file already and must
    // not depend on where the round sits.
    let explained = |e: std::io::Error| {
        let name = path.file_name().map_or(path, Path::new);
        let (zh, en) = crate::os_error::explain_pair(&e, name);
        (
            format!("无法打开文件：{zh}"),
            format!("cannot open file: {en}"),
        )
    };
    let meta = fs::metadata(path).map_err(explained)?;
    if !meta.is_file() {
        return Err((
            "不是普通文件（管道、套接字、设备或目录），未读取".to_string(),
            "not a regular file (FIFO, socket, device or folder): not read".to_string(),
        ));
    }
    let file = fs::File::open(path).map_err(explained)?;
    // Reserve what the file says it holds (bounded), so the read does not regrow the buffer.
    let max = limits.file_bytes;
    let expected = meta.len().min(max) as usize;
    match read_bounded(file, max, expected) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => {
            let key = named("file_bytes", max);
            Err((
                format!("文件超过 {max} 字节（{key}），未读取"),
                format!("file larger than {max} bytes ({key}): not read"),
            ))
        }
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
    max_depth: usize,
    visited: &mut Visited,
    out: &mut Vec<(String, PathBuf)>,
    problems: &mut Vec<Problem>,
) {
    if !visited.first_visit(dir) {
        problems.push(loop_problem(rel_path(root, dir)));
        return;
    }
    let listing = match list_dir(dir) {
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
    for (path, why) in listing.skipped {
        problems.push(skipped_problem(rel_path(root, &path), why));
    }
    for f in listing.files {
        out.push((rel_path(root, &f), f));
    }
    if depth < max_depth {
        for d in listing.dirs {
            if is_output_folder(&d, &[]) {
                problems.push(output_folder_problem(rel_path(root, &d)));
                continue;
            }
            collect_files(root, &d, depth + 1, max_depth, visited, out, problems);
        }
    } else if !listing.dirs.is_empty() {
        let key = named("folder_depth", max_depth);
        problems.push(Problem::new(
            rel_path(root, dir),
            "",
            Severity::Error,
            format!("目录层级过深（{key}），未继续读取"),
            format!("folders nested too deep ({key}); not read further"),
        ));
    }
}

/// Decodes a zip entry name: UTF-8 when flagged or valid UTF-8, else GBK (Chinese Windows).
/// No byte-order mark is honoured: a name starting `FF FE` is not UTF-16.
pub fn decode_zip_name(raw: &[u8], utf8_flag: bool) -> String {
    if utf8_flag {
        return String::from_utf8_lossy(raw).into_owned();
    }
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

fn read_zip(path: &Path, limits: &Limits, mut f: impl FnMut(RawFile)) -> Vec<Problem> {
    let file = match fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|_| fs::File::open(path))
    {
        Some(Ok(file)) => file,
        Some(Err(e)) => {
            return vec![Problem::new(
                "",
                "",
                Severity::Error,
                format!("无法打开压缩包：{e}"),
                format!("cannot open zip: {e}"),
            )];
        }
        None => {
            return vec![Problem::new(
                "",
                "",
                Severity::Error,
                "压缩包不是普通文件，未读取",
                "the zip is not a regular file: not read",
            )];
        }
    };
    let mut reader = std::io::BufReader::new(file);
    let mut budget = ZipBudget::new(limits);
    match unpack(&mut reader, "", true, &mut budget, &mut f) {
        Ok(mut problems) => {
            problems.extend(budget.refused_summary());
            problems
        }
        Err((zh, en)) => vec![Problem::new(
            "",
            "",
            Severity::Error,
            format!("压缩包损坏，无法读取：{zh}"),
            format!("damaged zip, cannot read: {en}"),
        )],
    }
}

/// A zip inside a submission (合作协议.zip) unpacked in place, as the folder `合作协议/`.
/// `None` when the bytes are not a readable zip (the caller then passes the file on as is).
fn unpack_nested(
    rel: &str,
    bytes: &[u8],
    budget: &mut ZipBudget,
    f: &mut dyn FnMut(RawFile),
) -> Option<Vec<Problem>> {
    if extension(rel) != "zip" {
        return archive::unpack_nested_other(rel, bytes, budget, f);
    }
    let folder = match rel.rfind('.') {
        Some(i) => &rel[..i],
        None => rel,
    };
    let mut cursor = std::io::Cursor::new(bytes);
    unpack(&mut cursor, &format!("{folder}/"), false, budget, f).ok()
}

/// What the zips of one submission have cost so far: bytes inflated (all of them, refused
/// entries' included) and entries refused for their declared size (listed one by one up to
/// `[limits] archive_refused_rows`, then counted in one row), with the limits they run under.
#[derive(Debug)]
struct ZipBudget {
    inflated: u64,
    refused: usize,
    limits: Limits,
}

impl ZipBudget {
    fn new(limits: &Limits) -> Self {
        ZipBudget {
            inflated: 0,
            refused: 0,
            limits: *limits,
        }
    }

    /// The row counting the refused entries not listed one by one.
    fn refused_summary(&self) -> Option<Problem> {
        let more = self
            .refused
            .checked_sub(self.limits.archive_refused_rows)
            .filter(|&m| m > 0)?;
        let key = named("file_bytes", self.limits.file_bytes);
        let rows = named("archive_refused_rows", self.limits.archive_refused_rows);
        Some(Problem::new(
            "",
            "",
            Severity::Error,
            format!(
                "另有 {more} 个压缩包内文件声明过大（{key}），未解压（疑似压缩炸弹；逐个列出的上限 {rows}）"
            ),
            format!(
                "{more} more zip entries declare oversized contents ({key}) and were not inflated (zip bomb?; rows listed one by one: {rows})"
            ),
        ))
    }
}

/// One entry of a zip's central directory, as declared there.
#[derive(Debug, Clone)]
struct CdEntry {
    /// Position in the central directory.
    index: usize,
    name: String,
    flags: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    /// Offset of the local header (corrected for data prepended to the archive).
    offset: u64,
    name_len: u64,
    symlink: bool,
}

type Why = (String, String);

fn le16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}
fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
fn le64(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).map_or(0, |s| {
        u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]])
    })
}

fn damaged(zh: &str, en: &str) -> Why {
    (zh.to_string(), en.to_string())
}

/// Reads a zip's central directory itself (every record, duplicates included: the zip crate
/// keeps only the last of equal names), bounded by `[limits] archive_directory_bytes` and
/// `archive_entries`. Returns the entries, the number of records the directory declares, and
/// where the directory starts.
fn central_directory<R: Read + Seek>(
    r: &mut R,
    limits: &Limits,
) -> Result<(Vec<CdEntry>, u64, u64), Why> {
    let io = |e: std::io::Error| {
        (
            format!("读取压缩包目录出错（{e}）"),
            format!("error reading the archive's directory ({e})"),
        )
    };
    let len = r.seek(SeekFrom::End(0)).map_err(io)?;
    let tail_len = len.min(22 + 65_535);
    r.seek(SeekFrom::Start(len - tail_len)).map_err(io)?;
    let mut tail = vec![0u8; tail_len as usize];
    r.read_exact(&mut tail).map_err(io)?;
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or_else(|| damaged("找不到压缩包目录", "no end of central directory"))?;
    let eocd_pos = len - tail_len + eocd as u64;
    let mut declared = u64::from(le16(&tail, eocd + 10));
    let mut cd_size = u64::from(le32(&tail, eocd + 12));
    let mut cd_offset = u64::from(le32(&tail, eocd + 16));
    let mut cd_end = eocd_pos;
    if declared == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // Zip64: the locator sits right before the end record.
        let loc = eocd
            .checked_sub(20)
            .filter(|&l| le32(&tail, l) == 0x0706_4b50)
            .ok_or_else(|| damaged("Zip64 目录定位记录缺失", "missing zip64 locator"))?;
        let at = le64(&tail, loc + 8);
        let mut rec = [0u8; 56];
        r.seek(SeekFrom::Start(at)).map_err(io)?;
        r.read_exact(&mut rec).map_err(io)?;
        if le32(&rec, 0) != 0x0606_4b50 {
            return Err(damaged("Zip64 目录记录损坏", "damaged zip64 end record"));
        }
        declared = le64(&rec, 32);
        cd_size = le64(&rec, 40);
        cd_offset = le64(&rec, 48);
        cd_end = at;
    }
    if cd_size > limits.archive_directory_bytes {
        let key = named("archive_directory_bytes", limits.archive_directory_bytes);
        return Err((
            format!("压缩包目录 {cd_size} 字节，过大（{key}）"),
            format!("central directory of {cd_size} bytes, too large ({key})"),
        ));
    }
    let cd_start = cd_end
        .checked_sub(cd_size)
        .ok_or_else(|| damaged("压缩包目录位置无效", "invalid central directory position"))?;
    // Data prepended to the archive (self-extracting zips) shifts every offset.
    let shift = cd_start
        .checked_sub(cd_offset)
        .ok_or_else(|| damaged("压缩包目录位置无效", "invalid central directory position"))?;
    r.seek(SeekFrom::Start(cd_start)).map_err(io)?;
    let mut cd = vec![0u8; cd_size as usize];
    r.read_exact(&mut cd).map_err(io)?;
    let mut entries = Vec::new();
    let mut pos = 0usize;
    let mut records = 0u64;
    while pos + 46 <= cd.len() && le32(&cd, pos) == 0x0201_4b50 {
        records += 1;
        let name_len = usize::from(le16(&cd, pos + 28));
        let extra_len = usize::from(le16(&cd, pos + 30));
        let comment_len = usize::from(le16(&cd, pos + 32));
        let next = pos + 46 + name_len + extra_len + comment_len;
        if next > cd.len() {
            return Err(damaged("压缩包目录被截断", "truncated central directory"));
        }
        if entries.len() < limits.archive_entries {
            let raw = &cd[pos + 46..pos + 46 + name_len];
            let extra = &cd[pos + 46 + name_len..pos + 46 + name_len + extra_len];
            let flags = le16(&cd, pos + 8);
            let mut size = u64::from(le32(&cd, pos + 24));
            let mut compressed = u64::from(le32(&cd, pos + 20));
            let mut offset = u64::from(le32(&cd, pos + 42));
            let mut unicode = None;
            let mut e = 0;
            while e + 4 <= extra.len() {
                let (id, n) = (le16(extra, e), usize::from(le16(extra, e + 2)));
                let data = extra.get(e + 4..e + 4 + n).unwrap_or(&[]);
                match id {
                    0x0001 => {
                        let mut at = 0;
                        for field in [&mut size, &mut compressed, &mut offset] {
                            if *field == 0xFFFF_FFFF && at + 8 <= data.len() {
                                *field = le64(data, at);
                                at += 8;
                            }
                        }
                    }
                    // Info-ZIP Unicode Path: used when it matches the raw name's CRC.
                    0x7075
                        if data.len() > 5
                            && data[0] == 1
                            && le32(data, 1) == crc32fast::hash(raw) =>
                    {
                        unicode = std::str::from_utf8(&data[5..]).ok().map(str::to_string);
                    }
                    _ => {}
                }
                e += 4 + n;
            }
            let host = le16(&cd, pos + 4) >> 8;
            let mode = le32(&cd, pos + 38) >> 16;
            entries.push(CdEntry {
                index: entries.len(),
                name: unicode.unwrap_or_else(|| decode_zip_name(raw, false)),
                flags,
                crc: le32(&cd, pos + 16),
                compressed,
                size,
                offset: offset.saturating_add(shift),
                name_len: name_len as u64,
                symlink: host == 3 && mode & 0o170_000 == 0o120_000,
            });
        }
        pos = next;
    }
    Ok((entries, declared.max(records), cd_start))
}

/// Whether two entries' data overlap (or run into the central directory): what overlapping
/// zip bombs do to inflate one kernel many times. Each entry's extent is counted from its
/// local header with the central directory's name length and compressed size, a lower bound
/// (local extra fields and data descriptors only add), so a sound archive never trips it.
fn overlapping(entries: &[CdEntry], cd_start: u64) -> bool {
    let mut spans: Vec<(u64, u64)> = entries
        .iter()
        .map(|e| {
            let end = e
                .offset
                .saturating_add(30)
                .saturating_add(e.name_len)
                .saturating_add(e.compressed);
            (e.offset, end)
        })
        .collect();
    spans.sort_unstable();
    spans.windows(2).any(|w| w[1].0 < w[0].1) || spans.iter().any(|s| s.1 > cd_start)
}

/// An entry's name cleaned for use as a path inside the submission: `\` → `/`, empty and `.`
/// parts dropped, control characters replaced. `Err` when a part is `..` (it points outside
/// the archive).
/// Screens one archive entry (zip or 7z) by its stored name: a path with `..` is refused, a
/// folder or noise (`__MACOSX`, `Thumbs.db` …) skipped, an Office lock file (`~$…`) and a link
/// reported, control characters replaced (with a row). `Some(path)` for an entry to read.
fn screen_entry(
    prefix: &str,
    raw: &str,
    is_dir: bool,
    is_link: bool,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let shown = |name: &str| format!("{prefix}{}", clean_name(name).0);
    let (name, renamed) = match entry_path(raw) {
        Ok(x) => x,
        Err(name) => {
            problems.push(Problem::new(
                shown(&name),
                "",
                Severity::Error,
                "压缩包内文件路径含“..”，指向压缩包以外，未读取",
                "archive entry path holds '..' (points outside the archive): not read",
            ));
            return None;
        }
    };
    let base = name.rsplit('/').next().unwrap_or("");
    if is_dir || name.is_empty() || name.split('/').any(is_noise) {
        return None;
    }
    if base.starts_with("~$") {
        problems.push(skipped_problem(shown(&name), Skipped::Lock));
        return None;
    }
    if is_link {
        problems.push(Problem::new(
            shown(&name),
            "",
            Severity::Warning,
            "压缩包内的符号链接，未跟随读取",
            "symbolic link inside the archive: not followed",
        ));
        return None;
    }
    if renamed {
        problems.push(control_char_problem(&shown(&name)));
    }
    Some(name)
}

fn entry_path(name: &str) -> Result<(String, bool), String> {
    let (name, renamed) = clean_name(&name.replace('\\', "/"));
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return Err(name);
    }
    Ok((parts.join("/"), renamed))
}

/// `dir/1-推荐表.xlsx` → `dir/1-推荐表 (2).xlsx`.
fn numbered(rel: &str, n: usize) -> String {
    let (dir, base) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", rel),
    };
    match base.rfind('.') {
        Some(i) if i > 0 => format!("{dir}{} ({n}){}", &base[..i], &base[i..]),
        _ => format!("{dir}{base} ({n})"),
    }
}

/// Inflates one entry: at most its declared size (one byte more proves a lie), every byte
/// inflated charged to `budget`, whatever the outcome.
fn inflate<R: Read + Seek>(r: &mut R, e: &CdEntry, budget: &mut u64) -> Result<Vec<u8>, Why> {
    let fail = |zh: String, en: String| {
        (
            format!("解压失败：{zh}"),
            format!("cannot decompress: {en}"),
        )
    };
    if e.flags & 1 != 0 {
        return Err((
            "压缩包内文件已加密，无法读取".into(),
            "encrypted entry, cannot read".into(),
        ));
    }
    r.seek(SeekFrom::Start(e.offset))
        .map_err(|x| fail(x.to_string(), x.to_string()))?;
    let mut window = r.take(30 + 2 * 65_535 + e.compressed);
    let options = zip::ZipReadOptions::new()
        .override_compressed_size(e.compressed)
        .override_uncompressed_size(e.size)
        .override_crc(e.crc);
    let mut buf = Vec::new();
    let read = match zip::read::read_zipfile_from_stream_with_options(&mut window, options) {
        Ok(Some(mut file)) => file
            .by_ref()
            .take(e.size + 1)
            .read_to_end(&mut buf)
            .map(|_| ())
            .map_err(|x| fail(x.to_string(), x.to_string())),
        Ok(None) => Err(fail("找不到文件头".into(), "no local header".into())),
        Err(x) => Err(fail(x.to_string(), x.to_string())),
    };
    *budget = budget.saturating_add(buf.len() as u64);
    read?;
    if buf.len() as u64 > e.size {
        return Err((
            "压缩包内文件解压后比声明的大（疑似压缩炸弹），未读取".into(),
            "entry inflates beyond its declared size (zip bomb?), not read".into(),
        ));
    }
    Ok(buf)
}

/// Reads a zip's entries in name order (bounded: entry count, declared and inflated bytes),
/// stripping a single top folder, and hands each on with `prefix` before its path. With
/// `nested`, zips among the entries are unpacked in place too (one level). `Err` when the
/// archive's directory cannot be read.
///
/// Refused without inflating: archives whose entries overlap (one row for the archive),
/// entries declared larger than `[limits] file_bytes`, entries once the submission's budget
/// (`archive_bytes` inflated in all) would be passed (one row, then stop), `..` paths,
/// links, encrypted entries. Duplicate names are all kept, later ones numbered.
fn unpack<R: Read + Seek>(
    reader: &mut R,
    prefix: &str,
    nested: bool,
    budget: &mut ZipBudget,
    f: &mut dyn FnMut(RawFile),
) -> Result<Vec<Problem>, Why> {
    let here = prefix.trim_end_matches('/').to_string();
    let limits = budget.limits;
    let (all, declared, cd_start) = central_directory(reader, &limits)?;
    let mut problems = Vec::new();
    let row =
        |file: &str, severity, zh: String, en: String| Problem::new(file, "", severity, zh, en);
    if declared > limits.archive_entries as u64 {
        let max = limits.archive_entries;
        let key = named("archive_entries", max);
        problems.push(row(
            &here,
            Severity::Error,
            format!("压缩包内文件过多（{declared} 个），只读取前 {max} 个（{key}）"),
            format!("zip holds {declared} entries; only the first {max} were read ({key})"),
        ));
    }
    if overlapping(&all, cd_start) {
        problems.push(row(
            &here,
            Severity::Error,
            "压缩包内多个文件指向同一段数据（重叠条目，疑似压缩炸弹），整个压缩包未读取".into(),
            "zip entries overlap one another (a zip bomb?): the archive was not read".into(),
        ));
        return Ok(problems);
    }
    let mut entries: Vec<(String, CdEntry)> = Vec::new();
    for e in all {
        let is_dir = e.name.ends_with('/') || e.name.ends_with('\\');
        if let Some(name) = screen_entry(prefix, &e.name, is_dir, e.symlink, &mut problems) {
            entries.push((name, e));
        }
    }
    // A zip whose files all sit in one top folder: that folder is the submission itself.
    let top = common_top_folder(entries.iter().map(|(n, _)| n.as_str()));
    entries.sort_by(|a, b| (&a.0, a.1.index).cmp(&(&b.0, b.1.index)));
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (pos, (name, e)) in entries.iter().enumerate() {
        let mut rel = match &top {
            Some(p) => format!("{prefix}{}", &name[p.len() + 1..]),
            None => format!("{prefix}{name}"),
        };
        let n = seen.entry(rel.clone()).or_default();
        *n += 1;
        if *n > 1 {
            let renamed = numbered(&rel, *n);
            problems.push(row(
                &renamed,
                Severity::Warning,
                format!("压缩包内有同名文件“{rel}”，这一个改名为“{renamed}”，两个都读取"),
                format!("the zip holds '{rel}' more than once; this one is read as '{renamed}'"),
            ));
            rel = renamed;
        }
        if e.size > limits.file_bytes {
            budget.refused += 1;
            if budget.refused <= limits.archive_refused_rows {
                let key = named("file_bytes", limits.file_bytes);
                f(RawFile {
                    rel,
                    bytes: Err((
                        format!(
                            "压缩包内文件声明解压后 {} 字节，超过限制（{key}），未解压",
                            e.size
                        ),
                        format!(
                            "entry declares {} bytes uncompressed, over the limit ({key}): not inflated",
                            e.size
                        ),
                    )),
                });
            }
            continue;
        }
        if e.size > limits.archive_bytes.saturating_sub(budget.inflated) {
            let left = entries.len() - pos;
            let key = named("archive_bytes", limits.archive_bytes);
            problems.push(row(
                &here,
                Severity::Error,
                format!("压缩包解压总量将超过限制（{key}，疑似压缩炸弹），其余 {left} 个文件未读取"),
                format!("the zips of this submission would inflate past the limit ({key}; zip bomb?): {left} remaining entries not read"),
            ));
            break;
        }
        let bytes = inflate(reader, e, &mut budget.inflated);
        if nested
            && is_archive(&rel)
            && let Ok(b) = &bytes
            && let Some(inner) = unpack_nested(&rel, b, budget, f)
        {
            problems.extend(inner);
            continue;
        }
        f(RawFile { rel, bytes });
    }
    Ok(problems)
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

    /// A stored zip written by hand: `(name, data, declared size)`; with `same_offset` every
    /// directory record points at the first local header (an overlapping bomb's shape).
    fn raw_zip(entries: &[(&[u8], &[u8], Option<u32>)], same_offset: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut cd = Vec::new();
        for (name, data, declared) in entries {
            let offset = if same_offset { 0 } else { out.len() as u32 };
            let crc = crc32fast::hash(data);
            let size = data.len() as u32;
            let usize_ = declared.unwrap_or(size);
            if !same_offset || out.is_empty() {
                out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
                out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                out.extend_from_slice(&crc.to_le_bytes());
                out.extend_from_slice(&size.to_le_bytes());
                out.extend_from_slice(&usize_.to_le_bytes());
                out.extend_from_slice(&(name.len() as u16).to_le_bytes());
                out.extend_from_slice(&0u16.to_le_bytes());
                out.extend_from_slice(name);
                out.extend_from_slice(data);
            }
            cd.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            cd.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            cd.extend_from_slice(&crc.to_le_bytes());
            cd.extend_from_slice(&size.to_le_bytes());
            cd.extend_from_slice(&usize_.to_le_bytes());
            cd.extend_from_slice(&(name.len() as u16).to_le_bytes());
            cd.extend_from_slice(&[0; 12]);
            cd.extend_from_slice(&offset.to_le_bytes());
            cd.extend_from_slice(name);
        }
        let cd_offset = out.len() as u32;
        let n = entries.len() as u16;
        out.extend_from_slice(&cd);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    type Delivered = Vec<(String, Result<Vec<u8>, (String, String)>)>;

    fn unpack_bytes(zip: &[u8], inflated: &mut u64) -> (Delivered, Vec<Problem>) {
        let mut got = Vec::new();
        let mut budget = ZipBudget {
            inflated: *inflated,
            ..ZipBudget::new(&Limits::default())
        };
        let mut problems = unpack(
            &mut std::io::Cursor::new(zip),
            "",
            true,
            &mut budget,
            &mut |raw: RawFile| got.push((raw.rel, raw.bytes)),
        )
        .expect("readable directory");
        problems.extend(budget.refused_summary());
        *inflated = budget.inflated;
        (got, problems)
    }

    #[test]
    fn duplicate_entry_names_are_both_read_the_second_numbered() {
        let zip = raw_zip(
            &[
                ("1-推荐表.xlsx".as_bytes(), b"valid", None),
                ("1-推荐表.xlsx".as_bytes(), b"garbage", None),
            ],
            false,
        );
        let (got, problems) = unpack_bytes(&zip, &mut 0);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "1-推荐表.xlsx");
        assert_eq!(
            got[0].1.as_deref().ok(),
            Some(&b"valid"[..]),
            "first keeps its name"
        );
        assert_eq!(got[1].0, "1-推荐表 (2).xlsx");
        assert_eq!(got[1].1.as_deref().ok(), Some(&b"garbage"[..]));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, "1-推荐表 (2).xlsx");
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    #[test]
    fn dot_dot_entries_are_rows_never_files() {
        let zip = raw_zip(
            &[
                (b"../evil.xlsx", b"x", None),
                (b"a/../../etc/passwd", b"y", None),
                (b"./ok/./a.pdf", b"z", None),
            ],
            false,
        );
        let (got, problems) = unpack_bytes(&zip, &mut 0);
        let rels: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        // `./ok/./a.pdf` is `ok/a.pdf`, the only file: its top folder `ok` is stripped.
        assert_eq!(
            rels,
            vec!["a.pdf"],
            "'.' parts dropped, '..' entries refused"
        );
        let files: Vec<&str> = problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, vec!["../evil.xlsx", "a/../../etc/passwd"]);
        assert!(problems.iter().all(|p| p.severity == Severity::Error));
    }

    #[test]
    fn ff_fe_names_are_not_utf16_and_control_characters_are_replaced() {
        // FF FE '1' NUL: as UTF-16LE this would read "1".
        let raw = [0xFF, 0xFE, b'1', 0x00];
        assert_ne!(decode_zip_name(&raw, false), "1");
        let zip = raw_zip(&[(&raw, b"x", None), (b"a\0b\n.xlsx", b"y", None)], false);
        let (got, problems) = unpack_bytes(&zip, &mut 0);
        assert_eq!(got.len(), 2);
        for (rel, _) in &got {
            assert!(!rel.chars().any(char::is_control), "{rel:?}");
        }
        assert!(got.iter().any(|g| g.0 == "a\u{FFFD}b\u{FFFD}.xlsx"));
        assert_eq!(problems.len(), 2, "one row per renamed entry: {problems:?}");
    }

    #[test]
    fn overlapping_entries_refuse_the_archive_with_one_row() {
        let kernel = vec![0u8; 1000];
        let names: Vec<String> = (0..50).map(|i| format!("{i}.xlsx")).collect();
        let entries: Vec<(&[u8], &[u8], Option<u32>)> = names
            .iter()
            .map(|n| (n.as_bytes(), &kernel[..], None))
            .collect();
        let zip = raw_zip(&entries, true);
        let mut budget = 0;
        let (got, problems) = unpack_bytes(&zip, &mut budget);
        assert!(got.is_empty());
        assert_eq!(budget, 0, "nothing inflated");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].en.contains("overlap"), "{:?}", problems[0]);
    }

    #[test]
    fn declared_sizes_are_checked_before_inflating_and_lies_are_charged() {
        // Declared over the per-entry limit: refused, nothing inflated.
        let big = (Limits::default().file_bytes + 1) as u32;
        let zip = raw_zip(&[(b"a.xlsx", b"abc", Some(big))], false);
        let mut budget = 0;
        let (got, _) = unpack_bytes(&zip, &mut budget);
        assert_eq!(budget, 0);
        assert!(got[0].1.as_ref().is_err_and(|e| e.1.contains("declares")));
        // Declared 2 bytes, holds 3: refused, at most 3 bytes inflated, all charged.
        let zip = raw_zip(&[(b"b.xlsx", b"abc", Some(2))], false);
        let mut budget = 0;
        let (got, _) = unpack_bytes(&zip, &mut budget);
        assert!(
            got[0].1.as_ref().is_err_and(|e| e.1.contains("declared")),
            "{:?}",
            got[0].1
        );
        assert!(budget <= 3);
        assert!(got[0].1.is_err());
        // The budget: an entry that would pass it stops the archive with one row.
        let zip = raw_zip(
            &[(b"c.xlsx", b"abc", None), (b"d.xlsx", b"def", None)],
            false,
        );
        let max = Limits::default().archive_bytes;
        let mut budget = max - 4;
        let (got, problems) = unpack_bytes(&zip, &mut budget);
        assert_eq!(got.len(), 1, "c fits (3 ≤ 4), d does not");
        assert_eq!(budget, max - 1);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].en.contains("1 remaining"), "{:?}", problems[0]);
    }

    #[test]
    fn many_oversized_entries_give_a_bounded_number_of_rows() {
        let names: Vec<String> = (0..200).map(|i| format!("{i:03}.pdf")).collect();
        let big = (Limits::default().file_bytes + 1) as u32;
        let entries: Vec<(&[u8], &[u8], Option<u32>)> = names
            .iter()
            .map(|n| (n.as_bytes(), &b"x"[..], Some(big)))
            .collect();
        let zip = raw_zip(&entries, false);
        let (got, problems) = unpack_bytes(&zip, &mut 0);
        assert_eq!(got.len(), Limits::default().archive_refused_rows);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].en.contains("180 more"), "{:?}", problems[0]);
    }

    #[test]
    fn folder_depth_comes_from_the_rules_and_the_cut_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("区").join("组").join("甲");
        fs::create_dir_all(deep.join("子").join("孙")).unwrap();
        fs::write(deep.join("推荐表.xlsx"), "x").unwrap();
        fs::write(deep.join("子").join("说明.txt"), "x").unwrap();
        fs::write(deep.join("子").join("孙").join("说明.txt"), "x").unwrap();
        let no_form = |_: &Path| false;
        let mut rules = Rules::jinan_2021();
        // Depth 2 reaches 区/组/甲 (walked at depth 2, not entered): its folder is cut.
        rules.limits.folder_depth = 2;
        let round = discover(dir.path(), &rules, &no_form).unwrap();
        assert!(round.submissions.is_empty(), "{:?}", round.submissions);
        let cut: Vec<_> = round
            .problems
            .iter()
            .filter(|p| p.en.contains("[limits] folder_depth = 2"))
            .collect();
        assert_eq!(cut.len(), 1, "{:?}", round.problems);
        assert_eq!(cut[0].file, "区/组");
        // One more level: 甲 is found.
        rules.limits.folder_depth = 3;
        let round = discover(dir.path(), &rules, &no_form).unwrap();
        let ids: Vec<&str> = round.submissions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["甲"]);
        // Inside the applicant, the files below the limit are cut with a row naming it.
        let sub = &round.submissions[0];
        let limits = Limits {
            folder_depth: 1,
            ..Limits::default()
        };
        let mut got = Vec::new();
        let problems = for_each_file(sub, &limits, |raw| got.push(raw.rel));
        assert_eq!(got, vec!["子/说明.txt", "推荐表.xlsx"]);
        assert!(
            problems
                .iter()
                .any(|p| p.file == "子" && p.en.contains("[limits] folder_depth = 1")),
            "{problems:?}"
        );
    }

    #[test]
    fn stems_and_extensions() {
        assert_eq!(file_stem("历城区/某平台.zip"), "某平台");
        assert_eq!(extension("A.XLSX"), "xlsx");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }
}
