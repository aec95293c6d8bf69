//! What an expert records: scores, conflict declarations and the commitment.

use super::Points;
use serde::{Deserialize, Serialize};

/// Identifies one score: an expert's mark for one criterion of one application in a round.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScoreKey {
    pub expert: String,
    pub application: String,
    pub criterion: String,
    pub round: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub key: ScoreKey,
    pub value: Points,
    #[serde(default)]
    pub comment: String,
    /// Why a round-2 score differs from round 1; empty in round 1.
    #[serde(default)]
    pub reason: String,
}

/// An expert's own declaration of a conflict with an application (C4, declared at review).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub expert: String,
    pub application: String,
    pub reason: String,
}

/// The acknowledged confidentiality and recusal commitment (保密及回避承诺).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pledge {
    pub expert: String,
    /// SM3 of the commitment text that was shown.
    pub text_sm3: String,
    /// When it was acknowledged, as the machine's clock gave it (RFC 3339); recorded, never
    /// used by a rule.
    pub at: String,
}
