//! Many catalogues summed as one: each file's sums converted into one unit, and what a
//! reader of the roll-up must know said beside the totals (the rates used, the sector
//! names no national sector took, the files that could not be read).

use super::sheet::{Cell, Column, Kind, Sheet};
use super::summary::{Accumulator, GroupBy, Unmapped};
use crate::cli::RollupArgs;
use crate::lang::Lang;
use crate::model::Catalogue;
use crate::national::SectorMap;
use crate::problem::{Failure, Problem};
use crate::text::fold;
use crate::unit::{self, Conversion, NoRate, Rate, Unit};
use anyhow::Result;
use std::path::Path;
use std::sync::Arc;

/// One file summed by itself, in its own unit.
pub struct Summed {
    pub sums: Accumulator,
    pub unmapped: Vec<Unmapped>,
}

/// Files summed as one.
pub struct Rollup {
    pub sheet: Sheet,
    /// The sector names no national sector took (also among the sheet's notes).
    pub warnings: Vec<String>,
    /// The unit of the figures (and any rates used).
    pub unit: Option<String>,
    /// Were figures converted (or a unit asked for)? Then outputs without a title say the
    /// unit in a column.
    pub converted: bool,
    /// The files that hold the same projects as another, summing alike (see
    /// [`same_catalogue_notes`]): for the terminal and the sheet's notes.
    pub twice: Vec<String>,
}

/// The sector mapping, where `by` needs one.
pub fn sector_map(by: &[GroupBy], args: &RollupArgs) -> Result<Option<Arc<SectorMap>>> {
    if !by.contains(&GroupBy::NationalSector) {
        return Ok(None);
    }
    Ok(Some(Arc::new(SectorMap::load(args.sectors.as_deref())?)))
}

/// Sums files as one: each file's sums converted into one unit and merged, in order;
/// the notes say which unit and rates, and which names mapped nowhere.
pub fn combine(
    heads: &[Catalogue],
    files: Vec<Summed>,
    by: &[GroupBy],
    args: &RollupArgs,
    lang: Lang,
) -> Result<Rollup> {
    let rates = rate_arguments(&args.rate)?;
    let file_units: Vec<FileUnit<'_>> = heads
        .iter()
        .map(|head| FileUnit {
            path: &head.path,
            unit: head.metadata.unit.as_deref(),
            rate: head.metadata.rate.as_deref(),
        })
        .collect();
    let units = plan(&file_units, args.unit.as_deref(), &rates, lang)?;
    let twice = same_catalogue_notes(heads, &files, lang);
    let mut total = Accumulator::new(by, lang);
    let mut unmapped = Vec::new();
    for ((file, conversion), head) in files.into_iter().zip(&units.conversions).zip(heads) {
        total
            .merge(file.sums, conversion)
            .map_err(|e| match e.downcast::<Failure>() {
                Ok(failure) => Failure::error(&head.path, failure.problem),
                Err(other) => other,
            })?;
        unmapped.extend(file.unmapped);
    }
    // Files each within the limit may pass it together.
    total.refuse_overflow("")?;
    let warnings = unmapped_notes(&unmapped, lang);
    let mut sheet = total.finish(heads, units.label.as_deref());
    sheet.notes.extend(warnings.iter().cloned());
    sheet.notes.extend(units.notes);
    Ok(Rollup {
        sheet,
        warnings,
        unit: units.label,
        converted: units.converted,
        twice,
    })
}

impl Rollup {
    /// CSV has no title: converted figures carry their unit (and rates) in a column.
    pub fn unit_column(&mut self) {
        if let Some(label) = self.unit.as_ref().filter(|_| self.converted) {
            self.sheet.columns.push(Column::new("unit", "", Kind::Text));
            for row in &mut self.sheet.rows {
                row.push(Cell::text(label));
            }
        }
    }
}

/// What the units of one file are, as read.
struct FileUnit<'a> {
    pub path: &'a str,
    /// The unit the file states (title, header label, or `--source-unit`).
    pub unit: Option<&'a str>,
    /// A rate the file's title states.
    pub rate: Option<&'a str>,
}

/// The unit of the roll-up and how each file's figures reach it.
#[derive(Debug)]
struct Units {
    /// For the title: the unit and any rate used.
    pub label: Option<String>,
    /// One per file, in order.
    pub conversions: Vec<Conversion>,
    pub notes: Vec<String>,
    /// Were any figures converted (or a unit asked for)?
    pub converted: bool,
}

/// A `--rate`, for every file or (`FILE=RATE`) for one.
struct RateArgument {
    file: Option<String>,
    rate: Rate,
}

/// Reads the `--rate` values.
fn rate_arguments(values: &[String]) -> Result<Vec<RateArgument>> {
    values
        .iter()
        .map(|value| {
            let bad = || {
                let found = value.clone();
                Failure::error(format!("--rate {value}"), Problem::BadRate { found })
            };
            if let Some(rate) = Rate::parse(value) {
                return Ok(RateArgument { file: None, rate });
            }
            let (file, rate) = value.split_once('=').ok_or_else(bad)?;
            let rate = Rate::parse(rate).ok_or_else(bad)?;
            Ok(RateArgument {
                file: Some(file.trim().to_owned()),
                rate,
            })
        })
        .collect()
}

