//! Rich Text Format documents (`.rtf`, and the many `.doc` files that are RTF inside) →
//! tables. RTF is text: groups in braces, control words (`\par`, `\cell`, `\row`), and
//! the document's text between them. A row of a table is set out first (`\trowd`, each
//! cell's right edge by `\cellx`, the cells merged into the one before or above by
//! `\clmrg` and `\clvmrg`), then its cells' text, each ended by `\cell`, and the row by
//! `\row`; the rows become tables as a `.doc`'s do ([`build`]), their columns the edges of
//! all their cells. Text stands as `\uN` (Unicode, with a fallback the reader skips), as
//! `\'hh` (a byte in the code page of the document or of its font: Windows-1258 for
//! `\fcharset163`), or as itself.
//!
//! Not read: the groups that are no text of the body (`{\*…}`, fonts, styles, pictures
//! and their binary data, headers, footers, notes, a field's code), text a tracked
//! change deleted (`\deleted`) and hidden text (`\v`); a table in a cell (`\nestcell`)
//! is that cell's text.

use super::document::{DocumentTable, Held};
use super::word_binary::{Item, RowCells, build};
use crate::problem::{Failure, Problem};
use anyhow::Result;
use encoding_rs::Encoding;

/// Is this an RTF document?
pub fn is_rtf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"{\\rtf")
}

/// Groups nested deeper than this are a damaged (or hostile) document: Word's own nest
/// a few dozen.
const MAX_GROUP_DEPTH: usize = 10_000;

/// The fonts a document may set out: Word's own set out a few dozen.
const MAX_FONTS: usize = 1000;

/// The groups whose text is not the body's.
const NOT_BODY: [&[u8]; 30] = [
    b"fonttbl",
    b"colortbl",
    b"stylesheet",
    b"info",
    b"pict",
    b"header",
    b"headerl",
    b"headerr",
    b"headerf",
    b"footer",
    b"footerl",
    b"footerr",
    b"footerf",
    b"footnote",
    b"object",
    b"themedata",
    b"colorschememapping",
    b"latentstyles",
    b"datastore",
    b"xmlnstbl",
    b"listtable",
    b"listoverridetable",
    b"rsidtbl",
    b"generator",
    b"pgdsctbl",
    b"annotation",
    b"shp",
    b"nonshppict",
    b"filetbl",
    b"revtbl",
];

/// What a group sets for the text in it.
#[derive(Clone, Copy)]
struct GroupState {
    /// Its text is not the body's.
    skip: bool,
    /// Its text is a field's instruction (`\fldinst`).
    instruction: bool,
    /// Its text is deleted or hidden.
    unseen: bool,
    /// The characters after `\uN` that stand in for it.
    fallback: usize,
    /// The code page of its font (`\fN`).
    encoding: &'static Encoding,
}

