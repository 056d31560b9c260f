//! The corrected copy of an OpenDocument workbook (`aidcat fix BOOK.ods -o OUT.ods`)
//! made from the workbook itself, as [`super::xlsx_patch`] makes an `.xlsx` one's: every
//! part copied byte for byte but `content.xml`, and in it only the cells that change
//! written again, each in a copy of its own style filled yellow (so its number format,
//! font and borders stay), a corrected sum as a formula over the rows it adds where they
//! hold numbers; the list of changes follows the sheets as a sheet of its own. A cell
//! that stands in a run of repeated cells (`number-columns-repeated`, which LibreOffice
//! writes for equal neighbours) is taken out of the run, the run's others kept.
//!
//! A workbook it cannot change so with certainty is not patched (`None`): one that is not
//! a plain `.ods` spreadsheet (a template), whose content cannot be read or does not name
//! its elements as OpenDocument does, or where a cell to write is merged with others,
//! stands in a repeated row, or lies in a row the sheet does not hold.

use super::opendocument::{self, Styles, declares};
use super::patch::{Content, Corrected, Edit, spliced, with_attributes};
use crate::read::document::attribute;
use crate::report::sheet::{Cell, Sheet};
use quick_xml::events::{BytesStart, Event};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;

/// What the `mimetype` part of a plain spreadsheet holds (a template's differs).
const SPREADSHEET: &str = "application/vnd.oasis.opendocument.spreadsheet";
/// The namespace of OpenFormula, which a formula names (`of:=SUM([.G4:.G9])`).
const FORMULA_NAMESPACE: &str = "urn:oasis:names:tc:opendocument:xmlns:of:1.2";

/// The `corrected` copy of the `.ods` workbook `original`, whose sheet `sheet` was read
/// as its rows, with its list of changes as the last sheet. `None` where it cannot be
/// patched (see the module's doc).
pub fn patched(original: &[u8], sheet: &str, corrected: &Corrected) -> Option<Vec<u8>> {
    patched_sheets(original, &[(sheet, corrected)], corrected.changes)
}

/// [`patched`] of several sheets (a workbook of one sheet a sector), each with its
/// corrections, and `changes`, the list of them all, as the last sheet.
pub fn patched_sheets(
    original: &[u8],
    sheets: &[(&str, &Corrected)],
    changes: &Sheet,
) -> Option<Vec<u8>> {
    let (mut package, mut xml) = opendocument::content(original, SPREADSHEET)?;
    for (at, (sheet, corrected)) in sheets.iter().enumerate() {
        let list = (at + 1 == sheets.len()).then_some(changes);
        xml = with_edits(&xml, sheet, &corrected.edits(), list)?;
    }
    opendocument::with_content(&mut package, xml)
}

/// `content.xml` with `edits` written into sheet `sheet`, the styles they need added,
/// and `changes`, where given, as a sheet after the last; `None` where it cannot be so
/// changed.
fn with_edits(
    xml: &[u8],
    sheet: &str,
    edits: &BTreeMap<(usize, usize), Edit>,
    changes: Option<&Sheet>,
) -> Option<Vec<u8>> {
    let mut styles = Styles::read(xml, Some("Default"))?;
    let content = Spreadsheet::scan(xml, sheet)?;
    let mut splices = Vec::new();
    let mut by_row: BTreeMap<usize, Vec<(usize, &Edit)>> = BTreeMap::new();
    for (&(line, column), edit) in edits {
        by_row.entry(line).or_default().push((column, edit));
    }
    for (line, edits) in by_row {
        let (_, row) = content.rows.range(..=line).next_back()?;
        if row.first + row.repeat <= line || row.repeat > 1 {
            return None;
        }
        let cells = row.cells.first()?.span.start..row.cells.last()?.span.end;
        let written = written_row(xml, row, &edits, &content, &mut styles)?;
        splices.push((cells, written.into_bytes()));
    }
    if let Some(changes) = changes {
        let list = list_table(changes, &content.table_names, &mut styles);
        splices.push((content.tables_end..content.tables_end, list.into_bytes()));
    }
    splices.push(styles.splice());
    spliced(xml, splices)
}

