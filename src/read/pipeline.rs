//! The execution plan: how the one reader runs over an input. A file is read at offsets,
//! never whole: its head (title lines and header) first, then its body in byte ranges
//! cut at line starts, each split by the one record splitter and read by the one row
//! reader on every core, and handed in file order to the one assembler and a sink. In a
//! tidy file, where every row names its sector, each range is assembled on its worker
//! into forks of the assembler and the sink, which are joined in file order: no row
//! crosses threads. A small file is one range. A range whose cut fell inside a quoted
//! cell (its first line is not a record start) is read again from where the range before
//! it really ended.
//!
//! The number convention is decided from the whole file: ranges are read with the one
//! the head suggests while they collect the evidence; should the whole file decide
//! otherwise, the file is read again with that convention. It is read again, too, where
//! a sink asks for projects it did not keep ([`CatalogueSink::unnamed_lines`]: the names
//! of numbers repeated past the checker's budget).

use super::catalogue::{
    Assembler, CatalogueRole, CatalogueSink, MAX_ROWS, NamedProject, NamedSector, RowEvent,
    RowReader, fallback_convention, layout_of, money_texts, stated_columns,
};
use super::decode::{self, LegacyFont, LineStyle, TextEncoding};
use super::document::{self, DocumentKind, DocumentTable};
use super::header::{self, HEADER_SEARCH_ROWS};
use super::records::{RecordError, Split, Splitter, next_line_start};
use super::rows::{self, MAX_CELL_BYTES, MAX_COLUMNS, Row};
use super::workbook::{HEAD_ROWS, SheetRows, Spool};
use super::{ReadError, ReadOptions, STDIN_NAME, Table, metadata, read_at, workbook};
use crate::model::{Catalogue, Columns, Layout, PartColumn, ProjectView, Reading, Source, Stated};
use crate::number::{self, Convention, Evidences, NumberFormat};
use crate::problem::{Failure, Problem, SystemError};
use crate::text::{is_plain, line_col};
use crate::unit::Unit;
use anyhow::Result;
use rustc_hash::FxHashSet;
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Inputs read whole into memory (workbooks, text in another encoding than UTF-8) may be
/// at most this large.
pub const MAX_IN_MEMORY_BYTES: u64 = 512 << 20;
/// Standard input and devices have no length to cut into ranges: up to this much is
/// kept in memory, and a longer input is copied on to a temporary file and read from
/// there like any file, so that memory stays flat however long it is.
const SPOOL_AFTER_BYTES: u64 = 16 << 20;
/// What standard input or a device may bring at most: an endless producer (`yes |`)
/// stops there, and the temporary directory may itself be memory (tmpfs).
const MAX_STREAM_BYTES: u64 = 512 << 20;
/// How much of a text file decides its encoding and delimiter.
const SAMPLE_BYTES: usize = rows::DELIMITER_WINDOW;

/// The characters of a Unicode text's first bytes looked at for a legacy font's letters.
const LEGACY_LOOK_CHARS: usize = 8 << 10;
/// The default size of a range: as fast as 2 MiB, and the ranges read ahead take half
/// the memory (check of 1M rows: 37 MB instead of 57).
const CHUNK_BYTES: usize = 1 << 20;
/// How much a range reads at a time to finish its last record.
const BLOCK_BYTES: usize = 256 << 10;
/// The body rows the head's decisions are weighed on (a breakdown's columns adding up, a
/// unit in the figures): so many, however the input is cut into ranges or spooled, so
/// that a file read in small ranges decides as it does read whole.
const BODY_SAMPLE_ROWS: usize = 256;
/// The most rows a piece holds: the rest of its range is split into the next piece. A
/// row is held in about 600 bytes however short its record, and a range of a million
/// two-byte lines took 600 MB; a catalogue's rows are a hundred bytes and more.
const PIECE_ROWS: usize = 4096;

/// How to run the reader over an input: the size of the byte ranges, how many run at
/// once, and where to count the bytes done (for a progress bar).
#[derive(Debug)]
pub struct Plan {
    pub chunk_bytes: usize,
    /// Ranges run at once; `None`: one a core (at most 8), asked of the system only where
    /// a file has more than one range.
    pub threads: Option<usize>,
    pub progress: AtomicU64,
}

impl Default for Plan {
    /// Ranges of 1 MiB on every core (at most 8). The hidden variables
    /// `AIDCAT_CHUNK_BYTES` and `AIDCAT_THREADS` force others, so that tests run every
    /// command through tiny ranges on several threads too.
    fn default() -> Self {
        Plan {
            chunk_bytes: hidden_setting("AIDCAT_CHUNK_BYTES").unwrap_or(CHUNK_BYTES),
            threads: hidden_setting("AIDCAT_THREADS"),
            progress: AtomicU64::new(0),
        }
    }
}

/// A positive number from a hidden environment variable, which tests set to run the
/// reader's other strategies on small inputs.
fn hidden_setting(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&v| v > 0)
}

/// Where bytes come from: a file read at offsets, or bytes in memory.
enum Bytes {
    File { file: File, len: u64 },
    Memory(Vec<u8>),
}

impl Bytes {
    fn len(&self) -> u64 {
        match self {
            Bytes::File { len, .. } => *len,
            Bytes::Memory(bytes) => bytes.len() as u64,
        }
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Bytes::File { file, .. } => read_at(file, buf, offset),
            Bytes::Memory(bytes) => {
                let start = (offset as usize).min(bytes.len());
                let n = buf.len().min(bytes.len() - start);
                buf[..n].copy_from_slice(&bytes[start..start + n]);
                Ok(n)
            }
        }
    }

    /// `len` bytes from `offset`, or fewer at the end of the input.
    fn read_span(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        // No more room than the input has: a small file costs no large zeroed buffer.
        let left = self.len().saturating_sub(offset);
        let len = len.min(usize::try_from(left).unwrap_or(usize::MAX));
        let mut buf = vec![0; len];
        let mut filled = 0;
        while filled < len {
            let n = self.read_at(offset + filled as u64, &mut buf[filled..])?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        buf.truncate(filled);
        Ok(buf)
    }
}

/// Reads all of `reader` into memory, refusing more than [`MAX_IN_MEMORY_BYTES`]. Binary
/// data that is no workbook (a NUL in the first bytes, as `/dev/zero` gives) is refused
/// before the rest is read.
fn read_limited(name: &str, reader: impl Read) -> Result<Vec<u8>> {
    let mut reader = reader.take(MAX_IN_MEMORY_BYTES + 1);
    let mut bytes = Vec::new();
    (&mut reader)
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(name, &e))?;
    if let Some(offset) = memchr::memchr(0, &bytes)
        && !workbook::is_workbook(name, &bytes)
        && !decode::is_utf16_marked(&bytes)
    {
        let (line, column) = line_col(&bytes, offset);
        let nul = Problem::NulByte {
            offset: offset as u64,
            utf16_hint: false,
        };
        return Err(ReadError::at(line, Some(column), nul).located(name));
    }
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(name, &e))?;
    if bytes.len() as u64 > MAX_IN_MEMORY_BYTES {
        let mib = MAX_IN_MEMORY_BYTES >> 20;
        return Err(Failure::error(name, Problem::InputTooLarge { mib }));
    }
    Ok(bytes)
}

/// Reads standard input or a device: in memory when short, else through a temporary
/// file ([`SPOOL_AFTER_BYTES`], or the hidden `AIDCAT_SPOOL_BYTES`, which tests set
/// small), refusing more than [`MAX_STREAM_BYTES`].
fn read_stream(name: &str, mut reader: impl Read) -> Result<Bytes> {
    let spool_after =
        hidden_setting("AIDCAT_SPOOL_BYTES").map_or(SPOOL_AFTER_BYTES, |bytes| bytes as u64);
    let head = read_limited(name, (&mut reader).take(spool_after))?;
    if (head.len() as u64) < spool_after {
        return Ok(Bytes::Memory(head));
    }
    let failed = |e: io::Error| cannot_read(name, &e);
    let too_large = || {
        let mib = MAX_STREAM_BYTES >> 20;
        Failure::error(name, Problem::InputTooLarge { mib })
    };
    let Ok(mut file) = tempfile::tempfile() else {
        // No temporary folder to write to: the rest is read into memory instead.
        let mut bytes = head;
        let left = (MAX_STREAM_BYTES + 1).saturating_sub(bytes.len() as u64);
        reader.take(left).read_to_end(&mut bytes).map_err(failed)?;
        if bytes.len() as u64 > MAX_STREAM_BYTES {
            return Err(too_large());
        }
        return Ok(Bytes::Memory(bytes));
    };
    file.write_all(&head).map_err(failed)?;
    let head_len = head.len() as u64;
    drop(head);
    let left = (MAX_STREAM_BYTES + 1).saturating_sub(head_len);
    let len = head_len + io::copy(&mut reader.take(left), &mut file).map_err(failed)?;
    if len > MAX_STREAM_BYTES {
        return Err(too_large());
    }
    // Read from the start, as a file just opened is (a workbook is read whole from it).
    file.rewind().map_err(failed)?;
    Ok(Bytes::File { file, len })
}

