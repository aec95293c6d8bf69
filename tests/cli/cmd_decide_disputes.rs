//! One decision in force per subject, said truthfully: an E6 decision names its pair, so a
//! later one on the pair replaces the earlier and says so (audit N2); two decisions that
//! neither replaces the other and disagree are a dispute that `check` reports and that
//! `merge`, `package` and `assign` refuse until a new decision settles it (audit N3). File
//! names and the order files are read in change nothing.

use crate::cmd_support::{code, ok, one_sentence};
use crate::common;
use pingshen::keys::PrivateKey;
use pingshen::model::{Decision, Role, Ruling};
use pingshen::sheet::{canonical_bytes, decision_file_bytes, SignedDecision};
use std::path::{Path, PathBuf};
use std::process::Output;

struct Bench {
    tmp: tempfile::TempDir,
    db: PathBuf,
}

fn key(id: &str) -> String {
    common::repo()
        .join(format!("fixtures/demo-keys/{id}.key"))
        .display()
        .to_string()
}

fn bench() -> Bench {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("none");
    Bench { tmp, db }
}

impl Bench {
    /// A fresh copy of the bundled campaign.
    fn copy(&self, name: &str) -> PathBuf {
        let dir = self.tmp.path().join(name);
        common::copy_dir(&common::repo().join("fixtures/campaign-2023"), &dir);
        dir
    }
    fn run(&self, lang: &str, args: &[&str]) -> Output {
        common::run_lang(lang, &self.db, args)
    }
    /// `decide ARGS --reason R --key SEC01 --campaign DIR`.
    fn decide(&self, lang: &str, dir: &Path, args: &[&str], reason: &str) -> Output {
        let (k, d) = (key("SEC01"), dir.display().to_string());
        let mut all = vec!["decide"];
        all.extend_from_slice(args);
        all.extend(["--reason", reason, "--key", &k, "--campaign", &d]);
        self.run(lang, &all)
    }
    fn triage(&self, dir: &Path, app: &str, verdict: &str, reason: &str) -> Output {
        let (k, d) = (key("SEC01"), dir.display().to_string());
        self.run(
            "en",
            &[
                "triage",
                app,
                verdict,
                "--reason",
                reason,
                "--key",
                &k,
                "--campaign",
                &d,
            ],
        )
    }
    fn check(&self, lang: &str, dir: &Path, extra: &[&str]) -> Output {
        let d = dir.display().to_string();
        let mut args = vec!["check", "--campaign", &d];
        args.extend_from_slice(extra);
        self.run(lang, &args)
    }
    fn check_json(&self, dir: &Path, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        serde_json::from_slice(&self.check("en", dir, &args).stdout).unwrap()
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("decisions"))
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The audit's N3: a verdict signed at each of two desks, the files then put together.
fn two_desks(b: &Bench) -> PathBuf {
    let a = b.copy("n3a");
    let other = b.copy("n3b");
    ok(&b.triage(&a, "A001", "fail", "fail from desk 1"));
    ok(&b.triage(&other, "A001", "pass", "pass from desk 2"));
    std::fs::copy(
        other.join("decisions/0001-triage-A001.json"),
        a.join("decisions/0002-triage-A001.json"),
    )
    .unwrap();
    a
}

#[test]
fn e6_is_decided_for_a_pair_and_a_later_pair_decision_replaces_the_earlier() {
    let b = bench();
    let dir = b.copy("n2a");
    ok(&b.decide(
        "en",
        &dir,
        &["confirm", "E6", "A045", "--other", "A007"],
        "dup",
    ));
    // Without --other: refused in one sentence naming the pair to give, nothing written.
    let o = b.decide("en", &dir, &["dismiss", "E6", "A045"], "not dup");
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("E6 (several channels) is confirmed or dismissed pair by pair")
            && e.contains("give the other application with --other")
            && e.contains("A045 is suspected with A007"),
        "{e}"
    );
    let o = b.decide("zh", &dir, &["dismiss", "E6", "A045"], "不是重复");
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("须逐对确认或排除") && e.contains("--other") && e.contains("A007"),
        "{e}"
    );
    common::assert_chinese(&e);
    assert_eq!(files(&dir), vec!["0001-confirm-E6-A045-A007.json"]);
    // An application with no suspicion at all is told so, as before.
    let o = b.decide("en", &dir, &["confirm", "E6", "A001"], "x");
    assert!(one_sentence(&o).contains("A001 has no E6 suspicion"));
    // The confirmation still stands, and check says nothing else.
    let text = common::stdout(&b.check("en", &dir, &["--app", "A045"]));
    assert!(
        text.contains("fails formal review: confirmed as sent through several channels with A007"),
        "{text}"
    );
    // The dismissal of the pair, named the other way round, replaces it and says so.
    ok(&b.decide(
        "en",
        &dir,
        &["dismiss", "E6", "A007", "--other", "A045"],
        "not dup",
    ));
    let o = b.check("en", &dir, &["--app", "A045"]);
    assert_eq!(code(&o), 0, "{}", common::stderr(&o));
    let text = common::stdout(&o);
    assert!(
        text.contains("A045 E6 with A007: 0002-dismiss-E6-A007-A045.json is in force (dismissed")
            && text.contains("it supersedes 0001-confirm-E6-A045-A007.json"),
        "{text}"
    );
    let dismissal: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("decisions/0002-dismiss-E6-A007-A045.json")).unwrap(),
    )
    .unwrap();
    assert!(
        dismissal["decision"]["supersedes"].is_string(),
        "{dismissal}"
    );
}

