//! Rows → catalogue model, for both layouts.

use super::header::{self, Header, Role};
use super::rows::Row;
use super::{ReadError, ReadOptions, Table, metadata, read_table, table_from_bytes};
use crate::model::{
    Amounts, BadCell, Catalogue, Columns, Component, Declared, Layout, Project, RaggedRow, Sector,
};
use crate::number::{self, Convention};
use crate::text::fold;
use anyhow::Result;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;

/// The columns of a catalogue, in the order header labels are tried against them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueRole {
    SectorCode,
    Sector,
    Province,
    Number,
    Owner,
    Location,
    Period,
    Content,
    Counterpart,
    Aid,
    Total,
    Note,
    Name,
}

fn is_any(label: &str, words: &[&str]) -> bool {
    words.contains(&label)
}

fn starts_any(label: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| label.starts_with(p))
}

impl Role for CatalogueRole {
    const ALL: &'static [Self] = &[
        CatalogueRole::SectorCode,
        CatalogueRole::Sector,
        CatalogueRole::Province,
        CatalogueRole::Number,
        CatalogueRole::Owner,
        CatalogueRole::Location,
        CatalogueRole::Period,
        CatalogueRole::Content,
        CatalogueRole::Counterpart,
        CatalogueRole::Aid,
        CatalogueRole::Total,
        CatalogueRole::Note,
        CatalogueRole::Name,
    ];

    fn matches(self, l: &str) -> bool {
        use CatalogueRole::*;
        match self {
            SectorCode => is_any(
                l,
                &["ma linh vuc", "sector code", "sector_code", "sector no"],
            ),
            Sector => {
                l.starts_with("linh vuc") || is_any(l, &["sector", "sector name", "nganh", "nhom"])
            }
            Province => is_any(
                l,
                &["tinh", "province", "tinh/thanh pho", "tinh, thanh pho"],
            ),
            Number => is_any(
                l,
                &[
                    "stt",
                    "tt",
                    "so tt",
                    "so thu tu",
                    "no",
                    "number",
                    "code",
                    "project code",
                    "project_code",
                    "ma du an",
                    "ma",
                    "ma so",
                    "id",
                    "#",
                ],
            ),
            Owner => {
                l.contains("chu khoan")
                    || starts_any(l, &["chu dau tu", "chu du an", "co quan chu quan"])
                    || is_any(
                        l,
                        &["owner", "project owner", "aid owner", "recipient", "agency"],
                    )
            }
            Location => {
                starts_any(l, &["dia diem", "dia ban", "location"]) || is_any(l, &["place", "site"])
            }
            Period => {
                starts_any(l, &["thoi gian", "period"])
                    || is_any(l, &["duration", "timeframe", "years"])
            }
            Content => {
                starts_any(l, &["noi dung", "muc tieu", "content", "description"])
                    || is_any(l, &["activities", "objectives", "scope"])
            }
            Counterpart => l.contains("doi ung") || l.starts_with("counterpart"),
            Aid => {
                l.contains("vien tro")
                    || l.contains("van dong")
                    || l.starts_with("aid")
                    || l.contains("ngo aid")
            }
            Total => {
                starts_any(
                    l,
                    &[
                        "tong von",
                        "tong kinh phi",
                        "tong muc",
                        "tong so von",
                        "total",
                    ],
                ) || l == "tong"
            }
            Note => {
                starts_any(l, &["ghi chu", "note"])
                    || is_any(l, &["remarks", "comments", "comment"])
            }
            Name => {
                l.starts_with("ten")
                    || is_any(l, &["name", "project", "project name", "title", "du an"])
            }
        }
    }

    fn describe(self) -> &'static str {
        use CatalogueRole::*;
        match self {
            SectorCode => "the sector code (`Mã lĩnh vực`, `sector code`)",
            Sector => "the sector (`Lĩnh vực`, `sector`)",
            Province => "the province (`Tỉnh`, `province`)",
            Number => "the project number (`STT`, `TT`, `number`)",
            Owner => "the project owner (`Chủ khoản viện trợ`, `owner`)",
            Location => "the location (`Địa điểm`, `location`)",
            Period => "the period (`Thời gian thực hiện`, `period`)",
            Content => "the content (`Nội dung dự án`, `content`)",
            Counterpart => "counterpart funding (`Vốn đối ứng`, `counterpart`)",
            Aid => "aid to mobilise (`Vốn viện trợ`, `Vốn vận động viện trợ`, `aid`)",
            Total => "total capital (`Tổng vốn`, `Tổng kinh phí`, `total`)",
            Note => "notes (`Ghi chú`, `note`)",
            Name => "the project name (`Tên dự án`, `name`)",
        }
    }
}

