//! SM2 interoperability with OpenSSL 3, both ways. Skipped, with a line saying so, when no
//! `openssl` with SM2 support is on PATH.

use crate::sheet_support;
use pingshen::keys::{Algorithm, KeyPair, PrivateKey, PublicKey, DISTID};
use pingshen::model::Role;
use pingshen::sheet::{sheet_file_bytes, sign_sheet};
use std::path::Path;
use std::process::{Command, Output};

fn openssl(dir: &Path, args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl ran")
}

fn sh(dir: &Path, script: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .expect("sh ran")
}

/// A temporary folder when `openssl` can make SM2 keys; `None` (after printing why) otherwise.
fn openssl_dir() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new("openssl")
        .args(["genpkey", "-algorithm", "SM2", "-out", "probe.pem"])
        .current_dir(dir.path())
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: no `openssl` with SM2 support on PATH; OpenSSL interoperability not checked"
        );
        None
    }
}

#[test]
fn openssl_verifies_pingshen_signatures() {
    let Some(dir) = openssl_dir() else { return };
    let d = dir.path();
    let pair = KeyPair::generate(Algorithm::Sm2Sm3).unwrap();
    std::fs::write(d.join("pub.pem"), pair.public_pem()).unwrap();
    let msg = "评审 pingshen 签名".as_bytes();
    std::fs::write(d.join("msg"), msg).unwrap();
    std::fs::write(d.join("sig.der"), pair.sign(msg).unwrap()).unwrap();
    std::fs::write(d.join("other"), b"another message").unwrap();

    let distid = format!("distid:{DISTID}");
    let pkeyutl = |input: &str| {
        openssl(
            d,
            &[
                "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
                "-pkeyopt", &distid, "-in", input, "-sigfile", "sig.der",
            ],
        )
    };
    let ok = pkeyutl("msg");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Signature Verified Successfully"));
    assert!(!pkeyutl("other").status.success());

    let dgst = |input: &str| {
        openssl(
            d,
            &[
                "dgst",
                "-sm3",
                "-verify",
                "pub.pem",
                "-sigopt",
                &distid,
                "-signature",
                "sig.der",
                input,
            ],
        )
    };
    assert!(dgst("msg").status.success());
    assert!(!dgst("other").status.success());
}

#[test]
fn pingshen_verifies_openssl_signatures() {
    let Some(dir) = openssl_dir() else { return };
    let d = dir.path();
    std::fs::write(d.join("msg"), b"signed by openssl").unwrap();
    let distid = format!("distid:{DISTID}");
    for cmd in [
        "openssl genpkey -algorithm SM2 -out k.pem",
        "openssl pkey -in k.pem -pubout -out p.pem",
    ] {
        assert!(sh(d, cmd).status.success(), "{cmd}");
    }
    let out = openssl(
        d,
        &[
            "dgst", "-sm3", "-sign", "k.pem", "-sigopt", &distid, "-out", "sig.der", "msg",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(d.join("p.pem")).unwrap();
    let pk = PublicKey::from_pem(Algorithm::Sm2Sm3, &public).unwrap();
    let sig = std::fs::read(d.join("sig.der")).unwrap();
    assert!(pk.verify(b"signed by openssl", &sig));
    assert!(!pk.verify(b"signed by somebody", &sig));
    // pingshen writes the public key exactly as OpenSSL does.
    assert_eq!(pk.to_pem(), public);

    // OpenSSL reads pingshen's private-key file as it is (header text before the PEM).
    let key = PrivateKey::new(
        "E01",
        Role::Expert,
        KeyPair::generate(Algorithm::Sm2Sm3).unwrap(),
    )
    .unwrap();
    std::fs::write(d.join("E01.key"), key.to_file_bytes(None).unwrap()).unwrap();
    let out = openssl(
        d,
        &[
            "dgst", "-sm3", "-sign", "E01.key", "-sigopt", &distid, "-out", "sig2.der", "msg",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sig2 = std::fs::read(d.join("sig2.der")).unwrap();
    assert!(key.public_key().verify(b"signed by openssl", &sig2));
}

/// The commands docs/sheet-format.md gives for checking a sheet with OpenSSL alone.
#[test]
fn the_documented_commands_verify_a_sheet() {
    let Some(dir) = openssl_dir() else { return };
    let d = dir.path();
    let k = sheet_support::expert("E01");
    let sheet = sign_sheet(sheet_support::body("E01", 1, 3, 4), &k).unwrap();
    std::fs::write(d.join("E01.json"), sheet_file_bytes(&sheet)).unwrap();
    std::fs::write(d.join("E01.pub.pem"), k.public_pem()).unwrap();
    let script = r#"
sed -E 's/,"signature":\{[^}]*\}\}$/}/' E01.json > body.json
sed -E 's/.*"value":"([^"]*)"\}\}$/\1/' E01.json | base64 -d > sig.der
openssl pkeyutl -verify -pubin -inkey E01.pub.pem -rawin -digest sm3 \
  -pkeyopt distid:1234567812345678 -in body.json -sigfile sig.der
"#;
    let out = sh(d, script);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Signature Verified Successfully"),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(d.join("body.json")).unwrap(),
        sheet.body.signed_bytes()
    );
    // The same commands refuse a changed sheet.
    let changed = String::from_utf8(sheet_file_bytes(&sheet))
        .unwrap()
        .replacen("\"value\":", "\"value\":1", 1);
    std::fs::write(d.join("E01.json"), changed).unwrap();
    let out = sh(d, script);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Signature Verified Successfully"));
}

/// The OpenSSL commands `docs/sheet-format.md` gives for a sheet's digest, run as written,
/// give the digest verification takes and a merge records: the value the SM2 signature is
/// made on, computed here with nothing of pingshen's.
#[test]
fn openssl_computes_the_documented_sheet_digest() {
    let Some(dir) = openssl_dir() else { return };
    let d = dir.path();
    let k = sheet_support::expert("E01");
    let sheet = sign_sheet(sheet_support::body("E01", 1, 3, 4), &k).unwrap();
    let bytes = sheet_file_bytes(&sheet);
    std::fs::write(d.join("E01.pub.pem"), k.public_pem()).unwrap();
    std::fs::write(d.join("body.json"), sheet.body.signed_bytes()).unwrap();
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sheet-format.md"))
            .unwrap();
    let section = doc
        .split("### A sheet's digest")
        .nth(1)
        .expect("docs/sheet-format.md has a section on a sheet's digest");
    let script = section
        .split("```sh\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the section has a shell block");
    let out = sh(d, script);
    let printed = String::from_utf8_lossy(&out.stdout);
    let by_openssl = printed
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    let ring = sheet_support::keyring(&[&k]);
    let verdicts = pingshen::sheet::judge_sheets_digested(
        &[("E01.json".to_string(), bytes)],
        sheet_support::DIGEST,
        &ring,
    );
    assert_eq!(
        verdicts[0].body_sm3.as_deref(),
        Some(by_openssl.as_str()),
        "{printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
