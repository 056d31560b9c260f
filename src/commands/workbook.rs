//! `aidcat __workbook`: the child process a workbook is parsed in (see
//! [`crate::read::workbook`]); not for people.

use super::Outcome;
use anyhow::Result;

pub fn child(name: &str, sheet: Option<&str>) -> Result<Outcome> {
    crate::read::workbook::serve_child(name, sheet)?;
    Ok(Outcome::Clean)
}
