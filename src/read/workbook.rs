//! Workbooks (`.xlsx`, `.xls`, `.ods`) → rows, with the same rules as text files after
//! that: numbers stored as numbers are taken exactly, formulas by their cached value
//! (and kept, for `check` to show), numbers stored as text by the file's convention.
//!
//! Merged cells read as their top-left cell: a sector name merged across columns is the
//! name, and a number merged down rows counts once, on its first row, as the user sees it.

use super::pipeline::Wanted;
use super::rows::{MAX_COLUMNS, Row};
use super::{ReadError, Source};
use crate::number::{self, Convention};
use crate::problem::{Failure, Problem};
use crate::text::clean_cell;
use anyhow::Result;
use calamine::{Data, Range, Reader, Sheets, open_workbook_auto_from_rs};
use std::io::Cursor;
use std::sync::atomic::{AtomicBool, Ordering};

/// Is this file a workbook, by its name or its first bytes (zip or OLE container)?
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let by_name = matches!(
        extension.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    );
    by_name || bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn format_name<RS>(sheets: &Sheets<RS>) -> &'static str {
    match sheets {
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xls(_) => "xls",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
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
        other => (other.to_string(), None),
    }
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

/// The address space a workbook's child process may use. The workbook library sizes
/// some allocations from what a file declares: past this bound the child, not aidcat,
/// ends, and the file is reported as damaged.
#[cfg(unix)]
const CHILD_ADDRESS_SPACE: u64 = 1 << 30;

/// Parses every workbook from now on in a child process bounded in memory (Unix; on
/// other systems workbooks are parsed in process, behind the panic boundary only).
pub fn read_in_child_processes() {
    IN_CHILD.store(true, Ordering::Relaxed);
}

/// Reads one sheet of a workbook into rows: `sheet`, or the first holding what is
/// `wanted` (see [`read_here`]).
pub fn read(
    name: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    wanted: Wanted,
) -> Result<(Vec<Row>, Source)> {
    #[cfg(unix)]
    if IN_CHILD.load(Ordering::Relaxed) {
        return read_in_child(name, bytes, sheet, wanted);
    }
    read_here(name, bytes, sheet, wanted)
}

/// Runs `aidcat __workbook` on the bytes and takes its rows; a child that ends any other
/// way than with rows or a located error read a damaged (or hostile) workbook.
#[cfg(unix)]
fn read_in_child(
    name: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    wanted: Wanted,
) -> Result<(Vec<Row>, Source)> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().map_err(|e| reader_failed(name, &e))?;
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
        .stdout(Stdio::piped())
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
    let mut errors = child.stderr.take();
    let error_reader = std::thread::spawn(move || {
        let mut said = Vec::new();
        if let Some(errors) = &mut errors {
            let _ = errors.read_to_end(&mut said);
        }
        said
    });
    // The rows are taken as they come, not after the whole answer is in memory: its
    // text is several times the size of the rows.
    let read = match child.stdout.take() {
        Some(answer) => serde_json::from_reader(std::io::BufReader::new(answer)),
        None => Err(serde_json::Error::io(std::io::ErrorKind::BrokenPipe.into())),
    };
    let status = child.wait().map_err(|e| reader_failed(name, &e))?;
    let _ = writer.join();
    let said = error_reader.join().unwrap_or_default();
    if status.success() {
        return read.map_err(|e| reader_failed(name, &e));
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
                mib: CHILD_ADDRESS_SPACE >> 20,
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

/// The child's side: reads a workbook from standard input, with its address space
/// bounded, and writes its rows and source as JSON.
pub fn serve_child(name: &str, sheet: Option<&str>, wanted: Wanted) -> Result<()> {
    #[cfg(unix)]
    let _ = rlimit::Resource::AS.set(CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE);
    let mut bytes = Vec::new();
    use std::io::Read;
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| reader_failed(name, &e))?;
    let read = read_here(name, bytes, sheet, wanted)?;
    let stdout = std::io::stdout().lock();
    serde_json::to_writer(std::io::BufWriter::new(stdout), &read)?;
    Ok(())
}

/// Why a workbook could not be opened. The library tries each format in turn and says
/// only that none fit; bytes that begin as a workbook does (a zip, an OLE container) are
/// one that is damaged or locked with a password, not a file of another kind.
fn open_failed(bytes: &[u8], error: &calamine::Error) -> Problem {
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
        Problem::WorkbookOpen {
            detail: error.to_string(),
        }
    }
}

/// Reads one sheet of a workbook in this process: `sheet`, or else the first whose rows
/// hold the header of what is `wanted` (a cover or summary sheet often comes first),
/// or else the first (whose error then says what is missing).
fn read_here(
    name: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    wanted: Wanted,
) -> Result<(Vec<Row>, Source)> {
    screen_zip(name, &bytes)?;
    let mut book = match open_workbook_auto_from_rs(Cursor::new(&bytes)) {
        Ok(book) => book,
        Err(error) => return Err(Failure::error(name, open_failed(&bytes, &error))),
    };
    let names = book.sheet_names();
    if let Some(named) = sheet {
        if !names.iter().any(|n| n == named) {
            let problem = Problem::NoSuchSheet {
                file: name.to_owned(),
                sheets: names.clone(),
            };
            return Err(Failure::error(format!("--sheet {named}"), problem));
        }
        return read_sheet(&mut book, named, name);
    }
    let Some((first, others)) = names.split_first() else {
        return Err(Failure::error(name, Problem::NoSheets));
    };
    let read = read_sheet(&mut book, first, name);
    if read.as_ref().is_ok_and(|(rows, _)| wanted.found_in(rows)) {
        return read;
    }
    for other in others {
        if let Ok(found) = read_sheet(&mut book, other, name)
            && wanted.found_in(&found.0)
        {
            return Ok(found);
        }
    }
    read
}

