//! `assign`: the public draw is made once; a second draw only with `--redraw --reason`,
//! signed with that reason, which the minutes then list. The seed and sizes are the draw's
//! signed content, shown in the language of whoever reads them.

use crate::cmd_support::{code, ok, one_sentence};
use crate::common;
use pingshen::model::{Decision, Ruling};
use std::path::{Path, PathBuf};
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

/// The decisions of the campaign folder, verified, by file name.
fn decisions(campaign: &Path) -> Vec<(String, Decision)> {
    let loaded = pingshen::format::load_campaign(campaign).unwrap();
    pingshen::decisions::verified_from_dir(campaign, &loaded).unwrap()
}

/// The demo sheets, merged over the campaign, and the minutes in `lang` as Markdown.
fn minutes(s: &Office, lang: &str) -> String {
    let db = s.tmp.path().join("store");
    let dir = s.campaign.display().to_string();
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
    let minutes = s.tmp.path().join(format!("minutes-{lang}.md"));
    ok(&common::run_lang(
        lang,
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
    std::fs::read_to_string(&minutes).unwrap()
}

/// The rows of the minutes' table of decisions.
fn decision_rows(md: &str) -> Vec<String> {
    let at = ["## 5 Decisions", "## 五、决定事项"]
        .iter()
        .find_map(|h| md.find(h))
        .unwrap_or(md.len());
    md[at..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_redraw_is_signed_with_its_reason_and_followed_by_packages_and_minutes() {
    let s = Office::new();
    ok(&s.assign("1", &[]));
    let o = s.assign("2", &["--redraw", "--reason", "EXP04 cannot attend"]);
    ok(&o);
    assert!(common::stdout(&o).contains("0002-draw-seed2.json"));
    let ds = decisions(&s.campaign);
    let (name, first) = &ds[0];
    assert_eq!(name, "0001-draw-seed1.json");
    // The seed and sizes are signed fields of the draw, not words in its reason; the redraw
    // names the draw it replaces by digest, and its reason is the secretariat's alone.
    assert_eq!(first.reason, "");
    assert!(matches!(first.ruling, Ruling::Draw { seed: 1, .. }));
    assert_eq!(first.ruling.draw_sizes(), Some((5, 2)));
    let (name, redraw) = &ds[1];
    assert_eq!(name, "0002-draw-seed2.json");
    assert_eq!(redraw.reason, "EXP04 cannot attend");
    assert!(matches!(redraw.ruling, Ruling::Draw { seed: 2, .. }));
    assert_eq!(redraw.ruling.draw_sizes(), Some((5, 2)));
    assert_eq!(redraw.supersedes.as_deref(), Some(first.digest().as_str()));
    // No file name is frozen into what was signed.
    for f in s.files() {
        let bytes = std::fs::read_to_string(s.campaign.join("decisions").join(&f)).unwrap();
        assert!(!bytes.contains(".json"), "{f}: {bytes}");
    }
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
    // The minutes list both draws in the order made, the first marked replaced, each with
    // its figures in the report's language and only the reason the secretariat gave.
    let rows = decision_rows(&minutes(&s, "en"));
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("| 1 | ")
            && rows[0].contains("| expert draw (seed 1, panel size 5, reserves 2) |  |")
            && rows[0].contains("| superseded by No. 2 |"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1]
            .contains("| expert redraw (seed 2, panel size 5, reserves 2) | EXP04 cannot attend |")
            && rows[1].contains("| in force; replaces No. 1 |"),
        "{}",
        rows[1]
    );
    let rows = decision_rows(&minutes(&s, "zh"));
    assert!(
        rows[0].contains("| 专家抽取（种子 1，每组 5 名专家、2 名候补） |  |")
            && rows[0].contains("| 被第 2 号决定取代 |"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1]
            .contains("| 专家重新抽取（种子 2，每组 5 名专家、2 名候补） | EXP04 cannot attend |")
            && rows[1].contains("| 有效，取代第 1 号决定 |"),
        "{}",
        rows[1]
    );
}

/// In a Chinese run, the draw's own words are Chinese everywhere they are shown: the
/// minutes and `check`'s list of decisions in force; only the reason the user typed is
/// theirs.
#[test]
fn a_chinese_run_shows_the_draw_in_chinese() {
    let s = Office::new();
    let key = common::repo().join("fixtures/demo-keys/SEC01.key");
    let dir = s.campaign.display().to_string();
    let db = s.tmp.path().join("store");
    let draw = |seed: &str, extra: &[&str]| {
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
        common::run_lang("zh", &db, &args)
    };
    ok(&draw("1", &[]));
    ok(&draw("2", &["--redraw", "--reason", "专家生病"]));
    assert_eq!(decisions(&s.campaign)[1].1.reason, "专家生病");
    let md = minutes(&s, "zh");
    let rows = decision_rows(&md);
    assert_eq!(rows.len(), 2, "{md}");
    for r in &rows {
        common::assert_chinese(r);
    }
    let o = common::run_lang("zh", &db, &["check", "--campaign", &dir]);
    let out = common::stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("专家抽取："))
        .unwrap_or_default();
    assert!(
        line.contains(
            "以 0002-draw-seed2.json 为准（重新抽取，种子 2，每组 5 名专家、2 名候补，SEC01 于 "
        ) && line.contains("理由：专家生病）")
            && line.ends_with("取代 0001-draw-seed1.json"),
        "{out}"
    );
    common::assert_chinese(line);
}

/// A refused draw shows nothing: the draw is public, and one shown and then not signed
/// would be read as made.
#[test]
fn a_draw_refused_at_signing_prints_no_draw() {
    let s = Office::new();
    // The chair's key may not sign a draw; that is found only when signing.
    let chair = common::repo().join("fixtures/demo-keys/CH01.key");
    let dir = s.campaign.display().to_string();
    let o = common::run(
        &s.tmp.path().join("store"),
        &[
            "assign",
            "--seed",
            "1",
            "--panel-size",
            "5",
            "--reserves",
            "2",
            "--key",
            chair.to_str().unwrap(),
            "--campaign",
            &dir,
        ],
    );
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("secretariat"));
    assert!(common::stdout(&o).is_empty(), "{}", common::stdout(&o));
    assert!(!s.campaign.join("decisions").exists());
}

/// Draws signed before the figures were signed fields carry them as English words in the
/// reason, a redraw's also the replaced file's name: they still verify and weigh, and
/// their records show the figures from the draw itself and only the words a person wrote.
#[test]
fn older_draws_with_their_figures_in_the_reason_still_read() {
    let s = Office::new();
    ok(&s.assign("1", &[]));
    ok(&s.assign("2", &["--redraw", "--reason", "x"]));
    let ds = decisions(&s.campaign);
    let key = pingshen::keys::PrivateKey::load(
        &common::repo().join("fixtures/demo-keys/SEC01.key"),
        None,
    )
    .unwrap();
    // Re-signed as the older assign wrote them.
    let mut first = ds[0].1.clone();
    first.reason = "seed 1, panel size 5, reserves 2".into();
    let mut redraw = ds[1].1.clone();
    redraw.reason = "EXP04 cannot attend; redraw replacing 0001-draw-seed1.json (seed 1); seed 2, panel size 5, reserves 2".into();
    redraw.supersedes = Some(first.digest());
    let d = s.campaign.join("decisions");
    for (name, decision) in [
        ("0001-draw-seed1.json", first),
        ("0002-draw-seed2.json", redraw),
    ] {
        let signed = pingshen::sheet::sign_decision(decision, &key).unwrap();
        std::fs::write(
            d.join(name),
            pingshen::sheet::decision_file_bytes(&signed).unwrap(),
        )
        .unwrap();
    }
    let rows = decision_rows(&minutes(&s, "zh"));
    assert!(
        rows[0].contains("| 专家抽取（种子 1，每组 5 名专家、2 名候补） |  |"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1]
            .contains("| 专家重新抽取（种子 2，每组 5 名专家、2 名候补） | EXP04 cannot attend |"),
        "{}",
        rows[1]
    );
    // The older redraw is still the one in force.
    let e = one_sentence(&s.assign("3", &[]));
    assert!(
        e.contains("already in force: 0002-draw-seed2.json (seed 2"),
        "{e}"
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
