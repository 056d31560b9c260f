//! Fuzzes Word 97-2003 documents (`.doc`): see `workbook_common.rs`.

#![no_main]

#[path = "workbook_common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run(common::Kind::Doc, data));
