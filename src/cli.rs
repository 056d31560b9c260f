//! The command line: clap definitions only.

use crate::export::Format;
use crate::lang::Lang;
use crate::number::Convention;
use crate::period::{self, Period};
use crate::problem::BadValue;
use crate::read::{ReadOptions, TextEncoding};
use crate::report::summary::GroupBy;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Parses the command line. With Vietnamese chosen (`--lang vi`, else a `vi` locale), the
/// help texts and usage errors are Vietnamese; usage errors exit with 2.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang_in(&args).unwrap_or_else(Lang::from_env);
    let mut command = Cli::command();
    if lang == Lang::Vi {
        command = crate::lang::vietnamese_help(command);
    }
    command
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .unwrap_or_else(|error| usage_error(error, lang))
}

/// `--lang vi` or `--lang=vi` among the arguments, before they are parsed.
fn lang_in(args: &[std::ffi::OsString]) -> Option<Lang> {
    let value = args.iter().enumerate().find_map(|(i, arg)| {
        let arg = arg.to_str()?;
        match arg.strip_prefix("--lang") {
            Some("") => args.get(i + 1)?.to_str(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        }
    })?;
    Lang::from_str(value, true).ok()
}

fn usage_error(error: clap::Error, lang: Lang) -> ! {
    use clap::error::ErrorKind::{
        DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
    };
    let shown = matches!(
        error.kind(),
        DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::Vi && !shown {
        let command = <Cli as clap::CommandFactory>::command();
        let commands: Vec<&str> = command
            .get_subcommands()
            .filter(|command| !command.is_hide_set())
            .map(clap::Command::get_name)
            .collect();
        let message = crate::lang::vietnamese_usage(&error, &commands);
        crate::render::error_to_stderr(Lang::Vi, &message);
        std::process::exit(2);
    }
    error.exit()
}

#[derive(Debug, Parser)]
#[command(
    name = "aidcat",
    // Usage says `aidcat` on every system, not what started it (`aidcat.exe` on Windows).
    bin_name = "aidcat",
    version,
    about = "Import, check and report on provincial catalogues of projects seeking foreign NGO aid",
    long_about = "aidcat reads the project catalogues Vietnamese provinces publish to mobilise \
                  foreign NGO aid (published layout or one row per project), checks their funding \
                  arithmetic at every level, and reports sector totals.\n\n\
                  Exit codes: 0 clean, 1 findings of severity error (or warnings with --strict), \
                  2 an input could not be read, an output could not be written, or the usage \
                  is wrong."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour the output: auto colours a terminal unless NO_COLOR is set
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Should output to stdout be coloured? `auto` colours a terminal unless `NO_COLOR`
    /// is set to a non-empty value (no-color.org); `always` and `never` override.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        // A Windows console shows escape sequences as text until told to read them;
        // elsewhere there is nothing to turn on.
        let console_shows_colour = || anstyle_query::windows::enable_ansi_colors() != Some(false);
        match self {
            ColorChoice::Always => {
                console_shows_colour();
                true
            }
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
                    && console_shows_colour()
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the funding arithmetic of catalogues: rows, sector subtotals, grand total
    #[command(after_help = "Examples:\n  \
        aidcat check data/soc-trang-2020-2025.csv\n  \
        aidcat check --format json a.csv b.csv\n  \
        aidcat check --number-format en --strict tidy.csv")]
    Check(CheckArgs),

    /// Totals per sector (or national sector, owner, location, period, year, province), computed from the projects
    #[command(after_help = "Examples:\n  \
        aidcat summary data/soc-trang-2020-2025.csv\n  \
        aidcat summary --format csv -o sectors.csv data/soc-trang-2020-2025.csv\n  \
        aidcat summary --by year data/soc-trang-2020-2025.csv\n  \
        aidcat summary --by national-sector --unit 'triệu đồng' provinces/\n  \
        aidcat summary --by province,national-sector --rate '1 USD = 24.000 đồng' a.csv b.xlsx")]
    Summary(SummaryArgs),

    /// Print an implementation plan: tasks, timing, lead and partner agencies
    #[command(after_help = "Examples:\n  \
        aidcat plan data/soc-trang-plan-2020-2025.csv\n  \
        aidcat plan --year 2023 data/soc-trang-plan-2020-2025.csv\n  \
        aidcat plan --by lead data/soc-trang-plan-2020-2025.csv")]
    Plan(PlanArgs),

    /// List the projects, filtered by sector, owner, location or year
    #[command(after_help = "Examples:\n  \
        aidcat list data/soc-trang-2020-2025.csv\n  \
        aidcat list --sector II --year 2023 data/soc-trang-2020-2025.csv\n  \
        aidcat list --owner \"hội nông dân\" --format markdown data/soc-trang-2020-2025.csv")]
    List(ListArgs),

    /// Write catalogues in the tidy layout: one row per project, components folded in
    #[command(after_help = "Examples:\n  \
        aidcat convert data/soc-trang-2020-2025.csv -o soc-trang-tidy.csv\n  \
        aidcat convert --format json data/soc-trang-2020-2025.csv")]
    Convert(ConvertArgs),

    /// Write a corrected copy: every declared subtotal, group row and grand total replaced by the sum of its projects (and a project's figure that its sector's subtotal and its other figures agree on put right)
    #[command(after_help = "Examples:\n  \
        aidcat fix data/soc-trang-2020-2025.csv -o fixed.xlsx\n  \
        aidcat fix data/soc-trang-2020-2025.csv -o fixed.csv\n  \
        aidcat fix appendix.docx -o fixed.docx\n\n\
        In .xlsx the sums are SUM formulas over the right rows and the changed cells are\n\
        filled yellow; a sheet after it lists the changes. An .xlsx workbook's copy is the\n\
        workbook itself, its formatting kept, and so is an .ods workbook's .ods copy; a Word\n\
        document's .docx copy (an OpenDocument text's .odt copy) is the document itself,\n\
        the changed cells shaded. A project's figure is changed only where its\n\
        other figures and its sector's subtotal agree on it; any other row whose total is\n\
        not aid + counterpart is listed for the officer to decide.")]
    Fix(FixArgs),

    /// Write one self-contained HTML page to forward: the catalogue with its wrong cells marked, the findings, charts by sector and year, the plan, provinces compared
    #[command(after_help = "Examples:\n  \
        aidcat report data/soc-trang-2020-2025.csv -o report.html\n  \
        aidcat report data/soc-trang-2020-2025.csv --plan data/soc-trang-plan-2020-2025.csv -o report.html\n  \
        aidcat report --lang vi provinces/ -o bao-cao.html\n\n\
        The page opens offline (nothing is fetched) and prints on A4 landscape.")]
    Report(ReportArgs),

    /// Print a shell completion script: bash, zsh, fish, powershell or elvish
    #[command(after_help = "Examples:\n  \
        aidcat completions bash > /etc/bash_completion.d/aidcat\n  \
        aidcat completions zsh > \"${fpath[1]}/_aidcat\"\n  \
        aidcat completions fish > ~/.config/fish/completions/aidcat.fish")]
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff)
    #[command(after_help = "Examples:\n  \
        aidcat man > aidcat.1 && man ./aidcat.1")]
    Man,

    /// Reads a workbook from standard input in a bounded child process (internal)
    #[command(name = "__workbook", hide = true)]
    Workbook {
        /// The workbook's name, for messages
        #[arg(long)]
        name: String,
        /// The sheet to read
        #[arg(long)]
        sheet: Option<String>,
        /// Look for an implementation plan's header, not a catalogue's
        #[arg(long)]
        plan: bool,
    },
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Catalogue files, folders or patterns (`provinces/*.xlsx`); several are summed together
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// How to group the projects; two groupings crossed: `province,national-sector`
    #[arg(long, value_enum, value_delimiter = ',', default_value = "sector")]
    pub by: Vec<GroupBy>,

    #[command(flatten)]
    pub rollup: RollupArgs,

    /// No progress bar on long inputs
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanBy {
    /// Count the tasks each lead agency leads
    Lead,
    /// Count the tasks each partner agency takes part in (the partners' cell split into
    /// agencies)
    Partner,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Implementation-plan file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Count tasks per lead or partner agency instead of listing them
    #[arg(long, value_enum)]
    pub by: Option<PlanBy>,

    /// Only the tasks due in this year (`Hàng năm` tasks are due every year)
    #[arg(long, value_parser = parse_year)]
    pub year: Option<u16>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub text: TextArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Catalogue files
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Only this sector: its code (`II`) or part of its name
    #[arg(long)]
    pub sector: Option<String>,

    /// Only owners containing this text (case and diacritics ignored)
    #[arg(long)]
    pub owner: Option<String>,

    /// Only locations containing this text (case and diacritics ignored)
    #[arg(long)]
    pub location: Option<String>,

    /// Only projects whose period includes this year
    #[arg(long, value_parser = parse_year)]
    pub year: Option<u16>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Catalogue files (published or tidy); several are written one after the other
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

/// Where and how a report is written.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format [default: from the -o file's extension (.csv .json .md .xlsx .html), else table (csv for convert)]
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write to this file instead of standard output (written whole, then renamed into place); `-` is stdout
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Language of headings and notes [default: vi when the locale is Vietnamese, else en]
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// Width of terminal tables in columns [default: the terminal's width]
    #[arg(long, value_name = "COLUMNS", value_parser = parse_width)]
    pub width: Option<u16>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Catalogue files: CSV, semicolon- or tab-separated text, .xlsx, .xls or .ods; `-` reads stdin
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Treat warnings as errors for the exit code
    #[arg(long)]
    pub strict: bool,

    /// No progress bar on long inputs
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub input: InputArgs,
}

