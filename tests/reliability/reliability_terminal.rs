//! The interface under terminal faults and company: a second pingshen on its store is
//! refused plainly while the interface keeps saving; resize storms, a 10×5 terminal, SIGHUP
//! and a killed tmux server leave the store whole (it reopens, the audit chain holds, every
//! score shown saved is there). The real binary in tmux; skipped, saying so, without tmux.

use crate::reliability_support;
use pingshen::model::Points;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use reliability_support::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// Scores `typed` on the selected criterion and waits until the screen shows it saved.
fn score_and_see_saved(tmux: &Tmux, typed: &str, name: &str) {
    let keys: Vec<String> = typed.chars().map(String::from).collect();
    let mut all: Vec<&str> = keys.iter().map(String::as_str).collect();
    all.push("Enter");
    tmux.keys(&all);
    let want: Points = typed.parse().expect("points");
    let t0 = Instant::now();
    loop {
        let s = tmux.capture();
        if shows_saved(&s) && shown_value(&s, name) == Some(want) {
            return;
        }
        assert!(
            t0.elapsed() < WAIT,
            "{name} = {typed} never shown saved:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn start(tmux_name: &str, db: &std::path::Path, w: u16, h: u16) -> (Tmux, i32) {
    let tmux = Tmux::start(tmux_name, w, h, &tui_command(db));
    let pid = tmux.pane_pid();
    (tmux, pid)
}

#[test]
fn a_second_pingshen_is_refused_while_the_interface_keeps_saving() {
    if !have_tmux() {
        return;
    }
    let _serial = serial();
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = ready_store(tmp.path(), "store");
    let (tmux, pid) = start("inuse", &db, 100, 30);
    tmux.wait_for("Inno (max", WAIT);
    tmux.keys(&["M-3"]);
    score_and_see_saved(&tmux, "21", "Inno");

    let mut refused = 0;
    for args in [
        &["score", APP, "innovation", "3", "--expert", EXPERT][..],
        &["pledge", "--expert", EXPERT],
        &["declare", APP, "--expert", EXPERT, "--reason", "x"],
        &["audit", "verify"],
        &["recover"],
        &["tui", "--expert", EXPERT],
    ] {
        let o = run(&db, args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("in use") && err.trim_end().lines().count() == 1,
            "{args:?} is refused in one sentence naming the store in use: {err}"
        );
        refused += 1;
    }
    assert!(
        !db.join("sled.damaged-1").exists(),
        "recover moved a live database aside"
    );
    // The first is unharmed: it keeps saving, and quits cleanly.
    assert!(alive(pid));
    tmux.keys(&["j"]);
    score_and_see_saved(&tmux, "12.5", "Prac");
    tmux.keys(&["k"]);
    score_and_see_saved(&tmux, "24", "Inno");
    tmux.keys(&["q"]);
    wait_gone(pid);
    let got = reopen_and_check(&db, "after the interface quit");
    assert_eq!(got.scores.get("innovation"), Some(&Points(2400)));
    assert_eq!(got.scores.get("practicality"), Some(&Points(1250)));
    eprintln!("FIGURES in-use: {refused} commands refused with `in use` while the interface ran; it then saved 2 more scores and quit; store whole");
}

#[test]
fn resize_storms_and_tiny_terminals_leave_the_store_whole() {
    if !have_tmux() {
        return;
    }
    let _serial = serial();
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = ready_store(tmp.path(), "store");
    let (tmux, pid) = start("resize", &db, 100, 30);
    tmux.wait_for("Inno (max", WAIT);
    tmux.keys(&["M-3"]);
    let tmux = Arc::new(tmux);
    let stop = Arc::new(AtomicBool::new(false));
    let storm = {
        let (tmux, stop) = (Arc::clone(&tmux), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut rng = ChaCha8Rng::seed_from_u64(11);
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let (w, h) = match rng.next_u32() % 5 {
                    0 => (10, 5),
                    1 => (
                        1 + (rng.next_u32() % 30) as u16,
                        1 + (rng.next_u32() % 10) as u16,
                    ),
                    2 => (80, 24),
                    3 => (250, 70),
                    _ => (
                        20 + (rng.next_u32() % 200) as u16,
                        5 + (rng.next_u32() % 60) as u16,
                    ),
                };
                tmux.resize(w, h);
                n += 1;
            }
            n
        })
    };
    // Keys sent during the storm: scores typed blind, navigation, search, help.
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut ledger = Ledger::default();
    for i in 0..60 {
        let (value, typed) = random_value(rng.next_u32());
        let keys: Vec<String> = typed.chars().map(String::from).collect();
        let mut all: Vec<&str> = keys.iter().map(String::as_str).collect();
        all.push("Enter");
        // The rubric's first row stays selected: every score is for innovation.
        ledger.typed("innovation", value);
        tmux.keys(&all);
        if i % 10 == 0 {
            tmux.keys(&["?"]);
            tmux.keys(&["Escape"]);
        }
        std::thread::sleep(Duration::from_millis(u64::from(rng.next_u32() % 20)));
        assert!(
            alive(pid),
            "pingshen died in the resize storm:\n{}",
            tmux.capture()
        );
    }
    stop.store(true, Ordering::Relaxed);
    let resizes = storm.join().expect("storm thread");
    // A tiny terminal: it must say so and keep running, then recover on a normal size.
    tmux.resize(10, 5);
    std::thread::sleep(Duration::from_millis(300));
    let tiny = tmux.capture();
    assert!(alive(pid), "pingshen died at 10x5");
    tmux.keys(&["j", "k", "5", "Enter", "Tab", "/"]);
    tmux.keys(&["Escape"]);
    assert!(alive(pid), "pingshen died on keys at 10x5");
    tmux.resize(100, 30);
    let screen = tmux.wait_for("Inno (max", WAIT);
    // Whatever the storm let through, the screen's saved values are in the store.
    let t0 = Instant::now();
    let mut screen = screen;
    while !shows_saved(&screen) && t0.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(50));
        screen = tmux.capture();
    }
    if shows_saved(&screen) {
        if let Some(v) = shown_value(&screen, "Inno") {
            ledger.saved("innovation", v);
        }
    }
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(100));
    tmux.keys(&["q"]);
    let t0 = Instant::now();
    while alive(pid) {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "q did not quit after the storm:\n{}",
            tmux.capture()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let got = reopen_and_check(&db, "after the resize storm");
    ledger.check(&got.scores, "after the resize storm");
    eprintln!(
        "FIGURES resize: {resizes} resizes (down to 1x1 and 10x5, up to 250x70) during 60 scores typed; alive throughout; at 10x5 the screen read {:?}; store whole",
        tiny.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect::<Vec<_>>()
    );
}

