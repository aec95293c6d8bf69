//! Hand-worked merges pinning each rule of docs/merge-rules.md.

use crate::merge_support;
use merge_support::*;
use pingshen::merge::{merge, Decimal, DropKind, Flag, MergeError, MergeInput, SupersededSheet};
use pingshen::model::{MergeSettings, Panel, Points};
use pingshen::rules::Eligibility;

const TWO: [&str; 2] = ["c1", "c2"];
const THREE: [&str; 3] = ["c1", "c2", "c3"];

fn ms() -> MergeSettings {
    MergeSettings::default()
}

#[test]
fn trimmed_mean_and_odd_median() {
    let es = ["e1", "e2", "e3", "e4", "e5"];
    let c = campaign(&[App("A", 1, 1)], &es, &TWO, ms());
    let parts: [[i64; 2]; 5] = [
        [3000, 3000],
        [3500, 3500],
        [4000, 4000],
        [4500, 4500],
        [4750, 4750],
    ];
    let sheets: Vec<_> = es
        .iter()
        .zip(parts.iter())
        .map(|(e, p)| sheet_parts(&c, e, &[("A", p)]))
        .collect();
    let out = run(&c, &Eligibility::default(), &sheets);
    let f = app(&out, "A").figures.clone().unwrap();
    // Totals 60, 70, 80, 90, 95: five reach trim_min_n, so 60 and 95 go.
    assert!(f.trimmed);
    assert_eq!(f.panel_score, "80.00");
    assert_eq!(f.panel_score_exact, "8000");
    assert_eq!(f.mean, "79.00");
    assert_eq!(f.median, "80.00");
    assert_eq!(f.spread, "35.00");
    assert_eq!(f.criterion_means, vec!["39.50", "39.50"]);
    assert_eq!(f.complete, 5);
    let totals: Vec<_> = app(&out, "A")
        .experts
        .iter()
        .map(|r| r.total.unwrap())
        .collect();
    assert_eq!(totals, vec!["60.00", "70.00", "80.00", "90.00", "95.00"]);
}

#[test]
fn below_trim_min_n_the_plain_mean_counts_and_even_median_halves() {
    let es = ["e1", "e2", "e3", "e4"];
    let c = campaign(&[App("A", 1, 1), App("B", 1, 2)], &es, &TWO, ms());
    // A: totals 60.00, 70.01, 80.00, 90.00; B: 60.00, 70.03, 80.00, 90.00.
    let a = [[3000, 3000], [3500, 3501], [4000, 4000], [4500, 4500]];
    let b = [[3000, 3000], [3500, 3503], [4000, 4000], [4500, 4500]];
    let sheets: Vec<_> = es
        .iter()
        .enumerate()
        .map(|(i, e)| sheet_parts(&c, e, &[("A", &a[i]), ("B", &b[i])]))
        .collect();
    let out = run(&c, &Eligibility::default(), &sheets);
    let fa = app(&out, "A").figures.clone().unwrap();
    assert!(!fa.trimmed);
    // 300.01 / 4 = 75.0025 rounds down; the median (70.01 + 80) / 2 = 75.005 is a tie
    // that goes to the even 75.00.
    assert_eq!(fa.mean, "75.00");
    assert_eq!(fa.panel_score_exact, "30001/4");
    assert_eq!(fa.median, "75.00");
    // (70.03 + 80) / 2 = 75.015: the tie goes up to the even 75.02.
    let fb = app(&out, "B").figures.clone().unwrap();
    assert_eq!(fb.median, "75.02");
}