/// The cells of `row` with `edits` (by column, in order) written in: each cell or run
/// of repeated ones kept as it is where no edit falls in it, else split around the new
/// cells; cells past the row's last put after it.
fn written_row(
    xml: &[u8],
    row: &OdsRow,
    edits: &[(usize, &Edit)],
    content: &Spreadsheet,
    styles: &mut Styles,
) -> Option<String> {
    let mut new_cell = |base: Option<String>, edit: &Edit| {
        let style = styles.of_cell(base, edit.changed);
        cell_element(style.as_deref(), &edit.content, content.formulas)
    };
    let mut written = String::new();
    let mut column = 0usize;
    let mut pending = edits.iter().peekable();
    for cell in &row.cells {
        let element = xml.get(cell.span.clone())?;
        let mut from = column;
        let end = column.checked_add(cell.repeat)?;
        while let Some(&&(at, edit)) = pending.peek().filter(|(at, _)| *at < end) {
            if cell.covered || cell.merges {
                return None;
            }
            written.push_str(&run(element, cell.repeat, at - from)?);
            let base = cell.style.clone().or_else(|| content.column_style(at));
            written.push_str(&new_cell(base, edit));
            from = at + 1;
            pending.next();
        }
        written.push_str(&run(element, cell.repeat, end - from)?);
        column = end;
    }
    // Cells past the row's last: the gap as empty cells, then each.
    for &(at, edit) in pending {
        if at > column {
            let gap = at - column;
            written.push_str(&format!(
                r#"<table:table-cell table:number-columns-repeated="{gap}"/>"#
            ));
        }
        written.push_str(&new_cell(content.column_style(at), edit));
        column = at + 1;
    }
    Some(written)
}

/// `element` (a cell, or a run of `repeat` repeated ones) standing `count` times: none,
/// itself as it is, or with its repeat set to `count`.
fn run(element: &[u8], repeat: usize, count: usize) -> Option<String> {
    let bytes = match count {
        0 => return Some(String::new()),
        count if count == repeat => element.to_vec(),
        count => with_attributes(
            element,
            &[("table:number-columns-repeated", &count.to_string())],
        )?,
    };
    String::from_utf8(bytes).ok()
}

/// A cell's element in `style`: a figure as a float (with its formula, in OpenFormula,
/// where `formulas` says the content declares its namespace), text as a string.
fn cell_element(style: Option<&str>, content: &Content, formulas: bool) -> String {
    let style = style.map_or(String::new(), |style| {
        format!(
            r#" table:style-name="{}""#,
            quick_xml::escape::escape(style)
        )
    });
    let number = |figure: &Decimal| figure.normalize().to_string();
    match content {
        Content::Formula(formula, figure) if formulas => format!(
            r#"<table:table-cell{style} table:formula="of:={}" office:value-type="float" office:value="{}"><text:p>{}</text:p></table:table-cell>"#,
            open_formula(formula),
            number(figure),
            number(figure),
        ),
        Content::Number(figure) | Content::Formula(_, figure) => format!(
            r#"<table:table-cell{style} office:value-type="float" office:value="{}"><text:p>{}</text:p></table:table-cell>"#,
            number(figure),
            number(figure),
        ),
        Content::Text(text) => format!(
            r#"<table:table-cell{style} office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
            quick_xml::escape::escape(text)
        ),
    }
}

/// A `SUM` as [`super::patch`] writes it (`SUM(G4:G9,G12)`) in OpenFormula's terms:
/// `SUM([.G4:.G9];[.G12])`.
fn open_formula(formula: &str) -> String {
    let terms = (formula
        .trim_start_matches("SUM(")
        .trim_end_matches(')')
        .split(','))
    .map(|term| match term.split_once(':') {
        Some((first, last)) => format!("[.{first}:.{last}]"),
        None => format!("[.{term}]"),
    })
    .collect::<Vec<_>>();
    format!("SUM({})", terms.join(";"))
}

