//! What the officer sees of a workbook's sheet that the workbook library does not say:
//! the rows and columns it hides, and its cells merged down over several rows. The
//! sheet's XML is read for them alone, on a thread of its own beside the workbook
//! library's reading (read after it, a large sheet took 40% longer).
//!
//! Hidden rows are read as the others (Excel's sums and its CSV export count them); a note
//! says which, since a finding on one names a row the officer does not see. Hidden columns
//! are not read: they are not part of the table as the officer sees and prints it (a
//! helper column in another unit, an old figure kept beside the new), and a note names
//! them. A cell merged down (one owner, one period, one lead agency over several rows)
//! shows its text on each of them ([`Row::shown`]); a sheet lists its merges after its
//! rows, so they are given to the rows once all are read ([`MergeFill`]).

use super::document::attribute;
use super::rows::Row;
use quick_xml::events::{BytesStart, Event};
use std::collections::VecDeque;
use std::io::{BufReader, Cursor, Read};
use std::ops::RangeInclusive;
use std::sync::mpsc;

/// The largest part read whole to find a sheet's XML (the workbook and its links):
/// a few kilobytes in any real workbook.
const MAX_INDEX_BYTES: u64 = 4 << 20;

/// What a scan of a sheet finds: its hidden columns first (numbered from 1; sent once,
/// before any row), then its rows in order, then its merged cells.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Columns(Vec<RangeInclusive<u32>>),
    /// These rows (numbered from 1) are hidden.
    Hidden(RangeInclusive<u32>),
    /// Every row up to this one has been looked at.
    Through(u32),
    Merged(Vec<Merge>),
}

/// Cells merged down: rows `rows` (numbered from 1) of the column the merge starts at
/// (a cell index, from 0), the first row's cell showing on all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Merge {
    pub rows: (u32, u32),
    pub column: u32,
}

impl Merge {
    /// The merge of the cells from `first` (its row and column, numbered from 1) down to
    /// row `last_row`, if it reaches down and starts within the columns a row may have.
    pub(super) fn down(first: (u32, u32), last_row: u32) -> Option<Merge> {
        let (row, column) = first;
        (row >= 1 && last_row > row && column >= 1 && column as usize <= super::rows::MAX_COLUMNS)
            .then(|| Merge {
                rows: (row, last_row),
                column: column - 1,
            })
    }
}

/// The most merges of a sheet read: a catalogue merges an owner or a period over a few
/// projects, a few thousand merges at most.
const MAX_MERGES: usize = 1 << 20;
/// The most merges a row may be within: past them, a merge's rows show its text empty.
const MAX_OPEN_MERGES: usize = 64;

/// Gives each row of a sheet, in order, the text of the cells merged down into it
/// ([`Row::merged_down`]): the text of the merge's first cell, as that row showed it.
#[derive(Debug, Default)]
pub struct MergeFill {
    /// In the order of their first rows; those before `next` are open or done.
    merges: Vec<Merge>,
    next: usize,
    /// The merges the rows are within, and the text they show.
    open: Vec<(Merge, String)>,
}

impl MergeFill {
    pub fn new(mut merges: Vec<Merge>) -> Self {
        merges.sort_unstable_by_key(|merge| merge.rows);
        MergeFill {
            merges,
            ..MergeFill::default()
        }
    }

    /// Adds a merge that starts at or after the last row filled.
    pub fn add(&mut self, merge: Merge) {
        if self.merges.len() - self.next < MAX_MERGES {
            self.merges.push(merge);
        }
    }

    /// Gives `row` the text of the merges it is within, where its cell is empty.
    pub fn fill(&mut self, row: &mut Row) {
        let line = u32::try_from(row.line).unwrap_or(u32::MAX);
        self.open.retain(|(merge, _)| merge.rows.1 >= line);
        for (merge, text) in &self.open {
            if merge.rows.0 < line && row.cell(merge.column as usize).is_empty() {
                row.merged_down.push((merge.column, text.clone()));
            }
        }
        while let Some(&merge) = self.merges.get(self.next)
            && merge.rows.0 <= line
        {
            self.next += 1;
            let text = row.cell(merge.column as usize);
            if merge.rows.0 == line && !text.is_empty() && self.open.len() < MAX_OPEN_MERGES {
                self.open.push((merge, text.to_owned()));
            }
        }
    }
}

