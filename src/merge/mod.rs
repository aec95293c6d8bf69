//! The deterministic merge (DESIGN.md §5): the experts' winning sheets in, one ranking per
//! direction out, with every figure exact until it is written and the same bytes for the
//! same set of inputs. Pure: no I/O, no clock, no floating point.

mod assemble;
mod collect;
mod digest;
mod direct_out;
mod output;
mod par;
mod rank;
mod rational;
mod stats;
mod sums;

pub use digest::{canonical_body, sheet_digest};
pub use output::*;
pub use rational::{hundredths_string, Rational};

use crate::model::{Application, Campaign, Decision, Ruling, TriageVerdict};
use crate::rules::Eligibility;
use crate::sheet::SheetBody;
use assemble::{lead_unit, recommender, unit_name};
use collect::{AppWork, Collected, Winner};
use rank::{RankKey, Step};
use stats::Stats;
use std::collections::BTreeMap;

/// A sheet that lost to a higher revision of the same expert. The file name is accepted
/// for the caller's convenience but never reaches the output, so renamed files merge to
/// the same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupersededSheet {
    pub expert: String,
    pub revision: u64,
    pub file: String,
}

/// Everything a merge reads, already parsed and verified.
#[derive(Debug, Clone, Copy)]
pub struct MergeInput<'a> {
    /// The full campaign, its panels as the signed draw set them.
    pub campaign: &'a Campaign,
    pub eligibility: &'a Eligibility,
    /// Rounds opened by the chair's Round decisions: (panel id, round). Round 1 is always
    /// open.
    pub rounds: &'a [(String, u32)],
    /// Digests of the decisions read, in any order.
    pub decisions: &'a [String],
    /// The decisions themselves, each with the digest of its file, in any order: what the
    /// records say was decided and why. Repeats are harmless.
    pub decision_records: &'a [(String, Decision)],
    /// Winning sheets, in any order; repeats are harmless.
    pub sheets: &'a [SheetBody],
    /// Each sheet's digest (see `SheetRef::digest`), index for index with
    /// `sheets`, as verifying the files gave them
    /// ([`crate::sheet::judge_sheets_digested`]). `None` for bodies given without their
    /// files and keys (tests, benchmarks): each is then taken as unsigned, its digest the
    /// SM3 of its canonical body.
    pub digests: Option<&'a [String]>,
    pub superseded: &'a [SupersededSheet],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("the sheet of expert {expert} names an expert the campaign does not have; merge only sheets made for this campaign")]
    UnknownExpert { expert: String },
    #[error("expert {expert} has two different sheets at revision {revision}; keep the one the expert signed last and merge again")]
    ConflictingRevision { expert: String, revision: u64 },
    #[error("the sheet of expert {expert} (revision {revision}) was made for another campaign; merge it with the campaign whose digest it carries")]
    WrongCampaign { expert: String, revision: u64 },
    #[error("the sheet of expert {expert} scores {criterion} of {application} twice in round {round}; export the sheet again from the expert's store")]
    DuplicateScore {
        expert: String,
        application: String,
        criterion: String,
        round: u32,
    },
    #[error("the sheet of expert {expert} gives {criterion} of {application} a score that {problem}; correct the score in the expert's store and export again")]
    ScoreOutOfRange {
        expert: String,
        application: String,
        criterion: String,
        problem: String,
    },
    #[error("a Round decision opens a round for panel {panel}, which the campaign does not have; remove that decision or fix its panel id")]
    UnknownPanel { panel: String },
    #[error("application {application} is in direction {direction}, which no rubric scores; add the direction to a rubric in rubrics.toml")]
    NoRubric { application: String, direction: u8 },
}

/// Merges the winning sheets into rankings, lists and flags.
pub fn merge(input: &MergeInput<'_>) -> Result<MergeOutput, MergeError> {
    merged(input, |m, mut out| {
        out.directions = m.directions();
        out
    })
}

/// What [`merge_canonical`] wrote, counted for the caller's summary.
pub struct CanonicalMerge {
    /// Whether every piece was written: false only if a record could not be serialised,
    /// and then the pieces written are no whole.
    pub whole: bool,
    /// Applications ranked, over all directions.
    pub ranked: usize,
    /// Applications that failed formal review.
    pub failed: usize,
    /// Applications in the divergence queue.
    pub to_discuss: usize,
}

