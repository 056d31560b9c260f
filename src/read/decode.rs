//! Bytes → text: byte-order marks, UTF-8, UTF-16 ("Unicode text"), legacy Windows-1258,
//! and the encodings of the legacy Vietnamese fonts: TCVN3 (`.VnTime`) and VNI
//! (`VNI-Times`).

use super::ReadError;
use crate::problem::Problem;
use crate::text::line_col;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use unicode_normalization::char::compose;

/// The encodings a catalogue can arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum)]
pub enum TextEncoding {
    #[value(name = "utf-8")]
    #[serde(rename = "utf-8")]
    Utf8,
    #[value(name = "utf-16le")]
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[value(name = "utf-16be")]
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[value(name = "windows-1258")]
    #[serde(rename = "windows-1258")]
    Windows1258,
    /// TCVN3 (ABC), the encoding of the legacy `.VnTime` fonts: Vietnamese letters on the
    /// bytes 0xA1 to 0xFE, the other bytes as in Windows-1252.
    #[value(name = "tcvn3")]
    #[serde(rename = "tcvn3")]
    Tcvn3,
    /// VNI, the encoding of the legacy `VNI-Times` fonts: a letter's marks as bytes of
    /// Windows-1252 after it (`Toång` for `Tổng`).
    #[value(name = "vni")]
    #[serde(rename = "vni")]
    Vni,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
            TextEncoding::Tcvn3 => "TCVN3",
            TextEncoding::Vni => "VNI",
        })
    }
}

/// Decodes the bytes of a text in `encoding` (after `skip` bytes of byte-order mark) to
/// UTF-8. UTF-8 text is not decoded but read in place; see [`decide`].
pub fn decode(bytes: &[u8], encoding: TextEncoding, skip: usize) -> Result<String, ReadError> {
    let body = &bytes[skip.min(bytes.len())..];
    let text = match encoding {
        TextEncoding::Utf8 => match simdutf8::compat::from_utf8(body) {
            Ok(text) => text.to_owned(),
            Err(error) => return Err(invalid_utf8(body, error.valid_up_to())),
        },
        TextEncoding::Utf16Le => utf16(body, UTF_16LE)?,
        TextEncoding::Utf16Be => utf16(body, UTF_16BE)?,
        TextEncoding::Windows1258 => WINDOWS_1258
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
        // Windows-1252 gives each byte 0xA1 to 0xFE the character of its number: the
        // letters a legacy font's text holds.
        TextEncoding::Tcvn3 | TextEncoding::Vni => {
            let latin = WINDOWS_1252.decode_without_bom_handling(body).0;
            match LegacyFont::of(encoding) {
                Some(font) => font.to_unicode(&latin).into_owned(),
                None => latin.into_owned(),
            }
        }
    };
    refuse_nul(text)
}

/// The letters of TCVN3 on the bytes 0xA0 to 0xFF, in order; `\0` where a byte is no
/// letter of it. Its capitals with tone marks are in fonts of their own (`.VnTimeH`),
/// whose text is written with these bytes too: it reads in small letters here.
#[rustfmt::skip]
const TCVN3_LETTERS: [char; 96] = [
    '\0', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', '\0', // A0
    '\0', '\0', '\0', '\0', '\0', 'à', 'ả', 'ã', 'á', 'ạ', '\0', 'ằ', 'ẳ', 'ẵ', 'ắ', '\0', // B0
    '\0', '\0', '\0', '\0', '\0', '\0', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', '\0', 'ẻ', 'ẽ', // C0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', 'ò', // D0
    '\0', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0
    '\0', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', '\0', // F0
];

/// Text written in a legacy `.VnTime` font, whose letters a workbook or document holds
/// as the characters of their TCVN3 bytes (`Tæng céng`), in Unicode (`Tổng cộng`).
pub fn from_tcvn3(text: &str) -> Cow<'_, str> {
    let letter = |c: char| {
        let index = (c as u32).checked_sub(0xA0)? as usize;
        TCVN3_LETTERS.get(index).copied().filter(|&l| l != '\0')
    };
    if !text.chars().any(|c| letter(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| letter(c).unwrap_or(c)).collect())
}

