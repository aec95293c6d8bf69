//! Frame render time with 10,000 applications (DESIGN.md §8: p99 < 2 ms; only the rows on
//! screen are formatted, so the time does not grow with the list), and start to first
//! frame with 10,000 applications in the store (< 150 ms; the search index is built after).

use crate::tui_common;
use pingshen::i18n::Lang;
use pingshen::review::Review;
use pingshen::store::Store;
use pingshen::tui::app::{App, Event, Options};
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[test]
fn frame_render_with_ten_thousand_applications() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Instant::now();
    let mut ui = tui_common::expert(dir.path(), 10_000, Lang::Zh, true, 160, 48);
    let setup = t0.elapsed();
    assert_eq!(ui.app.list.view.len(), 10_000);
    for (w, h) in [(160u16, 48u16), (80, 24)] {
        ui.resize(w, h);
        ui.press("<alt-1>");
        let mut times = Vec::with_capacity(1000);
        for i in 0..1000 {
            // Move through the list so each frame differs, as when scrolling.
            ui.press(if i % 100 < 50 { "<pgdn>" } else { "k" });
            let t = Instant::now();
            let _ = ui.draw();
            times.push(t.elapsed());
        }
        times.sort();
        let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
        println!(
            "frame {w}x{h}, 10,000 applications: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} build; setup {:.1} s)",
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            if cfg!(debug_assertions) { "debug" } else { "release" },
            setup.as_secs_f64()
        );
        // The figure is reported, not asserted: speed is measured by benchmarks on an
        // idle machine (docs/performance.md), and a timed assertion fails on a busy one.
    }
}

#[test]
fn start_to_first_frame_with_ten_thousand_applications() {
    let dir = tempfile::tempdir().unwrap();
    // The store is made (and closed) first: what is timed is opening it, as `tui` does.
    let setup = Review::open(
        tui_common::store(dir.path(), &tui_common::campaign(10_000)),
        Lang::Zh,
    )
    .unwrap();
    setup.pledge(tui_common::EXPERT).unwrap();
    drop(setup);
    // Where opening the review goes, once: reading the campaign, then the rules engine's
    // whole-campaign assessment (formal review and conflicts) that eligibility needs.
    {
        let store = Store::open(&dir.path().join("store")).unwrap();
        let t = Instant::now();
        let c = store.campaign().unwrap();
        let read = t.elapsed();
        let t = Instant::now();
        let _ = c.digest();
        let digest = t.elapsed();
        let t = Instant::now();
        let a = pingshen::rules::assess(&c, &[], &[]);
        let assess = t.elapsed();
        let t = Instant::now();
        let _ = pingshen::rules::assess_expert(&c, &[], &[], tui_common::EXPERT);
        let assess_one = t.elapsed();
        let t = Instant::now();
        let _formal = pingshen::rules::formal::formal_review(
            &c,
            &pingshen::rules::rulings::Rulings::new(&[]),
        );
        let formal_t = t.elapsed();
        println!(
            "opening the review, 10,000 applications: campaign read {:.1} ms, campaign digest {:.1} ms, rules assessment {:.1} ms for every expert, {:.1} ms for the one at work (of it formal review {:.1} ms; {} finding(s))",
            read.as_secs_f64() * 1e3,
            digest.as_secs_f64() * 1e3,
            assess.as_secs_f64() * 1e3,
            assess_one.as_secs_f64() * 1e3,
            formal_t.as_secs_f64() * 1e3,
            a.findings.len(),
        );
    }
    let mut runs = Vec::new();
    let mut own = Vec::new();
    for _ in 0..3 {
        let t0 = Instant::now();
        let store = Store::open(&dir.path().join("store")).unwrap();
        let t_open = t0.elapsed();
        // As `tui --expert` opens it: that expert's conflicts only.
        let review = Review::open_for(store, Lang::Zh, tui_common::EXPERT).unwrap();
        let t_review = t0.elapsed();
        let (tx, rx) = std::sync::mpsc::channel();
        let view = View::Expert(tui_common::EXPERT.into());
        let options = Options::new(Theme::colored());
        let mut app = App::with_options(review, view, Lang::Zh, options, tx).unwrap();
        app.handle_event(Event::Resize(160, 48));
        let t_app = t0.elapsed();
        let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
        term.draw(|f| app.render(f)).unwrap();
        let first = t0.elapsed();
        assert!(pingshen::tui::harness::buffer_text(term.backend().buffer()).contains("A00001"));
        // The index is built after the first frame, off the drawing thread.
        app.start_indexing();
        let t1 = Instant::now();
        while app.indexing {
            let ev = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("index built");
            app.handle_event(ev);
        }
        let index = t1.elapsed();
        println!(
            "start to first frame, 10,000 applications: {:.1} ms (store open {:.1}, review {:.1}, session {:.1}, draw {:.1}); index after it {:.0} ms ({} build)",
            first.as_secs_f64() * 1e3,
            t_open.as_secs_f64() * 1e3,
            (t_review - t_open).as_secs_f64() * 1e3,
            (t_app - t_review).as_secs_f64() * 1e3,
            (first - t_app).as_secs_f64() * 1e3,
            index.as_secs_f64() * 1e3,
            if cfg!(debug_assertions) { "debug" } else { "release" },
        );
        runs.push(first);
        own.push(first - t_review);
        drop(app);
    }
    runs.sort();
    own.sort();
    let (median, own) = (runs[1], own[1]);
    // DESIGN.md §8 asks < 150 ms for an optimised build. Reported, not asserted (a timed
    // assertion fails on a busy machine); docs/performance.md keeps the figures.
    println!(
        "start to first frame, median of 3: {median:?}, of which the interface's own part {own:?}"
    );
}
