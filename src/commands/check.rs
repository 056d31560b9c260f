//! `aidcat check FILE...`

use super::Outcome;
use crate::check::check;
use crate::cli::{CheckArgs, CheckFormat};
use crate::read::read_catalogue;
use crate::render;
use crate::report::check::{CheckReport, CheckedFile, FileReport};
use anyhow::Result;
use std::io::Write;

pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome> {
    let options = args.input.read_options();
    let files = args
        .files
        .iter()
        .map(|path| match read_catalogue(path, &options) {
            Ok(catalogue) => {
                let findings = check(&catalogue);
                FileReport::Checked(Box::new(CheckedFile::new(&catalogue, findings)))
            }
            Err(error) => {
                eprintln!("aidcat: error: {error:#}");
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
    std::io::stdout().lock().write_all(rendered.as_bytes())?;
    Ok(if report.unreadable > 0 {
        Outcome::Unreadable
    } else if report.errors > 0 || (args.strict && report.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
