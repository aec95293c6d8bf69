//! CSV: one file, the pages one after another, each table with its heading and header row;
//! UTF-8 with a byte-order mark and CRLF lines, which is what Excel needs to read Chinese.

use super::document::{Block, Document};
use super::ReportError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Write {
        format: "CSV",
        error: e.to_string(),
    }
}

pub fn write(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    w.write_record([doc.title.as_str()]).map_err(err)?;
    for page in &doc.pages {
        // An empty record would be written as `""`; a lone separator row reads as blank.
        w.write_record([""; 0]).map_err(err)?;
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
                        if t.cut.as_ref().is_some_and(|c| c.after == i) {
                            if let Some(c) = &t.cut {
                                w.write_record([c.label.as_str()]).map_err(err)?;
                            }
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
    }
    w.into_inner().map_err(err)
}
