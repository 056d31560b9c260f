//! The catalogue as aidcat understands it, whatever layout it came in.

use crate::number::{AmountError, Convention, NumberFormat};
use crate::period::Period;
use crate::read::{LegacyFont, LineStyle, TextEncoding};
use rust_decimal::Decimal;
use serde::Serialize;
use std::ops::Sub;

/// How the file laid the catalogue out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// As published: title lines, sector rows with subtotals, components, a grand total.
    Published,
    /// One row per project with a sector column.
    Tidy,
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Layout::Published => "published",
            Layout::Tidy => "tidy",
        })
    }
}

/// The three money columns of a row as written; `None` is an empty cell or `-`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Amounts {
    pub total: Option<Decimal>,
    pub aid: Option<Decimal>,
    pub counterpart: Option<Decimal>,
}

impl Amounts {
    /// The cell of one money column, if it holds an amount.
    pub fn get(&self, column: MoneyColumn) -> Option<Decimal> {
        match column {
            MoneyColumn::Total => self.total,
            MoneyColumn::Aid => self.aid,
            MoneyColumn::Counterpart => self.counterpart,
        }
    }

    /// The cell of one money column, to write.
    pub fn get_mut(&mut self, column: MoneyColumn) -> &mut Option<Decimal> {
        match column {
            MoneyColumn::Total => &mut self.total,
            MoneyColumn::Aid => &mut self.aid,
            MoneyColumn::Counterpart => &mut self.counterpart,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.total.is_none() && self.aid.is_none() && self.counterpart.is_none()
    }

    /// The amounts with `column`, which the file leaves out, taken from the other two
    /// (total = aid + counterpart; an empty cell of those two counts as zero); none where
    /// both are empty.
    pub fn derive(self, column: MoneyColumn) -> Amounts {
        let (total, aid, counterpart) = (self.total, self.aid, self.counterpart);
        let zero = Decimal::ZERO;
        let from = |a: Option<Decimal>,
                    b: Option<Decimal>,
                    op: fn(Decimal, Decimal) -> Option<Decimal>| {
            (a.is_some() || b.is_some())
                .then(|| op(a.unwrap_or(zero), b.unwrap_or(zero)))
                .flatten()
        };
        match column {
            MoneyColumn::Total => Amounts {
                total: from(aid, counterpart, Decimal::checked_add),
                ..self
            },
            MoneyColumn::Aid => Amounts {
                aid: from(total, counterpart, Decimal::checked_sub),
                ..self
            },
            MoneyColumn::Counterpart => Amounts {
                counterpart: from(total, aid, Decimal::checked_sub),
                ..self
            },
        }
    }

    /// The figures with empty cells counted as zero.
    pub fn or_zero(&self) -> Totals {
        Totals {
            total: self.total.unwrap_or_default(),
            aid: self.aid.unwrap_or_default(),
            counterpart: self.counterpart.unwrap_or_default(),
        }
    }
}

/// Exact sums of the three money columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub total: Decimal,
    pub aid: Decimal,
    pub counterpart: Decimal,
}

impl Totals {
    /// The sum, or `None` past what a decimal holds (sums of converted amounts can get
    /// there: an amount in tỷ đồng written in đồng has nine more digits). Converted
    /// amounts are rounded already: their sums may drop decimal places too.
    pub fn checked_add(self, other: Totals) -> Option<Totals> {
        Some(Totals {
            total: self.total.checked_add(other.total)?,
            aid: self.aid.checked_add(other.aid)?,
            counterpart: self.counterpart.checked_add(other.counterpart)?,
        })
    }

    /// The exact sum, or `None` where it needs more digits than a decimal holds.
    pub fn exact_plus(self, other: Totals) -> Option<Totals> {
        Some(Totals {
            total: exact_sum(self.total, other.total)?,
            aid: exact_sum(self.aid, other.aid)?,
            counterpart: exact_sum(self.counterpart, other.counterpart)?,
        })
    }

    /// The exact sum of `all`, or `None` where it needs more digits than a decimal holds.
    pub fn exact_total(all: impl IntoIterator<Item = Totals>) -> Option<Totals> {
        all.into_iter()
            .try_fold(Totals::default(), Totals::exact_plus)
    }

    /// Adds `more` where the sums are exact; false (and nothing added) where one is not.
    pub fn add_exact(&mut self, more: Totals) -> bool {
        match self.exact_plus(more) {
            Some(sum) => {
                *self = sum;
                true
            }
            None => false,
        }
    }
}

/// Exact sums of the three money columns as they run: each column an integer of units at
/// the finest scale added so far, made a decimal once, at the end. A decimal's own sum
/// aligns the scales of its two figures and checks its digits at every addition; over a
/// file of a million projects that was a twentieth of `summary`'s work.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunningTotals {
    columns: [RunningSum; 3],
}

impl RunningTotals {
    pub fn of(totals: Totals) -> Self {
        let mut running = RunningTotals::default();
        running.add(totals);
        running
    }

    #[inline]
    pub fn add(&mut self, totals: Totals) {
        let figures = [totals.total, totals.aid, totals.counterpart];
        for (sum, figure) in self.columns.iter_mut().zip(figures) {
            sum.add(figure.mantissa(), figure.scale());
        }
    }

    /// Adds sums run apart (a later range's).
    pub fn merge(&mut self, other: RunningTotals) {
        for (sum, other) in self.columns.iter_mut().zip(other.columns) {
            sum.merge(other);
        }
    }

