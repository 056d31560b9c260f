//! What the duplicate-number rule remembers: every sector's project numbers and the line
//! each is first used on. Up to a budget they are held in memory and a repeat is known at
//! once; past it they are written to temporary files in sorted runs and the repeats are
//! found by merging the runs at the end, so a file of millions of projects is checked in
//! bounded memory. Either way the answer is the same (every CLI test runs a second time
//! with a budget of a few numbers).

use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

/// Numbers held in memory before they are spilled (a few megabytes); past it, a run is
/// written each time as many have come.
const BUDGET: usize = 50_000;
/// The buffer of a run written or read back: few system calls for the megabytes a run
/// holds.
const RUN_BUFFER: usize = 256 << 10;

/// A repeat found at the end: the project on `line` reuses the number first used on
/// `first_line` in the same sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub sector: usize,
    pub line: usize,
    pub number: String,
    pub name: String,
    pub first_line: usize,
}

/// One sector's numbers in memory. The texts stand end to end in one string and are
/// found by hash, with no allocation per number; texts of equal hash are compared, so
/// the answer is exact.
#[derive(Default)]
struct FirstUse {
    texts: String,
    by_hash: FxHashMap<u64, u32>,
    /// (end of the text in `texts`, line, the entry before it with the same hash).
    entries: Vec<(usize, usize, Option<u32>)>,
}

impl FirstUse {
    /// The line `number` was first used on, if it was.
    fn find(&self, number: &str, hash: u64) -> Option<usize> {
        let mut at = self.by_hash.get(&hash).copied();
        while let Some(index) = at {
            let index = index as usize;
            let (end, first_line, before) = self.entries[index];
            let start = index.checked_sub(1).map_or(0, |i| self.entries[i].0);
            if &self.texts[start..end] == number {
                return Some(first_line);
            }
            at = before;
        }
        None
    }

    fn insert(&mut self, number: &str, hash: u64, line: usize) {
        let Ok(index) = u32::try_from(self.entries.len()) else {
            return;
        };
        let before = self.by_hash.insert(hash, index);
        self.texts.push_str(number);
        self.entries.push((self.texts.len(), line, before));
    }

    /// Every number with its first line.
    fn drain(self) -> impl Iterator<Item = (String, usize)> {
        let texts = self.texts;
        let mut start = 0;
        self.entries.into_iter().map(move |(end, line, _)| {
            let text = texts[start..end].to_owned();
            start = end;
            (text, line)
        })
    }
}

fn hash(sector: usize, number: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write_usize(sector);
    hasher.write(number.as_bytes());
    hasher.finish()
}

/// A number waiting to be written: its texts stand in [`Pending::texts`].
#[derive(Clone, Copy)]
struct Key {
    sector: usize,
    hash: u64,
    line: usize,
    start: usize,
    number_len: usize,
    name_len: usize,
}

/// Numbers waiting to be written, their texts (number, then project name) end to end:
/// no allocation per number. Runs are sorted by sector, hash, number, then line: any
/// order that brings equal numbers of a sector together, line after line, will do, and
/// the hash settles most comparisons at once.
#[derive(Default)]
struct Pending {
    texts: Vec<u8>,
    keys: Vec<Key>,
}

impl Pending {
    fn push(&mut self, sector: usize, hash: u64, number: &str, line: usize, name: &str) {
        self.keys.push(Key {
            sector,
            hash,
            line,
            start: self.texts.len(),
            number_len: number.len(),
            name_len: name.len(),
        });
        self.texts.extend_from_slice(number.as_bytes());
        self.texts.extend_from_slice(name.as_bytes());
    }

    fn number(&self, key: &Key) -> &[u8] {
        &self.texts[key.start..key.start + key.number_len]
    }

    fn name(&self, key: &Key) -> &[u8] {
        let start = key.start + key.number_len;
        &self.texts[start..start + key.name_len]
    }

    fn sort(&mut self) {
        let mut keys = std::mem::take(&mut self.keys);
        keys.sort_unstable_by(|a, b| {
            (a.sector, a.hash)
                .cmp(&(b.sector, b.hash))
                .then_with(|| self.number(a).cmp(self.number(b)))
                .then(a.line.cmp(&b.line))
        });
        self.keys = keys;
    }

    fn clear(&mut self) {
        self.texts.clear();
        self.keys.clear();
    }
}

