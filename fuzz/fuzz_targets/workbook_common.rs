//! Structure-aware workbook fuzzing, shared by the targets `workbook_xlsx`,
//! `workbook_ods`, `workbook_xls`, `workbook_docx`, `workbook_odt` and `workbook_doc`: real
//! workbooks and the appendix as Word and OpenDocument text, written by LibreOffice (the
//! test fixtures; for documents, the first byte's top bit picks instead a catalogue
//! numbered by the word processor's lists) with one part mutated, so the input gets past the zip and container
//! layers to the XML and record parsers. For zip workbooks the first byte picks the part
//! and the rest is spliced into it; the `.xls` and the `.doc` are overwritten in places.
//! aidcat must end with a catalogue or a located error: never a panic outside its
//! boundary, or a hang (libFuzzer's -timeout). Huge allocations are bounded by the
//! command line's child process; run.sh goes on past them here. A panic in aidcat's own
//! code (the `.doc` reader is its own) is a finding, inside the boundary or not
//! (`boundary.rs`).

#[path = "boundary.rs"]
mod boundary;

use aidcat::check::check;
use aidcat::read::{ReadOptions, read_catalogue_bytes};
use std::io::{Cursor, Read, Write};

const XLSX: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-2020-2025.xlsx");
const ODS: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-2020-2025.ods");
const XLS: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-2020-2025.xls");
const DOCX: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-appendix.docx");
const ODT: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-appendix.odt");
const DOC: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-appendix.doc");
const DOCX_NUMBERED: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-numbered.docx");
const ODT_NUMBERED: &[u8] = include_bytes!("../../tests/fixtures/soc-trang-numbered.odt");
const DOC_NUMBERED: &[u8] = include_bytes!("../../tests/fixtures/numbered-by-style.doc");

/// The zip `original` with part number `which` (modulo the count) spliced with `data` at
/// a place `data`'s first two bytes give.
fn splice_zip(original: &[u8], which: u8, data: &[u8]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(original)).ok()?;
    let target = usize::from(which) % archive.len();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).ok()?;
        let name = part.name().ok()?.to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content).ok()?;
        if index == target {
            let (at, rest) = match data {
                [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
                _ => (0, data),
            };
            let at = at % (content.len() + 1);
            let end = (at + rest.len()).min(content.len());
            content.splice(at..end, rest.iter().copied());
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .ok()?;
        out.write_all(&content).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// The workbook or document with `data` written over it in (offset, byte) pairs: the
/// offset two bytes, counting 4-byte steps, or three bytes, any byte.
fn overwrite(original: &[u8], data: &[u8], any_byte: bool) -> Vec<u8> {
    let mut bytes = original.to_vec();
    let len = bytes.len();
    let (width, step) = if any_byte { (4, 1) } else { (3, 4) };
    for pair in data.chunks(width) {
        if let [offset @ .., value] = pair
            && offset.len() == width - 1
        {
            let at = offset
                .iter()
                .rev()
                .fold(0usize, |at, &byte| at << 8 | usize::from(byte));
            bytes[at * step % len] = *value;
        }
    }
    bytes
}

/// The workbook formats fuzzed; each target uses one.
#[derive(Clone, Copy)]
#[allow(dead_code)]
pub enum Kind {
    Xlsx,
    Ods,
    Xls,
    Docx,
    Odt,
    Doc,
}

/// One fuzz input through the reader and the checker, as a workbook of `kind`.
pub fn run(kind: Kind, data: &[u8]) {
    boundary::panics_in_aidcat_or_outside_the_boundary();
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let document = |appendix, numbered| match selector & 0x80 {
        0 => appendix,
        _ => numbered,
    };
    let (name, bytes) = match kind {
        Kind::Xlsx => ("fuzz.xlsx", splice_zip(XLSX, selector, rest)),
        Kind::Ods => ("fuzz.ods", splice_zip(ODS, selector, rest)),
        Kind::Xls => ("fuzz.xls", Some(overwrite(XLS, data, false))),
        Kind::Docx => {
            let original = document(DOCX, DOCX_NUMBERED);
            ("fuzz.docx", splice_zip(original, selector & 0x7F, rest))
        }
        Kind::Odt => {
            let original = document(ODT, ODT_NUMBERED);
            ("fuzz.odt", splice_zip(original, selector & 0x7F, rest))
        }
        Kind::Doc => {
            let original = document(DOC, DOC_NUMBERED);
            ("fuzz.doc", Some(overwrite(original, rest, true)))
        }
    };
    let Some(bytes) = bytes else {
        return;
    };
    if let Ok(catalogue) = read_catalogue_bytes(name, &bytes, &ReadOptions::default()) {
        let _ = check(&catalogue);
    }
}
