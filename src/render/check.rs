//! `aidcat check` as text: compiler-style lines and a summary line.

use crate::report::check::{CheckReport, CheckedFile, FileReport};
use std::fmt::Write;

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// The text report. Unreadable files are reported on stderr by the caller, and counted
/// in the summary line here.
pub fn text(report: &CheckReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        if let FileReport::Checked(checked) = file {
            file_text(&mut out, checked);
        }
    }
    let checked = report.files.len() - report.unreadable;
    let _ = write!(
        out,
        "checked {}: {}, {}",
        plural(checked, "file"),
        plural(report.errors, "error"),
        plural(report.warnings, "warning")
    );
    if report.unreadable > 0 {
        let _ = write!(
            out,
            "; {} could not be read",
            plural(report.unreadable, "file")
        );
    }
    out.push('\n');
    out
}

fn file_text(out: &mut String, file: &CheckedFile) {
    let mut about = vec![
        format!("{} layout", file.layout),
        file.encoding.to_string(),
        format!("{}-separated", file.delimiter),
        format!(
            "{}, {}, {}",
            plural(file.counts.sectors, "sector"),
            plural(file.counts.projects, "project"),
            plural(file.counts.components, "component")
        ),
    ];
    if let Some(unit) = &file.unit {
        about.push(format!("unit {unit}"));
    }
    if let Some(period) = file.period {
        about.push(format!("programme {period}"));
    }
    if let Some(province) = &file.province {
        about.push(format!("province {province}"));
    }
    let _ = writeln!(out, "{}: {}", file.path, about.join("; "));
    let _ = writeln!(
        out,
        "{}: note: numbers read as {}",
        file.path, file.number_format_basis
    );
    for finding in &file.findings {
        let place = match finding.column {
            Some(column) => format!("{}:{}:{column}", file.path, finding.line),
            None => format!("{}:{}", file.path, finding.line),
        };
        let _ = writeln!(
            out,
            "{place}: {}[{}]: {}",
            finding.severity, finding.rule, finding.message
        );
    }
}
