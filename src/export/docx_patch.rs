//! The corrected copy of a Word document (`aidcat fix APPENDIX.docx -o FIXED.docx`) made
//! from the document itself: every part copied byte for byte but the document's text
//! (`word/document.xml`), and in it only the table cells that change written again: the
//! figure in the cell's own paragraph and run formatting (font, size, bold, alignment),
//! the cell shaded yellow. The list of changes follows the document's text, after a page
//! break, as a table.
//!
//! A document it cannot change so with certainty is not patched (`None`): a macro
//! document or a template (whose copy under `.docx` Word would refuse), one whose
//! cells to write are not where the reading found them (a cell merged into another), hold
//! more than text (a table of their own, a drawing, a text box), or whose text cannot be
//! read again as it was.

use super::patch::{
    Content, Corrected, child, children, is_typed, part, prefix_of, repackaged, spliced,
};
use crate::number::NumberFormat;
use crate::read::document::DocumentTable;
use crate::report::sheet::{Cell, Sheet};
use quick_xml::escape::escape;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::ops::Range;

/// The document's text part, its content type (a plain document's, not a macro
/// document's or a template's), and the largest read to be changed.
const TEXT_PART: &str = "word/document.xml";
const DOCUMENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const MAX_TEXT_BYTES: u64 = 256 << 20;
/// The shading of a changed cell, as a workbook's copy fills it.
const CHANGED_FILL: &str = "FFEB3B";
/// The properties a cell's shading stands before (`w:tcPr`'s order in the schema).
const AFTER_SHADING: [&str; 11] = [
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
];

/// The corrected copy of the Word document `original`: each of `read`, tables (those
/// read as one, in order, in the reading's script) read as rows and their corrections
/// (one for a catalogue, one a sector's table where each has its own), written in, and
/// `changes`, the list of them all, after the text, the figures written in the file's
/// number format. `None` where it cannot be patched (see the module's doc).
pub fn patched(
    original: &[u8],
    read: &[(&[DocumentTable], &Corrected)],
    changes: &Sheet,
) -> Option<Vec<u8>> {
    let mut places = Vec::new();
    for (tables, corrected) in read {
        places.extend(corrected.places(tables)?);
    }
    let numbers = read.first()?.1.numbers;
    let mut archive = zip::ZipArchive::new(Cursor::new(original)).ok()?;
    let types = part(&mut archive, "[Content_Types].xml", MAX_TEXT_BYTES)?;
    if !is_typed(&types, TEXT_PART, DOCUMENT_TYPE) {
        return None;
    }
    let xml = part(&mut archive, TEXT_PART, MAX_TEXT_BYTES)?;
    let mut splices: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    for (place, edit) in &places {
        let text = match &edit.content {
            Content::Number(figure) | Content::Formula(_, figure) => numbers.written(*figure),
            Content::Text(text) => text.clone(),
        };
        let cell = xml.get(place.clone())?;
        splices.push((place.clone(), rewritten_cell(cell, &text, edit.changed)?));
    }
    let (at, prefix) = end_of_text(&xml)?;
    splices.push((
        at..at,
        list_of_changes(changes, numbers, &prefix).into_bytes(),
    ));
    let out = spliced(&xml, splices)?;
    let replaced = BTreeMap::from([(TEXT_PART, out)]);
    repackaged(&mut archive, &replaced, |_| false, None).ok()
}

/// A cell's element (`<w:tc>…</w:tc>`) holding `text` alone, in its first paragraph's
/// properties and that paragraph's first run's, shaded where `changed`. `None` where the
/// cell holds more than text (a table, a drawing, a text box, an object), or does not
/// read.
fn rewritten_cell(cell: &[u8], text: &str, changed: bool) -> Option<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(cell);
    let Event::Start(tc) = reader.read_event().ok()? else {
        return None;
    };
    if tc.local_name().as_ref() != "tc" {
        return None;
    }
    let p = prefix_of(tc.name().as_ref());
    let start_tag = &cell[..reader.buffer_position() as usize];
    let (own, _) = children(cell)?;
    // What the cell holds besides its text (a table, a drawing, a text box, an embedded
    // object) would be lost with it.
    let mut holds_more = false;
    crate::read::each_tag(cell, |tag, _| {
        holds_more |= matches!(
            tag.local_name().as_ref(),
            "tbl" | "drawing" | "pict" | "object" | "AlternateContent" | "txbxContent"
        );
    });
    if holds_more {
        return None;
    }
    let (mut paragraph, mut run) = (&[][..], &[][..]);
    if let Some(first) = child(cell, &own, "p") {
        let (parts, _) = children(first)?;
        paragraph = child(first, &parts, "pPr").unwrap_or_default();
        if let Some(first_run) = child(first, &parts, "r") {
            let (parts, _) = children(first_run)?;
            run = child(first_run, &parts, "rPr").unwrap_or_default();
        }
    }
    let properties = match (child(cell, &own, "tcPr"), changed) {
        (Some(properties), true) => shaded(properties, &p)?,
        (Some(properties), false) => properties.to_vec(),
        (None, true) => format!("<{p}tcPr>{}</{p}tcPr>", shading(&p)).into_bytes(),
        (None, false) => Vec::new(),
    };
    let text = escape(text);
    Some(
        [
            start_tag,
            &properties,
            format!("<{p}p>").as_bytes(),
            paragraph,
            format!("<{p}r>").as_bytes(),
            run,
            format!(r#"<{p}t xml:space="preserve">{text}</{p}t></{p}r></{p}p></{p}tc>"#).as_bytes(),
        ]
        .concat(),
    )
}

