//! `gen`: a synthetic campaign in the fixtures' format.

use super::{Ctx, Failure, Outcome};

pub fn run(
    _ctx: &Ctx,
    _apps: usize,
    _experts: usize,
    _all: bool,
    _seed: u64,
    _out: &std::path::Path,
) -> Outcome {
    Err(Failure::refused("gen is not built yet in this version"))
}