/// Is `file` (as given to `--rate FILE=…`) this path, by its whole name or its file name?
fn names(file: &str, path: &str) -> bool {
    file == path || Path::new(path).file_name().is_some_and(|n| n == file)
}

/// Decides the unit of the roll-up (`wanted`, else the first file's) and each file's
/// conversion into it. A file's rate comes from `--rate FILE=…`, else its title, else a
/// `--rate` for every file.
fn plan(
    files: &[FileUnit<'_>],
    wanted: Option<&str>,
    rates: &[RateArgument],
    lang: Lang,
) -> Result<Units> {
    let vietnamese = lang == Lang::Vi;
    let wanted_unit = match wanted {
        Some(text) => Some(Unit::parse(text).ok_or_else(|| {
            let found = text.to_owned();
            Failure::error(format!("--unit {text}"), Problem::UnknownUnit { found })
        })?),
        None => None,
    };
    // The unit as the first file writes it, and the file: the reference when units are
    // words aidcat does not convert.
    let first = files.iter().find_map(|f| f.unit.map(|u| (u, f.path)));
    let output = wanted_unit.or_else(|| first.and_then(|(u, _)| Unit::parse(u)));
    let mut conversions = Vec::with_capacity(files.len());
    let mut notes = Vec::new();
    let mut used_rates: Vec<String> = Vec::new();
    for file in files {
        let conversion = match (file.unit, &output) {
            (None, _) => Conversion::identity(),
            (Some(text), Some(output)) => match Unit::parse(text) {
                Some(unit) => {
                    let own = file.rate.map(|written| {
                        Rate::parse(written).ok_or_else(|| {
                            let found = written.to_owned();
                            Failure::error(file.path, Problem::BadRate { found })
                        })
                    });
                    let own = own.transpose()?;
                    let for_file = rates
                        .iter()
                        .filter(|r| r.file.as_deref().is_some_and(|f| names(f, file.path)))
                        .map(|r| &r.rate);
                    let for_all = rates.iter().filter(|r| r.file.is_none()).map(|r| &r.rate);
                    let candidates: Vec<&Rate> =
                        for_file.chain(own.as_ref()).chain(for_all).collect();
                    Conversion::between(&unit, output, &candidates).map_err(|NoRate| {
                        let problem = Problem::NoRate {
                            file: file.path.to_owned(),
                            unit: text.to_owned(),
                            output_unit: output.name(vietnamese),
                            reference: match (wanted, first) {
                                (Some(_), _) => "--unit".to_owned(),
                                (None, Some((_, path))) => path.to_owned(),
                                (None, None) => String::new(),
                            },
                        };
                        Failure::error("", problem)
                    })?
                }
                // Asked for a unit, a file in words aidcat does not convert is named.
                None if wanted.is_some() => {
                    let found = text.to_owned();
                    return Err(Failure::error(file.path, Problem::UnknownUnit { found }));
                }
                None => return Err(mixed(first, file.path, text)),
            },
            (Some(text), None) => match first {
                Some((reference, _)) if fold(reference) == fold(text) => Conversion::identity(),
                _ => return Err(mixed(first, file.path, text)),
            },
        };
        if !conversion.is_identity()
            && let (Some(unit), Some(output)) = (file.unit, &output)
        {
            notes.push(converted_note(
                file.path,
                unit,
                &output.name(vietnamese),
                conversion.rate.as_deref(),
                lang,
            ));
        }
        if let Some(rate) = &conversion.rate
            && !used_rates.contains(rate)
        {
            used_rates.push(rate.clone());
        }
        conversions.push(conversion);
    }
    let converted = conversions.iter().any(|c| !c.is_identity()) || wanted.is_some();
    let label = match (&output, first) {
        (Some(output), _) if converted => Some(output.name(vietnamese)),
        (_, Some((written, _))) => Some(written.to_owned()),
        (output, None) => output.as_ref().map(|o| o.name(vietnamese)),
    };
    if files.len() > 1
        && let Some(label) = &label
    {
        for file in files.iter().filter(|f| f.unit.is_none()) {
            notes.push(match lang {
                Lang::En => format!(
                    "{}: states no unit; its figures are taken as {label}",
                    file.path
                ),
                Lang::Vi => format!(
                    "{}: không ghi đơn vị; số liệu được hiểu là {label}",
                    file.path
                ),
            });
        }
    }
    if conversions.iter().any(Conversion::rounds) {
        notes.push(
            lang.pick(
                "Amounts divided by a rate are rounded to two decimal places.",
                "Số tiền chia theo tỷ giá được làm tròn đến hai chữ số thập phân.",
            )
            .to_owned(),
        );
    }
    let label = label.map(|label| {
        std::iter::once(label)
            .chain(used_rates)
            .collect::<Vec<_>>()
            .join("; ")
    });
    Ok(Units {
        label,
        conversions,
        notes,
        converted,
    })
}

fn mixed(first: Option<(&str, &str)>, other: &str, other_unit: &str) -> anyhow::Error {
    let (first_unit, first) = first.unwrap_or(("", ""));
    let problem = Problem::MixedUnits {
        first: first.to_owned(),
        first_unit: first_unit.to_owned(),
        other: other.to_owned(),
        other_unit: other_unit.to_owned(),
    };
    Failure::error("", problem)
}

fn converted_note(path: &str, unit: &str, output: &str, rate: Option<&str>, lang: Lang) -> String {
    match (lang, rate) {
        (Lang::En, Some(rate)) => format!("{path}: {unit} converted to {output} at {rate}"),
        (Lang::En, None) => format!("{path}: {unit} converted to {output}"),
        (Lang::Vi, Some(rate)) => {
            format!("{path}: {unit} quy đổi sang {output} theo tỷ giá {rate}")
        }
        (Lang::Vi, None) => format!("{path}: {unit} quy đổi sang {output}"),
    }
}

/// The warnings for sector names no national sector took: one per name, with every
/// place it stands (the first few, then how many more).
fn unmapped_notes(unmapped: &[Unmapped], lang: Lang) -> Vec<String> {
    const SHOWN: usize = 3;
    let mut names: Vec<(&str, bool, Vec<&str>)> = Vec::new();
    for u in unmapped {
        match names.iter_mut().find(|(name, _, _)| *name == u.name) {
            Some((_, _, places)) => places.push(&u.at),
            None => names.push((&u.name, u.ambiguous, vec![&u.at])),
        }
    }
    names
        .into_iter()
        .map(|(name, ambiguous, places)| {
            let mut at = places[..places.len().min(SHOWN)].join(", ");
            if places.len() > SHOWN {
                let more = places.len() - SHOWN;
                at += &match lang {
                    Lang::En => format!(" and {more} more"),
                    Lang::Vi => format!(" và {more} chỗ khác"),
                };
            }
            match (lang, ambiguous) {
                (Lang::En, false) => format!(
                    "warning: {at}: sector `{name}` maps to no national sector; counted under Other (map it with --sectors)"
                ),
                (Lang::En, true) => format!(
                    "warning: {at}: sector `{name}` names several national sectors; counted under Other (map it with --sectors)"
                ),
                (Lang::Vi, false) => format!(
                    "cảnh báo: {at}: lĩnh vực `{name}` không thuộc lĩnh vực quốc gia nào; tính vào Khác (ánh xạ bằng --sectors)"
                ),
                (Lang::Vi, true) => format!(
                    "cảnh báo: {at}: lĩnh vực `{name}` ứng với nhiều lĩnh vực quốc gia; tính vào Khác (ánh xạ bằng --sectors)"
                ),
            }
        })
        .collect()
}

/// The line for a file left out of the totals.
pub fn missing_note(message: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Not in these totals: {message}"),
        Lang::Vi => format!("Không có trong tổng: {message}"),
    }
}

