//! Completions, the man page and the configuration describe the real program.

use crate::common;
use clap::CommandFactory;
use common::*;
use std::process::Command;

fn subcommands() -> Vec<String> {
    pingshen::cli::Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect()
}

fn output(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(bin());
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn completions_mention_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let o = output(&["completions", shell], &[]);
        assert!(o.status.success());
        let text = stdout(&o);
        for s in subcommands() {
            assert!(text.contains(&s), "{shell} completions lack {s}");
        }
    }
}

#[test]
fn man_page_has_a_section_per_subcommand() {
    let o = output(&["man"], &[]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with(".ie") || text.contains(".TH pingshen 1"));
    for s in subcommands() {
        assert!(
            text.contains(&format!(".SH \"PINGSHEN {}\"", s.to_uppercase())),
            "man page lacks {s}"
        );
    }
}

#[test]
fn config_show_names_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config.toml");
    std::fs::write(&cfg, "theme = \"high-contrast\"\n[keys]\nquit = \"Q\"\n").unwrap();
    let cfg_s = cfg.to_str().unwrap();
    let o = output(
        &["--db", "/tmp/flagdb", "config", "show"],
        &[("PINGSHEN_CONFIG", cfg_s), ("LANG", "en_US.UTF-8")],
    );
    let text = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        text.contains("\"/tmp/flagdb\"") && text.contains("# command line"),
        "{text}"
    );
    assert!(
        text.contains("\"high-contrast\"") && text.contains(&format!("# {cfg_s}")),
        "{text}"
    );
    assert!(
        text.contains("lang  = \"en\"") && text.contains("$LANG"),
        "{text}"
    );
    assert!(text.contains("quit = \"Q\""), "{text}");

    // The store named by $PINGSHEN_DB is said to come from there, not from the command line.
    let o = output(
        &["config", "show"],
        &[
            ("PINGSHEN_CONFIG", cfg_s),
            ("LANG", "en_US.UTF-8"),
            ("PINGSHEN_DB", "/tmp/envdb"),
        ],
    );
    let text = stdout(&o);
    let db_line = text.lines().find(|l| l.starts_with("db ")).unwrap_or("");
    assert!(
        db_line.contains("\"/tmp/envdb\"") && db_line.ends_with("# environment $PINGSHEN_DB"),
        "{text}"
    );
}

#[test]
fn bad_config_is_one_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config.toml");
    std::fs::write(&cfg, "lang = \"zh\"\n\ntheme = 3\n").unwrap();
    let o = output(
        &["config", "show"],
        &[("PINGSHEN_CONFIG", cfg.to_str().unwrap())],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:3:", cfg.display())), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_key_that_takes_the_only_key_of_another_action_is_refused_with_its_line() {
    // `quit = "y"` would leave the commitment screen with no key to acknowledge it.
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config.toml");
    std::fs::write(&cfg, "[keys]\nquit = \"y\"\n").unwrap();
    for (lang, words) in [
        (
            "en_US.UTF-8",
            [
                "takes the only key of acknowledge",
                "give acknowledge a key too",
            ],
        ),
        (
            "zh_CN.UTF-8",
            ["拿走了 acknowledge", "同时给 acknowledge 另配一个键"],
        ),
    ] {
        let env = [("PINGSHEN_CONFIG", cfg.to_str().unwrap()), ("LANG", lang)];
        let o = output(&["config", "show"], &env);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains(&format!("{}:2:", cfg.display())), "{err}");
        for w in words {
            assert!(err.contains(w), "{err}");
        }
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // Giving acknowledge a key of its own as well is taken.
    std::fs::write(&cfg, "[keys]\nquit = \"y\"\nacknowledge = \"a\"\n").unwrap();
    let o = output(
        &["config", "show"],
        &[
            ("PINGSHEN_CONFIG", cfg.to_str().unwrap()),
            ("LANG", "en_US.UTF-8"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_key_for_no_such_action_is_flagged_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config.toml");
    std::fs::write(
        &cfg,
        "theme = \"mono\"\n\n[keys]\nquit = \"x\"\nfrobnicate = \"z\"\n",
    )
    .unwrap();
    let env = [
        ("PINGSHEN_CONFIG", cfg.to_str().unwrap()),
        ("LANG", "en_US.UTF-8"),
    ];
    let o = output(&["config", "show"], &env);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:5:", cfg.display())) && err.contains("frobnicate"),
        "{err}"
    );
    assert!(
        err.contains("no such action") && err.contains("quit"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // `tui` says the same, before it opens anything.
    let o = output(&["--db", "/nonexistent/store", "tui", "--triage"], &env);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), err);
    // A bad key is flagged the same way, on its own line.
    std::fs::write(&cfg, "[keys]\n\nquit = \"ctrl-\"\n").unwrap();
    let o = output(&["config", "show"], &env);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:3:", cfg.display())) && err.contains("unknown key"),
        "{err}"
    );
}

#[test]
fn version_names_the_formats_it_reads() {
    let o = output(&["--version"], &[]);
    assert!(stdout(&o).contains("campaign format 1"));
}

#[test]
fn the_english_prose_detector() {
    use crate::common::english_prose;
    assert_eq!(english_prose("无法读取（不存在）；请检查路径"), None);
    assert_eq!(
        english_prose("nonexist.json：无法读取（No such file or directory (os error 2)）"),
        Some("No such file or directory os error".into())
    );
    // Ids, paths, flags, commands in backticks and a lone word are not prose.
    assert_eq!(
        english_prose("请用 `pingshen --db x init DIR` 载入；在 Excel 或 WPS 中另存为 .xlsx；A001 与 keys.toml、--db"),
        None
    );
    // Data lists are not prose.
    assert_eq!(
        english_prose("A001.toml:8: 项目 `A001` 的行业 `mining` 不在通知所列行业中（telecom、hrss、water）；请改正"),
        None
    );
    assert_eq!(
        english_prose("units.toml:9: 单位 `U02`：missing field `name`"),
        Some("missing field".into())
    );
}

#[test]
fn config_errors_are_said_in_the_runs_language() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config.toml");
    std::fs::write(&cfg, "lang = \"fr\"\n").unwrap();
    let env = [("PINGSHEN_CONFIG", cfg.to_str().unwrap())];
    // The file that would give the language is the one in error: the flag gives it.
    let zh = output(&["--lang", "zh", "config", "show"], &env);
    assert_eq!(zh.status.code(), Some(1));
    let zh = stderr(&zh);
    crate::common::assert_chinese(&zh);
    assert!(zh.contains("lang `fr` 既不是 zh 也不是 en"), "{zh}");
    let en = stderr(&output(&["--lang", "en", "config", "show"], &env));
    assert!(
        en.contains("lang `fr` is not zh or en; fix the file"),
        "{en}"
    );
    // A TOML syntax error shows the line, not the parser's English.
    std::fs::write(&cfg, "theme = = \"mono\"\n").unwrap();
    let zh = stderr(&output(&["--lang", "zh", "config", "show"], &env));
    crate::common::assert_chinese(&zh);
    assert!(
        zh.contains(":1: 不是有效的 TOML：此行语法有误（`theme = = \"mono\"`）"),
        "{zh}"
    );
}

