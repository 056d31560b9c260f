//! A sheet as an Excel workbook: real numbers with a number format, a bold frozen
//! header, fitted columns, totals as `SUM` formulas over the cells above (so an officer
//! can edit a figure and see the totals follow), and a second sheet with the findings.
//!
//! Thousands and decimal separators in a workbook are shown by the spreadsheet program in
//! its own locale: a Vietnamese Excel or LibreOffice shows `132.716`, an English one
//! `132,716`. The number format only fixes the grouping and the decimals.

use crate::lang::Lang;
use crate::read::column_letters;
use crate::read::rows::Row;
use crate::report::check::CheckedFile;
use crate::report::fix::{FixedCell, RowsLaidOut};
use crate::report::sheet::{Cell, Kind, Sheet};
use anyhow::Result;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

/// The Excel number format for amounts with `decimals` places.
fn amount_format(decimals: u32) -> String {
    if decimals == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(decimals as usize))
    }
}

fn float(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

/// Does a spreadsheet number (a binary float, 15 to 17 significant digits) hold `value`
/// exactly as written? Amounts of more digits are written as text so none is rounded.
pub(super) fn fits_a_float(value: Decimal) -> bool {
    Decimal::from_f64_retain(float(value)).is_some_and(|back| back == value)
        || value
            .normalize()
            .to_string()
            .trim_start_matches('-')
            .replace('.', "")
            .len()
            <= 15
}

/// A workbook stamped with its creation time, or with `SOURCE_DATE_EPOCH` when that is
/// set (the reproducible-builds convention), so the same input can give the same bytes.
fn new_workbook() -> Workbook {
    let mut workbook = Workbook::new();
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|epoch| epoch.trim().parse::<i64>().ok())
        .and_then(|epoch| rust_xlsxwriter::ExcelDateTime::from_timestamp(epoch).ok());
    if let Some(time) = fixed {
        let properties = rust_xlsxwriter::DocProperties::new().set_creation_datetime(&time);
        workbook.set_properties(&properties);
    }
    workbook
}

/// The name of the sheet that lists findings: beside a report, and `check`'s own.
pub fn findings_sheet_name(lang: Lang) -> &'static str {
    lang.pick("findings", "kiểm tra")
}