/// The rows and columns a sheet hides and its merged cells, as a scan on another thread
/// finds them: asked of each row in order, it waits for the scan to get past the row
/// where it has not yet.
pub struct SheetView {
    found: mpsc::Receiver<Found>,
    hidden: VecDeque<RangeInclusive<u32>>,
    /// The hidden columns, once the scan has sent them.
    columns: Option<Vec<RangeInclusive<u32>>>,
    through: u32,
    merged: Vec<Merge>,
    done: bool,
}

/// How many findings a scan may be ahead of the rows asked about.
const AHEAD: usize = 1024;

impl SheetView {
    /// Starts the scan of sheet `sheet` of the workbook in `bytes` (an `.xlsx`, `.ods` or
    /// `.xls`: `format`; another format's reader marks its rows and columns itself) on a
    /// thread of `scope`.
    pub fn scan<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        bytes: &'scope [u8],
        format: &'static str,
        sheet: &str,
    ) -> SheetView {
        let (sender, found) = mpsc::sync_channel(AHEAD);
        let scanned = matches!(format, "xlsx" | "ods" | "xls");
        if scanned {
            let sheet = sheet.to_owned();
            // A failed send: the rows were all asked about, or the reading stopped.
            scope.spawn(move || scan(bytes, format, &sheet, &mut |f| sender.send(f).is_ok()));
        }
        SheetView {
            found,
            hidden: VecDeque::new(),
            columns: None,
            through: 0,
            merged: Vec::new(),
            done: !scanned,
        }
    }

    /// Takes the scan's next finding; false once it has sent all.
    fn receive(&mut self) -> bool {
        match self.found.recv() {
            Ok(Found::Columns(columns)) => self.columns = Some(columns),
            Ok(Found::Hidden(rows)) => self.hidden.push_back(rows),
            Ok(Found::Through(through)) => self.through = through,
            Ok(Found::Merged(merged)) => self.merged = merged,
            Err(_) => self.done = true,
        }
        !self.done
    }

    /// The columns the sheet hides (numbered from 1).
    pub fn columns(&mut self) -> &[RangeInclusive<u32>] {
        while !self.done && self.columns.is_none() {
            self.receive();
        }
        self.columns.as_deref().unwrap_or_default()
    }

    /// The sheet's merged cells, once the scan is done.
    pub fn merged(mut self) -> Vec<Merge> {
        while self.receive() {}
        self.merged
    }

    /// Is row `row` hidden? Rows are asked about in order.
    pub fn hides_row(&mut self, row: u32) -> bool {
        while !self.done && self.through < row {
            self.receive();
        }
        while self.hidden.front().is_some_and(|rows| *rows.end() < row) {
            self.hidden.pop_front();
        }
        self.hidden.front().is_some_and(|rows| rows.contains(&row))
    }
}

/// The columns and rows a sheet hides, each as ranges (numbered from 1), and its merges.
#[derive(Debug, Default, PartialEq, Eq)]
struct Ranges {
    columns: Vec<RangeInclusive<u32>>,
    rows: Vec<RangeInclusive<u32>>,
    merged: Vec<Merge>,
}

