//! `aidcat check FILE...`

use super::{Outcome, inputs, with_plan};
use crate::check::{Checker, Finding, FindingKind};
use crate::cli::CheckArgs;
use crate::export::{self, Format};
use crate::lang::Lang;
use crate::model::{Amounts, MoneyColumn, ProjectView, Reading, Source, Totals};
use crate::national;
use crate::read::{CatalogueSink, ReadError, ReadOptions, pipeline};
use crate::render;
use crate::report::check::findings_sheet;
use crate::report::check::{CheckReport, CheckedFile, FileReport};
use anyhow::Result;
use std::path::Path;

/// Checks one file as it is read.
fn check_file(path: &Path, options: &ReadOptions, quiet: bool, lang: Lang) -> Result<CheckedFile> {
    let (head, checker) = with_plan(path, quiet, |plan| {
        pipeline::run(path, options, plan, Checker::new)
    })?;
    CheckedFile::of_checker(&head, checker, lang)
}

/// The most rows a sheet of totals by sector has: a sheet with more is no such sheet,
/// and its rows are not kept.
const MAX_TOTALS_ROWS: usize = 256;
/// The most sheets looked at for one of totals: a workbook of thousands of sheets is
/// not read thousands of times over.
const MAX_TOTALS_CANDIDATES: usize = 16;

/// What `check` takes of a sheet beside a workbook's sheets of one sector each, as it is
/// read: the sum of its projects, and (a few at most) its rows, each its line, name and
/// figures.
struct SheetSums {
    /// `None` once past what a decimal holds exactly.
    sum: Option<Totals>,
    rows: Vec<(usize, String, Amounts)>,
    too_many: bool,
}

impl Default for SheetSums {
    fn default() -> Self {
        SheetSums {
            sum: Some(Totals::default()),
            rows: Vec::new(),
            too_many: false,
        }
    }
}

impl CatalogueSink for SheetSums {
    fn project(&mut self, _: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        self.sum = (self.sum).and_then(|sum| sum.exact_plus(project.totals()?));
        self.too_many |= self.rows.len() == MAX_TOTALS_ROWS;
        if !self.too_many {
            let row = (project.line, project.name.to_owned(), project.amounts);
            self.rows.push(row);
        }
        Ok(())
    }
}

/// A workbook of one sheet a sector ([`Reading::is_a_named_sector`]) and a sheet of their
/// totals (`Tổng hợp`: `Lĩnh vực | Số dự án | Tổng vốn …`, a row a sector): that sheet,
/// checked as a table of its own and each row against the sums of the projects on the
/// sheet named or titled after its sector (`sheet-totals`). The first visible sheet
/// other than the sectors' whose every row names one of them (among the first
/// [`MAX_TOTALS_CANDIDATES`]); `None` where there is none, or where `--sheet` names one.
fn check_totals_sheet(
    path: &Path,
    options: &ReadOptions,
    checked: &[&CheckedFile],
    quiet: bool,
    lang: Lang,
) -> Option<CheckedFile> {
    // Each sector's sheet, and the sector's name where its title names it.
    let (sectors, titles): (Vec<&str>, Vec<Option<&str>>) = (checked.iter())
        .filter(|c| Reading::is_a_named_sector(&c.readings))
        .filter_map(|c| Some((c.sheet.as_deref()?, Reading::title_sector(&c.readings))))
        .unzip();
    let Source::Workbook { sheets, .. } = &checked.first()?.source else {
        return None;
    };
    if sectors.is_empty() || options.sheet.is_some() {
        return None;
    }
    let sheet_options = |sheet: &str, totals_sheet: bool| ReadOptions {
        sheet: Some(sheet.to_owned()),
        totals_sheet,
        ..options.clone()
    };
    let names_sector = |at: usize, name: &str| {
        national::same_name(sectors[at], name)
            || titles[at].is_some_and(|title| national::same_name(title, name))
    };
    let sector_of = |name: &str| (0..sectors.len()).position(|at| names_sector(at, name));
    // Each candidate is read once, for its rows and checked as it is read.
    let (head, (totals, checker)) = (sheets.iter())
        .filter(|(sheet, hidden)| !hidden && !sectors.contains(&sheet.as_str()))
        .take(MAX_TOTALS_CANDIDATES)
        .find_map(|(sheet, _)| {
            let options = sheet_options(sheet, true);
            let (head, (totals, checker)) = with_plan(path, quiet, |plan| {
                pipeline::run(path, &options, plan, |head| {
                    (SheetSums::default(), Checker::new(head))
                })
            })
            .ok()?;
            let each_a_sector = !totals.too_many
                && !totals.rows.is_empty()
                && (totals.rows.iter()).all(|(_, name, _)| sector_of(name).is_some());
            each_a_sector.then_some((head, (totals, checker)))
        })?;
    // Each sector sheet's sums, as its projects add up.
    let sums: Vec<Option<Totals>> = (sectors.iter())
        .map(|sector| {
            let options = sheet_options(sector, false);
            let read = with_plan(path, true, |plan| {
                pipeline::run(path, &options, plan, |_| SheetSums::default())
            });
            read.ok()?.1.sum
        })
        .collect();
    let mut extra = Vec::new();
    for (line, name, amounts) in &totals.rows {
        let Some((at, sum)) = sector_of(name).and_then(|at| Some((at, sums[at]?))) else {
            continue;
        };
        for (column, index) in MoneyColumn::ALL.into_iter().zip(head.columns.money) {
            let computed = column.of(&sum);
            let Some(declared) = amounts.get(column).filter(|d| *d != computed) else {
                continue;
            };
            let kind = FindingKind::SheetTotals {
                sector: name.clone(),
                sheet: sectors[at].to_owned(),
                column,
                declared,
                computed,
            };
            extra.push(Finding::new(kind, *line, index));
        }
    }
    let mut checked = CheckedFile::of_checker_with(&head, checker, extra, lang).ok()?;
    let sheets = sectors.iter().map(|sector| (*sector).to_owned()).collect();
    checked.readings.push(Reading::TotalsOfSheets { sheets });
    Some(checked)
}

