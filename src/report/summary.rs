//! `summary`: projects grouped by sector, owner, location, period, year or province,
//! with figures computed from the project rows, never copied from declared subtotals.

use super::rollup;
use super::sheet::{
    Cell, Column, Kind, Sheet, figures_convention, money_cells, money_columns, money_given,
    percent, share,
};
use crate::cli::RollupArgs;
use crate::lang::Lang;
use crate::model::{
    BadCell, Catalogue, Declared, MoneyColumn, ProjectView, RunningTotals, Sector, Totals,
};
use crate::national::{self, Mapped, SectorMap};
use crate::number::format_grouped;
use crate::period;
use crate::problem::{Failure, Problem};
use crate::read::{CatalogueSink, ReadError, sheet_reference};
use crate::text::fold;
use crate::unit::Conversion;
use anyhow::Result;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

/// How projects are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// Sectors in document order
    Sector,
    /// The national programme's priority sectors (Decision 1225/QĐ-TTg), by a mapping
    /// of provincial sector names
    NationalSector,
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
            GroupBy::NationalSector => "national_sector",
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
            GroupBy::NationalSector => lang.pick("National sector", "Lĩnh vực quốc gia"),
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
    /// One label per grouping, in the order of `--by`.
    labels: Vec<String>,
    projects: usize,
    totals: Totals,
    /// Declared subtotals of the sector rows merged here, with where they stand, and the
    /// money columns where one of them is not a number ([`Declared::unread`]): those are
    /// not compared.
    declared: Option<Totals>,
    declared_at: Vec<String>,
    unread: u8,
    /// The sectors merged here, and how many of them declared figures.
    sectors: usize,
    declaring: usize,
}

impl Group {
    /// Adds the figures of `declared`, which stands at `at`; false where their sum is not
    /// exact.
    fn declare(&mut self, declared: &Declared, at: String) -> bool {
        let mut sum = self.declared.unwrap_or_default();
        let exact = sum.add_exact(declared.amounts.or_zero());
        self.declared = Some(sum);
        self.declared_at.push(at);
        self.unread |= declared.unread;
        self.declaring += 1;
        exact
    }

    /// The money columns its declared figures are compared in: numbers in every row.
    fn compared(&self) -> impl Iterator<Item = MoneyColumn> + '_ {
        (MoneyColumn::ALL.into_iter()).filter(|column| self.unread & column.bit() == 0)
    }
}

/// A summary has at most this many groups, and a file is summed under at most this many
/// distinct sets of labels. A province's catalogue has a few dozen owners or locations;
/// a file of a million different ones would hold each in memory (3 GB), and its table
/// would be a list, not a summary. More is an error naming `--by`, the same however the
/// file is read, since it is found once the file is summed, not at a row.
pub const MAX_GROUPS: usize = 10_000;

/// Sums past what a decimal holds exactly, at `place`.
fn inexact_sums(place: impl Into<String>) -> anyhow::Error {
    Failure::error(place, Problem::InexactSums)
}

/// More than [`MAX_GROUPS`] groups by `by`, at `place`.
fn too_many_groups(place: impl Into<String>, by: &[GroupBy]) -> anyhow::Error {
    let by = by
        .iter()
        .filter_map(clap::ValueEnum::to_possible_value)
        .map(|v| v.get_name().to_owned())
        .collect::<Vec<_>>()
        .join(",");
    Failure::error(
        place,
        Problem::TooManyGroups {
            max: MAX_GROUPS,
            by,
        },
    )
}

/// Groups in order of first appearance, found by their folded labels.
#[derive(Default, Clone)]
struct Groups {
    list: Vec<Group>,
    index: FxHashMap<String, usize>,
    /// Labels as written (joined by [`LABEL_SEPARATOR`]) already folded, to the group
    /// they fold to: most projects repeat their labels.
    labels: FxHashMap<String, usize>,
    /// Takes what comes for a new group once there are [`MAX_GROUPS`]; the summary is
    /// then refused.
    spare: Group,
    overflowed: bool,
}

/// Joins a group's labels, one per grouping, into one key.
const LABEL_SEPARATOR: char = '\u{1f}';

impl Groups {
    /// The group of these labels (joined by [`LABEL_SEPARATOR`]), folding each distinct
    /// set of labels once.
    fn by_labels(&mut self, joined: &str) -> &mut Group {
        if let Some(&at) = self.labels.get(joined) {
            return &mut self.list[at];
        }
        let labels: Vec<String> = joined.split(LABEL_SEPARATOR).map(str::to_owned).collect();
        match self.position(&labels, None) {
            Some(at) => {
                self.labels.insert(joined.to_owned(), at);
                &mut self.list[at]
            }
            None => &mut self.spare,
        }
    }

