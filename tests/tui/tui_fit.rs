//! What must show whole at 80x24: an overlay's border over wide glyphs, the status bar's
//! who, progress and saved mark, the chair's counts and flag legend, the rubric's total.
//! On the bundled demo campaign, as `pingshen demo` shows it, whose long campaign name and
//! CJK column headings are what cut these lines before.

use pingshen::commands::demo::{merge_bundled, prepare_expert};
use pingshen::i18n::Lang;
use pingshen::tui::app::Options;
use pingshen::tui::harness::{buffer_text, Harness};
use pingshen::tui::panes::help::HelpPane;
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

/// The demo expert (EXP01) over the bundled campaign, the commitment acknowledged.
fn demo_expert(lang: Lang, w: u16, h: u16) -> (tempfile::TempDir, Harness) {
    let files = tempfile::tempdir().unwrap();
    let dir = files.path().join("campaign-2023");
    pingshen::bundled::extract_campaign(&dir).unwrap();
    let (store_dir, review, expert) =
        prepare_expert(&dir, lang).unwrap_or_else(|f| panic!("{}", f.message));
    review.pledge(&expert).unwrap();
    let view = View::Expert(expert);
    let mut ui = Harness::new(review, view, lang, Theme::colored(), w, h).unwrap();
    assert!(ui.settle());
    drop(files);
    (store_dir, ui)
}

/// The chair's view of the bundled demo sheets.
fn demo_chair(lang: Lang, w: u16, h: u16) -> Harness {
    let tmp = tempfile::tempdir().unwrap();
    let merged = merge_bundled(tmp.path(), lang).unwrap_or_else(|f| panic!("{}", f.message));
    let options = Options::new(Theme::colored());
    Harness::chair(merged.campaign, merged.output, lang, options, w, h).unwrap()
}

/// The triage view over the bundled campaign.
fn demo_triage(lang: Lang, w: u16, h: u16) -> (tempfile::TempDir, Harness) {
    let files = tempfile::tempdir().unwrap();
    let dir = files.path().join("campaign-2023");
    pingshen::bundled::extract_campaign(&dir).unwrap();
    let (store_dir, review, _) =
        prepare_expert(&dir, lang).unwrap_or_else(|f| panic!("{}", f.message));
    let mut ui = Harness::new(review, View::Triage, lang, Theme::colored(), w, h).unwrap();
    assert!(ui.settle());
    (store_dir, ui)
}

/// Row `y` as a terminal shows it: for each column, the glyph that starts there, or `None`
/// where the wide glyph to its left covers it (ratatui never sends that cell).
fn shown_row(buf: &Buffer, y: u16) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut covered = 0;
    for x in buf.area.left()..buf.area.right() {
        if covered > 0 {
            covered -= 1;
            out.push(None);
            continue;
        }
        let sym = buf[(x, y)].symbol();
        covered = sym.width().saturating_sub(1);
        out.push(Some(sym.to_string()));
    }
    out
}

/// Whether some row of `r` has a wide glyph just left of its left edge: the case the
/// overlay must survive.
fn wide_glyph_left_of(buf: &Buffer, r: Rect) -> bool {
    r.x > 0 && (r.top()..r.bottom()).any(|y| buf[(r.x - 1, y)].symbol().width() > 1)
}

/// Every row of the overlay `r` shows its left and right border on a terminal, and no wide
/// glyph straddles either edge.
fn assert_whole_border(buf: &Buffer, r: Rect, what: &str) {
    let screen = buffer_text(buf);
    for y in r.top()..r.bottom() {
        let row = shown_row(buf, y);
        let (left, right) = if y == r.top() {
            ("┌", "┐")
        } else if y == r.bottom() - 1 {
            ("└", "┘")
        } else {
            ("│", "│")
        };
        let at = |x: u16| row[(x - buf.area.x) as usize].as_deref();
        assert_eq!(
            at(r.left()),
            Some(left),
            "{what}: row {y} lost its left border\n{screen}"
        );
        assert_eq!(
            at(r.right() - 1),
            Some(right),
            "{what}: row {y} lost its right border\n{screen}"
        );
        for edge in [r.left(), r.right()] {
            for x in edge.saturating_sub(3)..edge {
                let w = buf[(x, y)].symbol().width() as u16;
                assert!(
                    x + w <= edge,
                    "{what}: row {y}: `{}` at column {x} straddles the edge at {edge}\n{screen}",
                    buf[(x, y)].symbol()
                );
            }
        }
    }
}

