//! The report of `aidcat check`: per file, its metadata and findings, or why it could
//! not be read.

use crate::check::{Finding, Severity};
use crate::model::{Catalogue, Layout};
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
    pub encoding: TextEncoding,
    pub delimiter: String,
    pub unit: Option<String>,
    pub province: Option<String>,
    pub period: Option<Period>,
    pub number_format: NumberFormat,
    /// The number format in words, with the reason it was chosen.
    pub number_format_basis: String,
    pub counts: Counts,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub sectors: usize,
    pub projects: usize,
    pub components: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl CheckedFile {
    pub fn new(catalogue: &Catalogue, findings: Vec<Finding>) -> Self {
        let errors = count(&findings, Severity::Error);
        let warnings = count(&findings, Severity::Warning);
        CheckedFile {
            path: catalogue.path.clone(),
            layout: catalogue.layout,
            encoding: catalogue.encoding,
            delimiter: delimiter_name(catalogue.delimiter),
            unit: catalogue.metadata.unit.clone(),
            province: catalogue.metadata.province.clone(),
            period: catalogue.metadata.period,
            number_format: catalogue.numbers.clone(),
            number_format_basis: catalogue.numbers.describe(),
            counts: Counts {
                sectors: catalogue.sectors.len(),
                projects: catalogue.project_count(),
                components: catalogue.component_count(),
                errors,
                warnings,
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
