//! Export: a report in the chosen format, to stdout or to a file written safely.

pub mod csv;
pub mod docx_patch;
pub mod html;
pub mod json;
pub mod markdown;
pub mod ods_patch;
pub mod odt_patch;
mod opendocument;
pub mod patch;
pub mod xlsx;
pub mod xlsx_patch;

use crate::lang::Lang;
use crate::problem::{Failure, Problem, SystemError};
use crate::render;
use crate::report::check::CheckedFile;
use crate::report::sheet::Sheet;
use anyhow::Result;
use same_file::Handle;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Output formats of every report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal (for `check`: compiler-style lines)
    #[value(alias = "text")]
    Table,
    /// CSV for machines and spreadsheets
    Csv,
    /// JSON
    Json,
    /// A Markdown table
    Markdown,
    /// An Excel workbook, totals as formulas, findings on a second sheet
    Xlsx,
    /// A page that opens offline in any browser and prints on A4
    Html,
}

impl Format {
    /// The format an output file's extension implies (`.csv`, `.json`, `.md`).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "xlsx" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// What a report needs besides its sheet for some formats.
pub struct Extras<'a> {
    /// The worksheet's name in a workbook.
    pub sheet_name: &'a str,
    /// The inputs' check findings, for a workbook's second sheet.
    pub findings: &'a [CheckedFile],
    pub lang: Lang,
}

/// Renders a sheet in a format.
pub fn render(
    sheet: &Sheet,
    format: Format,
    width: Option<u16>,
    extras: &Extras,
) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Table => render::table::render(sheet, width).into_bytes(),
        Format::Csv => csv::render(sheet)?.into_bytes(),
        Format::Json => json::render(sheet)?.into_bytes(),
        Format::Markdown => markdown::render(sheet).into_bytes(),
        Format::Xlsx => xlsx::render(sheet, extras.sheet_name, extras.findings, extras.lang)?,
        Format::Html => html::sheet_page(sheet, extras.lang).into_bytes(),
    })
}

/// Refuses an output that is one of the inputs, by path or by file identity (a link, or
/// standard input redirected from the output file).
pub fn refuse_overwriting_inputs(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(target) = Handle::from_path(output) else {
        // The output does not exist yet: it cannot be an input.
        return Ok(());
    };
    for input in inputs {
        let handle = if input.as_os_str() == "-" {
            Handle::stdin()
        } else {
            Handle::from_path(input)
        };
        if handle.is_ok_and(|h| h == target) {
            let input = if input.as_os_str() == "-" {
                "standard input".to_owned()
            } else {
                input.display().to_string()
            };
            let place = format!("-o {}", output.display());
            return Err(Failure::error(place, Problem::OutputIsInput { input }));
        }
    }
    Ok(())
}

/// The temporary file being written, removed if the process is interrupted.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// On Ctrl-C, SIGTERM or SIGHUP, removes the temporary file of an unfinished output and
/// exits 130, so an interrupted write leaves nothing behind. Installed with the first
/// output file: its handler thread is not worth starting for a report on the terminal.
fn remove_unfinished_output_on_interrupt() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            remove_pending();
            std::process::exit(130);
        });
    });
}

/// Removes the temporary file of the output being written, if one is.
fn remove_pending() {
    if let Some(path) = PENDING.lock().ok().and_then(|mut p| p.take()) {
        let _ = std::fs::remove_file(path);
    }
}

/// Writes `content` to stdout (no `-o`, or `-o -`), or to `output` through a temporary
/// file in the same folder renamed into place: the old file stays whole until the new one
/// is complete. A new file gets the mode the umask gives; a replaced file keeps its mode.
pub fn write(content: &[u8], output: Option<&Path>, inputs: &[PathBuf]) -> Result<()> {
    let Some(output) = output.filter(|o| o.as_os_str() != "-") else {
        let mut stdout = std::io::stdout().lock();
        // A pipe or a file gets the bytes as they are; a terminal gets no control
        // sequence a cell holds (a workbook is refused there before).
        let shown;
        let content = if stdout.is_terminal() {
            shown = crate::text::for_terminal(&String::from_utf8_lossy(content));
            shown.as_bytes()
        } else {
            content
        };
        return match stdout.write_all(content).and_then(|()| stdout.flush()) {
            // A closed pipe (`| head`) is not an error worth reporting.
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(error) => Err(Failure::error(
                "standard output",
                Problem::CannotWrite {
                    cause: SystemError::of(&error),
                },
            )),
            Ok(()) => Ok(()),
        };
    };
    refuse_overwriting_inputs(output, inputs)?;
    let place = format!("-o {}", output.display());
    let cannot_write = |error: &std::io::Error| {
        let cause = SystemError::of(error);
        Failure::error(place.clone(), Problem::CannotWrite { cause })
    };
    let existing = std::fs::metadata(output).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(Failure::error(place, Problem::OutputIsDirectory));
    }
    // A device or pipe (`/dev/stdout`, a FIFO) cannot be replaced by renaming: write to it.
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(output)
            .and_then(|mut file| file.write_all(content))
            .map_err(|e| cannot_write(&e));
    }
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    remove_unfinished_output_on_interrupt();
    // Created as any new file is (mode 0666 less the umask), and only if it is new: a
    // name left by another run is passed over.
    let mut attempt = 0;
    let (temporary, mut file) = loop {
        let temporary = folder.join(format!(
            ".{name}.aidcat-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => break (temporary, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => {
                let problem = Problem::CannotCreate {
                    folder: folder.display().to_string(),
                    cause: SystemError::of(&e),
                };
                return Err(Failure::error(place, problem));
            }
        }
    };
    if let Ok(mut pending) = PENDING.lock() {
        *pending = Some(temporary.clone());
    }
    let finished = (|| -> std::io::Result<()> {
        file.write_all(content)?;
        if let Some(existing) = &existing {
            file.set_permissions(existing.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, output)
    })();
    if let Ok(mut pending) = PENDING.lock() {
        *pending = None;
    }
    if let Err(error) = finished {
        let _ = std::fs::remove_file(&temporary);
        return Err(cannot_write(&error));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the interrupt handler does: the temporary file of a write under way goes, and
    /// a finished write leaves none pending.
    #[test]
    fn an_interrupted_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out.csv");
        write(b"a,b\n", Some(&output), &[]).unwrap();
        assert!(PENDING.lock().unwrap().is_none());
        let temporary = dir.path().join(".out.csv.aidcat-1-0.tmp");
        std::fs::write(&temporary, b"half").unwrap();
        *PENDING.lock().unwrap() = Some(temporary.clone());
        remove_pending();
        assert!(!temporary.exists());
        assert_eq!(std::fs::read(&output).unwrap(), b"a,b\n");
    }
}
