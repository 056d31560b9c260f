//! Text → records: the one CSV/TSV splitter. It reads a record at a time from a byte
//! buffer that may end mid-record (a chunk of a large file), so the whole input and each
//! chunk of it are split by the same code. A record already known to be plain text has
//! its cells found 64 bytes at a time; one that is not, or that holds what only the
//! general reading handles (a line break in quotes, text after a closing quote), is read
//! a cell at a time. Quoted cells may hold delimiters, doubled
//! quotes and line breaks (CRLF and a lone CR read as LF); text after a closing quote
//! continues the cell, as spreadsheets read it.

use super::rows::{MAX_CELL_BYTES, MAX_COLUMNS, Row};
use crate::text::{clean_cell_into, is_plain, trimmed, trimmed_span, trimmed_span_within};
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
    /// The cells of a plain record that hold doubled quotes: their place in the row, and
    /// where each stands in the record.
    doubled_cells: Vec<(usize, u32, u32)>,
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
        if let Some((length, newlines)) = self.split_plain(checked, delimiter, row) {
            return Ok(Some(Split::Record {
                length,
                newlines,
                utf8: true,
                plain: true,
            }));
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
            let first_part = self.parts.len();
            // The quotes of a cell whose closing quote text follows (`"Mỗi xã" hỗ trợ`).
            let mut quotes = None;
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
                            quotes = Some((opened, at));
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
            // Text after the closing quote: the quotes were the text's own, not the
            // cell's (a name that begins with a quoted title, in a file written without
            // quoting), and are kept; what they enclose stays one cell.
            if let Some((opened, closed)) = quotes.filter(|_| end > i) {
                add(
                    &mut self.parts,
                    Part::Bytes(at32(opened), at32(opened + 1)),
                    cells,
                )?;
                self.parts[first_part..].rotate_right(1);
                add(
                    &mut self.parts,
                    Part::Bytes(at32(closed), at32(closed + 1)),
                    cells,
                )?;
            }
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

    /// The record at the start of `text` (valid and plain: the record needs no other
    /// look), its cells found by the bytes that can end or open one, 64 at a time, and
    /// written into `row`: its length and line breaks (one). `None` where the general
    /// splitter must read it: a quoted cell holding a line break, text after a closing
    /// quote, a record that does not end within `text`, or one at the limits (whose
    /// errors the general splitter gives).
    fn split_plain(&mut self, text: &str, delimiter: u8, row: &mut Row) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        // Each cell is a span of the record's text, which the row holds from its start once
        // the record's length is known; a cell with doubled quotes is written after it.
        row.clear();
        let doubled_cells = &mut self.doubled_cells;
        doubled_cells.clear();
        let mut cell_start = 0;
        let mut in_quotes = false;
        let mut doubled = false;
        // Where the current cell's closing quote stands, once it is closed.
        let mut closed_at = None;
        // The second quote of a doubled one, passed over.
        let mut skip = usize::MAX;
        let mut base = 0;
        // The record's last block, short of 64 bytes, is read padded with zeros (no byte
        // the mask looks for); only one block a record is.
        let mut padded = [0u8; 64];
        let length = 'record: loop {
            if base >= bytes.len() || base > MAX_RECORD_BYTES {
                return None;
            }
            let block = match bytes.get(base..base + 64) {
                Some(block) => block,
                None => {
                    padded[..bytes.len() - base].copy_from_slice(&bytes[base..]);
                    &padded
                }
            };
            let mut bits = structural(block.try_into().ok()?, delimiter);
            while bits != 0 {
                let at = base + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let byte = bytes[at];
                if in_quotes {
                    match (byte, bytes.get(at + 1)) {
                        _ if at == skip => {}
                        (b'"', Some(b'"')) => {
                            doubled = true;
                            skip = at + 1;
                        }
                        (b'"', Some(&next))
                            if next == delimiter || next == b'\n' || next == b'\r' =>
                        {
                            in_quotes = false;
                            closed_at = Some(at);
                        }
                        // Text after the closing quote, or a line break in the quotes.
                        (b'"' | b'\n' | b'\r', _) => return None,
                        // A delimiter inside the quotes is text.
                        _ => {}
                    }
                    continue;
                }
                if byte == b'"' {
                    // A quote opens a cell only at its start; elsewhere it is text.
                    in_quotes = at == cell_start;
                    continue;
                }
                let (start, end) = match closed_at.take() {
                    Some(close) => (cell_start + 1, close),
                    None => (cell_start, at),
                };
                if row.len() == MAX_COLUMNS || end - start > MAX_CELL_BYTES {
                    return None;
                }
                if std::mem::take(&mut doubled) {
                    doubled_cells.push((row.len(), start as u32, end as u32));
                    row.push_span(0, 0);
                } else {
                    let (start, end) = trimmed_span_within(text, start, end);
                    row.push_span(start, end);
                }
                match byte {
                    b'\n' => break 'record at + 1,
                    b'\r' => match bytes.get(at + 1) {
                        Some(b'\n') => break 'record at + 2,
                        Some(_) => break 'record at + 1,
                        // A CR that ends the text may start a CRLF.
                        None => return None,
                    },
                    _ => cell_start = at + 1,
                }
            }
            base += 64;
        };
        // The row was cleared: the record's text starts it, where the spans point.
        row.add_source(&text[..length]);
        for &(index, start, end) in doubled_cells.iter() {
            let joined = &mut self.joined;
            joined.clear();
            // Quotes in a quoted cell come in pairs: each pair keeps one.
            let mut rest = &text[start as usize..end as usize];
            while let Some(k) = memchr(b'"', rest.as_bytes()) {
                joined.push_str(&rest[..=k]);
                rest = rest.get(k + 2..).unwrap_or_default();
            }
            joined.push_str(rest);
            // Plain text less some quotes is plain still: only trimmed.
            row.write_cell(index, |out| out.push_str(trimmed(joined)));
        }
        Some((length, 1))
    }
}

