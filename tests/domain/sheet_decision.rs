//! Signed decisions and signed package manifests.

use crate::sheet_support;
use pingshen::keys::{Algorithm, SignatureError};
use pingshen::model::{Date, Decision, PanelDraw, Role, Ruling, TriageVerdict};
use pingshen::sheet::{
    decision_file_bytes, is_canonical, sign_decision, sign_package_manifest, verify_decision,
    verify_decision_in, verify_package_manifest, DecisionError, SignError, SignedDecision,
};
use sheet_support::{expert, key, keyring, DIGEST, OTHER_DIGEST};

fn decision(ruling: Ruling, role: Role, by: &str) -> Decision {
    Decision {
        campaign: DIGEST.to_string(),
        ruling,
        reason: "材料齐全".to_string(),
        role,
        by: by.to_string(),
        date: Date::new(2024, 3, 2).unwrap(),
        supersedes: None,
    }
}

fn triage() -> Ruling {
    Ruling::Triage {
        application: "A0001".into(),
        verdict: TriageVerdict::Pass,
    }
}

#[test]
fn chair_and_secretariat_decisions_verify() {
    let s = key("S01", Role::Secretariat, Algorithm::Sm2Sm3);
    let c = key("C01", Role::Chair, Algorithm::Ed25519);
    let ring = keyring(&[&s, &c, &expert("E01")]);

    let d = decision(triage(), Role::Secretariat, "S01");
    let bytes = decision_file_bytes(&sign_decision(d.clone(), &s).unwrap()).unwrap();
    assert!(is_canonical(&bytes));
    assert_eq!(verify_decision(&bytes, &ring).unwrap(), d);
    assert_eq!(verify_decision_in(&bytes, DIGEST, &ring).unwrap(), d);
    assert!(matches!(
        verify_decision_in(&bytes, OTHER_DIGEST, &ring),
        Err(DecisionError::ForeignCampaign { .. })
    ));

    let draw = decision(
        Ruling::Draw {
            seed: 42,
            panels: vec![PanelDraw {
                panel: "P1".into(),
                experts: vec!["E01".into(), "E02".into()],
                reserves: vec![],
            }],
        },
        Role::Secretariat,
        "S01",
    );
    let bytes = decision_file_bytes(&sign_decision(draw.clone(), &s).unwrap()).unwrap();
    assert_eq!(verify_decision(&bytes, &ring).unwrap(), draw);

    let ov = decision(
        Ruling::Override {
            rule: "C3".into(),
            application: "A0001".into(),
            expert: Some("E01".into()),
        },
        Role::Chair,
        "C01",
    );
    let bytes = decision_file_bytes(&sign_decision(ov.clone(), &c).unwrap()).unwrap();
    assert_eq!(verify_decision(&bytes, &ring).unwrap(), ov);
}

#[test]
fn a_decision_signed_with_an_expert_key_is_refused() {
    let e = expert("E01");
    let ring = keyring(&[&e]);
    // pingshen itself will not sign it ...
    let d = decision(triage(), Role::Secretariat, "E01");
    assert!(matches!(
        sign_decision(d.clone(), &e),
        Err(SignError::WrongRole { .. })
    ));
    // ... and a file signed by other means is refused on reading.
    let sig = e
        .sign(&pingshen::sheet::canonical_bytes(&d).unwrap())
        .unwrap();
    let bytes = decision_file_bytes(&SignedDecision {
        decision: d,
        signature: sig,
    })
    .unwrap();
    let err = verify_decision(&bytes, &ring).unwrap_err();
    assert_eq!(err, DecisionError::ExpertKey { key: "E01".into() });
    assert_eq!(
        err.to_string(),
        "refused: it is signed with expert key `E01`; decisions are signed by the chair or the secretariat"
    );
    assert!(err.zh().contains("专家密钥"));
}