/// A decision file on E6 without the other application (signed by other means, or by an
/// older pingshen) is refused by every reader, naming the file and what to do; it never
/// becomes a subject of its own beside the pair's decisions.
#[test]
fn a_decision_file_on_e6_without_the_pair_is_reported_by_name() {
    let b = bench();
    let dir = b.copy("n2b");
    ok(&b.decide(
        "en",
        &dir,
        &["confirm", "E6", "A045", "--other", "A007"],
        "dup",
    ));
    let loaded = pingshen::format::load_campaign(&dir).unwrap();
    let sec = PrivateKey::load(Path::new(&key("SEC01")), None).unwrap();
    let d = Decision {
        campaign: loaded.campaign.digest(),
        ruling: Ruling::Dismiss {
            rule: "E6".into(),
            application: "A045".into(),
            other: None,
            expert: None,
        },
        reason: "not dup".into(),
        role: Role::Secretariat,
        by: "SEC01".into(),
        date: pingshen::clock::today(),
        supersedes: None,
    };
    let signature = sec.sign(&canonical_bytes(&d).unwrap()).unwrap();
    let bytes = decision_file_bytes(&SignedDecision {
        decision: d,
        signature,
    })
    .unwrap();
    let stray = dir.join("decisions/0002-dismiss-E6-A045.json");
    std::fs::write(&stray, bytes).unwrap();
    let o = b.check("en", &dir, &["--app", "A045"]);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains(&format!("decision file {}", stray.display()))
            && e.contains("it rules on E6 for A045 alone, but E6 is ruled on pair by pair")
            && e.contains("pingshen decide dismiss E6 A045 --other ID")
            && e.contains("remove the file"),
        "{e}"
    );
    let o = b.check("zh", &dir, &["--app", "A045"]);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("0002-dismiss-E6-A045.json") && e.contains("逐对作出决定"),
        "{e}"
    );
    common::assert_chinese(&e);
    // Nothing acts on the folder until the file is gone.
    let o = b.decide(
        "en",
        &dir,
        &["dismiss", "E6", "A045", "--other", "A007"],
        "x",
    );
    assert!(one_sentence(&o).contains("0002-dismiss-E6-A045.json"));
    std::fs::remove_file(&stray).unwrap();
    ok(&b.decide(
        "en",
        &dir,
        &["dismiss", "E6", "A045", "--other", "A007"],
        "x",
    ));
}

