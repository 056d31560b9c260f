//! The corrected copy of an `.xlsx` workbook (`aidcat fix BOOK.xlsx -o OUT.xlsx`) made
//! from the workbook itself: every part of it copied byte for byte (its formatting,
//! column widths, merged cells, other sheets, charts, pictures, print settings) but the
//! few it must change. In the corrected sheet only the cells that change are written
//! again, in their own style filled yellow; the styles gain that fill; the workbook gains
//! the list of changes as its last sheet and is recalculated when opened (its chain of
//! formulas, which Excel rebuilds, is left out).
//!
//! A workbook it cannot change so with certainty is not patched (`None`): the caller then
//! writes a copy from the cells read, without the formatting. That is a workbook whose
//! main part is not a plain `.xlsx` one (a macro workbook or a template, whose copy under
//! `.xlsx` Excel would refuse), whose parts cannot be found or read, a changed cell that
//! leads a shared or an array formula (the cells that follow it would lose theirs), or one
//! in a row the sheet does not hold.

use super::patch::{
    Content, Corrected, Edit, is_typed, part, prefix_of, repackaged, spliced, with_attributes,
};
use crate::read::column_letters;
use crate::read::document::attribute;
use crate::read::{each_tag, xlsx_sheet_path};
use crate::report::sheet::{Cell, Sheet};
use quick_xml::events::Event;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::Cursor;

/// The largest sheet read to be changed, and the largest of the workbook's other parts
/// changed (its styles, its list of sheets, its links, its content types: a few
/// kilobytes, a few megabytes where styles were pasted by the thousand); a workbook with
/// a larger one is copied from the cells read instead.
const MAX_SHEET_BYTES: u64 = 256 << 20;
const MAX_INDEX_BYTES: u64 = 32 << 20;

/// The content type of a plain `.xlsx` workbook's main part.
const WORKBOOK_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const WORKSHEET_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
/// A worksheet's link type and the sheets' namespace in a Transitional workbook (what
/// Excel and LibreOffice save by default). A Strict one (Excel's "Strict Open XML") names
/// both under `http://purl.oclc.org/ooxml/`: the list of changes is written in the
/// workbook's own, which Excel requires of every part.
const WORKSHEET_LINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const SHEET_NAMESPACE: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// The `corrected` copy of the `.xlsx` workbook `original`, whose sheet `sheet` was read
/// as its rows, with its list of changes as the last sheet. `None` where the workbook
/// cannot be patched (see the module's doc).
pub fn patched(original: &[u8], sheet: &str, corrected: &Corrected) -> Option<Vec<u8>> {
    patched_sheets(original, &[(sheet, corrected)], corrected.changes)
}

