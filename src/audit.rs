//! The hash-chained audit log's entries: each holds the SM3 of the entry before it, so an
//! edited, removed or reordered entry breaks the chain at a named place.

use serde::{Deserialize, Serialize};
use sm3::{Digest, Sm3};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    /// When it happened, as the machine's clock said (RFC 3339); recorded, never judged.
    pub at: String,
    /// `score`, `declaration`, `pledge`, `decision`, `draw`, `import`, `export`, `merge` …
    pub kind: String,
    pub detail: serde_json::Value,
    /// `hash` of the entry before, or `GENESIS`.
    pub prev: String,
    /// SM3 over the canonical bytes of every field above.
    pub hash: String,
}

fn entry_hash(seq: u64, at: &str, kind: &str, detail: &serde_json::Value, prev: &str) -> String {
    let v =
        serde_json::json!({ "seq": seq, "at": at, "kind": kind, "detail": detail, "prev": prev });
    hex::encode(Sm3::digest(serde_json::to_vec(&v).unwrap_or_default()))
}

/// The entry that follows `prev` (or starts the chain).
pub fn next_entry(
    prev: Option<&AuditEntry>,
    at: &str,
    kind: &str,
    detail: serde_json::Value,
) -> AuditEntry {
    let (seq, prev_hash) = match prev {
        Some(p) => (p.seq + 1, p.hash.clone()),
        None => (1, GENESIS.to_string()),
    };
    let hash = entry_hash(seq, at, kind, &detail, &prev_hash);
    AuditEntry {
        seq,
        at: at.to_string(),
        kind: kind.to_string(),
        detail,
        prev: prev_hash,
        hash,
    }
}

/// Where and why a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit entry {seq}: {why}")]
pub struct BrokenLink {
    pub seq: u64,
    pub why: String,
}

/// Checks the whole chain, in order, naming the first broken link.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
) -> Result<u64, BrokenLink> {
    let mut prev_hash = GENESIS.to_string();
    let mut expect = 1u64;
    for e in entries {
        if e.seq != expect {
            return Err(BrokenLink {
                seq: expect,
                why: format!(
                    "expected entry {expect} but found entry {}: an entry was removed or moved",
                    e.seq
                ),
            });
        }
        if e.prev != prev_hash {
            return Err(BrokenLink {
                seq: e.seq,
                why: "does not follow the entry before it: an entry was removed, moved or edited"
                    .into(),
            });
        }
        if entry_hash(e.seq, &e.at, &e.kind, &e.detail, &e.prev) != e.hash {
            return Err(BrokenLink {
                seq: e.seq,
                why: "its content does not match its hash: it was edited".into(),
            });
        }
        prev_hash = e.hash.clone();
        expect += 1;
    }
    Ok(expect - 1)
}
