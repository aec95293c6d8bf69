//! Merge invariants over random small campaigns: the set of inputs decides the bytes,
//! fragility is what re-merging without each expert gives, and an empty sheet is inert.

use crate::merge_support;
use merge_support::*;
use pingshen::merge::{
    merge, merge_canonical, to_canonical_json, MergeInput, MergeOutput, SupersededSheet,
};
use pingshen::model::{Campaign, MergeSettings, Points};
use pingshen::rules::Eligibility;
use pingshen::sheet::SheetBody;
use proptest::prelude::*;
use std::collections::BTreeMap;

const EXPERTS: [&str; 6] = ["e1", "e2", "e3", "e4", "e5", "e6"];
const IDS: [&str; 7] = ["A", "B", "C", "D", "E", "F", "G"];

#[derive(Debug, Clone)]
struct Case {
    apps: Vec<(u8, u32)>,
    experts: usize,
    /// Per expert, per application: None (no scores) or per-criterion Option values.
    scores: Vec<Vec<Option<[Option<i64>; 2]>>>,
    blocked: Vec<(usize, usize)>,
    failed: Vec<usize>,
    trim: u32,
    older: Vec<usize>,
    cut_top_n: Option<u32>,
}

fn value() -> impl Strategy<Value = i64> {
    prop_oneof![3 => prop::sample::select(vec![1000i64, 2000, 2500, 3000]), 1 => 0i64..=5000]
}

fn cell() -> impl Strategy<Value = Option<[Option<i64>; 2]>> {
    prop_oneof![
        1 => Just(None),
        6 => (value(), value()).prop_map(|(a, b)| Some([Some(a), Some(b)])),
        1 => value().prop_map(|a| Some([Some(a), None])),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..=7, 3usize..=6).prop_flat_map(|(n_apps, n_exp)| {
        (
            prop::collection::vec((1u8..=2, 1u32..=3), n_apps),
            prop::collection::vec(prop::collection::vec(cell(), n_apps), n_exp),
            prop::collection::vec((0..n_exp, 0..n_apps), 0..3),
            prop::collection::vec(0..n_apps, 0..2),
            3u32..=5,
            prop::collection::vec(0..n_exp, 0..3),
            prop::option::of(1u32..=3),
        )
            .prop_map(
                move |(apps, scores, blocked, failed, trim, older, cut_top_n)| Case {
                    apps,
                    experts: n_exp,
                    scores,
                    blocked,
                    failed,
                    trim,
                    older,
                    cut_top_n,
                },
            )
    })
}

struct Built {
    campaign: Campaign,
    eligibility: Eligibility,
    sheets: Vec<SheetBody>,
    older: Vec<SheetBody>,
}

fn build(case: &Case) -> Built {
    let apps: Vec<App> = case
        .apps
        .iter()
        .enumerate()
        .map(|(i, &(d, p))| App(IDS[i], d, p))
        .collect();
    let mut experts: Vec<&str> = EXPERTS[..case.experts].to_vec();
    experts.push("ez");
    let merge = MergeSettings {
        trim_min_n: case.trim,
        divergence: Points::whole(20),
        cut_top_n: case.cut_top_n,
        ..MergeSettings::default()
    };
    let campaign = campaign(&apps, &experts, &["c1", "c2"], merge);
    let mut eligibility = Eligibility::default();
    for &(e, a) in &case.blocked {
        eligibility
            .blocked
            .insert((EXPERTS[e].into(), IDS[a].into()), vec!["C3".into()]);
    }
    for &a in &case.failed {
        eligibility
            .failed
            .insert(IDS[a].into(), ("未建成".into(), "not built".into()));
    }
    let mut sheets = Vec::new();
    for (e, row) in case.scores.iter().enumerate() {
        let mut scores = Vec::new();
        for (a, cell) in row.iter().enumerate() {
            let Some(cell) = cell else { continue };
            for (k, v) in ["c1", "c2"].iter().zip(cell) {
                if let Some(v) = v {
                    scores.push((IDS[a], *k, 1, *v));
                }
            }
        }
        sheets.push(sheet(&campaign, EXPERTS[e], 5, &scores));
    }
    let older = case
        .older
        .iter()
        .map(|&e| sheet(&campaign, EXPERTS[e], 4, &[(IDS[0], "c1", 1, 4242)]))
        .collect();
    Built {
        campaign,
        eligibility,
        sheets,
        older,
    }
}

fn run_with(b: &Built, sheets: &[SheetBody], superseded: &[SupersededSheet]) -> MergeOutput {
    merge(&MergeInput {
        campaign: &b.campaign,
        eligibility: &b.eligibility,
        rounds: &[],
        decisions: &["d2".into(), "d1".into()],
        decision_records: &[],
        sheets,
        digests: None,
        superseded,
    })
    .unwrap()
}

fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        v.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

