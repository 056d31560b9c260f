//! Title lines → metadata: unit (`ĐVT: Triệu đồng`), programme period
//! (`GIAI ĐOẠN 2020-2025`), province (`… tỉnh Sóc Trăng`).

use super::catalogue::{CatalogueRole, MONEY_ROLES};
use super::header::Header;
use super::rows::Row;
use super::{ReadError, ReadOptions};
use crate::model::Metadata;
use crate::period;
use crate::problem::Problem;
use crate::text::fold;
use crate::unit::{self, Unit};

/// Reads metadata from the rows above the header; options given on the command line win.
/// Each cell of a title row is read (a unit may stand right of a title, `ĐVT: Triệu
/// đồng` at the table's right edge), and then the row whole, its cells joined: a title
/// with a comma, saved unquoted, spreads over cells (`DANH MỤC CÁC CHƯƠNG TRÌNH`, ` DỰ ÁN
/// … TỈNH AN GIANG …`).
pub fn from_title_rows(title_rows: &[Row], options: &ReadOptions) -> Metadata {
    let lines = title_lines(title_rows);
    Metadata {
        unit: options
            .unit
            .clone()
            .or_else(|| lines.iter().find_map(|l| unit(l))),
        period: options
            .period
            .or_else(|| lines.iter().find_map(|l| programme_period(l)))
            .or_else(|| one_year_span(&lines)),
        province: options
            .province
            .clone()
            .or_else(|| lines.iter().find_map(|l| province(l)))
            .or_else(|| lines.iter().find_map(|l| province_alone(l))),
        rate: lines.iter().find_map(|l| rate(l)),
    }
}

/// The lines of the title rows: each cell, and each row's cells joined; and the parts of
/// a line set apart by dashes (`Danh mục dự án — Vĩnh Phúc — ĐVT: triệu đồng`, as
/// aidcat titles its reports).
fn title_lines(title_rows: &[Row]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for row in title_rows {
        let cells: Vec<&str> = row.cells().filter(|c| !c.is_empty()).collect();
        lines.extend(cells.iter().map(|&cell| cell.to_owned()));
        if cells.len() > 1 {
            lines.push(cells.join(", "));
        }
    }
    let parts = (lines.iter())
        .filter(|line| line.contains(" — "))
        .flat_map(|line| line.split(" — ").map(str::trim).map(str::to_owned))
        .collect::<Vec<_>>();
    lines.extend(parts);
    lines
}

/// The sector a title line names, as a table of one sector is titled (`DANH MỤC DỰ ÁN
/// LĨNH VỰC Y TẾ`, `Biểu 2: Lĩnh vực giáo dục và đào tạo giai đoạn 2021-2025`): its
/// words from `lĩnh vực` on, up to the words that follow a sector's name in a title
/// (`giai đoạn`, `năm`, `tỉnh`, `của`, `tại`, a bracket, a figure), where they name one
/// national sector in a few words ([`crate::national::is_a_sector_name`]; `các lĩnh
/// vực ưu tiên` and `lĩnh vực y tế, giáo dục` name none). The line nearest the header
/// that names one. A row is read whole, its cells joined: a title with a comma, saved
/// unquoted, spreads over cells (`… LĨNH VỰC Y TẾ`, ` GIÁO DỤC`), and its first cell
/// alone would name one sector of two.
pub fn sector_in_title(title_rows: &[Row]) -> Option<String> {
    title_rows.iter().rev().find_map(|row| {
        let cells: Vec<&str> = row.cells().filter(|c| !c.is_empty()).collect();
        sector_in_line(&cells.join(", "))
    })
}

