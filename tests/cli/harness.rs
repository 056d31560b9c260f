//! A small harness: a temporary folder holding copies of inputs, and the real binary
//! run inside it, so paths in messages are short and nothing outside is touched.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What one run of aidcat gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Standard output as written (a workbook's bytes).
    pub bytes: Vec<u8>,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// The rule and the difference of each finding of the first file, from `--format
    /// json`: `sector-sum 100`.
    pub fn rules_and_differences(&self) -> Vec<String> {
        let json = self.json();
        let findings = json["files"][0]["findings"].as_array().cloned();
        findings
            .unwrap_or_default()
            .iter()
            .map(|f| {
                let text = |key: &str| f[key].as_str().unwrap_or_default().to_owned();
                format!("{} {}", text("rule"), text("difference"))
            })
            .collect()
    }
}

/// The Windows build (`AIDCAT_WINDOWS`, its path) and what runs it (`AIDCAT_WINE`, by
/// default `wine`); `.ci/run` builds it and sets both. Each CLI test then runs a third
/// time, on it.
pub fn windows_build() -> Option<Vec<String>> {
    let exe = std::env::var("AIDCAT_WINDOWS")
        .ok()
        .filter(|e| !e.is_empty())?;
    let wine = std::env::var("AIDCAT_WINE").unwrap_or_else(|_| "wine".to_owned());
    Some(vec![wine, exe])
}

/// How many times a run of the Windows build that differs is tried again.
const WINE_RETRIES: usize = 2;

/// Can the arguments name the same files on Windows? Not a Unix device (`/dev/full`), nor a
/// name with a line break or another control character, which Windows does not allow.
fn windows_has(args: &[&str]) -> bool {
    !args
        .iter()
        .any(|arg| arg.starts_with("/dev/") || arg.chars().any(char::is_control))
}

/// Windows names a folder's files with `\` (`rollup\cao-bang.csv`), JSON doubling it:
/// outputs are compared with either separator read as `/`.
fn as_one_separator(text: &str) -> String {
    text.replace("\\\\", "/").replace('\\', "/")
}

/// The parts of a package (an `.xlsx` or `.docx`: a zip), by name; `None` where the
/// bytes are no zip.
pub fn parts_of(bytes: &[u8]) -> Option<BTreeMap<String, Vec<u8>>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let parts = (0..zip.len()).map(|i| {
        let mut part = zip.by_index(i).expect("a part of the package");
        let mut content = Vec::new();
        part.read_to_end(&mut content).expect("the part's bytes");
        let name = part.name().map(|name| name.into_owned());
        (name.expect("a named part"), content)
    });
    Some(parts.collect())
}

/// The parts of a package (an `.xlsx` or `.docx`), by name.
pub fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    parts_of(bytes).expect("a zip package")
}

