//! Operating-system errors explained to the user: the one helper every place that reports an
//! `io::Error` on a file uses (writing the reports, reading the round, the rules, history and
//! decisions files). The message says, in plain Chinese and in English, what happened to which
//! path and what to do; the OS's own text follows in brackets.
//!
//! Example: `D:\评审结果\report.csv 正被其他程序（如 Excel）打开，请关闭后重试 / … is open in
//! another program (such as Excel): close it and try again [系统信息 / OS: The process cannot
//! access the file because it is being used by another process. (os error 32)]`.

use std::io::{self, ErrorKind};
use std::path::Path;

/// What went wrong, as far as the user can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    NotFound,
    PermissionDenied,
    /// Another program holds the file open (Windows sharing or lock violation).
    Locked,
    DiskFull,
    ReadOnly,
    PathTooLong,
    /// A file stands where a folder is needed (or a folder where a file is).
    NotAFolder,
    IsAFolder,
    Other,
}

/// Windows error codes (winerror.h) that have no `ErrorKind` of their own.
const WIN_SHARING_VIOLATION: i32 = 32;
const WIN_LOCK_VIOLATION: i32 = 33;
const WIN_HANDLE_DISK_FULL: i32 = 39;
const WIN_DISK_FULL: i32 = 112;
const WIN_FILENAME_EXCED_RANGE: i32 = 206;
/// Unix errno values (Linux numbering; macOS differs only for ENAMETOOLONG, checked by kind).
const ENOSPC: i32 = 28;
const EROFS: i32 = 30;
const ENAMETOOLONG: i32 = 36;

/// The cause of `err`, reading the raw OS code the way the platform numbers it (`windows`).
pub fn cause_on(err: &io::Error, windows: bool) -> Cause {
    let raw = err.raw_os_error();
    if windows {
        match raw {
            Some(WIN_SHARING_VIOLATION | WIN_LOCK_VIOLATION) => return Cause::Locked,
            Some(WIN_HANDLE_DISK_FULL | WIN_DISK_FULL) => return Cause::DiskFull,
            Some(WIN_FILENAME_EXCED_RANGE) => return Cause::PathTooLong,
            _ => {}
        }
    } else {
        match raw {
            Some(ENOSPC) => return Cause::DiskFull,
            Some(EROFS) => return Cause::ReadOnly,
            Some(ENAMETOOLONG) => return Cause::PathTooLong,
            _ => {}
        }
    }
    match err.kind() {
        ErrorKind::NotFound => Cause::NotFound,
        ErrorKind::PermissionDenied => Cause::PermissionDenied,
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Cause::DiskFull,
        ErrorKind::ReadOnlyFilesystem => Cause::ReadOnly,
        ErrorKind::InvalidFilename => Cause::PathTooLong,
        ErrorKind::NotADirectory | ErrorKind::AlreadyExists => Cause::NotAFolder,
        ErrorKind::IsADirectory => Cause::IsAFolder,
        _ => Cause::Other,
    }
}

/// The cause of `err` on this platform.
pub fn cause(err: &io::Error) -> Cause {
    cause_on(err, cfg!(windows))
}

