//! Which sheet wins for each expert, and which of its scores count: the merge's gatekeeping.

use super::digest::sheet_digest_with;
use super::output::{
    DropKind, DroppedScores, Flag, OverrideUsed, PartialTotal, ScoreChange, SupersededRef,
};
use super::rational::Decimal;
use super::sums::Sums;
use super::{MergeError, MergeInput};
use crate::model::{Application, Campaign, Expert, Points, Rubric};
use crate::sheet::{SheetBody, SheetScore};
use smallvec::SmallVec;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The sheet that counts for one expert.
pub(super) struct Winner<'a> {
    pub body: &'a SheetBody,
    pub expert: &'a Expert,
    pub digest: String,
}

/// Picks the highest revision per expert; returns winners by expert id and the
/// superseded (expert, revision) pairs, sorted and without repeats.
pub(super) fn select<'a>(
    input: &MergeInput<'a>,
    campaign_digest: &str,
) -> Result<(Vec<Winner<'a>>, Vec<SupersededRef>), MergeError> {
    let given = |i: usize| input.digests.and_then(|d| d.get(i)).cloned();
    let mut by_expert: BTreeMap<&str, Vec<(&SheetBody, Option<String>)>> = BTreeMap::new();
    for (i, body) in input.sheets.iter().enumerate() {
        by_expert
            .entry(body.expert.as_str())
            .or_default()
            .push((body, given(i)));
    }
    let mut superseded: BTreeSet<SupersededRef> = input
        .superseded
        .iter()
        .map(|s| SupersededRef {
            expert: s.expert.clone(),
            revision: s.revision,
        })
        .collect();
    let mut winners = Vec::with_capacity(by_expert.len());
    for (expert_id, bodies) in by_expert {
        let expert = input
            .campaign
            .expert(expert_id)
            .ok_or_else(|| MergeError::UnknownExpert {
                expert: expert_id.to_string(),
            })?;
        let top = bodies.iter().map(|(b, _)| b.revision).max().unwrap_or(0);
        let mut best: Option<(&SheetBody, Option<String>)> = None;
        for (body, digest) in bodies {
            if body.revision < top {
                superseded.insert(SupersededRef {
                    expert: expert_id.to_string(),
                    revision: body.revision,
                });
            } else if let Some((b, _)) = best {
                if b != body {
                    return Err(MergeError::ConflictingRevision {
                        expert: expert_id.to_string(),
                        revision: top,
                    });
                }
            } else {
                best = Some((body, digest));
            }
        }
        let Some((body, digest)) = best else { continue };
        if body.campaign != campaign_digest {
            return Err(MergeError::WrongCampaign {
                expert: expert_id.to_string(),
                revision: body.revision,
            });
        }
        winners.push(Winner {
            body,
            expert,
            digest: digest.unwrap_or_default(),
        });
    }
    digest_all(&mut winners);
    Ok((winners, superseded.into_iter().collect()))
}

/// Hashing every sheet is the costliest step of a large merge; it splits over the cores,
/// each thread reusing one buffer for the canonical bytes of its sheets. Digests the
/// caller gave are kept.
fn digest_all(winners: &mut [Winner<'_>]) {
    let mut winners: Vec<&mut Winner<'_>> =
        winners.iter_mut().filter(|w| w.digest.is_empty()).collect();
    if winners.is_empty() {
        return;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = winners.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for part in winners.chunks_mut(chunk) {
            s.spawn(move || {
                let mut buf = Vec::new();
                for w in part {
                    w.digest = sheet_digest_with(w.body, &mut buf);
                }
            });
        }
    });
}

/// One counted score.
pub(super) struct Cell<'a> {
    pub value: i64,
    /// The round-1 score for the same criterion, if the expert gave one.
    pub round1: Option<i64>,
    pub score: &'a SheetScore,
    // Whether the texts are empty is noted here, while the score is in cache: the output
    // pass would otherwise chase 800,000 pointers back into the sheets, a cache miss each.
    pub has_comment: bool,
    pub has_reason: bool,
}

