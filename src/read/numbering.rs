//! Automatic numbering: the labels a word processor draws before the paragraphs of a
//! numbered list, which the file does not hold as text: Word's `w:numPr` with the lists of
//! its `numbering.xml` (directly or through a paragraph style), OpenDocument's
//! `text:list` with its list styles, a web page's `<ol>` and `<ul>`. An STT column
//! numbered by the word processor (`I.`, `1.`, `2.`) reads as the officer sees it, so that
//! its sectors and projects are told apart as where the numbers are typed.
//!
//! Word 97-2003's `.doc` keeps the same lists in binary structures, which
//! [`super::word_binary`] turns into a [`WordNumbering`] (but for those of paragraph
//! styles); an RTF file writes its numbers as text too, which is read.

use super::document::attribute;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// The deepest list level read (Word has 9, OpenDocument 10).
pub(super) const LEVELS: usize = 10;
/// The longest label drawn: a hostile definition cannot make every cell huge.
const MAX_LABEL_CHARS: usize = 40;
/// The most list definitions or styles kept from a file: a catalogue's document has tens.
const MAX_DEFINITIONS: usize = 10_000;
/// The most lists open one in another that are followed; those deeper are passed over (a
/// document nests a few, a hostile one millions).
pub(super) const MAX_NESTING: usize = 64;

/// How a list level writes its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) enum NumberStyle {
    #[default]
    Decimal,
    /// `01`, `02`, … `10`.
    DecimalZero,
    UpperRoman,
    LowerRoman,
    /// `A` … `Z`, then `AA` or (Word's way) `AA`, `BB`.
    UpperLetter,
    LowerLetter,
    /// The same mark before every item (`•`, `-`).
    Bullet(String),
    /// No number is drawn.
    Nothing,
}

impl NumberStyle {
    /// Word's `w:numFmt`; an unknown format is drawn in digits, as Word falls back.
    fn word(format: &str) -> Self {
        match format {
            "decimalZero" => NumberStyle::DecimalZero,
            "upperRoman" => NumberStyle::UpperRoman,
            "lowerRoman" => NumberStyle::LowerRoman,
            "upperLetter" => NumberStyle::UpperLetter,
            "lowerLetter" => NumberStyle::LowerLetter,
            "bullet" => NumberStyle::Bullet(String::new()),
            "none" => NumberStyle::Nothing,
            _ => NumberStyle::Decimal,
        }
    }

    /// A `.doc` level's number format (`nfc`), by [MS-DOC]'s codes.
    pub(super) fn word_binary(code: u8) -> Self {
        match code {
            1 => NumberStyle::UpperRoman,
            2 => NumberStyle::LowerRoman,
            3 => NumberStyle::UpperLetter,
            4 => NumberStyle::LowerLetter,
            22 => NumberStyle::DecimalZero,
            23 => NumberStyle::Bullet(String::new()),
            255 => NumberStyle::Nothing,
            _ => NumberStyle::Decimal,
        }
    }

    /// OpenDocument's `style:num-format`; HTML's `<ol type>` is written the same way.
    pub(super) fn open_document(format: &str) -> Self {
        match format {
            "" => NumberStyle::Nothing,
            "I" => NumberStyle::UpperRoman,
            "i" => NumberStyle::LowerRoman,
            "A" => NumberStyle::UpperLetter,
            "a" => NumberStyle::LowerLetter,
            _ => NumberStyle::Decimal,
        }
    }

    /// The number `n` as this style draws it; letters past `Z` doubled (`AA`, `BB`) where
    /// `repeated`, else counted on (`AA`, `AB`).
    pub(super) fn draw(&self, n: u32, repeated: bool) -> String {
        match self {
            NumberStyle::Decimal => n.to_string(),
            NumberStyle::DecimalZero => format!("{n:02}"),
            NumberStyle::UpperRoman => roman(n),
            NumberStyle::LowerRoman => roman(n).to_lowercase(),
            NumberStyle::UpperLetter => letters(n, repeated),
            NumberStyle::LowerLetter => letters(n, repeated).to_lowercase(),
            NumberStyle::Bullet(mark) => mark.clone(),
            NumberStyle::Nothing => String::new(),
        }
    }
}

