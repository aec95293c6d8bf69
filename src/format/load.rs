//! Reading a campaign directory: parse every file, then check every reference, and only
//! then build the campaign, so one bad file never yields half a campaign.

use super::errors::{LoadError, LoadErrors};
use super::locate::{id_line, id_lines, key_line, line_at, nth_header, value_line};
use super::MAX_FILE_BYTES;
use crate::model::{
    direction, industry, Application, Campaign, Expert, PackageInfo, Recommender, Rubric, Settings,
    Unit, FORMAT_VERSION,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// `package.toml`: marks an expert's package and carries the secretariat's signature.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackageFile {
    pub expert: String,
    pub full_digest: String,
    /// Digest of the package's own content, which the signature covers.
    pub content_digest: String,
    pub signed_by: String,
    pub algorithm: String,
    pub signature: String,
}

/// A campaign read from disk, with the parts that lie outside its digest.
#[derive(Debug, Clone)]
pub struct LoadedCampaign {
    pub campaign: Campaign,
    /// `keys.toml`'s text, if present.
    pub keys_toml: Option<String>,
    /// Every file in `decisions/`, by name, unparsed: the sheet module verifies them.
    pub decisions: Vec<(String, Vec<u8>)>,
    pub package: Option<PackageFile>,
}

struct Source {
    path: PathBuf,
    text: String,
}

/// Where a record stands: which source and which line.
#[derive(Clone, Copy)]
struct Loc {
    src: usize,
    line: usize,
}

struct Reader {
    root: PathBuf,
    sources: Vec<Source>,
    errors: Vec<LoadError>,
    /// Ids of records that exist but could not be read, and record kinds whose file could
    /// not be read at all: references to them are not reported again as unknown.
    unreadable_ids: HashSet<String>,
    unreadable_kinds: HashSet<String>,
}

