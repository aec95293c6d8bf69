//! `assign --seed S --panel-size K --reserves R --key K`: the signed expert draw.

use super::source::Source;
use super::{Ctx, Failure, Outcome};
use crate::model::Ruling;
use std::path::Path;

pub fn run(
    ctx: &Ctx,
    seed: u64,
    size: usize,
    reserves: usize,
    key: Option<&Path>,
    campaign: Option<&Path>,
) -> Outcome {
    let Some(key) = key else {
        return Err(Failure::usage(ctx.lang.pick(
            "专家抽取是秘书处签署的决定；请用 --key 给出秘书处私钥",
            "the draw is a decision signed by the secretariat; give its private key with --key",
        )));
    };
    if size == 0 {
        return Err(Failure::usage(
            ctx.lang
                .pick("--panel-size 须大于 0", "--panel-size must be above 0"),
        ));
    }
    let source = Source::open(ctx, campaign)?;
    let decisions: Vec<_> = source.decisions(ctx)?.into_iter().map(|(_, d)| d).collect();
    let declarations = match &source {
        Source::Store { store, .. } => store.declarations(None)?,
        Source::Dir { .. } => vec![],
    };
    let c = source.campaign();
    let eligibility = crate::decisions::eligibility(c, &decisions, &declarations);
    let panels = crate::draw::draw(c, &eligibility, seed, size, reserves)
        .map_err(|e| Failure::refused(e.message(ctx.lang)))?;
    for p in &panels {
        println!(
            "{}  {}: {}  | {}: {}",
            p.panel,
            ctx.lang.pick("专家", "experts"),
            p.experts.join(" "),
            ctx.lang.pick("候补", "reserves"),
            p.reserves.join(" ")
        );
    }
    let reason = format!("seed {seed}, panel size {size}, reserves {reserves}");
    drop(source);
    super::decide::record(ctx, Ruling::Draw { seed, panels }, &reason, key, campaign)
}
