//! Headings and messages of reports in English or Vietnamese (`--lang`, default from `LANG`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Vi,
}

impl Lang {
    /// `vi` when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first one set) starts with `vi`.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("vi") {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    /// Picks the text in this language.
    pub fn pick(self, en: &'static str, vi: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }
}

mod en;

use crate::check::FindingKind;
use crate::number::{Convention, format_grouped};
use rust_decimal::Decimal;

/// How a file writes amounts: its number convention and unit.
#[derive(Debug, Clone)]
pub struct Amounts {
    pub convention: Convention,
    pub unit: Option<String>,
}

impl Amounts {
    pub fn amount(&self, value: Decimal) -> String {
        format_grouped(value, self.convention)
    }

    /// A difference with its sign and unit: `+360 Triệu đồng`.
    pub fn difference(&self, value: Decimal) -> String {
        let sign = if value > Decimal::ZERO { "+" } else { "" };
        match &self.unit {
            Some(unit) => format!("{sign}{} {unit}", self.amount(value)),
            None => format!("{sign}{}", self.amount(value)),
        }
    }
}

/// A name shortened for a message.
fn short(name: &str) -> String {
    const LIMIT: usize = 60;
    if name.chars().count() <= LIMIT {
        name.to_owned()
    } else {
        format!("{}…", name.chars().take(LIMIT - 1).collect::<String>())
    }
}

impl Lang {
    /// A finding in words.
    pub fn finding(self, kind: &FindingKind, amounts: &Amounts) -> String {
        match self {
            // The Vietnamese texts are the next step; until then both read English.
            Lang::En | Lang::Vi => en::finding(kind, amounts),
        }
    }
}
