//! Durable score writes against the raw fsync of the same disk (DESIGN.md §8: p99 < 10 ms).
//! `cargo bench --bench store`; under `cargo test` it runs a handful of writes only.

use pingshen::format::load_campaign;
use pingshen::model::{Points, Score, ScoreKey};
use pingshen::store::Store;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut t: Vec<Duration>) {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<34} n={:<5} p50 {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms",
        t.len(),
        ms(percentile(&t, 0.5)),
        ms(percentile(&t, 0.99)),
        ms(*t.last().unwrap_or(&Duration::ZERO))
    );
}

fn main() {
    let quick =
        std::env::args().any(|a| a == "--test") || !std::env::args().any(|a| a == "--bench");
    let n = if quick { 20 } else { 2000 };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let campaign = load_campaign(&root.join("fixtures/campaign-2023"))
        .expect("fixture loads")
        .campaign;
    // The bench runs where the store would: a temp folder on the same disk as the target dir.
    let tmp = tempfile::tempdir_in(root.join("target")).expect("temp dir");

    // Raw fsync: append 200 bytes and sync_data, as the journal does.
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(tmp.path().join("raw"))
        .expect("file");
    let line = [b'x'; 200];
    let raw: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f.write_all(&line).expect("write");
            f.sync_data().expect("fsync");
            t.elapsed()
        })
        .collect();

    let store = Store::create(
        &tmp.path().join("store"),
        &campaign,
        None,
        &[],
        None,
        "2024-04-20T09:00:00Z",
    )
    .expect("store");
    let app = &campaign.applications[0].id;
    let writes: Vec<Duration> = (0..n)
        .map(|i| {
            let score = Score {
                key: ScoreKey {
                    expert: "EXP01".into(),
                    application: app.clone(),
                    criterion: ["innovation", "advancement", "practicality", "scalability"][i % 4]
                        .into(),
                    round: 1,
                },
                value: Points((i as i64 % 51) * 50),
                comment: "创新点突出，应用成效明显".into(),
                reason: String::new(),
            };
            let t = Instant::now();
            store
                .put_score(&score, "2024-04-20T09:00:00Z")
                .expect("durable write");
            t.elapsed()
        })
        .collect();
    println!("disk: {}", tmp.path().display());
    report("raw append + fsync (journal alone)", raw);
    report("durable score write (journal+sled+flush)", writes);
}
