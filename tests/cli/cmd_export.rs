//! `export`: the signed sheet from the store, its revision rising with each export, the
//! key's owner checked, the file written whole.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, ok, one_sentence, setup};
use pingshen::keys::Keyring;
use pingshen::sheet::verify_sheet;

fn ring(s: &cmd_support::Setup) -> Keyring {
    Keyring::load(&s.dir.join("keys.toml")).unwrap()
}

#[test]
fn each_export_raises_the_revision_durably_and_is_audited() {
    let s = setup();
    s.scored_store();
    let digest = pingshen::format::load_campaign(&s.dir)
        .unwrap()
        .campaign
        .digest();
    for want in 1..=3u64 {
        let out = s.p(&format!("X01-{want}.json"));
        ok(&s.run(&[
            "export",
            "--expert",
            "X01",
            "-o",
            &out,
            "--key",
            &s.key("X01"),
        ]));
        let sheet = verify_sheet(&std::fs::read(&out).unwrap(), &digest, &ring(&s)).unwrap();
        assert_eq!(sheet.body.revision, want);
    }
    let store = pingshen::store::Store::open(&s.db).unwrap();
    assert_eq!(store.revision("X01").unwrap(), 3);
    let exports: Vec<_> = store
        .audit()
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "export")
        .collect();
    assert_eq!(exports.len(), 3);
    assert_eq!(exports[2].detail["revision"], 3);
    // The three files verify together: the last wins, the others are superseded.
    let o = s.run(&[
        "verify",
        "--campaign",
        &s.dir_s(),
        &s.p("X01-1.json"),
        &s.p("X01-3.json"),
        &s.p("X01-2.json"),
    ]);
    ok(&o);
    let out = common::stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("X01-1.json: superseded by revision 3 ("),
        "{out}"
    );
    assert!(lines[1].ends_with("X01-3.json: ok"));
    assert!(lines[2].contains("superseded by revision 3"));
}

#[test]
fn the_sheet_carries_every_score_comment_declaration_and_the_pledge() {
    let s = setup();
    s.scored_store();
    ok(&s.run(&[
        "declare",
        "A002",
        "--expert",
        "X01",
        "--reason",
        "曾与联合单位合作",
    ]));
    let out = s.p("X01.json");
    ok(&s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &out,
        "--key",
        &s.key("X01"),
    ]));
    let digest = pingshen::format::load_campaign(&s.dir)
        .unwrap()
        .campaign
        .digest();
    let sheet = verify_sheet(&std::fs::read(&out).unwrap(), &digest, &ring(&s)).unwrap();
    let b = &sheet.body;
    assert_eq!((b.expert.as_str(), b.round), ("X01", 1));
    let got: Vec<(&str, &str, i64, &str)> = b
        .scores
        .iter()
        .map(|x| {
            (
                x.application.as_str(),
                x.criterion.as_str(),
                x.value,
                x.comment.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("A001", "innovation", 2000, "创新点明确"),
            ("A001", "practicality", 2150, "")
        ]
    );
    assert_eq!(b.declarations.len(), 1);
    assert_eq!(b.declarations[0].application, "A002");
    let p = b.pledge.as_ref().unwrap();
    assert_eq!(p.text_sm3, pingshen::review::pledge_text_sm3());
    // Nothing but the sheet in the folder: the temporary file was renamed into place.
    let left: Vec<_> = std::fs::read_dir(s.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn every_round_is_kept_and_the_round_is_the_highest_scored() {
    let s = setup();
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
    ]));
    ok(&s.run(&[
        "score",
        "A001",
        "innovation",
        "22",
        "--expert",
        "X01",
        "--reason",
        "讨论后上调",
    ]));
    let out = s.p("X01.json");
    ok(&s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &out,
        "--key",
        &s.key("X01"),
    ]));
    let digest = pingshen::format::load_campaign(&s.dir)
        .unwrap()
        .campaign
        .digest();
    let sheet = verify_sheet(&std::fs::read(&out).unwrap(), &digest, &ring(&s)).unwrap();
    assert_eq!(sheet.body.round, 2);
    let innovation: Vec<(u32, i64, &str)> = sheet
        .body
        .scores
        .iter()
        .filter(|x| x.criterion == "innovation")
        .map(|x| (x.round, x.value, x.reason.as_str()))
        .collect();
    assert_eq!(innovation, [(1, 2000, ""), (2, 2200, "讨论后上调")]);
}

