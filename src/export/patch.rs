//! What the patched copies of a file (an `.xlsx` or `.ods` workbook's, a Word or
//! OpenDocument text's) share: the cells to write (those of the copy, [`FixedCell`], that
//! differ from what the file holds, and what each is written as), where a document's
//! cells stand, the package's parts read and written again, and the splices that change
//! a part.

use crate::number::NumberFormat;
use crate::read::column_letters;
use crate::read::document::{DocumentTable, attribute, rows as document_rows};
use crate::read::rows::Row;
use crate::report::fix::FixedCell;
use crate::report::sheet::Sheet;
use quick_xml::events::{BytesStart, Event};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::ops::Range;

/// What a changed cell is written as.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Number(Decimal),
    /// A `SUM` over cells, with its result.
    Formula(String, Decimal),
    Text(String),
}

/// A cell to write: what, and whether it is filled as changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub content: Content,
    pub changed: bool,
}

/// A corrected copy to write into the file it corrects: the rows read, the copy's cells
/// for each ([`crate::report::fix::Correction::cells`]), the list of changes, and the
/// file's number format (which writes a figure whose cell holds text).
#[derive(Clone, Copy)]
pub struct Corrected<'a> {
    pub rows: &'a [Row],
    pub cells: &'a [Vec<FixedCell>],
    pub changes: &'a Sheet,
    pub numbers: &'a NumberFormat,
}

impl Corrected<'_> {
    /// The cells of the copy that differ from the file ([`edits`]).
    pub fn edits(&self) -> BTreeMap<(usize, usize), Edit> {
        edits(self.rows, self.cells, self.numbers)
    }

    /// Where each cell to write stands in a document whose tables were read as `tables`
    /// ([`places`]), with what it is written as.
    pub fn places(&self, tables: &[DocumentTable]) -> Option<Vec<(Range<usize>, Edit)>> {
        places(tables, self.rows, &self.edits())
    }
}

/// The cells of the copy that differ from the file, by the line of their row (a sheet's
/// row number, a document table's row counted through the tables read) and their column
/// (from 0).
fn edits(
    rows: &[Row],
    cells: &[Vec<FixedCell>],
    numbers: &NumberFormat,
) -> BTreeMap<(usize, usize), Edit> {
    let mut edits = BTreeMap::new();
    for (row, fixed) in rows.iter().zip(cells) {
        for (column, cell) in fixed.iter().enumerate() {
            // A figure goes in as the cell held its figure: a number, or text.
            let as_held = |figure: Decimal| match row.number(column).is_none()
                && !row.cell(column).is_empty()
            {
                true => Content::Text(numbers.written(figure)),
                false => Content::Number(figure),
            };
            let edit = match cell {
                FixedCell::Sum {
                    rows: summed,
                    figure,
                    changed: true,
                    ..
                } => {
                    // A sum over cells that hold text would add none of them: a figure.
                    let all_numbers = (summed.iter()).all(|&at| {
                        let row = &rows[at];
                        row.number(column).is_some() || row.cell(column).is_empty()
                    });
                    let content = match all_numbers {
                        true => {
                            let lines: Vec<usize> =
                                summed.iter().map(|&at| rows[at].line).collect();
                            Content::Formula(sum_formula(column, &lines), *figure)
                        }
                        false => as_held(*figure),
                    };
                    Edit {
                        content,
                        changed: true,
                    }
                }
                FixedCell::Corrected(figure) => Edit {
                    content: as_held(*figure),
                    changed: true,
                },
                // An amount as read is left; one written in the file's unit is written.
                FixedCell::Amount(figure, _)
                    if row.number(column) != Some(*figure)
                        && row.amount(column, numbers.convention).ok() != Some(*figure) =>
                {
                    Edit {
                        content: as_held(*figure),
                        changed: false,
                    }
                }
                FixedCell::Text(text) if text != row.cell(column) => Edit {
                    content: Content::Text(text.clone()),
                    changed: false,
                },
                _ => continue,
            };
            edits.insert((row.line, column), edit);
        }
    }
    edits
}

