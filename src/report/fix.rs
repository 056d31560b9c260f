//! `aidcat fix`: the catalogue in its own layout with every declared sum (a project's
//! row over its numbered parts, a sector's subtotal, a group's row, the grand total)
//! replaced by the figure computed from the rows it adds, and the list of changes. A row
//! whose total is not aid + counterpart is listed for the officer to decide, but for one
//! whose other figures and its sector's subtotal agree on what one of its figures should
//! be (`check`'s hint `sum-agrees`): that figure is put right, and the sums are computed
//! with it. So is a breakdown's part that two sums agree on ([`PartChange`]).

use super::sheet::{Cell, Column, Kind, Sheet};
use crate::check::{Finding, FindingKind, Hint, Rule, Subject};
use crate::lang::Lang;
use crate::model::{Catalogue, Declared, FilePart, MoneyColumn, Sector, Totals, titled};
use crate::read::catalogue::row_unit;
use crate::unit::Unit;
use rust_decimal::Decimal;

/// What a declared row of sums is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumTitle {
    /// A project over its parts (numbered under it, or breaking it down): `1 Trạm y tế xã
    /// An`.
    Project(String),
    /// A sector: `II Lĩnh vực an sinh xã hội`.
    Sector(String),
    /// A group of sectors: `A Các dự án kinh tế`.
    Group(String),
    GrandTotal,
    /// A project's or component's own figure, on which its other figures and its
    /// sector's subtotal (on line `subtotal`) agree, or the grand total where no sector
    /// declares a subtotal.
    OwnFigure {
        title: String,
        subtotal: usize,
        grand_total: bool,
    },
    /// A row of a table of totals by sector (`Tổng hợp`), put to the sums of its
    /// sector's projects (on its sheet, in its table, or under its row in the catalogue
    /// `part`), as `fix` puts those right.
    PartTotals {
        sector: String,
        part: FilePart,
    },
}

impl SumTitle {
    /// Is it a figure of a project's own row (of a table of totals, a sector's): written
    /// in the cell that holds it, not summed?
    fn is_own_figure(&self) -> bool {
        matches!(
            self,
            SumTitle::OwnFigure { .. } | SumTitle::PartTotals { .. }
        )
    }
}

/// A declared row whose figures are sums: a project's over its parts, a sector's, a
/// group's, or the grand total.
#[derive(Debug, Clone)]
pub struct SumRow {
    pub line: usize,
    pub title: SumTitle,
    /// The lines it sums: a project's parts; a sector's project and component rows; the
    /// grand total's sector rows when every sector declares one, else every project row.
    pub summed: Vec<usize>,
    pub declared: [Option<Decimal>; 3],
    pub computed: Totals,
    /// The columns whose declared figure is kept: a cell it sums is not a number, so
    /// the figure computed leaves it out; or it says the sum does not apply (`x`).
    pub kept: [bool; 3],
    /// The columns in which its cells declare nothing ([`Declared::unread`]).
    pub unread: u8,
}

/// A declared row's total, aid and counterpart, in [`MoneyColumn`] order.
fn stated(declared: &Declared) -> [Option<Decimal>; 3] {
    let amounts = &declared.amounts;
    [amounts.total, amounts.aid, amounts.counterpart]
}

/// The lines of the project and component rows of `sectors`.
fn project_lines(sectors: &[Sector]) -> Vec<usize> {
    let projects = sectors.iter().flat_map(|s| &s.projects);
    projects
        .flat_map(|p| p.rows().map(|(line, _)| line))
        .collect()
}

/// The lines a sum over `sectors` adds (a group's, the grand total's): their sector rows
/// where each declares one, else their projects' rows.
fn sector_lines(sectors: &[Sector]) -> Vec<usize> {
    let rows: Option<Vec<usize>> = (sectors.iter())
        .map(|s| s.declared.as_ref().map(|d| d.line))
        .collect();
    rows.unwrap_or_else(|| project_lines(sectors))
}

/// A project as the change list names it: its number and name.
fn project_title(project: &crate::model::Project) -> String {
    let number = project.number.as_deref().unwrap_or_default();
    format!("{number} {}", project.name)
}