/// The tables of an RTF document, in order, each with the paragraphs before it.
pub fn tables(name: &str, bytes: &[u8]) -> Result<Vec<DocumentTable>> {
    let damaged = || Failure::error(name, Problem::DocumentDamaged);
    let failure = |problem| Failure::error(name, problem);
    let mut reader = Reader::new(bytes);
    reader.run().map_err(failure)?;
    if reader.groups.len() > 1 {
        // A document cut short: its groups are not closed.
        return Err(damaged());
    }
    build(name, reader.finish().map_err(failure)?)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    groups: Vec<GroupState>,
    /// The document's code page (`\ansicpgN`), and the code page of each font.
    encoding: &'static Encoding,
    fonts: Vec<(i32, &'static Encoding)>,
    /// While the font table is read: the depth of its group, and the font being set out.
    font_table: Option<usize>,
    font: Option<i32>,
    /// Fallback characters still to skip after a `\uN`.
    skipping: usize,
    /// Bytes of `\'hh` in a row, decoded together (a character of Windows-1258 may be two).
    pending: Vec<u8>,
    items: Vec<Item>,
    paragraph: String,
    cell: String,
    cells: Vec<String>,
    /// The instruction of the field read last (`=SUM(ABOVE)`), and the first one's in the
    /// cell in hand and the row's cells before it ([`Item::Row`]).
    instruction: String,
    cell_field: Option<String>,
    row_fields: Vec<(usize, String)>,
    /// The paragraph in hand stands in a table (`\intbl`), at depth `itap`.
    in_table: bool,
    depth: i32,
    /// The row set out last (`\trowd`): its left edge, then each cell's right edge.
    row: RowCells,
    /// The flags of the cell being set out, for its `\cellx`: merged (`\clmrg`,
    /// `\clvmrg`), and merged with the cell above (`\clvmrg`).
    merged: bool,
    merged_down: bool,
    held: Held,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let encoding = encoding_rs::WINDOWS_1252;
        Reader {
            bytes,
            at: 0,
            groups: vec![GroupState {
                skip: false,
                instruction: false,
                unseen: false,
                fallback: 1,
                encoding,
            }],
            encoding,
            fonts: Vec::new(),
            font_table: None,
            font: None,
            skipping: 0,
            pending: Vec::new(),
            items: Vec::new(),
            paragraph: String::new(),
            cell: String::new(),
            cells: Vec::new(),
            instruction: String::new(),
            cell_field: None,
            row_fields: Vec::new(),
            in_table: false,
            depth: 1,
            row: RowCells {
                edges: vec![0],
                merged: Vec::new(),
                down: Vec::new(),
            },
            merged: false,
            merged_down: false,
            held: Held::default(),
        }
    }

    fn state(&mut self) -> &mut GroupState {
        // The first group is never closed: a `}` too many ends the document.
        self.groups.last_mut().expect("the document's group")
    }

    fn run(&mut self) -> Result<(), Problem> {
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            match byte {
                b'{' => {
                    self.flush()?;
                    if self.groups.len() > MAX_GROUP_DEPTH {
                        return Err(Problem::DocumentDamaged);
                    }
                    let state = *self.state();
                    self.groups.push(state);
                    // `{\*\name …}`: a group a reader that does not know it skips.
                    if self.bytes[self.at..].starts_with(b"\\*") {
                        self.state().skip = true;
                    }
                }
                b'}' => {
                    self.flush()?;
                    if self.groups.len() == 1 {
                        break;
                    }
                    let closed = self.groups.pop().is_some_and(|group| group.instruction);
                    if closed && !self.state().instruction && self.cell_field.is_none() {
                        self.cell_field = Some(std::mem::take(&mut self.instruction));
                    }
                    if self
                        .font_table
                        .is_some_and(|depth| self.groups.len() < depth)
                    {
                        (self.font_table, self.font) = (None, None);
                    }
                }
                b'\\' => self.control()?,
                b'\r' | b'\n' => {}
                _ => self.byte(byte)?,
            }
        }
        self.flush()?;
        Ok(())
    }

    /// A control word or symbol after its backslash.
    fn control(&mut self) -> Result<(), Problem> {
        let Some(&first) = self.bytes.get(self.at) else {
            return Ok(());
        };
        if !first.is_ascii_alphabetic() {
            self.at += 1;
            return match first {
                b'\'' => {
                    let hex = self.bytes.get(self.at..self.at + 2).unwrap_or_default();
                    self.at += hex.len();
                    let byte = std::str::from_utf8(hex)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    byte.map_or(Ok(()), |byte| self.byte(byte))
                }
                b'~' => self.text("\u{A0}"),
                b'-' => self.text(&super::document::SOFT_HYPHEN.to_string()),
                b'_' => self.text("-"),
                b'\r' | b'\n' => self.end_paragraph(),
                b'*' => Ok(()),
                symbol => self.byte(symbol),
            };
        }
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_alphabetic) {
            self.at += 1;
        }
        let word = &self.bytes[start..self.at];
        let number_start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) && self.at - number_start < 10
        {
            self.at += 1;
        }
        let number = std::str::from_utf8(&self.bytes[number_start..self.at])
            .ok()
            .and_then(|n| n.parse::<i32>().ok());
        if self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.word(word, number)
    }

    fn word(&mut self, word: &[u8], number: Option<i32>) -> Result<(), Problem> {
        if word != b"u" && self.skipping > 0 {
            self.skipping -= 1;
            return Ok(());
        }
        self.flush()?;
        let on = number != Some(0);
        // What sets out fonts and code pages counts wherever it stands; the rest only in
        // the body's text.
        match word {
            b"fldinst" => {
                if !self.state().instruction {
                    self.instruction.clear();
                }
                let state = self.state();
                (state.skip, state.instruction) = (true, true);
                return Ok(());
            }
            _ if NOT_BODY.contains(&word) => {
                self.state().skip = true;
                if word == b"fonttbl" {
                    self.font_table = Some(self.groups.len());
                }
                return Ok(());
            }
            b"ansicpg" => {
                if let Some(encoding) = number.and_then(code_page) {
                    self.encoding = encoding;
                    self.state().encoding = encoding;
                }
            }
            b"f" if self.font_table.is_some() => self.font = number,
            b"fcharset" => {
                let encoding = number.and_then(charset_code_page).unwrap_or(self.encoding);
                if let Some(font) = self.font
                    && self.fonts.len() < MAX_FONTS
                {
                    self.fonts.push((font, encoding));
                }
            }
            b"f" => {
                let font = self.fonts.iter().find(|(f, _)| Some(*f) == number);
                let encoding = font.map_or(self.encoding, |(_, encoding)| *encoding);
                self.state().encoding = encoding;
            }
            b"uc" => self.state().fallback = number.unwrap_or(1).clamp(0, 10) as usize,
            // `\binN`: N bytes of binary data (a picture's), which may hold braces.
            b"bin" => {
                let skipped = usize::try_from(number.unwrap_or(0)).unwrap_or(0);
                self.at = self.at.saturating_add(skipped).min(self.bytes.len());
            }
            _ => {}
        }
        if self.state().skip {
            return Ok(());
        }
        match word {
            b"u" => {
                if let Some(number) = number {
                    let unit = u16::from_ne_bytes((number as i16).to_ne_bytes());
                    let c = char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
                    if self.shows_text() {
                        self.text(&c.to_string())?;
                    }
                    self.skipping = self.state().fallback;
                }
            }
            b"deleted" | b"v" => self.state().unseen = on,
            b"plain" => self.state().unseen = false,
            b"par" | b"sect" => self.end_paragraph()?,
            b"line" => self.text("\n")?,
            b"tab" => self.text(" ")?,
            b"pard" => {
                self.in_table = false;
                self.depth = 1;
            }
            b"intbl" => self.in_table = true,
            b"itap" => self.depth = number.unwrap_or(1),
            b"trowd" => {
                self.row = RowCells {
                    edges: vec![0],
                    merged: Vec::new(),
                    down: Vec::new(),
                };
                self.merged = false;
                self.merged_down = false;
            }
            b"trleft" => {
                if let (Some(edge), Some(first)) = (number, self.row.edges.first_mut()) {
                    *first = edge;
                }
            }
            b"clmrg" => self.merged = true,
            b"clvmrg" => (self.merged, self.merged_down) = (true, true),
            b"cellx" => {
                self.row.edges.push(number.unwrap_or(0));
                self.row.merged.push(std::mem::take(&mut self.merged));
                self.row.down.push(std::mem::take(&mut self.merged_down));
            }
            b"nestcell" | b"nestrow" => self.text("\n")?,
            b"cell" if self.depth <= 1 => self.end_cell()?,
            b"row" => self.end_row(),
            b"emdash" => self.text("—")?,
            b"endash" => self.text("–")?,
            b"lquote" => self.text("‘")?,
            b"rquote" => self.text("’")?,
            b"ldblquote" => self.text("“")?,
            b"rdblquote" => self.text("”")?,
            b"bullet" => self.text("•")?,
            _ => {}
        }
        Ok(())
    }

    fn shows_text(&mut self) -> bool {
        let state = *self.state();
        !state.skip && !state.unseen
    }

    /// A byte of text, in the group's code page.
    fn byte(&mut self, byte: u8) -> Result<(), Problem> {
        if self.skipping > 0 {
            self.skipping -= 1;
            return Ok(());
        }
        // A formula is ASCII: `=SUM(ABOVE)`.
        if self.state().instruction {
            if byte.is_ascii() && self.instruction.len() < super::document::MAX_FORMULA_BYTES {
                self.instruction.push(char::from(byte));
            }
            return Ok(());
        }
        if self.shows_text() {
            self.pending.push(byte);
        }
        if self.pending.len() >= 4096 {
            self.flush()?;
        }
        Ok(())
    }

    /// Decodes the bytes of text in hand.
    fn flush(&mut self) -> Result<(), Problem> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let encoding = self.state().encoding;
        let (text, _) = encoding.decode_without_bom_handling(&self.pending);
        self.paragraph.push_str(&text);
        self.held.text(text.len())?;
        self.pending.clear();
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), Problem> {
        self.flush()?;
        if !self.shows_text() {
            return Ok(());
        }
        self.paragraph.push_str(text);
        self.held.text(text.len())
    }

    fn end_paragraph(&mut self) -> Result<(), Problem> {
        self.flush()?;
        let text = std::mem::take(&mut self.paragraph);
        if self.in_table {
            self.cell.push_str(&text);
            self.cell.push('\n');
        } else {
            // A field of a line is no cell's.
            self.cell_field = None;
            if !text.trim().is_empty() || matches!(self.items.last(), Some(Item::Row(..))) {
                // An empty paragraph is no title line; it only ends a table above it.
                self.held.item()?;
                self.items.push(Item::Line(text));
            }
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), Problem> {
        self.flush()?;
        let text = std::mem::take(&mut self.paragraph);
        let mut cell = std::mem::take(&mut self.cell);
        cell.push_str(&text);
        self.held.item()?;
        if let Some(field) = self.cell_field.take() {
            self.row_fields.push((self.cells.len(), field));
        }
        self.cells.push(cell.trim_end_matches('\n').to_owned());
        Ok(())
    }

    fn end_row(&mut self) {
        let cells = std::mem::take(&mut self.cells);
        let layout = (self.row.edges.len() > 1).then(|| self.row.clone());
        let fields = std::mem::take(&mut self.row_fields);
        self.items.push(Item::Row(cells, layout, fields));
        self.paragraph.clear();
        self.cell_field = None;
    }

    fn finish(mut self) -> Result<Vec<Item>, Problem> {
        self.end_paragraph()?;
        if !self.cells.is_empty() {
            self.end_row();
        }
        Ok(self.items)
    }
}

