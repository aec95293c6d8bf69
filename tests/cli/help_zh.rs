//! `--help`, `help` and `man` speak the run's language: Chinese by default, English with
//! `--lang en` exactly as clap writes it from the declaration.

use crate::common::{bin, english_prose, stdout};
use clap::CommandFactory;
use pingshen::cli::Cli;
use std::process::{Command, Output};

/// Runs pingshen with `env` over a clean language environment and no config file.
fn output(args: &[&str], env: &[(&str, &str)]) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = Command::new(bin());
    c.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("PINGSHEN_DB")
        .env("PINGSHEN_CONFIG", tmp.path().join("none.toml"));
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// A help screen is Chinese: its headings are, and every line but the usage (a command
/// line: the command's path, its flags and placeholders) has no English prose.
fn assert_chinese_help(help: &str) {
    let mut lines = help.lines();
    assert!(
        help.lines().any(|l| l.starts_with("用法: pingshen")),
        "no Chinese usage heading: {help}"
    );
    assert!(
        help.contains("\n选项:\n"),
        "no Chinese options heading: {help}"
    );
    for heading in ["Usage:", "Options:", "Arguments:", "Commands:"] {
        assert!(!help.contains(heading), "English heading {heading}: {help}");
    }
    for line in lines.by_ref().filter(|l| !l.starts_with("用法: ")) {
        if let Some(words) = english_prose(line) {
            panic!("English prose `{words}` in the Chinese help line `{line}`:\n{help}");
        }
    }
    assert!(help.contains("显示帮助"), "{help}");
}

/// The help clap gives for `args` from the declaration alone: what `--lang en` prints.
fn english_help(args: &[&str]) -> String {
    let e = Cli::command()
        .try_get_matches_from(args)
        .expect_err("help is clap's refusal to run");
    assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
    e.render().to_string()
}

