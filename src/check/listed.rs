//! The findings a check keeps to list. A file of millions of faulty rows would hold
//! millions of findings (a gigabyte for a million repeated numbers), so a file lists at
//! most [`LISTED_FINDINGS`]; the rest are counted by severity. The cut falls between
//! lines, after the last line whose findings all fit, so the same findings are listed
//! whatever order they came in (ranges read apart and joined, repeats of spilled numbers
//! found at the end).

use super::{Finding, Severity};
use serde::Serialize;

/// The findings one file lists at most.
pub const LISTED_FINDINGS: usize = 10_000;

/// Findings counted but not listed, by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Omitted {
    pub errors: usize,
    pub warnings: usize,
}

impl Omitted {
    fn add(&mut self, severity: Severity, count: usize) {
        match severity {
            Severity::Error => self.errors += count,
            Severity::Warning => self.warnings += count,
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings
    }
}

#[derive(Debug)]
pub struct Listed {
    findings: Vec<Finding>,
    cap: usize,
    /// Findings on this line or later are not listed (a line that did not fit whole).
    cutoff: usize,
    omitted: Omitted,
    /// Was the finding pushed last listed (so that hints go under it)?
    last_listed: bool,
}

impl Listed {
    /// At most [`LISTED_FINDINGS`].
    pub fn capped() -> Self {
        Listed::with_cap(LISTED_FINDINGS)
    }

    /// Every finding (a catalogue already in memory, a range read apart).
    pub fn all() -> Self {
        Listed::with_cap(usize::MAX)
    }

    fn with_cap(cap: usize) -> Self {
        Listed {
            findings: Vec::new(),
            cap,
            cutoff: usize::MAX,
            omitted: Omitted::default(),
            last_listed: false,
        }
    }

    pub fn push(&mut self, finding: Finding) {
        // Trimmed before a push, not after: the finding pushed last stays last for its
        // hints.
        if self.findings.len() >= self.cap.saturating_mul(2) {
            self.trim();
        }
        self.last_listed = finding.line < self.cutoff;
        if self.last_listed {
            self.findings.push(finding);
        } else {
            self.omitted.add(finding.severity, 1);
        }
    }

    /// The finding pushed last, if it is listed.
    pub fn last_mut(&mut self) -> Option<&mut Finding> {
        self.findings.last_mut().filter(|_| self.last_listed)
    }

    /// The findings listed at most.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Counts `count` findings of `severity` not listed (found past the cut already).
    pub fn count_unlisted(&mut self, severity: Severity, count: usize) {
        self.omitted.add(severity, count);
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn as_mut_slice(&mut self) -> &mut [Finding] {
        &mut self.findings
    }

    /// Takes in the findings of `later` (a range read after this one's).
    pub fn append(&mut self, later: Listed) {
        for finding in later.findings {
            self.push(finding);
        }
        self.omitted.errors += later.omitted.errors;
        self.omitted.warnings += later.omitted.warnings;
    }

    /// In line order, the findings of the lines that fit whole.
    fn trim(&mut self) {
        self.findings.sort_by_key(|f| f.line);
        let Some(first_out) = self.findings.get(self.cap).map(|f| f.line) else {
            return;
        };
        let keep = self.findings.partition_point(|f| f.line < first_out);
        for finding in self.findings.drain(keep..) {
            self.omitted.add(finding.severity, 1);
        }
        self.cutoff = first_out;
    }

    /// The findings listed, in line order, and those counted only.
    pub fn finish(mut self) -> (Vec<Finding>, Omitted) {
        self.trim();
        (self.findings, self.omitted)
    }
}
