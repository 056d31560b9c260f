//! Workbooks in and out, and shell habits: completions, man page, stdin/stdout, colour.

use crate::harness::{Run, Workdir, add_sheet, fixture_text, parts};
use serde_json::Value;

const SOC_TRANG: &str = "soc-trang-2020-2025.csv";
const XLSX: &str = "soc-trang-2020-2025.xlsx";
const ODS: &str = "soc-trang-2020-2025.ods";
const XLS: &str = "soc-trang-2020-2025.xls";
/// LibreOffice's Excel 2003 XML (SpreadsheetML) of the same sheet.
const XML: &str = "soc-trang-2020-2025.xml";

fn work() -> Workdir {
    let work = Workdir::new();
    work.data(SOC_TRANG)
        .data("soc-trang-plan-2020-2025.csv")
        .fixture(XLSX)
        .fixture(ODS)
        .fixture(XLS)
        .fixture(XML)
        .fixture("formula-subtotal.xlsx")
        .fixture("formula-subtotal.ods")
        .fixture("formula-subtotal.xml");
    work
}

/// (line, column, rule, declared, computed) of each finding.
fn findings(run: &Run) -> Vec<(Value, Value, Value, Value, Value)> {
    run.json()["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].clone(),
                f["column"].clone(),
                f["rule"].clone(),
                f["declared"].clone(),
                f["computed"].clone(),
            )
        })
        .collect()
}

#[test]
fn check_gives_the_same_findings_for_csv_xlsx_xls_ods_and_excel_2003_xml() {
    let work = work();
    let csv = work.run(&["check", "--format", "json", SOC_TRANG]);
    for book in [XLSX, XLS, ODS, XML] {
        let run = work.run(&["check", "--format", "json", book]);
        assert_eq!(run.code, csv.code, "{book}");
        assert_eq!(findings(&run), findings(&csv), "{book}");
        assert_eq!(run.json()["files"][0]["sheet"], "Sheet1");
    }
}

#[test]
fn workbook_findings_are_located_by_cell() {
    let work = work();
    let run = work.run(&["check", XLSX]);
    assert!(
        run.stdout
            .contains("soc-trang-2020-2025.xlsx:Sheet1!G22: error[sector-sum]"),
        "{}",
        run.stdout
    );
    let json = work.run(&["check", "--format", "json", XLSX]).json();
    assert_eq!(json["files"][0]["findings"][1]["cell"], "Sheet1!G22");
}

#[test]
fn summary_is_identical_for_csv_and_xlsx() {
    let work = work();
    let csv = work.run(&["summary", "--format", "csv", SOC_TRANG]);
    let xlsx = work.run(&["summary", "--format", "csv", XLSX]);
    assert_eq!(csv.stdout, xlsx.stdout);
    assert!(!csv.stdout.is_empty());
}

