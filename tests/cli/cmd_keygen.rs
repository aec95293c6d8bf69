//! `keygen`: files, modes, the printed keys.toml entry, passphrases, never overwriting.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, ok, one_sentence};
use pingshen::keys::{Keyring, PrivateKey};
use pingshen::model::Role;

#[test]
fn writes_a_private_key_0600_a_public_pem_and_the_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("k");
    std::fs::create_dir_all(&out).unwrap();
    let o = common::run(
        &tmp.path().join("db"),
        &[
            "keygen",
            "--role",
            "chair",
            "--id",
            "C01",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    ok(&o);
    let key_path = out.join("C01.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let key = PrivateKey::load(&key_path, None).unwrap();
    assert_eq!((key.id.as_str(), key.role), ("C01", Role::Chair));
    assert_eq!(key.algorithm().as_str(), "sm2-sm3");
    let pem = std::fs::read_to_string(out.join("C01.pub.pem")).unwrap();
    assert_eq!(pem, key.public_pem());
    // What it prints is a keys.toml that lists exactly this key.
    let ring = Keyring::parse(&common::stdout(&o), "keys.toml").unwrap();
    let entry = ring.get("C01").unwrap();
    assert_eq!(entry.role, Role::Chair);
    assert_eq!(entry.public, key.public_key());
}

#[test]
fn never_overwrites_and_says_so_in_one_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let dir = tmp.path().to_str().unwrap();
    let args = ["keygen", "--role", "expert", "--id", "E01", "-o", dir];
    ok(&common::run(&db, &args));
    let before = std::fs::read(tmp.path().join("E01.key")).unwrap();
    let o = common::run(&db, &args);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("never overwrites"));
    assert_eq!(std::fs::read(tmp.path().join("E01.key")).unwrap(), before);
}

#[test]
fn ed25519_and_a_passphrase_from_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    let o = std::process::Command::new(common::bin())
        .args([
            "--db",
            dir,
            "--lang",
            "en",
            "keygen",
            "--role",
            "secretariat",
            "--id",
            "S01",
        ])
        .args(["--sig", "ed25519", "-o", dir, "--passphrase-env", "MY_PASS"])
        .env("MY_PASS", "correct horse")
        .output()
        .unwrap();
    ok(&o);
    let path = tmp.path().join("S01.key");
    assert!(pingshen::keys::is_encrypted(&std::fs::read(&path).unwrap()));
    assert!(PrivateKey::load(&path, None).is_err());
    let key = PrivateKey::load(&path, Some("correct horse")).unwrap();
    assert_eq!(key.algorithm().as_str(), "ed25519");
    assert_eq!(key.role, Role::Secretariat);
}

#[test]
fn an_unset_passphrase_variable_or_a_bad_id_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let dir = tmp.path().to_str().unwrap();
    let o = common::run(
        &db,
        &[
            "keygen",
            "--role",
            "expert",
            "--id",
            "E02",
            "-o",
            dir,
            "--passphrase-env",
            "PINGSHEN_TEST_SURELY_UNSET",
        ],
    );
    assert_eq!(code(&o), 2);
    one_sentence(&o);
    assert!(!tmp.path().join("E02.key").exists());
    let o = common::run(
        &db,
        &["keygen", "--role", "expert", "--id", "E 03", "-o", dir],
    );
    assert_eq!(code(&o), 2);
    one_sentence(&o);
}
