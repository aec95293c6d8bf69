//! `check`: formal-review and conflict findings; exit 1 when anything blocking stands.

use super::source::Source;
use super::{Ctx, Failure, Outcome};
use crate::cli::OutputFormat;
use crate::decisions::{decision_detail, dispute_sentence, subject_label};
use crate::i18n::Lang;
use crate::model::Decision;
use crate::rules::report::DisputeJson;
use crate::rules::rulings::{standings, Standing, Subject};
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
    // Subjects within the scope that decisions dispute: check says so, and fails.
    let standings: Vec<Standing> = standings(&decisions)
        .into_iter()
        .filter(|s| in_scope(&s.subject, expert, app))
        .collect();
    let disputed = standings.iter().filter(|s| s.is_disputed()).count();
    match format {
        OutputFormat::Text => {
            print!(
                "{}",
                report::render_text_scoped(&assessment, campaign, ctx.lang.is_zh(), &scope)
            );
            print!("{}", in_force(ctx.lang, &named, &standings, app));
        }
        OutputFormat::Json => {
            let mut json = report::to_json(&assessment, campaign);
            json.disputes = standings
                .iter()
                .filter(|s| s.is_disputed())
                .map(|s| dispute_json(&named, s))
                .collect();
            print!("{}", report::render_check_json(&json));
        }
    }
    let mut why = Vec::new();
    match assessment.open_blocking() {
        0 => {}
        n => why.push(format!(
            "{n} {}",
            ctx.lang.pick(
                "项须处理的阻断性问题（见上）",
                "blocking finding(s) stand (above)"
            )
        )),
    }
    if disputed > 0 {
        why.push(if ctx.lang.is_zh() {
            format!("{disputed} 项事项的决定互不取代且不一致，须签署新的决定（见上）")
        } else {
            format!("decisions on {disputed} subject(s) disagree and neither replaces the other: sign a new decision on each (above)")
        });
    }
    if why.is_empty() {
        return Ok(());
    }
    Err(Failure {
        code: 1,
        message: why.join(ctx.lang.pick("；", "; ")),
    })
}

/// Whether a subject concerns what `check` was asked about.
fn in_scope(s: &Subject, expert: Option<&str>, app: Option<&str>) -> bool {
    app.is_none_or(|a| s.concerns_application(a))
        && expert.is_none_or(|e| match s {
            Subject::C5 { .. } => s.concerns_expert(e),
            _ => app.is_some(),
        })
}

fn dispute_json(named: &[(String, Decision)], s: &Standing) -> DisputeJson {
    let (subject, application, other, expert) = match &s.subject {
        Subject::Triage { application } => ("triage", Some(application.clone()), None, None),
        Subject::E6 { application, other } => {
            ("E6", Some(application.clone()), Some(other.clone()), None)
        }
        Subject::C5 {
            expert,
            application,
        } => ("C5", Some(application.clone()), None, Some(expert.clone())),
        Subject::Draw => ("draw", None, None, None),
    };
    DisputeJson {
        subject: subject.to_string(),
        application,
        other,
        expert,
        files: std::iter::once(s.in_force)
            .chain(s.agreeing.iter().copied())
            .chain(s.disputing.iter().copied())
            .map(|i| named[i].0.clone())
            .collect(),
        zh: dispute_sentence(Lang::Zh, named, s, None),
        en: dispute_sentence(Lang::En, named, s, None),
    }
}

/// The subjects decided more than once within the scope: which decision is in force, and
/// which others it replaces or stands above; or, when decisions that neither replaces the
/// other disagree, that they do and what settles it.
fn in_force(
    lang: Lang,
    named: &[(String, Decision)],
    standings: &[Standing],
    app: Option<&str>,
) -> String {
    let zh = lang.is_zh();
    let list = |ix: &[usize]| -> String {
        ix.iter()
            .map(|&i| named[i].0.as_str())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    let mut out = String::new();
    for s in standings.iter().filter(|s| s.len() > 1) {
        if out.is_empty() {
            out.push_str(lang.pick(
                "\n现行决定（同一事项以后作出的决定取代先前的决定；互不取代而不一致的决定须以新的决定了结）\n",
                "\nDecisions in force (a later decision on the same subject supersedes an earlier one; decisions that disagree and neither replaces the other must be settled by a new one)\n",
            ));
        }
        let subject = subject_label(lang, &s.subject, app);
        if s.is_disputed() {
            let sentence = dispute_sentence(lang, named, s, app);
            let _ = if zh {
                writeln!(out, "  {subject}：无现行决定。{sentence}")
            } else {
                writeln!(out, "  {subject}: none in force: {sentence}")
            };
            continue;
        }
        let (name, d) = &named[s.in_force];
        let detail = decision_detail(lang, d);
        let mut line = if zh {
            format!("  {subject}：以 {name} 为准{detail}")
        } else {
            format!("  {subject}: {name} is in force {detail}")
        };
        if !s.superseded.is_empty() {
            line.push_str(&if zh {
                format!("，取代 {}", list(&s.superseded))
            } else {
                format!("; it supersedes {}", list(&s.superseded))
            });
        }
        if !s.outranked.is_empty() {
            line.push_str(&if zh {
                format!(
                    "；{} 与它日期相同、不在它的取代链上，它所在的取代链更长，故以它为准",
                    list(&s.outranked)
                )
            } else {
                format!(
                    "; it stands above {} (the same date, off its chain of replacements, which is longer)",
                    list(&s.outranked)
                )
            });
        }
        if !s.agreeing.is_empty() {
            line.push_str(&if zh {
                format!("；{} 的结论与理由与它相同", list(&s.agreeing))
            } else {
                format!("; {} says the same", list(&s.agreeing))
            });
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
