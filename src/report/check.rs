//! The report of `aidcat check`: per file, its metadata and findings, or why it could
//! not be read.

use super::sheet::Sheet;
use crate::check::{Finding, Severity, Unlisted, check};
use crate::lang::{Amounts, Lang};
use crate::model::{Catalogue, Layout, Source};
use crate::number::NumberFormat;
use crate::period::Period;
use crate::read::{TextEncoding, delimiter_name};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub files: Vec<FileReport>,
    pub errors: usize,
    pub warnings: usize,
    /// Files that could not be read.
    pub unreadable: usize,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum FileReport {
    Checked(Box<CheckedFile>),
    Unreadable { path: String, error: String },
}

#[derive(Debug, Serialize)]
pub struct CheckedFile {
    pub path: String,
    pub layout: Layout,
    /// Where the rows came from; findings are located in its terms.
    #[serde(skip)]
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub unit: Option<String>,
    pub province: Option<String>,
    pub period: Option<Period>,
    pub number_format: NumberFormat,
    /// The number format in words, with the reason it was chosen, in the user's language
    /// as the findings' messages are (`number_format` holds the same as data).
    pub number_format_basis: String,
    /// Header labels of the columns not read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread_columns: Vec<String>,
    /// The readings taken where the layout allows two.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<crate::model::Reading>,
    pub counts: Counts,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub sectors: usize,
    pub projects: usize,
    pub components: usize,
    /// Errors and warnings, listed or not.
    pub errors: usize,
    pub warnings: usize,
    /// Findings counted but not listed: a file lists at most
    /// [`LISTED_FINDINGS`](crate::check::LISTED_FINDINGS).
    #[serde(skip_serializing_if = "is_zero")]
    pub unlisted: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl CheckedFile {
    /// The report of a catalogue in memory: every rule run on it.
    pub fn of(catalogue: &Catalogue, lang: Lang) -> Self {
        let counts = [
            catalogue.sectors.len(),
            catalogue.project_count(),
            catalogue.component_count(),
        ];
        Self::new(
            catalogue,
            check(catalogue),
            Unlisted::default(),
            counts,
            lang,
        )
    }

    /// The report of a file read through `checker`: its findings and counts.
    pub fn of_checker(
        head: &Catalogue,
        checker: crate::check::Checker,
        lang: Lang,
    ) -> anyhow::Result<Self> {
        Self::of_checker_with(head, checker, Vec::new(), lang)
    }

    /// [`CheckedFile::of_checker`], with findings found beside the checker's (`extra`:
    /// a workbook's sheet of totals against its other sheets).
    pub fn of_checker_with(
        head: &Catalogue,
        checker: crate::check::Checker,
        extra: Vec<Finding>,
        lang: Lang,
    ) -> anyhow::Result<Self> {
        let counts = [checker.sector_count(), checker.projects, checker.components];
        let (mut findings, unlisted) = checker.finish().map_err(|e| e.located(&head.path))?;
        findings.extend(extra);
        Ok(Self::new(head, findings, unlisted, counts, lang))
    }

    /// The report of a file whose `head` (metadata, columns, number format) was read and
    /// whose rows gave these findings (and those counted but not listed) and counts
    /// (sectors, projects, components). The findings' messages are written here, in
    /// `lang`.
    pub fn new(
        head: &Catalogue,
        mut findings: Vec<Finding>,
        unlisted: Unlisted,
        counts: [usize; 3],
        lang: Lang,
    ) -> Self {
        let amounts = Amounts {
            convention: head.convention(),
            unit: head.metadata.unit.clone(),
        };
        let workbook = head.source.sheet().is_some();
        for finding in &mut findings {
            finding.message = lang.finding(&finding.details, &amounts);
            for note in &mut finding.hints {
                note.message = lang.hint(&note.hint, &amounts);
            }
            if workbook {
                finding.cell = Some(head.source.location(finding.line, finding.column));
            }
        }
        let errors = count(&findings, Severity::Error) + unlisted.errors;
        let (encoding, delimiter) = match &head.source {
            Source::Text {
                encoding,
                delimiter,
                ..
            } => (Some(*encoding), Some(delimiter_name(*delimiter))),
            Source::Workbook { .. } | Source::Document { .. } => (None, None),
        };
        let sheet = head.source.sheet();
        let warnings = count(&findings, Severity::Warning) + unlisted.warnings;
        CheckedFile {
            path: head.path.clone(),
            layout: head.layout,
            source: head.source.clone(),
            encoding,
            delimiter,
            sheet,
            unit: head.metadata.unit.clone(),
            province: head.metadata.province.clone(),
            period: head.metadata.period,
            number_format: head.numbers.clone(),
            number_format_basis: lang.number_format(&head.numbers),
            unread_columns: head.unread_columns.clone(),
            readings: head.readings.clone(),
            counts: Counts {
                sectors: counts[0],
                projects: counts[1],
                components: counts[2],
                errors,
                warnings,
                unlisted: unlisted.total(),
            },
            findings,
        }
    }
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

impl CheckReport {
    pub fn new(files: Vec<FileReport>) -> Self {
        let checked = || {
            files.iter().filter_map(|f| match f {
                FileReport::Checked(c) => Some(c),
                FileReport::Unreadable { .. } => None,
            })
        };
        let errors = checked().map(|c| c.counts.errors).sum();
        let warnings = checked().map(|c| c.counts.warnings).sum();
        let unreadable = files.len() - checked().count();
        CheckReport {
            files,
            errors,
            warnings,
            unreadable,
        }
    }
}

/// The findings of a report as a sheet: one row per finding, for CSV, Markdown and
/// workbooks.
pub fn findings_sheet(report: &CheckReport, lang: Lang) -> Sheet {
    use super::sheet::{Cell, Column, Kind, figures_convention};
    let columns = vec![
        Column::new("file", lang.pick("File", "Tệp"), Kind::Text),
        Column::new("where", lang.pick("Where", "Vị trí"), Kind::Text),
        Column::new("severity", lang.pick("Severity", "Mức độ"), Kind::Text),
        Column::new("rule", lang.pick("Rule", "Quy tắc"), Kind::Text),
        Column::new("message", lang.pick("Finding", "Nội dung"), Kind::Text),
        Column::new("declared", lang.pick("Declared", "Số ghi"), Kind::Amount),
        Column::new("computed", lang.pick("Computed", "Số tính"), Kind::Amount),
        Column::new(
            "difference",
            lang.pick("Difference", "Chênh lệch"),
            Kind::Amount,
        ),
        Column::new(
            "hint",
            lang.pick("Likely cause", "Nguyên nhân có thể"),
            Kind::Text,
        ),
    ];
    let mut rows = Vec::new();
    let checked_files = report.files.iter().filter_map(|file| match file {
        FileReport::Checked(checked) => Some(checked.number_format.convention),
        _ => None,
    });
    let convention = figures_convention(checked_files, lang);
    for file in &report.files {
        match file {
            FileReport::Checked(checked) => {
                for finding in &checked.findings {
                    rows.push(vec![
                        Cell::Text(checked.path.clone()),
                        Cell::Text(checked.source.location(finding.line, finding.column)),
                        Cell::Text(lang.severity(finding.severity).to_owned()),
                        Cell::Text(finding.rule.id().to_owned()),
                        Cell::Text(finding.message.clone()),
                        Cell::Amount(finding.declared),
                        Cell::Amount(finding.computed),
                        Cell::Amount(finding.difference),
                        Cell::Text(
                            finding
                                .hints
                                .iter()
                                .map(|note| note.message.as_str())
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                    ]);
                }
            }
            FileReport::Unreadable { path, error } => rows.push(vec![
                Cell::Text(path.clone()),
                Cell::Blank,
                Cell::Text(lang.severity(Severity::Error).to_owned()),
                Cell::Text("unreadable".to_owned()),
                Cell::Text(error.clone()),
                Cell::Amount(None),
                Cell::Amount(None),
                Cell::Amount(None),
                Cell::Blank,
            ]),
        }
    }
    Sheet {
        title: lang.pick("Findings", "Kết quả kiểm tra").to_owned(),
        columns,
        rows,
        total: None,
        notes: Vec::new(),
        convention,
    }
}
