//! The seams where the interface meets work that lands elsewhere: the rules engine's
//! findings, the search index, sheet export and signed triage. Each is one function (or one
//! trait) so the real implementation replaces the stand-in without touching a pane.

use crate::i18n::Lang;
use crate::model::{Application, Campaign, Decision, Declaration, Ruling, TriageVerdict};
use crate::review::Review;
use crate::rules::{Eligibility, Finding, Severity};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

/// Conflict findings for one expert and one application.
///
/// Stand-in until the rules engine (C1–C6) is merged: the eligibility's blocking rule ids,
/// the chair's overrides, and the expert's own declarations (C4) with their reasons.
pub fn conflict_findings(
    campaign: &Campaign,
    eligibility: &Eligibility,
    declarations: &[Declaration],
    expert: &str,
    app: &Application,
) -> Vec<Finding> {
    let _ = campaign;
    let mut out = Vec::new();
    let pair = (expert.to_string(), app.id.clone());
    for d in declarations
        .iter()
        .filter(|d| d.expert == expert && d.application == app.id)
    {
        out.push(Finding {
            rule: "C4".into(),
            severity: Severity::Blocking,
            application: Some(app.id.clone()),
            expert: Some(expert.to_string()),
            records: vec![],
            zh: format!("本人申明的利益关系：{}", d.reason),
            en: format!("a relation you declared: {}", d.reason),
        });
    }
    if let Some(rules) = eligibility.blocked.get(&pair) {
        for r in rules {
            if r == "C4" && out.iter().any(|f| f.rule == "C4") {
                continue;
            }
            out.push(Finding {
                rule: r.clone(),
                severity: Severity::Blocking,
                application: Some(app.id.clone()),
                expert: Some(expert.to_string()),
                records: vec![],
                zh: format!("规则 {r} 判定须回避"),
                en: format!("rule {r} requires recusal"),
            });
        }
    }
    if let Some(reason) = eligibility.overridden.get(&pair) {
        out.push(Finding {
            rule: "override".into(),
            severity: Severity::Warning,
            application: Some(app.id.clone()),
            expert: Some(expert.to_string()),
            records: vec![],
            zh: format!("组长已书面批准覆盖：{reason}"),
            en: format!("the chair overrode the conflict in writing: {reason}"),
        });
    }
    out
}

/// Formal-review findings for one application (the triage view).
///
/// Stand-in until the rules engine (E1–E13) is merged: the reason an application is out
/// of review, if it is.
pub fn application_findings(
    campaign: &Campaign,
    eligibility: &Eligibility,
    app: &Application,
) -> Vec<Finding> {
    let _ = campaign;
    eligibility
        .failed
        .get(&app.id)
        .map(|(zh, en)| Finding {
            rule: "-".into(),
            severity: Severity::Blocking,
            application: Some(app.id.clone()),
            expert: None,
            records: vec![],
            zh: zh.clone(),
            en: en.clone(),
        })
        .into_iter()
        .collect()
}

/// The latest signed triage verdict for each application, with its reason.
pub fn triage_verdicts(
    decisions: &[Decision],
) -> std::collections::HashMap<String, (TriageVerdict, String)> {
    let mut out = std::collections::HashMap::new();
    for d in decisions {
        if let Ruling::Triage {
            application,
            verdict,
        } = &d.ruling
        {
            out.insert(application.clone(), (*verdict, d.reason.clone()));
        }
    }
    out
}

/// Writes the expert's signed score sheet and returns where.
///
/// Stand-in until signed sheets are merged: refuses, saying so.
pub fn export_sheet(review: &Review, expert: &str) -> Result<PathBuf, String> {
    let _ = expert;
    Err(review
        .lang
        .pick(
            "本版本尚不能导出签名评分表（签名功能尚未并入）",
            "export not available yet: signed sheets are not in this build",
        )
        .to_string())
}

/// Records the secretariat's signed triage verdict.
///
/// Stand-in until signing keys are merged: refuses, saying so, and records nothing.
pub fn triage_decide(
    review: &mut Review,
    app: &str,
    verdict: TriageVerdict,
    reason: &str,
) -> Result<(), String> {
    let _ = (app, verdict, reason);
    Err(review
        .lang
        .pick(
            "本版本尚不能签署分诊决定（需要秘书处密钥，功能尚未并入）；可用 `pingshen triage APP pass|fail|info --reason T --key K`",
            "signed triage is not available yet in this build; use `pingshen triage APP pass|fail|info --reason T --key K` once it is",
        )
        .to_string())
}

/// Search over applications: indices into `campaign.applications`, best first.
pub trait ApplicationSearch: Send {
    fn search(&self, query: &str) -> Vec<usize>;
}

/// The search the interface uses.
///
/// Stand-in until `search::SearchIndex` (pinyin, polyphonic readings) is merged: NFKC,
/// case-folded substring over id, name and unit names, then SkimMatcherV2 fuzzy matching.
pub fn default_search(campaign: &Campaign) -> Box<dyn ApplicationSearch> {
    Box::new(SimpleSearch::new(campaign))
}

fn normalize(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).collect()
}

pub struct SimpleSearch {
    haystacks: Vec<String>,
    matcher: SkimMatcherV2,
}

impl SimpleSearch {
    pub fn new(campaign: &Campaign) -> SimpleSearch {
        let haystacks = campaign
            .applications
            .iter()
            .map(|a| {
                let mut h = format!("{} {}", a.id, a.name);
                for u in a.member_units() {
                    if let Some(unit) = campaign.unit(u) {
                        h.push(' ');
                        h.push_str(&unit.name);
                    }
                }
                normalize(&h)
            })
            .collect();
        SimpleSearch {
            haystacks,
            matcher: SkimMatcherV2::default(),
        }
    }
}

impl ApplicationSearch for SimpleSearch {
    fn search(&self, query: &str) -> Vec<usize> {
        let q = normalize(query.trim());
        if q.is_empty() {
            return (0..self.haystacks.len()).collect();
        }
        let mut hits: Vec<(i64, usize)> = self
            .haystacks
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                if h.contains(&q) {
                    // A substring beats any fuzzy match; an earlier one beats a later one.
                    let at = h.find(&q).unwrap_or(0) as i64;
                    Some((1_000_000 - at, i))
                } else {
                    self.matcher.fuzzy_match(h, &q).map(|s| (s, i))
                }
            })
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

/// The language-specific name of a verdict.
pub fn verdict_name(v: Option<TriageVerdict>, lang: Lang) -> &'static str {
    use super::strings::*;
    t(
        lang,
        match v {
            None => TRIAGE_OPEN,
            Some(TriageVerdict::Pass) => TRIAGE_PASS,
            Some(TriageVerdict::Fail) => TRIAGE_FAIL,
            Some(TriageVerdict::Info) => TRIAGE_INFO,
        },
    )
}
