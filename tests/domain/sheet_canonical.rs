//! Canonical JSON (RFC 8785) and SM3 against the standards' own examples.

use crate::sheet_support;
use pingshen::sheet::{
    canonical_bytes, canonical_value_bytes, is_canonical, sheet_file_bytes, sign_sheet,
    CanonicalError, Sheet, SheetBody, SheetDeclaration, SheetScore, SHEET_FORMAT,
};
use proptest::prelude::*;
use serde_json::{json, Value};
use sm3::{Digest, Sm3};

/// RFC 8785 §3.2.3: keys sorted by UTF-16 code units (the emoji's surrogates sort before
/// U+FB33, although its UTF-8 bytes sort after).
#[test]
fn rfc8785_key_order() {
    let input = r#"{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
    }"#;
    let v: Value = serde_json::from_str(input).unwrap();
    let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
        \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\
        \"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
    assert_eq!(
        String::from_utf8(canonical_value_bytes(&v).unwrap()).unwrap(),
        expected
    );
    assert!(is_canonical(expected.as_bytes()));
}

/// RFC 8785 §3.2.2.2: string escapes.
#[test]
fn rfc8785_string_escapes() {
    let v: Value =
        serde_json::from_str(r#""\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/""#).unwrap();
    let out = canonical_value_bytes(&v).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\"\u{20ac}$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\""
    );
    let v = json!({"b": [true, false, null, -12, 0], "a": {"z": "", "y": "\u{7f}\t\u{2028}"}});
    assert_eq!(
        String::from_utf8(canonical_bytes(&v).unwrap()).unwrap(),
        "{\"a\":{\"y\":\"\u{7f}\\t\u{2028}\",\"z\":\"\"},\"b\":[true,false,null,-12,0]}"
    );
}

#[test]
fn fractions_and_huge_integers_are_refused() {
    assert!(matches!(
        canonical_bytes(&json!({"a": [1, 2.5]})),
        Err(CanonicalError::Fraction { path, .. }) if path == "$.a[1]"
    ));
    assert!(matches!(
        canonical_bytes(&json!({"n": 1u64 << 53})),
        Err(CanonicalError::Integer { .. })
    ));
    assert!(canonical_bytes(&json!({"n": (1i64 << 53) - 1, "m": -((1i64 << 53) - 1)})).is_ok());
    for bad in [
        &b"{\"b\":1,\"a\":2}"[..],
        b"{\"a\":1.0}",
        b"{\"a\":1e2}",
        b"{\"a\": 1}",
        b"{\"a\":1}\n",
        b"{\"a\":\"\\u00e9\"}",
        b"{\"a\":\"\\/\"}",
        b"{\"a\":1,\"a\":1}",
        b"{\"a\":-0}",
        b"not json",
    ] {
        assert!(!is_canonical(bad), "{}", String::from_utf8_lossy(bad));
    }
    assert!(is_canonical(b"{\"a\":[],\"b\":{},\"c\":\"\xc3\xa9\"}"));
}

/// GB/T 32905-2016 Appendix A.
#[test]
fn sm3_standard_vectors() {
    assert_eq!(
        hex::encode(Sm3::digest(b"abc")),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
    assert_eq!(
        hex::encode(Sm3::digest(b"abcd".repeat(16))),
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    );
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9]{0,6}",
        "\\PC{0,8}",
        proptest::collection::vec(any::<char>(), 0..6).prop_map(|v| v.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The hand-ordered sheet writer is the generic RFC 8785 output, whatever the text.
    #[test]
    fn sheet_writer_is_canonical(
        expert in "[A-Z][0-9]{2}",
        rows in proptest::collection::vec((arb_text(), arb_text(), 0i64..10_000, arb_text(), arb_text()), 0..6),
        decl in proptest::collection::vec((arb_text(), arb_text()), 0..3),
        revision in 0u64..1_000_000,
    ) {
        let scores = rows.into_iter().map(|(a, c, v, comment, reason)| SheetScore {
            application: a.into(), criterion: c.into(), round: 1, value: v, comment, reason,
        }).collect();
        let declarations = decl.into_iter().map(|(a, r)| SheetDeclaration { application: a, reason: r }).collect();
        let body = SheetBody {
            format: SHEET_FORMAT, campaign: "d".into(), expert: expert.clone(), revision, round: 1,
            scores, declarations, pledge: None,
        };
        prop_assert_eq!(body.signed_bytes(), canonical_bytes(&body).unwrap());
        let sheet = Sheet { body, signature: pingshen::sheet::Signature {
            algorithm: "sm2-sm3".into(), key: expert, value: "AA==".into() } };
        let bytes = sheet_file_bytes(&sheet);
        prop_assert_eq!(&bytes, &canonical_bytes(&sheet).unwrap());
        prop_assert!(is_canonical(&bytes));
        let back: Sheet = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(back, sheet);
    }
}

#[test]
fn a_real_sheet_is_canonical() {
    let k = sheet_support::expert("E01");
    let s = sign_sheet(sheet_support::body("E01", 1, 3, 4), &k).unwrap();
    assert!(is_canonical(&sheet_file_bytes(&s)));
}
