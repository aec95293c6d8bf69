//! The kill harness: `pingshen score` and the interface (the real binary in tmux) are killed
//! with SIGKILL at random moments; after every kill the store is reopened with the library,
//! every score reported saved (the CLI's `saved` line, the interface's saved mark) must be
//! there, and the audit chain must end whole at its recorded head.
//!
//! `PINGSHEN_KILLS=N` sets the number of kills of each harness (defaults keep a CI run
//! short); `PINGSHEN_KILL_SEED=S` changes the random moments. Each harness prints its
//! figures (kills, runs that finished, scores reported saved, lost) for docs/reliability.md.

use crate::reliability_support;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use reliability_support::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn seed() -> u64 {
    count_from_env("PINGSHEN_KILL_SEED", 20240420) as u64
}

#[test]
fn cli_scores_reported_saved_survive_random_sigkills() {
    let _serial = serial();
    TORN_SNAPSHOTS.store(0, std::sync::atomic::Ordering::Relaxed);
    let kills_wanted = count_from_env("PINGSHEN_KILLS", 200);
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = ready_store(tmp.path(), "cli-store");
    let mut recovered = 0usize;
    let mut rng = ChaCha8Rng::seed_from_u64(seed());
    let mut ledger = Ledger::default();
    let mut reported_saves = 0usize;

    // One run measured first, so the kill window starts near a whole run on this machine.
    let t0 = Instant::now();
    let o = run(&db, &["score", APP, "innovation", "1", "--expert", EXPERT]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    ledger.typed("innovation", "1".parse().expect("points"));
    ledger.saved("innovation", "1".parse().expect("points"));
    let mut window_us = t0.elapsed().as_micros() as f64 * 1.2;

    let (mut kills, mut finished, mut reopened) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    while kills < kills_wanted {
        assert!(
            finished < kills_wanted * 20 + 100,
            "{finished} runs finished but only {kills} were killed: the kill window never lands"
        );
        let (criterion, _) = CRITERIA[(rng.next_u32() % 2) as usize];
        let (value, typed) = random_value(rng.next_u32());
        ledger.typed(criterion, value);
        let mut child = Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(["--lang", "en", "score", APP, criterion, &typed])
            .args(["--expert", EXPERT])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pingshen starts");
        let wait = u64::from(rng.next_u32()) % (window_us as u64).max(1);
        std::thread::sleep(Duration::from_micros(wait));
        let was_killed = child.try_wait().expect("try_wait").is_none();
        if was_killed {
            sigkill(child.id() as i32);
        }
        let out = child.wait_with_output().expect("wait");
        let stdout = text(&out.stdout);
        if was_killed {
            kills += 1;
            // Wider after a kill, narrower after a finished run: both keep happening,
            // and kills spread over start-up, the write and the exit.
            window_us *= 1.15;
        } else {
            finished += 1;
            window_us *= 0.9;
            assert!(
                out.status.success(),
                "a run that was not killed failed: {}",
                text(&out.stderr)
            );
        }
        // A run killed after printing still counts as reported saved: the line was shown.
        if let Some(line) = stdout.lines().find(|l| l.starts_with("saved:")) {
            let shown: pingshen::model::Points = line
                .rsplit_once(" = ")
                .and_then(|(_, r)| r.split_whitespace().next())
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("cannot read the saved line `{line}`"));
            assert_eq!(shown, value, "the saved line names another value: {line}");
            ledger.saved(criterion, value);
            reported_saves += 1;
        }
        if was_killed {
            let got = reopen_or_recover(&db, &format!("after CLI kill {kills}"), &mut recovered);
            ledger.check(&got.scores, &format!("after CLI kill {kills}"));
            reopened += 1;
        }
    }
    // Not an empty check: the runs that finished reported their saves.
    assert!(
        reported_saves > 0,
        "no run reported a save; did the saved line change?"
    );
    let got = reopen_and_check(&db, "at the end");
    ledger.check(&got.scores, "at the end");

    // The journal rebuilds the same scores (or a write killed after its journal line).
    let o = run(&db, &["recover"]);
    assert!(o.status.success(), "recover: {}", text(&o.stderr));
    let rebuilt = reopen_and_check(&db, "after recover");
    ledger.check(&rebuilt.scores, "after recover");

    eprintln!(
        "FIGURES cli: {kills} SIGKILLs, {finished} runs finished, {reopened} reopens ({recovered} needed `recover`: sled would not open; {} unfinished sled snapshots met and removed by Store::open), {} saves reported, 0 lost, audit chain whole ({} entries), recover rebuilt the same scores; {:.1} s",
        TORN_SNAPSHOTS.load(std::sync::atomic::Ordering::Relaxed),
        ledger.reported_saved,
        got.audit_entries,
        started.elapsed().as_secs_f64()
    );
}

