//! Archives besides zip (SPEC §8.4). A `.7z` is read like a zip: the same entry stream (names
//! cleaned of control characters, `..` refused, links reported, one top folder stripped,
//! duplicate names numbered, name order), the same size and count limits, charged to the same
//! per-submission budget, and archives inside it unpacked one level. A `.rar` is not read: it
//! is a problem row asking for a zip or 7z instead (the UnRAR source cannot bound its own
//! memory, see the report of issue 11), never skipped silently.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek};
use std::path::Path;

use sevenz_rust2::{Archive, ArchiveEntry, BlockDecoder, Error as SzError, Password};

use super::{RawFile, Why, ZipBudget, common_top_folder, extension, numbered, read_zip};
use crate::limits::{Limits, named};
use crate::model::{Problem, Severity};

/// Extensions of the archives recognised as submissions and unpacked inside them.
pub const ARCHIVE_EXTENSIONS: &[&str] = &["zip", "7z", "rar"];

/// Whether a file name is an archive (`.zip`, `.7z`, `.rar`).
pub fn is_archive(name: &str) -> bool {
    ARCHIVE_EXTENSIONS.contains(&extension(name).as_str())
}

fn rar_why() -> Why {
    (
        "RAR 压缩包暂不支持，请改用 zip/7z 重新提交".into(),
        "RAR archives are not supported yet: please resubmit as zip or 7z".into(),
    )
}

fn encrypted_why() -> Why {
    (
        "压缩包已加密（需要密码），无法读取，请提交未加密的压缩包".into(),
        "the archive is encrypted (password needed) and cannot be read; submit it unencrypted"
            .into(),
    )
}

/// Reads an archive submission: a zip or a 7z entry by entry; a rar is one problem row.
pub(super) fn read_archive(
    path: &Path,
    limits: &Limits,
    mut f: impl FnMut(RawFile),
) -> Vec<Problem> {
    let row = |(zh, en): Why| vec![Problem::new("", "", Severity::Error, zh, en)];
    match extension(&path.to_string_lossy()).as_str() {
        "rar" => row(rar_why()),
        "7z" => {
            let file = match std::fs::metadata(path)
                .ok()
                .filter(|m| m.is_file())
                .map(|_| std::fs::File::open(path))
            {
                Some(Ok(file)) => file,
                Some(Err(e)) => {
                    return row((
                        format!("无法打开压缩包：{e}"),
                        format!("cannot open archive: {e}"),
                    ));
                }
                None => {
                    return row((
                        "压缩包不是普通文件，未读取".into(),
                        "the archive is not a regular file: not read".into(),
                    ));
                }
            };
            let mut budget = ZipBudget::new(limits);
            let reader = std::io::BufReader::new(file);
            match unpack_7z(reader, "", true, &mut budget, &mut f) {
                Ok(mut problems) => {
                    problems.extend(budget.refused_summary());
                    problems
                }
                Err((zh, en)) => row((
                    format!("压缩包损坏，无法读取：{zh}"),
                    format!("damaged 7z archive, cannot read: {en}"),
                )),
            }
        }
        _ => read_zip(path, limits, f),
    }
}

/// An archive other than a zip inside a submission (`合作协议.7z`), unpacked in place as the
/// folder `合作协议/`; a rar is handed on as a file that could not be read. `None` when the
/// bytes are not a readable 7z (the caller then passes the file on as is) or not such an
/// archive at all.
pub(super) fn unpack_nested_other(
    rel: &str,
    bytes: &[u8],
    budget: &mut ZipBudget,
    f: &mut dyn FnMut(RawFile),
) -> Option<Vec<Problem>> {
    match extension(rel).as_str() {
        "rar" => {
            f(RawFile {
                rel: rel.to_string(),
                bytes: Err(rar_why()),
            });
            Some(Vec::new())
        }
        "7z" => {
            let folder = match rel.rfind('.') {
                Some(i) => &rel[..i],
                None => rel,
            };
            let cursor = std::io::Cursor::new(bytes);
            unpack_7z(cursor, &format!("{folder}/"), false, budget, f).ok()
        }
        _ => None,
    }
}

