//! Differential: a file checked or summarised by the streaming reader gives exactly the
//! findings and sector totals of the in-memory reader, whenever the streaming reader
//! takes the file at all.

#![no_main]

use aidcat::check::check;
use aidcat::check::stream::check_stream;
use aidcat::read::stream::Stream;
use aidcat::export::{self, Extras, Format};
use aidcat::lang::Lang;
use aidcat::read::{ReadOptions, read_catalogue};
use aidcat::report::summary::{GroupBy, summary};
use aidcat::report::summary_stream::{sheet, summary_stream};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let Ok(mut file) = tempfile::NamedTempFile::new() else {
        return;
    };
    if file.write_all(data).is_err() {
        return;
    }
    let options = ReadOptions::default();
    let Ok(Some(stream)) = Stream::open_from(file.path(), &options, 0) else {
        return;
    };
    let Ok(Some(streamed)) = check_stream(&stream, &options) else {
        return;
    };
    let catalogue = read_catalogue(file.path(), &options).expect("a streamed file reads in memory");
    let in_memory = check(&catalogue);
    assert_eq!(streamed.findings, in_memory, "findings differ");
    assert_eq!(streamed.projects, catalogue.project_count(), "project counts differ");

    let extras = Extras { sheet_name: "fuzz", findings: &[], lang: Lang::En };
    let by = GroupBy::Sector;
    if let Ok(Some(accumulator)) = summary_stream(&stream, by, Lang::En, &options) {
        let streamed = sheet(accumulator, &stream).expect("a sheet");
        let in_memory = summary(std::slice::from_ref(&catalogue), by, Lang::En).expect("a sheet");
        let csv = |s| export::render(s, Format::Csv, None, &extras).expect("csv");
        assert_eq!(csv(&streamed), csv(&in_memory), "sector totals differ");
    }
});
