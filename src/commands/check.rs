//! `aidcat check FILE...`

use super::{Outcome, with_plan};
use crate::check::Checker;
use crate::cli::{CheckArgs, CheckFormat};
use crate::lang::Lang;
use crate::read::{ReadOptions, pipeline};
use crate::render;
use crate::report::check::{CheckReport, CheckedFile, FileReport};
use crate::text::plain;
use anyhow::Result;
use std::path::Path;

/// Checks one file as it is read.
fn check_file(path: &Path, options: &ReadOptions, quiet: bool, lang: Lang) -> Result<CheckedFile> {
    let (head, checker) = with_plan(path, quiet, |plan| {
        pipeline::run(path, options, plan, Checker::new)
    })?;
    let counts = [checker.sector_count(), checker.projects, checker.components];
    Ok(CheckedFile::new(&head, checker.finish(), counts, lang))
}

pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome> {
    let options = args.input.read_options();
    let lang = Lang::from_env();
    let files = args
        .files
        .iter()
        .map(|path| match check_file(path, &options, args.quiet, lang) {
            Ok(checked) => FileReport::Checked(Box::new(checked)),
            Err(error) => {
                eprintln!("aidcat: error: {}", plain(&format!("{error:#}")));
                FileReport::Unreadable {
                    path: path.display().to_string(),
                    error: format!("{error:#}"),
                }
            }
        })
        .collect();
    let report = CheckReport::new(files);
    let rendered = match args.format {
        CheckFormat::Text => render::check::text(&report, color),
        CheckFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    crate::export::write(rendered.as_bytes(), None, &[])?;
    Ok(if report.unreadable > 0 {
        Outcome::Unreadable
    } else if report.errors > 0 || (args.strict && report.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
