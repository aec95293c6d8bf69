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

    /// What follows a file's name before what is said of it: `：` or `: `.
    pub fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The English indefinite article for `word`, by its sound: "an override", "an enterprise",
/// but "a university".
pub fn a_or_an(word: &str) -> &'static str {
    let w = word.trim_start().to_ascii_lowercase();
    let consonant_sound = ["uni", "use", "usu", "eu", "one"]
        .iter()
        .any(|p| w.starts_with(p));
    if w.starts_with(['a', 'e', 'i', 'o', 'u']) && !consonant_sound {
        "an"
    } else {
        "a"
    }
}

/// The run's language, for the few messages made far from any `Ctx`: a store error that
/// reaches the user through `?`. `main` sets it once, before any command runs.
static RUN_LANG: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

impl Lang {
    /// Makes `self` the language of this run (see [`Lang::of_run`]).
    pub fn set_for_run(self) {
        RUN_LANG.store(
            if self.is_zh() { 1 } else { 2 },
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    /// The language `main` chose for this run; English for a library caller that never
    /// chose one, the language of the code's own logs and tests.
    pub fn of_run() -> Lang {
        match RUN_LANG.load(std::sync::atomic::Ordering::Relaxed) {
            1 => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// One sentence in this language, from its Chinese and English forms.
    pub fn say(self, zh: String, en: String) -> String {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// What went wrong with a file, from the OS error, as a short phrase in `lang` ("does not
/// exist", "permission denied"): the OS's own text is English whatever the run's language,
/// and its `(os error 2)` means nothing to a user.
pub fn io_phrase(lang: Lang, e: &std::io::Error) -> String {
    match kind_phrase(lang, e.kind()) {
        Some(p) => p.to_string(),
        // Whatever else the OS reports is rare; its number is what a helper can look up.
        None => match e.raw_os_error() {
            Some(n) => lang.say(
                format!("系统报告错误（错误号 {n}）"),
                format!("the system reports error {n}"),
            ),
            None => lang.say("系统报告错误".into(), format!("the system reports: {e}")),
        },
    }
}

/// [`io_phrase`] for an error known only by its kind; `None` for a kind without a phrase.
pub fn kind_phrase(lang: Lang, kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    let (zh, en) = match kind {
        K::NotFound => ("不存在", "it does not exist"),
        K::PermissionDenied => ("没有访问权限", "permission denied"),
        K::AlreadyExists => ("已经存在", "it already exists"),
        K::IsADirectory => ("是文件夹而不是文件", "it is a folder, not a file"),
        K::NotADirectory => (
            "路径中有一段是文件而不是文件夹",
            "a part of the path is a file, not a folder",
        ),
        K::DirectoryNotEmpty => ("文件夹不是空的", "the folder is not empty"),
        K::StorageFull | K::QuotaExceeded => ("磁盘已满", "the disk is full"),
        K::ReadOnlyFilesystem => ("所在的文件系统只读", "the file system is read-only"),
        K::FileTooLarge => ("文件太大", "the file is too large"),
        K::InvalidFilename => ("文件名无效", "the file name is not valid"),
        K::InvalidData | K::UnexpectedEof => {
            ("内容不完整或已损坏", "its content is incomplete or damaged")
        }
        K::Interrupted | K::TimedOut | K::WouldBlock => (
            "操作被中断，请重试",
            "the operation was interrupted; try again",
        ),
        _ => return None,
    };
    Some(lang.pick(zh, en))
}

/// The folder a file at `path` goes in.
fn folder_of(path: &std::path::Path) -> std::path::PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// `lang`'s refusal when the folder a file at `path` would go in does not exist, checked
/// before any work so that nothing is spent on an output that cannot be written.
pub fn missing_folder(lang: Lang, path: &std::path::Path) -> Option<String> {
    let folder = folder_of(path);
    if folder.is_dir() {
        return None;
    }
    let (shown, f) = (path.display(), folder.display());
    Some(lang.say(
        format!("无法写入 {shown}：文件夹 {f} 不存在；请先建立它，或换一个位置"),
        format!("cannot write {shown}: the folder {f} does not exist; create it first or choose another place"),
    ))
}

/// `lang`'s sentence for a file at `path` that could not be written: a missing folder is
/// named as such (the usual mistake), anything else with [`io_phrase`].
pub fn cannot_write(lang: Lang, path: &std::path::Path, e: &std::io::Error) -> String {
    let shown = path.display();
    if e.kind() == std::io::ErrorKind::NotFound {
        if let Some(m) = missing_folder(lang, path) {
            return m;
        }
    }
    let why = io_phrase(lang, e);
    lang.say(
        format!("无法写入 {shown}（{why}）；请换一个可写的位置"),
        format!("cannot write {shown} ({why}); choose a place you can write to"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn os_errors_become_phrases() {
        let gone = Error::from(ErrorKind::NotFound);
        assert_eq!(io_phrase(Lang::Zh, &gone), "不存在");
        assert_eq!(io_phrase(Lang::En, &gone), "it does not exist");
        let full = Error::from(ErrorKind::StorageFull);
        assert_eq!(io_phrase(Lang::Zh, &full), "磁盘已满");
        let odd = Error::from_raw_os_error(libc::EPROTO);
        assert!(io_phrase(Lang::Zh, &odd).starts_with("系统报告错误（错误号"));
        for e in [gone, full, Error::from(ErrorKind::PermissionDenied)] {
            assert!(!io_phrase(Lang::Zh, &e).contains("os error"));
        }
    }

    #[test]
    fn a_missing_folder_is_named() {
        let tmp = std::env::temp_dir().join("pingshen-surely-absent-folder");
        let file = tmp.join("x.json");
        let e = Error::from(ErrorKind::NotFound);
        let en = cannot_write(Lang::En, &file, &e);
        assert!(
            en.contains(&format!("the folder {} does not exist", tmp.display())),
            "{en}"
        );
    }

    #[test]
    fn articles_by_sound() {
        assert_eq!(a_or_an("override"), "an");
        assert_eq!(a_or_an("enterprise"), "an");
        assert_eq!(a_or_an("university"), "a");
        assert_eq!(a_or_an("triage"), "a");
        assert_eq!(a_or_an("expert"), "an");
    }
}
