//! Report: what a command has to say, as data, before it is rendered.

pub mod check;
pub mod fix;
pub mod page;
pub mod plan;
pub mod projects;
pub mod rollup;
pub mod sheet;
pub mod summary;
