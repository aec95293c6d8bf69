//! Writing a campaign back to a directory in the format `load_campaign` reads.

use crate::model::{Application, Campaign, Expert, Recommender, Rubric, Unit};
use serde::Serialize;
use std::fs;
use std::io;
use std::path::Path;

/// How to lay records out: one TOML file per application (readable, as a secretariat
/// edits them) or single JSON lists (fast, for large generated campaigns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Toml,
    Json,
}

#[derive(Serialize)]
struct Rubrics<'a> {
    rubric: &'a [Rubric],
}
#[derive(Serialize)]
struct Recommenders<'a> {
    recommender: &'a [Recommender],
}
#[derive(Serialize)]
struct Units<'a> {
    unit: &'a [Unit],
}
#[derive(Serialize)]
struct Experts<'a> {
    expert: &'a [Expert],
}
#[derive(Serialize)]
struct Applications<'a> {
    application: &'a [Application],
}

fn to_toml<T: Serialize>(v: &T) -> io::Result<String> {
    toml::to_string(v).map_err(|e| io::Error::other(e.to_string()))
}

fn to_json<T: Serialize>(v: &T) -> io::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(v).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(out)
}

/// Writes `campaign` into `dir` (created if needed). Keys, decisions and documents are the
/// caller's to add.
pub fn write_campaign(dir: &Path, campaign: &Campaign, layout: Layout) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    fs::write(dir.join("campaign.toml"), to_toml(&campaign.settings)?)?;
    fs::write(
        dir.join("rubrics.toml"),
        to_toml(&Rubrics {
            rubric: &campaign.rubrics,
        })?,
    )?;
    fs::write(
        dir.join("recommenders.toml"),
        to_toml(&Recommenders {
            recommender: &campaign.recommenders,
        })?,
    )?;
    match layout {
        Layout::Toml => {
            fs::write(
                dir.join("units.toml"),
                to_toml(&Units {
                    unit: &campaign.units,
                })?,
            )?;
            fs::write(
                dir.join("experts.toml"),
                to_toml(&Experts {
                    expert: &campaign.experts,
                })?,
            )?;
            let apps = dir.join("applications");
            fs::create_dir_all(&apps)?;
            for a in &campaign.applications {
                fs::write(apps.join(format!("{}.toml", a.id)), to_toml(a)?)?;
            }
        }
        Layout::Json => {
            fs::write(
                dir.join("units.json"),
                to_json(&Units {
                    unit: &campaign.units,
                })?,
            )?;
            fs::write(
                dir.join("experts.json"),
                to_json(&Experts {
                    expert: &campaign.experts,
                })?,
            )?;
            fs::write(
                dir.join("applications.json"),
                to_json(&Applications {
                    application: &campaign.applications,
                })?,
            )?;
        }
    }
    Ok(())
}
