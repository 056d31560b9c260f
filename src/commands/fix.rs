//! `aidcat fix FILE -o OUT`

use super::Outcome;
use super::inputs::with_sector_sheets;
use super::totals::{sectors_read, table_of_totals_to_fix};
use crate::check::{Finding, check};
use crate::cli::FixArgs;
use crate::export::patch::Corrected;
use crate::export::xlsx::SheetCopy;
use crate::export::{self, Format};
use crate::lang::{Amounts, Lang};
use crate::model::{Catalogue, Reading, Source};
use crate::problem::{Failure, Problem};
use crate::read::document::{self, DocumentKind, DocumentTable};
use crate::read::{
    LineStyle, MAX_ROWS, ReadOptions, Table, TextEncoding, pipeline, read_catalogue,
};
use crate::render;
use crate::report::fix::{Correction, FixedCell, changes_of_sheets};
use crate::report::sheet::Sheet;
use anyhow::Result;
use std::path::Path;

pub fn run(args: &FixArgs) -> Result<Outcome> {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    if args.file.as_os_str() == "-" {
        // The copy is built from the file's rows and its catalogue: two reads.
        return Err(Failure::error("-", Problem::FixFromStdin));
    }
    let to_stdout = args.output.as_os_str() == "-";
    // `.tsv` is the CSV copy with tabs between its cells.
    let tab_separated =
        (args.output.extension()).is_some_and(|extension| extension.eq_ignore_ascii_case("tsv"));
    let copy_as = |wanted: &str| {
        (args.output.extension()).is_some_and(|extension| extension.eq_ignore_ascii_case(wanted))
    };
    let output_place = || format!("-o {}", args.output.display());
    let format = match Format::from_extension(&args.output) {
        _ if to_stdout || tab_separated => Copy::Csv,
        Some(Format::Csv) => Copy::Csv,
        Some(Format::Xlsx) => Copy::Xlsx,
        _ if copy_as("docx") => Copy::Document(DocumentKind::Word),
        _ if copy_as("odt") => Copy::Document(DocumentKind::OpenDocument),
        _ if copy_as("ods") => Copy::Ods,
        _ => return Err(Failure::error(output_place(), Problem::FixOutput)),
    };
    let options = args.input.read_options();
    let first = read_catalogue(&args.file, &options)?;
    let table = pipeline::read_table(&args.file, &options, pipeline::Wanted::Catalogue)?;
    // The rows of the sheets read, held together, within the bound of one file: a later
    // sheet is kept, and counts, where it reads as a sector.
    let mut rows = first.project_count() + first.component_count();
    let first = (first, table);
    let mut read = |options: &ReadOptions| -> Result<(Catalogue, Table)> {
        let catalogue = read_catalogue(&args.file, options)?;
        if Reading::is_a_named_sector(&catalogue.readings) {
            rows += catalogue.project_count() + catalogue.component_count();
            if rows > MAX_ROWS {
                return Err(Failure::error(&catalogue.path, super::too_many_rows()));
            }
        }
        let table = pipeline::read_table(&args.file, options, pipeline::Wanted::Catalogue)?;
        Ok((catalogue, table))
    };
    // A workbook (document) copied as itself, of one sheet (table) a sector: each
    // sector's sheet corrected.
    let in_place = match (format, &first.1.source) {
        (Copy::Xlsx, Source::Workbook { format, .. }) => format == "xlsx",
        (Copy::Ods, Source::Workbook { format, .. }) => format == "ods",
        (Copy::Document(kind), Source::Document { format, .. }) => format == kind.name(),
        _ => false,
    };
    let mut read = with_sector_sheets(&args.file, first, &options, &mut read)?;
    // A copy of one table holds the first sector's sheet; the others are named.
    let mut not_corrected: Vec<String> = match in_place {
        true => Vec::new(),
        false => (read.drain(1..))
            .filter_map(|(catalogue, _)| part_name(&catalogue.source))
            .collect(),
    };
    let mut fixes = Vec::new();
    for (catalogue, table) in read {
        let findings = check(&catalogue);
        fixes.push(SheetFix::new(catalogue, table, findings, lang)?);
    }
    // The sheet (table) of the sectors' totals beside them (their sheets, or the
    // catalogue's sector rows), put to their sums as corrected, in a copy of the file
    // itself.
    let sector_fixes = fixes.len();
    if in_place {
        let catalogues: Vec<&Catalogue> = fixes.iter().map(|fix| &fix.catalogue).collect();
        let corrected = |at: usize| fixes[at].correction.sector_totals.clone();
        let totals = sectors_read(&catalogues, corrected).and_then(|(sectors, sums)| {
            table_of_totals_to_fix(&args.file, &options, &sectors, &sums)
        });
        if let Some((catalogue, table, against_sectors)) = totals {
            let mut findings = check(&catalogue);
            findings.extend(against_sectors);
            fixes.push(SheetFix::new(catalogue, table, findings, lang)?);
        }
    }
    let corrected: Vec<Corrected> = (fixes.iter())
        .map(|fix| Corrected {
            rows: &fix.table.rows,
            cells: &fix.cells,
            changes: &fix.changes,
            numbers: &fix.catalogue.numbers,
        })
        .collect();
    let (catalogue, table, cells) = (&fixes[0].catalogue, &fixes[0].table, &fixes[0].cells);
    // The workbook's other sheets that could not be read, so not copied.
    let mut not_copied = Vec::new();
    // A workbook copied from the cells read, not patched: its formatting is not kept.
    let mut rebuilt = false;
    // How many of the sheets read were corrected in the copy: all where the workbook is
    // patched, else the first.
    let mut done = 1;
    let written = match format {
        Copy::Document(kind) => {
            let output = output_place();
            done = fixes.len();
            let changes = changes_of(&fixes, done, lang);
            patched_document(
                &args.file,
                &output,
                kind,
                &catalogue.path,
                &fixes,
                &corrected,
                &changes,
            )?
        }
        Copy::Ods => {
            let output = output_place();
            done = fixes.len();
            let changes = changes_of(&fixes, done, lang);
            patched_ods(
                &args.file,
                &output,
                &catalogue.path,
                &fixes,
                &corrected,
                &changes,
            )?
        }
        Copy::Xlsx => match patched_workbook(&args.file, &fixes, &corrected, lang) {
            Some(patched) => {
                done = fixes.len();
                patched
            }
            None => {
                rebuilt = matches!(table.source, Source::Workbook { .. });
                let laid_out = crate::report::fix::RowsLaidOut::of(&table.rows);
                let sheets = sheets_beside(&args.file, &options, &table.source, &mut not_copied);
                export::xlsx::corrected(cells, &laid_out, &fixes[0].changes, lang, &sheets)?
            }
        },
        _ => {
            let (delimiter, style) = csv_dialect(&catalogue.source);
            let delimiter = match (tab_separated, delimiter) {
                (true, _) => b'\t',
                // A `.csv` file with tabs opens in one column.
                (false, b'\t') => b',',
                (false, delimiter) => delimiter,
            };
            export::csv::corrected(cells, &catalogue.numbers, delimiter, style)?
        }
    };
    export::write(
        &written,
        Some(&args.output),
        std::slice::from_ref(&args.file),
    )?;
    // The change list goes where the copy does not.
    let list = render::table::render(&changes_of(&fixes, done, lang), None);
    let applied = || fixes[..done].iter().map(|fix| &fix.correction);
    let corrected = lang.count(
        applied()
            .map(|c| c.changes.len() + c.part_changes.len())
            .sum(),
        "cell",
        "ô",
    );
    let left = lang.count(
        applied().map(|c| c.left.len() + c.by_hand.len()).sum(),
        "row",
        "dòng",
    );
    // A CSV copy cannot hide a column: the columns the sheet hides are left out of it.
    let mut left_out: Vec<u32> = match format {
        Copy::Xlsx | Copy::Document(_) | Copy::Ods => Vec::new(),
        _ => (table.rows.iter())
            .flat_map(|row| row.hidden_cells.iter().map(|(column, _)| *column))
            .collect(),
    };
    left_out.sort_unstable();
    left_out.dedup();
    let left_out: Vec<String> = (left_out.iter())
        .map(|&column| crate::read::column_letters(column as usize + 1))
        .collect();
    let left_out = match (left_out.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(
            "; the hidden column(s) {} are left out of the CSV copy, which cannot hide them (write .xlsx to keep them)",
            left_out.join(", ")
        ),
        (false, Lang::Vi) => format!(
            "; các cột ẩn {} không được ghi vào bản CSV, vì tệp CSV không ẩn được cột (ghi ra .xlsx để giữ lại)",
            left_out.join(", ")
        ),
    };
    let not_copied = match (not_copied.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(
            "; the sheet(s) {} could not be read, and are not in the copy",
            crate::lang::quoted_list(&not_copied)
        ),
        (false, Lang::Vi) => format!(
            "; không đọc được các trang tính {}, nên bản sao không có",
            crate::lang::quoted_list(&not_copied)
        ),
    };
    // A workbook that could not be patched is copied from its first sheet's cells: its
    // other sectors' sheets are named (its sheet of totals is no sector's).
    not_corrected.extend(
        (fixes.get(done..sector_fixes).unwrap_or_default().iter())
            .filter_map(|fix| part_name(&fix.catalogue.source)),
    );
    let of_a_document = matches!(table.source, Source::Document { .. });
    let not_corrected = match (not_corrected.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) if of_a_document => format!(
            "; the sector table(s) {} are not corrected in this copy, which holds one table (write the document's own format to correct them all, or pass --table N)",
            not_corrected.join(", ")
        ),
        (false, Lang::Vi) if of_a_document => format!(
            "; các bảng lĩnh vực {} không được sửa trong bản sao này, vì bản sao chỉ có một bảng (ghi ra đúng định dạng của tài liệu để sửa tất cả, hoặc dùng --table N)",
            not_corrected.join(", ")
        ),
        (false, Lang::En) => format!(
            "; the sector sheet(s) {} are not corrected in this copy, which holds one sheet (write the workbook's own format to correct them all, or pass --sheet NAME)",
            crate::lang::quoted_list(&not_corrected)
        ),
        (false, Lang::Vi) => format!(
            "; các trang tính lĩnh vực {} không được sửa trong bản sao này, vì bản sao chỉ có một trang (ghi ra đúng định dạng của sổ tính để sửa tất cả, hoặc dùng --sheet TÊN)",
            crate::lang::quoted_list(&not_corrected)
        ),
    };
    let rebuilt = match (rebuilt, lang) {
        (false, _) => "",
        (true, Lang::En) => {
            "; the copy is written from the cells read, without the workbook's formatting"
        }
        (true, Lang::Vi) => {
            "; bản sao được ghi lại từ các ô đã đọc, không giữ định dạng của sổ tính"
        }
    };
    let summary = format!(
        "{}: {}{left_out}{not_copied}{not_corrected}{rebuilt}\n",
        crate::text::plain(&catalogue.path),
        match lang {
            Lang::En => format!("{corrected} corrected, {left} left for the officer"),
            Lang::Vi => format!("đã sửa {corrected}, {left} để cán bộ xem lại"),
        }
    );
    let shown = if fixes[..done].iter().all(|fix| fix.changes.rows.is_empty()) {
        summary
    } else {
        list + &summary
    };
    if to_stdout {
        crate::render::to_stderr(&shown);
    } else {
        crate::export::write(shown.as_bytes(), None, &[])?;
    }
    Ok(Outcome::Clean)
}

