//! Web pages (`.html`, `.htm`) → the tables of [`super::document`]: a catalogue saved
//! from Word, Excel or LibreOffice as a web page, copied from a province's portal, or
//! exported by a web system under an `.xls` name. Read as a browser lays tables out: a
//! cell merged across columns (`colspan`) spread over them, a cell merged down rows
//! (`rowspan`) read in its first row and an empty cell in the rows below; white space
//! run together, `<br>` a line break, `<p>` and `<div>` lines of a cell; the text before a
//! table is its title lines; scripts, styles and comments are not text.
//! A cell or row left open closes where the next begins, as browsers do. The items of a
//! list (`<ol>`, `<ul>`) start with the number or bullet a browser draws (`1.`, `II.`).

use super::decode;
use super::document::{Builder, DocumentTable};
use super::numbering::{MAX_NESTING, NumberStyle};
use anyhow::Result;

/// Does a web page start here: a tag first (after a byte-order mark and white space),
/// and `<html` or `<table` among the first 4 KiB?
pub fn is_html(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = start.trim_ascii_start();
    // An Excel 2003 XML spreadsheet's rich text is in HTML (`<html:B>`).
    if !start.starts_with(b"<") || super::spreadsheet_xml::is_spreadsheet_xml(bytes) {
        return false;
    }
    let head = start[..start.len().min(4096)].to_ascii_lowercase();
    memchr::memmem::find(&head, b"<html").is_some()
        || memchr::memmem::find(&head, b"<table").is_some()
        || head.starts_with(b"<!doctype html")
}

/// The tables of a web page, in order.
pub fn tables(name: &str, bytes: &[u8]) -> Result<Vec<DocumentTable>> {
    let text = decode::markup_text(bytes, b"charset=").map_err(|e| e.located(name))?;
    let mut page = Page {
        tables: Builder::new(name),
        levels: Vec::new(),
        space: false,
        lists: Vec::new(),
        lists_too_deep: 0,
    };
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            page.text(rest)?;
            break;
        };
        page.text(&rest[..at])?;
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some((tag, after)) = Tag::parse(rest) else {
            page.text("<")?;
            rest = &rest[1..];
            continue;
        };
        rest = after;
        if !tag.closing && RAW_TEXT.contains(&tag.name.as_str()) {
            rest = skip_raw_text(rest, &tag.name);
            continue;
        }
        page.tag(&tag)?;
    }
    while !page.levels.is_empty() {
        page.close_table()?;
    }
    page.tables.close_paragraph()?;
    Ok(page.tables.finish())
}

/// Elements whose content is not text of the page: it runs to their end tag.
const RAW_TEXT: [&str; 6] = ["script", "style", "title", "xml", "textarea", "template"];

/// Elements that end a line of text: a title line outside tables, a line of a cell.
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "center",
    "section",
    "article",
    "header",
    "footer",
    "hr",
];

/// The rest of the page after the end tag of the raw-text element `name` (in any case):
/// looked for up to it, so that many such elements cost one pass over the page.
fn skip_raw_text<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    for at in memchr::memmem::find_iter(bytes, b"</") {
        let after = &bytes[at + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
        }
    }
    ""
}

/// A start or end tag: its name in lower case, the spans it declares, and what it says of
/// a list's numbers (`<ol start type>`, `<li value>`).
struct Tag {
    name: String,
    closing: bool,
    colspan: usize,
    rowspan: usize,
    start: Option<u32>,
    value: Option<u32>,
    kind: Option<String>,
}

