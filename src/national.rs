//! The national programme's priority sectors (Decision 1225/QĐ-TTg, 2019–2025) and the
//! mapping from the names provinces give their sectors to them.
//!
//! A provincial name is folded (case, diacritics, punctuation and a `lĩnh vực` prefix
//! ignored) and looked up among the mapping's whole names first; failing that, among its
//! keywords: a name holding the keywords of exactly one sector maps there. A name with no
//! keyword, or with the keywords of several sectors, maps nowhere, and the summary says so.

use crate::problem::{Failure, Problem};
use crate::text::fold;
use anyhow::Result;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// One priority sector of the national programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalSector {
    /// The key mapping files use.
    pub key: &'static str,
    pub vietnamese: &'static str,
    pub english: &'static str,
    /// The OECD-DAC purpose code groups the sector's projects fall in.
    pub dac: &'static str,
}

/// In the Decision's order; the last, `other`, takes every name that maps nowhere.
pub const SECTORS: [NationalSector; 9] = [
    NationalSector {
        key: "education",
        vietnamese: "Giáo dục, đào tạo và giáo dục nghề nghiệp",
        english: "Education, training and vocational training",
        dac: "110",
    },
    NationalSector {
        key: "health",
        vietnamese: "Y tế",
        english: "Health",
        dac: "120, 130",
    },
    NationalSector {
        key: "agriculture",
        vietnamese: "Nông nghiệp, lâm nghiệp, thủy sản và phát triển nông thôn",
        english: "Agriculture, forestry, fisheries and rural development",
        dac: "311, 312, 313, 43040",
    },
    NationalSector {
        key: "social",
        vietnamese: "Các vấn đề xã hội",
        english: "Social issues",
        dac: "160",
    },
    NationalSector {
        key: "environment",
        vietnamese: "Môi trường, biến đổi khí hậu, phòng chống thiên tai và cứu trợ khẩn cấp",
        english: "Environment, climate change, disaster prevention and emergency relief",
        dac: "410, 720, 740",
    },
    NationalSector {
        key: "war-legacy",
        vietnamese: "Khắc phục hậu quả chiến tranh",
        english: "War legacy",
        dac: "152",
    },
    NationalSector {
        key: "culture",
        vietnamese: "Văn hóa, thể thao và du lịch",
        english: "Culture, sports and tourism",
        dac: "16061, 332",
    },
    NationalSector {
        key: "capacity",
        vietnamese: "Nâng cao năng lực",
        english: "Capacity building",
        dac: "151",
    },
    NationalSector {
        key: "other",
        vietnamese: "Khác",
        english: "Other",
        dac: "998",
    },
];

/// Where names that map nowhere are counted.
pub const OTHER: usize = SECTORS.len() - 1;

/// The mapping shipped with aidcat, built into the binary. It stands beside this file,
/// not in `data/`: a folder given as input is read as catalogues, subfolders included.
const DEFAULT_MAPPING: &str = include_str!("national-sectors.csv");

/// Provincial names (folded) to national sectors.
#[derive(Debug, Clone, Default)]
pub struct SectorMap {
    names: HashMap<String, usize>,
    /// Folded keywords, each padded with spaces so it matches whole words.
    keywords: Vec<(String, usize)>,
}

/// Where a provincial name went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped {
    To(usize),
    /// No name or keyword of the mapping matches.
    Nowhere,
    /// Keywords of several sectors match.
    Ambiguous,
}

