//! Streaming the tidy layout: large one-row-per-project files are read in blocks by
//! every core, record by record, without holding the file or its cells in memory.
//!
//! The file is cut into one byte range per thread at line starts. A thread parses its
//! range and may read past its end to finish its last record; it then knows whether the
//! next range really began at a record (a quoted cell could hold a line break). If any
//! cut fell inside a record, the file is read again by one thread. Anything this reader
//! is not sure to read exactly as the in-memory reader does (another encoding, lone
//! carriage returns, text after a closing quote, a grand-total row) makes it step aside,
//! and the command reads the file in memory instead.

use super::catalogue::{CatalogueRole, catalogue_from_table, is_grand_total, is_grand_total_label};
use super::header::{self, Header};
use super::rows::{self, MAX_CELL_BYTES, MAX_COLUMNS, Row};
use super::{ReadOptions, Source, Table, TextEncoding};
use crate::model::{Catalogue, Layout};
use crate::number::{self, Convention, Evidence};
use crate::text::clean_cell;
use anyhow::Result;
use memchr::{memchr, memchr2};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// Files smaller than this are read in memory: streaming pays off only on large files.
pub const STREAM_FROM_BYTES: u64 = 1 << 20;
/// How much of the file is read to find the header, convention and metadata.
const SAMPLE_BYTES: usize = 256 << 10;
/// The block each thread reads at a time.
const BLOCK_BYTES: usize = 1 << 20;

/// A tidy file ready to stream: what its first megabyte says about it.
pub struct Stream {
    /// The file's metadata, header line, columns and number convention; no projects.
    pub catalogue: Catalogue,
    pub header: Header<CatalogueRole>,
    header_row: Row,
    file: File,
    data_start: u64,
    /// The line the first data byte is on.
    pub data_line: usize,
    len: u64,
    delimiter: u8,
    /// Bytes parsed so far, for a progress bar.
    pub progress: AtomicU64,
}

/// One cell of a record: a byte range of the block, and whether it was quoted.
#[derive(Debug, Clone, Copy)]
struct Field {
    start: usize,
    end: usize,
    quoted: bool,
}

/// A record as the streaming reader sees it, its cells still raw bytes.
pub struct Record<'a> {
    /// The line it starts on, counted from its thread's first line (see [`Sink::finish`]).
    pub line: usize,
    buf: &'a [u8],
    fields: &'a [Field],
}

impl Record<'_> {
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The raw bytes of a cell (quotes removed, doubled quotes still doubled).
    pub fn raw(&self, index: usize) -> &[u8] {
        self.fields
            .get(index)
            .map_or(&[][..], |f| &self.buf[f.start..f.end])
    }

    /// A cell's text as the in-memory reader has it before cleaning: in a quoted cell,
    /// doubled quotes undone and CRLF line breaks read as LF.
    pub fn text(&self, index: usize) -> Cow<'_, str> {
        let raw = self.raw(index);
        let quoted = self.fields.get(index).is_some_and(|f| f.quoted);
        match String::from_utf8_lossy(raw) {
            Cow::Borrowed(text) if quoted && (text.contains("\"\"") || text.contains('\r')) => {
                Cow::Owned(text.replace("\"\"", "\"").replace("\r\n", "\n"))
            }
            other => other,
        }
    }

    /// The record as the in-memory reader would have it: cells cleaned.
    pub fn to_row(&self, line: usize) -> Row {
        Row::text(
            line,
            (0..self.len()).map(|i| clean_cell(&self.text(i))).collect(),
        )
    }
}

/// What a command does with each record. One sink per thread; sinks are combined in
/// file order afterwards.
pub trait Sink: Send {
    fn record(&mut self, record: &Record<'_>) -> Result<(), Abandon>;
    /// Called once the thread is done, with the line its first record is on.
    fn finish(&mut self, first_line: usize);
}

/// Why streaming gave up on a file: the command reads it in memory instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abandon {
    /// Something the streaming reader does not read exactly as the in-memory one.
    Unusual,
    /// A cut between two threads fell inside a record: read again with one thread.
    Misaligned,
}

