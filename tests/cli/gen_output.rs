//! `gen`'s output: the same seed gives the same bytes, another seed other bytes, and every
//! generated campaign loads with no error, from tiny to mid-sized, in both assign modes.

use pingshen::format::load_campaign;
use pingshen::gen::{generate, write, Assign, Manifest, Options};
use pingshen::keys::Algorithm;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn opts(apps: usize, experts: usize, assign: Assign, seed: u64) -> Options {
    Options {
        apps,
        experts,
        assign,
        seed,
        sig: Algorithm::Sm2Sm3,
    }
}

fn gen_into(dir: &Path, o: &Options) {
    let g = generate(o).expect("generate");
    write(dir, &g).expect("write");
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    gen_into(a.path(), &opts(150, 20, Assign::Panels, 42));
    gen_into(b.path(), &opts(150, 20, Assign::Panels, 42));
    gen_into(c.path(), &opts(150, 20, Assign::Panels, 43));
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert!(fa.len() >= 7, "{:?}", fa.keys());
    // Keys and signed sheets are part of the output, and as deterministic as the rest.
    for name in [
        "keys.toml",
        "keys/CH01.key",
        "keys/SEC01.key",
        "keys/X0001.key",
    ] {
        assert!(fa.contains_key(name), "{name} missing: {:?}", fa.keys());
    }
    let sheets: Vec<&String> = fa.keys().filter(|k| k.starts_with("sheets/")).collect();
    assert!(sheets.len() >= 10, "{sheets:?}");
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between two runs");
    }
    for name in [
        "applications.json",
        "units.json",
        "experts.json",
        "manifest.json",
        "keys.toml",
        "keys/CH01.key",
    ] {
        assert_ne!(fa[name], fc[name], "{name} is the same under another seed");
    }
    let shared = sheets
        .iter()
        .find(|s| fc.contains_key(s.as_str()))
        .expect("a sheet of the same expert under both seeds");
    assert_ne!(
        fa[*shared], fc[*shared],
        "{shared} is the same under another seed"
    );
}

#[test]
fn generated_campaigns_load_without_errors() {
    let cases = [
        (1, 1, Assign::Panels, 1),
        (20, 8, Assign::Panels, 2),
        (20, 8, Assign::All, 3),
        (59, 8, Assign::Panels, 4),
        (60, 8, Assign::Panels, 5),
        (60, 7, Assign::All, 6),
        (250, 30, Assign::Panels, 7),
        (400, 60, Assign::All, 8),
    ];
    for (apps, experts, assign, seed) in cases {
        let dir = tempfile::tempdir().expect("tmp");
        gen_into(dir.path(), &opts(apps, experts, assign, seed));
        let loaded = load_campaign(dir.path())
            .unwrap_or_else(|e| panic!("{apps}x{experts} seed {seed} does not load: {e}"));
        let c = loaded.campaign;
        assert_eq!(c.applications.len(), apps);
        assert_eq!(c.experts.len(), experts);
        let m: Manifest = serde_json::from_slice(
            &std::fs::read(dir.path().join("manifest.json")).expect("manifest"),
        )
        .expect("manifest parses");
        assert_eq!((m.apps, m.experts, m.seed), (apps, experts, seed));
        // 19 formal findings (E2 on three, E6 on two, E7 and E8 on several) and 6 conflicts.
        let want = match (apps >= 60, experts >= 8) {
            (false, _) => 0,
            (true, false) => 19,
            (true, true) => 25,
        };
        assert_eq!(m.planted.len(), want, "{apps}x{experts}");
        let panels = &c.settings.panels;
        match assign {
            Assign::All => {
                assert_eq!(panels.len(), 1);
                assert_eq!(panels[0].directions, (1..=13).collect::<Vec<u8>>());
                assert_eq!(panels[0].experts.len(), experts);
            }
            Assign::Panels => {
                assert_eq!(panels.len(), 4);
                let on: usize = panels
                    .iter()
                    .map(|p| p.experts.len() + p.reserves.len())
                    .sum();
                assert_eq!(
                    on, experts,
                    "every expert stands on one panel or is a reserve"
                );
            }
        }
    }
}

#[test]
fn the_command_writes_and_refuses_a_used_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("camp");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_pingshen"))
            .args([
                "--lang",
                "en",
                "gen",
                "--apps",
                "70",
                "--experts",
                "9",
                "--seed",
                "3",
                "-o",
            ])
            .arg(&out)
            .output()
            .expect("run pingshen")
    };
    let first = run();
    assert!(first.status.success(), "{first:?}");
    let line = String::from_utf8_lossy(&first.stdout);
    assert!(
        line.contains("70 applications") && line.contains("25 planted"),
        "{line}"
    );
    assert!(load_campaign(&out).is_ok());
    let second = run();
    assert_eq!(second.status.code(), Some(1), "{second:?}");
    assert!(String::from_utf8_lossy(&second.stderr).contains("not empty"));
}

/// The figures for the report: `cargo test --release --test cli gen_output:: -- --ignored
/// --nocapture`. Generating 10,000 applications and 200 experts, writing them, loading them
/// back and scoring them, each timed.
#[test]
#[ignore]
fn timing_10000_applications() {
    use std::time::Instant;
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("big");
    let t = Instant::now();
    let g = generate(&opts(10_000, 200, Assign::Panels, 1)).expect("generate");
    let gen_t = t.elapsed();
    let t = Instant::now();
    write(&out, &g).expect("write");
    let write_t = t.elapsed();
    let bytes: u64 = files(&out).values().map(|b| b.len() as u64).sum();
    let t = Instant::now();
    let loaded = load_campaign(&out).expect("load");
    let load_t = t.elapsed();
    assert_eq!(loaded.campaign.applications.len(), 10_000);
    let t = Instant::now();
    let scores = pingshen::gen::generate_scores(&g.campaign, 1);
    let score_t = t.elapsed();
    let n: usize = scores.values().map(Vec::len).sum();
    println!(
        "generate {gen_t:?}, write {write_t:?} ({:.1} MB), load {load_t:?}, scores {score_t:?} ({n} scores)",
        bytes as f64 / 1e6
    );
}
