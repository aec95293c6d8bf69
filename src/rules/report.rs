//! What `check` prints: the assessment as text grouped by application and then by expert, or
//! as JSON (fields documented in `docs/check-json.md`). Builds strings; prints nothing.

use super::{Assessment, Finding, Scope, Severity};
use crate::model::Campaign;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Counts heading both forms of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub applications: usize,
    pub failed: usize,
    pub blocking_open: usize,
    pub blocking_overridden: usize,
    pub warnings: usize,
    pub blocked_pairs: usize,
    pub overridden_pairs: usize,
}

/// One finding as JSON gives it: the finding's own fields and the override that set it aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingJson {
    #[serde(flatten)]
    pub finding: Finding,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedJson {
    pub application: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedJson {
    pub expert: String,
    pub application: String,
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverriddenJson {
    pub expert: String,
    pub application: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaivedJson {
    pub application: String,
    pub rule: String,
    pub reason: String,
}

/// `check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckJson {
    pub campaign: String,
    pub review_date: String,
    pub summary: Summary,
    pub findings: Vec<FindingJson>,
    pub failed: Vec<FailedJson>,
    pub blocked: Vec<BlockedJson>,
    pub overridden: Vec<OverriddenJson>,
    pub waived: Vec<WaivedJson>,
    /// Subjects whose decisions disagree, neither replacing the other; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<DisputeJson>,
}

/// A subject decided differently by decisions neither of which replaces the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeJson {
    /// `triage`, `E6`, `C5` or `draw`.
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert: Option<String>,
    /// The decision files that dispute it.
    pub files: Vec<String>,
    pub zh: String,
    pub en: String,
}

pub fn summary(a: &Assessment, c: &Campaign) -> Summary {
    let open = a.open_blocking();
    let blocking = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    Summary {
        applications: c.applications.len(),
        failed: a.eligibility.failed.len(),
        blocking_open: open,
        blocking_overridden: blocking - open,
        warnings: a.warnings(),
        blocked_pairs: a.eligibility.blocked.len(),
        overridden_pairs: a.eligibility.overridden.len(),
    }
}

pub fn to_json(a: &Assessment, c: &Campaign) -> CheckJson {
    let el = &a.eligibility;
    CheckJson {
        campaign: c.settings.id.clone(),
        review_date: c.settings.review_date.to_string(),
        summary: summary(a, c),
        findings: a
            .findings
            .iter()
            .map(|f| FindingJson {
                finding: f.clone(),
                overridden: a.override_of(f).map(String::from),
            })
            .collect(),
        failed: el
            .failed
            .iter()
            .map(|(k, (zh, en))| FailedJson {
                application: k.clone(),
                zh: zh.clone(),
                en: en.clone(),
            })
            .collect(),
        blocked: el
            .blocked
            .iter()
            .map(|((e, a), r)| BlockedJson {
                expert: e.clone(),
                application: a.clone(),
                rules: r.clone(),
            })
            .collect(),
        overridden: el
            .overridden
            .iter()
            .map(|((e, a), r)| OverriddenJson {
                expert: e.clone(),
                application: a.clone(),
                reason: r.clone(),
            })
            .collect(),
        waived: el
            .waived
            .iter()
            .map(|((a, rule), r)| WaivedJson {
                application: a.clone(),
                rule: rule.clone(),
                reason: r.clone(),
            })
            .collect(),
        disputes: vec![],
    }
}

/// Pretty JSON with a final newline.
pub fn render_json(a: &Assessment, c: &Campaign) -> String {
    render_check_json(&to_json(a, c))
}

/// The JSON as `check` prints it.
pub fn render_check_json(json: &CheckJson) -> String {
    let mut s = serde_json::to_string_pretty(json).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn line(out: &mut String, indent: &str, a: &Assessment, f: &Finding, zh: bool) {
    let sev = if zh { f.severity.zh() } else { f.severity.en() };
    let _ = write!(out, "{indent}{} {sev}", f.rule);
    if let Some(reason) = a.override_of(f) {
        let _ = if zh {
            write!(out, "（已由组长豁免：{reason}）")
        } else {
            write!(out, " (overridden by the chair: {reason})")
        };
    }
    if !f.records.is_empty() {
        let _ = write!(out, " [{}]", f.records.join(", "));
    }
    let _ = writeln!(out, " {}", f.message(zh));
}

/// `check --format text` over the whole campaign: see [`render_text_scoped`].
pub fn render_text(a: &Assessment, c: &Campaign, zh: bool) -> String {
    render_text_scoped(a, c, zh, &Scope::default())
}

/// The summary line of a scoped `check`: about the one application or the one expert asked
/// about, not the campaign's count of applications.
fn scoped_summary(a: &Assessment, c: &Campaign, zh: bool, scope: &Scope) -> Option<String> {
    let s = summary(a, c);
    let counts = if zh {
        format!(
            "阻断 {} 项（另有 {} 项已豁免），提示 {} 项",
            s.blocking_open, s.blocking_overridden, s.warnings
        )
    } else {
        format!(
            "{} blocking findings open ({} overridden), {} warnings",
            s.blocking_open, s.blocking_overridden, s.warnings
        )
    };
    let expert_name = |e: &str| {
        c.expert(e)
            .map_or(String::new(), |x| format!(" {}", x.name))
    };
    match (&scope.application, &scope.expert) {
        (Some(app), expert) => {
            let passes = a.eligibility.is_reviewed(app);
            let who = match expert {
                Some(e) if zh => format!("（专家 {e}{}）", expert_name(e)),
                Some(e) => format!(" (expert {e}{})", expert_name(e)),
                None => String::new(),
            };
            Some(if zh {
                format!(
                    "项目 {app}{who}：{}；{counts}；需回避的专家 {} 名，已豁免 {} 名。",
                    if passes {
                        "通过形式审查"
                    } else {
                        "未通过形式审查"
                    },
                    s.blocked_pairs,
                    s.overridden_pairs
                )
            } else {
                format!(
                    "application {app}{who}: {}; {counts}; {} experts blocked, {} overridden.",
                    if passes {
                        "passes formal review"
                    } else {
                        "fails formal review"
                    },
                    s.blocked_pairs,
                    s.overridden_pairs
                )
            })
        }
        (None, Some(e)) => Some(if zh {
            format!(
                "专家 {e}{}：所在评审组的项目中 {} 个未通过形式审查；{counts}；须回避的项目 {} 个，已豁免 {} 个。",
                expert_name(e),
                s.failed,
                s.blocked_pairs,
                s.overridden_pairs
            )
        } else {
            format!(
                "expert {e}{}: {} of their panels' applications fail formal review; {counts}; {} applications blocked, {} overridden.",
                expert_name(e),
                s.failed,
                s.blocked_pairs,
                s.overridden_pairs
            )
        }),
        (None, None) => None,
    }
}

/// `check --format text`: a summary, then campaign-wide findings, then each application with
/// findings or a failed formal review: its status, its formal-review findings, and its
/// conflicts expert by expert. Narrowed to `scope`, the summary is about what was asked,
/// and an application asked about is shown even when nothing is found on it.
pub fn render_text_scoped(a: &Assessment, c: &Campaign, zh: bool, scope: &Scope) -> String {
    let s = summary(a, c);
    let mut out = String::new();
    let name = if zh || c.settings.name_en.is_empty() {
        &c.settings.name
    } else {
        &c.settings.name_en
    };
    let _ = if zh {
        writeln!(
            out,
            "{name}（{}），评审日 {}",
            c.settings.id, c.settings.review_date
        )
    } else {
        writeln!(
            out,
            "{name} ({}), review date {}",
            c.settings.id, c.settings.review_date
        )
    };
    let _ = match scoped_summary(a, c, zh, scope) {
        Some(line) => writeln!(out, "{line}"),
        None if zh => writeln!(
            out,
            "共 {} 个申报项目，{} 个未通过形式审查；阻断 {} 项（另有 {} 项已豁免），提示 {} 项；需回避的专家-项目 {} 对，已豁免 {} 对。",
            s.applications, s.failed,
            s.blocking_open, s.blocking_overridden, s.warnings, s.blocked_pairs, s.overridden_pairs
        ),
        None => writeln!(
            out,
            "{} applications, {} fail formal review; {} blocking \
             findings open ({} overridden), {} warnings; {} expert-application pairs blocked, {} \
             overridden.",
            s.applications,
            s.failed,
            s.blocking_open,
            s.blocking_overridden,
            s.warnings,
            s.blocked_pairs,
            s.overridden_pairs
        ),
    };
    let mut wide: Vec<&Finding> = Vec::new();
    type Group<'a> = (Vec<&'a Finding>, BTreeMap<&'a str, Vec<&'a Finding>>);
    let mut by_app: BTreeMap<&str, Group> = BTreeMap::new();
    for f in &a.findings {
        match (&f.application, &f.expert) {
            (None, _) => wide.push(f),
            (Some(app), None) => by_app.entry(app).or_default().0.push(f),
            (Some(app), Some(e)) => by_app
                .entry(app)
                .or_default()
                .1
                .entry(e)
                .or_default()
                .push(f),
        }
    }
    for app in a.eligibility.failed.keys() {
        by_app.entry(app).or_default();
    }
    if let Some(app) = &scope.application {
        by_app.entry(app).or_default();
    }
    if !wide.is_empty() {
        let _ = writeln!(out, "\n{}", if zh { "推荐单位" } else { "Recommenders" });
        for f in wide {
            line(&mut out, "  ", a, f, zh);
        }
    }
    for (app, (formal, experts)) in by_app {
        let (name, rec) = match c.application(app) {
            Some(x) => (x.name.as_str(), x.recommender.as_str()),
            None => ("", ""),
        };
        let _ = writeln!(out, "\n{app} {name} ({rec})");
        let clean = formal.is_empty() && experts.is_empty();
        let status = match a.eligibility.failed.get(app) {
            Some((fzh, _)) if zh => format!("未通过形式审查：{fzh}"),
            Some((_, fen)) => format!("fails formal review: {fen}"),
            None if zh && clean => "形式审查：通过，无审查发现".to_string(),
            None if clean => "formal review: passes, no findings".to_string(),
            None if zh => "形式审查：通过".to_string(),
            None => "formal review: passes".to_string(),
        };
        let _ = writeln!(out, "  {status}");
        for f in formal {
            line(&mut out, "  ", a, f, zh);
        }
        for f in a
            .behind_failed
            .iter()
            .filter(|f| f.application.as_deref() == Some(app))
        {
            line(&mut out, "  ", a, f, zh);
        }
        for (e, fs) in experts {
            let name = c.expert(e).map_or("", |x| x.name.as_str());
            let _ = writeln!(out, "  {} {e} {name}", if zh { "专家" } else { "expert" });
            for f in fs {
                line(&mut out, "    ", a, f, zh);
            }
        }
    }
    out
}