/// Whether an error means the archive (its header) is encrypted.
fn is_encryption_error(e: &SzError) -> bool {
    match e {
        SzError::PasswordRequired | SzError::MaybeBadPassword(_) => true,
        SzError::UnsupportedCompressionMethod(m) => m.to_ascii_uppercase().contains("AES"),
        _ => false,
    }
}

/// Whether a 7z entry is a symbolic link: p7zip keeps the Unix mode in the attributes' high
/// half (flag 0x8000); Windows marks links and junctions as reparse points (0x400).
fn is_link(e: &ArchiveEntry) -> bool {
    if !e.has_windows_attributes {
        return false;
    }
    let a = e.windows_attributes;
    a & 0x400 != 0 || (a & 0x8000 != 0 && (a >> 16) & 0o170_000 == 0o120_000)
}

/// What became of one entry chosen to be read.
enum Got {
    Bytes(Vec<u8>),
    Failed(Why),
}

/// Reads a 7z's entries (bounded: entry count, declared and decoded bytes, decoder memory),
/// stripping a single top folder, and hands each on with `prefix` before its path, in name
/// order. With `nested`, archives among the entries are unpacked in place too (one level).
/// `Err` when the archive's header cannot be read.
///
/// Entries are decoded block by block in archive order, never more of a block than its last
/// wanted entry; every decoded byte, those of entries passed over inside a solid block
/// included, is charged to the submission's budget, and decoding stops (one row) before the
/// budget would be passed. Refused without decoding: entries declared larger than
/// `[limits] file_bytes`, `..` paths, links, encrypted entries; an archive whose header is
/// encrypted is one row.
fn unpack_7z<R: Read + Seek>(
    mut reader: R,
    prefix: &str,
    nested: bool,
    budget: &mut ZipBudget,
    f: &mut dyn FnMut(RawFile),
) -> Result<Vec<Problem>, Why> {
    let here = prefix.trim_end_matches('/').to_string();
    let lim = budget.limits;
    let mut problems = Vec::new();
    let row =
        |file: &str, severity, zh: String, en: String| Problem::new(file, "", severity, zh, en);
    let password = Password::empty();
    let archive =
        match Archive::read_with_memory_limit(&mut reader, &password, lim.archive_decoder_kib) {
            Ok(a) => a,
            Err(e) if is_encryption_error(&e) => {
                let (zh, en) = encrypted_why();
                problems.push(row(&here, Severity::Error, zh, en));
                return Ok(problems);
            }
            Err(SzError::MaxMemLimited { actaul_kb, .. }) => {
                problems.push(row(
                    &here,
                    Severity::Error,
                    format!(
                        "压缩包目录需要 {} MB 内存，超过 {}，未读取",
                        actaul_kb / 1024,
                        named("archive_decoder_kib", lim.archive_decoder_kib)
                    ),
                    format!(
                        "the archive's header needs {} MB of memory, over {}: not read",
                        actaul_kb / 1024,
                        named("archive_decoder_kib", lim.archive_decoder_kib)
                    ),
                ));
                return Ok(problems);
            }
            Err(e) => return Err(read_error(&e)),
        };
    let files = &archive.files;
    if files.len() > lim.archive_entries {
        let n = files.len();
        let key = named("archive_entries", lim.archive_entries);
        problems.push(row(
            &here,
            Severity::Error,
            format!(
                "压缩包内文件过多（{n} 个），只读取前 {} 个（{key}）",
                lim.archive_entries
            ),
            format!(
                "the archive holds {n} entries; only the first {} were read ({key})",
                lim.archive_entries
            ),
        ));
    }
    let mut entries: Vec<(String, usize)> = Vec::new();
    for (index, e) in files.iter().enumerate().take(lim.archive_entries) {
        if e.is_anti_item {
            continue;
        }
        if let Some(name) =
            super::screen_entry(prefix, &e.name, e.is_directory, is_link(e), &mut problems)
        {
            entries.push((name, index));
        }
    }
    // An archive whose files all sit in one top folder: that folder is the submission itself.
    let top = common_top_folder(entries.iter().map(|(n, _)| n.as_str()));
    entries.sort();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    // (path in the submission, entry index), in name order.
    let mut planned: Vec<(String, usize)> = Vec::new();
    for (name, index) in &entries {
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
                format!(
                    "the archive holds '{rel}' more than once; this one is read as '{renamed}'"
                ),
            ));
            rel = renamed;
        }
        planned.push((rel, *index));
    }
    // What each planned entry gives: refused ones are decided here, from the header alone.
    let mut got: HashMap<usize, Got> = HashMap::new();
    let refused_before = budget.refused;
    let mut wanted: Vec<bool> = vec![false; files.len()];
    for (_, index) in &planned {
        let e = &files[*index];
        if e.size > lim.file_bytes {
            budget.refused += 1;
            let key = named("file_bytes", lim.file_bytes);
            got.insert(
                *index,
                Got::Failed((
                    format!("压缩包内文件声明解压后 {} 字节，超过 {key}，未解压", e.size),
                    format!(
                        "entry declares {} bytes uncompressed, over {key}: not inflated",
                        e.size
                    ),
                )),
            );
        } else if archive.is_file_encrypted(*index) {
            got.insert(
                *index,
                Got::Failed((
                    "压缩包内文件已加密，无法读取".into(),
                    "encrypted entry, cannot read".into(),
                )),
            );
        } else if !e.has_stream
            || archive
                .stream_map
                .file_block_index
                .get(*index)
                .is_none_or(Option::is_none)
        {
            got.insert(*index, Got::Bytes(Vec::new()));
        } else {
            wanted[*index] = true;
        }
    }
    let stopped = decode_wanted(&mut reader, &archive, &password, &wanted, budget, &mut got);
    if stopped {
        let left = planned
            .iter()
            .filter(|(_, i)| wanted[*i] && !got.contains_key(i))
            .count();
        let key = named("archive_bytes", lim.archive_bytes);
        problems.push(row(
            &here,
            Severity::Error,
            format!("压缩包解压总量将超过 {key}（疑似压缩炸弹），其余 {left} 个文件未读取"),
            format!("the archives of this submission would inflate past {key} (archive bomb?): {left} remaining entries not read"),
        ));
    }
    let mut refused_rows = 0usize;
    for (rel, index) in planned {
        let bytes = match got.remove(&index) {
            Some(Got::Bytes(b)) => Ok(b),
            Some(Got::Failed(why)) => {
                if files[index].size > lim.file_bytes {
                    // Listed one by one up to the bound, like the zips' refused entries.
                    refused_rows += 1;
                    if refused_before + refused_rows > lim.archive_refused_rows {
                        continue;
                    }
                }
                Err(why)
            }
            // Not reached: the budget ran out first (counted in the row above).
            None => continue,
        };
        if nested
            && is_archive(&rel)
            && let Ok(b) = &bytes
            && let Some(inner) = super::unpack_nested(&rel, b, budget, f)
        {
            problems.extend(inner);
            continue;
        }
        f(RawFile { rel, bytes });
    }
    Ok(problems)
}

