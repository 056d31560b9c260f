//! Text helpers shared by every stage: folding for matching, markup removal.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Folds text for matching: NFD, combining marks dropped, `đ` to `d`, lower case,
/// runs of white space to one space. `Vốn Đối ứng ` and `von doi ung` fold alike.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char| {
        if is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() {
            pending_space = !folded.is_empty();
            return;
        }
        if pending_space {
            folded.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' => folded.push('d'),
            c if c.is_ascii() => folded.push(c.to_ascii_lowercase()),
            _ => folded.extend(c.to_lowercase()),
        }
    };
    // Each character decomposed alone: NFD's reordering moves only characters of a
    // nonzero combining class, which are all combining marks, dropped here (tested).
    for c in text.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, &mut push);
        }
    }
    folded
}

/// The letter a character folds to first (see [`fold`]): `Ổ` → `o`, `Đ` → `d`.
pub fn base_letter(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut first = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    match first.unwrap_or(c) {
        'đ' | 'Đ' => 'd',
        other => other.to_lowercase().next().unwrap_or(other),
    }
}

/// Is the text NFC by a quick look? Every character below U+0300, Vietnamese letters
/// (U+1EA0–U+1EF9) and general punctuation past U+2001 are NFC whatever surrounds them;
/// other text is left to the full quick check.
fn surely_nfc(text: &str) -> bool {
    settled::<false>(text.as_bytes())
}

/// [`surely_nfc`], and with `NO_MARKUP` no `<` and no NUL either: one look at the bytes
/// for all.
///
/// Compiled also for AVX2 and AVX-512 and chosen at run time by the processor (the
/// `multiversion` crate): the release build targets every x86-64, whose vectors are a
/// half or a quarter as wide, and this look at every byte of every record was an eighth
/// of `summary`'s work. 1M rows: `summary` 6 to 8% faster on this project's machine.
#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+avx512bw+avx512vl"))]
fn settled<const NO_MARKUP: bool>(bytes: &[u8]) -> bool {
    // Looked at as bytes without branching (each lead byte with the two after it), which
    // the compiler vectorises: a char scan of every cell cost a fifth of the reading.
    let n = bytes.len();
    let markup = |b: u8| NO_MARKUP && (b == b'<' || b == 0);
    if n < 3 {
        return bytes.iter().all(|&b| b < 0xCC && !markup(b));
    }
    let triples = bytes.iter().zip(&bytes[1..]).zip(&bytes[2..]);
    let bad = triples.fold(false, |bad, ((&x, &y), &z)| {
        // Below U+0300 (ASCII, continuation bytes, U+0080–U+02FF); U+1EA0–U+1EBF,
        // U+1EC0–U+1EF9 (E1, then BA and A0 or above, or BB and B9 or below);
        // U+2002–U+203F, U+2040–U+206F (E2, then 80 and 82 or above, or 81 and AF or
        // below). The bounds are chosen by the lead: one comparison of each kind serves
        // both.
        let vietnamese = x == 0xE1;
        let (first, low, high) = match vietnamese {
            true => (0xBA, 0xA0, 0xB9),
            false => (0x80, 0x82, 0xAF),
        };
        let second = y.wrapping_sub(first);
        let known = ((second == 0) & (z >= low)) | ((second == 1) & (z <= high));
        let exempt = (vietnamese | (x == 0xE2)) & known;
        bad | ((x >= 0xCC) & !exempt) | markup(x)
    });
    // The last two bytes cannot begin a three-byte character in UTF-8.
    let tail_ok = |b: u8| b < 0xCC && !markup(b);
    !bad && tail_ok(bytes[n - 2]) && tail_ok(bytes[n - 1])
}

/// The HTML tags that document conversion leaves in cells. Only these are removed, so
/// text such as `a < b` survives.
const STRAY_TAGS: [&str; 4] = ["p", "ul", "li", "br"];

/// Normalises a cell as read: NFC, stray `<p>`/`<ul>`/`<li>`/`<br>` markup dropped, the
/// spaces the markup leaves collapsed, and surrounding white space trimmed.
pub fn clean_cell(raw: &str) -> String {
    let mut out = String::new();
    clean_cell_into(raw, &mut out);
    out
}

