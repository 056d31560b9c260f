//! Headings and messages of reports in English or Vietnamese (`--lang`, default from `LANG`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Vi,
}

impl Lang {
    /// `vi` when the locale is Vietnamese: `LC_ALL`, `LC_MESSAGES` or `LANG` (the first
    /// one set), else, where none is set (as on Windows, where officers work), the
    /// system's display language (Windows' preferred UI languages, macOS's preferred
    /// languages).
    pub fn from_env() -> Lang {
        let set = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Lang::of_locale(&set.or_else(sys_locale::get_locale).unwrap_or_default())
    }

    /// `vi` for a Vietnamese locale: POSIX (`vi_VN.UTF-8`), BCP 47 (`vi-VN`), or as
    /// Windows names it (`Vietnamese_Vietnam.1258`).
    fn of_locale(locale: &str) -> Lang {
        let language = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default();
        if ["vi", "vietnamese"]
            .iter()
            .any(|vi| language.eq_ignore_ascii_case(vi))
        {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    /// Picks the text in this language.
    pub fn pick(self, en: &'static str, vi: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }

    /// Under a plan filtered by year: the tasks (line, timing as written) whose timing
    /// reads as no year, listed in every year so that none is lost.
    pub fn timings_not_read(self, tasks: &[(usize, String)]) -> String {
        let each = tasks.iter().map(|(line, timing)| {
            let (word, none) = (
                self.pick("line", "dòng"),
                self.pick("no timing", "không ghi thời gian"),
            );
            match timing.trim().is_empty() {
                true => format!("{word} {line} ({none})"),
                false => format!("{word} {line} `{}`", crate::text::plain(&short(timing))),
            }
        });
        let list = listed(each, tasks.len());
        match self {
            Lang::En => format!(
                "{} listed in every year, their timing naming no year: {list}",
                self.count(tasks.len(), "task", "nhiệm vụ")
            ),
            Lang::Vi => format!(
                "{} được liệt kê ở mọi năm vì thời gian ghi không cho biết năm nào: {list}",
                self.count(tasks.len(), "task", "nhiệm vụ")
            ),
        }
    }

    /// The note of a count of tasks by partner agency: `tasks` tasks name partners, and
    /// each counts under each of its own.
    pub fn tasks_under_each_partner(self, tasks: usize) -> String {
        match self {
            Lang::En => format!(
                "{} with partner agencies, each counted under each of its own",
                self.count(tasks, "task", "nhiệm vụ")
            ),
            Lang::Vi => format!(
                "{tasks} nhiệm vụ có đơn vị phối hợp, mỗi nhiệm vụ được tính cho từng đơn vị phối hợp của nó"
            ),
        }
    }

    /// Under tasks counted by agency: an agency written short counted as the one of its
    /// full name in the plan.
    pub fn agency_written_short(self, written: &str, full: &str) -> String {
        let (written, full) = (
            crate::text::plain(&short(written)),
            crate::text::plain(&short(full)),
        );
        match self {
            Lang::En => format!(
                "`{written}` is counted as `{full}`, the name its initials stand for in the plan"
            ),
            Lang::Vi => format!(
                "`{written}` được tính là `{full}`, tên đầy đủ có cùng chữ viết tắt trong kế hoạch"
            ),
        }
    }

    /// `count` of a thing: `1 error`, `2 errors`; `2 lỗi` (Vietnamese nouns take no
    /// plural).
    pub fn count(self, count: usize, en: &str, vi: &str) -> String {
        match self {
            Lang::En if count == 1 => format!("{count} {en}"),
            Lang::En => format!("{count} {en}s"),
            Lang::Vi => format!("{count} {vi}"),
        }
    }
}

mod en;
mod vi;

use crate::check::{FindingKind, Hint, Severity};
use crate::model::MoneyColumn;
use crate::number::{Convention, NumberFormat, format_grouped};
use crate::problem::{Failure, Problem};
use rust_decimal::Decimal;

/// How a file writes amounts: its number convention and unit.
#[derive(Debug, Clone)]
pub struct Amounts {
    pub convention: Convention,
    pub unit: Option<String>,
}

impl Amounts {
    pub fn amount(&self, value: Decimal) -> String {
        format_grouped(value, self.convention)
    }

    /// Figures listed: `1,5`, `1,5 and 1,2`, `1,5, 1,2 and 3` (`and` the language's word).
    pub fn list(&self, values: impl IntoIterator<Item = Decimal>, and: &str) -> String {
        let mut shown: Vec<String> = values.into_iter().map(|v| self.amount(v)).collect();
        match shown.pop() {
            Some(last) if !shown.is_empty() => format!("{} {and} {last}", shown.join(", ")),
            Some(last) => last,
            None => String::new(),
        }
    }

    /// A difference with its sign and unit: `+360 Triệu đồng`.
    pub fn difference(&self, value: Decimal) -> String {
        let sign = if value > Decimal::ZERO { "+" } else { "" };
        match &self.unit {
            Some(unit) => format!("{sign}{} {unit}", self.amount(value)),
            None => format!("{sign}{}", self.amount(value)),
        }
    }
}

/// A project's number as messages put it after the word for a project: ` 2`, or nothing
/// where it has none.
fn spaced_number(number: Option<&str>) -> String {
    number.map(|n| format!(" {n}")).unwrap_or_default()
}

/// A project's number without the marks written around it (`2.`, `(2)`, `2:` are `2`).
fn bare_number(written: &str) -> &str {
    let bare = written
        .trim_start_matches('(')
        .trim_end_matches(['.', ')', ':']);
    if bare.is_empty() { written } else { bare }
}

/// A sector as a list of sectors names it: its code without the marks around it (`II`
/// for `II.`, `2` for `(2)`), else its name.
fn sector_mark(sector: &crate::check::SectorRef) -> &str {
    sector.code.as_deref().map_or(&sector.name, bare_number)
}

/// A project's number with its sector's code: `II.1`; a number that carries the code
/// already (`2.1` in sector `2`) is kept as it is. The marks a table writes around a
/// number (`1.`, `1)`, `(1)`) are left out, of the sector's code too, so that `II.1.`
/// does not read as a part and `1.2.` in sector `1.` is `1.2`.
fn full_number(sector: &crate::check::SectorRef, number: Option<&str>) -> Option<String> {
    let number = bare_number(number?);
    Some(match sector.code.as_deref().map(bare_number) {
        Some(code)
            if !number
                .strip_prefix(code)
                .is_some_and(|rest| rest.starts_with('.')) =>
        {
            format!("{code}.{number}")
        }
        _ => number.to_owned(),
    })
}

/// Numbers `depth` dots deep, each level after `level` (`2.`: `1`, `2`; `2.1`, `2.2`),
/// and the numbers under the first (`1.1`, `1.2`; `2.1.1`, `2.1.2`), for a message.
fn numbered_examples(depth: usize, level: &str) -> ([String; 2], [String; 2]) {
    let stem = level.repeat(depth);
    let sectors = [format!("{stem}1"), format!("{stem}2")];
    let projects = [format!("{}.1", sectors[0]), format!("{}.2", sectors[0])];
    (sectors, projects)
}

/// Names from the input, each quoted and shown safely: `Y tế`, `Giáo dục`.
pub(crate) fn quoted_list(names: &[String]) -> String {
    let quoted = names
        .iter()
        .map(|name| format!("`{}`", crate::text::plain(&short(name))));
    listed(quoted, names.len())
}

/// Columns a sheet hides, each with what a row holds in it, shown safely: D (`Tổng vốn
/// (USD)`), F.
fn hidden_cells_list(cells: &[crate::model::HiddenCell]) -> String {
    let named = cells.iter().map(|cell| match cell.text.is_empty() {
        true => cell.column.clone(),
        false => format!(
            "{} (`{}`)",
            cell.column,
            crate::text::plain(&short(&cell.text))
        ),
    });
    listed(named, cells.len())
}

/// The places a name stands: the first three, then how many more (`more` words it).
fn places_list(places: &[String], more: impl Fn(usize) -> String) -> String {
    const SHOWN: usize = 3;
    let mut at = places[..places.len().min(SHOWN)].join(", ");
    if places.len() > SHOWN {
        at += &more(places.len() - SHOWN);
    }
    at
}

/// A breakdown's parts as a sum: `Năm 2021 500 + Năm 2022 600`; past a dozen, the rest
/// as `+ …`.
fn parts_list(parts: &[crate::model::BreakdownPart], money: &Amounts) -> String {
    const SHOWN: usize = 12;
    let mut sum: Vec<String> = (parts.iter().take(SHOWN))
        .map(|part| format!("{} {}", short(&part.label), money.amount(part.value)))
        .collect();
    if parts.len() > SHOWN {
        sum.push("…".to_owned());
    }
    sum.join(" + ")
}

/// A breakdown's label where it says more than its part's (`Phân kỳ vốn viện trợ` over
/// `Năm 2024`; not `Năm 2024 – Năm 2026`, which names the columns side by side).
fn breakdown_label<'a>(label: &'a str, part: &str) -> Option<&'a str> {
    (!label.contains(part)).then_some(label)
}

/// ` (text)` after a name, or nothing.
fn in_brackets(text: Option<&str>) -> String {
    text.map(|text| format!(" ({text})")).unwrap_or_default()
}

/// Numbers as a list: 3, 5.
fn numbers_list(numbers: &[usize]) -> String {
    listed(numbers.iter().map(usize::to_string), numbers.len())
}

/// The first ten of `count` items, and how many more: `3, 5, …, 40 (+12)`.
fn listed(items: impl Iterator<Item = String>, count: usize) -> String {
    const SHOWN: usize = 10;
    let mut list = items.take(SHOWN).collect::<Vec<_>>().join(", ");
    if count > SHOWN {
        list.push_str(&format!(", … (+{})", count - SHOWN));
    }
    list
}

/// How far a count stated is off from the count made: `+1`, `-6` with `{:+}`.
pub(crate) fn count_off(declared: u64, counted: u64) -> i128 {
    i128::from(declared) - i128::from(counted)
}

/// A name made one line and shortened for a message. A cell's line breaks (Alt+Enter in
/// Excel, a paragraph in Word) read as a space: shown escaped (`\u{a}`), a wrapped
/// project name was hard to read.
pub(crate) fn short(name: &str) -> String {
    const LIMIT: usize = 60;
    let one_line: String;
    let name = match name.contains(['\n', '\r']) {
        true => {
            let lines = name.split(['\n', '\r']).map(str::trim);
            one_line = lines
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            &one_line
        }
        false => name,
    };
    if name.chars().count() <= LIMIT {
        name.to_owned()
    } else {
        format!("{}…", name.chars().take(LIMIT - 1).collect::<String>())
    }
}

impl Lang {
    /// How a file's numbers were read, and why, in words.
    pub fn number_format(self, numbers: &NumberFormat) -> String {
        match self {
            Lang::En => en::number_format(numbers),
            Lang::Vi => vi::number_format(numbers),
        }
    }

