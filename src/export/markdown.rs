//! A sheet as a Markdown table, for reports and wikis.

use crate::render::table::human;
use crate::report::sheet::{Kind, Sheet};
use crate::text::plain_lines;

/// Cell text as Markdown shows it literally: HTML (`<script>`) is escaped so it is never
/// live, backslashes and pipes are escaped so they survive, line breaks become `<br>`,
/// and control and bidi characters are written visibly.
fn escape(text: &str) -> String {
    plain_lines(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

pub fn render(sheet: &Sheet) -> String {
    let mut out = String::new();
    if !sheet.title.is_empty() {
        out.push_str(&format!("**{}**\n\n", escape(&sheet.title)));
    }
    let headings: Vec<String> = sheet.columns.iter().map(|c| escape(&c.heading)).collect();
    out.push_str(&format!("| {} |\n", headings.join(" | ")));
    let rules: Vec<&str> = sheet
        .columns
        .iter()
        .map(|c| match c.kind {
            Kind::Count | Kind::Amount | Kind::Percent => "---:",
            Kind::Text | Kind::Bar => "---",
        })
        .collect();
    out.push_str(&format!("| {} |\n", rules.join(" | ")));
    for (index, row) in sheet.rows.iter().chain(sheet.total.iter()).enumerate() {
        let mut cells: Vec<String> = row.iter().map(|c| escape(&human(c, sheet))).collect();
        if index == sheet.rows.len() {
            cells = cells
                .into_iter()
                .map(|c| if c.is_empty() { c } else { format!("**{c}**") })
                .collect();
        }
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if !sheet.notes.is_empty() {
        out.push('\n');
        for note in &sheet.notes {
            out.push_str(&format!("{}\n\n", escape(note)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_and_backslashes_are_shown_as_text() {
        assert_eq!(
            escape("<script>alert(1)</script> a\\|b"),
            "&lt;script&gt;alert(1)&lt;/script&gt; a\\\\\\|b"
        );
        assert_eq!(escape("x\ny"), "x<br>y");
    }
}