impl Reader {
    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .map(|p| self.root.join(p))
            .unwrap_or_else(|_| path.to_path_buf())
    }

    fn err(&mut self, path: &Path, line: Option<usize>, message: impl Into<String>) {
        let file = self.rel(path);
        self.errors.push(LoadError {
            file,
            line,
            message: message.into(),
        });
    }

    fn err_at(&mut self, loc: Loc, message: impl Into<String>) {
        let path = self.sources[loc.src].path.clone();
        self.err(&path, Some(loc.line), message);
    }

    /// Error at the line holding `value` inside the record at `loc`, else the record's line.
    fn err_value(&mut self, loc: Loc, value: &str, message: impl Into<String>) {
        let line = value_line(&self.sources[loc.src].text, loc.line, value).unwrap_or(loc.line);
        self.err_at(Loc { line, ..loc }, message);
    }

    fn err_key(&mut self, loc: Loc, key: &str, message: impl Into<String>) {
        let line = key_line(&self.sources[loc.src].text, loc.line, key).unwrap_or(loc.line);
        self.err_at(Loc { line, ..loc }, message);
    }

    /// Reads a text file, refusing what is too large or not UTF-8.
    fn read(&mut self, path: &Path) -> Option<usize> {
        let size = match fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) => {
                self.err(
                    path,
                    None,
                    format!("cannot be read ({e}); check that it exists and is readable"),
                );
                return None;
            }
        };
        if size > MAX_FILE_BYTES {
            self.err(path, None, format!("is {size} bytes, over the limit of {MAX_FILE_BYTES}; split it or check it is the right file"));
            return None;
        }
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.err(path, None, format!("cannot be read ({e})"));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => {
                self.sources.push(Source {
                    path: path.to_path_buf(),
                    text,
                });
                Some(self.sources.len() - 1)
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                self.err(
                    path,
                    Some(line),
                    "is not valid UTF-8; save it as UTF-8 (not GBK) and run init again",
                );
                None
            }
        }
    }

    fn is_json(&self, src: usize) -> bool {
        self.sources[src]
            .path
            .extension()
            .is_some_and(|e| e == "json")
    }

    /// Parses one whole file into `T`, with the line of any syntax or shape error.
    fn parse_whole<T: DeserializeOwned>(&mut self, src: usize) -> Option<T> {
        let (text, json) = (&self.sources[src].text, self.is_json(src));
        let result = if json {
            serde_json::from_str::<T>(text).map_err(|e| (Some(e.line()), e.to_string()))
        } else {
            toml::from_str::<T>(text).map_err(|e| {
                (
                    e.span().map(|s| line_at(text, s.start)),
                    e.message().to_string(),
                )
            })
        };
        match result {
            Ok(v) => Some(v),
            Err((line, msg)) => {
                let path = self.sources[src].path.clone();
                self.err(&path, line, format!("{msg}; correct it and run init again"));
                None
            }
        }
    }

    /// Reads the records under `key` of a TOML (`[[key]]`) or JSON (`{"key": [...]}`) file,
    /// one by one, so every bad record is reported, not only the first.
    fn records<T: DeserializeOwned>(&mut self, src: usize, key: &str, what: &str) -> Vec<(T, Loc)> {
        let json = self.is_json(src);
        let items: Vec<(Result<T, String>, Option<String>)> = if json {
            let v: Option<serde_json::Value> = self.parse_whole(src);
            let Some(v) = v else {
                self.unreadable_kinds.insert(key.to_string());
                return vec![];
            };
            match v.get(key).and_then(|a| a.as_array()) {
                Some(arr) => arr
                    .iter()
                    .map(|r| {
                        let id = r.get("id").and_then(|i| i.as_str()).map(str::to_string);
                        (T::deserialize(r).map_err(|e| e.to_string()), id)
                    })
                    .collect(),
                None => {
                    let path = self.sources[src].path.clone();
                    self.err(
                        &path,
                        Some(1),
                        format!("has no \"{key}\" list of {what} records; see docs/formats.md"),
                    );
                    return vec![];
                }
            }
        } else {
            let t: Option<toml::Table> = self.parse_whole(src);
            let Some(t) = t else {
                self.unreadable_kinds.insert(key.to_string());
                return vec![];
            };
            match t.get(key) {
                Some(toml::Value::Array(arr)) => arr
                    .iter()
                    .map(|r| {
                        let id = r.get("id").and_then(|i| i.as_str()).map(str::to_string);
                        (
                            T::deserialize(r.clone()).map_err(|e| e.message().to_string()),
                            id,
                        )
                    })
                    .collect(),
                None => vec![],
                Some(_) => {
                    let path = self.sources[src].path.clone();
                    let line = key_line(&self.sources[src].text, 1, key);
                    self.err(
                        &path,
                        line,
                        format!(
                            "`{key}` must be a list of tables ([[{key}]]); see docs/formats.md"
                        ),
                    );
                    return vec![];
                }
            }
        };
        let mut out = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        // One pass over the text finds every record's line; a search per record would make
        // loading a large generated file quadratic.
        let text = &self.sources[src].text;
        let lines = id_lines(text);
        let located: Vec<usize> = items
            .iter()
            .enumerate()
            .map(|(n, (_, id))| {
                match id {
                    Some(id) => {
                        let k = seen.entry(id.clone()).or_insert(0);
                        let l = lines.get(id.as_str()).and_then(|v| v.get(*k)).copied();
                        *k += 1;
                        l
                    }
                    None => None,
                }
                .or_else(|| (!json).then(|| nth_header(text, key, n)).flatten())
                .unwrap_or(1)
            })
            .collect();
        for ((item, id), line) in items.into_iter().zip(located) {
            let loc = Loc { src, line };
            match item {
                Ok(v) => out.push((v, loc)),
                Err(msg) => {
                    if let Some(i) = &id {
                        self.unreadable_ids.insert(i.clone());
                    }
                    let label = id.map(|i| format!(" `{i}`")).unwrap_or_default();
                    self.err_at(
                        loc,
                        format!("{what}{label}: {msg}; correct the record and run init again"),
                    );
                }
            }
        }
        out
    }
}

/// The record file for `stem` (`units.toml` or `units.json`), if either exists.
fn record_file(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["toml", "json"]
        .iter()
        .map(|e| dir.join(format!("{stem}.{e}")))
        .find(|p| p.is_file())
}

#[derive(Deserialize)]
struct RubricsFile {
    #[serde(default)]
    rubric: Vec<Rubric>,
}

