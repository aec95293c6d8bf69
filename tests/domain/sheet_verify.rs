//! Sheets: signing, the verdict on one file, and judging several files together.

use crate::sheet_support;
use pingshen::keys::{Algorithm, Keyring};
use pingshen::model::Role;
use pingshen::sheet::{
    canonical_bytes, judge_sheets, sheet_file_bytes, sign_sheet, verify_sheet, winning_sheets,
    Outcome, SheetError, UnknownKeyReason, MAX_SHEET_BYTES,
};
use sheet_support::{body, expert, key, keyring, DIGEST, OTHER_DIGEST};

#[test]
fn a_signed_sheet_verifies_and_round_trips() {
    let k = expert("E01");
    let ring = keyring(&[&k]);
    let sheet = sign_sheet(body("E01", 1, 5, 4), &k).unwrap();
    let bytes = sheet_file_bytes(&sheet);
    let back = verify_sheet(&bytes, DIGEST, &ring).unwrap();
    assert_eq!(back, sheet);
    // The fast writer and the generic RFC 8785 path agree.
    assert_eq!(bytes, canonical_bytes(&sheet).unwrap());
    assert_eq!(
        sheet.body.signed_bytes(),
        canonical_bytes(&sheet.body).unwrap()
    );
}

#[test]
fn ed25519_sheets_verify_too() {
    let k = key("E02", Role::Expert, Algorithm::Ed25519);
    let ring = keyring(&[&k]);
    let sheet = sign_sheet(body("E02", 3, 2, 2), &k).unwrap();
    assert_eq!(sheet.signature.algorithm, "ed25519");
    assert!(verify_sheet(&sheet_file_bytes(&sheet), DIGEST, &ring).is_ok());
}

#[test]
fn signing_is_deterministic_for_seeded_keys() {
    let a = sheet_file_bytes(&sign_sheet(body("E01", 1, 3, 4), &expert("E01")).unwrap());
    let b = sheet_file_bytes(&sign_sheet(body("E01", 1, 3, 4), &expert("E01")).unwrap());
    assert_eq!(a, b);
}

#[test]
fn sign_sheet_sorts_and_refuses_what_could_not_verify() {
    let k = expert("E01");
    let mut b = body("E01", 1, 3, 2);
    b.scores.reverse();
    let sheet = sign_sheet(b, &k).unwrap();
    assert!(sheet.body.scores.windows(2).all(|w| w[0] < w[1]));

    let mut dup = body("E01", 1, 1, 1);
    dup.scores.push(dup.scores[0].clone());
    assert!(sign_sheet(dup, &k).is_err());
    // Another expert's key, or a chair's key, does not sign E01's sheet.
    assert!(sign_sheet(body("E01", 1, 1, 1), &expert("E02")).is_err());
    assert!(sign_sheet(
        body("E01", 1, 1, 1),
        &key("E01", Role::Chair, Algorithm::Sm2Sm3)
    )
    .is_err());
}

fn err(bytes: &[u8], ring: &Keyring) -> SheetError {
    verify_sheet(bytes, DIGEST, ring).unwrap_err()
}

