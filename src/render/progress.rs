//! A progress bar on stderr for long work: shown only after about a second, only on a
//! terminal, and never with `--quiet`.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const SHOW_AFTER: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(100);

/// Runs `work` while a bar follows `done` bytes of `total`.
pub fn with_progress<T>(
    label: &str,
    done: &AtomicU64,
    total: u64,
    quiet: bool,
    work: impl FnOnce() -> T,
) -> T {
    if quiet || !std::io::stderr().is_terminal() {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let started = Instant::now();
            let mut bar: Option<ProgressBar> = None;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                if bar.is_none() && started.elapsed() >= SHOW_AFTER {
                    // One line that fits the terminal: a short name, then a bar that
                    // fills what is left; it starts where the work is, so the rate and
                    // the time left are measured from now.
                    let new = ProgressBar::new(total);
                    let style = ProgressStyle::with_template(
                        "{msg} [{wide_bar}] {bytes}/{total_bytes} {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
                    new.set_style(style.progress_chars("=> "));
                    new.set_message(label.to_owned());
                    new.set_position(done.load(Ordering::Relaxed));
                    new.reset_eta();
                    bar = Some(new);
                }
                if let Some(bar) = &bar {
                    bar.set_position(done.load(Ordering::Relaxed));
                }
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        });
        let result = work();
        finished.store(true, Ordering::Relaxed);
        result
    })
}