thread_local! {
    static PANIC_BOUNDARY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// An input that cannot be read, for the reason the system gives.
pub(crate) fn cannot_read(name: &str, error: &io::Error) -> anyhow::Error {
    let problem = match error.kind() {
        io::ErrorKind::NotFound => Problem::NotFound,
        io::ErrorKind::PermissionDenied => Problem::PermissionDenied,
        _ => Problem::CannotRead {
            cause: SystemError::of(error),
        },
    };
    Failure::error(name, problem)
}

/// Is this thread inside a boundary where a panic becomes a file's error (so the panic
/// hook should stay quiet)?
pub fn in_panic_boundary() -> bool {
    PANIC_BOUNDARY.get()
}

/// An input ready to split: text (UTF-8 from `start`) or a workbook's rows.
enum Opened {
    Text {
        bytes: Bytes,
        start: u64,
        encoding: TextEncoding,
        /// The legacy font of Unicode text typed in one, read in Unicode.
        legacy_font: Option<LegacyFont>,
        delimiter: u8,
        line_style: LineStyle,
    },
    /// A workbook's or document's rows, and the input's length in bytes.
    Workbook {
        rows: SheetRows,
        source: Source,
        len: u64,
    },
}

/// Standard input where it is a file read from its start (`aidcat check - < file`): read
/// in place, as the file named would be, not first copied to a temporary file. Elsewhere
/// in the file (a script read part of it) or not a file, `None`: it is read as a stream.
fn stdin_file() -> Option<(File, u64)> {
    let mut file = stdin_handle()?;
    let metadata = file.metadata().ok()?;
    let at_start = file.stream_position().ok()? == 0;
    (metadata.is_file() && at_start).then_some((file, metadata.len()))
}

/// Standard input's file handle, duplicated.
#[cfg(unix)]
fn stdin_handle() -> Option<File> {
    use std::os::fd::AsFd;
    let handle = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    Some(File::from(handle))
}

/// Standard input's file handle, duplicated.
#[cfg(windows)]
fn stdin_handle() -> Option<File> {
    use std::os::windows::io::AsHandle;
    let handle = std::io::stdin().as_handle().try_clone_to_owned().ok()?;
    Some(File::from(handle))
}

/// Elsewhere standard input is read as a stream.
#[cfg(not(any(unix, windows)))]
fn stdin_handle() -> Option<File> {
    None
}

/// Opens a path (`-` is standard input) as bytes to read.
fn open_path(path: &Path) -> Result<(String, Bytes)> {
    if path.as_os_str() == "-" {
        if let Some((file, len)) = stdin_file() {
            return Ok((STDIN_NAME.to_owned(), Bytes::File { file, len }));
        }
        let bytes = read_stream(STDIN_NAME, std::io::stdin().lock())?;
        return Ok((STDIN_NAME.to_owned(), bytes));
    }
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Failure::error(name, Problem::IsDirectory));
    }
    let file = File::open(path).map_err(|e| cannot_read(&name, &e))?;
    let metadata = file.metadata().map_err(|e| cannot_read(&name, &e))?;
    // A file the system writes as it is read (`/proc`, `/sys`) says it holds nothing: it
    // is read as a stream, as a pipe is, and an empty file is found empty so.
    if !metadata.is_file() || metadata.len() == 0 {
        let bytes = read_stream(&name, file)?;
        return Ok((name, bytes));
    }
    let len = metadata.len();
    Ok((name, Bytes::File { file, len }))
}

/// Decides what the bytes are: a workbook, or text in some encoding with some delimiter.
pub use crate::problem::Wanted;

impl Wanted {
    /// Do these rows hold the header of what is wanted?
    pub(crate) fn found_in(self, rows: &[Row]) -> bool {
        match self {
            Wanted::Catalogue => catalogue_header(rows).is_some(),
            Wanted::Plan => header::find::<super::PlanRole>(rows)
                .is_ok_and(|(_, header)| super::plan::reads_as_plan(&header)),
        }
    }

    /// Do these rows hold the header of what is wanted, as they stand or read as text
    /// typed in a legacy font?
    pub(crate) fn found_in_any_font(self, rows: &[Row]) -> bool {
        self.found_in(rows)
            || LegacyFont::ALL.into_iter().any(|font| {
                self.found_in(
                    &rows
                        .iter()
                        .map(|row| row.from_legacy(font))
                        .collect::<Vec<_>>(),
                )
            })
    }
}

/// The header of a catalogue these rows hold, with the index of its last row.
fn catalogue_header(rows: &[Row]) -> Option<(usize, header::Header<CatalogueRole>)> {
    super::catalogue::find_header(rows)
        .ok()
        .filter(|(_, header)| super::catalogue::layout_of(header).is_ok())
}

