//! `summary`: projects grouped by sector, owner, location, period, year or province,
//! with figures computed from the project rows, never copied from declared subtotals.

use super::sheet::{Cell, Column, Kind, Sheet, money_columns, percent, share};
use crate::lang::Lang;
use crate::model::{BadCell, Catalogue, Declared, Project, RaggedRow, Sector, Totals};
use crate::number::format_grouped;
use crate::period;
use crate::problem::{Failure, Problem};
use crate::read::{CatalogueSink, ReadError};
use crate::text::fold;
use anyhow::Result;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How projects are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// Sectors in document order
    Sector,
    /// Project owners, largest total first
    Owner,
    /// Locations, largest total first
    Location,
    /// Start year of the implementation period
    Period,
    /// Each year of the period, amounts spread evenly (an estimate)
    Year,
    /// Provinces (one per file, or the file's province column), in order of appearance
    Province,
}

impl GroupBy {
    fn key(self) -> &'static str {
        match self {
            GroupBy::Sector => "sector",
            GroupBy::Owner => "owner",
            GroupBy::Location => "location",
            GroupBy::Period => "period",
            GroupBy::Year => "year",
            GroupBy::Province => "province",
        }
    }

    fn heading(self, lang: Lang) -> &'static str {
        match self {
            GroupBy::Sector => lang.pick("Sector", "Lĩnh vực"),
            GroupBy::Owner => lang.pick("Owner", "Chủ khoản viện trợ"),
            GroupBy::Location => lang.pick("Location", "Địa điểm"),
            GroupBy::Period => lang.pick("Start year", "Năm bắt đầu"),
            GroupBy::Year => lang.pick("Year (estimate)", "Năm (ước tính)"),
            GroupBy::Province => lang.pick("Province", "Tỉnh"),
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Group {
    code: Option<String>,
    label: String,
    projects: usize,
    totals: Totals,
    /// Declared subtotals of the sector rows merged here, with where they stand.
    declared: Option<Totals>,
    declared_at: Vec<String>,
    /// The sectors merged here, and how many of them declared figures.
    sectors: usize,
    declaring: usize,
}

impl Group {
    fn declare(&mut self, amounts: Totals, at: String) {
        self.declared = Some(self.declared.unwrap_or_default() + amounts);
        self.declared_at.push(at);
        self.declaring += 1;
    }
}

/// Groups in order of first appearance, found by a folded key.
#[derive(Default, Clone)]
struct Groups {
    list: Vec<Group>,
    index: HashMap<String, usize>,
    /// Labels already folded, to the group they fold to: most projects repeat a label.
    labels: HashMap<String, usize>,
}

impl Groups {
    /// The group a label folds to, folding each distinct label once.
    fn by_label(&mut self, label: &str, code: Option<&str>) -> &mut Group {
        if let Some(&at) = self.labels.get(label) {
            return &mut self.list[at];
        }
        self.entry(fold(label), label, code);
        let at = self.index[&fold(label)];
        self.labels.insert(label.to_owned(), at);
        &mut self.list[at]
    }

    fn entry(&mut self, key: String, label: &str, code: Option<&str>) -> &mut Group {
        let next = self.list.len();
        let at = *self.index.entry(key).or_insert(next);
        if at == next {
            self.list.push(Group {
                code: code.map(str::to_owned),
                label: label.to_owned(),
                ..Group::default()
            });
        }
        &mut self.list[at]
    }
}

/// Splits `amount` into `parts` exact shares at its own precision: the first years take
/// one more unit of the last digit until the shares add up to the amount exactly.
pub fn split_evenly(amount: Decimal, parts: u32) -> Vec<Decimal> {
    let parts = parts.max(1);
    let scale = amount.scale();
    let units = amount.mantissa();
    let (quotient, remainder) = (units / i128::from(parts), units % i128::from(parts));
    (0..i128::from(parts))
        .map(|i| {
            let extra = if i < remainder.abs() {
                remainder.signum()
            } else {
                0
            };
            Decimal::from_i128_with_scale(quotient + extra, scale)
        })
        .collect()
}

fn none_label(lang: Lang) -> &'static str {
    lang.pick("(none)", "(không có)")
}