/// An expert's cells for one application, in rubric order: held in the row itself for up
/// to four criteria (the notice's rubrics have four), so that writing a large merge's
/// 200,000 rows reads them where the rows are, not through a pointer each, and no row
/// frees a vector of its own.
pub(super) type Cells<'a> = SmallVec<[Option<Cell<'a>>; 4]>;

/// One expert's counted scores for one application.
pub(super) struct Row<'a> {
    /// Index into the winners.
    pub expert: usize,
    /// In rubric order.
    pub cells: Cells<'a>,
    /// Per-criterion values when every criterion is scored.
    pub values: Option<Sums>,
    pub total: Option<i64>,
    pub round1_values: Option<Vec<i64>>,
    pub override_reason: Option<&'a str>,
}

/// A reviewed application and everything counted for it.
pub(super) struct AppWork<'a> {
    pub app: &'a Application,
    pub rubric: &'a Rubric,
    pub round: u32,
    /// By expert index, so by expert id.
    pub rows: Vec<Row<'a>>,
    pub flags: BTreeSet<Flag>,
}

pub(super) struct Collected<'a> {
    /// Indexed like `campaign.applications`; None for applications out of review.
    pub apps: Vec<Option<AppWork<'a>>>,
    pub notes: Notes,
}

/// What the chair is told about scores: dropped, changed, overridden, partial.
#[derive(Default)]
pub(super) struct Notes {
    pub dropped: Vec<DroppedScores>,
    pub changes: Vec<ScoreChange>,
    pub overrides: Vec<OverrideUsed>,
    pub partials: Vec<PartialTotal>,
}

/// The round counted for each application: the highest opened by a panel covering its
/// direction, and at least 1.
pub(super) fn panel_rounds(input: &MergeInput<'_>) -> Result<BTreeMap<String, u32>, MergeError> {
    let mut rounds: BTreeMap<String, u32> = input
        .campaign
        .settings
        .panels
        .iter()
        .map(|p| (p.id.clone(), 1))
        .collect();
    for (panel, round) in input.rounds {
        let r = rounds
            .get_mut(panel)
            .ok_or_else(|| MergeError::UnknownPanel {
                panel: panel.clone(),
            })?;
        *r = (*r).max(*round);
    }
    Ok(rounds)
}

fn app_round(campaign: &Campaign, rounds: &BTreeMap<String, u32>, app: &Application) -> u32 {
    let d = app.direction();
    campaign
        .settings
        .panels
        .iter()
        .filter(|p| p.directions.contains(&d))
        .filter_map(|p| rounds.get(&p.id).copied())
        .max()
        .unwrap_or(1)
}

