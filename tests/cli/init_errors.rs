//! `init` on broken campaigns: one clear error naming file and line per problem, exit 1,
//! and no store left behind.

use crate::common;
use common::*;
use std::fs;
use std::path::Path;

fn edit(path: &Path, from: &str, to: &str) {
    let s = fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{from} not in {}", path.display());
    fs::write(path, s.replacen(from, to, 1)).unwrap();
}

/// Runs init on the broken copy and returns stderr, checking the promises common to all.
fn init_fails(tmp: &tempfile::TempDir, dir: &Path) -> String {
    let db = tmp.path().join("store");
    let out = run(&db, &["init", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {err}");
    assert!(!db.exists(), "a failed init left a store behind");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    err
}

#[test]
fn valid_campaign_loads() {
    let (tmp, dir) = mini_copy();
    let out = run(&tmp.path().join("store"), &["init", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 applications"));
    // Progress is for terminals: piped, stderr stays empty.
    assert_eq!(stderr(&out), "");
}

#[test]
fn bad_toml_names_file_and_line() {
    let (tmp, dir) = mini_copy();
    edit(
        &dir.join("units.toml"),
        "kind = \"university\"",
        "kind = \"university",
    );
    let err = init_fails(&tmp, &dir);
    assert!(err.contains("units.toml:19:"), "{err}");
    assert_eq!(err.lines().count(), 2, "one problem, no cascade: {err}");
}

#[test]
fn missing_field_names_record() {
    let (tmp, dir) = mini_copy();
    edit(
        &dir.join("units.toml"),
        "name = \"深圳云盾信息技术有限公司\"\n",
        "",
    );
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("units.toml:9:")
            && err.contains("U02")
            && err.contains("missing field `name`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "one problem, no cascade: {err}");
}

#[test]
fn unknown_direction_names_line() {
    let (tmp, dir) = mini_copy();
    edit(
        &dir.join("applications/A002.toml"),
        "directions = [7]",
        "directions = [14]",
    );
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("A002.toml:3:") && err.contains("direction 14"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_line() {
    let (tmp, dir) = mini_copy();
    let p = dir.join("applications/A001.toml");
    let mut bytes = fs::read(&p).unwrap();
    let at = bytes.windows(8).position(|w| w == b"overview").unwrap();
    bytes.insert(at, 0xFF);
    fs::write(&p, bytes).unwrap();
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("A001.toml:16:") && err.contains("UTF-8"),
        "{err}"
    );
}

#[test]
fn duplicate_id_names_both_places() {
    let (tmp, dir) = mini_copy();
    fs::copy(
        dir.join("applications/A001.toml"),
        dir.join("applications/A001-copy.toml"),
    )
    .unwrap();
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("A001-copy.toml:1")
            && err.contains("used twice")
            && err.contains("A001.toml:1"),
        "{err}"
    );
}

#[test]
fn maximum_not_multiple_of_step() {
    let (tmp, dir) = mini_copy();
    edit(
        &dir.join("rubrics.toml"),
        "max = 50\nstep = 1",
        "max = 50\nstep = 3",
    );
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("rubrics.toml:37:") && err.contains("not a positive multiple"),
        "{err}"
    );
}

#[test]
fn unknown_unit_reference_names_line() {
    let (tmp, dir) = mini_copy();
    edit(
        &dir.join("applications/A002.toml"),
        "unit = \"U03\"",
        "unit = \"U99\"",
    );
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("A002.toml:16:") && err.contains("U99"),
        "{err}"
    );
}

#[test]
fn every_problem_is_listed_not_only_the_first() {
    let (tmp, dir) = mini_copy();
    edit(
        &dir.join("applications/A002.toml"),
        "unit = \"U03\"",
        "unit = \"U99\"",
    );
    edit(
        &dir.join("applications/A001.toml"),
        "industry = \"telecom\"",
        "industry = \"mining\"",
    );
    edit(
        &dir.join("experts.toml"),
        "unit = \"U01\"",
        "unit = \"U77\"",
    );
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("U99") && err.contains("mining") && err.contains("U77"),
        "{err}"
    );
    assert!(err.contains("3 problem(s)"), "{err}");
}

#[test]
fn newer_format_is_refused_plainly() {
    let (tmp, dir) = mini_copy();
    edit(
        &dir.join("campaign.toml"),
        "format_version = 1",
        "format_version = 9",
    );
    let err = init_fails(&tmp, &dir);
    assert!(
        err.contains("campaign.toml:1:") && err.contains("newer"),
        "{err}"
    );
}