fn sector_in_line(line: &str) -> Option<String> {
    // Words that follow a sector's name in a title (with their marks: `tài nguyên`,
    // `đô thị` are sectors' words): its period, place, owner, the call for aid, a unit
    // beside it (`ĐVT:`, `Đơn vị tính:`), a decision it goes with.
    const ENDS: [&str; 14] = [
        "giai", "năm", "tỉnh", "thành", "huyện", "của", "tại", "trên", "kêu", "đến", "thuộc",
        "đvt", "đơn", "kèm",
    ];
    let words: Vec<&str> = line.split_whitespace().collect();
    let bare = |word: &str| {
        word.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let key = |word: &str| fold(&bare(word));
    let start = (0..words.len().saturating_sub(1))
        .find(|&at| key(words[at]) == "linh" && key(words[at + 1]) == "vuc")?;
    let mut name = vec!["", ""];
    for word in &words[start + 2..] {
        let ends = word.starts_with(['(', '[']) || word.starts_with(|c: char| c.is_ascii_digit());
        if ends || ENDS.contains(&bare(word).as_str()) {
            break;
        }
        name.push(word);
    }
    // `LĨNH VỰC:` as `LĨNH VỰC`; a name's last word less the mark after it.
    name[0] = words[start];
    name[1] = words[start + 1].trim_end_matches([':', '-', '.']);
    let last = name.len() - 1;
    name[last] = name[last].trim_end_matches([',', ';', ':', '.', '-', '–']);
    let name = name.join(" ");
    let name = name.trim().trim_end_matches([' ', '-', '–', ':']);
    (name.split_whitespace().count() > 2 && crate::national::is_a_sector_name(name))
        .then(|| name.to_owned())
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

/// The words (folded) that say a unit follows: `ĐVT:`, `Đơn vị tính:`, `Unit:`.
const UNIT_MARKERS: [&str; 4] = ["dvt", "don vi tinh", "don vi", "unit"];

/// `ĐVT: Triệu đồng` and `(Đơn vị tính: triệu đồng)` → `Triệu đồng`, `triệu đồng`.
fn unit(line: &str) -> Option<String> {
    let folded = fold(line);
    let labelled = UNIT_MARKERS.iter().any(|label| {
        folded
            .trim_start_matches('(')
            .trim_start()
            .starts_with(label)
    });
    let (_, value) = line.split_once(':')?;
    let value = value.trim().trim_end_matches(')').trim();
    (labelled && !value.is_empty()).then(|| value.to_owned())
}

/// A unit stated in a column label: `Kinh phí dự kiến (triệu đồng)` → `triệu đồng`;
/// also `(Tr.đ)`, `(tỷ đồng)`, `(USD)`, `(1.000 USD)`, `(triệu VND)`, `(Đơn vị: đồng)`,
/// `(Đơn vị tính: USD)`
/// (any unit [`Unit::parse`] reads); and a currency's code run on to the label, as
/// programs name their columns: `total_usd`, `TotalBudgetUSD`, `Aid USD` → `USD`.
pub fn unit_in_label(label: &str) -> Option<String> {
    if let Some((_, inside)) = label.rsplit_once('(') {
        let (inside, _) = inside.split_once(')')?;
        let stated = inside.split_once(':').map_or(inside, |(words, unit)| {
            let labelled = UNIT_MARKERS.contains(&fold(words).trim());
            if labelled { unit } else { inside }
        });
        return Unit::parse(stated).map(|_| stated.trim().to_owned());
    }
    // Labelled after the column's name: `Kinh phí - ĐVT: triệu đồng`.
    if let Some((words, unit)) = label.rsplit_once(':') {
        let words = fold(words);
        let labelled = UNIT_MARKERS
            .iter()
            .any(|marker| words.trim_end().ends_with(marker));
        let unit = unit.trim();
        return (labelled && Unit::parse(unit).is_some()).then(|| unit.to_owned());
    }
    let label = label.trim_end();
    let (before, code) = label.split_at_checked(label.len().checked_sub(3)?)?;
    let run_on =
        before.ends_with([' ', '_', '-']) || before.ends_with(|c: char| c.is_ascii_lowercase());
    let known = ["USD", "VND", "EUR"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(code));
    if !run_on || !known || before.trim().is_empty() {
        return None;
    }
    // With its scale before it, where one is: `aid_thousand_usd`.
    let words: Vec<&str> = before
        .split([' ', '_', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    let code = code.to_ascii_uppercase();
    match words.split_last() {
        Some((scale, rest)) if !rest.is_empty() => {
            let scaled = format!("{scale} {code}");
            Some(if Unit::parse(&scaled).is_some() {
                scaled
            } else {
                code
            })
        }
        _ => Some(code),
    }
}

/// Takes a money column in the unit the header's other money columns agree on, where
/// the one taken states another and a column beside it names the same amount in theirs:
/// `Tổng vốn (USD) | Tổng vốn | Vốn viện trợ | Vốn đối ứng` is read by its `Tổng vốn`,
/// the dollars a conversion beside it (not read), rather than as a total in another unit
/// than its parts. The other columns stating no unit agree on none.
pub fn columns_in_one_unit(header: &mut Header<CatalogueRole>) {
    let stated = |label: &str| unit_in_label(label).map(|unit| unit::comparable(&unit));
    for role in MONEY_ROLES {
        let Some(own) = header.label(role).map(stated) else {
            continue;
        };
        let mut others = (MONEY_ROLES.iter())
            .filter(|&&other| other != role)
            .filter_map(|&other| header.label(other).map(stated));
        let Some(agreed) = others.next() else {
            continue;
        };
        if own != agreed && others.all(|other| other == agreed) {
            header.retake(role, |label| stated(label) == agreed);
        }
    }
}

/// Refuses a header whose money columns state different units (`Tổng vốn (USD)` beside
/// `Vốn đối ứng (triệu đồng)`): no sum of them is right as written.
pub fn one_unit(header: &Header<CatalogueRole>) -> Result<(), ReadError> {
    let mut stated = MONEY_ROLES.iter().filter_map(|&role| {
        let label = header.label(role)?;
        let unit = unit_in_label(label)?;
        let key = unit::comparable(&unit);
        Some((label, unit, key))
    });
    let Some((first, first_unit, unit)) = stated.next() else {
        return Ok(());
    };
    match stated.find(|(_, _, other)| *other != unit) {
        Some((other, other_unit, _)) => {
            let problem = Problem::ColumnUnitsDiffer {
                first: first.to_owned(),
                first_unit,
                other: other.to_owned(),
                other_unit,
            };
            Err(ReadError::at(header.line, None, problem))
        }
        None => Ok(()),
    }
}

/// The unit the header's labels state (a money column's, `Tổng vốn (USD)`, or a label
/// over them, `Kinh phí (triệu đồng)`, or any header cell saying `ĐVT: …`), with the
/// label stating it. A column not read states its own unit only (`Tương đương (triệu
/// đồng)` beside figures in the title's USD).
pub fn unit_of_columns(header: &Header<CatalogueRole>) -> Option<(String, String)> {
    let money: Vec<usize> = (MONEY_ROLES.iter())
        .flat_map(|&role| [header.index_cell(role), header.parts(role)].concat())
        .collect();
    let marked = header.cells().filter(|cell| unit(cell).is_some());
    (header.cells_over(&money).chain(marked))
        .find_map(|label| Some((label.to_owned(), unit_in_label(label)?)))
}

/// Do two units name the same (`Triệu đồng`, `Tr.đ`)?
pub fn same_unit(a: &str, b: &str) -> bool {
    unit::comparable(a) == unit::comparable(b)
}

/// `GIAI ĐOẠN 2020-2025` anywhere in a line → 2020-2025; in English, `period 2021-2025`
/// (`for the period 2021 - 2025`, `phase 2021-2025`).
fn programme_period(line: &str) -> Option<period::Period> {
    let folded = fold(line);
    let (at, word) = ["giai doan", "period", "phase"]
        .iter()
        .find_map(|word| Some((folded.find(word)?, word)))?;
    let rest = &folded[at + word.len()..];
    let span: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '–' | '—'))
        .collect();
    period::parse(span.trim().trim_end_matches(['-', '–', '—']))
        .ok()
        .flatten()
}

/// Where no title line says `giai đoạn` (`period`): the span of years the title lines
/// write as a word ([`year_spans`]: `DANH MỤC DỰ ÁN … TỈNH CAO BẰNG 2021-2025`), where
/// they write one only (`kết quả 2016-2020 và kế hoạch 2021-2025` names no programme).
fn one_year_span(lines: &[String]) -> Option<period::Period> {
    let mut spans = lines.iter().flat_map(|line| year_spans(line));
    let first = spans.next()?;
    spans.all(|span| span == first).then_some(first)
}

/// The spans of years a line writes as words (`2021-2025`, `2021 – 2025`), each one's
/// end after its start and at most fifteen years on. Dates (`06/5/2020`) and numbers
/// (`80/2020/NĐ-CP`) make no span.
fn year_spans(line: &str) -> Vec<period::Period> {
    let bytes = line.as_bytes();
    let year_at = |at: usize| -> Option<u16> {
        let digits = bytes.get(at..at + 4)?;
        let word_ends = |k: Option<&u8>| k.is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'/');
        (digits.iter().all(u8::is_ascii_digit)
            && word_ends(at.checked_sub(1).and_then(|k| bytes.get(k)))
            && word_ends(bytes.get(at + 4)))
        .then(|| line[at..at + 4].parse().ok())
        .flatten()
    };
    (0..bytes.len())
        .filter_map(|at| {
            let start = year_at(at).filter(|y| (1990..2100).contains(y))?;
            let rest = &line[at + 4..];
            let after = rest.trim_start_matches([' ', '-', '–', '—']);
            let dashes = &rest[..rest.len() - after.len()];
            if !dashes.contains(['-', '–', '—']) || dashes.chars().count() > 3 {
                return None;
            }
            let end = year_at(line.len() - after.len())?;
            (end > start && end - start <= 15).then_some(period::Period { start, end })
        })
        .collect()
}

/// The provinces and the cities run by the centre, each with the ways a file or folder
/// name writes it (folded, its words apart or run together: `soc-trang`, `SocTrang`).
const PROVINCES: [(&str, &[&str]); 64] = [
    ("An Giang", &["an giang"]),
    ("Bà Rịa - Vũng Tàu", &["ba ria vung tau", "brvt"]),
    ("Bắc Giang", &["bac giang"]),
    ("Bắc Kạn", &["bac kan", "bac can"]),
    ("Bạc Liêu", &["bac lieu"]),
    ("Bắc Ninh", &["bac ninh"]),
    ("Bến Tre", &["ben tre"]),
    ("Bình Định", &["binh dinh"]),
    ("Bình Dương", &["binh duong"]),
    ("Bình Phước", &["binh phuoc"]),
    ("Bình Thuận", &["binh thuan"]),
    ("Cà Mau", &["ca mau"]),
    ("Cần Thơ", &["can tho"]),
    ("Cao Bằng", &["cao bang"]),
    ("Đà Nẵng", &["da nang"]),
    ("Đắk Lắk", &["dak lak", "dac lac", "daklak"]),
    ("Đắk Nông", &["dak nong", "dac nong"]),
    ("Điện Biên", &["dien bien"]),
    ("Đồng Nai", &["dong nai"]),
    ("Đồng Tháp", &["dong thap"]),
    ("Gia Lai", &["gia lai"]),
    ("Hà Giang", &["ha giang"]),
    ("Hà Nam", &["ha nam"]),
    ("Hà Nội", &["ha noi"]),
    ("Hà Tĩnh", &["ha tinh"]),
    ("Hải Dương", &["hai duong"]),
    ("Hải Phòng", &["hai phong"]),
    ("Hậu Giang", &["hau giang"]),
    ("Hòa Bình", &["hoa binh"]),
    ("Hưng Yên", &["hung yen"]),
    ("Khánh Hòa", &["khanh hoa"]),
    ("Kiên Giang", &["kien giang"]),
    ("Kon Tum", &["kon tum"]),
    ("Lai Châu", &["lai chau"]),
    ("Lâm Đồng", &["lam dong"]),
    ("Lạng Sơn", &["lang son"]),
    ("Lào Cai", &["lao cai"]),
    ("Long An", &["long an"]),
    ("Nam Định", &["nam dinh"]),
    ("Nghệ An", &["nghe an"]),
    ("Ninh Bình", &["ninh binh"]),
    ("Ninh Thuận", &["ninh thuan"]),
    ("Phú Thọ", &["phu tho"]),
    ("Phú Yên", &["phu yen"]),
    ("Quảng Bình", &["quang binh"]),
    ("Quảng Nam", &["quang nam"]),
    ("Quảng Ngãi", &["quang ngai"]),
    ("Quảng Ninh", &["quang ninh"]),
    ("Quảng Trị", &["quang tri"]),
    ("Sóc Trăng", &["soc trang"]),
    ("Sơn La", &["son la"]),
    ("Tây Ninh", &["tay ninh"]),
    ("Thái Bình", &["thai binh"]),
    ("Thái Nguyên", &["thai nguyen"]),
    ("Thanh Hóa", &["thanh hoa"]),
    ("Thừa Thiên Huế", &["thua thien hue", "tt hue"]),
    ("Huế", &["hue"]),
    ("Tiền Giang", &["tien giang"]),
    ("Hồ Chí Minh", &["ho chi minh", "tp hcm", "hcm", "tphcm"]),
    ("Trà Vinh", &["tra vinh"]),
    ("Tuyên Quang", &["tuyen quang"]),
    ("Vĩnh Long", &["vinh long"]),
    ("Vĩnh Phúc", &["vinh phuc"]),
    ("Yên Bái", &["yen bai"]),
];

/// The province a file's path names, where the file states none: its name's
/// (`soc-trang-2020-2025.csv`) or else its folder's (`provinces/Cà Mau/danh-muc.xlsx`),
/// the nearest first, each as given on the command line. A name naming two provinces
/// names none. The province, and the name it was found in.
pub fn province_in_path(path: &str) -> Option<(String, String)> {
    const LEVELS: usize = 4;
    let path = std::path::Path::new(path);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let folders = path
        .parent()
        .into_iter()
        .flat_map(|p| p.components().rev())
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        });
    stem.into_iter()
        .chain(folders)
        .take(LEVELS)
        .find_map(|name| province_in_name(&name).map(|province| (province.to_owned(), name)))
}