pub(super) fn collect<'a>(
    input: &MergeInput<'a>,
    winners: &[Winner<'a>],
    rounds: &BTreeMap<String, u32>,
) -> Result<Collected<'a>, MergeError> {
    let campaign = input.campaign;
    let elig = input.eligibility;
    let mut apps = Vec::with_capacity(campaign.applications.len());
    for app in &campaign.applications {
        if !elig.is_reviewed(&app.id) {
            apps.push(None);
            continue;
        }
        let rubric = campaign
            .rubric_for_application(app)
            .ok_or_else(|| MergeError::NoRubric {
                application: app.id.clone(),
                direction: app.direction(),
            })?;
        apps.push(Some(AppWork {
            app,
            rubric,
            round: app_round(campaign, rounds, app),
            rows: Vec::new(),
            flags: BTreeSet::new(),
        }));
    }
    let index: HashMap<&str, usize> = campaign
        .applications
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // By expert, then application index: most experts have no conflict at all, and those
    // who do are looked up by number, not by hashing two ids per application. A pair
    // naming an application the campaign does not hold can match no score.
    let mut blocked: ByExpert<'_, &[String]> = HashMap::new();
    for ((e, a), rules) in &elig.blocked {
        if let Some(&ai) = index.get(a.as_str()) {
            blocked
                .entry(e.as_str())
                .or_default()
                .insert(ai, rules.as_slice());
        }
    }
    let mut overridden: ByExpert<'_, &str> = HashMap::new();
    for ((e, a), reason) in &elig.overridden {
        if let Some(&ai) = index.get(a.as_str()) {
            overridden
                .entry(e.as_str())
                .or_default()
                .insert(ai, reason.as_str());
        }
    }

    let lookups = Lookups {
        campaign,
        index,
        blocked,
        overridden,
    };
    // Each expert's sheet is weighed on its own, on all cores; the results are then put
    // together in expert order, as one thread would.
    let apps_ref = &apps;
    let jobs: Vec<(usize, &Winner<'a>)> = winners.iter().enumerate().collect();
    let per_expert = super::par::par_map(jobs, |(wi, w)| collect_expert(wi, w, &lookups, apps_ref));
    let mut out = Notes {
        dropped: Vec::new(),
        changes: Vec::new(),
        overrides: Vec::new(),
        partials: Vec::new(),
    };
    let per_expert: Vec<ExpertCollected<'a>> = per_expert.into_iter().collect::<Result<_, _>>()?;
    // Each application's rows sized once: grown by doubling, 200,000 rows would be copied
    // about twice over.
    let mut counts = vec![0usize; apps.len()];
    for (ai, _) in per_expert.iter().flat_map(|one| &one.rows) {
        counts[*ai] += 1;
    }
    for (work, n) in apps.iter_mut().zip(counts) {
        if let Some(work) = work {
            work.rows.reserve_exact(n);
        }
    }
    for one in per_expert {
        out.dropped.extend(one.notes.dropped);
        out.changes.extend(one.notes.changes);
        out.overrides.extend(one.notes.overrides);
        out.partials.extend(one.notes.partials);
        for (ai, flag) in one.flags {
            if let Some(work) = apps[ai].as_mut() {
                work.flags.insert(flag);
            }
        }
        for (ai, row) in one.rows {
            if let Some(work) = apps[ai].as_mut() {
                work.rows.push(row);
            }
        }
    }
    out.dropped.sort();
    out.changes.sort();
    out.overrides.sort();
    out.partials.sort();
    Ok(Collected { apps, notes: out })
}

/// Something known per (expert, application): by expert id, then application index.
type ByExpert<'c, T> = HashMap<&'c str, HashMap<usize, T>>;

/// What every expert's collection looks up.
struct Lookups<'c> {
    campaign: &'c Campaign,
    /// Application id to its index in the campaign.
    index: HashMap<&'c str, usize>,
    /// Blocking conflicts, with their rules.
    blocked: ByExpert<'c, &'c [String]>,
    /// Overridden conflicts, with the chair's reason.
    overridden: ByExpert<'c, &'c str>,
}

/// One expert's counted rows, the flags they raise and the notes for the chair.
struct ExpertCollected<'a> {
    notes: Notes,
    /// (application index, row), in the order counted.
    rows: Vec<(usize, Row<'a>)>,
    flags: Vec<(usize, Flag)>,
}

