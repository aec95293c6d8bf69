//! Round-1 scores for a generated campaign: on the rubric's step and within its maxima,
//! deterministic, never for a conflicted pair, and with the patterns a real panel shows.

use pingshen::gen::{conflicted_pairs, generate, generate_scores, Assign, Options};
use pingshen::keys::Algorithm;
use pingshen::model::Points;
use std::collections::{BTreeMap, BTreeSet};

fn campaign(assign: Assign, seed: u64) -> pingshen::model::Campaign {
    generate(&Options {
        apps: 300,
        experts: 24,
        assign,
        seed,
        sig: Algorithm::Sm2Sm3,
    })
    .expect("generate")
    .campaign
}

#[test]
fn scores_are_on_step_within_max_and_deterministic() {
    let c = campaign(Assign::Panels, 21);
    let a = generate_scores(&c, 5);
    assert_eq!(a, generate_scores(&c, 5));
    assert_ne!(a, generate_scores(&c, 6));
    let mut n = 0;
    for (expert, scores) in &a {
        for s in scores {
            assert_eq!(&s.key.expert, expert);
            assert_eq!(s.key.round, 1);
            assert!(s.reason.is_empty());
            let app = c.application(&s.key.application).expect("application");
            let rubric = c.rubric_for_application(app).expect("rubric");
            let crit = rubric.criterion(&s.key.criterion).expect("criterion");
            assert!(crit.check(s.value).is_ok(), "{s:?}");
            n += 1;
        }
    }
    assert!(n > 1000, "{n} scores");
}

#[test]
fn experts_score_only_their_panels_and_never_a_conflict() {
    for assign in [Assign::Panels, Assign::All] {
        let c = campaign(assign, 22);
        let scores = generate_scores(&c, 1);
        let conflicts = conflicted_pairs(&c);
        let el = pingshen::rules::assess(&c, &[], &[]).eligibility;
        assert!(!el.failed.is_empty() && !el.blocked.is_empty());
        let gen = generate(&Options {
            apps: 300,
            experts: 24,
            assign,
            seed: 22,
            sig: Algorithm::Sm2Sm3,
        })
        .expect("generate");
        for p in gen
            .manifest
            .planted
            .iter()
            .filter(|p| p.rule.starts_with('C'))
        {
            let pair = (
                p.expert.clone().expect("expert"),
                p.application.clone().expect("application"),
            );
            assert!(
                conflicts.contains(&pair),
                "{} not seen as a conflict",
                p.rule
            );
        }
        for (expert, list) in &scores {
            for s in list {
                let pair = (expert.clone(), s.key.application.clone());
                assert!(!conflicts.contains(&pair), "{pair:?} is conflicted");
                assert!(!el.is_blocked(expert, &s.key.application));
                assert!(
                    el.is_reviewed(&s.key.application),
                    "{} failed formal review but {expert} scored it",
                    s.key.application
                );
                let d = c.application(&s.key.application).expect("app").direction();
                assert!(c.panels_of(expert).any(|p| p.directions.contains(&d)));
            }
        }
        for p in &c.settings.panels {
            for r in &p.reserves {
                assert!(!scores.contains_key(r), "reserve {r} scored");
            }
        }
    }
}

#[test]
fn a_panel_shows_leniency_disagreement_and_gaps() {
    let c = campaign(Assign::All, 23);
    let scores = generate_scores(&c, 3);
    // Totals by application and expert, complete ones only.
    let mut totals: BTreeMap<&str, BTreeMap<&str, (i64, usize)>> = BTreeMap::new();
    for (e, list) in &scores {
        for s in list {
            let t = totals
                .entry(s.key.application.as_str())
                .or_default()
                .entry(e.as_str())
                .or_default();
            t.0 += s.value.hundredths();
            t.1 += 1;
        }
    }
    let spread = |by: &BTreeMap<&str, (i64, usize)>| {
        let complete: Vec<i64> = by.values().filter(|t| t.1 == 4).map(|t| t.0).collect();
        complete.iter().max().unwrap_or(&0) - complete.iter().min().unwrap_or(&0)
    };
    let divergent = totals
        .values()
        .filter(|by| spread(by) >= Points::whole(15).hundredths())
        .count();
    assert!(divergent >= 3, "{divergent} divergent applications");
    assert!(
        divergent < totals.len() / 4,
        "{divergent} of {}",
        totals.len()
    );

    // Some expert leaves an assignment unscored (applications that failed formal review
    // are no one's assignment).
    let el = pingshen::rules::assess(&c, &[], &[]).eligibility;
    let assigned: BTreeSet<&str> = c
        .applications
        .iter()
        .filter(|a| el.is_reviewed(&a.id))
        .map(|a| a.id.as_str())
        .collect();
    let conflicts = conflicted_pairs(&c);
    let gaps = scores
        .iter()
        .filter(|(e, list)| {
            let done: BTreeSet<&str> = list.iter().map(|s| s.key.application.as_str()).collect();
            assigned
                .iter()
                .any(|a| !done.contains(a) && !conflicts.contains(&(e.to_string(), a.to_string())))
        })
        .count();
    assert!(gaps >= 1 && gaps < scores.len(), "{gaps} experts with gaps");

    // Lenient and strict experts: mean per-criterion score spreads over several points.
    let means: Vec<i64> = scores
        .values()
        .map(|l| l.iter().map(|s| s.value.hundredths()).sum::<i64>() / l.len().max(1) as i64)
        .collect();
    let (lo, hi) = (
        means.iter().min().copied().unwrap_or(0),
        means.iter().max().copied().unwrap_or(0),
    );
    assert!(hi - lo >= 120, "expert means from {lo} to {hi}");
}
