//! `aidcat summary FILE...`

use super::{Outcome, emit, with_plan};
use crate::check::Checker;
use crate::cli::SummaryArgs;
use crate::export::Format;
use crate::read::pipeline;
use crate::report::check::CheckedFile;
use crate::report::summary::{Accumulator, SummarySink};
use anyhow::Result;

pub fn run(args: &SummaryArgs) -> Result<Outcome> {
    let lang = args.output.lang();
    super::refuse_repeated_inputs(&args.files)?;
    let options = args.input.read_options();
    // A workbook carries the files' findings on a second sheet.
    let with_findings = args.output.format_or(Format::Table)? == Format::Xlsx;
    let mut accumulator = Accumulator::new(args.by, lang);
    let mut heads = Vec::new();
    let mut findings = Vec::new();
    for path in &args.files {
        let before = accumulator;
        let (head, (sink, checker)) = with_plan(path, args.quiet, |plan| {
            pipeline::run(path, &options, plan, |head| {
                let checker = with_findings.then(|| Checker::new(head));
                (SummarySink::new(before.clone(), head), checker)
            })
        })?;
        accumulator = sink.finish(&head);
        if let Some(checker) = checker {
            let counts = [checker.sector_count(), checker.projects, checker.components];
            findings.push(CheckedFile::new(&head, checker.finish(), counts, lang));
        }
        heads.push(head);
    }
    let sheet = accumulator.finish(&heads)?;
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &args.files,
        "summary",
        &findings,
    )
}
