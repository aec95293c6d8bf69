//! Shared by the reliability tests: a campaign written with `format::write_campaign`, stores
//! loaded by the real binary, a tmux driver on a private socket, the check that a store
//! reopens with its audit chain whole, and a ledger of what was reported saved.
#![allow(dead_code)]

use pingshen::audit::verify_chain_to;
use pingshen::format::{load_campaign, write_campaign, Layout};
use pingshen::model::Points;
use pingshen::store::{Store, StoreError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_pingshen");
pub const EXPERT: &str = "X01";
pub const APP: &str = "A001";
/// The two criteria X01 may score on A001, and the short English names the interface shows
/// for them (short, so a row fits a narrow terminal whole).
pub const CRITERIA: [(&str, &str); 2] = [("innovation", "Inno"), ("practicality", "Prac")];

/// Held by each test that kills processes on a store: a process forked by one test (a tmux
/// command, a pingshen) holds, until it execs, a copy of every file the test process has
/// open, so a store another test is reopening at that moment would look "in use".
pub static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// How many kills (or rounds) to run: `PINGSHEN_KILLS` when set, else `default`.
pub fn count_from_env(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The mini campaign, read and written back with the library, criteria renamed short.
pub fn campaign_dir(dir: &Path) -> PathBuf {
    let mut c = load_campaign(&repo().join("tests/data/mini"))
        .unwrap_or_else(|e| panic!("mini campaign loads: {e}"))
        .campaign;
    for ru in &mut c.rubrics {
        for cr in &mut ru.criteria {
            if let Some((_, short)) = CRITERIA.iter().find(|(id, _)| *id == cr.id) {
                cr.en = (*short).to_string();
            }
        }
    }
    let out = dir.join("campaign");
    write_campaign(&out, &c, Layout::Toml).expect("write campaign");
    out
}

pub fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("pingshen runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A store at `dir/<name>` holding the campaign, with X01's commitment recorded.
pub fn ready_store(dir: &Path, name: &str) -> PathBuf {
    let cdir = dir.join("campaign");
    if !cdir.is_dir() {
        campaign_dir(dir);
    }
    let db = dir.join(name);
    let o = run(&db, &["init", cdir.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "init: {}", text(&o.stderr));
    let o = run(&db, &["pledge", "--expert", EXPERT]);
    assert!(o.status.success(), "pledge: {}", text(&o.stderr));
    db
}

/// What a reopened store holds: X01's scores on A001 by criterion, and the audit log's
/// last score value per criterion.
#[derive(Debug)]
pub struct Reopened {
    pub scores: BTreeMap<String, Points>,
    pub audit_entries: usize,
}

/// [`reopen_and_check`], but a store sled will not open (damaged) is first rebuilt from its
/// journal with `pingshen recover`, as a user would; `recovered` counts those.
pub fn reopen_or_recover(db: &Path, context: &str, recovered: &mut usize) -> Reopened {
    let torn = torn_snapshots(db);
    if torn > 0 {
        TORN_SNAPSHOTS.fetch_add(torn, std::sync::atomic::Ordering::Relaxed);
    }
    match Store::open(db) {
        Ok(store) => drop(store),
        Err(StoreError::Damaged { why, .. }) => {
            eprintln!("{context}: sled would not open ({why}); running `pingshen recover`");
            let o = run(db, &["recover"]);
            assert!(
                o.status.success(),
                "{context}: recover failed: {}",
                text(&o.stderr)
            );
            *recovered += 1;
        }
        Err(e) => panic!("{context}: the store reopens: {e}"),
    }
    reopen_and_check(db, context)
}

/// Unfinished sled snapshots (`snap.*.generating`) met before reopening, over the run.
pub static TORN_SNAPSHOTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn torn_snapshots(db: &Path) -> usize {
    std::fs::read_dir(db.join("sled")).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".generating"))
            .count()
    })
}

