//! Check: the funding arithmetic at every level, and the cells it rests on.
//!
//! The checker is a [`CatalogueSink`]: it folds the catalogue as the reader assembles it,
//! so a file of any size is checked in one pass with memory for its sectors, not its
//! rows. Each rule is declared once in [`rules`]; findings are data ([`Finding`]) whose
//! text is written at report time.

mod finding;
pub mod hints;
mod listed;
mod numbers;
pub mod rules;

pub use finding::{Finding, FindingKind, HintNote, SectorRef, Severity, Subject};
pub use hints::{Hint, RowRef};
pub use listed::{LISTED_FINDINGS, Unlisted};
pub use rules::Rule;

use crate::model::{
    Amounts, BadCell, BreakdownOff, Catalogue, Columns, Declared, Group, MoneyColumn, PartColumn,
    PartFigures, ProjectView, RaggedRow, RunningTotals, Sector, Shifted, Totals,
};
use crate::period::{self, Period, PeriodError};
use crate::read::catalogue::NamedProject;
use crate::read::{CatalogueSink, ReadError};
use listed::Listed;
use numbers::{Batch, Numbers, Repeat};
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};

/// What the checker keeps of a sector: its name, declared row and sums, and the rows
/// summed while few enough to look for the cause of a mismatch.
struct SectorState {
    name: SectorRef,
    /// Its own row's figures, then those of `Cộng` rows after its projects.
    declared: Vec<Declared>,
    /// The sums of its projects.
    running: RunningTotals,
    /// Had a project of it a sum past what a decimal holds exactly? Then its sum cannot
    /// be compared with a declared figure.
    inexact: bool,
    rows: Vec<(RowRef, Totals)>,
    /// Per money column, the lines of its projects whose cell of it is not a number:
    /// left out of its sum (at most [`MAX_LEFT_OUT`]).
    left_out: [Vec<usize>; 3],
    /// The sums of its projects' figures in the breakdowns' columns ([`PartSums`]).
    parts: PartSums,
    /// Its rows whose breakdowns do not add up to their amounts.
    parts_off: Vec<PartsOff>,
}

/// A row whose breakdowns do not add up to its amounts: its figures in the breakdowns'
/// columns, and by how much each breakdown (by label) is off (amount - parts).
struct PartsOff {
    row: RowRef,
    figures: Vec<Option<Decimal>>,
    off: Vec<(String, Decimal)>,
}

/// The most lines of unreadable cells kept per sector and column. Past it, no hint
/// names them: a sector of thousands of such cells is not a mismatch to explain.
const MAX_LEFT_OUT: usize = 1000;

impl SectorState {
    /// The exact sum of its projects; `None` where it needs more digits than a decimal
    /// holds.
    fn sum(&self) -> Option<Totals> {
        self.running.totals().filter(|_| !self.inexact)
    }

    fn new(name: SectorRef, declared: Option<Declared>) -> Self {
        SectorState {
            name,
            declared: declared.into_iter().collect(),
            running: RunningTotals::default(),
            inexact: false,
            rows: Vec::new(),
            left_out: Default::default(),
            parts: PartSums::default(),
            parts_off: Vec::new(),
        }
    }

    /// Notes a row of its projects whose cells of the columns in `columns` (a mask by
    /// [`MoneyColumn`]) are not numbers.
    fn leaves_out(&mut self, line: usize, columns: u8) {
        for column in MoneyColumn::ALL {
            let lines = &mut self.left_out[column as usize];
            if columns & column.bit() != 0 && lines.len() <= MAX_LEFT_OUT {
                lines.push(line);
            }
        }
    }
}

/// The sums of rows' figures in the breakdowns' columns, one a column: `None` where a
/// figure summed is no number (or `x`), or the sum is past what a decimal holds: it is
/// not compared. No sum yet is all zeros.
#[derive(Debug, Clone, Default)]
struct PartSums(Vec<Option<Decimal>>);

impl PartSums {
    fn add(&mut self, figures: &[Option<Decimal>]) {
        if self.0.len() < figures.len() {
            self.0.resize(figures.len(), Some(Decimal::ZERO));
        }
        for (sum, figure) in self.0.iter_mut().zip(figures) {
            *sum = sum
                .zip(*figure)
                .and_then(|(sum, figure)| sum.checked_add(figure));
        }
    }

    /// The sums of `sectors`' projects.
    fn of_sectors(sectors: &[SectorState]) -> Self {
        let mut sums = PartSums::default();
        for sector in sectors {
            sums.add(&sector.parts.0);
        }
        sums
    }

    /// The sum of column `at`.
    fn get(&self, at: usize) -> Option<Decimal> {
        self.0.get(at).copied().unwrap_or(Some(Decimal::ZERO))
    }
}

/// The most rows whose figures in the breakdowns' columns wait for the project or sum
/// they are part of. A row of a project waits only for the project's last row; past
/// this (rows of sums, rows not read), no breakdown's column is summed.
const MAX_PART_ROWS: usize = 100_000;

/// The most rows whose breakdowns are off kept for hints, over a file: in a file with
/// more, no hint names one (one not kept might be the row at fault as well).
const MAX_PARTS_OFF: usize = 1000;

/// The bit of a cell of no money column in such a mask: it still keeps its row from the
/// checks.
const NOT_MONEY: u8 = 1 << 3;

/// A row of sums merged across columns (`missing-cells`) holds its figures `by` cells
/// left of their columns: the other findings on its line name the cells that hold them.
fn at_their_cells(findings: &mut [Finding]) {
    let moved: FxHashMap<usize, usize> = (findings.iter())
        .filter_map(|finding| match &finding.details {
            FindingKind::MissingCells { shifted, .. } => Some((finding.line, shifted.by)),
            _ => None,
        })
        .collect();
    if moved.is_empty() {
        return;
    }
    for finding in findings {
        if matches!(finding.details, FindingKind::MissingCells { .. }) {
            continue;
        }
        if let (Some(by), Some(column)) = (moved.get(&finding.line), &mut finding.column) {
            *column = column.saturating_sub(*by).max(1);
        }
    }
}

/// The lines of `sectors`' projects whose cell of `column` is not a number, if they are
/// few enough to name ([`MAX_LEFT_OUT`]).
fn left_out(sectors: &[SectorState], column: MoneyColumn) -> Option<Vec<usize>> {
    let lines = sectors.iter().map(|s| &s.left_out[column as usize]);
    if lines.clone().any(|lines| lines.len() > MAX_LEFT_OUT) {
        return None;
    }
    let mut lines: Vec<usize> = lines.flatten().copied().collect();
    lines.sort_unstable();
    (!lines.is_empty()).then_some(lines)
}

/// The hints under a sum of `column` of `sectors`: where it leaves out cells that are not
/// numbers, or adds figures that look misread as decimals (`misread`: the columns so read
/// of each row, by line), that alone (the difference says nothing else); else those
/// `others` finds.
fn sum_hints(
    sectors: &[SectorState],
    column: MoneyColumn,
    misread: &FxHashMap<usize, u8>,
    others: impl FnOnce() -> Vec<Hint>,
) -> Vec<Hint> {
    if let Some(lines) = left_out(sectors, column) {
        return vec![Hint::UnreadableLeftOut { lines }];
    }
    // Most files have no such row: their sums' rows are not looked through.
    if misread.is_empty() {
        return others();
    }
    let lines: Vec<usize> = (sectors.iter())
        .flat_map(|sector| sector.rows.iter().map(|(row, _)| row.line))
        .filter(|line| {
            misread
                .get(line)
                .is_some_and(|&bits| bits & column.bit() != 0)
        })
        .collect();
    match lines.is_empty() {
        false => vec![Hint::MisreadSummed { lines }],
        true => others(),
    }
}

