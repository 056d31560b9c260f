//! `aidcat check FILE...`

use super::totals::check_table_of_totals;
use super::{Outcome, inputs, with_plan};
use crate::check::Checker;
use crate::cli::CheckArgs;
use crate::export::{self, Format};
use crate::lang::Lang;
use crate::model::{Reading, Source};
use crate::read::{ReadOptions, pipeline};
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

/// The most later sheets (tables) `check` reads as catalogues of their own: each is read
/// from the file again, so a workbook of ten thousand sheets (a document of ten thousand
/// tables) is not read ten thousand times over. Those past it are named as not read.
const MAX_LATER_CATALOGUES: usize = 64;

/// Checks a file, and each later visible sheet of a workbook (table of a document) that
/// holds a catalogue too, as a catalogue of its own: a check leaves none unread (of the
/// first [`MAX_LATER_CATALOGUES`]; those past it are named as not read). A hidden sheet
/// (most often an old copy), and a later one that cannot be read as a catalogue after
/// all, stay named in the first's note; so do all of them where `--sheet` or `--table`
/// names one, or the file is standard input (read once). A table of totals by sector
/// beside them is checked against them ([`check_table_of_totals`]).
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
        Source::Workbook {
            others,
            sheets: all,
            ..
        } if options.sheet.is_none() => {
            // A set: a workbook may have ten thousand sheets.
            let hidden: rustc_hash::FxHashSet<&str> = (all.iter())
                .filter(|(_, hidden)| *hidden)
                .map(|(sheet, _)| sheet.as_str())
                .collect();
            sheets = (others.iter())
                .filter(|sheet| !hidden.contains(sheet.as_str()))
                .cloned()
                .collect();
        }
        Source::Document { others, .. } if options.table.is_none() => tables.clone_from(others),
        _ => {}
    }
    let mut checked = Vec::new();
    let mut unread_tables = Vec::new();
    for sheet in sheets.into_iter().take(MAX_LATER_CATALOGUES) {
        let options = ReadOptions {
            sheet: Some(sheet),
            ..options.clone()
        };
        if let Ok(other) = check_file(path, &options, quiet, lang) {
            checked.push(Ok(other));
        }
    }
    // A document's later catalogue may go on over the tables after it: those are read
    // with it, not again.
    let mut read_through = 0;
    for table in tables {
        if table <= read_through {
            continue;
        }
        if checked.len() == MAX_LATER_CATALOGUES {
            unread_tables.push(table);
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
    // A sheet (table) of totals by sector beside one sheet (table) a sector, or beside
    // the sector rows of the catalogue read first: checked against them (in place of its
    // reading as a catalogue of its own, where it was read so).
    let all: Vec<&CheckedFile> = std::iter::once(&first)
        .chain(checked.iter().flatten())
        .collect();
    let totals = check_table_of_totals(path, options, &all, quiet, lang);
    if let Some(totals) = totals {
        let sheet = totals.sheet.clone();
        if let Source::Document { table, .. } = totals.source {
            unread_tables.retain(|unread| *unread != table);
        }
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
        // The later sheets checked (at most [`MAX_LATER_CATALOGUES`] and a sheet of
        // totals): the note names the others, hidden, unreadable or past the bound.
        let read: Vec<&str> = (checked.iter().flatten())
            .filter_map(|c| c.sheet.as_deref())
            .collect();
        for reading in &mut first.readings {
            match reading {
                Reading::OtherSheets { sheets } => {
                    sheets.retain(|sheet| !read.contains(&sheet.as_str()));
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