/// A part's heading over its table (`II. LĨNH VỰC GIÁO DỤC`, `2. Lĩnh vực giáo dục`) as a
/// row of a catalogue under `header`, `width` cells wide: a sector row, its mark (a
/// numeral or a letter) in the number cell and its words in the name cell; a number
/// (`2.`) is left out, the row then a sector by its name alone. `None` for a line that is
/// no such heading: the unit (`ĐVT: …`), a title (`DANH MỤC …`, `Phụ lục …`), a line
/// with figures or years, a sentence.
fn part_heading(
    line: &str,
    header: &header::Header<CatalogueRole>,
    width: usize,
) -> Option<Vec<String>> {
    const NOT_HEADINGS: [&str; 8] = [
        "dvt",
        "don vi tinh",
        "unit",
        "danh muc",
        "phu luc",
        "bang",
        "ke hoach",
        "table",
    ];
    let line = line.trim();
    // A sector's mark as the reader takes one (`II.`, `A)`), kept; a number (`2.`,
    // `2.1`), left out.
    let numbered = |mark: &str| {
        let number = mark.trim_end_matches(['.', ')', ':', '-']);
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    let (code, words) = match line.split_once([' ', '\t']) {
        Some((mark, words)) if numbered(mark) => ("", words.trim()),
        Some((mark, words)) => match super::catalogue::sector_code(mark) {
            Some(code) => (code, words.trim()),
            None => ("", line),
        },
        None => ("", line),
    };
    let folded = crate::text::fold(words);
    let heading = line.chars().count() <= 150
        && words.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !words.contains(|c: char| c.is_ascii_digit())
        && !NOT_HEADINGS.iter().any(|word| folded.starts_with(word));
    let (number, name) = (
        header.index(CatalogueRole::Number)?,
        header.index(CatalogueRole::Name)?,
    );
    if !heading || number == name || number.max(name) >= width {
        return None;
    }
    let mut cells = vec![String::new(); width];
    cells[number] = code.to_owned();
    cells[name] = words.to_owned();
    Some(cells)
}

/// The table of a document to read (`--table N`, else the first whose header is what is
/// wanted) with the tables that go on with it; as rows, and the source its cells are
/// located in.
fn document_rows(
    name: &str,
    bytes: &[u8],
    kind: DocumentKind,
    options: &ReadOptions,
    wanted: Wanted,
) -> Result<(Vec<Row>, Source)> {
    let tables = document::tables(name, bytes, kind)?;
    let text = (tables.iter())
        .flat_map(|table| table.titles.iter().chain(table.rows.iter().flatten()))
        .flat_map(|text| text.chars());
    let looks = decode::looks_legacy(text);
    let (tables, legacy_font) = in_unicode_where_legacy(
        tables,
        looks,
        |tables: &Vec<DocumentTable>| {
            (0..tables.len()).any(|i| wanted.found_in(&document::rows(&tables[i..=i])))
        },
        |tables, font| tables.iter().map(|t| t.from_legacy(font)).collect(),
    );
    let count = tables.len();
    // A table with a header of either kind: not one going on with the table read, nor a
    // letterhead.
    let has_header = |rows: &[Row]| Wanted::Catalogue.found_in(rows) || Wanted::Plan.found_in(rows);
    // A catalogue set out in parts, a table each under its heading: its rows, read so.
    let (mut parts, mut in_parts) = (false, None);
    let first = match options.table {
        Some(table) => {
            if table == 0 || table > count {
                let problem = Problem::NoSuchTable {
                    table,
                    tables: count,
                };
                return Err(Failure::error(format!("--table {table}"), problem));
            }
            table - 1
        }
        None => (0..count)
            .find(|&i| wanted.found_in(&document::rows(&tables[i..=i])))
            .ok_or_else(|| {
                Failure::error(
                    name,
                    Problem::NoTable {
                        wanted,
                        tables: count,
                        figures: (tables.iter().flat_map(|t| t.rows.iter().flatten()))
                            .any(|cell| crate::number::looks_like_figure(cell)),
                    },
                )
            })?,
    };
    // The tables that go on with it (a table named by `--table` too), read as one; and a
    // catalogue's parts, each under its heading and the header repeated, with the tables
    // going on with them.
    let goes_on = |next: &DocumentTable| {
        tables[first].goes_on_with(next, |own| {
            has_header(&document::rows(std::slice::from_ref(own)))
        })
    };
    let header = match wanted {
        Wanted::Catalogue => catalogue_header(&document::rows(&tables[first..=first])),
        Wanted::Plan => None,
    };
    let first_rows = tables[first].titles.len();
    let head = (header.as_ref()).map_or(0, |(last, _)| (last + 1).saturating_sub(first_rows));
    let width = tables[first].width();
    let heading = |line: &str| part_heading(line, &header.as_ref()?.1, width);
    // A table under a heading of a part, not under a title of its own (`Phụ lục 2`).
    let is_part = |next: &DocumentTable| {
        tables[first].has_a_part_in(next, head)
            && next.titles.last().and_then(|line| heading(line)).is_some()
    };
    let mut last = first;
    while let Some(next) = tables.get(last + 1)
        && (goes_on(next) || is_part(next))
    {
        parts |= !next.titles.is_empty();
        last += 1;
    }
    if parts {
        in_parts = Some(document::rows_in_parts(
            &tables[first..=last],
            head,
            heading,
        ));
    }
    let mut rows = document::letterhead(&tables, first, has_header);
    rows.extend(in_parts.unwrap_or_else(|| document::rows(&tables[first..=last])));
    // A later catalogue is said to be there, not read.
    let others = match (options.table, wanted) {
        (None, Wanted::Catalogue) => (last + 1..count)
            .filter(|&i| wanted.found_in(&document::rows(&tables[i..=i])))
            .map(|i| i + 1)
            .collect(),
        _ => Vec::new(),
    };
    let source = Source::Document {
        format: kind.name().to_owned(),
        table: first + 1,
        last: last + 1,
        others,
        legacy_font,
    };
    Ok((rows, source))
}

fn open_bytes(name: &str, bytes: Bytes, options: &ReadOptions, wanted: Wanted) -> Result<Opened> {
    let io_error = |e: io::Error| cannot_read(name, &e);
    if bytes.len() == 0 {
        return Err(Failure::error(name, Problem::Empty { wanted }));
    }
    let sample = bytes.read_span(0, SAMPLE_BYTES + 8).map_err(io_error)?;
    let whole = |bytes: Bytes| -> Result<Vec<u8>> {
        match bytes {
            Bytes::Memory(all) => Ok(all),
            Bytes::File { file, len } => {
                if len > MAX_IN_MEMORY_BYTES {
                    let (mib, max) = (len >> 20, MAX_IN_MEMORY_BYTES >> 20);
                    return Err(Failure::error(
                        name,
                        Problem::FileTooLargeForMemory { mib, max },
                    ));
                }
                // From the start: reading at an offset (the sample) moves the cursor
                // on Windows.
                let mut file = file;
                file.seek(io::SeekFrom::Start(0)).map_err(io_error)?;
                read_limited(name, file)
            }
        }
    };
    if let Some(format) = document::other_format(&sample) {
        return Err(Failure::error(name, Problem::OtherFormat { format }));
    }
    let lower = name.to_ascii_lowercase();
    let named_document = [".docx", ".odt", ".doc", ".rtf"]
        .iter()
        .any(|e| lower.ends_with(e));
    // A web page, whatever its name: web systems export tables as `.xls` pages.
    let page = options.encoding.is_none() && super::html::is_html(&sample);
    let rtf = super::rtf::is_rtf(&sample);
    let json = options.encoding.is_none() && super::json::is_json(&sample);
    let markdown = options.encoding.is_none() && super::markdown::is_markdown(&sample);
    if page || rtf || json || markdown || workbook::is_workbook(name, &sample) || named_document {
        let len = bytes.len();
        let bytes = whole(bytes)?;
        if let Some(format) = document::other_zip(&bytes) {
            return Err(Failure::error(name, Problem::OtherFormat { format }));
        }
        if let Some(kind) = DocumentKind::of(&bytes) {
            PANIC_BOUNDARY.set(true);
            let read =
                std::panic::catch_unwind(|| document_rows(name, &bytes, kind, options, wanted));
            PANIC_BOUNDARY.set(false);
            let (rows, source) =
                read.unwrap_or_else(|_| Err(Failure::error(name, Problem::DocumentDamaged)))?;
            let rows = SheetRows::Memory(rows);
            return Ok(Opened::Workbook { rows, source, len });
        }
        // A damaged workbook can make the workbook library panic: that is this file's
        // error (exit 2, named), and the other files of the run are still reported.
        PANIC_BOUNDARY.set(true);
        let read = std::panic::catch_unwind(|| {
            workbook::read(name, bytes, options.sheet.as_deref(), wanted)
        });
        PANIC_BOUNDARY.set(false);
        let (rows, source) = read
            .unwrap_or_else(|_| Err(Failure::error(name, Problem::WorkbookDamaged)))
            .map_err(|mut error| {
                // A file named as a document that neither reader can open is a damaged
                // document: a `.doc` cut short loses the list of its parts.
                if let Some(failure) = error.downcast_mut::<Failure>()
                    && named_document
                    && matches!(failure.problem, Problem::WorkbookDamaged)
                {
                    failure.problem = Problem::DocumentDamaged;
                }
                error
            })?;
        return Ok(Opened::Workbook { rows, source, len });
    }
    let complete = sample.len() as u64 == bytes.len();
    let (mut encoding, bom) =
        decode::decide(&sample, complete, options.encoding).map_err(|e| e.located(name))?;
    let line_style = LineStyle::of(&sample);
    // Legacy bytes are Windows-1258, or a legacy font's text saved as it was typed
    // (TCVN3, VNI): where the letters leave it open (`decide`), the header tells them
    // apart.
    let in_encoding = |encoding| sample_text(&sample, encoding, bom, complete);
    if encoding == TextEncoding::Windows1258
        && options.encoding.is_none()
        && !holds(in_encoding(TextEncoding::Windows1258), wanted)
        && let Some(font) =
            (LegacyFont::ALL.into_iter()).find(|font| holds(in_encoding(font.encoding()), wanted))
    {
        encoding = font.encoding();
    }
    // A legacy font's letters come as Unicode characters too, where the sheet typed in it
    // was saved as "CSV UTF-8" or "Unicode text" (`Toång`): read so where its letters say
    // so and its header is found read so (in a sheet, [`in_unicode_where_legacy`] also
    // tries each font where the header is not found; a text file whose header is not
    // found is refused, as before).
    let unicode = matches!(
        encoding,
        TextEncoding::Utf8 | TextEncoding::Utf16Le | TextEncoding::Utf16Be
    );
    let sample = unicode.then(|| in_encoding(encoding)).flatten();
    let legacy_font = sample.and_then(|text| {
        // The first lines say it: a look at them all costs 1% of reading a large file.
        decode::looks_legacy(text.chars().take(LEGACY_LOOK_CHARS))
            .filter(|font| holds(Some(font.to_unicode(&text).into_owned()), wanted))
    });
    let (bytes, start) = match (encoding, legacy_font) {
        (TextEncoding::Utf8, None) => (bytes, bom as u64),
        _ => {
            let text =
                decode::decode(&whole(bytes)?, encoding, bom).map_err(|e| e.located(name))?;
            let text = match legacy_font {
                Some(font) => font.to_unicode(&text).into_owned(),
                None => text,
            };
            (Bytes::Memory(text.into_bytes()), 0)
        }
    };
    let delimiter = match options.delimiter {
        Some(delimiter) => delimiter,
        None => {
            let window = bytes.read_span(start, SAMPLE_BYTES).map_err(io_error)?;
            let valid = match simdutf8::compat::from_utf8(&window) {
                Ok(text) => text,
                Err(error) => std::str::from_utf8(&window[..error.valid_up_to()]).unwrap_or(""),
            };
            rows::detect_delimiter(valid)
        }
    };
    Ok(Opened::Text {
        bytes,
        start,
        encoding,
        legacy_font,
        delimiter: u8::try_from(delimiter).unwrap_or(b','),
        line_style,
    })
}

/// A sheet's rows (the first of them, where the rest are spooled) in Unicode, by
/// [`in_unicode_where_legacy`]. With the legacy font they were read in.
fn in_unicode(rows: Vec<Row>, wanted: Wanted) -> (Vec<Row>, Option<LegacyFont>) {
    let looks = decode::looks_legacy(rows.iter().flat_map(Row::cells).flat_map(str::chars));
    in_unicode_where_legacy(
        rows,
        looks,
        |rows| wanted.found_in(rows),
        |rows, font| rows.iter().map(|row| row.from_legacy(font)).collect(),
    )
}

/// A sheet's rows or a document's tables, read in a legacy font (`unicode`) where they
/// are typed in one (their letters say which: `looks`; or they hold the header of what
/// is wanted only so, each font tried in turn) and hold that header once read so; else
/// as they stand. With the font they were read in: the one rule for every kind of file.
fn in_unicode_where_legacy<T>(
    text: T,
    looks: Option<LegacyFont>,
    holds: impl Fn(&T) -> bool,
    unicode: impl Fn(&T, LegacyFont) -> T,
) -> (T, Option<LegacyFont>) {
    if looks.is_none() && holds(&text) {
        return (text, None);
    }
    let fonts = looks.map_or(LegacyFont::ALL.to_vec(), |font| vec![font]);
    for font in fonts {
        let read = unicode(&text, font);
        if holds(&read) {
            return (read, Some(font));
        }
    }
    (text, None)
}

/// A text's first bytes (after `bom` bytes of byte-order mark) read in `encoding`, a
/// character the end of the sample cuts left out; `None` where they do not read so.
fn sample_text(
    sample: &[u8],
    encoding: TextEncoding,
    bom: usize,
    complete: bool,
) -> Option<String> {
    let end = match encoding {
        _ if complete => sample.len(),
        TextEncoding::Utf8 => memchr::memrchr(b'\n', sample).map_or(0, |k| k + 1),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => bom + (sample.len() - bom) / 2 * 2,
        _ => sample.len(),
    };
    decode::decode(sample.get(..end)?, encoding, bom).ok()
}

/// Does a text (a file's first bytes, read: [`sample_text`]) hold the header of what is
/// wanted?
fn holds(text: Option<String>, wanted: Wanted) -> bool {
    let Some(text) = text else {
        return false;
    };
    let delimiter = u8::try_from(rows::detect_delimiter(&text)).unwrap_or(b',');
    let bytes = Bytes::Memory(text.into_bytes());
    let piece = split_piece(&bytes, 0, bytes.len(), delimiter, true);
    wanted.found_in(&piece.rows)
}

/// Records of one byte range, split and checked.
struct Piece {
    /// Where its first record starts, and the offset it was to stop before.
    start: u64,
    stop: u64,
    /// Where its last record ends.
    end: u64,
    /// Lines counted from 1 at `start`.
    rows: Vec<Row>,
    newlines: usize,
    /// The first thing that could not be read, with a line counted from `start`.
    error: Option<ReadError>,
    /// It stopped at [`PIECE_ROWS`] rows, before `stop`: its range goes on from `end`.
    cut_short: bool,
}

/// Splits the records that start in `[from, stop)` of `bytes`: from `from` itself when
/// it is known to start a record, else from the first line start at or after it.
fn split_piece(bytes: &Bytes, from: u64, stop: u64, delimiter: u8, at_record: bool) -> Piece {
    split_piece_reusing(bytes, from, stop, delimiter, at_record, Vec::new())
}

/// [`split_piece`], its rows made in the room of `spare` rows where there are some.
fn split_piece_reusing(
    bytes: &Bytes,
    from: u64,
    stop: u64,
    delimiter: u8,
    at_record: bool,
    mut spare: Vec<Row>,
) -> Piece {
    // A range holds about as many records as the last one (whose rows are spare): room
    // made once, not grown a doubling at a time.
    let mut rows = Vec::with_capacity(spare.len());
    let each = &mut |row: &Row| {
        rows.push(match spare.pop() {
            Some(mut kept) => {
                kept.clone_from(row);
                kept
            }
            None => row.clone(),
        });
        Ok(())
    };
    let mut piece = split_range(bytes, from, stop, delimiter, at_record, PIECE_ROWS, each);
    piece.rows = rows;
    piece
}

thread_local! {
    /// The room a thread's last range was read into, kept for its next: grown and zeroed
    /// once a thread, not once a range (a sixtieth of a tidy `summary`'s work).
    static READ_ROOM: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A thread's read room, lent for one range and given back however the range ends.
struct ReadRoom(Vec<u8>);

impl ReadRoom {
    fn lend() -> Self {
        ReadRoom(READ_ROOM.take())
    }
}

impl Drop for ReadRoom {
    fn drop(&mut self) {
        // Room a long record grew is let go.
        if self.0.len() <= 2 * BLOCK_BYTES {
            READ_ROOM.set(std::mem::take(&mut self.0));
        }
    }
}

/// [`split_piece`], handing each row to `each` as it is split (in one row whose room is
/// reused); an error `each` gives ends the range there, and so does its `max_rows`th
/// row ([`Piece::cut_short`]).
fn split_range(
    bytes: &Bytes,
    from: u64,
    stop: u64,
    delimiter: u8,
    at_record: bool,
    max_rows: usize,
    each: &mut dyn FnMut(&Row) -> Result<(), ReadError>,
) -> Piece {
    let len = bytes.len();
    let mut piece = Piece {
        start: from,
        stop,
        end: from,
        rows: Vec::new(),
        newlines: 0,
        error: None,
        cut_short: false,
    };
    let mut rows = 0usize;
    let fail = |piece: &mut Piece, line: usize, column: Option<usize>, problem: Problem| {
        piece.error = Some(ReadError::at(line, column, problem));
    };
    let changed = |piece: &mut Piece| {
        piece.error = Some(ReadError::whole(Problem::FileChanged));
    };
    // The bytes at hand are `buf[..filled]`, from offset `buf_at`; the room past them is
    // kept (zeroed once, when it grows) for the next read, and for the thread's next range.
    let mut room = ReadRoom::lend();
    let buf = &mut room.0;
    let mut filled = 0usize;
    let mut buf_at = from;
    let mut read_to = from;
    let read_more =
        |buf: &mut Vec<u8>, filled: &mut usize, read_to: &mut u64| -> io::Result<bool> {
            if *read_to >= len {
                return Ok(false);
            }
            let old = *filled;
            // Enough for the range (small ranges read little), more for a long record.
            let want = (stop.saturating_sub(*read_to) as usize)
                .clamp(4 << 10, BLOCK_BYTES)
                .max(old)
                .min((len - *read_to) as usize);
            if buf.len() < old + want {
                buf.resize(old + want, 0);
            }
            let n = bytes.read_at(*read_to, &mut buf[old..old + want])?;
            *filled = old + n;
            *read_to += n as u64;
            Ok(n > 0)
        };
    // Drops the first `k` bytes at hand.
    let consume = |buf: &mut Vec<u8>, filled: &mut usize, k: usize| {
        buf.copy_within(k..*filled, 0);
        *filled -= k;
    };
    // A range that does not begin the text begins at its first line start.
    if !at_record && from > 0 {
        let at = from - 1;
        buf_at = at;
        read_to = at;
        loop {
            match read_more(buf, &mut filled, &mut read_to) {
                Ok(true) => {}
                Ok(false) if read_to >= len => {
                    piece.start = len;
                    piece.end = len;
                    return piece;
                }
                _ => {
                    changed(&mut piece);
                    return piece;
                }
            }
            if let Some(line_start) = next_line_start(&buf[..filled], 0) {
                consume(buf, &mut filled, line_start);
                buf_at += line_start as u64;
                break;
            }
            buf_at += filled as u64;
            filled = 0;
            if buf_at >= stop {
                piece.start = buf_at.max(stop);
                piece.end = piece.start;
                return piece;
            }
        }
        piece.start = buf_at;
    }
    let mut at = 0usize;
    let mut line = 1usize;
    let mut splitter = Splitter::default();
    let mut row = Row::default();
    'read: loop {
        let eof = read_to >= len;
        // The whole lines at hand are looked at for UTF-8 and plain text in a few long
        // looks, not one a record; records in the part that passes are not looked at again.
        let (checked, checked_from) = (plain_lines(&buf[at..filled], eof), at);
        loop {
            let offset = buf_at + at as u64;
            if offset >= stop || offset >= len {
                piece.end = offset;
                break 'read;
            }
            let known = checked.get(at - checked_from..).unwrap_or("");
            let result = splitter.split(&buf[at..filled], known, delimiter, eof, &mut row);
            match result {
                Ok(Some(Split::Record {
                    length,
                    newlines,
                    utf8,
                    plain,
                })) => {
                    let record = &buf[at..at + length];
                    // A plain record is valid UTF-8 and holds no NUL: nothing to look for.
                    let invalid = (!plain).then(|| invalid_text(record, offset, utf8));
                    if let Some((k, message)) = invalid.flatten() {
                        let (l, column) = line_col(record, k);
                        fail(&mut piece, line + l - 1, Some(column), message);
                        piece.end = offset;
                        break 'read;
                    }
                    row.line = line;
                    if let Err(error) = each(&row) {
                        piece.error = Some(error);
                        piece.end = offset;
                        break 'read;
                    }
                    at += length;
                    line += newlines;
                    piece.newlines += newlines;
                    rows += 1;
                    if rows == max_rows {
                        piece.end = buf_at + at as u64;
                        piece.cut_short = piece.end < stop.min(len);
                        break 'read;
                    }
                }
                Ok(None) if eof => {
                    piece.end = offset;
                    break 'read;
                }
                Ok(_) => break,
                Err(error) => {
                    let record = &buf[at..filled];
                    let (line, column, message) = record_error(error, record, line);
                    fail(&mut piece, line, column, message);
                    piece.end = offset;
                    break 'read;
                }
            }
        }
        // The record goes on past the bytes at hand: keep it, read on.
        consume(buf, &mut filled, at);
        buf_at += at as u64;
        let offset = buf_at;
        at = 0;
        match read_more(buf, &mut filled, &mut read_to) {
            Ok(true) => {}
            _ => {
                changed(&mut piece);
                piece.end = offset;
                break;
            }
        }
    }
    piece
}

/// The longest run at the start of `bytes` that is valid UTF-8 and plain ([`is_plain`]),
/// ending at a line start (or at the end of the input): its records need no other look.
/// It is looked at for plain text in pieces of about 16 KiB, so that one odd record
/// leaves the pieces before it checked.
fn plain_lines(bytes: &[u8], eof: bool) -> &str {
    const PIECE: usize = 16 << 10;
    let whole = if eof {
        bytes.len()
    } else {
        memchr::memrchr(b'\n', bytes).map_or(0, |k| k + 1)
    };
    let text = match simdutf8::compat::from_utf8(&bytes[..whole]) {
        Ok(text) => text,
        Err(error) => simdutf8::basic::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or(""),
    };
    let mut end = 0;
    while end < text.len() {
        let rest = text.as_bytes().get(end + PIECE..).unwrap_or(&[]);
        let cut = memchr::memchr(b'\n', rest).map_or(text.len(), |k| end + PIECE + k + 1);
        // Cut after a line break or at the text's end: a character is never cut.
        match text.get(end..cut) {
            Some(piece) if is_plain(piece) => end = cut,
            _ => break,
        }
    }
    &text[..end]
}

/// The first byte of a record that is not text: a NUL, or invalid UTF-8 when the
/// splitter found a cell that is not (`utf8_checked` when it found none).
fn invalid_text(record: &[u8], offset: u64, utf8_checked: bool) -> Option<(usize, Problem)> {
    let nul = memchr::memchr(0, record);
    let bad = if utf8_checked {
        None
    } else {
        std::str::from_utf8(record).err().map(|e| e.valid_up_to())
    };
    match (nul, bad) {
        (Some(n), Some(b)) if b < n => Some((b, Problem::InvalidUtf8 { byte: record[b] })),
        (Some(n), _) => Some((
            n,
            Problem::NulByte {
                offset: offset + n as u64,
                utf16_hint: false,
            },
        )),
        (None, Some(b)) => Some((b, Problem::InvalidUtf8 { byte: record[b] })),
        (None, None) => None,
    }
}

fn record_error(error: RecordError, record: &[u8], line: usize) -> (usize, Option<usize>, Problem) {
    match error {
        RecordError::UnclosedQuote { offset } => {
            let (l, column) = line_col(record, offset);
            (line + l - 1, Some(column), Problem::UnclosedQuote)
        }
        RecordError::CellTooLarge { cell } => (
            line,
            Some(cell),
            Problem::CellTooLarge {
                cell,
                mib: MAX_CELL_BYTES >> 20,
            },
        ),
        RecordError::TooManyCells => (line, None, Problem::TooManyCells { max: MAX_COLUMNS }),
        RecordError::RecordTooLarge => (
            line,
            None,
            Problem::RowTooLarge {
                mib: super::records::MAX_RECORD_BYTES >> 20,
            },
        ),
    }
}

/// What a part of a file says about its number convention.
type EvidenceSeen = Evidences;

fn decide(
    seen: &EvidenceSeen,
    forced: Option<Convention>,
    fallback: Convention,
) -> Result<NumberFormat, ReadError> {
    seen.decide(forced, fallback)
        .map_err(|(line, message)| ReadError::at(line, None, message))
}

/// A range read: its rows as events, what its money cells say, and where it stands.
struct ReadPiece {
    piece: Piece,
    events: Vec<RowEvent>,
    evidence: EvidenceSeen,
}

impl ReadPiece {
    /// A range an internal error stopped.
    fn failed(start: u64) -> ReadPiece {
        ReadPiece {
            piece: Piece {
                start,
                stop: start,
                end: start,
                rows: Vec::new(),
                newlines: 0,
                error: Some(ReadError::whole(Problem::ReadingStopped { at: start })),
                cut_short: false,
            },
            events: Vec::new(),
            evidence: EvidenceSeen::default(),
        }
    }
}

fn read_piece(mut piece: Piece, reader: &RowReader) -> ReadPiece {
    let mut evidence = EvidenceSeen::default();
    let rows = std::mem::take(&mut piece.rows);
    let mut events = Vec::with_capacity(rows.len());
    events.extend(
        rows.into_iter()
            .filter_map(|row| reader.read(row, &mut evidence)),
    );
    ReadPiece {
        piece,
        events,
        evidence,
    }
}

/// Hands a range's events to the assembler and the sink, in order; then its error, if any.
/// Gives the rows the assembler is done with, to be reused or dropped.
fn feed(
    read: ReadPiece,
    assembler: &mut Assembler,
    sink: &mut impl CatalogueSink,
    evidence: &mut EvidenceSeen,
) -> Result<Vec<Row>, ReadError> {
    evidence.merge(&read.evidence);
    for event in read.events {
        assembler.row(event, sink)?;
    }
    match read.piece.error {
        Some(error) => Err(error),
        None => Ok(assembler.take_spent_rows()),
    }
}

/// A range folded by forks of the assembler and the sink, its lines counted from its
/// start; `fold` is `None` where the sink gave no fork (the range is then an error).
/// Its rows were folded as they were split: it holds none.
struct Folded<S> {
    piece: Piece,
    evidence: EvidenceSeen,
    fold: Option<(Assembler, S)>,
}

impl<S> Folded<S> {
    /// A range an internal error stopped.
    fn failed(start: u64) -> Self {
        let read = ReadPiece::failed(start);
        Folded {
            piece: read.piece,
            evidence: read.evidence,
            fold: None,
        }
    }
}

/// Moves lines counted from a range's start to lines of the file.
fn rebase(read: &mut ReadPiece, first_line: usize) {
    let shift = first_line - 1;
    for event in &mut read.events {
        event.row.line += shift;
        for cell in &mut event.bad_cells {
            cell.line += shift;
        }
        if let Some(ragged) = &mut event.ragged {
            ragged.line += shift;
        }
        for off in event.parts.iter_mut().flat_map(|parts| &mut parts.off) {
            off.line += shift;
        }
    }
    read.evidence.shift_lines(shift);
    if let Some(error) = &mut read.piece.error
        && let Some(line) = &mut error.line
    {
        *line += shift;
    }
}

/// The head of a text: rows up to and including the header.
struct Head {
    rows: Vec<Row>,
    header: header::Header<CatalogueRole>,
    /// The header's last row.
    header_index: usize,
    /// Where the body starts, and on which line.
    body_start: u64,
    body_line: usize,
    /// Rows after the header already split.
    body_rows: Vec<Row>,
}

fn read_head(bytes: &Bytes, start: u64, delimiter: u8, chunk: usize) -> Result<Head, ReadError> {
    let mut rows: Vec<Row> = Vec::new();
    let mut at = start;
    let mut line = 1;
    let mut first_header = None;
    loop {
        let mut piece = split_piece(bytes, at, at + chunk as u64, delimiter, true);
        for row in &mut piece.rows {
            row.line += line - 1;
        }
        let before = rows.len();
        rows.extend(piece.rows);
        if first_header.is_none() {
            // A plan's header (a document holding the plan first) is not the one to wait for.
            let catalogues = |row: &Row| {
                header::is_header::<CatalogueRole>(row)
                    && !super::plan::is_plan_header(&header::Header::from_row(row))
            };
            first_header = rows[before..]
                .iter()
                .position(catalogues)
                .map(|i| before + i);
        }
        // Read on until the rows a header may span under its first row are in hand, and
        // then the body rows the head weighs.
        let rows_after = |extra: usize| {
            first_header.is_some_and(|i| rows.len() >= i + header::MAX_HEADER_ROWS + extra)
        };
        let searched = rows.len() >= HEADER_SEARCH_ROWS;
        let header_decided = rows_after(0) || searched;
        let enough = rows_after(BODY_SAMPLE_ROWS) || first_header.is_none() && searched;
        if let Some(mut error) = piece.error {
            if let Some(l) = &mut error.line {
                *l += line - 1;
            }
            // Where the rows before the damage decide the header, its problem comes first,
            // as it does when the head is read in smaller ranges that stop before it.
            if header_decided {
                let (_, header) = super::catalogue::find_header(&rows)
                    .map_err(|(line, problem)| ReadError::at(line, None, problem))?;
                super::catalogue::layout_of(&header)?;
            }
            return Err(error);
        }
        line += piece.newlines;
        at = piece.end;
        if enough || at >= bytes.len() {
            break;
        }
    }
    if at >= bytes.len() && rows.iter().all(Row::is_blank) {
        return Err(ReadError::whole(Problem::NoText));
    }
    let (header_index, header) = super::catalogue::find_header(&rows)
        .map_err(|(line, problem)| ReadError::at(line, None, problem))?;
    let body_rows = rows.split_off(header_index + 1);
    Ok(Head {
        rows,
        header,
        header_index,
        body_start: at,
        body_line: line,
        body_rows,
    })
}

/// Reads a catalogue at `path` through `plan`, handing what it holds to the sink `make`
/// builds from the catalogue's head. Gives the head (metadata, columns, number format;
/// no sectors) and the sink.
pub fn run<S: CatalogueSink + Send + Sync>(
    path: &Path,
    options: &ReadOptions,
    plan: &Plan,
    make: impl Fn(&Catalogue) -> S,
) -> Result<(Catalogue, S)> {
    let (name, bytes) = open_path(path)?;
    run_opened(
        &name,
        open_bytes(&name, bytes, options, Wanted::Catalogue)?,
        options,
        plan,
        &make,
    )
}

/// [`run`] over bytes in memory; `name` stands for the file in messages.
pub fn run_bytes<S: CatalogueSink + Send + Sync>(
    name: &str,
    bytes: Vec<u8>,
    options: &ReadOptions,
    plan: &Plan,
    make: impl Fn(&Catalogue) -> S,
) -> Result<(Catalogue, S)> {
    let opened = open_bytes(name, Bytes::Memory(bytes), options, Wanted::Catalogue)?;
    run_opened(name, opened, options, plan, &make)
}

fn run_opened<S: CatalogueSink + Send + Sync>(
    name: &str,
    opened: Opened,
    options: &ReadOptions,
    plan: &Plan,
    make: &impl Fn(&Catalogue) -> S,
) -> Result<(Catalogue, S)> {
    let located = |e: ReadError| e.located(name);
    let chunk = plan.chunk_bytes.max(1);
    // The head: title rows and header; the rows after it that are already split.
    let (head_rows, mut header, header_index, mut body, source) = match opened {
        Opened::Workbook { rows, source, len } => {
            let (mut rows, rest) = match rows {
                SheetRows::Memory(rows) => (rows, None),
                SheetRows::Spooled(spool) => {
                    let (head, next) = spool.head(HEAD_ROWS + BODY_SAMPLE_ROWS).map_err(located)?;
                    (head, Some((spool, next)))
                }
            };
            let legacy_font;
            (rows, legacy_font) = in_unicode(rows, Wanted::Catalogue);
            let (header_index, header) = super::catalogue::find_header(&rows)
                .map_err(|(line, problem)| located(ReadError::at(line, None, problem)))?;
            let body_rows = rows.split_off(header_index + 1);
            let body = Body::Rows {
                rows: body_rows,
                rest,
                len,
                legacy_font,
            };
            (rows, header, header_index, body, source)
        }
        Opened::Text {
            bytes,
            start,
            encoding,
            legacy_font,
            delimiter,
            line_style,
        } => {
            let head = read_head(&bytes, start, delimiter, chunk).map_err(located)?;
            let source = Source::Text {
                encoding,
                legacy_font,
                delimiter: char::from(delimiter),
                line_style,
            };
            (
                head.rows,
                head.header,
                head.header_index,
                Body::Text {
                    bytes,
                    at: head.body_start,
                    line: head.body_line,
                    rows: head.body_rows,
                    delimiter,
                },
                source,
            )
        }
    };
    let layout = match options.totals_sheet {
        // Totals by sector, read as projects named by their sectors.
        true => {
            header.take_as(CatalogueRole::Sector, CatalogueRole::Name);
            header.take_as(CatalogueRole::SectorCode, CatalogueRole::Number);
            let money = super::catalogue::MONEY_ROLES
                .iter()
                .any(|&role| header.has(role));
            if !header.has(CatalogueRole::Name) || !money {
                return Err(located(ReadError::at(
                    header.line,
                    None,
                    header.totals_problem(),
                )));
            }
            // Its rows may be marked as the catalogue marks its sectors (`I`, `II`): each
            // is read as a project numbered by its place among them, not as a sector row
            // over none (a table of totals is short: its rows are the ones held). Where
            // others are numbered (`1`, `2` under `A. Các lĩnh vực xã hội`), the marked
            // rows group them: sector rows over them, their subtotals checked.
            if let (Some(column), Body::Rows { rows, .. }) =
                (header.index(CatalogueRole::Number), &mut body)
            {
                let is_marked =
                    |row: &Row| super::catalogue::sector_code(row.cell(column).trim()).is_some();
                let numbered = (rows.iter()).any(|row| {
                    let number = row.cell(column).trim().trim_end_matches('.');
                    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
                });
                if !numbered {
                    for (place, row) in rows.iter_mut().filter(|row| is_marked(row)).enumerate() {
                        row.write_cell(column, |text| text.push_str(&(place + 1).to_string()));
                    }
                }
            }
            Layout::Published
        }
        false => layout_of(&header).map_err(located)?,
    };
    metadata::one_unit(&header).map_err(located)?;
    let stated = stated_columns(&header);
    let fallback = fallback_convention(&header);
    let titles = &head_rows[..header_index + 1 - header.rows];
    let mut metadata = metadata::from_title_rows(titles, options);
    // Columns the sheet hides, named by their labels: the header's lowest row that has
    // any in them, else a row above it. (A body row names them where the head has none.)
    let hidden_columns = (head_rows[..=header_index].iter().rev())
        .find(|row| !row.hidden_cells.is_empty())
        .map(super::catalogue::hidden_columns);
    // The unit the header states, beside the figures, over one a title states otherwise
    // (a `ĐVT:` line left from another table); `--source-unit` over both.
    let mut units_differ = None;
    match (&metadata.unit, metadata::unit_of_columns(&header)) {
        (None, Some((_, unit))) => metadata.unit = Some(unit),
        (Some(title), Some((label, unit)))
            if options.unit.is_none() && !metadata::same_unit(title, &unit) =>
        {
            let title = title.clone();
            metadata.unit = Some(unit.clone());
            units_differ = Some(Reading::UnitsDiffer { title, label, unit });
        }
        _ => {}
    }
    // The head's body rows suggest a convention; the whole file decides it.
    let mut suggested = EvidenceSeen::default();
    for row in body.first_rows() {
        for text in money_texts(&header, row) {
            suggested.note(row.line, text);
        }
    }
    let mut numbers = decide(&suggested, options.number_format, fallback).unwrap_or(NumberFormat {
        convention: fallback,
        basis: number::Basis::NoSeparators,
        example: None,
    });
    let unit_of_figures = match metadata.unit {
        Some(_) => None,
        None => super::catalogue::unit_of_figures(&header, body.first_rows(), numbers.convention),
    };
    if let Some((unit, _)) = &unit_of_figures {
        metadata.unit = Some(unit.name(true));
    }
    // A unit column (`ĐVT`) in a file that states no unit: its first row's unit is the
    // file's, the other rows' figures read in it.
    let unit_of_column = match (&metadata.unit, header.index(CatalogueRole::Unit)) {
        (None, Some(at)) => (body.first_rows().iter())
            .find(|row| Unit::parse(row.cell(at)).is_some())
            .map(|row| (row.cell(at).to_owned(), row.line)),
        _ => None,
    };
    if let Some((unit, _)) = &unit_of_column {
        metadata.unit = Some(unit.clone());
    }
    let reader = RowReader {
        header: header.clone(),
        stated,
        layout,
        convention: numbers.convention,
        choices: options.choices,
        unit: metadata.unit.as_deref().and_then(Unit::parse),
        breakdowns: Vec::new(),
    };
    // The head's rows as the one row reader reads them, to weigh the breakdowns on.
    let sample = || {
        let mut seen = EvidenceSeen::default();
        (body.first_rows().iter())
            .filter_map(|row| Some((row, reader.read(row, &mut seen)?.amounts)))
            .collect()
    };
    let breakdowns = super::breakdown::breakdowns(
        &header,
        stated,
        metadata.unit.as_deref(),
        sample,
        numbers.convention,
    );
    let broken_down =
        |at: &usize| (breakdowns.iter()).any(|b| b.parts.iter().any(|(part, _)| part == at));
    let index = |role| header.index(role).map(|i| i + 1);
    let mut head = Catalogue {
        path: name.to_owned(),
        layout,
        source,
        numbers: numbers.clone(),
        metadata: metadata.clone(),
        header_line: header.line,
        columns: Columns {
            number: index(CatalogueRole::Number),
            period: index(CatalogueRole::Period),
            money: super::catalogue::MONEY_ROLES.map(index),
            money_parts: super::catalogue::MONEY_ROLES.map(|role| {
                let parts = header.parts(role);
                Some((parts.first()? + 1, parts.last()? + 1))
            }),
            stated,
            unit: index(CatalogueRole::Unit),
        },
        unread_columns: (header.unread().into_iter())
            .filter(|(at, _)| !broken_down(at))
            .map(|(_, label)| label)
            .collect(),
        readings: Vec::new(),
        sectors: Vec::new(),
        groups: Vec::new(),
        grand_total: None,
        bad_cells: Vec::new(),
        ragged_rows: Vec::new(),
        breakdowns_off: Vec::new(),
        part_columns: (breakdowns.iter())
            .flat_map(|breakdown| {
                (breakdown.parts.iter()).map(|(at, part)| PartColumn {
                    column: at + 1,
                    label: breakdown.label.clone(),
                    part: part.clone(),
                })
            })
            .collect(),
        part_figures: Vec::new(),
        unplaced_rows: Vec::new(),
    };
    // A published table of one sector: a sheet named as a sector (`Y tế`, a workbook of
    // one sheet a sector), or titled as one (`DANH MỤC DỰ ÁN LĨNH VỰC Y TẾ`).
    let named_sector = match &head.source {
        _ if layout != Layout::Published
            || options.choices.no_named_sectors
            || options.totals_sheet =>
        {
            None
        }
        Source::Workbook { sheet, .. } if crate::national::is_a_sector_name(sheet) => {
            Some(NamedSector::Sheet(sheet.clone()))
        }
        _ => metadata::sector_in_title(titles).map(NamedSector::Title),
    };
    loop {
        let reader = RowReader {
            convention: numbers.convention,
            breakdowns: breakdowns.clone(),
            ..reader.clone()
        };
        let mut sink = make(&head);
        let mut assembler = Assembler::new(reader).in_named_sector(named_sector.clone());
        plan.progress.store(0, Ordering::Relaxed);
        let evidence = body.run(&mut assembler, &mut sink, plan).map_err(located)?;
        let decided = decide(&evidence, options.number_format, fallback).map_err(located)?;
        if decided.convention != numbers.convention {
            // The file's first rows suggested the other convention: read it again.
            numbers = decided;
            continue;
        }
        let province = assembler.finish(&mut sink).map_err(located)?;
        let unnamed = sink.unnamed_lines().map_err(located)?;
        if !unnamed.is_empty() {
            let reader = assembler.reader().clone();
            let projects = body.projects_on(reader, unnamed, plan).map_err(located)?;
            sink.named(&projects).map_err(located)?;
        }
        head.readings = assembler.readings.clone();
        if let Some(named) = &hidden_columns {
            head.readings
                .retain(|reading| !matches!(reading, Reading::HiddenColumns { .. }));
            head.readings.push(named.clone());
        }
        match stated {
            Stated::All => {}
            Stated::Derived(column) => head.readings.insert(0, Reading::DerivedColumn { column }),
            Stated::Only(column) => head.readings.insert(0, Reading::OnlyColumn { column }),
        }
        head.readings
            .extend(breakdowns.iter().map(|b| Reading::BreakdownChecked {
                label: b.label.clone(),
                of: b.of,
                parts: b.parts.iter().map(|(_, part)| part.clone()).collect(),
            }));
        if let Some((_, line)) = unit_of_figures {
            head.readings.push(Reading::UnitOfFigures { line });
        }
        if let Some((_, line)) = unit_of_column {
            head.readings.push(Reading::UnitOfColumn { line });
        }
        head.readings.extend(units_differ.clone());
        if let Some(line) = evidence.with_unit() {
            head.readings.push(Reading::FiguresWithUnit { line });
        }
        let legacy_font = match (&head.source, &body) {
            (
                Source::Text {
                    encoding,
                    legacy_font,
                    ..
                },
                _,
            ) => LegacyFont::of(*encoding).or(*legacy_font),
            (Source::Document { legacy_font, .. }, _) => *legacy_font,
            (_, Body::Rows { legacy_font, .. }) => *legacy_font,
            _ => None,
        };
        if let Some(font) = legacy_font {
            head.readings.push(Reading::LegacyFont { font });
        }
        // Read as text under a workbook's name: its bytes are text ([`workbook::is_workbook`]).
        if matches!(head.source, Source::Text { .. }) && workbook::named_as_workbook(name) {
            head.readings.push(Reading::TextNamedAsWorkbook);
        }
        match &head.source {
            Source::Workbook { others, .. } if !others.is_empty() => {
                let sheets = others.clone();
                head.readings.push(Reading::OtherSheets { sheets });
            }
            Source::Document { others, .. } if !others.is_empty() => {
                let tables = others.clone();
                head.readings.push(Reading::OtherTables { tables });
            }
            _ => {}
        }
        if metadata.province.is_none() {
            metadata.province = province;
        }
        // A file with a province column names its provinces on its rows, several or none.
        if metadata.province.is_none()
            && !header.has(CatalogueRole::Province)
            && let Some((province, name)) = metadata::province_in_path(name)
        {
            metadata.province = Some(province.clone());
            head.readings
                .push(Reading::ProvinceFromName { province, name });
        }
        head.numbers = decided;
        head.metadata = metadata;
        return Ok((head, sink));
    }
}

/// The rows after the header: a workbook's (in memory, then any its reader process
/// spooled), or a text's still to split.
enum Body {
    Rows {
        rows: Vec<Row>,
        /// The spooled rows after `rows`, and the offset where they start.
        rest: Option<(Spool, u64)>,
        /// The workbook's length, for the progress bar.
        len: u64,
        /// The legacy font the rows are written in, read as such.
        legacy_font: Option<LegacyFont>,
    },
    Text {
        bytes: Bytes,
        at: u64,
        line: usize,
        rows: Vec<Row>,
        delimiter: u8,
    },
}

/// The projects on some lines, read again ([`CatalogueSink::unnamed_lines`]). A fork,
/// which counts lines from its range's start, keeps those of the numbers wanted, and the
/// sink it joins those on the lines wanted.
struct ProjectsOn {
    /// In order.
    lines: Arc<[usize]>,
    numbers: Arc<FxHashSet<String>>,
    found: Vec<NamedProject>,
    forked: bool,
}

impl CatalogueSink for ProjectsOn {
    fn project(&mut self, _: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        let wanted = match self.forked {
            true => project.number.is_some_and(|n| self.numbers.contains(n)),
            false => self.lines.binary_search(&project.line).is_ok(),
        };
        if wanted {
            self.found.push(NamedProject {
                line: project.line,
                number: project.number.map(str::to_owned),
                name: project.name.to_owned(),
            });
        }
        Ok(())
    }
    fn fork(&self) -> Option<Self> {
        Some(ProjectsOn {
            lines: Arc::clone(&self.lines),
            numbers: Arc::clone(&self.numbers),
            found: Vec::new(),
            forked: true,
        })
    }
    fn join(&mut self, later: Self, _: &[usize], shift: usize) -> Result<(), ReadError> {
        for mut project in later.found {
            project.line += shift;
            if self.lines.binary_search(&project.line).is_ok() {
                self.found.push(project);
            }
        }
        Ok(())
    }
}

impl Body {
    /// The projects on `lines`, read again from the body's start by the same reader, in
    /// line order.
    fn projects_on(
        &self,
        reader: RowReader,
        wanted: Vec<(usize, String)>,
        plan: &Plan,
    ) -> Result<Vec<NamedProject>, ReadError> {
        let mut lines: Vec<usize> = wanted.iter().map(|(line, _)| *line).collect();
        lines.sort_unstable();
        lines.dedup();
        let mut sink = ProjectsOn {
            lines: lines.into(),
            numbers: Arc::new(wanted.into_iter().map(|(_, number)| number).collect()),
            found: Vec::new(),
            forked: false,
        };
        let mut assembler = Assembler::new(reader);
        self.run(&mut assembler, &mut sink, plan)?;
        assembler.finish(&mut sink)?;
        Ok(sink.found)
    }

    /// The body's first [`BODY_SAMPLE_ROWS`] rows (fewer in a shorter body), already
    /// split in the head: they suggest the number convention.
    fn first_rows(&self) -> &[Row] {
        let rows = match self {
            Body::Rows { rows, .. } | Body::Text { rows, .. } => rows,
        };
        &rows[..rows.len().min(BODY_SAMPLE_ROWS)]
    }

    /// Runs the reader over the body, its rows assembled into the sink in file order
    /// (folded by range into forks and joined, where the file and the sink allow), and
    /// gives what the money cells said about the convention.
    fn run<S: CatalogueSink + Send + Sync>(
        &self,
        assembler: &mut Assembler,
        sink: &mut S,
        plan: &Plan,
    ) -> Result<EvidenceSeen, ReadError> {
        let reader = assembler.reader().clone();
        let mut evidence = EvidenceSeen::default();
        // Rows already in memory are read where they stand, not copied.
        let mut feed_rows = |rows: &[Row], evidence: &mut EvidenceSeen| {
            for row in rows {
                if let Some(event) = reader.read(row, evidence) {
                    assembler.row(event, sink)?;
                }
            }
            Ok::<(), ReadError>(())
        };
        let (bytes, mut at, mut line, rows, delimiter) = match self {
            Body::Rows {
                rows,
                rest,
                len,
                legacy_font,
            } => {
                feed_rows(rows, &mut evidence)?;
                // Spooled rows are read one at a time, so memory stays flat; the bar
                // counts the spool's share read as that of the workbook.
                if let Some((spool, from)) = rest {
                    let span = u128::from(spool.len.saturating_sub(*from).max(1));
                    spool.each(*from, |row, end| {
                        let row = match legacy_font {
                            Some(font) => row.from_legacy(*font),
                            None => row,
                        };
                        if let Some(event) = reader.read(&row, &mut evidence) {
                            assembler.row(event, sink)?;
                            drop(assembler.take_spent_rows());
                        }
                        let done = u128::from(end - from) * u128::from(*len) / span;
                        plan.progress
                            .store(u64::try_from(done).unwrap_or(*len), Ordering::Relaxed);
                        Ok(ControlFlow::Continue(()))
                    })?;
                }
                return Ok(evidence);
            }
            Body::Text {
                bytes,
                at,
                line,
                rows,
                delimiter,
            } => (bytes, *at, *line, rows, *delimiter),
        };
        feed_rows(rows, &mut evidence)?;
        plan.progress.store(at, Ordering::Relaxed);
        let len = bytes.len();
        // A tidy file's ranges are each folded by a fork of the assembler and the sink, on
        // every core, and joined in file order (there every row names its sector). Other
        // layouts' ranges are read on every core and assembled here in order; their rows
        // wait in memory meanwhile, so these ranges are a quarter as long.
        let forks = match assembler.reader().layout {
            Layout::Tidy => sink.fork(),
            Layout::Published => None,
        };
        let chunk = match forks {
            Some(_) => plan.chunk_bytes,
            None => plan.chunk_bytes / 4,
        };
        let chunk = chunk.max(1) as u64;
        // Ranges are cut at fixed offsets from here; range k starts at `base + k * chunk`.
        let base = at;
        let count = (len.saturating_sub(base)).div_ceil(chunk) as usize;
        let nominal = |k: usize| base + k as u64 * chunk;
        let threads = match count {
            0 | 1 => 1,
            _ => plan
                .threads
                .unwrap_or_else(|| {
                    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
                })
                .clamp(1, count),
        };
        // Each row of a tidy file is read as it is split, none kept: one range on one
        // core is folded too.
        if let Some(proto) = forks {
            let assembler_proto = assembler.fork();
            let fold_range = |k: usize, from: u64, at_record: bool, mut assembler: Assembler| {
                let stop = nominal(k + 1).min(len);
                let Some(mut sink) = proto.fork() else {
                    return Folded::failed(from);
                };
                let mut evidence = EvidenceSeen::default();
                // Rows folded as they are split are not held: no bound on them.
                let each = &mut |row: &Row| match assembler.reader().read(row, &mut evidence) {
                    Some(event) => assembler.row(event, &mut sink),
                    None => Ok(()),
                };
                let piece = split_range(bytes, from, stop, delimiter, at_record, usize::MAX, each);
                Folded {
                    piece,
                    evidence,
                    fold: Some((assembler, sink)),
                }
            };
            let failed = |k: usize| Folded::failed(nominal(k));
            let join = |k: usize, mut folded: Folded<S>| -> Result<(), ReadError> {
                if folded.piece.stop <= at {
                    // Swallowed whole by a record of the range before.
                    return Ok(());
                }
                if folded.piece.start != at {
                    // Its cut fell inside a record: fold it again from where that ended.
                    folded = fold_range(k, at, true, assembler_proto.fork());
                }
                if let Some((later, _)) = &folded.fold
                    && later.needs_sector_above(assembler)
                {
                    // Its first project is in the sector of the rows before it, known now.
                    folded = fold_range(k, at, true, assembler.fork_after());
                }
                let shift = line - 1;
                folded.evidence.shift_lines(shift);
                evidence.merge(&folded.evidence);
                if let Some((later, later_sink)) = folded.fold {
                    assembler.join(later, sink, later_sink, shift)?;
                }
                at = folded.piece.end;
                line += folded.piece.newlines;
                plan.progress.store(at, Ordering::Relaxed);
                match folded.piece.error {
                    Some(mut error) => {
                        if let Some(line) = &mut error.line {
                            *line += shift;
                        }
                        Err(error)
                    }
                    None => Ok(()),
                }
            };
            in_order(
                count,
                threads,
                |k| fold_range(k, nominal(k), k == 0, assembler_proto.fork()),
                failed,
                join,
            )?;
            return Ok(evidence);
        }
        // Rows are handed back by the assembler once done with, and reused by the ranges
        // read after: no row is made on one thread and freed on another.
        let spare_rows: Mutex<Vec<Vec<Row>>> = Mutex::new(Vec::new());
        let spare = || {
            let mut spare = spare_rows.lock().unwrap_or_else(|e| e.into_inner());
            spare.pop().unwrap_or_default()
        };
        let read_range = |k: usize| {
            let (start, stop) = (nominal(k), nominal(k + 1).min(len));
            let piece = split_piece_reusing(bytes, start, stop, delimiter, k == 0, spare());
            read_piece(piece, &reader)
        };
        let mut hand_on = |k: usize,
                           mut read: ReadPiece,
                           at: &mut u64,
                           line: &mut usize|
         -> Result<(), ReadError> {
            if read.piece.stop <= *at {
                // Swallowed whole by a record of the range before.
                return Ok(());
            }
            let stop = nominal(k + 1).min(len);
            let read_from = |at: u64| {
                let piece = split_piece_reusing(bytes, at, stop, delimiter, true, spare());
                read_piece(piece, &reader)
            };
            if read.piece.start != *at {
                // Its cut fell inside a record: read it again from where that ended.
                read = read_from(*at);
            }
            loop {
                rebase(&mut read, *line);
                *at = read.piece.end;
                *line += read.piece.newlines;
                let cut_short = read.piece.cut_short;
                let spent = feed(read, assembler, sink, &mut evidence)?;
                if !spent.is_empty() {
                    spare_rows
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(spent);
                }
                plan.progress.store(*at, Ordering::Relaxed);
                if !cut_short {
                    return Ok(());
                }
                // A range of more rows than a piece holds: the rest of it, here.
                read = read_from(*at);
            }
        };
        let failed = |k: usize| ReadPiece::failed(nominal(k));
        in_order(count, threads, read_range, failed, |k, read| {
            hand_on(k, read, &mut at, &mut line)
        })?;
        Ok(evidence)
    }
}

/// Runs `produce` on ranges `0..count` on `threads` threads, a few ranges ahead, and hands
/// each result to `consume` on this thread in order; stops at the first error `consume`
/// gives. A range whose `produce` panics gives `failed(k)` instead.
fn in_order<T: Send>(
    count: usize,
    threads: usize,
    produce: impl Fn(usize) -> T + Sync,
    failed: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(usize, T) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    if threads <= 1 {
        for k in 0..count {
            consume(k, produce(k))?;
        }
        return Ok(());
    }
    let ahead = 2 * threads;
    let claimed = AtomicUsize::new(0);
    let done: Mutex<(Vec<Option<T>>, usize, bool)> =
        Mutex::new(((0..count).map(|_| None).collect(), 0, false));
    let changed = Condvar::new();
    let lock = || done.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let k = claimed.fetch_add(1, Ordering::Relaxed);
                    if k >= count {
                        return;
                    }
                    {
                        let mut state = lock();
                        while k >= state.1 + ahead && !state.2 {
                            state = changed.wait(state).unwrap_or_else(|e| e.into_inner());
                        }
                        if state.2 {
                            return;
                        }
                    }
                    // A panic here must not leave the hand-on loop waiting for range k
                    // forever: it becomes that range's error.
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| produce(k)))
                            .unwrap_or_else(|_| failed(k));
                    lock().0[k] = Some(result);
                    changed.notify_all();
                }
            });
        }
        // However this thread leaves (an error, a panic in a sink), the workers still
        // waiting for room are released, so the scope can end.
        struct Release<'a>(&'a dyn Fn());
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                (self.0)();
            }
        }
        let release = || {
            lock().2 = true;
            changed.notify_all();
        };
        let _release = Release(&release);
        for k in 0..count {
            let result = {
                let mut state = lock();
                loop {
                    if let Some(result) = state.0[k].take() {
                        state.1 = k + 1;
                        break result;
                    }
                    state = changed.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            };
            changed.notify_all();
            consume(k, result)?;
        }
        Ok(())
    })
}

