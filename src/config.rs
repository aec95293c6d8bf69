//! The user's configuration: a TOML file in the platform's config folder, merged with the
//! environment and the command line, each value remembering where it came from.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a setting's value came from, most specific last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    File(PathBuf),
    Env(&'static str),
    Flag,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::File(p) => write!(f, "{}", p.display()),
            Source::Env(v) => write!(f, "environment ${v}"),
            Source::Flag => f.write_str("command line"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Setting {
            value,
            source: Source::Default,
        }
    }
}

/// The config file as written. Every field optional; unknown fields are an error, so a
/// misspelt key is caught.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub db: Option<PathBuf>,
    pub lang: Option<String>,
    pub theme: Option<String>,
    /// Key-map overrides: action name to key, as in `assets/keymap.toml`; each value
    /// keeps where it is in the file, so a bad one is named by its line.
    #[serde(default)]
    pub keys: BTreeMap<String, toml::Spanned<String>>,
}

pub const THEMES: [&str; 3] = ["default", "high-contrast", "mono"];

#[derive(Debug, Clone)]
pub struct Config {
    pub file: Option<PathBuf>,
    pub db: Setting<PathBuf>,
    pub lang: Setting<String>,
    pub theme: Setting<String>,
    pub keys: BTreeMap<String, Setting<String>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {en}; fix the file or move it aside", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    /// What is wrong, in Chinese and in English.
    pub zh: String,
    pub en: String,
}

impl ConfigError {
    /// The error as one sentence in `lang` (`Display` is the English one).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        let file = self.file.display();
        match self.line {
            Some(l) => format!("{file}:{l}: {}；请改正这个配置文件或把它移走", self.zh),
            None => format!("配置文件 {file}：{}；请改正它或把它移走", self.zh),
        }
    }
}

/// The config file's path: $PINGSHEN_CONFIG, else `<config dir>/pingshen/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PINGSHEN_CONFIG") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "pingshen").map(|d| d.config_dir().join("config.toml"))
}

/// Where the log file goes: the platform's state folder (data folder where there is none).
pub fn log_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "pingshen").map(|d| {
        d.state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| d.data_local_dir().to_path_buf())
    })
}

fn default_db() -> PathBuf {
    directories::ProjectDirs::from("", "", "pingshen")
        .map(|d| d.data_dir().join("store"))
        .unwrap_or_else(|| PathBuf::from("pingshen.db"))
}

fn parse_file(path: &Path) -> Result<ConfigFile, ConfigError> {
    use crate::i18n::{io_phrase, Lang};
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.into(),
        line: None,
        zh: format!("无法读取（{}）", io_phrase(Lang::Zh, &e)),
        en: format!("cannot be read ({})", io_phrase(Lang::En, &e)),
    })?;
    let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start));
        let zh = if text.parse::<toml::Table>().is_err() {
            crate::format::syntax_zh("TOML", &text, line)
        } else {
            crate::format::serde_zh(e.message())
        };
        ConfigError {
            file: path.into(),
            line,
            zh,
            en: e.message().to_string(),
        }
    })?;
    // The key map the interface would build from these overrides, built the same way
    // (`Keymap::configured` rebinds in this order), so `config show` and `tui` cannot
    // disagree about them.
    let mut keymap = crate::tui::keymap::Keymap::bundled();
    let mut taken = Vec::new();
    let error_at = |e: crate::tui::keymap::RebindError| ConfigError {
        file: path.into(),
        line: file
            .keys
            .get(e.action())
            .map(|keys| line_of(keys.span().start)),
        zh: e.message(Lang::Zh),
        en: e.message(Lang::En),
    };
    for (action, keys) in &file.keys {
        taken.extend(keymap.rebind(action, keys.get_ref()).map_err(error_at)?);
    }
    keymap.check_taken(taken).map_err(error_at)?;
    if let Some(t) = &file.theme {
        if !THEMES.contains(&t.as_str()) {
            return Err(ConfigError {
                file: path.into(),
                line: None,
                zh: format!("theme `{t}` 不是 {} 之一", THEMES.join("、")),
                en: format!("theme `{t}` is not one of {}", THEMES.join(", ")),
            });
        }
    }
    if let Some(l) = &file.lang {
        if l != "zh" && l != "en" {
            return Err(ConfigError {
                file: path.into(),
                line: None,
                zh: format!("lang `{l}` 既不是 zh 也不是 en"),
                en: format!("lang `{l}` is not zh or en"),
            });
        }
    }
    Ok(file)
}

impl Config {
    /// Merges defaults, the config file, the environment and the flags, in that order.
    pub fn load(db_flag: Option<&Path>, lang_flag: Option<&str>) -> Result<Config, ConfigError> {
        Ok(Config::load_unflagged()?.with_flags(db_flag, lang_flag))
    }