    /// The sums, or `None` where one needs more digits than a decimal holds (see
    /// [`exact_sum`]).
    pub fn totals(&self) -> Option<Totals> {
        let [total, aid, counterpart] = self.columns.map(|sum| sum.value());
        Some(Totals {
            total: total?,
            aid: aid?,
            counterpart: counterpart?,
        })
    }
}

/// Scales whose figures a [`RunningSum`] sums apart, each as it comes, with no scaling:
/// whole figures and up to three places, which most amounts have.
const SCALES_APART: usize = 4;

/// One column of [`RunningTotals`]: the figures of each usual scale summed apart (one
/// addition a figure), those of finer scales in one sum at the finest
/// ([`ScaledSum`]); made one decimal at the end, at the finest scale added.
#[derive(Debug, Clone, Copy, Default)]
struct RunningSum {
    /// `by_scale[s]`: the units of the figures of scale `s`.
    by_scale: [i128; SCALES_APART],
    /// The finest scale added to `by_scale`.
    scale: u32,
    finer: ScaledSum,
}

impl RunningSum {
    #[inline]
    fn add(&mut self, units: i128, scale: u32) {
        if scale as usize >= SCALES_APART {
            self.finer.add(units, scale);
            return;
        }
        self.scale = self.scale.max(scale);
        self.add_apart(scale as usize, units);
    }

    /// Adds `units` to the figures of scale `scale` summed apart.
    #[inline]
    fn add_apart(&mut self, scale: usize, units: i128) {
        // A part past an `i128` refuses the whole sum: one flag serves all parts.
        match self.by_scale[scale].checked_add(units) {
            Some(added) => self.by_scale[scale] = added,
            None => self.finer.overflowed = true,
        }
    }

    /// Adds a sum run apart (a later range's).
    fn merge(&mut self, other: RunningSum) {
        for (scale, units) in other.by_scale.into_iter().enumerate() {
            self.add_apart(scale, units);
        }
        self.scale = self.scale.max(other.scale);
        self.finer.overflowed |= other.finer.overflowed;
        self.finer.add(other.finer.units, other.finer.scale);
    }

    fn value(self) -> Option<Decimal> {
        let mut sum = self.finer;
        let used = self.by_scale.into_iter().take(self.scale as usize + 1);
        for (scale, units) in (0u32..).zip(used) {
            sum.add(units, scale);
        }
        sum.value()
    }
}

/// Figures summed at one scale: `units` at `scale`, the finest added; `overflowed` once an
/// `i128` could not hold them (no decimal could).
#[derive(Debug, Clone, Copy, Default)]
struct ScaledSum {
    units: i128,
    scale: u32,
    overflowed: bool,
}

impl ScaledSum {
    fn add(&mut self, units: i128, scale: u32) {
        if scale > self.scale {
            let finer = scaled_up(self.units, scale - self.scale);
            self.overflowed |= finer.is_none();
            self.units = finer.unwrap_or(0);
            self.scale = scale;
        }
        match scaled_up(units, self.scale - scale).and_then(|u| self.units.checked_add(u)) {
            Some(sum) => self.units = sum,
            None => self.overflowed = true,
        }
    }

    fn value(self) -> Option<Decimal> {
        if self.overflowed {
            return None;
        }
        Decimal::try_from_i128_with_scale(self.units, self.scale).ok()
    }
}

/// `units` times ten to the power `by`, where an `i128` holds it.
#[inline]
fn scaled_up(units: i128, by: u32) -> Option<i128> {
    const POWERS: [i128; 10] = [
        1,
        10,
        100,
        1_000,
        10_000,
        100_000,
        1_000_000,
        10_000_000,
        100_000_000,
        1_000_000_000,
    ];
    match POWERS.get(by as usize) {
        // Under 2^97, times 10^9 at most (under 2^30), cannot overflow: no check.
        Some(&power) if units.unsigned_abs() < 1 << 97 => Some(units * power),
        _ => units.checked_mul(10i128.checked_pow(by)?),
    }
}

/// `a + b`, or `None` where the sum needs more digits than a decimal holds (about 28):
/// `Decimal`'s own addition then drops decimal places, rounding, and a total must be exact.
/// Otherwise it keeps the finer scale of the two, but where one is zero (the other is
/// the sum, as it is).
pub fn exact_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    let kept = sum.scale() >= a.scale().max(b.scale());
    (kept || a.is_zero() || b.is_zero() || sum.is_zero()).then_some(sum)
}

impl Sub for Totals {
    type Output = Totals;
    fn sub(self, other: Totals) -> Totals {
        Totals {
            total: self.total - other.total,
            aid: self.aid - other.aid,
            counterpart: self.counterpart - other.counterpart,
        }
    }
}

/// One of the three money columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MoneyColumn {
    Total,
    Aid,
    Counterpart,
}

impl MoneyColumn {
    pub const ALL: [MoneyColumn; 3] = [
        MoneyColumn::Total,
        MoneyColumn::Aid,
        MoneyColumn::Counterpart,
    ];

    pub fn of(self, totals: &Totals) -> Decimal {
        match self {
            MoneyColumn::Total => totals.total,
            MoneyColumn::Aid => totals.aid,
            MoneyColumn::Counterpart => totals.counterpart,
        }
    }

    /// The column's bit in a mask of money columns.
    pub fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The other two columns, in order.
    pub fn others(self) -> [MoneyColumn; 2] {
        match self {
            MoneyColumn::Total => [MoneyColumn::Aid, MoneyColumn::Counterpart],
            MoneyColumn::Aid => [MoneyColumn::Total, MoneyColumn::Counterpart],
            MoneyColumn::Counterpart => [MoneyColumn::Total, MoneyColumn::Aid],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            MoneyColumn::Total => "total",
            MoneyColumn::Aid => "aid",
            MoneyColumn::Counterpart => "counterpart",
        }
    }
}