/// Weighs one expert's winning sheet against the reviewed applications in `apps`.
fn collect_expert<'a>(
    wi: usize,
    w: &Winner<'a>,
    lookups: &Lookups<'a>,
    apps: &[Option<AppWork<'a>>],
) -> Result<ExpertCollected<'a>, MergeError> {
    let Lookups {
        campaign,
        index,
        blocked,
        overridden,
    } = lookups;
    let mut out = Notes {
        dropped: Vec::new(),
        changes: Vec::new(),
        overrides: Vec::new(),
        partials: Vec::new(),
    };
    // At most one row per reviewed application.
    let mut rows = Vec::with_capacity(apps.iter().flatten().count());
    let mut flags = Vec::new();
    let expert = w.expert.id.as_str();
    let blocked = blocked.get(expert);
    let overridden = overridden.get(expert);
    let assigned: BTreeSet<u8> = campaign
        .panels_of(expert)
        .flat_map(|p| p.directions.iter().copied())
        .collect();
    let declared: BTreeSet<&str> = w
        .body
        .declarations
        .iter()
        .map(|d| d.application.as_str())
        .collect();
    let mut unknown: BTreeMap<&str, u32> = BTreeMap::new();
    let mut items: Vec<(usize, &'a SheetScore)> = Vec::with_capacity(w.body.scores.len());
    // Sheets list an application's scores together: look each id up once per run. Sheets
    // and campaigns both list applications by id, so the next run is most often the
    // campaign's next application, which is tried before the hash map.
    let apps_all = &campaign.applications;
    let mut last: Option<(&str, Option<usize>)> = None;
    for s in &w.body.scores {
        let found = match last {
            Some((id, found)) if id == s.application => found,
            Some((_, Some(prev)))
                if apps_all
                    .get(prev + 1)
                    .is_some_and(|a| a.id == s.application.as_str()) =>
            {
                Some(prev + 1)
            }
            _ => index.get(s.application.as_str()).copied(),
        };
        last = Some((s.application.as_str(), found));
        match found {
            Some(i) => items.push((i, s)),
            None => *unknown.entry(s.application.as_str()).or_default() += 1,
        }
    }
    for (app, n) in unknown {
        out.dropped.push(dropped(
            app,
            expert,
            DropKind::UnknownApplication,
            vec![],
            vec![],
            n,
        ));
    }
    // Sheets list scores sorted already; a stable sort of sorted input is one pass.
    items.sort_by(|a, b| (a.0, &a.1.criterion, a.1.round).cmp(&(b.0, &b.1.criterion, b.1.round)));
    let mut scores: Vec<&'a SheetScore> = Vec::new();
    for group in items.chunk_by(|a, b| a.0 == b.0) {
        let ai = group[0].0;
        let app = &campaign.applications[ai];
        let n = group.len() as u32;
        let Some(work) = apps[ai].as_ref() else {
            out.dropped.push(dropped(
                &app.id,
                expert,
                DropKind::FailedApplication,
                vec![],
                vec![],
                n,
            ));
            continue;
        };
        let override_reason = overridden.and_then(|o| o.get(&ai)).copied();
        let is_overridden = override_reason.is_some();
        let mut rules: Vec<String> = blocked
            .and_then(|b| b.get(&ai))
            .map(|r| r.to_vec())
            .unwrap_or_default();
        if declared.contains(app.id.as_str()) && !is_overridden {
            rules.push("C4".to_string());
        }
        if !rules.is_empty() {
            rules.sort();
            rules.dedup();
            out.dropped.push(dropped(
                &app.id,
                expert,
                DropKind::Conflict,
                vec![],
                rules,
                n,
            ));
            flags.push((ai, Flag::ConflictsDropped));
            continue;
        }
        if !assigned.contains(&app.direction()) {
            out.dropped.push(dropped(
                &app.id,
                expert,
                DropKind::NotAssigned,
                vec![],
                vec![],
                n,
            ));
            flags.push((ai, Flag::NotAssignedDropped));
            continue;
        }
        scores.clear();
        scores.extend(group.iter().map(|(_, s)| *s));
        let mut raised = |f: Flag| flags.push((ai, f));
        let row = count_scores(wi, expert, work, &scores, &mut out, &mut raised)?;
        if let Some(mut row) = row {
            if is_overridden {
                row.override_reason = override_reason;
                out.overrides.push(OverrideUsed {
                    application: app.id.clone(),
                    expert: expert.to_string(),
                    reason: row.override_reason.unwrap_or_default().to_string(),
                });
                flags.push((ai, Flag::OverridesUsed));
            }
            rows.push((ai, row));
        }
    }
    Ok(ExpertCollected {
        notes: out,
        rows,
        flags,
    })
}

fn dropped(
    app: &str,
    expert: &str,
    kind: DropKind,
    criteria: Vec<String>,
    rules: Vec<String>,
    n: u32,
) -> DroppedScores {
    DroppedScores {
        application: app.to_string(),
        criteria,
        expert: expert.to_string(),
        kind,
        rules,
        scores: n,
    }
}

