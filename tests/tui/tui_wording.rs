//! The interface speaks for itself: no command-line flags in its messages, no question
//! asked that cannot be answered, keys named as the key map has them, panes named as the
//! tab bar names them, and scores typed as a Chinese input method types them.

use crate::tui_common;
use pingshen::i18n::Lang;
use pingshen::model::Points;
use pingshen::tui::app::Options;
use pingshen::tui::harness::Harness;
use pingshen::tui::input::Purpose;
use pingshen::tui::keymap::Keymap;
use pingshen::tui::sources::Signing;
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use tui_common::EXPERT;
use unicode_width::UnicodeWidthStr;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// The line under the status bar.
fn last_line(ui: &Harness) -> String {
    ui.screen().lines().last().unwrap_or_default().to_string()
}

#[test]
fn an_empty_reason_is_asked_for_again_in_the_interfaces_words() {
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let mut ui = tui_common::expert(dir.path(), 6, lang, true, 80, 24);
        ui.press("<alt-4>d<enter>");
        // Nothing was sent; the question stays open, saying what is missing.
        assert_eq!(ui.app.jobs, 0);
        assert!(
            matches!(
                ui.app.input.as_ref().map(|i| &i.purpose),
                Some(Purpose::Declare { .. })
            ),
            "{}",
            ui.screen()
        );
        let line = last_line(&ui);
        let said = lang.pick("理由不能为空，请填写理由", "a reason is needed: write one");
        assert!(line.contains(said), "{line}");
        assert!(!ui.screen().contains("--reason"), "{}", ui.screen());
        // Spaces are no reason either.
        ui.type_text("  ");
        ui.press("<enter>");
        assert!(last_line(&ui).contains(said));
        // Typing clears the remark; a reason declares.
        ui.press("<backspace><backspace>");
        ui.type_text("曾参与该项目论证");
        assert!(!last_line(&ui).contains(said), "{}", last_line(&ui));
        ui.press("<enter>");
        assert!(ui.settle());
        assert!(ui.app.input.is_none());
        let review = ui.finish().unwrap();
        let decl = review.store.declarations(Some(EXPERT)).unwrap();
        assert_eq!(decl.len(), 1);
    }
}

#[test]
fn triage_without_a_key_says_so_before_asking_a_reason() {
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let review = tui_common::review(dir.path(), 6, lang);
        let mut ui = Harness::new(review, View::Triage, lang, Theme::colored(), 80, 24).unwrap();
        assert!(ui.settle());
        for k in ["p", "x", "i"] {
            ui.press(k);
            assert!(ui.app.input.is_none(), "{k}: a reason asked for");
            let line = last_line(&ui);
            // Whole within 80 columns: how to start with a key, to its last word.
            assert!(line.contains("pingshen tui --triage --key"), "{line}");
            let end = lang.pick("打开", "FILE`");
            assert!(line.trim_end().ends_with(end), "{line}");
            assert!(line.width() <= 80, "{line}");
        }
    }
}

#[test]
fn a_digit_in_the_list_says_where_scores_go() {
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let mut ui = tui_common::expert(dir.path(), 6, lang, true, 80, 24);
        for pane in ["<alt-1>", "<alt-2>", "<alt-4>"] {
            ui.press(pane);
            ui.press("7");
            assert!(ui.app.input.is_none());
            let line = last_line(&ui);
            let pane_name = lang.pick("「评分」", "Scoring");
            for part in [pane_name, "Alt-3", "Tab"] {
                assert!(line.contains(part), "{pane}: {line}");
            }
            assert!(line.width() <= 80, "{line}");
        }
        // Where scores are typed, a digit types one.
        ui.press("<alt-3>7");
        assert!(ui.app.input.is_some());
    }
}

/// The tab bar's names: `1 项目列表` gives (1, 项目列表).
fn tabs(screen: &str) -> Vec<(String, String)> {
    let first = screen.lines().next().unwrap_or_default();
    first
        .split("   ")
        .filter_map(|t| {
            let t = t.trim();
            let (n, name) = t.split_once(' ')?;
            Some((n.to_string(), name.to_string()))
        })
        .collect()
}