/// A further component of a project: a row with no number right after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Component<S = String> {
    pub line: usize,
    /// The number of a part numbered under its project (`1.2`); none for a component
    /// row without one.
    pub number: Option<S>,
    pub content: S,
    pub note: S,
    pub amounts: Amounts,
}

impl<S> Component<S> {
    /// The same component with its text turned by `text`.
    fn map_text<'s, T>(&'s self, text: impl Fn(&'s S) -> T) -> Component<T> {
        Component {
            line: self.line,
            number: self.number.as_ref().map(&text),
            content: text(&self.content),
            note: text(&self.note),
            amounts: self.amounts,
        }
    }
}

impl Component {
    pub fn view(&self) -> Component<&str> {
        self.map_text(String::as_str)
    }
}

/// A project with its components. Its text is owned (`Project`, in the model) or borrowed
/// from the row it was read from (`ProjectView`, what sinks are handed: a project read
/// from a large file costs no allocation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Project<S = String> {
    pub line: usize,
    /// The number within its sector (STT), as written.
    pub number: Option<S>,
    pub name: S,
    pub owner: S,
    pub location: S,
    /// The implementation period as written; `check` reads it.
    pub period: S,
    pub content: S,
    pub note: S,
    /// Set when the file has a province column.
    pub province: Option<S>,
    pub amounts: Amounts,
    pub components: Vec<Component<S>>,
    /// Where the project's row states the sums of its parts (its components here: rows
    /// numbered under it, `1` over `1.1`, `1.2`, or rows that break it down): the figures
    /// its row states for them, checked against their sums. Its own `amounts` are then
    /// blank, so that its figures are its parts'. Boxed: few projects have parts, and
    /// every project read is moved about.
    pub declared: Option<Box<Declared>>,
    /// Its row is one the sheet hides ([`crate::read::rows::Row::hidden`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// A project whose text is borrowed.
pub type ProjectView<'a> = Project<&'a str>;

impl<S> Project<S> {
    /// Every row whose figures the project adds, with its line: its own (unless it states
    /// the sums of its parts), then its components'.
    pub fn rows(&self) -> impl Iterator<Item = (usize, &Amounts)> {
        (self.rows_and_components()).map(|(line, amounts, _)| (line, amounts))
    }

    /// [`Project::rows`], each with the component it is (`None` for the project's own).
    pub fn rows_and_components(
        &self,
    ) -> impl Iterator<Item = (usize, &Amounts, Option<&Component<S>>)> {
        let own = self
            .declared
            .is_none()
            .then_some((self.line, &self.amounts, None));
        own.into_iter()
            .chain((self.components.iter()).map(|c| (c.line, &c.amounts, Some(c))))
    }

    /// The project's figures: its row and its components, empty cells as zero; `None`
    /// where their sum is past what a decimal holds exactly.
    pub fn totals(&self) -> Option<Totals> {
        // From the row's own figures: most projects have no components, and a sum from
        // zero added three decimals for nothing.
        let mut components = self.components.iter();
        components.try_fold(self.amounts.or_zero(), |sum, c| {
            sum.exact_plus(c.amounts.or_zero())
        })
    }

    pub fn has_no_amounts(&self) -> bool {
        self.rows().all(|(_, amounts)| amounts.is_blank())
    }

    /// The same project with its text turned by `text`.
    fn map_text<'s, T>(&'s self, text: impl Fn(&'s S) -> T) -> Project<T> {
        Project {
            line: self.line,
            number: self.number.as_ref().map(&text),
            name: text(&self.name),
            owner: text(&self.owner),
            location: text(&self.location),
            period: text(&self.period),
            content: text(&self.content),
            note: text(&self.note),
            province: self.province.as_ref().map(&text),
            amounts: self.amounts,
            components: self.components.iter().map(|c| c.map_text(&text)).collect(),
            declared: self.declared.clone(),
            hidden: self.hidden,
        }
    }
}

impl Project {
    pub fn view(&self) -> ProjectView<'_> {
        self.map_text(String::as_str)
    }
}

impl ProjectView<'_> {
    pub fn to_owned_project(&self) -> Project {
        self.map_text(|text| (*text).to_owned())
    }
}

/// A figure row the file declares: a sector's subtotals or the grand total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declared {
    pub line: usize,
    pub amounts: Amounts,
    /// The formulas of a workbook's total, aid and counterpart cells, where they hold one.
    pub formulas: [Option<String>; 3],
    /// The money columns ([`MoneyColumn::bit`]) whose cell holds something that is not a
    /// number (`#REF!`), or `x` (a sum that does not apply): they declare nothing, though
    /// [`Amounts::or_zero`] reads 0.
    #[serde(skip)]
    pub unread: u8,
}

