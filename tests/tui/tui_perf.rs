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

/// CPU time of the whole process (every thread, sled's included): on a shared machine, wall
/// time measures the neighbours too.
fn cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

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
    // assessment (formal review, and the one expert's conflicts) that eligibility needs.
    {
        use pingshen::rules::rulings::Rulings;
        let store = Store::open(&dir.path().join("store")).unwrap();
        let mut t = Mark::now();
        let c = store.campaign().unwrap();
        let read = t.lap();
        let _ = c.digest();
        let digest = t.lap();
        let a = pingshen::rules::assess(&c, &[], &[]);
        let assess = t.lap();
        let _ = pingshen::rules::assess_expert(&c, &[], &[], tui_common::EXPERT);
        let assess_one = t.lap();
        let _ = pingshen::rules::formal::formal_review(&c, &Rulings::new(&[]));
        let formal = t.lap();
        let _ = pingshen::rules::formal::e6_several_channels(&c, &Rulings::new(&[]));
        let e6 = t.lap();
        let _ = pingshen::rules::conflicts::conflicts(
            &c,
            &Rulings::new(&[]),
            &[],
            Some(tui_common::EXPERT),
        );
        let one_expert = t.lap();
        println!(
            "opening the review, 10,000 applications (wall / CPU ms): campaign read {read}, campaign digest {digest}, rules assessment {assess} for every expert, {assess_one} for the one at work; formal review {formal} (of it E6 {e6}); the one expert's conflicts {one_expert}; {} finding(s)",
            a.findings.len(),
        );
    }
    let mut runs = Vec::new();
    let mut cpus = Vec::new();
    let mut own = Vec::new();
    for _ in 0..3 {
        let t0 = Mark::now();
        let store = Store::open(&dir.path().join("store")).unwrap();
        let t_open = t0.elapsed();
        // As `tui --expert` opens it: that expert's conflicts only, weighed on the worker
        // after the first frame.
        let review = Review::open_unchecked_with(store, Lang::Zh, |_| {
            pingshen::decisions::Focus::Expert(tui_common::EXPERT.into())
        })
        .unwrap();
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
        // The index is built after the first frame, off the drawing thread, beside the
        // worker weighing the formal review and the conflicts.
        app.start_indexing();
        let t1 = Instant::now();
        let (mut index, mut checks) = (None, None);
        while app.indexing || !app.session.checked {
            let ev = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("index built and checks weighed");
            app.handle_event(ev);
            if !app.indexing && index.is_none() {
                index = Some(t1.elapsed());
            }
            if app.session.checked && checks.is_none() {
                checks = Some(t1.elapsed());
            }
        }
        let after = |d: Option<Duration>| d.map_or(0.0, ms);
        term.draw(|f| app.render(f)).unwrap();
        assert!(pingshen::tui::harness::buffer_text(term.backend().buffer()).contains("A00001"));
        println!(
            "start to first frame, 10,000 applications (wall / CPU ms): {first} (store open {t_open}, review {}, session {}, draw {}); after it, index {:.0} ms and checks {:.0} ms wall ({} build)",
            t_review - t_open,
            t_app - t_review,
            first - t_app,
            after(index),
            after(checks),
            if cfg!(debug_assertions) { "debug" } else { "release" },
        );
        runs.push(first.wall);
        cpus.push(first.cpu);
        own.push((first - t_review).wall);
        drop(app);
    }
    runs.sort();
    cpus.sort();
    own.sort();
    let (median, cpu_median, own) = (runs[1], cpus[1], own[1]);
    // DESIGN.md §8 asks < 150 ms for an optimised build. Reported, not asserted (a timed
    // assertion fails on a busy machine); docs/performance.md keeps the figures.
    println!(
        "start to first frame, median of 3: {:.1} ms wall, {:.1} ms CPU, of which the interface's own part {:.1} ms wall; load average {}",
        ms(median),
        ms(cpu_median),
        ms(own),
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim(),
    );
}

/// A point in time, by the clock and by the process's CPU time.
#[derive(Clone, Copy)]
struct Mark {
    wall: Instant,
    cpu: Duration,
}

/// Wall and CPU time between two points.
#[derive(Clone, Copy)]
struct Span {
    wall: Duration,
    cpu: Duration,
}

impl Mark {
    fn now() -> Mark {
        Mark {
            wall: Instant::now(),
            cpu: cpu(),
        }
    }

    /// Time since the mark.
    fn elapsed(&self) -> Span {
        Span {
            wall: self.wall.elapsed(),
            cpu: cpu().saturating_sub(self.cpu),
        }
    }

    /// Time since the mark, then the mark moved to now.
    fn lap(&mut self) -> Span {
        let span = self.elapsed();
        *self = Mark::now();
        span
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} / {:.1}", ms(self.wall), ms(self.cpu))
    }
}

impl std::ops::Sub for Span {
    type Output = Span;
    fn sub(self, o: Span) -> Span {
        Span {
            wall: self.wall.saturating_sub(o.wall),
            cpu: self.cpu.saturating_sub(o.cpu),
        }
    }
}
