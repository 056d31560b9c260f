//! `aidcat check` as text: compiler-style lines and a summary line.

use crate::check::Severity;
use crate::report::check::{CheckReport, CheckedFile, FileReport};
use crate::text::plain;
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
pub fn text(report: &CheckReport, color: bool) -> String {
    let mut out = String::new();
    for file in &report.files {
        if let FileReport::Checked(checked) = file {
            file_text(&mut out, checked, color);
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

/// `error` in bold red, `warning` in bold yellow, when colour is on.
fn severity(severity: Severity, color: bool) -> String {
    match (color, severity) {
        (false, _) => severity.to_string(),
        (true, Severity::Error) => format!("\x1b[1;31m{severity}\x1b[0m"),
        (true, Severity::Warning) => format!("\x1b[1;33m{severity}\x1b[0m"),
    }
}

fn file_text(out: &mut String, file: &CheckedFile, color: bool) {
    let mut about = vec![
        format!("{} layout", file.layout),
        file.source.describe(),
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
    let path = plain(&file.path);
    let _ = writeln!(out, "{path}: {}", plain(&about.join("; ")));
    let _ = writeln!(
        out,
        "{path}: note: numbers read as {}",
        plain(&file.number_format_basis)
    );
    for finding in &file.findings {
        let place = plain(&format!(
            "{}:{}",
            file.path,
            file.source.location(finding.line, finding.column)
        ));
        let _ = writeln!(
            out,
            "{place}: {}[{}]: {}",
            severity(finding.severity, color),
            finding.rule.id(),
            plain(&finding.message)
        );
    }
}
