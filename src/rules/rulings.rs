//! The decisions that weigh on findings (triage verdicts, overrides, E6 and C5 confirmations
//! and dismissals), digested once into look-ups with a fixed precedence; which earlier
//! decisions a later one supersedes; and whether a new ruling has a finding to rule on.

use crate::model::{Campaign, Date, Decision, Declaration, Role, Ruling, TriageVerdict};
use crate::rules::{Finding, Severity};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a suspicion (E6, C5) stands: confirmed, dismissed, or ruled both ways by decisions
/// neither of which replaces the other (then it counts as confirmed until a new decision
/// settles it, and every command that acts on the outcome refuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Dismissed,
    Confirmed,
    Disputed,
}

/// Where a decision stands; of those on a subject, the greatest is in force. First the
/// effective date (its own, or that of the decision it replaces, whichever is later), then
/// how many decisions it replaces in a chain (so a decision naming the one it replaces
/// always stands after it), then strictness (fail before info before pass; confirm before
/// dismiss), then the content digest. All of it is signed content: file names and the
/// order files are read in play no part (DESIGN.md §5). Two decisions equal on the first
/// two and saying different things dispute the subject (see [`Standing`]).
pub type Taken = (Date, u32, u8, String);

/// Each decision's [`Taken`], and the decision it replaces (named in `supersedes`, on the
/// same subject), by index.
fn precedence(decisions: &[Decision]) -> (Vec<Taken>, Vec<Option<usize>>) {
    let digests: Vec<String> = decisions.iter().map(Decision::digest).collect();
    let by_digest: HashMap<&str, usize> = digests
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let subjects: Vec<Option<Subject>> = decisions.iter().map(Subject::of).collect();
    let replaced: Vec<Option<usize>> = (0..decisions.len())
        .map(|i| {
            let j = *by_digest.get(decisions[i].supersedes.as_deref()?)?;
            (j != i && subjects[i].is_some() && subjects[i] == subjects[j]).then_some(j)
        })
        .collect();
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
    let taken = (0..decisions.len())
        .map(|i| {
            // Walk the chain back (a digest cycle cannot be signed; the bound only guards).
            let (mut date, mut depth, mut at) = (decisions[i].date, 0u32, i);
            while let Some(j) = replaced[at] {
                if depth as usize >= decisions.len() {
                    break;
                }
                date = date.max(decisions[j].date);
                depth += 1;
                at = j;
            }
            (date, depth, strictness(&decisions[i]), digests[i].clone())
        })
        .collect();
    (taken, replaced)
}

/// What a decision says about its subject, beside who signed it and when: two decisions
/// that say the same do not dispute it.
fn says(
    d: &Decision,
) -> (
    Option<Verdict>,
    Option<TriageVerdict>,
    Option<&Ruling>,
    &str,
) {
    let reason = d.reason.trim();
    match &d.ruling {
        Ruling::Triage { verdict, .. } => (None, Some(*verdict), None, reason),
        // The pair named either way round is the same subject, so only the verdict counts.
        Ruling::Confirm { .. } => (Some(Verdict::Confirmed), None, None, reason),
        Ruling::Dismiss { .. } => (Some(Verdict::Dismissed), None, None, reason),
        other => (None, None, Some(other), reason),
    }
}

/// Whether two decisions say the same (the same verdict, or the same draw, with the same
/// reason).
pub fn say_the_same(a: &Decision, b: &Decision) -> bool {
    says(a) == says(b)
}

/// Where the decisions on one subject stand, as indexes into the decisions given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub subject: Subject,
    /// The decision in force: of those ranked highest (latest effective date, longest
    /// chain), the stricter, then the higher digest. When the subject is disputed, its
    /// verdict counts until a new decision settles it, and it is the one that decision
    /// names in `supersedes`.
    pub in_force: usize,
    /// Decisions ranked as high that say the same (verdict and reason): signed apart, or
    /// the same decision in another file.
    pub agreeing: Vec<usize>,
    /// Decisions ranked as high that say otherwise, neither replacing the other: the
    /// subject is disputed until a new decision names one of them in `supersedes`.
    pub disputing: Vec<usize>,
    /// Decisions the one in force replaces: named down its chain of `supersedes`, or of an
    /// earlier effective date; earliest first.
    pub superseded: Vec<usize>,
    /// Decisions of the same effective date, off its chain, that it stands above because
    /// it ends a longer chain of replacements; earliest first.
    pub outranked: Vec<usize>,
}

impl Standing {
    /// Whether decisions that neither replaces the other say different things.
    pub fn is_disputed(&self) -> bool {
        !self.disputing.is_empty()
    }

