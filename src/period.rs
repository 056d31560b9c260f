//! Implementation periods: `2021-2025`, `2020 - 2025`, `2023`, `Giai đoạn 2020 - 2025`.

use crate::text::fold;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A span of whole years, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    pub start: u16,
    pub end: u16,
}

impl Period {
    /// One year.
    pub fn year(year: u16) -> Self {
        Period {
            start: year,
            end: year,
        }
    }

    pub fn years(self) -> impl Iterator<Item = u16> {
        self.start..=self.end
    }

    pub fn contains(self, other: Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// Why a period could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// No years, or words besides years that are not understood.
    Unreadable,
    /// The end year comes before the start year.
    Reversed { start: u16, end: u16 },
    /// A length of time alone (`36 tháng`, `3 năm`, `24 months`): how long, not which years.
    Length,
}

/// Words that may stand around the years of a period, folded; a quarter's or month's
/// name before a year (`Quý I/2022`, `tháng 6/2021`, `T6/2021`) is read as its year.
const PERIOD_WORDS: &[&str] = &[
    "giai", "doan", "nam", "tu", "den", "trong", "khoang", "from", "to", "year", "period", "quy",
    "thang", "quarter", "month", "months", "years", "q", "t", "i", "ii", "iii", "iv", "du", "kien",
    "va", "and",
];

/// The years a period may name.
pub const YEARS: std::ops::RangeInclusive<u16> = 1900..=2200;

/// Reads a period. `Ok(None)` for an empty cell. A year typed into a cell formatted as
/// a date (`15/07/1905` for `2023`: [`years_typed_as_dates`]) is read as that year.
pub fn parse(text: &str) -> Result<Option<Period>, PeriodError> {
    parse_with_dates(text).0
}

/// [`parse`], and whether the text holds years typed as dates (read as those years).
pub fn parse_with_dates(text: &str) -> (Result<Option<Period>, PeriodError>, bool) {
    if let Some(span) = parse_plain(text.as_bytes()) {
        return (span, false);
    }
    match years_typed_as_dates(text) {
        Some(typed) => (parse_words(&typed), true),
        None => (parse_words(text), false),
    }
}

/// [`parse`] of a text that is not of the plain shapes.
fn parse_words(text: &str) -> Result<Option<Period>, PeriodError> {
    let folded = fold(text);
    if folded.is_empty() {
        return Ok(None);
    }
    let folded = without_asides(&folded);
    let mut years = Vec::new();
    let mut rest = String::new();
    let mut digits = String::new();
    // A dash right after the first year: a span's end may follow in two digits.
    let mut after_dash = false;
    let mut length = false;
    let ends = folded.char_indices().map(|(at, c)| (at + c.len_utf8(), c));
    for (after, c) in ends.chain(std::iter::once((folded.len(), ' '))) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        // A length beside the years (`3 năm (2021-2023)`, `36 tháng`) says no more than
        // they do; alone, it names no years.
        let next_word = folded[after..].trim_start();
        if !digits.is_empty()
            && digits.len() <= 3
            && c == ' '
            && ["nam", "thang", "month", "year"]
                .iter()
                .any(|unit| next_word.starts_with(unit))
        {
            length = true;
            digits.clear();
            rest.push(' ');
            continue;
        }
        // `2021-25`: the end year in two digits, in the start's century.
        if let &[start] = &years[..]
            && after_dash
            && digits.len() == 2
            && !matches!(c, '/' | '.')
        {
            let end = start - start % 100 + u16::from_str(&digits).unwrap_or_default();
            if end <= start {
                return Err(PeriodError::Unreadable);
            }
            years.push(end);
            digits.clear();
        }
        // A day or month before a year (`06/2021`, `01/06/2021`) says no more than the
        // year does.
        if !digits.is_empty() && digits.len() <= 2 && matches!(c, '/' | '.') {
            digits.clear();
            rest.push(' ');
            continue;
        }
        if !digits.is_empty() {
            match u16::from_str(&digits) {
                Ok(year) if digits.len() == 4 && YEARS.contains(&year) => {
                    years.push(year);
                    rest.push(' ');
                }
                _ => return Err(PeriodError::Unreadable),
            }
            digits.clear();
        }
        // `÷`, `~` and an arrow (`→`, `->`) join a span's years as a dash does.
        let dash = matches!(c, '-' | '–' | '—' | '÷' | '~' | '→' | '>');
        if !c.is_whitespace() {
            after_dash = years.len() == 1 && dash;
        }
        rest.push(if dash || matches!(c, '/' | ':' | '.' | ',' | ';') {
            ' '
        } else {
            c
        });
    }
    if !rest
        .split_whitespace()
        .all(|word| PERIOD_WORDS.contains(&word))
    {
        return Err(PeriodError::Unreadable);
    }
    match years[..] {
        [year] => Ok(Some(Period::year(year))),
        [start, end] if end >= start => Ok(Some(Period { start, end })),
        [start, end] => Err(PeriodError::Reversed { start, end }),
        [] if length => Err(PeriodError::Length),
        _ => Err(PeriodError::Unreadable),
    }
}

