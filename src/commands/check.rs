//! `check`: formal-review and conflict findings; exit 1 when anything blocking stands.

use super::source::Source;
use super::{Ctx, Failure, Outcome};
use crate::cli::OutputFormat;
use crate::i18n::Lang;
use crate::model::{Decision, Ruling, TriageVerdict};
use crate::rules::rulings::{superseding, Subject};
use crate::rules::{assess_scoped, report, Scope};
use std::fmt::Write as _;
use std::path::Path;

pub fn run(
    ctx: &Ctx,
    format: OutputFormat,
    expert: Option<&str>,
    app: Option<&str>,
    campaign_dir: Option<&Path>,
) -> Outcome {
    let pb = crate::progress::spinner(ctx.lang.pick("读取评审任务", "reading the campaign"));
    let source = Source::open_current(ctx, campaign_dir)?;
    let named = source.decisions(ctx)?;
    let declarations = source.declarations()?;
    let campaign = source.campaign();
    let decisions: Vec<Decision> = named.iter().map(|(_, d)| d.clone()).collect();
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
    let assessment = assess_scoped(campaign, &decisions, &declarations, &scope);
    drop(pb);
    match format {
        OutputFormat::Text => {
            print!(
                "{}",
                report::render_text_scoped(&assessment, campaign, ctx.lang.is_zh(), &scope)
            );
            print!("{}", in_force(ctx.lang, &named, expert, app));
        }
        OutputFormat::Json => println!("{}", report::render_json(&assessment, campaign)),
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

/// The subjects decided more than once within the scope: which decision is in force, and
/// which earlier ones it supersedes.
fn in_force(
    lang: Lang,
    named: &[(String, Decision)],
    expert: Option<&str>,
    app: Option<&str>,
) -> String {
    let decisions: Vec<Decision> = named.iter().map(|(_, d)| d.clone()).collect();
    let keep = |s: &Subject| {
        app.is_none_or(|a| s.concerns_application(a))
            && expert.is_none_or(|e| match s {
                Subject::C5 { .. } => s.concerns_expert(e),
                _ => app.is_some(),
            })
    };
    let zh = lang.is_zh();
    let mut out = String::new();
    for s in superseding(&decisions)
        .into_iter()
        .filter(|s| keep(&s.subject))
    {
        if out.is_empty() {
            out.push_str(lang.pick(
                "\n现行决定（同一事项以后作出的决定取代先前的决定）\n",
                "\nDecisions in force (a later decision on the same subject supersedes an earlier one)\n",
            ));
        }
        let (name, d) = &named[s.in_force];
        let earlier: Vec<&str> = s.superseded.iter().map(|&i| named[i].0.as_str()).collect();
        // A pair reads from the application asked about.
        let subject = match &s.subject {
            Subject::E6 { application, other } if Some(other.as_str()) == app => Subject::E6 {
                application: other.clone(),
                other: application.clone(),
            },
            other => other.clone(),
        };
        let subject = match (&subject, zh) {
            (Subject::Triage { application }, true) => format!("{application} 形式审查结论"),
            (Subject::Triage { application }, false) => format!("{application} triage"),
            (Subject::E6 { application, other }, true) if other.is_empty() => {
                format!("{application} E6")
            }
            (Subject::E6 { application, other }, true) => {
                format!("{application} 与 {other} 的 E6")
            }
            (Subject::E6 { application, other }, false) if other.is_empty() => {
                format!("{application} E6")
            }
            (Subject::E6 { application, other }, false) => {
                format!("{application} E6 with {other}")
            }
            (
                Subject::C5 {
                    expert,
                    application,
                },
                true,
            ) => {
                format!("{application} 与专家 {expert} 的 C5")
            }
            (
                Subject::C5 {
                    expert,
                    application,
                },
                false,
            ) => {
                format!("{application} C5 with expert {expert}")
            }
            (Subject::Draw, true) => "专家抽取".to_string(),
            (Subject::Draw, false) => "the expert draw".to_string(),
        };
        let what = match &d.ruling {
            Ruling::Triage { verdict, .. } => match verdict {
                TriageVerdict::Pass => lang.pick("通过", "pass"),
                TriageVerdict::Fail => lang.pick("不通过", "fail"),
                TriageVerdict::Info => lang.pick("需补充材料", "more information needed"),
            }
            .to_string(),
            Ruling::Confirm { .. } => lang.pick("确认", "confirmed").to_string(),
            Ruling::Draw { seed, .. } => match d.ruling.draw_sizes() {
                Some((k, r)) => lang.say(
                    format!("重新抽取，种子 {seed}，每组 {k} 名专家、{r} 名候补"),
                    format!("redrawn with seed {seed}, panel size {k}, reserves {r}"),
                ),
                None => lang.say(
                    format!("重新抽取，种子 {seed}"),
                    format!("redrawn with seed {seed}"),
                ),
            },
            _ => lang.pick("排除", "dismissed").to_string(),
        };
        // A first draw carries no reason; the figures say what it was.
        let reason = d.stated_reason();
        let _ = if zh {
            let why = if reason.is_empty() {
                String::new()
            } else {
                format!("，理由：{reason}")
            };
            writeln!(
                out,
                "  {subject}：以 {name} 为准（{what}，{} 于 {} 签署{why}），取代 {}",
                d.by,
                d.date,
                earlier.join("、")
            )
        } else {
            let why = if reason.is_empty() {
                String::new()
            } else {
                format!(": {reason}")
            };
            writeln!(
                out,
                "  {subject}: {name} is in force ({what}, {} on {}{why}); it supersedes {}",
                d.by,
                d.date,
                earlier.join(", ")
            )
        };
    }
    out
}