/// Writes the report sheet, and the findings of the inputs when there are inputs to check.
pub fn render(sheet: &Sheet, name: &str, findings: &[CheckedFile], lang: Lang) -> Result<Vec<u8>> {
    let mut workbook = new_workbook();
    let report = workbook.add_worksheet();
    report.set_name(name)?;
    write_report(report, sheet)?;
    if !findings.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(findings_sheet_name(lang))?;
        write_findings(sheet, findings, lang)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn write_report(worksheet: &mut Worksheet, sheet: &Sheet) -> Result<()> {
    let bold = Format::new().set_bold();
    let columns: Vec<usize> = (0..sheet.columns.len())
        .filter(|&i| sheet.columns[i].kind != Kind::Bar)
        .collect();
    let mut row: u32 = 0;
    if !sheet.title.is_empty() {
        worksheet.write_string_with_format(row, 0, &sheet.title, &bold)?;
        row += 1;
    }
    let header_row = row;
    for (out, &index) in columns.iter().enumerate() {
        worksheet.write_string_with_format(
            row,
            out as u16,
            &sheet.columns[index].heading,
            &bold,
        )?;
    }
    worksheet.set_freeze_panes(header_row + 1, 0)?;
    row += 1;
    let first_data = row;
    // Decimals per amount column: the most any of its values has.
    let decimals: Vec<u32> = columns
        .iter()
        .map(|&index| {
            sheet
                .rows
                .iter()
                .chain(sheet.total.iter())
                .filter_map(|r| match &r[index] {
                    Cell::Amount(Some(v)) => Some(v.normalize().scale()),
                    _ => None,
                })
                .max()
                .unwrap_or(0)
        })
        .collect();
    let formats: Vec<Format> = decimals
        .iter()
        .zip(&columns)
        .map(|(&d, &index)| match sheet.columns[index].kind {
            Kind::Percent => Format::new().set_num_format("0.0"),
            _ => Format::new().set_num_format(amount_format(d)),
        })
        .collect();
    for cells in &sheet.rows {
        for (out, &index) in columns.iter().enumerate() {
            write_cell(worksheet, row, out as u16, &cells[index], &formats[out])?;
        }
        row += 1;
    }
    let last_data = row.saturating_sub(1);
    if let Some(total) = &sheet.total {
        for (out, &index) in columns.iter().enumerate() {
            let column = out as u16;
            let format = formats[out].clone().set_bold();
            match (&total[index], sheet.columns[index].kind) {
                (Cell::Amount(Some(value)), Kind::Amount) if row > first_data => {
                    let letters = column_letters(out + 1);
                    let formula = Formula::new(format!(
                        "=SUM({letters}{}:{letters}{})",
                        first_data + 1,
                        last_data + 1
                    ))
                    .set_result(value.normalize().to_string());
                    worksheet.write_formula_with_format(row, column, formula, &format)?;
                }
                (Cell::Count(count), Kind::Count) if row > first_data => {
                    let letters = column_letters(out + 1);
                    let formula = Formula::new(format!(
                        "=SUM({letters}{}:{letters}{})",
                        first_data + 1,
                        last_data + 1
                    ))
                    .set_result(count.to_string());
                    worksheet.write_formula_with_format(row, column, formula, &format)?;
                }
                (cell, _) => write_cell(worksheet, row, column, cell, &format)?,
            }
        }
        row += 1;
    }
    row += 1;
    for note in &sheet.notes {
        worksheet.write_string(row, 0, note)?;
        row += 1;
    }
    worksheet.autofit();
    Ok(())
}

fn write_cell(
    worksheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: &Cell,
    format: &Format,
) -> Result<()> {
    match cell {
        Cell::Text(text) => {
            worksheet.write_string(row, column, text)?;
        }
        Cell::Count(count) => {
            worksheet.write_number(row, column, *count as f64)?;
        }
        Cell::Amount(Some(value)) | Cell::Percent(Some(value)) if fits_a_float(*value) => {
            worksheet.write_number_with_format(row, column, float(*value), format)?;
        }
        Cell::Amount(Some(value)) | Cell::Percent(Some(value)) => {
            worksheet.write_string(row, column, value.normalize().to_string())?;
        }
        Cell::Amount(None) | Cell::Percent(None) | Cell::Blank | Cell::Bar(_) => {}
    }
    Ok(())
}

fn write_findings(worksheet: &mut Worksheet, files: &[CheckedFile], lang: Lang) -> Result<()> {
    let bold = Format::new().set_bold();
    let headings = [
        lang.pick("File", "Tệp"),
        lang.pick("Where", "Vị trí"),
        lang.pick("Severity", "Mức độ"),
        lang.pick("Rule", "Quy tắc"),
        lang.pick("Message", "Nội dung"),
    ];
    for (column, heading) in headings.iter().enumerate() {
        worksheet.write_string_with_format(0, column as u16, *heading, &bold)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    let mut row = 1;
    for file in files {
        for finding in &file.findings {
            let place = file.source.location(finding.line, finding.column);
            let cells = [
                file.path.as_str(),
                place.as_str(),
                &finding.severity.to_string(),
                finding.rule.id(),
                &finding.message,
            ];
            for (column, text) in cells.iter().enumerate() {
                worksheet.write_string(row, column as u16, *text)?;
            }
            row += 1;
        }
    }
    worksheet.autofit();
    Ok(())
}

/// A sheet of the workbook `fix` copies: its name, whether the workbook hides it, and
/// its rows as read; `rows` none for the corrected sheet, which stands there.
pub struct SheetCopy {
    pub name: String,
    pub hidden: bool,
    pub rows: Option<Vec<Row>>,
}

/// The corrected copy of a catalogue (`aidcat fix`): its rows as read, laid out as in the
/// file (cells merged down, rows hidden), amounts as numbers, every sum row's money cells
/// as `SUM` formulas over the rows they add (filled where the figure changed), and the
/// list of changes on a sheet after it. A workbook's other sheets (`sheets`, in its
/// order) are copied beside it as read, their numbers and formulas kept; without them the
/// corrected sheet is named `corrected`.
pub fn corrected(
    cells: &[Vec<FixedCell>],
    laid_out: &RowsLaidOut,
    changes: &Sheet,
    lang: Lang,
    sheets: &[SheetCopy],
) -> Result<Vec<u8>> {
    let mut workbook = new_workbook();
    let own_name = lang.pick("corrected", "đã sửa");
    let here = [SheetCopy {
        name: own_name.to_owned(),
        hidden: false,
        rows: None,
    }];
    let sheets = if sheets.is_empty() { &here[..] } else { sheets };
    let mut taken = Vec::new();
    for copy in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&copy.name, &mut taken))?;
        match &copy.rows {
            Some(rows) => {
                write_as_read(sheet, rows)?;
                if copy.hidden {
                    sheet.set_hidden(true);
                }
            }
            // The corrected sheet opens first, in sight even where the workbook hid it.
            None => {
                write_corrected(sheet, cells, laid_out)?;
                sheet.set_active(true);
            }
        }
    }
    let list = workbook.add_worksheet();
    list.set_name(sheet_name(&changes.title, &mut taken))?;
    write_report(list, changes)?;
    Ok(workbook.save_to_buffer()?)
}

