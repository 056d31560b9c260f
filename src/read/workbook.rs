//! Workbooks (`.xlsx`, `.xls`, `.ods`) → rows, with the same rules as text files after
//! that: numbers stored as numbers are taken exactly, formulas by their cached value
//! (and kept, for `check` to show), numbers stored as text by the file's convention.
//!
//! Merged cells read as their top-left cell: a sector name merged across columns is the
//! name, and a number merged down rows counts once, on its first row, as the user sees it.
//! The text of a cell merged down is also each row's to show ([`Row::shown`]): one owner
//! or one lead agency over several rows.

use super::formula;
use super::header::{HEADER_SEARCH_ROWS, MAX_HEADER_ROWS};
use super::pipeline::Wanted;
use super::rows::{MAX_COLUMNS, Row};
use super::sheet_view::{Merge, MergeFill, SheetView};
use super::spreadsheet_xml::{XmlWorkbook, is_spreadsheet_xml};
use super::{ReadError, Source};
use crate::number::{self, Convention};
use crate::problem::{Failure, Problem};
use crate::text::clean_cell;
use anyhow::Result;
use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
use std::io::Cursor;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

/// Is this file a workbook, by its first bytes (zip or OLE container, Excel 2003 XML) or
/// by its name? Not where it is named as one but its first bytes are plain text: a web
/// system's CSV or tab-separated export named `.xls`, or a CSV file renamed, is read as
/// text, as Excel opens it, and a note says so (`Reading::TextNamedAsWorkbook`). A web
/// page named `.xls` is read as a page, as before, whatever `--encoding` says.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    has_workbook_bytes(bytes) || named_as_workbook(name) && !is_plain_text(bytes)
}

/// Text that is no web page.
fn is_plain_text(bytes: &[u8]) -> bool {
    is_text(bytes) && !super::html::is_html(bytes)
}

/// Is the file named as a workbook (`.xlsx`, `.xls`, `.ods`, …)?
pub fn named_as_workbook(name: &str) -> bool {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        extension.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    )
}

fn has_workbook_bytes(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || is_spreadsheet_xml(bytes)
}

/// Do the first bytes read as text: UTF-16 with its mark, or bytes with no control
/// character but tab and line ends (UTF-8, or 8-bit text)? A workbook's bytes, and most
/// binary files', hold control characters in their first few hundred.
fn is_text(bytes: &[u8]) -> bool {
    super::decode::is_utf16_marked(bytes)
        || !bytes.is_empty()
            && !bytes
                .iter()
                .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') || b == 0x7F)
}

/// A workbook open: one of the formats the workbook library reads, or an Excel 2003 XML
/// spreadsheet, which it does not.
enum Book<'a> {
    Library(Box<Sheets<Cursor<&'a [u8]>>>),
    Xml(XmlWorkbook<'a>),
}

impl<'a> Book<'a> {
    fn open(name: &str, bytes: &'a [u8]) -> Result<Self> {
        if is_spreadsheet_xml(bytes) {
            return XmlWorkbook::open(name, bytes).map(Book::Xml);
        }
        screen_zip(name, bytes)?;
        match open_workbook_auto_from_rs(Cursor::new(bytes)) {
            Ok(book) => Ok(Book::Library(Box::new(book))),
            Err(_) => Err(Failure::error(name, open_failed(bytes))),
        }
    }

    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Library(book) => book.sheet_names(),
            Book::Xml(book) => book.sheet_names().to_vec(),
        }
    }

    /// The sheet names, those the officer sees first and the hidden ones after: a hidden
    /// sheet is most often an old copy of the table kept aside.
    fn sheet_names_visible_first(&self) -> Vec<String> {
        let Book::Library(book) = self else {
            return self.sheet_names();
        };
        let (visible, hidden): (Vec<_>, Vec<_>) = (book.sheets_metadata().iter())
            .partition(|sheet| sheet.visible == calamine::SheetVisible::Visible);
        (visible.into_iter().chain(hidden))
            .map(|sheet| sheet.name.clone())
            .collect()
    }

    /// Every sheet in the workbook's order, and whether it hides itself from the officer:
    /// in one pass (a sheet looked up by its name, each, was quadratic in a workbook of
    /// ten thousand sheets).
    fn sheets_hidden_or_not(&self) -> Vec<(String, bool)> {
        match self {
            Book::Library(book) => (book.sheets_metadata().iter())
                .map(|sheet| {
                    let hidden = sheet.visible != calamine::SheetVisible::Visible;
                    (sheet.name.clone(), hidden)
                })
                .collect(),
            Book::Xml(book) => (book.sheet_names().iter())
                .map(|name| (name.clone(), false))
                .collect(),
        }
    }

    /// The format's name in reports: `xlsx sheet Danh mục`.
    fn format_name(&self) -> &'static str {
        match self {
            Book::Library(book) => match **book {
                Sheets::Xlsx(_) => "xlsx",
                Sheets::Xls(_) => "xls",
                Sheets::Xlsb(_) => "xlsb",
                Sheets::Ods(_) => "ods",
            },
            Book::Xml(_) => "xml",
        }
    }

    /// How many rows of a sheet a sheet is chosen by: an .xlsx's and an XML sheet's
    /// first, as they are read row by row; the other formats' all, as they are read whole.
    fn rows_to_choose_by(&self) -> usize {
        match self {
            Book::Library(book) if !matches!(**book, Sheets::Xlsx(_)) => usize::MAX,
            _ => HEAD_ROWS,
        }
    }
}

