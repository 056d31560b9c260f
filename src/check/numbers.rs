//! What the duplicate-number rule remembers: every sector's project numbers and the line
//! each is first used on. Up to a budget they are held in memory and a repeat is known at
//! once, with its project's name; past it each number is kept as a small fixed-size key
//! (hash, line, sector, where its text is), the keys written to a temporary file in runs,
//! each run in the order of 256 partitions by hash, the numbers one after another in a
//! file of their own. At the end each partition is searched on its own, on every core, its
//! keys read in the order they came: only keys of equal hash have their numbers read back
//! and compared, so a file of millions of projects is checked in memory that follows its
//! distinct numbers, and little time. The names of the projects past the budget are not
//! kept (a name a project, where few are repeats): a repeat found among them comes without
//! its name, which the reader then reads again from the file
//! ([`CatalogueSink::unnamed_lines`]). Either way the answer is the same (every CLI test
//! runs a second time with a budget of a few numbers).
//!
//! [`CatalogueSink::unnamed_lines`]: crate::read::catalogue::CatalogueSink::unnamed_lines

use crate::read::rows::MAX_CELL_BYTES;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

/// Numbers held in memory before they are spilled (a few megabytes).
const BUDGET: usize = 50_000;
/// Spilled keys fall in this many partitions by the top bits of their hash: a number's
/// uses all fall in one, so each is searched apart, where a merge of sorted runs was one
/// thread's work. A partition of ten million numbers' keys is 1.25 MB.
const PARTITIONS: usize = 256;
/// The buffer of a file written: few system calls for the megabytes spilled.
const SPILL_BUFFER: usize = 256 << 10;
/// Threads that search the partitions at most.
const MAX_THREADS: usize = 8;

/// A repeat: the project on `line` reuses the number first used on `first_line` in the
/// same sector. Its name is `None` where the number was kept past the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub sector: usize,
    pub line: usize,
    pub number: String,
    pub name: Option<String>,
    pub first_line: usize,
}

/// A number's hash, with fixed seeds (the same in every thread of a run). Texts of equal
/// hash are compared, so the answer is exact whatever collisions a file holds; they only
/// cost their texts read.
fn hash(number: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(number)
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

/// A number's texts as a fork's batch and the spill keep them: the lengths of the number
/// and of the project name (empty once names are no longer wanted), then both. A batch's
/// texts are spilled as they stand, in one piece.
fn push_texts(buffer: &mut Vec<u8>, number: &[u8], name: &[u8]) {
    for text in [number, name] {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        buffer.extend_from_slice(&len.to_le_bytes());
    }
    buffer.extend_from_slice(number);
    buffer.extend_from_slice(name);
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

/// The number and name whose texts start `bytes`, as bytes.
fn texts_parts(bytes: &[u8]) -> io::Result<(&[u8], &[u8])> {
    let head = bytes.first_chunk::<8>().ok_or_else(damaged)?;
    let (number_len, name_len) = lengths(head);
    let number = bytes.get(8..8 + number_len).ok_or_else(damaged)?;
    let name = bytes.get(8 + number_len..8 + number_len + name_len);
    Ok((number, name.ok_or_else(damaged)?))
}

/// A text read back: it was written from text, so a fast check suffices.
fn text_of(bytes: &[u8]) -> io::Result<&str> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| damaged())
}

/// A number past the budget, used on `line` in `sector`; its text stands at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
/// checker it joins: hashed and their texts written where they were read, so that the
/// joining thread has only to look them up or copy them.
pub struct Batch {
    texts: Vec<u8>,
    /// Sectors and lines as the fork counts them; `at` in `texts`.
    keys: Vec<Key>,
    /// Are projects' names still wanted? Not once the joining checker keeps numbers past
    /// its budget ([`Numbers::batch`]): from then on it keeps none.
    names: Arc<AtomicBool>,
}

impl Batch {
    /// A batch with room for a range's numbers, about (a range of 1 MiB holds a few
    /// thousand rows): grown from nothing, a fork copied its texts a dozen times. Half a
    /// megabyte holds the numbers and names of 4,000 projects of 120 bytes: a quarter,
    /// as before, was outgrown by most ranges, and copied once.
    fn for_range(names: Arc<AtomicBool>) -> Self {
        Batch {
            texts: Vec::with_capacity(2 * SPILL_BUFFER),
            keys: Vec::with_capacity(SPILL_BUFFER / 64),
            names,
        }
    }

