//! `aidcat list FILE...`

use super::{Outcome, emit, findings_for, read_all};
use crate::cli::ListArgs;
use crate::export::Format;
use crate::report::projects::{Filters, list};
use crate::report::summary::reading_notes;
use anyhow::Result;

pub fn run(args: &ListArgs) -> Result<Outcome> {
    let catalogues = read_all(&args.files, &args.input, args.output.lang())?.catalogues;
    let filters = Filters {
        sector: args.sector.clone(),
        owner: args.owner.clone(),
        location: args.location.clone(),
        year: args.year,
    };
    let lang = args.output.lang();
    let mut sheet = list(&catalogues, &filters, lang);
    let unread = catalogues.iter().map(|c| c.bad_cells.len()).sum();
    sheet.notes.extend(reading_notes(&catalogues, unread, lang));
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &args.files,
        "projects",
        &findings_for(&catalogues, &args.output, Format::Table)?,
    )
}
