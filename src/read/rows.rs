//! Rows: what the record splitter and the workbook reader give, and the delimiter a text
//! is split by.

use rust_decimal::Decimal;
use std::collections::HashMap;

/// The largest cell accepted, in bytes. Larger cells are an error, not unbounded memory.
pub const MAX_CELL_BYTES: usize = 4 * 1024 * 1024;
/// The most cells a row may have.
pub const MAX_COLUMNS: usize = 4096;

/// One record of the file, its cells cleaned (NFC, stray markup dropped, trimmed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The line the record starts on (a workbook's row number), 1-based.
    pub line: usize,
    pub cells: Vec<String>,
    /// Workbook cells stored as numbers, taken exactly; empty for text files.
    pub numbers: Vec<Option<Decimal>>,
    /// Workbook cells holding formulas (the cells hold their cached results); empty for
    /// text files.
    pub formulas: Vec<Option<String>>,
}

impl Row {
    /// A row of text cells, as text files have.
    pub fn text(line: usize, cells: Vec<String>) -> Self {
        Row {
            line,
            cells,
            ..Row::default()
        }
    }

    /// The number a workbook stored in a cell, if it stored one.
    pub fn number(&self, index: usize) -> Option<Decimal> {
        self.numbers.get(index).copied().flatten()
    }

    /// The formula of a workbook cell, if it holds one.
    pub fn formula(&self, index: usize) -> Option<&str> {
        self.formulas.get(index).and_then(Option::as_deref)
    }

    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }

    /// The first non-empty cell.
    pub fn first_text(&self) -> &str {
        self.cells
            .iter()
            .find(|c| !c.is_empty())
            .map_or("", String::as_str)
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
        let mut widths: HashMap<usize, usize> = HashMap::new();
        for width in record_widths(sample, delimiter).take(200) {
            if width > 1 {
                *widths.entry(width).or_default() += 1;
            }
        }
        if let Some((&width, &count)) = widths.iter().max_by_key(|(w, c)| (**c, **w))
            && (count, width) > (best.1, best.2)
        {
            best = (delimiter, count, width);
        }
    }
    best.0
}

/// Field counts of records, quote-aware, without building the cells. Works on bytes:
/// delimiters, quotes and line breaks are ASCII, never part of a multi-byte character.
fn record_widths(text: &str, delimiter: char) -> impl Iterator<Item = usize> + '_ {
    let delimiter = u8::try_from(delimiter).unwrap_or(b',');
    let mut bytes = text.bytes().peekable();
    std::iter::from_fn(move || {
        bytes.peek()?;
        let mut width = 1;
        let mut in_quotes = false;
        let mut at_field_start = true;
        while let Some(b) = bytes.next() {
            match b {
                b'"' if in_quotes && bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                b'"' if in_quotes => in_quotes = false,
                b'"' if at_field_start => in_quotes = true,
                b'\n' | b'\r' if !in_quotes => {
                    if b == b'\r' && bytes.peek() == Some(&b'\n') {
                        bytes.next();
                    }
                    break;
                }
                b if b == delimiter && !in_quotes => {
                    width += 1;
                    at_field_start = true;
                    continue;
                }
                _ => {}
            }
            at_field_start = false;
        }
        Some(width)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
