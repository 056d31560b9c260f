//! Markdown (`.md`, or any text holding one) → the tables of [`super::document`]: pipe
//! tables as GitHub, pandoc and aidcat's own `--format markdown` write them (a header
//! row, a row of dashes under it, a row a line; the pipes at either end optional). The
//! lines before a table are its title lines (`# Phụ lục`, `**ĐVT: triệu đồng**`,
//! marks of emphasis and headings taken off); a table ends at a blank line or a line
//! with no pipe. In a cell, `\|` is a pipe, `<br>` a line break, `&amp;` and the other
//! references of HTML the characters they stand for, and a cell set in bold whole
//! (`**11.000**`, a total row) its text. A table the text holds in HTML (as pandoc
//! writes one whose cells span rows or columns) is read as a web page's is.

use super::decode;
use super::document::{Builder, DocumentTable};
use super::html::resolve_references;
use anyhow::Result;

/// How far into a file a table is looked for: its header and the dashes under it.
const LOOK_BYTES: usize = 64 << 10;

/// Does a pipe table start within the first 64 KiB: a line with a pipe, then a row of
/// dashes of as many cells (`| --- | ---: |`)? A text separated by pipes has no such
/// row. Or a line there opens a table in HTML, under a line of text: a text that opens
/// on a tag is markup (a web page, an Excel 2003 XML spreadsheet's `<Table>`), not
/// Markdown.
pub fn is_markdown(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(LOOK_BYTES)];
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // Asked of every text file: one with neither a pipe nor a tag is settled at once.
    if text.trim_ascii_start().starts_with(b"<")
        || (memchr::memchr(b'|', text).is_none() && memchr::memchr(b'<', text).is_none())
    {
        return false;
    }
    let lossy = String::from_utf8_lossy;
    let mut above: &[u8] = &[];
    for line in text.split(|&b| b == b'\n') {
        // Only a line of pipes and dashes, or one opening on a tag, is looked at whole.
        let dashes = line.contains(&b'-')
            && line.contains(&b'|')
            && (line.iter()).all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t' | b'\r'));
        if dashes && is_header_over(&lossy(above), &lossy(line)) {
            return true;
        }
        if line.trim_ascii_start().starts_with(b"<") && opens_table(&lossy(line)) {
            return true;
        }
        above = line;
    }
    false
}

/// Does the line open a table in HTML (`<table>`, `<TABLE border=1>`)?
fn opens_table(line: &str) -> bool {
    let line = line.trim_start().as_bytes();
    line.len() >= 6
        && line[..6].eq_ignore_ascii_case(b"<table")
        && line
            .get(6)
            .is_none_or(|b| matches!(b, b'>' | b' ' | b'\t' | b'\r' | b'/'))
}

/// How many tables in HTML the line opens, less those it closes.
fn table_depth_change(line: &str) -> isize {
    let lower = line.to_ascii_lowercase();
    let count = |tag: &str| memchr::memmem::find_iter(lower.as_bytes(), tag).count() as isize;
    count("<table") - count("</table")
}

/// Is `line` a row of dashes under `header`, a row of as many cells?
fn is_header_over(header: &str, line: &str) -> bool {
    let Some(dashes) = cells(line) else {
        return false;
    };
    let is_dashes = |cell: &str| {
        let inner = cell.strip_prefix(':').unwrap_or(cell);
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        !inner.is_empty() && inner.bytes().all(|b| b == b'-')
    };
    // A single cell needs its pipe, or any line of dashes would do.
    (dashes.len() > 1 || line.contains('|'))
        && dashes.iter().all(|cell| is_dashes(cell))
        && cells(header).is_some_and(|header| header.len() == dashes.len())
}

/// The cells of a table's line, as written (escapes kept), trimmed: split at each pipe
/// not escaped, the pipes at either end taken off. `None` for a line with no pipe.
fn cells(line: &str) -> Option<Vec<&str>> {
    let line = line.trim();
    let mut bounds = Vec::new();
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '|' => bounds.push(at),
            _ => {}
        }
    }
    if bounds.is_empty() {
        return None;
    }
    let mut cells = Vec::with_capacity(bounds.len() + 1);
    let mut start = 0;
    for &at in &bounds {
        cells.push(&line[start..at]);
        start = at + 1;
    }
    cells.push(&line[start..]);
    if bounds.first() == Some(&0) {
        cells.remove(0);
    }
    if bounds.last() == Some(&(line.len() - 1)) {
        cells.pop();
    }
    Some(cells.into_iter().map(str::trim).collect())
}

/// A cell's (or a title line's) text as it reads: escapes undone, references resolved,
/// emphasis around the whole taken off; its lines, split at each `<br>`.
fn lines_of(cell: &str) -> Vec<String> {
    let mut text = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next)) if next.is_ascii_punctuation() => {
                text.push(next);
                chars.next();
            }
            _ => text.push(c),
        }
    }
    // ASCII letters lowered keep every byte where it was: offsets in one are the other's.
    let lower = text.to_ascii_lowercase();
    let mut lines = Vec::new();
    let mut start = 0;
    for at in memchr::memmem::find_iter(lower.as_bytes(), "<br") {
        if at < start {
            continue;
        }
        lines.push(&text[start..at]);
        start = lower[at..].find('>').map_or(text.len(), |end| at + end + 1);
    }
    lines.push(&text[start..]);
    (lines.into_iter())
        .map(|line| unemphasised(resolve_references(line.trim()).trim()).to_owned())
        .collect()
}

