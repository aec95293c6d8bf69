//! Synthetic campaigns (`pingshen gen`): realistic, deterministic, with planted rule cases
//! and a manifest of what `check` must find.
//!
//! # Output
//!
//! `gen -o DIR` writes the campaign in the fixtures' format with the JSON layout
//! (`campaign.toml`, `rubrics.toml`, `recommenders.toml`, `units.json`, `experts.json`,
//! `applications.json`; see docs/formats.md), `DIR/manifest.json`, the keys (`keys.toml`
//! and `keys/<id>.key` for every expert, `CH01` and `SEC01`) and each panel member's signed
//! round-1 sheet, `sheets/<expert>.json`. The same options and seed give the same bytes:
//! one ChaCha8 stream per purpose, no clock, no hash-map order, keys from the seed and
//! deterministic signatures.
//!
//! # The manifest
//!
//! ```json
//! {
//!   "apps": 200,
//!   "experts": 30,
//!   "near_misses": [
//!     {"kind": "recommender_at_quota", "note": "...", "records": ["R0042", "A00017", ...]}
//!   ],
//!   "planted": [
//!     {"application": "A00017", "rule": "E1"},
//!     {"recommender": "R0042", "rule": "E8"},
//!     {"application": "A00120", "expert": "X0003", "rule": "C1"}
//!   ],
//!   "seed": 7
//! }
//! ```
//!
//! Keys are sorted. `planted` is exactly the set of findings `check` reports on the
//! campaign, as (rule, application, expert, recommender), sorted by rule (E1…E13 then
//! C1…C6) and then by those ids: formal findings carry their application, except E8, which
//! carries its recommender; conflicts carry expert and application. E2 and E6 name every
//! application involved (three for E2, two for E6); E7 appears twice (an invalid credit
//! code and a branch office, each in its own application); E8 three times (over quota,
//! over the direction-13 quota, a ranking with a gap). `near_misses` lists records that
//! sit right at a limit and must produce no finding, each with a `kind`, the records
//! involved and a note.
//!
//! Cases are planted when `apps >= MIN_PLANTED_APPS` (60); the conflict cases C1–C6 also
//! need `experts >= MIN_PLANTED_EXPERTS` (8). Below that, `planted` is empty and the
//! campaign must produce no finding at all. docs/gen.md lists every case and near miss.

mod build;
pub mod credit_code;
mod experts;
mod plant;
mod rng;
mod scores;
mod settings;
mod sheets;
mod texts;
mod vocab;

pub use scores::{conflicted_pairs, generate_scores, ScorePlan};
pub use sheets::{key_for, CHAIR, SECRETARIAT};

use crate::format::{write_campaign, Layout};
use crate::keys::Algorithm;
use crate::model::{Campaign, INNOVATION_PLATFORM};
use build::{AppSpec, Builder};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Applications needed before rule cases are planted.
pub const MIN_PLANTED_APPS: usize = 60;
/// Experts needed before conflict cases are planted.
pub const MIN_PLANTED_EXPERTS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assign {
    /// Four panels by category (P4 is direction 13), experts split among them.
    Panels,
    /// One panel over all 13 directions with every expert on it.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub apps: usize,
    pub experts: usize,
    pub assign: Assign,
    pub seed: u64,
    /// The algorithm of every generated key (SM2 unless asked otherwise).
    pub sig: Algorithm,
}

impl Options {
    /// `apps` × `experts`, panels, seed 1, SM2: what `gen` does without options.
    pub fn new(apps: usize, experts: usize) -> Options {
        Options {
            apps,
            experts,
            assign: Assign::Panels,
            seed: 1,
            sig: Algorithm::Sm2Sm3,
        }
    }
}

/// One finding `check` must report. Fields in key order, so the JSON is sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Planted {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommender: Option<String>,
    pub rule: String,
}

impl Planted {
    /// E before C, then by number: the order `check` lists rules in.
    fn order_key(&self) -> (u8, u32, &Option<String>, &Option<String>, &Option<String>) {
        let mut cs = self.rule.chars();
        let letter = match cs.next() {
            Some('E') => 0,
            Some('C') => 1,
            _ => 2,
        };
        let n = cs.as_str().parse().unwrap_or(u32::MAX);
        (
            letter,
            n,
            &self.application,
            &self.expert,
            &self.recommender,
        )
    }
}

/// A record at a limit that must produce no finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearMiss {
    pub kind: String,
    pub note: String,
    pub records: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub apps: usize,
    pub experts: usize,
    pub near_misses: Vec<NearMiss>,
    pub planted: Vec<Planted>,
    pub seed: u64,
}

pub struct Generated {
    pub campaign: Campaign,
    pub manifest: Manifest,
    /// The algorithm the keys are made with.
    pub sig: Algorithm,
}

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error(
        "gen needs at least one application and one expert; give --apps and --experts of 1 or more"
    )]
    Empty,
    #[error("{} is not empty; give gen a new or empty folder so no campaign is mixed with another", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} could not be written ({source}); check the folder is writable and the disk has room", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the generator ran out of recommending departments; this is a bug, please report the options used")]
    Exhausted,
    #[error("the synthetic key or sheet of `{id}` could not be made ({why}); this is a bug, please report the options used")]
    Key { id: String, why: String },
    #[error("a worker writing the sheets stopped unexpectedly; this is a bug, please report the options used")]
    Panicked,
}

