//! `merge --campaign DIR SHEET... -o OUT`: verify every sheet, then the deterministic merge.

use super::{Ctx, Failure, Outcome};
use crate::export::AtomicWriter;
use crate::i18n::Lang;
use crate::merge::{merge, merge_canonical, MergeError, MergeInput, MergeOutput, SupersededSheet};
use crate::model::{Campaign, Decision, Ruling};
use crate::sheet::Outcome as Judged;
use std::path::{Path, PathBuf};

pub fn run(ctx: &Ctx, campaign_dir: &Path, sheets: &[PathBuf], out: &Path) -> Outcome {
    // Before the work, not after it.
    if let Some(m) = crate::i18n::missing_folder(ctx.lang, out) {
        return Err(Failure::refused(m));
    }
    // Straight to the output's bytes, each piece written as it is made (the chair's view
    // and the demo build the records). The file is made only once every sheet verified,
    // and put in place only when whole.
    let merged = merge_dir_with(ctx.lang, campaign_dir, sheets, |input| {
        let mut file = AtomicWriter::new(out);
        let mut write = |piece: Vec<u8>| {
            if let Ok(f) = &mut file {
                f.write(&piece);
            }
        };
        merge_canonical(input, &mut write).map(|m| (m, file))
    });
    let (campaign, (merged, file), winners) = match merged {
        Ok(m) => m,
        Err(refusal) => {
            for line in &refusal.lines {
                eprintln!("{line}");
            }
            return Err(refusal.failure);
        }
    };
    let cannot_write =
        |e: &std::io::Error| Failure::refused(crate::i18n::cannot_write(ctx.lang, out, e));
    let file = file.map_err(|e| cannot_write(&e))?;
    if !merged.whole {
        return Err(cannot_write(&std::io::Error::other(
            "the merge output could not be serialised",
        )));
    }
    file.finish().map_err(|e| cannot_write(&e))?;
    println!(
        "{} {} {} -> {} ({} {}, {} {}, {} {})",
        ctx.lang.pick("已汇总", "merged"),
        winners.len(),
        ctx.lang.pick("份评分表", "sheet(s)"),
        out.display(),
        merged.ranked,
        ctx.lang.pick("个项目排名", "ranked"),
        merged.failed,
        ctx.lang.pick("个未通过形式审查", "failed formal review"),
        merged.to_discuss,
        ctx.lang.pick("个分歧待议", "to discuss")
    );
    // The command ends here: freeing 800,000 scores one by one (their comments, the
    // campaign) only delays the exit that frees them all at once.
    std::mem::forget((campaign, winners));
    Ok(())
}

/// A merge of a campaign directory's sheets, with the campaign as merged (its panels as the
/// signed draw set them).
pub struct Merged {
    pub campaign: Campaign,
    pub output: MergeOutput,
    /// How many sheets won (one per expert).
    pub winners: usize,
}

/// Why nothing was merged: one line per sheet when a sheet failed verification (empty
/// otherwise), then the failure.
#[derive(Debug)]
pub struct MergeRefusal {
    pub lines: Vec<String>,
    pub failure: Failure,
}

impl From<Failure> for MergeRefusal {
    fn from(failure: Failure) -> MergeRefusal {
        MergeRefusal {
            lines: vec![],
            failure,
        }
    }
}

/// A merge refusal in `lang` (the core's `Display` is the English one).
fn merge_error(lang: Lang, e: &crate::merge::MergeError) -> String {
    use crate::merge::MergeError as E;
    if !lang.is_zh() {
        return e.to_string();
    }
    match e {
        E::UnknownExpert { expert } => format!(
            "专家 {expert} 的评分表所写的专家不在本评审中；只汇总为本评审导出的评分表"
        ),
        E::ConflictingRevision { expert, revision } => format!(
            "专家 {expert} 有两份不同的第 {revision} 版评分表；请只保留专家最后签署的一份后重新汇总"
        ),
        E::WrongCampaign { expert, revision } => format!(
            "专家 {expert} 的评分表（第 {revision} 版）属于另一个评审任务；请用它所属的评审任务汇总"
        ),
        E::DuplicateScore {
            expert,
            application,
            criterion,
            round,
        } => format!(
            "专家 {expert} 的评分表在第 {round} 轮给 {application} 的 {criterion} 评了两次分；请从专家的评审库重新导出"
        ),
        E::ScoreOutOfRange {
            expert,
            application,
            criterion,
            ..
        } => format!(
            "专家 {expert} 的评分表给 {application} 的 {criterion} 的分数超出范围或不合步长；请在专家的评审库中改正后重新导出"
        ),
        E::UnknownPanel { panel } => format!(
            "有一份开启新一轮的决定针对评审组 {panel}，本评审没有这个组；请删去该决定或改正组号"
        ),
        E::NoRubric {
            application,
            direction,
        } => format!(
            "项目 {application} 属于方向 {direction}，没有评分细则给这个方向评分；请在 rubrics.toml 中把它加入某个评分细则"
        ),
    }
}

