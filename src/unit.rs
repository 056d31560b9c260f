//! Units of amounts and exchange rates: `triệu đồng`, `tỷ đồng`, `đồng`, `USD`,
//! `1.000 USD`; `1 USD = 24.000 đồng`. Units of one currency convert exactly (by powers of
//! ten); two currencies convert only by a rate the user or the file states.

use crate::number::{self, Convention, Evidence, format_grouped};
use crate::text::fold;
use rust_decimal::Decimal;
use std::fmt;

/// A currency and how many of its base units one unit of the amounts is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// ISO code: `VND`, `USD`, `EUR`.
    pub currency: &'static str,
    /// 1, 1 000, 1 000 000, 1 000 000 000.
    pub scale: Decimal,
}

const CURRENCIES: [(&str, &[&str]); 3] = [
    ("VND", &["dong", "d", "₫", "vnd", "vnd.", "dong viet nam"]),
    (
        "USD",
        &[
            "usd", "us$", "$", "do la my", "dola my", "do la", "dollar", "dollars",
        ],
    ),
    ("EUR", &["eur", "€", "euro", "euros"]),
];

const SCALES: [(u64, &[&str]); 3] = [
    (
        1_000,
        &["nghin", "ngan", "thousand", "thousands", "'000", "000s"],
    ),
    (1_000_000, &["trieu", "tr", "million", "millions"]),
    (1_000_000_000, &["ty", "ti", "billion", "billions"]),
];

impl Unit {
    /// Reads a unit as provinces write it; `None` for words aidcat does not know.
    pub fn parse(text: &str) -> Option<Unit> {
        let folded = fold(text);
        let folded = folded.trim().trim_start_matches('(').trim_end_matches(')');
        // A leading multiplier: `1.000 USD`, `1000 đồng`.
        let digits_end = folded
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == ' '))
            .unwrap_or(folded.len());
        let (multiplier, words) = folded.split_at(digits_end);
        let multiplier: String = multiplier.chars().filter(char::is_ascii_digit).collect();
        let mut scale = match multiplier.as_str() {
            "" => Decimal::ONE,
            digits => digits.parse::<u64>().ok().map(Decimal::from)?,
        };
        let words = words.replace(['.', '/'], " ");
        let mut words: Vec<&str> = words.split_whitespace().collect();
        match words.as_slice() {
            ["trd"] => words = vec!["tr", "d"],
            ["trieu"] | ["ty"] | ["ti"] => words.push("dong"),
            _ => {}
        }
        // The scale before the currency (`nghìn USD`), or after it in English (`USD
        // thousand`, `USD '000`).
        let scale_at = |at: usize| {
            let word = words.get(at)?;
            SCALES.iter().find(|(_, names)| names.contains(word))
        };
        let last = words.len().saturating_sub(1);
        if let Some((at, (factor, _))) = [0, last]
            .into_iter()
            .find_map(|at| scale_at(at).map(|scale| (at, scale)))
            .filter(|_| words.len() >= 2)
        {
            scale = scale.checked_mul(Decimal::from(*factor))?;
            words.remove(at);
        }
        let name = words.join(" ");
        let (currency, _) = CURRENCIES
            .iter()
            .find(|(_, names)| names.contains(&&*name))?;
        (!scale.is_zero()).then_some(Unit { currency, scale })
    }

    /// The unit's name in `vietnamese` or English: `triệu đồng`, `million VND`.
    pub fn name(&self, vietnamese: bool) -> String {
        let scale_word = SCALES
            .iter()
            .zip(
                [
                    ["nghìn", "thousand"],
                    ["triệu", "million"],
                    ["tỷ", "billion"],
                ]
                .iter(),
            )
            .find(|((factor, _), _)| Decimal::from(*factor) == self.scale)
            .map(|(_, words)| words[usize::from(!vietnamese)]);
        let currency = match (self.currency, vietnamese) {
            ("VND", true) => "đồng",
            (code, _) => code,
        };
        match scale_word {
            Some(word) => format!("{word} {currency}"),
            None if self.scale == Decimal::ONE => currency.to_owned(),
            None => format!("{} {currency}", format_grouped(self.scale, Convention::Vi)),
        }
    }
}

/// A stated unit as compared with another: one written two ways (`Tr.đ`, `triệu đồng`)
/// is one; a unit aidcat does not read is compared as written, case and marks aside.
pub fn comparable(stated: &str) -> String {
    Unit::parse(stated).map_or_else(|| fold(stated), |unit| unit.name(false))
}

