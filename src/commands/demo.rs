//! `demo [--chair]`: the interface on the bundled campaign in a fresh temporary store, as
//! the expert the campaign names (signing with that expert's DEMO ONLY key), or as the
//! chair over the bundled demo sheets. Nothing is copied next to the user.

use super::merge::{merge_dir, Merged};
use super::{Ctx, Failure, Outcome};
use crate::decisions::Focus;
use crate::format::load_campaign;
use crate::i18n::Lang;
use crate::keys::PrivateKey;
use crate::model::Campaign;
use crate::review::Review;
use crate::store::Store;
use crate::tui::{Start, View};
use std::path::{Path, PathBuf};

/// A temporary store holding the campaign in `dir`, its review, and the expert to run as.
/// The store lives as long as the returned `TempDir`.
pub fn prepare_expert(
    dir: &Path,
    lang: Lang,
) -> Result<(tempfile::TempDir, Review, String), Failure> {
    let loaded = load_campaign(dir).map_err(|errs| {
        Failure::refused(format!(
            "{}: the bundled campaign does not load:\n{errs}",
            dir.display()
        ))
    })?;
    let tmp = tempfile::Builder::new()
        .prefix("pingshen-demo-")
        .tempdir()
        .map_err(|e| {
            Failure::refused(format!(
                "cannot make a temporary store ({e}); check that the temporary folder is writable"
            ))
        })?;
    let package = loaded
        .package
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| Failure::refused(e.to_string()))?;
    let store = Store::create(
        &tmp.path().join("store"),
        &loaded.campaign,
        loaded.keys_toml.as_deref(),
        &loaded.decisions,
        package,
        &crate::clock::now_rfc3339(),
    )?;
    // The demo is one expert's review: only their conflicts are weighed.
    let review = Review::open_with(store, lang, |c| match demo_expert(c) {
        Some(e) => Focus::Expert(e),
        None => Focus::Everyone,
    })?;
    let expert = demo_expert(&review.campaign).ok_or_else(|| {
        Failure::refused("the bundled campaign names no expert to run the demo as")
    })?;
    Ok((tmp, review, expert))
}

/// The campaign's `demo_expert`, else the first expert standing on a panel, else the first.
pub fn demo_expert(c: &Campaign) -> Option<String> {
    c.settings
        .demo_expert
        .clone()
        .or_else(|| {
            c.settings
                .panels
                .iter()
                .flat_map(|p| p.experts.iter())
                .next()
                .cloned()
        })
        .or_else(|| c.experts.first().map(|e| e.id.clone()))
}

/// The DEMO ONLY private key of a bundled demo signer.
pub fn demo_key(id: &str) -> Result<PrivateKey, Failure> {
    let bytes = crate::bundled::demo_key(id)
        .ok_or_else(|| Failure::refused(format!("the bundled demo has no key for `{id}`")))?;
    PrivateKey::from_file_bytes(bytes, None, &format!("demo-keys/{id}.key"))
        .map_err(|e| Failure::refused(e.to_string()))
}

/// Writes the bundled campaign and demo sheets into `into` and merges them as `merge`
/// does: what `demo --chair` shows.
pub fn merge_bundled(into: &Path, lang: Lang) -> Result<Merged, Failure> {
    let dir = into.join("campaign-2023");
    crate::bundled::extract_campaign(&dir)
        .map_err(|e| Failure::refused(format!("{}: {e}", dir.display())))?;
    let sheets_dir = into.join("demo-sheets");
    let sheets = crate::bundled::extract_demo_sheets(&sheets_dir)
        .map_err(|e| Failure::refused(format!("{}: {e}", sheets_dir.display())))?;
    merge_dir(lang, &dir, &sheets).map_err(|r| {
        let mut m = r.lines.join("\n");
        if !m.is_empty() {
            m.push('\n');
        }
        m.push_str(&r.failure.message);
        Failure::refused(m)
    })
}

/// Where the demo's exported sheets go: a folder of the system's temporary folder, which
/// outlives the demo's store so the sheet can still be looked at.
pub fn export_dir() -> PathBuf {
    std::env::temp_dir().join("pingshen-demo-sheets")
}

pub fn run(ctx: &Ctx, chair: bool) -> Outcome {
    // The campaign is compiled into the binary; it is written out for `init` to read and
    // removed with the temporary store when the demo ends.
    let files =
        tempfile::tempdir().map_err(|e| Failure::refused(format!("no temporary folder ({e})")))?;
    if chair {
        let merged = merge_bundled(files.path(), ctx.lang)?;
        let options = super::tui::options(ctx, None, &export_dir())?;
        let start = Start::Chair {
            campaign: Box::new(merged.campaign),
            merged: Box::new(merged.output),
        };
        let result = crate::tui::run(start, ctx.lang, options).map_err(Failure::refused);
        drop(files);
        return result;
    }
    let dir = files.path().join("campaign-2023");
    crate::bundled::extract_campaign(&dir)
        .map_err(|e| Failure::refused(format!("{}: {e}", dir.display())))?;
    let (tmp, review, expert) = prepare_expert(&dir, ctx.lang)?;
    let key = demo_key(&expert)?;
    let options = super::tui::options(ctx, Some(key), &export_dir())?;
    let start = Start::Review(Box::new(review), View::Expert(expert));
    let result = crate::tui::run(start, ctx.lang, options).map_err(Failure::refused);
    drop(tmp);
    drop(files);
    result
}
