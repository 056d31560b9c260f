//! Text → rows: a CSV/TSV splitter that keeps each record's line, handles quoted cells
//! with line breaks and doubled quotes, and reports a quote left open.

use super::ReadError;
use crate::text::clean_cell;
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

/// Splits text into rows. Blank lines are kept as rows with no text, so line numbers and
/// layout (title lines, page breaks) stay visible to later stages.
pub fn split(text: &str, delimiter: char) -> Result<Vec<Row>, ReadError> {
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut in_quotes = false;
    let mut quote_opened = (1, 1);
    let mut at_field_start = true;
    let mut column = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    column += 1;
                    cell.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    column = 0;
                    cell.push(c);
                }
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    column = 0;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
        } else if c == delimiter {
            finish_cell(&mut cells, &mut cell, record_line)?;
            at_field_start = true;
            continue;
        } else {
            match c {
                '"' if at_field_start => {
                    in_quotes = true;
                    quote_opened = (line, column);
                }
                '\n' | '\r' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    finish_cell(&mut cells, &mut cell, record_line)?;
                    rows.push(Row::text(record_line, std::mem::take(&mut cells)));
                    line += 1;
                    column = 0;
                    record_line = line;
                    at_field_start = true;
                    continue;
                }
                _ => cell.push(c),
            }
        }
        at_field_start = false;
        if cell.len() > MAX_CELL_BYTES {
            return Err(ReadError::at(
                record_line,
                Some(cells.len() + 1),
                format!(
                    "cell {} is larger than {} MiB; aidcat refuses cells this large (is a quote left open?)",
                    cells.len() + 1,
                    MAX_CELL_BYTES >> 20
                ),
            ));
        }
    }
    if in_quotes {
        return Err(ReadError::at(
            quote_opened.0,
            Some(quote_opened.1),
            "a quoted cell opened here is never closed (unbalanced `\"`); \
             expected a closing quote before the end of the file"
                .to_owned(),
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        finish_cell(&mut cells, &mut cell, record_line)?;
        rows.push(Row::text(record_line, cells));
    }
    Ok(rows)
}

fn finish_cell(cells: &mut Vec<String>, cell: &mut String, line: usize) -> Result<(), ReadError> {
    if cells.len() == MAX_COLUMNS {
        return Err(ReadError::at(
            line,
            None,
            format!(
                "the row has more than {MAX_COLUMNS} cells; aidcat reads at most {MAX_COLUMNS} columns"
            ),
        ));
    }
    cells.push(clean_cell(cell));
    cell.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_cells_with_line_breaks_and_crlf() {
        let rows = split("a,\"b\r\nc\",d\r\n\"e \"\"q\"\"\",f\r\n", ',').unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells, ["a", "b\nc", "d"]);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].cells, ["e \"q\"", "f"]);
    }

    #[test]
    fn unbalanced_quote_is_located() {
        let error = split("a,b\nc,\"d,e\nf,g\n", ',').unwrap_err();
        assert_eq!((error.line, error.column), (Some(2), Some(3)));
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
