//! A review campaign: its settings and every record the rules and the panels work on.

use super::{direction, Application, Date, Expert, Points, Recommender, Rubric, Unit};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The campaign-file format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Limits and thresholds of the notice's rules; every one lives in the campaign file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// E1: joint units per application beside the one lead.
    #[serde(default = "d2")]
    pub max_joint_units: u32,
    /// E2: applications a unit may lead or join.
    #[serde(default = "d2")]
    pub max_applications_per_unit: u32,
    /// E8: applications per regional recommender.
    #[serde(default = "d5")]
    pub max_per_recommender: u32,
    /// E8: of those, in direction 13.
    #[serde(default = "d2")]
    pub max_innovation_platform_per_recommender: u32,
    /// E13: kinds of member a direction-12 consortium needs.
    #[serde(default = "d2")]
    pub min_member_kinds_education: u32,
    /// C3: years before `review_date` a past unit still conflicts.
    #[serde(default = "d3")]
    pub conflict_lookback_years: u32,
    /// E6: similarity (percent) at which two applications are suspected duplicates.
    #[serde(default = "d80")]
    pub near_duplicate_percent: u32,
    /// C5: similarity (percent) at which two organisation names are suspected the same.
    #[serde(default = "d85")]
    pub name_match_percent: u32,
}

fn d2() -> u32 {
    2
}
fn d3() -> u32 {
    3
}
fn d5() -> u32 {
    5
}
fn d80() -> u32 {
    80
}
fn d85() -> u32 {
    85
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_joint_units: 2,
            max_applications_per_unit: 2,
            max_per_recommender: 5,
            max_innovation_platform_per_recommender: 2,
            min_member_kinds_education: 2,
            conflict_lookback_years: 3,
            near_duplicate_percent: 80,
            name_match_percent: 85,
        }
    }
}

/// E9: the date by which each channel's recommendation is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadlines {
    pub regional: Date,
    pub ministry: Date,
}

/// Settings of the merge (DESIGN.md §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeSettings {
    /// Drop one highest and one lowest total when at least this many complete totals exist.
    #[serde(default = "d5")]
    pub trim_min_n: u32,
    /// Fewer complete totals than this flags an application incomplete.
    #[serde(default = "d3")]
    pub min_complete: u32,
    /// Max - min of totals at or above this flags divergence.
    pub divergence: Points,
    /// Cut line: the top N of each direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_top_n: Option<u32>,
    /// Cut line: a minimum panel score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_min_score: Option<Points>,
}

impl Default for MergeSettings {
    fn default() -> Self {
        MergeSettings {
            trim_min_n: 5,
            min_complete: 3,
            divergence: Points::whole(15),
            cut_top_n: None,
            cut_min_score: None,
        }
    }
}

/// A panel (评审组) scores a set of directions; `experts` is its standing membership
/// until a signed draw replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub id: String,
    pub name: String,
    pub directions: Vec<u8>,
    #[serde(default)]
    pub experts: Vec<String>,
    #[serde(default)]
    pub reserves: Vec<String>,
}

/// `campaign.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub format_version: u32,
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub notice: String,
    /// Every rule that looks back in time counts from this day, never from the clock.
    pub review_date: Date,
    /// The expert the bundled demo runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_expert: Option<String>,
    pub regions: Vec<String>,
    #[serde(default)]
    pub limits: Limits,
    pub deadlines: Deadlines,
    #[serde(default)]
    pub merge: MergeSettings,
    #[serde(rename = "panel", default)]
    pub panels: Vec<Panel>,
}

/// Present when the campaign is one expert's package rather than the full campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageInfo {
    pub expert: String,
    /// Digest of the full campaign, which the expert's sheets carry.
    pub full_digest: String,
}

#[derive(Debug, Clone, Default)]
struct Index {
    units: HashMap<String, usize>,
    experts: HashMap<String, usize>,
    applications: HashMap<String, usize>,
    recommenders: HashMap<String, usize>,
}

/// The whole campaign, records sorted by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Campaign {
    pub settings: Settings,
    pub rubrics: Vec<Rubric>,
    pub recommenders: Vec<Recommender>,
    pub units: Vec<Unit>,
    pub experts: Vec<Expert>,
    pub applications: Vec<Application>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<PackageInfo>,
    #[serde(skip)]
    index: Index,
}

impl PartialEq for Campaign {
    fn eq(&self, o: &Self) -> bool {
        self.settings == o.settings
            && self.rubrics == o.rubrics
            && self.recommenders == o.recommenders
            && self.units == o.units
            && self.experts == o.experts
            && self.applications == o.applications
            && self.package == o.package
    }
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| (id(t).to_string(), i))
        .collect()
}

