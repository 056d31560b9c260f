//! Rows: what the record splitter and the workbook reader give, and the delimiter a text
//! is split by.

use super::decode::LegacyFont;
use rust_decimal::Decimal;

/// The largest cell accepted, in bytes. Larger cells are an error, not unbounded memory.
pub const MAX_CELL_BYTES: usize = 4 * 1024 * 1024;
/// The most cells a row may have.
pub const MAX_COLUMNS: usize = 4096;

/// One record of the file, its cells cleaned (NFC, stray markup dropped, trimmed). The
/// cells are spans of one string, which is a record's text as it stands (most records
/// need no cleaning: a row costs one copy, not one a cell) followed by any cell cleaning
/// changed.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Row {
    /// The line the record starts on (a workbook's row number), 1-based.
    pub line: usize,
    text: String,
    /// Where each cell starts and ends in `text`.
    spans: Vec<(u32, u32)>,
    /// Workbook cells stored as numbers, taken exactly; empty for text files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<Option<Decimal>>,
    /// Workbook cells holding formulas (the cells hold their cached results); empty for
    /// text files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formulas: Vec<Option<String>>,
    /// A workbook row the sheet hides (by hand or by a filter): not shown or printed,
    /// though Excel's sums and its CSV export count it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// What the row held in the columns the sheet hides (the column's index, its text),
    /// which are not read: emptied in the row ([`Row::hide_columns`]) and kept here for
    /// the note that names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden_cells: Vec<(u32, String)>,
    /// The cells that continue a cell above them (merged down), by index, with the text
    /// that cell shows: empty as read, they show the officer that text
    /// ([`Row::shown`]). A merge wider than one column is its first column's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_down: Vec<(u32, String)>,
}

/// A row's text reused for a later record at most ([`Row::is_reusable`]): rows are
/// recycled by the thousand, and one that once held a long record should not keep its
/// room for every later one.
const REUSED_TEXT_BYTES: usize = 8 << 10;
/// The most cells a row reused keeps room for.
const REUSED_CELLS: usize = 256;

/// `cells`, or no room at all where every one is `None`.
fn unless_all_none<T>(cells: Vec<Option<T>>) -> Vec<Option<T>> {
    if cells.iter().any(Option::is_some) {
        cells
    } else {
        Vec::new()
    }
}

impl Clone for Row {
    fn clone(&self) -> Self {
        Row {
            line: self.line,
            text: self.text.clone(),
            spans: self.spans.clone(),
            numbers: self.numbers.clone(),
            formulas: self.formulas.clone(),
            hidden: self.hidden,
            hidden_cells: self.hidden_cells.clone(),
            merged_down: self.merged_down.clone(),
        }
    }

    /// Reuses this row's room.
    fn clone_from(&mut self, source: &Self) {
        self.line = source.line;
        self.text.clone_from(&source.text);
        self.spans.clone_from(&source.spans);
        self.numbers.clone_from(&source.numbers);
        self.formulas.clone_from(&source.formulas);
        self.hidden = source.hidden;
        self.hidden_cells.clone_from(&source.hidden_cells);
        self.merged_down.clone_from(&source.merged_down);
    }
}

/// Rows are equal when their cells are, wherever the cells stand in their text.
impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.line == other.line
            && self.cells().eq(other.cells())
            && self.numbers == other.numbers
            && self.formulas == other.formulas
            && self.hidden == other.hidden
            && self.hidden_cells == other.hidden_cells
            && self.merged_down == other.merged_down
    }
}

impl Eq for Row {}