impl Command {
    /// The language asked for on the command line, if any: errors are written in it.
    pub fn lang(&self) -> Option<Lang> {
        match self {
            Command::Check(args) => args.output.lang,
            Command::Summary(args) => args.output.lang,
            Command::Plan(args) => args.output.lang,
            Command::List(args) => args.output.lang,
            Command::Convert(args) => args.output.lang,
            Command::Fix(args) => args.lang,
            Command::Report(args) => args.lang,
            Command::Completions { .. } | Command::Man | Command::Workbook { .. } => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// The catalogue to correct (it is never changed)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write the corrected copy: .xlsx (SUM formulas, changes marked), .csv or .tsv, .docx of a Word document, or .ods or .odt of an OpenDocument workbook or text; `-` writes CSV to stdout
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: PathBuf,

    /// Language of the change list [default: vi when the locale is Vietnamese, else en]
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    #[command(flatten)]
    pub input: InputArgs,
}

/// How many files become one: national sectors, one unit.
#[derive(Debug, Args, Clone, Default)]
pub struct RollupArgs {
    /// A CSV mapping provincial sector names to national sectors (columns
    /// national_sector, provincial_name), matched before the default mapping
    #[arg(long, value_name = "MAPPING.CSV")]
    pub sectors: Option<PathBuf>,

    /// Unit of the figures: đồng, nghìn đồng, triệu đồng, tỷ đồng, USD, 1.000 USD
    /// [default: the first file's]
    #[arg(long)]
    pub unit: Option<String>,

    /// An exchange rate, e.g. "1 USD = 24.000 đồng", for files in another currency;
    /// `FILE=RATE` for one file. A rate in a file's title (`Tỷ giá: …`) is used for it.
    #[arg(long, value_name = "RATE")]
    pub rate: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Catalogue files, folders or patterns; several are compared by province
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// An implementation-plan file, shown as a timeline
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Where to write the page (.html); standard output when not given
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Language of the page [default: vi when the locale is Vietnamese, else en]
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    #[command(flatten)]
    pub rollup: RollupArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

/// How to decode and split input files, where detection should be overridden.
#[derive(Debug, Args, Clone, Default)]
pub struct TextArgs {
    /// Text encoding [default: detected from the byte-order mark, else UTF-8, else
    /// Windows-1258, or TCVN3 (.VnTime fonts) or VNI (VNI-Times fonts) where its letters
    /// or header read only so]
    #[arg(long, value_enum)]
    pub encoding: Option<TextEncoding>,

    /// Cell delimiter: `,` `;` or `tab` [default: detected]
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<char>,

    /// Worksheet of an .xlsx, .xls or .ods workbook [default: the first holding the table, visible sheets before hidden ones]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Table of a document (.docx, .odt, .doc, .rtf, web page), counted from 1 [default: the
    /// first with the right header]
    #[arg(long, value_name = "N", value_parser = parse_table)]
    pub table: Option<usize>,
}

impl TextArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
            delimiter: self.delimiter,
            sheet: self.sheet.clone(),
            table: self.table,
            ..ReadOptions::default()
        }
    }
}

