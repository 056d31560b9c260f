//! `aidcat convert FILE...`

use super::{Outcome, emit, findings_of, read_all};
use crate::cli::ConvertArgs;
use crate::export::Format;
use crate::report::projects::tidy;
use anyhow::Result;

pub fn run(args: &ConvertArgs) -> Result<Outcome> {
    let catalogues = read_all(&args.files, &args.input)?;
    emit(
        &tidy(&catalogues),
        &args.output,
        Format::Csv,
        &args.files,
        "tidy",
        &findings_of(&catalogues, args.output.lang()),
    )
}