/// `SUM` over column `column` (from 0) of the sheet's rows `lines`, consecutive ones as
/// ranges: `SUM(G23:G25,G28)`.
fn sum_formula(column: usize, lines: &[usize]) -> String {
    let letters = column_letters(column + 1);
    let terms: Vec<String> = (super::xlsx::ranges(lines).into_iter())
        .map(|(first, last)| match first == last {
            true => format!("{letters}{first}"),
            false => format!("{letters}{first}:{letters}{last}"),
        })
        .collect();
    format!("SUM({})", terms.join(","))
}

/// Does the package's `[Content_Types].xml` (`types`) give the part at `path` the
/// content type `wanted`? A plain workbook's or document's main part, not a macro
/// workbook's or a template's, whose copy under `.xlsx` or `.docx` would not open.
pub fn is_typed(types: &[u8], path: &str, wanted: &str) -> bool {
    let name = format!("/{path}");
    let mut typed = false;
    crate::read::each_tag(types, |tag, _| {
        if tag.local_name().as_ref() == "Override"
            && attribute(tag, "PartName").as_deref() == Some(name.as_str())
        {
            typed = attribute(tag, "ContentType").as_deref() == Some(wanted);
        }
    });
    typed
}

/// The prefix of an element's name with its colon (`x:` of `x:row`, `w:` of `w:tc`),
/// or none: the names a patch writes beside it take the same.
pub fn prefix_of(name: &str) -> String {
    name.rfind(':')
        .map_or(String::new(), |at| name[..=at].to_owned())
}

/// `xml` with each of `splices` (a span, and the bytes put in its place) made, in the
/// order they stand (those put at one place in the order given); `None` where two
/// overlap: the places read and the text do not agree.
pub fn spliced(xml: &[u8], mut splices: Vec<(Range<usize>, Vec<u8>)>) -> Option<Vec<u8>> {
    splices.sort_by_key(|(place, _)| place.start);
    let added: usize = splices.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut out = Vec::with_capacity(xml.len() + added);
    let mut done = 0;
    for (place, bytes) in splices {
        if place.start < done || place.end < place.start {
            return None;
        }
        out.extend_from_slice(xml.get(done..place.start)?);
        out.extend(bytes);
        done = place.end;
    }
    out.extend_from_slice(xml.get(done..)?);
    Some(out)
}

/// `element` (an element's start tag and what follows it) with its start tag's
/// attributes named in `set` given those values, where they stand (at the end where
/// missing), the others kept as they were.
pub fn with_attributes(element: &[u8], set: &[(&str, &str)]) -> Option<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(element);
    let (tag, empty) = match reader.read_event().ok()? {
        Event::Start(tag) => (tag, false),
        Event::Empty(tag) => (tag, true),
        _ => return None,
    };
    let rest = &element[reader.buffer_position() as usize..];
    let mut new = BytesStart::new(tag.name().as_ref().to_owned());
    let mut missing = set.to_vec();
    for attribute in tag.attributes() {
        let attribute = attribute.ok()?;
        match missing
            .iter()
            .position(|(key, _)| attribute.key.as_ref() == *key)
        {
            Some(at) => new.push_attribute(missing.remove(at)),
            None => new.push_attribute(attribute),
        }
    }
    for pair in missing {
        new.push_attribute(pair);
    }
    let mut out = Vec::new();
    let mut writer = quick_xml::Writer::new(&mut out);
    match empty {
        true => writer.write_event(Event::Empty(new)).ok()?,
        false => writer.write_event(Event::Start(new)).ok()?,
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// A part of a package (an `.xlsx`, `.docx`, `.ods` or `.odt` zip): its bytes, at most `max`; none where
/// it is missing or larger. A byte-order mark is left out: the XML reader passes over it
/// without counting it, so the places it gives are then the bytes' (and the part is
/// written again without one, as most are).
pub fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, max: u64) -> Option<Vec<u8>> {
    let part = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    part.take(max + 1).read_to_end(&mut bytes).ok()?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    (bytes.len() as u64 <= max).then_some(bytes)
}

