//! Amounts as officers write them: Vietnamese `132.716` / `38.305,31`, English
//! `132,716` / `38305.31`. Parsing is exact (`Decimal`), formatting groups thousands.

use crate::problem::Problem;
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A number-writing convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Convention {
    /// `.` groups thousands, `,` is the decimal mark: `38.305,31`.
    Vi,
    /// `,` groups thousands, `.` is the decimal mark: `38,305.31`.
    En,
}

impl Convention {
    fn marks(self) -> (char, char) {
        match self {
            Convention::Vi => ('.', ','),
            Convention::En => (',', '.'),
        }
    }

    pub fn other(self) -> Convention {
        match self {
            Convention::Vi => Convention::En,
            Convention::En => Convention::Vi,
        }
    }
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Convention::Vi => "vi",
            Convention::En => "en",
        })
    }
}

/// Whole digits an amount may have. A sum of ten billion such amounts still fits a
/// `Decimal`, so totals never overflow.
pub const MAX_WHOLE_DIGITS: usize = 18;
/// Decimal places an amount may have.
pub const MAX_DECIMAL_PLACES: usize = 9;

/// What one amount cell says about the file's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// No separator at all (`500`), or not a number: says nothing.
    None,
    /// Only this convention reads the cell (`38.305,31`, `1.234.567`, `0,5`).
    Proves(Convention),
    /// One separator followed by exactly three digits (`132.716`): a thousands group
    /// in `Grouping`'s convention, a decimal in the other.
    Grouping(Convention),
}

/// A space that may group thousands: a space, a no-break space (Excel's and Word's in
/// French-style figures), a narrow no-break space or a thin space (typeset text).
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Strips the sign and spaces used as thousands separators, and returns (negative,
/// digits-and-marks). Spaces that do not group thousands (`12 34`, `1 5`) are kept, so
/// the cell reads as no number rather than as 1234. An accounting format's negative, as
/// Excel writes it to CSV, is in brackets: `(1.500)` is -1.500.
fn split_sign(cell: &str) -> (bool, Cow<'_, str>) {
    if let Some(inside) = (cell.strip_prefix('(')).and_then(|rest| rest.strip_suffix(')'))
        && inside.starts_with(|c: char| c.is_ascii_digit())
    {
        return (true, split_sign(inside).1);
    }
    let is_space = is_group_space;
    // Most cells have no space of any kind (those past ASCII are two bytes or more, each
    // past 0x7f): nothing to take out, settled in one look.
    let spaced = cell.bytes().any(|b| b == b' ' || b > 0x7f);
    let grouped = spaced && {
        let unsigned = cell
            .trim_start_matches(['-', '−', '+'])
            .trim_start_matches(is_space);
        let mut groups = unsigned.split(is_space);
        let first = groups.next().unwrap_or("");
        (1..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_digit())
            && groups.all(|g| {
                let digits = g.bytes().take_while(u8::is_ascii_digit).count();
                digits == 3 && !g[3..].starts_with(|c: char| c.is_ascii_digit())
            })
    };
    // Borrowed unless spaces are taken out: an amount read costs no allocation.
    let body: Cow<'_, str> = if grouped {
        Cow::Owned(cell.chars().filter(|c| !is_space(*c)).collect())
    } else {
        Cow::Borrowed(cell)
    };
    let (negative, sign) = match body.chars().next() {
        Some(c @ ('-' | '−')) => (true, c.len_utf8()),
        Some('+') => (false, 1),
        _ => (false, 0),
    };
    let unsigned = match body {
        Cow::Borrowed(body) => Cow::Borrowed(&body[sign..]),
        Cow::Owned(mut body) => {
            body.drain(..sign);
            Cow::Owned(body)
        }
    };
    (negative, unsigned)
}

/// Reads what a cell says about the convention.
pub fn evidence(cell: &str) -> Evidence {
    // Most cells have no mark at all: they say nothing.
    if first_mark(cell.as_bytes()).is_none() {
        return Evidence::None;
    }
    match Simple::of(cell.as_bytes()) {
        Some(simple) => simple.evidence(),
        None => general_evidence(without_footnote(cell).unwrap_or(cell)),
    }
}

/// Reads an amount cell in `convention`, noting what it says about the convention in
/// `evidences` (the cell on `line`): the reading of [`parse`] and [`evidence`], the cell
/// looked at once for both where it has the usual shape. The evidence is noted here, not
/// handed back beside the value to be noted by the caller (1% of `summary`'s
/// instructions went to building and taking apart that pair). Inlined, with the usual
/// shape's reading: it runs on every amount cell.
#[inline(always)]
pub fn read(
    cell: &str,
    convention: Convention,
    line: usize,
    evidences: &mut Evidences,
) -> Result<Decimal, AmountError> {
    // The usual cell is settled here, inline; the others out of line.
    if let Some(simple) = Simple::of(cell.as_bytes())
        && let Some(value) = simple.value(convention)
    {
        evidences.note_read(line, cell, simple.evidence());
        return Ok(value);
    }
    read_general(cell, convention, line, evidences)
}

/// [`read`] of a cell the usual shape does not settle.
#[inline(never)]
fn read_general(
    cell: &str,
    convention: Convention,
    line: usize,
    evidences: &mut Evidences,
) -> Result<Decimal, AmountError> {
    match Simple::of(cell.as_bytes()) {
        // The usual shape, over the caps or with the other convention's mark.
        Some(simple) => {
            evidences.note_read(line, cell, simple.evidence());
            parse_general(cell, convention)
        }
        // Not the usual shape: the general reading of each (a cell with no mark says
        // nothing there too).
        None => {
            let amount = without_footnote(cell).unwrap_or(cell);
            let value = parse_general(amount, convention);
            let evidence = general_evidence_read(amount, Some((convention, value.is_ok())));
            evidences.note_read(line, cell, evidence);
            value
        }
    }
}

/// Where the first `.` or `,` of a cell is. Amount cells are a few bytes long: a plain
/// look costs less than setting up a vector search.
fn first_mark(cell: &[u8]) -> Option<usize> {
    cell.iter().position(|&b| b == b'.' || b == b',')
}

/// [`evidence`] for every shape: signs, spaces, several marks, a unit beside the figure
/// (`₫3,000,000`, `1.500.000 đ`: what the figure says, as [`figure_with_unit`] reads it).
fn general_evidence(cell: &str) -> Evidence {
    general_evidence_read(cell, None)
}

