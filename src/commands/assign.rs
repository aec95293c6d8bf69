//! `assign --seed S --panel-size K --reserves R --key K [--redraw --reason T]`: the signed
//! expert draw. The draw is public and made once: a second one only with a signed reason.

use super::source::Source;
use super::{Ctx, Failure, Outcome};
use crate::model::Ruling;
use std::path::Path;

/// `redraw` is the reason given with `--redraw`, when it was.
pub fn run(
    ctx: &Ctx,
    seed: u64,
    size: usize,
    reserves: usize,
    key: Option<&Path>,
    campaign: Option<&Path>,
    redraw: Option<&str>,
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
    if redraw.is_some_and(|r| r.trim().is_empty()) {
        return Err(Failure::usage(ctx.lang.pick(
            "重新抽取须写明理由；请用 --reason 给出",
            "a redraw needs a written reason; give it with --reason",
        )));
    }
    // A store whose folder changed after `init` is refused before anything is drawn: the
    // draw is public, and one shown then thrown away would be read as made.
    let source = Source::open_current(ctx, campaign)?;
    let named = source.decisions(ctx)?;
    // No draw while decisions that neither replaces the other disagree; a redraw settles
    // a disputed draw (it names the one in force in `supersedes`).
    let draw = crate::rules::rulings::Subject::Draw;
    crate::decisions::settled(ctx.lang, &named, redraw.map(|_| &draw)).map_err(Failure::refused)?;
    // The draw in force, as every reader takes it: the one no redraw replaced.
    let taken: Vec<_> = named.iter().map(|(_, d)| d.clone()).collect();
    let in_force = crate::rules::rulings::in_force(&taken, &crate::rules::rulings::Subject::Draw)
        .and_then(|i| match &named[i].1.ruling {
            Ruling::Draw { seed, .. } => Some((
                named[i].0.clone(),
                *seed,
                named[i].1.by.clone(),
                named[i].1.date,
            )),
            _ => None,
        });
    // The seed and sizes are signed in the draw itself (its panels), and the draw it
    // replaces in `supersedes`: the reason is the secretariat's own words, when a redraw
    // gives them, and nothing else.
    let reason = match (&in_force, redraw) {
        (Some((file, old, by, date)), None) => {
            return Err(Failure::refused(if ctx.lang.is_zh() {
                format!("已有签署的专家抽取结果生效：{file}（种子 {old}，{by} 于 {date} 签署）；公开抽取不重复进行，如确需重新抽取，请加 --redraw --reason 理由")
            } else {
                format!("a signed draw is already in force: {file} (seed {old}, signed by {by} on {date}); the public draw is not repeated: to draw again, give --redraw --reason TEXT")
            }));
        }
        (None, Some(_)) => {
            return Err(Failure::usage(ctx.lang.pick(
                "还没有专家抽取结果，无需重新抽取；请去掉 --redraw 和 --reason",
                "there is no draw yet to redo; leave out --redraw and --reason",
            )));
        }
        (Some(_), Some(why)) => why.trim().to_string(),
        (None, None) => String::new(),
    };
    let decisions: Vec<_> = named.into_iter().map(|(_, d)| d).collect();
    let declarations = source.declarations()?;
    let c = source.campaign();
    let eligibility = crate::decisions::eligibility(c, &decisions, &declarations);
    let panels = crate::draw::draw(c, &eligibility, seed, size, reserves)
        .map_err(|e| Failure::refused(e.message(ctx.lang)))?;
    let shown: Vec<String> = panels
        .iter()
        .map(|p| {
            format!(
                "{}  {}: {}  | {}: {}",
                p.panel,
                ctx.lang.pick("专家", "experts"),
                p.experts.join(" "),
                ctx.lang.pick("候补", "reserves"),
                p.reserves.join(" ")
            )
        })
        .collect();
    drop(source);
    // Shown only once signed and written: a refusal leaves no draw on the screen.
    let said =
        super::decide::sign_and_record(ctx, Ruling::Draw { seed, panels }, &reason, key, campaign)?;
    for line in shown {
        println!("{line}");
    }
    println!("{said}");
    Ok(())
}
