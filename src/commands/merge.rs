//! `merge --campaign DIR SHEET... -o OUT`: verify every sheet, then the deterministic merge.

use super::{Ctx, Failure, Outcome};
use crate::merge::{merge, to_canonical_json, MergeInput, SupersededSheet};
use crate::model::Ruling;
use crate::sheet::Outcome as Judged;
use std::path::{Path, PathBuf};

pub fn run(ctx: &Ctx, campaign_dir: &Path, sheets: &[PathBuf], out: &Path) -> Outcome {
    let (mut campaign, decisions, _) = super::load_judged(ctx, Some(campaign_dir))?;
    let keys_path = campaign_dir.join("keys.toml");
    let keyring =
        crate::keys::Keyring::load(&keys_path).map_err(|e| Failure::refused(e.to_string()))?;
    let mut files = Vec::with_capacity(sheets.len());
    let pb = crate::progress::bar(
        sheets.len() as u64,
        ctx.lang.pick("读取评分表", "reading sheets"),
    );
    for p in sheets {
        pb.inc(1);
        let bytes = crate::sheet::read_sheet_file(p)
            .map_err(|e| Failure::refused(format!("{}: {e}", p.display())))?;
        files.push((p.display().to_string(), bytes));
    }
    pb.set_message(
        ctx.lang
            .pick("核验签名", "verifying signatures")
            .to_string(),
    );
    let verdicts = crate::sheet::judge_sheets(&files, &campaign.digest(), &keyring);
    if verdicts.iter().any(|v| v.is_failure()) {
        pb.finish_and_clear();
        for v in &verdicts {
            eprintln!("{}", v.line(ctx.lang.is_zh()));
        }
        return Err(Failure::refused(ctx.lang.pick(
            "有评分表未通过校验，未进行汇总（见上）",
            "a sheet failed verification, so nothing was merged (above)",
        )));
    }
    let winners: Vec<crate::sheet::SheetBody> = crate::sheet::winning_sheets(&verdicts)
        .into_iter()
        .map(|s| s.body.clone())
        .collect();
    let superseded: Vec<SupersededSheet> = verdicts
        .iter()
        .filter_map(|v| match &v.outcome {
            Judged::Superseded { sheet, .. } => Some(SupersededSheet {
                expert: sheet.body.expert.clone(),
                revision: sheet.body.revision,
                file: v.file.clone(),
            }),
            _ => None,
        })
        .collect();
    // The draw changes who stands on each panel, not the campaign the sheets were signed
    // for: pin the full campaign's digest before applying it, so `merge` (which compares
    // each sheet's digest with the campaign's) accepts sheets made after a draw.
    let signed_for = campaign.digest();
    // The signed draw, if any, sets who stands on each panel.
    if let Some(panels) = decisions.iter().rev().find_map(|d| match &d.ruling {
        Ruling::Draw { panels, .. } => Some(panels.clone()),
        _ => None,
    }) {
        for p in &mut campaign.settings.panels {
            if let Some(d) = panels.iter().find(|d| d.panel == p.id) {
                p.experts = d.experts.clone();
                p.reserves = d.reserves.clone();
            }
        }
    }
    if campaign.package.is_none() {
        campaign.package = Some(crate::model::PackageInfo {
            expert: String::new(),
            full_digest: signed_for,
        });
    }
    let rounds: Vec<(String, u32)> = decisions
        .iter()
        .filter_map(|d| match &d.ruling {
            Ruling::Round { panel, round } => Some((panel.clone(), *round)),
            _ => None,
        })
        .collect();
    let decision_digests: Vec<String> = decision_file_digests(campaign_dir);
    let eligibility = crate::decisions::eligibility(&campaign, &decisions, &[]);
    let input = MergeInput {
        campaign: &campaign,
        eligibility: &eligibility,
        rounds: &rounds,
        decisions: &decision_digests,
        sheets: &winners,
        superseded: &superseded,
    };
    pb.set_message(ctx.lang.pick("汇总排名", "merging").to_string());
    let merged = merge(&input).map_err(|e| Failure::refused(e.to_string()))?;
    let bytes = to_canonical_json(&merged);
    crate::export::write_atomically(out, &bytes)
        .map_err(|e| Failure::refused(format!("{}: {e}", out.display())))?;
    drop(pb);
    let ranked: usize = merged.directions.iter().map(|d| d.ranking.len()).sum();
    println!(
        "{} {} {} -> {} ({} {}, {} {}, {} {})",
        ctx.lang.pick("已汇总", "merged"),
        winners.len(),
        ctx.lang.pick("份评分表", "sheet(s)"),
        out.display(),
        ranked,
        ctx.lang.pick("个项目排名", "ranked"),
        merged.failed.len(),
        ctx.lang.pick("个未通过形式审查", "failed formal review"),
        merged.divergence_queue.len(),
        ctx.lang.pick("个分歧待议", "to discuss")
    );
    Ok(())
}

/// SM3 of each decision file, so the output names exactly the decisions it weighed.
fn decision_file_digests(dir: &Path) -> Vec<String> {
    use sm3::{Digest, Sm3};
    let mut out: Vec<String> = std::fs::read_dir(dir.join("decisions"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read(e.path()).ok())
                .map(|b| hex::encode(Sm3::digest(&b)))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
