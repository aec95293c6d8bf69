//! XLSX through rust_xlsxwriter: one worksheet per page, laid out for A4 (landscape for
//! wide tables, portrait for the minutes), fitted to the page width, with the header row
//! repeated on every printed page, column widths measured for Chinese text and row heights
//! for wrapped cells. Dated by the review date, so the same merge gives the same bytes.

use super::document::{Block, Cell, Document, Page, Table};
use super::ReportError;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::collections::BTreeSet;
use unicode_width::UnicodeWidthStr;

/// A4 in Excel's paper-size numbering.
const A4: u8 = 9;
/// Excel refuses longer worksheet names.
const MAX_NAME: usize = 31;
/// Text wider than this (in half-width cells) wraps instead of widening its column.
const MAX_TEXT_WIDTH: usize = 26;
const MIN_WIDTH: usize = 6;
/// Points per printed line of 11-point text, Chinese included.
const LINE_HEIGHT: f64 = 15.0;

fn err(e: XlsxError) -> ReportError {
    ReportError::Write {
        format: "XLSX",
        error: e.to_string(),
    }
}

struct Formats {
    title: Format,
    field: Format,
    heading: Format,
    header: Format,
    text: Format,
    int: Format,
    score: Format,
    cut: Format,
    note: Format,
}

impl Formats {
    fn new(zh: bool) -> Formats {
        // 宋体 is the face Chinese official forms are printed in; English keeps Excel's own.
        let base = if zh {
            Format::new().set_font_name("宋体")
        } else {
            Format::new()
        }
        .set_font_size(11)
        .set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Formats {
            title: base.clone().set_bold().set_font_size(16),
            field: base.clone().set_text_wrap(),
            heading: base.clone().set_bold().set_font_size(12),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9D9D9)),
            text: cell.clone().set_text_wrap(),
            int: cell.clone().set_align(FormatAlign::Center),
            score: cell.clone().set_num_format("0.00"),
            cut: base
                .clone()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000))
                .set_border_top(FormatBorder::Medium)
                .set_border_bottom(FormatBorder::Medium)
                .set_align(FormatAlign::Center),
            note: base.set_text_wrap(),
        }
    }
}

fn width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Printed lines a text takes in a column `cols` half-width cells wide.
fn lines(s: &str, cols: usize) -> usize {
    let usable = cols.saturating_sub(1).max(1);
    s.lines()
        .map(|l| UnicodeWidthStr::width(l).div_ceil(usable).max(1))
        .sum::<usize>()
        .max(1)
}

/// Column widths of a page in half-width cells: the widest header or cell of that column
/// over every table, long text wrapping at `MAX_TEXT_WIDTH`.
fn column_widths(page: &Page) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for block in &page.blocks {
        let Block::Table(t) = block else { continue };
        if widths.len() < t.columns.len() {
            widths.resize(t.columns.len(), MIN_WIDTH);
        }
        for (i, c) in t.columns.iter().enumerate() {
            // Headers wrap too, but never mid-word for short ones.
            let head = width(&c.label).min(12);
            let body = t
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(&c.display()))
                .max()
                .unwrap_or(0);
            widths[i] = widths[i].max(head).max(body.min(MAX_TEXT_WIDTH));
        }
    }
    if widths.is_empty() {
        widths.push(60);
    }
    widths.iter().map(|w| (w + 2).max(MIN_WIDTH)).collect()
}

/// A worksheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
fn sheet_name(name: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base: String = clean.chars().take(MAX_NAME).collect();
    let mut candidate = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base.clone()
    };
    let mut n = 2;
    while used.contains(&candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = MAX_NAME.saturating_sub(suffix.chars().count());
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    used.insert(candidate.to_lowercase());
    candidate
}

/// `&` starts a code in Excel's page headers.
fn header_text(s: &str) -> String {
    let escaped = s.replace('&', "&&");
    escaped.chars().take(200).collect()
}

struct PageWriter<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    widths: Vec<usize>,
    row: u32,
    /// Header rows of the tables written, first to last.
    headers: Vec<u32>,
}

