//! Checking a streamed tidy file. Each record gets quick tests (amounts read, total
//! equal to aid plus counterpart, nothing negative, a readable period within the
//! programme, no surplus cells); the rare record that fails one is kept and, with the others like it, checked
//! by the same rules as a catalogue read in memory, so the findings are the same. Project
//! numbers are kept as 64-bit hashes to find duplicates, whose records are then read
//! again to be reported.

use super::{Finding, check};
use crate::model::Catalogue;
use crate::period::{self, Period};
use crate::read::CatalogueRole;
use crate::read::rows::Row;
use crate::read::stream::{Abandon, MoneyReader, Record, RecordKind, Sink, Stream, classify};
use crate::read::{ReadOptions, Table, catalogue_from_table};
use crate::text::clean_cell;
use anyhow::Result;
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::HashSet;
use std::hash::Hasher;

/// Kept records are checked in batches of this many, so memory stays bounded.
const BATCH: usize = 4096;

/// What streaming found: the file's counts and findings.
pub struct Streamed {
    pub catalogue: Catalogue,
    pub sectors: usize,
    pub projects: usize,
    pub findings: Vec<Finding>,
}

/// Where the cells the quick tests look at stand in a record.
struct QuickColumns {
    sector: Option<usize>,
    sector_code: Option<usize>,
    number: Option<usize>,
    period: Option<usize>,
    width: usize,
}

struct CheckSink<'s> {
    stream: &'s Stream,
    options: &'s ReadOptions,
    columns: &'s QuickColumns,
    programme: Option<Period>,
    money: MoneyReader,
    /// Records that failed a quick test, with relative lines until `finish`.
    kept: Vec<Row>,
    findings: Vec<Finding>,
    /// Raw sector code and name → the cleaned pair, as the in-memory reader keys sectors.
    sectors: FxHashMap<Vec<u8>, (String, String)>,
    /// (hash of sector and number, record ordinal in this thread).
    numbers: Vec<(u64, u32)>,
    projects: usize,
    records: u32,
    /// A buffer for the sector key, reused record after record.
    key: Vec<u8>,
}

/// A quick hash of a sector (code and name) and a number: collisions only cost a
/// second look.
fn number_hash(code: &str, name: &str, number: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(code.as_bytes());
    hasher.write_u8(0xFF);
    hasher.write(name.as_bytes());
    hasher.write_u8(0xFE);
    hasher.write(number);
    hasher.finish()
}

impl CheckSink<'_> {
    /// The sector code and name of a record as read (quotes undone), into `key`.
    fn sector_key(&self, record: &Record<'_>, key: &mut Vec<u8>) {
        key.clear();
        let text = |column: Option<usize>| column.map(|i| record.text(i)).unwrap_or_default();
        key.extend_from_slice(text(self.columns.sector_code).as_bytes());
        key.push(0xFF);
        key.extend_from_slice(text(self.columns.sector).as_bytes());
    }

    /// Does the record pass every quick test?
    fn passes(&mut self, record: &Record<'_>) -> bool {
        let [total, aid, counterpart] = self.money.read(record, record.line);
        use crate::read::stream::Money;
        if [total, aid, counterpart].contains(&Money::Bad)
            || [total, aid, counterpart].iter().all(|m| *m == Money::Blank)
        {
            return false;
        }
        let (total, aid, counterpart) = (total.or_zero(), aid.or_zero(), counterpart.or_zero());
        if total < 0 || aid < 0 || counterpart < 0 || total != aid + counterpart {
            return false;
        }
        let surplus = record.len() > self.columns.width
            && (self.columns.width..record.len()).any(|i| !record.raw(i).trim_ascii().is_empty());
        !surplus && self.period_passes(record)
    }

    fn period_passes(&self, record: &Record<'_>) -> bool {
        let Some(index) = self.columns.period else {
            return true;
        };
        let raw = record.raw(index).trim_ascii();
        let year = |digits: &[u8]| -> Option<u16> {
            (digits.len() == 4 && digits.iter().all(u8::is_ascii_digit)).then(|| {
                digits
                    .iter()
                    .fold(0u16, |y, d| y * 10 + u16::from(d - b'0'))
            })
        };
        let span = match raw.len() {
            0 => return true,
            4 => year(raw).map(|y| Period { start: y, end: y }),
            9 if raw[4] == b'-' => year(&raw[..4])
                .zip(year(&raw[5..]))
                .map(|(start, end)| Period { start, end }),
            _ => None,
        };
        let span = match span {
            Some(span)
                if period::YEARS.contains(&span.start) && period::YEARS.contains(&span.end) =>
            {
                Some(span)
            }
            _ => match period::parse(&record.text(index)) {
                Ok(Some(span)) => Some(span),
                Ok(None) => return true,
                Err(_) => return false,
            },
        };
        span.is_some_and(|s| s.start <= s.end && self.programme.is_none_or(|p| p.contains(s)))
    }

    /// Checks the kept records with the in-memory rules.
    fn check_kept(&mut self, first_line: usize) {
        if self.kept.is_empty() {
            return;
        }
        for row in &mut self.kept {
            row.line += first_line;
        }
        let rows = std::mem::take(&mut self.kept);
        self.findings
            .extend(check_rows(self.stream, self.options, rows, not_duplicates));
    }
}

