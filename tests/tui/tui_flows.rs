//! Key flows driven like real input: key events -> key map -> actions -> update, with the
//! worker's replies taken in, then checked on screen and in the store.

use crate::tui_common;
use pingshen::decisions::verified_from_store;
use pingshen::i18n::Lang;
use pingshen::keys::{Keyring, PrivateKey};
use pingshen::model::{Decision, Points, Role, Ruling};
use pingshen::review::Review;
use pingshen::sheet::{decision_file_bytes, judge_sheets, sign_decision, Outcome};
use pingshen::tui::app::{Event, Options};
use pingshen::tui::harness::{press, Harness};
use pingshen::tui::keymap::Keymap;
use pingshen::tui::sources::{ApplicationSearch, IndexSearch, Signing, SubstringSearch};
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_common::EXPERT;

fn scores(ui: Harness) -> Vec<pingshen::model::Score> {
    let review = ui.finish().expect("worker returns the review");
    review.store.scores(Some(EXPERT)).unwrap()
}

#[test]
fn commitment_first_then_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::Zh, false, 80, 24);
    // Keys other than y, ? and q do nothing on the commitment screen.
    ui.press("<alt-3>5<enter>/jn");
    assert_eq!(ui.app.jobs, 0);
    assert!(ui.screen().contains("保密及回避承诺"));
    ui.press("y");
    assert!(ui.settle());
    let screen = ui.screen();
    assert!(
        screen.contains("A00001") && screen.contains("已保存"),
        "{screen}"
    );
    let review = ui.finish().unwrap();
    assert!(review.has_pledged(EXPERT).unwrap());
}

#[test]
fn score_every_way_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::Zh, true, 80, 24);
    ui.press("<alt-3>22.5<enter>");
    assert!(ui.settle());
    insta::assert_snapshot!("flow_scored_rubric_zh", ui.screen());
    // Too high: the Review's own message, nothing saved.
    ui.press("j31<enter>");
    assert!(ui.settle());
    let screen = ui.screen();
    assert!(screen.contains("0 到 25 之间"), "{screen}");
    // Off step.
    ui.press("12.25<enter>");
    assert!(ui.settle());
    // Esc cancels an entry.
    ui.press("9<esc>");
    assert_eq!(ui.app.jobs, 0);
    // + from unscored starts at 0, then steps by 0.5; - steps back.
    ui.press("++");
    assert!(ui.settle());
    ui.press("+-+");
    assert!(ui.settle());
    // A comment in Chinese on the first criterion, typed and pasted.
    ui.press("kc");
    ui.type_text("创新突出，");
    ui.app.handle_event(Event::Paste("建议推广".into()));
    ui.press("<enter>");
    assert!(ui.settle());
    let s = scores(ui);
    let get = |c: &str| s.iter().find(|x| x.key.criterion == c).unwrap();
    assert_eq!(get("innovation").value, Points(2250));
    assert_eq!(get("innovation").comment, "创新突出，建议推广");
    assert_eq!(get("advancement").value, Points(100));
    assert_eq!(s.len(), 2);
}

#[test]
fn comment_needs_a_score_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::En, true, 80, 24);
    ui.press("<alt-3>c");
    assert!(ui.app.input.is_none());
    assert!(ui.screen().contains("score this criterion first"));
}

#[test]
fn declare_locks_the_application() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::Zh, true, 160, 48);
    ui.press("<alt-4>d");
    ui.type_text("持有牵头单位股份");
    ui.press("<enter>");
    assert!(ui.settle());
    let screen = ui.screen();
    assert!(
        screen.contains("回避") && screen.contains("评分已锁定"),
        "{screen}"
    );
    insta::assert_snapshot!("flow_declared_zh_160x48", screen);
    // The rubric refuses keys now.
    ui.press("<alt-3>7+");
    assert!(ui.app.input.is_none());
    assert_eq!(ui.app.jobs, 0);
    assert!(ui.screen().contains("须回避"));
    let review = ui.finish().unwrap();
    let d = review.store.declarations(Some(EXPERT)).unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].application, "A00001");
    assert_eq!(d[0].reason, "持有牵头单位股份");
}

