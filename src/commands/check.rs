//! `check`: formal-review and conflict findings; exit 1 when anything blocking stands.

use super::{Ctx, Failure, Outcome};
use crate::cli::OutputFormat;
use crate::rules::{assess_scoped, report, Scope};
use std::path::Path;

pub fn run(
    ctx: &Ctx,
    format: OutputFormat,
    expert: Option<&str>,
    app: Option<&str>,
    campaign_dir: Option<&Path>,
) -> Outcome {
    let pb = crate::progress::spinner(ctx.lang.pick("读取评审任务", "reading the campaign"));
    let (campaign, decisions, declarations) = super::load_judged(ctx, campaign_dir)?;
    pb.set_message(
        ctx.lang
            .pick("形式审查与回避检查", "checking the rules")
            .to_string(),
    );
    if let Some(e) = expert.filter(|e| campaign.expert(e).is_none()) {
        return Err(Failure::refused(ctx.lang.say(
            format!("专家库中没有编号为 `{e}` 的专家；请核对 --expert"),
            format!("no such expert in the pool: `{e}`; check --expert"),
        )));
    }
    if let Some(a) = app.filter(|a| campaign.application(a).is_none()) {
        return Err(Failure::refused(ctx.lang.say(
            format!("没有编号为 `{a}` 的项目；请用 `pingshen search` 查找正确的编号"),
            format!("no such application: `{a}`; find its id with `pingshen search`"),
        )));
    }
    let scope = Scope {
        expert: expert.map(str::to_string),
        application: app.map(str::to_string),
    };
    let assessment = assess_scoped(&campaign, &decisions, &declarations, &scope);
    drop(pb);
    match format {
        OutputFormat::Text => print!(
            "{}",
            report::render_text_scoped(&assessment, &campaign, ctx.lang.is_zh(), &scope)
        ),
        OutputFormat::Json => println!("{}", report::render_json(&assessment, &campaign)),
    }
    match assessment.open_blocking() {
        0 => Ok(()),
        n => Err(Failure {
            code: 1,
            message: format!(
                "{n} {}",
                ctx.lang.pick(
                    "项须处理的阻断性问题（见上）",
                    "blocking finding(s) stand (above)"
                )
            ),
        }),
    }
}
