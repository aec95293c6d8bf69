//! The user guide, run: every command block of `docs/guide.zh.md` and `docs/guide.en.md`
//! is executed in the review day's order, in a temporary folder with one shell (home folder,
//! store) per role, and what the guide shows (exit codes, outputs, screen captures from tmux)
//! is compared with what the real binary does. `UPDATE_GUIDE=1` rewrites outputs and captures.
//!
//! The conventions the guides follow (also in the maintainer note at the end of each guide):
//!
//! - ```` ```sh guide-step=NAME role=ROLE at=HH:MM [exit=N] [tmux=SESSION] [needs=WHAT] ````
//!   is run as typed, in ROLE's own bash (its `cd` and `export` carry over, like a terminal),
//!   with `$HOME` a fresh folder per role. Steps run in the order of `at` (the clock of the
//!   review day), ties in document order, so each role's chapter can stay self-contained.
//!   The block's exit status must be N (default 0), and every command that failed in it must
//!   have failed with N. With `tmux=SESSION` the block is one interactive command, started in
//!   a 100x30 tmux window where the role's shell stands, with the variables it exported.
//! - ```` ```sh guide-env ```` assigns the variables the test fills in (`PINGSHEN_SRC`,
//!   `USB`); it is not run.
//! - ```` ```text guide-output=NAME ```` after a step: its output (stdout and stderr as a
//!   terminal shows them), paths of the temporary folders written as `~`, `$USB` and
//!   `$PINGSHEN_SRC`. A line `...` stands for any number of lines. Timestamps and long hex
//!   digests compare as equal whatever their value.
//! - ```` ```keys guide-keys=SESSION ````: one line of keys per line, then two spaces and what
//!   they do. `Enter`, `Esc`, `Tab`, `Alt-3` … are keys; anything else is typed as text.
//!   After each line the test waits until the screen stops changing.
//! - ```` ```text guide-capture=FILE ````: the screen at that point; equal to
//!   `docs/captures/FILE` and to a fresh capture.
//! - `needs=report`: skipped, saying so, while `pingshen report` is not built;
//!   `needs=chair-view`: skipped while `tui --chair` takes no sheets; role `online`/`offline`
//!   (the offline-installation chapter): run only with `GUIDE_OFFLINE=1`, since it vendors
//!   every dependency and makes a release build from scratch.
//! - `GUIDE_KEEP=1` leaves the temporary folders in place and prints where they are.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_pingshen");
const REPO: &str = env!("CARGO_MANIFEST_DIR");
const ROLES: &[&str] = &[
    "secretariat",
    "expert",
    "others",
    "chair",
    "online",
    "offline",
];
const ENV_VARS: &[&str] = &["PINGSHEN_SRC", "USB"];

