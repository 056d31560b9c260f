//! English texts of findings.

use super::{
    Amounts, bare_number, breakdown_label, count_off, full_number, in_brackets, named_figures,
    numbers_list, parts_list, places_list, sector_mark, short, spaced_number,
};
use crate::check::{FindingKind, Hint, RowRef, SectorRef, Subject};
use crate::model::{FilePart, MoneyColumn, Shifted};
use crate::number::{AmountError, Basis, Convention, FormulaError, NumberFormat};
use crate::problem::{BadValue, JsonExpected, Problem, SystemError, Wanted};
use crate::report::fix::SumTitle;
use crate::report::rollup::{Note, PassedOver};

fn sector(sector: &SectorRef) -> String {
    match &sector.code {
        Some(code) => format!("sector {} `{}`", bare_number(code), short(&sector.name)),
        // The projects read before any sector row, in a file that has none.
        None if sector.name.is_empty() => "the projects under no sector".to_owned(),
        None => format!("sector `{}`", short(&sector.name)),
    }
}

fn group(group: &SectorRef) -> String {
    match &group.code {
        Some(code) => format!("group {} `{}`", bare_number(code), short(&group.name)),
        None => format!("group `{}`", short(&group.name)),
    }
}

fn project(sector: &SectorRef, number: Option<&str>, name: &str) -> String {
    let number = spaced_number(full_number(sector, number).as_deref());
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
            part,
        } => match part {
            Some(part) => format!("{}, part {part}", project(s, number.as_deref(), name)),
            None => format!("{}, component {index}", project(s, number.as_deref(), name)),
        },
        Subject::SectorRow { sector: s } => format!("{} row", sector(s)),
        Subject::GroupRow { group: g } => format!("{} row", group(g)),
        Subject::GrandTotalRow => "grand total row".to_owned(),
    }
}