/// Checks the files can be summed: one unit for all.
pub fn common_unit(catalogues: &[Catalogue]) -> Result<Option<String>> {
    let mut unit: Option<(&str, &str)> = None;
    for catalogue in catalogues {
        if let Some(this) = catalogue.metadata.unit.as_deref() {
            match unit {
                Some((first, path)) if fold(first) != fold(this) => {
                    let problem = Problem::MixedUnits {
                        first: path.to_owned(),
                        first_unit: first.to_owned(),
                        other: catalogue.path.clone(),
                        other_unit: this.to_owned(),
                    };
                    return Err(Failure::error("", problem));
                }
                None => unit = Some((this, &catalogue.path)),
                _ => {}
            }
        }
    }
    Ok(unit.map(|(u, _)| u.to_owned()))
}

/// The title line: what is grouped, for which provinces and period, in which unit.
pub fn title_line(what: &str, catalogues: &[Catalogue], unit: Option<&str>, lang: Lang) -> String {
    let mut parts = vec![what.to_owned()];
    let mut provinces: Vec<&str> = catalogues
        .iter()
        .filter_map(|c| c.metadata.province.as_deref())
        .collect();
    provinces.dedup();
    if !provinces.is_empty() {
        parts.push(provinces.join(", "));
    }
    if let [only] = catalogues
        && let Some(period) = only.metadata.period
    {
        parts.push(period.to_string());
    }
    if let Some(unit) = unit {
        parts.push(format!("{}: {unit}", lang.pick("unit", "ĐVT")));
    }
    parts.join(" — ")
}

/// The fields a project is grouped by, as text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keys<'a> {
    pub sector: &'a str,
    pub owner: &'a str,
    pub location: &'a str,
    pub period: &'a str,
    pub province: &'a str,
}

/// Sums projects into groups, file after file.
#[derive(Clone)]
pub struct Accumulator {
    by: GroupBy,
    lang: Lang,
    groups: Groups,
    grand: Totals,
    projects: usize,
    /// Amount cells that could not be read (they count as zero).
    unread: usize,
}

impl Accumulator {
    pub fn new(by: GroupBy, lang: Lang) -> Self {
        Accumulator {
            by,
            lang,
            groups: Groups::default(),
            grand: Totals::default(),
            projects: 0,
            unread: 0,
        }
    }

    fn label<'a>(&self, text: &'a str) -> &'a str {
        if text.is_empty() {
            none_label(self.lang)
        } else {
            text
        }
    }

    /// Makes a sector's group, in order, with its code; `declared` merges its declared
    /// subtotals (and where they stand) into the group's.
    pub fn sector(&mut self, code: Option<&str>, name: &str, declared: Option<(Totals, String)>) {
        if self.by != GroupBy::Sector {
            return;
        }
        let label = self.label(name);
        let group = self.groups.entry(fold(label), label, code);
        group.sectors += 1;
        if let Some((amounts, at)) = declared {
            group.declare(amounts, at);
        }
    }

    /// A sector's subtotal declared on a row after its projects (`Cộng`), for a sector
    /// whose own row declared none.
    pub fn sector_subtotal(&mut self, name: &str, amounts: Totals, at: String) {
        if self.by != GroupBy::Sector {
            return;
        }
        let label = self.label(name);
        let group = self.groups.entry(fold(label), label, None);
        group.declare(amounts, at);
    }

    /// Adds `count` projects with these keys whose figures sum to `totals`. Summing
    /// first is exact for every grouping but `year`, which spreads each project by itself:
    /// there, add projects one at a time.
    pub fn add(&mut self, keys: &Keys<'_>, totals: Totals, count: usize) {
        self.grand += totals;
        self.projects += count;
        let mut text_group = |text: &str| {
            let label = if text.is_empty() {
                none_label(self.lang)
            } else {
                text
            };
            let group = self.groups.by_label(label, None);
            group.projects += count;
            group.totals += totals;
        };
        match self.by {
            // The sector's group was made, with its code, before its projects.
            GroupBy::Sector => text_group(keys.sector),
            GroupBy::Owner => text_group(keys.owner),
            GroupBy::Location => text_group(keys.location),
            GroupBy::Province => text_group(keys.province),
            GroupBy::Period => match period::parse(keys.period) {
                Ok(Some(span)) => text_group(&span.start.to_string()),
                _ => text_group(""),
            },
            GroupBy::Year => match period::parse(keys.period) {
                Ok(Some(span)) => {
                    for (year, share) in year_shares(span, totals) {
                        let label = year.to_string();
                        let group = self.groups.entry(label.clone(), &label, None);
                        group.projects += count;
                        group.totals += share;
                    }
                }
                _ => text_group(""),
            },
        }
    }

    /// The summary sheet; `catalogues` give the title's provinces, period and unit.
    pub fn finish(self, catalogues: &[Catalogue]) -> Result<Sheet> {
        let unit = common_unit(catalogues)?;
        let mut list = self.groups.list;
        match self.by {
            GroupBy::Owner | GroupBy::Location => {
                list.sort_by_key(|g| std::cmp::Reverse(g.totals.total));
            }
            GroupBy::Period | GroupBy::Year => list.sort_by(|a, b| a.label.cmp(&b.label)),
            GroupBy::Sector | GroupBy::Province => {}
        }
        let mut sheet = build_sheet(
            catalogues,
            self.by,
            self.lang,
            unit,
            list,
            self.grand,
            self.projects,
        );
        sheet
            .notes
            .extend(reading_notes(catalogues, self.unread, self.lang));
        Ok(sheet)
    }
}

