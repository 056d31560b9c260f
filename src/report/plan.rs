//! `plan`: the implementation-plan table, the tasks due in a year, or tasks per lead agency.

use super::sheet::{Cell, Column, Kind, Sheet};
use crate::lang::Lang;
use crate::model::Plan;
use crate::number::Convention;
use crate::period::{Timing, parse_timing};
use crate::text::fold;
use std::collections::HashMap;

/// The tasks of a plan, those due in `year` when given.
pub fn tasks(plan: &Plan, year: Option<u16>, lang: Lang) -> Sheet {
    let columns = vec![
        Column::new("number", lang.pick("No.", "TT"), Kind::Text),
        Column::new("task", lang.pick("Task", "Nội dung"), Kind::Text),
        Column::new("timing", lang.pick("Timing", "Thời gian"), Kind::Text),
        Column::new(
            "lead",
            lang.pick("Lead agency", "Đơn vị chủ trì"),
            Kind::Text,
        ),
        Column::new(
            "partners",
            lang.pick("Partner agencies", "Đơn vị phối hợp"),
            Kind::Text,
        ),
    ];
    // Where the plan groups its tasks under headings, each task names its group; where
    // it says what they deliver, that is a column too.
    let grouped = !plan.groups.is_empty();
    let group_column = Column::new("group", lang.pick("Group", "Nhóm nhiệm vụ"), Kind::Text);
    let delivers = plan.tasks.iter().any(|task| !task.output.is_empty());
    let output_column = Column::new("output", lang.pick("Output", "Sản phẩm"), Kind::Text);
    // A budget as written, in the unit its label states.
    let costed = plan.tasks.iter().any(|task| !task.budget.is_empty());
    let budget_heading = match &plan.budget_unit {
        Some(unit) => format!("{} ({unit})", lang.pick("Budget", "Kinh phí")),
        None => lang.pick("Budget", "Kinh phí").to_owned(),
    };
    let budget_column = Column::new("budget", budget_heading, Kind::Text);
    let funded = plan.tasks.iter().any(|task| !task.funding.is_empty());
    let funding_column = Column::new(
        "funding",
        lang.pick("Source of funds", "Nguồn kinh phí"),
        Kind::Text,
    );
    let columns: Vec<Column> = grouped
        .then_some(group_column)
        .into_iter()
        .chain(columns)
        .chain(delivers.then_some(output_column))
        .chain(costed.then_some(budget_column))
        .chain(funded.then_some(funding_column))
        .collect();
    let rows = plan
        .tasks
        .iter()
        .filter(|t| year.is_none_or(|y| parse_timing(&t.timing).due_in(y)))
        .map(|t| {
            let heading = t.group.map_or("", |index| &plan.groups[index]);
            let group = grouped.then(|| Cell::text(heading));
            group
                .into_iter()
                .chain([
                    Cell::text(&t.number),
                    Cell::text(&t.task),
                    Cell::text(&t.timing),
                    Cell::text(&t.lead),
                    Cell::text(&t.partners),
                ])
                .chain(delivers.then(|| Cell::text(&t.output)))
                .chain(costed.then(|| Cell::text(&t.budget)))
                .chain(funded.then(|| Cell::text(&t.funding)))
                .collect()
        })
        .collect::<Vec<_>>();
    let mut title = plan.title.clone().unwrap_or_else(|| {
        lang.pick("Implementation plan", "Kế hoạch thực hiện")
            .to_owned()
    });
    if let Some(year) = year {
        title = format!(
            "{title} — {} {year}",
            lang.pick("tasks due in", "nhiệm vụ năm")
        );
    }
    let notes = std::iter::once(lang.count(rows.len(), "task", "nhiệm vụ"))
        .chain(timings_not_read(plan, year, lang))
        .collect();
    Sheet {
        title,
        columns,
        rows,
        total: None,
        notes,
        convention: Convention::Vi,
    }
}

/// The agencies a plan's tasks are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agency {
    /// The lead agency (`Đơn vị chủ trì`).
    Lead,
    /// Each agency of the partners' cell (`Đơn vị phối hợp`, [`partner_agencies`]).
    Partner,
}

