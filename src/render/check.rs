//! `aidcat check` as text: compiler-style lines and a summary line, in English or
//! Vietnamese. Rule ids stay as they are in both: they are for machines.

use crate::check::{LISTED_FINDINGS, Severity};
use crate::lang::Lang;
use crate::model::{Layout, Reading, Source};
use crate::report::check::{CheckReport, CheckedFile, FileReport};
use crate::text::plain;
use std::fmt::Write;

/// `3 errors`, `1 error`; in Vietnamese nouns do not change: `3 lỗi`.
/// The text report. Unreadable files are reported on stderr by the caller, and counted
/// in the summary line here.
pub fn text(report: &CheckReport, color: bool, lang: Lang) -> String {
    let mut out = String::new();
    for file in &report.files {
        if let FileReport::Checked(checked) = file {
            file_text(&mut out, checked, color, lang);
        }
    }
    let checked = report.files.len() - report.unreadable;
    // A workbook's sheets (a document's tables) that each hold a catalogue are each
    // checked: the file is counted once, and its catalogues beside it.
    let mut paths: Vec<&str> = (report.files.iter())
        .filter_map(|file| match file {
            FileReport::Checked(checked) => Some(checked.path.as_str()),
            FileReport::Unreadable { .. } => None,
        })
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let catalogues = match checked > paths.len() {
        true => format!(" ({})", lang.count(checked, "catalogue", "danh mục")),
        false => String::new(),
    };
    let _ = write!(
        out,
        "{} {}{catalogues}: {}, {}",
        lang.pick("checked", "đã kiểm tra"),
        lang.count(paths.len(), "file", "tệp"),
        lang.count(report.errors, "error", "lỗi"),
        lang.count(report.warnings, "warning", "cảnh báo")
    );
    if report.unreadable > 0 {
        let _ = write!(
            out,
            "; {} {}",
            lang.count(report.unreadable, "file", "tệp"),
            lang.pick("could not be read", "không đọc được")
        );
    }
    out.push('\n');
    out
}

/// `error` in bold red, `warning` in bold yellow, when colour is on.
fn severity(severity: Severity, color: bool, lang: Lang) -> String {
    let word = lang.severity(severity);
    match (color, severity) {
        (false, _) => word.to_owned(),
        (true, Severity::Error) => format!("\x1b[1;31m{word}\x1b[0m"),
        (true, Severity::Warning) => format!("\x1b[1;33m{word}\x1b[0m"),
    }
}

/// Where the rows came from: `UTF-8; comma-separated`, `xlsx sheet Sheet1`.
fn source(source: &Source, lang: Lang) -> String {
    match (lang, source) {
        (
            Lang::En,
            Source::Text {
                encoding,
                delimiter,
                ..
            },
        ) => format!(
            "{encoding}; {}-separated",
            crate::read::delimiter_name(*delimiter)
        ),
        (Lang::En, Source::Workbook { format, sheet, .. }) => format!("{format} sheet {sheet}"),
        (Lang::En, Source::Document { format, .. }) => {
            format!("{format} {}", source.sheet().unwrap_or_default())
        }
        (
            Lang::Vi,
            Source::Text {
                encoding,
                delimiter,
                ..
            },
        ) => {
            let by = match delimiter {
                '\t' => "dấu tab",
                ',' => "dấu phẩy",
                ';' => "dấu chấm phẩy",
                _ => "ký tự khác",
            };
            format!("{encoding}; phân cách bằng {by}")
        }
        (Lang::Vi, Source::Workbook { format, sheet, .. }) => {
            format!("trang tính {sheet} ({format})")
        }
        (Lang::Vi, Source::Document { format, .. }) => {
            format!("bảng {} ({format})", source.tables().unwrap_or_default())
        }
    }
}

