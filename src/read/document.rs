//! Documents → rows: the tables of a Word document (`.docx`), an OpenDocument text
//! (`.odt`, LibreOffice Writer's own format) or a web page (`.html`, [`super::html`]).
//! A cell merged across columns is spread over them with the text in its first, a cell
//! merged down rows is read once, in its first row, as a reader sees it; paragraphs inside
//! a cell are kept as line breaks. The paragraphs before a table are its title lines.
//! Nested tables are read as text of the cell they stand in. The zipped formats are read
//! as a stream with the XML library calamine uses (quick-xml), after the same size screen
//! as workbooks.

use super::decode::LegacyFont;
use super::numbering::{OpenDocumentLists, ParagraphNumbering, Tag, WordNumbering};
use super::rows::{MAX_CELL_BYTES, MAX_COLUMNS, Row};
use crate::problem::{Failure, OtherFormat, Problem};
use anyhow::Result;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::ops::Range;

/// The kinds of document read, by what their bytes hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Word,
    /// Word 97-2003's binary format (`.doc`), read by [`super::word_binary`].
    WordBinary,
    /// Rich Text Format (`.rtf`, or a `.doc` that is RTF inside), read by [`super::rtf`].
    Rtf,
    OpenDocument,
    Html,
    /// Pipe tables in Markdown, read by [`super::markdown`].
    Markdown,
    /// Lists of objects or of lists in JSON, read by [`super::json`].
    Json,
}

impl DocumentKind {
    /// The kind of these bytes, whatever the file's name: a zip holding
    /// `word/document.xml`, an OLE container holding a Word 97-2003 document, an RTF
    /// document, a zip whose `mimetype` is an OpenDocument text, a web page, JSON, or a
    /// text holding a Markdown table.
    pub fn of(bytes: &[u8]) -> Option<DocumentKind> {
        if super::html::is_html(bytes) {
            return Some(DocumentKind::Html);
        }
        if super::word_binary::is_word_binary(bytes) {
            return Some(DocumentKind::WordBinary);
        }
        if super::rtf::is_rtf(bytes) {
            return Some(DocumentKind::Rtf);
        }
        if super::json::is_json(bytes) {
            return Some(DocumentKind::Json);
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return super::markdown::is_markdown(bytes).then_some(DocumentKind::Markdown);
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        if archive.index_for_name("word/document.xml").is_some() {
            return Some(DocumentKind::Word);
        }
        let mut mimetype = String::new();
        archive
            .by_name("mimetype")
            .ok()?
            .take(100)
            .read_to_string(&mut mimetype)
            .ok()?;
        let text = mimetype
            .trim()
            .starts_with("application/vnd.oasis.opendocument.text");
        text.then_some(DocumentKind::OpenDocument)
    }

    /// The format's name in reports: `docx table 1`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Word => "docx",
            DocumentKind::WordBinary => "doc",
            DocumentKind::Rtf => "rtf",
            DocumentKind::OpenDocument => "odt",
            DocumentKind::Html => "html",
            DocumentKind::Markdown => "md",
            DocumentKind::Json => "json",
        }
    }
}

/// A file of a kind that holds no table, by its first bytes: a PDF, a picture or an
/// archive other than a zip (see [`other_zip`]).
pub fn other_format(bytes: &[u8]) -> Option<OtherFormat> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        Some(OtherFormat::Pdf)
    } else if [
        &b"\x89PNG"[..],
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"II*\0",
        b"MM\0*",
    ]
    .iter()
    .any(|magic| starts(magic))
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
    {
        Some(OtherFormat::Image)
    } else if starts(b"Rar!\x1A\x07") || starts(b"7z\xBC\xAF\x27\x1C") {
        Some(OtherFormat::Archive)
    } else {
        None
    }
}

/// A zip that is no workbook or document: a presentation (`ppt/`), or an archive of files
/// (none of the parts a workbook or document has). `None` for any other bytes, a zip
/// that cannot be opened included (a damaged workbook's error says more).
pub fn other_zip(bytes: &[u8]) -> Option<OtherFormat> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let has = |part: &str| archive.index_for_name(part).is_some();
    if has("ppt/presentation.xml") {
        return Some(OtherFormat::Presentation);
    }
    let office = [
        "[Content_Types].xml",
        "word/document.xml",
        "xl/workbook.xml",
        "xl/workbook.bin",
        "mimetype",
        "content.xml",
        "META-INF/manifest.xml",
    ];
    (!office.iter().any(|part| has(part))).then_some(OtherFormat::Archive)
}

/// The most cells the tables of a document may hold, with its paragraphs outside them
/// (merged cells counted as the columns they span, and each row as one more): a
/// catalogue has tens of thousands, and memory for a million stays near a hundred
/// megabytes.
pub(super) const MAX_DOCUMENT_CELLS: u64 = 1_000_000;

/// The most bytes read of a part that defines lists (Word's `numbering.xml` and
/// `styles.xml`, OpenDocument's `styles.xml`): a document's are tens of kilobytes.
const MAX_LIST_PART_BYTES: u64 = 16 << 20;
/// The most character styles that hide their text kept: a document has a few; past this,
/// a hostile one's further styles hide nothing.
const MAX_HIDDEN_STYLES: usize = 10_000;

/// The most text the tables of a document may hold once its repeated cells and rows
/// (OpenDocument's `number-columns-repeated`, `number-rows-repeated`) are spread out.
pub(super) const MAX_DOCUMENT_TEXT_BYTES: u64 = 64 << 20;

/// What a reader that builds its rows before the [`Builder`] (a `.doc`'s, an RTF's) has
/// held so far, within the limits every document is held to.
#[derive(Default)]
pub(super) struct Held {
    bytes: u64,
    items: u64,
}

impl Held {
    /// Counts `bytes` more of text.
    pub(super) fn text(&mut self, bytes: usize) -> Result<(), Problem> {
        self.bytes += bytes as u64;
        if self.bytes > MAX_DOCUMENT_TEXT_BYTES {
            let (mib, max) = (self.bytes >> 20, MAX_DOCUMENT_TEXT_BYTES >> 20);
            return Err(Problem::DocumentText { mib, max });
        }
        Ok(())
    }

    /// Counts one more cell or paragraph.
    pub(super) fn item(&mut self) -> Result<(), Problem> {
        self.items += 1;
        if self.items > MAX_DOCUMENT_CELLS {
            let max = MAX_DOCUMENT_CELLS;
            return Err(Problem::DocumentTooLarge { max });
        }
        Ok(())
    }
}

