//! Title lines → metadata: unit (`ĐVT: Triệu đồng`), programme period
//! (`GIAI ĐOẠN 2020-2025`), province (`… tỉnh Sóc Trăng`).

use super::ReadOptions;
use super::rows::Row;
use crate::model::Metadata;
use crate::period;
use crate::text::fold;

/// Reads metadata from the rows above the header; options given on the command line win.
pub fn from_title_rows(title_rows: &[Row], options: &ReadOptions) -> Metadata {
    let lines: Vec<&str> = title_rows
        .iter()
        .map(Row::first_text)
        .filter(|t| !t.is_empty())
        .collect();
    Metadata {
        unit: options
            .unit
            .clone()
            .or_else(|| lines.iter().find_map(|l| unit(l))),
        period: options
            .period
            .or_else(|| lines.iter().find_map(|l| programme_period(l))),
        province: options
            .province
            .clone()
            .or_else(|| lines.iter().find_map(|l| province(l))),
        rate: lines.iter().find_map(|l| rate(l)),
    }
}

/// `Tỷ giá: 1 USD = 23.500 đồng` → `1 USD = 23.500 đồng`.
fn rate(line: &str) -> Option<String> {
    let folded = fold(line);
    let labelled = ["ty gia", "exchange rate"]
        .iter()
        .any(|label| folded.trim_start_matches('(').starts_with(label));
    let (_, value) = line.split_once(':')?;
    let value = value.trim().trim_end_matches(')').trim();
    (labelled && value.contains('=')).then(|| value.to_owned())
}

/// `ĐVT: Triệu đồng` → `Triệu đồng`.
fn unit(line: &str) -> Option<String> {
    let folded = fold(line);
    let labelled = ["dvt", "don vi tinh", "don vi", "unit"]
        .iter()
        .any(|label| folded.starts_with(label));
    let (_, value) = line.split_once(':')?;
    let value = value.trim().trim_end_matches(')').trim();
    (labelled && !value.is_empty()).then(|| value.to_owned())
}

/// A unit stated in a column label: `Kinh phí dự kiến (triệu đồng)` → `triệu đồng`;
/// also `(Tr.đ)`, `(tỷ đồng)`, `(USD)`, `(1.000 USD)`, `(đồng)`.
pub fn unit_in_label(label: &str) -> Option<String> {
    let (_, inside) = label.rsplit_once('(')?;
    let (inside, _) = inside.split_once(')')?;
    let folded = fold(inside);
    let words = folded.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    let known = [
        "trieu dong",
        "tr.d",
        "tr d",
        "trd",
        "ty dong",
        "ti dong",
        "nghin dong",
        "ngan dong",
        "dong",
        "vnd",
        "usd",
        "eur",
    ];
    let words = words.trim().trim_start_matches("don vi:").trim();
    known.contains(&words).then(|| inside.trim().to_owned())
}

/// `GIAI ĐOẠN 2020-2025` anywhere in a line → 2020-2025.
fn programme_period(line: &str) -> Option<period::Period> {
    let folded = fold(line);
    let at = folded.find("giai doan")?;
    let rest = &folded[at + "giai doan".len()..];
    let span: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '–' | '—'))
        .collect();
    period::parse(span.trim().trim_end_matches(['-', '–', '—']))
        .ok()
        .flatten()
}

/// `… của Ủy ban nhân dân tỉnh Sóc Trăng)` → `Sóc Trăng`.
fn province(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().rposition(|w| fold(w) == "tinh")?;
    let mut name = Vec::new();
    for word in &words[at + 1..] {
        let trimmed = word.trim_end_matches([')', ',', '.', ';', ':']);
        if !trimmed.is_empty() {
            name.push(trimmed);
        }
        if trimmed.len() != word.len() {
            break;
        }
    }
    (!name.is_empty()).then(|| name.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_unit_stated_in_a_column_label() {
        for (label, unit) in [
            ("Kinh phí dự kiến (triệu đồng)", Some("triệu đồng")),
            ("Tổng vốn (Tr.đ)", Some("Tr.đ")),
            ("Vốn viện trợ (tỷ đồng)", Some("tỷ đồng")),
            ("Kinh phí (USD)", Some("USD")),
            ("Kinh phí (1.000 USD)", Some("1.000 USD")),
            ("Tên dự án (tiếng Anh)", None),
            ("Tổng vốn", None),
        ] {
            assert_eq!(unit_in_label(label).as_deref(), unit, "{label}");
        }
    }

    #[test]
    fn reads_unit_period_and_province_from_titles() {
        assert_eq!(unit("ĐVT: Triệu đồng").as_deref(), Some("Triệu đồng"));
        assert_eq!(unit("(Đơn vị tính: triệu đồng)").as_deref(), None);
        assert_eq!(
            unit("Đơn vị tính: triệu đồng").as_deref(),
            Some("triệu đồng")
        );
        assert_eq!(
            programme_period("GIAI ĐOẠN 2020-2025"),
            Some(period::Period {
                start: 2020,
                end: 2025
            })
        );
        assert_eq!(
            programme_period("DANH MỤC DỰ ÁN GIAI ĐOẠN 2021 – 2025 (dự kiến)"),
            Some(period::Period {
                start: 2021,
                end: 2025
            })
        );
        assert_eq!(
            province("(Kèm theo Chương trình số 03/CTr-UBND của Ủy ban nhân dân tỉnh Sóc Trăng)")
                .as_deref(),
            Some("Sóc Trăng")
        );
        assert_eq!(province("DANH MỤC DỰ ÁN"), None);
        assert_eq!(
            rate("(Tỷ giá: 1 USD = 23.500 đồng)").as_deref(),
            Some("1 USD = 23.500 đồng")
        );
        assert_eq!(rate("Tỷ giá hối đoái"), None);
    }
}