/// `n` in Roman numerals; in digits where they cannot write it (0, or past 3999).
fn roman(mut n: u32) -> String {
    if !(1..=3999).contains(&n) {
        return n.to_string();
    }
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// `n` in capital letters (1 is `A`); in digits for 0, and at most a few letters.
fn letters(n: u32, repeated: bool) -> String {
    if n == 0 || n > 26 * 4 {
        return n.to_string();
    }
    let letter = |i: u32| char::from(b'A' + (i % 26) as u8);
    if repeated {
        return std::iter::repeat_n(letter(n - 1), (n as usize - 1) / 26 + 1).collect();
    }
    let (mut n, mut out) = (n, Vec::new());
    while n > 0 {
        out.push(letter(n - 1));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A bullet as drawn: the private-use characters of the Symbol and Wingdings fonts that
/// Word writes for its bullets become the marks they show.
fn bullet_mark(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{F0A7}' | '\u{F06E}' => '▪',
            '\u{F0D8}' => '➢',
            '\u{F076}' => '❖',
            '\u{F0FC}' => '✓',
            '\u{F02D}' => '-',
            '\u{F000}'..='\u{F0FF}' => '•',
            c => c,
        })
        .collect()
}

/// The counts of one list, level by level: `None` where the level has had no item since
/// it last restarted.
#[derive(Debug, Clone, Default)]
pub(super) struct Counts([Option<u32>; LEVELS]);

impl Counts {
    /// Counts one more item at `level`, the first at `start` (or at `value`, where the
    /// item sets its own), and restarts the levels below it.
    pub(super) fn next(&mut self, level: usize, start: u32, value: Option<u32>) {
        let level = level.min(LEVELS - 1);
        let count = match value {
            Some(value) => value,
            None => self.0[level].map_or(start, |n| n.saturating_add(1)),
        };
        self.0[level] = Some(count);
        self.0[level + 1..].fill(None);
    }

    /// The count at `level`, `start` where it has had no item.
    pub(super) fn at(&self, level: usize, start: u32) -> u32 {
        self.0.get(level).copied().flatten().unwrap_or(start)
    }
}

/// A text of a list definition (a label's pattern, a prefix, a bullet), cut to
/// [`MAX_LABEL_CHARS`]: each numbered paragraph draws it again.
fn attribute_text(tag: &BytesStart, key: &str) -> Option<String> {
    attribute(tag, key).map(bounded)
}

/// A label cut to [`MAX_LABEL_CHARS`].
fn bounded(label: String) -> String {
    match label.char_indices().nth(MAX_LABEL_CHARS) {
        Some((at, _)) => label[..at].to_owned(),
        None => label,
    }
}

/// A tag of a part as [`each_tag`] hands it on: a start tag (`empty` where it closes
/// at once) or an end tag, by its local name.
pub(super) enum Tag<'t> {
    Opens {
        tag: &'t BytesStart<'t>,
        empty: bool,
    },
    Closes(&'t str),
}

/// The tags of a part, to `each`; the reading stops at the first damage (a list
/// definition damaged is not drawn).
fn each_tag(xml: &[u8], mut each: impl FnMut(Tag)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(tag)) => each(Tag::Opens {
                tag: &tag,
                empty: false,
            }),
            Ok(Event::Empty(tag)) => each(Tag::Opens {
                tag: &tag,
                empty: true,
            }),
            Ok(Event::End(tag)) => each(Tag::Closes(tag.local_name().into_inner())),
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// A tag's local name.
fn local<'t>(tag: &'t BytesStart) -> &'t str {
    tag.local_name().into_inner()
}