#[test]
fn half_to_even_once_at_output() {
    let es = ["e1", "e2"];
    let c = campaign(&[App("A", 1, 1), App("B", 1, 1)], &es, &TWO, ms());
    let sheets = vec![
        sheet_parts(&c, "e1", &[("A", &[4000, 4001]), ("B", &[4000, 4002])]),
        sheet_parts(&c, "e2", &[("A", &[4000, 4002]), ("B", &[4000, 4003])]),
    ];
    let out = run(&c, &Eligibility::default(), &sheets);
    // A: (80.01 + 80.02) / 2 = 80.015 -> 80.02 (even); B: 80.025 -> 80.02 (even).
    assert_eq!(
        app(&out, "A").figures.as_ref().unwrap().panel_score,
        "80.02"
    );
    assert_eq!(
        app(&out, "B").figures.as_ref().unwrap().panel_score,
        "80.02"
    );
    // The rounded figures are equal, the exact ones are not: B ranks first.
    assert_eq!(order(&out, 1), vec!["B", "A"]);
    assert_eq!(app(&out, "A").decided_by.as_deref(), Some("score"));
}

#[test]
fn partial_totals_are_left_out_and_listed() {
    let es = ["e1", "e2", "e3"];
    let c = campaign(&[App("A", 1, 1)], &es, &TWO, ms());
    let sheets = vec![
        sheet_parts(&c, "e1", &[("A", &[4000, 4000])]),
        sheet_parts(&c, "e2", &[("A", &[3000, 3000])]),
        sheet(&c, "e3", 1, &[("A", "c1", 1, 1000)]),
    ];
    let out = run(&c, &Eligibility::default(), &sheets);
    let a = app(&out, "A");
    let f = a.figures.as_ref().unwrap();
    assert_eq!((f.complete, &*f.mean.to_string()), (2, "70.00"));
    assert!(a.flags.contains(&Flag::PartialTotals));
    assert!(
        a.flags.contains(&Flag::Incomplete),
        "2 complete totals < min_complete 3"
    );
    let row = a.experts.iter().find(|r| r.expert == "e3").unwrap();
    assert_eq!(row.total, None);
    assert_eq!(row.missing, vec!["c2"]);
    assert_eq!(row.scores, vec![Some(Decimal(1000)), None]);
    assert_eq!(out.partial_totals.len(), 1);
    assert_eq!(out.partial_totals[0].expert, "e3");
    assert_eq!(out.partial_totals[0].missing, vec!["c2"]);
}

fn tie_case(a: (&[i64], u32), b: (&[i64], u32)) -> (Vec<String>, Option<String>) {
    let es = ["e1", "e2", "e3"];
    let c = campaign(&[App("A", 1, a.1), App("B", 1, b.1)], &es, &THREE, ms());
    let sheets: Vec<_> = es
        .iter()
        .map(|e| sheet_parts(&c, e, &[("A", a.0), ("B", b.0)]))
        .collect();
    let out = run(&c, &Eligibility::default(), &sheets);
    let ord = order(&out, 1);
    let second = app(&out, &ord[1]).decided_by.clone();
    (ord, second)
}

#[test]
fn tie_break_first_criterion() {
    let (ord, by) = tie_case((&[4000, 2000, 2000], 1), (&[5000, 1500, 1500], 1));
    assert_eq!(ord, vec!["B", "A"]);
    assert_eq!(by.as_deref(), Some("criterion:c1"));
}

#[test]
fn tie_break_second_criterion() {
    let (ord, by) = tie_case((&[4000, 2000, 2000], 1), (&[4000, 2500, 1500], 1));
    assert_eq!(ord, vec!["B", "A"]);
    assert_eq!(by.as_deref(), Some("criterion:c2"));
}

#[test]
fn tie_break_priority() {
    let (ord, by) = tie_case((&[4000, 2000, 2000], 2), (&[4000, 2000, 2000], 1));
    assert_eq!(ord, vec!["B", "A"]);
    assert_eq!(by.as_deref(), Some("priority"));
}

#[test]
fn tie_break_id() {
    let (ord, by) = tie_case((&[4000, 2000, 2000], 1), (&[4000, 2000, 2000], 1));
    assert_eq!(ord, vec!["A", "B"]);
    assert_eq!(by.as_deref(), Some("id"));
}

