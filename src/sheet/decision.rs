//! Signed decisions of the chair and the secretariat: `{"decision": …, "signature": …}` as
//! canonical JSON, the signature covering the decision's own canonical bytes.

use super::canonical::{canonical_bytes, is_canonical, CanonicalError};
use super::{SignError, Signature};
use crate::keys::{Keyring, PrivateKey, SignatureError};
use crate::model::{Decision, Role, Ruling};
use serde::{Deserialize, Serialize};

/// Decision files larger than this are refused before parsing; a draw of every panel is a
/// few kilobytes.
pub const MAX_DECISION_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedDecision {
    pub decision: Decision,
    pub signature: Signature,
}

/// The roles that may take a ruling: the notice's and DESIGN.md's division of work.
pub fn allowed_roles(ruling: &Ruling) -> &'static [Role] {
    match ruling {
        Ruling::Triage { .. } | Ruling::Draw { .. } => &[Role::Secretariat],
        Ruling::Override { .. } | Ruling::Round { .. } => &[Role::Chair],
        Ruling::Confirm { .. } | Ruling::Dismiss { .. } => &[Role::Chair, Role::Secretariat],
    }
}

fn ruling_kind(r: &Ruling) -> &'static str {
    match r {
        Ruling::Triage { .. } => "triage",
        Ruling::Override { .. } => "override",
        Ruling::Confirm { .. } => "confirm",
        Ruling::Dismiss { .. } => "dismiss",
        Ruling::Draw { .. } => "draw",
        Ruling::Round { .. } => "round",
    }
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Rules a decision must meet whoever signs it.
fn check_decision(d: &Decision) -> Result<(), String> {
    let allowed = allowed_roles(&d.ruling);
    if !allowed.contains(&d.role) {
        let kind = ruling_kind(&d.ruling);
        return Err(format!(
            "{} {kind} decision is taken by the {}, not the {}",
            crate::i18n::a_or_an(kind),
            roles_text(allowed),
            d.role.as_str()
        ));
    }
    if matches!(d.ruling, Ruling::Override { .. }) && d.reason.trim().is_empty() {
        return Err("an override needs a written reason".to_string());
    }
    Ok(())
}