/// [`merge`] straight to its canonical bytes, handed to `sink` piece by piece in order
/// (the same bytes as `to_canonical_parts(&merge(input)?)`). The directions' records, most
/// of a large output, are written from the merge's working rows rather than built as
/// records, and each goes to `sink` as soon as it and those before it are made, so a file
/// being written takes them while the rest are still being made.
pub fn merge_canonical(
    input: &MergeInput<'_>,
    sink: &mut dyn FnMut(Vec<u8>),
) -> Result<CanonicalMerge, MergeError> {
    merged(input, |m, out| {
        let mut ranked = 0;
        let whole = output::canonical_into(&out, sink, |emit| ranked = m.stream_directions(emit));
        CanonicalMerge {
            whole,
            ranked,
            failed: out.failed.len(),
            to_discuss: out.divergence_queue.len(),
        }
    })
}

/// The merge up to its directions' records: everything else in a [`MergeOutput`] (its
/// `directions` empty), handed to `finish` with the merger that holds the working rows
/// the directions are made from.
fn merged<R>(
    input: &MergeInput<'_>,
    finish: impl FnOnce(&mut Merger<'_, '_>, MergeOutput) -> R,
) -> Result<R, MergeError> {
    let campaign = input.campaign;
    let digest = campaign.digest();
    let (winners, superseded) = collect::select(input, &digest)?;
    let rounds = collect::panel_rounds(input)?;
    let collected = collect::collect(input, &winners, &rounds)?;
    let mut m = Merger::new(input, &winners, collected);
    m.rank_all();
    m.flag_all();
    m.fragility();
    let calibration = m.calibration();
    let (cut, recommended) = m.cut_line();
    let divergence_queue = m.divergence_queue();
    let failed = m.failed();
    let collect::Notes {
        dropped,
        changes,
        overrides,
        partials,
    } = std::mem::take(&mut m.collected.notes);

    let settings = &campaign.settings;
    let mut decisions = input.decisions.to_vec();
    decisions.sort();
    decisions.dedup();
    let mut declarations: Vec<DeclarationNote> = winners
        .iter()
        .flat_map(|w| {
            w.body.declarations.iter().map(|d| DeclarationNote {
                application: d.application.clone(),
                expert: w.expert.id.clone(),
                reason: d.reason.clone(),
            })
        })
        .collect();
    declarations.sort();
    declarations.dedup();
    let out = MergeOutput {
        calibration,
        campaign: CampaignRef {
            digest,
            id: settings.id.clone(),
            name: settings.name.clone(),
            name_en: settings.name_en.clone(),
            review_date: settings.review_date.to_string(),
        },
        changes,
        conflicts: conflict_notes(input),
        cut,
        decision_notes: decision_notes(input.decision_records),
        decisions,
        declarations,
        directions: Vec::new(),
        divergence_queue,
        dropped,
        failed,
        format: MERGE_FORMAT,
        overrides,
        partial_totals: partials,
        recommended,
        rounds: settings
            .panels
            .iter()
            .map(|p| PanelRound {
                directions: p.directions.clone(),
                experts: p.experts.clone(),
                name: p.name.clone(),
                panel: p.id.clone(),
                round: rounds.get(&p.id).copied().unwrap_or(1),
            })
            .collect(),
        settings: SettingsUsed {
            cut_min_score: settings.merge.cut_min_score.map(|p| Decimal(p.0)),
            cut_top_n: settings.merge.cut_top_n,
            divergence: Decimal(settings.merge.divergence.0),
            min_complete: settings.merge.min_complete,
            trim_min_n: settings.merge.trim_min_n,
        },
        sheets: winners
            .iter()
            .map(|w| SheetRef {
                digest: w.digest.clone(),
                expert: w.expert.id.clone(),
                expert_name: w.expert.name.clone(),
                pledged: w.body.pledge.is_some(),
                pledged_at: w.body.pledge.as_ref().map(|p| p.at.clone()),
                revision: w.body.revision,
                round: w.body.round,
                scores: w.body.scores.len() as u64,
                unit: unit_name(campaign, &w.expert.unit),
            })
            .collect(),
        superseded,
    };
    Ok(finish(&mut m, out))
}