/// [`general_evidence`] of a cell already read in a convention (`read`: it, and whether
/// the cell read so), which the look need not read again in that one: most cells of a
/// file of grouped figures (`924.053.033,585`) take this look.
fn general_evidence_read(cell: &str, read: Option<(Convention, bool)>) -> Evidence {
    let (_, body) = split_sign(cell.trim());
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        let figure = [Convention::Vi, Convention::En]
            .into_iter()
            .find_map(|convention| figure_with_unit(cell, convention));
        return figure.map_or(Evidence::None, |(figure, _)| general_evidence(figure));
    }
    // A figure no convention reads (`1.000.`) says nothing of the file's.
    let reads_in = |convention: Convention| match read {
        Some((known, reads)) if known == convention => reads,
        _ => parse_general(&body, convention).is_ok(),
    };
    let read = |evidence: Evidence| match evidence {
        Evidence::Proves(c) | Evidence::Grouping(c) if !reads_in(c) => Evidence::None,
        evidence => evidence,
    };
    // One look at the bytes (all ASCII now) for the marks.
    let (mut dots, mut commas, mut last_mark) = (0, 0, None);
    for (at, b) in body.bytes().enumerate() {
        match b {
            b'.' => dots += 1,
            b',' => commas += 1,
            _ => continue,
        }
        last_mark = Some(at);
    }
    read(match (dots, commas) {
        (0, 0) => Evidence::None,
        (_, 0) if dots > 1 => Evidence::Proves(Convention::Vi),
        (0, _) if commas > 1 => Evidence::Proves(Convention::En),
        (1, 0) | (0, 1) => {
            let at = last_mark.unwrap_or(0);
            let (whole, frac) = (&body[..at], &body[at + 1..]);
            let mark_convention = if dots == 1 {
                Convention::Vi
            } else {
                Convention::En
            };
            let looks_grouped = frac.len() == 3 && (1..=3).contains(&whole.len()) && whole != "0";
            if looks_grouped {
                Evidence::Grouping(mark_convention)
            } else {
                // A decimal mark: `.` decimal is English, `,` decimal is Vietnamese.
                Evidence::Proves(mark_convention.other())
            }
        }
        _ => {
            let decimal = body.as_bytes()[last_mark.unwrap_or(0)];
            Evidence::Proves(if decimal == b',' {
                Convention::Vi
            } else {
                Convention::En
            })
        }
    })
}

/// The shape most amount cells have: an optional `-`, digits, and optionally one mark
/// (`.` or `,`) followed by digits.
struct Simple<'c> {
    negative: bool,
    whole: &'c [u8],
    mark: Option<u8>,
    frac: &'c [u8],
    /// The digits read as one whole number, mark left out; right where they are
    /// [`Simple::WORD_DIGITS`] at most.
    units: u64,
}

impl<'c> Simple<'c> {
    /// Digits that always fit an `i64`: most amounts have fewer.
    const WORD_DIGITS: usize = 18;

    #[inline(always)]
    fn of(cell: &'c [u8]) -> Option<Self> {
        let body = cell.strip_prefix(b"-").unwrap_or(cell);
        // One look at each byte: digits (their value taken on the way), and at most one
        // mark among them.
        let mut mark_at = None;
        let mut units = 0u64;
        for (i, &byte) in body.iter().enumerate() {
            let digit = byte.wrapping_sub(b'0');
            if digit < 10 {
                units = units.wrapping_mul(10).wrapping_add(u64::from(digit));
            } else {
                if mark_at.is_some() || (byte != b'.' && byte != b',') {
                    return None;
                }
                mark_at = Some(i);
            }
        }
        let (whole, mark, frac) = match mark_at {
            Some(at) => (&body[..at], Some(body[at]), &body[at + 1..]),
            None => (body, None, &[][..]),
        };
        (!whole.is_empty() && (mark.is_none() || !frac.is_empty())).then_some(Simple {
            negative: body.len() < cell.len(),
            whole,
            mark,
            frac,
            units,
        })
    }

    /// What the cell says about the convention.
    fn evidence(&self) -> Evidence {
        let Some(mark) = self.mark else {
            return Evidence::None;
        };
        let mark = if mark == b'.' {
            Convention::Vi
        } else {
            Convention::En
        };
        if self.frac.len() == 3 && self.whole.len() <= 3 && self.whole != b"0" {
            Evidence::Grouping(mark)
        } else {
            Evidence::Proves(mark.other())
        }
    }

    /// The amount, where the mark is `convention`'s decimal mark (or there is none) and
    /// within the caps; the value keeps the cell's scale (`500,50` has two decimals).
    /// `None` otherwise: [`parse_general`] reads it.
    fn value(&self, convention: Convention) -> Option<Decimal> {
        let (_, decimal) = convention.marks();
        let (whole, frac) = (self.whole, self.frac);
        if self.mark.is_some_and(|mark| mark != decimal as u8)
            || whole.len() > MAX_WHOLE_DIGITS
            || frac.len() > MAX_DECIMAL_PLACES
        {
            return None;
        }
        let scale = frac.len() as u32;
        if whole.len() + frac.len() <= Simple::WORD_DIGITS {
            let units = self.units as i64;
            return Some(Decimal::new(
                if self.negative { -units } else { units },
                scale,
            ));
        }
        let units = whole
            .iter()
            .chain(frac)
            .fold(0i128, |units, d| units * 10 + i128::from(d - b'0'));
        Some(Decimal::from_i128_with_scale(
            if self.negative { -units } else { units },
            scale,
        ))
    }
}

/// Why an amount cell could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AmountError {
    /// Words or symbols where a number belongs.
    NotANumber,
    /// Separators that the convention does not allow (`1.2.3,4,5`, `12.34` in `vi`).
    Malformed,
    /// More digits than an amount may have.
    TooLarge,
    /// A number only in the other convention (`500.5` in a file that groups thousands
    /// with `.`): likely mistyped.
    OtherConvention { reads_in: Convention },
    /// A figure with a unit written beside it (`500 triệu`, `1.500.000 đ`, `$1,000`).
    WithUnit,
    /// A figure whose row's unit, in a column of its own (`ĐVT`), is of another currency
    /// than the file's, or does not convert into the file's unit exactly.
    OtherUnit,
    /// A workbook's formula whose value the file does not hold: the program that wrote
    /// it did not compute it (Excel and LibreOffice save the value beside the formula).
    FormulaWithoutValue,
    /// A formula's text where its value belongs (`=SUM(G10:G14)`): the sheet was saved with
    /// its formulas shown (Excel's Show Formulas, LibreOffice's option to save formulas).
    FormulaText,
    /// The error value a spreadsheet's formula gave (`#REF!`), saved in its cell or
    /// exported as its text.
    FormulaError { error: FormulaError },
    /// Words saying the amount is not known yet (`Chưa xác định`, `Đang xác định`).
    NotKnownYet,
    /// Two figures, a range (`1.500 - 2.000`, `từ 1.500 đến 2.000`), not one amount.
    Range,
    /// A figure with words beside it (`1.500 (ODA)`, `khoảng 1.500`).
    WithWords,
    /// A share (`10%`, `30 %`), not an amount: the counterpart written as a part of the
    /// total.
    Percentage,
}

