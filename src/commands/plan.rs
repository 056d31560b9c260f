//! `aidcat plan FILE`

use super::{Outcome, emit};
use crate::cli::{PlanArgs, PlanBy};
use crate::export::Format;
use crate::read::read_plan;
use crate::report::plan::{Agency, by_agency, tasks};
use anyhow::Result;

pub fn run(args: &PlanArgs) -> Result<Outcome> {
    let plan = read_plan(&args.file, &args.text.read_options())?;
    let lang = args.output.lang();
    let sheet = match args.by {
        Some(PlanBy::Lead) => by_agency(&plan, Agency::Lead, args.year, lang),
        Some(PlanBy::Partner) => by_agency(&plan, Agency::Partner, args.year, lang),
        None => tasks(&plan, args.year, lang),
    };
    let inputs = std::slice::from_ref(&args.file);
    emit(
        &sheet,
        &args.output,
        Format::Table,
        inputs,
        ("plan", "kế hoạch"),
        &[],
    )
}
