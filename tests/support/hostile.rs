//! The hostile round (issue 9): two normal applicants copied from `samples/round-2023`, then
//! one small case of every hostile input discovery and zip reading must survive — zip bombs
//! (42.zip-style nesting, overlapping entries, Fifield-style quoted overlap, a lying declared
//! size), links out of the round and link loops, a FIFO, duplicate / `..` / FF FE / NUL entry
//! names, an Office `~$` lock file. Each case is a few KB to a few hundred KB on disk.
//!
//! `normal_round` and `add_hostile_cases` are separate so another test can build the same
//! round and add its own files (each `Case` says which problem row must account for it).
#![allow(dead_code)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

/// One hostile file and the row of `problems.csv` (English reports) that must account for it.
pub struct Case {
    pub name: &'static str,
    /// The applicant column of its row ("" for round-level rows).
    pub applicant: String,
    /// A substring of the row's file column.
    pub file: String,
    /// A substring of the row's message.
    pub message: &'static str,
}

/// The two normal applicants the hostile cases sit beside (ids as in the sample round).
pub const NORMAL: [&str; 2] = ["历下企业管理咨询服务平台", "泉城云企服平台"];

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/round-2023")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A round folder under `dir` holding the two normal applicants; returns its path.
pub fn normal_round(dir: &Path) -> PathBuf {
    let round = dir.join("round");
    copy_dir(
        &samples().join("历下区").join(NORMAL[0]),
        &round.join("历下区").join(NORMAL[0]),
    );
    copy_dir(
        &samples().join("市中区").join(NORMAL[1]),
        &round.join("市中区").join(NORMAL[1]),
    );
    round
}

// ---- zip building --------------------------------------------------------------------------