    /// Where the group of `labels` is, made (with `code`) if it is new; `None` if it is
    /// new and there are [`MAX_GROUPS`] already.
    fn position(&mut self, labels: &[String], code: Option<&str>) -> Option<usize> {
        let key = labels
            .iter()
            .map(|l| fold(l))
            .collect::<Vec<_>>()
            .join(&LABEL_SEPARATOR.to_string());
        if let Some(&at) = self.index.get(&key) {
            // A label written with its marks (`Quảng Trị`) is shown over the same written
            // without them (`Quang Tri`, an English title's).
            for (shown, label) in self.list[at].labels.iter_mut().zip(labels) {
                if shown.is_ascii() && !label.is_ascii() {
                    shown.clone_from(label);
                }
            }
            return Some(at);
        }
        if self.list.len() == MAX_GROUPS {
            self.overflowed = true;
            return None;
        }
        self.index.insert(key, self.list.len());
        self.list.push(Group {
            code: code.map(str::to_owned),
            labels: labels.to_vec(),
            ..Group::default()
        });
        Some(self.list.len() - 1)
    }

    fn entry(&mut self, labels: &[String], code: Option<&str>) -> &mut Group {
        match self.position(labels, code) {
            Some(at) => &mut self.list[at],
            None => &mut self.spare,
        }
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
    // Each province once, by its folded name, as written with its marks where one file
    // writes them.
    let mut provinces: Vec<&str> = Vec::new();
    for province in catalogues
        .iter()
        .filter_map(|c| c.metadata.province.as_deref())
    {
        match provinces.iter_mut().find(|p| fold(p) == fold(province)) {
            Some(shown) if shown.is_ascii() && !province.is_ascii() => *shown = province,
            Some(_) => {}
            None => provinces.push(province),
        }
    }
    if !provinces.is_empty() {
        parts.push(provinces.join(", "));
    }
    // The period all state alike (a file's sector sheets, provinces of one programme).
    let periods: Vec<_> = catalogues.iter().map(|c| c.metadata.period).collect();
    if let Some(Some(period)) = periods.first()
        && periods.iter().all(|p| *p == Some(*period))
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
    /// The national sector the project's sector maps to, named in the report's language.
    pub national: &'a str,
    pub owner: &'a str,
    pub location: &'a str,
    /// The period, where it could be read.
    pub period: Option<period::Period>,
    pub province: &'a str,
}

/// Sums projects into groups, file after file.
#[derive(Clone)]
pub struct Accumulator {
    by: Vec<GroupBy>,
    lang: Lang,
    groups: Groups,
    grand: Totals,
    projects: usize,
    /// Amount cells that could not be read (they count as zero).
    unread: usize,
    /// The key of the project being added, kept for its buffer.
    key: String,
    /// Did a sum need more digits than a decimal holds exactly? The summary is refused.
    inexact: bool,
}

impl Accumulator {
    /// Groups by `by`: one grouping, or several crossed.
    pub fn new(by: &[GroupBy], lang: Lang) -> Self {
        Accumulator {
            by: by.to_vec(),
            lang,
            groups: Groups::default(),
            grand: Totals::default(),
            projects: 0,
            unread: 0,
            key: String::new(),
            inexact: false,
        }
    }

    /// Are sectors grouped as the file declares them (with codes and declared figures)?
    fn by_sector(&self) -> bool {
        self.by == [GroupBy::Sector]
    }

    fn groups_by(&self, grouping: GroupBy) -> bool {
        self.by.contains(&grouping)
    }

    fn label(&self, text: &str) -> String {
        if text.is_empty() {
            none_label(self.lang).to_owned()
        } else {
            text.to_owned()
        }
    }

    /// Makes a sector's group, in order, with its code; `declared` merges its declared
    /// subtotals (and where they stand) into the group's.
    pub fn sector(
        &mut self,
        code: Option<&str>,
        name: &str,
        declared: Option<(&Declared, String)>,
    ) {
        if !self.by_sector() {
            return;
        }
        let labels = [self.label(name)];
        let group = self.groups.entry(&labels, code);
        group.sectors += 1;
        if let Some((declared, at)) = declared {
            self.inexact |= !group.declare(declared, at);
        }
    }

    /// Writes a sector's code under its group's (`A.I`, `B.I`), where the file groups its
    /// sectors: codes numbered afresh in each group would repeat. A code that carries its
    /// group's already (`2.1` under `2`) stays; a sector of the same name under another
    /// group, summed with it, adds its code (`A.I, B.I`).
    pub fn sector_under_group(&mut self, name: &str, code: &str, group: &str) {
        let carried = code
            .strip_prefix(group)
            .is_some_and(|rest| rest.starts_with('.'));
        if !self.by_sector() || group.is_empty() || carried {
            return;
        }
        let labels = [self.label(name)];
        let entry = self.groups.entry(&labels, None);
        let qualified = format!("{group}.{code}");
        match &mut entry.code {
            Some(first) if first == code => *first = qualified,
            Some(codes) if !codes.split(", ").any(|c| c == qualified) => {
                codes.push_str(", ");
                codes.push_str(&qualified);
            }
            _ => {}
        }
    }

