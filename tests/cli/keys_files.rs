//! keys.toml and private-key files.

use crate::sheet_support;
use pingshen::keys::{
    is_encrypted, keygen, write_private_key_file, Algorithm, KeyError, KeyPair, Keyring, KeysError,
    PrivateKey, PublicKey,
};
use pingshen::model::Role;
use sheet_support::key;

fn parse_err(text: &str) -> (usize, String) {
    match Keyring::parse(text, "keys.toml") {
        Err(KeysError::At {
            line,
            message,
            file,
            ..
        }) => {
            assert_eq!(file, "keys.toml");
            (line, message)
        }
        other => panic!("expected a line error, got {other:?}"),
    }
}

#[test]
fn keys_toml_round_trips() {
    let a = key("E01", Role::Expert, Algorithm::Sm2Sm3);
    let b = key("S01", Role::Secretariat, Algorithm::Ed25519);
    let text = format!("{}\n{}", a.keys_toml_entry(), b.keys_toml_entry());
    let ring = Keyring::parse(&text, "keys.toml").unwrap();
    assert_eq!(ring.len(), 2);
    let e = ring.get("E01").unwrap();
    assert_eq!(
        (e.role, e.algorithm(), e.line),
        (Role::Expert, Algorithm::Sm2Sm3, 2)
    );
    assert_eq!(e.public, a.public_key());
    assert_eq!(ring.get("S01").unwrap().algorithm(), Algorithm::Ed25519);
    assert_eq!(Keyring::parse(&ring.to_toml(), "k").unwrap(), ring);
    assert!(text.contains("algorithm = \"sm2-sm3\"\npublic = \"\"\"\n-----BEGIN PUBLIC KEY-----\n"));
}

#[test]
fn keys_toml_errors_name_the_line() {
    let a = key("E01", Role::Expert, Algorithm::Sm2Sm3).keys_toml_entry();
    let ed = key("E02", Role::Expert, Algorithm::Ed25519).keys_toml_entry();

    // Each SM2 entry is 10 lines, then a blank line: the second `id` is on line 13.
    let (line, msg) = parse_err(&format!("{a}\n{a}"));
    assert_eq!(line, 13);
    assert!(
        msg.contains("second key with id `E01` (the first is at line 2)"),
        "{msg}"
    );

    let (line, msg) = parse_err(&format!("{a}\n{}", ed.replace("ed25519", "sm2-sm3")));
    assert_eq!(line, 16);
    assert!(
        msg.contains("not an sm2-sm3 key but one of the other algorithm"),
        "{msg}"
    );

    let (line, msg) = parse_err(&a.replace("expert", "judge"));
    assert_eq!(line, 3);
    assert!(msg.contains("judge"), "{msg}");

    let (line, msg) = parse_err(&format!("{a}\n[[key]]\nid = \"X\"\nrole = \"chair\"\n"));
    assert_eq!(line, 12);
    assert!(msg.contains("missing field"), "{msg}");

    let (line, _) = parse_err(&format!("{a}\nnot toml ="));
    assert_eq!(line, 12);

    let (line, msg) = parse_err(&a.replace("MFkw", "MFkX"));
    assert_eq!(line, 5);
    assert!(msg.contains("not a valid sm2-sm3 SPKI PEM"), "{msg}");

    let (_, msg) = parse_err(&a.replace("\"E01\"", "\"E 01\""));
    assert!(msg.contains("letters, digits, `-` and `_`"), "{msg}");
    // A key id names its file: no path can be made of one.
    let (_, msg) = parse_err(&a.replace("\"E01\"", "\"../E01\""));
    assert!(msg.contains("cannot be a key id"), "{msg}");
    assert!(Keyring::parse("", "keys.toml").unwrap().is_empty());
}

