//! Check: the funding arithmetic at every level, and the cells it rests on.
//!
//! Each rule compares a figure the file declares with what its rows compute, and reports
//! the line, the declared and computed figures and the difference in the file's unit and
//! number convention.

mod finding;
pub mod stream;

pub use finding::{Finding, Severity};

use crate::model::{Amounts, Catalogue, Declared, MoneyColumn, Project, Sector, Totals};
use crate::number::{Convention, format_grouped};
use crate::period::{self, PeriodError};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Runs every rule on a catalogue; findings come in line order.
pub fn check(catalogue: &Catalogue) -> Vec<Finding> {
    let mut checker = Checker {
        catalogue,
        money: Money {
            convention: catalogue.convention(),
            unit: catalogue.metadata.unit.clone(),
        },
        findings: Vec::new(),
    };
    checker.bad_cells();
    checker.layout();
    for sector in &catalogue.sectors {
        checker.sector(sector);
    }
    checker.grand_total();
    let mut findings = checker.findings;
    findings.sort_by_key(|f| f.line);
    findings
}

/// Formats amounts the way the file writes them, with its unit.
struct Money {
    convention: Convention,
    unit: Option<String>,
}

impl Money {
    fn amount(&self, value: Decimal) -> String {
        format_grouped(value, self.convention)
    }

    fn difference(&self, value: Decimal) -> String {
        let sign = if value > Decimal::ZERO { "+" } else { "" };
        match &self.unit {
            Some(unit) => format!("{sign}{} {unit}", self.amount(value)),
            None => format!("{sign}{}", self.amount(value)),
        }
    }
}

/// A name shortened for a message.
fn short(name: &str) -> String {
    const LIMIT: usize = 60;
    if name.chars().count() <= LIMIT {
        name.to_owned()
    } else {
        format!("{}…", name.chars().take(LIMIT - 1).collect::<String>())
    }
}

fn project_label(sector: &Sector, project: &Project) -> String {
    let number = match (&sector.code, &project.number) {
        (Some(code), Some(number)) => format!(" {code}.{number}"),
        (None, Some(number)) => format!(" {number}"),
        _ => String::new(),
    };
    format!("project{number} `{}`", short(&project.name))
}

fn sector_label(sector: &Sector) -> String {
    match &sector.code {
        Some(code) => format!("sector {code} `{}`", short(&sector.name)),
        None => format!("sector `{}`", short(&sector.name)),
    }
}

struct Checker<'c> {
    catalogue: &'c Catalogue,
    money: Money,
    findings: Vec<Finding>,
}

