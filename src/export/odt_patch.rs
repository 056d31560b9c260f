//! The corrected copy of an OpenDocument text (`aidcat fix APPENDIX.odt -o FIXED.odt`,
//! Writer's) made from the document itself, as [`super::docx_patch`] makes a Word
//! document's: every part copied byte for byte but `content.xml`, and in it only the
//! table cells that change written again: the figure in the cell's first paragraph's
//! style and first span's, the cell in a copy of its style filled yellow. The list of
//! changes follows the text on a page of its own, as a table.
//!
//! A document it cannot change so with certainty is not patched (`None`): a template, one
//! whose content does not name its elements as OpenDocument does, or whose cells to write
//! are not where the reading found them (merged into another, repeated), hold more than
//! text (a table of their own, a frame or drawing, a note), or whose text cannot be read
//! again as it was.

use super::opendocument::{self, Styles};
use super::patch::{Content, Corrected, Edit, child, children, spliced};
use crate::number::NumberFormat;
use crate::read::document::{DocumentTable, attribute};
use crate::report::sheet::{Cell, Sheet};
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use std::ops::Range;

/// What the `mimetype` part of a plain text document holds (a template's differs).
const TEXT_DOCUMENT: &str = "application/vnd.oasis.opendocument.text";
/// The attributes of a cell that say what its value is: written again for the figure.
const VALUE_ATTRIBUTES: [&str; 9] = [
    "table:formula",
    "office:value-type",
    "office:value",
    "office:string-value",
    "office:boolean-value",
    "office:date-value",
    "office:time-value",
    "office:currency",
    "calcext:value-type",
];

/// The corrected copy of the OpenDocument text `original`, as [`super::docx_patch::patched`]
/// writes a Word document's: each of `read`, tables (those read as one, in order) read
/// as rows and their corrections, written in, and `changes`, the list of them all, after
/// the text, the figures written in the file's number format. `None` where it cannot be
/// patched (see the module's doc).
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
    let (mut package, xml) = opendocument::content(original, TEXT_DOCUMENT)?;
    let xml = with_edits(&xml, &places, changes, numbers)?;
    opendocument::with_content(&mut package, xml)
}

/// `content.xml` with each cell at its place rewritten for its edit, the styles they
/// need added, and `changes` after the text.
fn with_edits(
    xml: &[u8],
    places: &[(Range<usize>, Edit)],
    changes: &Sheet,
    numbers: &NumberFormat,
) -> Option<Vec<u8>> {
    let mut styles = Styles::read(xml, None)?;
    let mut splices = Vec::new();
    for (place, edit) in places {
        let cell = xml.get(place.clone())?;
        splices.push((
            place.clone(),
            rewritten_cell(cell, edit, numbers, &mut styles)?,
        ));
    }
    let (at, table_names) = end_of_text(xml)?;
    let list = list_of_changes(changes, numbers, &table_names, &mut styles);
    splices.push((at..at, list.into_bytes()));
    splices.push(styles.splice());
    spliced(xml, splices)
}

/// A cell's element (`<table:table-cell …>…</table:table-cell>`) holding its edit's
/// figure or text alone, in its first paragraph's style and that paragraph's first
/// span's, its style filled where the edit changes it. `None` where the cell holds more
/// than text, or does not read.
fn rewritten_cell(
    cell: &[u8],
    edit: &Edit,
    numbers: &NumberFormat,
    styles: &mut Styles,
) -> Option<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(cell);
    let tag = match reader.read_event().ok()? {
        Event::Start(tag) | Event::Empty(tag) => tag,
        _ => return None,
    };
    if tag.name().as_ref() != "table:table-cell" {
        return None;
    }
    // What the cell holds besides its text (a table, a frame, a drawing, a note) would be
    // lost with it.
    let mut holds_more = false;
    crate::read::each_tag(cell, |tag, _| {
        let name = tag.name();
        let name = name.as_ref();
        holds_more |= name.starts_with("draw:")
            || matches!(name, "table:table" | "office:annotation" | "text:note");
    });
    if holds_more {
        return None;
    }
    let (own, _) = children(cell)?;
    let (mut paragraph, mut span) = (String::from("<text:p>"), None);
    if let Some(first) = child(cell, &own, "p").or_else(|| child(cell, &own, "h")) {
        paragraph = opening(first)?;
        let (parts, _) = children(first)?;
        if let Some(first_span) = child(first, &parts, "span") {
            span = Some(opening(first_span)?);
        }
    }
    let (text, value) = match &edit.content {
        Content::Number(figure) | Content::Formula(_, figure) => (
            numbers.written(*figure),
            Some(figure.normalize().to_string()),
        ),
        Content::Text(text) => (text.clone(), None),
    };
    let style = styles.of_cell(attribute(&tag, "style-name"), edit.changed);
    let text = escape(&text);
    let (span_open, span_close) = match &span {
        Some(open) => (open.as_str(), "</text:span>"),
        None => ("", ""),
    };
    let paragraph_name = match paragraph.starts_with("<text:h") {
        true => "text:h",
        false => "text:p",
    };
    Some(
        format!(
            "{}{paragraph}{span_open}{text}{span_close}</{paragraph_name}></table:table-cell>",
            cell_start(&tag, style.as_deref(), value.as_deref())?
        )
        .into_bytes(),
    )
}

