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
        Failure::refused(lang.say(
            format!(
                "{}：内置的评审任务无法载入：\n{}",
                dir.display(),
                errs.message(lang)
            ),
            format!(
                "{}: the bundled campaign does not load:\n{}",
                dir.display(),
                errs.message(lang)
            ),
        ))
    })?;
    let tmp = tempfile::Builder::new()
        .prefix("pingshen-demo-")
        .tempdir()
        .map_err(|e| no_temp_folder(lang, &e))?;
    let package = loaded
        .package
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| Failure::refused(format!("package.toml: {e}")))?;
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
        Failure::refused(lang.pick(
            "内置的评审任务没有可用来演示的专家",
            "the bundled campaign names no expert to run the demo as",
        ))
    })?;
    Ok((tmp, review, expert))
}

/// The system's temporary folder cannot take the demo's files.
fn no_temp_folder(lang: Lang, e: &std::io::Error) -> Failure {
    let why = crate::i18n::io_phrase(lang, e);
    let tmp = std::env::temp_dir();
    Failure::refused(lang.say(
        format!("无法在临时文件夹 {} 中建立演示文件（{why}）；请检查它是否可写", tmp.display()),
        format!("cannot make the demo's files in the temporary folder {} ({why}); check that it is writable", tmp.display()),
    ))
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
    let lang = Lang::of_run();
    let bytes = crate::bundled::demo_key(id).ok_or_else(|| {
        Failure::refused(lang.say(
            format!("内置演示中没有 `{id}` 的密钥"),
            format!("the bundled demo has no key for `{id}`"),
        ))
    })?;
    PrivateKey::from_file_bytes(bytes, None, &format!("demo-keys/{id}.key"))
        .map_err(|e| Failure::refused(e.message(lang)))
}

/// Writes the bundled campaign and demo sheets into `into` and merges them as `merge`
/// does: what `demo --chair` shows.
pub fn merge_bundled(into: &Path, lang: Lang) -> Result<Merged, Failure> {
    let dir = into.join("campaign-2023");
    crate::bundled::extract_campaign(&dir)
        .map_err(|e| Failure::refused(crate::i18n::cannot_write(lang, &dir, &e)))?;
    let sheets_dir = into.join("demo-sheets");
    let sheets = crate::bundled::extract_demo_sheets(&sheets_dir)
        .map_err(|e| Failure::refused(crate::i18n::cannot_write(lang, &sheets_dir, &e)))?;
    merge_dir(lang, &dir, &sheets).map_err(|r| {
        let mut m = r.lines.join("\n");
        if !m.is_empty() {
            m.push('\n');
        }
        m.push_str(&r.failure.message);
        Failure::refused(m)
    })
}

/// Where this demo run's exported sheets go: a folder of its own in the system's temporary
/// folder (two demos at once, or one after another, never overwrite each other's sheets),
/// which outlives the demo's store so the sheet can still be looked at.
pub fn export_dir(lang: Lang) -> Result<PathBuf, Failure> {
    tempfile::Builder::new()
        .prefix("pingshen-demo-sheets-")
        .tempdir()
        .map(tempfile::TempDir::keep)
        .map_err(|e| no_temp_folder(lang, &e))
}

/// After the demo: says where its exported sheets are, or removes their folder when the
/// demo exported none.
fn report_exports(lang: Lang, dir: &Path) {
    let exported = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if exported {
        eprintln!(
            "{} {}",
            lang.pick(
                "本次演示导出的评分表在",
                "this demo's exported sheets are in"
            ),
            dir.display()
        );
    } else {
        let _ = std::fs::remove_dir(dir);
    }
}

pub fn run(ctx: &Ctx, chair: bool) -> Outcome {
    // The campaign is compiled into the binary; it is written out for `init` to read and
    // removed with the temporary store when the demo ends.
    let files = tempfile::tempdir().map_err(|e| no_temp_folder(ctx.lang, &e))?;
    if chair {
        let merged = merge_bundled(files.path(), ctx.lang)?;
        let exports = export_dir(ctx.lang)?;
        let options = super::tui::options(ctx, None, &exports)?;
        let start = Start::Chair {
            campaign: Box::new(merged.campaign),
            merged: Box::new(merged.output),
        };
        let result = crate::tui::run(start, ctx.lang, options).map_err(Failure::refused);
        drop(files);
        report_exports(ctx.lang, &exports);
        return result;
    }
    let dir = files.path().join("campaign-2023");
    crate::bundled::extract_campaign(&dir)
        .map_err(|e| Failure::refused(crate::i18n::cannot_write(ctx.lang, &dir, &e)))?;
    let (tmp, review, expert) = prepare_expert(&dir, ctx.lang)?;
    let key = demo_key(&expert)?;
    let exports = export_dir(ctx.lang)?;
    let options = super::tui::options(ctx, Some(key), &exports)?;
    let start = Start::Review(Box::new(review), View::Expert(expert));
    let result = crate::tui::run(start, ctx.lang, options).map_err(Failure::refused);
    drop(tmp);
    drop(files);
    report_exports(ctx.lang, &exports);
    result
}
