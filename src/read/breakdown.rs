//! An amount broken down into columns of its own beside it: by year under `Phân kỳ vốn
//! viện trợ` (`Năm 2021 | Năm 2022 | Năm 2023`), by source under `Trong đó` after `Vốn
//! đối ứng` (`Ngân sách tỉnh | Dân đóng góp`), or under the amount's own label beside
//! its total (`Vốn đối ứng` over `Tổng | NS tỉnh | NS huyện`). The amount is read from
//! its own column; its parts are checked against it, row by row (`breakdown-sum`), and
//! each part's column on a row of sums against the rows it sums (`breakdown-column-sum`,
//! in the checker); a part that is no number is said so (`part-not-a-number`).

use super::catalogue::{CatalogueRole, MONEY_ROLES};
use super::header::Header;
use super::metadata::{same_unit, unit_in_label};
use super::rows::Row;
use crate::model::{Amounts, BreakdownOff, BreakdownPart, MoneyColumn, Stated};
use crate::number::{self, AmountError, Convention};
use crate::text::fold;
use rust_decimal::Decimal;

/// The columns that break one amount down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub of: MoneyColumn,
    /// The group's label (`Phân kỳ vốn viện trợ`).
    pub label: String,
    /// Each part's cell and label (`Năm 2021`).
    pub parts: Vec<(usize, String)>,
}

/// Words of a label that break down the amount in the column before it.
const OF_THE_COLUMN_BEFORE: [&str; 7] = [
    "trong do", "chia ra", "bao gom", "gom", "co cau", "chi tiet", "of which",
];

/// Words of a label that spread a sum of money over time or sources, where no money
/// column is named: the total's. (`Kế hoạch` and `Tổng` alone name no money: a
/// timetable, a count.)
const OF_THE_TOTAL: [&str; 7] = [
    "phan ky",
    "dau tu",
    "kinh phi",
    "nhu cau",
    "von",
    "ngan sach",
    "du toan",
];

/// Words of a label or a part that make its figures no share of the amount: a rate, a
/// figure paid out, allocated or done so far, people.
const NOT_A_SHARE: [&str; 17] = [
    "%",
    "ty le",
    "giai ngan",
    "da thuc hien",
    "thuc te",
    "da bo tri",
    "da cap",
    "luy ke",
    "so luong",
    "nguoi",
    "percent",
    "share",
    "disburs",
    "spent",
    "paid",
    "actual",
    "beneficiar",
];

/// The most breakdowns a table's rows are checked on (a catalogue has one or two); the
/// columns of those past it stay columns not read, so that a hostile header of many
/// groups costs no more.
const MAX_BREAKDOWNS: usize = 8;

/// The most parts, over a table's breakdowns, whose columns are checked (a phasing of a
/// programme's years, a few sources: a dozen or two). A breakdown past it stays columns
/// not read: each row keeps a figure per part for its column's sums, and a hostile
/// header of thousands of parts would have every row keep thousands.
const MAX_PARTS: usize = 64;

