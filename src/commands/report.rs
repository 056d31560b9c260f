//! `aidcat report FILE... -o report.html`: one page to forward.

use super::{Outcome, read_all};
use crate::cli::ReportArgs;
use crate::export::{self, html};
use crate::read::read_plan;
use crate::report::page::{Page, today};
use anyhow::Result;

pub fn run(args: &ReportArgs) -> Result<Outcome> {
    let lang = args.lang.unwrap_or_else(crate::lang::Lang::from_env);
    let read = read_all(&args.files, &args.input, lang)?;
    // A programme's folder holds its plan beside the catalogue: the page shows it, if it
    // has tasks (the folder's passed over a plan's template, its header alone, too).
    let options = args.input.read_options();
    let (plan_path, plan) = match (&args.plan, read.plans.first()) {
        (Some(path), _) => (Some(path), Some(read_plan(path, &options)?)),
        (None, Some(path)) => match read_plan(path, &options) {
            Ok(plan) => (Some(path), Some(plan)),
            Err(_) => (None, None),
        },
        (None, None) => (None, None),
    };
    let catalogues = read.catalogues;
    let page = Page::new(catalogues, plan, &args.rollup, lang, today())?;
    super::warn_twice(&page.twice, lang);
    let errors: usize = page.files.iter().map(|f| f.checked.counts.errors).sum();
    let mut inputs = args.files.clone();
    inputs.extend(plan_path.cloned());
    export::write(
        html::report(&page).as_bytes(),
        args.output.as_deref(),
        &inputs,
    )?;
    Ok(if errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