/// A worksheet cell as text, and as an exact number when stored as one.
fn cell(
    data: &Data,
) -> (
    String,
    Option<Result<rust_decimal::Decimal, number::AmountError>>,
) {
    match data {
        Data::Empty => (String::new(), None),
        Data::String(text) => (clean_cell(text), None),
        // `{}` of an f64 is its shortest representation: 2016.5 stays 2016.5. Binary
        // float noise (`38305.310000000005`) is rounded to the 9 decimals an amount may have.
        Data::Float(value) => {
            let text = shortest_within_nine_decimals(*value);
            let exact = number::parse(&text, Convention::En);
            (text, Some(exact))
        }
        Data::Int(value) => {
            let text = value.to_string();
            let exact = number::parse(&text, Convention::En);
            (text, Some(exact))
        }
        // A date as an officer sees it (day/month/year), not the spreadsheet's day count:
        // a period's start and end, or a money cell Excel turned into a date by mistake,
        // which is then read as what it is, not a number.
        Data::DateTime(date) if date.is_datetime() => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            (format!("{day:02}/{month:02}/{year}"), None)
        }
        Data::DateTimeIso(text) => (iso_date(text).unwrap_or_else(|| clean_cell(text)), None),
        other => (other.to_string(), None),
    }
}

/// An ISO date (`2021-06-01`, perhaps with a time) as day/month/year.
fn iso_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    (digits(year, 4) && digits(month, 2) && digits(day, 2)).then(|| format!("{day}/{month}/{year}"))
}

/// A workbook float as text: its shortest form, or rounded to 9 decimal places where the
/// shortest form has more (noise of binary arithmetic, as spreadsheets show it rounded).
fn shortest_within_nine_decimals(value: f64) -> String {
    let shortest = value.to_string();
    let decimals = shortest.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= number::MAX_DECIMAL_PLACES {
        return shortest;
    }
    let rounded = format!("{value:.9}");
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

/// The most a workbook may expand to (its parts uncompressed), as for text inputs.
const MAX_EXPANDED_BYTES: u64 = 512 << 20;

/// Checks what an `.xlsx` or `.ods` (a zip) declares before the workbook library
/// allocates for it: the parts' expanded size, and the shared strings an `.xlsx` says it
/// holds (the library reserves room for them all at once).
pub(crate) fn screen_zip(name: &str, bytes: &[u8]) -> Result<()> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip: the workbook library says what it is.
        return Ok(());
    };
    let mut expanded: u64 = 0;
    for index in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(index) {
            expanded = expanded.saturating_add(part.size());
        }
    }
    if expanded > MAX_EXPANDED_BYTES {
        let (mib, max) = (expanded >> 20, MAX_EXPANDED_BYTES >> 20);
        return Err(Failure::error(name, Problem::WorkbookExpands { mib, max }));
    }
    if let Ok(content) = archive.by_name("content.xml") {
        let cells = ods_cells(content);
        if cells > MAX_EXPANDED_CELLS {
            let max = MAX_EXPANDED_CELLS;
            return Err(Failure::error(
                name,
                Problem::WorkbookRepeats { cells, max },
            ));
        }
    }
    let Ok(part) = archive.by_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let size = part.size();
    let mut head = Vec::new();
    use std::io::Read;
    let _ = part.take(64 << 10).read_to_end(&mut head);
    let declared = declared_count(&head, b"uniqueCount=\"");
    // Each shared string takes at least `<si><t/></si>`, 13 bytes.
    if declared.is_some_and(|count| count > size / 13 + 1) {
        let declared = declared.unwrap_or_default();
        return Err(Failure::error(
            name,
            Problem::SharedStrings {
                declared,
                bytes: size,
            },
        ));
    }
    Ok(())
}

/// The most filled cells an `.ods` sheet may expand to through its repeat attributes.
const MAX_EXPANDED_CELLS: u64 = 20_000_000;

/// How many filled cells an `.ods` content expands to: each row's filled cells (times
/// their `number-columns-repeated`) times its `number-rows-repeated`. Empty repeated
/// cells, which spreadsheets write to pad a sheet, do not count. Read as a stream: the
/// answer costs no more memory than the XML's largest tag.
fn ods_cells(content: impl std::io::Read) -> u64 {
    use quick_xml::events::{BytesStart, Event};
    let repeat = |tag: &BytesStart, attribute: &str| -> u64 {
        tag.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == attribute)
            .and_then(|a| a.value.parse().ok())
            .unwrap_or(1)
    };
    let has_value = |tag: &BytesStart| {
        tag.attributes()
            .flatten()
            .any(|a| a.key.local_name().as_ref() == "value-type")
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let (mut total, mut row_repeat, mut row_cells) = (0u64, 1u64, 0u64);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(tag)) if tag.local_name().as_ref() == "table-row" => {
                row_repeat = repeat(&tag, "number-rows-repeated");
                row_cells = 0;
            }
            Ok(Event::Start(tag)) if tag.local_name().as_ref().ends_with("table-cell") => {
                row_cells = row_cells.saturating_add(repeat(&tag, "number-columns-repeated"));
            }
            Ok(Event::Empty(tag))
                if tag.local_name().as_ref().ends_with("table-cell") && has_value(&tag) =>
            {
                row_cells = row_cells.saturating_add(repeat(&tag, "number-columns-repeated"));
            }
            Ok(Event::End(tag)) if tag.local_name().as_ref() == "table-row" => {
                total = total.saturating_add(row_repeat.saturating_mul(row_cells));
                if total > MAX_EXPANDED_CELLS {
                    return total;
                }
            }
            Ok(Event::Eof) | Err(_) => return total,
            _ => {}
        }
    }
}