    /// A sector's subtotal declared on a row after its projects (`Cộng`), for a sector
    /// whose own row declared none.
    pub fn sector_subtotal(&mut self, name: &str, declared: &Declared, at: String) {
        if !self.by_sector() {
            return;
        }
        let labels = [self.label(name)];
        let exact = self.groups.entry(&labels, None).declare(declared, at);
        self.inexact |= !exact;
    }

    /// Adds `count` projects with these keys whose figures sum to `totals`. Summing
    /// first is exact for every grouping but `year`, which spreads each project by itself:
    /// there, add projects one at a time.
    pub fn add(&mut self, keys: &Keys<'_>, totals: Totals, count: usize) {
        let mut exact = self.grand.add_exact(totals);
        self.projects += count;
        // By year a project has several labels, each with its share; crossed with another
        // grouping, each share keeps the other label.
        let shares: Option<Vec<(String, Totals)>> =
            self.by.contains(&GroupBy::Year).then(|| match keys.period {
                Some(span) => year_shares(span, totals)
                    .map(|(year, share)| (year.to_string(), share))
                    .collect(),
                None => vec![(none_label(self.lang).to_owned(), totals)],
            });
        // The key is built in a buffer kept from project to project: no allocation for a
        // project whose labels were seen before.
        let mut key = std::mem::take(&mut self.key);
        match shares {
            None => {
                self.join_labels(&mut key, keys, "");
                let group = self.groups.by_labels(&key);
                group.projects += count;
                exact &= group.totals.add_exact(totals);
            }
            Some(shares) => {
                for (year, share) in shares {
                    self.join_labels(&mut key, keys, &year);
                    let group = self.groups.by_labels(&key);
                    group.projects += count;
                    exact &= group.totals.add_exact(share);
                }
            }
        }
        self.key = key;
        self.inexact |= !exact;
    }

    /// Writes a project's labels, one per grouping, into `key`; `year` stands for the
    /// year grouping's.
    fn join_labels(&self, key: &mut String, keys: &Keys<'_>, year: &str) {
        key.clear();
        for (i, grouping) in self.by.iter().enumerate() {
            if i > 0 {
                key.push(LABEL_SEPARATOR);
            }
            let text = match grouping {
                GroupBy::Sector => keys.sector,
                GroupBy::NationalSector => keys.national,
                GroupBy::Owner => keys.owner,
                GroupBy::Location => keys.location,
                GroupBy::Province => keys.province,
                GroupBy::Year => year,
                GroupBy::Period => match keys.period {
                    Some(span) => {
                        use std::fmt::Write;
                        let _ = write!(key, "{}", span.start);
                        continue;
                    }
                    None => "",
                },
            };
            // A label never holds the separator: it would split into two.
            let text = if text.is_empty() {
                none_label(self.lang)
            } else {
                text
            };
            if text.contains(LABEL_SEPARATOR) {
                key.push_str(&text.replace(LABEL_SEPARATOR, " "));
            } else {
                key.push_str(text);
            }
        }
    }

    /// How many projects, and their sums: two files alike in both hold one catalogue.
    pub fn projects_and_sums(&self) -> (usize, Totals) {
        (self.projects, self.grand)
    }

    /// An empty accumulator that groups alike.
    pub fn emptied(&self) -> Self {
        Accumulator::new(&self.by, self.lang)
    }

    /// Adds another file's sums, each amount converted by `conversion`.
    pub fn merge(&mut self, mut other: Accumulator, conversion: &Conversion) -> Result<()> {
        let overflow = || Failure::error("", Problem::ConversionOverflow);
        let convert = |totals: Totals| -> Result<Totals> {
            let one = |amount| conversion.apply(amount).ok_or_else(overflow);
            Ok(Totals {
                total: one(totals.total)?,
                aid: one(totals.aid)?,
                counterpart: one(totals.counterpart)?,
            })
        };
        // Each project is in one group (by year, its shares are): the groups add up to
        // the grand total, converted as they are.
        other.grand = Totals::default();
        for group in &mut other.groups.list {
            group.totals = convert(group.totals)?;
            group.declared = group.declared.map(convert).transpose()?;
            other.grand = other.grand.checked_add(group.totals).ok_or_else(overflow)?;
        }
        self.combine(other, |into, more| {
            *into = into.checked_add(more).ok_or_else(overflow)?;
            Ok(())
        })
    }

    /// Adds the sums of a fork fed the projects after this one's: as if they had been
    /// added here one by one.
    pub fn absorb(&mut self, later: Accumulator) {
        let combined = self.combine(later, |into, more| {
            into.add_exact(more)
                .then_some(())
                .ok_or_else(|| inexact_sums(""))
        });
        self.inexact |= combined.is_err();
    }