fn sm3_hex(bytes: &[u8]) -> String {
    use sm3::{Digest, Sm3};
    hex::encode(Sm3::digest(bytes))
}

/// Everything a merge reads besides the sheets: the campaign (its panels as the signed draw
/// set them, its full digest pinned), the verified decisions and the eligibility.
struct Prepared {
    campaign: Campaign,
    /// The full campaign's digest, which the sheets must carry.
    signed_for: String,
    /// Each decision with the digest of its file.
    records: Vec<(String, Decision)>,
    /// The digests of every decision file, sorted.
    decision_digests: Vec<String>,
    eligibility: crate::rules::Eligibility,
    rounds: Vec<(String, u32)>,
}

/// Reads the campaign in `campaign_dir` and its decisions, and weighs them: the part of a
/// merge that does not need the sheets, so it runs while they are read and checked.
fn prepare(lang: Lang, campaign_dir: &Path) -> Result<Prepared, Failure> {
    let loaded = crate::format::load_campaign(campaign_dir)
        .map_err(|e| Failure::refused(e.message(lang)))?;
    // The digest of the full campaign, computed once: the decisions, the sheets and the
    // merge are all checked against it.
    let signed_for = loaded.campaign.digest();
    // Each decision keeps its file's digest, which the output's decision notes carry.
    let named = crate::decisions::verified_from_dir_for(campaign_dir, &loaded, &signed_for)
        .map_err(|e| Failure::refused(e.message(lang)))?;
    // Nothing is merged while decisions that neither replaces the other disagree.
    crate::decisions::settled(lang, &named, None).map_err(Failure::refused)?;
    let records: Vec<(String, Decision)> = named
        .into_iter()
        .map(|(name, d)| {
            let bytes = loaded
                .decisions
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&[][..], |(_, b)| b.as_slice());
            (sm3_hex(bytes), d)
        })
        .collect();
    let decisions: Vec<Decision> = records.iter().map(|(_, d)| d.clone()).collect();
    let mut decision_digests: Vec<String> =
        loaded.decisions.iter().map(|(_, b)| sm3_hex(b)).collect();
    decision_digests.sort();
    let mut campaign = loaded.campaign;
    // The draw changes who stands on each panel, not the campaign the sheets were signed
    // for: pin the full campaign's digest before applying it, so the merge (which compares
    // each sheet's digest with the campaign's) accepts sheets made after a draw.
    if campaign.package.is_none() {
        campaign.package = Some(crate::model::PackageInfo {
            expert: String::new(),
            full_digest: signed_for.clone(),
        });
    }
    // The signed draw, if any, sets who stands on each panel.
    if let Some(panels) =
        crate::rules::rulings::draw_in_force(&decisions).and_then(|d| match &d.ruling {
            Ruling::Draw { panels, .. } => Some(panels.clone()),
            _ => None,
        })
    {
        for p in &mut campaign.settings.panels {
            if let Some(d) = panels.iter().find(|d| d.panel == p.id) {
                p.experts = d.experts.clone();
                p.reserves = d.reserves.clone();
            }
        }
    }
    let rounds: Vec<(String, u32)> = decisions
        .iter()
        .filter_map(|d| match &d.ruling {
            Ruling::Round { panel, round } => Some((panel.clone(), *round)),
            _ => None,
        })
        .collect();
    let eligibility = crate::decisions::eligibility(&campaign, &decisions, &[]);
    Ok(Prepared {
        campaign,
        signed_for,
        records,
        decision_digests,
        eligibility,
        rounds,
    })
}

