//! `aidcat check`: the shipped catalogue, each rule, each layout, encoding, delimiter and
//! number convention, and broken inputs.

use crate::harness::Workdir;
use serde_json::Value;

const SOC_TRANG: &str = "soc-trang-2020-2025.csv";

/// (line, rule) of every finding of the first file of a JSON report.
fn findings(report: &Value) -> Vec<(u64, String)> {
    report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// (line, rule, a field of its details, empty where it has none) of every finding of the
/// first file of a JSON report.
fn findings_with<'r>(report: &'r Value, detail: &str) -> Vec<(u64, &'r str, &'r str)> {
    (report["files"][0]["findings"].as_array().expect("findings"))
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["details"][detail].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

fn pairs(expected: &[(u64, &str)]) -> Vec<(u64, String)> {
    expected
        .iter()
        .map(|(l, r)| (*l, (*r).to_owned()))
        .collect()
}

#[test]
fn soc_trang_published_mistakes_are_found_with_lines_and_figures() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let run = work.run(&["check", "--format", "json", SOC_TRANG]);
    assert_eq!(run.code, 1, "errors found means exit 1\n{}", run.stderr);
    let report = run.json();
    // Verified by hand against the published table: sector II declares 13.233 / 11.883
    // but its projects add up to 12.873 / 11.523; the grand total repeats the subtotals,
    // so it is off by the same 360 against the projects. Project I.2 has no amounts and
    // project II.6 runs to 2026, past the 2020-2025 programme.
    assert_eq!(
        findings(&report),
        pairs(&[
            (11, "no-amounts"),
            (22, "sector-sum"),
            (22, "sector-sum"),
            (30, "period-outside-programme"),
            (53, "grand-total"),
            (53, "grand-total"),
        ])
    );
    let list = report["files"][0]["findings"].as_array().unwrap();
    let figures: Vec<(&str, &str, &str)> = list
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["declared"].as_str().unwrap(),
                f["computed"].as_str().unwrap(),
                f["difference"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("13233", "12873", "360"),
            ("11883", "11523", "360"),
            ("367902", "367542", "360"),
            ("306950", "306590", "360"),
        ]
    );
    let file = &report["files"][0];
    assert_eq!(file["layout"], "published");
    assert_eq!(file["unit"], "Triệu đồng");
    assert_eq!(file["province"], "Sóc Trăng");
    assert_eq!(file["period"]["start"], 2020);
    assert_eq!(file["number_format"]["convention"], "vi");
    assert_eq!(file["counts"]["sectors"], 6);
    assert_eq!(file["counts"]["projects"], 25);
    assert_eq!(file["counts"]["components"], 1);
    assert!(
        list[4]["message"]
            .as_str()
            .unwrap()
            .contains("comes from sector II (line 22)")
    );
}

#[test]
fn soc_trang_text_report_reads_like_a_compiler() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let run = work.run(&["check", SOC_TRANG]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_soc_trang_text", run.stdout);
}

#[test]
fn every_rule_fires_where_its_mistake_is() {
    let work = Workdir::new();
    work.fixture("rules-published.csv");
    let run = work.run(&["check", "--format", "json", "rules-published.csv"]);
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(
        findings(&report),
        pairs(&[
            (5, "sector-sum"),
            (7, "row-sum"),
            (8, "negative-amount"),
            (8, "negative-amount"),
            (9, "no-amounts"),
            (10, "sector-sum"),
            (11, "period-reversed"),
            (12, "not-a-number"),
            (12, "period-unreadable"),
            (12, "duplicate-number"),
            (13, "period-outside-programme"),
            (14, "row-sum"),
            (14, "grand-total"),
            (14, "grand-total"),
            (14, "grand-total-subtotals"),
        ])
    );
    let list = report["files"][0]["findings"].as_array().unwrap();
    assert_eq!(list[7]["column"], 7, "not-a-number names the column");
    assert!(
        list[7]["message"]
            .as_str()
            .unwrap()
            .contains("`năm trăm` in column `Tổng vốn`")
    );
    // Figures are formatted in the file's convention and unit.
    assert!(
        list[11]["message"]
            .as_str()
            .unwrap()
            .contains("4.550,5 but aid 3.900 + counterpart 700,5 = 4.600,5; off by -50 Triệu đồng"),
        "{}",
        list[11]["message"]
    );
    assert_eq!(report["errors"], 10);
    assert_eq!(report["warnings"], 5);
}

#[test]
fn warnings_alone_exit_zero_and_one_with_strict() {
    let work = Workdir::new();
    work.fixture("clean-published-1258.csv");
    assert_eq!(work.run(&["check", "clean-published-1258.csv"]).code, 0);
    assert_eq!(
        work.run(&["check", "--strict", "clean-published-1258.csv"])
            .code,
        1
    );
}

