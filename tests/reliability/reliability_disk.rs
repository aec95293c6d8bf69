//! A full disk: a store on a 2 MiB tmpfs (or, where tmpfs cannot be mounted, an ext4 loop
//! file) is filled to within a few pages, then scores are entered until the disk refuses.
//! `score` must fail with exit 1 and one sentence (no panic), and once space is freed the
//! store opens with every score reported saved, its audit chain whole, and takes new ones.
//! Needs the right to mount (root); skipped, saying so, without it.

use crate::reliability_support;
use pingshen::model::Points;
use reliability_support::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A small filesystem mounted for the test, unmounted (only it) on drop.
struct SmallDisk {
    mount: PathBuf,
    loop_file: Option<PathBuf>,
    kind: &'static str,
}

impl SmallDisk {
    fn mount(dir: &Path) -> Option<SmallDisk> {
        let mount = dir.join("disk");
        std::fs::create_dir_all(&mount).ok()?;
        let tmpfs = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(&mount)
            .output();
        if tmpfs.as_ref().is_ok_and(|o| o.status.success()) {
            return Some(SmallDisk {
                mount,
                loop_file: None,
                kind: "tmpfs, 2 MiB",
            });
        }
        let img = dir.join("disk.img");
        let made = std::fs::File::create(&img)
            .and_then(|f| f.set_len(4 * 1024 * 1024))
            .is_ok()
            && Command::new("mkfs.ext4")
                .args(["-q", "-F"])
                .arg(&img)
                .output()
                .is_ok_and(|o| o.status.success())
            && Command::new("mount")
                .args(["-o", "loop"])
                .arg(&img)
                .arg(&mount)
                .output()
                .is_ok_and(|o| o.status.success());
        if made {
            return Some(SmallDisk {
                mount,
                loop_file: Some(img),
                kind: "ext4 loop file, 4 MiB",
            });
        }
        eprintln!(
            "SKIPPED: cannot mount a small filesystem (tmpfs: {}); the full-disk test needs root or CAP_SYS_ADMIN",
            tmpfs
                .map(|o| text(&o.stderr).trim().to_string())
                .unwrap_or_else(|e| e.to_string())
        );
        None
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mount).output();
        if let Some(img) = &self.loop_file {
            let _ = std::fs::remove_file(img);
        }
    }
}

/// Fills the filesystem holding `dir` with `filler`, then frees `pages` pages of it.
fn fill_leaving(filler: &Path, pages: u64) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(filler)
        .expect("filler");
    let chunk = vec![0x5au8; 4096];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
    let len = f.metadata().expect("filler size").len();
    let len = len - len % 4096;
    f.set_len(len.saturating_sub(pages * 4096))
        .expect("shrink filler");
}

#[test]
fn a_full_disk_refuses_plainly_and_keeps_every_saved_score() {
    let _serial = serial();
    let tmp = tempfile::tempdir().expect("tempdir");
    let Some(disk) = SmallDisk::mount(tmp.path()) else {
        return;
    };
    campaign_dir(tmp.path());
    // The campaign stays off the small disk; only the store is on it.
    let db = disk.mount.join("store");
    let cdir = tmp.path().join("campaign");
    let o = run(&db, &["init", cdir.to_str().expect("utf-8")]);
    assert!(o.status.success(), "init: {}", text(&o.stderr));
    let o = run(&db, &["pledge", "--expert", EXPERT]);
    assert!(o.status.success(), "pledge: {}", text(&o.stderr));

    let filler = disk.mount.join("filler");
    let mut saved: BTreeMap<String, Points> = BTreeMap::new();
    let (mut refusals, mut accepted) = (0usize, 0usize);
    let mut messages: Vec<String> = vec![];
    for (round, pages) in [0u64, 1, 2, 3, 5, 8, 16, 40].into_iter().enumerate() {
        fill_leaving(&filler, pages);
        // Enter scores until the disk refuses one (or 400 pass: the space was enough).
        for i in 0..400 {
            let (criterion, _) = CRITERIA[i % 2];
            let (value, typed) = random_value((round * 400 + i) as u32 * 7 + 3);
            // Lines of varying length, so the disk runs out part-way through some of them.
            let comment = "评语".repeat(1 + i % 50);
            let o = run(
                &db,
                &[
                    "score",
                    APP,
                    criterion,
                    &typed,
                    "--expert",
                    EXPERT,
                    "--comment",
                    &comment,
                ],
            );
            let err = text(&o.stderr);
            assert!(
                !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
                "a full disk made pingshen panic: {err}"
            );
            if o.status.success() {
                assert!(text(&o.stdout).starts_with("saved:"));
                saved.insert(criterion.to_string(), value);
                accepted += 1;
                continue;
            }
            assert_eq!(o.status.code(), Some(1), "exit code on a full disk: {err}");
            assert_eq!(
                err.trim_end().lines().count(),
                1,
                "the refusal is one sentence: {err}"
            );
            assert!(
                err.contains("full") && !err.contains("recover"),
                "a full disk is named as such, not as damage: {err}"
            );
            refusals += 1;
            messages.push(err.trim().to_string());
            break;
        }
        // Space again: the store opens with everything reported saved.
        std::fs::remove_file(&filler).expect("free the disk");
        let got = reopen_or_recover(
            &db,
            &format!("after the disk filled (round {round}, {pages} pages left)"),
            &mut 0,
        );
        for (c, v) in &saved {
            assert_eq!(got.scores.get(c), Some(v), "saved score {c} lost");
        }
        let o = run(&db, &["score", APP, "innovation", "10", "--expert", EXPERT]);
        assert!(
            o.status.success(),
            "the store takes scores again once there is space: {}",
            text(&o.stderr)
        );
        saved.insert("innovation".into(), Points(1000));
    }
    assert!(refusals > 0, "the disk never filled");
    messages.sort();
    messages.dedup();
    eprintln!(
        "FIGURES disk ({}): {refusals} refusals on a full disk, {accepted} scores saved while nearly full, 0 lost, no panic; messages: {messages:#?}",
        disk.kind
    );
}