    /// A batch for another range, joined by the same checker.
    pub fn sibling(&self) -> Self {
        Batch::for_range(Arc::clone(&self.names))
    }

    pub fn push(&mut self, sector: usize, number: &str, line: usize, name: &str) {
        self.keys.push(Key {
            hash: hash(number),
            line: line as u64,
            sector: sector as u64,
            at: self.texts.len() as u64,
        });
        let name = match self.names.load(Ordering::Relaxed) {
            true => name.as_bytes(),
            false => &[],
        };
        push_texts(&mut self.texts, number.as_bytes(), name);
    }
}

/// Bytes appended to a temporary file through a buffer and read back at offsets, from
/// any thread; kept in memory where the file cannot be written (the answer is kept, the
/// memory bound is not). Bytes appended together stand together, in the file or in the
/// buffer.
struct SpillFile {
    /// Bytes not yet written, from offset `written`.
    buffer: Vec<u8>,
    written: u64,
    file: Option<File>,
    /// The file could not be written: every later byte stays in `buffer`.
    held: bool,
}

impl SpillFile {
    fn new() -> Self {
        SpillFile {
            buffer: Vec::with_capacity(SPILL_BUFFER),
            written: 0,
            file: None,
            held: false,
        }
    }

    /// Where the next bytes will stand.
    fn end(&self) -> u64 {
        self.written + self.buffer.len() as u64
    }

    /// Adds the bytes `write` puts at the end of the buffer; where they stand.
    fn append_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> u64 {
        let at = self.end();
        write(&mut self.buffer);
        if self.buffer.len() >= SPILL_BUFFER && !self.held {
            match self.write_buffer() {
                Ok(()) => self.buffer.clear(),
                Err(_) => self.held = true,
            }
        }
        at
    }

    /// Adds bytes; where they stand. Bytes as large as half the buffer go to the file
    /// straight (a run of keys), after what the buffer holds.
    fn append(&mut self, bytes: &[u8]) -> u64 {
        if bytes.len() >= SPILL_BUFFER / 2 && !self.held {
            let at = self.end();
            let written = self.write_buffer().and_then(|()| {
                self.buffer.clear();
                self.write(bytes)
            });
            match written {
                Ok(()) => return at,
                // What the buffer held was written, or is kept whole: the bytes follow.
                Err(_) => self.held = true,
            }
        }
        self.append_with(|buffer| buffer.extend_from_slice(bytes))
    }

    fn write_buffer(&mut self) -> io::Result<()> {
        let buffer = std::mem::take(&mut self.buffer);
        let written = self.write(&buffer);
        self.buffer = buffer;
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

    /// Fills `buf` with the bytes at `at`.
    fn read(&self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        if buf.is_empty() {
            return Ok(());
        }
        let end = at.checked_add(buf.len() as u64).ok_or_else(damaged)?;
        if end <= self.written {
            let file = self.file.as_ref().ok_or_else(damaged)?;
            return crate::read::read_exact_at(file, buf, at);
        }
        let start = at.checked_sub(self.written).ok_or_else(damaged)?;
        let start = usize::try_from(start).map_err(|_| damaged())?;
        let bytes = start
            .checked_add(buf.len())
            .and_then(|end| self.buffer.get(start..end));
        buf.copy_from_slice(bytes.ok_or_else(damaged)?);
        Ok(())
    }

    /// The number whose texts ([`push_texts`]) stand at `at`.
    fn number(&self, at: u64) -> io::Result<String> {
        let mut head = [0u8; 8];
        self.read(at, &mut head)?;
        let (len, _) = lengths(&head);
        if len > MAX_CELL_BYTES {
            return Err(damaged());
        }
        let mut number = vec![0; len];
        self.read(at + 8, &mut number)?;
        String::from_utf8(number).map_err(|_| damaged())
    }
}

/// Numbers past the budget: their keys, written a run at a time, each run ordered by
/// partition (a key's partition is the top bits of its hash), and their texts.
struct Spill {
    /// Keys not yet written, in the order they came.
    pending: Vec<Key>,
    /// Keys a run holds.
    run_keys: usize,
    /// The runs written in `keys`: where each stands, and where each partition's keys
    /// start in it (with its length last).
    runs: Vec<(u64, Box<[u32]>)>,
    keys: SpillFile,
    texts: SpillFile,
    /// Room a run is put in order in.
    scratch: Vec<u8>,
}

impl Spill {
    fn new(budget: usize) -> Self {
        Spill {
            pending: Vec::new(),
            run_keys: budget.clamp(1, BUDGET),
            runs: Vec::new(),
            keys: SpillFile::new(),
            texts: SpillFile::new(),
            scratch: Vec::new(),
        }
    }