/// The most rows kept for hints, over a file. Files with declared subtotals are tables
/// typed by hand: a few hundred rows. Past this, no row is named in a hint (each row
/// kept costs about 200 bytes).
const HINT_ROWS: usize = 20_000;

/// Checks a catalogue as it is read. Feed it through [`CatalogueSink`], then [`finish`].
///
/// [`finish`]: Checker::finish
pub struct Checker {
    columns: Columns,
    header_line: usize,
    programme: Option<Period>,
    sectors: Vec<SectorState>,
    grand_total: Option<Declared>,
    /// Lines with a money cell that is not a number, and which (a mask by
    /// [`MoneyColumn`]): their sums are not checked (the cell is reported once, by
    /// `not-a-number`), and a sum of their sector's is told it leaves them out.
    bad_lines: FxHashMap<usize, u8>,
    /// Rows whose figures add up read further right ([`RaggedRow::shifted`]), by line,
    /// until their own row is checked: the likely cause of its sum being off.
    shifted_rows: FxHashMap<usize, Shifted>,
    pub projects: usize,
    pub components: usize,
    findings: Listed,
    /// Rows kept for hints so far, and the last figure row (for a total copied down).
    hint_rows: usize,
    previous_row: Option<(usize, Totals)>,
    groups: Vec<Group>,
    /// Does the layout declare subtotals on rows after the projects (so rows are kept
    /// for hints before the sector's figures are known)?
    subtotal_rows: bool,
    /// Every sector's project numbers, for the duplicate-number rule.
    numbers: Numbers,
    /// A fork (see [`CatalogueSink::fork`]) keeps its projects' numbers for the checker
    /// it joins, which alone knows the numbers used before its range.
    forked: Option<Batch>,
    /// In a fork, the row-sum finding of the range's first row, whose row above (for
    /// its hints) only the joining checker knows.
    needs_row_above: Option<usize>,
    /// Was a sum that needed more digits than a decimal holds exactly to be compared
    /// with a declared figure? The check is refused: a difference might be rounding.
    inexact: bool,
    /// The repeats among numbers kept past the budget, and how many more, once searched
    /// for ([`Checker::spilled_repeats`]), waiting for their names.
    spilled: Option<(Vec<Repeat>, usize)>,
    /// Is the file a document, whose formulas are fields a word processor computes
    /// again only when told ([`Hint::FieldNotUpdated`])?
    fields: bool,
    /// The breakdowns' columns, and the figures there of rows whose project or sum has
    /// not come yet, by line; `None` once more than [`MAX_PART_ROWS`] waited: no column
    /// is then compared.
    part_columns: Vec<PartColumn>,
    part_rows: Option<FxHashMap<usize, Vec<Option<Decimal>>>>,
    /// The rows whose breakdowns are off by how much, by line, until their project
    /// comes; and how many breakdowns are off, kept or not ([`MAX_PARTS_OFF`]).
    breakdowns_off: FxHashMap<usize, Vec<(String, Decimal)>>,
    rows_off: usize,
}

impl Checker {
    /// A checker for the catalogue whose head (metadata, columns) is given.
    pub fn new(head: &Catalogue) -> Self {
        let published = head.layout == crate::model::Layout::Published;
        let mut checker = Checker::empty(
            head.columns,
            head.header_line,
            head.metadata.period,
            published,
            None,
        );
        checker.fields = matches!(head.source, crate::model::Source::Document { .. });
        checker.part_columns = head.part_columns.clone();
        checker
    }

    fn empty(
        columns: Columns,
        header_line: usize,
        programme: Option<Period>,
        subtotal_rows: bool,
        forked: Option<Batch>,
    ) -> Self {
        Checker {
            columns,
            header_line,
            programme,
            sectors: Vec::new(),
            grand_total: None,
            bad_lines: FxHashMap::default(),
            shifted_rows: FxHashMap::default(),
            projects: 0,
            components: 0,
            // A range read apart is bounded by its size; the checker that joins it lists
            // at most so many.
            findings: match forked {
                Some(_) => Listed::all(),
                None => Listed::capped(),
            },
            hint_rows: 0,
            previous_row: None,
            inexact: false,
            groups: Vec::new(),
            subtotal_rows,
            // A fork's numbers go to the checker it joins.
            numbers: match forked {
                Some(_) => Numbers::unbounded(),
                None => Numbers::new(),
            },
            forked,
            needs_row_above: None,
            spilled: None,
            fields: false,
            part_columns: Vec::new(),
            part_rows: Some(FxHashMap::default()),
            breakdowns_off: FxHashMap::default(),
            rows_off: 0,
        }
    }

    pub fn sector_count(&self) -> usize {
        self.sectors.len()
    }

    fn push(&mut self, kind: FindingKind, line: usize, column: Option<usize>) {
        self.findings.push(Finding::new(kind, line, column));
    }

    /// total = aid + counterpart on one row, and no negative figure. Gives the money
    /// columns (a mask by [`MoneyColumn`]) whose cell of the row could not be read
    /// (reported already, not checked again), with those of `declares_nothing` (a sum
    /// row's [`Declared::unread`]: also its `x` cells, where a sum does not apply).
    /// `computed`: the row's three figures are formulas, none typed.
    fn row_identity(
        &mut self,
        subject: impl Fn(&Self) -> Subject,
        line: usize,
        amounts: &Amounts,
        computed: bool,
        declares_nothing: u8,
    ) -> u8 {
        // Most files have no such row or cell: no line is hashed for them.
        let shifted = match self.shifted_rows.is_empty() {
            true => None,
            false => self.shifted_rows.remove(&line),
        };
        let unreadable = declares_nothing
            | match self.bad_lines.is_empty() {
                true => 0,
                false => self.bad_lines.remove(&line).unwrap_or(0),
            };
        if amounts.is_blank() || unreadable != 0 {
            return unreadable;
        }
        let figures = amounts.or_zero();
        for column in MoneyColumn::ALL {
            let value = column.of(&figures);
            // The sign looked at first: a comparison of decimals aligns their scales.
            if value.is_sign_negative() && !value.is_zero() {
                self.negative_amount(&subject, line, column, value);
            }
        }
        // One money column alone adds up to nothing.
        let adds_up = self.columns.stated.only().is_none();
        if adds_up && figures.total != figures.aid + figures.counterpart {
            self.row_sum_off(&subject, line, &figures, shifted, computed);
        }
        0
    }

    /// A negative amount in a row.
    #[cold]
    #[inline(never)]
    fn negative_amount(
        &mut self,
        subject: &impl Fn(&Self) -> Subject,
        line: usize,
        column: MoneyColumn,
        value: Decimal,
    ) {
        let kind = FindingKind::NegativeAmount {
            subject: subject(self),
            column,
            value,
        };
        self.push(kind, line, self.columns.money(column));
    }

