//! The decisions that weigh on findings (triage verdicts, overrides, E6 and C5 confirmations
//! and dismissals), digested once into look-ups with a fixed precedence; which earlier
//! decisions a later one supersedes; and whether a new ruling has a finding to rule on.

use crate::model::{Campaign, Date, Decision, Declaration, Role, Ruling, TriageVerdict};
use crate::rules::{Finding, Severity};
use std::collections::{BTreeMap, HashMap};

/// Whether a suspicion (E6, C5) was confirmed or dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Dismissed,
    Confirmed,
}

/// Where a decision stands; of those on a subject, the greatest is in force. First the
/// effective date (its own, or that of the decision it replaces, whichever is later), then
/// how many decisions it replaces in a chain (so a decision naming the one it replaces
/// always stands after it), then strictness (fail before info before pass; confirm before
/// dismiss), then the content digest. All of it is signed content: file names and the
/// order files are read in play no part (DESIGN.md §5).
pub type Taken = (Date, u32, u8, String);

/// Each decision's [`Taken`], by index.
fn precedence(decisions: &[Decision]) -> Vec<Taken> {
    let digests: Vec<String> = decisions.iter().map(Decision::digest).collect();
    let by_digest: HashMap<&str, usize> = digests
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    // The decision `i` replaces: named by digest, and on the same subject.
    let replaced = |i: usize| -> Option<usize> {
        let j = *by_digest.get(decisions[i].supersedes.as_deref()?)?;
        let same = Subject::of(&decisions[i]).is_some()
            && Subject::of(&decisions[i]) == Subject::of(&decisions[j]);
        (j != i && same).then_some(j)
    };
    let strictness = |d: &Decision| -> u8 {
        match &d.ruling {
            Ruling::Triage { verdict, .. } => match verdict {
                TriageVerdict::Fail => 2,
                TriageVerdict::Info => 1,
                TriageVerdict::Pass => 0,
            },
            Ruling::Confirm { .. } => 1,
            _ => 0,
        }
    };
    (0..decisions.len())
        .map(|i| {
            // Walk the chain back (a digest cycle cannot be signed; the bound only guards).
            let (mut date, mut depth, mut at) = (decisions[i].date, 0u32, i);
            while let Some(j) = replaced(at) {
                if depth as usize >= decisions.len() {
                    break;
                }
                date = date.max(decisions[j].date);
                depth += 1;
                at = j;
            }
            (date, depth, strictness(&decisions[i]), digests[i].clone())
        })
        .collect()
}

/// A verdict with when it was taken; the later one stands.
type Dated = (Taken, Verdict);

fn put<'a>(map: &mut HashMap<(&'a str, &'a str), Dated>, key: (&'a str, &'a str), new: Dated) {
    match map.get_mut(&key) {
        Some(slot) if new.0 > slot.0 => *slot = new,
        Some(_) => {}
        None => {
            map.insert(key, new);
        }
    }
}