/// What a reader of totals must know about how the figures were read: amounts that could
/// not be read, and a number convention assumed against the way the cells group.
pub fn reading_notes(catalogues: &[Catalogue], unread: usize, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    if unread > 0 {
        notes.push(match lang {
            Lang::En => format!(
                "{unread} amount cell(s) could not be read and count as zero; `aidcat check` shows where."
            ),
            Lang::Vi => format!(
                "{unread} ô số tiền không đọc được và được tính bằng 0; chạy `aidcat check` để xem vị trí."
            ),
        });
    }
    for catalogue in catalogues.iter().filter(|c| c.numbers.is_doubtful()) {
        notes.push(format!(
            "{}: {} {}",
            catalogue.path,
            lang.pick("numbers read as", "số liệu đọc theo"),
            catalogue.numbers.describe()
        ));
    }
    notes
}

/// A project's figures spread evenly over the years of its period (see [`split_evenly`]).
/// Where the project's own row holds, each year's total is its aid plus counterpart, so
/// the identity holds year by year too.
fn year_shares(span: period::Period, totals: Totals) -> impl Iterator<Item = (u16, Totals)> {
    let years = u32::from(span.end - span.start) + 1;
    let aid = split_evenly(totals.aid, years);
    let counterpart = split_evenly(totals.counterpart, years);
    let total: Vec<Decimal> = if totals.total == totals.aid + totals.counterpart {
        aid.iter().zip(&counterpart).map(|(a, c)| a + c).collect()
    } else {
        split_evenly(totals.total, years)
    };
    span.years().enumerate().map(move |(i, year)| {
        (
            year,
            Totals {
                total: total[i],
                aid: aid[i],
                counterpart: counterpart[i],
            },
        )
    })
}

/// The summary of catalogues already in memory, fed as the reader feeds files.
pub fn summary(catalogues: &[Catalogue], by: GroupBy, lang: Lang) -> Result<Sheet> {
    let mut accumulator = Accumulator::new(by, lang);
    for catalogue in catalogues {
        let mut sink = SummarySink::new(accumulator, catalogue);
        catalogue
            .feed(&mut sink)
            .map_err(|e| e.located(&catalogue.path))?;
        accumulator = sink.finish(catalogue);
    }
    accumulator.finish(catalogues)
}

/// Sums a catalogue into an accumulator as it is read. Provinces are grouped once the
/// whole file is read: a project without one takes the file's.
pub struct SummarySink {
    accumulator: Accumulator,
    path: String,
    sector_names: Vec<String>,
    /// Which sectors declared figures on their own row.
    sector_declared: Vec<bool>,
    /// `--by province`: each province as written (or none) with its sums, in order.
    provinces: Vec<(Option<String>, Totals, usize)>,
    province_index: HashMap<Option<String>, usize>,
}

impl SummarySink {
    /// Adds the file whose head is `head` to `accumulator`.
    pub fn new(accumulator: Accumulator, head: &Catalogue) -> Self {
        SummarySink {
            accumulator,
            path: head.path.clone(),
            sector_names: Vec::new(),
            sector_declared: Vec::new(),
            provinces: Vec::new(),
            province_index: HashMap::new(),
        }
    }