/// Scans sheet `sheet` of the workbook in `bytes` for the columns and rows it hides and
/// its merged cells, telling `found` what it finds until told to stop. Where the parts
/// cannot be read, nothing is hidden or merged: the sheet is read all the same, and only
/// the note is lost.
fn scan(bytes: &[u8], format: &str, sheet: &str, found: &mut dyn FnMut(Found) -> bool) {
    let mut each_range = |ranges: Ranges| {
        if !found(Found::Columns(ranges.columns)) {
            return;
        }
        for rows in ranges.rows {
            if !found(Found::Hidden(rows)) {
                return;
            }
        }
        found(Found::Merged(ranges.merged));
    };
    if format == "xls" {
        return each_range(xls_view(bytes, sheet).unwrap_or_default());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return;
    };
    match format {
        "xlsx" => {
            if let Some(path) = xlsx_sheet_path(&mut archive, sheet)
                && let Ok(part) = archive.by_name(&path)
            {
                xlsx_view(part, found);
            }
        }
        "ods" => {
            if let Ok(part) = archive.by_name("content.xml") {
                each_range(ods_view(part, sheet));
            }
        }
        _ => {}
    }
}

/// A small part's bytes (its first [`MAX_INDEX_BYTES`]), or none where it is missing.
fn small_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let part = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    part.take(MAX_INDEX_BYTES).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The path in the zip of the `.xlsx` sheet named `sheet`: the workbook names it with a
/// link id, and the workbook's links give the link's target.
pub(crate) fn xlsx_sheet_path(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    sheet: &str,
) -> Option<String> {
    let mut link = None;
    each_tag(&small_part(archive, "xl/workbook.xml")?, |tag, _| {
        if tag.local_name().as_ref() == "sheet" && attribute(tag, "name").as_deref() == Some(sheet)
        {
            link = attribute(tag, "id");
        }
    });
    let link = link?;
    let mut target = None;
    each_tag(
        &small_part(archive, "xl/_rels/workbook.xml.rels")?,
        |tag, _| {
            if tag.local_name().as_ref() == "Relationship"
                && attribute(tag, "Id").as_deref() == Some(link.as_str())
            {
                target = attribute(tag, "Target");
            }
        },
    );
    let target = target?;
    // A target is relative to the workbook's folder, or absolute in the zip.
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    })
}

/// Calls `each` with every start or empty tag of `xml` and the bytes it spans.
pub(crate) fn each_tag(xml: &[u8], mut each: impl FnMut(&BytesStart, std::ops::Range<usize>)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(tag) | Event::Empty(tag)) => {
                each(&tag, before..reader.buffer_position() as usize)
            }
            Ok(Event::Eof) | Err(_) => return,
            _ => {}
        }
    }
}

/// Adds the rows `rows` to the ranges `hidden`, joined to the last where they follow it.
fn add(hidden: &mut Vec<RangeInclusive<u32>>, rows: RangeInclusive<u32>) {
    match hidden.last_mut() {
        Some(last) if last.end().checked_add(1) == Some(*rows.start()) => {
            *last = *last.start()..=*rows.end();
        }
        _ => hidden.push(rows),
    }
}

/// Adds the columns `columns` to the ranges `hidden`, as [`add`] does, where they start
/// within the columns a row may have: past them a hidden column hides nothing, and each
/// row is looked at in every range.
fn add_columns(hidden: &mut Vec<RangeInclusive<u32>>, columns: RangeInclusive<u32>) {
    if *columns.start() as usize <= super::rows::MAX_COLUMNS {
        add(hidden, columns);
    }
}