/// The header's breakdowns (under a group label, or side by side a year each), each of
/// the amount its parts add up to on as many of the `sample` rows (the body's first, with
/// their amounts as the row reader reads them; asked for only where the header has
/// breakdowns) as they do not, one at least, trying first the one its label names. A breakdown whose
/// label names no amount (its parts not years either), states another unit than the
/// money columns, whose parts are rates, figures paid out or people, or that adds up so
/// to no amount, is not checked: its columns stay columns not read; so do those past
/// [`MAX_BREAKDOWNS`] breakdowns or [`MAX_PARTS`] parts in all.
pub fn breakdowns<'r>(
    header: &Header<CatalogueRole>,
    stated: Stated,
    unit: Option<&str>,
    sample: impl FnOnce() -> Vec<(&'r Row, Amounts)>,
    convention: Convention,
) -> Vec<Breakdown> {
    let money_unit = (MONEY_ROLES.iter())
        .filter_map(|&role| unit_in_label(header.label(role)?))
        .next()
        .or_else(|| unit.map(str::to_owned));
    let mut groups: Vec<(String, Vec<usize>)> = (header.breakdowns())
        .map(|(label, cells)| (label.to_owned(), cells.to_vec()))
        .collect();
    groups.extend(yearly_columns(header, &groups));
    if groups.is_empty() {
        return Vec::new();
    }
    let sample = sample();
    (groups.iter())
        .filter_map(|(label, cells)| {
            let label = label.as_str();
            let part_label = |at: usize| {
                let full = header.labels.get(at).map_or("", String::as_str);
                full.rsplit_once(" – ")
                    .map_or(full, |(_, part)| part)
                    .trim()
            };
            let words: Vec<String> = (std::iter::once(label))
                .chain(cells.iter().map(|&at| part_label(at)))
                .map(fold)
                .collect();
            if words
                .iter()
                .any(|w| NOT_A_SHARE.iter().any(|n| w.contains(n)))
            {
                return None;
            }
            let own_unit = (std::iter::once(label))
                .chain(cells.iter().map(|&at| part_label(at)))
                .find_map(unit_in_label);
            if let (Some(own), Some(money)) = (&own_unit, &money_unit)
                && !same_unit(own, money)
            {
                return None;
            }
            let candidates: Vec<MoneyColumn> = match amount_broken_down(header, &words[0], cells[0])
            {
                Some(named) => std::iter::once(named)
                    .chain(MoneyColumn::ALL.into_iter().filter(|&c| c != named))
                    .collect(),
                None if cells
                    .iter()
                    .all(|&at| without_year(part_label(at)).is_some()) =>
                {
                    MoneyColumn::ALL.to_vec()
                }
                None => return None,
            };
            let mut breakdown = Breakdown {
                of: MoneyColumn::Total,
                label: label.trim().to_owned(),
                parts: (cells.iter())
                    .map(|&at| (at, part_label(at).to_owned()))
                    .collect(),
            };
            let sums: Vec<Option<Decimal>> = (sample.iter())
                .map(|(row, _)| breakdown.sum(row, convention))
                .collect();
            breakdown.of = (candidates.into_iter())
                .filter(|&of| stated.gives(of))
                .filter(|&of| header.parts(MONEY_ROLES[of as usize]).is_empty())
                .find(|&of| {
                    let compared = (sample.iter().zip(&sums))
                        .filter_map(|((_, amounts), sum)| Some((*sum)? == amounts.get(of)?));
                    let (adds_up, not) = compared.fold((0, 0), |(yes, no), same| match same {
                        true => (yes + 1, no),
                        false => (yes, no + 1),
                    });
                    adds_up > 0 && adds_up >= not
                })?;
            Some(breakdown)
        })
        .scan(0, |parts, breakdown| {
            let fits = *parts + breakdown.parts.len() <= MAX_PARTS;
            *parts += if fits { breakdown.parts.len() } else { 0 };
            Some(fits.then_some(breakdown))
        })
        .flatten()
        .take(MAX_BREAKDOWNS)
        .collect()
}

/// Columns side by side in one header row, no role's, whose labels differ only in a
/// year (`Năm 2024 | Năm 2025`, `Vốn viện trợ năm 2024 | Vốn viện trợ năm 2025`), as a
/// breakdown labelled by its first and last: two at least, outside the header's
/// `groups`.
fn yearly_columns(
    header: &Header<CatalogueRole>,
    groups: &[(String, Vec<usize>)],
) -> Vec<(String, Vec<usize>)> {
    let grouped = |at: usize| groups.iter().any(|(_, cells)| cells.contains(&at));
    let mut runs: Vec<(String, Vec<(usize, String)>)> = Vec::new();
    for (at, label) in header.unread() {
        let Some(stem) = without_year(&label).filter(|_| !grouped(at)) else {
            continue;
        };
        match runs.last_mut() {
            Some((last_stem, cells))
                if *last_stem == stem && cells.last().is_some_and(|(last, _)| last + 1 == at) =>
            {
                cells.push((at, label));
            }
            _ => runs.push((stem, vec![(at, label)])),
        }
    }
    (runs.into_iter())
        .filter(|(_, cells)| cells.len() >= 2)
        .map(|(_, cells)| {
            let label = format!("{} – {}", cells[0].1, cells[cells.len() - 1].1);
            (label, cells.into_iter().map(|(at, _)| at).collect())
        })
        .collect()
}

/// A label with its year taken out (`Năm 2024` → `nam`, folded), where it names one: four
/// digits from 1900 to 2099 standing apart from other digits, or a span of two.
fn without_year(label: &str) -> Option<String> {
    let folded = fold(label);
    let bytes = folded.as_bytes();
    let at = (0..bytes.len().saturating_sub(3)).find(|&i| {
        let digits = &bytes[i..i + 4];
        digits.iter().all(u8::is_ascii_digit)
            && (digits.starts_with(b"19") || digits.starts_with(b"20"))
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
    })?;
    let after = &folded[at + 4..];
    // A span's second year (`2024-2025`) goes with the first.
    let span = after.trim_start_matches([' ', '-', '–', '/']);
    let after = match span.get(..4) {
        Some(year) if year.bytes().all(|b| b.is_ascii_digit()) => &span[4..],
        _ => after,
    };
    let stem = format!("{} {}", folded[..at].trim(), after.trim());
    Some(stem.trim().to_owned())
}

