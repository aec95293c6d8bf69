//! The merge on DESIGN.md §8's largest case, built in memory: 100 experts each scoring
//! every one of 2,000 applications on 4 criteria (800,000 scores, as `gen --assign all`).
//! Reports the merge alone (with fragility and calibration) and the canonical output
//! bytes; parsing and signature checks are measured where the files are read.

#[path = "../tests/merge_support/mod.rs"]
mod merge_support;

use merge_support::*;
use pingshen::merge::{merge, to_canonical_json, MergeInput};
use pingshen::model::{MergeSettings, Points};
use pingshen::rules::Eligibility;
use pingshen::sheet::{SheetBody, SheetScore};
use std::time::{Duration, Instant};

const APPS: usize = 2_000;
const EXPERTS: usize = 100;

fn status_mb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// User plus system CPU time of the whole process, all threads.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn main() {
    let ids: Vec<String> = (0..APPS).map(|i| format!("A{i:05}")).collect();
    let apps: Vec<App> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            App(
                Box::leak(id.clone().into_boxed_str()),
                (i % 13) as u8 + 1,
                (i % 5) as u32 + 1,
            )
        })
        .collect();
    let experts: Vec<String> = (0..EXPERTS).map(|i| format!("E{i:03}")).collect();
    let expert_refs: Vec<&str> = experts.iter().map(String::as_str).collect();
    let settings = MergeSettings {
        cut_top_n: Some(10),
        divergence: Points::whole(15),
        ..MergeSettings::default()
    };
    let campaign = campaign(&apps, &expert_refs, &CRITERIA, settings);
    let digest = campaign.digest();

    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let sheets: Vec<SheetBody> = experts
        .iter()
        .map(|e| {
            let mut scores = Vec::with_capacity(APPS * CRITERIA.len());
            for id in &ids {
                for k in CRITERIA {
                    scores.push(SheetScore {
                        application: id.into(),
                        criterion: k.into(),
                        round: 1,
                        value: (next() % 51) as i64 * 50,
                        comment: String::new(),
                        reason: String::new(),
                    });
                }
            }
            scores.sort();
            SheetBody {
                format: 1,
                campaign: digest.clone(),
                expert: e.clone(),
                revision: 1,
                round: 1,
                scores,
                declarations: vec![],
                pledge: None,
            }
        })
        .collect();
    let eligibility = Eligibility::default();
    let input = MergeInput {
        campaign: &campaign,
        eligibility: &eligibility,
        rounds: &[],
        decisions: &[],
        decision_records: &[],
        sheets: &sheets,
        digests: None,
        superseded: &[],
    };
    println!(
        "merge bench: {EXPERTS} experts x {APPS} applications x {} criteria",
        CRITERIA.len()
    );
    let inputs_mb = status_mb("VmRSS:");
    let t = Instant::now();
    let digests: Vec<String> = sheets.iter().map(pingshen::merge::sheet_digest).collect();
    println!("sheet digests:     {:?} on one thread", t.elapsed());
    let mut merges: Vec<Duration> = Vec::new();
    let mut cpus: Vec<Duration> = Vec::new();
    let mut writes: Vec<Duration> = Vec::new();
    let mut size = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let c = cpu_time();
        let out = match merge(&input) {
            Ok(out) => out,
            Err(e) => {
                eprintln!("merge failed: {e}");
                std::process::exit(1);
            }
        };
        merges.push(t.elapsed());
        cpus.push(cpu_time().saturating_sub(c));
        let t = Instant::now();
        size = to_canonical_json(&out).len();
        writes.push(t.elapsed());
    }
    // As `merge` runs it: the digests taken while verifying are handed over, so the merge
    // core alone is timed.
    let given = MergeInput {
        digests: Some(&digests),
        ..input
    };
    let mut cores: Vec<Duration> = Vec::new();
    let mut core_cpus: Vec<Duration> = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let c = cpu_time();
        let out = match merge(&given) {
            Ok(out) => out,
            Err(e) => {
                eprintln!("merge failed: {e}");
                std::process::exit(1);
            }
        };
        cores.push(t.elapsed());
        core_cpus.push(cpu_time().saturating_sub(c));
        std::hint::black_box(&out);
    }
    merges.sort();
    cpus.sort();
    cores.sort();
    core_cpus.sort();
    writes.sort();
    println!(
        "merge:             min {:?}  median {:?}",
        merges[0], merges[2]
    );
    println!(
        "merge CPU time:    min {:?}  median {:?}  (all threads)",
        cpus[0], cpus[2]
    );
    println!(
        "merge, digests given: min {:?}  median {:?}, CPU min {:?}  median {:?}",
        cores[0], cores[2], core_cpus[0], core_cpus[2]
    );
    println!(
        "canonical output:  min {:?}  median {:?}  ({:.1} MB)",
        writes[0],
        writes[2],
        size as f64 / 1e6
    );
    if let (Some(before), Some(peak)) = (inputs_mb, status_mb("VmHWM:")) {
        println!("memory:            {before} MB for the inputs, {peak} MB at peak");
    }
}
