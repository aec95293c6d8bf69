//! Signed score sheets: their content, canonical bytes (RFC 8785), signing and verification;
//! also signed decisions and signed package manifests, which share the keys and the rules.
//!
//! The sheet types serialise their fields in RFC 8785 key order by hand (not by derive), so
//! plain `serde_json` output of a sheet is already canonical: verifying 800,000 scores costs
//! one parse and one comparing re-serialisation, never a detour through `serde_json::Value`.
//! A test holds this equal to the generic [`canonical_bytes`].

mod canonical;
mod decision;
mod judge;
mod package;
mod strict;
mod verify;

pub use canonical::{
    canonical_bytes, canonical_value_bytes, is_canonical, key_order, CanonicalError,
    MAX_SAFE_INTEGER,
};
pub use decision::{
    allowed_roles, decision_file_bytes, sign_decision, verify_decision, verify_decision_in,
    DecisionError, SignedDecision, MAX_DECISION_BYTES,
};
pub use judge::{
    check_sheet_files, check_sheets, glance_sheet_files, judge_sheets, judge_sheets_digested,
    winning_sheets, CheckedSheets, GlancedSheets, Outcome, Verdict,
};
pub use package::{sign_bytes, sign_package_manifest, verify_bytes, verify_package_manifest};
pub use verify::{read_sheet_file, verify_sheet, SheetError, UnknownKeyReason, MAX_SHEET_BYTES};

use crate::keys::{KeyError, PrivateKey};
use crate::model::Role;
pub use compact_str::CompactString;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// Sheet format version.
pub const SHEET_FORMAT: u32 = 1;

/// One score as a sheet carries it: an integer number of hundredths of a point.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetScore {
    /// Ids are short (`A0001`, `innovation`), so they live inline, not on the heap.
    pub application: CompactString,
    pub criterion: CompactString,
    pub round: u32,
    pub value: i64,
    #[serde(default)]
    pub comment: String,
    /// Why a score from round 2 on differs from the round before; empty in round 1.
    #[serde(default)]
    pub reason: String,
}

impl Serialize for SheetScore {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let reason = !self.reason.is_empty();
        let mut st = s.serialize_struct("SheetScore", 5 + usize::from(reason))?;
        st.serialize_field("application", &self.application)?;
        st.serialize_field("comment", &self.comment)?;
        st.serialize_field("criterion", &self.criterion)?;
        if reason {
            st.serialize_field("reason", &self.reason)?;
        }
        st.serialize_field("round", &self.round)?;
        st.serialize_field("value", &self.value)?;
        st.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetDeclaration {
    pub application: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetPledge {
    pub at: String,
    pub text_sm3: String,
}

/// What an expert signs: everything but the signature.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
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
    #[serde(default)]
    pub pledge: Option<SheetPledge>,
}

impl SheetBody {
    fn serialize_with<S: Serializer>(
        &self,
        signature: Option<&Signature>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let n = 7 + usize::from(self.pledge.is_some()) + usize::from(signature.is_some());
        let mut st = s.serialize_struct("Sheet", n)?;
        st.serialize_field("campaign", &self.campaign)?;
        st.serialize_field("declarations", &self.declarations)?;
        st.serialize_field("expert", &self.expert)?;
        st.serialize_field("format", &self.format)?;
        if let Some(p) = &self.pledge {
            st.serialize_field("pledge", p)?;
        }
        st.serialize_field("revision", &self.revision)?;
        st.serialize_field("round", &self.round)?;
        st.serialize_field("scores", &self.scores)?;
        if let Some(sig) = signature {
            st.serialize_field("signature", sig)?;
        }
        st.end()
    }

    /// Sorts scores and declarations into the order a sheet requires.
    pub fn normalise(&mut self) {
        self.scores.sort_by(|a, b| {
            (&a.application, &a.criterion, a.round).cmp(&(&b.application, &b.criterion, b.round))
        });
        self.declarations
            .sort_by(|a, b| a.application.cmp(&b.application));
    }

    /// The canonical bytes the signature covers.
    pub fn signed_bytes(&self) -> Vec<u8> {
        to_vec_infallible(self)
    }
}

impl Serialize for SheetBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(None, s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// `sm2-sm3` or `ed25519`.
    pub algorithm: String,
    /// Key id in `keys.toml`.
    pub key: String,
    /// Base64 of the DER (SM2) or raw 64-byte (Ed25519) signature.
    pub value: String,
}

/// A sheet as it travels: the body and a signature over the body's canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub body: SheetBody,
    pub signature: Signature,
}

impl Serialize for Sheet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.body.serialize_with(Some(&self.signature), s)
    }
}

/// The file's shape, flat: serde's `flatten` would buffer every value before deciding where
/// it goes, several times slower on a sheet of 8,000 scores.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SheetFile {
    format: u32,
    campaign: String,
    expert: String,
    revision: u64,
    round: u32,
    scores: Vec<SheetScore>,
    declarations: Vec<SheetDeclaration>,
    #[serde(default)]
    pledge: Option<SheetPledge>,
    signature: Signature,
}

impl<'de> Deserialize<'de> for Sheet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sheet, D::Error> {
        let f = SheetFile::deserialize(d)?;
        Ok(Sheet {
            body: SheetBody {
                format: f.format,
                campaign: f.campaign,
                expert: f.expert,
                revision: f.revision,
                round: f.round,
                scores: f.scores,
                declarations: f.declarations,
                pledge: f.pledge,
            },
            signature: f.signature,
        })
    }
}

/// Serialising these types cannot fail: no maps with non-string keys, no custom errors.
/// Should it ever, the empty result is refused by every reader rather than trusted.
fn to_vec_infallible<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

/// Why pingshen will not sign something.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("key `{key}` is {}, which may not sign this ({what})", role_phrase(*role))]
    WrongRole {
        key: String,
        role: Role,
        what: String,
    },
    #[error("key `{key}` may not sign for `{signer}`: {what} must be signed with the key whose id is `{signer}`")]
    NotSigner {
        key: String,
        signer: String,
        what: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Canonical(#[from] CanonicalError),
    #[error(transparent)]
    Key(#[from] KeyError),
}

fn role_phrase(role: Role) -> &'static str {
    match role {
        Role::Expert => "an expert's key",
        Role::Chair => "the chair's key",
        Role::Secretariat => "the secretariat's key",
    }
}

/// Signs an expert's sheet with the expert's own key. Scores and declarations are put in
/// order first; a body that could not verify (repeated scores, out-of-range numbers) is
/// refused here rather than signed.
pub fn sign_sheet(mut body: SheetBody, key: &PrivateKey) -> Result<Sheet, SignError> {
    if key.role != Role::Expert {
        return Err(SignError::WrongRole {
            key: key.id.clone(),
            role: key.role,
            what: "a score sheet is signed by its expert".to_string(),
        });
    }
    if key.id != body.expert {
        return Err(SignError::NotSigner {
            key: key.id.clone(),
            signer: body.expert.clone(),
            what: "a score sheet".to_string(),
        });
    }
    body.normalise();
    verify::check_shape(&body).map_err(SignError::Invalid)?;
    let signature = key.sign(&body.signed_bytes())?;
    Ok(Sheet { body, signature })
}

/// The sheet file: canonical JSON of the whole sheet, signature included.
pub fn sheet_file_bytes(sheet: &Sheet) -> Vec<u8> {
    to_vec_infallible(sheet)
}
