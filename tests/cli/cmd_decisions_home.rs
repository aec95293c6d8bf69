//! One set of decisions however a command is invoked: a secretariat's store made by `init`
//! from a campaign folder remembers it, writes decisions signed through the store into the
//! folder's `decisions/` too, and reads the union of both; `package` without `--campaign`
//! packages from that folder.

use crate::cmd_support::{code, ok, one_sentence};
use crate::common;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A working folder as the guide's secretariat has it: the bundled campaign and the demo
/// keys, and a store path.
struct Office {
    tmp: tempfile::TempDir,
    campaign: PathBuf,
    db: PathBuf,
}

impl Office {
    fn new() -> Office {
        let tmp = tempfile::tempdir().unwrap();
        let campaign = tmp.path().join("campaign");
        common::copy_dir(&common::repo().join("fixtures/campaign-2023"), &campaign);
        let db = tmp.path().join("store");
        Office { tmp, campaign, db }
    }
    fn key(&self, id: &str) -> String {
        common::repo()
            .join(format!("fixtures/demo-keys/{id}.key"))
            .display()
            .to_string()
    }
    fn dir(&self) -> String {
        self.campaign.display().to_string()
    }
    fn out(&self, name: &str) -> String {
        self.tmp.path().join(name).display().to_string()
    }
    fn run(&self, args: &[&str]) -> Output {
        common::run(&self.db, args)
    }
    fn triage(&self, app: &str, verdict: &str, reason: &str, campaign: bool) -> Output {
        let key = self.key("SEC01");
        let dir = self.dir();
        let mut args = vec!["triage", app, verdict, "--reason", reason, "--key", &key];
        if campaign {
            args.extend(["--campaign", &dir]);
        }
        self.run(&args)
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("decisions"))
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn summary(o: &Output) -> String {
    common::stdout(o).lines().nth(1).unwrap_or("").to_string()
}

#[test]
fn a_verdict_signed_through_the_store_keeps_its_application_out_of_every_package() {
    let s = Office::new();
    ok(&s.run(&["init", &s.dir()]));
    ok(&s.triage("A051", "fail", "lead is an investment company", true));
    let o = s.triage("A001", "fail", "not in operation", false);
    ok(&o);
    let out = common::stdout(&o);
    assert!(out.contains("decisions/0002-triage-A001.json"), "{out}");
    assert!(out.contains("kept in the store"), "{out}");
    // One numbering: the folder holds both, the store holds the one signed through it.
    assert_eq!(
        names(&s.campaign),
        ["0001-triage-A051.json", "0002-triage-A001.json"]
    );
    let store = pingshen::store::Store::open(&s.db).unwrap();
    let held: Vec<String> = store
        .decision_files()
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(held, ["0002-triage-A001.json"]);
    drop(store);
    // `check` and `check --campaign` see the same decisions.
    let through_store = s.run(&["check"]);
    let through_folder = s.run(&["check", "--campaign", &s.dir()]);
    assert_eq!(summary(&through_store), summary(&through_folder));
    for o in [
        s.run(&["check", "--app", "A001"]),
        s.run(&["check", "--app", "A001", "--campaign", &s.dir()]),
    ] {
        let text = common::stdout(&o);
        assert!(
            text.contains(
                "fails formal review: the secretariat's triage verdict is fail (not in operation)"
            ),
            "{text}"
        );
    }
    let text = common::stdout(&s.run(&["check", "--app", "A051"]));
    assert!(
        text.contains("triage verdict is fail (lead is an investment company)"),
        "{text}"
    );

    ok(&s.run(&[
        "assign",
        "--seed",
        "20240420",
        "--panel-size",
        "5",
        "--reserves",
        "2",
        "--key",
        &s.key("SEC01"),
        "--campaign",
        &s.dir(),
    ]));
    // EXP06's panel holds A001: neither package carries it, and both carry the folder's
    // three decisions and the documents.
    let with = s.out("pkg-with");
    let without = s.out("pkg-without");
    let sec = s.key("SEC01");
    let o = s.run(&[
        "package",
        "--expert",
        "EXP06",
        "-o",
        &with,
        "--key",
        &sec,
        "--campaign",
        &s.dir(),
    ]);
    ok(&o);
    let told_with = common::stdout(&o);
    let o = s.run(&[
        "package", "--expert", "EXP06", "-o", &without, "--key", &sec,
    ]);
    ok(&o);
    let told_without = common::stdout(&o);
    for (pkg, told) in [(&with, &told_with), (&without, &told_without)] {
        let apps = Path::new(pkg).join("applications");
        assert!(apps.join("A003.toml").is_file(), "{told}");
        assert!(!apps.join("A001.toml").exists(), "{told}");
        assert!(told.contains("3 decisions"), "{told}");
        assert_eq!(names(Path::new(pkg)).len(), 3);
    }
    let tail = |t: &str| t.split_once(" (expert").map(|x| x.1.to_string());
    assert_eq!(tail(&told_with), tail(&told_without));
}

#[test]
fn a_verdict_signed_into_the_folder_shows_through_the_store() {
    let s = Office::new();
    ok(&s.run(&["init", &s.dir()]));
    ok(&s.triage("A051", "fail", "lead is an investment company", true));
    let text = common::stdout(&s.run(&["check", "--app", "A051"]));
    assert!(
        text.contains("triage verdict is fail (lead is an investment company)"),
        "{text}"
    );
    // A later verdict through the store replaces it, and is numbered after it.
    ok(&s.triage("A051", "pass", "the zone operator's letter arrived", false));
    assert_eq!(
        names(&s.campaign),
        ["0001-triage-A051.json", "0002-triage-A051.json"]
    );
    let text = common::stdout(&s.run(&["check", "--app", "A051", "--campaign", &s.dir()]));
    assert!(text.contains("formal review: passes"), "{text}");
    assert!(text.contains("0002-triage-A051.json is in force"), "{text}");
}

#[test]
fn a_store_whose_folder_is_gone_or_changed_signs_nothing_and_says_why() {
    let s = Office::new();
    ok(&s.run(&["init", &s.dir()]));
    let moved = s.tmp.path().join("moved");
    std::fs::rename(&s.campaign, &moved).unwrap();
    let o = s.triage("A001", "fail", "x", false);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(e.contains("is not there") && e.contains("init"), "{e}");
    let o = s.run(&["check"]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("is not there"));
    let o = s.run(&[
        "package",
        "--expert",
        "EXP06",
        "-o",
        &s.out("pkg"),
        "--key",
        &s.key("SEC01"),
    ]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("is not there"));
    // In Chinese too.
    let o = std::process::Command::new(common::bin())
        .args(["--db", s.db.to_str().unwrap(), "--lang", "zh", "check"])
        .output()
        .unwrap();
    assert!(one_sentence(&o).contains("已不在原处"));
    std::fs::rename(&moved, &s.campaign).unwrap();
    let store = pingshen::store::Store::open(&s.db).unwrap();
    assert!(store.decision_files().unwrap().is_empty());
    drop(store);

    // The folder's campaign changed after init (an application renamed): its digest is no
    // longer the store's, so nothing signed here would verify there.
    let a = s.campaign.join("applications/A001.toml");
    let text = std::fs::read_to_string(&a).unwrap();
    let renamed = text.replacen("name = \"", "name = \"新", 1);
    assert_ne!(text, renamed);
    std::fs::write(&a, renamed).unwrap();
    let o = s.triage("A001", "fail", "x", false);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(e.contains("no longer holds the campaign"), "{e}");
    let o = s.run(&[
        "package",
        "--expert",
        "EXP06",
        "-o",
        &s.out("pkg"),
        "--key",
        &s.key("SEC01"),
    ]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("no longer holds the campaign"));
    assert!(names(&s.campaign).is_empty());
    // A decision signed for the changed folder tells the store's readers the same.
    ok(&s.triage("A002", "pass", "x", true));
    let o = s.run(&["check"]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("no longer holds the campaign"));
}

#[test]
fn a_package_and_an_older_store_remember_no_folder() {
    let s = Office::new();
    ok(&s.run(&["init", &s.dir()]));
    let store = pingshen::store::Store::open(&s.db).unwrap();
    let remembered = store.campaign_folder().unwrap().unwrap();
    assert!(remembered.is_absolute());
    assert_eq!(remembered, std::fs::canonicalize(&s.campaign).unwrap());
    drop(store);
    // An expert's store from a package takes decisions in with `receive` only.
    let pkg = s.out("pkg");
    ok(&s.run(&[
        "package",
        "--expert",
        "EXP04",
        "-o",
        &pkg,
        "--key",
        &s.key("SEC01"),
    ]));
    let expert_db = s.tmp.path().join("expert-store");
    ok(&common::run(&expert_db, &["init", &pkg]));
    let store = pingshen::store::Store::open(&expert_db).unwrap();
    assert_eq!(store.campaign_folder().unwrap(), None);
    drop(store);
    // A store made before stores remembered their folder keeps its decisions to itself.
    let loaded = pingshen::format::load_campaign(&s.campaign).unwrap();
    let old_db = s.tmp.path().join("old-store");
    pingshen::store::Store::create(
        &old_db,
        &loaded.campaign,
        loaded.keys_toml.as_deref(),
        &[],
        None,
        "2024-04-20T08:00:00Z",
    )
    .unwrap();
    let o = common::run(
        &old_db,
        &[
            "triage",
            "A001",
            "fail",
            "--reason",
            "x",
            "--key",
            &s.key("SEC01"),
        ],
    );
    ok(&o);
    assert!(common::stdout(&o).contains("signed decision stored as 0001-triage-A001.json"));
    assert!(names(&s.campaign).is_empty());
}

#[test]
fn a_recovered_store_still_writes_into_its_folder() {
    let s = Office::new();
    ok(&s.run(&["init", &s.dir()]));
    std::fs::remove_dir_all(s.db.join("sled")).unwrap();
    ok(&s.run(&["recover"]));
    ok(&s.triage("A001", "fail", "x", false));
    assert_eq!(names(&s.campaign), ["0001-triage-A001.json"]);
}

/// The folder took new applications after `init` (`intake` after `init`, the guide's steps
/// the other way round): every command that would read the store's old campaign says so
/// first. `check` reports nothing on the old campaign (nor calls a new application unknown),
/// `assign` shows no draw it would then throw away, and the triage view does not open.
#[test]
fn a_folder_changed_after_init_is_said_up_front_by_check_assign_and_the_triage_view() {
    let s = Office::new();
    ok(&s.run(&["init", &s.dir()]));
    let xlsx = common::repo().join("fixtures/intake-2023/mwr.xlsx");
    ok(&s.run(&["intake", xlsx.to_str().unwrap(), "--campaign", &s.dir()]));
    let changed = |o: &Output| {
        let e = one_sentence(o);
        assert!(
            e.contains(&format!(
                "the campaign folder {} no longer holds the campaign the store {} was loaded from (it changed after `init`)",
                s.dir(),
                s.db.display()
            )),
            "{e}"
        );
        assert!(common::stdout(o).is_empty(), "{}", common::stdout(o));
    };
    for args in [
        &["check"][..],
        &["check", "--app", "A105"],
        &["check", "--format", "json"],
    ] {
        let o = s.run(args);
        assert_eq!(code(&o), 1, "{args:?}");
        changed(&o);
    }
    let key = s.key("SEC01");
    let o = s.run(&[
        "assign",
        "--seed",
        "1",
        "--panel-size",
        "5",
        "--reserves",
        "2",
        "--key",
        &key,
    ]);
    assert_eq!(code(&o), 1);
    changed(&o);
    // Before any terminal is opened (there is none here): the same sentence.
    let o = s.run(&["tui", "--triage", "--key", &key]);
    assert_eq!(code(&o), 1);
    changed(&o);
    assert!(names(&s.campaign).is_empty());
    let store = pingshen::store::Store::open(&s.db).unwrap();
    assert!(store.decision_files().unwrap().is_empty());
    drop(store);
    // In Chinese, the sentence `triage` gives.
    let o = common::run_lang("zh", &s.db, &["check"]);
    let e = one_sentence(&o);
    assert!(e.contains("init 之后被改动过"), "{e}");
    common::assert_chinese(&e);
    let o = common::run_lang(
        "zh",
        &s.db,
        &[
            "triage",
            "A001",
            "pass",
            "--reason",
            "材料齐全",
            "--key",
            &key,
        ],
    );
    assert_eq!(one_sentence(&o), e);
    // The folder itself is read as it is now, new application and all.
    let o = s.run(&["check", "--app", "A105", "--campaign", &s.dir()]);
    assert!(
        common::stdout(&o).contains("A105"),
        "{}",
        common::stderr(&o)
    );
}