/// A local file header.
fn local_header(name: &[u8], method: u16, crc: u32, csize: u32, usize_: u32) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    h.extend_from_slice(&20u16.to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h.extend_from_slice(&method.to_le_bytes());
    h.extend_from_slice(&[0; 4]);
    h.extend_from_slice(&crc.to_le_bytes());
    h.extend_from_slice(&csize.to_le_bytes());
    h.extend_from_slice(&usize_.to_le_bytes());
    h.extend_from_slice(&(name.len() as u16).to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h.extend_from_slice(name);
    h
}

/// One central-directory record.
struct Record {
    name: Vec<u8>,
    method: u16,
    crc: u32,
    csize: u32,
    usize_: u32,
    offset: u32,
}

/// `body` (local headers and data) followed by a central directory of `records`.
fn finish_zip(mut body: Vec<u8>, records: &[Record]) -> Vec<u8> {
    let cd_offset = body.len() as u32;
    let mut cd = Vec::new();
    for r in records {
        cd.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        cd.extend_from_slice(&20u16.to_le_bytes());
        cd.extend_from_slice(&20u16.to_le_bytes());
        cd.extend_from_slice(&0u16.to_le_bytes());
        cd.extend_from_slice(&r.method.to_le_bytes());
        cd.extend_from_slice(&[0; 4]);
        cd.extend_from_slice(&r.crc.to_le_bytes());
        cd.extend_from_slice(&r.csize.to_le_bytes());
        cd.extend_from_slice(&r.usize_.to_le_bytes());
        cd.extend_from_slice(&(r.name.len() as u16).to_le_bytes());
        cd.extend_from_slice(&[0; 12]);
        cd.extend_from_slice(&r.offset.to_le_bytes());
        cd.extend_from_slice(&r.name);
    }
    let n = records.len().min(0xFFFF) as u16;
    body.extend_from_slice(&cd);
    body.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    body.extend_from_slice(&[0; 4]);
    body.extend_from_slice(&n.to_le_bytes());
    body.extend_from_slice(&n.to_le_bytes());
    body.extend_from_slice(&(cd.len() as u32).to_le_bytes());
    body.extend_from_slice(&cd_offset.to_le_bytes());
    body.extend_from_slice(&0u16.to_le_bytes());
    body
}

/// Stored entries with the given raw names (no UTF-8 flag).
pub fn stored_zip(entries: &[(&[u8], &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut records = Vec::new();
    for (name, data) in entries {
        let crc = crc32fast::hash(data);
        let size = data.len() as u32;
        records.push(Record {
            name: name.to_vec(),
            method: 0,
            crc,
            csize: size,
            usize_: size,
            offset: body.len() as u32,
        });
        body.extend(local_header(name, 0, crc, size, size));
        body.extend_from_slice(data);
    }
    finish_zip(body, &records)
}

/// A zip written by the zip crate: `(name, bytes)` entries, deflated.
fn deflated_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A raw deflate stream of `n` zeros (about n / 1000 bytes), with its CRC; built once per size.
fn zero_kernel(n: usize) -> (Vec<u8>, u32) {
    static KERNELS: std::sync::Mutex<Vec<(usize, Vec<u8>, u32)>> =
        std::sync::Mutex::new(Vec::new());
    let mut kernels = KERNELS.lock().unwrap();
    if let Some((_, k, crc)) = kernels.iter().find(|(m, _, _)| *m == n) {
        return (k.clone(), *crc);
    }
    let (k, crc) = deflate_zeros(n);
    kernels.push((n, k.clone(), crc));
    (k, crc)
}

fn deflate_zeros(n: usize) -> (Vec<u8>, u32) {
    let zip = deflated_zip(&[("k", &vec![0u8; n])]);
    let mut archive = zip::ZipArchive::new(Cursor::new(&zip)).unwrap();
    let file = archive.by_index_raw(0).unwrap();
    let start = file.data_start().unwrap() as usize;
    let len = file.compressed_size() as usize;
    (zip[start..start + len].to_vec(), file.crc32())
}

/// 42.zip-style nesting: 16 zips of 16 entries, each entry 210 MiB of zeros (over the
/// per-entry limit) declared honestly. Deflated once and copied raw.
pub fn bomb_42() -> Vec<u8> {
    let inner = deflated_zip(&[("0.xlsx", &vec![0u8; 210 << 20])]);
    let mut source = zip::ZipArchive::new(Cursor::new(inner)).unwrap();
    let mut layer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for j in 0..16 {
        let file = source.by_index_raw(0).unwrap();
        layer
            .raw_copy_file_rename(file, format!("{j}.xlsx"))
            .unwrap();
    }
    let layer = layer.finish().unwrap().into_inner();
    let libs: Vec<(String, &[u8])> = (0..16)
        .map(|i| (format!("lib{i}.zip"), &layer[..]))
        .collect();
    let named: Vec<(&str, &[u8])> = libs.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    deflated_zip(&named)
}

/// Overlapping entries: `entries` central-directory records all pointing at one local header
/// whose data is one kernel of 256 MiB of zeros (the shape of the 20,000-entry bomb).
pub fn bomb_overlap(entries: usize) -> Vec<u8> {
    let (kernel, crc) = zero_kernel(256 << 20);
    let size = 256u32 << 20;
    let mut body = local_header(b"k.pdf", 8, crc, kernel.len() as u32, size);
    body.extend_from_slice(&kernel);
    let records: Vec<Record> = (0..entries)
        .map(|i| Record {
            name: format!("{i}.pdf").into_bytes(),
            method: 8,
            crc,
            csize: kernel.len() as u32,
            usize_: size,
            offset: 0,
        })
        .collect();
    finish_zip(body, &records)
}

/// Fifield-style quoted overlap: entry i's deflate data quotes entry i+1's local header in a
/// stored block, then runs on into entry i+1's data, down to one kernel of 100 MiB of zeros.
/// Every entry is a valid deflate stream inflating to 100 MiB or more. (CRCs are left 0: the
/// reader must refuse the archive before inflating anything.)
pub fn bomb_fifield(entries: usize) -> Vec<u8> {
    let (kernel, _) = zero_kernel(100 << 20);
    let names: Vec<Vec<u8>> = (0..entries)
        .map(|i| format!("{i:03}.pdf").into_bytes())
        .collect();
    let header_len = |i: usize| 30 + names[i].len();
    // Compressed and uncompressed sizes, from the last entry back.
    let mut csize = vec![0u64; entries];
    let mut usize_ = vec![0u64; entries];
    for i in (0..entries).rev() {
        if i + 1 == entries {
            csize[i] = kernel.len() as u64;
            usize_[i] = 100 << 20;
        } else {
            csize[i] = 5 + header_len(i + 1) as u64 + csize[i + 1];
            usize_[i] = header_len(i + 1) as u64 + usize_[i + 1];
        }
    }
    let mut body = Vec::new();
    let mut records = Vec::new();
    for i in 0..entries {
        let offset = body.len() as u32;
        let h = local_header(&names[i], 8, 0, csize[i] as u32, usize_[i] as u32);
        records.push(Record {
            name: names[i].clone(),
            method: 8,
            crc: 0,
            csize: csize[i] as u32,
            usize_: usize_[i] as u32,
            offset,
        });
        body.extend_from_slice(&h);
        if i + 1 < entries {
            // A non-final stored block quoting the next local header.
            let len = header_len(i + 1) as u16;
            body.push(0);
            body.extend_from_slice(&len.to_le_bytes());
            body.extend_from_slice(&(!len).to_le_bytes());
        }
    }
    body.extend_from_slice(&kernel);
    finish_zip(body, &records)
}

/// One entry declaring 1,000 bytes that inflates to 100 MiB of zeros.
pub fn bomb_lying_size() -> Vec<u8> {
    let (kernel, crc) = zero_kernel(100 << 20);
    let mut body = local_header(
        "1-推荐表.xlsx".as_bytes(),
        8,
        crc,
        kernel.len() as u32,
        1000,
    );
    body.extend_from_slice(&kernel);
    finish_zip(
        body,
        &[Record {
            name: "1-推荐表.xlsx".as_bytes().to_vec(),
            method: 8,
            crc,
            csize: kernel.len() as u32,
            usize_: 1000,
            offset: 0,
        }],
    )
}

// ---- the cases -----------------------------------------------------------------------------

fn case(name: &'static str, applicant: &str, file: &str, message: &'static str) -> Case {
    Case {
        name,
        applicant: applicant.to_string(),
        file: file.to_string(),
        message,
    }
}

/// A leaf applicant folder holding one ordinary note, so discovery takes it as an applicant.
fn applicant_dir(round: &Path, id: &str) -> PathBuf {
    let dir = round.join("槐荫区").join(id);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("说明.txt"), "hostile case\n").unwrap();
    dir
}

/// Adds every hostile case to `round`; returns what each must produce.
pub fn add_hostile_cases(round: &Path) -> Vec<Case> {
    let district = round.join("槐荫区");
    std::fs::create_dir_all(&district).unwrap();
    let mut cases = Vec::new();

    // The bombs are built once per test process.
    static BOMBS: std::sync::OnceLock<[Vec<u8>; 4]> = std::sync::OnceLock::new();
    let [b42, overlap, fifield, lying] = BOMBS.get_or_init(|| {
        [
            bomb_42(),
            bomb_overlap(1000),
            bomb_fifield(200),
            bomb_lying_size(),
        ]
    });
    std::fs::write(district.join("炸弹42.zip"), b42).unwrap();
    cases.push(case(
        "zip bomb, 42.zip-style",
        "炸弹42",
        "lib0/0.xlsx",
        "not inflated",
    ));

    std::fs::write(district.join("重叠.zip"), overlap).unwrap();
    cases.push(case(
        "zip bomb, 1,000 overlapping entries",
        "重叠",
        "",
        "overlap",
    ));

    std::fs::write(district.join("菲菲尔德.zip"), fifield).unwrap();
    cases.push(case(
        "zip bomb, Fifield-style (200 entries)",
        "菲菲尔德",
        "",
        "overlap",
    ));

    std::fs::write(district.join("谎报.zip"), lying).unwrap();
    cases.push(case(
        "zip entry larger than declared",
        "谎报",
        "1-推荐表.xlsx",
        "declared",
    ));

    let dup = stored_zip(&[
        ("1-推荐表.xlsx".as_bytes(), b"first"),
        ("1-推荐表.xlsx".as_bytes(), b"second"),
    ]);
    std::fs::write(district.join("重名.zip"), dup).unwrap();
    cases.push(case(
        "duplicate entry names",
        "重名",
        "1-推荐表 (2).xlsx",
        "more than once",
    ));

    let dots = stored_zip(&[(b"../../outside.xlsx", b"x"), (b"ok.txt", b"y")]);
    std::fs::write(district.join("上级路径.zip"), dots).unwrap();
    cases.push(case("'..' entry", "上级路径", "../../outside.xlsx", "'..'"));

    let ff_fe = stored_zip(&[
        (&[0xFF, 0xFE, b'1', 0x00, b'.', b'x'], b"x"),
        (b"ok.txt", b"y"),
    ]);
    std::fs::write(district.join("FFFE.zip"), ff_fe).unwrap();
    cases.push(case(
        "FF FE entry name",
        "FFFE",
        "\u{FFFD}",
        "control characters",
    ));

    let nul = stored_zip(&[(b"a\0b.pdf", b"x"), (b"ok.txt", b"y")]);
    std::fs::write(district.join("NUL.zip"), nul).unwrap();
    cases.push(case(
        "NUL in an entry name",
        "NUL",
        "a\u{FFFD}b.pdf",
        "control characters",
    ));

    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let d = applicant_dir(round, "链接外");
        symlink("/etc", d.join("合作协议")).unwrap();
        symlink("/etc/passwd", d.join("2-专职人员名册.csv")).unwrap();
        cases.push(case(
            "symlink to /etc",
            "链接外",
            "合作协议",
            "outside its folder",
        ));
        cases.push(case(
            "symlink to /etc/passwd",
            "链接外",
            "2-专职人员名册.csv",
            "outside its folder",
        ));

        let d = applicant_dir(round, "链接环");
        symlink("b", d.join("a")).unwrap();
        symlink("a", d.join("b")).unwrap();
        symlink("..", d.join("上级")).unwrap();
        cases.push(case("symlink loop a→b→a", "链接环", "a", "looping"));
        cases.push(case(
            "symlink to its parent",
            "链接环",
            "上级",
            "outside its folder",
        ));

        let d = applicant_dir(round, "管道");
        let fifo = d.join("3-服务记录.xlsx");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo");
        cases.push(case(
            "FIFO",
            "管道",
            "3-服务记录.xlsx",
            "not a regular file",
        ));
    }

    let lock = round.join("历下区").join(NORMAL[0]).join("~$1-推荐表.xlsx");
    let mut owner = vec![7u8];
    owner.extend_from_slice(b"reviewer");
    owner.resize(162, 0x20);
    std::fs::write(lock, owner).unwrap();
    cases.push(case(
        "Excel ~$ lock file",
        NORMAL[0],
        "~$1-推荐表.xlsx",
        "lock file",
    ));
    cases
}