/// A sheet (table) read and corrected: its catalogue, its rows, the corrections, their
/// list and the copy's cells.
struct SheetFix {
    catalogue: Catalogue,
    table: Table,
    correction: Correction,
    changes: Sheet,
    cells: Vec<Vec<FixedCell>>,
}

impl SheetFix {
    /// The sheet (table) read as `catalogue` from `table`, corrected by `findings`.
    fn new(catalogue: Catalogue, table: Table, findings: Vec<Finding>, lang: Lang) -> Result<Self> {
        let correction = Correction::new(&catalogue, findings)
            .ok_or_else(|| Failure::error(&catalogue.path, Problem::InexactSums))?;
        let money = Amounts {
            convention: catalogue.convention(),
            unit: catalogue.metadata.unit.clone(),
        };
        let changes = correction.sheet(&money, lang);
        let cells = correction.cells(
            &table.rows,
            &catalogue.columns,
            &catalogue.numbers,
            catalogue.metadata.unit.as_deref(),
        );
        Ok(SheetFix {
            catalogue,
            table,
            correction,
            changes,
            cells,
        })
    }
}

/// The name of the sheet read (`Y tế`), or of a document's table (`2`).
fn part_name(source: &Source) -> Option<String> {
    source.tables().or_else(|| source.sheet())
}

