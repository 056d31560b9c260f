//! One file per command: each reads, checks, reports and renders through the stages.

pub mod check;
pub mod convert;
pub mod list;
pub mod plan;
pub mod shell;
pub mod summary;

use crate::check::check;
use crate::cli::{InputArgs, OutputArgs};
use crate::export::{self, Format};
use crate::lang::Lang;
use crate::model::Catalogue;
use crate::read::read_catalogue;
use crate::read::stream::Stream;
use crate::render::progress::with_progress;
use crate::report::check::CheckedFile;
use crate::report::sheet::Sheet;
use anyhow::{Result, bail};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// What a command ends with, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: nothing of severity error.
    Clean,
    /// 1: findings of severity error (or warnings under `--strict`).
    Findings,
    /// 2: an input could not be read.
    Unreadable,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Unreadable => 2,
        }
    }
}

/// Reads every file; the first that cannot be read stops the report, since totals over
/// part of the input would mislead.
fn read_all(files: &[PathBuf], input: &InputArgs) -> Result<Vec<Catalogue>> {
    let options = input.read_options();
    files.iter().map(|f| read_catalogue(f, &options)).collect()
}

impl OutputArgs {
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }

    /// The format asked for, else the one the output file's extension implies.
    pub fn format_or(&self, default: Format) -> Format {
        self.format
            .or_else(|| self.output.as_deref().and_then(Format::from_extension))
            .unwrap_or(default)
    }
}

/// Renders a report and writes it where the user asked. `findings` go on a workbook's
/// second sheet.
fn emit(
    sheet: &Sheet,
    output: &OutputArgs,
    default: Format,
    inputs: &[PathBuf],
    sheet_name: &str,
    findings: &[CheckedFile],
) -> Result<Outcome> {
    let format = output.format_or(default);
    let to_terminal = output
        .output
        .as_deref()
        .is_none_or(|o| o.as_os_str() == "-")
        && std::io::stdout().is_terminal();
    if format == Format::Xlsx && to_terminal {
        bail!("--format xlsx: a workbook cannot be shown in the terminal; add -o FILE.xlsx");
    }
    let extras = export::Extras {
        sheet_name,
        findings,
        lang: output.lang(),
    };
    let rendered = export::render(sheet, format, output.width, &extras)?;
    export::write(&rendered, output.output.as_deref(), inputs)?;
    Ok(Outcome::Clean)
}

/// Runs `work` on a streamed file under a progress bar labelled with the file's name.
fn streaming<T>(stream: &Stream, path: &Path, quiet: bool, work: impl FnOnce() -> T) -> T {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    with_progress(&name, &stream.progress, stream.len(), quiet, work)
}

/// The check findings of catalogues, for a workbook's findings sheet.
fn findings_of(catalogues: &[Catalogue]) -> Vec<CheckedFile> {
    catalogues
        .iter()
        .map(|c| CheckedFile::new(c, check(c)))
        .collect()
}
