//! aidcat: import, check and report on the project catalogues that Vietnamese provinces
//! publish to mobilise foreign NGO aid.
//!
//! Data flows one way: [`read`] (bytes → rows → [`model`]) → [`check`] → report → render.

// Text goes out through `export::write` and `render::to_stderr`, which a closed or full
// stream does not make panic; the printing macros do.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod cli;
pub mod commands;
pub mod export;
pub mod lang;
pub mod model;
pub mod national;
pub mod number;
pub mod period;
pub mod problem;
pub mod read;
pub mod render;
pub mod report;
pub mod text;
pub mod unit;
