//! CSV: one file, the pages one after another, each table with its heading and header row;
//! UTF-8 with a byte-order mark and CRLF lines, which is what Excel needs to read Chinese.

use super::document::{Block, Document, Page};
use super::ReportError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Write {
        format: "CSV",
        error: e.to_string(),
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

pub fn write(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let mut out = BOM.to_vec();
    let mut w = writer();
    w.write_record([doc.title.as_str()]).map_err(err)?;
    out.extend(w.into_inner().map_err(err)?);
    for page in &doc.pages {
        // The csv crate writes an empty record as `""`, so the blank line between pages is
        // written between two writers.
        out.extend_from_slice(b"\r\n");
        out.extend(page_bytes(page)?);
    }
    Ok(out)
}

fn page_bytes(page: &Page) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    w.write_record([page.title.as_str()]).map_err(err)?;
    for block in &page.blocks {
        match block {
            Block::Fields(fields) => {
                for f in fields {
                    w.write_record([f.label.as_str(), &f.value.display()])
                        .map_err(err)?;
                }
            }
            Block::Table(t) => {
                w.write_record([t.heading.as_str()]).map_err(err)?;
                w.write_record(t.columns.iter().map(|c| c.label.as_str()))
                    .map_err(err)?;
                if t.rows.is_empty() {
                    w.write_record([t.empty.as_str()]).map_err(err)?;
                }
                for (i, row) in t.rows.iter().enumerate() {
                    if let Some(c) = t.cut.as_ref().filter(|c| c.after == i) {
                        w.write_record([c.label.as_str()]).map_err(err)?;
                    }
                    w.write_record(row.iter().map(|c| c.display()))
                        .map_err(err)?;
                }
                if let Some(c) = t.cut.as_ref().filter(|c| c.after >= t.rows.len()) {
                    w.write_record([c.label.as_str()]).map_err(err)?;
                }
            }
            Block::Note(text) | Block::Signature(text) => {
                w.write_record([text.as_str()]).map_err(err)?;
            }
        }
    }
    w.into_inner().map_err(err)
}
