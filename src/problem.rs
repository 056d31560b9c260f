//! Why an input cannot be read, or a command cannot run, as data: a kind with its figures.
//! Its words are written at the edge, per language ([`crate::lang`]); `Display` gives the
//! English, for errors that reach no report.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What went wrong. Texts from outside (library messages, cells) are carried as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Problem {
    // Reading bytes.
    CannotRead {
        #[serde(flatten)]
        cause: SystemError,
    },
    NotFound,
    PermissionDenied,
    IsDirectory,
    Empty {
        wanted: Wanted,
    },
    NoText,
    InputTooLarge {
        mib: u64,
    },
    FileTooLargeForMemory {
        mib: u64,
        max: u64,
    },
    FileChanged,
    ReadingStopped {
        at: u64,
    },
    // Text.
    NulByte {
        offset: u64,
        utf16_hint: bool,
    },
    InvalidUtf8 {
        byte: u8,
    },
    Utf16Truncated {
        encoding: String,
    },
    Utf16Broken {
        encoding: String,
    },
    UnclosedQuote,
    CellTooLarge {
        cell: usize,
        mib: usize,
    },
    TooManyCells {
        max: usize,
    },
    RowTooLarge {
        mib: usize,
    },
    // Workbooks.
    WorkbookDamaged,
    /// The workbook is encrypted with a password.
    WorkbookPassword,
    WorkbookExpands {
        mib: u64,
        max: u64,
    },
    WorkbookRepeats {
        cells: u64,
        max: u64,
    },
    SharedStrings {
        declared: u64,
        bytes: u64,
    },
    WorkbookReader {
        detail: String,
    },
    WorkbookMemory {
        mib: u64,
    },
    /// A file taken for a workbook (by its name) whose bytes begin as no workbook does.
    NotAWorkbook,
    NoSheets,
    /// A Word document of Word 6 or Word 95, whose layout is older than Word 97's.
    LegacyWordDocument,
    /// A document encrypted with a password.
    DocumentPassword,
    /// A document whose text (its repeated rows spread out) is more than aidcat reads.
    DocumentText {
        mib: u64,
        max: u64,
    },
    /// A document whose parts cannot be read.
    DocumentDamaged,
    /// JSON that breaks its grammar here: what stands there (`None` at the end of the
    /// text), and what was expected.
    JsonSyntax {
        found: Option<char>,
        expected: JsonExpected,
    },
    /// JSON whose lists and objects nest deeper than `max`.
    JsonTooDeep {
        max: usize,
    },
    /// A file of a kind that holds no table's cells (a PDF, a scan) or holds files.
    OtherFormat {
        format: OtherFormat,
    },
    DocumentTooLarge {
        max: u64,
    },
    SheetTooLarge {
        max: u64,
    },
    NoTable {
        wanted: Wanted,
        tables: usize,
        /// Whether a table holds a figure ([`crate::number::looks_like_figure`]): else
        /// the document is a letter or notes, not a table of figures.
        #[serde(default)]
        figures: bool,
    },
    NoSuchTable {
        table: usize,
        tables: usize,
    },
    RowsOutOfOrder {
        after: usize,
    },
    SheetUnreadable {
        sheet: String,
        detail: String,
    },
    NoSuchSheet {
        file: String,
        sheets: Vec<String>,
    },
    // Tables.
    NoHeader {
        wanted: Wanted,
        searched: usize,
        closest: Option<(usize, String)>,
        /// Whether a row searched holds a figure ([`crate::number::looks_like_figure`]).
        #[serde(default)]
        figures: bool,
    },
    /// No header, but one where the text is read back as the Windows-1252 bytes it was
    /// wrongly decoded from (UTF-8 opened as ANSI, as Excel opens a CSV, and saved):
    /// the label as it stands, and as it was meant.
    DoubleEncoded {
        seen: String,
        meant: String,
    },
    /// The roles missing, each described in English and in Vietnamese.
    MissingColumns {
        missing: Vec<[String; 2]>,
        found: String,
    },
    /// A table of totals (a count of projects a row, no project names): a summary, aidcat's
    /// own or a province's, not a catalogue.
    TotalsTable {
        found: String,
    },
    /// Two money columns whose labels state different units (`Tổng vốn (USD)`, `Vốn đối
    /// ứng (triệu đồng)`): total = aid + counterpart holds in one unit only.
    ColumnUnitsDiffer {
        first: String,
        first_unit: String,
        other: String,
        other_unit: String,
    },
    /// An implementation plan (tasks, their lead and partner agencies) given where a
    /// catalogue is read.
    PlanTable {
        found: String,
    },
    /// A catalogue of projects given where an implementation plan is read.
    CatalogueTable {
        found: String,
    },
    /// An implementation plan's header with no task under it: nothing to list. `task`:
    /// the label of the column a task's words stand in.
    NoTasks {
        task: String,
    },
    TooManyRows {
        max: usize,
    },
    TooManySectors {
        max: usize,
    },
    /// More than `max` rows read as components of the project on `project`'s line.
    TooManyComponents {
        max: usize,
        project: usize,
    },
    /// `by`: the groupings as `--by` names them (`owner`, `owner,year`).
    TooManyGroups {
        max: usize,
        by: String,
    },
    NumberConventions {
        first: (usize, String),
        second: (usize, String),
        both_proven: bool,
    },
    // Commands.
    GivenTwice {
        file: String,
        first: String,
    },
    MixedUnits {
        first: String,
        first_unit: String,
        other: String,
        other_unit: String,
    },
    /// A file in another currency than the output, and no rate between them.
    NoRate {
        file: String,
        unit: String,
        output_unit: String,
        /// Where the output unit comes from: `--unit`, or the file that set it.
        reference: String,
    },
    /// An amount converted into the output unit overflows.
    ConversionOverflow,
    /// Sums that need more digits than aidcat adds exactly.
    InexactSums,
    UnknownUnit {
        found: String,
    },
    BadRate {
        found: String,
    },
    /// A sector mapping without `national_sector` and `provincial_name` columns.
    MappingHeader,
    UnknownNationalSector {
        found: String,
    },
    UnknownMatch {
        found: String,
    },
    /// A folder or pattern that names no catalogue file.
    NoFiles,
    /// `--by` with more than two groupings, or one twice.
    Groupings,
    CannotCreate {
        folder: String,
        #[serde(flatten)]
        cause: SystemError,
    },
    OutputIsInput {
        input: String,
    },
    OutputIsDirectory,
    OutputExtension {
        extension: String,
    },
    CannotWrite {
        #[serde(flatten)]
        cause: SystemError,
    },
    WorkbookToTerminal,
    FixFromStdin,
    FixOutput,
    /// A `.docx` copy asked of a file that is not a Word (`.docx`) document.
    FixWordCopyOfOther,
    /// A `.docx` copy of a document that cannot be put right in place: a macro document
    /// or a template, or cells to correct merged into another or holding more than text.
    FixWordCopyNotInPlace,
    /// An `.ods` copy of a file that is not an OpenDocument workbook (`.ods`).
    FixSpreadsheetCopyOfOther,
    /// An `.ods` copy of a workbook that cannot be put right in place: a template, or a
    /// cell to correct merged with others or in a repeated row.
    FixSpreadsheetCopyNotInPlace,
    /// An `.odt` copy of a file that is not an OpenDocument text (`.odt`).
    FixTextCopyOfOther,
    /// An `.odt` copy of a document that cannot be put right in place: a template, or
    /// cells to correct merged into another, repeated, or holding more than text.
    FixTextCopyNotInPlace,
}

