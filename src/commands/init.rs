//! `init DIR`: validate a campaign or package completely, then load it in one go.

use super::{Ctx, Failure, Outcome};
use crate::format::load_campaign;
use crate::store::Store;

pub fn run(ctx: &Ctx, dir: &std::path::Path) -> Outcome {
    let pb = crate::progress::spinner(
        ctx.lang
            .pick("读取并校验评审任务", "reading and checking the campaign"),
    );
    let loaded = load_campaign(dir).map_err(|errs| {
        let n = errs.0.len();
        let head = ctx.lang.say(
            format!("{}：{n} 个问题，未载入任何内容：", dir.display()),
            format!("{}: {n} problem(s); nothing was loaded:", dir.display()),
        );
        Failure::refused(format!("{head}\n{}", errs.message(ctx.lang)))
    })?;
    check_package(ctx, dir, &loaded)?;
    let c = &loaded.campaign;
    let package = loaded
        .package
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| Failure::refused(format!("package.toml: {e}")))?;
    pb.set_message(ctx.lang.pick("写入评审库", "writing the store").to_string());
    // A secretariat's store remembers its campaign folder: decisions signed through the
    // store are written there too, and read from there (DESIGN.md §2). A package is an
    // expert's, who takes decisions in with `receive`.
    let folder = match package {
        None => std::fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.to_str().map(str::to_string)),
        Some(_) => None,
    };
    match folder {
        Some(folder) => Store::create_for_folder(
            ctx.db(),
            c,
            loaded.keys_toml.as_deref(),
            &loaded.decisions,
            &folder,
            &crate::clock::now_rfc3339(),
        )?,
        None => Store::create(
            ctx.db(),
            c,
            loaded.keys_toml.as_deref(),
            &loaded.decisions,
            package,
            &crate::clock::now_rfc3339(),
        )?,
    };
    drop(pb);
    let kind = if c.package.is_some() {
        ctx.lang.pick("专家评审包", "expert package")
    } else {
        ctx.lang.pick("评审任务", "campaign")
    };
    println!(
        "{} {kind} `{}` ({}): {} {}, {} {}, {} {}, {} {} -> {}",
        ctx.lang.pick("已载入", "loaded"),
        c.settings.id,
        c.settings.name,
        c.applications.len(),
        ctx.lang.pick("个项目", "applications"),
        c.units.len(),
        ctx.lang.pick("个单位", "units"),
        c.experts.len(),
        ctx.lang.pick("位专家", "experts"),
        loaded.decisions.len(),
        ctx.lang.pick("项决定", "decisions"),
        ctx.db().display()
    );
    Ok(())
}

/// A package is loaded only when the secretariat's signature over package.toml holds and
/// the content read is the content signed.
fn check_package(
    ctx: &Ctx,
    dir: &std::path::Path,
    loaded: &crate::format::LoadedCampaign,
) -> Outcome {
    crate::package::verify_package(loaded).map_err(|e| {
        let why = if ctx.lang.is_zh() {
            e.zh()
        } else {
            e.to_string()
        };
        let head = ctx.lang.pick("未载入任何内容：", "nothing was loaded: ");
        Failure::refused(format!("{}: {head}{why}", dir.display()))
    })
}