#[test]
fn signer_role_and_content_must_agree() {
    let s = key("S01", Role::Secretariat, Algorithm::Sm2Sm3);
    let s2 = key("S02", Role::Secretariat, Algorithm::Sm2Sm3);
    let c = key("C01", Role::Chair, Algorithm::Sm2Sm3);
    let ring = keyring(&[&s, &s2, &c]);

    // `by` must be the signing key.
    assert!(matches!(
        sign_decision(decision(triage(), Role::Secretariat, "S02"), &s),
        Err(SignError::NotSigner { .. })
    ));
    // Only the chair overrides; the secretariat triages.
    let ov = Ruling::Override {
        rule: "E5".into(),
        application: "A0001".into(),
        expert: None,
    };
    assert!(sign_decision(decision(ov.clone(), Role::Secretariat, "S01"), &s).is_err());
    assert!(sign_decision(decision(triage(), Role::Chair, "C01"), &c).is_err());
    let mut no_reason = decision(ov, Role::Chair, "C01");
    no_reason.reason = " ".into();
    assert!(sign_decision(no_reason, &c).is_err());

    // A signed decision whose author is changed afterwards.
    let signed = sign_decision(decision(triage(), Role::Secretariat, "S01"), &s).unwrap();
    let mut relabelled = signed.clone();
    relabelled.decision.by = "S02".into();
    let bytes = decision_file_bytes(&relabelled).unwrap();
    assert!(matches!(
        verify_decision(&bytes, &ring),
        Err(DecisionError::NotSigner { .. })
    ));
    // ... or signed with another secretariat key's name put on it.
    let mut resigned = signed.clone();
    resigned.signature.key = "S02".into();
    resigned.decision.by = "S02".into();
    assert!(matches!(
        verify_decision(&decision_file_bytes(&resigned).unwrap(), &ring),
        Err(DecisionError::Signature(SignatureError::Mismatch { .. }))
    ));
    // Content changed after signing.
    let mut altered = signed.clone();
    altered.decision.reason = "材料不全".into();
    assert!(matches!(
        verify_decision(&decision_file_bytes(&altered).unwrap(), &ring),
        Err(DecisionError::Signature(SignatureError::Mismatch { .. }))
    ));
    // Pretty-printed: not canonical.
    let pretty = serde_json::to_vec_pretty(&signed).unwrap();
    assert!(matches!(
        verify_decision(&pretty, &ring),
        Err(DecisionError::NotCanonical { .. })
    ));
    // A secretariat-role decision presented under the chair's key.
    let mut as_chair = signed;
    as_chair.signature.key = "C01".into();
    as_chair.decision.by = "C01".into();
    assert!(matches!(
        verify_decision(&decision_file_bytes(&as_chair).unwrap(), &ring),
        Err(DecisionError::RoleMismatch { .. })
    ));
}

#[test]
fn package_manifests_are_signed_by_the_secretariat() {
    let s = key("S01", Role::Secretariat, Algorithm::Sm2Sm3);
    let c = key("C01", Role::Chair, Algorithm::Sm2Sm3);
    let ring = keyring(&[&s, &c]);
    let manifest = b"expert = \"E01\"\nfull_digest = \"abc\"\n";
    let sig = sign_package_manifest(manifest, &s).unwrap();
    verify_package_manifest(manifest, &sig, &ring).unwrap();
    assert!(matches!(
        verify_package_manifest(b"expert = \"E02\"\n", &sig, &ring),
        Err(SignatureError::Mismatch { .. })
    ));
    assert!(matches!(
        sign_package_manifest(manifest, &c),
        Err(SignError::WrongRole { .. })
    ));
    let chair_sig = c.sign(manifest).unwrap();
    assert!(matches!(
        verify_package_manifest(manifest, &chair_sig, &ring),
        Err(SignatureError::WrongRole {
            role: Role::Chair,
            ..
        })
    ));
}

/// An E6 confirmation or dismissal names the pair, a C5 one the expert: one naming the
/// application alone would rule on no one suspicion and silently compete with the pair's
/// own decisions, so pingshen signs none and no reader takes one signed by other means.
#[test]
fn a_suspicion_ruled_on_one_application_alone_is_refused() {
    let s = key("S01", Role::Secretariat, Algorithm::Sm2Sm3);
    let ring = keyring(&[&s]);
    for (rule, other, expert, flag) in [
        ("E6", None, None, "--other ID"),
        ("E6", None, Some("E01"), "--other ID"),
        ("C5", Some("A0002"), None, "--expert ID"),
    ] {
        let d = decision(
            Ruling::Dismiss {
                rule: rule.into(),
                application: "A0001".into(),
                other: other.map(Into::into),
                expert: expert.map(Into::into),
            },
            Role::Secretariat,
            "S01",
        );
        assert!(matches!(
            sign_decision(d.clone(), &s),
            Err(SignError::Invalid(_))
        ));
        let sig = s
            .sign(&pingshen::sheet::canonical_bytes(&d).unwrap())
            .unwrap();
        let bytes = decision_file_bytes(&SignedDecision {
            decision: d,
            signature: sig,
        })
        .unwrap();
        let err = verify_decision(&bytes, &ring).unwrap_err();
        assert!(matches!(err, DecisionError::Unpaired { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("refused: it rules on {rule} for A0001 alone, but {rule} is ruled on pair by pair (`pingshen decide dismiss {rule} A0001 {flag}`)")
        );
        assert!(err.zh().contains("逐对作出决定"), "{}", err.zh());
    }
    // With the pair named, it verifies.
    let paired = decision(
        Ruling::Confirm {
            rule: "E6".into(),
            application: "A0001".into(),
            other: Some("A0002".into()),
            expert: None,
        },
        Role::Secretariat,
        "S01",
    );
    let bytes = decision_file_bytes(&sign_decision(paired.clone(), &s).unwrap()).unwrap();
    assert_eq!(verify_decision(&bytes, &ring).unwrap(), paired);
}