/// [`patched`] of several sheets (a workbook of one sheet a sector), each with its
/// corrections, and `changes`, the list of them all, as the last sheet.
pub fn patched_sheets(
    original: &[u8],
    sheets: &[(&str, &Corrected)],
    changes: &Sheet,
) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(original)).ok()?;
    let workbook_path = "xl/workbook.xml";
    let types = part(&mut archive, "[Content_Types].xml", MAX_INDEX_BYTES)?;
    if !is_typed(&types, workbook_path, WORKBOOK_TYPE) {
        return None;
    }
    let links_path = "xl/_rels/workbook.xml.rels";
    let (workbook, links, styles) = (
        part(&mut archive, workbook_path, MAX_INDEX_BYTES)?,
        part(&mut archive, links_path, MAX_INDEX_BYTES)?,
        part(&mut archive, "xl/styles.xml", MAX_INDEX_BYTES)?,
    );
    // Each sheet's part, its layout and its edits; then the styles every changed cell
    // needs, filled, in the one `styles.xml`.
    let mut read = Vec::new();
    for &(sheet, corrected) in sheets {
        let sheet_path = xlsx_sheet_path(&mut archive, sheet)?;
        let sheet_xml = part(&mut archive, &sheet_path, MAX_SHEET_BYTES)?;
        let layout = sheet_layout(&sheet_xml)?;
        read.push((sheet_path, sheet_xml, layout, corrected.edits()));
    }
    let mut changed: Vec<usize> = (read.iter())
        .flat_map(|(_, _, layout, edits)| changed_styles(layout, edits))
        .collect();
    changed.sort_unstable();
    changed.dedup();
    let (styles, filled) = with_fill(&styles, &changed)?;
    let mut edited = Vec::new();
    for (sheet_path, sheet_xml, layout, edits) in &read {
        edited.push((
            sheet_path.as_str(),
            with_edits(sheet_xml, layout, edits, &filled)?,
        ));
    }
    let list_name = super::xlsx::sheet_name(&changes.title, &mut sheet_names(&workbook));
    let list_path = (1..)
        .map(|n| format!("xl/worksheets/sheet{n}.xml"))
        .find(|path| archive.index_for_name(path).is_none())?;
    let list_target = list_path.trim_start_matches("xl/");
    let (links, link) = with_link(&links, list_target)?;
    let namespace = main_namespace(&workbook);
    let workbook = with_sheet(&workbook, &list_name, &link)?;
    let types = with_types(&types, &list_path);
    let mut replaced: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
    replaced.insert("[Content_Types].xml", types);
    replaced.insert(workbook_path, workbook);
    replaced.insert(links_path, links);
    replaced.insert("xl/styles.xml", styles);
    replaced.extend(edited);
    let list = list_sheet(changes, &namespace);
    // Excel rebuilds the chain of formulas, which lists the cells that hold one.
    let chain = |name: &str| name.ends_with("/calcChain.xml");
    repackaged(&mut archive, &replaced, chain, Some((&list_path, &list))).ok()
}

/// A cell of the sheet: where its element stands, its style, and whether it leads a
/// shared or array formula.
struct SheetCell {
    span: std::ops::Range<usize>,
    style: usize,
    leads_formula: bool,
}

/// A sheet's `sheetData`: its cells by row (from 1) and column (from 0), where each row's
/// end tag stands (by the row's number; none for an empty `<row/>`), and the prefix its
/// elements are written with (`x:` where the sheet writes `<x:c>`).
struct SheetLayout {
    cells: BTreeMap<(usize, usize), SheetCell>,
    row_ends: BTreeMap<usize, Option<usize>>,
    prefix: String,
}

/// The layout of a sheet's `sheetData`, `None` where it does not read.
fn sheet_layout(xml: &[u8]) -> Option<SheetLayout> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut layout = SheetLayout {
        cells: BTreeMap::new(),
        row_ends: BTreeMap::new(),
        prefix: String::new(),
    };
    let (mut row, mut column) = (0usize, 0usize);
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let after = reader.buffer_position() as usize;
        match &event {
            Event::Start(tag) | Event::Empty(tag) if tag.local_name().as_ref() == "row" => {
                row = match attribute(tag, "r") {
                    Some(r) => r.trim().parse().ok()?,
                    None => row + 1,
                };
                column = 0;
                layout.prefix = prefix_of(tag.name().as_ref());
                layout.row_ends.insert(row, None);
            }
            Event::End(tag) if tag.local_name().as_ref() == "row" => {
                layout.row_ends.insert(row, Some(before));
            }
            Event::Start(tag) | Event::Empty(tag) if tag.local_name().as_ref() == "c" => {
                let (at_row, at_column) = match attribute(tag, "r") {
                    Some(r) => cell_place(&r)?,
                    None => (row, column),
                };
                // A cell that names another row than its own: where to write is not certain.
                if at_row != row {
                    return None;
                }
                let style = attribute(tag, "s").map_or(Some(0), |s| s.trim().parse().ok())?;
                let (span, inner) = match &event {
                    Event::Start(tag) => {
                        let inner = reader.read_to_end(tag.name()).ok()?;
                        let end = reader.buffer_position() as usize;
                        (before..end, inner.start as usize..inner.end as usize)
                    }
                    _ => (before..after, after..after),
                };
                let mut leads_formula = false;
                each_tag(&xml[inner], |tag, _| {
                    let shared_or_array =
                        matches!(attribute(tag, "t").as_deref(), Some("shared" | "array"));
                    leads_formula |= tag.local_name().as_ref() == "f"
                        && shared_or_array
                        && attribute(tag, "ref").is_some();
                });
                let cell = SheetCell {
                    span,
                    style,
                    leads_formula,
                };
                // A place given twice: which one a spreadsheet shows is not certain.
                if layout.cells.insert((at_row, at_column), cell).is_some() {
                    return None;
                }
                column = at_column + 1;
            }
            Event::End(tag) if tag.local_name().as_ref() == "sheetData" => return Some(layout),
            Event::Eof => return Some(layout),
            _ => {}
        }
    }
}