/// The figures of project and component rows that `check` found its sector's subtotal
/// agrees on ([`Hint::SumAgrees`]) where the row disagrees with itself, and of a table of
/// totals' rows off from their sectors' sheets (tables) (`sheet-totals`, computed after
/// `fix` puts those right): each a change of one cell, in a column the file writes as
/// one cell.
fn own_figures(catalogue: &Catalogue, findings: &[Finding]) -> Vec<Change> {
    let rows: rustc_hash::FxHashMap<usize, (String, &crate::model::Amounts)> = catalogue
        .sectors
        .iter()
        .flat_map(|sector| &sector.projects)
        .flat_map(|project| {
            let title = project_title(project);
            project
                .rows()
                .map(move |(line, amounts)| (line, (title.clone(), amounts)))
        })
        .collect();
    let columns = &catalogue.columns;
    // A row whose cells stand right of their columns is written nothing.
    let shifted = shifted_lines(findings);
    let agreed = findings.iter().filter_map(|finding| {
        let agrees = finding.hints.iter().find_map(|note| match note.hint {
            Hint::SumAgrees {
                line,
                column,
                should_be,
                grand_total,
            } => Some((line, column, should_be, grand_total)),
            _ => None,
        });
        Some((finding.line, agrees?))
    });
    let agreed = agreed.filter_map(|(line, (subtotal, column, to, grand_total))| {
        let title = SumTitle::OwnFigure {
            title: rows.get(&line)?.0.clone(),
            subtotal,
            grand_total,
        };
        Some((line, column, to, title))
    });
    // A row of a table of totals off from its sector's sheet (table).
    let of_sectors = findings
        .iter()
        .filter_map(|finding| match &finding.details {
            FindingKind::SheetTotals {
                sector,
                part,
                column,
                computed,
                ..
            } => {
                let title = SumTitle::PartTotals {
                    sector: sector.clone(),
                    part: part.clone(),
                };
                Some((finding.line, *column, *computed, title))
            }
            _ => None,
        });
    // A cell both would put right takes its sector's sum: the row's own other figures
    // may be what is off.
    let mut seen = rustc_hash::FxHashSet::default();
    (of_sectors.chain(agreed))
        .filter(|(line, column, ..)| seen.insert((*line, *column)))
        .filter(|(_, column, ..)| columns.stated.checks(*column) && !columns.is_in_parts(*column))
        .filter(|(line, ..)| !shifted.contains(line))
        .filter_map(|(line, column, to, title)| {
            Some(Change {
                line,
                column,
                title,
                from: rows.get(&line)?.1.get(column),
                unread: None,
                to,
            })
        })
        .collect()
}

/// The cells of rows whose figures add up only as thousands ([`Finding::misread_columns`]),
/// by line and column.
fn misread_figures(findings: &[Finding]) -> impl Iterator<Item = (usize, MoneyColumn)> + '_ {
    findings.iter().flat_map(|finding| {
        (finding.misread_columns().into_iter()).map(|column| (finding.line, column))
    })
}

/// Where a project's figure (an amount, or a part of one in a breakdown's column) stands:
/// the row's `cell` on its `line`; or, where its row as the table holds it ends before its
/// first money cell, the cell of a line below that holds the figure `from` (its cells
/// went on over the lines below: a cell of several paragraphs, as Word saves a table as
/// text, [`Reading::BrokenRows`]). Each line below goes on the cell the line above ended
/// in.
fn own_cell(
    rows: &[crate::read::rows::Row],
    index_of: &rustc_hash::FxHashMap<usize, usize>,
    (line, cell): (usize, usize),
    first_money: usize,
    from: Option<Decimal>,
    convention: crate::number::Convention,
) -> (usize, usize) {
    let Some(&first) = index_of.get(&line) else {
        return (line, cell);
    };
    let row = &rows[first];
    // A row with a money cell of its own is written there (widened where it ends early,
    // as a row whose last empty cells were left off).
    if row.len() > first_money || row.is_empty() || from.is_none() {
        return (line, cell);
    }
    let mut at = row.len() - 1;
    for below in (rows.iter().skip(first + 1)).take(crate::read::catalogue::MAX_CONTINUED_ROWS) {
        let Some(more) = below.len().checked_sub(1) else {
            break;
        };
        if cell <= at + more {
            let index = cell - at;
            let holds = below.amount(index, convention).ok() == from;
            return if holds {
                (below.line, index)
            } else {
                (line, cell)
            };
        }
        at += more;
    }
    (line, cell)
}

