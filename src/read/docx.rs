//! Word documents (`.docx`) → rows: the tables of the document, a cell merged across
//! columns (`gridSpan`) spread over them with the text in its first, a cell merged down
//! rows (`vMerge`) read once, in its first row, as a reader sees it; runs joined,
//! paragraphs inside a cell kept as line breaks. The paragraphs before a table are its
//! title lines. Read as a stream with the XML library calamine uses (quick-xml), after
//! the same size screen as workbooks.

use super::rows::{MAX_CELL_BYTES, MAX_COLUMNS, Row};
use crate::problem::{Failure, Problem};
use anyhow::Result;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// Is this a Word document (a zip holding `word/document.xml`), whatever its name?
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(Cursor::new(bytes))
            .is_ok_and(|archive| archive.index_for_name("word/document.xml").is_some())
}

/// Is this a legacy Word document (`.doc`: an OLE file holding a `WordDocument` stream)?
pub fn is_legacy_doc(bytes: &[u8]) -> bool {
    const WORD_DOCUMENT: &[u8] = b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        && memchr::memmem::find(bytes, WORD_DOCUMENT).is_some()
}

/// The most cells the tables of a document may hold (merged cells counted as the columns
/// they span): far more than a catalogue has, and memory for them stays in the hundreds
/// of megabytes.
const MAX_DOCUMENT_CELLS: u64 = 5_000_000;

/// One table of a document, with the paragraphs before it.
#[derive(Debug, Default)]
pub struct Table {
    pub titles: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The tables of a document, in order.
pub fn tables(name: &str, bytes: &[u8]) -> Result<Vec<Table>> {
    super::workbook::screen_zip(name, bytes)?;
    let damaged = || Failure::error(name, Problem::WorkbookDamaged);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| damaged())?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(1 << 30)));
    let mut buf = Vec::new();
    let mut tables = Vec::new();
    let mut titles: Vec<String> = Vec::new();
    // Nested tables are read as text of the cell they stand in.
    let mut depth = 0usize;
    let mut table = Table::default();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut paragraph = String::new();
    let mut span = 1usize;
    let mut merged_down = false;
    let mut in_text = false;
    // Cells held so far: a small document can declare millions of empty ones.
    let mut cells: u64 = 0;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|_| damaged())?;
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let opens = matches!(event, Event::Start(_));
                let attribute = |key: &str| {
                    tag.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .map(|a| a.value.into_owned())
                };
                match tag.local_name().as_ref() {
                    "tbl" if opens => {
                        depth += 1;
                        if depth == 1 {
                            table = Table {
                                titles: std::mem::take(&mut titles),
                                rows: Vec::new(),
                            };
                        }
                    }
                    "tr" if depth == 1 => row.clear(),
                    "tc" if depth == 1 => {
                        cell.clear();
                        span = 1;
                        merged_down = false;
                    }
                    "gridSpan" if depth == 1 => {
                        span = attribute("val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_COLUMNS);
                    }
                    // `<w:vMerge/>` or `val="continue"` continues the cell above.
                    "vMerge" if depth == 1 => {
                        merged_down = attribute("val").is_none_or(|v| v == "continue");
                    }
                    "t" => in_text = opens,
                    "tab" => paragraph.push(' '),
                    "br" | "cr" => paragraph.push('\n'),
                    "p" => paragraph.clear(),
                    _ => {}
                }
            }
            Event::Text(text) if in_text => {
                paragraph.push_str(&text.xml10_content());
                if paragraph.len() > MAX_CELL_BYTES {
                    return Err(Failure::error(
                        name,
                        Problem::CellTooLarge {
                            cell: row.len() + 1,
                            mib: MAX_CELL_BYTES >> 20,
                        },
                    ));
                }
            }
            Event::GeneralRef(reference) if in_text => match reference.resolve_char_ref() {
                Ok(Some(c)) => paragraph.push(c),
                _ => {
                    let name = reference.into_inner();
                    if let Some(text) = quick_xml::escape::resolve_predefined_entity(&name) {
                        paragraph.push_str(text);
                    }
                }
            },
            Event::End(tag) => match tag.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = std::mem::take(&mut paragraph);
                    if depth == 0 {
                        if !text.trim().is_empty() {
                            titles.push(text);
                        }
                    } else {
                        if !cell.is_empty() && !text.is_empty() {
                            cell.push('\n');
                        }
                        cell.push_str(&text);
                    }
                }
                "tc" if depth == 1 => {
                    cells += span as u64;
                    if cells > MAX_DOCUMENT_CELLS {
                        let max = MAX_DOCUMENT_CELLS;
                        return Err(Failure::error(name, Problem::DocumentTooLarge { max }));
                    }
                    let text = if merged_down {
                        String::new()
                    } else {
                        std::mem::take(&mut cell)
                    };
                    row.push(text);
                    for _ in 1..span {
                        row.push(String::new());
                    }
                    if row.len() > MAX_COLUMNS {
                        return Err(Failure::error(
                            name,
                            Problem::TooManyCells { max: MAX_COLUMNS },
                        ));
                    }
                }
                "tr" if depth == 1 => table.rows.push(std::mem::take(&mut row)),
                "tbl" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        tables.push(std::mem::take(&mut table));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(tables)
}

/// The rows of one table as a catalogue reader takes them: its title lines first (line
/// 0), then its rows numbered from 1.
pub fn rows(table: &Table) -> Vec<Row> {
    let titles = table.titles.iter().map(|t| Row::text(0, [t.as_str()]));
    let body = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, cells)| Row::text(i + 1, cells.iter().map(|c| crate::text::clean_cell(c))));
    titles.chain(body).collect()
}
