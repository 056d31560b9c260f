//! Integration tests: the real `aidcat` binary, run in a temporary folder on the shipped
//! data, on fixtures in `tests/fixtures`, and on inputs broken on purpose.

mod check;
mod fix;
mod harness;
mod hints;
mod hostile;
mod layouts;
mod output;
mod properties;
mod report;
mod reports;
mod rollup;
mod spreadsheets;
mod streaming;