impl Tag {
    /// The tag at the start of `text` (which starts with `<`) and the text after it;
    /// `None` where `<` starts no tag (`a < b`). `<!DOCTYPE>`, `<?xml?>` and Word's
    /// `<![if …]>` are tags of no meaning here.
    fn parse(text: &str) -> Option<(Tag, &str)> {
        let body = &text[1..];
        let (closing, body) = match body.strip_prefix('/') {
            Some(body) => (true, body),
            None => (false, body),
        };
        let first = body.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '!' || first == '?') {
            return None;
        }
        let name_len = body
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '!' | '?'))
            })
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        let mut tag = Tag {
            name,
            closing,
            colspan: 1,
            rowspan: 1,
            start: None,
            value: None,
            kind: None,
        };
        let mut rest = &body[name_len..];
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return Some((tag, rest));
            }
            if let Some(after) = rest.strip_prefix('>') {
                return Some((tag, after));
            }
            let key_len = rest
                .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
                .unwrap_or(rest.len())
                .max(1);
            let key = rest[..key_len].to_ascii_lowercase();
            rest = rest[key_len..].trim_start_matches(|c: char| c.is_ascii_whitespace());
            let Some(value_start) = rest.strip_prefix('=') else {
                continue;
            };
            let value_start = value_start.trim_start_matches(|c: char| c.is_ascii_whitespace());
            let (value, after) = match value_start.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &value_start[1..];
                    match inner.find(quote) {
                        Some(end) => (&inner[..end], &inner[end + 1..]),
                        None => (inner, ""),
                    }
                }
                _ => {
                    let end = value_start
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(value_start.len());
                    (&value_start[..end], &value_start[end..])
                }
            };
            rest = after;
            let span = || value.trim().parse::<usize>().unwrap_or(1);
            match key.as_str() {
                // The largest spans HTML allows.
                "colspan" => tag.colspan = span().clamp(1, 1000),
                "rowspan" => tag.rowspan = span().clamp(1, 65534),
                "start" => tag.start = value.trim().parse().ok(),
                "value" => tag.value = value.trim().parse().ok(),
                "type" => tag.kind = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
}

/// A table open on the page: whether a row and a cell of it are open.
#[derive(Default)]
struct Level {
    row: bool,
    cell: bool,
    /// The rows each column is still covered by a cell above (`rowspan`).
    covered: Vec<usize>,
}

/// The page being read: the tables built and the tables open.
struct Page<'a> {
    tables: Builder<'a>,
    levels: Vec<Level>,
    /// White space seen since the last text: one space, if more text follows on the line.
    space: bool,
    /// The lists open: how each draws its items' marks, and the number of its next item;
    /// and how many are open past the depth followed.
    lists: Vec<(NumberStyle, u32)>,
    lists_too_deep: usize,
}