impl Campaign {
    pub fn new(
        settings: Settings,
        rubrics: Vec<Rubric>,
        recommenders: Vec<Recommender>,
        units: Vec<Unit>,
        experts: Vec<Expert>,
        applications: Vec<Application>,
    ) -> Campaign {
        let mut c = Campaign {
            settings,
            rubrics,
            recommenders,
            units,
            experts,
            applications,
            package: None,
            index: Index::default(),
        };
        c.reindex();
        c
    }

    /// Sorts every record list by id and rebuilds the look-up index; call after any change
    /// to the lists, and after deserialising.
    pub fn reindex(&mut self) {
        self.recommenders.sort_by(|a, b| a.id.cmp(&b.id));
        self.units.sort_by(|a, b| a.id.cmp(&b.id));
        self.experts.sort_by(|a, b| a.id.cmp(&b.id));
        self.applications.sort_by(|a, b| a.id.cmp(&b.id));
        self.rubrics.sort_by(|a, b| a.id.cmp(&b.id));
        self.settings.panels.sort_by(|a, b| a.id.cmp(&b.id));
        self.index = Index {
            units: index_of(&self.units, |u| &u.id),
            experts: index_of(&self.experts, |e| &e.id),
            applications: index_of(&self.applications, |a| &a.id),
            recommenders: index_of(&self.recommenders, |r| &r.id),
        };
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.index.units.get(id).map(|&i| &self.units[i])
    }
    pub fn expert(&self, id: &str) -> Option<&Expert> {
        self.index.experts.get(id).map(|&i| &self.experts[i])
    }
    pub fn application(&self, id: &str) -> Option<&Application> {
        self.index
            .applications
            .get(id)
            .map(|&i| &self.applications[i])
    }
    pub fn recommender(&self, id: &str) -> Option<&Recommender> {
        self.index
            .recommenders
            .get(id)
            .map(|&i| &self.recommenders[i])
    }
    pub fn panel(&self, id: &str) -> Option<&Panel> {
        self.settings.panels.iter().find(|p| p.id == id)
    }

    /// The rubric that scores `direction`.
    pub fn rubric_for(&self, direction: u8) -> Option<&Rubric> {
        self.rubrics
            .iter()
            .find(|r| r.directions.contains(&direction))
    }

    /// The rubric for an application's (first) direction.
    pub fn rubric_for_application(&self, app: &Application) -> Option<&Rubric> {
        self.rubric_for(app.direction())
    }

    /// Panels the expert stands on, by the campaign's standing membership.
    pub fn panels_of(&self, expert: &str) -> impl Iterator<Item = &Panel> {
        let expert = expert.to_string();
        self.settings
            .panels
            .iter()
            .filter(move |p| p.experts.contains(&expert))
    }

    /// The digest that sheets carry: the full campaign's, also inside a package.
    pub fn digest(&self) -> String {
        match &self.package {
            Some(p) => p.full_digest.clone(),
            None => self.content_digest(),
        }
    }

    /// SM3 over the canonical JSON of the parsed content: settings, rubrics, recommenders,
    /// units, experts and applications. Not `keys.toml`, not `decisions/`, not the package
    /// marker, so a package's content digest differs from the full campaign's.
    pub fn content_digest(&self) -> String {
        use super::sorted_json::sorted_json_to;
        use sm3::{Digest, Sm3};
        // The bytes of `serde_json::to_vec(&serde_json::to_value(&content))`, where content
        // is the object {settings, rubrics, recommenders, units, experts, applications}:
        // serde_json's default map orders keys, which makes that canonical for this content
        // (strings, booleans and integers only). Written directly, without the `Value`, and
        // hashed as it is written, never held whole: the members here in key order, each
        // value handed over piece by piece.
        let mut sm3 = Sm3::new();
        let feed: &mut dyn FnMut(&[u8]) = &mut |b: &[u8]| sm3.update(b);
        let written = (|| {
            feed(b"{\"applications\":");
            sorted_json_to(&self.applications, feed)?;
            feed(b",\"experts\":");
            sorted_json_to(&self.experts, feed)?;
            feed(b",\"recommenders\":");
            sorted_json_to(&self.recommenders, feed)?;
            feed(b",\"rubrics\":");
            sorted_json_to(&self.rubrics, feed)?;
            feed(b",\"settings\":");
            sorted_json_to(&self.settings, feed)?;
            feed(b",\"units\":");
            sorted_json_to(&self.units, feed)?;
            feed(b"}");
            Ok::<(), serde_json::Error>(())
        })();
        let digest = match written {
            Ok(()) => sm3.finalize(),
            // What the content could not be written as.
            Err(_) => Sm3::digest(b"null"),
        };
        hex::encode(digest)
    }

    /// Display name of a direction code in the chosen language.
    pub fn direction_name(code: u8, zh: bool) -> &'static str {
        match direction(code) {
            Some(d) if zh => d.zh,
            Some(d) => d.en,
            None => "?",
        }
    }
}
