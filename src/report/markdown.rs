//! Markdown: a heading per page, fields as a list, pipe tables with numbers right-aligned,
//! and the cut line as a line of its own between the two halves of a ranking.

use super::document::{Block, Cell, Document, Table};
use std::fmt::Write;

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

fn numeric(t: &Table, col: usize) -> bool {
    let mut any = false;
    for row in &t.rows {
        match row.get(col) {
            Some(Cell::Int(_) | Cell::Score(_)) => any = true,
            Some(Cell::Empty) | None => {}
            Some(Cell::Text(_)) => return false,
        }
    }
    any
}

fn header(out: &mut String, t: &Table) {
    let labels: Vec<String> = t.columns.iter().map(|c| escape(&c.label)).collect();
    let _ = writeln!(out, "| {} |", labels.join(" | "));
    let rule: Vec<&str> = (0..t.columns.len())
        .map(|i| if numeric(t, i) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
}

fn rows(out: &mut String, t: &Table, from: usize, to: usize) {
    for row in &t.rows[from..to] {
        let cells: Vec<String> = row.iter().map(|c| escape(&c.display())).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

fn table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "### {}\n", escape(&t.heading));
    if t.rows.is_empty() {
        let _ = writeln!(out, "{}\n", escape(&t.empty));
        return;
    }
    let cut = t
        .cut
        .as_ref()
        .map(|c| (c.after.min(t.rows.len()), &c.label));
    match cut {
        None => {
            header(out, t);
            rows(out, t, 0, t.rows.len());
            out.push('\n');
        }
        Some((after, label)) => {
            if after > 0 {
                header(out, t);
                rows(out, t, 0, after);
                out.push('\n');
            }
            let _ = writeln!(out, "**{}**\n", escape(label));
            if after < t.rows.len() {
                header(out, t);
                rows(out, t, after, t.rows.len());
                out.push('\n');
            }
        }
    }
}

pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&doc.title));
    for page in &doc.pages {
        let _ = writeln!(out, "## {}\n", escape(&page.title));
        for block in &page.blocks {
            match block {
                Block::Fields(fields) => {
                    let colon = if doc.lang == "en" { ": " } else { "：" };
                    for f in fields {
                        let _ = writeln!(
                            out,
                            "- **{}**{colon}{}",
                            escape(&f.label),
                            escape(&f.value.display())
                        );
                    }
                    out.push('\n');
                }
                Block::Table(t) => table(&mut out, t),
                Block::Note(text) => {
                    let _ = writeln!(out, "{}\n", escape(text));
                }
                Block::Signature(text) => {
                    let _ = writeln!(out, "{}\n", escape(text));
                }
            }
        }
    }
    out
}