/// The years a spreadsheet cell formatted as a date would be seen as: Excel shows the
/// number `2023` so formatted as the 2023rd day of its calendar, `15/07/1905` (or of the
/// Mac's 1904 calendar, `16/07/1909`). No aid project runs in those years: a date there
/// whose day number is a year of [`TYPED_YEARS`] is that year typed. The text with each
/// such date (`d/m/yyyy`, or `m/d/yyyy` as en-US shows it, `/`, `.` or `-` between)
/// written as its year; `None` where there is none.
fn years_typed_as_dates(text: &str) -> Option<String> {
    if !text.contains("190") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut typed = false;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !bytes[at - 1].is_ascii_digit();
        if let Some((length, year)) = starts_word.then(|| typed_year_at(&bytes[at..])).flatten() {
            out.push_str(&text[copied..at]);
            out.push_str(&year.to_string());
            typed = true;
            at += length;
            copied = at;
        } else {
            at += 1;
        }
    }
    out.push_str(&text[copied..]);
    typed.then_some(out)
}

/// The years a number typed into a date cell is taken for.
const TYPED_YEARS: std::ops::RangeInclusive<u16> = 1950..=2100;

/// A date `d/m/yyyy` at the start of `bytes` whose day number (in the 1900 or the 1904
/// calendar of spreadsheets) is a year of [`TYPED_YEARS`]: its length and that year.
fn typed_year_at(bytes: &[u8]) -> Option<(usize, u16)> {
    let mut parts = [0u32; 3];
    let mut at = 0;
    for (k, part) in parts.iter_mut().enumerate() {
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let wanted = if k == 2 { 4..=4 } else { 1..=2 };
        if !wanted.contains(&digits) {
            return None;
        }
        *part = bytes[at..at + digits]
            .iter()
            .fold(0, |n, d| n * 10 + u32::from(d - b'0'));
        at += digits;
        if k < 2 {
            let separator = *bytes.get(at)?;
            if !matches!(separator, b'/' | b'.' | b'-')
                || (k == 1 && separator != bytes[at - digits - 1])
            {
                return None;
            }
            at += 1;
        }
    }
    if bytes.get(at).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let [first, second, year] = parts;
    // Only the first years of the two calendars hold such days (1905, 1909).
    if !(1900..=1910).contains(&year) {
        return None;
    }
    let valid = |day: u32, month: u32| {
        (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)
    };
    // Day first, as Vietnamese spreadsheets show dates; month first where only that reads.
    let (day, month) = [(first, second), (second, first)]
        .into_iter()
        .find(|&(day, month)| valid(day, month))?;
    let days = days_from_civil(year, month, day);
    [
        days - days_from_civil(1899, 12, 30),
        days - days_from_civil(1904, 1, 1),
    ]
    .into_iter()
    .filter_map(|serial| u16::try_from(serial).ok())
    .find(|serial| TYPED_YEARS.contains(serial))
    .map(|year| (at, year))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1 March of year 0 to the date (proleptic Gregorian): differences of two
/// are days between them.
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let (year, month) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let year = i64::from(year);
    year * 365 + year / 4 - year / 100 + year / 400 + i64::from((153 * month + 2) / 5 + day - 1)
}