impl Declared {
    /// Are its three figures formulas' results (none typed)?
    pub fn is_computed(&self) -> bool {
        self.formulas.iter().all(Option::is_some)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Sector {
    /// The Roman numeral of a published sector row, or the tidy file's sector code.
    pub code: Option<String>,
    pub name: String,
    pub declared: Option<Declared>,
    pub projects: Vec<Project>,
}

impl Sector {
    /// The sum of its projects; `None` where it is past what a decimal holds exactly.
    pub fn totals(&self) -> Option<Totals> {
        let mut projects = self.projects.iter();
        projects.try_fold(Totals::default(), |sum, p| sum.exact_plus(p.totals()?))
    }

    /// `II Lĩnh vực an sinh xã hội`, or just the name when there is no code.
    pub fn title(&self) -> String {
        titled(self.code.as_deref(), &self.name)
    }
}

/// A name after its number or code, where it has one: `II Lĩnh vực an sinh xã hội`.
pub fn titled(code: Option<&str>, name: &str) -> String {
    match code {
        Some(code) => format!("{code} {name}"),
        None => name.to_owned(),
    }
}

/// What the file says about itself, or what the command line says instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub province: Option<String>,
    pub period: Option<Period>,
    pub unit: Option<String>,
    /// An exchange rate the title states (`Tỷ giá: 1 USD = 23.500 đồng`), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
}

/// Where a table's rows came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Source {
    /// A text file (CSV, semicolon- or tab-separated).
    Text {
        encoding: TextEncoding,
        /// The legacy font of text in Unicode whose letters are typed in one (`Toång`,
        /// as Excel saves a sheet typed in `VNI-Times` as "CSV UTF-8"), read as such.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        legacy_font: Option<LegacyFont>,
        delimiter: char,
        /// How its lines are written, for a copy to write them alike (`aidcat fix`).
        #[serde(skip)]
        line_style: LineStyle,
    },
    /// A worksheet of a workbook; `others`, the later sheets that hold a catalogue too
    /// (not read with it: `--sheet` reads one, `check` each visible one, see
    /// [`Source::hides_sheet`]); `sheets`, every sheet in the workbook's order and whether
    /// it hides it (`fix` copies them).
    Workbook {
        format: String,
        sheet: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        others: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sheets: Vec<(String, bool)>,
    },
    /// A table of a document (`docx`, `odt`, `html`), counted from 1, read through table
    /// `last` (the tables that go on with it after a page or section break); `others`,
    /// the later tables that hold a catalogue too (not read: `--table` reads one).
    Document {
        format: String,
        table: usize,
        last: usize,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        others: Vec<usize>,
        /// The legacy font its text is in, read as such.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        legacy_font: Option<LegacyFont>,
    },
}

impl Source {
    /// Does the workbook hide sheet `name` (most often an old copy of the catalogue)?
    pub fn hides_sheet(&self, name: &str) -> bool {
        match self {
            Source::Workbook { sheets, .. } => {
                (sheets.iter()).any(|(n, hidden)| *hidden && n == name)
            }
            _ => false,
        }
    }

    /// A document's table as counted from 1, `2`, or the tables read as one, `1-2`.
    pub fn tables(&self) -> Option<String> {
        match self {
            Source::Document { table, last, .. } if last > table => Some(format!("{table}-{last}")),
            Source::Document { table, .. } => Some(table.to_string()),
            _ => None,
        }
    }

    /// The sheet of a workbook, or the table(s) of a document, read; none for a text file.
    pub fn part(&self) -> Option<FilePart> {
        match self {
            Source::Text { .. } => None,
            Source::Workbook { sheet, .. } => Some(FilePart::Sheet(sheet.clone())),
            Source::Document { .. } => self.tables().map(FilePart::Table),
        }
    }

    /// The sheet (or a document's table, `table 2`) findings are located in, if any.
    pub fn sheet(&self) -> Option<String> {
        match self {
            Source::Text { .. } => None,
            Source::Workbook { sheet, .. } => Some(sheet.clone()),
            Source::Document { table, last, .. } => {
                let word = if last > table { "tables" } else { "table" };
                Some(format!("{word} {}", self.tables()?))
            }
        }
    }

    /// Where a line (and cell) is: `22:7` in a text file, `Sheet1!G22` in a workbook
    /// (`Sheet1!22:22`, the whole row, when no column is known).
    pub fn location(&self, line: usize, column: Option<usize>) -> String {
        let Some(sheet) = self.sheet() else {
            return match column {
                Some(column) => format!("{line}:{column}"),
                None => line.to_string(),
            };
        };
        let sheet = crate::read::sheet_reference(&sheet);
        match column {
            Some(column) => format!("{sheet}!{}{line}", crate::read::column_letters(column)),
            None => format!("{sheet}!{line}:{line}"),
        }
    }
}

/// A part of a file that holds a catalogue of its own: a workbook's sheet by its name,
/// or a document's table as counted from 1 (`3`, or `3-4` for one going on over the
/// next) ([`Source::tables`]). In JSON, `"sheet": NAME` or `"table": N`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FilePart {
    Sheet(String),
    Table(String),
}

/// A money cell that is not a number, kept for `check` to report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadCell {
    pub line: usize,
    /// 1-based cell index in the row.
    pub column: usize,
    /// The header label of the column.
    pub label: String,
    pub text: String,
    pub reason: AmountError,
}

/// A row of more cells than the header: text in cells beyond its last column, which
/// are not read, or figures that add up only read further right ([`Shifted`]); or a row
/// of fewer, whose figures stand left of their columns and are read there (`shifted`:
/// how far left, and the figures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RaggedRow {
    pub line: usize,
    /// The cells the row has, and the header's.
    pub cells: usize,
    pub header_cells: usize,
    pub shifted: Option<Shifted>,
}

/// A row's money cells read `by` cells to the right of their columns, where they add up
/// and the row's own do not: a cell before them split in two, most often by a separator
/// inside it that is not in quotes (`xã A, huyện B` in a CSV written without quotes).
/// Said, not read so: the row's figures stay those of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Shifted {
    pub by: usize,
    pub total: Decimal,
    pub aid: Decimal,
    pub counterpart: Decimal,
}

