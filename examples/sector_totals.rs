//! Using aidcat as a library: read a catalogue and print each sector's computed totals.
//!
//!     cargo run --example sector_totals -- data/soc-trang-2020-2025.csv

use aidcat::number::format_grouped;
use aidcat::read::{ReadOptions, read_catalogue};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or_else(|| anyhow::anyhow!("usage: sector_totals FILE"))?;
    let catalogue = read_catalogue(&path, &ReadOptions::default())?;
    let convention = catalogue.convention();
    for sector in &catalogue.sectors {
        let totals = sector
            .totals()
            .ok_or_else(|| anyhow::anyhow!("{}: sums past 28 digits", sector.title()))?;
        println!(
            "{:<60} total {:>12}  aid {:>12}  counterpart {:>10}",
            sector.title(),
            format_grouped(totals.total, convention),
            format_grouped(totals.aid, convention),
            format_grouped(totals.counterpart, convention)
        );
    }
    Ok(())
}
