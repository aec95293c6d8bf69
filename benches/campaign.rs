//! DESIGN.md §8's campaign-scale figures on `gen` data, each beside its target: `gen`,
//! `init` and reopening the store (the part of start-to-first-frame before the interface
//! draws), `check` on 10,000 applications and 200 experts, and `verify` and `merge` of the
//! 100 sheets of `gen --apps 2000 --experts 100 --assign all`, beside parsing alone.
//!
//! Each figure is measured in process (the library calls the command makes) and through the
//! real binary, with wall time (median and min of several runs), CPU time (user + system,
//! all threads: the honest figure on a shared machine) and the load average when it was
//! taken; runs of the binary also give its peak resident memory.
//!
//! `cargo bench --bench campaign` runs the full sizes. Under `cargo test --benches` (or
//! `cargo bench --bench campaign -- --test`) it runs tiny sizes once, so it cannot rot.

use pingshen::format::load_campaign;
use pingshen::gen::{generate, write, Assign, Options};
use pingshen::keys::{Algorithm, Keyring};
use pingshen::merge::{merge, to_canonical_json, MergeInput};
use pingshen::rules::{assess, report};
use pingshen::sheet::{judge_sheets, winning_sheets, Sheet, SheetBody};
use pingshen::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// User plus system CPU time of `who` (this process, or its waited-for children).
fn cpu_of(who: i32) -> Duration {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(who, &mut u) } != 0 {
        return Duration::ZERO;
    }
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn tv(t: libc::timeval) -> Duration {
    Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// One run: wall time, CPU time, and for a child process its peak resident set.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    rss_kb: u64,
}

fn run_in_process<T>(f: &mut impl FnMut() -> T) -> (Run, T) {
    let c = cpu_of(libc::RUSAGE_SELF);
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed();
    let cpu = cpu_of(libc::RUSAGE_SELF).saturating_sub(c);
    (
        Run {
            wall,
            cpu,
            rss_kb: 0,
        },
        out,
    )
}

/// Runs the real binary once, waiting for it with `wait4` so its own CPU time is known.
/// Its peak memory comes from `/usr/bin/time` when installed: a child forked from this
/// (large) process inherits this process's peak in its own `ru_maxrss`, so that figure
/// would be wrong. Panics (this is a bench) when it does not exit with `ok_codes`.
// The child is reaped by `wait4`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_binary(args: &[&str], extra: &[PathBuf], ok_codes: &[i32]) -> Run {
    let time = Path::new("/usr/bin/time");
    let rss_file = tempfile::NamedTempFile::new().expect("tmp file");
    let bin = env!("CARGO_BIN_EXE_pingshen");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M", "-o"]).arg(rss_file.path()).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let t = Instant::now();
    let child = cmd
        .args(["--lang", "en"])
        .args(args)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pingshen");
    let mut status = 0;
    // SAFETY: wait4 writes the status and the child's usage (its waited-for children's
    // included) into the values given; the child is ours and not waited for elsewhere.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut u) };
    let wall = t.elapsed();
    assert!(pid > 0, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    assert!(ok_codes.contains(&code), "pingshen {args:?} exited {code}");
    // `time` writes "Command exited with non-zero status 1" before the figure when the
    // command exits 1: the figure is the last line.
    let rss_kb = std::fs::read_to_string(rss_file.path())
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0);
    Run {
        wall,
        cpu: tv(u.ru_utime) + tv(u.ru_stime),
        rss_kb,
    }
}

/// Returns freed memory to the system and restarts the peak-RSS count (Linux), so the next
/// stage's peak can be read alone. The resident size it starts from is returned, in MB.
fn reset_peak() -> u64 {
    // SAFETY: malloc_trim only releases free heap memory.
    unsafe { libc::malloc_trim(0) };
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_mb("VmRSS:")
}

fn status_mb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(field))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb / 1024)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Prints one figure: median and min wall, median CPU, peak memory when known, the load
/// average, and the target.
fn report(what: &str, runs: &[Run], target: &str) {
    let walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    let cpus: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
    let rss = runs.iter().map(|r| r.rss_kb).max().unwrap_or(0);
    let mem = if rss > 0 {
        format!(", peak RSS {} MB", rss / 1024)
    } else {
        String::new()
    };
    println!(
        "{what}: wall median {:.1?} min {:.1?}, CPU median {:.1?} (n={}{mem}); load {}; target {target}",
        median(walls.clone()),
        walls.iter().min().copied().unwrap_or_default(),
        median(cpus),
        runs.len(),
        loadavg()
    );
}

fn repeat<T>(n: usize, mut f: impl FnMut() -> T) -> (Vec<Run>, T) {
    let mut runs = Vec::with_capacity(n);
    let mut last = None;
    for _ in 0..n {
        let (r, out) = run_in_process(&mut f);
        runs.push(r);
        last = Some(out);
    }
    (runs, last.expect("at least one run"))
}

fn sheet_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("sheets"))
        .expect("sheets/")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

