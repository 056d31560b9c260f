//! Render: reports turned into what a person reads in a terminal.

pub mod check;
pub mod progress;
pub mod table;
