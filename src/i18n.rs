//! The interface language, and the choice between a Chinese and an English string.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// From `--lang`, else LC_ALL / LC_MESSAGES / LANG (anything starting `zh` is Chinese,
    /// anything else set is English), else Chinese.
    pub fn detect(arg: Option<crate::cli::LangArg>) -> Lang {
        // Kept for callers without a Config (tests, the library); `Config::load` is the
        // same precedence plus the config file.
        if let Some(a) = arg {
            return match a {
                crate::cli::LangArg::Zh => Lang::Zh,
                crate::cli::LangArg::En => Lang::En,
            };
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                if v.starts_with("zh") {
                    return Lang::Zh;
                }
                if v == "C" || v == "POSIX" || v.starts_with("C.") {
                    continue;
                }
                return Lang::En;
            }
        }
        Lang::Zh
    }

    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