/// The lines of rows whose figures do not stand in their columns
/// ([`Finding::is_off_its_columns`]): no figure is written in their cells.
fn shifted_lines(findings: &[Finding]) -> rustc_hash::FxHashSet<usize> {
    (findings.iter())
        .filter(|finding| finding.is_off_its_columns())
        .map(|finding| finding.line)
        .collect()
}

/// The catalogue with `changes` made to its project and component rows.
fn with_figures(catalogue: &Catalogue, changes: &[Change]) -> Catalogue {
    let mut patched = catalogue.clone();
    let projects = patched.sectors.iter_mut().flat_map(|s| &mut s.projects);
    for project in projects {
        let own = std::iter::once((project.line, &mut project.amounts));
        let parts = project
            .components
            .iter_mut()
            .map(|c| (c.line, &mut c.amounts));
        for (line, amounts) in own.chain(parts) {
            for change in changes.iter().filter(|change| change.line == line) {
                *amounts.get_mut(change.column) = Some(change.to);
            }
        }
    }
    patched
}

/// One cell replaced.
#[derive(Debug, Clone)]
pub struct Change {
    pub line: usize,
    pub column: MoneyColumn,
    pub title: SumTitle,
    pub from: Option<Decimal>,
    /// The text of a declared cell that is not a number (`#REF!`), which `to` replaces.
    pub unread: Option<String>,
    pub to: Decimal,
}

/// A breakdown's part (a row's figure under `Năm 2025` of `Phân kỳ vốn viện trợ`) put
/// right where two sums agree on it: the row's own breakdown, off from its amount, and
/// the column's sum on a row of sums (`check`'s hints `part-off`, `own-part-off`).
#[derive(Debug, Clone)]
pub struct PartChange {
    pub line: usize,
    /// The part's column, 1-based, and its label and its breakdown's.
    pub column: usize,
    pub part: String,
    pub label: String,
    pub title: SumTitle,
    /// The row of sums whose column agrees; `None`: the row is that row of sums itself,
    /// and the rows it adds agree.
    pub sum_line: Option<usize>,
    pub from: Decimal,
    pub to: Decimal,
}

/// The row a finding's subject names, as the change list names it.
fn subject_title(subject: &Subject) -> SumTitle {
    match subject {
        Subject::SectorRow { sector } => {
            SumTitle::Sector(titled(sector.code.as_deref(), &sector.name))
        }
        Subject::GroupRow { group } => SumTitle::Group(titled(group.code.as_deref(), &group.name)),
        Subject::GrandTotalRow => SumTitle::GrandTotal,
        Subject::Project { number, name, .. } | Subject::Component { number, name, .. } => {
            SumTitle::Project(titled(number.as_deref(), name))
        }
    }
}

/// The breakdowns' parts that `check` found two sums agree on ([`PartChange`]), once
/// each (a sector's and the grand total's column name the same row's part).
fn part_changes(findings: &[Finding]) -> Vec<PartChange> {
    let mut changes: Vec<PartChange> = Vec::new();
    for finding in findings {
        let FindingKind::BreakdownColumnSum {
            subject,
            label,
            part,
            declared,
            computed,
        } = &finding.details
        else {
            continue;
        };
        let Some(column) = finding.column else {
            continue;
        };
        let change = finding.hints.iter().find_map(|note| match &note.hint {
            Hint::OwnPartOff { should_be } => Some(PartChange {
                line: finding.line,
                column,
                part: part.clone(),
                label: label.clone(),
                title: subject_title(subject),
                sum_line: None,
                from: *declared,
                to: *should_be,
            }),
            Hint::PartOff { row, should_be, .. } => Some(PartChange {
                line: row.line,
                column,
                part: part.clone(),
                label: label.clone(),
                title: SumTitle::Project(titled(row.number.as_deref(), &row.name)),
                sum_line: Some(finding.line),
                // Its figure is what it should be, less the column's difference.
                from: *should_be - (declared - computed),
                to: *should_be,
            }),
            _ => None,
        });
        if let Some(change) = change
            && !(changes.iter()).any(|c| c.line == change.line && c.column == change.column)
        {
            changes.push(change);
        }
    }
    changes.sort_by_key(|change| (change.line, change.column));
    changes
}

