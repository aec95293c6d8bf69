//! `pledge`, `score` and `declare`: the interface's checks, from a script.

use super::{Ctx, Outcome};
use crate::review::Review;

pub fn pledge(ctx: &Ctx, expert: &str) -> Outcome {
    let review = Review::open_for(ctx.open_store()?, ctx.lang, expert)?;
    let p = review.pledge(expert)?;
    // The Chinese colon carries its own space.
    match ctx.lang {
        crate::i18n::Lang::Zh => println!("已确认保密及回避承诺：{expert}（{}）", p.at),
        crate::i18n::Lang::En => println!("commitment acknowledged: {expert} ({})", p.at),
    }
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
    let review = Review::open_for(ctx.open_store()?, ctx.lang, expert)?;
    let s = review.score(expert, app, criterion, value, comment, reason)?;
    // Printed only after the store has flushed: this line is the promise that it is saved.
    match ctx.lang {
        crate::i18n::Lang::Zh => println!(
            "已保存：{expert} {app} {criterion} = {}（第 {} 轮）",
            s.value, s.key.round
        ),
        crate::i18n::Lang::En => println!(
            "saved: {expert} {app} {criterion} = {} (round {})",
            s.value, s.key.round
        ),
    }
    Ok(())
}

/// Declares a conflict. A second declaration on the same application replaces the first
/// (there is one per expert and application, and correcting its wording must stay
/// possible); the earlier reason is named, so nothing is replaced unseen, and the audit log
/// keeps both.
pub fn declare(ctx: &Ctx, expert: &str, app: &str, reason: &str) -> Outcome {
    let mut review = Review::open_for(ctx.open_store()?, ctx.lang, expert)?;
    let earlier = review
        .store
        .declarations(Some(expert))?
        .into_iter()
        .find(|d| d.application == app);
    let d = review.declare(expert, app, reason)?;
    println!(
        "{} {expert} / {app}",
        ctx.lang.pick("已申明回避：", "conflict declared:")
    );
    match earlier {
        Some(e) if e.reason == d.reason => println!(
            "{}",
            ctx.lang.pick(
                "（与此前的申明相同，未作改动）",
                "(the same as the earlier declaration; nothing changed)"
            )
        ),
        Some(e) => println!(
            "{}",
            ctx.lang.say(
                format!("此前的理由「{}」已被替换（审计日志中仍有记录）", e.reason),
                format!(
                    "the earlier reason \"{}\" is replaced (the audit log keeps it)",
                    e.reason
                ),
            )
        ),
        None => {}
    }
    Ok(())
}