impl Stream {
    /// Prepares to stream `path`, or `None` when the file should be read in memory: a
    /// small file, standard input, a workbook, another encoding, the published layout,
    /// or anything the sample does not settle.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<Option<Stream>> {
        Self::open_from(path, options, STREAM_FROM_BYTES)
    }

    /// [`Stream::open`] for files of at least `min_bytes`; the fuzzer streams small ones.
    pub fn open_from(path: &Path, options: &ReadOptions, min_bytes: u64) -> Result<Option<Stream>> {
        if path.as_os_str() == "-" || options.sheet.is_some() {
            return Ok(None);
        }
        let Ok(file) = File::open(path) else {
            return Ok(None);
        };
        let len = file.metadata()?.len();
        if len < min_bytes.max(1) || !matches!(options.encoding, None | Some(TextEncoding::Utf8)) {
            return Ok(None);
        }
        // The sample covers the delimiter's window whole, past a byte-order mark and a
        // character cut at its end, so the delimiter is decided as in memory.
        let mut sample = vec![0; (SAMPLE_BYTES.max(rows::DELIMITER_WINDOW) + 8).min(len as usize)];
        file.read_exact_at(&mut sample, 0)?;
        let bom = if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        let Some(last_newline) = sample.iter().rposition(|&b| b == b'\n') else {
            return Ok(None);
        };
        let body = &sample[bom..=last_newline];
        if !plain_text(body) || super::workbook::is_workbook(&path.display().to_string(), &sample) {
            return Ok(None);
        }
        let Ok(text) = std::str::from_utf8(body) else {
            return Ok(None);
        };
        let window = match std::str::from_utf8(&sample[bom..]) {
            Ok(all) => all,
            // A character cut by the end of the sample is no error; a bad byte is.
            Err(error) if error.error_len().is_none() => {
                std::str::from_utf8(&sample[bom..bom + error.valid_up_to()]).unwrap_or_default()
            }
            Err(_) => return Ok(None),
        };
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| rows::detect_delimiter(window));
        let Ok(delimiter_byte) = u8::try_from(delimiter) else {
            return Ok(None);
        };
        let Ok(sample_rows) = rows::split(text, delimiter) else {
            return Ok(None);
        };
        let Ok((header_index, header)) = header::find::<CatalogueRole>(&sample_rows) else {
            return Ok(None);
        };
        let Some(first_data) = sample_rows.get(header_index + 1) else {
            return Ok(None);
        };
        let header_row = sample_rows[header_index].clone();
        let data_line = first_data.line;
        // The byte where the first data line starts.
        let data_start = bom as u64
            + memchr::memchr_iter(b'\n', body)
                .nth(data_line - 2)
                .map_or(body.len(), |i| i + 1) as u64;
        let table = Table {
            path: path.display().to_string(),
            source: Source::Text {
                encoding: TextEncoding::Utf8,
                delimiter,
            },
            rows: sample_rows,
        };
        let Ok(mut catalogue) = catalogue_from_table(table, options) else {
            return Ok(None);
        };
        if catalogue.layout != Layout::Tidy || catalogue.grand_total.is_some() {
            return Ok(None);
        }
        catalogue.sectors.clear();
        catalogue.bad_cells.clear();
        catalogue.ragged_rows.clear();
        Ok(Some(Stream {
            catalogue,
            header,
            header_row,
            file,
            data_start,
            data_line,
            len,
            delimiter: delimiter_byte,
            progress: AtomicU64::new(0),
        }))
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The header row, to rebuild a table of some records for the in-memory rules.
    pub fn header_row(&self) -> &Row {
        &self.header_row
    }

    /// Streams every record through one sink per thread, made by `make_sink`, and
    /// returns the sinks in file order. `Err(Abandon::Unusual)` means: read it in memory.
    pub fn run<S: Sink>(
        &self,
        make_sink: impl Fn() -> S + Sync,
    ) -> Result<Result<Vec<S>, Abandon>> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let threads = if self.len - self.data_start < 2 * BLOCK_BYTES as u64 {
            1
        } else {
            threads
        };
        match self.run_with(threads, &make_sink)? {
            Err(Abandon::Misaligned) => {
                self.progress.store(0, Ordering::Relaxed);
                self.run_with(1, &make_sink)
            }
            other => Ok(other),
        }
    }

    /// Streams through sinks that read amounts, and keeps their work only if the whole
    /// file decides the number convention as its first bytes did; `Ok(None)` means: read
    /// the file in memory (see [`Stream::run`] and [`MoneyReader::agree`]).
    pub fn run_reading_money<S: Sink>(
        &self,
        options: &ReadOptions,
        make_sink: impl Fn() -> S + Sync,
        money: impl Fn(&S) -> &MoneyReader,
    ) -> Result<Option<Vec<S>>> {
        let Ok(sinks) = self.run(make_sink)? else {
            return Ok(None);
        };
        let readers: Vec<&MoneyReader> = sinks.iter().map(money).collect();
        Ok(MoneyReader::agree(&readers, self, options).then_some(sinks))
    }

    /// Streams with one thread: records reach the single sink in file order.
    pub fn run_single<S: Sink>(&self, make_sink: impl Fn() -> S + Sync) -> Result<Vec<S>> {
        match self.run_with(1, &make_sink)? {
            Ok(sinks) => Ok(sinks),
            Err(_) => Err(anyhow::anyhow!(
                "{}: the file changed while it was read",
                self.catalogue.path
            )),
        }
    }

    fn run_with<S: Sink>(
        &self,
        threads: usize,
        make_sink: &(impl Fn() -> S + Sync),
    ) -> Result<Result<Vec<S>, Abandon>> {
        let span = self.len - self.data_start;
        let mut starts = vec![self.data_start];
        for k in 1..threads {
            let nominal = self.data_start + span * k as u64 / threads as u64;
            let start = self.next_line_start(nominal)?;
            if start > *starts.last().unwrap_or(&0) && start < self.len {
                starts.push(start);
            }
        }
        let ends: Vec<u64> = starts
            .iter()
            .skip(1)
            .copied()
            .chain(std::iter::once(self.len))
            .collect();
        let results: Vec<Result<(S, usize), Abandon>> = std::thread::scope(|scope| {
            let handles: Vec<_> = starts
                .iter()
                .zip(&ends)
                .map(|(&start, &end)| {
                    scope.spawn(move || self.parse_range(start, end, make_sink()))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect::<Result<Vec<_>>>()
        })?;
        let mut sinks = Vec::with_capacity(results.len());
        let mut line = self.data_line;
        for result in results {
            match result {
                Ok((mut sink, newlines)) => {
                    sink.finish(line);
                    line += newlines;
                    sinks.push(sink);
                }
                Err(abandon) => return Ok(Err(abandon)),
            }
        }
        Ok(Ok(sinks))
    }

    /// The first line start at or after `offset`.
    fn next_line_start(&self, offset: u64) -> Result<u64> {
        let mut buf = vec![0; 64 * 1024];
        let mut at = offset;
        while at < self.len {
            let n = self.file.read_at(&mut buf, at)?;
            if n == 0 {
                break;
            }
            if let Some(i) = memchr(b'\n', &buf[..n]) {
                return Ok(at + i as u64 + 1);
            }
            at += n as u64;
        }
        Ok(self.len)
    }

    /// Parses the records starting in `[start, end)`; returns the sink and the number of
    /// line breaks consumed.
    fn parse_range<S: Sink>(
        &self,
        start: u64,
        end: u64,
        mut sink: S,
    ) -> Result<Result<(S, usize), Abandon>> {
        let mut buf: Vec<u8> = Vec::with_capacity(2 * BLOCK_BYTES);
        let mut buf_offset = start; // file offset of buf[0]
        let mut read_to = start;
        let mut at = 0usize; // next record in buf
        let mut line = 0usize; // relative line of the next record
        let mut fields: Vec<Field> = Vec::with_capacity(16);
        let mut reported = start;
        // Bytes of buf before this index have been found to be plain text.
        let mut checked = 0usize;
        loop {
            let record_offset = buf_offset + at as u64;
            if record_offset >= end {
                if !plain_text(&buf[checked..at]) {
                    return Ok(Err(Abandon::Unusual));
                }
                // The last record ended exactly where the next range begins: aligned.
                let aligned = record_offset == end;
                return Ok(if aligned {
                    Ok((sink, line))
                } else {
                    Err(Abandon::Misaligned)
                });
            }
            let eof = read_to >= self.len;
            match parse_record(&buf[at..], self.delimiter, eof, &mut fields) {
                Parsed::Record { length, newlines } => {
                    let record = Record {
                        line,
                        buf: &buf[at..at + length],
                        fields: &fields,
                    };
                    // An empty line is no record, as the in-memory reader sees it.
                    let empty_line = record.len() == 1 && record.raw(0).is_empty();
                    if !empty_line && let Err(abandon) = sink.record(&record) {
                        return Ok(Err(abandon));
                    }
                    at += length;
                    line += newlines;
                }
                Parsed::Incomplete if !eof => {
                    if !plain_text(&buf[checked..at]) {
                        return Ok(Err(Abandon::Unusual));
                    }
                    // Keep the partial record, read the next block after it.
                    buf.drain(..at);
                    checked = 0;
                    buf_offset += at as u64;
                    at = 0;
                    if buf.len() > MAX_CELL_BYTES * 2 {
                        return Ok(Err(Abandon::Unusual));
                    }
                    let old = buf.len();
                    buf.resize(old + BLOCK_BYTES, 0);
                    let n = self.file.read_at(&mut buf[old..], read_to)?;
                    buf.truncate(old + n);
                    read_to += n as u64;
                    let done = read_to.min(end);
                    self.progress
                        .fetch_add(done.saturating_sub(reported), Ordering::Relaxed);
                    reported = reported.max(done);
                }
                Parsed::Incomplete if plain_text(&buf[checked..]) => return Ok(Ok((sink, line))),
                Parsed::Incomplete => return Ok(Err(Abandon::Unusual)),
                Parsed::Unusual => return Ok(Err(Abandon::Unusual)),
            }
        }
    }
}

/// Is this run of whole records text the in-memory reader reads the same way: valid
/// UTF-8, no NUL, and no carriage return but before a line feed? Anything else (a damaged
/// byte, binary data, old Mac line ends) is left to the in-memory reader, which reports it.
fn plain_text(records: &[u8]) -> bool {
    simdutf8::basic::from_utf8(records).is_ok()
        && memchr(0, records).is_none()
        && memchr::memchr_iter(b'\r', records).all(|i| records.get(i + 1) == Some(&b'\n'))
}

enum Parsed {
    Record {
        length: usize,
        newlines: usize,
    },
    /// The record runs past the bytes at hand.
    Incomplete,
    /// A shape the in-memory reader reads differently (text after a closing quote, an
    /// unclosed quote at the end, too many cells).
    Unusual,
}

/// Parses one record at the start of `buf` into `fields`.
fn parse_record(buf: &[u8], delimiter: u8, eof: bool, fields: &mut Vec<Field>) -> Parsed {
    fields.clear();
    let mut i = 0;
    let mut newlines = 0;
    if buf.is_empty() {
        return Parsed::Incomplete;
    }
    loop {
        if fields.len() == MAX_COLUMNS {
            return Parsed::Unusual;
        }
        if buf.get(i) == Some(&b'"') {
            let mut j = i + 1;
            // Line breaks inside the quotes are counted on the way to the closing quote.
            let close = loop {
                match memchr2(b'"', b'\n', &buf[j..]) {
                    None if eof => return Parsed::Unusual,
                    None => return Parsed::Incomplete,
                    Some(k) if buf[j + k] == b'\n' => {
                        newlines += 1;
                        j += k + 1;
                    }
                    Some(k) => {
                        let q = j + k;
                        match buf.get(q + 1) {
                            Some(b'"') => j = q + 2,
                            None if !eof => return Parsed::Incomplete,
                            _ => break q,
                        }
                    }
                }
            };
            fields.push(Field {
                start: i + 1,
                end: close,
                quoted: true,
            });
            i = close + 1;
            if buf.get(i) == Some(&b'\r') {
                i += 1;
            }
            match buf.get(i) {
                Some(&b) if b == delimiter => i += 1,
                Some(b'\n') => {
                    return Parsed::Record {
                        length: i + 1,
                        newlines: newlines + 1,
                    };
                }
                None if eof => {
                    return Parsed::Record {
                        length: i,
                        newlines,
                    };
                }
                None => return Parsed::Incomplete,
                Some(_) => return Parsed::Unusual,
            }
        } else {
            match memchr2(delimiter, b'\n', &buf[i..]) {
                Some(k) => {
                    let stop = i + k;
                    let end = if buf[stop] == b'\n' && stop > i && buf[stop - 1] == b'\r' {
                        stop - 1
                    } else {
                        stop
                    };
                    fields.push(Field {
                        start: i,
                        end,
                        quoted: false,
                    });
                    if buf[stop] == b'\n' {
                        return Parsed::Record {
                            length: stop + 1,
                            newlines: newlines + 1,
                        };
                    }
                    i = stop + 1;
                }
                None if eof => {
                    fields.push(Field {
                        start: i,
                        end: buf.len(),
                        quoted: false,
                    });
                    return Parsed::Record {
                        length: buf.len(),
                        newlines,
                    };
                }
                None => return Parsed::Incomplete,
            }
        }
    }
}

/// Is this record blank, the header again, or the grand total (which the streaming
/// reader leaves to the in-memory one)? The in-memory reader decides on cleaned cells;
/// here the raw cells decide where they are sure to agree, and the cleaned row where
/// they may not (markup, a letter in the total column, a first cell like the header's).
pub fn classify(record: &Record<'_>, header: &Header<CatalogueRole>, line: usize) -> RecordKind {
    let exact = || {
        let row = record.to_row(line);
        if row.is_blank() {
            RecordKind::Blank
        } else if header.is_repeated_by(&row) {
            RecordKind::Header
        } else if is_grand_total(&row) {
            RecordKind::GrandTotal
        } else {
            RecordKind::Data
        }
    };
    if memchr(b'<', record.buf).is_some() {
        return exact();
    }
    // Cells that clean to nothing: white space only.
    let mut filled = (0..record.len()).filter(|&i| !is_white(record, i));
    let Some(lead) = filled.next() else {
        return RecordKind::Blank;
    };
    let filled_count = 1 + filled.count();
    // A repeated header by roles needs a word in the total column.
    let total = header
        .index(CatalogueRole::Total)
        .map_or(&[][..], |i| record.raw(i));
    if total
        .iter()
        .any(|b| !b.is_ascii() || b.is_ascii_alphabetic())
    {
        return exact();
    }
    let lead_text = record.text(lead);
    let lead_text = lead_text.trim();
    // A repeated header by its text has the header's cells, the first one first.
    let labels = header.labels.iter().filter(|l| !l.is_empty());
    if filled_count == labels.clone().count() {
        let settled = lead_text.is_ascii() || is_nfc_quick(lead_text.chars()) == IsNormalized::Yes;
        if !settled || labels.clone().next().is_some_and(|l| l == lead_text) {
            return exact();
        }
    }
    // The grand total's first text is `Tổng …`, `Cộng`, `Total` or `Grand total`, in any
    // case: a T, C or G, then an o, an r, or the lead byte of `ổ`/`ộ`.
    let may_be_total = match lead_text.as_bytes() {
        [a, b, ..] => {
            matches!(a.to_ascii_lowercase(), b't' | b'c' | b'g')
                && matches!(b.to_ascii_lowercase(), b'o' | b'r' | 0xE1)
        }
        _ => false,
    };
    if may_be_total && lead_text.len() <= 40 && is_grand_total_label(lead_text) {
        return RecordKind::GrandTotal;
    }
    RecordKind::Data
}

/// Does cell `index` hold only white space (so that it cleans to nothing)?
fn is_white(record: &Record<'_>, index: usize) -> bool {
    let raw = record.raw(index);
    if raw.iter().any(|b| b.is_ascii() && !b.is_ascii_whitespace()) {
        return false;
    }
    raw.is_ascii() || record.text(index).trim().is_empty()
}

/// An amount cell as the streaming reader reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    Blank,
    /// The exact amount in units of 10^-9 (see [`number::to_scaled`]).
    Value(i128),
    /// Not a number in the file's convention: the in-memory rules will report it.
    Bad,
}

