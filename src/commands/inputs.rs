//! The files a command reads: folders and patterns expanded, as officers give them.
//!
//! A folder stands for the catalogue files in it and in its subfolders (a folder per
//! province, say), by path; hidden folders and linked folders are not entered.
//! A pattern (`*`, `?`, `[…]`) that names no existing file is expanded by aidcat itself,
//! since Windows shells pass it on as written. Either naming no catalogue file is an error.

use crate::lang::Lang;
use crate::problem::{Failure, Problem};
use crate::read::ReadOptions;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The extensions of the files a folder stands for. Web pages are read when named, not
/// found in a folder: a folder of catalogues often holds reports written as pages.
const CATALOGUE_EXTENSIONS: [&str; 11] = [
    "csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "docx", "odt", "doc", "rtf",
];

fn is_catalogue_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Hidden files and the lock files office programs leave beside an open file.
    let hidden = name.starts_with('.') || name.starts_with("~$");
    let known = path.extension().is_some_and(|e| {
        CATALOGUE_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str())
    });
    !hidden && known && path.is_file()
}

/// Each argument as the files it names, in order; `-` and plain files as given.
pub fn expand(arguments: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for argument in arguments {
        let place = || argument.display().to_string();
        let named: Vec<PathBuf> = if argument.is_dir() {
            let mut named = Vec::new();
            walk(argument, MAX_DEPTH, &mut named).map_err(|(folder, e)| {
                crate::read::pipeline::cannot_read(&folder.display().to_string(), &e)
            })?;
            named
        } else if is_pattern(argument) {
            glob::glob(&argument.to_string_lossy())
                .map_err(|_| Failure::error(place(), Problem::NoFiles))?
                .filter_map(Result::ok)
                .collect()
        } else {
            files.push(argument.clone());
            continue;
        };
        let mut found: Vec<PathBuf> = named.into_iter().filter(|p| is_catalogue_file(p)).collect();
        if found.is_empty() {
            return Err(Failure::error(place(), Problem::NoFiles));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// How deep subfolders are entered.
const MAX_DEPTH: usize = 8;

/// Every entry of `folder` and of its subfolders down to `depth`, but hidden and linked
/// folders (a link may lead back up).
fn walk(
    folder: &Path,
    depth: usize,
    found: &mut Vec<PathBuf>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(folder).map_err(|e| (folder.to_path_buf(), e))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                if depth > 0 && !hidden {
                    walk(&path, depth - 1, found)?;
                }
            }
            _ => found.push(path),
        }
    }
    Ok(())
}

/// A pattern for aidcat to expand: it holds a wildcard and names no file as written.
fn is_pattern(argument: &Path) -> bool {
    let text = argument.to_string_lossy();
    text.contains(['*', '?', '[']) && !argument.exists()
}

/// What a file a folder or pattern brought in is, where it is no catalogue and catalogue
/// commands pass it over (saying so) instead of failing on it. A file named on the
/// command line is read as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassedOver {
    /// An implementation plan: a programme's folder holds it beside the catalogue.
    Plan,
    /// A table of totals (a summary aidcat wrote into the folder, or a province's).
    Totals,
    /// A file without a header that holds no figure: a letter sent with the catalogue
    /// (its tables lay out the letterhead and signatures), or notes.
    NoFigures,
}

impl PassedOver {
    /// Is the file that failed with `error` one to pass over?
    pub fn of(
        path: &Path,
        given: &[PathBuf],
        options: &ReadOptions,
        error: &anyhow::Error,
    ) -> Option<Self> {
        if given.iter().any(|g| g == path) {
            return None;
        }
        let problem = error
            .downcast_ref::<Failure>()
            .map(|failure| &failure.problem);
        if let Some(Problem::TotalsTable { .. }) = problem {
            Some(PassedOver::Totals)
        } else if let Some(
            Problem::NoTable { figures: false, .. } | Problem::NoHeader { figures: false, .. },
        ) = problem
        {
            Some(PassedOver::NoFigures)
        } else {
            crate::read::read_plan(path, options)
                .is_ok()
                .then_some(PassedOver::Plan)
        }
    }

    /// Says on the terminal that the file was passed over.
    pub fn say(self, path: &Path, lang: Lang) {
        crate::render::to_stderr(&format!(
            "aidcat: {}\n",
            crate::text::plain(&self.note(path, lang))
        ));
    }

    /// The note for the file passed over.
    pub fn note(self, path: &Path, lang: Lang) -> String {
        let path = path.display();
        match (self, lang) {
            (PassedOver::Plan, Lang::En) => format!(
                "{path}: an implementation plan, not a catalogue; passed over (`aidcat plan` reads it)"
            ),
            (PassedOver::Plan, Lang::Vi) => format!(
                "{path}: là kế hoạch thực hiện, không phải danh mục; bỏ qua (`aidcat plan` đọc tệp này)"
            ),
            (PassedOver::Totals, Lang::En) => {
                format!("{path}: a table of totals, not a catalogue; passed over")
            }
            (PassedOver::Totals, Lang::Vi) => {
                format!("{path}: là bảng tổng hợp, không phải danh mục; bỏ qua")
            }
            (PassedOver::NoFigures, Lang::En) => format!(
                "{path}: holds no table of figures (a letter or notes), not a catalogue; passed over"
            ),
            (PassedOver::NoFigures, Lang::Vi) => format!(
                "{path}: không có bảng số liệu (là công văn hoặc ghi chú), không phải danh mục; bỏ qua"
            ),
        }
    }
}
