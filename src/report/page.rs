//! `report`: what a page to forward holds, per file (the catalogue as published, its
//! findings, its sector and year sums, its plan) and across files (provinces compared).

use super::check::CheckedFile;
use super::sheet::{Cell, Sheet};
use super::summary::{GroupBy, summary, summed};
use crate::cli::RollupArgs;
use crate::lang::Lang;
use crate::model::{Catalogue, Plan};
use anyhow::Result;
use rust_decimal::Decimal;

/// One catalogue on the page.
pub struct FilePage {
    pub catalogue: Catalogue,
    pub checked: CheckedFile,
    /// The table of totals by sector beside it, checked against it (its findings stand
    /// in its own sheet or table), where the file has one.
    pub totals: Option<CheckedFile>,
    /// The summary by sector, and by year (an estimate).
    pub sectors: Sheet,
    pub years: Sheet,
}

/// The whole page.
pub struct Page {
    pub lang: Lang,
    /// The day of the check, `YYYY-MM-DD`.
    pub date: String,
    pub files: Vec<FilePage>,
    pub plan: Option<Plan>,
    /// Several files: totals by province and national sector, and their unit.
    pub comparison: Option<(Sheet, Option<String>)>,
    /// Files that hold one catalogue twice (also among the comparison's notes).
    pub twice: Vec<String>,
}

impl FilePage {
    /// Its errors and warnings, its table of totals' too.
    pub fn counts(&self) -> (usize, usize) {
        let totals = self.totals.as_ref().map(|t| &t.counts);
        let errors = self.checked.counts.errors + totals.map_or(0, |t| t.errors);
        let warnings = self.checked.counts.warnings + totals.map_or(0, |t| t.warnings);
        (errors, warnings)
    }
}

impl Page {
    /// The page of `catalogues` (several compared in one unit as `rollup` says), with
    /// `plan`, checked on `date`.
    pub fn new(
        catalogues: Vec<Catalogue>,
        plan: Option<Plan>,
        rollup: &RollupArgs,
        lang: Lang,
        date: String,
    ) -> Result<Page> {
        let by = [GroupBy::Province, GroupBy::NationalSector];
        let (comparison, twice) = if catalogues.len() > 1 {
            let mut rolled = summed(&catalogues, &by, rollup, lang)?;
            rolled.sheet.notes.extend(rolled.twice.iter().cloned());
            (Some((rolled.sheet, rolled.unit)), rolled.twice)
        } else {
            (None, Vec::new())
        };
        let files = catalogues
            .into_iter()
            .map(|catalogue| {
                let one = std::slice::from_ref(&catalogue);
                Ok(FilePage {
                    checked: CheckedFile::of(&catalogue, lang),
                    totals: None,
                    sectors: summary(one, &[GroupBy::Sector], lang)?,
                    years: summary(one, &[GroupBy::Year], lang)?,
                    catalogue,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page {
            lang,
            date,
            files,
            plan,
            comparison,
            twice,
        })
    }
}

/// A sheet's column by its machine key.
pub fn column(sheet: &Sheet, key: &str) -> Option<usize> {
    sheet.columns.iter().position(|c| c.key == key)
}

/// A sheet's rows as (label, total, aid, counterpart), the label from column `key`.
pub fn figures(sheet: &Sheet, key: &str) -> Vec<(String, Decimal, Decimal, Decimal)> {
    let (Some(label), Some(total), Some(aid), Some(counterpart)) = (
        column(sheet, key),
        column(sheet, "total"),
        column(sheet, "aid"),
        column(sheet, "counterpart"),
    ) else {
        return Vec::new();
    };
    let amount = |cell: &Cell| match cell {
        Cell::Amount(Some(value)) => *value,
        _ => Decimal::ZERO,
    };
    sheet
        .rows
        .iter()
        .map(|row| {
            let text = match &row[label] {
                Cell::Text(text) => text.clone(),
                _ => String::new(),
            };
            (
                text,
                amount(&row[total]),
                amount(&row[aid]),
                amount(&row[counterpart]),
            )
        })
        .collect()
}

/// Today, or the day `SOURCE_DATE_EPOCH` says (so a report can be made twice alike).
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    let (year, month, day) = civil_date(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(19_675), (2023, 11, 14));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(-1), (1969, 12, 31));
    }
}
