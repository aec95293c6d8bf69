//! The report as a format-free document: pages of fields, tables and notes, which each
//! writer (CSV, Markdown, JSON, XLSX) lays out in its own way, so the four formats can never
//! say different things.

use crate::merge::Decimal;

/// Which record a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 评审结果汇总表
    Results,
    /// 专家个人评分表
    Personal,
    /// 评审会议纪要
    Minutes,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Results => "results",
            Kind::Personal => "personal",
            Kind::Minutes => "minutes",
        }
    }
}

/// One record: a title and its pages (XLSX worksheets, Markdown sections).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: Kind,
    /// `zh` or `en`: the language of every label and heading.
    pub lang: &'static str,
    pub title: String,
    /// The merge's review date, which also dates the XLSX file so the same merge gives the
    /// same bytes.
    pub date: String,
    pub pages: Vec<Page>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Stable id for JSON readers: `summary`, `direction-01`, `expert-EXP02` …
    pub key: String,
    /// Worksheet name (at most 31 characters once written).
    pub name: String,
    pub title: String,
    /// Printed A4 landscape (wide tables) or portrait.
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Label and value pairs under the page title.
    Fields(Vec<Field>),
    Table(Table),
    /// A paragraph.
    Note(String),
    /// A line to sign by hand, such as `专家签字：________  日期：________`.
    Signature(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: &'static str,
    pub label: String,
    pub value: Cell,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Stable id for JSON readers.
    pub key: String,
    pub heading: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The cut line: drawn after this many rows.
    pub cut: Option<CutMark>,
    /// Shown instead of an empty table.
    pub empty: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CutMark {
    pub after: usize,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Stable id for JSON readers.
    pub key: String,
    pub label: String,
}

impl Column {
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Column {
        Column {
            key: key.into(),
            label: label.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Points with two decimals, as the merge writes them.
    Score(Decimal),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    pub fn opt_score(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, Cell::Score)
    }

    pub fn opt_int(v: Option<u32>) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Int(v.into()))
    }

    /// The cell as text, the way CSV and Markdown write it.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(v) => v.to_string(),
            Cell::Score(d) => d.to_string(),
            Cell::Empty => String::new(),
        }
    }
}