/// Every command and every argument of the whole tree has a Chinese text; the list names
/// what lacks one (an argument added in cli.rs needs its line in cli_zh.rs).
#[test]
fn every_command_and_argument_has_chinese_help() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        let name = if path.is_empty() { "pingshen" } else { path };
        match pingshen::cli_zh::about(path) {
            None => missing.push(format!("{name}: no Chinese about")),
            Some(t) if english_prose(t).is_some() || !t.chars().any(is_cjk) => {
                missing.push(format!("{name}: about `{t}` is not Chinese"))
            }
            Some(_) => {}
        }
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            match pingshen::cli_zh::arg_help(path, id) {
                None => missing.push(format!("{name} {id}: no Chinese help")),
                Some(t) if english_prose(t).is_some() || !t.chars().any(is_cjk) => {
                    missing.push(format!("{name} {id}: help `{t}` is not Chinese"))
                }
                Some(_) => {}
            }
        }
        for s in cmd.get_subcommands() {
            let sub = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path} {}", s.get_name())
            };
            walk(s, &sub, missing);
        }
    }
    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }
    // Built, so clap's own --help, --version and `help` are there too.
    let mut cmd = Cli::command();
    cmd.build();
    let mut missing = vec![];
    walk(&cmd, "", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));

    // And the localised command carries them all: what clap would add in English
    // (defaults, choices) is said in Chinese too.
    fn shown(cmd: &clap::Command, path: &str, bad: &mut Vec<String>) {
        let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
        if english_prose(&about).is_some() || about.is_empty() {
            bad.push(format!("{path}: {about}"));
        }
        for a in cmd.get_arguments() {
            let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
            if english_prose(&help).is_some() || help.is_empty() || a.get_long_help().is_some() {
                bad.push(format!("{path} {}: {help}", a.get_id()));
            }
        }
        for s in cmd.get_subcommands() {
            shown(s, &format!("{path} {}", s.get_name()), bad);
        }
    }
    let mut bad = vec![];
    shown(
        &pingshen::cli_zh::localised(Cli::command()),
        "pingshen",
        &mut bad,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn triage_help_is_chinese_in_a_chinese_run() {
    for (args, env) in [
        (&["triage", "--help"][..], &[("LANG", "zh_CN.UTF-8")][..]),
        (&["--lang", "zh", "triage", "--help"][..], &[][..]),
        // The audit's case: no Chinese locale at all, and Chinese is the default.
        (&["triage", "--help"][..], &[("LANG", "C.UTF-8")][..]),
        (&["triage", "-h"][..], &[][..]),
        (&["help", "triage"][..], &[][..]),
    ] {
        let o = output(args, env);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let help = stdout(&o);
        assert_chinese_help(&help);
        assert!(
            help.starts_with("秘书处对一个项目签署的形式审查结论\n"),
            "{help}"
        );
        assert!(help.contains("\n参数:\n"), "{help}");
        assert!(
            help.contains(
                "用法: pingshen triage [OPTIONS] --reason <REASON> --key <FILE> <APP> <VERDICT>"
            ),
            "{help}"
        );
        assert!(
            help.contains("<VERDICT>") && help.contains("只记下一个问题（可选：pass、fail、info）"),
            "{help}"
        );
        assert!(
            help.contains("--key <FILE>") && help.contains("秘书处的私钥文件"),
            "{help}"
        );
        assert!(
            help.contains("-h, --help") && help.contains("显示帮助"),
            "{help}"
        );
        // The global options too, with their choices in Chinese.
        assert!(
            help.contains("界面语言；默认依 LANG 而定（可选：zh、en）"),
            "{help}"
        );
    }
}

#[test]
fn the_programs_help_and_a_nested_command_are_chinese() {
    let help = stdout(&output(&["--help"], &[]));
    assert_chinese_help(&help);
    assert!(help.contains("\n子命令:\n"), "{help}");
    assert!(
        help.contains("评审 pingshen：网络安全技术应用试点示范项目的专家评审"),
        "{help}"
    );
    assert!(help.contains("显示本帮助，或所给子命令的帮助"), "{help}");
    assert!(
        help.contains("-V, --version") && help.contains("显示版本"),
        "{help}"
    );

    // Given no command, clap shows the help (on stderr, exit 2): Chinese too.
    for args in [&[][..], &["decide"][..]] {
        let o = output(args, &[]);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_chinese_help(&crate::common::stderr(&o));
    }

    let help = stdout(&output(&["decide", "dismiss", "--help"], &[]));
    assert_chinese_help(&help);
    assert!(help.starts_with("排除一项 E6 或 C5 疑似情形"), "{help}");
    // Defaults are said in Chinese rather than clap's `[default: text]`.
    let help = stdout(&output(&["check", "--help"], &[]));
    assert_chinese_help(&help);
    assert!(help.contains("（默认：text；可选：text、json）"), "{help}");
}

#[test]
fn help_in_english_is_claps_own() {
    for args in [
        &["pingshen", "triage", "--help"][..],
        &["pingshen", "--help"][..],
        &["pingshen", "check", "--help"][..],
        &["pingshen", "decide", "confirm", "-h"][..],
    ] {
        let mut with_lang = vec!["--lang", "en"];
        with_lang.extend_from_slice(&args[1..]);
        let o = output(&with_lang, &[("LANG", "zh_CN.UTF-8")]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stdout(&o), english_help(args), "{args:?}");
        // $LANG alone decides it too.
        let o = output(&args[1..], &[("LANG", "en_US.UTF-8")]);
        assert_eq!(stdout(&o), english_help(args), "{args:?}");
    }
}

/// The config file's language decides the help too, under the flag and over $LANG.
#[test]
fn help_follows_the_config_files_language() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("config.toml");
    let cfg_s = cfg.to_str().unwrap();
    std::fs::write(&cfg, "lang = \"en\"\n").unwrap();
    let o = output(
        &["triage", "--help"],
        &[("PINGSHEN_CONFIG", cfg_s), ("LANG", "zh_CN.UTF-8")],
    );
    assert_eq!(stdout(&o), english_help(&["pingshen", "triage", "--help"]));
    let o = output(
        &["--lang", "zh", "triage", "--help"],
        &[("PINGSHEN_CONFIG", cfg_s)],
    );
    assert_chinese_help(&stdout(&o));
    std::fs::write(&cfg, "lang = \"zh\"\n").unwrap();
    let o = output(
        &["triage", "--help"],
        &[("PINGSHEN_CONFIG", cfg_s), ("LANG", "en_US.UTF-8")],
    );
    assert_chinese_help(&stdout(&o));
    // A config file in error does not stop the help: $LANG says its language.
    std::fs::write(&cfg, "lang = = \"zh\"\n").unwrap();
    let o = output(
        &["triage", "--help"],
        &[("PINGSHEN_CONFIG", cfg_s), ("LANG", "zh_CN.UTF-8")],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_chinese_help(&stdout(&o));
}

/// A Chinese usage error sends the user to `--help`, and that help is Chinese.
#[test]
fn a_usage_error_points_to_chinese_help() {
    let o = output(&["triage", "A001"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::common::stderr(&o);
    assert!(err.contains("缺少必需的参数："), "{err}");
    assert!(
        err.contains("更多信息请用 `pingshen triage --help`"),
        "{err}"
    );
    assert_chinese_help(&stdout(&output(&["triage", "--help"], &[])));
}

#[test]
fn the_man_page_speaks_the_runs_language() {
    let zh = stdout(&output(&["man"], &[]));
    for heading in [".SH 名称", ".SH 概要", ".SH 描述", ".SH 选项", ".SH 子命令"] {
        assert!(zh.contains(&format!("\n{heading}\n")), "{heading}: {zh}");
    }
    for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(!zh.contains(&format!(".SH {heading}\n")), "{heading}");
    }
    assert!(zh.contains("秘书处对一个项目签署的形式审查结论"), "{zh}");
    assert!(zh.contains("秘书处的私钥文件"), "{zh}");
    assert!(zh.contains(".SH \"PINGSHEN TRIAGE\""), "{zh}");
    assert!(!zh.contains(".SH \"PINGSHEN HELP\""), "{zh}");
    assert!(!zh.contains("The secretariat's"), "{zh}");

    let en = output(&["--lang", "en", "man"], &[("LANG", "zh_CN.UTF-8")]);
    let en_text = stdout(&en);
    assert!(en_text.contains(".SH NAME\n") && en_text.contains(".SH OPTIONS\n"));
    assert!(
        en_text.contains("The secretariat\\*(Aqs signed formal\\-review verdict"),
        "{en_text}"
    );
    assert!(!en_text.contains("秘书处") && !en_text.contains(".SH 名称"));
    // The English main page is clap_mangen's own, from the declaration.
    let mut root = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut root)
        .unwrap();
    assert!(en.stdout.starts_with(&root));
    assert_eq!(
        en.stdout,
        pingshen::commands::meta::man_page(pingshen::i18n::Lang::En).unwrap()
    );
}
