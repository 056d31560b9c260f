//! `summary` of a streamed tidy file: each thread sums its records per raw group key
//! (the cell's bytes), and the groups are handed to the same [`Accumulator`] as a
//! catalogue read in memory, in file order. `--by year` spreads each project by itself,
//! so there each record goes to the accumulator one at a time.

use super::summary::{Accumulator, GroupBy, Keys};
use crate::lang::Lang;
use crate::model::Totals;
use crate::number::from_scaled;
use crate::read::CatalogueRole;
use crate::read::ReadOptions;
use crate::read::stream::{Abandon, MoneyReader, Record, RecordKind, Sink, Stream, classify};
use crate::report::sheet::Sheet;
use crate::text::clean_cell;
use anyhow::Result;
use rustc_hash::FxHashMap;

/// Sums of one group key as read (cell text before cleaning).
struct Sums {
    key: Vec<u8>,
    projects: usize,
    units: [i128; 3],
}

struct SummarySink<'s> {
    stream: &'s Stream,
    by: GroupBy,
    /// The cells making a record's key: sector code and name, or the grouping's cell.
    key_columns: Vec<Option<usize>>,
    money: MoneyReader,
    index: FxHashMap<Vec<u8>, usize>,
    sums: Vec<Sums>,
    /// `--by year` only.
    years: Accumulator,
    key: Vec<u8>,
}

impl Sink for SummarySink<'_> {
    fn record(&mut self, record: &Record<'_>) -> Result<(), Abandon> {
        match classify(record, &self.stream.header, record.line) {
            RecordKind::Data => {}
            RecordKind::Blank | RecordKind::Header => return Ok(()),
            RecordKind::GrandTotal => return Err(Abandon::Unusual),
        }
        if self.by == GroupBy::Year {
            // Each project is spread at the precision its cells are written in.
            let [total, aid, counterpart] = self.money.read_as_written(record, record.line);
            let period = self.key_columns[0]
                .map(|i| clean_cell(&record.text(i)))
                .unwrap_or_default();
            let keys = Keys {
                period: &period,
                ..Keys::default()
            };
            self.years.add(
                &keys,
                Totals {
                    total,
                    aid,
                    counterpart,
                },
                1,
            );
            return Ok(());
        }
        let units = self.money.read(record, record.line).map(|m| m.or_zero());
        self.key.clear();
        for column in &self.key_columns {
            if let Some(index) = column {
                self.key.extend_from_slice(record.text(*index).as_bytes());
            }
            self.key.push(0xFF);
        }
        let at = match self.index.get(&self.key) {
            Some(&at) => at,
            None => {
                self.index.insert(self.key.clone(), self.sums.len());
                self.sums.push(Sums {
                    key: self.key.clone(),
                    projects: 0,
                    units: [0; 3],
                });
                self.sums.len() - 1
            }
        };
        let sums = &mut self.sums[at];
        sums.projects += 1;
        for (sum, value) in sums.units.iter_mut().zip(units) {
            *sum += value;
        }
        Ok(())
    }

    fn finish(&mut self, first_line: usize) {
        self.money.finish(first_line);
    }
}

fn totals([total, aid, counterpart]: [i128; 3]) -> Totals {
    Totals {
        total: from_scaled(total),
        aid: from_scaled(aid),
        counterpart: from_scaled(counterpart),
    }
}

/// Summarises a streamed file; `Ok(None)` when it must be read in memory instead.
pub fn summary_stream(
    stream: &Stream,
    by: GroupBy,
    lang: Lang,
    options: &ReadOptions,
) -> Result<Option<Accumulator>> {
    let index = |role| stream.header.index(role);
    let key_columns = match by {
        GroupBy::Sector => vec![
            index(CatalogueRole::SectorCode),
            index(CatalogueRole::Sector),
        ],
        GroupBy::Owner => vec![index(CatalogueRole::Owner)],
        GroupBy::Location => vec![index(CatalogueRole::Location)],
        GroupBy::Period | GroupBy::Year => vec![index(CatalogueRole::Period)],
        GroupBy::Province => vec![index(CatalogueRole::Province)],
    };
    let make = || SummarySink {
        stream,
        by,
        key_columns: key_columns.clone(),
        money: MoneyReader::new(stream),
        index: FxHashMap::default(),
        sums: Vec::new(),
        years: Accumulator::new(by, lang),
        key: Vec::new(),
    };
    let Some(sinks) = stream.run_reading_money(options, make, |sink| &sink.money)? else {
        return Ok(None);
    };
    let mut accumulator = Accumulator::new(by, lang);
    let province = stream
        .catalogue
        .metadata
        .province
        .clone()
        .unwrap_or_else(|| stream.catalogue.path.clone());
    for sink in sinks {
        accumulator.merge(sink.years);
        for sums in sink.sums {
            let cells: Vec<String> = sums
                .key
                .split(|&b| b == 0xFF)
                .map(|text| clean_cell(&String::from_utf8_lossy(text)))
                .collect();
            let first = cells.first().map_or("", String::as_str);
            let mut keys = Keys::default();
            match by {
                GroupBy::Sector => {
                    let code = Some(first).filter(|c| !c.is_empty());
                    keys.sector = cells.get(1).map_or("", String::as_str);
                    accumulator.sector(code, keys.sector, None);
                }
                GroupBy::Owner => keys.owner = first,
                GroupBy::Location => keys.location = first,
                GroupBy::Period | GroupBy::Year => keys.period = first,
                GroupBy::Province if first.is_empty() => keys.province = &province,
                GroupBy::Province => keys.province = first,
            }
            accumulator.add(&keys, totals(sums.units), sums.projects);
        }
    }
    Ok(Some(accumulator))
}

/// The summary sheet of a streamed file.
pub fn sheet(accumulator: Accumulator, stream: &Stream) -> Result<Sheet> {
    accumulator.finish(std::slice::from_ref(&stream.catalogue))
}