    /// A row whose total is not its aid + counterpart, with why it may be; `shifted`
    /// where its cells stand right of their columns.
    #[cold]
    #[inline(never)]
    fn row_sum_off(
        &mut self,
        subject: &impl Fn(&Self) -> Subject,
        line: usize,
        figures: &Totals,
        shifted: Option<Shifted>,
        computed: bool,
    ) {
        let kind = FindingKind::RowSum {
            subject: subject(self),
            total: figures.total,
            aid: figures.aid,
            counterpart: figures.counterpart,
        };
        self.push(kind, line, self.columns.money(MoneyColumn::Total));
        // (A row whose cells stand shifted is told so whatever the row above it.)
        if self.forked.is_some() && self.previous_row.is_none() && shifted.is_none() {
            self.needs_row_above = Some(self.findings.len() - 1);
        }
        // Cells that stand right of their columns explain the sum alone.
        let hints = match shifted {
            Some(shifted) => vec![Hint::CellsShifted { shifted }],
            None => self.row_hints(figures, computed),
        };
        self.hint_last(hints);
    }

    /// The project a finding of `project` (in sector `sector`) is about: made only for a
    /// finding, so that the sector's name is not copied for every project.
    fn project_subject(&self, sector: usize, project: &ProjectView<'_>) -> Subject {
        Subject::Project {
            sector: self.sectors[sector].name.clone(),
            number: project.number.map(str::to_owned),
            name: project.name.to_owned(),
        }
    }

    /// Each component row of a project checked as a row; those whose figures are summed
    /// with cells that are not numbers added to `left_out`.
    #[inline(never)]
    fn components_identity(
        &mut self,
        sector: usize,
        project: &ProjectView<'_>,
        left_out: &mut Vec<(usize, u8)>,
    ) {
        for (index, component) in project.components.iter().enumerate() {
            let subject = |checker: &Self| Subject::Component {
                sector: checker.sectors[sector].name.clone(),
                number: project.number.map(str::to_owned),
                name: project.name.to_owned(),
                index: index + 2,
                part: component.number.map(str::to_owned),
            };
            let unreadable =
                self.row_identity(subject, component.line, &component.amounts, false, 0);
            if unreadable != 0 {
                left_out.push((component.line, unreadable));
            }
            self.previous_row = Some((component.line, component.amounts.or_zero()));
        }
    }

    /// A project's row over its parts (`declared`) compared with their sums; `unreadable`
    /// the columns its own row declares nothing in, `left_out` the parts' rows summed
    /// with cells that are not numbers.
    #[inline(never)]
    fn over_parts(
        &mut self,
        sector: usize,
        project: &ProjectView<'_>,
        declared: &Declared,
        unreadable: u8,
        left_out: &[(usize, u8)],
    ) {
        let parts = self.compared(project.totals());
        let named = self.project_subject(sector, project);
        // A part whose total is not its aid + counterpart may explain the project's
        // sum on its own, as a project does its sector's.
        let parts_off: Vec<(RowRef, Totals)> = (project.rows_and_components())
            .map(|(line, amounts, component)| (line, amounts.or_zero(), component))
            .filter(|(_, figures, _)| figures.total != figures.aid + figures.counterpart)
            .map(|(line, figures, component)| (RowRef::of(project, line, component), figures))
            .collect();
        let row_off = hints::row_figure_off(&declared.amounts.or_zero(), &parts, parts_off.iter())
            .filter(|_| left_out.is_empty());
        let lines_left_out = |column: MoneyColumn| -> Vec<usize> {
            (left_out.iter())
                .filter(|&&(_, columns)| columns & column.bit() != 0)
                .map(|&(line, _)| line)
                .collect()
        };
        // A row over its parts whose cell is no number declares nothing there.
        self.compare_declared(
            declared,
            unreadable,
            parts,
            |column, d, c, formula| FindingKind::ProjectSum {
                subject: named.clone(),
                column,
                declared: d,
                computed: c,
                formula,
            },
            |column, d, c| match lines_left_out(column) {
                lines if !lines.is_empty() => vec![Hint::UnreadableLeftOut { lines }],
                _ => match hints::row_at_fault(&row_off, column) {
                    Some(hint) => vec![hint],
                    None => hints::for_figure(d, c),
                },
            },
        );
    }

    /// A project's figures in the breakdowns' columns: added to its sector's, and
    /// compared with its row's where it is over its parts.
    #[inline(never)]
    fn project_breakdowns(&mut self, sector: usize, project: &ProjectView<'_>) {
        let mut parts = PartSums::default();
        let mut parts_off = Vec::new();
        for (line, _, component) in project.rows_and_components() {
            let Some(figures) = self.take_parts(line) else {
                continue;
            };
            parts.add(&figures);
            if let Some(off) = self.breakdowns_off.remove(&line) {
                let row = RowRef::of(project, line, component);
                parts_off.push(PartsOff { row, figures, off });
            }
        }
        // A project over its parts: its row's figures are their sums.
        if project.declared.is_some() {
            let subject = self.project_subject(sector, project);
            self.compare_parts(&subject, project.line, &parts, parts_off.iter());
            self.take_parts(project.line);
            self.breakdowns_off.remove(&project.line);
        }
        let state = &mut self.sectors[sector];
        state.parts.add(&parts.0);
        state.parts_off.append(&mut parts_off);
    }

    /// A project's rows kept for the hints of its sector's sums, up to [`HINT_ROWS`].
    #[inline(never)]
    fn keep_for_hints(&mut self, sector: usize, project: &ProjectView<'_>) {
        let kept = (project.rows_and_components()).take(HINT_ROWS - self.hint_rows);
        for (line, amounts, component) in kept {
            let row = RowRef::of(project, line, component);
            self.sectors[sector].rows.push((row, amounts.or_zero()));
            self.hint_rows += 1;
        }
    }

    /// A project without amounts.
    #[cold]
    #[inline(never)]
    fn no_amounts(&mut self, sector: usize, project: &ProjectView<'_>) {
        let only = self.columns.stated.only();
        let column = self.columns.money(only.unwrap_or(MoneyColumn::Total));
        let kind = FindingKind::NoAmounts {
            subject: self.project_subject(sector, project),
            only,
        };
        self.push(kind, project.line, column);
    }

    /// Why a row's total may not be its aid + counterpart; no digit was mistyped where
    /// its figures are `computed`.
    fn row_hints(&self, figures: &Totals, computed: bool) -> Vec<Hint> {
        let mut hints = Vec::new();
        for column in [MoneyColumn::Aid, MoneyColumn::Counterpart] {
            if figures.total == column.of(figures) && !figures.total.is_zero() {
                hints.push(Hint::TotalIsOnePart { column });
            }
        }
        if let Some((line, above)) = self.previous_row
            && figures.total == above.aid + above.counterpart
            && !figures.total.is_zero()
        {
            hints.push(Hint::TotalOfRowAbove { line });
        }
        if !computed {
            hints.extend(hints::digit_hint(
                figures.total,
                figures.aid + figures.counterpart,
            ));
        }
        hints.extend(hints::row_read_as_decimal(figures));
        hints
    }

    /// Puts `hint` first under the finding that a row's total is not its aid +
    /// counterpart, on `line`, where that finding is listed.
    fn hint_row(&mut self, line: usize, hint: Hint) {
        let row_sum = self.findings.as_mut_slice().iter_mut().find(|finding| {
            finding.line == line && matches!(finding.details, FindingKind::RowSum { .. })
        });
        if let Some(finding) = row_sum {
            finding.hints.splice(0..0, notes(vec![hint]));
        }
    }

