//! `check` against `gen`'s manifest: on campaigns of several sizes, seeds and panel layouts,
//! the findings of `pingshen check --format json`, as (rule, application, expert,
//! recommender), are exactly the manifest's `planted` cases: every planted case found, no
//! near miss flagged, nothing else.

use pingshen::gen::{generate, write, Assign, Manifest, Options, Planted};
use pingshen::keys::Algorithm;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// A finding reduced to what the manifest records. E8 concerns a recommender, which its
/// records name first.
fn key_of(f: &serde_json::Value) -> Planted {
    let s = |k: &str| f[k].as_str().map(str::to_string);
    let rule = s("rule").unwrap_or_default();
    let recommender = if rule == "E8" {
        f["records"][0].as_str().map(str::to_string)
    } else {
        None
    };
    Planted {
        application: s("application"),
        expert: s("expert"),
        recommender,
        rule,
    }
}

fn check_json(dir: &Path) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(["--lang", "en", "check", "--format", "json", "--campaign"])
        .arg(dir)
        .output()
        .expect("run pingshen check");
    // Exit 1 when anything blocking stands, which planted cases do; 0 when nothing is
    // planted. Anything else is a failure to run.
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    serde_json::from_slice(&o.stdout).expect("check prints JSON")
}

/// Which near miss (if any) names one of the finding's records, for the failure message.
fn near_miss_of(m: &Manifest, p: &Planted) -> Option<String> {
    let ids: Vec<&String> = [&p.application, &p.expert, &p.recommender]
        .into_iter()
        .flatten()
        .collect();
    m.near_misses
        .iter()
        .find(|n| n.records.iter().any(|r| ids.contains(&r)))
        .map(|n| format!("{} ({})", n.kind, n.note))
}

fn run(apps: usize, experts: usize, assign: Assign, seed: u64) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("c");
    let g = generate(&Options {
        apps,
        experts,
        assign,
        seed,
        sig: Algorithm::Sm2Sm3,
    })
    .expect("generate");
    write(&dir, &g).expect("write");
    let m: Manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("manifest parses");
    let out = check_json(&dir);
    let findings = out["findings"].as_array().expect("findings");
    let found: BTreeSet<Planted> = findings.iter().map(key_of).collect();
    // One finding per case: a planted case found twice would hide a duplicate.
    assert_eq!(
        found.len(),
        findings.len(),
        "{apps}x{experts} seed {seed}: a case is reported more than once"
    );
    let planted: BTreeSet<Planted> = m.planted.iter().cloned().collect();
    assert_eq!(
        planted.len(),
        m.planted.len(),
        "the manifest repeats a case"
    );
    let missed: Vec<&Planted> = planted.difference(&found).collect();
    let extra: Vec<String> = found
        .difference(&planted)
        .map(|p| match near_miss_of(&m, p) {
            Some(n) => format!("{p:?}, a near miss: {n}"),
            None => format!("{p:?}"),
        })
        .collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "{apps}x{experts} {assign:?} seed {seed}: planted but not found {missed:?}; found but not planted {extra:?}"
    );
    // The near misses sit right at a limit: none of their applications, experts or
    // recommenders is named by any finding unless planted for another rule.
    for n in &m.near_misses {
        for f in findings {
            let p = key_of(f);
            if planted.contains(&p) {
                continue;
            }
            let named = [&p.application, &p.expert, &p.recommender]
                .into_iter()
                .flatten()
                .any(|id| n.records.contains(id));
            assert!(!named, "near miss {} flagged: {p:?}", n.kind);
        }
    }
    // Below the planting sizes nothing is planted, and nothing may be found.
    if apps < pingshen::gen::MIN_PLANTED_APPS {
        assert!(planted.is_empty() && found.is_empty());
    } else {
        let rules: BTreeSet<&str> = planted.iter().map(|p| p.rule.as_str()).collect();
        let want = if experts >= pingshen::gen::MIN_PLANTED_EXPERTS {
            19
        } else {
            13
        };
        assert_eq!(rules.len(), want, "every rule is planted: {rules:?}");
    }
}

#[test]
fn small_campaigns_match_their_manifest() {
    run(60, 8, Assign::Panels, 1);
    run(60, 8, Assign::All, 2);
    run(60, 7, Assign::Panels, 3);
    run(59, 8, Assign::All, 4);
}

#[test]
fn mid_sized_campaigns_match_their_manifest() {
    run(200, 30, Assign::Panels, 11);
    run(200, 30, Assign::All, 12);
    run(200, 30, Assign::Panels, 13);
}

#[test]
fn larger_campaigns_match_their_manifest() {
    run(500, 50, Assign::All, 21);
    run(500, 50, Assign::Panels, 22);
}

#[test]
fn a_2000_application_campaign_matches_its_manifest() {
    run(2000, 100, Assign::Panels, 31);
}