/// A cell reference's row (from 1) and column (from 0): `G22` → (22, 6).
fn cell_place(reference: &str) -> Option<(usize, usize)> {
    let reference = reference.trim();
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = reference.split_at(digits);
    let letters_read =
        (1..=3).contains(&letters.len()) && letters.bytes().all(|b| b.is_ascii_uppercase());
    if !letters_read {
        return None;
    }
    let column = (letters.bytes()).fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    Some((number.parse().ok()?, column - 1))
}

/// The styles of the cells to be filled as changed, as the sheet gives them (0 for a cell
/// the sheet does not hold).
fn changed_styles(layout: &SheetLayout, edits: &BTreeMap<(usize, usize), Edit>) -> Vec<usize> {
    let mut styles: Vec<usize> = (edits.iter())
        .filter(|(_, edit)| edit.changed)
        .map(|(place, _)| layout.cells.get(place).map_or(0, |cell| cell.style))
        .collect();
    styles.sort_unstable();
    styles.dedup();
    styles
}

/// `styles.xml` with the changed cells' fill, and a style for each of `styles` (a cell
/// style's index) filled so: the styles, and each old index's filled one.
fn with_fill(styles_xml: &[u8], styles: &[usize]) -> Option<(Vec<u8>, BTreeMap<usize, usize>)> {
    // The start tags of `fills` and `cellXfs`, where each ends, and their children.
    let mut reader = quick_xml::Reader::from_reader(styles_xml);
    let (mut fills_open, mut fills_end, mut fill_count) = (None, None, 0usize);
    let (mut xfs_open, mut xfs_end) = (None, None);
    let mut xfs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut prefix = String::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let after = reader.buffer_position() as usize;
        let (in_fills, in_xfs) = (
            fills_open.is_some() && fills_end.is_none(),
            xfs_open.is_some() && xfs_end.is_none(),
        );
        match &event {
            // A second `fills` or `cellXfs` is no styles part a spreadsheet reads.
            Event::Start(tag) if tag.local_name().as_ref() == "fills" => {
                prefix = prefix_of(tag.name().as_ref());
                fills_open.replace(before..after).is_none().then_some(())?;
            }
            Event::End(tag) if in_fills && tag.local_name().as_ref() == "fills" => {
                fills_end = Some(before)
            }
            Event::Start(tag) if in_fills && tag.local_name().as_ref() == "fill" => {
                fill_count += 1;
                reader.read_to_end(tag.name()).ok()?;
            }
            Event::Empty(tag) if in_fills && tag.local_name().as_ref() == "fill" => {
                fill_count += 1;
            }
            Event::Start(tag) if tag.local_name().as_ref() == "cellXfs" => {
                xfs_open.replace(before..after).is_none().then_some(())?;
            }
            Event::End(tag) if in_xfs && tag.local_name().as_ref() == "cellXfs" => {
                xfs_end = Some(before)
            }
            Event::Start(tag) if in_xfs && tag.local_name().as_ref() == "xf" => {
                reader.read_to_end(tag.name()).ok()?;
                xfs.push(before..reader.buffer_position() as usize);
            }
            Event::Empty(tag) if in_xfs && tag.local_name().as_ref() == "xf" => {
                xfs.push(before..after);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let (fills_open, fills_end) = (fills_open?, fills_end?);
    let (xfs_open, xfs_end) = (xfs_open?, xfs_end?);
    // The schema puts the fills before the cells' styles.
    if fills_end > xfs_open.start || fills_open.end > fills_end || xfs_open.end > xfs_end {
        return None;
    }
    let mut filled = BTreeMap::new();
    let mut new_xfs = Vec::new();
    for (k, &style) in styles.iter().enumerate() {
        let xf = xfs.get(style).or(xfs.first())?.clone();
        let fill = fill_count.to_string();
        new_xfs.extend(with_attributes(
            &styles_xml[xf],
            &[("fillId", &fill), ("applyFill", "1")],
        )?);
        filled.insert(style, xfs.len() + k);
    }
    // The fill of a changed cell, as the copy written from the cells read has it.
    let p = prefix;
    let fill = format!(
        r#"<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="FFFFEB3B"/><{p}bgColor indexed="64"/></{p}patternFill></{p}fill>"#
    );
    let fill_count = (fill_count + 1).to_string();
    let xf_count = (xfs.len() + styles.len()).to_string();
    Some((
        [
            &styles_xml[..fills_open.start],
            &with_attributes(&styles_xml[fills_open.clone()], &[("count", &fill_count)])?,
            &styles_xml[fills_open.end..fills_end],
            fill.as_bytes(),
            &styles_xml[fills_end..xfs_open.start],
            &with_attributes(&styles_xml[xfs_open.clone()], &[("count", &xf_count)])?,
            &styles_xml[xfs_open.end..xfs_end],
            &new_xfs,
            &styles_xml[xfs_end..],
        ]
        .concat(),
        filled,
    ))
}

/// The sheet with `edits` written in: each cell replaced where the sheet holds it, else
/// put in its row in column order. `None` where a cell to write leads a shared or array
/// formula, or stands in a row the sheet does not hold.
fn with_edits(
    xml: &[u8],
    layout: &SheetLayout,
    edits: &BTreeMap<(usize, usize), Edit>,
    filled: &BTreeMap<usize, usize>,
) -> Option<Vec<u8>> {
    // The bytes replaced and the new ones; cells put in at one place stay in column order.
    let mut splices = Vec::new();
    for (&(row, column), edit) in edits {
        let cell = layout.cells.get(&(row, column));
        let style = cell.map_or(0, |cell| cell.style);
        let style = match edit.changed {
            true => *filled.get(&style)?,
            false => style,
        };
        let element = cell_element(&layout.prefix, row, column, style, &edit.content);
        match cell {
            Some(cell) if cell.leads_formula => return None,
            Some(cell) => splices.push((cell.span.clone(), element)),
            None => {
                // Before the row's first cell past this column, else before its end tag.
                let next = layout.cells.range((row, column + 1)..(row + 1, 0)).next();
                let at =
                    (next.map(|(_, cell)| cell.span.start)).or(*layout.row_ends.get(&row)?)?;
                splices.push((at..at, element));
            }
        }
    }
    spliced(xml, splices)
}

/// A cell's element, its names with the sheet's `prefix`:
/// `<c r="G22" s="7"><f>SUM(G23:G30)</f><v>12873</v></c>`.
fn cell_element(
    prefix: &str,
    row: usize,
    column: usize,
    style: usize,
    content: &Content,
) -> Vec<u8> {
    let place = format!("{}{row}", column_letters(column + 1));
    let style = match style {
        0 => String::new(),
        style => format!(r#" s="{style}""#),
    };
    let p = prefix;
    let number = |figure: &Decimal| figure.normalize().to_string();
    let text = |text: &str| {
        let text = quick_xml::escape::escape(text);
        format!(
            r#"<{p}c r="{place}"{style} t="inlineStr"><{p}is><{p}t xml:space="preserve">{text}</{p}t></{p}is></{p}c>"#
        )
    };
    match content {
        Content::Number(figure) if super::xlsx::fits_a_float(*figure) => {
            format!(
                r#"<{p}c r="{place}"{style}><{p}v>{}</{p}v></{p}c>"#,
                number(figure)
            )
        }
        Content::Formula(formula, figure) if super::xlsx::fits_a_float(*figure) => format!(
            r#"<{p}c r="{place}"{style}><{p}f>{formula}</{p}f><{p}v>{}</{p}v></{p}c>"#,
            number(figure)
        ),
        // A figure of more digits than a spreadsheet number holds is written as text,
        // as the copy from the cells read writes it.
        Content::Number(figure) | Content::Formula(_, figure) => text(&number(figure)),
        Content::Text(written) => text(written),
    }
    .into_bytes()
}

/// The names of the workbook's sheets.
fn sheet_names(workbook: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    each_tag(workbook, |tag, _| {
        if tag.local_name().as_ref() == "sheet"
            && let Some(name) = attribute(tag, "name")
        {
            names.push(name);
        }
    });
    names
}

/// The workbook's links with one to the list of changes (at `target`, from `xl/`), and
/// without the chain of formulas: the links, and the new link's id.
fn with_link(links: &[u8], target: &str) -> Option<(Vec<u8>, String)> {
    let mut ids = Vec::new();
    let mut chain = None;
    let mut sheet_link = None;
    each_tag(links, |tag, span| {
        if tag.local_name().as_ref() == "Relationship" {
            ids.extend(attribute(tag, "Id"));
            match attribute(tag, "Type") {
                Some(t) if t.ends_with("/calcChain") => chain = Some(span),
                Some(t) if t.ends_with("/worksheet") => sheet_link = Some(t),
                _ => {}
            }
        }
    });
    let sheet_link = sheet_link.unwrap_or_else(|| WORKSHEET_LINK.to_owned());
    let sheet_link = quick_xml::escape::escape(&sheet_link);
    let id = (1..)
        .map(|n| format!("rIdAidcat{n}"))
        .find(|id| !ids.contains(id))?;
    let out = splice_before_end(&without(links, chain), "Relationships", |p| {
        format!(r#"<{p}Relationship Id="{id}" Type="{sheet_link}" Target="{target}"/>"#)
    })?;
    Some((out, id))
}

/// `xml` without the bytes of `span`.
fn without(xml: &[u8], span: Option<std::ops::Range<usize>>) -> Vec<u8> {
    match span {
        Some(span) => [&xml[..span.start], &xml[span.end..]].concat(),
        None => xml.to_vec(),
    }
}

/// `xml` with what `make` writes put before the last end tag named `name`; `make` is
/// given that tag's prefix (`x:` of `</x:sheets>`), for the names it writes.
fn splice_before_end(xml: &[u8], name: &str, make: impl Fn(&str) -> String) -> Option<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut end = None;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().ok()? {
            Event::End(tag) if tag.local_name().as_ref() == name => {
                end = Some((before, prefix_of(tag.name().as_ref())));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let (end, prefix) = end?;
    Some([&xml[..end], make(&prefix).as_bytes(), &xml[end..]].concat())
}

/// The workbook with the list of changes as its last sheet, linked by `link`, and set to
/// be recalculated when opened.
fn with_sheet(workbook: &[u8], name: &str, link: &str) -> Option<Vec<u8>> {
    // The sheets' link attribute as the workbook writes it (`r:id`), and the largest id;
    // the declaration of its prefix where the sheet carries it (openpyxl writes
    // `<sheet xmlns:r="…" r:id="rId1"/>`, declaring it nowhere else), to carry it too.
    let (mut link_key, mut largest) = (None, 0u64);
    let mut declared = String::new();
    let mut calc = None;
    each_tag(workbook, |tag, span| match tag.local_name().as_ref() {
        "sheet" => {
            largest = largest.max(
                attribute(tag, "sheetId")
                    .and_then(|id| id.parse().ok())
                    .unwrap_or(0),
            );
            let link = (tag.attributes().flatten())
                .find(|a| a.key.local_name().as_ref() == "id" && a.key.prefix().is_some());
            link_key = link.as_ref().map(|a| a.key.as_ref().to_owned());
            let prefix = link.as_ref().and_then(|a| a.key.prefix());
            let declaration = prefix.and_then(|prefix| {
                let key = format!("xmlns:{}", prefix.as_ref());
                let value = (tag.attributes().flatten()).find(|a| a.key.as_ref() == key)?;
                // The value as written, escaped already.
                Some(format!(r#" {key}="{}""#, value.value.as_ref()))
            });
            declared = declaration.unwrap_or_default();
        }
        "calcPr" => calc = Some(span),
        _ => {}
    });
    let link_key = link_key?;
    let name = quick_xml::escape::escape(name);
    let id = largest + 1;
    let workbook = match calc {
        Some(span) => {
            let tag = with_attributes(&workbook[span.clone()], &[("fullCalcOnLoad", "1")])?;
            [&workbook[..span.start], &tag, &workbook[span.end..]].concat()
        }
        // Without `calcPr`, the workbook is recalculated as Excel's defaults have it.
        None => workbook.to_vec(),
    };
    splice_before_end(&workbook, "sheets", |p| {
        format!(r#"<{p}sheet{declared} name="{name}" sheetId="{id}" {link_key}="{link}"/>"#)
    })
}

/// The content types with the list of changes' part, without the chain of formulas'.
fn with_types(types: &[u8], list_path: &str) -> Vec<u8> {
    let mut chain = None;
    each_tag(types, |tag, span| {
        if attribute(tag, "PartName").is_some_and(|name| name.ends_with("/calcChain.xml")) {
            chain = Some(span);
        }
    });
    let types = without(types, chain);
    splice_before_end(&types, "Types", |p| {
        format!(r#"<{p}Override PartName="/{list_path}" ContentType="{WORKSHEET_TYPE}"/>"#)
    })
    .unwrap_or(types)
}

/// The namespace the workbook's root element is in (its sheets' too): Transitional's
/// where it declares none that reads.
fn main_namespace(workbook: &[u8]) -> String {
    let mut reader = quick_xml::Reader::from_reader(workbook);
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag) | Event::Empty(tag)) => {
                let prefix = prefix_of(tag.name().as_ref());
                let key = match prefix.strip_suffix(':') {
                    Some(prefix) => format!("xmlns:{prefix}"),
                    None => "xmlns".to_owned(),
                };
                return (tag.attributes().flatten())
                    .find(|a| a.key.into_inner() == key.as_str())
                    .and_then(|a| {
                        let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0);
                        value.ok().map(|v| v.into_owned())
                    })
                    .unwrap_or_else(|| SHEET_NAMESPACE.to_owned());
            }
            Ok(Event::Eof) | Err(_) => return SHEET_NAMESPACE.to_owned(),
            Ok(_) => {}
        }
    }
}

/// The list of changes as a sheet in the namespace `namespace`: its headings, then a row
/// a change.
fn list_sheet(changes: &Sheet, namespace: &str) -> Vec<u8> {
    let mut rows = String::new();
    let headings: Vec<Cell> = (changes.columns.iter())
        .map(|c| Cell::Text(c.heading.clone()))
        .collect();
    let mut widths = vec![8usize; changes.columns.len()];
    for (at, cells) in std::iter::once(&headings).chain(&changes.rows).enumerate() {
        let row = at + 1;
        rows.push_str(&format!(r#"<row r="{row}">"#));
        for (column, cell) in cells.iter().enumerate() {
            let content = match cell {
                Cell::Text(text) if !text.is_empty() => Content::Text(text.clone()),
                Cell::Count(count) => Content::Number(Decimal::from(*count as u64)),
                Cell::Amount(Some(figure)) | Cell::Percent(Some(figure)) => {
                    Content::Number(*figure)
                }
                _ => continue,
            };
            let shown = match &content {
                Content::Text(text) => text.chars().count(),
                _ => 14,
            };
            if let Some(width) = widths.get_mut(column) {
                *width = (*width).max(shown.min(80));
            }
            rows.push_str(&String::from_utf8_lossy(&cell_element(
                "", row, column, 0, &content,
            )));
        }
        rows.push_str("</row>");
    }
    let columns: String = (widths.iter().enumerate())
        .map(|(at, width)| {
            format!(
                r#"<col min="{0}" max="{0}" width="{1}" customWidth="1"/>"#,
                at + 1,
                width + 2
            )
        })
        .collect();
    let namespace = quick_xml::escape::escape(namespace);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{namespace}"><cols>{columns}</cols><sheetData>{rows}</sheetData></worksheet>"#
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A small workbook's parts as rust_xlsxwriter writes them.
    fn workbook_parts() -> BTreeMap<String, Vec<u8>> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("Danh mục").unwrap();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        sheet.write_string_with_format(0, 0, "Tên", &bold).unwrap();
        for row in 1..4 {
            sheet.write_number(row, 1, f64::from(row) * 100.0).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        (0..archive.len())
            .map(|index| {
                let mut part = archive.by_index(index).unwrap();
                let mut bytes = Vec::new();
                part.read_to_end(&mut bytes).unwrap();
                (part.name().unwrap().into_owned(), bytes)
            })
            .collect()
    }

    /// Every part cut short at every byte, with a byte changed, or with an element or a
    /// start tag given twice, is patched or refused, never a panic; the whole parts are
    /// patched.
    #[test]
    fn broken_parts_are_refused_not_a_panic() {
        let parts = workbook_parts();
        let edits: BTreeMap<(usize, usize), Edit> = [
            (
                (3, 1),
                Content::Formula("SUM(B2:B3)".into(), Decimal::from(300)),
            ),
            ((2, 4), Content::Number(Decimal::from(7))),
            ((9, 0), Content::Text("<&>".into())),
        ]
        .into_iter()
        .map(|(place, content)| {
            let changed = true;
            (place, Edit { content, changed })
        })
        .collect();
        let filled: BTreeMap<usize, usize> = (0..4).map(|style| (style, style + 10)).collect();
        let each_damaged = |xml: &[u8], run: &dyn Fn(&[u8])| {
            // Each element, and each start tag, given twice (two `fills`, two `row`s of
            // one number, …).
            let mut reader = quick_xml::Reader::from_reader(xml);
            loop {
                let before = reader.buffer_position() as usize;
                match reader.read_event() {
                    Ok(Event::Start(tag)) => {
                        let after = reader.buffer_position() as usize;
                        run(&[&xml[..after], &xml[before..after], &xml[after..]].concat());
                        let mut whole = reader.clone();
                        if whole.read_to_end(tag.name()).is_ok() {
                            let end = whole.buffer_position() as usize;
                            run(&[&xml[..end], &xml[before..end], &xml[end..]].concat());
                        }
                    }
                    Ok(Event::Eof) | Err(_) => break,
                    _ => {}
                }
            }
            for cut in 0..xml.len() {
                run(&xml[..cut]);
                let mut changed = xml.to_vec();
                changed[cut] = match changed[cut] {
                    b'<' => b'>',
                    b'"' => b'<',
                    _ => b'"',
                };
                run(&changed);
            }
        };
        let sheet = &parts["xl/worksheets/sheet1.xml"];
        let patch_sheet = |xml: &[u8]| {
            if let Some(layout) = sheet_layout(xml) {
                let _ = with_edits(xml, &layout, &edits, &filled);
            }
        };
        each_damaged(sheet, &patch_sheet);
        let styles = &parts["xl/styles.xml"];
        each_damaged(styles, &|xml| drop(with_fill(xml, &[0, 1, 7])));
        let workbook = &parts["xl/workbook.xml"];
        each_damaged(workbook, &|xml| drop(with_sheet(xml, "Changes", "rId9")));
        let links = &parts["xl/_rels/workbook.xml.rels"];
        each_damaged(links, &|xml| drop(with_link(xml, "worksheets/sheet2.xml")));
        let types = &parts["[Content_Types].xml"];
        each_damaged(types, &|xml| {
            drop(with_types(xml, "xl/worksheets/sheet2.xml"))
        });
        // Whole, the row without the cell (9) is refused; the others are written.
        let layout = sheet_layout(sheet).unwrap();
        assert_eq!(with_edits(sheet, &layout, &edits, &filled), None);
        let edits: BTreeMap<_, _> = edits
            .into_iter()
            .filter(|((row, _), _)| *row != 9)
            .collect();
        let patched =
            String::from_utf8(with_edits(sheet, &layout, &edits, &filled).unwrap()).unwrap();
        assert!(
            patched.contains(r#"<c r="B3" s="10"><f>SUM(B2:B3)</f><v>300</v></c>"#),
            "{patched}"
        );
        assert!(
            patched.contains(r#"<c r="E2" s="10"><v>7</v></c></row>"#),
            "{patched}"
        );
        assert!(with_fill(styles, &[0, 1]).is_some());
        assert!(with_sheet(workbook, "Changes", "rId9").is_some());
    }
}