#[test]
fn two_verdicts_that_neither_replaces_are_a_dispute_check_reports() {
    let b = bench();
    let dir = two_desks(&b);
    let o = b.check("en", &dir, &["--app", "A001"]);
    assert_eq!(code(&o), 1);
    let text = common::stdout(&o);
    assert!(!text.contains("supersedes 0"), "{text}");
    assert!(
        text.contains("A001 triage: none in force: 0001-triage-A001.json (fail, SEC01 on")
            && text.contains(": fail from desk 1) and 0002-triage-A001.json (pass, SEC01 on")
            && text.contains(": pass from desk 2) decide A001 triage differently, and neither replaces the other; sign a new decision on it (`pingshen triage A001 pass|fail|info --reason TEXT --key KEY`), which names one of them in `supersedes` and so stands above both"),
        "{text}"
    );
    // Until settled, the stricter counts, and the reason says it is disputed.
    assert!(
        text.contains("fails formal review: the secretariat's triage verdicts differ and neither replaces the other (fail: fail from desk 1; pass: pass from desk 2)"),
        "{text}"
    );
    let e = common::stderr(&o);
    assert!(
        e.contains("decisions on 1 subject(s) disagree and neither replaces the other"),
        "{e}"
    );
    let o = b.check("zh", &dir, &["--app", "A001"]);
    assert_eq!(code(&o), 1);
    let text = common::stdout(&o);
    assert!(
        text.contains(
            "A001 形式审查结论：无现行决定。关于 A001 形式审查结论，0001-triage-A001.json（不通过"
        ) && text.contains("互不取代"),
        "{text}"
    );
    common::assert_chinese(&common::stderr(&o));
    // JSON lists it.
    let json = b.check_json(&dir, &["--app", "A001"]);
    let d = &json["disputes"][0];
    assert_eq!(d["subject"], "triage");
    assert_eq!(d["application"], "A001");
    assert_eq!(
        d["files"],
        serde_json::json!(["0001-triage-A001.json", "0002-triage-A001.json"])
    );
    // Outside the scope asked about, nothing is said.
    let json = b.check_json(&dir, &["--app", "A002"]);
    assert!(json.get("disputes").is_none(), "{json}");
}

#[test]
fn merge_package_and_assign_refuse_until_a_new_decision_settles_the_dispute() {
    let b = bench();
    let dir = two_desks(&b);
    let d = dir.display().to_string();
    let out = b.tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let sheet = common::repo().join("fixtures/demo-sheets/EXP02.json");
    let merged = out.join("merged.json").display().to_string();
    let pkg = out.join("pkg").display().to_string();
    let k = key("SEC01");
    let says = |o: &Output| {
        assert_eq!(code(o), 1, "{}", common::stderr(o));
        let e = one_sentence(o);
        assert!(
            e.contains("0001-triage-A001.json (fail")
                && e.contains("0002-triage-A001.json (pass")
                && e.contains("neither replaces the other; sign a new decision on it"),
            "{e}"
        );
    };
    says(&b.run(
        "en",
        &[
            "merge",
            "--campaign",
            &d,
            "-o",
            &merged,
            sheet.to_str().unwrap(),
        ],
    ));
    assert!(!out.join("merged.json").exists());
    says(&b.run(
        "en",
        &[
            "package",
            "--expert",
            "EXP01",
            "-o",
            &pkg,
            "--key",
            &k,
            "--campaign",
            &d,
        ],
    ));
    let assign = [
        "assign",
        "--seed",
        "7",
        "--panel-size",
        "5",
        "--reserves",
        "2",
        "--key",
        &k,
        "--campaign",
        &d,
    ];
    let o = b.run("en", &assign);
    says(&o);
    assert!(common::stdout(&o).is_empty(), "{}", common::stdout(&o));
    let o = b.run("zh", &assign);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("互不取代") && e.contains("0002-triage-A001.json"),
        "{e}"
    );
    // The reasons are the signers' own words.
    common::assert_chinese(
        &e.replace("fail from desk 1", "")
            .replace("pass from desk 2", ""),
    );
    assert_eq!(files(&dir).len(), 2);

    // The settling decision names one of them and stands above both, the same day.
    ok(&b.triage(&dir, "A001", "pass", "settled: the documents are complete"));
    let o = b.check("en", &dir, &["--app", "A001"]);
    assert_eq!(code(&o), 0, "{}", common::stderr(&o));
    let text = common::stdout(&o);
    assert!(
        text.contains("A001 triage: 0003-triage-A001.json is in force (pass, SEC01 on")
            && text.contains("it supersedes 0001-triage-A001.json; it stands above 0002-triage-A001.json (the same date, off its chain of replacements, which is longer)"),
        "{text}"
    );
    assert!(!text.contains("supersedes 0002"), "{text}");
    ok(&b.run(
        "en",
        &[
            "package",
            "--expert",
            "EXP01",
            "-o",
            &pkg,
            "--key",
            &k,
            "--campaign",
            &d,
        ],
    ));
    ok(&b.run("en", &assign));
}