/// A cell that writes a figure with a unit of `file`'s currency beside it (`1,5 tỷ` in
/// a table in `triệu đồng`, `$150,000` in one in USD): the figure in `file`'s unit, and
/// the figure as written. Units of one currency convert exactly, by a power of ten; none
/// where the result is not exact or past an amount's caps.
pub fn figure_in_unit<'c>(
    cell: &'c str,
    convention: Convention,
    file: &Unit,
) -> Option<(Decimal, &'c str)> {
    let (figure, unit) = number::figure_with_unit(cell, convention)?;
    let written = Unit::parse(unit)?;
    let value = number::parse(figure, convention).ok()?;
    Some((in_unit(value, &written, file)?, figure))
}

/// `value` in `written` as a figure in `file`: units of one currency convert exactly, by
/// a power of ten; none for another currency, or where the result is not exact or past
/// an amount's caps.
pub fn in_unit(value: Decimal, written: &Unit, file: &Unit) -> Option<Decimal> {
    if written.currency != file.currency {
        return None;
    }
    let scaled = value.checked_mul(written.scale)?;
    let converted = scaled.checked_div(file.scale)?.normalize();
    let exact = converted.checked_mul(file.scale) == Some(scaled);
    let cap = Decimal::from(10u64.pow(number::MAX_WHOLE_DIGITS as u32));
    let within = converted.abs() < cap && converted.scale() <= number::MAX_DECIMAL_PLACES as u32;
    (exact && within).then_some(converted)
}

/// `1 USD = 24.000 đồng`: how many of `to`'s units one of `from`'s is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    pub from: Unit,
    pub to: Unit,
    /// `to` units per `from` unit.
    pub value: Decimal,
    /// As the user or the file wrote it, for the outputs that used it.
    pub written: String,
}

impl Rate {
    /// Reads `1 USD = 24.000 đồng` (or `USD = 24000 VND`, `1 EUR = 1,08 USD`, and the
    /// way rates are quoted, `24.000 đồng/USD`).
    pub fn parse(text: &str) -> Option<Rate> {
        let (left, right) = match text.split_once('=') {
            Some(sides) => sides,
            None => {
                let (amount, per) = text.rsplit_once('/')?;
                (per, amount)
            }
        };
        let (from_count, from) = amount_and_unit(left)?;
        let (to_count, to) = amount_and_unit(right)?;
        if from.currency == to.currency || from_count.is_zero() || to_count <= Decimal::ZERO {
            return None;
        }
        Some(Rate {
            value: to_count.checked_div(from_count)?,
            from,
            to,
            written: text.split_whitespace().collect::<Vec<_>>().join(" "),
        })
    }

    /// Base units of `to`'s currency per base unit of `from`'s.
    fn base(&self) -> Option<Decimal> {
        self.value
            .checked_mul(self.to.scale)?
            .checked_div(self.from.scale)
    }
}

/// `24.000 đồng` → (24000, đồng); a count left out is 1.
fn amount_and_unit(text: &str) -> Option<(Decimal, Unit)> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(text.len());
    let (count, unit) = text.split_at(split);
    let count = if count.is_empty() {
        Decimal::ONE
    } else {
        // One mark before three digits groups thousands (`24.000`, `24,000`); otherwise
        // the marks say which convention they are in.
        let convention = match number::evidence(count) {
            Evidence::Grouping(c) | Evidence::Proves(c) => c,
            Evidence::None => Convention::Vi,
        };
        number::parse(count, convention).ok()?
    };
    Some((count, Unit::parse(unit)?))
}

/// How the amounts of one file become amounts in the output unit: times `numerator`,
/// divided by `denominator`, rounded to `places` where the division may not end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    numerator: Decimal,
    denominator: Decimal,
    /// Decimal places kept after a division by a rate (a hundredth of the output unit).
    places: Option<u32>,
    /// The rate used, if the currencies differ.
    pub rate: Option<String>,
}

/// Why two units do not convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoRate;

impl Conversion {
    pub fn identity() -> Self {
        Conversion {
            numerator: Decimal::ONE,
            denominator: Decimal::ONE,
            places: None,
            rate: None,
        }
    }

    /// From `from` to `to`, by the first of `rates` between their currencies.
    pub fn between(from: &Unit, to: &Unit, rates: &[&Rate]) -> Result<Self, NoRate> {
        let mut conversion = Conversion {
            numerator: from.scale,
            denominator: to.scale,
            places: None,
            rate: None,
        };
        if from.currency == to.currency {
            return Ok(conversion);
        }
        let rate = rates
            .iter()
            .find(|r| {
                (r.from.currency, r.to.currency) == (from.currency, to.currency)
                    || (r.from.currency, r.to.currency) == (to.currency, from.currency)
            })
            .ok_or(NoRate)?;
        let base = rate.base().ok_or(NoRate)?;
        if rate.from.currency == from.currency {
            conversion.numerator = conversion.numerator.checked_mul(base).ok_or(NoRate)?;
        } else {
            conversion.denominator = conversion.denominator.checked_mul(base).ok_or(NoRate)?;
            conversion.places = Some(2);
        }
        conversion.rate = Some(rate.written.clone());
        Ok(conversion)
    }

