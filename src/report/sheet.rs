//! A report as a table of typed cells, rendered alike by every format: terminal table,
//! CSV, JSON and Markdown.

use crate::lang::Lang;
use crate::model::{Catalogue, MoneyColumn, Totals};
use crate::number::Convention;
use rust_decimal::Decimal;

/// What a column holds, which decides its alignment and formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Count,
    Amount,
    Percent,
    /// A small bar of a share, for people only.
    Bar,
}

#[derive(Debug, Clone)]
pub struct Column {
    /// The machine name: CSV header and JSON key.
    pub key: &'static str,
    /// The heading people read, in the chosen language.
    pub heading: String,
    pub kind: Kind,
    /// Shown in the terminal and Markdown only, not written for machines (CSV, JSON).
    pub for_people_only: bool,
    /// The unit of an amount column that a file is written in, after its name in a CSV
    /// header (`total (USD)`), where aidcat's reader finds it again.
    pub unit: Option<String>,
}

impl Column {
    pub fn new(key: &'static str, heading: impl Into<String>, kind: Kind) -> Self {
        Column {
            key,
            heading: heading.into(),
            kind,
            for_people_only: matches!(kind, Kind::Bar),
            unit: None,
        }
    }

    /// The column with its amounts in `unit`, named in its CSV header (a table for people
    /// states it in its title).
    pub fn in_unit(mut self, unit: Option<&str>) -> Self {
        self.unit = unit.map(str::to_owned);
        self
    }

    /// The CSV header: the machine name, and the unit where there is one.
    pub fn csv_header(&self) -> String {
        match &self.unit {
            Some(unit) => format!("{} ({unit})", self.key),
            None => self.key.to_owned(),
        }
    }

    pub fn for_people_only(mut self) -> Self {
        self.for_people_only = true;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(usize),
    /// `None` is an empty cell.
    Amount(Option<Decimal>),
    /// A percentage, `None` where it is undefined (a zero total).
    Percent(Option<Decimal>),
    /// A share from 0 to 1.
    Bar(Decimal),
    /// A cell left blank (e.g. the code of the total row).
    Blank,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Text(text.into())
    }
}

/// A report ready to render.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// A line above the table: what it shows, the province, the unit.
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The total row: shown to people, in JSON as `total`, never in CSV.
    pub total: Option<Vec<Cell>>,
    /// Lines under the table: marks explained, estimates declared.
    pub notes: Vec<String>,
    pub convention: Convention,
}

/// The convention a report writes its figures in: its files', where they agree; where
/// they differ (a roll-up of provinces), or where there is none, the one `lang` writes
/// figures in (`44.400` in Vietnamese, `44,400` in English).
pub fn figures_convention(
    conventions: impl IntoIterator<Item = Convention>,
    lang: Lang,
) -> Convention {
    let language = match lang {
        Lang::En => Convention::En,
        Lang::Vi => Convention::Vi,
    };
    let mut conventions = conventions.into_iter();
    let first = conventions.next().unwrap_or(language);
    match conventions.all(|c| c == first) {
        true => first,
        false => language,
    }
}

/// The total, aid and counterpart columns, headed in `lang`.
pub fn money_columns(lang: Lang) -> [Column; 3] {
    [
        Column::new("total", lang.pick("Total", "Tổng vốn"), Kind::Amount),
        Column::new("aid", lang.pick("Aid", "Vốn viện trợ"), Kind::Amount),
        Column::new(
            "counterpart",
            lang.pick("Counterpart", "Vốn đối ứng"),
            Kind::Amount,
        ),
    ]
}

/// Which of the total, aid and counterpart columns the catalogues have: a report leaves
/// one that none has empty rather than show it as zero.
pub fn money_given(catalogues: &[Catalogue]) -> [bool; 3] {
    MoneyColumn::ALL.map(|column| {
        catalogues.is_empty() || catalogues.iter().any(|c| c.columns.stated.gives(column))
    })
}

/// The total, aid and counterpart cells of `totals`, empty where `given` says no
/// catalogue has the column ([`money_given`]).
pub fn money_cells(given: [bool; 3], totals: &Totals) -> [Cell; 3] {
    MoneyColumn::ALL.map(|column| Cell::Amount(given[column as usize].then(|| column.of(totals))))
}

/// `part / whole` as a percentage with one decimal, `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    // The share first: a product of totals near the largest decimal would overflow.
    (!whole.is_zero()).then(|| (part / whole * Decimal::ONE_HUNDRED).round_dp(1))
}

/// `part / whole` as a share from 0 to 1 for a bar.
pub fn share(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        Decimal::ZERO
    } else {
        (part / whole).clamp(Decimal::ZERO, Decimal::ONE)
    }
}
