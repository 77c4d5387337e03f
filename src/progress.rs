//! Progress on stderr while a round is read: a bar (applicants done / total, files per
//! second, ETA) when stderr is a terminal, a plain line every few seconds when it is not,
//! nothing with `--quiet`. Stdout stays clean. Workers only bump atomic counters.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often plain (non-terminal) progress lines are printed.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

enum Mode {
    Quiet,
    Bar(ProgressBar),
    Plain { last: Mutex<Instant> },
}

pub struct Progress {
    mode: Mode,
    total: u64,
    done: AtomicU64,
    files: AtomicU64,
    start: Instant,
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Progress {
        let total = total as u64;
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{bar:30} {pos}/{len} 家 {msg} 剩余 {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            Mode::Bar(bar)
        } else {
            Mode::Plain {
                last: Mutex::new(Instant::now()),
            }
        };
        Progress {
            mode,
            total,
            done: AtomicU64::new(0),
            files: AtomicU64::new(0),
            start: Instant::now(),
        }
    }

    /// One applicant finished, with its number of files.
    pub fn applicant_done(&self, files: usize) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let files = self.files.fetch_add(files as u64, Ordering::Relaxed) + files as u64;
        let rate = files as f64 / self.start.elapsed().as_secs_f64().max(1e-3);
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                bar.set_position(done);
                bar.set_message(format!("{rate:.0} 文件/秒"));
            }
            Mode::Plain { last } => {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= PLAIN_EVERY || done == self.total {
                    *last = Instant::now();
                    eprintln!(
                        "已读取 {done}/{} 家，{files} 个文件，{rate:.0} 文件/秒",
                        self.total
                    );
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.finish_and_clear();
        }
    }
}