    /// Puts hints under the finding pushed last.
    fn hint_last(&mut self, hints: Vec<Hint>) {
        if let Some(finding) = self.findings.last_mut() {
            finding.hints = notes(hints);
        }
    }

    /// A duplicate number if the project on `line` reuses one of its sector's.
    fn number(&mut self, sector: usize, number: &str, line: usize, name: &str) {
        if let Some(forked) = &mut self.forked {
            forked.push(sector, number, line, name);
            return;
        }
        let first = self.numbers.first(sector, number, line);
        if let Some(first_line) = first.filter(|&first| first != line) {
            self.repeat(Repeat {
                sector,
                line,
                number: number.to_owned(),
                name: Some(name.to_owned()),
                first_line,
            });
        }
    }

    /// A repeat as a finding. Its name is known: a repeat among numbers kept past the
    /// budget is named by the reader ([`CatalogueSink::named`]) before [`Checker::finish`].
    fn repeat(&mut self, repeat: Repeat) {
        let sector = self.sectors[repeat.sector].name.clone();
        let kind = FindingKind::DuplicateNumber {
            subject: Subject::Project {
                sector: sector.clone(),
                number: Some(repeat.number.clone()),
                name: repeat.name.unwrap_or_default(),
            },
            number: repeat.number,
            sector,
            first_line: repeat.first_line,
        };
        self.push(kind, repeat.line, self.columns.number);
    }

    fn period(&mut self, subject: &impl Fn(&Self) -> Subject, project: &ProjectView<'_>) {
        let (parsed, typed_as_dates) = period::parse_with_dates(project.period);
        // The usual period, or none, says nothing: settled here.
        let fine = match parsed {
            Ok(None) => true,
            Ok(Some(span)) => self.programme.is_none_or(|p| p.contains(span)),
            Err(_) => false,
        };
        if !fine || typed_as_dates {
            self.period_findings(subject, project, parsed, typed_as_dates);
        }
    }

    /// What is wrong with a project's period, read as `parsed`; `typed_as_dates` where
    /// its years were typed as dates.
    #[cold]
    #[inline(never)]
    fn period_findings(
        &mut self,
        subject: &impl Fn(&Self) -> Subject,
        project: &ProjectView<'_>,
        parsed: Result<Option<Period>, PeriodError>,
        typed_as_dates: bool,
    ) {
        if typed_as_dates && let Ok(Some(span)) = parsed {
            let kind = FindingKind::PeriodYearAsDate {
                subject: subject(self),
                text: project.period.to_owned(),
                period: span,
            };
            self.push(kind, project.line, self.columns.period);
        }
        let kind = match parsed {
            Ok(None) => None,
            Ok(Some(span)) => self
                .programme
                .filter(|p| !p.contains(span))
                .map(|programme| FindingKind::PeriodOutsideProgramme {
                    subject: subject(self),
                    period: span,
                    programme,
                }),
            Err(PeriodError::Reversed { start, end }) => Some(FindingKind::PeriodReversed {
                subject: subject(self),
                text: project.period.to_owned(),
                start,
                end,
            }),
            Err(PeriodError::Unreadable) => Some(FindingKind::PeriodUnreadable {
                subject: subject(self),
                text: project.period.to_owned(),
            }),
            Err(PeriodError::Length) => Some(FindingKind::PeriodLength {
                subject: subject(self),
                text: project.period.to_owned(),
            }),
        };
        if let Some(kind) = kind {
            self.push(kind, project.line, self.columns.period);
        }
    }

    /// One finding per money column where a declared row differs from `computed`, with
    /// the hints `hints` finds for it. The columns of `unread` (a mask by [`MoneyColumn`])
    /// declare nothing: their cell is no number, reported as such, not as 0.
    fn compare_declared(
        &mut self,
        declared: &Declared,
        unread: u8,
        computed: Totals,
        kind: impl Fn(MoneyColumn, Decimal, Decimal, Option<String>) -> FindingKind,
        hints: impl Fn(MoneyColumn, Decimal, Decimal) -> Vec<Hint>,
    ) {
        let stated = declared.amounts.or_zero();
        let off = |column: MoneyColumn| column.of(&stated) - column.of(&computed);
        // A column the file leaves out is taken from the other two (their findings say
        // it), or not in the file at all.
        let checked = self.columns.stated;
        let read = |column: MoneyColumn| unread & column.bit() == 0;
        for column in MoneyColumn::ALL
            .into_iter()
            .filter(|&c| checked.checks(c) && read(c))
        {
            let (stated, computed) = (column.of(&stated), column.of(&computed));
            if stated != computed {
                let formula = declared.formulas[column as usize].clone();
                let (computed_cell, field) = (formula.is_some(), self.fields && formula.is_some());
                let finding = kind(column, stated, computed, formula);
                self.push(finding, declared.line, self.columns.money(column));
                let mut found = hints(column, stated, computed);
                if column == MoneyColumn::Total {
                    // Aid off by the total's difference and counterpart right, or the
                    // other way round: the total carries that column's mistake.
                    let parts = [MoneyColumn::Aid, MoneyColumn::Counterpart];
                    for (part, other) in [(parts[0], parts[1]), (parts[1], parts[0])] {
                        if off(part) == off(column) && off(other).is_zero() {
                            found.insert(0, Hint::CarriedIntoTotal { column: part });
                        }
                    }
                }
                // A workbook formula over another money column's cells only: its
                // references are at fault.
                let other = (declared.formulas[column as usize].as_deref())
                    .filter(|_| !self.fields)
                    .and_then(hints::formula_column)
                    .filter(|&named| self.columns.money(column) != Some(named))
                    .and_then(|named| {
                        (MoneyColumn::ALL.into_iter())
                            .find(|&c| self.columns.money(c) == Some(named))
                    });
                if let Some(other) = other {
                    found.insert(0, Hint::FormulaOtherColumn { column: other });
                }
                // A formula's (or field's) figure is computed, not typed: no digit of it
                // was mistyped.
                if computed_cell {
                    found.retain(|h| {
                        !matches!(h, Hint::MistypedDigit { .. } | Hint::TransposedDigits)
                    });
                }
                if field {
                    found.insert(0, Hint::FieldNotUpdated);
                }
                self.hint_last(found);
            }
        }
    }

    /// The figures in the breakdowns' columns of the row on `line`, no longer waiting;
    /// none where it fills none.
    fn take_parts(&mut self, line: usize) -> Option<Vec<Option<Decimal>>> {
        self.part_rows.as_mut()?.remove(&line)
    }