/// A package (an `.xlsx` or `.docx` zip) of `parts`, compressed.
pub fn zipped(parts: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        out.start_file(name, deflated).unwrap();
        std::io::Write::write_all(&mut out, bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of a file of `tests/fixtures`, for a test to vary.
pub fn fixture_text(name: &str) -> String {
    let path = crate_root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copies a file of `tests/fixtures` into the folder.
    pub fn fixture(&self, name: &str) -> &Self {
        let from = crate_root().join("tests/fixtures").join(name);
        std::fs::copy(&from, self.path().join(name))
            .unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        self
    }

    /// Copies a folder of `tests/fixtures` (its files) into the folder.
    pub fn fixture_folder(&self, name: &str) -> &Self {
        let from = crate_root().join("tests/fixtures").join(name);
        std::fs::create_dir_all(self.path().join(name)).expect("make folder");
        for entry in std::fs::read_dir(&from).expect("fixture folder") {
            let path = entry.expect("folder entry").path();
            let to = self
                .path()
                .join(name)
                .join(path.file_name().expect("a file"));
            std::fs::copy(&path, to).expect("copy fixture");
        }
        self
    }

    /// Copies a file of `data/` into the folder.
    pub fn data(&self, name: &str) -> &Self {
        self.data_in(".", &[name])
    }

    /// Copies files of `data/` into `folder` of the folder (made if missing).
    pub fn data_in(&self, folder: &str, names: &[&str]) -> &Self {
        std::fs::create_dir_all(self.path().join(folder)).expect("make folder");
        for name in names {
            let to = self.path().join(folder).join(name);
            std::fs::copy(crate_root().join("data").join(name), to).expect("copy data file");
        }
        self
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.path().join(name), contents).expect("write input");
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, &[])
    }

    /// Runs aidcat with `input` on its standard input, twice: as a user runs it (a small
    /// file is one range), and through tiny ranges on three threads with project numbers
    /// spilled to disk past the second and standard input past its first kilobyte copied
    /// to a temporary file, as ripgrep runs its tests through every strategy. Both runs
    /// must give the same output and exit code; so must a third, on the Windows build,
    /// where one is given ([`windows_build`]).
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let run = self.run_once(args, input, &[]);
        let chunked = self.run_once(
            args,
            input,
            &[
                ("AIDCAT_CHUNK_BYTES", "977"),
                ("AIDCAT_THREADS", "3"),
                ("AIDCAT_NUMBER_BUDGET", "2"),
                ("AIDCAT_SPOOL_BYTES", "1024"),
            ],
        );
        assert_eq!(
            (run.code, &run.stdout, &run.stderr),
            (chunked.code, &chunked.stdout, &chunked.stderr),
            "aidcat {args:?} differs when run in tiny ranges"
        );
        if let Some(windows) = windows_build().filter(|_| windows_has(args)) {
            // Wine reads the arguments in the locale's encoding: UTF-8, as Windows passes them.
            let utf8 = [("LC_CTYPE", "C.UTF-8")];
            let seen = |run: &Run| {
                let stdout = match parts_of(&run.bytes) {
                    Some(parts) => format!("{parts:?}"),
                    None => as_one_separator(&run.stdout),
                };
                (run.code, stdout, as_one_separator(&run.stderr))
            };
            // Wine on a loaded machine now and then spoils a run (two suites in eight,
            // in CI and here, a different test each time, each passing when run again):
            // a run that differs is told on stderr and tried again, so that a difference
            // which stays is the Windows build's.
            let mut on_windows = self.run_program(&windows, args, input, &utf8);
            for _ in 0..WINE_RETRIES {
                if seen(&run) == seen(&on_windows) {
                    break;
                }
                eprintln!(
                    "aidcat {args:?} differed under Wine; tried again. Linux: {:?}\nWindows: {:?}",
                    seen(&run),
                    seen(&on_windows)
                );
                on_windows = self.run_program(&windows, args, input, &utf8);
            }
            assert_eq!(
                seen(&run),
                seen(&on_windows),
                "aidcat {args:?} differs when built for Windows"
            );
        }
        run
    }

    /// Runs aidcat once, with these environment variables.
    pub fn run_once(&self, args: &[&str], input: &[u8], env: &[(&str, &str)]) -> Run {
        self.run_program(&[env!("CARGO_BIN_EXE_aidcat").to_owned()], args, input, env)
    }

    /// Runs `program` (a command and its first arguments) as aidcat.
    fn run_program(
        &self,
        program: &[String],
        args: &[&str],
        input: &[u8],
        env: &[(&str, &str)],
    ) -> Run {
        use std::io::Write;
        let mut child = Command::new(&program[0])
            .args(&program[1..])
            .args(args)
            .current_dir(self.path())
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env("NO_COLOR", "1")
            // Workbooks stamped alike, so two runs can be compared byte for byte.
            .env("SOURCE_DATE_EPOCH", "1700000000")
            // After the removals, so a test may set the locale.
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run aidcat");
        // aidcat may exit before reading all of its input (bad usage): ignore a broken pipe.
        let _ = child.stdin.take().expect("stdin").write_all(input);
        let output = child.wait_with_output().expect("wait for aidcat");
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            bytes: output.stdout.clone(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert_ne!(run.code, 101, "aidcat panicked:\n{}", run.stderr);
        assert!(
            !run.stderr.contains("panicked"),
            "aidcat panicked:\n{}",
            run.stderr
        );
        run
    }
}

impl Workdir {
    /// Converts `file` with LibreOffice headless (`--convert-to to`, optionally through
    /// an import filter) into `lo/`, and returns what it wrote. `None` when LibreOffice is
    /// not installed; CI installs it and sets AIDCAT_REQUIRE_SOFFICE, so there a test
    /// cannot skip.
    pub fn libreoffice(&self, file: &str, to: &str, infilter: Option<&str>) -> Option<String> {
        let written = self.libreoffice_file(file, to, infilter)?;
        Some(std::fs::read_to_string(written).expect("LibreOffice wrote the file"))
    }

    /// A workbook's first sheet as LibreOffice computes it (formulas evaluated or cached,
    /// as its settings say), as rows of cells; `None` when LibreOffice is not installed.
    pub fn libreoffice_rows(&self, workbook: &str) -> Option<Vec<Vec<String>>> {
        let csv = self.libreoffice(
            workbook,
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
            None,
        )?;
        let rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv.as_bytes())
            .records()
            .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
            .collect();
        Some(rows)
    }

    /// [`Workdir::libreoffice`], giving the path of what LibreOffice wrote (a workbook).
    pub fn libreoffice_file(
        &self,
        file: &str,
        to: &str,
        infilter: Option<&str>,
    ) -> Option<PathBuf> {
        if Command::new("soffice").arg("--version").output().is_err() {
            assert!(
                std::env::var_os("AIDCAT_REQUIRE_SOFFICE").is_none(),
                "soffice is required here but not installed"
            );
            eprintln!("skipped: LibreOffice (soffice) is not installed");
            return None;
        }
        let profile = format!(
            "-env:UserInstallation=file://{}/lo-profile",
            self.path().display()
        );
        let mut command = Command::new("soffice");
        command.args([&profile, "--headless"]);
        if let Some(filter) = infilter {
            command.arg(format!("--infilter={filter}"));
        }
        let output = command
            .args(["--convert-to", to, "--outdir", "lo", file])
            .current_dir(self.path())
            .output()
            .expect("run soffice");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let extension = to.split(':').next().unwrap_or(to);
        let stem = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(file);
        Some(self.path().join("lo").join(format!("{stem}.{extension}")))
    }
}

/// Parses CSV output into rows of cells, header first.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}

/// Adds a sheet named `name` holding `csv`'s lines, each cell split at its commas, as
/// text.
pub fn add_sheet(book: &mut rust_xlsxwriter::Workbook, name: &str, csv: &str) {
    let sheet = book.add_worksheet().set_name(name).unwrap();
    for (row, line) in csv.lines().enumerate() {
        for (column, cell) in line.split(',').enumerate() {
            sheet.write_string(row as u32, column as u16, cell).unwrap();
        }
    }
}
