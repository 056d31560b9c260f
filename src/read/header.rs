//! Finding the header row and matching its columns by name, whatever the wording.

use super::decode::undo_double_encoding;
use super::rows::Row;
use crate::problem::{Problem, Wanted};
use crate::text::fold;

/// A column a table can have. Roles are tried in the order of [`Role::ALL`], so a more
/// specific wording (`Chủ khoản viện trợ`, an owner) is taken before a looser one
/// (`viện trợ`, aid).
pub trait Role: Copy + Eq + 'static {
    /// Every role, each at its [`ordinal`](Role::ordinal).
    const ALL: &'static [Self];
    /// The table whose columns these are.
    const TABLE: Wanted;
    /// The role's place in [`ALL`](Role::ALL).
    fn ordinal(self) -> usize;
    /// Does this folded header label (see [`fold`]) name the role?
    fn matches(self, label: &str) -> bool;
    /// How an error names the role, with wordings that would match: in English and in
    /// Vietnamese.
    fn describe(self) -> [&'static str; 2];
    /// Is the role an amount, which a header may split into parts that add up to it
    /// (`Vốn đối ứng` over `Ngân sách tỉnh | Khác`)?
    fn is_amount(self) -> bool {
        false
    }
    /// Is the role an amount that columns side by side may split, each labelled as the
    /// amount (`Vốn đối ứng NS tỉnh | Vốn đối ứng NS huyện`, or `Ngân sách tỉnh | Ngân
    /// sách huyện`: both counterpart)?
    fn splits_side_by_side(self) -> bool {
        false
    }
    /// The role a column of this role, labelled `label` (folded), is read as where the
    /// header names none (a catalogue's `Nội dung` is the project's name where no column
    /// is `Tên dự án`).
    fn in_place_of(self, _label: &str) -> Option<Self> {
        None
    }
}