/// The one province `name` names in words of its own (`ca-mau`, `Cà Mau 2023`,
/// `SocTrang`), if one.
fn province_in_name(name: &str) -> Option<&'static str> {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let names = |written: &str| {
        let parts: Vec<&str> = written.split(' ').collect();
        let joined = parts.concat();
        words
            .windows(parts.len())
            .any(|run| run == parts.as_slice())
            || words.iter().any(|&word| word == joined)
    };
    let mut found = PROVINCES
        .iter()
        .filter(|(_, written)| written.iter().any(|w| names(w)))
        .map(|&(province, _)| province);
    let first = found.next()?;
    // `Thừa Thiên Huế` names `Huế` too: the longer.
    let rest: Vec<&str> = found.collect();
    match rest.as_slice() {
        [] => Some(first),
        [other] if other.contains(first) => Some(other),
        [other] if first.contains(other) => Some(first),
        _ => None,
    }
}

/// A line that is a province's name and nothing more (`Vĩnh Phúc`, a part of a title set
/// apart by dashes), or after a label saying so (`Tỉnh: Sóc Trăng`, `province: Cà Mau`,
/// as a form or a JSON export names it): that province.
fn province_alone(line: &str) -> Option<String> {
    // `Tỉnh/Thành phố:`, `Tỉnh, thành phố:` as `tinh thanh pho`.
    let label = |label: &str| {
        let folded = fold(label).replace(['/', ','], " ");
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    const LABELS: [&str; 4] = ["tinh", "tinh thanh pho", "tinh thanh", "province"];
    let line = match line.split_once(':') {
        Some((written, name)) if LABELS.contains(&label(written).as_str()) => name,
        _ => line,
    };
    let province = province_in_name(line)?;
    let letters = |text: &str| fold(text).replace(|c: char| !c.is_alphanumeric(), "");
    (letters(line) == letters(province)).then(|| province.to_owned())
}

/// `… của Ủy ban nhân dân tỉnh Sóc Trăng)` → `Sóc Trăng`; also `thành phố Cần Thơ` and
/// `TP. Hồ Chí Minh` (the cities run by the centre), where no `tỉnh` is named. The name
/// ends at punctuation, at a word that goes on with the title (`GIAI ĐOẠN`, `NĂM`, `đến`,
/// …) or a figure, and after four words; a name in capitals (`BẠC LIÊU`) is given in
/// the usual case (`Bạc Liêu`), so that files spelling it either way roll up together.
fn province(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    // Where a name may start: after `tỉnh` (the last first: `… của UBND tỉnh X`), else
    // after `thành phố` or `TP.`; `TP.Hồ` (no space after the mark) starts it within the
    // word. The first start that gives a name names the province.
    let after_tinh = (0..folded.len())
        .rev()
        .filter(|&at| folded[at] == "tinh")
        .map(|at| (at + 1, None));
    let after_city = (0..folded.len().saturating_sub(1))
        .rev()
        .filter(|&at| folded[at] == "thanh" && folded[at + 1] == "pho")
        .map(|at| (at + 2, None));
    let after_tp = (0..folded.len())
        .rev()
        .filter(|&at| folded[at] == "tp" || folded[at].starts_with("tp."))
        .map(|at| {
            let joined = words[at].split_once('.').map(|(_, rest)| rest);
            (at + 1, joined.filter(|rest| !rest.is_empty()))
        });
    after_tinh
        .chain(after_city)
        .chain(after_tp)
        .find_map(|(start, joined)| name_from(&words[start..], joined))
        .or_else(|| province_in_english(&words, &folded))
}

/// `… QUANG TRI PROVINCE 2021-2025` → `Quang Tri`, `Province of Quang Tri` → `Quang
/// Tri`: in an English title, the name stands before `province`, or after `province
/// of`. Words that go on with the title (`aid`, `of`, a figure) end it.
fn province_in_english(words: &[&str], folded: &[String]) -> Option<String> {
    let at = folded
        .iter()
        .position(|w| w.trim_end_matches([',', '.', ':', ';']) == "province")?;
    if folded.get(at + 1).map(String::as_str) == Some("of") {
        return name_from(&words[at + 2..], None);
    }
    let mut start = at;
    while start > 0 && at - start < 4 {
        let word = words[start - 1];
        let ends_a_phrase = word.ends_with([',', '.', ':', ';', ')']);
        let stop = goes_on_with_title(word) || word.starts_with(|c: char| !c.is_alphabetic());
        if ends_a_phrase || stop {
            break;
        }
        start -= 1;
    }
    (start < at).then(|| usual_case(&words[start..at].join(" ")))
}

/// Words that go on with a title around a province's name, in lower case: the name
/// stops at them, read forwards (`… TỈNH BẠC LIÊU GIAI ĐOẠN …`, `… of Ben Tre for the
/// period …`) or backwards (`… NGO AID, QUANG TRI PROVINCE`).
const TITLE_WORDS: [&str; 22] = [
    "giai", "năm", "thời", "đến", "từ", "kêu", "vận", "về", "trong", "theo", "for", "in", "of",
    "the", "period", "phase", "province", "aid", "projects", "ngo", "ngos", "list",
];

fn goes_on_with_title(word: &str) -> bool {
    let word = word
        .trim_end_matches([')', ',', '.', ';', ':'])
        .to_lowercase();
    TITLE_WORDS.contains(&word.as_str())
}

/// The province name at the start of `words` (after `joined`, the part of a name joined
/// to its mark), if there is one.
fn name_from(words: &[&str], joined: Option<&str>) -> Option<String> {
    let mut name: Vec<&str> = joined.into_iter().collect();
    for word in words {
        let trimmed = word.trim_end_matches([')', ',', '.', ';', ':']);
        if goes_on_with_title(trimmed) || word.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        {
            break;
        }
        let dash = matches!(trimmed, "-" | "–" | "—");
        if !trimmed.is_empty() && !dash {
            name.push(trimmed);
        } else if dash && !name.is_empty() {
            // `Bà Rịa - Vũng Tàu`: a dash joins two names, unless the title goes on.
            name.push("-");
        }
        if trimmed.len() != word.len() || name.iter().filter(|w| **w != "-").count() == 4 {
            break;
        }
    }
    while name.last() == Some(&"-") {
        name.pop();
    }
    (!name.is_empty()).then(|| usual_case(&name.join(" ")))
}

/// `BẠC LIÊU` → `Bạc Liêu`: a name written all in capitals, each word capitalised.
/// A name in mixed case is kept as written.
fn usual_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    let word = |w: &str| {
        let mut chars = w.chars();
        chars.next().map_or_else(String::new, |first| {
            first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect()
        })
    };
    name.split(' ').map(word).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_province_is_found_in_a_file_or_folder_name() {
        let found = |path: &str| province_in_path(path).map(|(province, _)| province);
        for (path, province) in [
            ("soc-trang-2020-2025.csv", Some("Sóc Trăng")),
            ("provinces/Cà Mau/danh-muc.xlsx", Some("Cà Mau")),
            ("tinh/HAU_GIANG/2024/danh muc.csv", Some("Hậu Giang")),
            ("DanhMuc_DakLak.xlsx", Some("Đắk Lắk")),
            ("TP.HCM/danh-muc.csv", Some("Hồ Chí Minh")),
            ("thua-thien-hue.docx", Some("Thừa Thiên Huế")),
            ("Huế/danh-muc.docx", Some("Huế")),
            // The nearest name that names one: the file's before its folder's.
            ("ca-mau/bac-lieu-2023.csv", Some("Bạc Liêu")),
            // Two provinces in one name name none; a word within another is no name.
            ("ha-nam-ninh-binh.csv", None),
            ("danh-muc-du-an.csv", None),
            ("thanhhoa2/danh-muc.csv", None),
            ("-", None),
        ] {
            assert_eq!(found(path).as_deref(), province, "{path}");
        }
        // Folders past the fourth level up are not looked at.
        assert_eq!(found("Long An/a/b/c/danh-muc.csv"), None);
    }

    #[test]
    fn a_title_line_of_a_province_alone_or_labelled_names_it() {
        let title = |line: &str| {
            let row = Row::text(0, [line]);
            from_title_rows(&[row], &ReadOptions::default()).province
        };
        for (line, province) in [
            ("Vĩnh Phúc", Some("Vĩnh Phúc")),
            ("Dự án — Sóc Trăng — ĐVT: triệu đồng", Some("Sóc Trăng")),
            ("Tỉnh: Cà Mau", Some("Cà Mau")),
            ("Tỉnh/Thành phố: Cần Thơ", Some("Cần Thơ")),
            ("province: Bạc Liêu", Some("Bạc Liêu")),
            // A place in the province, or words besides its name, name none alone.
            ("Địa điểm: Sóc Trăng", None),
            ("Sóc Trăng và Bạc Liêu", None),
        ] {
            assert_eq!(title(line).as_deref(), province, "{line}");
        }
    }

    #[test]
    fn a_title_names_the_sector_of_a_table_of_one() {
        for (line, sector) in [
            (
                "DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ LĨNH VỰC Y TẾ",
                Some("LĨNH VỰC Y TẾ"),
            ),
            (
                "Biểu 2: Lĩnh vực giáo dục và đào tạo giai đoạn 2021-2025",
                Some("Lĩnh vực giáo dục và đào tạo"),
            ),
            (
                "LĨNH VỰC: NÔNG NGHIỆP, THỦY SẢN (ĐVT: triệu đồng)",
                Some("LĨNH VỰC NÔNG NGHIỆP, THỦY SẢN"),
            ),
            (
                "Danh mục dự án lĩnh vực y tế tỉnh Sóc Trăng",
                Some("lĩnh vực y tế"),
            ),
            (
                "Lĩnh vực giáo dục - đào tạo",
                Some("Lĩnh vực giáo dục - đào tạo"),
            ),
            // `tài`, `TÀI` are not `tại`, which ends a name.
            (
                "Lĩnh vực tài nguyên và môi trường tại huyện Cù Lao Dung",
                Some("Lĩnh vực tài nguyên và môi trường"),
            ),
            (
                "LĨNH VỰC TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH SÓC TRĂNG",
                Some("LĨNH VỰC TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
            ),
            // A unit beside the title, in a cell of its own.
            ("LĨNH VỰC Y TẾ, ĐVT: triệu đồng", Some("LĨNH VỰC Y TẾ")),
            // A title of the whole catalogue names none.
            ("DANH MỤC DỰ ÁN THUỘC CÁC LĨNH VỰC ƯU TIÊN", None),
            ("DANH MỤC DỰ ÁN LĨNH VỰC Y TẾ, GIÁO DỤC", None),
            ("DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ PCPNN", None),
            ("LĨNH VỰC", None),
            ("Lĩnh vực xây dựng trường học xã An Hiệp", None),
        ] {
            assert_eq!(sector_in_line(line).as_deref(), sector, "{line}");
        }
    }

    #[test]
    fn reads_a_unit_stated_in_a_column_label() {
        for (label, unit) in [
            ("Kinh phí dự kiến (triệu đồng)", Some("triệu đồng")),
            ("Tổng vốn (Tr.đ)", Some("Tr.đ")),
            ("Vốn viện trợ (tỷ đồng)", Some("tỷ đồng")),
            ("Kinh phí (USD)", Some("USD")),
            ("Kinh phí (1.000 USD)", Some("1.000 USD")),
            ("Tổng vốn (triệu VND)", Some("triệu VND")),
            ("Total budget (USD thousand)", Some("USD thousand")),
            ("Kinh phí (Đơn vị: đồng)", Some("đồng")),
            ("Tổng vốn (Đơn vị tính: USD)", Some("USD")),
            ("Kinh phí (ĐVT: triệu đồng)", Some("triệu đồng")),
            ("Kinh phí - ĐVT: triệu đồng", Some("triệu đồng")),
            ("Ghi chú: USD", None),
            ("total_usd", Some("USD")),
            ("TotalBudgetUSD", Some("USD")),
            ("Aid VND", Some("VND")),
            ("aid_thousand_usd", Some("thousand USD")),
            ("Vốn viện trợ triệu VND", Some("triệu VND")),
            ("Tên dự án (tiếng Anh)", None),
            ("Vốn đối ứng (20%)", None),
            ("Tổng vốn", None),
            ("USD", None),
            ("CUSD", None),
        ] {
            assert_eq!(unit_in_label(label).as_deref(), unit, "{label}");
        }
    }

    #[test]
    fn reads_unit_period_and_province_from_titles() {
        assert_eq!(unit("ĐVT: Triệu đồng").as_deref(), Some("Triệu đồng"));
        assert_eq!(
            unit("(Đơn vị tính: triệu đồng)").as_deref(),
            Some("triệu đồng")
        );
        assert_eq!(unit("(Kèm theo Kế hoạch số 12: đơn vị)"), None);
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
        let lines = |lines: &[&str]| lines.iter().map(|&l| l.to_owned()).collect::<Vec<_>>();
        let span = Some(period::Period {
            start: 2021,
            end: 2025,
        });
        let cao_bang = "DANH MỤC DỰ ÁN VẬN ĐỘNG VIỆN TRỢ PCPNN TỈNH CAO BẰNG 2021 – 2025";
        assert_eq!(one_year_span(&lines(&[cao_bang])), span);
        let english = ["LIST OF PROJECTS CALLING FOR NGO AID", " 2021-2025"];
        assert_eq!(one_year_span(&lines(&english)), span);
        for no_span in [
            "(Kèm theo Chương trình số 03/CTr-UBND ngày 06/5/2020 của UBND tỉnh)",
            "Nghị định 80/2020/NĐ-CP, 2020-2019",
            "Số 12/2021-2025/KH",
            "Năm 2021 - 2050",
            "Mã 120214-2025",
            "Kết quả 2016-2020 và kế hoạch 2021-2025",
        ] {
            assert_eq!(one_year_span(&lines(&[no_span])), None, "{no_span}");
        }
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
        for (title, name) in [
            (
                "DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ TỈNH BẠC LIÊU GIAI ĐOẠN 2023-2025",
                "Bạc Liêu",
            ),
            ("DANH MỤC DỰ ÁN TỈNH QUẢNG NAM NĂM 2024", "Quảng Nam"),
            ("danh mục dự án tỉnh Hà Nam năm 2024", "Hà Nam"),
            ("TỈNH AN GIANG - GIAI ĐOẠN 2021-2025", "An Giang"),
            (
                "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
                "Bà Rịa - Vũng Tàu",
            ),
            ("CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", "Cần Thơ"),
            ("Danh mục dự án TP. Hồ Chí Minh 2024", "Hồ Chí Minh"),
            ("Danh mục dự án TP.Hồ Chí Minh 2024", "Hồ Chí Minh"),
            ("thành phố Sóc Trăng, tỉnh Sóc Trăng", "Sóc Trăng"),
            ("tỉnh Đắk Nông (dự kiến)", "Đắk Nông"),
            ("UBND tỉnh Cao Bằng về các dự án trong tỉnh", "Cao Bằng"),
        ] {
            assert_eq!(province(title).as_deref(), Some(name), "{title}");
        }
        assert_eq!(province("TỈNH - GIAI ĐOẠN 2021-2025"), None);
        for (title, name) in [
            (
                "LIST OF PROJECTS CALLING FOR NGO AID, QUANG TRI PROVINCE 2021-2025",
                "Quang Tri",
            ),
            (
                "Projects of the Province of Ben Tre for the period 2021-2025",
                "Ben Tre",
            ),
            (
                "Thua Thien Hue Province People's Committee",
                "Thua Thien Hue",
            ),
        ] {
            assert_eq!(province(title).as_deref(), Some(name), "{title}");
        }
        assert_eq!(province("Projects for NGO aid in the province"), None);
        assert_eq!(
            programme_period("Projects for the period 2021 - 2025"),
            Some(period::Period {
                start: 2021,
                end: 2025
            })
        );
        assert_eq!(
            rate("(Tỷ giá: 1 USD = 23.500 đồng)").as_deref(),
            Some("1 USD = 23.500 đồng")
        );
        assert_eq!(rate("Tỷ giá hối đoái"), None);
    }

    #[test]
    fn a_title_spread_over_cells_is_read_whole() {
        let title = Row::text(
            1,
            [
                "DANH MỤC CÁC CHƯƠNG TRÌNH",
                "DỰ ÁN ƯU TIÊN TỈNH AN GIANG GIAI ĐOẠN 2023-2025",
                "",
            ],
        );
        let unit = Row::text(2, ["Phụ lục 1", "", "ĐVT: triệu đồng"]);
        let metadata = from_title_rows(&[title, unit], &ReadOptions::default());
        assert_eq!(metadata.unit.as_deref(), Some("triệu đồng"));
        assert_eq!(metadata.province.as_deref(), Some("An Giang"));
        assert_eq!(
            metadata.period,
            Some(period::Period {
                start: 2023,
                end: 2025
            })
        );
    }
}
