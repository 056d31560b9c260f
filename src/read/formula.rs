//! A workbook cell's formula as an officer reads it in Excel (`=SUM(G4:G9)`), whatever
//! notation the file stores: OpenDocument's (`of:=SUM([.G4:.G9])`, in an `.ods` and in
//! LibreOffice's Excel 2003 XML) and Excel 2003 XML's R1C1 (`=SUM(R[-6]C:R[-1]C)`, relative
//! to the cell). `check` shows it beside a subtotal and reads the rows its `SUM` adds.

/// `formula` in A1 notation with its leading `=`. `r1c1_cell`: the cell it is stored in
/// (row and column, from 1) where the file writes formulas in R1C1 notation (Excel 2003
/// XML); elsewhere `RC1` is column RC's first cell, not a reference to read again. What
/// is not a reference (names, functions, text in quotes) is kept.
pub fn in_a1(formula: &str, r1c1_cell: Option<(usize, usize)>) -> String {
    let trimmed = formula.trim();
    let (open_document, body) = match trimmed.strip_prefix("of:") {
        Some(body) => (true, body),
        None => (false, trimmed),
    };
    let body = body.trim_start_matches('=');
    let mut out = String::with_capacity(body.len() + 1);
    out.push('=');
    let mut rest = body;
    // The character before `rest`: a reference starts only after one that ends a name.
    let mut after_name = false;
    while let Some(c) = rest.chars().next() {
        let mut taken = c.len_utf8();
        match c {
            '"' => taken = quoted_len(rest),
            '[' if open_document => {
                if let Some(end) = rest.find(']') {
                    out.push_str(&open_document_reference(&rest[1..end]));
                    rest = &rest[end + 1..];
                    after_name = true;
                    continue;
                }
            }
            ';' if open_document => {
                out.push(',');
                rest = &rest[1..];
                after_name = false;
                continue;
            }
            'R' | 'r' if !after_name => {
                if let Some((row, column)) = r1c1_cell
                    && let Some((cell, len)) = r1c1_reference(rest, row, column)
                {
                    out.push_str(&cell);
                    rest = &rest[len..];
                    after_name = true;
                    continue;
                }
            }
            _ => {}
        }
        out.push_str(&rest[..taken]);
        rest = &rest[taken..];
        after_name = c.is_alphanumeric() || matches!(c, '_' | '.' | '"' | '\'' | '$' | ']');
    }
    out
}

/// The length of the text in quotes at the start of `text` (`""` is a quote within it).
fn quoted_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 1;
    while at < bytes.len() {
        if bytes[at] == b'"' {
            if bytes.get(at + 1) == Some(&b'"') {
                at += 2;
                continue;
            }
            return at + 1;
        }
        at += 1;
    }
    bytes.len()
}

/// An OpenDocument reference without its brackets (`.G4:.G9`, `$'Danh mục'.$A$1`) in A1.
fn open_document_reference(reference: &str) -> String {
    if !reference.contains('.') {
        // Not a cell (a structured reference of a table): as written.
        return format!("[{reference}]");
    }
    let parts: Vec<String> = reference
        .split(':')
        .map(|part| match part.rsplit_once('.') {
            Some(("", cell)) => cell.to_owned(),
            Some((sheet, cell)) => format!("{}!{cell}", sheet.trim_start_matches('$')),
            None => part.to_owned(),
        })
        .collect();
    parts.join(":")
}

/// An R1C1 reference at the start of `text` (`R[-3]C`, `R5C7`, `RC[-2]`) relative to the
/// cell at `row` and `column`, in A1 (`G4`), with the length it took; `None` where
/// `text` starts with no such reference (a function's name, a whole row or column).
fn r1c1_reference(text: &str, row: usize, column: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let (row, at) = r1c1_part(bytes, 1, row)?;
    if !matches!(bytes.get(at), Some(b'C' | b'c')) {
        return None;
    }
    let (column, end) = r1c1_part(bytes, at + 1, column)?;
    if bytes
        .get(end)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'(' | b'.'))
    {
        return None;
    }
    if column == 0 || column > 16_384 || row == 0 {
        return None;
    }
    Some((format!("{}{row}", super::column_letters(column)), end))
}

