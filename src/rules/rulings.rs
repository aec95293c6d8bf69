//! The decisions that weigh on findings (triage verdicts, overrides, E6 and C5 confirmations
//! and dismissals), digested once into look-ups with a fixed precedence.

use crate::model::{Date, Decision, Role, Ruling, TriageVerdict};
use std::collections::HashMap;

/// Whether a suspicion (E6, C5) was confirmed or dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Dismissed,
    Confirmed,
}

/// A verdict with what orders it: the later date wins; on the same date a confirmation beats
/// a dismissal, the cautious reading.
type Dated = (Date, Verdict);

fn put<'a>(map: &mut HashMap<(&'a str, &'a str), Dated>, key: (&'a str, &'a str), new: Dated) {
    let slot = map.entry(key).or_insert(new);
    if new > *slot {
        *slot = new;
    }
}

fn triage_rank(v: TriageVerdict) -> u8 {
    match v {
        TriageVerdict::Pass => 0,
        TriageVerdict::Info => 1,
        TriageVerdict::Fail => 2,
    }
}

/// Decisions digested for the rules. Decisions signed in the expert role carry no weight
/// here, and only the chair may override (DESIGN.md §2).
#[derive(Debug, Default)]
pub struct Rulings<'a> {
    triage: HashMap<&'a str, (Date, TriageVerdict, &'a str)>,
    formal_overrides: HashMap<(&'a str, &'a str), Vec<&'a str>>,
    conflict_overrides: HashMap<(&'a str, &'a str, &'a str), Vec<&'a str>>,
    /// E6 by (application, other) in both orders; `other` empty for a ruling on every pair.
    e6: HashMap<(&'a str, &'a str), Dated>,
    /// C5 by (expert, application); expert empty for a ruling on every expert.
    c5: HashMap<(&'a str, &'a str), Dated>,
}

impl<'a> Rulings<'a> {
    pub fn new(decisions: &'a [Decision]) -> Rulings<'a> {
        let mut r = Rulings::default();
        for d in decisions {
            if d.role == Role::Expert {
                continue;
            }
            match &d.ruling {
                Ruling::Triage {
                    application,
                    verdict,
                } => {
                    let new = (d.date, *verdict, d.reason.as_str());
                    let slot = r.triage.entry(application.as_str()).or_insert(new);
                    if (new.0, triage_rank(new.1)) > (slot.0, triage_rank(slot.1)) {
                        *slot = new;
                    }
                }
                Ruling::Override {
                    rule,
                    application,
                    expert,
                } if d.role == Role::Chair => {
                    let reason = d.reason.as_str();
                    match expert {
                        None => r
                            .formal_overrides
                            .entry((application.as_str(), rule.as_str()))
                            .or_default()
                            .push(reason),
                        Some(e) => r
                            .conflict_overrides
                            .entry((e.as_str(), application.as_str(), rule.as_str()))
                            .or_default()
                            .push(reason),
                    }
                }
                Ruling::Confirm {
                    rule,
                    application,
                    other,
                    expert,
                }
                | Ruling::Dismiss {
                    rule,
                    application,
                    other,
                    expert,
                } => {
                    let verdict = match d.ruling {
                        Ruling::Confirm { .. } => Verdict::Confirmed,
                        _ => Verdict::Dismissed,
                    };
                    let dated = (d.date, verdict);
                    let app = application.as_str();
                    match rule.as_str() {
                        "E6" => {
                            let other = other.as_deref().unwrap_or("");
                            put(&mut r.e6, (app, other), dated);
                            if !other.is_empty() {
                                put(&mut r.e6, (other, app), dated);
                            }
                        }
                        "C5" => {
                            let e = expert.as_deref().unwrap_or("");
                            put(&mut r.c5, (e, app), dated);
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        r
    }

    /// The standing triage verdict and its reason.
    pub fn triage(&self, application: &str) -> Option<(TriageVerdict, &'a str)> {
        self.triage.get(application).map(|t| (t.1, t.2))
    }

    /// The reason of a chair's override of formal-review rule `rule` for `application`.
    pub fn formal_override(&self, application: &str, rule: &str) -> Option<String> {
        self.formal_overrides
            .get(&(application, rule))
            .map(|rs| rs.join("; "))
    }

    /// The reason of a chair's override of conflict `rule` between the pair.
    pub fn conflict_override(&self, expert: &str, application: &str, rule: &str) -> Option<String> {
        self.conflict_overrides
            .get(&(expert, application, rule))
            .map(|rs| rs.join("; "))
    }

    /// The standing E6 verdict on the pair, counting rulings that name either application
    /// alone.
    pub fn e6(&self, a: &str, b: &str) -> Option<Verdict> {
        [(a, b), (a, ""), (b, "")]
            .iter()
            .filter_map(|k| self.e6.get(k))
            .max()
            .map(|d| d.1)
    }

    /// The standing C5 verdict on the pair, counting rulings on the application alone.
    pub fn c5(&self, expert: &str, application: &str) -> Option<Verdict> {
        [(expert, application), ("", application)]
            .iter()
            .filter_map(|k| self.c5.get(k))
            .max()
            .map(|d| d.1)
    }
}