/// The rows of the sheet `chosen`.
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    chosen: &str,
    name: &str,
) -> Result<(Vec<Row>, Source)> {
    let cannot = |e: &dyn std::fmt::Display| {
        let problem = Problem::SheetUnreadable {
            sheet: chosen.to_owned(),
            detail: e.to_string(),
        };
        Failure::error(name, problem)
    };
    // An .xlsx is read cell by cell: a far cell (`XFD1048576`) must not make the library
    // allocate the whole rectangle up to it.
    if let Sheets::Xlsx(xlsx) = book {
        let rows = xlsx_rows(xlsx, chosen, name).map_err(|e| cannot(&e))?;
        let source = Source::Workbook {
            format: "xlsx".to_owned(),
            sheet: chosen.to_owned(),
        };
        return Ok((rows?, source));
    }
    let values = book.worksheet_range(chosen).map_err(|e| cannot(&e))?;
    // Formulas are optional: a format or file without them reads by value alone.
    let formulas = book.worksheet_formula(chosen).ok();
    let source = Source::Workbook {
        format: format_name(book).to_owned(),
        sheet: chosen.to_owned(),
    };
    Ok((rows(&values, formulas.as_ref(), name)?, source))
}

/// An .xlsx sheet's rows, read cell by cell; only rows that hold cells are made.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
    name: &str,
) -> Result<Result<Vec<Row>>, calamine::XlsxError> {
    let too_wide = |row: u32| {
        ReadError::at(
            row as usize + 1,
            None,
            Problem::TooManyCells { max: MAX_COLUMNS },
        )
        .located(name)
    };
    let mut cells: std::collections::BTreeMap<u32, Vec<(u32, Data)>> = Default::default();
    let mut reader = xlsx.worksheet_cells_reader(sheet)?;
    while let Some(cell) = reader.next_cell()? {
        let (row, column) = cell.get_position();
        if column as usize >= MAX_COLUMNS {
            return Ok(Err(too_wide(row)));
        }
        let value: Data = cell.get_value().clone().into();
        if value != Data::Empty {
            cells.entry(row).or_default().push((column, value));
        }
    }
    drop(reader);
    let mut formulas: std::collections::HashMap<(u32, u32), String> = Default::default();
    if let Ok(mut reader) = xlsx.worksheet_cells_reader(sheet) {
        while let Ok(Some(cell)) = reader.next_formula() {
            let (row, column) = cell.get_position();
            if !cell.get_value().is_empty() && cells.contains_key(&row) {
                formulas.insert((row, column), cell.get_value().clone());
            }
        }
    }
    let rows = cells
        .into_iter()
        .map(|(row, values)| {
            let width = values
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut texts = vec![String::new(); width];
            let mut numbers = vec![None; width];
            let mut cell_formulas = vec![None; width];
            for (column, data) in values {
                let column_index = column as usize;
                let (text, exact) = cell(&data);
                texts[column_index] = text;
                numbers[column_index] = exact.and_then(Result::ok);
                if let Some(formula) = formulas.remove(&(row, column)) {
                    cell_formulas[column_index] =
                        Some(format!("={}", formula.trim_start_matches('=')));
                }
            }
            Row::text(row as usize + 1, texts).stored(numbers, cell_formulas)
        })
        .collect();
    Ok(Ok(rows))
}

fn rows(values: &Range<Data>, formulas: Option<&Range<String>>, name: &str) -> Result<Vec<Row>> {
    let Some((first_row, first_column)) = values.start() else {
        return Ok(Vec::new());
    };
    let first_column = first_column as usize;
    let mut rows = Vec::with_capacity(values.height());
    for (offset, cells) in values.rows().enumerate() {
        let line = first_row as usize + offset + 1;
        let width = first_column + cells.len();
        if width > MAX_COLUMNS {
            return Err(
                ReadError::at(line, None, Problem::TooManyCells { max: MAX_COLUMNS }).located(name),
            );
        }
        let mut texts = vec![String::new(); width];
        let mut numbers = vec![None; width];
        let mut cell_formulas = vec![None; width];
        for (index, data) in cells.iter().enumerate() {
            let column = first_column + index;
            let (text, exact) = cell(data);
            texts[column] = text;
            numbers[column] = exact.and_then(Result::ok);
            let formula = formulas.and_then(|f| f.get_value((line as u32 - 1, column as u32)));
            if let Some(formula) = formula.filter(|f| !f.is_empty()) {
                cell_formulas[column] = Some(format!("={}", formula.trim_start_matches('=')));
            }
        }
        rows.push(Row::text(line, texts).stored(numbers, cell_formulas));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::shortest_within_nine_decimals;

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
