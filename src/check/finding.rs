//! A finding as data: the rule, the place, and what was found with its figures. Its text
//! is written at the edge, per language ([`crate::lang`]).

use super::hints::Hint;
use super::rules::Rule;
use crate::model::{BreakdownPart, FilePart, MoneyColumn, Shifted};
use crate::number::AmountError;
use crate::period::Period;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A sector as findings name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectorRef {
    pub code: Option<String>,
    pub name: String,
}

/// The row a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "row", rename_all = "kebab-case")]
pub enum Subject {
    Project {
        sector: SectorRef,
        number: Option<String>,
        name: String,
    },
    /// Component `index` (the project's own row is 1, its first component 2), or the
    /// part numbered `part` under the project (`1.2`).
    Component {
        sector: SectorRef,
        number: Option<String>,
        name: String,
        index: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        part: Option<String>,
    },
    SectorRow {
        sector: SectorRef,
    },
    /// A group of sectors' own row (`A LĨNH VỰC KINH TẾ` over sectors `I`, `II`).
    GroupRow {
        group: SectorRef,
    },
    GrandTotalRow,
}

/// What was found, with the figures and names its message needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FindingKind {
    NotANumber {
        text: String,
        label: String,
        reason: AmountError,
    },
    /// A breakdown's part (`Năm 2024` under `Phân kỳ vốn viện trợ`) that is no number:
    /// its row's parts and its column's sums are not compared.
    PartNotANumber {
        text: String,
        label: String,
        part: String,
        reason: AmountError,
    },
    /// A row of more cells than the header; `shifted`, its figures read further right,
    /// where they add up and its own do not.
    ExtraCells {
        cells: usize,
        header_cells: usize,
        shifted: Option<Shifted>,
    },
    /// A row of fewer cells than the header whose figures stand `shifted.by` cells left
    /// of their columns, and are read there: a cell merged across the columns before
    /// them.
    MissingCells {
        cells: usize,
        header_cells: usize,
        shifted: Shifted,
    },
    NoProjects,
    UnplacedRow,
    NegativeAmount {
        subject: Subject,
        column: MoneyColumn,
        value: Decimal,
    },
    RowSum {
        subject: Subject,
        total: Decimal,
        aid: Decimal,
        counterpart: Decimal,
    },
    /// A row's breakdown of an amount into columns beside it (`Phân kỳ vốn viện trợ`)
    /// whose parts do not add up to the amount. The row is named by its number and
    /// name as written: its breakdown is read with its cells, before its place.
    BreakdownSum {
        number: Option<String>,
        name: String,
        label: String,
        column: MoneyColumn,
        amount: Decimal,
        parts: Vec<BreakdownPart>,
        sum: Decimal,
    },
    /// A column of a breakdown (`Năm 2024` under `Phân kỳ vốn viện trợ`) on a row of
    /// sums (a sector's, a group's, the grand total, a project's over its parts) against
    /// that column's sum over the rows it sums.
    BreakdownColumnSum {
        subject: Subject,
        label: String,
        part: String,
        declared: Decimal,
        computed: Decimal,
    },
    DuplicateNumber {
        subject: Subject,
        number: String,
        sector: SectorRef,
        first_line: usize,
    },
    NoAmounts {
        subject: Subject,
        /// The file's one money column, where it has only one ([`crate::model::Stated::Only`]).
        #[serde(skip_serializing_if = "Option::is_none")]
        only: Option<MoneyColumn>,
    },
    PeriodUnreadable {
        subject: Subject,
        text: String,
    },
    /// A period that says how long (`36 tháng`), not which years.
    PeriodLength {
        subject: Subject,
        text: String,
    },
    PeriodReversed {
        subject: Subject,
        text: String,
        start: u16,
        end: u16,
    },
    PeriodYearAsDate {
        subject: Subject,
        text: String,
        period: Period,
    },
    PeriodOutsideProgramme {
        subject: Subject,
        period: Period,
        programme: Period,
    },
    ProjectSum {
        subject: Subject,
        column: MoneyColumn,
        declared: Decimal,
        computed: Decimal,
        formula: Option<String>,
    },
    SectorSum {
        sector: SectorRef,
        column: MoneyColumn,
        declared: Decimal,
        computed: Decimal,
        formula: Option<String>,
    },
    GroupSum {
        group: SectorRef,
        column: MoneyColumn,
        declared: Decimal,
        computed: Decimal,
        formula: Option<String>,
    },
    /// A row of a workbook's sheet (a document's table) of totals by sector (`Tổng
    /// hợp`), named `sector`, against the sum of that sector's projects: on its sheet, in
    /// its table, or under its row in the catalogue on `part`.
    SheetTotals {
        sector: String,
        #[serde(flatten)]
        part: FilePart,
        column: MoneyColumn,
        declared: Decimal,
        computed: Decimal,
    },
    /// The same row's count of projects (`Số dự án`) against that sector's projects.
    SheetCount {
        sector: String,
        #[serde(flatten)]
        part: FilePart,
        declared: u64,
        counted: u64,
    },
    /// The grand total's count of projects on the same table against the projects of
    /// every sector's sheet (table).
    TotalsCount {
        declared: u64,
        counted: u64,
    },
    GrandTotal {
        column: MoneyColumn,
        declared: Decimal,
        computed: Decimal,
        formula: Option<String>,
        /// When the grand total matches the declared subtotals: the sectors (and the
        /// lines of their rows) whose subtotals differ from their projects.
        origins: Vec<(SectorRef, usize)>,
    },
    GrandTotalSubtotals {
        column: MoneyColumn,
        declared: Decimal,
        computed: Decimal,
        formula: Option<String>,
        /// When the grand total matches the sum of all projects: the sectors (and the
        /// lines of their rows) whose subtotals differ from their projects.
        origins: Vec<(SectorRef, usize)>,
    },
}