#[test]
fn seeded_keys_are_deterministic() {
    for alg in [Algorithm::Sm2Sm3, Algorithm::Ed25519] {
        let a = KeyPair::from_seed(alg, [9; 32]).unwrap();
        let b = KeyPair::from_seed(alg, [9; 32]).unwrap();
        let c = KeyPair::from_seed(alg, [10; 32]).unwrap();
        assert_eq!(a.public_pem(), b.public_pem());
        assert_ne!(a.public_pem(), c.public_pem());
        assert_eq!(a.sign(b"m").unwrap(), b.sign(b"m").unwrap());
        assert_eq!(*a.to_pkcs8_der().unwrap(), *b.to_pkcs8_der().unwrap());
        let ka = PrivateKey::new("E01", Role::Expert, a).unwrap();
        let kb = PrivateKey::new("E01", Role::Expert, b).unwrap();
        assert_eq!(
            ka.to_file_bytes(None).unwrap(),
            kb.to_file_bytes(None).unwrap()
        );
    }
}

#[test]
fn private_key_files_plain_and_sealed() {
    let (plain, public) = keygen(Role::Chair, "C01", Algorithm::Sm2Sm3, None).unwrap();
    assert!(!is_encrypted(&plain));
    let text = String::from_utf8(plain.clone()).unwrap();
    assert!(text.starts_with("# pingshen private key"));
    assert!(text.contains(
        "id = \"C01\"\nrole = \"chair\"\nalgorithm = \"sm2-sm3\"\n-----BEGIN PRIVATE KEY-----\n"
    ));
    let k = PrivateKey::from_file_bytes(&plain, None, "c01.key").unwrap();
    assert_eq!((k.id.as_str(), k.role), ("C01", Role::Chair));
    assert_eq!(k.public_pem(), public);
    let pk = PublicKey::from_pem(Algorithm::Sm2Sm3, &public).unwrap();
    assert!(pk.verify(b"x", &k.pair.sign(b"x").unwrap()));

    let (sealed, public) =
        keygen(Role::Expert, "E05", Algorithm::Ed25519, Some("口令 pass")).unwrap();
    assert!(is_encrypted(&sealed));
    assert!(matches!(
        PrivateKey::from_file_bytes(&sealed, None, "e05.key"),
        Err(KeyError::NeedsPassphrase { .. })
    ));
    let e = PrivateKey::from_file_bytes(&sealed, Some("wrong"), "e05.key").unwrap_err();
    assert!(matches!(e, KeyError::WrongPassphrase { .. }));
    assert_eq!(
        e.to_string(),
        "e05.key could not be unlocked: the passphrase is wrong or the file was altered"
    );
    let k = PrivateKey::from_file_bytes(&sealed, Some("口令 pass"), "e05.key").unwrap();
    assert_eq!((k.id.as_str(), k.public_pem()), ("E05", public));

    // A header that disagrees with the key inside.
    let lying = String::from_utf8(plain)
        .unwrap()
        .replace("sm2-sm3", "ed25519");
    let e = PrivateKey::from_file_bytes(lying.as_bytes(), None, "c01.key").unwrap_err();
    assert!(e.to_string().contains("header says ed25519"), "{e}");
    assert!(PrivateKey::from_file_bytes(b"garbage", None, "g").is_err());
}

#[cfg(unix)]
#[test]
fn private_key_files_are_owner_only_and_never_overwritten() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("E01.key");
    let (bytes, _) = keygen(Role::Expert, "E01", Algorithm::Sm2Sm3, None).unwrap();
    write_private_key_file(&path, &bytes).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(matches!(
        write_private_key_file(&path, &bytes),
        Err(KeyError::Exists { .. })
    ));
    let k = PrivateKey::load(&path, None).unwrap();
    assert_eq!(k.id, "E01");
    let missing = Keyring::load(&dir.path().join("keys.toml")).unwrap_err();
    assert!(
        missing.to_string().contains("keys.toml: cannot read it"),
        "{missing}"
    );
}

#[test]
fn algorithm_names() {
    assert_eq!("sm2".parse::<Algorithm>().unwrap(), Algorithm::Sm2Sm3);
    assert_eq!("SM2-SM3".parse::<Algorithm>().unwrap(), Algorithm::Sm2Sm3);
    assert_eq!("ed25519".parse::<Algorithm>().unwrap(), Algorithm::Ed25519);
    assert!("rsa".parse::<Algorithm>().is_err());
}
