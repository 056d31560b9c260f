//! Issue 12: `aidcat fix` hands back a corrected copy and says what it changed.

use crate::harness::{Workdir, add_sheet};

const SOC_TRANG: &str = "soc-trang-2020-2025.csv";

fn sum_errors(work: &Workdir, file: &str) -> Vec<String> {
    let run = work.run(&["check", "--format", "json", file]);
    assert!(run.code <= 1, "{}", run.stderr);
    run.json()["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_corrected_workbook_checks_clean_and_lists_its_changes() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let before = std::fs::read(work.path().join(SOC_TRANG)).unwrap();
    let run = work.run(&["fix", SOC_TRANG, "-o", "fixed.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(work.path().join(SOC_TRANG)).unwrap(),
        before,
        "input untouched"
    );
    assert!(
        run.stdout
            .contains("4 cells corrected, 0 rows left for the officer"),
        "{}",
        run.stdout
    );
    for (from, to) in [
        ("13.233", "12.873"),
        ("11.883", "11.523"),
        ("367.902", "367.542"),
        ("306.950", "306.590"),
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.contains(from) && l.contains(to)),
            "{from} -> {to}: {}",
            run.stdout
        );
    }
    assert_eq!(sum_errors(&work, SOC_TRANG).len(), 4);
    assert_eq!(sum_errors(&work, "fixed.xlsx"), Vec::<String>::new());
    // The sums are formulas over the right rows, and the change list is a second sheet.
    let sheet = work.libreoffice("fixed.xlsx", "fods", None);
    if let Some(sheet) = sheet {
        assert!(
            sheet.contains("of:=SUM([.G23:.G25];[.G28:.G31])"),
            "sector II's total sums its project rows, past the repeated header"
        );
        assert!(sheet.contains("Changes"), "the change list sheet");
    }
}