/// How many tasks each lead or partner agency has, in order of first appearance. A task
/// counts once under each of its partners.
pub fn by_agency(plan: &Plan, agency: Agency, year: Option<u16>, lang: Lang) -> Sheet {
    let mut agencies: Vec<(String, String, usize)> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut counted = 0;
    for task in &plan.tasks {
        if year.is_some_and(|y| !parse_timing(&task.timing).due_in(y)) {
            continue;
        }
        let names = match agency {
            Agency::Lead => vec![task.lead.as_str()],
            Agency::Partner => partner_agencies(&task.partners),
        };
        counted += usize::from(!names.is_empty());
        let mut seen = Vec::new();
        for name in names {
            let key = agency_key(name);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            match by_key.get(&key) {
                Some(&at) => agencies[at].2 += 1,
                None => {
                    by_key.insert(key.clone(), agencies.len());
                    agencies.push((key, name.to_owned(), 1));
                }
            }
        }
    }
    // An agency written short (`Sở KH&ĐT`) counts as the one of its full name in the
    // plan (`Sở Kế hoạch và Đầu tư`), where one full name alone has its initials; where
    // none has, as the one of those initials written with the most words (`VP UBND` as
    // `Văn phòng UBND tỉnh`).
    let signed: Vec<(bool, String)> = agencies.iter().map(|(_, name, _)| initials(name)).collect();
    let mut full_names: HashMap<&str, Option<usize>> = HashMap::new();
    for (at, (short, initials)) in signed.iter().enumerate() {
        if !short {
            // Two full names with the same initials: a short one could be either.
            (full_names.entry(initials.as_str()))
                .and_modify(|one| *one = None)
                .or_insert(Some(at));
        }
    }
    let words = |at: usize| agencies[at].1.split_whitespace().count();
    let mut most_words: HashMap<&str, usize> = HashMap::new();
    for (at, (short, initials)) in signed.iter().enumerate() {
        if *short && !full_names.contains_key(initials.as_str()) {
            (most_words.entry(initials.as_str()))
                .and_modify(|best| {
                    if words(at) > words(*best) {
                        *best = at;
                    }
                })
                .or_insert(at);
        }
    }
    let counted_as: Vec<usize> = (signed.iter().enumerate())
        .map(|(at, (short, initials))| {
            let full = (full_names.get(initials.as_str()).copied())
                .unwrap_or_else(|| most_words.get(initials.as_str()).copied());
            full.filter(|_| *short && !initials.is_empty())
                .unwrap_or(at)
        })
        .collect();
    // Each agency stands where its first way of writing appears.
    let mut place: HashMap<usize, usize> = HashMap::new();
    for (at, &counted) in counted_as.iter().enumerate() {
        place.entry(counted).or_insert(at);
    }
    let mut notes = Vec::new();
    let mut counts = vec![0; agencies.len()];
    for (at, &counted) in counted_as.iter().enumerate() {
        counts[place[&counted]] += agencies[at].2;
        if counted != at {
            notes.push(lang.agency_written_short(&agencies[at].1, &agencies[counted].1));
        }
    }
    let agencies: Vec<(String, usize)> = (counts.into_iter().enumerate())
        .filter(|&(_, count)| count > 0)
        .map(|(at, count)| (agencies[counted_as[at]].1.clone(), count))
        .collect();
    notes.extend(timings_not_read(plan, year, lang));
    let total: usize = agencies.iter().map(|(_, n)| n).sum();
    let (title, key, heading) = match agency {
        Agency::Lead => (
            lang.pick("Tasks by lead agency", "Nhiệm vụ theo đơn vị chủ trì"),
            "lead",
            lang.pick("Lead agency", "Đơn vị chủ trì"),
        ),
        Agency::Partner => (
            lang.pick("Tasks by partner agency", "Nhiệm vụ theo đơn vị phối hợp"),
            "partner",
            lang.pick("Partner agency", "Đơn vị phối hợp"),
        ),
    };
    // A task of several partners counts under each: their counts add up to no total.
    let total = match agency {
        Agency::Lead => Some(vec![
            Cell::text(lang.pick("Total", "Tổng cộng")),
            Cell::Count(total),
        ]),
        Agency::Partner => {
            notes.insert(0, lang.tasks_under_each_partner(counted));
            None
        }
    };
    Sheet {
        title: title.to_owned(),
        columns: vec![
            Column::new(key, heading, Kind::Text),
            Column::new("tasks", lang.pick("Tasks", "Số nhiệm vụ"), Kind::Count),
        ],
        rows: agencies
            .into_iter()
            .map(|(name, n)| vec![Cell::Text(name), Cell::Count(n)])
            .collect(),
        total,
        notes,
        convention: Convention::Vi,
    }
}

/// The first words (folded) an agency's name begins with, where a partners' cell lists
/// it after a comma or `và` (`Sở Tài chính, Công an tỉnh và các ngành có liên quan`):
/// departments, committees, offices, the police, unions, press, schools, banks, and
/// `các` (the agencies concerned). Other words after a comma go on the agency before
/// (`Sở Văn hóa, Thể thao và Du lịch`; `Các sở, ban, ngành`).
const AGENCY_WORDS: &[&str] = &[
    "so", "ban", "bo", "uy", "ubnd", "ubmttq", "van", "vp", "cong", "hoi", "lien", "doan", "mat",
    "dai", "bao", "truong", "benh", "trung", "chi", "cuc", "phong", "quy", "tinh", "kho", "ngan",
    "vien", "co", "cac", "thanh", "huyen",
];

