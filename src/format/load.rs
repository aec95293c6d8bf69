//! Reading a campaign directory: parse every file, then check every reference, and only
//! then build the campaign, so one bad file never yields half a campaign.

use super::errors::{serde_zh, syntax_zh, LoadError, LoadErrors};
use super::locate::{id_line, id_lines, json_id_lines, key_line, line_at, nth_header, value_line};
use super::MAX_FILE_BYTES;
use crate::i18n::{io_phrase, Lang};
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
        match path.strip_prefix(&self.root) {
            // The folder itself, shown as given (not with a trailing `/`).
            Ok(p) if p.as_os_str().is_empty() => self.root.clone(),
            Ok(p) => self.root.join(p),
            Err(_) => path.to_path_buf(),
        }
    }

    /// A problem with `path`, said in Chinese and in English.
    fn err(
        &mut self,
        path: &Path,
        line: Option<usize>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) {
        let file = self.rel(path);
        self.errors.push(LoadError {
            file,
            line,
            zh: zh.into(),
            en: en.into(),
        });
    }

    fn err_at(&mut self, loc: Loc, zh: impl Into<String>, en: impl Into<String>) {
        let path = self.sources[loc.src].path.clone();
        self.err(&path, Some(loc.line), zh, en);
    }

    /// Error at the line holding `value` inside the record at `loc`, else the record's line.
    fn err_value(&mut self, loc: Loc, value: &str, zh: impl Into<String>, en: impl Into<String>) {
        let line = value_line(&self.sources[loc.src].text, loc.line, value).unwrap_or(loc.line);
        self.err_at(Loc { line, ..loc }, zh, en);
    }

    fn err_key(&mut self, loc: Loc, key: &str, zh: impl Into<String>, en: impl Into<String>) {
        let line = key_line(&self.sources[loc.src].text, loc.line, key).unwrap_or(loc.line);
        self.err_at(Loc { line, ..loc }, zh, en);
    }

    /// A file that is there but cannot be read, in both languages.
    fn err_io(&mut self, path: &Path, e: &std::io::Error) {
        self.err(
            path,
            None,
            format!("无法读取（{}）；请检查它的权限", io_phrase(Lang::Zh, e)),
            format!(
                "cannot be read ({}); check its permissions",
                io_phrase(Lang::En, e)
            ),
        );
    }

    /// A file every campaign has, missing; `alt` names the other file that may stand in
    /// for it (`units.json` for `units.toml`).
    fn err_missing(&mut self, path: &Path, what: (&str, &str), alt: Option<&str>) {
        let (zh_where, en_where) = match alt {
            Some(a) => (format!("这里（或 {a} 中）"), format!("here (or in {a})")),
            None => ("这里".to_string(), "here".to_string()),
        };
        self.err(
            path,
            None,
            format!(
                "缺少此文件；每个评审任务都要在{zh_where}写明{}，见 docs/formats.md",
                what.0
            ),
            format!(
                "is missing; every campaign gives its {} {en_where}; see docs/formats.md",
                what.1
            ),
        );
    }

    /// Reads a text file, refusing what is missing, a folder, too large or not UTF-8.
    fn read(&mut self, path: &Path) -> Option<usize> {
        let size = match fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                self.err(
                    path,
                    None,
                    "是文件夹而不是文件；请换成同名的文件",
                    "is a folder, not a file; replace it with the file of that name",
                );
                return None;
            }
            Ok(m) => m.len(),
            Err(e) => {
                self.err_io(path, &e);
                return None;
            }
        };
        if size > MAX_FILE_BYTES {
            self.err(
                path,
                None,
                format!("有 {size} 字节，超过上限 {MAX_FILE_BYTES}；请拆分它，或确认这是正确的文件"),
                format!("is {size} bytes, over the limit of {MAX_FILE_BYTES}; split it or check it is the right file"),
            );
            return None;
        }
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.err_io(path, &e);
                return None;
            }
        };
        // simdutf8 checks UTF-8 several times faster than `String::from_utf8` (a 2.4 MB
        // applications.json of Chinese text: 0.46 ms against 2.2 ms); a file it refuses goes
        // to `String::from_utf8`, which says where.
        let text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
            // SAFETY: simdutf8 has just checked that `bytes` are UTF-8.
            Ok(unsafe { String::from_utf8_unchecked(bytes) })
        } else {
            String::from_utf8(bytes)
        };
        match text {
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
                    "不是有效的 UTF-8 文本；请另存为 UTF-8（不要用 GBK）后重新运行 init",
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
            serde_json::from_str::<T>(text).map_err(|e| {
                let zh = if matches!(
                    e.classify(),
                    serde_json::error::Category::Syntax | serde_json::error::Category::Eof
                ) {
                    syntax_zh("JSON", text, Some(e.line()))
                } else {
                    serde_zh(&e.to_string())
                };
                (Some(e.line()), zh, e.to_string())
            })
        } else {
            toml::from_str::<T>(text).map_err(|e| {
                let line = e.span().map(|s| line_at(text, s.start));
                // Only on this error path: is the text TOML at all, or TOML of the wrong shape?
                let zh = if text.parse::<toml::Table>().is_err() {
                    syntax_zh("TOML", text, line)
                } else {
                    serde_zh(e.message())
                };
                (line, zh, e.message().to_string())
            })
        };
        match result {
            Ok(v) => Some(v),
            Err((line, zh, en)) => {
                let path = self.sources[src].path.clone();
                self.err(
                    &path,
                    line,
                    format!("{zh}；请改正后重新运行 init"),
                    format!("{en}; correct it and run init again"),
                );
                None
            }
        }
    }

    /// Reads the records under `key` of a TOML (`[[key]]`) or JSON (`{"key": [...]}`) file,
    /// one by one, so every bad record is reported, not only the first.
    fn records<T: DeserializeOwned + Record>(
        &mut self,
        src: usize,
        key: &str,
        what: &str,
    ) -> Vec<(T, Loc)> {
        let json = self.is_json(src);
        type Parsed<T> = Result<T, (String, String)>;
        let typed = if json {
            typed_records::<T>(&self.sources[src].text, key)
        } else {
            None
        };
        if let Some(typed) = typed {
            // Every record read: located by the ids they hold, with nothing to report.
            let text = &self.sources[src].text;
            let lines = record_lines(text, true, key, typed.iter().map(|t| Some(t.id())));
            return typed
                .into_iter()
                .zip(lines)
                .map(|(t, line)| (t, Loc { src, line }))
                .collect();
        }
        let items: Vec<(Parsed<T>, Option<String>)> = if json {
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
                        (
                            T::deserialize(r)
                                .map_err(|e| (serde_zh(&e.to_string()), e.to_string())),
                            id,
                        )
                    })
                    .collect(),
                None => {
                    let path = self.sources[src].path.clone();
                    self.err(
                        &path,
                        Some(1),
                        format!("没有 \"{key}\" 列表；格式见 docs/formats.md"),
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
                            T::deserialize(r.clone())
                                .map_err(|e| (serde_zh(e.message()), e.message().to_string())),
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
                        format!("`{key}` 必须是表的列表（[[{key}]]）；格式见 docs/formats.md"),
                        format!(
                            "`{key}` must be a list of tables ([[{key}]]); see docs/formats.md"
                        ),
                    );
                    return vec![];
                }
            }
        };
        let mut out = Vec::new();
        let text = &self.sources[src].text;
        let located = record_lines(text, json, key, items.iter().map(|(_, id)| id.as_deref()));
        for ((item, id), line) in items.into_iter().zip(located) {
            let loc = Loc { src, line };
            match item {
                Ok(v) => out.push((v, loc)),
                Err((zh, en)) => {
                    if let Some(i) = &id {
                        self.unreadable_ids.insert(i.clone());
                    }
                    let label = id.map(|i| format!(" `{i}`")).unwrap_or_default();
                    self.err_at(
                        loc,
                        format!(
                            "{}{label}：{zh}；请改正这条记录后重新运行 init",
                            what_zh(what)
                        ),
                        format!("{what}{label}: {en}; correct the record and run init again"),
                    );
                }
            }
        }
        out
    }
}

