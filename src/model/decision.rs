//! Decisions of the secretariat and the chair: what they decide, before any signature.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Expert,
    Chair,
    Secretariat,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Expert => "expert",
            Role::Chair => "chair",
            Role::Secretariat => "secretariat",
        }
    }

    /// The role's Chinese name, as the interface and messages say it.
    pub fn zh(self) -> &'static str {
        match self {
            Role::Expert => "专家",
            Role::Chair => "组长",
            Role::Secretariat => "秘书处",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageVerdict {
    Pass,
    Fail,
    /// 需补充材料
    Info,
}

impl TriageVerdict {
    /// As the command line and the files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            TriageVerdict::Pass => "pass",
            TriageVerdict::Fail => "fail",
            TriageVerdict::Info => "info",
        }
    }

    /// In Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            TriageVerdict::Pass => "通过",
            TriageVerdict::Fail => "不通过",
            TriageVerdict::Info => "需补充材料",
        }
    }
}

/// The draw of one panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelDraw {
    pub panel: String,
    pub experts: Vec<String>,
    pub reserves: Vec<String>,
}

/// What was decided. Each kind names the records it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ruling {
    /// The secretariat's formal-review verdict on one application.
    Triage {
        application: String,
        verdict: TriageVerdict,
    },
    /// The chair lets a blocking finding stand aside: a conflict (expert and application)
    /// or a formal-review rule (application only).
    Override {
        rule: String,
        application: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expert: Option<String>,
    },
    /// An E6 suspicion (several channels) or a C5 suspicion (names) confirmed.
    Confirm {
        rule: String,
        application: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expert: Option<String>,
    },
    /// The same, dismissed.
    Dismiss {
        rule: String,
        application: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expert: Option<String>,
    },
    /// The expert draw for every panel, with the seed that made it.
    Draw { seed: u64, panels: Vec<PanelDraw> },
    /// Opening a new scoring round for a panel.
    Round { panel: String, round: u32 },
}

impl Ruling {
    /// A draw's panel size and reserves per panel, as its signed panels hold them (`assign`
    /// draws every panel alike); `None` for another ruling or a draw of no panel.
    pub fn draw_sizes(&self) -> Option<(usize, usize)> {
        match self {
            Ruling::Draw { panels, .. } => {
                panels.first().map(|p| (p.experts.len(), p.reserves.len()))
            }
            _ => None,
        }
    }
}

/// A decision as its author states it; the signed envelope lives in `sheet`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub campaign: String,
    pub ruling: Ruling,
    pub reason: String,
    pub role: Role,
    /// Key id of the signer, as in `keys.toml`.
    pub by: String,
    pub date: Date,
    /// The [`Decision::digest`] of the decision on the same subject that this one replaces
    /// (the one in force when it was signed), so which stands is read from the signed
    /// content, never from file names or the order files are read in. Absent when nothing
    /// was decided on the subject before, and in decisions signed before this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

impl Decision {
    /// The reason as the signer wrote it. A draw carries its figures in its signed fields
    /// (the seed, and the panel size and reserves its panels show); draws signed before
    /// that also wrote them into the reason, in English (`seed 1, panel size 5, reserves
    /// 2`, after a redraw's own reason and `; redraw replacing FILE (seed N)`), which is
    /// left out here so every reader renders the figures in its own language. Empty for a
    /// first draw, which needs no reason.
    pub fn stated_reason(&self) -> &str {
        let Ruling::Draw { seed, .. } = &self.ruling else {
            return &self.reason;
        };
        let Some((size, reserves)) = self.ruling.draw_sizes() else {
            return &self.reason;
        };
        let figures = format!("seed {seed}, panel size {size}, reserves {reserves}");
        if self.reason == figures {
            return "";
        }
        match self.reason.strip_suffix(&format!("; {figures}")) {
            Some(rest) => match rest.rfind("; redraw replacing ") {
                Some(at) => &rest[..at],
                None => &self.reason,
            },
            None => &self.reason,
        }
    }

    /// Lower-case hex SM3 of the decision's canonical JSON (keys sorted, no whitespace):
    /// exactly the bytes its signature covers.
    pub fn digest(&self) -> String {
        use sm3::{Digest, Sm3};
        // Strings, integers and enums only, all keys ASCII: serde_json's sorted map writes
        // the canonical form (as for the campaign's content digest).
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        hex::encode(Sm3::digest(serde_json::to_vec(&value).unwrap_or_default()))
    }
}
