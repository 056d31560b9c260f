//! The rows a workbook's sheet hides, by hand or by a filter: the workbook library does
//! not say, so the sheet's XML is read for them alone, on a thread of its own beside the
//! workbook library's reading (read after it, a large sheet took 40% longer). They are
//! read as the other rows (Excel's sums and its CSV export count them); a note says which,
//! since a finding on one names a row the officer does not see.

use super::document::attribute;
use quick_xml::events::{BytesStart, Event};
use std::collections::VecDeque;
use std::io::{BufReader, Cursor, Read};
use std::ops::RangeInclusive;
use std::sync::mpsc;

/// The largest part read whole to find a sheet's XML (the workbook and its links):
/// a few kilobytes in any real workbook.
const MAX_INDEX_BYTES: u64 = 4 << 20;

/// What a scan of a sheet finds, in the order of its rows.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// These rows (numbered from 1) are hidden.
    Hidden(RangeInclusive<u32>),
    /// Every row up to this one has been looked at.
    Through(u32),
}

/// The rows a sheet hides, as a scan on another thread finds them: asked of each row
/// in order, it waits for the scan to get past the row where it has not yet.
pub struct HiddenRows {
    found: mpsc::Receiver<Found>,
    hidden: VecDeque<RangeInclusive<u32>>,
    through: u32,
    done: bool,
}

/// How many findings a scan may be ahead of the rows asked about.
const AHEAD: usize = 1024;

impl HiddenRows {
    /// Starts the scan of sheet `sheet` of the workbook in `bytes` (an `.xlsx`, `.ods` or
    /// `.xls`: `format`; another format's reader marks its rows itself) on a thread of
    /// `scope`.
    pub fn scan<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        bytes: &'scope [u8],
        format: &'static str,
        sheet: &str,
    ) -> HiddenRows {
        let (sender, found) = mpsc::sync_channel(AHEAD);
        let scanned = matches!(format, "xlsx" | "ods" | "xls");
        if scanned {
            let sheet = sheet.to_owned();
            // A failed send: the rows were all asked about, or the reading stopped.
            scope.spawn(move || scan(bytes, format, &sheet, &mut |f| sender.send(f).is_ok()));
        }
        HiddenRows {
            found,
            hidden: VecDeque::new(),
            through: 0,
            done: !scanned,
        }
    }

    /// Is row `row` hidden? Rows are asked about in order.
    pub fn contains(&mut self, row: u32) -> bool {
        while !self.done && self.through < row {
            match self.found.recv() {
                Ok(Found::Hidden(rows)) => self.hidden.push_back(rows),
                Ok(Found::Through(through)) => self.through = through,
                Err(_) => self.done = true,
            }
        }
        while self.hidden.front().is_some_and(|rows| *rows.end() < row) {
            self.hidden.pop_front();
        }
        self.hidden.front().is_some_and(|rows| rows.contains(&row))
    }
}

