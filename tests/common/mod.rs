//! Helpers shared by the integration tests: temporary copies of campaigns and running the
//! real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_pingshen")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A fresh copy of `tests/data/mini` in a temp dir.
pub fn mini_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("campaign");
    copy_dir(&repo().join("tests/data/mini"), &dir);
    (tmp, dir)
}

/// Runs pingshen with `--db db --lang en` and the arguments.
pub fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs pingshen with `--db db --lang <lang>` and the arguments.
pub fn run_lang(lang: &str, db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap()
}

/// The first run of two or more English words in `text`: what a message in Chinese must
/// not hold. What is quoted in backticks (ids, commands, a file's own text) is left out;
/// paths, ids, flags and numbers are not words (`keys.toml`, `A001`, `--db`, `2`) and end
/// a run, as does any Chinese character.
pub fn english_prose(text: &str) -> Option<String> {
    let mut outside = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if c == '`' {
            quoted = !quoted;
        } else if !quoted {
            outside.push(c);
        }
    }
    let mut run: Vec<String> = vec![];
    let mut worst: Option<Vec<String>> = None;
    let mut token = String::new();
    let mut end = |token: &mut String, run: &mut Vec<String>, breaks: bool| {
        let t = token.trim_matches(|c: char| ",.;:()[]'\"!?".contains(c));
        let word = t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic());
        if word {
            run.push(t.to_string());
        }
        if (!word && !t.is_empty()) || breaks {
            if run.len() >= 2 && worst.is_none() {
                worst = Some(run.clone());
            }
            run.clear();
        }
        token.clear();
    };
    for c in outside.chars() {
        if c.is_whitespace() {
            end(&mut token, &mut run, false);
        } else if !c.is_ascii() {
            end(&mut token, &mut run, true);
        } else {
            token.push(c);
        }
    }
    end(&mut token, &mut run, true);
    worst.map(|w| w.join(" "))
}

/// `text` is Chinese: it has Chinese characters and no English prose.
pub fn assert_chinese(text: &str) {
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese in: {text}"
    );
    if let Some(words) = english_prose(text) {
        panic!("English prose `{words}` in a Chinese message: {text}");
    }
}