#[test]
fn each_failure_has_its_own_verdict() {
    let k = expert("E01");
    let ring = keyring(&[&k, &key("C01", Role::Chair, Algorithm::Sm2Sm3)]);
    let good = sheet_file_bytes(&sign_sheet(body("E01", 1, 2, 2), &k).unwrap());

    assert!(
        matches!(err(b"{not json", &ring), SheetError::Malformed(m) if m.starts_with("not JSON"))
    );
    assert!(
        matches!(err(b"{\"a\":1}", &ring), SheetError::Malformed(m) if m.contains("not a score sheet"))
    );

    let pretty =
        serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&good).unwrap())
            .unwrap();
    assert!(matches!(
        err(&pretty, &ring),
        SheetError::NotCanonical { offset: 1 }
    ));

    let mut foreign = body("E01", 1, 2, 2);
    foreign.campaign = OTHER_DIGEST.to_string();
    let foreign = sheet_file_bytes(&sign_sheet(foreign, &k).unwrap());
    assert!(matches!(
        err(&foreign, &ring),
        SheetError::ForeignCampaign { .. }
    ));

    let stranger = expert("E77");
    let unknown = sheet_file_bytes(&sign_sheet(body("E77", 1, 2, 2), &stranger).unwrap());
    assert_eq!(
        err(&unknown, &ring),
        SheetError::UnknownKey(UnknownKeyReason::NotListed { key: "E77".into() })
    );

    // A sheet that says it is E01's but is signed with E02's (listed) key.
    let e02 = expert("E02");
    let ring2 = keyring(&[&k, &e02]);
    let mut s = sign_sheet(body("E02", 1, 2, 2), &e02).unwrap();
    s.body.expert = "E01".into();
    let forged = sheet_file_bytes(&s);
    assert!(matches!(
        err(&forged, &ring2),
        SheetError::UnknownKey(UnknownKeyReason::NotTheExpert { .. })
    ));

    // The chair's key is not an expert's.
    let mut s = sign_sheet(body("E01", 1, 2, 2), &k).unwrap();
    s.signature.key = "C01".into();
    assert!(matches!(
        err(&sheet_file_bytes(&s), &ring),
        SheetError::UnknownKey(UnknownKeyReason::NotExpert {
            role: Role::Chair,
            ..
        })
    ));

    // A changed score with the old signature.
    let mut s = sign_sheet(body("E01", 1, 2, 2), &k).unwrap();
    s.body.scores[0].value += 1;
    assert_eq!(err(&sheet_file_bytes(&s), &ring), SheetError::Altered);

    let big = vec![b' '; MAX_SHEET_BYTES + 1];
    assert!(matches!(err(&big, &ring), SheetError::TooLarge { .. }));
}

/// Every single-byte change of a real signed sheet is refused: flipped bits, and each byte
/// replaced by a few characters JSON cares about.
#[test]
fn every_byte_change_is_rejected() {
    for k in [expert("E01"), key("E01", Role::Expert, Algorithm::Ed25519)] {
        let ring = keyring(&[&k]);
        let mut b = body("E01", 2, 1, 2);
        b.declarations.clear();
        let good = sheet_file_bytes(&sign_sheet(b, &k).unwrap());
        assert!(verify_sheet(&good, DIGEST, &ring).is_ok());
        let mut tried = 0;
        for i in 0..good.len() {
            for replacement in [good[i] ^ 0x01, good[i] ^ 0x20, b'0', b' ', b'"', b'A'] {
                if replacement == good[i] {
                    continue;
                }
                let mut bad = good.clone();
                bad[i] = replacement;
                tried += 1;
                assert!(
                    verify_sheet(&bad, DIGEST, &ring).is_err(),
                    "byte {i} changed to {replacement:#x} still verifies"
                );
            }
        }
        // Removing or inserting a byte is refused as well.
        for i in 0..good.len() {
            let mut cut = good.clone();
            cut.remove(i);
            assert!(
                verify_sheet(&cut, DIGEST, &ring).is_err(),
                "byte {i} removed"
            );
        }
        assert!(tried > 5 * good.len());
    }
}

fn names(v: &[pingshen::sheet::Verdict], zh: bool) -> Vec<String> {
    v.iter().map(|v| v.line(zh)).collect()
}

