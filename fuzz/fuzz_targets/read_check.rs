//! Arbitrary bytes through the whole reader, checker and reports. The first byte picks
//! the options (forced number convention, forced encoding) so every path is reached.

#![no_main]

#[path = "boundary.rs"]
mod boundary;

use aidcat::check::check;
use aidcat::export::{self, Format};
use aidcat::lang::Lang;
use aidcat::number::Convention;
use aidcat::read::{ReadOptions, TextEncoding, read_catalogue_bytes};
use aidcat::report::projects::{Filters, ProjectList, list, tidy};
use aidcat::report::summary::{GroupBy, summary};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    boundary::panics_in_aidcat_or_outside_the_boundary();
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let options = ReadOptions {
        number_format: [None, Some(Convention::Vi), Some(Convention::En)]
            [usize::from(selector % 3)],
        encoding: [
            None,
            None,
            Some(TextEncoding::Utf8),
            Some(TextEncoding::Utf16Le),
            Some(TextEncoding::Utf16Be),
            Some(TextEncoding::Windows1258),
            Some(TextEncoding::Tcvn3),
            Some(TextEncoding::Vni),
        ][usize::from(selector / 3 % 8)],
        ..ReadOptions::default()
    };
    // Workbooks have their own targets (workbook_*), run as the command line runs them:
    // the workbook library may ask for gigabytes on a damaged file, which the command line
    // bounds in a child process and this in-process reading cannot.
    if aidcat::read::workbook::is_workbook("fuzz.csv", bytes) {
        return;
    }
    let Ok(catalogue) = read_catalogue_bytes("fuzz.csv", bytes, &options) else {
        return;
    };
    let _ = check(&catalogue);
    let catalogues = [catalogue];
    let by = [GroupBy::Sector, GroupBy::Year, GroupBy::Owner][usize::from(selector % 3)];
    let extras = export::Extras {
        sheet_name: "fuzz",
        findings: &[],
        lang: Lang::En,
    };
    if let Ok(sheet) = summary(&catalogues, &[by], Lang::En) {
        for format in [
            Format::Table,
            Format::Csv,
            Format::Json,
            Format::Markdown,
            Format::Xlsx,
        ] {
            let _ = export::render(&sheet, format, Some(80), &extras);
        }
    }
    let mut projects = ProjectList::new(Arc::new(Filters::default()), 100_000);
    if catalogues[0].feed(&mut projects).is_ok()
        && let Some(listed) = list(&catalogues, vec![projects], None, Lang::Vi)
    {
        let _ = export::render(&listed, Format::Csv, None, &extras);
    }
    if let Ok(sheet) = tidy(
        &catalogues,
        catalogues[0].metadata.unit.as_deref(),
        Lang::En,
    ) {
        let _ = export::render(&sheet, Format::Csv, None, &extras);
    }
});