/// Reads and checks the campaign directory `dir`. Either the whole campaign or every
/// problem found, each with its file and line.
pub fn load_campaign(dir: &Path) -> Result<LoadedCampaign, LoadErrors> {
    let mut r = Reader {
        root: dir.to_path_buf(),
        sources: vec![],
        errors: vec![],
        unreadable_ids: HashSet::new(),
        unreadable_kinds: HashSet::new(),
    };
    if !dir.is_dir() {
        r.err(
            dir,
            None,
            "is not a campaign directory; give the folder that holds campaign.toml",
        );
        return Err(LoadErrors(r.errors));
    }

    // campaign.toml
    let settings_path = dir.join("campaign.toml");
    let settings: Option<(Settings, usize)> = match r.read(&settings_path) {
        Some(src) => {
            // Check the version before the shape, so a newer file says so plainly.
            if let Ok(t) = toml::from_str::<toml::Table>(&r.sources[src].text) {
                if let Some(v) = t.get("format_version").and_then(|v| v.as_integer()) {
                    if v > i64::from(FORMAT_VERSION) {
                        let line = key_line(&r.sources[src].text, 1, "format_version");
                        r.err(&settings_path, line, format!("format_version {v} is newer than this pingshen reads ({FORMAT_VERSION}); use a newer pingshen"));
                        return Err(LoadErrors(r.errors));
                    }
                }
            }
            r.parse_whole::<Settings>(src).map(|s| (s, src))
        }
        None => None,
    };

    // rubrics.toml: whole-file parse gives the exact line of a bad criterion.
    let rubrics: Vec<(Rubric, Loc)> = match r.read(&dir.join("rubrics.toml")) {
        Some(src) => {
            let parsed: Option<RubricsFile> = r.parse_whole(src);
            parsed
                .map(|f| {
                    f.rubric
                        .into_iter()
                        .map(|ru| {
                            let line = id_line(&r.sources[src].text, &ru.id, 0).unwrap_or(1);
                            (ru, Loc { src, line })
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        None => vec![],
    };

    let load_kind = |r: &mut Reader, stem: &str, what: &str| -> Option<usize> {
        match record_file(dir, stem) {
            Some(p) => r.read(&p),
            None => {
                r.err(
                    &dir.join(format!("{stem}.toml")),
                    None,
                    format!(
                        "is missing; every campaign lists its {what}s there (or in {stem}.json)"
                    ),
                );
                None
            }
        }
    };
    let recommenders: Vec<(Recommender, Loc)> = load_kind(&mut r, "recommenders", "recommender")
        .map(|s| r.records(s, "recommender", "recommender"))
        .unwrap_or_default();
    let units: Vec<(Unit, Loc)> = load_kind(&mut r, "units", "unit")
        .map(|s| r.records(s, "unit", "unit"))
        .unwrap_or_default();
    let experts: Vec<(Expert, Loc)> = load_kind(&mut r, "experts", "expert")
        .map(|s| r.records(s, "expert", "expert"))
        .unwrap_or_default();

    // Applications: applications.json/.toml lists, then one file each in applications/.
    let mut applications: Vec<(Application, Loc)> = vec![];
    if let Some(p) = record_file(dir, "applications") {
        if let Some(s) = r.read(&p) {
            applications.extend(r.records(s, "application", "application"));
        }
    }
    let app_dir = dir.join("applications");
    if app_dir.is_dir() {
        let mut files: Vec<PathBuf> = match fs::read_dir(&app_dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                r.err(&app_dir, None, format!("cannot be listed ({e})"));
                vec![]
            }
        };
        files.retain(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"));
        files.sort();
        for p in files {
            if let Some(s) = r.read(&p) {
                if let Some(app) = r.parse_whole::<Application>(s) {
                    let line = id_line(&r.sources[s].text, &app.id, 0).unwrap_or(1);
                    applications.push((app, Loc { src: s, line }));
                }
            }
        }
    }
    if applications.is_empty() && r.errors.is_empty() {
        r.err(
            &app_dir,
            None,
            "holds no applications; add one file per application (see docs/formats.md)",
        );
    }

    // Outside the digest: keys, decisions, package marker.
    let keys_toml = dir.join("keys.toml");
    let keys_toml = if keys_toml.is_file() {
        r.read(&keys_toml).map(|s| r.sources[s].text.clone())
    } else {
        None
    };
    let mut decisions = vec![];
    let dec_dir = dir.join("decisions");
    if dec_dir.is_dir() {
        if let Ok(rd) = fs::read_dir(&dec_dir) {
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for p in files {
                // Refused by its size before it is read: a decision is small.
                let size = fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                if size > crate::sheet::MAX_DECISION_BYTES as u64 {
                    r.err(&p, None, format!("is {size} bytes, more than a decision file may hold ({} bytes); remove it", crate::sheet::MAX_DECISION_BYTES));
                    continue;
                }
                match fs::read(&p) {
                    Ok(b) if b.len() as u64 <= MAX_FILE_BYTES => {
                        let name = p
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        decisions.push((name, b));
                    }
                    Ok(_) => r.err(&p, None, "is too large to be a decision; remove it"),
                    Err(e) => r.err(&p, None, format!("cannot be read ({e})")),
                }
            }
        }
    }
    let package_path = dir.join("package.toml");
    let package: Option<PackageFile> = if package_path.is_file() {
        r.read(&package_path).and_then(|s| r.parse_whole(s))
    } else {
        None
    };

    let Some((settings, settings_src)) = settings else {
        return Err(LoadErrors(r.errors));
    };
    check_references(
        &mut r,
        dir,
        &settings,
        settings_src,
        &rubrics,
        &recommenders,
        &units,
        &experts,
        &applications,
    );
    if !r.errors.is_empty() {
        return Err(LoadErrors(r.errors));
    }
    let mut campaign = Campaign::new(
        settings,
        rubrics.into_iter().map(|x| x.0).collect(),
        recommenders.into_iter().map(|x| x.0).collect(),
        units.into_iter().map(|x| x.0).collect(),
        experts.into_iter().map(|x| x.0).collect(),
        applications.into_iter().map(|x| x.0).collect(),
    );
    if let Some(p) = &package {
        campaign.package = Some(PackageInfo {
            expert: p.expert.clone(),
            full_digest: p.full_digest.clone(),
        });
    }
    Ok(LoadedCampaign {
        campaign,
        keys_toml,
        decisions,
        package,
    })
}

/// Ids seen once, reporting every duplicate at its own line.
fn unique_ids<T>(
    r: &mut Reader,
    items: &[(T, Loc)],
    id: impl Fn(&T) -> &str,
    what: &str,
) -> HashSet<String> {
    let mut first: HashMap<String, Loc> = HashMap::new();
    for (item, loc) in items {
        let id = id(item).to_string();
        if let Some(prev) = first.get(&id) {
            let prev = format!(
                "{}:{}",
                r.rel(&r.sources[prev.src].path).display(),
                prev.line
            );
            r.err_at(
                *loc,
                format!(
                    "{what} id `{id}` is used twice (first at {prev}); give each {what} its own id"
                ),
            );
        } else {
            first.insert(id, *loc);
        }
    }
    first.into_keys().collect()
}

#[allow(clippy::too_many_arguments)]
fn check_references(
    r: &mut Reader,
    dir: &Path,
    settings: &Settings,
    settings_src: usize,
    rubrics: &[(Rubric, Loc)],
    recommenders: &[(Recommender, Loc)],
    units: &[(Unit, Loc)],
    experts: &[(Expert, Loc)],
    applications: &[(Application, Loc)],
) {
    let rec_ids = unique_ids(r, recommenders, |x| &x.id, "recommender");
    let unit_ids = unique_ids(r, units, |x| &x.id, "unit");
    let expert_ids = unique_ids(r, experts, |x| &x.id, "expert");
    let app_ids = unique_ids(r, applications, |x| &x.id, "application");
    unique_ids(r, rubrics, |x| &x.id, "rubric");
    // A reference to a record that could not be read is not a second problem.
    let known = |r: &Reader, kind: &str, set: HashSet<String>| -> HashSet<String> {
        let mut set = set;
        set.extend(r.unreadable_ids.iter().cloned());
        if r.unreadable_kinds.contains(kind) {
            set.insert(String::new());
        }
        set
    };
    let rec_ids = known(r, "recommender", rec_ids);
    let unit_ids = known(r, "unit", unit_ids);
    let expert_ids = known(r, "expert", expert_ids);
    let app_ids = known(r, "application", app_ids);
    let lenient = |set: &HashSet<String>, id: &str| set.contains(id) || set.contains("");
    let regions: HashSet<&str> = settings.regions.iter().map(String::as_str).collect();
    let sloc = Loc {
        src: settings_src,
        line: 1,
    };
    let bad_direction = |d: u8| direction(d).is_none();

    // Panels.
    let mut panel_ids = HashSet::new();
    for p in &settings.panels {
        let loc = Loc {
            line: id_line(&r.sources[settings_src].text, &p.id, 0).unwrap_or(1),
            ..sloc
        };
        if !panel_ids.insert(p.id.clone()) {
            r.err_at(
                loc,
                format!(
                    "panel id `{}` is used twice; give each panel its own id",
                    p.id
                ),
            );
        }
        for &d in &p.directions {
            if bad_direction(d) {
                r.err_key(loc, "directions", format!("panel `{}` names direction {d}, which does not exist; directions are 1 to 13", p.id));
            }
        }
        for e in p.experts.iter().chain(&p.reserves) {
            if !lenient(&expert_ids, e) {
                r.err_value(loc, e, format!("panel `{}` names expert `{e}`, who is not in experts; add the expert or correct the id", p.id));
            }
        }
    }

    // Rubrics: steps, maxima, and one rubric per direction.
    let mut rubric_of: HashMap<u8, String> = HashMap::new();
    for (ru, loc) in rubrics {
        for &d in &ru.directions {
            if bad_direction(d) {
                r.err_key(*loc, "directions", format!("rubric `{}` names direction {d}, which does not exist; directions are 1 to 13", ru.id));
            } else if let Some(other) = rubric_of.insert(d, ru.id.clone()) {
                r.err_key(*loc, "directions", format!("direction {d} is scored by both rubric `{other}` and rubric `{}`; keep it in one", ru.id));
            }
        }
        if ru.criteria.is_empty() {
            r.err_at(
                *loc,
                format!(
                    "rubric `{}` has no criteria; add [[rubric.criteria]] entries",
                    ru.id
                ),
            );
        }
        let mut crit_ids = HashSet::new();
        for c in &ru.criteria {
            let cl = Loc {
                line: id_line(&r.sources[loc.src].text, &c.id, 0).unwrap_or(loc.line),
                ..*loc
            };
            if !crit_ids.insert(c.id.as_str()) {
                r.err_at(
                    cl,
                    format!("rubric `{}` lists criterion `{}` twice", ru.id, c.id),
                );
            }
            if c.step.0 <= 0 {
                r.err_key(
                    cl,
                    "step",
                    format!(
                        "criterion `{}` has step {}, which must be above zero",
                        c.id, c.step
                    ),
                );
            } else if c.max.0 <= 0 || c.max.0 % c.step.0 != 0 {
                r.err_key(cl, "max", format!("criterion `{}` has maximum {} that is not a positive multiple of its step {}; change the maximum or the step", c.id, c.max, c.step));
            }
        }
    }

    for (rec, loc) in recommenders {
        for region in &rec.jurisdiction {
            if !regions.contains(region.as_str()) {
                r.err_value(*loc, region, format!("recommender `{}` has region `{region}` in its jurisdiction, which campaign.toml's regions do not list; add it there or correct it", rec.id));
            }
        }
    }

    for (u, loc) in units {
        if !regions.contains(u.province.as_str()) {
            r.err_value(*loc, &u.province, format!("unit `{}` is registered in `{}`, which campaign.toml's regions do not list; add it there or correct it", u.id, u.province));
        }
        if let Some(p) = &u.parent {
            if !lenient(&unit_ids, p) {
                r.err_value(*loc, p, format!("unit `{}` names parent `{p}`, which is not a unit; add the parent organisation to units or correct the id", u.id));
            }
        }
        if let Some(m) = &u.managed_by {
            if !lenient(&rec_ids, m) {
                r.err_value(
                    *loc,
                    m,
                    format!(
                        "unit `{}` is managed_by `{m}`, which is not a recommender; correct the id",
                        u.id
                    ),
                );
            }
        }
    }

    for (e, loc) in experts {
        if !lenient(&unit_ids, &e.unit) {
            r.err_value(*loc, &e.unit, format!("expert `{}` works at unit `{}`, which is not in units; add the unit or correct the id", e.id, e.unit));
        }
        for p in &e.past_units {
            if !lenient(&unit_ids, &p.unit) {
                r.err_value(*loc, &p.unit, format!("expert `{}` lists past unit `{}`, which is not in units; add it or correct the id", e.id, p.unit));
            }
            if p.to < p.from {
                r.err_value(
                    *loc,
                    &p.unit,
                    format!(
                        "expert `{}` left `{}` ({}) before joining it ({}); correct the dates",
                        e.id, p.unit, p.to, p.from
                    ),
                );
            }
        }
        for rel in &e.relations {
            if let Some(u) = rel.unit.as_deref().filter(|u| !lenient(&unit_ids, u)) {
                r.err_value(*loc, u, format!("expert `{}` declares a relation with unit `{u}`, which is not in units; correct the id", e.id));
            }
            if let Some(a) = rel.application.as_deref().filter(|a| !lenient(&app_ids, a)) {
                r.err_value(*loc, a, format!("expert `{}` declares a relation with application `{a}`, which does not exist; correct the id", e.id));
            }
        }
        for d in &e.departments {
            if !lenient(&rec_ids, d) {
                r.err_value(*loc, d, format!("expert `{}` belongs to department `{d}`, which is not a recommender; correct the id", e.id));
            }
        }
        for &d in &e.fields {
            if bad_direction(d) {
                r.err_key(*loc, "fields", format!("expert `{}` names field direction {d}, which does not exist; directions are 1 to 13", e.id));
            }
        }
    }

    for (a, loc) in applications {
        for &d in &a.directions {
            if bad_direction(d) {
                r.err_key(*loc, "directions", format!("application `{}` names direction {d}, which does not exist; directions are 1 to 13", a.id));
            } else if !rubric_of.contains_key(&d) {
                r.err_key(*loc, "directions", format!("no rubric scores direction {d} of application `{}`; add the direction to a rubric in rubrics.toml", a.id));
            }
        }
        if !lenient(&rec_ids, &a.recommender) {
            r.err_value(*loc, &a.recommender, format!("application `{}` names recommender `{}`, which is not in recommenders; add it or correct the id", a.id, a.recommender));
        }
        if !regions.contains(a.location.as_str()) {
            r.err_value(*loc, &a.location, format!("application `{}` is located in `{}`, which campaign.toml's regions do not list; add it there or correct it", a.id, a.location));
        }
        if industry(&a.industry).is_none() {
            r.err_value(*loc, &a.industry, format!("application `{}` names industry `{}`, which is not one of the notice's (telecom, hrss, water, health, emergency, broadcast, finance, transport, postal)", a.id, a.industry));
        }
        if a.members.is_empty() {
            r.err_key(
                *loc,
                "members",
                format!("application `{}` lists no members; add its lead unit", a.id),
            );
        }
        for m in &a.members {
            if !lenient(&unit_ids, &m.unit) {
                r.err_value(*loc, &m.unit, format!("application `{}` names member unit `{}`, which is not in units; add the unit or correct the id", a.id, m.unit));
            }
        }
        for doc in &a.documents {
            check_document(r, dir, *loc, &a.id, doc);
        }
    }
}

fn check_document(r: &mut Reader, dir: &Path, loc: Loc, app: &str, doc: &crate::model::Document) {
    use sm3::{Digest, Sm3};
    let rel = Path::new(&doc.file);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        r.err_value(loc, &doc.file, format!("application `{app}` lists document `{}` outside the campaign's documents/ folder; give a path inside it", doc.file));
        return;
    }
    let path = dir.join("documents").join(rel);
    match fs::read(&path) {
        Ok(bytes) => {
            let got = hex::encode(Sm3::digest(&bytes));
            if !got.eq_ignore_ascii_case(doc.sm3.trim()) {
                r.err_value(loc, &doc.file, format!("document `{}` of application `{app}` has SM3 {got}, not the {} listed; the file changed or the digest is wrong", doc.file, doc.sm3));
            }
        }
        Err(_) => r.err_value(loc, &doc.file, format!("document `{}` of application `{app}` is not in documents/; add the file or remove the entry", doc.file)),
    }
}
