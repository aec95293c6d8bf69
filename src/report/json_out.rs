//! JSON: the document as data, in canonical form (RFC 8785: keys sorted, no spaces, no
//! floating point), so the same merge gives the same bytes. Table rows are objects keyed by
//! the columns' stable keys; scores are strings with two decimals, as in the merge output.

use super::document::{Block, Cell, Document};
use super::ReportError;
use serde_json::{json, Map, Value};

fn cell(c: &Cell) -> Value {
    match c {
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Int(v) => Value::from(*v),
        Cell::Score(d) => Value::String(d.to_string()),
        Cell::Empty => Value::Null,
    }
}

fn block(b: &Block) -> Value {
    match b {
        Block::Fields(fields) => json!({
            "type": "fields",
            "fields": fields
                .iter()
                .map(|f| json!({"key": f.key, "label": f.label, "value": cell(&f.value)}))
                .collect::<Vec<_>>(),
        }),
        Block::Table(t) => json!({
            "type": "table",
            "key": t.key,
            "heading": t.heading,
            "columns": t
                .columns
                .iter()
                .map(|c| json!({"key": c.key, "label": c.label}))
                .collect::<Vec<_>>(),
            "rows": t
                .rows
                .iter()
                .map(|row| {
                    Value::Object(
                        t.columns
                            .iter()
                            .zip(row)
                            .map(|(c, v)| (c.key.clone(), cell(v)))
                            .collect::<Map<_, _>>(),
                    )
                })
                .collect::<Vec<_>>(),
            "cut_line": t.cut.as_ref().map(|c| json!({"after": c.after, "label": c.label})),
        }),
        Block::Note(text) => json!({"type": "note", "text": text}),
        Block::Signature(text) => json!({"type": "signature", "text": text}),
    }
}

pub fn write(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let value = json!({
        "kind": doc.kind.key(),
        "lang": doc.lang,
        "title": doc.title,
        "date": doc.date,
        "pages": doc
            .pages
            .iter()
            .map(|p| json!({
                "key": p.key,
                "name": p.name,
                "title": p.title,
                "landscape": p.landscape,
                "blocks": p.blocks.iter().map(block).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>(),
    });
    crate::sheet::canonical_value_bytes(&value).map_err(|e| ReportError::Write {
        format: "JSON",
        error: e.to_string(),
    })
}