/// One table of a document, with the paragraphs before it.
#[derive(Debug, Default)]
pub struct DocumentTable {
    pub titles: Vec<String>,
    /// Does it stand within a cell of another table (a catalogue a web page sets in a
    /// table laying the page out)? It goes on with no table before it.
    pub nested: bool,
    pub rows: Vec<Vec<String>>,
    /// The cells that continue the cell above them (merged down), as row and cell index,
    /// in row order, with the row the merge starts on.
    pub merged_down: Vec<(usize, usize, usize)>,
    /// The cells whose text is the result of a formula field (Word's `=SUM(ABOVE)`, a
    /// Writer table's formula): row and cell index, and the formula (`=SUM(ABOVE)`).
    pub formulas: Vec<(usize, usize, String)>,
    /// Where a Word or OpenDocument document's cells stand in its XML (each `w:tc` or
    /// `table:table-cell` element's bytes), by row and cell index: the cells a corrected
    /// copy of the document can be written into. A cell merged into another, the columns
    /// past the first that a cell spans, and cells repeated have none.
    pub places: Vec<(usize, usize, std::ops::Range<usize>)>,
    /// The cells that hold a figure as a number, not as text (a JSON figure), by row and
    /// cell index, in row order: taken exactly, as a workbook's stored number is.
    pub numbers: Vec<(usize, usize, rust_decimal::Decimal)>,
}

/// The longest formula kept: a table's `=SUM(ABOVE)` is short.
pub(super) const MAX_FORMULA_BYTES: usize = 256;

/// A field's instruction as the formula it computes, where it is one: Word's `=SUM(ABOVE)
/// \# "#,##0"` → `=SUM(ABOVE)` (its format switch dropped), a Writer table's
/// `ooow:sum <C3:C5>` → `=sum <C3:C5>`. Other fields (`PAGE`, `DATE`) compute no figure.
pub(super) fn field_formula(instruction: &str) -> Option<String> {
    let instruction = instruction.trim();
    let formula = match instruction.split_once(':') {
        Some(("ooow" | "of", formula)) => formula.trim_start_matches('='),
        _ => instruction.strip_prefix('=')?,
    };
    let formula = formula.split('\\').next().unwrap_or_default().trim();
    (!formula.is_empty() && formula.len() < MAX_FORMULA_BYTES)
        .then(|| format!("={}", crate::text::clean_cell(formula)))
}

/// The tables of a document of `kind`, in order.
pub fn tables(name: &str, bytes: &[u8], kind: DocumentKind) -> Result<Vec<DocumentTable>> {
    match kind {
        DocumentKind::Html => super::html::tables(name, bytes),
        DocumentKind::Markdown => super::markdown::tables(name, bytes),
        DocumentKind::Json => super::json::tables(name, bytes),
        DocumentKind::WordBinary => super::word_binary::tables(name, bytes),
        DocumentKind::Rtf => super::rtf::tables(name, bytes),
        DocumentKind::Word => zipped_tables(name, bytes, "word/document.xml", Dialect::Word),
        DocumentKind::OpenDocument => {
            zipped_tables(name, bytes, "content.xml", Dialect::OpenDocument)
        }
    }
}

/// The two XML vocabularies of tables read here.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// WordprocessingML: `w:tbl`, `w:tr`, `w:tc` with `w:gridSpan` and `w:vMerge`, text in
    /// `w:t` runs.
    Word,
    /// OpenDocument: `table:table`, `table:table-row`, `table:table-cell` followed by a
    /// `table:covered-table-cell` for each column or row it spans, text in `text:p`.
    OpenDocument,
}

