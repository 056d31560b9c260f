//! `aidcat convert FILE...`

use super::{Outcome, emit, findings_for, read_all};
use crate::cli::ConvertArgs;
use crate::export::Format;
use crate::report::projects::tidy;
use crate::report::summary::common_unit;
use anyhow::Result;

pub fn run(args: &ConvertArgs) -> Result<Outcome> {
    let lang = args.output.lang();
    let catalogues = read_all(&args.files, &args.input, lang)?.catalogues;
    let options = args.input.read_options();
    // The tidy file states one unit, in its money columns' headers: files in different
    // units are refused as `summary` refuses them.
    let unit = common_unit(&catalogues)?;
    emit(
        &tidy(&catalogues, unit.as_deref(), lang)?,
        &args.output,
        Format::Csv,
        &args.files,
        ("tidy", "danh mục"),
        &findings_for(&catalogues, &options, &args.output, Format::Csv)?,
    )
}
