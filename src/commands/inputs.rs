//! The files a command reads: folders and patterns expanded, as officers give them.
//!
//! A folder stands for the catalogue files in it and in its subfolders (a folder per
//! province, say), by path; hidden folders and linked folders are not entered.
//! A pattern (`*`, `?`, `[…]`) that names no existing file is expanded by aidcat itself,
//! since Windows shells pass it on as written. Either naming no catalogue file is an error.

use crate::lang::Lang;
use crate::model::{Catalogue, Reading, Source};
use crate::national;
use crate::problem::{Failure, Problem};
use crate::read::ReadOptions;
use crate::read::header::counts_projects;
use crate::report::rollup::{Note, PassedOver};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The extensions of the files a folder stands for. Web pages, Markdown and JSON are read
/// when named, not found in a folder: a folder of catalogues often holds reports written
/// in them, and notes.
const CATALOGUE_EXTENSIONS: [&str; 11] = [
    "csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "docx", "odt", "doc", "rtf",
];

fn is_catalogue_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Hidden files and the lock files office programs leave beside an open file.
    let hidden = name.starts_with('.') || name.starts_with("~$");
    let known = path.extension().is_some_and(|e| {
        CATALOGUE_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str())
    });
    !hidden && known && path.is_file()
}

/// Each argument as the files it names, in order; `-` and plain files as given.
pub fn expand(arguments: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for argument in arguments {
        let place = || argument.display().to_string();
        let named: Vec<PathBuf> = if argument.is_dir() {
            let mut named = Vec::new();
            walk(argument, MAX_DEPTH, &mut named).map_err(|(folder, e)| {
                crate::read::pipeline::cannot_read(&folder.display().to_string(), &e)
            })?;
            named
        } else if is_pattern(argument) {
            glob::glob(&argument.to_string_lossy())
                .map_err(|_| Failure::error(place(), Problem::NoFiles))?
                .filter_map(Result::ok)
                .collect()
        } else {
            files.push(argument.clone());
            continue;
        };
        let mut found: Vec<PathBuf> = named.into_iter().filter(|p| is_catalogue_file(p)).collect();
        if found.is_empty() {
            return Err(Failure::error(place(), Problem::NoFiles));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// How deep subfolders are entered.
const MAX_DEPTH: usize = 8;

/// Every entry of `folder` and of its subfolders down to `depth`, but hidden and linked
/// folders (a link may lead back up).
fn walk(
    folder: &Path,
    depth: usize,
    found: &mut Vec<PathBuf>,
) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(folder).map_err(|e| (folder.to_path_buf(), e))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                if depth > 0 && !hidden {
                    walk(&path, depth - 1, found)?;
                }
            }
            _ => found.push(path),
        }
    }
    Ok(())
}

/// A pattern for aidcat to expand: it holds a wildcard and names no file as written.
fn is_pattern(argument: &Path) -> bool {
    let text = argument.to_string_lossy();
    text.contains(['*', '?', '[']) && !argument.exists()
}

/// What the file that failed with `error` is, where a folder or pattern brought it in
/// and it is one to pass over; a file named on the command line is read as asked.
pub fn passed_over(
    path: &Path,
    given: &[PathBuf],
    options: &ReadOptions,
    error: &anyhow::Error,
) -> Option<PassedOver> {
    if given.iter().any(|g| g == path) {
        return None;
    }
    let problem = error
        .downcast_ref::<Failure>()
        .map(|failure| &failure.problem);
    if let Some(Problem::TotalsTable { .. }) = problem {
        Some(PassedOver::Totals)
    } else if let Some(
        Problem::NoTable { figures: false, .. } | Problem::NoHeader { figures: false, .. },
    ) = problem
    {
        Some(PassedOver::NoFigures)
    } else {
        // A plan's header with no task under it (a template) is a plan too.
        let plan = match crate::read::read_plan(path, options) {
            Ok(_) => true,
            Err(error) => matches!(
                error
                    .downcast_ref::<Failure>()
                    .map(|failure| &failure.problem),
                Some(Problem::NoTasks { .. })
            ),
        };
        plan.then_some(PassedOver::Plan)
    }
}

/// The note that the file at `path` was passed over.
pub fn passed_over_note(kind: PassedOver, path: &Path) -> Note {
    let path = path.display().to_string();
    Note::PassedOver { path, kind }
}

