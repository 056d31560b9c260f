//! One file per command: each reads, checks, reports and renders through the stages.

pub mod check;
pub mod convert;
pub mod fix;
pub mod inputs;
pub mod list;
pub mod plan;
pub mod report;
pub mod shell;
pub mod summary;
mod totals;
pub mod workbook;

use crate::cli::{InputArgs, OutputArgs};
use crate::export::{self, Format};
use crate::lang::Lang;
use crate::model::{Catalogue, Reading};
use crate::problem::{Failure, Problem};
use crate::read::pipeline::Plan;
use crate::read::{MAX_ROWS, read_catalogue};
use crate::render::progress::with_progress;
use crate::report::check::CheckedFile;
use crate::report::sheet::Sheet;
use anyhow::Result;
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

/// The catalogues of the input, and the implementation plans a folder brought in.
struct Read {
    catalogues: Vec<Catalogue>,
    plans: Vec<PathBuf>,
}

/// Reads every file; the first that cannot be read stops the report, since totals over
/// part of the input would mislead. An implementation plan or a table of totals a folder
/// brought in is passed over, with a note.
fn read_all(files: &[PathBuf], input: &InputArgs, lang: Lang) -> Result<Read> {
    let paths = inputs::expand(files)?;
    refuse_repeated_inputs(&paths)?;
    let options = input.read_options();
    let mut read = Read {
        catalogues: Vec::with_capacity(paths.len()),
        plans: Vec::new(),
    };
    let mut rows = 0;
    for path in paths {
        match read_catalogue(&path, &options) {
            Ok(catalogue) => {
                // Each file is within the bound; all of them must be too, the sheets a
                // workbook of one sheet a sector reads together as well (each counted
                // as it is read, none held past the bound).
                let held =
                    |catalogue: &Catalogue| catalogue.project_count() + catalogue.component_count();
                rows += held(&catalogue);
                if rows > MAX_ROWS {
                    return Err(Failure::error(catalogue.path, too_many_rows()));
                }
                let first = (catalogue, ());
                let sheets = inputs::with_sector_sheets(&path, first, &options, |options| {
                    let catalogue = read_catalogue(&path, options)?;
                    // A later sheet is kept, and counts, where it reads as a sector.
                    if Reading::is_a_named_sector(&catalogue.readings) {
                        rows += held(&catalogue);
                    }
                    match rows > MAX_ROWS {
                        true => Err(Failure::error(&catalogue.path, too_many_rows())),
                        false => Ok((catalogue, ())),
                    }
                })?;
                read.catalogues
                    .extend(sheets.into_iter().map(|(catalogue, ())| catalogue));
            }
            Err(error)
                if let Some(passed) = inputs::passed_over(&path, files, &options, &error) =>
            {
                inputs::say_passed_over(passed, &path, lang);
                if passed == crate::report::rollup::PassedOver::Plan {
                    read.plans.push(path);
                }
            }
            Err(error) => return Err(error),
        }
    }
    Ok(read)
}

/// The problem of more rows than may be held ([`MAX_ROWS`]), all files together.
pub fn too_many_rows() -> Problem {
    Problem::TooManyRows { max: MAX_ROWS }
}

/// Warns on the terminal of files that hold one catalogue twice (see
/// [`crate::report::rollup::Rollup::twice`]).
fn warn_twice(twice: &[String], lang: Lang) {
    for note in twice {
        let warning = lang.pick("warning", "cảnh báo");
        crate::render::to_stderr(&format!(
            "aidcat: {warning}: {}\n",
            crate::text::plain(note)
        ));
    }
}

/// Refuses a file given twice (by any name, or as standard input and by name): its
/// figures would be counted twice in totals.
fn refuse_repeated_inputs(files: &[PathBuf]) -> Result<()> {
    let handle = |path: &PathBuf| {
        if path.as_os_str() == "-" {
            same_file::Handle::stdin().ok()
        } else {
            same_file::Handle::from_path(path).ok()
        }
    };
    let handles: Vec<_> = files.iter().map(handle).collect();
    for (later, this) in handles.iter().enumerate() {
        let Some(this) = this else { continue };
        if let Some(first) = handles[..later]
            .iter()
            .position(|h| h.as_ref() == Some(this))
        {
            let problem = Problem::GivenTwice {
                file: files[later].display().to_string(),
                first: files[first].display().to_string(),
            };
            return Err(Failure::error("", problem));
        }
    }
    Ok(())
}

