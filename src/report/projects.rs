//! `list` and `convert`: the projects of catalogues, one row each.

use super::sheet::{Cell, Column, Kind, Sheet, money_columns};
use super::summary::title_line;
use crate::lang::Lang;
use crate::model::{Amounts, Catalogue, Project, Sector};
use crate::number::Convention;
use crate::period;
use crate::text::fold;
use rust_decimal::Decimal;

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
    fn keeps(&self, sector: &Sector, project: &Project) -> bool {
        let contains = |field: &str, wanted: &Option<String>| {
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
            matches!(period::parse(&project.period), Ok(Some(span)) if span.start <= year && year <= span.end)
        });
        sector_matches
            && contains(&project.owner, &self.owner)
            && contains(&project.location, &self.location)
            && year_matches
    }
}

/// A project's amounts with its components folded in: a column is empty only when it is
/// empty on every row of the project.
pub fn folded_amounts(project: &Project) -> Amounts {
    let column = |pick: fn(&Amounts) -> Option<Decimal>| {
        project
            .rows()
            .filter_map(|(_, amounts)| pick(amounts))
            .reduce(|a, b| a + b)
    };
    Amounts {
        total: column(|a| a.total),
        aid: column(|a| a.aid),
        counterpart: column(|a| a.counterpart),
    }
}

fn convention(catalogues: &[Catalogue]) -> Convention {
    catalogues
        .first()
        .map_or(Convention::Vi, Catalogue::convention)
}

/// The projects that pass the filters, with a total row.
pub fn list(catalogues: &[Catalogue], filters: &Filters, lang: Lang) -> Sheet {
    let mut columns = vec![
        Column::new("sector_code", lang.pick("Sector", "Lĩnh vực"), Kind::Text),
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
    columns.extend(money_columns(lang));
    let mut rows = Vec::new();
    let mut sums = [Decimal::ZERO; 3];
    for catalogue in catalogues {
        for (sector, project) in catalogue.projects() {
            if !filters.keeps(sector, project) {
                continue;
            }
            let amounts = folded_amounts(project);
            for (sum, value) in
                sums.iter_mut()
                    .zip([amounts.total, amounts.aid, amounts.counterpart])
            {
                *sum += value.unwrap_or_default();
            }
            rows.push(vec![
                Cell::text(sector.code.clone().unwrap_or_else(|| sector.name.clone())),
                Cell::text(project.number.clone().unwrap_or_default()),
                Cell::text(&project.name),
                Cell::text(&project.owner),
                Cell::text(&project.location),
                Cell::text(&project.period),
                Cell::Amount(amounts.total),
                Cell::Amount(amounts.aid),
                Cell::Amount(amounts.counterpart),
            ]);
        }
    }
    let count = rows.len();
    let unit = catalogues.iter().find_map(|c| c.metadata.unit.clone());
    Sheet {
        title: title_line(
            lang.pick("Projects", "Danh mục dự án"),
            catalogues,
            unit.as_deref(),
            lang,
        ),
        columns,
        rows,
        total: Some(vec![
            Cell::Blank,
            Cell::Blank,
            Cell::Text(format!("{} ({count})", lang.pick("Total", "Tổng cộng"))),
            Cell::Blank,
            Cell::Blank,
            Cell::Blank,
            Cell::Amount(Some(sums[0])),
            Cell::Amount(Some(sums[1])),
            Cell::Amount(Some(sums[2])),
        ]),
        notes: Vec::new(),
        convention: convention(catalogues),
    }
}

/// The catalogues in the tidy layout: one row per project, components folded into their
/// project (amounts summed, contents and notes joined by line breaks), sector code and
/// name on each row. Read back, it gives the same sector totals.
pub fn tidy(catalogues: &[Catalogue]) -> Sheet {
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
    .chain(
        ["total", "aid", "counterpart"]
            .into_iter()
            .map(|key| Column::new(key, key, Kind::Amount)),
    )
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
            let amounts = folded_amounts(project);
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
            rows.push(vec![
                Cell::Text(province),
                Cell::text(sector.code.clone().unwrap_or_default()),
                Cell::text(&sector.name),
                Cell::text(project.number.clone().unwrap_or_default()),
                Cell::text(&project.name),
                Cell::text(&project.owner),
                Cell::text(&project.location),
                Cell::text(&project.period),
                Cell::Text(joined(&project.content, contents)),
                Cell::Amount(amounts.total),
                Cell::Amount(amounts.aid),
                Cell::Amount(amounts.counterpart),
                Cell::Text(joined(&project.note, notes)),
            ]);
        }
    }
    Sheet {
        title: String::new(),
        columns,
        rows,
        total: None,
        notes: Vec::new(),
        convention: convention(catalogues),
    }
}