/// Bit `i` is set where `block[i]` is the delimiter, a quote, a CR or a LF.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn structural(block: &[u8; 64], delimiter: u8) -> u64 {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let splat = |byte: u8| set_splat_i8_m128i(byte as i8);
    let (delimiter, quote, lf, cr) = (splat(delimiter), splat(b'"'), splat(b'\n'), splat(b'\r'));
    let mut bits = 0;
    for (k, part) in block.chunks_exact(16).enumerate() {
        let part = load_unaligned_m128i(part.try_into().unwrap_or(&[0; 16]));
        let is = |byte| cmp_eq_mask_i8_m128i(part, byte);
        let hits = bitor_m128i(
            bitor_m128i(is(delimiter), is(quote)),
            bitor_m128i(is(lf), is(cr)),
        );
        bits |= u64::from(move_mask_i8_m128i(hits) as u16) << (16 * k);
    }
    bits
}

/// [`structural`] a byte at a time, where SSE2 is not at hand.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn structural_bytes(block: &[u8; 64], delimiter: u8) -> u64 {
    block.iter().enumerate().fold(0, |bits, (i, &byte)| {
        let hit = byte == delimiter || matches!(byte, b'"' | b'\n' | b'\r');
        bits | (u64::from(hit) << i)
    })
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use structural_bytes as structural;

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
        // Text after a closing quote: the quotes were the text's own, and are kept.
        assert_eq!(
            all("a,\"b\"x y,c\rd\n"),
            [vec!["a", "\"b\"x y", "c"], vec!["d"]]
        );
        assert_eq!(all("\"b,\"\"c\" d\n"), [vec!["\"b,\"c\" d"]]);
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

    /// Every record, split as plain text (cells found 64 bytes at a time) and by the
    /// general splitter: the same cells, length and line breaks.
    fn split_both_ways(text: &str, delimiter: u8) {
        let (mut plain, mut general) = (Row::default(), Row::default());
        let mut rest = text;
        loop {
            let checked = if is_plain(rest) { rest } else { "" };
            let fast =
                Splitter::default().split(rest.as_bytes(), checked, delimiter, true, &mut plain);
            let slow =
                Splitter::default().split(rest.as_bytes(), "", delimiter, true, &mut general);
            assert_eq!(fast, slow, "{text:?} at {rest:?}");
            let Ok(Some(Split::Record { length, .. })) = slow else {
                break;
            };
            assert_eq!(plain, general, "{text:?} at {rest:?}");
            rest = &rest[length..];
        }
    }

    #[test]
    fn plain_records_split_as_the_general_splitter_splits_them() {
        for text in [
            "a,b,c\n",
            " a , \"b, c\" ,d\r\n\"\",x\r\"y\"\"z\"\"\",\"\"\"\"\n",
            "\"a\"b,c\n\"d\ne\",f\n,\n\n\"g\r\nh\"\n",
            "Sóc Trăng;\"Dự án \"\"Cánh đồng lớn\"\"\";1.234,5\n\"a;b\"\r",
            "x\"y,\"z\n\"unclosed,\n",
        ] {
            split_both_ways(text, if text.contains(';') { b';' } else { b',' });
        }
        // Cells across the 64-byte blocks the plain splitter reads.
        let long = format!(
            "{},\"{}\"\"{}\",{}\n",
            "ấ".repeat(40),
            "b".repeat(61),
            ",".repeat(70),
            "c".repeat(63)
        );
        split_both_ways(&long.repeat(3), b',');
        let plain = Splitter::default().split_plain(&long, b',', &mut Row::default());
        assert_eq!(plain, Some((long.len(), 1)), "read as plain text");
    }

    proptest::proptest! {
        /// Cells that begin or end in white space, ASCII or not (U+00A0), or in a control
        /// character that is not white space (U+001C), trimmed alike.
        #[test]
        fn any_plain_record_splits_as_the_general_splitter_splits_it(
            text in "[a,\"\n\r ;\tấ\u{a0}\u{1c}]{0,200}",
        ) {
            for delimiter in [b',', b';', b'\t'] {
                split_both_ways(&text, delimiter);
            }
        }
    }

    proptest::proptest! {
        /// Records as spreadsheets write them (a cell quoted where it must be or at random,
        /// its quotes doubled), long enough to cross blocks: read as plain, as the
        /// general splitter reads them.
        #[test]
        fn written_records_split_as_plain_text(
            cells in proptest::collection::vec(("[a ,;\"ấ\t]{0,90}", proptest::bool::ANY), 1..12),
            crlf in proptest::bool::ANY,
        ) {
            for delimiter in [b',', b';', b'\t'] {
                let written: Vec<String> = cells
                    .iter()
                    .map(|(cell, quote)| {
                        let must = cell.contains(['"', delimiter as char]) || cell.starts_with(' ');
                        if *quote || must {
                            format!("\"{}\"", cell.replace('"', "\"\""))
                        } else {
                            cell.clone()
                        }
                    })
                    .collect();
                let record = written.join(&(delimiter as char).to_string())
                    + if crlf { "\r\n" } else { "\n" };
                let text = record.repeat(2);
                let plain = Splitter::default().split_plain(&text, delimiter, &mut Row::default());
                proptest::prop_assert_eq!(plain, Some((record.len(), 1)), "{:?}", record);
                split_both_ways(&text, delimiter);
            }
        }
    }

    #[test]
    fn structural_bytes_are_found_alike_with_and_without_sse2() {
        let block: [u8; 64] = std::array::from_fn(|i| b"a,\"\n\r;\t\xE1"[i * 7 % 8]);
        for delimiter in [b',', b';', b'\t'] {
            assert_eq!(
                structural(&block, delimiter),
                structural_bytes(&block, delimiter)
            );
        }
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