    /// Keeps a use of a number: its text and its key.
    fn keep(&mut self, hash: u64, (sector, line): (usize, usize), number: &[u8]) {
        let at = self
            .texts
            .append_with(|buffer| push_texts(buffer, number, &[]));
        self.keep_at(hash, (sector, line), at);
    }

    /// Keeps a use of a number whose texts are spilled at `at`.
    fn keep_at(&mut self, hash: u64, (sector, line): (usize, usize), at: u64) {
        self.add(Key {
            hash,
            line: line as u64,
            sector: sector as u64,
            at,
        });
    }

    fn add(&mut self, key: Key) {
        self.pending.push(key);
        if self.pending.len() >= self.run_keys {
            self.write_run();
        }
    }

    fn partition_of(key: &Key) -> usize {
        (key.hash >> (64 - PARTITIONS.trailing_zeros())) as usize
    }

    /// Writes the pending keys as a run, in partition order (a counting sort).
    fn write_run(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut starts = vec![0u32; PARTITIONS + 1];
        for key in &self.pending {
            starts[Spill::partition_of(key) + 1] += 1;
        }
        for p in 0..PARTITIONS {
            starts[p + 1] += starts[p];
        }
        let mut next: Vec<usize> = starts[..PARTITIONS].iter().map(|&s| s as usize).collect();
        self.scratch.resize(self.pending.len() * Key::BYTES, 0);
        for key in &self.pending {
            let slot = &mut next[Spill::partition_of(key)];
            self.scratch[*slot * Key::BYTES..][..Key::BYTES].copy_from_slice(&key.to_bytes());
            *slot += 1;
        }
        let at = self.keys.append(&self.scratch);
        self.runs.push((at, starts.into_boxed_slice()));
        self.pending.clear();
    }

    /// Calls `each` with the keys of `partition` in the order they came (run by run, a
    /// run in the order its keys came), read a few thousand at a time. Within a sector
    /// that is line order: the numbers held in memory when spilling began come first,
    /// sector by sector and each in line order, then the others in file order.
    fn each_key(
        &self,
        partition: usize,
        bytes: &mut Vec<u8>,
        mut each: impl FnMut(&Key) -> io::Result<()>,
    ) -> io::Result<()> {
        const KEYS_AT_ONCE: u64 = 4096;
        for (at, starts) in &self.runs {
            let (mut start, end) = (starts[partition] as u64, starts[partition + 1] as u64);
            while start < end {
                let count = (end - start).min(KEYS_AT_ONCE);
                bytes.resize(count as usize * Key::BYTES, 0);
                self.keys.read(at + start * Key::BYTES as u64, bytes)?;
                for chunk in bytes.chunks_exact(Key::BYTES) {
                    if let Some(chunk) = chunk.first_chunk() {
                        each(&Key::from_bytes(chunk))?;
                    }
                }
                start += count;
            }
        }
        Ok(())
    }