/// Reads the screen and, when it shows the saved mark twice running with the same values,
/// tells the ledger which values are saved.
fn note_saved(tmux: &Tmux, ledger: &mut Ledger) -> bool {
    let a = tmux.capture();
    if !shows_saved(&a) {
        return false;
    }
    let b = tmux.capture();
    if !shows_saved(&b) {
        return false;
    }
    let mut any = false;
    for (id, name) in CRITERIA {
        let (va, vb) = (shown_value(&a, name), shown_value(&b, name));
        if let (Some(va), Some(vb)) = (va, vb) {
            if va == vb {
                ledger.saved(id, va);
                any = true;
            }
        }
    }
    any
}

#[test]
fn interface_scores_shown_saved_survive_random_sigkills() {
    if !have_tmux() {
        return;
    }
    let _serial = serial();
    TORN_SNAPSHOTS.store(0, std::sync::atomic::Ordering::Relaxed);
    let kills_wanted = count_from_env("PINGSHEN_KILLS", 200);
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = ready_store(tmp.path(), "tui-store");
    let mut recovered = 0usize;
    let mut rng = ChaCha8Rng::seed_from_u64(seed() ^ 0x0074_7569);
    let mut ledger = Ledger::default();
    let tmux = Tmux::start("kill", 100, 30, "sleep 1000");
    let started = Instant::now();
    let (mut kills, mut sightings, mut writes) = (0usize, 0usize, 0usize);
    let (mut in_startup, mut unconfirmed) = (0usize, 0usize);
    while kills < kills_wanted {
        tmux.respawn(&tui_command(&db));
        // One kill in eight lands while the interface starts (opening the store).
        if rng.next_u32() % 8 == 0 {
            std::thread::sleep(Duration::from_micros(u64::from(rng.next_u32() % 150_000)));
            let pid = tmux.pane_pid();
            sigkill(pid);
            wait_gone(pid);
            kills += 1;
            in_startup += 1;
            let got = reopen_or_recover(
                &db,
                &format!("after interface kill {kills} (start-up)"),
                &mut recovered,
            );
            ledger.check(&got.scores, &format!("after interface kill {kills}"));
            continue;
        }
        tmux.wait_for("Inno (max", Duration::from_secs(20));
        let pid = tmux.pane_pid();
        tmux.keys(&["M-3"]);
        let mut row = 0usize;
        let entries = 1 + rng.next_u32() % 4;
        let mut last_seen = false;
        for n in 0..entries {
            let target = (rng.next_u32() % 2) as usize;
            let mut keys: Vec<&str> = vec![];
            if target > row {
                keys.push("j");
            } else if target < row {
                keys.push("k");
            }
            row = target;
            let (value, typed) = random_value(rng.next_u32());
            let typed_keys: Vec<String> = typed.chars().map(String::from).collect();
            keys.extend(typed_keys.iter().map(String::as_str));
            keys.push("Enter");
            ledger.typed(CRITERIA[target].0, value);
            tmux.keys(&keys);
            writes += 1;
            if n + 1 == entries && rng.next_u32() % 2 == 0 {
                // Half the kills land at once after the last Enter: the write is in the
                // terminal, the event loop or the store, not yet confirmed.
                last_seen = false;
                std::thread::sleep(Duration::from_micros(u64::from(rng.next_u32() % 5_000)));
                break;
            }
            std::thread::sleep(Duration::from_millis(u64::from(rng.next_u32() % 30)));
            last_seen = note_saved(&tmux, &mut ledger);
            if last_seen {
                sightings += 1;
            }
        }
        if !last_seen {
            unconfirmed += 1;
        }
        sigkill(pid);
        wait_gone(pid);
        kills += 1;
        let got = reopen_or_recover(
            &db,
            &format!("after interface kill {kills}"),
            &mut recovered,
        );
        ledger.check(&got.scores, &format!("after interface kill {kills}"));
    }
    assert!(
        ledger.criteria_saved() == 2,
        "the saved mark was never seen for both criteria: the harness did not exercise saving"
    );
    let got = reopen_and_check(&db, "at the end");
    eprintln!(
        "FIGURES tui: {kills} SIGKILLs of the interface ({in_startup} during start-up, {unconfirmed} before the last score was seen saved), {writes} scores entered, {sightings} screens with the saved mark, {} saves seen, 0 lost, {recovered} stores rebuilt by `recover` (sled would not open), {} unfinished sled snapshots met and removed by Store::open, audit chain whole ({} entries); {:.1} s",
        ledger.reported_saved,
        TORN_SNAPSHOTS.load(std::sync::atomic::Ordering::Relaxed),
        got.audit_entries,
        started.elapsed().as_secs_f64()
    );
}