#[test]
fn another_experts_key_is_refused_and_nothing_is_written() {
    let s = setup();
    s.scored_store();
    let out = s.p("X01.json");
    for k in ["X02", "C01"] {
        let o = s.run(&["export", "--expert", "X01", "-o", &out, "--key", &s.key(k)]);
        assert_eq!(code(&o), 1);
        assert!(one_sentence(&o).contains("not expert `X01`'s own key"));
    }
    assert!(!std::path::Path::new(&out).exists());
    let store = pingshen::store::Store::open(&s.db).unwrap();
    assert_eq!(store.revision("X01").unwrap(), 0);
    // No key at all: a usage error.
    let o = s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &out,
        "--key",
        &s.p("none.key"),
    ]);
    assert_eq!(code(&o), 2);
}

#[test]
fn the_library_function_exports_as_the_command_does() {
    let s = setup();
    s.scored_store();
    let store = pingshen::store::Store::open(&s.db).unwrap();
    let c = store.campaign().unwrap();
    let key = cmd_support::key("X01", pingshen::model::Role::Expert, 1);
    let out = s.path("lib.json");
    let sum = pingshen::export::export_sheet(&store, &c, "X01", &key, &out).unwrap();
    assert_eq!((sum.revision, sum.scores, sum.key_listed), (1, 2, true));
    let err = pingshen::export::export_sheet(&store, &c, "X02", &key, &out).unwrap_err();
    assert!(err.contains("not expert `X02`'s own key"), "{err}");
    // In Chinese, the key's role is named in Chinese too.
    let err =
        pingshen::export::export_sheet_in(&store, &c, "X02", &key, &out, pingshen::i18n::Lang::Zh)
            .unwrap_err();
    assert!(
        err.contains("密钥 `X01`（专家）不是专家 `X02` 本人的密钥"),
        "{err}"
    );
    common::assert_chinese(&err);
}

#[test]
fn an_existing_sheet_is_kept_unless_forced() {
    let s = setup();
    s.scored_store();
    let out = s.p("X01.json");
    let export = |extra: &[&str]| {
        s.run(
            &[
                &[
                    "export",
                    "--expert",
                    "X01",
                    "-o",
                    &out,
                    "--key",
                    &s.key("X01"),
                ],
                extra,
            ]
            .concat(),
        )
    };
    ok(&export(&[]));
    let first = std::fs::read(&out).unwrap();
    let o = export(&[]);
    assert_eq!(code(&o), 1);
    assert!(
        one_sentence(&o).contains("already exists, so nothing was exported"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        first,
        "the earlier sheet was replaced"
    );
    // The refusal raised no revision: the forced export is revision 2.
    let store = pingshen::store::Store::open(&s.db).unwrap();
    assert_eq!(store.revision("X01").unwrap(), 1);
    drop(store);
    ok(&export(&["--force"]));
    let sheet = verify_sheet(
        &std::fs::read(&out).unwrap(),
        &pingshen::format::load_campaign(&s.dir)
            .unwrap()
            .campaign
            .digest(),
        &ring(&s),
    )
    .unwrap();
    assert_eq!(sheet.body.revision, 2);
}

#[test]
fn a_missing_folder_is_named_before_a_revision_is_spent() {
    let s = setup();
    s.scored_store();
    let missing = s.path("nonexist");
    let out = missing.join("X01.json").display().to_string();
    let o = s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &out,
        "--key",
        &s.key("X01"),
    ]);
    assert_eq!(code(&o), 1);
    let err = one_sentence(&o);
    assert!(
        err.contains(&format!("the folder {} does not exist", missing.display())),
        "{err}"
    );
    assert!(
        !err.contains("nonexist/.tmp") && !err.contains("at path"),
        "{err}"
    );
    let store = pingshen::store::Store::open(&s.db).unwrap();
    assert_eq!(store.revision("X01").unwrap(), 0);
}
