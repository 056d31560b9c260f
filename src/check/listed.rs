//! The findings a check keeps to list. A file of millions of faulty rows would hold
//! millions of findings (a gigabyte for a million repeated numbers), so a file lists at
//! most [`LISTED_FINDINGS`]; the rest are counted by severity. The cut falls between
//! lines, after the last line whose findings all fit, so the same findings are listed
//! whatever order they came in (ranges read apart and joined, repeats of spilled numbers
//! found at the end).

use super::{Finding, Severity};

/// The findings one file lists at most.
pub const LISTED_FINDINGS: usize = 10_000;

/// Findings counted but not listed, by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Unlisted {
    pub errors: usize,
    pub warnings: usize,
}

impl Unlisted {
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
    unlisted: Unlisted,
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
            unlisted: Unlisted::default(),
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
            self.unlisted.add(finding.severity, 1);
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
        self.unlisted.add(severity, count);
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    /// Is every finding so far listed (none only counted)?
    pub fn lists_all(&self) -> bool {
        self.unlisted.total() == 0
    }

    pub fn as_slice(&self) -> &[Finding] {
        &self.findings
    }

    pub fn as_mut_slice(&mut self) -> &mut [Finding] {
        &mut self.findings
    }

    /// Takes in the findings of `later` (a range read after this one's).
    pub fn append(&mut self, later: Listed) {
        for finding in later.findings {
            self.push(finding);
        }
        self.unlisted.errors += later.unlisted.errors;
        self.unlisted.warnings += later.unlisted.warnings;
    }

    /// In line order, the findings of the lines that fit whole.
    fn trim(&mut self) {
        self.findings.sort_by_key(|f| f.line);
        let Some(first_out) = self.findings.get(self.cap).map(|f| f.line) else {
            return;
        };
        let keep = self.findings.partition_point(|f| f.line < first_out);
        for finding in self.findings.drain(keep..) {
            self.unlisted.add(finding.severity, 1);
        }
        self.cutoff = first_out;
    }

    /// The findings listed, in line order, and those counted only.
    pub fn finish(mut self) -> (Vec<Finding>, Unlisted) {
        self.trim();
        (self.findings, self.unlisted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::FindingKind;

    /// The lines listed and the count of the others, the findings pushed in this order.
    fn listed(lines: &[usize], cap: usize) -> (Vec<usize>, usize) {
        let mut listed = Listed::with_cap(cap);
        for &line in lines {
            listed.push(Finding::new(FindingKind::NoProjects, line, None));
        }
        let (findings, unlisted) = listed.finish();
        (findings.iter().map(|f| f.line).collect(), unlisted.total())
    }

    #[test]
    fn the_same_whole_lines_are_listed_whatever_the_order() {
        // Line 4 has three findings: with room for five, lines 1 to 3 are listed.
        let lines = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        let expected = (vec![1, 2, 2, 3], lines.len() - 4);
        assert_eq!(listed(&lines, 5), expected);
        let mut reversed = lines;
        reversed.reverse();
        assert_eq!(listed(&reversed, 5), expected);
        // Late findings of early lines (repeats found at the end) take their place.
        let late = [4, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 2, 3];
        assert_eq!(listed(&late, 5), expected);
        assert_eq!(listed(&lines, 100), (lines.to_vec(), 0));
    }
}