/// The package's parts in their order: each of `replaced` with its new bytes, those
/// `left_out` names left out, every other copied as it is stored (compressed, byte for
/// byte); then the part `added` (its name and bytes), if any.
pub fn repackaged(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    replaced: &BTreeMap<&str, Vec<u8>>,
    left_out: impl Fn(&str) -> bool,
    added: Option<(&str, &[u8])>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index)?;
        let name = part.name()?.into_owned();
        if left_out(&name) {
            continue;
        }
        match replaced.get(name.as_str()) {
            Some(bytes) => {
                drop(part);
                out.start_file(name, options)?;
                out.write_all(bytes)?;
            }
            None => out.raw_copy_file(part)?,
        }
    }
    if let Some((name, bytes)) = added {
        out.start_file(name, options)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Where each edit's cell stands in a document's text (a Word or OpenDocument one's):
/// line `n` is the `n`th row through `tables`. `None` where a cell to write has no place,
/// or where the tables read again do not hold the row's text (the document is not the
/// one read).
fn places(
    tables: &[DocumentTable],
    rows: &[Row],
    edits: &BTreeMap<(usize, usize), Edit>,
) -> Option<Vec<(Range<usize>, Edit)>> {
    // Each cell's place by its line and column.
    let mut line = 0;
    let mut by_place = BTreeMap::new();
    for table in tables {
        for (row, cell, place) in &table.places {
            by_place.insert((line + row + 1, *cell), place.clone());
        }
        line += table.rows.len();
    }
    let read_again = document_rows(tables);
    let (read, again) = (by_line(rows), by_line(&read_again));
    let mut places = Vec::new();
    for (&(line, column), edit) in edits {
        let place = by_place.get(&(line, column))?.clone();
        if read.get(&line)?.cell(column) != again.get(&line)?.cell(column) {
            return None;
        }
        places.push((place, edit.clone()));
    }
    Some(places)
}

/// Each line's row (a part's heading, numbered as the header's last row, comes after it).
fn by_line(rows: &[Row]) -> BTreeMap<usize, &Row> {
    let mut by_line = BTreeMap::new();
    for row in rows {
        by_line.entry(row.line).or_insert(row);
    }
    by_line
}

/// An element's direct children, by local name and place, and where its end tag starts.
pub type Children = (Vec<(String, Range<usize>)>, Option<usize>);

/// `element`'s direct children, by local name and where each stands in it, and where its
/// end tag starts (none for an empty element); `None` where it does not read.
pub fn children(element: &[u8]) -> Option<Children> {
    let mut reader = quick_xml::Reader::from_reader(element);
    match reader.read_event().ok()? {
        Event::Start(_) => {}
        Event::Empty(_) => return Some((Vec::new(), None)),
        _ => return None,
    }
    let mut children = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().ok()? {
            Event::Start(tag) => {
                reader.read_to_end(tag.name()).ok()?;
                let local = tag.local_name().as_ref().to_owned();
                children.push((local, before..reader.buffer_position() as usize));
            }
            Event::Empty(tag) => {
                let local = tag.local_name().as_ref().to_owned();
                children.push((local, before..reader.buffer_position() as usize));
            }
            Event::End(_) => return Some((children, Some(before))),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The first of `children` named `name`.
pub fn child<'a>(
    element: &'a [u8],
    children: &[(String, Range<usize>)],
    name: &str,
) -> Option<&'a [u8]> {
    let (_, place) = children.iter().find(|(local, _)| local == name)?;
    element.get(place.clone())
}