/// An offset in a row's text as stored. A row is at most MAX_RECORD_BYTES (16 MiB) and
/// its cleaned cells, or a workbook row's cells of at most 4 MiB each: it fits 32 bits
/// but for a pathological workbook row, whose cells past that read as empty.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Row {
    /// A row of these cells.
    pub fn text<S: AsRef<str>>(line: usize, cells: impl IntoIterator<Item = S>) -> Self {
        let mut row = Row {
            line,
            ..Row::default()
        };
        for cell in cells {
            row.push(cell.as_ref());
        }
        row
    }

    /// The row with what a workbook stored besides text: exact numbers and formulas. A
    /// row with none of either keeps no room for them (a cell then reads as holding none).
    pub fn stored(self, numbers: Vec<Option<Decimal>>, formulas: Vec<Option<String>>) -> Self {
        Row {
            numbers: unless_all_none(numbers),
            formulas: unless_all_none(formulas),
            ..self
        }
    }

    /// Empties the row, keeping its room.
    pub fn clear(&mut self) {
        self.line = 0;
        self.text.clear();
        self.spans.clear();
        self.numbers.clear();
        self.formulas.clear();
        self.hidden = false;
        self.hidden_cells.clear();
        self.merged_down.clear();
    }

    /// Is the row small enough to be reused for another record?
    pub fn is_reusable(&self) -> bool {
        self.text.capacity() <= REUSED_TEXT_BYTES && self.spans.capacity() <= REUSED_CELLS
    }

    /// Adds a cell at the end of the row.
    pub fn push(&mut self, cell: &str) {
        self.push_written(|text| text.push_str(cell));
    }

    /// Adds a cell that `write` writes at the end of the row's text.
    pub fn push_written(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.spans.push((offset(start), offset(self.text.len())));
    }

    /// Makes cell `index` what `write` writes at the end of the row's text.
    pub fn write_cell(&mut self, index: usize, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        if let Some(span) = self.spans.get_mut(index) {
            *span = (offset(start), offset(self.text.len()));
        }
    }

    /// Goes on with `below`, the rest of this row broken onto a line of its own inside a
    /// cell (a cell of several paragraphs, as Word saves a table as text): its first
    /// cell goes on this row's last, after a line break, and its others follow.
    pub fn go_on_with(&mut self, below: &Row) {
        let mut cells = below.cells();
        let first = cells.next().unwrap_or_default();
        match self.len().checked_sub(1) {
            Some(last) if !first.is_empty() => self.add_to_cell(last, '\n', first),
            Some(_) => {}
            None => self.push(first),
        }
        for cell in cells {
            self.push(cell);
        }
    }

    /// Goes on with the cells `below` fills, the rest of this row wrapped onto a line of
    /// its own: each is added to this row's cell, after a space.
    pub fn continue_with(&mut self, below: &Row) {
        for (index, more) in below.cells().enumerate() {
            if more.is_empty() {
                continue;
            }
            while self.len() <= index {
                self.push("");
            }
            self.add_to_cell(index, ' ', more);
        }
    }

    /// Adds `more` to cell `index`, after `separator` where the cell holds text already.
    fn add_to_cell(&mut self, index: usize, separator: char, more: &str) {
        let cell = self.cell(index).to_owned();
        self.write_cell(index, |out| {
            out.push_str(&cell);
            if !cell.is_empty() {
                out.push(separator);
            }
            out.push_str(more);
        });
    }

    /// Adds `source` to the row's text, for cells to be taken from it; where it starts.
    pub fn add_source(&mut self, source: &str) -> usize {
        let start = self.text.len();
        self.text.push_str(source);
        start
    }

    /// Adds a cell that is `text[start..end]` of the row's text as it stands.
    pub fn push_span(&mut self, start: usize, end: usize) {
        self.spans.push((offset(start), offset(end)));
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The number a workbook stored in a cell, if it stored one.
    pub fn number(&self, index: usize) -> Option<Decimal> {
        self.numbers.get(index).copied().flatten()
    }

    /// The cell's amount: a workbook's stored number, else its text read in `convention`.
    pub fn amount(
        &self,
        index: usize,
        convention: crate::number::Convention,
    ) -> Result<Decimal, crate::number::AmountError> {
        match self.number(index) {
            Some(stored) => Ok(stored),
            None => crate::number::parse(self.cell(index), convention),
        }
    }

    /// The formula of a workbook cell, if it holds one.
    pub fn formula(&self, index: usize) -> Option<&str> {
        self.formulas.get(index).and_then(Option::as_deref)
    }

    /// Cell `index`, or empty text past the row's end.
    pub fn cell(&self, index: usize) -> &str {
        let Some(&(start, end)) = self.spans.get(index) else {
            return "";
        };
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// Cell `index` as the officer sees it: its text or, where it is empty and continues
    /// a cell above (merged down), that cell's text. An agency, a place, a period or a
    /// unit merged down over several rows is each row's; an amount is not read so, as one
    /// sum merged over several rows counts once.
    #[inline]
    pub fn shown(&self, index: usize) -> &str {
        let cell = self.cell(index);
        if self.merged_down.is_empty() || !cell.is_empty() {
            return cell;
        }
        (self.merged_down.iter())
            .find(|(column, _)| *column as usize == index)
            .map_or(cell, |(_, text)| text)
    }

    /// The row as its text means where it was written in a legacy font: each cell in
    /// Unicode, its numbers and formulas kept.
    pub fn from_legacy(&self, font: LegacyFont) -> Row {
        let mut row = Row::text(self.line, self.cells().map(|cell| font.to_unicode(cell)));
        row.numbers.clone_from(&self.numbers);
        row.formulas.clone_from(&self.formulas);
        row.hidden = self.hidden;
        row.hidden_cells = (self.hidden_cells.iter())
            .map(|(column, text)| (*column, font.to_unicode(text).into_owned()))
            .collect();
        row.merged_down = (self.merged_down.iter())
            .map(|(column, text)| (*column, font.to_unicode(text).into_owned()))
            .collect();
        row
    }

    /// Empties the cells in `columns` (numbered from 1: the columns a sheet hides), text,
    /// number and formula, keeping what they held in [`hidden_cells`](Row::hidden_cells).
    pub fn hide_columns(&mut self, columns: &[std::ops::RangeInclusive<u32>]) {
        for range in columns {
            let first = (*range.start()).max(1) as usize - 1;
            let end = (*range.end() as usize).min(self.len());
            for index in first..end {
                let stored = self.number(index).is_some() || self.formula(index).is_some();
                if self.cell(index).is_empty() && !stored {
                    continue;
                }
                let text = self.cell(index).to_owned();
                self.hidden_cells.push((index as u32, text));
                self.write_cell(index, |_| {});
                if let Some(number) = self.numbers.get_mut(index) {
                    *number = None;
                }
                if let Some(formula) = self.formulas.get_mut(index) {
                    *formula = None;
                }
            }
        }
    }

    /// The cells in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> + Clone {
        (0..self.len()).map(|i| self.cell(i))
    }

    /// The indices of the cells that hold text, told by their spans alone.
    pub fn filled(&self) -> impl Iterator<Item = usize> + '_ {
        (self.spans.iter().enumerate())
            .filter(|(_, (start, end))| start != end)
            .map(|(index, _)| index)
    }

    /// Are all its cells empty?
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|(start, end)| start == end)
    }

    /// The first non-empty cell.
    pub fn first_text(&self) -> &str {
        self.cells().find(|c| !c.is_empty()).unwrap_or("")
    }
}