/// The list of changes of the first `done` sheets (tables) corrected, one list (led by
/// each one's name where there are several).
fn changes_of(fixes: &[SheetFix], done: usize, lang: Lang) -> Sheet {
    let lists = (fixes[..done].iter())
        .map(|fix| {
            let name = part_name(&fix.catalogue.source).unwrap_or_default();
            (name, fix.changes.clone())
        })
        .collect();
    let tables = matches!(fixes[0].catalogue.source, Source::Document { .. });
    changes_of_sheets(lists, tables, lang).unwrap_or_else(|| fixes[0].changes.clone())
}

/// What the corrected copy is written as: CSV (tab-separated in a `.tsv`), an `.xlsx`
/// workbook, or the Word document itself put right (`.docx`, of a `.docx` only).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Copy {
    Csv,
    Xlsx,
    /// A Word (`.docx`) or OpenDocument text (`.odt`).
    Document(DocumentKind),
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
}

/// The `.docx` copy of a Word document, or the `.odt` copy of an OpenDocument text (`kind`
/// says which): the document itself with the corrected cells of each table read (`fixes`,
/// each `corrected`) written in and `changes` listed ([`export::docx_patch`],
/// [`export::odt_patch`]); `name` is the file's as messages give it. Refused, at `output`
/// (`-o FIXED.docx`), where the file is not a document of that kind or its cells cannot
/// be written in place.
fn patched_document(
    file: &Path,
    output: &str,
    kind: DocumentKind,
    name: &str,
    fixes: &[SheetFix],
    corrected: &[Corrected],
    changes: &Sheet,
) -> Result<Vec<u8>> {
    let (of_other, not_in_place) = match kind {
        DocumentKind::OpenDocument => (Problem::FixTextCopyOfOther, Problem::FixTextCopyNotInPlace),
        _ => (Problem::FixWordCopyOfOther, Problem::FixWordCopyNotInPlace),
    };
    let refused = |problem| Failure::error(output, problem);
    let Source::Document {
        format,
        legacy_font,
        ..
    } = &fixes[0].table.source
    else {
        return Err(refused(of_other));
    };
    if format != kind.name() {
        return Err(refused(of_other));
    }
    let original = std::fs::read(file).map_err(|error| pipeline::cannot_read(name, &error))?;
    // The document's tables in the script they were read in (the whole document's).
    let tables: Vec<DocumentTable> = (document::tables(name, &original, kind)?.into_iter())
        .map(|table| match legacy_font {
            Some(font) => table.from_legacy(*font),
            None => table,
        })
        .collect();
    // Each fix's tables, read as one.
    let mut read = Vec::new();
    for (fix, corrected) in fixes.iter().zip(corrected) {
        let Source::Document { table, last, .. } = &fix.table.source else {
            return Err(refused(of_other));
        };
        let tables = tables.get(table.saturating_sub(1)..*last);
        read.push((
            tables.ok_or_else(|| refused(not_in_place.clone()))?,
            corrected,
        ));
    }
    let patched = match kind {
        DocumentKind::OpenDocument => export::odt_patch::patched(&original, &read, changes),
        _ => export::docx_patch::patched(&original, &read, changes),
    };
    patched.ok_or_else(|| refused(not_in_place))
}