/// The row or column an R1C1 part from `at` names: `[-3]` relative to `here`, `5`
/// absolute, nothing for `here`; with where the part ends.
fn r1c1_part(bytes: &[u8], at: usize, here: usize) -> Option<(usize, usize)> {
    let digits = |from: usize| {
        let len = bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (from, from + len)
    };
    match bytes.get(at) {
        Some(b'[') => {
            let negative = bytes.get(at + 1) == Some(&b'-');
            let (from, to) = digits(at + 1 + usize::from(negative));
            if to == from || bytes.get(to) != Some(&b']') {
                return None;
            }
            let offset: usize = std::str::from_utf8(&bytes[from..to]).ok()?.parse().ok()?;
            let value = if negative {
                here.checked_sub(offset)?
            } else {
                here.checked_add(offset)?
            };
            Some((value, to + 1))
        }
        Some(b) if b.is_ascii_digit() => {
            let (from, to) = digits(at);
            let value = std::str::from_utf8(&bytes[from..to]).ok()?.parse().ok()?;
            Some((value, to))
        }
        _ => Some((here, at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_document_formulas_read_as_excel_writes_them() {
        assert_eq!(in_a1("of:=SUM([.G4:.G9])", None), "=SUM(G4:G9)");
        assert_eq!(
            in_a1("of:=SUM([.G4];[.G6]; [$'Danh mục'.$G$8])", None),
            "=SUM(G4,G6, 'Danh mục'!$G$8)"
        );
        assert_eq!(in_a1("of:=[.H5]+[.I5]", None), "=H5+I5");
        assert_eq!(
            in_a1("of:=IF([.A1]=\"x;[.B]\";1;2)", None),
            "=IF(A1=\"x;[.B]\",1,2)"
        );
    }

    #[test]
    fn r1c1_formulas_read_relative_to_their_cell() {
        assert_eq!(in_a1("=SUM(R[-6]C:R[-1]C)", Some((10, 7))), "=SUM(G4:G9)");
        assert_eq!(in_a1("=RC[1]+RC[2]", Some((5, 7))), "=H5+I5");
        assert_eq!(in_a1("=R1C1+R2C28", Some((9, 9))), "=A1+AB2");
        assert_eq!(in_a1("=ROUND(R[-1]C,0)", Some((2, 1))), "=ROUND(A1,0)");
        assert_eq!(in_a1("='Danh mục'!R4C7", Some((1, 1))), "='Danh mục'!G4");
    }

    /// A1 formulas, names, functions and references past the sheet stay as written.
    #[test]
    fn what_is_not_a_reference_is_kept() {
        assert_eq!(in_a1("SUM(G4:G9)", Some((3, 7))), "=SUM(G4:G9)");
        // In A1, `RC1` is a cell of column RC.
        assert_eq!(in_a1("SUM(RC1:RC9)", None), "=SUM(RC1:RC9)");
        assert_eq!(
            in_a1("=RATE(1,2,3)+Rate", Some((1, 1))),
            "=RATE(1,2,3)+Rate"
        );
        assert_eq!(in_a1("=SUM(R[-5]C)", Some((2, 1))), "=SUM(R[-5]C)");
        assert_eq!(in_a1("=R[1]:R[2]", Some((2, 1))), "=R[1]:R[2]");
        assert_eq!(in_a1("=\"RC\"&R1C1", Some((1, 1))), "=\"RC\"&A1");
        assert_eq!(in_a1("=\"unclosed", Some((1, 1))), "=\"unclosed");
        assert_eq!(
            in_a1("=R99999999999999999999999C", Some((1, 1))),
            "=R99999999999999999999999C"
        );
    }
}