/// The formula is shown as Excel shows it, and the rows its range adds are read, in
/// every format: LibreOffice stores `of:=SUM([.G4:.G4])` in an .ods and in Excel 2003 XML.
/// A workbook written by a program that computes no formulas (openpyxl, as web systems
/// export; `tests/fixtures/make_python_workbooks.py`) holds formulas without values: each is
/// named, with what to do, not read as an empty cell.
#[test]
fn formulas_saved_without_their_values_are_named() {
    let work = Workdir::new();
    work.fixture("formulas-not-computed.xlsx");
    let run = work.run(&["check", "--format", "json", "formulas-not-computed.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let cells: Vec<(u64, u64, &str)> = (json["files"][0]["findings"].as_array().unwrap())
        .iter()
        .map(|f| {
            assert_eq!(f["rule"], "not-a-number", "{f}");
            assert_eq!(f["details"]["reason"], "formula-without-value", "{f}");
            let text = f["details"]["text"].as_str().unwrap();
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                text,
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            (4, 4, "=SUM(D5:D6)"),
            (4, 5, "=SUM(E5:E6)"),
            (4, 6, "=SUM(F5:F6)"),
            (5, 6, "=D5-E5"),
            (7, 4, "=D4"),
            (7, 5, "=E4"),
            (7, 6, "=F4"),
        ]
    );
    let run = work.run(&["check", "formulas-not-computed.xlsx"]);
    assert!(
        run.stdout.contains(
            "'Danh mục'!F5: error[not-a-number]: `=D5-E5` in column `Vốn đối ứng` is a formula \
             whose value the file does not hold (the program that wrote the file did not compute \
             it): open the file in Excel or LibreOffice, save it, and check it again\n"
        ),
        "{}",
        run.stdout
    );
}

/// XlsxWriter saves every formula with the value 0: a subtotal whose `SUM` adds its
/// sector's own rows cannot be 0 where they add up to more, and is said not computed,
/// with no other hint.
#[test]
fn formulas_saved_as_zero_are_said_not_computed() {
    let work = Workdir::new();
    work.fixture("formulas-saved-as-zero.xlsx");
    let run = work.run(&["check", "--format", "json", "formulas-saved-as-zero.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let sector_sums: Vec<&Value> = (json["files"][0]["findings"].as_array().unwrap())
        .iter()
        .filter(|f| f["rule"] == "sector-sum")
        .collect();
    assert_eq!(sector_sums.len(), 3, "{json}");
    for finding in sector_sums {
        let hints = finding["hints"].as_array().unwrap();
        assert_eq!(hints.len(), 1, "{finding}");
        assert_eq!(hints[0]["hint"], "formula-not-computed", "{finding}");
    }
    let run = work.run(&["check", "--lang", "vi", "formulas-saved-as-zero.xlsx"]);
    assert!(
        run.stdout
            .contains("tệp lưu giá trị 0: chương trình tạo ra tệp đã lưu công thức mà không tính"),
        "{}",
        run.stdout
    );
    // A sum of the right rows, computed, is no such case: the fixture's sums are right.
    let work = self::work();
    let run = work.run(&["check", "--format", "json", "formula-subtotal.xlsx"]);
    assert!(
        !run.stdout.contains("formula-not-computed"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_formula_that_disagrees_is_named_in_the_finding() {
    let work = work();
    for book in [
        "formula-subtotal.xlsx",
        "formula-subtotal.ods",
        "formula-subtotal.xml",
    ] {
        let run = work.run(&["check", book]);
        assert_eq!(run.code, 1);
        assert!(
            run.stdout.contains(&format!(
                "{book}:'Danh mục'!G3: error[sector-sum]: sector I `Lĩnh vực y tế`: declared total 500 (the cell's formula =SUM(G4:G4))"
            )),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(
                "hint: the formula's range leaves out rows of this sector's projects: lines 5"
            ),
            "{book}: {}",
            run.stdout
        );
        // A number stored as 2016.5 is read as exactly 2016.5.
        assert!(
            run.stdout.contains("is 2.516,5; off by -2.016,5"),
            "{}",
            run.stdout
        );
    }
}

/// Formulas whose references are at fault, as LibreOffice saves them: a sector's
/// `SUBTOTAL(9; …)` that misses its last project is read as a `SUM` range (which rows it
/// leaves out), and the grand total's aid formula `=G3`, which takes the total column's
/// subtotal, is said to add the total column. A computed figure (a sum's, or a row's
/// whose figures are all formulas) is not said to have a mistyped digit. Before, neither formula was read for what it adds, and both sums got a
/// "mistyped digit" hint.
#[test]
fn a_formula_over_the_wrong_rows_or_column_is_said_so() {
    let work = Workdir::new();
    for book in ["formula-references.xlsx", "formula-references.ods"] {
        work.fixture(book);
        let run = work.run(&["check", "--format", "json", book]);
        assert_eq!(run.code, 1, "{book}: {}", run.stderr);
        let json = run.json();
        let sums: Vec<(&str, &str, Vec<&str>)> = (json["files"][0]["findings"].as_array().unwrap())
            .iter()
            .filter(|f| f["rule"] != "row-sum")
            .map(|f| {
                let hints = f["hints"].as_array().into_iter().flatten();
                (
                    f["rule"].as_str().unwrap(),
                    f["details"]["column"].as_str().unwrap(),
                    hints.map(|h| h["hint"].as_str().unwrap()).collect(),
                )
            })
            .collect();
        assert_eq!(
            sums,
            [
                ("sector-sum", "total", vec!["one-row", "range-leaves-out"]),
                ("grand-total", "total", vec![]),
                ("grand-total", "aid", vec!["formula-other-column"]),
                ("grand-total-subtotals", "aid", vec!["formula-other-column"]),
            ],
            "{book}: {json}"
        );
        // Nor is the sector row's own total, which does not add up, said to be mistyped:
        // its three figures are formulas.
        assert!(!run.stdout.contains("mistyped-digit"), "{book}: {json}");
        let text = work.run(&["check", book]).stdout;
        assert!(
            text.contains("hint: the formula adds cells of the total column, not of this one"),
            "{book}: {text}"
        );
        let vi = work.run(&["check", "--lang", "vi", book]).stdout;
        assert!(
            vi.contains("công thức cộng các ô của cột tổng vốn, không phải của cột này"),
            "{book}: {vi}"
        );
    }
}

/// A web system's "Excel" export in Excel 2003 XML under an `.xls` name, as Excel writes
/// it: a cover sheet first, rows and cells placed by `ss:Index`, a title merged across,
/// a project's name in rich text, a comment on a cell, and formulas in R1C1 notation.
#[test]
fn an_excel_2003_xml_export_named_xls_is_read_as_a_workbook() {
    let work = Workdir::new();
    work.fixture("excel-2003-export.xls");
    let run = work.run(&["check", "--format", "json", "excel-2003-export.xls"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let file = &run.json()["files"][0];
    assert_eq!(file["sheet"], "Danh mục");
    assert_eq!(file["unit"], "Triệu đồng");
    let sector_sums: Vec<(Value, Value, Value)> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "sector-sum")
        .map(|f| {
            (
                f["cell"].clone(),
                f["details"]["formula"].clone(),
                f["computed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        sector_sums,
        [
            ("'Danh mục'!F5".into(), "=SUM(F6:F7)".into(), "600".into()),
            ("'Danh mục'!G5".into(), "=SUM(G6:G7)".into(), "430".into()),
            ("'Danh mục'!H5".into(), "=SUM(H6:H7)".into(), "170".into()),
        ]
    );
    let text = work.run(&["check", "excel-2003-export.xls"]).stdout;
    assert!(
        text.contains("the formula's range leaves out rows of this sector's projects: lines 8"),
        "{text}"
    );
    let list = work.run(&["list", "--format", "csv", "excel-2003-export.xls"]);
    assert!(
        list.stdout.contains("Trạm y tế xã An Ninh"),
        "{}",
        list.stdout
    );
    assert!(!list.stdout.contains("Kiểm tra lại"), "{}", list.stdout);
}

#[test]
fn sheet_option_picks_a_sheet_and_names_the_sheets_when_wrong() {
    let work = work();
    assert_eq!(work.run(&["check", "--sheet", "Sheet1", XLSX]).code, 1);
    let run = work.run(&["check", "--sheet", "Tổng hợp", XLSX]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "--sheet Tổng hợp: soc-trang-2020-2025.xlsx has no such sheet; its sheets are `Sheet1`"
        ),
        "{}",
        run.stderr
    );
}

/// A workbook as officers keep one: a cover sheet first, then the catalogue, then the
/// implementation plan. Without `--sheet`, each command reads the first sheet holding its
/// table's header, and the file line names it.
#[test]
fn without_sheet_the_first_sheet_holding_the_table_is_read() {
    let work = work();
    let mut book = rust_xlsxwriter::Workbook::new();
    add_sheet(
        &mut book,
        "Bìa",
        "ỦY BAN NHÂN DÂN TỈNH KIỂM THỬ\nChương trình vận động viện trợ PCPNN",
    );
    add_sheet(
        &mut book,
        "Danh mục",
        include_str!("../fixtures/two-sectors.csv"),
    );
    add_sheet(
        &mut book,
        "Kế hoạch",
        "TT,NỘI DUNG,THỜI GIAN,ĐƠN VỊ CHỦ TRÌ,ĐƠN VỊ PHỐI HỢP\n1,Tuyên truyền,Hàng năm,Sở Ngoại vụ,Các sở",
    );
    book.save(work.path().join("book.xlsx")).unwrap();
    work.fixture("two-sectors.csv");

    let run = work.run(&["check", "book.xlsx"]);
    assert!(
        run.stdout
            .contains("book.xlsx: published layout; xlsx sheet Danh mục;"),
        "{}",
        run.stdout
    );
    let counts = |file: &str| {
        work.run(&["check", "--format", "json", file]).json()["files"][0]["counts"].clone()
    };
    assert_eq!(counts("book.xlsx"), counts("two-sectors.csv"));
    let plan = work.run(&["plan", "--format", "csv", "book.xlsx"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(plan.stdout.contains("Tuyên truyền"), "{}", plan.stdout);
    // Named, a sheet is read even where it holds no catalogue: the error says so.
    let cover = work.run(&["check", "--sheet", "Bìa", "book.xlsx"]);
    assert_eq!(cover.code, 2);
    assert!(
        cover.stderr.contains("no header row found"),
        "{}",
        cover.stderr
    );
    // No other sheet holds a catalogue: nothing is said of them.
    let json = work.run(&["check", "--format", "json", "book.xlsx"]).json();
    assert_eq!(json["files"][0]["readings"], Value::Null, "{json}");
}

/// A hidden sheet holding the table (an old copy kept aside) comes after the sheets the
/// officer sees: the visible catalogue is read, and the hidden one named as not read.
#[test]
fn a_hidden_sheet_is_read_after_the_visible_ones() {
    let work = work();
    let mut book = rust_xlsxwriter::Workbook::new();
    let table = include_str!("../fixtures/two-sectors.csv");
    add_sheet(
        &mut book,
        "Bản cũ",
        &table.replace("1.200,1.000", "1.300,1.100"),
    );
    add_sheet(&mut book, "Danh mục", table);
    book.worksheet_from_index(1).unwrap().set_active(true);
    book.worksheet_from_index(0).unwrap().set_hidden(true);
    book.save(work.path().join("book.xlsx")).unwrap();
    let run = work.run(&["check", "book.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("book.xlsx: published layout; xlsx sheet Danh mục;"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("the workbook's sheet `Bản cũ` holds a catalogue too"),
        "{}",
        run.stdout
    );
}

/// A workbook with a catalogue on more than one sheet (a sheet a year, a sheet a
/// sector): `check` checks each visible one as a catalogue of its own (a mistake on the
/// third sheet was passed over with exit 0), and counts the file once; the totals of
/// `summary` read the first and name the others as not read, where they would be
/// missed; `--sheet` reads one alone. A document's catalogues under titles of their own
/// are each checked too.
#[test]
fn catalogues_on_other_sheets_are_each_checked() {
    let work = Workdir::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let table = include_str!("../fixtures/two-sectors.csv");
    for name in ["Năm 2021", "Bìa", "Năm 2022", "Năm 2023"] {
        let csv = match name {
            "Bìa" => "ỦY BAN NHÂN DÂN TỈNH KIỂM THỬ".to_owned(),
            "Năm 2023" => table.replace(
                "Xã Tây,2022-2024,2.640,2.400,240",
                "Xã Tây,2022-2024,2.640,2.400,290",
            ),
            _ => table.to_owned(),
        };
        add_sheet(&mut book, name, &csv);
    }
    // A draft whose figures are written in both conventions: found to hold a catalogue,
    // but not read as one; it stays named, and the check goes on.
    let draft = book.add_worksheet().set_name("Bản nháp").unwrap();
    let rows = [
        [
            "STT",
            "Tên dự án",
            "Tổng vốn",
            "Vốn viện trợ",
            "Vốn đối ứng",
        ],
        ["1", "A", "1.234.567", "1.000.000", "234.567"],
        ["2", "B", "1,234,567", "1,000,000", "234,567"],
    ];
    for (row, cells) in rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            draft
                .write_string(row as u32, column as u16, *cell)
                .unwrap();
        }
    }
    book.save(work.path().join("years.xlsx")).unwrap();
    let run = work.run(&["check", "years.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "years.xlsx: note: the workbook's sheet `Bản nháp` holds a catalogue too and was not read; pass --sheet NAME to read it"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        work.run(&["check", "--sheet", "Bản nháp", "years.xlsx"])
            .code,
        2
    );
    for sheet in ["Năm 2021", "Năm 2022", "Năm 2023"] {
        let said = format!("years.xlsx: published layout; xlsx sheet {sheet};");
        assert!(run.stdout.contains(&said), "{}", run.stdout);
    }
    assert!(
        run.stdout
            .contains("years.xlsx:'Năm 2023'!F10: error[row-sum]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("checked 1 file (3 catalogues): 3 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
    let json = work
        .run(&["check", "--format", "json", "years.xlsx"])
        .json();
    let sheets: Vec<&str> = (json["files"].as_array().unwrap().iter())
        .map(|file| file["sheet"].as_str().unwrap())
        .collect();
    assert_eq!(sheets, ["Năm 2021", "Năm 2022", "Năm 2023"]);
    assert_eq!(
        json["files"][0]["readings"],
        serde_json::json!([{"reading": "other-sheets", "sheets": ["Bản nháp"]}])
    );
    let vi = work.run(&["check", "--lang", "vi", "years.xlsx"]);
    assert!(
        vi.stdout
            .ends_with("đã kiểm tra 1 tệp (3 danh mục): 3 lỗi, 0 cảnh báo\n"),
        "{}",
        vi.stdout
    );
    let summary = work.run(&["summary", "--lang", "vi", "years.xlsx"]);
    assert!(
        summary.stdout.contains(
            "years.xlsx: các trang tính `Năm 2022`, `Năm 2023`, `Bản nháp` cũng có danh mục nhưng không được đọc"
        ),
        "{}",
        summary.stdout
    );
    let first = work.run(&["check", "--sheet", "Năm 2021", "years.xlsx"]);
    assert_eq!(first.code, 0, "{}", first.stdout);
    assert!(
        first
            .stdout
            .ends_with("checked 1 file: 0 errors, 0 warnings\n"),
        "{}",
        first.stdout
    );
    // Standard input is read once: the others are named, not checked.
    let bytes = std::fs::read(work.path().join("years.xlsx")).unwrap();
    let piped = work.run_with_stdin(&["check", "-"], &bytes);
    assert_eq!(piped.code, 0, "{}", piped.stdout);
    assert!(
        piped.stdout.contains(
            "<stdin>: note: the workbook's sheets `Năm 2022`, `Năm 2023`, `Bản nháp` hold a catalogue too and were not read; pass --sheet NAME to read one"
        ),
        "{}",
        piped.stdout
    );

    // A document's catalogues under titles of their own.
    let table = format!(
        "<table>{}</table>",
        include_str!("../fixtures/two-sectors.csv")
            .lines()
            .map(|line| format!("<tr><td>{}</td></tr>", line.replace(',', "<td>")))
            .collect::<String>()
    );
    work.write(
        "appendices.html",
        format!("<p>Phụ lục 1</p>{table}<p>Phụ lục 2</p>{table}<p>Phụ lục 3</p>{table}"),
    );
    let run = work.run(&["check", "appendices.html"]);
    for table in 1..=3 {
        let said = format!("appendices.html: published layout; html table {table};");
        assert!(run.stdout.contains(&said), "{}", run.stdout);
    }
    assert!(
        run.stdout
            .ends_with("checked 1 file (3 catalogues): 0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
    let summary = work.run(&["summary", "appendices.html"]);
    assert!(
        summary.stdout.contains(
            "appendices.html: the document's tables 2, 3 hold a catalogue too and were not read; pass --table N to read one"
        ),
        "{}",
        summary.stdout
    );
}

/// A workbook of one sheet a sector (`Y tế`, `Giáo dục`), each sheet's projects under no
/// sector row and closed by its own `Cộng`, after a cover sheet: each sheet's projects
/// are the sector its name names. `check` names the sector; `summary`, `list` and
/// `convert` read every such sheet, as the catalogue written as one table with sector
/// rows reads (their sectors were `(none)`, and only the first sheet was summed).
/// `--sheet` reads one, `--no-named-sectors` reads them under no sector, standard input
/// its first.
#[test]
fn a_workbook_of_one_sheet_a_sector_reads_its_sheets_as_its_sectors() {
    let work = Workdir::new();
    let table = include_str!("../fixtures/two-sectors.csv");
    let lines: Vec<&str> = table.lines().collect();
    let head = lines[..3].join("\n");
    let sheet = |projects: &[&str], closing: &str| {
        format!("{head}\n{}\n,Cộng,,,,{closing},\n", projects.join("\n"))
    };
    let health = sheet(&lines[4..7], "5.025,4.300,725");
    // One project's row off by 50: the sheet's own sum is found off too.
    let education = sheet(&lines[8..10], "5.820,5.400,420").replace(
        "Xã Tây,2022-2024,2.640,2.400,240",
        "Xã Tây,2022-2024,2.640,2.400,290",
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    add_sheet(&mut book, "Bìa", "ỦY BAN NHÂN DÂN TỈNH KIỂM THỬ");
    // Their totals, as the sheets state them: a row a sector.
    let totals = "TỔNG HỢP DANH MỤC DỰ ÁN\n\
        STT,Lĩnh vực,Số dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
        1,Y tế,3,5.025,4.300,725\n\
        2,Giáo dục,2,5.820,5.400,420\n\
        ,Tổng cộng,5,10.845,9.700,1.145";
    add_sheet(&mut book, "Tổng hợp", totals);
    add_sheet(&mut book, "Y tế", &health);
    add_sheet(&mut book, "Giáo dục", &education);
    book.save(work.path().join("sectors.xlsx")).unwrap();
    let one_table = table.replace(
        "Xã Tây,2022-2024,2.640,2.400,240",
        "Xã Tây,2022-2024,2.640,2.400,290",
    );
    work.write("one-table.csv", &one_table);

    let check = work.run(&["check", "sectors.xlsx"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    for sheet in ["Y tế", "Giáo dục"] {
        let said = format!("sectors.xlsx: published layout; xlsx sheet {sheet}; 1 sector,");
        assert!(check.stdout.contains(&said), "{}", check.stdout);
    }
    // The sheet's `Cộng` is its sector's subtotal (it was the grand total); the sheet of
    // totals is checked against the sheets' projects (it was passed over).
    for said in [
        "sectors.xlsx:'Giáo dục'!F5: error[row-sum]",
        "sectors.xlsx:'Giáo dục'!H6: error[sector-sum]: sector `Giáo dục`",
        "sectors.xlsx: published layout; xlsx sheet Tổng hợp;",
        "sectors.xlsx:'Tổng hợp'!F4: error[sheet-totals]: row `Giáo dục`: declared counterpart 420 but the sum of its projects on sheet `Giáo dục` is 470; off by -50",
    ] {
        assert!(check.stdout.contains(said), "{said}: {}", check.stdout);
    }
    let json = work
        .run(&["check", "--format", "json", "sectors.xlsx"])
        .json();
    assert_eq!(
        json["files"][1]["readings"],
        serde_json::json!([{"reading": "sheet-sectors", "sheets": ["Giáo dục"]}])
    );
    let rules: Vec<&str> = (json["files"][2]["findings"].as_array().unwrap().iter())
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["sheet-totals"], "{json}");
    assert!(
        !check.stdout.contains("sheet-totals]: row `Y tế`"),
        "{}",
        check.stdout
    );

    // Figures by sector, as the one table's: the sectors' names are the sheets'.
    let figures = |run: Run| -> Vec<Vec<String>> {
        assert_eq!(run.code, 0, "{}", run.stderr);
        (run.stdout.lines().skip(1))
            .map(|line| line.split(',').skip(2).map(str::to_owned).collect())
            .collect()
    };
    let summary = ["summary", "--format", "csv"];
    assert_eq!(
        figures(work.run(&[&summary[..], &["sectors.xlsx"]].concat())),
        figures(work.run(&[&summary[..], &["one-table.csv"]].concat()))
    );
    let table_run = work.run(&["summary", "sectors.xlsx"]);
    for said in [
        "│ Y tế ",
        "│ Giáo dục ",
        "sectors.xlsx: the workbook's sheets `Y tế`, `Giáo dục`, each named or titled after a sector and with no sector row, are read as its sectors",
    ] {
        assert!(
            table_run.stdout.contains(said),
            "{said}: {}",
            table_run.stdout
        );
    }
    assert!(
        !table_run.stdout.contains("not read"),
        "{}",
        table_run.stdout
    );
    let vi = work.run(&["summary", "--lang", "vi", "sectors.xlsx"]);
    assert!(
        vi.stdout.contains(
            "các trang tính `Y tế`, `Giáo dục`, mỗi trang mang tên hoặc tiêu đề của một lĩnh vực"
        ),
        "{}",
        vi.stdout
    );
    let tidy = work.run(&["convert", "sectors.xlsx", "-o", "-"]);
    let sectors: Vec<&str> = (tidy.stdout.lines().skip(1))
        .map(|line| line.split(',').nth(2).unwrap_or_default())
        .collect();
    assert_eq!(sectors, ["Y tế", "Y tế", "Y tế", "Giáo dục", "Giáo dục"]);
    let listed = work.run(&["list", "--sector", "Giáo dục", "sectors.xlsx"]);
    assert!(listed.stdout.contains("Trường xã Tây"), "{}", listed.stdout);
    assert!(
        !listed.stdout.contains("Trạm y tế xã An"),
        "{}",
        listed.stdout
    );

    // One sheet, as asked; under no sector, as asked; standard input, its first sheet.
    let one = work.run(&["summary", "--sheet", "Giáo dục", "sectors.xlsx"]);
    assert!(one.stdout.contains("│ Giáo dục "), "{}", one.stdout);
    assert!(!one.stdout.contains("│ Y tế "), "{}", one.stdout);
    let unnamed = work.run(&["summary", "--no-named-sectors", "sectors.xlsx"]);
    assert!(unnamed.stdout.contains("│ (none) "), "{}", unnamed.stdout);
    assert!(
        unnamed
            .stdout
            .contains("`Giáo dục` holds a catalogue too and was not read"),
        "{}",
        unnamed.stdout
    );
    let bytes = std::fs::read(work.path().join("sectors.xlsx")).unwrap();
    let piped = work.run_with_stdin(&["summary", "-"], &bytes);
    assert!(piped.stdout.contains("│ Y tế "), "{}", piped.stdout);
    assert!(!piped.stdout.contains("│ Giáo dục "), "{}", piped.stdout);
}

/// The same workbook with the sheet of totals first, its rows numbered and named in a
/// column a catalogue's names stand in (`Nội dung`), and the sector sheets numbered
/// (`1. Y tế`): `summary` reads the sector sheets, not the totals as three projects of
/// no sector (as it did), each sector by its name less its number; `check` compares
/// the totals with them.
#[test]
fn a_table_of_totals_read_first_gives_way_to_the_sector_sheets() {
    let work = Workdir::new();
    let table = include_str!("../fixtures/two-sectors.csv");
    let lines: Vec<&str> = table.lines().collect();
    let head = lines[..3].join("\n");
    let mut book = rust_xlsxwriter::Workbook::new();
    let totals = "TỔNG HỢP DANH MỤC DỰ ÁN\n\
        STT,Nội dung,Số dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
        1,Y tế,3,5.025,4.300,725\n\
        2,Lĩnh vực giáo dục,2,5.830,5.400,430\n\
        ,Tổng cộng,5,10.855,9.700,1.155";
    add_sheet(&mut book, "Tổng hợp", totals);
    let add_sectors = |book: &mut rust_xlsxwriter::Workbook| {
        let health = format!("{head}\n{}", lines[4..7].join("\n"));
        add_sheet(book, "1. Y tế", &health);
        let education = format!("{head}\n{}", lines[8..10].join("\n"));
        add_sheet(book, "2. Giáo dục", &education);
    };
    add_sectors(&mut book);
    book.save(work.path().join("totals-first.xlsx")).unwrap();

    let summary = work.run(&["summary", "--format", "csv", "totals-first.xlsx"]);
    let rows: Vec<&str> = summary.stdout.lines().skip(1).collect();
    assert_eq!(
        rows,
        ["1,Y tế,3,5025,4300,725", "2,Giáo dục,2,5820,5400,420"],
        "{}",
        summary.stderr
    );
    let check = work.run(&["check", "totals-first.xlsx"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    for said in [
        "totals-first.xlsx:'Tổng hợp'!D4: error[sheet-totals]: row `Lĩnh vực giáo dục`: declared total 5.830 but the sum of its projects on sheet `2. Giáo dục` is 5.820; off by +10",
        "totals-first.xlsx:'Tổng hợp'!F4: error[sheet-totals]",
        "the projects of its sector's sheet (`1. Y tế`, `2. Giáo dục`)",
    ] {
        assert!(check.stdout.contains(said), "{said}: {}", check.stdout);
    }
    assert!(
        !check.stdout.contains("'Tổng hợp'!D3: error"),
        "{}",
        check.stdout
    );
    assert!(!check.stdout.contains("sheet-count"), "{}", check.stdout);

    // The counts of projects as Excel holds numbers typed in, one off by one.
    let mut book = rust_xlsxwriter::Workbook::new();
    add_sheet(&mut book, "Tổng hợp", totals);
    let sheet = book.worksheet_from_index(0).unwrap();
    for (row, count) in [(2, 4.0), (3, 2.0), (4, 6.0)] {
        sheet.write_number(row, 2, count).unwrap();
    }
    add_sectors(&mut book);
    book.save(work.path().join("miscounted.xlsx")).unwrap();
    let check = work.run(&["check", "miscounted.xlsx"]);
    // The grand total counts the rows' 4 + 2: one project more than the sheets list.
    for said in [
        "miscounted.xlsx:'Tổng hợp'!C3: error[sheet-count]: row `Y tế`: declared 4 project(s) but the sector has 3 on sheet `1. Y tế`; off by +1",
        "miscounted.xlsx:'Tổng hợp'!C5: error[sheet-count]: the grand total: declared 6 project(s) but the sectors have 5; off by +1",
    ] {
        assert!(check.stdout.contains(said), "{said}: {}", check.stdout);
    }
    assert_eq!(
        check.stdout.matches("error[sheet-count]").count(),
        2,
        "{}",
        check.stdout
    );

    // `fix` puts the sheet of totals to the sheets' sums, in the workbook itself: the
    // copy checks clean.
    let fix = work.run(&["fix", "totals-first.xlsx", "-o", "fixed.xlsx"]);
    assert_eq!(fix.code, 0, "{}{}", fix.stdout, fix.stderr);
    for said in [
        "│ Tổng hợp ┆    4 ┆ totals row Lĩnh vực giáo dục ┆ total       ┆  5.830 ┆  5.820 ┆ its figure differs from the sum of the sector's projects on sheet `2. Giáo dục`, as corrected",
        "│ Tổng hợp ┆    5 ┆ grand total ",
    ] {
        assert!(fix.stdout.contains(said), "{said}: {}", fix.stdout);
    }
    let fixed = work.run(&["check", "fixed.xlsx"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stdout);
}

/// A sheet of one sector's projects as CSV text: its title line, `header`, the projects
/// and a `Cộng` row of `closing`'s figures (total, aid, counterpart).
fn titled_sheet(title: &str, header: &str, projects: &[&str], closing: &str) -> String {
    format!(
        "{title}\n{header}\n{}\n,Cộng,,,,{closing},\n",
        projects.join("\n")
    )
}

/// The same workbook with its sheets numbered as forms (`Biểu 1`, `Biểu 2`), each
/// sector named by its sheet's title (`DANH MỤC DỰ ÁN LĨNH VỰC Y TẾ`), not its name:
/// `summary` reads them as the two sectors, with the one table's figures (it read the
/// first sheet's projects under no sector, and named the second as not read); `check`
/// finds the second's subtotal off and compares the sheet of totals with them by their
/// titles.
#[test]
fn sheets_titled_after_their_sectors_are_read_as_them() {
    let work = Workdir::new();
    let table = include_str!("../fixtures/two-sectors.csv");
    let lines: Vec<&str> = table.lines().collect();
    let sheet = |title: &str, projects: &[&str], closing: &str| {
        titled_sheet(title, lines[2], projects, closing)
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let totals = "BIỂU TỔNG HỢP\n\
        STT,Lĩnh vực,Số dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
        1,Y tế,3,5.025,4.300,725\n\
        2,Giáo dục và đào tạo,2,5.830,5.400,420\n\
        ,Tổng cộng,5,10.855,9.700,1.145";
    add_sheet(&mut book, "Biểu tổng hợp", totals);
    let health = "Biểu 1: DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ LĨNH VỰC Y TẾ GIAI ĐOẠN 2021-2025";
    add_sheet(
        &mut book,
        "Biểu 1",
        &sheet(health, &lines[4..7], "5.025,4.300,725"),
    );
    let education = "Biểu 2: Lĩnh vực giáo dục và đào tạo (ĐVT: triệu đồng)";
    add_sheet(
        &mut book,
        "Biểu 2",
        &sheet(education, &lines[8..10], "5.840,5.400,420"),
    );
    book.save(work.path().join("forms.xlsx")).unwrap();

    let summary = work.run(&["summary", "--format", "csv", "forms.xlsx"]);
    let rows: Vec<&str> = summary.stdout.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            ",LĨNH VỰC Y TẾ,3,5025,4300,725",
            ",Lĩnh vực giáo dục và đào tạo,2,5820,5400,420"
        ],
        "{}",
        summary.stderr
    );
    let table_run = work.run(&["summary", "forms.xlsx"]);
    for said in [
        "forms.xlsx: the workbook's sheets `Biểu 1`, `Biểu 2`, each named or titled after a sector",
        "* Lĩnh vực giáo dục và đào tạo (forms.xlsx:'Biểu 2'!5:5): total declared 5.840 vs computed 5.820 (+20)",
    ] {
        assert!(
            table_run.stdout.contains(said),
            "{said}: {}",
            table_run.stdout
        );
    }
    assert!(
        !table_run.stdout.contains("not read"),
        "{}",
        table_run.stdout
    );

    let check = work.run(&["check", "forms.xlsx"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    for said in [
        "forms.xlsx: note: the projects, under no sector row, are read as the sector the title names (`LĨNH VỰC Y TẾ`)",
        "forms.xlsx:'Biểu 2'!F5: error[sector-sum]: sector `Lĩnh vực giáo dục và đào tạo`: declared total 5.840",
        "forms.xlsx:'Biểu tổng hợp'!D4: error[sheet-totals]: row `Giáo dục và đào tạo`: declared total 5.830 but the sum of its projects on sheet `Biểu 2` is 5.820; off by +10",
    ] {
        assert!(check.stdout.contains(said), "{said}: {}", check.stdout);
    }
    assert!(!check.stdout.contains("grand-total"), "{}", check.stdout);
    let json = work
        .run(&["check", "--format", "json", "forms.xlsx"])
        .json();
    assert_eq!(
        json["files"][0]["readings"][0],
        serde_json::json!({"reading": "title-sector", "sector": "LĨNH VỰC Y TẾ"}),
        "{json}"
    );

    let unnamed = work.run(&["summary", "--no-named-sectors", "forms.xlsx"]);
    assert!(unnamed.stdout.contains("│ (none) "), "{}", unnamed.stdout);
    assert!(unnamed.stdout.contains("not read"), "{}", unnamed.stdout);

    // Sheets titled after one sector are a sheet a year, not sectors: the first is read,
    // the other named, not added to it.
    let mut book = rust_xlsxwriter::Workbook::new();
    for year in ["2023", "2024"] {
        let title = format!("DANH MỤC DỰ ÁN LĨNH VỰC Y TẾ NĂM {year}");
        add_sheet(
            &mut book,
            year,
            &sheet(&title, &lines[4..7], "5.025,4.300,725"),
        );
    }
    book.save(work.path().join("years.xlsx")).unwrap();
    let years = work.run(&["summary", "years.xlsx"]);
    for said in [
        "│ LĨNH VỰC Y TẾ ┆        3 ┆",
        "sheet `2024` holds a catalogue too and was not read",
    ] {
        assert!(years.stdout.contains(said), "{said}: {}", years.stdout);
    }

    // A text file titled after its sector is that sector too; one titled after several
    // is not.
    let csv = |title: &str| format!("{title}\n{}\n{}\n", lines[2], lines[4..7].join("\n"));
    work.write("health.csv", csv("DANH MỤC DỰ ÁN LĨNH VỰC Y TẾ"));
    work.write(
        "several.csv",
        csv("DANH MỤC DỰ ÁN CÁC LĨNH VỰC Y TẾ, GIÁO DỤC"),
    );
    let by_title = work.run(&["summary", "--format", "csv", "health.csv"]);
    assert!(
        by_title.stdout.contains("\n,LĨNH VỰC Y TẾ,3,5025,"),
        "{}",
        by_title.stdout
    );
    let several = work.run(&["summary", "--format", "csv", "several.csv"]);
    assert!(
        several.stdout.contains("\n,(none),3,5025,"),
        "{}",
        several.stdout
    );
}

/// `fix` of a workbook of one sheet a sector corrects every sector's sheet in the copy,
/// and lists the changes of all of them, each by its sheet; it corrected the first only.
#[test]
fn fix_corrects_every_sector_sheet_of_a_workbook() {
    let work = Workdir::new();
    let table = include_str!("../fixtures/two-sectors.csv");
    let lines: Vec<&str> = table.lines().collect();
    let sheet = |title: &str, projects: &[&str], closing: &str| {
        titled_sheet(title, lines[2], projects, closing)
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let health = sheet("LĨNH VỰC Y TẾ", &lines[4..7], "5.035,4.300,725");
    add_sheet(&mut book, "Biểu 1", &health);
    let education = sheet("LĨNH VỰC GIÁO DỤC", &lines[8..10], "5.820,5.500,420");
    add_sheet(&mut book, "Biểu 2", &education);
    book.save(work.path().join("forms.xlsx")).unwrap();
    let before = work.run(&["check", "forms.xlsx"]);
    assert_eq!(before.code, 1, "{}", before.stdout);

    let run = work.run(&["fix", "forms.xlsx", "-o", "fixed.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for said in [
        "│ Sheet ",
        "│ Biểu 1 ",
        "│ Biểu 2 ",
        "forms.xlsx: 2 cells corrected",
    ] {
        assert!(run.stdout.contains(said), "{said}: {}", run.stdout);
    }
    let after = work.run(&["check", "fixed.xlsx"]);
    assert_eq!(after.code, 0, "{}", after.stdout);
    let summary = |file: &str| work.run(&["summary", "--format", "csv", file]).stdout;
    assert_eq!(summary("fixed.xlsx"), summary("forms.xlsx"));
    // A CSV copy holds one sheet, and says which it leaves.
    let csv = work.run(&["fix", "forms.xlsx", "-o", "fixed.csv", "--lang", "en"]);
    assert!(
        csv.stdout.contains(
            "forms.xlsx: 1 cell corrected, 0 rows left for the officer; the sector sheet(s) `Biểu 2` are not corrected in this copy"
        ),
        "{}",
        csv.stdout
    );
    // LibreOffice opens the copy (saved again as `.ods`, it checks clean), and the
    // workbook it writes is corrected alike.
    let Some(resaved) = work.libreoffice_file("fixed.xlsx", "ods", None) else {
        return;
    };
    let resaved = resaved.to_str().unwrap();
    assert_eq!(work.run(&["check", resaved]).code, 0);
    let ods = work.libreoffice_file("forms.xlsx", "ods", None).unwrap();
    let ods = ods.to_str().unwrap();
    let run = work.run(&["fix", ods, "-o", "fixed.ods"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = work.run(&["check", "fixed.ods"]);
    assert_eq!(after.code, 0, "{}", after.stdout);
}

/// A sector's sheet of more projects than wait for a row to name their sector (a
/// thousand): its `Cộng` is its subtotal still, as on a short sheet (it was the grand
/// total).
#[test]
fn a_long_sector_sheet_keeps_its_closing_row_as_its_subtotal() {
    let work = Workdir::new();
    let mut csv = String::from("STT,Tên dự án,Chủ đầu tư,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n");
    for i in 1..=1001 {
        csv.push_str(&format!("{i},Trạm y tế số {i},Sở Y tế,110,100,10\n"));
    }
    csv.push_str(",Cộng,,110115,100100,10010\n");
    let mut book = rust_xlsxwriter::Workbook::new();
    add_sheet(&mut book, "Y tế", &csv);
    book.save(work.path().join("long.xlsx")).unwrap();
    let run = work.run(&["check", "long.xlsx"]);
    assert!(
        run.stdout.contains(
            "long.xlsx:'Y tế'!D1003: error[sector-sum]: sector `Y tế`: declared total 110.115"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("grand-total"), "{}", run.stdout);
}

/// A sheet longer than the rows its header is looked for in is read through the reader
/// process's spool, and read again when its later rows prove the other number
/// convention: the same sums and findings as the same table in CSV.
#[test]
fn a_long_sheet_reads_as_its_csv_does() {
    let work = Workdir::new();
    let vi = |whole: u64, tenths: u64| {
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        match tenths {
            0 => grouped,
            t => format!("{grouped},{t}"),
        }
    };
    let mut rows =
        vec![["sector", "number", "name", "total", "aid", "counterpart"].map(String::from)];
    for i in 1..=2500u64 {
        let aid = 1000 + i;
        // The first rows' amounts have no separators; later ones are written the
        // Vietnamese way (`2.501,5`), which an English header does not suggest.
        let (total, aid_text, counterpart) = if i <= 1500 {
            let total = aid + 5 + u64::from(i == 700);
            (total.to_string(), aid.to_string(), "5".to_owned())
        } else {
            (vi(aid + u64::from(i == 2000), 5), vi(aid, 0), vi(0, 5))
        };
        let sector = ["Health", "Education"][(i % 2) as usize];
        rows.push([
            sector.to_owned(),
            i.to_string(),
            format!("Project {i}"),
            total,
            aid_text,
            counterpart,
        ]);
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut csv = String::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
        let quoted: Vec<String> = row.iter().map(|c| format!("\"{c}\"")).collect();
        csv.push_str(&quoted.join(","));
        csv.push('\n');
    }
    book.save(work.path().join("long.xlsx")).unwrap();
    work.write("long.csv", csv);

    let from_book = work.run(&["summary", "--format", "csv", "long.xlsx"]);
    let from_csv = work.run(&["summary", "--format", "csv", "long.csv"]);
    assert_eq!(from_book.code, 0, "{}", from_book.stderr);
    assert_eq!(from_book.stdout, from_csv.stdout);
    assert!(from_csv.stdout.contains("2500"), "{}", from_csv.stdout);
    let check = |file: &str| work.run(&["check", "--format", "json", file]).json();
    let (book, csv) = (check("long.xlsx"), check("long.csv"));
    assert_eq!(book["files"][0]["number_format"]["convention"], "vi");
    // The same findings, a workbook's located by cell as well.
    let mut found = book["files"][0]["findings"].clone();
    let cells: Vec<Value> = found
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .filter_map(|f| f.as_object_mut()?.remove("cell"))
        .collect();
    assert_eq!(found, csv["files"][0]["findings"]);
    assert_eq!(cells, ["Sheet1!D701", "Sheet1!D2001"]);
}

#[test]
fn reports_write_workbooks_that_read_back_the_same() {
    let work = work();
    let run = work.run(&["convert", SOC_TRANG, "-o", "tidy.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let from_book = work.run(&["summary", "--format", "csv", "tidy.xlsx"]);
    let from_csv = work.run(&["summary", "--format", "csv", SOC_TRANG]);
    assert_eq!(from_book.stdout, from_csv.stdout);

    let run = work.run(&["plan", "soc-trang-plan-2020-2025.csv", "-o", "plan.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tasks = work.run(&["plan", "--format", "csv", "plan.xlsx"]);
    assert_eq!(tasks.stdout.lines().count(), 10, "{}", tasks.stdout);

    let run = work.run(&["list", "--format", "xlsx", SOC_TRANG]);
    assert!(run.stdout.starts_with("PK"), "a workbook on a pipe");
}

#[test]
fn summary_workbook_opens_in_libreoffice_with_formula_totals() {
    let work = work();
    let run = work.run(&["summary", SOC_TRANG, "--lang", "en", "-o", "totals.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let Some(rows) = work.libreoffice_rows("totals.xlsx") else {
        return;
    };
    // Row 0 is the title, row 1 the header; the figures follow (saved as values, not as
    // shown), then the total row.
    let machine = work.run(&["summary", "--format", "csv", SOC_TRANG]).stdout;
    for (expected, got) in machine.lines().skip(1).zip(&rows[2..]) {
        let expected: Vec<&str> = expected.rsplitn(5, ',').collect();
        let got_figures = [&got[6], &got[5], &got[4], &got[3]];
        assert_eq!(expected[..4], got_figures.map(String::as_str), "{got:?}");
    }
    let total = rows.iter().find(|r| r[1] == "Total").expect("a total row");
    assert_eq!(&total[3..7], ["25", "367542", "306590", "60952"]);
    // Those totals are formulas LibreOffice computed: change a figure, the total follows.
    let sheet = work.libreoffice("totals.xlsx", "fods", None).unwrap();
    assert!(
        sheet.contains("table:formula=\"of:=SUM([.E3:.E8])\""),
        "the total is a SUM formula"
    );
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let work = Workdir::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = work.run(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        for command in ["check", "summary", "convert", "plan"] {
            assert!(run.stdout.contains(command), "{shell} completes {command}");
        }
    }
    let run = work.run(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("'tcsh'"), "{}", run.stderr);

    let run = work.run(&["man"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(".TH aidcat 1"),
        "{}",
        &run.stdout[..200]
    );
    assert!(run.stdout.contains("summary"));
}

#[test]
fn dash_reads_stdin_and_writes_stdout() {
    let work = work();
    let data = std::fs::read(work.path().join(SOC_TRANG)).unwrap();
    let from_file = work.run(&["check", "--format", "json", SOC_TRANG]);
    let from_stdin = work.run_with_stdin(&["check", "--format", "json", "-"], &data);
    assert_eq!(findings(&from_stdin), findings(&from_file));
    assert_eq!(from_stdin.json()["files"][0]["path"], "<stdin>");
    let text = work.run_with_stdin(&["check", "-"], &data);
    assert!(
        text.stdout.contains("<stdin>:22:7: error[sector-sum]"),
        "{}",
        text.stdout
    );

    let book = std::fs::read(work.path().join(XLSX)).unwrap();
    let summary = work.run_with_stdin(&["summary", "--format", "csv", "-", "-o", "-"], &book);
    assert_eq!(
        summary.stdout,
        work.run(&["summary", "--format", "csv", SOC_TRANG]).stdout
    );
}

#[test]
fn colour_follows_the_option_and_no_color() {
    let work = work();
    let plain = work.run(&["check", SOC_TRANG]);
    assert!(!plain.stdout.contains('\x1b'), "not a terminal: no colour");
    let forced = work.run(&["check", "--color", "always", SOC_TRANG]);
    assert!(
        forced.stdout.contains("\x1b[1;31merror\x1b[0m"),
        "{}",
        forced.stdout
    );
    let never = work.run(&["--color", "never", "check", SOC_TRANG]);
    assert!(!never.stdout.contains('\x1b'));
}

#[test]
fn help_shows_examples_for_each_command() {
    let work = Workdir::new();
    for command in [
        "check",
        "summary",
        "plan",
        "list",
        "convert",
        "completions",
        "man",
    ] {
        let run = work.run(&[command, "--help"]);
        assert_eq!(run.code, 0, "{command}");
        assert!(
            run.stdout.contains("Examples:"),
            "{command}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("aidcat {command}")),
            "{command}"
        );
    }
}

/// A workbook whose catalogue sheet, after a cover sheet, is typed in a legacy `.VnTime`
/// font (its cells hold the characters of TCVN3's bytes: `Tæng vèn`): that sheet is the
/// one read, and read as Unicode, with a note; its figures are the Unicode sheet's.
#[test]
fn a_sheet_typed_in_a_vntime_font_is_found_and_read_as_unicode() {
    let work = Workdir::new();
    work.fixture("two-sectors.csv");
    // Unicode → TCVN3, for the letters the fixture has.
    let legacy = |text: &str| -> String {
        let pairs = [
            ("ổ", "æ"),
            ("ố", "è"),
            ("ự", "ù"),
            ("ệ", "Ö"),
            ("ợ", "î"),
            ("ư", "\u{AD}"),
            ("ơ", "¬"),
            ("ô", "«"),
            ("ế", "Õ"),
            ("ạ", "¹"),
            ("á", "¸"),
            ("à", "µ"),
            ("ả", "¶"),
            ("đ", "®"),
            ("ê", "ª"),
            ("ĩ", "Ü"),
            ("ứ", "ø"),
            ("ắ", "¾"),
            ("ă", "¨"),
            ("â", "©"),
            ("ộ", "é"),
            ("ề", "Ò"),
            ("ỉ", "Ø"),
            ("ọ", "ä"),
            ("ụ", "ô"),
            ("ì", "×"),
            ("í", "Ý"),
            ("ò", "ß"),
            ("ó", "ã"),
            ("ú", "ó"),
            ("ý", "ý"),
            ("é", "Ð"),
            ("ờ", "ê"),
            ("ớ", "í"),
            ("ở", "ë"),
            ("ầ", "Ç"),
            ("ấ", "Ê"),
            ("ậ", "Ë"),
            ("ể", "Ó"),
            ("ũ", "ò"),
            ("ủ", "ñ"),
            ("ừ", "õ"),
        ];
        // Letter by letter: a letter's TCVN3 character may be another letter (`ộ` is `é`).
        text.chars()
            .map(|c| {
                let letter = c.to_string();
                let found = pairs.iter().find(|(unicode, _)| **unicode == letter);
                found.map_or(letter.clone(), |(_, tcvn3)| (*tcvn3).to_owned())
            })
            .collect()
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    for name in ["Bia", "Danh muc"] {
        let csv = match name {
            "Bia" => legacy("ủy ban nhân dân tỉnh kiểm thử"),
            _ => legacy(include_str!("../fixtures/two-sectors.csv")),
        };
        add_sheet(&mut book, name, &csv);
    }
    book.save(work.path().join("vntime.xlsx")).unwrap();
    let run = work.run(&["summary", "--format", "csv", "vntime.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let unicode = work.run(&["summary", "--format", "csv", "two-sectors.csv"]);
    assert_eq!(run.stdout, unicode.stdout);
    let check = work.run(&["check", "vntime.xlsx"]).stdout;
    assert!(check.contains("xlsx sheet Danh muc"), "{check}");
    assert!(check.contains("legacy .VnTime (TCVN3) font"), "{check}");
}

/// The names of a workbook's sheets, from its `xl/workbook.xml`.
fn sheet_names(workbook: &[u8]) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(workbook)).expect("a workbook");
    let mut xml = String::new();
    (zip.by_name("xl/workbook.xml").expect("its sheets"))
        .read_to_string(&mut xml)
        .expect("UTF-8");
    xml.split("<sheet name=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

/// Every sheet a report writes is named in the user's language.
#[test]
fn workbook_sheets_are_named_in_the_users_language() {
    let work = work();
    let plan = "soc-trang-plan-2020-2025.csv";
    let cases: [(&[&str], &[&str], &[&str]); 5] = [
        (
            &["summary", SOC_TRANG],
            &["summary", "findings"],
            &["tổng hợp", "kiểm tra"],
        ),
        (
            &["list", SOC_TRANG],
            &["projects", "findings"],
            &["dự án", "kiểm tra"],
        ),
        (
            &["convert", SOC_TRANG],
            &["tidy", "findings"],
            &["danh mục", "kiểm tra"],
        ),
        (&["plan", plan], &["plan"], &["kế hoạch"]),
        (&["check", SOC_TRANG], &["findings"], &["kiểm tra"]),
    ];
    for (args, en, vi) in cases {
        for (lang, names) in [("en", en), ("vi", vi)] {
            let run = work.run(&[args, &["--format", "xlsx", "--lang", lang]].concat());
            assert_eq!(
                sheet_names(&run.bytes),
                names,
                "aidcat {args:?} --lang {lang}"
            );
        }
    }
}

/// A year typed into a cell formatted as a date shows as a day of 1905 (`2023` as
/// `15/07/1905`): it was read as the period 1905. It is read as the year typed, with a
/// warning to format the cell; a real date (`01/06/2021`) is its year, with none. The
/// workbooks and the CSV are as LibreOffice Calc saves them.
#[test]
fn a_year_typed_into_a_date_cell_is_read_as_that_year() {
    let work = Workdir::new();
    for format in ["xlsx", "xls", "csv"] {
        let file = format!("year-as-date.{format}");
        work.fixture(&file);
        let run = work.run(&["check", "--format", "json", "--lang", "en", &file]);
        assert_eq!(run.code, 0, "{file}: {}", run.stdout);
        let json = run.json();
        let found: Vec<(String, u64, String, Value)> = (json["files"][0]["findings"].as_array())
            .unwrap()
            .iter()
            .map(|f| {
                let details = &f["details"];
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    details["text"].as_str().unwrap_or_default().to_owned(),
                    details["period"].clone(),
                )
            })
            .collect();
        let read = |start: u16, end: u16| serde_json::json!({"start": start, "end": end});
        let rule = "period-year-as-date".to_owned();
        assert_eq!(
            found,
            [
                (rule.clone(), 4, "15/07/1905".to_owned(), read(2023, 2023)),
                (
                    rule,
                    5,
                    "13/07/1905 - 17/07/1905".to_owned(),
                    read(2021, 2025)
                ),
            ],
            "{file}"
        );
        let run = work.run(&["summary", "--by", "year", "--format", "csv", &file]);
        let years: Vec<&str> = (run.stdout.lines().skip(1))
            .map(|line| line.split(',').next().unwrap())
            .collect();
        assert_eq!(
            years,
            ["2021", "2022", "2023", "2024", "2025"],
            "{file}: {}",
            run.stdout
        );
    }
}

/// A row the sheet hides (a project dropped but not deleted) is read as the others, as
/// Excel's sums and its CSV export count it, and a note names it: the officer does not
/// see the row a finding names; a sum off by its figure says it is hidden. Written by
/// openpyxl, and saved by LibreOffice as `.ods` and `.xls`; an Excel 2003 XML sheet marks
/// it `ss:Hidden`. Before, nothing said it was hidden.
#[test]
fn a_hidden_row_is_read_and_named() {
    let work = Workdir::new();
    work.fixture("hidden-rows.xlsx")
        .fixture("hidden-rows.ods")
        .fixture("hidden-rows.xls");
    let hidden = serde_json::json!({"reading": "hidden-rows", "line": 5});
    for file in ["hidden-rows.xlsx", "hidden-rows.ods", "hidden-rows.xls"] {
        let run = work.run(&["check", "--format", "json", "--lang", "vi", file]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        let json = run.json();
        let report = &json["files"][0];
        assert_eq!(report["readings"], serde_json::json!([hidden]), "{json}");
        assert_eq!(report["counts"]["projects"], 3, "{json}");
        let hints = &report["findings"][0]["hints"];
        let one_row = (hints.as_array().unwrap().iter()).find(|h| h["hint"] == "one-row");
        let one_row = &one_row.unwrap()["row"];
        assert_eq!(
            (&one_row["line"], &one_row["hidden"]),
            (&5.into(), &true.into()),
            "{json}"
        );
        assert!(
            (hints.to_string())
                .contains("một dòng bị ẩn trong trang tính: có thể dòng này được ẩn để bỏ dự án"),
            "{json}"
        );
        let run = work.run(&["summary", "--lang", "vi", file]);
        assert!(
            run.stdout.contains("các dòng bị ẩn trong trang tính"),
            "{}",
            run.stdout
        );
    }
    let xml = fixture_text("soc-trang-2020-2025.xml").replacen(
        "<Row ss:Index=\"13\"",
        "<Row ss:Hidden=\"1\" ss:Index=\"13\"",
        1,
    );
    work.write("hidden.xml", xml);
    let run = work.run(&["check", "--format", "json", "hidden.xml"]);
    let json = run.json();
    let readings = json["files"][0]["readings"].as_array().unwrap();
    assert!(
        readings.contains(&serde_json::json!({"reading": "hidden-rows", "line": 13})),
        "{json}"
    );
}

/// A column the sheet hides (a helper column `Tổng vốn (USD)` beside the `Tổng vốn` the
/// table shows) is not read: it is not part of the table as the officer sees and prints
/// it, and a note names it. Written by openpyxl, and saved by LibreOffice as `.ods` and
/// `.xls`; an Excel 2003 XML sheet marks it `ss:Hidden` on its `Column`. Before, the
/// hidden column was taken for the total, the column shown was not read, and every row
/// was found off by its figure in dollars.
#[test]
fn a_hidden_column_is_not_read_and_named() {
    let work = Workdir::new();
    let hidden = serde_json::json!({
        "reading": "hidden-columns",
        "line": 3,
        "cells": [{"column": "D", "text": "Tổng vốn (USD)"}],
    });
    for format in ["xlsx", "ods", "xls"] {
        let file = format!("hidden-columns.{format}");
        work.fixture(&file);
        let run = work.run(&["check", "--format", "json", &file]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let report = &run.json()["files"][0];
        assert_eq!(report["readings"], serde_json::json!([hidden]), "{report}");
        assert_eq!(report["unit"], "triệu đồng", "{report}");
        let list = work.run(&["list", "--format", "csv", &file]).stdout;
        assert!(
            list.contains("Trạm y tế xã An,Sở Y tế,,,1000,800,200"),
            "{list}"
        );
        assert!(!list.contains("43000"), "{list}");
        let run = work.run(&["check", "--lang", "vi", &file]);
        assert!(
            (run.stdout).contains("trang tính ẩn cột D (`Tổng vốn (USD)`)"),
            "{}",
            run.stdout
        );
        // `fix` keeps the column, hidden, in a workbook copy, which reads as the file
        // does; a CSV copy, which cannot hide it, leaves it out and says so.
        let run = work.run(&["fix", &file, "-o", "fixed.xlsx"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = work.run(&["check", "--format", "json", "fixed.xlsx"]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let copy = &run.json()["files"][0];
        assert_eq!(copy["readings"][0]["cells"], hidden["cells"], "{copy}");
        let run = work.run(&["fix", &file, "-o", "fixed.csv"]);
        let said = "the hidden column(s) D are left out of the CSV copy";
        assert!(run.stdout.contains(said), "{}", run.stdout);
    }
    // The Sóc Trăng sheet with its notes column hidden: the same findings, and the note.
    work.fixture("soc-trang-2020-2025.xml");
    let before = work.run(&["check", "--format", "json", "soc-trang-2020-2025.xml"]);
    let xml = fixture_text("soc-trang-2020-2025.xml").replacen(
        "<Column ss:Span=\"9\" ss:Width=\"64.008\"/>",
        "<Column ss:Span=\"8\" ss:Width=\"64.008\"/><Column ss:Hidden=\"1\"/>",
        1,
    );
    work.write("hidden.xml", xml);
    let run = work.run(&["check", "--format", "json", "hidden.xml"]);
    let (json, before) = (run.json(), before.json());
    assert_eq!(
        json["files"][0]["findings"], before["files"][0]["findings"],
        "{json}"
    );
    let readings = json["files"][0]["readings"].as_array().unwrap();
    let named = &readings.iter().find(|r| r["reading"] == "hidden-columns");
    assert_eq!(
        named.map(|r| &r["cells"][0]["column"]),
        Some(&"J".into()),
        "{json}"
    );
}

/// How many rows below a cell `↓N text` is merged down over, and its text.
fn merged_down(cell: &str) -> (u32, &str) {
    match cell.strip_prefix('↓') {
        Some(rest) => {
            let (down, text) = rest.split_once(' ').unwrap();
            (down.parse().unwrap(), text)
        }
        None => (0, cell),
    }
}

/// An Excel 2003 XML sheet (as web systems export one) of `rows`: a cell `↓N text` is
/// merged down over the N rows below it (`ss:MergeDown`), which leave out the cells it
/// covers (`^`); a number is stored as one.
fn spreadsheet_ml(rows: &[&[&str]]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\
         <Worksheet ss:Name=\"Danh mục\"><Table>",
    );
    for row in rows {
        xml.push_str("<Row>");
        let mut skipped = false;
        for (column, cell) in row.iter().enumerate() {
            if *cell == "^" {
                skipped = true;
                continue;
            }
            let (down, text) = merged_down(cell);
            let kind = match text.parse::<f64>() {
                Ok(_) => "Number",
                Err(_) => "String",
            };
            let index = match std::mem::take(&mut skipped) {
                true => format!(" ss:Index=\"{}\"", column + 1),
                false => String::new(),
            };
            xml.push_str(&format!(
                "<Cell{index} ss:MergeDown=\"{down}\"><Data ss:Type=\"{kind}\">{text}</Data></Cell>"
            ));
        }
        xml.push_str("</Row>");
    }
    xml + "</Table></Worksheet></Workbook>"
}

/// An owner, a period merged down over several projects (one cell `Sở Y tế` over a
/// sector's two projects; one owner and one period over a project and its components),
/// as officers lay out their tables in Excel: each project is read with the owner and
/// period the officer sees beside it, and `summary --by owner` counts them so; the
/// components stay its components, and no amount is read twice. Written by openpyxl,
/// saved by LibreOffice as `.ods` and `.xls`; an Excel 2003 XML sheet, and a web page
/// (`rowspan`). Before, only the first row of each merge had an owner or a period.
#[test]
fn an_owner_and_a_period_merged_down_over_projects_are_each_ones() {
    let work = Workdir::new();
    let rows: &[&[&str]] = &[
        &["DANH MỤC DỰ ÁN KÊU GỌI VIỆN TRỢ PCPNN"],
        &["ĐVT: Triệu đồng"],
        &[
            "STT",
            "Tên dự án",
            "Chủ khoản viện trợ",
            "Thời gian thực hiện",
            "Tổng vốn",
            "Vốn viện trợ",
            "Vốn đối ứng",
        ],
        &["I", "Lĩnh vực y tế", "", "", "1500", "1200", "300"],
        &[
            "1",
            "Trạm y tế xã An",
            "↓1 Sở Y tế",
            "2021-2025",
            "500",
            "400",
            "100",
        ],
        &["2", "Xe cứu thương", "^", "2023", "1000", "800", "200"],
        &["II", "Lĩnh vực nông nghiệp", "", "", "2000", "1800", "200"],
        &[
            "3",
            "Kênh mương nội đồng",
            "↓2 UBND huyện Mỹ Tú",
            "↓2 2022-2024",
            "2000",
            "1800",
            "200",
        ],
        &["", "- Nạo vét kênh", "^", "^", "1200", "1100", "100"],
        &["", "- Cống điều tiết", "^", "^", "800", "700", "100"],
        &["", "Tổng cộng", "", "", "3500", "3000", "500"],
    ];
    work.write("merged.xml", spreadsheet_ml(rows));
    let html_rows: String = (rows.iter())
        .map(|row| {
            let cells: String = (row.iter())
                .filter(|cell| **cell != "^")
                .map(|cell| {
                    let (down, text) = merged_down(cell);
                    format!("<td rowspan={}>{text}", down + 1)
                })
                .collect();
            format!("<tr>{cells}")
        })
        .collect();
    work.write("merged.html", format!("<table>{html_rows}</table>"));
    let expected = [
        ["1", "Sở Y tế", "2021-2025"],
        ["2", "Sở Y tế", "2023"],
        ["3", "UBND huyện Mỹ Tú", "2022-2024"],
    ];
    for file in [
        "catalogue-merged-down.xlsx",
        "catalogue-merged-down.ods",
        "catalogue-merged-down.xls",
        "merged.xml",
        "merged.html",
    ] {
        if file.starts_with("catalogue") {
            work.fixture(file);
        }
        let run = work.run(&["check", "--format", "json", file]);
        assert_eq!(run.code, 0, "{file}: {}", run.stdout);
        let counts = &run.json()["files"][0]["counts"];
        assert_eq!(
            (
                &counts["sectors"],
                &counts["projects"],
                &counts["components"]
            ),
            (&2.into(), &3.into(), &2.into()),
            "{file}: {counts}"
        );
        let run = work.run(&["list", "--format", "csv", file]);
        let listed = crate::harness::csv_rows(&run.stdout);
        let listed: Vec<[&str; 3]> = (listed[1..].iter())
            .map(|r| [r[1].as_str(), r[3].as_str(), r[5].as_str()])
            .collect();
        assert_eq!(listed, expected, "{file}: {}", run.stdout);
        let run = work.run(&["summary", "--by", "owner", "--format", "csv", file]);
        let owners = crate::harness::csv_rows(&run.stdout);
        assert!(
            owners.contains(
                &["Sở Y tế", "2", "1500", "1200", "300"]
                    .map(String::from)
                    .to_vec()
            ),
            "{file}: {}",
            run.stdout
        );
    }
}

/// A workbook of one catalogue under its sector rows (`Danh mục`) and a sheet of its
/// totals by sector (`Tổng hợp`, its rows marked `I`, `II` as the catalogue marks its
/// sectors), the layout of many a province's appendix: `check` compares each row with
/// the projects under its sector's row (`sheet-totals`, `sheet-count`), and `fix` puts
/// it right in the workbook itself. Before, the sheet of totals was read by no command.
#[test]
fn a_sheet_of_totals_beside_one_catalogue_is_checked_against_its_sectors() {
    let work = Workdir::new();
    // The education row copies a figure of the sector's before a project was changed,
    // and counts one project too many.
    save_totals_and_catalogue(
        &work,
        "I,Lĩnh vực y tế,3,5.025,4.300,725\n\
         II,Giáo dục,3,5.900,5.400,500\n\
         ,Tổng cộng,6,10.925,9.700,1.225",
    );

    let check = work.run(&["check", "appendix.xlsx"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    for said in [
        "appendix.xlsx: published layout; xlsx sheet Danh mục; 2 sectors, 5 projects",
        "appendix.xlsx: note: this sheet totals the workbook's sectors by row: each row is checked against the projects of its sector's sheet (`Danh mục`)",
        "appendix.xlsx:'Tổng hợp'!D5: error[sheet-totals]: row `Giáo dục`: declared total 5.900 but the sum of its projects on sheet `Danh mục` is 5.820; off by +80",
        "appendix.xlsx:'Tổng hợp'!F5: error[sheet-totals]: row `Giáo dục`: declared counterpart 500 but the sum of its projects on sheet `Danh mục` is 420; off by +80",
        "appendix.xlsx:'Tổng hợp'!C5: error[sheet-count]: row `Giáo dục`: declared 3 project(s) but the sector has 2 on sheet `Danh mục`; off by +1",
        "appendix.xlsx:'Tổng hợp'!C6: error[sheet-count]: the grand total: declared 6 project(s) but the sectors have 5; off by +1",
        "checked 1 file (2 catalogues): 4 errors",
    ] {
        assert!(check.stdout.contains(said), "{said}: {}", check.stdout);
    }
    assert!(
        !check.stdout.contains("row `Lĩnh vực y tế`"),
        "{}",
        check.stdout
    );

    let fix = work.run(&["fix", "appendix.xlsx", "-o", "fixed.xlsx"]);
    assert_eq!(fix.code, 0, "{}{}", fix.stdout, fix.stderr);
    assert!(
        fix.stdout
            .contains("appendix.xlsx: 4 cells corrected, 2 rows left for the officer"),
        "{}",
        fix.stdout
    );
    // The sums put right; the counts left as written.
    let fixed = work.run(&["check", "fixed.xlsx"]).stdout;
    let errors: Vec<&str> = fixed.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 2, "{fixed}");
    assert!(
        errors.iter().all(|l| l.contains("error[sheet-count]")),
        "{fixed}"
    );
    // The sheet of totals is no catalogue: the summary is the catalogue's.
    let summary = work.run(&["summary", "--format", "csv", "appendix.xlsx"]);
    assert_eq!(summary.stdout.lines().count(), 3, "{}", summary.stdout);
    // The page to forward says what `check` says of it, below the catalogue's findings;
    // the catalogue's cells are marked by their own findings only.
    let report = work.run(&["report", "appendix.xlsx", "-o", "page.html"]);
    assert_eq!(report.code, 1, "{}", report.stderr);
    let html = std::fs::read_to_string(work.path().join("page.html")).unwrap();
    for said in [
        "<h3>The table of totals by sector</h3>",
        "row `Giáo dục`: declared total 5.900 but the sum of its projects on sheet `Danh mục` is 5.820; off by +80",
        "the grand total: declared 6 project(s) but the sectors have 5; off by +1",
    ] {
        assert!(html.contains(said), "{said}: {html}");
    }
    assert!(!html.contains(" marked\""), "{html}");
    let fixed_page = work.run(&["report", "fixed.xlsx", "-o", "fixed.html"]);
    assert_eq!(
        fixed_page.code, 1,
        "the counts are left: {}",
        fixed_page.stderr
    );
    // So does the findings sheet of a workbook `convert` writes.
    let convert = work.run(&["convert", "appendix.xlsx", "-o", "tidy.xlsx"]);
    assert_eq!(convert.code, 0, "{}", convert.stderr);
    let book = parts(&std::fs::read(work.path().join("tidy.xlsx")).unwrap());
    let strings = String::from_utf8(book["xl/sharedStrings.xml"].clone()).unwrap();
    assert!(
        strings.contains("row `Giáo dục`: declared total 5.900 but the sum of its projects on sheet `Danh mục` is 5.820"),
        "{strings}"
    );
}

/// Saves `appendix.xlsx`: a sheet `Tổng hợp` of totals by sector, its `rows` under its
/// title, unit and header, then the catalogue of two sectors (`Danh mục`).
fn save_totals_and_catalogue(work: &Workdir, rows: &str) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let totals = format!(
        "TỔNG HỢP NHU CẦU VỐN THEO LĨNH VỰC\n\
         ĐVT: Triệu đồng\n\
         STT,Lĩnh vực,Số dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n{rows}"
    );
    add_sheet(&mut book, "Tổng hợp", &totals);
    add_sheet(
        &mut book,
        "Danh mục",
        include_str!("../fixtures/two-sectors.csv"),
    );
    book.save(work.path().join("appendix.xlsx")).unwrap();
}

/// A table of totals whose sectors stand in groups (`A. Các lĩnh vực xã hội` over rows
/// numbered `1`, `2`) is checked as one without groups is, each row against its sector's
/// projects, and each group's figures against its rows; `fix` puts both right.
#[test]
fn a_table_of_totals_in_groups_is_checked_row_by_row_and_group_by_group() {
    let work = Workdir::new();
    // The education row copies a figure of the sector's before a project was changed;
    // the group's total was not added up again after it.
    save_totals_and_catalogue(
        &work,
        "A,Các lĩnh vực xã hội,5,11.000,9.700,1.225\n\
         1,Lĩnh vực y tế,3,5.025,4.300,725\n\
         2,Giáo dục,2,5.900,5.400,500\n\
         ,Tổng cộng,5,10.925,9.700,1.225",
    );

    let check = work.run(&["check", "appendix.xlsx"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    for said in [
        "appendix.xlsx: published layout; xlsx sheet Tổng hợp; a table of totals by sector, 2 rows",
        "appendix.xlsx:'Tổng hợp'!D6: error[sheet-totals]: row `Giáo dục`: declared total 5.900 but the sum of its projects on sheet `Danh mục` is 5.820; off by +80",
        "appendix.xlsx:'Tổng hợp'!D4: error[sector-sum]: sector A `Các lĩnh vực xã hội`: declared total 11.000 but the sum of its projects is 10.925; off by +75",
    ] {
        assert!(check.stdout.contains(said), "{said}: {}", check.stdout);
    }
    let fix = work.run(&["fix", "appendix.xlsx", "-o", "fixed.xlsx"]);
    assert_eq!(fix.code, 0, "{}{}", fix.stdout, fix.stderr);
    let fixed = work.run(&["check", "fixed.xlsx"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stdout);
}
