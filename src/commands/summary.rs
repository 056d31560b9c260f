//! `aidcat summary FILE...`

use super::{Outcome, emit, findings_of, read_all, streaming};
use crate::cli::SummaryArgs;
use crate::export::Format;
use crate::read::stream::Stream;
use crate::report::summary::summary;
use crate::report::summary_stream::{sheet, summary_stream};
use anyhow::Result;

pub fn run(args: &SummaryArgs) -> Result<Outcome> {
    let lang = args.output.lang();
    // One large tidy file is streamed, unless a workbook with its findings is wanted.
    let workbook = args.output.format_or(Format::Table) == Format::Xlsx;
    let options = args.input.read_options();
    if let [path] = &args.files[..]
        && !workbook
        && let Some(stream) = Stream::open(path, &options)?
    {
        let streamed = streaming(&stream, path, args.quiet, || {
            summary_stream(&stream, args.by, lang, &options)
        })?;
        if let Some(accumulator) = streamed {
            let sheet = sheet(accumulator, &stream)?;
            return emit(
                &sheet,
                &args.output,
                Format::Table,
                &args.files,
                "summary",
                &[],
            );
        }
    }
    let catalogues = read_all(&args.files, &args.input)?;
    let sheet = summary(&catalogues, args.by, lang)?;
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &args.files,
        "summary",
        &findings_of(&catalogues),
    )
}
