//! `audit verify` and `audit show`.

use super::{Ctx, Failure, Outcome};
use crate::audit::{verify_chain, verify_chain_to};

pub fn verify(ctx: &Ctx) -> Outcome {
    let store = ctx.open_store()?;
    let entries = store.audit()?;
    // The head kept beside the log also catches entries cut off its end.
    let checked = match store.audit_head()? {
        Some(head) => verify_chain_to(&entries, &head.hash),
        None => verify_chain(&entries),
    };
    match checked {
        Ok(()) => {
            let n = entries.len();
            println!(
                "{} ({n} {})",
                ctx.lang.pick("审计链完整", "audit chain intact"),
                ctx.lang.pick("条", "entries")
            );
            Ok(())
        }
        Err(b) => Err(Failure::refused(format!(
            "{}{}{}",
            ctx.lang.pick("审计链断裂", "audit chain broken"),
            ctx.lang.colon(),
            b.message(ctx.lang)
        ))),
    }
}

pub fn show(ctx: &Ctx) -> Outcome {
    for e in ctx.open_store()?.audit()? {
        println!("{:>6}  {}  {:<12} {}", e.seq, e.at, e.kind, e.detail);
    }
    Ok(())
}