/// The rows of a text from `start`, piece by piece, but the blank rows that end it (a
/// sheet's export that runs on in empty rows to the millionth); past [`MAX_ROWS`] rows,
/// an error at the row that makes one too many.
fn text_rows(bytes: &Bytes, start: u64, delimiter: u8) -> Result<Vec<Row>, ReadError> {
    // Blank rows are held apart until a row that is not blank comes; past the bound they
    // are only counted, and that row is then the error.
    let (mut rows, mut blank_run, mut blanks_past_bound) = (Vec::new(), Vec::new(), false);
    let (mut at, mut line) = (start, 1);
    loop {
        let piece = split_piece(bytes, at, bytes.len(), delimiter, true);
        for mut row in piece.rows {
            row.line += line - 1;
            let past_bound = rows.len() + blank_run.len() >= MAX_ROWS;
            if row.is_blank() {
                match past_bound {
                    true => blanks_past_bound = true,
                    false => blank_run.push(row),
                }
                continue;
            }
            if past_bound || blanks_past_bound {
                let problem = Problem::TooManyRows { max: MAX_ROWS };
                return Err(ReadError::at(row.line, None, problem));
            }
            rows.append(&mut blank_run);
            rows.push(row);
        }
        if let Some(mut error) = piece.error {
            if let Some(l) = &mut error.line {
                *l += line - 1;
            }
            return Err(error);
        }
        line += piece.newlines;
        at = piece.end;
        if !piece.cut_short {
            return Ok(rows);
        }
    }
}

