//! `import --expert ID SHEET`: rebuild an expert's scores from their own signed sheet, each
//! score through the same checks as `score`.

use super::{Ctx, Failure, Outcome};
use crate::keys::Keyring;
use crate::model::{Pledge, Points, Score, ScoreKey};
use crate::review::{round_reason, Review};
use crate::sheet::{read_sheet_file, verify_sheet, SheetScore};
use std::path::Path;

pub fn run(ctx: &Ctx, expert: &str, sheet_path: &Path) -> Outcome {
    let zh = ctx.lang.is_zh();
    let mut review = Review::open_for(ctx.open_store()?, ctx.lang, expert)?;
    let file = sheet_path.display().to_string();
    let keys = review.store.keys_toml()?.ok_or_else(|| {
        Failure::refused(ctx.lang.pick(
            "评审库中没有 keys.toml，无法核验评分表；请用含 keys.toml 的评审任务或评审包重新 init",
            "the store holds no keys.toml, so the sheet cannot be verified; init it from a campaign or package that has keys.toml",
        ))
    })?;
    let ring =
        Keyring::parse(&keys, "keys.toml").map_err(|e| Failure::refused(e.message(ctx.lang)))?;
    let bytes = read_sheet_file(sheet_path).map_err(|e| {
        Failure::refused(format!(
            "{file}{}{}",
            ctx.lang.colon(),
            if zh { e.zh() } else { e.to_string() }
        ))
    })?;
    let sheet = verify_sheet(&bytes, &review.campaign.digest(), &ring).map_err(|e| {
        Failure::refused(format!(
            "{file}{}{}",
            ctx.lang.colon(),
            if zh { e.zh() } else { e.to_string() }
        ))
    })?;
    let body = &sheet.body;
    if body.expert != expert {
        return Err(Failure::refused(if zh {
            format!(
                "{file} 是专家 `{}` 的评分表，不是 `{expert}` 的；只能导入专家本人的评分表",
                body.expert
            )
        } else {
            format!("{file} is expert `{}`'s sheet, not `{expert}`'s; import an expert's own sheet only", body.expert)
        }));
    }
    let at = crate::clock::now_rfc3339();
    let store_rev = review.store.revision(expert)?;

    if let Some(p) = &body.pledge {
        if review.store.pledge(expert)?.is_none() {
            let pledge = Pledge {
                expert: expert.to_string(),
                text_sm3: p.text_sm3.clone(),
                at: p.at.clone(),
            };
            review.store.put_pledge(&pledge, &at)?;
        }
    }
    let held: Vec<String> = review
        .store
        .declarations(Some(expert))?
        .into_iter()
        .map(|d| d.application)
        .collect();
    let mut declared = 0;
    for d in &body.declarations {
        if !held.contains(&d.application) {
            review.declare(expert, &d.application, &d.reason)?;
            declared += 1;
        }
    }

    let (mut imported, mut unchanged) = (0usize, 0usize);
    let mut refused: Vec<String> = vec![];
    for s in &body.scores {
        match check(&review, expert, s, &body.scores) {
            Err(why) => refused.push(format!(
                "  {} / {} ({} {}): {why}",
                s.application,
                s.criterion,
                ctx.lang.pick("第", "round"),
                s.round
            )),
            Ok(score) => {
                if review.store.score(&score.key)?.as_ref() == Some(&score) {
                    unchanged += 1;
                } else {
                    review.store.put_score(&score, &at)?;
                    imported += 1;
                }
            }
        }
    }
    let revision = store_rev.max(body.revision);
    if revision > store_rev {
        review.store.set_revision(expert, revision, &at)?;
    }
    review.store.record_event(
        "import",
        serde_json::json!({
            "expert": expert,
            "file": file,
            "sheet_revision": body.revision,
            "revision": revision,
            "imported": imported,
            "unchanged": unchanged,
            "declarations": declared,
            "refused": refused.len(),
        }),
        &at,
    )?;
    println!(
        "{} {file}: {imported} {}, {unchanged} {}, {declared} {}, {} {revision}",
        ctx.lang.pick("已导入", "imported"),
        ctx.lang.pick("项评分已写入", "scores written"),
        ctx.lang.pick("项已相同", "already held"),
        ctx.lang.pick("项回避申明", "declarations"),
        ctx.lang.pick("版本计数器为", "revision counter at"),
    );
    if refused.is_empty() {
        return Ok(());
    }
    for r in &refused {
        println!("{r}");
    }
    Err(Failure::refused(if zh {
        format!("{} 项评分未导入（见上），其余已导入", refused.len())
    } else {
        format!(
            "{} score(s) were refused and not imported (see above); the rest were imported",
            refused.len()
        )
    }))
}

/// The checks of `score`, for a score that keeps its sheet's round.
fn check(
    review: &Review,
    expert: &str,
    s: &SheetScore,
    all: &[SheetScore],
) -> Result<Score, String> {
    let zh = review.lang.is_zh();
    let app = review
        .may_score(expert, &s.application)
        .map_err(|e| e.message(review.lang))?;
    let rubric = review.campaign.rubric_for_application(app).ok_or_else(|| {
        if zh {
            "该项目的方向没有评分细则".to_string()
        } else {
            "no rubric scores its direction".to_string()
        }
    })?;
    let crit = rubric.criterion(&s.criterion).ok_or_else(|| {
        if zh {
            format!("评分项 `{}` 不在细则「{}」中", s.criterion, rubric.zh)
        } else {
            format!(
                "criterion `{}` is not in rubric `{}`",
                s.criterion, rubric.id
            )
        }
    })?;
    let value = Points::from_hundredths(s.value);
    crit.check(value).map_err(|e| {
        if zh {
            format!(
                "分数须在 0 到 {} 之间、且为 {} 的整数倍；{value} 不符合",
                crit.max, crit.step
            )
        } else {
            format!(
                "{e}; a score is a multiple of {} from 0 to {}",
                crit.step, crit.max
            )
        }
    })?;
    let open = review.round_for(expert, app);
    if s.round > open {
        return Err(if zh {
            format!(
                "第 {} 轮尚未在本评审库中开启；请先用 `pingshen receive` 接收组长开启该轮的决定",
                s.round
            )
        } else {
            format!("round {} is not open in this store; take in the chair's round decision with `pingshen receive` first", s.round)
        });
    }
    // The sheet holds every round of the expert's scores: the change is measured against its
    // own latest earlier round, by the rule `score` applies.
    let before = all
        .iter()
        .filter(|p| {
            p.application == s.application && p.criterion == s.criterion && p.round < s.round
        })
        .max_by_key(|p| p.round)
        .map(|p| Points::from_hundredths(p.value));
    if let Err(from) = round_reason(s.round, before, None, value, Some(&s.reason)) {
        return Err(if zh {
            format!("第 {} 轮修改分数（{from} → {value}）却未说明理由", s.round)
        } else {
            format!(
                "round {} changes the score ({from} to {value}) without a reason",
                s.round
            )
        });
    }
    Ok(Score {
        key: ScoreKey {
            expert: expert.to_string(),
            application: s.application.to_string(),
            criterion: s.criterion.to_string(),
            round: s.round,
        },
        value,
        comment: s.comment.clone(),
        reason: s.reason.clone(),
    })
}
