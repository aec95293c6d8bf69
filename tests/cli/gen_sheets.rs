//! `gen`'s keys and signed sheets, through the real binary: every sheet verifies against
//! the generated keys, the merge accepts them all and drops nothing, and each sheet holds
//! what a real expert's package would: assigned, reviewed, unconflicted applications only.

use pingshen::format::load_campaign;
use pingshen::keys::Keyring;
use pingshen::sheet::Sheet;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pingshen(args: &[&str], extra: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(["--lang", "en"])
        .args(args)
        .args(extra)
        .output()
        .expect("run pingshen")
}

fn gen(dir: &Path, apps: &str, experts: &str, assign: &str, sig: &str, seed: &str) {
    let out = dir.to_str().expect("utf-8 path");
    let o = pingshen(
        &[
            "gen",
            "--apps",
            apps,
            "--experts",
            experts,
            "--assign",
            assign,
            "--sig",
            sig,
            "--seed",
            seed,
            "-o",
            out,
        ],
        &[],
    );
    assert!(o.status.success(), "{o:?}");
}

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn sheet_paths(dir: &Path) -> Vec<PathBuf> {
    names(&dir.join("sheets"))
        .into_iter()
        .map(|n| dir.join("sheets").join(n))
        .collect()
}

/// Verifies and merges a generated campaign's sheets with the real commands, and checks
/// each sheet against the rules engine's view of the campaign.
fn check_campaign(dir: &Path) {
    let c = load_campaign(dir).expect("loads").campaign;
    // keys/ holds one key per expert, the chair and the secretariat, nothing else.
    let mut want: BTreeSet<String> = c.experts.iter().map(|e| format!("{}.key", e.id)).collect();
    want.insert("CH01.key".into());
    want.insert("SEC01.key".into());
    assert_eq!(names(&dir.join("keys")), want);
    let ring = Keyring::load(&dir.join("keys.toml")).expect("keys.toml");
    assert_eq!(ring.len(), c.experts.len() + 2);
    // sheets/ holds one sheet per panel member, nothing else.
    let members: BTreeSet<String> = c
        .settings
        .panels
        .iter()
        .flat_map(|p| p.experts.iter().map(|e| format!("{e}.json")))
        .collect();
    assert_eq!(names(&dir.join("sheets")), members);

    let sheets = sheet_paths(dir);
    let camp = dir.to_str().expect("utf-8");
    let v = pingshen(&["verify", "--campaign", camp], &sheets);
    assert!(v.status.success(), "{v:?}");
    let text = String::from_utf8_lossy(&v.stdout);
    assert_eq!(text.lines().count(), sheets.len(), "{text}");
    assert!(text.lines().all(|l| l.ends_with(": ok")), "{text}");

    let merged = dir.join("merged.json");
    let m = pingshen(
        &[
            "merge",
            "--campaign",
            camp,
            "-o",
            merged.to_str().expect("utf-8"),
        ],
        &sheets,
    );
    assert!(m.status.success(), "{m:?}");
    let out: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&merged).expect("merged")).expect("json");
    assert_eq!(
        out["dropped"],
        serde_json::json!([]),
        "the merge dropped scores"
    );
    std::fs::remove_file(&merged).expect("remove");

    let assessment = pingshen::rules::assess(&c, &[], &[]);
    let el = &assessment.eligibility;
    let conflicted: BTreeSet<(String, String)> = assessment
        .findings
        .iter()
        .filter_map(|f| Some((f.expert.clone()?, f.application.clone()?)))
        .collect();
    let mut scores = 0;
    let mut declared = 0;
    for p in &sheets {
        let sheet: Sheet = serde_json::from_slice(&std::fs::read(p).expect("read")).expect("sheet");
        let e = &sheet.body.expert;
        assert!(sheet.body.pledge.is_some(), "{e} signed no commitment");
        let dirs: BTreeSet<u8> = c
            .panels_of(e)
            .flat_map(|p| p.directions.iter().copied())
            .collect();
        for s in &sheet.body.scores {
            let app = c.application(&s.application).expect("known application");
            assert!(
                dirs.contains(&app.direction()),
                "{e} scored outside the panel"
            );
            assert!(el.is_reviewed(&app.id), "{e} scored failed {}", app.id);
            assert!(
                !conflicted.contains(&(e.clone(), app.id.clone())),
                "{e} scored conflicted {}",
                app.id
            );
        }
        for d in &sheet.body.declarations {
            assert!(conflicted.contains(&(e.clone(), d.application.clone())));
            assert!(!d.reason.is_empty());
        }
        scores += sheet.body.scores.len();
        declared += sheet.body.declarations.len();
    }
    assert!(scores > 0);
    // The planted C4 expert declares the relation on their sheet.
    if assessment.findings.iter().any(|f| f.rule == "C4") {
        assert!(declared >= 1, "the C4 relation is not declared");
    }
}

#[test]
fn panels_sheets_verify_and_merge() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("c");
    gen(&dir, "150", "24", "panels", "sm2", "5");
    check_campaign(&dir);
}

#[test]
fn all_assign_ed25519_sheets_verify_and_merge() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("c");
    gen(&dir, "90", "9", "all", "ed25519", "6");
    check_campaign(&dir);
    let toml = std::fs::read_to_string(dir.join("keys.toml")).expect("keys.toml");
    assert!(toml.contains("ed25519") && !toml.contains("sm2-sm3"));
}

#[test]
fn a_tiny_campaign_still_has_keys_and_sheets() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("c");
    gen(&dir, "5", "2", "panels", "sm2", "1");
    check_campaign(&dir);
}

#[test]
fn an_altered_generated_sheet_fails_verification() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("c");
    gen(&dir, "60", "8", "all", "sm2", "9");
    let sheets = sheet_paths(&dir);
    let victim = &sheets[0];
    let text = std::fs::read_to_string(victim).expect("read");
    let altered = text.replacen("\"value\":", "\"value\":1", 1);
    assert_ne!(text, altered);
    std::fs::write(victim, altered).expect("write");
    let v = pingshen(
        &["verify", "--campaign", dir.to_str().expect("utf-8")],
        &sheets,
    );
    assert_eq!(v.status.code(), Some(1), "{v:?}");
}