/// The `.ods` copy of an OpenDocument workbook: the workbook itself with the corrected
/// cells of each sheet read (`fixes`, each `corrected`) written in, and `changes` listed
/// ([`export::ods_patch`]); `name` is the file's as messages give it. Refused, at
/// `output` (`-o FIXED.ods`), where the file is not an `.ods` workbook or its cells
/// cannot be written in place: aidcat writes no `.ods` file of its own.
fn patched_ods(
    file: &Path,
    output: &str,
    name: &str,
    fixes: &[SheetFix],
    corrected: &[Corrected],
    changes: &Sheet,
) -> Result<Vec<u8>> {
    let refused = |problem| Failure::error(output, problem);
    let Source::Workbook { format, .. } = &fixes[0].table.source else {
        return Err(refused(Problem::FixSpreadsheetCopyOfOther));
    };
    if format != "ods" {
        return Err(refused(Problem::FixSpreadsheetCopyOfOther));
    }
    let original = std::fs::read(file).map_err(|error| pipeline::cannot_read(name, &error))?;
    let sheets = sheets_corrected(fixes, corrected);
    export::ods_patch::patched_sheets(&original, &sheets, changes)
        .ok_or_else(|| refused(Problem::FixSpreadsheetCopyNotInPlace))
}

/// The `.xlsx` copy of an `.xlsx` workbook: the workbook itself with the corrected cells
/// of each sheet read (`fixes`, each `corrected`) written in ([`export::xlsx_patch`]);
/// `None` for any other input, or a workbook that cannot be patched.
fn patched_workbook(
    file: &Path,
    fixes: &[SheetFix],
    corrected: &[Corrected],
    lang: Lang,
) -> Option<Vec<u8>> {
    let Source::Workbook { format, .. } = &fixes[0].table.source else {
        return None;
    };
    if format != "xlsx" {
        return None;
    }
    let original = std::fs::read(file).ok()?;
    let changes = changes_of(fixes, fixes.len(), lang);
    export::xlsx_patch::patched_sheets(&original, &sheets_corrected(fixes, corrected), &changes)
}