/// Tells `found` the columns an `.xlsx` sheet's XML marks hidden (`<col min="4" max="4"
/// hidden="1"/>`, before its rows), then the rows (`<row r="5" hidden="1">`), and how far
/// it has looked, every few thousand rows, then its cells merged down (`<mergeCell
/// ref="C5:C9"/>`, after its rows). The XML is searched as bytes for these tags alone (a
/// sheet is mostly cells, which an XML parser would take apart one by one). A row
/// without a number follows the one before.
fn xlsx_view(mut part: impl Read, found: &mut dyn FnMut(Found) -> bool) {
    const CHUNK: usize = 256 << 10;
    // A tag is cut at a chunk's end: its start is kept for the next. Past this, a row's
    // tag is no tag anyone wrote.
    const MAX_TAG: usize = 4096;
    let (mut buf, mut row, mut told) = (Vec::with_capacity(CHUNK + MAX_TAG), 0u32, 0u32);
    let columns = xlsx_hidden_columns(&mut part, &mut buf);
    if !found(Found::Columns(columns)) {
        return;
    }
    let mut merged = Vec::new();
    // Each name is searched for on its own: where the bytes before each tag name's
    // searched have got to (from the part's start), and where `buf` starts.
    let names = [b"row".as_slice(), b"mergeCell"].map(memchr::memmem::Finder::new);
    let (mut searched, mut base) = ([0u64; 2], 0u64);
    loop {
        let kept = buf.len();
        buf.resize(kept + CHUNK, 0);
        let read = match part.read(&mut buf[kept..]) {
            Ok(0) | Err(_) => 0,
            Ok(read) => read,
        };
        buf.truncate(kept + read);
        let last = read == 0;
        for (which, name) in names.iter().enumerate() {
            let length = name.needle().len();
            let mut at = usize::try_from(searched[which] - base).unwrap_or(usize::MAX);
            // Where the tags looked at end, and where a tag cut at the chunk's end starts.
            let (mut done_to, mut cut) = (at, None);
            while let Some(hit) = name.find(&buf[at..]).map(|hit| at + hit) {
                at = hit + length;
                if !opens_tag(&buf, hit, length) {
                    continue;
                }
                let Some(end) = memchr::memchr(b'>', &buf[at..]).map(|end| at + end) else {
                    if buf.len() - hit <= MAX_TAG {
                        // Looked at again with the next chunk, with the prefix before it.
                        cut = Some(hit.saturating_sub(16).max(done_to));
                    }
                    break;
                };
                let tag = &buf[at..end];
                (at, done_to) = (end + 1, end + 1);
                if which == 1 {
                    if merged.len() < MAX_MERGES
                        && let Some(merge) = tag_attribute(tag, b"ref").and_then(merge_of)
                    {
                        merged.push(merge);
                    }
                    continue;
                }
                row = tag_attribute(tag, b"r")
                    .and_then(|r| std::str::from_utf8(r).ok()?.parse().ok())
                    .unwrap_or_else(|| row.saturating_add(1));
                if matches!(tag_attribute(tag, b"hidden"), Some(b"1" | b"true"))
                    && !found(Found::Hidden(row..=row))
                {
                    return;
                }
            }
            // Searched on from here with the next chunk: the last bytes may begin a
            // tag's name.
            let from = cut.unwrap_or_else(|| buf.len().saturating_sub(16).max(at));
            searched[which] = base + from.min(buf.len()) as u64;
        }
        if row >= told.saturating_add(4096) {
            told = row;
            if !found(Found::Through(row)) {
                return;
            }
        }
        if last {
            found(Found::Merged(merged));
            return;
        }
        let kept = (searched.iter().min().copied().unwrap_or(base) - base) as usize;
        buf.drain(..kept);
        base += kept as u64;
    }
}

/// The merge a `mergeCell` tag's `ref` names (`C5:C9`), where it reaches down.
fn merge_of(reference: &[u8]) -> Option<Merge> {
    let text = std::str::from_utf8(reference).ok()?;
    let (first, last) = text.split_once(':')?;
    let ((row, column), (last_row, _)) = (cell_position(first)?, cell_position(last)?);
    Merge::down((row, column), last_row)
}

/// The row and column (numbered from 1) of a cell reference (`C5`, `$C$5`).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, row) = reference.split_at(digits);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let column = u32::try_from(super::column_number(letters.as_bytes())).ok()?;
    Some((row.parse().ok()?, column))
}

