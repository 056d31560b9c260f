//! Issue 13: the HTML report, opened in headless Chromium: the wrong cells highlighted
//! as rendered, the charts with their figures, nothing fetched, outside markup shown as
//! text; a screenshot and a print to PDF.

use crate::harness::Workdir;
use serde_json::Value;
use std::process::Command;

const SOC_TRANG: &str = "soc-trang-2020-2025.csv";
const PLAN: &str = "soc-trang-plan-2020-2025.csv";

/// Reads the rendered page and writes what a test needs into the DOM as JSON.
const PROBE: &str = r#"<script>
const out = {};
out.wrong = [...document.querySelectorAll('td.wrong')].map(td => ({
  id: td.id, text: td.textContent.trim(), background: getComputedStyle(td).backgroundColor,
  title: td.title }));
out.charts = [...document.querySelectorAll('figure.chart svg')].map(svg => ({
  title: svg.querySelector('title').textContent,
  bars: [...svg.querySelectorAll('g.bar')].map(g => [g.dataset.label, g.dataset.total]),
  declared: [...svg.querySelectorAll('g.bar')].map(g => g.dataset.declared || null) }));
out.resources = performance.getEntriesByType('resource').length;
out.scripts = document.scripts.length - 1;
out.images = document.images.length;
out.cells = [...document.querySelectorAll('table.catalogue td')].map(td => td.textContent);
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"#;

/// Headless Chromium, or `None` where it is not installed (CI installs it and sets
/// AIDCAT_REQUIRE_CHROMIUM, so there a test cannot skip).
fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(name);
        }
    }
    assert!(
        std::env::var_os("AIDCAT_REQUIRE_CHROMIUM").is_none(),
        "chromium is required here but not installed"
    );
    eprintln!("skipped: chromium is not installed");
    None
}