/// Reads a file's rows whole (for the implementation plan, a small table), with the same
/// splitter and limits as catalogues.
pub fn read_table(path: &Path, options: &ReadOptions, wanted: Wanted) -> Result<Table> {
    let (name, bytes) = open_path(path)?;
    match open_bytes(&name, bytes, options, wanted)? {
        Opened::Workbook { rows, source, .. } => {
            let rows = match rows {
                SheetRows::Memory(rows) => rows,
                SheetRows::Spooled(spool) => {
                    let (rows, _) = spool.head(usize::MAX).map_err(|e| e.located(&name))?;
                    rows
                }
            };
            let (rows, _) = in_unicode(rows, wanted);
            Ok(Table {
                path: name,
                source,
                rows,
            })
        }
        Opened::Text {
            bytes,
            start,
            encoding,
            legacy_font,
            delimiter,
            line_style,
        } => {
            let rows = text_rows(&bytes, start, delimiter).map_err(|e| e.located(&name))?;
            if rows.iter().all(Row::is_blank) {
                return Err(Failure::error(name, Problem::NoText));
            }
            Ok(Table {
                path: name,
                source: Source::Text {
                    encoding,
                    legacy_font,
                    delimiter: char::from(delimiter),
                    line_style,
                },
                rows,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 10: a file that shrank while it was read (truncated or rewritten) left every
    /// thread spinning. Reading past its new end is an error, at once.
    #[test]
    fn a_file_shorter_than_it_was_is_an_error_not_a_spin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shrunk.csv");
        std::fs::write(&path, "name,total\nClinic,1\nSchool,2").unwrap();
        let file = File::open(&path).unwrap();
        // As if the file had been 10,000 bytes when it was opened.
        let bytes = Bytes::File { file, len: 10_000 };
        for at_record in [true, false] {
            let from = if at_record { 0 } else { 5 };
            let piece = split_piece(&bytes, from, 10_000, b',', at_record);
            let error = piece.error.expect("an error");
            assert_eq!(*error.problem, Problem::FileChanged);
        }
    }

    /// The names of repeats among numbers kept past the budget are read in a second
    /// reading: a file rewritten in between (its repeat's line now holds another number)
    /// is an error, not a finding with another project's name.
    #[test]
    fn a_file_changed_before_its_repeats_are_named_is_an_error() {
        /// Rewrites the file once the checker has found its repeats, before they are named.
        struct Rewrite<'a>(&'a Path, &'a str);
        impl CatalogueSink for Rewrite<'_> {
            fn project(&mut self, _: usize, _: &ProjectView<'_>) -> Result<(), ReadError> {
                Ok(())
            }
            fn unnamed_lines(&mut self) -> Result<Vec<(usize, String)>, ReadError> {
                std::fs::write(self.0, self.1).unwrap();
                Ok(Vec::new())
            }
        }
        // More numbers than the checker holds in memory, then a repeat of an early one: a
        // tidy file (named again on every core) and a published one (in file order).
        let tidy = |repeat: &str| {
            let mut text = String::from("sector,code,name,total,aid,counterpart\n");
            for i in 0..50_001 {
                text.push_str(&format!("Y tế,P{i},Trạm y tế số {i},3,2,1\n"));
            }
            text + &format!("Y tế,P{repeat},Trạm y tế lặp số,3,2,1\n")
        };
        let published = |repeat: &str| {
            let mut text =
                String::from("STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\nI,Y tế,,,\n");
            for i in 0..50_001 {
                text.push_str(&format!("{i},Trạm y tế số {i},3,2,1\n"));
            }
            text + &format!("{repeat},Trạm y tế lặp số,3,2,1\n")
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("repeats.csv");
        let options = ReadOptions::default();
        let check = |changed: &str| {
            let (head, (checker, _)) = run(&path, &options, &Plan::default(), |head| {
                (crate::check::Checker::new(head), Rewrite(&path, changed))
            })?;
            checker.finish().map_err(|e| e.located(&head.path))
        };
        for layout in [tidy, published] {
            std::fs::write(&path, layout("7")).unwrap();
            let (findings, _) = check(&layout("7")).unwrap();
            let names: Vec<&str> = (findings.iter())
                .filter_map(|finding| match &finding.details {
                    crate::check::FindingKind::DuplicateNumber {
                        subject: crate::check::Subject::Project { name, .. },
                        ..
                    } => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(names, ["Trạm y tế lặp số"]);
            std::fs::write(&path, layout("7")).unwrap();
            let error = check(&layout("8")).expect_err("the file changed");
            assert!(format!("{error:#}").contains("changed"), "{error:#}");
        }
    }

    /// Ranges cut anywhere, even inside quoted line breaks, give the rows one range gives.
    #[test]
    fn every_cut_gives_the_rows_of_the_whole() {
        let text = "a,\"b\nc\",d\n1,2,3\n\"x\"\"y\",\"\n\n\",z\nlast,row,here";
        let bytes = Bytes::Memory(text.as_bytes().to_vec());
        let whole = split_piece(&bytes, 0, text.len() as u64, b',', true);
        let cells = |rows: &[Row]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| r.cells().map(str::to_owned).collect())
                .collect()
        };
        for chunk in 1..text.len() as u64 {
            let mut rows = Vec::new();
            let mut at = 0;
            let mut k = 0;
            while at < text.len() as u64 {
                let (start, stop) = (k * chunk, ((k + 1) * chunk).min(text.len() as u64));
                k += 1;
                if stop <= at {
                    continue;
                }
                let mut piece = split_piece(&bytes, start, stop, b',', start == 0);
                if piece.start != at {
                    piece = split_piece(&bytes, at, stop, b',', true);
                }
                at = piece.end;
                rows.extend(piece.rows);
            }
            assert_eq!(cells(&rows), cells(&whole.rows), "chunk {chunk}");
        }
    }

    /// A range of more short rows than a piece holds is split in pieces of at most
    /// [`PIECE_ROWS`] rows, each going on where the last stopped; a text's rows are those
    /// pieces' rows, but the blank rows that end it.
    #[test]
    fn short_rows_are_split_in_bounded_pieces() {
        let rows = 3 * PIECE_ROWS + 5;
        let text = (1..=rows).map(|i| format!("{i}\n")).collect::<String>() + &",\n".repeat(9);
        let bytes = Bytes::Memory(text.as_bytes().to_vec());
        let len = bytes.len();
        let first = split_piece(&bytes, 0, len, b',', true);
        assert_eq!((first.rows.len(), first.cut_short), (PIECE_ROWS, true));
        let second = split_piece(&bytes, first.end, len, b',', true);
        assert_eq!(second.rows[0].cell(0), (PIECE_ROWS + 1).to_string());
        let read = text_rows(&bytes, 0, b',').unwrap();
        assert_eq!(read.len(), rows);
        assert_eq!(
            (read[rows - 1].line, read[rows - 1].cell(0)),
            (rows, &*rows.to_string())
        );
    }

    /// The lines looked at in long pieces stop before the piece holding an odd record
    /// (not NFC, markup, not UTF-8) and at the last whole line; that record is then
    /// looked at alone, and read as it would be at the start of a piece.
    #[test]
    fn lines_checked_in_pieces_stop_before_an_odd_record() {
        let line = "Lào Cai,Y tế,1,Trạm y tế xã,5\n";
        let good = line.repeat(1000);
        for odd in ["a\u{301}", "<p>", "\0"] {
            let text = format!("{good}{odd},x\n{good}");
            let checked = plain_lines(text.as_bytes(), true);
            assert!(checked.len() < text.find(odd).unwrap(), "{odd:?}");
            assert!(checked.len() >= 16 << 10, "{odd:?}: {}", checked.len());
            assert!(checked.ends_with('\n'));
        }
        let mut bytes = good.clone().into_bytes();
        bytes.extend(b"\xff,x\n");
        assert!(plain_lines(&bytes, true).len() <= good.len());
        // Not at the end of the input: the last line may go on, and is left out.
        assert_eq!(plain_lines(b"a,b\nc,d", false), "a,b\n");
        assert_eq!(plain_lines(b"a,b\nc,d", true), "a,b\nc,d");
        // The rows are those of records looked at one by one.
        let text = format!("{good}a\u{301},<p>y</p>\n{good}");
        let bytes = Bytes::Memory(text.into_bytes());
        let rows = split_piece(&bytes, 0, bytes.len(), b',', true).rows;
        assert_eq!(rows.len(), 2001);
        assert_eq!(rows[1000].cells().collect::<Vec<_>>(), ["\u{e1}", "y"]);
        assert_eq!(
            rows[1001].cells().collect::<Vec<_>>(),
            rows[0].cells().collect::<Vec<_>>()
        );
    }
}
