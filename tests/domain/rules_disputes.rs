//! Which decision stands on a subject, and when none does: two decisions that neither
//! replaces the other and that rank equal (effective date, chain length) dispute the
//! subject when they say different things. All of it from the signed content alone.

use crate::rules_support;
use pingshen::model::*;
use pingshen::rules::assess;
use pingshen::rules::rulings::{
    disputes, in_force, standings, Rulings, Standing, Subject, Verdict,
};
use pingshen::rules::Severity;
use rules_support::*;

fn triage(app: &str, verdict: TriageVerdict, day: &str, reason: &str) -> Decision {
    decision(
        Ruling::Triage {
            application: app.into(),
            verdict,
        },
        Role::Secretariat,
        day,
        reason,
    )
}

fn e6(confirm: bool, a: &str, o: &str, day: &str, reason: &str) -> Decision {
    let ruling = suspicion(confirm, "E6", a, Some(o), None);
    decision(ruling, Role::Secretariat, day, reason)
}

fn replacing(mut d: Decision, replaced: &Decision) -> Decision {
    d.supersedes = Some(replaced.digest());
    d
}

/// A standing with decisions in place of indexes, so orders can be compared.
fn by_content(ds: &[Decision], s: &Standing) -> (Subject, Decision, Vec<Vec<Decision>>) {
    let take = |ix: &[usize]| {
        let mut v: Vec<Decision> = ix.iter().map(|&i| ds[i].clone()).collect();
        v.sort_by_key(Decision::digest);
        v
    };
    (
        s.subject.clone(),
        ds[s.in_force].clone(),
        vec![
            take(&s.agreeing),
            take(&s.disputing),
            take(&s.superseded),
            take(&s.outranked),
        ],
    )
}

/// Every rotation and the reverse of `ds`: the same decisions read in other orders.
fn orders(ds: &[Decision]) -> Vec<Vec<Decision>> {
    let mut out = Vec::new();
    for k in 0..ds.len() {
        let mut v = ds.to_vec();
        v.rotate_left(k);
        out.push(v.clone());
        v.reverse();
        out.push(v);
    }
    out
}

fn dup_pair() -> rules_support::B {
    clean()
        .unit("U09", "北京安盾网络科技有限公司上海分公司")
        .app("A20", "金融行业数据安全治理平台项目", "SH", "U01", &[])
}

#[test]
fn two_verdicts_that_neither_replaces_dispute_the_subject_whatever_the_order() {
    let c = clean().build();
    let fail = triage("A01", TriageVerdict::Fail, "2026-12-05", "fail from desk 1");
    let pass = triage("A01", TriageVerdict::Pass, "2026-12-05", "pass from desk 2");
    let ds = vec![fail.clone(), pass.clone()];
    let first = disputes(&ds);
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0].subject,
        Subject::Triage {
            application: "A01".into()
        }
    );
    // Neither is said to supersede the other.
    assert!(first[0].superseded.is_empty() && first[0].outranked.is_empty());
    for order in orders(&ds) {
        let d = disputes(&order);
        assert_eq!(d.len(), 1);
        assert_eq!(by_content(&order, &d[0]), by_content(&ds, &first[0]));
        // Meanwhile the stricter counts, and the reason says it is disputed.
        let r = Rulings::new(&order);
        assert_eq!(
            r.triage("A01"),
            Some((TriageVerdict::Fail, "fail from desk 1"))
        );
        assert_eq!(
            r.triage_disputed_by("A01"),
            &[(TriageVerdict::Pass, "pass from desk 2")]
        );
        let a = assess(&c, &order, &[]);
        let (zh, en) = &a.eligibility.failed["A01"];
        assert!(
            en.contains("triage verdicts differ and neither replaces the other")
                && en.contains("fail: fail from desk 1; pass: pass from desk 2"),
            "{en}"
        );
        assert!(zh.contains("互不取代"), "{zh}");
    }
}

#[test]
fn the_same_verdict_and_reason_signed_apart_is_no_dispute() {
    let one = triage("A01", TriageVerdict::Fail, "2026-12-05", "材料不全");
    let mut other = one.clone();
    other.by = "SEC02".into();
    let ds = [one.clone(), other.clone()];
    assert!(disputes(&ds).is_empty());
    let s = &standings(&ds)[0];
    assert_eq!(s.agreeing.len(), 1);
    assert!(!s.is_disputed());
    // Another reason for the same verdict is a dispute: the record would say one of them.
    let mut reworded = other;
    reworded.reason = "缺少营业执照".into();
    assert_eq!(disputes(&[one, reworded]).len(), 1);
}

