//! Finding the header row and matching its columns by name, whatever the wording.

use super::rows::Row;
use crate::problem::Problem;
use crate::text::fold;

/// A column a table can have. Roles are tried in the order of [`Role::ALL`], so a more
/// specific wording (`Chủ khoản viện trợ`, an owner) is taken before a looser one
/// (`viện trợ`, aid).
pub trait Role: Copy + Eq + 'static {
    const ALL: &'static [Self];
    /// Does this folded header label (see [`fold`]) name the role?
    fn matches(self, label: &str) -> bool;
    /// How an error names the role, with wordings that would match: in English and in
    /// Vietnamese.
    fn describe(self) -> [&'static str; 2];
}

/// The header row: its line, its labels, and which cell holds each role.
#[derive(Debug, Clone)]
pub struct Header<R> {
    pub line: usize,
    pub labels: Vec<String>,
    columns: Vec<(R, usize)>,
}

impl<R: Role> Header<R> {
    pub fn from_row(row: &Row) -> Self {
        let mut columns: Vec<(R, usize)> = Vec::new();
        for (index, label) in row.cells().map(fold_label).enumerate() {
            if label.is_empty() {
                continue;
            }
            let free = R::ALL
                .iter()
                .find(|role| role.matches(&label) && !columns.iter().any(|(r, _)| r == *role));
            if let Some(&role) = free {
                columns.push((role, index));
            }
        }
        Header {
            line: row.line,
            labels: row.cells().map(str::to_owned).collect(),
            columns,
        }
    }

    /// The cell index of a role, if the header has it.
    pub fn index(&self, role: R) -> Option<usize> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|&(_, i)| i)
    }

    /// The label the file gives to a role's column.
    pub fn label(&self, role: R) -> &str {
        self.index(role)
            .and_then(|i| self.labels.get(i))
            .map_or("", String::as_str)
    }

    pub fn has(&self, role: R) -> bool {
        self.index(role).is_some()
    }

    /// Is this row the header again (repeated at a page break)? Either its labels are
    /// the header's, or each of the header's columns holds a label of the same role.
    /// Data rows fail at their first such cell, so a row costs one fold, not one a cell.
    pub fn is_repeated_by(&self, row: &Row) -> bool {
        let same_text = row.cells().filter(|c| !c.is_empty()).eq(self
            .labels
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty()));
        // A header names its columns in words: a cell of one starting with a digit (an
        // amount, a year) settles it without folding.
        let words = || {
            self.columns
                .iter()
                .all(|&(_, index)| !row.cell(index).starts_with(|c: char| c.is_ascii_digit()))
        };
        same_text
            || (self.columns.len() >= MIN_HEADER_ROLES
                && words()
                && self
                    .columns
                    .iter()
                    .all(|&(role, index)| role.matches(&fold_label(row.cell(index)))))
    }

    /// The roles in `required` that this header lacks.
    pub fn missing(&self, required: &[R]) -> Vec<R> {
        required.iter().copied().filter(|r| !self.has(*r)).collect()
    }

    /// The problem naming the missing roles and listing the headers found.
    pub fn missing_problem(&self, missing: &[R]) -> Problem {
        Problem::MissingColumns {
            missing: missing
                .iter()
                .map(|r| r.describe().map(str::to_owned))
                .collect(),
            found: list_labels(&self.labels),
        }
    }
}

/// A row is taken as the header when it names at least this many roles.
pub const MIN_HEADER_ROLES: usize = 3;
/// How far into a file the header is looked for.
pub const HEADER_SEARCH_ROWS: usize = 1000;

/// Labels fold with trailing colons and footnote marks dropped.
fn fold_label(label: &str) -> String {
    fold(label)
        .trim_end_matches([':', '*', '.'])
        .trim()
        .to_owned()
}

/// Does the row name enough roles to be a header?
pub fn is_header<R: Role>(row: &Row) -> bool {
    !row.is_blank() && Header::<R>::from_row(row).columns.len() >= MIN_HEADER_ROLES
}

/// The first row naming enough roles to be the header, and its index in `rows`.
/// On failure, the message lists the best candidate's cells.
pub fn find<R: Role>(rows: &[Row]) -> Result<(usize, Header<R>), (usize, Problem)> {
    let mut best: Option<Header<R>> = None;
    for (index, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        if row.is_blank() {
            continue;
        }
        let header = Header::<R>::from_row(row);
        if header.columns.len() >= MIN_HEADER_ROLES {
            return Ok((index, header));
        }
        if best
            .as_ref()
            .is_none_or(|b| header.columns.len() > b.columns.len())
        {
            best = Some(header);
        }
    }
    let searched = rows.len().min(HEADER_SEARCH_ROWS);
    let closest = best
        .filter(|header| !header.columns.is_empty())
        .map(|header| (header.line, list_labels(&header.labels)));
    let line = rows.first().map_or(1, |r| r.line);
    Err((line, Problem::NoHeader { searched, closest }))
}

fn list_labels(labels: &[String]) -> String {
    let shown: Vec<String> = labels
        .iter()
        .filter(|l| !l.is_empty())
        .take(20)
        .map(|l| format!("`{}`", l.chars().take(60).collect::<String>()))
        .collect();
    if shown.is_empty() {
        "none".to_owned()
    } else {
        shown.join(", ")
    }
}
