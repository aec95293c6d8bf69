//! An expert's package: the part of a campaign one expert may see (their assigned,
//! unconflicted applications and what those need), and the secretariat's signed
//! `package.toml` that `init` checks before loading it.

use crate::format::{LoadedCampaign, PackageFile};
use crate::keys::{Keyring, PrivateKey, SignatureError};
use crate::model::{Campaign, Expert};
use crate::sheet::{canonical_bytes, sign_package_manifest, verify_package_manifest, Signature};
use serde::Serialize;
use std::collections::BTreeSet;

/// The bytes the secretariat signs: the canonical JSON of every `package.toml` field but
/// the signature itself.
pub fn manifest_bytes(
    expert: &str,
    full_digest: &str,
    content_digest: &str,
    signed_by: &str,
    algorithm: &str,
) -> Vec<u8> {
    #[derive(Serialize)]
    struct Manifest<'a> {
        algorithm: &'a str,
        content_digest: &'a str,
        expert: &'a str,
        full_digest: &'a str,
        signed_by: &'a str,
    }
    canonical_bytes(&Manifest {
        algorithm,
        content_digest,
        expert,
        full_digest,
        signed_by,
    })
    // Strings only: canonical JSON of them cannot fail; an empty result would never verify.
    .unwrap_or_default()
}

/// `package.toml` for a package whose loaded content has `content_digest`, signed by `key`.
pub fn sign_package(
    expert: &str,
    full_digest: &str,
    content_digest: &str,
    key: &PrivateKey,
) -> Result<PackageFile, crate::sheet::SignError> {
    let algorithm = key.algorithm().as_str();
    let bytes = manifest_bytes(expert, full_digest, content_digest, &key.id, algorithm);
    let sig = sign_package_manifest(&bytes, key)?;
    Ok(PackageFile {
        expert: expert.to_string(),
        full_digest: full_digest.to_string(),
        content_digest: content_digest.to_string(),
        signed_by: sig.key,
        algorithm: sig.algorithm,
        signature: sig.value,
    })
}

/// Why a package was refused.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("package.toml cannot be checked: the package has no keys.toml; ask the secretariat for the whole package again")]
    NoKeys,
    #[error("package.toml cannot be checked: {0}")]
    Keys(String),
    #[error("package.toml's signature by `{key}` does not hold ({why}); the package was altered or does not come from the secretariat: ask for it again")]
    Signature { key: String, why: SignatureError },
    #[error("the package's content (digest {found}) is not what the secretariat signed ({signed}): a file was changed after packaging; ask for the package again")]
    Content { found: String, signed: String },
    #[error("package.toml is for expert `{0}`, who is not in the package's experts; ask the secretariat for the package again")]
    Expert(String),
}

fn short(d: &str) -> &str {
    &d[..16.min(d.len())]
}

impl PackageError {
    pub fn zh(&self) -> String {
        match self {
            PackageError::NoKeys => {
                "无法核验 package.toml：评审包中没有 keys.toml；请向秘书处重新索取完整的评审包".into()
            }
            PackageError::Keys(m) => format!("无法核验 package.toml：{m}"),
            PackageError::Signature { key, why } => format!(
                "package.toml 上 `{key}` 的签名不成立（{}）；评审包被改动过或并非秘书处签发，请重新索取",
                why.zh()
            ),
            PackageError::Content { found, signed } => format!(
                "评审包内容（摘要 {}…）与秘书处签名时的内容（{}…）不一致：打包后有文件被改动；请重新索取评审包",
                short(found),
                short(signed)
            ),
            PackageError::Expert(e) => {
                format!("package.toml 指明的专家 `{e}` 不在评审包的专家中；请重新索取评审包")
            }
        }
    }
}

/// Checks a loaded package: the secretariat's signature over package.toml, by a key its
/// keys.toml lists, and the content digest of what was loaded against the signed one.
pub fn verify_package(loaded: &LoadedCampaign) -> Result<(), PackageError> {
    let Some(p) = &loaded.package else {
        return Ok(());
    };
    let text = loaded.keys_toml.as_deref().ok_or(PackageError::NoKeys)?;
    let ring = Keyring::parse(text, "keys.toml").map_err(|e| PackageError::Keys(e.to_string()))?;
    let bytes = manifest_bytes(
        &p.expert,
        &p.full_digest,
        &p.content_digest,
        &p.signed_by,
        &p.algorithm,
    );
    let sig = Signature {
        algorithm: p.algorithm.clone(),
        key: p.signed_by.clone(),
        value: p.signature.clone(),
    };
    verify_package_manifest(&bytes, &sig, &ring).map_err(|why| PackageError::Signature {
        key: p.signed_by.clone(),
        why,
    })?;
    let found = loaded.campaign.content_digest();
    if found != p.content_digest {
        return Err(PackageError::Content {
            found,
            signed: p.content_digest.clone(),
        });
    }
    if loaded.campaign.expert(&p.expert).is_none() {
        return Err(PackageError::Expert(p.expert.clone()));
    }
    Ok(())
}

/// The package's campaign content for `expert`: the applications `apps` (ids the expert may
/// score), only that expert (without relations to applications left out), the units those
/// need with their parent chains, every recommender, the rubrics and the settings with the
/// panels naming no other expert. No package marker: `content_digest` covers this.
pub fn package_campaign(full: &Campaign, expert: &Expert, apps: &BTreeSet<String>) -> Campaign {
    let applications: Vec<_> = full
        .applications
        .iter()
        .filter(|a| apps.contains(&a.id))
        .cloned()
        .collect();
    let mut e = expert.clone();
    e.relations
        .retain(|r| r.application.as_ref().is_none_or(|a| apps.contains(a)));
    let mut need: BTreeSet<String> = BTreeSet::new();
    need.insert(e.unit.clone());
    need.extend(e.past_units.iter().map(|p| p.unit.clone()));
    need.extend(e.relations.iter().filter_map(|r| r.unit.clone()));
    for a in &applications {
        need.extend(a.member_units().map(str::to_string));
    }
    // Parent chains, so the shared-parent rule sees the same organisations as in full.
    let mut todo: Vec<String> = need.iter().cloned().collect();
    while let Some(id) = todo.pop() {
        if let Some(parent) = full.unit(&id).and_then(|u| u.parent.clone()) {
            if need.insert(parent.clone()) {
                todo.push(parent);
            }
        }
    }
    let units = full
        .units
        .iter()
        .filter(|u| need.contains(&u.id))
        .cloned()
        .collect();
    let mut settings = full.settings.clone();
    for p in &mut settings.panels {
        p.experts.retain(|x| *x == e.id);
        p.reserves.retain(|x| *x == e.id);
    }
    if settings.demo_expert.as_deref() != Some(e.id.as_str()) {
        settings.demo_expert = None;
    }
    Campaign::new(
        settings,
        full.rubrics.clone(),
        full.recommenders.clone(),
        units,
        vec![e],
        applications,
    )
}