/// The number in `attribute"N"` within `xml`, if it is there.
fn declared_count(xml: &[u8], attribute: &[u8]) -> Option<u64> {
    let at = memchr::memmem::find(xml, attribute)? + attribute.len();
    let digits: Vec<u8> = xml[at..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits)
        .ok()?
        .parse()
        .ok()
        .or(Some(u64::MAX))
}

/// Whether workbooks are parsed in a child process: the command line turns it on; a
/// program using the library parses them in its own process.
static IN_CHILD: AtomicBool = AtomicBool::new(false);

/// The bytes a workbook's child process may hold allocated (the binary bounds its
/// allocator). The workbook library sizes some allocations from what a file declares:
/// past this bound the child, not aidcat, ends, and the file is reported as damaged.
pub const CHILD_MEMORY: usize = 1 << 30;

/// Parses every workbook from now on in a child process bounded in memory.
pub fn read_in_child_processes() {
    IN_CHILD.store(true, Ordering::Relaxed);
}

/// A sheet's rows: kept in memory (read in this process), or written by the child
/// process to a temporary file and read from there as they are needed, so that a sheet
/// of a million rows costs the memory of a few.
#[derive(Debug)]
pub enum SheetRows {
    Memory(Vec<Row>),
    Spooled(Spool),
}

/// Rows written one JSON line each to a temporary file, after a first line holding
/// their source and before a line holding the sheet's cells merged down; its last line is
/// where that one starts, in [`SPOOL_END_DIGITS`] digits. JSON text holds no raw line
/// break, so a line is a row.
#[derive(Debug)]
pub struct Spool {
    file: std::fs::File,
    /// Where the first row starts.
    start: u64,
    /// Where the rows end.
    pub len: u64,
    merged: Vec<Merge>,
}

impl Spool {
    /// The spool the child wrote to `file`: its source, and the spool.
    fn open(file: std::fs::File) -> std::io::Result<(Source, Spool)> {
        use std::io::{BufRead, Read, Seek, SeekFrom};
        let damaged = |e: &dyn std::fmt::Display| std::io::Error::other(e.to_string());
        let mut from = &file;
        let end = from.seek(SeekFrom::End(0))?;
        let last = SPOOL_END_DIGITS as u64 + 1;
        from.seek(SeekFrom::Start(end.saturating_sub(last)))?;
        let mut digits = String::new();
        from.take(last).read_to_string(&mut digits)?;
        let rows_end: u64 = digits.trim_end().parse().map_err(|e| damaged(&e))?;
        from.seek(SeekFrom::Start(rows_end))?;
        let mut merged = Vec::new();
        from.take(end.saturating_sub(last + rows_end))
            .read_to_end(&mut merged)?;
        let merged = serde_json::from_slice(&merged).map_err(|e| damaged(&e))?;
        from.seek(SeekFrom::Start(0))?;
        let mut first = Vec::new();
        std::io::BufReader::new(from).read_until(b'\n', &mut first)?;
        let source = serde_json::from_slice(&first).map_err(|e| damaged(&e))?;
        let spool = Spool {
            file,
            start: first.len() as u64,
            len: rows_end,
            merged,
        };
        Ok((source, spool))
    }

    /// Hands `each` the rows from byte `from` on, in order, each with the offset where
    /// its line ends; stops at the first error `each` gives. The rows before `from` are
    /// read again where cells merged down may start in them, and not handed on.
    pub fn each(
        &self,
        from: u64,
        mut each: impl FnMut(Row, u64) -> Result<ControlFlow<()>, ReadError>,
    ) -> Result<(), ReadError> {
        use std::io::{BufRead, Read, Seek, SeekFrom};
        let unreadable = |e: &dyn std::fmt::Display| {
            ReadError::whole(Problem::WorkbookReader {
                detail: e.to_string(),
            })
        };
        let mut fill = MergeFill::new(self.merged.clone());
        let start = if self.merged.is_empty() {
            from
        } else {
            self.start
        };
        let mut file = &self.file;
        file.seek(SeekFrom::Start(start))
            .map_err(|e| unreadable(&e))?;
        let rows = file.take(self.len.saturating_sub(start));
        let mut lines = std::io::BufReader::with_capacity(256 << 10, rows);
        let (mut line, mut at) = (Vec::new(), start);
        loop {
            line.clear();
            let read = lines
                .read_until(b'\n', &mut line)
                .map_err(|e| unreadable(&e))?;
            if read == 0 {
                return Ok(());
            }
            at += read as u64;
            let mut row = serde_json::from_slice(&line).map_err(|e| unreadable(&e))?;
            fill.fill(&mut row);
            if at > from && each(row, at)?.is_break() {
                return Ok(());
            }
        }
    }

