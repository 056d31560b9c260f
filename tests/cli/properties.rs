//! Property tests on the invariants of reading and checking, through the library.

use aidcat::check::check;
use aidcat::export::{self, Format};
use aidcat::number::{Convention, format_grouped};
use aidcat::read::{ReadOptions, read_catalogue_bytes};
use aidcat::report::projects::{folded_amounts, tidy};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Amounts of one project row: aid and counterpart in hundredths.
type Row = (u32, u32);

/// Sectors of projects, each project a main row and maybe components.
fn catalogue_shape() -> impl Strategy<Value = Vec<Vec<Vec<Row>>>> {
    let row = (0u32..5_000_000, 0u32..2_000_000);
    let project = prop::collection::vec(row, 1..3);
    let sector = prop::collection::vec(project, 1..5);
    prop::collection::vec(sector, 1..4)
}

fn money(hundredths: u32) -> Decimal {
    Decimal::new(i64::from(hundredths), 2)
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// Lines of interest in a written catalogue: each project row's line, each sector's
/// line, the grand total's line.
struct Written {
    text: String,
    project_rows: Vec<(usize, usize, usize)>,
    sector_lines: Vec<usize>,
    grand_line: usize,
}

/// Writes a consistent published catalogue (Vietnamese numbers) of this shape.
fn write_published(shape: &[Vec<Vec<Row>>]) -> Written {
    let vi = |d: Decimal| format!("\"{}\"", format_grouped(d, Convention::Vi));
    let mut lines = vec![
        "DANH MỤC DỰ ÁN,,,,,,".to_owned(),
        "GIAI ĐOẠN 2020-2025,,,,,,".to_owned(),
        "ĐVT: Triệu đồng,,,,,,".to_owned(),
        "STT,Tên dự án,Thời gian thực hiện,Nội dung,Tổng vốn,Vốn viện trợ,Vốn đối ứng".to_owned(),
    ];
    let mut project_rows = Vec::new();
    let mut sector_lines = Vec::new();
    let (mut grand_aid, mut grand_cp) = (Decimal::ZERO, Decimal::ZERO);
    for (s, sector) in shape.iter().enumerate() {
        let rows = sector.iter().flatten();
        let aid: Decimal = rows.clone().map(|r| money(r.0)).sum();
        let cp: Decimal = rows.map(|r| money(r.1)).sum();
        grand_aid += aid;
        grand_cp += cp;
        lines.push(format!(
            "{},Lĩnh vực {s},,,{},{},{}",
            ROMAN[s],
            vi(aid + cp),
            vi(aid),
            vi(cp)
        ));
        sector_lines.push(lines.len());
        for (p, project) in sector.iter().enumerate() {
            for (c, &(aid, cp)) in project.iter().enumerate() {
                let (aid, cp) = (money(aid), money(cp));
                let (number, name) = if c == 0 {
                    ((p + 1).to_string(), format!("Dự án {s}.{p}"))
                } else {
                    (String::new(), String::new())
                };
                lines.push(format!(
                    "{number},{name},2021-2024,Hạng mục {c},{},{},{}",
                    vi(aid + cp),
                    vi(aid),
                    vi(cp)
                ));
                project_rows.push((lines.len(), s, p));
            }
        }
    }
    lines.push(format!(
        "Tổng cộng:,,,,{},{},{}",
        vi(grand_aid + grand_cp),
        vi(grand_aid),
        vi(grand_cp)
    ));
    Written {
        text: lines.join("\n") + "\n",
        project_rows,
        sector_lines,
        grand_line: lines.len(),
    }
}

fn read(text: &str) -> aidcat::model::Catalogue {
    let options = ReadOptions {
        number_format: Some(Convention::Vi),
        ..ReadOptions::default()
    };
    read_catalogue_bytes("generated.csv", text.as_bytes(), &options).expect("reads")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_consistent_catalogue_checks_clean(shape in catalogue_shape()) {
        let written = write_published(&shape);
        let findings = check(&read(&written.text));
        prop_assert!(findings.is_empty(), "{findings:#?}\n{}", written.text);
    }

    #[test]
    fn one_changed_amount_gives_exactly_the_findings_that_follow(
        shape in catalogue_shape(),
        pick in any::<prop::sample::Index>(),
        column in 0usize..3,
        delta in 1u32..1_000_000,
    ) {
        let written = write_published(&shape);
        let (line, sector, _) = written.project_rows[pick.index(written.project_rows.len())];
        // Rewrite one money cell of that row: total, aid or counterpart.
        let mut lines: Vec<String> = written.text.lines().map(str::to_owned).collect();
        let mut cells: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(lines[line - 1].as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let cell = &mut cells[4 + column];
        let value = aidcat::number::parse(cell, Convention::Vi).unwrap() + money(delta);
        *cell = format_grouped(value, Convention::Vi);
        lines[line - 1] = cells.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",");
        let changed = lines.join("\n") + "\n";

        let found: Vec<(usize, &str)> = check(&read(&changed)).iter().map(|f| (f.line, f.rule.id())).collect();
        let expected = vec![
            (written.sector_lines[sector], "sector-sum"),
            (line, "row-sum"),
            (written.grand_line, "grand-total"),
        ];
        let mut found_sorted = found.clone();
        found_sorted.sort();
        let mut expected_sorted = expected;
        expected_sorted.sort();
        prop_assert_eq!(found_sorted, expected_sorted);
    }

    #[test]
    fn convert_then_read_gives_the_same_model(shape in catalogue_shape()) {
        let published = read(&write_published(&shape).text);
        let extras = export::Extras { sheet_name: "tidy", findings: &[], lang: aidcat::lang::Lang::En };
        let unit = published.metadata.unit.as_deref();
        let csv = export::render(&tidy(std::slice::from_ref(&published), unit, extras.lang).unwrap(), Format::Csv, None, &extras).unwrap();
        let tidy_model = read_catalogue_bytes("tidy.csv", &csv, &ReadOptions::default()).unwrap();
        prop_assert_eq!(tidy_model.metadata.unit.as_deref(), unit);
        prop_assert_eq!(tidy_model.sectors.len(), published.sectors.len());
        for (a, b) in published.sectors.iter().zip(&tidy_model.sectors) {
            prop_assert_eq!(&a.code, &b.code);
            prop_assert_eq!(&a.name, &b.name);
            prop_assert!(a.totals().is_some());
            prop_assert_eq!(a.totals(), b.totals());
            prop_assert_eq!(a.projects.len(), b.projects.len());
            for (p, q) in a.projects.iter().zip(&b.projects) {
                prop_assert_eq!(&p.number, &q.number);
                prop_assert_eq!(&p.name, &q.name);
                prop_assert_eq!(&p.period, &q.period);
                prop_assert_eq!(folded_amounts(p), Some(q.amounts));
            }
        }
    }
}
