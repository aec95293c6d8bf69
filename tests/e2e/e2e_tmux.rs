//! The real binary in a real terminal: tmux drives `pingshen tui` with keys (Chinese typed
//! as UTF-8 text), and the store is then read back through the library. Also: a score whose
//! saved mark has shown survives `kill -9`. Skipped, saying so, when tmux is absent.

use crate::tui_common;
use pingshen::model::Points;
use pingshen::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_pingshen");

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: tmux is not installed; the end-to-end terminal tests need it (CI installs it)");
    }
    ok
}

/// One tmux server on a private socket, killed (only it) on drop.
struct Tmux {
    socket: String,
    conf: PathBuf,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        let socket = format!("pingshen-test-{}-{name}", std::process::id());
        let conf = std::env::temp_dir().join(format!("{socket}.conf"));
        // Keep a pane whose program died, so a failure shows its last words.
        std::fs::write(&conf, "set -g remain-on-exit on\nset -g escape-time 10\n").unwrap();
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
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-u")
            .arg("-f")
            .arg(&self.conf)
            .args(["-L", &self.socket]);
        c.env("LANG", "C.UTF-8");
        c
    }

    fn keys(&self, keys: &[&str]) {
        let st = self
            .cmd()
            .args(["send-keys", "-t", "t"])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    fn text(&self, text: &str) {
        let st = self
            .cmd()
            .args(["send-keys", "-t", "t", "-l", text])
            .status()
            .expect("send-keys -l");
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    fn capture(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-J", "-S", "-30", "-t", "t"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let t0 = Instant::now();
        loop {
            let s = self.capture();
            if s.contains(needle) {
                return s;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "`{needle}` never appeared; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn pane_pid(&self) -> i32 {
        let out = self
            .cmd()
            .args(["display-message", "-p", "-t", "t", "#{pane_pid}"])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("pane pid")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
        let _ = std::fs::remove_file(&self.conf);
    }
}

fn alive(pid: i32) -> bool {
    // A zombie whose every thread has exited is gone (its files closed, its store
    // unlocked), even while tmux has not reaped it yet, which under load takes a while.
    let state = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next().map(str::to_string))
        });
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|rd| rd.count())
        .unwrap_or(0);
    if state.as_deref() == Some("Z") && tasks <= 1 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    unsafe { libc::kill(pid, 0) == 0 }
}

/// The state and kernel wait channel of each thread of `pid`, for a failure message.
fn threads(pid: i32) -> String {
    let mut out = String::new();
    if let Ok(rd) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in rd.flatten() {
            let p = t.path();
            let stat = std::fs::read_to_string(p.join("stat")).unwrap_or_default();
            let wchan = std::fs::read_to_string(p.join("wchan")).unwrap_or_default();
            out.push_str(&format!("{} [{wchan}]\n", stat.trim()));
        }
    }
    out
}