#[test]
fn judging_a_set_of_files() {
    let (e1, e2, e3) = (expert("E01"), expert("E02"), expert("E03"));
    let ring = keyring(&[&e1, &e2, &e3]);
    let f = |b: pingshen::sheet::SheetBody| {
        let k = match b.expert.as_str() {
            "E01" => &e1,
            "E02" => &e2,
            _ => &e3,
        };
        sheet_file_bytes(&sign_sheet(b, k).unwrap())
    };
    let e1r1 = f(body("E01", 1, 2, 2));
    let e1r2 = f(body("E01", 2, 2, 2));
    let e2r1 = f(body("E02", 1, 2, 2));
    let mut other = body("E03", 4, 2, 2);
    let e3a = f(other.clone());
    other.scores[0].value = 0;
    let e3b = f(other);
    let mut tampered = e2r1.clone();
    let at = tampered.iter().position(|&c| c == b'A').unwrap();
    tampered[at] = b'B';

    let files = vec![
        ("old.json".to_string(), e1r1.clone()),
        ("new.json".to_string(), e1r2.clone()),
        ("e2.json".to_string(), e2r1.clone()),
        ("e2-copy.json".to_string(), e2r1.clone()),
        ("e3a.json".to_string(), e3a),
        ("e3b.json".to_string(), e3b),
        ("bad.json".to_string(), tampered),
    ];
    let v = judge_sheets(&files, DIGEST, &ring);
    assert_eq!(
        names(&v, false),
        vec![
            "old.json: superseded by revision 2 (new.json)",
            "new.json: ok",
            "e2.json: ok",
            "e2-copy.json: ok, identical to e2.json",
            "e3a.json: conflict: expert E03 has a different sheet at revision 4 in e3b.json; keep only one of the two files",
            "e3b.json: conflict: expert E03 has a different sheet at revision 4 in e3a.json; keep only one of the two files",
            "bad.json: altered: the signature does not match its content",
        ]
    );
    assert_eq!(names(&v, true)[0], "old.json：已被第 2 版取代（new.json）");
    assert_eq!(names(&v, true)[6], "bad.json：已被篡改：签名与内容不符");
    let failures: Vec<bool> = v.iter().map(|v| v.is_failure()).collect();
    assert_eq!(failures, [false, false, false, false, true, true, true]);
    let winners: Vec<(String, u64)> = winning_sheets(&v)
        .iter()
        .map(|s| (s.body.expert.clone(), s.body.revision))
        .collect();
    assert_eq!(winners, [("E01".to_string(), 2), ("E02".to_string(), 1)]);

    // The winners do not depend on the order of the files.
    let mut rev = files.clone();
    rev.reverse();
    let v2 = judge_sheets(&rev, DIGEST, &ring);
    let w2: Vec<_> = winning_sheets(&v2).into_iter().cloned().collect();
    let w1: Vec<_> = winning_sheets(&v).into_iter().cloned().collect();
    assert_eq!(w1, w2);
    // Reversed, the copy comes first and stands for both.
    assert!(
        matches!(v2[3].outcome, Outcome::Ok(_)),
        "{}",
        v2[3].line(false)
    );
    assert_eq!(v2[4].line(false), "e2.json: ok, identical to e2-copy.json");
}

#[test]
fn one_line_per_refusal_in_both_languages() {
    let k = expert("E01");
    let ring = keyring(&[&k]);
    let mut foreign = body("E01", 1, 1, 1);
    foreign.campaign = OTHER_DIGEST.into();
    let files = vec![
        ("x.json".to_string(), b"[]".to_vec()),
        (
            "f.json".to_string(),
            sheet_file_bytes(&sign_sheet(foreign, &k).unwrap()),
        ),
        (
            "u.json".to_string(),
            sheet_file_bytes(&sign_sheet(body("E09", 1, 1, 1), &expert("E09")).unwrap()),
        ),
    ];
    let v = judge_sheets(&files, DIGEST, &ring);
    let en = names(&v, false);
    assert!(
        en[0].starts_with("x.json: malformed: not a score sheet"),
        "{}",
        en[0]
    );
    assert_eq!(
        en[1],
        format!("f.json: another campaign: the sheet carries campaign digest 0000000000000000..., this campaign's is {}...", &DIGEST[..16])
    );
    assert_eq!(
        en[2],
        "u.json: unknown key: it is signed with key `E09`, which keys.toml does not list"
    );
    let zh = names(&v, true);
    assert!(zh[0].starts_with("x.json：格式错误"));
    assert!(zh[1].starts_with("f.json：属于其他评审活动"));
    assert_eq!(
        zh[2],
        "u.json：未知密钥：签名所用密钥 E09 不在 keys.toml 中"
    );
    assert!(v.iter().all(|v| v.is_failure()));
}

#[test]
fn a_conflict_below_the_top_revision_is_still_reported() {
    let k = expert("E01");
    let ring = keyring(&[&k]);
    let mut b = body("E01", 1, 1, 2);
    let a = sheet_file_bytes(&sign_sheet(b.clone(), &k).unwrap());
    b.scores[0].value = 7777;
    let c = sheet_file_bytes(&sign_sheet(b, &k).unwrap());
    let top = sheet_file_bytes(&sign_sheet(body("E01", 2, 1, 2), &k).unwrap());
    let files = vec![
        ("a".to_string(), a),
        ("c".to_string(), c),
        ("top".to_string(), top),
    ];
    let v = judge_sheets(&files, DIGEST, &ring);
    assert!(v[0].is_failure() && v[1].is_failure() && !v[2].is_failure());
    assert_eq!(winning_sheets(&v).len(), 1);
    assert_eq!(winning_sheets(&v)[0].body.revision, 2);
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_SHEET_BYTES as u64 + 1).unwrap();
    assert!(matches!(
        pingshen::sheet::read_sheet_file(&path),
        Err(SheetError::TooLarge { .. })
    ));
    assert!(matches!(
        pingshen::sheet::read_sheet_file(&dir.path().join("missing.json")),
        Err(SheetError::Unreadable(_))
    ));
}

