//! `receive`: signed decisions of the chair or the secretariat into an expert's store.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, key, ok, setup};
use pingshen::model::{Decision, Role, Ruling};
use pingshen::sheet::{canonical_bytes, decision_file_bytes, SignedDecision};

/// A package for X01 loaded into a store at `pdb`.
fn expert_store(s: &cmd_support::Setup) -> std::path::PathBuf {
    let pkg = s.path("pkg");
    ok(&s.run(&[
        "package",
        "--expert",
        "X01",
        "-o",
        pkg.to_str().unwrap(),
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]));
    let pdb = s.path("pdb");
    ok(&s.run_db(&pdb, &["init", pkg.to_str().unwrap()]));
    pdb
}

#[test]
fn a_round_decision_is_received_once_and_opens_the_round() {
    let s = setup();
    let pdb = expert_store(&s);
    ok(&s.run(&[
        "decide",
        "round",
        "P1",
        "2",
        "--reason",
        "分歧较大",
        "--key",
        &s.key("C01"),
        "--campaign",
        &s.dir_s(),
    ]));
    let f = s.dir.join("decisions/0001-round-P1-r2.json");
    let f = f.to_str().unwrap();
    let o = s.run_db(&pdb, &["receive", f]);
    ok(&o);
    assert!(common::stdout(&o).contains("verified and received as 0001-round-P1-r2.json"));
    let o = s.run_db(&pdb, &["receive", f]);
    ok(&o);
    assert!(common::stdout(&o).contains("already held"));
    ok(&s.run_db(&pdb, &["pledge", "--expert", "X01"]));
    let o = s.run_db(
        &pdb,
        &["score", "A001", "innovation", "20", "--expert", "X01"],
    );
    ok(&o);
    assert!(common::stdout(&o).contains("round 2"));
    let store = pingshen::store::Store::open(&pdb).unwrap();
    assert_eq!(store.decision_files().unwrap().len(), 1);
}

#[test]
fn a_decision_signed_with_an_expert_key_is_refused() {
    let s = setup();
    let pdb = expert_store(&s);
    let digest = pingshen::format::load_campaign(&s.dir)
        .unwrap()
        .campaign
        .digest();
    // An expert forges a chair's round decision with their own key.
    let x01 = key("X01", Role::Expert, 1);
    let decision = Decision {
        campaign: digest,
        ruling: Ruling::Round {
            panel: "P1".into(),
            round: 2,
        },
        reason: "自行开启".into(),
        role: Role::Chair,
        by: "X01".into(),
        date: pingshen::clock::today(),
        supersedes: None,
    };
    let signature = x01.sign(&canonical_bytes(&decision).unwrap()).unwrap();
    let bytes = decision_file_bytes(&SignedDecision {
        decision,
        signature,
    })
    .unwrap();
    let forged = s.path("forged.json");
    std::fs::write(&forged, bytes).unwrap();
    let o = s.run_db(&pdb, &["receive", forged.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let out = common::stdout(&o);
    assert!(out.contains("signed with expert key `X01`"), "{out}");
    let store = pingshen::store::Store::open(&pdb).unwrap();
    assert!(store.decision_files().unwrap().is_empty());
}

#[test]
fn a_decision_for_another_campaign_is_refused_and_the_others_taken() {
    let s = setup();
    let pdb = expert_store(&s);
    let c01 = key("C01", Role::Chair, 3);
    let decision = Decision {
        campaign: "0".repeat(64),
        ruling: Ruling::Round {
            panel: "P1".into(),
            round: 2,
        },
        reason: "另一次评审".into(),
        role: Role::Chair,
        by: "C01".into(),
        date: pingshen::clock::today(),
        supersedes: None,
    };
    let signed = pingshen::sheet::sign_decision(decision, &c01).unwrap();
    let foreign = s.path("0009-round-P1-r2.json");
    std::fs::write(&foreign, decision_file_bytes(&signed).unwrap()).unwrap();
    ok(&s.run(&[
        "triage",
        "A001",
        "pass",
        "--reason",
        "材料齐全",
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]));
    let good = s.dir.join("decisions/0001-triage-A001.json");
    let o = s.run_db(
        &pdb,
        &["receive", foreign.to_str().unwrap(), good.to_str().unwrap()],
    );
    assert_eq!(code(&o), 1);
    let out = common::stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("another campaign"), "{out}");
    assert!(
        lines[1].contains("received as 0001-triage-A001.json"),
        "{out}"
    );
}

#[test]
fn a_different_decision_under_a_held_name_is_kept_apart() {
    let s = setup();
    ok(&s.run(&[
        "triage",
        "A001",
        "pass",
        "--reason",
        "材料齐全",
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]));
    let pdb = expert_store(&s);
    // The chair's own folder numbers its files from 1 too.
    let other = s.path("chair-copy");
    common::copy_dir(&s.dir, &other);
    std::fs::remove_dir_all(other.join("decisions")).unwrap();
    ok(&s.run(&[
        "decide",
        "round",
        "P1",
        "2",
        "--reason",
        "分歧较大",
        "--key",
        &s.key("C01"),
        "--campaign",
        other.to_str().unwrap(),
    ]));
    let clash = s.path("0001-triage-A001.json");
    std::fs::copy(other.join("decisions/0001-round-P1-r2.json"), &clash).unwrap();
    let o = s.run_db(&pdb, &["receive", clash.to_str().unwrap()]);
    ok(&o);
    assert!(
        common::stdout(&o).contains("received as 0001-triage-A001-"),
        "{}",
        common::stdout(&o)
    );
    let store = pingshen::store::Store::open(&pdb).unwrap();
    assert_eq!(store.decision_files().unwrap().len(), 2);
}