/// The line of each record under `key` in `text`, the records given by their ids in order
/// (`None` for one without): the `k`th record with an id stands on the `k`th line that
/// holds it as an `id`. One pass over the text finds every record's line; a search per
/// record would make loading a large generated file quadratic. A JSON `text` must have
/// parsed, as the fast search needs valid JSON.
fn record_lines<'a>(
    text: &str,
    json: bool,
    key: &str,
    ids: impl Iterator<Item = Option<&'a str>>,
) -> Vec<usize> {
    let lines = if json {
        json_id_lines(text)
    } else {
        id_lines(text)
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    ids.enumerate()
        .map(|(n, id)| {
            match id {
                Some(id) => {
                    let k = seen.entry(id).or_insert(0);
                    let l = lines.get(id).and_then(|v| v.get(*k)).copied();
                    *k += 1;
                    l
                }
                None => None,
            }
            .or_else(|| (!json).then(|| nth_header(text, key, n)).flatten())
            .unwrap_or(1)
        })
        .collect()
}

/// A record kind read by [`Reader::records`]: its id, which the file's lines are found by.
trait Record {
    fn id(&self) -> &str;
}

macro_rules! record_id {
    ($($t:ty),*) => {$(
        impl Record for $t {
            fn id(&self) -> &str {
                &self.id
            }
        }
    )*};
}
record_id!(Recommender, Unit, Expert, Application);

/// The records under `key` of a JSON file whose every record reads: parsed straight from
/// the text into `T`. At 2,000 applications, parsing into a `serde_json::Value` first and
/// then each record out of it was most of a campaign's loading. `None` for anything else
/// (not JSON, no such list, a record that does not read, a repeated member): the general
/// path then says what is wrong, record by record. Whatever this accepts the general path
/// reads the same (a repeated top-level key: the last one stands in both).
fn typed_records<T: DeserializeOwned>(text: &str, key: &str) -> Option<Vec<T>> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
    use std::marker::PhantomData;

    struct Under<'k, T>(&'k str, PhantomData<T>);

    impl<'de, T: DeserializeOwned> Visitor<'de> for Under<'_, T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if k == self.0 {
                    found = Some(map.next_value::<Vec<T>>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Under<'_, T> {
        type Value = Option<Vec<T>>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }

    let mut de = serde_json::Deserializer::from_str(text);
    let found = Under::<T>(key, PhantomData).deserialize(&mut de).ok()?;
    de.end().ok()?;
    found
}