/// Text set in bold, italics or code whole (`**Tổng cộng**`) as its text.
fn unemphasised(text: &str) -> &str {
    for mark in ["**", "__", "*", "`"] {
        if let Some(inner) = text.strip_prefix(mark).and_then(|t| t.strip_suffix(mark))
            && !inner.trim().is_empty()
        {
            return inner.trim();
        }
    }
    text
}

/// A title line as it reads: a heading's marks (`## `), a quote's (`> `) and a list
/// item's bullet taken off (and its bold, in [`tables`]).
fn title_of(line: &str) -> &str {
    let line = line.trim();
    let line = line.trim_start_matches('#').trim_start();
    let line = line.strip_prefix('>').map_or(line, str::trim_start);
    match line.strip_prefix(['-', '*', '+']) {
        Some(item) if item.starts_with(' ') => item.trim_start(),
        _ => line,
    }
}

/// The tables of a Markdown text, in order.
pub fn tables(name: &str, bytes: &[u8]) -> Result<Vec<DocumentTable>> {
    let (encoding, skip) = decode::decide(bytes, true, None).map_err(|e| e.located(name))?;
    let text = decode::decode(bytes, encoding, skip).map_err(|e| e.located(name))?;
    let mut builder = Builder::new(name);
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if opens_table(line) {
            // The lines up to the one that closes the table (and the tables within it).
            let mut depth = 0;
            let start = i;
            while let Some(line) = lines.get(i) {
                depth += table_depth_change(line);
                i += 1;
                if depth <= 0 {
                    break;
                }
            }
            let page = lines[start..i].join("\n");
            builder.push_read(super::html::tables(name, page.as_bytes())?)?;
            continue;
        }
        if let Some(next) = lines.get(i + 1)
            && is_header_over(line, next)
        {
            builder.open_table();
            table_row(&mut builder, line)?;
            i += 2;
            while let Some(row) = lines.get(i).filter(|row| !row.trim().is_empty())
                && row.contains('|')
            {
                table_row(&mut builder, row)?;
                i += 1;
            }
            builder.close_table();
            continue;
        }
        let title = title_of(line);
        if !title.is_empty() && !is_rule(title) {
            builder.open_paragraph();
            builder.text(&lines_of(title).join(" ").replace("**", ""))?;
            builder.close_paragraph()?;
        }
        i += 1;
    }
    Ok(builder.finish())
}

/// A thematic break (`---`, `***`): no title line.
fn is_rule(line: &str) -> bool {
    line.len() >= 3 && line.bytes().all(|b| matches!(b, b'-' | b'*' | b'_' | b' '))
}

/// One line of a table as a row of the table in hand.
fn table_row(builder: &mut Builder, line: &str) -> Result<()> {
    builder.open_row(1);
    for cell in cells(line).unwrap_or_default() {
        builder.open_cell();
        for text in lines_of(cell) {
            builder.open_paragraph();
            builder.text(&text)?;
            builder.close_paragraph()?;
        }
        builder.close_cell()?;
    }
    builder.close_row()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_table_is_told_from_text_separated_by_pipes() {
        assert!(is_markdown(
            b"# Danh muc\n\n| STT | Ten |\n|---|:---:|\n| 1 | A |\n"
        ));
        assert!(is_markdown(b"STT | Ten\n--- | ---\n1 | A\n"));
        assert!(is_markdown(b"\xEF\xBB\xBF| STT | Ten |\n|---|---|\n"));
        assert!(!is_markdown(b"STT|Ten|Tong von\n1|A|100\n2|B|200\n"));
        // The dashes must count as many cells as the header.
        assert!(!is_markdown(b"| STT | Ten | Tong |\n|---|---|\n"));
        assert!(!is_markdown(b"Title\n---\n"));
        assert!(is_markdown(
            b"## Phu luc\n\n<table><tr><td>STT</td></tr></table>\n"
        ));
        assert!(!is_markdown(
            b"<?xml version=\"1.0\"?>\n<Workbook>\n<Table>\n"
        ));
    }

    #[test]
    fn cells_are_read_as_written_out() {
        let tables = tables(
            "t.md",
            "**Danh mục** — ĐVT: triệu đồng\n\n\
             | STT | Tên dự án | Tổng vốn |\n| --- | --- | ---: |\n\
             | 1 | Nhà A\\|B &amp; C<br>giai đoạn 2 | 1.000 |\n\
             |  | **Tổng cộng (1)** | **1.000** |\n\nGhi chú\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].titles, ["Danh mục — ĐVT: triệu đồng"]);
        assert_eq!(
            tables[0].rows,
            [
                vec!["STT", "Tên dự án", "Tổng vốn"],
                vec!["1", "Nhà A|B & C\ngiai đoạn 2", "1.000"],
                vec!["", "Tổng cộng (1)", "1.000"],
            ]
        );
    }
}