/// Why the system would not read or write a file: the usual causes, worded in each
/// language alike on every system; another as the system words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cause", rename_all = "kebab-case")]
pub enum SystemError {
    NotFound,
    PermissionDenied,
    DiskFull,
    ReadOnly,
    /// A name the system does not allow (Windows refuses `:`, `?`, line breaks).
    InvalidName,
    /// A folder where a file was expected.
    IsFolder,
    /// A part of the path, before its last, is a file.
    NotFolder,
    /// Another program holds the file (on Windows, a workbook open in Excel).
    InUse,
    /// Larger than the system or its disk allows a file to be.
    FileTooLarge,
    /// Anything else, as the system words it (on Windows, in its own language).
    Other {
        detail: String,
    },
}

impl SystemError {
    pub fn of(error: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        match error.kind() {
            ErrorKind::NotFound => SystemError::NotFound,
            ErrorKind::PermissionDenied => SystemError::PermissionDenied,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SystemError::DiskFull,
            ErrorKind::ReadOnlyFilesystem => SystemError::ReadOnly,
            ErrorKind::InvalidFilename => SystemError::InvalidName,
            ErrorKind::IsADirectory => SystemError::IsFolder,
            ErrorKind::NotADirectory => SystemError::NotFolder,
            ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => SystemError::InUse,
            ErrorKind::FileTooLarge => SystemError::FileTooLarge,
            // ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: another program opened
            // the file without sharing it.
            _ if cfg!(windows) && matches!(error.raw_os_error(), Some(32 | 33)) => {
                SystemError::InUse
            }
            // Without the name of the file, which the message names already (and which
            // may be a temporary file's, meaning nothing to the user).
            kind => SystemError::Other {
                detail: match error.raw_os_error() {
                    Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
                    None => kind.to_string(),
                },
            },
        }
    }
}

