//! `assign`: the public draw is made once; a second draw only with `--redraw --reason`,
//! signed with that reason, which the minutes then list.

use crate::cmd_support::{code, ok, one_sentence};
use crate::common;
use std::path::PathBuf;
use std::process::Output;

struct Office {
    tmp: tempfile::TempDir,
    campaign: PathBuf,
}

impl Office {
    fn new() -> Office {
        let tmp = tempfile::tempdir().unwrap();
        let campaign = tmp.path().join("campaign");
        common::copy_dir(&common::repo().join("fixtures/campaign-2023"), &campaign);
        Office { tmp, campaign }
    }
    fn assign(&self, seed: &str, extra: &[&str]) -> Output {
        let key = common::repo().join("fixtures/demo-keys/SEC01.key");
        let dir = self.campaign.display().to_string();
        let mut args = vec![
            "assign",
            "--seed",
            seed,
            "--panel-size",
            "5",
            "--reserves",
            "2",
            "--key",
            key.to_str().unwrap(),
            "--campaign",
            &dir,
        ];
        args.extend_from_slice(extra);
        common::run(&self.tmp.path().join("store"), &args)
    }
    fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.campaign.join("decisions"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

#[test]
fn a_second_draw_is_refused_naming_the_draw_in_force() {
    let s = Office::new();
    ok(&s.assign("1", &[]));
    let o = s.assign("2", &[]);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    let today = pingshen::clock::today().to_string();
    assert!(
        e.contains(
            "a signed draw is already in force: 0001-draw-seed1.json (seed 1, signed by SEC01 on "
        ) && e.contains(&today)
            && e.contains("--redraw --reason"),
        "{e}"
    );
    assert!(common::stdout(&o).is_empty(), "nothing drawn");
    // --redraw and --reason go together.
    assert_eq!(code(&s.assign("2", &["--redraw"])), 2);
    assert_eq!(code(&s.assign("2", &["--reason", "x"])), 2);
    let o = s.assign("2", &["--redraw", "--reason", " "]);
    assert_eq!(code(&o), 2);
    one_sentence(&o);
    assert_eq!(s.files(), ["0001-draw-seed1.json"]);
}

#[test]
fn redraw_with_nothing_to_redo_is_refused() {
    let s = Office::new();
    let o = s.assign("1", &["--redraw", "--reason", "x"]);
    assert_eq!(code(&o), 2);
    assert!(one_sentence(&o).contains("no draw yet"));
    assert!(!s.campaign.join("decisions").exists());
}

#[test]
fn a_redraw_is_signed_with_its_reason_and_followed_by_packages_and_minutes() {
    let s = Office::new();
    ok(&s.assign("1", &[]));
    let o = s.assign("2", &["--redraw", "--reason", "EXP04 cannot attend"]);
    ok(&o);
    assert!(common::stdout(&o).contains("0002-draw-seed2.json"));
    let loaded = pingshen::format::load_campaign(&s.campaign).unwrap();
    let ds = pingshen::decisions::verified_from_dir(&s.campaign, &loaded).unwrap();
    let (name, redraw) = &ds[1];
    assert_eq!(name, "0002-draw-seed2.json");
    assert!(
        redraw
            .reason
            .starts_with("EXP04 cannot attend; redraw replacing 0001-draw-seed1.json (seed 1)"),
        "{}",
        redraw.reason
    );
    // The new draw is in force: seed 2 moved EXP04 to P1's reserves.
    let db = s.tmp.path().join("store");
    let pkg = s.tmp.path().join("pkg");
    let key = common::repo().join("fixtures/demo-keys/SEC01.key");
    let dir = s.campaign.display().to_string();
    let o = common::run(
        &db,
        &[
            "package",
            "--expert",
            "EXP04",
            "-o",
            pkg.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--campaign",
            &dir,
        ],
    );
    assert_eq!(code(&o), 1, "{}", common::stdout(&o));
    // The minutes list the redraw with its reason.
    let sheets: Vec<String> = std::fs::read_dir(common::repo().join("fixtures/demo-sheets"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".json"))
        .collect();
    let merged = s.tmp.path().join("merged.json");
    let mut args = vec!["merge", "--campaign", &dir];
    args.extend(sheets.iter().map(String::as_str));
    args.extend(["-o", merged.to_str().unwrap()]);
    ok(&common::run(&db, &args));
    let minutes = s.tmp.path().join("minutes.md");
    ok(&common::run(
        &db,
        &[
            "report",
            merged.to_str().unwrap(),
            "--kind",
            "minutes",
            "--format",
            "md",
            "-o",
            minutes.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&minutes).unwrap();
    assert!(
        text.contains("EXP04 cannot attend; redraw replacing 0001-draw-seed1.json"),
        "{text}"
    );
}

/// The redraw names the draw it replaces in its signed content: renamed so that the first
/// draw's file sorts last, the redraw is still the one in force.
#[test]
fn the_redraw_stands_whatever_the_files_are_called() {
    let s = Office::new();
    ok(&s.assign("1", &[]));
    ok(&s.assign("2", &["--redraw", "--reason", "a drawn expert fell ill"]));
    let d = s.campaign.join("decisions");
    std::fs::rename(
        d.join("0001-draw-seed1.json"),
        d.join("0009-draw-seed1.json"),
    )
    .unwrap();
    std::fs::rename(
        d.join("0002-draw-seed2.json"),
        d.join("0001-draw-seed2.json"),
    )
    .unwrap();
    let o = s.assign("3", &[]);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("already in force: 0001-draw-seed2.json (seed 2"),
        "{e}"
    );
}
