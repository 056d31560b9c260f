//! Excel 2003 XML spreadsheets (SpreadsheetML) → rows. Excel, WPS Office and LibreOffice
//! save a workbook so ("XML Spreadsheet 2003"), and many web systems export their
//! "Excel" files so, named `.xls` or `.xml`; the workbook library does not read them.
//! A sheet reads as a workbook's does ([`super::workbook`]): numbers stored as numbers
//! taken as such, formulas by their cached value, a cell merged across columns
//! (`ss:MergeAcross`) read in its first and one merged down (`ss:MergeDown`) shown on each
//! row, rows by their number in the sheet. A cell's comment is not its text.

use super::document::{attribute, reference_text};
use super::rows::{MAX_CELL_BYTES, MAX_COLUMNS, Row};
use super::sheet_view::{Merge, MergeFill};
use super::workbook::StoredRow;
use super::{ReadError, decode};
use crate::problem::{Failure, Problem};
use anyhow::Result;
use calamine::Data;
use quick_xml::events::Event;
use std::borrow::Cow;
use std::ops::ControlFlow;

/// The namespace every SpreadsheetML workbook declares.
const NAMESPACE: &[u8] = b"urn:schemas-microsoft-com:office:spreadsheet";

/// Does an Excel 2003 XML spreadsheet start here: an XML declaration (after a byte-order
/// mark and white space) and SpreadsheetML's namespace within the first 4 KiB?
pub fn is_spreadsheet_xml(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = start.trim_ascii_start();
    let head = &start[..start.len().min(4096)];
    head.starts_with(b"<?xml") && memchr::memmem::find(head, NAMESPACE).is_some()
}

/// A SpreadsheetML workbook: its text and the names of its sheets.
pub struct XmlWorkbook<'a> {
    text: Cow<'a, str>,
    names: Vec<String>,
}

