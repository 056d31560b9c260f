//! What the duplicate-number rule remembers: every sector's project numbers and the line
//! each is first used on. Up to a budget they are held in memory and a repeat is known at
//! once; past it each number is written as a small fixed-size key (hash, line, sector,
//! where its texts are) in sorted runs, its texts (number and project name) one after
//! another in a file of their own, and the repeats are found by merging the runs at the
//! end: only keys of equal hash have their texts read back and compared, so a file of
//! millions of projects is checked in bounded memory and little time. Either way the
//! answer is the same (every CLI test runs a second time with a budget of a few numbers).

use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::binary_heap::PeekMut;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

/// Numbers held in memory before they are spilled (a few megabytes); past it, a run is
/// written each time as many have come.
const BUDGET: usize = 50_000;
/// The buffer of a file written: few system calls for the megabytes a run holds.
const RUN_BUFFER: usize = 256 << 10;
/// The buffers runs are merged through, shared among them: a file of ten million numbers
/// has two hundred runs, which would hold 50 MB at [`RUN_BUFFER`] each.
const MERGE_BUFFERS: usize = 8 << 20;
/// The buffer texts are read back through: they are read here and there, a few hundred
/// bytes each, where a large buffer would be filled for each.
const TEXT_READ_BUFFER: usize = 1 << 10;

/// A repeat: the project on `line` reuses the number first used on `first_line` in the
/// same sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub sector: usize,
    pub line: usize,
    pub number: String,
    pub name: String,
    pub first_line: usize,
}

/// A number's hash: SipHash with fixed keys (the same in every thread of a run), whose
/// collisions no file can arrange, so that texts of equal hash are rare and few are read.
fn hash(number: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(number)
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

    /// Every number with its hash and first line.
    fn drain(&self) -> impl Iterator<Item = (&str, u64, usize)> {
        let mut start = 0;
        self.entries.iter().map(move |&(end, line, _)| {
            let text = &self.texts[start..end];
            start = end;
            (text, hash(text), line)
        })
    }
}

/// A number's texts as they are kept past the budget: the lengths of the number and of
/// the project name, then both.
fn push_texts(buffer: &mut Vec<u8>, number: &str, name: &str) {
    for text in [number, name] {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        buffer.extend_from_slice(&len.to_le_bytes());
    }
    buffer.extend_from_slice(number.as_bytes());
    buffer.extend_from_slice(name.as_bytes());
}

/// The lengths at the head of a number's texts.
fn lengths(head: &[u8; 8]) -> (usize, usize) {
    let len = |i: usize| {
        let mut word = [0u8; 4];
        word.copy_from_slice(&head[i * 4..i * 4 + 4]);
        u32::from_le_bytes(word) as usize
    };
    (len(0), len(1))
}

/// The number and name whose texts start `bytes`.
fn texts_at(bytes: &[u8]) -> io::Result<(&str, &str)> {
    let head = bytes.first_chunk::<8>().ok_or_else(damaged)?;
    let (number_len, name_len) = lengths(head);
    let number = bytes.get(8..8 + number_len).ok_or_else(damaged)?;
    let name = bytes.get(8 + number_len..8 + number_len + name_len);
    let name = name.ok_or_else(damaged)?;
    // The texts were written from text: a fast check suffices.
    let text = simdutf8::basic::from_utf8;
    Ok((
        text(number).map_err(|_| damaged())?,
        text(name).map_err(|_| damaged())?,
    ))
}

/// A number past the budget: runs are sorted by hash then line, which brings the uses of
/// a number together in line order; its texts stand at `at`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    hash: u64,
    line: u64,
    sector: u64,
    at: u64,
}

impl Key {
    const BYTES: usize = 32;