/// Duplicate numbers are found over the whole file (see [`duplicate_findings`]), not
/// among the kept records, some of which may be duplicates too.
fn not_duplicates(finding: &Finding) -> bool {
    finding.rule != "duplicate-number"
}

/// The in-memory rules on some records of a streamed file (and its header).
fn check_rows(
    stream: &Stream,
    options: &ReadOptions,
    rows: Vec<Row>,
    keep: impl Fn(&Finding) -> bool,
) -> Vec<Finding> {
    let mut all = vec![stream.header_row().clone()];
    all.extend(rows);
    let options = ReadOptions {
        number_format: Some(stream.catalogue.convention()),
        ..options.clone()
    };
    let table = Table {
        path: stream.catalogue.path.clone(),
        source: stream.catalogue.source.clone(),
        rows: all,
    };
    let Ok(catalogue) = catalogue_from_table(table, &options) else {
        return Vec::new();
    };
    let mut catalogue = catalogue;
    catalogue.metadata = stream.catalogue.metadata.clone();
    check(&catalogue)
        .into_iter()
        .filter(|f| f.rule != "no-projects" && keep(f))
        .collect()
}

impl Sink for CheckSink<'_> {
    fn record(&mut self, record: &Record<'_>) -> Result<(), Abandon> {
        let ordinal = self.records;
        self.records += 1;
        match classify(record, &self.stream.header, record.line) {
            RecordKind::Data => {}
            RecordKind::Blank | RecordKind::Header => return Ok(()),
            RecordKind::GrandTotal => return Err(Abandon::Unusual),
        }
        self.projects += 1;
        let mut key = std::mem::take(&mut self.key);
        self.sector_key(record, &mut key);
        if !self.sectors.contains_key(&key) {
            let at = key.iter().position(|&b| b == 0xFF).unwrap_or(0);
            let clean = |bytes: &[u8]| clean_cell(&String::from_utf8_lossy(bytes));
            let cleaned = (clean(&key[..at]), clean(&key[at + 1..]));
            self.sectors.insert(key.clone(), cleaned);
        }
        if let Some(index) = self.columns.number {
            // Numbers compare as cleaned text, as in memory; plain ones are clean as read.
            let raw = record.raw(index);
            let plain = raw
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
            let cleaned;
            let number = if plain {
                raw
            } else {
                cleaned = clean_cell(&record.text(index));
                cleaned.as_bytes()
            };
            if !number.is_empty() {
                let (code, name) = &self.sectors[&key];
                self.numbers
                    .push((number_hash(code, name, number), ordinal));
            }
        }
        self.key = key;
        if !self.passes(record) {
            self.kept.push(record.to_row(record.line));
            if self.kept.len() >= BATCH {
                // Lines stay relative: the findings' lines are shifted in `finish`.
                let rows = std::mem::take(&mut self.kept);
                self.findings
                    .extend(check_rows(self.stream, self.options, rows, not_duplicates));
            }
        }
        Ok(())
    }

    fn finish(&mut self, first_line: usize) {
        for finding in &mut self.findings {
            finding.line += first_line;
        }
        self.check_kept(first_line);
        self.money.finish(first_line);
    }
}

