//! The triage view over a secretariat's store made from a campaign folder: it shows the
//! verdicts signed into the folder with `--campaign`, and what it signs lands in the
//! folder's `decisions/` too, numbered after them.

use crate::tui_common;
use pingshen::i18n::Lang;
use pingshen::model::{Role, TriageVerdict};
use pingshen::review::Review;
use pingshen::store::Store;
use pingshen::tui::app::Options;
use pingshen::tui::harness::Harness;
use pingshen::tui::keymap::Keymap;
use pingshen::tui::sources::Signing;
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use std::process::Command;

fn pingshen(db: &std::path::Path, args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("decisions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn the_triage_view_shows_and_signs_the_campaign_folders_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let sec = tui_common::key("SEC01", Role::Secretariat, 9);
    let cdir = tui_common::write(dir.path(), &tui_common::triage_campaign());
    std::fs::write(cdir.join("keys.toml"), tui_common::keys_toml(&[&sec])).unwrap();
    let key = dir.path().join("SEC01.key");
    std::fs::write(&key, sec.to_file_bytes(None).unwrap()).unwrap();
    let db = dir.path().join("store");
    let (c, k) = (cdir.to_str().unwrap(), key.to_str().unwrap());
    pingshen(&db, &["init", c]);
    pingshen(
        &db,
        &[
            "triage",
            "A00001",
            "fail",
            "--reason",
            "not in operation",
            "--key",
            k,
            "--campaign",
            c,
        ],
    );

    let review = Review::open(Store::open(&db).unwrap(), Lang::En).unwrap();
    let opts = Options {
        theme: Theme::colored(),
        keymap: Keymap::bundled(),
        signing: Signing::new(Some(sec), dir.path()),
    };
    let mut ui = Harness::with_options(review, View::Triage, Lang::En, opts, 160, 48).unwrap();
    assert!(ui.settle());
    assert_eq!(
        ui.app.session.verdicts.get("A00001").map(|v| v.0),
        Some(TriageVerdict::Fail)
    );
    let screen = ui.screen();
    let row = screen
        .lines()
        .find(|l| l.starts_with("│A00001"))
        .unwrap_or("");
    assert!(row.contains("fail"), "{screen}");

    // The view's own verdict goes into the folder, numbered after the folder's file.
    ui.press("j");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00002");
    ui.press("p");
    ui.type_text("complete");
    ui.press("<enter>");
    assert!(ui.settle());
    assert!(ui.screen().contains("triage verdict signed: A00002"));
    drop(ui.finish());
    assert_eq!(
        names(&cdir),
        ["0001-triage-A00001.json", "0002-triage-A00002.json"]
    );
    let loaded = pingshen::format::load_campaign(&cdir).unwrap();
    let folder = pingshen::decisions::verified_from_dir(&cdir, &loaded).unwrap();
    assert_eq!(folder.len(), 2);
    assert_eq!(folder[1].1.reason, "complete");
}

/// The folder changes while the triage view is open (`tui --triage` itself refuses to
/// open on a folder changed after `init`): nothing is signed, and the view says so in a
/// sentence that fits whole on the message line of an 80-column terminal, in Chinese and in
/// English, pointing to `pingshen check` for the full one.
#[test]
fn a_folder_changed_while_the_view_is_open_is_said_within_80_columns() {
    for (lang, said) in [
        (
            Lang::Zh,
            "评审任务文件夹在 init 后被改动过，未签署；请退出并运行 pingshen check 查看",
        ),
        (
            Lang::En,
            "campaign folder changed after init; nothing signed: quit, run pingshen check",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let sec = tui_common::key("SEC01", Role::Secretariat, 9);
        let cdir = tui_common::write(dir.path(), &tui_common::triage_campaign());
        std::fs::write(cdir.join("keys.toml"), tui_common::keys_toml(&[&sec])).unwrap();
        let db = dir.path().join("store");
        pingshen(&db, &["init", cdir.to_str().unwrap()]);
        let review = Review::open(Store::open(&db).unwrap(), lang).unwrap();
        let opts = Options {
            theme: Theme::colored(),
            keymap: Keymap::bundled(),
            signing: Signing::new(Some(sec), dir.path()),
        };
        let mut ui = Harness::with_options(review, View::Triage, lang, opts, 80, 24).unwrap();
        assert!(ui.settle());
        let app = cdir.join("applications/A00001.toml");
        let text = std::fs::read_to_string(&app).unwrap();
        let renamed = text.replacen("name = \"", "name = \"新", 1);
        assert_ne!(text, renamed);
        std::fs::write(&app, renamed).unwrap();

        ui.press("p");
        ui.type_text("complete");
        ui.press("<enter>");
        assert!(ui.settle());
        let screen = ui.screen();
        assert!(
            screen.lines().any(|l| l.trim_end() == said),
            "{lang:?}: `{said}` not whole on\n{screen}"
        );
        assert!(ui.app.session.verdicts.is_empty(), "{screen}");
        drop(ui.finish());
        assert!(!cdir.join("decisions").exists());
        let store = Store::open(&db).unwrap();
        assert!(store.decision_files().unwrap().is_empty());
    }
}
