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

/// The rows (numbered from 1) that sheet `sheet` of the `.xlsx` or `.ods` in `bytes` hides,
/// as ranges in order. None where the parts cannot be read: the rows are read all the
/// same, and only the note is lost.
pub fn hidden_rows(bytes: &[u8], format: &str, sheet: &str) -> Vec<RangeInclusive<u32>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_are_read_as_ranges() {
        let sheet = br#"<worksheet><sheetData><row r="1"/><row r="3" hidden="1"><c r="A3"/></row><row hidden="true"/><row r="9" hidden="0"/><row r="10" hidden="1"/></sheetData><row r="12" hidden="1"/></worksheet>"#;
        assert_eq!(xlsx_hidden(&sheet[..]), [3..=4, 10..=10]);
        let content = br#"<office:document-content><table:table table:name="Other"><table:table-row table:visibility="collapse"/></table:table><table:table table:name="Danh muc"><table:table-row/><table:table-row table:number-rows-repeated="2" table:visibility="filter"><table:table-cell><table:table table:name="inner"><table:table-row/></table:table></table:table-cell></table:table-row><table:table-row table:visibility="collapse"/><table:table-row table:number-rows-repeated="1000000" table:visibility="collapse"/></table:table></office:document-content>"#;
        assert_eq!(ods_hidden(&content[..], "Danh muc"), [2..=1_000_004]);
    }
}