/// The columns an `.xlsx` sheet hides: its `col` tags (`min`, `max`, `hidden`), which
/// stand before its rows, read from the part's start up to `<sheetData` (at most
/// [`MAX_INDEX_BYTES`], a few hundred bytes in any real sheet). The bytes read are left
/// in `buf`, for the rows to be looked for in.
fn xlsx_hidden_columns(part: &mut impl Read, buf: &mut Vec<u8>) -> Vec<RangeInclusive<u32>> {
    const STEP: usize = 64 << 10;
    let rows_start = memchr::memmem::Finder::new(b"sheetData");
    let mut end = None;
    while end.is_none() && (buf.len() as u64) < MAX_INDEX_BYTES {
        let kept = buf.len();
        buf.resize(kept + STEP, 0);
        let read = part.read(&mut buf[kept..]).unwrap_or(0);
        buf.truncate(kept + read);
        let from = kept.saturating_sub(8);
        end = rows_start.find(&buf[from..]).map(|at| from + at);
        if read == 0 {
            break;
        }
    }
    let mut columns = Vec::new();
    each_tag(&buf[..end.unwrap_or(buf.len())], |tag, _| {
        let number = |name| attribute(tag, name).and_then(|n| n.trim().parse::<u32>().ok());
        let hidden = matches!(attribute(tag, "hidden").as_deref(), Some("1" | "true"));
        if tag.local_name().as_ref() == "col"
            && hidden
            && let (Some(min), Some(max)) = (number("min"), number("max"))
            && min >= 1
            && min <= max
        {
            add_columns(&mut columns, min..=max);
        }
    });
    columns
}

/// Does the tag name `length` bytes long at `at` in `xml` open a tag: `<row` or
/// `<x:row`, then a space, `>` or `/`?
fn opens_tag(xml: &[u8], at: usize, length: usize) -> bool {
    let after = xml.get(at + length).copied();
    if !matches!(after, Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')) {
        return false;
    }
    match at.checked_sub(1).map(|before| (before, xml[before])) {
        Some((_, b'<')) => true,
        Some((colon, b':')) => {
            let prefix = xml[..colon].iter().rev().take(16);
            let letters = prefix.take_while(|b| b.is_ascii_alphanumeric()).count();
            colon > letters && xml[colon - letters - 1] == b'<'
        }
        _ => false,
    }
}

/// The value of attribute `name` (no prefix) in a tag's bytes after its name, between
/// its quotes.
fn tag_attribute<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut at = 0;
    while let Some(hit) = memchr::memmem::find(&tag[at..], name).map(|hit| at + hit) {
        at = hit + name.len();
        let before = hit.checked_sub(1).map(|b| tag[b]);
        let rest = &tag[at..];
        if before.is_some_and(|b| b.is_ascii_whitespace())
            && let Some(after_equals) = rest.trim_ascii_start().strip_prefix(b"=")
            && let Some((&quote, value)) = after_equals.trim_ascii_start().split_first()
            && (quote == b'"' || quote == b'\'')
        {
            let end = memchr::memchr(quote, value)?;
            return Some(&value[..end]);
        }
    }
    None
}

/// The columns and rows an `.ods` table named `sheet` hides (`table:visibility`
/// `collapse`, or `filter` for a filter's), counting each as often as it is repeated, and
/// its cells merged down (`table:number-rows-spanned`).
fn ods_view(part: impl Read, sheet: &str) -> Ranges {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let (mut buf, mut hidden) = (Vec::new(), Ranges::default());
    // Within the sheet's table: how deep in tables (one in a cell is not the sheet's),
    // the columns and rows counted so far, and the cells of the row counted so far.
    let (mut depth, mut columns, mut rows, mut cells) = (0usize, 0u32, 0u32, 0u32);
    let is_hidden = |tag: &BytesStart| {
        let visibility = attribute(tag, "visibility");
        matches!(visibility.as_deref(), Some("collapse" | "filter"))
    };
    let repeated = |tag: &BytesStart, name: &str| -> u32 {
        (attribute(tag, name).and_then(|n| n.parse().ok()))
            .unwrap_or(1)
            .max(1)
    };
    loop {
        buf.clear();
        let (tag, opens) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(tag)) => (tag, true),
            Ok(Event::Empty(tag)) => (tag, false),
            Ok(Event::End(tag)) if depth > 0 && tag.local_name().as_ref() == "table" => {
                depth -= 1;
                if depth == 0 {
                    return hidden;
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => return hidden,
            _ => continue,
        };
        match tag.local_name().as_ref() {
            "table" if opens && depth > 0 => depth += 1,
            "table" if opens && attribute(&tag, "name").as_deref() == Some(sheet) => depth = 1,
            "table-column" if depth == 1 => {
                let first = columns.saturating_add(1);
                columns = columns.saturating_add(repeated(&tag, "number-columns-repeated"));
                if is_hidden(&tag) {
                    add_columns(&mut hidden.columns, first..=columns);
                }
            }
            "table-row" if depth == 1 => {
                let first = rows.saturating_add(1);
                rows = rows.saturating_add(repeated(&tag, "number-rows-repeated"));
                cells = 0;
                if is_hidden(&tag) {
                    add(&mut hidden.rows, first..=rows);
                }
            }
            name @ ("table-cell" | "covered-table-cell") if depth == 1 => {
                let column = cells.saturating_add(1);
                cells = cells.saturating_add(repeated(&tag, "number-columns-repeated"));
                let down = repeated(&tag, "number-rows-spanned");
                if name == "table-cell"
                    && let Some(merge) = Merge::down((rows, column), rows.saturating_add(down - 1))
                    && hidden.merged.len() < MAX_MERGES
                {
                    hidden.merged.push(merge);
                }
            }
            _ => {}
        }
    }
}