/// The encoding of a legacy Vietnamese font, whose text a workbook or document holds as
/// the characters of its bytes (`Tæng céng`, `Toång coäng`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LegacyFont {
    /// TCVN3 (ABC), of the `.VnTime` fonts.
    Tcvn3,
    /// VNI, of the `VNI-Times` fonts.
    Vni,
}

impl LegacyFont {
    /// In the order they are tried where the letters do not tell.
    pub const ALL: [LegacyFont; 2] = [LegacyFont::Tcvn3, LegacyFont::Vni];

    /// The text in Unicode.
    pub fn to_unicode(self, text: &str) -> Cow<'_, str> {
        match self {
            LegacyFont::Tcvn3 => from_tcvn3(text),
            LegacyFont::Vni => from_vni(text),
        }
    }

    /// The encoding of a text file in this font.
    pub fn encoding(self) -> TextEncoding {
        match self {
            LegacyFont::Tcvn3 => TextEncoding::Tcvn3,
            LegacyFont::Vni => TextEncoding::Vni,
        }
    }

    /// The font of a text file in `encoding`, if one of these.
    pub fn of(encoding: TextEncoding) -> Option<LegacyFont> {
        LegacyFont::ALL
            .into_iter()
            .find(|f| f.encoding() == encoding)
    }

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            LegacyFont::Tcvn3 => ".VnTime (TCVN3)",
            LegacyFont::Vni => "VNI-Times (VNI)",
        }
    }
}

/// The combining dot below (nặng), the one tone that goes on a letter before its
/// circumflex or breve.
const DOT_BELOW: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';

/// The mark a byte of VNI puts on the letter before it, as combining characters: a
/// tone (`ù ø û õ ï`: sắc, huyền, hỏi, ngã, nặng) alone, or with a circumflex (`â á à å ã
/// ä`) or a breve (`ê é è ú ü ë`); either case.
fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    const ACUTE: char = '\u{301}';
    const GRAVE: char = '\u{300}';
    const HOOK: char = '\u{309}';
    const TILDE: char = '\u{303}';
    Some(match c {
        'ù' | 'Ù' => (None, Some(ACUTE)),
        'ø' | 'Ø' => (None, Some(GRAVE)),
        'û' | 'Û' => (None, Some(HOOK)),
        'õ' | 'Õ' => (None, Some(TILDE)),
        'ï' | 'Ï' => (None, Some(DOT_BELOW)),
        'â' | 'Â' => (Some(CIRCUMFLEX), None),
        'á' | 'Á' => (Some(CIRCUMFLEX), Some(ACUTE)),
        'à' | 'À' => (Some(CIRCUMFLEX), Some(GRAVE)),
        'å' | 'Å' => (Some(CIRCUMFLEX), Some(HOOK)),
        'ã' | 'Ã' => (Some(CIRCUMFLEX), Some(TILDE)),
        'ä' | 'Ä' => (Some(CIRCUMFLEX), Some(DOT_BELOW)),
        'ê' | 'Ê' => (Some(BREVE), None),
        'é' | 'É' => (Some(BREVE), Some(ACUTE)),
        'è' | 'È' => (Some(BREVE), Some(GRAVE)),
        'ú' | 'Ú' => (Some(BREVE), Some(HOOK)),
        'ü' | 'Ü' => (Some(BREVE), Some(TILDE)),
        'ë' | 'Ë' => (Some(BREVE), Some(DOT_BELOW)),
        _ => return None,
    })
}