#[test]
fn search_filter_sort_and_next_unscored() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::En, true, 80, 24);
    // The pinyin index is built after the first frame; wait for it so results are its.
    assert!(ui.settle());
    assert!(!ui.app.indexing);
    ui.press("/");
    ui.type_text("大模型");
    let screen = ui.screen();
    insta::assert_snapshot!("flow_search_en", screen);
    assert!(screen.contains("A00002") && !screen.contains("A00003"));
    ui.press("<enter>");
    assert_eq!(ui.app.list.view.len(), 1);
    // Esc in the list clears the search.
    ui.press("<esc>");
    assert_eq!(ui.app.list.view.len(), 6);
    // Pinyin initials (大模型: dmx) and a lead unit's name find it too.
    ui.press("/");
    ui.type_text("dmx");
    assert_eq!(ui.app.list.view.len(), 1);
    assert_eq!(ui.app.selected_app().unwrap().id, "A00002");
    ui.press("<esc>/");
    ui.type_text("澄明智算");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00002");
    ui.press("<esc>");
    // Search by id; a miss shows no rows.
    ui.press("/");
    ui.type_text("a00004");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00004");
    ui.press("<esc>");
    assert_eq!(
        ui.app.list.view.len(),
        6,
        "Esc in the input restores the view"
    );
    assert_eq!(
        ui.app.selected_app().unwrap().id,
        "A00004",
        "the found one stays selected"
    );
    // Score A00001 fully; `n` then skips it.
    ui.press("g<alt-3>20<enter>j20<enter>j20<enter>j15<enter>");
    assert!(ui.settle());
    ui.press("<alt-1>g");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00001");
    assert!(ui.screen().contains(" scored "));
    ui.press("N");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00006");
    ui.press("n");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00002");
    // Filters: to do (A00001 scored and A00005 under a conflict gone), then each
    // direction in turn, then all.
    ui.press("f");
    assert_eq!(ui.app.list.view.len(), 4);
    ui.press("f");
    assert_eq!(ui.app.list.view.len(), 1, "direction 1");
    ui.press("ff");
    assert_eq!(ui.app.list.view.len(), 1, "direction 3");
    ui.press("ff");
    assert_eq!(ui.app.list.view.len(), 1, "direction 13");
    ui.press("f");
    assert_eq!(ui.app.list.view.len(), 6);
    // Sort by direction then by status.
    ui.press("s");
    let first = ui
        .app
        .list
        .view
        .iter()
        .map(|&r| ui.app.session.app(r as usize).unwrap().direction())
        .collect::<Vec<_>>();
    assert_eq!(first, vec![1, 2, 3, 4, 4, 13]);
    ui.press("s");
    let tail: Vec<&str> = ui.app.list.view[4..]
        .iter()
        .map(|&r| ui.app.session.app(r as usize).unwrap().id.as_str())
        .collect();
    assert_eq!(
        tail,
        vec!["A00001", "A00005"],
        "scored, then the conflict, last"
    );
    insta::assert_snapshot!("flow_sorted_by_status_en", ui.screen());
}

#[test]
fn panes_cycle_and_tabs_collapse() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::En, true, 80, 24);
    use pingshen::tui::action::PaneId::*;
    let mut seen = vec![];
    for _ in 0..4 {
        seen.push(ui.app.focus);
        ui.press("<tab>");
    }
    assert_eq!(seen, vec![List, Detail, Rubric, Conflicts]);
    assert_eq!(ui.app.focus, List);
    ui.press("<backtab>");
    assert_eq!(ui.app.focus, Conflicts);
    ui.press("<alt-2>");
    assert_eq!(ui.app.focus, Detail);
    // Scrolling the detail is bounded by its content.
    ui.press("<pgdn><pgdn><pgdn><pgdn><pgdn><pgdn>");
    let s1 = ui.app.detail.scroll;
    ui.press("j");
    assert_eq!(ui.app.detail.scroll, s1);
    ui.press("k");
    assert_eq!(ui.app.detail.scroll, s1.saturating_sub(1));
    ui.press("h");
    assert_eq!(ui.app.focus, List);
    // At 80 columns only the focused pane shows, with the tab bar.
    assert!(ui.app.areas().tabs.is_some() && ui.app.areas().detail.is_none());
    ui.resize(120, 40);
    assert!(ui.app.areas().tabs.is_none() && ui.app.areas().detail.is_some());
}