/// Decisions digested for the rules. Decisions signed in the expert role carry no weight
/// here, and only the chair may override (DESIGN.md §2).
#[derive(Debug, Default)]
pub struct Rulings<'a> {
    triage: HashMap<&'a str, (Taken, TriageVerdict, &'a str)>,
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
        let order = precedence(decisions);
        for (d, taken) in decisions.iter().zip(order) {
            if d.role == Role::Expert {
                continue;
            }
            match &d.ruling {
                Ruling::Triage {
                    application,
                    verdict,
                } => {
                    let new = (taken, *verdict, d.reason.as_str());
                    match r.triage.get_mut(application.as_str()) {
                        Some(slot) if new.0 > slot.0 => *slot = new,
                        Some(_) => {}
                        None => {
                            r.triage.insert(application.as_str(), new);
                        }
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
                    let dated = (taken, verdict);
                    let app = application.as_str();
                    match rule.as_str() {
                        "E6" => {
                            let other = other.as_deref().unwrap_or("");
                            put(&mut r.e6, (app, other), dated.clone());
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
            .max_by(|x, y| x.0.cmp(&y.0))
            .map(|d| d.1)
    }

    /// The standing C5 verdict on the pair, counting rulings on the application alone.
    pub fn c5(&self, expert: &str, application: &str) -> Option<Verdict> {
        [(expert, application), ("", application)]
            .iter()
            .filter_map(|k| self.c5.get(k))
            .max_by(|x, y| x.0.cmp(&y.0))
            .map(|d| d.1)
    }
}

/// What a decision rules on: a later decision on the same subject supersedes an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// The triage verdict on an application.
    Triage { application: String },
    /// An E6 suspicion: the pair, lower id first, or one application alone (`other` empty).
    E6 { application: String, other: String },
    /// A C5 suspicion: the expert (empty for every expert) and the application.
    C5 { expert: String, application: String },
    /// The expert draw: one per campaign, a redraw replaces it.
    Draw,
}

impl Subject {
    /// The subject of a weighed decision, if it has one that later decisions replace.
    pub fn of(d: &Decision) -> Option<Subject> {
        if d.role == Role::Expert {
            return None;
        }
        match &d.ruling {
            Ruling::Triage { application, .. } => Some(Subject::Triage {
                application: application.clone(),
            }),
            Ruling::Draw { .. } => Some(Subject::Draw),
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
            } => match rule.as_str() {
                "E6" => {
                    let other = other.clone().unwrap_or_default();
                    let (application, other) = if other.is_empty() || *application <= other {
                        (application.clone(), other)
                    } else {
                        (other, application.clone())
                    };
                    Some(Subject::E6 { application, other })
                }
                "C5" => Some(Subject::C5 {
                    expert: expert.clone().unwrap_or_default(),
                    application: application.clone(),
                }),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether it concerns the application.
    pub fn concerns_application(&self, id: &str) -> bool {
        match self {
            Subject::Triage { application } | Subject::C5 { application, .. } => application == id,
            Subject::E6 { application, other } => application == id || other == id,
            Subject::Draw => false,
        }
    }

    /// Whether it concerns the expert.
    pub fn concerns_expert(&self, id: &str) -> bool {
        matches!(self, Subject::C5 { expert, .. } if expert == id)
    }
}

/// A subject decided more than once: the decision in force and the earlier ones it
/// superseded, as indexes into the decisions given (earliest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseding {
    pub subject: Subject,
    pub in_force: usize,
    pub superseded: Vec<usize>,
}

/// Every subject decided more than once, in subject order, by the same precedence the
/// rules weigh decisions with ([`Taken`]).
pub fn superseding(decisions: &[Decision]) -> Vec<Superseding> {
    let mut by_subject: BTreeMap<Subject, Vec<(Taken, usize)>> = BTreeMap::new();
    for ((i, d), taken) in decisions.iter().enumerate().zip(precedence(decisions)) {
        if let Some(s) = Subject::of(d) {
            by_subject.entry(s).or_default().push((taken, i));
        }
    }
    by_subject
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .filter_map(|(subject, mut v)| {
            v.sort();
            let (_, in_force) = v.pop()?;
            Some(Superseding {
                subject,
                in_force,
                superseded: v.into_iter().map(|(_, i)| i).collect(),
            })
        })
        .collect()
}

/// The decision in force on `subject`, as an index into `decisions`: the one a new
/// decision on the subject replaces (and names in `supersedes`).
pub fn in_force(decisions: &[Decision], subject: &Subject) -> Option<usize> {
    decisions
        .iter()
        .zip(precedence(decisions))
        .enumerate()
        .filter(|(_, (d, _))| Subject::of(d).as_ref() == Some(subject))
        .max_by(|a, b| (a.1).1.cmp(&(b.1).1))
        .map(|(i, _)| i)
}

/// The draw in force: the one no later draw replaced (a redraw names the draw it replaces),
/// whatever the files are called.
pub fn draw_in_force(decisions: &[Decision]) -> Option<&Decision> {
    in_force(decisions, &Subject::Draw).map(|i| &decisions[i])
}

/// Why a confirmation, dismissal or override has nothing to rule on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoFinding {
    /// No E6 suspicion links the application (to `other`, when given).
    E6 {
        application: String,
        other: Option<String>,
    },
    /// No C5 suspicion between the expert and the application.
    C5 { expert: String, application: String },
    /// No blocking finding of the rule on the application (for the expert, for a C rule).
    Blocking {
        rule: String,
        application: String,
        expert: Option<String>,
    },
    /// A confirmed E6 is not overridden: the notice disqualifies the project.
    E6Override { application: String },
}

/// Checks that a confirmation or dismissal names a standing suspicion (whatever was decided
/// on it before: a later decision supersedes), and that an override names a blocking
/// finding. Other rulings have nothing to match.
pub fn finding_for(
    c: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
    ruling: &Ruling,
) -> Result<(), NoFinding> {
    let has = |found: &[Finding], rule: &str, app: &str, expert: Option<&str>, blocking: bool| {
        found.iter().any(|f| {
            f.rule == rule
                && f.application.as_deref() == Some(app)
                && f.expert.as_deref() == expert
                && (!blocking || f.severity == Severity::Blocking)
        })
    };
    match ruling {
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
        } => match (rule.as_str(), expert) {
            ("E6", _) => {
                let pairs = crate::rules::formal::e6_pairs(
                    c,
                    &crate::rules::normalize::ProjectNameRules::default(),
                );
                let ids = |i: usize| c.applications[i].id.as_str();
                let found = pairs.iter().any(|&(a, b, _)| {
                    let (a, b) = (ids(a), ids(b));
                    match other.as_deref() {
                        Some(o) => (a, b) == (application, o) || (b, a) == (application, o),
                        None => a == application || b == application,
                    }
                });
                if found {
                    Ok(())
                } else {
                    Err(NoFinding::E6 {
                        application: application.clone(),
                        other: other.clone(),
                    })
                }
            }
            ("C5", Some(e)) => {
                // The suspicion as it stands before any confirmation or dismissal.
                let neutral: Vec<Decision> = decisions
                    .iter()
                    .filter(|d| {
                        !matches!(d.ruling, Ruling::Confirm { .. } | Ruling::Dismiss { .. })
                    })
                    .cloned()
                    .collect();
                let found = crate::rules::conflicts::conflicts(
                    c,
                    &Rulings::new(&neutral),
                    declarations,
                    Some(e),
                );
                if has(&found, "C5", application, Some(e), false) {
                    Ok(())
                } else {
                    Err(NoFinding::C5 {
                        expert: e.clone(),
                        application: application.clone(),
                    })
                }
            }
            _ => Ok(()),
        },
        Ruling::Override {
            rule,
            application,
            expert,
        } => {
            if rule == "E6" {
                return Err(NoFinding::E6Override {
                    application: application.clone(),
                });
            }
            let rulings = Rulings::new(decisions);
            let found = match expert {
                Some(e) => crate::rules::conflicts::conflicts(c, &rulings, declarations, Some(e)),
                None => crate::rules::formal::formal_review(c, &rulings),
            };
            if has(&found, rule, application, expert.as_deref(), true) {
                Ok(())
            } else {
                Err(NoFinding::Blocking {
                    rule: rule.clone(),
                    application: application.clone(),
                    expert: expert.clone(),
                })
            }
        }
        _ => Ok(()),
    }
}