#[test]
fn tie_break_uses_plain_means_not_trimmed_ones() {
    // Trimmed scores tie at 60 for both; A's plain c1 mean (with the dropped extremes
    // back in) is higher.
    let es = ["e1", "e2", "e3", "e4", "e5"];
    let c = campaign(&[App("A", 1, 1), App("B", 1, 1)], &es, &TWO, ms());
    let a = [
        [5000, 0],
        [3000, 3000],
        [3000, 3000],
        [3000, 3000],
        [3000, 4000],
    ];
    let b = [
        [1000, 3000],
        [3000, 3000],
        [3000, 3000],
        [3000, 3000],
        [3000, 4000],
    ];
    let sheets: Vec<_> = es
        .iter()
        .enumerate()
        .map(|(i, e)| sheet_parts(&c, e, &[("A", &a[i]), ("B", &b[i])]))
        .collect();
    let out = run(&c, &Eligibility::default(), &sheets);
    assert_eq!(
        app(&out, "A").figures.as_ref().unwrap().panel_score_exact,
        "6000"
    );
    assert_eq!(
        app(&out, "B").figures.as_ref().unwrap().panel_score_exact,
        "6000"
    );
    assert_eq!(order(&out, 1), vec!["A", "B"]);
    assert_eq!(app(&out, "B").decided_by.as_deref(), Some("criterion:c1"));
}

fn cut_campaign(top: Option<u32>, min: Option<i64>) -> pingshen::merge::MergeOutput {
    let es = ["e1", "e2", "e3"];
    let merge = MergeSettings {
        cut_top_n: top,
        cut_min_score: min.map(Points),
        ..ms()
    };
    let apps = [
        App("A", 1, 1),
        App("B", 1, 2),
        App("C", 1, 3),
        App("D", 1, 4),
        App("X", 2, 1),
    ];
    let c = campaign(&apps, &es, &TWO, merge);
    let sheets: Vec<_> = es
        .iter()
        .map(|e| {
            sheet_parts(
                &c,
                e,
                &[
                    ("A", &[4500, 4500]),
                    ("B", &[4000, 4000]),
                    ("C", &[3500, 3500]),
                    ("D", &[3000, 3000]),
                    ("X", &[2000, 2000]),
                ],
            )
        })
        .collect();
    run(&c, &Eligibility::default(), &sheets)
}

fn recommended(out: &pingshen::merge::MergeOutput) -> Vec<String> {
    out.recommended
        .iter()
        .map(|r| r.application.clone())
        .collect()
}

#[test]
fn cut_line_top_n_per_direction() {
    let out = cut_campaign(Some(2), None);
    assert_eq!(recommended(&out), vec!["A", "B", "X"]);
    assert!(app(&out, "B").recommended && !app(&out, "C").recommended);
}

#[test]
fn cut_line_min_score() {
    let out = cut_campaign(None, Some(7000));
    assert_eq!(recommended(&out), vec!["A", "B", "C"]);
}

#[test]
fn cut_line_both_must_hold() {
    assert_eq!(recommended(&cut_campaign(Some(2), Some(8500))), vec!["A"]);
    assert_eq!(
        recommended(&cut_campaign(Some(2), Some(6000))),
        vec!["A", "B"]
    );
    assert!(cut_campaign(None, None).cut.is_none());
}

#[test]
fn incomplete_application_above_the_line_is_held_back() {
    let es = ["e1", "e2", "e3"];
    let merge = MergeSettings {
        cut_top_n: Some(1),
        ..ms()
    };
    let c = campaign(&[App("A", 1, 1), App("B", 1, 1)], &es, &TWO, merge);
    let sheets = vec![
        sheet_parts(&c, "e1", &[("A", &[5000, 5000]), ("B", &[4000, 4000])]),
        sheet_parts(&c, "e2", &[("A", &[5000, 5000]), ("B", &[4000, 4000])]),
        sheet_parts(&c, "e3", &[("B", &[4000, 4000])]),
    ];
    let out = run(&c, &Eligibility::default(), &sheets);
    assert_eq!(order(&out, 1), vec!["A", "B"]);
    assert!(app(&out, "A").flags.contains(&Flag::Incomplete));
    assert_eq!(out.cut.as_ref().unwrap().held_back, vec!["A"]);
    assert!(out.recommended.is_empty());
}