/// Opens the store with the library, checks the audit chain ends at the recorded head and
/// that each stored score is the last one the audit log records; panics with `context`.
pub fn reopen_and_check(db: &Path, context: &str) -> Reopened {
    let store = Store::open(db).unwrap_or_else(|e| panic!("{context}: the store reopens: {e}"));
    let audit = store.audit().expect("audit log reads");
    let head = store
        .audit_head()
        .expect("audit head reads")
        .unwrap_or_else(|| panic!("{context}: the store has an audit head"));
    verify_chain_to(&audit, &head.hash)
        .unwrap_or_else(|e| panic!("{context}: the audit chain is whole: {e}"));
    let mut last_audited: BTreeMap<String, i64> = BTreeMap::new();
    for e in audit.iter().filter(|e| e.kind == "score") {
        if let (Some(c), Some(v)) = (e.detail["criterion"].as_str(), e.detail["value"].as_i64()) {
            last_audited.insert(c.to_string(), v);
        }
    }
    let mut scores = BTreeMap::new();
    for s in store.scores(Some(EXPERT)).expect("scores read") {
        assert_eq!(
            last_audited.get(&s.key.criterion),
            Some(&s.value.0),
            "{context}: score {} is not the last one its audit log records",
            s.key.criterion
        );
        scores.insert(s.key.criterion.clone(), s.value);
    }
    Reopened {
        scores,
        audit_entries: audit.len(),
    }
}

/// What may be in the store for each criterion: the value last reported saved, or any value
/// whose write began after it and was never answered (it may have landed before the kill).
#[derive(Debug, Default)]
pub struct Ledger {
    /// Per criterion: every value whose write was started, in order.
    typed: BTreeMap<String, Vec<Points>>,
    /// Per criterion: index into `typed` of the write last reported saved.
    saved_at: BTreeMap<String, usize>,
    pub reported_saved: usize,
}

impl Ledger {
    pub fn typed(&mut self, criterion: &str, v: Points) {
        self.typed.entry(criterion.to_string()).or_default().push(v);
    }

    /// `v` was reported saved for `criterion`: the earliest write of `v` since the last
    /// report is the one reported (a later identical write changes nothing). Panics when no
    /// write of `v` was started: the report would be of a value never entered.
    pub fn saved(&mut self, criterion: &str, v: Points) {
        let typed = self.typed.get(criterion).cloned().unwrap_or_default();
        let from = self.saved_at.get(criterion).copied().unwrap_or(0);
        let at = (from..typed.len())
            .find(|&i| typed[i] == v)
            .unwrap_or_else(|| {
                panic!("{criterion} = {v} reported saved, but no such write was started since the last report")
            });
        if self.saved_at.get(criterion) != Some(&at) {
            self.reported_saved += 1;
        }
        self.saved_at.insert(criterion.to_string(), at);
    }

    /// Checks what a reopened store holds against the reports; panics naming a lost score.
    pub fn check(&self, got: &BTreeMap<String, Points>, context: &str) {
        for (c, &at) in &self.saved_at {
            let allowed = &self.typed[c][at..];
            match got.get(c) {
                Some(v) if allowed.contains(v) => {}
                other => panic!(
                    "{context}: {c} was reported saved as {}, the store holds {other:?} (allowed: {allowed:?})",
                    allowed[0]
                ),
            }
        }
    }

    pub fn criteria_saved(&self) -> usize {
        self.saved_at.len()
    }
}

pub fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "SKIPPED: tmux is not installed; the terminal reliability tests need it (CI installs it)"
        );
    }
    ok
}

/// One tmux server on a private socket (killed, only it, on drop), one window `t`.
pub struct Tmux {
    socket: String,
    conf: PathBuf,
}

