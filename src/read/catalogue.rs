//! Rows → events → catalogue, for both layouts: the one row reader ([`RowReader`]),
//! the one assembler of rows into sectors and projects ([`Assembler`]), and the
//! consumers of what it assembles ([`CatalogueSink`]), the model's [`Collector`] first.

use super::breakdown::Breakdown;
use super::header::{self, Header, Role};
use super::pipeline::Plan;
use super::plan::{PlanRole, is_plan_header};
use super::rows::Row;
use super::{ReadError, ReadOptions};
use crate::model::{
    Amounts, BadCell, BreakdownOff, Catalogue, Choices, Component, Declared, Group, HiddenCell,
    Layout, MoneyColumn, PartFigures, Project, ProjectView, RaggedRow, Reading, Sector, Shifted,
    Stated, Totals, UnreadPart,
};
use crate::number::{self, Convention, Evidences};
use crate::problem::{Problem, Wanted};
use crate::text::{base_letter, fold};
use crate::unit::{self, Unit};
use anyhow::Result;
use hashbrown::HashTable;
use rust_decimal::Decimal;
use std::borrow::Borrow;
use std::hash::BuildHasher;
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
    /// The end of a period written over two columns (`Khởi công | Hoàn thành`,
    /// `start_year | end_year`); [`Period`](CatalogueRole::Period) is then its start.
    PeriodEnd,
    Content,
    Counterpart,
    Aid,
    Total,
    Note,
    /// The unit of a row's figures, in a column of its own (`ĐVT`, `currency`): each
    /// row's money cells are read as if it were written beside them.
    Unit,
    Name,
}

/// Is the label one of `words`, whatever it says in brackets after them (`Kinh phí
/// (USD)`, `Số tiền (triệu đồng)`)?
fn is_any(label: &str, words: &[&str]) -> bool {
    let bare = label
        .split_once('(')
        .map_or(label, |(head, _)| head.trim_end());
    words.contains(&label) || words.contains(&bare)
}

fn starts_any(label: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| label.starts_with(p))
}

/// Does the label name a share of an amount (`Tỷ lệ vốn đối ứng (%)`, `Aid share`, `%`)?
/// An amount that states its share beside it (`Vốn đối ứng (20%)`) is the amount.
fn is_share(label: &str) -> bool {
    const AMOUNTS: [&str; 7] = [
        "von",
        "tong",
        "kinh phi",
        "nguon",
        "total",
        "aid",
        "counterpart",
    ];
    starts_any(
        label,
        &["ty le", "ty trong", "percent", "share", "proportion"],
    ) || label.ends_with(" share")
        || label.contains('%') && !starts_any(label, &AMOUNTS)
}

/// Does the label name foreign aid by its kinds alone (`PCPNN`, `NGO`, `ODA/PCPNN`)? `ODA`
/// alone is the government's loans and grants, not what a catalogue asks of NGOs.
fn names_foreign_aid(label: &str) -> bool {
    const KINDS: [&str; 5] = ["pcpnn", "ngo", "ngos", "ingo", "oda"];
    let words: Vec<&str> = (label.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().all(|w| KINDS.contains(w)) && words.iter().any(|&w| w != "oda")
}

impl Role for CatalogueRole {
    const TABLE: Wanted = Wanted::Catalogue;
    const ALL: &'static [Self] = &[
        CatalogueRole::SectorCode,
        CatalogueRole::Sector,
        CatalogueRole::Province,
        CatalogueRole::Number,
        CatalogueRole::Owner,
        CatalogueRole::Location,
        CatalogueRole::Period,
        CatalogueRole::PeriodEnd,
        CatalogueRole::Content,
        CatalogueRole::Counterpart,
        CatalogueRole::Aid,
        CatalogueRole::Total,
        CatalogueRole::Note,
        CatalogueRole::Unit,
        CatalogueRole::Name,
    ];

    fn ordinal(self) -> usize {
        self as usize
    }

    fn matches(self, l: &str) -> bool {
        use CatalogueRole::*;
        match self {
            // A share of the money is no amount (`Tỷ lệ viện trợ (%)`).
            Total | Aid | Counterpart if is_share(l) => false,
            SectorCode => is_any(l, &["ma linh vuc", "sector code", "sector no"]),
            Sector => {
                l.starts_with("linh vuc")
                    || is_any(
                        l,
                        &[
                            "sector",
                            "sector name",
                            "thematic area",
                            "focus area",
                            "field",
                            "theme",
                            "category",
                            "nganh",
                            "nhom",
                            "nganh/linh vuc",
                            "nganh, linh vuc",
                            "nganh linh vuc",
                        ],
                    )
            }
            Province => is_any(
                l,
                &[
                    "tinh",
                    "province",
                    "province name",
                    "ten tinh",
                    "tinh/thanh pho",
                    "tinh, thanh pho",
                ],
            ),
            Number => is_any(
                l,
                &[
                    "stt",
                    "tt",
                    "s.t.t",
                    "t.t",
                    "so tt",
                    "so thu tu",
                    "no",
                    "number",
                    "code",
                    "project code",
                    "project id",
                    "project number",
                    "project no",
                    "ma du an",
                    "ma",
                    "ma so",
                    "id",
                    "#",
                ],
            ),
            Owner => {
                l.contains("chu khoan")
                    || starts_any(
                        l,
                        &[
                            "chu dau tu",
                            "chu du an",
                            "co quan chu quan",
                            "don vi chu quan",
                            "don vi thuc hien",
                            "co quan thuc hien",
                            "don vi de xuat",
                            "co quan de xuat",
                            // Before aid: `Đơn vị tiếp nhận viện trợ` is who receives it.
                            "don vi tiep nhan",
                            "co quan tiep nhan",
                            "don vi chu tri",
                            "co quan chu tri",
                            "don vi quan ly",
                            "co quan quan ly",
                            "co quan, don vi",
                            "co quan dau moi",
                            "don vi dau moi",
                        ],
                    )
                    || starts_any(
                        l,
                        &[
                            "owner",
                            "project owner",
                            "implementing agency",
                            "implementing partner",
                            "executing agency",
                            "lead agency",
                            "responsible agency",
                            "proponent",
                            "proposing agency",
                            "beneficiary agency",
                        ],
                    )
                    || is_any(
                        l,
                        &[
                            "aid owner",
                            "recipient",
                            "agency",
                            "co quan",
                            "chu quan",
                            "don vi",
                        ],
                    )
            }
            Location => {
                starts_any(
                    l,
                    &[
                        "dia diem",
                        "dia ban",
                        "pham vi",
                        "noi thuc hien",
                        "vi tri",
                        "location",
                        "project location",
                        "target area",
                        "geographic area",
                        "province/district",
                        "project site",
                        "project area",
                    ],
                ) || is_any(
                    l,
                    &["place", "site", "area", "commune", "district", "locality"],
                )
            }
            Period => {
                !PeriodEnd.matches(l)
                    && (starts_any(
                        l,
                        &[
                            "thoi gian",
                            "thoi han",
                            "giai doan",
                            "tien do",
                            "nam thuc hien",
                            "du kien thoi gian",
                            "period",
                            "project period",
                            "implementation period",
                            "implementation time",
                        ],
                    ) || is_any(
                        l,
                        &[
                            "duration",
                            "project duration",
                            "timeframe",
                            "timeline",
                            "time",
                            "years",
                        ],
                    ) || is_any(l, PERIOD_STARTS)
                        // One column for both ends: `Khởi công - hoàn thành`, `KC-HT`.
                        || (starts_any(
                            l,
                            &["khoi cong", "bat dau", "nam khoi cong", "nam bat dau", "start"],
                        )
                            && ["hoan thanh", "ket thuc", "end", "finish"]
                                .iter()
                                .any(|end| l.contains(end)))
                        || l.ends_with("kc-ht")
                        || l.ends_with("kc - ht"))
            }
            PeriodEnd => is_any(l, PERIOD_ENDS),
            Content => {
                starts_any(
                    l,
                    &[
                        "noi dung",
                        "muc tieu",
                        "tom tat",
                        "quy mo",
                        // A project's work items, one a row under it (`Hạng mục đầu tư`).
                        "hang muc",
                        "cac hang muc",
                        "content",
                        "description",
                    ],
                ) || is_any(l, &["activities", "objectives", "scope"])
            }
            // Besides the aid, what the province and others put in: `Vốn khác` beside
            // `Vốn NGO` (beside `Vốn đối ứng` too, both are its parts), what people and
            // firms give (`Nhân dân đóng góp`, `Vốn xã hội hóa`), `Khác` under `Nguồn vốn`.
            Counterpart => {
                l.contains("doi ung")
                    || l.contains("counterpart")
                    || l.contains("dong gop")
                    || l.contains("xa hoi hoa")
                    || is_any(l, &["khac", "other", "others", "other sources"])
                    || starts_any(
                        l,
                        &[
                            "von trong nuoc",
                            "von dia phuong",
                            "von khac",
                            "nguon khac",
                            "nguon von khac",
                            "cac nguon khac",
                            "cac nguon von khac",
                            "huy dong khac",
                            "von huy dong khac",
                            "nguon huy dong khac",
                            "von doanh nghiep",
                            "von tu co",
                            "other funding",
                            "other contribution",
                            "community contribution",
                            "ngan sach",
                            "von ngan sach",
                            "von nsnn",
                            "von nsdp",
                            "nsnn",
                            "nsdp",
                            "local contribution",
                            "local funding",
                            "domestic funding",
                            "domestic contribution",
                            "own contribution",
                            "matching fund",
                            "government contribution",
                            "provincial contribution",
                            "province contribution",
                            "local budget",
                            "co-funding",
                            "cofunding",
                            "co-financing",
                            "cofinancing",
                        ],
                    )
            }
            // `PCPNN` (phi chính phủ nước ngoài) and `tài trợ` name the aid a catalogue
            // mobilises in a money column (`Vốn PCPNN`); elsewhere they may name the donor
            // (`Tổ chức PCPNN dự kiến`), a column of text.
            // In English, what the table asks of donors: `Funding requested`, `Amount
            // requested`, `Budget to be mobilised`.
            // A project's name may say what it asks for (`Tên dự án/Khoản viện trợ`).
            Aid if starts_any(l, &["ten ", "danh muc"]) => false,
            Aid => {
                [
                    "vien tro", "van dong", "ngo aid", "request", "sought", "mobilis", "mobiliz",
                ]
                .iter()
                .any(|word| l.contains(word))
                    || starts_any(
                        l,
                        &[
                            "aid",
                            "tai tro",
                            "grant",
                            "ngo ",
                            "de nghi tai tro",
                            "keu goi tai tro",
                            "khong hoan lai",
                        ],
                    )
                    || names_foreign_aid(l)
                    || starts_any(l, &["von", "nguon", "kinh phi", "de nghi"])
                        && (["pcpnn", "phi chinh phu", "nuoc ngoai", "tai tro", "ho tro"]
                            .iter()
                            .any(|word| l.contains(word))
                            || l.split(|c: char| !c.is_alphanumeric()).any(|w| w == "ngo"))
            }
            Total => {
                starts_any(
                    l,
                    &[
                        "tong von",
                        "tong kinh phi",
                        "tong muc",
                        "tong so",
                        "tong cong",
                        "tong nhu cau",
                        "tong dau tu",
                        "tong du toan",
                        "tong chi phi",
                        "tong gia tri",
                        "tong ngan sach",
                        "du kien tong",
                        "uoc tinh tong",
                        "total",
                        "budget",
                        // The figure a project is expected to cost, where the header
                        // names no total (`Kinh phí dự kiến`, `Nhu cầu vốn`); over a
                        // total, aid and counterpart, the group label they replace.
                        "estimated budget",
                        "estimated cost",
                        "estimated total",
                        "project budget",
                        "project cost",
                        "total cost",
                        "kinh phi du kien",
                        "du kien kinh phi",
                        "nhu cau von",
                        "nhu cau kinh phi",
                        "von du kien",
                        "khai toan",
                        "du toan",
                    ],
                ) || is_any(
                    l,
                    &[
                        "tong",
                        "kinh phi",
                        "kinh phi thuc hien",
                        "so tien",
                        "cost",
                        "amount",
                    ],
                )
            }
            Note => {
                starts_any(l, &["ghi chu", "note"])
                    || is_any(l, &["remarks", "comments", "comment"])
            }
            // The label alone: `ĐVT: triệu đồng` over the figures states the file's unit.
            Unit => is_any(
                l,
                &[
                    "dvt",
                    "don vi tinh",
                    "don vi tien te",
                    "loai tien",
                    "tien te",
                    "unit",
                    "currency",
                ],
            ),
            Name => {
                starts_any(
                    l,
                    &[
                        "ten",
                        "danh muc",
                        "chuong trinh",
                        "project name",
                        "project title",
                        "name of",
                    ],
                ) || is_any(
                    l,
                    &[
                        "name",
                        "project",
                        "title",
                        "du an",
                        "programme",
                        "program",
                        "project/programme",
                    ],
                )
            }
        }
    }

    fn is_amount(self) -> bool {
        MONEY_ROLES.contains(&self)
    }

    /// What the project is (`Nội dung`, `Nội dung dự án`, `Content`) names it where no
    /// column does; its aims or scope (`Mục tiêu`, `Quy mô`) do not.
    fn in_place_of(self, label: &str) -> Option<Self> {
        let names = self == CatalogueRole::Content && starts_any(label, &["noi dung", "content"]);
        names.then_some(CatalogueRole::Name)
    }

    /// Counterpart funding is written by source side by side (`Ngân sách tỉnh | Ngân
    /// sách huyện`); aid and the total are one column (a column beside the aid that
    /// names it, `Nguồn tài trợ`, may be the donor's name).
    fn splits_side_by_side(self) -> bool {
        self == CatalogueRole::Counterpart
    }

    fn describe(self) -> [&'static str; 2] {
        use CatalogueRole::*;
        match self {
            SectorCode => [
                "the sector code (`Mã lĩnh vực`, `sector code`)",
                "mã lĩnh vực (`Mã lĩnh vực`)",
            ],
            Sector => ["the sector (`Lĩnh vực`, `sector`)", "lĩnh vực (`Lĩnh vực`)"],
            Province => ["the province (`Tỉnh`, `province`)", "tỉnh (`Tỉnh`)"],
            Number => [
                "the project number (`STT`, `TT`, `number`)",
                "số thứ tự dự án (`STT`, `TT`)",
            ],
            Owner => [
                "the project owner (`Chủ khoản viện trợ`, `owner`)",
                "chủ khoản viện trợ (`Chủ khoản viện trợ`)",
            ],
            Location => [
                "the location (`Địa điểm`, `location`)",
                "địa điểm (`Địa điểm`)",
            ],
            Period => [
                "the period (`Thời gian thực hiện`, `period`)",
                "thời gian thực hiện (`Thời gian thực hiện`)",
            ],
            PeriodEnd => [
                "the end of the period (`Hoàn thành`, `Năm kết thúc`, `end year`)",
                "năm kết thúc (`Hoàn thành`, `Năm kết thúc`)",
            ],
            Content => [
                "the content (`Nội dung dự án`, `content`)",
                "nội dung (`Nội dung dự án`)",
            ],
            Counterpart => [
                "counterpart funding (`Vốn đối ứng`, `counterpart`)",
                "vốn đối ứng (`Vốn đối ứng`)",
            ],
            Aid => [
                "aid to mobilise (`Vốn viện trợ`, `Vốn vận động viện trợ`, `aid`)",
                "vốn viện trợ (`Vốn viện trợ`, `Vốn vận động viện trợ`)",
            ],
            Total => [
                "total capital (`Tổng vốn`, `Tổng kinh phí`, `total`)",
                "tổng vốn (`Tổng vốn`, `Tổng kinh phí`)",
            ],
            Note => ["notes (`Ghi chú`, `note`)", "ghi chú (`Ghi chú`)"],
            Unit => [
                "the unit of the row's figures (`ĐVT`, `unit`)",
                "đơn vị tính của dòng (`ĐVT`)",
            ],
            Name => [
                "the project name (`Tên dự án`, `name`)",
                "tên dự án (`Tên dự án`)",
            ],
        }
    }
}

/// Labels of the first of two columns a period is written over (folded); the second's
/// are [`PERIOD_ENDS`]. A header two rows deep puts them under `Thời gian thực hiện`.
const PERIOD_STARTS: &[&str] = &[
    "bat dau",
    "khoi cong",
    "tu",
    "tu nam",
    "nam bat dau",
    "nam khoi cong",
    "thoi gian bat dau",
    "thoi gian khoi cong",
    "start",
    "start year",
    "year start",
    "from",
    "from year",
];
const PERIOD_ENDS: &[&str] = &[
    "ket thuc",
    "hoan thanh",
    "den",
    "den nam",
    "nam ket thuc",
    "nam hoan thanh",
    "thoi gian ket thuc",
    "thoi gian hoan thanh",
    "end",
    "end year",
    "year end",
    "to",
    "to year",
];

pub const MONEY_ROLES: [CatalogueRole; 3] = [
    CatalogueRole::Total,
    CatalogueRole::Aid,
    CatalogueRole::Counterpart,
];

/// The most rows catalogues held whole in memory may have, all files together (`list`,
/// `convert`, `fix`, `report`): a held row costs 1 to 4 KB however short it is (its
/// texts, then its cells, then the rendered table), so a 20 MB file of two million
/// short rows took `list` 7 GB. A province's catalogue has hundreds of rows. `check`
/// and `summary` fold rows as they come and have no such bound.
pub const MAX_ROWS: usize = 100_000;

/// The most sectors a catalogue may have. A province's catalogue has a dozen; a file of
/// tens of thousands has its sector column wrong (or is built to exhaust memory: each
/// sector is a group every report holds).
pub const MAX_SECTORS: usize = 10_000;

/// The most components a project may have. A project breaks down into a few rows; a
/// file of a million unnumbered rows under one project (each held until the project is
/// handed on) took 400 MB.
pub const MAX_COMPONENTS: usize = 10_000;

/// The catalogue's header in `rows` and the index of its last row: the first header, or,
/// where that is an implementation plan's (a whole document that holds the plan first),
/// the first header further down that is a catalogue's, if one is.
pub fn find_header(rows: &[Row]) -> Result<(usize, Header<CatalogueRole>), (usize, Problem)> {
    let (index, mut first) = header::find::<CatalogueRole>(rows)?;
    super::metadata::columns_in_one_unit(&mut first);
    if layout_of(&first).is_ok() || !is_plan_header(&first.read_as()) {
        return Ok((index, first));
    }
    let mut after = index + 1;
    // Past the plan's header, and past it again where a page break repeats it.
    loop {
        match header::find::<CatalogueRole>(&rows[after..]) {
            Ok((later_index, mut later)) if layout_of(&later).is_ok() => {
                super::metadata::columns_in_one_unit(&mut later);
                return Ok((after + later_index, later));
            }
            Ok((later_index, later)) if is_plan_header(&later.read_as()) => {
                after += later_index + 1;
            }
            _ => return Ok((index, first)),
        }
    }
}

/// Is the header an implementation plan's with a budget column (`Nội dung công việc |
/// Đơn vị chủ trì | Đơn vị phối hợp | Kinh phí`), not a catalogue's with one money
/// column? Its tasks, lead and partners name it a plan, it splits no amount into aid and
/// counterpart, and its task column names no project (`Tên dự án`, `Nội dung dự án`).
fn is_plan_with_budget(header: &Header<CatalogueRole>) -> bool {
    let plan: Header<PlanRole> = header.read_as();
    let projects = header.label(CatalogueRole::Name).is_some_and(|label| {
        let label = fold(label);
        ["du an", "chuong trinh", "project", "programme", "program"]
            .iter()
            .any(|word| label.contains(word))
    });
    is_plan_header(&plan)
        && plan.has(PlanRole::Partners)
        && !header.has(CatalogueRole::Aid)
        && !header.has(CatalogueRole::Counterpart)
        && !projects
}

/// How a file's header lays the catalogue out. Either layout requires the projects' names
/// and one money column at least; a published table may number no row (no STT column).
pub fn layout_of(header: &Header<CatalogueRole>) -> Result<Layout, ReadError> {
    let layout = if header.has(CatalogueRole::Sector) || header.has(CatalogueRole::SectorCode) {
        Layout::Tidy
    } else {
        Layout::Published
    };
    let mut missing = header.missing(&[CatalogueRole::Name]);
    // One money column is a catalogue to sum (see [`stated_columns`]); none is not.
    let money_missing = header.missing(&MONEY_ROLES);
    if money_missing.len() == MONEY_ROLES.len() {
        missing.extend(money_missing);
    }
    // Names counted by a column and not numbered (`Tên lĩnh vực | Số dự án | Tổng vốn`) are
    // groups of projects, not projects.
    let counted = header.counts_projects()
        && (missing.contains(&CatalogueRole::Name) || !header.has(CatalogueRole::Number));
    if counted {
        Err(ReadError::at(header.line, None, header.totals_problem()))
    } else if missing.is_empty() && !is_plan_with_budget(header) {
        Ok(layout)
    } else if is_plan_header(&header.read_as()) {
        Err(ReadError::at(header.line, None, header.plan_problem()))
    } else {
        Err(ReadError::at(
            header.line,
            None,
            header.missing_problem(&missing),
        ))
    }
}

/// Which money columns a header has: all three; two, which give the third on every row
/// (see [`Amounts::derive`]); or one alone (a list of what each project costs, or of
/// the aid it asks for), summed and checked by itself.
pub fn stated_columns(header: &Header<CatalogueRole>) -> Stated {
    // The roles in the order of the columns: total, aid, counterpart.
    let has = MONEY_ROLES.map(|role| header.has(role));
    let first = |has_it: bool| MoneyColumn::ALL[has.iter().position(|&h| h == has_it).unwrap_or(0)];
    match has.iter().filter(|&&h| h).count() {
        3 => Stated::All,
        2 => Stated::Derived(first(false)),
        _ => Stated::Only(first(true)),
    }
}

/// The convention assumed when no cell settles it: the header's language. A unit in
/// brackets says nothing of it: `total (Triệu đồng)`, as `convert` heads a copy, is
/// English.
pub fn fallback_convention(header: &Header<CatalogueRole>) -> Convention {
    let vietnamese = |label: &String| {
        let mut depth = 0usize;
        label.chars().any(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && !c.is_ascii()
        })
    };
    if header.labels.iter().any(vietnamese) {
        Convention::Vi
    } else {
        Convention::En
    }
}

/// The cells an amount is read from: its column, or the parts it is split into.
fn amount_cells(header: &Header<CatalogueRole>, role: CatalogueRole) -> &[usize] {
    match header.parts(role) {
        [] => header.index_cell(role),
        parts => parts,
    }
}