/// A level of a Word list: its first number, how it draws numbers, and its label text
/// (`%1.` for the level's number and a dot, `%1.%2` for the parent's before it).
#[derive(Debug, Clone, Default)]
pub(super) struct WordLevel {
    start: u32,
    style: NumberStyle,
    text: String,
    /// Every number of the label in digits (`w:isLgl`).
    legal: bool,
}

impl WordLevel {
    pub(super) fn new(start: u32, style: NumberStyle, text: &str, legal: bool) -> Self {
        let text = bounded(text.to_owned());
        WordLevel {
            start,
            style,
            text,
            legal,
        }
        .with_mark()
    }

    /// A bullet level's mark is its text, as drawn.
    fn with_mark(mut self) -> Self {
        if let NumberStyle::Bullet(mark) = &mut self.style {
            *mark = bullet_mark(&self.text);
        }
        self
    }
}

/// A Word list (`w:num`): its definition, and the levels it starts afresh.
#[derive(Debug, Clone, Default)]
struct WordList {
    definition: String,
    restarts: [Option<u32>; LEVELS],
}

/// What a paragraph style says of numbering.
#[derive(Debug, Clone, Default)]
struct StyleNumbering {
    list: Option<String>,
    level: Option<usize>,
    based_on: Option<String>,
}

/// The numbering of a Word document: its list definitions (`numbering.xml`), the
/// paragraph styles that number (`styles.xml`), and each list's counts so far.
#[derive(Debug, Default)]
pub(super) struct WordNumbering {
    definitions: HashMap<String, Vec<WordLevel>>,
    /// A definition that takes its levels from the list of a style (`w:numStyleLink`).
    linked: HashMap<String, String>,
    lists: HashMap<String, WordList>,
    styles: HashMap<String, StyleNumbering>,
    counts: HashMap<String, Counts>,
}

impl WordNumbering {
    /// The numbering of a document whose parts `numbering.xml` and `styles.xml` hold
    /// these bytes (either may be empty).
    pub(super) fn new(numbering: &[u8], styles: &[u8]) -> Self {
        let mut this = WordNumbering::default();
        this.read_definitions(numbering);
        this.read_styles(styles);
        this
    }

    /// Defines the levels of the list definition `id` (a `.doc`'s list, by its `lsid`).
    pub(super) fn define(&mut self, id: String, mut levels: Vec<WordLevel>) {
        if self.definitions.len() < MAX_DEFINITIONS {
            levels.resize_with(LEVELS, WordLevel::default);
            self.definitions.insert(id, levels);
        }
    }

    /// Defines list `id` (a `.doc`'s list override, by its place from 1) as drawn by
    /// `definition`, with the levels it starts afresh.
    pub(super) fn add_list(
        &mut self,
        id: String,
        definition: String,
        restarts: [Option<u32>; LEVELS],
    ) {
        if self.lists.len() < MAX_DEFINITIONS {
            let list = WordList {
                definition,
                restarts,
            };
            self.lists.insert(id, list);
        }
    }

