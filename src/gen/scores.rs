//! Round-1 scores for a generated campaign, with the patterns a real panel shows: lenient
//! and strict experts, applications the panel disagrees on, assignments left unscored, and
//! no score where an expert has a conflict.

use super::rng::Rng;
use super::similar::{organisation, NameIndex};
use super::texts::COMMENTS;
use crate::model::{Campaign, Points, Score, ScoreKey};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Per mille of the maximum by which the two halves of a panel part on a contested
/// application: 2 × 150‰ of 100 points keeps their totals well over 15 apart.
const SPLIT: i64 = 150;

/// Every expert's round-1 scores, by expert id, for the applications of the panels they
/// stand on, in application then rubric order. Experts with nothing to score are absent.
pub fn generate_scores(campaign: &Campaign, seed: u64) -> BTreeMap<String, Vec<Score>> {
    let conflicts = conflicted_pairs(campaign);
    let mut assigned: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    // Which half of the panel an expert sits in, per direction: the halves part on
    // contested applications.
    let mut side_of: HashMap<(&str, u8), i64> = HashMap::new();
    for panel in &campaign.settings.panels {
        let apps: Vec<usize> = campaign
            .applications
            .iter()
            .enumerate()
            .filter(|(_, a)| panel.directions.contains(&a.direction()))
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
    let mut out = BTreeMap::new();
    for (expert, apps) in assigned {
        let mut rng = Rng::derived(seed, &format!("scores {expert}"));
        // Lenient, strict or in between; with the noise below, two experts' totals for an
        // uncontested application stay under 15 points apart (4 × 75‰ + 4 × 50‰ of 25, plus
        // rounding), so divergence flags only the contested ones.
        let bias: i64 = match rng.below(10) {
            0 | 1 => 35,
            2 | 3 => -40,
            _ => rng.between(-10, 10),
        };
        let apps: Vec<usize> = apps
            .into_iter()
            .filter(|&a| !conflicts.contains(&(expert, campaign.applications[a].id.as_str())))
            .collect();
        // Some experts leave one or two of their applications without a score.
        let mut skipped = BTreeSet::new();
        if rng.chance(40) && apps.len() > 2 {
            for _ in 0..1 + rng.below(2) {
                skipped.insert(apps[rng.below(apps.len())]);
            }
        }
        let mut scores = vec![];
        for a in apps.into_iter().filter(|a| !skipped.contains(a)) {
            let app = &campaign.applications[a];
            let Some(rubric) = campaign.rubric_for_application(app) else {
                continue;
            };
            let mut q = Rng::derived(seed, &format!("quality {}", app.id));
            let quality = 380 + q.below(520) as i64;
            let contested = q.chance(3);
            let side = side_of
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
        out.insert(expert.to_string(), scores);
    }
    out
}

/// (expert, application) pairs with any conflict of C1–C6, by the same tests the rules
/// apply; C5 is taken at its threshold without weighing decisions, so the set can only be
/// larger than the rules', never smaller: an expert never scores a planted conflict.
pub fn conflicted_pairs(c: &Campaign) -> BTreeSet<(&str, &str)> {
    let key = |unit: &str| -> String {
        c.unit(unit)
            .map(|u| u.credit_code.trim().to_uppercase())
            .filter(|k| k.chars().count() == 18)
            .unwrap_or_else(|| unit.to_string())
    };
    let chain = |unit: &str| -> Vec<String> {
        let mut out = vec![];
        let mut cur = Some(unit.to_string());
        while let Some(u) = cur {
            let k = key(&u);
            if out.contains(&k) || out.len() >= 64 {
                break;
            }
            out.push(k);
            cur = c.unit(&u).and_then(|x| x.parent.clone());
        }
        out
    };
    let mut by_identity: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_chain: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_rec: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut names = NameIndex::new();
    let mut named: Vec<usize> = vec![];
    for (i, app) in c.applications.iter().enumerate() {
        by_rec.entry(app.recommender.as_str()).or_default().push(i);
        for m in app.member_units() {
            by_identity.entry(key(m)).or_default().push(i);
            for x in chain(m) {
                by_chain.entry(x).or_default().push(i);
            }
            names.insert(&organisation(c.unit(m).map_or("", |u| u.name.as_str())));
            named.push(i);
        }
    }
    let since = c
        .settings
        .review_date
        .years_before(c.settings.limits.conflict_lookback_years);
    let percent = c.settings.limits.name_match_percent;
    let mut out = BTreeSet::new();
    for e in &c.experts {
        let mut hit: Vec<usize> = vec![];
        let recent: Vec<&str> = e
            .past_units
            .iter()
            .filter(|p| p.to >= since)
            .map(|p| p.unit.as_str())
            .collect();
        for x in chain(&e.unit) {
            hit.extend(by_chain.get(&x).into_iter().flatten());
        }
        for u in std::iter::once(e.unit.as_str()).chain(recent.iter().copied()) {
            hit.extend(by_identity.get(&key(u)).into_iter().flatten());
            let own = organisation(c.unit(u).map_or("", |x| x.name.as_str()));
            hit.extend(names.similar(&own, percent).into_iter().map(|k| named[k]));
        }
        for r in &e.relations {
            if let Some(u) = &r.unit {
                hit.extend(by_identity.get(&key(u)).into_iter().flatten());
            }
            if let Some(a) = &r.application {
                hit.extend(c.applications.iter().position(|x| &x.id == a));
            }
        }
        for d in &e.departments {
            hit.extend(by_rec.get(d.as_str()).into_iter().flatten());
        }
        for i in hit {
            out.insert((e.id.as_str(), c.applications[i].id.as_str()));
        }
    }
    out
}