    /// A finding in words.
    pub fn finding(self, kind: &FindingKind, amounts: &Amounts) -> String {
        match self {
            Lang::En => en::finding(kind, amounts),
            Lang::Vi => vi::finding(kind, amounts),
        }
    }

    /// What a change of `fix` puts right, and why: the sum row's title, and the reason
    /// (`unread`: the text of the cell that was no number; `by_hand`: the file splits the
    /// amount into parts the officer writes).
    pub fn change(
        self,
        title: &crate::report::fix::SumTitle,
        unread: Option<&str>,
        by_hand: bool,
    ) -> [String; 2] {
        let unread = unread.map(short);
        match self {
            Lang::En => en::change(title, unread.as_deref(), by_hand),
            Lang::Vi => vi::change(title, unread.as_deref(), by_hand),
        }
    }

    /// A breakdown's part put right ([`crate::report::fix::PartChange`]): the row, and
    /// why.
    pub fn part_change(
        self,
        title: &crate::report::fix::SumTitle,
        label: &str,
        sum_line: Option<usize>,
    ) -> [String; 2] {
        let label = short(label);
        match self {
            Lang::En => en::part_change(title, &label, sum_line),
            Lang::Vi => vi::part_change(title, &label, sum_line),
        }
    }

    /// A note beside totals over many files, in words.
    pub fn rollup_note(self, note: &crate::report::rollup::Note) -> String {
        match self {
            Lang::En => en::rollup_note(note),
            Lang::Vi => vi::rollup_note(note),
        }
    }

    /// Why something could not be read or done, in words.
    pub fn problem(self, problem: &Problem) -> String {
        match self {
            Lang::En => en::problem(problem),
            Lang::Vi => vi::problem(problem),
        }
    }

    /// What an option's value should have been, in words.
    pub fn bad_value(self, bad: crate::problem::BadValue) -> String {
        match self {
            Lang::En => en::bad_value(bad),
            Lang::Vi => vi::bad_value(bad),
        }
    }

    /// A failure located: `file:line:column: why`.
    pub fn failure(self, failure: &Failure) -> String {
        let location = failure.location();
        let why = self.problem(&failure.problem);
        if location.is_empty() {
            why
        } else {
            format!("{location}: {why}")
        }
    }

    /// Any error as the user reads it: a located failure in this language; another error
    /// (an internal one) with its causes.
    pub fn error(self, error: &anyhow::Error) -> String {
        match error.downcast_ref::<Failure>() {
            Some(failure) => self.failure(failure),
            None => format!("{error:#}"),
        }
    }

    /// A money column's name, in lower case.
    pub fn money_column(self, column: MoneyColumn) -> &'static str {
        match self {
            Lang::En => column.name(),
            Lang::Vi => vi::column(column),
        }
    }