fn wait_gone(pid: i32) {
    let t0 = Instant::now();
    while alive(pid) {
        if t0.elapsed() >= Duration::from_secs(20) {
            let ps = Command::new("ps")
                .args(["-o", "pid,ppid,stat,cmd", "-p", &pid.to_string()])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            panic!("pingshen did not exit: {ps}\n{}", threads(pid));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A campaign written to `dir` and loaded into `dir/db` by the real `init`.
fn init(dir: &Path) -> PathBuf {
    let cdir = tui_common::write(dir, &tui_common::campaign(6));
    let db = dir.join("db");
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .arg("init")
        .arg(&cdir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

fn tui_command(db: &Path, lang: &str) -> String {
    format!(
        "exec env LANG=C.UTF-8 {BIN} --db '{}' --lang {lang} tui --expert E01",
        db.display()
    )
}

#[test]
fn expert_scores_an_application_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let tmux = Tmux::start("flow", 80, 24, &tui_command(&db, "zh"));
    let pid = tmux.pane_pid();
    tmux.wait_for("按 y 确认");
    tmux.keys(&["y"]);
    tmux.wait_for("已记录承诺");
    tmux.keys(&["/"]);
    tmux.text("大模型");
    tmux.wait_for("/大模型");
    tmux.keys(&["Enter"]);
    tmux.keys(&["Enter"]);
    let detail = tmux.wait_for("项目详情 A00002");
    assert!(detail.contains("北京市通信管理局"), "{detail}");
    tmux.keys(&["M-3"]);
    tmux.wait_for("合计 0 / 100");
    for (i, v) in ["25", "20", "20.5", "15"].iter().enumerate() {
        if i > 0 {
            tmux.keys(&["j"]);
        }
        tmux.text(v);
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!("[{v}]"));
    }
    tmux.wait_for("合计 80.5 / 100");
    tmux.keys(&["c"]);
    tmux.text("创新突出，建议推广");
    tmux.wait_for("创新突出，建议推广");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("评语: 创新突出");
    assert!(screen.contains("已保存"), "{screen}");
    tmux.keys(&["q"]);
    wait_gone(pid);

    let store = Store::open(&db).unwrap();
    let scores = store.scores(Some("E01")).unwrap();
    let mut got: Vec<(String, String, i64)> = scores
        .iter()
        .map(|s| {
            (
                s.key.application.clone(),
                s.key.criterion.clone(),
                s.value.0,
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("A00002".into(), "advancement".into(), 2000),
            ("A00002".into(), "innovation".into(), 2500),
            ("A00002".into(), "practicality".into(), 2050),
            ("A00002".into(), "promotion".into(), 1500),
        ]
    );
    let promo = scores
        .iter()
        .find(|s| s.key.criterion == "promotion")
        .unwrap();
    assert_eq!(promo.comment, "创新突出，建议推广");
    assert!(store.pledge("E01").unwrap().is_some());
}

#[test]
fn a_saved_score_survives_kill_9() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["pledge", "--expert", "E01"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let tmux = Tmux::start("kill", 120, 40, &tui_command(&db, "en"));
    let pid = tmux.pane_pid();
    tmux.wait_for("Applications");
    // The first frame comes before the formal review and the conflicts are weighed
    // ("checking" rows, no score taken); a row's status says when they are.
    tmux.wait_for("unscored");
    tmux.keys(&["M-3"]);
    tmux.text("22");
    tmux.keys(&["Enter"]);
    tmux.wait_for("[22]");
    tmux.wait_for(" saved ");
    // SAFETY: the pane's process is the pingshen this test started (exec'd by tmux).
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    wait_gone(pid);
    let store = Store::open(&db).unwrap();
    let s = store.scores(Some("E01")).unwrap();
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].key.application, "A00001");
    assert_eq!(s[0].key.criterion, "innovation");
    assert_eq!(s[0].value, Points(2200));
}

#[test]
fn demo_exports_a_signed_sheet_with_the_demo_key() {
    if !have_tmux() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let command = format!(
        "exec env LANG=C.UTF-8 TMPDIR='{}' {BIN} --lang zh demo",
        tmp.path().display()
    );
    let tmux = Tmux::start("demo", 120, 40, &command);
    let pid = tmux.pane_pid();
    tmux.wait_for("按 y 确认");
    tmux.keys(&["y"]);
    tmux.wait_for("已记录承诺");
    tmux.keys(&["e"]);
    let screen = tmux.wait_for("已导出");
    assert!(screen.contains("pingshen-demo-sheets"), "{screen}");
    tmux.keys(&["q"]);
    wait_gone(pid);
    // The run's own export folder, which no other demo run writes into.
    let dirs: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("pingshen-demo-sheets-")
        })
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let dir = dirs[0].path();
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "{dir:?}");
    let name = files[0].file_name().to_string_lossy().into_owned();
    assert!(name.ends_with("-EXP01-r1.json"), "{name}");
    // The sheet verifies against the bundled campaign's keys.
    let out = Command::new(BIN)
        .args(["--lang", "en", "verify", "--campaign"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/campaign-2023"))
        .arg(files[0].path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_chairs_view_of_the_demo_and_of_real_sheets() {
    if !have_tmux() {
        return;
    }
    let tmux = Tmux::start(
        "chair",
        160,
        48,
        &format!("exec env LANG=C.UTF-8 {BIN} --lang zh demo --chair"),
    );
    let pid = tmux.pane_pid();
    tmux.wait_for("分歧队列");
    tmux.keys(&["]"]);
    let screen = tmux.wait_for("排名 2 云计算安全");
    assert!(screen.contains("评分表 25"), "{screen}");
    tmux.keys(&["q"]);
    wait_gone(pid);
    // The same view over the sheets on disk, as `tui --chair --campaign DIR SHEET...`.
    let root = env!("CARGO_MANIFEST_DIR");
    let command = format!(
        "cd '{root}' && exec env LANG=C.UTF-8 {BIN} --lang en --db /nonexistent/db tui --chair --campaign fixtures/campaign-2023 fixtures/demo-sheets/*.json"
    );
    let tmux = Tmux::start("chair-dir", 80, 24, &command);
    let pid = tmux.pane_pid();
    tmux.wait_for("1 Ranking");
    tmux.keys(&["M-3"]);
    tmux.wait_for("Divergence queue");
    tmux.keys(&["q"]);
    wait_gone(pid);
}

/// The rows of the `?` help as tmux shows them have its border on both sides, though a
/// Chinese heading (编号 in the list, 名次 in the chair's ranking) lies under its left edge.
#[test]
fn the_help_keeps_its_border_over_chinese_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    for (name, args, ready) in [
        ("help-expert", "demo", "按 y 确认"),
        ("help-chair", "demo --chair", "组长视图"),
    ] {
        let command = format!("exec env LANG=C.UTF-8 {BIN} --lang zh {args}");
        let tmux = Tmux::start(name, 80, 24, &command);
        tmux.wait_for(ready);
        if args == "demo" {
            tmux.keys(&["y"]);
            tmux.wait_for("已记录承诺");
        }
        tmux.keys(&["?"]);
        let screen = tmux.wait_for("帮助（? 或 Esc 关闭）");
        let rows: Vec<&str> = screen.lines().collect();
        // The overlay spans columns 2..78 of rows 1..21 (the body less a margin).
        let top = rows
            .iter()
            .position(|r| r.contains("帮助（"))
            .unwrap_or_else(|| panic!("{name}: no help title\n{screen}"));
        for (i, row) in rows.iter().enumerate().skip(top).take(20) {
            // Columns as the terminal lays them out: a wide character takes two.
            let mut cols: Vec<char> = Vec::new();
            for c in row.chars() {
                cols.push(c);
                if unicode_width::UnicodeWidthChar::width(c) == Some(2) {
                    cols.push('\0');
                }
            }
            let at = |x: usize| cols.get(x).copied().unwrap_or(' ');
            let (l, r) = match i - top {
                0 => ('┌', '┐'),
                19 => ('└', '┘'),
                _ => ('│', '│'),
            };
            assert_eq!(at(2), l, "{name}: row {i} lost its left border\n{screen}");
            assert_eq!(at(77), r, "{name}: row {i} lost its right border\n{screen}");
        }
        tmux.keys(&["q"]);
    }
}
