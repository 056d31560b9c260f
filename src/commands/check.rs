//! `aidcat check FILE...`

use super::{Outcome, inputs, with_plan};
use crate::check::Checker;
use crate::cli::CheckArgs;
use crate::export::{self, Format};
use crate::lang::Lang;
use crate::read::{ReadOptions, pipeline};
use crate::render;
use crate::report::check::findings_sheet;
use crate::report::check::{CheckReport, CheckedFile, FileReport};
use anyhow::Result;
use std::path::Path;

/// Checks one file as it is read.
fn check_file(path: &Path, options: &ReadOptions, quiet: bool, lang: Lang) -> Result<CheckedFile> {
    let (head, checker) = with_plan(path, quiet, |plan| {
        pipeline::run(path, options, plan, Checker::new)
    })?;
    CheckedFile::of_checker(&head, checker, lang)
}

pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome> {
    let options = args.input.read_options();
    let lang = args.output.lang();
    let format = args.output.format_or(Format::Table)?;
    super::refuse_workbook_on_terminal(&args.output, format)?;
    let paths = inputs::expand(&args.files)?;
    let files = paths
        .iter()
        .filter_map(|path| match check_file(path, &options, args.quiet, lang) {
            Ok(checked) => Some(FileReport::Checked(Box::new(checked))),
            Err(error)
                if let Some(passed) = inputs::passed_over(path, &args.files, &options, &error) =>
            {
                inputs::say_passed_over(passed, path, lang);
                None
            }
            Err(error) => {
                let message = lang.error(&error);
                crate::render::error_to_stderr(lang, &message);
                Some(FileReport::Unreadable {
                    path: path.display().to_string(),
                    error: message,
                })
            }
        })
        .collect();
    let report = CheckReport::new(files);
    let rendered = match format {
        Format::Table => render::check::text(&report, color, lang).into_bytes(),
        Format::Json => (serde_json::to_string_pretty(&report)? + "\n").into_bytes(),
        // CSV, Markdown and workbooks: one row per finding, as the findings sheet.
        other => {
            let extras = export::Extras {
                sheet_name: export::xlsx::findings_sheet_name(lang),
                findings: &[],
                lang,
            };
            export::render(
                &findings_sheet(&report, lang),
                other,
                args.output.width,
                &extras,
            )?
        }
    };
    export::write(&rendered, args.output.output.as_deref(), &args.files)?;
    Ok(if report.unreadable > 0 {
        Outcome::Unreadable
    } else if report.errors > 0 || (args.strict && report.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
