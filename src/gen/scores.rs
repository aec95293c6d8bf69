//! Round-1 scores for a generated campaign, with the patterns a real panel shows: lenient
//! and strict experts, applications the panel disagrees on, assignments left unscored, and
//! nothing an expert's package would not hold: no application that failed formal review,
//! none the expert has a conflict with.

use super::rng::Rng;
use super::texts::COMMENTS;
use crate::model::{Campaign, Points, Score, ScoreKey};
use crate::rules::{assess, Assessment};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Per mille of the maximum by which the two halves of a panel part on a contested
/// application: 2 × 150‰ of 100 points keeps their totals well over 15 apart.
const SPLIT: i64 = 150;

/// Who scores what in a generated campaign, as the rules engine judges it: each panel
/// member's assigned applications (those of the panel's directions), less the applications
/// that fail formal review and those the member has any conflict finding with (C1–C6,
/// warnings included: an expert shown a possible conflict leaves the application alone).
pub struct ScorePlan<'c> {
    campaign: &'c Campaign,
    seed: u64,
    /// Application indexes each panel member may score, ascending.
    work: BTreeMap<&'c str, Vec<usize>>,
    /// Which half of the panel an expert sits in, per direction: the halves part on
    /// contested applications.
    side_of: HashMap<(&'c str, u8), i64>,
    /// C4 pairs (expert, application) with the relation's note: the expert declares them.
    declared: BTreeMap<(String, String), String>,
}

impl<'c> ScorePlan<'c> {
    /// Assesses the campaign (no decisions, no declarations) and lays out the work.
    pub fn new(campaign: &'c Campaign, seed: u64) -> ScorePlan<'c> {
        ScorePlan::with_assessment(campaign, seed, &assess(campaign, &[], &[]))
    }

    /// As [`ScorePlan::new`], with an assessment already made.
    pub fn with_assessment(
        campaign: &'c Campaign,
        seed: u64,
        assessment: &Assessment,
    ) -> ScorePlan<'c> {
        let mut excluded: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for (e, a) in excluded_pairs(assessment) {
            // Borrow the campaign's own ids, so the plan outlives the assessment.
            if let (Some(e), Some(a)) = (campaign.expert(&e), campaign.application(&a)) {
                excluded.entry(&e.id).or_default().insert(&a.id);
            }
        }
        let el = &assessment.eligibility;
        let mut assigned: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        let mut side_of: HashMap<(&str, u8), i64> = HashMap::new();
        for panel in &campaign.settings.panels {
            let apps: Vec<usize> = campaign
                .applications
                .iter()
                .enumerate()
                .filter(|(_, a)| panel.directions.contains(&a.direction()))
                .filter(|(_, a)| el.is_reviewed(&a.id))
                .map(|(i, _)| i)
                .collect();
            for (k, e) in panel.experts.iter().enumerate() {
                for &d in &panel.directions {
                    side_of
                        .entry((e.as_str(), d))
                        .or_insert(if k % 2 == 0 { 1 } else { -1 });
                }
                assigned.entry(e).or_default().extend(apps.iter().copied());
            }
        }
        let work = assigned
            .into_iter()
            .map(|(e, apps)| {
                let free: Vec<usize> = apps
                    .into_iter()
                    .filter(|&a| {
                        let id = campaign.applications[a].id.as_str();
                        !excluded.get(e).is_some_and(|x| x.contains(id))
                    })
                    .collect();
                (e, free)
            })
            .collect();
        let mut declared = BTreeMap::new();
        for f in assessment.findings.iter().filter(|f| f.rule == "C4") {
            let (Some(e), Some(a)) = (&f.expert, &f.application) else {
                continue;
            };
            declared.insert((e.clone(), a.clone()), relation_note(campaign, e, a));
        }
        ScorePlan {
            campaign,
            seed,
            work,
            side_of,
            declared,
        }
    }

    /// Panel members, by id.
    pub fn experts(&self) -> impl Iterator<Item = &'c str> + '_ {
        self.work.keys().copied()
    }

    /// The applications this expert declares a conflict with (their declared relations,
    /// C4), with the reason, by application id.
    pub fn declarations(&self, expert: &str) -> Vec<(String, String)> {
        self.declared
            .iter()
            .filter(|((e, _), _)| e == expert)
            .map(|((_, a), reason)| (a.clone(), reason.clone()))
            .collect()
    }

