//! Word 97-2003 documents (`.doc`) → tables, as [MS-DOC] sets them out. The file is an OLE
//! container ([`cfb`]): its `WordDocument` stream holds the text in pieces, which the
//! table stream (`0Table` or `1Table`) lists, with each paragraph's properties on pages of
//! 512 bytes of the text stream. In the text a table's cell ends with the mark 0x07, and
//! so does its row: a paragraph of its own whose properties say so and set out the row's
//! cells, their edges and which continue the cell above. A cell merged across columns is
//! one wider cell, so the edges of all a table's rows make its columns, and such a cell
//! is spread over the columns it covers, with its text in the first, as in the other
//! documents ([`Builder`]).
//!
//! Read: the main text, a field's result (not its code), a table nested in a cell as that
//! cell's text, the numbers Word draws before the paragraphs of a list (`1.`, `II.`, from
//! the lists the table stream defines, [`lists`]). Not read: the numbers of lists set by
//! a paragraph style, text a tracked change deleted, headers, footers, notes and text
//! boxes, and paragraph properties a "fast save" (an option Word 2003 and later leave
//! off) keeps beside the text; Word 6 and Word 95 files, of an older layout, are refused
//! with what to do.

use super::document::{Builder, DocumentTable, Held};
use super::numbering::{LEVELS, NumberStyle, WordLevel, WordNumbering};
use crate::problem::{Failure, Problem};
use anyhow::Result;
use std::io::{Cursor, Read};
use std::ops::Range;

/// Is this a Word document of the binary format: an OLE container holding a
/// `WordDocument` stream?
pub fn is_word_binary(bytes: &[u8]) -> bool {
    const WORD_DOCUMENT: &[u8] = b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        && memchr::memmem::find(bytes, WORD_DOCUMENT).is_some()
}

/// The tables of a Word 97-2003 document, in order, each with the paragraphs before it.
pub fn tables(name: &str, bytes: &[u8]) -> Result<Vec<DocumentTable>> {
    let failure = |problem| Failure::error(name, problem);
    let damaged = || failure(Problem::DocumentDamaged);
    let mut container = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| damaged())?;
    // A stream is read whole, as its file holds it: no more bytes than the file has.
    let mut stream = |path: &str| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let stream = container.open_stream(path).ok()?;
        stream.take(bytes.len() as u64).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let word = stream("WordDocument").ok_or_else(damaged)?;
    let fib = Fib::read(&word).map_err(failure)?;
    let table = stream(fib.table_stream).ok_or_else(damaged)?;
    let data = stream("Data").unwrap_or_default();
    let pieces = pieces(&table, fib.clx).ok_or_else(damaged)?;
    let pages = |at| PropertyPages::new(&word, &table, at).ok_or_else(damaged);
    let paragraphs = Paragraphs {
        pages: pages(fib.paragraph_pages)?,
        data: &data,
    };
    let characters = pages(fib.character_pages)?;
    let mut walker = Walker {
        numbering: lists(&table, fib.lists, fib.list_overrides),
        ..Walker::default()
    };
    // The run of characters in hand (bytes of the text stream) and whether a tracked
    // change deleted it, or it is hidden: such text is not the document's, as Word shows
    // and prints it. (A hidden run's marks of cells and paragraphs still set the table
    // out: only its text is passed over.)
    let mut run = CharacterRun::default();
    let mut read_char = |c: char, fc: u32| -> Result<()> {
        if !run.bytes.contains(&fc) {
            run = characters.run_at(fc);
        }
        if run.deleted || (run.hidden && (!c.is_control() || c == '\t')) {
            return Ok(());
        }
        walker.char(c, fc, &paragraphs).map_err(failure)
    };
    let mut chars = 0usize;
    for piece in pieces {
        let end = piece.end.min(fib.text_chars);
        let count = end.saturating_sub(piece.start) as usize;
        if count == 0 {
            continue;
        }
        // Pieces of a document do not share bytes: more characters than the stream has
        // bytes is a damaged (or hostile) piece table.
        chars += count;
        if chars > word.len() {
            return Err(damaged());
        }
        let width = if piece.compressed { 1 } else { 2 };
        let at = piece.fc as usize;
        let text = word.get(at..at + count * width).ok_or_else(damaged)?;
        if piece.compressed {
            // Windows-1252, as [MS-DOC] says: every byte one character.
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(text);
            for (k, c) in text.chars().enumerate() {
                read_char(c, (at + k) as u32)?;
            }
        } else {
            let units = text
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]));
            let mut offset = at;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                read_char(c, offset as u32)?;
                offset += 2 * c.len_utf16();
            }
        }
    }
    build(name, walker.finish())
}

