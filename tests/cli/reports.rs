//! `summary`, `plan`, `list` and `convert`: every format, every `--by`, output files.

use crate::harness::{Workdir, csv_rows};

const SOC_TRANG: &str = "soc-trang-2020-2025.csv";
const PLAN: &str = "soc-trang-plan-2020-2025.csv";

fn soc_trang() -> Workdir {
    let work = Workdir::new();
    work.data(SOC_TRANG).data(PLAN);
    work
}

#[test]
fn summary_table_shows_six_sectors_and_marks_the_mismatch() {
    let work = soc_trang();
    let run = work.run(&["summary", "--lang", "en", "--width", "120", SOC_TRANG]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("summary_soc_trang_table", run.stdout);
}

#[test]
fn a_column_empty_in_every_row_is_left_out_of_the_table_not_the_export() {
    // A tidy file has no sector codes and no declared subtotals to mark.
    let work = Workdir::new();
    work.fixture("clean-tidy-en.csv");
    let run = work.run(&["summary", "--width", "120", "clean-tidy-en.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let heading = run.stdout.lines().nth(2).unwrap_or_default();
    assert!(
        heading.starts_with("│ Sector ") && !heading.contains("Code"),
        "{}",
        run.stdout
    );
    let csv = work.run(&["summary", "--format", "csv", "clean-tidy-en.csv"]);
    assert!(csv.stdout.starts_with("code,sector,"), "{}", csv.stdout);
}

#[test]
fn summary_csv_is_exactly_the_machine_format() {
    let work = soc_trang();
    let run = work.run(&["summary", "--format", "csv", SOC_TRANG]);
    assert_eq!(run.code, 0);
    let rows = csv_rows(&run.stdout);
    assert_eq!(
        rows[0],
        ["code", "sector", "projects", "total", "aid", "counterpart"]
    );
    let codes: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        codes,
        ["I", "II", "III", "IV", "V", "VI"],
        "document order, no total row"
    );
    insta::assert_snapshot!("summary_soc_trang_csv", run.stdout);
}

#[test]
fn summary_csv_sums_equal_the_project_rows() {
    // The sector sums of the CSV add up to what `list` totals from the same projects.
    let work = soc_trang();
    let summary = csv_rows(&work.run(&["summary", "--format", "csv", SOC_TRANG]).stdout);
    let listed = csv_rows(&work.run(&["list", "--format", "csv", SOC_TRANG]).stdout);
    let sum = |rows: &[Vec<String>], column: usize| -> rust_decimal::Decimal {
        rows[1..]
            .iter()
            .filter(|r| !r[column].is_empty())
            .map(|r| r[column].parse::<rust_decimal::Decimal>().unwrap())
            .sum()
    };
    assert_eq!(sum(&summary, 3), sum(&listed, 6));
    assert_eq!(sum(&summary, 4), sum(&listed, 7));
    assert_eq!(sum(&summary, 5), sum(&listed, 8));
}

#[test]
fn summary_by_every_grouping() {
    let work = soc_trang();
    for (by, key) in [
        ("owner", "owner"),
        ("location", "location"),
        ("period", "period"),
        ("year", "year"),
        ("province", "province"),
    ] {
        let run = work.run(&["summary", "--by", by, "--format", "csv", SOC_TRANG]);
        assert_eq!(run.code, 0, "{by}: {}", run.stderr);
        let rows = csv_rows(&run.stdout);
        assert_eq!(
            rows[0],
            [key, "projects", "total", "aid", "counterpart"],
            "{by}"
        );
        assert!(rows.len() > 1, "{by}");
    }
    let province = csv_rows(
        &work
            .run(&["summary", "--by", "province", "--format", "csv", SOC_TRANG])
            .stdout,
    );
    assert_eq!(province[1][0], "Sóc Trăng");
    assert_eq!(province[1][1], "25");
}

#[test]
fn summary_by_year_spreads_each_project_exactly() {
    let work = soc_trang();
    let years = csv_rows(
        &work
            .run(&["summary", "--by", "year", "--format", "csv", SOC_TRANG])
            .stdout,
    );
    let sectors = csv_rows(&work.run(&["summary", "--format", "csv", SOC_TRANG]).stdout);
    let column_sum = |rows: &[Vec<String>], column: usize| -> rust_decimal::Decimal {
        rows[1..]
            .iter()
            .map(|r| r[column].parse::<rust_decimal::Decimal>().unwrap())
            .sum()
    };
    for (year_column, sector_column) in [(2, 3), (3, 4), (4, 5)] {
        assert_eq!(
            column_sum(&years, year_column),
            column_sum(&sectors, sector_column)
        );
    }
    // Each year's total is its aid plus its counterpart.
    for row in &years[1..] {
        let value = |i: usize| row[i].parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(value(2), value(3) + value(4), "{row:?}");
    }
    let table = work
        .run(&["summary", "--by", "year", "--lang", "en", SOC_TRANG])
        .stdout;
    assert!(table.contains("Estimate:"), "{table}");
}

#[test]
fn summary_of_several_files_sums_and_compares_provinces() {
    let work = soc_trang();
    work.fixture("clean-tidy-vi-semicolon.csv");
    let run = work.run(&[
        "summary",
        "--by",
        "province",
        "--format",
        "csv",
        SOC_TRANG,
        "clean-tidy-vi-semicolon.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], "Sóc Trăng");
    assert_eq!(
        rows[2][0], "clean-tidy-vi-semicolon.csv",
        "a file without a province is named"
    );
    assert_eq!(rows[2][2], "2516.5");
}

#[test]
fn summary_refuses_to_sum_currencies_without_a_rate() {
    let work = soc_trang();
    std::fs::copy(work.path().join(SOC_TRANG), work.path().join("copy.csv")).unwrap();
    let run = work.run(&["summary", "--source-unit", "USD", SOC_TRANG, "copy.csv"]);
    assert_eq!(run.code, 0, "the option applies to every file");
    work.write(
        "usd.csv",
        "ĐVT: USD\nsector,name,total,aid,counterpart\nHealth,Clinic,500,400,100\n",
    );
    let run = work.run(&["summary", "--lang", "en", SOC_TRANG, "usd.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot convert usd.csv (unit USD) into million VND (the unit of soc-trang-2020-2025.csv) without a rate"),
        "{}",
        run.stderr
    );
    work.write(
        "pieces.csv",
        "ĐVT: chiếc\nsector,name,total,aid,counterpart\nHealth,Clinic,500,400,100\n",
    );
    let run = work.run(&["summary", "--lang", "en", SOC_TRANG, "pieces.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("(unit Triệu đồng) with pieces.csv (unit chiếc)"),
        "{}",
        run.stderr
    );
}

#[test]
fn summary_json_and_markdown_carry_totals_and_the_mismatch_note() {
    let work = soc_trang();
    let run = work.run(&["summary", "--format", "json", "--lang", "en", SOC_TRANG]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 6);
    assert_eq!(json["rows"][1]["code"], "II");
    assert_eq!(json["rows"][1]["total"], "12873");
    assert_eq!(json["total"]["projects"], 25);
    let notes = json["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| {
        n.as_str()
            .unwrap()
            .contains("total declared 13.233 vs computed 12.873")
    }));

    let run = work.run(&["summary", "--format", "markdown", "--lang", "vi", SOC_TRANG]);
    insta::assert_snapshot!("summary_soc_trang_markdown_vi", run.stdout);
}

#[test]
fn lang_defaults_from_the_environment() {
    let work = soc_trang();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aidcat"))
        .args(["summary", SOC_TRANG])
        .current_dir(work.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "vi_VN.UTF-8")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Tổng hợp theo lĩnh vực"), "{stdout}");
    assert!(stdout.contains("Vốn đối ứng"), "{stdout}");
}

#[test]
fn plan_prints_all_nine_tasks() {
    let work = soc_trang();
    let run = work.run(&["plan", "--lang", "en", "--width", "140", PLAN]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("plan_soc_trang_table", run.stdout);
    let rows = csv_rows(&work.run(&["plan", "--format", "csv", PLAN]).stdout);
    assert_eq!(rows[0], ["number", "task", "timing", "lead", "partners"]);
    let numbers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    assert!(
        !rows[6][1].contains("<p>"),
        "markup is dropped: {}",
        rows[6][1]
    );
}

/// A plan in English whose partners' column is `Support` has its partners read, and one
/// task is counted as one (`1 task`, not `1 tasks`).
#[test]
fn an_english_plans_support_column_is_its_partners() {
    let work = Workdir::new();
    work.write(
        "plan.csv",
        "No.,Activity,Responsible,Support,Deadline\n1,Workshop with NGOs,DPI,DOF,Q1 2021\n",
    );
    let rows = csv_rows(&work.run(&["plan", "--format", "csv", "plan.csv"]).stdout);
    assert_eq!(
        rows[1],
        ["1", "Workshop with NGOs", "Q1 2021", "DPI", "DOF"]
    );
    let table = work.run(&["plan", "--lang", "en", "plan.csv"]).stdout;
    assert!(table.ends_with("\n1 task\n"), "{table}");
}

#[test]
fn plan_year_filter_understands_timing_phrases() {
    let work = soc_trang();
    let numbers = |year: &str| -> Vec<String> {
        csv_rows(
            &work
                .run(&["plan", "--year", year, "--format", "csv", PLAN])
                .stdout,
        )[1..]
            .iter()
            .map(|r| r[0].clone())
            .collect()
    };
    // Task 4 is due `Năm 2020` only; the rest are yearly or over 2020-2025.
    assert_eq!(
        numbers("2020"),
        ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    );
    assert_eq!(numbers("2023"), ["1", "2", "3", "5", "6", "7", "8", "9"]);
}

/// A plan typed by an officer: deadlines (`Trước ngày 30/6/2024`), tasks that recur
/// (`Thường xuyên`) or run from a year on (`Từ năm 2025`), and timings that name no
/// year, which are kept in every year and named under the table.
#[test]
fn plan_year_filter_reads_deadlines_and_names_timings_it_cannot_read() {
    let work = Workdir::new();
    work.write(
        "plan.csv",
        "STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành\n\
         1,Xây dựng danh mục dự án,Sở KHĐT,Các sở ngành,Trước ngày 30/6/2024\n\
         2,Hội nghị xúc tiến,Sở Ngoại vụ,,Chậm nhất ngày 15 tháng 12 năm 2024\n\
         3,Cập nhật cơ sở dữ liệu,Sở KHĐT,,Thường xuyên\n\
         4,Giám sát dự án,Sở Ngoại vụ,,Từ năm 2025\n\
         5,Tổng kết,Sở KHĐT,,Quý IV/2025\n\
         6,Rà soát,Sở Tài chính,,Theo tiến độ dự án\n",
    );
    let run = |year: &str| work.run(&["plan", "--year", year, "--format", "csv", "plan.csv"]);
    let numbers = |year: &str| -> Vec<String> {
        csv_rows(&run(year).stdout)[1..]
            .iter()
            .map(|r| r[0].clone())
            .collect()
    };
    assert_eq!(numbers("2024"), ["1", "2", "3", "6"]);
    assert_eq!(numbers("2025"), ["3", "4", "5", "6"]);
    assert_eq!(numbers("2027"), ["3", "4", "6"]);
    let table = work.run(&["plan", "--year", "2025", "--lang", "vi", "plan.csv"]);
    assert!(
        table.stdout.ends_with(
            "4 nhiệm vụ\n1 nhiệm vụ được liệt kê ở mọi năm vì thời gian ghi không cho biết năm nào: dòng 7 `Theo tiến độ dự án`\n"
        ),
        "{}",
        table.stdout
    );
    let by_lead = work.run(&[
        "plan", "--by", "lead", "--year", "2024", "--lang", "en", "plan.csv",
    ]);
    assert!(
        by_lead.stdout.contains(
            "1 task listed in every year, their timing naming no year: line 7 `Theo tiến độ dự án`"
        ),
        "{}",
        by_lead.stdout
    );
    // Unfiltered, every task is listed and nothing is said of timings.
    let all = work.run(&["plan", "--lang", "en", "plan.csv"]).stdout;
    assert!(all.ends_with("\n6 tasks\n"), "{all}");
}

/// A plan that costs its tasks (`Kinh phí (triệu đồng)`, `Nguồn kinh phí`) has one
/// money column, as a catalogue may: its tasks, lead and partners name it a plan. `plan`
/// shows the budget as written, in its unit, and leaves the budget's total row out;
/// `check` names it a plan, and a province's folder passes it over rather than adding its
/// budget to the catalogue's totals.
#[test]
fn a_plan_with_a_budget_column_is_a_plan_not_a_catalogue() {
    let work = Workdir::new();
    let plan = "STT,Nội dung công việc,Đơn vị chủ trì,Đơn vị phối hợp,Thời gian thực hiện,Kinh phí (triệu đồng),Nguồn kinh phí\n\
                1,Hội thảo xúc tiến vận động viện trợ,Sở Ngoại vụ,Sở Kế hoạch và Đầu tư,Quý II/2024,200,Ngân sách tỉnh\n\
                2,In tài liệu giới thiệu dự án,Sở Ngoại vụ,,2024,50,Ngân sách tỉnh\n\
                ,Tổng cộng,,,,250,\n";
    std::fs::create_dir(work.path().join("province")).unwrap();
    work.write("province/ke-hoach.csv", plan);
    work.write(
        "province/danh-muc.csv",
        include_str!("../fixtures/two-sectors.csv"),
    );
    let run = work.run(&["plan", "--format", "csv", "province/ke-hoach.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    assert_eq!(
        rows[0],
        [
            "number", "task", "timing", "lead", "partners", "budget", "funding"
        ]
    );
    assert_eq!(rows.len(), 3, "{}", run.stdout);
    assert_eq!(rows[1][5..], ["200", "Ngân sách tỉnh"]);
    let table = work.run(&["plan", "--lang", "vi", "province/ke-hoach.csv"]);
    assert!(
        table.stdout.contains("Kinh phí (triệu đồng)"),
        "{}",
        table.stdout
    );
    let check = work.run(&["check", "--lang", "en", "province/ke-hoach.csv"]);
    assert_eq!(check.code, 2, "{}", check.stdout);
    assert!(
        check.stderr.contains("an implementation plan"),
        "{}",
        check.stderr
    );
    let alone = work.run(&["summary", "--format", "csv", "province/danh-muc.csv"]);
    let folder = work.run(&["summary", "--format", "csv", "--lang", "en", "province"]);
    assert_eq!(folder.code, 0, "{}", folder.stderr);
    assert_eq!(folder.stdout, alone.stdout);
    assert!(
        folder
            .stderr
            .contains("ke-hoach.csv: an implementation plan"),
        "{}",
        folder.stderr
    );
    // A catalogue that names its projects keeps its one money column beside an owner
    // called `Đơn vị chủ trì` and its partners.
    work.write(
        "projects.csv",
        "STT,Tên dự án,Đơn vị chủ trì,Đơn vị phối hợp,Kinh phí dự kiến\n\
         1,Trạm y tế xã,Sở Y tế,UBND huyện,1.500\n\
         2,Trường mầm non,Sở Giáo dục,UBND huyện,2.000\n",
    );
    let catalogue = work.run(&["check", "--lang", "en", "projects.csv"]);
    assert_eq!(catalogue.code, 0, "{}", catalogue.stderr);
    assert!(
        catalogue.stdout.contains("2 projects"),
        "{}",
        catalogue.stdout
    );
}

/// A plan that gives each task's start and end in two columns, under one label merged
/// over them or each labelled: the task runs over both, in the table and for `--year`.
#[test]
fn a_timing_in_two_columns_is_read_as_its_span() {
    let work = Workdir::new();
    work.write(
        "merged.csv",
        "STT,Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian thực hiện,\n\
         ,,,,Bắt đầu,Kết thúc\n\
         1,Hội thảo xúc tiến,Sở Ngoại vụ,Sở Kế hoạch và Đầu tư,2024,2025\n\
         2,Khảo sát nhu cầu,Sở Kế hoạch và Đầu tư,,3/2024,6/2024\n\
         3,Đánh giá giữa kỳ,Sở Kế hoạch và Đầu tư,,2026,2026\n",
    );
    work.write(
        "labelled.csv",
        "STT,Nội dung,Cơ quan chủ trì,Thời gian bắt đầu,Thời gian kết thúc,Tổng kinh phí\n\
         1,Hội thảo xúc tiến,Sở Ngoại vụ,2024,2025,100\n\
         2,Khảo sát nhu cầu,Sở Kế hoạch và Đầu tư,3/2024,,50\n",
    );
    for (file, timings, in_2025) in [
        (
            "merged.csv",
            &["2024 - 2025", "3/2024 - 6/2024", "2026"][..],
            &["1"][..],
        ),
        ("labelled.csv", &["2024 - 2025", "3/2024"][..], &["1"][..]),
    ] {
        let run = work.run(&["plan", "--format", "csv", file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let rows = csv_rows(&run.stdout);
        let read: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
        assert_eq!(read, timings, "{file}");
        let due = csv_rows(
            &work
                .run(&["plan", "--year", "2025", "--format", "csv", file])
                .stdout,
        );
        let due: Vec<&str> = due[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(due, in_2025, "{file}");
    }
}

/// A plan laid out in a word processor's table or a workbook, its lead agency one cell
/// merged down over the three tasks it leads and one timing over two tasks (the cells
/// below hold no text of their own): each task is read with the agency and timing the
/// officer sees beside it, in every document and workbook format, and `--by lead` counts
/// them so.
#[test]
fn a_lead_agency_merged_down_over_tasks_leads_each_of_them() {
    let work = Workdir::new();
    let expected = [
        ("1", "2024", "Sở Ngoại vụ", "Sở Kế hoạch và Đầu tư"),
        ("2", "2025", "Sở Ngoại vụ", ""),
        ("3", "2025", "Sở Ngoại vụ", "Sở Tài chính"),
        ("4", "2026", "Sở Kế hoạch và Đầu tư", "Các sở, ngành"),
    ];
    let rows = expected
        .iter()
        .enumerate()
        .map(|(i, (number, timing, lead, partners))| {
            let timing = match i {
                1 => format!("<td rowspan=2>{timing}"),
                2 => String::new(),
                _ => format!("<td>{timing}"),
            };
            let lead = match i {
                0 => format!("<td rowspan=3>{lead}"),
                1 | 2 => String::new(),
                _ => format!("<td>{lead}"),
            };
            format!("<tr><td>{number}<td>Nhiệm vụ {number}{timing}{lead}<td>{partners}")
        })
        .collect::<String>();
    work.write(
        "plan.html",
        format!(
            "<table><tr><td>STT<td>Nội dung<td>Thời gian<td>Đơn vị chủ trì<td>Đơn vị phối hợp{rows}</table>"
        ),
    );
    for file in [
        "plan-merged-lead.docx",
        "plan-merged-lead.odt",
        "plan-merged-lead.rtf",
        "plan-merged-lead.doc",
        "plan-merged-lead.xlsx",
        "plan-merged-lead.ods",
        "plan-merged-lead.xls",
        "plan.html",
    ] {
        if file.starts_with("plan-merged") {
            work.fixture(file);
        }
        let run = work.run(&["plan", "--format", "csv", file]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        let read: Vec<(String, String, String, String)> = csv_rows(&run.stdout)[1..]
            .iter()
            .map(|r| (r[0].clone(), r[2].clone(), r[3].clone(), r[4].clone()))
            .collect();
        let expected: Vec<(String, String, String, String)> = (expected.iter())
            .map(|(n, t, l, p)| (n.to_string(), t.to_string(), l.to_string(), p.to_string()))
            .collect();
        assert_eq!(read, expected, "{file}");
        let leads = csv_rows(
            &work
                .run(&["plan", "--by", "lead", "--format", "csv", file])
                .stdout,
        );
        assert_eq!(leads[1], ["Sở Ngoại vụ", "3"], "{file}");
    }
    // A web page's row that leaves out a cell before one a cell above covers: the cell
    // left out is empty, not the one above it.
    work.write(
        "short.html",
        "<table><tr><td>STT<td>Nội dung<td>Thời gian<td>Đơn vị chủ trì<td>Đơn vị phối hợp\
         <tr><td>1<td>Hội thảo<td>2024<td>Sở Ngoại vụ<td rowspan=2>Sở Tài chính\
         <tr><td>2<td>Tập huấn<td>2025</table>",
    );
    let run = work.run(&["plan", "--format", "csv", "short.html"]);
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows[2][2..], ["2025", "", "Sở Tài chính"], "{}", run.stdout);
}

/// A plan's header two rows deep (`Đơn vị thực hiện` over `Chủ trì | Phối hợp`) typed
/// again on the next page, its group label worded otherwise there (`Cơ quan thực
/// hiện`): the header again, no task.
#[test]
fn a_plans_two_row_header_retyped_with_another_group_label_is_no_task() {
    let work = Workdir::new();
    work.write(
        "plan.csv",
        "TT,Nội dung,Thời gian,Đơn vị thực hiện,\n\
         ,,,Chủ trì,Phối hợp\n\
         1,Xây dựng danh mục,2024,Sở Kế hoạch và Đầu tư,Sở Tài chính\n\
         2,Hội thảo,2025,Sở Ngoại vụ,\n\
         ,,,,\n\
         TT,NỘI DUNG,THỜI GIAN,Cơ quan thực hiện,\n\
         ,,,Chủ trì,Phối hợp\n\
         3,Báo cáo,Hàng năm,Sở Kế hoạch và Đầu tư,Các sở\n",
    );
    let run = work.run(&["plan", "--format", "csv", "plan.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    let tasks: Vec<[&str; 3]> = (rows[1..].iter())
        .map(|r| [r[0].as_str(), r[1].as_str(), r[3].as_str()])
        .collect();
    assert_eq!(
        tasks,
        [
            ["1", "Xây dựng danh mục", "Sở Kế hoạch và Đầu tư"],
            ["2", "Hội thảo", "Sở Ngoại vụ"],
            ["3", "Báo cáo", "Sở Kế hoạch và Đầu tư"],
        ],
        "{}",
        run.stdout
    );
}

/// Officers write an agency in full on one task and short on the next (`Sở Kế hoạch và
/// Đầu tư`, `Sở KH&ĐT`, `Sở KHĐT`): `--by lead` counts them as one, under the full name,
/// and says so; two short ways alone (`Sở TTTT`, `Sở TT&TT`) count as one too, and a
/// last `tỉnh` makes no other agency; two agencies whose initials differ stay apart.
#[test]
fn plan_by_lead_counts_an_agency_written_short_under_its_full_name() {
    let work = Workdir::new();
    work.write(
        "plan.csv",
        "STT,Nội dung,Đơn vị chủ trì,Đơn vị phối hợp,Thời gian\n\
         1,Xây dựng danh mục,Sở KH&ĐT,Sở Tài chính,2024\n\
         2,Hội thảo,Sở Kế hoạch và Đầu tư,,2024\n\
         3,Báo cáo,Sở KHĐT,,2025\n\
         4,Phê duyệt,UBND tỉnh,,2025\n\
         5,Chỉ đạo,Ủy ban nhân dân tỉnh,,2025\n\
         6,Tuyên truyền,Sở TTTT,,2025\n\
         7,Bố trí vốn,Sở Tài chính,,2025\n\
         8,Đối ngoại,Sở TT&TT,,2025\n\
         9,Kiểm tra,Công an,,2025\n\
         10,Giám sát,Công an tỉnh,,2025\n",
    );
    let run = work.run(&["plan", "--by", "lead", "--format", "csv", "plan.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    assert_eq!(
        rows[1..],
        [
            ["Sở Kế hoạch và Đầu tư", "3"],
            ["Ủy ban nhân dân tỉnh", "2"],
            ["Sở TTTT", "2"],
            ["Sở Tài chính", "1"],
            ["Công an", "2"],
        ]
    );
    let table = work.run(&["plan", "--by", "lead", "--lang", "vi", "plan.csv"]);
    assert!(
        table.stdout.contains(
            "`Sở KH&ĐT` được tính là `Sở Kế hoạch và Đầu tư`, tên đầy đủ có cùng chữ viết tắt trong kế hoạch"
        ),
        "{}",
        table.stdout
    );
}

/// `--by partner` splits each task's partners' cell into its agencies and counts a task
/// under each; the counts add up to no total, so none is given, and a note says so.
#[test]
fn plan_by_partner_counts_a_task_under_each_of_its_partners() {
    let work = soc_trang();
    let run = work.run(&["plan", "--by", "partner", "--format", "csv", PLAN]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows[0], ["partner", "tasks"]);
    let count = |agency: &str| {
        (rows.iter())
            .find(|row| row[0] == agency)
            .map(|row| row[1].clone())
    };
    assert_eq!(count("Sở Tài chính").as_deref(), Some("3"), "{rows:?}");
    assert_eq!(
        count("Các sở, ban, ngành").as_deref(),
        Some("6"),
        "{rows:?}"
    );
    assert_eq!(
        count("Ủy ban nhân dân các huyện, thị, thành phố").as_deref(),
        Some("6"),
        "{rows:?}"
    );
    assert_eq!(count("Công an tỉnh").as_deref(), Some("1"), "{rows:?}");
    // The office of the People's Committee, written `VP UBND`, `VP UBND tỉnh` and
    // `Văn phòng UBND tỉnh` on three tasks, is one partner, first in the plan.
    assert_eq!(rows[1], ["Văn phòng UBND tỉnh", "3"], "{rows:?}");
    assert_eq!(count("VP UBND"), None, "{rows:?}");
    assert_eq!(count("VP UBND tỉnh"), None, "{rows:?}");
    let table = work.run(&["plan", "--by", "partner", "--lang", "vi", PLAN]);
    assert!(
        table.stdout.contains("Nhiệm vụ theo đơn vị phối hợp")
            && table.stdout.contains(
                "9 nhiệm vụ có đơn vị phối hợp, mỗi nhiệm vụ được tính cho từng đơn vị phối hợp của nó"
            )
            && !table.stdout.contains("Tổng cộng"),
        "{}",
        table.stdout
    );
}

#[test]
fn plan_by_lead_counts_tasks() {
    let work = soc_trang();
    let rows = csv_rows(
        &work
            .run(&["plan", "--by", "lead", "--format", "csv", PLAN])
            .stdout,
    );
    assert_eq!(rows[0], ["lead", "tasks"]);
    assert_eq!(rows[1], ["Sở Kế hoạch và Đầu tư", "6"]);
    let total: usize = rows[1..]
        .iter()
        .map(|r| r[1].parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, 9);
}

#[test]
fn list_filters_by_sector_owner_location_and_year() {
    let work = soc_trang();
    let count = |args: &[&str]| -> usize {
        let mut all = vec!["list", "--format", "csv"];
        all.extend_from_slice(args);
        all.push(SOC_TRANG);
        csv_rows(&work.run(&all).stdout).len() - 1
    };
    assert_eq!(count(&[]), 25);
    assert_eq!(count(&["--sector", "II"]), 6);
    assert_eq!(count(&["--sector", "moi truong"]), 7);
    assert_eq!(count(&["--owner", "hoi nong dan"]), 5);
    assert_eq!(count(&["--location", "TPST"]), 8);
    assert_eq!(count(&["--year", "2026"]), 1);
    assert_eq!(count(&["--sector", "V", "--year", "2024"]), 4);
}

#[test]
fn convert_then_summary_gives_the_published_sector_totals() {
    let work = soc_trang();
    let run = work.run(&["convert", SOC_TRANG, "-o", "tidy.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = work.run(&["summary", "--format", "csv", SOC_TRANG]).stdout;
    let tidy = work.run(&["summary", "--format", "csv", "tidy.csv"]).stdout;
    assert_eq!(published, tidy);
    let check = work.run(&["check", "--format", "json", "tidy.csv"]);
    let file = &check.json()["files"][0];
    assert_eq!(file["layout"], "tidy");
    assert_eq!(file["counts"]["projects"], 25);
    assert_eq!(file["counts"]["errors"], 0);
}

#[test]
fn convert_folds_components_into_their_project() {
    let work = soc_trang();
    let rows = csv_rows(&work.run(&["convert", SOC_TRANG]).stdout);
    let child_care = rows
        .iter()
        .find(|r| r[4] == "Bảo vệ chăm sóc trẻ em")
        .unwrap();
    assert_eq!(
        (child_care[9].as_str(), child_care[10].as_str()),
        ("775", "775")
    );
    assert!(child_care[8].contains("Chương trình thúc đẩy quyền tham gia"));
}

#[test]
fn csv_exports_neutralise_formulas() {
    let work = soc_trang();
    work.write(
        "injection.csv",
        "sector,name,owner,total,aid,counterpart\n\
         Health,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@owner,500,400,100\n\
         Health,- Giải phóng mặt bằng,+84 team,-5,-5,0\n",
    );
    let rows = csv_rows(&work.run(&["convert", "injection.csv"]).stdout);
    assert_eq!(rows[1][4], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(rows[1][5], "'@owner");
    assert_eq!(rows[2][4], "'- Giải phóng mặt bằng");
    assert_eq!(rows[2][5], "'+84 team");
    assert_eq!(rows[2][9], "-5", "numbers are not text and stay numbers");
    // The real catalogue has content starting with `- `.
    let rows = csv_rows(&work.run(&["convert", SOC_TRANG]).stdout);
    assert!(
        rows.iter()
            .any(|r| r[8].starts_with("'- Giải phóng mặt bằng"))
    );
}

#[test]
fn output_file_is_written_whole_and_format_follows_its_extension() {
    let work = soc_trang();
    let run = work.run(&["summary", SOC_TRANG, "-o", "totals.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(work.path().join("totals.json")).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&written).is_ok());
    let leftovers: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn output_path_that_is_an_input_is_refused_and_the_input_kept() {
    let work = soc_trang();
    let before = std::fs::read(work.path().join(SOC_TRANG)).unwrap();
    let run = work.run(&["convert", SOC_TRANG, "-o", SOC_TRANG]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("-o soc-trang-2020-2025.csv: that is one of the input files"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(work.path().join(SOC_TRANG)).unwrap(), before);
    let run = work.run(&["summary", SOC_TRANG, "-o", "./soc-trang-2020-2025.csv"]);
    assert_eq!(run.code, 2, "the same file by another path");
}

#[test]
fn output_into_a_missing_folder_is_a_located_error() {
    let work = soc_trang();
    let run = work.run(&["summary", SOC_TRANG, "-o", "no/such/folder/out.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("-o no/such/folder/out.csv: cannot create a file in no/such/folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn lists_stop_on_an_unreadable_input_and_a_roll_up_names_it() {
    let work = soc_trang();
    work.fixture("unbalanced-quote.csv");
    let run = work.run(&["list", SOC_TRANG, "unbalanced-quote.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unbalanced-quote.csv:3:8:"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "no partial list");
    // A roll-up goes on for the rest, and its totals say which file they lack.
    let run = work.run(&["summary", "--lang", "en", SOC_TRANG, "unbalanced-quote.csv"]);
    assert_eq!(run.code, 2, "a file could not be read");
    assert!(
        run.stderr.contains("unbalanced-quote.csv:3:8:"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("367.542"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Not in these totals: unbalanced-quote.csv:3:8:"),
        "{}",
        run.stdout
    );
}

/// Issue 10: at `--width 80`, `list` wrapped an amount mid-number (`367.54` over `2`).
#[test]
fn narrow_tables_never_wrap_an_amount() {
    let work = soc_trang();
    let run = work.run(&["list", SOC_TRANG, "--width", "80"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut expected: Vec<String> =
        csv_rows(&work.run(&["list", SOC_TRANG, "--format", "csv"]).stdout)
            .iter()
            .skip(1)
            .filter_map(|row| row.iter().rev().nth(2).cloned())
            .filter(|total| !total.is_empty())
            .collect();
    assert!(!expected.is_empty());
    // The total row's figure, the widest of all.
    let sum: rust_decimal::Decimal = expected
        .iter()
        .map(|t| t.parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    expected.push(sum.normalize().to_string());
    for line in run.stdout.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    // Every total of the CSV stands whole on some line of the table.
    let table = run.stdout.clone();
    for total in expected {
        // As the table writes it: thousands grouped with `.`, decimals after `,`.
        let (whole, decimals) = total.split_once('.').unwrap_or((&total, ""));
        let digits: Vec<char> = whole.chars().collect();
        let mut shown = String::new();
        for (i, digit) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                shown.push('.');
            }
            shown.push(*digit);
        }
        if !decimals.is_empty() {
            shown = format!("{shown},{decimals}");
        }
        assert!(table.contains(&shown), "{shown} is cut in:\n{table}");
    }
}

/// Issue 10: amounts of 16 or more significant digits were rounded in `.xlsx` exports.
#[test]
fn long_amounts_survive_an_xlsx_export() {
    let work = Workdir::new();
    work.write(
        "long.csv",
        "sector,name,total,aid,counterpart\nHealth,Clinic,123456789012345678,123456789012345677,1\n",
    );
    let run = work.run(&["convert", "long.csv", "-o", "long.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = work.run(&["list", "long.xlsx", "--format", "csv"]);
    assert!(
        run.stdout.contains("123456789012345678"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

/// A plan whose tasks stand under headings (`I | CÔNG TÁC TUYÊN TRUYỀN`, no timing or
/// agencies): the headings are no tasks; each task names its group. The recipients and
/// signature below it are no tasks either.
#[test]
fn plan_headings_group_the_tasks_and_are_not_counted() {
    let work = Workdir::new();
    work.write(
        "plan.csv",
        "KẾ HOẠCH THỰC HIỆN,,,,\n\
         STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành\n\
         I,CÔNG TÁC TUYÊN TRUYỀN,,,\n\
         1,Tuyên truyền về chính sách viện trợ,Sở Ngoại vụ,Sở Thông tin và Truyền thông,Hàng năm\n\
         2,Xây dựng danh mục dự án,Sở Kế hoạch và Đầu tư,Các sở,Quý IV/2021\n\
         II,CÔNG TÁC VẬN ĐỘNG,,,\n\
         1,Tổ chức hội nghị,Sở Ngoại vụ,Sở Tài chính,2022-2025\n\
         2,Báo cáo kết quả,,,\n\
         ,,,,\n\
         ,Nơi nhận:,TM. ỦY BAN NHÂN DÂN,,\n\
         ,- Như trên;,CHỦ TỊCH,,\n",
    );
    let run = work.run(&["plan", "--format", "csv", "plan.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&run.stdout);
    assert_eq!(
        rows[0],
        ["group", "number", "task", "timing", "lead", "partners"]
    );
    let tasks: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    // A task numbered in digits stays a task, its agencies and timing left out or not.
    assert_eq!(
        tasks,
        [
            ("I. CÔNG TÁC TUYÊN TRUYỀN", "1"),
            ("I. CÔNG TÁC TUYÊN TRUYỀN", "2"),
            ("II. CÔNG TÁC VẬN ĐỘNG", "1"),
            ("II. CÔNG TÁC VẬN ĐỘNG", "2"),
        ]
    );
    let leads = csv_rows(
        &work
            .run(&["plan", "--by", "lead", "--format", "csv", "plan.csv"])
            .stdout,
    );
    let counted: usize = leads[1..]
        .iter()
        .map(|r| r[1].parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, 4, "{leads:?}");
    // Due in 2023: the yearly task, the one over 2022-2025, and the one with no timing
    // (listed every year); the headings are not counted.
    let table = work.run(&["plan", "--year", "2023", "plan.csv"]).stdout;
    assert!(table.contains("\n3 tasks"), "{table}");
}

/// Sectors numbered afresh in each group (`I` under `A`, `I` under `B`) are told apart in
/// the summary by their group's code (`A.I`, `B.I`); a code that carries its group's
/// already (`2.1` under `2`) stays. Before, `I` stood twice.
#[test]
fn sector_codes_in_a_summary_name_their_group() {
    let work = Workdir::new();
    work.fixture("grouped-en-vietnamese-header.csv")
        .fixture("numbered-group.csv");
    for (file, codes) in [
        (
            "grouped-en-vietnamese-header.csv",
            &["A.I", "A.II", "B.I"][..],
        ),
        ("numbered-group.csv", &["2.1", "2.2"]),
    ] {
        let run = work.run(&["summary", "--format", "json", file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json = run.json();
        let found: Vec<&str> = (json["rows"].as_array().unwrap().iter())
            .map(|row| row["code"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(found, codes, "{file}");
    }
    let run = work.run(&["summary", "grouped-en-vietnamese-header.csv"]);
    assert!(run.stdout.contains("* B.I Nông nghiệp"), "{}", run.stdout);
    // A sector named as one under another group is summed with it: both codes are named.
    let fixture = include_str!("../fixtures/grouped-en-vietnamese-header.csv");
    work.write(
        "same-name.csv",
        fixture.replace("I,Nông nghiệp,,500", "I,Y tế,,500"),
    );
    let run = work.run(&["summary", "--format", "json", "same-name.csv"]);
    let rows = run.json()["rows"].clone();
    assert_eq!(rows[0]["code"], "A.I, B.I", "{rows}");
    assert_eq!(rows[0]["sector"], "Y tế", "{rows}");
}

/// A sector's subtotal that is not a number (`#VALUE!`) declares nothing in its column:
/// the summary does not mark the sector as declaring 0 there, and still marks a column
/// of the same row whose figure differs.
#[test]
fn a_subtotal_that_is_not_a_number_is_not_noted_as_declared_zero() {
    let csv = include_str!("../fixtures/two-sectors.csv")
        .replace(",5.820,5.400,420,", ",5.820,5.400,#VALUE!,")
        .replace(",5.025,4.300,725,", ",#REF!,4.300,700,");
    let work = Workdir::new();
    work.write("catalogue.csv", &csv);
    let run = work.run(&[
        "summary",
        "--format",
        "json",
        "--lang",
        "en",
        "catalogue.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let marks: Vec<&serde_json::Value> = (json["rows"].as_array().unwrap().iter())
        .map(|row| &row["mark"])
        .collect();
    assert_eq!(
        marks,
        [&serde_json::json!("*"), &serde_json::Value::Null],
        "{json}"
    );
    let noted: Vec<&str> = (json["notes"].as_array().unwrap().iter())
        .filter_map(|note| note.as_str().filter(|note| note.starts_with('*')))
        .collect();
    assert_eq!(
        noted,
        ["* I Lĩnh vực y tế (catalogue.csv:4): counterpart declared 700 vs computed 725 (-25)"],
        "{json}"
    );
}

/// A plan that says what each task delivers (`Sản phẩm`, `Kết quả dự kiến`, `output`)
/// shows it in a column of its own. Before, the column was dropped without a word. A
/// plan without one has no such column.
#[test]
fn a_plans_output_column_is_shown() {
    let work = Workdir::new();
    for label in ["Sản phẩm", "Kết quả dự kiến", "Expected output"] {
        work.write(
            "plan.csv",
            format!(
                "STT,Nội dung công việc,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,{label}\n\
                 1,Tuyên truyền chính sách,Sở Ngoại vụ,Các sở,Quý II/2021,Bài viết trên cổng thông tin\n\
                 2,Xây dựng danh mục dự án,Sở Kế hoạch và Đầu tư,Các sở,2021,\n"
            ),
        );
        let run = work.run(&["plan", "--format", "csv", "--lang", "vi", "plan.csv"]);
        assert_eq!(run.code, 0, "{label}: {}", run.stderr);
        let rows = csv_rows(&run.stdout);
        assert_eq!(
            rows[0],
            ["number", "task", "timing", "lead", "partners", "output"],
            "{label}"
        );
        assert_eq!(rows[1][5], "Bài viết trên cổng thông tin", "{label}");
        assert_eq!(rows[2][5], "", "{label}");
        let table = work.run(&["plan", "--lang", "vi", "--width", "200", "plan.csv"]);
        assert!(
            table.stdout.contains("Sản phẩm"),
            "{label}: {}",
            table.stdout
        );
    }
    work.data("soc-trang-plan-2020-2025.csv");
    let run = work.run(&["plan", "--format", "csv", "soc-trang-plan-2020-2025.csv"]);
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows[0], ["number", "task", "timing", "lead", "partners"]);
}
