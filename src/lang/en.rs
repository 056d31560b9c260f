//! English texts of findings.

use super::{Amounts, short};
use crate::check::{FindingKind, Hint, RowRef, SectorRef, Subject};
use crate::number::Convention;

fn sector(sector: &SectorRef) -> String {
    match &sector.code {
        Some(code) => format!("sector {code} `{}`", short(&sector.name)),
        None => format!("sector `{}`", short(&sector.name)),
    }
}

fn project(sector: &SectorRef, number: Option<&str>, name: &str) -> String {
    let number = match (&sector.code, number) {
        (Some(code), Some(number)) => format!(" {code}.{number}"),
        (None, Some(number)) => format!(" {number}"),
        _ => String::new(),
    };
    format!("project{number} `{}`", short(name))
}

fn subject(subject: &Subject) -> String {
    match subject {
        Subject::Project {
            sector: s,
            number,
            name,
        } => project(s, number.as_deref(), name),
        Subject::Component {
            sector: s,
            number,
            name,
            index,
        } => format!("{}, component {index}", project(s, number.as_deref(), name)),
        Subject::SectorRow { sector: s } => format!("{} row", sector(s)),
        Subject::GrandTotalRow => "grand total row".to_owned(),
    }
}

pub fn finding(kind: &FindingKind, money: &Amounts) -> String {
    match kind {
        FindingKind::NotANumber {
            text,
            label,
            reason,
        } => format!(
            "`{}` in column `{label}` {reason}; expected an amount such as {} or an empty cell",
            short(text),
            match money.convention {
                Convention::Vi => "`132.716` or `38.305,31`",
                Convention::En => "`132,716` or `38305.31`",
            }
        ),
        FindingKind::ExtraCells {
            cells,
            header_cells,
        } => format!(
            "the row has {cells} cells but the header only {header_cells}; the text beyond column {header_cells} is not read"
        ),
        FindingKind::NoProjects => "the file has a header but no project rows: nothing to check; is it the right file or sheet?".to_owned(),
        FindingKind::NegativeAmount {
            subject: s,
            column,
            value,
        } => format!(
            "{}: {} is negative ({}); amounts cannot be below zero",
            subject(s),
            column.name(),
            money.amount(*value)
        ),
        FindingKind::RowSum {
            subject: s,
            total,
            aid,
            counterpart,
        } => {
            let computed = aid + counterpart;
            format!(
                "{}: total {} but aid {} + counterpart {} = {}; off by {}",
                subject(s),
                money.amount(*total),
                money.amount(*aid),
                money.amount(*counterpart),
                money.amount(computed),
                money.difference(total - computed)
            )
        }
        FindingKind::DuplicateNumber {
            subject: s,
            number,
            sector: within,
            first_line,
        } => format!(
            "{}: number {number} is already used in {} at line {first_line}",
            subject(s),
            sector(within)
        ),
        FindingKind::NoAmounts { subject: s } => format!(
            "{} has no amounts: total, aid and counterpart are all empty",
            subject(s)
        ),
        FindingKind::PeriodUnreadable { subject: s, text } => format!(
            "{}: cannot read the period `{}`; expected years such as `2021-2025` or `2023`",
            subject(s),
            short(text)
        ),
        FindingKind::PeriodReversed {
            subject: s,
            text,
            start,
            end,
        } => format!(
            "{}: period `{text}` ends ({end}) before it starts ({start})",
            subject(s)
        ),
        FindingKind::PeriodOutsideProgramme {
            subject: s,
            period,
            programme,
        } => format!(
            "{}: period {period} falls outside the programme period {programme}",
            subject(s)
        ),
        FindingKind::SectorSum {
            sector: s,
            column,
            declared,
            computed,
            formula,
        } => compared(
            &format!("{}: declared", sector(s)),
            "the sum of its projects",
            column.name(),
            (*declared, *computed, formula.as_deref()),
            money,
            String::new(),
        ),
        FindingKind::GrandTotal {
            column,
            declared,
            computed,
            formula,
            origins,
        } => {
            let explain = if origins.is_empty() {
                String::new()
            } else {
                let named: Vec<String> = origins
                    .iter()
                    .map(|(name, line)| format!("{name} (line {line})"))
                    .collect();
                format!(
                    "; it matches the declared sector subtotals, so the difference comes from sector {}",
                    named.join(", ")
                )
            };
            compared(
                "grand total: declared",
                "the sum of all projects",
                column.name(),
                (*declared, *computed, formula.as_deref()),
                money,
                explain,
            )
        }
        FindingKind::GrandTotalSubtotals {
            column,
            declared,
            computed,
            formula,
        } => compared(
            "grand total: declared",
            "the sum of the declared sector subtotals",
            column.name(),
            (*declared, *computed, formula.as_deref()),
            money,
            String::new(),
        ),
    }
}

