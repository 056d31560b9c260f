//! Issue 12: the likely cause of each arithmetic mismatch, under its finding, only where
//! the figures support it.

use crate::harness::Workdir;
use serde_json::Value;

/// A published catalogue of two sectors; `edit` changes its text before it is checked.
/// As written, every sum is right.
const CONSISTENT: &str = include_str!("../fixtures/two-sectors.csv");

/// The hints of each finding, as (line, rule, hint kinds).
fn hints(csv: &str) -> Vec<(u64, String, Vec<String>)> {
    let work = Workdir::new();
    work.write("catalogue.csv", csv);
    let run = work.run(&["check", "--format", "json", "catalogue.csv"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let report: Value = run.json();
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let kinds = f["hints"]
                .as_array()
                .map(|h| {
                    h.iter()
                        .map(|h| h["hint"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
                kinds,
            )
        })
        .collect()
}

fn edited(from: &str, to: &str) -> String {
    assert!(CONSISTENT.contains(from), "{from}");
    CONSISTENT.replacen(from, to, 1)
}

#[test]
fn a_consistent_file_and_a_random_mismatch_get_no_hint() {
    assert_eq!(hints(CONSISTENT), []);
    // 5.025 -> 5.386: off by 361, no row's figure, not one digit, not transposed.
    let found = hints(&edited(",5.025,4.300,725,", ",5.386,4.661,725,"));
    assert!(!found.is_empty());
    for (line, rule, kinds) in &found {
        if *line == 4 {
            assert!(
                kinds.is_empty() || kinds == &["carried-into-total"],
                "{rule}: {kinds:?}"
            );
        }
    }
}

#[test]
fn a_row_counted_twice_or_left_out_is_named() {
    // Sector I declares 1.475 more in total, aid and counterpart: row I.3 counted twice.
    let found = hints(&edited(",5.025,4.300,725,", ",6.500,5.600,900,"));
    let sector: Vec<_> = found.iter().filter(|f| f.0 == 4).collect();
    assert_eq!(sector.len(), 3, "{found:?}");
    for (_, rule, kinds) in sector {
        assert_eq!(rule, "sector-sum");
        assert!(kinds.contains(&"one-row".to_owned()), "{kinds:?}");
    }
    let work = Workdir::new();
    work.write(
        "twice.csv",
        edited(",5.025,4.300,725,", ",6.500,5.600,900,"),
    );
    let run = work.run(&["check", "twice.csv"]);
    assert!(
        run.stdout
            .contains("  = hint: the difference is the figure of project 3 `Trạm y tế xã Châu` (line 7) (1.475): perhaps it was counted twice"),
        "{}",
        run.stdout
    );
    // Sector II declares only its first project: the second was left out.
    let found = hints(&edited(",5.820,5.400,420,", ",3.180,3.000,180,"));
    let text = format!("{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.0 == 8 && f.2.contains(&"one-row".to_owned())),
        "{text}"
    );
    let work = Workdir::new();
    work.write("left.csv", edited(",5.820,5.400,420,", ",3.180,3.000,180,"));
    let run = work.run(&["check", "--lang", "vi", "left.csv"]);
    assert!(
        run.stdout.contains("có thể dòng này bị bỏ sót khi cộng"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_mistyped_or_transposed_digit_is_suggested() {
    // 5.025 typed 5.325 (total only): one digit at the hundreds.
    let found = hints(&edited(",5.025,4.300,725,", ",5.325,4.300,725,"));
    let total = found
        .iter()
        .find(|f| f.0 == 4 && f.1 == "sector-sum")
        .unwrap();
    assert!(total.2.contains(&"mistyped-digit".to_owned()), "{found:?}");
    // 5.820 typed 5.280: two digits swapped.
    let found = hints(&edited(",5.820,5.400,420,", ",5.280,5.400,420,"));
    let total = found
        .iter()
        .find(|f| f.0 == 8 && f.1 == "sector-sum")
        .unwrap();
    assert!(
        total.2.contains(&"transposed-digits".to_owned()),
        "{found:?}"
    );
}

#[test]
fn a_subtotal_taking_the_next_sectors_first_row_is_suggested() {
    // Sector I's subtotal also counts II.1 (3.180 / 3.000 / 180).
    let found = hints(&edited(",5.025,4.300,725,", ",8.205,7.300,905,"));
    assert!(
        found
            .iter()
            .any(|f| f.0 == 4 && f.2.contains(&"takes-next-sectors-row".to_owned())),
        "{found:?}"
    );
}

#[test]
fn a_grand_total_leaving_a_sector_out_is_suggested() {
    let found = hints(&edited(",10.845,9.700,1.145,", ",5.025,4.300,725,"));
    let grand: Vec<_> = found.iter().filter(|f| f.1 == "grand-total").collect();
    assert_eq!(grand.len(), 3, "{found:?}");
    for (_, _, kinds) in grand {
        assert!(kinds.contains(&"leaves-out-sector".to_owned()), "{kinds:?}");
    }
}

/// Sector I's subtotal leaves project I.3 out (1.475, 1.300, 175 less); the grand total is
/// right, so it differs from the subtotals by as much: the finding says that the grand
/// total matches the projects and names sector I's subtotal, in both languages, and
/// offers no mistyped digit in the grand total.
#[test]
fn a_grand_total_that_matches_the_projects_names_the_subtotal_off() {
    let csv = edited(
        "I,Lĩnh vực y tế,,,,5.025,4.300,725,",
        "I,Lĩnh vực y tế,,,,3.550,3.000,550,",
    );
    let found = findings(&csv);
    let grand: Vec<&Value> = (found.iter())
        .filter(|f| f["rule"] == "grand-total-subtotals")
        .collect();
    assert_eq!(grand.len(), 3, "{found:?}");
    for finding in &grand {
        let message = finding["message"].as_str().unwrap();
        assert!(
            message.ends_with(
                "it matches the sum of all projects, so the difference comes from the subtotal of sector I (line 4)"
            ),
            "{message}"
        );
        assert_eq!(finding["details"]["origins"][0][1], 4, "{finding}");
        assert!(
            finding["hints"].as_array().is_none_or(Vec::is_empty),
            "{finding}"
        );
    }
    let work = Workdir::new();
    work.write("catalogue.csv", &csv);
    let vi = work.run(&["check", "--lang", "vi", "catalogue.csv"]);
    assert!(
        vi.stdout.contains(
            "số này khớp với cộng tất cả dự án, nên chênh lệch nằm ở số cộng của lĩnh vực I (dòng 4)"
        ),
        "{}",
        vi.stdout
    );
    // A grand total that matches neither names no sector.
    let neither = edited(",10.845,9.700,1.145,", ",10.855,9.710,1.155,");
    let csv = neither.replace(
        "I,Lĩnh vực y tế,,,,5.025,4.300,725,",
        "I,Lĩnh vực y tế,,,,3.550,3.000,550,",
    );
    for finding in findings(&csv) {
        let message = finding["message"].as_str().unwrap();
        assert!(!message.contains("it matches"), "{message}");
    }
}

#[test]
fn a_row_total_of_one_part_or_copied_from_above_is_suggested() {
    // Row I.2's total is its aid alone.
    let found = hints(&edited(",2.350,2.000,350,", ",2.000,2.000,350,"));
    let row = found.iter().find(|f| f.1 == "row-sum").unwrap();
    assert!(row.2.contains(&"total-is-one-part".to_owned()), "{found:?}");
    // Row I.3's total is row I.2's aid + counterpart.
    let found = hints(&edited(",1.475,1.300,175,", ",2.350,1.300,175,"));
    let row = found.iter().find(|f| f.1 == "row-sum").unwrap();
    assert!(
        row.2.contains(&"total-of-row-above".to_owned()),
        "{found:?}"
    );
}

/// The findings of `csv` as JSON.
fn findings(csv: &str) -> Vec<Value> {
    let work = Workdir::new();
    work.write("catalogue.csv", csv);
    let run = work.run(&["check", "--format", "json", "catalogue.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.json()["files"][0]["findings"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_rows_mistyped_figure_that_the_subtotal_contradicts_is_named_on_both() {
    // I.2's total 2.350 typed 2.530; its aid, counterpart and the subtotal agree on 2.350.
    let found = findings(&edited(",2.350,2.000,350,", ",2.530,2.000,350,"));
    let sector = found.iter().find(|f| f["rule"] == "sector-sum").unwrap();
    let hints = sector["hints"].as_array().unwrap();
    assert_eq!(hints[0]["hint"], "row-figure-off", "{sector}");
    assert_eq!(hints[0]["row"]["line"], 6);
    assert_eq!(hints[0]["column"], "total");
    assert_eq!(hints[0]["should_be"], "2350");
    // Not a digit of the subtotal's: the mistake is the row's.
    assert_eq!(hints.len(), 1, "{sector}");
    let row = found.iter().find(|f| f["rule"] == "row-sum").unwrap();
    assert_eq!(row["line"], 6);
    assert_eq!(row["hints"][0]["hint"], "sum-agrees", "{row}");
    assert_eq!(row["hints"][0]["line"], 4);
    assert_eq!(row["hints"][0]["should_be"], "2350");
    // II.1's aid 3.000 typed 3.100: the aid is named, and what it should be.
    let found = findings(&edited(",3.180,3.000,180,", ",3.180,3.100,180,"));
    let sector = found.iter().find(|f| f["rule"] == "sector-sum").unwrap();
    assert_eq!(sector["details"]["column"], "aid");
    assert_eq!(sector["hints"][0]["hint"], "row-figure-off", "{sector}");
    assert_eq!(sector["hints"][0]["column"], "aid");
    assert_eq!(sector["hints"][0]["should_be"], "3000");
    let row = found.iter().find(|f| f["rule"] == "row-sum").unwrap();
    assert_eq!(row["hints"][0]["hint"], "sum-agrees", "{row}");
    assert_eq!(row["hints"][0]["column"], "aid");
    // I.3's counterpart 175 typed 375: the subtotal is 200 short, which is also I.1's
    // counterpart. The subtotal is right as declared, so no row is said left out of it.
    let found = findings(&edited(",1.475,1.300,175,", ",1.475,1.300,375,"));
    let sector = found.iter().find(|f| f["rule"] == "sector-sum").unwrap();
    let kinds: Vec<&Value> = sector["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["hint"])
        .collect();
    assert_eq!(kinds, ["row-figure-off"], "{sector}");
    // So is a group's: Thủy lợi's aid 450 typed 460 puts both its sector and its group
    // 10 off, not a digit of the group's.
    let found = findings(include_str!("../fixtures/grouped-en-vietnamese-header.csv"));
    for rule in ["sector-sum", "group-sum"] {
        let sum = found.iter().find(|f| f["rule"] == rule).unwrap();
        let hints = sum["hints"].as_array().unwrap();
        assert_eq!(hints.len(), 1, "{sum}");
        assert_eq!(hints[0]["hint"], "row-figure-off", "{sum}");
        assert_eq!(hints[0]["row"]["line"], 13, "{sum}");
        assert_eq!(hints[0]["should_be"], "450", "{sum}");
    }
}

/// A sum that adds figures a spreadsheet set to English misread (`1.200` stored as 1.2)
/// says so, and nothing else: its difference is the misreading's. A column the misreading
/// leaves alone keeps its own hints. The fixture is LibreOffice's, set to English.
#[test]
fn a_sum_over_figures_misread_as_decimals_says_so() {
    let work = Workdir::new();
    work.fixture("english-locale-misread.xlsx");
    let run = work.run(&["check", "--format", "json", "english-locale-misread.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = run.json()["files"][0]["findings"].clone();
    let sums: Vec<&Value> = (found.as_array().unwrap().iter())
        .filter(|f| f["rule"] == "sector-sum")
        .collect();
    let hints_of = |column: &str| -> Vec<Value> {
        let sum = sums
            .iter()
            .find(|f| f["details"]["column"] == column)
            .unwrap();
        sum["hints"].as_array().cloned().unwrap_or_default()
    };
    for column in ["total", "aid"] {
        let hints = hints_of(column);
        assert_eq!(hints.len(), 1, "{column}: {hints:?}");
        assert_eq!(hints[0]["hint"], "misread-summed", "{column}");
        assert_eq!(hints[0]["lines"], serde_json::json!([5]), "{column}");
    }
    assert_eq!(hints_of("counterpart")[0]["hint"], "mistyped-digit");
}

/// A part's mistyped figure explains its project's sum as a project's does its sector's:
/// named under the project's sum too (not a digit of that sum's), as the part it is.
#[test]
fn a_parts_mistyped_figure_is_named_under_its_projects_sum() {
    // Part 1.2's total 2.000 typed 2.100; the project's row and the subtotal say 3.000.
    let csv = "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
               I,Lĩnh vực nông nghiệp,\"3.000\",\"2.500\",500\n\
               1,Dự án A,\"3.000\",\"2.500\",500\n\
               1.1,Hợp phần 1,\"1.000\",800,200\n\
               1.2,Hợp phần 2,\"2.100\",\"1.700\",300\n\
               ,Tổng cộng,\"3.000\",\"2.500\",500\n";
    let found = findings(csv);
    for rule in ["project-sum", "sector-sum"] {
        let sum = found.iter().find(|f| f["rule"] == rule).unwrap();
        let hints = sum["hints"].as_array().unwrap();
        assert_eq!(hints.len(), 1, "{sum}");
        assert_eq!(hints[0]["hint"], "row-figure-off", "{sum}");
        assert_eq!(hints[0]["row"]["line"], 5, "{sum}");
        assert_eq!(hints[0]["row"]["part"], "1.2", "{sum}");
        assert_eq!(hints[0]["should_be"], "2000", "{sum}");
        assert!(
            hints[0]["message"]
                .as_str()
                .unwrap()
                .starts_with("the difference is that of part 1.2 of project 1 `Dự án A` (line 5)"),
            "{sum}"
        );
    }
}

/// A tidy file declares no subtotal, only its grand total: a row's mistyped figure that
/// accounts for the grand total's difference is named under both, and `fix` puts it right.
#[test]
fn a_rows_mistyped_figure_that_the_grand_total_contradicts_is_named_on_both() {
    let csv = "STT,Lĩnh vực,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
               1,Y tế,Trạm y tế A,1.000,800,200\n\
               2,Y tế,Trạm y tế B,500,410,100\n\
               3,Giáo dục,Trường C,700,600,100\n\
               ,,Tổng cộng,2.200,1.800,400\n";
    let found = findings(csv);
    let total = found.iter().find(|f| f["rule"] == "grand-total").unwrap();
    let hints = total["hints"].as_array().unwrap();
    assert_eq!(hints.len(), 1, "{total}");
    assert_eq!(hints[0]["hint"], "row-figure-off", "{total}");
    assert_eq!(hints[0]["row"]["line"], 3);
    assert_eq!(hints[0]["should_be"], "400");
    let row = found.iter().find(|f| f["rule"] == "row-sum").unwrap();
    assert_eq!(row["hints"][0]["hint"], "sum-agrees", "{row}");
    assert_eq!(row["hints"][0]["grand_total"], true, "{row}");
    assert_eq!(row["hints"][0]["line"], 5);
    let work = Workdir::new();
    work.write("tidy.csv", csv);
    let run = work.run(&["fix", "tidy.csv", "-o", "fixed.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert_eq!(fixed, csv.replace(",410,", ",400,"));
}

#[test]
fn a_rows_figure_is_not_blamed_where_the_subtotal_does_not_agree_with_it() {
    let kinds = |csv: &str| -> Vec<String> {
        let found = findings(csv);
        let hints = found
            .iter()
            .flat_map(|f| f["hints"].as_array().cloned().unwrap_or_default());
        hints
            .map(|h| h["hint"].as_str().unwrap().to_owned())
            .collect()
    };
    // I.2's total mistyped, and the subtotal made from it: nothing points at the row.
    let both = edited(",2.350,2.000,350,", ",2.530,2.000,350,").replacen(",5.025,", ",5.205,", 1);
    assert!(
        !kinds(&both)
            .iter()
            .any(|k| k == "row-figure-off" || k == "sum-agrees")
    );
    // Two rows off by the same amount: neither is named.
    let two = edited(",2.350,2.000,350,", ",2.450,2.000,350,")
        .replacen(",1.475,1.300,175,", ",1.575,1.300,175,", 1)
        .replacen(",5.025,", ",5.125,", 1);
    let found = kinds(&two);
    assert!(
        !found
            .iter()
            .any(|k| k == "row-figure-off" || k == "sum-agrees"),
        "{found:?}"
    );
}

#[test]
fn soc_trang_hints_say_what_its_figures_support() {
    let work = Workdir::new();
    work.data("soc-trang-2020-2025.csv");
    let run = work.run(&["check", "--format", "json", "soc-trang-2020-2025.csv"]);
    let report = run.json();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let sector_total = findings
        .iter()
        .find(|f| f["line"] == 22 && f["details"]["column"] == "total")
        .unwrap();
    // Total and aid are 360 too high, counterpart is right: the aid carries into the total.
    assert_eq!(sector_total["hints"][0]["hint"], "carried-into-total");
    assert_eq!(sector_total["hints"][0]["column"], "aid");
}

#[test]
fn a_workbook_sum_range_leaving_out_a_row_or_a_typed_subtotal_is_suggested() {
    use rust_xlsxwriter::{Formula, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "STT",
        "Tên dự án",
        "Tổng vốn",
        "Vốn viện trợ",
        "Vốn đối ứng",
    ];
    for (column, text) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *text).unwrap();
    }
    // (row, STT, name, figures or formulas with their cached results)
    let sum = |range: &str, result: f64| (Some(format!("=SUM({range})")), result);
    let typed = |value: f64| (None, value);
    /// A figure cell: a formula with its cached result, or a typed value.
    type Figure = (Option<String>, f64);
    let rows: Vec<(u32, &str, &str, [Figure; 3])> = vec![
        // Sector I's total leaves out row 5 (I.3).
        (
            1,
            "I",
            "Lĩnh vực y tế",
            [
                sum("C3:C4", 3550.0),
                sum("D3:D5", 4300.0),
                sum("E3:E5", 725.0),
            ],
        ),
        (
            2,
            "1",
            "Trạm y tế xã An",
            [typed(1200.0), typed(1000.0), typed(200.0)],
        ),
        (
            3,
            "2",
            "Trạm y tế xã Bình",
            [typed(2350.0), typed(2000.0), typed(350.0)],
        ),
        (
            4,
            "3",
            "Trạm y tế xã Châu",
            [typed(1475.0), typed(1300.0), typed(175.0)],
        ),
        // Sector II's total is typed, and typed wrong, where the others are formulas.
        (
            5,
            "II",
            "Lĩnh vực giáo dục",
            [typed(5280.0), sum("D7:D8", 5400.0), sum("E7:E8", 420.0)],
        ),
        (
            6,
            "1",
            "Trường xã Đông",
            [typed(3180.0), typed(3000.0), typed(180.0)],
        ),
        (
            7,
            "2",
            "Trường xã Tây",
            [typed(2640.0), typed(2400.0), typed(240.0)],
        ),
        (
            8,
            "III",
            "Lĩnh vực môi trường",
            [
                sum("C10:C10", 500.0),
                sum("D10:D10", 400.0),
                sum("E10:E10", 100.0),
            ],
        ),
        (
            9,
            "1",
            "Hồ chứa nước",
            [typed(500.0), typed(400.0), typed(100.0)],
        ),
    ];
    for (row, number, name, figures) in rows {
        sheet.write_string(row, 0, number).unwrap();
        sheet.write_string(row, 1, name).unwrap();
        for (offset, (formula, value)) in figures.into_iter().enumerate() {
            let column = 2 + offset as u16;
            match formula {
                Some(formula) => {
                    let formula = Formula::new(formula).set_result(value.to_string());
                    sheet.write_formula(row, column, formula).unwrap();
                }
                None => {
                    sheet.write_number(row, column, value).unwrap();
                }
            }
        }
    }
    let work = Workdir::new();
    book.save(work.path().join("sums.xlsx")).unwrap();
    let run = work.run(&["check", "--format", "json", "sums.xlsx"]);
    let report = run.json();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let hints_at = |line: u64, column: &str| -> Vec<Value> {
        findings
            .iter()
            .find(|f| f["line"] == line && f["details"]["column"] == column)
            .map(|f| f["hints"].as_array().cloned().unwrap_or_default())
            .unwrap_or_else(|| panic!("no finding at {line} {column}: {findings:?}"))
    };
    let sector_one = hints_at(2, "total");
    assert!(
        sector_one
            .iter()
            .any(|h| h["hint"] == "range-leaves-out" && h["lines"] == serde_json::json!([5])),
        "{sector_one:?}"
    );
    let sector_two = hints_at(6, "total");
    let kinds: Vec<&str> = sector_two
        .iter()
        .map(|h| h["hint"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"typed-not-formula"), "{kinds:?}");
    assert!(kinds.contains(&"transposed-digits"), "{kinds:?}");
}

/// A catalogue typed with thousands dots (`1.500`) into a spreadsheet set to English,
/// which stores 1.5: the figures it misread are named, and what they add up as.
#[test]
fn thousands_a_spreadsheet_took_for_decimals_are_named() {
    let work = Workdir::new();
    work.write(
        "typed.csv",
        "DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ PCPNN\n\
         ĐVT: triệu đồng\n\
         STT,Tên dự án,Chủ đầu tư,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Lĩnh vực y tế,,1.500,1.000,500\n\
         1,Trạm y tế xã An,Sở Y tế,700,500,200\n\
         2,Trạm y tế xã Bình,Sở Y tế,800,500,300\n\
         ,Tổng cộng,,1.500,1.000,500\n",
    );
    // LibreOffice reads the text as a spreadsheet set to English (US) does: `1.000` is 1,
    // a whole figure, named beside `1.500` read as 1.5.
    let english = "CSV:44,34,76,1,,1033";
    let Some(written) = work.libreoffice_file("typed.csv", "xlsx", Some(english)) else {
        return;
    };
    std::fs::rename(written, work.path().join("typed.xlsx")).unwrap();
    let run = work.run(&["check", "--format", "json", "typed.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let misread: Vec<(&str, &Value)> = findings
        .iter()
        .flat_map(|f| {
            let hints = f["hints"].as_array().into_iter().flatten();
            hints
                .filter(|h| h["hint"] == "thousands-as-decimals")
                .map(|h| (f["rule"].as_str().unwrap(), &h["figures"]))
        })
        .collect();
    let figures = |list: &[&str]| serde_json::json!(list);
    assert_eq!(
        misread,
        [
            ("row-sum", &figures(&["1.5", "1"])),
            ("sector-sum", &figures(&["1.5"])),
            ("sector-sum", &figures(&["1"])),
            ("row-sum", &figures(&["1.5", "1"])),
            ("grand-total", &figures(&["1.5"])),
            ("grand-total", &figures(&["1"])),
        ],
        "{findings:#?}"
    );
    let vi = work.run(&["check", "--lang", "vi", "typed.xlsx"]);
    assert!(
        vi.stdout
            .contains("nếu 1,5 và 1 là 1.500 và 1.000 thì số liệu khớp"),
        "{}",
        vi.stdout
    );
    // The same figures typed as the sums they are: no such hint.
    let run = work.run(&["check", "--format", "json", "typed.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_sum_that_leaves_out_cells_that_are_not_numbers_says_so_and_nothing_else() {
    // Project I.1's aid typed with its unit: sector I's aid sum leaves it out, and is off
    // by exactly that row's figure, which alone would be hinted as a row left out.
    let found = hints(&edited(",1.200,1.000,200,", ",1.200,1.000 tr,200,"));
    let sector = found
        .iter()
        .find(|(line, rule, _)| *line == 4 && rule == "sector-sum")
        .expect("sector I's aid is off");
    assert_eq!(sector.2, ["unreadable-left-out"]);
    assert!(
        found
            .iter()
            .any(|(line, rule, _)| *line == 5 && rule == "not-a-number")
    );

    // A tidy list's total row: its sum leaves out the cells of that column only, on the
    // lines where they stand (run in ranges too, by the harness).
    let work = Workdir::new();
    work.write(
        "tidy.csv",
        "sector,number,name,owner,location,period,total,aid,counterpart,note\n\
         Health,1,Clinic A,DOH,Commune Y,2023-2024,500,400,100,\n\
         Health,2,Clinic B,DOH,Commune Y,2023-2024,500,400 USD,100,\n\
         Health,3,Clinic C,DOH,Commune Y,2023-2024,500,400,100x,\n\
         Schools,1,School A,DOET,Commune Z,2023-2024,500,400,100,\n\
         ,,Total,,,,2000,1600,400,\n",
    );
    let run = work.run(&["check", "tidy.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let hinted: Vec<&str> = run.stdout.lines().filter(|l| l.contains("hint:")).collect();
    assert_eq!(hinted.len(), 2, "{}", run.stdout);
    assert!(hinted[0].contains("on line 3:"), "{}", run.stdout);
    assert!(hinted[1].contains("on line 4:"), "{}", run.stdout);
    let vi = work.run(&["check", "--lang", "vi", "tidy.csv"]);
    assert!(
        vi.stdout.contains("chưa tính các ô không phải là số"),
        "{}",
        vi.stdout
    );
}