/// Decodes the wanted entries block by block into `got`, charging every decoded byte to
/// `budget`. A block is decoded only up to its last wanted entry; entries before it in a
/// solid block are decoded and dropped. Returns whether decoding stopped at the budget.
fn decode_wanted<R: Read + Seek>(
    reader: &mut R,
    archive: &Archive,
    password: &Password,
    wanted: &[bool],
    budget: &mut ZipBudget,
    got: &mut HashMap<usize, Got>,
) -> bool {
    let address: HashMap<usize, usize> = archive
        .files
        .iter()
        .enumerate()
        .map(|(i, e)| (std::ptr::from_ref(e) as usize, i))
        .collect();
    // The last wanted entry of each block.
    let mut last: HashMap<usize, usize> = HashMap::new();
    for (i, w) in wanted.iter().enumerate() {
        if *w && let Some(Some(b)) = archive.stream_map.file_block_index.get(i) {
            last.insert(*b, i);
        }
    }
    let mut stopped = false;
    for block in 0..archive.blocks.len() {
        let Some(&end) = last.get(&block) else {
            continue;
        };
        let mut failure: Option<Why> = None;
        let decoder = BlockDecoder::new_with_memory_limit(
            1,
            budget.limits.archive_decoder_kib,
            block,
            archive,
            password,
            reader,
        );
        let result = decoder.for_each_entries(&mut |entry, data| {
            let Some(&i) = address.get(&(std::ptr::from_ref(entry) as usize)) else {
                return Ok(false);
            };
            if !entry.has_stream {
                return Ok(i < end);
            }
            let left = budget.limits.archive_bytes.saturating_sub(budget.inflated);
            if entry.size > left {
                stopped = true;
                return Ok(false);
            }
            // At most the declared size (the decoder stops there too; one byte more proves a
            // lie), every byte charged whether the entry is kept or passed over.
            let mut buf = Vec::new();
            let read = data.take(entry.size + 1).read_to_end(&mut buf);
            budget.inflated = budget.inflated.saturating_add(buf.len() as u64);
            if let Err(e) = read {
                failure = Some(read_error(&e));
                return Ok(false);
            }
            if buf.len() as u64 > entry.size {
                failure = Some((
                    "解压后比声明的大（疑似压缩炸弹）".into(),
                    "inflates beyond its declared size (zip bomb?)".into(),
                ));
                return Ok(false);
            }
            if wanted.get(i) == Some(&true) {
                got.insert(i, Got::Bytes(buf));
            }
            Ok(i < end)
        });
        if let Err(e) = result {
            failure.get_or_insert_with(|| {
                if is_encryption_error(&e) {
                    encrypted_why()
                } else {
                    read_error(&e)
                }
            });
        }
        if let Some((zh, en)) = failure {
            // The block's wanted entries not yet decoded cannot be read.
            for (i, w) in wanted.iter().enumerate() {
                if *w
                    && archive.stream_map.file_block_index.get(i) == Some(&Some(block))
                    && !got.contains_key(&i)
                {
                    got.insert(
                        i,
                        Got::Failed((
                            format!("解压失败：{zh}"),
                            format!("cannot decompress: {en}"),
                        )),
                    );
                }
            }
        }
        if stopped {
            break;
        }
    }
    stopped
}

