//! `list` and `convert`: the projects of catalogues, one row each.

use super::sheet::{
    Cell, Column, Kind, Sheet, figures_convention, money_cells, money_columns, money_given,
};
use super::summary::{reading_notes, title_line};
use crate::lang::Lang;
use crate::model::{
    Amounts, BadCell, Catalogue, MoneyColumn, Project, ProjectView, Sector, Totals, exact_sum,
};
use crate::period;
use crate::problem::{Failure, Problem};
use crate::read::{CatalogueSink, MAX_ROWS, ReadError};
use crate::text::fold;
use anyhow::Result;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Filters of `list`; text filters match a part of the field, ignoring case and diacritics.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A sector's code (`II`: a Roman numeral matches codes only) or a part of its name.
    pub sector: Option<String>,
    pub owner: Option<String>,
    pub location: Option<String>,
    /// Projects whose period includes this year.
    pub year: Option<u16>,
}

impl Filters {
    fn keeps<S: AsRef<str>>(&self, sector: &Sector, project: &Project<S>) -> bool {
        let contains = |field: &S, wanted: &Option<String>| {
            let field = field.as_ref();
            wanted
                .as_ref()
                .is_none_or(|w| fold(field).contains(&fold(w)))
        };
        // `V` is a sector code, not a part of every name containing a `v`.
        let sector_matches = self.sector.as_ref().is_none_or(|wanted| {
            let is_code = wanted
                .chars()
                .all(|c| matches!(c.to_ascii_uppercase(), 'I' | 'V' | 'X' | 'L'));
            if is_code {
                sector
                    .code
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
            } else {
                fold(&sector.name).contains(&fold(wanted))
            }
        });
        let year_matches = self.year.is_none_or(|year| {
            matches!(period::parse(project.period.as_ref()), Ok(Some(span)) if span.start <= year && year <= span.end)
        });
        sector_matches
            && contains(&project.owner, &self.owner)
            && contains(&project.location, &self.location)
            && year_matches
    }
}

/// A project's amounts with its components folded in: a column is empty only when it is
/// empty on every row of the project. `None` where a sum is past what a decimal holds
/// exactly.
pub fn folded_amounts<S>(project: &Project<S>) -> Option<Amounts> {
    let column = |pick: fn(&Amounts) -> Option<Decimal>| {
        let mut values = project.rows().filter_map(|(_, amounts)| pick(amounts));
        match values.next() {
            Some(first) => values.try_fold(first, exact_sum).map(Some),
            None => Some(None),
        }
    };
    Some(Amounts {
        total: column(|a| a.total)?,
        aid: column(|a| a.aid)?,
        counterpart: column(|a| a.counterpart)?,
    })
}

/// The projects of a file that pass the filters, as rows of the list, kept as the file is
/// read: the file is never held, only what is listed (at most `room` rows).
pub struct ProjectList {
    filters: Arc<Filters>,
    room: usize,
    sectors: Vec<Sector>,
    rows: Vec<Vec<Cell>>,
    sums: Totals,
    /// Amount cells that could not be read (they count as zero).
    unread: usize,
    /// Was a sum past what a decimal holds exactly? The list is refused.
    inexact: bool,
    /// Did more than `room` projects pass? Those past it are not kept, and the list is
    /// refused: found once the file is read, not at a row, so the same in ranges.
    overflowed: bool,
}

impl ProjectList {
    /// Lists what passes `filters`, at most `room` rows.
    pub fn new(filters: Arc<Filters>, room: usize) -> Self {
        ProjectList {
            filters,
            room,
            sectors: Vec::new(),
            rows: Vec::new(),
            sums: Totals::default(),
            unread: 0,
            inexact: false,
            overflowed: false,
        }
    }

    /// How many rows are listed.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// The rows, or an error at `path` where more than `room` projects passed or a sum
    /// is not exact.
    pub fn finish(self, path: &str) -> Result<Self> {
        if self.overflowed {
            let problem = Problem::TooManyRows { max: MAX_ROWS };
            return Err(Failure::error(path, problem));
        }
        if self.inexact {
            return Err(Failure::error(path, Problem::InexactSums));
        }
        Ok(self)
    }

    fn keep(&mut self, row: Vec<Cell>) {
        if self.rows.len() == self.room {
            self.overflowed = true;
            return;
        }
        self.rows.push(row);
    }
}

impl CatalogueSink for ProjectList {
    fn sector(&mut self, sector: Sector) {
        self.sectors.push(sector);
    }

    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        let sector = &self.sectors[sector];
        if !self.filters.keeps(sector, project) {
            return Ok(());
        }
        let Some(amounts) = folded_amounts(project) else {
            self.inexact = true;
            return Ok(());
        };
        self.inexact |= !self.sums.add_exact(amounts.or_zero());
        let row = vec![
            Cell::text(sector.code.clone().unwrap_or_else(|| sector.name.clone())),
            Cell::text(project.number.unwrap_or_default()),
            Cell::text(project.name),
            Cell::text(project.owner),
            Cell::text(project.location),
            Cell::text(project.period),
            Cell::Amount(amounts.total),
            Cell::Amount(amounts.aid),
            Cell::Amount(amounts.counterpart),
        ];
        self.keep(row);
        Ok(())
    }

    fn fork(&self) -> Option<Self> {
        Some(ProjectList::new(self.filters.clone(), self.room))
    }

    fn join(&mut self, later: Self, sectors: &[usize], _: usize) -> Result<(), ReadError> {
        for (i, sector) in later.sectors.into_iter().enumerate() {
            if sectors[i] == self.sectors.len() {
                self.sectors.push(sector);
            }
        }
        for row in later.rows {
            self.keep(row);
        }
        self.inexact |= later.inexact || !self.sums.add_exact(later.sums);
        self.unread += later.unread;
        self.overflowed |= later.overflowed;
        Ok(())
    }

    fn bad_cell(&mut self, _: BadCell) {
        self.unread += 1;
    }
}