/// The blocking conflicts the rules found between each panel's experts and the reviewed
/// applications of their panels' directions, one per rule: those still blocking from the
/// eligibility, and those the chair overrode (the eligibility names the pair, the chair's
/// Override decisions the rules). By application, expert, then rule number.
fn conflict_notes(input: &MergeInput<'_>) -> Vec<ConflictNote> {
    let campaign = input.campaign;
    let elig = input.eligibility;
    let on_panel = |expert: &str, app: &str| {
        let Some(a) = campaign.application(app) else {
            return false;
        };
        elig.is_reviewed(app)
            && campaign
                .panels_of(expert)
                .any(|p| p.directions.contains(&a.direction()))
    };
    let note = |expert: &str, app: &str, rule: &str, overridden: bool| ConflictNote {
        application: app.to_string(),
        expert: expert.to_string(),
        expert_name: campaign
            .expert(expert)
            .map_or_else(String::new, |e| e.name.clone()),
        overridden,
        rule: rule.to_string(),
    };
    let mut notes: Vec<ConflictNote> = Vec::new();
    for ((e, a), rules) in &elig.blocked {
        if on_panel(e, a) {
            notes.extend(rules.iter().map(|r| note(e, a, r, false)));
        }
    }
    for (_, d) in input.decision_records {
        if let (
            Ruling::Override {
                rule,
                application,
                expert: Some(e),
            },
            crate::model::Role::Chair,
        ) = (&d.ruling, d.role)
        {
            let pair = (e.clone(), application.clone());
            let still = elig.blocked.get(&pair).is_some_and(|rs| rs.contains(rule));
            if elig.overridden.contains_key(&pair) && !still && on_panel(e, application) {
                notes.push(note(e, application, rule, true));
            }
        }
    }
    let rule_number = |r: &str| r.get(1..).and_then(|n| n.parse::<u32>().ok());
    notes.sort_by(|a, b| {
        (a.application.as_bytes(), a.expert.as_bytes())
            .cmp(&(b.application.as_bytes(), b.expert.as_bytes()))
            .then_with(|| rule_number(&a.rule).cmp(&rule_number(&b.rule)))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.overridden.cmp(&b.overridden))
    });
    notes.dedup();
    notes
}

