//! One file per command: each reads, checks, reports and renders through the stages.

pub mod check;

/// What a command ends with, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: nothing of severity error.
    Clean,
    /// 1: findings of severity error (or warnings under `--strict`).
    Findings,
    /// 2: an input could not be read.
    Unreadable,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Unreadable => 2,
        }
    }
}
