//! The interface tests' campaign breaks no rule of the notice but the one it plants: expert
//! E01's own unit joins A00005 (C1). Anything else would quietly drop applications out of
//! review and make the other tests test less than they seem to.

use crate::tui_common;
use pingshen::rules::{assess, credit_code, Severity};

#[test]
fn only_the_planted_conflict_is_found() {
    for n in [6, 300, 10_000] {
        let c = tui_common::campaign(n);
        let a = assess(&c, &[], &[]);
        let found: Vec<(String, Option<String>, Option<String>, Severity)> = a
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule.clone(),
                    f.application.clone(),
                    f.expert.clone(),
                    f.severity,
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![(
                "C1".to_string(),
                Some("A00005".to_string()),
                Some("E01".to_string()),
                Severity::Blocking
            )],
            "{n} applications: {:#?}",
            a.findings
        );
        assert!(a.eligibility.failed.is_empty());
    }
}

#[test]
fn credit_codes_are_valid_and_unique() {
    let c = tui_common::campaign(2_000);
    let mut seen = std::collections::HashSet::new();
    for u in &c.units {
        let code = credit_code::validate(&u.credit_code)
            .unwrap_or_else(|e| panic!("{} {}: {e}", u.id, u.credit_code));
        assert!(code.warnings.is_empty(), "{}: {:?}", u.id, code.warnings);
        assert!(
            seen.insert(u.credit_code.clone()),
            "{} repeats",
            u.credit_code
        );
        assert!(seen.insert(u.name.clone()), "{} repeats", u.name);
    }
}