    /// A reading a layout allowed two ways, and the flag for the other.
    pub fn reading(self, reading: &crate::model::Reading) -> String {
        use crate::model::Reading::*;
        match (self, reading) {
            (Lang::En, NumberedSectors { line, depth }) => {
                let ([first, second], [under_first, under_second]) =
                    numbered_examples(*depth, "2.");
                format!(
                    "rows numbered {first}, {second} above rows numbered {under_first}, {under_second} are read as sectors (the first at line {line}); pass --no-numbered-sectors to read them as projects"
                )
            }
            (Lang::Vi, NumberedSectors { line, depth }) => {
                let ([first, second], [under_first, under_second]) =
                    numbered_examples(*depth, "2.");
                format!(
                    "các dòng đánh số {first}, {second} nằm trên các dòng {under_first}, {under_second} được đọc là lĩnh vực (dòng đầu tiên: {line}); dùng --no-numbered-sectors để đọc chúng là dự án"
                )
            }
            (Lang::En, ClosingSectors { line }) => format!(
                "rows `Cộng lĩnh vực …` below projects with no sector row above them are read as closing those sectors, named so (the first at line {line}); pass --no-named-sectors to read the first as the grand total"
            ),
            (Lang::Vi, ClosingSectors { line }) => format!(
                "các dòng `Cộng lĩnh vực …` nằm dưới các dự án không có dòng lĩnh vực phía trên được đọc là dòng cộng của lĩnh vực mang tên đó (dòng đầu tiên: {line}); dùng --no-named-sectors để đọc dòng đầu tiên là dòng tổng cộng"
            ),
            (Lang::En, SheetSectors { sheets }) if sheets.len() == 1 => format!(
                "the projects of sheet {}, under no sector row, are read as the sector the sheet is named after; pass --no-named-sectors to read them under none",
                quoted_list(sheets)
            ),
            (Lang::En, SheetSectors { sheets }) => format!(
                "the workbook's sheets {}, each named or titled after a sector and with no sector row, are read as its sectors; pass --sheet NAME to read one, --no-named-sectors to read them under none",
                quoted_list(sheets)
            ),
            (Lang::En, TableSectors { tables, .. }) => format!(
                "the document's tables {}, each titled after a sector and with no sector row, are read as its sectors; pass --table N to read one, --no-named-sectors to read them under none",
                tables.join(", ")
            ),
            (Lang::Vi, TableSectors { tables, .. }) => format!(
                "các bảng {} của tài liệu, mỗi bảng có tiêu đề nêu một lĩnh vực và không có dòng lĩnh vực, được đọc là các lĩnh vực của tài liệu; dùng --table N để đọc một bảng, --no-named-sectors để đọc chúng không thuộc lĩnh vực nào",
                tables.join(", ")
            ),
            (Lang::En, TitleSector { sector }) => format!(
                "the projects, under no sector row, are read as the sector the title names ({}); pass --no-named-sectors to read them under none",
                quoted_list(std::slice::from_ref(sector))
            ),
            (Lang::Vi, SheetSectors { sheets }) if sheets.len() == 1 => format!(
                "các dự án của trang tính {}, không nằm dưới dòng lĩnh vực nào, được đọc là thuộc lĩnh vực mang tên trang tính; dùng --no-named-sectors để đọc chúng không thuộc lĩnh vực nào",
                quoted_list(sheets)
            ),
            (Lang::Vi, SheetSectors { sheets }) => format!(
                "các trang tính {}, mỗi trang mang tên hoặc tiêu đề của một lĩnh vực và không có dòng lĩnh vực, được đọc là các lĩnh vực của bảng tính; dùng --sheet TÊN để đọc một trang, --no-named-sectors để đọc chúng không thuộc lĩnh vực nào",
                quoted_list(sheets)
            ),
            (Lang::Vi, TitleSector { sector }) => format!(
                "các dự án, không nằm dưới dòng lĩnh vực nào, được đọc là thuộc lĩnh vực mà tiêu đề nêu ({}); dùng --no-named-sectors để đọc chúng không thuộc lĩnh vực nào",
                quoted_list(std::slice::from_ref(sector))
            ),
            (Lang::En, DeeperSectors { line }) => format!(
                "rows numbered 2.1, 2.2 above projects numbered 1, 2 are read as sectors (the first at line {line}); pass --no-numbered-sectors to read them as projects"
            ),
            (Lang::Vi, DeeperSectors { line }) => format!(
                "các dòng đánh số 2.1, 2.2 nằm trên các dự án đánh số 1, 2 được đọc là lĩnh vực (dòng đầu tiên: {line}); dùng --no-numbered-sectors để đọc chúng là dự án"
            ),
            (Lang::En, UnnumberedProjects { line }) => format!(
                "rows without a number that name their own project are read as projects, not components (the first at line {line}); pass --unnumbered-components to read them as components"
            ),
            (Lang::Vi, UnnumberedProjects { line }) => format!(
                "các dòng không có số thứ tự nhưng có tên dự án riêng được đọc là dự án, không phải hạng mục (dòng đầu tiên: {line}); dùng --unnumbered-components để đọc chúng là hạng mục"
            ),
            (Lang::En, AfterGrandTotal { line }) => format!(
                "rows without a number below the grand total are read as notes on the table, not as parts of the last project; their figures are not added (the first at line {line})"
            ),
            (Lang::Vi, AfterGrandTotal { line }) => format!(
                "các dòng không có số thứ tự nằm dưới dòng tổng cộng được đọc là ghi chú của bảng, không phải hạng mục của dự án cuối; số liệu của chúng không được cộng (dòng đầu tiên: {line})"
            ),
            (Lang::En, LetterGroups { line }) => format!(
                "letter rows right above numeral rows are read as groups of sectors (the first at line {line}); pass --no-groups to read them as sectors"
            ),
            (Lang::Vi, LetterGroups { line }) => format!(
                "các dòng đánh chữ cái nằm ngay trên dòng số La Mã được đọc là nhóm lĩnh vực (dòng đầu tiên: {line}); dùng --no-groups để đọc chúng là lĩnh vực"
            ),
            (Lang::En, NumeralGroups { line }) => format!(
                "rows numbered I, II right above rows numbered I.1, I.2 are read as groups of the sectors numbered under them (the first at line {line}); pass --no-groups to read them as sectors"
            ),
            (Lang::Vi, NumeralGroups { line }) => format!(
                "các dòng số La Mã I, II nằm ngay trên các dòng I.1, I.2 được đọc là nhóm của các lĩnh vực đánh số dưới chúng (dòng đầu tiên: {line}); dùng --no-groups để đọc chúng là lĩnh vực"
            ),
            (Lang::En, NumeralGroupsOverNumbers { line }) => format!(
                "rows numbered I, II right above sectors numbered 1, 2 (rows naming a sector over projects numbered 1.1, 1.2) are read as groups of those sectors (the first at line {line}); pass --no-groups to read them as sectors"
            ),
            (Lang::Vi, NumeralGroupsOverNumbers { line }) => format!(
                "các dòng số La Mã I, II nằm ngay trên các lĩnh vực đánh số 1, 2 (dòng ghi tên lĩnh vực, trên các dự án đánh số 1.1, 1.2) được đọc là nhóm của các lĩnh vực đó (dòng đầu tiên: {line}); dùng --no-groups để đọc chúng là lĩnh vực"
            ),
            (Lang::En, NumberedGroup { line }) => format!(
                "the row numbered 2 right above rows numbered 2.1, 2.2 that are above projects numbered 1, 2 is read as the group of those sectors (line {line}); pass --no-groups to read it as a sector"
            ),
            (Lang::Vi, NumberedGroup { line }) => format!(
                "dòng đánh số 2 nằm ngay trên các dòng 2.1, 2.2 (các dòng này nằm trên các dự án đánh số 1, 2) được đọc là nhóm của các lĩnh vực đó (dòng {line}); dùng --no-groups để đọc nó là lĩnh vực"
            ),
            (Lang::En, NumberedNamedSectors { line }) => format!(
                "rows numbered 1, 2 that name a sector (`Lĩnh vực …`, or in capitals) and no owner, place or period, right above a project numbered 1 or rows marked `-` (or not numbered) that name their own projects, are read as sectors (the first at line {line}); pass --no-named-sectors to read them as projects"
            ),
            (Lang::Vi, NumberedNamedSectors { line }) => format!(
                "các dòng đánh số 1, 2 ghi tên lĩnh vực (`Lĩnh vực …`, hoặc viết hoa) và không ghi chủ dự án, địa điểm hay thời gian, nằm ngay trên dự án số 1 hoặc trên các dòng đánh dấu `-` (hoặc không đánh số) ghi dự án riêng, được đọc là lĩnh vực (dòng đầu tiên: {line}); dùng --no-named-sectors để đọc chúng là dự án"
            ),
            (Lang::En, NamedSectors { line }) => format!(
                "rows without a number that name a sector (`Lĩnh vực …`, in capitals, in the STT cell, or a name alone above projects numbered afresh from 1 or naming a sector of the national programme) are read as sectors (the first at line {line}); pass --no-named-sectors to read them as projects"
            ),
            (Lang::Vi, NamedSectors { line }) => format!(
                "các dòng không có số thứ tự mà ghi tên lĩnh vực (`Lĩnh vực …`, viết hoa, ghi ở cột STT, hoặc chỉ có tên ngay trên các dự án đánh số lại từ 1 hay là tên một lĩnh vực của chương trình quốc gia) được đọc là lĩnh vực (dòng đầu tiên: {line}); dùng --no-named-sectors để đọc chúng là dự án"
            ),
            (Lang::En, NumberedParts { line, depth }) => {
                let ([project, _], [first, second]) = numbered_examples(*depth, "1.");
                format!(
                    "rows numbered {first}, {second} under a project numbered {project} are read as its parts, and its row as their sums (the first at line {line}); pass --no-numbered-parts to read them as projects"
                )
            }
            (Lang::Vi, NumberedParts { line, depth }) => {
                let ([project, _], [first, second]) = numbered_examples(*depth, "1.");
                format!(
                    "các dòng đánh số {first}, {second} dưới dự án số {project} được đọc là hạng mục của dự án đó, và dòng dự án là tổng của chúng (dòng đầu tiên: {line}); dùng --no-numbered-parts để đọc chúng là dự án"
                )
            }
            (Lang::En, ContinuedRows { line }) => format!(
                "rows without a number or figures whose cells all begin in lower case, right under a project or sector row, are read as the rest of its cells, wrapped onto a line of their own (the first at line {line}); pass --no-continued-rows to read them as rows of their own"
            ),
            (Lang::Vi, ContinuedRows { line }) => format!(
                "các dòng không có số thứ tự và số liệu, mọi ô đều bắt đầu bằng chữ thường, nằm ngay dưới một dòng dự án hoặc lĩnh vực, được đọc là phần tiếp theo của các ô dòng đó bị xuống dòng (dòng đầu tiên: {line}); dùng --no-continued-rows để đọc chúng là dòng riêng"
            ),
            (Lang::En, BrokenRows { line }) => format!(
                "rows under a project row of fewer cells than the header and no figures are read as the rest of it, broken onto lines of their own inside a cell of several paragraphs, as Word saves a table as text (the first at line {line}); pass --no-continued-rows to read them as rows of their own"
            ),
            (Lang::Vi, BrokenRows { line }) => format!(
                "các dòng nằm dưới một dòng dự án có ít ô hơn dòng tiêu đề và không có số liệu được đọc là phần còn lại của dòng đó, bị ngắt xuống dòng trong một ô có nhiều đoạn, như khi Word lưu bảng thành văn bản (dòng đầu tiên: {line}); dùng --no-continued-rows để đọc chúng là dòng riêng"
            ),
            (Lang::En, TotalAfterSectors { line }) => format!(
                "the `Cộng` row at line {line}, below the last of several sectors none of which closes with such a row, is read as the grand total; pass --no-total-after-sectors to read it as the last sector's subtotal"
            ),
            (Lang::Vi, TotalAfterSectors { line }) => format!(
                "dòng `Cộng` ở dòng {line}, dưới lĩnh vực cuối cùng, khi không lĩnh vực nào trước đó có dòng `Cộng` riêng, được đọc là tổng cộng; dùng --no-total-after-sectors để đọc nó là dòng cộng của lĩnh vực cuối"
            ),
            (Lang::En, Breakdown { line }) => format!(
                "rows without a number under a project that add up to its row, or begin `Trong đó`, are read as its breakdown, and its row as their sums (the first at line {line}); pass --no-breakdowns to add them to the project, or read them as projects where they name their own owner, place or period"
            ),
            (Lang::Vi, Breakdown { line }) => format!(
                "các dòng không đánh số dưới một dự án, cộng lại bằng dòng dự án hoặc mở đầu bằng `Trong đó`, được đọc là chi tiết của dự án, và dòng dự án là tổng của chúng (dòng đầu tiên: {line}); dùng --no-breakdowns để cộng chúng vào dự án, hoặc đọc là dự án riêng nếu chúng ghi chủ dự án, địa điểm hoặc thời gian riêng"
            ),
            (Lang::En, FiguresWithUnit { line }) => format!(
                "figures written with their unit beside them (`1,5 tỷ`, `$150,000`) are read in the file's unit (the first at line {line}); write the figure alone, in the file's unit, to be sure"
            ),
            (Lang::Vi, FiguresWithUnit { line }) => format!(
                "các số ghi kèm đơn vị (`1,5 tỷ`, `$150.000`) được quy đổi theo đơn vị của tệp (dòng đầu tiên: {line}); nên chỉ ghi số, theo đơn vị của tệp, cho chắc chắn"
            ),
            (Lang::En, UnitOfFigures { line }) => format!(
                "the file states no unit (no `ĐVT:` line, none in a column's name), but its figures are written with one: the file's unit is theirs (the first at line {line})"
            ),
            (Lang::Vi, UnitOfFigures { line }) => format!(
                "tệp không ghi đơn vị tính (không có dòng `ĐVT:`, tên cột không ghi), nhưng các số được ghi kèm đơn vị: đơn vị của tệp lấy theo các số đó (dòng đầu tiên: {line})"
            ),
            (Lang::En, UnitOfColumn { line }) => format!(
                "the file states no unit (no `ĐVT:` line, none in a column's name), but has a unit column: the file's unit is that of its first row (line {line}), and the figures of rows in another unit are converted into it"
            ),
            (Lang::Vi, UnitOfColumn { line }) => format!(
                "tệp không ghi đơn vị tính (không có dòng `ĐVT:`, tên cột không ghi), nhưng có cột đơn vị tính: đơn vị của tệp lấy theo dòng đầu tiên (dòng {line}), số liệu của các dòng ghi đơn vị khác được quy đổi sang đơn vị đó"
            ),
            (Lang::En, UnitsDiffer { title, label, unit }) => format!(
                "the title states the unit `{title}` but column `{label}` states `{unit}`: the column's unit is taken; if the title is right, pass --source-unit \"{title}\""
            ),
            (Lang::Vi, UnitsDiffer { title, label, unit }) => format!(
                "tiêu đề ghi đơn vị tính `{title}` nhưng cột `{label}` ghi `{unit}`: lấy đơn vị của cột; nếu tiêu đề đúng, dùng --source-unit \"{title}\""
            ),
            (Lang::En, ProvinceFromName { province, name }) => format!(
                "the file names no province: {province} is taken from the name `{}`; if that is wrong, pass --province NAME",
                crate::text::plain(&short(name))
            ),
            (Lang::Vi, ProvinceFromName { province, name }) => format!(
                "tệp không ghi tỉnh: lấy {province} theo tên `{}`; nếu sai, dùng --province TÊN",
                crate::text::plain(&short(name))
            ),
            (Lang::En, OtherSheets { sheets }) if sheets.len() == 1 => format!(
                "the workbook's sheet {} holds a catalogue too and was not read; pass --sheet NAME to read it",
                quoted_list(sheets)
            ),
            (Lang::En, OtherSheets { sheets }) => format!(
                "the workbook's sheets {} hold a catalogue too and were not read; pass --sheet NAME to read one",
                quoted_list(sheets)
            ),
            (Lang::Vi, OtherSheets { sheets }) if sheets.len() == 1 => format!(
                "trang tính {} cũng có danh mục nhưng không được đọc; dùng --sheet TÊN để đọc trang đó",
                quoted_list(sheets)
            ),
            (Lang::Vi, OtherSheets { sheets }) => format!(
                "các trang tính {} cũng có danh mục nhưng không được đọc; dùng --sheet TÊN để đọc một trang",
                quoted_list(sheets)
            ),
            (Lang::En, TotalsOfSheets { sheets }) => format!(
                "this sheet totals the workbook's sectors by row: each row is checked against the projects of its sector's sheet ({})",
                quoted_list(sheets)
            ),
            (Lang::Vi, TotalsOfSheets { sheets }) => format!(
                "trang tính này tổng hợp các lĩnh vực của bảng tính theo từng dòng: mỗi dòng được đối chiếu với các dự án của trang tính của lĩnh vực đó ({})",
                quoted_list(sheets)
            ),
            (Lang::En, TotalsOfTables { tables }) => format!(
                "this table totals the document's sectors by row: each row is checked against the projects of its sector's table ({})",
                tables.join(", ")
            ),
            (Lang::Vi, TotalsOfTables { tables }) => format!(
                "bảng này tổng hợp các lĩnh vực của tài liệu theo từng dòng: mỗi dòng được đối chiếu với các dự án của bảng của lĩnh vực đó ({})",
                tables.join(", ")
            ),
            (Lang::En, OtherTables { tables }) if tables.len() == 1 => format!(
                "the document's table {} holds a catalogue too and was not read; pass --table N to read it",
                numbers_list(tables)
            ),
            (Lang::En, OtherTables { tables }) => format!(
                "the document's tables {} hold a catalogue too and were not read; pass --table N to read one",
                numbers_list(tables)
            ),
            (Lang::Vi, OtherTables { tables }) if tables.len() == 1 => format!(
                "bảng {} của tài liệu cũng có danh mục nhưng không được đọc; dùng --table N để đọc bảng đó",
                numbers_list(tables)
            ),
            (Lang::Vi, OtherTables { tables }) => format!(
                "các bảng {} của tài liệu cũng có danh mục nhưng không được đọc; dùng --table N để đọc một bảng",
                numbers_list(tables)
            ),
            (Lang::En, SectorFromAbove { line }) => format!(
                "projects whose sector cell is empty are read in the sector of the project above, as a sector merged down its projects' rows shows (the first at line {line}); write the sector on every row to be sure"
            ),
            (Lang::Vi, SectorFromAbove { line }) => format!(
                "các dự án để trống ô lĩnh vực được đọc thuộc lĩnh vực của dự án ở dòng trên, như khi ô lĩnh vực được gộp xuống các dòng dự án (dòng đầu tiên: {line}); nên ghi lĩnh vực ở mọi dòng cho chắc chắn"
            ),
            (Lang::En, SectorTotals { line }) => format!(
                "rows that total a sector and name no project (`Health Total`, as Excel's Subtotal command writes them under the sector's rows) are read as that sector's subtotals, not as projects, and checked against its projects (the first at line {line})"
            ),
            (Lang::Vi, SectorTotals { line }) => format!(
                "các dòng cộng một lĩnh vực mà không ghi tên dự án (`Y tế Tổng`, như lệnh Subtotal của Excel ghi dưới các dòng của lĩnh vực) được đọc là số cộng của lĩnh vực đó, không phải dự án, và được đối chiếu với các dự án của lĩnh vực (dòng đầu tiên: {line})"
            ),
            (Lang::En, UnplacedSectorTotals { line }) => format!(
                "rows that total a sector and name no project, but stand under another sector's rows, are not read, and their figures are not checked (the first at line {line}); put each right under its sector's rows, or remove it"
            ),
            (Lang::Vi, UnplacedSectorTotals { line }) => format!(
                "các dòng cộng một lĩnh vực mà không ghi tên dự án, nhưng nằm dưới các dòng của lĩnh vực khác, không được đọc và số liệu của chúng không được kiểm tra (dòng đầu tiên: {line}); hãy đặt mỗi dòng ngay dưới các dòng của lĩnh vực đó, hoặc xóa đi"
            ),
            (Lang::En, HiddenRows { line }) => format!(
                "rows the sheet hides (by hand or by a filter) are read as the others, as Excel's sums and its CSV export count them (the first at line {line}); unhide them to see what a finding on one says, or delete the rows that are not part of the catalogue"
            ),
            (Lang::Vi, HiddenRows { line }) => format!(
                "các dòng bị ẩn trong trang tính (ẩn thủ công hoặc do bộ lọc) vẫn được đọc như các dòng khác, vì hàm cộng của Excel và tệp CSV xuất ra đều tính chúng (dòng đầu tiên: {line}); hãy bỏ ẩn để xem các phát hiện trên những dòng đó, hoặc xóa các dòng không thuộc danh mục"
            ),
            (Lang::En, HiddenColumns { line, cells }) => format!(
                "the sheet hides column(s) {}, which are not read, as the sheet neither shows nor prints them (line {line}); unhide a column to read it",
                hidden_cells_list(cells)
            ),
            (Lang::Vi, HiddenColumns { line, cells }) => format!(
                "trang tính ẩn cột {}, các cột này không được đọc vì trang tính không hiển thị và không in chúng (dòng {line}); bỏ ẩn cột để đọc",
                hidden_cells_list(cells)
            ),
            (Lang::En, TextNamedAsWorkbook) => "the file is named as a workbook but holds text, and was read as CSV or tab-separated text (as Excel opens it); save it as a workbook, or name it .csv, to be sure".to_owned(),
            (Lang::Vi, TextNamedAsWorkbook) => "tệp mang tên của một bảng tính nhưng chứa văn bản, và đã được đọc như văn bản CSV hoặc phân cách bằng dấu tab (như Excel mở nó); nên lưu lại thành bảng tính, hoặc đặt tên .csv, cho chắc chắn".to_owned(),
            (lang, LegacyFont { font }) => {
                use crate::read::LegacyFont::{Tcvn3, Vni};
                let name = font.name();
                let example = match font {
                    Tcvn3 => "Tæng céng",
                    Vni => "Toång coäng",
                };
                match lang {
                    Lang::En => format!(
                        "the text is written in a legacy {name} font (`{example}` for `Tổng cộng`) and was read as such; convert it to Unicode (Unikey's converter, Ctrl+Shift+F6) to be sure"
                    ),
                    Lang::Vi => format!(
                        "văn bản được gõ bằng phông chữ cũ {name} (`{example}` thay cho `Tổng cộng`) và đã được đọc theo bảng mã đó; nên chuyển sang Unicode (công cụ chuyển mã của Unikey, Ctrl+Shift+F6) cho chắc chắn"
                    ),
                }
            }
            (lang, DerivedColumn { column }) => {
                let [a, b] = column.others().map(|other| self.money_column(other));
                let sign = match column {
                    MoneyColumn::Total => "+",
                    MoneyColumn::Aid | MoneyColumn::Counterpart => "−",
                };
                let column = self.money_column(*column);
                match lang {
                    Lang::En => format!(
                        "the file has no {column} column: {column} is taken as {a} {sign} {b} on every row, and the figures are checked on {a} and {b}"
                    ),
                    Lang::Vi => format!(
                        "tệp không có cột {column}: {column} được tính bằng {a} {sign} {b} trên mỗi dòng, và số liệu được kiểm tra trên {a} và {b}"
                    ),
                }
            }
            (lang, BreakdownChecked { label, of, parts }) => {
                let column = self.money_column(*of);
                let label = short(label);
                let parts = places_list(parts, |more| match lang {
                    Lang::En => format!(" and {more} more"),
                    Lang::Vi => format!(" và {more} cột khác"),
                });
                match lang {
                    Lang::En => format!(
                        "the columns under `{label}` ({parts}) break {column} down: on each row they are checked to add up to its {column} (breakdown-sum), and on each row of sums against the rows it sums (breakdown-column-sum); they are added into no other total"
                    ),
                    Lang::Vi => format!(
                        "các cột thuộc \"{label}\" ({parts}) là phần chi tiết của {column}: trên mỗi dòng, cộng các cột này được đối chiếu với {column} (breakdown-sum), và trên mỗi dòng cộng, từng cột được đối chiếu với cộng các dòng mà dòng đó cộng (breakdown-column-sum); các cột này không được cộng vào tổng nào khác"
                    ),
                }
            }
            (lang, OnlyColumn { column }) => {
                let [a, b] = column.others().map(|other| self.money_column(other));
                let column = self.money_column(*column);
                match lang {
                    Lang::En => format!(
                        "the file's one money column is {column}: it has no {a} and no {b} (left empty in reports; counted as zero in totals with files that have them), so rows are not checked for total = aid + counterpart; {column} is checked against the subtotals and the grand total"
                    ),
                    Lang::Vi => format!(
                        "tệp chỉ có một cột số tiền là {column}: không có {a} và {b} (để trống trong báo cáo; tính bằng 0 khi cộng chung với các tệp có các cột này), nên các dòng không được kiểm tra tổng vốn = vốn viện trợ + vốn đối ứng; {column} được kiểm tra với các dòng cộng lĩnh vực và dòng tổng cộng"
                    ),
                }
            }
        }
    }