/// The table a reading looks for: a catalogue of projects, or an implementation plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wanted {
    Catalogue,
    Plan,
}

/// What JSON's grammar asks for where a text breaks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JsonExpected {
    /// A value: text in quotes, a figure, a list, an object, `true`, `false`, `null`.
    Value,
    /// A name in quotes, of an object's member.
    Name,
    /// The `:` after a member's name.
    Colon,
    /// A `,` before the next value, or the bracket that closes the list or object.
    CommaOr(char),
    /// The `"` that closes a text.
    ClosingQuote,
    /// An escape: `\"`, `\\`, `\n`, `\u00e9`, …
    Escape,
    /// A digit of a figure.
    Digit,
}

/// Kinds of file officers hand on for a catalogue that hold no table aidcat can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OtherFormat {
    /// A PDF: the table as print, not cells.
    Pdf,
    /// A picture: a scan or a photo of the table.
    Image,
    /// A PowerPoint presentation.
    Presentation,
    /// A zip (or RAR, 7-Zip) archive of files.
    Archive,
}

/// A problem at a place: a file (or `-o PATH`, or nothing), with line and column where
/// known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub place: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub problem: Problem,
}

impl Failure {
    /// The problem as an error, at `place` (a file name, or an option and its value).
    pub fn error(place: impl Into<String>, problem: Problem) -> anyhow::Error {
        anyhow::Error::new(Failure {
            place: place.into(),
            line: None,
            column: None,
            problem,
        })
    }

    /// `place:line:column`, as compilers locate their errors.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.place),
            (Some(line), None) => format!("{}:{line}", self.place),
            _ => self.place.clone(),
        }
    }
}

/// Why an option's value cannot be taken, as its parser finds it: what was expected.
/// clap places it under the option and its value; each language words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadValue {
    /// `--delimiter`: not one aidcat reads.
    Delimiter,
    /// `--period`: empty.
    PeriodEmpty,
    /// `--period`: it ends before it starts.
    PeriodReversed { start: u16, end: u16 },
    /// `--period`: no years read.
    PeriodUnreadable,
    /// `--year`: not a year of four digits.
    Year,
    /// `--width`: not a number of columns.
    Width,
    /// `--table`: not a table's number, counted from 1.
    Table,
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::lang::Lang::En.bad_value(*self))
    }
}

impl std::error::Error for BadValue {}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::lang::Lang::En.failure(self))
    }
}

impl std::error::Error for Failure {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failure crosses from the workbook's child process as JSON: a cause of the
    /// system's comes back as it went, tagged beside the problem's kind.
    #[test]
    fn a_system_error_goes_through_json_and_back() {
        for cause in [
            SystemError::DiskFull,
            SystemError::Other {
                detail: "Invalid argument (os error 22)".to_owned(),
            },
        ] {
            let problem = Problem::CannotWrite { cause };
            let json = serde_json::to_string(&problem).expect("serialised");
            assert!(
                json.starts_with(r#"{"kind":"cannot-write","cause":"#),
                "{json}"
            );
            let back: Problem = serde_json::from_str(&json).expect("read back");
            assert_eq!(back, problem);
        }
    }

    #[test]
    fn the_usual_causes_are_told_by_kind() {
        use std::io::{Error, ErrorKind};
        assert_eq!(
            SystemError::of(&Error::from(ErrorKind::StorageFull)),
            SystemError::DiskFull
        );
        assert_eq!(
            SystemError::of(&Error::from(ErrorKind::InvalidFilename)),
            SystemError::InvalidName
        );
        assert!(matches!(
            SystemError::of(&Error::from(ErrorKind::Interrupted)),
            SystemError::Other { .. }
        ));
    }
}