    fn read_definitions(&mut self, xml: &[u8]) {
        let (mut definition, mut list): (Option<String>, Option<String>) = (None, None);
        let mut level: Option<usize> = None;
        each_tag(xml, |tag| {
            let (tag, empty) = match tag {
                Tag::Opens { tag, empty } => (tag, empty),
                Tag::Closes(name) => {
                    match name {
                        "abstractNum" => definition = None,
                        "num" => list = None,
                        "lvl" | "lvlOverride" => level = None,
                        _ => {}
                    }
                    return;
                }
            };
            let val = || attribute(tag, "val");
            let full = self.definitions.len() + self.lists.len() >= MAX_DEFINITIONS;
            match local(tag) {
                "abstractNum" if !full => {
                    let id = attribute(tag, "abstractNumId").unwrap_or_default();
                    self.definitions
                        .insert(id.clone(), vec![WordLevel::default(); LEVELS]);
                    definition = (!empty).then_some(id);
                }
                "num" if !full => {
                    let id = attribute(tag, "numId").unwrap_or_default();
                    self.lists.insert(id.clone(), WordList::default());
                    list = (!empty).then_some(id);
                }
                name @ ("lvl" | "lvlOverride") => {
                    level = attribute(tag, "ilvl")
                        .and_then(|v| v.trim().parse().ok())
                        .filter(|&l: &usize| l < LEVELS);
                    let levels = definition
                        .as_ref()
                        .and_then(|id| self.definitions.get_mut(id));
                    if let ("lvl", Some(levels), Some(at)) = (name, levels, level) {
                        levels[at] = WordLevel::default();
                    }
                }
                "abstractNumId" => {
                    if let (Some(id), Some(to)) = (&list, val()) {
                        self.lists.entry(id.clone()).or_default().definition = to;
                    }
                }
                "startOverride" => {
                    let start = val().and_then(|v| v.trim().parse().ok());
                    if let (Some(id), Some(level), Some(start)) = (&list, level, start) {
                        self.lists.entry(id.clone()).or_default().restarts[level] = Some(start);
                    }
                }
                "numStyleLink" => {
                    if let (Some(id), Some(style)) = (&definition, val()) {
                        self.linked.insert(id.clone(), style);
                    }
                }
                name => {
                    let (Some(id), Some(at)) = (&definition, level) else {
                        return;
                    };
                    let Some(level) = self.definitions.get_mut(id).and_then(|l| l.get_mut(at))
                    else {
                        return;
                    };
                    match name {
                        "start" => level.start = val().and_then(|v| v.parse().ok()).unwrap_or(0),
                        "numFmt" => level.style = NumberStyle::word(&val().unwrap_or_default()),
                        "lvlText" => level.text = attribute_text(tag, "val").unwrap_or_default(),
                        "isLgl" => level.legal = val().is_none_or(|v| v != "0" && v != "false"),
                        _ => {}
                    }
                }
            }
        });
        for levels in self.definitions.values_mut() {
            for level in levels.iter_mut() {
                *level = std::mem::take(level).with_mark();
            }
        }
    }

    fn read_styles(&mut self, xml: &[u8]) {
        let mut style: Option<String> = None;
        each_tag(xml, |tag| {
            let tag = match tag {
                Tag::Opens { tag, .. } => tag,
                Tag::Closes(name) => {
                    if name == "style" {
                        style = None;
                    }
                    return;
                }
            };
            let val = || attribute(tag, "val");
            match local(tag) {
                "style" if self.styles.len() < MAX_DEFINITIONS => {
                    let id = attribute(tag, "styleId").unwrap_or_default();
                    self.styles.insert(id.clone(), StyleNumbering::default());
                    style = Some(id);
                }
                name @ ("basedOn" | "numId" | "ilvl") => {
                    let Some(entry) = style.as_ref().and_then(|id| self.styles.get_mut(id)) else {
                        return;
                    };
                    match name {
                        "basedOn" => entry.based_on = val(),
                        "numId" => entry.list = val(),
                        _ => entry.level = val().and_then(|v| v.trim().parse().ok()),
                    }
                }
                _ => {}
            }
        });
    }

    /// The list and level a paragraph of `style` is numbered by, following the styles
    /// it is based on (a few deep: a loop of styles ends).
    fn of_style(&self, style: &str) -> (Option<&str>, Option<usize>) {
        let (mut list, mut level) = (None, None);
        let mut at = Some(style);
        for _ in 0..LEVELS {
            let Some(entry) = at.and_then(|id| self.styles.get(id)) else {
                break;
            };
            list = list.or(entry.list.as_deref());
            level = level.or(entry.level);
            at = entry.based_on.as_deref();
        }
        (list, level)
    }