const MONEY_ROLES: [CatalogueRole; 3] = [
    CatalogueRole::Total,
    CatalogueRole::Aid,
    CatalogueRole::Counterpart,
];

/// The most rows a file may have: the whole table is held in memory.
pub const MAX_ROWS: usize = 2_000_000;

/// Reads a catalogue file in either layout.
pub fn read_catalogue(path: &Path, options: &ReadOptions) -> Result<Catalogue> {
    let table = read_table(path, options)?;
    let name = table.path.clone();
    catalogue_from_table(table, options).map_err(|e| e.located(&name))
}

/// Reads a catalogue from bytes in memory; `name` stands for the file in messages.
pub fn read_catalogue_bytes(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Catalogue> {
    let table = table_from_bytes(name.to_owned(), bytes.to_vec(), options)?;
    catalogue_from_table(table, options).map_err(|e| e.located(name))
}

/// Builds the model from a table already split into rows.
pub fn catalogue_from_table(table: Table, options: &ReadOptions) -> Result<Catalogue, ReadError> {
    if table.rows.len() > MAX_ROWS {
        return Err(ReadError::at(
            table.rows[MAX_ROWS].line,
            None,
            format!(
                "the file has more than {MAX_ROWS} rows, more than aidcat reads in one catalogue; split it"
            ),
        ));
    }
    let (header_index, header) = header::find::<CatalogueRole>(&table.rows)
        .map_err(|(line, message)| ReadError::at(line, None, message))?;
    let layout = if header.has(CatalogueRole::Sector) || header.has(CatalogueRole::SectorCode) {
        Layout::Tidy
    } else {
        Layout::Published
    };
    let required: &[CatalogueRole] = match layout {
        Layout::Published => &[
            CatalogueRole::Number,
            CatalogueRole::Name,
            CatalogueRole::Total,
            CatalogueRole::Aid,
            CatalogueRole::Counterpart,
        ],
        Layout::Tidy => &[
            CatalogueRole::Name,
            CatalogueRole::Total,
            CatalogueRole::Aid,
            CatalogueRole::Counterpart,
        ],
    };
    let missing = header.missing(required);
    if !missing.is_empty() {
        return Err(ReadError::at(
            header.line,
            None,
            header.missing_message(&missing),
        ));
    }
    let (title_rows, rest) = table.rows.split_at(header_index);
    let body: Vec<&Row> = rest[1..]
        .iter()
        .filter(|row| !row.is_blank() && !header.is_repeated_by(row))
        .collect();
    let vietnamese_header = header.labels.iter().any(|l| !l.is_ascii());
    let fallback = if vietnamese_header {
        Convention::Vi
    } else {
        Convention::En
    };
    let money_cells = body.iter().flat_map(|row| {
        MONEY_ROLES
            .iter()
            .filter_map(|role| header.index(*role))
            // Cells a workbook stored as numbers say nothing about the convention.
            .filter(move |i| row.number(*i).is_none())
            .map(move |i| (row.line, row.cell(i)))
    });
    let numbers = number::decide(money_cells, options.number_format, fallback)
        .map_err(|(line, message)| ReadError::at(line, None, message))?;
    let mut builder = Builder {
        header: &header,
        convention: numbers.convention,
        sectors: Vec::new(),
        grand_total: None,
        bad_cells: Vec::new(),
    };
    let ragged_rows = body
        .iter()
        .filter(|row| {
            row.cells[header.labels.len().min(row.cells.len())..]
                .iter()
                .any(|c| !c.is_empty())
        })
        .map(|row| RaggedRow {
            line: row.line,
            cells: row.cells.len(),
            header_cells: header.labels.len(),
        })
        .collect();
    match layout {
        Layout::Published => builder.published(&body),
        Layout::Tidy => builder.tidy(&body),
    }
    let mut metadata = metadata::from_title_rows(title_rows, options);
    if metadata.province.is_none() {
        metadata.province = single_province(&builder.sectors);
    }
    Ok(Catalogue {
        path: table.path,
        layout,
        source: table.source,
        numbers,
        metadata,
        header_line: header.line,
        columns: Columns {
            number: header.index(CatalogueRole::Number).map(|i| i + 1),
            name: header.index(CatalogueRole::Name).map(|i| i + 1),
            period: header.index(CatalogueRole::Period).map(|i| i + 1),
            money: MONEY_ROLES.map(|role| header.index(role).map(|i| i + 1)),
        },
        sectors: builder.sectors,
        grand_total: builder.grand_total,
        bad_cells: builder.bad_cells,
        ragged_rows,
    })
}

/// The province when every project names the same one.
fn single_province(sectors: &[Sector]) -> Option<String> {
    let mut provinces = sectors
        .iter()
        .flat_map(|s| &s.projects)
        .filter_map(|p| p.province.as_deref());
    let first = provinces.next()?;
    provinces.all(|p| p == first).then(|| first.to_owned())
}

/// Is the row the grand total (`Tổng cộng:`)?
pub(super) fn is_grand_total(row: &Row) -> bool {
    is_grand_total_label(row.first_text())
}

/// Does a row's first text (`Tổng cộng:`, `Total`) mark the grand total?
pub(super) fn is_grand_total_label(text: &str) -> bool {
    let first = fold(text);
    let first = first.trim_end_matches(':').trim();
    first.starts_with("tong cong") || matches!(first, "cong" | "total" | "grand total" | "tong so")
}

/// A sector row's numeral: I, II, … XXXIX.
fn is_roman_numeral(text: &str) -> bool {
    let text = text.trim_end_matches('.');
    !text.is_empty()
        && text.len() <= 7
        && text.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && !text.contains("IIII")
        && !text.contains("VV")
}

struct Builder<'h> {
    header: &'h Header<CatalogueRole>,
    convention: Convention,
    sectors: Vec<Sector>,
    grand_total: Option<Declared>,
    bad_cells: Vec<BadCell>,
}

