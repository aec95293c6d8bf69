//! `verify`: one verdict line per file in input order, in the chosen language, exit 1 on
//! any failure.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, ok, setup};

fn exported(s: &cmd_support::Setup) -> String {
    s.scored_store();
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
    out
}

#[test]
fn lines_in_input_order_and_exit_one_on_an_altered_sheet() {
    let s = setup();
    let good = exported(&s);
    let bytes = std::fs::read(&good).unwrap();
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("\"value\":2000", "\"value\":2500");
    let bad = s.p("X01-altered.json");
    std::fs::write(&bad, text).unwrap();
    let missing = s.p("missing.json");
    let o = s.run(&["verify", "--campaign", &s.dir_s(), &bad, &good, &missing]);
    assert_eq!(code(&o), 1);
    let out = common::stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(
        lines[0],
        format!("{bad}: altered: the signature does not match its content")
    );
    assert_eq!(lines[1], format!("{good}: ok"));
    assert!(lines[2].starts_with(&format!("{missing}: cannot be read")));
    // Only the good one: exit 0.
    ok(&s.run(&["verify", "--campaign", &s.dir_s(), &good]));
}

#[test]
fn chinese_lines_and_another_campaign() {
    let s = setup();
    let good = exported(&s);
    let other = common::mini_copy();
    std::fs::copy(s.dir.join("keys.toml"), other.1.join("keys.toml")).unwrap();
    let t = std::fs::read_to_string(other.1.join("campaign.toml")).unwrap();
    std::fs::write(
        other.1.join("campaign.toml"),
        t.replace("cut_top_n = 3", "cut_top_n = 4"),
    )
    .unwrap();
    let o = std::process::Command::new(common::bin())
        .args([
            "--lang",
            "zh",
            "verify",
            "--campaign",
            other.1.to_str().unwrap(),
            &good,
        ])
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    assert!(
        common::stdout(&o).contains("属于其他评审活动"),
        "{}",
        common::stdout(&o)
    );
    let o = std::process::Command::new(common::bin())
        .args(["--lang", "zh", "verify", "--campaign", &s.dir_s(), &good])
        .output()
        .unwrap();
    ok(&o);
    assert_eq!(common::stdout(&o).trim(), format!("{good}：通过"));
}

#[test]
fn a_campaign_without_keys_is_refused() {
    let s = setup();
    let good = exported(&s);
    std::fs::remove_file(s.dir.join("keys.toml")).unwrap();
    let o = s.run(&["verify", "--campaign", &s.dir_s(), &good]);
    assert_eq!(code(&o), 1);
    assert!(cmd_support::one_sentence(&o).contains("keys.toml does not exist"));
}

/// The campaign is read while the sheets are read and checked; its problems still come
/// first, and no sheet is judged against a campaign that could not be read.
#[test]
fn a_broken_campaign_is_reported_before_the_sheets() {
    let s = setup();
    let good = exported(&s);
    let missing = s.p("missing.json");
    let merged = s.p("merged.json");
    std::fs::write(s.dir.join("campaign.toml"), "id = [unclosed\n").unwrap();
    let dir = s.dir_s();
    for args in [
        vec!["verify", "--campaign", &dir, &good, &missing],
        vec!["merge", "--campaign", &dir, &good, &missing, "-o", &merged],
    ] {
        let o = s.run(&args);
        assert_ne!(code(&o), 0, "{args:?}");
        assert!(common::stdout(&o).is_empty(), "{}", common::stdout(&o));
        let e = common::stderr(&o);
        assert!(
            e.contains("campaign.toml") && !e.contains("missing.json") && !e.contains("panicked"),
            "{args:?}: {e}"
        );
    }
    assert!(!s.path("merged.json").exists());
}

/// `merge` reads keys.toml while the campaign loads; a missing one is still named before
/// a sheet that cannot be read.
#[test]
fn merge_names_missing_keys_before_an_unreadable_sheet() {
    let s = setup();
    let good = exported(&s);
    let missing = s.p("missing.json");
    let merged = s.p("merged.json");
    std::fs::remove_file(s.dir.join("keys.toml")).unwrap();
    let o = s.run(&[
        "merge",
        "--campaign",
        &s.dir_s(),
        &good,
        &missing,
        "-o",
        &merged,
    ]);
    assert_ne!(code(&o), 0);
    let e = cmd_support::one_sentence(&o);
    assert!(
        e.contains("keys.toml") && !e.contains("missing.json"),
        "{e}"
    );
}

/// Sheets are checked (keys, signature) before the campaign's digest is known, and
/// judged against it after: a sheet of another campaign is still named as such before
/// its altered signature is.
#[test]
fn another_campaign_is_named_before_an_altered_signature() {
    let s = setup();
    let good = exported(&s);
    let text = std::fs::read_to_string(&good)
        .unwrap()
        .replace("\"value\":2000", "\"value\":2500");
    let bad = s.p("X01-altered.json");
    std::fs::write(&bad, text).unwrap();
    let other = common::mini_copy();
    std::fs::copy(s.dir.join("keys.toml"), other.1.join("keys.toml")).unwrap();
    let t = std::fs::read_to_string(other.1.join("campaign.toml")).unwrap();
    std::fs::write(
        other.1.join("campaign.toml"),
        t.replace("cut_top_n = 3", "cut_top_n = 4"),
    )
    .unwrap();
    let o = s.run(&[
        "verify",
        "--campaign",
        other.1.to_str().unwrap(),
        &bad,
        &good,
    ]);
    assert_eq!(code(&o), 1);
    let out = common::stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for (line, file) in lines.iter().zip([&bad, &good]) {
        assert!(
            line.starts_with(&format!("{file}: another campaign")),
            "{out}"
        );
    }
    // Against its own campaign, the altered one is altered.
    let o = s.run(&["verify", "--campaign", &s.dir_s(), &bad]);
    assert!(
        common::stdout(&o).contains("altered"),
        "{}",
        common::stdout(&o)
    );
}
