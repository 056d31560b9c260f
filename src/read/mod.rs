//! Read: bytes → text → rows → model. One reader, used by every command.

mod catalogue;
mod decode;
pub mod header;
mod metadata;
mod plan;
pub mod rows;

pub use catalogue::{CatalogueRole, MAX_ROWS, read_catalogue, read_catalogue_bytes};
pub use decode::TextEncoding;
pub use plan::{PlanRole, read_plan};

use crate::number::Convention;
use crate::period::Period;
use anyhow::{Context, Result, anyhow};
use rows::Row;
use std::fmt;
use std::path::Path;

/// What the command line says about the input, overriding what aidcat would detect.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub number_format: Option<Convention>,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<char>,
    pub unit: Option<String>,
    pub period: Option<Period>,
    pub province: Option<String>,
}

/// A problem in the input at a place: line, and column where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl ReadError {
    pub fn at(line: usize, column: Option<usize>, message: String) -> Self {
        ReadError {
            line: Some(line),
            column,
            message,
        }
    }

    /// The error as `path:line:column: message`, the way compilers locate theirs.
    pub fn located(self, path: &str) -> anyhow::Error {
        match (self.line, self.column) {
            (Some(line), Some(column)) => anyhow!("{path}:{line}:{column}: {}", self.message),
            (Some(line), None) => anyhow!("{path}:{line}: {}", self.message),
            _ => anyhow!("{path}: {}", self.message),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A file decoded and split into rows.
#[derive(Debug)]
pub struct Table {
    pub path: String,
    pub encoding: TextEncoding,
    pub delimiter: char,
    pub rows: Vec<Row>,
}

/// Reads a file into rows: decode, detect the delimiter, split.
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<Table> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(anyhow!(
            "{name}: is a directory; expected a catalogue file (CSV or tab-separated text)"
        ));
    }
    let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot read the file"))?;
    table_from_bytes(name, &bytes, options)
}

/// Decodes and splits bytes already in memory (`name` is used in messages).
pub fn table_from_bytes(name: String, bytes: &[u8], options: &ReadOptions) -> Result<Table> {
    if bytes.is_empty() {
        return Err(anyhow!(
            "{name}: the file is empty; expected a catalogue with a header row and projects"
        ));
    }
    let (text, encoding) = decode::decode(bytes, options.encoding).map_err(|e| e.located(&name))?;
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| rows::detect_delimiter(&text));
    let rows = rows::split(&text, delimiter).map_err(|e| e.located(&name))?;
    if rows.iter().all(Row::is_blank) {
        return Err(anyhow!(
            "{name}: the file has no text; expected a catalogue with a header row and projects"
        ));
    }
    Ok(Table {
        path: name,
        encoding,
        delimiter,
        rows,
    })
}

/// A human name for a delimiter.
pub fn delimiter_name(delimiter: char) -> String {
    match delimiter {
        '\t' => "tab".to_owned(),
        ',' => "comma".to_owned(),
        ';' => "semicolon".to_owned(),
        other => format!("`{other}`"),
    }
}