/// What the tables are read from in the File Information Block at the start of the
/// `WordDocument` stream.
struct Fib {
    table_stream: &'static str,
    /// Characters of the main text (`ccpText`), which the headers, notes and text boxes
    /// follow.
    text_chars: u32,
    /// Where in the table stream the piece table (`Clx`) and the tables of character and
    /// paragraph property pages (`PlcBteChpx`, `PlcBtePapx`) are: offset and length.
    clx: (u32, u32),
    character_pages: (u32, u32),
    paragraph_pages: (u32, u32),
    /// The lists' definitions (`PlfLst`) and the lists paragraphs name (`PlfLfo`).
    lists: (u32, u32),
    list_overrides: (u32, u32),
}

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, Problem> {
        // Word 97 and later write 193 or more; Word 6 and Word 95 less, with another
        // layout and another mark.
        if u16_at(word, 2).ok_or(Problem::DocumentDamaged)? < 0xC1 {
            return Err(Problem::LegacyWordDocument);
        }
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(Problem::DocumentDamaged);
        }
        let flags = u16_at(word, 0x0A).ok_or(Problem::DocumentDamaged)?;
        if flags & 0x0100 != 0 {
            return Err(Problem::DocumentPassword);
        }
        let table_stream = if flags & 0x0200 != 0 {
            "1Table"
        } else {
            "0Table"
        };
        let words = 34 + 2 * usize::from(u16_at(word, 32).ok_or(Problem::DocumentDamaged)?);
        let longs = usize::from(u16_at(word, words).ok_or(Problem::DocumentDamaged)?);
        let text_chars = u32_at(word, words + 2 + 3 * 4).filter(|_| longs > 3);
        let pairs_at = words + 2 + 4 * longs;
        let pairs = usize::from(u16_at(word, pairs_at).ok_or(Problem::DocumentDamaged)?);
        let pair = |index: usize| -> Option<(u32, u32)> {
            let at = pairs_at + 2 + 8 * index;
            (index < pairs).then_some((u32_at(word, at)?, u32_at(word, at + 4)?))
        };
        Ok(Fib {
            table_stream,
            text_chars: text_chars.ok_or(Problem::DocumentDamaged)?,
            clx: pair(33).ok_or(Problem::DocumentDamaged)?,
            character_pages: pair(12).ok_or(Problem::DocumentDamaged)?,
            paragraph_pages: pair(13).ok_or(Problem::DocumentDamaged)?,
            lists: pair(73).unwrap_or_default(),
            list_overrides: pair(74).unwrap_or_default(),
        })
    }
}

/// A run of the main text stored in one place of the `WordDocument` stream: characters
/// `start..end`, from byte `fc`, one byte each (Windows-1252) or two (UTF-16LE).
struct Piece {
    start: u32,
    end: u32,
    fc: u32,
    compressed: bool,
}

/// The pieces of the text, from the piece table at the end of the `Clx` (after any
/// property lists of "fast saves").
fn pieces(table: &[u8], clx: (u32, u32)) -> Option<Vec<Piece>> {
    let clx = slice(table, clx)?;
    let mut at = 0;
    let plc = loop {
        match clx.get(at)? {
            1 => at += 3 + usize::from(u16_at(clx, at + 1)?),
            2 => {
                let len = u32_at(clx, at + 1)? as usize;
                break clx.get(at + 5..(at + 5).checked_add(len)?)?;
            }
            _ => return None,
        }
    };
    let plc = Plc::new(plc, 8)?;
    (0..plc.count)
        .map(|i| {
            let raw = u32_at(plc.entry(i), 2)?;
            let compressed = raw & 0x4000_0000 != 0;
            let fc = raw & 0x3FFF_FFFF;
            Some(Piece {
                start: plc.position(i),
                end: plc.position(i + 1),
                fc: if compressed { fc / 2 } else { fc },
                compressed,
            })
        })
        .collect()
}

/// A PLC of [MS-DOC]: `count + 1` positions, then `count` entries of `size` bytes.
struct Plc<'a> {
    bytes: &'a [u8],
    count: usize,
    size: usize,
}

impl<'a> Plc<'a> {
    fn new(bytes: &'a [u8], size: usize) -> Option<Self> {
        let count = bytes.len().checked_sub(4)? / (4 + size);
        Some(Plc { bytes, count, size })
    }

