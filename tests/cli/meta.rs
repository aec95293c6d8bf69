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
    std::fs::write(&cfg, "theme = \"high-contrast\"\n[keys]\nquit = \"x\"\n").unwrap();
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
    assert!(text.contains("quit = \"x\""), "{text}");
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