/// The encoding of Windows code page `number` (`\ansicpg1258`).
fn code_page(number: i32) -> Option<&'static Encoding> {
    Encoding::for_label(format!("windows-{number}").as_bytes())
}

/// The code page of a font's character set (`\fcharset163`, Vietnamese).
fn charset_code_page(charset: i32) -> Option<&'static Encoding> {
    let page = match charset {
        163 => 1258,
        238 => 1250,
        204 => 1251,
        0 => 1252,
        161 => 1253,
        162 => 1254,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        222 => 874,
        _ => return None,
    };
    code_page(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(rtf: &str) -> Result<Vec<DocumentTable>> {
        tables("test.rtf", rtf.as_bytes())
    }

    /// Text as `\uN` (its fallback skipped), as `\'hh` in the code page of its font
    /// (Windows-1258 for `\fcharset163`), a field's result without its code; the font
    /// table, the generator and a deleted word are no text.
    #[test]
    fn text_reads_as_word_shows_it() {
        let tables = read(concat!(
            r"{\rtf1\ansi\ansicpg1252\uc1{\fonttbl{\f0\fcharset0 Arial;}{\f1\fcharset163 VN;}}",
            r"{\*\generator Writer;}\pard T\u7893?ng c\u7897\'3fng\par",
            r"{\f1 T\'ean d\'fd\'f2 a\'ecn}\par ",
            r"Trang {\field{\*\fldinst PAGE}{\fldrslt 2}}{\deleted  cu}\par",
            r"\trowd\cellx1000\cellx2000\pard\intbl a\cell b\cell\row}",
        ))
        .unwrap();
        let titles: Vec<String> = tables[0]
            .titles
            .iter()
            .map(|t| crate::text::clean_cell(t))
            .collect();
        assert_eq!(titles, ["Tổng cộng", "Tên dự án", "Trang 2"]);
        assert_eq!(tables[0].rows, [["a", "b"]]);
    }

    /// A cell merged into the one before it (`\clmrg`) gives its columns to that one: the
    /// row below, of three cells, keeps its columns under them.
    #[test]
    fn merged_cells_keep_the_columns() {
        let tables = read(concat!(
            r"{\rtf1\trowd\cellx1000\clmgf\cellx2000\clmrg\cellx3000",
            r"\pard\intbl STT\cell Kinh ph\u237?\cell\cell\row",
            r"\trowd\cellx1000\cellx2000\cellx3000",
            r"\pard\intbl\cell T\u7893?ng\cell Vi\u7879?n tr\u7907?\cell\row}",
        ))
        .unwrap();
        assert_eq!(
            tables[0].rows,
            [["STT", "Kinh phí", ""], ["", "Tổng", "Viện trợ"]]
        );
    }

    /// A picture's binary data (`\binN`) is passed over whole, braces and all.
    #[test]
    fn binary_data_is_passed_over() {
        let tables = read(r"{\rtf1{\pict\bin6 }{x}\}}\trowd\cellx900\intbl a\cell\row}");
        assert_eq!(tables.unwrap()[0].rows, [["a"]]);
    }

    #[test]
    fn a_document_cut_short_or_nested_past_reason_is_damaged() {
        let cut = read(r"{\rtf1\trowd\cellx1000\pard\intbl a\cell\row");
        let deep = read(&format!(r"{{\rtf1{}", "{".repeat(MAX_GROUP_DEPTH + 1)));
        for error in [cut.unwrap_err(), deep.unwrap_err()] {
            let failure = error.downcast_ref::<Failure>().unwrap();
            assert!(matches!(failure.problem, Problem::DocumentDamaged));
        }
    }
}
