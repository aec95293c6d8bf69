//! Shared set-up of the command tests: the mini campaign with a keys.toml of seeded keys
//! (experts X01 and X02, chair C01, secretariat S01) and their private-key files.

#![allow(dead_code)]

use crate::common;
use pingshen::keys::{Algorithm, KeyPair, PrivateKey};
use pingshen::model::Role;
use std::path::{Path, PathBuf};
use std::process::Output;

pub struct Setup {
    pub tmp: tempfile::TempDir,
    /// The campaign directory (with keys.toml).
    pub dir: PathBuf,
    /// Where the private keys are: `<id>.key`.
    pub keys: PathBuf,
    /// A store path (not created).
    pub db: PathBuf,
}

pub fn key(id: &str, role: Role, seed: u8) -> PrivateKey {
    PrivateKey::new(
        id,
        role,
        KeyPair::from_seed(Algorithm::Sm2Sm3, [seed; 32]).unwrap(),
    )
    .unwrap()
}

pub fn signers() -> Vec<PrivateKey> {
    vec![
        key("X01", Role::Expert, 1),
        key("X02", Role::Expert, 2),
        key("C01", Role::Chair, 3),
        key("S01", Role::Secretariat, 4),
    ]
}

/// A third application, led by U02 alone, so each mini expert has two applications free of
/// conflicts (X01 works at U03, a member of A002; X02 at U01, the lead of A001).
const A003: &str = r#"id = "A003"
name = "物联网终端安全准入与异常行为监测平台"
directions = [8]
recommender = "R-SZ"
priority = 2
recommended_on = 2024-02-22
location = "深圳"
industry = "transport"
build_status = "operating"

[[members]]
unit = "U02"
role = "lead"

[sections]
overview = "面向城市物联网终端的安全准入与行为监测。"
"#;

/// The mini campaign with a third application and keys; `decisions/` empty.
pub fn setup() -> Setup {
    let (tmp, dir) = common::mini_copy();
    std::fs::write(dir.join("applications/A003.toml"), A003).unwrap();
    let keys = tmp.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let mut toml = String::new();
    for k in signers() {
        toml.push_str(&k.keys_toml_entry());
        toml.push('\n');
        std::fs::write(
            keys.join(format!("{}.key", k.id)),
            k.to_file_bytes(None).unwrap(),
        )
        .unwrap();
    }
    std::fs::write(dir.join("keys.toml"), toml).unwrap();
    let db = tmp.path().join("db");
    Setup { tmp, dir, keys, db }
}

impl Setup {
    pub fn key(&self, id: &str) -> String {
        self.keys.join(format!("{id}.key")).display().to_string()
    }
    pub fn dir_s(&self) -> String {
        self.dir.display().to_string()
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
    pub fn p(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }
    /// Runs against the set-up's store.
    pub fn run(&self, args: &[&str]) -> Output {
        common::run(&self.db, args)
    }
    /// Runs against another store.
    pub fn run_db(&self, db: &Path, args: &[&str]) -> Output {
        common::run(db, args)
    }
    /// `init` the campaign into the store, then pledge and score as X01.
    pub fn scored_store(&self) {
        ok(&self.run(&["init", &self.dir_s()]));
        ok(&self.run(&["pledge", "--expert", "X01"]));
        ok(&self.run(&[
            "score",
            "A001",
            "innovation",
            "20",
            "--expert",
            "X01",
            "--comment",
            "创新点明确",
        ]));
        ok(&self.run(&["score", "A001", "practicality", "21.5", "--expert", "X01"]));
    }
}

pub fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "expected success, got {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        common::stdout(o),
        common::stderr(o)
    );
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The refusal is one line on stderr, without a panic or a backtrace.
pub fn one_sentence(o: &Output) -> String {
    let e = common::stderr(o);
    let lines: Vec<&str> = e.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got: {e}");
    assert!(
        !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
        "{e}"
    );
    e
}