/// A confirmation or dismissal rules on one suspicion: an E6 pair names both applications,
/// a C5 pair the expert. One that names the application alone would be a ruling on no pair
/// that silently competes with the pair's own decisions, so no reader takes it.
fn check_pair(d: &Decision) -> Result<(), DecisionError> {
    match &d.ruling {
        Ruling::Confirm {
            rule,
            application,
            other,
            expert,
        }
        | Ruling::Dismiss {
            rule,
            application,
            other,
            expert,
        } => {
            let missing = match rule.as_str() {
                "E6" => other.is_none(),
                "C5" => expert.is_none(),
                _ => false,
            };
            if missing {
                return Err(DecisionError::Unpaired {
                    rule: rule.clone(),
                    application: application.clone(),
                    verb: ruling_kind(&d.ruling).to_string(),
                });
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Signs a decision with the key of its author: `decision.by` must be the key's id and
/// `decision.role` its role, and an expert's key never signs a decision.
pub fn sign_decision(decision: Decision, key: &PrivateKey) -> Result<SignedDecision, SignError> {
    if key.role == Role::Expert {
        return Err(SignError::WrongRole {
            key: key.id.clone(),
            role: key.role,
            what: "decisions are signed by the chair or the secretariat".to_string(),
        });
    }
    if key.id != decision.by {
        return Err(SignError::NotSigner {
            key: key.id.clone(),
            signer: decision.by.clone(),
            what: "a decision".to_string(),
        });
    }
    if key.role != decision.role {
        return Err(SignError::WrongRole {
            key: key.id.clone(),
            role: key.role,
            what: format!("the decision is stated as the {}'s", decision.role.as_str()),
        });
    }
    check_decision(&decision).map_err(SignError::Invalid)?;
    check_pair(&decision).map_err(|e| SignError::Invalid(e.to_string()))?;
    let signature = key.sign(&canonical_bytes(&decision)?)?;
    Ok(SignedDecision {
        decision,
        signature,
    })
}

/// The decision file: canonical JSON of decision and signature.
pub fn decision_file_bytes(signed: &SignedDecision) -> Result<Vec<u8>, CanonicalError> {
    canonical_bytes(signed)
}

/// Why a decision file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("too large: {size} bytes, more than the {} MiB a decision may hold", MAX_DECISION_BYTES / (1024 * 1024))]
    TooLarge { size: usize },
    #[error("malformed: {0}")]
    Malformed(String),
    #[error("not canonical: the bytes differ from the canonical form (RFC 8785) at byte {offset}; it was edited after signing")]
    NotCanonical { offset: usize },
    #[error("another campaign: the decision is for campaign {found}, this campaign's digest is {expected}")]
    ForeignCampaign { found: String, expected: String },
    #[error("refused: it is signed with expert key `{key}`; decisions are signed by the chair or the secretariat")]
    ExpertKey { key: String },
    #[error("refused: {0}")]
    Signature(SignatureError),
    #[error("refused: it says it is by `{by}` but is signed with key `{key}`")]
    NotSigner { by: String, key: String },
    #[error("refused: it says it is the {}'s but key `{key}` is the {}'s", stated.as_str(), actual.as_str())]
    RoleMismatch {
        key: String,
        stated: Role,
        actual: Role,
    },
    #[error("refused: {0}")]
    Rule(String),
    #[error("refused: it rules on {rule} for {application} alone, but {rule} is ruled on pair by pair (`pingshen decide {verb} {rule} {application} {}`)", pair_flag(rule))]
    Unpaired {
        rule: String,
        application: String,
        verb: String,
    },
}

/// What names the other half of a pair on the command line.
fn pair_flag(rule: &str) -> &'static str {
    if rule == "C5" {
        "--expert ID"
    } else {
        "--other ID"
    }
}

impl DecisionError {
    /// The same sentence in Chinese.
    pub fn zh(&self) -> String {
        match self {
            DecisionError::TooLarge { size } => format!(
                "文件过大：{size} 字节，超过决定文件上限 {} MiB",
                MAX_DECISION_BYTES / (1024 * 1024)
            ),
            DecisionError::Malformed(w) => {
                format!("格式错误：{}", super::verify::malformed_zh(w, "签名的决定"))
            }
            DecisionError::NotCanonical { offset } => {
                format!("非规范格式：第 {offset} 字节起与规范形式（RFC 8785）不同，签名后被修改过")
            }
            DecisionError::ForeignCampaign { found, expected } => {
                format!("属于其他评审活动：决定的活动为 {found}，本活动摘要为 {expected}")
            }
            DecisionError::ExpertKey { key } => {
                format!("拒绝：由专家密钥 {key} 签名；决定只能由组长或秘书处签署")
            }
            DecisionError::Signature(e) => format!("拒绝：{}", e.zh()),
            DecisionError::NotSigner { by, key } => {
                format!("拒绝：决定署名为 {by}，却由密钥 {key} 签名")
            }
            DecisionError::RoleMismatch {
                key,
                stated,
                actual,
            } => format!(
                "拒绝：决定声明角色为 {}，但密钥 {key} 的角色为 {}",
                stated.as_str(),
                actual.as_str()
            ),
            DecisionError::Rule(w) => format!("拒绝：{w}"),
            DecisionError::Unpaired {
                rule,
                application,
                verb,
            } => {
                let (what, flag) = if rule == "C5" {
                    ("专家与项目", "--expert 专家编号")
                } else {
                    ("两个项目", "--other 项目编号")
                };
                format!(
                    "拒绝：它只就项目 {application} 对 {rule} 作出决定，而 {rule} 须就{what}逐对作出决定（`pingshen decide {verb} {rule} {application} {flag}`）"
                )
            }
        }
    }
}

/// Verifies a decision file: canonical, signed by a listed chair or secretariat key whose id
/// is `decision.by` and whose role is `decision.role`, and allowed to that role.
pub fn verify_decision(bytes: &[u8], keyring: &Keyring) -> Result<Decision, DecisionError> {
    if bytes.len() > MAX_DECISION_BYTES {
        return Err(DecisionError::TooLarge { size: bytes.len() });
    }
    let signed: SignedDecision = serde_json::from_slice(bytes).map_err(|e| {
        DecisionError::Malformed(if e.is_syntax() || e.is_eof() {
            format!("not JSON ({e})")
        } else {
            format!("not a signed decision ({e})")
        })
    })?;
    let ours = decision_file_bytes(&signed).map_err(|e| DecisionError::Malformed(e.to_string()))?;
    if ours != bytes {
        let offset = ours.iter().zip(bytes).take_while(|(a, b)| a == b).count();
        // Canonical JSON that still differs holds something pingshen would not write (an
        // empty optional field, say); either way the signed bytes are not these.
        return Err(if is_canonical(bytes) {
            DecisionError::Malformed(format!(
                "it holds fields pingshen does not write, from byte {offset}"
            ))
        } else {
            DecisionError::NotCanonical { offset }
        });
    }
    let d = &signed.decision;
    let sig = &signed.signature;
    if let Some(entry) = keyring.get(&sig.key) {
        if entry.role == Role::Expert {
            return Err(DecisionError::ExpertKey {
                key: sig.key.clone(),
            });
        }
        if entry.role != d.role {
            return Err(DecisionError::RoleMismatch {
                key: sig.key.clone(),
                stated: d.role,
                actual: entry.role,
            });
        }
    }
    if sig.key != d.by {
        return Err(DecisionError::NotSigner {
            by: d.by.clone(),
            key: sig.key.clone(),
        });
    }
    let msg = canonical_bytes(d).map_err(|e| DecisionError::Malformed(e.to_string()))?;
    keyring
        .verify(&msg, sig, &[Role::Chair, Role::Secretariat])
        .map_err(DecisionError::Signature)?;
    check_decision(d).map_err(DecisionError::Rule)?;
    check_pair(d)?;
    Ok(signed.decision)
}

/// [`verify_decision`], and the decision's `campaign` must be `expected_digest` (the full
/// campaign's digest, as sheets carry it).
pub fn verify_decision_in(
    bytes: &[u8],
    expected_digest: &str,
    keyring: &Keyring,
) -> Result<Decision, DecisionError> {
    let d = verify_decision(bytes, keyring)?;
    if d.campaign != expected_digest {
        return Err(DecisionError::ForeignCampaign {
            found: d.campaign,
            expected: expected_digest.to_string(),
        });
    }
    Ok(d)
}
