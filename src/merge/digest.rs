//! SM3 of a sheet body's canonical JSON, written straight from the body.
//!
//! The mirror structs below declare the body's keys in sorted order, so serde_json writes
//! the same bytes as `to_vec(&to_value(body))` (sorted maps) without building the tree:
//! a 100-expert merge hashes 800,000 scores, and the tree would cost more than the merge.

use crate::sheet::{SheetBody, SheetDeclaration, SheetPledge, SheetScore};
use serde::Serialize;
use sm3::{Digest, Sm3};

#[derive(Serialize)]
struct Body<'a> {
    campaign: &'a str,
    declarations: Vec<Declaration<'a>>,
    expert: &'a str,
    format: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pledge: Option<Pledge<'a>>,
    revision: u64,
    round: u32,
    scores: Vec<Score<'a>>,
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

fn pledge(p: &SheetPledge) -> Pledge<'_> {
    Pledge {
        at: &p.at,
        text_sm3: &p.text_sm3,
    }
}

/// The sheet body's canonical bytes: keys sorted, no whitespace.
pub fn canonical_body(body: &SheetBody) -> Vec<u8> {
    let mirror = Body {
        campaign: &body.campaign,
        declarations: body.declarations.iter().map(declaration).collect(),
        expert: &body.expert,
        format: body.format,
        pledge: body.pledge.as_ref().map(pledge),
        revision: body.revision,
        round: body.round,
        scores: body.scores.iter().map(score).collect(),
    };
    // Strings and integers only: serialising cannot fail.
    serde_json::to_vec(&mirror).unwrap_or_default()
}

/// Lower-case hex SM3 of the body's canonical bytes.
pub fn sheet_digest(body: &SheetBody) -> String {
    hex::encode(Sm3::digest(canonical_body(body)))
}