/// The lines for files of a roll-up that hold the same projects as an earlier one: as many,
/// their figures summing alike in the same unit (a copy `convert` or `list` wrote beside its
/// source, say). Both are in the totals; the officer is told, not second-guessed.
fn same_catalogue_notes(heads: &[Catalogue], sums: &[Summed], lang: Lang) -> Vec<String> {
    // The same figures in triệu đồng and in tỷ đồng are not the same sums.
    let unit = |i: usize| heads[i].metadata.unit.as_deref().map(unit::comparable);
    let alike = |i: usize| {
        let (projects, totals) = sums[i].sums.projects_and_sums();
        (projects > 0).then_some((projects, totals, unit(i)))
    };
    let mut notes = Vec::new();
    for later in 1..heads.len().min(sums.len()) {
        let Some(key) = alike(later) else { continue };
        if let Some(first) = (0..later).find(|&i| alike(i).as_ref() == Some(&key)) {
            let (first, later, projects) = (&heads[first].path, &heads[later].path, key.0);
            notes.push(match lang {
                Lang::En => format!(
                    "{later} holds the same {projects} projects as {first}, summing alike: one catalogue twice? Both are in these totals; give one of them"
                ),
                Lang::Vi => format!(
                    "{later} có cùng {projects} dự án như {first}, tổng cộng như nhau: một danh mục được tính hai lần? Cả hai đều nằm trong tổng; hãy chỉ đưa một tệp"
                ),
            });
        }
    }
    notes
}

/// The line for a file's findings.
pub fn findings_note(
    path: &str,
    province: Option<&str>,
    errors: usize,
    warnings: usize,
    lang: Lang,
) -> String {
    let province = province.map(|p| format!(" ({p})")).unwrap_or_default();
    match lang {
        Lang::En => format!(
            "{path}{province}: {errors} error(s), {warnings} warning(s) in its own figures; `aidcat check {path}` shows them"
        ),
        Lang::Vi => format!(
            "{path}{province}: {errors} lỗi, {warnings} cảnh báo trong số liệu của tệp; chạy `aidcat check {path}` để xem"
        ),
    }
}