impl OutputArgs {
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }

    /// The format asked for, else the one the output file's extension implies. An
    /// extension aidcat does not write (`.xls`, `.ods`, `.tsv`) is an error, never a
    /// table written under that name.
    pub fn format_or(&self, default: Format) -> Result<Format> {
        if let Some(format) = self.format {
            return Ok(format);
        }
        let Some(output) = self.output.as_deref().filter(|o| o.as_os_str() != "-") else {
            return Ok(default);
        };
        match (Format::from_extension(output), output.extension()) {
            (Some(format), _) => Ok(format),
            (None, None) => Ok(default),
            (None, Some(extension)) => {
                let extension = extension.to_string_lossy().into_owned();
                let place = format!("-o {}", output.display());
                Err(Failure::error(
                    place,
                    Problem::OutputExtension { extension },
                ))
            }
        }
    }
}

/// A workbook is bytes no terminal can show: ask for a file instead.
fn refuse_workbook_on_terminal(output: &OutputArgs, format: Format) -> Result<()> {
    let to_terminal = output
        .output
        .as_deref()
        .is_none_or(|o| o.as_os_str() == "-")
        && std::io::stdout().is_terminal();
    if format == Format::Xlsx && to_terminal {
        return Err(Failure::error("--format xlsx", Problem::WorkbookToTerminal));
    }
    Ok(())
}

/// Renders a report and writes it where the user asked. A workbook's sheet is named
/// `sheet_name` (in English, in Vietnamese) in the user's language; `findings` go on its
/// second sheet.
fn emit(
    sheet: &Sheet,
    output: &OutputArgs,
    default: Format,
    inputs: &[PathBuf],
    sheet_name: (&'static str, &'static str),
    findings: &[CheckedFile],
) -> Result<Outcome> {
    let format = output.format_or(default)?;
    refuse_workbook_on_terminal(output, format)?;
    let lang = output.lang();
    let extras = export::Extras {
        sheet_name: lang.pick(sheet_name.0, sheet_name.1),
        findings,
        lang,
    };
    let rendered = export::render(sheet, format, output.width, &extras)?;
    export::write(&rendered, output.output.as_deref(), inputs)?;
    Ok(Outcome::Clean)
}

/// Runs `work` on a file with the default plan, under a progress bar labelled with the
/// file's name (shown only for long work on a terminal).
fn with_plan<T>(path: &Path, quiet: bool, work: impl FnOnce(&Plan) -> T) -> T {
    let plan = Plan::default();
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let len = std::fs::metadata(path).map_or(0, |m| m.len());
    with_progress(&name, &plan.progress, len, quiet, || work(&plan))
}

/// The check findings of catalogues (read with `options`), for a workbook's findings
/// sheet, a file's table of totals by sector after its catalogues: none where the output
/// (in `default` format unless told) is not a workbook, since checking a file held in
/// memory costs as much again.
fn findings_for(
    catalogues: &[Catalogue],
    options: &crate::read::ReadOptions,
    output: &OutputArgs,
    default: Format,
) -> Result<Vec<CheckedFile>> {
    if output.format_or(default)? != Format::Xlsx {
        return Ok(Vec::new());
    }
    let lang = output.lang();
    let mut checked: Vec<CheckedFile> = (catalogues.iter())
        .map(|c| CheckedFile::of(c, lang))
        .collect();
    let read: Vec<&Catalogue> = catalogues.iter().collect();
    // From the last file back, so that each file's places stand as they were.
    for (files, totals) in totals::tables_of_totals(&read, options, lang)
        .into_iter()
        .rev()
    {
        checked.insert(files.end, totals);
    }
    Ok(checked)
}