/// One expert's scores for one assigned, unconflicted application, sorted by criterion
/// then round: the counted score per criterion is the highest round not above the
/// application's round.
fn count_scores<'a>(
    wi: usize,
    expert: &str,
    work: &AppWork<'a>,
    scores: &[&'a SheetScore],
    out: &mut Notes,
    raise: &mut impl FnMut(Flag),
) -> Result<Option<Row<'a>>, MergeError> {
    let app_id = work.app.id.as_str();
    let criteria = &work.rubric.criteria;
    let mut cells: Cells<'a> = criteria.iter().map(|_| None).collect();
    let mut unknown: Vec<String> = Vec::new();
    let mut unknown_n = 0u32;
    let mut not_open: Vec<String> = Vec::new();
    for group in scores.chunk_by(|a, b| a.criterion == b.criterion) {
        for pair in group.windows(2) {
            if pair[0].round == pair[1].round {
                return Err(MergeError::DuplicateScore {
                    expert: expert.to_string(),
                    application: app_id.to_string(),
                    criterion: pair[0].criterion.to_string(),
                    round: pair[0].round,
                });
            }
        }
        let crit_id = group[0].criterion.as_str();
        let Some(ci) = criteria.iter().position(|c| c.id == crit_id) else {
            unknown.push(crit_id.to_string());
            unknown_n += group.len() as u32;
            continue;
        };
        for s in group {
            criteria[ci]
                .check(Points(s.value))
                .map_err(|e| MergeError::ScoreOutOfRange {
                    expert: expert.to_string(),
                    application: app_id.to_string(),
                    criterion: crit_id.to_string(),
                    problem: e.to_string(),
                })?;
        }
        let open = group.partition_point(|s| s.round <= work.round);
        for s in &group[open..] {
            not_open.push(format!("{}@{}", crit_id, s.round));
        }
        let Some(at) = open.checked_sub(1) else {
            continue;
        };
        let s = group[at];
        if s.round > 1 {
            if let Some(prev) = at.checked_sub(1).map(|p| group[p]) {
                if prev.value != s.value {
                    let without_reason = s.reason.trim().is_empty();
                    if without_reason {
                        raise(Flag::ChangedWithoutReason);
                    }
                    out.changes.push(ScoreChange {
                        application: app_id.to_string(),
                        criterion: crit_id.to_string(),
                        expert: expert.to_string(),
                        from: Decimal(prev.value),
                        from_round: prev.round,
                        reason: s.reason.clone(),
                        round: s.round,
                        to: Decimal(s.value),
                        without_reason,
                    });
                }
            }
        }
        let round1 = group.iter().find(|g| g.round == 1).map(|g| g.value);
        cells[ci] = Some(Cell {
            value: s.value,
            round1,
            score: s,
            has_comment: !s.comment.is_empty(),
            has_reason: s.round > 1 && !s.reason.is_empty(),
        });
    }
    if unknown_n > 0 {
        out.dropped.push(dropped(
            app_id,
            expert,
            DropKind::UnknownCriterion,
            unknown,
            vec![],
            unknown_n,
        ));
    }
    if !not_open.is_empty() {
        let n = not_open.len() as u32;
        out.dropped.push(dropped(
            app_id,
            expert,
            DropKind::RoundNotOpen,
            not_open,
            vec![],
            n,
        ));
    }
    if cells.iter().all(Option::is_none) {
        return Ok(None);
    }
    let values: Option<Sums> = cells.iter().map(|c| c.as_ref().map(|c| c.value)).collect();
    if values.is_none() {
        raise(Flag::PartialTotals);
        out.partials.push(PartialTotal {
            application: app_id.to_string(),
            expert: expert.to_string(),
            missing: criteria
                .iter()
                .zip(&cells)
                .filter(|(_, c)| c.is_none())
                .map(|(c, _)| c.id.clone())
                .collect(),
        });
    }
    let round1_values = if work.round > 1 {
        cells
            .iter()
            .map(|c| c.as_ref().and_then(|c| c.round1))
            .collect()
    } else {
        None
    };
    Ok(Some(Row {
        expert: wi,
        total: values.as_ref().map(|v| v.iter().sum()),
        values,
        cells,
        round1_values,
        override_reason: None,
    }))
}