impl<'a> XmlWorkbook<'a> {
    /// Decodes the workbook `name` (in the encoding its XML declaration names, where its
    /// bytes are not UTF-8) and finds its sheets. A workbook whose elements do not all
    /// close (a file cut short) is damaged: its sheets would read as fewer rows.
    pub fn open(name: &str, bytes: &'a [u8]) -> Result<XmlWorkbook<'a>> {
        let damaged = || Failure::error(name, Problem::WorkbookDamaged);
        // UTF-8, as Excel writes it, is read in place: a workbook of 100,000 rows is
        // 80 MB of text.
        let utf8 = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match simdutf8::basic::from_utf8(utf8) {
            Ok(text) if !text.contains('\0') => Cow::Borrowed(text),
            _ => Cow::Owned(decode::markup_text(bytes, b"encoding=").map_err(|e| e.located(name))?),
        };
        let mut names = Vec::new();
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut open_elements = 0usize;
        loop {
            match reader.read_event().map_err(|_| damaged())? {
                Event::Start(tag) => {
                    open_elements += 1;
                    if tag.local_name().as_ref() == "Worksheet" {
                        names.push(sheet_name(&tag, names.len()));
                    }
                }
                Event::Empty(tag) if tag.local_name().as_ref() == "Worksheet" => {
                    names.push(sheet_name(&tag, names.len()));
                }
                Event::End(_) => open_elements = open_elements.saturating_sub(1),
                Event::Eof if open_elements == 0 => break,
                Event::Eof => return Err(damaged()),
                _ => {}
            }
        }
        Ok(XmlWorkbook { text, names })
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// Hands the rows of the sheet `sheet` (an index into [`Self::sheet_names`]) that
    /// hold cells to `each`, in order, until it says to stop.
    pub fn each_row(
        &self,
        sheet: usize,
        name: &str,
        each: &mut dyn FnMut(Row) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let damaged = || Failure::error(name, Problem::WorkbookDamaged);
        let mut reader = quick_xml::Reader::from_str(&self.text);
        let mut sheets = 0usize;
        let mut in_sheet = false;
        let mut rows = XmlRows::default();
        loop {
            let event = reader.read_event().map_err(|_| damaged())?;
            match &event {
                Event::Start(tag) | Event::Empty(tag)
                    if tag.local_name().as_ref() == "Worksheet" =>
                {
                    in_sheet = sheets == sheet;
                    sheets += 1;
                    if in_sheet && matches!(event, Event::Empty(_)) {
                        return Ok(());
                    }
                }
                Event::End(tag) if in_sheet && tag.local_name().as_ref() == "Worksheet" => {
                    return Ok(());
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
            if in_sheet && rows.take(event, name, each)?.is_break() {
                return Ok(());
            }
        }
    }
}

/// A sheet's `ss:Name`, or its number after the `before` sheets before it.
fn sheet_name(tag: &quick_xml::events::BytesStart, before: usize) -> String {
    attribute(tag, "Name").unwrap_or_else(|| (before + 1).to_string())
}

/// A sheet's rows as its events arrive: the row and the cell in hand.
#[derive(Default)]
struct XmlRows {
    /// The number of the row in hand (from 1) and its cells; the last row's number
    /// once it is handed on.
    row: Option<StoredRow>,
    number: usize,
    /// Does the row in hand say it is hidden (`ss:Hidden="1"`)?
    hidden: bool,
    /// The columns the sheet hides (`<Column ss:Hidden="1">`, before its rows), and the
    /// last column a `Column` described (from 1).
    hidden_columns: Vec<std::ops::RangeInclusive<u32>>,
    described: u32,
    /// The column the next cell without `ss:Index` stands in, from 1.
    next_column: usize,
    cell: Option<CellInHand>,
    /// The cells merged down so far.
    merged: MergeFill,
    /// Within a cell's `Data`, and within a `Comment`, whose text is not the cell's.
    in_data: bool,
    in_comment: usize,
}

struct CellInHand {
    column: usize,
    formula: Option<String>,
    /// `ss:Type` of its `Data`, once one opens.
    data_type: Option<String>,
    text: String,
}

impl XmlRows {
    fn take(
        &mut self,
        event: Event,
        name: &str,
        each: &mut dyn FnMut(Row) -> Result<ControlFlow<()>>,
    ) -> Result<ControlFlow<()>> {
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(tag) | Event::Empty(tag) => match tag.local_name().as_ref() {
                "Column" => {
                    let first = index(&tag).map_or(self.described.saturating_add(1), |at| {
                        u32::try_from(at).unwrap_or(u32::MAX)
                    });
                    let span = attribute(&tag, "Span").and_then(|v| v.trim().parse::<u32>().ok());
                    self.described = first.saturating_add(span.unwrap_or(0));
                    // Past the last column a row may have, a hidden column hides nothing.
                    let hidden = attribute(&tag, "Hidden").is_some_and(|h| h.trim() == "1");
                    if hidden && first as usize <= MAX_COLUMNS {
                        self.hidden_columns.push(first..=self.described);
                    }
                }
                "Row" => {
                    let number = index(&tag).unwrap_or(self.number + 1);
                    if number <= self.number {
                        let problem = Problem::RowsOutOfOrder { after: self.number };
                        return Err(ReadError::at(number, None, problem).located(name));
                    }
                    self.number = number;
                    self.hidden = attribute(&tag, "Hidden").is_some_and(|h| h.trim() == "1");
                    self.next_column = 1;
                    self.row = (!empty).then(|| StoredRow::new(0));
                }
                "Cell" if self.row.is_some() => {
                    let column = index(&tag).unwrap_or(self.next_column);
                    if column > MAX_COLUMNS {
                        let problem = Problem::TooManyCells { max: MAX_COLUMNS };
                        return Err(ReadError::at(self.number, None, problem).located(name));
                    }
                    let across = attribute(&tag, "MergeAcross")
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0)
                        .min(MAX_COLUMNS);
                    self.next_column = column + 1 + across;
                    let down =
                        attribute(&tag, "MergeDown").and_then(|v| v.trim().parse::<u32>().ok());
                    let first = (u32::try_from(self.number), u32::try_from(column));
                    if let (Some(down), (Ok(row), Ok(column))) = (down, first)
                        && let Some(merge) = Merge::down((row, column), row.saturating_add(down))
                    {
                        self.merged.add(merge);
                    }
                    self.cell = (!empty).then(|| CellInHand {
                        column,
                        formula: attribute(&tag, "Formula"),
                        data_type: None,
                        text: String::new(),
                    });
                }
                "Data" if self.in_comment == 0 && !empty => {
                    if let Some(cell) = &mut self.cell {
                        cell.data_type = Some(attribute(&tag, "Type").unwrap_or_default());
                        self.in_data = true;
                    }
                }
                "Comment" if !empty => self.in_comment += 1,
                _ => {}
            },
            Event::Text(text) if self.in_data => self.text(&text.xml10_content(), name)?,
            Event::CData(text) if self.in_data => self.text(&text.xml10_content(), name)?,
            Event::GeneralRef(reference) if self.in_data => {
                if let Some(text) = reference_text(&reference) {
                    self.text(&text, name)?;
                }
            }
            Event::End(tag) => match tag.local_name().as_ref() {
                "Data" => self.in_data = false,
                "Comment" => self.in_comment = self.in_comment.saturating_sub(1),
                "Cell" => {
                    if let (Some(cell), Some(row)) = (self.cell.take(), &mut self.row)
                        && let Some(data_type) = &cell.data_type
                    {
                        let data = data(data_type, cell.text);
                        let formula = cell.formula.as_deref();
                        row.set(cell.column - 1, &data, formula, Some(self.number));
                    }
                    self.in_data = false;
                }
                "Row" => {
                    if let Some(row) = self.row.take()
                        && !row.is_empty()
                    {
                        let mut row = row.into_row(self.number);
                        row.hidden = self.hidden;
                        row.hide_columns(&self.hidden_columns);
                        self.merged.fill(&mut row);
                        return each(row);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(ControlFlow::Continue(()))
    }

    /// Text of the cell in hand's `Data`.
    fn text(&mut self, text: &str, name: &str) -> Result<()> {
        if let Some(cell) = &mut self.cell {
            cell.text.push_str(text);
            if cell.text.len() > MAX_CELL_BYTES {
                let (column, mib) = (cell.column, MAX_CELL_BYTES >> 20);
                let problem = Problem::CellTooLarge { cell: column, mib };
                return Err(ReadError::at(self.number, Some(column), problem).located(name));
            }
        }
        Ok(())
    }
}

/// A row's or cell's `ss:Index` (from 1); `None` where absent or not a number from 1.
fn index(tag: &quick_xml::events::BytesStart) -> Option<usize> {
    attribute(tag, "Index")?
        .trim()
        .parse()
        .ok()
        .filter(|&i| i >= 1)
}

/// A cell's value as the workbook library gives other formats': `Number` as a number,
/// `DateTime` as a date, `Boolean` as one; text and errors (`#DIV/0!`) as text.
fn data(data_type: &str, text: String) -> Data {
    match data_type {
        "Number" => match text.trim().parse::<f64>() {
            Ok(value) if value.is_finite() => Data::Float(value),
            _ => Data::String(text),
        },
        "DateTime" => Data::DateTimeIso(text),
        "Boolean" => Data::Bool(text.trim() == "1"),
        _ => Data::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
             <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
             xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\" \
             xmlns:html=\"http://www.w3.org/TR/REC-html40\">\
             <Worksheet ss:Name=\"Bìa\"><Table><Row><Cell><Data ss:Type=\"String\">cover</Data></Cell></Row></Table></Worksheet>\
             <Worksheet ss:Name=\"Danh m&#7909;c\"><Table>{rows}</Table></Worksheet></Workbook>"
        )
    }

    fn rows(text: &str) -> Result<Vec<Row>> {
        let book = XmlWorkbook::open("t.xml", text.as_bytes())?;
        let mut rows = Vec::new();
        book.each_row(1, "t.xml", &mut |row| {
            rows.push(row);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(rows)
    }

    #[test]
    fn cells_stand_in_their_columns_and_rows_keep_their_numbers() {
        let text = sheet(
            "<Row><Cell ss:MergeAcross=\"2\"><Data ss:Type=\"String\">Lĩnh vực &amp; <html:B>y tế</html:B></Data>\
             <Comment><ss:Data>ghi chú</ss:Data></Comment></Cell><Cell><Data ss:Type=\"Number\">1.5E3</Data></Cell></Row>\
             <Row ss:Index=\"4\"><Cell ss:Index=\"2\" ss:Formula=\"=SUM(R[-3]C:R[-1]C)\"><Data ss:Type=\"Number\">2016.5</Data></Cell>\
             <Cell/><Cell><Data ss:Type=\"String\">a&#10;b</Data></Cell></Row>\
             <Row/><Row><Cell><Data ss:Type=\"DateTime\">2021-06-01T00:00:00.000</Data></Cell></Row>",
        );
        let book = XmlWorkbook::open("t.xml", text.as_bytes()).unwrap();
        assert_eq!(book.sheet_names(), ["Bìa", "Danh mục"]);
        let rows = rows(&text).unwrap();
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 4, 6]);
        assert_eq!(
            rows[0].cells().collect::<Vec<_>>(),
            ["Lĩnh vực & y tế", "", "", "1500"]
        );
        assert_eq!(
            rows[1].cells().collect::<Vec<_>>(),
            ["", "2016.5", "", "a\nb"]
        );
        assert_eq!(rows[1].formulas[1].as_deref(), Some("=SUM(B1:B3)"));
        assert_eq!(rows[1].numbers[1], Some("2016.5".parse().unwrap()));
        assert_eq!(rows[2].cells().collect::<Vec<_>>(), ["01/06/2021"]);
    }

    #[test]
    fn a_damaged_or_hostile_sheet_is_an_error() {
        let refused = |rows_xml: &str| {
            let error = rows(&sheet(rows_xml)).unwrap_err();
            error.downcast::<Failure>().unwrap().problem
        };
        assert!(matches!(
            refused("<Row ss:Index=\"5\"/><Row ss:Index=\"3\"/>"),
            Problem::RowsOutOfOrder { after: 5 }
        ));
        assert!(matches!(
            refused("<Row><Cell ss:Index=\"99999\"/></Row>"),
            Problem::TooManyCells { .. }
        ));
        assert!(matches!(
            refused("<Row><Cell></Row>"),
            Problem::WorkbookDamaged
        ));
        // Cut short: the rows read so far are not the sheet.
        let whole = sheet("<Row><Cell><Data ss:Type=\"Number\">1</Data></Cell></Row>");
        for cut in [whole.len() - 12, whole.len() / 2 + 200] {
            let error = XmlWorkbook::open("t.xml", &whole.as_bytes()[..cut])
                .err()
                .unwrap();
            let failure = error.downcast::<Failure>().unwrap();
            assert_eq!(failure.problem, Problem::WorkbookDamaged, "{cut}");
        }
        // A merge as wide as a sheet moves the next cell past the last column.
        assert!(matches!(
            refused("<Row><Cell ss:MergeAcross=\"99999999999\"/><Cell/></Row>"),
            Problem::TooManyCells { .. }
        ));
    }

    #[test]
    fn only_an_xml_spreadsheet_is_taken_for_one() {
        assert!(is_spreadsheet_xml(sheet("").as_bytes()));
        assert!(!is_spreadsheet_xml(b"<?xml version=\"1.0\"?><html><table>"));
        assert!(!is_spreadsheet_xml(
            b"STT,urn:schemas-microsoft-com:office:spreadsheet"
        ));
    }
}
