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

/// Runs init on `dir` in `lang`; exit 1, and stderr.
fn init_in(lang: &str, tmp: &tempfile::TempDir, dir: &Path) -> String {
    let db = tmp.path().join("store");
    let out = run_lang(lang, &db, &["init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!db.exists(), "a failed init left a store behind");
    stderr(&out)
}

#[test]
fn problems_are_said_in_the_runs_language() {
    let (tmp, dir) = mini_copy();
    // A syntax error, a missing field, and a reference to an unknown direction.
    edit(
        &dir.join("applications/A001.toml"),
        "priority = ",
        "priority = = ",
    );
    edit(
        &dir.join("units.toml"),
        "name = \"深圳云盾信息技术有限公司\"\n",
        "",
    );
    edit(
        &dir.join("applications/A002.toml"),
        "directions = [7]",
        "directions = [14]",
    );
    let zh = init_in("zh", &tmp, &dir);
    assert_chinese(&zh);
    assert!(zh.contains("3 个问题"), "{zh}");
    assert!(
        zh.contains("不是有效的 TOML：此行语法有误（`priority = = "),
        "{zh}"
    );
    assert!(zh.contains("缺少字段 `name`"), "{zh}");
    assert!(zh.contains("没有这个方向"), "{zh}");
    let en = init_in("en", &tmp, &dir);
    assert!(en.contains("3 problem(s)"), "{en}");
    assert!(en.contains("missing field `name`"), "{en}");
    assert!(
        en.contains("names direction 14, which does not exist"),
        "{en}"
    );
    assert!(!en.chars().any(|c| c == '：'), "{en}");
}

#[test]
fn a_folder_that_does_not_exist_is_named_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let gone = tmp.path().join("nonexistent");
    let en = init_in("en", &tmp, &gone);
    assert!(en.contains("the folder does not exist"), "{en}");
    assert!(!en.contains(&format!("{}/:", gone.display())), "{en}");
    let zh = init_in("zh", &tmp, &gone);
    assert_chinese(&zh);
    assert!(zh.contains("此文件夹不存在"), "{zh}");
    // A file given for the folder.
    let file = tmp.path().join("campaign.toml");
    fs::write(&file, "id = \"x\"\n").unwrap();
    let en = init_in("en", &tmp, &file);
    assert!(en.contains("is a file, not a folder"), "{en}");
}

#[test]
fn an_empty_folder_is_one_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let en = init_in("en", &tmp, &empty);
    assert_eq!(en.lines().count(), 2, "{en}");
    assert!(en.contains("not a campaign folder"), "{en}");
    let zh = init_in("zh", &tmp, &empty);
    assert_chinese(&zh);
    assert!(zh.contains("不是评审任务文件夹"), "{zh}");
}

#[test]
fn missing_files_are_said_one_way() {
    let (tmp, dir) = mini_copy();
    fs::remove_file(dir.join("campaign.toml")).unwrap();
    fs::remove_file(dir.join("experts.toml")).unwrap();
    let en = init_in("en", &tmp, &dir);
    let lines: Vec<&str> = en.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{en}");
    assert!(lines.iter().all(|l| l.contains(": is missing;")), "{en}");
}

#[test]
fn an_unreadable_file_is_one_problem_not_its_knock_on_references() {
    let (tmp, dir) = mini_copy();
    fs::remove_file(dir.join("units.toml")).unwrap();
    fs::create_dir(dir.join("units.toml")).unwrap();
    let en = init_in("en", &tmp, &dir);
    // Experts and applications name units: none of that is reported again.
    assert_eq!(en.lines().count(), 2, "{en}");
    assert!(en.contains("units.toml: is a folder, not a file"), "{en}");
    let zh = init_in("zh", &tmp, &dir);
    assert_chinese(&zh);
    assert!(zh.contains("是文件夹而不是文件"), "{zh}");
}

#[test]
fn an_id_that_could_name_a_path_is_refused() {
    let (tmp, dir) = mini_copy();
    edit(&dir.join("experts.toml"), "id = \"X02\"", "id = \"../X02\"");
    let en = init_in("en", &tmp, &dir);
    assert!(
        en.contains("`../X02` cannot be an expert id: an id is 1 to 64 letters, digits"),
        "{en}"
    );
}

/// JSON record files are read straight into records when every record reads; when one does
/// not, every bad record is still named, each with its id and line, and a record with a
/// repeated member or a file with a repeated list reads as it always did (the last stands).
#[test]
fn json_record_files_name_every_bad_record() {
    use pingshen::format::{load_campaign, write_campaign, Layout};
    let (tmp, dir) = mini_copy();
    let campaign = load_campaign(&dir).unwrap().campaign;
    let json = tmp.path().join("json");
    write_campaign(&json, &campaign, Layout::Json).unwrap();
    assert_eq!(load_campaign(&json).unwrap().campaign, campaign);
    let units = json.join("units.json");
    let text = fs::read_to_string(&units).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (list_key, list) = v.as_object().unwrap().iter().next().unwrap();
    let list = list.as_array().unwrap().clone();
    assert!(list.len() >= 3);
    let id = |i: usize| list[i]["id"].as_str().unwrap().to_string();

    // A repeated list: the last one stands. A repeated member: the last one stands.
    let mut first = list[0].clone();
    first["name"] = serde_json::json!("discarded");
    let record = serde_json::to_string(&list[0]).unwrap();
    let with_repeat = record.replacen('{', "{\"name\":\"discarded\",", 1);
    let rest: Vec<String> = list[1..]
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    fs::write(
        &units,
        format!(
            "{{\"{list_key}\":[{}],\"{list_key}\":[{with_repeat},{}]}}",
            serde_json::to_string(&first).unwrap(),
            rest.join(",")
        ),
    )
    .unwrap();
    assert_eq!(load_campaign(&json).unwrap().campaign, campaign);

    // Two bad records: both named.
    let mut bad = list.clone();
    bad[0]["colour"] = serde_json::json!("blue");
    bad[2]["name"] = serde_json::json!(7);
    fs::write(
        &units,
        serde_json::to_string_pretty(&serde_json::json!({ list_key: bad })).unwrap(),
    )
    .unwrap();
    let err = load_campaign(&json).unwrap_err().to_string();
    assert!(
        err.contains(&format!("`{}`", id(0))) && err.contains(&format!("`{}`", id(2))),
        "{err}"
    );
    assert!(err.contains("colour"), "{err}");
}
