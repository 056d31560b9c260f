//! `aidcat summary FILE...`: one file's totals, or a roll-up of many in one unit.

use super::totals::add_table_of_totals;
use super::{Outcome, emit, inputs, with_plan};
use crate::check::Checker;
use crate::cli::SummaryArgs;
use crate::export::Format;
use crate::problem::{Failure, Problem};
use crate::read::{ReadOptions, pipeline};
use crate::report::check::CheckedFile;
use crate::report::rollup::{self, Note, Summed};
use crate::report::summary::{Accumulator, GroupBy, SummarySink};
use crate::text::plain;
use anyhow::Result;

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
    let map = rollup::sector_map(&args.by, &args.rollup)?;
    let options = args.input.read_options();
    // A roll-up checks each file and says which have mistakes; a workbook carries the
    // findings on a second sheet.
    let format = args.output.format_or(Format::Table)?;
    let rolling_up = files.len() > 1;
    let checking = rolling_up || format == Format::Xlsx;
    let mut heads = Vec::with_capacity(files.len());
    let mut sums = Vec::with_capacity(files.len());
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let mut missing = Vec::new();
    let mut passed_over = Vec::new();
    for path in &files {
        let read_file = |options: &ReadOptions| {
            with_plan(path, args.quiet, |plan| {
                pipeline::run(path, options, plan, |head| {
                    let sums = Accumulator::new(&args.by, lang);
                    let checker = checking.then(|| Checker::new(head));
                    (SummarySink::new(sums, head, map.clone()), checker)
                })
            })
            .and_then(|(head, (sink, checker))| {
                let (sums, unmapped) = sink.finish(&head)?;
                Ok((head, (sums, unmapped, checker)))
            })
        };
        match read_file(&options) {
            Ok(first) => {
                // A workbook of one sheet a sector: its sectors are summed together.
                let read = inputs::with_sector_sheets(path, first, &options, read_file)?;
                let file_findings = findings.len();
                for (head, (file_sums, unmapped, checker)) in read {
                    if let Some(checker) = checker {
                        findings.push(CheckedFile::of_checker(&head, checker, lang)?);
                    }
                    sums.push(Summed {
                        sums: file_sums,
                        unmapped,
                    });
                    heads.push(head);
                }
                // A table of totals by sector beside them: its findings are the file's
                // too, though its rows are no sums'.
                add_table_of_totals(
                    path,
                    &options,
                    &mut findings,
                    file_findings,
                    args.quiet,
                    lang,
                );
                // One note a file, its sheets' (tables') findings counted together.
                let of_file = &findings[file_findings..];
                let errors = of_file.iter().map(|c| c.counts.errors).sum::<usize>();
                let warnings = of_file.iter().map(|c| c.counts.warnings).sum::<usize>();
                if let Some(first) = of_file.first().filter(|_| rolling_up)
                    && errors + warnings > 0
                {
                    notes.push(Note::Findings {
                        path: first.path.clone(),
                        province: first.province.clone(),
                        errors,
                        warnings,
                    });
                }
            }
            // One file alone: its error is the answer. In a roll-up the others go on,
            // and the totals say which file they lack.
            Err(error) if !rolling_up => return Err(error),
            // A folder of a programme holds its plan, and summaries, beside the catalogue.
            Err(error)
                if let Some(passed) = inputs::passed_over(path, &args.files, &options, &error) =>
            {
                passed_over.push((passed, path));
            }
            Err(error) => {
                let message = lang.error(&error);
                crate::render::error_to_stderr(lang, &message);
                missing.push(message);
            }
        }
    }
    if heads.is_empty() {
        return Ok(Outcome::Unreadable);
    }
    notes.extend(
        passed_over
            .iter()
            .map(|(passed, p)| inputs::passed_over_note(*passed, p)),
    );
    notes.extend(missing.iter().map(|m| Note::Missing { message: m.clone() }));
    let mut rolled = rollup::combine(&heads, sums, &args.by, &args.rollup, lang)?;
    super::warn_twice(&rolled.twice, lang);
    rolled
        .sheet
        .notes
        .extend(notes.iter().map(|note| lang.rollup_note(note)));
    rolled.sheet.notes.extend(std::mem::take(&mut rolled.twice));
    if format == Format::Csv {
        // CSV has no place for notes: the names the totals misplace, the files passed over
        // and those with findings go to the terminal (a file missing from the totals is
        // there already, as an error).
        let said = (notes.iter())
            .filter(|note| !matches!(note, Note::Missing { .. }))
            .map(|note| lang.rollup_note(note));
        for note in rolled.warnings.iter().cloned().chain(said) {
            crate::render::to_stderr(&format!("aidcat: {}\n", plain(&note)));
        }
        rolled.unit_column();
    }
    let sheet = rolled.sheet;
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &files,
        ("summary", "tổng hợp"),
        &findings,
    )?;
    Ok(if missing.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Unreadable
    })
}
