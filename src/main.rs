// Text goes out through `export::write` and `render::to_stderr`, which a closed or full
// stream does not make panic; the printing macros do.
#![warn(clippy::print_stdout, clippy::print_stderr)]

use aidcat::cli::Command;
use aidcat::commands;
use aidcat::lang::Lang;
use std::process::ExitCode;

/// Every allocation counted, so that the process a workbook is parsed in can be bounded
/// (see `aidcat::read::workbook`); others are not.
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn main() -> ExitCode {
    // A library panic caught at a file's boundary is reported as that file's error; the
    // default hook would print a backtrace first.
    // The language the command line asks for, once parsed; else the locale's, looked up
    // only when there is something to say.
    static LANG: std::sync::OnceLock<Option<Lang>> = std::sync::OnceLock::new();
    std::panic::set_hook(Box::new(|info| {
        if !aidcat::read::pipeline::in_panic_boundary() {
            let place = info
                .location()
                .map(|l| format!(" ({}:{})", l.file(), l.line()))
                .unwrap_or_default();
            let said = match LANG.get().copied().flatten().unwrap_or_else(Lang::from_env) {
                Lang::En => format!("internal error{place}; please report it with the input file"),
                Lang::Vi => format!("lỗi nội bộ{place}; xin báo lỗi này kèm theo tệp đầu vào"),
            };
            aidcat::render::to_stderr(&format!("aidcat: {said}\n"));
        }
    }));
    let cli = aidcat::cli::parse();
    let _ = LANG.set(cli.command.lang());
    aidcat::read::workbook::read_in_child_processes();
    let color = cli.color.enabled();
    let outcome = match &cli.command {
        Command::Check(args) => commands::check::run(args, color),
        Command::Summary(args) => commands::summary::run(args),
        Command::Plan(args) => commands::plan::run(args),
        Command::List(args) => commands::list::run(args),
        Command::Convert(args) => commands::convert::run(args),
        Command::Fix(args) => commands::fix::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Completions { shell } => commands::shell::completions(*shell),
        Command::Man => commands::shell::man(),
        Command::Workbook { name, sheet, plan } => {
            // What it holds already is far below the bound, so the bound is set.
            let _ = ALLOCATOR.set_limit(aidcat::read::workbook::CHILD_MEMORY);
            commands::workbook::child(name, sheet.as_deref(), *plan)
        }
    };
    match outcome {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(error) => {
            let lang = cli.command.lang().unwrap_or_else(Lang::from_env);
            aidcat::render::error_to_stderr(lang, &lang.error(&error));
            ExitCode::from(2)
        }
    }
}