/// The records of an `.xls` stream from `at` on: (type, data), up to a damaged one or
/// the stream's end.
fn xls_records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = at;
    std::iter::from_fn(move || {
        let head = stream.get(at..at.checked_add(4)?)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let length = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + length)?;
        at += 4 + length;
        Some((kind, data))
    })
}

/// The columns and rows an `.xls` (BIFF8) sheet hides: its `ColInfo` records with
/// `fHidden` set ([MS-XLS] 2.4.53) and its `Row` records with `fDyZero` set (2.4.221),
/// and its merged cells (`MergeCells`, 2.4.168), the sheet found by its `BoundSheet8`
/// record's name and offset.
fn xls_view(bytes: &[u8], sheet: &str) -> Option<Ranges> {
    const BOUND_SHEET: u16 = 0x0085;
    const COLUMNS: u16 = 0x007D;
    const ROW: u16 = 0x0208;
    const MERGE_CELLS: u16 = 0x00E5;
    const EOF: u16 = 0x000A;
    let mut container = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = Vec::new();
    let part = (container.open_stream("Workbook"))
        .or_else(|_| container.open_stream("Book"))
        .ok()?;
    part.take(bytes.len() as u64)
        .read_to_end(&mut stream)
        .ok()?;
    let offset = xls_records(&stream, 0)
        .take_while(|&(kind, _)| kind != EOF)
        .filter(|&(kind, _)| kind == BOUND_SHEET)
        .find(|(_, data)| xls_sheet_name(data).as_deref() == Some(sheet))
        .and_then(|(_, data)| Some(u32::from_le_bytes(data.get(..4)?.try_into().ok()?)))?;
    let mut hidden = Ranges::default();
    let number = |data: &[u8], at: usize| u32::from(u16::from_le_bytes([data[at], data[at + 1]]));
    for (kind, data) in xls_records(&stream, offset as usize).skip(1) {
        match kind {
            EOF => break,
            COLUMNS if data.len() >= 10 && data[8] & 0x01 != 0 => {
                let (first, last) = (number(data, 0) + 1, number(data, 2) + 1);
                if first <= last {
                    add_columns(&mut hidden.columns, first..=last);
                }
            }
            ROW if data.len() >= 16 && data[12] & 0x20 != 0 => {
                let row = number(data, 0) + 1;
                add(&mut hidden.rows, row..=row);
            }
            // A count, then each merge's first and last row and first and last column.
            MERGE_CELLS if data.len() >= 2 => {
                let merges = (data[2..].chunks_exact(8))
                    .take(usize::from(u16::from_le_bytes([data[0], data[1]])));
                for merge in merges {
                    let (first, last) = (number(merge, 0) + 1, number(merge, 2) + 1);
                    if let Some(merge) = Merge::down((first, number(merge, 4) + 1), last)
                        && hidden.merged.len() < MAX_MERGES
                    {
                        hidden.merged.push(merge);
                    }
                }
            }
            _ => {}
        }
    }
    Some(hidden)
}