#[test]
fn the_help_keeps_its_border_over_wide_glyphs() {
    for (lang, ln) in LANGS {
        let (_store, mut expert) = demo_expert(lang, 80, 24);
        let (_store2, mut triage) = demo_triage(lang, 80, 24);
        let mut chair = demo_chair(lang, 80, 24);
        for (what, ui) in [
            ("expert", &mut expert),
            ("triage", &mut triage),
            ("chair", &mut chair),
        ] {
            let what = format!("{what} {ln}");
            let popup = HelpPane::area(ui.app.areas().body);
            if lang == Lang::Zh {
                // The column headings (编号, 名次) lie under the overlay's left edge.
                assert!(wide_glyph_left_of(&ui.frame(), popup), "{what}");
            }
            ui.press("?");
            assert!(ui.app.help.is_some());
            assert_whole_border(&ui.frame(), popup, &what);
            // Scrolled, other rows come under it: still whole.
            ui.press("<pgdn>");
            assert_whole_border(&ui.frame(), popup, &what);
        }
    }
}

/// The last two lines of the screen: the status bar and the line under it.
fn bottom(ui: &Harness) -> String {
    let screen = ui.screen();
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - 2..].join("\n")
}

#[test]
fn the_status_bar_keeps_who_progress_and_saved_whole() {
    for (lang, ln) in LANGS {
        let (_store, mut ui) = demo_expert(lang, 80, 24);
        ui.press("<alt-3>20<enter>");
        assert!(ui.settle());
        let bar = bottom(&ui);
        let status = bar.lines().next().unwrap();
        let (done, total) = ui.app.session.progress();
        let (progress, saved) = match lang {
            Lang::Zh => (format!("进度 {done}/{total}"), "已保存"),
            Lang::En => (format!("progress {done}/{total}"), "saved"),
        };
        assert_eq!(total, 20);
        for whole in ["EXP01", "林书航", &progress, saved] {
            assert!(status.contains(whole), "{whole} not whole: {status}");
        }
        // The campaign's name is what gives way, shortened with ASCII dots only.
        assert!(status.contains("2023年网络安全"), "{status}");
        assert!(!status.contains('…'), "{status}");
        assert!(status.width() <= 80, "{status}");
        insta::assert_snapshot!(format!("status_bar_expert_{ln}_80x24"), bar);
    }
}

#[test]
fn the_chairs_counts_and_legend_show_whole() {
    for (lang, ln) in LANGS {
        let ui = demo_chair(lang, 80, 24);
        let screen = ui.screen();
        let lines: Vec<&str> = screen.lines().collect();
        let status = lines[lines.len() - 2];
        let counts = match lang {
            Lang::Zh => ["已排名 51", "待议 22", "评分表 25"],
            Lang::En => ["ranked 51", "to discuss 22", "sheets 25"],
        };
        for whole in counts {
            assert!(status.contains(whole), "{whole} not whole: {status}");
        }
        // Every flag of the legend is there, none cut.
        let items: Vec<&str> = pingshen::tui::strings::CH_LEGEND
            .iter()
            .map(|x| pingshen::tui::strings::t(lang, *x))
            .collect();
        for item in items {
            assert!(screen.contains(item), "legend lacks `{item}`:\n{screen}");
        }
        insta::assert_snapshot!(format!("chair_status_legend_{ln}_80x24"), screen);
    }
}

#[test]
fn the_rubric_total_stays_in_view() {
    for (lang, _) in LANGS {
        let (_store, mut ui) = demo_expert(lang, 80, 24);
        ui.press("<alt-3>");
        let total = match lang {
            Lang::Zh => "合计",
            Lang::En => "total",
        };
        let rubric = ui.app.areas().rubric.unwrap();
        let row = |ui: &Harness| {
            shown_row(&ui.frame(), rubric.y + 1)
                .into_iter()
                .flatten()
                .collect::<String>()
        };
        for i in 0..4 {
            let first = row(&ui);
            assert!(
                first.contains(total),
                "criterion {}: first row `{first}`\n{}",
                i + 1,
                ui.screen()
            );
            ui.press("j");
        }
        // The selected criterion is on screen too.
        let screen = ui.screen();
        assert!(screen.contains("> "), "{screen}");
    }
}
