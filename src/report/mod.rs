//! Report: what a command has to say, as data, before it is rendered.

pub mod check;