impl SectorMap {
    /// The default mapping, with the user's rows (from `extra`) taking precedence.
    pub fn load(extra: Option<&Path>) -> Result<SectorMap> {
        let mut map = SectorMap::default();
        if let Some(path) = extra {
            let name = path.display().to_string();
            let text = std::fs::read(path)
                .map_err(|e| crate::read::pipeline::cannot_read(&name, &e))
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| Failure::error(&name, Problem::NoText))
                })?;
            map.add(&name, &text)?;
        }
        map.add("national-sectors.csv", DEFAULT_MAPPING)?;
        Ok(map)
    }

    /// Adds a mapping file's rows; names already mapped keep their sector.
    fn add(&mut self, name: &str, text: &str) -> Result<()> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|_| Failure::error(name, Problem::MappingHeader))?
            .iter()
            .map(fold)
            .collect();
        let column = |key: &str| header.iter().position(|h| h == key);
        let (Some(sector_at), Some(name_at)) =
            (column("national_sector"), column("provincial_name"))
        else {
            return Err(Failure::error(name, Problem::MappingHeader));
        };
        let match_at = column("match");
        for record in reader.records() {
            let record = record.map_err(|_| Failure::error(name, Problem::MappingHeader))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let place = format!("{name}:{line}");
            let cell = |at: usize| record.get(at).unwrap_or("").trim();
            let (sector, provincial) = (cell(sector_at), cell(name_at));
            if sector.is_empty() && provincial.is_empty() {
                continue;
            }
            let Some(index) = sector_index(sector) else {
                let found = sector.to_owned();
                return Err(Failure::error(
                    place,
                    Problem::UnknownNationalSector { found },
                ));
            };
            let key = match_key(provincial);
            match match_at.map_or("name", cell) {
                "" | "name" => {
                    self.names.entry(key).or_insert(index);
                }
                "keyword" => self.keywords.push((format!(" {key} "), index)),
                other => {
                    let found = other.to_owned();
                    return Err(Failure::error(place, Problem::UnknownMatch { found }));
                }
            }
        }
        Ok(())
    }

    /// The national sector of a provincial sector name.
    pub fn map(&self, provincial: &str) -> Mapped {
        let key = match_key(provincial);
        if let Some(&index) = self.names.get(&key) {
            return Mapped::To(index);
        }
        let padded = format!(" {key} ");
        let mut found = None;
        for (keyword, index) in &self.keywords {
            if padded.contains(keyword.as_str()) {
                match found {
                    None => found = Some(*index),
                    Some(first) if first != *index => return Mapped::Ambiguous,
                    Some(_) => {}
                }
            }
        }
        found.map_or(Mapped::Nowhere, Mapped::To)
    }
}

/// Does a heading name a sector of the national programme (`Y tế`, `Giáo dục`; not
/// `Khác`, which also names a project's other costs), by the default mapping's names or
/// keywords, in a few words? Asked of a row that names nothing but itself in a table
/// whose sectors carry no mark.
pub fn names_a_sector(heading: &str) -> bool {
    match_key(heading).split_whitespace().count() <= MAX_HEADING_WORDS
        && national_sector_of(heading).is_some_and(|index| SECTORS[index].key != "other")
}

/// The national sector (its place in [`SECTORS`]) a provincial sector's name maps to by
/// the default mapping's names or keywords (`Nông nghiệp` and `Lĩnh vực nông nghiệp và
/// phát triển nông thôn` to one), where it maps to one.
pub fn national_sector_of(name: &str) -> Option<usize> {
    static DEFAULT: OnceLock<Option<SectorMap>> = OnceLock::new();
    let map = DEFAULT
        .get_or_init(|| SectorMap::load(None).ok())
        .as_ref()?;
    match map.map(name) {
        Mapped::To(index) => Some(index),
        _ => None,
    }
}

/// Is `heading` a sector's short name (`Nông nghiệp`, `Y tế`, `Lĩnh vực giáo dục`, `Y tế,
/// chăm sóc sức khỏe nhân dân`: a national sector by [`names_a_sector`], in its few
/// words), rather than a programme's or a project's? Those begin with what they undertake
/// (`Chương trình y tế cơ sở`, `Xây dựng trạm y tế`) or name a place (`Trạm y tế xã
/// An`; `xã hội` and `nông thôn` name none). Asked of a numbered row that may be either.
pub fn is_a_sector_name(heading: &str) -> bool {
    const UNDERTAKINGS: [&str; 13] = [
        "chuong trinh",
        "du an",
        "de an",
        "tieu du an",
        "ke hoach",
        "xay dung",
        "nang cap",
        "cai tao",
        "sua chua",
        "ho tro",
        "tang cuong",
        "dau tu",
        "trang bi",
    ];
    // Folded: `xã`, `huyện`, `tỉnh`, `phường`, `thôn`, `ấp` (not `quận`, which folds as
    // `quản` does).
    const PLACES: [&str; 6] = ["xa", "huyen", "tinh", "phuong", "thon", "ap"];
    let key = match_key(heading);
    let words: Vec<&str> = key.split_whitespace().collect();
    // A place's word that is a sector's too: society (`xã hội`), the countryside (`nông
    // thôn`).
    let in_a_sector_word = |at: usize| {
        (words[at] == "xa" && words.get(at + 1) == Some(&"hoi"))
            || (words[at] == "thon" && at > 0 && words[at - 1] == "nong")
    };
    let names_a_place =
        (0..words.len()).any(|at| PLACES.contains(&words[at]) && !in_a_sector_word(at));
    !UNDERTAKINGS.iter().any(|word| key.starts_with(word))
        && !names_a_place
        && names_a_sector(heading)
}

/// The most words a sector's heading is taken to have besides `Lĩnh vực`
/// ([`names_a_sector`]); a longer line is a project's or a component's.
const MAX_HEADING_WORDS: usize = 8;

