//! The files a command reads: folders and patterns expanded, as officers give them.
//!
//! A folder stands for the catalogue files directly in it (not its subfolders), by name.
//! A pattern (`*`, `?`, `[…]`) that names no existing file is expanded by aidcat itself,
//! since Windows shells pass it on as written. Either naming no catalogue file is an error.

use crate::problem::{Failure, Problem};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The extensions of the files aidcat reads.
const CATALOGUE_EXTENSIONS: [&str; 7] = ["csv", "tsv", "txt", "xlsx", "xls", "ods", "docx"];

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
        if argument.is_dir() {
            let entries = std::fs::read_dir(argument)
                .map_err(|e| crate::read::pipeline::cannot_read(&place(), &e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| is_catalogue_file(path))
                .collect();
            if found.is_empty() {
                return Err(Failure::error(place(), Problem::NoFiles));
            }
            found.sort();
            files.extend(found);
        } else if is_pattern(argument) {
            let text = argument.to_string_lossy();
            let mut found: Vec<PathBuf> = glob::glob(&text)
                .map_err(|_| Failure::error(place(), Problem::NoFiles))?
                .filter_map(Result::ok)
                .filter(|path| is_catalogue_file(path))
                .collect();
            if found.is_empty() {
                return Err(Failure::error(place(), Problem::NoFiles));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(argument.clone());
        }
    }
    Ok(files)
}

/// A pattern for aidcat to expand: it holds a wildcard and names no file as written.
fn is_pattern(argument: &Path) -> bool {
    let text = argument.to_string_lossy();
    text.contains(['*', '?', '[']) && !argument.exists()
}
