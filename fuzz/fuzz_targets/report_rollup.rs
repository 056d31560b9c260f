//! Arbitrary bytes as a catalogue, a unit, a rate and a sector mapping, through the
//! roll-up (national sectors, conversion) and the HTML report: no panic, and no markup
//! from the input ever reaches the page as markup.

#![no_main]

#[path = "boundary.rs"]
mod boundary;

use aidcat::cli::RollupArgs;
use aidcat::export::html;
use aidcat::lang::Lang;
use aidcat::read::{ReadOptions, read_catalogue_bytes};
use aidcat::report::page::Page;
use aidcat::report::summary::{GroupBy, summed};
use aidcat::unit::{Rate, Unit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    boundary::panics_in_aidcat_or_outside_the_boundary();
    // Lines before a NUL byte are the unit and the rate; the rest is the catalogue.
    let (head, bytes) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b""[..], data),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let unit = lines.next().map(str::to_owned);
    let rate = lines.next().map(str::to_owned);
    if let Some(unit) = &unit {
        let _ = Unit::parse(unit).map(|u| u.name(true));
    }
    if let Some(rate) = &rate {
        let _ = Rate::parse(rate);
    }
    let Ok(catalogue) = read_catalogue_bytes("fuzz.csv", bytes, &ReadOptions::default()) else {
        return;
    };
    let args = RollupArgs {
        sectors: None,
        unit: unit.filter(|u| Unit::parse(u).is_some()),
        rate: rate.into_iter().collect(),
    };
    let catalogues = vec![catalogue.clone(), catalogue];
    for by in [
        &[GroupBy::NationalSector][..],
        &[GroupBy::Province, GroupBy::NationalSector],
        &[GroupBy::Year, GroupBy::Sector],
    ] {
        let _ = summed(&catalogues, by, &args, Lang::Vi);
    }
    if let Ok(page) = Page::new(catalogues, None, &args, Lang::En, "2026-01-01".into()) {
        let page = html::report(&page);
        // The page itself has no script, image, frame or form: any is the input's.
        for tag in [
            "<script", "<img", "<iframe", "<form", "<object", "<embed", "<link",
        ] {
            assert!(!page.contains(tag), "{tag} reached the page");
        }
    }
});