/// A row whose breakdown of an amount into columns of its own (by year under `Phân kỳ`,
/// by source under `Trong đó`) does not add up to the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakdownOff {
    pub line: usize,
    /// The first part's column, 1-based.
    pub column: usize,
    /// The row's number and name, as written.
    pub number: Option<String>,
    pub name: String,
    /// The breakdown's label (`Phân kỳ vốn viện trợ`).
    pub label: String,
    pub of: MoneyColumn,
    pub amount: Decimal,
    /// The parts the row fills.
    pub parts: Vec<BreakdownPart>,
    pub sum: Decimal,
}

/// A part of a breakdown: its column's label and the row's figure there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakdownPart {
    pub label: String,
    pub value: Decimal,
}

/// A column of a breakdown (`Năm 2024` under `Phân kỳ vốn viện trợ`), summed level by
/// level as the money columns are: a sector row's figure there against its projects'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartColumn {
    /// 1-based.
    pub column: usize,
    /// The breakdown's label (`Phân kỳ vốn viện trợ`).
    pub label: String,
    /// The part's label (`Năm 2024`).
    pub part: String,
}

/// A row's figures in the breakdowns' columns ([`Catalogue::part_columns`], in order):
/// an empty cell is 0, one that is no number (or `x`) `None`. Only a row that fills one
/// of them at least has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartFigures {
    pub line: usize,
    pub figures: Vec<Option<Decimal>>,
    /// Its parts that are no number (most rows have none).
    pub unreadable: Vec<UnreadPart>,
}

/// A row's part in a breakdown's column that is no number (`chưa rõ`), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadPart {
    /// Its column's place among [`Catalogue::part_columns`].
    pub part: usize,
    pub text: String,
    pub reason: crate::number::AmountError,
}

/// Where the columns that findings point at stand, 1-based.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Columns {
    pub number: Option<usize>,
    pub period: Option<usize>,
    /// Total, aid and counterpart (the first part of one split into parts).
    pub money: [Option<usize>; 3],
    /// Those the file splits into parts that add up to it (`Vốn đối ứng` over
    /// `Ngân sách tỉnh | Khác`), as the first and last part: read as their sum, never
    /// written back into one cell.
    pub money_parts: [Option<(usize, usize)>; 3],
    /// Which money columns the file has.
    pub stated: Stated,
    /// The unit of each row's figures, where a column gives it (`ĐVT`).
    #[serde(skip)]
    pub unit: Option<usize>,
}

/// Which of the three money columns a file has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Stated {
    /// Total, aid and counterpart, each in a column.
    #[default]
    All,
    /// Two of them; this one is taken from them on every row (total = aid +
    /// counterpart): nothing of the file's to check or correct.
    Derived(MoneyColumn),
    /// This one alone (a list that gives each project's cost, or the aid it asks for);
    /// the other two are not in the file, so no row is held to total = aid +
    /// counterpart.
    Only(MoneyColumn),
}

impl Stated {
    /// Are the figures of `column` the file's own, to check and correct?
    pub fn checks(self, column: MoneyColumn) -> bool {
        match self {
            Stated::All => true,
            Stated::Derived(derived) => derived != column,
            Stated::Only(only) => only == column,
        }
    }

    /// The one money column of a file that has only one.
    pub fn only(self) -> Option<MoneyColumn> {
        match self {
            Stated::Only(column) => Some(column),
            Stated::All | Stated::Derived(_) => None,
        }
    }

    /// Does the file give figures of `column`, written or taken from the other two?
    pub fn gives(self, column: MoneyColumn) -> bool {
        !matches!(self, Stated::Only(only) if only != column)
    }
}

impl Columns {
    pub fn money(&self, column: MoneyColumn) -> Option<usize> {
        self.money[column as usize]
    }

    /// Does the file split this amount into parts?
    pub fn is_in_parts(&self, column: MoneyColumn) -> bool {
        self.money_parts[column as usize].is_some()
    }

    /// The money column whose figure the cell (1-based) holds, or a part of.
    pub fn money_at(&self, cell: usize) -> Option<MoneyColumn> {
        MoneyColumn::ALL
            .into_iter()
            .find(|&column| match self.money_parts[column as usize] {
                Some((first, last)) => (first..=last).contains(&cell),
                None => self.money(column) == Some(cell),
            })
    }

