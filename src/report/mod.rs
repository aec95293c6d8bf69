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
    #[error("{file} is not a merge output pingshen can read ({}); give the file `pingshen merge -o` wrote", what.en())]
    NotMerge { file: String, what: NotMerge },
    #[error("{file} is a merge output of layout {found}, but this pingshen reads layout {expected}; merge the sheets again with this version")]
    Layout {
        file: String,
        found: u32,
        expected: u32,
    },
    #[error("the report could not be written as {format}: {error}; this is a bug, please report it with the merge file")]
    Write { format: &'static str, error: String },
}

/// What a file given as a merge output turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotMerge {
    /// Not JSON at all, or cut short.
    NotJson,
    /// An expert's signed score sheet: the usual mix-up.
    Sheet,
    /// A signed decision.
    Decision,
    /// JSON of some other shape.
    OtherJson,
}

impl NotMerge {
    /// What the file is, from its bytes; the parser's own words name Rust types.
    fn of(bytes: &[u8]) -> NotMerge {
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Err(_) => NotMerge::NotJson,
            // A sheet is flat: its expert, scores and signature at the top.
            Ok(v) if v.get("expert").is_some() && v.get("scores").is_some() => NotMerge::Sheet,
            Ok(v) if v.get("decision").is_some() => NotMerge::Decision,
            Ok(_) => NotMerge::OtherJson,
        }
    }
    fn en(self) -> &'static str {
        match self {
            NotMerge::NotJson => "it is not JSON, or it is cut short",
            NotMerge::Sheet => {
                "it is an expert's score sheet; merge the sheets first with `pingshen merge`"
            }
            NotMerge::Decision => "it is a signed decision",
            NotMerge::OtherJson => "it is JSON, but not of a merge output's layout",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            NotMerge::NotJson => "它不是 JSON，或内容不完整",
            NotMerge::Sheet => "它是专家的评分表；请先用 `pingshen merge` 汇总评分表",
            NotMerge::Decision => "它是一份签名的决定",
            NotMerge::OtherJson => "它是 JSON，但不是汇总结果的格式",
        }
    }
}

impl ReportError {
    /// The error as one sentence in `lang` (`Display` is the English one).
    pub fn message(&self, lang: Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            ReportError::NotMerge { file, what } => format!(
                "{file} 不是 pingshen 能读的汇总结果（{}）；请给出 `pingshen merge -o` 写出的文件",
                what.zh()
            ),
            ReportError::Layout {
                file,
                found,
                expected,
            } => format!(
                "{file} 是格式 {found} 的汇总结果，本版本 pingshen 只读格式 {expected}；请用本版本重新汇总"
            ),
            ReportError::Write { format, error } => format!(
                "无法生成 {format} 格式的报告（{error}）；这是程序缺陷，请连同汇总结果文件一起报告"
            ),
        }
    }
}

/// Reads a merge output (`pingshen merge -o`); `file` names it in errors.
pub fn read_merged(bytes: &[u8], file: &str) -> Result<MergeOutput, ReportError> {
    let merged: MergeOutput = serde_json::from_slice(bytes).map_err(|e| {
        tracing::info!(file, error = %e, "not a merge output");
        ReportError::NotMerge {
            file: file.to_string(),
            what: NotMerge::of(bytes),
        }
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
