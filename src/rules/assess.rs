//! Weighing findings against decisions: which applications fail formal review, which
//! (expert, application) pairs are blocked, and which blocks the chair overrode.

use super::conflicts::conflicts_unsorted;
use super::formal::formal_review;
use super::rulings::{Rulings, Verdict};
use super::{finding_order, Eligibility, Finding, Severity};
use crate::model::{Campaign, Decision, Declaration, TriageVerdict};
use std::collections::{BTreeMap, BTreeSet};

/// Every finding, sorted, and what they mean once decisions are weighed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessment {
    pub findings: Vec<Finding>,
    pub eligibility: Eligibility,
    /// Narrowed to an expert: the blocking formal-review findings behind the failed
    /// applications still listed, which the scope leaves out of `findings`. Shown, so the
    /// reason for a failure reads in full; not counted.
    pub behind_failed: Vec<Finding>,
}

/// Narrows an assessment to one expert and/or one application (`check --expert --app`).
/// Formal review always runs campaign-wide, since E2, E6 and E8 look across applications.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub expert: Option<String>,
    pub application: Option<String>,
}

impl Scope {
    /// Whether a finding belongs in the scope. With only an expert, formal-review findings are
    /// left out; with an application, campaign-wide findings naming it in their records stay.
    pub fn admits(&self, f: &Finding) -> bool {
        let app_ok = match (&self.application, &f.application) {
            (None, _) => true,
            (Some(a), Some(fa)) => a == fa,
            (Some(a), None) => f.records.contains(a),
        };
        let expert_ok = match (&self.expert, &f.expert) {
            (None, _) => true,
            (Some(e), Some(fe)) => e == fe,
            (Some(_), None) => self.application.is_some(),
        };
        app_ok && expert_ok
    }
}

/// The whole campaign's findings and eligibility.
pub fn assess(c: &Campaign, decisions: &[Decision], declarations: &[Declaration]) -> Assessment {
    assess_scoped(c, decisions, declarations, &Scope::default())
}

/// One expert's conflicts and the pairs they block (`check --expert ID`).
pub fn assess_expert(
    c: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
    expert: &str,
) -> Assessment {
    let scope = Scope {
        expert: Some(expert.to_string()),
        application: None,
    };
    assess_scoped(c, decisions, declarations, &scope)
}

/// Formal review alone, no conflicts: who is reviewed, for the secretariat's triage, which
/// judges applications, not experts.
pub fn assess_formal(c: &Campaign, decisions: &[Decision]) -> Assessment {
    let rulings = Rulings::new(decisions);
    let mut findings = formal_review(c, &rulings);
    findings.sort_unstable_by(finding_order);
    findings.dedup();
    let eligibility = weigh(c, &rulings, &findings);
    Assessment {
        findings,
        eligibility,
        behind_failed: Vec::new(),
    }
}

/// Findings and eligibility within `scope`. Conflicts run for the scoped expert only.
pub fn assess_scoped(
    c: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
    scope: &Scope,
) -> Assessment {
    let rulings = Rulings::new(decisions);
    let mut findings = formal_review(c, &rulings);
    findings.extend(conflicts_unsorted(
        c,
        &rulings,
        declarations,
        scope.expert.as_deref(),
    ));
    findings.sort_unstable_by(finding_order);
    findings.dedup();
    let mut eligibility = weigh(c, &rulings, &findings);
    let (findings, left_out): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|f| scope.admits(f));
    if let Some(a) = &scope.application {
        eligibility.failed.retain(|k, _| k == a);
        eligibility.waived.retain(|k, _| &k.0 == a);
        eligibility.blocked.retain(|k, _| &k.1 == a);
        eligibility.overridden.retain(|k, _| &k.1 == a);
    }
    if let Some(e) = &scope.expert {
        eligibility.blocked.retain(|k, _| &k.0 == e);
        eligibility.overridden.retain(|k, _| &k.0 == e);
        // Of the failed applications, those that concern the expert: the ones their panels
        // would review, and any they have a finding on; not the whole campaign's.
        let mine = panel_applications(c, decisions, e);
        eligibility.failed.retain(|k, _| {
            mine.contains(k.as_str())
                || findings
                    .iter()
                    .any(|f| f.application.as_deref() == Some(k.as_str()))
        });
    }
    let behind_failed = if scope.expert.is_some() && scope.application.is_none() {
        left_out
            .into_iter()
            .filter(|f| {
                f.expert.is_none()
                    && f.severity == Severity::Blocking
                    && f.application
                        .as_ref()
                        .is_some_and(|a| eligibility.failed.contains_key(a))
            })
            .collect()
    } else {
        Vec::new()
    };
    Assessment {
        findings,
        eligibility,
        behind_failed,
    }
}

/// Applications the panels of `expert` review, as a member or a reserve: by the signed
/// draw in force, else by the campaign's standing panels.
pub fn panel_applications<'c>(
    c: &'c Campaign,
    decisions: &[Decision],
    expert: &str,
) -> BTreeSet<&'c str> {
    // The draw in force, as every reader takes it, never the last file read.
    let drawn = super::rulings::draw_in_force(decisions).and_then(|d| match &d.ruling {
        crate::model::Ruling::Draw { panels, .. } => Some(panels),
        _ => None,
    });
    let on = |experts: &[String], reserves: &[String]| {
        experts.iter().chain(reserves).any(|x| x == expert)
    };
    let directions: BTreeSet<u8> = c
        .settings
        .panels
        .iter()
        .filter(|p| match drawn {
            Some(draw) => draw
                .iter()
                .any(|d| d.panel == p.id && on(&d.experts, &d.reserves)),
            None => on(&p.experts, &p.reserves),
        })
        .flat_map(|p| p.directions.iter().copied())
        .collect();
    c.applications
        .iter()
        .filter(|a| directions.contains(&a.direction()))
        .map(|a| a.id.as_str())
        .collect()
}

