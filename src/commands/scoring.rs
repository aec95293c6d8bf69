//! `pledge`, `score` and `declare`: the interface's checks, from a script.

use super::{Ctx, Outcome};
use crate::review::Review;

pub fn pledge(ctx: &Ctx, expert: &str) -> Outcome {
    let review = Review::open(ctx.open_store()?, ctx.lang)?;
    let p = review.pledge(expert)?;
    println!(
        "{} {expert} ({})",
        ctx.lang
            .pick("已确认保密及回避承诺：", "commitment acknowledged:"),
        p.at
    );
    Ok(())
}

pub fn score(
    ctx: &Ctx,
    expert: &str,
    app: &str,
    criterion: &str,
    value: &str,
    comment: Option<&str>,
    reason: Option<&str>,
) -> Outcome {
    let review = Review::open(ctx.open_store()?, ctx.lang)?;
    let s = review.score(expert, app, criterion, value, comment, reason)?;
    // Printed only after the store has flushed: this line is the promise that it is saved.
    println!(
        "{} {} {} {} = {} ({} {}, {})",
        ctx.lang.pick("已保存", "saved"),
        expert,
        app,
        criterion,
        s.value,
        ctx.lang.pick("第", "round"),
        s.key.round,
        ctx.lang.pick("轮", "durable")
    );
    Ok(())
}

pub fn declare(ctx: &Ctx, expert: &str, app: &str, reason: &str) -> Outcome {
    let mut review = Review::open(ctx.open_store()?, ctx.lang)?;
    review.declare(expert, app, reason)?;
    println!(
        "{} {expert} / {app}",
        ctx.lang.pick("已申明回避：", "conflict declared:")
    );
    Ok(())
}