    fn position(&self, index: usize) -> u32 {
        u32_at(self.bytes, 4 * index).unwrap_or(u32::MAX)
    }

    fn entry(&self, index: usize) -> &'a [u8] {
        let at = 4 * (self.count + 1) + self.size * index;
        &self.bytes[at..at + self.size]
    }

    /// The entry whose range holds `position`.
    fn find(&self, position: u32) -> Option<usize> {
        // The first entry starting past `position`, by halves; the one before holds it.
        let (mut low, mut high) = (0, self.count);
        while low < high {
            let middle = low + (high - low) / 2;
            if self.position(middle) <= position {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let index = low.checked_sub(1)?;
        (position < self.position(index + 1)).then_some(index)
    }
}

/// What a paragraph's properties say of the table it stands in.
#[derive(Default)]
struct Paragraph {
    in_table: bool,
    /// The paragraph is a row's end mark, or that of a row of a table in a cell.
    row_end: bool,
    inner_row_end: bool,
    /// A row end's cells: their edges and which continue a cell above or before them,
    /// and the cells said to continue the one above or not by changes of their own
    /// (`sprmTVertMerge`), before or after the cells are set out.
    cells: Option<RowCells>,
    merged_down: Vec<(usize, bool)>,
    /// The list the paragraph is an item of (`sprmPIlfo`, from 1), and its level.
    list: u16,
    level: u8,
}

#[derive(Clone, Default)]
pub(super) struct RowCells {
    /// The edges of the cells, left to right, in twentieths of a point: one more than the
    /// cells.
    pub(super) edges: Vec<i32>,
    pub(super) merged: Vec<bool>,
    /// Which of the merged cells continue the cell above (not the one before).
    pub(super) down: Vec<bool>,
}

/// The pages of character or paragraph properties (`FKP`s, 512 bytes of the text stream
/// each), listed by a PLC in the table stream of the bytes of text each covers.
struct PropertyPages<'a> {
    word: &'a [u8],
    pages: Plc<'a>,
}

/// The properties a page gives a run of text: where the run is, and where its
/// properties start on the page (`None` where it has none of its own).
struct PropertyRun<'a> {
    page: &'a [u8],
    properties: Option<usize>,
    bytes: Range<u32>,
}

impl<'a> PropertyPages<'a> {
    fn new(word: &'a [u8], table: &'a [u8], at: (u32, u32)) -> Option<Self> {
        let pages = Plc::new(slice(table, at)?, 4)?;
        Some(PropertyPages { word, pages })
    }

    /// The run holding byte `fc` of the text stream, on a page whose entries are `entry`
    /// bytes long (their first byte the properties' place, in 2-byte words).
    fn run(&self, fc: u32, entry: usize) -> Option<PropertyRun<'a>> {
        let page = self.pages.entry(self.pages.find(fc)?);
        let page_number = (u32_at(page, 0)? & 0x003F_FFFF) as usize;
        let page = self.word.get(page_number * 512..page_number * 512 + 512)?;
        let runs = usize::from(page[511]);
        let marks = Plc {
            bytes: page.get(..4 * (runs + 1))?,
            count: runs,
            size: 0,
        };
        let index = marks.find(fc)?;
        let offset = 2 * usize::from(*page.get(4 * (runs + 1) + entry * index)?);
        Some(PropertyRun {
            page,
            properties: (offset != 0).then_some(offset),
            bytes: marks.position(index)..marks.position(index + 1),
        })
    }

    /// The run of characters holding byte `fc`: the bytes it covers, and whether a
    /// tracked change deleted it (`sprmCFRMarkDel`) or it is hidden (`sprmCFVanish`), each
    /// on, or 0x81: the opposite of its style's, which is off.
    fn run_at(&self, fc: u32) -> CharacterRun {
        let Some(run) = self.run(fc, 1) else {
            return CharacterRun {
                bytes: fc..fc.saturating_add(1),
                ..CharacterRun::default()
            };
        };
        let grpprl = run.properties.and_then(|at| {
            let len = usize::from(*run.page.get(at)?);
            run.page.get(at + 1..at + 1 + len)
        });
        let on = |wanted: u16| {
            Sprms(grpprl.unwrap_or_default())
                .any(|(sprm, operand)| sprm == wanted && matches!(operand, [1 | 0x81]))
        };
        CharacterRun {
            deleted: on(SPRM_DELETED),
            hidden: on(SPRM_HIDDEN),
            bytes: run.bytes,
        }
    }
}

