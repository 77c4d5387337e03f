//! The headless browser of the page tests (review pages, stats page): which browser, and the
//! DOM it shows for a page after the page's scripts ran.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser: `SME_AUDIT_BROWSER`, else Debian's chromium, else Chrome or Edge where they
/// install themselves (so `cargo test` runs on an office PC with Windows too).
pub fn browser() -> PathBuf {
    let candidates = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
        r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
        r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    ];
    std::env::var_os("SME_AUDIT_BROWSER")
        .map(PathBuf::from)
        .or_else(|| candidates.iter().map(PathBuf::from).find(|p| p.exists()))
        .unwrap_or_else(|| {
            panic!(
                "no browser for the review-page test: install the Debian package chromium \
                 (`apt-get install -y chromium`), or set SME_AUDIT_BROWSER to Chrome/Edge"
            )
        })
}

/// Percent-encodes a URL fragment or path (unreserved characters and `/`, `=`, `&` kept).
pub fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/=&:".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The DOM Chromium shows for `file` (+ `#fragment`), after the page's scripts ran.
pub fn dump_dom(file: &Path, fragment: &str, profile: &Path) -> String {
    let browser = browser();
    // file:///C:/… on Windows, file:///home/… elsewhere.
    let path = file.display().to_string().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let url = format!(
        "file://{}{}",
        pct(&path),
        if fragment.is_empty() {
            String::new()
        } else {
            format!("#{}", pct(fragment))
        }
    );
    std::fs::create_dir_all(profile).expect("profile folder");
    let dom_file = profile.join("dom.html");
    let mut child = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &url,
        ])
        // To a file, not a pipe: a DOM larger than the pipe buffer would block Chromium
        // while this loop waits for it to exit.
        .stdout(Stdio::from(
            std::fs::File::create(&dom_file).expect("DOM file"),
        ))
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = String::from_utf8_lossy(&std::fs::read(&dom_file).expect("DOM file")).to_string();
    assert!(dom.contains("</html>"), "no DOM for {url}: {dom}");
    dom
}