    /// The repeats among a partition's keys, added to `repeats`, of which at most twice
    /// `keep` are held ([`keep_first`]); how many were let go. Memory follows the
    /// partition's distinct numbers, not its keys: a number used a million times in one
    /// sector is one partition.
    fn partition_repeats(
        &self,
        partition: usize,
        bytes: &mut Vec<u8>,
        marks: &mut Marks,
        repeats: &mut Vec<Repeat>,
        keep: usize,
    ) -> io::Result<usize> {
        // Most numbers are used once: the hashes used again are marked first, and only
        // their keys are looked at.
        let keys = self
            .runs
            .iter()
            .map(|(_, starts)| (starts[partition + 1] - starts[partition]) as usize);
        marks.clear(keys.sum());
        self.each_key(partition, bytes, |key| {
            marks.note(key.hash);
            Ok(())
        })?;
        // Per hash and sector, the first key, its texts not read until a second comes (a
        // number used once in each sector, as published lists number their projects,
        // reads nothing); and the numbers read so far with their first lines.
        let mut unread: FxHashMap<(u64, u64), Option<(u64, u64)>> = FxHashMap::default();
        let mut firsts: FxHashMap<(u64, String), u64> = FxHashMap::default();
        let size = |value: u64| usize::try_from(value).map_err(|_| damaged());
        let mut gone = 0;
        self.each_key(partition, bytes, |key| {
            if !marks.again(key.hash) {
                return Ok(());
            }
            let first = match unread.entry((key.hash, key.sector)) {
                Entry::Vacant(new) => {
                    new.insert(Some((key.line, key.at)));
                    return Ok(());
                }
                Entry::Occupied(mut seen) => seen.get_mut().take(),
            };
            if let Some((line, at)) = first {
                let number = self.texts.number(at)?;
                firsts.insert((key.sector, number), line);
            }
            let number = self.texts.number(key.at)?;
            match firsts.entry((key.sector, number)) {
                Entry::Occupied(seen) => {
                    repeats.push(Repeat {
                        sector: size(key.sector)?,
                        line: size(key.line)?,
                        number: seen.key().1.clone(),
                        name: None,
                        first_line: size(*seen.get())?,
                    });
                    if repeats.len() > keep.saturating_mul(2) {
                        gone += keep_first(repeats, keep);
                    }
                }
                Entry::Vacant(new) => {
                    new.insert(key.line);
                }
            }
            Ok(())
        })?;
        Ok(gone)
    }

    /// The repeats among every partition, the partitions shared out among the cores.
    fn repeats(mut self, keep: usize) -> io::Result<(Vec<Repeat>, usize)> {
        self.write_run();
        let spill = &self;
        let next = AtomicUsize::new(0);
        let work = || -> io::Result<(Vec<Repeat>, usize)> {
            let (mut bytes, mut marks) = (Vec::new(), Marks::new());
            let (mut repeats, mut gone) = (Vec::new(), 0);
            loop {
                let partition = next.fetch_add(1, Ordering::Relaxed);
                if partition >= PARTITIONS {
                    gone += keep_first(&mut repeats, keep);
                    return Ok((repeats, gone));
                }
                let found =
                    spill.partition_repeats(partition, &mut bytes, &mut marks, &mut repeats, keep);
                gone += found?;
            }
        };
        let cores = thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS);
        thread::scope(|scope| {
            // A helper the system will not start leaves its share to the others.
            let helpers: Vec<_> = (1..cores)
                .filter_map(|_| thread::Builder::new().spawn_scoped(scope, work).ok())
                .collect();
            let (mut repeats, mut gone) = work()?;
            for helper in helpers {
                match helper.join() {
                    Ok(found) => {
                        let (found, found_gone) = found?;
                        repeats.extend(found);
                        gone += found_gone;
                    }
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            gone += keep_first(&mut repeats, keep);
            Ok((repeats, gone))
        })
    }
}

/// The hashes of a partition's keys seen, and seen again, as bits (a hash's low bits):
/// a key whose bit was not seen again is its number's only use. Hashes sharing a bit have
/// their keys looked at for nothing (a few in a hundred where a partition holds
/// thousands; most where it holds millions, and the search is exact all the same).
struct Marks {
    seen: Vec<u64>,
    again: Vec<u64>,
    /// The bits in use, less one: thirty-two a key or more, up to [`MARK_BITS`].
    bits: usize,
}

const MARK_BITS: usize = 1 << 18;

impl Marks {
    fn new() -> Self {
        Marks {
            seen: vec![0; MARK_BITS / 64],
            again: vec![0; MARK_BITS / 64],
            bits: MARK_BITS - 1,
        }
    }

    /// Clears the marks for `keys` keys: only as many bits as they need are used and
    /// cleared (the partitions of a small spill are small).
    fn clear(&mut self, keys: usize) {
        let bits = keys
            .saturating_mul(32)
            .clamp(64, MARK_BITS)
            .next_power_of_two();
        self.bits = bits - 1;
        self.seen[..bits / 64].fill(0);
        self.again[..bits / 64].fill(0);
    }