/// A run of characters: the bytes of the text stream it covers, and what its properties
/// say of its text.
#[derive(Default)]
struct CharacterRun {
    bytes: Range<u32>,
    deleted: bool,
    hidden: bool,
}

/// The properties of the paragraphs, looked up by the byte of their mark.
struct Paragraphs<'a> {
    pages: PropertyPages<'a>,
    /// The `Data` stream, where properties too many for a page stand.
    data: &'a [u8],
}

impl Paragraphs<'_> {
    /// The properties of the paragraph whose mark is the character at byte `fc`; none
    /// where the file does not say.
    fn at(&self, fc: u32) -> Paragraph {
        let mut paragraph = Paragraph::default();
        if let Some(grpprl) = self.properties(fc) {
            self.apply(grpprl, &mut paragraph, true);
        }
        if let Some(cells) = &mut paragraph.cells {
            for &(column, merged) in &paragraph.merged_down {
                if let Some(cell) = cells.merged.get_mut(column) {
                    *cell = merged;
                }
                if let Some(cell) = cells.down.get_mut(column) {
                    *cell = merged;
                }
            }
        }
        paragraph
    }

    fn properties(&self, fc: u32) -> Option<&[u8]> {
        let run = self.pages.run(fc, 13)?;
        let (page, offset) = (run.page, run.properties?);
        let (at, len) = match *page.get(offset)? {
            0 => (offset + 2, 2 * usize::from(*page.get(offset + 1)?)),
            cb => (offset + 1, 2 * usize::from(cb) - 1),
        };
        // The paragraph's style (2 bytes), then its property changes.
        page.get(at..at + len)?.get(2..)
    }

    fn apply(&self, grpprl: &[u8], paragraph: &mut Paragraph, outer: bool) {
        for (sprm, operand) in Sprms(grpprl) {
            let flag = operand.first().is_some_and(|&b| b != 0);
            match sprm {
                SPRM_IN_TABLE => paragraph.in_table |= flag,
                SPRM_ROW_END => paragraph.row_end = flag,
                SPRM_INNER_ROW_END => paragraph.inner_row_end = flag,
                SPRM_TABLE_DEPTH => paragraph.in_table |= u32_at(operand, 0).is_some_and(|d| d > 0),
                SPRM_TABLE_CELLS => paragraph.cells = row_cells(operand),
                SPRM_LIST => paragraph.list = u16_at(operand, 0).unwrap_or(0),
                SPRM_LIST_LEVEL => paragraph.level = operand.first().copied().unwrap_or(0),
                SPRM_MERGED_DOWN => {
                    if let [_, column, merge, ..] = *operand {
                        paragraph
                            .merged_down
                            .push((usize::from(column), merge == 1));
                    }
                }
                // The properties stand in the `Data` stream, too many for a page.
                SPRM_HUGE_PROPERTIES if outer => {
                    let huge = u32_at(operand, 0).and_then(|at| {
                        let at = at as usize;
                        let len = usize::from(u16_at(self.data, at)?);
                        self.data.get(at + 2..at + 2 + len)
                    });
                    if let Some(huge) = huge {
                        self.apply(huge, paragraph, false);
                    }
                }
                _ => {}
            }
        }
    }
}

const SPRM_IN_TABLE: u16 = 0x2416;
const SPRM_ROW_END: u16 = 0x2417;
const SPRM_INNER_ROW_END: u16 = 0x244C;
const SPRM_DELETED: u16 = 0x0800;
const SPRM_HIDDEN: u16 = 0x083C;
const SPRM_TABLE_DEPTH: u16 = 0x6649;
const SPRM_HUGE_PROPERTIES: u16 = 0x6646;
const SPRM_TABLE_CELLS: u16 = 0xD608;
const SPRM_MERGED_DOWN: u16 = 0xD62B;
const SPRM_LIST: u16 = 0x460B;
const SPRM_LIST_LEVEL: u16 = 0x260A;