impl Money {
    pub fn or_zero(self) -> i128 {
        match self {
            Money::Value(v) => v,
            Money::Blank | Money::Bad => 0,
        }
    }
}

/// Reads the three money cells of records in the file's convention, and keeps the first
/// cell of each kind of evidence about the convention, so that the whole file can be
/// checked to agree with what its first megabyte decided.
pub struct MoneyReader {
    columns: [Option<usize>; 3],
    convention: Convention,
    /// First (line, cell) proving vi, proving en, grouped as vi, grouped as en.
    evidence: [Option<(usize, String)>; 4],
}

impl MoneyReader {
    pub fn new(stream: &Stream) -> Self {
        MoneyReader {
            columns: stream.catalogue.columns.money.map(|c| c.map(|c| c - 1)),
            convention: stream.catalogue.convention(),
            evidence: Default::default(),
        }
    }

    /// Total, aid and counterpart of a record at relative `line`.
    pub fn read(&mut self, record: &Record<'_>, line: usize) -> [Money; 3] {
        self.columns.map(|column| match column {
            None => Money::Blank,
            Some(index) => self.cell(record, index, line).0,
        })
    }

    /// Total, aid and counterpart as written, each at the precision of its cell (blank
    /// and unreadable cells as zero), for reports where that precision matters.
    pub fn read_as_written(&mut self, record: &Record<'_>, line: usize) -> [Decimal; 3] {
        let convention = self.convention;
        self.columns.map(|column| match column {
            Some(index) => match self.cell(record, index, line) {
                (Money::Value(_), Some(cleaned)) => {
                    number::parse(&cleaned, convention).unwrap_or_default()
                }
                (Money::Value(_), None) => {
                    let raw = String::from_utf8_lossy(record.raw(index).trim_ascii());
                    number::parse(&raw, convention).unwrap_or_default()
                }
                _ => Decimal::ZERO,
            },
            None => Decimal::ZERO,
        })
    }

