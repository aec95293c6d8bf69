//! The bundled campaign's demo keys and sheets: they verify, they match the keys, and the
//! panels behave as the review layer says they may.

use crate::common;
use pingshen::format::load_campaign;
use pingshen::keys::{Keyring, PrivateKey};
use pingshen::model::Role;
use pingshen::review::Review;
use pingshen::sheet::{verify_sheet, Sheet};
use std::collections::BTreeMap;

fn sheets() -> Vec<(String, Vec<u8>)> {
    let dir = common::repo().join("fixtures/demo-sheets");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn every_demo_sheet_verifies_with_the_command() {
    let repo = common::repo();
    let tmp = tempfile::tempdir().unwrap();
    let files: Vec<String> = sheets().into_iter().map(|(n, _)| n).collect();
    let mut args = vec!["verify", "--campaign"];
    let campaign = repo.join("fixtures/campaign-2023");
    args.push(campaign.to_str().unwrap());
    args.extend(files.iter().map(String::as_str));
    let o = common::run(&tmp.path().join("db"), &args);
    assert!(o.status.success(), "{}", common::stdout(&o));
    let out = common::stdout(&o);
    assert_eq!(
        out.lines().filter(|l| l.ends_with(": ok")).count(),
        files.len()
    );
}

#[test]
fn the_demo_keys_are_the_ones_keys_toml_lists() {
    let repo = common::repo();
    let loaded = load_campaign(&repo.join("fixtures/campaign-2023")).unwrap();
    let ring = Keyring::parse(loaded.keys_toml.as_deref().unwrap(), "keys.toml").unwrap();
    assert_eq!(ring.len(), loaded.campaign.experts.len() + 2);
    let roles = |r: Role| ring.iter().filter(|e| e.role == r).count();
    assert_eq!((roles(Role::Chair), roles(Role::Secretariat)), (1, 1));
    for entry in ring.iter() {
        let key = PrivateKey::load(
            &repo.join(format!("fixtures/demo-keys/{}.key", entry.id)),
            None,
        )
        .unwrap();
        assert_eq!(key.public_key(), entry.public, "{}", entry.id);
        assert_eq!(key.role, entry.role);
    }
    assert!(
        std::fs::read_to_string(repo.join("fixtures/demo-keys/README.md"))
            .unwrap()
            .contains("DEMO ONLY")
    );
}

#[test]
fn the_panels_score_only_what_the_review_layer_gives_them() {
    let repo = common::repo();
    let loaded = load_campaign(&repo.join("fixtures/campaign-2023")).unwrap();
    let c = loaded.campaign.clone();
    let ring = Keyring::parse(loaded.keys_toml.as_deref().unwrap(), "keys.toml").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let store = pingshen::store::Store::create(
        &tmp.path().join("s"),
        &c,
        None,
        &[],
        None,
        "2024-04-20T00:00:00Z",
    )
    .unwrap();
    let review = Review::open(store, pingshen::i18n::Lang::En).unwrap();
    let demo = c.settings.demo_expert.clone().unwrap();
    let by_expert: BTreeMap<String, Sheet> = sheets()
        .into_iter()
        .map(|(_, b)| verify_sheet(&b, &c.digest(), &ring).unwrap())
        .map(|s| (s.body.expert.clone(), s))
        .collect();
    assert!(
        !by_expert.contains_key(&demo),
        "the demo expert keeps their own work"
    );
    let panel_experts: Vec<&String> = c
        .settings
        .panels
        .iter()
        .flat_map(|p| &p.experts)
        .filter(|e| **e != demo)
        .collect();
    assert_eq!(by_expert.len(), panel_experts.len());

    let mut unscored = 0;
    let mut means = vec![];
    let mut totals: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for (expert, sheet) in &by_expert {
        let assigned: Vec<&str> = review
            .assigned(expert)
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        let mut per_app: BTreeMap<&str, i64> = BTreeMap::new();
        for s in &sheet.body.scores {
            assert!(
                assigned.contains(&s.application.as_str()),
                "{expert} scores unassigned {}",
                s.application
            );
            assert!(!review.eligibility.is_blocked(expert, &s.application));
            assert!(sheet
                .body
                .declarations
                .iter()
                .all(|d| d.application != s.application));
            *per_app.entry(s.application.as_str()).or_default() += s.value;
        }
        for (a, t) in &per_app {
            totals.entry(a).or_default().push(*t);
        }
        unscored += assigned
            .iter()
            .filter(|a| !per_app.contains_key(*a))
            .count();
        means.push(per_app.values().sum::<i64>() / per_app.len().max(1) as i64);
    }
    assert!(unscored >= 1);
    // Lenient and strict experts: their mean totals lie at least 10 points apart.
    let (lo, hi) = (means.iter().min().unwrap(), means.iter().max().unwrap());
    assert!(hi - lo >= 1000, "{lo} .. {hi}");
    // Each panel splits on one application: its totals spread past the divergence mark.
    let divergence = c.settings.merge.divergence.hundredths();
    let split = totals
        .values()
        .filter(|t| t.iter().max().unwrap() - t.iter().min().unwrap() >= divergence)
        .count();
    assert!(split >= c.settings.panels.len(), "{split}");
}

#[test]
fn each_demo_run_exports_into_a_folder_of_its_own() {
    let lang = pingshen::i18n::Lang::En;
    let a = pingshen::commands::demo::export_dir(lang).unwrap();
    let b = pingshen::commands::demo::export_dir(lang).unwrap();
    assert_ne!(a, b);
    assert!(a.is_dir() && b.is_dir());
    assert!(a
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("pingshen-demo-sheets-"));
    std::fs::remove_dir(a).unwrap();
    std::fs::remove_dir(b).unwrap();
}