/// A merge takes each winning sheet's digest from verification: for SM2 the value the
/// signature is made on, SM3(Z_A || body), which the sm2 crate's own prehash check
/// accepts with the sheet's signature; for Ed25519 the SM3 of the canonical body the merge
/// computes from the parsed body. Whatever the text (quotes, backslashes, CJK, a reason
/// from round 2).
#[test]
fn the_digest_taken_while_verifying_is_the_signed_digest() {
    use base64::Engine as _;
    use pingshen::merge::sheet_digest;
    use pingshen::sheet::judge_sheets_digested;
    use sm2::dsa::signature::hazmat::PrehashVerifier as _;
    for (id, algorithm) in [("E01", Algorithm::Sm2Sm3), ("E02", Algorithm::Ed25519)] {
        let k = key(id, Role::Expert, algorithm);
        let ring = keyring(&[&k]);
        let mut b = body(id, 2, 4, 3);
        b.round = 2;
        b.scores[1].round = 2;
        b.scores[1].reason = "复核后调整：\"引号\" \\ 与 \u{1F600}".to_string();
        b.scores[2].comment = "line\nbreak\ttab".to_string();
        let sheet = sign_sheet(b, &k).unwrap();
        let files = vec![(format!("{id}.json"), sheet_file_bytes(&sheet))];
        let v = judge_sheets_digested(&files, DIGEST, &ring);
        assert!(matches!(v[0].outcome, Outcome::Ok(_)), "{:?}", v[0].outcome);
        let digest = v[0].body_sm3.clone().unwrap();
        match algorithm {
            Algorithm::Sm2Sm3 => {
                use sm2::pkcs8::DecodePublicKey as _;
                let pk = sm2::PublicKey::from_public_key_pem(&k.public_pem()).unwrap();
                let vk = sm2::dsa::VerifyingKey::new("1234567812345678", pk);
                let der = base64::engine::general_purpose::STANDARD
                    .decode(&sheet.signature.value)
                    .unwrap();
                let sig = pingshen::keys::sm2_signature_from_der(&der).unwrap();
                let e = hex::decode(&digest).unwrap();
                assert!(vk.unwrap().verify_prehash(&e, &sig).is_ok());
                assert_ne!(digest, sheet_digest(&sheet.body));
            }
            Algorithm::Ed25519 => assert_eq!(digest, sheet_digest(&sheet.body)),
        }
        // Plain judging does not pay for the hash.
        assert_eq!(judge_sheets(&files, DIGEST, &ring)[0].body_sm3, None);
    }
}

mod streamed_signatures {
    use pingshen::keys::{Algorithm, KeyPair, PublicKey};
    use proptest::prelude::*;

    fn pair(algorithm: Algorithm, seed: u8) -> KeyPair {
        KeyPair::from_seed(algorithm, [seed; 32]).unwrap()
    }