    fn to_bytes(self) -> [u8; Key::BYTES] {
        let mut bytes = [0u8; Key::BYTES];
        for (slot, value) in
            bytes
                .chunks_exact_mut(8)
                .zip([self.hash, self.line, self.sector, self.at])
        {
            slot.copy_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    fn from_bytes(bytes: &[u8; Key::BYTES]) -> Key {
        let value = |i: usize| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            u64::from_le_bytes(word)
        };
        Key {
            hash: value(0),
            line: value(1),
            sector: value(2),
            at: value(3),
        }
    }
}

/// The numbers of a range read apart (by a fork of the checker), for the numbers of the
/// checker it joins: hashed, their texts written and their keys sorted where they were
/// read, so that the joining thread has only to copy them.
#[derive(Default)]
pub struct Batch {
    texts: Vec<u8>,
    /// Sectors and lines as the fork counts them; `at` in `texts`.
    keys: Vec<Key>,
}

impl Batch {
    pub fn push(&mut self, sector: usize, number: &str, line: usize, name: &str) {
        self.keys.push(Key {
            hash: hash(number),
            line: line as u64,
            sector: sector as u64,
            at: self.texts.len() as u64,
        });
        push_texts(&mut self.texts, number, name);
    }

    /// Sorts the keys (as a run is).
    pub fn settle(&mut self) {
        self.keys.sort_unstable();
    }
}

/// The texts of spilled numbers, written through a buffer to a temporary file, or kept in
/// memory where that cannot be written.
struct Texts {
    /// Bytes not yet written, from offset `written`.
    buffer: Vec<u8>,
    written: u64,
    file: Option<File>,
    /// The file could not be written: the texts stay in `buffer`.
    held: bool,
}

impl Texts {
    fn new() -> Self {
        Texts {
            buffer: Vec::with_capacity(RUN_BUFFER),
            written: 0,
            file: None,
            held: false,
        }
    }

    /// Where the next texts will stand.
    fn end(&self) -> u64 {
        self.written + self.buffer.len() as u64
    }

    /// Adds texts written by [`push_texts`]; where they stand. A fork's texts, as large
    /// as the buffer or more, go to the file straight.
    fn append(&mut self, texts: &[u8]) -> u64 {
        let at = self.end();
        if texts.len() >= RUN_BUFFER / 2 && !self.held {
            let written = self.flush().and_then(|()| self.write(texts));
            match written {
                Ok(()) => return at,
                // The buffer was written, or is kept whole: the texts follow it there.
                Err(_) => self.held = true,
            }
        }
        self.buffer.extend_from_slice(texts);
        self.flush_full();
        at
    }

    fn push(&mut self, number: &str, name: &str) -> u64 {
        let at = self.end();
        push_texts(&mut self.buffer, number, name);
        self.flush_full();
        at
    }

