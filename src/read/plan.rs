//! Rows → implementation plan: task number, task, timing, lead and partner agencies.

use super::header::{self, Role};
use super::pipeline::read_table;
use super::{ReadError, ReadOptions};
use crate::model::{Plan, Task};
use anyhow::Result;
use std::path::Path;

/// The columns of an implementation plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRole {
    Number,
    Lead,
    Partners,
    Timing,
    Task,
}

impl Role for PlanRole {
    const ALL: &'static [Self] = &[
        PlanRole::Number,
        PlanRole::Lead,
        PlanRole::Partners,
        PlanRole::Timing,
        PlanRole::Task,
    ];

    fn ordinal(self) -> usize {
        self as usize
    }

    fn matches(self, l: &str) -> bool {
        match self {
            PlanRole::Number => matches!(l, "tt" | "stt" | "no" | "number" | "#"),
            PlanRole::Lead => l.contains("chu tri") || l.starts_with("lead"),
            PlanRole::Partners => l.contains("phoi hop") || l.starts_with("partner"),
            PlanRole::Timing => {
                ["thoi gian", "thoi han", "tien do"]
                    .iter()
                    .any(|word| l.starts_with(word))
                    || matches!(l, "timing" | "time" | "when" | "deadline" | "schedule")
            }
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
            PlanRole::Task => ["the task (`Nội dung`, `task`)", "nhiệm vụ (`Nội dung`)"],
        }
    }
}

/// Reads an implementation plan with the same decoding and header rules as catalogues.
pub fn read_plan(path: &Path, options: &ReadOptions) -> Result<Plan> {
    let table = read_table(path, options, super::pipeline::Wanted::Plan)?;
    let name = table.path.clone();
    let required = [PlanRole::Task, PlanRole::Timing, PlanRole::Lead];
    let (mut header_index, mut header) = header::find::<PlanRole>(&table.rows)
        .map_err(|(line, problem)| ReadError::at(line, None, problem).located(&name))?;
    // A header lacking the plan's columns may be another table's (a whole document saved
    // as text holds the catalogue first): the plan's may come further down.
    while !header.missing(&required).is_empty() {
        match header::find::<PlanRole>(&table.rows[header_index + 1..]) {
            Ok((index, later)) => (header_index, header) = (header_index + 1 + index, later),
            Err(_) => break,
        }
    }
    let missing = header.missing(&required);
    if !missing.is_empty() {
        return Err(
            ReadError::at(header.line, None, header.missing_problem(&missing)).located(&name),
        );
    }
    let text = |row: &super::rows::Row, role| {
        header
            .index(role)
            .map_or_else(String::new, |i| row.cell(i).to_owned())
    };
    let title = table.rows[..header_index + 1 - header.rows]
        .iter()
        .map(|r| r.first_text())
        .find(|t| !t.is_empty())
        .map(str::to_owned);
    let tasks = table.rows[header_index + 1..]
        .iter()
        // A row without a task (a note under the table) is not a task.
        .filter(|row| !text(row, PlanRole::Task).is_empty() && !header.is_repeated_by(row))
        .map(|row| Task {
            line: row.line,
            number: text(row, PlanRole::Number),
            task: text(row, PlanRole::Task),
            timing: text(row, PlanRole::Timing),
            lead: text(row, PlanRole::Lead),
            partners: text(row, PlanRole::Partners),
        })
        .collect();
    Ok(Plan {
        path: name,
        title,
        tasks,
    })
}