/// Renaming the files (so they sort the other way) or reading them in another order changes
/// no outcome: not the dispute, not the verdict that counts meanwhile, not the one settled.
#[test]
fn renaming_disputed_and_settled_decisions_changes_nothing() {
    let b = bench();
    let dir = two_desks(&b);
    let outcome = |dir: &Path| {
        let j = b.check_json(dir, &[]);
        let mut files: Vec<String> = j["disputes"]
            .as_array()
            .map(|ds| {
                ds.iter()
                    .flat_map(|d| d["files"].as_array().unwrap().clone())
                    .map(|f| f.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        (
            j["failed"].clone(),
            j["blocked"].clone(),
            j["summary"].clone(),
            files,
        )
    };
    let before = outcome(&dir);
    assert_eq!(
        before.3,
        vec!["0001-triage-A001.json", "0002-triage-A001.json"]
    );
    let dd = dir.join("decisions");
    std::fs::rename(
        dd.join("0001-triage-A001.json"),
        dd.join("0009-triage-A001.json"),
    )
    .unwrap();
    std::fs::rename(
        dd.join("0002-triage-A001.json"),
        dd.join("0001-triage-A001.json"),
    )
    .unwrap();
    std::fs::rename(
        dd.join("0009-triage-A001.json"),
        dd.join("0002-triage-A001.json"),
    )
    .unwrap();
    assert_eq!(outcome(&dir), before);
    // The fail still counts meanwhile, now in the file called 0002.
    let text = common::stdout(&b.check("en", &dir, &["--app", "A001"]));
    assert!(
        text.contains("none in force: 0002-triage-A001.json (fail"),
        "{text}"
    );

    ok(&b.triage(&dir, "A001", "pass", "settled"));
    let settled = outcome(&dir);
    assert!(settled.3.is_empty());
    assert!(!settled
        .0
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["application"] == "A001"));
    // Settled, then renamed every way: the same.
    std::fs::rename(
        dd.join("0003-triage-A001.json"),
        dd.join("0000-triage-A001.json"),
    )
    .unwrap();
    assert_eq!(outcome(&dir), settled);
    std::fs::rename(dd.join("0001-triage-A001.json"), dd.join("0007-x.json")).unwrap();
    std::fs::rename(dd.join("0002-triage-A001.json"), dd.join("0005-y.json")).unwrap();
    assert_eq!(outcome(&dir), settled);
    let text = common::stdout(&b.check("en", &dir, &["--app", "A001"]));
    assert!(
        text.contains("A001 triage: 0000-triage-A001.json is in force (pass"),
        "{text}"
    );
}

/// Two draws made apart the same day dispute the draw: every other command waits, and a
/// redraw (which names one of them) settles it.
#[test]
fn two_draws_made_apart_are_settled_by_a_redraw() {
    let b = bench();
    let (one, two) = (b.copy("d1"), b.copy("d2"));
    let k = key("SEC01");
    let assign = |dir: &Path, seed: &str, extra: &[&str]| {
        let d = dir.display().to_string();
        let mut args = vec![
            "assign",
            "--seed",
            seed,
            "--panel-size",
            "5",
            "--reserves",
            "2",
            "--key",
            &k,
            "--campaign",
            &d,
        ];
        args.extend_from_slice(extra);
        b.run("en", &args)
    };
    ok(&assign(&one, "1", &[]));
    ok(&assign(&two, "2", &[]));
    let drawn = files(&two);
    std::fs::copy(
        two.join("decisions").join(&drawn[0]),
        one.join("decisions/0002-draw-seed2.json"),
    )
    .unwrap();
    let o = assign(&one, "3", &[]);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("(drawn with seed 1")
            && e.contains("(drawn with seed 2")
            && e.contains("decide the expert draw differently, and neither replaces the other")
            && e.contains("pingshen assign --redraw --reason TEXT"),
        "{e}"
    );
    let o = b.check("en", &one, &[]);
    assert_eq!(code(&o), 1);
    assert!(common::stdout(&o).contains("the expert draw: none in force"));
    ok(&assign(
        &one,
        "3",
        &["--redraw", "--reason", "two draws were made apart"],
    ));
    let text = common::stdout(&b.check("en", &one, &[]));
    assert!(
        text.contains("the expert draw: 0003-draw-seed3.json is in force (redrawn with seed 3"),
        "{text}"
    );
}