    /// The first `count` rows, and the offset where the next starts.
    pub fn head(&self, count: usize) -> Result<(Vec<Row>, u64), ReadError> {
        let (mut rows, mut next) = (Vec::new(), self.start);
        if count > 0 {
            self.each(self.start, |row, end| {
                rows.push(row);
                next = end;
                Ok(if rows.len() < count {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                })
            })?;
        }
        Ok((rows, next))
    }
}

/// Reads one sheet of a workbook: `sheet`, or the first holding what is `wanted` (see
/// [`read_here`]).
pub fn read(
    name: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    wanted: Wanted,
) -> Result<(SheetRows, Source)> {
    if IN_CHILD.load(Ordering::Relaxed) {
        return read_in_child(name, bytes, sheet, wanted);
    }
    let mut kept = Kept::default();
    read_here(name, &bytes, sheet, wanted, &mut kept)?;
    let source = kept
        .source
        .ok_or_else(|| reader_failed(name, &"no sheet read"))?;
    Ok((SheetRows::Memory(kept.rows), source))
}

/// Runs `aidcat __workbook` on the bytes, its answer written to a temporary file; a
/// child that ends any other way than with rows or a located error read a damaged (or
/// hostile) workbook.
fn read_in_child(
    name: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    wanted: Wanted,
) -> Result<(SheetRows, Source)> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().map_err(|e| reader_failed(name, &e))?;
    let answer = tempfile::tempfile().map_err(|e| reader_failed(name, &e))?;
    let answer_out = answer.try_clone().map_err(|e| reader_failed(name, &e))?;
    let mut command = Command::new(exe);
    command.args(["__workbook", "--name", name]);
    if let Some(sheet) = sheet {
        command.args(["--sheet", sheet]);
    }
    if wanted == Wanted::Plan {
        command.arg("--plan");
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::from(answer_out))
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| reader_failed(name, &e))?;
    let mut input = child.stdin.take();
    // Written from another thread while this one reads, so neither pipe fills and stalls.
    let writer = std::thread::spawn(move || {
        if let Some(input) = &mut input {
            let _ = input.write_all(&bytes);
        }
    });
    let mut said = Vec::new();
    if let Some(errors) = &mut child.stderr {
        let _ = errors.read_to_end(&mut said);
    }
    let status = child.wait().map_err(|e| reader_failed(name, &e))?;
    let _ = writer.join();
    if status.success() {
        let (source, spool) = Spool::open(answer).map_err(|e| reader_failed(name, &e))?;
        return Ok((SheetRows::Spooled(spool), source));
    }
    let said = String::from_utf8_lossy(&said);
    let failure = said
        .lines()
        .last()
        .and_then(|line| line.strip_prefix(CHILD_FAILURE))
        .and_then(|json| serde_json::from_str::<Failure>(json).ok());
    match (status.code(), failure) {
        // The child's own located error, as it would have been here.
        (Some(2), Some(failure)) => Err(anyhow::Error::new(failure)),
        _ => Err(Failure::error(
            name,
            Problem::WorkbookMemory {
                mib: (CHILD_MEMORY >> 20) as u64,
            },
        )),
    }
}

/// How the child's last line on standard error begins when it carries its failure (as
/// JSON), so the parent reports it in the user's language as if it had read the file.
pub const CHILD_FAILURE: &str = "aidcat-failure: ";

/// The workbook reader process could not run or answer.
fn reader_failed(name: &str, error: &dyn std::fmt::Display) -> anyhow::Error {
    let detail = error.to_string();
    Failure::error(name, Problem::WorkbookReader { detail })
}

/// Where the rows of the sheet read go: first the source they are read from, then each
/// row in order, then the sheet's cells merged down (a sheet lists them after its rows).
trait SheetSink {
    fn source(&mut self, source: &Source) -> Result<()>;
    fn row(&mut self, row: Row) -> Result<()>;
    fn merged(&mut self, merged: Vec<Merge>) -> Result<()>;
}

/// A sheet's rows kept in memory.
#[derive(Default)]
struct Kept {
    source: Option<Source>,
    rows: Vec<Row>,
}

impl SheetSink for Kept {
    fn source(&mut self, source: &Source) -> Result<()> {
        self.source = Some(source.clone());
        Ok(())
    }

    fn row(&mut self, row: Row) -> Result<()> {
        self.rows.push(row);
        Ok(())
    }

    fn merged(&mut self, merged: Vec<Merge>) -> Result<()> {
        let mut fill = MergeFill::new(merged);
        self.rows.iter_mut().for_each(|row| fill.fill(row));
        Ok(())
    }
}

/// A sheet's rows written one JSON line each (see [`Spool`]): where they are written to,
/// how far, and the line in hand.
struct JsonLines<W> {
    out: W,
    at: u64,
    line: Vec<u8>,
}

impl<W: std::io::Write> JsonLines<W> {
    fn new(out: W) -> Self {
        JsonLines {
            out,
            at: 0,
            line: Vec::new(),
        }
    }

    fn line(&mut self, value: &impl serde::Serialize) -> Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, value)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)?;
        self.at += self.line.len() as u64;
        Ok(())
    }
}