#[test]
fn round_two_changes_keep_round_one_beside() {
    let es = ["e1", "e2", "e3"];
    let c = campaign(&[App("A", 1, 1)], &es, &TWO, ms());
    let mut s1 = sheet(
        &c,
        "e1",
        2,
        &[
            ("A", "c1", 1, 4000),
            ("A", "c2", 1, 4000),
            ("A", "c1", 2, 4500),
        ],
    );
    s1.scores
        .iter_mut()
        .filter(|s| s.round == 2)
        .for_each(|s| s.reason = "复核后上调".into());
    let s2 = sheet(
        &c,
        "e2",
        2,
        &[
            ("A", "c1", 1, 3000),
            ("A", "c2", 1, 3000),
            ("A", "c1", 2, 3500),
        ],
    );
    let mut s3 = sheet(&c, "e3", 1, &[("A", "c1", 1, 2000), ("A", "c2", 1, 2000)]);
    s3.scores[1].comment = "推广路径不清".into();
    let sheets = vec![s1, s2, s3];
    let rounds = vec![("p1".to_string(), 2)];
    let out = run_rounds(&c, &Eligibility::default(), &sheets, &rounds);
    let a = app(&out, "A");
    assert_eq!(a.round, 2);
    let f = a.figures.as_ref().unwrap();
    // Round 2: totals 85, 65, 40; round 1: 80, 60, 40.
    assert_eq!(f.mean, "63.33");
    assert_eq!(a.round1.as_ref().unwrap().mean, "60.00");
    let r1 = &a.experts[0];
    assert_eq!(
        r1.scores[0].map(|d| d.to_string()).as_deref(),
        Some("45.00")
    );
    assert_eq!(
        r1.round1.as_ref().unwrap()[0]
            .map(|d| d.to_string())
            .as_deref(),
        Some("40.00")
    );
    assert_eq!(r1.reasons[0], "复核后上调");
    assert_eq!(
        r1.round1_total.map(|d| d.to_string()).as_deref(),
        Some("80.00")
    );
    assert_eq!(out.changes.len(), 2);
    let ch = &out.changes[0];
    assert_eq!(
        (
            ch.expert.as_str(),
            &*ch.from.to_string(),
            &*ch.to.to_string(),
            ch.reason.as_str(),
            ch.without_reason
        ),
        ("e1", "40.00", "45.00", "复核后上调", false)
    );
    assert!(out.changes[1].without_reason);
    assert!(a.flags.contains(&Flag::ChangedWithoutReason));
    assert_eq!(out.rounds[0].round, 2);
    assert_eq!(a.experts[2].comments, ["", "推广路径不清"]);
    assert!(a.experts[0].comments.is_empty() && a.experts[2].reasons.is_empty());

    // Without the Round decision the round-2 scores do not count, and are reported.
    let out1 = run(&c, &Eligibility::default(), &sheets);
    assert_eq!(app(&out1, "A").figures.as_ref().unwrap().mean, "60.00");
    assert!(out1.changes.is_empty());
    assert!(out1
        .dropped
        .iter()
        .any(|d| d.kind == DropKind::RoundNotOpen && d.criteria == ["c1@2"]));
}