/// The list of files' projects, with a total row; `heads` as the reader finished them,
/// all in `unit` (which the money columns name, as [`tidy`]'s do). `None` where the files'
/// sums together are past what a decimal holds exactly.
pub fn list(
    heads: &[Catalogue],
    files: Vec<ProjectList>,
    unit: Option<&str>,
    lang: Lang,
) -> Option<Sheet> {
    // The sector as the file marks it: its code, or its name where it has none (a tidy
    // file's sectors have only names).
    let mut columns = vec![
        Column::new("sector", lang.pick("Sector", "Lĩnh vực"), Kind::Text),
        Column::new("number", lang.pick("No.", "STT"), Kind::Text),
        Column::new("name", lang.pick("Project", "Tên dự án"), Kind::Text),
        Column::new(
            "owner",
            lang.pick("Owner", "Chủ khoản viện trợ"),
            Kind::Text,
        ),
        Column::new("location", lang.pick("Location", "Địa điểm"), Kind::Text),
        Column::new("period", lang.pick("Period", "Thời gian"), Kind::Text),
    ];
    columns.extend(money_columns(lang).map(|column| column.in_unit(unit)));
    let mut rows = Vec::with_capacity(files.iter().map(ProjectList::row_count).sum());
    let mut sums = Totals::default();
    let mut unread = 0;
    for file in files {
        rows.extend(file.rows);
        sums = sums.exact_plus(file.sums)?;
        unread += file.unread;
    }
    let count = rows.len();
    let mut total = vec![
        Cell::Blank,
        Cell::Blank,
        Cell::Text(format!("{} ({count})", lang.pick("Total", "Tổng cộng"))),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
    ];
    total.extend(money_cells(money_given(heads), &sums));
    Some(Sheet {
        title: title_line(lang.pick("Projects", "Danh mục dự án"), heads, unit, lang),
        columns,
        rows,
        total: Some(total),
        notes: reading_notes(heads, unread, lang),
        convention: figures_convention(heads.iter().map(Catalogue::convention), lang),
    })
}

/// The catalogues in the tidy layout: one row per project, components folded into their
/// project (amounts summed, contents and notes joined by line breaks), sector code and
/// name on each row. Read back, it gives the same sector totals. An error at the file
/// where a project's sum is past what a decimal holds exactly. A money column no
/// catalogue has is left out, so that the copy reads back as a list of the ones it has.
/// The money columns name the catalogues' `unit` (`total (USD)`), so that the copy reads
/// back in it; a copy without it was summed as the unit of the files beside it.
pub fn tidy(catalogues: &[Catalogue], unit: Option<&str>, lang: Lang) -> Result<Sheet> {
    let given = money_given(catalogues);
    let money = MoneyColumn::ALL.into_iter().filter(|&c| given[c as usize]);
    let columns = [
        "province",
        "sector_code",
        "sector",
        "number",
        "name",
        "owner",
        "location",
        "period",
        "content",
    ]
    .into_iter()
    .map(|key| Column::new(key, key, Kind::Text))
    .chain(money.clone().map(|c| {
        // A copy has no title: its workbook's headers name the unit too, as its CSV
        // header does.
        let column = Column::new(c.name(), c.name(), Kind::Amount).in_unit(unit);
        Column {
            heading: column.csv_header(),
            ..column
        }
    }))
    .chain(std::iter::once(Column::new("note", "note", Kind::Text)))
    .collect();
    let joined = |first: &str, rest: Vec<&str>| {
        std::iter::once(first)
            .chain(rest)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut rows = Vec::new();
    for catalogue in catalogues {
        for (sector, project) in catalogue.projects() {
            let amounts = folded_amounts(project)
                .ok_or_else(|| Failure::error(&catalogue.path, Problem::InexactSums))?;
            let province = project
                .province
                .clone()
                .or_else(|| catalogue.metadata.province.clone())
                .unwrap_or_default();
            let contents = project
                .components
                .iter()
                .map(|c| c.content.as_str())
                .collect();
            let notes = project.components.iter().map(|c| c.note.as_str()).collect();
            let mut row = vec![
                Cell::Text(province),
                Cell::text(sector.code.clone().unwrap_or_default()),
                Cell::text(&sector.name),
                Cell::text(project.number.clone().unwrap_or_default()),
                Cell::text(&project.name),
                Cell::text(&project.owner),
                Cell::text(&project.location),
                Cell::text(&project.period),
                Cell::Text(joined(&project.content, contents)),
            ];
            row.extend(money.clone().map(|c| Cell::Amount(amounts.get(c))));
            row.push(Cell::Text(joined(&project.note, notes)));
            rows.push(row);
        }
    }
    Ok(Sheet {
        title: String::new(),
        columns,
        rows,
        total: None,
        notes: Vec::new(),
        convention: figures_convention(catalogues.iter().map(Catalogue::convention), lang),
    })
}