/// What `fix` does to a catalogue.
pub struct Correction {
    pub sum_rows: Vec<SumRow>,
    pub changes: Vec<Change>,
    /// The breakdowns' parts put right.
    pub part_changes: Vec<PartChange>,
    /// Findings on project rows, left for the officer (row sums, negative figures,
    /// cells that are not numbers, a table of totals' counts of projects).
    pub left: Vec<Finding>,
    /// Changes to amounts the file splits into parts: no one cell takes the figure, so
    /// the officer writes the parts.
    pub by_hand: Vec<Change>,
    /// The sums of each sector's projects once their own figures are put right (`None`
    /// past what a decimal holds exactly): what a table of totals beside it is put to.
    pub sector_totals: Vec<Option<Totals>>,
}

impl Correction {
    /// `None` where a sum is past what a decimal holds exactly: no figure to write.
    pub fn new(catalogue: &Catalogue, findings: Vec<Finding>) -> Option<Self> {
        let own_figures = own_figures(catalogue, &findings);
        let patched;
        let catalogue = match own_figures.is_empty() {
            true => catalogue,
            false => {
                patched = with_figures(catalogue, &own_figures);
                &patched
            }
        };
        let sector_totals = catalogue.sectors.iter().map(Sector::totals).collect();
        let mut sum_rows = Vec::new();
        for sector in &catalogue.sectors {
            for project in &sector.projects {
                if let Some(declared) = &project.declared {
                    sum_rows.push(SumRow {
                        line: declared.line,
                        title: SumTitle::Project(project_title(project)),
                        summed: project.rows().map(|(line, _)| line).collect(),
                        declared: stated(declared),
                        computed: project.totals()?,
                        kept: [false; 3],
                        unread: declared.unread,
                    });
                }
            }
            if let Some(declared) = &sector.declared {
                sum_rows.push(SumRow {
                    line: declared.line,
                    title: SumTitle::Sector(sector.title()),
                    summed: project_lines(std::slice::from_ref(sector)),
                    declared: stated(declared),
                    computed: sector.totals()?,
                    kept: [false; 3],
                    unread: declared.unread,
                });
            }
        }
        for group in &catalogue.groups {
            let Some(declared) = &group.declared else {
                continue;
            };
            let sectors = catalogue.sectors.get(group.first..group.end).unwrap_or(&[]);
            let totals: Option<Vec<Totals>> = sectors.iter().map(|s| s.totals()).collect();
            sum_rows.push(SumRow {
                line: declared.line,
                title: SumTitle::Group(format!("{} {}", group.code, group.name)),
                summed: sector_lines(sectors),
                declared: stated(declared),
                computed: Totals::exact_total(totals?)?,
                kept: [false; 3],
                unread: declared.unread,
            });
        }
        if let Some(declared) = &catalogue.grand_total {
            sum_rows.push(SumRow {
                line: declared.line,
                title: SumTitle::GrandTotal,
                summed: sector_lines(&catalogue.sectors),
                declared: stated(declared),
                computed: catalogue.totals()?,
                kept: [false; 3],
                unread: declared.unread,
            });
        }
        // Cells that are not numbers, and figures a spreadsheet set to English misread
        // (`1.200` stored as 1.2), by line and column: a sum that takes one is kept as
        // declared (the figure computed from it would be as wrong); the row is listed for
        // the officer.
        let unreadable: rustc_hash::FxHashSet<(usize, MoneyColumn)> = (catalogue.bad_cells)
            .iter()
            .filter_map(|cell| Some((cell.line, catalogue.columns.money_at(cell.column)?)))
            .chain(misread_figures(&findings))
            .collect();
        // Looked up once per unreadable cell and per finding: a file may have a million.
        let sum_lines: rustc_hash::FxHashSet<usize> = sum_rows.iter().map(|row| row.line).collect();
        if !unreadable.is_empty() {
            // The grand total adds the projects: a subtotal's own cell is not among them.
            let anywhere = MoneyColumn::ALL.map(|column| {
                (unreadable.iter()).any(|&(line, at)| at == column && !sum_lines.contains(&line))
            });
            for row in &mut sum_rows {
                row.kept = MoneyColumn::ALL.map(|column| match row.title {
                    SumTitle::GrandTotal => anywhere[column as usize],
                    _ => (row.summed.iter()).any(|&line| unreadable.contains(&(line, column))),
                });
            }
        }
        // A sum row's own cell that is not a number is replaced, and named as it was.
        let unread_sums: rustc_hash::FxHashMap<(usize, MoneyColumn), &str> =
            (catalogue.bad_cells.iter())
                .filter(|cell| sum_lines.contains(&cell.line))
                .filter_map(|cell| {
                    let column = catalogue.columns.money_at(cell.column)?;
                    Some(((cell.line, column), cell.text.as_str()))
                })
                .collect();
        // A sum row whose cells stand right of their columns is left as written, for
        // the officer (its `extra-cells` finding): a figure written in its columns would
        // overwrite its other cells.
        let shifted = shifted_lines(&findings);
        for row in sum_rows
            .iter_mut()
            .filter(|row| shifted.contains(&row.line))
        {
            row.kept = [true; 3];
        }
        // A sum the table says does not apply (`x`) is left as written: a sum row's cells
        // that declare nothing and are not numbers are replaced.
        for row in &mut sum_rows {
            for column in MoneyColumn::ALL {
                if row.unread & column.bit() != 0 && !unread_sums.contains_key(&(row.line, column))
                {
                    row.kept[column as usize] = true;
                }
            }
        }
        let (by_hand, mut changes): (Vec<Change>, Vec<Change>) = sum_rows
            .iter()
            .flat_map(|row| {
                let written = MoneyColumn::ALL
                    .into_iter()
                    .filter(|&c| catalogue.columns.stated.checks(c) && !row.kept[c as usize]);
                written.filter_map(|column| {
                    let to = column.of(&row.computed);
                    let from = row.declared[column as usize];
                    let unread = unread_sums.get(&(row.line, column)).map(|&t| t.to_owned());
                    (from.unwrap_or_default() != to || unread.is_some()).then(|| Change {
                        line: row.line,
                        column,
                        title: row.title.clone(),
                        from,
                        unread,
                        to,
                    })
                })
            })
            .partition(|change| catalogue.columns.is_in_parts(change.column));
        let put_right = |f: &Finding| {
            matches!(f.details, FindingKind::RowSum { .. })
                && own_figures.iter().any(|change| change.line == f.line)
        };
        // A breakdown (`Phân kỳ`) is the officer's to mend, on any row: unless the sum
        // put right is what its parts add up to, or one of its parts is put right. So is
        // a breakdown's column on a row of sums, unless the part its hint names is.
        let part_changes = part_changes(&findings);
        let breakdown_left = |f: &Finding| match &f.details {
            FindingKind::BreakdownSum {
                column, sum, label, ..
            } => {
                !(changes.iter().chain(&by_hand))
                    .any(|c| c.line == f.line && c.column == *column && c.to == *sum)
                    && !(part_changes.iter()).any(|c| c.line == f.line && c.label == *label)
            }
            FindingKind::BreakdownColumnSum { .. } => !f
                .hints
                .iter()
                .any(|note| matches!(note.hint, Hint::OwnPartOff { .. } | Hint::PartOff { .. })),
            _ => false,
        };
        let left = findings
            .into_iter()
            .filter(|f| {
                breakdown_left(f)
                    || f.is_off_its_columns()
                    // A count of projects is no figure of money to write.
                    || f.rule == Rule::SheetCount
                    || !sum_lines.contains(&f.line)
                        && !put_right(f)
                        && matches!(
                            f.details,
                            FindingKind::RowSum { .. }
                                | FindingKind::NegativeAmount { .. }
                                | FindingKind::NotANumber { .. }
                        )
            })
            .collect();
        changes.splice(0..0, own_figures);
        // In the file's order, as the officer goes down the table.
        changes.sort_by_key(|change| change.line);
        Some(Correction {
            sum_rows,
            changes,
            part_changes,
            left,
            by_hand,
            sector_totals,
        })
    }