    /// Adds `other`'s groups, grand total and counts, summing with `add`.
    fn combine(
        &mut self,
        other: Accumulator,
        add: impl Fn(&mut Totals, Totals) -> Result<()>,
    ) -> Result<()> {
        for group in other.groups.list {
            let into = self.groups.entry(&group.labels, group.code.as_deref());
            into.projects += group.projects;
            add(&mut into.totals, group.totals)?;
            into.sectors += group.sectors;
            into.declaring += group.declaring;
            into.declared_at.extend(group.declared_at);
            into.unread |= group.unread;
            if let Some(declared) = group.declared {
                let mut sum = into.declared.unwrap_or_default();
                add(&mut sum, declared)?;
                into.declared = Some(sum);
            }
        }
        add(&mut self.grand, other.grand)?;
        self.projects += other.projects;
        self.unread += other.unread;
        self.groups.overflowed |= other.groups.overflowed;
        self.inexact |= other.inexact;
        Ok(())
    }

    /// Refuses sums of more than [`MAX_GROUPS`] groups, and sums that are not exact;
    /// `place` is where the error stands (the file; nothing for a roll-up, whose files
    /// pass it together).
    pub fn refuse_overflow(&self, place: impl Into<String>) -> Result<()> {
        if self.groups.overflowed {
            return Err(too_many_groups(place, &self.by));
        }
        if self.inexact {
            return Err(inexact_sums(place));
        }
        Ok(())
    }

