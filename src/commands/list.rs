//! `aidcat list FILE...`: the projects that pass the filters, folded from each file as
//! it is read (only the rows listed are held).

use super::totals::add_table_of_totals;
use super::{Outcome, emit, inputs, with_plan};
use crate::check::Checker;
use crate::cli::ListArgs;
use crate::export::Format;
use crate::problem::{Failure, Problem};
use crate::read::{MAX_ROWS, ReadOptions, pipeline};
use crate::report::check::CheckedFile;
use crate::report::projects::{Filters, ProjectList, list};
use crate::report::summary::common_unit;
use anyhow::Result;
use std::sync::Arc;

pub fn run(args: &ListArgs) -> Result<Outcome> {
    let lang = args.output.lang();
    let files = inputs::expand(&args.files)?;
    super::refuse_repeated_inputs(&files)?;
    let options = args.input.read_options();
    let filters = Arc::new(Filters {
        sector: args.sector.clone(),
        owner: args.owner.clone(),
        location: args.location.clone(),
        year: args.year,
    });
    // A workbook carries the findings on a second sheet.
    let checking = args.output.format_or(Format::Table)? == Format::Xlsx;
    let mut heads = Vec::with_capacity(files.len());
    let mut listed = Vec::with_capacity(files.len());
    let mut findings = Vec::new();
    let rows = std::cell::Cell::new(0);
    for path in &files {
        // Each file (and sheet) within the room the ones before it left.
        let read_file = |options: &ReadOptions| {
            let (head, (file, checker)) = with_plan(path, false, |plan| {
                pipeline::run(path, options, plan, |head| {
                    let checker = checking.then(|| Checker::new(head));
                    (
                        ProjectList::new(filters.clone(), MAX_ROWS - rows.get()),
                        checker,
                    )
                })
            })?;
            let file = file.finish(&head.path)?;
            rows.set(rows.get() + file.row_count());
            Ok((head, (file, checker)))
        };
        let first = match read_file(&options) {
            Ok(read) => read,
            // A folder of a programme holds its plan, and summaries, beside the catalogue.
            Err(error)
                if let Some(passed) = inputs::passed_over(path, &args.files, &options, &error) =>
            {
                inputs::say_passed_over(passed, path, lang);
                continue;
            }
            Err(error) => return Err(error),
        };
        // A workbook of one sheet a sector: its sectors are listed together.
        let file_findings = findings.len();
        for (head, (file, checker)) in inputs::with_sector_sheets(path, first, &options, read_file)?
        {
            if let Some(checker) = checker {
                findings.push(CheckedFile::of_checker(&head, checker, lang)?);
            }
            listed.push(file);
            heads.push(head);
        }
        // A table of totals by sector beside them: its findings are the file's too.
        add_table_of_totals(path, &options, &mut findings, file_findings, false, lang);
    }
    // One total row, in one unit: files in different units are refused as `summary`
    // refuses them without a rate (the total row summed dollars with Triệu đồng).
    let unit = common_unit(&heads)?;
    let sheet = list(&heads, listed, unit.as_deref(), lang)
        .ok_or_else(|| Failure::error("", Problem::InexactSums))?;
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &args.files,
        ("projects", "dự án"),
        &findings,
    )
}
