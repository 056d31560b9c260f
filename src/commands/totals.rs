//! `check`'s look at a table of totals by sector (`Tổng hợp`: `Lĩnh vực | Số dự án |
//! Tổng vốn …`, a row a sector) beside a workbook's sheets (a document's tables) of one
//! sector each: each of its rows against the projects of its sector's sheet (table).

use super::with_plan;
use crate::check::{Checker, Finding, FindingKind};
use crate::lang::Lang;
use crate::model::{Amounts, MoneyColumn, ProjectView, Reading, Source, Totals};
use crate::national;
use crate::read::header::counts_projects;
use crate::read::pipeline::{self, Wanted};
use crate::read::rows::Row;
use crate::read::{CatalogueSink, ReadError, ReadOptions};
use crate::report::check::CheckedFile;
use std::path::Path;

/// The most rows a table of totals by sector has: a table with more is no such table,
/// and its rows are not kept.
const MAX_TOTALS_ROWS: usize = 256;
/// The most sheets (tables) looked at for one of totals: a workbook of thousands of
/// sheets is not read thousands of times over.
const MAX_TOTALS_CANDIDATES: usize = 16;

/// What `check` takes of a sheet (table) beside the sectors', or of a sector's, as it is
/// read: the sum of its projects, their count, and (a few at most) its rows, each its
/// line, name and figures.
struct PartSums {
    /// `None` once past what a decimal holds exactly.
    sum: Option<Totals>,
    projects: u64,
    rows: Vec<(usize, String, Amounts)>,
    too_many: bool,
}

impl Default for PartSums {
    fn default() -> Self {
        PartSums {
            sum: Some(Totals::default()),
            projects: 0,
            rows: Vec::new(),
            too_many: false,
        }
    }
}

impl CatalogueSink for PartSums {
    fn project(&mut self, _: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        self.sum = (self.sum).and_then(|sum| sum.exact_plus(project.totals()?));
        self.projects += 1;
        self.too_many |= self.rows.len() == MAX_TOTALS_ROWS;
        if !self.too_many {
            let row = (project.line, project.name.to_owned(), project.amounts);
            self.rows.push(row);
        }
        Ok(())
    }
}

/// The options that read the sheet (the table, and those going on with it) at `source`.
fn reading(source: &Source, options: &ReadOptions) -> Option<ReadOptions> {
    let (sheet, table) = match source {
        Source::Workbook { sheet, .. } => (Some(sheet.clone()), None),
        Source::Document { table, .. } => (None, Some(*table)),
        Source::Text { .. } => return None,
    };
    Some(ReadOptions {
        sheet,
        table,
        ..options.clone()
    })
}

/// The sheets a workbook's table of totals may be on (each visible one other than the
/// sectors'), or the tables a document's may be (each before its sectors', and the one
/// right after them): the options that read each.
fn candidates(first: &Source, sectors: &[&Source], options: &ReadOptions) -> Vec<ReadOptions> {
    let (sheets, tables): (Vec<String>, Vec<usize>) = match first {
        Source::Workbook { sheets, .. } => {
            let of_sectors: Vec<String> = sectors.iter().filter_map(|s| s.sheet()).collect();
            let others = (sheets.iter())
                .filter(|(sheet, hidden)| !hidden && !of_sectors.contains(sheet))
                .map(|(sheet, _)| sheet.clone());
            (others.collect(), Vec::new())
        }
        Source::Document { .. } => {
            let ranges = sectors.iter().filter_map(|s| match s {
                Source::Document { table, last, .. } => Some((*table, *last)),
                _ => None,
            });
            let (first_sector, last) = ranges.fold((usize::MAX, 0), |(first, last), range| {
                (first.min(range.0), last.max(range.1))
            });
            let before = 1..first_sector.min(last + 1);
            (
                Vec::new(),
                before.chain(std::iter::once(last + 1)).collect(),
            )
        }
        Source::Text { .. } => return Vec::new(),
    };
    let sheets = sheets.into_iter().map(|sheet| ReadOptions {
        sheet: Some(sheet),
        ..options.clone()
    });
    let tables = tables.into_iter().map(|table| ReadOptions {
        table: Some(table),
        ..options.clone()
    });
    sheets.chain(tables).take(MAX_TOTALS_CANDIDATES).collect()
}

/// The column (1-based) of the table of totals read with `options` that counts
/// projects (`Số dự án`), labelled above `first_line` (its first row), and the count
/// each row states there, by line, where it is a whole number.
fn stated_counts(
    path: &Path,
    options: &ReadOptions,
    first_line: usize,
) -> Option<(usize, Vec<(usize, u64)>)> {
    let table = pipeline::read_table(path, options, Wanted::Catalogue).ok()?;
    let above = table.rows.iter().take_while(|row| row.line < first_line);
    let column = (above.filter_map(|row| (0..row.len()).find(|&at| counts_projects(row.cell(at)))))
        .last()?;
    let count = |row: &Row| {
        let text = row.cell(column).trim();
        match !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            true => text.parse().ok(),
            false => row
                .number(column)
                .filter(|n| n.is_integer())?
                .try_into()
                .ok(),
        }
    };
    let counts = (table.rows.iter())
        .filter_map(|row| Some((row.line, count(row)?)))
        .collect();
    Some((column + 1, counts))
}