/// A kind of record, in Chinese.
fn what_zh(what: &str) -> &'static str {
    match what {
        "recommender" => "推荐单位",
        "unit" => "单位",
        "expert" => "专家",
        "application" => "项目",
        "rubric" => "评分细则",
        _ => "记录",
    }
}

/// The record file for `stem` (`units.toml` or `units.json`), if either exists.
fn record_file(dir: &Path, stem: &str) -> Option<PathBuf> {
    // Whatever is there by that name: a folder called units.toml is reported as such.
    ["toml", "json"]
        .iter()
        .map(|e| dir.join(format!("{stem}.{e}")))
        .find(|p| p.exists())
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
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            r.err(
                dir,
                None,
                "是文件而不是文件夹；请给出存放 campaign.toml 的评审任务文件夹",
                "is a file, not a folder; give the campaign folder that holds campaign.toml",
            );
            return Err(LoadErrors(r.errors));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            r.err(
                dir,
                None,
                "此文件夹不存在；请给出存放 campaign.toml 的评审任务文件夹",
                "the folder does not exist; give the campaign folder that holds campaign.toml",
            );
            return Err(LoadErrors(r.errors));
        }
        Err(e) => {
            r.err_io(dir, &e);
            return Err(LoadErrors(r.errors));
        }
    }
    // A folder with none of a campaign's files is the wrong folder, one problem, not five.
    let campaign_files = ["campaign.toml", "rubrics.toml", "applications"]
        .iter()
        .map(|f| dir.join(f))
        .chain(
            ["recommenders", "units", "experts", "applications"]
                .iter()
                .flat_map(|s| ["toml", "json"].map(|e| dir.join(format!("{s}.{e}")))),
        )
        .any(|p| p.exists());
    if !campaign_files {
        r.err(
            dir,
            None,
            "没有评审任务的文件（campaign.toml、rubrics.toml、units.toml 等），不是评审任务文件夹；请给出存放 campaign.toml 的文件夹",
            "holds none of a campaign's files (campaign.toml, rubrics.toml, units.toml ...), so it is not a campaign folder; give the folder that holds campaign.toml",
        );
        return Err(LoadErrors(r.errors));
    }

    // campaign.toml
    let settings_path = dir.join("campaign.toml");
    let settings_src = if settings_path.exists() {
        r.read(&settings_path)
    } else {
        r.err_missing(&settings_path, ("本次评审的设置", "settings"), None);
        None
    };
    let settings: Option<(Settings, usize)> = match settings_src {
        Some(src) => {
            // Check the version before the shape, so a newer file says so plainly.
            if let Ok(t) = toml::from_str::<toml::Table>(&r.sources[src].text) {
                if let Some(v) = t.get("format_version").and_then(|v| v.as_integer()) {
                    if v > i64::from(FORMAT_VERSION) {
                        let line = key_line(&r.sources[src].text, 1, "format_version");
                        r.err(
                            &settings_path,
                            line,
                            format!("format_version {v} 比本版本 pingshen 能读的（{FORMAT_VERSION}）新；请使用更新的 pingshen"),
                            format!("format_version {v} is newer than this pingshen reads ({FORMAT_VERSION}); use a newer pingshen"),
                        );
                        return Err(LoadErrors(r.errors));
                    }
                }
            }
            r.parse_whole::<Settings>(src).map(|s| (s, src))
        }
        None => None,
    };

    // rubrics.toml: whole-file parse gives the exact line of a bad criterion.
    let rubrics_path = dir.join("rubrics.toml");
    let rubrics_src = if rubrics_path.exists() {
        r.read(&rubrics_path)
    } else {
        r.err_missing(&rubrics_path, ("评分细则", "rubrics"), None);
        None
    };
    if rubrics_src.is_none() {
        r.unreadable_kinds.insert("rubric".into());
    }
    let rubrics: Vec<(Rubric, Loc)> = match rubrics_src {
        Some(src) => {
            let parsed: Option<RubricsFile> = r.parse_whole(src);
            if parsed.is_none() {
                r.unreadable_kinds.insert("rubric".into());
            }
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

    // A kind whose file cannot be read is marked so, and references to its records are
    // not reported again, one knock-on line per reference.
    let load_kind = |r: &mut Reader, stem: &str, what: &str| -> Option<usize> {
        let src = match record_file(dir, stem) {
            Some(p) => r.read(&p),
            None => {
                r.err_missing(
                    &dir.join(format!("{stem}.toml")),
                    (what_zh(what), &format!("{what}s")),
                    Some(&format!("{stem}.json")),
                );
                None
            }
        };
        if src.is_none() {
            r.unreadable_kinds.insert(what.to_string());
        }
        src
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
        match r.read(&p) {
            Some(s) => applications.extend(r.records(s, "application", "application")),
            None => {
                r.unreadable_kinds.insert("application".into());
            }
        }
    }
    let app_dir = dir.join("applications");
    if app_dir.is_dir() {
        let mut files: Vec<PathBuf> = match fs::read_dir(&app_dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                r.err(
                    &app_dir,
                    None,
                    format!(
                        "无法列出其中的文件（{}）；请检查它的权限",
                        io_phrase(Lang::Zh, &e)
                    ),
                    format!(
                        "cannot be listed ({}); check its permissions",
                        io_phrase(Lang::En, &e)
                    ),
                );
                r.unreadable_kinds.insert("application".into());
                vec![]
            }
        };
        files.retain(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"));
        files.sort();
        for p in files {
            match r.read(&p).map(|s| (s, r.parse_whole::<Application>(s))) {
                Some((s, Some(app))) => {
                    let line = id_line(&r.sources[s].text, &app.id, 0).unwrap_or(1);
                    applications.push((app, Loc { src: s, line }));
                }
                // Its id is unknown, so a reference to it is not a second problem.
                _ => {
                    r.unreadable_kinds.insert("application".into());
                }
            }
        }
    }
    if applications.is_empty() && r.errors.is_empty() {
        r.err(
            &app_dir,
            None,
            "没有任何项目；请每个项目放一个文件（见 docs/formats.md）",
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
                    let max = crate::sheet::MAX_DECISION_BYTES;
                    r.err(
                        &p,
                        None,
                        format!("有 {size} 字节，超过决定文件的上限（{max} 字节）；请移走它"),
                        format!("is {size} bytes, more than a decision file may hold ({max} bytes); remove it"),
                    );
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
                    Ok(_) => r.err(
                        &p,
                        None,
                        "太大，不可能是决定文件；请移走它",
                        "is too large to be a decision; remove it",
                    ),
                    Err(e) => r.err_io(&p, &e),
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

/// Ids seen once (each at its first record), reporting every duplicate at its own line.
/// Borrowed from the records: at 30,000 units, a copy of every id was most of the cost.
fn unique_ids<'a, T>(
    r: &mut Reader,
    items: &'a [(T, Loc)],
    id: impl Fn(&T) -> &str,
    what: &str,
) -> HashMap<&'a str, Loc> {
    let mut first: HashMap<&'a str, Loc> = HashMap::with_capacity(items.len());
    for (item, loc) in items {
        let id = id(item);
        // Ids become file names (applications/A001.toml, EXP01.key, decisions' names).
        if let Some((zh, en)) = crate::model::id_problem(id, (what_zh(what), what)) {
            r.err_value(*loc, id, zh, en);
        }
        if let Some(prev) = first.get(id) {
            let prev = format!(
                "{}:{}",
                r.rel(&r.sources[prev.src].path).display(),
                prev.line
            );
            r.err_at(
                *loc,
                format!(
                    "{}编号 `{id}` 用了两次（第一次在 {prev}）；请给每个{}不同的编号",
                    what_zh(what),
                    what_zh(what)
                ),
                format!(
                    "{what} id `{id}` is used twice (first at {prev}); give each {what} its own id"
                ),
            );
        } else {
            first.insert(id, *loc);
        }
    }
    first
}

/// The ids of one kind of record a reference may name: the records read, and, as a
/// reference to a record that could not be read is not a second problem, the records that
/// exist but could not be read, and any at all when the kind's file could not be read.
struct Known<'a> {
    read: HashMap<&'a str, Loc>,
    unreadable: &'a HashSet<String>,
    any: bool,
}

impl Known<'_> {
    fn has(&self, id: &str) -> bool {
        self.read.contains_key(id) || self.unreadable.contains(id) || (self.any && id.is_empty())
    }

    /// Whether a reference to `id` is not reported.
    fn lenient(&self, id: &str) -> bool {
        self.has(id) || self.has("")
    }
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
    let unreadable = r.unreadable_ids.clone();
    let known = |r: &Reader, kind: &str, read| Known {
        read,
        unreadable: &unreadable,
        any: r.unreadable_kinds.contains(kind),
    };
    let rec_ids = known(r, "recommender", rec_ids);
    let unit_ids = known(r, "unit", unit_ids);
    let expert_ids = known(r, "expert", expert_ids);
    let app_ids = known(r, "application", app_ids);
    let lenient = |set: &Known, id: &str| set.lenient(id);
    let regions: HashSet<&str> = settings.regions.iter().map(String::as_str).collect();
    let sloc = Loc {
        src: settings_src,
        line: 1,
    };
    let bad_direction = |d: u8| direction(d).is_none();

    if let Some((zh, en)) = crate::model::id_problem(&settings.id, ("评审任务", "campaign")) {
        r.err_key(sloc, "id", zh, en);
    }

    // Panels.
    let mut panel_ids = HashSet::new();
    for p in &settings.panels {
        let loc = Loc {
            line: id_line(&r.sources[settings_src].text, &p.id, 0).unwrap_or(1),
            ..sloc
        };
        if let Some((zh, en)) = crate::model::id_problem(&p.id, ("评审组", "panel")) {
            r.err_at(loc, zh, en);
        }
        if !panel_ids.insert(p.id.clone()) {
            r.err_at(
                loc,
                format!("评审组编号 `{}` 用了两次；请给每个评审组不同的编号", p.id),
                format!(
                    "panel id `{}` is used twice; give each panel its own id",
                    p.id
                ),
            );
        }
        for &d in &p.directions {
            if bad_direction(d) {
                r.err_key(
                    loc,
                    "directions",
                    format!("评审组 `{}` 写了方向 {d}，没有这个方向；方向编号为 1 到 13", p.id),
                    format!("panel `{}` names direction {d}, which does not exist; directions are 1 to 13", p.id),
                );
            }
        }
        for e in p.experts.iter().chain(&p.reserves) {
            if !lenient(&expert_ids, e) {
                r.err_value(
                    loc,
                    e,
                    format!("评审组 `{}` 写了专家 `{e}`，专家库中没有此人；请补上该专家或改正编号", p.id),
                    format!("panel `{}` names expert `{e}`, who is not in experts; add the expert or correct the id", p.id),
                );
            }
        }
    }

    // Rubrics: steps, maxima, and one rubric per direction.
    let mut rubric_of: HashMap<u8, String> = HashMap::new();
    for (ru, loc) in rubrics {
        for &d in &ru.directions {
            if bad_direction(d) {
                r.err_key(
                    *loc,
                    "directions",
                    format!("评分细则 `{}` 写了方向 {d}，没有这个方向；方向编号为 1 到 13", ru.id),
                    format!("rubric `{}` names direction {d}, which does not exist; directions are 1 to 13", ru.id),
                );
            } else if let Some(other) = rubric_of.insert(d, ru.id.clone()) {
                r.err_key(
                    *loc,
                    "directions",
                    format!("方向 {d} 同时由评分细则 `{other}` 和 `{}` 评分；请只留在其中一个", ru.id),
                    format!("direction {d} is scored by both rubric `{other}` and rubric `{}`; keep it in one", ru.id),
                );
            }
        }
        if ru.criteria.is_empty() {
            r.err_at(
                *loc,
                format!(
                    "评分细则 `{}` 没有评分项；请添加 [[rubric.criteria]]",
                    ru.id
                ),
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
            if let Some((zh, en)) = crate::model::id_problem(&c.id, ("评分项", "criterion")) {
                r.err_at(cl, zh, en);
            }
            if !crit_ids.insert(c.id.as_str()) {
                r.err_at(
                    cl,
                    format!(
                        "评分细则 `{}` 把评分项 `{}` 列了两次；请删去一个",
                        ru.id, c.id
                    ),
                    format!(
                        "rubric `{}` lists criterion `{}` twice; remove one",
                        ru.id, c.id
                    ),
                );
            }
            if c.step.0 <= 0 {
                r.err_key(
                    cl,
                    "step",
                    format!("评分项 `{}` 的步长为 {}，步长必须大于零", c.id, c.step),
                    format!(
                        "criterion `{}` has step {}, which must be above zero",
                        c.id, c.step
                    ),
                );
            } else if c.max.0 <= 0 || c.max.0 % c.step.0 != 0 {
                r.err_key(
                    cl,
                    "max",
                    format!("评分项 `{}` 的满分 {} 不是其步长 {} 的正整数倍；请改正满分或步长", c.id, c.max, c.step),
                    format!("criterion `{}` has maximum {} that is not a positive multiple of its step {}; change the maximum or the step", c.id, c.max, c.step),
                );
            }
        }
    }

    for (rec, loc) in recommenders {
        for region in &rec.jurisdiction {
            if !regions.contains(region.as_str()) {
                r.err_value(
                    *loc,
                    region,
                    format!("推荐单位 `{}` 的管辖范围有地区 `{region}`，campaign.toml 的 regions 中没有它；请在那里加上或改正", rec.id),
                    format!("recommender `{}` has region `{region}` in its jurisdiction, which campaign.toml's regions do not list; add it there or correct it", rec.id),
                );
            }
        }
    }

    for (u, loc) in units {
        if !regions.contains(u.province.as_str()) {
            r.err_value(
                *loc,
                &u.province,
                format!("单位 `{}` 注册在 `{}`，campaign.toml 的 regions 中没有它；请在那里加上或改正", u.id, u.province),
                format!("unit `{}` is registered in `{}`, which campaign.toml's regions do not list; add it there or correct it", u.id, u.province),
            );
        }
        if let Some(p) = &u.parent {
            if !lenient(&unit_ids, p) {
                r.err_value(
                    *loc,
                    p,
                    format!("单位 `{}` 的上级 `{p}` 不在单位列表中；请把上级单位加入 units 或改正编号", u.id),
                    format!("unit `{}` names parent `{p}`, which is not a unit; add the parent organisation to units or correct the id", u.id),
                );
            }
        }
        if let Some(m) = &u.managed_by {
            if !lenient(&rec_ids, m) {
                r.err_value(
                    *loc,
                    m,
                    format!(
                        "单位 `{}` 的 managed_by 是 `{m}`，它不是推荐单位；请改正编号",
                        u.id
                    ),
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
            r.err_value(
                *loc,
                &e.unit,
                format!("专家 `{}` 的工作单位 `{}` 不在单位列表中；请补上该单位或改正编号", e.id, e.unit),
                format!("expert `{}` works at unit `{}`, which is not in units; add the unit or correct the id", e.id, e.unit),
            );
        }
        for p in &e.past_units {
            if !lenient(&unit_ids, &p.unit) {
                r.err_value(
                    *loc,
                    &p.unit,
                    format!("专家 `{}` 的曾任职单位 `{}` 不在单位列表中；请补上或改正编号", e.id, p.unit),
                    format!("expert `{}` lists past unit `{}`, which is not in units; add it or correct the id", e.id, p.unit),
                );
            }
            if p.to < p.from {
                r.err_value(
                    *loc,
                    &p.unit,
                    format!(
                        "专家 `{}` 离开 `{}` 的日期（{}）早于加入的日期（{}）；请改正日期",
                        e.id, p.unit, p.to, p.from
                    ),
                    format!(
                        "expert `{}` left `{}` ({}) before joining it ({}); correct the dates",
                        e.id, p.unit, p.to, p.from
                    ),
                );
            }
        }
        for rel in &e.relations {
            if let Some(u) = rel.unit.as_deref().filter(|u| !lenient(&unit_ids, u)) {
                r.err_value(
                    *loc,
                    u,
                    format!("专家 `{}` 申报了与单位 `{u}` 的关系，单位列表中没有它；请改正编号", e.id),
                    format!("expert `{}` declares a relation with unit `{u}`, which is not in units; correct the id", e.id),
                );
            }
            if let Some(a) = rel.application.as_deref().filter(|a| !lenient(&app_ids, a)) {
                r.err_value(
                    *loc,
                    a,
                    format!("专家 `{}` 申报了与项目 `{a}` 的关系，没有这个项目；请改正编号", e.id),
                    format!("expert `{}` declares a relation with application `{a}`, which does not exist; correct the id", e.id),
                );
            }
        }
        for d in &e.departments {
            if !lenient(&rec_ids, d) {
                r.err_value(
                    *loc,
                    d,
                    format!("专家 `{}` 所属部门 `{d}` 不是推荐单位；请改正编号", e.id),
                    format!("expert `{}` belongs to department `{d}`, which is not a recommender; correct the id", e.id),
                );
            }
        }
        for &d in &e.fields {
            if bad_direction(d) {
                r.err_key(
                    *loc,
                    "fields",
                    format!("专家 `{}` 的专业方向 {d} 不存在；方向编号为 1 到 13", e.id),
                    format!("expert `{}` names field direction {d}, which does not exist; directions are 1 to 13", e.id),
                );
            }
        }
    }

    for (a, loc) in applications {
        for &d in &a.directions {
            if bad_direction(d) {
                r.err_key(
                    *loc,
                    "directions",
                    format!("项目 `{}` 写了方向 {d}，没有这个方向；方向编号为 1 到 13", a.id),
                    format!("application `{}` names direction {d}, which does not exist; directions are 1 to 13", a.id),
                );
            } else if !rubric_of.contains_key(&d) && !r.unreadable_kinds.contains("rubric") {
                r.err_key(
                    *loc,
                    "directions",
                    format!("没有评分细则给项目 `{}` 的方向 {d} 评分；请在 rubrics.toml 中把这个方向加入某个评分细则", a.id),
                    format!("no rubric scores direction {d} of application `{}`; add the direction to a rubric in rubrics.toml", a.id),
                );
            }
        }
        if !lenient(&rec_ids, &a.recommender) {
            r.err_value(
                *loc,
                &a.recommender,
                format!("项目 `{}` 的推荐单位 `{}` 不在推荐单位列表中；请补上或改正编号", a.id, a.recommender),
                format!("application `{}` names recommender `{}`, which is not in recommenders; add it or correct the id", a.id, a.recommender),
            );
        }
        if !regions.contains(a.location.as_str()) {
            r.err_value(
                *loc,
                &a.location,
                format!("项目 `{}` 的所在地 `{}` 不在 campaign.toml 的 regions 中；请在那里加上或改正", a.id, a.location),
                format!("application `{}` is located in `{}`, which campaign.toml's regions do not list; add it there or correct it", a.id, a.location),
            );
        }
        if industry(&a.industry).is_none() {
            r.err_value(
                *loc,
                &a.industry,
                format!("项目 `{}` 的行业 `{}` 不在通知所列行业中（telecom、hrss、water、health、emergency、broadcast、finance、transport、postal）；请改正", a.id, a.industry),
                format!("application `{}` names industry `{}`, which is not one of the notice's (telecom, hrss, water, health, emergency, broadcast, finance, transport, postal)", a.id, a.industry),
            );
        }
        if a.members.is_empty() {
            r.err_key(
                *loc,
                "members",
                format!("项目 `{}` 没有列出任何单位；请加上牵头单位", a.id),
                format!("application `{}` lists no members; add its lead unit", a.id),
            );
        }
        for m in &a.members {
            if !lenient(&unit_ids, &m.unit) {
                r.err_value(
                    *loc,
                    &m.unit,
                    format!("项目 `{}` 的成员单位 `{}` 不在单位列表中；请补上该单位或改正编号", a.id, m.unit),
                    format!("application `{}` names member unit `{}`, which is not in units; add the unit or correct the id", a.id, m.unit),
                );
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
        r.err_value(
            loc,
            &doc.file,
            format!("项目 `{app}` 列出的文档 `{}` 在评审任务的 documents/ 文件夹之外；请给出其中的路径", doc.file),
            format!("application `{app}` lists document `{}` outside the campaign's documents/ folder; give a path inside it", doc.file),
        );
        return;
    }
    let path = dir.join("documents").join(rel);
    match fs::read(&path) {
        Ok(bytes) => {
            let got = hex::encode(Sm3::digest(&bytes));
            if !got.eq_ignore_ascii_case(doc.sm3.trim()) {
                r.err_value(
                    loc,
                    &doc.file,
                    format!("项目 `{app}` 的文档 `{}` 的 SM3 是 {got}，不是登记的 {}；文件被改过，或登记的摘要有误", doc.file, doc.sm3),
                    format!("document `{}` of application `{app}` has SM3 {got}, not the {} listed; the file changed or the digest is wrong", doc.file, doc.sm3),
                );
            }
        }
        Err(_) => r.err_value(
            loc,
            &doc.file,
            format!("项目 `{app}` 的文档 `{}` 不在 documents/ 中；请放入该文件或删去这一条", doc.file),
            format!("document `{}` of application `{app}` is not in documents/; add the file or remove the entry", doc.file),
        ),
    }
}
