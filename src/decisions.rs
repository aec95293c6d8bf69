//! Signed decisions as every judging command reads them: verified against `keys.toml`,
//! then weighed with the rules into who is reviewed and who may judge whom.

use crate::model::{Campaign, Decision, Declaration};
use crate::rules::Eligibility;
use crate::store::Store;

/// The store's decision files, each verified; a file that fails is an error naming it.
pub fn verified_from_store(store: &Store, campaign: &Campaign) -> Result<Vec<Decision>, String> {
    let _ = campaign;
    // Until signed decisions land, a store holds none that can be trusted.
    let files = store.decision_files().map_err(|e| e.to_string())?;
    if files.is_empty() {
        Ok(vec![])
    } else {
        Err(format!(
            "{} decision file(s) in the store cannot be verified by this build",
            files.len()
        ))
    }
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

/// Verifies decision files of a campaign directory against its `keys.toml` text.
pub fn verified_from_files(
    campaign: &Campaign,
    keys_toml: Option<&str>,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<Decision>, String> {
    if files.is_empty() {
        return Ok(vec![]);
    }
    let Some(keys) = keys_toml else {
        return Err("the campaign has decisions but no keys.toml to verify them; add the chair's and secretariat's public keys".into());
    };
    let keyring = crate::keys::Keyring::parse(keys, "keys.toml").map_err(|e| e.to_string())?;
    let digest = campaign.digest();
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .into_iter()
        .map(|(name, bytes)| {
            crate::sheet::verify_decision_in(bytes, &digest, &keyring)
                .map_err(|e| format!("decisions/{name}: {e}"))
        })
        .collect()
}