    /// One finding per breakdown column where the row of sums on `line` (`subject`)
    /// declares a figure other than `computed`, the sum of the rows under it. A cell
    /// that is no number, or `x`, declares nothing.
    /// Where one of the rows summed (`rows_off`, those whose breakdowns are off) is off
    /// by the column's whole difference, that row's part is named as the likely mistake,
    /// here and under the row's own finding.
    fn compare_parts<'r>(
        &mut self,
        subject: &Subject,
        line: usize,
        computed: &PartSums,
        rows_off: impl Iterator<Item = &'r PartsOff> + Clone,
    ) {
        let Some(declared) = self.part_rows.as_ref().and_then(|rows| rows.get(&line)) else {
            return;
        };
        let off: Vec<(usize, Decimal, Decimal)> = (declared.iter().enumerate())
            .filter_map(|(at, &figure)| Some((at, figure?, computed.get(at)?)))
            .filter(|(_, declared, computed)| declared != computed)
            .collect();
        for (at, declared, computed) in off {
            let column = self.part_columns[at].clone();
            let difference = declared - computed;
            // Some rows' breakdowns off were not kept: no row is named.
            let kept = self.rows_off <= MAX_PARTS_OFF;
            let rows_off = rows_off.clone().filter(|_| kept);
            // The row whose breakdown is off by the difference, and its part put right.
            let mut at_fault = rows_off.filter_map(|row| {
                let off = row.off.iter().find(|(label, _)| *label == column.label)?.1;
                let should_be = row.figures.get(at).copied().flatten()? + difference;
                (off == difference && !should_be.is_sign_negative()).then_some((row, should_be))
            });
            // The row of sums' own breakdown off by as much: its figure is mistyped.
            let own_off = (self.breakdowns_off.get(&line).into_iter().flatten())
                .any(|(label, off)| *label == column.label && *off == -difference)
                && kept;
            let hints = match (at_fault.next(), at_fault.next()) {
                _ if own_off => vec![Hint::OwnPartOff {
                    should_be: computed,
                }],
                (Some((row, should_be)), None) => {
                    self.hint_breakdown_row(row.row.line, &column, line, should_be);
                    vec![Hint::PartOff {
                        row: row.row.clone(),
                        part: column.part.clone(),
                        should_be,
                    }]
                }
                _ => hints::for_figure(declared, computed),
            };
            let kind = FindingKind::BreakdownColumnSum {
                subject: subject.clone(),
                label: column.label,
                part: column.part,
                declared,
                computed,
            };
            self.push(kind, line, Some(column.column));
            self.hint_last(hints);
        }
    }

    /// Under the finding that the breakdown of the row on `line` does not add up (where
    /// it is listed): with its figure in `column` written as `should_be`, the sum on
    /// `sum_line` adds up too.
    fn hint_breakdown_row(
        &mut self,
        line: usize,
        column: &PartColumn,
        sum_line: usize,
        should_be: Decimal,
    ) {
        let found = self.findings.as_mut_slice().iter_mut().find(|finding| {
            finding.line == line
                && matches!(&finding.details, FindingKind::BreakdownSum { label, .. } if *label == column.label)
        });
        let Some(finding) = found else {
            return;
        };
        // The sector's sum and the grand total agree alike: one hint names both.
        let named = finding
            .hints
            .iter_mut()
            .find_map(|note| match &mut note.hint {
                Hint::PartAgrees {
                    lines,
                    part,
                    should_be: same,
                } if *part == column.part && *same == should_be => Some(lines),
                _ => None,
            });
        match named {
            Some(lines) => lines.push(sum_line),
            None => {
                let hint = Hint::PartAgrees {
                    lines: vec![sum_line],
                    part: column.part.clone(),
                    should_be,
                };
                finding.hints.splice(0..0, notes(vec![hint]));
            }
        }
    }

    /// The repeats among the numbers kept past the budget (the first the findings list),
    /// and how many more: searched for once, when the whole file is read.
    fn spilled_repeats(&mut self) -> Result<(Vec<Repeat>, usize), ReadError> {
        if let Some(found) = self.spilled.take() {
            return Ok(found);
        }
        let numbers = std::mem::replace(&mut self.numbers, Numbers::unbounded());
        numbers
            .finish(self.findings.cap())
            .map_err(cannot_read_numbers)
    }

    /// The findings that need the whole file (repeats among spilled numbers, sector rows,
    /// the grand total), then the findings listed in line order and those only counted
    /// ([`Listed`]). Fails only where numbers spilled to a temporary file cannot be read
    /// back.
    pub fn finish(mut self) -> Result<(Vec<Finding>, Unlisted), ReadError> {
        let (repeats, unlisted) = self.spilled_repeats()?;
        for repeat in repeats {
            self.repeat(repeat);
        }
        let severity = Rule::DuplicateNumber.severity();
        self.findings.count_unlisted(severity, unlisted);
        if self.projects == 0 {
            self.push(FindingKind::NoProjects, self.header_line, None);
        }
        let sectors = std::mem::take(&mut self.sectors);
        let figure_lines: FxHashSet<usize> = sectors
            .iter()
            .flat_map(|s| s.rows.iter().map(|(row, _)| row.line))
            .collect();
        // Rows found not to add up (not those with a cell that is no number).
        let rows_off: FxHashSet<usize> = (self.findings.as_slice().iter())
            .filter(|f| matches!(f.details, FindingKind::RowSum { .. }))
            .map(|f| f.line)
            .collect();
        // Of those, the ones whose figures look misread as decimals: the columns so read.
        let misread: FxHashMap<usize, u8> = (self.findings.as_slice().iter())
            .map(|f| {
                let columns = f.misread_columns().into_iter();
                (f.line, columns.fold(0, |bits, column| bits | column.bit()))
            })
            .filter(|&(_, bits)| bits != 0)
            .collect();
        let fields = self.fields;
        // The columns in which a sector's subtotal is no number: their sum is unknown.
        let mut unread_subtotals = 0;
        for (index, sector) in sectors.iter().enumerate() {
            for declared in &sector.declared {
                let name = |_: &Self| Subject::SectorRow {
                    sector: sector.name.clone(),
                };
                self.previous_row = None;
                let unread = self.row_identity(
                    name,
                    declared.line,
                    &declared.amounts,
                    declared.is_computed(),
                    declared.unread,
                );
                unread_subtotals |= unread;
                let next_first = sectors.get(index + 1).and_then(|next| next.rows.first());
                let formulas = |column: MoneyColumn| {
                    sectors
                        .iter()
                        .filter(|s| {
                            s.declared
                                .first()
                                .is_some_and(|d| d.formulas[column as usize].is_some())
                        })
                        .count()
                };
                let computed = self.compared(sector.sum());
                let stated = declared.amounts.or_zero();
                let rows = sector
                    .rows
                    .iter()
                    .filter(|(row, _)| rows_off.contains(&row.line));
                // A sum that leaves out cells that are not numbers says nothing of a row.
                let whole = sector.left_out.iter().all(Vec::is_empty);
                let row_off = hints::row_figure_off(&stated, &computed, rows).filter(|_| whole);
                let figure_hints = |column: MoneyColumn, d: Decimal, c: Decimal| {
                    let mut found = match hints::row_at_fault(&row_off, column) {
                        // The mistake is found in a row and the sum is right as declared:
                        // what would put the sum at fault (a digit, a row taken twice or
                        // from the next sector) is coincidence.
                        Some(hint) => vec![hint],
                        None => hints::for_sum(d, c, column, sector.rows.iter(), next_first),
                    };
                    match &declared.formulas[column as usize] {
                        // A document's field: its range is the table's, not the file's
                        // lines ([`Hint::FieldNotUpdated`] is given for every sum).
                        Some(_) if fields => {}
                        // The other hints read a difference that was never computed.
                        Some(formula)
                            if hints::formula_not_computed(
                                formula,
                                &sector.rows,
                                &figure_lines,
                                d,
                                c,
                            ) =>
                        {
                            found = vec![Hint::FormulaNotComputed];
                        }
                        Some(formula) => {
                            found.extend(hints::for_range(formula, &sector.rows, &figure_lines))
                        }
                        None => {
                            let formulas = formulas(column);
                            if formulas >= 2 {
                                found.push(Hint::TypedNotFormula { formulas });
                            }
                        }
                    }
                    found
                };
                let hints = |column: MoneyColumn, d: Decimal, c: Decimal| {
                    sum_hints(std::slice::from_ref(sector), column, &misread, || {
                        figure_hints(column, d, c)
                    })
                };
                self.compare_declared(
                    declared,
                    unread,
                    computed,
                    |column, d, c, formula| FindingKind::SectorSum {
                        sector: sector.name.clone(),
                        column,
                        declared: d,
                        computed: c,
                        formula,
                    },
                    hints,
                );
                self.sum_agrees(row_off, declared.line, false);
                let subject = Subject::SectorRow {
                    sector: sector.name.clone(),
                };
                self.compare_parts(
                    &subject,
                    declared.line,
                    &sector.parts,
                    sector.parts_off.iter(),
                );
            }
        }
        for group in std::mem::take(&mut self.groups) {
            let Some(declared) = &group.declared else {
                continue;
            };
            let name = SectorRef {
                code: Some(group.code.clone()),
                name: group.name.clone(),
            };
            self.previous_row = None;
            let unread = self.row_identity(
                |_: &Self| Subject::GroupRow {
                    group: name.clone(),
                },
                declared.line,
                &declared.amounts,
                declared.is_computed(),
                declared.unread,
            );
            let group_sectors = sectors
                .get(group.first..group.end.min(sectors.len()))
                .unwrap_or_default();
            let computed = self.sectors_total(group_sectors);
            // As under a sector: one row's own mistake that accounts for the whole
            // difference is the likely cause, and the group's figure is right.
            let rows = (group_sectors.iter())
                .flat_map(|sector| sector.rows.iter())
                .filter(|(row, _)| rows_off.contains(&row.line));
            let whole = group_sectors
                .iter()
                .all(|sector| sector.left_out.iter().all(Vec::is_empty));
            let row_off = hints::row_figure_off(&declared.amounts.or_zero(), &computed, rows)
                .filter(|_| whole);
            self.compare_declared(
                declared,
                unread,
                computed,
                |column, d, c, formula| FindingKind::GroupSum {
                    group: name.clone(),
                    column,
                    declared: d,
                    computed: c,
                    formula,
                },
                |column, d, c| {
                    sum_hints(
                        group_sectors,
                        column,
                        &misread,
                        || match hints::row_at_fault(&row_off, column) {
                            Some(hint) => vec![hint],
                            None => hints::for_figure(d, c),
                        },
                    )
                },
            );
            let parts = PartSums::of_sectors(group_sectors);
            let rows_off = group_sectors.iter().flat_map(|s| s.parts_off.iter());
            let subject = Subject::GroupRow { group: name };
            self.compare_parts(&subject, declared.line, &parts, rows_off);
        }
        if let Some(declared) = self.grand_total.take() {
            let off_rows = self.rows_found_off();
            self.check_grand_total(&declared, &sectors, unread_subtotals, &off_rows, &misread);
        }
        if self.inexact {
            return Err(ReadError::whole(crate::problem::Problem::InexactSums));
        }
        let (mut findings, unlisted) = self.findings.finish();
        at_their_cells(&mut findings);
        Ok((findings, unlisted))
    }

    /// The exact sum of `sectors`, to compare with a declared figure.
    fn sectors_total(&mut self, sectors: &[SectorState]) -> Totals {
        let sums: Option<Vec<Totals>> = sectors.iter().map(SectorState::sum).collect();
        let sum = sums.and_then(Totals::exact_total);
        self.compared(sum)
    }

    /// A sum to compare with a declared figure; where it is not exact (`None`), the
    /// check is refused at its end.
    fn compared(&mut self, sum: Option<Totals>) -> Totals {
        self.inexact |= sum.is_none();
        sum.unwrap_or_default()
    }

    /// Under the row at fault that [`hints::row_figure_off`] found, if any, says that the
    /// sum on `line` (the grand total's, or a sector's subtotal) agrees with its figure
    /// put right.
    fn sum_agrees(
        &mut self,
        row_off: Option<(RowRef, MoneyColumn, Decimal)>,
        line: usize,
        grand_total: bool,
    ) {
        if let Some((row, column, should_be)) = row_off {
            let hint = Hint::SumAgrees {
                line,
                column,
                should_be,
                grand_total,
            };
            self.hint_row(row.line, hint);
        }
    }

    /// The project and component rows found not to add up, with their figures; none
    /// where some findings are only counted (one of them could be another such row).
    fn rows_found_off(&self) -> Vec<(RowRef, Totals)> {
        if !self.findings.lists_all() {
            return Vec::new();
        }
        (self.findings.as_slice().iter())
            .filter_map(|f| {
                let FindingKind::RowSum {
                    subject,
                    total,
                    aid,
                    counterpart,
                } = &f.details
                else {
                    return None;
                };
                let (number, name, part) = match subject {
                    Subject::Project { number, name, .. } => (number, name, None),
                    Subject::Component {
                        number, name, part, ..
                    } => (number, name, part.clone()),
                    _ => return None,
                };
                // Named for its figures, not for where it stands: whether it is hidden
                // does not matter here.
                let row = RowRef {
                    line: f.line,
                    number: number.clone(),
                    name: name.clone(),
                    part,
                    hidden: false,
                };
                let figures = Totals {
                    total: *total,
                    aid: *aid,
                    counterpart: *counterpart,
                };
                Some((row, figures))
            })
            .collect()
    }

    /// `off_rows`: the project and component rows found not to add up.
    fn check_grand_total(
        &mut self,
        declared: &Declared,
        sectors: &[SectorState],
        unread_subtotals: u8,
        off_rows: &[(RowRef, Totals)],
        misread: &FxHashMap<usize, u8>,
    ) {
        let unread = self.row_identity(
            |_: &Self| Subject::GrandTotalRow,
            declared.line,
            &declared.amounts,
            declared.is_computed(),
            declared.unread,
        );
        let computed = self.sectors_total(sectors);
        let subtotals: Option<Vec<Totals>> = sectors
            .iter()
            .map(|s| s.declared.first().map(|d| d.amounts.or_zero()))
            .collect();
        let subtotals = subtotals.map(|all| self.compared(Totals::exact_total(all)));
        let stated = declared.amounts.or_zero();
        // The sectors whose subtotals differ from their projects in a column.
        let subtotals_off = |column: MoneyColumn| -> Vec<(SectorRef, usize)> {
            sectors
                .iter()
                .filter_map(|s| {
                    let d = s.declared.first()?;
                    (column.of(&d.amounts.or_zero()) != column.of(&s.sum().unwrap_or_default()))
                        .then(|| (s.name.clone(), d.line))
                })
                .collect()
        };
        // Where the grand total agrees with the subtotals, the mistake lies in the
        // sectors whose subtotals differ from their projects: name them. Where it agrees
        // with the projects instead, it lies in those sectors' subtotals. Found once a
        // column, for a finding and for its hints.
        let agrees = |column: MoneyColumn, with: &Totals| {
            column.of(with) == column.of(&stated) && unread_subtotals & column.bit() == 0
        };
        let origins = MoneyColumn::ALL.map(|column| match subtotals {
            Some(subtotals) if agrees(column, &subtotals) => subtotals_off(column),
            _ => Vec::new(),
        });
        let subtotal_origins = MoneyColumn::ALL.map(|column| match agrees(column, &computed) {
            true => subtotals_off(column),
            false => Vec::new(),
        });
        let all_rows = sectors.iter().flat_map(|s| s.rows.iter());
        // Where no sector declares a subtotal (a tidy file), one row's own mistake that
        // accounts for the whole difference is named under the grand total, as it is
        // under a sector's subtotal.
        let whole = sectors
            .iter()
            .all(|s| s.declared.is_empty() && s.left_out.iter().all(Vec::is_empty));
        let row_off = hints::row_figure_off(&stated, &computed, off_rows.iter()).filter(|_| whole);
        let figure_hints = |column: MoneyColumn, d: Decimal, c: Decimal| {
            if let Some(hint) = hints::row_at_fault(&row_off, column) {
                return vec![hint];
            }
            let mut found = Vec::new();
            let mut left_out = sectors.iter().filter(|s| {
                let figure = column.of(&s.sum().unwrap_or_default());
                !figure.is_zero() && d == c - figure
            });
            if let (Some(sector), None) = (left_out.next(), left_out.next()) {
                found.push(Hint::LeavesOutSector {
                    sector: sector
                        .name
                        .code
                        .clone()
                        .unwrap_or_else(|| sector.name.name.clone()),
                    line: sector.declared.first().map_or(0, |d| d.line),
                });
            }
            found.extend(hints::for_sum(d, c, column, all_rows.clone(), None));
            found
        };
        let hints = |column: MoneyColumn, d: Decimal, c: Decimal| {
            // Where the subtotals explain it, the sectors are named already; the figure
            // may still be misread as theirs are.
            if !origins[column as usize].is_empty() {
                return hints::sum_read_as_decimal(d, c).into_iter().collect();
            }
            sum_hints(sectors, column, misread, || figure_hints(column, d, c))
        };
        self.compare_declared(
            declared,
            unread,
            computed,
            |column, d, c, formula| FindingKind::GrandTotal {
                column,
                declared: d,
                computed: c,
                formula,
                origins: origins[column as usize].clone(),
            },
            hints,
        );
        self.sum_agrees(row_off, declared.line, true);
        let parts = PartSums::of_sectors(sectors);
        let rows_off = sectors.iter().flat_map(|s| s.parts_off.iter());
        self.compare_parts(&Subject::GrandTotalRow, declared.line, &parts, rows_off);
        if let Some(subtotals) = subtotals {
            self.compare_declared(
                declared,
                unread | unread_subtotals,
                subtotals,
                |column, d, c, formula| FindingKind::GrandTotalSubtotals {
                    column,
                    declared: d,
                    computed: c,
                    formula,
                    origins: subtotal_origins[column as usize].clone(),
                },
                // Where the sectors are named, a digit mistyped in the grand total is no
                // likely cause; the figure may still be misread as theirs are.
                |column, d, c| match subtotal_origins[column as usize].is_empty() {
                    true => hints::for_figure(d, c),
                    false => hints::sum_read_as_decimal(d, c).into_iter().collect(),
                },
            );
        }
    }
}

