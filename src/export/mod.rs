//! Export: a report in the chosen format, to stdout or to a file written safely.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod xlsx;

use crate::lang::Lang;
use crate::render;
use crate::report::check::CheckedFile;
use crate::report::sheet::Sheet;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of every report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal
    Table,
    /// CSV for machines and spreadsheets
    Csv,
    /// JSON
    Json,
    /// A Markdown table
    Markdown,
    /// An Excel workbook, totals as formulas, findings on a second sheet
    Xlsx,
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
    })
}

/// The absolute form of a path that may not exist yet (its folder must).
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Refuses an output path that is one of the inputs.
pub fn refuse_overwriting_inputs(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Some(target) = resolved(output) else {
        return Ok(());
    };
    for input in inputs {
        if input.canonicalize().is_ok_and(|i| i == target) {
            bail!(
                "-o {}: that is one of the input files; aidcat never writes over its inputs, \
                 choose another output path",
                output.display()
            );
        }
    }
    Ok(())
}

/// Writes `content` to stdout (no `-o`, or `-o -`), or to `output` through a temporary
/// file in the same folder renamed into place: the old file stays whole until the new one
/// is complete.
pub fn write(content: &[u8], output: Option<&Path>, inputs: &[PathBuf]) -> Result<()> {
    let Some(output) = output.filter(|o| o.as_os_str() != "-") else {
        let mut stdout = std::io::stdout().lock();
        return match stdout.write_all(content).and_then(|()| stdout.flush()) {
            // A closed pipe (`| head`) is not an error worth reporting.
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.context("cannot write to standard output"),
        };
    };
    refuse_overwriting_inputs(output, inputs)?;
    let shown = output.display();
    let existing = std::fs::metadata(output).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        bail!("-o {shown}: is a directory; expected a file path");
    }
    // A device or pipe (`/dev/stdout`, a FIFO) cannot be replaced by renaming: write to it.
    if existing.is_some_and(|m| !m.is_file()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(output)
            .and_then(|mut file| file.write_all(content))
            .with_context(|| format!("-o {shown}: cannot write"));
    }
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".aidcat-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .with_context(|| format!("-o {shown}: cannot create a file in {}", folder.display()))?;
    temporary
        .write_all(content)
        .and_then(|()| temporary.as_file().sync_all())
        .with_context(|| format!("-o {shown}: cannot write"))?;
    temporary
        .persist(output)
        .map_err(|e| e.error)
        .with_context(|| format!("-o {shown}: cannot move the finished file into place"))?;
    Ok(())
}