    /// The summary sheet; `catalogues` give the title's provinces and period, `unit` the
    /// unit (and any rate) the figures are in.
    pub fn finish(self, catalogues: &[Catalogue], unit: Option<&str>) -> Sheet {
        let mut list = self.groups.list;
        order(&mut list, &self.by, self.lang);
        let mut sheet = build_sheet(
            catalogues,
            &self.by,
            self.lang,
            unit,
            list,
            self.grand,
            self.projects,
        );
        sheet
            .notes
            .extend(reading_notes(catalogues, self.unread, self.lang));
        sheet
    }
}

/// Groups in the order people look for them: national sectors in the Decision's order,
/// owners and locations by size, periods and years in time, the rest as they came.
/// Crossed, by the first grouping, then the second.
fn order(list: &mut [Group], by: &[GroupBy], lang: Lang) {
    if let [only @ (GroupBy::Owner | GroupBy::Location)] = by {
        let _ = only;
        list.sort_by_key(|g| std::cmp::Reverse(g.totals.total));
        return;
    }
    // First appearance of each label, per grouping.
    let mut seen: Vec<HashMap<String, usize>> = vec![HashMap::new(); by.len()];
    for group in list.iter() {
        for (i, label) in group.labels.iter().enumerate() {
            let next = seen[i].len();
            seen[i].entry(label.clone()).or_insert(next);
        }
    }
    let rank = |i: usize, group: &Group| -> (usize, String) {
        let label = &group.labels[i];
        match by[i] {
            GroupBy::NationalSector => {
                let at = national::SECTORS
                    .iter()
                    .position(|s| lang.pick(s.english, s.vietnamese) == label);
                (at.unwrap_or(usize::MAX), String::new())
            }
            GroupBy::Period | GroupBy::Year => (0, label.clone()),
            _ => (seen[i][label], String::new()),
        }
    };
    list.sort_by_cached_key(|g| (0..by.len()).map(|i| rank(i, g)).collect::<Vec<_>>());
}

/// What a reader of totals must know about how the figures were read: amounts that could
/// not be read, a money column taken from the other two, rows a sheet hides (counted),
/// sheets or tables holding a catalogue that were not read, and a number convention
/// assumed against the way the cells group.
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
    for catalogue in catalogues {
        for reading in &catalogue.readings {
            use crate::model::Reading::{
                DerivedColumn, HiddenColumns, HiddenRows, LegacyFont, OnlyColumn, OtherSheets,
                OtherTables, ProvinceFromName, SheetSectors, TableSectors, TextNamedAsWorkbook,
                TitleSector, UnitsDiffer,
            };
            if let DerivedColumn { .. }
            | HiddenRows { .. }
            | HiddenColumns { .. }
            | OnlyColumn { .. }
            | OtherSheets { .. }
            | OtherTables { .. }
            | SheetSectors { .. }
            | TableSectors { .. }
            | TitleSector { .. }
            | TextNamedAsWorkbook
            | ProvinceFromName { .. }
            | LegacyFont { .. }
            | UnitsDiffer { .. } = reading
            {
                notes.push(format!("{}: {}", catalogue.path, lang.reading(reading)));
            }
        }
    }
    for catalogue in catalogues.iter().filter(|c| c.numbers.is_doubtful()) {
        notes.push(format!(
            "{}: {} {}",
            catalogue.path,
            lang.pick("numbers read as", "số liệu đọc theo"),
            lang.number_format(&catalogue.numbers)
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

/// The summary of catalogues already in memory, fed as the reader feeds files, in one
/// unit as the roll-up converts (see [`rollup::combine`]).
pub fn summary(catalogues: &[Catalogue], by: &[GroupBy], lang: Lang) -> Result<Sheet> {
    Ok(summed(catalogues, by, &RollupArgs::default(), lang)?.sheet)
}

/// [`summary`] with the roll-up's options (mapping, unit, rates), notes and warnings.
pub fn summed(
    catalogues: &[Catalogue],
    by: &[GroupBy],
    args: &RollupArgs,
    lang: Lang,
) -> Result<rollup::Rollup> {
    let map = rollup::sector_map(by, args)?;
    let files = catalogues
        .iter()
        .map(|catalogue| {
            let mut sink = SummarySink::new(Accumulator::new(by, lang), catalogue, map.clone());
            catalogue
                .feed(&mut sink)
                .map_err(|e| e.located(&catalogue.path))?;
            let (sums, unmapped) = sink.finish(catalogue)?;
            Ok(rollup::Summed { sums, unmapped })
        })
        .collect::<Result<Vec<_>>>()?;
    rollup::combine(catalogues, files, by, args, lang)
}

/// A provincial sector name that maps to no national sector (or to several): it is
/// counted under `other`, and the summary says where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub name: String,
    /// The file and line of its sector row (or its first project).
    pub at: String,
    /// Keywords of several sectors matched, rather than none.
    pub ambiguous: bool,
}

/// The national sectors of a file's sectors, looked up once a sector.
struct NationalSectors {
    map: Arc<SectorMap>,
    /// Per sector: its national label, whether it mapped, and the line where it stands.
    labels: Vec<(String, Mapped, Option<usize>)>,
}

/// What a project's sums are kept under while a file is read: its province, sector,
/// owner, location and period (as read: by start year alone, its start), each empty
/// where the grouping does not need it. The sums are placed in groups once the whole
/// file is read: by province, a project without one takes the file's, which may be known
/// only at the end.
type SumKey = (
    Option<String>,
    usize,
    String,
    String,
    Option<period::Period>,
);

/// The sector of a [`SumKey`] where the groupings do not need one: a key per owner,
/// not per owner and sector.
const NO_SECTOR: usize = usize::MAX;

/// Sums a catalogue into an accumulator as it is read.
pub struct SummarySink {
    accumulator: Accumulator,
    path: String,
    /// The workbook sheet (document table, `table 2`) read, which a place in the file names.
    sheet: Option<String>,
    sector_names: Vec<String>,
    /// Each sector's code, as the file writes it.
    sector_codes: Vec<Option<String>>,
    /// The groups of sectors (`A` over `I`, `II`), by their code and the sectors under
    /// them: a sector's code is written under its group's at the end (`A.I`).
    sector_groups: Vec<(String, std::ops::Range<usize>)>,
    /// Which sectors declared figures on their own row.
    sector_declared: Vec<bool>,
    national: Option<NationalSectors>,
    /// Sums per key, in the order keys first come; added to the accumulator at the end
    /// (see [`SummarySink::sums_by_key`]).
    sums: Vec<(SumKey, RunningTotals, usize)>,
    sum_index: FxHashMap<SumKey, usize>,
    /// Where every grouping is read off the sector: each sector's place in `sums`, found
    /// without a key.
    sector_sums: Vec<Option<usize>>,
    /// In a fork (see [`CatalogueSink::fork`]), the sectors it was fed, for the sink it
    /// joins: their groups are made there, in file order.
    forked: Option<Vec<Sector>>,
    /// In a fork, the subtotals of its sectors declared on later rows (a tidy file's
    /// `Health Total`), for the sink it joins: a sector's figures count once there.
    forked_subtotals: Vec<(usize, Declared)>,
    /// Did projects come under more than [`MAX_GROUPS`] keys? Those past it are not
    /// summed, and the file's summary is refused.
    overflowed: bool,
}

impl SummarySink {
    /// Where a row of the file is: `file.csv:12`; `book.xlsx:'Y tế'!12:12` in a
    /// workbook, whose sheets number their rows each from 1 (`doc.docx:'table 2'!4:4` in
    /// a document, its tables too).
    fn place(&self, line: usize) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}:{}!{line}:{line}", self.path, sheet_reference(sheet)),
            None => format!("{}:{line}", self.path),
        }
    }

    /// Adds the file whose head is `head` to `accumulator`; `map` places its sectors
    /// among the national ones (needed to group by national sector).
    pub fn new(accumulator: Accumulator, head: &Catalogue, map: Option<Arc<SectorMap>>) -> Self {
        SummarySink {
            accumulator,
            path: head.path.clone(),
            sheet: head.source.sheet(),
            sector_names: Vec::new(),
            sector_codes: Vec::new(),
            sector_groups: Vec::new(),
            sector_declared: Vec::new(),
            national: map.map(|map| NationalSectors {
                map,
                labels: Vec::new(),
            }),
            sums: Vec::new(),
            sum_index: FxHashMap::default(),
            sector_sums: Vec::new(),
            forked: None,
            forked_subtotals: Vec::new(),
            overflowed: false,
        }
    }

    /// Adds `count` projects summing to `totals` to the sums at `at`; a sum that is not
    /// exact refuses the accumulator's.
    fn add_at(&mut self, at: usize, totals: Totals, count: usize) {
        self.sums[at].1.add(totals);
        self.sums[at].2 += count;
    }