    fn flush_full(&mut self) {
        if self.buffer.len() >= RUN_BUFFER && !self.held && self.flush().is_err() {
            self.held = true;
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        let buffer = std::mem::take(&mut self.buffer);
        let written = self.write(&buffer);
        self.buffer = buffer;
        if written.is_ok() {
            self.buffer.clear();
        }
        written
    }

    /// Writes `bytes` at the end of the file.
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(tempfile::tempfile()?),
        };
        file.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// A reader of the texts once all are in.
    fn reader(self) -> TextReader {
        TextReader {
            file: self
                .file
                .map(|file| BufReader::with_capacity(TEXT_READ_BUFFER, file)),
            position: None,
            buffer: self.buffer,
            written: self.written,
        }
    }
}

/// Reads back the texts at given offsets, mostly forward.
struct TextReader {
    file: Option<BufReader<File>>,
    /// Where the file's reader stands, once it has been moved.
    position: Option<u64>,
    buffer: Vec<u8>,
    written: u64,
}

impl TextReader {
    /// The number and name at `at`.
    fn read(&mut self, at: u64) -> io::Result<(String, String)> {
        let record;
        let bytes = if at >= self.written {
            let start = usize::try_from(at - self.written).map_err(|_| damaged())?;
            self.buffer.get(start..).ok_or_else(damaged)?
        } else {
            let file = self.file.as_mut().ok_or_else(damaged)?;
            match self.position {
                Some(position) => {
                    let step = i64::try_from(at).map_err(|_| damaged())?
                        - i64::try_from(position).map_err(|_| damaged())?;
                    file.seek_relative(step)?;
                }
                None => {
                    file.seek(io::SeekFrom::Start(at))?;
                }
            }
            // The lengths, then as many bytes as they say: the texts as they were pushed.
            let mut head = [0u8; 8];
            file.read_exact(&mut head)?;
            let (number_len, name_len) = lengths(&head);
            let mut whole = head.to_vec();
            whole.resize(8 + number_len + name_len, 0);
            file.read_exact(&mut whole[8..])?;
            self.position = Some(at + whole.len() as u64);
            record = whole;
            &record
        };
        let (number, name) = texts_at(bytes)?;
        Ok((number.to_owned(), name.to_owned()))
    }
}

/// Numbers past the budget: keys waiting to be written, the runs written, the texts.
struct Spill {
    keys: Vec<Key>,
    runs: Vec<File>,
    texts: Texts,
}

/// Every sector's numbers, in memory or spilled.
pub struct Numbers {
    sectors: Vec<FirstUse>,
    held: usize,
    budget: usize,
    spill: Option<Spill>,
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
            spill: None,
        }
    }

    /// The line `number` was first used on in `sector` (this `line` for a first use), or
    /// `None` once spilling: a repeat is then found by [`Numbers::finish`].
    pub fn first(&mut self, sector: usize, number: &str, line: usize, name: &str) -> Option<usize> {
        self.first_hashed(sector, number, hash(number), line, name)
    }

    fn first_hashed(
        &mut self,
        sector: usize,
        number: &str,
        hash: u64,
        line: usize,
        name: &str,
    ) -> Option<usize> {
        if let Some(spill) = &mut self.spill {
            let at = spill.texts.push(number, name);
            spill.keys.push(Key {
                hash,
                line: line as u64,
                sector: sector as u64,
                at,
            });
            self.write_run_when_full();
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

    /// Takes a fork's numbers, its sectors numbered as `sectors` says and its lines
    /// shifted by `shift`: the repeats known at once (before spilling).
    pub fn absorb(
        &mut self,
        batch: Batch,
        sectors: &[usize],
        shift: usize,
    ) -> io::Result<Vec<Repeat>> {
        let place = |key: &Key| -> io::Result<(usize, usize)> {
            let sector = usize::try_from(key.sector).map_err(|_| damaged())?;
            let line = usize::try_from(key.line).map_err(|_| damaged())?;
            Ok((*sectors.get(sector).ok_or_else(damaged)?, line + shift))
        };
        let mut repeats = Vec::new();
        let mut keys = batch.keys.iter();
        // Until spilling, each number is looked up (in the fork's order, by hash then
        // line: a number's uses still come in line order).
        while self.spill.is_none() {
            let Some(key) = keys.next() else {
                return Ok(repeats);
            };
            let (sector, line) = place(key)?;
            let start = usize::try_from(key.at).map_err(|_| damaged())?;
            let (number, name) = texts_at(batch.texts.get(start..).ok_or_else(damaged)?)?;
            if let Some(first_line) = self
                .first_hashed(sector, number, key.hash, line, name)
                .filter(|&first| first != line)
            {
                repeats.push(Repeat {
                    sector,
                    line,
                    number: number.to_owned(),
                    name: name.to_owned(),
                    first_line,
                });
            }
        }
        // Spilling: the fork's texts are copied whole and its sorted keys after the keys
        // waiting (a run sort finds them sorted).
        if let Some(spill) = &mut self.spill {
            let base = spill.texts.append(&batch.texts);
            for key in keys {
                let (sector, line) = place(key)?;
                spill.keys.push(Key {
                    hash: key.hash,
                    line: line as u64,
                    sector: sector as u64,
                    at: base + key.at,
                });
            }
        }
        self.write_run_when_full();
        Ok(repeats)
    }

    /// Moves the numbers in memory to the first run; later numbers follow in runs. Their
    /// names are never needed: a first use is never reported.
    fn start_spilling(&mut self) {
        let mut spill = Spill {
            keys: Vec::new(),
            runs: Vec::new(),
            texts: Texts::new(),
        };
        for (sector, numbers) in std::mem::take(&mut self.sectors).iter().enumerate() {
            for (number, hash, line) in numbers.drain() {
                let at = spill.texts.push(number, "");
                spill.keys.push(Key {
                    hash,
                    line: line as u64,
                    sector: sector as u64,
                    at,
                });
            }
        }
        self.held = 0;
        self.spill = Some(spill);
        self.write_run();
    }

    fn write_run_when_full(&mut self) {
        if self
            .spill
            .as_ref()
            .is_some_and(|spill| spill.keys.len() >= self.budget)
        {
            self.write_run();
        }
    }

    /// Writes the waiting keys, sorted, as a run. Where the temporary file cannot be
    /// written they stay in memory and no further run is tried: the answer is kept, the
    /// memory bound is not.
    fn write_run(&mut self) {
        let Some(spill) = &mut self.spill else {
            return;
        };
        // A stable sort merges the sorted keys of forks rather than sorting them again.
        spill.keys.sort();
        let keys = &spill.keys;
        let written = tempfile::tempfile().and_then(|file| {
            let mut writer = BufWriter::with_capacity(RUN_BUFFER, file);
            for key in keys {
                writer.write_all(&key.to_bytes())?;
            }
            let mut file = writer
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            file.rewind()?;
            Ok(file)
        });
        match written {
            Ok(file) => {
                spill.runs.push(file);
                spill.keys.clear();
            }
            Err(_) => self.budget = usize::MAX,
        }
    }

    /// The repeats among spilled numbers, in no particular order.
    pub fn finish(self) -> io::Result<Vec<Repeat>> {
        let Some(mut spill) = self.spill else {
            return Ok(Vec::new());
        };
        spill.keys.sort();
        let buffer = (MERGE_BUFFERS / spill.runs.len().max(1)).clamp(8 << 10, RUN_BUFFER);
        let mut sources: Vec<Source> = spill
            .runs
            .into_iter()
            .map(|file| Source::Run(BufReader::with_capacity(buffer, file)))
            .collect();
        sources.push(Source::Memory(spill.keys.into_iter()));
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (index, source) in sources.iter_mut().enumerate() {
            if let Some(key) = source.next()? {
                heap.push(Reverse((key, index)));
            }
        }
        let mut texts = spill.texts.reader();
        let mut repeats = Vec::new();
        // Within the keys of one hash, in line order: each sector's first key, its texts
        // not read until a second key of that sector comes (a number used once in each
        // sector, as published lists number their projects, reads nothing), and the
        // numbers read so far with their first lines.
        let mut group: Option<u64> = None;
        let mut unread: FxHashMap<u64, Option<(u64, u64)>> = FxHashMap::default();
        let mut firsts: FxHashMap<(u64, String), u64> = FxHashMap::default();
        let size = |value: u64| usize::try_from(value).map_err(|_| damaged());
        while let Some(mut top) = heap.peek_mut() {
            let Reverse((key, index)) = *top;
            // The run's next key takes the top's place (one sift, where a pop and a push
            // are two).
            match sources[index].next()? {
                Some(next) => *top = Reverse((next, index)),
                None => {
                    PeekMut::pop(top);
                }
            }
            if group != Some(key.hash) {
                group = Some(key.hash);
                unread.clear();
                firsts.clear();
            }
            let first = match unread.entry(key.sector) {
                Entry::Vacant(new) => {
                    new.insert(Some((key.line, key.at)));
                    continue;
                }
                Entry::Occupied(mut seen) => seen.get_mut().take(),
            };
            if let Some((line, at)) = first {
                let (number, _) = texts.read(at)?;
                firsts.insert((key.sector, number), line);
            }
            let (number, name) = texts.read(key.at)?;
            match firsts.entry((key.sector, number)) {
                Entry::Occupied(seen) => repeats.push(Repeat {
                    sector: size(key.sector)?,
                    line: size(key.line)?,
                    number: seen.key().1.clone(),
                    name,
                    first_line: size(*seen.get())?,
                }),
                Entry::Vacant(new) => {
                    new.insert(key.line);
                }
            }
        }
        Ok(repeats)
    }
}

/// A run being merged: a file, or the keys still in memory.
enum Source {
    Run(BufReader<File>),
    Memory(std::vec::IntoIter<Key>),
}

impl Source {
    /// The next key; `None` at the end.
    fn next(&mut self) -> io::Result<Option<Key>> {
        match self {
            Source::Memory(keys) => Ok(keys.next()),
            Source::Run(reader) => {
                let mut bytes = [0u8; Key::BYTES];
                match reader.read_exact(&mut bytes) {
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
                    Err(e) => Err(e),
                    Ok(()) => Ok(Some(Key::from_bytes(&bytes))),
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A project's name, as long as `long` says: the repeats give it back.
    fn name(line: usize, long: usize) -> String {
        format!("{line:0long$}")
    }

    /// (sector, number) per line from 1: the repeats each budget finds, as (line, first).
    fn repeats(numbers: &[(usize, &str)], budget: usize) -> Vec<(usize, usize)> {
        let mut seen = Numbers::with_budget(budget);
        let mut found = Vec::new();
        for (i, (sector, number)) in numbers.iter().enumerate() {
            let line = i + 1;
            if let Some(first) = seen.first(*sector, number, line, &name(line, 4))
                && first != line
            {
                found.push((line, first));
            }
        }
        for repeat in seen.finish().unwrap() {
            assert_eq!(repeat.name, name(repeat.line, 4));
            found.push((repeat.line, repeat.first_line));
        }
        found.sort_unstable();
        found
    }

    /// The same, the numbers read in ranges of `range` lines by forks (their sectors
    /// numbered in the order each range meets them) and absorbed in order; names `long`
    /// bytes long.
    fn repeats_in_ranges(
        numbers: &[(usize, &str)],
        budget: usize,
        range: usize,
        long: usize,
    ) -> Vec<(usize, usize)> {
        let mut seen = Numbers::with_budget(budget);
        let mut found = Vec::new();
        let mut check = |repeat: &Repeat| {
            assert_eq!(repeat.name, name(repeat.line, long));
            (repeat.line, repeat.first_line)
        };
        for (k, chunk) in numbers.chunks(range).enumerate() {
            let mut batch = Batch::default();
            let mut sectors: Vec<usize> = Vec::new();
            for (i, (sector, number)) in chunk.iter().enumerate() {
                let local = match sectors.iter().position(|s| s == sector) {
                    Some(local) => local,
                    None => {
                        sectors.push(*sector);
                        sectors.len() - 1
                    }
                };
                batch.push(local, number, i + 1, &name(k * range + i + 1, long));
            }
            batch.settle();
            let repeats = seen.absorb(batch, &sectors, k * range).unwrap();
            found.extend(repeats.iter().map(&mut check));
        }
        found.extend(seen.finish().unwrap().iter().map(&mut check));
        found.sort_unstable();
        found
    }

    #[test]
    fn numbers_read_in_ranges_give_the_repeats_read_in_one() {
        let numbers: Vec<(usize, String)> = (0..500)
            .map(|i| ((i / 7) % 4, format!("{}", (i * 7919) % 61)))
            .collect();
        let numbers: Vec<(usize, &str)> = numbers.iter().map(|(s, n)| (*s, n.as_str())).collect();
        let expected = repeats(&numbers, usize::MAX);
        assert!(expected.len() > 100, "the case has repeats");
        for budget in [1, 5, 64, 499, usize::MAX] {
            for range in [1, 3, 50, 500] {
                assert_eq!(
                    repeats_in_ranges(&numbers, budget, range, 4),
                    expected,
                    "budget {budget}, ranges of {range}"
                );
            }
        }
        // Ranges whose texts are larger than the buffer go to the file straight.
        const { assert!(250 * 600 >= RUN_BUFFER / 2) };
        for budget in [1, 64] {
            assert_eq!(repeats_in_ranges(&numbers, budget, 250, 600), expected);
        }
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
