//! The cells a corrected copy writes into the file's own copy of itself (an `.xlsx`
//! workbook's, a Word document's): those of the copy ([`FixedCell`]) that differ from
//! what the file holds, and what each is written as.

use crate::number::NumberFormat;
use crate::read::column_letters;
use crate::read::rows::Row;
use crate::report::fix::FixedCell;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What a changed cell is written as.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Number(Decimal),
    /// A `SUM` over cells, with its result.
    Formula(String, Decimal),
    Text(String),
}

/// A cell to write: what, and whether it is filled as changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub content: Content,
    pub changed: bool,
}

/// The cells of the copy that differ from the file, by the line of their row (a sheet's
/// row number, a document table's row counted through the tables read) and their column
/// (from 0).
pub fn edits(
    rows: &[Row],
    cells: &[Vec<FixedCell>],
    numbers: &NumberFormat,
) -> BTreeMap<(usize, usize), Edit> {
    let mut edits = BTreeMap::new();
    for (row, fixed) in rows.iter().zip(cells) {
        for (column, cell) in fixed.iter().enumerate() {
            // A figure goes in as the cell held its figure: a number, or text.
            let as_held = |figure: Decimal| match row.number(column).is_none()
                && !row.cell(column).is_empty()
            {
                true => Content::Text(numbers.written(figure)),
                false => Content::Number(figure),
            };
            let edit = match cell {
                FixedCell::Sum {
                    rows: summed,
                    figure,
                    changed: true,
                    ..
                } => {
                    // A sum over cells that hold text would add none of them: a figure.
                    let all_numbers = (summed.iter()).all(|&at| {
                        let row = &rows[at];
                        row.number(column).is_some() || row.cell(column).is_empty()
                    });
                    let content = match all_numbers {
                        true => {
                            let lines: Vec<usize> =
                                summed.iter().map(|&at| rows[at].line).collect();
                            Content::Formula(sum_formula(column, &lines), *figure)
                        }
                        false => as_held(*figure),
                    };
                    Edit {
                        content,
                        changed: true,
                    }
                }
                FixedCell::Corrected(figure) => Edit {
                    content: as_held(*figure),
                    changed: true,
                },
                // An amount as read is left; one written in the file's unit is written.
                FixedCell::Amount(figure, _)
                    if row.number(column) != Some(*figure)
                        && row.amount(column, numbers.convention).ok() != Some(*figure) =>
                {
                    Edit {
                        content: as_held(*figure),
                        changed: false,
                    }
                }
                FixedCell::Text(text) if text != row.cell(column) => Edit {
                    content: Content::Text(text.clone()),
                    changed: false,
                },
                _ => continue,
            };
            edits.insert((row.line, column), edit);
        }
    }
    edits
}

/// `SUM` over column `column` (from 0) of the sheet's rows `lines`, consecutive ones as
/// ranges: `SUM(G23:G25,G28)`.
fn sum_formula(column: usize, lines: &[usize]) -> String {
    let letters = column_letters(column + 1);
    let terms: Vec<String> = (super::xlsx::ranges(lines).into_iter())
        .map(|(first, last)| match first == last {
            true => format!("{letters}{first}"),
            false => format!("{letters}{first}:{letters}{last}"),
        })
        .collect();
    format!("SUM({})", terms.join(","))
}