    /// The expert's round-1 scores, in application then rubric order; empty for anyone
    /// who stands on no panel.
    pub fn scores(&self, expert: &str) -> Vec<Score> {
        let Some(apps) = self.work.get(expert) else {
            return Vec::new();
        };
        let campaign = self.campaign;
        let seed = self.seed;
        let mut rng = Rng::derived(seed, &format!("scores {expert}"));
        // Lenient, strict or in between; with the noise below, two experts' totals for an
        // uncontested application stay under 15 points apart (4 × 75‰ + 4 × 50‰ of 25, plus
        // rounding), so divergence flags only the contested ones.
        let bias: i64 = match rng.below(10) {
            0 | 1 => 35,
            2 | 3 => -40,
            _ => rng.between(-10, 10),
        };
        // Some experts leave one or two of their applications without a score.
        let mut skipped = BTreeSet::new();
        if rng.chance(40) && apps.len() > 2 {
            for _ in 0..1 + rng.below(2) {
                skipped.insert(apps[rng.below(apps.len())]);
            }
        }
        let mut scores = vec![];
        for &a in apps.iter().filter(|a| !skipped.contains(a)) {
            let app = &campaign.applications[a];
            let Some(rubric) = campaign.rubric_for_application(app) else {
                continue;
            };
            let mut q = Rng::derived(seed, &format!("quality {}", app.id));
            let quality = 380 + q.below(520) as i64;
            let contested = q.chance(3);
            let side = self
                .side_of
                .get(&(expert, app.direction()))
                .copied()
                .unwrap_or(1);
            let split = if contested { side * SPLIT } else { 0 };
            for (c, criterion) in rubric.criteria.iter().enumerate() {
                let offset = q.between(-80, 80);
                let noise = rng.between(-25, 25);
                let permille = (quality + offset + bias + noise + split).clamp(0, 1000);
                let max = criterion.max.hundredths();
                let step = criterion.step.hundredths().max(1);
                // Round to the nearest step, half up, in integers.
                let steps = (permille * max / step + 500) / 1000;
                let value = Points((steps * step).clamp(0, max));
                let comment = if c == 0 && rng.chance(50) {
                    rng.pick(&COMMENTS).to_string()
                } else {
                    String::new()
                };
                scores.push(Score {
                    key: ScoreKey {
                        expert: expert.to_string(),
                        application: app.id.clone(),
                        criterion: criterion.id.clone(),
                        round: 1,
                    },
                    value,
                    comment,
                    reason: String::new(),
                });
            }
        }
        scores
    }
}

/// Every panel member's round-1 scores, by expert id (see [`ScorePlan`]). Members left with
/// nothing to score have an empty list; experts on no panel are absent.
pub fn generate_scores(campaign: &Campaign, seed: u64) -> BTreeMap<String, Vec<Score>> {
    let plan = ScorePlan::new(campaign, seed);
    plan.experts()
        .map(|e| (e.to_string(), plan.scores(e)))
        .collect()
}

/// (expert, application) pairs with any conflict finding (C1–C6, blocking or warning), as
/// `rules::assess` reports them on the campaign with no decisions.
pub fn conflicted_pairs(c: &Campaign) -> BTreeSet<(String, String)> {
    excluded_pairs(&assess(c, &[], &[]))
}

/// The pairs the eligibility blocks, and every pair with a conflict warning beside them.
fn excluded_pairs(a: &Assessment) -> BTreeSet<(String, String)> {
    let mut out: BTreeSet<(String, String)> = a.eligibility.blocked.keys().cloned().collect();
    for f in &a.findings {
        if let (Some(e), Some(app)) = (&f.expert, &f.application) {
            out.insert((e.clone(), app.clone()));
        }
    }
    out
}

/// The note of the expert's declared relation touching the application, for the
/// declaration on their sheet.
fn relation_note(c: &Campaign, expert: &str, app: &str) -> String {
    let application = c.application(app);
    let note = c.expert(expert).and_then(|e| {
        e.relations.iter().find_map(|r| {
            let names_app = r.application.as_deref() == Some(app);
            let names_member = r
                .unit
                .as_deref()
                .is_some_and(|u| application.is_some_and(|a| a.member_units().any(|m| m == u)));
            (names_app || names_member).then(|| r.note.clone())
        })
    });
    match note {
        Some(n) if !n.trim().is_empty() => n,
        _ => "与该项目申报单位存在需回避的关系".to_string(),
    }
}
