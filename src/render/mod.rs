//! Render: reports turned into what a person reads in a terminal.

pub mod check;
pub mod progress;
pub mod table;

/// Writes `text` to stderr as it is. A closed or full stderr is not an error: the note is
/// lost and the exit code still tells how the run went (`eprintln!` panics there, and a
/// panic while one is being told aborts).
pub fn to_stderr(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