fn zipped_tables(
    name: &str,
    bytes: &[u8],
    part: &str,
    dialect: Dialect,
) -> Result<Vec<DocumentTable>> {
    super::workbook::screen_zip(name, bytes)?;
    let damaged = || Failure::error(name, Problem::DocumentDamaged);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    // The lists that number paragraphs, defined in parts of their own.
    let mut small_part = |name: &str| {
        let mut xml = Vec::new();
        if let Ok(part) = archive.by_name(name) {
            // A damaged or oversized definition of lists numbers nothing past it.
            let _ = part.take(MAX_LIST_PART_BYTES).read_to_end(&mut xml);
        }
        xml
    };
    let mut word_lists = WordNumbering::default();
    let mut open_document_lists = OpenDocumentLists::default();
    let mut hidden_styles = HiddenStyles::new(dialect);
    match dialect {
        Dialect::Word => {
            let styles = small_part("word/styles.xml");
            word_lists = WordNumbering::new(&small_part("word/numbering.xml"), &styles);
            hidden_styles.read(&styles);
        }
        Dialect::OpenDocument => {
            let styles = small_part("styles.xml");
            open_document_lists.read_styles(&styles);
            hidden_styles.read(&styles);
        }
    }
    // A Word paragraph's own properties (not those a tracked change replaced): its style
    // and its list.
    let mut paragraph = ParagraphNumbering::default();
    let part = archive.by_name(part).map_err(|_| damaged())?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(1 << 30)));
    let mut buf = Vec::new();
    let mut tables = Builder::new(name);
    // Word's text stands in `w:t` runs; OpenDocument's anywhere in a paragraph, but in a
    // note, a comment or the text a tracked change deleted, which are not the cell's.
    let mut in_text = false;
    let mut in_note = 0usize;
    // Drawings open whose text is not read: the copy of a drawing Word keeps for older
    // readers (its text read twice otherwise), and in a table a text box or shape (a
    // note drawn over a cell is not the cell's text).
    let mut in_drawing = 0usize;
    // Word: the run open is hidden (`w:vanish`), its text not shown or printed; and the
    // run properties a tracked change replaced are open, which say nothing of it now.
    let mut hidden_run = false;
    let mut in_replaced_run_properties = false;
    // OpenDocument: the spans open: how deep, and from which a hidden one.
    let (mut spans, mut hidden_from) = (0usize, None);
    // Word: the fields open (`w:fldChar` begin to end), and the outermost one's
    // instruction, read until its result starts (`separate`).
    let (mut fields, mut instruction, mut in_instruction) = (0usize, String::new(), false);
    // OpenDocument: the covered cells still to come in the row that a cell spanning
    // columns covers; a covered cell past them continues the cell above.
    let mut covered_across = 0usize;
    loop {
        // Where the event starts in the part: a Word cell's place.
        let before = reader.buffer_position() as usize;
        let event = reader.read_event_into(&mut buf).map_err(|_| damaged())?;
        let drawing = |tag: &str| is_drawing(dialect, tag, tables.in_table());
        let skipped = match &event {
            Event::Start(tag) if drawing(tag.local_name().as_ref()) => {
                in_drawing += 1;
                true
            }
            Event::End(tag) if in_drawing > 0 && drawing(tag.local_name().as_ref()) => {
                in_drawing -= 1;
                true
            }
            Event::Eof => false,
            _ => in_drawing > 0,
        };
        if skipped {
            buf.clear();
            continue;
        }
        // Text not shown or printed is not read.
        let hidden = hidden_run || hidden_from.is_some();
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let opens = matches!(event, Event::Start(_));
                let local = tag.local_name();
                // A list in a note or comment is not the document's.
                if dialect == Dialect::OpenDocument && in_note == 0 {
                    open_document_lists.tag(Tag::Opens { tag, empty: !opens });
                }
                match (dialect, local.as_ref()) {
                    (Dialect::Word, "tbl") | (Dialect::OpenDocument, "table") if opens => {
                        tables.open_table();
                    }
                    (Dialect::Word, "tr") => tables.open_row(1),
                    (Dialect::OpenDocument, "table-row") => {
                        covered_across = 0;
                        tables.open_row(count(tag, "number-rows-repeated"));
                        if !opens {
                            tables.close_row()?;
                        }
                    }
                    (Dialect::Word, "tc") => {
                        tables.open_cell();
                        tables.cell_starts_at(before);
                    }
                    (Dialect::OpenDocument, "table-cell" | "covered-table-cell") => {
                        tables.open_cell();
                        tables.cell_starts_at(before);
                        let repeats = count(tag, "number-columns-repeated");
                        tables.set_repeats(repeats);
                        // A Writer table's formula is the cell's (`table:formula`).
                        if let Some(formula) = attribute(tag, "formula") {
                            tables.set_formula(&formula);
                        }
                        if local.as_ref() == "table-cell" {
                            covered_across = count(tag, "number-columns-spanned") - 1;
                        } else if covered_across > 0 {
                            covered_across = covered_across.saturating_sub(repeats);
                            tables.set_merged_across();
                        } else {
                            tables.set_merged_down();
                        }
                        if !opens {
                            tables.cell_ends_at(reader.buffer_position() as usize);
                            tables.close_cell()?;
                        }
                    }
                    (Dialect::Word, "gridSpan") => {
                        tables.set_spans(
                            attribute(tag, "val")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1),
                        );
                    }
                    // `<w:vMerge/>` or `val="continue"` continues the cell above.
                    (Dialect::Word, "vMerge")
                        if attribute(tag, "val").is_none_or(|v| v == "continue") =>
                    {
                        tables.set_merged_down();
                    }
                    (Dialect::Word, "t") => in_text = opens,
                    (Dialect::Word, "instrText") => in_instruction = opens && fields == 1,
                    (Dialect::Word, "fldSimple") => {
                        tables.set_formula(&attribute(tag, "instr").unwrap_or_default());
                    }
                    (Dialect::Word, "fldChar") => match attribute(tag, "fldCharType").as_deref() {
                        Some("begin") => {
                            fields += 1;
                            instruction.clear();
                        }
                        Some("separate") if fields == 1 => tables.set_formula(&instruction),
                        Some("end") => fields = fields.saturating_sub(1),
                        _ => {}
                    },
                    (Dialect::OpenDocument, "table-formula") if in_note == 0 => {
                        if let Some(formula) = attribute(tag, "formula") {
                            tables.set_formula(&formula);
                        }
                    }
                    (Dialect::Word, "r") => hidden_run = false,
                    (Dialect::Word, "rPrChange") => in_replaced_run_properties = opens,
                    // In a paragraph's properties, they hide the paragraph's mark alone.
                    (Dialect::Word, "vanish")
                        if !paragraph.properties && !in_replaced_run_properties =>
                    {
                        hidden_run = is_on(tag);
                    }
                    (Dialect::Word, "rStyle")
                        if !paragraph.properties && !in_replaced_run_properties =>
                    {
                        hidden_run = hidden_styles.hides(attribute(tag, "val"));
                    }
                    (Dialect::Word, "p") => {
                        paragraph = ParagraphNumbering::default();
                        tables.open_paragraph();
                    }
                    (Dialect::Word, "pPr") => paragraph.properties = opens,
                    (Dialect::Word, "pPrChange") => paragraph.changed += usize::from(opens),
                    (Dialect::Word, "pStyle" | "numId" | "ilvl") => {
                        paragraph.note(local.as_ref(), attribute(tag, "val"));
                    }
                    (Dialect::OpenDocument, "p" | "h") if opens && in_note == 0 => {
                        in_text = true;
                        tables.open_paragraph();
                        if let Some(label) = open_document_lists.paragraph() {
                            tables.text(&label)?;
                        }
                    }
                    // An empty paragraph is a line of its own only where a number is
                    // drawn on it (an empty STT cell numbered by its list).
                    (Dialect::OpenDocument, "p" | "h") if in_note == 0 => {
                        if let Some(label) = open_document_lists.paragraph() {
                            tables.open_paragraph();
                            tables.text(&label)?;
                            tables.close_paragraph()?;
                        }
                    }
                    (Dialect::OpenDocument, "note" | "annotation" | "tracked-changes") if opens => {
                        in_note += 1;
                    }
                    // The automatic styles, before the text.
                    (Dialect::OpenDocument, "style" | "text-properties") => {
                        hidden_styles.opens(local.as_ref(), tag);
                    }
                    (Dialect::OpenDocument, "span") if opens => {
                        spans += 1;
                        if hidden_from.is_none()
                            && hidden_styles.hides(attribute(tag, "style-name"))
                        {
                            hidden_from = Some(spans);
                        }
                    }
                    (Dialect::OpenDocument, "s") if in_note == 0 && hidden_from.is_none() => {
                        let spaces = count(tag, "c").min(MAX_CELL_BYTES);
                        tables.text(&" ".repeat(spaces))?;
                    }
                    (_, "tab") if !hidden => tables.text(" ")?,
                    (Dialect::Word, "softHyphen") if !hidden => {
                        tables.text(&SOFT_HYPHEN.to_string())?;
                    }
                    (Dialect::Word, "br" | "cr") | (Dialect::OpenDocument, "line-break")
                        if !hidden =>
                    {
                        tables.text("\n")?;
                    }
                    _ => {}
                }
            }
            Event::Text(text) if in_instruction && instruction.len() < MAX_FORMULA_BYTES => {
                instruction.push_str(&text.xml10_content());
            }
            Event::Text(_) if in_instruction => {}
            Event::Text(text) if in_text && in_note == 0 && !hidden => {
                tables.text(&text.xml10_content())?
            }
            Event::GeneralRef(reference) if in_text && in_note == 0 && !hidden => {
                if let Some(text) = reference_text(&reference) {
                    tables.text(&text)?;
                }
            }
            Event::End(tag) => match (dialect, tag.local_name().as_ref()) {
                (Dialect::OpenDocument, name) if name.starts_with("list") && in_note == 0 => {
                    open_document_lists.tag(Tag::Closes(name));
                }
                (Dialect::Word, "t") => in_text = false,
                (Dialect::Word, "instrText") => in_instruction = false,
                (Dialect::Word, "r") => hidden_run = false,
                (Dialect::Word, "rPrChange") => in_replaced_run_properties = false,
                (Dialect::OpenDocument, "span") => {
                    if hidden_from == Some(spans) {
                        hidden_from = None;
                    }
                    spans = spans.saturating_sub(1);
                }
                (Dialect::OpenDocument, "style") => hidden_styles.closes("style"),
                (Dialect::Word, "pPrChange") => {
                    paragraph.changed = paragraph.changed.saturating_sub(1);
                }
                (Dialect::Word, "pPr") if paragraph.changed == 0 => {
                    paragraph.properties = false;
                    if let Some(label) = paragraph.label(&mut word_lists) {
                        tables.text(&label)?;
                    }
                }
                (Dialect::Word, "p") => tables.close_paragraph()?,
                (Dialect::OpenDocument, "p" | "h") if in_note == 0 => {
                    in_text = false;
                    tables.close_paragraph()?;
                }
                (Dialect::OpenDocument, "note" | "annotation" | "tracked-changes") => {
                    in_note = in_note.saturating_sub(1);
                }
                (Dialect::Word, "tc") => {
                    tables.cell_ends_at(reader.buffer_position() as usize);
                    tables.close_cell()?;
                }
                (Dialect::OpenDocument, "table-cell" | "covered-table-cell") => {
                    tables.cell_ends_at(reader.buffer_position() as usize);
                    tables.close_cell()?;
                }
                (Dialect::Word, "tr") | (Dialect::OpenDocument, "table-row") => {
                    tables.close_row()?;
                }
                (Dialect::Word, "tbl") | (Dialect::OpenDocument, "table") => {
                    tables.close_table();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(tables.finish())
}

/// Is a Word toggle property (`<w:vanish/>`) on: no value, or one other than off?
fn is_on(tag: &BytesStart) -> bool {
    attribute(tag, "val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

/// The character styles that hide their text, which a word processor neither shows nor
/// prints: Word's with `w:vanish` (in `styles.xml`), OpenDocument's with
/// `text:display="none"` (in `styles.xml`, and the automatic ones of `content.xml`).
struct HiddenStyles {
    dialect: Dialect,
    names: HashSet<String>,
    /// The character style being defined.
    defined: Option<String>,
}

impl HiddenStyles {
    fn new(dialect: Dialect) -> Self {
        HiddenStyles {
            dialect,
            names: HashSet::new(),
            defined: None,
        }
    }

    /// Reads the styles that hide their text from a part of styles.
    fn read(&mut self, xml: &[u8]) {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(tag) | Event::Empty(tag)) => {
                    self.opens(tag.local_name().as_ref(), &tag);
                }
                Ok(Event::End(tag)) => self.closes(tag.local_name().as_ref()),
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }

    /// An element of a style's definition opens.
    fn opens(&mut self, local: &str, tag: &BytesStart) {
        let hides = match (self.dialect, local) {
            (Dialect::Word, "style") => {
                let character = attribute(tag, "type").as_deref() == Some("character");
                self.defined = character.then(|| attribute(tag, "styleId")).flatten();
                false
            }
            (Dialect::OpenDocument, "style") => {
                let text = attribute(tag, "family").as_deref() == Some("text");
                self.defined = text.then(|| attribute(tag, "name")).flatten();
                false
            }
            (Dialect::Word, "vanish") => is_on(tag),
            (Dialect::OpenDocument, "text-properties") => {
                attribute(tag, "display").as_deref() == Some("none")
            }
            _ => false,
        };
        if hides && self.names.len() < MAX_HIDDEN_STYLES {
            self.names.extend(self.defined.take());
        }
    }

    fn closes(&mut self, local: &str) {
        if local == "style" {
            self.defined = None;
        }
    }

    /// Does the style named `name` hide its text?
    fn hides(&self, name: Option<String>) -> bool {
        name.is_some_and(|name| self.names.contains(&name))
    }
}

/// Does an element of `dialect` named `local` hold a drawing whose text is not read:
/// the older copy of a drawing Word keeps beside the newer (`mc:Fallback`), and in a
/// table (`in_table`) Word's text box content, OpenDocument's frames and shapes.
fn is_drawing(dialect: Dialect, local: &str, in_table: bool) -> bool {
    match dialect {
        Dialect::Word => local == "Fallback" || (in_table && local == "txbxContent"),
        Dialect::OpenDocument => {
            in_table
                && matches!(
                    local,
                    "frame"
                        | "text-box"
                        | "custom-shape"
                        | "rect"
                        | "ellipse"
                        | "polygon"
                        | "polyline"
                        | "path"
                        | "line"
                        | "connector"
                        | "caption"
                        | "measure"
                        | "g"
                )
        }
    }
}

/// The text a character or predefined entity reference stands for (`&#10;`, `&amp;`);
/// `None` for another entity, which a catalogue's XML does not declare and is not read.
pub(super) fn reference_text(reference: &quick_xml::events::BytesRef) -> Option<String> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => quick_xml::escape::resolve_predefined_entity(&reference.clone().into_inner())
            .map(str::to_owned),
    }
}