/// An amount read from its cells by `read`: the one cell's, or the sum of its parts;
/// `None` where no cell reads (each part is within an amount's caps: the sum of a row's
/// parts cannot overflow).
fn amount_of(
    header: &Header<CatalogueRole>,
    role: CatalogueRole,
    read: impl FnMut(usize) -> Option<Decimal>,
) -> Option<Decimal> {
    amount_cells(header, role)
        .iter()
        .copied()
        .filter_map(read)
        .reduce(|sum, part| sum + part)
}

/// The money cells of a row that say something about the number convention: text cells
/// (a workbook's stored numbers say nothing).
pub fn money_texts<'r>(
    header: &'r Header<CatalogueRole>,
    row: &'r Row,
) -> impl Iterator<Item = &'r str> + use<'r> {
    money_cells(header)
        .filter(move |&i| row.number(i).is_none())
        .map(move |i| row.cell(i))
}

/// The cells of every money column, parts included.
fn money_cells(header: &Header<CatalogueRole>) -> impl Iterator<Item = usize> + use<'_> {
    MONEY_ROLES
        .iter()
        .flat_map(move |&role| amount_cells(header, role))
        .copied()
}

/// The unit of a file that states none but writes one beside the figures of its first
/// rows (`$150,000` under a plain `Total`, as Excel's currency format exports it; `1,5 tỷ`):
/// the first figure's, and its line, where every money cell of `rows` that is not blank
/// carries a unit of one currency, or most do and carry one currency's own unit, the
/// others standing alone (`$1,200` over `120`, as a spreadsheet's currency format leaves a
/// cell typed afterwards: the figure alone is in dollars too). `None` where figures alone
/// stand among figures in a multiple (`1,5 tỷ` over `200`, which is in triệu), or are
/// most of them (one `400 USD` among plain figures): naming a unit for them would be a
/// guess.
pub fn unit_of_figures(
    header: &Header<CatalogueRole>,
    rows: &[Row],
    convention: Convention,
) -> Option<(Unit, usize)> {
    let mut first: Option<(Unit, usize)> = None;
    let (mut alone, mut with_unit, mut one_unit) = (0usize, 0usize, true);
    for row in rows {
        for i in money_cells(header) {
            let text = row.cell(i);
            if row.number(i).is_some() || number::parse(text, convention).is_ok() {
                alone += 1;
                continue;
            }
            if number::is_blank(text) {
                continue;
            }
            let (_, written) = number::figure_with_unit(text, convention)?;
            let unit = Unit::parse(written)?;
            with_unit += 1;
            match &first {
                Some((first, _)) if first.currency != unit.currency => return None,
                Some((first, _)) => one_unit &= *first == unit,
                None => first = Some((unit, row.line)),
            }
        }
    }
    let own_unit = first
        .as_ref()
        .is_some_and(|(unit, _)| unit.scale == Decimal::ONE);
    let guessed = one_unit && own_unit && with_unit > alone;
    first.filter(|_| alone == 0 || guessed)
}

/// Is the row the grand total (`Tổng cộng:`, `TỔNG SỐ (I+II)`, `Total`)?
pub(super) fn is_grand_total(row: &Row) -> bool {
    let text = row.first_text();
    // The labels below fold to words starting with `to`, `co` or `gr`: spare other rows
    // (a tidy file's province, say) the fold.
    let mut letters = text.chars().map(base_letter);
    let second = match letters.next() {
        Some('t') | Some('c') => 'o',
        Some('g') => 'r',
        _ => return false,
    };
    if letters.next() != Some(second) {
        return false;
    }
    let first = fold(text);
    // What the sum covers may follow in brackets: `(I+II+III)`.
    let label = first.split('(').next().unwrap_or_default();
    let label = label.trim().trim_end_matches(':').trim();
    // `Tổng số`, `Tổng` or `Cộng`, then the whole it covers: `Cộng toàn tỉnh`. (The whole
    // alone may be a place, `Toàn tỉnh`, in a component row with no other words.)
    let whole = ["tong so ", "tong ", "cong "]
        .iter()
        .find_map(|sum| label.strip_prefix(sum));
    // Or the sum named by what it adds (`TỔNG VỐN`, `Tổng kinh phí`), or counting the
    // projects it adds (`Tổng số dự án: 12`).
    first.starts_with("tong cong")
        || matches!(
            label,
            "total" | "grand total" | "tong so" | "tong" | "tong von" | "tong kinh phi"
        )
        || (label.strip_prefix("tong so du an")).is_some_and(|count| {
            let count = count.trim_start();
            count.is_empty() || count.starts_with(|c: char| c == ':' || c.is_ascii_digit())
        })
        || whole.is_some_and(|whole| {
            matches!(
                whole,
                "toan tinh" | "toan thanh pho" | "ca tinh" | "chung" | "toan bo" | "tat ca"
            )
        })
        || (label.starts_with("cong") || label.starts_with("tong")) && adds_sectors(text)
}

/// Does `text`, after its words of a sum, add two sectors or more by their marks (`Cộng I
/// + II`, `Tổng số (A+B)`)? The sum of those sectors: the table's.
fn adds_sectors(text: &str) -> bool {
    let mut marks = text.trim();
    while let Some((word, rest)) = marks.split_once(char::is_whitespace)
        && matches!(fold(word).as_str(), "tong" | "so" | "cong")
    {
        marks = rest.trim_start();
    }
    let marks = marks.trim_end_matches(':').trim_end();
    let marks = (marks.strip_prefix('('))
        .and_then(|inside| inside.strip_suffix(')'))
        .unwrap_or(marks);
    let mut count = 0;
    marks.split('+').all(|mark| {
        count += 1;
        sector_code(mark.trim()).is_some()
    }) && count >= 2
}

/// Does a cell close an official document: its recipients (`Nơi nhận:`), the signature on
/// behalf of its issuer (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `TL.`, `TUQ.`, `Q.`), the
/// one who drew the table up (`Người lập biểu`), or where to sign (`(Ký, ghi rõ họ tên)`)?
/// A sheet keeps them below its table, often in its money columns: the table ends there.
/// A signature names its office in capitals (its first word at least: `TM. UBND tỉnh`):
/// `Q. Bình Thạnh` (a city's district, in a location cell) and `TL. 934` (a provincial
/// road) sign nothing.
pub(super) fn signs_off(cell: &str) -> bool {
    if !cell.starts_with(['N', 'n', 'T', 't', 'K', 'k', 'Q', 'q', '(']) {
        return false;
    }
    // The marks are short: a long cell's start is enough to look at.
    let start = cell
        .char_indices()
        .nth(20)
        .map_or(cell, |(at, _)| &cell[..at]);
    let folded = fold(start);
    let on_behalf = ["tm.", "kt.", "tl.", "tuq.", "q."].iter().any(|mark| {
        // The mark is ASCII: the cell's own text after it is at the same place.
        let office = start.get(mark.len()..).unwrap_or_default();
        let first = office.split_whitespace().next().unwrap_or_default();
        let in_capitals = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !first
                .chars()
                .any(|c| c.is_lowercase() || c.is_ascii_digit());
        folded
            .strip_prefix(mark)
            .is_some_and(|rest| rest.starts_with(' ') && rest.trim().len() > 2)
            && in_capitals
    });
    on_behalf
        || ["noi nhan", "nguoi lap bieu", "nguoi lap bang", "(ky"]
            .iter()
            .any(|words| folded.starts_with(words))
}

/// Is the row a page's number and nothing else (`Trang 2`, `Trang 2/5`, `Page 2 of 5`,
/// `- 2 -`), as a document printed to PDF and converted back keeps at each page break?
fn is_page_number(row: &Row) -> bool {
    let mut filled = row.filled();
    // Most rows fill a second cell, or start with a figure or a name: settled at a look.
    let (Some(only), None) = (filled.next(), filled.next()) else {
        return false;
    };
    let only = row.cell(only).trim();
    if !only.starts_with(['T', 't', 'P', 'p', '-', '–', '—']) {
        return false;
    }
    let folded = fold(only);
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if let Some(number) = ["trang ", "page "]
        .iter()
        .find_map(|word| folded.strip_prefix(word))
    {
        let parts: Vec<&str> = (number.split(|c: char| c == '/' || c.is_whitespace()))
            .filter(|part| !part.is_empty())
            .collect();
        return match parts[..] {
            [page] => digits(page),
            [page, of] => digits(page) && digits(of),
            [page, "of" | "cua" | "tren", of] => digits(page) && digits(of),
            _ => false,
        };
    }
    let dashes = |c: char| matches!(c, '-' | '–' | '—') || c.is_whitespace();
    only.starts_with(['-', '–', '—'])
        && only.ends_with(['-', '–', '—'])
        && digits(only.trim_matches(dashes))
}

/// Is the row a line of prose: words in its first cell and nothing in the others?
fn is_prose(row: &Row) -> bool {
    // Most rows fill a second cell: settled before the first is looked through.
    row.filled().all(|index| index == 0) && row.cell(0).contains(' ')
}

/// A sector mark that is a capital letter (`A`, `B.`): a group when numerals follow.
fn is_letter_mark(mark: &str) -> bool {
    let mark = mark.trim_end_matches('.');
    mark.len() == 1
        && mark
            .chars()
            .all(|c| c.is_ascii_uppercase() && !"IVX".contains(c))
}

/// The sector a subtotal row names, which it closes where no sector row stands above
/// its projects: `Cộng lĩnh vực y tế` names `Lĩnh vực y tế`.
fn closing_name(row: &Row) -> Option<String> {
    let text = row.first_text();
    let folded = fold(text);
    let rest = (folded.strip_prefix("cong linh vuc "))
        .or_else(|| folded.strip_prefix("tong linh vuc "))?;
    if rest.trim().is_empty() {
        return None;
    }
    let (_, name) = text.trim().split_once(char::is_whitespace)?;
    let name = name.trim().trim_start_matches(':').trim();
    let mut letters = name.chars();
    let first = letters.next()?;
    Some(first.to_uppercase().chain(letters).collect())
}

/// Is the row a subtotal (`Cộng`, `Cộng lĩnh vực`, `Cộng:`, or `Cộng` and the sector's
/// mark or number: `Cộng I`, `Cộng (A)`, `Cộng 2`; or `Tổng` so: `Tổng lĩnh vực y tế`,
/// `Tổng I`; in English, `Subtotal`)? After a sector's projects it is that sector's; in a
/// file without sectors, the grand total.
fn is_subtotal(row: &Row) -> bool {
    let text = row.first_text();
    if !text.starts_with(['C', 'c', 'T', 't', 'S', 's']) {
        return false;
    }
    let first = fold(text);
    let first = first.trim_end_matches(':').trim();
    // English says so in one word, whatever follows (`Subtotal`, `Sub-total health`).
    if ["subtotal", "sub-total", "sub total"]
        .iter()
        .any(|word| first.starts_with(word))
    {
        return true;
    }
    let Some(rest) = (first.strip_prefix("cong")).or_else(|| first.strip_prefix("tong ")) else {
        return false;
    };
    let rest = rest.trim_start();
    // `Tổng` alone totals the table ([`is_grand_total`]).
    (rest.is_empty() && first == "cong")
        || rest.starts_with("linh vuc")
        || first.starts_with("cong:")
        || (!rest.is_empty() && closes_by_mark(text))
}

/// Is the row's label `Cộng` alone (or `Cộng:`), naming no sector?
fn is_bare_subtotal(row: &Row) -> bool {
    fold(row.first_text()).trim_end_matches(':').trim() == "cong"
}

/// Is `text` (`Cộng …`) `Cộng` and a sector's mark or number (`Cộng I`, `Cộng 2`)? Apart
/// from [`is_subtotal`], which every row starting with a `C` asks.
#[inline(never)]
fn closes_by_mark(text: &str) -> bool {
    let Some((_, mark)) = text.trim().split_once(char::is_whitespace) else {
        return false;
    };
    let mark = mark.trim();
    sector_code(mark).is_some() || is_numeric(mark.trim_end_matches('.'))
}

/// Is the text a sector row's mark? See [`sector_code`].
fn is_sector_mark(text: &str) -> bool {
    sector_code(text).is_some()
}

/// The code of a sector row's mark: a Roman numeral in either case (I, II, … XXXIX; i,
/// ii, …) or a capital letter (A, B, …), marked as tables mark them (`I.`, `I-`, `I -`,
/// `(I)`, `I:`) and perhaps after a word (`Phần I`, `PHẦN A:`, `Mục II`, `Nhóm B`), where
/// a number may mark it too (`Lĩnh vực 2`, `Phần 1`); or a number in brackets, kept so
/// (`(1)`, as Đắk Nông numbers its sectors over projects numbered `1`, `2`; rows so
/// marked one right after another are projects, see [`Assembler::numbers_projects_in_brackets`]).
pub(super) fn sector_code(mark: &str) -> Option<&str> {
    // Most marks are projects' numbers: no code starts with a digit.
    if mark.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Some(code) = bracketed_number(mark) {
        return Some(code);
    }
    let (mark, worded) = match mark.rsplit_once(' ') {
        Some((word, mark))
            if matches!(
                fold(word).as_str(),
                "phan" | "muc" | "chuong" | "linh vuc" | "nhom" | "part" | "section"
            ) =>
        {
            (mark, true)
        }
        _ => (mark, false),
    };
    // (`I -`: the mark's punctuation may stand apart from it.)
    let text = (mark.trim_start_matches('('))
        .trim_end_matches(|c: char| matches!(c, '.' | '-' | '–' | ':' | ')') || c.is_whitespace());
    let roman = |text: &str, upper: bool| {
        let (i, v, x) = if upper {
            ('I', 'V', 'X')
        } else {
            ('i', 'v', 'x')
        };
        !text.is_empty()
            && text.len() <= 7
            && text.chars().all(|c| c == i || c == v || c == x)
            && !text.to_uppercase().contains("IIII")
            && !text.to_uppercase().contains("VV")
    };
    let letter = text.len() == 1 && text.chars().all(|c| c.is_ascii_uppercase());
    // A sector under a numeral: `I.1`, `II.3`.
    let under_numeral = text.split_once('.').is_some_and(|(numeral, number)| {
        roman(numeral, true) && !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
    });
    // After a word, a number too: `Lĩnh vực 2`, `Phần 1`.
    let numbered = worded && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    (roman(text, true) || roman(text, false) || letter || under_numeral || numbered).then_some(text)
}

/// A number in brackets (`(1)`, `(12).`), its brackets kept: `(1)`.
fn bracketed_number(mark: &str) -> Option<&str> {
    let close = mark.find(')')?;
    let (code, after) = mark.split_at(close + 1);
    let digits = code.strip_prefix('(')?.strip_suffix(')')?;
    let number = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let after = matches!(after.trim(), "" | "." | ":" | "-");
    (number && after).then_some(code)
}

/// Is a sector's code a number in brackets (`(1)`)?
fn is_bracketed(code: &str) -> bool {
    bracketed_number(code) == Some(code)
}

/// Does an STT cell list an item rather than number a project: a bullet (`-`, `+`, `*`,
/// `•`), or a lower-case letter (`a`, `b)`, `(c)`, `d.`; not `i`, `v` or `x`, which are
/// numerals)? Such a row is read as a row without a number: a component of the project
/// above, or a part of its breakdown.
#[inline]
fn is_item_mark(text: &str) -> bool {
    // Most STT cells start with a digit or a capital: settled by their first byte, the
    // rest looked at out of line.
    match text.as_bytes().first() {
        Some(first) if !first.is_ascii_digit() && !first.is_ascii_uppercase() => {
            lists_an_item(text)
        }
        _ => false,
    }
}

/// [`is_item_mark`] for a cell that starts with neither a digit nor a capital.
#[inline(never)]
fn lists_an_item(text: &str) -> bool {
    let bullet = |c: char| matches!(c, '-' | '+' | '*' | '•' | '–' | '—' | '·' | '◦' | '▪' | '○');
    let letter = text
        .trim_start_matches('(')
        .trim_end_matches([')', '.', '/']);
    text.chars().all(bullet)
        || (letter.len() == 1
            && letter
                .bytes()
                .all(|b| b.is_ascii_lowercase() && !matches!(b, b'i' | b'v' | b'x')))
}

/// How a sector's first project, read as having no number, is marked in its STT cell:
/// its rows marked alike are its other projects, not components of the one above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProjectMark {
    /// `a`, `b)`, `(c)`: the letter numbers the project.
    Letter,
    /// `-`, `+`, `•`: a list's bullet.
    Bullet(char),
}

/// The mark of an STT cell that lists an item ([`is_item_mark`]): a letter (`a`, `b)`,
/// `(c)`), or a bullet.
fn project_mark(text: &str) -> Option<ProjectMark> {
    if !lists_an_item(text) {
        return None;
    }
    match text.bytes().any(|b| b.is_ascii_lowercase()) {
        true => Some(ProjectMark::Letter),
        false => text.chars().next().map(ProjectMark::Bullet),
    }
}

/// Is `code` a sector's numbered under the numeral `parent` (`I.2` under `I`)?
fn is_under(code: &str, parent: &str) -> bool {
    code.strip_prefix(parent.trim_end_matches('.'))
        .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1)
}

/// Is a row's `number` numbered under a project's `project` number (`1.1` under `1`,
/// `2.1.1` under `2.1`)? Asked of every numbered row: most have no dot, and are settled
/// by a look at a few bytes.
fn is_numbered_under(number: &str, project: &str) -> bool {
    number.as_bytes().contains(&b'.') && !project.is_empty() && is_under(number, project)
}

/// Is `number` the first numbered under `project` (`1.1` under `1`, `2.1.1` under `2.1`)?
/// A project's parts begin at `.1`: a row `2.2` right under a project `2` is no part of
/// it (it is the second of sectors numbered `2.1`, `2.2` above their projects).
fn is_first_under(number: &str, project: &str) -> bool {
    is_numbered_under(number, project)
        && number
            .trim_end_matches('.')
            .strip_prefix(project.trim_end_matches('.'))
            == Some(".1")
}

/// Is `number` written in digits and dots alone (`2.1`, `3.`)?
fn is_numeric(number: &str) -> bool {
    number.starts_with(|c: char| c.is_ascii_digit())
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// A sector's mark and name written together in the STT cell (`I. Lĩnh vực y tế`,
/// `2.1 Môi trường`), as a heading merged across the table keeps them: the mark (a
/// numeral, a letter or a number) and the words after it.
fn mark_and_name(cell: &str) -> Option<(&str, &str)> {
    let (mark, name) = cell.split_once(char::is_whitespace)?;
    let name = name.trim();
    let code = sector_code(mark).or_else(|| {
        let number = mark.trim_end_matches(['.', ')', ':', '-']);
        is_numeric(number).then_some(number)
    })?;
    let words = name.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    (words && name.starts_with(char::is_alphabetic)).then_some((code, name))
}

/// A number written at the start of a name (`1. Trạm y tế xã A`, `2.1) Trường C`,
/// `(3) Đường D`, `II. Lĩnh vực giáo dục`), as a table without an STT column, or one
/// whose STT cells number only its sectors, writes it: the number, its punctuation
/// dropped, and the name after it. The number must end in `.`, `)`, `:` or `-`, and
/// words follow: `2 trạm y tế`, `1.5 km đường` and `135 hộ` name what they count.
fn number_in_name(name: &str) -> Option<(&str, &str)> {
    // Most names start with a letter of a word: settled by their first byte.
    let first = *name.as_bytes().first()?;
    if !(first.is_ascii_digit() || first.is_ascii_uppercase() || first == b'(') {
        return None;
    }
    let (token, rest) = name.split_once(char::is_whitespace)?;
    let rest = rest.trim_start();
    let words = rest.starts_with(char::is_alphabetic)
        && rest.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    if let Some(code) = bracketed_number(token) {
        return words.then_some((code, rest));
    }
    let mark = token.strip_suffix(['.', ')', ':', '-'])?;
    let numbered = is_numeric(mark) && !mark.ends_with('.');
    let marked =
        sector_code(mark) == Some(mark) && mark.starts_with(|c: char| c.is_ascii_uppercase());
    ((numbered || marked) && words).then_some((mark, rest))
}

/// What names the sector of a table's projects that stand under no sector row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedSector {
    /// The workbook sheet read, named after a sector (`Y tế`: one sheet a sector).
    Sheet(String),
    /// A title line above the table (`DANH MỤC DỰ ÁN LĨNH VỰC Y TẾ`): the sector's name
    /// in it ([`super::metadata::sector_in_title`]).
    Title(String),
}

impl NamedSector {
    /// The sector: a sheet's name less a number or mark it begins with as a name may
    /// ([`number_in_name`]: `2. Giáo dục`, `II. Giáo dục`), which is its code; a title's
    /// name as written.
    fn sector(&self) -> Sector {
        let (code, name) = match self {
            NamedSector::Sheet(sheet) => match number_in_name(sheet.trim()) {
                Some((mark, name)) => (Some(mark.to_owned()), name),
                None => (None, sheet.trim()),
            },
            NamedSector::Title(name) => (None, name.as_str()),
        };
        Sector {
            code,
            name: name.to_owned(),
            ..Sector::default()
        }
    }

    /// The note that the projects were read as this sector's.
    fn reading(&self) -> Reading {
        match self {
            NamedSector::Sheet(sheet) => Reading::SheetSectors {
                sheets: vec![sheet.clone()],
            },
            NamedSector::Title(sector) => Reading::TitleSector {
                sector: sector.clone(),
            },
        }
    }
}

/// How deep a number is numbered: the dots in it (`2` 0, `2.1` 1, `2.1.1` 2).
fn depth(number: &str) -> usize {
    memchr::memchr_iter(b'.', number.trim_end_matches('.').as_bytes()).count()
}

/// What a body row is, before the rows around it are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// A published sector row: its numeral and name.
    Sector {
        code: String,
        name: String,
    },
    /// A row with a number (published) or any project row (tidy); the number is
    /// [`RowReader::number`].
    Numbered,
    /// A published row with no number: a component of the project above, or a project.
    Unnumbered,
    GrandTotal,
    /// A published `Cộng` row: the subtotal of the sector above.
    Subtotal,
    /// The header of another table (the implementation plan after the catalogue, in a
    /// document saved as text): the catalogue ends above it.
    OtherTable,
    /// Words alone in the first cell of a published table: a sector's heading where
    /// projects numbered afresh follow, else nothing.
    Prose,
    /// A tidy row that totals a sector and names no project (`Health Total`, as Excel's
    /// Subtotal command writes it): not a project.
    SectorTotal,
}