/// The delimiters a spreadsheet writes, in order of preference on a tie.
pub const DELIMITERS: [char; 3] = ['\t', ';', ','];

/// How many bytes of text the delimiter is decided on.
pub const DELIMITER_WINDOW: usize = 256 * 1024;

/// Picks the delimiter that splits the first records into the most rows of one same
/// width greater than one.
pub fn detect_delimiter(text: &str) -> char {
    let mut sample_end = text.len().min(DELIMITER_WINDOW);
    while !text.is_char_boundary(sample_end) {
        sample_end -= 1;
    }
    let sample = &text[..sample_end];
    let mut best = (',', 0usize, 0usize);
    for delimiter in DELIMITERS {
        // (width, records of that width): a few widths, looked up in order.
        let mut widths: Vec<(usize, usize)> = Vec::new();
        for width in record_widths(sample, delimiter).take(200) {
            if width > 1 {
                match widths.iter_mut().find(|(w, _)| *w == width) {
                    Some((_, count)) => *count += 1,
                    None => widths.push((width, 1)),
                }
            }
        }
        if let Some(&(width, count)) = widths.iter().max_by_key(|(w, c)| (*c, *w))
            && (count, width) > (best.1, best.2)
        {
            best = (delimiter, count, width);
        }
    }
    best.0
}

/// Field counts of records, quote-aware, without building the cells: quoted text and
/// the text of a field are skipped to the next quote, delimiter or line break. Works on
/// bytes: those are ASCII, never part of a multi-byte character.
fn record_widths(text: &str, delimiter: char) -> impl Iterator<Item = usize> + '_ {
    let delimiter = u8::try_from(delimiter).unwrap_or(b',');
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= bytes.len() {
            return None;
        }
        let mut width = 1;
        loop {
            // A field starts at `i`; a quote there opens quoted text (`""` inside is one).
            if bytes.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    let Some(k) = memchr::memchr(b'"', &bytes[i..]) else {
                        i = bytes.len();
                        return Some(width);
                    };
                    i += k + 1;
                    if bytes.get(i) == Some(&b'"') {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            let Some(k) = memchr::memchr3(delimiter, b'\n', b'\r', &bytes[i..]) else {
                i = bytes.len();
                return Some(width);
            };
            i += k + 1;
            match bytes[i - 1] {
                b'\r' if bytes.get(i) == Some(&b'\n') => i += 1,
                b if b == delimiter => {
                    width += 1;
                    continue;
                }
                _ => {}
            }
            return Some(width);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_row_is_the_row_it_copies_and_a_long_one_is_not_reused() {
        let long = Row::text(7, ["a much longer first cell", "b", "c", "d"]);
        let short = Row::text(9, ["x", "yz"]).stored(vec![None, Some(Decimal::TEN)], vec![]);
        let mut reused = long.clone();
        reused.clone_from(&short);
        assert_eq!(reused, short);
        assert_eq!(reused.cells().collect::<Vec<_>>(), ["x", "yz"]);
        assert!(reused.is_reusable());
        let huge = Row::text(1, ["x".repeat(REUSED_TEXT_BYTES + 1)]);
        assert!(!huge.is_reusable());
        let wide = Row::text(1, vec![""; REUSED_CELLS + 1]);
        assert!(!wide.is_reusable());
    }

    #[test]
    fn widths_skip_quoted_delimiters_and_line_breaks() {
        let widths = |text: &str| record_widths(text, ',').collect::<Vec<_>>();
        assert_eq!(widths("a,b,c\r\nd,e\rf\n"), [3, 2, 1]);
        assert_eq!(widths("\"a,\"\"b\"\"\nc\",d\nx\"y,z\",w\n"), [2, 3]);
        assert_eq!(widths("\"\",\"\"\"\",\"open,\nstill"), [3]);
        assert_eq!(widths(""), Vec::<usize>::new());
    }

    #[test]
    fn detects_each_delimiter() {
        assert_eq!(
            detect_delimiter("Title\n\nSTT,Tên,Tổng\n1,\"a, b\",3\n"),
            ','
        );
        assert_eq!(detect_delimiter("STT;Tên;Tổng\n1;a, b;3,5\n"), ';');
        assert_eq!(
            detect_delimiter("STT\tTên, dự án\tTổng\n1\ta, b\t3,5\n"),
            '\t'
        );
    }
}