/// A spreadsheet formula's error value, by what went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FormulaError {
    /// `#REF!`: a cell the formula refers to was deleted.
    Reference,
    /// `#VALUE!`: it computes with text.
    Value,
    /// `#DIV/0!`: it divides by zero (or an empty cell).
    DivisionByZero,
    /// `#NAME?`: it names a function or range that does not exist.
    Name,
    /// `#N/A`: a value it looks up is not found.
    NotFound,
    /// `#NUM!`: a number it computes cannot be.
    Number,
    /// `#NULL!`: ranges it intersects do not meet.
    Null,
    /// Another error: Excel's newer ones (`#SPILL!`, `#CALC!`), LibreOffice's `Err:502`.
    Other,
}

/// The error value a spreadsheet shows for a formula that failed: `#REF!`, `#DIV/0!`,
/// `#NAME?`, `#N/A`, the newer `#SPILL!`, and LibreOffice's `Err:502`.
pub fn formula_error(cell: &str) -> Option<FormulaError> {
    let cell = cell.trim();
    let known = [
        ("#REF!", FormulaError::Reference),
        ("#VALUE!", FormulaError::Value),
        ("#DIV/0!", FormulaError::DivisionByZero),
        ("#NAME?", FormulaError::Name),
        ("#N/A", FormulaError::NotFound),
        ("#NUM!", FormulaError::Number),
        ("#NULL!", FormulaError::Null),
    ];
    if let Some(&(_, error)) = known
        .iter()
        .find(|(text, _)| cell.eq_ignore_ascii_case(text))
    {
        return Some(error);
    }
    let other = match (cell.strip_prefix('#'), cell.strip_prefix("Err:")) {
        (Some(name), _) => {
            (2..=16).contains(&name.len())
                && name.ends_with(['!', '?'])
                && (name[..name.len() - 1].bytes()).all(|b| b.is_ascii_uppercase() || b == b'_')
        }
        (_, Some(code)) => code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    other.then_some(FormulaError::Other)
}

/// Is the cell a spreadsheet formula's text (`=SUM(G10:G14)`, `=G11+H11`, `=+G11`): an
/// `=` and then a name, a cell, a figure, a bracket or a sign?
pub fn is_formula_text(cell: &str) -> bool {
    cell.trim().strip_prefix('=').is_some_and(|rest| {
        rest.trim_start()
            .starts_with(|c: char| c.is_alphanumeric() || matches!(c, '(' | '+' | '-' | '$'))
    })
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::NotANumber => f.write_str("is not a number"),
            AmountError::Malformed => f.write_str("is not a well-formed number"),
            AmountError::OtherConvention { reads_in } => write!(
                f,
                "reads as a number only in the {reads_in} convention ({}), not in the one the \
                 file's other amounts are written in",
                match reads_in {
                    Convention::Vi => "`.` groups thousands, `,` marks decimals",
                    Convention::En => "`,` groups thousands, `.` marks decimals",
                }
            ),
            AmountError::TooLarge => write!(
                f,
                "is too large (at most {MAX_WHOLE_DIGITS} whole digits and {MAX_DECIMAL_PLACES} decimal places)"
            ),
            AmountError::OtherUnit => f.write_str(
                "is in its row's unit (the unit column), which does not convert into the \
                 file's unit: figures in two currencies cannot be added; write it in the \
                 file's unit",
            ),
            AmountError::WithUnit => f.write_str(
                "has a unit written beside its figure: write the figure alone, in the file's \
                 unit (that of its `ĐVT:` line, or of one to add above the table)",
            ),
            AmountError::FormulaError { .. } => f.write_str(
                "is the error value of a formula, not an amount: put the formula right in the \
                 spreadsheet, save it, and check again",
            ),
            AmountError::NotKnownYet => f.write_str(
                "says the amount is not known yet: the sums leave it out; write the figure \
                 when it is known",
            ),
            AmountError::Range => f.write_str(
                "is a range of two figures, not one amount: write the one figure the \
                 catalogue asks for",
            ),
            AmountError::Percentage => f.write_str(
                "is a percentage, not an amount: write the amount it comes to, in the file's \
                 unit",
            ),
            AmountError::WithWords => f.write_str(
                "has words beside its figure: write the figure alone, and the words in a \
                 column of notes",
            ),
            AmountError::FormulaWithoutValue => f.write_str(
                "is a formula whose value the file does not hold (the program that wrote the \
                 file did not compute it): open the file in Excel or LibreOffice, save it, and \
                 check it again",
            ),
            AmountError::FormulaText => f.write_str(
                "is a formula's text, not its value: the sheet was saved with its formulas \
                 shown (Excel's Show Formulas, or LibreOffice's option to save cell formulas); \
                 save it again with its values, and check it again",
            ),
        }
    }
}

/// Does the cell hold a figure alone: two digits or more, and nothing else but the marks
/// that group them (`1.500`, `38.305,31`, `2 500`)? What a table of figures has, and a
/// letter or notes (`Số: 123/UBND`, `ngày 06/5/2020`) have not.
pub fn looks_like_figure(cell: &str) -> bool {
    let cell = cell.trim();
    cell.bytes().filter(u8::is_ascii_digit).nth(1).is_some()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',') || is_group_space(c))
}

/// Why a cell that is not an amount in `convention` is not one, where its words say so:
/// the amount not known yet, a percentage, a range of two figures, or a figure with words
/// beside it.
pub fn not_an_amount(cell: &str, convention: Convention) -> Option<AmountError> {
    let folded = crate::text::fold(cell);
    let folded = folded.trim().trim_end_matches(['.', '!']);
    const NOT_KNOWN: &[&str] = &[
        "chua xac dinh",
        "dang xac dinh",
        "se xac dinh",
        "chua co",
        "chua ro",
        "chua tinh",
        "dang tinh toan",
        "dang cap nhat",
        "kxd",
        "tbd",
        "to be determined",
        "unknown",
    ];
    if NOT_KNOWN.iter().any(|words| folded.starts_with(words)) {
        return Some(AmountError::NotKnownYet);
    }
    let figure = |text: &str| parse(text.trim(), convention).is_ok();
    if cell.trim().strip_suffix('%').is_some_and(figure) {
        return Some(AmountError::Percentage);
    }
    let unworded = folded.strip_prefix("tu ").unwrap_or(folded);
    let range = [" - ", " – ", " den ", "-", "–", "÷", "~"]
        .iter()
        .any(|dash| {
            (unworded.split_once(dash)).is_some_and(|(low, high)| figure(low) && figure(high))
        });
    if range {
        return Some(AmountError::Range);
    }
    // A figure, then words in brackets or on the next line; or words, then a figure.
    let cell = cell.trim();
    let first = cell.split(['(', '\n']).next().unwrap_or_default();
    let last = cell.rsplit(' ').next().unwrap_or_default();
    let worded = |part: &str| {
        part.len() < cell.len() && figure(part) && cell.chars().any(char::is_alphabetic)
    };
    (worded(first) || worded(last)).then_some(AmountError::WithWords)
}

