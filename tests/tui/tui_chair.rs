//! The chair's view over the bundled demo sheets, merged exactly as `merge` merges them:
//! every pane at 80x24 (one at a time, behind tabs) and the whole view at 160x48, in
//! Chinese and English, reached through the key map.

use pingshen::commands::demo::merge_bundled;
use pingshen::i18n::Lang;
use pingshen::tui::action::ChairPaneId;
use pingshen::tui::app::Options;
use pingshen::tui::harness::Harness;
use pingshen::tui::theme::Theme;

const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

fn chair(lang: Lang, w: u16, h: u16) -> Harness {
    let tmp = tempfile::tempdir().unwrap();
    let merged = merge_bundled(tmp.path(), lang).unwrap_or_else(|f| panic!("{}", f.message));
    Harness::chair(
        merged.campaign,
        merged.output,
        lang,
        Options::new(Theme::colored()),
        w,
        h,
    )
    .unwrap()
}

#[test]
fn chair_panes() {
    for (lang, ln) in LANGS {
        let ui = chair(lang, 160, 48);
        insta::assert_snapshot!(format!("chair_{ln}_160x48"), ui.screen());
        let mut ui = chair(lang, 80, 24);
        for (i, p) in ChairPaneId::ALL.iter().enumerate() {
            ui.press(&format!("<alt-{}>", i + 1));
            assert_eq!(ui.app.chair.as_ref().unwrap().focus, *p);
            let name = format!("{p:?}").to_lowercase();
            insta::assert_snapshot!(format!("chair_{name}_{ln}_80x24"), ui.screen());
        }
        ui.press("?");
        insta::assert_snapshot!(format!("chair_help_{ln}_80x24"), ui.screen());
    }
}

#[test]
fn ranking_spread_and_directions_follow_the_keys() {
    let mut ui = chair(Lang::En, 160, 48);
    let st = ui.app.chair.as_ref().unwrap();
    let first = st.current().unwrap().code;
    let top = st.selected_app().unwrap().application.clone();
    // The ranking is the merge's, best first, ranks 1..n.
    let ranks: Vec<Option<u32>> = st
        .current()
        .unwrap()
        .ranking
        .iter()
        .map(|a| a.rank)
        .collect();
    assert_eq!(
        ranks,
        (1..=ranks.len() as u32).map(Some).collect::<Vec<_>>()
    );
    assert!(ui.screen().contains(&top));
    // j selects the next application, and the spread pane shows it.
    ui.press("j");
    let second = ui
        .app
        .chair
        .as_ref()
        .unwrap()
        .selected_app()
        .unwrap()
        .clone();
    let screen = ui.screen();
    let spread = ui.app.areas().body;
    assert!(screen.contains(&second.application));
    for e in &second.experts {
        if let Some(t) = e.total {
            assert!(
                screen.contains(&format!("{t}")),
                "{} {t} in\n{screen}",
                e.expert
            );
        }
    }
    assert!(spread.width > 0);
    // ] and [ move between directions, wrapping.
    ui.press("]");
    assert_ne!(
        ui.app.chair.as_ref().unwrap().current().unwrap().code,
        first
    );
    assert_eq!(ui.app.chair.as_ref().unwrap().selected, 0);
    ui.press("[");
    assert_eq!(
        ui.app.chair.as_ref().unwrap().current().unwrap().code,
        first
    );
    ui.press("[");
    let n = ui.app.chair.as_ref().unwrap().directions.len();
    assert_eq!(ui.app.chair.as_ref().unwrap().direction, n - 1);
}

#[test]
fn the_queue_opens_its_application_in_the_ranking() {
    let mut ui = chair(Lang::Zh, 80, 24);
    let queue = ui
        .app
        .chair
        .as_ref()
        .unwrap()
        .merged
        .divergence_queue
        .clone();
    assert!(queue.len() >= 2, "the demo sheets split each panel");
    // In discussion order: widest spread first.
    for w in queue.windows(2) {
        assert!(w[0].spread >= w[1].spread, "{queue:?}");
    }
    ui.press("<alt-3>jj<enter>");
    let st = ui.app.chair.as_ref().unwrap();
    assert_eq!(st.focus, ChairPaneId::Ranking);
    let picked = st.selected_app().unwrap();
    assert_eq!(picked.application, queue[2].application);
    assert_eq!(st.current().unwrap().code, queue[2].direction);
    assert!(picked.flags.contains(&pingshen::merge::Flag::Divergence));
    assert!(ui.screen().contains(&queue[2].application));
}

#[test]
fn spread_bars_are_ascii_and_scaled() {
    let ui = chair(Lang::En, 160, 48);
    let screen = ui.screen();
    let bars: Vec<&str> = screen
        .lines()
        .filter_map(|l| {
            let a = l.find("|#").or_else(|| l.find("|."))?;
            let rest = &l[a + 1..];
            rest.find('|').map(|b| &rest[..b])
        })
        .collect();
    assert!(bars.len() >= 3, "{screen}");
    for b in &bars {
        assert!(b.chars().all(|c| c == '#' || c == '.'), "{b}");
        assert_eq!(b.len(), bars[0].len());
    }
}

#[test]
fn the_chair_has_no_store_and_quits() {
    let mut ui = chair(Lang::En, 100, 30);
    ui.press("q");
    assert!(ui.app.quit);
    assert!(ui.finish().is_none());
}

#[test]
fn dropped_conflicts_and_overrides_are_listed() {
    use pingshen::merge::{DropKind, DroppedScores, OverrideUsed};
    let tmp = tempfile::tempdir().unwrap();
    let mut merged =
        merge_bundled(tmp.path(), Lang::Zh).unwrap_or_else(|f| panic!("{}", f.message));
    // What a merge reports when a sheet scores a blocked pair and a chair overrode another.
    merged.output.dropped = vec![
        DroppedScores {
            application: "A027".into(),
            criteria: vec![],
            expert: "EXP13".into(),
            kind: DropKind::Conflict,
            rules: vec!["C4".into()],
            scores: 4,
        },
        DroppedScores {
            application: "A040".into(),
            criteria: vec!["innovation@2".into()],
            expert: "EXP20".into(),
            kind: DropKind::RoundNotOpen,
            rules: vec![],
            scores: 1,
        },
    ];
    merged.output.overrides = vec![OverrideUsed {
        application: "A010".into(),
        expert: "EXP05".into(),
        reason: "已离职五年，组长书面批准".into(),
    }];
    let mut ui = Harness::chair(
        merged.campaign,
        merged.output,
        Lang::Zh,
        Options::new(Theme::colored()),
        80,
        24,
    )
    .unwrap();
    ui.press("<alt-4>");
    let screen = ui.screen();
    insta::assert_snapshot!("chair_dropped_entries_zh_80x24", screen);
    let conflict = screen.lines().position(|l| l.contains("A027")).unwrap();
    let other = screen.lines().position(|l| l.contains("A040")).unwrap();
    assert!(conflict < other, "conflicts first");
    assert!(screen.contains("回避") && screen.contains("[C4]") && screen.contains("覆盖"));
}
