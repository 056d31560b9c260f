//! Arbitrary bytes as an implementation plan: read, listed for a year and counted by lead
//! and partner agency, in every format. The first byte picks the year and the language.

#![no_main]

#[path = "boundary.rs"]
mod boundary;

use aidcat::export::{self, Format};
use aidcat::lang::Lang;
use aidcat::read::{ReadOptions, read_plan};
use aidcat::report::plan::{Agency, by_agency, tasks};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    boundary::panics_in_aidcat_or_outside_the_boundary();
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    // Workbooks are read in a child process by the command line; their targets are
    // workbook_*.
    if aidcat::read::workbook::is_workbook("plan.csv", bytes) {
        return;
    }
    let Ok(mut file) = tempfile::Builder::new().suffix(".csv").tempfile() else {
        return;
    };
    if file.write_all(bytes).is_err() {
        return;
    }
    let Ok(plan) = read_plan(file.path(), &ReadOptions::default()) else {
        return;
    };
    let year = (selector & 1 == 1).then(|| 2015 + u16::from(selector >> 2));
    let lang = [Lang::En, Lang::Vi][usize::from(selector >> 1 & 1)];
    let sheets = [
        tasks(&plan, year, lang),
        by_agency(&plan, Agency::Lead, year, lang),
        by_agency(&plan, Agency::Partner, year, lang),
    ];
    let extras = export::Extras {
        sheet_name: "fuzz",
        findings: &[],
        lang,
    };
    for sheet in &sheets {
        for format in [Format::Table, Format::Csv, Format::Json, Format::Markdown] {
            let _ = export::render(sheet, format, Some(80), &extras);
        }
    }
});