/// Verifies every sheet against the campaign in `campaign_dir` (its keys and decisions),
/// then merges the winning ones: what `merge` writes and the chair's view shows.
///
/// The campaign is read and weighed on one thread while the sheets are read and checked
/// (parsing, keys, signatures) on the others; the sheets' campaign digests are compared
/// once it is known. A problem is reported as the one-thread order would: the campaign's,
/// the decisions', the keys', then the sheets'.
pub fn merge_dir(
    lang: Lang,
    campaign_dir: &Path,
    sheets: &[PathBuf],
) -> Result<Merged, MergeRefusal> {
    let (campaign, output, winners) = merge_dir_with(lang, campaign_dir, sheets, merge)?;
    Ok(Merged {
        campaign,
        output,
        winners: winners.len(),
    })
}

/// [`merge_dir`] with the merge itself `how` (the record, or its bytes): the campaign as
/// merged, what `how` made of the winning sheets, and those sheets.
fn merge_dir_with<T>(
    lang: Lang,
    campaign_dir: &Path,
    sheets: &[PathBuf],
    how: impl FnOnce(&MergeInput<'_>) -> Result<T, MergeError>,
) -> Result<(Campaign, T, Vec<crate::sheet::SheetBody>), MergeRefusal> {
    let pb = crate::progress::bar(
        sheets.len() as u64,
        lang.pick("读取评分表", "reading sheets"),
    );
    let (prepared, sheets_checked) = std::thread::scope(|scope| {
        let prepared = scope.spawn(|| prepare(lang, campaign_dir));
        // Each sheet is read into a buffer its thread keeps, checked there and its body
        // parsed; no file's bytes outlive its check. The first file that cannot be read,
        // in the order given, refuses the merge.
        let sheets_checked = crate::keys::Keyring::load(&campaign_dir.join("keys.toml"))
            .map_err(|e| Failure::refused(e.message(lang)))
            .and_then(|ring| {
                crate::sheet::check_sheet_files(sheets, &ring, true, &|| pb.inc(1)).map_err(
                    |(i, e)| {
                        let why = if lang.is_zh() { e.zh() } else { e.to_string() };
                        let p = sheets[i].display();
                        Failure::refused(format!("{p}{}{why}", lang.colon()))
                    },
                )
            });
        // The campaign thread panics only on a bug; the panic goes on as it would have.
        let prepared = prepared
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (prepared, sheets_checked)
    });
    let Prepared {
        campaign,
        signed_for,
        records,
        decision_digests,
        eligibility,
        rounds,
    } = prepared?;
    let checked = sheets_checked?;
    let names: Vec<String> = sheets.iter().map(|p| p.display().to_string()).collect();
    let verdicts = checked.judge_named(&names, &signed_for);
    if verdicts.iter().any(|v| v.is_failure()) {
        return Err(MergeRefusal {
            lines: verdicts.iter().map(|v| v.line(lang.is_zh())).collect(),
            failure: Failure::refused(lang.pick(
                "有评分表未通过校验，未进行汇总（见上）",
                "a sheet failed verification, so nothing was merged (above)",
            )),
        });
    }
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
    // Winning bodies are moved out of the verdicts, not copied, with the digests
    // verification took of them.
    let (winners, digests): (Vec<crate::sheet::SheetBody>, Vec<String>) = verdicts
        .into_iter()
        .filter_map(|v| match v.outcome {
            Judged::Ok(sheet) => Some((sheet.body, v.body_sm3.unwrap_or_default())),
            _ => None,
        })
        .unzip();
    let input = MergeInput {
        campaign: &campaign,
        eligibility: &eligibility,
        rounds: &rounds,
        decisions: &decision_digests,
        decision_records: &records,
        sheets: &winners,
        digests: Some(&digests),
        superseded: &superseded,
    };
    pb.set_message(lang.pick("汇总排名", "merging").to_string());
    let output = how(&input).map_err(|e| Failure::refused(merge_error(lang, &e)))?;
    Ok((campaign, output, winners))
}