    /// Adds `count` projects summing to `totals` under `key`; where the key's sums are
    /// (`None` for a new key past [`MAX_GROUPS`]).
    fn add_keyed(&mut self, key: SumKey, totals: RunningTotals, count: usize) -> Option<usize> {
        if let Some(&at) = self.sum_index.get(&key) {
            self.sums[at].1.merge(totals);
            self.sums[at].2 += count;
            return Some(at);
        }
        if self.sums.len() == MAX_GROUPS {
            self.overflowed = true;
            return None;
        }
        self.sum_index.insert(key.clone(), self.sums.len());
        self.sums.push((key, totals, count));
        Some(self.sums.len() - 1)
    }

    /// Are projects summed by key as they come, and added to the accumulator once a key
    /// at the end? Exact for every grouping but by year without province, where each
    /// project's figures are spread over its years by themselves.
    fn sums_by_key(&self) -> bool {
        let groups_by = |grouping| self.accumulator.groups_by(grouping);
        groups_by(GroupBy::Province) || !groups_by(GroupBy::Year)
    }

    /// Does every grouping read its label off the sector alone?
    fn keyed_by_sector(&self) -> bool {
        self.accumulator
            .by
            .iter()
            .all(|g| matches!(g, GroupBy::Sector | GroupBy::NationalSector))
    }

    /// The accumulator with the file added, and the sector names that mapped nowhere;
    /// `head` as the reader finished it. A file of more than [`MAX_GROUPS`] groups is
    /// an error.
    pub fn finish(mut self, head: &Catalogue) -> Result<(Accumulator, Vec<Unmapped>)> {
        if self.overflowed {
            return Err(too_many_groups(&self.path, &self.accumulator.by));
        }
        let file_province = head.metadata.province.as_deref().unwrap_or(&head.path);
        for ((province, sector, owner, location, period), running, count) in
            std::mem::take(&mut self.sums)
        {
            // A sum past what a decimal holds refuses the summary.
            let Some(totals) = running.totals() else {
                self.accumulator.inexact = true;
                continue;
            };
            let keys = Keys {
                province: province.as_deref().unwrap_or(file_province),
                owner: &owner,
                location: &location,
                period,
                ..sector_keys(&self.sector_names, self.national.as_ref(), sector)
            };
            self.accumulator.add(&keys, totals, count);
        }
        self.accumulator.refuse_overflow(&self.path)?;
        for (group, sectors) in std::mem::take(&mut self.sector_groups) {
            for index in sectors {
                if let (Some(name), Some(Some(code))) =
                    (self.sector_names.get(index), self.sector_codes.get(index))
                {
                    self.accumulator.sector_under_group(name, code, &group);
                }
            }
        }
        let unmapped = self.national.map_or_else(Vec::new, |national| {
            national
                .labels
                .into_iter()
                .zip(&self.sector_names)
                .filter(|((_, mapped, _), _)| !matches!(mapped, Mapped::To(_)))
                .map(|((_, mapped, line), name)| Unmapped {
                    name: name.clone(),
                    at: line.map_or_else(|| self.path.clone(), |l| format!("{}:{l}", self.path)),
                    ambiguous: mapped == Mapped::Ambiguous,
                })
                .collect()
        });
        Ok((self.accumulator, unmapped))
    }
}

/// The keys a sector gives its projects.
fn sector_keys<'a>(
    names: &'a [String],
    national: Option<&'a NationalSectors>,
    sector: usize,
) -> Keys<'a> {
    Keys {
        sector: names.get(sector).map_or("", String::as_str),
        national: national
            .and_then(|n| n.labels.get(sector))
            .map_or("", |(label, _, _)| label.as_str()),
        ..Keys::default()
    }
}

impl CatalogueSink for SummarySink {
    fn sector(&mut self, sector: Sector) {
        let declared = sector.declared.as_ref().map(|d| (d, self.place(d.line)));
        self.sector_declared.push(declared.is_some());
        if let Some(national) = &mut self.national {
            let mapped = national.map.map(&sector.name);
            let index = match mapped {
                Mapped::To(index) => index,
                Mapped::Nowhere | Mapped::Ambiguous => national::OTHER,
            };
            let named = &national::SECTORS[index];
            let label = self.accumulator.lang.pick(named.english, named.vietnamese);
            let line = sector.declared.as_ref().map(|d| d.line);
            national.labels.push((label.to_owned(), mapped, line));
        }
        match &mut self.forked {
            Some(sectors) => sectors.push(sector.clone()),
            None => self
                .accumulator
                .sector(sector.code.as_deref(), &sector.name, declared),
        }
        self.sector_names.push(sector.name);
        self.sector_codes.push(sector.code);
    }

    /// Groups come to the sink the file is read into, never to a fork: their sectors are
    /// numbered in the whole file.
    fn group(&mut self, group: crate::model::Group) {
        self.sector_groups
            .push((group.code, group.first..group.end));
    }