#[test]
fn only_presses_count_and_ctrl_c_always_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::En, true, 80, 24);
    let release = KeyEvent::new_with_kind(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    ui.key(release);
    assert!(!ui.app.quit);
    ui.press("<alt-3>c");
    ui.press("<alt-3>2");
    assert!(ui.app.input.is_some());
    ui.press("q");
    assert!(!ui.app.quit, "q is text inside an input");
    ui.key(press(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(ui.app.quit);
}

#[test]
fn help_is_generated_from_the_keymap() {
    use pingshen::tui::keymap::EXPERT_CONTEXTS;
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut ui = tui_common::expert(dir.path(), 6, lang, true, 80, 24);
        let help = ui.app.help_text().join("\n");
        for b in Keymap::bundled().bindings {
            let applies = b.contexts.is_empty()
                || b.contexts
                    .iter()
                    .any(|c| EXPERT_CONTEXTS.contains(&c.as_str()));
            // A key that goes to a pane is described by the pane's name on the tab bar.
            let desc = match ui.app.pane_name(&b.run) {
                Some(name) => name.to_string(),
                None => b.desc(lang).to_string(),
            };
            let line = format!("{}  {desc}", b.keys_label());
            let shown = help
                .lines()
                .any(|l| l.contains(&desc) && l.contains(&b.keys_label()));
            assert_eq!(
                shown, applies,
                "{line}: in the expert's help {shown}, applies {applies}"
            );
        }
        ui.press("?");
        assert!(ui.app.help.is_some());
        ui.press("jjjj");
        ui.press("<esc>");
        assert!(ui.app.help.is_none());
    }
}

#[test]
fn a_rebound_key_works_and_shows_in_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let review = tui_common::review(dir.path(), 6, Lang::En);
    review.pledge(EXPERT).unwrap();
    // As config.toml's `[keys]` gives them: next_unscored on m, move_down on n as well, and
    // next_untriaged (whose only key n was) on u.
    let keymap = Keymap::configured([
        ("next_unscored", "m"),
        ("move_down", "n down"),
        ("next_untriaged", "u"),
    ])
    .unwrap();
    let opts = Options {
        theme: Theme::colored(),
        keymap,
        signing: Signing::default(),
    };
    let view = View::Expert(EXPERT.into());
    let mut ui = Harness::with_options(review, view, Lang::En, opts, 80, 24).unwrap();
    ui.press("<alt-3>20<enter>j20<enter>j20<enter>j15<enter><alt-1>");
    assert!(ui.settle());
    ui.press("g");
    ui.press("m");
    assert_eq!(
        ui.app.selected_app().unwrap().id,
        "A00002",
        "m: next unscored"
    );
    ui.press("n");
    assert_eq!(
        ui.app.selected_app().unwrap().id,
        "A00003",
        "n: move down now"
    );
    let help = ui.app.help_text();
    let line = |desc: &str| {
        help.iter()
            .find(|l| l.contains(desc))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        line("next application not fully scored")
            .trim_start()
            .starts_with("m "),
        "{help:#?}"
    );
    assert!(
        line("move down").trim_start().starts_with("n/Down "),
        "{help:#?}"
    );
    ui.press("?");
    let screen = ui.screen();
    assert!(screen.contains("n/Down"), "{screen}");
}