#[test]
fn blocked_declared_and_overridden_pairs() {
    let es = ["e1", "e2", "e3"];
    let c = campaign(&[App("A", 1, 1), App("B", 1, 1)], &es, &TWO, ms());
    let sheets = vec![
        declare(
            sheet_parts(&c, "e1", &[("A", &[4000, 4000]), ("B", &[1000, 1000])]),
            "B",
            "亲属",
        ),
        sheet_parts(&c, "e2", &[("A", &[1000, 1000]), ("B", &[3000, 3000])]),
        sheet_parts(&c, "e3", &[("A", &[3000, 3000]), ("B", &[3000, 3000])]),
    ];
    let mut el = Eligibility::default();
    el.blocked
        .insert(("e2".into(), "A".into()), vec!["C1".into()]);
    el.overridden
        .insert(("e3".into(), "A".into()), "回避理由不成立".into());
    let out = run(&c, &el, &sheets);
    let a = app(&out, "A");
    assert_eq!(
        a.figures.as_ref().unwrap().mean,
        "70.00",
        "e2's 20 is dropped"
    );
    assert!(a.flags.contains(&Flag::ConflictsDropped) && a.flags.contains(&Flag::OverridesUsed));
    assert_eq!(
        a.experts
            .iter()
            .map(|r| r.expert.as_str())
            .collect::<Vec<_>>(),
        ["e1", "e3"]
    );
    assert_eq!(
        a.experts[1].override_reason.as_deref(),
        Some("回避理由不成立")
    );
    let d: Vec<_> = out
        .dropped
        .iter()
        .map(|d| {
            (
                d.expert.as_str(),
                d.application.as_str(),
                d.rules.clone(),
                d.scores,
            )
        })
        .collect();
    assert_eq!(
        d,
        vec![
            ("e2", "A", vec!["C1".to_string()], 2),
            ("e1", "B", vec!["C4".to_string()], 2)
        ]
    );
    assert_eq!(out.overrides.len(), 1);
    assert_eq!(out.overrides[0].reason, "回避理由不成立");
    assert_eq!(
        app(&out, "B").figures.as_ref().unwrap().mean,
        "60.00",
        "e1's declared conflict drops 20"
    );
    assert_eq!(out.declarations.len(), 1);
}

#[test]
fn failed_application_is_listed_apart() {
    let es = ["e1"];
    let c = campaign(&[App("A", 1, 1), App("B", 1, 1)], &es, &TWO, ms());
    let sheets = vec![sheet_parts(
        &c,
        "e1",
        &[("A", &[4000, 4000]), ("B", &[1000, 1000])],
    )];
    let mut el = Eligibility::default();
    el.failed.insert(
        "A".into(),
        (
            "经确认多渠道重复申报".into(),
            "confirmed submitted through several channels".into(),
        ),
    );
    let out = run(&c, &el, &sheets);
    assert_eq!(order(&out, 1), vec!["B"]);
    assert_eq!(out.failed.len(), 1);
    assert_eq!(out.failed[0].application, "A");
    assert_eq!(out.failed[0].reason_zh, "经确认多渠道重复申报");
    assert_eq!(
        out.failed[0].lead_unit.as_ref().unwrap().name,
        "lead-A有限公司"
    );
    assert!(out
        .dropped
        .iter()
        .any(|d| d.application == "A" && d.kind == DropKind::FailedApplication));
    assert!(out
        .directions
        .iter()
        .all(|d| d.unranked.iter().all(|a| a.application != "A")));
}

#[test]
fn scores_outside_the_experts_panels_are_dropped() {
    let panels = vec![
        Panel {
            id: "p1".into(),
            name: "一组".into(),
            directions: vec![1],
            experts: vec!["e1".into()],
            reserves: vec![],
        },
        Panel {
            id: "p2".into(),
            name: "二组".into(),
            directions: vec![2],
            experts: vec!["e2".into()],
            reserves: vec![],
        },
    ];
    let c = campaign_with(
        &[App("A", 1, 1), App("B", 2, 1)],
        &["e1", "e2"],
        &TWO,
        ms(),
        Some(panels),
    );
    let sheets = vec![
        sheet_parts(&c, "e1", &[("A", &[4000, 4000])]),
        sheet_parts(&c, "e2", &[("A", &[1000, 1000]), ("B", &[2000, 2000])]),
    ];
    let out = run(&c, &Eligibility::default(), &sheets);
    assert_eq!(app(&out, "A").figures.as_ref().unwrap().mean, "80.00");
    assert!(app(&out, "A").flags.contains(&Flag::NotAssignedDropped));
    assert!(out
        .dropped
        .iter()
        .any(|d| d.expert == "e2" && d.application == "A" && d.kind == DropKind::NotAssigned));
}

