//! Pure checks of the notice's rules: formal review (E1–E13), conflicts of interest
//! (C1–C6) and unified social credit codes. No I/O: campaign and decisions in, findings out.

pub mod assess;
pub mod conflicts;
pub mod credit_code;
pub mod formal;
pub mod normalize;
pub mod report;
pub mod rulings;
pub mod similarity;

pub use assess::{assess, assess_expert, assess_formal, assess_scoped, Assessment, Scope};

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
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

impl Severity {
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Warning => "提示",
            Severity::Blocking => "阻断",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Blocking => "blocking",
        }
    }
}

impl Finding {
    pub fn new(rule: &str, severity: Severity, zh: String, en: String) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            application: None,
            expert: None,
            records: Vec::new(),
            zh,
            en,
        }
    }
    pub fn on(mut self, application: &str) -> Finding {
        self.application = Some(application.to_string());
        self
    }
    pub fn by(mut self, expert: &str) -> Finding {
        self.expert = Some(expert.to_string());
        self
    }
    pub fn records<I: IntoIterator<Item = S>, S: Into<String>>(mut self, records: I) -> Finding {
        self.records = records.into_iter().map(Into::into).collect();
        self
    }
    /// The message in the chosen language.
    pub fn message(&self, zh: bool) -> &str {
        if zh {
            &self.zh
        } else {
            &self.en
        }
    }
    /// `E` for formal review, `C` for conflicts, and the rule's number, for ordering
    /// E2 before E10.
    pub fn rule_key(&self) -> (char, u32) {
        let mut cs = self.rule.chars();
        let letter = cs.next().unwrap_or(' ');
        let n = cs.as_str().parse().unwrap_or(u32::MAX);
        // E before C: formal review reads first.
        (if letter == 'E' { 'A' } else { letter }, n)
    }
}

/// The order in which findings are listed: by application (campaign-wide findings first),
/// then expert (formal review first), rule number, records, and the rest. Total over every
/// field, so an unstable sort gives one order.
pub fn finding_order(a: &Finding, b: &Finding) -> Ordering {
    a.application
        .cmp(&b.application)
        .then_with(|| a.expert.cmp(&b.expert))
        .then_with(|| a.rule_key().cmp(&b.rule_key()))
        .then_with(|| a.records.cmp(&b.records))
        .then_with(|| a.severity.cmp(&b.severity))
        .then_with(|| a.zh.cmp(&b.zh))
        .then_with(|| a.en.cmp(&b.en))
        .then_with(|| a.rule.cmp(&b.rule))
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
    /// (application, rule) whose blocking formal-review finding the chair overrode, with the
    /// reason.
    #[serde(default)]
    pub waived: BTreeMap<(String, String), String>,
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