/// The value of the attribute named `key` (namespace aside), its references resolved
/// (`&quot;`, `&#7909;`).
pub(crate) fn attribute(tag: &BytesStart, key: &str) -> Option<String> {
    let found = tag
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)?;
    let value = found.normalized_value(quick_xml::XmlVersion::Implicit1_0);
    Some(value.map_or_else(|_| found.value.to_string(), |v| v.into_owned()))
}

/// A repeat count such as `number-columns-repeated`: 1 when absent or unreadable.
fn count(tag: &BytesStart, key: &str) -> usize {
    attribute(tag, key)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// The tables of a document, built from its parts in reading order within the limits:
/// the one place every document format turns its cells into rows.
pub(super) struct Builder<'a> {
    name: &'a str,
    tables: Vec<DocumentTable>,
    /// The tables within a cell of another, in the order they end: after the others.
    nested: Vec<DocumentTable>,
    /// The paragraphs since the last table.
    titles: Vec<String>,
    /// Tables open: the outermost [`MAX_NESTED_TABLES`] are built, each also text of the
    /// cell it stands in; a table deeper is text of that cell alone.
    depth: usize,
    open: Vec<OpenTable>,
    paragraph: String,
    /// Cells and bytes of text held so far: a small document can declare millions of
    /// cells, or repeat one.
    cells: u64,
    bytes: u64,
}

/// How deep tables within cells are built as tables: a catalogue a web page or a
/// document sets within a table laying the page out is one level down.
const MAX_NESTED_TABLES: usize = 4;