    /// A severity's word.
    pub fn severity(self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.pick("error", "lỗi"),
            Severity::Warning => self.pick("warning", "cảnh báo"),
        }
    }

    /// A likely cause of a finding, in words.
    pub fn hint(self, hint: &Hint, amounts: &Amounts) -> String {
        match self {
            Lang::En => en::hint(hint, amounts),
            Lang::Vi => vi::hint(hint, amounts),
        }
    }
}

/// The command line's help in Vietnamese: about-texts, examples, every argument's help,
/// its values and default, and the headings clap writes in English.
pub fn vietnamese_help(command: clap::Command) -> clap::Command {
    let command = in_vietnamese(
        command.about(vi::ABOUT).long_about(vi::LONG_ABOUT),
        "aidcat",
    )
    .disable_version_flag(true)
    .arg(vietnamese_flag(
        "version",
        'V',
        clap::ArgAction::Version,
        vi::VERSION_FLAG,
    ))
    .mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        let sub = match vi::command_help(&name) {
            Some((about, examples)) => sub.about(about).after_help(examples),
            None => sub,
        };
        in_vietnamese(sub, &name)
    });
    // The `help` command is made as the command is built.
    let mut command = command;
    command.build();
    command.mut_subcommand("help", |help| {
        help.about(vi::HELP_COMMAND)
            .help_template(vi::HELP_TEMPLATE)
            .subcommand_help_heading(vi::COMMANDS_HEADING)
            .mut_subcommand("help", |itself| itself.about(vi::HELP_COMMAND))
    })
}