    /// The changes and the rows left to the officer, as one sheet.
    pub fn sheet(&self, money: &crate::lang::Amounts, lang: Lang) -> Sheet {
        let columns = vec![
            Column::new("line", lang.pick("Line", "Dòng"), Kind::Count),
            Column::new("what", lang.pick("Row", "Dòng số liệu"), Kind::Text),
            Column::new("column", lang.pick("Column", "Cột"), Kind::Text),
            Column::new("from", lang.pick("From", "Số cũ"), Kind::Amount),
            Column::new("to", lang.pick("To", "Số mới"), Kind::Amount),
            Column::new("why", lang.pick("Why", "Lý do"), Kind::Text),
        ];
        let mut rows: Vec<Vec<Cell>> = self
            .changes
            .iter()
            .map(|change| (change, false))
            .chain(self.by_hand.iter().map(|change| (change, true)))
            .map(|(change, by_hand)| {
                let [what, why] = lang.change(&change.title, change.unread.as_deref(), by_hand);
                vec![
                    Cell::Count(change.line),
                    Cell::Text(what),
                    Cell::Text(lang.money_column(change.column).to_owned()),
                    Cell::Amount(change.from),
                    Cell::Amount(Some(change.to)),
                    Cell::Text(why),
                ]
            })
            .collect();
        for change in &self.part_changes {
            let [what, why] = lang.part_change(&change.title, &change.label, change.sum_line);
            rows.push(vec![
                Cell::Count(change.line),
                Cell::Text(what),
                Cell::Text(change.part.clone()),
                Cell::Amount(Some(change.from)),
                Cell::Amount(Some(change.to)),
                Cell::Text(why),
            ]);
        }
        for finding in &self.left {
            // Misread figures are to be typed again: the hint says so, and how they read.
            let misread = finding
                .hints
                .iter()
                .find(|note| matches!(note.hint, Hint::ThousandsAsDecimals { .. }));
            let misread = misread.map_or_else(String::new, |note| {
                format!("; {}", lang.hint(&note.hint, money))
            });
            rows.push(vec![
                Cell::Count(finding.line),
                Cell::Text(lang.pick("left as it is", "giữ nguyên").to_owned()),
                Cell::Blank,
                Cell::Amount(None),
                Cell::Amount(None),
                Cell::Text(format!(
                    "{}: {}{misread}",
                    lang.pick("for the officer to decide", "cán bộ cần xem lại"),
                    lang.finding(&finding.details, money)
                )),
            ]);
        }
        Sheet {
            title: lang.pick("Changes", "Thay đổi").to_owned(),
            columns,
            rows,
            total: None,
            notes: Vec::new(),
            convention: money.convention,
        }
    }
}