/// A table being built, and its row and cell in hand.
#[derive(Default)]
struct OpenTable {
    table: DocumentTable,
    row: Vec<String>,
    /// How many times the row in hand stands (OpenDocument's `number-rows-repeated`).
    row_repeats: usize,
    cell: String,
    /// The cell in hand: merged into the one above or before it (its text not read), and
    /// into the one above; the columns it spans, the times it stands.
    merged: bool,
    down: bool,
    /// The cell in hand is one a cell before it covers, spanning its columns.
    across: bool,
    spans: usize,
    repeats: usize,
    /// The formula the cell in hand shows the result of ([`field_formula`]).
    formula: Option<String>,
    /// Where the cell in hand starts in the document's XML, and once it is closed, ends.
    place: (Option<usize>, Option<usize>),
    /// The columns each cell of the row in hand stands in, and of each row closed
    /// ([`DocumentTable::realigned`]).
    row_cells: Vec<Range<usize>>,
    cells_of_rows: Vec<Vec<Range<usize>>>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(name: &'a str) -> Self {
        Builder {
            name,
            tables: Vec::new(),
            nested: Vec::new(),
            titles: Vec::new(),
            depth: 0,
            open: Vec::new(),
            paragraph: String::new(),
            cells: 0,
            bytes: 0,
        }
    }

    /// The table built that the row and cell in hand are of, where it is the innermost
    /// table open (not one too deep, whose text is that table's cell's).
    fn current(&mut self) -> Option<&mut OpenTable> {
        match self.builds() {
            true => self.open.last_mut(),
            false => None,
        }
    }

    /// Opens a table: the document's next, or one within the cell in hand, whose title
    /// lines are the outer table's, then that cell's lines before it.
    pub(super) fn open_table(&mut self) {
        self.depth += 1;
        if self.depth > MAX_NESTED_TABLES {
            return;
        }
        let titles = match self.open.last() {
            None => std::mem::take(&mut self.titles),
            Some(outer) => {
                let lines = outer.cell.lines().filter(|line| !line.trim().is_empty());
                (outer.table.titles.iter().cloned())
                    .chain(lines.map(str::to_owned))
                    .collect()
            }
        };
        self.open.push(OpenTable {
            table: DocumentTable {
                titles,
                nested: self.depth > 1,
                ..DocumentTable::default()
            },
            row_repeats: 1,
            spans: 1,
            repeats: 1,
            ..OpenTable::default()
        });
    }