    /// Is the column (1-based) a part of an amount split into parts?
    pub fn is_part(&self, column: usize) -> bool {
        self.money_parts
            .iter()
            .flatten()
            .any(|&(first, last)| (first..=last).contains(&column))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    /// The file as named on the command line.
    pub path: String,
    pub layout: Layout,
    pub source: Source,
    pub numbers: NumberFormat,
    pub metadata: Metadata,
    pub header_line: usize,
    pub columns: Columns,
    /// Header labels of columns aidcat does not read (an extra column, a second note).
    pub unread_columns: Vec<String>,
    /// The readings taken where the layout allows two, first line of each.
    pub readings: Vec<Reading>,
    pub sectors: Vec<Sector>,
    /// Group rows above the sectors (`A` over `I`, `II`), with their declared figures.
    pub groups: Vec<Group>,
    pub grand_total: Option<Declared>,
    pub bad_cells: Vec<BadCell>,
    pub ragged_rows: Vec<RaggedRow>,
    pub breakdowns_off: Vec<BreakdownOff>,
    /// The breakdowns' columns, and the figures of the rows that fill them.
    pub part_columns: Vec<PartColumn>,
    pub part_figures: Vec<PartFigures>,
    /// Lines of rows that could not be placed (not read).
    pub unplaced_rows: Vec<usize>,
}

/// How a table was read where its layout allows two readings (the report says so, and a
/// flag chooses the other reading), or where it leaves out a money column that the
/// other two give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reading", rename_all = "kebab-case")]
pub enum Reading {
    /// Rows numbered `1`, `2` above projects numbered `1.1`, `1.2` read as sectors, or
    /// `2.1` above `2.1.1` (the sectors' numbers `depth` dots deep) (`--no-numbered-sectors`:
    /// as projects).
    NumberedSectors { line: usize, depth: usize },
    /// Subtotal rows below projects that name the sector they close (`Cộng lĩnh vực y
    /// tế`), in a table with no sector rows above its projects, read as those sectors
    /// (`--no-named-sectors`: the first as the grand total).
    ClosingSectors { line: usize },
    /// The projects of workbook sheets named as sectors (`Y tế`), under no sector row,
    /// read as those sectors' (`--no-named-sectors`: under none): the sheet read, and
    /// the later ones read with it as the workbook's other sectors.
    SheetSectors { sheets: Vec<String> },
    /// The tables of a document, each titled after a sector (`LĨNH VỰC Y TẾ`) and with
    /// no sector row, read as the document's sectors: each as counted from 1 (`2`, or
    /// `3-4` for a table going on over the next), in order (`--table N`: one); and the
    /// sector each one's title names, in the same order (not in JSON: the note names the
    /// tables), by which a table of their totals names them.
    TableSectors {
        tables: Vec<String>,
        #[serde(skip)]
        sectors: Vec<String>,
    },
    /// The projects of a table whose title names a sector (`DANH MỤC DỰ ÁN LĨNH VỰC Y
    /// TẾ`), under no sector row, read as that sector's (`--no-named-sectors`: under
    /// none): the sector's name as the title writes it.
    TitleSector { sector: String },
    /// Rows numbered `2.1`, `2.2` that name no owner, place or period, right above
    /// projects numbered `1`, `2` (afresh, or on from the last), read as sectors
    /// (`--no-numbered-sectors`: as projects).
    DeeperSectors { line: usize },
    /// Rows without a number that name their own project (a name and an owner, place or
    /// period) read as projects (`--unnumbered-components`: as components).
    UnnumberedProjects { line: usize },
    /// Letter rows right above numeral rows read as groups of sectors (`--no-groups`: as
    /// sectors).
    LetterGroups { line: usize },
    /// Rows without a number that name a sector (`Lĩnh vực y tế` or `Y TẾ`, and no owner,
    /// place or period; words in the STT cell; a name alone above projects numbered
    /// afresh) read as sectors (`--no-named-sectors`: as projects or components).
    NamedSectors { line: usize },
    /// Rows numbered `1`, `2` that name a sector (`Lĩnh vực y tế`, or in capitals) and no
    /// owner, place or period, right above a project numbered `1`, read as sectors
    /// (`--no-named-sectors`: as projects).
    NumberedNamedSectors { line: usize },
    /// Numeral rows right above rows numbered under them (`I` over `I.1`, `I.2`) read as
    /// groups of those sectors (`--no-groups`: as sectors).
    NumeralGroups { line: usize },
    /// Numeral rows right above sectors numbered `1`, `2` (a row `1` naming a sector over
    /// projects `1.1`, `1.2`), read as groups of those sectors (`--no-groups`: as sectors,
    /// `1` their project and `1.1` its part).
    NumeralGroupsOverNumbers { line: usize },
    /// The table's first numbered row right above rows numbered under it that are
    /// themselves above projects numbered afresh (`2` over `2.1` over `1`, `2`), read as
    /// the group of those sectors (`--no-groups`: as a sector, `2.1` its project).
    NumberedGroup { line: usize },
    /// Rows numbered under a project (`1.1`, `1.2` under `1`, in a table whose sectors are
    /// marked otherwise) read as its parts, the project's row stating their sums, where
    /// they or the project name no owner, place or period, or where both do and two or
    /// more add up to its row; the project's number `depth` dots deep (`--no-numbered-parts`:
    /// as projects).
    NumberedParts { line: usize, depth: usize },
    /// Rows without a number under a project that add up to its row in every money
    /// column, or whose first begins `Trong đó` ("of which"), read as its breakdown, the
    /// project's row stating their sums (`--no-breakdowns`: components added to it, or
    /// projects where they name their own owner, place or period).
    Breakdown { line: usize },
    /// Rows without a number below the grand total that closes the table (notes, a
    /// share in percent, the total's own `Trong đó` breakdown), read as notes on the
    /// table: no project's components, their figures not added (the first at `line`).
    AfterGrandTotal { line: usize },
    /// A bare `Cộng` row below the last of several sectors, none of which closed with one,
    /// read as the grand total, not the last sector's subtotal (`--no-total-after-sectors`:
    /// as that subtotal). A grand total row below it makes it the subtotal after all.
    TotalAfterSectors { line: usize },
    /// Rows without a number or figures whose every cell begins in lower case, right
    /// under a project or sector row, read as the rest of that row's cells wrapped onto
    /// a line of their own, as PDF conversions write a long name (`--no-continued-rows`:
    /// as rows of their own).
    ContinuedRows { line: usize },
    /// Rows read as the rest of the project row above, broken onto lines of their own
    /// inside a cell of several paragraphs, as Word saves a table as text
    /// (`--no-continued-rows`: as rows of their own).
    BrokenRows { line: usize },
    /// Figures written with their unit beside them (`1,5 tỷ`, `$150,000`), read in the
    /// file's unit: the units are of one currency (else each is a `not-a-number` error).
    FiguresWithUnit { line: usize },
    /// A file that states no unit (no `ĐVT:` line, none in a column's name) but writes
    /// one beside every figure of its first rows: its unit is theirs (the first at `line`).
    UnitOfFigures { line: usize },
    /// A file that states no unit (no `ĐVT:` line, none in a column's name) but has a unit
    /// column: its unit is that of the column's first row (at `line`), and the other
    /// rows' figures are read in it.
    UnitOfColumn { line: usize },
    /// A title that states one unit (`ĐVT: triệu đồng`) over a header whose `label`
    /// states another (`Tổng vốn (USD)`): the header's unit is taken, the one beside the
    /// figures (`--source-unit` chooses).
    UnitsDiffer {
        title: String,
        label: String,
        unit: String,
    },
    /// Tidy projects whose sector cell is empty read in the sector of the project above
    /// (a sector merged down its projects' rows keeps its name in the first; the first
    /// at `line`).
    SectorFromAbove { line: usize },
    /// Tidy rows that total a sector and name no project (`Health Total`, as Excel's
    /// Subtotal command writes them under the sector's rows): read as that sector's
    /// subtotals, not as projects (the first at `line`).
    SectorTotals { line: usize },
    /// Tidy rows that total a sector and name no project, but not the sector of the
    /// project right above them: not read (the first at `line`).
    UnplacedSectorTotals { line: usize },
    /// Workbook rows the sheet hides, read as the others (the first at `line`).
    HiddenRows { line: usize },
    /// Workbook columns the sheet hides, not read: not part of the table as the officer
    /// sees and prints it. Named by what the first row holding anything in them (at
    /// `line`) holds there.
    HiddenColumns { line: usize, cells: Vec<HiddenCell> },
    /// Columns that break an amount down (by year under `Phân kỳ vốn viện trợ`, by
    /// source under `Trong đó`), each row's parts checked against its amount.
    BreakdownChecked {
        label: String,
        of: MoneyColumn,
        parts: Vec<String>,
    },
    /// Later sheets of the workbook that hold a catalogue too, not read (`--sheet`).
    OtherSheets { sheets: Vec<String> },
    /// A workbook's sheet of totals by sector, its rows checked against the sheets named
    /// here: one a sector, or the catalogue's whose sector rows it totals
    /// (`sheet-totals`, `sheet-count`).
    TotalsOfSheets { sheets: Vec<String> },
    /// A document's table of totals by sector, its rows checked against the tables named
    /// here as counted from 1 (`3`, `3-4`): one a sector, or the catalogue's whose sector
    /// rows it totals (`sheet-totals`, `sheet-count`).
    TotalsOfTables { tables: Vec<String> },
    /// Later tables of the document that hold a catalogue too, not read (`--table`).
    OtherTables { tables: Vec<usize> },
    /// A money column the header lacks, taken on every row from the other two (total =
    /// aid + counterpart): the file's figures are checked on those two.
    DerivedColumn { column: MoneyColumn },
    /// The one money column the header has; the other two are not in the file, and
    /// reports leave them empty.
    OnlyColumn { column: MoneyColumn },
    /// A file named as a workbook (`.xls`, `.xlsx`, `.ods`) that holds text, read as CSV
    /// or tab-separated text: a web system's export, or a file renamed.
    TextNamedAsWorkbook,
    /// The province taken from the file's name or its folder's (`name`), as the file
    /// states none.
    ProvinceFromName { province: String, name: String },
    /// Text written in a legacy font (TCVN3: `Tæng céng`, VNI: `Toång coäng`, for `Tổng
    /// cộng`), read as such: its letters say so, or its header is found only so.
    LegacyFont { font: LegacyFont },
}

impl Reading {
    /// Does it say the table was read as the sector its sheet's name or its title names
    /// ([`Reading::SheetSectors`], [`Reading::TitleSector`])?
    pub fn names_the_sector(&self) -> bool {
        matches!(
            self,
            Reading::SheetSectors { .. }
                | Reading::TableSectors { .. }
                | Reading::TitleSector { .. }
        )
    }

