//! JSON (`.json`, or any text that is one; JSON Lines too) → the tables of
//! [`super::document`]: what web systems and scripts export, and aidcat's own `--format
//! json`. A list of objects is a table, its header their names in the order first met
//! (`[{"STT": "1", "Tên dự án": …}]`, aidcat's `{"rows": […]}`); a list of lists is a
//! table of those rows, its header among them as a sheet's is. An object's names holding
//! text or a figure are title lines of the tables within it (`"unit": "triệu đồng"` as
//! `unit: triệu đồng`; a `title`'s, its text); an object within an object, or in a list
//! of objects holding lists, is read the same way a level down. A figure is taken exactly
//! as written (`5203.5`: no floating point), as a workbook's stored number is; `true`,
//! `false` as text, `null` an empty cell. A list of texts in a cell (partner agencies) is
//! its lines; an object of texts and figures in a cell gives its names as columns (named
//! `funding.total` where the row has a `total` of its own). An object of texts and
//! figures right after a table, named only by its columns (aidcat's `total`), is the
//! table's last row. A list of texts outside a cell (aidcat's `notes`) is no table.
//!
//! The text is parsed here, not by `serde_json`: a figure's digits are kept as written
//! (a `serde_json` number is a floating-point one unless a crate-wide feature changes
//! every number it reads), names keep their order, and what is held is counted as it is
//! read, within the limits of every document.

use super::ReadError;
use super::decode;
use super::document::{DocumentTable, Held};
use super::rows::MAX_COLUMNS;
use crate::problem::{Failure, JsonExpected, Problem};
use crate::text::line_col;
use anyhow::Result;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How deep lists and objects may nest: an export nests a few levels.
const MAX_DEPTH: usize = 128;

/// Is the text JSON: an object opening on a name (`{"`), or a list opening on an object or
/// a list (`[{`, `[[`), after white space? A title line in brackets (`[DỰ THẢO]`) is not.
pub fn is_json(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut bytes = text.iter().copied().filter(|b| !b.is_ascii_whitespace());
    matches!(
        (bytes.next(), bytes.next()),
        (Some(b'{'), Some(b'"' | b'}')) | (Some(b'['), Some(b'{' | b'['))
    )
}

/// A value as read: a figure as its text.
#[derive(Debug, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Figure(String),
    Text(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    fn is_scalar(&self) -> bool {
        !matches!(self, Value::List(_) | Value::Object(_))
    }
}

/// The tables of a JSON text, in order.
pub fn tables(name: &str, bytes: &[u8]) -> Result<Vec<DocumentTable>> {
    let (encoding, skip) = decode::decide(bytes, true, None).map_err(|e| e.located(name))?;
    let text = decode::decode(bytes, encoding, skip).map_err(|e| e.located(name))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let mut parser = Parser {
        text: text.as_bytes(),
        at: 0,
        depth: 0,
        held: Held::default(),
    };
    let value = parser.document().map_err(|e| e.located(name))?;
    let mut tables = Tables::default();
    tables
        .value(value)
        .map_err(|problem| Failure::error(name, problem))?;
    Ok(tables.tables)
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    depth: usize,
    held: Held,
}