/// Says on the terminal that the file was passed over.
pub fn say_passed_over(kind: PassedOver, path: &Path, lang: Lang) {
    let note = lang.rollup_note(&passed_over_note(kind, path));
    crate::render::to_stderr(&format!("aidcat: {}\n", crate::text::plain(&note)));
}

/// The most later sheets of a workbook (tables of a document) read to find its other
/// sectors ([`with_sector_sheets`]): each is read whole to know it, and a file has few.
const MAX_SECTOR_SHEETS: usize = 64;

/// A file's catalogues: the one read first (`first`, read by `read` with `options`),
/// and, in a workbook of one sheet a sector (`Y tế`, `Giáo dục`, or `Biểu 1`, `Biểu 2`
/// titled `… LĨNH VỰC Y TẾ`) or a document of one table a sector (each under its
/// title), its other sectors. Where the sheet (table) read first is a sector's
/// ([`Reading::is_a_named_sector`]), or their table of totals (a column counting
/// projects: `Số dự án`) that a later one of a sector follows, each later visible sheet
/// (each later table holding a catalogue; of the first [`MAX_SECTOR_SHEETS`]) is read
/// by `read` (given the options naming it) and kept where it reads as a sector's too;
/// the table of totals is then left out, as a folder's is. The first's notes name the
/// sheets (tables) as read, not as left unread. Only the first where a sheet or table
/// was asked for (`--sheet`, `--table`) or the input is standard input (read once). A
/// sheet past the rows that may be held is an error (the file's sectors cannot all be
/// read), not a sheet passed over.
pub fn with_sector_sheets<T>(
    path: &Path,
    first: (Catalogue, T),
    options: &ReadOptions,
    mut read: impl FnMut(&ReadOptions) -> Result<(Catalogue, T)>,
) -> Result<Vec<(Catalogue, T)>> {
    let is_sector_sheet = |c: &Catalogue| Reading::is_a_named_sector(&c.readings);
    let head = &first.0;
    // The options that read each later sheet or table.
    let candidates: Vec<ReadOptions> = match &head.source {
        Source::Workbook { others, .. } => (others.iter())
            .filter(|sheet| !head.source.hides_sheet(sheet))
            .take(MAX_SECTOR_SHEETS)
            .map(|sheet| ReadOptions {
                sheet: Some(sheet.clone()),
                ..options.clone()
            })
            .collect(),
        Source::Document { others, .. } => (others.iter().take(MAX_SECTOR_SHEETS))
            .map(|&table| ReadOptions {
                table: Some(table),
                ..options.clone()
            })
            .collect(),
        Source::Text { .. } => return Ok(vec![first]),
    };
    let totals = !is_sector_sheet(head) && head.unread_columns.iter().any(|l| counts_projects(l));
    let asked = options.sheet.is_some() || options.table.is_some();
    if asked || path == Path::new("-") || !(is_sector_sheet(head) || totals) {
        return Ok(vec![first]);
    }
    let mut read_too = Vec::new();
    // A document's table may go on over the tables after it: those are read with it.
    let mut read_through = 0;
    for options in candidates {
        if options.table.is_some_and(|table| table <= read_through) {
            continue;
        }
        match read(&options) {
            Ok((catalogue, found)) if is_sector_sheet(&catalogue) => {
                if let Source::Document { last, .. } = catalogue.source {
                    read_through = last;
                }
                read_too.push((catalogue, found));
            }
            Err(error)
                if matches!(
                    error.downcast_ref::<Failure>().map(|f| &f.problem),
                    Some(Problem::TooManyRows { .. })
                ) =>
            {
                return Err(error);
            }
            _ => {}
        }
    }
    // Sheets that name one sector twice (a sheet a year, each titled `LĨNH VỰC Y TẾ`)
    // are copies, not sectors: summed, they would count projects twice.
    let sector_of = |c: &Catalogue| match &c.source {
        Source::Workbook { sheet, .. } => Some(
            Reading::title_sector(&c.readings)
                .unwrap_or(sheet)
                .to_owned(),
        ),
        _ => Reading::title_sector(&c.readings).map(str::to_owned),
    };
    let sectors: Vec<String> = (std::iter::once(head).filter(|head| is_sector_sheet(head)))
        .chain(read_too.iter().map(|(catalogue, _)| catalogue))
        .filter_map(sector_of)
        .collect();
    let repeated = (sectors.iter().enumerate())
        .any(|(at, a)| sectors[at + 1..].iter().any(|b| national::same_name(a, b)));
    if read_too.is_empty() || repeated {
        return Ok(vec![first]);
    }
    // The sector each part's title names, before the notes saying so give way to one.
    let titled = |c: &Catalogue| {
        Reading::title_sector(&c.readings)
            .unwrap_or_default()
            .to_owned()
    };
    let mut titles: Vec<String> = read_too.iter().map(|(c, _)| titled(c)).collect();
    if !totals {
        titles.insert(0, titled(&first.0));
    }
    for (catalogue, _) in &mut read_too {
        catalogue.readings.retain(|r| !r.names_the_sector());
    }
    let mut all = read_too;
    let mut first = first;
    if totals {
        // The sectors' first sheet speaks for the file: it takes the notes of the table
        // of totals on what else the file holds.
        let mut readings = std::mem::take(&mut first.0.readings);
        let of_others =
            |r: &Reading| matches!(r, Reading::OtherSheets { .. } | Reading::OtherTables { .. });
        readings.retain(of_others);
        all[0].0.readings.append(&mut readings);
    } else {
        all.insert(0, first);
    }
    note_the_sectors_read(&mut all, titles);
    Ok(all)
}

