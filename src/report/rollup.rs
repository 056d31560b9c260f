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
    /// The sector names no national sector took, worded (also among the sheet's notes).
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

/// What a reader of totals over many files must know beside them, as data: worded by
/// [`Lang::rollup_note`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A file's figures converted from its unit into the roll-up's, at `rate` if one.
    Converted {
        path: String,
        unit: String,
        output: String,
        rate: Option<String>,
    },
    /// A file that states no unit, its figures taken as the roll-up's `unit`.
    NoUnit { path: String, unit: String },
    /// Amounts divided by a rate were rounded.
    Rounded,
    /// A sector name no national sector took (`ambiguous`: it names several), with
    /// every place it stands.
    Unmapped {
        name: String,
        ambiguous: bool,
        places: Vec<String>,
    },
    /// `later` holds as many projects as `first` (`projects`), summing alike.
    SameCatalogue {
        later: String,
        first: String,
        projects: usize,
    },
    /// A file's findings in its own figures.
    Findings {
        path: String,
        province: Option<String>,
        errors: usize,
        warnings: usize,
    },
    /// A file left out of the totals, and why (already worded: a located failure).
    Missing { message: String },
    /// A file a folder or pattern brought in that is no catalogue, passed over.
    PassedOver { path: String, kind: PassedOver },
}

/// What a file a folder or pattern brought in is, where it is no catalogue and catalogue
/// commands pass it over (saying so) instead of failing on it. A file named on the
/// command line is read as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassedOver {
    /// An implementation plan: a programme's folder holds it beside the catalogue.
    Plan,
    /// A table of totals (a summary aidcat wrote into the folder, or a province's).
    Totals,
    /// A file without a header that holds no figure: a letter sent with the catalogue
    /// (its tables lay out the letterhead and signatures), or notes.
    NoFigures,
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
    let twice = same_catalogue_notes(heads, &files);
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
    let word = |notes: Vec<Note>| -> Vec<String> {
        notes.iter().map(|note| lang.rollup_note(note)).collect()
    };
    let warnings = word(unmapped_notes(&unmapped));
    let mut sheet = total.finish(heads, units.label.as_deref());
    sheet.notes.extend(warnings.iter().cloned());
    sheet.notes.extend(word(units.notes));
    Ok(Rollup {
        sheet,
        warnings,
        unit: units.label,
        converted: units.converted,
        twice: word(twice),
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
    pub notes: Vec<Note>,
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
            notes.push(Note::Converted {
                path: file.path.to_owned(),
                unit: unit.to_owned(),
                output: output.name(vietnamese),
                rate: conversion.rate.clone(),
            });
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
            notes.push(Note::NoUnit {
                path: file.path.to_owned(),
                unit: label.clone(),
            });
        }
    }
    if conversions.iter().any(Conversion::rounds) {
        notes.push(Note::Rounded);
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

/// The warnings for sector names no national sector took: one per name, with every
/// place it stands.
fn unmapped_notes(unmapped: &[Unmapped]) -> Vec<Note> {
    let mut notes: Vec<Note> = Vec::new();
    for u in unmapped {
        let same = notes.iter_mut().find_map(|note| match note {
            Note::Unmapped { name, places, .. } if *name == u.name => Some(places),
            _ => None,
        });
        match same {
            Some(places) => places.push(u.at.clone()),
            None => notes.push(Note::Unmapped {
                name: u.name.clone(),
                ambiguous: u.ambiguous,
                places: vec![u.at.clone()],
            }),
        }
    }
    notes
}

/// The lines for files of a roll-up that may hold the same projects as an earlier one: as
/// many, their figures summing alike in the same unit (a copy `convert` or `list` wrote
/// beside its source, say). Names are not compared: the sums are folded as the files are
/// read, and keep none. Both are in the totals; the officer is told, not second-guessed.
fn same_catalogue_notes(heads: &[Catalogue], sums: &[Summed]) -> Vec<Note> {
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
            notes.push(Note::SameCatalogue {
                later: heads[later].path.clone(),
                first: heads[first].path.clone(),
                projects: key.0,
            });
        }
    }
    notes
}