/// One body row read: what it is, its amounts, and what was wrong in its cells. It holds
/// its row (`Row`), or borrows it (`&Row`) where the row's room is reused.
#[derive(Debug, Clone)]
pub struct RowEvent<R = Row> {
    pub kind: RowKind,
    pub row: R,
    pub amounts: Amounts,
    pub bad_cells: Vec<BadCell>,
    /// Boxed: few rows are ragged, and every row's event is moved from reader to
    /// assembler.
    pub ragged: Option<Box<RaggedRow>>,
    /// What the row writes in the breakdowns' columns; none where the table has no
    /// breakdown. Boxed, as `ragged` is: most tables have none.
    pub parts: Option<Box<RowParts>>,
}

/// A row's breakdowns, read once for both uses: those that do not add up to their
/// amounts, and its figures in their columns (none where it fills none; in another unit
/// than the file's, none known), which sums of the columns add.
#[derive(Debug, Clone, Default)]
pub struct RowParts {
    pub off: Vec<BreakdownOff>,
    pub figures: Vec<Option<Decimal>>,
    pub unreadable: Vec<UnreadPart>,
}

/// The most cells a row's figures are looked for right of their columns
/// ([`RowReader::shifted`]): a cell or two split by separators not in quotes, bounded so
/// that a row of thousands of cells costs a few readings, not thousands.
const MAX_SHIFT: usize = 16;

/// The one row reader: classifies a body row and reads its cells and amounts. The same
/// reader runs on every chunk of a file.
#[derive(Debug, Clone)]
pub struct RowReader {
    pub header: Header<CatalogueRole>,
    /// Which money columns the header has ([`stated_columns`]).
    pub stated: Stated,
    pub layout: Layout,
    pub convention: Convention,
    pub choices: Choices,
    /// The file's unit, where it is stated and known: a figure written with a unit of
    /// the same currency beside it is read in it.
    pub unit: Option<Unit>,
    /// Amounts broken down into columns beside them, checked on each row.
    pub breakdowns: Vec<Breakdown>,
}

impl RowReader {
    /// The cell of `role` in `row`; empty where the header has no such column. A name
    /// that starts with the row's number ([`RowReader::number_in_name`]) is the words
    /// after it.
    #[inline(always)]
    fn cell<'r>(&self, row: &'r Row, role: CatalogueRole) -> &'r str {
        let cell = self.written(row, role);
        match role {
            CatalogueRole::Name => self.number_in_name(row).map_or(cell, |(_, name)| name),
            _ => cell,
        }
    }

    /// The text of `role` in `row` as the officer sees it ([`Row::shown`]): a cell merged
    /// down over several projects (their owner, their period) is each one's. Only what is
    /// made of a project row once it is read as one: a row is read as a project or a part
    /// by what its own cells hold.
    #[inline(always)]
    fn shown<'r>(&self, row: &'r Row, role: CatalogueRole) -> &'r str {
        self.header.index(role).map_or("", |i| row.shown(i))
    }

    /// The cell of `role` in `row` as written; empty where the header has no such column.
    #[inline(always)]
    fn written<'r>(&self, row: &'r Row, role: CatalogueRole) -> &'r str {
        self.header.index(role).map_or("", |i| row.cell(i))
    }

    /// The number and the rest of a published row's name, where the name starts with a
    /// number ([`number_in_name`]) and the STT cell is empty or there is none: the row
    /// is read as if the number stood in the STT cell.
    #[inline(always)]
    fn number_in_name<'r>(&self, row: &'r Row) -> Option<(&'r str, &'r str)> {
        if self.layout != Layout::Published || !self.written(row, CatalogueRole::Number).is_empty()
        {
            return None;
        }
        number_in_name(self.written(row, CatalogueRole::Name))
    }

    fn text(&self, row: &Row, role: CatalogueRole) -> String {
        self.cell(row, role).to_owned()
    }

    /// The text of a component's row: in column `first`, else in `then` (a table without
    /// a content column writes its components' words in the name column). A component
    /// without a number keeps a number its name starts with, as written.
    fn component_text(
        &self,
        row: &Row,
        first: CatalogueRole,
        then: CatalogueRole,
        numbered: bool,
    ) -> String {
        let cell = |role| match numbered {
            true => self.cell(row, role),
            false => self.written(row, role),
        };
        match cell(first) {
            "" => cell(then).to_owned(),
            text => text.to_owned(),
        }
    }

    /// Does a tidy row total a sector: no project named, and its sector cell the sector's
    /// name with `Total` (or `Tổng`) after or before it (`Health Total`, `Y tế Tổng`,
    /// `Total Health`), as Excel's Subtotal command and pivot tables write them?
    fn totals_a_sector(&self, row: &Row) -> bool {
        // Most rows name their project: settled at a look.
        self.cell(row, CatalogueRole::Name).is_empty() && self.sector_totalled(row).is_some()
    }

    /// The sector a tidy row's sector cell says it totals (`Health` for `Health Total`),
    /// folded ([`fold`]); `None` where the cell says no total.
    fn sector_totalled(&self, row: &Row) -> Option<String> {
        let roles = [CatalogueRole::Sector, CatalogueRole::SectorCode];
        let sector = roles
            .iter()
            .map(|&r| self.cell(row, r))
            .find(|c| !c.is_empty())?;
        let folded = fold(sector);
        let after = [" total", " tong", " subtotal"]
            .iter()
            .find_map(|word| folded.strip_suffix(word));
        let before = || {
            ["total ", "tong "]
                .iter()
                .find_map(|word| folded.strip_prefix(word))
        };
        after.or_else(before).map(str::to_owned)
    }

    /// The number a project row gives (its STT, or a tidy file's code; else a number its
    /// name starts with, [`RowReader::number_in_name`]), if any. (A published row whose
    /// STT lists an item, see [`is_item_mark`], is read as a row without a number: it is
    /// asked only whether its mark makes it a project, see
    /// [`Assembler::is_marked_project`].)
    #[inline(always)]
    fn number<'r>(&self, row: &'r Row) -> Option<&'r str> {
        match self.written(row, CatalogueRole::Number) {
            "" => self.number_in_name(row).map(|(number, _)| number),
            number => Some(number),
        }
    }

    /// Reads a body row, noting what its amount cells say of the convention in
    /// `evidence`; `None` for a blank row or the header repeated at a page break.
    pub fn read<R: Borrow<Row>>(&self, owned: R, evidence: &mut Evidences) -> Option<RowEvent<R>> {
        let row = owned.borrow();
        if row.is_blank() || self.header.is_repeated_by(row) || is_page_number(row) {
            return None;
        }
        // Words alone in the first cell, under a header of several columns, are prose (a
        // whole document saved as text, a note under the table): never a project. In a
        // published table they may head a sector (see `Assembler::sector_from_heading_above`);
        // elsewhere they are skipped. A number or a sector mark alone is still read, and
        // found wanting.
        let prose = self.header.labels.len() >= 3 && is_prose(row);
        if prose && (self.layout == Layout::Tidy || self.choices.no_named_sectors) {
            return None;
        }
        // A line of words that starts with a sector's mark (`I. LĨNH VỰC Y TẾ`, a
        // heading merged across the table) is that sector's row.
        let heading = prose
            .then(|| mark_and_name(row.cell(0)))
            .flatten()
            .filter(|(code, _)| !is_numeric(code));
        let kind = if let Some((code, name)) = heading {
            RowKind::Sector {
                code: code.to_owned(),
                name: name.to_owned(),
            }
        } else if prose {
            RowKind::Prose
        } else if self.layout == Layout::Published && self.starts_another_table(row) {
            RowKind::OtherTable
        } else if is_grand_total(row) {
            RowKind::GrandTotal
        } else if self.layout == Layout::Published && is_subtotal(row) {
            RowKind::Subtotal
        } else {
            match self.layout {
                Layout::Tidy if self.totals_a_sector(row) => RowKind::SectorTotal,
                Layout::Tidy => RowKind::Numbered,
                Layout::Published => {
                    // A table without a number column numbers its rows in their names,
                    // or not at all.
                    let number_index = self.header.index(CatalogueRole::Number);
                    let number = self
                        .number(row)
                        .filter(|n| !is_item_mark(n))
                        .unwrap_or_default();
                    // `I.1` numbers a sector under `I`, or a project that names its owner,
                    // place or period.
                    let code = sector_code(number).filter(|code| {
                        !code.contains('.') || !self.names_owner_place_or_period(row)
                    });
                    if let Some(code) = code {
                        let mut name = self.text(row, CatalogueRole::Name);
                        if name.is_empty() {
                            name = row
                                .cells()
                                .enumerate()
                                .find(|(i, c)| Some(*i) != number_index && !c.is_empty())
                                .map_or_else(String::new, |(_, c)| c.to_owned());
                        }
                        RowKind::Sector {
                            code: code.to_owned(),
                            name,
                        }
                    } else if number.is_empty() && self.names_a_sector(row) {
                        RowKind::Sector {
                            code: String::new(),
                            name: self.text(row, CatalogueRole::Name),
                        }
                    } else if let Some((code, name)) =
                        self.mark_and_name_in_number_cell(number, row)
                    {
                        RowKind::Sector {
                            code: code.to_owned(),
                            name: name.to_owned(),
                        }
                    } else if self.names_a_sector_in_number_cell(number, row) {
                        RowKind::Sector {
                            code: String::new(),
                            name: number.to_owned(),
                        }
                    } else if number.is_empty() {
                        RowKind::Unnumbered
                    } else {
                        RowKind::Numbered
                    }
                }
            }
        };
        // The row that ends the catalogue is not read as one of its rows.
        let read = !matches!(kind, RowKind::OtherTable);
        let mut bad_cells = Vec::new();
        let grouped = evidence.grouped();
        let mut amounts = match read {
            true => self.amounts(row, &mut bad_cells, evidence),
            false => Amounts::default(),
        };
        // Only a row of more cells than the header's, or a row of sums of fewer and no
        // amount, is looked at again. (A project's row so short is read as it stands: its
        // owner's, place's and period's cells would hold its figures.)
        let width = self.header.labels.len();
        let sums = matches!(
            kind,
            RowKind::Sector { .. } | RowKind::GrandTotal | RowKind::Subtotal | RowKind::SectorTotal
        );
        let ragged = match read && row.len() != width {
            true if row.len() > width => {
                self.ragged(row, width, &amounts, &bad_cells).map(Box::new)
            }
            true if sums && amounts.is_blank() && bad_cells.is_empty() => {
                self.merged_left(row, width).map(|(read, shifted)| {
                    amounts = read;
                    Box::new(RaggedRow {
                        line: row.line,
                        cells: row.len(),
                        header_cells: width,
                        shifted: Some(shifted),
                    })
                })
            }
            _ => None,
        };
        if evidence.grouped() > grouped && !evidence.is_proven() {
            evidence.note_sums(self.adds_up(row));
        }
        let parts = match read && !self.breakdowns.is_empty() {
            true => self
                .parts(row, &amounts, bad_cells.is_empty())
                .map(Box::new),
            false => None,
        };
        Some(RowEvent {
            kind,
            row: owned,
            amounts,
            bad_cells,
            ragged,
            parts,
        })
    }

    /// A row of more cells than the header ([`RaggedRow`]): text beyond the header's
    /// last column, or figures that add up read further right where its own do not
    /// ([`Shifted`]). A row that only ends in empty cells (a separator after its last
    /// cell, on every row of some exports), its figures adding up where they stand, is
    /// none.
    #[inline(never)]
    fn ragged(
        &self,
        row: &Row,
        width: usize,
        amounts: &Amounts,
        bad_cells: &[BadCell],
    ) -> Option<RaggedRow> {
        let beyond = (width..row.len()).any(|i| !row.cell(i).is_empty());
        let own = amounts.or_zero();
        let adds_up = bad_cells.is_empty() && own.total == own.aid + own.counterpart;
        let shifted = match adds_up {
            true => None,
            false => self.shifted(row, row.len() - width),
        };
        (beyond || shifted.is_some()).then_some(RaggedRow {
            line: row.line,
            cells: row.len(),
            header_cells: width,
            shifted,
        })
    }

    /// The row's money cells read 1 to `extra` cells right of their columns (at most
    /// [`MAX_SHIFT`]), the first way they add up: a total that is not zero, and an aid
    /// and a counterpart that are amounts or blank. Only where the header has the three
    /// columns, one cell each.
    fn shifted(&self, row: &Row, extra: usize) -> Option<Shifted> {
        let [total, aid, counterpart] = self.money_columns_alone()?;
        (1..=extra.min(MAX_SHIFT)).find_map(|by| {
            let figure = |at: usize| match row.cell(at + by) {
                cell if row.number(at + by).is_none() && number::is_blank(cell) => {
                    Some(Decimal::ZERO)
                }
                _ => row.amount(at + by, self.convention).ok(),
            };
            let (total, aid, counterpart) = (figure(total)?, figure(aid)?, figure(counterpart)?);
            (!total.is_zero() && total == aid + counterpart).then_some(Shifted {
                by,
                total,
                aid,
                counterpart,
            })
        })
    }

    /// The cells of the total, aid and counterpart columns, where the header has all
    /// three, one cell each (none split into parts).
    fn money_columns_alone(&self) -> Option<[usize; 3]> {
        if self.stated != Stated::All {
            return None;
        }
        let columns = MONEY_ROLES.map(|role| match amount_cells(&self.header, role) {
            &[at] => Some(at),
            _ => None,
        });
        let [Some(total), Some(aid), Some(counterpart)] = columns else {
            return None;
        };
        Some([total, aid, counterpart])
    }

    /// The figures of a row of fewer cells than the header (`width`) and none in its money
    /// columns, read from its last cells: a cell merged across the columns before them
    /// (a sector's name over the owner's, place's and period's, as Word saves a table as
    /// text) leaves them that many cells left of their columns. Only where the header has
    /// the three columns, one cell each; the total a figure, the aid and counterpart
    /// figures or blank, all right of the row's number and name.
    fn merged_left(&self, row: &Row, width: usize) -> Option<(Amounts, Shifted)> {
        if row.len() < 3 {
            return None;
        }
        let [total, aid, counterpart] = self.money_columns_alone()?;
        let by = width - row.len();
        let first = total.min(aid).min(counterpart).checked_sub(by)?;
        let before = [CatalogueRole::Number, CatalogueRole::Name]
            .into_iter()
            .filter_map(|role| self.header.index(role))
            .max()?;
        if first <= before {
            return None;
        }
        let figure = |at: usize| -> Option<Option<Decimal>> {
            let cell = row.cell(at - by);
            match number::is_blank(cell) {
                true => Some(None),
                false => number::parse(cell, self.convention).ok().map(Some),
            }
        };
        let read = Amounts {
            total: Some(figure(total)??),
            aid: figure(aid)?,
            counterpart: figure(counterpart)?,
        };
        let figures = read.or_zero();
        let shifted = Shifted {
            by,
            total: figures.total,
            aid: figures.aid,
            counterpart: figures.counterpart,
        };
        Some((read, shifted))
    }

    /// Does the row's unit cell name another unit than the file's? Its amounts are
    /// converted, its breakdowns' parts not: they are not compared.
    fn in_other_unit(&self, row: &Row) -> bool {
        match (self.header.index(CatalogueRole::Unit), &self.unit) {
            (Some(at), Some(file)) => row_unit(row.shown(at), file).is_some(),
            _ => false,
        }
    }

    /// The row's breakdowns ([`RowParts`]), each part's cell read once; `compared`:
    /// whether they are compared with its amounts (none of its money cells is bad). A
    /// row in another unit than the file's is not ([`RowReader::in_other_unit`]).
    fn parts(&self, row: &Row, amounts: &Amounts, compared: bool) -> Option<RowParts> {
        let other_unit = self.in_other_unit(row);
        let name = || {
            let number = self.number(row).map(str::to_owned);
            match self.cell(row, CatalogueRole::Name) {
                "" => (None, row.first_text().to_owned()),
                name => (number, name.to_owned()),
            }
        };
        let (mut parts, mut filled) = (RowParts::default(), false);
        for breakdown in &self.breakdowns {
            let (figures, unreadable) = (&mut parts.figures, &mut parts.unreadable);
            let read = breakdown.read(row, self.convention, |at, figure| {
                if let Err(reason) = figure {
                    unreadable.push(self.unread_part(row, at, figures.len(), reason));
                }
                figures.push(figure.ok().flatten().filter(|_| !other_unit));
            });
            filled |= read.filled;
            if compared && !other_unit {
                let off = breakdown.off(row, read.sum, amounts, self.convention, name);
                parts.off.extend(off);
            }
        }
        if !filled {
            parts.figures = Vec::new();
        }
        (!parts.off.is_empty() || !parts.figures.is_empty()).then_some(parts)
    }

    /// The part `part` of the table's, in the row's cell `at`, that is no number
    /// (`reason`), said why where its words say.
    #[cold]
    fn unread_part(
        &self,
        row: &Row,
        at: usize,
        part: usize,
        reason: number::AmountError,
    ) -> UnreadPart {
        UnreadPart {
            part,
            text: row.cell(at).to_owned(),
            reason: self.why_unread(row, at, reason),
        }
    }

    /// The row's amounts, each text cell looked at once for its value and for what it
    /// says of the convention (noted in `evidence`).
    fn amounts(
        &self,
        row: &Row,
        bad_cells: &mut Vec<BadCell>,
        evidence: &mut Evidences,
    ) -> Amounts {
        let mut read = |role| match amount_cells(&self.header, role) {
            // The usual amount, one cell: read without an iterator's fold around it.
            &[index] => self.amount_cell(row, index, bad_cells, evidence),
            _ => amount_of(&self.header, role, |index| {
                self.amount_cell(row, index, bad_cells, evidence)
            }),
        };
        let amounts = Amounts {
            total: read(CatalogueRole::Total),
            aid: read(CatalogueRole::Aid),
            counterpart: read(CatalogueRole::Counterpart),
        };
        let amounts = match self.stated {
            Stated::Derived(column) => amounts.derive(column),
            Stated::All | Stated::Only(_) => amounts,
        };
        // A unit merged down over several rows is each one's.
        match self.header.index(CatalogueRole::Unit) {
            Some(at) if !row.shown(at).is_empty() => {
                self.in_file_unit(row, at, amounts, bad_cells, evidence)
            }
            _ => amounts,
        }
    }

    /// The amount in cell `index` of `row`: a workbook's stored number, else its text
    /// read (noted in `evidence`); `None` for a blank cell, or one that does not read
    /// (noted in `bad_cells`).
    #[inline(always)]
    fn amount_cell(
        &self,
        row: &Row,
        index: usize,
        bad_cells: &mut Vec<BadCell>,
        evidence: &mut Evidences,
    ) -> Option<Decimal> {
        if let Some(stored) = row.number(index) {
            return Some(stored);
        }
        let cell = row.cell(index);
        // An empty cell (a project without counterpart funding) says nothing: settled
        // before any reading.
        if cell.is_empty() {
            return None;
        }
        match number::read(cell, self.convention, row.line, evidence) {
            Ok(value) => Some(value),
            // A blank cell never reads as a number: no amount, and nothing wrong.
            Err(_) if number::is_blank(cell) => None,
            Err(reason) => self.unread_amount(row, index, reason, bad_cells, evidence),
        }
    }

    /// A row's amounts in the unit its unit cell (`at`) names, in the file's unit:
    /// converted where they are of one currency (noted in `evidence`, as figures with
    /// their unit beside them are), else each a bad cell. A unit cell that names no
    /// unit, or the file's, leaves them as they are.
    #[inline(never)]
    fn in_file_unit(
        &self,
        row: &Row,
        at: usize,
        mut amounts: Amounts,
        bad_cells: &mut Vec<BadCell>,
        evidence: &mut Evidences,
    ) -> Amounts {
        let written = row.shown(at);
        let Some(file) = &self.unit else {
            return amounts;
        };
        let Some(unit) = row_unit(written, file) else {
            return amounts;
        };
        if !amounts.is_blank() && unit.currency == file.currency {
            evidence.note_with_unit(row.line);
        }
        for (role, column) in MONEY_ROLES.into_iter().zip(MoneyColumn::ALL) {
            let figure = match column {
                MoneyColumn::Total => &mut amounts.total,
                MoneyColumn::Aid => &mut amounts.aid,
                MoneyColumn::Counterpart => &mut amounts.counterpart,
            };
            let Some(value) = *figure else { continue };
            *figure = unit::in_unit(value, &unit, file);
            if let (None, Some(index)) = (*figure, self.header.index(role)) {
                bad_cells.push(BadCell {
                    line: row.line,
                    column: index + 1,
                    label: self.header.labels.get(index).cloned().unwrap_or_default(),
                    text: format!("{} {written}", row.cell(index)),
                    reason: number::AmountError::OtherUnit,
                });
            }
        }
        amounts
    }

    /// Why the cell at `index`, which the convention does not read (`reason`), is no
    /// figure, where it says more: a formula's error, text or missing value, a figure of the
    /// other convention, a unit or words beside a figure. One reading for amounts and parts.
    #[cold]
    fn why_unread(
        &self,
        row: &Row,
        index: usize,
        reason: number::AmountError,
    ) -> number::AmountError {
        let cell = row.cell(index);
        let other = self.convention.other();
        if let Some(error) = number::formula_error(cell) {
            return number::AmountError::FormulaError { error };
        }
        // A workbook's formula stands in the cell where no value was saved with it.
        if row.formula(index).is_some_and(|formula| formula == cell) {
            return number::AmountError::FormulaWithoutValue;
        }
        if number::is_formula_text(cell) {
            return number::AmountError::FormulaText;
        }
        if number::parse(cell, other).is_ok() {
            return number::AmountError::OtherConvention { reads_in: other };
        }
        match number::figure_with_unit(cell, self.convention) {
            Some((_, written)) if Unit::parse(written).is_some() => number::AmountError::WithUnit,
            _ => number::not_an_amount(cell, self.convention).unwrap_or(reason),
        }
    }

    /// A money cell the convention does not read (`reason`): a figure with a unit of the
    /// file's currency beside it, read in the file's unit ([`unit::figure_in_unit`]);
    /// else a bad cell, said why.
    /// Out of line: the reading of every amount stays small enough to inline.
    #[inline(never)]
    fn unread_amount(
        &self,
        row: &Row,
        index: usize,
        reason: number::AmountError,
        bad_cells: &mut Vec<BadCell>,
        evidence: &mut Evidences,
    ) -> Option<Decimal> {
        let cell = row.cell(index);
        let in_unit =
            (self.unit.as_ref()).and_then(|unit| unit::figure_in_unit(cell, self.convention, unit));
        if let Some((value, figure)) = in_unit {
            evidence.note(row.line, figure);
            evidence.note_with_unit(row.line);
            return Some(value);
        }
        bad_cells.push(BadCell {
            line: row.line,
            column: index + 1,
            label: self.header.labels.get(index).cloned().unwrap_or_default(),
            text: cell.to_owned(),
            reason: self.why_unread(row, index, reason),
        });
        None
    }

    /// Does the row add up (total = aid + counterpart) read as vi, as en? Asked of rows
    /// with a cell that reads either way (`1,700`): which way the sums hold tells how
    /// the file writes its numbers.
    fn adds_up(&self, row: &Row) -> [bool; 2] {
        // A row whose third figure is taken from the other two adds up either way; one
        // figure alone adds up to nothing.
        if self.stated != Stated::All {
            return [false; 2];
        }
        [Convention::Vi, Convention::En].map(|convention| {
            // A figure with the file's unit beside it (`$1,700`) is read as its figure.
            let in_unit = |i: usize| {
                let unit = self.unit.as_ref()?;
                unit::figure_in_unit(row.cell(i), convention, unit).map(|(value, _)| value)
            };
            let amount = |i: usize| row.amount(i, convention).ok().or_else(|| in_unit(i));
            let read = |role| amount_of(&self.header, role, amount);
            let counterpart = read(CatalogueRole::Counterpart).unwrap_or_default();
            match (read(CatalogueRole::Total), read(CatalogueRole::Aid)) {
                (Some(total), Some(aid)) => aid.checked_add(counterpart) == Some(total),
                _ => false,
            }
        })
    }

    /// The project a row holds, its text borrowed from the row (its period from
    /// `joined`, where the file writes it over two columns).
    fn project<'r>(
        &self,
        row: &'r Row,
        amounts: Amounts,
        number: Option<&'r str>,
        joined: &'r mut String,
        words: bool,
    ) -> ProjectView<'r> {
        use CatalogueRole::*;
        // A project's words are taken only for a sink that reads them
        // ([`CatalogueSink::reads_words`]).
        let take = |role| match words {
            true => self.shown(row, role),
            false => "",
        };
        let province = self.province(row);
        Project {
            line: row.line,
            number,
            name: self.cell(row, Name),
            owner: take(Owner),
            location: take(Location),
            period: match words {
                true => self.period(row, joined, Self::shown),
                false => "",
            },
            content: take(Content),
            note: take(Note),
            province,
            amounts,
            components: Vec::new(),
            declared: None,
            hidden: row.hidden,
        }
    }

    /// The period `cell` gives of a row (as shown, [`RowReader::shown`], or as written):
    /// its period cell or, where the header writes the period over two columns, their
    /// years joined in `joined` (`2021` and `2025`: `2021-2025`).
    #[inline(always)]
    fn period<'r>(
        &self,
        row: &'r Row,
        joined: &'r mut String,
        cell: impl Fn(&Self, &'r Row, CatalogueRole) -> &'r str,
    ) -> &'r str {
        let start = cell(self, row, CatalogueRole::Period);
        let end = cell(self, row, CatalogueRole::PeriodEnd);
        if end.is_empty() || end == start {
            return start;
        }
        if start.is_empty() {
            return end;
        }
        joined.clear();
        joined.push_str(start);
        joined.push('-');
        joined.push_str(end);
        joined
    }

    /// The province a project row names, where the file has a province column.
    fn province<'r>(&self, row: &'r Row) -> Option<&'r str> {
        Some(self.shown(row, CatalogueRole::Province)).filter(|p| !p.is_empty())
    }

    /// Is the row the header of another kind of table (an implementation plan)? Only rows
    /// that start with words are looked at. A header names as many columns as a header
    /// must, and no figure: a component's words may name a plan's task and lead
    /// (`Hoạt động truyền thông`, `Trung tâm Y tế huyện chủ trì`).
    fn starts_another_table(&self, row: &Row) -> bool {
        let first = row.first_text();
        // The figures first: reading a row as a header folds every cell of it, which
        // component rows thousands of cells wide would each pay.
        let plan_header = || {
            !row.cells().any(number::looks_like_figure)
                && header::header_of(row).is_some_and(|plan| is_plan_header(&plan))
        };
        !first.starts_with(|c: char| c.is_ascii_digit())
            && !is_sector_mark(first)
            && (plan_header() || row.cells().any(signs_off))
    }

    /// Does a row without a number name a sector: `Lĩnh vực …` or a heading in capitals
    /// (`Y TẾ`) in its name cell, and no owner, place or period?
    fn names_a_sector(&self, row: &Row) -> bool {
        let name = self.cell(row, CatalogueRole::Name);
        // A heading in capitals without figures may be a note under the table.
        let capitals = name.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !name.chars().any(char::is_lowercase)
            && MONEY_ROLES
                .iter()
                .flat_map(|&role| amount_cells(&self.header, role))
                .any(|&index| !row.cell(index).is_empty());
        (capitals || fold(name).starts_with("linh vuc ")) && self.is_heading(row)
    }

    /// The sector's mark and name a number cell holds together (`I. Lĩnh vực y tế`,
    /// [`mark_and_name`]), the name cell being empty and no owner, place or period named.
    fn mark_and_name_in_number_cell<'r>(
        &self,
        number: &'r str,
        row: &Row,
    ) -> Option<(&'r str, &'r str)> {
        let alone = self.cell(row, CatalogueRole::Name).is_empty()
            && !self.names_owner_place_or_period(row);
        alone.then(|| mark_and_name(number)).flatten()
    }

    /// Does the number cell hold a sector's name (`Y tế`: a heading merged across the
    /// table, whose text a spreadsheet keeps in the first cell), the name cell being empty?
    /// Words only: no digit, and not a list mark (`a)`, `- `).
    fn names_a_sector_in_number_cell(&self, number: &str, row: &Row) -> bool {
        let list_mark = matches!(number.chars().nth(1), Some(')' | '.'))
            || number.starts_with(['-', '+', '*', '•']);
        !self.choices.no_named_sectors
            && number.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && number.starts_with(char::is_alphabetic)
            && !number.contains(|c: char| c.is_ascii_digit())
            && !list_mark
            && self.cell(row, CatalogueRole::Name).is_empty()
    }

    /// Could a row without a number be a sector's heading: a name alone, with no owner,
    /// place or period? It is read as one where projects numbered afresh follow it (see
    /// [`Assembler::sector_from_heading_above`]).
    fn is_heading(&self, row: &Row) -> bool {
        !self.choices.no_named_sectors
            && !self.cell(row, CatalogueRole::Name).is_empty()
            && !self.names_owner_place_or_period(row)
    }

    /// The sector a heading row would be ([`RowReader::is_heading`]): its name and figures.
    fn heading(&self, row: &Row, amounts: Amounts) -> Option<Sector> {
        self.is_heading(row).then(|| Sector {
            code: None,
            name: self.text(row, CatalogueRole::Name),
            declared: self.declared(row, amounts),
            projects: Vec::new(),
        })
    }

    /// Does the row name an owner, a place or a period (as a project does)?
    fn names_owner_place_or_period(&self, row: &Row) -> bool {
        [
            CatalogueRole::Owner,
            CatalogueRole::Location,
            CatalogueRole::Period,
            CatalogueRole::PeriodEnd,
        ]
        .into_iter()
        .any(|role| !self.cell(row, role).is_empty())
    }

    /// Does a row without a number name a project of its own (a name, and its owner,
    /// place or period), rather than a component of the project above?
    fn names_a_project(&self, row: &Row) -> bool {
        if self.choices.unnumbered_components {
            return false;
        }
        !self.cell(row, CatalogueRole::Name).is_empty() && self.names_owner_place_or_period(row)
    }

    /// Is `row` a name alone, in a table of names alone: no number column, no owner,
    /// place or period column, and no number or item mark (`-`, `a)`) in its name? Such a
    /// table tells a project from a component by nothing in its cells; under a project
    /// without a number (the table numbers none), the row is a project of its own.
    fn is_bare_name(&self, row: &Row) -> bool {
        let names_nothing_else = || {
            [
                CatalogueRole::Number,
                CatalogueRole::Owner,
                CatalogueRole::Location,
                CatalogueRole::Period,
                CatalogueRole::PeriodEnd,
            ]
            .into_iter()
            .all(|role| self.header.index(role).is_none())
        };
        !self.choices.unnumbered_components
            && !self.cell(row, CatalogueRole::Name).is_empty()
            && self.number(row).is_none()
            && names_nothing_else()
    }

    fn declared(&self, row: &Row, amounts: Amounts) -> Option<Declared> {
        let formula = |role| {
            self.header
                .index(role)
                .and_then(|i| row.formula(i))
                .map(str::to_owned)
        };
        (!amounts.is_blank()).then(|| Declared {
            line: row.line,
            amounts,
            formulas: MONEY_ROLES.map(formula),
            unread: self.unread_money(row, &amounts),
        })
    }

    /// The money columns whose cell on `row` is neither empty nor read into `amounts`
    /// (not a number), or says a sum does not apply (`x`) ([`Declared::unread`]).
    fn unread_money(&self, row: &Row, amounts: &Amounts) -> u8 {
        let declares_nothing =
            |cell: &str| !number::is_blank(cell) || number::is_not_applicable(cell);
        let unread = |(role, column): (CatalogueRole, MoneyColumn)| {
            amounts.get(column).is_none()
                && (self.header.index(role)).is_some_and(|at| declares_nothing(row.cell(at)))
        };
        (MONEY_ROLES.into_iter().zip(MoneyColumn::ALL))
            .filter(|&pair| unread(pair))
            .fold(0, |mask, (_, column)| mask | column.bit())
    }
}

