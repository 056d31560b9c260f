//! The rule registry: every rule `check` applies, declared once with its id, severity
//! and what it checks. The README's rule table is tested against this list.

use super::Severity;
use serde::Serialize;

/// A rule of `check`. Its id is what findings, JSON and the README name it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum Rule {
    RowSum,
    BreakdownSum,
    BreakdownColumnSum,
    ProjectSum,
    SectorSum,
    GroupSum,
    GrandTotal,
    GrandTotalSubtotals,
    SheetTotals,
    SheetCount,
    NotANumber,
    PartNotANumber,
    NegativeAmount,
    NoAmounts,
    DuplicateNumber,
    PeriodUnreadable,
    PeriodReversed,
    PeriodYearAsDate,
    PeriodOutsideProgramme,
    ExtraCells,
    MissingCells,
    NoProjects,
    UnplacedRow,
}

impl From<Rule> for &'static str {
    fn from(rule: Rule) -> &'static str {
        rule.id()
    }
}

/// id, severity, what the rule checks.
type Declaration = (&'static str, Severity, &'static str);

impl Rule {
    pub const ALL: [Rule; 23] = [
        Rule::RowSum,
        Rule::BreakdownSum,
        Rule::BreakdownColumnSum,
        Rule::ProjectSum,
        Rule::SectorSum,
        Rule::GroupSum,
        Rule::GrandTotal,
        Rule::GrandTotalSubtotals,
        Rule::SheetTotals,
        Rule::SheetCount,
        Rule::NotANumber,
        Rule::PartNotANumber,
        Rule::NegativeAmount,
        Rule::NoAmounts,
        Rule::DuplicateNumber,
        Rule::PeriodUnreadable,
        Rule::PeriodReversed,
        Rule::PeriodYearAsDate,
        Rule::PeriodOutsideProgramme,
        Rule::ExtraCells,
        Rule::MissingCells,
        Rule::NoProjects,
        Rule::UnplacedRow,
    ];

    fn declaration(self) -> Declaration {
        use Severity::{Error, Warning};
        match self {
            Rule::RowSum => (
                "row-sum",
                Error,
                "a project, component, sector or grand-total row: total = aid + counterpart",
            ),
            Rule::BreakdownSum => (
                "breakdown-sum",
                Error,
                "a row's amount broken down into columns beside it (by year under `Phân kỳ vốn viện trợ`, by source under `Trong đó` beside `Vốn đối ứng`): its parts against the amount",
            ),
            Rule::BreakdownColumnSum => (
                "breakdown-column-sum",
                Error,
                "a breakdown's column (`Năm 2024` under `Phân kỳ vốn viện trợ`) on a sector, group or grand-total row, or a project row above its parts: its figure against that column's sum over the rows it sums",
            ),
            Rule::ProjectSum => (
                "project-sum",
                Error,
                "a project row above its parts (rows `1.1`, `1.2` under `1`, or rows without a number that break it down): its declared figures against the sums of its parts",
            ),
            Rule::SectorSum => (
                "sector-sum",
                Error,
                "a sector row's declared total, aid and counterpart against the sums of its projects (components included)",
            ),
            Rule::GroupSum => (
                "group-sum",
                Error,
                "a group row above sectors (`A` over `I`, `II`): its declared figures against the sums of its sectors' projects",
            ),
            Rule::SheetTotals => (
                "sheet-totals",
                Error,
                "a sheet (table) of totals by sector (`Tổng hợp`, a row a sector) beside a workbook's sheets of one sector each (a document's tables), or beside a catalogue under its sector rows: each of its rows against the sums of its sector's projects (on the sheet, in the table, named or titled after it; under its sector's row)",
            ),
            Rule::SheetCount => (
                "sheet-count",
                Error,
                "the same sheet (table) of totals: each row's count of projects (`Số dự án`) against the projects its sector's sheet (table) lists, and its grand total's against all of theirs",
            ),
            Rule::GrandTotal => (
                "grand-total",
                Error,
                "the grand total against the sum of all projects; when it matches the declared subtotals instead, the message names the sectors the difference comes from",
            ),
            Rule::GrandTotalSubtotals => (
                "grand-total-subtotals",
                Error,
                "the grand total against the sum of the declared sector subtotals; when it matches the sum of all projects instead, the message names the sectors whose subtotals the difference comes from",
            ),
            Rule::NotANumber => (
                "not-a-number",
                Error,
                "a money cell that is not a number in the file's convention (words, `1.2.3,4,5`, more than 18 whole digits, a formula's error value such as `#REF!`)",
            ),
            Rule::PartNotANumber => (
                "part-not-a-number",
                Warning,
                "a breakdown's part (`Năm 2024` under `Phân kỳ vốn viện trợ`) that is not a number (`chưa rõ`): its row's parts are not added up against the amount, nor its column's sums compared",
            ),
            Rule::NegativeAmount => ("negative-amount", Error, "an amount below zero"),
            Rule::NoAmounts => (
                "no-amounts",
                Warning,
                "a project whose total, aid and counterpart are all empty (in a list with one money column: that one)",
            ),
            Rule::DuplicateNumber => (
                "duplicate-number",
                Warning,
                "a project number used twice within a sector",
            ),
            Rule::PeriodUnreadable => (
                "period-unreadable",
                Warning,
                "a period that is not years such as `2021-2025`, `2020 - 2025`, `2023` (or is only a length: `36 tháng`)",
            ),
            Rule::PeriodReversed => (
                "period-reversed",
                Warning,
                "a period that ends before it starts",
            ),
            Rule::PeriodYearAsDate => (
                "period-year-as-date",
                Warning,
                "a year typed into a cell formatted as a date, which shows it as a day of 1905 (`15/07/1905` for 2023): read as that year",
            ),
            Rule::PeriodOutsideProgramme => (
                "period-outside-programme",
                Warning,
                "a period outside the programme period",
            ),
            Rule::ExtraCells => (
                "extra-cells",
                Warning,
                "a row of more cells than the header: text beyond its last column, which is not read, or figures that add up only read further right (a cell split by a separator not in quotes)",
            ),
            Rule::MissingCells => (
                "missing-cells",
                Warning,
                "a row of fewer cells than the header, none where its money columns are, whose last cells are figures: a cell merged across the columns before them (a sector's name over the owner's, place's and period's, as Word saves a table as text); its figures are read from where they stand",
            ),
            Rule::NoProjects => (
                "no-projects",
                Error,
                "a file with a header but no project rows: nothing to check",
            ),
            Rule::UnplacedRow => (
                "unplaced-row",
                Error,
                "a row of the published layout with no number and no project name where no project stands above it: it is not read",
            ),
        }
    }

    pub fn id(self) -> &'static str {
        self.declaration().0
    }

    pub fn severity(self) -> Severity {
        self.declaration().1
    }

    /// What the rule checks, in one line.
    pub fn doc(self) -> &'static str {
        self.declaration().2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table lists every rule, with its severity and doc, in this order.
    #[test]
    fn the_readme_rule_table_is_the_registry() {
        let readme = include_str!("../../README.md");
        let table: Vec<&str> = readme
            .lines()
            .skip_while(|l| !l.starts_with("| rule | severity |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let expected: Vec<String> = Rule::ALL
            .iter()
            .map(|r| format!("| `{}` | {} | {} |", r.id(), r.severity(), r.doc()))
            .collect();
        assert_eq!(table, expected);
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }
}