pub fn finding(kind: &FindingKind, money: &Amounts) -> String {
    match kind {
        // The formula's remedy is to save the file again, not to write an amount.
        FindingKind::NotANumber {
            text,
            label,
            reason: reason @ (AmountError::FormulaWithoutValue | AmountError::FormulaText),
        } => format!("`{}` in column `{label}` {reason}", short(text)),
        // So is a formula's error: the formula is put right, not the cell typed over.
        FindingKind::NotANumber {
            text,
            label,
            reason: AmountError::FormulaError { error },
        } => format!(
            "`{}` in column `{label}` is the error value of a formula, not an amount{}: put the \
             formula right in the spreadsheet, save it, and check again",
            short(text),
            match error {
                FormulaError::Reference => " (a cell it refers to was deleted)",
                FormulaError::Value => " (it computes with text)",
                FormulaError::DivisionByZero => " (it divides by zero or an empty cell)",
                FormulaError::Name => " (it names a function or range that does not exist)",
                FormulaError::NotFound => " (a value it looks up is not found)",
                FormulaError::Number => " (a number it computes cannot be)",
                FormulaError::Null => " (ranges it intersects do not meet)",
                FormulaError::Other => "",
            }
        ),
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
        FindingKind::PartNotANumber {
            text,
            label,
            part,
            reason,
        } => format!(
            "`{}` in column {} is not a figure{}: the row's parts are not added up against its \
             amount, nor the column's sums checked; write the figure, `x` where none applies, \
             or leave the cell empty",
            short(text),
            part_column(label, part),
            match reason {
                AmountError::NotKnownYet => " (it says the figure is not known yet)",
                AmountError::Range => " (it is a range of two figures)",
                AmountError::WithWords => " (it has words beside its figure)",
                AmountError::Percentage => " (it is a percentage)",
                AmountError::WithUnit => " (it has a unit beside its figure)",
                AmountError::TooLarge => " (it is too large)",
                AmountError::FormulaError { .. } => " (it is a formula's error value)",
                AmountError::FormulaWithoutValue => " (it is a formula saved without its value)",
                AmountError::FormulaText => " (it is a formula's text, not its value)",
                AmountError::OtherConvention { .. } => {
                    " (it reads as a figure only in the other convention)"
                }
                _ => "",
            },
        ),
        FindingKind::ExtraCells {
            cells,
            header_cells,
            shifted: None,
        } => format!(
            "the row has {cells} cells but the header only {header_cells}; the text beyond column {header_cells} is not read"
        ),
        FindingKind::ExtraCells {
            cells,
            header_cells,
            shifted: Some(shifted),
        } => format!(
            "the row has {cells} cells but the header only {header_cells}, and its figures add up read {} to the right ({}), not where they stand: a cell before them split in two by a separator not in quotes? Quote that cell, or export the file again with text quoted; the row is read as it stands",
            cells_over(shifted.by),
            shifted_sum(shifted, money),
        ),
        FindingKind::MissingCells {
            cells,
            header_cells,
            shifted,
        } => format!(
            "the row has {cells} cells but the header {header_cells}, and none where its money columns are: its figures are read from its last cells ({}), {} left of their columns: a cell merged across the columns before them, as Word saves a table as text? Split it into empty cells so that each figure stands in its column",
            figures_as_read(shifted, money),
            cells_over(shifted.by),
        ),
        FindingKind::NoProjects => "the file has a header but no project rows: nothing to check; is it the right file or sheet?".to_owned(),
        FindingKind::UnplacedRow => "the row has no number and no project name, and no project stands above it in its sector to take it as a component: it is not read; give it a number and a name, or move it under its project".to_owned(),
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
        FindingKind::BreakdownSum {
            number,
            name,
            label,
            column,
            amount,
            parts,
            sum,
        } => format!(
            "`{}`{}: {} {} but its breakdown `{}` adds up to {} ({}); off by {}",
            short(name),
            in_brackets(number.as_deref().map(|n| format!("No. {n}")).as_deref()),
            column.name(),
            money.amount(*amount),
            short(label),
            money.amount(*sum),
            parts_list(parts, money),
            money.difference(amount - sum)
        ),
        FindingKind::BreakdownColumnSum {
            subject: s,
            label,
            part,
            declared,
            computed,
        } => compared(
            &format!("{}: declared", subject(s)),
            match s {
                Subject::SectorRow { .. } => "the sum of its projects",
                Subject::GroupRow { .. } => "the sum of its sectors' projects",
                Subject::GrandTotalRow => "the sum of all projects",
                Subject::Project { .. } | Subject::Component { .. } => "the sum of its parts",
            },
            &part_column(label, part),
            (*declared, *computed, None),
            money,
            String::new(),
        ),
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
        FindingKind::NoAmounts {
            subject: s,
            only: None,
        } => format!(
            "{} has no amounts: total, aid and counterpart are all empty",
            subject(s)
        ),
        FindingKind::NoAmounts {
            subject: s,
            only: Some(column),
        } => format!("{} has no amount: its {} is empty", subject(s), column.name()),
        FindingKind::PeriodLength { subject: s, text } => format!(
            "{}: the period `{}` says how long the project runs, not in which years; write its years, such as `2024-2026`, so that it can be summed by year",
            subject(s),
            short(text)
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
        FindingKind::PeriodYearAsDate {
            subject: s,
            text,
            period,
        } => format!(
            "{}: period `{}` is read as {period}: a year typed into a cell formatted as a date shows as a date in 1905 (2023 as 15/07/1905); format the cell as a number or as text, so that it shows {period}",
            subject(s),
            short(text)
        ),
        FindingKind::PeriodOutsideProgramme {
            subject: s,
            period,
            programme,
        } => format!(
            "{}: period {period} falls outside the programme period {programme}",
            subject(s)
        ),
        FindingKind::ProjectSum {
            subject: s,
            column,
            declared,
            computed,
            formula,
        } => compared(
            &format!("{}: declared", subject(s)),
            "the sum of its parts",
            column.name(),
            (*declared, *computed, formula.as_deref()),
            money,
            String::new(),
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
        FindingKind::SheetTotals {
            sector,
            part,
            column,
            declared,
            computed,
        } => compared(
            &format!("row `{}`: declared", short(sector)),
            &format!("the sum of its projects {}", file_part(part)),
            column.name(),
            (*declared, *computed, None),
            money,
            String::new(),
        ),
        FindingKind::TotalsCount { declared, counted } => format!(
            "the grand total: declared {declared} project(s) but the sectors have {counted}; off by {:+}",
            count_off(*declared, *counted),
        ),
        FindingKind::SheetCount {
            sector,
            part,
            declared,
            counted,
        } => format!(
            "row `{}`: declared {declared} project(s) but the sector has {counted} {}; off by {:+}",
            short(sector),
            file_part(part),
            count_off(*declared, *counted),
        ),
        FindingKind::GroupSum {
            group,
            column,
            declared,
            computed,
            formula,
        } => compared(
            &format!("{}: declared", self::group(group)),
            "the sum of its sectors' projects",
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
                format!(
                    "; it matches the declared sector subtotals, so the difference comes from sector {}",
                    sectors_named(origins)
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
            origins,
        } => {
            let explain = match origins.is_empty() {
                true => String::new(),
                false => format!(
                    "; it matches the sum of all projects, so the difference comes from the subtotal of sector {}",
                    sectors_named(origins)
                ),
            };
            compared(
                "grand total: declared",
                "the sum of the declared sector subtotals",
                column.name(),
                (*declared, *computed, formula.as_deref()),
                money,
                explain,
            )
        }
    }
}

/// Sectors with the lines of their rows: `II (line 22), IV (line 38)`.
fn sectors_named(sectors: &[(SectorRef, usize)]) -> String {
    let named: Vec<String> = (sectors.iter())
        .map(|(sector, line)| format!("{} (line {line})", sector_mark(sector)))
        .collect();
    named.join(", ")
}

/// Where a part of the file stands: `on sheet `Y tế``, `in table 3`.
fn file_part(part: &FilePart) -> String {
    match part {
        FilePart::Sheet(sheet) => format!("on sheet `{}`", short(sheet)),
        FilePart::Table(tables) if tables.contains('-') => format!("in tables {tables}"),
        FilePart::Table(table) => format!("in table {table}"),
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

/// How a file's numbers were read, and why: `vi (as line 26 `132.716` shows)`.
pub fn number_format(numbers: &NumberFormat) -> String {
    let code = numbers.convention;
    let other = code.other();
    let example = numbers
        .example
        .as_ref()
        .map(|(line, text)| format!("line {line} `{text}`"))
        .unwrap_or_default();
    match numbers.basis {
        Basis::Option => format!("{code} (from --number-format)"),
        Basis::Proven => format!("{code} (as {example} shows)"),
        Basis::Assumed | Basis::Sums => {
            let reading = match numbers.groups_example() {
                true => "a thousands group",
                false => "a decimal mark",
            };
            let why = match numbers.basis {
                Basis::Sums => format!("the rows add up more often read so than as {other}"),
                _ => "assumed from the header's language".to_owned(),
            };
            format!(
                "{code} ({why}: cells such as {example} read either way and are taken with \
                 {reading}; if that is wrong, pass --number-format {other})"
            )
        }
        Basis::NoSeparators => format!("{code} (no amount has a separator)"),
        Basis::WholeThousands => format!(
            "{code} (cells such as {example} read either way, and every one ends in `000`: \
             taken with a thousands group, not three decimals of zeros; if that is wrong, \
             pass --number-format {other})"
        ),
        Basis::Weighed => format!(
            "{code} (most amounts are written so, as {example}; the few written in {other} are \
             reported as amounts that cannot be read; if they are right, pass \
             --number-format {other})"
        ),
    }
}

fn row(row: &RowRef) -> String {
    let number = spaced_number(row.number.as_deref().map(bare_number));
    let part = (row.part.as_deref())
        .map(|part| format!("part {part} of "))
        .unwrap_or_default();
    format!(
        "{part}project{number} `{}` (line {})",
        short(&row.name),
        row.line
    )
}

/// A header of the table wanted, as messages give it for an example.
fn header_example(wanted: Wanted) -> &'static str {
    match wanted {
        Wanted::Catalogue => {
            "`STT, Tên dự án, Tổng vốn, Vốn viện trợ, Vốn đối ứng` or `sector, name, total, aid, counterpart`"
        }
        Wanted::Plan => {
            "`TT, Nội dung, Thời gian, Đơn vị chủ trì, Đơn vị phối hợp` or `no., task, timing, lead agency, partner agencies`"
        }
    }
}

fn lines(lines: &[usize]) -> String {
    const SHOWN: usize = 8;
    let mut named: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    if lines.len() > SHOWN {
        named.push(format!("and {} more", lines.len() - SHOWN));
    }
    named.join(", ")
}

/// How far a row's cells stand right of their columns: `one cell`, `2 cells`.
fn cells_over(by: usize) -> String {
    match by {
        1 => "one cell".to_owned(),
        by => format!("{by} cells"),
    }
}

/// A shifted row's figures as they add up: `total 700 = aid 600 + counterpart 100`.
fn shifted_sum(shifted: &Shifted, money: &Amounts) -> String {
    named_figures(shifted, money, MoneyColumn::name, [" = ", " + "])
}

/// A row's figures as read, whether they add up or not: `total 700, aid 600,
/// counterpart 100`.
fn figures_as_read(shifted: &Shifted, money: &Amounts) -> String {
    named_figures(shifted, money, MoneyColumn::name, [", ", ", "])
}

pub fn hint(hint: &Hint, money: &Amounts) -> String {
    match hint {
        Hint::OneRow {
            row: r,
            figure,
            counted_twice: true,
        } => format!(
            "the difference is the figure of {} ({}): perhaps it was counted twice",
            row(r),
            money.amount(*figure)
        ),
        Hint::OneRow { row: r, figure, .. } if r.hidden => format!(
            "the difference is the figure of {} ({}), a row the sheet hides: perhaps it was hidden to drop the project, and the sum leaves it out; delete the row, or unhide it and add it in",
            row(r),
            money.amount(*figure)
        ),
        Hint::OneRow { row: r, figure, .. } => format!(
            "the difference is the figure of {} ({}): perhaps it was left out of the sum",
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
        Hint::UnreadableLeftOut { lines: l } => format!(
            "the sum leaves out this column's cells that are not numbers, on {} {}: put them right first, then check again",
            if l.len() == 1 { "line" } else { "lines" },
            lines(l)
        ),
        Hint::MisreadSummed { lines: l } => format!(
            "the sum adds this column's figures on {} {} that look like thousands a spreadsheet read as decimals, a thousand times too small (see their rows): the difference says nothing until they are typed again",
            if l.len() == 1 { "line" } else { "lines" },
            lines(l)
        ),
        Hint::RangeTakesOthers { lines: l } => format!(
            "the formula's range takes rows that are not this sector's projects: lines {}",
            lines(l)
        ),
        Hint::TypedNotFormula { formulas } => format!(
            "the figure is typed as a number where {formulas} other subtotals are formulas: perhaps it was not updated"
        ),
        Hint::FieldNotUpdated => "the figure is the document's formula field, which the word processor does not compute again when the figures it adds change: perhaps it was not updated since; update the fields (select the table and press F9), save, and check again".to_owned(),
        Hint::FormulaOtherColumn { column } => format!("the formula adds cells of the {} column, not of this one: put its references right", column.name()),
        Hint::FormulaNotComputed => "the formula adds this sector's projects, yet the file holds 0 for it: the program that wrote the file saved its formulas without computing them; open the file in Excel or LibreOffice, save it, and check it again".to_owned(),
        Hint::CellsShifted { shifted } => format!(
            "read {} to the right, its figures add up ({}): a cell before them was split by a separator not in quotes",
            cells_over(shifted.by),
            shifted_sum(shifted, money),
        ),
        Hint::TotalIsOnePart { column } => format!(
            "the total equals {} alone: perhaps the other part was not added",
            column.name()
        ),
        Hint::TotalOfRowAbove { line } => format!(
            "the total equals aid + counterpart of the row above (line {line}): perhaps it was copied down"
        ),
        Hint::RowFigureOff {
            row: r,
            column,
            should_be,
        } => format!(
            "the difference is that of {}, whose total is not its aid + counterpart: with its {} {} both it and this sum add up, so that figure is probably the mistake, not this sum",
            row(r),
            column.name(),
            money.amount(*should_be)
        ),
        Hint::ThousandsAsDecimals { figures } => {
            // The file's thousands separator, and the spreadsheet that takes it for a
            // decimal one.
            let (mark, language) = match money.convention {
                Convention::Vi => ("dot", "English"),
                Convention::En => ("comma", "Vietnamese"),
            };
            let (they, them, marks, points) = match figures.len() {
                1 => (
                    "it was",
                    "it",
                    format!("a thousands {mark}"),
                    "a decimal one",
                ),
                _ => (
                    "they were",
                    "them",
                    format!("thousands {mark}s"),
                    "decimal ones",
                ),
            };
            format!(
                "with {} read as {}, the figures add up: {they} probably typed with {marks} that a spreadsheet set to {language} took for {points}; type {them} again",
                money.list(figures.iter().copied(), "and"),
                money.list(crate::check::hints::as_typed(figures), "and"),
            )
        }
        Hint::PartOff {
            row: r,
            part,
            should_be,
        } => format!(
            "the difference is that of {}, whose breakdown does not add up to its amount: with its `{}` {} both it and this sum add up, so that figure is probably the mistake, not this sum",
            row(r),
            short(part),
            money.amount(*should_be)
        ),
        Hint::OwnPartOff { should_be } => format!(
            "this row's breakdown is off from its amount by as much: written as {}, the figure makes both add up, so it is probably the mistake",
            money.amount(*should_be)
        ),
        Hint::PartAgrees {
            lines,
            part,
            should_be,
        } => format!(
            "{} in `{}` with this row's {}: that figure is probably the mistake",
            match lines.as_slice() {
                [line] => format!("the sum on line {line} adds up"),
                _ => format!("the sums on lines {} add up", numbers_list(lines)),
            },
            short(part),
            money.amount(*should_be)
        ),
        Hint::SumAgrees {
            line,
            column,
            should_be,
            grand_total,
        } => format!(
            "the {} on line {line} adds up with this row's {} {}: the {} is probably the mistake",
            if *grand_total {
                "grand total"
            } else {
                "sector's subtotal"
            },
            column.name(),
            money.amount(*should_be),
            column.name()
        ),
    }
}

fn system_error(cause: &SystemError) -> &str {
    match cause {
        SystemError::NotFound => "no such file or folder",
        SystemError::PermissionDenied => "permission denied",
        SystemError::DiskFull => "the disk is full",
        SystemError::ReadOnly => "the disk is read-only",
        SystemError::InvalidName => "the system does not allow this name",
        SystemError::IsFolder => "a folder, not a file",
        SystemError::NotFolder => "a part of the path is a file, not a folder",
        SystemError::InUse => "another program has the file open; close it there and try again",
        SystemError::FileTooLarge => "the file is larger than the system allows",
        SystemError::Other { detail } => detail,
    }
}

pub fn bad_value(bad: BadValue) -> String {
    match bad {
        BadValue::Delimiter => "expected `,`, `;` or `tab`".to_owned(),
        BadValue::PeriodEmpty => "the period is empty; expected years such as 2020-2025".to_owned(),
        BadValue::PeriodReversed { start, end } => {
            format!("it ends ({end}) before it starts ({start}); expected years such as 2020-2025")
        }
        BadValue::PeriodUnreadable => "expected years such as 2020-2025".to_owned(),
        BadValue::Year => "expected a year of four digits, such as 2024".to_owned(),
        BadValue::Width => "expected a number of columns, such as 120".to_owned(),
        BadValue::Table => "expected a table's number, counted from 1".to_owned(),
    }
}

pub fn problem(problem: &Problem) -> String {
    use Problem::*;
    match problem {
        CannotRead { cause } => format!("cannot read the file: {}", system_error(cause)),
        NotFound => "no such file; check the name and the folder".to_owned(),
        PermissionDenied => "permission denied: aidcat may not read this file".to_owned(),
        IsDirectory => "is a directory; expected a catalogue file (CSV, tab-separated text or a workbook)".to_owned(),
        Empty { wanted } => match wanted {
            Wanted::Catalogue => "the file is empty; expected a catalogue with a header row and projects",
            Wanted::Plan => "the file is empty; expected an implementation plan with a header row and tasks",
        }
        .to_owned(),
        NoText => "the file has no text; expected a table with a header row".to_owned(),
        InputTooLarge { mib } => format!(
            "the input is larger than {mib} MiB, more than aidcat takes from standard input or a device; save it to a file (a UTF-8 text file of any size is read in parts)"
        ),
        FileTooLargeForMemory { mib, max } => format!(
            "the file is {mib} MiB; aidcat reads workbooks and text in other encodings than UTF-8 of at most {max} MiB; save it as UTF-8 CSV"
        ),
        FileChanged => "the file changed while it was read; read it again once it is saved".to_owned(),
        ReadingStopped { at } => format!("an internal error stopped the reading at byte {at}; please report it with the file"),
        NulByte { offset, utf16_hint } => format!(
            "found a NUL byte at byte {offset}: this looks like binary data, not text; expected a CSV or tab-separated text file{}",
            if *utf16_hint { "; if it is UTF-16 text without a byte-order mark, pass --encoding utf-16le or utf-16be" } else { "" }
        ),
        InvalidUtf8 { byte } => format!(
            "byte 0x{byte:02X} is not valid UTF-8, though the text before it is UTF-8: the file may be damaged; re-save it as UTF-8, or pass --encoding windows-1258 if it is a legacy Vietnamese file"
        ),
        Utf16Truncated { encoding } => format!(
            "{encoding} text ends in the middle of a character (odd number of bytes): the file looks truncated; save it again from the spreadsheet"
        ),
        Utf16Broken { encoding } => format!(
            "invalid {encoding} sequence (a broken surrogate pair): the file may be truncated or damaged"
        ),
        UnclosedQuote => "a quoted cell opened here is never closed (unbalanced `\"`); expected a closing quote before the end of the file".to_owned(),
        CellTooLarge { cell, mib } => format!(
            "cell {cell} is larger than {mib} MiB; aidcat refuses cells this large (is a quote left open?)"
        ),
        TooManyCells { max } => format!("the row has more than {max} cells; aidcat reads at most {max} columns"),
        RowTooLarge { mib } => format!(
            "the row is larger than {mib} MiB; aidcat refuses rows this large (is a quote left open?)"
        ),
        WorkbookDamaged => "the workbook is damaged and cannot be read; open it in a spreadsheet program and save it again".to_owned(),
        WorkbookPassword => "the workbook is protected by a password; open it in a spreadsheet program and save a copy without one".to_owned(),
        WorkbookExpands { mib, max } => format!(
            "the workbook expands to {mib} MiB, more than the {max} MiB aidcat reads; save the catalogue alone, or as CSV"
        ),
        WorkbookRepeats { cells, max } => format!(
            "the workbook's repeated rows and cells expand to {cells} filled cells, more than the {max} aidcat reads; save the catalogue alone, or as CSV"
        ),
        SharedStrings { declared, bytes } => format!(
            "the workbook declares {declared} shared strings in {bytes} bytes, more than it can hold: it is damaged; open it in a spreadsheet program and save it again"
        ),
        WorkbookReader { detail } => format!("the workbook reader failed: {detail}"),
        WorkbookMemory { mib } => format!(
            "the workbook is damaged, or asks for more than the {mib} MiB aidcat gives a workbook; open it in a spreadsheet program and save it again (or as CSV)"
        ),
        NotAWorkbook => "the file is named as a workbook but is no .xlsx, .xls or .ods file, nor text; open it in the program that made it and save it as .xlsx or .csv".to_owned(),
        NoSheets => "the workbook has no sheets".to_owned(),
        DocumentTooLarge { max } => format!(
            "the document holds more than {max} table cells and paragraphs, more than aidcat reads; save the catalogue alone, or as CSV"
        ),
        SheetTooLarge { max } => format!(
            "the sheet spans more than {max} cells (its rows times their width), more than aidcat reads; save the catalogue alone, or as CSV"
        ),
        LegacyWordDocument => "this is a Word 6 or Word 95 document, a format older than Word 97's; open it in Word or LibreOffice and save it as .docx".to_owned(),
        DocumentDamaged => "the document is damaged and cannot be read; open it in Word or LibreOffice and save it again".to_owned(),
        JsonSyntax { found, expected } => {
            let expected = match expected {
                JsonExpected::Value => {
                    "a value (text in quotes, a figure, a list or an object)".to_owned()
                }
                JsonExpected::Name => "a name in quotes (is there a comma too many before it?)".to_owned(),
                JsonExpected::Colon => "`:` after the name".to_owned(),
                JsonExpected::CommaOr(close) => format!("`,` or `{close}` (is a comma missing?)"),
                JsonExpected::ClosingQuote => "the `\"` that closes the text".to_owned(),
                JsonExpected::Escape => "an escape such as `\\n` or `\\u00e9`".to_owned(),
                JsonExpected::Digit => "a digit".to_owned(),
            };
            let found = match found {
                Some(c) => format!("`{}` stands", short(&c.to_string())),
                None => "the text ends".to_owned(),
            };
            format!(
                "not valid JSON: {found} where {expected} was expected; the file may be cut short or edited by hand: export it again from the program that wrote it"
            )
        }
        JsonTooDeep { max } => format!(
            "the JSON nests lists and objects more than {max} deep, more than aidcat reads; export the catalogue as a list of rows"
        ),
        DocumentText { mib, max } => format!(
            "the document's text comes to {mib} MiB, more than the {max} MiB aidcat reads; save the catalogue alone, or as CSV"
        ),
        DocumentPassword => "the document is protected by a password; open it in Word or LibreOffice and save a copy without one".to_owned(),
        OtherFormat { format } => match format {
            crate::problem::OtherFormat::Pdf => "this is a PDF, which holds the table as print, not as cells; read the Word or Excel file it was made from, or open the PDF in Word and save it as .docx",
            crate::problem::OtherFormat::Image => "this is a picture (a scan or a photo), which holds no cells; read the Word or Excel file the table was made in",
            crate::problem::OtherFormat::Presentation => "this is a PowerPoint presentation; copy the table into Excel or Word and save it as .xlsx or .docx",
            crate::problem::OtherFormat::Archive => "this is an archive of files (zip, RAR, 7-Zip); extract it and read the folder of files it holds",
        }
        .to_owned(),
        NoTable { wanted, tables, .. } => format!(
            "{}; expected a row naming the columns, such as {}",
            match tables {
                0 => "the document has no table".to_owned(),
                1 => "the document's only table does not have the header this command reads".to_owned(),
                _ => format!("none of the document's {tables} tables has the header this command reads"),
            },
            header_example(*wanted)
        ),
        NoSuchTable { table, tables } => format!("there is no table {table}: the document has {tables}"),
        SheetUnreadable { sheet, detail } => format!("cannot read sheet `{sheet}`: {detail}"),
        RowsOutOfOrder { after } => format!(
            "this row is stored after row {after}: the sheet's rows are out of order, as no spreadsheet program writes them; open the file in a spreadsheet program and save it again"
        ),
        NoSuchSheet { file, sheets } => format!(
            "{file} has no such sheet; its sheets are {}",
            sheets.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ),
        NoHeader {
            wanted,
            searched,
            closest,
            ..
        } => format!(
            "no header row found in the first {searched} rows: expected a row naming the columns, such as {}{}",
            header_example(*wanted),
            closest.as_ref().map(|(line, labels)| format!("; the closest was line {line}: {labels}")).unwrap_or_default()
        ),
        DoubleEncoded { seen, meant } => format!(
            "the text is garbled: `{seen}` stands where `{meant}` was meant. The file was saved after its UTF-8 text was read as Windows-1252 (as Excel opens a CSV file by double-clicking). Open the original file choosing UTF-8 (in Excel: Data, From Text/CSV, File origin 65001: Unicode (UTF-8)) and save it again"
        ),
        ColumnUnitsDiffer {
            first,
            first_unit,
            other,
            other_unit,
        } => format!(
            "the money columns state different units: `{first}` in {first_unit}, `{other}` in {other_unit}; a total is its aid + counterpart in one unit only: write the columns in one unit, then check again"
        ),
        TotalsTable { found } => format!(
            "a table of totals (a count of projects on each row), not a catalogue of projects; expected one row for each project, with its name; headers found: {found}"
        ),
        PlanTable { found } => format!(
            "an implementation plan (tasks with their lead and partner agencies), not a catalogue of projects; `aidcat plan FILE` prints it; headers found: {found}"
        ),
        CatalogueTable { found } => format!(
            "a catalogue of projects and their amounts, not an implementation plan; `aidcat check FILE` and `aidcat summary FILE` read it; headers found: {found}"
        ),
        NoTasks { task } => format!(
            "the plan's header has no task under it (a row with words in its column `{task}`): nothing to list; is it the right file or sheet?"
        ),
        MissingColumns { missing, found } => format!(
            "the header has no column for {}; headers found: {found}",
            missing.iter().map(|m| m[0].as_str()).collect::<Vec<_>>().join(", nor for ")
        ),
        TooManyComponents { max, project } => format!(
            "more than {max} rows under the project on line {project}, read as its components: a project breaks down into a few; are the projects numbered in the number column (`STT`)?"
        ),
        TooManySectors { max } => format!(
            "more than {max} sectors: a catalogue groups its projects in a few; is the sector column the right one?"
        ),
        TooManyGroups { max, by } => format!(
            "more than {max} groups by {by}: a summary that long is a list; is the column the right one? `aidcat list` lists the projects one by one"
        ),
        TooManyRows { max } => format!(
            "more than {max} rows, more than aidcat holds in memory to list, convert, fix, report or print as a plan; `check` and `summary` read files of any length; split the file, or give fewer files"
        ),
        NumberConventions { first, second, both_proven } => format!(
            "{}: line {} `{}` and line {} `{}`{}; pass --number-format vi (`38.305,31`, `.` groups thousands) or --number-format en (`38,305.31`)",
            if *both_proven { "amounts are written in both number conventions" } else { "cannot tell the number convention" },
            first.0, first.1, second.0, second.1,
            if *both_proven { " cannot both be read one way" } else { " each read two ways" }
        ),
        GivenTwice { file, first } => format!("{file} is {first} again: a file given twice would be counted twice; give each file once"),
        MixedUnits { first, first_unit, other, other_unit } => format!(
            "cannot sum {first} (unit {first_unit}) with {other} (unit {other_unit}); convert one, or pass --source-unit if both are in fact the same unit"
        ),
        NoRate { file, unit, output_unit, reference } => format!(
            "cannot convert {file} (unit {unit}) into {output_unit} (the unit of {reference}) without a rate; give one, e.g. --rate \"1 USD = 24.000 đồng\", or state it in the file's title (`Tỷ giá: …`)"
        ),
        ConversionOverflow => "an amount converted into the output unit is too large for aidcat; choose a larger --unit".to_owned(),
        InexactSums => "the sums need more than 28 digits, more than aidcat adds exactly; are the amounts in the unit the header says? Look at the largest ones".to_owned(),
        UnknownUnit { found } => format!(
            "`{found}` is not a unit aidcat converts; expected đồng, nghìn đồng, triệu đồng, tỷ đồng, USD, 1.000 USD or EUR"
        ),
        BadRate { found } => format!(
            "`{found}` is not a rate; expected one unit equal to an amount of another, e.g. \"1 USD = 24.000 đồng\""
        ),
        MappingHeader => "is not a sector mapping: expected a CSV with the columns national_sector and provincial_name (and optionally match)".to_owned(),
        UnknownNationalSector { found } => format!(
            "`{found}` is not a national sector; expected one of {}",
            crate::national::SECTORS.map(|s| s.key).join(", ")
        ),
        UnknownMatch { found } => format!("match `{found}` is unknown; expected `name` or `keyword`"),
        Groupings => "takes one grouping, or two different ones crossed (e.g. province,national-sector)".to_owned(),
        NoFiles => "names no catalogue file (.csv, .tsv, .txt, .xlsx, .xls, .ods, .docx, .odt, .doc, .rtf)".to_owned(),
        CannotCreate { folder, cause } => {
            format!("cannot create a file in {folder}: {}", system_error(cause))
        }
        OutputIsInput { input } => format!(
            "that is one of the input files ({input}); aidcat never writes over its inputs, choose another output path"
        ),
        OutputIsDirectory => "is a directory; expected a file path".to_owned(),
        OutputExtension { extension } => format!(
            "aidcat does not write .{extension} files; name the file .csv, .json, .md, .xlsx or .txt (a table), or pass --format"
        ),
        CannotWrite { cause } => format!("cannot write: {}", system_error(cause)),
        WorkbookToTerminal => "a workbook cannot be shown in the terminal; add -o FILE.xlsx".to_owned(),
        FixFromStdin => "fix reads a file by name, not standard input; save the catalogue to a file first".to_owned(),
        FixOutput => "a corrected copy is written as .xlsx, .csv or .tsv, as .docx for a Word document, or as .ods or .odt for an OpenDocument workbook or text".to_owned(),
        FixWordCopyOfOther => "a .docx copy is the Word document itself put right, and this file is not a .docx document; write the copy as .xlsx or .csv".to_owned(),
        FixWordCopyNotInPlace => "the document cannot be put right in place (a macro document or a template, or a cell to correct merged into another or holding a table, a drawing or a text box); write the copy as .xlsx or .csv".to_owned(),
        FixSpreadsheetCopyOfOther => "an .ods copy is the OpenDocument workbook itself put right, and this file is not an .ods workbook; write the copy as .xlsx or .csv".to_owned(),
        FixSpreadsheetCopyNotInPlace => "the workbook cannot be put right in place (a template, or a cell to correct merged with others or in a row repeated over several); write the copy as .xlsx or .csv".to_owned(),
        FixTextCopyOfOther => "an .odt copy is the OpenDocument text itself put right, and this file is not an .odt document; write the copy as .xlsx or .csv".to_owned(),
        FixTextCopyNotInPlace => "the document cannot be put right in place (a template, or a cell to correct merged into another, repeated, or holding a table, a frame or a note); write the copy as .xlsx or .csv".to_owned(),
    }
}

/// A note beside totals over many files.
pub fn rollup_note(note: &Note) -> String {
    match note {
        Note::Converted {
            path,
            unit,
            output,
            rate: Some(rate),
        } => format!("{path}: {unit} converted to {output} at {rate}"),
        Note::Converted {
            path, unit, output, ..
        } => format!("{path}: {unit} converted to {output}"),
        Note::NoUnit { path, unit } => {
            format!("{path}: states no unit; its figures are taken as {unit}")
        }
        Note::Rounded => "Amounts divided by a rate are rounded to two decimal places.".to_owned(),
        Note::Unmapped {
            name,
            ambiguous,
            places,
        } => {
            let at = places_list(places, |more| format!(" and {more} more"));
            let names = if *ambiguous {
                "names several national sectors"
            } else {
                "maps to no national sector"
            };
            format!(
                "warning: {at}: sector `{name}` {names}; counted under Other (map it with --sectors)"
            )
        }
        Note::SameCatalogue {
            later,
            first,
            projects,
        } => format!(
            "{later} holds as many projects as {first} ({projects}), summing alike: one catalogue twice? Both are in these totals; give one of them"
        ),
        Note::Findings {
            path,
            province,
            errors,
            warnings,
        } => format!(
            "{path}{}: {errors} error(s), {warnings} warning(s) in its own figures; `aidcat check {path}` shows them",
            in_brackets(province.as_deref())
        ),
        Note::Missing { message } => format!("Not in these totals: {message}"),
        Note::PassedOver { path, kind } => match kind {
            PassedOver::Plan => format!(
                "{path}: an implementation plan, not a catalogue; passed over (`aidcat plan` reads it)"
            ),
            PassedOver::Totals => {
                format!("{path}: a table of totals, not a catalogue; passed over")
            }
            PassedOver::NoFigures => format!(
                "{path}: holds no table of figures (a letter or notes), not a catalogue; passed over"
            ),
        },
    }
}

/// The row a change is made on.
fn changed_row(title: &SumTitle) -> String {
    match title {
        SumTitle::Project(title) | SumTitle::OwnFigure { title, .. } => format!("project {title}"),
        SumTitle::Sector(title) => format!("sector {title}"),
        SumTitle::Group(title) => format!("group {title}"),
        SumTitle::GrandTotal => "grand total".to_owned(),
        SumTitle::PartTotals { sector, .. } => format!("totals row {sector}"),
    }
}

/// A breakdown's part `fix` puts right, and why: the row's breakdown labelled `label`
/// and the sum on `sum_line` (or the rows the row itself adds) agree on it.
pub fn part_change(title: &SumTitle, label: &str, sum_line: Option<usize>) -> [String; 2] {
    let agrees = match sum_line {
        Some(line) => format!("the sum of its column on line {line}"),
        None => "the sum of the rows it adds".to_owned(),
    };
    let why = format!(
        "the row's breakdown `{label}` does not add up to its amount; it and {agrees} agree on this figure"
    );
    [changed_row(title), why]
}

/// What a change of `fix` puts right, and why.
pub fn change(title: &SumTitle, unread: Option<&str>, by_hand: bool) -> [String; 2] {
    let why = match title {
        SumTitle::Project(_) => {
            "the project's declared figure differs from the sum of its parts".to_owned()
        }
        SumTitle::Sector(_) => {
            "the declared subtotal differs from the sum of the sector's projects".to_owned()
        }
        SumTitle::Group(_) => {
            "the group's declared figure differs from the sum of its sectors' projects".to_owned()
        }
        SumTitle::GrandTotal => {
            "the declared grand total differs from the sum of all projects".to_owned()
        }
        SumTitle::PartTotals { part, .. } => format!(
            "its figure differs from the sum of the sector's projects {}, as corrected",
            file_part(part)
        ),
        SumTitle::OwnFigure {
            subtotal,
            grand_total,
            ..
        } => format!(
            "the row's total is not its aid + counterpart; its other figures and the {} (line {subtotal}) agree on this one",
            if *grand_total {
                "grand total"
            } else {
                "sector's subtotal"
            }
        ),
    };
    let what = changed_row(title);
    // A cell that was no number is not said to differ: it said nothing.
    let mut why = unread.map_or(why, |text| {
        format!("its cell `{text}` is not a number: the sum is written in its place")
    });
    if by_hand {
        why += "; the file splits this amount into parts: write them by hand to add up to it";
    }
    [what, why]
}

/// A breakdown's part as its column is named: `Năm 2025` under `Phân kỳ vốn viện trợ`.
fn part_column(label: &str, part: &str) -> String {
    match breakdown_label(label, part) {
        Some(label) => format!("`{}` under `{}`", short(part), short(label)),
        None => format!("`{}`", short(part)),
    }
}
