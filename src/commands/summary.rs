//! `aidcat summary FILE...`

use super::{Outcome, emit, findings_of, read_all};
use crate::cli::SummaryArgs;
use crate::export::Format;
use crate::report::summary::summary;
use anyhow::Result;

pub fn run(args: &SummaryArgs) -> Result<Outcome> {
    let catalogues = read_all(&args.files, &args.input)?;
    let sheet = summary(&catalogues, args.by, args.output.lang())?;
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &args.files,
        "summary",
        &findings_of(&catalogues),
    )
}