    /// The note that the sheets (tables) at `sources`, a workbook's (a document's), are
    /// read as its sectors: a document's tables as the `sectors` their titles name.
    pub fn parts_read_as_sectors(sources: &[&Source], sectors: Vec<String>) -> Reading {
        match sources.first() {
            Some(Source::Document { .. }) => Reading::TableSectors {
                tables: sources.iter().filter_map(|s| s.tables()).collect(),
                sectors,
            },
            _ => Reading::SheetSectors {
                sheets: sources.iter().filter_map(|s| s.sheet()).collect(),
            },
        }
    }

    /// Was the table so read ([`Reading::names_the_sector`])?
    pub fn is_a_named_sector(readings: &[Reading]) -> bool {
        readings.iter().any(Reading::names_the_sector)
    }

    /// The name of the sector a title names, where the table was read as it
    /// ([`Reading::TitleSector`]).
    pub fn title_sector(readings: &[Reading]) -> Option<&str> {
        readings.iter().find_map(|r| match r {
            Reading::TitleSector { sector } => Some(sector.as_str()),
            _ => None,
        })
    }
}

/// A cell of a column the sheet hides: its column's letters and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HiddenCell {
    pub column: String,
    pub text: String,
}

/// The readings a table allows one way or the other, as the command line chose them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Choices {
    pub no_numbered_sectors: bool,
    pub unnumbered_components: bool,
    pub no_groups: bool,
    pub no_named_sectors: bool,
    pub no_numbered_parts: bool,
    pub no_breakdowns: bool,
    pub no_continued_rows: bool,
    pub no_total_after_sectors: bool,
}

