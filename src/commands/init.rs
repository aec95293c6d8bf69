//! `init DIR`: validate a campaign or package completely, then load it in one go.

use super::{Ctx, Failure, Outcome};
use crate::format::load_campaign;
use crate::store::Store;

pub fn run(ctx: &Ctx, dir: &std::path::Path) -> Outcome {
    let loaded = load_campaign(dir).map_err(|errs| {
        let n = errs.0.len();
        let head = ctx.lang.pick(
            "个问题，未载入任何内容：",
            " problem(s); nothing was loaded:",
        );
        Failure::refused(format!("{} {n}{head}\n{errs}", dir.display()))
    })?;
    check_package(ctx, dir, &loaded)?;
    let c = &loaded.campaign;
    let package = loaded
        .package
        .as_ref()
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| Failure::refused(e.to_string()))?;
    Store::create(
        ctx.db(),
        c,
        loaded.keys_toml.as_deref(),
        &loaded.decisions,
        package,
        &crate::clock::now_rfc3339(),
    )?;
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

/// `demo` before the interface: load the bundled campaign into a fresh temporary store and
/// show the demo expert's work.
pub fn demo_summary(ctx: &Ctx) -> Outcome {
    let tmp =
        tempfile::tempdir().map_err(|e| Failure::refused(format!("no temporary folder ({e})")))?;
    let dir = tmp.path().join("campaign-2023");
    crate::bundled::extract_campaign(&dir).map_err(|e| Failure::refused(e.to_string()))?;
    let db = tmp.path().join("store");
    let sub = Ctx {
        db: db.clone(),
        lang: ctx.lang,
        config: ctx.config.clone(),
    };
    run(&sub, &dir)?;
    let review = crate::review::Review::open(Store::open(&db)?, ctx.lang)?;
    let expert = review
        .campaign
        .settings
        .demo_expert
        .clone()
        .unwrap_or_default();
    println!("{} {expert}:", ctx.lang.pick("演示专家", "demo expert"));
    for a in review.assigned(&expert) {
        println!("  {}  {:?}  {}", a.id, review.progress(&expert, a)?, a.name);
    }
    Ok(())
}