fn compared(
    what: &str,
    against: &str,
    column: &str,
    (declared, computed, formula): (rust_decimal::Decimal, rust_decimal::Decimal, Option<&str>),
    money: &Amounts,
    explain: String,
) -> String {
    // A workbook formula that claims this figure is named with it.
    let formula = formula
        .map(|f| format!(" (the cell's formula {f})"))
        .unwrap_or_default();
    format!(
        "{what} {column} {}{formula} but {against} is {}; off by {}{explain}",
        money.amount(declared),
        money.amount(computed),
        money.difference(declared - computed),
    )
}

fn row(row: &RowRef) -> String {
    let number = row
        .number
        .as_deref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    format!("project{number} `{}` (line {})", short(&row.name), row.line)
}

fn lines(lines: &[usize]) -> String {
    const SHOWN: usize = 8;
    let mut named: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    if lines.len() > SHOWN {
        named.push(format!("and {} more", lines.len() - SHOWN));
    }
    named.join(", ")
}

pub fn hint(hint: &Hint, money: &Amounts) -> String {
    match hint {
        Hint::OneRow {
            row: r,
            figure,
            counted_twice: true,
        } => format!(
            "the difference is the figure of {} ({}): it was probably counted twice",
            row(r),
            money.amount(*figure)
        ),
        Hint::OneRow { row: r, figure, .. } => format!(
            "the difference is the figure of {} ({}): it was probably left out of the sum",
            row(r),
            money.amount(*figure)
        ),
        Hint::MistypedDigit { place } => format!(
            "the two figures differ in one digit (the {} place): perhaps a mistyped digit",
            money.amount(*place)
        ),
        Hint::TransposedDigits => {
            "the two figures have the same digits with two swapped: perhaps transposed digits"
                .to_owned()
        }
        Hint::TakesNextSectorsRow { row: r } => format!(
            "the declared figure also counts {}, the next sector's first row: perhaps the subtotal runs one row too far",
            row(r)
        ),
        Hint::ShiftedByOneRow { left_out, taken } => format!(
            "the declared figure leaves out {} and counts {} of the next sector: perhaps the subtotal's rows are shifted by one",
            row(left_out),
            row(taken)
        ),
        Hint::CarriedIntoTotal { column } => format!(
            "{} is off by the same amount and the other column is right: the mistake is probably in {}, carried into the total",
            column.name(),
            column.name()
        ),
        Hint::LeavesOutSector { sector, line } => format!(
            "the declared figure is the sum of all projects but those of sector {sector} (line {line}): perhaps that sector was left out"
        ),
        Hint::RangeLeavesOut { lines: l } => format!(
            "the formula's range leaves out rows of this sector's projects: lines {}",
            lines(l)
        ),
        Hint::RangeTakesOthers { lines: l } => format!(
            "the formula's range takes rows that are not this sector's projects: lines {}",
            lines(l)
        ),
        Hint::TypedNotFormula { formulas } => format!(
            "the figure is typed as a number where {formulas} other subtotals are formulas: perhaps it was not updated"
        ),
        Hint::TotalIsOnePart { column } => format!(
            "the total equals {} alone: perhaps the other part was not added",
            column.name()
        ),
        Hint::TotalOfRowAbove { line } => format!(
            "the total equals aid + counterpart of the row above (line {line}): perhaps it was copied down"
        ),
    }
}
