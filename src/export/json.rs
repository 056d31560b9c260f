//! A sheet as JSON: `title`, the `unit` its amount columns are in (where they state one),
//! `rows` (and `total`) as objects keyed by the machine column names in the columns'
//! order, amounts as exact decimal strings, and `notes`. aidcat reads the file back as a
//! catalogue (`read/json.rs`): the order keeps a total row's label before its figures.

use crate::number::format_plain;
use crate::report::sheet::{Cell, Sheet};
use anyhow::Result;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Text(text) => Value::String(text.clone()),
        Cell::Count(count) => json!(count),
        Cell::Amount(Some(v)) | Cell::Percent(Some(v)) => Value::String(format_plain(*v)),
        Cell::Amount(None) | Cell::Percent(None) | Cell::Blank | Cell::Bar(_) => Value::Null,
    }
}

/// A row as an object, its names in the columns' order.
struct Object<'a>(&'a Sheet, &'a [Cell]);

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Object(sheet, row) = self;
        let mut map = serializer.serialize_map(None)?;
        for (column, cell) in sheet.columns.iter().zip(row.iter()) {
            if column.key != "bar" {
                map.serialize_entry(column.key, &value(cell))?;
            }
        }
        map.end()
    }
}

/// The document, its members in the order people read them.
struct Document<'a>(&'a Sheet);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sheet = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("title", &sheet.title)?;
        if let Some(unit) = sheet.columns.iter().find_map(|c| c.unit.as_deref()) {
            map.serialize_entry("unit", unit)?;
        }
        let rows: Vec<Object> = sheet.rows.iter().map(|r| Object(sheet, r)).collect();
        map.serialize_entry("rows", &rows)?;
        map.serialize_entry("total", &sheet.total.as_ref().map(|t| Object(sheet, t)))?;
        map.serialize_entry("notes", &sheet.notes)?;
        map.end()
    }
}

pub fn render(sheet: &Sheet) -> Result<String> {
    Ok(serde_json::to_string_pretty(&Document(sheet))? + "\n")
}