    /// How many decisions rule on the subject.
    pub fn len(&self) -> usize {
        1 + self.agreeing.len()
            + self.disputing.len()
            + self.superseded.len()
            + self.outranked.len()
    }

    /// Never: a standing holds at least the decision in force.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Where every subject decided at least once stands, in subject order.
pub fn standings(decisions: &[Decision]) -> Vec<Standing> {
    let (taken, replaced) = precedence(decisions);
    let mut by_subject: BTreeMap<Subject, Vec<usize>> = BTreeMap::new();
    for (i, d) in decisions.iter().enumerate() {
        if let Some(s) = Subject::of(d) {
            by_subject.entry(s).or_default().push(i);
        }
    }
    by_subject
        .into_iter()
        .filter_map(|(subject, mut on)| {
            // Greatest first.
            on.sort_by(|&a, &b| taken[b].cmp(&taken[a]));
            let (&top, rest) = on.split_first()?;
            let rank = |i: usize| (taken[i].0, taken[i].1);
            // Down its chain, by content: the same decision in two files is one decision.
            let mut chain: BTreeSet<&str> = BTreeSet::new();
            let mut at = top;
            while let Some(j) = replaced[at] {
                if !chain.insert(taken[j].3.as_str()) {
                    break;
                }
                at = j;
            }
            let mut s = Standing {
                subject,
                in_force: top,
                agreeing: vec![],
                disputing: vec![],
                superseded: vec![],
                outranked: vec![],
            };
            // Earliest first.
            for &i in rest.iter().rev() {
                if rank(i) == rank(top) {
                    if say_the_same(&decisions[i], &decisions[top]) {
                        s.agreeing.push(i);
                    } else {
                        s.disputing.push(i);
                    }
                } else if chain.contains(taken[i].3.as_str()) || taken[i].0 < taken[top].0 {
                    s.superseded.push(i);
                } else {
                    s.outranked.push(i);
                }
            }
            Some(s)
        })
        .collect()
}

/// A subject decided more than once and settled: the decision in force and the others on
/// it, which it supersedes or stands above, as indexes into the decisions given (earliest
/// first, by [`Taken`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseding {
    pub subject: Subject,
    pub in_force: usize,
    pub superseded: Vec<usize>,
}

/// Every settled subject decided more than once, in subject order (a disputed one has no
/// decision in force: see [`disputes`]). Finer: [`standings`].
pub fn superseding(decisions: &[Decision]) -> Vec<Superseding> {
    let (taken, _) = precedence(decisions);
    standings(decisions)
        .into_iter()
        .filter(|s| s.len() > 1 && !s.is_disputed())
        .map(|s| {
            let mut below: Vec<usize> = s
                .superseded
                .iter()
                .chain(&s.outranked)
                .chain(&s.agreeing)
                .copied()
                .collect();
            below.sort_by(|&a, &b| taken[a].cmp(&taken[b]));
            Superseding {
                subject: s.subject,
                in_force: s.in_force,
                superseded: below,
            }
        })
        .collect()
}

/// The subjects whose highest-ranked decisions say different things and neither replaces
/// the other, in subject order.
pub fn disputes(decisions: &[Decision]) -> Vec<Standing> {
    standings(decisions)
        .into_iter()
        .filter(Standing::is_disputed)
        .collect()
}

/// Decisions digested for the rules. Decisions signed in the expert role carry no weight
/// here, and only the chair may override (DESIGN.md §2).
#[derive(Debug, Default)]
pub struct Rulings<'a> {
    /// The verdict in force and its reason, and the verdicts (with reasons) that dispute it.
    triage: HashMap<&'a str, Triaged<'a>>,
    formal_overrides: HashMap<(&'a str, &'a str), Vec<&'a str>>,
    conflict_overrides: HashMap<(&'a str, &'a str, &'a str), Vec<&'a str>>,
    /// E6 by (application, other), in both orders.
    e6: HashMap<(&'a str, &'a str), Verdict>,
    /// C5 by (expert, application).
    c5: HashMap<(&'a str, &'a str), Verdict>,
}

#[derive(Debug, Clone)]
struct Triaged<'a> {
    verdict: TriageVerdict,
    reason: &'a str,
    disputed_by: Vec<(TriageVerdict, &'a str)>,
}