    /// Only groupings by owner, place, period or year read a project's words.
    fn reads_words(&self) -> bool {
        let groups_by = |grouping| self.accumulator.groups_by(grouping);
        [
            GroupBy::Owner,
            GroupBy::Location,
            GroupBy::Period,
            GroupBy::Year,
        ]
        .into_iter()
        .any(groups_by)
    }

    fn fork(&self) -> Option<Self> {
        Some(SummarySink {
            accumulator: self.accumulator.emptied(),
            path: self.path.clone(),
            sheet: self.sheet.clone(),
            sector_names: Vec::new(),
            sector_codes: Vec::new(),
            sector_groups: Vec::new(),
            sector_declared: Vec::new(),
            national: self.national.as_ref().map(|national| NationalSectors {
                map: national.map.clone(),
                labels: Vec::new(),
            }),
            sums: Vec::new(),
            sum_index: FxHashMap::default(),
            sector_sums: Vec::new(),
            forked: Some(Vec::new()),
            forked_subtotals: Vec::new(),
            overflowed: false,
        })
    }

    fn join(&mut self, later: Self, sectors: &[usize], shift: usize) -> Result<(), ReadError> {
        let later_lines = later.national.map(|n| n.labels).unwrap_or_default();
        for (i, sector) in later.forked.unwrap_or_default().into_iter().enumerate() {
            let index = sectors[i];
            if index == self.sector_names.len() {
                self.sector(sector);
            }
            // Where a sector first stands: its first project, which may be in this range.
            if let Some(national) = &mut self.national
                && let Some((_, _, line @ None)) = national.labels.get_mut(index)
            {
                *line = later_lines
                    .get(i)
                    .and_then(|(_, _, l)| *l)
                    .map(|l| l + shift);
            }
        }
        for (sector, mut declared) in later.forked_subtotals {
            declared.line += shift;
            self.sector_subtotal(sectors[sector], declared);
        }
        for ((province, sector, owner, location, period), totals, count) in later.sums {
            // A key without a sector (`NO_SECTOR`) keeps none.
            let sector = sectors.get(sector).copied().unwrap_or(sector);
            let key = (province, sector, owner, location, period);
            self.add_keyed(key, totals, count);
        }
        self.overflowed |= later.overflowed;
        self.accumulator.absorb(later.accumulator);
        Ok(())
    }

    fn sector_subtotal(&mut self, sector: usize, declared: Declared) {
        if self.forked.is_some() {
            self.forked_subtotals.push((sector, declared));
            return;
        }
        // A sector's figures count once: its own row's, else its `Cộng` row's.
        if self.sector_declared.get(sector) == Some(&false) {
            self.sector_declared[sector] = true;
            let at = self.place(declared.line);
            let name = &self.sector_names[sector];
            self.accumulator.sector_subtotal(name, &declared, at);
        }
    }

    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        if let Some(national) = &mut self.national
            && let Some((_, _, line @ None)) = national.labels.get_mut(sector)
        {
            *line = Some(project.line);
        }
        let Some(totals) = project.totals() else {
            self.accumulator.inexact = true;
            return Ok(());
        };
        if !self.sums_by_key() {
            let keys = Keys {
                owner: project.owner,
                location: project.location,
                period: period::parse(project.period).ok().flatten(),
                ..sector_keys(&self.sector_names, self.national.as_ref(), sector)
            };
            self.accumulator.add(&keys, totals, 1);
            return Ok(());
        }
        let keyed_by_sector = self.keyed_by_sector();
        if keyed_by_sector && let Some(&Some(at)) = self.sector_sums.get(sector) {
            // The usual summary: a sector's sums are found by its index, not a key.
            self.add_at(at, totals, 1);
            return Ok(());
        }
        let groups_by = |grouping| self.accumulator.groups_by(grouping);
        let by = |grouping, text: &str| {
            if groups_by(grouping) {
                text.to_owned()
            } else {
                String::new()
            }
        };
        let by_sector = groups_by(GroupBy::Sector) || groups_by(GroupBy::NationalSector);
        let key = (
            project
                .province
                .filter(|_| groups_by(GroupBy::Province))
                .map(str::to_owned),
            if by_sector { sector } else { NO_SECTOR },
            by(GroupBy::Owner, project.owner),
            by(GroupBy::Location, project.location),
            if groups_by(GroupBy::Year) {
                period::parse(project.period).ok().flatten()
            } else if groups_by(GroupBy::Period) {
                let start = period::parse(project.period).ok().flatten();
                start.map(|p| period::Period::year(p.start))
            } else {
                None
            },
        );
        let at = self.add_keyed(key, RunningTotals::of(totals), 1);
        if keyed_by_sector && let Some(at) = at {
            if self.sector_sums.len() <= sector {
                self.sector_sums.resize(sector + 1, None);
            }
            self.sector_sums[sector] = Some(at);
        }
        Ok(())
    }

    fn bad_cell(&mut self, _: BadCell) {
        self.accumulator.unread += 1;
    }
    fn unplaced_row(&mut self, _: usize) {
        self.accumulator.unread += 1;
    }
}