/// The decisions as the records show them, one per digest, in the order they were made:
/// by effective date (a decision's own, or that of the one it supersedes if later, as a
/// replacement cannot come before what it replaces), then by how long a chain of
/// replacements it ends (so a decision always follows the one it names in `supersedes`),
/// then by digest. All of it is signed content: file names and the order files are read in
/// play no part. Each replaced decision names the one that replaced it, by the precedence
/// the rules weigh decisions with.
fn decision_notes(records: &[(String, Decision)]) -> Vec<DecisionNote> {
    let mut records: Vec<&(String, Decision)> = records.iter().collect();
    records.sort_by(|a, b| a.0.cmp(&b.0));
    records.dedup_by(|a, b| a.0 == b.0);
    let decisions: Vec<Decision> = records.iter().map(|(_, d)| d.clone()).collect();
    // `supersedes` names a decision by the digest of its signed content; the same content
    // signed twice (two files) is taken as the file with the lower digest.
    let mut by_content: BTreeMap<String, usize> = BTreeMap::new();
    for (i, d) in decisions.iter().enumerate() {
        by_content.entry(d.digest()).or_insert(i);
    }
    let replaced = |i: usize| -> Option<usize> {
        let j = *by_content.get(decisions[i].supersedes.as_deref()?)?;
        (j != i).then_some(j)
    };
    let order_key: Vec<(crate::model::Date, usize)> = (0..decisions.len())
        .map(|i| {
            // Walk the chain back (a digest cycle cannot be signed; the bound only guards).
            let (mut date, mut depth, mut at) = (decisions[i].date, 0usize, i);
            while let Some(j) = replaced(at) {
                if depth >= decisions.len() {
                    break;
                }
                date = date.max(decisions[j].date);
                depth += 1;
                at = j;
            }
            (date, depth)
        })
        .collect();
    let mut superseded_by: Vec<Option<usize>> = vec![None; decisions.len()];
    for s in crate::rules::rulings::superseding(&decisions) {
        let chain: Vec<usize> = s.superseded.iter().copied().chain([s.in_force]).collect();
        for pair in chain.windows(2) {
            superseded_by[pair[0]] = Some(pair[1]);
        }
    }
    let mut notes: Vec<((crate::model::Date, usize), DecisionNote)> = records
        .iter()
        .enumerate()
        .map(|(i, (digest, d))| {
            let mut n = DecisionNote {
                by: d.by.clone(),
                date: d.date.to_string(),
                digest: digest.clone(),
                reason: d.stated_reason().to_string(),
                role: d.role.as_str().to_string(),
                superseded_by: superseded_by[i].map(|j| records[j].0.clone()),
                supersedes: replaced(i).map(|j| records[j].0.clone()),
                ..DecisionNote::default()
            };
            match &d.ruling {
                Ruling::Triage {
                    application,
                    verdict,
                } => {
                    n.kind = "triage".into();
                    n.application = Some(application.clone());
                    n.verdict = Some(
                        match verdict {
                            TriageVerdict::Pass => "pass",
                            TriageVerdict::Fail => "fail",
                            TriageVerdict::Info => "info",
                        }
                        .into(),
                    );
                }
                Ruling::Override {
                    rule,
                    application,
                    expert,
                } => {
                    n.kind = "override".into();
                    n.rule = Some(rule.clone());
                    n.application = Some(application.clone());
                    n.expert = expert.clone();
                }
                Ruling::Confirm {
                    rule,
                    application,
                    other,
                    expert,
                }
                | Ruling::Dismiss {
                    rule,
                    application,
                    other,
                    expert,
                } => {
                    n.kind = if matches!(d.ruling, Ruling::Confirm { .. }) {
                        "confirm"
                    } else {
                        "dismiss"
                    }
                    .into();
                    n.rule = Some(rule.clone());
                    n.application = Some(application.clone());
                    n.other = other.clone();
                    n.expert = expert.clone();
                }
                Ruling::Draw { seed, .. } => {
                    n.kind = "draw".into();
                    n.seed = Some(seed.to_string());
                    if let Some((size, reserves)) = d.ruling.draw_sizes() {
                        n.panel_size = u32::try_from(size).ok();
                        n.reserves = u32::try_from(reserves).ok();
                    }
                }
                Ruling::Round { panel, round } => {
                    n.kind = "round".into();
                    n.panel = Some(panel.clone());
                    n.round = Some(*round);
                }
            }
            (order_key[i], n)
        })
        .collect();
    notes.sort_by(|a, b| (a.0, &a.1.digest).cmp(&(b.0, &b.1.digest)));
    notes.into_iter().map(|(_, n)| n).collect()
}

/// One expert's merge-without: the applications that lose their only complete total, and
/// the rank every application of the expert's directions takes, in rank order.
struct Without {
    unranked: Vec<usize>,
    ranks: Vec<(usize, u32)>,
}

/// One expert's complete total of one application, with its per-criterion scores.
struct Left {
    ai: usize,
    total: i64,
    values: sums::Sums,
}

/// The merge's working state between collection and output.
struct Merger<'i, 'a> {
    input: &'i MergeInput<'a>,
    winners: &'i [Winner<'a>],
    collected: Collected<'a>,
    /// Per application (campaign order): complete-total figures of the counted round.
    stats: Vec<Option<Stats>>,
    /// Reviewed applications by direction, in id order.
    by_direction: BTreeMap<u8, Vec<usize>>,
    /// Per direction: ranked keys, best first.
    ranked: BTreeMap<u8, Vec<RankKey<'a>>>,
    /// Per application: official rank, and what placed it below the one above.
    rank_of: Vec<Option<u32>>,
    decided_by: Vec<Option<String>>,
    fragility: Vec<Option<Fragility>>,
    /// Per application: on the 拟推荐名单.
    recommended: Vec<bool>,
}

