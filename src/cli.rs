//! The command line: clap definitions only.

use crate::number::Convention;
use crate::period::{self, Period};
use crate::read::{ReadOptions, TextEncoding};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "aidcat",
    version,
    about = "Import, check and report on provincial catalogues of projects seeking foreign NGO aid",
    long_about = "aidcat reads the project catalogues Vietnamese provinces publish to mobilise \
                  foreign NGO aid (published layout or one row per project), checks their funding \
                  arithmetic at every level, and reports sector totals.\n\n\
                  Exit codes: 0 clean, 1 findings of severity error (or warnings with --strict), \
                  2 an input could not be read or the usage is wrong."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the funding arithmetic of catalogues: rows, sector subtotals, grand total
    #[command(after_help = "Examples:\n  \
        aidcat check data/soc-trang-2020-2025.csv\n  \
        aidcat check --format json a.csv b.csv\n  \
        aidcat check --number-format en --strict tidy.csv")]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Catalogue files (CSV, semicolon- or tab-separated; published or tidy layout)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Treat warnings as errors for the exit code
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style lines, one per finding, and a summary line
    Text,
    /// One JSON document with every file's metadata and findings
    Json,
}

/// How to read the input files, where detection should be overridden.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Number convention of the amounts: vi = `38.305,31`, en = `38,305.31` [default: detected per file]
    #[arg(long, value_enum, value_name = "CONVENTION")]
    pub number_format: Option<Convention>,

    /// Text encoding [default: detected from the byte-order mark, else UTF-8, else Windows-1258]
    #[arg(long, value_enum)]
    pub encoding: Option<TextEncoding>,

    /// Cell delimiter: `,` `;` or `tab` [default: detected]
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<char>,

    /// Unit of the amounts, e.g. "Triệu đồng" [default: the file's `ĐVT:` line]
    #[arg(long)]
    pub unit: Option<String>,

    /// Programme period, e.g. 2020-2025 [default: the file's `giai đoạn YYYY-YYYY` title]
    #[arg(long, value_parser = parse_period)]
    pub period: Option<Period>,

    /// Province [default: named in the file's title]
    #[arg(long)]
    pub province: Option<String>,
}

impl InputArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            number_format: self.number_format,
            encoding: self.encoding,
            delimiter: self.delimiter,
            unit: self.unit.clone(),
            period: self.period,
            province: self.province.clone(),
        }
    }
}

fn parse_delimiter(value: &str) -> Result<char, String> {
    match value {
        "," | "comma" => Ok(','),
        ";" | "semicolon" => Ok(';'),
        "\t" | "\\t" | "tab" => Ok('\t'),
        other => Err(format!(
            "`{other}` is not a delimiter aidcat reads; expected `,`, `;` or `tab`"
        )),
    }
}

fn parse_period(value: &str) -> Result<Period, String> {
    match period::parse(value) {
        Ok(Some(span)) => Ok(span),
        Ok(None) => Err("the period is empty; expected years such as 2020-2025".to_owned()),
        Err(period::PeriodError::Reversed { start, end }) => Err(format!(
            "`{value}` ends ({end}) before it starts ({start}); expected e.g. 2020-2025"
        )),
        Err(period::PeriodError::Unreadable) => Err(format!(
            "cannot read `{value}` as a period; expected years such as 2020-2025"
        )),
    }
}