    /// Closes a table. One within a cell is also that cell's text, its cells' lines in
    /// order, as a reader sees it.
    pub(super) fn close_table(&mut self) {
        if self.builds()
            && let Some(closed) = self.open.pop()
        {
            let cells_of_rows = closed.cells_of_rows;
            let table = closed.table.realigned(&cells_of_rows);
            match self.open.last_mut() {
                None => self.tables.push(table),
                Some(outer) => {
                    let lines = table.rows.iter().flatten();
                    for line in lines.filter(|text| !text.is_empty()) {
                        if !outer.cell.is_empty() {
                            outer.cell.push('\n');
                        }
                        outer.cell.push_str(line);
                    }
                    // One without rows holds nothing to read (nor counts against the
                    // limits, as a row does).
                    if !table.rows.is_empty() {
                        self.nested.push(table);
                    }
                }
            }
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// Starts a row that stands `repeats` times.
    pub(super) fn open_row(&mut self, repeats: usize) {
        if let Some(open) = self.current() {
            open.row.clear();
            open.row_cells.clear();
            open.row_repeats = repeats;
        }
    }

    /// Is the table in hand built (not one nested too deep, whose text is a cell's)?
    pub(super) fn builds(&self) -> bool {
        self.depth > 0 && self.depth == self.open.len()
    }

    /// The cells of the row in hand, in the innermost table built.
    pub(super) fn row_len(&self) -> usize {
        self.open.last().map_or(0, |open| open.row.len())
    }

    /// Ends the row, held `repeats` times; a row without text once, as a reader sees
    /// repeated empty rows.
    pub(super) fn close_row(&mut self) -> Result<()> {
        let Some(open) = self.current() else {
            return Ok(());
        };
        let row = std::mem::take(&mut open.row);
        let cells = std::mem::take(&mut open.row_cells);
        let text: u64 = row.iter().map(|c| c.len() as u64).sum();
        let repeats = if text == 0 { 1 } else { open.row_repeats };
        for _ in 1..repeats {
            self.hold(row.len() as u64 + 1, text)?;
            self.push_row(row.clone(), cells.clone());
        }
        self.hold(1, 0)?;
        self.push_row(row, cells);
        Ok(())
    }

    /// Adds a row, its cells standing in `cells`' columns, to the innermost table built.
    fn push_row(&mut self, row: Vec<String>, cells: Vec<Range<usize>>) {
        if let Some(open) = self.open.last_mut() {
            open.table.rows.push(row);
            open.cells_of_rows.push(cells);
        }
    }

    pub(super) fn open_cell(&mut self) {
        if let Some(open) = self.current() {
            open.cell.clear();
            (open.merged, open.down, open.across) = (false, false, false);
            (open.spans, open.repeats) = (1, 1);
            open.formula = None;
            open.place = (None, None);
        }
    }

    /// The cell in hand starts at byte `at` of the document's XML (Word's `w:tc`,
    /// OpenDocument's `table:table-cell`).
    pub(super) fn cell_starts_at(&mut self, at: usize) {
        if let Some(open) = self.current() {
            open.place.0 = Some(at);
        }
    }

    /// The cell in hand ends at byte `at` of the document's XML.
    pub(super) fn cell_ends_at(&mut self, at: usize) {
        if let Some(open) = self.current() {
            open.place.1 = Some(at);
        }
    }

    /// The cell in hand shows the result of a field with this instruction: where it is a
    /// formula, the cell's formula (the first, where a cell holds more).
    pub(super) fn set_formula(&mut self, instruction: &str) {
        if let Some(open) = self.current().filter(|open| open.formula.is_none()) {
            open.formula = field_formula(instruction);
        }
    }

    /// The cell in hand continues the one above it or before it: its text is not read.
    pub(super) fn set_merged(&mut self) {
        if let Some(open) = self.current() {
            open.merged = true;
        }
    }

    /// The cell in hand is covered by the one before it, which spans its column (written
    /// as a cell of its own: OpenDocument's covered cell, a `.doc`'s merged one): its
    /// text is not read, and its column is the covering cell's.
    pub(super) fn set_merged_across(&mut self) {
        if let Some(open) = self.current() {
            (open.merged, open.across) = (true, true);
        }
    }

    /// The cell in hand continues the one above it: its text is not read, and a plan's
    /// agencies and timing are the cell above's.
    pub(super) fn set_merged_down(&mut self) {
        if let Some(open) = self.current() {
            (open.merged, open.down) = (true, true);
        }
    }

    /// The cell in hand spans `spans` columns.
    pub(super) fn set_spans(&mut self, spans: usize) {
        if let Some(open) = self.current() {
            open.spans = spans.clamp(1, MAX_COLUMNS);
        }
    }

    /// The cell in hand stands `repeats` times.
    pub(super) fn set_repeats(&mut self, repeats: usize) {
        if let Some(open) = self.current() {
            open.repeats = repeats.max(1);
        }
    }

    /// Ends the cell: its text (none when merged), then an empty cell for each further
    /// column it spans; all of it as many times as it is repeated. Repeated empty cells
    /// past the widest row a catalogue has are padding, dropped.
    pub(super) fn close_cell(&mut self) -> Result<()> {
        let Some(open) = self.current() else {
            return Ok(());
        };
        let text = if open.merged {
            String::new()
        } else {
            std::mem::take(&mut open.cell)
        };
        if let Some(formula) = open.formula.take().filter(|_| !text.is_empty()) {
            (open.table.formulas).push((open.table.rows.len(), open.row.len(), formula));
        }
        // A run of repeated cells, or a cell of a repeated row, has no one place.
        if let (Some(start), Some(end)) = std::mem::take(&mut open.place)
            && !open.merged
            && open.repeats == 1
            && open.row_repeats == 1
        {
            (open.table.places).push((open.table.rows.len(), open.row.len(), start..end));
        }
        if open.down
            && let Some(above) = open.table.rows.len().checked_sub(1)
        {
            let (merged, index) = (&mut open.table.merged_down, open.row.len());
            let start = merged
                .binary_search_by(|m| (m.0, m.1).cmp(&(above, index)))
                .map_or(above, |at| merged[at].2);
            merged.push((above + 1, index, start));
        }
        let (spans, repeats) = (open.spans, open.repeats);
        let repeats = if text.is_empty() {
            repeats.min(MAX_COLUMNS.saturating_sub(open.row.len()).max(1))
        } else {
            repeats
        };
        for _ in 0..repeats {
            self.hold(spans as u64, text.len() as u64)?;
            let Some(open) = self.open.last_mut() else {
                break;
            };
            let start = open.row.len();
            open.row.push(text.clone());
            for _ in 1..spans {
                open.row.push(String::new());
            }
            let end = open.row.len();
            match open.row_cells.last_mut() {
                Some(covering) if open.across => covering.end = end,
                _ => open.row_cells.push(start..end),
            }
            if open.row.len() > MAX_COLUMNS {
                let max = MAX_COLUMNS;
                return Err(Failure::error(self.name, Problem::TooManyCells { max }));
            }
        }
        Ok(())
    }

    /// Counts cells and text about to be held, within the limits.
    fn hold(&mut self, cells: u64, bytes: u64) -> Result<()> {
        self.cells += cells;
        self.bytes += bytes;
        if self.cells > MAX_DOCUMENT_CELLS {
            let max = MAX_DOCUMENT_CELLS;
            return Err(Failure::error(self.name, Problem::DocumentTooLarge { max }));
        }
        if self.bytes > MAX_DOCUMENT_TEXT_BYTES {
            let (mib, max) = (self.bytes >> 20, MAX_DOCUMENT_TEXT_BYTES >> 20);
            return Err(Failure::error(
                self.name,
                Problem::DocumentText { mib, max },
            ));
        }
        Ok(())
    }

    /// Is a table open?
    pub(super) fn in_table(&self) -> bool {
        self.depth > 0
    }

    pub(super) fn paragraph_is_empty(&self) -> bool {
        self.paragraph.is_empty()
    }

    pub(super) fn open_paragraph(&mut self) {
        self.paragraph.clear();
    }

    /// Text of the paragraph in hand.
    pub(super) fn text(&mut self, text: &str) -> Result<()> {
        self.paragraph.push_str(text);
        if self.paragraph.len() > MAX_CELL_BYTES {
            let cell = self.row_len() + 1;
            let mib = MAX_CELL_BYTES >> 20;
            return Err(Failure::error(
                self.name,
                Problem::CellTooLarge { cell, mib },
            ));
        }
        Ok(())
    }

    /// Ends a paragraph: a title line outside tables (held as a cell is, within the
    /// limits), a line of the cell inside one.
    pub(super) fn close_paragraph(&mut self) -> Result<()> {
        let text = std::mem::take(&mut self.paragraph);
        match self.open.last_mut() {
            None => {
                if !text.trim().is_empty() {
                    self.hold(1, text.len() as u64)?;
                    self.titles.push(text);
                }
            }
            // In a table, a line of the cell in hand: of the innermost table built (a
            // table nested deeper is text of that cell).
            Some(open) => {
                if !open.cell.is_empty() && !text.is_empty() {
                    open.cell.push('\n');
                }
                open.cell.push_str(&text);
            }
        }
        Ok(())
    }

    /// Ends a caption of the table in hand: a title line of it.
    pub(super) fn close_caption(&mut self) {
        let text = std::mem::take(&mut self.paragraph);
        if let Some(open) = self.current().filter(|_| !text.trim().is_empty()) {
            open.table.titles.push(text);
        }
    }

    /// Adds tables read apart (a web page's set within a Markdown text) after those
    /// built, within the limits: the paragraphs since the last table are the first's
    /// title lines, before its own.
    pub(super) fn push_read(&mut self, tables: Vec<DocumentTable>) -> Result<()> {
        for table in tables {
            let cells = table.rows.iter().map(|row| row.len() as u64 + 1).sum();
            let bytes = table
                .rows
                .iter()
                .flatten()
                .map(|cell| cell.len() as u64)
                .sum();
            self.hold(cells, bytes)?;
            let mut titles = std::mem::take(&mut self.titles);
            titles.extend(table.titles);
            self.tables.push(DocumentTable { titles, ..table });
        }
        Ok(())
    }

    /// The document's tables in order, then those within a cell of another.
    pub(super) fn finish(mut self) -> Vec<DocumentTable> {
        while self.depth > 0 {
            self.close_table();
        }
        self.tables.append(&mut self.nested);
        self.tables
    }
}

/// A document cell's text as read: cleaned, without soft hyphens, which only say where
/// a word may break. (A `.VnTime` font writes `ư` as one: [`DocumentTable::from_legacy`]
/// reads it so first.)
fn cell_text(cell: &str) -> String {
    if cell.contains(SOFT_HYPHEN) {
        crate::text::clean_cell(&cell.replace(SOFT_HYPHEN, ""))
    } else {
        crate::text::clean_cell(cell)
    }
}

/// What the readers make of an optional hyphen (Word's `w:softHyphen`, 0x1F in a `.doc`).
pub(super) const SOFT_HYPHEN: char = '\u{AD}';

/// The rows of tables read as one (a table and the tables that go on with it) as a
/// catalogue reader takes them: the first's title lines first (line 0), then their rows
/// numbered from 1 on through all of them.
pub fn rows(tables: &[DocumentTable]) -> Vec<Row> {
    let titles = tables
        .first()
        .into_iter()
        .flat_map(|t| &t.titles)
        .map(|t| Row::text(0, [t.as_str()]));
    let body = (tables.iter())
        .flat_map(|t| (0..t.rows.len()).map(move |at| (t, at)))
        .enumerate()
        .map(|(i, (table, at))| table.row(at, i + 1));
    titles.chain(body).collect()
}

/// The lines of a document's letterhead, as title lines (line 0) to read before the
/// table at `index`'s: an official document opens with a table of two columns and a few
/// rows, the issuer left (`ỦY BAN NHÂN DÂN` / `TỈNH QUẢNG TRỊ`, `Số: 123/QĐ-UBND`) and the
/// national motto and the place and date right, and names the province only there. It is
/// the document's first table, before `index`, at most 3 columns wide and 6 rows deep,
/// and without a header (`has_header`: a catalogue's or a plan's); none where the table
/// read stands within a cell of another. A cell's lines are lines of their own, so that
/// a name stops at its line's end (`TỈNH QUẢNG TRỊ` over `SỞ KẾ HOẠCH VÀ ĐẦU TƯ`).
pub fn letterhead(
    tables: &[DocumentTable],
    index: usize,
    has_header: impl Fn(&[Row]) -> bool,
) -> Vec<Row> {
    const WIDTH: usize = 3;
    const DEPTH: usize = 6;
    // A table within another's cell may stand within the first: it has the first's
    // title lines already.
    let nested = tables.get(index).is_some_and(|table| table.nested);
    let Some(first) = tables.first().filter(|_| index > 0 && !nested) else {
        return Vec::new();
    };
    let shaped = first.width() <= WIDTH && first.rows.len() <= DEPTH;
    if !shaped || has_header(&rows(std::slice::from_ref(first))) {
        return Vec::new();
    }
    let cells = first.rows.iter().flatten().map(|cell| cell_text(cell));
    let mut lines = Vec::new();
    for cell in cells {
        let cell_lines = cell.lines().map(str::trim).filter(|line| !line.is_empty());
        lines.extend(cell_lines.map(|line| Row::text(0, [line])));
    }
    lines
}

/// The rows of a catalogue set out in parts: `tables[0]` and each later table under
/// lines of its own (a part's heading, `2. Lĩnh vực giáo dục`, over a header repeating the
/// first's `head` rows), a table with no line before it going on with the part above. Read
/// as [`rows`] reads tables that go on with each other, with each part's heading (the last
/// line before its table, which `heading` makes a row of, or passes over) as a row right
/// under its header, numbered as the header's last row. The first part's heading is then
/// not a title line.
pub fn rows_in_parts(
    tables: &[DocumentTable],
    head: usize,
    heading: impl Fn(&str) -> Option<Vec<String>>,
) -> Vec<Row> {
    let Some(first) = tables.first() else {
        return Vec::new();
    };
    let first_heading = first.titles.last().and_then(|line| heading(line));
    let titles = first.titles.len() - usize::from(first_heading.is_some());
    let mut rows: Vec<Row> = (first.titles[..titles].iter())
        .map(|t| Row::text(0, [t.as_str()]))
        .collect();
    let mut line = 0;
    for (index, table) in tables.iter().enumerate() {
        let cells = match index {
            0 => first_heading.clone(),
            _ => table.titles.last().and_then(|line| heading(line)),
        };
        for at in 0..table.rows.len() {
            line += 1;
            rows.push(table.row(at, line));
            if at + 1 == head
                && let Some(cells) = &cells
            {
                rows.push(Row::text(line, cells));
            }
        }
    }
    rows
}

impl DocumentTable {
    /// Row `at` as a catalogue reader takes it, numbered `line`: its cells' text as read,
    /// and the formulas its cells show the results of.
    fn row(&self, at: usize, line: usize) -> Row {
        let cells = &self.rows[at];
        let mut row = Row::text(line, cells.iter().map(|c| cell_text(c)));
        let first = self.merged_down.partition_point(|m| m.0 < at);
        row.merged_down = (self.merged_down[first..].iter())
            .take_while(|m| m.0 == at)
            .filter_map(|&(_, index, start)| {
                let shown = cell_text(self.rows[start].get(index)?);
                Some((u32::try_from(index).ok()?, shown)).filter(|(_, shown)| !shown.is_empty())
            })
            .collect();
        // Kept in row order: the row's are found by halving.
        let first = self.formulas.partition_point(|f| f.0 < at);
        for (_, index, formula) in self.formulas[first..].iter().take_while(|f| f.0 == at) {
            if row.formulas.is_empty() {
                row.formulas = vec![None; cells.len()];
            }
            if let Some(cell) = row.formulas.get_mut(*index) {
                *cell = Some(formula.clone());
            }
        }
        let first = self.numbers.partition_point(|n| n.0 < at);
        for &(_, index, number) in self.numbers[first..].iter().take_while(|n| n.0 == at) {
            if row.numbers.is_empty() {
                row.numbers = vec![None; cells.len()];
            }
            if let Some(cell) = row.numbers.get_mut(index) {
                *cell = Some(number);
            }
        }
        row
    }

    /// The table as its text means where it was written in a legacy font: its title
    /// lines and cells in Unicode.
    pub fn from_legacy(&self, font: LegacyFont) -> DocumentTable {
        let unicode = |text: &String| font.to_unicode(text).into_owned();
        DocumentTable {
            titles: self.titles.iter().map(unicode).collect(),
            nested: self.nested,
            rows: (self.rows.iter())
                .map(|row| row.iter().map(unicode).collect())
                .collect(),
            formulas: self.formulas.clone(),
            merged_down: self.merged_down.clone(),
            places: self.places.clone(),
            numbers: self.numbers.clone(),
        }
    }

    /// The columns of its widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The table with the rows whose cells' borders stand off most rows' set on those
    /// rows' columns: Word joins two tables (the paragraph between them deleted,
    /// or a table pasted under another) keeping each one's widths, its rows then cells
    /// of other columns of one grid, and a `.doc` or web page LibreOffice saves of a
    /// table split in two is so. `cells_of_rows` gives the columns each row's cells
    /// stand in. Rows run in bands, a row joining the band above where its borders are
    /// among the band's or the band's among its; a band of as many columns as the band of
    /// most rows is laid on that band's columns, its cells in order, as the reader sees
    /// them under the header (a title row across part of the table, where it is a band
    /// of other columns, is left as it is). Any other table is as read.
    fn realigned(mut self, cells_of_rows: &[Vec<Range<usize>>]) -> DocumentTable {
        if cells_of_rows.len() != self.rows.len() {
            return self;
        }
        let borders = |cells: &[Range<usize>]| -> Vec<usize> {
            let mut borders: Vec<usize> = cells.iter().map(|cell| cell.start).collect();
            borders.extend(cells.last().map(|cell| cell.end));
            borders
        };
        // Borders in order, each once (cells stand left to right): searched, not scanned,
        // so that a table of many cells is banded in time.
        let within = |some: &[usize], all: &[usize]| {
            (some.iter()).all(|border| all.binary_search(border).is_ok())
        };
        let mut bands: Vec<(Range<usize>, Vec<usize>)> = Vec::new();
        for (at, cells) in cells_of_rows.iter().enumerate() {
            let row = borders(cells);
            match bands.last_mut() {
                Some((rows, band)) if within(&row, band) => rows.end = at + 1,
                Some((rows, band)) if within(band, &row) => {
                    *band = row;
                    rows.end = at + 1;
                }
                _ => bands.push((at..at + 1, row)),
            }
        }
        // The band of most rows (the first such) sets the columns.
        let Some((_, first)) = (bands.iter()).rev().max_by_key(|(rows, _)| rows.len()) else {
            return self;
        };
        // Each cell laid on other columns: its row and first column, and its new one.
        let mut moves = std::collections::BTreeMap::new();
        for (rows, band) in &bands {
            if band.len() != first.len() || band == first {
                continue;
            }
            let moved = |column: usize| band.binary_search(&column).ok().map(|at| first[at]);
            for row in rows.clone() {
                let Some(cells) = (cells_of_rows[row].iter())
                    .map(|cell| Some((cell.start, moved(cell.start)?..moved(cell.end)?)))
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                let width = cells.iter().map(|(_, cell)| cell.end).max().unwrap_or(0);
                let mut laid = vec![String::new(); width];
                for (was, cell) in &cells {
                    laid[cell.start] = std::mem::take(&mut self.rows[row][*was]);
                }
                self.rows[row] = laid;
                moves.extend(
                    cells
                        .into_iter()
                        .map(|(was, cell)| ((row, was), cell.start)),
                );
            }
        }
        let to = |row: usize, column: &mut usize| {
            if let Some(&moved) = moves.get(&(row, *column)) {
                *column = moved;
            }
        };
        self.merged_down.iter_mut().for_each(|m| to(m.0, &mut m.1));
        self.formulas.iter_mut().for_each(|f| to(f.0, &mut f.1));
        self.places.iter_mut().for_each(|p| to(p.0, &mut p.1));
        self
    }

    /// Is `next`, right after this table and lines of its own, one more part of the same
    /// catalogue: the same columns under the same header (its first `head` rows those of
    /// this table) and rows below it?
    pub fn has_a_part_in(&self, next: &DocumentTable, head: usize) -> bool {
        head > 0
            && !next.nested
            && !next.titles.is_empty()
            && next.width() == self.width()
            && next.rows.len() > head
            && self.rows.get(..head) == next.rows.get(..head)
    }

    /// Does `next`, right after this table, go on with it: no paragraph between them, the
    /// same columns, and no header of its own (`has_header`) but for rows repeating this
    /// one's first rows (a header repeated after a page break)? Word splits a long table
    /// so at a section break, and documents put together from parts keep each part's.
    pub fn goes_on_with(
        &self,
        next: &DocumentTable,
        has_header: impl Fn(&DocumentTable) -> bool,
    ) -> bool {
        const HEAD_ROWS: usize = 20;
        let stands_apart = next.nested || !next.titles.is_empty();
        if stands_apart || next.rows.is_empty() || next.width() != self.width() {
            return false;
        }
        let head = &self.rows[..self.rows.len().min(HEAD_ROWS)];
        let own = DocumentTable {
            nested: next.nested,
            rows: next
                .rows
                .iter()
                .filter(|row| !head.contains(row))
                .cloned()
                .collect(),
            ..DocumentTable::default()
        };
        !has_header(&own)
    }
}

#[cfg(test)]
mod tests {
    use super::{DocumentTable, field_formula};

    /// A row whose cells stand on other columns of the one grid (a table joined from two
    /// of their own widths) is laid on the columns of the band of most rows, its cells in
    /// order; a title row across part of the table, and a band of other columns, are as
    /// read.
    #[test]
    fn a_band_of_rows_on_other_columns_is_laid_on_the_tables() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let table = DocumentTable {
            rows: vec![
                row(&["Danh mục", "", "", ""]),
                row(&["STT", "", "Tên", "Tổng vốn"]),
                row(&["1", "", "Trạm", "100"]),
                row(&["2", "Chợ", "", "50"]),
                row(&["3", "", "Cầu", "70"]),
                row(&["Ghi chú", "", "", "a"]),
            ],
            places: vec![(3, 1, 10..20), (3, 3, 20..30)],
            ..DocumentTable::default()
        };
        let cells = [
            std::iter::once(0..3).collect::<Vec<_>>(),
            vec![0..2, 2..3, 3..4],
            vec![0..2, 2..3, 3..4],
            vec![0..1, 1..3, 3..4],
            vec![0..2, 2..3, 3..4],
            vec![0..3, 3..4],
        ];
        let table = table.realigned(&cells);
        assert_eq!(table.rows[3], row(&["2", "", "Chợ", "50"]));
        assert_eq!(table.rows[0], row(&["Danh mục", "", "", ""]));
        assert_eq!(table.rows[5], row(&["Ghi chú", "", "", "a"]));
        assert_eq!(table.places, [(3, 2, 10..20), (3, 3, 20..30)]);
    }

    /// A field's instruction is a formula where it computes one; its format switch, a
    /// Writer formula's namespace and spaces are not the formula's.
    #[test]
    fn a_field_computing_a_figure_gives_its_formula() {
        let formula = |instruction: &str| field_formula(instruction);
        let word = " =SUM(ABOVE) \\# \"#,##0\" ";
        assert_eq!(formula(word).as_deref(), Some("=SUM(ABOVE)"));
        assert_eq!(formula("ooow:sum <C3:C5>").as_deref(), Some("=sum <C3:C5>"));
        assert_eq!(
            formula("of:=SUM([.C3:.C5])").as_deref(),
            Some("=SUM([.C3:.C5])")
        );
        for other in ["PAGE", " DATE \\@ \"d/M/yyyy\"", "=", "= \\# 0", ""] {
            assert_eq!(formula(other), None, "{other}");
        }
        assert_eq!(formula(&format!("={}", "A".repeat(300))), None);
    }
}