    /// The accumulator with the file added; `head` as the reader finished it.
    pub fn finish(mut self, head: &Catalogue) -> Accumulator {
        let file_province = head.metadata.province.as_deref().unwrap_or(&head.path);
        for (province, totals, count) in std::mem::take(&mut self.provinces) {
            let keys = Keys {
                province: province.as_deref().unwrap_or(file_province),
                ..Keys::default()
            };
            self.accumulator.add(&keys, totals, count);
        }
        self.accumulator
    }
}

impl CatalogueSink for SummarySink {
    fn sector(&mut self, sector: Sector) {
        let declared = sector
            .declared
            .as_ref()
            .map(|d| (d.amounts.or_zero(), format!("{}:{}", self.path, d.line)));
        self.sector_declared.push(declared.is_some());
        self.accumulator
            .sector(sector.code.as_deref(), &sector.name, declared);
        self.sector_names.push(sector.name);
    }

    fn sector_subtotal(&mut self, sector: usize, declared: Declared) {
        // A sector's figures count once: its own row's, else its `Cộng` row's.
        if self.sector_declared.get(sector) == Some(&false) {
            self.sector_declared[sector] = true;
            let at = format!("{}:{}", self.path, declared.line);
            let name = &self.sector_names[sector];
            self.accumulator
                .sector_subtotal(name, declared.amounts.or_zero(), at);
        }
    }

    fn project(&mut self, sector: usize, project: Project) -> Result<(), ReadError> {
        if self.accumulator.by == GroupBy::Province {
            let totals = project.totals();
            match self.province_index.get(&project.province) {
                Some(&at) => {
                    self.provinces[at].1 += totals;
                    self.provinces[at].2 += 1;
                }
                None => {
                    self.province_index
                        .insert(project.province.clone(), self.provinces.len());
                    self.provinces.push((project.province, totals, 1));
                }
            }
            return Ok(());
        }
        let keys = Keys {
            sector: &self.sector_names[sector],
            owner: &project.owner,
            location: &project.location,
            period: &project.period,
            province: "",
        };
        self.accumulator.add(&keys, project.totals(), 1);
        Ok(())
    }

    fn grand_total(&mut self, _: Declared) {}
    // Sectors are summed by themselves; a group's figures are the checker's.
    fn group(&mut self, _: crate::model::Group) {}
    fn bad_cell(&mut self, _: BadCell) {
        self.accumulator.unread += 1;
    }
    fn ragged_row(&mut self, _: RaggedRow) {}
    fn unplaced_row(&mut self, _: usize) {
        self.accumulator.unread += 1;
    }
}