#[test]
fn libreoffice_computes_the_corrected_figures() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let run = work.run(&["fix", SOC_TRANG, "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // LibreOffice trusts the results a workbook stores unless told to recalculate on
    // load: this profile tells it to (OOXMLRecalcMode 0, "always").
    let profile = work.path().join("lo-profile/user");
    std::fs::create_dir_all(&profile).unwrap();
    std::fs::write(
        profile.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let Some(rows) = work.libreoffice_rows("fixed.xlsx") else {
        return;
    };
    let figures = |first: &str| -> Vec<String> {
        let row = rows
            .iter()
            .find(|r| r[0] == first)
            .unwrap_or_else(|| panic!("{first}: {rows:?}"));
        row[6..9].to_vec()
    };
    assert_eq!(figures("II"), ["12873", "11523", "1350"]);
    assert_eq!(figures("Tổng cộng:"), ["367542", "306590", "60952"]);
}

#[test]
fn the_corrected_csv_changes_only_the_sums_and_leaves_row_mistakes_to_the_officer() {
    let work = Workdir::new();
    work.fixture("rules-published.csv");
    let run = work.run(&[
        "fix",
        "rules-published.csv",
        "-o",
        "fixed.csv",
        "--lang",
        "vi",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("để cán bộ xem lại"), "{}", run.stdout);
    assert!(
        run.stdout.contains("giữ nguyên"),
        "row mistakes are listed: {}",
        run.stdout
    );
    let input = std::fs::read_to_string(work.path().join("tests/fixtures/rules-published.csv"))
        .or_else(|_| std::fs::read_to_string(work.path().join("rules-published.csv")))
        .unwrap();
    let output = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    let changed: Vec<(usize, &str)> = input
        .lines()
        .zip(output.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (_, b))| (i + 1, b))
        .collect();
    // Sector and grand-total rows change; project rows stay as typed, but for I.2, whose
    // aid its total (no counterpart) and sector I's subtotal of aid agree on: 2.100.
    for (line, text) in &changed {
        let first = text.split(',').next().unwrap();
        assert!(
            first.chars().all(|c| "IVX".contains(c))
                || text.contains("Tổng cộng")
                || *line == 7 && text.contains(",2.100,2.100,,"),
            "line {line} changed: {text}"
        );
    }
    assert!(!changed.is_empty());
    let errors = sum_errors(&work, "fixed.csv");
    // Sums are right but for the total of sector II and the grand total: line 12's total,
    // `năm trăm`, is not a number, so they keep their declared figures.
    let check = work.run(&["check", "--format", "json", "fixed.csv"]);
    let sums_off: Vec<(u64, u64)> = check.json()["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().contains("sum") || f["rule"] == "grand-total")
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(sums_off, [(10, 7), (14, 7)]);
    assert!(
        errors.iter().any(|r| r == "not-a-number"),
        "row mistakes are left: {errors:?}"
    );
}

#[test]
fn a_rows_figure_that_its_others_and_the_subtotal_agree_on_is_put_right_not_the_subtotal() {
    let work = Workdir::new();
    let consistent = include_str!("../fixtures/two-sectors.csv");
    // I.2's total 2.350 typed 2.530: its aid + counterpart and sector I's subtotal say 2.350.
    let typo = consistent.replacen(",2.350,2.000,350,", ",2.530,2.000,350,", 1);
    assert_ne!(typo, consistent);
    work.write("typo.csv", &typo);
    let run = work.run(&["fix", "typo.csv", "-o", "fixed.csv", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1 cell corrected, 0 rows left for the officer"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("subtotal (line 4)"), "{}", run.stdout);
    // The copy is the consistent file: the row put right, the sums as they were.
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert_eq!(fixed, consistent);
    // In the workbook the figure is a number, and every sum checks.
    let run = work.run(&["fix", "typo.csv", "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sum_errors(&work, "fixed.xlsx"), Vec::<String>::new());
    // Where the subtotal was made from the typo too, nothing says which figure is right:
    // the sums follow the rows, and the row is left to the officer.
    let both = typo.replacen(",5.025,4.300,725,", ",5.205,4.300,725,", 1);
    work.write("both.csv", &both);
    let run = work.run(&["fix", "both.csv", "-o", "both-fixed.csv", "--lang", "en"]);
    assert!(
        run.stdout.contains("1 row left for the officer"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_workbooks_csv_copy_writes_its_amounts_in_one_convention() {
    let work = Workdir::new();
    work.fixture("formula-subtotal.xlsx");
    let run = work.run(&["fix", "formula-subtotal.xlsx", "-o", "fixed.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The stored numbers (`2016.5`) are written as the changed subtotals are (`2516,5`,
    // in the file's convention, without a group as the workbook's cells hold none): a
    // copy that mixed the two could not be read.
    let run = work.run(&["check", "fixed.csv"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let copy = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert!(
        copy.contains("\"2516,5\",\"2416,5\",100\n") && copy.contains(",\"2016,5\",\"2016,5\""),
        "{copy}"
    );
}

#[test]
fn fix_refuses_what_it_cannot_write() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let run = work.run(&["fix", SOC_TRANG, "-o", "fixed.ods"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o fixed.ods"), "{}", run.stderr);
    let run = work.run(&["fix", SOC_TRANG, "-o", SOC_TRANG]);
    assert_eq!(run.code, 2, "the input is never overwritten");
    let run = work.run(&["fix", "-", "-o", "fixed.csv"]);
    assert_eq!(run.code, 2);
}

#[test]
fn an_amount_split_into_parts_is_left_for_the_officer_to_write() {
    // `Vốn đối ứng` over `Ngân sách tỉnh | Khác`: no one cell takes the corrected
    // subtotal, so the parts are kept as they are and the change is listed.
    let work = Workdir::new();
    work.write(
        "parts.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng,\n\
         ,,,,Ngân sách tỉnh,Khác\n\
         I,Y tế,1.450,1.200,200,50\n\
         1,Trạm y tế,1.000,800,150,50\n\
         2,Xe,500,400,100,\n",
    );
    let run = work.run(&["fix", "parts.csv", "-o", "fixed.csv", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1 cell corrected, 1 row left for the officer")
            && run.stdout.contains("write them by hand"),
        "{}",
        run.stdout
    );
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    // The total is one cell and is corrected; the counterpart's parts are kept.
    assert!(fixed.contains("\nI,Y tế,1.500,1.200,200,50\n"), "{fixed}");
    assert_eq!(sum_errors(&work, "parts.csv"), ["sector-sum", "sector-sum"]);
    assert_eq!(sum_errors(&work, "fixed.csv"), ["row-sum", "sector-sum"]);
}

#[test]
fn a_sum_over_a_cell_that_is_not_a_number_is_kept_not_replaced() {
    // Project 1's aid typed with its unit: sector I's aid and the grand total's would be
    // "corrected" to sums that leave it out. They are kept; the cell is left to the officer.
    // Sector II's total, typed 5.280 for 5.820, is still put right.
    let csv = include_str!("../fixtures/two-sectors.csv")
        .replace(",1.200,1.000,200,", ",1.200,1.000 tr,200,")
        .replace(",5.820,5.400,420,", ",5.280,5.400,420,");
    let work = Workdir::new();
    work.write("catalogue.csv", &csv);
    let run = work.run(&["fix", "catalogue.csv", "-o", "fixed.csv", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1 cell corrected, 1 row left for the officer"),
        "{}",
        run.stdout
    );
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert!(
        fixed.contains("I,Lĩnh vực y tế,,,,5.025,4.300,725,"),
        "{fixed}"
    );
    assert!(
        fixed.contains("II,Lĩnh vực giáo dục,,,,5.820,5.400,420,"),
        "{fixed}"
    );
    assert!(
        fixed.contains(",Tổng cộng,,,,10.845,9.700,1.145,"),
        "{fixed}"
    );
    assert!(fixed.contains(",1.200,1.000 tr,200,"), "{fixed}");
}

/// A sum row's own cell that is not a number (a formula's `#REF!`) is replaced by the sum
/// and named as it was; it keeps no other sum as declared. Before, the grand total's
/// counterpart was kept (`#REF!`) because sector II's subtotal, which it does not add, had
/// one, and the change list said the cells "differ".
#[test]
fn a_sums_own_cell_that_is_not_a_number_is_replaced_and_named() {
    let csv = include_str!("../fixtures/two-sectors.csv")
        .replace(",5.820,5.400,420,", ",5.820,5.400,#VALUE!,")
        .replace(",10.845,9.700,1.145,", ",10.845,9.700,#REF!,");
    let work = Workdir::new();
    work.write("catalogue.csv", &csv);
    assert_eq!(sum_errors(&work, "catalogue.csv"), ["not-a-number"; 2]);
    let run = work.run(&["fix", "catalogue.csv", "-o", "fixed.csv", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said: Vec<&str> = run.stdout.lines().filter(|l| l.contains("│")).collect();
    assert!(
        said[1].contains("sector II") && said[1].contains("its cell `#VALUE!` is not a number"),
        "{}",
        run.stdout
    );
    assert!(
        said[2].contains("grand total") && said[2].contains("its cell `#REF!` is not a number"),
        "{}",
        run.stdout
    );
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert!(
        fixed.contains("II,Lĩnh vực giáo dục,,,,5.820,5.400,420,"),
        "{fixed}"
    );
    assert!(
        fixed.contains(",Tổng cộng,,,,10.845,9.700,1.145,"),
        "{fixed}"
    );
    assert_eq!(sum_errors(&work, "fixed.csv"), Vec::<String>::new());
}

/// A tidy file's sector total (`Health Total`, Excel's Subtotal row) whose cell is not a
/// number is a `not-a-number` error, as a published sector row's is, and `fix` writes
/// the sum in its place, without separators, as the file writes its amounts (`2300`
/// beside `3000`, not `2.300`). Before, the cell was passed over without a word, and the
/// sum in a copy with no separators was grouped. A part of its phasing that is a
/// formula's error value is a warning (`part-not-a-number`).
#[test]
fn a_tidy_sector_totals_cell_that_is_not_a_number_is_said_and_replaced_as_the_file_writes() {
    let work = Workdir::new();
    work.write(
        "tidy.csv",
        "sector,name,total,aid,counterpart,Năm 2024,Năm 2025\n\
         Health,Station A,1000,800,200,400,400\n\
         Health,Station B,2000,1500,500,#REF!,700\n\
         Health Total,,3000,abc,700,1200,1100\n",
    );
    let run = work.run(&["check", "--format", "json", "tidy.csv"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let findings = run.json()["files"][0]["findings"].clone();
    let found: Vec<(&str, &str, u64, u64)> = (findings.as_array().unwrap().iter())
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("part-not-a-number", "warning", 3, 6),
            ("not-a-number", "error", 4, 4)
        ]
    );
    assert_eq!(
        findings[0]["details"]["reason"]["formula-error"]["error"],
        "reference"
    );
    let run = work.run(&["fix", "tidy.csv", "-o", "fixed.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert_eq!(
        fixed.lines().nth(3),
        Some("Health Total,,3000,2300,700,1200,1100"),
        "{fixed}"
    );
    assert_eq!(sum_errors(&work, "fixed.csv"), Vec::<String>::new());
}

/// A group's row over its sectors is a declared sum too: put right like a sector's, its
/// formula over its sectors' rows.
#[test]
fn a_groups_row_is_put_right_like_a_sectors() {
    // The group's total and aid are both 100 over its sectors'.
    let csv = crate::harness::fixture_text("numbered-group.csv")
        .replace(",2.600,2.000,500", ",2.600,2.100,500");
    let work = Workdir::new();
    work.write("groups.csv", csv);
    assert_eq!(sum_errors(&work, "groups.csv"), ["group-sum", "group-sum"]);
    let run = work.run(&["fix", "groups.csv", "-o", "fixed.csv", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("2 cells corrected, 0 rows left for the officer"),
        "{}",
        run.stdout
    );
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert!(
        fixed.contains("2,Danh mục dự án ưu tiên vận động,,2.500,2.000,500\n"),
        "{fixed}"
    );
    assert_eq!(sum_errors(&work, "fixed.csv"), Vec::<String>::new());
    let run = work.run(&["fix", "groups.csv", "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sum_errors(&work, "fixed.xlsx"), Vec::<String>::new());
    if let Some(sheet) = work.libreoffice("fixed.xlsx", "fods", None) {
        assert!(
            sheet.contains("of:=SUM([.D4];[.D7])"),
            "the group's total sums its sectors' rows"
        );
    }
}

/// The CSV copy opens as its file did: its delimiter, line ends and byte-order mark kept;
/// a file in another encoding than UTF-8 (Windows-1258 here) comes back as UTF-8 with a
/// byte-order mark, which Excel reads as UTF-8 rather than in the system's code page.
/// Before, every copy was comma-separated UTF-8 with LF line ends and no mark: a
/// semicolon file opened in one column, a Windows-1258 one garbled.
#[test]
fn the_csv_copy_is_written_as_its_file_was() {
    let work = Workdir::new();
    // A title line and a blank line stay as they were: one cell, and none.
    let lines = [
        "DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ",
        "",
        "STT;Tên dự án;Tổng vốn;Vốn viện trợ;Vốn đối ứng",
        "I;Y tế;1.600;1.000;500",
        "1;Trạm y tế xã A, huyện B;1.000;600;400",
        "2;Xe cứu thương;500;400;100",
        ";Tổng cộng;1.600;1.000;500",
    ];
    let semicolon = format!("\u{FEFF}{}\r\n", lines.join("\r\n"));
    work.write("semicolon.csv", &semicolon)
        .fixture("clean-published-1258.csv")
        .fixture("rules-published.csv");
    let run = work.run(&["fix", "semicolon.csv", "-o", "fixed.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    let expected = semicolon
        .replace("I;Y tế;1.600", "I;Y tế;1.500")
        .replace(";Tổng cộng;1.600", ";Tổng cộng;1.500");
    assert_eq!(fixed, expected);
    assert!(sum_errors(&work, "fixed.csv").is_empty());

    let run = work.run(&["fix", "clean-published-1258.csv", "-o", "fixed-1258.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read(work.path().join("fixed-1258.csv")).unwrap();
    let text = std::str::from_utf8(&fixed).expect("UTF-8");
    assert!(text.starts_with('\u{FEFF}'), "{text}");
    let crlf = text.split_terminator('\n').all(|line| line.ends_with('\r'));
    assert!(crlf, "{text}");
    let summary = |file: &str| work.run(&["summary", "--format", "csv", file]).stdout;
    assert_eq!(
        summary("fixed-1258.csv"),
        summary("clean-published-1258.csv")
    );

    // A UTF-8 file with LF line ends and no mark stays so.
    let run = work.run(&["fix", "rules-published.csv", "-o", "fixed-lf.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(work.path().join("fixed-lf.csv")).unwrap();
    assert!(!fixed.starts_with('\u{FEFF}') && !fixed.contains('\r'));

    // `.tsv` asks for tabs; a tab-separated file's `.csv` copy has commas.
    let run = work.run(&["fix", "semicolon.csv", "-o", "fixed.tsv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(work.path().join("fixed.tsv")).unwrap();
    assert_eq!(fixed, expected.replace(';', "\t"));
    work.write("tabs.tsv", semicolon.replace(';', "\t"));
    let run = work.run(&["fix", "tabs.tsv", "-o", "from-tabs.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(work.path().join("from-tabs.csv")).unwrap();
    let commas = expected
        .replace(';', ",")
        .replace("Trạm y tế xã A, huyện B", "\"Trạm y tế xã A, huyện B\"");
    assert_eq!(fixed, commas);
}

/// A sheet a spreadsheet set to English misread (`1.200` stored as 1.2): a sum over a
/// misread figure is kept as the file has it, not "corrected" to a sum of misread
/// figures; the misread rows are listed with how they read; a sum the misreading leaves
/// alone (the counterparts, whose mistake is the source's) is corrected. The fixture is
/// LibreOffice's (tests/fixtures/make_english_locale_workbook.py).
#[test]
fn figures_a_spreadsheet_set_to_english_misread_are_not_summed_into_a_correction() {
    let work = Workdir::new();
    work.fixture("english-locale-misread.xlsx");
    let run = work.run(&["fix", "english-locale-misread.xlsx", "-o", "fixed.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let changes: Vec<&str> = run.stdout.lines().filter(|l| l.contains(" ┆ ")).collect();
    let changed = |line: &str, column: &str, from: &str, to: &str| {
        changes.iter().any(|l| {
            let cells: Vec<&str> = l.split('┆').map(|c| c.trim_matches([' ', '│'])).collect();
            cells[0] == line && cells[2] == column && cells[3] == from && cells[4] == to
        })
    };
    assert!(changed("4", "counterpart", "300", "350"), "{}", run.stdout);
    assert!(changed("9", "counterpart", "800", "850"), "{}", run.stdout);
    assert!(
        !changes
            .iter()
            .any(|l| l.contains("801,2") || l.contains("804,2")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("2 cells corrected, 3 rows left for the officer"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout
            .matches("with 1,2 and 1 read as 1.200 and 1.000")
            .count(),
        1,
        "{}",
        run.stdout
    );
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert!(fixed.contains("I,LĨNH VỰC Y TẾ,,,2,\"1,7\",350"), "{fixed}");
}

/// The corrected copy merges down the cells the file merges (one owner over a sector's
/// projects; an owner and a period over a project and its components), and hides the
/// rows it hides, so the officer sees it laid out as the table was, and it reads back
/// the same. Before, the merges were lost, and the copy showed the owner beside the first
/// project only, and the row hidden.
#[test]
fn the_corrected_workbook_is_laid_out_as_the_file() {
    use std::io::Read;
    let work = Workdir::new();
    work.fixture("catalogue-merged-down.xlsx");
    let run = work.run(&["fix", "catalogue-merged-down.xlsx", "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(work.path().join("fixed.xlsx")).unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    (book.by_name("xl/worksheets/sheet1.xml").unwrap())
        .read_to_string(&mut sheet)
        .unwrap();
    for merge in ["C5:C6", "C8:C10", "D8:D10"] {
        assert!(
            sheet.contains(&format!("<mergeCell ref=\"{merge}\"/>")),
            "{merge}: {sheet}"
        );
    }
    let listed = |file: &str| work.run(&["list", "--format", "csv", file]).stdout;
    assert_eq!(listed("fixed.xlsx"), listed("catalogue-merged-down.xlsx"));
    work.fixture("hidden-rows.xlsx");
    let run = work.run(&["fix", "hidden-rows.xlsx", "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = work.run(&["check", "--format", "json", "fixed.xlsx"]);
    assert_eq!(
        run.json()["files"][0]["readings"],
        serde_json::json!([{"reading": "hidden-rows", "line": 5}]),
        "{}",
        run.stdout
    );
}

/// A row whose figures add up read a cell to the right (a cell split by a separator not in
/// quotes, `extra-cells`) is left as it is and listed for the officer: a sum row's
/// figures written in its columns would overwrite its other cells, and a sum that takes
/// such a row would take figures read from the wrong cells. Before, `fix` wrote the grand
/// total's aid as 3.300 and its counterpart as 1.600, summing the split row as read.
#[test]
fn a_row_split_by_a_separator_not_in_quotes_is_left_to_the_officer() {
    let work = Workdir::new();
    let table = "STT,Tên dự án,Chủ đầu tư,Thời gian,Tổng vốn,Vốn viện trợ,Vốn đối ứng,Ghi chú\n\
                 I,Môi trường,,,\"1.500\",\"1.200\",\"300\",\n\
                 1,Xử lý rác thải, huyện Tam Đảo,UBND huyện,2021,\"1.000\",\"800\",\"200\",\n\
                 2,Trồng rừng,Sở NN,2022,\"500\",\"400\",\"100\",\n\
                 ,Tổng cộng,,,\"1.500\",\"1.200\",\"300\",\n";
    work.write("split.csv", table);
    let run = work.run(&["fix", "split.csv", "-o", "fixed.csv", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("0 cells corrected, 2 rows left for the officer")
            && run
                .stdout
                .contains("its figures add up read one cell to the right"),
        "{}",
        run.stdout
    );
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    let sums: Vec<&str> = fixed
        .lines()
        .filter(|line| line.starts_with(['I', ',']))
        .collect();
    assert_eq!(
        sums,
        [
            "I,Môi trường,,,1.500,1.200,300,",
            ",Tổng cộng,,,1.500,1.200,300,"
        ],
        "{fixed}"
    );
}

/// A workbook's copy keeps every sheet of the workbook, in its order and hidden as it
/// hides them: the cover, the notes with their numbers and formulas, an empty sheet, an
/// old copy kept hidden; the corrected catalogue keeps its own name, and the list of
/// changes comes after. A sheet that cannot be read as cells (a chart) is named. Before, the copy held the corrected sheet alone, named
/// `corrected`: an officer who saved it over the workbook lost the others.
#[test]
fn a_workbook_copy_keeps_the_other_sheets() {
    use std::io::Read;
    let work = Workdir::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    add_sheet(&mut book, "Bìa", "ỦY BAN NHÂN DÂN TỈNH KIỂM THỬ");
    // The grand total's counterpart is 50 over its projects': corrected.
    let table = "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
                 1,Trạm y tế xã,1000,800,200\n\
                 2,Trường mầm non,500,400,100\n\
                 ,Tổng cộng,1500,1200,350";
    add_sheet(&mut book, "Danh mục", table);
    book.add_worksheet().set_name("Sheet3").unwrap();
    let notes = book.add_worksheet().set_name("Ghi chú").unwrap();
    notes.write_string(0, 0, "Số liệu tạm tính").unwrap();
    notes.write_number(2, 1, 42.5).unwrap();
    notes
        .write_formula(
            2,
            2,
            rust_xlsxwriter::Formula::new("=B3*2").set_result("85"),
        )
        .unwrap();
    let old = book.add_worksheet().set_name("Bản cũ").unwrap();
    old.write_string(0, 0, "bản cũ").unwrap();
    old.set_hidden(true);
    let chart = book.add_chartsheet().set_name("Biểu đồ").unwrap();
    let mut bars = rust_xlsxwriter::Chart::new_bar();
    bars.add_series().set_values("='Danh mục'!$C$2:$C$3");
    chart.insert_chart(0, 0, &bars).unwrap();
    book.save(work.path().join("book.xlsx")).unwrap();
    let run = work.run(&["fix", "book.xlsx", "-o", "fixed.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // A chart sheet holds no cells to copy: it is named.
    let said = "book.xlsx: 1 cell corrected, 0 rows left for the officer; the sheet(s) `Biểu đồ` could not be read, and are not in the copy";
    assert!(run.stdout.contains(said), "{}", run.stdout);
    let bytes = std::fs::read(work.path().join("fixed.xlsx")).unwrap();
    let mut copy = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        (copy.by_name(name).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let workbook = part("xl/workbook.xml");
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|sheet| sheet.split('"').next().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Bìa", "Danh mục", "Sheet3", "Ghi chú", "Bản cũ", "Changes"]
    );
    assert!(
        workbook.contains("<sheet name=\"Bản cũ\" sheetId=\"5\" state=\"hidden\""),
        "{workbook}"
    );
    let notes = part("xl/worksheets/sheet4.xml");
    assert!(notes.contains("<f>B3*2</f><v>85</v>"), "{notes}");
    assert!(notes.contains("<v>42.5</v>"), "{notes}");
    let strings = part("xl/sharedStrings.xml");
    for text in [
        "ỦY BAN NHÂN DÂN TỈNH KIỂM THỬ",
        "Số liệu tạm tính",
        "bản cũ",
    ] {
        assert!(strings.contains(text), "{text}: {strings}");
    }
    // The copy's catalogue adds up; its other sheets hold none.
    let run = work.run(&["check", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("xlsx sheet Danh mục"), "{}", run.stdout);
}