    /// What the streamed check says of `signature` over `msg` cut at `at`.
    fn streamed(pk: &PublicKey, msg: &[u8], at: usize, signature: &[u8]) -> bool {
        let at = at.min(msg.len());
        pk.verify_digest(&pk.digest_parts(&[&msg[..at], &msg[at..]]), signature)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Hashing the message in pieces (SM2: SM3(Z_A || M) in place, then the prehash
        /// check) accepts and refuses exactly what the crates' own `verify` does: valid
        /// signatures, other messages, changed bytes, other keys, damaged signatures.
        #[test]
        fn the_streamed_check_is_the_plain_one(
            msg in prop::collection::vec(any::<u8>(), 0..300),
            other in prop::collection::vec(any::<u8>(), 0..300),
            at in any::<prop::sample::Index>(),
            flip in any::<prop::sample::Index>(),
            bit in 0u8..8,
            seed in 1u8..200,
        ) {
            for algorithm in [Algorithm::Sm2Sm3, Algorithm::Ed25519] {
                let k = pair(algorithm, seed);
                let stranger = pair(algorithm, seed.wrapping_add(1));
                let pk = k.public_key();
                let at = at.index(msg.len() + 1);
                let good = k.sign(&msg).unwrap();
                prop_assert!(pk.verify(&msg, &good));
                prop_assert!(streamed(&pk, &msg, at, &good));
                let mut damaged = good.clone();
                let i = flip.index(damaged.len());
                damaged[i] ^= 1 << bit;
                let mut changed = msg.clone();
                if !changed.is_empty() {
                    let i = flip.index(changed.len());
                    changed[i] ^= 1 << bit;
                }
                let cases: Vec<(&[u8], Vec<u8>)> = vec![
                    (&other, good.clone()),
                    (&changed, good.clone()),
                    (&msg, damaged),
                    (&msg, stranger.sign(&msg).unwrap()),
                    (&msg, k.sign(&other).unwrap()),
                    (&msg, vec![]),
                ];
                for (m, sig) in cases {
                    prop_assert_eq!(pk.verify(m, &sig), streamed(&pk, m, at, &sig));
                }
                // An SM2 digest prepared by another key (another Z_A) does not verify.
                if algorithm == Algorithm::Sm2Sm3 {
                    let theirs = stranger.public_key().digest_parts(&[&msg]);
                    prop_assert!(!pk.verify_digest(&theirs, &good));
                }
            }
        }
    }
}

/// `verify`'s pass over files, which keeps none of their scores, says of every file what
/// judging the fully parsed sheets says: on every one-byte change and removal of a signed
/// sheet (both algorithms), beside copies, a conflict, a superseded revision and a sheet of
/// another campaign.
#[test]
fn the_verify_pass_says_what_judging_says() {
    use pingshen::sheet::glance_sheet_files;
    let dir = tempfile::tempdir().unwrap();
    for (n, k) in [expert("E01"), key("E01", Role::Expert, Algorithm::Ed25519)]
        .into_iter()
        .enumerate()
    {
        let ring = keyring(&[&k]);
        let sign = |b| sheet_file_bytes(&sign_sheet(b, &k).unwrap());
        let good = sign(body("E01", 2, 2, 2));
        let mut other = body("E01", 1, 2, 2);
        other.scores[0].value = 7777;
        let mut foreign = body("E01", 3, 1, 1);
        foreign.campaign = OTHER_DIGEST.to_string();
        let mut contents = vec![
            good.clone(),
            good.clone(),
            sign(body("E01", 1, 2, 2)),
            sign(other),
            sign(body("E01", 0, 1, 0)),
            sign(foreign),
            b"[]".to_vec(),
        ];
        for i in 0..good.len() {
            for replacement in [good[i] ^ 0x01, b'0', b' ', b'"', b'\\', b'A'] {
                if replacement != good[i] {
                    let mut bad = good.clone();
                    bad[i] = replacement;
                    contents.push(bad);
                }
            }
            let mut cut = good.clone();
            cut.remove(i);
            contents.push(cut);
        }
        let mut paths = vec![];
        let mut files = vec![];
        for (i, c) in contents.into_iter().enumerate() {
            let path = dir.path().join(format!("{n}-{i}.json"));
            std::fs::write(&path, &c).unwrap();
            files.push((path.display().to_string(), c));
            paths.push(path);
        }
        let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
        let judged = judge_sheets(&files, DIGEST, &ring);
        for zh in [false, true] {
            let (lines, failed) =
                glance_sheet_files(&paths, &ring, &|| {}).lines(&names, DIGEST, zh);
            assert_eq!(lines, names_of(&judged, zh));
            assert_eq!(failed, judged.iter().any(|v| v.is_failure()));
        }
        // The set holds every kind of verdict.
        let en = names_of(&judged, false).join("\n");
        for said in [
            "ok, identical to",
            "superseded by",
            "conflict:",
            "another campaign",
            "altered",
            "malformed",
            "not canonical",
        ] {
            assert!(en.contains(said), "no `{said}` in\n{en}");
        }
    }
}

fn names_of(v: &[pingshen::sheet::Verdict], zh: bool) -> Vec<String> {
    names(v, zh)
}