impl<W: std::io::Write> SheetSink for JsonLines<W> {
    fn source(&mut self, source: &Source) -> Result<()> {
        self.line(source)
    }

    fn row(&mut self, row: Row) -> Result<()> {
        self.line(&row)
    }

    fn merged(&mut self, merged: Vec<Merge>) -> Result<()> {
        let rows_end = self.at;
        self.line(&merged)?;
        writeln!(self.out, "{rows_end:0width$}", width = SPOOL_END_DIGITS)?;
        Ok(())
    }
}

/// How many digits the offset of a spool's merges takes, in its last line.
const SPOOL_END_DIGITS: usize = 20;

/// The child's side: reads a workbook from standard input (its allocations bounded by
/// the binary, [`CHILD_MEMORY`]), and writes the source and the rows of the sheet it
/// reads as JSON lines, each row as soon as it is read.
pub fn serve_child(name: &str, sheet: Option<&str>, wanted: Wanted) -> Result<()> {
    let mut bytes = Vec::new();
    use std::io::{Read, Write};
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| reader_failed(name, &e))?;
    let mut out = JsonLines::new(std::io::BufWriter::with_capacity(
        256 << 10,
        std::io::stdout().lock(),
    ));
    read_here(name, &bytes, sheet, wanted, &mut out)
        .and_then(|()| Ok(out.out.flush()?))
        // A located failure is the file's; any other (a full disk) is the reader's.
        .map_err(|e| {
            if e.is::<Failure>() {
                e
            } else {
                reader_failed(name, &e)
            }
        })
}

/// Why a workbook could not be opened. The library tries each format in turn and says
/// only that none fit (in English); bytes that begin as a workbook does (a zip, an OLE
/// container) are one that is damaged or locked with a password, others no workbook.
fn open_failed(bytes: &[u8]) -> Problem {
    const ENCRYPTED_PACKAGE: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    let container = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let xls_password = || {
        matches!(
            calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes)),
            Err(calamine::XlsError::Password)
        )
    };
    if container && (memchr::memmem::find(bytes, ENCRYPTED_PACKAGE).is_some() || xls_password()) {
        Problem::WorkbookPassword
    } else if container || bytes.starts_with(b"PK\x03\x04") {
        Problem::WorkbookDamaged
    } else {
        Problem::NotAWorkbook
    }
}

/// How many rows of a sheet are enough to find a header in (see
/// [`find`](super::header::find)).
pub(crate) const HEAD_ROWS: usize = HEADER_SEARCH_ROWS + MAX_HEADER_ROWS;

/// Reads one sheet of a workbook in this process into `sink`: `sheet`, or else the first
/// whose first rows hold the header of what is `wanted` (a cover or summary sheet often
/// comes first), or else the first (whose error then says what is missing). The rows
/// looked at to choose are handed on where they are the whole sheet, not read again:
/// an `.xls` or `.ods` sheet is parsed whole whatever is asked of it, and most sheets
/// are shorter than the rows a header is looked for in.
fn read_here(
    name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    wanted: Wanted,
    sink: &mut dyn SheetSink,
) -> Result<()> {
    let mut book = Book::open(name, bytes)?;
    let names = book.sheet_names();
    let in_order = book.sheet_names_visible_first();
    let limit = book.rows_to_choose_by();
    let (mut whole_sheet, mut others) = (None, Vec::new());
    let chosen = match sheet {
        Some(named) if !names.iter().any(|n| n == named) => {
            let problem = Problem::NoSuchSheet {
                file: name.to_owned(),
                sheets: names.clone(),
            };
            return Err(Failure::error(format!("--sheet {named}"), problem));
        }
        Some(named) => named,
        None => {
            let Some(first) = names.first() else {
                return Err(Failure::error(name, Problem::NoSheets));
            };
            let mut found = None;
            for sheet in &in_order {
                let Some((head, whole)) = head_of(&mut book, sheet, name, limit) else {
                    continue;
                };
                if !wanted.found_in_any_font(&head) {
                    continue;
                }
                if found.is_some() {
                    // A later catalogue is said to be there, not read.
                    others.push(sheet.clone());
                    continue;
                }
                found = Some(sheet);
                if whole {
                    whole_sheet = Some(head);
                }
                if wanted != Wanted::Catalogue {
                    break;
                }
            }
            found.unwrap_or(first)
        }
    };
    let sheets = book.sheets_hidden_or_not();
    sink.source(&Source::Workbook {
        format: book.format_name().to_owned(),
        sheet: chosen.to_owned(),
        others,
        sheets,
    })?;
    std::thread::scope(|scope| {
        let mut view = SheetView::scan(scope, bytes, book.format_name(), chosen);
        let mut hand_on = |mut row: Row| {
            // An Excel 2003 XML sheet's reader marks its rows, columns and merges itself.
            row.hide_columns(view.columns());
            row.hidden |= view.hides_row(u32::try_from(row.line).unwrap_or(u32::MAX));
            sink.row(row)
        };
        match whole_sheet {
            Some(rows) => rows.into_iter().try_for_each(&mut hand_on)?,
            None => each_row(&mut book, chosen, name, MAX_SHEET_CELLS, &mut |row| {
                hand_on(row).map(ControlFlow::Continue)
            })?,
        }
        sink.merged(view.merged())
    })
}

