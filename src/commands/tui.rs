//! `tui [--expert ID | --triage | --chair --campaign DIR SHEET...] [--key FILE]`: the
//! interactive application over the store, or the chair's view over a merge of sheets.

use super::merge::merge_dir;
use super::source::load_key;
use super::{Ctx, Failure, Outcome};
use crate::decisions::Focus;
use crate::keys::PrivateKey;
use crate::review::Review;
use crate::tui::keymap::Keymap;
use crate::tui::sources::Signing;
use crate::tui::theme::Theme;
use crate::tui::{Options, Start, View};
use std::path::{Path, PathBuf};

/// `tui`'s flags and arguments.
pub struct TuiArgs<'a> {
    pub expert: Option<&'a str>,
    pub chair: bool,
    pub triage: bool,
    pub key: Option<&'a Path>,
    pub campaign: Option<&'a Path>,
    pub sheets: &'a [PathBuf],
}

/// Which store view `tui`'s flags ask for; with none, the expert an expert's package names.
pub fn choose_view(review: &Review, expert: Option<&str>, triage: bool) -> Result<View, Failure> {
    if let Some(e) = expert {
        return Ok(View::Expert(e.to_string()));
    }
    if triage {
        return Ok(View::Triage);
    }
    match &review.campaign.package {
        Some(p) => Ok(View::Expert(p.expert.clone())),
        None => Err(Failure::usage(review.lang.pick(
            "请指明视图：--expert ID（专家评分）、--chair（组长）或 --triage（形式审查）",
            "say which view: --expert ID (scoring), --chair (the chair) or --triage (formal review)",
        ))),
    }
}

/// The interface's options from the configuration: its theme (`NO_COLOR` gives mono when
/// the configuration names none) and its `[keys]` overrides over the bundled key map.
pub fn options(ctx: &Ctx, key: Option<PrivateKey>, export_dir: &Path) -> Result<Options, Failure> {
    let keymap = Keymap::configured(
        ctx.config
            .keys
            .iter()
            .map(|(action, k)| (action.as_str(), k.value.as_str())),
    )
    .map_err(|e| {
        let file = ctx
            .config
            .file
            .as_ref()
            .map_or_else(|| "config.toml".to_string(), |p| p.display().to_string());
        Failure::refused(ctx.lang.say(
            format!(
                "配置文件 {file}：{}；请改正它或把它移走",
                e.message(ctx.lang)
            ),
            format!("{file}: {e}; fix the file or move it aside"),
        ))
    })?;
    Ok(Options {
        theme: Theme::from_config(&ctx.config),
        keymap,
        signing: Signing::new(key, export_dir),
    })
}

pub fn run(ctx: &Ctx, args: TuiArgs<'_>) -> Outcome {
    let key = args.key.map(|p| load_key(ctx, p)).transpose()?;
    if args.chair {
        return chair(ctx, &args, key);
    }
    // The view decides whose conflicts are weighed: the expert's own (named, or the one a
    // package is for), none for triage.
    let focus = |c: &crate::model::Campaign| match (args.expert, args.triage, &c.package) {
        (Some(e), _, _) => Focus::Expert(e.to_string()),
        (None, true, _) => Focus::FormalOnly,
        (None, false, Some(p)) => Focus::Expert(p.expert.clone()),
        (None, false, None) => Focus::Everyone,
    };
    // An expert's view draws its first frame before the formal review and the conflicts
    // are weighed (the most of opening a large campaign): its worker weighs them first
    // thing, and until then the view shows "checking", no content, and takes no score.
    let review = if args.triage {
        Review::open_with(ctx.open_store()?, ctx.lang, focus)?
    } else {
        Review::open_unchecked_with(ctx.open_store()?, ctx.lang, focus)?
    };
    let view = choose_view(&review, args.expert, args.triage)?;
    if matches!(view, View::Triage) {
        // Triage signs into the store's campaign folder: one that changed after `init` is
        // said before the interface opens, not after a reason was typed.
        super::source::current_folder(ctx.lang, &review.store, &review.campaign)?;
    }
    let options = options(ctx, key, Path::new("."))?;
    crate::tui::run(Start::Review(Box::new(review), view), ctx.lang, options)
        .map_err(Failure::refused)
}

/// The chair's view: the sheets verified and merged exactly as `merge` does, then shown.
fn chair(ctx: &Ctx, args: &TuiArgs<'_>, key: Option<PrivateKey>) -> Outcome {
    let (Some(dir), false) = (args.campaign, args.sheets.is_empty()) else {
        return Err(Failure::usage(ctx.lang.pick(
            "组长视图汇总评分表：请给出 --campaign 评审目录 和各专家的签名评分表，如 `pingshen tui --chair --campaign DIR sheets/*.json`",
            "the chair's view merges sheets: give --campaign DIR and the signed sheets, as in `pingshen tui --chair --campaign DIR sheets/*.json`",
        )));
    };
    let merged = match merge_dir(ctx.lang, dir, args.sheets) {
        Ok(m) => m,
        Err(refusal) => {
            for line in &refusal.lines {
                eprintln!("{line}");
            }
            return Err(refusal.failure);
        }
    };
    let options = options(ctx, key, Path::new("."))?;
    let start = Start::Chair {
        campaign: Box::new(merged.campaign),
        merged: Box::new(merged.output),
    };
    crate::tui::run(start, ctx.lang, options).map_err(Failure::refused)
}
