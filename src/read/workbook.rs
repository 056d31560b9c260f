//! Workbooks (`.xlsx`, `.xls`, `.ods`) → rows, with the same rules as text files after
//! that: numbers stored as numbers are taken exactly, formulas by their cached value
//! (and kept, for `check` to show), numbers stored as text by the file's convention.
//!
//! Merged cells read as their top-left cell: a sector name merged across columns is the
//! name, and a number merged down rows counts once, on its first row, as the user sees it.

use super::rows::{MAX_COLUMNS, Row};
use super::{ReadError, Source};
use crate::number::{self, Convention};
use crate::text::clean_cell;
use anyhow::{Result, anyhow};
use calamine::{Data, Range, Reader, Sheets, open_workbook_auto_from_rs};
use std::io::Cursor;

/// Is this file a workbook, by its name or its first bytes (zip or OLE container)?
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let by_name = matches!(
        extension.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    );
    by_name || bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn format_name<RS>(sheets: &Sheets<RS>) -> &'static str {
    match sheets {
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xls(_) => "xls",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    }
}

/// A worksheet cell as text, and as an exact number when stored as one.
fn cell(
    data: &Data,
) -> (
    String,
    Option<Result<rust_decimal::Decimal, number::AmountError>>,
) {
    match data {
        Data::Empty => (String::new(), None),
        Data::String(text) => (clean_cell(text), None),
        // `{}` of an f64 is its shortest representation: 2016.5 stays 2016.5. Binary
        // float noise (`38305.310000000005`) is rounded to the 9 decimals an amount may have.
        Data::Float(value) => {
            let text = shortest_within_nine_decimals(*value);
            let exact = number::parse(&text, Convention::En);
            (text, Some(exact))
        }
        Data::Int(value) => {
            let text = value.to_string();
            let exact = number::parse(&text, Convention::En);
            (text, Some(exact))
        }
        other => (other.to_string(), None),
    }
}

/// A workbook float as text: its shortest form, or rounded to 9 decimal places where the
/// shortest form has more (noise of binary arithmetic, as spreadsheets show it rounded).
fn shortest_within_nine_decimals(value: f64) -> String {
    let shortest = value.to_string();
    let decimals = shortest.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= number::MAX_DECIMAL_PLACES {
        return shortest;
    }
    let rounded = format!("{value:.9}");
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

/// Reads one sheet (the first, or `sheet`) of a workbook into rows.
pub fn read(name: &str, bytes: Vec<u8>, sheet: Option<&str>) -> Result<(Vec<Row>, Source)> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        anyhow!("{name}: cannot open the workbook: {e}; expected an .xlsx, .xls or .ods file")
    })?;
    let names = book.sheet_names();
    let chosen = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                anyhow!(
                    "--sheet {wanted}: {name} has no such sheet; its sheets are {}",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| anyhow!("{name}: the workbook has no sheets"))?,
    };
    let values = book
        .worksheet_range(&chosen)
        .map_err(|e| anyhow!("{name}: cannot read sheet `{chosen}`: {e}"))?;
    // Formulas are optional: a format or file without them reads by value alone.
    let formulas = book.worksheet_formula(&chosen).ok();
    let source = Source::Workbook {
        format: format_name(&book).to_owned(),
        sheet: chosen,
    };
    Ok((rows(&values, formulas.as_ref(), name)?, source))
}

fn rows(values: &Range<Data>, formulas: Option<&Range<String>>, name: &str) -> Result<Vec<Row>> {
    let Some((first_row, first_column)) = values.start() else {
        return Ok(Vec::new());
    };
    let first_column = first_column as usize;
    let mut rows = Vec::with_capacity(values.height());
    for (offset, cells) in values.rows().enumerate() {
        let line = first_row as usize + offset + 1;
        let width = first_column + cells.len();
        if width > MAX_COLUMNS {
            return Err(ReadError::at(
                line,
                None,
                format!("the row has more than {MAX_COLUMNS} cells; aidcat reads at most {MAX_COLUMNS} columns"),
            )
            .located(name));
        }
        let mut row = Row {
            line,
            cells: vec![String::new(); width],
            numbers: vec![None; width],
            formulas: vec![None; width],
        };
        for (index, data) in cells.iter().enumerate() {
            let column = first_column + index;
            let (text, exact) = cell(data);
            row.cells[column] = text;
            row.numbers[column] = exact.and_then(Result::ok);
            let formula = formulas.and_then(|f| f.get_value((line as u32 - 1, column as u32)));
            if let Some(formula) = formula.filter(|f| !f.is_empty()) {
                row.formulas[column] = Some(format!("={}", formula.trim_start_matches('=')));
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::shortest_within_nine_decimals;

    #[test]
    fn float_noise_is_rounded_to_nine_decimals() {
        assert_eq!(
            shortest_within_nine_decimals(38305.310000000005),
            "38305.31"
        );
        assert_eq!(shortest_within_nine_decimals(0.1 + 0.2), "0.3");
        assert_eq!(shortest_within_nine_decimals(2016.5), "2016.5");
        assert_eq!(shortest_within_nine_decimals(132716.0), "132716");
    }
}