/// The lists of a document as Word numbers them. The table stream defines each list
/// (`LSTF`, by its `lsid`, with one level or nine, each an `LVL` after the `PlfLst`), and
/// the lists paragraphs name (`LFO`s, each drawn by a definition, some starting levels
/// afresh). A damaged definition ends the reading: the lists read so far are drawn.
fn lists(table: &[u8], definitions: (u32, u32), overrides: (u32, u32)) -> WordNumbering {
    let mut numbering = WordNumbering::default();
    let Some(count) = slice(table, definitions).and_then(|bytes| u16_at(bytes, 0)) else {
        return numbering;
    };
    let start = definitions.0 as usize;
    let mut levels_at = start + 2 + 28 * usize::from(count);
    for i in 0..usize::from(count) {
        let at = start + 2 + 28 * i;
        let (Some(id), Some(&flags)) = (u32_at(table, at), table.get(at + 26)) else {
            return numbering;
        };
        let mut levels = Vec::new();
        for _ in 0..if flags & 1 != 0 { 1 } else { 9 } {
            let Some((level, next)) = list_level(table, levels_at) else {
                return numbering;
            };
            levels.push(level);
            levels_at = next;
        }
        numbering.define(id.to_string(), levels);
    }
    let Some(count) = slice(table, overrides).and_then(|bytes| u32_at(bytes, 0)) else {
        return numbering;
    };
    let start = overrides.0 as usize;
    let count = (count as usize).min(table.len() / 16);
    let mut data_at = start + 4 + 16 * count;
    for i in 0..count {
        let at = start + 4 + 16 * i;
        let (Some(id), Some(&changed)) = (u32_at(table, at), table.get(at + 12)) else {
            return numbering;
        };
        // Its data: a position, then each level it changes, with that level's
        // definition where it gives one.
        data_at += 4;
        let mut restarts = [None; LEVELS];
        for _ in 0..changed {
            let (Some(start), Some(flags)) = (u32_at(table, data_at), u32_at(table, data_at + 4))
            else {
                return numbering;
            };
            data_at += 8;
            if flags & 0x10 != 0 {
                restarts[(flags & 0xF) as usize % LEVELS] = Some((start as i32).max(0) as u32);
            }
            if flags & 0x20 != 0 {
                match list_level(table, data_at) {
                    Some((_, next)) => data_at = next,
                    None => return numbering,
                }
            }
        }
        numbering.add_list((i + 1).to_string(), id.to_string(), restarts);
    }
    numbering
}

/// The list level (`LVL`) at `at`: its first number, its number format, whether its
/// numbers are all digits, then its properties, and its label, whose characters 0 to 8
/// stand for the numbers of those levels; with where the next one starts.
fn list_level(table: &[u8], at: usize) -> Option<(WordLevel, usize)> {
    let start = (u32_at(table, at)? as i32).max(0) as u32;
    let (format, flags) = (*table.get(at + 4)?, *table.get(at + 5)?);
    let properties = usize::from(*table.get(at + 24)?) + usize::from(*table.get(at + 25)?);
    let text_at = at + 28 + properties;
    let units = usize::from(u16_at(table, text_at)?);
    let bytes = table.get(text_at + 2..text_at + 2 + 2 * units)?;
    let text: String = char::decode_utf16(
        bytes
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]])),
    )
    .map(|c| match c {
        Ok(c @ '\0'..='\u{8}') => format!("%{}", c as u32 + 1),
        Ok(c) => c.to_string(),
        Err(_) => char::REPLACEMENT_CHARACTER.to_string(),
    })
    .collect();
    let style = NumberStyle::word_binary(format);
    let level = WordLevel::new(start, style, &text, flags & 0x04 != 0);
    Some((level, text_at + 2 + 2 * units))
}

/// A row's cells from the operand of `sprmTDefTable`: the count, the edges, then 20 bytes
/// a cell (a `TC80`, fewer where the rest are plain), whose bits 5-6 say whether it
/// continues the cell above (1) and bits 0-1 the cell before (2).
fn row_cells(operand: &[u8]) -> Option<RowCells> {
    let count = usize::from(*operand.get(2)?);
    let edges = (0..=count)
        .map(|i| u16_at(operand, 3 + 2 * i).map(|e| i32::from(e as i16)))
        .collect::<Option<Vec<i32>>>()?;
    let cells_at = 3 + 2 * (count + 1);
    let flags = |i: usize| u16_at(operand, cells_at + 20 * i);
    let down: Vec<bool> = (0..count)
        .map(|i| flags(i).is_some_and(|flags| (flags >> 5) & 3 == 1))
        .collect();
    let merged = (0..count)
        .map(|i| down[i] || flags(i).is_some_and(|flags| flags & 3 == 2))
        .collect();
    Some(RowCells {
        edges,
        merged,
        down,
    })
}

/// The property changes of a list: each a 2-byte `sprm` and its operand, whose size the
/// sprm's top three bits give, or its first byte (two for a table's cells).
struct Sprms<'a>(&'a [u8]);