fn build_sheet(
    catalogues: &[Catalogue],
    by: &[GroupBy],
    lang: Lang,
    unit: Option<&str>,
    groups: Vec<Group>,
    grand: Totals,
    projects: usize,
) -> Sheet {
    let convention = figures_convention(catalogues.iter().map(Catalogue::convention), lang);
    let mut columns = Vec::new();
    let sectors = by == [GroupBy::Sector];
    let national_at = by.iter().position(|&g| g == GroupBy::NationalSector);
    if sectors {
        columns.push(Column::new("code", lang.pick("Code", "Mã"), Kind::Text));
    }
    for grouping in by {
        columns.push(Column::new(
            grouping.key(),
            grouping.heading(lang),
            Kind::Text,
        ));
    }
    if sectors {
        // `*` where a declared subtotal differs from the projects; a note explains.
        columns.push(Column::new("mark", "", Kind::Text).for_people_only());
    }
    if national_at.is_some() {
        columns.push(Column::new(
            "dac",
            lang.pick("DAC codes", "Mã DAC"),
            Kind::Text,
        ));
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
    // A money column no catalogue has is left empty, not shown as zero; shares are of
    // the total, or of the one column the catalogues have.
    let given = money_given(catalogues);
    let all_give_aid_share = catalogues.iter().all(|c| {
        let stated = c.columns.stated;
        stated.gives(MoneyColumn::Total) && stated.gives(MoneyColumn::Aid)
    });
    let basis = MoneyColumn::ALL
        .into_iter()
        .find(|&column| given[column as usize])
        .unwrap_or(MoneyColumn::Total);
    let figures = |totals: &Totals, share: Cell| {
        // A share of aid in totals some of whose files have no aid would mislead.
        let aid_share = percent(totals.aid, totals.total).filter(|_| all_give_aid_share);
        money_cells(given, totals).into_iter().chain([
            Cell::Percent(aid_share),
            Cell::Percent(percent(basis.of(totals), basis.of(&grand))),
            share,
        ])
    };
    let mut notes = Vec::new();
    let mut rows = Vec::new();
    for group in &groups {
        let differs = group.declaring == group.sectors
            && group.declared.is_some_and(|declared| {
                (group.compared()).any(|column| column.of(&declared) != column.of(&group.totals))
            });
        let mut row = Vec::new();
        if sectors {
            row.push(group.code.clone().map_or(Cell::Blank, Cell::Text));
        }
        row.extend(group.labels.iter().map(Cell::text));
        if sectors {
            row.push(if differs {
                Cell::text("*")
            } else {
                Cell::Blank
            });
        }
        if let Some(at) = national_at {
            let dac = national::SECTORS
                .iter()
                .find(|s| lang.pick(s.english, s.vietnamese) == group.labels[at])
                .map_or(Cell::Blank, |s| Cell::text(s.dac));
            row.push(dac);
        }
        row.push(Cell::Count(group.projects));
        let bar = share(basis.of(&group.totals), basis.of(&grand));
        row.extend(figures(&group.totals, Cell::Bar(bar)));
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
    total.extend(by.iter().skip(1).map(|_| Cell::Blank));
    if sectors || national_at.is_some() {
        total.push(Cell::Blank);
    }
    total.push(Cell::Count(projects));
    total.extend(figures(&grand, Cell::Blank));
    notes.insert(
        0,
        lang.pick(
            "Figures are computed from the project rows (components included).",
            "Số liệu tính từ các dòng dự án (kể cả hạng mục thành phần).",
        )
        .to_owned(),
    );
    if by.contains(&GroupBy::Year) {
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
    let headings: Vec<String> = by.iter().map(|g| g.heading(lang).to_lowercase()).collect();
    let what = lang.pick("Summary by ", "Tổng hợp theo ").to_owned()
        + &headings.join(lang.pick(" and ", " và "));
    Sheet {
        title: title_line(&what, catalogues, unit, lang),
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
    let names = group.compared().map(|column| {
        let name = match column {
            MoneyColumn::Total => lang.pick("total", "tổng vốn"),
            MoneyColumn::Aid => lang.pick("aid", "viện trợ"),
            MoneyColumn::Counterpart => lang.pick("counterpart", "đối ứng"),
        };
        (name, column.of(&declared), column.of(&group.totals))
    });
    let differences: Vec<String> = names
        .filter(|(_, d, c)| d != c)
        .map(|(name, d, c)| {
            format!(
                "{name} {} {} {} {} ({}{})",
                lang.pick("declared", "kê khai"),
                format_grouped(d, convention),
                lang.pick("vs computed", "so với tính được"),
                format_grouped(c, convention),
                if d > c { "+" } else { "" },
                format_grouped(d - c, convention)
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
        group.labels.join(" / "),
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
