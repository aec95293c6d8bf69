//! `verify` figure of DESIGN.md §8: 100 sheets × 2,000 applications × 4 criteria, signed with
//! SM2, written to a temporary folder, then read, parsed, checked canonical and verified.
//!
//! `cargo bench --bench verify` runs the full size; under `cargo test --benches` or
//! `cargo bench -- --test` it runs a small size once, to keep it from rotting.

use pingshen::keys::{Algorithm, KeyPair, Keyring, PrivateKey};
use pingshen::model::Role;
use pingshen::sheet::{
    glance_sheet_files, judge_sheets, sheet_file_bytes, sign_sheet, Sheet, SheetBody, SheetScore,
    SHEET_FORMAT,
};
use std::time::{Duration, Instant};

const DIGEST: &str = "5f2c1d0e9a8b7c6d5e4f30211203f4e5d6c7b8a9908172635445362718091a2b";
const CRITERIA: [&str; 4] = ["innovation", "advancement", "practicality", "scalability"];

fn body(expert: &str, apps: usize, salt: usize) -> SheetBody {
    let mut scores = Vec::with_capacity(apps * CRITERIA.len());
    for a in 0..apps {
        for (c, crit) in CRITERIA.iter().enumerate() {
            scores.push(SheetScore {
                application: format!("A{:05}", a + 1).into(),
                criterion: (*crit).into(),
                round: 1,
                value: ((a * 31 + c * 7 + salt * 13) % 2501) as i64,
                // One score in ten carries a comment, as real sheets do.
                comment: if (a + c + salt) % 10 == 0 {
                    "技术路线清晰，应用成效明显，推广价值较高。".to_string()
                } else {
                    String::new()
                },
                reason: String::new(),
            });
        }
    }
    SheetBody {
        format: SHEET_FORMAT,
        campaign: DIGEST.to_string(),
        expert: expert.to_string(),
        revision: 1,
        round: 1,
        scores,
        declarations: Vec::new(),
        pledge: None,
    }
}

/// CPU time this process has used (user + system): on a machine shared with other builds the
/// wall clock says little, CPU time divided by the cores used says what an idle machine would.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let (experts, apps, runs) = if full { (100, 2000, 7) } else { (3, 50, 1) };

    let t = Instant::now();
    let mut keys = Vec::new();
    let mut ring_text = String::new();
    for e in 0..experts {
        let id = format!("E{:03}", e + 1);
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&(e as u64).to_le_bytes());
        let key = PrivateKey::new(
            &id,
            Role::Expert,
            KeyPair::from_seed(Algorithm::Sm2Sm3, seed).unwrap(),
        )
        .unwrap();
        ring_text.push_str(&key.keys_toml_entry());
        ring_text.push('\n');
        keys.push(key);
    }
    let ring = Keyring::parse(&ring_text, "keys.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut total_bytes = 0;
    for (e, key) in keys.iter().enumerate() {
        let sheet = sign_sheet(body(&key.id, apps, e), key).unwrap();
        let bytes = sheet_file_bytes(&sheet);
        total_bytes += bytes.len();
        let path = dir.path().join(format!("{}.json", key.id));
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    println!(
        "verify bench: {experts} sheets x {apps} applications x {} criteria = {} scores, {:.1} MB, generated and signed in {:.2?}",
        CRITERIA.len(),
        experts * apps * CRITERIA.len(),
        total_bytes as f64 / 1e6,
        t.elapsed()
    );

    // `judge_sheets` over files read whole (what `verify` did until 2026-12-06) and
    // `glance_sheet_files` (what it does now), alternating.
    let mut verify_times = Vec::new();
    let mut verify_cpu = Vec::new();
    let mut parse_times = Vec::new();
    let mut glance_times = Vec::new();
    let mut glance_cpu = Vec::new();
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    for _ in 0..runs {
        // What `verify` runs: each thread reads the next file into its own buffer and keeps
        // only its verdict.
        let t = Instant::now();
        let c = cpu_time();
        let (lines, failed) =
            glance_sheet_files(&paths, &ring, &|| {}).lines(&names, DIGEST, false);
        glance_times.push(t.elapsed());
        glance_cpu.push(cpu_time() - c);
        assert!(!failed, "{}", lines[0]);

        let t = Instant::now();
        let c = cpu_time();
        let files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
            .collect();
        let verdicts = judge_sheets(&files, DIGEST, &ring);
        verify_times.push(t.elapsed());
        verify_cpu.push(cpu_time() - c);
        assert!(
            verdicts.iter().all(|v| !v.is_failure()),
            "{}",
            verdicts[0].line(false)
        );

        let t = Instant::now();
        let files: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
        let sheets: Vec<Sheet> = files
            .iter()
            .map(|b| serde_json::from_slice(b).unwrap())
            .collect();
        parse_times.push(t.elapsed());
        assert_eq!(sheets.len(), experts);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "verify (read + parse + canonical check + SM2 signature, {threads} threads): median {:.1?} of {runs} (min {:.1?}); target < 300 ms",
        median(verify_times.clone()),
        verify_times.iter().min().unwrap()
    );
    println!(
        "  CPU time of the same: median {:.1?}, i.e. {:.1?} on {threads} idle cores",
        median(verify_cpu.clone()),
        median(verify_cpu) / threads as u32
    );
    println!(
        "verify's pipeline (read into kept buffers + scan + SM2 signature, {threads} threads): median {:.1?} (min {:.1?}), CPU median {:.1?}",
        median(glance_times.clone()),
        glance_times.iter().min().unwrap(),
        median(glance_cpu)
    );
    println!(
        "beside it, read + parse only (1 thread): median {:.1?}",
        median(parse_times)
    );
    breakdown(&paths);
}

/// Where one thread's time goes, stage by stage, over all files.
fn breakdown(paths: &[std::path::PathBuf]) {
    use sm3::Digest as _;
    let files: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let t = cpu_time();
    let sheets: Vec<Sheet> = files
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect();
    let parse = cpu_time() - t;
    let t = cpu_time();
    let mut n = 0;
    for s in &sheets {
        n += sheet_file_bytes(s).len();
    }
    let write = cpu_time() - t;
    let t = cpu_time();
    for f in &files {
        std::hint::black_box(sm3::Sm3::digest(f));
    }
    let hash = cpu_time() - t;
    println!(
        "  one thread, all files, CPU time: parse {parse:.1?}, re-serialise {write:.1?} ({:.1} MB), SM3 {hash:.1?} ({:.0} MB/s)",
        n as f64 / 1e6,
        n as f64 / 1e6 / hash.as_secs_f64()
    );
}