/// The text without what it says in brackets besides years: `2021-2025 (5 năm)` is
/// `2021-2025`; a year in brackets is kept.
fn without_asides(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|k| open + k) else {
            break;
        };
        let aside = &rest[open + 1..close];
        let names_a_year = aside
            .split(|c: char| !c.is_ascii_digit())
            .any(|digits| digits.len() == 4);
        kept.push_str(&rest[..open]);
        kept.push(' ');
        if names_a_year {
            kept.push_str(aside);
            kept.push(' ');
        }
        rest = &rest[close + 1..];
    }
    kept.push_str(rest);
    kept.trim().to_owned()
}

/// The fast path of [`parse`] for the shapes most cells have: `2023`, `2021-2025`,
/// `2020 - 2025`. `None` for anything else, which [`parse`] reads in full.
fn parse_plain(text: &[u8]) -> Option<Result<Option<Period>, PeriodError>> {
    let year = |digits: &[u8]| -> Option<u16> {
        let year = digits.iter().try_fold(0u16, |y, d| {
            d.is_ascii_digit().then(|| y * 10 + u16::from(d - b'0'))
        })?;
        (digits.len() == 4 && YEARS.contains(&year)).then_some(year)
    };
    let (start, end) = match text {
        _ if text.len() == 4 => (year(text)?, year(text)?),
        _ if text.len() == 9 && text[4] == b'-' => (year(&text[..4])?, year(&text[5..])?),
        _ if text.len() == 11 && &text[4..7] == b" - " => (year(&text[..4])?, year(&text[7..])?),
        _ => return None,
    };
    Some(if end >= start {
        Ok(Some(Period { start, end }))
    } else {
        Err(PeriodError::Reversed { start, end })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_shapes_read_as_the_full_reader_reads_them() {
        for text in [
            "2023",
            "2021-2025",
            "2020 - 2025",
            "2025-2021",
            "1899",
            "2021-25",
            "abcd",
        ] {
            if let Some(fast) = parse_plain(text.as_bytes()) {
                let folded = fold(text);
                assert!(!folded.is_empty());
                assert_eq!(fast, parse(&format!(" {text}")), "{text}");
            }
        }
        assert!(parse_plain(b"1899").is_none());
    }

    fn span(start: u16, end: u16) -> Result<Option<Period>, PeriodError> {
        Ok(Some(Period { start, end }))
    }

    #[test]
    fn reads_the_usual_spellings() {
        assert_eq!(parse("2021-2025"), span(2021, 2025));
        assert_eq!(parse("2020 - 2025"), span(2020, 2025));
        assert_eq!(parse("2020 -2025"), span(2020, 2025));
        assert_eq!(parse("2020–2025"), span(2020, 2025));
        assert_eq!(parse("2023"), span(2023, 2023));
        assert_eq!(parse("Giai đoạn 2020 - 2025"), span(2020, 2025));
        assert_eq!(parse("Năm 2020"), span(2020, 2020));
        assert_eq!(parse("từ 2021 đến 2023"), span(2021, 2023));
        assert_eq!(parse("06/2021-12/2023"), span(2021, 2023));
        assert_eq!(parse("01/06/2021 - 31.12.2023"), span(2021, 2023));
        assert_eq!(parse("Quý I/2022-Quý IV/2024"), span(2022, 2024));
        assert_eq!(parse("Tháng 6/2021"), span(2021, 2021));
        assert_eq!(parse("T6/2021 - T12/2023"), span(2021, 2023));
        assert_eq!(parse("2021-2025 (5 năm)"), span(2021, 2025));
        assert_eq!(parse("2022 (dự kiến) - 2024"), span(2022, 2024));
        assert_eq!(parse("(2021) - (2023)"), span(2021, 2023));
        assert_eq!(parse("2021÷2025"), span(2021, 2025));
        assert_eq!(parse("2021 ~ 2023"), span(2021, 2023));
        assert_eq!(parse("2021-25"), span(2021, 2025));
        assert_eq!(parse("2021 – 25"), span(2021, 2025));
        assert_eq!(parse("Giai đoạn 2021-25"), span(2021, 2025));
        assert_eq!(parse("2021-25 (5 năm)"), span(2021, 2025));
        assert_eq!(parse("2021 - 36 tháng"), span(2021, 2021));
        assert_eq!(parse("2099-01"), Err(PeriodError::Unreadable));
        assert_eq!(parse("2022 – 2023;"), span(2022, 2023));
        assert_eq!(parse("3 năm (2021-2023)"), span(2021, 2023));
        assert_eq!(parse("36 tháng, từ 2021 đến 2023"), span(2021, 2023));
        assert_eq!(parse("2021→2023"), span(2021, 2023));
        assert_eq!(parse("2021 -> 23"), span(2021, 2023));
        assert_eq!(parse("Dự kiến 2022"), span(2022, 2022));
        assert_eq!(parse("2021 và 2022"), span(2021, 2022));
        assert_eq!(parse("2021 - nay"), Err(PeriodError::Unreadable));
        assert_eq!(parse("  "), Ok(None));
    }

    #[test]
    fn reports_unreadable_and_reversed() {
        assert_eq!(
            parse("2025-2021"),
            Err(PeriodError::Reversed {
                start: 2025,
                end: 2021
            })
        );
        assert_eq!(parse("hai năm"), Err(PeriodError::Unreadable));
        assert_eq!(parse("2025-21"), Err(PeriodError::Unreadable));
        assert_eq!(parse("2021-2023-25"), Err(PeriodError::Unreadable));
        assert_eq!(parse("21-25"), Err(PeriodError::Unreadable));
        assert_eq!(parse("2021-2023-2025"), Err(PeriodError::Unreadable));
        assert_eq!(parse("Hàng năm"), Err(PeriodError::Unreadable));
        assert_eq!(parse("6/21"), Err(PeriodError::Unreadable));
        assert_eq!(parse("123/2021"), Err(PeriodError::Unreadable));
        assert_eq!(parse("36 tháng"), Err(PeriodError::Length));
        assert_eq!(parse("Khoảng 2 năm"), Err(PeriodError::Length));
        assert_eq!(parse("3 năm"), Err(PeriodError::Length));
        assert_eq!(parse("24 months"), Err(PeriodError::Length));
        assert_eq!(
            parse("3 years (2021-2023)"),
            Ok(Some(Period {
                start: 2021,
                end: 2023
            }))
        );
        assert_eq!(parse("(5 năm)"), Err(PeriodError::Unreadable));
        assert_eq!(parse("2021 (5 năm"), Err(PeriodError::Unreadable));
    }

    /// As Excel shows `2023` formatted as a date, in its 1900 and 1904 calendars.
    #[test]
    fn a_year_typed_into_a_date_cell_is_that_year() {
        let typed = |text: &str| years_typed_as_dates(text);
        assert_eq!(typed("15/07/1905"), Some("2023".into()));
        assert_eq!(typed("16/07/1909"), Some("2023".into()));
        assert_eq!(typed("13.07.1905"), Some("2021".into()));
        assert_eq!(typed("07/15/1905"), Some("2023".into()));
        assert_eq!(typed("Năm 15/07/1905"), Some("Năm 2023".into()));
        assert_eq!(parse("15/07/1905"), span(2023, 2023));
        assert_eq!(parse("13/07/1905-17/07/1905"), span(2021, 2025));
        assert_eq!(parse("Năm 15/07/1905"), span(2023, 2023));
        // Not a date of those days, or not a whole date.
        for other in [
            "01/01/1905",
            "15/07/1906",
            "15/7/19051",
            "115/07/1905",
            "15/07-1905",
            "31/02/1905",
            "2023",
            "13/13/1905",
            "01/01/0000",
            "29/02/0000",
        ] {
            assert_eq!(typed(other), None, "{other}");
        }
        assert_eq!(parse("01/01/1905"), span(1905, 1905));
    }
}

/// When an implementation-plan task is due: `Hàng năm`, `Quý IV hàng năm`, `Năm 2020`,
/// `Giai đoạn 2020 - 2025`, `Trước ngày 30/6/2024`, `Từ năm 2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Every year (`Hàng năm`, `Thường xuyên`, `Hàng quý`), in one quarter of it when
    /// given.
    EveryYear { quarter: Option<u8> },
    /// A year or a span of years; a deadline (`Trước ngày 30/6/2024`) is due in its year.
    Years(Period),
    /// A year and every one after it (`Từ năm 2024`, `2024 trở đi`).
    From(u16),
    /// A phrase aidcat does not understand; the task is never filtered out by year.
    Unknown,
}

impl Timing {
    /// Is a task with this timing due in `year`? Unknown timings are listed every year,
    /// so that no task disappears from a filtered plan.
    pub fn due_in(self, year: u16) -> bool {
        match self {
            Timing::EveryYear { .. } | Timing::Unknown => true,
            Timing::Years(span) => span.start <= year && year <= span.end,
            Timing::From(start) => start <= year,
        }
    }
}

/// Folded words of a task that recurs: every year, quarter or month, or all along.
const RECURRING: [&str; 16] = [
    "hang nam",
    "moi nam",
    "hang quy",
    "hang thang",
    "thuong xuyen",
    "lien tuc",
    "dinh ky",
    "annually",
    "every year",
    "yearly",
    "quarterly",
    "monthly",
    "regularly",
    "ongoing",
    "continuous",
    "each year",
];

/// Folded words of a deadline or a part of a year (`Trước ngày 30/6/2024`, `Chậm nhất
/// tháng 6/2024`, `6 tháng đầu năm 2024`, `By June 2024`): they say no more than the year.
const DEADLINE_WORDS: [&str; 32] = [
    "truoc", "cham", "nhat", "han", "hoan", "thanh", "ngay", "cuoi", "dau", "giua", "nua", "trong",
    "vao", "by", "before", "end", "of", "in", "within", "early", "mid", "late", "first", "second",
    "half", "the", "no", "later", "than", "h1", "h2", "deadline",
];

/// The months' names in English, folded: a deadline's (`By June 2024`).
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Folded words that run a year on to the years after it (`2024 trở đi`, `2024 và các
/// năm tiếp theo`, `2024 onwards`), longer before the shorter they hold.
const ONWARD: [&str; 6] = [
    "tro di",
    "tiep theo",
    "onwards",
    "onward",
    "beyond",
    "va cac nam",
];

/// Reads a timing phrase.
pub fn parse_timing(text: &str) -> Timing {
    let folded = fold(text);
    if RECURRING.iter().any(|w| folded.contains(w)) {
        let quarter = folded
            .split_once("quy ")
            .or_else(|| folded.split_once('q'))
            .and_then(|(_, rest)| {
                let word = rest.split_whitespace().next().unwrap_or("");
                match word {
                    "i" | "1" => Some(1),
                    "ii" | "2" => Some(2),
                    "iii" | "3" => Some(3),
                    "iv" | "4" => Some(4),
                    _ => None,
                }
            });
        return Timing::EveryYear { quarter };
    }
    // The words that run the year on, taken out: they name no year.
    let rest = ONWARD
        .iter()
        .fold(folded.clone(), |text, words| text.replace(words, " "));
    let onward = rest != folded;
    // The words of a deadline, and a day's, month's or quarter's number beside its name
    // (`ngày 30 tháng 6 năm 2024`, `tháng 3 đến tháng 6/2024`, `30 June 2025`), say no
    // more than the years.
    let all: Vec<&str> = rest.split_whitespace().collect();
    let bare = |word: &str| word.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
    let named = |at: Option<&&str>| {
        at.map(|word| bare(word)).is_some_and(|word| {
            ["ngay", "thang", "quy", "day", "month"].contains(&word.as_str())
                || MONTHS.contains(&word.as_str())
        })
    };
    let mut words: Vec<&str> = Vec::new();
    for (at, word) in all.iter().enumerate() {
        let bare = bare(word);
        let small = bare.len() <= 2 && bare.bytes().all(|b| b.is_ascii_digit());
        let numbers_a_name =
            small && (named(at.checked_sub(1).and_then(|i| all.get(i))) || named(all.get(at + 1)));
        let dropped = DEADLINE_WORDS.contains(&bare.as_str())
            || MONTHS.contains(&bare.as_str())
            || numbers_a_name;
        if !dropped {
            words.push(word);
        }
    }
    let from = words.first().is_some_and(|w| matches!(*w, "tu" | "from"))
        && !words.iter().any(|w| matches!(*w, "den" | "to"));
    match parse(&words.join(" ")) {
        Ok(Some(span)) if span.start == span.end && (onward || from) => Timing::From(span.start),
        Ok(Some(span)) => Timing::Years(span),
        _ => Timing::Unknown,
    }
}

#[cfg(test)]
mod timing_tests {
    use super::*;

    #[test]
    fn reads_plan_timing_phrases() {
        assert_eq!(
            parse_timing("Hàng năm"),
            Timing::EveryYear { quarter: None }
        );
        assert_eq!(
            parse_timing("Quý IV hàng năm"),
            Timing::EveryYear { quarter: Some(4) }
        );
        assert_eq!(
            parse_timing("Năm 2020"),
            Timing::Years(Period {
                start: 2020,
                end: 2020
            })
        );
        assert_eq!(
            parse_timing("Giai đoạn 2020 - 2025"),
            Timing::Years(Period {
                start: 2020,
                end: 2025
            })
        );
        assert_eq!(parse_timing("khi cần"), Timing::Unknown);
        assert!(parse_timing("Năm 2020").due_in(2020));
        assert!(!parse_timing("Năm 2020").due_in(2023));
        assert!(parse_timing("Hàng năm").due_in(2023));
    }

    /// The timings officers write in plans: deadlines, parts of a year, recurring
    /// tasks and tasks from a year on.
    #[test]
    fn reads_deadlines_recurring_tasks_and_years_onward() {
        let year = |y| Timing::Years(Period::year(y));
        for (text, timing) in [
            ("Trước ngày 30/6/2024", year(2024)),
            ("Trước 30/6/2024", year(2024)),
            ("Chậm nhất ngày 15/12/2024", year(2024)),
            ("Hoàn thành trước tháng 6/2024", year(2024)),
            ("Trong tháng 7/2024", year(2024)),
            ("6 tháng đầu năm 2024", year(2024)),
            ("Cuối năm 2024", year(2024)),
            ("Từ tháng 3 đến tháng 6/2024", year(2024)),
            ("By June 2024", year(2024)),
            ("No later than 30 June 2025", year(2025)),
            ("Trước ngày 30 tháng 6 năm 2024", year(2024)),
            ("Quý 3 năm 2024", year(2024)),
            ("Quý I/2024", year(2024)),
            ("Từ năm 2024", Timing::From(2024)),
            ("Năm 2024 và các năm tiếp theo", Timing::From(2024)),
            ("2024 trở đi", Timing::From(2024)),
            ("From 2025 onwards", Timing::From(2025)),
            (
                "Từ năm 2024 đến năm 2025",
                Timing::Years(Period {
                    start: 2024,
                    end: 2025,
                }),
            ),
            ("Thường xuyên", Timing::EveryYear { quarter: None }),
            ("Hằng năm", Timing::EveryYear { quarter: None }),
            ("Hàng quý", Timing::EveryYear { quarter: None }),
            ("Định kỳ 6 tháng", Timing::EveryYear { quarter: None }),
            ("Ongoing", Timing::EveryYear { quarter: None }),
            ("Theo tiến độ dự án", Timing::Unknown),
            ("Khi có yêu cầu", Timing::Unknown),
        ] {
            assert_eq!(parse_timing(text), timing, "{text}");
        }
        assert!(!parse_timing("Trước ngày 30/6/2024").due_in(2025));
        assert!(parse_timing("Từ năm 2024").due_in(2030));
        assert!(!parse_timing("Từ năm 2024").due_in(2023));
    }
}
