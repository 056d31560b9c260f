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
}

/// Words that may stand around the years of a period, folded; a quarter's or month's
/// name before a year (`Quý I/2022`, `tháng 6/2021`, `T6/2021`) is read as its year.
const PERIOD_WORDS: &[&str] = &[
    "giai", "doan", "nam", "tu", "den", "from", "to", "year", "period", "quy", "thang", "quarter",
    "month", "q", "t", "i", "ii", "iii", "iv",
];

/// The years a period may name.
pub const YEARS: std::ops::RangeInclusive<u16> = 1900..=2200;

/// Reads a period. `Ok(None)` for an empty cell.
pub fn parse(text: &str) -> Result<Option<Period>, PeriodError> {
    if let Some(span) = parse_plain(text.as_bytes()) {
        return span;
    }
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
            && (next_word.starts_with("nam") || next_word.starts_with("thang"))
        {
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
        if !c.is_whitespace() {
            after_dash = years.len() == 1 && matches!(c, '-' | '–' | '—' | '÷' | '~');
        }
        // `÷` and `~` join a span's years as a dash does.
        rest.push(
            if matches!(c, '-' | '–' | '—' | '÷' | '~' | '/' | ':' | '.' | ',' | ';') {
                ' '
            } else {
                c
            },
        );
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
        _ => Err(PeriodError::Unreadable),
    }
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
        assert_eq!(parse("36 tháng"), Err(PeriodError::Unreadable));
        assert_eq!(parse("(5 năm)"), Err(PeriodError::Unreadable));
        assert_eq!(parse("2021 (5 năm"), Err(PeriodError::Unreadable));
    }
}

/// When an implementation-plan task is due: `Hàng năm`, `Quý IV hàng năm`, `Năm 2020`,
/// `Giai đoạn 2020 - 2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Every year, in one quarter of it when given.
    EveryYear { quarter: Option<u8> },
    /// A year or a span of years.
    Years(Period),
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
        }
    }
}

/// Reads a timing phrase.
pub fn parse_timing(text: &str) -> Timing {
    let folded = fold(text);
    let every_year = ["hang nam", "moi nam", "annually", "every year", "yearly"]
        .iter()
        .any(|w| folded.contains(w));
    if every_year {
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
    match parse(text) {
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
}