impl Checker<'_> {
    fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn bad_cells(&mut self) {
        for cell in &self.catalogue.bad_cells {
            self.push(
                Finding::error(
                    "not-a-number",
                    cell.line,
                    format!(
                        "`{}` in column `{}` {}; expected an amount such as {} or an empty cell",
                        short(&cell.text),
                        cell.label,
                        cell.reason,
                        match self.money.convention {
                            Convention::Vi => "`132.716` or `38.305,31`",
                            Convention::En => "`132,716` or `38305.31`",
                        }
                    ),
                )
                .at(Some(cell.column)),
            );
        }
    }

    /// Rows the reader could only partly take, and a file with nothing to check.
    fn layout(&mut self) {
        for row in &self.catalogue.ragged_rows {
            self.push(Finding::warning(
                "extra-cells",
                row.line,
                format!(
                    "the row has {} cells but the header only {}; the text beyond column {} is not read",
                    row.cells, row.header_cells, row.header_cells
                ),
            ));
        }
        if self.catalogue.project_count() == 0 {
            self.push(Finding::error(
                "no-projects",
                self.catalogue.header_line,
                "the file has a header but no project rows: nothing to check; is it the right file or sheet?"
                    .to_owned(),
            ));
        }
    }

    /// total = aid + counterpart on one row, and no negative figure. A row with a cell
    /// that is not a number is left to `not-a-number`, not reported twice.
    fn row_identity(&mut self, what: &str, line: usize, amounts: &Amounts) {
        if amounts.is_blank() || self.catalogue.bad_cells.iter().any(|c| c.line == line) {
            return;
        }
        for column in MoneyColumn::ALL {
            let value = column.of(&amounts.or_zero());
            if value < Decimal::ZERO {
                let finding = Finding::error(
                    "negative-amount",
                    line,
                    format!(
                        "{what}: {} is negative ({}); amounts cannot be below zero",
                        column.name(),
                        self.money.amount(value)
                    ),
                );
                self.push(finding.at(self.catalogue.columns.money(column)));
            }
        }
        let figures = amounts.or_zero();
        let computed = figures.aid + figures.counterpart;
        if figures.total != computed {
            let message = format!(
                "{what}: total {} but aid {} + counterpart {} = {}; off by {}",
                self.money.amount(figures.total),
                self.money.amount(figures.aid),
                self.money.amount(figures.counterpart),
                self.money.amount(computed),
                self.money.difference(figures.total - computed)
            );
            let total_column = self.catalogue.columns.money(MoneyColumn::Total);
            self.push(
                Finding::error("row-sum", line, message)
                    .figures(figures.total, computed)
                    .at(total_column),
            );
        }
    }

    fn sector(&mut self, sector: &Sector) {
        let mut numbers: HashMap<&str, usize> = HashMap::new();
        for project in &sector.projects {
            self.project(sector, project);
            if let Some(number) = project.number.as_deref()
                && let Some(first) = numbers.insert(number, project.line)
            {
                numbers.insert(number, first);
                let finding = Finding::warning(
                    "duplicate-number",
                    project.line,
                    format!(
                        "{}: number {number} is already used in {} at line {first}",
                        project_label(sector, project),
                        sector_label(sector)
                    ),
                );
                self.push(finding.at(self.catalogue.columns.number));
            }
        }
        if let Some(declared) = &sector.declared {
            let what = sector_label(sector);
            self.row_identity(&format!("{what} row"), declared.line, &declared.amounts);
            self.compare_declared(
                "sector-sum",
                declared,
                sector.totals(),
                &format!("{what}: declared"),
                "the sum of its projects",
                |_| String::new(),
            );
        }
    }

    fn project(&mut self, sector: &Sector, project: &Project) {
        let label = project_label(sector, project);
        self.row_identity(&label, project.line, &project.amounts);
        for (index, component) in project.components.iter().enumerate() {
            let what = format!("{label}, component {}", index + 2);
            self.row_identity(&what, component.line, &component.amounts);
        }
        if project.has_no_amounts() {
            let finding = Finding::warning(
                "no-amounts",
                project.line,
                format!("{label} has no amounts: total, aid and counterpart are all empty"),
            );
            self.push(finding.at(self.catalogue.columns.money(MoneyColumn::Total)));
        }
        self.period(&label, project);
    }

    fn period(&mut self, label: &str, project: &Project) {
        let programme = self.catalogue.metadata.period;
        let finding = match period::parse(&project.period) {
            Ok(None) => None,
            Ok(Some(span)) => programme.filter(|p| !p.contains(span)).map(|programme| {
                Finding::warning(
                    "period-outside-programme",
                    project.line,
                    format!(
                        "{label}: period {span} falls outside the programme period {programme}"
                    ),
                )
            }),
            Err(PeriodError::Reversed { start, end }) => Some(Finding::warning(
                "period-reversed",
                project.line,
                format!(
                    "{label}: period `{}` ends ({end}) before it starts ({start})",
                    project.period
                ),
            )),
            Err(PeriodError::Unreadable) => Some(Finding::warning(
                "period-unreadable",
                project.line,
                format!(
                    "{label}: cannot read the period `{}`; expected years such as `2021-2025` or `2023`",
                    short(&project.period)
                ),
            )),
        };
        if let Some(finding) = finding {
            self.push(finding.at(self.catalogue.columns.period));
        }
    }

    /// One finding per money column where a declared row differs from `computed`.
    fn compare_declared(
        &mut self,
        rule: &'static str,
        declared: &Declared,
        computed: Totals,
        what: &str,
        against: &str,
        explain: impl Fn(MoneyColumn) -> String,
    ) {
        let stated = declared.amounts.or_zero();
        for column in MoneyColumn::ALL {
            let (stated, computed) = (column.of(&stated), column.of(&computed));
            if stated != computed {
                // A workbook formula that claims this figure is named with it.
                let formula = declared.formulas[column as usize]
                    .as_deref()
                    .map(|f| format!(" (the cell's formula {f})"))
                    .unwrap_or_default();
                let message = format!(
                    "{what} {} {}{formula} but {against} is {}; off by {}{}",
                    column.name(),
                    self.money.amount(stated),
                    self.money.amount(computed),
                    self.money.difference(stated - computed),
                    explain(column)
                );
                let at = self.catalogue.columns.money(column);
                self.push(
                    Finding::error(rule, declared.line, message)
                        .figures(stated, computed)
                        .at(at),
                );
            }
        }
    }

    fn grand_total(&mut self) {
        let Some(declared) = &self.catalogue.grand_total else {
            return;
        };
        self.row_identity("grand total row", declared.line, &declared.amounts);
        let sectors = &self.catalogue.sectors;
        let subtotals: Option<Totals> = sectors
            .iter()
            .map(|s| s.declared.as_ref().map(|d| d.amounts.or_zero()))
            .sum();
        let stated = declared.amounts.or_zero();
        // Where the grand total agrees with the subtotals, the mistake lies in the
        // sectors whose subtotals differ from their projects: name them.
        let explain = |column: MoneyColumn| -> String {
            let Some(subtotals) = subtotals else {
                return String::new();
            };
            if column.of(&subtotals) != column.of(&stated) {
                return String::new();
            }
            let origins: Vec<String> = sectors
                .iter()
                .filter_map(|s| {
                    let d = s.declared.as_ref()?;
                    (column.of(&d.amounts.or_zero()) != column.of(&s.totals())).then(|| {
                        format!("{} (line {})", s.code.as_deref().unwrap_or(&s.name), d.line)
                    })
                })
                .collect();
            if origins.is_empty() {
                return String::new();
            }
            format!(
                "; it matches the declared sector subtotals, so the difference comes from sector {}",
                origins.join(", ")
            )
        };
        self.compare_declared(
            "grand-total",
            declared,
            self.catalogue.totals(),
            "grand total: declared",
            "the sum of all projects",
            explain,
        );
        if let Some(subtotals) = subtotals {
            self.compare_declared(
                "grand-total-subtotals",
                declared,
                subtotals,
                "grand total: declared",
                "the sum of the declared sector subtotals",
                |_| String::new(),
            );
        }
    }
}
