//! Frame render time with 10,000 applications (DESIGN.md §8: p99 < 2 ms). Only the rows on
//! screen are formatted, so the time does not grow with the list.

mod tui_common;

use pingshen::i18n::Lang;
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
        // The target (p99 < 2 ms) is for an optimised build. An unoptimised build on a
        // shared machine has a noisy tail, so it is held to its median instead, which a
        // frame that walked the whole list would still blow through.
        if cfg!(debug_assertions) {
            assert!(p50 < Duration::from_millis(5), "p50 {p50:?} over 5 ms");
        } else {
            assert!(p99 < Duration::from_millis(2), "p99 {p99:?} over 2 ms");
        }
    }
}