impl Tmux {
    pub fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        let socket = format!("pingshen-rel-{}-{name}", std::process::id());
        let conf = std::env::temp_dir().join(format!("{socket}.conf"));
        std::fs::write(&conf, "set -g remain-on-exit on\nset -g escape-time 10\n")
            .expect("tmux conf");
        let t = Tmux { socket, conf };
        let out = t
            .cmd()
            .args(["new-session", "-d", "-s", "t", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg(command)
            .output()
            .expect("tmux runs");
        assert!(out.status.success(), "tmux: {}", text(&out.stderr));
        t
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-u")
            .arg("-f")
            .arg(&self.conf)
            .args(["-L", &self.socket]);
        c.env("LANG", "C.UTF-8");
        c
    }

    /// Sends keys (tmux key names) in one command.
    pub fn keys(&self, keys: &[&str]) {
        let st = self
            .cmd()
            .args(["send-keys", "-t", "t"])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(st.success());
    }

    pub fn capture(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture-pane");
        text(&out.stdout)
    }

    pub fn wait_for(&self, needle: &str, limit: Duration) -> String {
        let t0 = Instant::now();
        loop {
            let s = self.capture();
            if s.contains(needle) {
                return s;
            }
            assert!(
                t0.elapsed() < limit,
                "`{needle}` never appeared; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pane_pid(&self) -> i32 {
        let out = self
            .cmd()
            .args(["display-message", "-p", "-t", "t", "#{pane_pid}"])
            .output()
            .expect("display-message");
        text(&out.stdout).trim().parse().expect("pane pid")
    }

    /// Replaces the pane's program (dead or alive) with `command`.
    pub fn respawn(&self, command: &str) {
        let st = self
            .cmd()
            .args(["respawn-pane", "-k", "-t", "t", command])
            .status()
            .expect("respawn-pane");
        assert!(st.success());
    }

    pub fn resize(&self, width: u16, height: u16) {
        let _ = self
            .cmd()
            .args(["resize-window", "-t", "t", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .output();
    }

    pub fn kill_server(&self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.kill_server();
        let _ = std::fs::remove_file(&self.conf);
    }
}

pub fn tui_command(db: &Path) -> String {
    format!(
        "exec env LANG=C.UTF-8 {BIN} --db '{}' --lang en tui --expert {EXPERT}",
        db.display()
    )
}

/// Whether `pid` still runs. A zombie whose threads have all exited counts as gone (its
/// files and the store's lock are released): a tmux server started from a test does not
/// always reap its panes at once. A zombie leader whose other threads are still exiting
/// does not: they may hold the store open a moment longer.
pub fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let zombie = stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X']));
            let threads = std::fs::read_dir(format!("/proc/{pid}/task"))
                .map(|d| d.count())
                .unwrap_or(0);
            !(zombie && threads <= 1)
        }
        // SAFETY: signal 0 only asks whether the process exists.
        Err(_) => unsafe { libc::kill(pid, 0) == 0 },
    }
}

/// Waits until `pid` has exited; panics after 20 s.
pub fn wait_gone(pid: i32) {
    let t0 = Instant::now();
    while alive(pid) {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "process {pid} did not exit"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

pub fn sigkill(pid: i32) {
    // SAFETY: `pid` is a pingshen this test started.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

/// The value shown in brackets on the rubric row of the criterion shown as `name`, if the
/// row is on screen whole.
pub fn shown_value(screen: &str, name: &str) -> Option<Points> {
    let line = screen
        .lines()
        .find(|l| l.contains(&format!("{name} (max")))?;
    let open = line.rfind('[')?;
    let close = open + line[open..].find(']')?;
    line[open + 1..close].trim().parse().ok()
}

/// The status bar shows the saved mark (not "saving"): every value on screen is flushed.
pub fn shows_saved(screen: &str) -> bool {
    screen.lines().any(|l| {
        let l = l.trim_end();
        l.starts_with(" expert") && l.ends_with("saved") && !l.contains("saving")
    })
}

/// A random score on the criteria's 0..=25 scale in half points, as typed.
pub fn random_value(r: u32) -> (Points, String) {
    let halves = i64::from(r % 51);
    let text = if halves % 2 == 0 {
        format!("{}", halves / 2)
    } else {
        format!("{}.5", halves / 2)
    };
    (Points(halves * 50), text)
}