/// A character of VNI that is a letter by itself: `ô ö` (ơ ư, which take a tone after
/// them), `ñ` (đ), and the i and y with marks of their own.
fn vni_letter(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// Text written in a legacy `VNI-Times` font, whose letters a workbook or document holds
/// as the characters of their VNI bytes (`Toång coäng`), in Unicode (`Tổng cộng`): a
/// vowel and the mark after it become one letter, and the letters of one byte theirs.
pub fn from_vni(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let base = if c.is_ascii() {
            c
        } else {
            vni_letter(c).unwrap_or(c)
        };
        // The marks a letter takes: every vowel a tone; a, e and o a circumflex; a a
        // breve.
        let (circumflex, breve) = match base {
            'a' | 'A' => (true, true),
            'e' | 'E' | 'o' | 'O' => (true, false),
            'u' | 'U' | 'y' | 'Y' | 'ơ' | 'Ơ' | 'ư' | 'Ư' => (false, false),
            _ => {
                out.push(base);
                continue;
            }
        };
        let mark = (chars.peek().copied())
            .and_then(vni_mark)
            .filter(|&(shape, _)| match shape {
                None => true,
                Some(BREVE) => breve,
                Some(_) => circumflex,
            });
        let Some((shape, tone)) = mark else {
            out.push(base);
            continue;
        };
        chars.next();
        // A dot below goes on first (`ậ` is `ạ` with a circumflex), any other tone last
        // (`ấ` is `â` with an acute).
        let (first, second) = match tone {
            Some(DOT_BELOW) => (tone, shape),
            _ => (shape, tone),
        };
        let marks = [first, second].into_iter().flatten();
        match marks.clone().try_fold(base, compose) {
            Some(letter) => out.push(letter),
            None => out.extend(std::iter::once(base).chain(marks)),
        }
    }
    Cow::Owned(out)
}

/// Does this text (bytes as the characters of their numbers, or a sheet's cells) look
/// typed in a legacy font, and which? TCVN3's commonest letters (`à á ả ã ạ`, `ă â ê ô ơ
/// ư đ`) stand on bytes that are symbols in Windows-1258 and Latin-1 (`µ ¸ ¶ · ¹`, `¨ © ª
/// « ¬ ®`); VNI's commonest marks after a vowel, and its `đ`, are characters Vietnamese
/// text in Windows-1258 never has (`å ä ï ø û ñ` in `oå aø ñ`). Either way, at least a
/// quarter of the characters past ASCII, and eight. TCVN3 is told first: its letters
/// fill bytes VNI leaves alone.
pub(super) fn looks_legacy(text: impl Iterator<Item = char>) -> Option<LegacyFont> {
    let (mut tcvn3, mut vni, mut others) = (0usize, 0usize, 0usize);
    let mut previous = ' ';
    for c in text {
        if c.is_ascii() {
            previous = c;
            continue;
        }
        // VNI's sign is a mark after a vowel, or its đ; an `ö` or `ü` alone (German) is
        // none.
        let after_vowel = matches!(previous.to_ascii_lowercase(), 'a' | 'e' | 'o' | 'u' | 'y')
            || matches!(previous, 'ô' | 'Ô' | 'ö' | 'Ö');
        previous = c;
        match c {
            '\u{A1}'..='\u{AE}' | '\u{B5}'..='\u{B9}' | '\u{BB}'..='\u{BE}' => tcvn3 += 1,
            'Ä' | 'Å' | 'Ë' | 'Ï' | 'Ø' | 'Û' | 'Ü' | 'ä' | 'å' | 'ë' | 'ï' | 'ø' | 'û' | 'ü'
                if after_vowel =>
            {
                vni += 1
            }
            'ñ' | 'Ñ' => vni += 1,
            _ => others += 1,
        }
    }
    let many = |marks: usize, rest: usize| marks >= 8 && marks * 3 >= rest;
    if many(tcvn3, vni + others) {
        Some(LegacyFont::Tcvn3)
    } else if many(vni, tcvn3 + others) {
        Some(LegacyFont::Vni)
    } else {
        None
    }
}

/// Decodes bytes a web page declares to be in the encoding `label` (`windows-1252`,
/// `windows-1258`, …): `None` where the label names no encoding, or UTF-8 or UTF-16,
/// which [`decide`] tells from the bytes themselves.
pub fn decode_declared(bytes: &[u8], label: &str) -> Option<Result<String, ReadError>> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    if encoding == encoding_rs::UTF_8 || encoding == UTF_16LE || encoding == UTF_16BE {
        return None;
    }
    let text = encoding.decode_without_bom_handling(bytes).0.into_owned();
    Some(refuse_nul(text))
}

