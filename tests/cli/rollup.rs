//! Issue 14: many provinces' catalogues rolled up into the national programme's sectors,
//! in one unit.

use crate::harness::{Run, Workdir, csv_rows, fixture_text};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

const SOC_TRANG: &str = "soc-trang-2020-2025.csv";
const RATE: &str = "1 USD = 24.000 đồng";

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// A national sector's figures in one file: (sector, projects, total, aid, counterpart).
type Row = (&'static str, usize, Decimal, Decimal, Decimal);

/// Each file's figures by national sector, read off the files by hand in their own units,
/// with the factor to triệu đồng.
fn by_hand() -> Vec<(&'static str, Decimal, Vec<Row>)> {
    let million = Decimal::ONE;
    vec![
        // Sóc Trăng, triệu đồng: its six sectors (I agriculture … VI culture).
        (
            "Sóc Trăng",
            million,
            vec![
                (
                    "Agriculture, forestry, fisheries and rural development",
                    8,
                    d("132716"),
                    d("81916"),
                    d("50800"),
                ),
                ("Social issues", 6, d("12873"), d("11523"), d("1350")),
                (
                    "Education, training and vocational training",
                    1,
                    d("8280"),
                    d("8280"),
                    d("0"),
                ),
                ("Health", 1, d("15000"), d("10000"), d("5000")),
                (
                    "Environment, climate change, disaster prevention and emergency relief",
                    7,
                    d("178673"),
                    d("177871"),
                    d("802"),
                ),
                (
                    "Culture, sports and tourism",
                    2,
                    d("20000"),
                    d("17000"),
                    d("3000"),
                ),
            ],
        ),
        // Đắk Nông, tỷ đồng.
        (
            "Đắk Nông",
            d("1000"),
            vec![
                (
                    "Education, training and vocational training",
                    2,
                    d("4.5"),
                    d("4"),
                    d("0.5"),
                ),
                ("Health", 1, d("3.2"), d("3"), d("0.2")),
                ("War legacy", 1, d("1.25"), d("1.25"), d("0")),
            ],
        ),
        // Vĩnh Phúc, triệu đồng, tidy with a province column.
        (
            "Vĩnh Phúc",
            million,
            vec![
                (
                    "Environment, climate change, disaster prevention and emergency relief",
                    1,
                    d("6000"),
                    d("5000"),
                    d("1000"),
                ),
                ("Social issues", 1, d("1500"), d("1500"), d("0")),
                ("Capacity building", 1, d("800"), d("700"), d("100")),
                ("Health", 1, d("2400"), d("2000"), d("400")),
            ],
        ),
        // Cao Bằng, USD at 24.000 đồng: 0,024 triệu đồng a dollar. `Phát triển đô thị
        // thông minh` maps nowhere: Other.
        (
            "Cao Bằng",
            d("0.024"),
            vec![
                ("Health", 1, d("1250000"), d("1000000"), d("250000")),
                (
                    "Education, training and vocational training",
                    1,
                    d("400000"),
                    d("360000"),
                    d("40000"),
                ),
                ("Other", 1, d("200000"), d("200000"), d("0")),
            ],
        ),
    ]
}

type Sums = BTreeMap<String, (usize, Decimal, Decimal, Decimal)>;

/// Sums of the hand figures in triệu đồng, keyed by `key(province, sector)`.
fn hand_sums(key: impl Fn(&str, &str) -> String) -> Sums {
    let mut sums = Sums::new();
    for (province, to_million, sectors) in by_hand() {
        for (sector, projects, total, aid, counterpart) in sectors {
            let entry = sums.entry(key(province, sector)).or_default();
            entry.0 += projects;
            entry.1 += total * to_million;
            entry.2 += aid * to_million;
            entry.3 += counterpart * to_million;
        }
    }
    sums
}

/// A CSV summary's rows keyed by their first `keys` columns.
fn csv_sums(csv: &str, keys: usize) -> Sums {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let key = (0..keys)
                .map(|i| r[i].to_owned())
                .collect::<Vec<_>>()
                .join(" / ");
            let figures = (
                r[at("projects")].parse().unwrap(),
                d(&r[at("total")]),
                d(&r[at("aid")]),
                d(&r[at("counterpart")]),
            );
            (key, figures)
        })
        .collect()
}

