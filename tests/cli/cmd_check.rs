//! `check --app` and `check --expert`: a summary about what was asked, the application
//! asked about always shown, and only the expert's own applications.

use crate::common;
use common::*;
use std::collections::BTreeSet;
use std::process::Command;

fn check(lang: &str, args: &[&str]) -> (String, Option<i32>) {
    let o = Command::new(bin())
        .args(["--lang", lang, "check", "--campaign"])
        .arg(repo().join("fixtures/campaign-2023"))
        .args(args)
        .output()
        .unwrap();
    (stdout(&o), o.status.code())
}

#[test]
fn a_clean_application_says_so() {
    let (en, code) = check("en", &["--app", "A001"]);
    assert_eq!(code, Some(0), "{en}");
    let lines: Vec<&str> = en.lines().collect();
    assert!(
        lines[1].starts_with("application A001: passes formal review; 0 blocking findings"),
        "{en}"
    );
    // Not the campaign's count of applications.
    assert!(!en.contains("68 applications"), "{en}");
    assert!(en.contains("\nA001 "), "{en}");
    assert!(en.contains("  formal review: passes, no findings"), "{en}");
    let (zh, _) = check("zh", &["--app", "A001"]);
    assert!(zh.contains("项目 A001：通过形式审查"), "{zh}");
    assert!(zh.contains("形式审查：通过，无审查发现"), "{zh}");
}

#[test]
fn an_application_with_findings_is_summed_up_alone() {
    let (en, _) = check("en", &["--app", "A045"]);
    assert!(
        en.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("application A045: passes formal review; 0 blocking findings open (0 overridden), 1 warnings")),
        "{en}"
    );
    assert!(en.contains("E6 warning [A007]"), "{en}");
    assert!(!en.contains("no findings"), "{en}");
}

#[test]
fn an_expert_sees_their_own_panels_failed_applications_only() {
    let json = |args: &[&str]| -> serde_json::Value {
        let (out, _) = check("en", &[&["--format", "json"], args].concat());
        serde_json::from_str(&out).unwrap()
    };
    let failed = |v: &serde_json::Value| -> BTreeSet<String> {
        v["failed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["application"].as_str().unwrap().to_string())
            .collect()
    };
    let all = failed(&json(&[]));
    let mine = failed(&json(&["--expert", "EXP01"]));
    // EXP01 stands on panel P1 (directions 1 to 6): A009 and A022 are other panels'.
    assert!(all.contains("A009") && all.contains("A022"), "{all:?}");
    assert!(!mine.contains("A009") && !mine.contains("A022"), "{mine:?}");
    assert!(!mine.is_empty() && mine.is_subset(&all), "{mine:?}");
    let campaign = pingshen::format::load_campaign(&repo().join("fixtures/campaign-2023"))
        .unwrap()
        .campaign;
    let p1: BTreeSet<u8> = campaign
        .panel("P1")
        .unwrap()
        .directions
        .iter()
        .copied()
        .collect();
    for a in &mine {
        let d = campaign.application(a).unwrap().direction();
        assert!(p1.contains(&d), "{a} is in direction {d}, not P1's");
    }
    let (text, _) = check("en", &["--expert", "EXP01"]);
    assert!(
        text.lines().nth(1).is_some_and(|l| l.starts_with(&format!(
            "expert EXP01 林书航: {} of their panels' applications fail formal review",
            mine.len()
        ))),
        "{text}"
    );
    for a in &all {
        assert_eq!(
            text.contains(&format!("\n{a} ")),
            mine.contains(a),
            "{a}: {text}"
        );
    }
    // Each failed application reads in full: the finding behind its failure is under it,
    // as `--app` shows it, though only the expert's own findings are counted.
    let blocks: Vec<&str> = text.split("\n\n").skip(1).collect();
    for a in &mine {
        let block = blocks
            .iter()
            .find(|b| b.starts_with(&format!("{a} ")))
            .unwrap_or_else(|| panic!("{a} is listed: {text}"));
        let (app_text, _) = check("en", &["--app", a]);
        let finding = app_text
            .lines()
            .find(|l| l.starts_with("  E") && l.contains(" blocking "))
            .unwrap_or_else(|| panic!("{a} has a blocking finding: {app_text}"));
        assert!(block.contains(finding), "{a}: {block}\nlacks {finding}");
    }
}
