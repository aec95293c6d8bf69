//! From round 2, a changed score carries a written reason: an empty or blank `--reason` is
//! refused like a missing one, every time the score changes in that round, by `score` and by
//! `import`; the merge's `changes` then run from round 1 to the final value with the latest
//! reason.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, key, ok, one_sentence, setup};
use pingshen::model::Role;
use pingshen::sheet::{sheet_file_bytes, sign_sheet, Sheet};
use pingshen::store::Store;

/// The set-up's store with X01's round-1 scores (A001 innovation 20), then round 2 opened
/// for P1 by a signed chair decision and taken in with `receive`.
fn round_two(s: &cmd_support::Setup) -> String {
    s.scored_store();
    ok(&s.run(&[
        "decide",
        "round",
        "P1",
        "2",
        "--reason",
        "分歧较大",
        "--key",
        &s.key("C01"),
        "--campaign",
        &s.dir_s(),
    ]));
    let decision = s.dir.join("decisions/0001-round-P1-r2.json");
    let decision = decision.display().to_string();
    ok(&s.run(&["receive", &decision]));
    decision
}

fn score(s: &cmd_support::Setup, value: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["score", "A001", "innovation", value, "--expert", "X01"];
    args.extend_from_slice(extra);
    s.run(&args)
}

fn round_two_innovation(db: &std::path::Path) -> pingshen::model::Score {
    Store::open(db)
        .unwrap()
        .scores(Some("X01"))
        .unwrap()
        .into_iter()
        .find(|x| {
            x.key.application == "A001" && x.key.criterion == "innovation" && x.key.round == 2
        })
        .expect("a round-2 score for A001 innovation")
}

#[test]
fn an_empty_or_blank_reason_is_refused_like_a_missing_one_on_every_change() {
    let s = setup();
    round_two(&s);
    // The first change in round 2.
    for blank in [&["--reason", ""][..], &["--reason", "  "], &[]] {
        let o = score(&s, "21", blank);
        assert_eq!(code(&o), 1, "{blank:?}");
        let e = one_sentence(&o);
        assert!(
            e.contains("round 2 changes this score (20 to 21); give the reason with --reason"),
            "{e}"
        );
    }
    ok(&score(&s, "21", &["--reason", "讨论后调整"]));
    // A second change in the same round needs its own reason: blank is no reason.
    for blank in [&["--reason", ""][..], &["--reason", " \t"], &[]] {
        let o = score(&s, "22", blank);
        assert_eq!(code(&o), 1, "{blank:?}");
        assert!(
            one_sentence(&o).contains("round 2 changes this score (20 to 22)"),
            "{}",
            common::stderr(&o)
        );
    }
    let held = round_two_innovation(&s.db);
    assert_eq!((held.value.0, held.reason.as_str()), (2100, "讨论后调整"));
    ok(&score(&s, "22", &["--reason", "答辩补充了部署数据"]));
    // The same score again, only its comment changed: its reason stays, as its comment would.
    ok(&score(&s, "22", &["--comment", "规模化部署已验证"]));
    let held = round_two_innovation(&s.db);
    assert_eq!(held.value.0, 2200);
    assert_eq!(held.reason, "答辩补充了部署数据");
    assert_eq!(held.comment, "规模化部署已验证");
    // Back to the round-1 value: no change, so no reason is asked for and none is kept.
    ok(&score(&s, "20", &[]));
    assert_eq!(round_two_innovation(&s.db).reason, "");
    ok(&score(&s, "22", &["--reason", "答辩补充了部署数据"]));

    // The signed sheet and the merge keep what the records need: round 1's value, the final
    // one, and the latest reason.
    let sheet = s.p("X01.json");
    ok(&s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &sheet,
        "--key",
        &s.key("X01"),
    ]));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sheet).unwrap()).unwrap();
    let rounds: Vec<(u64, i64, String)> = v["scores"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["application"] == "A001" && x["criterion"] == "innovation")
        .map(|x| {
            (
                x["round"].as_u64().unwrap(),
                x["value"].as_i64().unwrap(),
                x["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rounds,
        vec![
            (1, 2000, String::new()),
            (2, 2200, "答辩补充了部署数据".to_string())
        ]
    );
    let merged = s.p("merged.json");
    ok(&s.run(&["merge", "--campaign", &s.dir_s(), &sheet, "-o", &merged]));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&merged).unwrap()).unwrap();
    let changes = m["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    let c = &changes[0];
    assert_eq!(
        (&c["from"], &c["from_round"], &c["to"], &c["round"]),
        (
            &serde_json::json!("20.00"),
            &serde_json::json!(1),
            &serde_json::json!("22.00"),
            &serde_json::json!(2)
        )
    );
    assert_eq!(c["reason"], "答辩补充了部署数据");
    assert_eq!(c["without_reason"], false);
}

#[test]
fn import_refuses_a_changed_score_whose_reason_is_blank() {
    let s = setup();
    let decision = round_two(&s);
    ok(&score(&s, "22", &["--reason", "讨论后调整"]));
    let exported = s.p("X01.json");
    ok(&s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &exported,
        "--key",
        &s.key("X01"),
    ]));
    // The same sheet, its round-2 reason blanked and signed again with X01's own key.
    let mut sheet: Sheet =
        serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    for sc in &mut sheet.body.scores {
        if sc.round == 2 {
            sc.reason = "   ".to_string();
        }
    }
    let blank = sign_sheet(sheet.body, &key("X01", Role::Expert, 1)).unwrap();
    let blank_file = s.path("blank.json");
    std::fs::write(&blank_file, sheet_file_bytes(&blank)).unwrap();

    let db2 = s.path("db2");
    ok(&s.run_db(&db2, &["init", &s.dir_s()]));
    ok(&s.run_db(&db2, &["receive", &decision]));
    let o = s.run_db(
        &db2,
        &["import", "--expert", "X01", blank_file.to_str().unwrap()],
    );
    assert_eq!(code(&o), 1);
    let out = common::stdout(&o);
    assert!(
        out.contains(
            "A001 / innovation (round 2): round 2 changes the score (20 to 22) without a reason"
        ),
        "{out}"
    );
    assert!(Store::open(&db2)
        .unwrap()
        .scores(Some("X01"))
        .unwrap()
        .iter()
        .all(|x| x.key.round == 1));
    // The sheet as exported, with its reason, is taken.
    ok(&s.run_db(&db2, &["import", "--expert", "X01", &exported]));
    assert_eq!(round_two_innovation(&db2).reason, "讨论后调整");
}
