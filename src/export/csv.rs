//! A sheet as CSV for machines: the machine columns only, amounts as plain decimals with
//! `.` and no grouping, no total row, and text that a spreadsheet would run as a formula
//! written so that it shows as typed.

use crate::number::format_plain;
use crate::report::sheet::{Cell, Sheet};
use anyhow::Result;
use std::borrow::Cow;

/// A text cell made safe for spreadsheets (CSV injection): a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, which spreadsheets take as
/// "text follows", so `=HYPERLINK(…)` stays text. Numbers are written by aidcat itself
/// and are never prefixed.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn machine(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => neutralise(text).into_owned(),
        Cell::Count(count) => count.to_string(),
        Cell::Amount(Some(value)) | Cell::Percent(Some(value)) => format_plain(*value),
        Cell::Amount(None) | Cell::Percent(None) | Cell::Blank | Cell::Bar(_) => String::new(),
    }
}

pub fn render(sheet: &Sheet) -> Result<String> {
    let keep: Vec<usize> = (0..sheet.columns.len())
        .filter(|&i| !sheet.columns[i].for_people_only)
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(keep.iter().map(|&i| sheet.columns[i].csv_header()))?;
    for row in &sheet.rows {
        writer.write_record(keep.iter().map(|&i| machine(&row[i])))?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// The corrected copy of a catalogue (`aidcat fix`) as CSV: its cells as read (no
/// formula guard: the copy is the officer's own table, which had none), and each sum
/// row's changed figures as the file writes its amounts ([`NumberFormat::written`]);
/// cells split by `delimiter`, lines written in `style`.
///
/// [`NumberFormat::written`]: crate::number::NumberFormat::written
pub fn corrected(
    cells: &[Vec<crate::report::fix::FixedCell>],
    numbers: &crate::number::NumberFormat,
    delimiter: u8,
    style: crate::read::LineStyle,
) -> Result<Vec<u8>> {
    use crate::report::fix::FixedCell;
    let terminator = match style.crlf {
        true => csv::Terminator::CRLF,
        false => csv::Terminator::Any(b'\n'),
    };
    let bom: &[u8] = if style.bom {
        "\u{FEFF}".as_bytes()
    } else {
        b""
    };
    let mut builder = csv::WriterBuilder::new();
    builder
        .flexible(true)
        .delimiter(delimiter)
        .terminator(terminator);
    let line_end: &[u8] = if style.crlf { b"\r\n" } else { b"\n" };
    let mut out = bom.to_vec();
    for row in cells {
        let texts: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                FixedCell::Sum {
                    figure,
                    changed: true,
                    ..
                }
                | FixedCell::Corrected(figure) => numbers.written(*figure),
                FixedCell::Text(text)
                | FixedCell::Amount(_, text)
                | FixedCell::Sum { text, .. } => text.clone(),
                FixedCell::Hidden(_) => String::new(),
            })
            .collect();
        // A blank line stays blank: the writer gives a record of one empty field as `""`.
        if texts.len() <= 1 && texts.iter().all(String::is_empty) {
            out.extend_from_slice(line_end);
            continue;
        }
        let mut writer = builder.from_writer(&mut out);
        writer.write_record(&texts)?;
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_prefixed() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(
            neutralise("- Giải phóng mặt bằng"),
            "'- Giải phóng mặt bằng"
        );
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("+84"), "'+84");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Trạm y tế"), "Trạm y tế");
    }
}