/// Is the cell empty in the catalogue sense: blank, a dash, `x` (which Vietnamese tables
/// write where a figure does not apply) or `Không` (none)? No amount.
pub fn is_blank(cell: &str) -> bool {
    match cell.trim() {
        "" | "-" | "–" | "—" => true,
        _ if is_not_applicable(cell) => true,
        // Short of folding every long cell (the word decomposed is a few bytes longer),
        // or any that does not begin as the word does (a figure).
        other => {
            other.len() <= 16
                && other.as_bytes()[0].eq_ignore_ascii_case(&b'k')
                && crate::text::fold(other) == "khong"
        }
    }
}

/// Is the cell `x`, which Vietnamese tables write where a figure does not apply? On a row
/// of sums, it declares no sum.
pub fn is_not_applicable(cell: &str) -> bool {
    matches!(cell.trim(), "x" | "X")
}

/// The figure and the unit written beside it, before or after it, where the figure
/// reads in `convention`: `500 triệu` → (`500`, `triệu`), `1.500.000 đ`, `500 tr.đ`,
/// `$1,000`, `USD 1,000`.
pub fn figure_with_unit(cell: &str, convention: Convention) -> Option<(&str, &str)> {
    let unit = |c: char| c.is_alphabetic() || matches!(c, '$' | '€' | '₫' | '.' | '/');
    let cell = cell.trim();
    let after = cell.trim_end_matches(unit);
    let before = cell.trim_start_matches(|c: char| c != '.' && unit(c));
    [
        (after, &cell[after.len()..]),
        (before, &cell[..cell.len() - before.len()]),
    ]
    .into_iter()
    .map(|(figure, unit)| (figure.trim(), unit.trim()))
    .find(|(figure, unit)| {
        unit.chars().any(|c| c != '.' && c != '/') && parse(figure, convention).is_ok()
    })
}

/// Parses an amount in `convention`. The caller treats blank cells (see [`is_blank`]).
pub fn parse(cell: &str, convention: Convention) -> Result<Decimal, AmountError> {
    match Simple::of(cell.as_bytes()).and_then(|simple| simple.value(convention)) {
        Some(value) => Ok(value),
        None => parse_general(without_footnote(cell).unwrap_or(cell), convention),
    }
}

/// An amount with a footnote mark after it (`1.000*`, `1.000 (*)`, `500**`): the amount
/// alone, which is what the table means. Most cells end in a digit: settled by their
/// last byte (cells are trimmed as read).
#[inline]
fn without_footnote(cell: &str) -> Option<&str> {
    match cell.as_bytes().last() {
        Some(b'*' | b')') => footnoted(cell),
        _ => None,
    }
}

/// [`without_footnote`] for a cell ending in `*` or `)`.
#[inline(never)]
fn footnoted(cell: &str) -> Option<&str> {
    let marked = match cell.strip_suffix(')') {
        Some(inside) => inside
            .trim_end_matches('*')
            .strip_suffix('(')
            .filter(|_| inside.ends_with('*'))?,
        None => cell.trim_end_matches('*'),
    };
    let amount = marked.trim_end();
    (amount.len() < cell.len() && amount.ends_with(|c: char| c.is_ascii_digit())).then_some(amount)
}

/// [`parse`] for every shape: signs, spaces, grouping marks.
fn parse_general(cell: &str, convention: Convention) -> Result<Decimal, AmountError> {
    let (negative, body) = split_sign(cell.trim());
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(AmountError::NotANumber);
    }
    let (group, decimal) = convention.marks();
    // The body is ASCII: its marks are found as bytes.
    let (whole, frac) = match body.bytes().position(|b| char::from(b) == decimal) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (&*body, None),
    };
    if !is_well_grouped(whole, group) {
        return Err(AmountError::Malformed);
    }
    if let Some(frac) = frac
        && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(AmountError::Malformed);
    }
    let frac = frac.unwrap_or("");
    let whole_digits = || whole.bytes().filter(u8::is_ascii_digit);
    let significant_whole = whole_digits().skip_while(|&d| d == b'0').count();
    if significant_whole > MAX_WHOLE_DIGITS || frac.len() > MAX_DECIMAL_PLACES {
        return Err(AmountError::TooLarge);
    }
    // At most 18 + 9 significant digits: they fit an i128, and the decimal keeps the
    // cell's scale (`1.500,50` has two decimals). Leading zeros add nothing.
    let units = whole_digits()
        .chain(frac.bytes())
        .fold(0i128, |units, d| units * 10 + i128::from(d - b'0'));
    let value = Decimal::try_from_i128_with_scale(units, frac.len() as u32)
        .map_err(|_| AmountError::Malformed)?;
    Ok(if negative { -value } else { value })
}

/// Are the whole part's groups three digits each after a lead of one to three (or is it
/// digits alone)?
fn is_well_grouped(whole: &str, group: char) -> bool {
    let mut parts = whole.as_bytes().split(|&b| char::from(b) == group);
    let lead = parts.next().unwrap_or_default();
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    if !digits(lead) || whole.is_empty() {
        return false;
    }
    let mut rest = parts.peekable();
    rest.peek().is_none()
        || ((1..=3).contains(&lead.len()) && rest.all(|part| part.len() == 3 && digits(part)))
}