/// The first of a file's sheets (tables) read as its sectors (`all`, the sector each one's
/// title names in `titles`) takes one note that names every one, by its name or its
/// title, in place of its own; its notes of later sheets (tables) not read name none of
/// them.
fn note_the_sectors_read<T>(all: &mut [(Catalogue, T)], titles: Vec<String>) {
    let sources: Vec<&Source> = all.iter().map(|(c, _)| &c.source).collect();
    let note = Reading::parts_read_as_sectors(&sources, titles);
    let (sheets_read, tables_read) = (
        sources.iter().filter_map(|s| s.sheet()).collect::<Vec<_>>(),
        (sources.iter())
            .filter_map(|s| match s {
                Source::Document { table, last, .. } => Some(*table..=*last),
                _ => None,
            })
            .collect::<Vec<_>>(),
    );
    let readings = &mut all[0].0.readings;
    let at = (readings.iter().position(Reading::names_the_sector)).unwrap_or(readings.len());
    readings.retain(|r| !r.names_the_sector());
    readings.insert(at.min(readings.len()), note);
    for reading in readings.iter_mut() {
        match reading {
            Reading::OtherSheets { sheets } => sheets.retain(|s| !sheets_read.contains(s)),
            Reading::OtherTables { tables } => {
                tables.retain(|t| !tables_read.iter().any(|read| read.contains(t)));
            }
            _ => {}
        }
    }
    readings.retain(|r| {
        !matches!(r, Reading::OtherSheets { sheets } if sheets.is_empty())
            && !matches!(r, Reading::OtherTables { tables } if tables.is_empty())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_catalogue;

    /// A later sector sheet past the rows that may be held fails the file: passed over,
    /// its sector would be missing from the totals and lists with nothing said (`list`
    /// listed the first sheet of a workbook of two sectors of 60,000 projects each).
    #[test]
    fn a_sector_sheet_past_the_bound_is_an_error_not_a_sheet_passed_over() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("sectors.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        for name in ["Y tế", "Giáo dục"] {
            let sheet = book.add_worksheet().set_name(name).unwrap();
            let rows = [
                [
                    "STT",
                    "Tên dự án",
                    "Tổng vốn",
                    "Vốn viện trợ",
                    "Vốn đối ứng",
                ],
                ["1", "Trạm bơm", "110", "100", "10"],
            ];
            for (row, cells) in rows.iter().enumerate() {
                for (column, cell) in cells.iter().enumerate() {
                    sheet
                        .write_string(row as u32, column as u16, *cell)
                        .unwrap();
                }
            }
        }
        book.save(&path).unwrap();
        let options = ReadOptions::default();
        let first = (read_catalogue(&path, &options).unwrap(), ());
        let both = with_sector_sheets(&path, first.clone(), &options, |options| {
            Ok((read_catalogue(&path, options)?, ()))
        });
        assert_eq!(both.unwrap().len(), 2);
        let past = with_sector_sheets(&path, first, &options, |_| {
            let problem = Problem::TooManyRows {
                max: crate::read::MAX_ROWS,
            };
            Err(Failure::error("sectors.xlsx", problem))
        });
        assert!(past.is_err());
    }
}