/// `(zh, en)`: what happened to `path` and what to do, without the OS text.
pub fn explain_parts(cause: Cause, path: &Path) -> (String, String) {
    let p = path.display();
    match cause {
        Cause::NotFound => (
            format!("找不到 {p}，请检查路径是否正确"),
            format!("{p} not found: check the path"),
        ),
        Cause::PermissionDenied => (
            format!("没有权限访问 {p}，请检查文件或文件夹的权限，或换一个有权限的位置"),
            format!("no permission to access {p}: check its permissions or use another place"),
        ),
        Cause::Locked => (
            format!("{p} 正被其他程序（如 Excel）打开，请关闭后重试"),
            format!("{p} is open in another program (such as Excel): close it and try again"),
        ),
        Cause::DiskFull => (
            format!("磁盘空间不足，无法写入 {p}，请清理磁盘或换一个输出位置"),
            format!("the disk is full: cannot write {p}; free some space or write elsewhere"),
        ),
        Cause::ReadOnly => (
            format!("{p} 所在的磁盘或文件夹是只读的，请换一个可写的位置（如 --out 指向其他目录）"),
            format!("{p} is on a read-only disk or folder: use a writable place (--out elsewhere)"),
        ),
        Cause::PathTooLong => (
            format!("路径过长：{p}，请把文件夹移到更短的路径下（如 D:\\评审）或缩短文件名"),
            format!("path too long: {p}; move the folder to a shorter path or shorten the names"),
        ),
        Cause::NotAFolder => (
            format!("{p} 已存在但不是文件夹（或其上级是文件），请换一个名称或位置"),
            format!("{p} exists and is not a folder (or a parent is a file): use another name"),
        ),
        Cause::IsAFolder => (
            format!("{p} 是文件夹，这里需要一个文件"),
            format!("{p} is a folder: a file is needed here"),
        ),
        Cause::Other => (format!("无法访问 {p}"), format!("cannot access {p}")),
    }
}

/// `(zh, en)` for a problem row or a message in one language, each with the OS text in
/// brackets.
pub fn explain_pair(err: &io::Error, path: &Path) -> (String, String) {
    let (zh, en) = explain_parts(cause(err), path);
    (
        format!("{zh}（系统信息：{err}）"),
        format!("{en} (OS: {err})"),
    )
}

/// The full message: `中文 / English [系统信息 / OS: the OS's text]`.
pub fn explain(err: &io::Error, path: &Path) -> String {
    explain_on(err, path, cfg!(windows))
}

/// `explain` with the platform's numbering of raw OS codes given (for tests).
pub fn explain_on(err: &io::Error, path: &Path, windows: bool) -> String {
    let (zh, en) = explain_parts(cause_on(err, windows), path);
    format!("{zh} / {en} [系统信息 / OS: {err}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_open_in_excel_is_named_with_what_to_do() {
        let path = Path::new("out/report.csv");
        for code in [32, 33] {
            let err = io::Error::from_raw_os_error(code);
            let text = explain_on(&err, path, true);
            assert!(
                text.starts_with("out/report.csv 正被其他程序（如 Excel）打开，请关闭后重试"),
                "{text}"
            );
            assert!(text.contains(&format!("os error {code}")), "{text}");
        }
        // The same numbers on Unix are EPIPE and EDOM, not a locked file.
        assert_ne!(
            cause_on(&io::Error::from_raw_os_error(32), false),
            Cause::Locked
        );
    }

    #[test]
    fn each_cause_has_its_own_plain_message_and_keeps_the_os_text() {
        let path = Path::new("评审结果");
        let cases = [
            (
                io::Error::from(ErrorKind::NotFound),
                false,
                "找不到 评审结果",
            ),
            (
                io::Error::from(ErrorKind::PermissionDenied),
                false,
                "没有权限访问 评审结果",
            ),
            (io::Error::from_raw_os_error(ENOSPC), false, "磁盘空间不足"),
            (
                io::Error::from_raw_os_error(WIN_DISK_FULL),
                true,
                "磁盘空间不足",
            ),
            (
                io::Error::from(ErrorKind::StorageFull),
                true,
                "磁盘空间不足",
            ),
            (
                io::Error::from_raw_os_error(EROFS),
                false,
                "所在的磁盘或文件夹是只读的",
            ),
            (
                io::Error::from_raw_os_error(ENAMETOOLONG),
                false,
                "路径过长",
            ),
            (
                io::Error::from_raw_os_error(WIN_FILENAME_EXCED_RANGE),
                true,
                "路径过长",
            ),
            (
                io::Error::from(ErrorKind::AlreadyExists),
                false,
                "已存在但不是文件夹",
            ),
            (io::Error::other("boom"), false, "无法访问 评审结果"),
        ];
        for (err, windows, want) in cases {
            let text = explain_on(&err, path, windows);
            assert!(text.contains(want), "{want}: {text}");
            assert!(text.contains("评审结果"), "{text}");
            assert!(text.ends_with(&format!("[系统信息 / OS: {err}]")), "{text}");
        }
    }
}