    /// Does it round (divide by a rate)?
    pub fn rounds(&self) -> bool {
        self.places.is_some()
    }

    pub fn is_identity(&self) -> bool {
        self.numerator == self.denominator
    }

    /// The amount in the output unit; `None` past what a decimal holds.
    pub fn apply(&self, amount: Decimal) -> Option<Decimal> {
        if self.is_identity() {
            return Some(amount);
        }
        let value = amount
            .checked_mul(self.numerator)?
            .checked_div(self.denominator)?;
        Some(match self.places {
            Some(places) => value.round_dp(places),
            None => value.normalize(),
        })
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name(true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn unit(text: &str) -> Unit {
        Unit::parse(text).unwrap_or_else(|| panic!("{text} is a unit"))
    }

    #[test]
    fn reads_the_units_provinces_write() {
        let million = Decimal::from(1_000_000);
        for text in [
            "Triệu đồng",
            "triệu đồng",
            "Tr.đ",
            "trđ",
            "tr. đồng",
            "(triệu đồng)",
            "1.000.000 đồng",
            "million VND",
        ] {
            assert_eq!(
                unit(text),
                Unit {
                    currency: "VND",
                    scale: million
                },
                "{text}"
            );
        }
        assert_eq!(unit("tỷ đồng").scale, Decimal::from(1_000_000_000));
        assert_eq!(unit("Đồng").scale, Decimal::ONE);
        // The signs a spreadsheet's currency format writes beside a figure.
        for (sign, currency) in [("₫", "VND"), ("$", "USD"), ("€", "EUR")] {
            assert_eq!(unit(sign).currency, currency, "{sign}");
        }
        assert_eq!(
            unit("1.000 USD"),
            Unit {
                currency: "USD",
                scale: Decimal::from(1000)
            }
        );
        for text in [
            "USD thousand",
            "USD '000",
            "(USD thousands)",
            "thousand USD",
        ] {
            assert_eq!(unit(text), unit("1.000 USD"), "{text}");
        }
        assert_eq!(unit("VND million"), unit("triệu đồng"));
        assert_eq!(unit("nghìn USD").name(true), "nghìn USD");
        assert_eq!(unit("USD").name(false), "USD");
        assert_eq!(unit("tr.đ").name(false), "million VND");
        for text in ["", "cái", "người", "0 USD", "triệu người"] {
            assert_eq!(Unit::parse(text), None, "{text}");
        }
    }

    #[test]
    fn units_of_one_currency_convert_exactly() {
        let to_million = Conversion::between(&unit("tỷ đồng"), &unit("triệu đồng"), &[]).unwrap();
        assert_eq!(
            to_million.apply(Decimal::from_str("1.25").unwrap()),
            Some(Decimal::from(1250))
        );
        let to_billion = Conversion::between(&unit("triệu đồng"), &unit("tỷ đồng"), &[]).unwrap();
        assert_eq!(
            to_billion.apply(Decimal::from(12_873)),
            Some(Decimal::from_str("12.873").unwrap())
        );
        assert_eq!(
            Conversion::between(&unit("USD"), &unit("đồng"), &[]),
            Err(NoRate)
        );
    }

    #[test]
    fn a_rate_converts_both_ways() {
        let rate = Rate::parse("1 USD = 24.000 đồng").unwrap();
        assert_eq!(rate.value, Decimal::from(24_000));
        assert_eq!(
            Rate::parse("USD=24,000 VND").unwrap().value,
            Decimal::from(24_000)
        );
        let to_million = Conversion::between(&unit("USD"), &unit("triệu đồng"), &[&rate]).unwrap();
        assert_eq!(
            to_million.apply(Decimal::from(500_000)),
            Some(Decimal::from(12_000))
        );
        assert_eq!(to_million.rate.as_deref(), Some("1 USD = 24.000 đồng"));
        let to_usd = Conversion::between(&unit("triệu đồng"), &unit("USD"), &[&rate]).unwrap();
        assert_eq!(
            to_usd.apply(Decimal::from(1)),
            Some(Decimal::from_str("41.67").unwrap())
        );
        for bad in [
            "24000",
            "1 USD = 0 đồng",
            "1 USD = 2 USD",
            "1 USD = 24.000 người",
        ] {
            assert_eq!(Rate::parse(bad), None, "{bad}");
        }
    }
}