/// The first `limit` rows of `sheet`, and whether they are all of it; `None` where it
/// cannot be read.
fn head_of(book: &mut Book, sheet: &str, name: &str, limit: usize) -> Option<(Vec<Row>, bool)> {
    let (mut head, mut cut) = (Vec::new(), false);
    let read = each_row(book, sheet, name, MAX_SHEET_CELLS, &mut |row| {
        head.push(row);
        cut = head.len() >= limit;
        Ok(if cut {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    });
    read.is_ok().then_some((head, !cut))
}

/// The most cells a sheet may span, its rows times their width (empty cells within a
/// row count): a catalogue of a million rows spans 13 million. Past it, a sheet's rows
/// would fill the temporary file they are handed on through.
const MAX_SHEET_CELLS: u64 = 50_000_000;

/// Hands the rows of the sheet `chosen` to `each`, in order, until it says to stop. An
/// .xlsx is read cell by cell as it is stored, a row handed on as soon as its cells are
/// in: a sheet costs the memory of one row (and of the workbook's shared strings), and a
/// far cell (`XFD1048576`) makes no rectangle up to it. The other formats are read whole
/// by the workbook library, then handed on row by row.
fn each_row(
    book: &mut Book,
    chosen: &str,
    name: &str,
    max_cells: u64,
    each: &mut dyn FnMut(Row) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let cannot = |e: &dyn std::fmt::Display| {
        let problem = Problem::SheetUnreadable {
            sheet: chosen.to_owned(),
            detail: e.to_string(),
        };
        Failure::error(name, problem)
    };
    let mut cells = 0u64;
    let mut each = |row: Row| {
        cells += row.len() as u64;
        if cells > max_cells {
            let max = max_cells;
            return Err(Failure::error(name, Problem::SheetTooLarge { max }));
        }
        each(row)
    };
    let book = match book {
        Book::Xml(xml) => {
            let sheet = xml.sheet_names().iter().position(|n| n == chosen);
            return xml.each_row(sheet.unwrap_or(usize::MAX), name, &mut each);
        }
        Book::Library(book) => match &mut **book {
            Sheets::Xlsx(xlsx) => return xlsx_rows(xlsx, chosen, name, &mut each, &cannot),
            book => book,
        },
    };
    let values = book.worksheet_range(chosen).map_err(|e| cannot(&e))?;
    // Formulas are optional: a format or file without them reads by value alone.
    let formulas = book.worksheet_formula(chosen).ok();
    let Some((first_row, first_column)) = values.start() else {
        return Ok(());
    };
    let first_column = first_column as usize;
    for (offset, cells) in values.rows().enumerate() {
        let line = first_row as usize + offset + 1;
        let width = first_column + cells.len();
        if width > MAX_COLUMNS {
            return Err(too_wide(line, name));
        }
        let mut row = StoredRow::new(width);
        for (index, data) in cells.iter().enumerate() {
            let column = first_column + index;
            let formula = formulas
                .as_ref()
                .and_then(|f| f.get_value((line as u32 - 1, column as u32)));
            row.set(column, data, formula.map(String::as_str), None);
        }
        if each(row.into_row(line))?.is_break() {
            break;
        }
    }
    Ok(())
}

/// An .xlsx sheet's rows, read cell by cell with their formulas; only rows that hold
/// cells are made. Excel and LibreOffice store rows in the order of their numbers, and
/// each row's cells together: a row is handed on once a later one begins. A cell of a
/// row before the one being filled (a row stored out of order, or twice) is an error, as
/// its row cannot be read whole.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
    name: &str,
    each: &mut dyn FnMut(Row) -> Result<ControlFlow<()>>,
    cannot: &dyn Fn(&dyn std::fmt::Display) -> anyhow::Error,
) -> Result<()> {
    let mut reader = xlsx.worksheet_cells_reader(sheet).map_err(|e| cannot(&e))?;
    // The row being filled: its number, and its cells so far.
    let mut filling = (u32::MAX, StoredRow::new(0));
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| cannot(&e))? {
        let (row_number, column) = cell.pos;
        if column as usize >= MAX_COLUMNS {
            return Err(too_wide(row_number as usize + 1, name));
        }
        let value: Data = cell.value.into();
        let formula = cell.formula.as_deref().filter(|f| !f.trim().is_empty());
        if value == Data::Empty && formula.is_none() {
            continue;
        }
        if row_number < filling.0 && !filling.1.is_empty() {
            let after = filling.0 as usize + 1;
            let problem = Problem::RowsOutOfOrder { after };
            return Err(ReadError::at(row_number as usize + 1, None, problem).located(name));
        }
        if row_number != filling.0 {
            let (number, row) = std::mem::replace(&mut filling, (row_number, StoredRow::new(0)));
            if !row.is_empty() && each(row.into_row(number as usize + 1))?.is_break() {
                return Ok(());
            }
        }
        filling.1.set(column as usize, &value, formula, None);
    }
    let (number, row) = filling;
    if !row.is_empty() {
        // The last row: whether to go on no longer matters.
        let _ = each(row.into_row(number as usize + 1))?;
    }
    Ok(())
}