#[test]
fn a_new_decision_naming_one_of_them_settles_the_dispute() {
    let fail = triage("A01", TriageVerdict::Fail, "2026-12-05", "desk 1");
    let pass = triage("A01", TriageVerdict::Pass, "2026-12-05", "desk 2");
    let subject = Subject::Triage {
        application: "A01".into(),
    };
    let ds = vec![fail.clone(), pass.clone()];
    // The one a new decision names: the one whose verdict counts meanwhile.
    let named = &ds[in_force(&ds, &subject).unwrap()];
    assert_eq!(named, &fail);
    // Signed the same day, it still stands above both: it ends a longer chain.
    let settle = replacing(
        triage("A01", TriageVerdict::Pass, "2026-12-05", "settled: pass"),
        named,
    );
    let all = vec![fail.clone(), pass.clone(), settle.clone()];
    for order in orders(&all) {
        assert!(disputes(&order).is_empty());
        let s = &standings(&order)[0];
        assert_eq!(order[s.in_force], settle);
        // It supersedes the one it names, and stands above the other, which it does not.
        assert_eq!(
            s.superseded.iter().map(|&i| &order[i]).collect::<Vec<_>>(),
            vec![&fail]
        );
        assert_eq!(
            s.outranked.iter().map(|&i| &order[i]).collect::<Vec<_>>(),
            vec![&pass]
        );
        assert_eq!(
            Rulings::new(&order).triage("A01").unwrap().0,
            TriageVerdict::Pass
        );
        assert!(Rulings::new(&order).triage_disputed_by("A01").is_empty());
    }
    // Signed a later day, it supersedes both by its date.
    let later = replacing(
        triage("A01", TriageVerdict::Pass, "2026-12-06", "settled"),
        &fail,
    );
    let s = &standings(&[fail, pass, later])[0];
    assert_eq!(s.in_force, 2);
    assert_eq!(s.superseded.len(), 2);
    assert!(s.outranked.is_empty());
}

#[test]
fn a_later_date_supersedes_without_a_chain() {
    let fail = triage("A01", TriageVerdict::Fail, "2026-12-05", "desk 1");
    let pass = triage("A01", TriageVerdict::Pass, "2026-12-06", "desk 2");
    let s = &standings(&[pass.clone(), fail])[0];
    assert!(!s.is_disputed());
    assert_eq!(s.in_force, 0);
    assert_eq!(s.superseded, vec![1]);
}

#[test]
fn a_confirmation_and_a_dismissal_that_neither_replaces_block_until_settled() {
    let c = dup_pair().build();
    let confirm = e6(true, "A01", "A20", "2024-04-10", "one project");
    let dismiss = e6(false, "A20", "A01", "2024-04-10", "two projects");
    for order in orders(&[confirm.clone(), dismiss.clone()]) {
        assert_eq!(
            Rulings::new(&order).e6("A01", "A20"),
            Some(Verdict::Disputed)
        );
        let a = assess(&c, &order, &[]);
        let e6: Vec<_> = a.findings.iter().filter(|f| f.rule == "E6").collect();
        assert_eq!(e6.len(), 2);
        assert!(e6
            .iter()
            .all(|f| f.severity == Severity::Blocking
                && f.en.contains("both confirmed and dismissed")));
        assert!(a.eligibility.failed["A01"]
            .1
            .contains("counts as confirmed until"));
    }
    let settle = replacing(e6(false, "A01", "A20", "2024-04-10", "settled"), &confirm);
    let a = assess(&c, &[dismiss, settle, confirm], &[]);
    assert!(a.findings.iter().all(|f| f.rule != "E6"));
    assert!(a.eligibility.failed.is_empty());
}

#[test]
fn a_c5_confirmation_and_dismissal_that_neither_replaces_block_until_settled() {
    let c = clean()
        .unit("N1", "北京安盾网络科技股份有限公司")
        .expert("X02", "N1")
        .build();
    let ruling = |confirm: bool| suspicion(confirm, "C5", "A01", None, Some("X02"));
    let confirm = decision(ruling(true), Role::Secretariat, "2024-04-10", "同一集团");
    let dismiss = decision(ruling(false), Role::Chair, "2024-04-10", "无关");
    let a = assess(&c, &[dismiss, confirm], &[]);
    assert!(a.eligibility.is_blocked("X02", "A01"));
    let c5: Vec<_> = a.findings.iter().filter(|f| f.rule == "C5").collect();
    assert!(c5[0].zh.contains("互不取代"), "{}", c5[0].zh);
}

/// An E6 ruling without the other application (or a C5 one without the expert) rules on no
/// one suspicion: it is no subject and weighs nothing (and no reader takes such a file).
#[test]
fn a_ruling_on_one_application_alone_weighs_nothing() {
    let c = dup_pair().build();
    let alone = decision(
        Ruling::Dismiss {
            rule: "E6".into(),
            application: "A01".into(),
            other: None,
            expert: None,
        },
        Role::Secretariat,
        "2024-04-11",
        "not the same",
    );
    assert_eq!(Subject::of(&alone), None);
    let confirm = e6(true, "A01", "A20", "2024-04-10", "one project");
    let a = assess(&c, &[confirm, alone], &[]);
    assert!(a.eligibility.failed.contains_key("A01"));
    assert!(standings(&[]).is_empty());
}

/// The same decision in two files (copied from one folder into another) is one decision:
/// no dispute, and a replacement naming it supersedes both copies.
#[test]
fn the_same_decision_in_two_files_is_one_decision() {
    let fail = triage("A01", TriageVerdict::Fail, "2026-12-05", "desk 1");
    let pass = replacing(
        triage("A01", TriageVerdict::Pass, "2026-12-05", "fixed"),
        &fail,
    );
    let ds = [fail.clone(), pass.clone(), fail.clone()];
    assert!(disputes(&ds).is_empty());
    let s = &standings(&ds)[0];
    assert_eq!(ds[s.in_force], pass);
    assert_eq!(s.superseded.len(), 2);
    assert!(s.outranked.is_empty());
    assert!(disputes(&[fail.clone(), fail]).is_empty());
}