impl CatalogueSink for Checker {
    fn sector(&mut self, sector: Sector) {
        let name = SectorRef {
            code: sector.code,
            name: sector.name,
        };
        self.sectors.push(SectorState::new(name, sector.declared));
    }

    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        // The usual project (one row, no parts, no breakdowns, figures that add up) takes
        // the few lines here; the rest is out of line, so that the code run on every row
        // stays small (cachegrind's instruction-cache misses on tidy 100,000 rows: 5.6
        // million before, 2.2 million after).
        self.projects += 1;
        self.components += project.components.len();
        let subject = |checker: &Self| checker.project_subject(sector, project);
        // A project over its parts states their sums on its row.
        let own = project
            .declared
            .as_ref()
            .map_or(&project.amounts, |d| &d.amounts);
        let computed = project.declared.as_ref().is_some_and(|d| d.is_computed());
        let declares_nothing = project.declared.as_ref().map_or(0, |d| d.unread);
        let unreadable = self.row_identity(subject, project.line, own, computed, declares_nothing);
        self.previous_row = Some((project.line, own.or_zero()));
        // The rows whose figures are summed with cells that are not numbers (not a
        // project's row over its parts: its figures are compared, not summed).
        let mut left_out: Vec<(usize, u8)> = Vec::new();
        if unreadable != 0 && project.declared.is_none() {
            left_out.push((project.line, unreadable));
        }
        if !project.components.is_empty() {
            self.components_identity(sector, project, &mut left_out);
        }
        if let Some(declared) = &project.declared {
            self.over_parts(sector, project, declared, unreadable, &left_out);
        }
        if !self.part_columns.is_empty() {
            self.project_breakdowns(sector, project);
        }
        if !left_out.is_empty() {
            let state = &mut self.sectors[sector];
            for (line, columns) in left_out {
                state.leaves_out(line, columns);
            }
        }
        let state = &self.sectors[sector];
        if self.hint_rows < HINT_ROWS && (!state.declared.is_empty() || self.subtotal_rows) {
            self.keep_for_hints(sector, project);
        }
        let state = &mut self.sectors[sector];
        match project.totals() {
            Some(totals) => state.running.add(totals),
            None => state.inexact = true,
        }
        // Amounts written but unreadable are reported as such, not as missing.
        if project.has_no_amounts() && unreadable == 0 {
            self.no_amounts(sector, project);
        }
        self.period(&subject, project);
        if let Some(number) = project.number {
            self.number(sector, number, project.line, project.name);
        }
        Ok(())
    }

    /// A fork for a later range of a tidy file (where sector rows declare no figures, so
    /// no rows are kept for hints).
    fn fork(&self) -> Option<Self> {
        (!self.subtotal_rows).then(|| {
            let forked = Some(match &self.forked {
                Some(batch) => batch.sibling(),
                None => self.numbers.batch(),
            });
            let mut fork = Checker::empty(
                self.columns,
                self.header_line,
                self.programme,
                false,
                forked,
            );
            fork.part_columns = self.part_columns.clone();
            fork
        })
    }

    fn join(&mut self, mut later: Self, sectors: &[usize], shift: usize) -> Result<(), ReadError> {
        for finding in later.findings.as_mut_slice() {
            finding.line += shift;
            for note in &mut finding.hints {
                if let Hint::TotalOfRowAbove { line } = &mut note.hint {
                    *line += shift;
                }
            }
        }
        // The range's first row: its row above is this checker's last.
        if let Some(index) = later.needs_row_above
            && self.previous_row.is_some()
            && let FindingKind::RowSum {
                total,
                aid,
                counterpart,
                ..
            } = later.findings.as_mut_slice()[index].details
        {
            let figures = Totals {
                total,
                aid,
                counterpart,
            };
            later.findings.as_mut_slice()[index].hints = notes(self.row_hints(&figures, false));
        }
        self.findings.append(later.findings);
        let shifted = |line: usize| line + shift;
        (self.bad_lines)
            .extend((later.bad_lines.into_iter()).map(|(line, columns)| (shifted(line), columns)));
        self.projects += later.projects;
        self.components += later.components;
        if let Some((line, figures)) = later.previous_row {
            self.previous_row = Some((shifted(line), figures));
        }
        for (mut state, &index) in later.sectors.into_iter().zip(sectors) {
            for lines in &mut state.left_out {
                lines.iter_mut().for_each(|line| *line += shift);
            }
            // A tidy file's sector total rows (`Health Total`).
            for declared in &mut state.declared {
                declared.line += shift;
            }
            for off in &mut state.parts_off {
                off.row.line += shift;
            }
            match self.sectors.get_mut(index) {
                Some(known) => {
                    known.inexact |= state.inexact;
                    known.running.merge(state.running);
                    known.parts.add(&state.parts.0);
                    if self.rows_off + later.rows_off <= MAX_PARTS_OFF {
                        known.parts_off.append(&mut state.parts_off);
                    }
                    known.declared.append(&mut state.declared);
                    for (known, later) in known.left_out.iter_mut().zip(state.left_out) {
                        known.extend(later);
                        known.truncate(MAX_LEFT_OUT + 1);
                    }
                }
                None => self.sectors.push(state),
            }
        }
        // The rows of sums whose breakdowns are off (a tidy sector total, the grand total).
        self.rows_off += later.rows_off;
        match self.rows_off <= MAX_PARTS_OFF {
            true => (self.breakdowns_off)
                .extend((later.breakdowns_off.into_iter()).map(|(line, off)| (shifted(line), off))),
            // Too many to name one: none is kept.
            false => {
                self.breakdowns_off = FxHashMap::default();
                self.sectors
                    .iter_mut()
                    .for_each(|s| s.parts_off = Vec::new());
            }
        }
        // The rows still waiting: a sum's (the grand total's, a tidy sector total's).
        self.part_rows = match (self.part_rows.take(), later.part_rows) {
            (Some(mut rows), Some(later)) if rows.len() + later.len() <= MAX_PART_ROWS => {
                rows.extend(later.into_iter().map(|(line, row)| (shifted(line), row)));
                Some(rows)
            }
            _ => None,
        };
        if self.grand_total.is_none()
            && let Some(mut declared) = later.grand_total
        {
            declared.line = shifted(declared.line);
            self.grand_total = Some(declared);
        }
        if let Some(batch) = later.forked {
            let repeats = self
                .numbers
                .absorb(batch, sectors, shift)
                .map_err(cannot_read_numbers)?;
            for repeat in repeats {
                self.repeat(repeat);
            }
        }
        Ok(())
    }

    fn grand_total(&mut self, declared: Declared) {
        self.grand_total = Some(declared);
    }

    fn unnamed_lines(&mut self) -> Result<Vec<(usize, String)>, ReadError> {
        let found = self.spilled_repeats()?;
        let lines = (found.0.iter())
            .filter(|repeat| repeat.name.is_none())
            .map(|repeat| (repeat.line, repeat.number.clone()))
            .collect();
        self.spilled = Some(found);
        Ok(lines)
    }

    fn named(&mut self, projects: &[NamedProject]) -> Result<(), ReadError> {
        let Some((repeats, _)) = &mut self.spilled else {
            return Ok(());
        };
        for repeat in repeats.iter_mut().filter(|repeat| repeat.name.is_none()) {
            let at = projects.binary_search_by_key(&repeat.line, |project| project.line);
            match at.ok().map(|at| &projects[at]) {
                Some(project) if project.number.as_deref() == Some(repeat.number.as_str()) => {
                    repeat.name = Some(project.name.clone());
                }
                // Read again, the line holds another project.
                _ => return Err(ReadError::whole(crate::problem::Problem::FileChanged)),
            }
        }
        Ok(())
    }

    fn sector_subtotal(&mut self, sector: usize, declared: Declared) {
        if let Some(state) = self.sectors.get_mut(sector) {
            state.declared.push(declared);
        }
    }

    fn group(&mut self, group: Group) {
        self.groups.push(group);
    }

    fn bad_cell(&mut self, cell: BadCell) {
        let column = (self.columns.money_at(cell.column)).map_or(NOT_MONEY, MoneyColumn::bit);
        *self.bad_lines.entry(cell.line).or_default() |= column;
        let kind = FindingKind::NotANumber {
            text: cell.text,
            label: cell.label,
            reason: cell.reason,
        };
        self.push(kind, cell.line, Some(cell.column));
    }

    fn unplaced_row(&mut self, line: usize) {
        self.push(FindingKind::UnplacedRow, line, None);
    }

    fn ragged_row(&mut self, row: RaggedRow) {
        let kind = match row.shifted {
            // Short of the header's cells: its figures were read where they stand.
            Some(shifted) if row.cells < row.header_cells => FindingKind::MissingCells {
                cells: row.cells,
                header_cells: row.header_cells,
                shifted,
            },
            shifted => {
                if let Some(shifted) = shifted {
                    self.shifted_rows.insert(row.line, shifted);
                }
                FindingKind::ExtraCells {
                    cells: row.cells,
                    header_cells: row.header_cells,
                    shifted,
                }
            }
        };
        self.push(kind, row.line, None);
    }

    fn part_figures(&mut self, row: PartFigures) {
        for unread in &row.unreadable {
            let Some(column) = self.part_columns.get(unread.part) else {
                continue;
            };
            let kind = FindingKind::PartNotANumber {
                text: unread.text.clone(),
                label: column.label.clone(),
                part: column.part.clone(),
                reason: unread.reason,
            };
            self.push(kind, row.line, Some(column.column));
        }
        if let Some(rows) = &mut self.part_rows {
            match rows.len() < MAX_PART_ROWS {
                true => _ = rows.insert(row.line, row.figures),
                false => self.part_rows = None,
            }
        }
    }

    fn breakdown_off(&mut self, row: BreakdownOff) {
        let hints = hints::digit_hint(row.amount, row.sum);
        if !self.part_columns.is_empty() {
            self.rows_off += 1;
            if self.rows_off <= MAX_PARTS_OFF {
                let off = (self.breakdowns_off.entry(row.line)).or_default();
                off.push((row.label.clone(), row.amount - row.sum));
            }
        }
        let kind = FindingKind::BreakdownSum {
            number: row.number,
            name: row.name,
            label: row.label,
            column: row.of,
            amount: row.amount,
            parts: row.parts,
            sum: row.sum,
        };
        self.push(kind, row.line, Some(row.column));
        self.hint_last(hints.into_iter().collect());
    }
}

/// Hints as notes, their words written at report time.
fn notes(hints: Vec<Hint>) -> Vec<HintNote> {
    hints
        .into_iter()
        .map(|hint| HintNote {
            message: String::new(),
            hint,
        })
        .collect()
}

/// Runs every rule on a catalogue already in memory, fed as the reader feeds a file.
pub fn check(catalogue: &Catalogue) -> Vec<Finding> {
    let mut checker = Checker::new(catalogue);
    // Its projects are in memory already: so may their numbers and findings be (a
    // corrected copy needs every one), and nothing spills.
    checker.numbers = Numbers::unbounded();
    checker.findings = Listed::all();
    // The checker never refuses a project.
    let _ = catalogue.feed(&mut checker);
    // Numbers held in memory are never read back: finishing cannot fail.
    checker
        .finish()
        .map(|(findings, _)| findings)
        .unwrap_or_default()
}

/// The numbers spilled to a temporary file could not be read back.
fn cannot_read_numbers(error: std::io::Error) -> ReadError {
    ReadError {
        line: None,
        column: None,
        problem: Box::new(crate::problem::Problem::CannotRead {
            cause: crate::problem::SystemError::of(&error),
        }),
    }
}