/// Scans sheet `sheet` of the workbook in `bytes` for the rows it hides, telling `found`
/// what it finds until told to stop. Where the parts cannot be read, nothing is hidden:
/// the rows are read all the same, and only the note is lost.
fn scan(bytes: &[u8], format: &str, sheet: &str, found: &mut dyn FnMut(Found) -> bool) {
    let mut each_range = |ranges: Vec<RangeInclusive<u32>>| {
        for rows in ranges {
            if !found(Found::Hidden(rows)) {
                return;
            }
        }
    };
    if format == "xls" {
        return each_range(xls_hidden(bytes, sheet).unwrap_or_default());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return;
    };
    match format {
        "xlsx" => {
            if let Some(path) = xlsx_sheet_path(&mut archive, sheet)
                && let Ok(part) = archive.by_name(&path)
            {
                xlsx_hidden(part, found);
            }
        }
        "ods" => {
            if let Ok(part) = archive.by_name("content.xml") {
                each_range(ods_hidden(part, sheet));
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
fn xlsx_sheet_path(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, sheet: &str) -> Option<String> {
    let mut link = None;
    each_tag(&small_part(archive, "xl/workbook.xml")?, |tag| {
        if tag.local_name().as_ref() == "sheet" && attribute(tag, "name").as_deref() == Some(sheet)
        {
            link = attribute(tag, "id");
        }
    });
    let link = link?;
    let mut target = None;
    each_tag(&small_part(archive, "xl/_rels/workbook.xml.rels")?, |tag| {
        if tag.local_name().as_ref() == "Relationship"
            && attribute(tag, "Id").as_deref() == Some(link.as_str())
        {
            target = attribute(tag, "Target");
        }
    });
    let target = target?;
    // A target is relative to the workbook's folder, or absolute in the zip.
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    })
}

/// Calls `each` with every start or empty tag of `xml`.
fn each_tag(xml: &[u8], mut each: impl FnMut(&BytesStart)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(tag) | Event::Empty(tag)) => each(&tag),
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

/// Tells `found` the rows an `.xlsx` sheet's XML marks hidden (`<row r="5" hidden="1">`),
/// and how far it has looked, every few thousand rows. The XML is searched as bytes for
/// its row tags alone (a sheet is mostly cells, which an XML parser would take apart
/// one by one). A row without a number follows the one before.
fn xlsx_hidden(mut part: impl Read, found: &mut dyn FnMut(Found) -> bool) {
    const CHUNK: usize = 256 << 10;
    // A tag is cut at a chunk's end: its start is kept for the next. Past this, a row's
    // tag is no tag anyone wrote.
    const MAX_TAG: usize = 4096;
    let (mut buf, mut row, mut told) = (Vec::with_capacity(CHUNK + MAX_TAG), 0u32, 0u32);
    let finder = memchr::memmem::Finder::new(b"row");
    loop {
        let kept = buf.len();
        buf.resize(kept + CHUNK, 0);
        let read = match part.read(&mut buf[kept..]) {
            Ok(0) | Err(_) => 0,
            Ok(read) => read,
        };
        buf.truncate(kept + read);
        let last = read == 0;
        // Where the tags looked at end, and where a tag cut at the chunk's end starts.
        let (mut done_to, mut cut) = (0, None);
        let mut at = 0;
        while let Some(hit) = finder.find(&buf[at..]).map(|hit| at + hit) {
            at = hit + 3;
            if !opens_row_tag(&buf, hit) {
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
            row = tag_attribute(tag, b"r")
                .and_then(|r| std::str::from_utf8(r).ok()?.parse().ok())
                .unwrap_or_else(|| row.saturating_add(1));
            if matches!(tag_attribute(tag, b"hidden"), Some(b"1" | b"true"))
                && !found(Found::Hidden(row..=row))
            {
                return;
            }
            at = end + 1;
            done_to = at;
        }
        if row >= told.saturating_add(4096) {
            told = row;
            if !found(Found::Through(row)) {
                return;
            }
        }
        if last {
            return;
        }
        // The last bytes may begin a tag's name: kept, unless a tag looked at ends there.
        let kept = cut.unwrap_or_else(|| buf.len().saturating_sub(8).max(done_to));
        buf.drain(..kept);
    }
}

/// Does `row` at `at` in `xml` name a row tag: `<row` or `<x:row`, then a space, `>` or
/// `/`?
fn opens_row_tag(xml: &[u8], at: usize) -> bool {
    let after = xml.get(at + 3).copied();
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

/// The rows an `.ods` table named `sheet` hides (`table:visibility` `collapse`, or
/// `filter` for a filter's), counting each row as often as it is repeated.
fn ods_hidden(part: impl Read, sheet: &str) -> Vec<RangeInclusive<u32>> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let (mut buf, mut hidden) = (Vec::new(), Vec::new());
    // Within the sheet's table: how deep in tables (one in a cell is not the sheet's),
    // and the rows counted so far.
    let (mut depth, mut rows) = (0usize, 0u32);
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
            "table-row" if depth == 1 => {
                let repeated: u32 = attribute(&tag, "number-rows-repeated")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1)
                    .max(1);
                let first = rows.saturating_add(1);
                rows = rows.saturating_add(repeated);
                let visibility = attribute(&tag, "visibility");
                if matches!(visibility.as_deref(), Some("collapse" | "filter")) {
                    add(&mut hidden, first..=rows);
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

/// The rows an `.xls` (BIFF8) sheet hides: its `Row` records with `fDyZero` set
/// ([MS-XLS] 2.4.221), the sheet found by its `BoundSheet8` record's name and offset.
fn xls_hidden(bytes: &[u8], sheet: &str) -> Option<Vec<RangeInclusive<u32>>> {
    const BOUND_SHEET: u16 = 0x0085;
    const ROW: u16 = 0x0208;
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
    let mut hidden = Vec::new();
    for (kind, data) in xls_records(&stream, offset as usize).skip(1) {
        match kind {
            EOF => break,
            ROW if data.len() >= 16 && data[12] & 0x20 != 0 => {
                let row = u32::from(u16::from_le_bytes([data[0], data[1]])) + 1;
                add(&mut hidden, row..=row);
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

    /// The hidden rows `xlsx_hidden` finds in `xml` read in chunks.
    fn xlsx_found(xml: &[u8]) -> Vec<Found> {
        let mut all = Vec::new();
        xlsx_hidden(xml, &mut |found| {
            all.push(found);
            true
        });
        all
    }

    #[test]
    fn a_row_is_asked_about_once_the_scan_beside_is_past_it() {
        let bytes = include_bytes!("../../tests/fixtures/hidden-rows.xlsx");
        std::thread::scope(|scope| {
            let mut hidden = HiddenRows::scan(scope, bytes, "xlsx", "Danh mục");
            let asked: Vec<bool> = (1..=8).map(|row| hidden.contains(row)).collect();
            assert_eq!(
                asked,
                [false, false, false, false, true, false, false, false]
            );
        });
    }

    #[test]
    fn hidden_rows_are_read_as_ranges() {
        let sheet = br#"<worksheet><sheetData><row r="1"/><row r="3" hidden="1"><c r="A3"><is><t>row hidden="1"</t></is></c></row><row spans="1:2" hidden='true'/><row r="9" hidden="0"/><x:row r="10" hidden="1"></x:row><rowBreaks/><row
 r="12"
 hidden="1"/></sheetData></worksheet>"#;
        let hidden = |rows: RangeInclusive<u32>| Found::Hidden(rows);
        assert_eq!(
            xlsx_found(sheet),
            [
                hidden(3..=3),
                hidden(4..=4),
                hidden(10..=10),
                hidden(12..=12)
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
        let found = xlsx_found(&long);
        let hiddens: Vec<&Found> = found
            .iter()
            .filter(|f| matches!(f, Found::Hidden(_)))
            .collect();
        assert_eq!(hiddens, [&hidden(7_000..=7_000), &hidden(14_000..=14_000)]);
        let through = (found.iter())
            .filter_map(|f| match f {
                Found::Through(row) => Some(*row),
                Found::Hidden(_) => None,
            })
            .max();
        assert!(through > Some(10_000), "{found:?}");
        let content = br#"<office:document-content><table:table table:name="Other"><table:table-row table:visibility="collapse"/></table:table><table:table table:name="Danh muc"><table:table-row/><table:table-row table:number-rows-repeated="2" table:visibility="filter"><table:table-cell><table:table table:name="inner"><table:table-row/></table:table></table:table-cell></table:table-row><table:table-row table:visibility="collapse"/><table:table-row table:number-rows-repeated="1000000" table:visibility="collapse"/></table:table></office:document-content>"#;
        assert_eq!(ods_hidden(&content[..], "Danh muc"), [2..=1_000_004]);
        // Damaged: no rows said hidden, and nothing read past the bytes.
        for (bytes, format) in [
            (&b"PK\x03\x04 cut"[..], "xlsx"),
            (b"\xD0\xCF\x11\xE0 cut", "xls"),
        ] {
            let mut found = Vec::new();
            scan(bytes, format, "Danh muc", &mut |f| {
                found.push(f);
                true
            });
            assert_eq!(found, []);
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