    /// The label of a paragraph of `style` whose own `w:numPr` names `list` and `level`
    /// (either may be missing), counted in its list; `None` where it is not numbered.
    pub(super) fn label(
        &mut self,
        style: Option<&str>,
        list: Option<&str>,
        level: Option<usize>,
    ) -> Option<String> {
        let (style_list, style_level) = style.map_or((None, None), |s| self.of_style(s));
        let list_id = list.or(style_list)?.to_owned();
        let level = level.or(style_level).unwrap_or(0).min(LEVELS - 1);
        // List 0 is Word's "not numbered", set on a paragraph whose style numbers.
        let list = self.lists.get(&list_id)?;
        let mut definition = list.definition.clone();
        // A definition linked to a style's list takes that list's definition.
        if let Some(style) = self.linked.get(&definition)
            && let (Some(linked), _) = self.of_style(style)
            && let Some(target) = self.lists.get(linked)
        {
            definition = target.definition.clone();
        }
        let levels = self.definitions.get(&definition)?;
        // Lists of one definition count on together, but one that starts a level afresh
        // counts on its own.
        let key = match list.restarts.iter().any(Option::is_some) {
            true => format!("list {list_id}"),
            false => format!("definition {definition}"),
        };
        let restarts = list.restarts;
        let start = |l: usize| restarts[l].unwrap_or(levels[l].start);
        let counts = self.counts.entry(key).or_default();
        counts.next(level, start(level), None);
        let this = &levels[level];
        // A bullet's label is its mark; a number's, its pattern with each `%N` drawn.
        let mut label = String::new();
        let mut rest = this.text.as_str();
        if let NumberStyle::Bullet(mark) = &this.style {
            (label, rest) = (mark.clone(), "");
        }
        while let Some(at) = rest.find('%') {
            label.push_str(&rest[..at]);
            let digit = rest[at + 1..].chars().next().and_then(|c| c.to_digit(10));
            match digit.map(|d| d as usize) {
                Some(shown @ 1..=9) => {
                    let of = &levels[shown - 1];
                    let n = counts.at(shown - 1, start(shown - 1));
                    let style = match this.legal && !matches!(of.style, NumberStyle::Bullet(_)) {
                        true => &NumberStyle::Decimal,
                        false => &of.style,
                    };
                    label.push_str(&style.draw(n, true));
                    rest = &rest[at + 2..];
                }
                _ => {
                    label.push('%');
                    rest = &rest[at + 1..];
                }
            }
        }
        label.push_str(rest);
        // A space parts the label from the text, whatever Word puts between them (a tab,
        // or nothing where the label's width sets the text apart).
        (!label.is_empty()).then(|| bounded(label) + " ")
    }
}

/// What a Word paragraph's own properties (its `w:pPr`, not those a tracked change
/// replaced, `w:pPrChange`) say of its numbering, noted as the tags come.
#[derive(Debug, Default)]
pub(super) struct ParagraphNumbering {
    /// Within the paragraph's properties.
    pub(super) properties: bool,
    /// Within properties a tracked change replaced.
    pub(super) changed: usize,
    style: Option<String>,
    list: Option<String>,
    level: Option<usize>,
}

impl ParagraphNumbering {
    /// Notes a `w:pStyle`, `w:numId` or `w:ilvl` and its value.
    pub(super) fn note(&mut self, name: &str, value: Option<String>) {
        if !self.properties || self.changed > 0 {
            return;
        }
        match name {
            "pStyle" => self.style = value,
            "numId" => self.list = value,
            _ => self.level = value.and_then(|v| v.trim().parse().ok()),
        }
    }

    /// The paragraph's label, counted in its list.
    pub(super) fn label(&self, lists: &mut WordNumbering) -> Option<String> {
        lists.label(self.style.as_deref(), self.list.as_deref(), self.level)
    }
}