/// Runs Chromium headless on a page of the work folder with `extra` arguments; stdout.
fn browse(browser: &str, work: &Workdir, page: &str, extra: &[&str]) -> String {
    let profile = work.path().join("chromium-profile");
    let url = format!("file://{}", work.path().join(page).display());
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1400,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .current_dir(work.path())
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The page as Chromium renders it, probed: the report with the probe script added (and
/// its policy, which would forbid the probe, taken out: what the page fetches then shows
/// in `resources`).
fn probe(browser: &str, work: &Workdir, page: &str) -> Value {
    let html = std::fs::read_to_string(work.path().join(page)).unwrap();
    let policy_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let policy_end = policy_start + html[policy_start..].find('>').unwrap() + 1;
    let probed = format!(
        "{}{}",
        &html[..policy_start],
        html[policy_end..].replace("</body>", &format!("{PROBE}</body>"))
    );
    work.write("probed.html", probed);
    let dom = browse(browser, work, "probed.html", &["--dump-dom"]);
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn no_outside_reference(html: &str) {
    for attribute in ["src=", "href=\"http", "href=\"//", "url(", "@import"] {
        assert!(
            !html.contains(attribute),
            "the page refers outside: {attribute}"
        );
    }
}

#[test]
fn the_report_of_the_shipped_data_renders_its_mistakes_and_charts() {
    let work = Workdir::new();
    work.data(SOC_TRANG).data(PLAN);
    let run = work.run(&[
        "report",
        "--lang",
        "vi",
        SOC_TRANG,
        "--plan",
        PLAN,
        "-o",
        "report.html",
    ]);
    assert_eq!(run.code, 1, "the catalogue has errors: {}", run.stderr);
    let html = std::fs::read_to_string(work.path().join("report.html")).unwrap();
    assert!(html.len() < 200_000, "{} bytes", html.len());
    no_outside_reference(&html);
    // A row a finding marks keeps its kind's class beside `marked` (project II.6's period,
    // line 30): a tag with two `class` attributes lost the second in the browser.
    for tag in html.split('<').filter(|tag| tag.starts_with("tr ")) {
        let tag = &tag[..tag.find('>').unwrap()];
        assert!(tag.matches(" class=").count() <= 1, "{tag}");
    }
    assert!(
        html.contains("<tr id=\"r-0-30\" class=\"project marked\" title="),
        "{html}"
    );
    let Some(browser) = chromium() else { return };

    let page = probe(browser, &work, "report.html");
    assert_eq!(page["resources"], 0, "a request left the page");
    assert_eq!(page["scripts"], 0);
    // Sector II (line 22) and the grand total (line 53): total (G) and aid (H) are wrong,
    // and highlighted as rendered.
    let wrong: Vec<&str> = page["wrong"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(wrong, ["c-0-22-7", "c-0-22-8", "c-0-53-7", "c-0-53-8"]);
    for cell in page["wrong"].as_array().unwrap() {
        let background = cell["background"].as_str().unwrap();
        assert!(
            !["rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"].contains(&background),
            "{cell}"
        );
        assert!(
            cell["title"].as_str().unwrap().contains("chênh +360"),
            "{cell}"
        );
    }
    assert!(
        page["wrong"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("13.233")
    );
    assert!(
        page["wrong"][2]["text"]
            .as_str()
            .unwrap()
            .starts_with("367.902")
    );
    // The charts carry the computed figures: by sector, by year (adding up to the
    // projects' total), the plan's nine tasks.
    let charts = page["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 3, "{charts:?}");
    let sectors = &charts[0]["bars"];
    assert_eq!(
        sectors[1],
        serde_json::json!(["Lĩnh vực an sinh xã hội", "12873"])
    );
    // Sector II declares 13.233: marked beside the computed bar, the others declare theirs.
    let declared = &charts[0]["declared"];
    assert_eq!(
        declared,
        &serde_json::json!([null, "13233", null, null, null, null])
    );
    let sector_sum: i64 = sectors
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b[1].as_str().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(sector_sum, 367_542);
    let years = charts[1]["bars"].as_array().unwrap();
    assert_eq!(years[0][0], "2020");
    let year_sum: i64 = years
        .iter()
        .map(|b| b[1].as_str().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(year_sum, 367_542);
    assert!(charts[1]["title"].as_str().unwrap().contains("ước tính"));
    assert!(charts[2]["title"].as_str().unwrap().contains("Kế hoạch"));

    // A screenshot and a print to PDF of the page as it is (policy and all).
    browse(browser, &work, "report.html", &["--screenshot=shot.png"]);
    let png = std::fs::read(work.path().join("shot.png")).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    browse(
        browser,
        &work,
        "report.html",
        &["--print-to-pdf=report.pdf", "--no-pdf-header-footer"],
    );
    let pdf = std::fs::read(work.path().join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    // Every page A4 landscape (842 × 595 points), and the catalogue runs over several.
    let text = String::from_utf8_lossy(&pdf);
    let pages: Vec<&str> = text.matches("/MediaBox [0 0 841.9").collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert_eq!(
        text.matches("/MediaBox [").count(),
        pages.len(),
        "a page not A4 landscape"
    );
}

#[test]
fn markup_in_a_hostile_catalogue_shows_as_text() {
    let work = Workdir::new();
    let name = "<script>document.title='owned'</script><img src=x onerror=alert(1)>";
    let sector = "Y tế <b>đậm</b> &amp; \"trích\"";
    work.write(
        "hostile.csv",
        format!(
            "sector,name,owner,total,aid,counterpart\n\"{}\",\"{}\",<i>Sở</i>,500,400,100\n",
            sector.replace('"', "\"\""),
            name.replace('"', "\"\"")
        ),
    );
    let run = work.run(&["report", "hostile.csv", "-o", "report.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(work.path().join("report.html")).unwrap();
    assert!(!html.contains("<script>document"), "raw markup in the page");
    assert!(!html.contains("<img"), "raw markup in the page");
    let Some(browser) = chromium() else { return };
    let page = probe(browser, &work, "report.html");
    assert_eq!(page["resources"], 0, "the image was fetched");
    assert_eq!(page["scripts"], 0, "a script from a cell became a script");
    assert_eq!(page["images"], 0);
    let cells: Vec<&str> = page["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(cells.contains(&name), "{cells:?}");
    assert!(cells.contains(&sector), "{cells:?}");
    assert!(cells.contains(&"<i>Sở</i>"), "{cells:?}");
    let charts = page["charts"].as_array().unwrap();
    assert_eq!(charts[0]["bars"][0][0], sector);
}

#[test]
fn summary_writes_an_html_page_too() {
    let work = Workdir::new();
    work.data(SOC_TRANG);
    let run = work.run(&["summary", SOC_TRANG, "-o", "summary.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(work.path().join("summary.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<td class=\"num\">12.873</td>"), "{html}");
    no_outside_reference(&html);
}

#[test]
fn several_provinces_are_compared_in_one_unit() {
    let work = Workdir::new();
    work.data(SOC_TRANG).fixture_folder("rollup");
    let rate = "1 USD = 24.000 đồng";
    let run = work.run(&[
        "report", "--lang", "en", "--rate", rate, SOC_TRANG, "rollup", "-o", "r.html",
    ]);
    assert_eq!(run.code, 1, "Sóc Trăng has errors: {}", run.stderr);
    let html = std::fs::read_to_string(work.path().join("r.html")).unwrap();
    // Each province's total in triệu đồng: 8,95 tỷ đồng; 1.850.000 USD at 24.000 đồng.
    for (province, total) in [
        ("Sóc Trăng", "367542"),
        ("Cao Bằng", "44400"),
        ("Đắk Nông", "8950"),
        ("Vĩnh Phúc", "10700"),
    ] {
        let bar = format!("data-label=\"{province}\" data-total=\"{total}\"");
        assert!(html.contains(&bar), "no bar {bar}");
    }
    assert_eq!(html.matches("<section class=\"file\"").count(), 4);
    // Without the rate the currencies cannot be compared: the error says why.
    let run = work.run(&["report", SOC_TRANG, "rollup", "-o", "r2.html"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("without a rate"), "{}", run.stderr);
    assert!(!work.path().join("r2.html").exists(), "no half-made page");
}

/// The `li` texts of the page's list of notes on how the file was read, unescaped.
fn reading_notes(html: &str) -> Vec<String> {
    let start = html.find("<ul class=\"readings\">").expect("no notes") + 21;
    let end = start + html[start..].find("</ul>").unwrap();
    html[start..end]
        .split("<li>")
        .filter_map(|item| item.strip_suffix("</li>"))
        .map(|text| {
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn the_report_says_how_each_file_was_read() {
    let work = Workdir::new();
    work.fixture("numbered-group.csv");
    let check = work.run(&["check", "--lang", "vi", "numbered-group.csv"]);
    let notes: Vec<&str> = check
        .stdout
        .lines()
        .filter_map(|line| line.strip_prefix("numbered-group.csv: ghi chú: "))
        .collect();
    assert!(notes.len() >= 3, "{}", check.stdout);
    let run = work.run(&[
        "report",
        "--lang",
        "vi",
        "numbered-group.csv",
        "-o",
        "r.html",
    ]);
    assert_eq!(run.code, check.code, "{}", run.stderr);
    let html = std::fs::read_to_string(work.path().join("r.html")).unwrap();
    assert_eq!(reading_notes(&html), notes);
    let about = check.stdout.lines().next().unwrap();
    let read_as = about.strip_prefix("numbered-group.csv: ").unwrap();
    assert!(
        html.contains(&format!("<dt>Cách đọc</dt><dd>{read_as}<ul")),
        "{html}"
    );
}

/// A name wrapped over two lines in its cell keeps its line break in the HTML pages
/// (`report`, and `list -o …html`), shown as a break by the page's style: it was written
/// escaped (`xã A\u{a}huyện B`).
#[test]
fn a_name_wrapped_in_its_cell_keeps_its_line_break_in_html() {
    let work = Workdir::new();
    work.write(
        "wrapped.csv",
        "STT,Tên dự án,Chủ đầu tư,Tổng vốn,Vốn viện trợ,Vốn đối ứng\n\
         I,Lĩnh vực y tế,,1.000,800,200\n\
         1,\"Trạm y tế xã A\nhuyện B\",Sở Y tế,600,500,100\n\
         2,Dự án C,\"Sở Y tế\u{1b}[2J\",400,300,100\n\
         ,Tổng cộng,,1.000,800,200\n",
    );
    let report = work.run(&["report", "wrapped.csv", "-o", "r.html"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let list = work.run(&["list", "wrapped.csv", "-o", "l.html"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    for page in ["r.html", "l.html"] {
        let html = std::fs::read_to_string(work.path().join(page)).unwrap();
        assert!(
            html.contains(">Trạm y tế xã A\nhuyện B</td>"),
            "{page}: {html}"
        );
        assert!(html.contains("td { white-space: pre-line; }"), "{page}");
        // Other control characters are still shown as text.
        assert!(html.contains("Sở Y tế\\u{1b}[2J"), "{page}: {html}");
    }
}
