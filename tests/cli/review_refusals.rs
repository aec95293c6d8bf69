//! A score for a blocking pair is refused through the CLI and through the library API the
//! interface uses, naming the rule; a declaration blocks at once.

use crate::common;
use common::*;
use pingshen::i18n::Lang;
use pingshen::review::{Review, ReviewError};
use pingshen::store::Store;

fn ready() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = mini_copy();
    let db = tmp.path().join("store");
    assert!(run(&db, &["init", dir.to_str().unwrap()]).status.success());
    for e in ["X01", "X02"] {
        assert!(run(&db, &["pledge", "--expert", e]).status.success());
    }
    (tmp, db)
}

#[test]
fn blocked_pair_refused_by_the_cli() {
    // X02 works at U01, the lead unit of A001: C1.
    let (_tmp, db) = ready();
    let o = run(
        &db,
        &["score", "A001", "innovation", "20", "--expert", "X02"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("C1") && err.contains("conflict"), "{err}");
    assert!(Store::open(&db)
        .unwrap()
        .scores(Some("X02"))
        .unwrap()
        .is_empty());
}

#[test]
fn blocked_pair_refused_by_the_library() {
    let (_tmp, db) = ready();
    let review = Review::open(Store::open(&db).unwrap(), Lang::En).unwrap();
    match review.score("X02", "A001", "innovation", "20", None, None) {
        Err(ReviewError::Refused(m)) => assert!(m.contains("C1"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // The same expert may score what is not in conflict: the refusal is about the pair.
    assert!(review
        .score("X01", "A001", "innovation", "20", None, None)
        .is_ok());
}

#[test]
fn a_declaration_blocks_at_once() {
    let (_tmp, db) = ready();
    let mut review = Review::open(Store::open(&db).unwrap(), Lang::En).unwrap();
    review
        .score("X01", "A001", "innovation", "20", None, None)
        .unwrap();
    review.declare("X01", "A001", "曾参与该项目论证").unwrap();
    let err = review
        .score("X01", "A001", "innovation", "21", None, None)
        .unwrap_err();
    assert!(err.to_string().contains("C4"), "{err}");
}

/// A review opened for one expert weighs only that expert's conflicts (half of a large
/// campaign's assessment); asked about another expert, or opened for triage, it must
/// still refuse that expert's blocked pair rather than answer from what it did not weigh.
#[test]
fn a_focused_review_never_answers_for_an_expert_it_did_not_weigh() {
    use pingshen::decisions::Focus;
    let (_tmp, db) = ready();
    let review = Review::open_for(Store::open(&db).unwrap(), Lang::En, "X01").unwrap();
    assert_eq!(review.focus(), &Focus::Expert("X01".into()));
    // X02's C1 with A001 was not weighed at opening, yet is refused.
    assert!(!review.eligibility.is_blocked("X02", "A001"));
    match review.score("X02", "A001", "innovation", "20", None, None) {
        Err(ReviewError::Refused(m)) => assert!(m.contains("C1"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(review
        .score("X01", "A001", "innovation", "20", None, None)
        .is_ok());
    drop(review);
    let review =
        Review::open_with(Store::open(&db).unwrap(), Lang::En, |_| Focus::FormalOnly).unwrap();
    let app = review.campaign.application("A001").unwrap().clone();
    assert_eq!(
        review.progress("X02", &app).unwrap(),
        pingshen::review::Progress::Conflict
    );
    drop(review);
    // Opened for X02, the pair is weighed at opening.
    let review = Review::open_for(Store::open(&db).unwrap(), Lang::En, "X02").unwrap();
    assert!(review.eligibility.is_blocked("X02", "A001"));
}

#[test]
fn a_second_declaration_says_what_it_replaces() {
    let (_tmp, db) = ready();
    let declare = |lang: &str, reason: &str| {
        run_lang(
            lang,
            &db,
            &["declare", "A002", "--expert", "X01", "--reason", reason],
        )
    };
    let o = declare("en", "曾参与该项目论证");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("replaced"), "{}", stdout(&o));
    let o = declare("en", "曾任牵头单位顾问");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("the earlier reason \"曾参与该项目论证\" is replaced"),
        "{}",
        stdout(&o)
    );
    let o = declare("zh", "与牵头单位有合作");
    assert!(
        stdout(&o).contains("此前的理由「曾任牵头单位顾问」已被替换"),
        "{}",
        stdout(&o)
    );
    let store = Store::open(&db).unwrap();
    let d = store.declarations(Some("X01")).unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].reason, "与牵头单位有合作");
    // Every reason stays in the audit log.
    let logged = store
        .audit()
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "declaration")
        .count();
    assert_eq!(logged, 3);
}

#[test]
fn an_unchecked_review_refuses_every_score_until_checked() {
    // As the interface opens an expert's review: the formal review and the conflicts are
    // weighed after the first frame. Meanwhile no score is taken, not even one that will be
    // allowed, and the refusal says why.
    use pingshen::decisions::Focus;
    let (_tmp, db) = ready();
    let mut review = Review::open_unchecked_with(Store::open(&db).unwrap(), Lang::En, |_| {
        Focus::Expert("X02".into())
    })
    .unwrap();
    assert!(!review.is_checked());
    for (expert, app) in [("X02", "A001"), ("X01", "A001")] {
        match review.score(expert, app, "innovation", "20", None, None) {
            Err(ReviewError::Refused(m)) => {
                assert!(m.contains("still being computed") && m.contains(app), "{m}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert!(review.store.scores(None).unwrap().is_empty());
    // Once checked: the blocking pair is refused for its conflict; the free one is taken.
    review.check().unwrap();
    assert!(review.is_checked());
    match review.score("X02", "A001", "innovation", "20", None, None) {
        Err(ReviewError::Refused(m)) => assert!(m.contains("C1"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(review
        .score("X01", "A001", "innovation", "20", None, None)
        .is_ok());
}