/// A markup file's text (a web page, an XML spreadsheet) in UTF-8: by its byte-order
/// mark; else as UTF-8 where its bytes are, whatever it declares (a page copied and saved
/// again keeps the charset of the one it came from); else in the encoding named after
/// `key` (`charset=`, `encoding=`) in its first 4 KiB; else as any text file is decided.
pub(super) fn markup_text(bytes: &[u8], key: &[u8]) -> Result<String, ReadError> {
    if byte_order_mark(bytes).0.is_none()
        && simdutf8::basic::from_utf8(bytes).is_err()
        && let Some(label) = declared_label(bytes, key)
        && let Some(text) = decode_declared(bytes, &label)
    {
        return text;
    }
    let (encoding, skip) = decide(bytes, true, None)?;
    decode(bytes, encoding, skip)
}

/// The encoding named after `key` within the first 4 KiB: `windows-1252` of
/// `<meta charset="windows-1252">` or `<?xml version="1.0" encoding="windows-1252"?>`.
fn declared_label(bytes: &[u8], key: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let at = memchr::memmem::find(&head, key)? + key.len();
    let label: Vec<u8> = head[at..]
        .iter()
        .copied()
        .skip_while(|&b| b == b'"' || b == b'\'')
        .take_while(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .collect();
    String::from_utf8(label).ok().filter(|l| !l.is_empty())
}

/// The text, unless it holds a NUL, which no cell may hold.
fn refuse_nul(text: String) -> Result<String, ReadError> {
    if let Some(offset) = text.find('\0') {
        let (line, column) = line_col(text.as_bytes(), offset);
        return Err(ReadError::at(
            line,
            Some(column),
            Problem::NulByte {
                offset: offset as u64,
                utf16_hint: false,
            },
        ));
    }
    Ok(text)
}

/// The text a garbled label meant, where it is UTF-8 that was read as Windows-1252 and
/// saved (`TÃªn dá»± Ã¡n` for `Tên dự án`): its characters as Windows-1252 bytes, read as
/// UTF-8. `None` where the text is not so garbled.
pub fn undo_double_encoding(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    if unmappable {
        return None;
    }
    let meant = std::str::from_utf8(&bytes).ok()?;
    (meant != text).then(|| meant.to_owned())
}

/// Decides a text's encoding from its first bytes (`complete` when they are all of it):
/// `forced`, else a byte-order mark, else UTF-8 when the bytes are UTF-8, else
/// Windows-1258 when no byte of them reads as UTF-8 text. Gives the encoding and the
/// length of the byte-order mark to skip.
pub fn decide(
    sample: &[u8],
    complete: bool,
    forced: Option<TextEncoding>,
) -> Result<(TextEncoding, usize), ReadError> {
    let (bom_encoding, bom_len) = byte_order_mark(sample);
    let encoding = match forced.or(bom_encoding) {
        Some(encoding) => encoding,
        None => sniff(sample, complete)?,
    };
    let skip = if forced.is_none() || forced == bom_encoding {
        bom_len
    } else {
        0
    };
    Ok((encoding, skip))
}

/// Do the bytes start with UTF-16's byte order mark (text, though it holds NUL bytes)?
pub(super) fn is_utf16_marked(bytes: &[u8]) -> bool {
    matches!(
        byte_order_mark(bytes).0,
        Some(TextEncoding::Utf16Le | TextEncoding::Utf16Be)
    )
}

/// How a text file writes its lines: a byte-order mark first, CRLF line ends. A copy
/// of the file (`aidcat fix`) writes them alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineStyle {
    pub bom: bool,
    pub crlf: bool,
}

impl LineStyle {
    /// The style of the text whose first bytes are `head`: CRLF where its first line ends
    /// so (in UTF-16 too, whose CR stands beside a NUL).
    pub fn of(head: &[u8]) -> LineStyle {
        let first_line = head.iter().position(|&b| b == b'\n').map(|k| &head[..k]);
        LineStyle {
            bom: byte_order_mark(head).1 > 0,
            crlf: first_line.is_some_and(|line| line.ends_with(b"\r") || line.ends_with(b"\r\0")),
        }
    }
}