/// A 7z read error the library describes in English: said in Chinese, its text kept in
/// brackets.
fn read_error(e: &dyn std::fmt::Display) -> (String, String) {
    (
        format!("压缩包已损坏或无法解压（{e}）"),
        format!("the archive is damaged or cannot be unpacked ({e})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sevenz_rust2::{ArchiveWriter, SourceReader};

    /// A 7z written with the crate's own writer: one block per entry, or one solid block.
    pub(crate) fn seven_z(entries: &[(&str, &[u8])], solid: bool) -> Vec<u8> {
        let mut w = ArchiveWriter::new(std::io::Cursor::new(Vec::new())).unwrap();
        if solid {
            let metas = entries
                .iter()
                .map(|(n, _)| ArchiveEntry::new_file(n))
                .collect();
            let readers = entries.iter().map(|(_, d)| SourceReader::new(*d)).collect();
            w.push_archive_entries(metas, readers).unwrap();
        } else {
            for (n, d) in entries {
                w.push_archive_entry(ArchiveEntry::new_file(n), Some(*d))
                    .unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    /// The files handed on: path and bytes (or why not read).
    type Delivered = Vec<(String, Result<Vec<u8>, Why>)>;

    fn unpack_bytes(archive: &[u8], inflated: &mut u64) -> (Delivered, Vec<Problem>) {
        let mut budget = ZipBudget::new(&Limits::default());
        budget.inflated = *inflated;
        let mut got = Vec::new();
        let problems = unpack_7z(
            std::io::Cursor::new(archive),
            "",
            true,
            &mut budget,
            &mut |r: RawFile| got.push((r.rel, r.bytes)),
        )
        .unwrap();
        *inflated = budget.inflated;
        (got, problems)
    }

    #[test]
    fn entries_come_in_name_order_with_one_top_folder_stripped_and_dot_dot_refused() {
        for solid in [false, true] {
            let archive = seven_z(
                &[
                    ("平台/b.pdf", b"%PDF-1.4 b"),
                    ("平台/../../evil.xlsx", b"evil"),
                    ("平台/a\u{1}b.xlsx", b"ctl"),
                    ("平台/推荐表.xlsx", b"form"),
                ],
                solid,
            );
            let (got, problems) = unpack_bytes(&archive, &mut 0);
            let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
            assert_eq!(names, vec!["a\u{FFFD}b.xlsx", "b.pdf", "推荐表.xlsx"]);
            assert_eq!(got[2].1.as_deref().unwrap(), b"form");
            let evil: Vec<&Problem> = problems.iter().filter(|p| p.zh.contains("..")).collect();
            assert_eq!(evil.len(), 1, "{problems:?}");
            assert_eq!(evil[0].file, "平台/../../evil.xlsx");
            assert!(problems.iter().any(|p| p.file == "平台/a\u{FFFD}b.xlsx"));
        }
    }

    #[test]
    fn duplicate_names_are_both_read_the_second_numbered() {
        let archive = seven_z(
            &[("1-推荐表.xlsx", b"one"), ("1-推荐表.xlsx", b"two")],
            true,
        );
        let (got, problems) = unpack_bytes(&archive, &mut 0);
        assert_eq!(got[0].0, "1-推荐表.xlsx");
        assert_eq!(got[0].1.as_deref().unwrap(), b"one");
        assert_eq!(got[1].0, "1-推荐表 (2).xlsx");
        assert_eq!(got[1].1.as_deref().unwrap(), b"two");
        assert_eq!(problems.len(), 1);
    }

    /// Decoding stops before the submission's budget would be passed (one row), and the
    /// bytes of entries passed over inside a solid block are charged too.
    #[test]
    fn decoding_stops_at_the_budget_and_passed_over_bytes_are_charged() {
        let zeros = vec![0u8; 600_000];
        let archive = seven_z(
            &[("a.pdf", &zeros), ("b.pdf", &zeros), ("c.pdf", &zeros)],
            false,
        );
        assert!(archive.len() < 5_000, "{}", archive.len());
        let mut inflated = Limits::default().archive_bytes - 1_000_000;
        let (got, problems) = unpack_bytes(&archive, &mut inflated);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "a.pdf");
        assert_eq!(inflated, Limits::default().archive_bytes - 400_000);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].zh.contains("其余 2 个文件未读取"));

        // A hidden 600 KB entry before the form in one solid block: decoded, dropped, charged.
        let archive = seven_z(&[(".junk", &zeros), ("推荐表.xlsx", b"form")], true);
        let mut inflated = 0;
        let (got, problems) = unpack_bytes(&archive, &mut inflated);
        assert_eq!(got.len(), 1);
        assert!(problems.is_empty());
        assert_eq!(inflated, 600_004);
        // …and with too little budget left for both, the form is not read.
        let mut inflated = Limits::default().archive_bytes - 600_002;
        let (got, problems) = unpack_bytes(&archive, &mut inflated);
        assert!(got.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(inflated, Limits::default().archive_bytes - 2);
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/7z")
                .join(name),
        )
        .unwrap()
    }

    /// 618 bytes declaring 210,000,000 (over `[limits] file_bytes`) before a 4-byte form in
    /// the same solid block (scripts/make_7z_fixtures.sh): the bomb is refused by its declared
    /// size, decoded only as far as the form needs and charged; with less budget left than
    /// that, decoding stops with one row.
    #[test]
    fn a_7z_bomb_is_refused_and_decoding_is_cut_at_the_budget() {
        let archive = fixture("bomb.7z");
        assert!(archive.len() < 1_000);
        let mut inflated = 0;
        let (got, problems) = unpack_bytes(&archive, &mut inflated);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "bomb.xlsx");
        let (zh, _) = got[0].1.as_ref().unwrap_err();
        assert!(zh.contains("未解压"), "{zh}");
        assert_eq!(got[1].0, "推荐表.xlsx");
        assert_eq!(got[1].1.as_deref().unwrap(), b"form");
        assert_eq!(inflated, 210_000_004);

        let mut inflated = Limits::default().archive_bytes - 209_999_999;
        let (got, problems) = unpack_bytes(&archive, &mut inflated);
        assert_eq!(got.len(), 1, "only the refused bomb's row");
        assert!(got[0].1.is_err());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].zh.contains("其余 1 个文件未读取"),
            "{}",
            problems[0].zh
        );
        assert_eq!(
            inflated,
            Limits::default().archive_bytes - 209_999_999,
            "nothing decoded"
        );
    }

    /// Encrypted: a hidden directory is one row for the archive; visible names are each a file
    /// that could not be read (so the criteria needing them are 待核实, not failed).
    #[test]
    fn encrypted_7z_archives_and_entries_are_rows() {
        let (got, problems) = unpack_bytes(&fixture("encrypted-header.7z"), &mut 0);
        assert!(got.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].zh.contains("已加密"), "{}", problems[0].zh);
        assert_eq!(problems[0].severity, Severity::Error);

        let mut inflated = 0;
        let (got, problems) = unpack_bytes(&fixture("encrypted-entries.7z"), &mut inflated);
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(names, vec!["人员名册.xlsx", "推荐表.xlsx"]);
        for (_, bytes) in &got {
            assert!(bytes.as_ref().unwrap_err().0.contains("已加密"));
        }
        assert_eq!(inflated, 0);
    }

    /// A link stored by p7zip (`-snl`, Unix mode in the attributes): a row, never a file.
    #[test]
    fn symbolic_links_are_rows_not_files() {
        let (got, problems) = unpack_bytes(&fixture("symlink.7z"), &mut 0);
        let names: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(names, vec!["推荐表.xlsx"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, "link/人员名册.xlsx");
        assert!(problems[0].zh.contains("符号链接"));
    }

    /// Truncated and corrupted archives are errors or rows, never panics; whatever is read
    /// stays within the archive's declared sizes.
    #[test]
    fn truncated_and_corrupted_7z_never_panic() {
        let data = vec![7u8; 3_000];
        let archive = seven_z(&[("a/推荐表.xlsx", &data), ("a/b.pdf", b"%PDF-1.4")], true);
        for cut in (0..archive.len()).step_by(7) {
            let mut budget = ZipBudget::new(&Limits::default());
            let _ = unpack_7z(
                std::io::Cursor::new(&archive[..cut]),
                "",
                true,
                &mut budget,
                &mut |_| {},
            );
        }
        for at in 0..archive.len() {
            let mut bad = archive.clone();
            bad[at] ^= 0x5A;
            let mut budget = ZipBudget::new(&Limits::default());
            let mut total = 0usize;
            let _ = unpack_7z(
                std::io::Cursor::new(&bad),
                "",
                true,
                &mut budget,
                &mut |r: RawFile| total += r.bytes.map_or(0, |b| b.len()),
            );
            assert!(budget.inflated <= Limits::default().archive_bytes);
            assert!(total as u64 <= budget.inflated);
        }
    }
}