impl Parser<'_> {
    /// The whole text: one value, or several one after another (JSON Lines), read as a
    /// list of them.
    fn document(&mut self) -> Result<Value, ReadError> {
        let first = self.value()?;
        self.skip_space();
        if self.at == self.text.len() {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.at < self.text.len() {
            values.push(self.value()?);
            self.skip_space();
        }
        Ok(Value::List(values))
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.get(self.at) {
            self.at += 1;
        }
    }

    /// The error at the byte in hand: what stands there, and what was expected.
    fn expected(&self, expected: JsonExpected) -> ReadError {
        let text = std::str::from_utf8(self.text).unwrap_or_default();
        let found = text.get(self.at..).and_then(|rest| rest.chars().next());
        self.here(Problem::JsonSyntax { found, expected })
    }

    /// The problem at the byte in hand, by its line and column.
    fn here(&self, problem: Problem) -> ReadError {
        let (line, column) = line_col(self.text, self.at);
        ReadError::at(line, Some(column), problem)
    }

    fn value(&mut self) -> Result<Value, ReadError> {
        self.skip_space();
        self.held.item().map_err(|problem| self.here(problem))?;
        let Some(&byte) = self.text.get(self.at) else {
            return Err(self.expected(JsonExpected::Value));
        };
        match byte {
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.here(Problem::JsonTooDeep { max: MAX_DEPTH }));
                }
                let value = match byte {
                    b'{' => self.object(),
                    _ => self.list(),
                };
                self.depth -= 1;
                value
            }
            b'"' => self.text().map(Value::Text),
            b'-' | b'0'..=b'9' => self.figure(),
            _ => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self.text[self.at..].starts_with(word.as_bytes()) {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(self.expected(JsonExpected::Value))
            }
        }
    }

    /// After `{`: its names and values, to the `}`.
    fn object(&mut self) -> Result<Value, ReadError> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.text.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.text.get(self.at) != Some(&b'"') {
                return Err(self.expected(JsonExpected::Name));
            }
            let name = self.text()?;
            self.skip_space();
            if self.text.get(self.at) != Some(&b':') {
                return Err(self.expected(JsonExpected::Colon));
            }
            self.at += 1;
            members.push((name, self.value()?));
            self.skip_space();
            match self.text.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.expected(JsonExpected::CommaOr('}'))),
            }
        }
    }

    /// After `[`: its values, to the `]`.
    fn list(&mut self) -> Result<Value, ReadError> {
        self.at += 1;
        let mut values = Vec::new();
        self.skip_space();
        if self.text.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::List(values));
        }
        loop {
            values.push(self.value()?);
            self.skip_space();
            match self.text.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::List(values));
                }
                _ => return Err(self.expected(JsonExpected::CommaOr(']'))),
            }
        }
    }

    /// A text in quotes, its escapes undone (a lone surrogate as U+FFFD).
    fn text(&mut self) -> Result<String, ReadError> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(k) = memchr::memchr2(b'"', b'\\', rest) else {
                self.at = self.text.len();
                return Err(self.expected(JsonExpected::ClosingQuote));
            };
            out.extend_from_slice(&rest[..k]);
            self.held.text(k).map_err(|problem| self.here(problem))?;
            self.at += k;
            if self.text[self.at] == b'"' {
                self.at += 1;
                // Cut at ASCII bytes of valid text: valid still.
                return Ok(String::from_utf8(out).unwrap_or_default());
            }
            self.at += 1;
            let escaped = match self.text.get(self.at) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    let unit = self.hex_unit()?;
                    let c = match unit {
                        0xD800..=0xDBFF if self.text[self.at + 1..].starts_with(b"\\u") => {
                            let at = self.at;
                            self.at += 2;
                            let low = self.hex_unit()?;
                            match low {
                                0xDC00..=0xDFFF => char::from_u32(
                                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                                ),
                                _ => {
                                    // Not a pair: the first alone, the second read next.
                                    self.at = at;
                                    None
                                }
                            }
                        }
                        _ => char::from_u32(unit),
                    };
                    c.unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                _ => return Err(self.expected(JsonExpected::Escape)),
            };
            let mut buf = [0; 4];
            out.extend_from_slice(escaped.encode_utf8(&mut buf).as_bytes());
            self.at += 1;
        }
    }

    /// The four hex digits after `\u` (at `u`), left at the last.
    fn hex_unit(&mut self) -> Result<u32, ReadError> {
        let digits = self.text.get(self.at + 1..self.at + 5);
        let unit = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok());
        match unit {
            Some(unit) => {
                self.at += 4;
                Ok(unit)
            }
            None => {
                self.at += 1;
                Err(self.expected(JsonExpected::Escape))
            }
        }
    }

    /// A figure, `-12.5e3`, as written.
    fn figure(&mut self) -> Result<Value, ReadError> {
        let start = self.at;
        let digits = |parser: &mut Self| {
            let from = parser.at;
            while parser.text.get(parser.at).is_some_and(u8::is_ascii_digit) {
                parser.at += 1;
            }
            match parser.at > from {
                true => Ok(()),
                false => Err(parser.expected(JsonExpected::Digit)),
            }
        };
        if self.text[self.at] == b'-' {
            self.at += 1;
        }
        digits(self)?;
        if self.text.get(self.at) == Some(&b'.') {
            self.at += 1;
            digits(self)?;
        }
        if let Some(b'e' | b'E') = self.text.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.text.get(self.at) {
                self.at += 1;
            }
            digits(self)?;
        }
        let figure = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
        self.held
            .text(figure.len())
            .map_err(|problem| self.here(problem))?;
        Ok(Value::Figure(figure))
    }
}