/// `wanted` as Excel takes a sheet's name, and not one of `taken` (to which it is added):
/// at most 31 characters, none of `[ ] : * ? / \`, no `'` at either end, not `History`,
/// and unlike the others whatever the case. Another program's workbook may name its
/// sheets otherwise (an OpenDocument sheet's name may be longer); a name taken gets a
/// number: `Changes (2)`.
pub(super) fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    const LONGEST: usize = 31;
    let cleaned: String = (wanted.chars())
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim_matches(['\'', ' ']);
    let cleaned = match cleaned {
        "" => "Sheet",
        name if name.eq_ignore_ascii_case("history") => "History_",
        name => name,
    };
    let is_taken = |name: &str| (taken.iter()).any(|t| t.to_lowercase() == name.to_lowercase());
    let mut name: String = cleaned.chars().take(LONGEST).collect();
    let mut count = 1;
    while is_taken(&name) {
        count += 1;
        let mark = format!(" ({count})");
        let room = LONGEST - mark.chars().count();
        name = cleaned
            .chars()
            .take(room)
            .collect::<String>()
            .trim_end()
            .to_owned()
            + &mark;
    }
    taken.push(name.clone());
    name
}

/// The corrected sheet's cells, laid out as read.
fn write_corrected(
    sheet: &mut Worksheet,
    cells: &[Vec<FixedCell>],
    laid_out: &RowsLaidOut,
) -> Result<()> {
    // Merged empty first: each first cell is then written as any other, a number as one.
    for &((first, last), column) in &laid_out.merged_down {
        let (first, last, column) = (first as u32, last as u32, column as u16);
        sheet.merge_range(first, column, last, column, "", &Format::new())?;
    }
    for &row in &laid_out.hidden {
        sheet.set_row_hidden(row as u32)?;
    }
    let amount = Format::new().set_num_format("#,##0.###");
    let changed = amount.clone().set_background_color("#FFEB3B").set_bold();
    let mut hidden = std::collections::BTreeSet::new();
    for (row, cells) in cells.iter().enumerate() {
        let row = row as u32;
        for (column, cell) in cells.iter().enumerate() {
            let column = column as u16;
            match cell {
                FixedCell::Text(text) if text.is_empty() => {}
                FixedCell::Text(text) => {
                    sheet.write_string(row, column, text)?;
                }
                FixedCell::Hidden(text) => {
                    hidden.insert(column);
                    sheet.write_string(row, column, text)?;
                }
                FixedCell::Amount(value, _) => {
                    write_cell(sheet, row, column, &Cell::Amount(Some(*value)), &amount)?;
                }
                FixedCell::Corrected(value) => {
                    write_cell(sheet, row, column, &Cell::Amount(Some(*value)), &changed)?;
                }
                FixedCell::Sum {
                    rows,
                    figure,
                    changed: is_changed,
                    ..
                } => {
                    let letters = column_letters(column as usize + 1);
                    let terms: Vec<String> = ranges(rows)
                        .into_iter()
                        .map(|(first, last)| match first == last {
                            true => format!("{letters}{}", first + 1),
                            false => format!("{letters}{}:{letters}{}", first + 1, last + 1),
                        })
                        .collect();
                    let formula = Formula::new(format!("=SUM({})", terms.join(",")))
                        .set_result(figure.normalize().to_string());
                    let format = if *is_changed { &changed } else { &amount };
                    sheet.write_formula_with_format(row, column, formula, format)?;
                }
            }
        }
    }
    sheet.autofit();
    for column in hidden {
        sheet.set_column_hidden(column)?;
    }
    Ok(())
}

