//! Rows → implementation plan: task number, task, timing, lead and partner agencies.

use super::header::{self, Role};
use super::pipeline::{Wanted, read_table};
use super::{ReadError, ReadOptions};
use crate::model::{Plan, Task};
use crate::problem::Problem;
use anyhow::Result;
use std::path::Path;

/// The columns of an implementation plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRole {
    Number,
    Lead,
    Partners,
    Timing,
    /// What a task is to deliver (`Sản phẩm`, `Kết quả dự kiến`, `output`).
    Output,
    /// What a task is to cost (`Kinh phí`, `Dự toán`, `Budget`), as written.
    Budget,
    /// Where its money comes from (`Nguồn kinh phí`, `Funding`).
    Funding,
    Task,
}

impl Role for PlanRole {
    const TABLE: Wanted = Wanted::Plan;
    const ALL: &'static [Self] = &[
        PlanRole::Number,
        PlanRole::Lead,
        PlanRole::Partners,
        PlanRole::Timing,
        PlanRole::Output,
        PlanRole::Budget,
        PlanRole::Funding,
        PlanRole::Task,
    ];

    fn ordinal(self) -> usize {
        self as usize
    }

    fn matches(self, l: &str) -> bool {
        match self {
            PlanRole::Number => matches!(
                l,
                "tt" | "stt" | "s.t.t" | "so tt" | "so thu tu" | "no" | "number" | "#"
            ),
            // Not `Đơn vị thực hiện`: a catalogue's owner, beside its `Nội dung dự án`.
            PlanRole::Lead => {
                l.contains("chu tri") || l.starts_with("lead") || l.starts_with("responsible")
            }
            PlanRole::Partners => {
                l.contains("phoi hop")
                    || ["partner", "supporting", "coordinating", "in coordination"]
                        .iter()
                        .any(|word| l.starts_with(word))
                    || matches!(l, "support" | "coordination" | "with")
            }
            PlanRole::Timing => {
                ["thoi gian", "thoi han", "tien do"]
                    .iter()
                    .any(|word| l.starts_with(word))
                    || matches!(
                        l,
                        "timing" | "time" | "timeline" | "when" | "deadline" | "schedule"
                    )
            }
            PlanRole::Output => {
                [
                    "san pham",
                    "ket qua",
                    "output",
                    "deliverable",
                    "expected output",
                ]
                .iter()
                .any(|word| l.starts_with(word))
                    || matches!(
                        l,
                        "result" | "results" | "expected result" | "expected results"
                    )
            }
            PlanRole::Budget => [
                "kinh phi",
                "tong kinh phi",
                "du toan",
                "chi phi",
                "budget",
                "cost",
                "estimated cost",
                "estimated budget",
            ]
            .iter()
            .any(|word| l.starts_with(word)),
            PlanRole::Funding => ["nguon", "funding", "source of fund", "sources of fund"]
                .iter()
                .any(|word| l.starts_with(word)),
            PlanRole::Task => {
                [
                    "noi dung",
                    "nhiem vu",
                    "ten nhiem vu",
                    "cong viec",
                    "hoat dong",
                ]
                .iter()
                .any(|word| l.starts_with(word))
                    || matches!(l, "task" | "tasks" | "content" | "activity" | "activities")
            }
        }
    }

    fn describe(self) -> [&'static str; 2] {
        match self {
            PlanRole::Number => ["the task number (`TT`)", "số thứ tự nhiệm vụ (`TT`)"],
            PlanRole::Lead => [
                "the lead agency (`Đơn vị chủ trì`, `lead`)",
                "đơn vị chủ trì (`Đơn vị chủ trì`)",
            ],
            PlanRole::Partners => [
                "the partner agencies (`Đơn vị phối hợp`, `partners`)",
                "đơn vị phối hợp (`Đơn vị phối hợp`)",
            ],
            PlanRole::Timing => [
                "the timing (`Thời gian`, `timing`)",
                "thời gian (`Thời gian`)",
            ],
            PlanRole::Output => [
                "what a task delivers (`Sản phẩm`, `output`)",
                "sản phẩm (`Sản phẩm`)",
            ],
            PlanRole::Budget => ["the budget (`Kinh phí`, `budget`)", "kinh phí (`Kinh phí`)"],
            PlanRole::Funding => [
                "the source of funds (`Nguồn kinh phí`, `funding`)",
                "nguồn kinh phí (`Nguồn kinh phí`)",
            ],
            PlanRole::Task => ["the task (`Nội dung`, `task`)", "nhiệm vụ (`Nội dung`)"],
        }
    }
}

/// The column of a plan's header that names who carries each task out (`Đơn vị thực
/// hiện`) where it names no lead agency but its partners: the lead. (Without partners,
/// such a header is a catalogue's: `Nội dung dự án`, `Đơn vị thực hiện`.)
fn implementer_as_lead(header: &header::Header<PlanRole>) -> Option<usize> {
    if header.has(PlanRole::Lead) || !header.has(PlanRole::Partners) {
        return None;
    }
    header.unread_column(|label| {
        ["don vi thuc hien", "co quan thuc hien", "thuc hien"]
            .iter()
            .any(|words| label.starts_with(words))
            || matches!(label, "implementing agency" | "implemented by")
    })
}

