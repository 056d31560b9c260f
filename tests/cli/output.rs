//! Issue 10: what aidcat writes is safe. Text from the input never drives the terminal;
//! output files get the usual modes; an output that is an input is refused however it is
//! named; an output format aidcat does not write is an error, not a table in disguise.

use crate::harness::Workdir;

/// A catalogue whose title lines, names and units carry terminal escapes: clear the
/// screen, set the title, write the clipboard, a bell, a backspace, bidi overrides.
const HOSTILE: &str = "Danh mục\u{1b}[2J\u{1b}[Hchecked 1 file: 0 errors\n\
ĐVT: Triệu đồng\u{1b}]0;owned\u{7}\n\
STT,Tên dự án,Chủ khoản viện trợ,Thời gian thực hiện,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
I,Lĩnh vực y tế\u{1b}]52;c;cm0gLXJmIH4=\u{7},,,10,5,5\n\
1,Trạm y tế \u{202e}gnp.exe\u{8}\u{8},Sở\u{1b}[30;40m Y tế,2021-2025,10,6,5\n";

/// No byte below 0x20 but tab and newline, and no bidi control, in what aidcat wrote.
fn assert_inert(text: &str, what: &str) {
    for c in text.chars() {
        let control = c.is_control() && c != '\n' && c != '\t';
        let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(!control && !bidi, "{what} writes {c:?} raw:\n{text}");
    }
}

#[test]
fn outside_text_never_reaches_the_terminal_raw() {
    let work = Workdir::new();
    work.write("hostile.csv", HOSTILE);
    let runs = [
        vec!["check", "hostile.csv"],
        vec!["summary", "hostile.csv"],
        vec!["summary", "hostile.csv", "--format", "markdown"],
        vec!["list", "hostile.csv"],
        vec!["check", "missing\u{1b}[2J\nfile.csv"],
        vec!["summary", "hostile.csv", "--unit", "tr\u{1b}[5m"],
    ];
    for args in runs {
        let run = work.run(&args);
        assert_inert(&run.stdout, &format!("{args:?} stdout"));
        assert_inert(&run.stderr, &format!("{args:?} stderr"));
    }
    let run = work.run(&["check", "hostile.csv"]);
    // Shown, not sent: the officer sees what the cell holds.
    assert!(run.stdout.contains("\\u{1b}"), "{}", run.stdout);
    assert!(run.stdout.contains("⟨U+202E⟩"), "{}", run.stdout);
    // A file name with a line break stays on its line.
    let run = work.run(&["check", "a\nb.csv"]);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn markdown_shows_html_in_names_as_text() {
    let work = Workdir::new();
    work.write(
        "x.csv",
        "sector,name,total,aid,counterpart\n\"<script>alert(1)</script>\",\"a\\\\|b\",3,2,1\n",
    );
    let run = work.run(&["summary", "x.csv", "--format", "markdown"]);
    assert!(!run.stdout.contains("<script>"), "{}", run.stdout);
    assert!(run.stdout.contains("&lt;script&gt;"), "{}", run.stdout);
}

#[test]
fn standard_input_redirected_from_the_output_is_refused() {
    let work = Workdir::new();
    work.data("soc-trang-2020-2025.csv");
    let path = work.path().join("soc-trang-2020-2025.csv");
    let before = std::fs::read(&path).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_aidcat"))
        .args(["summary", "-", "-o", "soc-trang-2020-2025.csv"])
        .current_dir(work.path())
        .stdin(std::fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("standard input"), "{stderr}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the input is untouched"
    );
}

#[test]
fn an_output_format_aidcat_does_not_write_is_an_error() {
    let work = Workdir::new();
    work.data("soc-trang-2020-2025.csv");
    for name in ["x.xls", "x.ods", "x.tsv"] {
        let run = work.run(&["summary", "soc-trang-2020-2025.csv", "-o", name]);
        assert_eq!(run.code, 2, "{name}");
        assert!(
            run.stderr.contains(".csv, .json, .md, .xlsx"),
            "{}",
            run.stderr
        );
        assert!(!work.path().join(name).exists(), "{name} not written");
    }
}

#[cfg(unix)]
#[test]
fn outputs_get_the_umask_mode_and_a_replaced_file_keeps_its_own() {
    use std::os::unix::fs::PermissionsExt;
    let work = Workdir::new();
    work.data("soc-trang-2020-2025.csv");
    let mode = |name: &str| {
        std::fs::metadata(work.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let run = |name: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask 022 && exec \"$0\" summary soc-trang-2020-2025.csv -o {name}"
            ))
            .arg(env!("CARGO_BIN_EXE_aidcat"))
            .current_dir(work.path())
            .status()
            .unwrap()
    };
    assert!(run("new.csv").success());
    assert_eq!(mode("new.csv"), 0o644);
    std::fs::set_permissions(
        work.path().join("new.csv"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    assert!(run("new.csv").success());
    assert_eq!(mode("new.csv"), 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}