/// The unit a row's unit cell names where it is not the file's: its figures are in it.
pub fn row_unit(written: &str, file: &Unit) -> Option<Unit> {
    Unit::parse(written).filter(|unit| unit != file)
}

/// What consumes a catalogue as it is read: the collector that builds the model, the
/// checker, the summary. Projects come whole (with their components), in file order.
/// Every event but a project is ignored unless a sink says what it does with it.
pub trait CatalogueSink {
    /// A new sector; sectors are numbered from 0 in the order they come.
    fn sector(&mut self, sector: Sector) {
        let _ = sector;
    }
    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError>;
    fn grand_total(&mut self, declared: Declared) {
        let _ = declared;
    }
    /// A sector's subtotal declared on a row after its projects (`Cộng`).
    fn sector_subtotal(&mut self, sector: usize, declared: Declared) {
        let _ = (sector, declared);
    }
    /// A group row above sectors, once its last sector is known.
    fn group(&mut self, group: Group) {
        let _ = group;
    }
    fn bad_cell(&mut self, cell: BadCell) {
        let _ = cell;
    }
    fn ragged_row(&mut self, row: RaggedRow) {
        let _ = row;
    }
    /// A row whose breakdown of an amount into columns beside it does not add up to it.
    fn breakdown_off(&mut self, row: BreakdownOff) {
        let _ = row;
    }
    /// A row's figures in the breakdowns' columns, before the project or sum it is part
    /// of is handed on.
    fn part_figures(&mut self, row: PartFigures) {
        let _ = row;
    }
    /// A row that could not be placed: no number, no project name, no project above it
    /// to be a component of. It is not read.
    fn unplaced_row(&mut self, line: usize) {
        let _ = line;
    }
    /// Does this sink use what it is fed? An absent one does not, and is not fed copies.
    fn is_present(&self) -> bool {
        true
    }
    /// Does this sink read a project's words (its owner, place, period, content and
    /// note), or only its number, name, figures, province and place in the file? A
    /// project is read from its row only for what its sinks read: a summary by sector
    /// reads no words.
    fn reads_words(&self) -> bool {
        true
    }
    /// An empty sink of its own for a later range of the file, so that the ranges of a
    /// tidy file are folded on every core and joined in file order. `None` (the default):
    /// the sink is fed the whole file in one pass.
    fn fork(&self) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }
    /// Adds what `later` folded: a fork fed the rows right after those this sink was fed,
    /// its lines counted from its range's start (`shift` lines on here). Its sector `i` is
    /// this sink's sector `sectors[i]`; those past the sectors this sink knows are new, in
    /// order. Called only on a sink whose [`fork`](CatalogueSink::fork) gave one.
    fn join(&mut self, later: Self, sectors: &[usize], shift: usize) -> Result<(), ReadError>
    where
        Self: Sized,
    {
        let _ = (later, sectors, shift);
        Ok(())
    }
    /// Once the whole file is read: the projects whose names this sink needs and did not
    /// keep, as (line, number) (the checker keeps no names past its budget of numbers, and
    /// finds a number's repeats there only at the end). The reader reads the file again
    /// for them and gives them to [`named`](CatalogueSink::named).
    fn unnamed_lines(&mut self) -> Result<Vec<(usize, String)>, ReadError> {
        Ok(Vec::new())
    }
    /// The projects on the lines [`unnamed_lines`](CatalogueSink::unnamed_lines) gave,
    /// read again, in line order.
    fn named(&mut self, projects: &[NamedProject]) -> Result<(), ReadError> {
        let _ = projects;
        Ok(())
    }
}

/// A project read again for its name ([`CatalogueSink::unnamed_lines`]).
#[derive(Debug, Clone)]
pub struct NamedProject {
    pub line: usize,
    pub number: Option<String>,
    pub name: String,
}

/// Two sinks fed alike: the model and its check, say.
impl<A: CatalogueSink, B: CatalogueSink> CatalogueSink for (A, B) {
    fn sector(&mut self, sector: Sector) {
        self.0.sector(sector.clone());
        self.1.sector(sector);
    }

    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        self.0.project(sector, project)?;
        self.1.project(sector, project)
    }

    fn reads_words(&self) -> bool {
        self.0.reads_words() || self.1.reads_words()
    }

    fn grand_total(&mut self, declared: Declared) {
        self.0.grand_total(declared.clone());
        self.1.grand_total(declared);
    }

    fn sector_subtotal(&mut self, sector: usize, declared: Declared) {
        if self.1.is_present() {
            self.1.sector_subtotal(sector, declared.clone());
        }
        self.0.sector_subtotal(sector, declared);
    }

    fn group(&mut self, group: Group) {
        if self.1.is_present() {
            self.1.group(group.clone());
        }
        self.0.group(group);
    }

    fn bad_cell(&mut self, cell: BadCell) {
        self.0.bad_cell(cell.clone());
        self.1.bad_cell(cell);
    }

    fn unplaced_row(&mut self, line: usize) {
        self.0.unplaced_row(line);
        self.1.unplaced_row(line);
    }

    fn ragged_row(&mut self, row: RaggedRow) {
        self.0.ragged_row(row);
        self.1.ragged_row(row);
    }

    fn breakdown_off(&mut self, row: BreakdownOff) {
        self.0.breakdown_off(row.clone());
        self.1.breakdown_off(row);
    }

    fn part_figures(&mut self, row: PartFigures) {
        if self.1.is_present() {
            self.1.part_figures(row.clone());
        }
        self.0.part_figures(row);
    }

    fn fork(&self) -> Option<Self> {
        Some((self.0.fork()?, self.1.fork()?))
    }

    fn join(&mut self, later: Self, sectors: &[usize], shift: usize) -> Result<(), ReadError> {
        self.0.join(later.0, sectors, shift)?;
        self.1.join(later.1, sectors, shift)
    }

    fn unnamed_lines(&mut self) -> Result<Vec<(usize, String)>, ReadError> {
        let mut lines = self.0.unnamed_lines()?;
        lines.extend(self.1.unnamed_lines()?);
        Ok(lines)
    }

    fn named(&mut self, projects: &[NamedProject]) -> Result<(), ReadError> {
        self.0.named(projects)?;
        self.1.named(projects)
    }
}

/// A sink that may be absent (a check only some outputs need).
impl<S: CatalogueSink> CatalogueSink for Option<S> {
    fn sector(&mut self, sector: Sector) {
        if let Some(sink) = self {
            sink.sector(sector);
        }
    }

    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        match self {
            Some(sink) => sink.project(sector, project),
            None => Ok(()),
        }
    }

    fn grand_total(&mut self, declared: Declared) {
        if let Some(sink) = self {
            sink.grand_total(declared);
        }
    }

    fn sector_subtotal(&mut self, sector: usize, declared: Declared) {
        if let Some(sink) = self {
            sink.sector_subtotal(sector, declared);
        }
    }

    fn group(&mut self, group: Group) {
        if let Some(sink) = self {
            sink.group(group);
        }
    }

    fn bad_cell(&mut self, cell: BadCell) {
        if let Some(sink) = self {
            sink.bad_cell(cell);
        }
    }

    fn unplaced_row(&mut self, line: usize) {
        if let Some(sink) = self {
            sink.unplaced_row(line);
        }
    }

    fn part_figures(&mut self, row: PartFigures) {
        if let Some(sink) = self {
            sink.part_figures(row);
        }
    }

    fn ragged_row(&mut self, row: RaggedRow) {
        if let Some(sink) = self {
            sink.ragged_row(row);
        }
    }

    fn breakdown_off(&mut self, row: BreakdownOff) {
        if let Some(sink) = self {
            sink.breakdown_off(row);
        }
    }

    fn is_present(&self) -> bool {
        self.is_some()
    }

    fn reads_words(&self) -> bool {
        self.as_ref().is_some_and(CatalogueSink::reads_words)
    }

    fn unnamed_lines(&mut self) -> Result<Vec<(usize, String)>, ReadError> {
        match self {
            Some(sink) => sink.unnamed_lines(),
            None => Ok(Vec::new()),
        }
    }

    fn named(&mut self, projects: &[NamedProject]) -> Result<(), ReadError> {
        match self {
            Some(sink) => sink.named(projects),
            None => Ok(()),
        }
    }

    fn fork(&self) -> Option<Self> {
        match self {
            Some(sink) => sink.fork().map(Some),
            None => Some(None),
        }
    }

    fn join(&mut self, later: Self, sectors: &[usize], shift: usize) -> Result<(), ReadError> {
        match (self, later) {
            (Some(sink), Some(later)) => sink.join(later, sectors, shift),
            _ => Ok(()),
        }
    }
}

/// Turns row events into the catalogue's structure, in file order: sectors, projects
/// with their components, the grand total. One per file, run sequentially.
pub struct Assembler {
    reader: RowReader,
    sectors: usize,
    /// Published: the current sector already has a project (a row with no number is
    /// then a component of it).
    sector_has_project: bool,
    /// Published: the project read last, held until the next row says what it is (its
    /// components follow it; a row numbered `1.1` makes a row `1` a sector).
    pending: Option<Pending>,
    /// Published: sectors are numbers, found by their projects' numbers under theirs
    /// (`1` over `1.1`, `2.1` over `2.1.1`), all as deep as `sector_depth`.
    numbered_sectors: bool,
    sector_depth: usize,
    /// Published: a sector row with a mark (`I`, `A`) has been read: rows that name
    /// only themselves are then never taken for sectors.
    marked_sectors: bool,
    /// Published: the number of the project read last, where it is a whole number.
    last_number: Option<u64>,
    /// Published: the last whole number of a project (a row `2.1` between leaves it).
    last_whole: Option<u64>,
    /// Published: sectors are numbered deeper than their projects (`2.1` over `1`).
    deeper_sectors: bool,
    /// Published: the table's first numbered sector (`2`, over `2.1`) is held, until the
    /// row after `2.1` says whether `2.1` is its project or a sector of its group (`2`
    /// over `2.1` over projects `1`, `2`).
    part_held: bool,
    /// Published: the number of the table's last section, once its first numbered row
    /// was read as the group of the sectors numbered under it ([`Reading::NumberedGroup`]):
    /// the next section follows ([`Assembler::section_from_above`]).
    numbered_section: Option<u64>,
    /// Published: the current sector's first project is marked by a letter (`a`, `b)`
    /// right under `I`) or a bullet (`-`): its rows marked so are projects, not
    /// components.
    project_mark: Option<ProjectMark>,
    /// Published: the words of a line of prose right above, and its line.
    prose_above: Option<(String, usize)>,
    /// Published: the last sector row, held until the row below says what it is.
    held: Option<HeldSector>,
    /// The open group and whether the file has groups (then every letter row is one).
    group: Option<Group>,
    groups_seen: bool,
    /// Published: numeral rows group the sectors numbered under them (`I` over `I.1`).
    numeral_groups: bool,
    /// Published: the numeral row held (`I`) is right above a row `1` that names a sector
    /// (`Nông nghiệp`), held until the row after it says whether `1` is a sector over
    /// projects `1.1`, `1.2` and `I` their group ([`Assembler::group_over_numbered_sector`]).
    numeral_held: bool,
    /// Published: the projects read before any sector row, waiting for a row below them
    /// to name their sector (`Cộng lĩnh vực y tế`); `None` once too many have waited.
    waiting: Option<Waiting>,
    /// Published: sectors are named by the rows that close them, below their projects
    /// (`Cộng lĩnh vực y tế`), there being no sector rows above them.
    closing_sectors: bool,
    /// Published: rows numbered under a numeral are its projects (`I.1`, `I.2` with
    /// nothing between them: [`Assembler::numeral_projects_after_all`]).
    numeral_projects: bool,
    /// Published: rows marked `(1)`, `(2)` one right after another were read: such rows
    /// number projects, not sectors ([`Assembler::numbers_projects_in_brackets`]).
    bracketed_projects: bool,
    /// Another table began: the rest of the file is not the catalogue.
    ended: bool,
    /// The readings taken where the layout allows two.
    pub readings: Vec<Reading>,
    /// Published: a sector row has been read (not only the unnamed sector of projects
    /// before any).
    sector_rows: bool,
    /// Published: the sector the sheet's name or the table's title names, where one
    /// does: projects under no sector row are that sector's.
    named_sector: Option<NamedSector>,
    /// Published: a sector closed with a `Cộng` row below its projects.
    subtotal_rows: bool,
    /// Published: a bare `Cộng` below the last of several sectors, none closed so before,
    /// taken as the grand total: that sector and the row's figures, handed on as the grand
    /// total at the end, or as the sector's subtotal should a grand total row, another
    /// sector or a project follow ([`Assembler::bare_subtotal_after_all`]).
    bare_total: Option<(usize, Declared)>,
    grand_total_taken: bool,
    /// Published: the grand total closed the table below its projects, and no sector or
    /// numbered row has followed it: a row without a number is a note on the table.
    closed_by_total: bool,
    /// Tidy: the sectors met so far, by code and name.
    tidy_sectors: TidySectors,
    /// The province every project names, while they all name the same one.
    province: Agreed,
    /// A fork for a later range: its sectors are counted when it is joined.
    forked: bool,
    /// Tidy: the sector of the last project, which a project whose sector cells are
    /// empty, or agree with its code and name where not, is in (a sector merged down its
    /// projects' rows: its code or name only in the first).
    tidy_last: Option<usize>,
    /// Tidy: whether the header has a sector code column, and a sector name column.
    sector_columns: (bool, bool),
    /// Tidy, a fork: the sector (code, name) of the last project before its range, given
    /// where its first project leaves the sector empty; else whether one did
    /// (`needs_sector_above`), for the range to be folded again with it.
    sector_above: Option<(Box<str>, Box<str>)>,
    needs_sector_above: bool,
    /// Rows read and done with, for the reader to reuse: rows made on one thread and
    /// freed on another cost the allocator a lock each.
    spent: Vec<Row>,
}