/// Collects the records with the given ordinals, for the duplicates' second reading.
struct Collector<'s> {
    wanted: &'s HashSet<u64>,
    records: u64,
    rows: Vec<Row>,
}

impl Sink for Collector<'_> {
    fn record(&mut self, record: &Record<'_>) -> Result<(), Abandon> {
        if self.wanted.contains(&self.records) {
            self.rows.push(record.to_row(record.line));
        }
        self.records += 1;
        Ok(())
    }

    fn finish(&mut self, first_line: usize) {
        for row in &mut self.rows {
            row.line += first_line;
        }
    }
}

/// Checks a streamed file; `Ok(None)` when it must be read in memory instead.
pub fn check_stream(stream: &Stream, options: &ReadOptions) -> Result<Option<Streamed>> {
    let index = |role| stream.header.index(role);
    let columns = QuickColumns {
        sector: index(CatalogueRole::Sector),
        sector_code: index(CatalogueRole::SectorCode),
        number: index(CatalogueRole::Number),
        period: index(CatalogueRole::Period),
        width: stream.header.labels.len(),
    };
    let make = || CheckSink {
        stream,
        options,
        columns: &columns,
        programme: stream.catalogue.metadata.period,
        money: MoneyReader::new(stream),
        kept: Vec::new(),
        findings: Vec::new(),
        sectors: FxHashMap::default(),
        numbers: Vec::new(),
        projects: 0,
        records: 0,
        key: Vec::new(),
    };
    let Some(sinks) = stream.run_reading_money(options, make, |sink| &sink.money)? else {
        return Ok(None);
    };
    let mut sectors: HashSet<(String, String)> = HashSet::new();
    let mut numbers: Vec<(u64, u64)> = Vec::new();
    let mut findings = Vec::new();
    let mut projects = 0;
    let mut ordinal_base = 0u64;
    for sink in sinks {
        sectors.extend(sink.sectors.into_values());
        numbers.extend(
            sink.numbers
                .iter()
                .map(|&(hash, ordinal)| (hash, ordinal_base + u64::from(ordinal))),
        );
        ordinal_base += u64::from(sink.records);
        projects += sink.projects;
        findings.extend(sink.findings);
    }
    numbers.sort_unstable();
    let duplicated: HashSet<u64> = numbers
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .flat_map(|w| [w[0].1, w[1].1])
        .collect();
    drop(numbers);
    if !duplicated.is_empty() {
        findings.extend(duplicate_findings(stream, options, &duplicated)?);
    }
    if projects == 0 {
        findings.push(Finding::error(
            "no-projects",
            stream.catalogue.header_line,
            "the file has a header but no project rows: nothing to check; is it the right file or sheet?".to_owned(),
        ));
    }
    findings.sort_by_key(|f| f.line);
    Ok(Some(Streamed {
        catalogue: stream.catalogue.clone(),
        sectors: sectors.len(),
        projects,
        findings,
    }))
}

/// Reads the records whose numbers hash alike again, and reports the real duplicates.
fn duplicate_findings(
    stream: &Stream,
    options: &ReadOptions,
    wanted: &HashSet<u64>,
) -> Result<Vec<Finding>> {
    // One thread, so ordinals count from the first record.
    let collected = stream.run_single(|| Collector {
        wanted,
        records: 0,
        rows: Vec::new(),
    })?;
    let rows: Vec<Row> = collected.into_iter().flat_map(|c| c.rows).collect();
    Ok(check_rows(stream, options, rows, |f| {
        f.rule == "duplicate-number"
    }))
}