/// How a file was read, in the order a reader wants it: its layout, where its rows came
/// from, and what it holds.
pub fn read_as(file: &CheckedFile, lang: Lang) -> Vec<String> {
    let layout = match (file.layout, lang) {
        (Layout::Published, Lang::En) => "published layout",
        (Layout::Tidy, Lang::En) => "tidy layout",
        (Layout::Published, Lang::Vi) => "bố cục như bản công bố",
        (Layout::Tidy, Lang::Vi) => "bố cục mỗi dòng một dự án",
    };
    // A table of totals by sector is read a row a project: it is said as what it is.
    let of_totals = (file.readings.iter()).any(|reading| {
        matches!(
            reading,
            Reading::TotalsOfSheets { .. } | Reading::TotalsOfTables { .. }
        )
    });
    let counts = match of_totals {
        true => format!(
            "{}, {}",
            lang.pick("a table of totals by sector", "bảng tổng hợp theo lĩnh vực"),
            lang.count(file.counts.projects, "row", "dòng")
        ),
        false => format!(
            "{}, {}, {}",
            lang.count(file.counts.sectors, "sector", "lĩnh vực"),
            lang.count(file.counts.projects, "project", "dự án"),
            lang.count(file.counts.components, "component", "hạng mục")
        ),
    };
    vec![layout.to_owned(), source(&file.source, lang), counts]
}

/// The columns of the header that nothing reads: `columns not read: `Ghi chú``.
pub fn unread_columns(file: &CheckedFile, lang: Lang) -> Option<String> {
    if file.unread_columns.is_empty() {
        return None;
    }
    let named: Vec<String> = file
        .unread_columns
        .iter()
        .map(|l| format!("`{l}`"))
        .collect();
    Some(format!(
        "{} {}",
        lang.pick("columns not read:", "cột không đọc:"),
        named.join(", ")
    ))
}

/// The notes on a file's reading: how its numbers were read, and the readings taken
/// where the layout allows two. Unescaped: callers make them plain for where they go.
pub fn notes(file: &CheckedFile, lang: Lang) -> Vec<String> {
    let numbers = format!(
        "{} {}",
        lang.pick("numbers read as", "số liệu đọc theo"),
        lang.number_format(&file.number_format)
    );
    std::iter::once(numbers)
        .chain(file.readings.iter().map(|r| lang.reading(r)))
        .collect()
}

fn file_text(out: &mut String, file: &CheckedFile, color: bool, lang: Lang) {
    let mut about = read_as(file, lang);
    if let Some(unit) = &file.unit {
        about.push(format!("{} {unit}", lang.pick("unit", "đơn vị")));
    }
    if let Some(period) = file.period {
        about.push(format!("{} {period}", lang.pick("programme", "giai đoạn")));
    }
    if let Some(province) = &file.province {
        about.push(format!("{} {province}", lang.pick("province", "tỉnh")));
    }
    about.extend(unread_columns(file, lang));
    let path = plain(&file.path);
    let _ = writeln!(out, "{path}: {}", plain(&about.join("; ")));
    for note in notes(file, lang) {
        let _ = writeln!(
            out,
            "{path}: {} {}",
            lang.pick("note:", "ghi chú:"),
            plain(&note)
        );
    }
    for finding in &file.findings {
        let place = plain(&format!(
            "{}:{}",
            file.path,
            file.source.location(finding.line, finding.column)
        ));
        let _ = writeln!(
            out,
            "{place}: {}[{}]: {}",
            severity(finding.severity, color, lang),
            finding.rule.id(),
            plain(&finding.message)
        );
        for note in &finding.hints {
            let _ = writeln!(
                out,
                "  = {}: {}",
                lang.pick("hint", "gợi ý"),
                plain(&note.message)
            );
        }
    }
    if file.counts.unlisted > 0 {
        let _ = writeln!(
            out,
            "{path}: {} {} {} {LISTED_FINDINGS})",
            lang.pick("note:", "ghi chú: còn"),
            lang.count(file.counts.unlisted, "more finding", "phát hiện khác"),
            lang.pick(
                "counted but not listed (a file lists at most",
                "được đếm nhưng không liệt kê (mỗi tệp liệt kê tối đa"
            ),
        );
    }
}