/// Every sector's numbers, in memory or spilled.
pub struct Numbers {
    sectors: Vec<FirstUse>,
    held: usize,
    budget: usize,
    /// Once spilling: the numbers since the last run, and the runs written.
    pending: Pending,
    runs: Vec<File>,
    spilling: bool,
}

impl Numbers {
    /// Numbers held in memory up to the budget (`AIDCAT_NUMBER_BUDGET`, a hidden variable
    /// for tests, sets another).
    pub fn new() -> Self {
        let budget = std::env::var("AIDCAT_NUMBER_BUDGET")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&v| v > 0)
            .unwrap_or(BUDGET);
        Numbers::with_budget(budget)
    }

    /// Numbers held in memory however many (a catalogue already in memory).
    pub fn unbounded() -> Self {
        Numbers::with_budget(usize::MAX)
    }

    fn with_budget(budget: usize) -> Self {
        Numbers {
            sectors: Vec::new(),
            held: 0,
            budget,
            pending: Pending::default(),
            runs: Vec::new(),
            spilling: false,
        }
    }

    /// The line `number` was first used on in `sector` (this `line` for a first use), or
    /// `None` once spilling: a repeat is then found by [`Numbers::finish`].
    pub fn first(&mut self, sector: usize, number: &str, line: usize, name: &str) -> Option<usize> {
        let hash = hash(sector, number);
        if self.spilling {
            self.pending.push(sector, hash, number, line, name);
            if self.pending.keys.len() >= self.budget {
                self.write_run();
            }
            return None;
        }
        if self.sectors.len() <= sector {
            self.sectors.resize_with(sector + 1, FirstUse::default);
        }
        if let Some(first) = self.sectors[sector].find(number, hash) {
            return Some(first);
        }
        self.sectors[sector].insert(number, hash, line);
        self.held += 1;
        if self.held >= self.budget {
            self.start_spilling();
        }
        Some(line)
    }

    /// Moves the numbers in memory to the first run; later numbers follow in runs. Their
    /// names are never needed: a first use is never reported.
    fn start_spilling(&mut self) {
        self.spilling = true;
        for (sector, numbers) in std::mem::take(&mut self.sectors).into_iter().enumerate() {
            for (number, line) in numbers.drain() {
                self.pending
                    .push(sector, hash(sector, &number), &number, line, "");
            }
        }
        self.held = 0;
        self.write_run();
    }

    /// Writes the pending numbers, sorted, as a run. Where the temporary file cannot be
    /// written they stay in memory and no further run is tried: the answer is kept, the
    /// memory bound is not.
    fn write_run(&mut self) {
        self.pending.sort();
        let pending = &self.pending;
        let written = tempfile::tempfile().and_then(|file| {
            let mut writer = BufWriter::with_capacity(RUN_BUFFER, file);
            for key in &pending.keys {
                for value in [key.sector, key.line, key.number_len, key.name_len] {
                    writer.write_all(&(value as u64).to_le_bytes())?;
                }
                writer.write_all(&key.hash.to_le_bytes())?;
                writer.write_all(pending.number(key))?;
                writer.write_all(pending.name(key))?;
            }
            let mut file = writer
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            file.rewind()?;
            Ok(file)
        });
        match written {
            Ok(file) => {
                self.runs.push(file);
                self.pending.clear();
            }
            Err(_) => self.budget = usize::MAX,
        }
    }

    /// The repeats among spilled numbers, in no particular order.
    pub fn finish(mut self) -> io::Result<Vec<Repeat>> {
        if !self.spilling {
            return Ok(Vec::new());
        }
        self.pending.sort();
        let mut sources: Vec<Source> = self
            .runs
            .into_iter()
            .map(|file| Source::Run(BufReader::with_capacity(RUN_BUFFER, file)))
            .collect();
        sources.push(Source::Memory(&self.pending, 0));
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (index, source) in sources.iter_mut().enumerate() {
            let mut record = Current::default();
            if source.next(&mut record)? {
                heap.push(Reverse((record, index)));
            }
        }
        let mut repeats = Vec::new();
        let mut first: Option<Current> = None;
        // A record done with lends its room to the next one read: no allocation a record.
        let mut spare = Current::default();
        while let Some(Reverse((record, index))) = heap.pop() {
            let mut next = std::mem::take(&mut spare);
            if sources[index].next(&mut next)? {
                heap.push(Reverse((next, index)));
            }
            match &first {
                Some(first) if first.same_number(&record) => repeats.push(Repeat {
                    sector: record.sector,
                    line: record.line,
                    number: text(record.number)?,
                    name: text(record.name)?,
                    first_line: first.line,
                }),
                _ => {
                    if let Some(done) = first.replace(record) {
                        spare = done;
                    }
                }
            }
        }
        Ok(repeats)
    }
}