impl<'a> Iterator for Sprms<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let sprm = u16_at(self.0, 0)?;
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // The table's cells count their operand in two bytes, one more than follow.
            _ if sprm == SPRM_TABLE_CELLS => 1 + usize::from(u16_at(self.0, 2)?),
            _ => 1 + usize::from(*self.0.get(2)?),
        };
        let operand = self.0.get(2..2 + len)?;
        self.0 = &self.0[2 + len..];
        Some((sprm, operand))
    }
}

/// What the text makes: lines outside tables, and rows (an RTF document's too).
pub(super) enum Item {
    Line(String),
    /// A row's cells, its layout where known, and the instruction of the field each cell
    /// that holds one shows the result of (its first), by cell.
    Row(Vec<String>, Option<RowCells>, Vec<(usize, String)>),
}

/// Fields in fields deeper than this are read as part of the one they stand in: a
/// document nests a few.
const MAX_FIELD_DEPTH: usize = 64;

/// Turns the characters of the main text into [`Item`]s, within the limits documents
/// are held to.
#[derive(Default)]
struct Walker {
    items: Vec<Item>,
    paragraph: String,
    /// The cell in hand's earlier paragraphs, and the row's cells before it.
    cell: String,
    cells: Vec<String>,
    /// Fields open, each showing its code (`false`) or its result; how many show a code;
    /// how many are open past the depth followed (taken as part of the one they are in).
    fields: Vec<bool>,
    /// The outermost field's code, while it is read, and the first field's code in the
    /// cell in hand and the row's cells before it ([`Item::Row`]).
    instruction: String,
    cell_field: Option<String>,
    row_fields: Vec<(usize, String)>,
    hidden: usize,
    too_deep: usize,
    held: Held,
    numbering: WordNumbering,
}

impl Walker {
    fn char(&mut self, c: char, fc: u32, paragraphs: &Paragraphs) -> Result<(), Problem> {
        match c {
            '\r' | '\x0c' => {
                let paragraph = paragraphs.at(fc);
                self.number(&paragraph);
                if paragraph.inner_row_end {
                    self.paragraph.clear();
                } else if paragraph.in_table {
                    self.cell.push_str(&std::mem::take(&mut self.paragraph));
                    self.cell.push('\n');
                } else {
                    self.end_row(None);
                    let line = std::mem::take(&mut self.paragraph);
                    // An empty paragraph is no title line; it only ends a table above it.
                    if !line.trim().is_empty() || matches!(self.items.last(), Some(Item::Row(..))) {
                        self.held.item()?;
                        self.items.push(Item::Line(line));
                    }
                }
            }
            '\x07' => {
                let paragraph = paragraphs.at(fc);
                if paragraph.row_end {
                    self.paragraph.clear();
                    self.end_row(paragraph.cells);
                } else {
                    self.number(&paragraph);
                    self.cell.push_str(&std::mem::take(&mut self.paragraph));
                    if let Some(field) = self.cell_field.take() {
                        self.row_fields.push((self.cells.len(), field));
                    }
                    self.cells.push(std::mem::take(&mut self.cell));
                    self.held.item()?;
                }
            }
            '\x13' if self.fields.len() == MAX_FIELD_DEPTH => self.too_deep += 1,
            '\x13' => {
                if self.fields.is_empty() {
                    self.instruction.clear();
                }
                self.fields.push(false);
                self.hidden += 1;
            }
            '\x14' | '\x15' if self.too_deep > 0 => self.too_deep -= usize::from(c == '\x15'),
            '\x14' => {
                if self.fields == [false] && self.cell_field.is_none() {
                    self.cell_field = Some(std::mem::take(&mut self.instruction));
                }
                if let Some(shown @ false) = self.fields.last_mut() {
                    *shown = true;
                    self.hidden -= 1;
                }
            }
            '\x15' => {
                if self.fields.pop() == Some(false) {
                    self.hidden -= 1;
                }
            }
            // The outermost field's code (`=SUM(ABOVE)`), kept short.
            c if self.fields == [false] => {
                if self.instruction.len() < super::document::MAX_FORMULA_BYTES {
                    self.instruction.push(c);
                }
            }
            _ if self.hidden > 0 => {}
            '\x0b' => self.paragraph.push('\n'),
            '\t' => self.paragraph.push(' '),
            '\x1e' => self.paragraph.push('-'),
            '\x1f' => self.paragraph.push(super::document::SOFT_HYPHEN),
            c if c < ' ' => {}
            c => {
                self.paragraph.push(c);
                self.held.text(c.len_utf8())?;
            }
        }
        Ok(())
    }

