//! `aidcat check FILE...`

use super::{Outcome, streaming};
use crate::check::check;
use crate::check::stream::check_stream;
use crate::cli::{CheckArgs, CheckFormat};
use crate::read::stream::Stream;
use crate::read::{ReadOptions, read_catalogue};
use crate::render;
use crate::report::check::{CheckReport, CheckedFile, FileReport};
use anyhow::Result;
use std::path::Path;

/// Checks one file: streamed when it is a large tidy file, else read in memory.
fn check_file(path: &Path, options: &ReadOptions, quiet: bool) -> Result<CheckedFile> {
    if let Some(stream) = Stream::open(path, options)? {
        let streamed = streaming(&stream, path, quiet, || check_stream(&stream, options))?;
        if let Some(streamed) = streamed {
            let counts = [streamed.sectors, streamed.projects, 0];
            return Ok(CheckedFile::with_counts(
                &streamed.catalogue,
                streamed.findings,
                counts,
            ));
        }
    }
    let catalogue = read_catalogue(path, options)?;
    let findings = check(&catalogue);
    Ok(CheckedFile::new(&catalogue, findings))
}

pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome> {
    let options = args.input.read_options();
    let files = args
        .files
        .iter()
        .map(|path| match check_file(path, &options, args.quiet) {
            Ok(checked) => FileReport::Checked(Box::new(checked)),
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
    crate::export::write(rendered.as_bytes(), None, &[])?;
    Ok(if report.unreadable > 0 {
        Outcome::Unreadable
    } else if report.errors > 0 || (args.strict && report.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