/// A row too wide to read.
fn too_wide(line: usize, name: &str) -> anyhow::Error {
    ReadError::at(line, None, Problem::TooManyCells { max: MAX_COLUMNS }).located(name)
}

/// A workbook row being filled: each cell's text, stored number and formula.
#[derive(Default)]
pub(super) struct StoredRow {
    texts: Vec<String>,
    numbers: Vec<Option<rust_decimal::Decimal>>,
    formulas: Vec<Option<String>>,
}

impl StoredRow {
    pub(super) fn new(width: usize) -> Self {
        StoredRow {
            texts: vec![String::new(); width],
            numbers: vec![None; width],
            formulas: vec![None; width],
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Sets cell `column` (from 0) from what the workbook stored there, its formula in A1
    /// notation; `r1c1_row`: the cell's row where the formula is written in R1C1 notation.
    pub(super) fn set(
        &mut self,
        column: usize,
        data: &Data,
        formula: Option<&str>,
        r1c1_row: Option<usize>,
    ) {
        if self.texts.len() <= column {
            self.texts.resize(column + 1, String::new());
            self.numbers.resize(column + 1, None);
            self.formulas.resize(column + 1, None);
        }
        let (text, exact) = cell(data);
        self.numbers[column] = exact.and_then(Result::ok);
        let formula = formula.filter(|f| !f.trim().is_empty()).map(|formula| {
            let r1c1_cell = r1c1_row.map(|row| (row, column + 1));
            formula::in_a1(formula, r1c1_cell)
        });
        // A formula saved without its value (by a program that computes none) reads as
        // itself: an amount says so, a text shows it.
        self.texts[column] = match (data, &formula) {
            (Data::Empty, Some(formula)) => formula.clone(),
            _ => text,
        };
        if formula.is_some() {
            self.formulas[column] = formula;
        }
    }

    pub(super) fn into_row(self, line: usize) -> Row {
        Row::text(line, self.texts).stored(self.numbers, self.formulas)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates read as day/month/year, as a spreadsheet shows them (a period over two date
    /// columns reads by its years), not as the spreadsheet's count of days.
    #[test]
    fn a_date_cell_reads_as_its_day_month_and_year() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = |serial| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(cell(&date(44348.0)).0, "01/06/2021");
        assert_eq!(cell(&date(46022.5)).0, "31/12/2025");
        // Out of range: the library's bounds hold, no panic.
        for serial in [-1.0, f64::NAN, 1e300] {
            let _ = cell(&date(serial));
        }
        let iso = |text: &str| cell(&Data::DateTimeIso(text.into())).0;
        assert_eq!(iso("2021-06-01"), "01/06/2021");
        assert_eq!(iso("2021-06-01T08:00:00"), "01/06/2021");
        assert_eq!(iso("2021-6-1"), "2021-6-1");
        assert_eq!(
            crate::period::parse(&format!("{}-{}", cell(&date(44348.0)).0, iso("2023-12-31"))),
            Ok(Some(crate::period::Period {
                start: 2021,
                end: 2023
            }))
        );
    }

    /// Read in this process (as on systems without the child process), a workbook gives
    /// the rows of the first sheet holding a catalogue's header, with stored numbers and
    /// formulas, rows without cells left out, the source naming the sheet.
    #[test]
    fn a_workbook_read_in_process_gives_the_catalogue_sheet_rows() {
        use rust_xlsxwriter::{Formula, Workbook};
        let mut book = Workbook::new();
        let cover = book.add_worksheet().set_name("Bìa").unwrap();
        cover
            .write_string(0, 0, "Danh mục dự án vận động viện trợ")
            .unwrap();
        let sheet = book.add_worksheet().set_name("Danh mục").unwrap();
        let header = [
            "STT",
            "Tên dự án",
            "Tổng vốn",
            "Vốn viện trợ",
            "Vốn đối ứng",
        ];
        for (column, label) in header.iter().enumerate() {
            sheet.write_string(0, column as u16, *label).unwrap();
        }
        sheet.write_string(2, 0, "1").unwrap();
        sheet.write_string(2, 1, "Trạm y tế").unwrap();
        sheet
            .write_formula(2, 2, Formula::new("=D3+E3").set_result("1000.5"))
            .unwrap();
        sheet.write_number(2, 3, 800.5).unwrap();
        sheet.write_number(2, 4, 200).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let (rows, source) = read("book.xlsx", bytes.clone(), None, Wanted::Catalogue).unwrap();
        let SheetRows::Memory(rows) = rows else {
            panic!("read in this process, the rows are in memory");
        };
        assert_eq!(
            source,
            Source::Workbook {
                format: "xlsx".to_owned(),
                sheet: "Danh mục".to_owned(),
                others: Vec::new(),
                sheets: vec![("Bìa".to_owned(), false), ("Danh mục".to_owned(), false)],
            }
        );
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(rows[0].cells().collect::<Vec<_>>(), header);
        let project = &rows[1];
        assert_eq!(project.cell(2), "1000.5");
        assert_eq!(project.formula(2), Some("=D3+E3"));
        assert_eq!(project.number(3), Some(rust_decimal::Decimal::new(8005, 1)));
        assert_eq!(project.number(4), Some(rust_decimal::Decimal::from(200)));
        assert_eq!(project.formula(3), None);
        // Named, the cover sheet is read as asked.
        let (rows, _) = read("book.xlsx", bytes, Some("Bìa"), Wanted::Catalogue).unwrap();
        let SheetRows::Memory(rows) = rows else {
            panic!("read in this process, the rows are in memory");
        };
        assert_eq!(rows.len(), 1);
    }

    /// A cell merged down shows its text on the rows below it, read in this process or
    /// through a spool read from a row after the one the merge starts on (the rows
    /// before are read again for it).
    #[test]
    fn merged_cells_reach_the_rows_in_memory_and_through_a_spool() {
        let books: [(&str, &[u8]); 3] = [
            (
                "merged.xlsx",
                include_bytes!("../../tests/fixtures/catalogue-merged-down.xlsx"),
            ),
            (
                "merged.ods",
                include_bytes!("../../tests/fixtures/catalogue-merged-down.ods"),
            ),
            (
                "merged.xls",
                include_bytes!("../../tests/fixtures/catalogue-merged-down.xls"),
            ),
        ];
        let owner = |rows: &[Row], line| {
            let row = rows.iter().find(|r| r.line == line);
            row.map(|row| row.shown(2).to_owned())
        };
        for (name, bytes) in books {
            let (rows, _) = read(name, bytes.to_vec(), None, Wanted::Catalogue).unwrap();
            let SheetRows::Memory(rows) = rows else {
                panic!("read in this process, the rows are in memory");
            };
            assert_eq!(owner(&rows, 6).as_deref(), Some("Sở Y tế"), "{name}");
            assert_eq!(rows.iter().find(|r| r.line == 6).unwrap().cell(2), "");
            let file = tempfile::tempfile().unwrap();
            let mut out = JsonLines::new(file.try_clone().unwrap());
            read_here(name, bytes, None, Wanted::Catalogue, &mut out).unwrap();
            let (_, spool) = Spool::open(file).unwrap();
            let (head, from) = spool.head(5).unwrap();
            let mut rest = Vec::new();
            spool
                .each(from, |row, _| {
                    rest.push(row);
                    Ok(ControlFlow::Continue(()))
                })
                .unwrap();
            assert_eq!(owner(&rest, 6).as_deref(), Some("Sở Y tế"), "{name}");
            assert_eq!(
                owner(&rest, 9).as_deref(),
                Some("UBND huyện Mỹ Tú"),
                "{name}"
            );
            assert_eq!([head, rest].concat(), rows, "{name}");
        }
    }

    /// A sheet whose rows span more cells than aidcat reads (a cell far to the right on
    /// every row) stops with an error saying so, at the row that passes the bound.
    #[test]
    fn a_sheet_spanning_too_many_cells_is_refused() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for row in 0..10 {
            sheet.write_string(row, 0, "a").unwrap();
            sheet.write_string(row, 999, "far").unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let mut sheets = Book::open("wide.xlsx", &bytes).unwrap();
        let mut rows = 0;
        let read = each_row(&mut sheets, "Sheet1", "wide.xlsx", 5_000, &mut |row| {
            assert_eq!(row.len(), 1000);
            rows += 1;
            Ok(ControlFlow::Continue(()))
        });
        let failure = read.unwrap_err().downcast::<Failure>().unwrap();
        assert_eq!(failure.problem, Problem::SheetTooLarge { max: 5_000 });
        assert_eq!(rows, 5);
    }

    /// A cell of a row stored after a later row (a hostile or broken writer) is an error
    /// at that row: its row cannot be read whole.
    #[test]
    fn a_row_stored_out_of_order_is_an_error() {
        use std::io::{Read, Write};
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for row in 0..3 {
            sheet.write_string(row, 0, "a").unwrap();
        }
        let written = book.save_to_buffer().unwrap();
        // The third row's cell says it is in the first row.
        let mut archive = zip::ZipArchive::new(Cursor::new(written)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for index in 0..archive.len() {
            let mut part = archive.by_index(index).unwrap();
            let name = part.name().unwrap().into_owned();
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                text = text.replace("<c r=\"A3\"", "<c r=\"A1\"");
            }
            let options = zip::write::SimpleFileOptions::default();
            out.start_file(name, options).unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        let bytes = out.finish().unwrap().into_inner();
        let mut sheets = Book::open("odd.xlsx", &bytes).unwrap();
        let mut lines = Vec::new();
        let read = each_row(
            &mut sheets,
            "Sheet1",
            "odd.xlsx",
            MAX_SHEET_CELLS,
            &mut |row| {
                lines.push(row.line);
                Ok(ControlFlow::Continue(()))
            },
        );
        let failure = read.unwrap_err().downcast::<Failure>().unwrap();
        assert_eq!(failure.problem, Problem::RowsOutOfOrder { after: 2 });
        assert_eq!(failure.line, Some(1));
        assert_eq!(lines, [1]);
    }

    #[test]
    fn float_noise_is_rounded_to_nine_decimals() {
        assert_eq!(
            shortest_within_nine_decimals(38305.310000000005),
            "38305.31"
        );
        assert_eq!(shortest_within_nine_decimals(0.1 + 0.2), "0.3");
        assert_eq!(shortest_within_nine_decimals(2016.5), "2016.5");
        assert_eq!(shortest_within_nine_decimals(132716.0), "132716");
    }
}