/// Formats an amount with thousands grouped in `convention`: `38.305,31` or `38,305.31`.
pub fn format_grouped(value: Decimal, convention: Convention) -> String {
    let (group, decimal) = convention.marks();
    let plain = value.normalize().to_string();
    let (negative, plain) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.as_str()),
    };
    let (whole, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let mut out = String::with_capacity(plain.len() + whole.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// Formats an amount as a plain decimal for machines: `.` decimal mark, no grouping.
pub fn format_plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// How the file's convention was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// `--number-format` said so.
    Option,
    /// A cell that only this convention reads (`38.305,31`).
    Proven,
    /// Only cells like `132.716` that read either way; the header's language decided
    /// (Vietnamese: `vi`, else `en`).
    Assumed,
    /// Only cells like `1,700` that read either way, and the rows' totals add up
    /// (total = aid + counterpart) on more rows read this way than the other.
    Sums,
    /// No amount has a separator; the header's language decided.
    NoSeparators,
    /// Only cells like `350,000` that read either way, every one ending in `000`, and the
    /// rows' totals add up as well either way: the mark is taken to group thousands.
    WholeThousands,
    /// Cells of both conventions, this one's outnumbering the other's by far: the few
    /// are taken for mistakes and reported by `check`.
    Weighed,
}

/// The convention a file's amounts are read in, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberFormat {
    pub convention: Convention,
    pub basis: Basis,
    /// The cell that decided, with its line.
    pub example: Option<(usize, String)>,
}

impl NumberFormat {
    /// Was the convention assumed from the header's language while the cells group the
    /// other way (`132,716` under a Vietnamese header)? A report should say so.
    pub fn is_doubtful(&self) -> bool {
        self.basis == Basis::Assumed
            && self.example.as_ref().is_some_and(|(_, text)| {
                evidence(text) == Evidence::Grouping(self.convention.other())
            })
    }

    /// `value` as the file writes its amounts: grouped in its convention, or, in a file
    /// that writes no separator in any amount (`3000`), without a group (a copy of it
    /// with `2.300` beside `3000` reads in neither convention surely).
    pub fn written(&self, value: Decimal) -> String {
        match self.basis {
            Basis::NoSeparators => {
                let (_, decimal) = self.convention.marks();
                format_plain(value).replace('.', &decimal.to_string())
            }
            _ => format_grouped(value, self.convention),
        }
    }

    /// Is the example cell read with a thousands group (else with a decimal mark)?
    pub fn groups_example(&self) -> bool {
        let (group, _) = self.convention.marks();
        self.example
            .as_ref()
            .is_some_and(|(_, text)| text.contains(group))
    }
}

/// How many cells a side must outnumber the other by for the few to be taken as
/// mistakes rather than as a file in two conventions.
const MAJORITY: usize = 3;

/// Decides a file's convention from its amount cells (line, text): see [`decide_from`].
pub fn decide<'a>(
    cells: impl Iterator<Item = (usize, &'a str)>,
    forced: Option<Convention>,
    fallback: Convention,
) -> Result<NumberFormat, (usize, Problem)> {
    let mut seen = Evidences::default();
    for (line, text) in cells {
        seen.note(line, text);
    }
    seen.decide(forced, fallback)
}

/// What a file's amount cells say about its convention: of each kind of evidence, the
/// first cell (line, text) and how many cells gave it. Evidence gathered over parts of a
/// file merges, earlier parts first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Evidences {
    /// Proves vi, proves en, grouped as vi, grouped as en.
    first: [Option<(usize, String)>; 4],
    counts: [usize; 4],
    /// Rows with a cell that reads either way whose totals add up read as vi, as en.
    sums: [usize; 2],
    /// Of the cells grouped as vi, as en: those ending in `000` (`350,000`).
    whole_thousands: [usize; 2],
    /// The line of the first figure read with its unit beside it (`1,5 tỷ`).
    with_unit: Option<usize>,
}

impl Evidences {
    fn slot(evidence: Evidence) -> Option<usize> {
        match evidence {
            Evidence::None => None,
            Evidence::Proves(Convention::Vi) => Some(0),
            Evidence::Proves(Convention::En) => Some(1),
            Evidence::Grouping(Convention::Vi) => Some(2),
            Evidence::Grouping(Convention::En) => Some(3),
        }
    }

    pub fn note(&mut self, line: usize, text: &str) {
        self.note_read(line, text, evidence(text));
    }

    /// Notes a cell whose evidence is read already (see [`read`]).
    #[inline]
    pub fn note_read(&mut self, line: usize, text: &str, evidence: Evidence) {
        if let Some(slot) = Self::slot(evidence) {
            self.counts[slot] += 1;
            if self.first[slot].is_none() {
                self.first[slot] = Some((line, text.to_owned()));
            }
            if slot >= 2 {
                self.note_grouped(slot - 2, text);
            }
        }
    }

    /// Notes a cell that reads either way (in most files none, or a few): kept out of
    /// line, so that [`Evidences::note_read`], asked of every amount, stays inline.
    #[inline(never)]
    fn note_grouped(&mut self, convention: usize, text: &str) {
        if text.ends_with("000") {
            self.whole_thousands[convention] += 1;
        }
    }

    /// How many cells read either way (`1,700`, `132.716`) so far.
    pub fn grouped(&self) -> usize {
        self.counts[2] + self.counts[3]
    }

    /// Has a cell that only one convention reads been seen? Then the rows' sums no
    /// longer count (they decide only where no cell proves either way).
    pub fn is_proven(&self) -> bool {
        self.counts[0] + self.counts[1] > 0
    }

    /// Notes whether a row with a cell that reads either way adds up read as vi, as en.
    pub fn note_sums(&mut self, adds_up: [bool; 2]) {
        for convention in [Convention::Vi, Convention::En] {
            self.sums[convention as usize] += usize::from(adds_up[convention as usize]);
        }
    }

