//! One language per run, and errors that point the right way: for each family of refusal,
//! a Chinese run says it in Chinese with no English prose left, and an English run in
//! English; no OS error text, Rust type or temporary file name reaches the user.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, ok, setup};
use common::{assert_chinese, run_lang, stderr, stdout};

/// Runs in both languages and returns (zh stderr, en stderr), each exit `want`.
fn both(s: &cmd_support::Setup, want: i32, args: &[&str]) -> (String, String) {
    let zh = run_lang("zh", &s.db, args);
    let en = run_lang("en", &s.db, args);
    assert_eq!(code(&zh), want, "{}", stderr(&zh));
    assert_eq!(code(&en), want, "{}", stderr(&en));
    (stderr(&zh), stderr(&en))
}

#[test]
fn os_errors_are_plain_phrases_in_the_runs_language() {
    let s = setup();
    ok(&s.run(&["init", &s.dir_s()]));
    let missing = s.p("nonexist.key");
    let (zh, en) = both(
        &s,
        1,
        &[
            "triage", "A001", "fail", "--reason", "理由", "--key", &missing,
        ],
    );
    assert_chinese(&zh);
    assert!(zh.contains("nonexist.key：无法读取（不存在）"), "{zh}");
    assert!(
        en.contains("nonexist.key: cannot read it (it does not exist)"),
        "{en}"
    );
    for text in [&zh, &en] {
        assert!(
            !text.contains("os error") && !text.contains("No such file"),
            "{text}"
        );
    }
    // A folder where a file should be.
    let (zh, en) = both(
        &s,
        1,
        &[
            "triage",
            "A001",
            "fail",
            "--reason",
            "理由",
            "--key",
            &s.dir_s(),
        ],
    );
    assert_chinese(&zh);
    assert!(zh.contains("是文件夹而不是文件"), "{zh}");
    assert!(en.contains("it is a folder, not a file"), "{en}");
}

#[test]
fn keys_toml_problems_are_said_in_the_runs_language() {
    let s = setup();
    let keys = s.dir.join("keys.toml");
    let text = std::fs::read_to_string(&keys).unwrap();
    std::fs::write(
        &keys,
        text.replacen("role = \"expert\"", "role = \"judge\"", 1),
    )
    .unwrap();
    let sheet = s.p("none.json");
    let (zh, en) = both(&s, 1, &["verify", "--campaign", &s.dir_s(), &sheet]);
    assert_chinese(&zh);
    assert!(zh.contains("keys.toml 第 "), "{zh}");
    assert!(zh.contains("没有名为 `judge` 的取值"), "{zh}");
    assert!(en.contains("unknown variant `judge`"), "{en}");
}

#[test]
fn outputs_into_a_missing_folder_name_the_folder() {
    let s = setup();
    let missing = s.path("nonexist");
    let out = missing.join("m.json").display().to_string();
    let (zh, en) = both(
        &s,
        1,
        &[
            "merge",
            "--campaign",
            &s.dir_s(),
            &s.p("x.json"),
            "-o",
            &out,
        ],
    );
    assert_chinese(&zh);
    assert!(
        en.contains(&format!(
            "cannot write {out}: the folder {} does not exist; create it first",
            missing.display()
        )),
        "{en}"
    );
    for text in [&zh, &en] {
        assert!(
            !text.contains("nonexist/.tmp") && !text.contains("at path \""),
            "{text}"
        );
    }
    let out = missing.join("r.md").display().to_string();
    let (zh, en) = both(
        &s,
        1,
        &[
            "report",
            &s.p("m.json"),
            "--kind",
            "results",
            "--format",
            "md",
            "-o",
            &out,
        ],
    );
    assert_chinese(&zh);
    assert!(zh.contains("不存在"), "{zh}");
    assert!(en.contains("does not exist; create it first"), "{en}");
    assert!(!missing.exists());
}

#[test]
fn a_sheet_given_to_report_is_named_a_sheet() {
    let s = setup();
    s.scored_store();
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
    let out = s.p("x.md");
    let args = [
        "report", &sheet, "--kind", "results", "--format", "md", "-o", &out,
    ];
    let (zh, en) = both(&s, 1, &args);
    assert_chinese(&zh);
    assert!(
        zh.contains("它是专家的评分表；请先用 `pingshen merge` 汇总评分表"),
        "{zh}"
    );
    assert!(
        en.contains("it is an expert's score sheet; merge the sheets first"),
        "{en}"
    );
    for text in [&zh, &en] {
        assert!(
            !text.contains("struct") && !text.contains("CampaignRef"),
            "{text}"
        );
    }
    // Something that is not JSON at all.
    std::fs::write(&sheet, b"{ cut short").unwrap();
    let (_, en) = both(&s, 1, &args);
    assert!(en.contains("it is not JSON, or it is cut short"), "{en}");
}

#[test]
fn the_draw_refusal_is_said_in_the_runs_language() {
    let s = setup();
    ok(&s.run(&["init", &s.dir_s()]));
    let args = [
        "assign",
        "--seed",
        "1",
        "--panel-size",
        "9",
        "--key",
        &s.key("S01"),
    ];
    let (zh, en) = both(&s, 1, &args);
    assert_chinese(&zh);
    assert!(zh.contains("需要 9 名专家"), "{zh}");
    assert!(en.contains("needs 9 experts"), "{en}");
}

#[test]
fn gen_refusals_are_said_in_the_runs_language() {
    let s = setup();
    let args = ["gen", "--apps", "2", "--experts", "2", "-o", &s.dir_s()];
    let (zh, en) = both(&s, 1, &args);
    assert_chinese(&zh);
    assert!(zh.contains("不是空文件夹"), "{zh}");
    assert!(
        en.contains("is not empty; give gen a new or empty folder"),
        "{en}"
    );
}

#[test]
fn a_key_id_that_is_a_path_is_refused_in_one_sentence() {
    let s = setup();
    let out = s.path("keys-out");
    std::fs::create_dir_all(&out).unwrap();
    let args = [
        "keygen",
        "--role",
        "expert",
        "--id",
        "../evil",
        "-o",
        out.to_str().unwrap(),
    ];
    let (zh, en) = both(&s, 2, &args);
    assert_chinese(&zh);
    assert_eq!(en.lines().count(), 1, "{en}");
    assert!(
        en.contains("`../evil` cannot be a key id: an id is 1 to 64 letters, digits, `-` and `_`"),
        "{en}"
    );
    assert!(!s.path("evil.key").exists() && !out.join("../evil.key").exists());
    // Ids on other commands too, before any file is named after them.
    ok(&s.run(&["init", &s.dir_s()]));
    let (zh, en) = both(
        &s,
        2,
        &["export", "--expert", "../X01", "-o", &s.p("x.json")],
    );
    assert_chinese(&zh);
    assert!(en.contains("`../X01` cannot be an expert id"), "{en}");
    let (_, en) = both(&s, 2, &["check", "--app", "A 1"]);
    assert!(en.contains("`A 1` cannot be an application id"), "{en}");
}

#[test]
fn received_files_that_cannot_be_read_are_said_plainly() {
    let s = setup();
    ok(&s.run(&["init", &s.dir_s()]));
    let missing = s.p("nonexist.json");
    let zh = run_lang("zh", &s.db, &["receive", &missing]);
    assert_eq!(code(&zh), 1);
    let out = stdout(&zh);
    assert_chinese(&out);
    assert!(out.contains("nonexist.json：无法读取（不存在）"), "{out}");
    assert_chinese(&stderr(&zh));
}