/// Projects read before any sector row ([`Assembler::waiting`]) and the bytes of text
/// they hold.
#[derive(Default)]
struct Waiting {
    projects: Vec<Pending>,
    bytes: usize,
}

/// At most this many projects, of at most [`MAX_WAITING_BYTES`] in all, wait for a row
/// to name their sector; past either they are in a sector with no name, as a table
/// without sectors has them.
const MAX_WAITING: usize = 1_000;
const MAX_WAITING_BYTES: usize = 4 << 20;

/// The longest a cell continued by the rows below it grows ([`Assembler::continues_above`]):
/// a name wrapped over a few lines is a few hundred bytes.
const MAX_CONTINUED_BYTES: usize = 2048;
/// The most rows read as the rest of one project's row, and the most cells each fills:
/// each rewrites the cells it continues, and a row keeps the text it replaced.
pub(crate) const MAX_CONTINUED_ROWS: usize = 16;
const MAX_CONTINUED_CELLS: usize = 8;

/// The figures typed on line `line` as declared sums, where it has any: a row read first
/// as a project or part, then found to be a sector's (its formulas are not kept), the
/// money columns `unread` not numbers.
fn typed_sums(line: usize, amounts: Amounts, unread: u8) -> Option<Declared> {
    (!amounts.is_blank()).then(|| Declared {
        line,
        amounts,
        formulas: Default::default(),
        unread,
    })
}

/// A published sector row held until the row below says whether it is a sector or a
/// group above sectors (a letter row right above a numeral row), with whether its mark
/// is a letter, its line and its cells (a row `I.1` may be a project after all).
struct HeldSector {
    sector: Sector,
    letter: bool,
    line: usize,
    row: Row,
}

impl HeldSector {
    /// Is its mark a number in brackets (`(1)`)?
    fn is_bracketed(&self) -> bool {
        self.sector.code.as_deref().is_some_and(is_bracketed)
    }
}

/// A published project held until the row below says what it is. Its row is kept as
/// read, and its text borrowed from it when it is handed on: a copy of every project's
/// texts was most of the work of the thread that assembles a published file.
struct Pending {
    /// Its sector (`None`: before any sector row).
    sector: Option<usize>,
    row: Row,
    amounts: Amounts,
    /// Read as numbered: its number is the row's ([`RowReader::number`]).
    numbered: bool,
    components: Vec<Component>,
    /// Its components are parts numbered under it (`1.1` under `1`): its row states
    /// their sums.
    parts: bool,
    /// The last component as a sector, and its line, where its row is a heading
    /// ([`RowReader::is_heading`]).
    heading: Option<(Sector, usize)>,
    /// Rows right below it that name a project of their own (without a number, or
    /// numbered under it), held until the rows after them say whether they break it down
    /// (they add up to it) or are projects: a programme's row over its sub-projects
    /// (`a)`, `b)`) is written so.
    candidates: Vec<Candidate>,
    /// The bytes of text the candidates hold.
    candidate_bytes: usize,
    /// Its components break it down ([`Assembler::breaks_down`]), as settled from
    /// `candidates`.
    breakdown: bool,
    /// The owner, place and period its parts name: a programme's row that names none
    /// takes those its parts agree on.
    parts_name: PartsName,
    /// The rows below it read as the rest of its own ([`Assembler::continues_above`]).
    continued: usize,
}

/// The owner, place and period the parts of a project name ([`Agreed`]).
#[derive(Debug, Default)]
struct PartsName {
    owner: Agreed,
    location: Agreed,
    period: Agreed,
}

impl PartsName {
    fn note(&mut self, reader: &RowReader, row: &Row) {
        let mut joined = String::new();
        self.owner
            .note(Some(reader.cell(row, CatalogueRole::Owner)));
        self.location
            .note(Some(reader.cell(row, CatalogueRole::Location)));
        self.period
            .note(Some(reader.period(row, &mut joined, RowReader::cell)));
    }

    /// Do its parts name no owner, place or period?
    fn names_none(&self) -> bool {
        [&self.owner, &self.location, &self.period]
            .iter()
            .all(|agreed| matches!(agreed, Agreed::None))
    }

    /// Gives `project` what its parts agree on where its own row is silent.
    fn fill<'p>(&'p self, project: &mut ProjectView<'p>) {
        for (field, agreed) in [
            (&mut project.owner, &self.owner),
            (&mut project.location, &self.location),
            (&mut project.period, &self.period),
        ] {
            if field.is_empty()
                && let Some(text) = agreed.one()
            {
                *field = text;
            }
        }
    }
}

/// A row held under a project until the rows after it say whether it is a part of it.
struct Candidate {
    row: Row,
    amounts: Amounts,
    /// Numbered under the project (`1.1`).
    numbered: bool,
}

impl Pending {
    /// Past [`MAX_COMPONENTS`], an error at `line`, the row that would make one too many.
    fn fits_another_component(&self, line: usize) -> Result<(), ReadError> {
        match self.components.len() < MAX_COMPONENTS {
            true => Ok(()),
            false => Err(ReadError::at(
                line,
                None,
                Problem::TooManyComponents {
                    max: MAX_COMPONENTS,
                    project: self.row.line,
                },
            )),
        }
    }

    fn new(sector: Option<usize>, row: Row, amounts: Amounts, numbered: bool) -> Self {
        Pending {
            sector,
            row,
            amounts,
            numbered,
            components: Vec::new(),
            parts: false,
            heading: None,
            candidates: Vec::new(),
            candidate_bytes: 0,
            breakdown: false,
            parts_name: PartsName::default(),
            continued: 0,
        }
    }

    fn number<'r>(&'r self, reader: &RowReader) -> Option<&'r str> {
        self.numbered.then(|| reader.number(&self.row)).flatten()
    }

    /// Is a row numbered `number` the next numbered under this project: its first
    /// (`1.1` under `1`), or another once one is under it?
    fn numbers_next(&self, number: &str, reader: &RowReader) -> bool {
        let started = self.parts || !self.candidates.is_empty();
        self.number(reader).is_some_and(|above| match started {
            true => is_numbered_under(number, above),
            false => is_first_under(number, above),
        })
    }
}

/// At most this many rows, of at most [`MAX_CANDIDATE_BYTES`] in all, are held as
/// [`Pending::candidates`]; a row past either is a project of its own. A breakdown is a
/// few rows; the bound keeps a hostile file's held rows small.
const MAX_CANDIDATES: usize = 256;
const MAX_CANDIDATE_BYTES: usize = 1 << 20;

/// What the assembler does with a row once read: hold it (a project whose components
/// may follow, or a row that may be one of them), or hand it back.
enum Hold {
    Project {
        sector: Option<usize>,
        numbered: bool,
    },
    Candidate {
        numbered: bool,
    },
}

/// A row an event holds or borrows: kept by a project held back, else handed back to be
/// reused for a later record (see [`Assembler::take_spent_rows`]).
pub trait RowHandle: Borrow<Row> {
    fn into_row(self) -> Row;
    fn spend(self, spent: &mut Vec<Row>);
}

impl RowHandle for Row {
    fn into_row(self) -> Row {
        self
    }

    fn spend(self, spent: &mut Vec<Row>) {
        if self.is_reusable() {
            spent.push(self);
        }
    }
}

impl RowHandle for &Row {
    fn into_row(self) -> Row {
        self.clone()
    }

    /// A borrowed row's room is its owner's to reuse.
    fn spend(self, _: &mut Vec<Row>) {}
}

/// A text rows may give, folded over them: none given, all the same, or not all the
/// same (the province of every project; the owner of every part of a project).
#[derive(Debug, Default)]
enum Agreed {
    #[default]
    None,
    One(String),
    Several,
}

impl Agreed {
    /// Inlined: every project notes its province.
    #[inline(always)]
    fn note(&mut self, text: Option<&str>) {
        let Some(text) = text.filter(|text| !text.is_empty()) else {
            return;
        };
        match self {
            Agreed::None => *self = Agreed::One(text.to_owned()),
            Agreed::One(first) if first != text => *self = Agreed::Several,
            _ => {}
        }
    }

    /// Folds in what later rows agreed on.
    fn join(&mut self, later: Agreed) {
        match later {
            Agreed::None => {}
            Agreed::One(text) => self.note(Some(&text)),
            Agreed::Several => *self = Agreed::Several,
        }
    }

    fn one(&self) -> Option<&str> {
        match self {
            Agreed::One(text) => Some(text),
            _ => None,
        }
    }
}

/// A tidy file's sectors by code and name, looked up for every row. The texts are
/// compared by `memchr`'s inlined comparison, not the C library's `memcmp`: called for
/// every row on strings of a few dozen bytes, the library's AVX-512 variant took a
/// fifth of `summary`'s time on a machine where it is chosen.
#[derive(Debug)]
struct TidySectors {
    table: HashTable<TidySector>,
    /// Each sector's code and name by its number, for a row that leaves them empty.
    keys: Vec<(Box<str>, Box<str>)>,
    /// The sector last found in each slot ([`recent_slot`]), plus one (0: none): most
    /// files name a dozen sectors, each found here by one comparison of its texts, with
    /// no hash of them (tidy `summary` on 100,000 rows: 1.4% fewer instructions).
    recent: [u32; RECENT_SLOTS],
}

const RECENT_SLOTS: usize = 256;

impl Default for TidySectors {
    fn default() -> Self {
        TidySectors {
            table: HashTable::default(),
            keys: Vec::new(),
            recent: [0; RECENT_SLOTS],
        }
    }
}

/// The slot of [`TidySectors::recent`] a sector's code and name fall in: by their lengths
/// and last two bytes, which mostly differ among the names of one file's sectors (two
/// that share a slot are each found in the table when the other holds it).
fn recent_slot(code: &str, name: &str) -> usize {
    let tail = |text: &str| match text.as_bytes() {
        [.., a, b] => u64::from(u16::from_le_bytes([*a, *b])),
        [b] => u64::from(*b),
        [] => 0,
    };
    let lengths = (name.len() as u64) << 32 | code.len() as u64;
    let mixed = (lengths ^ tail(name) << 16 ^ tail(code) << 48).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 56) as usize
}

#[derive(Debug)]
struct TidySector {
    code: Box<str>,
    name: Box<str>,
    index: usize,
    /// The line it is first named on.
    line: usize,
}

impl TidySectors {
    /// The code and name of sector `index`.
    fn key(&self, index: usize) -> (&str, &str) {
        self.keys
            .get(index)
            .map_or(("", ""), |(code, name)| (code, name))
    }

    /// The number of the sector with this code and name, if met.
    fn find(&mut self, code: &str, name: &str) -> Option<usize> {
        let slot = recent_slot(code, name);
        if let Some(index) = self.recent[slot].checked_sub(1)
            && let Some((known_code, known_name)) = self.keys.get(index as usize)
            && same_sector((known_code, known_name), code, name)
        {
            return Some(index as usize);
        }
        let index = self
            .table
            .find(sector_hash(code, name), |sector| sector.is(code, name))
            .map(|sector| sector.index)?;
        if let Ok(recent) = u32::try_from(index + 1) {
            self.recent[slot] = recent;
        }
        Some(index)
    }

    /// The number of the sector with this code and name; when it is new (first named on
    /// `line`), `number` gives it one.
    fn find_or_add(
        &mut self,
        code: &str,
        name: &str,
        line: usize,
        number: impl FnOnce() -> usize,
    ) -> usize {
        let hash = sector_hash(code, name);
        if let Some(sector) = self.table.find(hash, |sector| sector.is(code, name)) {
            return sector.index;
        }
        let index = number();
        if self.keys.len() <= index {
            self.keys.resize(index + 1, Default::default());
        }
        self.keys[index] = (code.into(), name.into());
        let sector = TidySector {
            code: code.into(),
            name: name.into(),
            index,
            line,
        };
        self.table.insert_unique(hash, sector, |sector| {
            sector_hash(&sector.code, &sector.name)
        });
        index
    }
}

/// The note on the columns a sheet hides, named by what `row` held in them.
pub fn hidden_columns(row: &Row) -> Reading {
    let cells = (row.hidden_cells.iter())
        .map(|(index, text)| HiddenCell {
            column: super::column_letters(*index as usize + 1),
            text: text.clone(),
        })
        .collect();
    Reading::HiddenColumns {
        line: row.line,
        cells,
    }
}

fn too_many_sectors(line: usize) -> ReadError {
    let problem = Problem::TooManySectors { max: MAX_SECTORS };
    ReadError::at(line, None, problem)
}

fn sector_hash(code: &str, name: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one((code, name))
}

impl TidySector {
    fn is(&self, code: &str, name: &str) -> bool {
        same_sector((&self.code, &self.name), code, name)
    }
}

/// Is the sector of this code and name the one `known` names?
fn same_sector((known_code, known_name): (&str, &str), code: &str, name: &str) -> bool {
    use memchr::arch::all::is_equal;
    is_equal(known_code.as_bytes(), code.as_bytes())
        && is_equal(known_name.as_bytes(), name.as_bytes())
}

impl Assembler {
    pub fn new(reader: RowReader) -> Self {
        let sector_columns = (
            reader.header.has(CatalogueRole::SectorCode),
            reader.header.has(CatalogueRole::Sector),
        );
        Assembler {
            sector_columns,
            reader,
            sectors: 0,
            sector_has_project: false,
            pending: None,
            numbered_sectors: false,
            sector_depth: 0,
            marked_sectors: false,
            last_number: None,
            last_whole: None,
            deeper_sectors: false,
            part_held: false,
            numbered_section: None,
            project_mark: None,
            prose_above: None,
            held: None,
            group: None,
            groups_seen: false,
            numeral_groups: false,
            numeral_held: false,
            waiting: Some(Waiting::default()),
            closing_sectors: false,
            numeral_projects: false,
            bracketed_projects: false,
            ended: false,
            readings: Vec::new(),
            sector_rows: false,
            named_sector: None,
            subtotal_rows: false,
            bare_total: None,
            grand_total_taken: false,
            closed_by_total: false,
            tidy_sectors: TidySectors::default(),
            province: Agreed::None,
            forked: false,
            tidy_last: None,
            sector_above: None,
            needs_sector_above: false,
            spent: Vec::new(),
        }
    }

    pub fn reader(&self) -> &RowReader {
        &self.reader
    }

    /// The assembler of a table whose sheet or title names a sector
    /// ([`Assembler::named_sector`]).
    pub fn in_named_sector(self, named: Option<NamedSector>) -> Self {
        Assembler {
            named_sector: named,
            ..self
        }
    }

    /// The sector of projects read under no sector row: the one the sheet or title
    /// names where no sector row has been read, else one with no name.
    fn unnamed_sector(&mut self) -> Sector {
        match self.named_sector.clone().filter(|_| !self.sector_rows) {
            Some(named) => {
                self.note(named.reading());
                named.sector()
            }
            None => Sector::default(),
        }
    }

    /// An assembler for a later range of a tidy file: there every row names its sector
    /// (or leaves it empty under the row that does: see [`Assembler::needs_sector_above`]),
    /// so a range is assembled without the rows before it.
    pub fn fork(&self) -> Assembler {
        Assembler {
            forked: true,
            ..Assembler::new(self.reader.clone())
        }
    }

    /// A fork for the range after the rows this assembler has read, knowing the sector
    /// of their last project.
    pub fn fork_after(&self) -> Assembler {
        let above = self.tidy_last.map(|index| {
            let (code, name) = self.tidy_sectors.key(index);
            (code.into(), name.into())
        });
        Assembler {
            sector_above: above,
            ..self.fork()
        }
    }

    /// Did this fork's first project leave its sector empty, where the rows before its
    /// range ([`Assembler::fork_after`]) name one? It is then folded again after them.
    pub fn needs_sector_above(&self, before: &Assembler) -> bool {
        self.needs_sector_above && before.tidy_last.is_some()
    }

    /// Joins `later`, a fork that assembled the range after this one's into `later_sink`
    /// (lines counted from the range's start, `shift` lines on here): its sectors are
    /// found among those known here, new ones numbered on, and the sinks joined.
    pub fn join<S: CatalogueSink>(
        &mut self,
        later: Assembler,
        sink: &mut S,
        later_sink: S,
        shift: usize,
    ) -> Result<(), ReadError> {
        let mut found: Vec<TidySector> = later.tidy_sectors.table.into_iter().collect();
        found.sort_unstable_by_key(|sector| sector.index);
        let mut sectors = Vec::with_capacity(found.len());
        for sector in found {
            let line = sector.line + shift;
            let index = self
                .tidy_sectors
                .find_or_add(&sector.code, &sector.name, line, || {
                    self.sectors += 1;
                    self.sectors - 1
                });
            // Where a file read whole stops (see `row`).
            if self.sectors > MAX_SECTORS {
                return Err(too_many_sectors(line));
            }
            sectors.push(index);
        }
        if let Some(index) = later.tidy_last {
            self.tidy_last = Some(sectors[index]);
        }
        // The readings a range of a tidy file notes, at its lines in the file.
        for reading in &later.readings {
            let mut reading = reading.clone();
            match &mut reading {
                Reading::SectorFromAbove { line }
                | Reading::SectorTotals { line }
                | Reading::UnplacedSectorTotals { line }
                | Reading::HiddenRows { line }
                | Reading::HiddenColumns { line, .. } => *line += shift,
                _ => continue,
            }
            self.note(reading);
        }
        self.grand_total_taken |= later.grand_total_taken;
        self.province.join(later.province);
        sink.join(later_sink, &sectors, shift)
    }

    fn flush(&mut self, sink: &mut impl CatalogueSink) -> Result<(), ReadError> {
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        // A project of the sector held (`2` over `2.1`): the sector goes first.
        if pending.sector.is_some_and(|sector| sector >= self.sectors) {
            self.part_held = false;
            self.release_sector(sink)?;
        }
        // Projects before any sector row wait for a row below them to name their sector
        // (`Cộng lĩnh vực y tế`), a few at most.
        if pending.sector.is_none()
            && !self.sector_rows
            && let Some(waiting) = self.waiting.as_mut()
        {
            let components = pending
                .components
                .iter()
                .map(|c| std::mem::size_of::<Component>() + c.content.len() + c.note.len());
            waiting.bytes += pending.row.cells().map(str::len).sum::<usize>();
            waiting.bytes += components.sum::<usize>();
            waiting.projects.push(pending);
            if waiting.projects.len() > MAX_WAITING || waiting.bytes > MAX_WAITING_BYTES {
                let sector = self.unnamed_sector();
                self.release_waiting(sink, sector)?;
                self.waiting = None;
            }
            return Ok(());
        }
        // Else they go to a sector with no name.
        let sector = match pending.sector {
            Some(sector) => sector,
            None => {
                let sector = self.unnamed_sector();
                self.new_sector(sink, sector)
            }
        };
        let number = pending.number(&self.reader);
        let mut joined = String::new();
        let mut project = self.reader.project(
            &pending.row,
            pending.amounts,
            number,
            &mut joined,
            sink.reads_words(),
        );
        project.components = pending.components.iter().map(Component::view).collect();
        let breakdown = pending.breakdown || self.breaks_down(&pending);
        if let Some(first) = pending.components.first().filter(|_| breakdown) {
            self.note(Reading::Breakdown { line: first.line });
        }
        if pending.parts || breakdown {
            project.declared = self
                .reader
                .declared(&pending.row, pending.amounts)
                .map(Box::new);
            project.amounts = Amounts::default();
            pending.parts_name.fill(&mut project);
        }
        sink.project(sector, &project)?;
        pending.row.spend(&mut self.spent);
        Ok(())
    }

    /// Hands on the projects waiting for their sector's name, in `sector`.
    fn release_waiting(
        &mut self,
        sink: &mut impl CatalogueSink,
        sector: Sector,
    ) -> Result<(), ReadError> {
        let Some(waiting) = self.waiting.as_mut().filter(|w| !w.projects.is_empty()) else {
            return Ok(());
        };
        let projects = std::mem::take(&mut waiting.projects);
        waiting.bytes = 0;
        let index = self.new_sector(sink, sector);
        // Each is flushed as the project held is; the one held now waits its turn.
        let held = self.pending.take();
        for mut project in projects {
            project.sector = Some(index);
            self.pending = Some(project);
            self.flush(sink)?;
        }
        self.pending = held;
        Ok(())
    }

    /// Do the rows without a number under `pending` break its row down: two or more that
    /// add up to it in every money column (an empty cell counting as zero), or whose
    /// first begins `Trong đó` ("of which")? Rows that do neither are components added to
    /// the project, as the Sóc Trăng appendix writes them.
    fn breaks_down(&self, pending: &Pending) -> bool {
        let rows = &pending.components;
        if self.reader.choices.no_breakdowns
            || pending.parts
            || rows.len() < 2
            || pending.amounts.is_blank()
            || rows.iter().any(|row| row.number.is_some())
        {
            return false;
        }
        let says_so = fold(&rows[0].content).starts_with("trong do");
        says_so
            || Totals::exact_total(rows.iter().map(|row| row.amounts.or_zero()))
                == Some(pending.amounts.or_zero())
    }

    /// Is `row` the rest of the project or sector row above, wrapped onto a line of its
    /// own (a PDF conversion writes a long name so): no number, no figures, and every
    /// cell it fills goes on in lower case (`Trong đó` aside), right under a project with
    /// nothing under it yet or a sector row. What is continued stays small: a few rows
    /// of a few cells each ([`MAX_CONTINUED_ROWS`], [`MAX_CONTINUED_CELLS`]), no cell
    /// past [`MAX_CONTINUED_BYTES`]; a hostile file of such rows reads them as its own.
    /// Asked of rows without a number only ([`RowKind::Unnumbered`]).
    fn continues_above<R: RowHandle>(&self, event: &RowEvent<R>, row: &Row) -> bool {
        if self.reader.layout != Layout::Published
            || self.reader.choices.no_continued_rows
            || !event.amounts.is_blank()
            || !event.bad_cells.is_empty()
            || event.ragged.is_some()
            || self.reader.number(row).is_some()
        {
            return false;
        }
        let goes_on = |cell: &str| {
            cell.chars().next().is_some_and(char::is_lowercase)
                && !fold(cell).starts_with("trong do")
        };
        let filled = || row.cells().enumerate().filter(|(_, cell)| !cell.is_empty());
        let cells = filled().count();
        if cells == 0 || cells > MAX_CONTINUED_CELLS || !filled().all(|(_, cell)| goes_on(cell)) {
            return false;
        }
        let fits = |above: &str, more: &str| above.len() + 1 + more.len() <= MAX_CONTINUED_BYTES;
        match (&self.pending, &self.held) {
            (Some(above), _) => {
                above.continued < MAX_CONTINUED_ROWS
                    && above.components.is_empty()
                    && above.candidates.is_empty()
                    && !above.parts
                    && filled().all(|(index, more)| fits(above.row.cell(index), more))
            }
            // A sector's row goes on in its name alone.
            (None, Some(held)) => {
                let more = self.reader.text(row, CatalogueRole::Name);
                cells == 1 && !more.is_empty() && fits(&held.sector.name, &more)
            }
            (None, None) => false,
        }
    }