/// `command`'s headings, arguments and help flag in Vietnamese.
fn in_vietnamese(command: clap::Command, name: &str) -> clap::Command {
    command
        .help_template(vi::HELP_TEMPLATE)
        .subcommand_help_heading(vi::COMMANDS_HEADING)
        .mut_args(|arg| vietnamese_arg(arg, name))
        .disable_help_flag(true)
        .arg(vietnamese_flag(
            "help",
            'h',
            clap::ArgAction::Help,
            vi::HELP_FLAG,
        ))
}

/// A flag clap would make itself (`--help`, `--version`), worded in Vietnamese.
fn vietnamese_flag(
    name: &'static str,
    short: char,
    action: clap::ArgAction,
    help: &'static str,
) -> clap::Arg {
    (clap::Arg::new(name).short(short).long(name).action(action))
        .help(help)
        .help_heading(vi::OPTIONS_HEADING)
}

/// An argument's help in Vietnamese, its values and default written in it (clap writes
/// `[possible values: …]` and `[default: …]` in English).
fn vietnamese_arg(arg: clap::Arg, command: &str) -> clap::Arg {
    let id = arg.get_id().as_str().to_owned();
    let heading = match arg.is_positional() {
        true => vi::ARGUMENTS_HEADING,
        false => vi::OPTIONS_HEADING,
    };
    let Some(help) = vi::arg_help(command, &id) else {
        return arg.help_heading(heading);
    };
    // A flag's values (`true`, `false`) are not written.
    let takes_values = arg.get_action().takes_values();
    let possible: Vec<clap::builder::PossibleValue> = (arg.get_possible_values().into_iter())
        .filter(|value| takes_values && !value.is_hide_set())
        .collect();
    let (short, long) = if possible.is_empty() {
        (help.to_owned(), help.to_owned())
    } else {
        let names: Vec<&str> = possible.iter().map(|value| value.get_name()).collect();
        let meanings: Vec<String> = (possible.iter())
            .map(|value| match vi::value_help(&id, value.get_name()) {
                Some(meaning) => format!("  {}: {meaning}", value.get_name()),
                None => format!("  {}", value.get_name()),
            })
            .collect();
        (
            format!("{help} [giá trị: {}]", names.join(", ")),
            format!("{help}\n\nGiá trị:\n{}", meanings.join("\n")),
        )
    };
    arg.help(short)
        .long_help(long)
        .hide_possible_values(takes_values)
        .hide_default_value(takes_values)
        .help_heading(heading)
}

/// A row's three figures, each after its column's `name` in the language, with
/// `between` the first two and the last two: `total 700 = aid 600 + counterpart 100`.
fn named_figures(
    shifted: &crate::model::Shifted,
    money: &Amounts,
    name: fn(crate::model::MoneyColumn) -> &'static str,
    between: [&str; 2],
) -> String {
    use crate::model::MoneyColumn::{Aid, Counterpart, Total};
    format!(
        "{} {}{}{} {}{}{} {}",
        name(Total),
        money.amount(shifted.total),
        between[0],
        name(Aid),
        money.amount(shifted.aid),
        between[1],
        name(Counterpart),
        money.amount(shifted.counterpart)
    )
}