/// A run being merged: a file, or the numbers still in memory (from a position).
enum Source<'a> {
    Run(BufReader<File>),
    Memory(&'a Pending, usize),
}

/// A record being merged, ordered as the runs are.
#[derive(Default, PartialEq, Eq, PartialOrd, Ord)]
struct Current {
    sector: usize,
    hash: u64,
    number: Vec<u8>,
    line: usize,
    name: Vec<u8>,
}

impl Current {
    fn same_number(&self, other: &Current) -> bool {
        (self.sector, self.hash) == (other.sector, other.hash) && self.number == other.number
    }
}

impl Source<'_> {
    /// Reads the next record into `into`; `false` at the end.
    fn next(&mut self, into: &mut Current) -> io::Result<bool> {
        match self {
            Source::Memory(pending, at) => {
                let Some(key) = pending.keys.get(*at) else {
                    return Ok(false);
                };
                *at += 1;
                into.sector = key.sector;
                into.hash = key.hash;
                into.line = key.line;
                into.number.clear();
                into.number.extend_from_slice(pending.number(key));
                into.name.clear();
                into.name.extend_from_slice(pending.name(key));
                Ok(true)
            }
            Source::Run(reader) => {
                let mut head = [0u8; 40];
                match reader.read_exact(&mut head) {
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
                    other => other?,
                }
                let value = |i: usize| {
                    let mut bytes = [0u8; 8];
                    bytes.copy_from_slice(&head[i * 8..i * 8 + 8]);
                    u64::from_le_bytes(bytes)
                };
                let size = |i: usize| usize::try_from(value(i)).map_err(|_| damaged());
                into.sector = size(0)?;
                into.line = size(1)?;
                into.number.resize(size(2)?, 0);
                into.name.resize(size(3)?, 0);
                into.hash = value(4);
                reader.read_exact(&mut into.number)?;
                reader.read_exact(&mut into.name)?;
                Ok(true)
            }
        }
    }
}

fn damaged() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "a temporary file of numbers is damaged",
    )
}

fn text(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes).map_err(|_| damaged())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (sector, number) per line from 1: the repeats each budget finds, as (line, first).
    fn repeats(numbers: &[(usize, &str)], budget: usize) -> Vec<(usize, usize)> {
        let mut seen = Numbers::with_budget(budget);
        let mut found = Vec::new();
        for (i, (sector, number)) in numbers.iter().enumerate() {
            let line = i + 1;
            if let Some(first) = seen.first(*sector, number, line, "name")
                && first != line
            {
                found.push((line, first));
            }
        }
        found.extend(
            seen.finish()
                .unwrap()
                .iter()
                .map(|r| (r.line, r.first_line)),
        );
        found.sort_unstable();
        found
    }

    #[test]
    fn spilled_numbers_give_the_repeats_held_ones_do() {
        let numbers: Vec<(usize, String)> = (0..500)
            .map(|i| (i % 3, format!("{}", (i * 7919) % 53)))
            .collect();
        let numbers: Vec<(usize, &str)> = numbers.iter().map(|(s, n)| (*s, n.as_str())).collect();
        let expected = repeats(&numbers, usize::MAX);
        assert!(expected.len() > 100, "the case has repeats");
        for budget in [1, 2, 7, 64, 499] {
            assert_eq!(repeats(&numbers, budget), expected, "budget {budget}");
        }
        // Numbers that are prefixes of one another, and the empty number, stay apart.
        let close = [
            (0, "1"),
            (0, "12"),
            (0, "1"),
            (0, ""),
            (0, "12"),
            (0, ""),
            (0, "2"),
        ];
        for budget in [1, 3, usize::MAX] {
            assert_eq!(
                repeats(&close, budget),
                [(3, 1), (5, 2), (6, 4)],
                "budget {budget}"
            );
        }
        // The same number in two sectors is no repeat.
        assert!(repeats(&[(0, "1"), (1, "1")], 1).is_empty());
        assert_eq!(
            repeats(&[(0, "1"), (0, "2"), (0, "1"), (0, "1")], 1),
            [(3, 1), (4, 1)]
        );
    }
}