    /// Takes `event`'s row as the rest of the project row above, broken onto lines of
    /// its own inside a cell of several paragraphs (as Word saves a table as text: each
    /// paragraph a line): the row above has fewer cells than the header and no amount;
    /// this one's first cell goes on that row's last, and its others follow, to no more
    /// cells than the header's. A row of one cell is a paragraph between; one of more
    /// must bring the row above its figures. Its first cell is no row's number or mark.
    /// Bounded as rows continued in lower case are ([`MAX_CONTINUED_ROWS`],
    /// [`MAX_CONTINUED_BYTES`] a cell).
    #[inline(never)]
    fn goes_on_above<R: RowHandle>(
        &mut self,
        event: &RowEvent<R>,
        sink: &mut impl CatalogueSink,
    ) -> bool {
        let row: &Row = event.row.borrow();
        let width = self.reader.header.labels.len();
        let Some(above) = &self.pending else {
            return false;
        };
        let first = row.cell(0);
        let open = self.reader.layout == Layout::Published
            && !self.reader.choices.no_continued_rows
            && !row.is_empty()
            && above.row.len() < width
            && above.row.len() + row.len() - 1 <= width
            && above.amounts.is_blank()
            && above.components.is_empty()
            && above.candidates.is_empty()
            && !above.parts
            && above.continued < MAX_CONTINUED_ROWS
            && !is_numeric(first)
            && sector_code(first).is_none()
            && !is_item_mark(first)
            && !matches!(event.kind, RowKind::GrandTotal | RowKind::Subtotal)
            && (above.row.cells().last())
                .is_some_and(|last| last.len() + 1 + first.len() <= MAX_CONTINUED_BYTES);
        if !open {
            return false;
        }
        let mut joined = above.row.clone();
        joined.go_on_with(row);
        let mut evidence = Evidences::default();
        let Some(read) = self.reader.read(&joined, &mut evidence) else {
            return false;
        };
        if row.len() > 1 && read.amounts.is_blank() {
            return false;
        }
        for cell in &read.bad_cells {
            sink.bad_cell(cell.clone());
        }
        if let Some(ragged) = &read.ragged {
            sink.ragged_row(**ragged);
        }
        // The parts of its amounts stand in the lines below, as its figures do.
        Self::hand_on_breakdowns(read.parts, joined.line, sink);
        let amounts = read.amounts;
        if let Some(above) = &mut self.pending {
            above.row = joined;
            above.amounts = amounts;
            above.continued += 1;
        }
        self.note(Reading::BrokenRows { line: row.line });
        true
    }

    /// Is `row` held as a candidate part of the project above ([`Pending::candidates`])?
    /// It names a project of its own and has no number (or an item mark: `a)`, `-`) or
    /// one numbered under the project's (`dotted`, with no line of prose between, the
    /// project naming its own too: else the row is its part outright); the project above
    /// is numbered, has figures and nothing under it yet but other candidates.
    fn takes_candidate(
        &self,
        kind: &RowKind,
        dotted: Option<&str>,
        prose_above: bool,
        row: &Row,
    ) -> bool {
        let choices = &self.reader.choices;
        let under_project = |number| {
            self.pending
                .as_ref()
                .is_some_and(|above| above.numbers_next(number, &self.reader))
                && !self.opens_part(number, row)
                && !self.opens_sector(number)
        };
        let placed = match (kind, dotted) {
            // Under a numbered project only: in a table of projects without numbers,
            // one whose figures happen to be the sum of the next ones' is no programme.
            (RowKind::Unnumbered, _) => {
                !choices.no_breakdowns
                    && self.pending.as_ref().is_some_and(|above| above.numbered)
                    && !self.is_marked_project(row)
            }
            (RowKind::Numbered, Some(number)) => {
                !prose_above && !choices.no_numbered_parts && under_project(number)
            }
            _ => false,
        };
        placed
            && self.reader.layout == Layout::Published
            && self.sector_has_project
            && self.pending.as_ref().is_some_and(|pending| {
                !pending.parts
                    && pending.components.is_empty()
                    && !pending.amounts.is_blank()
                    && pending.candidates.len() < MAX_CANDIDATES
                    && pending.candidate_bytes < MAX_CANDIDATE_BYTES
            })
            && self.reader.names_a_project(row)
    }

    /// Is `row`, marked by a bullet or a letter, the first of a list right under a
    /// numbered row that names a sector and has nothing under it yet
    /// ([`Assembler::holds_numbered_heading`])? Then that row is a sector, and this its
    /// first project.
    fn opens_list_under_heading(&self, row: &Row) -> bool {
        self.reader.layout == Layout::Published
            && !self.reader.choices.unnumbered_components
            && self.reader.number(row).and_then(project_mark).is_some()
            && self.holds_numbered_heading()
    }

    /// Is `row` a name alone under a project without a number, in a table of names
    /// alone ([`RowReader::is_bare_name`]): a project of its own, as the one above is?
    fn lists_unnumbered_projects(&self, row: &Row) -> bool {
        self.pending.as_ref().is_some_and(|above| !above.numbered) && self.reader.is_bare_name(row)
    }

    /// Is `row`, read as having no number, a project marked as its sector's first is
    /// ([`Assembler::project_mark`])?
    fn is_marked_project(&self, row: &Row) -> bool {
        self.project_mark.is_some()
            && self.reader.number(row).and_then(project_mark) == self.project_mark
    }

    /// Settles the rows held as candidate parts of the project above: under a row that is
    /// a numbered sector's heading ([`Assembler::holds_numbered_heading`]), each is a project
    /// of that sector; else two or more that add up to it in every money column are its
    /// breakdown; otherwise each is a project of its own, as it would have been read had
    /// it not been held.
    fn settle_candidates(&mut self, sink: &mut impl CatalogueSink) -> Result<(), ReadError> {
        let Some(pending) = self.pending.as_mut().filter(|p| !p.candidates.is_empty()) else {
            return Ok(());
        };
        let candidates = std::mem::take(&mut pending.candidates);
        pending.candidate_bytes = 0;
        // Rows that name their own projects under a numbered row that names a sector
        // (`1 | Lĩnh vực y tế` over `- | Trạm y tế xã A | Sở Y tế`): its projects, added
        // up or not, and the row a sector.
        let heading = self.holds_numbered_heading();
        if let Some(above) = self.pending.take_if(|_| heading) {
            self.note(Reading::NumberedNamedSectors {
                line: above.row.line,
            });
            self.sector_from_project(above, sink)?;
            return self.candidates_as_projects(candidates, sink);
        }
        let Some(pending) = self.pending.as_mut() else {
            return Ok(());
        };
        let adds_up = candidates.len() >= 2
            && Totals::exact_total(candidates.iter().map(|held| held.amounts.or_zero()))
                == Some(pending.amounts.or_zero());
        if adds_up {
            let mut first_part = None;
            for held in candidates {
                let number = held
                    .numbered
                    .then(|| self.reader.number(&held.row))
                    .flatten();
                match number {
                    Some(number) => {
                        let part = (held.row.line, depth(number).saturating_sub(1));
                        first_part = first_part.or(Some(part));
                    }
                    None => pending.breakdown = true,
                }
                pending.parts_name.note(&self.reader, &held.row);
                pending.components.push(Component {
                    line: held.row.line,
                    number: number.map(str::to_owned),
                    content: (self.reader).component_text(
                        &held.row,
                        CatalogueRole::Name,
                        CatalogueRole::Content,
                        number.is_some(),
                    ),
                    note: self.reader.text(&held.row, CatalogueRole::Note),
                    amounts: held.amounts,
                });
                held.row.spend(&mut self.spent);
            }
            if let Some((line, depth)) = first_part {
                pending.parts = true;
                self.note(Reading::NumberedParts { line, depth });
            }
            return Ok(());
        }
        self.candidates_as_projects(candidates, sink)
    }

    /// Each row held as a candidate part a project of its own, as it would have been read
    /// had it not been held.
    fn candidates_as_projects(
        &mut self,
        candidates: Vec<Candidate>,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        for held in candidates {
            if !held.numbered {
                self.note(Reading::UnnumberedProjects {
                    line: held.row.line,
                });
            }
            self.flush(sink)?;
            let sector = self.sector_now();
            self.pending = Some(Pending::new(sector, held.row, held.amounts, held.numbered));
        }
        Ok(())
    }

    /// Makes the project held, `above`, a sector: its number the code, its figures the
    /// declared subtotals.
    fn sector_from_project(
        &mut self,
        above: Pending,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        let sector = self.sector_of(&above);
        above.row.spend(&mut self.spent);
        self.start_sector(sink, sector)?;
        self.sector_rows = true;
        Ok(())
    }

    /// The sector a project held turns out to be: its number the code, its figures the
    /// declared subtotals.
    fn sector_of(&self, above: &Pending) -> Sector {
        Sector {
            code: above.number(&self.reader).map(str::to_owned),
            name: self.reader.text(&above.row, CatalogueRole::Name),
            declared: typed_sums(
                above.row.line,
                above.amounts,
                self.reader.unread_money(&above.row, &above.amounts),
            ),
            projects: Vec::new(),
        }
    }

    /// The row's number, where it is a whole number (`3`, `3.`).
    fn whole_number(&self, row: &Row) -> Option<u64> {
        (self.reader.number(row)).and_then(|number| number.trim_end_matches('.').parse().ok())
    }

    /// A project numbered `1` right below the first row numbered under the table's first
    /// numbered sector (`2` over `2.1`, [`Assembler::part_held`]), where `2.1` names no
    /// owner, place or period: `2` is a group, and `2.1` and the rows numbered like it
    /// above projects numbered afresh are its sectors ([`Reading::NumberedGroup`]).
    fn group_from_part_above(
        &mut self,
        whole: Option<u64>,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        if !std::mem::take(&mut self.part_held) || whole != Some(1) {
            return Ok(());
        }
        let part = self.held.as_ref().and_then(|held| held.sector.code.clone());
        let heading = self.pending.as_ref().is_some_and(|above| {
            above.components.is_empty()
                && above.candidates.is_empty()
                && !self.reader.names_owner_place_or_period(&above.row)
                && (above.number(&self.reader))
                    .is_some_and(|n| part.as_deref().is_some_and(|part| is_first_under(n, part)))
        });
        if !heading || self.reader.choices.no_groups {
            return Ok(());
        }
        let (Some(held), Some(above)) = (self.held.take(), self.pending.take()) else {
            return Ok(());
        };
        held.row.spend(&mut self.spent);
        self.readings
            .retain(|r| !matches!(r, Reading::NumberedSectors { .. }));
        self.note(Reading::NumberedGroup { line: held.line });
        self.note(Reading::DeeperSectors {
            line: above.row.line,
        });
        self.numbered_sectors = false;
        self.deeper_sectors = true;
        self.numbered_section =
            (held.sector.code.as_deref()).and_then(|code| code.trim_end_matches('.').parse().ok());
        self.open_group(sink, held.sector);
        self.sector_from_project(above, sink)
    }

    /// A project numbered `1` right below the table's next section (`3` after section
    /// `2`'s projects, where sections are groups: `2` over `2.1` over projects `1`, `2`),
    /// a row that names no owner, place or period: with one part numbered first under it
    /// (`3.1`, naming none either), `3` is the next group and `3.1` its first sector; with
    /// none, `3` is a sector of its own, outside any group. Neither a project's parts nor
    /// the next project are followed by projects numbered afresh.
    fn section_from_above(&mut self, sink: &mut impl CatalogueSink) -> Result<(), ReadError> {
        let Some(last) = self.numbered_section else {
            return Ok(());
        };
        let reader = &self.reader;
        let heading = |above: &Pending| {
            let Some(number) = above
                .number(reader)
                .filter(|n| is_numeric(n) && depth(n) == 0)
            else {
                return false;
            };
            let next = number.trim_end_matches('.').parse::<u64>().ok() == last.checked_add(1);
            let parts = match above.components.as_slice() {
                [] => !above.parts,
                [part] => {
                    above.parts
                        && (part.number.as_deref()).is_some_and(|p| is_first_under(p, number))
                        && above.parts_name.names_none()
                }
                _ => false,
            };
            next && parts
                && above.candidates.is_empty()
                && !reader.names_owner_place_or_period(&above.row)
        };
        let Some(mut above) = self.pending.take_if(|above| heading(above)) else {
            return Ok(());
        };
        self.numbered_section = last.checked_add(1);
        let Some(part) = above.components.pop() else {
            // A section without sectors of its own.
            self.close_group(sink);
            return self.sector_from_project(above, sink);
        };
        // The note that rows numbered under a project are its parts, if this row gave it.
        (self.readings)
            .retain(|r| !matches!(r, Reading::NumberedParts { line, .. } if *line == part.line));
        let group = self.sector_of(&above);
        above.row.spend(&mut self.spent);
        self.open_group(sink, group);
        let sector = Sector {
            code: part.number,
            name: part.content,
            // A part keeps no row: its cells that are not numbers are not known here.
            declared: typed_sums(part.line, part.amounts, 0),
            projects: Vec::new(),
        };
        self.start_sector(sink, sector)?;
        Ok(())
    }

    /// A project numbered with a whole number (`1`, or the one after the last whole
    /// number) right below a project numbered deeper (`2.1`) that names no owner, place
    /// or period makes that row a sector: Vĩnh Phúc numbers its sectors `2.1` … `2.8`
    /// (the programme's section 2) above projects numbered `1`, `2`, … (A row `2.1` right
    /// under a project `2` is its part, and held as none.) Tables whose sectors are
    /// numbered above their projects' numbers (`1` over `1.1`) are left alone.
    fn sector_from_deeper_above(
        &mut self,
        whole: Option<u64>,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        let Some(whole) = whole else {
            return Ok(());
        };
        let last = self.last_whole.replace(whole);
        let afresh = whole == 1 || last.is_some_and(|last| whole == last + 1);
        if !afresh || self.numbered_sectors || self.reader.choices.no_numbered_sectors {
            return Ok(());
        }
        // Most projects have none numbered with a dot above them: settled first.
        let heading = self.pending.as_ref().is_some_and(|above| {
            above
                .number(&self.reader)
                .is_some_and(|n| n.bytes().any(|b| b == b'.') && is_numeric(n) && depth(n) > 0)
                && above.components.is_empty()
                && above.candidates.is_empty()
                && !self.reader.names_owner_place_or_period(&above.row)
        });
        if let Some(above) = self.pending.take_if(|_| heading) {
            self.note(Reading::DeeperSectors {
                line: above.row.line,
            });
            self.deeper_sectors = true;
            self.sector_from_project(above, sink)?;
        }
        Ok(())
    }

    /// A project numbered `1` right below a row numbered with a whole number that names a
    /// sector (`Lĩnh vực y tế`, or in capitals with figures) and no owner, place or period
    /// makes that row a sector, its number the code: a table that numbers its sectors
    /// `1`, `2` and the projects of each afresh. Tables whose sectors are marked otherwise
    /// are left alone.
    fn sector_from_numbered_heading_above(
        &mut self,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        let heading = self.holds_numbered_heading();
        if let Some(above) = self.pending.take_if(|_| heading) {
            self.note(Reading::NumberedNamedSectors {
                line: above.row.line,
            });
            self.sector_from_project(above, sink)?;
        }
        Ok(())
    }

    /// Is the project held, with nothing under it yet, a row numbered with a whole number
    /// that names a sector ([`RowReader::names_a_sector`]), in a table whose sectors are
    /// marked no other way?
    fn holds_numbered_heading(&self) -> bool {
        let marked = self.marked_sectors
            || self.numbered_sectors
            || self.deeper_sectors
            || self.numbered_section.is_some();
        !marked
            && !self.reader.choices.no_named_sectors
            && self.pending.as_ref().is_some_and(|above| {
                above.components.is_empty()
                    && above.candidates.is_empty()
                    && (above.number(&self.reader)).is_some_and(|n| is_numeric(n) && depth(n) == 0)
                    && self.reader.names_a_sector(&above.row)
            })
    }

    /// Is `row` (of `kind`), right below the numeral row held (`I`), a row numbered `1`
    /// whose name is a sector's of the national programme (`Nông nghiệp`, not a programme
    /// that holds its keywords) or begins `Lĩnh vực`, and that names no owner, place or
    /// period? Then `I` is held until the row after it.
    fn holds_numeral_over(&self, kind: &RowKind, row: &Row) -> bool {
        let choices = &self.reader.choices;
        let numeral = (self.held.as_ref())
            .and_then(|held| held.sector.code.as_deref())
            .is_some_and(|code| !code.is_empty() && code.bytes().all(|b| b"IVX".contains(&b)));
        if !matches!(kind, RowKind::Numbered)
            || !numeral
            || self.groups_seen
            || choices.no_groups
            || choices.no_numbered_sectors
            || self.reader.layout != Layout::Published
            || self.whole_number(row) != Some(1)
            || self.reader.names_owner_place_or_period(row)
        {
            return false;
        }
        let name = self.reader.text(row, CatalogueRole::Name);
        fold(&name).starts_with("linh vuc ") || crate::national::is_a_sector_name(&name)
    }

    /// The row after `1` (held under the numeral row `I`, [`Assembler::numeral_held`]):
    /// numbered `1.1` (`dotted`), `1` is a sector and `I` the group of the sectors numbered
    /// under it, as are later numeral rows above rows `1` (a row `2` over `2.1` is the
    /// next sector). Else `I` is a sector, and `1` its project.
    fn group_over_numbered_sector(
        &mut self,
        dotted: Option<&str>,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        self.numeral_held = false;
        let sector = self
            .pending
            .as_ref()
            .and_then(|above| above.number(&self.reader));
        let first_under = dotted
            .zip(sector)
            .is_some_and(|(number, sector)| is_first_under(number, sector));
        if !first_under {
            return self.release_sector(sink);
        }
        let (Some(held), Some(above)) = (self.held.take(), self.pending.take()) else {
            return Ok(());
        };
        held.row.spend(&mut self.spent);
        self.note(Reading::NumeralGroupsOverNumbers { line: held.line });
        self.note(Reading::NumberedSectors {
            line: above.row.line,
            depth: 0,
        });
        self.numeral_groups = true;
        self.numbered_sectors = true;
        self.sector_depth = 0;
        self.open_group(sink, held.sector);
        self.sector_from_project(above, sink)
    }

    /// Starts a published sector; projects still waiting for a sector's name above it
    /// go to one with none first.
    fn start_sector(
        &mut self,
        sink: &mut impl CatalogueSink,
        sector: Sector,
    ) -> Result<usize, ReadError> {
        self.release_waiting(sink, Sector::default())?;
        Ok(self.new_sector(sink, sector))
    }

    /// The sector a project read now is in: the last one begun, or none yet where
    /// sectors are named by the rows that close them (then it waits for its name).
    fn sector_now(&self) -> Option<usize> {
        match self.closing_sectors && !self.sector_rows {
            true => None,
            false => self.sectors.checked_sub(1),
        }
    }

    fn new_sector(&mut self, sink: &mut impl CatalogueSink, sector: Sector) -> usize {
        sink.sector(sector);
        self.sectors += 1;
        self.sector_has_project = false;
        self.sectors - 1
    }

    /// Notes a reading taken, once a kind (its first line).
    fn note(&mut self, reading: Reading) {
        let same = |r: &Reading| std::mem::discriminant(r) == std::mem::discriminant(&reading);
        if !self.readings.iter().any(same) {
            self.readings.push(reading);
        }
    }

    /// Hands on the sector row held back (no row below it yet said it was a group).
    #[inline]
    fn release_sector(&mut self, sink: &mut impl CatalogueSink) -> Result<(), ReadError> {
        // Asked of every row: most find none held, and move nothing.
        if self.held.is_none() {
            return Ok(());
        }
        if let Some(held) = self.held.take() {
            held.row.spend(&mut self.spent);
            self.start_sector(sink, held.sector)?;
        }
        Ok(())
    }

    /// The open numeral group, whose first row numbered under it (`I.1`, held) has
    /// nothing under it, is a sector after all, and the rows numbered under it its
    /// projects.
    fn numeral_projects_after_all(
        &mut self,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        let Some(group) = self.group.take() else {
            return Ok(());
        };
        self.readings
            .retain(|reading| !matches!(reading, Reading::NumeralGroups { .. }));
        self.numeral_groups = false;
        self.numeral_projects = true;
        let sector = Sector {
            code: Some(group.code),
            name: group.name,
            declared: group.declared,
            projects: Vec::new(),
        };
        let index = self.start_sector(sink, sector)?;
        if let Some(held) = self.held.take() {
            self.held_as_project(held, Some(index), sink)?;
        }
        Ok(())
    }

    /// `row` is a numbered project of `sector`, held for the rows below it.
    fn numbered_project(&mut self, row: &Row, sector: Option<usize>) -> Hold {
        self.province.note(self.reader.province(row));
        self.sector_has_project = true;
        Hold::Project {
            sector,
            numbered: true,
        }
    }

    /// The sector row held is a project of `sector` after all, its figures its own.
    fn held_as_project(
        &mut self,
        held: HeldSector,
        sector: Option<usize>,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        let amounts = held.sector.declared.map(|d| d.amounts).unwrap_or_default();
        self.province.note(self.reader.province(&held.row));
        self.pending = Some(Pending::new(sector, held.row, amounts, true));
        self.sector_has_project = true;
        self.flush(sink)
    }

    /// Starts a group with the sector row `row`, ending the group before it.
    fn open_group(&mut self, sink: &mut impl CatalogueSink, row: Sector) {
        self.close_group(sink);
        self.group = Some(Group {
            code: row.code.unwrap_or_default(),
            name: row.name,
            declared: row.declared,
            first: self.sectors,
            end: self.sectors,
        });
    }

    /// Ends the open group at the last sector read.
    fn close_group(&mut self, sink: &mut impl CatalogueSink) {
        if let Some(mut group) = self.group.take() {
            group.end = self.sectors;
            sink.group(group);
        }
    }

