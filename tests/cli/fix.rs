//! Issue 12: `aidcat fix` hands back a corrected copy and says what it changed.

use crate::harness::{Workdir, add_sheet, parts, zipped};

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

/// LibreOffice computes the corrected figures of the copy: of the CSV file, of the
/// workbook LibreOffice wrote from it (whose copy is the workbook patched, its title
/// rows still merged), and of the OpenDocument workbook (its copy patched too).
#[test]
fn libreoffice_computes_the_corrected_figures() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    work.fixture("soc-trang-2020-2025.xlsx");
    work.fixture("soc-trang-2020-2025.ods");
    for input in [
        SOC_TRANG,
        "soc-trang-2020-2025.ods",
        "soc-trang-2020-2025.xlsx",
    ] {
        libreoffice_computes_the_corrected_figures_of(&work, input);
    }
    let copy = parts(&std::fs::read(work.path().join("fixed.xlsx")).unwrap());
    let sheet = String::from_utf8(copy["xl/worksheets/sheet1.xml"].clone()).unwrap();
    assert!(sheet.contains("<mergeCell ref=\"A1:J1\"/>"), "{sheet}");
}

fn libreoffice_computes_the_corrected_figures_of(work: &Workdir, input: &str) {
    // An `.ods` workbook's copy is an `.ods` workbook, the others' an `.xlsx` one.
    let copy = match input.ends_with(".ods") {
        true => "fixed.ods",
        false => "fixed.xlsx",
    };
    let run = work.run(&["fix", input, "-o", copy]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // LibreOffice trusts the results a workbook stores unless told to recalculate on
    // load: this profile tells it to (OOXMLRecalcMode and ODFRecalcMode 0, "always").
    let profile = work.path().join("lo-profile/user");
    std::fs::create_dir_all(&profile).unwrap();
    std::fs::write(
        profile.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let Some(rows) = work.libreoffice_rows(copy) else {
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
    // The list of changes' sheet declares the prefix of its link where the workbook
    // declares it on each sheet, not at its root, as openpyxl writes it: undeclared, the
    // copy is no XML, which Excel repairs and XML readers refuse.
    let mut workbook = String::new();
    (book.by_name("xl/workbook.xml").unwrap())
        .read_to_string(&mut workbook)
        .unwrap();
    let root = workbook
        .split('>')
        .find(|tag| tag.contains("<workbook "))
        .unwrap();
    let root_declares = root.contains("xmlns:r=");
    for sheet in workbook.split("<sheet ").skip(1) {
        let tag = sheet.split('>').next().unwrap();
        assert!(root_declares || tag.contains("xmlns:r="), "{tag}");
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

/// A workbook laid out and formatted as officers make them: a title merged over the
/// table, bold headings, widths, figures with a number format and borders, a cover, notes
/// with a formula, an old copy kept hidden, a chart. Its grand total's counterpart is 50
/// over its projects'.
fn formatted_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{Format, FormatBorder, Formula, Workbook};
    let mut book = Workbook::new();
    add_sheet(&mut book, "Bìa", "ỦY BAN NHÂN DÂN TỈNH KIỂM THỬ");
    let sheet = book.add_worksheet().set_name("Danh mục").unwrap();
    let bold = Format::new().set_bold();
    let figure = Format::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin);
    let total = figure.clone().set_bold();
    sheet
        .merge_range(0, 0, 0, 4, "DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ", &bold)
        .unwrap();
    for (column, heading) in [
        "STT",
        "Tên dự án",
        "Tổng vốn",
        "Vốn viện trợ",
        "Vốn đối ứng",
    ]
    .into_iter()
    .enumerate()
    {
        sheet
            .write_string_with_format(1, column as u16, heading, &bold)
            .unwrap();
    }
    let rows: [(&str, &str, [f64; 3]); 3] = [
        ("1", "Trạm y tế xã", [1000.0, 800.0, 200.0]),
        ("2", "Trường mầm non", [500.0, 400.0, 100.0]),
        ("", "Tổng cộng", [1500.0, 1200.0, 350.0]),
    ];
    for (at, (number, name, figures)) in rows.into_iter().enumerate() {
        let row = at as u32 + 2;
        sheet.write_string(row, 0, number).unwrap();
        sheet.write_string(row, 1, name).unwrap();
        let format = if number.is_empty() { &total } else { &figure };
        for (k, value) in figures.into_iter().enumerate() {
            sheet
                .write_number_with_format(row, k as u16 + 2, value, format)
                .unwrap();
        }
    }
    sheet.set_column_width(1, 40).unwrap();
    let notes = book.add_worksheet().set_name("Ghi chú").unwrap();
    notes.write_string(0, 0, "Số liệu tạm tính").unwrap();
    notes.write_number(2, 1, 42.5).unwrap();
    notes
        .write_formula(2, 2, Formula::new("=B3*2").set_result("85"))
        .unwrap();
    let old = book.add_worksheet().set_name("Bản cũ").unwrap();
    old.write_string(0, 0, "bản cũ").unwrap();
    old.set_hidden(true);
    let chart = book.add_chartsheet().set_name("Biểu đồ").unwrap();
    let mut bars = rust_xlsxwriter::Chart::new_bar();
    bars.add_series().set_values("='Danh mục'!$C$3:$C$4");
    chart.insert_chart(0, 0, &bars).unwrap();
    book.save_to_buffer().unwrap()
}

/// The `.xlsx` copy of an `.xlsx` workbook is the workbook with its corrected cells
/// written in: every other part byte for byte (the cover, the notes and their formula,
/// the hidden copy, the chart), the corrected sheet's every other cell, merge, width and
/// format as they were, the corrected cell keeping its style (number format, border,
/// bold) filled yellow, and the list of changes after the sheets. Before, the copy was
/// written anew from the cells read: the title's merge, the bold, the borders, the widths
/// and the number formats were lost, and the chart sheet was left out.
#[test]
fn a_workbooks_copy_is_the_workbook_with_its_corrected_cells_written_in() {
    let work = Workdir::new();
    let original = formatted_workbook();
    std::fs::write(work.path().join("book.xlsx"), &original).unwrap();
    let run = work.run(&["fix", "book.xlsx", "-o", "fixed.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let said = "book.xlsx: 1 cell corrected, 0 rows left for the officer\n";
    assert!(run.stdout.ends_with(said), "{}", run.stdout);
    let (before, after) = (
        parts(&original),
        parts(&std::fs::read(work.path().join("fixed.xlsx")).unwrap()),
    );
    let changed: Vec<&String> = (after.keys())
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    assert_eq!(
        changed,
        [
            "[Content_Types].xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet5.xml",
        ]
    );
    assert!(
        after
            .keys()
            .all(|name| before.contains_key(name) || name.ends_with("sheet5.xml"))
    );
    let text = |bytes: &Vec<u8>| String::from_utf8(bytes.clone()).unwrap();
    let (sheet_before, sheet) = (
        text(&before["xl/worksheets/sheet2.xml"]),
        text(&after["xl/worksheets/sheet2.xml"]),
    );
    // The grand total's counterpart, and only it, is written again.
    let cell = |xml: &str| {
        let start = xml.find("<c r=\"E5\"").unwrap();
        let end = start + xml[start..].find("</c>").unwrap() + 4;
        (
            xml[start..end].to_owned(),
            format!("{}{}", &xml[..start], &xml[end..]),
        )
    };
    let ((old_cell, rest_before), (new_cell, rest)) = (cell(&sheet_before), cell(&sheet));
    assert_eq!(rest, rest_before);
    assert!(
        new_cell.contains("<f>SUM(E3:E4)</f><v>300</v>"),
        "{new_cell}"
    );
    // Its style is the old one's, with the yellow fill.
    let style = |cell: &str| -> usize {
        let at = cell.find(" s=\"").unwrap() + 4;
        cell[at..].split('"').next().unwrap().parse().unwrap()
    };
    let styles = text(&after["xl/styles.xml"]);
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("<xf ")
        .skip(1)
        .collect();
    let attributes = |xf: &str| -> Vec<String> {
        let tag = xf.split('>').next().unwrap();
        let mut kept: Vec<String> = tag
            .split_whitespace()
            .filter(|a| !a.starts_with("fillId") && !a.starts_with("applyFill"))
            .map(|a| a.trim_end_matches('/').to_owned())
            .collect();
        kept.sort();
        kept
    };
    let (old_xf, new_xf) = (xfs[style(&old_cell)], xfs[style(&new_cell)]);
    assert_eq!(attributes(new_xf), attributes(old_xf));
    let fills = styles.split("<fill>").count() - 1;
    assert!(
        new_xf.contains(&format!("fillId=\"{}\"", fills - 1)),
        "{new_xf}"
    );
    assert!(styles.contains("<fgColor rgb=\"FFFFEB3B\"/>"), "{styles}");
    // The sheets in their order, hidden as they were, the changes last.
    let workbook = text(&after["xl/workbook.xml"]);
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|sheet| sheet.split('"').next().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Bìa", "Danh mục", "Ghi chú", "Bản cũ", "Biểu đồ", "Changes"]
    );
    assert!(workbook.contains("fullCalcOnLoad=\"1\"") || !workbook.contains("<calcPr"));
    let list = text(&after["xl/worksheets/sheet5.xml"]);
    assert!(
        list.contains(">5</v>") && list.contains(">350</v>") && list.contains(">300</v>"),
        "{list}"
    );
    // The copy's catalogue adds up, and LibreOffice opens it and computes the same.
    let run = work.run(&["check", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("xlsx sheet Danh mục"), "{}", run.stdout);
    if let Some(sheet) = work.libreoffice("fixed.xlsx", "fods", None) {
        assert!(
            sheet.contains("DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ"),
            "the title"
        );
        assert!(sheet.contains("of:=SUM([.E3:.E4])"), "the sum: {sheet}");
    }
}

/// A workbook that cannot be patched with certainty is copied from the cells read, the
/// summary says the formatting is not kept, and a sheet that holds no cells to copy (a
/// chart) is named: one whose corrected cell leads a shared formula (the cells after it
/// take theirs from it, and would lose it), and one whose styles swell past what is read
/// to be changed (32 MiB).
#[test]
fn a_workbook_that_cannot_be_patched_is_copied_from_its_cells_and_says_so() {
    let work = Workdir::new();
    let pieces = parts(&formatted_workbook());
    let sheet = String::from_utf8(pieces["xl/worksheets/sheet2.xml"].clone()).unwrap();
    let start = sheet.find("<c r=\"E5\"").unwrap();
    let end = start + sheet[start..].find("</c>").unwrap() + 4;
    let style = &sheet[start..end]
        .split(" s=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let shared = format!(
        "<c r=\"E5\" s=\"{style}\"><f t=\"shared\" ref=\"E5:F5\" si=\"0\">E3+E4+50</f><v>350</v></c>"
    );
    let shared_sheet = format!("{}{shared}{}", &sheet[..start], &sheet[end..]);
    let styles = String::from_utf8(pieces["xl/styles.xml"].clone()).unwrap();
    let swollen = styles.replace(
        "</styleSheet>",
        &format!("{}</styleSheet>", " ".repeat(33 << 20)),
    );
    for (name, part) in [
        ("xl/worksheets/sheet2.xml", shared_sheet),
        ("xl/styles.xml", swollen),
    ] {
        let mut changed = pieces.clone();
        changed.insert(name.to_owned(), part.into_bytes());
        std::fs::write(work.path().join("book.xlsx"), zipped(&changed)).unwrap();
        let run = work.run(&["fix", "book.xlsx", "-o", "fixed.xlsx", "--lang", "en"]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        let said = "book.xlsx: 1 cell corrected, 0 rows left for the officer; the sheet(s) `Biểu đồ` could not be read, and are not in the copy; the copy is written from the cells read, without the workbook's formatting\n";
        assert!(run.stdout.ends_with(said), "{name}: {}", run.stdout);
        let copy = parts(&std::fs::read(work.path().join("fixed.xlsx")).unwrap());
        let workbook = String::from_utf8(copy["xl/workbook.xml"].clone()).unwrap();
        assert!(
            workbook.contains("<sheet name=\"Bản cũ\" sheetId=\"4\" state=\"hidden\""),
            "{workbook}"
        );
        let run = work.run(&["check", "fixed.xlsx"]);
        assert_eq!(run.code, 0, "{}", run.stdout);
    }
}

/// A workbook whose figures are text (typed or pasted as `1.600`, as many officers' are) is
/// patched with text in the column's convention: a `SUM` over text cells would add none
/// of them, and a number among the text would read otherwise than its neighbours.
#[test]
fn a_workbook_of_figures_typed_as_text_is_corrected_in_text() {
    let work = Workdir::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let table = "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
                 I,Lĩnh vực y tế,1.600,1.200,300\n\
                 1,Trạm y tế xã A,1.000,800,200\n\
                 2,Trạm y tế xã B,500,400,100\n\
                 ,Tổng cộng,1.600,1.200,300";
    add_sheet(&mut book, "Phụ lục", table);
    book.save(work.path().join("book.xlsx")).unwrap();
    let run = work.run(&["fix", "book.xlsx", "-o", "fixed.xlsx", "--lang", "vi"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .ends_with("book.xlsx: đã sửa 2 ô, 0 dòng để cán bộ xem lại\n"),
        "{}",
        run.stdout
    );
    let copy = parts(&std::fs::read(work.path().join("fixed.xlsx")).unwrap());
    let sheet = String::from_utf8(copy["xl/worksheets/sheet1.xml"].clone()).unwrap();
    for place in ["C2", "C5"] {
        let cell = format!(
            "<c r=\"{place}\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">1.500</t></is></c>"
        );
        assert!(sheet.contains(&cell), "{place}: {sheet}");
    }
    let workbook = String::from_utf8(copy["xl/workbook.xml"].clone()).unwrap();
    assert!(workbook.contains("<sheet name=\"Thay đổi\""), "{workbook}");
    let run = work.run(&["check", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// The text of a Word document's body (`word/document.xml`).
fn document_text(file: &std::path::Path) -> String {
    String::from_utf8(parts(&std::fs::read(file).unwrap())["word/document.xml"].clone()).unwrap()
}

/// A `w:tc` element of `xml` that holds `text`, and `xml` without it.
fn cell_holding(xml: &str, text: &str) -> (String, String) {
    let at = xml
        .find(&format!(">{text}<"))
        .unwrap_or_else(|| panic!("{text}"));
    let start = xml[..at].rfind("<w:tc>").unwrap();
    let end = at + xml[at..].find("</w:tc>").unwrap() + "</w:tc>".len();
    (
        xml[start..end].to_owned(),
        format!("{}{}", &xml[..start], &xml[end..]),
    )
}

/// The Sóc Trăng appendix's figures that its corrected copy writes anew: sector II's
/// total and aid, the grand total's.
const APPENDIX_CORRECTED: [(&str, &str); 4] = [
    ("13.233", "12.873"),
    ("11.883", "11.523"),
    ("367.902", "367.542"),
    ("306.950", "306.590"),
];

/// A Word appendix's `.docx` copy is the document with its corrected cells written in:
/// every other part byte for byte, and in its text only the four cells put right (each
/// keeping its width, borders and paragraph style, shaded yellow) and the list of changes
/// after a page break at its end. It reads back clean, and LibreOffice's Writer opens it.
/// Before, a Word document's copy could only be a workbook or CSV of its table.
#[test]
fn a_word_documents_copy_is_the_document_with_its_corrected_cells_written_in() {
    let work = Workdir::new();
    work.fixture("soc-trang-appendix.docx");
    let run = work.run(&[
        "fix",
        "soc-trang-appendix.docx",
        "-o",
        "fixed.docx",
        "--lang",
        "vi",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .ends_with("soc-trang-appendix.docx: đã sửa 4 ô, 0 dòng để cán bộ xem lại\n"),
        "{}",
        run.stdout
    );
    let original = std::fs::read(work.path().join("soc-trang-appendix.docx")).unwrap();
    let copy = std::fs::read(work.path().join("fixed.docx")).unwrap();
    let (before, after) = (parts(&original), parts(&copy));
    let changed: Vec<&String> = (after.keys())
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    assert_eq!(changed, ["word/document.xml"]);
    assert_eq!(before.len(), after.len());
    let mut old = document_text(&work.path().join("soc-trang-appendix.docx"));
    let mut new = document_text(&work.path().join("fixed.docx"));
    // The list of changes: from its page break to the body's section properties.
    let list = new.find("<w:p><w:r><w:br w:type=\"page\"/>").unwrap();
    let list_end = new.rfind("<w:sectPr>").unwrap();
    assert!(new[list..list_end].contains("Thay đổi"), "{}", &new[list..]);
    new.replace_range(list..list_end, "");
    for (was, is) in APPENDIX_CORRECTED {
        let (old_cell, old_rest) = cell_holding(&old, was);
        let (new_cell, new_rest) = cell_holding(&new, is);
        assert!(
            new_cell.contains("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FFEB3B\"/>"),
            "{new_cell}"
        );
        assert_eq!(
            new_cell
                .replace(
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FFEB3B\"/>",
                    ""
                )
                .replace(
                    &format!(" xml:space=\"preserve\">{is}<"),
                    &format!(">{was}<")
                ),
            old_cell,
            "{was}"
        );
        (old, new) = (old_rest, new_rest);
    }
    assert_eq!(new, old);
    let run = work.run(&["check", "--format", "json", "fixed.docx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    if let Some(text) = work.libreoffice("fixed.docx", "txt:Text", None) {
        assert!(
            text.contains("12.873") && text.contains("Thay đổi"),
            "{text}"
        );
    }
}

/// A `.docx` copy is asked of a Word document whose cells to correct can be written where
/// they stand: a document whose corrected cell holds a table of its own, and a macro
/// document, are refused with what to write instead, and no copy is left.
#[test]
fn a_word_copy_is_refused_where_it_cannot_be_the_document_put_right() {
    let work = Workdir::new();
    work.fixture("soc-trang-appendix.docx");
    let appendix = std::fs::read(work.path().join("soc-trang-appendix.docx")).unwrap();
    let mut pieces = parts(&appendix);
    let text = String::from_utf8(pieces["word/document.xml"].clone()).unwrap();
    let at = text.find(">13.233<").unwrap();
    let end = at + text[at..].find("</w:p>").unwrap() + "</w:p>".len();
    let inner = "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"100\"/></w:tblGrid><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>";
    let text = format!("{}{inner}{}", &text[..end], &text[end..]);
    pieces.insert("word/document.xml".into(), text.into_bytes());
    std::fs::write(work.path().join("nested.docx"), zipped(&pieces)).unwrap();
    let run = work.run(&["check", "nested.docx"]);
    assert!(
        run.stdout.contains("declared total 13.233"),
        "{}",
        run.stdout
    );
    let run = work.run(&["fix", "nested.docx", "-o", "fixed.docx", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("cannot be put right in place"),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("fixed.docx").exists());
    // A macro document (`.docm`) is read as its text is, but a copy under `.docx` would
    // not open in Word.
    let mut macro_document = parts(&appendix);
    let types = String::from_utf8(macro_document["[Content_Types].xml"].clone()).unwrap();
    let main = "wordprocessingml.document.main+xml";
    assert!(types.contains(main), "{types}");
    let types = types.replace(main, "ms-word.document.macroEnabled.main+xml");
    macro_document.insert("[Content_Types].xml".into(), types.into_bytes());
    std::fs::write(work.path().join("macro.docx"), zipped(&macro_document)).unwrap();
    let run = work.run(&["fix", "macro.docx", "-o", "fixed.docx", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("a macro document or a template"),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("fixed.docx").exists());
}

/// A workbook or Word document whose XML parts begin with a byte-order mark (some
/// programs write one) is patched as any other: the mark is passed over, not counted
/// into the places of its cells. Before, such a document's copy was refused and such a
/// workbook's written from its cells.
#[test]
fn parts_written_with_a_byte_order_mark_are_patched_too() {
    let work = Workdir::new();
    for fixture in ["soc-trang-2020-2025.xlsx", "soc-trang-appendix.docx"] {
        work.fixture(fixture);
        let marked: std::collections::BTreeMap<String, Vec<u8>> =
            parts(&std::fs::read(work.path().join(fixture)).unwrap())
                .into_iter()
                .map(
                    |(name, bytes)| match name.ends_with(".xml") || name.ends_with(".rels") {
                        true => (name, [&b"\xEF\xBB\xBF"[..], &bytes].concat()),
                        false => (name, bytes),
                    },
                )
                .collect();
        let extension = fixture.rsplit('.').next().unwrap();
        let (input, copy) = (format!("marked.{extension}"), format!("fixed.{extension}"));
        std::fs::write(work.path().join(&input), zipped(&marked)).unwrap();
        let run = work.run(&["fix", &input, "-o", &copy, "--lang", "en"]);
        assert_eq!(run.code, 0, "{fixture}: {}{}", run.stdout, run.stderr);
        let said = format!("{input}: 4 cells corrected, 0 rows left for the officer\n");
        assert!(run.stdout.ends_with(&said), "{fixture}: {}", run.stdout);
        let run = work.run(&["check", &copy]);
        assert_eq!(run.code, 0, "{fixture}: {}", run.stdout);
    }
}

/// A workbook saved as Excel's "Strict Open XML Spreadsheet" names its parts' links and
/// its sheets' elements under `http://purl.oclc.org/ooxml/`: the list of changes is
/// linked and written in those (before, in Transitional's, which Excel does not take
/// within a Strict workbook), and the corrected cells are written in as in any other.
#[test]
fn a_strict_workbooks_copy_is_written_in_its_own_namespaces() {
    let work = Workdir::new();
    work.fixture("soc-trang-2020-2025.xlsx");
    let transitional = [
        (
            "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
        (
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "http://purl.oclc.org/ooxml/officeDocument/relationships",
        ),
    ];
    let strict: std::collections::BTreeMap<String, Vec<u8>> =
        parts(&std::fs::read(work.path().join("soc-trang-2020-2025.xlsx")).unwrap())
            .into_iter()
            .map(|(name, bytes)| match String::from_utf8(bytes) {
                Ok(mut text) => {
                    for (from, to) in transitional {
                        text = text.replace(from, to);
                    }
                    (name, text.into_bytes())
                }
                Err(binary) => (name, binary.into_bytes()),
            })
            .collect();
    std::fs::write(work.path().join("strict.xlsx"), zipped(&strict)).unwrap();
    let run = work.run(&["fix", "strict.xlsx", "-o", "fixed.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let said = "strict.xlsx: 4 cells corrected, 0 rows left for the officer\n";
    assert!(run.stdout.ends_with(said), "{}", run.stdout);
    let fixed = parts(&std::fs::read(work.path().join("fixed.xlsx")).unwrap());
    let links = String::from_utf8(fixed["xl/_rels/workbook.xml.rels"].clone()).unwrap();
    assert!(
        !links.contains("schemas.openxmlformats.org/officeDocument"),
        "{links}"
    );
    let list = String::from_utf8(fixed["xl/worksheets/sheet2.xml"].clone()).unwrap();
    assert!(
        list.contains(r#"<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main">"#),
        "{list}"
    );
    let run = work.run(&["check", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// A small OpenDocument workbook (as LibreOffice lays one out: equal neighbours as one
/// cell repeated, a column's default style) whose sector I declares aid 100 and
/// counterpart 0 over projects of aid 90 and counterpart 10; its total and aid are one
/// cell repeated twice. `sector` is put in place of that row's cells.
fn small_spreadsheet(sector: &str) -> Vec<u8> {
    let cell = |value: &str| match value.parse::<f64>() {
        Ok(_) => format!(
            r#"<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>"#
        ),
        Err(_) => format!(
            r#"<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>"#
        ),
    };
    let row = |cells: &[&str]| {
        let cells: String = cells.iter().map(|c| cell(c)).collect();
        format!("<table:table-row>{cells}</table:table-row>")
    };
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3"><office:automatic-styles><style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:border="0.5pt solid {black}"/><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Danh mục"><table:table-column table:number-columns-repeated="2"/><table:table-column table:number-columns-repeated="3" table:default-cell-style-name="ce1"/>{}{}{}{}{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        row(&[
            "STT",
            "Tên dự án",
            "Tổng vốn",
            "Vốn viện trợ",
            "Vốn đối ứng"
        ]),
        sector,
        row(&["1", "Dự án A", "60", "60", "0"]),
        row(&["2", "Dự án B", "40", "30", "10"]),
        row(&["", "Tổng cộng", "100", "90", "10"]),
        black = "#000000",
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zipped(&std::collections::BTreeMap::from([
        (
            "mimetype".to_owned(),
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("content.xml".to_owned(), content.into_bytes()),
        (
            "META-INF/manifest.xml".to_owned(),
            manifest.as_bytes().to_vec(),
        ),
    ]))
}

/// The `.ods` copy of an OpenDocument workbook is the workbook with its corrected cells
/// written in: every other part byte for byte, and in `content.xml` only the row of the
/// corrected cells and the list of changes. A corrected cell that stood in a run of
/// equal cells is taken out of it (its neighbour kept), and is written in its column's
/// style (bold, bordered) filled yellow; the corrected sums are formulas. Before, an
/// `.ods` copy was refused as a format aidcat does not write.
#[test]
fn an_opendocument_workbooks_copy_is_the_workbook_with_its_corrected_cells_written_in() {
    let work = Workdir::new();
    let sector = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>I</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nông nghiệp</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="100"><text:p>100</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="0"><text:p>0</text:p></table:table-cell></table:table-row>"#;
    let original = small_spreadsheet(sector);
    std::fs::write(work.path().join("book.ods"), &original).unwrap();
    let run = work.run(&["check", "book.ods", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = work.run(&["fix", "book.ods", "-o", "fixed.ods", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let said = "book.ods: 2 cells corrected, 0 rows left for the officer\n";
    assert!(run.stdout.ends_with(said), "{}", run.stdout);
    let (before, after) = (
        parts(&original),
        parts(&std::fs::read(work.path().join("fixed.ods")).unwrap()),
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        if name != "content.xml" {
            assert_eq!(&after[name], bytes, "{name}");
        }
    }
    let content = String::from_utf8(after["content.xml"].clone()).unwrap();
    let kept = r#"<table:table-cell table:number-columns-repeated="1" office:value-type="float" office:value="100"><text:p>100</text:p></table:table-cell>"#;
    let aid = r#"<table:table-cell table:style-name="aidcat-changed-1" table:formula="of:=SUM([.D3:.D4])" office:value-type="float" office:value="90"><text:p>90</text:p></table:table-cell>"#;
    let counterpart = r#"<table:table-cell table:style-name="aidcat-changed-1" table:formula="of:=SUM([.E3:.E4])" office:value-type="float" office:value="10"><text:p>10</text:p></table:table-cell>"#;
    assert!(
        content.contains(&format!("{kept}{aid}{counterpart}</table:table-row>")),
        "{content}"
    );
    // The column's style (bold, bordered), copied with the fill.
    let filled = r##"<style:style style:name="aidcat-changed-1" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:background-color="#ffeb3b"/><style:text-properties fo:font-weight="bold"/></style:style>"##;
    assert!(content.contains(filled), "{content}");
    // The styles added (the filled one, the list's columns, sized to their text) follow
    // the original's.
    let added = content.find(filled).unwrap()..content.find("</office:automatic-styles>").unwrap();
    let width = r#"<style:table-column-properties style:column-width="2.2in"/>"#;
    assert!(content[added.clone()].contains(width), "{content}");
    // Only those, the sector's row and the list of changes differ from the original.
    let original_content = String::from_utf8(before["content.xml"].clone()).unwrap();
    let unchanged = format!("{}{}", &content[..added.start], &content[added.end..])
        .replace(&format!("{kept}{aid}{counterpart}"), "");
    let list_at = unchanged
        .find(r#"<table:table table:name="Changes">"#)
        .unwrap();
    let list_end =
        unchanged[list_at..].find("</table:table>").unwrap() + list_at + "</table:table>".len();
    let unchanged = format!("{}{}", &unchanged[..list_at], &unchanged[list_end..]);
    let sector_cells = &sector[sector.find("<table:table-cell table:number").unwrap()
        ..sector.find("</table:table-row>").unwrap()];
    assert_eq!(unchanged, original_content.replace(sector_cells, ""));
    let run = work.run(&["check", "fixed.ods"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    if let Some(rows) = work.libreoffice_rows("fixed.ods") {
        assert_eq!(rows[1][2..5], ["100", "90", "10"], "{rows:?}");
    }
}

/// An `.ods` copy is refused, with what to write instead and nothing written, of a
/// workbook whose corrected cell is merged with others; its `.xlsx` copy is written.
#[test]
fn an_opendocument_copy_is_refused_where_it_cannot_be_the_workbook_put_right() {
    let work = Workdir::new();
    let merged = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>I</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nông nghiệp</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="100"><text:p>100</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="100" table:number-columns-spanned="2"><text:p>100</text:p></table:table-cell><table:covered-table-cell/></table:table-row>"#;
    std::fs::write(work.path().join("merged.ods"), small_spreadsheet(merged)).unwrap();
    let run = work.run(&["fix", "merged.ods", "-o", "fixed.ods", "--lang", "vi"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("không sửa được ngay trong bảng tính"),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("fixed.ods").exists());
    let run = work.run(&["fix", "merged.ods", "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// The `content.xml` of an OpenDocument file.
fn opendocument_content(file: &std::path::Path) -> String {
    String::from_utf8(parts(&std::fs::read(file).unwrap())["content.xml"].clone()).unwrap()
}

/// An OpenDocument appendix's `.odt` copy (Writer's) is the document with its corrected
/// cells written in: every other part byte for byte, and in its content only the four
/// cells put right (each in its paragraph style, its cell style copied with the yellow
/// fill), the styles they need, and the list of changes on a page of its own at the end.
/// It reads back clean, and Writer opens it. Before, an `.odt` copy was refused as a
/// format aidcat does not write.
#[test]
fn an_opendocument_texts_copy_is_the_document_with_its_corrected_cells_written_in() {
    let work = Workdir::new();
    work.fixture("soc-trang-appendix.odt");
    let run = work.run(&[
        "fix",
        "soc-trang-appendix.odt",
        "-o",
        "fixed.odt",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let said = "soc-trang-appendix.odt: 4 cells corrected, 0 rows left for the officer\n";
    assert!(run.stdout.ends_with(said), "{}", run.stdout);
    let original = work.path().join("soc-trang-appendix.odt");
    let (before, after) = (
        parts(&std::fs::read(&original).unwrap()),
        parts(&std::fs::read(work.path().join("fixed.odt")).unwrap()),
    );
    let changed: Vec<&String> = (after.keys())
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    assert_eq!(changed, ["content.xml"]);
    assert_eq!(before.len(), after.len());
    let mut old = opendocument_content(&original);
    let mut new = opendocument_content(&work.path().join("fixed.odt"));
    // The styles added, then the list of changes, taken out.
    let styles = new
        .find(r#"<style:style style:name="aidcat-changed-1""#)
        .unwrap();
    let styles_end = new.find("</office:automatic-styles>").unwrap();
    let added = new[styles..styles_end].to_owned();
    assert!(
        added.contains(r##"fo:background-color="#ffeb3b""##),
        "{added}"
    );
    assert!(added.contains(r#"fo:break-before="page""#), "{added}");
    let list = new
        .find(r#"<text:p text:style-name="aidcat-list-title-1">"#)
        .unwrap();
    let list_end = new.find("</office:text>").unwrap();
    assert!(
        new[list..list_end].contains(">Changes<"),
        "{}",
        &new[list..]
    );
    new.replace_range(list..list_end, "");
    new.replace_range(styles..styles_end, "");
    let cell_holding = |xml: &str, text: &str| {
        let at = xml
            .find(&format!(">{text}<"))
            .unwrap_or_else(|| panic!("{text}"));
        let start = xml[..at].rfind("<table:table-cell ").unwrap();
        let end = at + xml[at..].find("</table:table-cell>").unwrap() + "</table:table-cell>".len();
        (
            xml[start..end].to_owned(),
            format!("{}{}", &xml[..start], &xml[end..]),
        )
    };
    for (was, is) in APPENDIX_CORRECTED {
        let (old_cell, old_rest) = cell_holding(&old, was);
        let (new_cell, new_rest) = cell_holding(&new, is);
        assert!(
            new_cell.contains(r#"table:style-name="aidcat-changed-"#),
            "{new_cell}"
        );
        let paragraph = |cell: &str| cell[cell.find("<text:p").unwrap()..].replace(is, was);
        assert_eq!(paragraph(&new_cell), paragraph(&old_cell), "{was}");
        (old, new) = (old_rest, new_rest);
    }
    assert_eq!(new, old);
    let run = work.run(&["check", "fixed.odt"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    if let Some(text) = work.libreoffice("fixed.odt", "txt:Text", None) {
        assert!(
            text.contains("12.873") && text.contains("Changes"),
            "{text}"
        );
    }
}

/// An `.odt` copy is asked of an OpenDocument text whose cells to correct hold their text
/// alone: a document whose corrected cell holds a frame (a picture beside the figure) is
/// refused with what to write instead, and no copy is left; its `.xlsx` copy is written.
#[test]
fn an_opendocument_text_copy_is_refused_where_it_cannot_be_the_document_put_right() {
    let work = Workdir::new();
    work.fixture("soc-trang-appendix.odt");
    let mut pieces = parts(&std::fs::read(work.path().join("soc-trang-appendix.odt")).unwrap());
    let content = String::from_utf8(pieces["content.xml"].clone()).unwrap();
    let frame =
        r#"<draw:frame draw:name="Ảnh"><draw:image xlink:href="Pictures/a.png"/></draw:frame>"#;
    let content = content.replacen(">13.233<", &format!(">13.233{frame}<"), 1);
    pieces.insert("content.xml".into(), content.into_bytes());
    std::fs::write(work.path().join("framed.odt"), zipped(&pieces)).unwrap();
    let run = work.run(&["check", "framed.odt"]);
    assert!(
        run.stdout.contains("declared total 13.233"),
        "{}",
        run.stdout
    );
    let run = work.run(&["fix", "framed.odt", "-o", "fixed.odt", "--lang", "vi"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("không sửa được ngay trong văn bản"),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("fixed.odt").exists());
    let run = work.run(&["fix", "framed.odt", "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// A copy in a document's or workbook's own format (`.docx`, `.odt`, `.ods`) is the file
/// itself put right: of a catalogue in CSV it is refused with what to write instead, and
/// nothing is written.
#[test]
fn a_copy_in_a_documents_own_format_is_refused_of_another_file() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    for (copy, said) in [
        ("fixed.docx", "this file is not a .docx document"),
        ("fixed.odt", "this file is not an .odt document"),
        ("fixed.ods", "this file is not an .ods workbook"),
    ] {
        let run = work.run(&["fix", SOC_TRANG, "-o", copy, "--lang", "en"]);
        assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
        let said = format!("{said}; write the copy as .xlsx or .csv");
        assert!(run.stderr.contains(&said), "{}", run.stderr);
        assert!(!work.path().join(copy).exists(), "{copy}");
    }
}
