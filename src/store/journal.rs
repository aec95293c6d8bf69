//! The plain, fsync'd journal beside the sled store: one JSON line per committed write,
//! each with its own SM3, from which `recover` rebuilds a store that will not open.

use serde::{Deserialize, Serialize};
use sm3::{Digest, Sm3};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::model::{Declaration, Pledge, Score};

/// A committed write, as the journal records it. Replaying these in order rebuilds the
/// store, audit chain included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// The campaign and what lies outside its digest, as `init` loaded them.
    Init {
        campaign: serde_json::Value,
        keys_toml: Option<String>,
        decisions: Vec<(String, String)>,
        package: Option<serde_json::Value>,
        /// The campaign folder a secretariat's store was loaded from (absolute), where its
        /// decisions live; absent for a package and for stores made before it was kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        folder: Option<String>,
        at: String,
    },
    Score {
        score: Score,
        at: String,
    },
    Pledge {
        pledge: Pledge,
        at: String,
    },
    Declare {
        declaration: Declaration,
        at: String,
    },
    /// A signed decision file taken in (base64 bytes).
    Decision {
        name: String,
        bytes: String,
        at: String,
    },
    /// An expert's sheet revision counter set to `revision`.
    Revision {
        expert: String,
        revision: u64,
        at: String,
    },
    /// An audit-only event (export, merge, draw …).
    Event {
        kind: String,
        detail: serde_json::Value,
        at: String,
    },
}

impl Op {
    pub fn at(&self) -> &str {
        match self {
            Op::Init { at, .. }
            | Op::Score { at, .. }
            | Op::Pledge { at, .. }
            | Op::Declare { at, .. }
            | Op::Decision { at, .. }
            | Op::Revision { at, .. }
            | Op::Event { at, .. } => at,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Line {
    sm3: String,
    op: serde_json::Value,
}

/// A line written after the database has flushed a write: the audit entry it became.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Applied {
    applied: u64,
}

/// How far from the end `last_applied` looks for a mark.
const TAIL_BYTES: u64 = 64 * 1024;

pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    pub fn open(path: &Path) -> io::Result<Journal> {
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)?;
        // A torn last line (a crash or a full disk in the middle of an append) is ended
        // here, so the next line does not join it and get skipped with it by `recover`.
        let len = file.metadata()?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
                file.sync_data()?;
            }
        }
        Ok(Journal {
            path: path.to_path_buf(),
            file,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one op and waits for the disk: when this returns, the line survives a crash.
    /// A failed append (a full disk) is cut off again, so it leaves no torn line behind.
    pub fn append(&mut self, op: &Op) -> io::Result<()> {
        let value = serde_json::to_value(op).map_err(io::Error::other)?;
        let body = serde_json::to_vec(&value).map_err(io::Error::other)?;
        let line = Line {
            sm3: hex::encode(Sm3::digest(&body)),
            op: value,
        };
        let mut bytes = serde_json::to_vec(&line).map_err(io::Error::other)?;
        bytes.push(b'\n');
        let before = self.file.metadata()?.len();
        let written = self
            .file
            .write_all(&bytes)
            .and_then(|()| self.file.sync_data());
        if written.is_err() {
            let _ = self.file.set_len(before);
        }
        written
    }

    /// Records that the database has flushed the write that became audit entry `seq`, so
    /// a database that later comes back without it (sled, its log damaged, replays only
    /// up to the damage and opens without a word) is found out at open. Not waited for: a
    /// missing mark only weakens that check, never loses a write.
    pub fn mark_applied(&mut self, seq: u64) {
        let Ok(before) = self.file.metadata().map(|m| m.len()) else {
            return;
        };
        if self
            .file
            .write_all(format!("{{\"applied\":{seq}}}\n").as_bytes())
            .is_err()
        {
            let _ = self.file.set_len(before);
        }
    }
}

/// The last applied mark in the journal's tail, if any.
pub fn last_applied(path: &Path) -> io::Result<Option<u64>> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES)))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    Ok(tail
        .split(|&b| b == b'\n')
        .rev()
        .find_map(|l| serde_json::from_slice::<Applied>(l).ok())
        .map(|a| a.applied))
}

/// What reading a journal found: the ops that check out, and the lines that did not.
pub struct Replay {
    pub ops: Vec<Op>,
    /// 1-based numbers of lines skipped as torn or damaged.
    pub skipped: Vec<usize>,
}

/// Reads every intact op. A torn last line (a write that never returned) is skipped; so is
/// any damaged line, which is reported.
pub fn read(path: &Path) -> io::Result<Replay> {
    let reader = BufReader::new(File::open(path)?);
    let mut ops = vec![];
    let mut skipped = vec![];
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line?;
        if line.is_empty() || serde_json::from_slice::<Applied>(&line).is_ok() {
            continue;
        }
        let parsed: Option<Op> = serde_json::from_slice::<Line>(&line).ok().and_then(|l| {
            let body = serde_json::to_vec(&l.op).ok()?;
            (hex::encode(Sm3::digest(&body)) == l.sm3).then_some(())?;
            serde_json::from_value(l.op).ok()
        });
        match parsed {
            Some(op) => ops.push(op),
            None => skipped.push(i + 1),
        }
    }
    Ok(Replay { ops, skipped })
}
