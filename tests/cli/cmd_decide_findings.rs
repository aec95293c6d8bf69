//! `decide confirm|dismiss|override` must rule on a finding that exists, and a later
//! decision on the same subject supersedes an earlier one, as `check` then says.

use crate::cmd_support::{code, ok, one_sentence};
use crate::common;
use std::path::PathBuf;
use std::process::Output;

struct Bench {
    _tmp: tempfile::TempDir,
    campaign: PathBuf,
    db: PathBuf,
}

fn bench() -> Bench {
    let tmp = tempfile::tempdir().unwrap();
    let campaign = tmp.path().join("campaign");
    common::copy_dir(&common::repo().join("fixtures/campaign-2023"), &campaign);
    let db = tmp.path().join("store");
    Bench {
        _tmp: tmp,
        campaign,
        db,
    }
}

fn key(id: &str) -> String {
    common::repo()
        .join(format!("fixtures/demo-keys/{id}.key"))
        .display()
        .to_string()
}

impl Bench {
    fn dir(&self) -> String {
        self.campaign.display().to_string()
    }
    /// `decide ARGS --reason REASON --key KEY --campaign DIR`.
    fn decide(&self, args: &[&str], reason: &str, signer: &str) -> Output {
        let k = key(signer);
        let dir = self.dir();
        let mut all = vec!["decide"];
        all.extend_from_slice(args);
        all.extend(["--reason", reason, "--key", &k, "--campaign", &dir]);
        common::run(&self.db, &all)
    }
    fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.campaign.join("decisions"))
            .map(|rd| {
                rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
    fn check_json(&self) -> serde_json::Value {
        let o = common::run(
            &self.db,
            &["check", "--format", "json", "--campaign", &self.dir()],
        );
        serde_json::from_slice(&o.stdout).unwrap()
    }
    fn failed(&self) -> Vec<String> {
        self.check_json()["failed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["application"].as_str().unwrap().to_string())
            .collect()
    }
    fn blocked(&self, expert: &str, app: &str) -> bool {
        self.check_json()["blocked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["expert"] == expert && b["application"] == app)
    }
    fn check_text(&self, extra: &[&str]) -> String {
        let dir = self.dir();
        let mut args = vec!["check", "--campaign", &dir];
        args.extend_from_slice(extra);
        common::stdout(&common::run(&self.db, &args))
    }
}

#[test]
fn a_ruling_with_no_finding_to_rule_on_is_refused_in_one_sentence() {
    let b = bench();
    for (args, signer, says) in [
        (
            vec!["confirm", "E6", "A001"],
            "SEC01",
            "A001 has no E6 suspicion",
        ),
        (
            vec!["confirm", "E6", "A045", "--other", "A001"],
            "SEC01",
            "no E6 suspicion (several channels) between A045 and A001",
        ),
        (
            vec!["dismiss", "E6", "A045", "--other", "A001"],
            "SEC01",
            "no E6 suspicion",
        ),
        (
            vec!["confirm", "C5", "A059", "--expert", "EXP01"],
            "SEC01",
            "no C5 suspicion (close names) between expert EXP01 and A059",
        ),
        (
            vec!["dismiss", "C5", "A001", "--expert", "EXP12"],
            "SEC01",
            "no C5 suspicion",
        ),
        (
            vec!["override", "E1", "A001"],
            "CH01",
            "no blocking E1 finding on A001",
        ),
        // E10 on A051 is a warning: nothing blocks, so nothing is overridden.
        (
            vec!["override", "E10", "A051"],
            "CH01",
            "no blocking E10 finding on A051",
        ),
        (
            vec!["override", "C1", "A001", "--expert", "EXP01"],
            "CH01",
            "no blocking C1 finding between expert EXP01 and A001",
        ),
        (
            vec!["override", "E6", "A045"],
            "CH01",
            "a confirmed E6 is not overridden",
        ),
    ] {
        let o = b.decide(&args, "x", signer);
        assert_eq!(code(&o), 1, "{args:?}");
        let e = one_sentence(&o);
        assert!(e.contains(says), "{args:?}: {e}");
        if says != "a confirmed E6 is not overridden" {
            assert!(e.contains("pingshen check --app"), "{args:?}: {e}");
        }
    }
    let o = std::process::Command::new(common::bin())
        .args(["--db", b.db.to_str().unwrap(), "--lang", "zh", "decide"])
        .args([
            "override",
            "E1",
            "A001",
            "--reason",
            "x",
            "--key",
            &key("CH01"),
        ])
        .args(["--campaign", &b.dir()])
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("没有阻断性的 E1 问题") && e.contains("check --app A001"),
        "{e}"
    );
    assert!(b.files().is_empty());
    // What does exist is ruled on: a blocking E7 and a blocking C2.
    ok(&b.decide(&["override", "E7", "A009"], "营业执照核实无误", "CH01"));
    ok(&b.decide(
        &["override", "C2", "A012", "--expert", "EXP02"],
        "上级单位已改制",
        "CH01",
    ));
    assert_eq!(b.files().len(), 2);
}

#[test]
fn a_dismissal_after_a_confirmation_brings_the_application_back() {
    let b = bench();
    ok(&b.decide(
        &["confirm", "E6", "A045", "--other", "A007"],
        "one project",
        "SEC01",
    ));
    let failed = b.failed();
    assert!(failed.contains(&"A045".to_string()) && failed.contains(&"A007".to_string()));
    ok(&b.decide(
        &["dismiss", "E6", "A045", "--other", "A007"],
        "mistake, different projects",
        "SEC01",
    ));
    let failed = b.failed();
    assert!(!failed.contains(&"A045".to_string()), "{failed:?}");
    assert!(!failed.contains(&"A007".to_string()), "{failed:?}");
    let text = b.check_text(&["--app", "A045"]);
    assert!(
        text.contains(
            "A045 E6 with A007: 0002-dismiss-E6-A045-A007.json is in force (dismissed, SEC01 on"
        ) && text
            .contains("mistake, different projects); it supersedes 0001-confirm-E6-A045-A007.json"),
        "{text}"
    );
    assert!(!text.contains("fails formal review"), "{text}");
}

#[test]
fn a_confirmation_after_a_dismissal_takes_the_application_out() {
    let b = bench();
    ok(&b.decide(
        &["dismiss", "E6", "A007", "--other", "A045"],
        "different projects",
        "SEC01",
    ));
    assert!(!b.failed().contains(&"A045".to_string()));
    ok(&b.decide(
        &["confirm", "E6", "A045", "--other", "A007"],
        "the same project after all",
        "SEC01",
    ));
    let failed = b.failed();
    assert!(failed.contains(&"A045".to_string()) && failed.contains(&"A007".to_string()));
    let text = b.check_text(&["--app", "A007"]);
    assert!(
        text.contains("A007 E6 with A045: 0002-confirm-E6-A045-A007.json is in force (confirmed")
            && text.contains("it supersedes 0001-dismiss-E6-A007-A045.json"),
        "{text}"
    );
    assert!(
        text.contains("fails formal review: confirmed as sent through several channels with A045"),
        "{text}"
    );
}

#[test]
fn c5_confirmation_and_dismissal_supersede_each_other() {
    let b = bench();
    ok(&b.decide(
        &["confirm", "C5", "A059", "--expert", "EXP12"],
        "same group",
        "SEC01",
    ));
    assert!(b.blocked("EXP12", "A059"));
    ok(&b.decide(
        &["dismiss", "C5", "A059", "--expert", "EXP12"],
        "different credit codes",
        "SEC01",
    ));
    assert!(!b.blocked("EXP12", "A059"));
    let text = b.check_text(&["--expert", "EXP12"]);
    assert!(
        text.contains("A059 C5 with expert EXP12: 0002-dismiss-C5-A059-EXP12.json is in force"),
        "{text}"
    );
    ok(&b.decide(
        &["confirm", "C5", "A059", "--expert", "EXP12"],
        "a shareholding found",
        "SEC01",
    ));
    assert!(b.blocked("EXP12", "A059"));
    let o = std::process::Command::new(common::bin())
        .args(["--db", b.db.to_str().unwrap(), "--lang", "zh", "check"])
        .args(["--app", "A059", "--campaign", &b.dir()])
        .output()
        .unwrap();
    let text = common::stdout(&o);
    assert!(
        text.contains("A059 与专家 EXP12 的 C5：以 0003-confirm-C5-A059-EXP12.json 为准（确认，SEC01 于")
            && text.contains("理由：a shareholding found），取代 0001-confirm-C5-A059-EXP12.json、0002-dismiss-C5-A059-EXP12.json"),
        "{text}"
    );
}

/// The dismissal names the confirmation it replaces in its signed content, so renaming
/// the files (the confirmation now sorting after the dismissal) changes nothing: the
/// verdict does not come from file names or the order files are read in (DESIGN.md §5).
#[test]
fn renaming_decision_files_does_not_change_which_stands() {
    let b = bench();
    ok(&b.decide(
        &["confirm", "E6", "A045", "--other", "A007"],
        "one project",
        "SEC01",
    ));
    ok(&b.decide(
        &["dismiss", "E6", "A045", "--other", "A007"],
        "mistake, different projects",
        "SEC01",
    ));
    let d = b.campaign.join("decisions");
    let dismissal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("0002-dismiss-E6-A045-A007.json")).unwrap())
            .unwrap();
    assert!(
        dismissal["decision"]["supersedes"]
            .as_str()
            .is_some_and(|s| s.len() == 64),
        "{dismissal}"
    );
    let before = b.check_json();
    assert!(!b.failed().contains(&"A045".to_string()));
    std::fs::rename(
        d.join("0001-confirm-E6-A045-A007.json"),
        d.join("0009-confirm-E6-A045-A007.json"),
    )
    .unwrap();
    std::fs::rename(
        d.join("0002-dismiss-E6-A045-A007.json"),
        d.join("0001-dismiss-E6-A045-A007.json"),
    )
    .unwrap();
    let after = b.check_json();
    assert_eq!(before["failed"], after["failed"]);
    assert_eq!(before["blocked"], after["blocked"]);
    assert!(!b.failed().contains(&"A045".to_string()));
}