    /// Is a row numbered `number` a part of the project above (`1.1` under `1`, or after
    /// its part `1.1`)? Only where `1` over `1.1` does not make `1` a sector, and where
    /// the row names no owner, place or period, or the project above names none (a
    /// programme over its projects); a row that names its own below a project that names
    /// its own is a project, misnumbered or not.
    fn opens_part(&self, number: &str, row: &Row) -> bool {
        !self.reader.choices.no_numbered_parts
            && self.pending.as_ref().is_some_and(|above| {
                (above.parts || above.components.is_empty())
                    && above.numbers_next(number, &self.reader)
                    && !(self.reader.names_owner_place_or_period(row)
                        && self.reader.names_owner_place_or_period(&above.row))
            })
    }

    /// Does a project numbered `number` (`1.1`) make the project above (`1`, no
    /// components) its sector? Once sectors are numbered, only a number as deep as
    /// theirs is one: under sector `1`, project `1.1` over `1.1.1` is a project and its part.
    fn opens_sector(&self, number: &str) -> bool {
        // Under sectors marked otherwise, `1` over `1.1` is a project and its part.
        let numbered = (self.sectors == 0 || self.numbered_sectors)
            && !self.reader.choices.no_numbered_sectors;
        numbered
            && self.pending.as_ref().is_some_and(|above| {
                above.components.is_empty()
                    && above.number(&self.reader).is_some_and(|n| {
                        is_first_under(number, n)
                            && (!self.numbered_sectors || depth(n) == self.sector_depth)
                    })
            })
    }

    /// A project numbered afresh (`1`, or no more than the project above) right below a
    /// row without a number that names only itself makes that row a sector: the heading
    /// of a table whose sectors carry no mark (`Y tế` above `1`). The row was a line of
    /// prose (`prose_above`: words alone in the first cell), or was held as the project
    /// above (nothing above it to be a part of) or as that project's last component.
    /// Tables that mark their sectors (`I`, `1` over `1.1`) are left alone.
    fn sector_from_heading_above(
        &mut self,
        number: Option<u64>,
        prose_above: Option<(String, usize)>,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        let last = std::mem::replace(&mut self.last_number, number);
        let afresh = number.is_some_and(|n| n == 1 || last.is_some_and(|last| n <= last));
        if self.marked_sectors || self.numbered_sectors || self.deeper_sectors {
            return Ok(());
        }
        // The project above, unnumbered and alone, as a heading (not one of a list of
        // projects marked alike).
        let own = self
            .pending
            .as_ref()
            .filter(|above| {
                !above.numbered
                    && above.components.is_empty()
                    && !self.is_marked_project(&above.row)
            })
            .and_then(|above| {
                Some((
                    self.reader.heading(&above.row, above.amounts)?,
                    above.row.line,
                ))
            });
        // Numbered straight on, under sectors all read from headings: a heading that
        // names a sector of the national programme (`Giáo dục`) is one too.
        let names_a_sector = || {
            let name = match (&prose_above, &own) {
                (Some((name, _)), _) => Some(name.as_str()),
                (None, Some((sector, _))) => Some(sector.name.as_str()),
                (None, None) => self
                    .pending
                    .as_ref()
                    .and_then(|above| above.heading.as_ref())
                    .map(|(sector, _)| sector.name.as_str()),
            };
            self.sector_rows && name.is_some_and(crate::national::names_a_sector)
        };
        if !afresh && !names_a_sector() {
            return Ok(());
        }
        let (heading, line) = match (prose_above, own) {
            (Some((name, line)), _) => {
                self.flush(sink)?;
                let sector = Sector {
                    name,
                    ..Sector::default()
                };
                (sector, line)
            }
            (None, Some(own)) => {
                if let Some(above) = self.pending.take() {
                    above.row.spend(&mut self.spent);
                }
                own
            }
            (None, None) => {
                // The last component is the heading: it leaves the project.
                let Some(above) = &mut self.pending else {
                    return Ok(());
                };
                let Some(found) = above.heading.take() else {
                    return Ok(());
                };
                above.components.pop();
                self.flush(sink)?;
                found
            }
        };
        self.note(Reading::NamedSectors { line });
        self.start_sector(sink, heading)?;
        self.sector_rows = true;
        Ok(())
    }

    /// Feeds one body row; past [`MAX_SECTORS`] sectors, an error at the row that made
    /// one too many (a fork's sectors are counted when it is joined, the same way).
    pub fn row<R: RowHandle>(
        &mut self,
        mut event: RowEvent<R>,
        sink: &mut impl CatalogueSink,
    ) -> Result<(), ReadError> {
        let line = event.row.borrow().line;
        // Most rows stand under a project row as wide as the header, or none.
        let width = self.reader.header.labels.len();
        if (self.pending.as_ref()).is_some_and(|above| above.row.len() < width)
            && self.goes_on_above(&event, sink)
        {
            event.row.spend(&mut self.spent);
            return Ok(());
        }
        if self.lists_in_name(&event.kind, event.row.borrow()) {
            event.kind = RowKind::Unnumbered;
        }
        match self.assemble(&mut event, sink)? {
            Some(Hold::Project { sector, numbered }) => {
                self.pending = Some(Pending::new(
                    sector,
                    event.row.into_row(),
                    event.amounts,
                    numbered,
                ))
            }
            Some(Hold::Candidate { numbered }) => {
                if let Some(pending) = &mut self.pending {
                    pending.candidate_bytes +=
                        event.row.borrow().cells().map(str::len).sum::<usize>();
                    pending.candidates.push(Candidate {
                        row: event.row.into_row(),
                        amounts: event.amounts,
                        numbered,
                    });
                }
            }
            None => event.row.spend(&mut self.spent),
        }
        if self.sectors > MAX_SECTORS && !self.forked {
            return Err(too_many_sectors(line));
        }
        Ok(())
    }

    /// Is `row`, read as `kind` by a mark only in its name (`1. Xây dựng nhà`,
    /// `A. Hợp phần …`, [`number_in_name`]), an item listed under the project above,
    /// which its STT cell numbers, rather than a project or a sector of its own? Its
    /// mark is then none of a project's, unless numbered under the one above (`1.1.`, a
    /// part), nor a sector's, unless a numeral (`II. Lĩnh vực …`).
    fn lists_in_name(&self, kind: &RowKind, row: &Row) -> bool {
        let under_numbered = || {
            self.pending.as_ref().and_then(|above| {
                let stt = self.reader.written(&above.row, CatalogueRole::Number);
                (above.numbered && !stt.is_empty()).then_some(stt)
            })
        };
        let Some((mark, _)) = self.reader.number_in_name(row) else {
            return false;
        };
        match kind {
            RowKind::Numbered => under_numbered().is_some_and(|stt| !is_numbered_under(mark, stt)),
            RowKind::Sector { .. } => {
                (is_letter_mark(mark) || is_bracketed(mark)) && under_numbered().is_some()
            }
            _ => false,
        }
    }

    /// Does a sector row marked `code` number a project: a number in brackets (`(2)`)
    /// right after a row so marked (held as a sector, with nothing under it), or in a
    /// table that numbers its projects so? A table may number its sectors `(1)` over
    /// projects `1`, `2`, or its projects `(1)`, `(2)`.
    fn numbers_projects_in_brackets(&self, code: &str) -> bool {
        is_bracketed(code)
            && (self.bracketed_projects || self.held.as_ref().is_some_and(HeldSector::is_bracketed))
    }

    /// The grand total: below the table's projects, it closes the table.
    fn take_grand_total(&mut self, declared: Declared, sink: &mut impl CatalogueSink) {
        self.close_with_total();
        sink.grand_total(declared);
    }

    /// Closes the table with its grand total, whose figures are handed on now or, for a
    /// bare `Cộng` ([`Assembler::bare_total`]), once no row below has made it a subtotal.
    fn close_with_total(&mut self) {
        self.grand_total_taken = true;
        self.closed_by_total = self.reader.layout == Layout::Published
            && (self.sector_has_project || self.pending.is_some() || self.sectors > 0);
    }

    /// Hands on a row's breakdowns ([`RowParts`]): those that do not add up, and its
    /// figures in their columns.
    fn hand_on_breakdowns(
        parts: Option<Box<RowParts>>,
        line: usize,
        sink: &mut impl CatalogueSink,
    ) {
        let Some(parts) = parts else {
            return;
        };
        let RowParts {
            off,
            figures,
            unreadable,
        } = *parts;
        for off in off {
            sink.breakdown_off(off);
        }
        if !figures.is_empty() {
            sink.part_figures(PartFigures {
                line,
                figures,
                unreadable,
            });
        }
    }

    /// The bare `Cộng` taken as the grand total, if any, closed its sector after all (a
    /// grand total row, another sector or a project follows it): its figures are that
    /// sector's subtotal, and the grand total is still to come.
    fn bare_subtotal_after_all(&mut self, sink: &mut impl CatalogueSink) {
        if let Some((sector, subtotal)) = self.bare_total.take() {
            sink.sector_subtotal(sector, subtotal);
            (self.readings).retain(|r| !matches!(r, Reading::TotalAfterSectors { .. }));
            self.grand_total_taken = false;
            self.subtotal_rows = true;
        }
    }

    /// The rows done with since last asked, for the reader to reuse.
    pub fn take_spent_rows(&mut self) -> Vec<Row> {
        // The next range spends about as many: room for them made at once.
        let room = Vec::with_capacity(self.spent.len());
        std::mem::replace(&mut self.spent, room)
    }

    /// Assembles one row; gives what to hold it as when it is a project whose
    /// components may follow.
    fn assemble<R: RowHandle>(
        &mut self,
        event: &mut RowEvent<R>,
        sink: &mut impl CatalogueSink,
    ) -> Result<Option<Hold>, ReadError> {
        if self.ended {
            return Ok(None);
        }
        let row: &Row = event.row.borrow();
        if row.hidden {
            self.note(Reading::HiddenRows { line: row.line });
        }
        if !row.hidden_cells.is_empty() {
            self.note(hidden_columns(row));
        }
        let prose_above = self.prose_above.take();
        if matches!(event.kind, RowKind::Prose) {
            self.prose_above = Some((row.first_text().to_owned(), row.line));
            return Ok(None);
        }
        if matches!(event.kind, RowKind::SectorTotal) {
            for cell in &event.bad_cells {
                sink.bad_cell(cell.clone());
            }
            Self::hand_on_breakdowns(event.parts.take(), row.line, sink);
            self.sector_total(row, event.amounts, sink);
            return Ok(None);
        }
        match event.kind {
            RowKind::Unnumbered if self.closed_by_total => {
                self.note(Reading::AfterGrandTotal { line: row.line });
                return Ok(None);
            }
            RowKind::Unnumbered | RowKind::GrandTotal | RowKind::Subtotal => {}
            _ => {
                self.closed_by_total = false;
                // More sectors or projects: the `Cộng` above closed its sector after all.
                if matches!(event.kind, RowKind::Sector { .. } | RowKind::Numbered) {
                    self.bare_subtotal_after_all(sink);
                }
            }
        }
        for cell in &event.bad_cells {
            sink.bad_cell(cell.clone());
        }
        if let Some(ragged) = &event.ragged {
            sink.ragged_row(**ragged);
        }
        Self::hand_on_breakdowns(event.parts.take(), row.line, sink);
        // Most rows are numbered: only those without a number are asked.
        if matches!(event.kind, RowKind::Unnumbered) && self.continues_above(event, row) {
            match (&mut self.pending, &mut self.held) {
                (Some(above), _) => {
                    above.row.continue_with(row);
                    above.continued += 1;
                }
                (None, Some(held)) => {
                    let more = self.reader.text(row, CatalogueRole::Name);
                    held.sector.name = format!("{} {more}", held.sector.name);
                }
                (None, None) => {}
            }
            self.note(Reading::ContinuedRows { line: row.line });
            return Ok(None);
        }
        let numbered_published =
            matches!(event.kind, RowKind::Numbered) && self.reader.layout == Layout::Published;
        // A published number with a dot (`1.1`) may make the row above a sector, or this
        // row a part of it; most have none, and are settled here once.
        let dotted = numbered_published
            .then(|| self.reader.number(row))
            .flatten()
            .filter(|number| number.as_bytes().contains(&b'.'));
        if self.numeral_held {
            self.group_over_numbered_sector(dotted, sink)?;
        }
        // Only a published project held may take candidates (most rows: none held).
        if self.pending.is_some()
            && self.takes_candidate(&event.kind, dotted, prose_above.is_some(), row)
        {
            if dotted.is_some() {
                // What reading its number as a project's would have left.
                self.last_number = None;
            }
            self.province.note(self.reader.province(row));
            return Ok(Some(Hold::Candidate {
                numbered: dotted.is_some(),
            }));
        }
        if self
            .pending
            .as_ref()
            .is_some_and(|p| !p.candidates.is_empty())
        {
            self.settle_candidates(sink)?;
        }
        if self.part_held {
            let whole = numbered_published.then(|| self.whole_number(row)).flatten();
            self.group_from_part_above(whole, sink)?;
        }
        if self.held.is_some() && self.holds_numeral_over(&event.kind, row) {
            // `I` waits for the row after `1`; `1` is the sector's project meanwhile.
            self.numeral_held = true;
            return Ok(Some(self.numbered_project(row, Some(self.sectors))));
        }
        if !matches!(event.kind, RowKind::Sector { .. }) {
            self.release_sector(sink)?;
        }
        if numbered_published {
            let whole = self.whole_number(row);
            // A project numbered 1 may end what the row above began: asked of it alone.
            if whole == Some(1) && self.pending.is_some() {
                self.section_from_above(sink)?;
            }
            self.sector_from_deeper_above(whole, sink)?;
            if whole == Some(1) && self.pending.is_some() {
                self.sector_from_numbered_heading_above(sink)?;
            }
            self.sector_from_heading_above(whole, prose_above, sink)?;
        }
        match &event.kind {
            RowKind::GrandTotal => {
                self.close_group(sink);
                if let Some(declared) = self.reader.declared(row, event.amounts) {
                    self.bare_subtotal_after_all(sink);
                    if !self.grand_total_taken {
                        self.take_grand_total(declared, sink);
                    }
                }
            }
            RowKind::Sector { code, .. } if self.numbers_projects_in_brackets(code) => {
                self.flush(sink)?;
                self.bracketed_projects = true;
                // The row above, marked so and held as a sector, is the first project.
                match self.held.take_if(|held| held.is_bracketed()) {
                    Some(held) => self.held_as_project(held, self.sector_now(), sink)?,
                    None => self.release_sector(sink)?,
                }
                return Ok(Some(self.numbered_project(row, self.sector_now())));
            }
            RowKind::Sector { code, name } => {
                self.flush(sink)?;
                self.sector_rows = true;
                let declared = self.reader.declared(row, event.amounts);
                let letter = is_letter_mark(code);
                if code.is_empty() {
                    self.note(Reading::NamedSectors { line: row.line });
                } else {
                    self.marked_sectors = true;
                }
                let sector = Sector {
                    code: Some(code.clone()).filter(|code| !code.is_empty()),
                    name: name.clone(),
                    declared,
                    projects: Vec::new(),
                };
                if letter && self.groups_seen {
                    self.open_group(sink, sector);
                    return Ok(None);
                }
                // Rows numbered under a numeral (`I.1`, `I.2`) with nothing between them
                // are its projects, not sectors: a table that names no owner, place or
                // period numbers its projects so.
                let empty_above = match (&self.group, &self.held) {
                    (Some(group), Some(held)) if self.numeral_groups && !held.letter => {
                        let under_group = |code: &str| is_under(code, &group.code);
                        held.sector.code.as_deref().is_some_and(under_group)
                            && (under_group(code)
                                || sector_code(code).is_some_and(|c| !c.contains('.')))
                    }
                    _ => false,
                };
                if empty_above {
                    self.numeral_projects_after_all(sink)?;
                }
                if self.numeral_projects && code.contains('.') {
                    self.release_sector(sink)?;
                    return Ok(Some(self.numbered_project(row, self.sector_now())));
                }
                // A sector row not numbered under the open numeral group ends it.
                if self.numeral_groups
                    && self
                        .group
                        .as_ref()
                        .is_some_and(|group| !is_under(code, &group.code))
                {
                    self.close_group(sink);
                }
                match self.held.take().map(|held| {
                    held.row.spend(&mut self.spent);
                    (held.sector, held.letter, held.line)
                }) {
                    // A numeral row right above a row numbered under it (`I` over `I.1`)
                    // groups the sectors numbered so.
                    Some((above, false, line))
                        if !self.groups_seen
                            && !self.reader.choices.no_groups
                            && above
                                .code
                                .as_deref()
                                .is_some_and(|parent| is_under(code, parent)) =>
                    {
                        self.note(Reading::NumeralGroups { line });
                        self.numeral_groups = true;
                        self.open_group(sink, above);
                    }
                    // A letter row right above a numeral row groups the sectors below.
                    Some((above, true, line)) if !letter && !self.reader.choices.no_groups => {
                        self.note(Reading::LetterGroups { line });
                        self.groups_seen = true;
                        self.open_group(sink, above);
                    }
                    Some((above, _, _)) => {
                        self.start_sector(sink, above)?;
                    }
                    None => {}
                }
                // Its cells alone: a row read from a file holds the text around it too.
                self.held = Some(HeldSector {
                    sector,
                    letter,
                    line: row.line,
                    row: Row::text(row.line, row.cells()),
                });
            }
            // With no sector row, a `Cộng` row naming a sector closes it, as does one in a
            // table whose sheet or title names a sector; one that names none totals
            // everything: the grand total.
            RowKind::Subtotal
                if !self.sector_rows
                    && !self.reader.choices.no_named_sectors
                    && let Some((sector, reading, by_table)) = match closing_name(row) {
                        Some(name) => {
                            let sector = Sector {
                                name,
                                ..Sector::default()
                            };
                            Some((sector, Reading::ClosingSectors { line: row.line }, false))
                        }
                        None => (self.named_sector.as_ref())
                            .map(|named| (named.sector(), named.reading(), true)),
                    } =>
            {
                self.flush(sink)?;
                let waited = self
                    .waiting
                    .as_ref()
                    .is_some_and(|w| !w.projects.is_empty());
                if waited {
                    let declared = self.reader.declared(row, event.amounts);
                    self.release_waiting(sink, Sector { declared, ..sector })?;
                    // Projects below the `Cộng` of a table of one sector are its sector's
                    // too; below one naming a sector, they wait for the next.
                    self.closing_sectors |= !by_table;
                    self.note(reading);
                } else if by_table
                    && self.waiting.is_none()
                    && let Some(sector) = self.sectors.checked_sub(1)
                {
                    // Too many projects waited: they are the table's sector already.
                    if let Some(declared) = self.reader.declared(row, event.amounts) {
                        sink.sector_subtotal(sector, declared);
                    }
                } else if !self.grand_total_taken
                    && let Some(declared) = self.reader.declared(row, event.amounts)
                {
                    self.take_grand_total(declared, sink);
                }
                self.sector_has_project = false;
            }
            RowKind::Subtotal if self.sector_rows => {
                self.flush(sink)?;
                // A bare `Cộng` below several sectors none of which closed with one totals
                // them all: the sector rows are the table's only subtotals.
                let total = self.sectors > 1
                    && !self.subtotal_rows
                    && !self.grand_total_taken
                    && !self.reader.choices.no_total_after_sectors
                    && is_bare_subtotal(row);
                self.subtotal_rows |= !total;
                if let Some(declared) = self.reader.declared(row, event.amounts) {
                    if total {
                        self.bare_total = Some((self.sectors - 1, declared));
                        self.note(Reading::TotalAfterSectors { line: row.line });
                        self.close_with_total();
                    } else {
                        sink.sector_subtotal(self.sectors - 1, declared);
                    }
                }
                // Rows after it start afresh: none is a component of the last project.
                self.sector_has_project = false;
            }
            RowKind::Prose | RowKind::SectorTotal => {}
            RowKind::OtherTable => {
                self.flush(sink)?;
                self.close_group(sink);
                self.ended = true;
            }
            RowKind::Subtotal => {
                if !self.grand_total_taken
                    && let Some(declared) = self.reader.declared(row, event.amounts)
                {
                    self.take_grand_total(declared, sink);
                }
            }
            RowKind::Numbered if dotted.is_some_and(|number| self.opens_sector(number)) => {
                // The row above, numbered `1` where this one is `1.1`, is a sector.
                if let Some(above) = self.pending.take() {
                    let line = above.row.line;
                    self.sector_depth = above.number(&self.reader).map_or(0, depth);
                    let depth = self.sector_depth;
                    self.note(Reading::NumberedSectors { line, depth });
                    self.numbered_sectors = true;
                    // The table's first, `2` over `2.1`, may be a group over sectors
                    // `2.1`, `2.2`: held until the row after this one says.
                    let waited = (self.waiting.as_ref()).is_some_and(|w| !w.projects.is_empty());
                    if self.sectors == 0 && depth == 0 && self.held.is_none() && !waited {
                        self.part_held = true;
                        self.held = Some(HeldSector {
                            sector: self.sector_of(&above),
                            letter: false,
                            line,
                            row: Row::text(line, above.row.cells()),
                        });
                        above.row.spend(&mut self.spent);
                        self.sector_rows = true;
                    } else {
                        self.sector_from_project(above, sink)?;
                    }
                }
                // The sector the held row will be (the last begun, else).
                let sector = self.sectors - usize::from(!self.part_held);
                return Ok(Some(self.numbered_project(row, Some(sector))));
            }
            RowKind::Numbered if dotted.is_some_and(|number| self.opens_part(number, row)) => {
                // A part numbered under the project above: its row states their sums.
                let depth = dotted.map_or(0, |number| depth(number).saturating_sub(1));
                self.note(Reading::NumberedParts {
                    line: row.line,
                    depth,
                });
                let part = Component {
                    line: row.line,
                    number: self.reader.number(row).map(str::to_owned),
                    content: (self.reader).component_text(
                        row,
                        CatalogueRole::Name,
                        CatalogueRole::Content,
                        true,
                    ),
                    note: self.reader.text(row, CatalogueRole::Note),
                    amounts: event.amounts,
                };
                if let Some(project) = &mut self.pending {
                    project.fits_another_component(row.line)?;
                    project.parts_name.note(&self.reader, row);
                    project.components.push(part);
                    project.parts = true;
                    project.heading = None;
                }
            }
            RowKind::Unnumbered
                if self.sector_has_project
                    && !self.reader.names_a_project(row)
                    && !self.is_marked_project(row)
                    && !self.opens_list_under_heading(row)
                    && !self.lists_unnumbered_projects(row) =>
            {
                let component = Component {
                    line: row.line,
                    number: None,
                    content: (self.reader).component_text(
                        row,
                        CatalogueRole::Content,
                        CatalogueRole::Name,
                        false,
                    ),
                    note: self.reader.text(row, CatalogueRole::Note),
                    amounts: event.amounts,
                };
                let heading = self
                    .reader
                    .heading(row, event.amounts)
                    .map(|sector| (sector, row.line));
                if let Some(project) = &mut self.pending {
                    project.fits_another_component(row.line)?;
                    project.components.push(component);
                    project.heading = heading;
                }
            }
            RowKind::Unnumbered
                if self.reader.layout == Layout::Published
                    && self.reader.text(row, CatalogueRole::Name).is_empty() =>
            {
                self.flush(sink)?;
                sink.unplaced_row(row.line);
            }
            RowKind::Unnumbered | RowKind::Numbered => {
                if matches!(event.kind, RowKind::Unnumbered) && self.opens_list_under_heading(row) {
                    self.sector_from_numbered_heading_above(sink)?;
                }
                // A sector's first project marked by a letter (or a bullet, unless
                // unnumbered rows are components) marks its others so.
                if !self.sector_has_project {
                    let unnumbered = matches!(event.kind, RowKind::Unnumbered)
                        && self.reader.layout == Layout::Published;
                    self.project_mark = (self.reader.number(row).and_then(project_mark))
                        .filter(|mark| {
                            *mark == ProjectMark::Letter
                                || !self.reader.choices.unnumbered_components
                        })
                        .filter(|_| unnumbered);
                }
                let marked =
                    matches!(event.kind, RowKind::Unnumbered) && self.is_marked_project(row);
                if matches!(event.kind, RowKind::Unnumbered) && self.sector_has_project && !marked {
                    // It names a project of its own: read as one, and said so.
                    self.note(Reading::UnnumberedProjects { line: row.line });
                }
                // A letter numbers its project; a bullet does not.
                let lettered = marked && self.project_mark == Some(ProjectMark::Letter);
                let numbered = matches!(event.kind, RowKind::Numbered) || lettered;
                let number = numbered.then(|| self.reader.number(row)).flatten();
                let sector = match self.reader.layout {
                    Layout::Published => {
                        self.flush(sink)?;
                        self.sector_now()
                    }
                    Layout::Tidy => {
                        // A sector cell a workbook or document merges down its
                        // projects' rows names each one's sector.
                        let (code, name) = (
                            self.reader.shown(row, CatalogueRole::SectorCode),
                            self.reader.shown(row, CatalogueRole::Sector),
                        );
                        let (has_code, has_name) = self.sector_columns;
                        let merged = code.is_empty() && has_code || name.is_empty() && has_name;
                        let above = match merged {
                            true => self.sector_from_above(code, name, row.line, sink),
                            false => None,
                        };
                        // Most rows: a sector met before, found here in line.
                        let index = match above {
                            Some(index) => index,
                            None => match self.tidy_sectors.find(code, name) {
                                Some(index) => index,
                                None => self.tidy_sector(code, name, row.line, sink),
                            },
                        };
                        self.tidy_last = Some(index);
                        Some(index)
                    }
                };
                let mut joined = String::new();
                let words = sink.reads_words();
                let project = self
                    .reader
                    .project(row, event.amounts, number, &mut joined, words);
                self.province.note(project.province);
                self.sector_has_project = true;
                match (self.reader.layout, sector) {
                    (Layout::Tidy, Some(sector)) => sink.project(sector, &project)?,
                    _ => {
                        return Ok(Some(Hold::Project { sector, numbered }));
                    }
                }
            }
        }
        Ok(None)
    }