/// A cell's start tag as `tag` but for its style, `style`, and its value: the figure
/// `value` where the cell held a number (Writer's number recognition), else text as it
/// held text (or nothing said, where it said nothing); what said its value before (a
/// formula, a date) left out.
fn cell_start(tag: &BytesStart, style: Option<&str>, value: Option<&str>) -> Option<String> {
    let held = attribute(tag, "value-type");
    let value = value.filter(|_| held.as_deref() == Some("float"));
    let mut start = BytesStart::new("table:table-cell");
    for attribute in tag.attributes() {
        let attribute = attribute.ok()?;
        let key = attribute.key.into_inner();
        if key != "table:style-name" && !VALUE_ATTRIBUTES.contains(&key) {
            start.push_attribute(attribute);
        }
    }
    if let Some(style) = style {
        start.push_attribute(("table:style-name", style));
    }
    match (value, held) {
        (Some(value), _) => {
            start.push_attribute(("office:value-type", "float"));
            start.push_attribute(("office:value", value));
        }
        (None, Some(_)) => start.push_attribute(("office:value-type", "string")),
        (None, None) => {}
    }
    let mut out = Vec::new();
    quick_xml::Writer::new(&mut out)
        .write_event(Event::Start(start))
        .ok()?;
    String::from_utf8(out).ok()
}

/// An element's start tag, opened (`<text:p text:style-name="P1">` of
/// `<text:p text:style-name="P1"/>` too).
fn opening(element: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(element);
    let tag = match reader.read_event().ok()? {
        Event::Start(tag) | Event::Empty(tag) => tag.into_owned(),
        _ => return None,
    };
    let mut out = Vec::new();
    quick_xml::Writer::new(&mut out)
        .write_event(Event::Start(tag))
        .ok()?;
    String::from_utf8(out).ok()
}