#[test]
fn round_two_asks_why_a_score_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::Zh, true, 80, 24);
    ui.press("<alt-3>20<enter>");
    assert!(ui.settle());
    // The panel's second round is open for direction 1 (a signed Round decision, as the
    // store would take it in with `receive`).
    ui.app.session.rounds.insert(1, 2);
    ui.press("20<enter>");
    assert!(ui.app.input.is_none(), "an unchanged score needs no reason");
    assert!(ui.settle());
    ui.press("24<enter>");
    let screen = ui.screen();
    assert!(screen.contains("改分理由"), "{screen}");
    ui.type_text("答辩补充了规模化部署数据");
    ui.press("<enter>");
    assert!(ui.settle());
    let s = scores(ui);
    let last = s.iter().find(|x| x.key.criterion == "innovation").unwrap();
    assert_eq!(last.value, Points(2400));
    assert_eq!(last.reason, "答辩补充了规模化部署数据");
}

#[test]
fn round_two_asks_again_for_a_second_change_and_refuses_a_blank_reason() {
    let dir = tempfile::tempdir().unwrap();
    // Round 1 scored, then the chair's signed decision opening round 2 for P1 taken into
    // the store (as `receive` does), so the Review the worker holds is in round 2 too.
    let chair = tui_common::key("C01", Role::Chair, 9);
    let review = keyed_review(dir.path(), Lang::Zh, &[&chair]);
    review.pledge(EXPERT).unwrap();
    review
        .score(EXPERT, "A00001", "innovation", "20", None, None)
        .unwrap();
    let decision = Decision {
        campaign: review.campaign.digest(),
        ruling: Ruling::Round {
            panel: "P1".into(),
            round: 2,
        },
        reason: "分歧较大".into(),
        role: Role::Chair,
        by: "C01".into(),
        date: pingshen::clock::today(),
        supersedes: None,
    };
    let signed = sign_decision(decision, &chair).unwrap();
    review
        .store
        .put_decision(
            "0001-round-P1-r2.json",
            &decision_file_bytes(&signed).unwrap(),
            "2023-11-01T10:00:00Z",
        )
        .unwrap();
    let review = Review::open(review.store, Lang::Zh).unwrap();
    let mut ui = Harness::new(
        review,
        View::Expert(EXPERT.into()),
        Lang::Zh,
        Theme::colored(),
        80,
        24,
    )
    .unwrap();
    assert!(ui.settle());
    ui.press("<alt-3>21<enter>");
    let screen = ui.screen();
    assert!(screen.contains("改分理由"), "{screen}");
    ui.type_text("讨论后调整");
    ui.press("<enter>");
    assert!(ui.settle());
    // The score already changed in this round: a second change asks for its own reason.
    ui.press("22<enter>");
    let screen = ui.screen();
    assert!(screen.contains("改分理由"), "{screen}");
    // A blank reason is no reason: the prompt stays open, saying so, with what was typed.
    ui.type_text("   ");
    ui.press("<enter>");
    assert!(ui.settle());
    let screen = ui.screen();
    assert!(
        screen.contains("理由不能为空") && screen.contains("改分理由"),
        "{screen}"
    );
    // Then with a reason; a comment on the same score afterwards keeps that reason.
    ui.type_text("答辩补充了部署数据");
    ui.press("<enter>");
    assert!(ui.settle());
    ui.press("c");
    ui.type_text("规模化部署已验证");
    ui.press("<enter>");
    assert!(ui.settle());
    let s = scores(ui);
    let round = |r: u32| {
        s.iter()
            .find(|x| x.key.criterion == "innovation" && x.key.round == r)
            .unwrap()
    };
    assert_eq!(round(1).value, Points(2000));
    assert_eq!(round(2).value, Points(2200));
    assert_eq!(round(2).reason, "答辩补充了部署数据");
    assert_eq!(round(2).comment, "规模化部署已验证");
}

/// A store of the six-application campaign whose keys.toml lists `keys`.
fn keyed_review(dir: &std::path::Path, lang: Lang, keys: &[&PrivateKey]) -> Review {
    let toml = tui_common::keys_toml(keys);
    let store = tui_common::store_with_keys(dir, &tui_common::campaign(6), Some(&toml));
    Review::open(store, lang).unwrap()
}