    /// Reads one amount cell. The simple shape is read from the raw bytes; anything else
    /// is cleaned first, as the in-memory reader does, and the cleaned text returned.
    fn cell(&mut self, record: &Record<'_>, index: usize, line: usize) -> (Money, Option<String>) {
        let trimmed = record.raw(index).trim_ascii();
        if let Some((value, evidence)) = number::parse_simple(trimmed, self.convention) {
            self.note(evidence, line, trimmed);
            return (Money::Value(value), None);
        }
        if trimmed.is_empty() || trimmed == b"-" {
            return (Money::Blank, None);
        }
        let text = clean_cell(&record.text(index));
        if number::is_blank(&text) {
            return (Money::Blank, Some(text));
        }
        self.note(number::evidence(&text), line, text.as_bytes());
        let money = match number::parse(&text, self.convention) {
            Ok(value) => Money::Value(number::to_scaled(value)),
            Err(_) => Money::Bad,
        };
        (money, Some(text))
    }

    fn note(&mut self, evidence: Evidence, line: usize, cell: &[u8]) {
        let slot = match evidence {
            Evidence::None => return,
            Evidence::Proves(Convention::Vi) => 0,
            Evidence::Proves(Convention::En) => 1,
            Evidence::Grouping(Convention::Vi) => 2,
            Evidence::Grouping(Convention::En) => 3,
        };
        if self.evidence[slot].is_none() {
            self.evidence[slot] = Some((line, String::from_utf8_lossy(cell).into_owned()));
        }
    }

