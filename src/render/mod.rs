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

/// Tells an error on stderr: `aidcat: lỗi: …` in the user's language, the message made
/// plain (it quotes file names and cells: never let them drive the terminal).
pub fn error_to_stderr(lang: crate::lang::Lang, message: &str) {
    to_stderr(&format!(
        "aidcat: {}: {}\n",
        lang.pick("error", "lỗi"),
        crate::text::plain(message)
    ));
}
