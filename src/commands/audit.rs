//! `audit verify` and `audit show`.

use super::{Ctx, Failure, Outcome};
use crate::audit::verify_chain;

pub fn verify(ctx: &Ctx) -> Outcome {
    let entries = ctx.open_store()?.audit()?;
    match verify_chain(&entries) {
        Ok(n) => {
            println!(
                "{} ({n} {})",
                ctx.lang.pick("审计链完整", "audit chain intact"),
                ctx.lang.pick("条", "entries")
            );
            Ok(())
        }
        Err(b) => Err(Failure::refused(format!(
            "{}: {b}",
            ctx.lang.pick("审计链断裂", "audit chain broken")
        ))),
    }
}

pub fn show(ctx: &Ctx) -> Outcome {
    for e in ctx.open_store()?.audit()? {
        println!("{:>6}  {}  {:<12} {}", e.seq, e.at, e.kind, e.detail);
    }
    Ok(())
}