impl Builder<'_> {
    fn text(&self, row: &Row, role: CatalogueRole) -> String {
        self.header
            .index(role)
            .map_or_else(String::new, |i| row.cell(i).to_owned())
    }

    fn amounts(&mut self, row: &Row) -> Amounts {
        let mut read = |role: CatalogueRole| -> Option<Decimal> {
            let index = self.header.index(role)?;
            if let Some(stored) = row.number(index) {
                return Some(stored);
            }
            let cell = row.cell(index);
            if number::is_blank(cell) {
                return None;
            }
            match number::parse(cell, self.convention) {
                Ok(value) => Some(value),
                Err(reason) => {
                    self.bad_cells.push(BadCell {
                        line: row.line,
                        column: index + 1,
                        label: self.header.label(role).to_owned(),
                        text: cell.to_owned(),
                        reason: reason.to_string(),
                    });
                    None
                }
            }
        };
        Amounts {
            total: read(CatalogueRole::Total),
            aid: read(CatalogueRole::Aid),
            counterpart: read(CatalogueRole::Counterpart),
        }
    }

    fn project(&mut self, row: &Row, number: Option<String>) -> Project {
        use CatalogueRole::*;
        let province = Some(self.text(row, Province)).filter(|p| !p.is_empty());
        Project {
            line: row.line,
            number,
            name: self.text(row, Name),
            owner: self.text(row, Owner),
            location: self.text(row, Location),
            period: self.text(row, Period),
            content: self.text(row, Content),
            note: self.text(row, Note),
            province,
            amounts: self.amounts(row),
            components: Vec::new(),
        }
    }

    fn declared(&mut self, row: &Row) -> Option<Declared> {
        let amounts = self.amounts(row);
        let formula = |role| {
            self.header
                .index(role)
                .and_then(|i| row.formula(i))
                .map(str::to_owned)
        };
        let formulas = MONEY_ROLES.map(formula);
        (!amounts.is_blank()).then_some(Declared {
            line: row.line,
            amounts,
            formulas,
        })
    }

    /// Projects before any sector row go to a sector with no code or name.
    fn current_sector(&mut self) -> &mut Sector {
        if self.sectors.is_empty() {
            self.sectors.push(Sector::default());
        }
        let last = self.sectors.len() - 1;
        &mut self.sectors[last]
    }

    fn published(&mut self, body: &[&Row]) {
        let number_index = self.header.index(CatalogueRole::Number).unwrap_or(0);
        for row in body {
            let number = row.cell(number_index).to_owned();
            if is_grand_total(row) {
                if self.grand_total.is_none() {
                    self.grand_total = self.declared(row);
                }
            } else if is_roman_numeral(&number) {
                let mut name = self.text(row, CatalogueRole::Name);
                if name.is_empty() {
                    name = row
                        .cells
                        .iter()
                        .enumerate()
                        .find(|(i, c)| *i != number_index && !c.is_empty())
                        .map_or_else(String::new, |(_, c)| c.clone());
                }
                let declared = self.declared(row);
                self.sectors.push(Sector {
                    code: Some(number.trim_end_matches('.').to_owned()),
                    name,
                    line: Some(row.line),
                    declared,
                    projects: Vec::new(),
                });
            } else if number.is_empty()
                && self.sectors.last().is_some_and(|s| !s.projects.is_empty())
            {
                let component = Component {
                    line: row.line,
                    content: self.text(row, CatalogueRole::Content),
                    note: self.text(row, CatalogueRole::Note),
                    amounts: self.amounts(row),
                };
                if let Some(project) = self.current_sector().projects.last_mut() {
                    project.components.push(component);
                }
            } else {
                let number = Some(number).filter(|n| !n.is_empty());
                let project = self.project(row, number);
                self.current_sector().projects.push(project);
            }
        }
    }

    fn tidy(&mut self, body: &[&Row]) {
        let mut sector_index: HashMap<(String, String), usize> = HashMap::new();
        for row in body {
            if is_grand_total(row) {
                if self.grand_total.is_none() {
                    self.grand_total = self.declared(row);
                }
                continue;
            }
            let code = self.text(row, CatalogueRole::SectorCode);
            let name = self.text(row, CatalogueRole::Sector);
            let number = Some(self.text(row, CatalogueRole::Number)).filter(|n| !n.is_empty());
            let project = self.project(row, number);
            let index = *sector_index
                .entry((code.clone(), name.clone()))
                .or_insert_with(|| {
                    self.sectors.push(Sector {
                        code: Some(code).filter(|c| !c.is_empty()),
                        name,
                        ..Sector::default()
                    });
                    self.sectors.len() - 1
                });
            self.sectors[index].projects.push(project);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_mark_sectors() {
        for numeral in ["I", "II", "IV", "VI", "IX", "XIV", "V."] {
            assert!(is_roman_numeral(numeral), "{numeral}");
        }
        for other in ["1", "", "IIII", "Tổng", "i", "VV"] {
            assert!(!is_roman_numeral(other), "{other}");
        }
    }

    #[test]
    fn header_wordings_match_roles() {
        use CatalogueRole::*;
        let cases = [
            ("Tổng vốn dự án", Total),
            ("Tổng kinh phí", Total),
            ("TOTAL", Total),
            ("Vốn viện trợ", Aid),
            ("Vốn vận động viên trợ", Aid),
            ("aid", Aid),
            ("Vốn đối ứng từ nguồn khác", Counterpart),
            ("von doi ung", Counterpart),
            ("Chủ khoản viện trợ", Owner),
            ("owner", Owner),
            ("Tên dự án", Name),
            ("STT", Number),
            ("Lĩnh vực", Sector),
            ("sector", Sector),
            ("Thời gian thực hiện", Period),
            ("Địa điểm thực hiện dự án", Location),
        ];
        for (label, role) in cases {
            let folded = fold(label);
            let first = CatalogueRole::ALL.iter().find(|r| r.matches(&folded));
            assert_eq!(first, Some(&role), "{label}");
        }
    }
}