    /// Puts the number Word draws before the paragraph ending here, if it is a list's.
    fn number(&mut self, paragraph: &Paragraph) {
        if paragraph.list == 0 {
            return;
        }
        let list = paragraph.list.to_string();
        let level = usize::from(paragraph.level);
        if let Some(label) = self.numbering.label(None, Some(&list), Some(level)) {
            self.paragraph.insert_str(0, &label);
        }
    }

    /// Ends the row in hand, if there is one.
    fn end_row(&mut self, cells: Option<RowCells>) {
        if !self.cell.is_empty() {
            self.cells.push(std::mem::take(&mut self.cell));
        }
        if !self.cells.is_empty() || cells.is_some() {
            let fields = std::mem::take(&mut self.row_fields);
            self.items
                .push(Item::Row(std::mem::take(&mut self.cells), cells, fields));
        }
        (self.cell_field, self.row_fields) = (None, Vec::new());
    }

    fn finish(mut self) -> Vec<Item> {
        self.end_row(None);
        if !self.paragraph.is_empty() {
            self.items
                .push(Item::Line(std::mem::take(&mut self.paragraph)));
        }
        self.items
    }
}

/// Edges of cells this close (in twentieths of a point) are one column edge: rows set
/// out by hand differ by a twip or two.
const EDGE_SLACK: i32 = 5;

/// The tables of the items: each run of rows a table, its columns the edges of all its
/// rows' cells.
pub(super) fn build(name: &str, items: Vec<Item>) -> Result<Vec<DocumentTable>> {
    let mut tables = Builder::new(name);
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        let (cells, layout, fields) = match item {
            Item::Line(line) => {
                tables.open_paragraph();
                tables.text(&line)?;
                tables.close_paragraph()?;
                continue;
            }
            Item::Row(cells, layout, fields) => (cells, layout, fields),
        };
        let mut rows = vec![(cells, layout, fields)];
        while let Some(Item::Row(..)) = items.peek() {
            if let Some(Item::Row(cells, layout, fields)) = items.next() {
                rows.push((cells, layout, fields));
            }
        }
        // A row's layout is used where it sets out as many cells as the row has.
        for (cells, layout, _) in &mut rows {
            if layout
                .as_ref()
                .is_some_and(|l| l.edges.len() != cells.len() + 1)
            {
                *layout = None;
            }
        }
        let mut edges: Vec<i32> = rows
            .iter()
            .filter_map(|(_, layout, _)| layout.as_ref())
            .flat_map(|layout| layout.edges.iter().copied())
            .collect();
        edges.sort_unstable();
        edges.dedup_by(|later, kept| *later - *kept <= EDGE_SLACK);
        let column = |edge: i32| edges.partition_point(|&e| e < edge - EDGE_SLACK);
        tables.open_table();
        for (cells, layout, fields) in rows {
            tables.open_row(1);
            if let Some(layout) = &layout {
                for _ in 0..column(layout.edges[0]) {
                    tables.open_cell();
                    tables.close_cell()?;
                }
            }
            for (index, text) in cells.iter().enumerate() {
                tables.open_cell();
                if let Some(layout) = &layout {
                    // Edges out of order (a damaged row) span one column.
                    let spans =
                        column(layout.edges[index + 1]).saturating_sub(column(layout.edges[index]));
                    tables.set_spans(spans.max(1));
                    if layout.down.get(index).copied().unwrap_or(false) {
                        tables.set_merged_down();
                    } else if layout.merged[index] {
                        tables.set_merged_across();
                    }
                }
                if let Some((_, field)) = fields.iter().find(|(at, _)| *at == index) {
                    tables.set_formula(field);
                }
                tables.open_paragraph();
                tables.text(text.trim_end_matches('\n'))?;
                tables.close_paragraph()?;
                tables.close_cell()?;
            }
            tables.close_row()?;
        }
        tables.close_table();
    }
    Ok(tables.finish())
}

