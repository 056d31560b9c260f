//! `aidcat completions SHELL` and `aidcat man`: fitting into the shell.

use super::Outcome;
use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "aidcat", &mut script);
    crate::export::write(&script, None, &[])?;
    Ok(Outcome::Clean)
}

pub fn man() -> Result<Outcome> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    crate::export::write(&page, None, &[])?;
    Ok(Outcome::Clean)
}