    /// Makes relative lines absolute once the thread's first line is known.
    pub fn finish(&mut self, first_line: usize) {
        for (line, _) in self.evidence.iter_mut().flatten() {
            *line += first_line;
        }
    }

    /// Does the whole file, read by these threads in order, decide the convention the way
    /// its first megabyte did? If not, the in-memory reader must decide (or refuse).
    pub fn agree(readers: &[&MoneyReader], stream: &Stream, options: &ReadOptions) -> bool {
        let mut first: [Option<(usize, String)>; 4] = Default::default();
        for reader in readers {
            for (slot, seen) in first.iter_mut().zip(&reader.evidence) {
                if slot.is_none() {
                    slot.clone_from(seen);
                }
            }
        }
        let cells = first
            .iter()
            .flatten()
            .map(|(line, text)| (*line, text.as_str()));
        let decided = &stream.catalogue.numbers;
        let fallback = if stream.header.labels.iter().any(|l| !l.is_ascii()) {
            Convention::Vi
        } else {
            Convention::En
        };
        number::decide(cells, options.number_format, fallback).is_ok_and(|whole| {
            whole.convention == decided.convention && whole.basis == decided.basis
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Data,
    Blank,
    Header,
    GrandTotal,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, eof: bool) -> (Vec<String>, usize) {
        let mut fields = Vec::new();
        match parse_record(text.as_bytes(), b',', eof, &mut fields) {
            Parsed::Record { length, .. } => (
                fields
                    .iter()
                    .map(|f| text[f.start..f.end].to_owned())
                    .collect(),
                length,
            ),
            Parsed::Incomplete => (vec!["<incomplete>".into()], 0),
            Parsed::Unusual => (vec!["<unusual>".into()], 0),
        }
    }

    #[test]
    fn parses_quoted_and_plain_records() {
        assert_eq!(
            parse("a,\"b, c\",d\r\nnext", false),
            (vec!["a".into(), "b, c".into(), "d".into()], 12)
        );
        assert_eq!(parse("a,\"b\"\"q\"\"\"\n", false).0, ["a", "b\"\"q\"\""]);
        assert_eq!(parse("a,\"b\nc\",d\n", false).0, ["a", "b\nc", "d"]);
        assert_eq!(parse("a,b", false).0, ["<incomplete>"]);
        assert_eq!(parse("a,b", true).0, ["a", "b"]);
        assert_eq!(parse("a,\"b\"x,c\n", true).0, ["<unusual>"]);
        assert_eq!(parse("a,\"b", true).0, ["<unusual>"]);
    }
}