/// The lists of changes of several sheets corrected in one copy (a workbook of one sheet
/// a sector) as one list, each row led by its sheet's name; one sheet's list as it is.
/// Of a document's tables (`tables`), each row led by its table's number (`2`, `3-4`).
pub fn changes_of_sheets(
    mut lists: Vec<(String, Sheet)>,
    tables: bool,
    lang: Lang,
) -> Option<Sheet> {
    if lists.len() < 2 {
        return lists.pop().map(|(_, list)| list);
    }
    let mut lists = lists.into_iter();
    let (name, mut all) = lists.next()?;
    let sheet_column = match tables {
        true => Column::new("table", lang.pick("Table", "Bảng"), Kind::Text),
        false => Column::new("sheet", lang.pick("Sheet", "Trang tính"), Kind::Text),
    };
    all.columns.insert(0, sheet_column);
    let led = |name: &str, rows: &mut Vec<Vec<Cell>>| {
        for row in rows.iter_mut() {
            row.insert(0, Cell::Text(name.to_owned()));
        }
    };
    led(&name, &mut all.rows);
    for (name, mut list) in lists {
        led(&name, &mut list.rows);
        all.rows.append(&mut list.rows);
    }
    Some(all)
}

/// How the corrected copy lays its rows out as the file does: the cells it merges down
/// (one owner over several projects) and the rows it hides (a project dropped but not
/// deleted). Rows are indexes into the copy's rows ([`Correction::cells`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RowsLaidOut {
    /// Each merge's first and last row, and its column (from 0).
    pub merged_down: Vec<((usize, usize), usize)>,
    pub hidden: Vec<usize>,
}