    fn place(&self, hash: u64) -> (usize, u64) {
        let bit = hash as usize & self.bits;
        (bit / 64, 1 << (bit % 64))
    }

    fn note(&mut self, hash: u64) {
        let (word, mask) = self.place(hash);
        self.again[word] |= self.seen[word] & mask;
        self.seen[word] |= mask;
    }

    /// May `hash` have been noted twice? (Never false when it was.)
    fn again(&self, hash: u64) -> bool {
        let (word, mask) = self.place(hash);
        self.again[word] & mask != 0
    }
}

/// Keeps the `keep` repeats of the first lines (one a line; a file lists no more
/// findings, and those of later lines would not be listed); how many it let go.
fn keep_first(repeats: &mut Vec<Repeat>, keep: usize) -> usize {
    if repeats.len() <= keep {
        return 0;
    }
    repeats.sort_unstable_by_key(|repeat| repeat.line);
    let gone = repeats.len() - keep;
    repeats.truncate(keep);
    gone
}

/// Every sector's numbers, in memory or spilled.
pub struct Numbers {
    sectors: Vec<FirstUse>,
    held: usize,
    budget: usize,
    spill: Option<Spill>,
    /// Do the batches of forks still keep projects' names? Until spilling.
    names: Arc<AtomicBool>,
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
            names: Arc::new(AtomicBool::new(true)),
        }
    }

    /// A batch for a fork's range, which keeps its projects' names while they are wanted.
    pub fn batch(&self) -> Batch {
        Batch::for_range(Arc::clone(&self.names))
    }

    /// The line `number` was first used on in `sector` (this `line` for a first use), or
    /// `None` once spilling: a repeat is then found by [`Numbers::finish`].
    pub fn first(&mut self, sector: usize, number: &str, line: usize) -> Option<usize> {
        let hash = hash(number);
        if let Some(spill) = &mut self.spill {
            spill.keep(hash, (sector, line), number.as_bytes());
            return None;
        }
        Some(self.first_in_memory(sector, number, hash, line))
    }

    /// [`Numbers::first`] before spilling.
    fn first_in_memory(&mut self, sector: usize, number: &str, hash: u64, line: usize) -> usize {
        if self.sectors.len() <= sector {
            self.sectors.resize_with(sector + 1, FirstUse::default);
        }
        if let Some(first) = self.sectors[sector].find(number, hash) {
            return first;
        }
        self.sectors[sector].insert(number, hash, line);
        self.held += 1;
        if self.held >= self.budget {
            self.start_spilling();
        }
        line
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
        // Until spilling, each number is looked up, in line order.
        while self.spill.is_none() {
            let Some(key) = keys.next() else {
                return Ok(repeats);
            };
            let (sector, line) = place(key)?;
            let start = usize::try_from(key.at).map_err(|_| damaged())?;
            let (number, name) = texts_parts(batch.texts.get(start..).ok_or_else(damaged)?)?;
            let number = text_of(number)?;
            let first_line = self.first_in_memory(sector, number, key.hash, line);
            if first_line != line {
                // The name is only read for a repeat.
                let name = text_of(name)?;
                repeats.push(Repeat {
                    sector,
                    line,
                    number: number.to_owned(),
                    name: Some(name.to_owned()),
                    first_line,
                });
            }
        }
        // Past it, the batch's texts are spilled as they stand, and each key moved with
        // them: no text is read or copied a number at a time.
        if let (Some(spill), Some(first)) = (&mut self.spill, keys.as_slice().first()) {
            let from = usize::try_from(first.at).map_err(|_| damaged())?;
            let texts = batch.texts.get(from..).ok_or_else(damaged)?;
            let base = spill.texts.append(texts);
            for key in keys {
                let at = (key.at.checked_sub(first.at))
                    .and_then(|offset| base.checked_add(offset))
                    .ok_or_else(damaged)?;
                spill.keep_at(key.hash, place(key)?, at);
            }
        }
        Ok(repeats)
    }