/// Each sheet read, by name, with its corrections.
fn sheets_corrected<'a>(
    fixes: &'a [SheetFix],
    corrected: &'a [Corrected<'a>],
) -> Vec<(&'a str, &'a Corrected<'a>)> {
    (fixes.iter().zip(corrected))
        .filter_map(|(fix, corrected)| match &fix.table.source {
            Source::Workbook { sheet, .. } => Some((sheet.as_str(), corrected)),
            _ => None,
        })
        .collect()
}

/// The workbook's sheets for its `.xlsx` copy, in its order and hidden as it hides them:
/// the corrected sheet where it stands, each other as read (a sheet that cannot be read
/// is named in `not_copied`). None for a text file or a document: the copy is then the
/// corrected table alone.
fn sheets_beside(
    file: &Path,
    options: &ReadOptions,
    source: &Source,
    not_copied: &mut Vec<String>,
) -> Vec<SheetCopy> {
    let Source::Workbook { sheet, sheets, .. } = source else {
        return Vec::new();
    };
    let mut copies = Vec::new();
    for (name, hidden) in sheets {
        let rows = match name == sheet {
            true => None,
            false => {
                let options = ReadOptions {
                    sheet: Some(name.clone()),
                    ..options.clone()
                };
                match pipeline::read_table(file, &options, pipeline::Wanted::Catalogue) {
                    Ok(table) => Some(table.rows),
                    Err(_) => {
                        not_copied.push(name.clone());
                        continue;
                    }
                }
            }
        };
        copies.push(SheetCopy {
            name: name.clone(),
            hidden: *hidden,
            rows,
        });
    }
    copies
}

/// How the CSV copy is written: as its text was, its delimiter, line ends and byte-order
/// mark, so that it opens as the file did (a tab only in a `.tsv` copy, see [`run`]); in
/// UTF-8 with a byte-order mark where the file was in another encoding (Windows-1258,
/// UTF-16, a legacy font's), which Excel then reads as UTF-8, not in the system's code
/// page. A workbook's or a document's copy is comma-separated UTF-8.
fn csv_dialect(source: &Source) -> (u8, LineStyle) {
    match source {
        Source::Text {
            encoding,
            delimiter,
            line_style,
            ..
        } => {
            let bom = line_style.bom || *encoding != TextEncoding::Utf8;
            let delimiter = u8::try_from(*delimiter).unwrap_or(b',');
            (delimiter, LineStyle { bom, ..*line_style })
        }
        Source::Workbook { .. } | Source::Document { .. } => (b',', LineStyle::default()),
    }
}
