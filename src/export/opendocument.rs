//! What the patched copies of OpenDocument files share (an `.ods` workbook's,
//! [`super::ods_patch`], and an `.odt` document's, [`super::odt_patch`]): the content's
//! namespaces, and its automatic styles with those a copy adds (a changed cell's style
//! filled yellow, the list of changes' own).

use super::patch::{part, repackaged, with_attributes};
use crate::read::document::attribute;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::ops::Range;

/// The package of an OpenDocument file, read.
pub type Package<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The largest `content.xml` changed (a workbook's holds every sheet's cells).
const MAX_CONTENT_BYTES: u64 = 256 << 20;

/// The package of `original` and its `content.xml`, where its `mimetype` is `wanted` (a
/// plain spreadsheet or text, not a template); `None` where it is not, or does not read.
pub fn content<'a>(original: &'a [u8], wanted: &str) -> Option<(Package<'a>, Vec<u8>)> {
    let mut package = zip::ZipArchive::new(Cursor::new(original)).ok()?;
    if part(&mut package, "mimetype", 256)?.trim_ascii() != wanted.as_bytes() {
        return None;
    }
    let xml = part(&mut package, "content.xml", MAX_CONTENT_BYTES)?;
    Some((package, xml))
}

/// The package with `xml` as its `content.xml`, every other part as it is stored.
pub fn with_content(package: &mut Package, xml: Vec<u8>) -> Option<Vec<u8>> {
    let replaced = BTreeMap::from([("content.xml", xml)]);
    repackaged(package, &replaced, |_| false, None).ok()
}