fn build_sheet(
    catalogues: &[Catalogue],
    by: GroupBy,
    lang: Lang,
    unit: Option<String>,
    groups: Vec<Group>,
    grand: Totals,
    projects: usize,
) -> Sheet {
    let convention = catalogues
        .first()
        .map_or(crate::number::Convention::Vi, Catalogue::convention);
    let mut columns = Vec::new();
    let sectors = by == GroupBy::Sector;
    if sectors {
        columns.push(Column::new("code", lang.pick("Code", "Mã"), Kind::Text));
    }
    columns.push(Column::new(by.key(), by.heading(lang), Kind::Text));
    if sectors {
        // `*` where a declared subtotal differs from the projects; a note explains.
        columns.push(Column::new("mark", "", Kind::Text).for_people_only());
    }
    columns.push(Column::new(
        "projects",
        lang.pick("Projects", "Số dự án"),
        Kind::Count,
    ));
    columns.extend(money_columns(lang));
    columns.extend([
        Column::new("aid_share", lang.pick("Aid %", "% viện trợ"), Kind::Percent).for_people_only(),
        Column::new("share", lang.pick("Share %", "Tỷ trọng %"), Kind::Percent).for_people_only(),
        Column::new("bar", "", Kind::Bar),
    ]);
    let mut notes = Vec::new();
    let mut rows = Vec::new();
    for group in &groups {
        let differs = group.declaring == group.sectors
            && group
                .declared
                .is_some_and(|declared| declared != group.totals);
        let mut row = Vec::new();
        if sectors {
            row.push(group.code.clone().map_or(Cell::Blank, Cell::Text));
        }
        row.push(Cell::text(&group.label));
        if sectors {
            row.push(if differs {
                Cell::text("*")
            } else {
                Cell::Blank
            });
        }
        row.extend([
            Cell::Count(group.projects),
            Cell::Amount(Some(group.totals.total)),
            Cell::Amount(Some(group.totals.aid)),
            Cell::Amount(Some(group.totals.counterpart)),
            Cell::Percent(percent(group.totals.aid, group.totals.total)),
            Cell::Percent(percent(group.totals.total, grand.total)),
            Cell::Bar(share(group.totals.total, grand.total)),
        ]);
        rows.push(row);
        if differs && let Some(declared) = group.declared {
            notes.push(mismatch_note(group, declared, convention, lang));
        }
    }
    let mut total = Vec::new();
    if sectors {
        total.push(Cell::Blank);
    }
    total.push(Cell::text(lang.pick("Total", "Tổng cộng")));
    if sectors {
        total.push(Cell::Blank);
    }
    total.extend([
        Cell::Count(projects),
        Cell::Amount(Some(grand.total)),
        Cell::Amount(Some(grand.aid)),
        Cell::Amount(Some(grand.counterpart)),
        Cell::Percent(percent(grand.aid, grand.total)),
        Cell::Percent(percent(grand.total, grand.total)),
        Cell::Blank,
    ]);
    notes.insert(
        0,
        lang.pick(
            "Figures are computed from the project rows (components included).",
            "Số liệu tính từ các dòng dự án (kể cả hạng mục thành phần).",
        )
        .to_owned(),
    );
    if by == GroupBy::Year {
        notes.push(
            lang.pick(
                "Estimate: each project's amounts are spread evenly over the years of its period, \
                 exactly, the first years taking the last unit left over.",
                "Ước tính: vốn mỗi dự án chia đều cho các năm thực hiện, chính xác đến đơn vị cuối, \
                 phần dư tính vào các năm đầu.",
            )
            .to_owned(),
        );
    }
    let what =
        lang.pick("Summary by ", "Tổng hợp theo ").to_owned() + &by.heading(lang).to_lowercase();
    Sheet {
        title: title_line(&what, catalogues, unit.as_deref(), lang),
        columns,
        rows,
        total: Some(total),
        notes,
        convention,
    }
}

fn mismatch_note(
    group: &Group,
    declared: Totals,
    convention: crate::number::Convention,
    lang: Lang,
) -> String {
    let names = [
        (
            lang.pick("total", "tổng vốn"),
            declared.total,
            group.totals.total,
        ),
        (lang.pick("aid", "viện trợ"), declared.aid, group.totals.aid),
        (
            lang.pick("counterpart", "đối ứng"),
            declared.counterpart,
            group.totals.counterpart,
        ),
    ];
    let differences: Vec<String> = names
        .iter()
        .filter(|(_, d, c)| d != c)
        .map(|(name, d, c)| {
            format!(
                "{name} {} {} {} {} ({}{})",
                lang.pick("declared", "kê khai"),
                format_grouped(*d, convention),
                lang.pick("vs computed", "so với tính được"),
                format_grouped(*c, convention),
                if d > c { "+" } else { "" },
                format_grouped(*d - *c, convention)
            )
        })
        .collect();
    let code = group
        .code
        .as_deref()
        .map(|c| format!("{c} "))
        .unwrap_or_default();
    format!(
        "* {code}{} ({}): {}",
        group.label,
        group.declared_at.join(", "),
        differences.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn split_evenly_adds_up_to_the_last_unit() {
        let parts = split_evenly(Decimal::from(2500), 3);
        assert_eq!(
            parts,
            [Decimal::from(834), Decimal::from(833), Decimal::from(833)]
        );
        let amount = Decimal::from_str("38305.31").unwrap();
        let parts = split_evenly(amount, 6);
        assert_eq!(parts.iter().sum::<Decimal>(), amount);
        assert!(parts.iter().all(|p| p.scale() == 2));
        let negative = Decimal::from(-10);
        assert_eq!(split_evenly(negative, 3).iter().sum::<Decimal>(), negative);
    }
}