    /// Defaults, the config file and the environment: what a run knows before its command
    /// line is parsed (the file is read here, once).
    pub fn load_unflagged() -> Result<Config, ConfigError> {
        let mut c = Config {
            file: None,
            db: Setting::default(default_db()),
            lang: Setting::default("zh".into()),
            theme: Setting::default("default".into()),
            keys: BTreeMap::new(),
        };
        if let Some(path) = config_path().filter(|p| p.is_file()) {
            let f = parse_file(&path)?;
            let src = || Source::File(path.clone());
            if let Some(db) = f.db {
                c.db = Setting {
                    value: db,
                    source: src(),
                };
            }
            if let Some(l) = f.lang {
                c.lang = Setting {
                    value: l,
                    source: src(),
                };
            }
            if let Some(t) = f.theme {
                c.theme = Setting {
                    value: t,
                    source: src(),
                };
            }
            for (action, key) in f.keys {
                c.keys.insert(
                    action,
                    Setting {
                        value: key.into_inner(),
                        source: src(),
                    },
                );
            }
            c.file = Some(path);
        }
        if c.lang.source == Source::Default {
            for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
                if let Ok(v) = std::env::var(var) {
                    if v.is_empty() || v == "C" || v == "POSIX" || v.starts_with("C.") {
                        continue;
                    }
                    let l = if v.starts_with("zh") { "zh" } else { "en" };
                    c.lang = Setting {
                        value: l.into(),
                        source: Source::Env(var),
                    };
                    break;
                }
            }
        }
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            && c.theme.source == Source::Default
        {
            c.theme = Setting {
                value: "mono".into(),
                source: Source::Env("NO_COLOR"),
            };
        }
        if let Some(db) = std::env::var_os("PINGSHEN_DB") {
            c.db = Setting {
                value: PathBuf::from(db),
                source: Source::Env("PINGSHEN_DB"),
            };
        }
        Ok(c)
    }

    /// The configuration with the command line's `--db` and `--lang` over it.
    pub fn with_flags(mut self, db_flag: Option<&Path>, lang_flag: Option<&str>) -> Config {
        if let Some(db) = db_flag {
            self.db = Setting {
                value: db.to_path_buf(),
                source: Source::Flag,
            };
        }
        if let Some(l) = lang_flag {
            self.lang = Setting {
                value: l.to_string(),
                source: Source::Flag,
            };
        }
        self
    }

    /// `config show` in English: every value and where it came from.
    pub fn render(&self) -> String {
        self.render_in(crate::i18n::Lang::En)
    }

    /// `config show` in `lang`: every value and where it came from, the comments in `lang`
    /// (the values and keys are the file's own).
    pub fn render_in(&self, lang: crate::i18n::Lang) -> String {
        let say = |zh: &str, en: &str| lang.pick(zh, en).to_string();
        let from = |s: &Source| match (s, lang) {
            (Source::Default, crate::i18n::Lang::Zh) => "默认".to_string(),
            (Source::Env(v), crate::i18n::Lang::Zh) => format!("环境变量 ${v}"),
            (Source::Flag, crate::i18n::Lang::Zh) => "命令行".to_string(),
            (s, _) => s.to_string(),
        };
        let mut out = String::new();
        let file = match (&self.file, config_path()) {
            (Some(p), _) => p.display().to_string(),
            (None, Some(p)) => format!("{}{}", p.display(), say("（不存在）", " (not present)")),
            (None, None) => say(
                "（本平台没有配置文件夹）",
                "(no config folder on this platform)",
            ),
        };
        out.push_str(&format!("# {}{file}\n", say("配置文件：", "config file: ")));
        out.push_str(&format!(
            "db    = {:<40} # {}\n",
            format!("\"{}\"", self.db.value.display()),
            from(&self.db.source)
        ));
        out.push_str(&format!(
            "lang  = {:<40} # {}\n",
            format!("\"{}\"", self.lang.value),
            from(&self.lang.source)
        ));
        out.push_str(&format!(
            "theme = {:<40} # {}\n",
            format!("\"{}\"", self.theme.value),
            from(&self.theme.source)
        ));
        if let Some(l) = log_dir() {
            out.push_str(&format!(
                "# {}{}\n",
                say("日志文件：", "log file: "),
                l.join("pingshen.log").display()
            ));
        }
        out.push_str("\n[keys]\n");
        if self.keys.is_empty() {
            out.push_str(&say(
                "# 没有改动；默认按键见界面中的 ? 帮助\n",
                "# no overrides; the defaults are in the interface's ? help\n",
            ));
        }
        for (action, k) in &self.keys {
            out.push_str(&format!(
                "{action} = {:<30} # {}\n",
                format!("\"{}\"", k.value),
                from(&k.source)
            ));
        }
        out
    }
}
