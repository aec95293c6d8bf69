//! The worked example of docs/merge-rules.md, figure by figure: if this fails, the
//! document and the code disagree.

use crate::merge_support;
use merge_support::*;
use pingshen::model::{MergeSettings, Points};
use pingshen::rules::Eligibility;

fn p(points: &[&str]) -> Vec<i64> {
    points
        .iter()
        .map(|v| v.parse::<Points>().unwrap().0)
        .collect()
}

#[test]
fn worked_example() {
    let es = ["E1", "E2", "E3", "E4", "E5"];
    let merge = MergeSettings {
        trim_min_n: 5,
        min_complete: 3,
        divergence: Points::whole(15),
        cut_top_n: Some(1),
        cut_min_score: None,
    };
    let apps = [App("A01", 1, 1), App("A02", 1, 2), App("A03", 1, 1)];
    let c = campaign(&apps, &es, &CRITERIA, merge);
    let rows: [[(&str, Vec<i64>); 3]; 5] = [
        [
            ("A01", p(&["22", "20", "21", "18"])),
            ("A02", p(&["20", "20", "20", "19"])),
            ("A03", p(&["21", "20", "20", "19"])),
        ],
        [
            ("A01", p(&["20", "19", "20", "17"])),
            ("A02", p(&["21", "19", "20", "18"])),
            ("A03", p(&["20", "19", "20", "19"])),
        ],
        [
            ("A01", p(&["24", "23", "22", "21"])),
            ("A02", p(&["22", "20", "21", "18.5"])),
            ("A03", p(&["22", "20", "19", "19"])),
        ],
        [
            ("A01", p(&["18", "17", "19", "16"])),
            ("A02", p(&["25", "25", "25", "25"])),
            ("A03", p(&["20", "20", "19.5", "19"])),
        ],
        [
            ("A01", p(&["21", "20.5", "20", "19"])),
            ("A02", p(&["19", "20", "19", "20"])),
            ("A03", p(&["23", "22", "21"])),
        ],
    ];
    let sheets: Vec<_> = es
        .iter()
        .zip(rows.iter())
        .map(|(e, r)| {
            let r: Vec<(&str, &[i64])> = r.iter().map(|(a, v)| (*a, v.as_slice())).collect();
            sheet_parts(&c, e, &r)
        })
        .collect();
    let mut el = Eligibility::default();
    el.blocked
        .insert(("E4".into(), "A02".into()), vec!["C1".into()]);
    let out = run(&c, &el, &sheets);

    let a01 = app(&out, "A01").figures.clone().unwrap();
    assert_eq!(
        (
            a01.complete,
            a01.trimmed,
            a01.panel_score_exact.as_str(),
            &*a01.panel_score.to_string()
        ),
        (5, true, "23750/3", "79.17")
    );
    assert_eq!(
        (
            &*a01.mean.to_string(),
            &*a01.median.to_string(),
            &*a01.spread.to_string()
        ),
        ("79.50", "80.50", "20.00")
    );
    assert_eq!(a01.criterion_means, ["21.00", "19.90", "20.40", "18.20"]);

    let a02 = app(&out, "A02").figures.clone().unwrap();
    assert_eq!(
        (
            a02.complete,
            a02.trimmed,
            a02.panel_score_exact.as_str(),
            &*a02.panel_score.to_string()
        ),
        (4, false, "15825/2", "79.12")
    );
    assert_eq!(
        (&*a02.median.to_string(), &*a02.spread.to_string()),
        ("78.50", "3.50")
    );
    assert_eq!(a02.criterion_means[0], "20.50");

    let a03 = app(&out, "A03").figures.clone().unwrap();
    assert_eq!(
        (
            a03.complete,
            &*a03.panel_score.to_string(),
            &*a03.median.to_string()
        ),
        (4, "79.12", "79.25")
    );
    assert_eq!(a03.criterion_means[0], "20.75");

    assert_eq!(order(&out, 1), ["A01", "A03", "A02"]);
    assert_eq!(app(&out, "A03").decided_by.as_deref(), Some("score"));
    assert_eq!(
        app(&out, "A02").decided_by.as_deref(),
        Some("criterion:innovation")
    );

    assert_eq!(out.partial_totals[0].expert, "E5");
    assert_eq!(out.partial_totals[0].missing, ["promotion"]);
    assert_eq!(out.dropped[0].rules, ["C1"]);
    assert_eq!(out.divergence_queue.len(), 1);
    assert_eq!(out.divergence_queue[0].application, "A01");
    assert_eq!(out.recommended.len(), 1);
    assert_eq!(out.recommended[0].application, "A01");

    let f = app(&out, "A01").fragility.clone().unwrap();
    assert_eq!(
        (f.min, f.max, f.worst_without.as_deref()),
        (1, 3, Some("E3"))
    );
    let f = app(&out, "A03").fragility.clone().unwrap();
    assert_eq!((f.min, f.max), (1, 3));
    let f = app(&out, "A02").fragility.clone().unwrap();
    assert_eq!((f.min, f.max), (1, 3));

    let e1 = &out.calibration[0];
    let cal: Vec<String> = e1.directions[0]
        .entries
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {:?}",
                e.application, e.total, e.percentile, e.expert_rank, e.official_rank
            )
        })
        .collect();
    assert_eq!(
        cal,
        [
            "A01 81.00 83.33 1 Some(1)",
            "A03 80.00 50.00 2 Some(2)",
            "A02 79.00 16.67 3 Some(3)"
        ]
    );
}