/// A group row above sectors: its mark and name, its declared figures, and the sectors
/// under it (`first..end`, numbered as the sectors are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub code: String,
    pub name: String,
    pub declared: Option<Declared>,
    pub first: usize,
    pub end: usize,
}

impl Catalogue {
    pub fn projects(&self) -> impl Iterator<Item = (&Sector, &Project)> {
        self.sectors
            .iter()
            .flat_map(|s| s.projects.iter().map(move |p| (s, p)))
    }

    pub fn project_count(&self) -> usize {
        self.sectors.iter().map(|s| s.projects.len()).sum()
    }

    pub fn component_count(&self) -> usize {
        self.projects().map(|(_, p)| p.components.len()).sum()
    }

    /// The sum of its sectors; `None` where it is past what a decimal holds exactly.
    pub fn totals(&self) -> Option<Totals> {
        let mut sectors = self.sectors.iter();
        sectors.try_fold(Totals::default(), |sum, s| sum.exact_plus(s.totals()?))
    }

    pub fn convention(&self) -> Convention {
        self.numbers.convention
    }
}

/// One task of an implementation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub line: usize,
    pub number: String,
    pub task: String,
    /// As written: `Hàng năm`, `Năm 2020`, `Giai đoạn 2020 - 2025`, `Quý IV hàng năm`.
    pub timing: String,
    pub lead: String,
    /// The partner agencies as written: the list's own commas are ambiguous
    /// (`Các sở, ban, ngành`), so it is kept whole.
    pub partners: String,
    /// What it is to deliver, where the plan says (`Sản phẩm`).
    pub output: String,
    /// What it is to cost (`Kinh phí`), as written, where the plan says.
    pub budget: String,
    /// Where its money comes from (`Nguồn kinh phí`), where the plan says.
    pub funding: String,
    /// The heading it is listed under, where the plan groups its tasks: its index in
    /// [`Plan::groups`].
    pub group: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub path: String,
    pub title: Option<String>,
    pub tasks: Vec<Task>,
    /// The headings that group the tasks (`I. CÔNG TÁC TUYÊN TRUYỀN`), in order.
    pub groups: Vec<String>,
    /// The unit its budget column's label states (`Kinh phí (triệu đồng)`).
    pub budget_unit: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Sums run as units give what adding decimals one by one gives, at the same
        /// scale, fork by fork merged or not.
        #[test]
        fn running_sums_are_the_decimal_sums(
            figures in proptest::collection::vec((-10i64.pow(15)..10i64.pow(15), 0u32..=9), 0..40),
            cut in 0usize..40,
        ) {
            let totals: Vec<Totals> = figures
                .iter()
                .map(|&(units, scale)| {
                    let d = Decimal::new(units, scale);
                    Totals { total: d, aid: -d, counterpart: Decimal::new(units / 7, scale / 2) }
                })
                .collect();
            let expected = Totals::exact_total(totals.iter().copied());
            let shown = |t: Option<Totals>| t.map(|t| (t, [t.total.scale(), t.aid.scale(), t.counterpart.scale()]));
            let mut running = RunningTotals::default();
            totals.iter().for_each(|&t| running.add(t));
            proptest::prop_assert_eq!(shown(running.totals()), shown(expected));
            let (before, after) = totals.split_at(cut.min(totals.len()));
            let (mut first, mut later) = (RunningTotals::default(), RunningTotals::default());
            before.iter().for_each(|&t| first.add(t));
            after.iter().for_each(|&t| later.add(t));
            first.merge(later);
            proptest::prop_assert_eq!(shown(first.totals()), shown(expected));
        }
    }

    #[test]
    fn running_sums_past_a_decimal_are_refused() {
        let big = Decimal::MAX;
        let totals = Totals {
            total: big,
            aid: big,
            counterpart: Decimal::ZERO,
        };
        let mut running = RunningTotals::of(totals);
        assert_eq!(running.totals(), Some(totals));
        running.add(totals);
        assert_eq!(running.totals(), None);
        // A figure of 28 places beside it: the sum needs 57 digits, refused; taken back,
        // the sum is exact again (each scale is summed apart, none scaled but at the end).
        let mut running = RunningTotals::of(totals);
        let tiny = Decimal::new(1, 28);
        running.add(Totals {
            total: tiny,
            ..Totals::default()
        });
        assert_eq!(running.totals(), None);
        running.add(Totals {
            total: -big,
            aid: -big,
            ..Totals::default()
        });
        assert_eq!(
            running.totals().map(|t| (t.total, t.aid)),
            Some((tiny, Decimal::ZERO))
        );
    }

    #[test]
    fn exact_sums_are_given_and_rounded_ones_refused() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let sum = |a: &str, b: &str| exact_sum(d(a), d(b)).map(|s| s.to_string());
        assert_eq!(sum("1.10", "2.90").as_deref(), Some("4.00"));
        assert_eq!(sum("0.00", "5").as_deref(), Some("5"));
        assert_eq!(sum("-0.5", "0.5").map(|s| d(&s).is_zero()), Some(true));
        let big = "999999999999999999.999999999";
        let mut total = Some(Decimal::ZERO);
        for _ in 0..79 {
            total = total.and_then(|t| exact_sum(t, d(big)));
        }
        assert_eq!(total, Some(d(big) * Decimal::from(79)));
        assert_eq!(total.and_then(|t| exact_sum(t, d(big))), None);
    }
}
