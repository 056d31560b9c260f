//! Read: bytes → records → rows → events → catalogue. One record splitter
//! ([`records`]), one row reader and assembler ([`catalogue`]), run over an input by one
//! execution plan ([`pipeline`]): the whole input as one range, or many ranges on every
//! core, merged in file order.

mod breakdown;
pub mod catalogue;
mod decode;
pub mod document;
mod formula;
pub mod header;
mod html;
mod json;
mod markdown;
mod metadata;
mod numbering;
pub mod pipeline;
mod plan;
pub mod records;
pub mod rows;
mod rtf;
mod sheet_view;
mod spreadsheet_xml;
mod word_binary;
pub mod workbook;

pub use catalogue::{CatalogueRole, CatalogueSink, MAX_ROWS, read_catalogue, read_catalogue_bytes};
pub use decode::{LegacyFont, LineStyle, TextEncoding};
pub use plan::{PlanRole, read_plan};
pub(crate) use sheet_view::{each_tag, xlsx_sheet_path};

use crate::model::Source;
use crate::number::Convention;
use crate::period::Period;
use crate::problem::{Failure, Problem};
use rows::Row;
use std::fs::File;
use std::io;

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
    /// The table of a Word document to read, from 1.
    pub table: Option<usize>,
    /// The other reading of layouts that allow two.
    pub choices: crate::model::Choices,
    /// Read the sheet as a workbook's totals by sector (`Lĩnh vực | Số dự án | Tổng vốn
    /// …`), each row a project named by its sector, to compare with the workbook's
    /// sheets of one sector each (`check` asks it; no option sets it).
    pub totals_sheet: bool,
}

/// A problem in the input at a place: line, and column where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Boxed: results carry it, and most results are no error.
    pub problem: Box<Problem>,
}

impl ReadError {
    pub fn at(line: usize, column: Option<usize>, problem: Problem) -> Self {
        ReadError {
            line: Some(line),
            column,
            problem: Box::new(problem),
        }
    }

    /// A problem of the whole input, at no line.
    pub fn whole(problem: Problem) -> Self {
        ReadError {
            line: None,
            column: None,
            problem: Box::new(problem),
        }
    }

    /// The error located in the file `path`, as `path:line:column`.
    pub fn located(self, path: &str) -> anyhow::Error {
        anyhow::Error::new(Failure {
            place: path.to_owned(),
            line: self.line,
            column: self.column,
            problem: *self.problem,
        })
    }
}

/// Reads from `offset` of `file`, threads reading at once. On Windows the read moves the
/// file's cursor: a file read at offsets is seeked before it is read at its cursor.
#[cfg(unix)]
pub(crate) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
pub(crate) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// Elsewhere, a seek and a read under one lock, so threads do not move each other's cursor.
#[cfg(not(any(unix, windows)))]
pub(crate) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::io::{Read, Seek, SeekFrom};
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let mut file = file;
    file.seek(SeekFrom::Start(offset))?;
    file.read(buf)
}

/// Fills `buf` from `offset` of `file`; an error where the file ends first.
pub(crate) fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    let mut filled = 0;
    while filled < buf.len() {
        match read_at(file, &mut buf[filled..], offset + filled as u64) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A sheet name as a reference writes it: quoted when it is not a plain word.
pub(crate) fn sheet_reference(sheet: &str) -> String {
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

/// A → 1, Z → 26, AA → 27, in capitals or not: the column `letters` name, as
/// [`column_letters`] writes it. At most three letters (`XFD`, a sheet's last) are read.
pub fn column_number(letters: &[u8]) -> usize {
    (letters.iter().take(3)).fold(0, |number, letter| {
        number * 26 + usize::from(letter.to_ascii_uppercase().wrapping_sub(b'A')) + 1
    })
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

/// A human name for a delimiter.
pub fn delimiter_name(delimiter: char) -> String {
    match delimiter {
        '\t' => "tab".to_owned(),
        ',' => "comma".to_owned(),
        ';' => "semicolon".to_owned(),
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_numbered_from_its_letters_as_it_is_lettered_from_its_number() {
        for number in [1, 26, 27, 52, 702, 703, 16_384] {
            assert_eq!(column_number(column_letters(number).as_bytes()), number);
        }
        assert_eq!(column_number(b"xfd"), 16_384);
    }
}