#[test]
fn command_line_mistakes_are_said_in_the_runs_language() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let db = db.to_str().unwrap();
    // A missing argument, given --campaign and --db.
    let args = [
        "triage",
        "A001",
        "--reason",
        "x",
        "--key",
        "k",
        "--campaign",
        "c",
    ];
    let zh = output(&[&["--db", db, "--lang", "zh"], &args[..]].concat(), &[]);
    assert_eq!(zh.status.code(), Some(2));
    let zh = stderr(&zh);
    crate::common::assert_chinese(zh.lines().next().unwrap_or(""));
    assert!(zh.contains("缺少必需的参数：<VERDICT>"), "{zh}");
    // The usage is the command's own: --campaign and --db are not shown as required.
    assert!(
        zh.contains(
            "用法：pingshen triage [OPTIONS] --reason <REASON> --key <FILE> <APP> <VERDICT>"
        ),
        "{zh}"
    );
    let en = stderr(&output(
        &[&["--db", db, "--lang", "en"], &args[..]].concat(),
        &[],
    ));
    assert!(
        en.contains("missing required argument(s): <VERDICT>"),
        "{en}"
    );
    assert!(
        en.contains(
            "Usage: pingshen triage [OPTIONS] --reason <REASON> --key <FILE> <APP> <VERDICT>"
        ),
        "{en}"
    );
    assert!(!en.contains("--campaign <DIR> --db"), "{en}");
    // A misspelt command, and a value not among the choices.
    let zh = stderr(&output(&["--lang", "zh", "chek"], &[]));
    assert!(
        zh.contains("没有 `chek` 这个命令；你是想用 `check` 吗？"),
        "{zh}"
    );
    let en = stderr(&output(&["--lang", "en", "check", "--format", "xml"], &[]));
    assert!(
        en.contains(
            "`xml` is not a valid value for `--format <FORMAT>` (possible values: text, json)"
        ),
        "{en}"
    );
    // Help itself is still clap's, on stdout, exit 0.
    let help = output(&["--lang", "zh", "triage", "--help"], &[]);
    assert_eq!(help.status.code(), Some(0));
}

/// Every argument and option of every command says what it is.
#[test]
fn every_argument_has_help() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if a.get_help().is_none()
                && a.get_long_help().is_none()
                && id != "help"
                && id != "version"
            {
                missing.push(format!("{path} {id}"));
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, &format!("{path} {}", s.get_name()), missing);
        }
    }
    let mut missing = vec![];
    walk(&pingshen::cli::Cli::command(), "pingshen", &mut missing);
    assert!(missing.is_empty(), "no help text: {missing:?}");
}

#[test]
fn config_show_speaks_the_runs_language() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config.toml");
    let env = [("PINGSHEN_CONFIG", cfg.to_str().unwrap())];
    let zh = stdout(&output(&["--lang", "zh", "config", "show"], &env));
    crate::common::assert_chinese(&zh);
    assert!(zh.contains("# 命令行") && zh.contains("（不存在）"), "{zh}");
    let en = stdout(&output(&["--lang", "en", "config", "show"], &env));
    assert!(
        en.contains("# command line") && en.contains("(not present)"),
        "{en}"
    );
}