impl RowsLaidOut {
    /// How `rows` are laid out: each run of rows a cell continues
    /// ([`Row::merged_down`](crate::read::rows::Row)), from the row above it that shows its
    /// text, and the rows the sheet hides.
    pub fn of(rows: &[crate::read::rows::Row]) -> RowsLaidOut {
        let mut covered: Vec<(usize, usize)> = (rows.iter().enumerate())
            .flat_map(|(at, row)| {
                (row.merged_down.iter()).map(move |(column, _)| (*column as usize, at))
            })
            .collect();
        covered.sort_unstable();
        let mut merged_down: Vec<((usize, usize), usize)> = Vec::new();
        for (column, at) in covered {
            match merged_down.last_mut() {
                Some(((_, last), of)) if *of == column && *last + 1 == at => *last = at,
                _ => {
                    let shown = rows[at].shown(column);
                    let above = at.checked_sub(1);
                    if let Some(above) = above.filter(|&above| rows[above].cell(column) == shown) {
                        merged_down.push(((above, at), column));
                    }
                }
            }
        }
        let hidden = (rows.iter().enumerate())
            .filter(|(_, row)| row.hidden)
            .map(|(at, _)| at)
            .collect();
        RowsLaidOut {
            merged_down,
            hidden,
        }
    }
}

/// A cell of the corrected copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixedCell {
    /// Text as read (an amount the reader could not read stays text too).
    Text(String),
    /// An amount of a project or component row: its value and its text as read.
    Amount(Decimal, String),
    /// An amount of a project or component row put right ([`SumTitle::OwnFigure`]).
    Corrected(Decimal),
    /// A sum row's cell: the rows it adds (indexes into the copy's rows), its figure,
    /// whether it differs from what was declared, and its text as read.
    Sum {
        rows: Vec<usize>,
        figure: Decimal,
        changed: bool,
        text: String,
    },
    /// A cell of a column the sheet hides, which is not read: its text, kept in the copy
    /// and hidden there where the copy is a workbook (a CSV copy cannot hide it, and
    /// leaves it out).
    Hidden(String),
}