/// Is this text clean but for trimming: NFC by a quick look, without markup, and without
/// a NUL (which no cell may hold)? Most records are; their cells are then only trimmed
/// (looked at once a record, not a cell), and nothing else is looked for in them.
pub fn is_plain(text: &str) -> bool {
    settled::<true>(text.as_bytes())
}

/// `text.trim()`, looking only at the first and last characters when they are not
/// white space (most cells).
pub fn trimmed(text: &str) -> &str {
    let (start, end) = trimmed_span(text);
    &text[start..end]
}

/// Where [`trimmed`] text starts and ends in `text`. Inlined: it runs on every cell read,
/// and most cells end in ASCII that is not white space on both sides.
#[inline(always)]
pub fn trimmed_span(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return (0, 0);
    };
    // An ASCII end is looked at as a byte (the usual cell); another is decoded.
    let solid = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    if (solid_ascii(first) || !first.is_ascii() && solid(text.chars().next()))
        && (solid_ascii(last) || !last.is_ascii() && solid(text.chars().next_back()))
    {
        return (0, text.len());
    }
    let start = text.len() - text.trim_start().len();
    (start, text.trim_end().len().max(start))
}

/// [`trimmed_span`] of `text[start..end]` (`start` and `end` char boundaries), in `text`.
/// A cell that begins and ends in ASCII other than white space (most) is settled by
/// those two bytes, without taking the cell as text: the splitter asks it of every cell.
#[inline(always)]
pub fn trimmed_span_within(text: &str, start: usize, end: usize) -> (usize, usize) {
    let solid = |at: usize| text.as_bytes().get(at).copied().is_some_and(solid_ascii);
    if start < end && solid(start) && solid(end - 1) {
        return (start, end);
    }
    let (trim_start, trim_end) = trimmed_span(text.get(start..end).unwrap_or_default());
    (start + trim_start, start + trim_end)
}

/// Is `byte` ASCII other than white space? ASCII white space is at or below the space:
/// one comparison of each kind settles it.
#[inline(always)]
fn solid_ascii(byte: u8) -> bool {
    byte > b' ' && byte.is_ascii()
}

/// [`clean_cell`] written at the end of `out`, sparing a string for the usual cell.
pub fn clean_cell_into(raw: &str, out: &mut String) {
    // Most text is already NFC and free of markup: copied as it is, trimmed.
    let is_nfc = surely_nfc(raw) || is_nfc_quick(raw.chars()) == IsNormalized::Yes;
    if is_nfc && !raw.contains('<') {
        out.push_str(trimmed(raw));
    } else {
        out.push_str(&clean_marked(raw, is_nfc));
    }
}