fn provinces() -> Workdir {
    let work = Workdir::new();
    work.data(SOC_TRANG).fixture_folder("rollup");
    work
}

/// Sóc Trăng and the folder of provinces summed `by`, as CSV, at [`RATE`].
fn rolled_up(work: &Workdir, by: &str) -> Run {
    work.run(&[
        "summary", "--by", by, "--format", "csv", "--rate", RATE, SOC_TRANG, "rollup",
    ])
}

/// A folder per province whose files name no province in a title line (the title left
/// out of the export): each province is taken from the folder's name or the file's, and
/// said so, so that `--by province` compares provinces, not file paths. A file's own
/// title line names its province before any name does.
#[test]
fn a_province_a_file_does_not_name_is_taken_from_its_folder_or_file_name() {
    let work = Workdir::new();
    let untitled: String = include_str!("../fixtures/two-sectors.csv")
        .lines()
        .filter(|line| !fold_has(line, "KIỂM THỬ"))
        .map(|line| format!("{line}\n"))
        .collect();
    for folder in ["tinh/Cà Mau", "tinh/khac"] {
        std::fs::create_dir_all(work.path().join(folder)).unwrap();
    }
    work.write("tinh/Cà Mau/danh-muc.csv", &untitled);
    work.write("tinh/khac/hau-giang-2024.csv", &untitled);
    work.write(
        "tinh/khac/soc-trang-titled.csv",
        include_str!("../fixtures/two-sectors.csv"),
    );
    let run = work.run(&[
        "summary", "--by", "province", "--format", "csv", "--lang", "en", "tinh",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let provinces: Vec<String> = csv_rows(&run.stdout)[1..]
        .iter()
        .map(|row| row[0].clone())
        .collect();
    assert_eq!(provinces, ["Cà Mau", "Hậu Giang", "Kiểm Thử"]);
    let check = work.run(&["check", "--lang", "vi", "tinh/khac/hau-giang-2024.csv"]);
    assert!(
        check.stdout.contains(
            "tinh/khac/hau-giang-2024.csv: ghi chú: tệp không ghi tỉnh: lấy Hậu Giang theo tên `hau-giang-2024`; nếu sai, dùng --province TÊN"
        ),
        "{}",
        check.stdout
    );
    let named = work.run(&[
        "check",
        "--format",
        "json",
        "--province",
        "Bạc Liêu",
        "tinh/Cà Mau/danh-muc.csv",
    ]);
    assert_eq!(named.json()["files"][0]["province"], "Bạc Liêu");
}

/// Does `line` hold `words`, in any case?
fn fold_has(line: &str, words: &str) -> bool {
    line.to_lowercase().contains(&words.to_lowercase())
}

#[test]
fn national_totals_in_one_unit_equal_a_hand_made_sum() {
    let work = provinces();
    let run = rolled_up(&work, "national-sector");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        csv_sums(&run.stdout, 1),
        hand_sums(|_, sector| sector.to_owned())
    );
    // Nothing drops silently: the name outside the mapping is named with its place.
    assert!(
        run.stderr.contains(
            "rollup/cao-bang-2022.csv:9: sector `Phát triển đô thị thông minh` maps to no national sector; counted under Other"
        ),
        "{}",
        run.stderr
    );
    // The rows come in the Decision's order, with their DAC code groups.
    let first: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(first[0], "\"Education");
    assert!(
        run.stdout.contains("Health,\"120, 130\",4,"),
        "{}",
        run.stdout
    );
}

#[test]
fn provinces_cross_national_sectors() {
    let work = provinces();
    let run = rolled_up(&work, "province,national-sector");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = hand_sums(|province, sector| format!("{province} / {sector}"));
    assert_eq!(csv_sums(&run.stdout, 2), expected);
}

#[test]
fn the_table_states_the_unit_the_rate_and_what_maps_nowhere() {
    let work = provinces();
    let run = work.run(&[
        "summary",
        "--by",
        "national-sector",
        "--lang",
        "vi",
        "--unit",
        "tỷ đồng",
        "--rate",
        RATE,
        SOC_TRANG,
        "rollup",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let title = run.stdout.lines().next().unwrap();
    assert!(
        title.contains("ĐVT: tỷ đồng; 1 USD = 24.000 đồng"),
        "{title}"
    );
    assert!(
        title.contains("Sóc Trăng, Cao Bằng, Đắk Nông, Vĩnh Phúc"),
        "{title}"
    );
    // 431.592 triệu đồng in all (the hand sum), in tỷ đồng.
    let grand: Decimal = hand_sums(|_, _| String::new()).values().map(|v| v.1).sum();
    assert_eq!(grand, d("431592"));
    assert!(run.stdout.contains("431,592"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "rollup/cao-bang-2022.csv: USD quy đổi sang tỷ đồng theo tỷ giá 1 USD = 24.000 đồng"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "cảnh báo: rollup/cao-bang-2022.csv:9: lĩnh vực `Phát triển đô thị thông minh`"
        ),
        "{}",
        run.stdout
    );
    // Sóc Trăng's own mistakes are reported beside the totals.
    assert!(
        run.stdout
            .contains("soc-trang-2020-2025.csv (Sóc Trăng): 4 lỗi, 2 cảnh báo"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_rate_comes_from_the_file_or_for_one_file_and_is_needed_otherwise() {
    let work = provinces();
    let run = work.run(&[
        "summary",
        "--by",
        "national-sector",
        "--lang",
        "en",
        "rollup",
    ]);
    assert_eq!(run.code, 2);
    // The folder's first file, Cao Bằng's, sets the unit: USD.
    assert!(
        run.stderr.contains(
            "cannot convert rollup/dak-nong-2020-2025.csv (unit tỷ đồng) into USD (the unit of rollup/cao-bang-2022.csv) without a rate"
        ),
        "{}",
        run.stderr
    );
    let per_file = format!("cao-bang-2022.csv={RATE}");
    let run = work.run(&[
        "summary",
        "--format",
        "csv",
        "--lang",
        "vi",
        "--unit",
        "triệu đồng",
        "--rate",
        &per_file,
        "rollup",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("I,Y tế,3,35600,29000,6600,triệu đồng; 1 USD = 24.000 đồng"),
        "{}",
        run.stdout
    );
    // A rate the file states in its title.
    let original = std::fs::read_to_string(work.path().join("rollup/cao-bang-2022.csv")).unwrap();
    let stated = original.replacen("ĐVT: USD,", "ĐVT: USD,\nTỷ giá: 1 USD = 25.000 đồng,", 1);
    work.write("rollup/cao-bang-2022.csv", stated);
    let run = work.run(&[
        "summary",
        "--format",
        "csv",
        "--lang",
        "vi",
        "--unit",
        "triệu đồng",
        "rollup",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 1.250.000 USD × 25.000 đồng = 31.250 triệu đồng, plus 3.200 and 2.400.
    assert!(
        run.stdout
            .contains("I,Y tế,3,36850,30000,6850,triệu đồng; 1 USD = 25.000 đồng"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_pattern_is_expanded_by_aidcat_and_an_unreadable_file_is_named() {
    let work = provinces();
    work.write("rollup/broken.csv", "STT,Tên dự án\n1,\"unclosed\n");
    let run = work.run(&[
        "summary",
        "--by",
        "province",
        "--lang",
        "en",
        "--rate",
        RATE,
        "rollup/*.csv",
    ]);
    assert_eq!(run.code, 2, "a file is missing from the totals");
    assert!(
        run.stdout
            .contains("Not in these totals: rollup/broken.csv"),
        "{}",
        run.stdout
    );
    for province in ["Đắk Nông", "Vĩnh Phúc", "Cao Bằng"] {
        assert!(run.stdout.contains(province), "{}", run.stdout);
    }
    let run = work.run(&["summary", "nothing/*.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("nothing/*.csv: names no catalogue file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_users_mapping_places_a_name_and_a_bad_one_is_located() {
    let work = provinces();
    work.write(
        "mine.csv",
        "national_sector,provincial_name\ncapacity,Phát triển đô thị thông minh\n",
    );
    let run = work.run(&[
        "summary",
        "--by",
        "national-sector",
        "--format",
        "csv",
        "--sectors",
        "mine.csv",
        "--rate",
        RATE,
        "rollup/cao-bang-2022.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Capacity building,151,1,200000,200000,0"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stderr.contains("maps to no national sector"),
        "{}",
        run.stderr
    );
    work.write(
        "bad.csv",
        "national_sector,provincial_name\nhealthcare,Y tế\n",
    );
    let run = work.run(&[
        "summary",
        "--by",
        "national-sector",
        "--sectors",
        "bad.csv",
        SOC_TRANG,
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "bad.csv:2: `healthcare` is not a national sector; expected one of education, health"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn groupings_and_units_given_wrong_are_named() {
    let work = provinces();
    let run = work.run(&["summary", "--by", "province,province", SOC_TRANG]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--by: takes one grouping, or two different ones"),
        "{}",
        run.stderr
    );
    let run = work.run(&["summary", "--unit", "chiếc", SOC_TRANG]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--unit chiếc: `chiếc` is not a unit"),
        "{}",
        run.stderr
    );
    work.write(
        "pieces.csv",
        "ĐVT: chiếc\nsector,name,total,aid,counterpart\nY tế,Trạm,5,4,1\n",
    );
    let run = work.run(&["summary", "--unit", "đồng", "pieces.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("pieces.csv: `chiếc` is not a unit"),
        "{}",
        run.stderr
    );
    let run = work.run(&["summary", "--rate", "24000", SOC_TRANG]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--rate 24000: `24000` is not a rate"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_of_province_folders_is_read_whole_but_hidden_ones() {
    let work = Workdir::new();
    for (folder, file) in [
        ("provinces/dak-nong", "dak-nong-2020-2025.csv"),
        ("provinces/cao-bang/2022", "cao-bang-2022.csv"),
        ("provinces/.backup", "dak-nong-2020-2025.csv"),
    ] {
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rollup")
            .join(file);
        std::fs::create_dir_all(work.path().join(folder)).unwrap();
        std::fs::copy(from, work.path().join(folder).join(file)).unwrap();
    }
    work.write("provinces/dak-nong/~$dak-nong.xlsx", "lock");
    // A page in the folder (a report written there) is not one of its catalogues.
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/soc-trang-2020-2025.html");
    std::fs::copy(page, work.path().join("provinces/report.html")).unwrap();
    let run = work.run(&[
        "summary",
        "--by",
        "province",
        "--format",
        "csv",
        "--rate",
        "24.000 đồng/USD",
        "provinces",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The folder's first file is Cao Bằng's (USD): Đắk Nông's 8,95 tỷ đồng at 24.000 đồng.
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows.len(), 3, "{}", run.stdout);
    assert!(rows[1].starts_with("Cao Bằng,3,1850000,"), "{}", run.stdout);
    assert!(
        rows[2].starts_with("Đắk Nông,4,372916.67,"),
        "{}",
        run.stdout
    );
}

#[test]
fn totals_past_what_a_decimal_holds_are_refused_not_a_crash() {
    let work = Workdir::new();
    let row = "Y tế,Trạm y tế,999999999999999999,999999999999999999,0\n";
    let header = "ĐVT: tỷ đồng\nsector,name,total,aid,counterpart\n";
    // 60 rows: 6 × 10^28 đồng, within a decimal; its shares must not overflow.
    work.write("big.csv", format!("{header}{}", row.repeat(60)));
    let run = work.run(&["summary", "--unit", "đồng", "--lang", "en", "big.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("100.0"), "{}", run.stdout);
    // 100 rows: 10^29 đồng, past it.
    work.write("bigger.csv", format!("{header}{}", row.repeat(100)));
    let run = work.run(&["summary", "--unit", "đồng", "--lang", "en", "bigger.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bigger.csv: an amount converted into the output unit is too large"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_programmes_folder_is_read_past_its_implementation_plan() {
    let work = Workdir::new();
    work.data_in("programme", &[SOC_TRANG, "soc-trang-plan-2020-2025.csv"]);
    let plan_note = "programme/soc-trang-plan-2020-2025.csv: an implementation plan, not a catalogue; passed over";
    let run = work.run(&["check", "--lang", "en", "programme"]);
    assert_eq!(run.code, 1, "the catalogue's own errors: {}", run.stderr);
    assert!(run.stderr.contains(plan_note), "{}", run.stderr);
    assert!(run.stdout.contains("checked 1 file"), "{}", run.stdout);
    let run = work.run(&["list", "--lang", "en", "--format", "csv", "programme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 26, "25 projects and the header");
    let run = work.run(&["summary", "--lang", "en", "programme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(plan_note), "{}", run.stdout);
    // The report shows the plan the folder holds.
    let run = work.run(&["report", "--lang", "en", "programme", "-o", "r.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let page = std::fs::read_to_string(work.path().join("r.html")).unwrap();
    assert!(
        page.contains("<section class=\"plan\">"),
        "no plan on the page"
    );
    // Named on the command line, a plan is read as asked: as a catalogue, it has none.
    let run = work.run(&["check", "programme/soc-trang-plan-2020-2025.csv"]);
    assert_eq!(run.code, 2);
}

/// The letter a province sends with its catalogue (its letterhead and signature block
/// laid out in tables, as official letters are), and notes, are in its folder too: they
/// hold no table of figures, and are passed over with a note. Before, each was a file
/// that could not be read, and the roll-up exited 2. A table of figures without a header
/// the folder brings is still an error; a letter named is read as asked.
#[test]
fn a_letter_in_the_folder_is_passed_over() {
    let work = Workdir::new();
    work.data_in("programme", &[SOC_TRANG]);
    let alone = work.run(&["summary", "--format", "csv", "programme"]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    let letters = ["docx", "odt", "doc", "rtf"].map(|ext| format!("cover-letter.{ext}"));
    for letter in &letters {
        work.fixture(letter);
        std::fs::rename(
            work.path().join(letter),
            work.path().join("programme").join(letter),
        )
        .unwrap();
    }
    work.write(
        "programme/ghi-chu.txt",
        "Ghi chú\nGửi Sở KH&ĐT ngày 15/3/2022\n",
    );
    let run = work.run(&["summary", "--format", "csv", "programme"]);
    assert_eq!(
        (run.code, &run.stdout),
        (0, &alone.stdout),
        "{}",
        run.stderr
    );
    let run = work.run(&["summary", "--lang", "en", "programme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in letters.iter().map(String::as_str).chain(["ghi-chu.txt"]) {
        let note = format!(
            "programme/{file}: holds no table of figures (a letter or notes), not a catalogue; passed over"
        );
        assert!(run.stdout.contains(&note), "{note}: {}", run.stdout);
    }
    let run = work.run(&["check", "--lang", "vi", "programme"]);
    assert_eq!(run.code, 1, "the catalogue's own errors: {}", run.stderr);
    assert!(
        run.stderr
            .contains("programme/cover-letter.docx: không có bảng số liệu (là công văn hoặc ghi chú), không phải danh mục; bỏ qua"),
        "{}",
        run.stderr
    );
    // Named, the letter is read as asked: it has no catalogue.
    let run = work.run(&["check", "programme/cover-letter.docx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Figures under no header the folder brings may be a catalogue misread: an error.
    work.write(
        "programme/so-lieu.csv",
        "Trạm A;100;60;40\nTrạm B;200;150;50\n",
    );
    let run = work.run(&["summary", "programme"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// Summaries written into the catalogues' folder (as officers keep them) are tables of
/// totals, not catalogues: the folder is read past them, saying so, in both languages;
/// named, one is refused as what it is.
#[test]
fn summaries_written_into_the_folder_are_passed_over() {
    let work = Workdir::new();
    work.data_in("programme", &[SOC_TRANG]);
    let alone = work.run(&["summary", "--format", "csv", "programme"]);
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    for (output, lang) in [("tong-hop.xlsx", "vi"), ("sectors.csv", "en")] {
        let path = format!("programme/{output}");
        // Once: run again, it would refuse to write over what is now in its input.
        let run = work.run_once(
            &["summary", "--lang", lang, "programme", "-o", &path],
            &[],
            &[],
        );
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
    }
    // The totals are the catalogue's alone, each summary passed over with a note.
    let run = work.run(&["summary", "--format", "csv", "programme"]);
    assert_eq!(
        (run.code, &run.stdout),
        (0, &alone.stdout),
        "{}",
        run.stderr
    );
    let run = work.run(&["check", "--lang", "en", "programme"]);
    assert_eq!(run.code, 1, "the catalogue's own errors: {}", run.stderr);
    assert!(run.stdout.contains("checked 1 file"), "{}", run.stdout);
    for output in ["tong-hop.xlsx", "sectors.csv"] {
        let note = format!("programme/{output}: a table of totals, not a catalogue; passed over");
        assert!(run.stderr.contains(&note), "{}", run.stderr);
    }
    let run = work.run(&["list", "--lang", "vi", "--format", "csv", "programme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("programme/sectors.csv: là bảng tổng hợp, không phải danh mục; bỏ qua"),
        "{}",
        run.stderr
    );
    // Named, a summary is read as asked, and refused as a table of totals.
    let run = work.run(&["check", "programme/tong-hop.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("a table of totals (a count of projects on each row)"),
        "{}",
        run.stderr
    );
}

/// A tidy copy `convert` wrote beside its source holds the same projects: summed with it,
/// they would count twice without a word. `summary` says so (and keeps both: the officer
/// decides); provinces that merely differ are not flagged.
#[test]
fn a_catalogue_summed_twice_under_two_names_is_flagged() {
    let work = Workdir::new();
    work.data_in("programme", &[SOC_TRANG]);
    let run = work.run_once(
        &["convert", "programme", "-o", "programme/tidy.csv"],
        &[],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = work.run(&["summary", "--format", "csv", "programme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "aidcat: warning: programme/tidy.csv holds as many projects as programme/soc-trang-2020-2025.csv (25), summing alike: one catalogue twice?"
        ),
        "{}",
        run.stderr
    );
    let run = work.run(&["summary", "--lang", "vi", "programme"]);
    assert!(
        run.stdout.contains("một danh mục được tính hai lần?"),
        "{}",
        run.stdout
    );
    // A page comparing the two sums them as a summary does: it says so too.
    let run = work.run(&["report", "programme", "-o", "page.html"]);
    assert_eq!(run.code, 1, "the catalogue's own errors: {}", run.stderr);
    assert!(
        run.stderr.contains("one catalogue twice?"),
        "{}",
        run.stderr
    );
    let page = std::fs::read_to_string(work.path().join("page.html")).unwrap();
    assert!(page.contains("one catalogue twice?"), "not on the page");
    work.fixture_folder("rollup");
    let run = work.run(&["summary", "--rate", "1 USD = 24.000 đồng", "rollup"]);
    assert!(!run.stderr.contains("twice"), "{}", run.stderr);
    assert!(!run.stdout.contains("twice"), "{}", run.stdout);
    // The same figures in another unit do not sum alike.
    let in_billions = fixture_text("two-sectors.csv").replace("Triệu đồng", "Tỷ đồng");
    work.fixture("two-sectors.csv")
        .write("in-billions.csv", in_billions);
    let run = work.run(&["summary", "two-sectors.csv", "in-billions.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Tỷ đồng converted"), "{}", run.stdout);
    assert!(!run.stderr.contains("twice"), "{}", run.stderr);
}

/// The shipped `data/` folder is a programme's folder: its catalogue is checked, its plan
/// passed over, and nothing else in it is taken for a catalogue (the sector mapping once
/// was, from a subfolder).
#[test]
fn the_shipped_data_folder_checks_as_its_one_catalogue() {
    let work = Workdir::new();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let run = work.run(&["check", "--lang", "en", data.to_str().unwrap()]);
    assert_eq!(
        run.code, 1,
        "the catalogue's own errors only: {}",
        run.stderr
    );
    assert!(run.stdout.contains("checked 1 file"), "{}", run.stdout);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

/// A province an English catalogue names without marks (`QUANG TRI PROVINCE`) is the
/// province a Vietnamese one names with them (`TỈNH QUẢNG TRỊ`): one group, shown and
/// titled as Vietnamese writes it, whichever file comes first.
#[test]
fn a_province_named_in_english_and_in_vietnamese_is_one_province() {
    let work = Workdir::new();
    work.write(
        "quang-tri-en.csv",
        "LIST OF PROJECTS CALLING FOR NGO AID, QUANG TRI PROVINCE\n\
         Unit: USD\n\
         No.,Project,Total,Aid,Counterpart\n\
         I,Health,300,250,50\n\
         1,Commune health station,300,250,50\n",
    )
    .write(
        "quang-tri-vi.csv",
        "DANH MỤC DỰ ÁN VẬN ĐỘNG VIỆN TRỢ TỈNH QUẢNG TRỊ\n\
         ĐVT: USD\n\
         STT,Tên dự án,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Giáo dục,100,80,20\n\
         1,Trường mầm non,100,80,20\n",
    );
    for files in [
        ["quang-tri-en.csv", "quang-tri-vi.csv"],
        ["quang-tri-vi.csv", "quang-tri-en.csv"],
    ] {
        let run = work.run(&[
            "summary", "--by", "province", "--format", "csv", files[0], files[1],
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout.lines().nth(1),
            Some("Quảng Trị,2,400,330,70"),
            "{}",
            run.stdout
        );
        assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
        let text = work
            .run(&["summary", "--by", "province", files[0], files[1]])
            .stdout;
        assert!(
            text.starts_with("Summary by province — Quảng Trị — unit: USD\n"),
            "{text}"
        );
    }
}

/// Provinces write their figures in either convention (Cao Bằng `1,250,000`, Sóc Trăng
/// `132.716`): a roll-up of both writes its figures as the reader's language does, not as
/// whichever file came first; one file, or files that agree, as they write them.
#[test]
fn a_roll_up_of_both_conventions_writes_figures_in_the_readers() {
    let work = provinces();
    let by_province = |lang: &str, files: &[&str]| {
        let mut args = vec!["summary", "--by", "province", "--lang", lang];
        args.extend(["--unit", "triệu đồng", "--rate", RATE]);
        args.extend(files);
        let run = work.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    // Cao Bằng's 1,850,000 USD at 24.000 đồng is 44.400 triệu đồng.
    let both = ["rollup/cao-bang-2022.csv", SOC_TRANG];
    for (lang, cao_bang, share) in [("vi", "44.400", "10,8"), ("en", "44,400", "10.8")] {
        let table = by_province(lang, &both);
        let row = table.lines().find(|l| l.contains("Cao Bằng ")).unwrap();
        assert!(
            row.contains(cao_bang) && row.contains(share),
            "{lang}: {table}"
        );
    }
    // Sóc Trăng alone, in English, as the file writes it.
    let alone = by_province("en", &[SOC_TRANG]);
    assert!(alone.contains("367.542"), "{alone}");
}