fn read_all(paths: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(p).expect("read sheet"),
            )
        })
        .collect()
}

fn dir_mb(dir: &Path) -> f64 {
    let mut n = 0u64;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                n += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    n as f64 / 1e6
}

struct Sizes {
    big: (usize, usize),
    mid: (usize, usize),
    reps: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let s = if full {
        Sizes {
            big: (10_000, 200),
            mid: (2_000, 100),
            reps: 5,
        }
    } else {
        Sizes {
            big: (60, 8),
            mid: (40, 6),
            reps: 1,
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "campaign bench: {threads} cores, load {} at start{}",
        loadavg(),
        if full { "" } else { " (tiny test run)" }
    );
    let tmp = tempfile::tempdir().expect("tmp");
    big_campaign(tmp.path(), &s);
    sheets_campaign(tmp.path(), &s);
}

/// gen, init, reopen and check on the large campaign.
fn big_campaign(tmp: &Path, s: &Sizes) {
    let (apps, experts) = s.big;
    let dir = tmp.join("big");
    let opts = Options::new(apps, experts);
    let (apps_s, experts_s) = (apps.to_string(), experts.to_string());
    let gen_reps = s.reps.min(3);
    let mut runs = vec![];
    for _ in 0..gen_reps {
        let _ = std::fs::remove_dir_all(&dir);
        runs.push(run_binary(
            &[
                "gen",
                "--apps",
                &apps_s,
                "--experts",
                &experts_s,
                "-o",
                dir.to_str().expect("utf-8"),
            ],
            &[],
            &[0],
        ));
    }
    let sheets = sheet_files(&dir).len();
    report(
        &format!(
            "gen --apps {apps} --experts {experts} (binary; {:.0} MB written, {sheets} sheets)",
            dir_mb(&dir)
        ),
        &runs,
        "none set (docs/gen.md)",
    );
    // Where gen's time goes, once: the campaign, then writing it with keys and sheets.
    let (r1, g) = run_in_process(&mut || generate(&opts).expect("generate"));
    let again = tmp.join("big-again");
    let (r2, _) = run_in_process(&mut || write(&again, &g).expect("write"));
    let _ = std::fs::remove_dir_all(&again);
    println!(
        "  of which generate() {:.1?} (CPU {:.1?}), write() with keys and signed sheets {:.1?} (CPU {:.1?})",
        r1.wall, r1.cpu, r2.wall, r2.cpu
    );
    drop(g);
    // The sheets of the large campaign are not read below; free the disk now.
    let _ = std::fs::remove_dir_all(dir.join("sheets"));

    let store = tmp.join("store");
    let (runs, _) = repeat(s.reps.min(3), || {
        let _ = std::fs::remove_dir_all(&store);
        let loaded = load_campaign(&dir).expect("load");
        Store::create(
            &store,
            &loaded.campaign,
            loaded.keys_toml.as_deref(),
            &loaded.decisions,
            None,
            "2024-04-20T00:00:00Z",
        )
        .expect("create store")
    });
    report(
        "init (load_campaign + Store::create)",
        &runs,
        "none set; part of a one-off setup",
    );
    let (runs, c) = repeat(s.reps, || {
        let st = Store::open(&store).expect("open");
        st.campaign().expect("campaign")
    });
    assert_eq!(c.applications.len(), apps);
    report(
        "reopen (Store::open + campaign())",
        &runs,
        "< 150 ms for all of start to first frame",
    );

    let (runs, (n, _)) = repeat(s.reps, || {
        let loaded = load_campaign(&dir).expect("load");
        let a = assess(&loaded.campaign, &[], &[]);
        let text = report::render_text(&a, &loaded.campaign, true);
        (a.findings.len(), text.len())
    });
    report(
        &format!("check in process (load + rules::assess + render, {n} findings)"),
        &runs,
        "< 2 s",
    );
    let only = |f: &mut dyn FnMut()| {
        let (r, _) = repeat(s.reps, f);
        r
    };
    let loaded = load_campaign(&dir).expect("load");
    let runs = only(&mut || {
        std::hint::black_box(load_campaign(&dir).expect("load"));
    });
    report("  load_campaign alone", &runs, "-");
    let runs = only(&mut || {
        std::hint::black_box(assess(&loaded.campaign, &[], &[]));
    });
    report("  rules::assess alone", &runs, "-");
    let mut runs = vec![];
    for _ in 0..s.reps {
        runs.push(run_binary(
            &["check", "--campaign", dir.to_str().expect("utf-8")],
            &[],
            &[0, 1],
        ));
    }
    report(
        &format!("check --campaign (binary, text, {apps} x {experts})"),
        &runs,
        "< 2 s",
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&store);
}

/// verify and merge of every sheet of a `--assign all` campaign.
fn sheets_campaign(tmp: &Path, s: &Sizes) {
    let (apps, experts) = s.mid;
    let dir = tmp.join("mid");
    let opts = Options {
        assign: Assign::All,
        seed: 2,
        sig: Algorithm::Sm2Sm3,
        ..Options::new(apps, experts)
    };
    let g = generate(&opts).expect("generate");
    write(&dir, &g).expect("write");
    drop(g);
    let paths = sheet_files(&dir);
    let loaded = load_campaign(&dir).expect("load");
    let c = loaded.campaign;
    let ring =
        Keyring::parse(loaded.keys_toml.as_deref().unwrap_or(""), "keys.toml").expect("keys.toml");
    let digest = c.digest();
    let files = read_all(&paths);
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let scores: usize = files
        .iter()
        .map(|(_, b)| {
            serde_json::from_slice::<Sheet>(b)
                .map(|s| s.body.scores.len())
                .unwrap_or(0)
        })
        .sum();
    drop(files);
    println!(
        "sheets: gen --apps {apps} --experts {experts} --assign all: {} sheets, {scores} scores, {:.1} MB",
        paths.len(),
        bytes as f64 / 1e6
    );

    let (runs, ok) = repeat(s.reps, || {
        let files = read_all(&paths);
        let v = judge_sheets(&files, &digest, &ring);
        v.iter().all(|v| !v.is_failure())
    });
    assert!(ok, "a generated sheet failed verification");
    report("verify in process (read + judge_sheets)", &runs, "< 0.3 s");
    let camp = dir.to_str().expect("utf-8");
    let mut runs = vec![];
    for _ in 0..s.reps {
        runs.push(run_binary(&["verify", "--campaign", camp], &paths, &[0]));
    }
    report("verify --campaign (binary)", &runs, "< 0.3 s");

    let (runs, n) = repeat(s.reps, || {
        let files = read_all(&paths);
        let sheets: Vec<Sheet> = files
            .iter()
            .map(|(_, b)| serde_json::from_slice(b).expect("sheet parses"))
            .collect();
        sheets.len()
    });
    assert_eq!(n, paths.len());
    report(
        "parse only (read + serde_json into Sheet, 1 thread)",
        &runs,
        "reported beside merge",
    );

    let eligibility = assess(&c, &[], &[]).eligibility;
    let mut peaks = vec![];
    let (runs, size) = repeat(s.reps, || {
        let base = reset_peak();
        let files = read_all(&paths);
        let verdicts = judge_sheets(&files, &digest, &ring);
        let winners: Vec<SheetBody> = winning_sheets(&verdicts)
            .into_iter()
            .map(|s| s.body.clone())
            .collect();
        let input = MergeInput {
            campaign: &c,
            eligibility: &eligibility,
            rounds: &[],
            decisions: &[],
            decision_records: &[],
            sheets: &winners,
            digests: None,
            superseded: &[],
        };
        let out = merge(&input).expect("merge");
        let n = to_canonical_json(&out).len();
        peaks.push(status_mb("VmHWM:").saturating_sub(base));
        n
    });
    peaks.sort();
    report(
        &format!(
            "merge in process as the command does it (read + judge_sheets + clone winners + merge + to_canonical_json, {:.1} MB out; peak +{} MB)",
            size as f64 / 1e6,
            peaks[peaks.len() / 2]
        ),
        &runs,
        "< 1 s",
    );
    // The same merge with the two copies the command makes avoided: file bytes dropped
    // once verified, winning sheets moved out of the verdicts rather than cloned. Its peak
    // is this process's, counted from the resident size before it.
    let mut peaks = vec![];
    let (runs, _) = repeat(s.reps, || {
        let base = reset_peak();
        let verdicts = {
            let files = read_all(&paths);
            judge_sheets(&files, &digest, &ring)
        };
        let mut winners: Vec<SheetBody> = verdicts
            .into_iter()
            .filter_map(|v| match v.outcome {
                pingshen::sheet::Outcome::Ok(s) => Some(s.body),
                _ => None,
            })
            .collect();
        winners.sort_by(|a, b| a.expert.cmp(&b.expert));
        let input = MergeInput {
            campaign: &c,
            eligibility: &eligibility,
            rounds: &[],
            decisions: &[],
            decision_records: &[],
            sheets: &winners,
            digests: None,
            superseded: &[],
        };
        let out = merge(&input).expect("merge");
        let n = to_canonical_json(&out).len();
        peaks.push(status_mb("VmHWM:").saturating_sub(base));
        n
    });
    peaks.sort();
    report(
        &format!(
            "merge in process, sheets moved not cloned, files dropped once verified (peak +{} MB over the {} MB before)",
            peaks[peaks.len() / 2],
            reset_peak()
        ),
        &runs,
        "< 1 s and < 300 MB",
    );
    let out = tmp.join("merged.json");
    let out_s = out.to_str().expect("utf-8");
    let mut runs = vec![];
    for _ in 0..s.reps.min(3) {
        runs.push(run_binary(
            &["merge", "--campaign", camp, "-o", out_s],
            &paths,
            &[0],
        ));
    }
    report("merge --campaign (binary)", &runs, "< 1 s and < 300 MB");
    let _ = std::fs::remove_dir_all(&dir);
}
