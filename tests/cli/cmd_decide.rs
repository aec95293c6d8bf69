//! `triage` and `decide`: signed decisions into `decisions/` or the store, role rules, checks
//! of the records named, and every reader verifying them.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, ok, one_sentence, setup};
use pingshen::format::load_campaign;
use pingshen::keys::Keyring;
use pingshen::model::{Ruling, TriageVerdict};
use pingshen::sheet::verify_decision_in;

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("decisions"))
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn triage_writes_a_numbered_signed_file_that_verifies() {
    let s = setup();
    let o = s.run(&[
        "triage",
        "A001",
        "fail",
        "--reason",
        "未建成投入运行",
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]);
    ok(&o);
    ok(&s.run(&[
        "triage",
        "A002",
        "pass",
        "--reason",
        "材料齐全",
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]));
    assert_eq!(
        names(&s.dir),
        ["0001-triage-A001.json", "0002-triage-A002.json"]
    );
    let loaded = load_campaign(&s.dir).unwrap();
    let ring = Keyring::parse(loaded.keys_toml.as_deref().unwrap(), "keys.toml").unwrap();
    let bytes = std::fs::read(s.dir.join("decisions/0001-triage-A001.json")).unwrap();
    let d = verify_decision_in(&bytes, &loaded.campaign.digest(), &ring).unwrap();
    assert_eq!(d.by, "S01");
    assert_eq!(d.reason, "未建成投入运行");
    assert_eq!(d.date, pingshen::clock::today());
    assert_eq!(
        d.ruling,
        Ruling::Triage {
            application: "A001".into(),
            verdict: TriageVerdict::Fail
        }
    );
    let all = pingshen::decisions::verified_from_dir(&s.dir, &loaded).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].0, "0001-triage-A001.json");
}

#[test]
fn a_key_whose_role_may_not_rule_is_refused_in_one_sentence() {
    let s = setup();
    let o = s.run(&[
        "triage",
        "A001",
        "pass",
        "--reason",
        "x",
        "--key",
        &s.key("C01"),
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(e.contains("signed by the secretariat"), "{e}");
    let o = s.run(&[
        "decide",
        "round",
        "P1",
        "2",
        "--reason",
        "x",
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("signed by the chair"));
    // An expert's key rules nothing.
    let o = s.run(&[
        "decide",
        "override",
        "C1",
        "A001",
        "--expert",
        "X02",
        "--reason",
        "x",
        "--key",
        &s.key("X01"),
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 1);
    one_sentence(&o);
    // Chinese too.
    let o = std::process::Command::new(common::bin())
        .args([
            "--db",
            s.db.to_str().unwrap(),
            "--lang",
            "zh",
            "triage",
            "A001",
            "pass",
            "--reason",
            "x",
        ])
        .args(["--key", &s.key("C01"), "--campaign", &s.dir_s()])
        .output()
        .unwrap();
    assert!(one_sentence(&o).contains("秘书处"));
    assert!(names(&s.dir).is_empty());
}

#[test]
fn the_records_named_must_exist_and_fit_the_ruling() {
    let s = setup();
    let c = s.dir_s();
    let chair = s.key("C01");
    for args in [
        vec![
            "triage",
            "A999",
            "pass",
            "--reason",
            "x",
            "--key",
            &s.key("S01"),
            "--campaign",
            &c,
        ],
        vec![
            "decide",
            "override",
            "C1",
            "A001",
            "--expert",
            "X99",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c,
        ],
        vec![
            "decide",
            "override",
            "C1",
            "A001",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c,
        ],
        vec![
            "decide",
            "override",
            "Z1",
            "A001",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c,
        ],
        vec![
            "decide",
            "confirm",
            "E3",
            "A001",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c,
        ],
        vec![
            "decide",
            "dismiss",
            "E6",
            "A001",
            "--other",
            "A404",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c,
        ],
        vec![
            "decide",
            "round",
            "P9",
            "2",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c,
        ],
        vec![
            "decide",
            "round",
            "P1",
            "1",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c,
        ],
    ] {
        let o = s.run(&args);
        assert_eq!(code(&o), 1, "{args:?}");
        one_sentence(&o);
    }
    assert!(names(&s.dir).is_empty());
    ok(&s.run(&[
        "decide",
        "round",
        "P1",
        "2",
        "--reason",
        "分歧较大",
        "--key",
        &chair,
        "--campaign",
        &c,
    ]));
    // Round 2 is open now: opening it again is refused, round 3 is not.
    assert_eq!(
        code(&s.run(&[
            "decide",
            "round",
            "P1",
            "2",
            "--reason",
            "x",
            "--key",
            &chair,
            "--campaign",
            &c
        ])),
        1
    );
    ok(&s.run(&[
        "decide",
        "override",
        "C1",
        "A002",
        "--expert",
        "X01",
        "--reason",
        "经核实无利害关系",
        "--key",
        &chair,
        "--campaign",
        &c,
    ]));
    // X02 works at A001's lead (C1): there is no C5 suspicion to dismiss.
    let o = s.run(&[
        "decide",
        "dismiss",
        "C5",
        "A001",
        "--expert",
        "X02",
        "--reason",
        "名称相近但无关联",
        "--key",
        &s.key("S01"),
        "--campaign",
        &c,
    ]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("no C5 suspicion"));
    assert_eq!(
        names(&s.dir),
        ["0001-round-P1-r2.json", "0002-override-C1-A002-X01.json"]
    );
}

#[test]
fn a_key_keys_toml_does_not_list_is_refused() {
    let s = setup();
    let stranger = cmd_support::key("S02", pingshen::model::Role::Secretariat, 9);
    let path = s.path("S02.key");
    std::fs::write(&path, stranger.to_file_bytes(None).unwrap()).unwrap();
    let o = s.run(&[
        "triage",
        "A001",
        "pass",
        "--reason",
        "x",
        "--key",
        path.to_str().unwrap(),
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("does not list key `S02`"));
}

#[test]
fn without_campaign_the_decision_goes_into_the_store_audited() {
    let s = setup();
    ok(&s.run(&["init", &s.dir_s()]));
    let o = s.run(&[
        "triage",
        "A002",
        "info",
        "--reason",
        "需补充运行证明",
        "--key",
        &s.key("S01"),
    ]);
    ok(&o);
    assert!(common::stdout(&o).contains("0001-triage-A002.json"));
    let store = pingshen::store::Store::open(&s.db).unwrap();
    let files = store.decision_files().unwrap();
    assert_eq!(files.len(), 1);
    assert!(store.audit().unwrap().iter().any(|e| e.kind == "decision"));
    let c = store.campaign().unwrap();
    let ds = pingshen::decisions::verified_from_store(&store, &c).unwrap();
    assert!(matches!(
        ds[0].ruling,
        Ruling::Triage {
            verdict: TriageVerdict::Info,
            ..
        }
    ));
}

#[test]
fn a_tampered_decision_file_stops_every_judging_command_naming_the_file() {
    let s = setup();
    ok(&s.run(&[
        "triage",
        "A001",
        "pass",
        "--reason",
        "材料齐全",
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]));
    let f = s.dir.join("decisions/0001-triage-A001.json");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("\"pass\"", "\"fail\"");
    std::fs::write(&f, text).unwrap();
    ok(&s.run(&["init", &s.dir_s()]));
    let o = s.run(&["pledge", "--expert", "X01"]);
    assert_eq!(code(&o), 1);
    let e = one_sentence(&o);
    assert!(
        e.contains("0001-triage-A001.json") && e.contains("does not match"),
        "{e}"
    );
}
