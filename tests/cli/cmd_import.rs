//! `import`: an expert's scores rebuilt from their own sheet, through the checks of `score`.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, ok, one_sentence, setup};
use pingshen::store::Store;

fn exported(s: &cmd_support::Setup) -> String {
    s.scored_store();
    ok(&s.run(&["score", "A003", "innovation", "17.5", "--expert", "X01"]));
    let out = s.p("X01.json");
    // Twice, so the sheet carries revision 2; the second replaces the first.
    ok(&s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &out,
        "--key",
        &s.key("X01"),
    ]));
    ok(&s.run(&[
        "export",
        "--expert",
        "X01",
        "-o",
        &out,
        "--key",
        &s.key("X01"),
        "--force",
    ]));
    out
}

#[test]
fn a_lost_store_is_rebuilt_from_the_sheet() {
    let s = setup();
    let sheet = exported(&s);
    let db2 = s.path("db2");
    ok(&s.run_db(&db2, &["init", &s.dir_s()]));
    let o = s.run_db(&db2, &["import", "--expert", "X01", &sheet]);
    ok(&o);
    let (old, new) = (Store::open(&s.db).unwrap(), Store::open(&db2).unwrap());
    assert_eq!(
        old.scores(Some("X01")).unwrap(),
        new.scores(Some("X01")).unwrap()
    );
    assert_eq!(new.revision("X01").unwrap(), 2);
    assert_eq!(new.pledge("X01").unwrap(), old.pledge("X01").unwrap());
    assert!(new.audit().unwrap().iter().any(|e| e.kind == "import"));
    drop((old, new));
    // Importing again changes nothing; the next export follows the sheet's revision.
    let o = s.run_db(&db2, &["import", "--expert", "X01", &sheet]);
    ok(&o);
    assert!(
        common::stdout(&o).contains("0 scores written, 3 already held"),
        "{}",
        common::stdout(&o)
    );
    let out = s.p("again.json");
    ok(&s.run_db(
        &db2,
        &[
            "export",
            "--expert",
            "X01",
            "-o",
            &out,
            "--key",
            &s.key("X01"),
        ],
    ));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("\"revision\":3"));
}

#[test]
fn a_score_for_a_blocked_pair_is_refused_and_the_rest_imported() {
    let s = setup();
    let sheet = exported(&s);
    let db2 = s.path("db2");
    ok(&s.run_db(&db2, &["init", &s.dir_s()]));
    ok(&s.run_db(
        &db2,
        &[
            "declare",
            "A003",
            "--expert",
            "X01",
            "--reason",
            "曾与牵头单位合作",
        ],
    ));
    let o = s.run_db(&db2, &["import", "--expert", "X01", &sheet]);
    assert_eq!(code(&o), 1);
    let out = common::stdout(&o);
    assert!(
        out.contains("A003 / innovation") && out.contains("blocking conflict"),
        "{out}"
    );
    assert!(one_sentence(&o).contains("1 score(s) were refused"));
    let store = Store::open(&db2).unwrap();
    let apps: Vec<String> = store
        .scores(Some("X01"))
        .unwrap()
        .into_iter()
        .map(|s| s.key.application)
        .collect();
    assert_eq!(apps, ["A001", "A001"]);
    assert_eq!(store.revision("X01").unwrap(), 2);
}

#[test]
fn a_declaration_in_the_sheet_blocks_its_application() {
    let s = setup();
    s.scored_store();
    ok(&s.run(&[
        "declare",
        "A003",
        "--expert",
        "X01",
        "--reason",
        "亲属在牵头单位任职",
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
    let db2 = s.path("db2");
    ok(&s.run_db(&db2, &["init", &s.dir_s()]));
    ok(&s.run_db(&db2, &["import", "--expert", "X01", &out]));
    let o = s.run_db(
        &db2,
        &["score", "A003", "innovation", "20", "--expert", "X01"],
    );
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("blocking conflict"));
}

#[test]
fn only_the_experts_own_valid_sheet_is_taken() {
    let s = setup();
    let sheet = exported(&s);
    let db2 = s.path("db2");
    ok(&s.run_db(&db2, &["init", &s.dir_s()]));
    let o = s.run_db(&db2, &["import", "--expert", "X02", &sheet]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("is expert `X01`'s sheet, not `X02`'s"));
    let altered = s.p("altered.json");
    let t = std::fs::read_to_string(&sheet)
        .unwrap()
        .replace("\"value\":1750", "\"value\":2500");
    std::fs::write(&altered, t).unwrap();
    let o = s.run_db(&db2, &["import", "--expert", "X01", &altered]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("altered"));
    let store = Store::open(&db2).unwrap();
    assert!(store.scores(None).unwrap().is_empty());
    assert_eq!(store.revision("X01").unwrap(), 0);
}