/// The list of changes as a table after the sheets, named apart from the `taken` names.
fn list_table(changes: &Sheet, taken: &[String], styles: &mut Styles) -> String {
    let mut taken = taken.to_vec();
    let name = super::xlsx::sheet_name(&changes.title, &mut taken);
    let mut rows = String::new();
    let headings: Vec<Cell> = (changes.columns.iter())
        .map(|c| Cell::Text(c.heading.clone()))
        .collect();
    // Each column as wide as its longest text (a figure's, some 14 characters), within
    // bounds, as the `.xlsx` copy's list is.
    let mut widths = vec![8usize; changes.columns.len()];
    for cells in std::iter::once(&headings).chain(&changes.rows) {
        rows.push_str("<table:table-row>");
        for (column, cell) in cells.iter().enumerate() {
            let shown = match cell {
                Cell::Text(text) => text.chars().count(),
                _ => 14,
            };
            if let Some(width) = widths.get_mut(column) {
                *width = (*width).max(shown.min(80));
            }
            let content = match cell {
                Cell::Text(text) => Content::Text(text.clone()),
                Cell::Count(count) => Content::Number(Decimal::from(*count as u64)),
                Cell::Amount(Some(figure)) | Cell::Percent(Some(figure)) => {
                    Content::Number(*figure)
                }
                _ => {
                    rows.push_str("<table:table-cell/>");
                    continue;
                }
            };
            rows.push_str(&cell_element(None, &content, false));
        }
        rows.push_str("</table:table-row>");
    }
    // A character of the default font is about a tenth of an inch wide.
    let mut columns: String = (widths.iter())
        .map(|width| {
            let tenths = width + 2;
            let properties = format!(
                r#"<style:table-column-properties style:column-width="{}.{}in"/>"#,
                tenths / 10,
                tenths % 10
            );
            let style = styles.add("list-column", "table-column", &properties);
            format!(r#"<table:table-column table:style-name="{style}"/>"#)
        })
        .collect();
    if columns.is_empty() {
        columns.push_str("<table:table-column/>");
    }
    format!(
        r#"<table:table table:name="{}">{columns}{rows}</table:table>"#,
        quick_xml::escape::escape(&name)
    )
}

/// A cell element of a row, or a run of repeated ones.
struct OdsCell {
    span: Range<usize>,
    repeat: usize,
    style: Option<String>,
    /// A cell another covers (merged into it).
    covered: bool,
    /// A cell that spans others (a merge's first).
    merges: bool,
}

/// A row of the sheet: the first line it stands on, how many it stands on, its cells.
struct OdsRow {
    first: usize,
    repeat: usize,
    cells: Vec<OdsCell>,
}

/// What the patch needs of `content.xml`.
struct Spreadsheet {
    /// The sheet's rows by the first line each stands on.
    rows: BTreeMap<usize, OdsRow>,
    /// The sheet's columns' default cell styles: (first column, count, style).
    columns: Vec<(usize, usize, Option<String>)>,
    /// Where the last sheet ends.
    tables_end: usize,
    table_names: Vec<String>,
    /// Whether the content declares OpenFormula's namespace as `of`.
    formulas: bool,
}

impl Spreadsheet {
    /// `content.xml` read for sheet `sheet`; `None` where it does not read, or the sheet
    /// is not there.
    fn scan(xml: &[u8], sheet: &str) -> Option<Spreadsheet> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut rows = BTreeMap::new();
        let mut columns = Vec::new();
        let (mut tables_end, mut formulas) = (None, false);
        let mut table_names = Vec::new();
        // Open elements; the depth of the sheet's table, its row, its cell in hand.
        let mut depth = 0usize;
        let (mut sheet_depth, mut row_depth) = (None::<usize>, None::<usize>);
        let mut cell_at: Option<(usize, OdsCell)> = None;
        let mut row: Option<OdsRow> = None;
        let mut line = 1usize;
        loop {
            let before = reader.buffer_position() as usize;
            let event = reader.read_event().ok()?;
            let after = reader.buffer_position() as usize;
            let (tag, empty) = match &event {
                Event::Start(tag) => (Some(tag), false),
                Event::Empty(tag) => (Some(tag), true),
                _ => (None, false),
            };
            if let Some(tag) = tag {
                let name = tag.name();
                let name = name.as_ref();
                if depth == 0 {
                    formulas = declares(tag, &[("of", FORMULA_NAMESPACE)]);
                }
                let in_sheet = sheet_depth.is_some();
                match name {
                    "table:table" if depth == 3 => {
                        let name = attribute(tag, "name").unwrap_or_default();
                        if name == sheet && sheet_depth.is_none() && !empty {
                            sheet_depth = Some(depth);
                        }
                        table_names.push(name);
                    }
                    "table:table-column" if in_sheet && row_depth.is_none() => {
                        let count = repeat(tag, "number-columns-repeated")?;
                        let style = attribute(tag, "default-cell-style-name");
                        let first = (columns.last())
                            .map_or(0, |(f, c, _): &(usize, usize, _)| f.saturating_add(*c));
                        columns.push((first, count, style));
                    }
                    "table:table-row" if in_sheet && row_depth.is_none() && cell_at.is_none() => {
                        let count = repeat(tag, "number-rows-repeated")?;
                        let opened = OdsRow {
                            first: line,
                            repeat: count,
                            cells: Vec::new(),
                        };
                        line = line.checked_add(count)?;
                        match empty {
                            true => drop(rows.insert(opened.first, opened)),
                            false => {
                                row = Some(opened);
                                row_depth = Some(depth);
                            }
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell"
                        if row_depth.is_some() && row_depth == depth.checked_sub(1) =>
                    {
                        let spans = |key| attribute(tag, key).is_some_and(|n| n.trim() != "1");
                        let cell = OdsCell {
                            span: before..after,
                            repeat: repeat(tag, "number-columns-repeated")?,
                            style: attribute(tag, "style-name"),
                            covered: name == "table:covered-table-cell",
                            merges: spans("number-columns-spanned") || spans("number-rows-spanned"),
                        };
                        match empty {
                            true => row.as_mut()?.cells.push(cell),
                            false => cell_at = Some((depth, cell)),
                        }
                    }
                    _ => {}
                }
                if !empty {
                    depth += 1;
                }
                continue;
            }
            match event {
                Event::End(tag) => {
                    depth = depth.checked_sub(1)?;
                    match tag.name().as_ref() {
                        "table:table" if depth == 3 => {
                            tables_end = Some(after);
                            if sheet_depth == Some(depth) {
                                sheet_depth = None;
                            }
                        }
                        "table:table-row" if row_depth == Some(depth) => {
                            let row = row.take()?;
                            rows.insert(row.first, row);
                            row_depth = None;
                        }
                        _ if cell_at.as_ref().is_some_and(|(d, _)| *d == depth) => {
                            let (_, mut cell) = cell_at.take()?;
                            cell.span.end = after;
                            row.as_mut()?.cells.push(cell);
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        (table_names.iter().any(|name| name == sheet)).then_some(())?;
        Some(Spreadsheet {
            rows,
            columns,
            tables_end: tables_end?,
            table_names,
            formulas,
        })
    }

    /// The default cell style of column `at` (from 0), if the sheet gives it one.
    fn column_style(&self, at: usize) -> Option<String> {
        (self.columns.iter())
            .find(|(first, count, _)| (*first..first.saturating_add(*count)).contains(&at))
            .and_then(|(_, _, style)| style.clone())
    }
}

/// A repeat count: 1 where absent; `None` where it does not read or is 0.
fn repeat(tag: &BytesStart, key: &str) -> Option<usize> {
    match attribute(tag, key) {
        None => Some(1),
        Some(count) => count.trim().parse().ok().filter(|&n| n > 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A content of one sheet, `Danh mục`: a header, a sector row whose total and aid
    /// are one cell repeated, a project, in a column style.
    const CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"><office:automatic-styles><style:style style:name="ce1" style:family="table-cell"/></office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Danh mục"><table:table-column table:number-columns-repeated="4" table:default-cell-style-name="ce1"/><table:table-row><table:table-cell office:value-type="string"><text:p>Tên</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>I</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="100"><text:p>100</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;

    fn edits() -> BTreeMap<(usize, usize), Edit> {
        let edit = |content| Edit {
            content,
            changed: true,
        };
        BTreeMap::from([
            (
                (2, 2),
                edit(Content::Formula("SUM(C3:C4)".into(), Decimal::from(90))),
            ),
            ((2, 3), edit(Content::Number(Decimal::from(10)))),
        ])
    }

    fn changes() -> Sheet {
        Sheet {
            title: "Changes".into(),
            columns: Vec::new(),
            rows: Vec::new(),
            total: None,
            notes: Vec::new(),
            convention: crate::number::Convention::Vi,
        }
    }

    #[test]
    fn a_cell_in_a_run_is_taken_out_of_it_and_an_automatic_style_copied_with_the_fill() {
        let xml = with_edits(CONTENT.as_bytes(), "Danh mục", &edits(), Some(&changes())).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        let row = concat!(
            r#"<table:table-cell office:value-type="string"><text:p>I</text:p></table:table-cell>"#,
            r#"<table:table-cell table:number-columns-repeated="1" office:value-type="float" office:value="100"><text:p>100</text:p></table:table-cell>"#,
            r#"<table:table-cell table:style-name="aidcat-changed-1" table:formula="of:=SUM([.C3:.C4])" office:value-type="float" office:value="90"><text:p>90</text:p></table:table-cell>"#,
            r#"<table:table-cell table:style-name="aidcat-changed-1" office:value-type="float" office:value="10"><text:p>10</text:p></table:table-cell></table:table-row>"#,
        );
        assert!(xml.contains(row), "{xml}");
        let style = r##"<style:style style:name="aidcat-changed-1" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffeb3b"/></style:style></office:automatic-styles>"##;
        assert!(xml.contains(style), "{xml}");
        assert!(xml.contains(r#"</table:table><table:table table:name="Changes">"#));
        // A cell in a row repeated, or in no row, is not written.
        for line in [3, 4, 9] {
            let edits = BTreeMap::from([((line, 0), edits()[&(2, 3)].clone())]);
            assert_eq!(
                with_edits(CONTENT.as_bytes(), "Danh mục", &edits, Some(&changes())),
                None
            );
        }
        assert_eq!(
            with_edits(CONTENT.as_bytes(), "Other", &edits(), Some(&changes())),
            None
        );
    }

    #[test]
    fn a_sum_is_written_in_openformula() {
        assert_eq!(open_formula("SUM(G4:G9,G12)"), "SUM([.G4:.G9];[.G12])");
        assert_eq!(open_formula("SUM(G4)"), "SUM([.G4])");
    }

    /// Content cut short anywhere, or with any byte changed, is patched or refused,
    /// never a panic.
    #[test]
    fn broken_content_is_refused_not_a_panic() {
        let content = CONTENT.as_bytes();
        for cut in 0..content.len() {
            let _ = with_edits(&content[..cut], "Danh mục", &edits(), Some(&changes()));
            for byte in [b'<', b'>', b'"', b'/', b'9', b'0', b'x'] {
                let mut changed = content.to_vec();
                changed[cut] = byte;
                let _ = with_edits(&changed, "Danh mục", &edits(), Some(&changes()));
            }
        }
        // Repeats past any column or row, and of none.
        for repeat in ["18446744073709551615", "0", "-1"] {
            for counted in [
                "number-columns-repeated=\"2\"",
                "number-columns-repeated=\"4\"",
                "number-rows-repeated=\"2\"",
            ] {
                let (key, _) = counted.split_once('=').unwrap();
                let content = CONTENT.replace(counted, &format!(r#"{key}="{repeat}""#));
                let _ = with_edits(content.as_bytes(), "Danh mục", &edits(), Some(&changes()));
            }
        }
    }
}