fn options(key: Option<PrivateKey>, out: &std::path::Path) -> Options {
    Options {
        theme: Theme::colored(),
        keymap: Keymap::bundled(),
        signing: Signing::new(key, out),
    }
}

#[test]
fn export_signs_the_sheet_on_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let key = tui_common::key(EXPERT, Role::Expert, 7);
    let review = keyed_review(dir.path(), Lang::En, &[&key]);
    review.pledge(EXPERT).unwrap();
    let digest = review.campaign.digest();
    let out = dir.path().join("sheets");
    let view = View::Expert(EXPERT.into());
    let opts = options(Some(key.clone()), &out);
    let mut ui = Harness::with_options(review, view, Lang::En, opts, 160, 48).unwrap();
    ui.press("<alt-3>22<enter>");
    assert!(ui.settle());
    ui.press("e");
    assert!(ui.app.status.exporting);
    assert!(ui.settle());
    assert!(!ui.app.status.exporting);
    let first = out.join("pilot-2023-E01-r1.json");
    let screen = ui.screen();
    assert!(
        screen.contains("exported: ") && screen.contains("pilot-2023-E01-r1.json"),
        "{screen}"
    );
    // The sheet verifies against the campaign's keys and holds the score.
    let ring = Keyring::parse(&tui_common::keys_toml(&[&key]), "keys.toml").unwrap();
    let bytes = std::fs::read(&first).unwrap();
    let verdicts = judge_sheets(&[("r1".into(), bytes)], &digest, &ring);
    assert!(!verdicts[0].is_failure(), "{}", verdicts[0].line(false));
    let Outcome::Ok(sheet) = &verdicts[0].outcome else {
        panic!("{}", verdicts[0].line(false));
    };
    assert_eq!(sheet.body.revision, 1);
    assert_eq!(sheet.body.scores.len(), 1);
    assert_eq!(sheet.body.scores[0].value, 2200);
    // Each export raises the revision.
    ui.press("e");
    assert!(ui.settle());
    assert!(out.join("pilot-2023-E01-r2.json").is_file());
    let review = ui.finish().unwrap();
    assert_eq!(review.store.revision(EXPERT).unwrap(), 2);
}

#[test]
fn export_without_a_key_says_how_to_give_one() {
    // At 80 columns the whole command to run is on screen, in either language.
    for (lang, says) in [
        (Lang::En, "no signing key: reopen with"),
        (Lang::Zh, "无签名密钥"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut ui = tui_common::expert(dir.path(), 6, lang, true, 80, 24);
        ui.press("e");
        assert!(ui.settle());
        let screen = ui.screen();
        assert!(screen.contains(says), "{screen}");
        assert!(
            screen.contains("`pingshen tui --expert E01 --key E01.key`"),
            "{screen}"
        );
    }
}

#[test]
fn triage_keys_sign_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let sec = tui_common::key("SEC01", Role::Secretariat, 9);
    let review = keyed_review(dir.path(), Lang::En, &[&sec]);
    let opts = options(Some(sec), dir.path());
    let mut ui = Harness::with_options(review, View::Triage, Lang::En, opts, 80, 24).unwrap();
    ui.press("n");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00002");
    ui.press("x");
    ui.type_text("not in operation");
    assert!(ui.screen().contains("reason A00002 fail"));
    ui.press("<enter>");
    assert!(ui.settle());
    let screen = ui.screen();
    assert!(
        screen.contains("triage verdict signed: A00002 fail"),
        "{screen}"
    );
    ui.press("s");
    insta::assert_snapshot!("flow_triage_en", ui.screen());
    let review = ui.finish().unwrap();
    // Stored as `pingshen triage` stores it: a signed file that verifies.
    let files = review.store.decision_files().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "0001-triage-A00002.json");
    let decisions = verified_from_store(&review.store, &review.campaign).unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].reason, "not in operation");
    assert_eq!(decisions[0].by, "SEC01");
    assert!(!review.eligibility.is_reviewed("A00002"));
}