/// A usage error clap found, in Vietnamese; `commands`: the program's commands, named
/// where the one given is none of them.
pub fn vietnamese_usage(error: &clap::Error, commands: &[&str]) -> String {
    vi::usage(error, commands)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Rule, SectorRef, Subject};
    use crate::model::{FilePart, MoneyColumn};
    use crate::number::{AmountError, Basis, FormulaError};
    use crate::period::Period;
    use crate::problem::Wanted;

    /// Every argument and every value the English help explains has Vietnamese words: an
    /// option added without them fails here. The Vietnamese command passes clap's checks.
    #[test]
    fn every_argument_and_value_has_vietnamese_help() {
        use clap::CommandFactory;
        fn walk(command: &clap::Command, name: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments().filter(|arg| !arg.is_hide_set()) {
                let id = arg.get_id().as_str();
                if vi::arg_help(name, id).is_none() {
                    missing.push(format!("{name} {id}"));
                }
                for value in arg.get_possible_values() {
                    if value.get_help().is_some() && vi::value_help(id, value.get_name()).is_none()
                    {
                        missing.push(format!("{name} {id}={}", value.get_name()));
                    }
                }
            }
            for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
                walk(sub, sub.get_name(), missing);
            }
        }
        let command = crate::cli::Cli::command();
        let mut missing = Vec::new();
        walk(&command, "aidcat", &mut missing);
        assert!(missing.is_empty(), "no Vietnamese help: {missing:?}");
        vietnamese_help(command).debug_assert();
    }

    #[test]
    fn a_vietnamese_locale_is_told_however_the_system_writes_it() {
        for locale in [
            "vi_VN.UTF-8",
            "vi",
            "vi-VN",
            "VI_vn",
            "Vietnamese_Vietnam.1258",
        ] {
            assert_eq!(Lang::of_locale(locale), Lang::Vi, "{locale}");
        }
        for locale in [
            "en_US.UTF-8",
            "C",
            "",
            "fr-FR",
            "video",
            "English_United States.1252",
        ] {
            assert_eq!(Lang::of_locale(locale), Lang::En, "{locale}");
        }
    }

    /// One finding of every kind, with every subject and amount error.
    fn every_kind() -> Vec<FindingKind> {
        let sector = SectorRef {
            code: Some("II".into()),
            name: "Lĩnh vực an sinh xã hội".into(),
        };
        let project = Subject::Project {
            sector: sector.clone(),
            number: Some("3".into()),
            name: "Nhà tình thương".into(),
        };
        let subjects = [
            project.clone(),
            Subject::Component {
                sector: sector.clone(),
                number: Some("3".into()),
                name: "Nhà tình thương".into(),
                index: 2,
                part: None,
            },
            Subject::Component {
                sector: sector.clone(),
                number: Some("3".into()),
                name: "Nhà tình thương".into(),
                index: 3,
                part: Some("3.2".into()),
            },
            Subject::SectorRow {
                sector: sector.clone(),
            },
            Subject::GroupRow {
                group: sector.clone(),
            },
            Subject::GrandTotalRow,
        ];
        let d = |n: i64| Decimal::new(n, 0);
        let span = Period {
            start: 2020,
            end: 2026,
        };
        let mut kinds = vec![
            FindingKind::ExtraCells {
                cells: 12,
                header_cells: 10,
                shifted: None,
            },
            FindingKind::ExtraCells {
                cells: 12,
                header_cells: 10,
                shifted: Some(crate::model::Shifted {
                    by: 2,
                    total: d(700),
                    aid: d(600),
                    counterpart: d(100),
                }),
            },
            FindingKind::MissingCells {
                cells: 5,
                header_cells: 8,
                shifted: crate::model::Shifted {
                    by: 3,
                    total: d(1100),
                    aid: d(800),
                    counterpart: d(300),
                },
            },
            FindingKind::NoProjects,
            FindingKind::UnplacedRow,
            FindingKind::DuplicateNumber {
                subject: project.clone(),
                number: "3".into(),
                sector: sector.clone(),
                first_line: 20,
            },
            FindingKind::NoAmounts {
                subject: project.clone(),
                only: None,
            },
            FindingKind::NoAmounts {
                subject: project.clone(),
                only: Some(MoneyColumn::Aid),
            },
            FindingKind::PeriodUnreadable {
                subject: project.clone(),
                text: "hai năm".into(),
            },
            FindingKind::PeriodLength {
                subject: project.clone(),
                text: "36 tháng".into(),
            },
            FindingKind::PeriodReversed {
                subject: project.clone(),
                text: "2025-2021".into(),
                start: 2025,
                end: 2021,
            },
            FindingKind::PeriodYearAsDate {
                subject: project.clone(),
                text: "15/07/1905".into(),
                period: Period::year(2023),
            },
            FindingKind::PeriodOutsideProgramme {
                subject: project.clone(),
                period: span,
                programme: Period {
                    start: 2020,
                    end: 2025,
                },
            },
            FindingKind::ProjectSum {
                subject: project.clone(),
                column: MoneyColumn::Total,
                declared: d(1600),
                computed: d(1500),
                formula: None,
            },
            FindingKind::SectorSum {
                sector: sector.clone(),
                column: MoneyColumn::Aid,
                declared: d(13233),
                computed: d(12873),
                formula: Some("=SUM(G4:G9)".into()),
            },
            FindingKind::SheetTotals {
                sector: "Giáo dục".into(),
                part: FilePart::Sheet("Giáo dục".into()),
                column: MoneyColumn::Total,
                declared: d(5300),
                computed: d(5200),
            },
            FindingKind::SheetTotals {
                sector: "Giáo dục".into(),
                part: FilePart::Table("3-4".into()),
                column: MoneyColumn::Aid,
                declared: d(5300),
                computed: d(5200),
            },
            FindingKind::SheetCount {
                sector: "Giáo dục".into(),
                part: FilePart::Table("3".into()),
                declared: 3,
                counted: 2,
            },
            FindingKind::TotalsCount {
                declared: 26,
                counted: 25,
            },
            FindingKind::GroupSum {
                group: SectorRef {
                    code: Some("A".into()),
                    name: "Nhóm các lĩnh vực xã hội".into(),
                },
                column: MoneyColumn::Total,
                declared: d(20000),
                computed: d(18106),
                formula: None,
            },
            FindingKind::GrandTotal {
                column: MoneyColumn::Total,
                declared: d(367902),
                computed: d(367542),
                formula: None,
                origins: vec![(sector.clone(), 22)],
            },
            FindingKind::GrandTotalSubtotals {
                column: MoneyColumn::Counterpart,
                declared: d(1),
                computed: d(2),
                formula: None,
                origins: Vec::new(),
            },
            FindingKind::GrandTotalSubtotals {
                column: MoneyColumn::Aid,
                declared: d(306590),
                computed: d(306230),
                formula: None,
                origins: vec![(sector.clone(), 22)],
            },
            FindingKind::BreakdownSum {
                number: Some("2".into()),
                name: "Trạm y tế xã B".into(),
                label: "Phân kỳ vốn viện trợ".into(),
                column: MoneyColumn::Aid,
                amount: d(1700),
                parts: ["Năm 2021", "Năm 2022"]
                    .map(|label| crate::model::BreakdownPart {
                        label: label.into(),
                        value: d(900),
                    })
                    .into(),
                sum: d(1800),
            },
        ];
        for reason in [
            AmountError::NotANumber,
            AmountError::Malformed,
            AmountError::TooLarge,
            AmountError::OtherConvention {
                reads_in: Convention::En,
            },
            AmountError::WithUnit,
            AmountError::OtherUnit,
            AmountError::NotKnownYet,
            AmountError::Range,
            AmountError::WithWords,
            AmountError::FormulaWithoutValue,
            AmountError::FormulaError {
                error: FormulaError::Reference,
            },
        ] {
            kinds.push(FindingKind::NotANumber {
                text: "năm trăm".into(),
                label: "Tổng vốn".into(),
                reason,
            });
            for label in ["Phân kỳ vốn viện trợ", "Năm 2024 – Năm 2026"] {
                kinds.push(FindingKind::PartNotANumber {
                    text: "chưa rõ".into(),
                    label: label.into(),
                    part: "Năm 2025".into(),
                    reason,
                });
            }
        }
        for subject in subjects {
            kinds.push(FindingKind::NegativeAmount {
                subject: subject.clone(),
                column: MoneyColumn::Counterpart,
                value: d(-5),
            });
            // Under a yearly label that names its columns (`Năm 2024 – Năm 2026`), the
            // part alone.
            for label in ["Phân kỳ vốn viện trợ", "Năm 2024 – Năm 2026"] {
                kinds.push(FindingKind::BreakdownColumnSum {
                    subject: subject.clone(),
                    label: label.into(),
                    part: "Năm 2025".into(),
                    declared: d(1250),
                    computed: d(1520),
                });
            }
            kinds.push(FindingKind::RowSum {
                subject,
                total: d(10),
                aid: d(6),
                counterpart: d(5),
            });
        }
        kinds
    }

    /// Every finding kind is written in both languages, and the Vietnamese text holds no
    /// English word of the English one.
    #[test]
    fn every_finding_reads_in_english_and_in_vietnamese() {
        let kinds = every_kind();
        for rule in Rule::ALL {
            assert!(
                kinds.iter().any(|k| k.rule() == rule),
                "no example of {}",
                rule.id()
            );
        }
        let amounts = Amounts {
            convention: Convention::Vi,
            unit: Some("Triệu đồng".into()),
        };
        let english = [
            "project", "sector", "total", "declared", "but", "the", "is", "period", "amount",
            "row", "column", "number", "grand", "empty", "cells",
        ];
        for kind in &kinds {
            let en = Lang::En.finding(kind, &amounts);
            let vi = Lang::Vi.finding(kind, &amounts);
            assert_ne!(en, vi);
            for word in vi.split(|c: char| !c.is_alphanumeric()) {
                assert!(
                    !english.contains(&word.to_lowercase().as_str()),
                    "`{word}` is English in: {vi}"
                );
            }
        }
    }

    /// Every hint kind is written in both languages, differently.
    #[test]
    fn every_hint_reads_in_english_and_in_vietnamese() {
        use crate::check::{Hint, RowRef};
        let row = RowRef {
            line: 24,
            number: Some("2".into()),
            name: "Xây dựng cầu".into(),
            part: Some("2.1".into()),
            hidden: false,
        };
        let hints = [
            Hint::OneRow {
                row: row.clone(),
                figure: Decimal::new(360, 0),
                counted_twice: true,
            },
            Hint::OneRow {
                row: row.clone(),
                figure: Decimal::new(360, 0),
                counted_twice: false,
            },
            Hint::OneRow {
                row: RowRef {
                    hidden: true,
                    ..row.clone()
                },
                figure: Decimal::new(360, 0),
                counted_twice: false,
            },
            Hint::MistypedDigit {
                place: Decimal::new(100, 0),
            },
            Hint::TransposedDigits,
            Hint::TakesNextSectorsRow { row: row.clone() },
            Hint::ShiftedByOneRow {
                left_out: row.clone(),
                taken: row.clone(),
            },
            Hint::CarriedIntoTotal {
                column: MoneyColumn::Aid,
            },
            Hint::LeavesOutSector {
                sector: "II".into(),
                line: 22,
            },
            Hint::RangeLeavesOut { lines: vec![5, 6] },
            Hint::RangeTakesOthers {
                lines: (1..20).collect(),
            },
            Hint::TypedNotFormula { formulas: 4 },
            Hint::FormulaNotComputed,
            Hint::TotalIsOnePart {
                column: MoneyColumn::Counterpart,
            },
            Hint::CellsShifted {
                shifted: crate::model::Shifted {
                    by: 1,
                    total: Decimal::new(700, 0),
                    aid: Decimal::new(600, 0),
                    counterpart: Decimal::new(100, 0),
                },
            },
            Hint::TotalOfRowAbove { line: 7 },
            Hint::RowFigureOff {
                row: row.clone(),
                column: MoneyColumn::Total,
                should_be: Decimal::new(4500, 0),
            },
            Hint::PartOff {
                row,
                part: "Năm 2025".into(),
                should_be: Decimal::new(1250, 0),
            },
            Hint::OwnPartOff {
                should_be: Decimal::new(1600, 0),
            },
            Hint::PartAgrees {
                lines: vec![8],
                part: "Năm 2025".into(),
                should_be: Decimal::new(1250, 0),
            },
            Hint::PartAgrees {
                lines: vec![8, 10],
                part: "Năm 2025".into(),
                should_be: Decimal::new(1250, 0),
            },
            Hint::SumAgrees {
                line: 22,
                column: MoneyColumn::Aid,
                should_be: Decimal::new(4000, 0),
                grand_total: false,
            },
            Hint::SumAgrees {
                line: 40,
                column: MoneyColumn::Aid,
                should_be: Decimal::new(4000, 0),
                grand_total: true,
            },
            Hint::ThousandsAsDecimals {
                figures: vec![Decimal::new(15, 1), Decimal::new(12, 1)],
            },
            Hint::UnreadableLeftOut { lines: vec![9, 12] },
            Hint::MisreadSummed { lines: vec![6, 10] },
            Hint::FieldNotUpdated,
            Hint::FormulaOtherColumn {
                column: MoneyColumn::Total,
            },
        ];
        // A new kind fails to compile here until it is added above.
        let covered = |hint: &Hint| match hint {
            Hint::OneRow { .. } => 0,
            Hint::MistypedDigit { .. } => 1,
            Hint::TransposedDigits => 2,
            Hint::TakesNextSectorsRow { .. } => 3,
            Hint::ShiftedByOneRow { .. } => 4,
            Hint::CarriedIntoTotal { .. } => 5,
            Hint::LeavesOutSector { .. } => 6,
            Hint::RangeLeavesOut { .. } => 7,
            Hint::RangeTakesOthers { .. } => 8,
            Hint::TypedNotFormula { .. } => 9,
            Hint::FormulaNotComputed => 10,
            Hint::TotalIsOnePart { .. } => 11,
            Hint::TotalOfRowAbove { .. } => 12,
            Hint::RowFigureOff { .. } => 13,
            Hint::PartOff { .. } => 14,
            Hint::OwnPartOff { .. } => 15,
            Hint::PartAgrees { .. } => 16,
            Hint::SumAgrees { .. } => 17,
            Hint::ThousandsAsDecimals { .. } => 18,
            Hint::UnreadableLeftOut { .. } => 19,
            Hint::MisreadSummed { .. } => 20,
            Hint::FieldNotUpdated => 21,
            Hint::FormulaOtherColumn { .. } => 22,
            Hint::CellsShifted { .. } => 23,
        };
        let mut seen: Vec<usize> = hints.iter().map(covered).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (0..24).collect::<Vec<_>>());
        let amounts = Amounts {
            convention: Convention::Vi,
            unit: Some("Triệu đồng".into()),
        };
        // Thousands misread: the file's separator, and the spreadsheet that misreads it.
        let misread = (hints.iter())
            .find(|hint| matches!(hint, Hint::ThousandsAsDecimals { .. }))
            .unwrap();
        let english = Amounts {
            convention: Convention::En,
            unit: Some("USD".into()),
        };
        assert!(Lang::En.hint(misread, &amounts).contains("thousands dots"));
        let en = Lang::En.hint(misread, &english);
        assert!(en.contains("1.5 and 1.2 read as 1,500 and 1,200"), "{en}");
        assert!(en.contains("thousands commas that a spreadsheet set to Vietnamese"));
        assert!(Lang::Vi.hint(misread, &english).contains("dấu phẩy"));
        for hint in &hints {
            let (en, vi) = (Lang::En.hint(hint, &amounts), Lang::Vi.hint(hint, &amounts));
            assert!(!en.is_empty() && en != vi, "{en} / {vi}");
            for word in ["the", "row", "line", "probably", "perhaps"] {
                assert!(!vi.split(' ').any(|w| w == word), "`{word}` in {vi}");
            }
        }
    }

    /// Every read-error and usage-error kind is written in both languages, and the
    /// Vietnamese text holds no English word of the English one.
    #[test]
    fn every_problem_reads_in_english_and_in_vietnamese() {
        use crate::problem::Problem::{self, *};
        use crate::problem::SystemError;
        let s = |text: &str| text.to_owned();
        let problems = [
            CannotRead {
                cause: SystemError::InvalidName,
            },
            CannotRead {
                cause: SystemError::Other {
                    detail: s("Invalid argument (os error 22)"),
                },
            },
            NotFound,
            PermissionDenied,
            IsDirectory,
            Empty {
                wanted: Wanted::Plan,
            },
            NoText,
            InputTooLarge { mib: 512 },
            FileTooLargeForMemory { mib: 600, max: 512 },
            FileChanged,
            ReadingStopped { at: 4096 },
            NulByte {
                offset: 7,
                utf16_hint: true,
            },
            NulByte {
                offset: 7,
                utf16_hint: false,
            },
            InvalidUtf8 { byte: 0xFF },
            Utf16Truncated {
                encoding: s("UTF-16LE"),
            },
            Utf16Broken {
                encoding: s("UTF-16LE"),
            },
            UnclosedQuote,
            CellTooLarge { cell: 3, mib: 4 },
            TooManyCells { max: 4096 },
            RowTooLarge { mib: 16 },
            WorkbookDamaged,
            WorkbookPassword,
            WorkbookExpands { mib: 520, max: 512 },
            WorkbookRepeats {
                cells: 30_000_000,
                max: 20_000_000,
            },
            SharedStrings {
                declared: 1 << 30,
                bytes: 100,
            },
            WorkbookReader {
                detail: s("broken pipe"),
            },
            WorkbookMemory { mib: 1024 },
            NotAWorkbook,
            NoSheets,
            LegacyWordDocument,
            DocumentPassword,
            DocumentDamaged,
            JsonSyntax {
                found: Some('}'),
                expected: crate::problem::JsonExpected::Name,
            },
            JsonSyntax {
                found: None,
                expected: crate::problem::JsonExpected::CommaOr(']'),
            },
            JsonTooDeep { max: 128 },
            DocumentText { mib: 65, max: 64 },
            OtherFormat {
                format: crate::problem::OtherFormat::Pdf,
            },
            OtherFormat {
                format: crate::problem::OtherFormat::Image,
            },
            OtherFormat {
                format: crate::problem::OtherFormat::Presentation,
            },
            OtherFormat {
                format: crate::problem::OtherFormat::Archive,
            },
            DocumentTooLarge { max: 1_000_000 },
            SheetTooLarge { max: 50_000_000 },
            NoTable {
                wanted: Wanted::Plan,
                tables: 2,
                figures: true,
            },
            NoSuchTable {
                table: 3,
                tables: 2,
            },
            RowsOutOfOrder { after: 12 },
            SheetUnreadable {
                sheet: s("Sheet1"),
                detail: s("bad xml"),
            },
            NoSuchSheet {
                file: s("a.xlsx"),
                sheets: vec![s("Sheet1")],
            },
            NoHeader {
                wanted: Wanted::Catalogue,
                searched: 12,
                closest: Some((3, s("`STT`"))),
                figures: true,
            },
            DoubleEncoded {
                seen: s("TÃªn dá»± Ã¡n"),
                meant: s("Tên dự án"),
            },
            TotalsTable {
                found: s("`Code`, `Sector`, `Projects`, `Total`"),
            },
            ColumnUnitsDiffer {
                first: s("Tổng vốn (USD)"),
                first_unit: s("USD"),
                other: s("Vốn đối ứng (triệu đồng)"),
                other_unit: s("triệu đồng"),
            },
            PlanTable {
                found: s("`TT`, `Nội dung`, `Đơn vị chủ trì`"),
            },
            CatalogueTable {
                found: s("`STT`, `Tên dự án`, `Tổng vốn`"),
            },
            NoTasks {
                task: s("Nội dung"),
            },
            MissingColumns {
                missing: vec![[s("total capital (`Tổng vốn`)"), s("tổng vốn (`Tổng vốn`)")]],
                found: s("`STT`, `Tên dự án`"),
            },
            TooManyRows { max: 100_000 },
            TooManySectors { max: 10_000 },
            TooManyComponents {
                max: 10_000,
                project: 9,
            },
            TooManyGroups {
                max: 10_000,
                by: s("owner,year"),
            },
            NumberConventions {
                first: (3, s("1.5")),
                second: (4, s("1,5")),
                both_proven: true,
            },
            NumberConventions {
                first: (3, s("1.500")),
                second: (4, s("1,500")),
                both_proven: false,
            },
            GivenTwice {
                file: s("a.csv"),
                first: s("./a.csv"),
            },
            MixedUnits {
                first: s("a.csv"),
                first_unit: s("Triệu đồng"),
                other: s("b.csv"),
                other_unit: s("USD"),
            },
            CannotCreate {
                folder: s("out"),
                cause: SystemError::ReadOnly,
            },
            CannotCreate {
                folder: s("out"),
                cause: SystemError::NotFound,
            },
            CannotCreate {
                folder: s("out"),
                cause: SystemError::PermissionDenied,
            },
            OutputIsInput { input: s("a.csv") },
            OutputIsDirectory,
            OutputExtension {
                extension: s("ods"),
            },
            CannotWrite {
                cause: SystemError::DiskFull,
            },
            WorkbookToTerminal,
            FixFromStdin,
            FixOutput,
            FixWordCopyOfOther,
            FixWordCopyNotInPlace,
            FixSpreadsheetCopyOfOther,
            FixSpreadsheetCopyNotInPlace,
            FixTextCopyOfOther,
            FixTextCopyNotInPlace,
            ConversionOverflow,
            InexactSums,
            NoRate {
                file: s("b.csv"),
                unit: s("USD"),
                output_unit: s("triệu đồng"),
                reference: s("a.csv"),
            },
            UnknownUnit { found: s("cái") },
            BadRate { found: s("24000") },
            MappingHeader,
            UnknownNationalSector {
                found: s("healthcare"),
            },
            UnknownMatch { found: s("regex") },
            NoFiles,
            Groupings,
        ];
        // A new kind fails to compile here until it is added above.
        let seen = |problem: &Problem| match problem {
            CannotRead { .. } | NotFound | PermissionDenied => 0,
            IsDirectory | Empty { .. } | NoText | InputTooLarge { .. } => 0,
            FileTooLargeForMemory { .. } | FileChanged | ReadingStopped { .. } => 1,
            NulByte { .. } | InvalidUtf8 { .. } | Utf16Truncated { .. } | Utf16Broken { .. } => 2,
            UnclosedQuote | CellTooLarge { .. } | TooManyCells { .. } | RowTooLarge { .. } => 3,
            WorkbookDamaged | WorkbookExpands { .. } | WorkbookRepeats { .. } => 4,
            WorkbookPassword => 4,
            SharedStrings { .. } | WorkbookReader { .. } | WorkbookMemory { .. } => 5,
            NotAWorkbook | NoSheets | SheetUnreadable { .. } | NoSuchSheet { .. } => 6,
            RowsOutOfOrder { .. } => 6,
            NoHeader { .. } | MissingColumns { .. } | TooManyRows { .. } => 7,
            TotalsTable { .. } | PlanTable { .. } | CatalogueTable { .. } | NoTasks { .. } => 7,
            ColumnUnitsDiffer { .. } => 7,
            DoubleEncoded { .. } => 7,
            TooManySectors { .. } | TooManyGroups { .. } | TooManyComponents { .. } => 7,
            NumberConventions { .. } | GivenTwice { .. } | MixedUnits { .. } => 8,
            CannotCreate { .. } | OutputIsInput { .. } | OutputIsDirectory => 9,
            OutputExtension { .. } | CannotWrite { .. } | WorkbookToTerminal => 10,
            FixFromStdin | FixOutput => 11,
            FixWordCopyOfOther | FixWordCopyNotInPlace => 11,
            FixSpreadsheetCopyOfOther | FixSpreadsheetCopyNotInPlace => 11,
            FixTextCopyOfOther | FixTextCopyNotInPlace => 11,
            LegacyWordDocument | NoTable { .. } | NoSuchTable { .. } => 11,
            DocumentPassword | DocumentDamaged | DocumentText { .. } => 11,
            OtherFormat { .. } => 11,
            DocumentTooLarge { .. } | SheetTooLarge { .. } => 11,
            JsonSyntax { .. } | JsonTooDeep { .. } => 11,
            ConversionOverflow | UnknownUnit { .. } | BadRate { .. } | MappingHeader => 12,
            NoRate { .. } | InexactSums => 12,
            UnknownNationalSector { .. } | UnknownMatch { .. } | NoFiles | Groupings => 12,
        };
        assert_eq!(problems.iter().map(seen).max(), Some(12));
        let english = [
            "the", "file", "cannot", "expected", "is", "not", "row", "rows", "column", "workbook",
            "sheet", "found", "save", "it", "than", "more", "with", "pass",
        ];
        for problem in &problems {
            let (en, vi) = (Lang::En.problem(problem), Lang::Vi.problem(problem));
            assert_ne!(en, vi);
            // What comes from outside (library details, cells) is quoted as it is.
            let own = [
                "Invalid argument (os error 22)",
                "broken pipe",
                "total capital",
            ]
            .iter()
            .fold(vi.clone(), |text, outside| text.replace(outside, ""));
            for word in own.split(|c: char| !c.is_alphanumeric()) {
                assert!(
                    !english.contains(&word.to_lowercase().as_str()),
                    "`{word}` is English in: {vi}"
                );
            }
        }
    }

    #[test]
    fn every_reading_reads_in_both_languages() {
        use crate::model::Reading::*;
        for reading in [
            NumberedSectors { line: 4, depth: 0 },
            NumberedSectors { line: 4, depth: 1 },
            DeeperSectors { line: 4 },
            ClosingSectors { line: 6 },
            SheetSectors {
                sheets: vec!["Y tế".to_owned()],
            },
            SheetSectors {
                sheets: vec!["Y tế".to_owned(), "Giáo dục".to_owned()],
            },
            TitleSector {
                sector: "LĨNH VỰC Y TẾ".to_owned(),
            },
            TableSectors {
                tables: vec!["1".to_owned(), "3-4".to_owned()],
                sectors: Vec::new(),
            },
            UnnumberedProjects { line: 6 },
            LetterGroups { line: 4 },
            NamedSectors { line: 4 },
            NumberedNamedSectors { line: 4 },
            NumeralGroups { line: 4 },
            NumberedGroup { line: 4 },
            NumeralGroupsOverNumbers { line: 3 },
            NumberedParts { line: 5, depth: 0 },
            NumberedParts { line: 5, depth: 1 },
            Breakdown { line: 6 },
            ContinuedRows { line: 5 },
            BrokenRows { line: 4 },
            TotalAfterSectors { line: 9 },
        ] {
            let (en, vi) = (Lang::En.reading(&reading), Lang::Vi.reading(&reading));
            assert!(
                en.contains("pass --") && vi.contains("dùng --"),
                "{en} / {vi}"
            );
        }
        let tables = OtherTables {
            tables: (2..40).collect(),
        };
        assert!(
            Lang::En
                .reading(&tables)
                .starts_with("the document's tables 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (+28) hold"),
            "{}",
            Lang::En.reading(&tables)
        );
        let sheets = OtherSheets {
            sheets: vec!["Năm\u{202e}2022".to_owned()],
        };
        assert!(Lang::Vi.reading(&sheets).contains("`Năm⟨U+202E⟩2022`"));
        // One sheet or table is named as one, in either language.
        assert!(
            Lang::En
                .reading(&sheets)
                .contains("sheet `Năm⟨U+202E⟩2022` holds")
        );
        assert!(Lang::Vi.reading(&sheets).starts_with("trang tính `"));
        let table = OtherTables { tables: vec![3] };
        assert!(
            Lang::En
                .reading(&table)
                .starts_with("the document's table 3 holds")
        );
        assert!(Lang::Vi.reading(&table).starts_with("bảng 3 của tài liệu"));
        let two = OtherSheets {
            sheets: vec!["A".to_owned(), "B".to_owned()],
        };
        assert!(Lang::En.reading(&two).contains("sheets `A`, `B` hold"));
        assert!(Lang::Vi.reading(&two).starts_with("các trang tính"));
        let above = SectorFromAbove { line: 5 };
        assert!(
            Lang::Vi
                .reading(&above)
                .contains("lĩnh vực của dự án ở dòng trên")
        );
        assert!(Lang::Vi.reading(&above).contains("(dòng đầu tiên: 5)"));
        let totals = SectorTotals { line: 4 };
        assert!(Lang::Vi.reading(&totals).contains("(dòng đầu tiên: 4)"));
        assert!(Lang::En.reading(&totals).contains("(the first at line 4)"));
        let derived = DerivedColumn {
            column: crate::model::MoneyColumn::Counterpart,
        };
        assert_eq!(
            Lang::Vi.reading(&derived),
            "tệp không có cột vốn đối ứng: vốn đối ứng được tính bằng tổng vốn − vốn viện trợ trên mỗi dòng, và số liệu được kiểm tra trên tổng vốn và vốn viện trợ"
        );
    }

    #[test]
    fn a_project_number_carries_its_sector_code_once() {
        let sector = |code: &str| crate::check::SectorRef {
            code: Some(code.to_owned()),
            name: String::new(),
        };
        assert_eq!(
            full_number(&sector("II"), Some("1")).as_deref(),
            Some("II.1")
        );
        assert_eq!(
            full_number(&sector("2"), Some("2.1")).as_deref(),
            Some("2.1")
        );
        assert_eq!(
            full_number(&sector("2"), Some("21")).as_deref(),
            Some("2.21")
        );
        assert_eq!(full_number(&sector("I"), None), None);
        for written in ["1.", "1)", "(1)", "1:"] {
            assert_eq!(
                full_number(&sector("II"), Some(written)).as_deref(),
                Some("II.1")
            );
        }
        assert_eq!(
            full_number(&sector("II"), Some(")")).as_deref(),
            Some("II.)")
        );
    }

    #[test]
    fn every_number_format_reads_in_both_languages() {
        for basis in [
            Basis::Option,
            Basis::Proven,
            Basis::Assumed,
            Basis::Sums,
            Basis::NoSeparators,
            Basis::WholeThousands,
            Basis::Weighed,
        ] {
            let numbers = NumberFormat {
                convention: Convention::Vi,
                basis,
                example: Some((9, "132.716".into())),
            };
            assert_ne!(
                Lang::En.number_format(&numbers),
                Lang::Vi.number_format(&numbers)
            );
        }
    }
}
