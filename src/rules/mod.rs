//! Pure checks of the notice's rules: formal review (E1–E13), conflicts of interest
//! (C1–C6) and unified social credit codes. No I/O: campaign and decisions in, findings out.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Blocking,
}

/// One finding of one rule, naming the records it concerns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    /// `E1` … `E13`, `C1` … `C6`.
    pub rule: String,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert: Option<String>,
    /// Every other record involved: unit ids, recommender ids, the other application.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
    pub zh: String,
    pub en: String,
}

/// Who may be reviewed and who may judge whom, once findings and decisions are weighed.
/// Every command that judges eligibility or conflicts goes through this.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    /// Applications out of review, with the reason in Chinese and English.
    pub failed: BTreeMap<String, (String, String)>,
    /// Blocking (expert, application) pairs not overridden, with their rule ids.
    pub blocked: BTreeMap<(String, String), Vec<String>>,
    /// (expert, application) pairs whose blocking conflict the chair overrode, with the reason.
    pub overridden: BTreeMap<(String, String), String>,
}

impl Eligibility {
    pub fn is_reviewed(&self, application: &str) -> bool {
        !self.failed.contains_key(application)
    }
    pub fn is_blocked(&self, expert: &str, application: &str) -> bool {
        self.blocked
            .contains_key(&(expert.to_string(), application.to_string()))
    }
}