    /// A tidy row that totals a sector and names no project (`Health Total`): where it
    /// names the sector of the project right above it, as Excel's Subtotal command writes
    /// it under the sector's rows, that sector's subtotal; else not read. Neither is a
    /// project.
    fn sector_total(&mut self, row: &Row, amounts: Amounts, sink: &mut impl CatalogueSink) {
        let above = match (self.tidy_last, &self.sector_above) {
            (Some(index), _) => Some(index),
            (None, Some((code, name))) => {
                let (code, name) = (code.clone(), name.clone());
                Some(self.tidy_sector(&code, &name, row.line, sink))
            }
            (None, None) => {
                // A range's first rows: the sector above is in the range before.
                self.needs_sector_above = self.forked;
                None
            }
        };
        let totalled = self.reader.sector_totalled(row);
        let subtotal = above.filter(|&index| {
            let (code, name) = self.tidy_sectors.key(index);
            let names = |key: &str| !key.is_empty() && totalled.as_deref() == Some(&fold(key));
            names(code) || names(name)
        });
        match subtotal {
            Some(index) => {
                if let Some(declared) = self.reader.declared(row, amounts) {
                    sink.sector_subtotal(index, declared);
                }
                self.note(Reading::SectorTotals { line: row.line });
            }
            None => self.note(Reading::UnplacedSectorTotals { line: row.line }),
        }
    }

    /// The number of a tidy file's sector with this code and name, met first on `line`.
    fn tidy_sector(
        &mut self,
        code: &str,
        name: &str,
        line: usize,
        sink: &mut impl CatalogueSink,
    ) -> usize {
        match self.tidy_sectors.find(code, name) {
            Some(index) => index,
            None => {
                let sector = Sector {
                    code: Some(code.to_owned()).filter(|c| !c.is_empty()),
                    name: name.to_owned(),
                    ..Sector::default()
                };
                let index = self.new_sector(sink, sector);
                self.tidy_sectors.find_or_add(code, name, line, || index)
            }
        }
    }

    /// The sector of a tidy project on `line` whose sector `code` or `name` cell is empty:
    /// the last project's where the cells that are not empty agree with it, as a sector
    /// merged down its rows shows; `None` where they do not, or no project came before.
    fn sector_from_above(
        &mut self,
        code: &str,
        name: &str,
        line: usize,
        sink: &mut impl CatalogueSink,
    ) -> Option<usize> {
        let agrees = |above: &str, cell: &str| cell.is_empty() || cell == above;
        if let Some(index) = self.tidy_last {
            let (above_code, above_name) = self.tidy_sectors.key(index);
            let agree = agrees(above_code, code) && agrees(above_name, name);
            // Said only where the row's own cells would name another sector (a column
            // left empty on every row is no merge).
            if agree && (above_code != code || above_name != name) {
                self.note(Reading::SectorFromAbove { line });
            }
            return agree.then_some(index);
        }
        match self.sector_above.take() {
            Some((above_code, above_name)) => {
                if !(agrees(&above_code, code) && agrees(&above_name, name)) {
                    return None;
                }
                if *above_code != *code || *above_name != *name {
                    self.note(Reading::SectorFromAbove { line });
                }
                Some(self.tidy_sector(&above_code, &above_name, line, sink))
            }
            None => {
                self.needs_sector_above = self.forked;
                None
            }
        }
    }

    /// Ends the file: hands on the last project; gives the province all projects name.
    pub fn finish(&mut self, sink: &mut impl CatalogueSink) -> Result<Option<String>, ReadError> {
        self.settle_candidates(sink)?;
        self.release_sector(sink)?;
        self.flush(sink)?;
        if self
            .waiting
            .as_ref()
            .is_some_and(|w| !w.projects.is_empty())
        {
            let sector = self.unnamed_sector();
            self.release_waiting(sink, sector)?;
        }
        self.close_group(sink);
        // Nothing below made the bare `Cộng` a subtotal: it is the grand total.
        if let Some((_, declared)) = self.bare_total.take() {
            sink.grand_total(declared);
        }
        Ok(self.province.one().map(str::to_owned))
    }
}

/// Builds the catalogue model in memory from what the assembler hands on.
pub struct Collector {
    pub sectors: Vec<Sector>,
    pub unplaced_rows: Vec<usize>,
    pub groups: Vec<Group>,
    pub grand_total: Option<Declared>,
    pub bad_cells: Vec<BadCell>,
    pub ragged_rows: Vec<RaggedRow>,
    pub breakdowns_off: Vec<BreakdownOff>,
    pub part_figures: Vec<PartFigures>,
    rows: usize,
}

impl Collector {
    pub fn new() -> Self {
        Collector {
            sectors: Vec::new(),
            unplaced_rows: Vec::new(),
            groups: Vec::new(),
            grand_total: None,
            bad_cells: Vec::new(),
            ragged_rows: Vec::new(),
            breakdowns_off: Vec::new(),
            part_figures: Vec::new(),
            rows: 0,
        }
    }

    /// The model: the head (metadata, columns) with the collected rows.
    pub fn into_catalogue(self, head: Catalogue) -> Catalogue {
        Catalogue {
            sectors: self.sectors,
            unplaced_rows: self.unplaced_rows,
            groups: self.groups,
            grand_total: self.grand_total,
            bad_cells: self.bad_cells,
            ragged_rows: self.ragged_rows,
            breakdowns_off: self.breakdowns_off,
            part_figures: self.part_figures,
            ..head
        }
    }
}

impl Default for Collector {
    fn default() -> Self {
        Collector::new()
    }
}

impl CatalogueSink for Collector {
    fn sector(&mut self, sector: Sector) {
        self.sectors.push(sector);
    }

    fn project(&mut self, sector: usize, project: &ProjectView<'_>) -> Result<(), ReadError> {
        self.rows += 1 + project.components.len();
        if self.rows > MAX_ROWS {
            let problem = Problem::TooManyRows { max: MAX_ROWS };
            return Err(ReadError::at(project.line, None, problem));
        }
        self.sectors[sector]
            .projects
            .push(project.to_owned_project());
        Ok(())
    }

    fn grand_total(&mut self, declared: Declared) {
        self.grand_total = Some(declared);
    }

    fn sector_subtotal(&mut self, sector: usize, declared: Declared) {
        // The model keeps one declared row a sector: its own, else its `Cộng` row (the
        // checker compares both).
        if let Some(sector) = self.sectors.get_mut(sector)
            && sector.declared.is_none()
        {
            sector.declared = Some(declared);
        }
    }

    fn group(&mut self, group: Group) {
        self.groups.push(group);
    }

    fn bad_cell(&mut self, cell: BadCell) {
        self.bad_cells.push(cell);
    }

    fn unplaced_row(&mut self, line: usize) {
        self.unplaced_rows.push(line);
    }

    fn ragged_row(&mut self, row: RaggedRow) {
        self.ragged_rows.push(row);
    }

    fn breakdown_off(&mut self, row: BreakdownOff) {
        self.breakdowns_off.push(row);
    }

    fn part_figures(&mut self, row: PartFigures) {
        self.part_figures.push(row);
    }
}

impl Catalogue {
    /// Hands a catalogue already in memory to a sink, as the reader hands a file's rows:
    /// cells first, then sectors with their projects, then the grand total.
    pub fn feed(&self, sink: &mut impl CatalogueSink) -> Result<(), ReadError> {
        for cell in &self.bad_cells {
            sink.bad_cell(cell.clone());
        }
        for row in &self.ragged_rows {
            sink.ragged_row(*row);
        }
        for &line in &self.unplaced_rows {
            sink.unplaced_row(line);
        }
        // A row's breakdowns come just before the project or sum it is part of, as they
        // do from a file: the sink keeps a project's only until the project comes.
        let mut rows = RowBreakdowns {
            off: self.breakdowns_off.iter().peekable(),
            figures: self.part_figures.iter().peekable(),
        };
        for (index, sector) in self.sectors.iter().enumerate() {
            sink.sector(Sector {
                projects: Vec::new(),
                ..sector.clone()
            });
            for project in &sector.projects {
                let last = (project.rows().map(|(line, _)| line)).fold(project.line, usize::max);
                rows.feed_up_to(last, sink);
                sink.project(index, &project.view())?;
            }
        }
        rows.feed_up_to(usize::MAX, sink);
        for group in &self.groups {
            sink.group(group.clone());
        }
        if let Some(declared) = &self.grand_total {
            sink.grand_total(declared.clone());
        }
        Ok(())
    }
}

/// The rows' breakdowns of a catalogue in memory, as [`Catalogue::feed`] hands them on,
/// in line order.
struct RowBreakdowns<'a> {
    off: std::iter::Peekable<std::slice::Iter<'a, BreakdownOff>>,
    figures: std::iter::Peekable<std::slice::Iter<'a, PartFigures>>,
}

impl RowBreakdowns<'_> {
    /// Hands on those of the rows up to `line`.
    fn feed_up_to(&mut self, line: usize, sink: &mut impl CatalogueSink) {
        while let Some(row) = self.off.next_if(|row| row.line <= line) {
            sink.breakdown_off(row.clone());
        }
        while let Some(row) = self.figures.next_if(|row| row.line <= line) {
            sink.part_figures(row.clone());
        }
    }
}

/// Reads a catalogue file whole into the model.
pub fn read_catalogue(path: &Path, options: &ReadOptions) -> Result<Catalogue> {
    let (head, collector) =
        super::pipeline::run(path, options, &Plan::default(), |_| Collector::new())?;
    Ok(collector.into_catalogue(head))
}

/// Reads a catalogue from bytes in memory; `name` stands for the file in messages.
pub fn read_catalogue_bytes(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Catalogue> {
    let (head, collector) =
        super::pipeline::run_bytes(name, bytes.to_vec(), options, &Plan::default(), |_| {
            Collector::new()
        })?;
    Ok(collector.into_catalogue(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More sectors than slots, so that slots are shared and entries replaced, found in
    /// turn and out of turn: each by its own number, whatever the slot last held.
    #[test]
    fn tidy_sectors_are_found_by_their_own_code_and_name() {
        let mut sectors = TidySectors::default();
        let key = |i: usize| (format!("{}", i % 7), format!("Lĩnh vực {i}"));
        for i in 0..1000 {
            let (code, name) = key(i);
            assert_eq!(sectors.find(&code, &name), None);
            assert_eq!(sectors.find_or_add(&code, &name, i, || i), i);
        }
        for i in (0..1000).chain((0..1000).rev()).chain((0..1000).step_by(7)) {
            let (code, name) = key(i);
            assert_eq!(sectors.find(&code, &name), Some(i), "{code} {name}");
            assert_eq!(sectors.find(&code, &format!("{name}x")), None);
        }
        assert_eq!(sectors.find("", "Lĩnh vực 1"), None);
    }

    #[test]
    fn roman_numerals_and_letters_mark_sectors() {
        for mark in [
            "I", "II", "IV", "VI", "IX", "XIV", "V.", "i", "ii", "iv.", "A", "B.",
        ] {
            assert!(is_sector_mark(mark), "{mark}");
        }
        for other in [
            "1",
            "",
            "IIII",
            "Tổng",
            "VV",
            "a",
            "AB",
            "1.1",
            "iI",
            "Phần",
            "Tổng 1",
            "Phần 1.1",
        ] {
            assert!(!is_sector_mark(other), "{other}");
        }
        for (mark, code) in [
            ("II.", "II"),
            ("II-", "II"),
            ("II -", "II"),
            ("(III)", "III"),
            ("IV:", "IV"),
            ("Phần I", "I"),
            ("PHẦN A:", "A"),
            ("Mục II.", "II"),
            ("Phần 1", "1"),
            ("(1)", "(1)"),
            ("(12).", "(12)"),
            ("Lĩnh vực 12:", "12"),
            ("Lĩnh vực V", "V"),
        ] {
            assert_eq!(sector_code(mark), Some(code), "{mark}");
        }
    }

    #[test]
    fn item_marks_are_told_from_numbers_and_sector_marks() {
        for mark in ["-", "+", "*", "•", "--", "a", "b)", "(c)", "d.", "e/"] {
            assert!(is_item_mark(mark), "{mark}");
        }
        for other in [
            "1", "1.1", "I", "A", "i", "ii", "v)", "(x)", "ab", "a1", "-1", "",
        ] {
            assert!(!is_item_mark(other), "{other}");
        }
    }

    #[test]
    fn a_number_starting_a_name_is_told_from_words_that_count() {
        for (name, number, rest) in [
            ("1. Trạm y tế xã A", "1", "Trạm y tế xã A"),
            ("12) Trường C", "12", "Trường C"),
            ("2.1. Đường D", "2.1", "Đường D"),
            ("(3) Cầu E", "(3)", "Cầu E"),
            ("(12). Chợ G", "(12)", "Chợ G"),
            ("4- Chợ F", "4", "Chợ F"),
            ("II. Lĩnh vực giáo dục", "II", "Lĩnh vực giáo dục"),
            ("A. KHỐI TỈNH", "A", "KHỐI TỈNH"),
            ("I.2: Môi trường", "I.2", "Môi trường"),
        ] {
            assert_eq!(number_in_name(name), Some((number, rest)), "{name}");
        }
        for name in [
            "2 trạm y tế",
            "1.5 km đường",
            "135 hộ nghèo",
            "1.2 Trạm",
            "1) 200 hộ",
            "1)Trạm y tế",
            "(3 Cầu E",
            "Dự án 1. Trạm",
            "a) Xây dựng",
            "ii. Lĩnh vực",
            "Trạm. Y tế",
            "1. A",
            "",
        ] {
            assert_eq!(number_in_name(name), None, "{name}");
        }
    }

    #[test]
    fn grand_total_labels_are_known_in_their_usual_forms() {
        let first = |text: &str| Row::text(1, vec![text.to_owned(), "5".to_owned()]);
        for label in [
            "Tổng cộng",
            "TỔNG CỘNG:",
            "Tổng cộng các dự án ưu tiên của tỉnh",
            "TỔNG SỐ (I)",
            "Tổng số (I+II+III):",
            "Tổng",
            "Total",
            "Grand total (A+B)",
            "Cộng toàn tỉnh",
            "CỘNG CHUNG:",
            "Tổng số toàn tỉnh",
            "Tổng toàn thành phố (A+B)",
            "TỔNG VỐN",
            "Tổng kinh phí:",
            "Tổng số dự án: 12",
            "Tổng số dự án 12",
            "Cộng I + II",
            "CỘNG (I+II+III):",
            "Tổng A+B",
            "Tổng số I + II",
        ] {
            assert!(is_grand_total(&first(label)), "{label}");
        }
        for other in [
            "Tổng vốn dự án",
            "Tổng số dự án đã duyệt",
            "Total aid",
            "Tỉnh",
            "Cộng",
            "Cộng lĩnh vực I",
            "Công viên cây xanh toàn tỉnh",
            "Toàn tỉnh",
            "Tổng hợp chung",
            "Cộng I",
            "Cộng I + 2",
            "Cộng +",
            "Cộng I+II dự án",
            "Công trình I + II",
        ] {
            assert!(!is_grand_total(&first(other)), "{other}");
        }
    }

    #[test]
    fn every_role_stands_at_its_ordinal() {
        fn check<R: Role + std::fmt::Debug>() {
            for (at, role) in R::ALL.iter().enumerate() {
                assert_eq!(role.ordinal(), at, "{role:?}");
            }
        }
        check::<CatalogueRole>();
        check::<super::super::PlanRole>();
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
            ("Đối ứng", Counterpart),
            ("Vốn trong nước", Counterpart),
            ("Nhân dân đóng góp", Counterpart),
            ("Vốn xã hội hóa", Counterpart),
            ("Huy động khác", Counterpart),
            ("Khác", Counterpart),
            ("Other", Counterpart),
            ("PCPNN", Aid),
            ("Vốn PCPNN", Aid),
            ("Nguồn vốn phi chính phủ nước ngoài", Aid),
            ("Kinh phí tài trợ", Aid),
            ("Tài trợ", Aid),
            ("Vốn NGO", Aid),
            ("Nguồn vốn NGO (USD)", Aid),
            ("Kêu gọi tài trợ", Aid),
            ("Tổng nhu cầu vốn", Total),
            ("Chủ khoản viện trợ", Owner),
            ("owner", Owner),
            ("Đơn vị thực hiện", Owner),
            ("Implementing agency", Owner),
            ("Proponent", Owner),
            ("Project site", Location),
            ("Total budget (USD)", Total),
            ("NGO funding (USD)", Aid),
            ("Local contribution (USD)", Counterpart),
            ("Funding requested", Aid),
            ("Amount requested (USD)", Aid),
            ("Budget to be mobilised", Aid),
            ("Budget (USD)", Total),
            ("Tên dự án", Name),
            ("STT", Number),
            ("Lĩnh vực", Sector),
            ("sector", Sector),
            ("Thời gian thực hiện", Period),
            ("Khởi công", Period),
            ("Start year", Period),
            ("Hoàn thành", PeriodEnd),
            ("Thời gian kết thúc", PeriodEnd),
            ("End year", PeriodEnd),
            ("Địa điểm thực hiện dự án", Location),
            ("Đơn vị tiếp nhận viện trợ", Owner),
            ("Cơ quan chủ trì", Owner),
            ("Phạm vi thực hiện", Location),
            ("Giai đoạn thực hiện", Period),
            ("Tiến độ thực hiện", Period),
            ("Quy mô đầu tư", Content),
            ("Hạng mục đầu tư", Content),
            ("Dự kiến tổng kinh phí", Total),
            ("Tổng chi phí dự án", Total),
            ("Ước tính tổng vốn", Total),
            ("Ngành/lĩnh vực", Sector),
            ("Vốn NSNN", Counterpart),
            ("Ngân sách", Counterpart),
            ("Đề nghị tài trợ", Aid),
            ("ODA/PCPNN", Aid),
            ("S.T.T", Number),
            ("Tên Dự án/Khoản viện trợ", Name),
            ("Danh mục dự án vận động viện trợ", Name),
            ("Thematic area", Sector),
            ("Project ID", Number),
            ("Implementing partner", Owner),
            ("Target area", Location),
            ("Commune", Location),
            ("Implementation period", Period),
            ("Timeline", Period),
            ("Own contribution", Counterpart),
            ("Matching funds", Counterpart),
            ("Vốn đối ứng (20%)", Counterpart),
            ("Chủ quản", Owner),
            ("Đơn vị", Owner),
            ("Cơ quan đầu mối", Owner),
            ("Vị trí", Location),
            ("Khởi công - hoàn thành", Period),
            ("Năm khởi công - hoàn thành", Period),
            ("Thời gian KC-HT", Period),
            ("Start - end", Period),
            ("Dự kiến thời gian thực hiện", Period),
        ];
        for (label, role) in cases {
            let folded = fold(label);
            let first = CatalogueRole::ALL.iter().find(|r| r.matches(&folded));
            assert_eq!(first, Some(&role), "{label}");
        }
        // A donor named in words is no money column.
        // Nor is `ODA` alone: the government's loans and grants.
        for label in ["Tổ chức PCPNN dự kiến", "Nhà tài trợ", "ODA"] {
            let folded = fold(label);
            assert!(!Aid.matches(&folded), "{label}");
        }
        // A share of an amount is none of the amounts.
        for label in [
            "Tỷ lệ viện trợ (%)",
            "Tỷ trọng vốn đối ứng",
            "Aid share",
            "% of total",
        ] {
            let folded = fold(label);
            assert!(!MONEY_ROLES.iter().any(|r| r.matches(&folded)), "{label}");
        }
    }
}