/// A file of one sheet (table) a sector ([`Reading::is_a_named_sector`]) and a sheet
/// (table) of their totals (`Tổng hợp`: `Lĩnh vực | Số dự án | Tổng vốn …`, a row a
/// sector): that sheet (table), checked as a table of its own and each row against the
/// sums of the projects on the sheet (in the table) named or titled after its sector
/// (`sheet-totals`), and its count of projects against theirs (`sheet-count`). The first
/// of the [`candidates`] whose every row names one of the sectors (among the first
/// [`MAX_TOTALS_CANDIDATES`]); `None` where there is none, or where `--sheet` or
/// `--table` names one.
pub fn check_table_of_totals(
    path: &Path,
    options: &ReadOptions,
    checked: &[&CheckedFile],
    quiet: bool,
    lang: Lang,
) -> Option<CheckedFile> {
    if options.sheet.is_some() || options.table.is_some() {
        return None;
    }
    // Each sector's sheet (table), and the sector's name where its title names it.
    let (sectors, titles): (Vec<&Source>, Vec<Option<&str>>) = (checked.iter())
        .filter(|c| Reading::is_a_named_sector(&c.readings))
        .map(|c| (&c.source, Reading::title_sector(&c.readings)))
        .unzip();
    if sectors.is_empty() {
        return None;
    }
    let names_sector = |at: usize, name: &str| {
        let sheet = match sectors[at] {
            Source::Workbook { sheet, .. } => Some(sheet.as_str()),
            _ => None,
        };
        (sheet.into_iter().chain(titles[at])).any(|named| national::same_name(named, name))
    };
    let sector_of = |name: &str| (0..sectors.len()).position(|at| names_sector(at, name));
    let totals_options = |options: ReadOptions| ReadOptions {
        totals_sheet: true,
        ..options
    };
    // Each candidate is read once, for its rows and checked as it is read.
    let (options, (head, (totals, checker))) =
        (candidates(&checked.first()?.source, &sectors, options).into_iter())
            .map(totals_options)
            .find_map(|options| {
                let (head, (totals, checker)) = with_plan(path, quiet, |plan| {
                    pipeline::run(path, &options, plan, |head| {
                        (PartSums::default(), Checker::new(head))
                    })
                })
                .ok()?;
                let each_a_sector = !totals.too_many
                    && !totals.rows.is_empty()
                    && (totals.rows.iter()).all(|(_, name, _)| sector_of(name).is_some());
                each_a_sector.then_some((options, (head, (totals, checker))))
            })?;
    // Each sector's sums and count, as its projects add up.
    let sums: Vec<Option<(Totals, u64)>> = (sectors.iter())
        .map(|sector| {
            let options = reading(sector, &options).map(|o| ReadOptions {
                totals_sheet: false,
                ..o
            })?;
            let read = with_plan(path, true, |plan| {
                pipeline::run(path, &options, plan, |_| PartSums::default())
            });
            let sums = read.ok()?.1;
            Some((sums.sum?, sums.projects))
        })
        .collect();
    let first_line = totals.rows.first().map_or(0, |row| row.0);
    let (count_column, counts) = stated_counts(path, &options, first_line).unwrap_or_default();
    let mut extra = Vec::new();
    for (line, name, amounts) in &totals.rows {
        let Some((at, (sum, projects))) = sector_of(name).and_then(|at| Some((at, sums[at]?)))
        else {
            continue;
        };
        let Some(part) = sectors[at].part() else {
            continue;
        };
        for (column, index) in MoneyColumn::ALL.into_iter().zip(head.columns.money) {
            let computed = column.of(&sum);
            let Some(declared) = amounts.get(column).filter(|d| *d != computed) else {
                continue;
            };
            let kind = FindingKind::SheetTotals {
                sector: name.clone(),
                part: part.clone(),
                column,
                declared,
                computed,
            };
            extra.push(Finding::new(kind, *line, index));
        }
        let stated = counts.iter().find(|(at, _)| at == line).map(|c| c.1);
        if let Some(declared) = stated.filter(|&count| count != projects) {
            let kind = FindingKind::SheetCount {
                sector: name.clone(),
                part,
                declared,
                counted: projects,
            };
            extra.push(Finding::new(kind, *line, Some(count_column)));
        }
    }
    let mut checked = CheckedFile::of_checker_with(&head, checker, extra, lang).ok()?;
    let note = match sectors[0] {
        Source::Document { .. } => Reading::TotalsOfTables {
            tables: sectors.iter().filter_map(|s| s.tables()).collect(),
        },
        _ => Reading::TotalsOfSheets {
            sheets: sectors.iter().filter_map(|s| s.sheet()).collect(),
        },
    };
    checked.readings.push(note);
    Some(checked)
}