    /// Moves the numbers in memory to the spill; later numbers follow, without their
    /// projects' names (forks stop keeping them).
    fn start_spilling(&mut self) {
        self.names.store(false, Ordering::Relaxed);
        let mut spill = Spill::new(self.budget);
        for (sector, numbers) in std::mem::take(&mut self.sectors).iter().enumerate() {
            for (number, hash, line) in numbers.drain() {
                spill.keep(hash, (sector, line), number.as_bytes());
            }
        }
        self.held = 0;
        self.spill = Some(spill);
    }

    /// The repeats among spilled numbers, in no particular order: those of the first
    /// `keep` lines among them, and how many more there are.
    pub fn finish(self, keep: usize) -> io::Result<(Vec<Repeat>, usize)> {
        match self.spill {
            Some(spill) => spill.repeats(keep),
            None => Ok((Vec::new(), 0)),
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
            if let Some(first) = seen.first(*sector, number, line)
                && first != line
            {
                found.push((line, first));
            }
        }
        for repeat in seen.finish(usize::MAX).unwrap().0 {
            assert_eq!(repeat.name, None, "no name is kept past the budget");
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
        // A repeat found at once is named; one found among the numbers spilled is not.
        let check = |repeat: &Repeat, at_once: bool| {
            match at_once {
                true => assert_eq!(repeat.name, Some(name(repeat.line, long))),
                false => assert_eq!(repeat.name, None),
            }
            (repeat.line, repeat.first_line)
        };
        for (k, chunk) in numbers.chunks(range).enumerate() {
            let mut batch = seen.batch();
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
            let repeats = seen.absorb(batch, &sectors, k * range).unwrap();
            found.extend(repeats.iter().map(|repeat| check(repeat, true)));
        }
        found.extend(
            seen.finish(usize::MAX)
                .unwrap()
                .0
                .iter()
                .map(|repeat| check(repeat, false)),
        );
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
        const { assert!(250 * 600 >= SPILL_BUFFER / 2) };
        for budget in [1, 64] {
            assert_eq!(repeats_in_ranges(&numbers, budget, 250, 600), expected);
        }
    }

    #[test]
    fn keys_spilled_to_the_file_give_the_repeats_held_ones_do() {
        // Enough keys that runs go past the buffer to the temporary file.
        let count = 3 * SPILL_BUFFER / Key::BYTES;
        let numbers: Vec<(usize, String)> = (0..count)
            .map(|i| (i % 5, format!("P-{}", (i / 5 * 7919) % (count / 10))))
            .collect();
        let numbers: Vec<(usize, &str)> = numbers.iter().map(|(s, n)| (*s, n.as_str())).collect();
        let expected = repeats(&numbers, usize::MAX);
        assert!(expected.len() > count / 4, "the case has repeats");
        for budget in [1000, 7000] {
            assert_eq!(repeats(&numbers, budget), expected, "budget {budget}");
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

    #[test]
    fn spilled_repeats_past_those_listed_are_counted_not_kept() {
        // One number on lines 2 to 100, spilled: 98 repeats, of which the
        // first lines' 5 are kept (held twice that at most while searching).
        let mut seen = Numbers::with_budget(1);
        seen.first(0, "0", 1);
        for line in 2..=100 {
            assert_eq!(seen.first(0, "1", line), None);
        }
        let (repeats, gone) = seen.finish(5).unwrap();
        let lines: Vec<usize> = repeats.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert!(repeats.iter().all(|r| r.first_line == 2 && r.number == "1"));
        assert_eq!(gone, 98 - 5);
    }

    #[test]
    fn marks_never_miss_a_hash_noted_twice() {
        let hashes: Vec<u64> = (0..4_000u32).map(|i| hash(&i.to_string())).collect();
        let mut marks = Marks::new();
        // Sized for the keys, after a larger partition and before a smaller one.
        for keys in [hashes.len(), 200_000, hashes.len()] {
            marks.clear(keys);
            for &h in &hashes {
                marks.note(h);
            }
            let imagined = hashes.iter().filter(|&&h| marks.again(h)).count();
            assert!(
                imagined < hashes.len() / 20,
                "{imagined} taken for used again"
            );
            marks.note(hashes[7]);
            assert!(marks.again(hashes[7]));
        }
        marks.clear(1);
        assert!(!marks.again(hashes[7]));
    }
}
