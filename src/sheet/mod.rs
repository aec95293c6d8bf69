//! Signed score sheets: their content, canonical bytes (RFC 8785), signing and verification.

use serde::{Deserialize, Serialize};

/// Sheet format version.
pub const SHEET_FORMAT: u32 = 1;

/// One score as a sheet carries it: an integer number of hundredths of a point.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SheetScore {
    pub application: String,
    pub criterion: String,
    pub round: u32,
    pub value: i64,
    #[serde(default)]
    pub comment: String,
    /// Why a score from round 2 on differs from the round before; empty in round 1.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SheetDeclaration {
    pub application: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPledge {
    pub text_sm3: String,
    pub at: String,
}

/// What an expert signs: everything but the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetBody {
    pub format: u32,
    /// Digest of the full campaign.
    pub campaign: String,
    pub expert: String,
    pub revision: u64,
    pub round: u32,
    /// Sorted by (application, criterion, round).
    pub scores: Vec<SheetScore>,
    /// Sorted by application.
    pub declarations: Vec<SheetDeclaration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pledge: Option<SheetPledge>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// `sm2-sm3` or `ed25519`.
    pub algorithm: String,
    /// Key id in `keys.toml`.
    pub key: String,
    /// Base64 of the DER (SM2) or raw 64-byte (Ed25519) signature.
    pub value: String,
}

/// A sheet as it travels: the body and a signature over the body's canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    #[serde(flatten)]
    pub body: SheetBody,
    pub signature: Signature,
}