/// Where the changes are put: before the end of `office:text` (before what ends it
/// after its text, such as named ranges, where it holds them); and every table's name.
fn end_of_text(xml: &[u8]) -> Option<(usize, Vec<String>)> {
    const EPILOGUE: [&str; 5] = [
        "table:named-expressions",
        "table:database-ranges",
        "table:data-pilot-tables",
        "table:consolidation",
        "table:dde-links",
    ];
    let mut reader = quick_xml::Reader::from_reader(xml);
    let (mut depth, mut text_depth, mut epilogue) = (0usize, None, None);
    let mut names = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        if let Event::Start(tag) | Event::Empty(tag) = &event {
            let name = tag.name();
            if name.as_ref() == "table:table" {
                names.extend(attribute(tag, "name"));
            }
            let in_text = text_depth.is_some() && text_depth == depth.checked_sub(1);
            if in_text && EPILOGUE.contains(&name.as_ref()) {
                epilogue = epilogue.or(Some(before));
            }
        }
        match event {
            Event::Start(tag) => {
                if tag.name().as_ref() == "office:text" && text_depth.is_none() && depth == 2 {
                    text_depth = Some(depth);
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.checked_sub(1)?;
                if text_depth == Some(depth) && tag.name().as_ref() == "office:text" {
                    return Some((epilogue.unwrap_or(before), names));
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The list of changes as the document's last page: its title, then a table of a row a
/// change under its headings, ruled, named apart from the tables in `taken`.
fn list_of_changes(
    changes: &Sheet,
    numbers: &NumberFormat,
    taken: &[String],
    styles: &mut Styles,
) -> String {
    let title_style = styles.add(
        "list-title",
        "paragraph",
        r#"<style:paragraph-properties fo:break-before="page"/><style:text-properties fo:font-weight="bold"/>"#,
    );
    let ruled = styles.add(
        "list-cell",
        "table-cell",
        r##"<style:table-cell-properties fo:padding="0.04in" fo:border="0.5pt solid #000000"/>"##,
    );
    let bold = styles.add(
        "list-heading",
        "text",
        r#"<style:text-properties fo:font-weight="bold"/>"#,
    );
    let cell = |text: &str, heading: bool| {
        let text = escape(text);
        let text = match heading {
            true => format!(r#"<text:span text:style-name="{bold}">{text}</text:span>"#),
            false => text.into_owned(),
        };
        format!(
            r#"<table:table-cell table:style-name="{ruled}" office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        )
    };
    let written = |cell: &Cell| match cell {
        Cell::Text(text) => text.clone(),
        Cell::Count(count) => count.to_string(),
        Cell::Amount(Some(figure)) | Cell::Percent(Some(figure)) => numbers.written(*figure),
        _ => String::new(),
    };
    let headings: String = (changes.columns.iter())
        .map(|column| cell(&column.heading, true))
        .collect();
    let rows: String = (changes.rows.iter())
        .map(|cells| {
            let cells: String = cells.iter().map(|c| cell(&written(c), false)).collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    let name = (1..)
        .map(|n| format!("aidcat-changes-{n}"))
        .find(|name| !taken.contains(name))
        .unwrap_or_default();
    let columns = changes.columns.len().max(1);
    format!(
        r#"<text:p text:style-name="{title_style}">{}</text:p><table:table table:name="{name}"><table:table-column table:number-columns-repeated="{columns}"/><table:table-header-rows><table:table-row>{headings}</table:table-row></table:table-header-rows>{rows}</table:table><text:p/>"#,
        escape(&changes.title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::Convention;
    use rust_decimal::Decimal;

    const CONTENT: &str = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"><office:automatic-styles><style:style style:name="T.B2" style:family="table-cell"><style:table-cell-properties fo:border="none"/></style:style></office:automatic-styles><office:body><office:text><table:table table:name="T"><table:table-row><table:table-cell table:style-name="T.B2" office:value-type="float" office:value="100" table:formula="ooow:sum &lt;B1&gt;"><text:p text:style-name="P1"><text:span text:style-name="T1">100</text:span></text:p></table:table-cell></table:table-row></table:table></office:text></office:body></office:document-content>"#;

    fn numbers() -> NumberFormat {
        NumberFormat {
            convention: Convention::Vi,
            basis: crate::number::Basis::Option,
            example: None,
        }
    }

    fn changes() -> Sheet {
        Sheet {
            title: "Thay đổi".into(),
            columns: Vec::new(),
            rows: Vec::new(),
            total: None,
            notes: Vec::new(),
            convention: Convention::Vi,
        }
    }

    fn place() -> (Range<usize>, Edit) {
        let start = CONTENT.find("<table:table-cell ").unwrap();
        let end = CONTENT.find("</table:table-row>").unwrap();
        let edit = Edit {
            content: Content::Number(Decimal::from(1200)),
            changed: true,
        };
        (start..end, edit)
    }

    /// A number cell is written as a number in its paragraph and span, its formula left
    /// out, its style copied with the fill; the list follows the text.
    #[test]
    fn a_cell_is_written_in_its_paragraph_and_span_and_its_style_filled() {
        let xml = with_edits(CONTENT.as_bytes(), &[place()], &changes(), &numbers()).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        let cell = r#"<table:table-cell table:style-name="aidcat-changed-1" office:value-type="float" office:value="1200"><text:p text:style-name="P1"><text:span text:style-name="T1">1.200</text:span></text:p></table:table-cell></table:table-row>"#;
        assert!(xml.contains(cell), "{xml}");
        let style = r##"<style:style style:name="aidcat-changed-1" style:family="table-cell"><style:table-cell-properties fo:border="none" fo:background-color="#ffeb3b"/></style:style>"##;
        assert!(xml.contains(style), "{xml}");
        assert!(
            xml.contains(r#"<table:table table:name="aidcat-changes-1">"#),
            "{xml}"
        );
        assert!(xml.ends_with("<text:p/></office:text></office:body></office:document-content>"));
    }

    /// Content cut short anywhere, or with any byte changed, is patched or refused,
    /// never a panic.
    #[test]
    fn broken_content_is_refused_not_a_panic() {
        let content = CONTENT.as_bytes();
        let (place, edit) = place();
        for cut in 0..content.len() {
            let places = [(place.start.min(cut)..place.end.min(cut), edit.clone())];
            let _ = with_edits(&content[..cut], &places, &changes(), &numbers());
            for byte in [b'<', b'>', b'"', b'/', b'x'] {
                let mut changed = content.to_vec();
                changed[cut] = byte;
                let places = [(place.clone(), edit.clone())];
                let _ = with_edits(&changed, &places, &changes(), &numbers());
            }
        }
    }
}
