//! HTML: a page that opens offline and prints on A4. Nothing is fetched (a Content
//! Security Policy forbids it, and there is no script, font or image to fetch); every text
//! from outside is escaped by the template (maud), so a `<script>` in a name shows as text.
//! Charts are inline SVG drawn from the exact figures, each with a title, a description,
//! labelled axes and the figures in a table beside it.

use crate::check::Severity;
use crate::lang::Lang;
use crate::model::{Amounts, Catalogue, MoneyColumn, Plan, Totals};
use crate::national;
use crate::number::format_grouped;
use crate::period::{Timing, parse_timing};
use crate::render::check;
use crate::render::table::{human, percent as percent_text};
use crate::report::page::{FilePage, Page, figures};
use crate::report::sheet::{Kind, Sheet, percent};
use crate::text::{plain, plain_lines};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_decimal::Decimal;
use std::collections::HashMap;

const STYLE: &str = include_str!("report.css");
/// Nothing leaves the page: no request of any kind is allowed.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
/// Aid and counterpart, then one colour per national sector.
const AID: &str = "#1f5f8b";
const COUNTERPART: &str = "#9cc3e0";
/// A declared figure that differs from the computed one.
const DECLARED: &str = "#c0392b";
const PALETTE: [&str; 9] = [
    "#1f5f8b", "#c0392b", "#2e8b57", "#8e44ad", "#16a085", "#7f6000", "#d35400", "#2c3e50",
    "#7f8c8d",
];

fn page(lang: Lang, title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.pick("en", "vi")) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (plain(title)) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
    .into_string()
}

/// Any report sheet (`summary`, `list`, `plan` with `--format html`) as a page.
pub fn sheet_page(sheet: &Sheet, lang: Lang) -> String {
    page(
        lang,
        &sheet.title,
        html! {
            h1 { (plain(&sheet.title)) }
            (table(sheet))
            @for note in &sheet.notes { p.note { (plain(note)) } }
        },
    )
}

fn table(sheet: &Sheet) -> Markup {
    let shown: Vec<usize> = (0..sheet.columns.len())
        .filter(|&i| sheet.columns[i].kind != Kind::Bar)
        .collect();
    let numeric = |i: usize| {
        matches!(
            sheet.columns[i].kind,
            Kind::Count | Kind::Amount | Kind::Percent
        )
    };
    html! {
        table.sheet {
            thead { tr { @for &i in &shown { th.num[numeric(i)] { (plain(&sheet.columns[i].heading)) } } } }
            tbody {
                @for row in &sheet.rows {
                    tr { @for &i in &shown { td.num[numeric(i)] { (plain_lines(&human(&row[i], sheet))) } } }
                }
            }
            @if let Some(total) = &sheet.total {
                tfoot { tr { @for &i in &shown { td.num[numeric(i)] { (plain(&human(&total[i], sheet))) } } } }
            }
        }
    }
}

/// The report page of `aidcat report`.
pub fn report(page_data: &Page) -> String {
    let lang = page_data.lang;
    // One province or file (a workbook of one sheet a sector reads as several
    // catalogues of one file), else several.
    fn label(file: &FilePage) -> &str {
        let catalogue = &file.catalogue;
        catalogue
            .metadata
            .province
            .as_deref()
            .unwrap_or(&catalogue.path)
    }
    let title = match page_data.files.split_first() {
        Some((first, rest)) if rest.iter().all(|file| label(file) == label(first)) => format!(
            "{} — {}",
            lang.pick("Catalogue check", "Kiểm tra danh mục"),
            label(first)
        ),
        _ => lang
            .pick(
                "Catalogue check: several provinces",
                "Kiểm tra danh mục: nhiều tỉnh",
            )
            .to_owned(),
    };
    let errors: usize = page_data.files.iter().map(|f| f.counts().0).sum();
    let warnings: usize = page_data.files.iter().map(|f| f.counts().1).sum();
    let body = html! {
        header {
            h1 { (plain(&title)) }
            p.verdict.bad[errors > 0].good[errors == 0] {
                (verdict(errors, warnings, lang))
            }
            p.date { (lang.pick("Checked on ", "Ngày kiểm tra: ")) (page_data.date) }
        }
        @if let Some((comparison, unit)) = &page_data.comparison {
            (comparison_section(comparison, unit.as_deref(), lang))
        }
        @for (index, file) in page_data.files.iter().enumerate() {
            (file_section(index, file, lang))
        }
        @if let Some(plan) = &page_data.plan {
            (plan_section(plan, page_data, lang))
        }
    };
    page(lang, &title, body)
}

