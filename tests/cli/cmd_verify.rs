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