/// A changed cell's shading, its names with the document's prefix (`w:`).
fn shading(p: &str) -> String {
    format!(r#"<{p}shd {p}val="clear" {p}color="auto" {p}fill="{CHANGED_FILL}"/>"#)
}

/// A cell's properties (`<w:tcPr>…</w:tcPr>` or `<w:tcPr/>`) with the changed cell's
/// shading in place of its own, where the schema puts it.
fn shaded(properties: &[u8], p: &str) -> Option<Vec<u8>> {
    let (own, end) = children(properties)?;
    let Some(end) = end else {
        return Some(format!("<{p}tcPr>{}</{p}tcPr>", shading(p)).into_bytes());
    };
    let at = (own.iter())
        .find(|(local, _)| AFTER_SHADING.contains(&local.as_str()))
        .map_or(end, |(_, place)| place.start);
    let mut out = Vec::with_capacity(properties.len() + 64);
    let mut done = 0;
    for (local, place) in &own {
        if local == "shd" && place.start < at {
            out.extend_from_slice(&properties[done..place.start]);
            done = place.end;
        }
    }
    out.extend_from_slice(&properties[done..at]);
    out.extend(shading(p).into_bytes());
    done = at;
    for (local, place) in &own {
        if local == "shd" && place.start >= at {
            out.extend_from_slice(&properties[done..place.start]);
            done = place.end;
        }
    }
    out.extend_from_slice(&properties[done..]);
    Some(out)
}

/// Where the changes are put in the document's text: before the body's own section
/// properties (its last child, which must stay last), else before the body's end; and
/// the prefix of the body's names.
fn end_of_text(xml: &[u8]) -> Option<(usize, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let (mut depth, mut body_depth, mut last_section) = (0usize, None, None);
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().ok()? {
            Event::Start(tag) => {
                depth += 1;
                let local = tag.local_name();
                if local.as_ref() == "body" && body_depth.is_none() {
                    body_depth = Some(depth);
                } else if Some(depth - 1) == body_depth {
                    last_section = (local.as_ref() == "sectPr").then_some(before);
                }
            }
            Event::Empty(tag) if Some(depth) == body_depth => {
                last_section = (tag.local_name().as_ref() == "sectPr").then_some(before);
            }
            Event::End(tag) => {
                if Some(depth) == body_depth && tag.local_name().as_ref() == "body" {
                    let prefix = prefix_of(tag.name().as_ref());
                    return Some((last_section.unwrap_or(before), prefix));
                }
                depth = depth.checked_sub(1)?;
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The list of changes as the document's last page: its title, then a table of a row a
/// change under its headings, ruled.
fn list_of_changes(changes: &Sheet, numbers: &NumberFormat, p: &str) -> String {
    let paragraph = |text: &str, bold: bool| {
        let bold = if bold {
            format!("<{p}rPr><{p}b/></{p}rPr>")
        } else {
            String::new()
        };
        format!(
            r#"<{p}p><{p}r>{bold}<{p}t xml:space="preserve">{}</{p}t></{p}r></{p}p>"#,
            escape(text)
        )
    };
    let row = |cells: Vec<String>, bold: bool| {
        let cells: String = (cells.iter())
            .map(|text| format!("<{p}tc>{}</{p}tc>", paragraph(text, bold)))
            .collect();
        format!("<{p}tr>{cells}</{p}tr>")
    };
    let written = |cell: &Cell| match cell {
        Cell::Text(text) => text.clone(),
        Cell::Count(count) => count.to_string(),
        Cell::Amount(Some(figure)) | Cell::Percent(Some(figure)) => numbers.written(*figure),
        _ => String::new(),
    };
    let headings: Vec<String> = (changes.columns.iter())
        .map(|c| c.heading.clone())
        .collect();
    let texts: Vec<Vec<String>> = (changes.rows.iter())
        .map(|cells| cells.iter().map(written).collect())
        .collect();
    // Each column as wide as its longest text, within bounds (twentieths of a point).
    let grid: String = (0..headings.len())
        .map(|at| {
            let longest = (std::iter::once(&headings).chain(&texts))
                .filter_map(|cells| cells.get(at))
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0);
            format!(
                r#"<{p}gridCol {p}w="{}"/>"#,
                (longest * 110).clamp(700, 4000)
            )
        })
        .collect();
    let rows: String = texts.into_iter().map(|cells| row(cells, false)).collect();
    let rule = |side: &str| {
        format!(r#"<{p}{side} {p}val="single" {p}sz="4" {p}space="0" {p}color="auto"/>"#)
    };
    let rules: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .into_iter()
        .map(rule)
        .collect();
    format!(
        r#"<{p}p><{p}r><{p}br {p}type="page"/></{p}r></{p}p>{}<{p}tbl><{p}tblPr><{p}tblW {p}w="0" {p}type="auto"/><{p}tblBorders>{rules}</{p}tblBorders></{p}tblPr><{p}tblGrid>{grid}</{p}tblGrid>{}{rows}</{p}tbl><{p}p/>"#,
        paragraph(&changes.title, true),
        row(headings, true),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHADE: &str = r#"<w:shd w:val="clear" w:color="auto" w:fill="FFEB3B"/>"#;

    #[test]
    fn a_changed_cell_is_shaded_where_the_schema_puts_shading_and_only_once() {
        let shade = |xml: &str| String::from_utf8(shaded(xml.as_bytes(), "w:").unwrap()).unwrap();
        assert_eq!(
            shade(
                r#"<w:tcPr><w:tcW w:w="1"/><w:shd w:fill="FF0000"/><w:vAlign w:val="center"/></w:tcPr>"#
            ),
            format!(r#"<w:tcPr><w:tcW w:w="1"/>{SHADE}<w:vAlign w:val="center"/></w:tcPr>"#)
        );
        assert_eq!(
            shade(r#"<w:tcPr><w:noWrap/><w:shd w:fill="FF0000"></w:shd></w:tcPr>"#),
            format!(r#"<w:tcPr>{SHADE}<w:noWrap/></w:tcPr>"#)
        );
        assert_eq!(shade("<w:tcPr/>"), format!("<w:tcPr>{SHADE}</w:tcPr>"));
        assert_eq!(
            shade("<w:tcPr></w:tcPr>"),
            format!("<w:tcPr>{SHADE}</w:tcPr>")
        );
    }

    /// A cell of two paragraphs, its figure in runs, is written as one paragraph in the
    /// first's properties and its first run's; a figure's text is escaped.
    #[test]
    fn a_cell_is_written_in_its_first_paragraphs_and_runs_formatting() {
        let cell = r#"<w:tc><w:tcPr><w:tcW w:w="1"/></w:tcPr><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>13.</w:t></w:r><w:r><w:t>233</w:t></w:r></w:p><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"#;
        let written = rewritten_cell(cell.as_bytes(), "12.873 <&>", true).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="1"/>{SHADE}</w:tcPr><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">12.873 &lt;&amp;&gt;</w:t></w:r></w:p></w:tc>"#
            )
        );
        let inner = r#"<w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc>"#;
        assert_eq!(rewritten_cell(inner.as_bytes(), "1", true), None);
        let drawn = r#"<w:tc><w:p><w:r><w:drawing/><w:t>1</w:t></w:r></w:p></w:tc>"#;
        assert_eq!(rewritten_cell(drawn.as_bytes(), "1", true), None);
    }

    /// A cell or a document's text cut short at every byte, or with a byte changed, is
    /// written or refused, never a panic.
    #[test]
    fn broken_cells_are_refused_not_a_panic() {
        let cell = r#"<w:tc><w:tcPr><w:tcW w:w="1"/><w:shd w:fill="F"/></w:tcPr><w:p><w:pPr/><w:r><w:rPr/><w:t>1</w:t></w:r></w:p></w:tc>"#;
        let text =
            r#"<w:document><w:body><w:p/><w:sectPr><w:pgSz/></w:sectPr></w:body></w:document>"#;
        for xml in [cell, text] {
            let xml = xml.as_bytes();
            for at in 0..xml.len() {
                let mut changed = xml.to_vec();
                changed[at] = if changed[at] == b'<' { b'>' } else { b'<' };
                for broken in [&xml[..at], &changed[..]] {
                    let _ = rewritten_cell(broken, "1", true);
                    let _ = shaded(broken, "w:");
                    let _ = end_of_text(broken);
                }
            }
        }
        assert_eq!(
            end_of_text(text.as_bytes()),
            Some((text.find("<w:sectPr>").unwrap(), "w:".into()))
        );
    }
}