#[test]
fn triage_needs_the_secretariats_key() {
    let dir = tempfile::tempdir().unwrap();
    // No key at all: the interface says how to start with one, before any reason is
    // typed (tui_wording has the whole message).
    let review = tui_common::review(dir.path(), 6, Lang::En);
    let mut ui = Harness::new(review, View::Triage, Lang::En, Theme::colored(), 160, 48).unwrap();
    ui.press("p");
    assert!(ui.app.input.is_none());
    let screen = ui.screen();
    assert!(screen.contains("tui --triage --key"), "{screen}");
    drop(ui);
    // An expert's key: refused as `pingshen triage` refuses it, and nothing stored.
    let dir = tempfile::tempdir().unwrap();
    let expert = tui_common::key(EXPERT, Role::Expert, 7);
    let review = keyed_review(dir.path(), Lang::En, &[&expert]);
    let opts = options(Some(expert), dir.path());
    let mut ui = Harness::with_options(review, View::Triage, Lang::En, opts, 160, 48).unwrap();
    ui.press("p");
    ui.type_text("complete");
    ui.press("<enter>");
    assert!(ui.settle());
    let screen = ui.screen();
    assert!(screen.contains("signed by the secretariat"), "{screen}");
    let review = ui.finish().unwrap();
    assert!(review.store.decision_files().unwrap().is_empty());
}

#[test]
fn substring_search_serves_until_the_index_is_built() {
    let c = std::sync::Arc::new(tui_common::campaign(6));
    let mut s = SubstringSearch::new(c.clone());
    assert_eq!(s.search("澄明"), vec![1]);
    assert_eq!(s.search("ＡＯＯ"), Vec::<usize>::new());
    assert_eq!(s.search("a00004"), vec![3]);
    // No pinyin before the index.
    assert!(s.search("dmx").is_empty());
    let mut ix = IndexSearch::build(&c);
    assert_eq!(ix.search("dmx"), vec![1]);
}

#[test]
fn ten_thousand_rows_scroll_by_offset() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 300, Lang::Zh, true, 80, 24);
    ui.press("G");
    assert_eq!(ui.app.list.selected, 299);
    let screen = ui.screen();
    assert!(screen.contains("A00300"), "{screen}");
    assert!(!screen.contains("A00001"));
    ui.press("<pgup>");
    assert!(ui.app.list.offset < 299 && ui.app.list.offset > 200);
    ui.press("g");
    assert_eq!(ui.app.list.offset, 0);
}

#[test]
fn conflicts_say_checking_until_the_worker_has_assessed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = tui_common::expert(dir.path(), 6, Lang::En, true, 160, 48);
    assert!(ui.screen().contains("No conflict found"));
    // A00005: E01's own unit is a member (the rules engine's C1, computed on the worker).
    ui.press("jjjj");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00005");
    let c1 = ui.app.findings().to_vec();
    assert_eq!(c1.len(), 1);
    assert_eq!(c1[0].rule, "C1");
    assert!(ui.screen().contains("[C1]"));
    ui.press("k");
    ui.app.session.findings_ready = false;
    let screen = ui.screen();
    assert!(screen.contains("checking..."), "{screen}");
    assert!(!screen.contains("No conflict found"), "{screen}");
}

/// An expert's view over a store of `campaign` opened as `tui --expert` opens it: the
/// formal review and the conflicts unweighed, so the first frame comes before them. The
/// worker's first reply (the checks) waits in the channel until the test settles.
fn unchecked(dir: &std::path::Path, campaign: &pingshen::model::Campaign, lang: Lang) -> Harness {
    let setup = Review::open(tui_common::store(dir, campaign), lang).unwrap();
    setup.pledge(EXPERT).unwrap();
    drop(setup);
    let store = pingshen::store::Store::open(&dir.join("store")).unwrap();
    let review = Review::open_unchecked_with(store, lang, |_| {
        pingshen::decisions::Focus::Expert(EXPERT.into())
    })
    .unwrap();
    Harness::new(
        review,
        View::Expert(EXPERT.into()),
        lang,
        Theme::colored(),
        160,
        40,
    )
    .unwrap()
}

