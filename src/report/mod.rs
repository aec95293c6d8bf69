//! Reports from a merge (DESIGN.md §3 step 7): the 评审结果汇总表, each expert's 专家个人评分表
//! and the 评审会议纪要, built once as a format-free [`Document`] and written as CSV,
//! Markdown, canonical JSON or XLSX laid out for A4 printing. Pure: bytes in, bytes out;
//! reading and writing files is the command's business.

mod csv_out;
pub mod document;
mod json_out;
mod markdown;
mod minutes;
mod personal;
mod results;
mod words;
mod xlsx_out;

pub use document::{Block, Cell, Column, CutMark, Document, Field, Kind, Page, Table};
pub use minutes::decision_text;
pub use personal::rows_of as expert_rows;
pub use words::short_digest;

use crate::i18n::Lang;
use crate::merge::{MergeOutput, MERGE_FORMAT};

/// The file formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// UTF-8 with a byte-order mark, so Excel reads the Chinese text right.
    Csv,
    Markdown,
    /// Canonical JSON (RFC 8785): keys sorted, no spaces.
    Json,
    Xlsx,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{file} is not a merge output pingshen can read ({error}); give the file `pingshen merge -o` wrote")]
    NotMerge { file: String, error: String },
    #[error("{file} is a merge output of layout {found}, but this pingshen reads layout {expected}; merge the sheets again with this version")]
    Layout {
        file: String,
        found: u32,
        expected: u32,
    },
    #[error("the report could not be written as {format}: {error}; this is a bug, please report it with the merge file")]
    Write { format: &'static str, error: String },
}

/// Reads a merge output (`pingshen merge -o`); `file` names it in errors.
pub fn read_merged(bytes: &[u8], file: &str) -> Result<MergeOutput, ReportError> {
    let merged: MergeOutput = serde_json::from_slice(bytes).map_err(|e| ReportError::NotMerge {
        file: file.to_string(),
        error: e.to_string(),
    })?;
    if merged.format != MERGE_FORMAT {
        return Err(ReportError::Layout {
            file: file.to_string(),
            found: merged.format,
            expected: MERGE_FORMAT,
        });
    }
    Ok(merged)
}

/// The record of `kind`, headed in `lang`.
pub fn build(merged: &MergeOutput, kind: Kind, lang: Lang) -> Document {
    let w = words::W(lang);
    match kind {
        Kind::Results => results::build(merged, w),
        Kind::Personal => personal::build(merged, w),
        Kind::Minutes => minutes::build(merged, w),
    }
}

/// The document's bytes in `format`. The same document gives the same bytes.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Csv => csv_out::write(doc),
        Format::Markdown => Ok(markdown::write(doc).into_bytes()),
        Format::Json => json_out::write(doc),
        Format::Xlsx => xlsx_out::write(doc),
    }
}