/// How to read catalogue files, where detection should be overridden.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    #[command(flatten)]
    pub text: TextArgs,

    /// Number convention of the amounts: vi = `38.305,31`, en = `38,305.31` [default: detected per file]
    #[arg(long, value_enum, value_name = "CONVENTION")]
    pub number_format: Option<Convention>,

    /// Unit the files' amounts are in, e.g. "Triệu đồng" [default: the unit the money
    /// columns' names state, else the file's `ĐVT:` line]
    #[arg(long, value_name = "UNIT")]
    pub source_unit: Option<String>,

    /// Programme period, e.g. 2020-2025 [default: the file's `giai đoạn YYYY-YYYY` title]
    #[arg(long, value_parser = parse_period)]
    pub period: Option<Period>,

    /// Province [default: named in the file's title]
    #[arg(long)]
    pub province: Option<String>,

    /// Read rows numbered 1, 2 above rows numbered 1.1, 1.2, and rows numbered 2.1, 2.2
    /// above projects numbered 1, 2, as projects, not sectors
    #[arg(long)]
    pub no_numbered_sectors: bool,

    /// Read every row without a number as a component of the project above, even one that
    /// names its own project
    #[arg(long)]
    pub unnumbered_components: bool,

    /// Read letter rows (A, B) above numeral rows, numeral rows (I) above rows numbered
    /// under them (I.1) or above sectors numbered 1, 2, and numbered rows (2) above rows 2.1,
    /// as sectors, not groups of sectors
    #[arg(long)]
    pub no_groups: bool,

    /// Read rows that name a sector (`Lĩnh vực …`, a heading in capitals or in the STT
    /// cell, a name alone above projects numbered afresh, a row numbered 1 naming a sector
    /// above a project numbered 1) as projects or components, not sectors, and a `Cộng lĩnh
    /// vực …` row below projects with no sector row above them as the grand total
    #[arg(long)]
    pub no_named_sectors: bool,

    /// Read rows numbered 1.1, 1.2 under a project numbered 1 as projects, not parts of it
    #[arg(long)]
    pub no_numbered_parts: bool,

    /// Add rows without a number under a project to it (or read them as projects where
    /// they name their own), even where they add up to its row or begin `Trong đó`
    #[arg(long)]
    pub no_breakdowns: bool,

    /// Read rows without a number or figures whose cells begin in lower case, right under
    /// a project or sector row, and rows under a project row broken inside a cell of
    /// several paragraphs (Word's table saved as text), as rows of their own, not as the
    /// rest of the row above
    #[arg(long)]
    pub no_continued_rows: bool,

    /// Read a `Cộng` row below the last of several sectors, none of which closed with
    /// one, as the last sector's subtotal, not the grand total
    #[arg(long)]
    pub no_total_after_sectors: bool,
}

