//! A sheet as a terminal table (comfy-table): amounts grouped in the file's convention,
//! numbers right-aligned, wrapped to the terminal width.

use crate::number::{Convention, format_grouped};
use crate::report::sheet::{Cell, Kind, Sheet};
use crate::text::{plain, plain_lines};
use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const BAR_WIDTH: usize = 10;

/// A bar of `share` (0 to 1), in eighths of a character.
pub fn bar(share: Decimal) -> String {
    let eighths = (share * Decimal::from(BAR_WIDTH * 8))
        .round()
        .to_usize()
        .unwrap_or(0)
        .min(BAR_WIDTH * 8);
    let mut out = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    out.push_str(PARTS[eighths % 8]);
    out
}

/// A percentage with one decimal in the convention's decimal mark: `61,7`, `100,0`.
pub fn percent(value: Decimal, convention: Convention) -> String {
    let mut fixed = value.round_dp(1);
    fixed.rescale(1);
    let text = fixed.to_string();
    match convention {
        Convention::Vi => text.replace('.', ","),
        Convention::En => text,
    }
}

/// How a cell reads for people, in the sheet's convention.
pub fn human(cell: &Cell, sheet: &Sheet) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Count(count) => count.to_string(),
        Cell::Amount(Some(value)) => format_grouped(*value, sheet.convention),
        Cell::Amount(None) | Cell::Percent(None) | Cell::Blank => String::new(),
        Cell::Percent(Some(value)) => percent(*value, sheet.convention),
        Cell::Bar(share) => bar(*share),
    }
}

/// Renders the title, the table and the notes. `width` fixes the table width; without
/// it the terminal's width is used when there is one.
pub fn render(sheet: &Sheet, width: Option<u16>) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = width {
        table.set_width(width);
    }
    // A column with nothing in any row (no codes in a tidy file, no sector marked) is
    // left out of the terminal's table; exports keep every column.
    let rows: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .chain(sheet.total.iter())
        .map(|row| {
            row.iter()
                .map(|cell| plain_lines(&human(cell, sheet)))
                .collect()
        })
        .collect();
    let shown: Vec<usize> = (0..sheet.columns.len())
        .filter(|&i| {
            rows.is_empty()
                || rows
                    .iter()
                    .any(|row| row.get(i).is_some_and(|c| !c.is_empty()))
        })
        .collect();
    table.set_header(
        shown
            .iter()
            .map(|&i| plain_lines(&sheet.columns[i].heading)),
    );
    for row in &rows {
        table.add_row(
            shown
                .iter()
                .map(|&i| row.get(i).cloned().unwrap_or_default()),
        );
    }
    for (index, column) in shown.iter().map(|&i| &sheet.columns[i]).enumerate() {
        if matches!(column.kind, Kind::Count | Kind::Amount | Kind::Percent)
            && let Some(table_column) = table.column_mut(index)
        {
            table_column.set_cell_alignment(CellAlignment::Right);
            // A number is never wrapped mid-figure: text columns give way instead.
            table_column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    let mut out = String::new();
    if !sheet.title.is_empty() {
        out.push_str(&plain(&sheet.title));
        out.push('\n');
    }
    out.push_str(&table.to_string());
    out.push('\n');
    for note in &sheet.notes {
        out.push_str(&plain_lines(note));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_grow_in_eighths() {
        assert_eq!(bar(Decimal::ZERO), "");
        assert_eq!(bar(Decimal::ONE), "██████████");
        assert_eq!(bar(Decimal::new(5, 1)), "█████");
        assert_eq!(bar(Decimal::new(1, 2)), "▏");
    }
}