/// A level of an OpenDocument list style.
#[derive(Debug, Clone, Default)]
struct ListLevel {
    style: NumberStyle,
    start: u32,
    prefix: String,
    suffix: String,
    /// How many levels' numbers the label shows, this one last (`1.2.`).
    shown: usize,
    /// LibreOffice's whole label, `%1%.%2%.` (`loext:num-list-format`), where written.
    format: Option<String>,
    /// Letters past `Z` doubled (`AA`, `BB`), not counted on.
    repeated: bool,
}

impl ListLevel {
    fn of(tag: &BytesStart, bullet: bool) -> Self {
        let style = match bullet {
            true => NumberStyle::Bullet(bullet_mark(
                &attribute_text(tag, "bullet-char").unwrap_or_else(|| "•".to_owned()),
            )),
            false => NumberStyle::open_document(&attribute(tag, "num-format").unwrap_or_default()),
        };
        ListLevel {
            style,
            start: attribute(tag, "start-value")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
            prefix: attribute_text(tag, "num-prefix").unwrap_or_default(),
            suffix: attribute_text(tag, "num-suffix").unwrap_or_default(),
            shown: attribute(tag, "display-levels")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
            format: attribute_text(tag, "num-list-format"),
            repeated: attribute(tag, "num-letter-sync").is_some_and(|v| v == "true"),
        }
    }
}

/// A list open in an OpenDocument text: the numbering it counts in, and its style.
#[derive(Debug, Clone)]
struct OpenList {
    counts: usize,
    style: String,
}

/// The numbering of an OpenDocument text: its list styles, the lists open where the
/// reading is, and the counts of every list so far (a list continued by another counts
/// on in the same).
#[derive(Debug, Default)]
pub(super) struct OpenDocumentLists {
    styles: HashMap<String, Vec<ListLevel>>,
    /// The style whose levels are being read.
    reading: Option<String>,
    open: Vec<OpenList>,
    /// Lists open past [`MAX_NESTING`], not followed.
    too_deep: usize,
    /// The counts of the lists; past [`MAX_DEFINITIONS`] a new list counts in the last
    /// one's place (a hostile text of millions of lists holds no more).
    counts: Vec<Counts>,
    /// The counts of the list with each `xml:id`, and of the last list of each style.
    by_id: HashMap<String, usize>,
    last_of_style: HashMap<String, usize>,
    /// The item in hand has had no paragraph yet: its number is drawn before the next
    /// one, at the value it sets, if it does.
    item: Option<Option<u32>>,
}

impl OpenDocumentLists {
    /// Reads the list styles of a part (`styles.xml`); those of `content.xml` are read
    /// as they come, by [`OpenDocumentLists::tag`].
    pub(super) fn read_styles(&mut self, xml: &[u8]) {
        each_tag(xml, |tag| self.tag(tag));
    }