fn updating() -> bool {
    std::env::var_os("UPDATE_GUIDE").is_some_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------- parsing the guide

#[derive(Debug, Clone)]
struct Block {
    lang: String,
    attrs: BTreeMap<String, String>,
    body: String,
    /// Line index of the opening fence; the body is lines open+1 .. close.
    open: usize,
    close: usize,
}

fn parse_blocks(md: &str) -> Vec<Block> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(info) = l.strip_prefix("```") {
            let mut words = info.split_whitespace();
            let lang = words.next().unwrap_or("").to_string();
            let mut attrs = BTreeMap::new();
            for w in words {
                match w.split_once('=') {
                    Some((k, v)) => attrs.insert(k.to_string(), v.to_string()),
                    None => attrs.insert(w.to_string(), String::new()),
                };
            }
            let mut j = i + 1;
            while j < lines.len() && lines[j] != "```" {
                j += 1;
            }
            assert!(
                j < lines.len(),
                "fence opened on line {} is never closed",
                i + 1
            );
            out.push(Block {
                lang,
                attrs,
                body: lines[i + 1..j].join("\n"),
                open: i,
                close: j,
            });
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Step {
    name: String,
    role: String,
    at: (u32, u32),
    exit: i32,
    tmux: Option<String>,
    needs: Option<String>,
    script: String,
    /// Indices (into the blocks) of the outputs, keys and captures that follow it.
    attached: Vec<usize>,
    line: usize,
}

fn parse_at(s: &str) -> (u32, u32) {
    let (h, m) = s
        .split_once(':')
        .unwrap_or_else(|| panic!("at={s}: write HH:MM"));
    (h.parse().expect("hour"), m.parse().expect("minute"))
}

/// The steps in document order, and the variables of the `guide-env` blocks.
fn steps_of(blocks: &[Block], file: &str) -> (Vec<Step>, Vec<String>) {
    let mut steps: Vec<Step> = vec![];
    let mut env = vec![];
    for (i, b) in blocks.iter().enumerate() {
        let at_line = b.open + 1;
        if b.attrs.contains_key("guide-env") {
            for l in b.body.lines().filter(|l| !l.trim().is_empty()) {
                let name = l
                    .trim()
                    .strip_prefix("export ")
                    .and_then(|r| r.split_once('='))
                    .map(|(n, _)| n.to_string())
                    .unwrap_or_else(|| {
                        panic!("{file}:{at_line}: a guide-env line is `export NAME=value`")
                    });
                assert!(
                    ENV_VARS.contains(&name.as_str()),
                    "{file}:{at_line}: the test fills in only {ENV_VARS:?}, not {name}"
                );
                env.push(name);
            }
            continue;
        }
        if let Some(name) = b.attrs.get("guide-step") {
            let role = b.attrs.get("role").cloned().unwrap_or_default();
            assert!(
                ROLES.contains(&role.as_str()),
                "{file}:{at_line}: step {name} needs role= one of {ROLES:?}"
            );
            let at = parse_at(
                b.attrs
                    .get("at")
                    .unwrap_or_else(|| panic!("{file}:{at_line}: step {name} needs at=HH:MM")),
            );
            assert!(
                !steps.iter().any(|s| &s.name == name),
                "{file}:{at_line}: step name {name} is used twice"
            );
            steps.push(Step {
                name: name.clone(),
                role,
                at,
                exit: b
                    .attrs
                    .get("exit")
                    .map_or(0, |e| e.parse().expect("exit=N")),
                tmux: b.attrs.get("tmux").cloned(),
                needs: b.attrs.get("needs").cloned(),
                script: b.body.clone(),
                attached: vec![],
                line: at_line,
            });
            continue;
        }
        let marked = ["guide-output", "guide-keys", "guide-capture"]
            .iter()
            .any(|k| b.attrs.contains_key(*k));
        if marked {
            let step = steps.last_mut().unwrap_or_else(|| {
                panic!("{file}:{at_line}: an output, keys or capture block comes before any step")
            });
            if let Some(n) = b.attrs.get("guide-output") {
                assert_eq!(
                    n, &step.name,
                    "{file}:{at_line}: guide-output={n} follows step {}",
                    step.name
                );
            }
            if let Some(s) = b.attrs.get("guide-keys") {
                assert_eq!(
                    Some(s),
                    step.tmux.as_ref(),
                    "{file}:{at_line}: keys for session {s} follow step {}, which opens {:?}",
                    step.name,
                    step.tmux
                );
            }
            step.attached.push(i);
            continue;
        }
        assert!(
            !matches!(b.lang.as_str(), "sh" | "bash" | "console" | "shell"),
            "{file}:{at_line}: every shell block is run by this test, so it must be a guide-step (or guide-env)"
        );
    }
    // Within one role, the document's order is the day's order.
    for role in ROLES {
        let mine: Vec<&Step> = steps.iter().filter(|s| s.role == *role).collect();
        for w in mine.windows(2) {
            assert!(
                w[0].at <= w[1].at,
                "{file}:{}: step {} ({:02}:{:02}) comes after {} ({:02}:{:02}) in the chapter of role {role}",
                w[1].line,
                w[1].name,
                w[1].at.0,
                w[1].at.1,
                w[0].name,
                w[0].at.0,
                w[0].at.1
            );
        }
    }
    (steps, env)
}

// ---------------------------------------------------------------- comparing text

fn is_hex(c: u8) -> bool {
    c.is_ascii_digit() || (b'a'..=b'f').contains(&c)
}

/// `YYYY-MM-DDTHH:MM:SSZ` at byte `i`?
fn timestamp_at(b: &[u8], i: usize) -> bool {
    let pat = b"dddd-dd-ddTdd:dd:ddZ";
    i + pat.len() <= b.len()
        && pat.iter().zip(&b[i..]).all(|(p, c)| match p {
            b'd' => c.is_ascii_digit(),
            _ => p == c,
        })
}

/// Text for comparison: timestamps and hex runs of 16 or more (digests, signatures) are
/// masked, line ends trimmed, trailing blank lines dropped.
fn canon(s: &str) -> Vec<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if timestamp_at(b, i) {
            out.extend_from_slice(b"<time>");
            i += 20;
            continue;
        }
        if is_hex(b[i]) && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < b.len() && is_hex(b[j]) {
                j += 1;
            }
            if j - i >= 16 && (j == b.len() || !b[j].is_ascii_alphanumeric()) {
                out.extend_from_slice(b"<hex>");
                i = j;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    let text = String::from_utf8(out).expect("utf-8 stays utf-8");
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// The expected lines, `...` standing for any run of lines, match the actual ones.
fn excerpt_matches(expected: &[String], actual: &[String]) -> bool {
    let lead = expected.first().is_some_and(|l| l == "...");
    let trail = expected.last().is_some_and(|l| l == "...");
    let chunks: Vec<&[String]> = expected
        .split(|l| l == "...")
        .filter(|c| !c.is_empty())
        .collect();
    if chunks.is_empty() {
        return lead || actual.is_empty();
    }
    let fits = |k: usize, c: &[String]| actual.len() >= k + c.len() && actual[k..k + c.len()] == *c;
    let mut pos = 0;
    for (n, chunk) in chunks.iter().enumerate() {
        let at = if n == 0 && !lead {
            fits(0, chunk).then_some(0)
        } else if n + 1 == chunks.len() && !trail {
            actual
                .len()
                .checked_sub(chunk.len())
                .filter(|k| *k >= pos && fits(*k, chunk))
        } else {
            (pos..=actual.len()).find(|k| fits(*k, chunk))
        };
        match at {
            Some(k) => pos = k + chunk.len(),
            None => return false,
        }
    }
    trail || pos == actual.len()
}

// ---------------------------------------------------------------- one shell per role

struct Shell {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    out: PathBuf,
    errs: PathBuf,
}

impl Shell {
    fn start(home: &Path, env: &[(String, String)], scratch: &Path) -> Shell {
        let mut child = Command::new("bash")
            .args(["--noprofile", "--norc"])
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .current_dir(home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("bash runs");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for l in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take().expect("piped stdin");
        let out = scratch.join("out");
        let errs = scratch.join("errs");
        let mut sh = Shell {
            child,
            stdin,
            lines: rx,
            out,
            errs,
        };
        // Unexported, so the guide's commands never see them.
        let init = format!(
            "__g_out='{}'; __g_errs='{}'; trap 'echo $? >> \"$__g_errs\"' ERR\n",
            sh.out.display(),
            sh.errs.display()
        );
        sh.stdin.write_all(init.as_bytes()).expect("write to bash");
        sh
    }

    /// Runs a block; its exit status, output, and the statuses of the commands that failed.
    fn run(&mut self, script: &str, limit: Duration) -> (i32, String, Vec<i32>) {
        let text = format!(
            ": > \"$__g_errs\"\n{{\n{script}\n}} > \"$__g_out\" 2>&1 < /dev/null\necho \"__GUIDE_DONE $?\"\n"
        );
        self.stdin
            .write_all(text.as_bytes())
            .expect("write to bash");
        self.stdin.flush().expect("flush");
        let t0 = Instant::now();
        let status = loop {
            let left = limit.saturating_sub(t0.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    if let Some(n) = l.strip_prefix("__GUIDE_DONE ") {
                        break n.trim().parse().expect("status");
                    }
                }
                Err(_) => panic!("this block did not finish within {limit:?}:\n{script}"),
            }
        };
        let out =
            String::from_utf8_lossy(&std::fs::read(&self.out).unwrap_or_default()).into_owned();
        let errs = std::fs::read_to_string(&self.errs)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        (status, out, errs)
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        let _ = self.stdin.write_all(b"exit\n");
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- tmux

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

struct Tmux {
    socket: PathBuf,
    /// Where the shell around the command writes its exit status: tmux 3.3 does not always
    /// reap a pane's program, so `#{pane_dead_status}` can stay empty.
    status: PathBuf,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-u").arg("-S").arg(&self.socket);
        c.env("LANG", "C.UTF-8");
        c
    }

    fn capture(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "g"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn dead(&self) -> bool {
        let out = self
            .cmd()
            .args(["display-message", "-p", "-t", "g", "#{pane_dead}"])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// The screen, once it has stopped changing for 400 ms (or the program has ended): no
    /// fixed sleeps, no text to wait for, so a new look of the interface needs only new
    /// captures.
    fn settle(&self) -> String {
        let t0 = Instant::now();
        let mut last = self.capture();
        let mut same_since = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let s = self.capture();
            if s != last {
                last = s;
                same_since = Instant::now();
            } else if same_since.elapsed() >= Duration::from_millis(400)
                && (!s.trim().is_empty() || self.dead())
            {
                return s;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "the screen never settled:\n{last}"
            );
        }
    }

    fn send_line(&self, line: &str) {
        for token in key_tokens(line) {
            let mut c = self.cmd();
            c.args(["send-keys", "-t", "g"]);
            match token {
                Key::Named(k) => c.arg(k),
                Key::Text(t) => c.arg("-l").arg(t),
            };
            assert!(c.status().expect("send-keys").success());
        }
    }

    /// Waits for the program to end; its exit status.
    fn wait_exit(&self) -> i32 {
        let t0 = Instant::now();
        loop {
            if let Some(n) = std::fs::read_to_string(&self.status)
                .ok()
                .and_then(|t| t.trim().parse().ok())
            {
                return n;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "the program did not end; screen:\n{}",
                self.capture()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

enum Key {
    Named(String),
    Text(String),
}

/// The keys of one `keys` line: the part before two spaces, split on spaces; quoted text
/// is typed as it is.
fn key_tokens(line: &str) -> Vec<Key> {
    let keys = line.split("  ").next().unwrap_or("").trim();
    let mut out = vec![];
    let mut rest = keys;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').expect("closing quote in a keys line");
            out.push(Key::Text(r[..end].to_string()));
            rest = r[end + 1..].trim_start();
            continue;
        }
        let end = rest.find(' ').unwrap_or(rest.len());
        let w = &rest[..end];
        rest = rest[end..].trim_start();
        let named = match w {
            "Enter" | "Tab" | "BTab" | "Space" | "Up" | "Down" | "Left" | "Right" | "Home"
            | "End" | "PageUp" | "PageDown" => Some(w.to_string()),
            "Esc" => Some("Escape".to_string()),
            _ => w
                .strip_prefix("Alt-")
                .map(|k| format!("M-{k}"))
                .or_else(|| w.strip_prefix("Ctrl-").map(|k| format!("C-{k}"))),
        };
        out.push(match named {
            Some(k) => Key::Named(k),
            None => Key::Text(w.to_string()),
        });
    }
    out
}

// ---------------------------------------------------------------- running a guide

struct Run {
    file: String,
    md: String,
    blocks: Vec<Block>,
    /// New bodies for blocks (UPDATE_GUIDE=1).
    rewrites: BTreeMap<usize, String>,
    failures: Vec<String>,
    skipped: Vec<String>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The timestamp written into the guide for a step at `at` (Beijing time) on the review day.
fn day_time((h, m): (u32, u32)) -> String {
    format!("2024-04-20T{:02}:{m:02}:00Z", (h + 16) % 24)
}

fn with_day_times(s: &str, at: (u32, u32)) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if timestamp_at(b, i) {
            out.push_str(&s[last..i]);
            out.push_str(&day_time(at));
            i += 20;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

fn run_guide(lang: &str) {
    let file = format!("docs/guide.{lang}.md");
    let path = Path::new(REPO).join(&file);
    let md = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let blocks = parse_blocks(&md);
    let (steps, _) = steps_of(&blocks, &file);
    assert!(!steps.is_empty(), "{file} has no steps");
    let mut order: Vec<usize> = (0..steps.len()).collect();
    order.sort_by_key(|i| (steps[*i].at, *i));

    let root = tempfile::Builder::new()
        .prefix("pingshen-guide-")
        .tempdir()
        .expect("temp dir");
    let root_path = root.path().to_path_buf();
    if std::env::var_os("GUIDE_KEEP").is_some() {
        // Left in place for a look after the run.
        eprintln!("GUIDE_KEEP: {}", root_path.display());
        std::mem::forget(root);
    }
    let usb = root_path.join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    std::fs::create_dir_all(root_path.join("tmp")).unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap().to_path_buf();
    let offline_ok = std::env::var_os("GUIDE_OFFLINE").is_some_and(|v| v == "1");
    let tmux_ok = have_tmux();
    let locale = if lang == "zh" {
        "zh_CN.UTF-8"
    } else {
        "en_US.UTF-8"
    };

    let mut subs: Vec<(String, String)> = vec![(usb.display().to_string(), "$USB".into())];
    for role in ROLES {
        subs.push((root_path.join(role).display().to_string(), "~".into()));
    }
    subs.push((REPO.to_string(), "$PINGSHEN_SRC".into()));
    let normal = |s: &str| -> String {
        let mut s = s.to_string();
        for (from, to) in &subs {
            s = s.replace(from.as_str(), to);
        }
        s
    };

    let mut run = Run {
        file: file.clone(),
        md,
        blocks,
        rewrites: BTreeMap::new(),
        failures: vec![],
        skipped: vec![],
    };
    let mut shells: BTreeMap<String, Shell> = BTreeMap::new();
    let mut report_missing = false;
    let chair_view = {
        let out = Command::new(BIN)
            .args(["tui", "--help"])
            .output()
            .expect("pingshen runs");
        String::from_utf8_lossy(&out.stdout).contains("--campaign")
    };
    let mut stop_tmux_absent = false;

    for &si in &order {
        let step = &steps[si];
        let label = format!("{file}:{} step {}", step.line, step.name);
        if stop_tmux_absent {
            run.skipped
                .push(format!("{label}: after an interface step (tmux absent)"));
            continue;
        }
        match step.role.as_str() {
            "online" | "offline" if !offline_ok => {
                run.skipped.push(format!(
                    "{label}: the offline-installation chapter vendors every dependency and makes a release build from scratch (minutes, gigabytes); run it with GUIDE_OFFLINE=1 cargo test --test e2e guide::"
                ));
                continue;
            }
            _ => {}
        }
        if step.needs.as_deref() == Some("report") && report_missing {
            run.skipped.push(format!(
                "{label}: `pingshen report` is not built yet in this version"
            ));
            continue;
        }
        if step.needs.as_deref() == Some("chair-view") && !chair_view {
            run.skipped.push(format!(
                "{label}: this build's chair view does not take --campaign DIR SHEET... yet (`pingshen tui --help`); its capture is pending"
            ));
            continue;
        }
        if step.tmux.is_some() && !tmux_ok {
            run.skipped.push(format!(
                "{label} and every step after it: tmux is not installed (apt-get install -y tmux); the steps after an interface step depend on what was typed in it"
            ));
            stop_tmux_absent = true;
            continue;
        }

        let home = root_path.join(&step.role);
        let shell = shells.entry(step.role.clone()).or_insert_with(|| {
            std::fs::create_dir_all(&home).unwrap();
            let scratch = root_path.join(format!(".shell-{}", step.role));
            std::fs::create_dir_all(&scratch).unwrap();
            let mut path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin_dir.display());
            let mut env: Vec<(String, String)> = vec![
                ("HOME".into(), home.display().to_string()),
                ("LANG".into(), locale.into()),
                ("LC_CTYPE".into(), "C.UTF-8".into()),
                ("TERM".into(), "xterm-256color".into()),
                ("TMPDIR".into(), root_path.join("tmp").display().to_string()),
                ("USB".into(), usb.display().to_string()),
                ("PINGSHEN_SRC".into(), REPO.to_string()),
            ];
            if matches!(step.role.as_str(), "online" | "offline") {
                // The toolchain itself; the offline machine gets an empty cargo home, so
                // only the vendored sources can serve.
                if let Some(cargo) = std::env::var_os("CARGO") {
                    let dir = Path::new(&cargo).parent().unwrap().display().to_string();
                    path = format!("{dir}:{path}");
                }
                let cargo_home = if step.role == "online" {
                    std::env::var("CARGO_HOME").unwrap_or_else(|_| {
                        format!("{}/.cargo", std::env::var("HOME").unwrap_or_default())
                    })
                } else {
                    home.join(".cargo-empty").display().to_string()
                };
                env.push(("CARGO_HOME".into(), cargo_home));
                if step.role == "online" {
                    // The machine with network receives the source as a clean checkout.
                    let src = home.join("pingshen");
                    std::fs::create_dir_all(&src).unwrap();
                    let st = Command::new("sh")
                        .arg("-c")
                        .arg(format!(
                            "git -C {} archive HEAD | tar -x -C {}",
                            quote(REPO),
                            quote(&src.display().to_string())
                        ))
                        .status()
                        .expect("git archive");
                    assert!(st.success(), "git archive of the source failed");
                }
            }
            env.push(("PATH".into(), path));
            Shell::start(&home, &env, &scratch)
        });

        let limit = if matches!(step.role.as_str(), "online" | "offline") {
            Duration::from_secs(3600)
        } else {
            Duration::from_secs(300)
        };

        if let Some(session) = &step.tmux {
            let socket = root_path.join(format!("tmux-{session}"));
            let status_file = root_path.join(format!("tmux-{session}.status"));
            let conf = root_path.join("tmux.conf");
            std::fs::write(
                &conf,
                "set -g remain-on-exit on\nset -g escape-time 10\nset -g status off\n",
            )
            .unwrap();
            // The interface starts where the role's shell stands, with what it exported,
            // but from this process, so the tmux server is this test's child.
            let (status, here, _) = shell.run("pwd\nenv", limit);
            assert_eq!(
                status, 0,
                "{label}: the role's shell cannot say where it is"
            );
            let mut lines = here.lines();
            let cwd = PathBuf::from(lines.next().unwrap_or("/"));
            let vars: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once('='))
                .filter(|(k, _)| !k.is_empty() && !k.starts_with("BASH_FUNC"))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let out = Command::new("tmux")
                .env_clear()
                .envs(vars)
                .current_dir(&cwd)
                .arg("-u")
                .arg("-f")
                .arg(&conf)
                .arg("-S")
                .arg(&socket)
                .args(["new-session", "-d", "-x", "100", "-y", "30", "-s", "g"])
                .arg(format!(
                    "{}; echo $? > {}",
                    step.script.trim(),
                    quote(&status_file.display().to_string())
                ))
                .output()
                .expect("tmux runs");
            assert!(
                out.status.success(),
                "{label}: tmux did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let tmux = Tmux {
                socket,
                status: status_file,
            };
            tmux.settle();
            for &bi in &step.attached {
                let b = run.blocks[bi].clone();
                if b.attrs.contains_key("guide-keys") {
                    for l in b.body.lines().filter(|l| !l.trim().is_empty()) {
                        tmux.send_line(l);
                        tmux.settle();
                    }
                } else if let Some(name) = b.attrs.get("guide-capture") {
                    let screen = normal(&tmux.settle());
                    let screen = canon_screen(&screen);
                    check_capture(&mut run, bi, name, &screen, &label);
                } else {
                    run.failures.push(format!(
                        "{label}: an interface step shows captures, not outputs"
                    ));
                }
            }
            let status = tmux.wait_exit();
            if status != step.exit {
                run.failures.push(format!(
                    "{label}: the interface ended with status {status}, the guide says {}; last screen:\n{}",
                    step.exit,
                    tmux.capture()
                ));
            }
            continue;
        }

        let (status, out, errs) = shell.run(&step.script, limit);
        if step.needs.as_deref() == Some("report") && out.contains("not built yet") {
            report_missing = true;
            run.skipped.push(format!(
                "{label}: `pingshen report` is not built yet in this version"
            ));
            continue;
        }
        let out = normal(&out);
        if status != step.exit || errs.iter().any(|e| *e != step.exit) {
            run.failures.push(format!(
                "{label}: exit status {status} (failed commands: {errs:?}), the guide says {}; output:\n{out}",
                step.exit
            ));
        }
        for &bi in &step.attached {
            let b = run.blocks[bi].clone();
            if !b.attrs.contains_key("guide-output") {
                run.failures.push(format!(
                    "{label}: keys and captures belong to interface steps"
                ));
                continue;
            }
            let expected = canon(&b.body);
            let actual = canon(&out);
            if excerpt_matches(&expected, &actual) {
                continue;
            }
            let excerpt = expected.iter().any(|l| l == "...");
            if updating() && !excerpt {
                let text = with_day_times(out.trim_end(), step.at);
                let text: Vec<&str> = text.lines().map(str::trim_end).collect();
                run.rewrites.insert(bi, text.join("\n"));
            } else {
                run.failures.push(format!(
                    "{file}:{} output of step {} differs from the guide{}.\n--- the guide shows:\n{}\n--- the command printed:\n{}",
                    b.open + 1,
                    step.name,
                    if excerpt {
                        " (an excerpt: edit it by hand)"
                    } else {
                        " (UPDATE_GUIDE=1 cargo test --test e2e guide:: rewrites it)"
                    },
                    b.body,
                    out
                ));
            }
        }
    }
    drop(shells);

    for s in &run.skipped {
        eprintln!("SKIPPED ({lang}): {s}");
    }
    if !run.rewrites.is_empty() {
        let mut lines: Vec<String> = run.md.lines().map(str::to_string).collect();
        for (bi, body) in run.rewrites.iter().rev() {
            let b = &run.blocks[*bi];
            let new: Vec<String> = if body.is_empty() {
                vec![]
            } else {
                body.lines().map(str::to_string).collect()
            };
            lines.splice(b.open + 1..b.close, new);
        }
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(&path, text).expect("rewrite the guide");
        eprintln!(
            "UPDATE_GUIDE: rewrote {} block(s) of {}",
            run.rewrites.len(),
            run.file
        );
    }
    assert!(
        run.failures.is_empty(),
        "{} difference(s) between {file} and the real binary:\n\n{}",
        run.failures.len(),
        run.failures.join("\n\n")
    );
}

/// A screen as stored: line ends trimmed, trailing blank lines dropped.
fn canon_screen(s: &str) -> String {
    let mut lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

fn check_capture(run: &mut Run, bi: usize, name: &str, screen: &str, label: &str) {
    let path = Path::new(REPO).join("docs/captures").join(name);
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    let stored = stored.trim_end_matches('\n');
    let shown = run.blocks[bi].body.clone();
    if updating() {
        if stored != screen {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("{screen}\n")).expect("write the capture");
            eprintln!("UPDATE_GUIDE: wrote docs/captures/{name}");
        }
        if shown != screen {
            run.rewrites.insert(bi, screen.to_string());
        }
        return;
    }
    if canon(stored) != canon(screen) {
        run.failures.push(format!(
            "{label}: the screen differs from docs/captures/{name} (UPDATE_GUIDE=1 cargo test --test e2e guide:: rewrites it):\n--- stored:\n{stored}\n--- now:\n{screen}"
        ));
    }
    if canon(&shown) != canon(stored) {
        run.failures.push(format!(
            "{}:{}: the capture shown in the guide is not docs/captures/{name} (UPDATE_GUIDE=1 copies it in)",
            run.file,
            run.blocks[bi].open + 1
        ));
    }
}

#[test]
fn guide_zh_runs_as_written() {
    run_guide("zh");
}

#[test]
fn guide_en_runs_as_written() {
    run_guide("en");
}

/// The command with quoted text and comments left out: what both guides must share.
fn command_shape(script: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for l in script.lines() {
        for c in l.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    out.push_str("<text>");
                }
                None if c == '#' => break,
                None => out.push(c),
            }
        }
        out = out.trim_end().to_string();
        out.push('\n');
    }
    out
}

#[test]
fn both_guides_have_the_same_steps_and_the_index_points_at_them() {
    let mut shapes = vec![];
    for lang in ["zh", "en"] {
        let file = format!("docs/guide.{lang}.md");
        let md = std::fs::read_to_string(Path::new(REPO).join(&file)).unwrap();
        let blocks = parse_blocks(&md);
        let (steps, env) = steps_of(&blocks, &file);
        let shape: Vec<String> = steps
            .iter()
            .map(|s| {
                let keys: Vec<String> = s
                    .attached
                    .iter()
                    .map(|i| &blocks[*i])
                    .filter(|b| b.attrs.contains_key("guide-keys"))
                    .flat_map(|b| {
                        b.body
                            .lines()
                            .map(|l| command_shape(l.split("  ").next().unwrap_or("")))
                    })
                    .collect();
                format!(
                    "{} role={} at={:?} exit={} tmux={:?} needs={:?}\n{}keys={keys:?} attached={}",
                    s.name,
                    s.role,
                    s.at,
                    s.exit,
                    s.tmux,
                    s.needs,
                    command_shape(&s.script),
                    s.attached.len()
                )
            })
            .collect();
        shapes.push((shape, env));
    }
    let (zh, en) = (&shapes[0], &shapes[1]);
    assert_eq!(zh.1, en.1, "the guides set different variables");
    for (a, b) in zh.0.iter().zip(&en.0) {
        assert_eq!(a, b, "the Chinese and English guides differ at a step");
    }
    assert_eq!(
        zh.0.len(),
        en.0.len(),
        "the guides have different numbers of steps"
    );

    let index = std::fs::read_to_string(Path::new(REPO).join("docs/guide.md")).unwrap();
    for target in ["guide.zh.md", "guide.en.md"] {
        assert!(
            index.contains(&format!("]({target}")),
            "docs/guide.md does not link to {target}"
        );
    }
}

#[test]
fn excerpts_match_as_documented() {
    let v = |s: &str| -> Vec<String> { s.lines().map(str::to_string).collect() };
    let actual = v("a\nb\nc\nd");
    assert!(excerpt_matches(&v("a\nb\nc\nd"), &actual));
    assert!(excerpt_matches(&v("a\n...\nd"), &actual));
    assert!(excerpt_matches(&v("...\nc"), &v("a\nb\nc")));
    assert!(excerpt_matches(&v("...\nb\n..."), &actual));
    assert!(excerpt_matches(&v("...\nb\n...\nd"), &actual));
    assert!(!excerpt_matches(&v("a\nb"), &actual));
    assert!(!excerpt_matches(&v("...\nc"), &actual));
    assert!(!excerpt_matches(&v("b\n..."), &actual));
    assert!(!excerpt_matches(&v("...\nc\n...\nb\n..."), &actual));
    assert!(!excerpt_matches(&v("a\nb\nc\nd\ne"), &actual));
    assert!(excerpt_matches(&v(""), &v("")));
    assert!(!excerpt_matches(&v(""), &v("a")));
    assert_eq!(
        canon("已确认 2024-04-20T02:40:00Z SM3 5859c42be7ca11d5  \n\n"),
        vec!["已确认 <time> SM3 <hex>".to_string()]
    );
    assert_eq!(
        canon("A016 digest abc"),
        vec!["A016 digest abc".to_string()]
    );
}
