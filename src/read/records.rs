//! Text → records: the one CSV/TSV splitter. It reads a record at a time from a byte
//! buffer that may end mid-record (a chunk of a large file), so the whole input and each
//! chunk of it are split by the same code. Quoted cells may hold delimiters, doubled
//! quotes and line breaks (CRLF and a lone CR read as LF); text after a closing quote
//! continues the cell, as spreadsheets read it.

use super::rows::{MAX_CELL_BYTES, MAX_COLUMNS, Row};
use crate::text::{clean_cell_into, is_plain, trimmed_span};
use memchr::{memchr, memchr3};

/// The largest record (row) accepted, in bytes: a row is held whole while it is read.
pub const MAX_RECORD_BYTES: usize = 4 * MAX_CELL_BYTES;

/// One record at the start of a buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Split {
    /// A whole record, its cleaned cells written into the row given: its length in bytes
    /// (line break included), the line breaks it holds, whether every cell was valid
    /// UTF-8 (an invalid one is read as empty; the caller reports it), and whether the
    /// record is plain text ([`is_plain`]: no NUL to look for).
    Record {
        length: usize,
        newlines: usize,
        utf8: bool,
        plain: bool,
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

/// A part of a cell: bytes of the buffer, or a line break read from a CR.
#[derive(Debug, Clone, Copy)]
enum Part {
    Bytes(u32, u32),
    LineBreak,
}

/// The splitter, with room reused from record to record: a record's cells are first
/// found as parts of the buffer, then its text is checked as UTF-8 once, and each cell is
/// cleaned into the row straight from the buffer (a cell is copied only when quotes or
/// line breaks inside it must be undone).
#[derive(Debug, Default)]
pub struct Splitter {
    parts: Vec<Part>,
    /// Where each cell's parts end in `parts`.
    cell_ends: Vec<u32>,
    /// A cell put together from several parts.
    joined: String,
}

impl Splitter {
    /// Splits the record at the start of `buf` (text from a record start) into `row`
    /// (its room reused from record to record). `checked` is the start of `buf` already
    /// known to be valid UTF-8 and plain ([`is_plain`]; may be empty): a record within it
    /// is not looked at again. `eof` says that nothing follows `buf`. `None` when `buf`
    /// is empty.
    pub fn split(
        &mut self,
        buf: &[u8],
        checked: &str,
        delimiter: u8,
        eof: bool,
        row: &mut Row,
    ) -> Result<Option<Split>, RecordError> {
        if buf.is_empty() {
            return Ok(None);
        }
        let Some((length, newlines)) = self.find_cells(buf, delimiter, eof)? else {
            return Ok(Some(Split::Incomplete));
        };
        let (utf8, plain) = self.cells(&buf[..length], checked.get(..length), row);
        Ok(Some(Split::Record {
            length,
            newlines,
            utf8,
            plain,
        }))
    }

    /// Finds the parts of each cell of the record; its length and line breaks, or `None`
    /// when it goes on past `buf`.
    fn find_cells(
        &mut self,
        buf: &[u8],
        delimiter: u8,
        eof: bool,
    ) -> Result<Option<(usize, usize)>, RecordError> {
        self.parts.clear();
        self.cell_ends.clear();
        let incomplete = |at: usize| {
            if at > MAX_RECORD_BYTES {
                Err(RecordError::RecordTooLarge)
            } else {
                Ok(None)
            }
        };
        // Offsets fit 32 bits: a record is at most MAX_RECORD_BYTES, and a buffer is
        // looked at no further than that.
        let buf = &buf[..buf.len().min(MAX_RECORD_BYTES + 1)];
        let at32 = |at: usize| at as u32;
        let mut i = 0;
        let mut newlines = 0;
        loop {
            // A field starts at `i`.
            let mut cell_bytes = 0usize;
            let mut add = |parts: &mut Vec<Part>, part: Part, cells: usize| {
                let bytes = match part {
                    Part::Bytes(a, b) => (b - a) as usize,
                    Part::LineBreak => 1,
                };
                // A quoted cell ends in an empty unquoted part, kept out so that the
                // cell stays one part.
                if bytes > 0 {
                    cell_bytes += bytes;
                    parts.push(part);
                }
                if cell_bytes > MAX_CELL_BYTES {
                    Err(RecordError::CellTooLarge { cell: cells + 1 })
                } else {
                    Ok(())
                }
            };
            let cells = self.cell_ends.len();
            if buf.get(i) == Some(&b'"') {
                let opened = i;
                i += 1;
                loop {
                    let Some(k) = memchr3(b'"', b'\r', b'\n', &buf[i..]) else {
                        if eof && buf.len() <= MAX_RECORD_BYTES {
                            return Err(RecordError::UnclosedQuote { offset: opened });
                        }
                        return incomplete(buf.len());
                    };
                    let at = i + k;
                    match (buf[at], buf.get(at + 1)) {
                        (_, None) if !eof => return incomplete(buf.len()),
                        (b'"', Some(b'"')) => {
                            // A doubled quote: the cell keeps the first.
                            add(&mut self.parts, Part::Bytes(at32(i), at32(at + 1)), cells)?;
                            i = at + 2;
                        }
                        (b'"', _) => {
                            add(&mut self.parts, Part::Bytes(at32(i), at32(at)), cells)?;
                            i = at + 1;
                            break;
                        }
                        (b'\r', next) => {
                            add(&mut self.parts, Part::Bytes(at32(i), at32(at)), cells)?;
                            add(&mut self.parts, Part::LineBreak, cells)?;
                            newlines += 1;
                            i = at + if next == Some(&b'\n') { 2 } else { 1 };
                        }
                        _ => {
                            // A LF is kept as it is.
                            add(&mut self.parts, Part::Bytes(at32(i), at32(at + 1)), cells)?;
                            newlines += 1;
                            i = at + 1;
                        }
                    }
                }
            }
            // Unquoted text, or text after a closing quote: up to the delimiter or line end.
            let stop = memchr3(delimiter, b'\n', b'\r', &buf[i..]).map(|k| i + k);
            let end = stop.unwrap_or(buf.len());
            add(&mut self.parts, Part::Bytes(at32(i), at32(end)), cells)?;
            if self.cell_ends.len() == MAX_COLUMNS {
                return Err(RecordError::TooManyCells);
            }
            self.cell_ends.push(at32(self.parts.len()));
            let Some(stop) = stop else {
                if !eof || buf.len() > MAX_RECORD_BYTES {
                    return incomplete(buf.len());
                }
                return Ok(Some((buf.len(), newlines)));
            };
            match buf[stop] {
                b'\n' => return Ok(Some((stop + 1, newlines + 1))),
                b'\r' => {
                    let length = match buf.get(stop + 1) {
                        Some(b'\n') => stop + 2,
                        None if !eof => return incomplete(buf.len()),
                        _ => stop + 1,
                    };
                    return Ok(Some((length, newlines + 1)));
                }
                _ => i = stop + 1,
            }
            if i > MAX_RECORD_BYTES {
                return Err(RecordError::RecordTooLarge);
            }
        }
    }

    /// Writes the record's cells, cleaned, into `row`; whether its text is UTF-8 (when it
    /// is not, each cell that is not reads as empty; the caller reports it), and whether
    /// it is plain. `checked` is the record's text where it is known to be plain.
    fn cells(&mut self, record: &[u8], checked: Option<&str>, row: &mut Row) -> (bool, bool) {
        row.clear();
        let (text, plain) = match checked {
            Some(text) => (Some(text), true),
            None => {
                let text = simdutf8::basic::from_utf8(record).ok();
                (text, text.is_some_and(is_plain))
            }
        };
        // A plain record is copied whole, its cells spans of it; cells of other records,
        // and cells in several parts, are cleaned one by one after it.
        let source = text.filter(|_| plain).map(|text| row.add_source(text));
        let mut first = 0;
        for &end in &self.cell_ends {
            let parts = &self.parts[first..end as usize];
            first = end as usize;
            let whole = match (parts, text) {
                // The usual cell: one stretch of valid text, cut at ASCII bytes.
                ([Part::Bytes(a, b)], Some(text)) => {
                    let (a, b) = (*a as usize, *b as usize);
                    text.get(a..b).map(|cell| (a, cell))
                }
                ([], _) => Some((0, "")),
                _ => None,
            };
            match (whole, source) {
                (Some((at, cell)), Some(source)) => {
                    let (start, end) = trimmed_span(cell);
                    row.push_span(source + at + start, source + at + end);
                }
                (Some((_, cell)), None) => row.push_written(|out| clean_cell_into(cell, out)),
                (None, _) => {
                    // Parts are cut at ASCII bytes: a cell is valid text when each part is,
                    // and parts of a record already checked are not checked again.
                    let joined = &mut self.joined;
                    joined.clear();
                    let mut valid = true;
                    for part in parts {
                        match *part {
                            Part::Bytes(a, b) => {
                                let (a, b) = (a as usize, b as usize);
                                let piece = match text {
                                    Some(text) => text.get(a..b),
                                    None => std::str::from_utf8(&record[a..b]).ok(),
                                };
                                match piece {
                                    Some(piece) => joined.push_str(piece),
                                    None => valid = false,
                                }
                            }
                            Part::LineBreak => joined.push('\n'),
                        }
                    }
                    row.push_written(|out| {
                        if valid {
                            clean_cell_into(joined, out);
                        }
                    });
                }
            }
        }
        (text.is_some(), source.is_some())
    }
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
        let mut row = Row::default();
        while let Some(Split::Record { length, .. }) = Splitter::default()
            .split(rest, "", b',', true, &mut row)
            .unwrap()
        {
            rows.push(row.cells().map(str::to_owned).collect());
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
        assert_eq!(all("\"\",\"x\ry\",\" z \"\n"), [vec!["", "x\ny", "z"]]);
    }

    #[test]
    fn a_record_that_is_not_utf8_says_so_and_keeps_its_other_cells() {
        let mut row = Row::default();
        let Ok(Some(Split::Record { utf8, .. })) =
            Splitter::default().split(b"ok,\"b\xff\",c\n", "", b',', true, &mut row)
        else {
            panic!("not split");
        };
        assert!(!utf8);
        assert_eq!(row.cells().collect::<Vec<_>>(), ["ok", "", "c"]);
    }

    #[test]
    fn a_record_cut_by_the_buffer_end_asks_for_more() {
        for cut in ["a,b", "a,\"b\nc", "a,b\r", "a,\"b\""] {
            assert_eq!(
                Splitter::default().split(cut.as_bytes(), "", b',', false, &mut Row::default()),
                Ok(Some(Split::Incomplete)),
                "{cut}"
            );
        }
    }

    #[test]
    fn an_unclosed_quote_is_located() {
        assert_eq!(
            Splitter::default().split(b"c,\"d,e\nf,g\n", "", b',', true, &mut Row::default()),
            Err(RecordError::UnclosedQuote { offset: 2 })
        );
    }
}