impl FindingKind {
    pub fn rule(&self) -> Rule {
        match self {
            FindingKind::NotANumber { .. } => Rule::NotANumber,
            FindingKind::PartNotANumber { .. } => Rule::PartNotANumber,
            FindingKind::ExtraCells { .. } => Rule::ExtraCells,
            FindingKind::MissingCells { .. } => Rule::MissingCells,
            FindingKind::NoProjects => Rule::NoProjects,
            FindingKind::UnplacedRow => Rule::UnplacedRow,
            FindingKind::NegativeAmount { .. } => Rule::NegativeAmount,
            FindingKind::RowSum { .. } => Rule::RowSum,
            FindingKind::BreakdownSum { .. } => Rule::BreakdownSum,
            FindingKind::BreakdownColumnSum { .. } => Rule::BreakdownColumnSum,
            FindingKind::DuplicateNumber { .. } => Rule::DuplicateNumber,
            FindingKind::NoAmounts { .. } => Rule::NoAmounts,
            FindingKind::PeriodUnreadable { .. } | FindingKind::PeriodLength { .. } => {
                Rule::PeriodUnreadable
            }
            FindingKind::PeriodReversed { .. } => Rule::PeriodReversed,
            FindingKind::PeriodYearAsDate { .. } => Rule::PeriodYearAsDate,
            FindingKind::PeriodOutsideProgramme { .. } => Rule::PeriodOutsideProgramme,
            FindingKind::ProjectSum { .. } => Rule::ProjectSum,
            FindingKind::SectorSum { .. } => Rule::SectorSum,
            FindingKind::GroupSum { .. } => Rule::GroupSum,
            FindingKind::SheetTotals { .. } => Rule::SheetTotals,
            FindingKind::SheetCount { .. } | FindingKind::TotalsCount { .. } => Rule::SheetCount,
            FindingKind::GrandTotal { .. } => Rule::GrandTotal,
            FindingKind::GrandTotalSubtotals { .. } => Rule::GrandTotalSubtotals,
        }
    }

