//! `demo [--chair]`: the interface on the bundled campaign in a fresh temporary store, as
//! the expert the campaign names, or as the chair. Nothing is copied next to the user.

use super::{Ctx, Failure, Outcome};
use crate::format::load_campaign;
use crate::i18n::Lang;
use crate::review::Review;
use crate::store::Store;
use crate::tui::View;
use std::path::Path;

/// Where the bundled campaign is read from.
///
/// For now the source tree's `fixtures/campaign-2023/`; the lead points this one function
/// at a copy compiled into the binary, so `demo` runs from any folder.
/// A temporary store holding the campaign in `dir`, its review, and the view to open.
/// The store lives as long as the returned `TempDir`.
pub fn prepare(
    dir: &Path,
    lang: Lang,
    chair: bool,
) -> Result<(tempfile::TempDir, Review, View), Failure> {
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
    let review = Review::open(store, lang)?;
    let view = if chair {
        View::Chair
    } else {
        View::Expert(demo_expert(&review).ok_or_else(|| {
            Failure::refused("the bundled campaign names no expert to run the demo as")
        })?)
    };
    Ok((tmp, review, view))
}

/// The campaign's `demo_expert`, else the first expert standing on a panel, else the first.
pub fn demo_expert(review: &Review) -> Option<String> {
    let c = &review.campaign;
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

pub fn run(ctx: &Ctx, chair: bool) -> Outcome {
    // The campaign is compiled into the binary; it is written out for `init` to read and
    // removed with the temporary store when the demo ends.
    let files =
        tempfile::tempdir().map_err(|e| Failure::refused(format!("no temporary folder ({e})")))?;
    let dir = files.path().join("campaign-2023");
    crate::bundled::extract_campaign(&dir)
        .map_err(|e| Failure::refused(format!("{}: {e}", dir.display())))?;
    let (tmp, review, view) = prepare(&dir, ctx.lang, chair)?;
    let result = crate::tui::run(review, view, ctx.lang).map_err(Failure::refused);
    drop(tmp);
    drop(files);
    result
}
