//! A finding: what is wrong, where, by how much.

use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding. Figures are exact decimals (JSON strings), in the file's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub rule: &'static str,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The cell reference (`Sheet1!G22`) when the file is a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Decimal>,
}

impl Finding {
    fn new(severity: Severity, rule: &'static str, line: usize, message: String) -> Self {
        Finding {
            severity,
            rule,
            line,
            column: None,
            cell: None,
            message,
            declared: None,
            computed: None,
            difference: None,
        }
    }

    pub fn error(rule: &'static str, line: usize, message: String) -> Self {
        Finding::new(Severity::Error, rule, line, message)
    }

    pub fn warning(rule: &'static str, line: usize, message: String) -> Self {
        Finding::new(Severity::Warning, rule, line, message)
    }

    /// Points the finding at a column (1-based), where one is known.
    pub fn at(mut self, column: Option<usize>) -> Self {
        self.column = column;
        self
    }

    /// Attaches the declared and computed figures and their difference.
    pub fn figures(mut self, declared: Decimal, computed: Decimal) -> Self {
        self.declared = Some(declared.normalize());
        self.computed = Some(computed.normalize());
        self.difference = Some((declared - computed).normalize());
        self
    }
}