fn slice(bytes: &[u8], (at, len): (u32, u32)) -> Option<&[u8]> {
    let at = at as usize;
    bytes.get(at..at.checked_add(len as usize)?)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<DocumentTable> {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        tables(name, &std::fs::read(path).unwrap()).unwrap()
    }

    /// The appendix's header is two rows deep: `Kinh phí` over three cells in a row with
    /// seven, the cells under it in a row of ten. The edges of both make ten columns,
    /// and every row of the table has them.
    #[test]
    fn cells_merged_across_are_spread_over_the_columns_they_cover() {
        let tables = fixture("soc-trang-appendix.doc");
        assert_eq!(tables.len(), 2);
        let catalogue = &tables[0];
        assert!(catalogue.rows.iter().all(|row| row.len() == 10));
        let top = catalogue.rows.iter().position(|r| r[0] == "STT").unwrap();
        assert_eq!(
            catalogue.rows[top][5..],
            ["Nội dung dự án", "Kinh phí (triệu đồng)", "", "", "Ghi chú"]
        );
        let under = &catalogue.rows[top + 1];
        assert_eq!(under[..6], ["", "", "", "", "", ""]);
        assert_eq!(under[6], "Tổng vốn dự án");
        assert_eq!(catalogue.titles.len(), 1);
        // The title line merged across the table stands in its first column.
        assert_eq!(catalogue.rows[0][0], "GIAI ĐOẠN 2020-2025");
    }

    /// A field shows its result, not its code, however deep; a line break is a new line
    /// of the paragraph; fields nested past the depth followed are part of the one they
    /// stand in.
    #[test]
    fn fields_show_their_results() {
        let no_properties = [0u8; 4];
        let paragraphs = Paragraphs {
            pages: PropertyPages {
                word: &[],
                pages: Plc::new(&no_properties, 4).unwrap(),
            },
            data: &[],
        };
        let read = |text: &str| {
            let mut walker = Walker::default();
            for c in text.chars() {
                walker.char(c, 0, &paragraphs).unwrap();
            }
            let lines: Vec<String> = walker
                .finish()
                .into_iter()
                .map(|item| match item {
                    Item::Line(line) => line,
                    Item::Row(cells, ..) => cells.join("|"),
                })
                .collect();
            lines
        };
        assert_eq!(
            read("Trang \x13 PAGE \\* MERGEFORMAT \x142\x15 / \x13NUMPAGES\x15\r"),
            ["Trang 2 / "]
        );
        assert_eq!(
            read("\x13 IF \x13 REF a \x14x\x15 = x \x14yes\x15\x0bnext\tcell\r"),
            ["yes\nnext cell"]
        );
        let deep = format!("{}code\x14shown{}", "\x13".repeat(100), "\x15".repeat(100));
        assert_eq!(read(&format!("{deep}after\r")), ["after"]);
        // Without paragraph properties a cell mark ends a cell, never a row.
        assert_eq!(read("a\x07b\x07"), ["a|b"]);
    }

    /// A row whose cell edges go back (a damaged file; found by fuzzing) is read, its
    /// cell whose edges go back one column wide, not a panic.
    #[test]
    fn edges_out_of_order_span_one_column() {
        let layout = |edges: Vec<i32>| {
            Some(RowCells {
                merged: vec![false; edges.len() - 1],
                down: vec![false; edges.len() - 1],
                edges,
            })
        };
        let cells = || vec!["a".to_owned(), "b".to_owned()];
        let items = vec![
            Item::Row(cells(), layout(vec![0, 100, 200]), Vec::new()),
            Item::Row(cells(), layout(vec![100, 50, 200]), Vec::new()),
        ];
        let tables = build("damaged.doc", items).unwrap();
        let texts: Vec<&String> = tables[0].rows[1].iter().filter(|c| !c.is_empty()).collect();
        assert_eq!(texts, ["a", "b"]);
    }

    #[test]
    fn property_changes_are_read_by_the_size_their_code_gives() {
        // A flag (1 byte), the table depth (4 bytes), a table's cells (its size in two
        // bytes, one more than follow), a variable list (its size in one byte).
        let list = [
            0x16, 0x24, 1, //
            0x49, 0x66, 1, 0, 0, 0, //
            0x08, 0xD6, 6, 0, 1, 0, 0, 0x10, 0, //
            0x2B, 0xD6, 2, 0, 1,
        ];
        let read: Vec<(u16, usize)> = Sprms(&list).map(|(s, o)| (s, o.len())).collect();
        assert_eq!(read, [(0x2416, 1), (0x6649, 4), (0xD608, 7), (0xD62B, 3)]);
        let cells = row_cells(&list[11..18]).unwrap();
        assert_eq!(cells.edges, [0, 16]);
        // Cut short: no more property changes, no panic.
        assert_eq!(Sprms(&list[..12]).count(), 2);
    }
}