/// Direction weights of regular applications: 8 each for 1–11, 5 for 12 and 13.
fn draw_direction(b: &mut Builder, platform_allowed: bool) -> u8 {
    loop {
        let x = b.rng.below(98);
        let d = if x < 88 { 1 + x / 8 } else { 12 + (x - 88) / 5 } as u8;
        if d != INNOVATION_PLATFORM || platform_allowed {
            return d;
        }
    }
}

/// Builds the campaign and its manifest. Pure: no I/O, no clock.
pub fn generate(opts: &Options) -> Result<Generated, GenError> {
    if opts.apps == 0 || opts.experts == 0 {
        return Err(GenError::Empty);
    }
    let mut b = Builder::new(opts.seed, opts.apps);
    let plan = if opts.apps >= MIN_PLANTED_APPS {
        let with_experts = opts.experts >= MIN_PLANTED_EXPERTS;
        Some(plant::plant(&mut b, with_experts).ok_or(GenError::Exhausted)?)
    } else {
        None
    };
    let left = opts.apps - b.apps.len();
    regular(&mut b, left)?;
    b.rank_all();
    let mut plan = plan.unwrap_or(plant::Plan {
        planted: vec![],
        near_misses: vec![],
        priorities: vec![],
        conflicts: None,
    });
    for &(a, p) in &plan.priorities {
        b.apps[a].priority = p;
    }
    let conflicts = plan.conflicts.take();
    let (experts, panels) = experts::experts(
        &mut b,
        opts.seed,
        opts.experts,
        opts.assign,
        conflicts.as_ref(),
        &mut plan,
    );
    let mut s = settings::settings(opts.seed, opts.apps, opts.experts);
    s.panels = panels;
    let campaign = Campaign::new(
        s,
        settings::rubrics(),
        b.recommenders,
        b.units,
        experts,
        b.apps,
    );
    plan.planted
        .sort_by(|x, y| x.order_key().cmp(&y.order_key()));
    Ok(Generated {
        campaign,
        manifest: Manifest {
            apps: opts.apps,
            experts: opts.experts,
            near_misses: plan.near_misses,
            planted: plan.planted,
            seed: opts.seed,
        },
        sig: opts.sig,
    })
}

/// The regular applications: about a tenth through ministries, the rest spread over
/// regional departments at an average of 3.5 each (never more than 5, or 2 in direction 13).
fn regular(b: &mut Builder, n: usize) -> Result<(), GenError> {
    let mut ministry_n = n / 10;
    let regional_n = n - ministry_n;
    let wanted = (regional_n * 2).div_ceil(7);
    let recs: Vec<usize> = (0..wanted.min(b.pool_left()))
        .map_while(|_| b.take_regional(|_, _| true))
        .collect();
    let capacity = recs.len() * 5;
    let regional_n = if regional_n > capacity {
        ministry_n += regional_n - capacity;
        capacity
    } else {
        regional_n
    };
    if regional_n > 0 && recs.is_empty() {
        return Err(GenError::Exhausted);
    }
    let mut counts = vec![0usize; recs.len()];
    let mut open: Vec<usize> = (0..recs.len()).collect();
    for k in 0..regional_n {
        // Every department gets one before any gets a second.
        let i = if k < recs.len() {
            k
        } else {
            open[b.rng.below(open.len())]
        };
        counts[i] += 1;
        if counts[i] == 5 {
            open.retain(|&x| x != i);
        }
    }
    for (i, &rec) in recs.iter().enumerate() {
        let mut platforms = 0;
        for _ in 0..counts[i] {
            let d = draw_direction(b, platforms < 2);
            platforms += usize::from(d == INNOVATION_PLATFORM);
            let j = b.recommenders[rec].jurisdiction.clone();
            let region = build::region_index(&j[b.rng.below(j.len())]);
            b.application(AppSpec {
                rec,
                direction: d,
                region,
                joints: None,
                lead: None,
            });
        }
    }
    for _ in 0..ministry_n {
        let rec = b.ministries.start + b.rng.below(b.ministries.len());
        let d = draw_direction(b, false);
        b.application(AppSpec {
            rec,
            direction: d,
            region: 0,
            joints: None,
            lead: None,
        });
    }
    Ok(())
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> GenError + '_ {
    move |source| GenError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the campaign (JSON layout), `manifest.json`, the keys (`keys.toml`, private keys
/// under `keys/`) and each panel member's signed round-1 sheet under `sheets/` into `dir`,
/// which must be new or empty.
pub fn write(dir: &Path, generated: &Generated) -> Result<Written, GenError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io_err(dir))?;
        if entries.next().is_some() {
            return Err(GenError::NotEmpty(dir.to_path_buf()));
        }
    }
    let c = &generated.campaign;
    let seed = generated.manifest.seed;
    write_campaign(dir, c, Layout::Json).map_err(io_err(dir))?;
    let path = dir.join("manifest.json");
    let mut bytes = serde_json::to_vec_pretty(&generated.manifest)
        .map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
    bytes.push(b'\n');
    std::fs::write(&path, bytes).map_err(io_err(&path))?;
    let keys = sheets::keys(c, seed, generated.sig)?;
    sheets::write_keys(dir, seed, &keys)?;
    let plan = ScorePlan::new(c, seed);
    let sheets = sheets::write_sheets(dir, c, &plan, &keys)?;
    Ok(Written {
        keys: keys.len(),
        sheets,
    })
}

/// What [`write`] wrote beside the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub keys: usize,
    pub sheets: usize,
}
