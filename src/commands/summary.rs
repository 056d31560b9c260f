//! `aidcat summary FILE...`: one file's totals, or a roll-up of many in one unit.

use super::{Outcome, emit, inputs, with_plan};
use crate::check::Checker;
use crate::cli::SummaryArgs;
use crate::export::Format;
use crate::model::Catalogue;
use crate::national::SectorMap;
use crate::problem::{Failure, Problem};
use crate::read::pipeline;
use crate::report::check::CheckedFile;
use crate::report::rollup::{self, FileUnit};
use crate::report::sheet::{Cell, Column, Kind};
use crate::report::summary::{Accumulator, GroupBy, SummarySink, Unmapped};
use crate::text::plain;
use anyhow::Result;
use std::sync::Arc;

/// One file read into its own sums, in its own unit.
struct Summed {
    head: Catalogue,
    sums: Accumulator,
    unmapped: Vec<Unmapped>,
    checked: Option<CheckedFile>,
}

/// At most two groupings, each once.
fn check_groupings(by: &[GroupBy]) -> Result<()> {
    let repeated = by.iter().enumerate().any(|(i, g)| by[..i].contains(g));
    if by.len() > 2 || repeated {
        return Err(Failure::error("--by", Problem::Groupings));
    }
    Ok(())
}

pub fn run(args: &SummaryArgs) -> Result<Outcome> {
    let lang = args.output.lang();
    check_groupings(&args.by)?;
    let files = inputs::expand(&args.files)?;
    super::refuse_repeated_inputs(&files)?;
    let rates = rollup::rate_arguments(&args.rate)?;
    let map = if args.by.contains(&GroupBy::NationalSector) {
        Some(Arc::new(SectorMap::load(args.sectors.as_deref())?))
    } else {
        None
    };
    let options = args.input.read_options();
    // A roll-up checks each file and says which have mistakes; a workbook carries the
    // findings on a second sheet.
    let format = args.output.format_or(Format::Table)?;
    let rolling_up = files.len() > 1;
    let checking = rolling_up || format == Format::Xlsx;
    let mut summed = Vec::new();
    let mut missing = Vec::new();
    let mut plans = Vec::new();
    for path in &files {
        let read = with_plan(path, args.quiet, |plan| {
            pipeline::run(path, &options, plan, |head| {
                let sums = Accumulator::new(&args.by, lang);
                let checker = checking.then(|| Checker::new(head));
                (SummarySink::new(sums, head, map.clone()), checker)
            })
        });
        match read {
            Ok((head, (sink, checker))) => {
                let (sums, unmapped) = sink.finish(&head);
                let checked = checker.map(|checker| {
                    let counts = [checker.sector_count(), checker.projects, checker.components];
                    CheckedFile::new(&head, checker.finish(), counts, lang)
                });
                summed.push(Summed {
                    head,
                    sums,
                    unmapped,
                    checked,
                });
            }
            // One file alone: its error is the answer. In a roll-up the others go on,
            // and the totals say which file they lack.
            Err(error) if !rolling_up => return Err(error),
            // A folder of a programme holds its implementation plan beside the catalogue.
            Err(_) if crate::read::read_plan(path, &options).is_ok() => {
                plans.push(path.display().to_string());
            }
            Err(error) => {
                let message = lang.error(&error);
                eprintln!("aidcat: {}: {}", lang.pick("error", "lỗi"), plain(&message));
                missing.push(message);
            }
        }
    }
    if summed.is_empty() {
        return Ok(Outcome::Unreadable);
    }
    let file_units: Vec<FileUnit<'_>> = summed
        .iter()
        .map(|s| FileUnit {
            path: &s.head.path,
            unit: s.head.metadata.unit.as_deref(),
            rate: s.head.metadata.rate.as_deref(),
        })
        .collect();
    let units = rollup::plan(&file_units, args.unit.as_deref(), &rates, lang)?;
    let mut total = Accumulator::new(&args.by, lang);
    let mut notes = units.notes;
    let mut unmapped = Vec::new();
    let mut heads = Vec::with_capacity(summed.len());
    let mut findings = Vec::new();
    for (file, conversion) in summed.into_iter().zip(&units.conversions) {
        total
            .merge(file.sums, conversion)
            .map_err(|e| match e.downcast::<Failure>() {
                Ok(failure) => Failure::error(&file.head.path, failure.problem),
                Err(other) => other,
            })?;
        unmapped.extend(file.unmapped);
        if let Some(checked) = file.checked {
            let counts = &checked.counts;
            if rolling_up && counts.errors + counts.warnings > 0 {
                let province = checked.province.as_deref();
                notes.push(rollup::findings_note(
                    &checked.path,
                    province,
                    counts.errors,
                    counts.warnings,
                    lang,
                ));
            }
            findings.push(checked);
        }
        heads.push(file.head);
    }
    notes.extend(plans.iter().map(|p| rollup::plan_note(p, lang)));
    notes.extend(missing.iter().map(|m| rollup::missing_note(m, lang)));
    let warnings = rollup::unmapped_notes(&unmapped, lang);
    // CSV has no place for notes: the names the totals misplace go to the terminal.
    if format == Format::Csv {
        for warning in &warnings {
            eprintln!("aidcat: {}", plain(warning));
        }
    }
    let mut sheet = total.finish(&heads, units.label.as_deref());
    sheet.notes.extend(warnings);
    sheet.notes.extend(notes);
    // Converted figures say their unit (and rate) in every output: CSV, which has no
    // title, in a column.
    if format == Format::Csv
        && units.converted
        && let Some(label) = &units.label
    {
        sheet.columns.push(Column::new("unit", "", Kind::Text));
        for row in &mut sheet.rows {
            row.push(Cell::text(label));
        }
    }
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &files,
        "summary",
        &findings,
    )?;
    Ok(if missing.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Unreadable
    })
}
