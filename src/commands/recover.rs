//! `recover`: rebuild a store from its journal.

use super::{Ctx, Outcome};
use crate::store::Store;

pub fn run(ctx: &Ctx) -> Outcome {
    let (store, skipped) = Store::recover(ctx.db())?;
    let scores = store.scores(None)?.len();
    let audit = store.audit()?.len();
    println!(
        "{} {}: {scores} {}, {audit} {}",
        ctx.lang
            .pick("已从日志重建存储", "rebuilt the store from its journal"),
        ctx.db().display(),
        ctx.lang.pick("条评分", "scores"),
        ctx.lang.pick("条审计记录", "audit entries")
    );
    if !skipped.is_empty() {
        let lines: Vec<String> = skipped.iter().map(|l| l.to_string()).collect();
        eprintln!(
            "{} {}",
            ctx.lang.pick("以下日志行已损坏或写入未完成，已跳过（行号）：", "journal lines skipped as torn or damaged (these writes were never reported saved unless damaged later):"),
            lines.join(", ")
        );
    }
    Ok(())
}