fn verdict(errors: usize, warnings: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{errors} error(s), {warnings} warning(s)"),
        Lang::Vi => format!("{errors} lỗi, {warnings} cảnh báo"),
    }
}

/// The money cells a finding points at, by (line, column); rows with a finding without
/// a column.
struct Marks {
    cells: HashMap<(usize, usize), Vec<usize>>,
    rows: HashMap<usize, Vec<usize>>,
}

fn marks(file: &FilePage) -> Marks {
    let mut cells: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut rows: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, finding) in file.checked.findings.iter().enumerate() {
        match finding.column {
            Some(column) if is_money_column(&file.catalogue, column) => {
                cells.entry((finding.line, column)).or_default().push(i);
            }
            _ => rows.entry(finding.line).or_default().push(i),
        }
    }
    Marks { cells, rows }
}

fn file_section(index: usize, file: &FilePage, lang: Lang) -> Markup {
    let catalogue = &file.catalogue;
    let checked = &file.checked;
    let metadata = &catalogue.metadata;
    let none = lang.pick("not stated", "không ghi");
    let marks = marks(file);
    html! {
        section.file id={ "file-" (index) } {
            h2 { (plain(metadata.province.as_deref().unwrap_or(&catalogue.path))) }
            dl.facts {
                dt { (lang.pick("File", "Tệp")) } dd { (plain(&catalogue.path)) }
                dt { (lang.pick("Province", "Tỉnh")) } dd { (plain(metadata.province.as_deref().unwrap_or(none))) }
                dt { (lang.pick("Programme period", "Giai đoạn")) } dd { (metadata.period.map_or_else(|| none.to_owned(), |p| p.to_string())) }
                dt { (lang.pick("Unit", "Đơn vị tính")) } dd { (plain(metadata.unit.as_deref().unwrap_or(none))) }
                dt { (lang.pick("Verdict", "Kết luận")) }
                @let (errors, warnings) = file.counts();
                dd.bad[errors > 0] { (verdict(errors, warnings, lang)) }
                dt { (lang.pick("Read as", "Cách đọc")) }
                dd {
                    (plain(&check::read_as(checked, lang).join("; ")))
                    ul.readings {
                        @for note in check::unread_columns(checked, lang).into_iter().chain(check::notes(checked, lang)) {
                            li { (plain(&note)) }
                        }
                    }
                }
            }
            h3 { (lang.pick("The catalogue as published", "Danh mục như đã công bố")) }
            p.hint { (lang.pick(
                "Cells with a mistake are marked; hover over one, or follow its number to the list of findings.",
                "Ô có sai sót được tô màu; di chuột lên ô, hoặc theo số thứ tự đến danh sách kiểm tra."
            )) }
            (published(index, file, &marks, lang))
            h3 { (lang.pick("Findings", "Kết quả kiểm tra")) }
            @if checked.findings.is_empty() {
                p { (lang.pick("No finding: the arithmetic holds.", "Không có sai sót: các phép cộng đều khớp.")) }
            } @else {
                ol.findings {
                    @for (i, finding) in checked.findings.iter().enumerate() {
                        li id={ "f-" (index) "-" (i) } class=(severity_class(finding.severity)) {
                            a href=(finding_target(index, finding.line, finding.column, catalogue)) {
                                (lang.pick("line ", "dòng ")) (finding.line)
                            }
                            " "
                            span.severity { (lang.severity(finding.severity)) }
                            ": " (plain(&finding.message))
                            @if !finding.hints.is_empty() {
                                ul.hints { @for hint in &finding.hints { li { (plain(&hint.message)) } } }
                            }
                        }
                    }
                }
            }
            @if let Some(totals) = &file.totals {
                h3 { (lang.pick("The table of totals by sector", "Bảng tổng hợp theo lĩnh vực")) }
                @for reading in &totals.readings { p.note { (plain(&lang.reading(reading))) } }
                @if totals.findings.is_empty() {
                    p { (lang.pick("No finding: it agrees with the sectors.", "Không có sai sót: bảng khớp với các lĩnh vực.")) }
                } @else {
                    ol.findings {
                        @for finding in &totals.findings {
                            li class=(severity_class(finding.severity)) {
                                (plain(finding.cell.as_deref().unwrap_or_default()))
                                " "
                                span.severity { (lang.severity(finding.severity)) }
                                ": " (plain(&finding.message))
                            }
                        }
                    }
                }
            }
            h3 { (lang.pick("Sectors", "Tổng hợp theo lĩnh vực")) }
            div.pair {
                (sector_chart(index, file, lang))
                (table(&file.sectors))
            }
            @for note in file.sectors.notes.iter().skip(1) { p.note { (plain(note)) } }
            h3 { (lang.pick("By year (estimate)", "Theo năm (ước tính)")) }
            div.pair {
                (year_chart(index, &file.years, catalogue, lang))
                (table(&file.years))
            }
        }
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Is `column` one of the catalogue's total, aid and counterpart columns (which the page
/// shows as cells)?
fn is_money_column(catalogue: &Catalogue, column: usize) -> bool {
    MoneyColumn::ALL
        .iter()
        .any(|&m| catalogue.columns.money(m) == Some(column))
}

/// The cell a finding points at when the page shows it, else its row.
fn finding_target(
    index: usize,
    line: usize,
    column: Option<usize>,
    catalogue: &Catalogue,
) -> String {
    match column {
        Some(column) if is_money_column(catalogue, column) => format!("#c-{index}-{line}-{column}"),
        _ => format!("#r-{index}-{line}"),
    }
}

/// One published row: its line, number, name and figures, marked where findings point.
struct Row<'a> {
    kind: &'static str,
    line: usize,
    number: &'a str,
    name: &'a str,
    owner: &'a str,
    location: &'a str,
    period: &'a str,
    amounts: Option<&'a Amounts>,
}

fn published(index: usize, file: &FilePage, marks: &Marks, lang: Lang) -> Markup {
    let catalogue = &file.catalogue;
    let mut rows = Vec::new();
    for sector in &catalogue.sectors {
        rows.push(Row {
            kind: "sector",
            line: sector.declared.as_ref().map_or(0, |d| d.line),
            number: sector.code.as_deref().unwrap_or(""),
            name: &sector.name,
            owner: "",
            location: "",
            period: "",
            amounts: sector.declared.as_ref().map(|d| &d.amounts),
        });
        for project in &sector.projects {
            rows.push(Row {
                kind: "project",
                line: project.line,
                number: project.number.as_deref().unwrap_or(""),
                name: &project.name,
                owner: &project.owner,
                location: &project.location,
                period: &project.period,
                amounts: Some(&project.amounts),
            });
            for component in &project.components {
                rows.push(Row {
                    kind: "component",
                    line: component.line,
                    number: "",
                    name: &component.content,
                    owner: "",
                    location: "",
                    period: "",
                    amounts: Some(&component.amounts),
                });
            }
        }
    }
    if let Some(grand) = &catalogue.grand_total {
        rows.push(Row {
            kind: "grand-total",
            line: grand.line,
            number: "",
            name: lang.pick("Grand total", "Tổng cộng"),
            owner: "",
            location: "",
            period: "",
            amounts: Some(&grand.amounts),
        });
    }
    let convention = catalogue.convention();
    let findings = &file.checked.findings;
    let explain = |ids: &[usize]| -> String {
        ids.iter()
            .map(|&i| {
                let finding = &findings[i];
                let hints: Vec<String> = finding.hints.iter().map(|h| plain(&h.message)).collect();
                let mut text = plain(&finding.message);
                if !hints.is_empty() {
                    text.push_str(" — ");
                    text.push_str(&hints.join("; "));
                }
                text
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    html! {
        table.catalogue {
            thead { tr {
                th { (lang.pick("Line", "Dòng")) }
                th { (lang.pick("No.", "STT")) }
                th { (lang.pick("Project", "Tên dự án")) }
                th { (lang.pick("Owner", "Chủ khoản viện trợ")) }
                th { (lang.pick("Location", "Địa điểm")) }
                th { (lang.pick("Period", "Thời gian")) }
                th.num { (lang.pick("Total", "Tổng vốn")) }
                th.num { (lang.pick("Aid", "Vốn viện trợ")) }
                th.num { (lang.pick("Counterpart", "Vốn đối ứng")) }
            } }
            tbody {
                @for row in &rows {
                    @let row_marks = marks.rows.get(&row.line).filter(|_| row.line > 0);
                    tr id={ "r-" (index) "-" (row.line) } class={ (row.kind) @if row_marks.is_some() { " marked" } }
                        title=[row_marks.map(|ids| explain(ids))] {
                        td.line { @if row.line > 0 { (row.line) } }
                        td { (plain_lines(row.number)) }
                        td { (plain_lines(row.name)) }
                        td { (plain_lines(row.owner)) }
                        td { (plain_lines(row.location)) }
                        td { (plain_lines(row.period)) }
                        @for money in MoneyColumn::ALL {
                            @let column = catalogue.columns.money(money).unwrap_or(0);
                            @let ids = marks.cells.get(&(row.line, column)).filter(|_| row.line > 0);
                            @let value = row.amounts.and_then(|a| a.get(money));
                            @let error = ids.is_some_and(|ids| ids.iter().any(|&i| findings[i].severity == Severity::Error));
                            td.num.wrong[error].doubtful[ids.is_some() && !error] id={ "c-" (index) "-" (row.line) "-" (column) }
                                title=[ids.map(|ids| explain(ids))] {
                                (value.map_or_else(String::new, |v| format_grouped(v, convention)))
                                @if let Some(ids) = ids {
                                    @for &i in ids {
                                        " " a.ref href={ "#f-" (index) "-" (i) } { sup { "[" (i + 1) "]" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A chart as screen readers and print read it: an SVG labelled by its title and by a
/// description holding its figures, the title drawn at its top, then `body`.
fn chart(
    id: &str,
    title: &str,
    (width, height): (u32, u32),
    description: Markup,
    body: Markup,
) -> Markup {
    html! {
        figure.chart {
            svg role="img" aria-labelledby={ (id) "-title " (id) "-desc" } viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height) {
                title id={ (id) "-title" } { (title) }
                desc id={ (id) "-desc" } { (description) }
                text.chart-title x="0" y="16" { (title) }
                (body)
            }
        }
    }
}

/// `part` of `whole` on a scale of `length` pixels, to a tenth.
fn scale(part: Decimal, whole: Decimal, length: u32) -> Decimal {
    if whole <= Decimal::ZERO || part <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    // The share first: it is at most 1, so no product can overflow.
    (part.min(whole) / whole * Decimal::from(length)).round_dp(1)
}

fn unit_text(unit: Option<&str>, lang: Lang) -> String {
    unit.map_or_else(String::new, |u| {
        format!(" ({}: {})", lang.pick("unit", "ĐVT"), plain(u))
    })
}

/// The money column a catalogue's charts show: its one column, or the total.
fn charted(catalogue: &Catalogue) -> MoneyColumn {
    catalogue
        .columns
        .stated
        .only()
        .unwrap_or(MoneyColumn::Total)
}

/// `column`'s figure of a (total, aid, counterpart) row of [`figures`].
fn pick(column: MoneyColumn, (total, aid, counterpart): (Decimal, Decimal, Decimal)) -> Decimal {
    column.of(&Totals {
        total,
        aid,
        counterpart,
    })
}

/// `column`'s name on a chart.
fn chart_name(column: MoneyColumn, lang: Lang) -> &'static str {
    match column {
        MoneyColumn::Total => lang.pick("Total capital", "Tổng vốn"),
        MoneyColumn::Aid => lang.pick("Aid", "Vốn viện trợ"),
        MoneyColumn::Counterpart => lang.pick("Counterpart", "Vốn đối ứng"),
    }
}

/// Each sector's computed total as a bar split into aid and counterpart (a file with one
/// money column: that column, one bar); where the file declares another figure, a red
/// mark stands at the declared one.
fn sector_chart(index: usize, file: &FilePage, lang: Lang) -> Markup {
    let sheet = &file.sectors;
    let catalogue = &file.catalogue;
    let convention = catalogue.convention();
    let unit = catalogue.metadata.unit.as_deref();
    let column = charted(catalogue);
    let declared: HashMap<&str, Decimal> = catalogue
        .sectors
        .iter()
        .filter_map(|sector| {
            let stated = sector.declared.as_ref()?.amounts.get(column)?;
            let computed = sector.totals().map(|t| column.of(&t));
            (computed != Some(stated)).then_some((sector.name.as_str(), stated))
        })
        .collect();
    let split = catalogue.columns.stated.gives(MoneyColumn::Aid)
        && catalogue.columns.stated.gives(MoneyColumn::Counterpart);
    let mut rows = figures(sheet, "sector");
    if !split {
        // The one column, drawn alone where the aid part stands.
        for (_, total, aid, counterpart) in &mut rows {
            let value = pick(column, (*total, *aid, *counterpart));
            (*total, *aid, *counterpart) = (value, value, Decimal::ZERO);
        }
    }
    let max = rows
        .iter()
        .map(|r| r.1)
        .chain(declared.values().copied())
        .max()
        .unwrap_or_default();
    let grand: Decimal = rows.iter().map(|r| r.1).sum();
    let (label_width, bar_width, row_height) = (250u32, 330u32, 28u32);
    let height = 50 + row_height * count(rows.len()) + 40;
    let id = format!("sectors-{index}");
    let title = if split {
        lang.pick(
            "Total capital by sector: aid and counterpart",
            "Tổng vốn theo lĩnh vực: vốn viện trợ và vốn đối ứng",
        )
        .to_owned()
    } else {
        format!(
            "{} {}",
            chart_name(column, lang),
            lang.pick("by sector", "theo lĩnh vực")
        )
    };
    html! {
        (chart(&id, &title, (760, height), html! {
                    @for (label, total, aid, counterpart) in &rows {
                        (plain(label)) ": " (format_grouped(*total, convention))
                        @if split {
                            " (" (lang.pick("aid", "viện trợ")) " " (format_grouped(*aid, convention))
                            ", " (lang.pick("counterpart", "đối ứng")) " " (format_grouped(*counterpart, convention)) ")"
                        }
                        ". "
                    }
                }, html! {
                @if split {
                    rect x="0" y="26" width="12" height="12" fill=(AID) {}
                    text x="16" y="36" { (lang.pick("Aid", "Vốn viện trợ")) }
                    rect x="130" y="26" width="12" height="12" fill=(COUNTERPART) {}
                    text x="146" y="36" { (lang.pick("Counterpart", "Vốn đối ứng")) }
                }
                @if !declared.is_empty() {
                    line x1="276" y1="25" x2="276" y2="39" stroke=(DECLARED) stroke-width="3" {}
                    text x="284" y="36" {
                        @if column == MoneyColumn::Total {
                            (lang.pick("Total the file declares, where it differs", "Tổng vốn tệp kê khai, nơi khác số tính được"))
                        } @else {
                            (chart_name(column, lang)) (lang.pick(" the file declares, where it differs", " tệp kê khai, nơi khác số tính được"))
                        }
                    }
                }
                @for (i, (label, total, aid, counterpart)) in rows.iter().enumerate() {
                    @let y = 50 + row_height * count(i);
                    @let aid_width = scale(*aid, max, bar_width);
                    @let counterpart_width = scale(*counterpart, max, bar_width);
                    @let stated = declared.get(label.as_str()).copied();
                    @let end = stated.map_or(Decimal::ZERO, |d| scale(d, max, bar_width)).max(aid_width + counterpart_width);
                    g.bar data-label=(plain(label)) data-total=(total) data-declared=[stated] {
                        text x=(label_width - 6) y=(y + 18) text-anchor="end" { (short(label, 38)) }
                        rect x=(label_width) y=(y + 4) width=(aid_width) height="18" fill=(AID) {}
                        rect x=(Decimal::from(label_width) + aid_width) y=(y + 4) width=(counterpart_width) height="18" fill=(COUNTERPART) {}
                        @if let Some(stated) = stated {
                            @let x = Decimal::from(label_width) + scale(stated, max, bar_width);
                            line.declared x1=(x) y1=(y) x2=(x) y2=(y + 26) stroke=(DECLARED) stroke-width="3" {
                                title { (lang.pick("declared ", "kê khai ")) (format_grouped(stated, convention)) }
                            }
                        }
                        text x=(Decimal::from(label_width) + end + Decimal::from(6)) y=(y + 18) {
                            (format_grouped(*total, convention))
                            @if let Some(share) = percent(*total, grand) {
                                " (" (percent_text(share, convention)) "%)"
                            }
                            @if let Some(stated) = stated {
                                tspan fill=(DECLARED) { " — " (lang.pick("declared ", "kê khai ")) (format_grouped(stated, convention)) }
                            }
                        }
                    }
                }
                line x1=(label_width) y1="46" x2=(label_width) y2=(height - 34) stroke="#333" {}
                text.axis x=(label_width) y=(height - 12) {
                    (chart_name(column, lang)) (unit_text(unit, lang))
                }
            }))
    }
}

/// Amounts by year (each project spread evenly over its years): an estimate.
fn year_chart(index: usize, sheet: &Sheet, catalogue: &Catalogue, lang: Lang) -> Markup {
    let (convention, unit) = (catalogue.convention(), catalogue.metadata.unit.as_deref());
    let column = charted(catalogue);
    let rows: Vec<_> = figures(sheet, "year")
        .into_iter()
        .filter(|r| r.0.parse::<u16>().is_ok())
        .map(|(year, total, aid, counterpart)| {
            let value = pick(column, (total, aid, counterpart));
            (year, value, aid, counterpart)
        })
        .collect();
    let max = rows.iter().map(|r| r.1).max().unwrap_or_default();
    let (plot_height, slot) = (170u32, 80u32);
    let width = 80 + slot * count(rows.len());
    let id = format!("years-{index}");
    let title = format!(
        "{} {}",
        chart_name(column, lang),
        lang.pick(
            "by year — estimate: each project spread evenly over its years",
            "theo năm — ước tính: vốn mỗi dự án chia đều cho các năm thực hiện",
        )
    );
    html! {
        (chart(&id, &title, (width.max(560), 260), html! {
                    @for (year, total, _, _) in &rows { (year) ": " (format_grouped(*total, convention)) ". " }
                }, html! {
                @for (i, (year, total, _, _)) in rows.iter().enumerate() {
                    @let x = 60 + slot * count(i);
                    @let bar = scale(*total, max, plot_height);
                    @let top = Decimal::from(210) - bar;
                    g.bar data-label=(year) data-total=(total) {
                        rect x=(x) y=(top) width="50" height=(bar) fill=(AID) {}
                        text x=(x + 25) y=(top - Decimal::from(4)) text-anchor="middle" { (format_grouped(*total, convention)) }
                        text x=(x + 25) y="226" text-anchor="middle" { (year) }
                    }
                }
                line x1="50" y1="210" x2=(width.max(560) - 10) y2="210" stroke="#333" {}
                text.axis x="50" y="250" { (lang.pick("Year; bar height: ", "Năm; chiều cao cột: ")) (chart_name(column, lang).to_lowercase()) (unit_text(unit, lang)) }
            }))
    }
}

/// The plan's tasks over the years of the programme, each year a task is due filled.
fn plan_section(plan: &Plan, page: &Page, lang: Lang) -> Markup {
    let period = page.files.iter().find_map(|f| f.catalogue.metadata.period);
    let years: Vec<u16> = match period {
        Some(span) => span.years().collect(),
        None => {
            let spans: Vec<_> = plan
                .tasks
                .iter()
                .filter_map(|t| match parse_timing(&t.timing) {
                    Timing::Years(span) => Some(span),
                    Timing::From(start) => Some(crate::period::Period::year(start)),
                    _ => None,
                })
                .collect();
            let start = spans.iter().map(|s| s.start).min().unwrap_or(2020);
            let end = spans
                .iter()
                .map(|s| s.end)
                .max()
                .unwrap_or(start)
                .min(start + 15);
            (start..=end).collect()
        }
    };
    let (label_width, slot, row_height) = (330u32, 60u32, 26u32);
    let width = label_width + slot * count(years.len()) + 10;
    let height = 40 + row_height * count(plan.tasks.len()) + 30;
    let title = lang.pick(
        "Implementation plan: the years each task is due",
        "Kế hoạch thực hiện: các năm thực hiện từng nhiệm vụ",
    );
    let sheet = crate::report::plan::tasks(plan, None, lang);
    html! {
        section.plan {
            h2 { (plain(plan.title.as_deref().unwrap_or(lang.pick("Implementation plan", "Kế hoạch thực hiện")))) }
            (chart("plan", title, (width, height), html! {
                        @for task in &plan.tasks { (plain(&task.number)) " " (plain(&task.task)) ": " (plain(&task.timing)) ". " }
                    }, html! {
                    @for (j, year) in years.iter().enumerate() {
                        text x=(label_width + slot * count(j) + slot / 2) y="34" text-anchor="middle" { (year) }
                    }
                    @for (i, task) in plan.tasks.iter().enumerate() {
                        @let y = 40 + row_height * count(i);
                        @let timing = parse_timing(&task.timing);
                        g.task data-task=(plain(&task.number)) {
                            text x=(label_width - 6) y=(y + 17) text-anchor="end" { (plain(&task.number)) ". " (short(&task.task, 44)) }
                            @for (j, year) in years.iter().enumerate() {
                                @if timing.due_in(*year) {
                                    rect x=(label_width + slot * count(j) + 2) y=(y + 4) width=(slot - 4) height="18" fill=(AID) {}
                                }
                            }
                        }
                    }
                    text.axis x=(label_width) y=(height - 8) { (lang.pick("Year", "Năm")) }
                }))
            (table(&sheet))
        }
    }
}

/// A province's bar: its total and its parts (national sector, start, width).
struct ProvinceBar {
    province: String,
    total: Decimal,
    parts: Vec<(String, Decimal, Decimal)>,
}

/// Provinces side by side, each bar split by national sector.
fn comparison_section(sheet: &Sheet, unit: Option<&str>, lang: Lang) -> Markup {
    let provinces = figures(sheet, "province");
    let sectors = figures(sheet, "national_sector");
    let (label_width, bar_width, row_height) = (160u32, 520u32, 28u32);
    let mut bars: Vec<ProvinceBar> = Vec::new();
    for ((province, total, _, _), (sector, _, _, _)) in provinces.iter().zip(&sectors) {
        match bars.iter_mut().find(|b| &b.province == province) {
            Some(bar) => {
                bar.total += *total;
                bar.parts.push((sector.clone(), *total, Decimal::ZERO));
            }
            None => bars.push(ProvinceBar {
                province: province.clone(),
                total: *total,
                parts: vec![(sector.clone(), *total, Decimal::ZERO)],
            }),
        }
    }
    let max = bars.iter().map(|b| b.total).max().unwrap_or_default();
    for bar in &mut bars {
        let mut x = Decimal::from(label_width);
        for part in &mut bar.parts {
            let width = scale(part.1, max, bar_width);
            part.1 = x;
            part.2 = width;
            x += width;
        }
    }
    let present: Vec<&national::NationalSector> = national::SECTORS
        .iter()
        .filter(|s| {
            sectors
                .iter()
                .any(|(name, ..)| name == lang.pick(s.english, s.vietnamese))
        })
        .collect();
    let colour = |name: &str| {
        national::SECTORS
            .iter()
            .position(|s| lang.pick(s.english, s.vietnamese) == name)
            .map_or(PALETTE[8], |i| PALETTE[i])
    };
    let legend_rows = count(present.len().div_ceil(3));
    let top = 30 + 18 * legend_rows + 10;
    let height = top + row_height * count(bars.len()) + 30;
    let title = lang.pick(
        "Total capital by province and national sector",
        "Tổng vốn theo tỉnh và lĩnh vực quốc gia",
    );
    let convention = sheet.convention;
    html! {
        section.comparison {
            h2 { (title) }
            (chart("comparison", title, (760, height), html! {
                        @for bar in &bars { (plain(&bar.province)) ": " (format_grouped(bar.total, convention)) ". " }
                    }, html! {
                    @for (i, sector) in present.iter().enumerate() {
                        @let name = lang.pick(sector.english, sector.vietnamese);
                        @let (x, y) = (250 * count(i % 3), 24 + 18 * count(i / 3));
                        rect x=(x) y=(y) width="12" height="12" fill=(colour(name)) {}
                        text x=(x + 16) y=(y + 10) { (short(name, 34)) }
                    }
                    @for (i, bar) in bars.iter().enumerate() {
                        @let y = top + row_height * count(i);
                        @let end = bar.parts.last().map_or(Decimal::from(label_width), |p| p.1 + p.2);
                        g.bar data-label=(plain(&bar.province)) data-total=(bar.total) {
                            text x=(label_width - 6) y=(y + 18) text-anchor="end" { (short(&bar.province, 24)) }
                            @for (sector, x, width) in &bar.parts {
                                rect x=(x) y=(y + 4) width=(width) height="18" fill=(colour(sector)) {
                                    title { (plain(sector)) }
                                }
                            }
                            text x=(end + Decimal::from(6)) y=(y + 18) { (format_grouped(bar.total, convention)) }
                        }
                    }
                    text.axis x=(label_width) y=(height - 8) { (lang.pick("Total capital", "Tổng vốn")) (unit_text(unit, lang)) }
                }))
            (table(sheet))
            @for note in sheet.notes.iter().skip(1) { p.note { (plain(note)) } }
        }
    }
}

/// A count as chart units (pages never hold four billion rows).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// At most `chars` characters, an ellipsis where cut (the full text is in the table).
fn short(text: &str, chars: usize) -> String {
    let text = plain(text);
    if text.chars().count() <= chars {
        text
    } else {
        text.chars()
            .take(chars.saturating_sub(1))
            .collect::<String>()
            + "…"
    }
}
