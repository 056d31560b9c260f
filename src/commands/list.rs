//! `aidcat list FILE...`

use super::{Outcome, emit, findings_of, read_all};
use crate::cli::ListArgs;
use crate::export::Format;
use crate::report::projects::{Filters, list};
use anyhow::Result;

pub fn run(args: &ListArgs) -> Result<Outcome> {
    let catalogues = read_all(&args.files, &args.input)?;
    let filters = Filters {
        sector: args.sector.clone(),
        owner: args.owner.clone(),
        location: args.location.clone(),
        year: args.year,
    };
    let sheet = list(&catalogues, &filters, args.output.lang());
    emit(
        &sheet,
        &args.output,
        Format::Table,
        &args.files,
        "projects",
        &findings_of(&catalogues, args.output.lang()),
    )
}