/// [`clean_cell`] for text that needs composing or holds markup.
fn clean_marked(raw: &str, is_nfc: bool) -> String {
    let nfc: String = if is_nfc {
        raw.to_owned()
    } else {
        raw.nfc().collect()
    };
    if !nfc.contains('<') {
        return nfc.trim().to_owned();
    }
    let mut out = String::with_capacity(nfc.len());
    let mut rest = nfc.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match stray_tag_len(after) {
            Some(len) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                rest = &after[len..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    let mut collapsed = String::with_capacity(out.len());
    for word in out.split(' ').filter(|w| !w.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed.trim().to_owned()
}

/// Length of a stray tag at the start of `text` (`<p>`, `</li>`, `<ul style="…">`).
fn stray_tag_len(text: &str) -> Option<usize> {
    let close = text.find('>')?;
    let inner = text[1..close].trim_start_matches('/').trim_end_matches('/');
    // The name runs to the first white space, which may be a multi-byte one (U+202F).
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let (name, attributes) = inner.split_at(name_end);
    let known = STRAY_TAGS.iter().any(|tag| name.eq_ignore_ascii_case(tag));
    (known && !attributes.contains('<')).then_some(close + 1)
}

/// Is this a character that must never reach a terminal raw: a control character (C0,
/// DEL, C1) or a bidirectional formatting character, which reorders what is shown?
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

fn show(c: char, out: &mut String) {
    if c.is_control() {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
    }
}

/// Outside text (a cell, a file name, an option's value) made safe for a terminal or a
/// text report: control and bidi characters are written visibly (`\u{1b}`, `⟨U+202E⟩`),
/// line breaks and tabs included, so one line stays one line.
pub fn plain(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    shown(text, |_, _| false)
}

/// `text` with each unsafe character written visibly but those `kept` (given the character
/// after it).
fn shown(text: &str, kept: impl Fn(char, Option<&char>) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_unsafe(c) && !kept(c, chars.peek()) {
            show(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

/// [`plain`] for text shown over several lines (a table cell): line breaks are kept,
/// every other unsafe character written visibly.
pub fn plain_lines(text: &str) -> String {
    text.split('\n').map(plain).collect::<Vec<_>>().join("\n")
}

/// A whole output (CSV, HTML, …) made safe for a terminal: as [`plain`], but its lines
/// stay lines and its tabs tabs. A cell's escape sequence then shows as text; it cannot
/// retitle, clear or recolour the officer's terminal.
pub fn for_terminal(text: &str) -> String {
    shown(text, |c, next| {
        matches!(c, '\n' | '\t') || c == '\r' && next == Some(&'\n')
    })
}

/// Line and 1-based column (in characters) of a byte offset, in text or in bytes that
/// may not be valid text.
pub fn line_col(text: &(impl AsRef<[u8]> + ?Sized), offset: usize) -> (usize, usize) {
    let bytes = text.as_ref();
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_gets_lines_and_tabs_and_sees_every_other_control() {
        assert_eq!(
            for_terminal("a,\u{1b}]0;x\u{7}\tb\r\nc\u{202e}\rd\n"),
            "a,\\u{1b}]0;x\\u{7}\tb\r\nc⟨U+202E⟩\\u{d}d\n"
        );
    }

    #[test]
    fn every_character_at_either_end_is_trimmed_as_str_trims_it() {
        let expected = |text: &str| {
            let start = text.len() - text.trim_start().len();
            (start, text.trim_end().len().max(start))
        };
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("{c}ế"),
                format!("ư{c}"),
                format!("a{c}b"),
            ] {
                assert_eq!(trimmed_span(&text), expected(&text), "{:?}", c);
            }
        }
    }

    #[test]
    fn fold_strips_diacritics_case_and_spacing() {
        assert_eq!(fold("  Vốn  Đối ứng "), "von doi ung");
        assert_eq!(fold("Tổng vốn dự án"), "tong von du an");
        assert_eq!(fold("ĐVT: Triệu đồng"), "dvt: trieu dong");
    }

    #[test]
    fn clean_cell_drops_known_markup_only() {
        assert_eq!(
            clean_cell("<p>Nâng cao</p> <p>Tăng cường</p>"),
            "Nâng cao Tăng cường"
        );
        assert_eq!(
            clean_cell("<ul style=\"list-style-type: none\"> - Tập huấn. "),
            "- Tập huấn."
        );
        assert_eq!(clean_cell("a < b and <b>bold</b>"), "a < b and <b>bold</b>");
    }

    /// Found by fuzzing (read_check): a tag whose name follows a multi-byte space
    /// (`< p>` with U+202F) made the tag scanner slice inside that character.
    #[test]
    fn markup_after_a_multibyte_space_does_not_panic() {
        assert_eq!(clean_cell("a <\u{202f}p> b"), "a <\u{202f}p> b");
        assert_eq!(clean_cell("a <p\u{202f}class=x> b"), "a b");
    }

    #[test]
    fn unsafe_characters_are_shown_not_sent() {
        assert_eq!(plain("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(plain("x\u{202e}y\n"), "x⟨U+202E⟩y\\u{a}");
        assert_eq!(plain_lines("a\nb\u{7}"), "a\nb\\u{7}");
        assert_eq!(plain("Sóc Trăng"), "Sóc Trăng");
    }

    #[test]
    fn the_quick_nfc_look_agrees_with_the_full_check() {
        for text in [
            "Sóc Trăng",
            "Lĩnh vực y tế – “x”",
            "Lie\u{302}\u{300}n",
            "\u{2000}",
            "ﬀ",
        ] {
            if surely_nfc(text) {
                assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes, "{text}");
            }
        }
        assert!(!surely_nfc("Lie\u{302}\u{300}n"));
        // Every character of the first planes, alone and after a letter, and Vietnamese
        // text, which must take the quick way.
        for c in (0..0x3000).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}"), format!("{c}ế")] {
                if surely_nfc(&text) {
                    assert!(unicode_normalization::is_nfc(&text), "U+{:04X}", c as u32);
                }
            }
        }
        assert!(surely_nfc("Tổng cộng – Lĩnh vực Y tế “ưu tiên” ạ ỹ"));
    }

    proptest::proptest! {
        /// `trimmed` is `trim`, whatever white space or letters stand at either end.
        #[test]
        fn trimmed_is_trim(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'ế', 'Đ', ' ', '\t', '\u{b}', '\n', '\u{a0}', '\u{85}', '\u{3000}', '\u{1c}',
            ]), 0..8),
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(trimmed(&text), text.trim());
        }
    }

    proptest::proptest! {
        /// The look at bytes says what a look at each character says, wherever the
        /// characters and `<` stand (the last two bytes are looked at apart).
        #[test]
        fn plain_text_is_told_by_its_bytes(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', ' ', ',', '<', '\0', 'é', 'đ', '\u{2ff}', '\u{300}', '\u{1ea0}', '\u{1e9f}',
                'ỹ', '\u{1efa}', '\u{1ebf}', '\u{1ec0}', '\u{2001}', '\u{2002}', '–', '\u{203f}',
                '\u{2040}', '\u{206f}', '\u{2070}', '\u{20ac}', '😀',
            ]), 0..40),
        ) {
            let text: String = chars.into_iter().collect();
            let settled = |c: char| {
                c < '\u{300}'
                    || ('\u{1ea0}'..='\u{1ef9}').contains(&c)
                    || ('\u{2002}'..='\u{206f}').contains(&c)
            };
            proptest::prop_assert_eq!(surely_nfc(&text), text.chars().all(settled));
            let plain = |c: char| settled(c) && c != '<' && c != '\0';
            proptest::prop_assert_eq!(is_plain(&text), text.chars().all(plain));
        }
    }

    #[test]
    fn folding_a_character_at_a_time_is_folding_the_nfd_text() {
        use unicode_normalization::char::canonical_combining_class;
        // Reordering (the one step of NFD a character at a time leaves out) moves only
        // characters of a nonzero class: all are dropped as combining marks.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if canonical_combining_class(c) != 0 {
                assert!(is_combining_mark(c), "U+{:04X}", c as u32);
            }
        }
        let by_nfd = |text: &str| {
            let mut folded = String::new();
            let mut pending_space = false;
            for c in text.nfd().filter(|&c| !is_combining_mark(c)) {
                if c.is_whitespace() {
                    pending_space = !folded.is_empty();
                    continue;
                }
                if pending_space {
                    folded.push(' ');
                    pending_space = false;
                }
                match c {
                    'đ' | 'Đ' => folded.push('d'),
                    _ => folded.extend(c.to_lowercase()),
                }
            }
            folded
        };
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!(" A{c}\u{323}\u{302} Ế "),
                format!("{c}đ x"),
            ] {
                assert_eq!(fold(&text), by_nfd(&text), "U+{:04X}", c as u32);
            }
        }
        assert_eq!(fold("  Vốn Đối  ứng "), "von doi ung");
    }

    #[test]
    fn clean_cell_composes_to_nfc() {
        // "ạ" as `a` + combining dot below + …, as Windows-1258 text decodes.
        let decomposed = "Lie\u{302}\u{300}n";
        assert_eq!(clean_cell(decomposed), "Liền");
    }
}