/// The roles of `required` the plan's header lacks, its lead taken from
/// [`implementer_as_lead`] where it names none.
fn lacks(header: &header::Header<PlanRole>, required: &[PlanRole]) -> Vec<PlanRole> {
    let mut missing = header.missing(required);
    if implementer_as_lead(header).is_some() {
        missing.retain(|&role| role != PlanRole::Lead);
    }
    missing
}

/// The column where a task's timing ends, where the plan gives its start and end in two
/// (`Thời gian thực hiện` over `Bắt đầu | Kết thúc`, or `Thời gian bắt đầu | Thời gian
/// kết thúc`): the column right of the timing's, read for no other role, labelled as a
/// timing or an end, or with no label of its own where the row under the header names
/// both (`next`, a row with no task).
fn timing_end(header: &header::Header<PlanRole>, next: Option<&super::rows::Row>) -> Option<usize> {
    let end = header.index(PlanRole::Timing)? + 1;
    if PlanRole::ALL
        .iter()
        .any(|&role| header.index(role) == Some(end))
    {
        return None;
    }
    let label = crate::text::fold(header.label_at(end));
    let first_word = label.split_whitespace().next().unwrap_or_default();
    let named = PlanRole::Timing.matches(&label)
        || ["ket thuc", "hoan thanh"]
            .iter()
            .any(|words| label.starts_with(words))
        || ["den", "to", "end", "until"].contains(&first_word);
    let split = label.is_empty()
        && next.is_some_and(|row| {
            !row.cell(end).trim().is_empty()
                && !row.cell(end - 1).trim().is_empty()
                && header
                    .index(PlanRole::Task)
                    .is_some_and(|task| row.cell(task).trim().is_empty())
        });
    (named || split).then_some(end)
}

/// Does the header name an implementation plan's task and lead agency?
pub fn is_plan_header(header: &header::Header<PlanRole>) -> bool {
    header.has(PlanRole::Task) && header.has(PlanRole::Lead)
}

/// Is the header a plan's `plan` reads: its task and lead agency, or its task and the
/// agency carrying it out beside its partners ([`implementer_as_lead`])?
pub fn reads_as_plan(header: &header::Header<PlanRole>) -> bool {
    is_plan_header(header) || header.has(PlanRole::Task) && implementer_as_lead(header).is_some()
}

/// Is the row a catalogue's header (a whole document that holds the catalogue after the
/// plan), and not the plan's (`header`)? It names as many columns as a header must: a
/// task's words may name one or two (`Xây dựng danh mục dự án vận động`).
fn starts_a_catalogue(header: &header::Header<PlanRole>, row: &super::rows::Row) -> bool {
    !header.is_repeated_by(row)
        && header::header_of::<super::CatalogueRole>(row).is_some_and(|catalogue| {
            super::catalogue::layout_of(&catalogue).is_ok() && !is_plan_header(&catalogue.read_as())
        })
}

/// A heading is repeated beside each task it groups: one longer than this many
/// characters is cut (and ends `…`), so that a plan's report stays the size of the plan.
const MAX_HEADING_CHARS: usize = 200;

/// `heading`, cut past [`MAX_HEADING_CHARS`].
fn cut(heading: String) -> String {
    match heading.char_indices().nth(MAX_HEADING_CHARS) {
        Some((at, _)) => format!("{}…", &heading[..at]),
        None => heading,
    }
}

/// Does a row head a group of tasks (`I | CÔNG TÁC TUYÊN TRUYỀN`): no timing, lead,
/// partners, output, budget or source of funds, and no number in digits (a task numbered
/// so, its lead left out, is a task)?
fn is_heading(task: &Task) -> bool {
    !task.number.starts_with(|c: char| c.is_ascii_digit())
        && task.timing.is_empty()
        && task.lead.is_empty()
        && task.partners.is_empty()
        && task.output.is_empty()
        && task.budget.is_empty()
        && task.funding.is_empty()
}

/// The error where no plan's header is found in `rows`: the catalogue they hold, named
/// for what it is (at its header), or else `otherwise`.
fn catalogue_instead(rows: &[super::rows::Row], otherwise: ReadError) -> ReadError {
    match super::catalogue::find_header(rows) {
        Ok((_, found)) if super::catalogue::layout_of(&found).is_ok() => {
            ReadError::at(found.line, None, found.catalogue_problem())
        }
        _ => otherwise,
    }
}

