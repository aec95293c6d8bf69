//! The rules against the bundled campaign `fixtures/campaign-2023/`: exactly the planted
//! cases of its README fire, each on the records the README names, and nothing else.

use pingshen::format::load_campaign;
use pingshen::rules::{assess, Severity};
use std::collections::BTreeSet;
use std::path::Path;

type Key = (String, String, String, Severity, Vec<String>);

fn key(rule: &str, app: &str, expert: &str, sev: Severity, records: &[&str]) -> Key {
    (
        rule.into(),
        app.into(),
        expert.into(),
        sev,
        records.iter().map(|s| s.to_string()).collect(),
    )
}

#[test]
fn exactly_the_planted_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/campaign-2023");
    let c = match load_campaign(&dir) {
        Ok(l) => l.campaign,
        Err(e) => panic!("the bundled campaign does not load:\n{e}"),
    };
    let a = assess(&c, &[], &[]);
    let got: BTreeSet<Key> = a
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.application.clone().unwrap_or_default(),
                f.expert.clone().unwrap_or_default(),
                f.severity,
                f.records.clone(),
            )
        })
        .collect();
    use Severity::{Blocking as B, Warning as W};
    let want: BTreeSet<Key> = [
        key("E1", "A005", "", B, &["U017", "U018"]),
        key("E1", "A050", "", B, &["U084", "U085", "U086"]),
        key("E2", "A018", "", B, &["U046"]),
        key("E2", "A022", "", B, &["U046"]),
        key("E2", "A046", "", B, &["U046"]),
        key("E3", "A039", "", B, &[]),
        key("E4", "A041", "", B, &[]),
        key("E4", "A043", "", B, &[]),
        key("E5", "A054", "", B, &[]),
        key("E5", "A056", "", B, &[]),
        key("E6", "A007", "", W, &["A045"]),
        key("E6", "A045", "", W, &["A007"]),
        key("E7", "A009", "", B, &["U028"]),
        key("E7", "A019", "", B, &["U048"]),
        key(
            "E8",
            "",
            "",
            W,
            &["rec-gd", "A029", "A030", "A031", "A032", "A033", "A034"],
        ),
        key("E8", "", "", W, &["rec-sc", "A035", "A036", "A037"]),
        key("E8", "", "", W, &["rec-zj", "A017"]),
        key("E8", "", "", W, &["rec-sd", "A024", "A025"]),
        key("E9", "A021", "", W, &["rec-fj"]),
        key("E10", "A042", "", W, &["U075"]),
        key("E10", "A051", "", W, &["U087"]),
        key("E11", "A048", "", B, &["rec-rail-sh"]),
        key("E12", "A066", "", B, &["U110", "rec-mot"]),
        key("E13", "A040", "", B, &["U072", "U073"]),
        key("C1", "A052", "EXP11", B, &["U089"]),
        key("C2", "A012", "EXP02", B, &["U033", "U001"]),
        key("C3", "A058", "EXP03", B, &["U097"]),
        key("C4", "A003", "EXP01", B, &[]),
        key("C4", "A004", "EXP28", B, &["U014"]),
        key("C5", "A059", "EXP12", W, &["U134", "U100"]),
        key("C6", "A026", "EXP19", W, &["rec-hub"]),
        key("C6", "A027", "EXP19", W, &["rec-hub"]),
        key("C6", "A028", "EXP19", W, &["rec-hub"]),
    ]
    .into_iter()
    .collect();
    let extra: Vec<_> = got.difference(&want).collect();
    let missing: Vec<_> = want.difference(&got).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "extra: {extra:#?}\nmissing: {missing:#?}"
    );
    assert_eq!(a.findings.len(), want.len(), "a finding repeated");
    let failed: Vec<_> = a.eligibility.failed.keys().map(String::as_str).collect();
    assert_eq!(
        failed,
        vec![
            "A005", "A009", "A018", "A019", "A022", "A039", "A040", "A041", "A043", "A046", "A048",
            "A050", "A054", "A056", "A066"
        ]
    );
}