pub(super) fn byte_order_mark(bytes: &[u8]) -> (Option<TextEncoding>, usize) {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (Some(TextEncoding::Utf8), 3),
        [0xFF, 0xFE, ..] => (Some(TextEncoding::Utf16Le), 2),
        [0xFE, 0xFF, ..] => (Some(TextEncoding::Utf16Be), 2),
        _ => (None, 0),
    }
}

/// Chooses an encoding for a file without BOM from its first bytes.
fn sniff(bytes: &[u8], complete: bool) -> Result<TextEncoding, ReadError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = line_col(bytes, offset);
        return Err(ReadError::at(
            line,
            Some(column),
            Problem::NulByte {
                offset: offset as u64,
                utf16_hint: looks_like_utf16(bytes),
            },
        ));
    }
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => Ok(TextEncoding::Utf8),
        // A character cut by the end of the sample is no error.
        Err(error) if !complete && error.error_len().is_none() => Ok(TextEncoding::Utf8),
        // Any UTF-8 text among the bytes: the file is UTF-8 and damaged.
        Err(error) if has_utf8_text(bytes) => Err(invalid_utf8(bytes, error.valid_up_to())),
        Err(_) => Ok(looks_legacy(bytes.iter().map(|&b| char::from(b)))
            .map_or(TextEncoding::Windows1258, LegacyFont::encoding)),
    }
}

/// Does a valid multi-byte UTF-8 character stand anywhere among the bytes?
fn has_utf8_text(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    let zeros = sample.iter().filter(|&&b| b == 0).count();
    zeros * 3 >= sample.len()
}

/// The bytes are UTF-8 up to `valid`, and not at it.
fn invalid_utf8(bytes: &[u8], valid: usize) -> ReadError {
    let (line, column) = line_col(bytes, valid);
    ReadError::at(
        line,
        Some(column),
        Problem::InvalidUtf8 { byte: bytes[valid] },
    )
}