impl<'a> Rulings<'a> {
    pub fn new(decisions: &'a [Decision]) -> Rulings<'a> {
        let mut r = Rulings::default();
        for d in decisions {
            match &d.ruling {
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
                _ => {}
            }
        }
        for s in standings(decisions) {
            let d = &decisions[s.in_force];
            let verdict = match d.ruling {
                Ruling::Confirm { .. } => Verdict::Confirmed,
                _ => Verdict::Dismissed,
            };
            // Confirmed and dismissed at the same rank: the suspicion is disputed.
            let suspicion = if s
                .disputing
                .iter()
                .any(|&i| says(&decisions[i]).0 != Some(verdict))
            {
                Verdict::Disputed
            } else {
                verdict
            };
            match (&s.subject, &d.ruling) {
                (
                    Subject::Triage { .. },
                    Ruling::Triage {
                        application,
                        verdict,
                    },
                ) => {
                    let disputed_by = s
                        .disputing
                        .iter()
                        .filter_map(|&i| match &decisions[i].ruling {
                            Ruling::Triage { verdict, .. } => {
                                Some((*verdict, decisions[i].reason.as_str()))
                            }
                            _ => None,
                        })
                        .collect();
                    r.triage.insert(
                        application.as_str(),
                        Triaged {
                            verdict: *verdict,
                            reason: d.reason.as_str(),
                            disputed_by,
                        },
                    );
                }
                (
                    Subject::E6 { .. },
                    Ruling::Confirm {
                        application,
                        other: Some(other),
                        ..
                    }
                    | Ruling::Dismiss {
                        application,
                        other: Some(other),
                        ..
                    },
                ) => {
                    r.e6.insert((application.as_str(), other.as_str()), suspicion);
                    r.e6.insert((other.as_str(), application.as_str()), suspicion);
                }
                (
                    Subject::C5 { .. },
                    Ruling::Confirm {
                        application,
                        expert: Some(e),
                        ..
                    }
                    | Ruling::Dismiss {
                        application,
                        expert: Some(e),
                        ..
                    },
                ) => {
                    r.c5.insert((e.as_str(), application.as_str()), suspicion);
                }
                _ => {}
            }
        }
        r
    }

    /// The triage verdict in force and its reason (the stricter while disputed).
    pub fn triage(&self, application: &str) -> Option<(TriageVerdict, &'a str)> {
        self.triage.get(application).map(|t| (t.verdict, t.reason))
    }

    /// The verdicts, with their reasons, that dispute the one in force: empty when it is
    /// settled.
    pub fn triage_disputed_by(&self, application: &str) -> &[(TriageVerdict, &'a str)] {
        self.triage
            .get(application)
            .map_or(&[][..], |t| t.disputed_by.as_slice())
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

    /// The standing E6 verdict on the pair.
    pub fn e6(&self, a: &str, b: &str) -> Option<Verdict> {
        self.e6.get(&(a, b)).copied()
    }

    /// The standing C5 verdict on the pair.
    pub fn c5(&self, expert: &str, application: &str) -> Option<Verdict> {
        self.c5.get(&(expert, application)).copied()
    }
}

/// What a decision rules on: a later decision on the same subject supersedes an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// The triage verdict on an application.
    Triage { application: String },
    /// An E6 suspicion: the pair, lower id first.
    E6 { application: String, other: String },
    /// A C5 suspicion: the expert and the application.
    C5 { expert: String, application: String },
    /// The expert draw: one per campaign, a redraw replaces it.
    Draw,
}

impl Subject {
    /// The subject of a weighed decision, if it has one that later decisions replace. An
    /// E6 ruling without the other application of the pair, or a C5 ruling without the
    /// expert, has none: it rules on no one suspicion (a reader refuses such a file, see
    /// `sheet::verify_decision`).
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
            } => match (rule.as_str(), other, expert) {
                ("E6", Some(other), _) => {
                    let (application, other) = if application <= other {
                        (application.clone(), other.clone())
                    } else {
                        (other.clone(), application.clone())
                    };
                    Some(Subject::E6 { application, other })
                }
                ("C5", _, Some(expert)) => Some(Subject::C5 {
                    expert: expert.clone(),
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

/// The decision in force on `subject`, as an index into `decisions`: the one a new
/// decision on the subject replaces (and names in `supersedes`).
pub fn in_force(decisions: &[Decision], subject: &Subject) -> Option<usize> {
    let (taken, _) = precedence(decisions);
    decisions
        .iter()
        .zip(taken)
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

/// The applications `application` is suspected with under E6 (its pairs), in id order.
pub fn e6_partners(c: &Campaign, application: &str) -> Vec<String> {
    let pairs =
        crate::rules::formal::e6_pairs(c, &crate::rules::normalize::ProjectNameRules::default());
    let ids = |i: usize| c.applications[i].id.as_str();
    let mut out: Vec<String> = pairs
        .iter()
        .filter_map(|&(a, b, _)| match (ids(a), ids(b)) {
            (x, y) if x == application => Some(y.to_string()),
            (x, y) if y == application => Some(x.to_string()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
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