/// The tables found so far, and the title lines waiting for the next.
#[derive(Default)]
struct Tables {
    tables: Vec<DocumentTable>,
    titles: Vec<String>,
    /// The columns of the table the last value read made, by name: a row after it may
    /// join it.
    last: Option<HashMap<String, usize>>,
}

/// A cell: its text, and the figure it holds where it is one.
type Cell = (String, Option<Decimal>);

fn cell(value: Value) -> Cell {
    match value {
        Value::Null => (String::new(), None),
        Value::Bool(b) => (b.to_string(), None),
        Value::Figure(figure) => {
            let exact = Decimal::from_str_exact(&figure)
                .or_else(|_| Decimal::from_scientific(&figure))
                .ok();
            (figure, exact)
        }
        Value::Text(text) => (text, None),
        // Nested deeper than a cell holds: its texts and figures, a line each.
        list_or_object => {
            let mut lines = Vec::new();
            scalars(list_or_object, &mut lines);
            (lines.join("\n"), None)
        }
    }
}

/// The texts and figures within a value, in order.
fn scalars(value: Value, out: &mut Vec<String>) {
    match value {
        Value::List(values) => values.into_iter().for_each(|v| scalars(v, out)),
        Value::Object(members) => members.into_iter().for_each(|(_, v)| scalars(v, out)),
        scalar => {
            let (text, _) = cell(scalar);
            if !text.is_empty() {
                out.push(text);
            }
        }
    }
}

impl Tables {
    fn value(&mut self, value: Value) -> Result<(), Problem> {
        match value {
            Value::Object(members) => self.object(members),
            Value::List(values) => self.list(values),
            _ => Ok(()),
        }
    }

    /// An object: its texts and figures as title lines, then its lists and objects.
    fn object(&mut self, members: Vec<(String, Value)>) -> Result<(), Problem> {
        let (scalars, others): (Vec<_>, Vec<_>) =
            members.into_iter().partition(|(_, v)| v.is_scalar());
        for (name, value) in scalars {
            let (text, _) = cell(value);
            if text.trim().is_empty() {
                continue;
            }
            // `tieu_de`, `tiêu đề`, `Title` alike.
            let folded = crate::text::fold(&name).replace(['_', '-'], " ");
            let title = ["title", "tieu de", "ten", "caption", "heading"].contains(&folded.trim());
            self.titles.push(match title {
                true => text,
                false => format!("{name}: {text}"),
            });
        }
        for (_, value) in others {
            match value {
                // A row of the table before it, its total.
                Value::Object(members) if value_fits(&members, self.last.as_ref()) => {
                    self.append_row(members)?;
                }
                other => {
                    self.last = None;
                    self.value(other)?;
                }
            }
        }
        Ok(())
    }

    /// A list: a table where it is one of objects or of lists holding no table; else each
    /// object in it read in turn.
    fn list(&mut self, values: Vec<Value>) -> Result<(), Problem> {
        self.last = None;
        if values.is_empty() {
            return Ok(());
        }
        let rows_of_objects = values.iter().all(|v| match v {
            Value::Object(members) => members.iter().all(|(_, v)| holds_no_table(v)),
            _ => false,
        });
        let rows_of_lists = values
            .iter()
            .all(|v| matches!(v, Value::List(cells) if cells.iter().all(holds_no_table)));
        if rows_of_objects {
            return self.table_of_objects(values);
        }
        if rows_of_lists {
            return self.table_of_lists(values);
        }
        for value in values {
            if let Value::Object(members) = value {
                self.object(members)?;
            }
        }
        Ok(())
    }

