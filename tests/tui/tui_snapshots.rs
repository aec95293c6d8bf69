//! Snapshots of every pane at 80x24 (panes as tabs) and 160x48 (side by side), in Chinese
//! and English, reached through the key map as a user would reach them.

use crate::tui_common;
use pingshen::i18n::Lang;
use pingshen::tui::harness::Harness;
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

#[test]
fn expert_panes() {
    for (lang, ln) in LANGS {
        for (w, h) in SIZES {
            let dir = tempfile::tempdir().unwrap();
            let mut ui = tui_common::expert(dir.path(), 6, lang, false, w, h);
            let name = |pane: &str| format!("{pane}_{ln}_{w}x{h}");
            insta::assert_snapshot!(name("commitment"), ui.screen());
            ui.press("y");
            assert!(ui.settle());
            insta::assert_snapshot!(name("list"), ui.screen());
            ui.press("<enter>");
            insta::assert_snapshot!(name("detail"), ui.screen());
            ui.press("<pgdn>");
            insta::assert_snapshot!(name("detail_scrolled"), ui.screen());
            ui.press("<alt-3>");
            insta::assert_snapshot!(name("rubric"), ui.screen());
            ui.press("<alt-4>");
            insta::assert_snapshot!(name("conflicts"), ui.screen());
            ui.press("?");
            insta::assert_snapshot!(name("help"), ui.screen());
        }
    }
}

/// E01 declares a conflict with A00002 before the interface opens.
fn conflicted(dir: &std::path::Path, lang: Lang, w: u16, h: u16) -> Harness {
    let mut review = tui_common::review(dir, 6, lang);
    review.pledge("E01").unwrap();
    review
        .declare(
            "E01",
            "A00002",
            "本人曾指导该项目牵头单位的技术负责人（师生关系）",
        )
        .unwrap();
    let mut ui = Harness::new(
        review,
        View::Expert("E01".into()),
        lang,
        Theme::colored(),
        w,
        h,
    )
    .unwrap();
    assert!(ui.settle());
    ui.press("j");
    ui
}

#[test]
fn blocking_conflict_shows_no_content() {
    for (lang, ln) in LANGS {
        for (w, h) in SIZES {
            let dir = tempfile::tempdir().unwrap();
            let mut ui = conflicted(dir.path(), lang, w, h);
            let name = |pane: &str| format!("blocked_{pane}_{ln}_{w}x{h}");
            insta::assert_snapshot!(name("list"), ui.screen());
            ui.press("<alt-2>");
            let screen = ui.screen();
            // The application's own text is nowhere in the detail pane.
            let d = ui.app.areas().detail.unwrap();
            let text = pingshen::tui::harness::buffer_text(&region(&ui.frame(), d));
            assert!(text.contains("A00002"), "{text}");
            for own in [
                "大模型",
                "Zero Trust",
                "澄明智算",
                "北京市通信管理局",
                "项目概述",
                "Overview",
            ] {
                assert!(!text.contains(own), "{own} shown: {text}");
            }
            assert!(text.contains("C4"), "{text}");
            insta::assert_snapshot!(name("detail"), screen);
            ui.press("<alt-3>");
            insta::assert_snapshot!(name("rubric"), ui.screen());
            ui.press("<alt-4>");
            insta::assert_snapshot!(name("conflicts"), ui.screen());
        }
    }
}

/// A rectangle of a buffer, styles and all.
fn region(buf: &Buffer, r: Rect) -> Buffer {
    let mut out = Buffer::empty(r);
    for y in r.top()..r.bottom() {
        for x in r.left()..r.right() {
            out[(x, y)] = buf[(x, y)].clone();
        }
    }
    out
}

#[test]
fn conflict_is_drawn_in_the_conflict_style() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = conflicted(dir.path(), Lang::Zh, 160, 48);
    let buf = ui.frame();
    let detail = ui.app.areas().detail.unwrap();
    // The first two lines inside the detail pane: the title line of the warning.
    let r = Rect::new(detail.x + 1, detail.y + 1, 40, 1);
    let cell = &buf[(r.x, r.y)];
    assert_eq!(cell.fg, Color::Red);
    assert!(cell.modifier.contains(Modifier::BOLD));
    insta::assert_debug_snapshot!("conflict_region", region(&buf, r));
    // Without colour, the conflict still stands out (bold), and the selection is reversed.
    ui.app.theme = Theme::monochrome();
    let buf = ui.frame();
    let cell = &buf[(r.x, r.y)];
    assert_eq!(cell.fg, Color::Reset);
    assert!(cell.modifier.contains(Modifier::BOLD));
    let list = ui.app.areas().list.unwrap();
    // Row 0 is the header; A00002 (selected) is the second row.
    let sel = &buf[(list.x + 1, list.y + 3)];
    assert!(sel.modifier.contains(Modifier::REVERSED), "{sel:?}");
    insta::assert_snapshot!("conflict_no_color", ui.screen());
}

#[test]
fn triage_view() {
    for (lang, ln) in LANGS {
        for (w, h) in SIZES {
            let dir = tempfile::tempdir().unwrap();
            let store = tui_common::store(dir.path(), &tui_common::triage_campaign());
            let review = pingshen::review::Review::open(store, lang).unwrap();
            let mut ui = Harness::new(review, View::Triage, lang, Theme::colored(), w, h).unwrap();
            assert!(ui.settle());
            // A00003, under construction, fails formal review (E5).
            ui.press("jj");
            insta::assert_snapshot!(format!("triage_{ln}_{w}x{h}"), ui.screen());
            let findings = ui.app.findings().to_vec();
            assert_eq!(findings.len(), 1, "{findings:?}");
            assert_eq!(findings[0].rule, "E5");
            // Out of review and not yet triaged: its status stands out in the list.
            let buf = ui.frame();
            let list = ui.app.areas().list.unwrap();
            let red_in_row = |id: &str| {
                (list.y..list.bottom())
                    .find(|&y| {
                        let row: String = (list.x..list.right())
                            .map(|x| buf[(x, y)].symbol().to_string())
                            .collect();
                        row.contains(id)
                    })
                    .is_some_and(|y| (list.x..list.right()).any(|x| buf[(x, y)].fg == Color::Red))
            };
            assert!(red_in_row("A00003"));
            assert!(!red_in_row("A00002"));
            ui.press("<alt-3>");
            insta::assert_snapshot!(format!("triage_findings_{ln}_{w}x{h}"), ui.screen());
        }
    }
}

#[test]
fn too_small_then_recovers() {
    for (lang, ln) in LANGS {
        let dir = tempfile::tempdir().unwrap();
        let mut ui = tui_common::expert(dir.path(), 6, lang, true, 50, 12);
        let screen = ui.screen();
        insta::assert_snapshot!(format!("too_small_{ln}"), screen);
        assert!(screen.contains("50x12"), "{screen}");
        assert!(screen.contains("60x16"), "{screen}");
        ui.resize(80, 24);
        let screen = ui.screen();
        assert!(screen.contains("A00001"), "{screen}");
        ui.resize(59, 30);
        assert!(ui.screen().contains("59x30"));
        ui.resize(1, 1);
        let _ = ui.screen();
        ui.resize(0, 0);
        let _ = ui.screen();
    }
}