impl<'i, 'a> Merger<'i, 'a> {
    fn new(input: &'i MergeInput<'a>, winners: &'i [Winner<'a>], collected: Collected<'a>) -> Self {
        let trim = input.campaign.settings.merge.trim_min_n;
        let mut by_direction: BTreeMap<u8, Vec<usize>> = BTreeMap::new();
        let stats = collected
            .apps
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let w = w.as_ref()?;
                by_direction.entry(w.app.direction()).or_default().push(i);
                let complete = w
                    .rows
                    .iter()
                    .filter_map(|r| Some((r.total?, r.values.as_deref()?)));
                Stats::new(complete, w.rubric.criteria.len(), trim)
            })
            .collect();
        let n = collected.apps.len();
        Merger {
            input,
            winners,
            collected,
            stats,
            by_direction,
            ranked: BTreeMap::new(),
            rank_of: vec![None; n],
            decided_by: vec![None; n],
            fragility: vec![None; n],
            recommended: vec![false; n],
        }
    }

    fn work(&self, ai: usize) -> Option<&AppWork<'a>> {
        self.collected.apps.get(ai)?.as_ref()
    }

    fn key(&self, ai: usize) -> Option<RankKey<'a>> {
        let st = self.stats[ai].as_ref()?;
        let app: &'a Application = self.collected.apps[ai].as_ref()?.app;
        Some(RankKey {
            app: ai,
            score: st.score,
            crit_sums: st.crit_sums.clone(),
            n: st.n() as i64,
            priority: app.priority,
            id: &app.id,
        })
    }

    fn rank_all(&mut self) {
        for (&d, apps) in &self.by_direction {
            let mut keys: Vec<RankKey<'a>> = apps.iter().filter_map(|&ai| self.key(ai)).collect();
            rank::rank(&mut keys);
            for (pos, k) in keys.iter().enumerate() {
                self.rank_of[k.app] = Some(pos as u32 + 1);
                if pos > 0 {
                    let rubric = self.work(k.app).map(|w| w.rubric);
                    self.decided_by[k.app] = Some(match rank::decide(&keys[pos - 1], k).0 {
                        Step::Score => "score".to_string(),
                        Step::Criterion(i) => format!(
                            "criterion:{}",
                            rubric
                                .and_then(|r| r.criteria.get(i))
                                .map_or("", |c| c.id.as_str())
                        ),
                        Step::Priority => "priority".to_string(),
                        Step::Id | Step::Same => "id".to_string(),
                    });
                }
            }
            self.ranked.insert(d, keys);
        }
    }

    fn flag_all(&mut self) {
        let ms = &self.input.campaign.settings.merge;
        for (ai, w) in self.collected.apps.iter_mut().enumerate() {
            let Some(w) = w.as_mut() else { continue };
            let st = self.stats[ai].as_ref();
            let n = st.map_or(0, Stats::n);
            if n < ms.min_complete as usize || n == 0 {
                w.flags.insert(Flag::Incomplete);
            }
            if let Some(st) = st {
                if n >= 2 && st.spread() >= ms.divergence.0 {
                    w.flags.insert(Flag::Divergence);
                }
            }
        }
    }

    /// Rank ranges over the official merge and every merge leaving one expert out. Only
    /// the directions where that expert gave a complete total can move.
    fn fragility(&mut self) {
        for keys in self.ranked.values() {
            for (pos, k) in keys.iter().enumerate() {
                let r = pos as u32 + 1;
                self.fragility[k.app] = Some(Fragility {
                    best_without: None,
                    max: r,
                    min: r,
                    unranked_without: Vec::new(),
                    worst_without: None,
                });
            }
        }
        // Each expert's complete totals, gathered in one pass over the rows (application
        // by application, as they lie in memory), so that the merges-without below never
        // go back to the rows.
        let mut by_expert: Vec<Vec<Left>> = (0..self.winners.len()).map(|_| Vec::new()).collect();
        for (ai, w) in self.collected.apps.iter().enumerate() {
            let Some(w) = w else { continue };
            for row in &w.rows {
                if let (Some(total), Some(values), Some(mine)) = (
                    row.total,
                    row.values.as_ref(),
                    by_expert.get_mut(row.expert),
                ) {
                    mine.push(Left {
                        ai,
                        total,
                        values: values.clone(),
                    });
                }
            }
        }
        // Each expert's merge-without is independent of the others': worked out on all
        // cores, then applied in expert order, as one thread would.
        let me = &*self;
        let without: Vec<Without> = par::par_map(by_expert, |mine| me.ranks_without(&mine));
        for (wi, w) in without.into_iter().enumerate() {
            let expert = &self.winners[wi].expert.id;
            for ai in w.unranked {
                if let Some(f) = self.fragility[ai].as_mut() {
                    f.unranked_without.push(expert.clone());
                }
            }
            for (ai, r) in w.ranks {
                if let Some(f) = self.fragility[ai].as_mut() {
                    if r < f.min {
                        f.min = r;
                        f.best_without = Some(expert.clone());
                    }
                    if r > f.max {
                        f.max = r;
                        f.worst_without = Some(expert.clone());
                    }
                }
            }
        }
    }

    /// The ranks in every direction where one expert gave a complete total, that expert's
    /// complete totals (`mine`, by application) left out; only those directions can move.
    /// One buffer of keys serves every direction, and each key is copied, never allocated.
    fn ranks_without(&self, mine: &[Left]) -> Without {
        let trim = self.input.campaign.settings.merge.trim_min_n;
        let mut out = Without {
            unranked: Vec::new(),
            ranks: Vec::new(),
        };
        // Per application: which of `mine` is its, if any.
        let mut left_of: Vec<Option<u32>> = vec![None; self.collected.apps.len()];
        let mut dirs = [false; 256];
        for (i, l) in mine.iter().enumerate() {
            if let (Some(slot), Ok(i)) = (left_of.get_mut(l.ai), u32::try_from(i)) {
                *slot = Some(i);
            }
            if let Some(w) = self.work(l.ai) {
                dirs[usize::from(w.app.direction())] = true;
            }
        }
        let mut keys: Vec<RankKey<'a>> = Vec::new();
        for (d, official) in &self.ranked {
            if !dirs[usize::from(*d)] {
                continue;
            }
            keys.clear();
            keys.reserve(official.len());
            for k in official {
                let left = left_of
                    .get(k.app)
                    .copied()
                    .flatten()
                    .and_then(|i| mine.get(i as usize));
                let Some(l) = left else {
                    keys.push(k.clone());
                    continue;
                };
                let Some(st) = self.stats[k.app].as_ref() else {
                    continue;
                };
                match st.score_without(l.total, trim) {
                    None => out.unranked.push(k.app),
                    Some(score) => keys.push(RankKey {
                        score,
                        crit_sums: k.crit_sums.minus(&l.values),
                        n: k.n - 1,
                        ..k.clone()
                    }),
                }
            }
            rank::rank(&mut keys);
            out.ranks.extend(
                keys.iter()
                    .enumerate()
                    .map(|(pos, k)| (k.app, pos as u32 + 1)),
            );
        }
        out
    }

    fn calibration(&self) -> Vec<ExpertCalibration> {
        struct Entry<'r> {
            ai: usize,
            total: i64,
            values: &'r [i64],
        }
        let mut per_expert: Vec<Vec<Entry<'_>>> =
            (0..self.winners.len()).map(|_| Vec::new()).collect();
        for (ai, w) in self.collected.apps.iter().enumerate() {
            let Some(w) = w else { continue };
            for row in &w.rows {
                if let (Some(total), Some(values)) = (row.total, row.values.as_deref()) {
                    per_expert[row.expert].push(Entry { ai, total, values });
                }
            }
        }
        // Each expert's calibration is independent of the others': on all cores.
        let jobs: Vec<(&Winner<'a>, Vec<Entry<'_>>)> =
            self.winners.iter().zip(per_expert).collect();
        par::par_map(jobs, |(w, entries)| {
            let mut sorted: Vec<i64> = entries.iter().map(|e| e.total).collect();
            sorted.sort_unstable();
            let sum: i64 = sorted.iter().sum();
            let mut by_dir: BTreeMap<u8, Vec<&Entry<'_>>> = BTreeMap::new();
            for e in &entries {
                if let Some(work) = self.work(e.ai) {
                    by_dir.entry(work.app.direction()).or_default().push(e);
                }
            }
            let directions = by_dir
                .into_iter()
                .map(|(code, mut list)| {
                    let apps = &self.input.campaign.applications;
                    list.sort_by(|a, b| {
                        b.total
                            .cmp(&a.total)
                            .then_with(|| b.values.cmp(a.values))
                            .then_with(|| apps[a.ai].priority.cmp(&apps[b.ai].priority))
                            .then_with(|| apps[a.ai].id.as_bytes().cmp(apps[b.ai].id.as_bytes()))
                    });
                    let entries = list
                        .iter()
                        .enumerate()
                        .map(|(pos, e)| CalibrationEntry {
                            application: apps[e.ai].id.clone(),
                            expert_rank: pos as u32 + 1,
                            official_rank: self.rank_of[e.ai],
                            percentile: rank::percentile(&sorted, e.total).percent(),
                            total: Decimal(e.total),
                        })
                        .collect();
                    DirectionCalibration { code, entries }
                })
                .collect();
            ExpertCalibration {
                directions,
                expert: w.expert.id.clone(),
                mean_total: (!sorted.is_empty())
                    .then(|| Rational::new(sum.into(), sorted.len() as i128).hundredths()),
                name: w.expert.name.clone(),
                totals: sorted.len() as u32,
            }
        })
    }

    fn cut_line(&mut self) -> (Option<CutLine>, Vec<Recommended>) {
        let ms = &self.input.campaign.settings.merge;
        if ms.cut_top_n.is_none() && ms.cut_min_score.is_none() {
            return (None, Vec::new());
        }
        let min = ms.cut_min_score.map(|p| Rational::integer(p.0.into()));
        let mut held_back = Vec::new();
        let mut recommended = Vec::new();
        let mut marks = Vec::new();
        for keys in self.ranked.values() {
            for (pos, k) in keys.iter().enumerate() {
                let in_top = ms.cut_top_n.is_none_or(|n| pos < n as usize);
                let over_min = min.is_none_or(|m| k.score >= m);
                if !(in_top && over_min) {
                    continue;
                }
                let Some(w) = self.work(k.app) else { continue };
                if w.flags.contains(&Flag::Incomplete) {
                    held_back.push(w.app.id.clone());
                    continue;
                }
                marks.push(k.app);
                recommended.push(Recommended {
                    application: w.app.id.clone(),
                    direction: w.app.direction(),
                    lead_unit: lead_unit(self.input.campaign, w.app),
                    name: w.app.name.clone(),
                    panel_score: k.score.hundredths(),
                    rank: pos as u32 + 1,
                    recommender: recommender(self.input.campaign, w.app),
                });
            }
        }
        for ai in marks {
            self.recommended[ai] = true;
        }
        held_back.sort();
        let cut = CutLine {
            held_back,
            min_score: ms.cut_min_score.map(|p| Decimal(p.0)),
            top_n: ms.cut_top_n,
        };
        (Some(cut), recommended)
    }

    fn divergence_queue(&self) -> Vec<QueueEntry> {
        let mut queue: Vec<(i64, u8, &str, usize)> = Vec::new();
        for (ai, w) in self.collected.apps.iter().enumerate() {
            let Some(w) = w else { continue };
            if let (true, Some(st)) = (w.flags.contains(&Flag::Divergence), self.stats[ai].as_ref())
            {
                queue.push((st.spread(), w.app.direction(), &w.app.id, ai));
            }
        }
        queue.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.cmp(&b.1))
                .then(a.2.as_bytes().cmp(b.2.as_bytes()))
        });
        queue
            .into_iter()
            .map(|(spread, direction, id, ai)| QueueEntry {
                application: id.to_string(),
                direction,
                name: self.input.campaign.applications[ai].name.clone(),
                rank: self.rank_of[ai],
                spread: Decimal(spread),
            })
            .collect()
    }
}