#[test]
fn application_without_complete_total_is_unranked() {
    let c = campaign(&[App("A", 1, 1), App("B", 1, 1)], &["e1"], &TWO, ms());
    let sheets = vec![sheet(
        &c,
        "e1",
        1,
        &[
            ("A", "c1", 1, 100),
            ("B", "c1", 1, 100),
            ("B", "c2", 1, 100),
        ],
    )];
    let out = run(&c, &Eligibility::default(), &sheets);
    let d = &out.directions[0];
    assert_eq!(d.unranked.len(), 1);
    assert_eq!(d.unranked[0].application, "A");
    assert_eq!(d.unranked[0].rank, None);
    assert!(d.unranked[0].flags.contains(&Flag::Incomplete));
}

#[test]
fn empty_sheet_changes_nothing() {
    let es = ["e1", "e2", "e3", "e4"];
    let c = campaign(&[App("A", 1, 1), App("B", 1, 2)], &es, &TWO, ms());
    let mut sheets = vec![
        sheet_parts(&c, "e1", &[("A", &[4000, 4000]), ("B", &[1000, 1000])]),
        sheet_parts(&c, "e2", &[("A", &[1000, 1000]), ("B", &[3000, 3000])]),
        sheet_parts(&c, "e3", &[("A", &[3000, 3000]), ("B", &[3000, 3000])]),
    ];
    let without = run(&c, &Eligibility::default(), &sheets);
    sheets.push(sheet(&c, "e4", 1, &[]));
    let with = run(&c, &Eligibility::default(), &sheets);
    assert_eq!(with.directions, without.directions);
    assert_eq!(with.recommended, without.recommended);
    assert_eq!(with.divergence_queue, without.divergence_queue);
    assert_eq!(with.sheets.len(), 4);
}

#[test]
fn divergence_queue_by_spread_then_direction_then_id() {
    let es = ["e1", "e2"];
    let merge = MergeSettings {
        divergence: Points::whole(15),
        ..ms()
    };
    let apps = [
        App("A", 2, 1),
        App("B", 1, 1),
        App("C", 1, 1),
        App("D", 1, 1),
    ];
    let c = campaign(&apps, &es, &TWO, merge);
    let sheets = vec![
        sheet_parts(
            &c,
            "e1",
            &[
                ("A", &[5000, 5000]),
                ("B", &[5000, 5000]),
                ("C", &[5000, 5000]),
                ("D", &[5000, 5000]),
            ],
        ),
        sheet_parts(
            &c,
            "e2",
            &[
                ("A", &[4000, 4000]),
                ("B", &[4000, 4000]),
                ("C", &[3500, 3500]),
                ("D", &[4500, 4500]),
            ],
        ),
    ];
    let out = run(&c, &Eligibility::default(), &sheets);
    let q: Vec<String> = out
        .divergence_queue
        .iter()
        .map(|e| format!("{} {}", e.application, e.spread))
        .collect();
    assert_eq!(q, ["C 30.00", "B 20.00", "A 20.00"]);
    assert!(!app(&out, "D").flags.contains(&Flag::Divergence));
}

#[test]
fn calibration_percentiles_and_expert_order() {
    let es = ["e1", "e2"];
    let apps = [
        App("A", 1, 1),
        App("B", 1, 1),
        App("C", 1, 1),
        App("D", 1, 1),
    ];
    let c = campaign(&apps, &es, &TWO, ms());
    let sheets = vec![
        sheet_parts(
            &c,
            "e1",
            &[
                ("A", &[3000, 3000]),
                ("B", &[3500, 3500]),
                ("C", &[3500, 3500]),
                ("D", &[4500, 4500]),
            ],
        ),
        sheet_parts(
            &c,
            "e2",
            &[
                ("A", &[5000, 5000]),
                ("B", &[1000, 1000]),
                ("C", &[1000, 1000]),
                ("D", &[1000, 1000]),
            ],
        ),
    ];
    let out = run(&c, &Eligibility::default(), &sheets);
    let e1 = &out.calibration[0];
    assert_eq!(
        e1.mean_total.map(|d| d.to_string()).as_deref(),
        Some("72.50")
    );
    let entries: Vec<String> = e1.directions[0]
        .entries
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {:?}",
                e.application, e.expert_rank, e.percentile, e.official_rank
            )
        })
        .collect();
    // Officially A (80) > D (55) > B = C (45, by id).
    assert_eq!(
        entries,
        [
            "D 1 87.50 Some(2)",
            "B 2 50.00 Some(3)",
            "C 3 50.00 Some(4)",
            "A 4 12.50 Some(1)"
        ]
    );
}

