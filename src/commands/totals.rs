//! A table of totals by sector (`Tổng hợp`: `Lĩnh vực | Số dự án | Tổng vốn …`, a row a
//! sector) beside a workbook's sheets (a document's tables) of one sector each, or beside
//! a catalogue under its sector rows: found, and each of its rows compared with its
//! sector's projects, for `check` to say and `fix` to put right.

use super::with_plan;
use crate::check::{Checker, Finding, FindingKind};
use crate::lang::Lang;
use crate::model::{
    Amounts, Catalogue, Declared, MoneyColumn, ProjectView, Reading, Sector, Source, Totals,
};
use crate::national;
use crate::read::header::counts_projects;
use crate::read::pipeline::{self, Wanted};
use crate::read::rows::Row;
use crate::read::{CatalogueSink, ReadError, ReadOptions, Table, read_catalogue};
use crate::report::check::CheckedFile;
use std::path::Path;

/// A sector's sums and count of projects; `None` past what a decimal holds exactly.
type SectorFigures = Option<(Totals, u64)>;

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
    /// The line of its grand total's row, where it has one.
    grand_total: Option<usize>,
}

impl Default for PartSums {
    fn default() -> Self {
        PartSums {
            sum: Some(Totals::default()),
            projects: 0,
            rows: Vec::new(),
            too_many: false,
            grand_total: None,
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

    fn grand_total(&mut self, declared: Declared) {
        self.grand_total = Some(declared.line);
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
/// `sectors`'), or the tables a document's may be (each before its sectors', and the one
/// right after them): the options that read each.
fn candidates(sectors: &[&Source], options: &ReadOptions) -> Vec<ReadOptions> {
    let Some(first) = sectors.first() else {
        return Vec::new();
    };
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

/// The column (1-based) of the table of totals (its `rows`) that counts projects (`Số dự
/// án`), labelled above `first_line` (its first row), and the count each row states
/// there, by line, where it is a whole number.
fn stated_counts(rows: &[Row], first_line: usize) -> Option<(usize, Vec<(usize, u64)>)> {
    let above = rows.iter().take_while(|row| row.line < first_line);
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
    let counts = (rows.iter())
        .filter_map(|row| Some((row.line, count(row)?)))
        .collect();
    Some((column + 1, counts))
}

/// The sectors a table of totals by sector may total: a file's sheets (tables) of one
/// sector each ([`Reading::is_a_named_sector`]), or the sectors of one catalogue under
/// its sector rows. Where each sector's projects are read, and the names a row of
/// totals may give it.
pub struct SectorParts<'a> {
    sources: Vec<&'a Source>,
    names: Vec<Vec<String>>,
}

impl<'a> SectorParts<'a> {
    /// Those of the parts read (each its source and its readings) that are a sector's,
    /// each named by its sheet's name or the sector its title names. Read together as a
    /// file's sectors (`summary`, `list`), the first's note names the sheets (tables) that
    /// are, theirs none.
    pub fn of(read: impl Iterator<Item = (&'a Source, &'a [Reading])>) -> Self {
        let read: Vec<_> = read.collect();
        // The parts the first's note names, each with the sector its title names.
        let together: Option<Vec<(&str, Option<&str>)>> = read.first().and_then(|(_, readings)| {
            readings.iter().find_map(|reading| match reading {
                Reading::SheetSectors { sheets } if sheets.len() > 1 => {
                    Some(sheets.iter().map(|sheet| (sheet.as_str(), None)).collect())
                }
                Reading::TableSectors { tables, sectors } => Some(
                    (tables.iter().enumerate())
                        .map(|(at, t)| (t.as_str(), sectors.get(at).map(String::as_str)))
                        .collect(),
                ),
                _ => None,
            })
        });
        let mut sources = Vec::new();
        let mut names = Vec::new();
        for (source, readings) in read {
            let sector = match (&together, source) {
                (None, _) => match Reading::is_a_named_sector(readings) {
                    true => Some(Reading::title_sector(readings)),
                    false => None,
                },
                (Some(parts), Source::Workbook { sheet, .. }) => {
                    (parts.iter()).find(|(part, _)| part == sheet).map(|_| None)
                }
                (Some(parts), _) => source.tables().and_then(|tables| {
                    (parts.iter())
                        .find(|(part, _)| *part == tables)
                        .map(|(_, sector)| *sector)
                }),
            };
            if let Some(sector) = sector {
                sources.push(source);
                names.push(part_names(source, sector.filter(|s| !s.is_empty())));
            }
        }
        SectorParts { sources, names }
    }

    /// The sectors of the one catalogue read at `source`, by their names.
    pub fn within(source: &'a Source, names: impl Iterator<Item = String>) -> Self {
        let names: Vec<Vec<String>> = names.map(|name| vec![name]).collect();
        SectorParts {
            sources: vec![source; names.len()],
            names,
        }
    }

    /// The sector (by its place among the parts) a row of totals named `name` is: the
    /// one of that name; else the only one of the national sector it names (a row
    /// `Nông nghiệp` for a sector `Lĩnh vực nông nghiệp và phát triển nông thôn`).
    fn sector_of(&self, name: &str) -> Option<usize> {
        let exact = (self.names.iter())
            .position(|names| names.iter().any(|n| national::same_name(n, name)));
        exact.or_else(|| {
            let national = national::national_sector_of(name)?;
            let of_it = |at: &usize| {
                (self.names[*at].iter()).any(|n| national::national_sector_of(n) == Some(national))
            };
            let mut found = (0..self.names.len()).filter(of_it);
            let first = found.next()?;
            found.next().is_none().then_some(first)
        })
    }

    /// The table of their totals ([`find`], with `also` fed as it is read).
    fn find_totals<S: CatalogueSink + Send + Sync>(
        &self,
        path: &Path,
        options: &ReadOptions,
        quiet: bool,
        also: impl Fn(&Catalogue) -> S,
    ) -> Option<Found<S>> {
        let is_a_sector = |name: &str| self.sector_of(name).is_some();
        find(path, options, &self.sources, quiet, also, is_a_sector)
    }

    /// The note that the table of totals is checked against these parts.
    fn note(&self) -> Reading {
        let mut parts: Vec<String> = match self.sources.first() {
            Some(Source::Document { .. }) => {
                self.sources.iter().filter_map(|s| s.tables()).collect()
            }
            _ => self.sources.iter().filter_map(|s| s.sheet()).collect(),
        };
        parts.dedup();
        match self.sources.first() {
            Some(Source::Document { .. }) => Reading::TotalsOfTables { tables: parts },
            _ => Reading::TotalsOfSheets { sheets: parts },
        }
    }
}

/// The sectors of a file's catalogues read whole, as [`super::inputs::with_sector_sheets`]
/// gives them: each a sheet's (table's) of one sector, or the first's under its sector
/// rows; each with its sums (`sector_totals` of catalogue `i`'s sectors: as read, or as
/// `fix` corrects them) and its count of projects.
pub fn sectors_read<'a>(
    catalogues: &[&'a Catalogue],
    sector_totals: impl Fn(usize) -> Vec<Option<Totals>>,
) -> Option<(SectorParts<'a>, Vec<SectorFigures>)> {
    let first = catalogues.first()?;
    if Reading::is_a_named_sector(&first.readings) {
        let (sources, names) = (catalogues.iter())
            .map(|c| {
                let sector = c.sectors.first().map(|s| s.name.as_str());
                (&c.source, part_names(&c.source, sector))
            })
            .unzip();
        let sums = (0..catalogues.len())
            .map(|at| {
                let sums = sector_totals(at).into_iter().collect::<Option<Vec<_>>>()?;
                let sum = Totals::exact_total(sums)?;
                Some((sum, catalogues[at].project_count() as u64))
            })
            .collect();
        return Some((SectorParts { sources, names }, sums));
    }
    let sectors = &first.sectors;
    let sums = (sectors.iter().zip(sector_totals(0)))
        .map(|(sector, totals)| Some((totals?, sector.projects.len() as u64)))
        .collect();
    let names = sectors.iter().map(|sector| sector.name.clone());
    Some((SectorParts::within(&first.source, names), sums))
}

/// The names a row of totals may give the sector of the part read at `source`: the
/// sheet's, and the sector's (as its title names it, or as read).
fn part_names(source: &Source, sector: Option<&str>) -> Vec<String> {
    let sheet = match source {
        Source::Workbook { sheet, .. } => Some(sheet.as_str()),
        _ => None,
    };
    sheet.into_iter().chain(sector).map(str::to_owned).collect()
}

/// What `check` takes of a catalogue whose sectors stand under sector rows, as it is
/// read: each sector's name, and the sum and count of its projects.
#[derive(Default)]
struct SectorSums {
    names: Vec<String>,
    /// `None` once past what a decimal holds exactly.
    sums: Vec<SectorFigures>,
}

impl CatalogueSink for SectorSums {
    fn sector(&mut self, sector: Sector) {
        self.names.push(sector.name);
        self.sums.push(Some((Totals::default(), 0)));
    }

    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        if let Some(sum) = self.sums.get_mut(sector) {
            *sum =
                sum.and_then(|(sum, count)| Some((sum.exact_plus(project.totals()?)?, count + 1)));
        }
        Ok(())
    }

    fn reads_words(&self) -> bool {
        false
    }
}

/// A table of totals found: the options that read it, its head, what it sums, and what
/// `also` (a sink read with it) took.
struct Found<S> {
    options: ReadOptions,
    head: Catalogue,
    rows: PartSums,
    also: S,
}

/// The first of the [`candidates`] beside the sectors read at `sources` (among the first
/// [`MAX_TOTALS_CANDIDATES`]) that is a table of their totals: every row names one of
/// them (`is_a_sector`, asked only of a table read). Each is read once, with `also` fed
/// as it is read. `None` where there is none, or where `--sheet` or `--table` names one
/// part.
fn find<S: CatalogueSink + Send + Sync>(
    path: &Path,
    options: &ReadOptions,
    sources: &[&Source],
    quiet: bool,
    also: impl Fn(&Catalogue) -> S,
    is_a_sector: impl Fn(&str) -> bool,
) -> Option<Found<S>> {
    if options.sheet.is_some() || options.table.is_some() {
        return None;
    }
    (candidates(sources, options).into_iter()).find_map(|options| {
        let options = ReadOptions {
            totals_sheet: true,
            ..options
        };
        let (head, (rows, also)) = with_plan(path, quiet, |plan| {
            pipeline::run(path, &options, plan, |head| {
                (PartSums::default(), also(head))
            })
        })
        .ok()?;
        let each_a_sector = !rows.too_many
            && !rows.rows.is_empty()
            && (rows.rows.iter()).all(|(_, name, _)| is_a_sector(name));
        each_a_sector.then_some(Found {
            options,
            head,
            rows,
            also,
        })
    })
}

/// The findings on the rows of the table of totals found (`totals`, `rows` as its table
/// holds them): each row's figures against `sums`, each sector's sums and count of
/// projects by its place among `sectors` (`sheet-totals`), and its count against theirs,
/// the grand total's against all of theirs (`sheet-count`).
fn against_sectors(
    rows: &[Row],
    totals: &Found<impl Sized>,
    sectors: &SectorParts,
    sums: &[SectorFigures],
) -> Vec<Finding> {
    let first_line = totals.rows.rows.first().map_or(0, |row| row.0);
    let (count_column, counts) = stated_counts(rows, first_line).unwrap_or_default();
    let mut found = Vec::new();
    for (line, name, amounts) in &totals.rows.rows {
        let Some((at, (sum, projects))) =
            (sectors.sector_of(name)).and_then(|at| Some((at, sums.get(at).copied()??)))
        else {
            continue;
        };
        let Some(part) = sectors.sources[at].part() else {
            continue;
        };
        for (column, index) in MoneyColumn::ALL.into_iter().zip(totals.head.columns.money) {
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
            found.push(Finding::new(kind, *line, index));
        }
        let stated = counts.iter().find(|(at, _)| at == line).map(|c| c.1);
        if let Some(declared) = stated.filter(|&count| count != projects) {
            let kind = FindingKind::SheetCount {
                sector: name.clone(),
                part,
                declared,
                counted: projects,
            };
            found.push(Finding::new(kind, *line, Some(count_column)));
        }
    }
    // The grand total's count against every sector's projects.
    let counted: Option<u64> = sums.iter().map(|sum| Some(sum.as_ref()?.1)).sum();
    let stated = (totals.rows.grand_total)
        .and_then(|line| Some((line, counts.iter().find(|(at, _)| *at == line)?.1)));
    if let Some(((line, declared), counted)) = stated.zip(counted)
        && declared != counted
    {
        let kind = FindingKind::TotalsCount { declared, counted };
        found.push(Finding::new(kind, line, Some(count_column)));
    }
    found
}

/// A file of one sheet (table) a sector ([`Reading::is_a_named_sector`]), or a
/// catalogue under sector rows, and a sheet (table) of their totals (`Tổng hợp`: `Lĩnh
/// vực | Số dự án | Tổng vốn …`, a row a sector): that sheet (table), checked as a table
/// of its own and each row against the sums of its sector's projects (on the sheet, in
/// the table, named or titled after it; or under its row in the catalogue)
/// (`sheet-totals`), and its count of projects against theirs (`sheet-count`). `None`
/// where there is none ([`find`]).
pub fn check_table_of_totals(
    path: &Path,
    options: &ReadOptions,
    checked: &[&CheckedFile],
    quiet: bool,
    lang: Lang,
) -> Option<CheckedFile> {
    let read = checked.iter().map(|c| (&c.source, c.readings.as_slice()));
    let named = SectorParts::of(read);
    if !named.sources.is_empty() {
        let totals = named.find_totals(path, options, quiet, Checker::new)?;
        // Each sector's sums and count, as its projects add up.
        let sums: Vec<SectorFigures> = (named.sources.iter())
            .map(|sector| {
                let options = reading(sector, options)?;
                let read = with_plan(path, true, |plan| {
                    pipeline::run(path, &options, plan, |_| PartSums::default())
                });
                let sums = read.ok()?.1;
                Some((sums.sum?, sums.projects))
            })
            .collect();
        return checked_against(path, totals, &named, &sums, lang);
    }
    // The sectors of the catalogue read first, under its sector rows: read once a
    // candidate for their totals is.
    let first = &checked.first()?.source;
    let within = std::cell::OnceCell::new();
    let sectors_within = || {
        within
            .get_or_init(|| {
                let options = reading(first, options)?;
                let read = with_plan(path, true, |plan| {
                    pipeline::run(path, &options, plan, |_| SectorSums::default())
                });
                let sums = read.ok()?.1;
                Some((
                    SectorParts::within(first, sums.names.into_iter()),
                    sums.sums,
                ))
            })
            .as_ref()
    };
    let is_a_sector =
        |name: &str| sectors_within().is_some_and(|(parts, _)| parts.sector_of(name).is_some());
    let totals = find(path, options, &[first], quiet, Checker::new, is_a_sector)?;
    let (sectors, sums) = sectors_within()?;
    checked_against(path, totals, sectors, sums, lang)
}

/// Adds to a file's findings as read together (`findings[from..]`, its sheets' or
/// tables', `summary`'s and `list`'s) those of a table of totals by sector beside them,
/// checked as [`check_table_of_totals`] checks it. None where the file was not checked.
pub fn add_table_of_totals(
    path: &Path,
    options: &ReadOptions,
    findings: &mut Vec<CheckedFile>,
    from: usize,
    quiet: bool,
    lang: Lang,
) {
    if findings.len() > from {
        let read: Vec<&CheckedFile> = findings[from..].iter().collect();
        let totals = check_table_of_totals(path, options, &read, quiet, lang);
        findings.extend(totals);
    }
}

/// The table of totals found in `path`, checked as a table of its own and against
/// `sectors` and their `sums` ([`against_sectors`]), with the note of what it was
/// checked against.
fn checked_against(
    path: &Path,
    totals: Found<Checker>,
    sectors: &SectorParts,
    sums: &[SectorFigures],
    lang: Lang,
) -> Option<CheckedFile> {
    // Its cells as the table holds them, for its counts of projects (a column no
    // catalogue reads).
    let table = pipeline::read_table(path, &totals.options, Wanted::Catalogue);
    let rows = table.map(|table| table.rows).unwrap_or_default();
    let found = against_sectors(&rows, &totals, sectors, sums);
    let mut checked = CheckedFile::of_checker_with(&totals.head, totals.also, found, lang).ok()?;
    checked.readings.push(sectors.note());
    Some(checked)
}

/// The table of totals beside a file's catalogues read whole (`report`'s), checked as
/// [`check_table_of_totals`] checks it: against their sectors as read.
fn check_table_of_totals_read(
    path: &Path,
    options: &ReadOptions,
    catalogues: &[&Catalogue],
    lang: Lang,
) -> Option<CheckedFile> {
    let (sectors, sums) = sectors_read(catalogues, |at| {
        catalogues[at].sectors.iter().map(Sector::totals).collect()
    })?;
    let totals = sectors.find_totals(path, options, true, Checker::new)?;
    checked_against(path, totals, &sectors, &sums, lang)
}

/// The table of totals beside each file's catalogues among `catalogues` (a file's come
/// one after another, as read), checked against them: each with the places of its
/// file's catalogues. Standard input (read once) has none.
pub fn tables_of_totals(
    catalogues: &[&Catalogue],
    options: &ReadOptions,
    lang: Lang,
) -> Vec<(std::ops::Range<usize>, CheckedFile)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < catalogues.len() {
        let path = &catalogues[at].path;
        let end = at
            + (catalogues[at..].iter())
                .take_while(|c| &c.path == path)
                .count();
        let file = &catalogues[at..end];
        if path != "-"
            && let Some(totals) = check_table_of_totals_read(Path::new(path), options, file, lang)
        {
            found.push((at..end, totals));
        }
        at = end;
    }
    found
}

/// The table of totals beside `sectors` (as [`check_table_of_totals`] finds it), read
/// whole, with its findings against the sectors' sums and counts after `fix` puts them
/// right (`sums`, by the sectors' places): what `fix` corrects it by. `None` where there
/// is none.
pub fn table_of_totals_to_fix(
    path: &Path,
    options: &ReadOptions,
    sectors: &SectorParts,
    sums: &[SectorFigures],
) -> Option<(Catalogue, Table, Vec<Finding>)> {
    let totals = sectors.find_totals(path, options, true, |_| None::<Checker>)?;
    let catalogue = read_catalogue(path, &totals.options).ok()?;
    let table = pipeline::read_table(path, &totals.options, Wanted::Catalogue).ok()?;
    let found = against_sectors(&table.rows, &totals, sectors, sums);
    Some((catalogue, table, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of totals names its sector as the catalogue does, or in short (`Nông nghiệp`
    /// for `Lĩnh vực nông nghiệp và phát triển nông thôn`); a short name two sectors
    /// share, or none of them, names none.
    #[test]
    fn a_row_of_totals_names_its_sector_in_full_or_in_short() {
        let source = Source::Text {
            encoding: crate::read::TextEncoding::Utf8,
            legacy_font: None,
            delimiter: ',',
            line_style: Default::default(),
        };
        let names = [
            "Lĩnh vực nông nghiệp và phát triển nông thôn",
            "Y tế, chăm sóc sức khỏe nhân dân",
            "Giáo dục và đào tạo",
        ];
        let parts = SectorParts::within(&source, names.iter().map(|n| (*n).to_owned()));
        for (row, sector) in [
            ("II - Y tế, chăm sóc sức khỏe nhân dân", Some(1)),
            ("Nông nghiệp", Some(0)),
            ("Lĩnh vực y tế", Some(1)),
            ("GIÁO DỤC", Some(2)),
            ("Tổng cộng", None),
            ("Văn hóa, thể thao", None),
        ] {
            assert_eq!(parts.sector_of(row), sector, "{row}");
        }
        let twice = ["Y tế dự phòng", "Y tế cơ sở"].map(str::to_owned);
        let parts = SectorParts::within(&source, twice.into_iter());
        assert_eq!(parts.sector_of("Y tế"), None);
    }
}
