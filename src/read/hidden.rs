//! The rows a workbook's sheet hides, by hand or by a filter: the workbook library does
//! not say, so the sheet's XML is read for them alone. They are read as the other rows
//! (Excel's sums and its CSV export count them); a note says which, since a finding on
//! one names a row the officer does not see.

use super::document::attribute;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};
use std::ops::RangeInclusive;

/// The largest part read whole to find a sheet's XML (the workbook and its links):
/// a few kilobytes in any real workbook.
const MAX_INDEX_BYTES: u64 = 4 << 20;

/// The rows (numbered from 1) that sheet `sheet` of the `.xlsx`, `.ods` or `.xls` in
/// `bytes` hides, as ranges in order. None where the parts cannot be read: the rows are
/// read all the same, and only the note is lost.
pub fn hidden_rows(bytes: &[u8], format: &str, sheet: &str) -> Vec<RangeInclusive<u32>> {
    if format == "xls" {
        return xls_hidden(bytes, sheet).unwrap_or_default();
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    match format {
        "xlsx" => {
            let Some(path) = xlsx_sheet_path(&mut archive, sheet) else {
                return Vec::new();
            };
            match archive.by_name(&path) {
                Ok(part) => xlsx_hidden(part),
                Err(_) => Vec::new(),
            }
        }
        "ods" => match archive.by_name("content.xml") {
            Ok(part) => ods_hidden(part, sheet),
            Err(_) => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// A small part's bytes, or none where it is missing or too large.
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

/// Adds row `row` to the ranges `hidden`, joining it to the last where it follows it.
fn add(hidden: &mut Vec<RangeInclusive<u32>>, rows: RangeInclusive<u32>) {
    match hidden.last_mut() {
        Some(last) if last.end().checked_add(1) == Some(*rows.start()) => {
            *last = *last.start()..=*rows.end();
        }
        _ => hidden.push(rows),
    }
}

/// The rows an `.xlsx` sheet's XML marks hidden (`<row r="5" hidden="1">`), read as a
/// stream up to the end of its cells. A row without a number follows the one before.
fn xlsx_hidden(part: impl Read) -> Vec<RangeInclusive<u32>> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let (mut buf, mut hidden, mut row) = (Vec::new(), Vec::new(), 0u32);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(tag) | Event::Empty(tag)) if tag.local_name().as_ref() == "row" => {
                row = attribute(&tag, "r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or_else(|| row.saturating_add(1));
                if matches!(attribute(&tag, "hidden").as_deref(), Some("1" | "true")) {
                    add(&mut hidden, row..=row);
                }
            }
            Ok(Event::End(tag)) if tag.local_name().as_ref() == "sheetData" => return hidden,
            Ok(Event::Eof) | Err(_) => return hidden,
            _ => {}
        }
    }
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

    #[test]
    fn hidden_rows_are_read_as_ranges() {
        let sheet = br#"<worksheet><sheetData><row r="1"/><row r="3" hidden="1"><c r="A3"/></row><row hidden="true"/><row r="9" hidden="0"/><row r="10" hidden="1"/></sheetData><row r="12" hidden="1"/></worksheet>"#;
        assert_eq!(xlsx_hidden(&sheet[..]), [3..=4, 10..=10]);
        let content = br#"<office:document-content><table:table table:name="Other"><table:table-row table:visibility="collapse"/></table:table><table:table table:name="Danh muc"><table:table-row/><table:table-row table:number-rows-repeated="2" table:visibility="filter"><table:table-cell><table:table table:name="inner"><table:table-row/></table:table></table:table-cell></table:table-row><table:table-row table:visibility="collapse"/><table:table-row table:number-rows-repeated="1000000" table:visibility="collapse"/></table:table></office:document-content>"#;
        assert_eq!(ods_hidden(&content[..], "Danh muc"), [2..=1_000_004]);
        // Damaged: no rows said hidden, and nothing read past the bytes.
        assert_eq!(hidden_rows(b"PK\x03\x04 cut", "xlsx", "Danh muc"), []);
        assert_eq!(hidden_rows(b"\xD0\xCF\x11\xE0 cut", "xls", "Danh muc"), []);
        let records = [0x85, 0x00, 0xFF, 0xFF, 0x01];
        assert_eq!(xls_records(&records, 0).count(), 0);
        // A name of one-byte characters, and one of two.
        assert_eq!(xls_sheet_name(b"\0\0\0\0\0\0\x03\0Abc").as_deref(), Some("Abc"));
        let wide = b"\0\0\0\0\0\0\x02\x01\xE5\x1E\x63\x00";
        assert_eq!(xls_sheet_name(wide).as_deref(), Some("ục"));
    }
}
