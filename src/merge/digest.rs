//! SM3 of a sheet body's canonical JSON, written straight from the body.
//!
//! The mirror structs below declare the body's keys in sorted order, so serde_json writes
//! the same bytes as `to_vec(&to_value(body))` (sorted maps) without building the tree:
//! a 100-expert merge hashes 800,000 scores, and the tree would cost more than the merge.
//! `tests/merge_canonical.rs` holds the two equal.

use crate::sheet::{SheetBody, SheetDeclaration, SheetScore};
use serde::{Serialize, Serializer};
use sm3::{Digest, Sm3};

#[derive(Serialize)]
struct Body<'a> {
    campaign: &'a str,
    declarations: Declarations<'a>,
    expert: &'a str,
    format: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pledge: Option<Pledge<'a>>,
    revision: u64,
    round: u32,
    scores: Scores<'a>,
}

/// The sheet's own score list, written one by one through the mirror, never copied.
struct Scores<'a>(&'a [SheetScore]);

impl Serialize for Scores<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(score))
    }
}

struct Declarations<'a>(&'a [SheetDeclaration]);

impl Serialize for Declarations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(declaration))
    }
}

#[derive(Serialize)]
struct Score<'a> {
    application: &'a str,
    comment: &'a str,
    criterion: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    reason: &'a str,
    round: u32,
    value: i64,
}

#[derive(Serialize)]
struct Declaration<'a> {
    application: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Pledge<'a> {
    at: &'a str,
    text_sm3: &'a str,
}

fn score(s: &SheetScore) -> Score<'_> {
    Score {
        application: &s.application,
        comment: &s.comment,
        criterion: &s.criterion,
        reason: &s.reason,
        round: s.round,
        value: s.value,
    }
}

fn declaration(d: &SheetDeclaration) -> Declaration<'_> {
    Declaration {
        application: &d.application,
        reason: &d.reason,
    }
}

fn mirror(body: &SheetBody) -> Body<'_> {
    Body {
        campaign: &body.campaign,
        declarations: Declarations(&body.declarations),
        expert: &body.expert,
        format: body.format,
        pledge: body.pledge.as_ref().map(|p| Pledge {
            at: &p.at,
            text_sm3: &p.text_sm3,
        }),
        revision: body.revision,
        round: body.round,
        scores: Scores(&body.scores),
    }
}

/// The sheet body's canonical bytes: keys sorted, no whitespace.
pub fn canonical_body(body: &SheetBody) -> Vec<u8> {
    // Strings and integers only: serialising cannot fail.
    serde_json::to_vec(&mirror(body)).unwrap_or_default()
}

/// Lower-case hex SM3 of the body's canonical bytes: the digest a merge records for a body
/// given without its file (and that of an Ed25519-signed sheet).
pub fn sheet_digest(body: &SheetBody) -> String {
    sheet_digest_with(body, &mut Vec::new())
}

/// The same, writing the canonical bytes into `buf` (cleared first), so that hashing many
/// sheets reuses one buffer.
pub(super) fn sheet_digest_with(body: &SheetBody, buf: &mut Vec<u8>) -> String {
    buf.clear();
    // Writing into memory cannot fail, nor can serialising strings and integers.
    let _ = serde_json::to_writer(&mut *buf, &mirror(body));
    hex::encode(Sm3::digest(&buf[..]))
}