/// A sheet copied as it was read: text, stored numbers, formulas with their results,
/// rows and columns hidden as they were.
fn write_as_read(sheet: &mut Worksheet, rows: &[Row]) -> Result<()> {
    let mut hidden_columns = std::collections::BTreeSet::new();
    for row in rows {
        let at = u32::try_from(row.line.saturating_sub(1)).unwrap_or(u32::MAX);
        if row.hidden {
            sheet.set_row_hidden(at)?;
        }
        for (column, text) in row.cells().enumerate() {
            let column = u16::try_from(column).unwrap_or(u16::MAX);
            match (row.formula(column as usize), row.number(column as usize)) {
                (Some(formula), _) => {
                    let formula = Formula::new(formula).set_result(text);
                    sheet.write_formula(at, column, formula)?;
                }
                (None, Some(number)) => {
                    write_cell(
                        sheet,
                        at,
                        column,
                        &Cell::Amount(Some(number)),
                        &Format::new(),
                    )?;
                }
                (None, None) if !text.is_empty() => {
                    sheet.write_string(at, column, text)?;
                }
                (None, None) => {}
            }
        }
        for (column, text) in &row.hidden_cells {
            let column = u16::try_from(*column).unwrap_or(u16::MAX);
            hidden_columns.insert(column);
            sheet.write_string(at, column, text)?;
        }
    }
    for column in hidden_columns {
        sheet.set_column_hidden(column)?;
    }
    Ok(())
}

/// Sorted row indexes as runs of consecutive rows: 3,4,5,8 → (3,5), (8,8).
pub(super) fn ranges(rows: &[usize]) -> Vec<(usize, usize)> {
    let mut sorted = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for row in sorted {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == row => *last = row,
            _ => runs.push((row, row)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sheet_name_is_one_excel_takes_and_not_taken() {
        let mut taken = Vec::new();
        let mut name = |wanted: &str| super::sheet_name(wanted, &mut taken);
        assert_eq!(name("Danh mục"), "Danh mục");
        assert_eq!(name("danh MỤC"), "danh MỤC (2)");
        assert_eq!(
            name("Kế hoạch: 2021/2025 [bản 2]"),
            "Kế hoạch_ 2021_2025 _bản 2_"
        );
        let long = "Danh mục dự án kêu gọi vận động viện trợ giai đoạn 2021-2025";
        assert_eq!(name(long), "Danh mục dự án kêu gọi vận động");
        assert_eq!(name(long), "Danh mục dự án kêu gọi vận (2)");
        assert_eq!(name("'Bìa'"), "Bìa");
        assert_eq!(name("History"), "History_");
        assert_eq!(name(""), "Sheet");
    }
}