impl Page<'_> {
    fn tag(&mut self, tag: &Tag) -> Result<()> {
        let name = tag.name.as_str();
        match (tag.closing, name) {
            (false, "table") => {
                self.line_break()?;
                self.tables.open_table();
                self.levels.push(Level::default());
            }
            (true, "table") if !self.levels.is_empty() => self.close_table()?,
            (false, "tr") if !self.levels.is_empty() => {
                self.close_row()?;
                self.open_row()?;
            }
            (true, "tr") => self.close_row()?,
            (false, "td" | "th") if !self.levels.is_empty() => {
                self.close_cell()?;
                if !self.levels.last().is_some_and(|l| l.row) {
                    self.open_row()?;
                }
                self.open_cell(tag.colspan, tag.rowspan)?;
            }
            (true, "td" | "th") => self.close_cell()?,
            // A table's caption is its title line.
            (false, "caption") => self.line_break()?,
            (true, "caption") if self.levels.len() == 1 => {
                self.space = false;
                self.tables.close_caption();
            }
            (false, "br") => {
                self.space = false;
                self.tables.text("\n")?;
            }
            (false, "ol" | "ul") if self.lists.len() >= MAX_NESTING => {
                self.line_break()?;
                self.lists_too_deep += 1;
            }
            (false, "ol" | "ul") => {
                self.line_break()?;
                let style = match (name, &tag.kind) {
                    ("ol", kind) => NumberStyle::open_document(kind.as_deref().unwrap_or("1")),
                    // A browser's bullets, one kind a level.
                    _ => NumberStyle::Bullet(["•", "◦", "▪"][self.lists.len().min(2)].to_owned()),
                };
                self.lists.push((style, tag.start.unwrap_or(1)));
            }
            (true, "ol" | "ul") => {
                match self.lists_too_deep {
                    0 => drop(self.lists.pop()),
                    _ => self.lists_too_deep -= 1,
                }
                self.line_break()?;
            }
            (false, "li") => {
                self.line_break()?;
                if let Some((style, next)) = self.lists.last_mut() {
                    let number = tag.value.unwrap_or(*next);
                    *next = number.saturating_add(1);
                    let label = match style {
                        NumberStyle::Bullet(mark) => mark.clone(),
                        style => style.draw(number, false) + ".",
                    };
                    self.tables.text(&label)?;
                    self.space = true;
                }
            }
            (_, block) if BLOCKS.contains(&block) => self.line_break()?,
            _ => {}
        }
        Ok(())
    }

    /// Text between tags: character references resolved, white space run together.
    fn text(&mut self, raw: &str) -> Result<()> {
        let resolved = resolve_references(raw);
        for (i, word) in resolved
            .split(|c: char| c.is_ascii_whitespace())
            .enumerate()
        {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && !self.tables.paragraph_is_empty() {
                self.tables.text(" ")?;
            }
            self.space = false;
            self.tables.text(word)?;
        }
        Ok(())
    }

    fn line_break(&mut self) -> Result<()> {
        self.space = false;
        self.tables.close_paragraph()?;
        self.tables.open_paragraph();
        Ok(())
    }

    fn open_row(&mut self) -> Result<()> {
        if let Some(level) = self.levels.last_mut() {
            level.row = true;
        }
        self.tables.open_row(1);
        self.line_break()
    }

    fn close_row(&mut self) -> Result<()> {
        self.close_cell()?;
        let Some(level) = self.levels.last_mut() else {
            return Ok(());
        };
        if !std::mem::take(&mut level.row) {
            return Ok(());
        }
        if self.tables.builds() {
            // Columns still covered from above at the row's end.
            let covered_last = self
                .covered()
                .and_then(|c| c.iter().rposition(|&rows| rows > 0));
            if let Some(last) = covered_last {
                while self.tables.row_len() <= last {
                    self.cover_or_pad()?;
                }
            }
            if let Some(covered) = self.covered() {
                while covered.last() == Some(&0) {
                    covered.pop();
                }
            }
        } else {
            self.line_break()?;
        }
        self.tables.close_row()
    }

    fn open_cell(&mut self, colspan: usize, rowspan: usize) -> Result<()> {
        if let Some(level) = self.levels.last_mut() {
            level.cell = true;
        }
        if self.tables.builds() {
            loop {
                let column = self.tables.row_len();
                let rows = self.covered().and_then(|c| c.get(column).copied());
                if rows.is_none_or(|rows| rows == 0) {
                    break;
                }
                self.cover_or_pad()?;
            }
            let first = self.tables.row_len();
            let last = (first + colspan).min(super::rows::MAX_COLUMNS + 1);
            if let Some(covered) = self.covered() {
                if covered.len() < last {
                    covered.resize(last, 0);
                }
                covered[first..last].fill(rowspan - 1);
            }
        }
        self.line_break()?;
        self.tables.open_cell();
        self.tables.set_spans(colspan);
        Ok(())
    }

    fn close_cell(&mut self) -> Result<()> {
        let Some(level) = self.levels.last_mut() else {
            return Ok(());
        };
        if std::mem::take(&mut level.cell) {
            self.line_break()?;
            self.tables.close_cell()?;
        }
        Ok(())
    }

    /// The next column of the row: an empty cell, one row fewer covered where a cell
    /// above spans it.
    fn cover_or_pad(&mut self) -> Result<()> {
        let column = self.tables.row_len();
        let covered = self
            .covered()
            .and_then(|c| c.get_mut(column))
            .is_some_and(|rows| {
                let covered = *rows > 0;
                *rows = rows.saturating_sub(1);
                covered
            });
        self.tables.open_cell();
        // A cell a row leaves out before a covered one is padding, not the cell above.
        match covered {
            true => self.tables.set_merged_down(),
            false => self.tables.set_merged(),
        }
        self.tables.close_cell()
    }

    /// The rows each column of the table in hand is still covered by a cell above.
    fn covered(&mut self) -> Option<&mut Vec<usize>> {
        self.levels.last_mut().map(|level| &mut level.covered)
    }

    fn close_table(&mut self) -> Result<()> {
        self.close_row()?;
        self.levels.pop();
        self.tables.close_table();
        self.line_break()
    }
}