/// The agencies a partners' cell lists: one a line or between `;`, a bullet (`-`, `+`,
/// `•`) before each left off, and within a line split at a comma or `và` (`and`) before a
/// capitalised word of [`AGENCY_WORDS`], or before `các` (`và các tổ chức đoàn thể`).
/// `Các sở, ban, ngành, Ủy ban nhân dân các huyện, thị, thành phố và các tổ chức đoàn
/// thể` lists three.
fn partner_agencies(cell: &str) -> Vec<&str> {
    fn tidy(part: &str) -> &str {
        part.trim()
            .trim_start_matches(['-', '+', '•', '*', '–', '·'])
            .trim_end_matches(['.', ',', ';', ':'])
            .trim()
    }
    let opens_agency = |rest: &str| {
        let word = rest.split_whitespace().next().unwrap_or_default();
        let folded = fold(word);
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        folded == "cac" || capital && AGENCY_WORDS.contains(&folded.as_str())
    };
    let mut agencies = Vec::new();
    for line in cell.split(['\n', ';']) {
        let line = tidy(line);
        let mut start = 0;
        let mut at = 0;
        while at < line.len() {
            let rest = &line[at..];
            let joint = [", ", " và ", " and "]
                .into_iter()
                .find(|joint| rest.starts_with(joint));
            match joint {
                Some(joint) if opens_agency(&rest[joint.len()..]) => {
                    agencies.push(tidy(&line[start..at]));
                    at += joint.len();
                    start = at;
                }
                _ => at += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
        agencies.push(tidy(&line[start..]));
    }
    agencies.retain(|agency| !agency.is_empty());
    agencies
}

/// An agency's name as its tasks are counted by: folded, and without a last `tỉnh` (a
/// provincial plan's agencies are the province's: `Công an tỉnh` and `Công an`, `VP
/// UBND` and `VP UBND tỉnh` are one).
fn agency_key(name: &str) -> String {
    let mut key = fold(name);
    if let Some(rest) = key
        .strip_suffix(" tinh")
        .filter(|rest| !rest.trim().is_empty())
    {
        key.truncate(rest.len());
    }
    key
}

/// The initials an agency's name is written short by, and whether it is written so: a
/// word in capitals (`KH&ĐT`, `UBND`) gives its letters, another word its first, `và`,
/// `and` and `&` none, and a last `tỉnh` none ([`agency_key`]). `Sở Kế hoạch và Đầu
/// tư` and `Sở KH&ĐT` are both `skhdt`.
fn initials(name: &str) -> (bool, String) {
    let mut short = false;
    let mut initials = String::new();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 1 && words.last().is_some_and(|last| fold(last) == "tinh") {
        words.pop();
    }
    for word in words {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let folded = fold(&letters.iter().collect::<String>());
        if matches!(folded.as_str(), "" | "va" | "and") {
            continue;
        }
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            short = true;
            initials.push_str(&folded);
        } else {
            initials.extend(folded.chars().next());
        }
    }
    (short, initials)
}

/// Where the plan is filtered by `year`: the note naming the tasks kept in every year
/// since their timing names no year (none where each does).
fn timings_not_read(plan: &Plan, year: Option<u16>, lang: Lang) -> Option<String> {
    year?;
    let unread: Vec<(usize, String)> = (plan.tasks.iter())
        .filter(|task| parse_timing(&task.timing) == Timing::Unknown)
        .map(|task| (task.line, task.timing.clone()))
        .collect();
    (!unread.is_empty()).then(|| lang.timings_not_read(&unread))
}

#[cfg(test)]
mod tests {
    use super::partner_agencies;

    #[test]
    fn a_partners_cell_is_split_into_its_agencies() {
        assert_eq!(
            partner_agencies("VP UBND, Sở Tài chính, Công an tỉnh và các ngành có liên quan."),
            [
                "VP UBND",
                "Sở Tài chính",
                "Công an tỉnh",
                "các ngành có liên quan"
            ]
        );
        assert_eq!(
            partner_agencies(
                "Các sở, ban, ngành, Ủy ban nhân dân các huyện, thị, thành phố và các tổ chức đoàn thể."
            ),
            [
                "Các sở, ban, ngành",
                "Ủy ban nhân dân các huyện, thị, thành phố",
                "các tổ chức đoàn thể"
            ]
        );
        // An agency's own name keeps its commas and its `và`.
        assert_eq!(
            partner_agencies(
                "Sở Lao động - Thương binh và Xã hội, Sở Văn hóa, Thể thao và Du lịch"
            ),
            [
                "Sở Lao động - Thương binh và Xã hội",
                "Sở Văn hóa, Thể thao và Du lịch"
            ]
        );
        assert_eq!(
            partner_agencies("- Sở Tài chính;\n+ Sở Ngoại vụ\n• Hội Nông dân tỉnh"),
            ["Sở Tài chính", "Sở Ngoại vụ", "Hội Nông dân tỉnh"]
        );
        assert!(partner_agencies(" - ").is_empty());
    }
}