    /// Follows a tag of `content.xml` (or `styles.xml`): list styles, lists and their
    /// items.
    pub(super) fn tag(&mut self, tag: Tag) {
        let (tag, empty) = match tag {
            Tag::Opens { tag, empty } => (tag, empty),
            Tag::Closes("list-style") => return self.reading = None,
            Tag::Closes("list") if self.too_deep > 0 => return self.too_deep -= 1,
            Tag::Closes("list") => return drop(self.open.pop()),
            Tag::Closes(_) => return,
        };
        match local(tag) {
            "list-style" if self.styles.len() < MAX_DEFINITIONS => {
                let id = attribute(tag, "name").unwrap_or_default();
                self.styles
                    .insert(id.clone(), vec![ListLevel::default(); LEVELS]);
                self.reading = (!empty).then_some(id);
            }
            name @ ("list-level-style-number"
            | "list-level-style-bullet"
            | "list-level-style-image") => {
                let level = attribute(tag, "level")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .filter(|l| (1..=LEVELS).contains(l));
                let levels = self.reading.as_ref().and_then(|id| self.styles.get_mut(id));
                if let (Some(levels), Some(level)) = (levels, level) {
                    levels[level - 1] = ListLevel::of(tag, name != "list-level-style-number");
                }
            }
            "list" if self.open.len() >= MAX_NESTING => self.too_deep += usize::from(!empty),
            "list" => {
                let parent = self.open.last().cloned();
                let style = attribute(tag, "style-name")
                    .or_else(|| parent.as_ref().map(|p| p.style.clone()))
                    .unwrap_or_default();
                let counts = match parent {
                    // A list inside an item is that list's next level.
                    Some(parent) => parent.counts,
                    None => {
                        let continued = match attribute(tag, "continue-list") {
                            Some(id) => self.by_id.get(&id).copied(),
                            None if attribute(tag, "continue-numbering")
                                .is_some_and(|v| v == "true") =>
                            {
                                self.last_of_style.get(&style).copied()
                            }
                            None => None,
                        };
                        continued.unwrap_or_else(|| {
                            if self.counts.len() >= MAX_DEFINITIONS {
                                self.counts.pop();
                            }
                            self.counts.push(Counts::default());
                            self.counts.len() - 1
                        })
                    }
                };
                if let Some(id) = attribute(tag, "id")
                    && self.by_id.len() < MAX_DEFINITIONS
                {
                    self.by_id.insert(id, counts);
                }
                self.last_of_style.insert(style.clone(), counts);
                if !empty {
                    self.open.push(OpenList { counts, style });
                }
            }
            "list-item" => {
                let value = attribute(tag, "start-value").and_then(|v| v.trim().parse().ok());
                self.item = (!empty).then_some(value);
            }
            // A list's header is a paragraph without a number.
            "list-header" => self.item = None,
            _ => {}
        }
    }