#[test]
fn fragility_ranges() {
    let es = ["e1", "e2", "e3"];
    let c = campaign(&[App("A", 1, 1), App("B", 1, 1)], &es, &TWO, ms());
    let sheets = vec![
        sheet_parts(&c, "e1", &[("A", &[5000, 5000]), ("B", &[1000, 1000])]),
        sheet_parts(&c, "e2", &[("A", &[2000, 2000]), ("B", &[3000, 3000])]),
        sheet_parts(&c, "e3", &[("A", &[2000, 2000]), ("B", &[3000, 3000])]),
    ];
    // A: 100, 40, 40 -> 60; B: 20, 60, 60 -> 46.67. Without e1, B leads.
    let out = run(&c, &Eligibility::default(), &sheets);
    assert_eq!(order(&out, 1), vec!["A", "B"]);
    let fa = app(&out, "A").fragility.clone().unwrap();
    assert_eq!(
        (fa.min, fa.max, fa.worst_without.as_deref()),
        (1, 2, Some("e1"))
    );
    let fb = app(&out, "B").fragility.clone().unwrap();
    assert_eq!(
        (fb.min, fb.max, fb.best_without.as_deref()),
        (1, 2, Some("e1"))
    );
}

fn try_merge(
    c: &pingshen::model::Campaign,
    sheets: &[pingshen::sheet::SheetBody],
    sup: &[SupersededSheet],
) -> Result<pingshen::merge::MergeOutput, MergeError> {
    merge(&MergeInput {
        campaign: c,
        eligibility: &Eligibility::default(),
        rounds: &[],
        decisions: &[],
        decision_records: &[],
        sheets,
        digests: None,
        superseded: sup,
    })
}

#[test]
fn revisions_and_guards() {
    let c = campaign(&[App("A", 1, 1)], &["e1"], &TWO, ms());
    let old = sheet(&c, "e1", 1, &[("A", "c1", 1, 100), ("A", "c2", 1, 100)]);
    let new = sheet(&c, "e1", 3, &[("A", "c1", 1, 200), ("A", "c2", 1, 200)]);
    let sup = vec![SupersededSheet {
        expert: "e1".into(),
        revision: 2,
        file: "e1-r2.json".into(),
    }];
    let out = try_merge(&c, &[new.clone(), old.clone()], &sup).unwrap();
    assert_eq!(app(&out, "A").figures.as_ref().unwrap().mean, "4.00");
    let s: Vec<_> = out
        .superseded
        .iter()
        .map(|s| (s.expert.as_str(), s.revision))
        .collect();
    assert_eq!(s, vec![("e1", 1), ("e1", 2)]);

    let mut clash = new.clone();
    clash.scores[0].value = 300;
    assert!(matches!(
        try_merge(&c, &[new.clone(), clash], &[]),
        Err(MergeError::ConflictingRevision { revision: 3, .. })
    ));
    let mut foreign = new.clone();
    foreign.campaign = "0".repeat(64);
    assert!(matches!(
        try_merge(&c, &[foreign], &[]),
        Err(MergeError::WrongCampaign { .. })
    ));
    let mut stranger = new.clone();
    stranger.expert = "nobody".into();
    assert!(matches!(
        try_merge(&c, &[stranger], &[]),
        Err(MergeError::UnknownExpert { .. })
    ));
    let over = sheet(&c, "e1", 4, &[("A", "c1", 1, 10_001)]);
    let e = try_merge(&c, &[over], &[]).unwrap_err();
    assert!(matches!(e, MergeError::ScoreOutOfRange { .. }));
    assert!(e.to_string().contains("e1") && e.to_string().contains("c1"));
}
