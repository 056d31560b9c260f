//! Text → records: the one CSV/TSV splitter. It reads a record at a time from a byte
//! buffer that may end mid-record (a chunk of a large file), so the whole input and each
//! chunk of it are split by the same code. Quoted cells may hold delimiters, doubled
//! quotes and line breaks (CRLF and a lone CR read as LF); text after a closing quote
//! continues the cell, as spreadsheets read it.

use super::rows::{MAX_CELL_BYTES, MAX_COLUMNS, Row};
use crate::text::clean_cell_into;
use memchr::{memchr, memchr3};

/// The largest record (row) accepted, in bytes: a row is held whole while it is read.
pub const MAX_RECORD_BYTES: usize = 4 * MAX_CELL_BYTES;

/// One record at the start of a buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Split {
    /// A whole record: its cleaned cells, its length in bytes (line break included),
    /// the line breaks it holds, and whether every cell was valid UTF-8 (an invalid one
    /// is read as empty; the caller reports it).
    Record {
        cells: Row,
        length: usize,
        newlines: usize,
        utf8: bool,
    },
    /// The record runs past the bytes at hand and the input goes on: read more.
    Incomplete,
}

/// Why a record cannot be read; offsets count bytes from the record's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordError {
    /// A quoted cell opened at this offset is never closed.
    UnclosedQuote { offset: usize },
    /// Cell `cell` (1-based) is larger than [`MAX_CELL_BYTES`].
    CellTooLarge { cell: usize },
    /// The record has more than [`MAX_COLUMNS`] cells.
    TooManyCells,
    /// The record is larger than [`MAX_RECORD_BYTES`].
    RecordTooLarge,
}

/// Splits the record at the start of `buf` (text from a record start). `eof` says
/// that nothing follows `buf`. `None` when `buf` is empty.
pub fn split_record(buf: &[u8], delimiter: u8, eof: bool) -> Result<Option<Split>, RecordError> {
    if buf.is_empty() {
        return Ok(None);
    }
    let mut cells = Row::default();
    let mut cell: Vec<u8> = Vec::new();
    let mut i = 0;
    let mut newlines = 0;
    let mut utf8 = true;
    let incomplete = |at: usize| -> Result<Option<Split>, RecordError> {
        if at > MAX_RECORD_BYTES {
            Err(RecordError::RecordTooLarge)
        } else {
            Ok(Some(Split::Incomplete))
        }
    };
    loop {
        // A field starts at `i`.
        if buf.get(i) == Some(&b'"') {
            let opened = i;
            i += 1;
            loop {
                match memchr3(b'"', b'\r', b'\n', &buf[i..]) {
                    None if eof => return Err(RecordError::UnclosedQuote { offset: opened }),
                    None => return incomplete(buf.len()),
                    Some(k) => {
                        cell.extend_from_slice(&buf[i..i + k]);
                        let at = i + k;
                        match buf[at] {
                            b'"' => match buf.get(at + 1) {
                                Some(b'"') => {
                                    cell.push(b'"');
                                    i = at + 2;
                                }
                                None if !eof => return incomplete(buf.len()),
                                _ => {
                                    i = at + 1;
                                    break;
                                }
                            },
                            b'\r' => match buf.get(at + 1) {
                                None if !eof => return incomplete(buf.len()),
                                Some(b'\n') => {
                                    cell.push(b'\n');
                                    newlines += 1;
                                    i = at + 2;
                                }
                                _ => {
                                    cell.push(b'\n');
                                    newlines += 1;
                                    i = at + 1;
                                }
                            },
                            _ => {
                                cell.push(b'\n');
                                newlines += 1;
                                i = at + 1;
                            }
                        }
                    }
                }
                if cell.len() > MAX_CELL_BYTES {
                    return Err(RecordError::CellTooLarge {
                        cell: cells.len() + 1,
                    });
                }
            }
        }
        // Unquoted text, or text after a closing quote: up to the delimiter or line end.
        let stop = memchr3(delimiter, b'\n', b'\r', &buf[i..]).map(|k| i + k);
        let end = stop.unwrap_or(buf.len());
        cell.extend_from_slice(&buf[i..end]);
        if cell.len() > MAX_CELL_BYTES {
            return Err(RecordError::CellTooLarge {
                cell: cells.len() + 1,
            });
        }
        let Some(stop) = stop else {
            if !eof {
                return incomplete(buf.len());
            }
            finish_cell(&mut cells, &mut cell, &mut utf8)?;
            return Ok(Some(Split::Record {
                cells,
                length: buf.len(),
                newlines,
                utf8,
            }));
        };
        finish_cell(&mut cells, &mut cell, &mut utf8)?;
        match buf[stop] {
            b'\n' => {
                return Ok(Some(Split::Record {
                    cells,
                    length: stop + 1,
                    newlines: newlines + 1,
                    utf8,
                }));
            }
            b'\r' => {
                let length = match buf.get(stop + 1) {
                    Some(b'\n') => stop + 2,
                    None if !eof => return incomplete(buf.len()),
                    _ => stop + 1,
                };
                return Ok(Some(Split::Record {
                    cells,
                    length,
                    newlines: newlines + 1,
                    utf8,
                }));
            }
            _ => i = stop + 1,
        }
        if i > MAX_RECORD_BYTES {
            return Err(RecordError::RecordTooLarge);
        }
    }
}

fn finish_cell(cells: &mut Row, cell: &mut Vec<u8>, utf8: &mut bool) -> Result<(), RecordError> {
    if cells.len() == MAX_COLUMNS {
        return Err(RecordError::TooManyCells);
    }
    let text = match simdutf8::basic::from_utf8(cell) {
        Ok(text) => text,
        Err(_) => {
            *utf8 = false;
            ""
        }
    };
    clean_cell_into(text, cells.buffer());
    cells.close_cell();
    cell.clear();
    Ok(())
}

/// The first line start at or after `offset` in `buf` (a byte after a `\n`), if any.
pub fn next_line_start(buf: &[u8], offset: usize) -> Option<usize> {
    memchr(b'\n', buf.get(offset..)?).map(|k| offset + k + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Vec<String>> {
        let mut rest = text.as_bytes();
        let mut rows = Vec::new();
        while let Some(Split::Record { cells, length, .. }) =
            split_record(rest, b',', true).unwrap()
        {
            rows.push(cells.cells().map(str::to_owned).collect());
            rest = &rest[length..];
        }
        rows
    }

    #[test]
    fn splits_quoted_cells_with_line_breaks_and_crlf() {
        assert_eq!(
            all("a,\"b\r\nc\",d\r\n\"e \"\"q\"\"\",f\r\n"),
            [vec!["a", "b\nc", "d"], vec!["e \"q\"", "f"]]
        );
        assert_eq!(
            all("a,\"b\"x y,c\rd\n"),
            [vec!["a", "bx y", "c"], vec!["d"]]
        );
        assert_eq!(all("a,b\"c\n"), [vec!["a", "b\"c"]]);
    }

    #[test]
    fn a_record_cut_by_the_buffer_end_asks_for_more() {
        for cut in ["a,b", "a,\"b\nc", "a,b\r", "a,\"b\""] {
            assert_eq!(
                split_record(cut.as_bytes(), b',', false),
                Ok(Some(Split::Incomplete)),
                "{cut}"
            );
        }
    }

    #[test]
    fn an_unclosed_quote_is_located() {
        assert_eq!(
            split_record(b"c,\"d,e\nf,g\n", b',', true),
            Err(RecordError::UnclosedQuote { offset: 2 })
        );
    }
}