/// The header row: its line, its labels, and which cell holds each role.
#[derive(Debug, Clone)]
pub struct Header<R> {
    pub line: usize,
    /// The column labels; in a header of several rows, the lowest label of each column.
    pub labels: Vec<String>,
    columns: Vec<(R, usize)>,
    /// The cell of each role, by [`Role::ordinal`]: looked up for every cell a row is
    /// read by.
    by_role: Vec<Option<usize>>,
    /// The cells of an amount split into parts under it, by [`Role::ordinal`] (empty
    /// for a role in one cell).
    parts: Vec<Vec<usize>>,
    /// The amounts a row under the header has settled, by [`Role::ordinal`]: split into
    /// parts, or given one part labelled as their total (`Vốn đối ứng` over `Tổng số |
    /// Ngân sách tỉnh`). Their columns are not taken again side by side.
    settled: Vec<bool>,
    /// Breakdowns under a group label no role takes (`Trong đó`, `Phân kỳ vốn viện trợ`
    /// over `Năm 2021 | Năm 2022`), or an amount's beside its total (`Vốn đối ứng` over
    /// `Tổng | NS tỉnh | NS huyện`): the label and the cells.
    breakdowns: Vec<(String, Vec<usize>)>,
    /// How many rows the header spans (a group row, the labels, a row of column numbers).
    pub rows: usize,
    /// The cells of the header's rows, to know them when a page break repeats them.
    repeated: Vec<Vec<String>>,
    /// Does a cell of those rows start with a digit (a row of column numbers, a year)?
    repeated_digits: bool,
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
        for at in 0..columns.len() {
            let (role, index) = columns[at];
            if let Some(missing) = role.in_place_of(&fold_label(row.cell(index)))
                && !columns.iter().any(|&(role, _)| role == missing)
            {
                columns[at].0 = missing;
            }
        }
        let labels: Vec<String> = row.cells().map(str::to_owned).collect();
        let mut by_role = vec![None; R::ALL.len()];
        for &(role, index) in &columns {
            by_role[role.ordinal()] = Some(index);
        }
        Header {
            line: row.line,
            repeated_digits: labels.iter().any(|l| starts_with_digit(l)),
            repeated: vec![labels.clone()],
            labels,
            columns,
            by_role,
            parts: vec![Vec::new(); R::ALL.len()],
            settled: vec![false; R::ALL.len()],
            breakdowns: Vec::new(),
            rows: 1,
        }
    }

    /// Extends the header found at `rows[index]` by the rows under it that belong to it,
    /// and gives the index of its last row. A row that names columns where the header
    /// has a blank or a group label (`Kinh phí dự kiến` over `Tổng số | Vốn viện trợ |
    /// Vốn đối ứng`) adds them, if it keeps every column already named; a row of column
    /// numbers (`(1) (2) … (7)=(8)+(9)`) is skipped.
    ///
    /// Some writers fill a merged cell's label into each cell it spans: a label repeated
    /// beside itself, or under itself, is read as that one label spanning them.
    fn extended(mut self, rows: &[Row], index: usize) -> (usize, Self) {
        let mut last = index;
        let spans = blank_repeats_beside(&self.labels);
        let written = std::mem::replace(&mut self.labels, spans);
        let mut above: Vec<String> = rows[index].cells().map(str::to_owned).collect();
        while let Some(raw) = rows.get(last + 1).filter(|_| self.rows < MAX_HEADER_ROWS) {
            let cells: Vec<String> = raw.cells().map(str::to_owned).collect();
            let under: Vec<String> = (cells.iter().enumerate())
                .map(|(j, cell)| match above.get(j) == Some(cell) {
                    true => String::new(),
                    false => cell.clone(),
                })
                .collect();
            let next = &Row::text(raw.line, blank_repeats_beside(&under));
            above.clone_from(&cells);
            if is_column_numbers(next) {
                self.keep_row(cells);
            } else {
                let width = self.labels.len().max(next.len());
                let lowest: Vec<String> = (0..width)
                    .map(|j| match next.cell(j) {
                        "" => self.labels.get(j).cloned().unwrap_or_default(),
                        below => below.to_owned(),
                    })
                    .collect();
                let candidate = Header::<R>::from_row(&Row::text(self.line, &lowest));
                // An amount's label over empty cells is a group's, merged across them:
                // the amount may be named again in any of its columns (`Nhu cầu vốn` over
                // `Viện trợ | Đối ứng | Tổng`). A title over the table is no such group.
                let group_end = |at: usize| {
                    (at + 1..width)
                        .find(|&j| self.labels.get(j).is_none_or(|l| !l.is_empty()))
                        .unwrap_or(width)
                };
                let keeps = self.columns.iter().all(|&(role, at)| {
                    candidate.index(role).is_some_and(|own| {
                        own == at || role.is_amount() && (at..group_end(at)).contains(&own)
                    })
                });
                let names_more = candidate.columns.len() > self.columns.len();
                // Years label columns too (a phasing by year under `Phân kỳ đầu tư`).
                let words = !next
                    .cells()
                    .any(|cell| starts_with_digit(cell) && !is_year_label(cell));
                if keeps && names_more && words {
                    // The same row may split an amount into parts under the label above
                    // (`Vốn đối ứng` over `Ngân sách tỉnh | Khác`, beside `Bắt đầu |
                    // Kết thúc`): cells it does not name for a role of their own.
                    let named = |j: usize| candidate.columns.iter().any(|&(_, at)| at == j);
                    let mut under = self.under(next).amounts;
                    for (role, _, parts) in &mut under {
                        let own = candidate.index(*role);
                        parts.retain(|&j| Some(j) == own || !named(j));
                    }
                    let above = std::mem::replace(&mut self.labels, lowest);
                    self.columns = candidate.columns;
                    self.by_role = candidate.by_role;
                    under.retain(|(role, _, parts)| {
                        parts.len() >= 2 && parts.first() == self.index(*role).as_ref()
                    });
                    // The parts are named under the amount's label, not the first part's.
                    for (_, at, _) in &under {
                        self.labels[*at].clone_from(&above[*at]);
                    }
                    self.split_into(under, next);
                } else if !(words && (self.split_by(next) || self.qualifies_amounts(next))) {
                    break;
                }
                self.keep_row(cells);
            }
            self.rows += 1;
            last += 1;
        }
        if self.rows == 1 {
            self.labels = written;
        }
        self.split_side_by_side();
        (last, self)
    }

    /// Takes columns side by side that each name the same amount as its parts
    /// ([`Role::splits_side_by_side`]), where none is labelled as their total (`Tổng vốn
    /// đối ứng`, which is then the amount alone), as a share (`%`, `Tỷ lệ`), as money
    /// paid out (`giải ngân`), or in a unit the others are not (`(USD)` beside `(triệu
    /// đồng)`: the same amount twice).
    fn split_side_by_side(&mut self) {
        const UNITS: [&str; 6] = ["usd", "vnd", "trieu", "ty dong", "nghin", "ngan dong"];
        for &role in R::ALL {
            let Some(at) = self.index(role).filter(|_| role.splits_side_by_side()) else {
                continue;
            };
            if self.settled[role.ordinal()] {
                continue;
            }
            let taken = |j: usize| self.columns.iter().any(|&(_, c)| c == j);
            let labels: Vec<String> = (self.labels[at..].iter())
                .map(|label| fold_label(label))
                .enumerate()
                .take_while(|(k, label)| *k == 0 || !taken(at + k) && role.matches(label))
                .map(|(_, label)| label)
                .collect();
            let whole = |l: &str| ["tong", "cong", "total"].iter().any(|w| l.starts_with(w));
            let other = |l: &str| ["%", "ty le", "giai ngan"].iter().any(|w| l.contains(w));
            let unit = |l: &str| UNITS.iter().find(|unit| l.contains(*unit));
            let distinct = (1..labels.len()).all(|k| !labels[..k].contains(&labels[k]));
            if labels.len() >= 2
                && distinct
                && !labels.iter().any(|l| whole(l) || other(l))
                && labels.iter().all(|l| unit(l) == unit(&labels[0]))
            {
                self.parts[role.ordinal()] = (at..at + labels.len()).collect();
            }
        }
    }

    /// Takes `next` as a row naming the parts of amounts under them (`Vốn viện trợ` over
    /// `Không hoàn lại | Vốn vay`, the cell above merged across both), or a breakdown
    /// under a group label no role takes (`Vốn đối ứng | Trong đó` over `Ngân sách tỉnh |
    /// Ngân sách huyện`: not read, the amount is the column before it), if that is all it
    /// does and it splits one amount or group at least. A part labelled as the total of
    /// the others (`Tổng số`) is the amount alone; else the parts add up to it.
    fn split_by(&mut self, next: &Row) -> bool {
        let under = self.under(next);
        let splits = under.amounts.iter().any(|(_, _, parts)| parts.len() >= 2);
        if under.elsewhere || !splits && under.breakdown.is_empty() {
            return false;
        }
        let named: Vec<(usize, String)> = (under.breakdown.iter())
            .map(|&(j, group)| (j, format!("{} – {}", self.labels[group], next.cell(j))))
            .collect();
        for cells in under.breakdown.chunk_by(|a, b| a.1 == b.1) {
            let label = self.labels[cells[0].1].clone();
            self.breakdowns
                .push((label, cells.iter().map(|&(j, _)| j).collect()));
        }
        for (j, label) in named {
            if self.labels.len() <= j {
                self.labels.resize(j + 1, String::new());
            }
            self.labels[j] = label;
        }
        self.split_into(under.amounts, next);
        true
    }

    /// Does `next` only qualify amounts, a word or two right under each of their cells
    /// (`ODA/PCPNN | NSNN` under `Vốn viện trợ | Vốn đối ứng`, a unit under each)? A row
    /// of the table has a number or a name besides, or figures.
    fn qualifies_amounts(&self, next: &Row) -> bool {
        let mut filled = next
            .cells()
            .enumerate()
            .filter(|(_, cell)| !cell.is_empty());
        let amount_at = |j: usize| {
            (self.columns.iter()).any(|&(role, at)| role.is_amount() && at == j)
                || self.parts.iter().flatten().any(|&at| at == j)
        };
        filled.clone().next().is_some() && filled.all(|(j, _)| amount_at(j))
    }

    /// What the filled cells of `next` stand under: the column whose label stands above
    /// each cell, or left of it in its span.
    fn under(&self, next: &Row) -> Under<R> {
        let mut under = Under {
            amounts: Vec::new(),
            breakdown: Vec::new(),
            elsewhere: false,
        };
        for (j, cell) in next.cells().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let above = (0..=j)
                .rev()
                .find(|&a| !self.labels.get(a).is_none_or(String::is_empty));
            let role = above.and_then(|a| self.columns.iter().find(|&&(_, at)| at == a));
            match (role, above) {
                (Some(&(role, at)), _) if role.is_amount() => match under.amounts.last_mut() {
                    Some((_, last, parts)) if *last == at => parts.push(j),
                    _ => under.amounts.push((role, at, vec![j])),
                },
                (None, Some(group)) => under.breakdown.push((j, group)),
                _ => under.elsewhere = true,
            }
        }
        // A group label stands over two cells at least: one cell under a label no role
        // takes is a row of the table, not a breakdown.
        // (The cells come left to right, so a label's stand together.)
        let groups: Vec<usize> = under.breakdown.iter().map(|&(_, group)| group).collect();
        if groups.chunk_by(|a, b| a == b).any(|cells| cells.len() < 2) {
            under.elsewhere = true;
        }
        under
    }

    /// Takes the amounts in `under` as split into the parts `next` names.
    fn split_into(&mut self, under: Vec<(R, usize, Vec<usize>)>, next: &Row) {
        for (role, at, parts) in under {
            let parent = self.labels[at].clone();
            for &j in &parts {
                if self.labels.len() <= j {
                    self.labels.resize(j + 1, String::new());
                }
                self.labels[j] = format!("{parent} – {}", next.cell(j));
            }
            // `Tổng số`, or a total that names the amount again (`Tổng mức đầu tư`
            // under `Kinh phí dự kiến`, beside `Nguồn vốn` over where it comes from).
            let is_total = |j: &usize| {
                let label = fold_label(next.cell(*j));
                matches!(
                    label.as_str(),
                    "tong so" | "tong" | "tong cong" | "cong" | "total"
                ) || ["tong ", "total "].iter().any(|w| label.starts_with(w))
                    && role.matches(&label)
            };
            let parts = match parts.iter().find(|j| is_total(j)) {
                Some(&total) => {
                    // The others then break it down (`Vốn đối ứng` over `Tổng | Ngân
                    // sách tỉnh | Ngân sách huyện`), where two at least.
                    let others: Vec<usize> = parts.into_iter().filter(|&j| j != total).collect();
                    if others.len() >= 2 {
                        self.breakdowns.push((parent, others));
                    }
                    vec![total]
                }
                None => parts,
            };
            self.settled[role.ordinal()] |= parts.len() >= 2 || parts.iter().any(is_total);
            self.by_role[role.ordinal()] = parts.first().copied();
            for column in &mut self.columns {
                if column.0 == role {
                    column.1 = parts[0];
                }
            }
            if parts.len() >= 2 {
                self.parts[role.ordinal()] = parts;
            }
        }
    }

    /// The header's breakdowns (under a group label, or beside an amount's total), each
    /// its label and cells, where no role has taken a cell of theirs since.
    pub fn breakdowns(&self) -> impl Iterator<Item = (&str, &[usize])> {
        (self.breakdowns.iter())
            .filter(|(_, cells)| !cells.iter().any(|&at| self.is_read(at)))
            .map(|(label, cells)| (label.as_str(), cells.as_slice()))
    }

    /// Does a role read cell `at`, alone or as a part of its amount?
    fn is_read(&self, at: usize) -> bool {
        self.columns.iter().any(|&(_, column)| column == at)
            || self.parts.iter().flatten().any(|&part| part == at)
    }

    /// The cells of an amount split into parts that add up to it (`Vốn đối ứng` over
    /// `Ngân sách tỉnh | Khác`); empty where the amount is one cell.
    pub fn parts(&self, role: R) -> &[usize] {
        self.parts.get(role.ordinal()).map_or(&[], Vec::as_slice)
    }

    /// The label of a role's column (under its group's, where the header is two rows
    /// deep: `Kinh phí (triệu đồng) – Viện trợ`), if the header has it.
    pub fn label(&self, role: R) -> Option<&str> {
        self.labels.get(self.index(role)?).map(String::as_str)
    }

    /// The label of the column at cell `at` (empty where none).
    pub fn label_at(&self, at: usize) -> &str {
        self.labels.get(at).map_or("", String::as_str)
    }

    /// The column of role `from` read as `to`'s, where the header has no column of `to`.
    pub fn take_as(&mut self, from: R, to: R) {
        let Some(at) = self.index(from).filter(|_| self.index(to).is_none()) else {
            return;
        };
        for column in &mut self.columns {
            if column.0 == from {
                column.0 = to;
            }
        }
        self.by_role[from.ordinal()] = None;
        self.by_role[to.ordinal()] = Some(at);
    }

    /// The cell index of a role, if the header has it.
    pub fn index(&self, role: R) -> Option<usize> {
        self.by_role.get(role.ordinal()).copied().flatten()
    }

    /// [`index`](Self::index) as a slice: the role's one cell, or none.
    pub fn index_cell(&self, role: R) -> &[usize] {
        match self.by_role.get(role.ordinal()) {
            Some(Some(index)) => std::slice::from_ref(index),
            _ => &[],
        }
    }

    /// The columns no role was found for, each its cell and label.
    pub fn unread(&self) -> Vec<(usize, String)> {
        self.labels
            .iter()
            .enumerate()
            .filter(|&(i, label)| !label.is_empty() && !self.is_read(i))
            .map(|(i, label)| (i, label.clone()))
            .collect()
    }

    /// Keeps a row of the header, to know it when a page break repeats it.
    fn keep_row(&mut self, cells: Vec<String>) {
        self.repeated_digits |= cells.iter().any(|c| starts_with_digit(c));
        self.repeated.push(cells);
    }

    /// Every cell of the header's rows (group labels too), top row first.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        self.repeated.iter().flatten().map(String::as_str)
    }

    /// The cells of the header's rows, top row first, that stand over one of `columns`:
    /// its own label, or a group label merged across it (filled in the first cell of the
    /// span, the ones after it left empty).
    pub fn cells_over<'a>(&'a self, columns: &'a [usize]) -> impl Iterator<Item = &'a str> {
        self.repeated.iter().flat_map(move |row| {
            (row.iter().enumerate())
                .filter(|(_, cell)| !cell.is_empty())
                .filter(move |&(at, _)| {
                    let end = (at + 1..row.len())
                        .find(|&j| !row[j].is_empty())
                        .unwrap_or(usize::MAX);
                    columns.iter().any(|column| (at..end).contains(column))
                })
                .map(|(_, cell)| cell.as_str())
        })
    }

    pub fn has(&self, role: R) -> bool {
        self.index(role).is_some()
    }

    /// Moves `role` (in one cell, not split into parts) to the first column that no role
    /// takes whose label names it and that `pick` takes (by its label as written), where
    /// there is one.
    pub fn retake(&mut self, role: R, pick: impl Fn(&str) -> bool) {
        if !self.parts(role).is_empty() || !self.has(role) {
            return;
        }
        let taken = |at: usize| self.columns.iter().any(|&(_, taken)| taken == at);
        let Some(at) = (0..self.labels.len()).find(|&at| {
            let label = &self.labels[at];
            !taken(at) && role.matches(&fold_label(label)) && pick(label)
        }) else {
            return;
        };
        for column in &mut self.columns {
            if column.0 == role {
                column.1 = at;
            }
        }
        self.by_role[role.ordinal()] = Some(at);
    }

    /// The first column that no role takes whose label (folded) `matches`.
    pub fn unread_column(&self, matches: impl Fn(&str) -> bool) -> Option<usize> {
        (self.labels.iter().enumerate())
            .filter(|&(index, _)| !self.columns.iter().any(|&(_, taken)| taken == index))
            .find(|(_, label)| matches(&fold_label(label)))
            .map(|(index, _)| index)
    }

    /// Is this row the header again (repeated at a page break)? Either its labels are
    /// the header's (a retyped copy may differ in case, accents or spacing), or each of
    /// the header's columns holds a label of the same role or nothing (a header several
    /// rows deep names some columns in a lower row), three at least; where the header has
    /// a group label over a column, another may stand there (`Nguồn vốn` for `Kinh phí
    /// dự kiến` over the amounts, `Cơ quan thực hiện` for `Đơn vị thực hiện` over a
    /// plan's lead and partners, on the next page's copy of the top row). Data rows fail
    /// at their first such cell, so a row costs one fold, not one a cell.
    pub fn is_repeated_by(&self, row: &Row) -> bool {
        // A header names its columns in words: a cell of one starting with a digit (an
        // amount, a year) settles it without folding. The last roles (amounts, in most
        // files) are looked at first.
        let words = self
            .columns
            .iter()
            .rev()
            .all(|&(_, index)| !starts_with_digit(row.cell(index)));
        // Nor can such a row be the header's text again where no cell of it starts with
        // a digit: a data row is settled by that one look.
        if !words && !self.repeated_digits {
            return false;
        }
        let same_text = self
            .repeated
            .iter()
            .any(|cells| row.cells().filter(|c| !c.is_empty()).eq(filled(cells)));
        if same_text || !words {
            return same_text;
        }
        let retyped = self.repeated.iter().any(|cells| {
            (row.cells().filter(|c| !c.is_empty()).map(fold_label))
                .eq(filled(cells).map(fold_label))
        });
        // A group label over the column in one of the header's rows.
        let grouped = |index: usize| {
            let mut labels = (self.repeated.iter())
                .filter_map(|cells| cells.get(index).filter(|c| !c.is_empty()));
            match (labels.next(), labels.next()) {
                (Some(_), Some(_)) => true,
                (Some(only), None) => self.labels.get(index) != Some(only),
                _ => false,
            }
        };
        // A group label names no role of its own: it counts towards the three labels
        // only over an amount (`Nguồn vốn` over the money columns).
        let roles = || {
            let mut named = 0;
            for &(role, index) in &self.columns {
                let cell = row.cell(index);
                if cell.is_empty() {
                    continue;
                }
                let labelled = role.matches(&fold_label(cell));
                let group = !labelled && grouped(index);
                if labelled || group && role.is_amount() {
                    named += 1;
                } else if !group {
                    return false;
                }
            }
            named >= MIN_HEADER_ROLES
        };
        retyped || roles()
    }

    /// The roles in `required` that this header lacks.
    pub fn missing(&self, required: &[R]) -> Vec<R> {
        required.iter().copied().filter(|r| !self.has(*r)).collect()
    }

    /// Does a column count projects (`Projects`, `Số dự án`): a table of totals, whose rows
    /// are groups of projects?
    pub fn counts_projects(&self) -> bool {
        self.labels.iter().any(|label| counts_projects(label))
    }

    /// The same labels read for the columns of another kind of table.
    pub fn read_as<S: Role>(&self) -> Header<S> {
        Header::from_row(&Row::text(self.line, &self.labels))
    }

    /// The problem of an implementation plan where a catalogue is read.
    pub fn plan_problem(&self) -> Problem {
        Problem::PlanTable {
            found: list_labels(&self.labels),
        }
    }

    /// The problem of a catalogue where an implementation plan is read.
    pub fn catalogue_problem(&self) -> Problem {
        Problem::CatalogueTable {
            found: list_labels(&self.labels),
        }
    }

    /// The problem of a table of totals, listing the headers found.
    pub fn totals_problem(&self) -> Problem {
        Problem::TotalsTable {
            found: list_labels(&self.labels),
        }
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

/// What the filled cells of a row under the header stand under ([`Header::under`]).
struct Under<R> {
    /// Each amount column with cells under it: its role, its cell, the cells under it.
    amounts: Vec<(R, usize, Vec<usize>)>,
    /// Cells under a group label no role takes, with the cell of that label.
    breakdown: Vec<(usize, usize)>,
    /// Does a cell stand under a column of another role, or under no label?
    elsewhere: bool,
}

/// A row is taken as the header when it names at least this many roles.
pub const MIN_HEADER_ROLES: usize = 3;
/// The most rows a header spans: a group row, the labels, another, column numbers.
pub const MAX_HEADER_ROWS: usize = 4;
/// How far into a file the header is looked for.
pub const HEADER_SEARCH_ROWS: usize = 1000;

/// The cells of a row of labels that hold one.
fn filled(cells: &[String]) -> impl Iterator<Item = &str> {
    cells.iter().map(String::as_str).filter(|c| !c.is_empty())
}

/// Does a column so labelled count projects (`Projects`, `Số dự án`)?
pub fn counts_projects(label: &str) -> bool {
    const COUNTS: [&str; 7] = [
        "projects",
        "number of projects",
        "project count",
        "so du an",
        "so luong du an",
        "tong so du an",
        "so da",
    ];
    COUNTS.contains(&fold_label(label).as_str())
}

/// A label folded to compare: lower case without marks, `_` read as a space (a database
/// export's `project_name` is `project name`), a trailing `:`, `*` or `.` dropped.
fn fold_label(label: &str) -> String {
    // A database's or a program's names run their words together: `TotalBudget`,
    // `NgoFunding` are `Total Budget`, `Ngo Funding`.
    let camel = |w: &[u8]| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase();
    let folded = match label.as_bytes().windows(2).any(camel) {
        false => fold(label),
        true => {
            let mut spaced = String::with_capacity(label.len() + 4);
            let mut lower = false;
            for c in label.chars() {
                if lower && c.is_ascii_uppercase() {
                    spaced.push(' ');
                }
                lower = c.is_ascii_lowercase();
                spaced.push(c);
            }
            fold(&spaced)
        }
    };
    folded
        .replace('_', " ")
        .trim_end_matches([':', '*', '.'])
        .trim()
        .to_owned()
}

/// The labels with each one that repeats the label beside it, on its left, left blank.
fn blank_repeats_beside(labels: &[String]) -> Vec<String> {
    (labels.iter().enumerate())
        .map(|(j, label)| match j > 0 && labels[j - 1] == *label {
            true => String::new(),
            false => label.clone(),
        })
        .collect()
}

/// Is this the row of column numbers some tables put under their header: `(1)`, `2`,
/// `(7)=(8)+(9)` in every filled cell, two at least, their first numbers rising from 1,
/// 2 or 3 (so a row of amounts is never taken for one)? The text columns may be lettered
/// before them, from `A` on (`A`, `B`, `1`, `2`, `3=4+5`), and after them, the letters
/// going on (`A`, `B`, `1`, `2=3+4`, `3`, `4`, `C` for the notes).
fn is_column_numbers(row: &Row) -> bool {
    let filled: Vec<&str> = row.cells().filter(|c| !c.is_empty()).collect();
    let is_letter = |cell: &str, letter: u8| {
        let bare = cell.strip_prefix('(').and_then(|c| c.strip_suffix(')'));
        bare.unwrap_or(cell).as_bytes() == [letter]
    };
    let lettered = (filled.iter().zip(b'A'..=b'Z'))
        .take_while(|&(cell, letter)| is_letter(cell, letter))
        .count();
    let after = (filled[lettered..].iter().rev())
        .take_while(|cell| cell.len() <= 3 && cell.bytes().any(|b| b.is_ascii_uppercase()))
        .count();
    let numbered = &filled[lettered..filled.len() - after];
    let letters_go_on = (filled[filled.len() - after..]
        .iter()
        .zip(b'A' + lettered as u8..))
    .all(|(cell, letter)| letter <= b'Z' && is_letter(cell, letter));
    let shaped = numbered.iter().all(|cell| {
        cell.len() <= 24
            && cell
                .chars()
                .all(|c| c.is_ascii_digit() || "()=+-*/ .".contains(c))
    });
    let firsts: Vec<u32> = numbered
        .iter()
        .filter_map(|cell| {
            let digits: String = cell
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect();
    shaped
        && letters_go_on
        && filled.len() >= 2
        && firsts.len() == numbered.len()
        && firsts.first().is_none_or(|&first| first <= 3)
        && firsts.windows(2).all(|pair| pair[0] < pair[1])
}

/// Does the row name enough roles to be a header?
pub fn is_header<R: Role>(row: &Row) -> bool {
    header_of::<R>(row).is_some()
}

/// The row as a header, where it names enough roles to be one.
pub fn header_of<R: Role>(row: &Row) -> Option<Header<R>> {
    let header = Header::<R>::from_row(row);
    (!row.is_blank() && header.columns.len() >= MIN_HEADER_ROLES).then_some(header)
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
            // A header two rows deep whose top row alone names too few columns (`STT |
            // Tên dự án | Nguồn vốn` over `Tổng | Viện trợ | Đối ứng`) starts a row higher.
            let above = index.checked_sub(1).map(|i| (i, &rows[i]));
            if let Some((above_index, above)) = above.filter(|(_, r)| !r.is_blank()) {
                let top = Header::<R>::from_row(above);
                if !top.columns.is_empty() {
                    let (last, deeper) = top.extended(rows, above_index);
                    if last >= index && deeper.columns.len() > header.columns.len() {
                        return Ok((last, deeper));
                    }
                }
            }
            return Ok(header.extended(rows, index));
        }
        if best
            .as_ref()
            .is_none_or(|b| header.columns.len() > b.columns.len())
        {
            best = Some(header);
        }
    }
    let searched = rows.len().min(HEADER_SEARCH_ROWS);
    if let Some((line, problem)) = double_encoded::<R>(&rows[..searched]) {
        return Err((line, problem));
    }
    let closest = best
        .filter(|header| !header.columns.is_empty())
        .map(|header| (header.line, list_labels(&header.labels)));
    let line = rows.first().map_or(1, |r| r.line);
    Err((
        line,
        Problem::NoHeader {
            wanted: R::TABLE,
            searched,
            closest,
            figures: rows[..searched]
                .iter()
                .any(|row| row.cells().any(crate::number::looks_like_figure)),
        },
    ))
}

/// A row that would be the header were its text not garbled by a wrong decoding
/// ([`undo_double_encoding`]): its line, and the first label as it stands and as meant.
fn double_encoded<R: Role>(rows: &[Row]) -> Option<(usize, Problem)> {
    rows.iter().find_map(|row| {
        let meant: Vec<Option<String>> = row.cells().map(undo_double_encoding).collect();
        let (seen, first) = row
            .cells()
            .zip(&meant)
            .find_map(|(c, m)| Some((c, m.clone()?)))?;
        let repaired = Row::text(
            row.line,
            row.cells()
                .zip(&meant)
                .map(|(cell, meant)| meant.as_deref().unwrap_or(cell).to_owned()),
        );
        is_header::<R>(&repaired).then(|| {
            let problem = Problem::DoubleEncoded {
                seen: seen.to_owned(),
                meant: first,
            };
            (row.line, problem)
        })
    })
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

/// Is a cell a year or a span of years (`2021`, `2021-2022`, `2023 – 2025`), as labels
/// a phasing's columns?
fn is_year_label(text: &str) -> bool {
    let year = |text: &str| {
        let text = text.trim();
        text.len() == 4
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text.starts_with("19") || text.starts_with("20"))
    };
    match text.split_once(['-', '–']) {
        Some((start, end)) => year(start) && year(end),
        None => year(text),
    }
}

fn starts_with_digit(text: &str) -> bool {
    // A digit is one byte: the first byte settles it, no character decoded.
    text.as_bytes().first().is_some_and(u8::is_ascii_digit)
}
