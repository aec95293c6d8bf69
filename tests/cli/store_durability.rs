//! Durability: every score `score` reported saved survives SIGKILL; a store whose database
//! is deleted is rebuilt from its journal; a store in use is refused plainly.

use crate::common;
use common::*;
use pingshen::audit::verify_chain;
use pingshen::store::Store;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;

fn ready_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = mini_copy();
    let db = tmp.path().join("store");
    assert!(run(&db, &["init", dir.to_str().unwrap()]).status.success());
    assert!(run(&db, &["pledge", "--expert", "X01"]).status.success());
    (tmp, db)
}

#[test]
fn scores_reported_saved_survive_sigkill() {
    let (_tmp, db) = ready_store();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut saved: Vec<(String, String)> = vec![];
    let (mut killed, mut completed) = (0, 0);
    // Kill at random moments across one typical run, measured here, so the kills land
    // before, during and after the write whatever the machine's speed or load.
    let t0 = std::time::Instant::now();
    assert!(run(
        &db,
        &["score", "A001", "innovation", "1", "--expert", "X01"]
    )
    .status
    .success());
    let mut window = (t0.elapsed().as_micros().max(1000) as f64) * 1.5;
    saved.push(("innovation".into(), "1".into()));
    // The kill window adapts: wider after a kill, narrower after a run that finished, so
    // both keep happening however loaded the machine is.
    for i in 0..300 {
        if i >= 40 && killed >= 5 && completed >= 5 {
            break;
        }
        let criterion = if i % 2 == 0 {
            "innovation"
        } else {
            "practicality"
        };
        let value = format!("{}", (rng.next_u32() % 51) as f32 / 2.0);
        let mut child = Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args([
                "--lang", "en", "score", "A001", criterion, &value, "--expert", "X01",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(
            u64::from(rng.next_u32()) % (window as u64).max(1),
        ));
        if child.try_wait().unwrap().is_none() {
            unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
            killed += 1;
            window *= 1.25;
        } else {
            completed += 1;
            window *= 0.8;
        }
        let out = child.wait_with_output().unwrap();
        if String::from_utf8_lossy(&out.stdout).contains("saved:") {
            saved.push((criterion.to_string(), value));
        }
    }
    assert!(
        killed > 5 && completed > 5,
        "kills {killed}, completed {completed}: the timing did not exercise both"
    );

    // Every run that finished on its own said saved (the first entry is the calibration
    // run): the check below is about real saves, not an empty list.
    assert!(
        saved.len() > completed,
        "only {} saves reported for {completed} completed runs",
        saved.len() - 1
    );
    let store = Store::open(&db).expect("the store reopens after the kills");
    let audit = store.audit().unwrap();
    verify_chain(&audit).expect("the audit chain is whole");
    let audited: Vec<(String, i64)> = audit
        .iter()
        .filter(|e| e.kind == "score")
        .map(|e| {
            (
                e.detail["criterion"].as_str().unwrap().to_string(),
                e.detail["value"].as_i64().unwrap(),
            )
        })
        .collect();
    // Every reported save is in the audit log, in order.
    let mut it = audited.iter();
    for (c, v) in &saved {
        let h: pingshen::model::Points = v.parse().unwrap();
        assert!(
            it.any(|(ac, av)| ac == c && *av == h.0),
            "saved score {c}={v} missing after kill"
        );
    }
    // And the stored value of each criterion is its last audited one.
    let mut last: BTreeMap<&str, i64> = BTreeMap::new();
    for (c, v) in &audited {
        last.insert(c, *v);
    }
    for s in store.scores(Some("X01")).unwrap() {
        assert_eq!(last.get(s.key.criterion.as_str()), Some(&s.value.0));
    }
}

#[test]
fn deleted_database_is_rebuilt_from_journal() {
    let (_tmp, db) = ready_store();
    for (c, v) in [
        ("innovation", "20"),
        ("practicality", "21.5"),
        ("innovation", "22"),
    ] {
        let o = run(
            &db,
            &[
                "score",
                "A001",
                c,
                v,
                "--expert",
                "X01",
                "--comment",
                "有据可查",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let before = Store::open(&db).unwrap().audit().unwrap();
    std::fs::remove_dir_all(db.join("sled")).unwrap();
    let o = run(
        &db,
        &["score", "A001", "innovation", "1", "--expert", "X01"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("recover"), "{}", stderr(&o));

    let o = run(&db, &["recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = Store::open(&db).unwrap();
    let scores = store.scores(Some("X01")).unwrap();
    let got: BTreeMap<String, i64> = scores
        .iter()
        .map(|s| (s.key.criterion.clone(), s.value.0))
        .collect();
    assert_eq!(got.get("innovation"), Some(&2200));
    assert_eq!(got.get("practicality"), Some(&2150));
    assert!(scores.iter().all(|s| s.comment == "有据可查"));
    let after = store.audit().unwrap();
    assert_eq!(before, after, "the rebuilt audit chain is the same chain");
    verify_chain(&after).unwrap();
}

#[test]
fn damaged_journal_tail_is_skipped_not_fatal() {
    let (_tmp, db) = ready_store();
    assert!(run(
        &db,
        &["score", "A001", "innovation", "20", "--expert", "X01"]
    )
    .status
    .success());
    // A torn last line, as a crash in the middle of a write leaves it.
    let jp = db.join("journal.jsonl");
    let mut j = std::fs::read(&jp).unwrap();
    j.extend_from_slice(b"{\"sm3\":\"00\",\"op\":{\"op\":\"sco");
    std::fs::write(&jp, j).unwrap();
    std::fs::remove_dir_all(db.join("sled")).unwrap();
    let o = run(&db, &["recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("skipped"));
    assert_eq!(Store::open(&db).unwrap().scores(None).unwrap().len(), 1);
}

#[test]
fn a_store_in_use_is_refused_and_unharmed() {
    let (_tmp, db) = ready_store();
    let holder = Store::open(&db).unwrap();
    let o = run(
        &db,
        &["score", "A001", "innovation", "20", "--expert", "X01"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("in use"), "{}", stderr(&o));
    assert!(holder.scores(None).unwrap().is_empty());
    drop(holder);
    assert!(run(
        &db,
        &["score", "A001", "innovation", "20", "--expert", "X01"]
    )
    .status
    .success());
}

#[test]
fn missing_store_says_how_to_make_one() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&tmp.path().join("nothing"), &["pledge", "--expert", "X01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("init"), "{}", stderr(&o));
}

#[test]
fn store_refusals_are_said_in_the_runs_language() {
    let (tmp, db) = ready_store();
    // In use by another process.
    let holder = Store::open(&db).unwrap();
    let args = ["score", "A001", "innovation", "20", "--expert", "X01"];
    let zh = stderr(&run_lang("zh", &db, &args));
    assert_chinese(&zh);
    assert!(zh.contains("正被另一个 pingshen 使用"), "{zh}");
    let en = stderr(&run_lang("en", &db, &args));
    assert!(en.contains("is in use by another pingshen"), "{en}");
    drop(holder);
    // Already holding a campaign.
    let dir = tmp.path().join("campaign");
    let zh = stderr(&run_lang("zh", &db, &["init", dir.to_str().unwrap()]));
    assert_chinese(&zh);
    assert!(zh.contains("已载入评审任务 `mini`"), "{zh}");
    let en = stderr(&run_lang("en", &db, &["init", dir.to_str().unwrap()]));
    assert!(en.contains("already holds campaign `mini`"), "{en}");
}

#[test]
fn recover_where_there_is_no_store_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let nothing = tmp.path().join("nothing");
    let o = run_lang("en", &nothing, &["recover"]);
    assert_eq!(o.status.code(), Some(1));
    let en = stderr(&o);
    assert!(en.contains("there is no store at"), "{en}");
    // It used to call the store damaged and recommend the command just run.
    assert!(!en.contains("damaged") && !en.contains("recover`"), "{en}");
    let zh = stderr(&run_lang("zh", &nothing, &["recover"]));
    assert_chinese(&zh);
    assert!(zh.contains("处没有评审库"), "{zh}");
    assert!(!nothing.exists(), "recover made a store out of nothing");
}

#[test]
fn a_store_written_with_one_value_per_record_still_reads() {
    // fixtures/store-json-records: `init` of tests/data/mini by the pingshen before stores
    // kept the campaign's records one value per kind too (see its README).
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store");
    copy_dir(&repo().join("fixtures/store-json-records/store"), &db);
    let loaded = pingshen::format::load_campaign(&repo().join("tests/data/mini"))
        .unwrap()
        .campaign;
    let old_store = Store::open(&db).unwrap();
    let old = old_store.campaign().unwrap();
    // Nor did it keep the campaign's digest: it is computed when needed.
    assert_eq!(old_store.campaign_digest().unwrap(), None);
    drop(old_store);
    assert_eq!(old.applications, loaded.applications);
    assert_eq!(old.units, loaded.units);
    assert_eq!(old.experts, loaded.experts);
    assert_eq!(old.content_digest(), loaded.content_digest());
    // A store written now reads back the same campaign.
    let (_fresh, new_db) = ready_store();
    let new_store = Store::open(&new_db).unwrap();
    let new = new_store.campaign().unwrap();
    assert_eq!(new_store.campaign_digest().unwrap(), Some(new.digest()));
    drop(new_store);
    assert_eq!(new.applications, old.applications);
    assert_eq!(new.units, old.units);
    assert_eq!(new.experts, old.experts);
    assert_eq!(new.content_digest(), old.content_digest());
    // The old store takes a commitment and a score as any other.
    assert!(run(&db, &["pledge", "--expert", "X01"]).status.success());
    let o = run(
        &db,
        &["score", "A001", "innovation", "20", "--expert", "X01"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        Store::open(&db).unwrap().scores(Some("X01")).unwrap().len(),
        1
    );
}