    /// The label of a paragraph starting here: the number of the item it opens, if it is
    /// an item's first paragraph.
    pub(super) fn paragraph(&mut self) -> Option<String> {
        let value = self.item.take()?;
        let list = self.open.last()?;
        let level = (self.open.len() - 1).min(LEVELS - 1);
        let levels = self.styles.get(&list.style);
        let this = levels
            .map(|l| l[level.min(LEVELS - 1)].clone())
            .unwrap_or_default();
        let counts = self.counts.get_mut(list.counts)?;
        counts.next(level, this.start, value);
        let counts = &*counts;
        let number = |l: usize| {
            let of = levels.map(|levels| &levels[l]);
            let (style, start) = of.map_or((&NumberStyle::Decimal, 1), |o| (&o.style, o.start));
            style.draw(counts.at(l, start), this.repeated)
        };
        let label = match (&this.style, &this.format) {
            (NumberStyle::Bullet(mark), _) => format!("{}{mark}{}", this.prefix, this.suffix),
            (_, Some(format)) => {
                let mut label = format.clone();
                for l in (0..=level.min(LEVELS - 1)).rev() {
                    label = label.replace(&format!("%{}%", l + 1), &number(l));
                }
                label
            }
            _ => {
                let first = (level + 1).saturating_sub(this.shown.max(1));
                let numbers: Vec<String> = (first..=level).map(number).collect();
                format!("{}{}{}", this.prefix, numbers.join("."), this.suffix)
            }
        };
        (this.style != NumberStyle::Nothing && !label.trim().is_empty())
            .then(|| bounded(label + " "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_drawn_as_each_style_writes_them() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(1999), "MCMXCIX");
        assert_eq!(roman(0), "0");
        assert_eq!(letters(1, false), "A");
        assert_eq!(letters(27, false), "AA");
        assert_eq!(letters(28, false), "AB");
        assert_eq!(letters(28, true), "BB");
        assert_eq!(NumberStyle::LowerLetter.draw(3, true), "c");
        assert_eq!(NumberStyle::DecimalZero.draw(7, true), "07");
        assert_eq!(bullet_mark("\u{F0B7}"), "•");
        assert_eq!(bullet_mark("-"), "-");
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
        <w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>
          <w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
          <w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:start w:val="1"/>
          <w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="7"/>
          <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>
        </w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
        <w:style w:type="paragraph" w:styleId="Numbered"><w:pPr><w:numPr>
          <w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Deeper"><w:basedOn w:val="Numbered"/>
          <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
        </w:styles>"#;

    /// The labels of the paragraphs of an OpenDocument text, as `content.xml`'s tags
    /// come (styles first).
    fn open_document_labels(content: &str) -> Vec<Option<String>> {
        let mut lists = OpenDocumentLists::default();
        let mut labels = Vec::new();
        each_tag(content.as_bytes(), |tag| {
            let paragraph = matches!(&tag, Tag::Opens { tag, .. } if local(tag) == "p");
            lists.tag(tag);
            if paragraph {
                labels.push(lists.paragraph());
            }
        });
        labels
    }

    #[test]
    fn open_document_lists_continue_restart_and_show_their_levels() {
        let content = r#"<office:document-content xmlns:text="t" xmlns:style="s" xmlns:xml="x">
            <text:list-style style:name="N">
              <text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="."/>
              <text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="." text:display-levels="2"/>
            </text:list-style>
            <text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="-"/></text:list-style>
            <text:list xml:id="a" text:style-name="N"><text:list-item><text:p/>
              <text:list><text:list-item><text:p/></text:list-item><text:list-item><text:p/></text:list-item></text:list>
            </text:list-item></text:list>
            <text:p/>
            <text:list text:continue-list="a" text:style-name="N"><text:list-item><text:p/><text:p/></text:list-item></text:list>
            <text:list text:continue-numbering="true" text:style-name="N"><text:list-item text:start-value="7"><text:p/></text:list-item></text:list>
            <text:list text:style-name="N"><text:list-header><text:p/></text:list-header><text:list-item><text:p/></text:list-item></text:list>
            <text:list text:style-name="B"><text:list-item><text:p/></text:list-item></text:list>
            </office:document-content>"#;
        let labels = open_document_labels(content);
        let labels: Vec<Option<&str>> = labels.iter().map(Option::as_deref).collect();
        assert_eq!(
            labels,
            [
                Some("I. "),
                Some("I.1. "),
                Some("I.2. "),
                // A paragraph outside lists, and an item's second paragraph.
                None,
                Some("II. "),
                None,
                Some("VII. "),
                // A list's header has no number; a list not continued starts afresh.
                None,
                Some("I. "),
                Some("- "),
            ]
        );
    }

    #[test]
    fn word_lists_count_on_across_their_definition_and_restart_deeper_levels() {
        let mut word = WordNumbering::new(NUMBERING.as_bytes(), STYLES.as_bytes());
        let mut label = |style, list, level| word.label(style, list, level);
        assert_eq!(label(None, Some("1"), Some(0)).as_deref(), Some("I. "));
        assert_eq!(label(None, Some("1"), Some(1)).as_deref(), Some("I.1 "));
        assert_eq!(label(None, Some("1"), Some(1)).as_deref(), Some("I.2 "));
        // Another list of the same definition counts on; its deeper level restarts.
        assert_eq!(label(None, Some("2"), Some(0)).as_deref(), Some("II. "));
        assert_eq!(label(None, Some("2"), Some(1)).as_deref(), Some("II.1 "));
        // Through a paragraph style, and a style based on it.
        assert_eq!(
            label(Some("Numbered"), None, None).as_deref(),
            Some("III. ")
        );
        assert_eq!(label(Some("Deeper"), None, None).as_deref(), Some("III.1 "));
        // A list that starts afresh counts on its own.
        assert_eq!(label(None, Some("3"), Some(0)).as_deref(), Some("V. "));
        assert_eq!(label(None, Some("1"), Some(0)).as_deref(), Some("IV. "));
        assert_eq!(label(None, Some("4"), Some(0)).as_deref(), Some("• "));
        // List 0 and a list never defined number nothing.
        assert_eq!(label(Some("Numbered"), Some("0"), None), None);
        assert_eq!(label(None, Some("99"), Some(0)), None);
    }
}
