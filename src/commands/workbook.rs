//! `aidcat __workbook`: the child process a workbook is parsed in (see
//! [`crate::read::workbook`]); not for people.

use super::Outcome;
use crate::problem::Failure;
use crate::read::pipeline::Wanted;
use crate::read::workbook::{CHILD_FAILURE, serve_child};
use anyhow::Result;

pub fn child(name: &str, sheet: Option<&str>, plan: bool) -> Result<Outcome> {
    let wanted = if plan {
        Wanted::Plan
    } else {
        Wanted::Catalogue
    };
    match serve_child(name, sheet, wanted) {
        Ok(()) => Ok(Outcome::Clean),
        // A located failure goes to the parent as data, to be worded in its language.
        Err(error) => match error.downcast_ref::<Failure>() {
            Some(failure) => {
                let json = serde_json::to_string(failure)?;
                crate::render::to_stderr(&format!("{CHILD_FAILURE}{json}\n"));
                Ok(Outcome::Unreadable)
            }
            None => Err(error),
        },
    }
}
