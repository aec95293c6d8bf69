//! The audit log's hash chain, as pure logic: making the next entry and checking a chain.
//! Where entries are kept (the store) is not this module's business.
//!
//! Each entry's `hash` is SM3 over the RFC 8785 bytes of its other fields (`seq`, `at`,
//! `kind`, `detail`, `prev`); its `prev` is the hash of the entry before, or 64 zeros for
//! the first. Editing an entry breaks its own hash; recomputing that hash breaks the next
//! entry's `prev`; removing or reordering entries breaks the `seq` run and the links.
//! Cutting entries off the end leaves a valid shorter chain: keep the last hash elsewhere
//! (see [`verify_chain_to`]) to detect that.

use crate::sheet::{canonical_bytes, CanonicalError};
use serde::{Deserialize, Serialize};
use sm3::{Digest, Sm3};

/// `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One event of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// 1 for the first entry, then one more each time.
    pub seq: u64,
    /// When it happened, as the caller's clock gave it (RFC 3339); recorded, never judged.
    pub at: String,
    /// `score`, `declaration`, `pledge`, `decision`, `draw`, `import`, `export`, `merge` …
    pub kind: String,
    /// What happened; any JSON without fractional numbers.
    pub detail: serde_json::Value,
    /// Hash of the entry before, lowercase hex; [`GENESIS`] for the first.
    pub prev: String,
    /// SM3 of this entry's canonical bytes without `hash`, lowercase hex.
    pub hash: String,
}

#[derive(Serialize)]
struct Hashed<'a> {
    seq: u64,
    at: &'a str,
    kind: &'a str,
    detail: &'a serde_json::Value,
    prev: &'a str,
}

/// The hash an entry with these fields must carry.
pub fn entry_hash(
    seq: u64,
    at: &str,
    kind: &str,
    detail: &serde_json::Value,
    prev: &str,
) -> Result<String, CanonicalError> {
    let bytes = canonical_bytes(&Hashed {
        seq,
        at,
        kind,
        detail,
        prev,
    })?;
    Ok(hex::encode(Sm3::digest(&bytes)))
}

/// The entry that follows `prev` (or starts the chain when `prev` is `None`).
pub fn next_entry(
    prev: Option<&AuditEntry>,
    at: &str,
    kind: &str,
    detail: serde_json::Value,
) -> Result<AuditEntry, CanonicalError> {
    let (seq, prev_hash) = match prev {
        Some(p) => (p.seq + 1, p.hash.clone()),
        None => (1, GENESIS.to_string()),
    };
    let hash = entry_hash(seq, at, kind, &detail, &prev_hash)?;
    Ok(AuditEntry {
        seq,
        at: at.to_string(),
        kind: kind.to_string(),
        detail,
        prev: prev_hash,
        hash,
    })
}

/// The first link that does not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit log entry {seq}: {why}")]
pub struct BrokenLink {
    /// `seq` of the first entry found wrong (as it stands in the log); for a log cut short,
    /// the number the next entry should have had.
    pub seq: u64,
    pub why: String,
    /// `why` in Chinese.
    pub zh: String,
}

impl BrokenLink {
    /// The break as one sentence in `lang` (`Display` is the English one).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => format!("第 {} 条审计记录：{}", self.seq, self.zh),
            crate::i18n::Lang::En => self.to_string(),
        }
    }
}

/// Checks one entry against the one before it (or against the start of the chain).
pub fn verify_entry(prev: Option<&AuditEntry>, entry: &AuditEntry) -> Result<(), BrokenLink> {
    let broken = |(zh, why): (String, String)| BrokenLink {
        seq: entry.seq,
        why,
        zh,
    };
    let (want_seq, want_prev) = match prev {
        Some(p) => (p.seq.checked_add(1), p.hash.as_str()),
        None => (Some(1), GENESIS),
    };
    if Some(entry.seq) != want_seq {
        let expected = want_seq.map_or("none".to_string(), |s| s.to_string());
        return Err(broken(match prev {
            Some(p) if entry.seq > p.seq => (
                format!(
                    "紧跟在第 {} 条之后，那里应是第 {expected} 条；有记录被删除",
                    p.seq
                ),
                format!(
                    "follows entry {} where entry {expected} should; entries were removed",
                    p.seq
                ),
            ),
            Some(p) => (
                format!("紧跟在第 {} 条之后；记录顺序错乱或有重复", p.seq),
                format!(
                    "follows entry {}; entries are out of order or repeated",
                    p.seq
                ),
            ),
            None => (
                format!(
                    "日志从第 {} 条而不是第 1 条开始；开头的记录被删除",
                    entry.seq
                ),
                format!(
                    "the log starts at entry {} instead of 1; its first entries were removed",
                    entry.seq
                ),
            ),
        }));
    }
    if entry.prev != want_prev {
        return Err(broken(match prev {
            Some(p) => (
                format!("没有链接到第 {} 条（其 prev 不是那一条的哈希）；有记录被修改或替换", p.seq),
                format!(
                    "does not link to entry {} (its prev is not that entry's hash); an entry was edited or replaced",
                    p.seq
                ),
            ),
            None => (
                "第一条记录不是链的开头（其 prev 不是全零）".to_string(),
                "the first entry does not start the chain (its prev is not zeros)".to_string(),
            ),
        }));
    }
    let actual = entry_hash(
        entry.seq,
        &entry.at,
        &entry.kind,
        &entry.detail,
        &entry.prev,
    )
    .map_err(|e| {
        broken((
            "无法计算其哈希".to_string(),
            format!("cannot be hashed: {e}"),
        ))
    })?;
    if actual != entry.hash {
        return Err(broken((
            "其内容与哈希不符；这条记录被修改过".to_string(),
            "its content does not match its hash; the entry was edited".to_string(),
        )));
    }
    Ok(())
}

/// Checks a whole log, in the order stored; names the first broken link.
pub fn verify_chain(entries: &[AuditEntry]) -> Result<(), BrokenLink> {
    let mut prev = None;
    for e in entries {
        verify_entry(prev, e)?;
        prev = Some(e);
    }
    Ok(())
}

/// [`verify_chain`], and the log must end at the entry whose hash is `head` (kept apart from
/// the log), which also detects entries cut off the end.
pub fn verify_chain_to(entries: &[AuditEntry], head: &str) -> Result<(), BrokenLink> {
    verify_chain(entries)?;
    match entries.iter().position(|e| e.hash == head) {
        Some(i) if i + 1 == entries.len() => Ok(()),
        Some(i) => Err(BrokenLink {
            seq: entries[i + 1].seq,
            why: "entries follow the recorded last entry".to_string(),
            zh: "记录出现在登记的最后一条之后".to_string(),
        }),
        None => Err(BrokenLink {
            seq: entries.last().map_or(1, |e| e.seq + 1),
            why: "the log ends before the recorded last entry; entries were cut off the end"
                .to_string(),
            zh: "日志在登记的最后一条之前就结束了；末尾的记录被截掉".to_string(),
        }),
    }
}

/// Hash of the last entry, or [`GENESIS`] for an empty log.
pub fn head(entries: &[AuditEntry]) -> &str {
    entries.last().map_or(GENESIS, |e| e.hash.as_str())
}