/// `&amp;`, `&#7879;`, `&#x1EC7;`, `&nbsp;` and the named characters of Latin-1 as the
/// characters they stand for; any other `&` as it is.
pub(super) fn resolve_references(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let reference = &rest[1..end];
        let resolved = if rest[end..].starts_with(';') {
            character(reference)
        } else {
            None
        };
        match resolved {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The character a reference (between `&` and `;`) stands for.
fn character(reference: &str) -> Option<char> {
    if let Some(number) = reference.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        // A NUL or a surrogate is no character of a cell.
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    let code = match reference {
        "amp" => 0x26,
        "lt" => 0x3C,
        "gt" => 0x3E,
        "quot" => 0x22,
        "apos" => 0x27,
        "ndash" => 0x2013,
        "mdash" => 0x2014,
        "lsquo" => 0x2018,
        "rsquo" => 0x2019,
        "ldquo" => 0x201C,
        "rdquo" => 0x201D,
        "bull" => 0x2022,
        "hellip" => 0x2026,
        "euro" => 0x20AC,
        latin => 0xA0 + LATIN_1.iter().position(|&name| name == latin)? as u32,
    };
    char::from_u32(code)
}

/// The names of the characters U+00A0 to U+00FF, in order (HTML's Latin-1 entities).
const LATIN_1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(page: &str) -> Vec<Vec<String>> {
        let tables = tables("t.html", page.as_bytes()).unwrap_or_default();
        tables.into_iter().flat_map(|t| t.rows).collect()
    }

    #[test]
    fn list_items_start_with_the_mark_a_browser_draws() {
        let page = "<table><tr><td><ol type=I><li></ol><td>a\
            <tr><td><ol start=2><li>x<li value=7>y<li>z</ol><td>b\
            <tr><td><ul><li>p<ul><li>q</ul></ul><td>c</table>";
        assert_eq!(
            rows(page),
            [["I.", "a"], ["2. x\n7. y\n8. z", "b"], ["• p\n◦ q", "c"]]
        );
    }

    #[test]
    fn cells_merged_across_and_down_take_their_columns() {
        let page = "<table><tr><td rowspan=2>STT<td colspan=2>Kinh phí<td rowspan=2>Ghi chú\
                    <tr><td>Tổng<td>Viện trợ</table>";
        assert_eq!(
            rows(page),
            [
                vec!["STT", "Kinh phí", "", "Ghi chú"],
                vec!["", "Tổng", "Viện trợ", ""],
            ]
        );
    }

    #[test]
    fn text_is_run_together_and_references_resolved() {
        let page = "<p>DANH&nbsp;MỤC\n   dự án</p><table><tr><td> Tr&#7891;ng\n rừng &amp; <b>cây</b><br>năm 2021 </td>\
                    <td>a &lt; b &unknown; &#0;</td></tr></table>";
        let tables = tables("t.html", page.as_bytes()).unwrap_or_default();
        assert_eq!(tables[0].titles, ["DANH\u{a0}MỤC dự án"]);
        assert_eq!(
            tables[0].rows,
            [vec!["Trồng rừng & cây\nnăm 2021", "a < b &unknown; &#0;"]]
        );
    }

    #[test]
    fn a_page_is_read_in_its_declared_charset_unless_its_bytes_are_utf8() {
        // Windows-1252 bytes: `Ã©` (which alone would be UTF-8 for `é`) and `ê`.
        let page = b"<meta charset=windows-1252><table><tr><td>\xC3\xA9 T\xEAn</table>";
        let declared = tables("t.html", page).unwrap_or_default();
        assert_eq!(declared[0].rows, [vec!["\u{c3}\u{a9} Tên"]]);
        assert_eq!(
            rows("<meta charset=windows-1252><table><tr><td>Tên</table>"),
            [vec!["Tên"]]
        );
    }

    #[test]
    fn a_caption_is_the_tables_title() {
        let page = "<table><caption>Danh mục dự án tỉnh Bến Tre</caption><tr><td>1</table>";
        let tables = tables("t.html", page.as_bytes()).unwrap_or_default();
        assert_eq!(tables[0].titles, ["Danh mục dự án tỉnh Bến Tre"]);
        assert_eq!(tables[0].rows, [vec!["1"]]);
    }

    #[test]
    fn scripts_comments_and_nested_tables_are_not_cells() {
        // A table within a cell is that cell's text, and a table of its own after the
        // page's.
        let page = "<html><head><title>x</title><style>td{}</style></head><body>\
                    <!-- <table><tr><td>no</td></tr></table> --><SCRIPT>var t='<td>';</Script>\
                    <table><tr><td>1</td><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>";
        let tables = tables("t.html", page.as_bytes()).unwrap_or_default();
        let nested: Vec<bool> = tables.iter().map(|t| t.nested).collect();
        assert_eq!(nested, [false, true]);
        assert_eq!(tables[0].rows, [vec!["1", "a\nb"]]);
        assert_eq!(tables[1].rows, [vec!["a", "b"]]);
    }

    #[test]
    fn only_a_page_is_taken_for_one() {
        assert!(is_html(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"));
        assert!(is_html(
            b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
        ));
        assert!(is_html(b"<table><tr><td>1</td></tr></table>"));
        assert!(!is_html(b"STT,Ten,<table>"));
        assert!(!is_html(b"<Workbook>"));
    }
}