/// A `BoundSheet8` record's sheet name: its length, whether its characters are two bytes
/// each (UTF-16) or one (the low byte of each), then the characters.
fn xls_sheet_name(data: &[u8]) -> Option<String> {
    let (&count, &wide) = (data.get(6)?, data.get(7)?);
    let count = usize::from(count);
    let name = data.get(8..)?;
    if wide & 1 == 1 {
        let units: Vec<u16> = (name.get(..count * 2)?.chunks_exact(2))
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(name.get(..count)?.iter().map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hidden rows `xlsx_view` finds in `xml` read in chunks.
    fn xlsx_found(xml: &[u8]) -> Vec<Found> {
        let mut all = Vec::new();
        xlsx_view(xml, &mut |found| {
            all.push(found);
            true
        });
        all
    }

    #[test]
    fn a_row_is_asked_about_once_the_scan_beside_is_past_it() {
        let bytes = include_bytes!("../../tests/fixtures/hidden-rows.xlsx");
        std::thread::scope(|scope| {
            let mut hidden = SheetView::scan(scope, bytes, "xlsx", "Danh mục");
            let asked: Vec<bool> = (1..=8).map(|row| hidden.hides_row(row)).collect();
            assert_eq!(
                asked,
                [false, false, false, false, true, false, false, false]
            );
        });
    }

    #[test]
    fn a_cell_merged_down_shows_its_text_on_the_rows_below_it() {
        let merge = |rows, column| Merge { rows, column };
        let mut fill = MergeFill::new(vec![merge((6, 7), 0), merge((2, 4), 1), merge((5, 9), 2)]);
        let rows = [
            Row::text(1, ["", "Chủ quản"]),
            Row::text(2, ["1", "Sở Y tế", "2021"]),
            Row::text(3, ["2"]),
            Row::text(4, ["3", "UBND huyện"]),
            // A merge whose first cell is empty shows nothing; one past the rows handed
            // on (6 to 7) starts on no row.
            Row::text(5, ["4", "", ""]),
            Row::text(8, ["5", "", ""]),
        ];
        let shown: Vec<Vec<String>> = (rows.into_iter())
            .map(|mut row| {
                fill.fill(&mut row);
                (0..3).map(|i| row.shown(i).to_owned()).collect()
            })
            .collect();
        assert_eq!(
            shown,
            [
                ["", "Chủ quản", ""],
                ["1", "Sở Y tế", "2021"],
                ["2", "Sở Y tế", ""],
                ["3", "UBND huyện", ""],
                ["4", "", ""],
                ["5", "", ""],
            ]
        );
        assert_eq!(
            cell_position("$AB$12"),
            Some((12, 28)),
            "a reference's column in letters"
        );
        assert_eq!(merge_of(b"C5"), None);
    }

    #[test]
    fn hidden_rows_and_columns_and_merged_cells_are_read_as_ranges() {
        let sheet = br#"<worksheet><cols><col min="2" max="3" hidden="1"/><col min="5" max="5" width="9"/><x:col min="7" max="9" hidden="true"/><col min="0" max="1" hidden="1"/></cols><sheetData><row r="1"/><row r="3" hidden="1"><c r="A3"><is><t>row hidden="1"</t></is></c></row><row spans="1:2" hidden='true'/><row r="9" hidden="0"/><x:row r="10" hidden="1"></x:row><rowBreaks/><row
 r="12"
 hidden="1"/></sheetData><mergeCells count="3"><mergeCell ref="C5:C7"/><x:mergeCell ref="$A$2:B2"/><mergeCell ref="B9:D10"/></mergeCells></worksheet>"#;
        let hidden = |rows: RangeInclusive<u32>| Found::Hidden(rows);
        assert_eq!(
            xlsx_found(sheet),
            [
                Found::Columns(vec![2..=3, 7..=9]),
                hidden(3..=3),
                hidden(4..=4),
                hidden(10..=10),
                hidden(12..=12),
                // Across only (A2:B2) is no merge down.
                Found::Merged(vec![
                    Merge {
                        rows: (5, 7),
                        column: 2
                    },
                    Merge {
                        rows: (9, 10),
                        column: 1
                    }
                ]),
            ]
        );
        // Rows far apart, tags cut at the chunks' ends: every one found, and the reader
        // told how far the scan has got.
        let mut long = b"<sheetData>".to_vec();
        for row in 1..=20_000u32 {
            let hidden = if row % 7_000 == 0 {
                " hidden=\"1\""
            } else {
                ""
            };
            long.extend(format!("<row r=\"{row}\"{hidden}><c><v>{row}</v></c></row>").bytes());
        }
        long.extend(b"</sheetData><mergeCells>");
        for row in 1..=20_000u32 {
            long.extend(format!("<mergeCell ref=\"A{row}:A{}\"/>", row + 1).bytes());
        }
        let found = xlsx_found(&long);
        let merges = (found.iter())
            .find_map(|f| match f {
                Found::Merged(merges) => Some(merges.clone()),
                _ => None,
            })
            .unwrap();
        let each_row: Vec<Merge> = (1..=20_000)
            .map(|row| Merge {
                rows: (row, row + 1),
                column: 0,
            })
            .collect();
        assert_eq!(merges, each_row);
        let hiddens: Vec<&Found> = found
            .iter()
            .filter(|f| matches!(f, Found::Hidden(_)))
            .collect();
        assert_eq!(hiddens, [&hidden(7_000..=7_000), &hidden(14_000..=14_000)]);
        let through = (found.iter())
            .filter_map(|f| match f {
                Found::Through(row) => Some(*row),
                Found::Hidden(_) | Found::Columns(_) | Found::Merged(_) => None,
            })
            .max();
        assert!(through > Some(10_000), "{found:?}");
        let content = br#"<office:document-content><table:table table:name="Other"><table:table-row table:visibility="collapse"/></table:table><table:table table:name="Danh muc"><table:table-column table:number-columns-repeated="2"/><table:table-header-columns><table:table-column table:visibility="collapse"/></table:table-header-columns><table:table-column table:number-columns-repeated="3" table:visibility="collapse"/><table:table-column/><table:table-row/><table:table-row table:number-rows-repeated="2" table:visibility="filter"><table:table-cell><table:table table:name="inner"><table:table-row/></table:table></table:table-cell></table:table-row><table:table-row table:visibility="collapse"/><table:table-row table:number-rows-repeated="1000000" table:visibility="collapse"/></table:table></office:document-content>"#;
        let ods = ods_view(&content[..], "Danh muc");
        assert_eq!((ods.columns, ods.rows), (vec![3..=6], vec![2..=1_000_004]));
        // Damaged: no rows or columns said hidden, and nothing read past the bytes.
        for (bytes, format) in [
            (&b"PK\x03\x04 cut"[..], "xlsx"),
            (b"\xD0\xCF\x11\xE0 cut", "xls"),
        ] {
            let mut found = Vec::new();
            scan(bytes, format, "Danh muc", &mut |f| {
                found.push(f);
                true
            });
            assert!(
                (found.iter()).all(|f| *f == Found::Columns(vec![]) || *f == Found::Merged(vec![])),
                "{found:?}"
            );
        }
        let records = [0x85, 0x00, 0xFF, 0xFF, 0x01];
        assert_eq!(xls_records(&records, 0).count(), 0);
        // A name of one-byte characters, and one of two.
        assert_eq!(
            xls_sheet_name(b"\0\0\0\0\0\0\x03\0Abc").as_deref(),
            Some("Abc")
        );
        let wide = b"\0\0\0\0\0\0\x02\x01\xE5\x1E\x63\x00";
        assert_eq!(xls_sheet_name(wide).as_deref(), Some("ục"));
    }
}