fn utf16(body: &[u8], encoding: &'static Encoding) -> Result<String, ReadError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if body.len() % 2 == 1 {
        let (line, column) = line_col(text.as_bytes(), text.len().saturating_sub(1));
        return Err(ReadError::at(
            line,
            Some(column),
            Problem::Utf16Truncated {
                encoding: encoding.name().to_owned(),
            },
        ));
    }
    if had_errors {
        let offset = text.find('\u{FFFD}').unwrap_or(0);
        let (line, column) = line_col(text.as_bytes(), offset);
        return Err(ReadError::at(
            line,
            Some(column),
            Problem::Utf16Broken {
                encoding: encoding.name().to_owned(),
            },
        ));
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_letters_read_as_unicode() {
        assert_eq!(from_tcvn3("Tæng céng"), "Tổng cộng");
        assert_eq!(
            from_tcvn3("Ch\u{AD}¬ng tr×nh §Çu t\u{AD}"),
            "Chương trình Đầu tư"
        );
        // Text without a byte of TCVN3's letters is not copied.
        assert!(matches!(from_tcvn3("STT, 132.716"), Cow::Borrowed(_)));
        // A character past the table's last byte is left as it is.
        assert_eq!(from_tcvn3("ÿ €"), "ÿ €");
    }

    #[test]
    fn vni_letters_read_as_unicode() {
        assert_eq!(from_vni("Toång coäng"), "Tổng cộng");
        assert_eq!(
            from_vni("Ngöôøi ÑEÀ XUAÁT Ñaëc bieät Tænh kòp tyû Hueá"),
            "Người ĐỀ XUẤT Đặc biệt Tỉnh kịp tỷ Huế"
        );
        // A breve only on an a; a mark after no vowel is the letter it is.
        assert_eq!(from_vni("aêm uê bù"), "ăm uê bù");
        assert!(matches!(from_vni("STT, 132.716"), Cow::Borrowed(_)));
    }

    #[test]
    fn legacy_fonts_are_told_by_their_letters() {
        let latin = |text: &[u8]| text.iter().map(|&b| char::from(b)).collect::<String>();
        let vni = latin(b"To\xe5ng co\xe4ng d\xf6\xef a\xf9n \xf1\xf6\xf4\xf8ng ");
        assert_eq!(looks_legacy(vni.repeat(2).chars()), Some(LegacyFont::Vni));
        let tcvn3 = latin(b"T\xe6ng c\xe9ng d\xf9 \xb8n \xae\xad\xeang ");
        assert_eq!(
            looks_legacy(tcvn3.repeat(4).chars()),
            Some(LegacyFont::Tcvn3)
        );
        // Windows-1258: precomposed letters and combining tones, none of either font's.
        let windows_1258 = WINDOWS_1258
            .decode_without_bom_handling(b"T\xf4\xd2ng c\xf4\xf2ng d\xfd\xf2 a\xecn ")
            .0
            .repeat(4);
        let bytes = WINDOWS_1258.encode(&windows_1258).0;
        assert_eq!(looks_legacy(latin(&bytes).chars()), None);
        // German in Windows-1252: its umlauts stand after consonants.
        let german = latin(b"f\xfcr K\xf6ln M\xe4rz Gr\xfc\xdfe ").repeat(4);
        assert_eq!(looks_legacy(german.chars()), None);
    }

    /// Decides, then decodes, as the reader does.
    fn read(bytes: &[u8]) -> Result<(String, TextEncoding), ReadError> {
        let (encoding, skip) = decide(bytes, true, None)?;
        Ok((decode(bytes, encoding, skip)?, encoding))
    }

    #[test]
    fn line_styles_are_read_from_the_first_line_in_every_encoding() {
        let style = |bom, crlf| LineStyle { bom, crlf };
        for (head, expected) in [
            (&b"a,b\nc\r\n"[..], style(false, false)),
            (b"a,b\r\nc\n", style(false, true)),
            (b"\xEF\xBB\xBFa\r\n", style(true, true)),
            (b"\xFF\xFEa\0\r\0\n\0", style(true, true)),
            (b"\xFE\xFF\0a\0\r\0\n", style(true, true)),
            (b"\xFF\xFEa\0\n\0", style(true, false)),
            (b"no line end", style(false, false)),
        ] {
            assert_eq!(LineStyle::of(head), expected, "{head:?}");
        }
    }

    #[test]
    fn detects_boms_and_legacy_text() {
        let (text, encoding) = read(b"\xEF\xBB\xBFSTT,T\xC3\xAAn").unwrap();
        assert_eq!((text.as_str(), encoding), ("STT,Tên", TextEncoding::Utf8));

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Tên\tx".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, encoding) = read(&utf16).unwrap();
        assert_eq!((text.as_str(), encoding), ("Tên\tx", TextEncoding::Utf16Le));

        // `ê` is 0xEA in Windows-1258 and not valid UTF-8 on its own.
        let (text, encoding) = read(b"T\xEAn").unwrap();
        assert_eq!(
            (text.as_str(), encoding),
            ("Tên", TextEncoding::Windows1258)
        );
    }

    #[test]
    fn damaged_utf8_is_located() {
        let bytes: Vec<u8> = "Tên\nab\u{e9}".bytes().chain([0xFF]).collect();
        let error = read(&bytes).unwrap_err();
        assert_eq!((error.line, error.column), (Some(2), Some(4)));
    }

    /// A UTF-8 file with a stray Latin-1 byte before any Vietnamese text is damaged
    /// UTF-8, not Windows-1258.
    #[test]
    fn a_stray_byte_in_utf8_text_is_an_error_not_a_legacy_encoding() {
        let bytes: Vec<u8> = b"name,total\nCaf\xE9,1\n"
            .iter()
            .copied()
            .chain("Trường học,2\n".bytes())
            .collect();
        let error = read(&bytes).unwrap_err();
        assert_eq!((error.line, error.column), (Some(2), Some(4)));
    }

    #[test]
    fn truncated_utf16_and_binary_are_refused() {
        assert!(read(&[0xFF, 0xFE, b'a', 0, b'b']).is_err());
        assert!(read(b"\x89PNG\r\n\x1a\n\0\0\0").is_err());
    }
}