/// Each layout, encoding, delimiter and number convention reads and checks clean.
#[test]
fn clean_inputs_in_every_layout_encoding_delimiter_and_convention() {
    let cases = [
        ("clean-tidy-en.csv", "tidy", "utf-8", "comma", "en", 3),
        (
            "clean-tidy-vi-semicolon.csv",
            "tidy",
            "utf-8",
            "semicolon",
            "vi",
            2,
        ),
        (
            "clean-published-utf16.txt",
            "published",
            "utf-16le",
            "tab",
            "vi",
            2,
        ),
        (
            "clean-published-1258.csv",
            "published",
            "windows-1258",
            "comma",
            "vi",
            2,
        ),
    ];
    for (name, layout, encoding, delimiter, convention, projects) in cases {
        let work = Workdir::new();
        work.fixture(name);
        let run = work.run(&["check", "--format", "json", name]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        let file = &run.json()["files"][0];
        assert_eq!(file["layout"], layout, "{name}");
        assert_eq!(file["encoding"], encoding, "{name}");
        assert_eq!(file["delimiter"], delimiter, "{name}");
        assert_eq!(file["number_format"]["convention"], convention, "{name}");
        assert_eq!(file["counts"]["projects"], projects, "{name}");
        assert_eq!(file["counts"]["errors"], 0, "{name}");
    }
}

#[test]
fn legacy_windows_1258_text_is_decoded_to_nfc() {
    let work = Workdir::new();
    work.fixture("clean-published-1258.csv");
    let run = work.run(&["check", "clean-published-1258.csv"]);
    assert!(
        run.stdout
            .contains("`Dự án nước sạch Hòa Tú` has no amounts"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("province Hậu Giang"), "{}", run.stdout);
}

#[test]
fn utf16_published_file_folds_components_and_skips_repeated_headers() {
    let work = Workdir::new();
    work.fixture("clean-published-utf16.txt");
    let run = work.run(&["check", "--format", "json", "clean-published-utf16.txt"]);
    let file = &run.json()["files"][0];
    assert_eq!(file["counts"]["sectors"], 2);
    assert_eq!(file["counts"]["components"], 1);
    assert_eq!(file["period"]["end"], 2025);
}

#[test]
fn number_format_option_overrides_detection() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    // Read as English decimals, `132.716` is 132.716 and the arithmetic still holds
    // row by row; the report must say the convention came from the option.
    let run = work.run(&[
        "check",
        "--format",
        "json",
        "--number-format",
        "en",
        SOC_TRANG,
    ]);
    let file = &run.json()["files"][0];
    assert_eq!(file["number_format"]["convention"], "en");
    assert_eq!(file["number_format"]["basis"], "option");
    let sector_two = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"] == 22 && f["rule"] == "sector-sum")
        .expect("sector II still differs");
    assert_eq!(sector_two["declared"], "13.233");
}

#[test]
fn ambiguous_convention_is_said_not_guessed_silently() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    // `132.716` reads either way; rows such as `5.000 = 4.500 + 500` add up only as vi.
    let run = work.run(&["check", SOC_TRANG]);
    assert!(
        run.stdout.contains(
            "numbers read as vi (the rows add up more often read so than as en: cells such as \
             line 9 `132.716`"
        ),
        "{}",
        run.stdout
    );
    // Where every row adds up either way, the header's language decides, and says so.
    work.write(
        "scaled.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\nI,Y tế,,,\n1,Trạm y tế,1.500,1.500,\n",
    );
    let run = work.run(&["check", "scaled.csv"]);
    assert!(
        run.stdout.contains(
            "numbers read as vi (assumed from the header's language: cells such as line 3 `1.500`"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_vietnamese_table_grouped_the_english_way_is_read_by_its_sums() {
    // Excel set to English writes `1,700` under a Vietnamese header: read as vi, every
    // row would be off by three orders of magnitude. The sums tell, and the one real
    // mistake (aid 460 in a sector of 450) is all that is reported.
    let work = Workdir::new();
    work.fixture("grouped-en-vietnamese-header.csv");
    let run = work.run(&[
        "check",
        "--format",
        "json",
        "grouped-en-vietnamese-header.csv",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let file = &run.json()["files"][0];
    assert_eq!(file["number_format"]["convention"], "en");
    assert_eq!(file["number_format"]["basis"], "sums");
    assert_eq!(file["unit"], "nghìn USD");
    assert_eq!(file["province"], "Kiên Giang");
    let findings = file["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4, "{findings:#?}");
    assert!(
        findings.iter().all(|f| f["difference"] == "-10"),
        "{findings:#?}"
    );
    let run = work.run(&["check", "--lang", "vi", "grouped-en-vietnamese-header.csv"]);
    assert!(
        run.stdout
            .contains("số liệu đọc theo en (đọc theo cách này thì nhiều dòng cộng đúng hơn"),
        "{}",
        run.stdout
    );
}

/// A table in USD whose every figure is a round thousand written the English way
/// (`350,000`) under a Vietnamese header: the rows add up either way, so the sums cannot
/// tell; a figure ending in three zeros is a thousands group, not three decimals.
#[test]
fn round_thousands_grouped_the_other_way_are_read_as_thousands() {
    let table = "STT,Tên dự án,Địa điểm thực hiện,Thời gian,Tổng kinh phí (USD),Vốn PCPNN (USD),Vốn đối ứng (USD)\n\
                 I,LĨNH VỰC Y TẾ,,,\"350,000\",\"300,000\",\"50,000\"\n\
                 1,Nâng cao năng lực y tế cơ sở,Huyện Hướng Hóa,2021-2023,\"200,000\",\"180,000\",\"20,000\"\n\
                 2,Phòng chống suy dinh dưỡng,Huyện Đakrông,2022-2024,\"150,000\",\"120,000\",\"30,000\"\n\
                 ,TỔNG CỘNG,,,\"350,000\",\"300,000\",\"50,000\"\n";
    let work = Workdir::new();
    work.write("usd.csv", table)
        .write("usd-vi.csv", table.replace(",000", ".000"))
        .write(
            "some.csv",
            table
                .replace("150,000", "150,500")
                .replace("120,000", "120,500")
                .replace("350,000", "350,500")
                .replace("300,000", "300,500"),
        );
    let read = |name: &str| {
        let run = work.run(&["check", "--format", "json", name]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let numbers = &run.json()["files"][0]["number_format"];
        let sums = work.run(&["summary", "--format", "csv", name]).stdout;
        (
            numbers["convention"].clone(),
            numbers["basis"].clone(),
            sums,
        )
    };
    let (convention, basis, sums) = read("usd.csv");
    assert_eq!((convention, basis), ("en".into(), "whole-thousands".into()));
    assert!(sums.contains(",2,350000,300000,50000"), "{sums}");
    // Written the Vietnamese way, the same figures read the same.
    assert_eq!(read("usd-vi.csv").2, sums);
    // A figure that does not end in `000` leaves the header's language to decide.
    let (convention, basis, _) = read("some.csv");
    assert_eq!((convention, basis), ("vi".into(), "assumed".into()));
    let vi = work.run(&["check", "--lang", "vi", "usd.csv"]).stdout;
    assert!(vi.contains("ô nào cũng tận cùng bằng `000`"), "{vi}");
}

#[test]
fn mixed_conventions_are_refused_with_both_lines_named() {
    let work = Workdir::new();
    work.fixture("mixed-numbers.csv");
    let run = work.run(&["check", "mixed-numbers.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("mixed-numbers.csv:3:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("line 2 `38.305,31` and line 3 `38305.31`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--number-format"), "{}", run.stderr);
    // With the convention given, the cell that does not fit is a located finding.
    let run = work.run(&["check", "--number-format", "en", "mixed-numbers.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("mixed-numbers.csv:2:3: error[not-a-number]"),
        "{}",
        run.stdout
    );
}

#[test]
fn metadata_options_override_the_file() {
    let work = Workdir::new();
    work.fixture("clean-tidy-en.csv");
    let run = work.run(&[
        "check",
        "--format",
        "json",
        "--source-unit",
        "million VND",
        "--period",
        "2022 - 2023",
        "--province",
        "Sóc Trăng",
        "clean-tidy-en.csv",
    ]);
    let file = &run.json()["files"][0];
    assert_eq!(file["unit"], "million VND");
    assert_eq!(file["province"], "Sóc Trăng");
    // Projects running 2021-2025 and 2023-2024 fall outside a 2022-2023 programme.
    assert_eq!(
        findings(&run.json()),
        pairs(&[
            (2, "period-outside-programme"),
            (5, "period-outside-programme")
        ])
    );
}

/// A title that writes its programme's years without `giai đoạn` (`… CAO BẰNG
/// 2021-2025`, or after a comma in English) still gives the programme period; one that
/// writes two spans gives none.
#[test]
fn a_span_of_years_in_the_title_is_the_programme_period() {
    let work = Workdir::new();
    let body = "No.,Project title,Total budget,NGO funding,Counterpart funds\n\
                I,Health,3000,2500,500\n\
                1,Commune health station,1000,800,200\n\
                2,Medical equipment,2000,1700,300\n";
    work.write(
        "one.csv",
        format!("LIST OF PROJECTS CALLING FOR NGO AID, 2021-2025\n{body}"),
    );
    work.write(
        "two.csv",
        format!("\"RESULTS 2016-2020, PLAN 2021-2023\"\n{body}"),
    );
    let run = work.run(&["check", "--format", "json", "one.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let period = &run.json()["files"][0]["period"];
    assert_eq!(
        (&period["start"], &period["end"]),
        (&2021.into(), &2025.into())
    );
    let run = work.run(&["check", "--format", "json", "two.csv"]);
    assert_eq!(
        run.json()["files"][0]["period"],
        Value::Null,
        "{}",
        run.stdout
    );
    assert!(findings(&run.json()).is_empty(), "{}", run.stdout);
}

#[test]
fn several_files_are_each_reported_and_an_unreadable_one_exits_two() {
    let work = Workdir::new();
    work.data(SOC_TRANG)
        .fixture("clean-tidy-en.csv")
        .fixture("empty.csv");
    let run = work.run(&["check", SOC_TRANG, "clean-tidy-en.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("soc-trang-2020-2025.csv: published layout")
    );
    assert!(run.stdout.contains("clean-tidy-en.csv: tidy layout"));
    assert!(
        run.stdout
            .ends_with("checked 2 files: 4 errors, 2 warnings\n"),
        "{}",
        run.stdout
    );

    let run = work.run(&[
        "check",
        "--format",
        "json",
        "empty.csv",
        "clean-tidy-en.csv",
    ]);
    assert_eq!(run.code, 2);
    let report = run.json();
    assert!(
        report["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("empty.csv: the file is empty")
    );
    assert_eq!(report["files"][1]["layout"], "tidy");
}

/// A file the system writes as it is read says it holds nothing (`/proc`): it is read,
/// not found empty. (Linux only: no such file elsewhere.)
#[cfg(target_os = "linux")]
#[test]
fn a_file_written_as_it_is_read_is_read() {
    let work = Workdir::new();
    let run = work.run_once(&["check", "/proc/self/status"], &[], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("/proc/self/status:1: no header row found"),
        "{}",
        run.stderr
    );
}

/// Broken inputs: exit 2 and an error naming the file and the line (and column).
#[test]
fn broken_inputs_get_located_errors() {
    let cases = [
        ("empty.csv", "empty.csv: the file is empty"),
        ("no-header.csv", "no-header.csv:1: no header row found"),
        (
            "unbalanced-quote.csv",
            "unbalanced-quote.csv:3:8: a quoted cell opened here is never closed",
        ),
        (
            "missing-column.csv",
            "missing-column.csv:1: the header has no column for the project name",
        ),
        (
            "damaged-utf8.csv",
            "damaged-utf8.csv:3:8: byte 0xFF is not valid UTF-8",
        ),
        ("truncated-utf16.txt", "truncated-utf16.txt:6:"),
    ];
    for (name, expected) in cases {
        let work = Workdir::new();
        work.fixture(name);
        let run = work.run(&["check", name]);
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
    }
}

#[test]
fn missing_column_error_lists_the_headers_found() {
    let work = Workdir::new();
    work.fixture("missing-column.csv");
    let run = work.run(&["check", "missing-column.csv"]);
    assert!(
        run.stderr
            .contains("headers found: `STT`, `Cơ quan chủ trì`, `Tổng vốn`, `Ghi chú`"),
        "{}",
        run.stderr
    );
}

/// The plan given where a catalogue is read, and the catalogue where a plan is: each is
/// named for what it is, with the command that reads it.
#[test]
fn a_plan_and_a_catalogue_given_to_each_others_commands_are_named() {
    let work = Workdir::new();
    work.data(SOC_TRANG).data("soc-trang-plan-2020-2025.csv");
    for command in ["check", "summary", "list"] {
        let run = work.run(&[command, "soc-trang-plan-2020-2025.csv"]);
        assert_eq!(run.code, 2, "{command}");
        assert!(
            run.stderr.contains(
                "soc-trang-plan-2020-2025.csv:5: an implementation plan (tasks with their lead \
                 and partner agencies), not a catalogue of projects; `aidcat plan FILE` prints it"
            ),
            "{command}: {}",
            run.stderr
        );
    }
    // The catalogue is named at its header, the first (the others repeat it on each
    // page); a tidy one, and one naming too few of a plan's columns to be taken for a
    // plan's header, are named so too.
    work.fixture("two-sectors.csv").fixture("clean-tidy-en.csv");
    for (file, line) in [
        (SOC_TRANG, 8),
        ("two-sectors.csv", 3),
        ("clean-tidy-en.csv", 1),
    ] {
        let run = work.run(&["plan", file]);
        assert_eq!(run.code, 2, "{file}");
        assert!(
            run.stderr.contains(&format!(
                "{file}:{line}: a catalogue of projects and their amounts, not an \
                 implementation plan; `aidcat check FILE` and `aidcat summary FILE` read it"
            )),
            "{}",
            run.stderr
        );
    }
    let run = work.run(&["plan", "--lang", "vi", SOC_TRANG]);
    assert!(run.stderr.contains("là danh mục dự án"), "{}", run.stderr);
}

/// A plan whose lead column is `Đơn vị thực hiện` (who carries the task out) beside its
/// partners' is read; a catalogue's `Đơn vị thực hiện` (its owner, with no partners) is not
/// a plan's lead.
#[test]
fn a_plans_implementing_agency_beside_its_partners_is_its_lead() {
    let work = Workdir::new();
    work.write(
        "plan.csv",
        "TT,Nội dung,Thời gian,Đơn vị thực hiện,Đơn vị phối hợp\n\
         1,Tổ chức hội thảo,Hàng năm,Sở Kế hoạch và Đầu tư,Sở Tài chính\n",
    )
    .write(
        "catalogue.csv",
        "STT,Nội dung dự án,Thời gian thực hiện,Đơn vị thực hiện,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         1,Trạm y tế,2022,Sở Y tế,100,80,20\n",
    );
    let run = work.run(&["plan", "--format", "csv", "plan.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1,Tổ chức hội thảo,Hàng năm,Sở Kế hoạch và Đầu tư,Sở Tài chính"),
        "{}",
        run.stdout
    );
    let run = work.run(&["plan", "catalogue.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a catalogue of projects"),
        "{}",
        run.stderr
    );
    assert_eq!(work.run(&["check", "catalogue.csv"]).code, 0);
    // In a document of both tables, the plan's is found; in one without it, a plan's
    // header is what is asked for.
    let table = |rows: &[&[&str]]| {
        let rows: String = (rows.iter())
            .map(|cells| format!("<tr><td>{}</td></tr>", cells.join("</td><td>")))
            .collect();
        format!("<table>{rows}</table>")
    };
    let plan = table(&[
        &[
            "TT",
            "Nội dung",
            "Thời gian",
            "Đơn vị thực hiện",
            "Đơn vị phối hợp",
        ],
        &[
            "1",
            "Tổ chức hội thảo",
            "Hàng năm",
            "Sở Kế hoạch và Đầu tư",
            "Sở Tài chính",
        ],
    ]);
    let catalogue = table(&[
        &[
            "STT",
            "Tên dự án",
            "Chủ quản",
            "Tổng vốn",
            "Vốn viện trợ",
            "Vốn đối ứng",
        ],
        &["1", "Trạm y tế xã A", "Sở Y tế", "1.200", "1.000", "200"],
    ]);
    work.write(
        "both.html",
        format!("<html><body>{plan}{catalogue}</body></html>"),
    )
    .write(
        "catalogues.html",
        format!("<html><body>{catalogue}{catalogue}</body></html>"),
    );
    let run = work.run(&["plan", "--format", "csv", "both.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Sở Kế hoạch và Đầu tư"),
        "{}",
        run.stdout
    );
    assert_eq!(work.run(&["check", "both.html"]).code, 0);
    let run = work.run(&["plan", "catalogues.html"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "none of the document's 2 tables has the header this command reads; expected a row \
             naming the columns, such as `TT, Nội dung, Thời gian, Đơn vị chủ trì"
        ),
        "{}",
        run.stderr
    );
}

/// Money columns in different units (aid in USD, counterpart in triệu đồng) cannot be
/// added as written: refused, naming both, rather than every row found wrong. One unit
/// written two ways (`Tr.đ`, `triệu đồng`) is one unit.
#[test]
fn money_columns_in_different_units_are_refused_naming_both() {
    let work = Workdir::new();
    let table = |counterpart: &str| {
        format!(
            "STT,Tên dự án,Tổng vốn (Tr.đ),Vốn viện trợ (triệu đồng),{counterpart}\n\
             I,Lĩnh vực y tế,1.440,1.200,240\n1,Trạm y tế xã A,1.440,1.200,240\n"
        )
    };
    work.write("mixed.csv", table("Vốn đối ứng (USD)"))
        .write("one.csv", table("Vốn đối ứng (triệu VND)"));
    let run = work.run(&["check", "mixed.csv"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "mixed.csv:1: the money columns state different units: `Tổng vốn (Tr.đ)` in Tr.đ, \
             `Vốn đối ứng (USD)` in USD"
        ),
        "{}",
        run.stderr
    );
    let run = work.run(&["check", "--format", "json", "one.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["unit"], "Tr.đ");
}

/// An amount written twice, in two units (`Tổng vốn (USD) | Tổng vốn (triệu đồng)`, a
/// conversion for donors beside the figures), beside aid and counterpart in one of them:
/// the column in their unit is read, the other is a column not read. Before, the first
/// was taken: the file was refused for money columns in different units, or, where the
/// others state no unit, every row was found off by its figure in dollars.
#[test]
fn an_amount_written_in_two_units_is_read_in_the_others_unit() {
    let work = Workdir::new();
    let table = |totals: &str, parts: &str| {
        format!(
            "ĐVT: triệu đồng\nSTT,Tên dự án,{totals},Vốn viện trợ{parts},Vốn đối ứng{parts}\n\
             I,Lĩnh vực y tế,130000,3000,2500,500\n1,Trạm y tế xã A,43000,1000,800,200\n\
             2,Trạm y tế xã B,87000,2000,1700,300\n"
        )
    };
    work.write(
        "stated.csv",
        table("Tổng vốn (USD),Tổng vốn (triệu đồng)", " (triệu đồng)"),
    )
    .write("unstated.csv", table("Tổng vốn (USD),Tổng vốn", ""));
    for file in ["stated.csv", "unstated.csv"] {
        let run = work.run(&["check", "--format", "json", file]);
        assert_eq!(run.code, 0, "{file}: {}{}", run.stdout, run.stderr);
        let report = &run.json()["files"][0];
        assert_eq!(report["unit"], "triệu đồng", "{report}");
        assert_eq!(
            report["unread_columns"],
            serde_json::json!(["Tổng vốn (USD)"])
        );
        let list = work.run(&["list", "--format", "csv", file]).stdout;
        assert!(list.contains("Trạm y tế xã A,,,,1000,800,200"), "{list}");
    }
    // In the other order, the dollars read where aid and counterpart are in dollars.
    let dollars = "STT,Tên dự án,Tổng vốn (triệu đồng),Tổng vốn (USD),Vốn viện trợ (USD),\
                   Vốn đối ứng (USD)\n1,Trạm y tế xã A,1000,43000,40000,3000\n";
    work.write("dollars.csv", dollars);
    let run = work.run(&["check", "--format", "json", "dollars.csv"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["files"][0]["unit"], "USD");
}

/// A title stating one unit (`ĐVT: triệu đồng`, left from another table) over money
/// columns stating another (`(USD)`): the columns' unit is taken, and a note names both
/// and the flag that takes the title's. Before, the title's was taken without a word.
/// One unit written two ways is no disagreement.
#[test]
fn a_title_unit_the_columns_contradict_is_named() {
    let work = Workdir::new();
    let body = "I,Y tế,300,200,100\n1,Trạm y tế A,100,60,40\n2,Trạm y tế B,200,140,60\n";
    let header = |unit: &str| {
        format!("ĐVT: triệu đồng\nSTT,Tên dự án,Tổng vốn ({unit}),Vốn viện trợ,Vốn đối ứng\n{body}")
    };
    work.write("usd.csv", header("USD"))
        .write("same.csv", header("Tr.đ"));
    let run = work.run(&["check", "--format", "json", "usd.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["unit"], "USD");
    let summary = work.run(&["summary", "usd.csv"]).stdout;
    assert!(summary.contains("unit: USD"), "{summary}");
    assert!(
        summary.contains(
            "usd.csv: the title states the unit `triệu đồng` but column `Tổng vốn (USD)` states \
             `USD`: the column's unit is taken; if the title is right, pass --source-unit \"triệu đồng\""
        ),
        "{summary}"
    );
    let chosen = work
        .run(&["summary", "--source-unit", "triệu đồng", "usd.csv"])
        .stdout;
    assert!(chosen.contains("unit: triệu đồng"), "{chosen}");
    assert!(!chosen.contains("the title states"), "{chosen}");
    let same = work.run(&["check", "--format", "json", "same.csv"]);
    assert_eq!(same.json()["files"][0]["unit"], "triệu đồng");
    assert!(
        same.json()["files"][0]["readings"].is_null(),
        "{}",
        same.stdout
    );
    // A column that is not read states its own figures' unit, not the file's: the USD
    // figures beside their value in đồng stay in the title's USD. A label merged over
    // the money columns, or a header cell saying `ĐVT:`, states theirs.
    let beside = |group: &str, note: &str| {
        format!(
            "ĐVT: USD
STT,Tên dự án,{group},,,Tương đương (triệu đồng),{note}
             ,,Tổng vốn,Vốn viện trợ,Vốn đối ứng,,
{body}"
        )
    };
    work.write("equivalent.csv", beside("Kinh phí", "Ghi chú"))
        .write("over.csv", beside("Kinh phí (nghìn USD)", "Ghi chú"))
        .write("marked.csv", beside("Kinh phí", "ĐVT: nghìn USD"));
    for (file, unit) in [
        ("equivalent.csv", "USD"),
        ("over.csv", "nghìn USD"),
        ("marked.csv", "nghìn USD"),
    ] {
        let run = work.run(&["check", "--format", "json", file]);
        assert_eq!(
            run.json()["files"][0]["unit"],
            unit,
            "{file}: {}",
            run.stdout
        );
    }
}

/// Sectors numbered `1.` over projects `1.1.`, `1.2.` (as typed, or as a word processor's
/// two-level list draws them): messages name sector `1` and project `1.2`. Before, the
/// project was `1..1.2`, the sector's code and the project's number joined as written.
#[test]
fn numbers_written_with_a_dot_are_named_without_it() {
    let work = Workdir::new();
    work.write(
        "dots.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n1.,Lĩnh vực y tế,300,200,100\n\
         1.1.,Trạm y tế A,100,60,40\n1.2.,Trạm y tế B,200,140,61\n",
    );
    let run = work.run(&["check", "dots.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("error[sector-sum]: sector 1 `Lĩnh vực y tế`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("error[row-sum]: project 1.2 `Trạm y tế B`"),
        "{}",
        run.stdout
    );
    let vi = work.run(&["check", "--lang", "vi", "dots.csv"]).stdout;
    assert!(vi.contains("Lĩnh vực 1 \"Lĩnh vực y tế\""), "{vi}");
}

/// A plan's command asks for a plan's header, and for a plan, where it finds neither, and
/// for tasks where a header has none under it.
#[test]
fn a_plan_without_a_header_is_asked_for_with_a_plans_columns() {
    let work = Workdir::new();
    work.write("notes.csv", "Ghi chú,Người ghi\nHọp ngày 5/5,Anh Ba\n")
        .write("empty.csv", "");
    let run = work.run(&["plan", "notes.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "notes.csv:1: no header row found in the first 2 rows: expected a row naming the \
             columns, such as `TT, Nội dung, Thời gian, Đơn vị chủ trì, Đơn vị phối hợp`"
        ),
        "{}",
        run.stderr
    );
    let run = work.run(&["plan", "--lang", "vi", "empty.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("empty.csv: tệp rỗng; cần một kế hoạch thực hiện có dòng tiêu đề"),
        "{}",
        run.stderr
    );
    // A plan's header with no task under it (a template, the wrong sheet) is said so,
    // not printed as an empty plan.
    work.write(
        "template.csv",
        "KẾ HOẠCH THỰC HIỆN\nTT,Nhiệm vụ,Thời gian,Đơn vị chủ trì,Đơn vị phối hợp\n,,,,\n",
    );
    let run = work.run(&["plan", "template.csv"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "template.csv:2: the plan's header has no task under it (a row with words in its \
             column `Nhiệm vụ`): nothing to list"
        ),
        "{}",
        run.stderr
    );
    // In a province's folder, the template is still a plan, passed over by its roll-up.
    work.data_in("province", &["soc-trang-2020-2025.csv"]);
    std::fs::copy(
        work.path().join("template.csv"),
        work.path().join("province/template.csv"),
    )
    .expect("copy the template");
    let run = work.run(&["summary", "province"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("an implementation plan, not a catalogue; passed over"),
        "{}",
        run.stdout
    );
    // Its report shows no plan, and is written (exit 1 for Sóc Trăng's own findings).
    let run = work.run(&["report", "province", "-o", "province.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(work.path().join("province.html").exists());
    // The catalogue's commands still ask for a catalogue's.
    let run = work.run(&["check", "notes.csv"]);
    assert!(
        run.stderr.contains("such as `STT, Tên dự án, Tổng vốn"),
        "{}",
        run.stderr
    );
}

/// Names counted by a column and not numbered are groups of projects: a table of totals,
/// refused as one, though a published table may number no row.
#[test]
fn a_table_counting_projects_by_name_is_refused_as_a_table_of_totals() {
    let work = Workdir::new();
    work.write(
        "totals.csv",
        "Tên lĩnh vực,Số dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\nY tế,2,1.000,800,200\n",
    );
    let run = work.run(&["check", "totals.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("totals.csv:1: a table of totals (a count of projects on each row)"),
        "{}",
        run.stderr
    );
}

#[test]
fn binary_data_missing_files_and_folders_are_refused() {
    let work = Workdir::new();
    work.write("program.csv", b"\x7fELF\x02\x01\x01\n\n\0\0\0\x03\0");
    let run = work.run(&["check", "program.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("program.csv:3:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("binary data"), "{}", run.stderr);

    let run = work.run(&["check", "nowhere.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nowhere.csv: no such file"),
        "{}",
        run.stderr
    );

    std::fs::create_dir(work.path().join("folder.csv")).unwrap();
    let run = work.run(&["check", "folder.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("folder.csv: names no catalogue file"),
        "{}",
        run.stderr
    );
}

/// A figure marked with a footnote (`1.000*`, `2.000 (*)`) is its amount: the table adds
/// up, where the marked cells were not numbers and their sectors off by them.
#[test]
fn a_footnote_mark_after_a_figure_is_not_read() {
    let work = Workdir::new();
    work.write(
        "marked.csv",
        "STT,Tên dự án,Chủ đầu tư,Thời gian thực hiện,Tổng vốn,Vốn viện trợ,Vốn đối ứng,Ghi chú\n\
         I,Giáo dục,,,3.000,2.400,600,\n\
         1,Trường mầm non An,Sở Giáo dục,2021-2025,1.000*,800,200,(*) dự kiến\n\
         2,Trường THCS Bình,Sở Giáo dục,2021-2025,2.000 (*),1.600,400,\n\
         Tổng cộng,,,,3.000,2.400,600,\n",
    );
    let run = work.run(&["check", "marked.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn words_in_an_amount_are_a_located_finding() {
    let work = Workdir::new();
    work.write(
        "words.csv",
        "sector,name,total,aid,counterpart\nHealth,Clinic,five hundred,400,100\n",
    );
    let run = work.run(&["check", "words.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "words.csv:2:3: error[not-a-number]: `five hundred` in column `total` is not a number"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_usage_exits_two_and_names_the_value() {
    let work = Workdir::new();
    let run = work.run(&["check", "--number-format", "fr", "x.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("'fr'"), "{}", run.stderr);
    let run = work.run(&["check", "--period", "2025-2020", "x.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("ends (2020) before it starts (2025)"),
        "{}",
        run.stderr
    );
    assert_eq!(work.run(&["check"]).code, 2);
}

/// Issue 10: one mistyped cell (`500.5`) in a catalogue whose other amounts group
/// thousands with `.` made the whole file read in the English convention, every `12.000`
/// as 12. The many decide; the one is a located finding, and reports say it counts as zero.
#[test]
fn one_cell_in_the_other_convention_does_not_flip_the_file() {
    let work = Workdir::new();
    let mut text =
        String::from("STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\nI,Lĩnh vực y tế,,,\n");
    for i in 1..=12 {
        text.push_str(&format!("{i},Dự án {i},12.000,10.000,2.000\n"));
    }
    text.push_str("13,Dự án lạc,500.5,500.5,0\n");
    work.write("flip.csv", text);
    let run = work.run(&["check", "flip.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("flip.csv:15:3: error[not-a-number]: `500.5` in column `Tổng vốn` reads as a number only in the en convention"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("numbers read as vi (most amounts are written so"),
        "{}",
        run.stdout
    );
    let run = work.run(&["summary", "flip.csv", "--format", "csv"]);
    assert!(
        run.stdout.contains(",13,144000,120000,24000"),
        "{}",
        run.stdout
    );
    let run = work.run(&["summary", "flip.csv"]);
    assert!(
        run.stdout.contains("could not be read and count as zero"),
        "{}",
        run.stdout
    );
}

/// Issue 10: a Vietnamese header over amounts grouped the English way (`132,716`) is read
/// with a decimal comma, as the header's language says; reports now say so.
#[test]
fn a_convention_assumed_against_the_cells_is_noted_in_reports() {
    let work = Workdir::new();
    work.write(
        "en-grouped.csv",
        "Lĩnh vực,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\nY tế,Trạm,132,716,100,716,32,000\n"
            .replace(
                "132,716,100,716,32,000",
                "\"132,716\",\"100,716\",\"32,000\"",
            ),
    );
    let run = work.run(&["summary", "en-grouped.csv"]);
    assert!(
        run.stdout
            .contains("en-grouped.csv: numbers read as vi (assumed"),
        "{}",
        run.stdout
    );
    let run = work.run(&["list", "en-grouped.csv"]);
    assert!(
        run.stdout.contains("numbers read as vi (assumed"),
        "{}",
        run.stdout
    );
}

/// Issue 9: `check` takes the output options every report takes: `--format`, `-o`,
/// `--lang`, through the one format type.
#[test]
fn check_writes_its_findings_in_every_format_and_to_a_file() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let run = work.run(&["check", SOC_TRANG, "--format", "csv"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "file,where,severity,rule,message,declared,computed,difference,hint"
    );
    assert_eq!(lines.len(), 1 + 6, "{}", run.stdout);
    assert!(
        lines[2].contains(",13233,12873,360,\"aid is off by the same amount"),
        "{}",
        lines[2]
    );
    let run = work.run(&["check", SOC_TRANG, "-o", "findings.md"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(work.path().join("findings.md")).unwrap();
    assert!(written.contains("| sector-sum |"), "{written}");
    let run = work.run(&["check", SOC_TRANG, "-o", "findings.xlsx"]);
    assert_eq!(run.code, 1);
    let bytes = std::fs::read(work.path().join("findings.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let run = work.run(&["check", SOC_TRANG, "-o", SOC_TRANG]);
    assert_eq!(run.code, 2, "the input is never overwritten");
}

/// Issue 12 (first part): `check` speaks Vietnamese when the locale is Vietnamese or
/// `--lang vi` says so; `--lang en` English; the JSON differs only in the messages.
#[test]
fn check_speaks_the_officers_language() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let vi = work.run_once(&["check", SOC_TRANG], &[], &[("LANG", "vi_VN.UTF-8")]);
    assert_eq!(vi.code, 1);
    assert!(
        vi.stdout.contains(
            "soc-trang-2020-2025.csv:22:7: lỗi[sector-sum]: Lĩnh vực II \"Lĩnh vực an sinh xã hội\": \
             tổng vốn ghi 13.233 nhưng cộng các dự án được 12.873, chênh +360 Triệu đồng"
        ),
        "{}",
        vi.stdout
    );
    assert!(
        vi.stdout
            .ends_with("đã kiểm tra 1 tệp: 4 lỗi, 2 cảnh báo\n"),
        "{}",
        vi.stdout
    );
    let en = work.run_once(
        &["check", SOC_TRANG, "--lang", "en"],
        &[],
        &[("LANG", "vi_VN.UTF-8")],
    );
    assert!(
        en.stdout.contains("error[sector-sum]: sector II"),
        "{}",
        en.stdout
    );
    // JSON's texts for people are in the user's language; its data is the same in both.
    let json = |lang: &str| {
        let run = work.run(&["check", SOC_TRANG, "--format", "json", "--lang", lang]);
        let mut value = run.json();
        let basis = value["files"][0]["number_format_basis"].take();
        let said =
            ["the rows add up more often", "nhiều dòng cộng đúng hơn"][usize::from(lang == "vi")];
        assert!(basis.as_str().is_some_and(|b| b.contains(said)), "{basis}");
        for finding in value["files"][0]["findings"].as_array_mut().unwrap() {
            finding["message"] = serde_json::Value::Null;
            for hint in finding["hints"].as_array_mut().into_iter().flatten() {
                hint["message"] = serde_json::Value::Null;
            }
        }
        value
    };
    assert_eq!(json("vi"), json("en"));
}

/// Issue 12: usage errors, read errors and `--help` in the officer's language.
#[test]
fn usage_and_read_errors_and_help_speak_vietnamese() {
    let work = Workdir::new();
    let vi = |args: &[&str]| work.run_once(args, &[], &[("LANG", "vi_VN.UTF-8")]);
    let run = vi(&["check", "--bogus", "x.csv"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        "aidcat: lỗi: không có tham số `--bogus`; xem `aidcat check --help`"
    );
    let run = vi(&["check", "--format", "xml", "x.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("giá trị `xml` không hợp lệ cho --format"),
        "{}",
        run.stderr
    );
    let run = vi(&["check", "nowhere.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("aidcat: lỗi: nowhere.csv: không có tệp này"),
        "{}",
        run.stderr
    );
    let run = vi(&["check", "--help"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("Kiểm tra số liệu của danh mục"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Ví dụ:"), "{}", run.stdout);
    // --lang en wins over the locale, and English stays the default elsewhere.
    let run = vi(&["check", "--lang", "en", "nowhere.csv"]);
    assert!(
        run.stderr.contains("nowhere.csv: no such file"),
        "{}",
        run.stderr
    );
    let run = work.run(&["check", "--bogus", "x.csv"]);
    assert!(
        run.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        run.stderr
    );
}

/// A value an option cannot take is said with what is expected, in both languages (the
/// English was Rust's own `invalid digit found in string`, the Vietnamese said nothing);
/// a mistyped command or option is named with the one meant, an option left without its
/// value is said so, and the commands listed are all of them.
#[test]
fn usage_errors_say_what_is_expected_in_both_languages() {
    let work = Workdir::new();
    work.write(
        "c.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n1,A,10,6,4\n",
    );
    let cases: [(&[&str], &str, &str); 9] = [
        (
            &["list", "--year", "20x", "c.csv"],
            "invalid value '20x' for '--year <YEAR>': expected a year of four digits, such as 2024",
            "giá trị `20x` không hợp lệ cho --year <YEAR>: cần một năm viết đủ bốn chữ số, ví dụ 2024",
        ),
        (
            &["plan", "--year", "99999", "c.csv"],
            "expected a year of four digits",
            "cần một năm viết đủ bốn chữ số",
        ),
        (
            &["summary", "--width", "wide", "c.csv"],
            "expected a number of columns, such as 120",
            "cần một số cột, ví dụ 120",
        ),
        (
            &["check", "--table", "0", "c.csv"],
            "expected a table's number, counted from 1",
            "cần số thứ tự của bảng, đếm từ 1",
        ),
        (
            &["check", "--delimiter", "|", "c.csv"],
            "invalid value '|' for '--delimiter <DELIMITER>': expected `,`, `;` or `tab`",
            "giá trị `|` không hợp lệ cho --delimiter <DELIMITER>: cần `,`, `;` hoặc `tab`",
        ),
        (
            &["check", "--period", "2025-2020", "c.csv"],
            "it ends (2020) before it starts (2025)",
            "năm kết thúc (2020) trước năm bắt đầu (2025)",
        ),
        (
            &["chek", "c.csv"],
            "a similar subcommand exists: 'check'",
            "không có lệnh `chek`; các lệnh: check, summary, plan, list, convert, fix, report, completions, man; có phải ý bạn là `check`?",
        ),
        (
            &["check", "--stict", "c.csv"],
            "a similar argument exists: '--strict'",
            "không có tham số `--stict`; có phải ý bạn là `--strict`?",
        ),
        (
            &["list", "c.csv", "--sector"],
            "a value is required for '--sector <SECTOR>' but none was supplied",
            "thiếu giá trị cho --sector <SECTOR>",
        ),
    ];
    for (args, en, vi) in cases {
        let run = work.run_once(args, &[], &[("LANG", "C")]);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(en), "{args:?}: {}", run.stderr);
        let run = work.run_once(args, &[], &[("LANG", "vi_VN.UTF-8")]);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.starts_with("aidcat: lỗi: ") && run.stderr.contains(vi),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = work.run_once(
        &["check", "--strict=yes", "c.csv"],
        &[],
        &[("LANG", "vi_VN.UTF-8")],
    );
    assert_eq!(
        run.stderr.trim(),
        "aidcat: lỗi: tham số --strict không nhận giá trị (`yes`); xem `aidcat check --help`"
    );
    // The values still taken are taken.
    for args in [
        &["list", "--year", "2021", "c.csv"][..],
        &["check", "--delimiter", "comma", "c.csv"],
        &["summary", "--width", "80", "c.csv"],
    ] {
        assert_eq!(work.run(args).code, 0, "{args:?}");
    }
}

/// Every command's help is Vietnamese throughout, clap's headings, defaults and value
/// lists too (they were English under Vietnamese about-texts).
#[test]
fn every_commands_help_is_vietnamese_throughout() {
    let work = Workdir::new();
    let commands = [
        "check",
        "summary",
        "plan",
        "list",
        "convert",
        "fix",
        "report",
        "completions",
        "man",
    ];
    let mut asks: Vec<Vec<&str>> = vec![vec!["-h"], vec!["--help"], vec!["help"]];
    for command in commands {
        asks.extend([
            vec![command, "-h"],
            vec![command, "--help"],
            vec!["help", command],
        ]);
    }
    let english = [
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "[default:",
        "[possible values:",
        "Possible values:",
        "Print ",
    ];
    for args in asks {
        let run = work.run_once(&args, &[], &[("LANG", "vi_VN.UTF-8")]);
        assert_eq!(run.code, 0, "aidcat {args:?}: {}", run.stderr);
        assert!(run.stdout.contains("Cách dùng: aidcat"), "aidcat {args:?}");
        for words in english {
            assert!(
                !run.stdout.contains(words),
                "aidcat {args:?}: {words}\n{}",
                run.stdout
            );
        }
    }
}

/// On Windows no locale variable is set: Windows' display language chooses. Run where the
/// Windows build is tested (under Wine, whose display language follows `LC_MESSAGES`), the
/// variables cleared in the Windows environment by `cmd` before aidcat starts.
#[test]
fn on_windows_the_display_language_chooses_vietnamese() {
    let Some(windows) = crate::harness::windows_build() else {
        return;
    };
    let work = Workdir::new();
    // Wine takes a display language only where the system has the locale: one made here.
    let locales = work.path().join("locales");
    std::fs::create_dir_all(&locales).unwrap();
    let made = std::process::Command::new("localedef")
        .args(["-i", "vi_VN", "-f", "UTF-8"])
        .arg(locales.join("vi_VN.UTF-8"))
        .status();
    assert!(
        locales.join("vi_VN.UTF-8").exists(),
        "localedef could not make vi_VN.UTF-8: {made:?}"
    );
    let (wine, exe) = (&windows[0], &windows[1]);
    let exe = format!("Z:{}", exe.replace('/', "\\"));
    let cleared = format!("set LANG=& set LC_ALL=& set LC_MESSAGES=& {exe} check nowhere.csv");
    for (display, said) in [
        ("vi_VN.UTF-8", "aidcat: lỗi: nowhere.csv: không có tệp này"),
        ("C.UTF-8", "aidcat: error: nowhere.csv: no such file"),
    ] {
        let output = std::process::Command::new(wine)
            .args(["cmd", "/c", &cleared])
            .current_dir(work.path())
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LANGUAGE")
            .env("LC_MESSAGES", display)
            .env("LOCPATH", &locales)
            .output()
            .expect("run the Windows build");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(said), "{display}: {stderr}");
    }
}

#[test]
fn amounts_written_but_unreadable_are_not_said_to_be_missing() {
    let work = Workdir::new();
    work.write(
        "units.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\nI,Y tế,,,\n\
         1,Trạm y tế,500 triệu,400 triệu,100 triệu\n2,Xe,,,\n3,Giường bệnh,50,40,10\n",
    );
    // The figures alone (project 3) are in no unit stated: the file has none, and the
    // units beside project 1's figures cannot be read.
    let run = work.run(&["check", "--format", "json", "units.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rules: Vec<(String, u64)> = run.json()["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("not-a-number", 3),
        ("not-a-number", 3),
        ("not-a-number", 3),
        ("no-amounts", 4),
    ];
    // Each says the figure has a unit beside it, which the officer can act on.
    let findings = run.json()["files"][0]["findings"].clone();
    for finding in findings.as_array().unwrap().iter().take(3) {
        assert_eq!(finding["details"]["reason"], "with-unit", "{finding:#}");
    }
    let expected: Vec<(String, u64)> = expected.iter().map(|(r, l)| (r.to_string(), *l)).collect();
    assert_eq!(rules, expected);
}

/// A formula's error value (`#REF!`, `#VALUE!`, `#N/A`) in a subtotal, a project row over
/// its parts or the grand total declares nothing: it is reported once, as the formula
/// error it is, with its cause. Before, each was also read as a declared 0, and every
/// sum over it was an error of its own (ten errors here for four cells).
#[test]
fn a_formula_error_is_named_and_declares_nothing() {
    let work = Workdir::new();
    work.write(
        "errors.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Y tế,#REF!,2.000,1.000\n1,Trạm A,1.000,700,300\n2,Trạm B,2.000,1.300,700\n\
         II,Giáo dục,1.500,1.000,#VALUE!\n1,Trường C,1.500,#N/A,500\n\
         1.1,Khối lớp học,1.000,700,300\n1.2,Nhà ăn,500,300,200\n\
         ,Tổng cộng,4.500,3.000,#REF!\n",
    );
    let run = work.run(&["check", "--format", "json", "errors.csv"]);
    let json = run.json();
    let found: Vec<(&str, u64, &str)> = (json["files"][0]["findings"].as_array().unwrap())
        .iter()
        .map(|f| {
            let reason = &f["details"]["reason"]["formula-error"]["error"];
            (
                f["rule"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                reason.as_str().unwrap_or("none"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("not-a-number", 2, "reference"),
            ("not-a-number", 5, "value"),
            ("not-a-number", 6, "not-found"),
            ("not-a-number", 9, "reference"),
        ],
        "{json}"
    );
    let text = work.run(&["check", "errors.csv"]).stdout;
    assert!(
        text.contains(
            "errors.csv:2:3: error[not-a-number]: `#REF!` in column `Tổng vốn` is the error \
             value of a formula, not an amount (a cell it refers to was deleted): put the \
             formula right in the spreadsheet, save it, and check again"
        ),
        "{text}"
    );
    let vi = work.run(&["check", "--lang", "vi", "errors.csv"]).stdout;
    assert!(
        vi.contains("Ô \"#VALUE!\" ở cột \"Vốn đối ứng\" là giá trị lỗi của công thức"),
        "{vi}"
    );
}

/// A grand total labelled by the sectors it adds (`Cộng I + II`, `CỘNG (I+II)`) is the
/// table's, checked as one. Before, it was read as a component of the last project (the
/// last sector's subtotal then off by the whole table), or as a sector of its own.
#[test]
fn a_sum_labelled_by_the_sectors_it_adds_is_the_grand_total() {
    let work = Workdir::new();
    for label in ["Cộng I + II", "CỘNG (I+II):", "Tổng I+II"] {
        work.write(
            "sum.csv",
            format!(
                "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
                 I,Y tế,1.100,1.000,100\n1,Trạm A,1.100,1.000,100\n\
                 II,Giáo dục,500,400,100\n1,Trường B,500,400,100\n\
                 ,{label},1.700,1.400,200\n"
            ),
        );
        let run = work.run(&["check", "--format", "json", "sum.csv"]);
        assert_eq!(
            run.rules_and_differences(),
            [
                "row-sum 100",
                "grand-total 100",
                "grand-total-subtotals 100"
            ],
            "{label}"
        );
        assert_eq!(run.json()["files"][0]["counts"]["components"], 0, "{label}");
    }
}

/// A sheet saved with its formulas shown holds `=SUM(G4:G4)` where the subtotal belongs:
/// said to be a formula's text, with how to save the values (not "not a number; expected
/// an amount"), in an amount and in a breakdown's part alike. `formula-text.csv` is
/// `formula-subtotal.xlsx` saved by LibreOffice Calc with its option to export formulas
/// (`--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,true'`).
#[test]
fn a_formula_saved_as_its_text_says_to_save_the_values() {
    let work = Workdir::new();
    work.fixture("formula-text.csv");
    let run = work.run(&["check", "--format", "json", "formula-text.csv"]);
    let json = run.json();
    let found: Vec<(&str, u64, u64, &str)> = (json["files"][0]["findings"].as_array().unwrap())
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["details"]["reason"].as_str().unwrap_or("other"),
            )
        })
        .collect();
    let expected: Vec<_> = (7..=9)
        .map(|c| ("not-a-number", 3, c, "formula-text"))
        .collect();
    assert_eq!(found, expected, "{json}");
    let text = work.run(&["check", "formula-text.csv"]).stdout;
    assert!(
        text.contains(
            "formula-text.csv:3:7: error[not-a-number]: `=SUM(G4:G4)` in column `Tổng vốn` is a \
             formula's text, not its value: the sheet was saved with its formulas shown"
        ),
        "{text}"
    );
    let vi = work
        .run(&["check", "--lang", "vi", "formula-text.csv"])
        .stdout;
    assert!(
        vi.contains("Ô \"=SUM(H4:H4)\" ở cột \"Vốn viện trợ\" là văn bản của công thức"),
        "{vi}"
    );
    // A part of a breakdown, and a lone `=`, which is no formula.
    work.write(
        "parts.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng,Phân kỳ vốn viện trợ,\n\
         ,,,,,Năm 2024,Năm 2025\n\
         I,Y tế,1.000,800,200,400,400\n\
         1,Trạm A,1.000,800,=,400,=D4-F4\n",
    );
    let parts = work.run(&["check", "parts.csv"]).stdout;
    assert!(
        parts.contains(
            "parts.csv:4:7: warning[part-not-a-number]: `=D4-F4` in column `Năm 2025` under \
             `Phân kỳ vốn viện trợ` is not a figure (it is a formula's text, not its value)"
        ),
        "{parts}"
    );
    assert!(
        parts.contains(
            "parts.csv:4:5: error[not-a-number]: `=` in column `Vốn đối ứng` is not a number"
        ),
        "{parts}"
    );
}

/// A figure written with a unit of the file's currency beside it (`1,5 tỷ` in a table
/// in `triệu đồng`, `$150,000` under `Total (USD)`) is read in the file's unit, exactly,
/// and a note says so; a unit of another currency stays an error.
#[test]
fn figures_written_with_a_unit_of_the_files_currency_are_read_in_its_unit() {
    let work = Workdir::new();
    work.write(
        "dong.csv",
        "ĐVT: triệu đồng\n\
         STT,Tên dự án,Chủ dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Y tế,,2.500,2.000,500\n\
         1,Trạm y tế xã An,Sở Y tế,\"1,5 tỷ\",\"1,2 tỷ\",300 triệu\n\
         2,Trạm y tế xã Bình,Sở Y tế,1.000 tr.đ,800,200\n\
         ,Tổng cộng,,2.500,2.000,500\n",
    )
    .write(
        "dollars.csv",
        "No.,Project name,Owner,Total (USD),Aid (USD),Counterpart (USD)\n\
         I,Health,,\"$150,000\",\"$120,000\",\"$30,000\"\n\
         1,Commune clinic,DOH,\"$100,000\",\"$80,000\",\"$20,000\"\n\
         2,School,DOET,\"50,000 USD\",\"40,000 USD\",\"10,000 USD\"\n\
         ,Total,,\"$150,000\",\"$120,000\",\"$30,000\"\n",
    );
    for (name, line, sums) in [
        ("dong.csv", 4, ",2,2500,2000,500"),
        ("dollars.csv", 2, ",2,150000,120000,30000"),
    ] {
        let run = work.run(&["check", "--format", "json", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stdout);
        assert_eq!(
            run.json()["files"][0]["readings"],
            serde_json::json!([{"reading": "figures-with-unit", "line": line}]),
            "{name}"
        );
        let summary = work.run(&["summary", "--format", "csv", name]).stdout;
        assert!(summary.contains(sums), "{name}: {summary}");
    }
    let vi = work.run(&["check", "--lang", "vi", "dong.csv"]).stdout;
    assert!(
        vi.contains("quy đổi theo đơn vị của tệp (dòng đầu tiên: 4)"),
        "{vi}"
    );
    // A corrected workbook stores them as the figures read, so that its sums' formulas
    // (which add numbers, not text) hold in a spreadsheet.
    let off = std::fs::read_to_string(work.path().join("dong.csv"))
        .unwrap()
        .replace("I,Y tế,,2.500", "I,Y tế,,2.400");
    work.write("off.csv", off);
    let run = work.run(&["fix", "off.csv", "-o", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = work.run(&["check", "--format", "json", "fixed.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["files"][0]["readings"], serde_json::Value::Null);
    // Dollars in a table in đồng convert by no stated rate: the cell is an error.
    let dong = std::fs::read_to_string(work.path().join("dong.csv")).unwrap();
    let mixed = dong.replace("1.000 tr.đ", "\"50.000 USD\"");
    work.write("mixed.csv", mixed);
    let run = work.run(&["check", "--format", "json", "mixed.csv"]);
    assert_eq!(run.code, 1);
    let findings = run.json()["files"][0]["findings"].clone();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "not-a-number"
                && f["details"]["reason"] == "with-unit"
                && f["line"] == 5),
        "{findings:#}"
    );
}

/// A file that states no unit but writes one beside every figure (`$150,000` under a
/// plain `Total`, as Excel's currency format exports it) is in that unit, and says so. A
/// figure alone among dollars (a cell typed after the format was set) is in dollars too;
/// among figures in a multiple (`1,5 tỷ`), no unit is guessed for it.
#[test]
fn a_file_that_states_no_unit_is_in_the_unit_of_its_figures() {
    let work = Workdir::new();
    work.write(
        "dollars.csv",
        "LIST OF PROJECTS CALLING FOR NGO AID, QUANG TRI PROVINCE\n\
         No.,Project,Owner,Total,Funding requested,Counterpart\n\
         I,Health,,\"$350,000\",\"$300,000\",\"$50,000\"\n\
         1,Commune health station,DOH,\"$150,000\",\"$130,000\",\"$20,000\"\n\
         2,Clean water for schools,DOET,\"$200,000\",\"$170,000\",-\n\
         ,Total,,\"$350,000\",\"$300,000\",\"$50,000\"\n",
    );
    let run = work.run(&["check", "--format", "json", "dollars.csv"]);
    let json = run.json();
    let file = &json["files"][0];
    assert_eq!(file["unit"], "USD", "{json}");
    assert_eq!(
        file["readings"],
        serde_json::json!([
            {"reading": "unit-of-figures", "line": 3},
            {"reading": "figures-with-unit", "line": 3}
        ]),
        "{json}"
    );
    // Project 2 has no counterpart: its row is 30,000 off, and the counterpart of the
    // sector and of the grand total.
    assert_eq!(
        run.rules_and_differences(),
        ["sector-sum 30000", "row-sum 30000", "grand-total 30000"],
        "{json}"
    );
    let text = work.run(&["check", "dollars.csv"]).stdout;
    assert!(
        text.contains("note: the file states no unit (no `ĐVT:` line, none in a column's name), but its figures are written with one"),
        "{text}"
    );
    // A figure alone among dollars: the file is in dollars, and its rows are read as
    // adding up (`$2,400` is 2400, `en`), where each was an error.
    work.write(
        "some-alone.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Lĩnh vực y tế,\"$2,400\",\"$2,160\",$240\n\
         1,Trạm A,\"$1,200\",\"$1,080\",$120\n\
         2,Trạm B,\"US$1,200\",\"1,080 USD\",120\n",
    );
    let run = work.run(&["check", "--format", "json", "some-alone.csv"]);
    let file = &run.json()["files"][0];
    assert_eq!(
        (run.code, &file["unit"]),
        (0, &"USD".into()),
        "{}",
        run.stdout
    );
    assert_eq!(file["number_format"]["convention"], "en", "{}", run.stdout);
    // Letters beside a figure that name no unit (`x1`): not a number, not a figure with
    // its unit beside it.
    work.write(
        "letters.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n1,Trạm y tế xã An,100,x1,\n",
    );
    let run = work.run(&["check", "--format", "json", "letters.csv"]);
    let finding = &run.json()["files"][0]["findings"][0];
    assert_eq!(finding["details"]["reason"], "not-a-number", "{finding:#}");
    // One figure alone among figures in tỷ: in no unit anyone stated, so none is taken.
    work.write(
        "mixed.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         1,Trạm y tế xã An,\"1,5 tỷ\",\"1,3 tỷ\",200\n",
    );
    let run = work.run(&["check", "--format", "json", "mixed.csv"]);
    assert_eq!(run.json()["files"][0]["unit"], serde_json::Value::Null);
    assert_eq!(run.code, 1);
}

/// A period that is only a length (`36 tháng`, `2 năm`, `24 months`) is said to be one,
/// with what to write instead; a length beside the years is read as the years.
#[test]
fn a_period_that_is_only_a_length_is_named_so() {
    let work = Workdir::new();
    work.write(
        "lengths.csv",
        "sector,name,period,total,aid,counterpart\n\
         Y tế,Trạm A,36 tháng,100,60,40\n\
         Y tế,Trạm B,24 months,100,60,40\n\
         Y tế,Trạm C,3 năm (2022-2024),100,60,40\n\
         Y tế,Trạm D,hai năm,100,60,40\n",
    );
    let run = work.run(&["check", "--format", "json", "--lang", "vi", "lengths.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(
        findings_with(&json, "kind"),
        [
            (2, "period-unreadable", "period-length"),
            (3, "period-unreadable", "period-length"),
            (5, "period-unreadable", "period-unreadable"),
        ],
        "{json}"
    );
    let message = json["files"][0]["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"36 tháng\" cho biết dự án kéo dài bao lâu"),
        "{message}"
    );
    let run = work.run(&["summary", "--by", "year", "--format", "csv", "lengths.csv"]);
    assert!(run.stdout.contains("\n2022,1,"), "{}", run.stdout);
}

/// Excel's accounting format shows a negative in brackets, and writes it so to CSV:
/// `(100)` is -100, a negative amount, not a cell that is not a number; its marks tell
/// the file's number format as any amount's do.
#[test]
fn an_amount_in_brackets_is_a_negative_one() {
    let work = Workdir::new();
    work.write(
        "accounting.csv",
        "Lĩnh vực,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         Y tế,Trạm A,100,\"(60)\",160\n\
         Y tế,Trạm B,\"(1,200.5)\",\"(1,000)\",\"(200.5)\"\n",
    );
    let run = work.run(&["check", "--format", "json", "accounting.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let json = run.json();
    assert_eq!(
        findings_with(&json, "value"),
        [
            (2, "negative-amount", "-60"),
            (3, "negative-amount", "-1200.5"),
            (3, "negative-amount", "-1000"),
            (3, "negative-amount", "-200.5"),
        ],
        "{json}"
    );
    let numbers = &json["files"][0]["number_format"];
    assert_eq!(numbers["convention"], "en", "{json}");
    assert_eq!(
        numbers["example"],
        serde_json::json!([3, "(1,200.5)"]),
        "{json}"
    );
}

/// A money cell that is not an amount says why where its words do: the amount not known
/// yet (`Chưa xác định`), a range of two figures, a figure with words beside it, a
/// percentage where the amount belongs. Before, each was only "not a number".
#[test]
fn a_cell_that_is_not_an_amount_says_why() {
    let work = Workdir::new();
    work.write(
        "words.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         1,Trạm A,1.500,1.000,Chưa xác định\n\
         2,Trạm B,1.500 - 2.000,1.000,500\n\
         3,Trạm C,1.500,1.000 (ODA),500\n\
         4,Trạm D,1.500,một nghìn,500\n\
         5,Trạm E,1.500,1.350,10%\n",
    );
    let run = work.run(&["check", "--format", "json", "--lang", "vi", "words.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let json = run.json();
    let reasons: Vec<(u64, &str, &str)> = (findings_with(&json, "reason").into_iter())
        .filter(|(_, rule, _)| *rule == "not-a-number")
        .collect();
    assert_eq!(
        reasons,
        [
            (2, "not-a-number", "not-known-yet"),
            (3, "not-a-number", "range"),
            (4, "not-a-number", "with-words"),
            (5, "not-a-number", "not-a-number"),
            (6, "not-a-number", "percentage")
        ],
        "{json}"
    );
    assert!(
        json["files"][0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("\"Chưa xác định\" ở cột \"Vốn đối ứng\" cho biết số tiền chưa xác định"),
        "{json}"
    );
}

/// Vietnamese tables write `x` where a figure does not apply, and `Không` (none): no
/// amount, as an empty cell or `-`, in both layouts; on a row of sums, `x` declares no
/// sum, so none is compared with it, and `fix` leaves it. Before, each was `not-a-number`.
#[test]
fn an_x_or_khong_in_a_money_cell_is_no_amount() {
    let work = Workdir::new();
    work.write(
        "published.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Y tế,2.000,1.950,x\n\
         1,Trạm A,1.000,1.000,x\n\
         2,Trạm B,500,450,50\n\
         3,Trạm C,200,200,Không\n\
         4,Trạm D,300,300,xx\n\
         ,Tổng cộng,2.000,1.950,50\n\
         ,Ghi chú,x,X,x\n",
    );
    work.write(
        "tidy.csv",
        "Lĩnh vực,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         Y tế,Trạm A,1000,1000,x\n\
         Y tế,Trạm B,200,200,không\n\
         Y tế,Trạm C,300,300,xx\n",
    );
    for (file, line) in [("published.csv", 6), ("tidy.csv", 4)] {
        let run = work.run(&["check", "--format", "json", file]);
        let json = run.json();
        assert_eq!(
            findings_with(&json, "text"),
            [(line, "not-a-number", "xx")],
            "{json}"
        );
    }
    // `fix` leaves a sum that does not apply as written.
    let run = work.run(&["fix", "-o", "fixed.csv", "published.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    assert_eq!(
        fixed.lines().nth(1),
        Some("I,Y tế,2.000,1.950,x"),
        "{fixed}"
    );
}

/// An amount broken down into columns of its own beside it (aid by year under `Phân kỳ
/// vốn viện trợ`, counterpart by source under `Trong đó` right after it): each row's parts
/// are checked against its amount, in a CSV export and in a workbook whose group labels
/// are merged and figures stored as numbers. Before, the columns were only named as not
/// read, and a row whose parts did not add up passed. A group that is no share of an
/// amount (people served, a rate in percent) stays columns not read.
#[test]
fn an_amount_broken_down_into_columns_is_checked_against_its_parts() {
    let work = Workdir::new();
    work.fixture("breakdown-columns.csv")
        .fixture("breakdown-columns.xlsx");
    for file in ["breakdown-columns.csv", "breakdown-columns.xlsx"] {
        let run = work.run(&["check", "--format", "json", file]);
        assert_eq!(run.code, 1, "{file}: {}{}", run.stdout, run.stderr);
        // The two rows' mistakes put the sector's and the grand total's sums of the
        // column off too (`breakdown-column-sum`), each hinted back to its row.
        assert_eq!(
            run.rules_and_differences(),
            [
                "breakdown-column-sum 50",
                "breakdown-sum 50",
                "breakdown-column-sum -270",
                "breakdown-sum -270",
                "breakdown-column-sum 50",
                "breakdown-column-sum -270"
            ],
            "{file}"
        );
        let report = &run.json()["files"][0];
        let places: Vec<(u64, u64)> = (report["findings"].as_array().unwrap().iter())
            .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
            .collect();
        assert_eq!(
            places,
            [(5, 7), (7, 6), (8, 9), (9, 8), (10, 7), (10, 9)],
            "{file}"
        );
        // The sums are right: the hints name the row's part under both findings.
        let sector = &report["findings"][0]["hints"][0];
        assert_eq!(
            (
                &sector["hint"],
                &sector["row"]["line"],
                &sector["should_be"]
            ),
            (&"part-off".into(), &7.into(), &"150".into()),
            "{file}"
        );
        let row = &report["findings"][1]["hints"][0];
        assert_eq!(
            (&row["hint"], &row["lines"], &row["should_be"]),
            (
                &"part-agrees".into(),
                &serde_json::json!([5, 10]),
                &"150".into()
            ),
            "{file}"
        );
        let details = &report["findings"][3]["details"];
        assert_eq!(details["column"], "aid");
        assert_eq!(details["sum"], "2870");
        assert_eq!(details["parts"][1]["label"], "Năm 2025");
        let broken_down: Vec<(&str, &str)> = (report["readings"].as_array().unwrap().iter())
            .filter(|r| r["reading"] == "breakdown-checked")
            .map(|r| (r["label"].as_str().unwrap(), r["of"].as_str().unwrap()))
            .collect();
        assert_eq!(
            broken_down,
            [("Trong đó", "counterpart"), ("Phân kỳ vốn viện trợ", "aid")]
        );
        assert_eq!(
            report["unread_columns"],
            serde_json::json!(["Số người hưởng lợi – Nam", "Số người hưởng lợi – Nữ"])
        );
    }
    let vi = work.run(&["check", "--lang", "vi", "breakdown-columns.csv"]);
    assert!(
        vi.stdout.contains(
            "\"Nước sạch xã Pa Ủ\" (STT 2): vốn đối ứng ghi 400 nhưng cộng các cột chi tiết \
             \"Trong đó\" được 350 (Ngân sách tỉnh 250 + Dân đóng góp 100), chênh +50"
        ),
        "{}",
        vi.stdout
    );
    // Each row's breakdown and its sector's column agree on the part at fault: `fix`
    // writes it, and the copy checks clean.
    let fix = work.run(&["fix", "breakdown-columns.csv", "-o", "fixed.csv"]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    assert!(
        fix.stdout
            .contains("2 cells corrected, 0 rows left for the officer"),
        "{}",
        fix.stdout
    );
    assert!(
        fix.stdout
            .contains("it and the sum of its column on line 8 agree on this figure"),
        "{}",
        fix.stdout
    );
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).unwrap();
    let rows: Vec<&str> = fixed.lines().collect();
    assert_eq!(
        rows[6],
        "2,Nước sạch xã Pa Ủ,2.500,2.100,400,250,150,650,750,700,500,600"
    );
    assert_eq!(
        rows[8],
        "1,Trường bán trú xã Tà Tổng,3.000,2.600,400,300,100,800,1.250,550,700,800"
    );
    let again = work.run(&["check", "fixed.csv"]);
    assert_eq!(again.code, 0, "{}", again.stdout);
    // `Trong đó:` with its colon, in English `Of which:`.
    let of_which = "No.,Project,Total,Aid,Counterpart,Of which:,\n\
        ,,,,,Province budget,Community\n\
        1,Health station,\"1,000\",800,200,150,50\n\
        2,Clean water,\"2,000\",\"1,500\",500,300,100\n";
    work.write("of-which.csv", of_which);
    let run = work.run(&["check", "--format", "json", "of-which.csv"]);
    assert_eq!(run.rules_and_differences(), ["breakdown-sum 100"]);
    assert_eq!(
        run.json()["files"][0]["findings"][0]["details"]["column"],
        "counterpart"
    );
    // The total phased by year; a rate in percent under its own label is not checked.
    let phased = "ĐVT: triệu đồng\n\
        STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng,Phân kỳ đầu tư,,Tỷ lệ vốn (%),\n\
        ,,,,,2025,2026,Viện trợ,Đối ứng\n\
        1,Trạm y tế xã A,1.000,800,200,600,400,80,20\n\
        2,Trạm y tế xã B,2.000,1.500,500,1.000,1.100,75,25\n";
    work.write("phased.csv", phased);
    let run = work.run(&["check", "--format", "json", "phased.csv"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.rules_and_differences(), ["breakdown-sum -100"]);
    let report = &run.json()["files"][0];
    assert_eq!(report["findings"][0]["line"], 5);
    assert_eq!(report["findings"][0]["details"]["column"], "total");
    assert_eq!(
        report["unread_columns"],
        serde_json::json!(["Tỷ lệ vốn (%) – Viện trợ", "Tỷ lệ vốn (%) – Đối ứng"])
    );
    // Years under a label that names no amount break down the amount they add up to on
    // a row; years that add up to none (a timetable's marks) break nothing down.
    let years = |label: &str, first: &str, second: &str| {
        format!(
            "ĐVT: triệu đồng\nSTT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng,{label},,\n\
             ,,,,,2025,2026,2027\n1,Trạm y tế xã A,1.000,800,200,{first}\n\
             2,Trạm y tế xã B,2.000,1.500,500,{second}\n"
        )
    };
    work.write(
        "unlabelled.csv",
        years("Dự kiến bố trí", "400,400,", ",500,1.100"),
    )
    .write("timetable.csv", years("Phân kỳ thực hiện", "1,1,", ",1,1"));
    let run = work.run(&["check", "--format", "json", "unlabelled.csv"]);
    assert_eq!(run.rules_and_differences(), ["breakdown-sum -100"]);
    assert_eq!(
        run.json()["files"][0]["findings"][0]["details"]["column"],
        "aid"
    );
    let run = work.run(&["check", "--format", "json", "timetable.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let unread = &run.json()["files"][0]["unread_columns"];
    assert_eq!(unread.as_array().map(Vec::len), Some(3), "{unread}");
    // Side by side in one header row, columns whose labels differ only in their year.
    let side_by_side = "ĐVT: triệu đồng\n\
        STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng,Vốn viện trợ năm 2024,\
        Vốn viện trợ năm 2025,Ghi chú\n\
        1,Trạm y tế xã A,1.000,800,200,400,400,\n\
        2,Trạm y tế xã B,2.000,1.700,300,800,1.000,Năm 2025 khởi công\n";
    work.write("side-by-side.csv", side_by_side);
    let run = work.run(&["check", "--format", "json", "side-by-side.csv"]);
    assert_eq!(run.rules_and_differences(), ["breakdown-sum -100"]);
    let report = &run.json()["files"][0];
    assert_eq!(report["findings"][0]["line"], 4);
    assert!(report["unread_columns"].is_null(), "{report}");
}

/// A breakdown's columns summed level by level (`breakdown-column-sum`): a group row's,
/// a project row's over its parts (`1.1`, `1.2`), a sector row's figure under `Năm 2025`
/// against the rows it sums. Where the row of sums' own breakdown is off by as much, its
/// figure is named (`own-part-off`); where only the column is off (a sector's phasing that
/// moved 100 from one year to the next), the digit hint. Not compared: a row of sums that
/// fills no part (group B), a part written `x` (sector IV's 2026), a column with a part
/// that is no number (`chưa rõ` in 2024 under IV: IV's, B's and the grand total's 2024),
/// which a warning names (`part-not-a-number`).
/// Before, these columns were checked on each row only, and a subtotal's passed. The same
/// table typed into a workbook, its figures stored as numbers, gives the same findings.
#[test]
fn a_breakdowns_columns_are_summed_at_every_level() {
    let work = Workdir::new();
    work.fixture("breakdown-sums.csv");
    let mut files = vec!["breakdown-sums.csv".to_owned()];
    // LibreOffice opening the CSV in a Vietnamese locale (1066): `1.300` is 1300.
    if let Some(written) =
        work.libreoffice_file("breakdown-sums.csv", "xlsx", Some("CSV:44,34,76,1,,1066"))
    {
        std::fs::rename(written, work.path().join("breakdown-sums.xlsx")).unwrap();
        files.push("breakdown-sums.xlsx".to_owned());
    }
    for file in &files {
        let run = work.run(&["check", "--format", "json", file]);
        assert_eq!(run.code, 1, "{file}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            run.rules_and_differences(),
            [
                "breakdown-sum -100",
                "breakdown-column-sum 100",
                "breakdown-sum -100",
                "breakdown-column-sum 100",
                "breakdown-column-sum 100",
                "breakdown-column-sum -100",
                "part-not-a-number "
            ],
            "{file}"
        );
        let findings = run.json()["files"][0]["findings"].clone();
        // The part that is no number is said so, where it stands, as a warning.
        let unknown = &findings[6];
        assert_eq!(
            (&unknown["severity"], &unknown["line"], &unknown["column"]),
            (&"warning".into(), &17.into(), &6.into()),
            "{file}"
        );
        assert_eq!(
            (&unknown["details"]["part"], &unknown["details"]["reason"]),
            (&"Năm 2024".into(), &"not-known-yet".into()),
            "{file}"
        );
        let column_sums: Vec<(u64, u64, &str, &str, &str, &str)> = (findings.as_array().unwrap())
            .iter()
            .filter(|f| f["rule"] == "breakdown-column-sum")
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["details"]["subject"]["row"].as_str().unwrap(),
                    f["details"]["part"].as_str().unwrap(),
                    f["hints"][0]["hint"].as_str().unwrap(),
                    f["hints"][0]["should_be"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            column_sums,
            [
                (5, 7, "group-row", "Năm 2025", "own-part-off", "1500"),
                (10, 8, "project", "Năm 2026", "own-part-off", "500"),
                (14, 6, "sector-row", "Năm 2024", "mistyped-digit", ""),
                (14, 7, "sector-row", "Năm 2025", "mistyped-digit", ""),
            ],
            "{file}"
        );
        assert_eq!(findings[1]["details"]["label"], "Phân kỳ vốn viện trợ");
        assert_eq!(findings[1]["declared"], "1600");
        assert_eq!(findings[1]["computed"], "1500");
    }
    let vi = work.run(&["check", "--lang", "vi", "breakdown-sums.csv"]);
    assert!(
        vi.stdout.contains(
            "Dòng lĩnh vực III \"Lĩnh vực nông nghiệp\": cột \"Năm 2024\" của \"Phân kỳ vốn \
             viện trợ\" ghi 600 nhưng cộng các dự án được 500, chênh +100 triệu đồng"
        ),
        "{}",
        vi.stdout
    );
    // `fix` writes the two figures their rows' breakdowns and their columns agree on (the
    // group's 2025, the project's 2026) into a workbook, yellow; sector III's phasing,
    // which no second sum settles, is the officer's.
    let fix = work.run(&["fix", "breakdown-sums.csv", "-o", "fixed.xlsx"]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    assert!(
        fix.stdout
            .contains("2 cells corrected, 2 rows left for the officer"),
        "{}",
        fix.stdout
    );
    let again = work.run(&["check", "--format", "json", "fixed.xlsx"]);
    assert_eq!(
        again.rules_and_differences(),
        [
            "breakdown-column-sum 100",
            "breakdown-column-sum -100",
            "part-not-a-number "
        ]
    );
    let vi = work.run(&[
        "fix",
        "--lang",
        "vi",
        "breakdown-sums.csv",
        "-o",
        "fixed.csv",
    ]);
    assert!(
        vi.stdout
            .contains("các cột đó và cộng các dòng mà dòng này cộng cùng khớp với số mới"),
        "{}",
        vi.stdout
    );
}

/// An amount's columns under its label, one of them its total (`Vốn đối ứng` over `Tổng |
/// NS tỉnh | NS huyện`, the header three rows deep; over `NS tỉnh | Dân góp | Cộng`; `Vốn
/// viện trợ` over `Tổng số | Năm 2025 | Năm 2026`): the total is the amount, and the
/// others break it down, checked on each row and on each row of sums. Before, the others
/// were columns not read, or years labelled by the amount twice over
/// (`Vốn viện trợ – Năm 2025 – Vốn viện trợ – Năm 2026`). The three-row header saved by
/// LibreOffice Writer as `.docx`, `.odt` and `.doc` reads the same.
#[test]
fn an_amounts_columns_beside_its_total_break_it_down() {
    let work = Workdir::new();
    work.write(
        "three-rows.csv",
        "ĐVT: triệu đồng\n\
         STT,Tên dự án,Chủ đầu tư,Tổng vốn,Nguồn vốn,,,\n\
         ,,,,Vốn viện trợ,Vốn đối ứng,,\n\
         ,,,,,Tổng,NS tỉnh,NS huyện\n\
         A,Y tế,,1.000,800,200,150,50\n\
         1,Trạm y tế xã Lũng Cú,UBND huyện Đồng Văn,1.000,800,200,150,50\n\
         B,Giáo dục,,2.500,2.000,500,300,250\n\
         1,Trường bán trú Sủng Là,UBND huyện Đồng Văn,2.500,2.000,500,300,200\n\
         ,Tổng cộng,,3.500,2.800,700,450,250\n",
    )
    .write(
        "total-last.csv",
        "ĐVT: triệu đồng\n\
         STT,Tên dự án,Chủ đầu tư,Tổng vốn,Vốn viện trợ,Vốn đối ứng,,\n\
         ,,,,,NS tỉnh,Dân góp,Cộng\n\
         I,Y tế,,1.000,800,150,50,200\n\
         1,Trạm y tế xã A,UBND huyện,1.000,800,150,50,200\n\
         II,Giáo dục,,2.500,2.000,300,250,500\n\
         1,Trường B,UBND huyện,2.500,2.000,300,200,500\n\
         ,Tổng cộng,,3.500,2.800,450,250,700\n",
    )
    .write(
        "aid-by-year.csv",
        "ĐVT: triệu đồng\n\
         STT,Tên dự án,Chủ đầu tư,Tổng vốn,Vốn viện trợ,,,Vốn đối ứng\n\
         ,,,,Tổng số,Năm 2025,Năm 2026,\n\
         I,Y tế,,1.000,800,500,300,200\n\
         1,Trạm y tế xã A,UBND huyện,1.000,800,500,300,200\n\
         II,Giáo dục,,2.500,2.000,1.000,1.000,500\n\
         1,Trường B,UBND huyện,2.500,2.000,1.100,900,500\n\
         ,Tổng cộng,,3.500,2.800,1.600,1.200,700\n",
    );
    let counterpart = [
        ("three-rows.csv", (7, 8), ["NS tỉnh", "NS huyện"]),
        ("total-last.csv", (6, 7), ["NS tỉnh", "Dân góp"]),
    ];
    for (file, (line, column), parts) in counterpart {
        let run = work.run(&["check", "--format", "json", file]);
        assert_eq!(run.code, 1, "{file}: {}{}", run.stdout, run.stderr);
        // Sector B's `NS huyện` is 250 where its project's is 200: its own breakdown is
        // off by as much, so the hint names its figure.
        assert_eq!(
            run.rules_and_differences(),
            ["breakdown-sum -50", "breakdown-column-sum 50"],
            "{file}"
        );
        let report = &run.json()["files"][0];
        let sum = &report["findings"][1];
        assert_eq!(
            (&sum["line"], &sum["column"]),
            (&line.into(), &column.into())
        );
        assert_eq!(sum["details"]["part"], parts[1], "{file}");
        assert_eq!(sum["hints"][0]["hint"], "own-part-off", "{file}");
        assert_eq!(report["findings"][0]["details"]["column"], "counterpart");
        let labels: Vec<&str> = (report["findings"][0]["details"]["parts"].as_array())
            .unwrap()
            .iter()
            .map(|part| part["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, parts, "{file}");
        assert!(report["unread_columns"].is_null(), "{file}: {report}");
    }
    // The three-row header as LibreOffice Writer saves it, its cells merged across and
    // down: the same findings, at the document's cells.
    for document in [
        "amount-total-and-parts.docx",
        "amount-total-and-parts.odt",
        "amount-total-and-parts.doc",
    ] {
        work.fixture(document);
        let run = work.run(&["check", "--format", "json", document]);
        assert_eq!(
            run.rules_and_differences(),
            ["breakdown-sum -50", "breakdown-column-sum 50"],
            "{document}: {}",
            run.stderr
        );
        let report = run.json();
        let cells: Vec<&str> = (report["files"][0]["findings"].as_array().unwrap().iter())
            .map(|f| f["cell"].as_str().unwrap())
            .collect();
        assert_eq!(cells, ["'table 1'!G6", "'table 1'!H6"], "{document}");
    }
    let run = work.run(&["check", "--format", "json", "aid-by-year.csv"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.rules_and_differences(),
        ["breakdown-column-sum -100", "breakdown-column-sum 100"]
    );
    let report = &run.json()["files"][0];
    let checked: Vec<(&str, &str)> = (report["readings"].as_array().unwrap().iter())
        .filter(|r| r["reading"] == "breakdown-checked")
        .map(|r| (r["label"].as_str().unwrap(), r["of"].as_str().unwrap()))
        .collect();
    assert_eq!(checked, [("Vốn viện trợ", "aid")]);
    assert_eq!(report["findings"][0]["details"]["label"], "Vốn viện trợ");
}

/// Figures written with the đồng sign before them and English thousands commas
/// (`₫3,000,000,000`, as a sheet formatted as currency in an English locale exports
/// them): the commas say the convention, as they do without the sign. Before, the sign
/// hid them, the file was read as Vietnamese, and every figure was `not-a-number`.
#[test]
fn a_currency_sign_before_the_figure_hides_no_convention() {
    let work = Workdir::new();
    work.write(
        "dong.csv",
        "STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Lĩnh vực y tế,\"₫3,000,000,000\",\"₫2,500,000,000\",\"₫500,000,000\"\n\
         1,Trạm y tế xã A,\"₫1,000,000,000\",\"₫800,000,000\",\"₫200,000,000\"\n\
         2,Trạm y tế xã B,\"₫2,000,000,000\",\"₫1,700,000,000\",\"₫200,000,000\"\n",
    );
    let run = work.run(&["check", "--format", "json", "dong.csv"]);
    let json = run.json();
    let file = &json["files"][0];
    assert_eq!(file["number_format"]["convention"], "en", "{json}");
    assert_eq!(file["unit"], "đồng", "{json}");
    assert_eq!(
        run.rules_and_differences(),
        ["sector-sum 100000000", "row-sum 100000000"],
        "{json}"
    );
}

/// A tidy file phased by year (`Năm 2024 | Năm 2025`), long enough to be read in several
/// ranges when run in tiny ones, with Excel's sector totals and a grand total: a
/// project's 2025 typed 100 too high puts its row, its sector's total and the grand
/// total off, and the hints under the two sums name the project's figure, with the line
/// it has in the file, however the ranges fall.
#[test]
fn a_tidy_files_phasing_is_summed_into_its_sector_totals_and_grand_total() {
    let mut csv = String::from("Sector,Project,Total,Aid,Counterpart,Năm 2024,Năm 2025\n");
    let mut typo_line = 0;
    for sector in ["Health", "Education", "Water"] {
        for project in 1..=20 {
            let year_2025 = match (sector, project) {
                ("Education", 7) => {
                    typo_line = csv.lines().count() + 1;
                    700
                }
                _ => 600,
            };
            csv += &format!("{sector},{sector} project {project},1000,800,200,400,{year_2025}\n");
        }
        csv += &format!("{sector} Total,,20000,16000,4000,8000,12000\n");
    }
    csv += "Grand total,,60000,48000,12000,24000,36000\n";
    let (education_total, grand_total) = (typo_line + 14, csv.lines().count());
    let work = Workdir::new();
    work.write("phased.csv", &csv);
    let run = work.run(&["check", "--format", "json", "phased.csv"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.rules_and_differences(),
        [
            "breakdown-sum -100",
            "breakdown-column-sum -100",
            "breakdown-column-sum -100"
        ]
    );
    let findings = run.json()["files"][0]["findings"].clone();
    let lines: Vec<u64> = (findings.as_array().unwrap().iter())
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        [typo_line, education_total, grand_total].map(|line| line as u64)
    );
    assert_eq!(
        findings[0]["hints"][0]["lines"],
        serde_json::json!([education_total, grand_total])
    );
    for sum in &findings.as_array().unwrap()[1..] {
        assert_eq!(sum["hints"][0]["hint"], "part-off");
        assert_eq!(sum["hints"][0]["row"]["line"], typo_line);
        assert_eq!(sum["hints"][0]["should_be"], "600");
    }
}

/// A CSV written without quotes splits a cell that holds the separator (`xã A, huyện B`)
/// in two, and the cells after it move right: the row's figures, read in their columns,
/// do not add up, and its extra cell may be empty (a note column left blank). Such a row
/// is said to add up read one or two cells to the right, with the figures that do; a row
/// that only ends in a separator, or whose figures are simply wrong, is said nothing of.
#[test]
fn a_row_split_by_a_separator_not_in_quotes_is_said_to_add_up_further_right() {
    let work = Workdir::new();
    work.write(
        "unquoted.csv",
        "province,sector,code,name,owner,location,period,total,aid,counterpart,note\n\
         Vĩnh Phúc,Môi trường,VP-1,Trồng rừng,Sở NN,Tam Dương,2022,500,400,100,\n\
         Vĩnh Phúc,Môi trường,VP-2,Nhà tình thương, xã Đại Đình,Hội CTĐ,Tam Đảo,2021,700,600,100,\n\
         Vĩnh Phúc,Môi trường,VP-3,Cấp nước,UBND,xã Đạo Trù, huyện Tam Đảo, tỉnh Vĩnh Phúc,2023,900,850,50,\n\
         Vĩnh Phúc,Môi trường,VP-4,Trạm y tế,Sở Y tế,Vĩnh Yên,2024,300,200,50,,\n\
         Vĩnh Phúc,Môi trường,VP-5,Trường học,Sở GD,Vĩnh Yên,2024,80,60,20,,\n",
    );
    let run = work.run(&["check", "--format", "json", "unquoted.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let json = run.json();
    let shifted: Vec<(u64, u64, u64, String)> = (json["files"][0]["findings"].as_array())
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "extra-cells")
        .map(|f| {
            let d = &f["details"];
            let shifted = &d["shifted"];
            (
                f["line"].as_u64().unwrap(),
                d["cells"].as_u64().unwrap(),
                shifted["by"].as_u64().unwrap(),
                format!(
                    "{} {} {}",
                    shifted["total"], shifted["aid"], shifted["counterpart"]
                ),
            )
        })
        .collect();
    assert_eq!(
        shifted,
        [
            (3, 12, 1, r#""700" "600" "100""#.to_owned()),
            (4, 13, 2, r#""900" "850" "50""#.to_owned()),
        ],
        "{json}"
    );
    // Its sum, off where it stands, is told why: the cells shifted, not a digit.
    let row_sum_hints: Vec<(u64, Vec<&str>)> = (json["files"][0]["findings"].as_array())
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "row-sum")
        .map(|f| {
            let hints = (f["hints"].as_array().into_iter().flatten())
                .map(|hint| hint["hint"].as_str().unwrap_or_default())
                .collect();
            (f["line"].as_u64().unwrap(), hints)
        })
        .collect();
    // (Line 4's total cell holds a place's words: not-a-number, no sum.)
    assert_eq!(
        row_sum_hints,
        [(3, vec!["cells-shifted"]), (5, vec![])],
        "{json}"
    );
    // Rows split alike by the hundred: read in small ranges, a range's first row is told
    // the same cause as read whole (the harness runs this both ways).
    let many: String = (1..=120)
        .map(|n| {
            format!(
                "Vĩnh Phúc,Môi trường,VP-{n},Nhà {n}, xã Đại Đình,Hội,Tam Đảo,2021,700,600,100,\n"
            )
        })
        .collect();
    work.write(
        "many.csv",
        format!(
            "province,sector,code,name,owner,location,period,total,aid,counterpart,note\n{many}"
        ),
    );
    let run = work.run(&["check", "--format", "json", "many.csv"]);
    let causes: Vec<String> = (run.json()["files"][0]["findings"].as_array())
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "row-sum")
        .map(|f| f["hints"].to_string())
        .collect();
    assert_eq!(causes.len(), 120, "{}", run.stdout);
    assert!(
        causes
            .iter()
            .all(|hints| hints.contains("cells-shifted") && !hints.contains("total-of-row-above")),
        "{causes:?}"
    );
    // The wrong row that ends in a separator is a row-sum error only.
    let rules = findings(&json);
    assert!(rules.contains(&(5, "row-sum".to_owned())), "{json}");
    assert!(!rules.iter().any(|(line, _)| *line == 6), "{json}");

    // A published table's sector row split alike; said in Vietnamese too.
    work.write(
        "published.csv",
        "STT,Tên dự án,Cơ quan chủ quản,Tổng vốn,Vốn viện trợ,Vốn đối ứng,Ghi chú\n\
         I,Môi trường, biến đổi khí hậu,,1.500,1.200,300,\n\
         1,Xử lý rác thải,UBND huyện Tam Đảo,1.500,1.200,300,\n\
         ,Tổng cộng,,1.500,1.200,300,\n",
    );
    let run = work.run(&["check", "--lang", "vi", "published.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "published.csv:2: cảnh báo[extra-cells]: Dòng có 8 ô nhưng dòng tiêu đề chỉ có 7 cột, \
             và các số tiền của dòng cộng khớp khi đọc lệch sang phải 1 ô \
             (tổng vốn 1.500 = vốn viện trợ 1.200 + vốn đối ứng 300)"
        ),
        "{}",
        run.stdout
    );
}

/// A table saved as text by Word (or copied out of a web page) writes a cell merged
/// across columns as one: a sector's name over the owner's, place's and period's columns
/// leaves its row 3 cells short, its figures 3 cells left of their columns. They were not
/// read: the sector's subtotal and a wrong grand total were passed with exit 0. A row of
/// sums so short has them read from its last cells, and a warning says where they stood;
/// a project's row, or a row short only of its last cells, is read as it stands.
#[test]
fn a_row_merged_across_columns_has_its_figures_read_from_its_last_cells() {
    let work = Workdir::new();
    work.write(
        "word.txt",
        "STT\tTên dự án\tChủ đầu tư\tĐịa điểm\tThời gian\tTổng vốn\tVốn viện trợ\tVốn đối ứng\tGhi chú\n\
         I\tLĩnh vực y tế\t1.000\t800\t200\t\n\
         1\tDự án A\tSở Y tế\tHuyện X\t2021-2023\t600\t500\t100\t\n\
         2\tDự án B\tSở Y tế\tHuyện Y\t2021-2023\t400\t300\t100\t\n\
         II\tLĩnh vực giáo dục\t900\t900\t-\t\n\
         1\tTrường xã Đông\t500\t500\t-\t\n\
         2\tTrường xã Tây\tSở GD\tHuyện Y\n\
         \tTổng cộng\t2.000\t1.700\t300\t\n",
    );
    let run = work.run(&["check", "--format", "json", "word.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let json = run.json();
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let merged: Vec<(u64, u64, String)> = (findings.iter())
        .filter(|f| f["rule"] == "missing-cells")
        .map(|f| {
            let shifted = &f["details"]["shifted"];
            (
                f["line"].as_u64().unwrap(),
                shifted["by"].as_u64().unwrap(),
                format!(
                    "{} {} {}",
                    shifted["total"], shifted["aid"], shifted["counterpart"]
                ),
            )
        })
        .collect();
    assert_eq!(
        merged,
        [
            (2, 3, r#""1000" "800" "200""#.to_owned()),
            (5, 3, r#""900" "900" "0""#.to_owned()),
            (8, 3, r#""2000" "1700" "300""#.to_owned()),
        ],
        "{json}"
    );
    let rules: Vec<(u64, &str, u64)> = (findings.iter())
        .filter(|f| f["rule"] != "missing-cells")
        .map(|f| {
            let line = f["line"].as_u64().unwrap();
            (
                line,
                f["rule"].as_str().unwrap(),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // Sector II's subtotal 900 against its projects' 0 (neither has figures in its
    // columns), and the grand total 2.000 against 1.000 and against the subtotals' 1.900;
    // on those rows each at the cell that holds the figure (the total's column is 6, the
    // cell 3); a project's row, as wide as the header, at its columns.
    assert_eq!(
        rules,
        [
            (5, "sector-sum", 3),
            (5, "sector-sum", 4),
            (6, "no-amounts", 6),
            (6, "period-unreadable", 5),
            (7, "no-amounts", 6),
            (8, "grand-total", 3),
            (8, "grand-total", 4),
            (8, "grand-total", 5),
            (8, "grand-total-subtotals", 3),
            (8, "grand-total-subtotals", 5),
        ],
        "{json}"
    );
    let vi = work.run(&["check", "--lang", "vi", "word.txt"]);
    assert!(
        vi.stdout.contains(
            "word.txt:2: cảnh báo[missing-cells]: Dòng có 6 ô nhưng dòng tiêu đề có 9 cột, và không có ô nào ở các cột số tiền: số tiền của dòng được đọc từ các ô cuối (tổng vốn 1.000, vốn viện trợ 800, vốn đối ứng 200), lệch sang trái 3 ô"
        ),
        "{}",
        vi.stdout
    );
    let summary = work.run(&["summary", "--format", "csv", "word.txt"]);
    assert!(
        summary.stdout.contains("I,Lĩnh vực y tế,2,1000,800,200"),
        "{}",
        summary.stdout
    );
    // `fix` writes nothing into such a row: its cells are not its columns'.
    let fix = work.run_once(&["fix", "word.txt", "-o", "-"], &[], &[]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    assert!(
        fix.stdout.contains("\nI,Lĩnh vực y tế,1.000,800,200,\n")
            && fix.stdout.contains("\n,Tổng cộng,2.000,1.700,300,\n"),
        "{}",
        fix.stdout
    );
    assert!(
        fix.stderr
            .contains("0 cells corrected, 3 rows left for the officer"),
        "{}",
        fix.stderr
    );
}

/// Word saves a table as text with each paragraph of a cell on a line of its own: a
/// project whose content is a list of three breaks its row over three lines, the first
/// without figures, the last starting `3. …`. It was read as three projects, one of them
/// numbered `2. Học tập…` with its figures in the owner's and place's columns, and the
/// real figures not checked. The lines below a project row of fewer cells than the
/// header and no figures are now read as the rest of it, and a note says so; `fix`
/// writes a figure put right into the line that holds it.
#[test]
fn a_row_broken_over_lines_inside_a_cell_is_read_as_one() {
    let work = Workdir::new();
    work.write(
        "word.txt",
        "STT\tTên dự án\tChủ đầu tư\tThời gian\tNội dung\tTổng vốn\tVốn viện trợ\tVốn đối ứng\tGhi chú\r\n\
         I\tLĩnh vực y tế\t\t\t\t1.000\t800\t200\t\r\n\
         1\tDự án A\tSở Y tế\t2021-2023\t1. Đào tạo cán bộ\r\n\
         2. Học tập kinh nghiệm\r\n\
         3. Tham quan\t600\t500\t150\t\r\n\
         2\tDự án B\tSở Y tế\t2021-2023\tXây trạm\t400\t300\t100\t\r\n\
         \tTổng cộng\t\t\t\t1.000\t800\t200\t\r\n",
    );
    let list = work.run(&["list", "--format", "csv", "word.txt"]);
    assert_eq!(
        list.stdout,
        "sector,number,name,owner,location,period,total,aid,counterpart\n\
         I,1,Dự án A,Sở Y tế,,2021-2023,600,500,150\n\
         I,2,Dự án B,Sở Y tế,,2021-2023,400,300,100\n"
    );
    let run = work.run(&["check", "--format", "json", "word.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let json = run.json();
    let file = &json["files"][0];
    assert_eq!(
        file["readings"],
        serde_json::json!([{"reading": "broken-rows", "line": 4}]),
        "{json}"
    );
    let rules: Vec<(u64, &str)> = (file["findings"].as_array().unwrap().iter())
        .map(|f| (f["line"].as_u64().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [(2, "sector-sum"), (3, "row-sum"), (7, "grand-total")],
        "{json}"
    );
    let vi = work.run(&["check", "--lang", "vi", "word.txt"]);
    assert!(
        vi.stdout
            .contains("bị ngắt xuống dòng trong một ô có nhiều đoạn, như khi Word lưu bảng thành văn bản (dòng đầu tiên: 4)"),
        "{}",
        vi.stdout
    );
    // Read as rows of their own when asked.
    let apart = work.run(&["list", "--no-continued-rows", "--format", "csv", "word.txt"]);
    assert!(
        apart.stdout.contains("\nI,3. Tham quan,600,500,"),
        "{}",
        apart.stdout
    );
    // The figure put right is written where it stands, the lines kept as they are.
    let fix = work.run_once(&["fix", "word.txt", "-o", "-"], &[], &[]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    assert!(
        fix.stdout.contains(
            "\r\n1,Dự án A,Sở Y tế,2021-2023,1. Đào tạo cán bộ\r\n2. Học tập kinh nghiệm\r\n3. Tham quan,600,500,100,\r\n"
        ),
        "{}",
        fix.stdout
    );
    assert!(fix.stderr.contains("1 cell corrected"), "{}", fix.stderr);
    // In a workbook copy the sector's sums are figures, not formulas over a row whose
    // cells are not on its line; the copy reads back without a finding.
    let copy = work.run_once(&["fix", "word.txt", "-o", "copy.xlsx"], &[], &[]);
    assert_eq!(copy.code, 0, "{}", copy.stderr);
    let back = work.run(&["check", "copy.xlsx"]);
    assert_eq!(back.code, 0, "{}", back.stdout);
    assert!(
        back.stdout.contains("0 errors, 0 warnings"),
        "{}",
        back.stdout
    );
    // No formula names the project's first line, which holds none of its figures (a
    // spreadsheet computing the sector's sums again gave 400 for 1.000).
    if let Some(sheet) = work.libreoffice("copy.xlsx", "fods", None) {
        for column in ["F", "G", "H"] {
            let named = format!("[.{column}3");
            assert!(!sheet.contains(&named), "{named} in {sheet}");
        }
        assert!(sheet.contains("of:=SUM([.F2])"), "{sheet}");
    }
}

/// A row broken over lines inside a cell, in a table whose amounts are broken down into
/// columns beside them: the joined row's parts are checked as a whole row's are, and
/// `fix` writes a part put right on the line that holds it. Before, the joined row's
/// parts were dropped: its breakdown went unchecked, and each sum of its columns was
/// found off by the row's parts.
#[test]
fn a_broken_row_keeps_the_parts_of_its_amounts() {
    let work = Workdir::new();
    let whole = crate::harness::fixture_text("breakdown-columns.csv");
    let broken = whole.replacen(
        "2,Nước sạch xã Pa Ủ,",
        "2,Nước sạch xã Pa Ủ\nhuyện Mường Tè,",
        1,
    );
    assert_ne!(broken, whole);
    work.write("whole.csv", &whole).write("broken.csv", &broken);
    let as_whole = work.run(&["check", "--format", "json", "whole.csv"]);
    let as_broken = work.run(&["check", "--format", "json", "broken.csv"]);
    assert_eq!(as_broken.code, as_whole.code, "{}", as_broken.stdout);
    assert_eq!(
        as_broken.rules_and_differences(),
        as_whole.rules_and_differences()
    );
    let fix = work.run_once(&["fix", "broken.csv", "-o", "fixed.csv"], &[], &[]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    let fixed = std::fs::read_to_string(work.path().join("fixed.csv")).expect("the copy");
    assert!(
        fixed.contains("\n2,Nước sạch xã Pa Ủ\nhuyện Mường Tè,2.500,2.100,400,250,150,"),
        "{fixed}"
    );
    let back = work.run(&["check", "fixed.csv"]);
    assert_eq!(back.code, 0, "{}", back.stdout);
}

/// A project name wrapped over two lines in its cell (Alt+Enter in Excel, kept in the
/// CSV's quotes) reads on one line in a message, in each language, and as written in
/// the JSON's data. It was shown with the break escaped (`xã A\u{a}huyện B`).
#[test]
fn a_name_wrapped_in_its_cell_reads_on_one_line_in_messages() {
    let work = Workdir::new();
    work.write(
        "wrapped.csv",
        "STT,Tên dự án,Chủ đầu tư,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Lĩnh vực y tế,,1.000,800,200\n\
         1,\"Trạm y tế xã A \r\nhuyện B\",Sở Y tế,600,500,150\n\
         2,Dự án C,Sở Y tế,400,300,100\n\
         ,Tổng cộng,,1.000,800,200\n",
    );
    let en = work.run(&["check", "wrapped.csv"]);
    assert_eq!(en.code, 1, "{}", en.stdout);
    assert!(
        en.stdout
            .contains("project I.1 `Trạm y tế xã A huyện B`: total 600"),
        "{}",
        en.stdout
    );
    assert!(!en.stdout.contains("\\u{"), "{}", en.stdout);
    let vi = work.run(&["check", "--lang", "vi", "wrapped.csv"]);
    assert!(
        vi.stdout
            .contains("Dự án I.1 \"Trạm y tế xã A huyện B\": tổng vốn ghi 600"),
        "{}",
        vi.stdout
    );
    let json = work
        .run(&["check", "--format", "json", "wrapped.csv"])
        .json();
    let finding = (json["files"][0]["findings"].as_array().unwrap().iter())
        .find(|f| f["rule"] == "row-sum")
        .expect("the row's finding");
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("`Trạm y tế xã A huyện B`"), "{message}");
    assert!(
        finding.to_string().contains("Trạm y tế xã A \\nhuyện B"),
        "{finding}"
    );
}