#[test]
fn sighup_and_a_closed_terminal_leave_the_store_whole() {
    if !have_tmux() {
        return;
    }
    let _serial = serial();
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = ready_store(tmp.path(), "store");
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let mut ledger = Ledger::default();
    let rounds = count_from_env("PINGSHEN_HUP_ROUNDS", 10);
    let mut exits = vec![];
    for round in 0..rounds {
        let (tmux, pid) = start(&format!("hup{round}"), &db, 100, 30);
        tmux.wait_for("Inno (max", WAIT);
        tmux.keys(&["M-3"]);
        let (value, typed) = random_value(rng.next_u32());
        ledger.typed("innovation", value);
        score_and_see_saved(&tmux, &typed, "Inno");
        ledger.saved("innovation", value);
        // One more, hung up on at a random moment (perhaps mid-write).
        let (value, typed) = random_value(rng.next_u32());
        ledger.typed("innovation", value);
        let keys: Vec<String> = typed.chars().map(String::from).collect();
        let mut all: Vec<&str> = keys.iter().map(String::as_str).collect();
        all.push("Enter");
        tmux.keys(&all);
        std::thread::sleep(Duration::from_micros(u64::from(rng.next_u32() % 20_000)));
        let how = if round % 2 == 0 {
            // SAFETY: `pid` is the pingshen this test started.
            unsafe {
                libc::kill(pid, libc::SIGHUP);
            }
            "SIGHUP"
        } else {
            // The terminal goes away: tmux closes the pane's pty.
            tmux.kill_server();
            "tmux server killed"
        };
        let t0 = Instant::now();
        while alive(pid) && t0.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let exited = !alive(pid);
        exits.push((how, exited));
        if !exited {
            sigkill(pid);
            wait_gone(pid);
        }
        drop(tmux);
        let got = reopen_and_check(&db, &format!("after {how} (round {round})"));
        ledger.check(&got.scores, &format!("after {how} (round {round})"));
    }
    let lingering: Vec<_> = exits.iter().filter(|(_, e)| !e).collect();
    assert!(
        lingering.is_empty(),
        "pingshen kept running without its terminal: {lingering:?}"
    );
    eprintln!(
        "FIGURES hup: {rounds} hang-ups ({} SIGHUP, {} tmux server killed), pingshen exited every time within 10 s, every score shown saved present, audit chain whole",
        exits.iter().filter(|(h, _)| *h == "SIGHUP").count(),
        exits.iter().filter(|(h, _)| *h != "SIGHUP").count()
    );
}
