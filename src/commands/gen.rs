//! `gen`: a synthetic campaign in the fixtures' format.

use super::{Ctx, Failure, Outcome};
use crate::gen::{generate, write, Assign, GenError, Options};
use crate::keys::Algorithm;

impl From<GenError> for Failure {
    fn from(e: GenError) -> Failure {
        match e {
            GenError::Empty => Failure::usage(e.to_string()),
            _ => Failure::refused(e.to_string()),
        }
    }
}

pub fn run(
    ctx: &Ctx,
    apps: usize,
    experts: usize,
    all: bool,
    seed: u64,
    sig: Algorithm,
    out: &std::path::Path,
) -> Outcome {
    let opts = Options {
        apps,
        experts,
        assign: if all { Assign::All } else { Assign::Panels },
        seed,
        sig,
    };
    let generated = generate(&opts)?;
    let written = write(out, &generated)?;
    let sheets = written.sheets;
    let c = &generated.campaign;
    let planted = generated.manifest.planted.len();
    let line = if ctx.lang.is_zh() {
        format!(
            "已生成 {} 个项目、{} 名专家、{} 个推荐单位、{} 个单位、{} 个评审组，植入 {planted} 个规则案例，{sheets} 份签名评分表：{}",
            c.applications.len(),
            c.experts.len(),
            c.recommenders.len(),
            c.units.len(),
            c.settings.panels.len(),
            out.display()
        )
    } else {
        format!(
            "generated {} applications, {} experts, {} recommenders, {} units, {} panels, {planted} planted rule cases, {sheets} signed sheets: {}",
            c.applications.len(),
            c.experts.len(),
            c.recommenders.len(),
            c.units.len(),
            c.settings.panels.len(),
            out.display()
        )
    };
    println!("{line}");
    Ok(())
}
