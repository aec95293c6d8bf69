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
    let _ = (campaign, decisions);
    let mut e = Eligibility::default();
    for d in declarations {
        e.blocked
            .entry((d.expert.clone(), d.application.clone()))
            .or_default()
            .push("C4".into());
    }
    e
}
