//! A sheet as JSON: `rows` (and `total`) as objects keyed by the machine column names,
//! amounts as exact decimal strings.

use crate::number::format_plain;
use crate::report::sheet::{Cell, Sheet};
use anyhow::Result;
use serde_json::{Map, Value, json};

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Text(text) => Value::String(text.clone()),
        Cell::Count(count) => json!(count),
        Cell::Amount(Some(v)) | Cell::Percent(Some(v)) => Value::String(format_plain(*v)),
        Cell::Amount(None) | Cell::Percent(None) | Cell::Blank | Cell::Bar(_) => Value::Null,
    }
}

fn object(sheet: &Sheet, row: &[Cell]) -> Value {
    let mut map = Map::new();
    for (column, cell) in sheet.columns.iter().zip(row) {
        if column.key != "bar" {
            map.insert(column.key.to_owned(), value(cell));
        }
    }
    Value::Object(map)
}

pub fn render(sheet: &Sheet) -> Result<String> {
    let document = json!({
        "title": sheet.title,
        "rows": sheet.rows.iter().map(|r| object(sheet, r)).collect::<Vec<_>>(),
        "total": sheet.total.as_ref().map(|t| object(sheet, t)),
        "notes": sheet.notes,
    });
    Ok(serde_json::to_string_pretty(&document)? + "\n")
}