#[test]
fn first_frame_before_the_checks_says_checking_and_shows_no_content() {
    let dir = tempfile::tempdir().unwrap();
    // A00003 fails formal review (E5); A00005 is under E01's C1 conflict.
    let mut ui = unchecked(dir.path(), &tui_common::triage_campaign(), Lang::Zh);
    assert!(!ui.app.session.checked);
    let screen = ui.screen();
    // Every application of E01's panels is listed, each as being checked; the status bar
    // says so rather than counting; the detail shows no content.
    for id in ["A00001", "A00003", "A00005", "A00006"] {
        assert!(screen.contains(id), "{screen}");
    }
    let checking = screen
        .lines()
        .filter(|l| l.contains("A0000") && l.contains("核查中"))
        .count();
    assert_eq!(checking, 6, "{screen}");
    assert!(screen.contains("进度 核查中..."), "{screen}");
    assert!(!screen.contains("进度 0/"), "{screen}");
    assert!(
        screen.contains("核查完成前不显示项目内容") && !screen.contains("项目面向公共通信"),
        "{screen}"
    );
    assert!(screen.contains("正在检查..."), "{screen}");
    // The application under conflict shows nothing either.
    ui.press("jjjj");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00005");
    assert!(!ui.screen().contains("项目面向公共通信"));
    // Settled: A00003 leaves the list, A00005 is a conflict, the rest are to score.
    ui.press("gj");
    assert!(ui.settle());
    assert!(ui.app.session.checked);
    let screen = ui.screen();
    assert!(
        !screen.contains("A00003") && !screen.contains("核查中"),
        "{screen}"
    );
    assert!(
        screen.contains("回避") && screen.contains("进度 0/4"),
        "{screen}"
    );
    // The selection stayed on A00002 (the row after A00001), now the list's second row.
    assert_eq!(ui.app.selected_app().unwrap().id, "A00002");
    assert!(ui.screen().contains("项目面向公共通信"));
}

#[test]
fn scoring_is_refused_until_the_checks_are_known() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = unchecked(dir.path(), &tui_common::triage_campaign(), Lang::En);
    // A00001 will turn out free to score; A00005 conflicted; A00003 out of review. Before
    // the checks arrive every one is refused the same way, and nothing reaches the worker.
    for (moves, id) in [("", "A00001"), ("jj", "A00003"), ("jj", "A00005")] {
        ui.press(&format!("<alt-1>{moves}"));
        assert_eq!(ui.app.selected_app().unwrap().id, id);
        for keys in ["<alt-3>5", "<alt-3>+", "<alt-3>c"] {
            ui.press(keys);
            assert!(ui.app.input.is_none(), "{keys} on {id}");
            assert_eq!(ui.app.jobs, 0, "{keys} on {id}");
            assert!(ui.app.pending.is_empty());
            let screen = ui.screen();
            assert!(
                screen.contains("checks are still being computed"),
                "{keys} on {id}: {screen}"
            );
        }
    }
    assert!(ui.settle());
    // Once known, A00001 takes a score and A00005 is refused for its conflict.
    ui.press("<alt-1>g<alt-3>22.5<enter>");
    assert!(ui.settle());
    ui.press("<alt-1>jjj<alt-3>5");
    assert_eq!(ui.app.selected_app().unwrap().id, "A00005");
    assert!(ui.app.input.is_none());
    assert!(ui.screen().contains("blocking conflict"), "{}", ui.screen());
    let review = ui.finish().unwrap();
    let saved = review.store.scores(Some(EXPERT)).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].key.application, "A00001");
    assert_eq!(saved[0].value, Points::parse_typed("22.5").unwrap());
}