impl Correction {
    /// The rows of the copy: `rows` as read, sum rows' money cells computed (but for
    /// amounts split into parts, whose cells are kept as amounts as read), in the file's
    /// unit (`unit`, as the file writes it). A row whose unit cell names another unit of
    /// its currency is written in the file's, its unit cell too: the sums add it.
    pub fn cells(
        &self,
        rows: &[crate::read::rows::Row],
        columns: &crate::model::Columns,
        numbers: &crate::number::NumberFormat,
        unit: Option<&str>,
    ) -> Vec<Vec<FixedCell>> {
        let convention = numbers.convention;
        let (written_unit, unit) = (unit.unwrap_or_default(), unit.and_then(Unit::parse));
        let unit = unit.as_ref();
        let money = columns.money;
        let index_of: rustc_hash::FxHashMap<usize, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| (row.line, i))
            .collect();
        let sums: rustc_hash::FxHashMap<usize, &SumRow> =
            self.sum_rows.iter().map(|row| (row.line, row)).collect();
        // A project's figure put right, by the line and cell (from 0) it stands in.
        let first_money = money.iter().flatten().min().map_or(0, |&column| column - 1);
        let own_figures: rustc_hash::FxHashMap<(usize, usize), Decimal> = (self.changes.iter())
            .filter(|c| c.title.is_own_figure())
            .filter_map(|c| {
                let cell = money[c.column as usize]? - 1;
                let place = own_cell(
                    rows,
                    &index_of,
                    (c.line, cell),
                    first_money,
                    c.from,
                    convention,
                );
                Some((place, c.to))
            })
            .collect();
        let own_figure = |line: usize, index: usize| own_figures.get(&(line, index)).copied();
        // A breakdown's part put right, by the line and cell (from 0) it stands in.
        let parts: rustc_hash::FxHashMap<(usize, usize), Decimal> = (self.part_changes.iter())
            .map(|c| {
                let at = (c.line, c.column - 1);
                let place = own_cell(rows, &index_of, at, first_money, Some(c.from), convention);
                (place, c.to)
            })
            .collect();
        rows.iter()
            .map(|row| {
                // The row's unit and the file's, where the row's is another of its currency.
                let other_unit = (columns.unit.zip(unit))
                    .and_then(|(at, file)| Some((row_unit(row.cell(at - 1), file)?, file)))
                    .filter(|(written, file)| file.currency == written.currency);
                let in_file_unit = |value: Decimal| {
                    let (written, file) = other_unit.as_ref()?;
                    crate::unit::in_unit(value, written, file)
                };
                // A row keeps its own width (a title line stays one cell) unless a figure
                // is written past its end.
                let changed = (sums.get(&row.line)).is_some_and(|sum| sum.kept.contains(&false))
                    || parts.keys().any(|&(line, _)| line == row.line);
                let money_width = money.iter().flatten().max().copied().unwrap_or(0);
                // How far a figure written into the row reaches, by its cells (from 0).
                let reach = |written: &rustc_hash::FxHashMap<(usize, usize), Decimal>| {
                    (written.keys())
                        .filter(|&&(line, _)| line == row.line)
                        .map(|&(_, at)| at + 1)
                        .max()
                        .unwrap_or(0)
                };
                let width = (row.len())
                    .max(if changed { money_width } else { 0 })
                    .max(reach(&parts))
                    .max(reach(&own_figures));
                let mut cells: Vec<FixedCell> = (0..width)
                    .map(|index| {
                        let column = MoneyColumn::ALL
                            .into_iter()
                            .find(|&c| money[c as usize] == Some(index + 1));
                        let part = columns.is_part(index + 1);
                        // An amount a workbook stored as a number is written as the changed
                        // figures are, in the file's convention: its own text (`2016.5`)
                        // beside them (`2.516,5`) made a copy that reads in neither.
                        let text = match row.number(index) {
                            Some(value) if part || column.is_some() => numbers.written(value),
                            _ => row.cell(index).to_owned(),
                        };
                        let text = text.as_str();
                        match (column, sums.get(&row.line)) {
                            _ if other_unit.is_some() && columns.unit == Some(index + 1) => {
                                FixedCell::Text(written_unit.to_owned())
                            }
                            _ if let Some(figure) = own_figure(row.line, index) => {
                                FixedCell::Corrected(figure)
                            }
                            _ if let Some(&figure) = parts.get(&(row.line, index)) => {
                                FixedCell::Corrected(figure)
                            }
                            (Some(column), Some(sum)) if !part && !sum.kept[column as usize] => {
                                let figure = column.of(&sum.computed);
                                let changed =
                                    sum.declared[column as usize].unwrap_or_default() != figure;
                                let summed: Vec<usize> = (sum.summed.iter())
                                    .filter_map(|l| index_of.get(l).copied())
                                    .collect();
                                // A row it adds whose figures stand on the lines below it
                                // (broken inside a cell) has no cell a formula can name:
                                // the sum is written as a figure.
                                let named = summed.iter().all(|&at| rows[at].len() > first_money);
                                match (named, changed) {
                                    (true, _) => FixedCell::Sum {
                                        rows: summed,
                                        figure,
                                        changed,
                                        text: match other_unit {
                                            Some(_) => numbers.written(figure),
                                            None => text.to_owned(),
                                        },
                                    },
                                    (false, true) => FixedCell::Corrected(figure),
                                    (false, false) => FixedCell::Amount(figure, text.to_owned()),
                                }
                            }
                            // An amount as read (a workbook's stored number, else the text
                            // in the file's convention, or a figure with a unit of the
                            // file's currency); anything else stays text.
                            _ if part || column.is_some() => match row.amount(index, convention) {
                                Ok(value) if other_unit.is_some() => match in_file_unit(value) {
                                    Some(value) => FixedCell::Amount(value, numbers.written(value)),
                                    None => FixedCell::Text(text.to_owned()),
                                },
                                Ok(value) => FixedCell::Amount(value, text.to_owned()),
                                Err(_) => match unit.and_then(|unit| {
                                    crate::unit::figure_in_unit(text, convention, unit)
                                }) {
                                    Some((value, _)) => FixedCell::Amount(value, text.to_owned()),
                                    None => FixedCell::Text(text.to_owned()),
                                },
                            },
                            _ => FixedCell::Text(text.to_owned()),
                        }
                    })
                    .collect();
                for (index, text) in &row.hidden_cells {
                    let index = *index as usize;
                    if cells.len() <= index {
                        cells.resize(index + 1, FixedCell::Text(String::new()));
                    }
                    cells[index] = FixedCell::Hidden(text.clone());
                }
                cells
            })
            .collect()
    }
}