    /// The declared and computed figures, where the finding compares two.
    pub fn figures(&self) -> Option<(Decimal, Decimal)> {
        match self {
            FindingKind::RowSum {
                total,
                aid,
                counterpart,
                ..
            } => Some((*total, aid + counterpart)),
            FindingKind::BreakdownSum { amount, sum, .. } => Some((*amount, *sum)),
            FindingKind::SheetCount {
                declared, counted, ..
            }
            | FindingKind::TotalsCount { declared, counted } => {
                Some(((*declared).into(), (*counted).into()))
            }
            FindingKind::ProjectSum {
                declared, computed, ..
            }
            | FindingKind::BreakdownColumnSum {
                declared, computed, ..
            }
            | FindingKind::SectorSum {
                declared, computed, ..
            }
            | FindingKind::GroupSum {
                declared, computed, ..
            }
            | FindingKind::SheetTotals {
                declared, computed, ..
            }
            | FindingKind::GrandTotal {
                declared, computed, ..
            }
            | FindingKind::GrandTotalSubtotals {
                declared, computed, ..
            } => Some((*declared, *computed)),
            _ => None,
        }
    }
}

/// One finding: a rule broken at a place. Figures are exact decimals (JSON strings), in
/// the file's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub rule: Rule,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The cell reference (`Sheet1!G22`) when the file is a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The finding in words, in the report's language; written at report time.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Decimal>,
    /// What was found, with its figures, for programs.
    pub details: FindingKind,
    /// Likely causes, where the figures support one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<HintNote>,
}

/// A hint with its words, written at report time like the finding's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HintNote {
    pub message: String,
    #[serde(flatten)]
    pub hint: Hint,
}

impl Finding {
    /// The columns of a row that does not add up whose figures look misread as decimals
    /// (the figures its [`Hint::ThousandsAsDecimals`] names), or all three of a row whose
    /// figures add up read further right ([`Shifted`]); none for other findings.
    pub fn misread_columns(&self) -> Vec<MoneyColumn> {
        if self.is_shifted_row() {
            return MoneyColumn::ALL.to_vec();
        }
        let FindingKind::RowSum {
            total,
            aid,
            counterpart,
            ..
        } = self.details
        else {
            return Vec::new();
        };
        let misread = self.hints.iter().find_map(|note| match &note.hint {
            Hint::ThousandsAsDecimals { figures } => Some(figures),
            _ => None,
        });
        let row = [total, aid, counterpart];
        (MoneyColumn::ALL.into_iter())
            .filter(|&column| {
                misread.is_some_and(|figures| figures.contains(&row[column as usize]))
            })
            .collect()
    }

    /// Is this a row whose figures add up read further right than their columns
    /// ([`Shifted`]): its cells are not where the header's columns are?
    pub fn is_shifted_row(&self) -> bool {
        matches!(
            self.details,
            FindingKind::ExtraCells {
                shifted: Some(_),
                ..
            }
        )
    }

    /// Is this a row whose figures do not stand in their columns, split right
    /// ([`Finding::is_shifted_row`]) or merged left ([`FindingKind::MissingCells`])? No
    /// corrected figure can be written in its cells.
    pub fn is_off_its_columns(&self) -> bool {
        self.is_shifted_row() || matches!(self.details, FindingKind::MissingCells { .. })
    }

    pub fn new(kind: FindingKind, line: usize, column: Option<usize>) -> Self {
        let rule = kind.rule();
        let figures = kind.figures();
        Finding {
            severity: rule.severity(),
            rule,
            line,
            column,
            cell: None,
            message: String::new(),
            declared: figures.map(|(d, _)| d.normalize()),
            computed: figures.map(|(_, c)| c.normalize()),
            difference: figures.map(|(d, c)| (d - c).normalize()),
            details: kind,
            hints: Vec::new(),
        }
    }
}
