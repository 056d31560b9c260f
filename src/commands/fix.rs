//! `aidcat fix FILE -o OUT`

use super::Outcome;
use crate::check::check;
use crate::cli::FixArgs;
use crate::export::patch::Corrected;
use crate::export::xlsx::SheetCopy;
use crate::export::{self, Format};
use crate::lang::{Amounts, Lang};
use crate::model::Source;
use crate::problem::{Failure, Problem};
use crate::read::document::{self, DocumentKind, DocumentTable};
use crate::read::{LineStyle, ReadOptions, TextEncoding, pipeline, read_catalogue};
use crate::render;
use crate::report::fix::Correction;
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
    let catalogue = read_catalogue(&args.file, &options)?;
    let table = pipeline::read_table(&args.file, &options, pipeline::Wanted::Catalogue)?;
    let correction = Correction::new(&catalogue, check(&catalogue))
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
    let corrected = Corrected {
        rows: &table.rows,
        cells: &cells,
        changes: &changes,
        numbers: &catalogue.numbers,
    };
    // The workbook's other sheets that could not be read, so not copied.
    let mut not_copied = Vec::new();
    // A workbook copied from the cells read, not patched: its formatting is not kept.
    let mut rebuilt = false;
    let written = match format {
        Copy::Document(kind) => {
            let output = output_place();
            patched_document(
                &args.file,
                &output,
                kind,
                &catalogue.path,
                &table,
                &corrected,
            )?
        }
        Copy::Ods => {
            let output = output_place();
            patched_ods(&args.file, &output, &catalogue.path, &table, &corrected)?
        }
        Copy::Xlsx => match patched_workbook(&args.file, &table, &corrected) {
            Some(patched) => patched,
            None => {
                rebuilt = matches!(table.source, Source::Workbook { .. });
                let laid_out = crate::report::fix::RowsLaidOut::of(&table.rows);
                let sheets = sheets_beside(&args.file, &options, &table.source, &mut not_copied);
                export::xlsx::corrected(&cells, &laid_out, &changes, lang, &sheets)?
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
            export::csv::corrected(&cells, &catalogue.numbers, delimiter, style)?
        }
    };
    export::write(
        &written,
        Some(&args.output),
        std::slice::from_ref(&args.file),
    )?;
    // The change list goes where the copy does not.
    let list = render::table::render(&changes, None);
    let corrected = lang.count(
        correction.changes.len() + correction.part_changes.len(),
        "cell",
        "ô",
    );
    let left = lang.count(
        correction.left.len() + correction.by_hand.len(),
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
        "{}: {}{left_out}{not_copied}{rebuilt}\n",
        crate::text::plain(&catalogue.path),
        match lang {
            Lang::En => format!("{corrected} corrected, {left} left for the officer"),
            Lang::Vi => format!("đã sửa {corrected}, {left} để cán bộ xem lại"),
        }
    );
    let shown = if changes.rows.is_empty() {
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
/// says which): the document itself with its corrected cells written in
/// ([`export::docx_patch`], [`export::odt_patch`]); `name` is the file's as messages give
/// it. Refused, at `output` (`-o FIXED.docx`), where the file is not a document of that
/// kind or its cells cannot be written in place.
fn patched_document(
    file: &Path,
    output: &str,
    kind: DocumentKind,
    name: &str,
    table: &crate::read::Table,
    corrected: &Corrected,
) -> Result<Vec<u8>> {
    let (of_other, not_in_place) = match kind {
        DocumentKind::OpenDocument => (Problem::FixTextCopyOfOther, Problem::FixTextCopyNotInPlace),
        _ => (Problem::FixWordCopyOfOther, Problem::FixWordCopyNotInPlace),
    };
    let refused = |problem| Failure::error(output, problem);
    let Source::Document {
        format,
        table: first,
        last,
        legacy_font,
        ..
    } = &table.source
    else {
        return Err(refused(of_other));
    };
    if format != kind.name() {
        return Err(refused(of_other));
    }
    let original = std::fs::read(file).map_err(|error| pipeline::cannot_read(name, &error))?;
    let tables = document::tables(name, &original, kind)?;
    // The tables read as one, in the script they were read in.
    let tables: Vec<DocumentTable> = (tables.into_iter())
        .skip(first.saturating_sub(1))
        .take((last + 1).saturating_sub(*first))
        .map(|table| match legacy_font {
            Some(font) => table.from_legacy(*font),
            None => table,
        })
        .collect();
    let patched = match kind {
        DocumentKind::OpenDocument => export::odt_patch::patched(&original, &tables, corrected),
        _ => export::docx_patch::patched(&original, &tables, corrected),
    };
    patched.ok_or_else(|| refused(not_in_place))
}

/// The `.ods` copy of an OpenDocument workbook: the workbook itself with its corrected
/// cells written in ([`export::ods_patch`]); `name` is the file's as messages give it.
/// Refused, at `output` (`-o FIXED.ods`), where the file is not an `.ods` workbook or its
/// cells cannot be written in place: aidcat writes no `.ods` file of its own.
fn patched_ods(
    file: &Path,
    output: &str,
    name: &str,
    table: &crate::read::Table,
    corrected: &Corrected,
) -> Result<Vec<u8>> {
    let refused = |problem| Failure::error(output, problem);
    let Source::Workbook { format, sheet, .. } = &table.source else {
        return Err(refused(Problem::FixSpreadsheetCopyOfOther));
    };
    if format != "ods" {
        return Err(refused(Problem::FixSpreadsheetCopyOfOther));
    }
    let original = std::fs::read(file).map_err(|error| pipeline::cannot_read(name, &error))?;
    export::ods_patch::patched(&original, sheet, corrected)
        .ok_or_else(|| refused(Problem::FixSpreadsheetCopyNotInPlace))
}

/// The `.xlsx` copy of an `.xlsx` workbook: the workbook itself with its corrected cells
/// written in ([`export::xlsx_patch`]); `None` for any other input, or a workbook that
/// cannot be patched.
fn patched_workbook(
    file: &Path,
    table: &crate::read::Table,
    corrected: &Corrected,
) -> Option<Vec<u8>> {
    let Source::Workbook { format, sheet, .. } = &table.source else {
        return None;
    };
    if format != "xlsx" {
        return None;
    }
    let original = std::fs::read(file).ok()?;
    export::xlsx_patch::patched(&original, sheet, corrected)
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