    /// The convention in which more rows add up, if one does.
    fn summed(&self) -> Option<Convention> {
        let [vi, en] = self.sums;
        match vi.cmp(&en) {
            std::cmp::Ordering::Greater => Some(Convention::Vi),
            std::cmp::Ordering::Less => Some(Convention::En),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// Notes a figure read with its unit beside it, in the file's unit.
    pub fn note_with_unit(&mut self, line: usize) {
        self.with_unit.get_or_insert(line);
    }

    /// The line of the first figure read with its unit beside it.
    pub fn with_unit(&self) -> Option<usize> {
        self.with_unit
    }

    pub fn merge(&mut self, later: &Evidences) {
        self.with_unit = self.with_unit.or(later.with_unit);
        for convention in [Convention::Vi, Convention::En] {
            self.sums[convention as usize] += later.sums[convention as usize];
            self.whole_thousands[convention as usize] += later.whole_thousands[convention as usize];
        }
        for slot in 0..4 {
            self.counts[slot] += later.counts[slot];
            if self.first[slot].is_none() {
                self.first[slot].clone_from(&later.first[slot]);
            }
        }
    }

    /// Moves the lines of this part's cells by `shift`.
    pub fn shift_lines(&mut self, shift: usize) {
        for (line, _) in self.first.iter_mut().flatten() {
            *line += shift;
        }
        if let Some(line) = &mut self.with_unit {
            *line += shift;
        }
    }

    /// The convention, and why. A cell that only one convention reads decides, unless
    /// cells of the other outnumber it [`MAJORITY`] to one: then the many decide and the
    /// few are left to `check` to report as amounts it cannot read. Cells proving both
    /// with no such majority, or grouped both ways with nothing to tell, are an error at
    /// a line: never a silent guess.
    pub fn decide(
        &self,
        forced: Option<Convention>,
        fallback: Convention,
    ) -> Result<NumberFormat, (usize, Problem)> {
        if let Some(convention) = forced {
            return Ok(NumberFormat {
                convention,
                basis: Basis::Option,
                example: None,
            });
        }
        let [proves_vi, proves_en, grouped_vi, grouped_en] = self.counts;
        let weight = [proves_vi + grouped_vi, proves_en + grouped_en];
        let first = |slot: usize| self.first[slot].as_ref().map(|(l, t)| (*l, t.as_str()));
        let decided =
            |convention: Convention, basis, example: Option<(usize, &str)>| NumberFormat {
                convention,
                basis,
                example: example.map(|(line, text)| (line, text.to_owned())),
            };
        let outweighs = |c: Convention| weight[c as usize] >= MAJORITY * weight[c.other() as usize];
        let example = |c: Convention| first(c as usize).or(first(c as usize + 2));
        let both = |a: (usize, &str), b: (usize, &str), both_proven: bool| -> (usize, Problem) {
            let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
            let problem = Problem::NumberConventions {
                first: (first.0, first.1.to_owned()),
                second: (second.0, second.1.to_owned()),
                both_proven,
            };
            (second.0, problem)
        };
        let proven = [first(0), first(1)];
        match proven {
            [Some(_), Some(_)] | [Some(_), None] | [None, Some(_)] => {
                for convention in [Convention::Vi, Convention::En] {
                    let mine = proven[convention as usize].is_some();
                    let theirs = proven[convention.other() as usize].is_some();
                    // Both proven: the many decide, the few are mistakes.
                    if mine && theirs && outweighs(convention) {
                        return Ok(decided(convention, Basis::Weighed, example(convention)));
                    }
                    if mine && !theirs && !outweighs(convention.other()) {
                        return Ok(decided(
                            convention,
                            Basis::Proven,
                            first(convention as usize),
                        ));
                    }
                    if !mine && outweighs(convention) {
                        return Ok(decided(convention, Basis::Weighed, example(convention)));
                    }
                }
                // Here each side has its proof and neither outweighs the other.
                match (first(0), first(1)) {
                    (Some(vi), Some(en)) => Err(both(vi, en, true)),
                    _ => Ok(decided(fallback, Basis::Assumed, first(2).or(first(3)))),
                }
            }
            [None, None] => match (first(2), first(3)) {
                (Some(_), Some(_)) if outweighs(Convention::Vi) => {
                    Ok(decided(Convention::Vi, Basis::Weighed, first(2)))
                }
                (Some(_), Some(_)) if outweighs(Convention::En) => {
                    Ok(decided(Convention::En, Basis::Weighed, first(3)))
                }
                (Some(vi), Some(en)) => Err(both(vi, en, false)),
                // Cells such as `132.716` read either way: the rows' sums decide where they
                // add up more often one way; else, where every such cell ends in `000`
                // (`350,000`), its mark groups thousands (no one writes three decimals of
                // zeros on every figure); else the header's language decides, and the
                // report says it was assumed.
                (Some(example), None) | (None, Some(example)) => {
                    let grouping = match first(2) {
                        Some(_) => Convention::Vi,
                        None => Convention::En,
                    };
                    let index = grouping as usize;
                    Ok(match self.summed() {
                        Some(convention) => decided(convention, Basis::Sums, Some(example)),
                        None if self.whole_thousands[index] == self.counts[index + 2] => {
                            decided(grouping, Basis::WholeThousands, Some(example))
                        }
                        None => decided(fallback, Basis::Assumed, Some(example)),
                    })
                }
                (None, None) => Ok(NumberFormat {
                    convention: fallback,
                    basis: Basis::NoSeparators,
                    example: None,
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    proptest::proptest! {
        /// Any amount written grouped in either convention, with any sign and scale
        /// within the caps, reads back exactly, its scale kept.
        #[test]
        fn a_grouped_amount_reads_back_exactly(
            units in 0i64..=999_999_999_999_999_999,
            scale in 0u32..=9,
            negative: bool,
        ) {
            let value = Decimal::new(if negative { -units } else { units }, scale);
            for convention in [Convention::Vi, Convention::En] {
                let (_, decimal) = convention.marks();
                let mut written = format_grouped(value, convention);
                // format_grouped drops trailing zeros: put the scale back.
                let shown = value.normalize().scale();
                if scale > shown {
                    if shown == 0 {
                        written.push(decimal);
                    }
                    written.extend(std::iter::repeat_n('0', (scale - shown) as usize));
                }
                let read = parse_general(&written, convention);
                proptest::prop_assert_eq!(read, Ok(value), "{}", written);
                proptest::prop_assert_eq!(read.map(|v| v.scale()), Ok(scale), "{}", written);
            }
        }

        /// The simple shape's value, taken as its bytes are looked at, is the general
        /// reading's, digit counts on either side of a machine word included.
        #[test]
        fn any_simple_cell_reads_as_parse_does(cell in "-?[0-9]{1,20}([.,][0-9]{1,12})?") {
            for convention in [Convention::Vi, Convention::En] {
                let fast = Simple::of(cell.as_bytes()).and_then(|simple| simple.value(convention));
                if let Some(fast) = fast {
                    // The same value at the same scale (a zero's sign aside: `-0` is 0).
                    let general = parse_general(&cell, convention).map(|g| (g, g.scale()));
                    proptest::prop_assert_eq!(Ok((fast, fast.scale())), general);
                }
            }
        }
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn a_formula_error_value_is_told_from_text() {
        assert_eq!(formula_error(" #REF! "), Some(FormulaError::Reference));
        assert_eq!(formula_error("#div/0!"), Some(FormulaError::DivisionByZero));
        assert_eq!(formula_error("#N/A"), Some(FormulaError::NotFound));
        for other in ["#SPILL!", "#CALC!", "Err:502"] {
            assert_eq!(formula_error(other), Some(FormulaError::Other), "{other}");
        }
        for text in ["#1", "#REF!x", "#!", "Err:5021", "Err:50", "# REF!", "REF!"] {
            assert_eq!(formula_error(text), None, "{text}");
        }
    }

    #[test]
    fn a_formula_text_is_told_from_an_equals_sign() {
        for formula in [
            "=SUM(G10:G14)",
            " =G11+H11",
            "=+G11",
            "=(G11)",
            "=$G$11",
            "= 12+3",
        ] {
            assert!(is_formula_text(formula), "{formula}");
        }
        for text in ["=", "==", "=,", "1=1", "SUM(G10:G14)", ""] {
            assert!(!is_formula_text(text), "{text}");
        }
    }

    #[test]
    fn parses_vietnamese_amounts() {
        assert_eq!(parse("132.716", Convention::Vi), Ok(dec("132716")));
        assert_eq!(parse("38.305,31", Convention::Vi), Ok(dec("38305.31")));
        assert_eq!(parse("0,5", Convention::Vi), Ok(dec("0.5")));
        assert_eq!(parse("1 234 567", Convention::Vi), Ok(dec("1234567")));
        assert_eq!(parse("1 234,5", Convention::Vi), Ok(dec("1234.5")));
        // Spaces that do not group thousands do not make one number.
        assert!(parse("12 34", Convention::Vi).is_err());
        assert!(parse("1 5", Convention::En).is_err());
        assert!(parse("1 2345", Convention::En).is_err());
        assert_eq!(parse("-2.500", Convention::Vi), Ok(dec("-2500")));
        // An accounting format's negative.
        assert_eq!(parse("(2.500)", Convention::Vi), Ok(dec("-2500")));
        assert_eq!(parse("(2,500.5)", Convention::En), Ok(dec("-2500.5")));
        assert!(parse("(-2.500)", Convention::Vi).is_err());
        assert!(parse("(2.500", Convention::Vi).is_err());
    }

    #[test]
    fn parses_english_amounts() {
        assert_eq!(parse("132,716", Convention::En), Ok(dec("132716")));
        assert_eq!(parse("38305.31", Convention::En), Ok(dec("38305.31")));
        assert_eq!(parse("38,305.31", Convention::En), Ok(dec("38305.31")));
    }

    #[test]
    fn rejects_malformed_and_words() {
        assert_eq!(
            parse("1.2.3,4,5", Convention::Vi),
            Err(AmountError::Malformed)
        );
        assert_eq!(
            parse("1.2.3,4,5", Convention::En),
            Err(AmountError::Malformed)
        );
        assert_eq!(parse("12.34", Convention::Vi), Err(AmountError::Malformed));
        assert_eq!(
            parse("mười hai", Convention::Vi),
            Err(AmountError::NotANumber)
        );
        assert_eq!(parse("12 tỷ", Convention::Vi), Err(AmountError::NotANumber));
    }

    #[test]
    fn says_why_words_are_not_an_amount() {
        let why = |cell| not_an_amount(cell, Convention::Vi);
        for cell in ["Chưa xác định", "Đang xác định.", "chưa có", "KXĐ", "TBD"] {
            assert_eq!(why(cell), Some(AmountError::NotKnownYet), "{cell}");
        }
        for cell in [
            "1.500 - 2.000",
            "1.500–2.000",
            "từ 1.500 đến 2.000",
            "1.500 ÷ 2.000",
        ] {
            assert_eq!(why(cell), Some(AmountError::Range), "{cell}");
        }
        for cell in [
            "1.500 (ODA)",
            "1.500\n(vốn ODA)",
            "khoảng 1.500",
            "Trong đó: 500",
        ] {
            assert_eq!(why(cell), Some(AmountError::WithWords), "{cell}");
        }
        for cell in ["10%", " 30 % ", "12,5%"] {
            assert_eq!(why(cell), Some(AmountError::Percentage), "{cell}");
        }
        for cell in [
            "%",
            "10%%",
            "năm trăm",
            "1.500 (1)",
            "1.500-",
            "x",
            "~1.500",
            "1.500 2.000",
        ] {
            assert_eq!(why(cell), None, "{cell}");
        }
    }

    #[test]
    fn rejects_amounts_beyond_the_cap() {
        let huge = format!("1{}", "0".repeat(40));
        assert_eq!(parse(&huge, Convention::En), Err(AmountError::TooLarge));
        assert_eq!(
            parse("0,1234567891", Convention::Vi),
            Err(AmountError::TooLarge)
        );
    }

    /// Found by fuzzing (number_roundtrip): a 19-digit amount written by aidcat must be
    /// refused as too large, never misread; 18 digits round-trip.
    #[test]
    fn amounts_past_the_cap_are_refused_and_those_within_round_trip() {
        let past = Decimal::from(3_314_649_325_744_805_844_i64);
        let written = format_grouped(past, Convention::Vi);
        assert_eq!(parse(&written, Convention::Vi), Err(AmountError::TooLarge));
        let within = Decimal::new(999_999_999_999_999_999, 0);
        for convention in [Convention::Vi, Convention::En] {
            let written = format_grouped(within, convention);
            assert_eq!(parse(&written, convention), Ok(within));
        }
    }

    #[test]
    fn the_simple_shape_reads_as_parse_does() {
        for (cell, convention) in [
            ("38305.31", Convention::En),
            ("-2500", Convention::Vi),
            ("38305,31", Convention::Vi),
            ("132.716", Convention::En),
            ("0.5", Convention::En),
            ("7", Convention::En),
            ("500,50", Convention::Vi),
            ("0007", Convention::En),
            // Eighteen digits (a machine word), nineteen and the most an amount has.
            ("123456789.123456789", Convention::En),
            ("-999999999999999999", Convention::En),
            ("1234567890.123456789", Convention::En),
            ("-999999999999999999.999999999", Convention::En),
        ] {
            let fast = Simple::of(cell.as_bytes())
                .and_then(|simple| simple.value(convention))
                .unwrap();
            let general = parse_general(cell, convention).unwrap();
            // The same value at the same scale: `500,50` keeps its two decimals.
            assert_eq!(fast.to_string(), general.to_string(), "{cell}");
        }
        for other in ["1.234,5", "1,234", "", "-", "12a", "1.2.3"] {
            assert!(
                Simple::of(other.as_bytes())
                    .and_then(|simple| simple.value(Convention::En))
                    .is_none(),
                "{other}"
            );
        }
    }

    #[test]
    fn the_simple_evidence_is_the_full_evidence() {
        for cell in [
            "132.716", "38305,31", "0.500", "-12.5", "1,234", "12,3456", "5203.5", "0,716",
        ] {
            assert_eq!(
                Simple::of(cell.as_bytes()).map(|simple| simple.evidence()),
                Some(general_evidence(cell)),
                "{cell}"
            );
        }
    }

    #[test]
    fn a_cell_read_once_reads_as_parse_and_evidence() {
        for cell in [
            "132.716",
            "38.305,31",
            "38305,31",
            "-12.5",
            "1,234",
            "5203.5",
            "7",
            "-",
            "",
            "abc",
            "1 234,5",
            "−5",
            "+3",
            "1.2.3",
            "12,",
            ",5",
            "0,716",
            "1.234.567",
            "1.000*",
            "1.000 (*)",
            "abc*",
        ] {
            for convention in [Convention::Vi, Convention::En] {
                let (mut noted, mut expected) = (Evidences::default(), Evidences::default());
                let value = read(cell, convention, 3, &mut noted);
                expected.note(3, cell);
                assert_eq!(value, parse(cell, convention), "{cell} {convention}");
                assert_eq!(noted, expected, "{cell} {convention}");
            }
        }
    }

    #[test]
    fn a_footnote_mark_after_an_amount_is_not_read() {
        let vi = |cell: &str| parse(cell, Convention::Vi);
        for (cell, value) in [
            ("1.000*", 1000),
            ("1.000 (*)", 1000),
            ("500**", 500),
            ("-20(**)", -20),
        ] {
            assert_eq!(vi(cell), Ok(Decimal::from(value)), "{cell}");
        }
        for cell in ["*", "(*)", "abc*", "1.000 (a)", "1.000)"] {
            assert!(vi(cell).is_err(), "{cell}");
        }
    }

    #[test]
    fn evidence_tells_conventions_apart() {
        assert_eq!(evidence("38.305,31"), Evidence::Proves(Convention::Vi));
        assert_eq!(evidence("1.234.567"), Evidence::Proves(Convention::Vi));
        assert_eq!(evidence("0,5"), Evidence::Proves(Convention::Vi));
        assert_eq!(evidence("38305.31"), Evidence::Proves(Convention::En));
        assert_eq!(evidence("5828.711"), Evidence::Proves(Convention::En));
        assert_eq!(evidence("1,234,567"), Evidence::Proves(Convention::En));
        assert_eq!(evidence("132.716"), Evidence::Grouping(Convention::Vi));
        assert_eq!(evidence("132,716"), Evidence::Grouping(Convention::En));
        assert_eq!(evidence("500"), Evidence::None);
        assert_eq!(evidence("abc"), Evidence::None);
        // A unit beside the figure says nothing; the figure does.
        assert_eq!(evidence("₫3,000,000"), Evidence::Proves(Convention::En));
        assert_eq!(evidence("1.500.000 đ"), Evidence::Proves(Convention::Vi));
        assert_eq!(evidence("US$ 1,500"), Evidence::Grouping(Convention::En));
        assert_eq!(evidence("500 tr.đ"), Evidence::None);
        assert_eq!(evidence("Chưa xác định"), Evidence::None);
        // A figure no convention reads says nothing (it was cited as proof of vi).
        assert_eq!(evidence("1.000."), Evidence::None);
        assert_eq!(evidence("1,000,"), Evidence::None);
        assert_eq!(evidence("1.234.56"), Evidence::None);
        assert_eq!(evidence("1.000.,5"), Evidence::None);
    }

    #[test]
    fn formats_grouped_in_each_convention() {
        assert_eq!(format_grouped(dec("367902"), Convention::Vi), "367.902");
        assert_eq!(format_grouped(dec("38305.31"), Convention::Vi), "38.305,31");
        assert_eq!(
            format_grouped(dec("-1234567.5"), Convention::En),
            "-1,234,567.5"
        );
        assert_eq!(format_grouped(dec("360.000"), Convention::En), "360");
        assert_eq!(format_plain(dec("12000.50")), "12000.5");
    }

    #[test]
    fn a_figure_with_its_unit_beside_it_is_told_apart() {
        for cell in [
            "500 triệu",
            "1.500.000 đ",
            "500tr.đ",
            "$1.000",
            "USD 1.000",
            "12 tỷ",
        ] {
            assert!(figure_with_unit(cell, Convention::Vi).is_some(), "{cell}");
        }
        for cell in ["năm trăm", "1.500.", "", "đ", "1.2.3,4,5 đ", "- 5 -"] {
            assert!(figure_with_unit(cell, Convention::Vi).is_none(), "{cell}");
        }
        assert_eq!(
            figure_with_unit("1,5 tỷ", Convention::Vi),
            Some(("1,5", "tỷ"))
        );
        assert_eq!(
            figure_with_unit("$150,000", Convention::En),
            Some(("150,000", "$"))
        );
    }

    #[test]
    fn decides_the_convention_from_the_cells() {
        let vi = decide(
            [(3, "500"), (4, "38.305,31")].into_iter(),
            None,
            Convention::En,
        )
        .unwrap();
        assert_eq!((vi.convention, vi.basis), (Convention::Vi, Basis::Proven));
        // Cells that read either way follow the header's language.
        let assumed = decide([(3, "132.716")].into_iter(), None, Convention::Vi).unwrap();
        assert_eq!(
            (assumed.convention, assumed.basis),
            (Convention::Vi, Basis::Assumed)
        );
        let english = decide([(3, "5.125")].into_iter(), None, Convention::En).unwrap();
        assert_eq!(
            (english.convention, english.basis),
            (Convention::En, Basis::Assumed)
        );
        // Every such cell ending in `000`: its mark groups thousands, whatever the header.
        for (cells, convention) in [
            ([(3, "350,000"), (4, "-120,000")], Convention::En),
            ([(3, "350.000"), (4, "120.000")], Convention::Vi),
        ] {
            for fallback in [Convention::Vi, Convention::En] {
                let read = decide(cells.into_iter(), None, fallback).unwrap();
                assert_eq!(
                    (read.convention, read.basis),
                    (convention, Basis::WholeThousands)
                );
            }
        }
        let some = decide(
            [(3, "350,000"), (4, "120,500")].into_iter(),
            None,
            Convention::Vi,
        );
        assert_eq!(some.unwrap().basis, Basis::Assumed);
        let plain = decide([(3, "500")].into_iter(), None, Convention::En).unwrap();
        assert_eq!(
            (plain.convention, plain.basis),
            (Convention::En, Basis::NoSeparators)
        );
        let forced = decide(
            [(3, "38.305,31")].into_iter(),
            Some(Convention::En),
            Convention::Vi,
        );
        assert_eq!(forced.unwrap().basis, Basis::Option);
    }

    #[test]
    fn conflicting_cells_are_an_error_not_a_guess() {
        let mixed = decide(
            [(3, "38.305,31"), (9, "38305.31")].into_iter(),
            None,
            Convention::Vi,
        );
        assert_eq!(mixed.unwrap_err().0, 9);
        let ambiguous = decide(
            [(3, "12.000"), (5, "5,500")].into_iter(),
            None,
            Convention::Vi,
        );
        assert_eq!(ambiguous.unwrap_err().0, 5);
    }
}