/// Rule ids ordered by [`Finding::rule_key`].
type RuleSet = BTreeSet<(char, u32, String)>;

fn rule_list(rules: &RuleSet) -> Vec<String> {
    rules.iter().map(|r| r.2.clone()).collect()
}

fn weigh(c: &Campaign, rulings: &Rulings, findings: &[Finding]) -> Eligibility {
    let mut el = Eligibility::default();
    let mut blocking: BTreeMap<&str, RuleSet> = BTreeMap::new();
    let mut confirmed_e6: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut pair_rules: BTreeMap<(String, String), RuleSet> = BTreeMap::new();
    let mut pair_reasons: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Blocking) {
        let Some(app) = f.application.as_deref() else {
            continue;
        };
        let (letter, n) = f.rule_key();
        match &f.expert {
            None if f.rule == "E6" => {
                confirmed_e6
                    .entry(app)
                    .or_default()
                    .extend(f.records.iter().map(String::as_str));
            }
            None => match rulings.formal_override(app, &f.rule) {
                Some(reason) => {
                    el.waived.insert((app.to_string(), f.rule.clone()), reason);
                }
                None => {
                    blocking
                        .entry(app)
                        .or_default()
                        .insert((letter, n, f.rule.clone()));
                }
            },
            Some(e) => {
                let key = (e.clone(), app.to_string());
                match rulings.conflict_override(e, app, &f.rule) {
                    Some(reason) => {
                        pair_reasons.entry(key).or_default().insert(reason);
                    }
                    None => {
                        pair_rules
                            .entry(key)
                            .or_default()
                            .insert((letter, n, f.rule.clone()));
                    }
                }
            }
        }
    }
    for app in &c.applications {
        let id = app.id.as_str();
        let mut zh: Vec<String> = Vec::new();
        let mut en: Vec<String> = Vec::new();
        if let Some((TriageVerdict::Fail, reason)) = rulings.triage(id) {
            let disputed = rulings.triage_disputed_by(id);
            if disputed.is_empty() {
                zh.push(format!("秘书处形式审查结论为不通过（{reason}）"));
                en.push(format!(
                    "the secretariat's triage verdict is fail ({reason})"
                ));
            } else {
                // Until a new verdict settles it, the stricter counts; say so.
                let (mut vzh, mut ven) = (
                    vec![format!("不通过：{reason}")],
                    vec![format!("fail: {reason}")],
                );
                for (v, r) in disputed {
                    vzh.push(format!("{}：{r}", v.zh()));
                    ven.push(format!("{}: {r}", v.as_str()));
                }
                zh.push(format!(
                    "秘书处的形式审查结论互不取代且不一致（{}），在新的结论作出前按不通过处理",
                    vzh.join("；")
                ));
                en.push(format!(
                    "the secretariat's triage verdicts differ and neither replaces the other ({}), so fail counts until a new verdict settles it",
                    ven.join("; ")
                ));
            }
        }
        if let Some(others) = confirmed_e6.get(id) {
            let (disputed, confirmed): (Vec<&str>, Vec<&str>) = others
                .iter()
                .copied()
                .partition(|o| rulings.e6(id, o) == Some(Verdict::Disputed));
            if !confirmed.is_empty() {
                zh.push(format!(
                    "已确认与 {} 为同一项目多渠道申报（E6）",
                    confirmed.join("、")
                ));
                en.push(format!(
                    "confirmed as sent through several channels with {} (E6)",
                    confirmed.join(", ")
                ));
            }
            if !disputed.is_empty() {
                zh.push(format!(
                    "与 {} 的 E6 疑似情形被互不取代的决定分别确认和排除，在新的决定作出前按已确认处理",
                    disputed.join("、")
                ));
                en.push(format!(
                    "E6 with {} both confirmed and dismissed by decisions neither of which replaces the other, so it counts as confirmed until a new decision settles it",
                    disputed.join(", ")
                ));
            }
        }
        if let Some(rules) = blocking.get(id) {
            let r = rule_list(rules);
            zh.push(format!("不符合形式审查规则 {}", r.join("、")));
            en.push(format!("fails formal-review rule(s) {}", r.join(", ")));
        }
        if !zh.is_empty() {
            el.failed
                .insert(id.to_string(), (zh.join("；"), en.join("; ")));
        }
    }
    for (key, rules) in pair_rules {
        el.blocked.insert(key, rule_list(&rules));
    }
    for (key, reasons) in pair_reasons {
        el.overridden
            .insert(key, reasons.into_iter().collect::<Vec<_>>().join("; "));
    }
    el
}

impl Assessment {
    /// The override that set a blocking finding aside, with its reason, if one did.
    pub fn override_of(&self, f: &Finding) -> Option<&str> {
        if f.severity != Severity::Blocking {
            return None;
        }
        let app = f.application.clone()?;
        match &f.expert {
            None => self
                .eligibility
                .waived
                .get(&(app, f.rule.clone()))
                .map(String::as_str),
            Some(e) => {
                let key = (e.clone(), app);
                let still = self
                    .eligibility
                    .blocked
                    .get(&key)
                    .is_some_and(|r| r.contains(&f.rule));
                if still {
                    None
                } else {
                    self.eligibility.overridden.get(&key).map(String::as_str)
                }
            }
        }
    }

    /// Blocking findings no override set aside: `check` exits 1 when there is any.
    pub fn open_blocking(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Blocking && self.override_of(f).is_none())
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }
}
