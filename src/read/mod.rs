//! Read: bytes → text → rows → model. One reader, used by every command.

mod catalogue;
mod decode;
pub mod header;
mod metadata;
mod plan;
pub mod rows;
pub mod stream;
mod workbook;

pub use catalogue::{
    CatalogueRole, MAX_ROWS, catalogue_from_table, read_catalogue, read_catalogue_bytes,
};
pub use decode::TextEncoding;
pub use plan::{PlanRole, read_plan};

use crate::number::Convention;
use crate::period::Period;
use anyhow::{Context, Result, anyhow};
use rows::Row;
use serde::Serialize;
use std::fmt;
use std::io::Read;
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
    /// The worksheet to read in a workbook; the first when not given.
    pub sheet: Option<String>,
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

/// Where a table's rows came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Source {
    /// A text file (CSV, semicolon- or tab-separated).
    Text {
        encoding: TextEncoding,
        delimiter: char,
    },
    /// A worksheet of a workbook.
    Workbook { format: String, sheet: String },
}

impl Source {
    /// For reports: `UTF-8; comma-separated` or `xlsx sheet Sheet1`.
    pub fn describe(&self) -> String {
        match self {
            Source::Text {
                encoding,
                delimiter,
            } => format!("{encoding}; {}-separated", delimiter_name(*delimiter)),
            Source::Workbook { format, sheet } => format!("{format} sheet {sheet}"),
        }
    }

    /// Where a line (and cell) is: `22:7` in a text file, `Sheet1!G22` in a workbook
    /// (`Sheet1!22:22`, the whole row, when no column is known).
    pub fn location(&self, line: usize, column: Option<usize>) -> String {
        match (self, column) {
            (Source::Text { .. }, Some(column)) => format!("{line}:{column}"),
            (Source::Text { .. }, None) => line.to_string(),
            (Source::Workbook { sheet, .. }, Some(column)) => {
                format!(
                    "{}!{}{line}",
                    sheet_reference(sheet),
                    column_letters(column)
                )
            }
            (Source::Workbook { sheet, .. }, None) => {
                format!("{}!{line}:{line}", sheet_reference(sheet))
            }
        }
    }
}

/// A sheet name as a reference writes it: quoted when it is not a plain word.
fn sheet_reference(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// 1 → A, 26 → Z, 27 → AA.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let digit = (column - 1) % 26;
        letters.push(b'A' + digit as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A file decoded and split into rows.
#[derive(Debug)]
pub struct Table {
    pub path: String,
    pub source: Source,
    pub rows: Vec<Row>,
}

/// The name standard input goes by in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads a file (or standard input for `-`) into rows: a workbook's sheet, or text
/// decoded and split.
pub fn read_table(path: &Path, options: &ReadOptions) -> Result<Table> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        return table_from_bytes(STDIN_NAME.to_owned(), bytes, options);
    }
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(anyhow!(
            "{name}: is a directory; expected a catalogue file (CSV, tab-separated text or a workbook)"
        ));
    }
    let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot read the file"))?;
    table_from_bytes(name, bytes, options)
}

/// Decodes and splits bytes already in memory (`name` is used in messages).
pub fn table_from_bytes(name: String, bytes: Vec<u8>, options: &ReadOptions) -> Result<Table> {
    if bytes.is_empty() {
        return Err(anyhow!(
            "{name}: the file is empty; expected a catalogue with a header row and projects"
        ));
    }
    if workbook::is_workbook(&name, &bytes) {
        let (rows, source) = workbook::read(&name, bytes, options.sheet.as_deref())?;
        return Ok(Table {
            path: name,
            source,
            rows,
        });
    }
    let (text, encoding) =
        decode::decode(&bytes, options.encoding).map_err(|e| e.located(&name))?;
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
        source: Source::Text {
            encoding,
            delimiter,
        },
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