/// Checks a file, and each later visible sheet of a workbook (table of a document) that
/// holds a catalogue too, as a catalogue of its own: a check leaves none unread. A
/// hidden sheet (most often an old copy), and a later one that cannot be read as a
/// catalogue after all, stay named in the first's note; so do all of them where
/// `--sheet` or `--table` names one, or the file is standard input (read once).
fn check_catalogues(
    path: &Path,
    options: &ReadOptions,
    quiet: bool,
    lang: Lang,
) -> Vec<Result<CheckedFile>> {
    let first = check_file(path, options, quiet, lang);
    let mut first = match first {
        Ok(checked) if path != Path::new("-") => checked,
        other => return vec![other],
    };
    let (mut sheets, mut tables) = (Vec::new(), Vec::new());
    match &first.source {
        Source::Workbook { others, .. } if options.sheet.is_none() => {
            sheets = (others.iter())
                .filter(|sheet| !first.source.hides_sheet(sheet))
                .cloned()
                .collect();
        }
        Source::Document { others, .. } if options.table.is_none() => tables.clone_from(others),
        _ => {}
    }
    let mut checked = Vec::new();
    let (mut unread_sheets, mut unread_tables) = (Vec::new(), Vec::new());
    for sheet in sheets {
        let options = ReadOptions {
            sheet: Some(sheet.clone()),
            ..options.clone()
        };
        match check_file(path, &options, quiet, lang) {
            Ok(other) => checked.push(Ok(other)),
            Err(_) => unread_sheets.push(sheet),
        }
    }
    // A document's later catalogue may go on over the tables after it: those are read
    // with it, not again.
    let mut read_through = 0;
    for table in tables {
        if table <= read_through {
            continue;
        }
        let options = ReadOptions {
            table: Some(table),
            ..options.clone()
        };
        match check_file(path, &options, quiet, lang) {
            Ok(other) => {
                if let Source::Document { last, .. } = other.source {
                    read_through = last;
                }
                checked.push(Ok(other));
            }
            Err(_) => unread_tables.push(table),
        }
    }
    // A sheet of totals by sector beside one sheet a sector: checked against them (in
    // place of its reading as a catalogue of its own, where it was read so).
    let all: Vec<&CheckedFile> = std::iter::once(&first)
        .chain(checked.iter().flatten())
        .collect();
    let totals = check_totals_sheet(path, options, &all, quiet, lang);
    if let Some(totals) = totals {
        let sheet = totals.sheet.clone();
        unread_sheets.retain(|unread| Some(unread) != sheet.as_ref());
        match checked
            .iter()
            .position(|c| c.as_ref().is_ok_and(|c| c.sheet == sheet))
        {
            Some(at) => checked[at] = Ok(totals),
            None if first.sheet == sheet => first = totals,
            None => checked.push(Ok(totals)),
        }
    }
    if !checked.is_empty() {
        let source = &first.source;
        for reading in &mut first.readings {
            match reading {
                Reading::OtherSheets { sheets } => {
                    sheets
                        .retain(|sheet| source.hides_sheet(sheet) || unread_sheets.contains(sheet));
                }
                Reading::OtherTables { tables } => tables.clone_from(&unread_tables),
                _ => {}
            }
        }
        first.readings.retain(|reading| match reading {
            Reading::OtherSheets { sheets } => !sheets.is_empty(),
            Reading::OtherTables { tables } => !tables.is_empty(),
            _ => true,
        });
    }
    checked.insert(0, Ok(first));
    checked
}

pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome> {
    let options = args.input.read_options();
    let lang = args.output.lang();
    let format = args.output.format_or(Format::Table)?;
    super::refuse_workbook_on_terminal(&args.output, format)?;
    let paths = inputs::expand(&args.files)?;
    let files = paths
        .iter()
        .flat_map(|path| {
            let checked = check_catalogues(path, &options, args.quiet, lang);
            checked.into_iter().map(move |result| (path, result))
        })
        .filter_map(|(path, result)| match result {
            Ok(checked) => Some(FileReport::Checked(Box::new(checked))),
            Err(error)
                if let Some(passed) = inputs::passed_over(path, &args.files, &options, &error) =>
            {
                inputs::say_passed_over(passed, path, lang);
                None
            }
            Err(error) => {
                let message = lang.error(&error);
                crate::render::error_to_stderr(lang, &message);
                Some(FileReport::Unreadable {
                    path: path.display().to_string(),
                    error: message,
                })
            }
        })
        .collect();
    let report = CheckReport::new(files);
    let rendered = match format {
        Format::Table => render::check::text(&report, color, lang).into_bytes(),
        Format::Json => (serde_json::to_string_pretty(&report)? + "\n").into_bytes(),
        // CSV, Markdown and workbooks: one row per finding, as the findings sheet.
        other => {
            let extras = export::Extras {
                sheet_name: export::xlsx::findings_sheet_name(lang),
                findings: &[],
                lang,
            };
            export::render(
                &findings_sheet(&report, lang),
                other,
                args.output.width,
                &extras,
            )?
        }
    };
    export::write(&rendered, args.output.output.as_deref(), &args.files)?;
    Ok(if report.unreadable > 0 {
        Outcome::Unreadable
    } else if report.errors > 0 || (args.strict && report.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
