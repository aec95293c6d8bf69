//! The generated campaign's keys and signed round-1 sheets: `keys.toml`, one private key
//! per expert, the chair and the secretariat under `keys/`, and each panel member's sheet
//! under `sheets/`, all the same bytes for the same seed (keys come from the seed; SM2
//! signing derives its nonce from key and message, RFC 6979).

use super::scores::ScorePlan;
use super::{io_err, GenError};
use crate::keys::{Algorithm, KeyPair, PrivateKey};
use crate::model::{Campaign, Role};
use crate::review::pledge_text_sm3;
use crate::sheet::{
    sheet_file_bytes, sign_sheet, SheetBody, SheetDeclaration, SheetPledge, SheetScore,
    SHEET_FORMAT,
};
use std::path::Path;

/// The chair's and the secretariat's key ids in a generated campaign.
pub const CHAIR: &str = "CH01";
pub const SECRETARIAT: &str = "SEC01";

/// The key of `id`, from the campaign's seed: anyone holding the seed can remake it, which
/// is what a synthetic campaign wants and a real one must never have.
pub fn key_for(seed: u64, id: &str, role: Role, alg: Algorithm) -> Result<PrivateKey, GenError> {
    use sm3::{Digest, Sm3};
    let bytes: [u8; 32] = Sm3::digest(format!("pingshen gen key {seed} {id}").as_bytes()).into();
    let bad = |e: crate::keys::KeyError| GenError::Key {
        id: id.to_string(),
        why: e.to_string(),
    };
    PrivateKey::new(id, role, KeyPair::from_seed(alg, bytes).map_err(bad)?).map_err(bad)
}

/// Every expert's key in pool order, then the chair's and the secretariat's.
pub fn keys(c: &Campaign, seed: u64, alg: Algorithm) -> Result<Vec<PrivateKey>, GenError> {
    let mut out = Vec::with_capacity(c.experts.len() + 2);
    for e in &c.experts {
        out.push(key_for(seed, &e.id, Role::Expert, alg)?);
    }
    out.push(key_for(seed, CHAIR, Role::Chair, alg)?);
    out.push(key_for(seed, SECRETARIAT, Role::Secretariat, alg)?);
    Ok(out)
}

/// Writes `keys.toml` and `keys/<id>.key` for every key.
pub fn write_keys(dir: &Path, seed: u64, keys: &[PrivateKey]) -> Result<(), GenError> {
    let mut toml = format!(
        "# SYNTHETIC: public keys of a campaign made by `pingshen gen` (seed {seed}).\n\
         # The private keys are in keys/ and anyone can remake them from the seed:\n\
         # never use them for a real review.\n\n"
    );
    let entries: Vec<String> = keys.iter().map(PrivateKey::keys_toml_entry).collect();
    toml.push_str(&entries.join("\n"));
    let path = dir.join("keys.toml");
    std::fs::write(&path, toml).map_err(io_err(&path))?;
    let kdir = dir.join("keys");
    std::fs::create_dir_all(&kdir).map_err(io_err(&kdir))?;
    for k in keys {
        let path = kdir.join(format!("{}.key", k.id));
        let bytes = k.to_file_bytes(None).map_err(|e| GenError::Key {
            id: k.id.clone(),
            why: e.to_string(),
        })?;
        write_private(&path, &bytes).map_err(io_err(&path))?;
    }
    Ok(())
}

/// Private keys readable by their owner only.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// One panel member's signed sheet: revision 1, round 1, the commitment acknowledged on the
/// review day, declared relations, and the plan's scores.
pub fn sheet_bytes(
    plan: &ScorePlan<'_>,
    digest: &str,
    review_date: &str,
    k: usize,
    key: &PrivateKey,
) -> Result<Vec<u8>, GenError> {
    let expert = key.id.as_str();
    let scores = plan
        .scores(expert)
        .into_iter()
        .map(|s| SheetScore {
            application: s.key.application.into(),
            criterion: s.key.criterion.into(),
            round: s.key.round,
            value: s.value.hundredths(),
            comment: s.comment,
            reason: s.reason,
        })
        .collect();
    let declarations = plan
        .declarations(expert)
        .into_iter()
        .map(|(application, reason)| SheetDeclaration {
            application,
            reason,
        })
        .collect();
    // Each expert acknowledges the commitment a few seconds after the one before, from
    // 08:00 on the review day.
    let at = format!(
        "{review_date}T{:02}:{:02}:{:02}Z",
        8 + (k / 3600).min(15),
        k / 60 % 60,
        k % 60
    );
    let body = SheetBody {
        format: SHEET_FORMAT,
        campaign: digest.to_string(),
        expert: expert.to_string(),
        revision: 1,
        round: 1,
        scores,
        declarations,
        pledge: Some(SheetPledge {
            at,
            text_sm3: pledge_text_sm3(),
        }),
    };
    let sheet = sign_sheet(body, key).map_err(|e| GenError::Key {
        id: expert.to_string(),
        why: e.to_string(),
    })?;
    Ok(sheet_file_bytes(&sheet))
}

/// Writes `sheets/<expert>.json` for every panel member, on all cores: sheets are
/// independent, so the bytes do not depend on which thread made them.
pub fn write_sheets(
    dir: &Path,
    c: &Campaign,
    plan: &ScorePlan<'_>,
    keys: &[PrivateKey],
) -> Result<usize, GenError> {
    let sdir = dir.join("sheets");
    std::fs::create_dir_all(&sdir).map_err(io_err(&sdir))?;
    let digest = c.digest();
    let date = c.settings.review_date.to_string();
    let members: Vec<(usize, &PrivateKey)> = plan
        .experts()
        .enumerate()
        .filter_map(|(k, e)| keys.iter().find(|x| x.id == e).map(|key| (k, key)))
        .collect();
    let one = |k: usize, key: &PrivateKey| -> Result<(), GenError> {
        let bytes = sheet_bytes(plan, &digest, &date, k, key)?;
        let path = sdir.join(format!("{}.json", key.id));
        std::fs::write(&path, bytes).map_err(io_err(&path))
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, members.len().max(1));
    let results: Vec<Result<(), GenError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let members = &members;
                let one = &one;
                scope.spawn(move || {
                    members
                        .iter()
                        .skip(t)
                        .step_by(threads)
                        .map(|&(k, key)| one(k, key))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec![Err(GenError::Panicked)]))
            .collect()
    });
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(members.len())
}
