//! `search QUERY [--limit N]`: the interface's search, one match a line.

use super::{Ctx, Outcome};

pub fn run(ctx: &Ctx, query: &str, limit: usize) -> Outcome {
    let campaign = ctx.open_store()?.campaign()?;
    print!(
        "{}",
        crate::search::run(&campaign, query, limit, ctx.lang.is_zh())
    );
    Ok(())
}