    fn table_of_objects(&mut self, values: Vec<Value>) -> Result<(), Problem> {
        let mut columns: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut rows = Vec::with_capacity(values.len());
        for value in values {
            let Value::Object(members) = value else {
                continue;
            };
            rows.push(placed(flattened(members), &mut columns, &mut names)?);
        }
        let mut table = DocumentTable {
            titles: std::mem::take(&mut self.titles),
            ..DocumentTable::default()
        };
        table.rows.push(names);
        for row in rows {
            push_row(&mut table, row);
        }
        self.tables.push(table);
        self.last = Some(columns);
        Ok(())
    }

    fn table_of_lists(&mut self, values: Vec<Value>) -> Result<(), Problem> {
        let mut table = DocumentTable {
            titles: std::mem::take(&mut self.titles),
            ..DocumentTable::default()
        };
        for value in values {
            let Value::List(cells) = value else {
                continue;
            };
            if cells.len() > MAX_COLUMNS {
                return Err(Problem::TooManyCells { max: MAX_COLUMNS });
            }
            push_row(&mut table, cells.into_iter().map(cell).collect());
        }
        self.tables.push(table);
        Ok(())
    }

    /// An object of texts and figures after a table of objects, as its last row.
    fn append_row(&mut self, members: Vec<(String, Value)>) -> Result<(), Problem> {
        let (Some(columns), Some(table)) = (&mut self.last, self.tables.last_mut()) else {
            return Ok(());
        };
        let mut names = Vec::new();
        let row = placed(flattened(members), columns, &mut names)?;
        push_row(table, row);
        self.last = None;
        Ok(())
    }
}

/// Is a value of a row one a cell holds: a text or figure, a list of them, or an object
/// of them (its names columns of the row)? A list of objects is a table of its own.
fn holds_no_table(value: &Value) -> bool {
    match value {
        Value::List(values) => values.iter().all(Value::is_scalar),
        Value::Object(members) => members.iter().all(|(_, v)| v.is_scalar()),
        _ => true,
    }
}

/// Is the object a row of the table whose columns are `columns`: flat, each name one
/// of them?
fn value_fits(members: &[(String, Value)], columns: Option<&HashMap<String, usize>>) -> bool {
    let Some(columns) = columns else {
        return false;
    };
    !members.is_empty()
        && members
            .iter()
            .all(|(name, value)| value.is_scalar() && columns.contains_key(name))
}

/// An object's cells by name: an object of texts and figures in it gives its names as
/// names of their own (`funding.total` where the object has a `total` too).
fn flattened(members: Vec<(String, Value)>) -> Vec<(String, Cell)> {
    let own: Vec<String> = members.iter().map(|(name, _)| name.clone()).collect();
    let mut cells = Vec::with_capacity(members.len());
    for (name, value) in members {
        match value {
            Value::Object(inner) if inner.iter().all(|(_, v)| v.is_scalar()) => {
                for (inner_name, value) in inner {
                    let name = match own.contains(&inner_name) {
                        true => format!("{name}.{inner_name}"),
                        false => inner_name,
                    };
                    cells.push((name, cell(value)));
                }
            }
            value => cells.push((name, cell(value))),
        }
    }
    cells
}

/// The cells of a row in the table's columns, a column added for a name not met before
/// (named in `names`).
fn placed(
    cells: Vec<(String, Cell)>,
    columns: &mut HashMap<String, usize>,
    names: &mut Vec<String>,
) -> Result<Vec<Cell>, Problem> {
    let mut row: Vec<Cell> = Vec::new();
    for (name, cell) in cells {
        let next = columns.len();
        let index = *columns.entry(name.clone()).or_insert(next);
        if index == next {
            if next == MAX_COLUMNS {
                return Err(Problem::TooManyCells { max: MAX_COLUMNS });
            }
            names.push(name);
        }
        if row.len() <= index {
            row.resize(index + 1, (String::new(), None));
        }
        row[index] = cell;
    }
    Ok(row)
}