#[test]
fn the_help_names_panes_as_the_tab_bar_does() {
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let expert = tui_common::expert(dir.path(), 6, lang, true, 80, 24);
        let dir2 = tempfile::tempdir().unwrap();
        let store = tui_common::store(dir2.path(), &tui_common::triage_campaign());
        let review = pingshen::review::Review::open(store, lang).unwrap();
        let triage = Harness::new(review, View::Triage, lang, Theme::colored(), 80, 24).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let merged = pingshen::commands::demo::merge_bundled(tmp.path(), lang)
            .unwrap_or_else(|f| panic!("{}", f.message));
        let options = Options::new(Theme::colored());
        let chair = Harness::chair(merged.campaign, merged.output, lang, options, 80, 24).unwrap();
        for (what, ui, count) in [
            ("expert", expert, 4),
            ("triage", triage, 3),
            ("chair", chair, 6),
        ] {
            let tabs = tabs(&ui.screen());
            assert_eq!(tabs.len(), count, "{what}: {tabs:?}");
            let help = ui.app.help_text();
            for (n, name) in tabs {
                let key = format!("Alt-{n} ");
                let line = help
                    .iter()
                    .find(|l| l.trim_start().starts_with(&key))
                    .unwrap_or_else(|| panic!("{what}: no {key} in {help:#?}"));
                assert!(
                    line.contains(&name),
                    "{what}: tab `{n} {name}`, help `{line}`"
                );
            }
        }
    }
}

#[test]
fn a_rebound_quit_shows_wherever_keys_are_named() {
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let review = tui_common::review(dir.path(), 6, lang);
        // As `[keys] quit = "Q"` in config.toml gives it.
        let opts = Options {
            theme: Theme::colored(),
            keymap: Keymap::configured([("quit", "Q")]).unwrap(),
            signing: Signing::default(),
        };
        let view = View::Expert(EXPERT.into());
        let mut ui = Harness::with_options(review, view, lang, opts, 80, 24).unwrap();
        assert!(ui.settle());
        let screen = ui.screen();
        let (ack, hint) = match lang {
            Lang::Zh => ("按 y 确认并记录承诺，按 Q 退出", "Q 退出"),
            Lang::En => (
                "Press y to acknowledge and record the commitment, Q to quit",
                "Q quit",
            ),
        };
        assert!(screen.contains(ack), "{screen}");
        assert!(last_line(&ui).contains(hint), "{}", last_line(&ui));
        ui.press("y");
        assert!(ui.settle());
        ui.app.status.message = None;
        let line = last_line(&ui);
        assert!(line.contains(hint) && !line.contains("q "), "{line}");
        ui.press("Q");
        assert!(ui.app.quit);
    }
}

#[test]
fn the_search_title_names_the_order_shown() {
    for lang in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let mut ui = tui_common::expert(dir.path(), 6, lang, true, 80, 24);
        let (by_id, by_relevance) = match lang {
            Lang::Zh => ("[排序:编号]", "[排序:相关度]"),
            Lang::En => ("[sort:id]", "[sort:relevance]"),
        };
        assert!(ui.screen().contains(by_id));
        ui.press("/");
        ui.type_text("安全");
        let screen = ui.screen();
        assert!(
            screen.contains(by_relevance) && !screen.contains(by_id),
            "{screen}"
        );
        ui.press("<esc>");
        assert!(ui.screen().contains(by_id));
    }
}

#[test]
fn full_width_digits_score_in_the_interface() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::Zh, true, 80, 24);
    // As a Chinese input method in full-width mode types them, the first digit too.
    ui.press("<alt-3>");
    ui.type_text("２２．５");
    assert_eq!(
        ui.app.input.as_ref().map(|i| i.text.as_str()),
        Some("２２．５")
    );
    ui.press("<enter>");
    assert!(ui.settle());
    ui.press("j");
    ui.type_text("２０");
    ui.press("<enter>");
    assert!(ui.settle());
    let screen = ui.screen();
    assert!(
        screen.contains("[22.5]") && screen.contains("[20]"),
        "{screen}"
    );
    let review = ui.finish().unwrap();
    let mut values: Vec<Points> = review
        .store
        .scores(Some(EXPERT))
        .unwrap()
        .iter()
        .map(|s| s.value)
        .collect();
    values.sort();
    assert_eq!(values, vec![Points(2000), Points(2250)]);
}
