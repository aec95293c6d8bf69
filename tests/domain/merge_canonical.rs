//! The merge's bytes: sheet digests and output are the sorted-key JSON of their values,
//! and no floating point is anywhere in the merge's source or output.

use crate::merge_support;
use merge_support::*;
use pingshen::merge::{canonical_body, sheet_digest, to_canonical_json};
use pingshen::model::{MergeSettings, Points};
use pingshen::rules::Eligibility;
use pingshen::sheet::{SheetDeclaration, SheetPledge};
use sm3::{Digest, Sm3};

fn via_value<T: serde::Serialize>(t: &T) -> Vec<u8> {
    serde_json::to_vec(&serde_json::to_value(t).unwrap()).unwrap()
}

#[test]
fn sheet_digest_is_sm3_of_the_sorted_value() {
    let c = campaign(
        &[App("A", 1, 1)],
        &["e1"],
        &["c1", "c2"],
        MergeSettings::default(),
    );
    let mut body = sheet(
        &c,
        "e1",
        7,
        &[
            ("A", "c1", 1, 4000),
            ("A", "c1", 2, 4100),
            ("A", "c2", 1, 10),
        ],
    );
    body.scores[0].comment = "方案完整，\"可推广\"\n".into();
    body.scores[1].reason = "复核".into();
    assert_eq!(canonical_body(&body), via_value(&body));
    body.declarations.push(SheetDeclaration {
        application: "A".into(),
        reason: "曾合作".into(),
    });
    body.pledge = Some(SheetPledge {
        text_sm3: "ab".repeat(32),
        at: "2024-03-01T09:00:00+08:00".into(),
    });
    assert_eq!(canonical_body(&body), via_value(&body));
    assert_eq!(
        sheet_digest(&body),
        hex::encode(Sm3::digest(via_value(&body)))
    );
}

#[test]
fn output_bytes_are_the_sorted_value_and_hold_no_floats() {
    let es = ["e1", "e2", "e3", "e4", "e5"];
    let merge = MergeSettings {
        cut_top_n: Some(1),
        cut_min_score: Some(Points::whole(10)),
        divergence: Points::whole(5),
        ..MergeSettings::default()
    };
    let c = campaign(
        &[App("A", 1, 1), App("B", 1, 2), App("C", 2, 1)],
        &es,
        &["c1", "c2"],
        merge,
    );
    let mut sheets: Vec<_> = es
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let v = 1000 + 500 * i as i64;
            sheet(
                &c,
                e,
                1,
                &[
                    ("A", "c1", 1, v),
                    ("A", "c2", 1, v),
                    ("A", "c1", 2, v + 1),
                    ("B", "c1", 1, v),
                    ("C", "c1", 1, 7),
                    ("C", "c2", 1, 9),
                ],
            )
        })
        .collect();
    sheets[0].scores[0].comment = "好".into();
    sheets[1] = declare(sheets[1].clone(), "C", "亲属");
    let mut el = Eligibility::default();
    el.overridden
        .insert(("e3".into(), "A".into()), "已核实".into());
    el.blocked
        .insert(("e4".into(), "A".into()), vec!["C2".into()]);
    let out = run_rounds(&c, &el, &sheets, &[("p1".into(), 2)]);
    assert!(!out.changes.is_empty() && out.cut.is_some() && !out.partial_totals.is_empty());
    let bytes = to_canonical_json(&out);
    assert_eq!(bytes, via_value(&out));
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    fn no_float(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Number(n) => !n.is_f64(),
            serde_json::Value::Array(a) => a.iter().all(no_float),
            serde_json::Value::Object(o) => o.values().all(no_float),
            _ => true,
        }
    }
    assert!(no_float(&value));
    let back: pingshen::merge::MergeOutput = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, out);
}

#[test]
fn no_floating_point_in_the_merge_source() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/merge");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for bad in ["f32", "f64", "as_f64", "from_f64"] {
            assert!(!text.contains(bad), "{} mentions {bad}", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 5);
}