/// The amount a breakdown labelled `folded` (its first cell at `first`) breaks down: the
/// one it names (aid, counterpart), else the column right before it for `Trong đó`, else
/// the total for a phasing or a plan of funds.
fn amount_broken_down(
    header: &Header<CatalogueRole>,
    folded: &str,
    first: usize,
) -> Option<MoneyColumn> {
    // `Trong đó:` as `Trong đó`.
    let folded = folded.trim_end_matches([':', '.', ' ']);
    let has = |words: &[&str]| words.iter().any(|w| folded.contains(w));
    let aid = has(&["vien tro", "pcpnn", "tai tro", "khong hoan lai"]);
    let counterpart = has(&["doi ung"]);
    let of = match (aid, counterpart) {
        (true, false) => MoneyColumn::Aid,
        (false, true) => MoneyColumn::Counterpart,
        _ if OF_THE_COLUMN_BEFORE
            .iter()
            .any(|w| folded == *w || folded.starts_with(&format!("{w} "))) =>
        {
            let before = first.checked_sub(1)?;
            let role = MONEY_ROLES
                .into_iter()
                .find(|&role| header.index(role) == Some(before))?;
            MoneyColumn::ALL[MONEY_ROLES.iter().position(|&r| r == role)?]
        }
        _ if has(&OF_THE_TOTAL) => MoneyColumn::Total,
        _ => return None,
    };
    Some(of)
}

/// What a part's cell holds.
enum Written {
    Nothing,
    /// `x`: no figure applies.
    NotApplicable,
    Figure(Decimal),
    Unreadable(AmountError),
}

/// What the row's cell `at`, a part's, holds.
fn written(row: &Row, at: usize, convention: Convention) -> Written {
    // A workbook's number is read as stored.
    if row.number(at).is_none() {
        let cell = row.cell(at);
        if number::is_not_applicable(cell) {
            return Written::NotApplicable;
        }
        if number::is_blank(cell) {
            return Written::Nothing;
        }
    }
    match row.amount(at, convention) {
        Ok(value) => Written::Figure(value),
        Err(reason) => Written::Unreadable(reason),
    }
}

/// A row's cells of a breakdown's parts, read once ([`Breakdown::read`]).
pub struct PartsRead {
    /// Does the row write anything in them?
    pub filled: bool,
    /// What they add up to; `None` where they fill none, or one is no number (nothing
    /// sure to compare).
    pub sum: Option<Decimal>,
}

impl Breakdown {
    /// What the row's parts add up to ([`PartsRead::sum`]).
    fn sum(&self, row: &Row, convention: Convention) -> Option<Decimal> {
        self.read(row, convention, |_, _| {}).sum
    }

    /// Reads the row's cell of each part once: gives each one's cell and figure to
    /// `figure` (an empty cell 0, `x`, which says no figure applies, `None`; one that is
    /// no number, why), and what they add up to.
    pub fn read(
        &self,
        row: &Row,
        convention: Convention,
        mut figure: impl FnMut(usize, Result<Option<Decimal>, AmountError>),
    ) -> PartsRead {
        let mut read = PartsRead {
            filled: false,
            sum: None,
        };
        let mut unreadable = false;
        for (at, _) in &self.parts {
            let cell = written(row, *at, convention);
            read.filled |= !matches!(cell, Written::Nothing);
            match cell {
                Written::Nothing => figure(*at, Ok(Some(Decimal::ZERO))),
                Written::NotApplicable => figure(*at, Ok(None)),
                Written::Figure(value) => {
                    figure(*at, Ok(Some(value)));
                    let sum = read.sum.unwrap_or_default().checked_add(value);
                    unreadable |= sum.is_none();
                    read.sum = sum;
                }
                Written::Unreadable(reason) => {
                    figure(*at, Err(reason));
                    unreadable = true;
                }
            }
        }
        if unreadable {
            read.sum = None;
        }
        read
    }

    /// The row's parts where they do not add up to its amount; `None` where they do, or
    /// where the amount is empty or the parts give no sum. `sum` is theirs
    /// ([`Breakdown::read`]).
    pub fn off(
        &self,
        row: &Row,
        sum: Option<Decimal>,
        amounts: &Amounts,
        convention: Convention,
        name: impl FnOnce() -> (Option<String>, String),
    ) -> Option<BreakdownOff> {
        let amount = amounts.get(self.of)?;
        let sum = sum.filter(|&sum| sum != amount)?;
        let parts = (self.parts.iter())
            .filter_map(|(at, label)| {
                let value = row.amount(*at, convention).ok()?;
                Some(BreakdownPart {
                    label: label.clone(),
                    value,
                })
            })
            .collect();
        let (number, name) = name();
        Some(BreakdownOff {
            line: row.line,
            column: self.parts[0].0 + 1,
            number,
            name,
            label: self.label.clone(),
            of: self.of,
            amount,
            parts,
            sum,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::without_year;

    #[test]
    fn a_label_without_its_year_is_what_its_columns_share() {
        let cases = [
            ("Năm 2024", Some("nam")),
            ("Vốn viện trợ năm 2025", Some("von vien tro nam")),
            ("aid_2024", Some("aid_")),
            ("2024-2025", Some("")),
            (
                "Giai đoạn 2021 – 2025 (triệu đồng)",
                Some("giai doan (trieu dong)"),
            ),
            ("Số 12024", None),
            ("Tổng vốn", None),
            ("1850", None),
        ];
        for (label, stem) in cases {
            assert_eq!(without_year(label).as_deref(), stem, "{label}");
        }
    }
}
