//! The saved mark appears only after the store has flushed: with the flush held back the
//! screen says saving, never saved; once released, saved.

use crate::tui_common;
use pingshen::i18n::Lang;
use pingshen::tui::harness::Harness;
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn no_saved_mark_until_the_flush_returns() {
    for (lang, saving, saved) in [
        (Lang::Zh, "保存中", "已保存"),
        (Lang::En, "saving", " saved "),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let review = tui_common::review(dir.path(), 6, lang);
        review.pledge(tui_common::EXPERT).unwrap();
        let (release, gate) = mpsc::channel::<()>();
        let gate = Mutex::new(gate);
        let entered = Arc::new(AtomicBool::new(false));
        let flag = entered.clone();
        review.store.set_pre_flush(Some(Arc::new(move || {
            flag.store(true, Ordering::SeqCst);
            if let Ok(g) = gate.lock() {
                let _ = g.recv_timeout(Duration::from_secs(30));
            }
        })));
        let mut ui = Harness::new(
            review,
            View::Expert(tui_common::EXPERT.into()),
            lang,
            Theme::colored(),
            80,
            24,
        )
        .unwrap();
        let before = ui.screen();
        assert!(
            !before.contains(saved) && !before.contains(saving),
            "{before}"
        );
        ui.press("<alt-3>22<enter>");
        let t0 = Instant::now();
        while !entered.load(Ordering::SeqCst) {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "the write never reached the flush"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        // The worker is inside the write, before the flush: the screen keeps drawing.
        assert!(!ui.settle_within(Duration::from_millis(300)));
        let held = ui.screen();
        assert!(held.contains(saving), "{held}");
        assert!(
            !held.contains(saved),
            "saved shown before the flush: {held}"
        );
        assert!(held.contains("[22]"), "the pending value shows: {held}");
        release.send(()).unwrap();
        assert!(ui.settle());
        let after = ui.screen();
        assert!(after.contains(saved), "{after}");
        assert!(!after.contains(saving), "{after}");
        // Every later flush passes the gate freely.
        drop(release);
    }
}
