//! A score typed with a Chinese input method's full-width digits and point (`２２．５`) is
//! the score it reads as, at the command line and through the library the interface uses.

use crate::common;
use common::*;
use pingshen::i18n::Lang;
use pingshen::model::Points;
use pingshen::review::Review;
use pingshen::store::Store;
use std::process::Command;

fn ready() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = mini_copy();
    let db = tmp.path().join("store");
    assert!(run(&db, &["init", dir.to_str().unwrap()]).status.success());
    assert!(run(&db, &["pledge", "--expert", "X01"]).status.success());
    (tmp, db)
}

fn stored(db: &std::path::Path) -> Vec<Points> {
    Store::open(db)
        .unwrap()
        .scores(Some("X01"))
        .unwrap()
        .iter()
        .map(|s| s.value)
        .collect()
}

#[test]
fn the_score_command_takes_full_width_digits() {
    let (_tmp, db) = ready();
    let o = run(
        &db,
        &["score", "A001", "innovation", "２２．５", "--expert", "X01"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stored(&db), vec![Points(2250)]);
    // Chinese punctuation mode types 。 for the point key.
    let o = run(
        &db,
        &["score", "A001", "innovation", "21。5", "--expert", "X01"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stored(&db), vec![Points(2150)]);
    // Still a number or nothing: full-width letters and CJK numerals are refused.
    for bad in ["２x", "二十"] {
        let o = run(
            &db,
            &["score", "A001", "innovation", bad, "--expert", "X01"],
        );
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(stderr(&o).contains("is not a score"), "{}", stderr(&o));
    }
}

#[test]
fn the_library_takes_full_width_digits() {
    let (_tmp, db) = ready();
    let review = Review::open(Store::open(&db).unwrap(), Lang::Zh).unwrap();
    let s = review
        .score("X01", "A001", "innovation", "２０", None, None)
        .unwrap();
    assert_eq!(s.value, Points(2000));
}

#[test]
fn the_pledge_line_reads_as_a_sentence_in_each_language() {
    let (tmp, dir) = mini_copy();
    let db = tmp.path().join("store");
    assert!(run(&db, &["init", dir.to_str().unwrap()]).status.success());
    let zh = Command::new(bin())
        .args([
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "zh",
            "pledge",
            "--expert",
            "X01",
        ])
        .output()
        .unwrap();
    let line = stdout(&zh);
    assert!(line.starts_with("已确认保密及回避承诺：X01（"), "{line}");
    assert!(line.trim_end().ends_with('）'), "{line}");
    let en = stdout(&run(&db, &["pledge", "--expert", "X02"]));
    assert!(en.starts_with("commitment acknowledged: X02 ("), "{en}");
}