fn ranks(out: &MergeOutput) -> BTreeMap<String, u32> {
    out.directions
        .iter()
        .flat_map(|d| d.ranking.iter())
        .filter_map(|a| Some((a.application.clone(), a.rank?)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn same_set_same_bytes(case in case(), seed in 1u64.., dups in prop::collection::vec(0usize..16, 0..4)) {
        let b = build(&case);
        let mut all: Vec<SheetBody> = b.sheets.iter().chain(b.older.iter()).cloned().collect();
        let sup_a: Vec<SupersededSheet> = vec![SupersededSheet { expert: "e1".into(), revision: 2, file: "a.json".into() }];
        let first = to_canonical_json(&run_with(&b, &all, &sup_a));
        for d in dups {
            let copy = all[d % all.len()].clone();
            all.push(copy);
        }
        shuffle(&mut all, seed);
        let sup_b: Vec<SupersededSheet> = vec![
            SupersededSheet { expert: "e1".into(), revision: 2, file: "renamed.json".into() },
            SupersededSheet { expert: "e1".into(), revision: 2, file: "copy/renamed.json".into() },
        ];
        let out = run_with(&b, &all, &sup_b);
        let second = to_canonical_json(&out);
        prop_assert_eq!(&first, &second);
        // The canonical bytes are those of the sorted-key value tree.
        let via_value = serde_json::to_vec(&serde_json::to_value(&out).unwrap()).unwrap();
        prop_assert_eq!(&second, &via_value);
    }

    #[test]
    fn fragility_is_leaving_each_expert_out(case in case()) {
        let b = build(&case);
        let out = run_with(&b, &b.sheets, &[]);
        let official = ranks(&out);
        let mut lo = official.clone();
        let mut hi = official.clone();
        let mut gone: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for left_out in &b.sheets {
            let rest: Vec<SheetBody> =
                b.sheets.iter().filter(|s| s.expert != left_out.expert).cloned().collect();
            let r = ranks(&run_with(&b, &rest, &[]));
            for app in official.keys() {
                match r.get(app) {
                    Some(&x) => {
                        lo.insert(app.clone(), lo[app].min(x));
                        hi.insert(app.clone(), hi[app].max(x));
                    }
                    None => gone.entry(app.clone()).or_default().push(left_out.expert.clone()),
                }
            }
        }
        for d in &out.directions {
            for a in &d.ranking {
                let f = a.fragility.as_ref().unwrap();
                prop_assert_eq!(f.min, lo[&a.application], "min of {}", a.application);
                prop_assert_eq!(f.max, hi[&a.application], "max of {}", a.application);
                let expect = gone.get(&a.application).cloned().unwrap_or_default();
                prop_assert_eq!(&f.unranked_without, &expect);
            }
        }
    }

    #[test]
    fn an_empty_sheet_changes_no_score_and_no_rank(case in case()) {
        let b = build(&case);
        let before = run_with(&b, &b.sheets, &[]);
        let mut sheets = b.sheets.clone();
        sheets.push(sheet(&b.campaign, "ez", 1, &[]));
        let after = run_with(&b, &sheets, &[]);
        prop_assert_eq!(&before.directions, &after.directions);
        prop_assert_eq!(&before.recommended, &after.recommended);
        prop_assert_eq!(&before.divergence_queue, &after.divergence_queue);
        prop_assert_eq!(&before.dropped, &after.dropped);
        prop_assert_eq!(after.sheets.len(), before.sheets.len() + 1);
    }

    /// A merge written straight to its bytes gives the bytes of its records, on every kind
    /// of expert row: comments and reasons (quotes, escapes, CJK), partial rows, blocked
    /// and overridden pairs, a second round shown against the first.
    #[test]
    fn written_straight_is_the_records_bytes(
        case in case(),
        texts in prop::collection::vec(
            prop::sample::select(vec!["", "好", "say \"why\"\n", "\\", "\u{1}"]),
            1..6,
        ),
        round2 in any::<bool>(),
        overrides in 0usize..3,
    ) {
        let mut b = build(&case);
        for (i, s) in b.sheets.iter_mut().flat_map(|s| s.scores.iter_mut()).enumerate() {
            s.comment = texts[i % texts.len()].to_string();
            if round2 && i % 3 == 0 {
                s.round = 2;
                s.reason = texts[(i + 1) % texts.len()].to_string();
            }
        }
        let blocked: Vec<_> = b.eligibility.blocked.keys().take(overrides).cloned().collect();
        for pair in blocked {
            b.eligibility.overridden.insert(pair, "已核实".into());
        }
        let rounds = if round2 { vec![("p1".to_string(), 2)] } else { vec![] };
        let input = MergeInput {
            campaign: &b.campaign,
            eligibility: &b.eligibility,
            rounds: &rounds,
            decisions: &["d1".into()],
            decision_records: &[],
            sheets: &b.sheets,
            digests: None,
            superseded: &[],
        };
        let mut written = Vec::new();
        let straight = merge_canonical(&input, &mut |piece| written.extend_from_slice(&piece));
        match (merge(&input), straight) {
            (Ok(out), Ok(straight)) => {
                prop_assert!(straight.whole);
                prop_assert_eq!(written, to_canonical_json(&out));
                let ranked: usize = out.directions.iter().map(|d| d.ranking.len()).sum();
                prop_assert_eq!(straight.ranked, ranked);
                prop_assert_eq!(straight.failed, out.failed.len());
                prop_assert_eq!(straight.to_discuss, out.divergence_queue.len());
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "one merged and the other did not: {:?} / {:?}", a.err(), b.err()),
        }
    }
}