fn push_row(table: &mut DocumentTable, row: Vec<Cell>) {
    let at = table.rows.len();
    let mut texts = Vec::with_capacity(row.len());
    for (index, (text, figure)) in row.into_iter().enumerate() {
        if let Some(figure) = figure {
            table.numbers.push((at, index, figure));
        }
        texts.push(text);
    }
    table.rows.push(texts);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<DocumentTable> {
        tables("t.json", text.as_bytes()).unwrap()
    }

    #[test]
    fn json_is_told_from_text_in_brackets() {
        assert!(is_json(b"\xEF\xBB\xBF {\n \"rows\": []}"));
        assert!(is_json(b"[{\"a\": 1}]"));
        assert!(is_json(b"[ [\"STT\"] ]"));
        assert!(!is_json(b"[DU THAO],,,\nSTT,Ten\n"));
        assert!(!is_json(b"{rtf1"));
    }

    #[test]
    fn a_list_of_objects_is_a_table_its_figures_exact() {
        let tables = read(
            r#"{"tieu_de": "Danh mục", "unit": "triệu đồng", "notes": ["x"],
                "rows": [{"name": "Trạm \"A\"\u1ec7", "total": 38305.31, "aid": null},
                         {"aid": 1e2, "total": 7, "funding": {"total": 5, "other": true}}],
                "total": {"name": "Tổng", "total": 12345678901234567890.5}}"#,
        );
        assert_eq!(tables.len(), 1);
        let table = &tables[0];
        assert_eq!(table.titles, ["Danh mục", "unit: triệu đồng"]);
        assert_eq!(
            table.rows,
            [
                vec!["name", "total", "aid", "funding.total", "other"],
                vec!["Trạm \"A\"ệ", "38305.31", ""],
                vec!["", "7", "1e2", "5", "true"],
                vec!["Tổng", "12345678901234567890.5"],
            ]
        );
        let figure = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            table.numbers,
            [
                (1, 1, figure("38305.31")),
                (2, 1, figure("7")),
                (2, 2, figure("100")),
                (2, 3, figure("5")),
                (3, 1, figure("12345678901234567890.5")),
            ]
        );
    }

    #[test]
    fn lists_of_lists_and_json_lines_are_tables() {
        let tables = read("[[\"STT\", \"Tên\"], [1, [\"a\", \"b\"]]]");
        assert_eq!(tables[0].rows, [vec!["STT", "Tên"], vec!["1", "a\nb"]]);
        let tables = read("{\"a\": 1}\n{\"a\": 2, \"b\": \"x\"}\n");
        assert_eq!(tables[0].rows, [vec!["a", "b"], vec!["1"], vec!["2", "x"]]);
    }

    #[test]
    fn broken_json_is_an_error_at_its_place() {
        let error = |text: &str| {
            let error = tables("t.json", text.as_bytes()).unwrap_err();
            let failure = error.downcast_ref::<Failure>().unwrap();
            (failure.line, failure.column, failure.problem.clone())
        };
        assert_eq!(
            error("{\"rows\": [\n  {\"a\": 1,}\n]}"),
            (
                Some(2),
                Some(11),
                Problem::JsonSyntax {
                    found: Some('}'),
                    expected: JsonExpected::Name
                }
            )
        );
        assert_eq!(
            error("[{\"a\": \"x}]"),
            (
                Some(1),
                Some(12),
                Problem::JsonSyntax {
                    found: None,
                    expected: JsonExpected::ClosingQuote
                }
            )
        );
        let deep = "[".repeat(10_000);
        assert_eq!(error(&deep).2, Problem::JsonTooDeep { max: MAX_DEPTH });
    }
}
