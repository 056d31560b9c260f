//! Bytes → text: byte-order marks, UTF-8, UTF-16 ("Unicode text"), legacy Windows-1258.

use super::ReadError;
use crate::text::line_col;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1258};
use serde::Serialize;
use std::fmt;

/// The encodings a catalogue can arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
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
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
        })
    }
}

/// Decodes a file's bytes. With `forced`, that encoding is used (a BOM is still skipped);
/// otherwise a BOM decides, then valid UTF-8, then Windows-1258 for legacy files.
pub fn decode(
    bytes: &[u8],
    forced: Option<TextEncoding>,
) -> Result<(String, TextEncoding), ReadError> {
    let (bom_encoding, bom_len) = match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (Some(TextEncoding::Utf8), 3),
        [0xFF, 0xFE, ..] => (Some(TextEncoding::Utf16Le), 2),
        [0xFE, 0xFF, ..] => (Some(TextEncoding::Utf16Be), 2),
        _ => (None, 0),
    };
    let encoding = match forced.or(bom_encoding) {
        Some(encoding) => encoding,
        None => sniff(bytes)?,
    };
    let body = if forced.is_none() || forced == bom_encoding {
        &bytes[bom_len..]
    } else {
        bytes
    };
    let text = match encoding {
        TextEncoding::Utf8 => utf8(body)?,
        TextEncoding::Utf16Le => utf16(body, UTF_16LE)?,
        TextEncoding::Utf16Be => utf16(body, UTF_16BE)?,
        TextEncoding::Windows1258 => WINDOWS_1258
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
    };
    if let Some(offset) = text.find('\0') {
        let (line, column) = line_col(text.as_bytes(), offset);
        return Err(ReadError::at(
            line,
            Some(column),
            format!(
                "found a NUL character: this looks like binary data, not {encoding} text; \
                 expected a CSV or tab-separated text file"
            ),
        ));
    }
    Ok((text, encoding))
}

/// Chooses an encoding for a file without BOM.
fn sniff(bytes: &[u8]) -> Result<TextEncoding, ReadError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let hint = if looks_like_utf16(bytes) {
            "; if it is UTF-16 text without a byte-order mark, pass --encoding utf-16le or utf-16be"
        } else {
            ""
        };
        let (line, column) = line_col(bytes, offset);
        return Err(ReadError::at(
            line,
            Some(column),
            format!(
                "found a NUL byte at byte {offset}: this looks like binary data, not text; \
                 expected a CSV or tab-separated text file{hint}"
            ),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(TextEncoding::Utf8),
        // Valid multi-byte UTF-8 before the bad byte: the file is UTF-8 and damaged.
        Err(error) if !bytes[..error.valid_up_to()].is_ascii() => Err(invalid_utf8(bytes, error)),
        Err(_) => Ok(TextEncoding::Windows1258),
    }
}

fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    let zeros = sample.iter().filter(|&&b| b == 0).count();
    zeros * 3 >= sample.len()
}

fn utf8(body: &[u8]) -> Result<String, ReadError> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => Err(invalid_utf8(body, error)),
    }
}

fn invalid_utf8(bytes: &[u8], error: std::str::Utf8Error) -> ReadError {
    let valid = error.valid_up_to();
    let (line, column) = line_col(bytes, valid);
    ReadError::at(
        line,
        Some(column),
        format!(
            "byte 0x{:02X} is not valid UTF-8, though the text before it is UTF-8: the file \
             may be damaged; re-save it as UTF-8, or pass --encoding windows-1258 if it is a \
             legacy Vietnamese file",
            bytes[valid]
        ),
    )
}

fn utf16(body: &[u8], encoding: &'static Encoding) -> Result<String, ReadError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if body.len() % 2 == 1 {
        let (line, column) = line_col(text.as_bytes(), text.len().saturating_sub(1));
        return Err(ReadError::at(
            line,
            Some(column),
            format!(
                "{} text ends in the middle of a character (odd number of bytes): the file \
                 looks truncated; save it again from the spreadsheet",
                encoding.name()
            ),
        ));
    }
    if had_errors {
        let offset = text.find('\u{FFFD}').unwrap_or(0);
        let (line, column) = line_col(text.as_bytes(), offset);
        return Err(ReadError::at(
            line,
            Some(column),
            format!(
                "invalid {} sequence (a broken surrogate pair): the file may be truncated or damaged",
                encoding.name()
            ),
        ));
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_boms_and_legacy_text() {
        let (text, encoding) = decode(b"\xEF\xBB\xBFSTT,T\xC3\xAAn", None).unwrap();
        assert_eq!((text.as_str(), encoding), ("STT,Tên", TextEncoding::Utf8));

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Tên\tx".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, encoding) = decode(&utf16, None).unwrap();
        assert_eq!((text.as_str(), encoding), ("Tên\tx", TextEncoding::Utf16Le));

        // `ê` is 0xEA in Windows-1258 and not valid UTF-8 on its own.
        let (text, encoding) = decode(b"T\xEAn", None).unwrap();
        assert_eq!(
            (text.as_str(), encoding),
            ("Tên", TextEncoding::Windows1258)
        );
    }

    #[test]
    fn damaged_utf8_is_located() {
        let error = decode(
            "Tên\nab\u{e9}"
                .as_bytes()
                .iter()
                .copied()
                .chain([0xFF])
                .collect::<Vec<_>>()
                .as_slice(),
            None,
        )
        .unwrap_err();
        assert_eq!((error.line, error.column), (Some(2), Some(4)));
    }

    #[test]
    fn truncated_utf16_and_binary_are_refused() {
        assert!(decode(&[0xFF, 0xFE, b'a', 0, b'b'], None).is_err());
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0", None).is_err());
    }
}