/// The namespaces the cells and styles written name, by the prefixes they are written
/// with; a content that declares them otherwise is not patched.
const NAMESPACES: [(&str, &str); 5] = [
    ("office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
    ("table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"),
    ("text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
    ("style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
    (
        "fo",
        "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    ),
];
/// The fill of a changed cell: the yellow of the other copies.
const FILL: &str = "#ffeb3b";

/// Where the new styles go: before `</office:automatic-styles>`, or in place of an empty
/// `<office:automatic-styles/>`.
enum StylesEnd {
    Before(usize),
    Empty(Range<usize>),
}

/// A content's automatic styles, and those a copy adds.
pub struct Styles {
    /// Each automatic style's element, by name.
    automatic: BTreeMap<String, String>,
    end: StylesEnd,
    /// The parent of a filled style whose cell has none (Calc's `Default`; Writer's
    /// cells have none).
    default_parent: Option<&'static str>,
    /// The filled styles added, by the style each fills.
    filled: BTreeMap<Option<String>, String>,
    added: String,
}

impl Styles {
    /// The automatic styles of `content.xml`; `None` where it does not read, or does not
    /// declare the namespaces written as OpenDocument names them.
    pub fn read(xml: &[u8], default_parent: Option<&'static str>) -> Option<Styles> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut automatic = BTreeMap::new();
        let (mut depth, mut in_styles, mut end) = (0usize, false, None);
        let mut style_at: Option<(usize, String)> = None;
        loop {
            let before = reader.buffer_position() as usize;
            let event = reader.read_event().ok()?;
            let after = reader.buffer_position() as usize;
            match &event {
                Event::Start(tag) | Event::Empty(tag) => {
                    let empty = matches!(event, Event::Empty(_));
                    if depth == 0 && !declares(tag, &NAMESPACES) {
                        return None;
                    }
                    match tag.name().as_ref() {
                        "office:automatic-styles" if depth == 1 && empty => {
                            end = Some(StylesEnd::Empty(before..after));
                        }
                        "office:automatic-styles" if depth == 1 => in_styles = true,
                        "style:style" if in_styles && depth == 2 => {
                            let name = attribute(tag, "name").unwrap_or_default();
                            match empty {
                                true => drop(automatic.insert(name, text(&xml[before..after])?)),
                                false => style_at = Some((before, name)),
                            }
                        }
                        _ => {}
                    }
                    depth += usize::from(!empty);
                }
                Event::End(tag) => {
                    depth = depth.checked_sub(1)?;
                    match tag.name().as_ref() {
                        "office:automatic-styles" if depth == 1 => {
                            in_styles = false;
                            end = Some(StylesEnd::Before(before));
                        }
                        "style:style" if depth == 2 && style_at.is_some() => {
                            let (start, name) = style_at.take()?;
                            automatic.insert(name, text(&xml[start..after])?);
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Some(Styles {
            automatic,
            end: end?,
            default_parent,
            filled: BTreeMap::new(),
            added: String::new(),
        })
    }

    /// A style name beginning `aidcat-{what}-` that no style of the content has.
    fn fresh(&self, what: &str) -> String {
        (1..)
            .map(|n| format!("aidcat-{what}-{n}"))
            .find(|name| !self.automatic.contains_key(name) && !self.added.contains(name))
            .unwrap_or_default()
    }

    /// The name of cell style `base` filled (`None`: a cell without a style), added at
    /// first use. An automatic style (the content's own) is copied with the fill, since
    /// it cannot be another's parent; a common one is the new one's parent.
    fn filled(&mut self, base: Option<String>) -> String {
        if let Some(name) = self.filled.get(&base) {
            return name.clone();
        }
        let name = self.fresh("changed");
        let copied = base.as_ref().and_then(|base| self.automatic.get(base));
        let style = match copied.and_then(|element| with_fill(element, &name)) {
            Some(style) => style,
            None => {
                let parent = (base.as_deref())
                    .filter(|base| !self.automatic.contains_key(*base))
                    .or(self.default_parent)
                    .map_or(String::new(), |parent| {
                        let parent = quick_xml::escape::escape(parent);
                        format!(r#" style:parent-style-name="{parent}""#)
                    });
                format!(
                    r#"<style:style style:name="{name}" style:family="table-cell"{parent}><style:table-cell-properties fo:background-color="{FILL}"/></style:style>"#
                )
            }
        };
        self.added.push_str(&style);
        self.filled.insert(base, name.clone());
        name
    }

    /// The style a written cell takes: its own (`base`), filled where the cell `changed`.
    pub fn of_cell(&mut self, base: Option<String>, changed: bool) -> Option<String> {
        match changed {
            true => Some(self.filled(base)),
            false => base,
        }
    }

    /// Adds a style of family `family` holding `properties`, named apart: its name.
    pub fn add(&mut self, what: &str, family: &str, properties: &str) -> String {
        let name = self.fresh(what);
        self.added.push_str(&format!(
            r#"<style:style style:name="{name}" style:family="{family}">{properties}</style:style>"#
        ));
        name
    }

    /// The splice that puts the styles added into the content.
    pub fn splice(self) -> (Range<usize>, Vec<u8>) {
        let added = self.added.into_bytes();
        match self.end {
            StylesEnd::Before(at) => (at..at, added),
            StylesEnd::Empty(span) => {
                let opened = b"<office:automatic-styles>";
                let styles = [&opened[..], &added, b"</office:automatic-styles>"].concat();
                (span, styles)
            }
        }
    }
}

/// An automatic style's element renamed `name` and filled: its cell properties given
/// the fill, or a cell properties element with it put first.
fn with_fill(element: &str, name: &str) -> Option<String> {
    let renamed = with_attributes(element.as_bytes(), &[("style:name", name)])?;
    let renamed = String::from_utf8(renamed).ok()?;
    let mut properties = None;
    crate::read::each_tag(renamed.as_bytes(), |tag, span| {
        if tag.name().as_ref() == "style:table-cell-properties" && properties.is_none() {
            properties = Some(span);
        }
    });
    let fill = ("fo:background-color", FILL);
    Some(match properties {
        Some(span) => {
            let tag = with_attributes(&renamed.as_bytes()[span.clone()], &[fill])?;
            let tag = String::from_utf8(tag).ok()?;
            format!("{}{tag}{}", &renamed[..span.start], &renamed[span.end..])
        }
        None => {
            let properties =
                format!(r#"<style:table-cell-properties fo:background-color="{FILL}"/>"#);
            match renamed.strip_suffix("/>") {
                // `<style:style …/>`: opened, the properties, closed.
                Some(open) => format!("{open}>{properties}</style:style>"),
                None => {
                    let at = renamed.find('>')? + 1;
                    format!("{}{properties}{}", &renamed[..at], &renamed[at..])
                }
            }
        }
    })
}

/// Does the root element `tag` declare each (prefix, namespace) of `wanted`?
pub fn declares(tag: &BytesStart, wanted: &[(&str, &str)]) -> bool {
    wanted.iter().all(|(prefix, namespace)| {
        let key = format!("xmlns:{prefix}");
        (tag.attributes().flatten())
            .any(|a| a.key.into_inner() == key.as_str() && a.value.as_ref() == *namespace)
    })
}

fn text(bytes: &[u8]) -> Option<String> {
    String::from_utf8(bytes.to_vec()).ok()
}
