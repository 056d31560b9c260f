//! English texts of findings.

use super::{Amounts, short};
use crate::check::{FindingKind, SectorRef, Subject};
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