impl PageWriter<'_> {
    fn last_col(&self) -> u16 {
        (self.widths.len().max(1) - 1) as u16
    }

    fn total_width(&self) -> usize {
        self.widths.iter().sum()
    }

    /// One line of text across the whole width of the page.
    fn wide(&mut self, text: &str, format: &Format, wrap: bool) -> Result<(), XlsxError> {
        if self.last_col() == 0 {
            self.ws
                .write_string_with_format(self.row, 0, text, format)?;
        } else {
            self.ws
                .merge_range(self.row, 0, self.row, self.last_col(), text, format)?;
        }
        if wrap {
            let n = lines(text, self.total_width());
            if n > 1 {
                self.ws.set_row_height(self.row, LINE_HEIGHT * n as f64)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    fn cell(&mut self, col: u16, c: &Cell) -> Result<(), XlsxError> {
        let (r, f) = (self.row, self.f);
        match c {
            Cell::Text(s) => self.ws.write_string_with_format(r, col, s, &f.text)?,
            Cell::Int(v) => self
                .ws
                .write_number_with_format(r, col, *v as f64, &f.int)?,
            // Exact: a count of hundredths is a whole number, and the division gives the
            // double nearest the two-decimal figure, which "0.00" shows as written.
            Cell::Score(d) => {
                self.ws
                    .write_number_with_format(r, col, d.0 as f64 / 100.0, &f.score)?
            }
            Cell::Empty => self.ws.write_blank(r, col, &f.text)?,
        };
        Ok(())
    }

    fn table(&mut self, t: &Table) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.row, 0, &t.heading, &self.f.heading)?;
        self.row += 1;
        self.headers.push(self.row);
        let mut tallest = 1;
        for (i, c) in t.columns.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, i as u16, &c.label, &self.f.header)?;
            tallest = tallest.max(lines(&c.label, self.widths[i]));
        }
        if tallest > 1 {
            self.ws
                .set_row_height(self.row, LINE_HEIGHT * tallest as f64)?;
        }
        self.row += 1;
        if t.rows.is_empty() {
            let f = self.f;
            self.wide(&t.empty, &f.note, true)?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            if let Some(c) = t.cut.as_ref().filter(|c| c.after == i) {
                let f = self.f;
                self.wide(&c.label, &f.cut, false)?;
            }
            let mut tallest = 1;
            for (col, c) in row.iter().enumerate() {
                self.cell(col as u16, c)?;
                if let Cell::Text(s) = c {
                    tallest = tallest.max(lines(s, self.widths[col]));
                }
            }
            if tallest > 1 {
                self.ws
                    .set_row_height(self.row, LINE_HEIGHT * tallest as f64)?;
            }
            self.row += 1;
        }
        if let Some(c) = t.cut.as_ref().filter(|c| c.after >= t.rows.len()) {
            let f = self.f;
            self.wide(&c.label, &f.cut, false)?;
        }
        Ok(())
    }
}

fn page(
    ws: &mut Worksheet,
    doc: &Document,
    p: &Page,
    f: &Formats,
    used: &mut BTreeSet<String>,
) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(&p.name, used))?;
    let widths = column_widths(p);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w as f64)?;
    }
    let mut pw = PageWriter {
        ws,
        f,
        widths,
        row: 0,
        headers: Vec::new(),
    };
    pw.wide(&p.title, &f.title, false)?;
    pw.ws.set_row_height(0, 24)?;
    for block in &p.blocks {
        match block {
            Block::Fields(fields) => {
                for field in fields {
                    let text = format!("{}：{}", field.label, field.value.display());
                    let text = if doc.lang == "en" {
                        text.replacen('：', ": ", 1)
                    } else {
                        text
                    };
                    pw.wide(&text, &f.field, true)?;
                }
                pw.row += 1;
            }
            Block::Table(t) => {
                pw.table(t)?;
                pw.row += 1;
            }
            Block::Note(text) => pw.wide(text, &f.note, true)?,
            Block::Signature(text) => {
                pw.row += 1;
                pw.ws.set_row_height(pw.row, 30)?;
                pw.wide(text, &f.heading, false)?;
            }
        }
    }
    let headers = pw.headers;
    ws_print_setup(pw.ws, doc, p, &headers)
}

fn ws_print_setup(
    ws: &mut Worksheet,
    doc: &Document,
    p: &Page,
    headers: &[u32],
) -> Result<(), XlsxError> {
    ws.set_paper_size(A4);
    if p.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_header(format!("&C{}", header_text(&doc.title)));
    ws.set_footer(if doc.lang == "en" {
        "&CPage &P of &N"
    } else {
        "&C第 &P 页，共 &N 页"
    });
    // A page with one table repeats its header row on every printed page and keeps it in
    // view on screen; with several, the page title is what stays.
    match headers {
        [only] => {
            ws.set_repeat_rows(*only, *only)?;
            ws.set_freeze_panes(*only + 1, 0)?;
        }
        _ => {
            ws.set_repeat_rows(0, 0)?;
        }
    }
    Ok(())
}

pub fn write(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let mut props = DocProperties::new().set_title(doc.title.as_str());
    if let Ok(date) = ExcelDateTime::parse_from_str(&doc.date) {
        props = props.set_creation_datetime(&date);
    }
    wb.set_properties(&props);
    let f = Formats::new(doc.lang != "en");
    let mut used = BTreeSet::new();
    for p in &doc.pages {
        let ws = wb.add_worksheet();
        page(ws, doc, p, &f, &mut used).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
