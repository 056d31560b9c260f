//! `aidcat report FILE... -o report.html`: one page to forward.

use super::totals::tables_of_totals;
use super::{Outcome, read_all};
use crate::cli::ReportArgs;
use crate::export::{self, html};
use crate::model::Catalogue;
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
    let mut page = Page::new(catalogues, plan, &args.rollup, lang, today())?;
    // A file's table of totals by sector, checked against its catalogues as `check`
    // checks it: shown with its first.
    let catalogues: Vec<&Catalogue> = page.files.iter().map(|file| &file.catalogue).collect();
    for (files, totals) in tables_of_totals(&catalogues, &options, lang) {
        page.files[files.start].totals = Some(totals);
    }
    super::warn_twice(&page.twice, lang);
    let errors: usize = page.files.iter().map(|f| f.counts().0).sum();
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
