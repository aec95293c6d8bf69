//! Signed decisions as every judging command reads them: verified against `keys.toml`,
//! then weighed with the rules into who is reviewed and who may judge whom.

use crate::i18n::Lang;
use crate::keys::Keyring;
use crate::model::{Campaign, Decision, Declaration};
use crate::rules::Eligibility;
use crate::sheet::{verify_decision_in, DecisionError};
use crate::store::Store;
use std::path::Path;

/// Why the decisions of a store or a campaign directory cannot be trusted.
#[derive(Debug, thiserror::Error)]
pub enum DecisionsError {
    #[error("decision file {file} cannot be checked: there is no {keys}; add the campaign's keys.toml and load it again")]
    NoKeys { file: String, keys: String },
    #[error("{0}")]
    Keys(String),
    #[error("decision file {file}: {error}; remove the file or ask its signer for a valid one")]
    Invalid { file: String, error: DecisionError },
    #[error("{0}")]
    Store(String),
}

impl DecisionsError {
    /// The sentence in the chosen language.
    pub fn message(&self, lang: Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            DecisionsError::NoKeys { file, keys } => format!(
                "无法核验决定文件 {file}：缺少 {keys}；请补上本次评审的 keys.toml 后重新载入"
            ),
            DecisionsError::Keys(m) | DecisionsError::Store(m) => m.clone(),
            DecisionsError::Invalid { file, error } => format!(
                "决定文件 {file}：{}；请删除该文件，或请签署人重新签发",
                error.zh()
            ),
        }
    }
}

/// Verifies decision files (name, bytes) against `keys.toml`'s text and the full campaign's
/// digest; returns them with their names, sorted by name so every reader weighs them in the
/// same order.
pub fn verify_files(
    files: &[(String, Vec<u8>)],
    keys_toml: Option<&str>,
    keys_file: &str,
    digest: &str,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    let mut files: Vec<&(String, Vec<u8>)> = files.iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let Some(first) = files.first() else {
        return Ok(vec![]);
    };
    let Some(text) = keys_toml else {
        return Err(DecisionsError::NoKeys {
            file: first.0.clone(),
            keys: keys_file.to_string(),
        });
    };
    let ring = Keyring::parse(text, keys_file)
        .map_err(|e| DecisionsError::Keys(e.message(Lang::of_run())))?;
    files
        .into_iter()
        .map(|(name, bytes)| {
            verify_decision_in(bytes, digest, &ring)
                .map(|d| (name.clone(), d))
                .map_err(|error| DecisionsError::Invalid {
                    file: name.clone(),
                    error,
                })
        })
        .collect()
}

/// The store's decision files with their names, each verified against the store's
/// keys.toml and the campaign's digest.
pub fn verified_named_from_store(
    store: &Store,
    campaign: &Campaign,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    let files = store
        .decision_files()
        .map_err(|e| DecisionsError::Store(e.message(Lang::of_run())))?;
    // The campaign's digest costs a full canonical serialisation (0.1 s at 10,000
    // applications): not worth paying when there is nothing to check against it.
    if files.is_empty() {
        return Ok(vec![]);
    }
    let keys = store
        .keys_toml()
        .map_err(|e| DecisionsError::Store(e.message(Lang::of_run())))?;
    let label = store.keys_label(Lang::of_run());
    verify_files(&files, keys.as_deref(), &label, &campaign.digest())
}

/// The store's decision files, each verified; a file that fails is an error naming it.
pub fn verified_from_store(store: &Store, campaign: &Campaign) -> Result<Vec<Decision>, String> {
    verified_named_from_store(store, campaign)
        .map(|v| v.into_iter().map(|(_, d)| d).collect())
        .map_err(|e| e.message(Lang::of_run()))
}

/// A campaign directory's `decisions/`, verified against its `keys.toml` the same way.
pub fn verified_from_dir(
    dir: &Path,
    loaded: &crate::format::LoadedCampaign,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    // As for a store: no digest to pay for when there is nothing to check against it.
    if loaded.decisions.is_empty() {
        return Ok(vec![]);
    }
    verified_from_dir_for(dir, loaded, &loaded.campaign.digest())
}

/// The same, for a caller that already holds the campaign's digest (a merge needs it for
/// the sheets too, and it costs a canonical serialisation of the whole campaign).
pub fn verified_from_dir_for(
    dir: &Path,
    loaded: &crate::format::LoadedCampaign,
    digest: &str,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    let label = dir.join("keys.toml").display().to_string();
    verify_files(
        &loaded.decisions,
        loaded.keys_toml.as_deref(),
        &label,
        digest,
    )
}

/// Who is reviewed and who may judge whom, from the rules, the decisions and the
/// experts' own declarations.
pub fn eligibility(
    campaign: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
) -> Eligibility {
    crate::rules::assess(campaign, decisions, declarations).eligibility
}