/// A sector given by key (`health`) or by its Vietnamese or English name.
fn sector_index(text: &str) -> Option<usize> {
    let folded = match_key(text);
    SECTORS.iter().position(|s| {
        s.key == text.trim().to_lowercase()
            || match_key(s.vietnamese) == folded
            || match_key(s.english) == folded
    })
}

/// Do two names name one sector as written (`Y tế`, `Lĩnh vực Y tế`, `Y TẾ`: folded,
/// with a `lĩnh vực` prefix and punctuation ignored)?
pub fn same_name(a: &str, b: &str) -> bool {
    // A sheet's number before its sector's name (`2. Giáo dục`, `II - Giáo dục`).
    let unmarked = |text: &str| {
        let key = match_key(text);
        let marks = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
        match key.split_once(' ') {
            Some((mark, rest))
                if mark.bytes().all(|b| b.is_ascii_digit()) || marks.contains(&mark) =>
            {
                rest.to_owned()
            }
            _ => key,
        }
    };
    let key = unmarked(a);
    !key.is_empty() && key == unmarked(b)
}

/// Folded, punctuation to spaces, a leading `lĩnh vực` (or `ngành`, `nhóm`) dropped.
fn match_key(text: &str) -> String {
    let folded: String = fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut words = words.as_slice();
    for prefix in [&["linh", "vuc"][..], &["nganh"], &["nhom"], &["cac"]] {
        if words.len() > prefix.len() && words.starts_with(prefix) {
            words = &words[prefix.len()..];
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sectors_short_name_is_told_from_a_programmes() {
        for name in [
            "Nông nghiệp",
            "Y tế",
            "Lĩnh vực giáo dục",
            "Giáo dục và đào tạo",
            "Lĩnh vực an sinh xã hội",
            "Lĩnh vực nông nghiệp và phát triển nông thôn",
            "Lĩnh vực y tế, chăm sóc sức khỏe nhân dân",
        ] {
            assert!(is_a_sector_name(name), "{name}");
        }
        for name in [
            "Chương trình y tế cơ sở",
            "Dự án y tế",
            "Trạm y tế xã An Thạnh",
            "Nhà văn hóa thôn Hòa",
            "Xây dựng trạm y tế",
            "Khác",
            "Cải tạo chợ",
        ] {
            assert!(!is_a_sector_name(name), "{name}");
        }
    }

    fn key_of(map: &SectorMap, name: &str) -> Option<&'static str> {
        match map.map(name) {
            Mapped::To(index) => Some(SECTORS[index].key),
            _ => None,
        }
    }

    #[test]
    fn the_default_mapping_places_the_three_programmes_sectors() {
        let map = SectorMap::load(None).unwrap();
        for (name, key) in [
            (
                "Lĩnh vực nông nghiệp và phát triển nông thôn",
                "agriculture",
            ),
            ("Lĩnh vực an sinh xã hội", "social"),
            ("Lĩnh vực giáo dục và đào tạo", "education"),
            ("LĨNH VỰC Y TẾ, CHĂM SÓC SỨC KHỎE NHÂN DÂN", "health"),
            ("Y tế", "health"),
            ("Phát triển, cải thiện điều kiện về y tế", "health"),
            (
                "Lĩnh vực bảo vệ môi trường, biến đổi khí hậu",
                "environment",
            ),
            ("Lĩnh vực văn hóa, thể thao, du lịch", "culture"),
            ("Giáo dục, đào tạo, giáo dục nghề nghiệp", "education"),
            ("Các vấn đề xã hội", "social"),
            ("Khắc phục hậu quả chiến tranh", "war-legacy"),
            (
                "Nâng cao năng lực quản lý và phát triển nguồn nhân lực",
                "capacity",
            ),
            ("Health", "health"),
        ] {
            assert_eq!(key_of(&map, name), Some(key), "{name}");
        }
        assert_eq!(map.map("Phát triển đô thị thông minh"), Mapped::Nowhere);
        assert_eq!(map.map("Y tế và giáo dục"), Mapped::Ambiguous);
    }

    #[test]
    fn a_users_mapping_comes_first() {
        let mut map = SectorMap::default();
        map.add(
            "mine.csv",
            "national_sector,provincial_name\nother,Y tế\ncapacity,Chuyển đổi số\n",
        )
        .unwrap();
        map.add("national-sectors.csv", DEFAULT_MAPPING).unwrap();
        assert_eq!(key_of(&map, "y te"), Some("other"));
        assert_eq!(key_of(&map, "Chuyển đổi số"), Some("capacity"));
        let bad = SectorMap::default()
            .add(
                "bad.csv",
                "national_sector,provincial_name\nhealthcare,Y tế\n",
            )
            .unwrap_err();
        assert!(format!("{bad}").contains("bad.csv:2"), "{bad}");
    }
}