impl InputArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            number_format: self.number_format,
            unit: self.source_unit.clone(),
            period: self.period,
            province: self.province.clone(),
            choices: crate::model::Choices {
                no_numbered_sectors: self.no_numbered_sectors,
                unnumbered_components: self.unnumbered_components,
                no_groups: self.no_groups,
                no_named_sectors: self.no_named_sectors,
                no_numbered_parts: self.no_numbered_parts,
                no_breakdowns: self.no_breakdowns,
                no_continued_rows: self.no_continued_rows,
                no_total_after_sectors: self.no_total_after_sectors,
            },
            ..self.text.read_options()
        }
    }
}

fn parse_delimiter(value: &str) -> Result<char, BadValue> {
    match value {
        "," | "comma" => Ok(','),
        ";" | "semicolon" => Ok(';'),
        "\t" | "\\t" | "tab" => Ok('\t'),
        _ => Err(BadValue::Delimiter),
    }
}

fn parse_period(value: &str) -> Result<Period, BadValue> {
    match period::parse(value) {
        Ok(Some(span)) => Ok(span),
        Ok(None) => Err(BadValue::PeriodEmpty),
        Err(period::PeriodError::Reversed { start, end }) => {
            Err(BadValue::PeriodReversed { start, end })
        }
        Err(period::PeriodError::Unreadable | period::PeriodError::Length) => {
            Err(BadValue::PeriodUnreadable)
        }
    }
}

/// A year as catalogues write it: four digits.
fn parse_year(value: &str) -> Result<u16, BadValue> {
    match value.trim() {
        year if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
            year.parse().map_err(|_| BadValue::Year)
        }
        _ => Err(BadValue::Year),
    }
}

fn parse_width(value: &str) -> Result<u16, BadValue> {
    value.trim().parse().map_err(|_| BadValue::Width)
}

/// A table's number, counted from 1 as the help says.
fn parse_table(value: &str) -> Result<usize, BadValue> {
    match value.trim().parse() {
        Ok(0) | Err(_) => Err(BadValue::Table),
        Ok(table) => Ok(table),
    }
}