/// Reads an implementation plan with the same decoding and header rules as catalogues.
pub fn read_plan(path: &Path, options: &ReadOptions) -> Result<Plan> {
    let table = read_table(path, options, Wanted::Plan)?;
    let name = table.path.clone();
    let required = [PlanRole::Task, PlanRole::Timing, PlanRole::Lead];
    let (mut header_index, mut header) = match header::find::<PlanRole>(&table.rows) {
        Ok(found) => found,
        // A catalogue may name too few of a plan's columns to be found as a plan's header.
        Err((line, problem)) => {
            let error = catalogue_instead(&table.rows, ReadError::at(line, None, problem));
            return Err(error.located(&name));
        }
    };
    // A header lacking the plan's columns may be another table's (a whole document saved
    // as text holds the catalogue first): the plan's may come further down.
    let first = header.clone();
    while !lacks(&header, &required).is_empty() {
        match header::find::<PlanRole>(&table.rows[header_index + 1..]) {
            Ok((index, later)) => (header_index, header) = (header_index + 1 + index, later),
            Err(_) => break,
        }
    }
    if !lacks(&header, &required).is_empty() {
        // No plan's header anywhere: the error is about the table's header, the first.
        let missing = first.missing_problem(&first.missing(&required));
        let error = catalogue_instead(&table.rows, ReadError::at(first.line, None, missing));
        return Err(error.located(&name));
    }
    let lead = implementer_as_lead(&header);
    let timing_end = timing_end(&header, table.rows.get(header_index + 1));
    let index = |role| match role {
        PlanRole::Lead => header.index(role).or(lead),
        _ => header.index(role),
    };
    // A cell merged down over several tasks (one agency leading them, one timing for
    // them) is each one's, as the officer reads it; not a budget, since one sum for
    // several tasks is not each one's, nor a task or its number.
    let text = |row: &super::rows::Row, role| {
        let shown = |i| match role {
            PlanRole::Number | PlanRole::Task | PlanRole::Budget => row.cell(i).trim(),
            _ => row.shown(i).trim(),
        };
        let cell = index(role).map_or("", shown);
        match (role, timing_end.map(shown)) {
            (PlanRole::Timing, Some(end)) if !end.is_empty() && end != cell => match cell {
                "" => end.to_owned(),
                start => format!("{start} - {end}"),
            },
            _ => cell.to_owned(),
        }
    };
    let title = table.rows[..header_index + 1 - header.rows]
        .iter()
        .map(|r| r.first_text())
        .find(|t| !t.is_empty())
        .map(str::to_owned);
    let mut groups: Vec<String> = Vec::new();
    let mut tasks: Vec<Task> = Vec::new();
    for row in &table.rows[header_index + 1..] {
        // The document's recipients and signature close the plan, and so does the
        // catalogue's header.
        if row.cells().any(super::catalogue::signs_off) || starts_a_catalogue(&header, row) {
            break;
        }
        let task = Task {
            line: row.line,
            number: text(row, PlanRole::Number),
            task: text(row, PlanRole::Task),
            timing: text(row, PlanRole::Timing),
            lead: text(row, PlanRole::Lead),
            partners: text(row, PlanRole::Partners),
            output: text(row, PlanRole::Output),
            budget: text(row, PlanRole::Budget),
            funding: text(row, PlanRole::Funding),
            group: None,
        };
        // A row without a task (a note under the table) is not a task, nor is the total
        // of a plan's budget (`Tổng cộng`).
        if task.task.is_empty()
            || header.is_repeated_by(row)
            || super::catalogue::is_grand_total(row)
        {
            continue;
        }
        if is_heading(&task) {
            let heading = match task.number.trim_end_matches('.') {
                "" => task.task,
                number => format!("{number}. {}", task.task),
            };
            groups.push(cut(heading));
            continue;
        }
        tasks.push(Task {
            group: groups.len().checked_sub(1),
            ..task
        });
    }
    if tasks.is_empty() {
        let task = header.label(PlanRole::Task).unwrap_or_default().to_owned();
        let error = ReadError::at(header.line, None, Problem::NoTasks { task });
        return Err(error.located(&name));
    }
    let budget_unit = (header.label(PlanRole::Budget)).and_then(super::metadata::unit_in_label);
    Ok(Plan {
        path: name,
        title,
        tasks,
        groups,
        budget_unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn plan_header_wordings_match_roles() {
        use PlanRole::*;
        let cases = [
            ("TT", Number),
            ("Số TT", Number),
            ("NỘI DUNG", Task),
            ("Nhiệm vụ", Task),
            ("THỜI GIAN", Timing),
            ("Timeline", Timing),
            ("ĐƠN VỊ CHỦ TRÌ", Lead),
            ("Responsible agency", Lead),
            ("ĐƠN VỊ PHỐI HỢP", Partners),
            ("Supporting agencies", Partners),
            ("Sản phẩm", Output),
            ("Kết quả dự kiến", Output),
            ("Expected output", Output),
            ("Kinh phí (triệu đồng)", Budget),
            ("Dự toán kinh phí", Budget),
            ("Budget (USD)", Budget),
            ("Nguồn kinh phí", Funding),
            ("Source of funds", Funding),
        ];
        for (label, role) in cases {
            let folded = fold(label);
            let first = PlanRole::ALL.iter().find(|r| r.matches(&folded));
            assert_eq!(first, Some(&role), "{label}");
        }
        // A catalogue's owner is no plan's lead: with its `Nội dung dự án`, the
        // catalogue's header would be taken for a plan's.
        assert!(!Lead.matches(&fold("Đơn vị thực hiện")));
    }
}
