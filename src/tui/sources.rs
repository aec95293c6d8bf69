//! Where the interface meets the core: the rules engine's findings, the search index (with a
//! plain substring match until the index is built), sheet export and signed triage. The
//! panes only ever see what these return.

use crate::i18n::Lang;
use crate::keys::PrivateKey;
use crate::model::{Campaign, Decision, Declaration, Ruling, TriageVerdict};
use crate::review::Review;
use crate::rules::conflicts::conflicts;
use crate::rules::formal::formal_review;
use crate::rules::rulings::Rulings;
use crate::rules::{finding_order, Eligibility, Finding, Severity};
use crate::search::{Narrowing, SearchIndex};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

/// Findings per application id, each list in the rules engine's order.
pub type FindingsByApp = HashMap<String, Vec<Finding>>;

/// A blocking finding the chair set aside stays listed, as a warning that says so.
fn note_override(f: &mut Finding, reason: &str) {
    f.severity = Severity::Warning;
    f.zh = format!("{}（组长已书面批准覆盖：{reason}）", f.zh);
    f.en = format!("{} (the chair overrode it in writing: {reason})", f.en);
}

/// The conflict findings (C1–C6) of `expert` with every application, from the rules engine,
/// with the chair's overrides (as `eligibility` records them) noted. Only the expert's
/// conflicts are checked, not the whole campaign's formal review; the interface does this
/// on its worker once at start and again after a declaration, never per frame.
pub fn conflict_findings(
    campaign: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
    expert: &str,
    eligibility: &Eligibility,
) -> FindingsByApp {
    let found = conflicts(
        campaign,
        &Rulings::new(decisions),
        declarations,
        Some(expert),
    );
    conflicts_by_app(found, expert, eligibility)
}

/// `expert`'s conflict findings (sorted, as the rules engine gives them) per application,
/// with the chair's overrides (as `eligibility` records them) noted.
pub fn conflicts_by_app(
    found: Vec<Finding>,
    expert: &str,
    eligibility: &Eligibility,
) -> FindingsByApp {
    let mut out: FindingsByApp = HashMap::new();
    for mut f in found {
        let Some(app) = f.application.clone() else {
            continue;
        };
        if f.severity == Severity::Blocking {
            let key = (expert.to_string(), app.clone());
            let still = eligibility
                .blocked
                .get(&key)
                .is_some_and(|r| r.contains(&f.rule));
            if let Some(reason) = eligibility.overridden.get(&key).filter(|_| !still) {
                let reason = reason.clone();
                note_override(&mut f, &reason);
            }
        }
        out.entry(app).or_default().push(f);
    }
    out
}

/// The formal-review findings (E1–E13) of every application, for the triage view. A
/// campaign-wide finding is listed under each application its records name; a blocking one
/// the chair waived is noted as such.
pub fn application_findings(
    campaign: &Campaign,
    decisions: &[Decision],
    eligibility: &Eligibility,
) -> FindingsByApp {
    let mut all = formal_review(campaign, &Rulings::new(decisions));
    all.sort_unstable_by(finding_order);
    all.dedup();
    let mut out: FindingsByApp = HashMap::new();
    for mut f in all {
        let apps: Vec<String> = match &f.application {
            Some(a) => vec![a.clone()],
            None => f
                .records
                .iter()
                .filter(|r| campaign.application(r).is_some())
                .cloned()
                .collect(),
        };
        if f.severity == Severity::Blocking {
            if let Some(app) = &f.application {
                if let Some(reason) = eligibility.waived.get(&(app.clone(), f.rule.clone())) {
                    let reason = reason.clone();
                    note_override(&mut f, &reason);
                }
            }
        }
        for a in apps {
            out.entry(a).or_default().push(f.clone());
        }
    }
    out
}

/// The triage verdict in force for each application, with its reason, as the rules weigh
/// it (`check` says the same).
pub fn triage_verdicts(decisions: &[Decision]) -> HashMap<String, (TriageVerdict, String)> {
    let rulings = Rulings::new(decisions);
    let mut out = HashMap::new();
    for d in decisions {
        if let Ruling::Triage { application, .. } = &d.ruling {
            if let Some((v, reason)) = rulings.triage(application) {
                out.insert(application.clone(), (v, reason.to_string()));
            }
        }
    }
    out
}

/// What the worker signs with, and where an exported sheet goes.
#[derive(Debug, Clone, Default)]
pub struct Signing {
    /// The expert's key (export) or the secretariat's (triage).
    pub key: Option<PrivateKey>,
    /// The folder sheets are exported into.
    pub export_dir: PathBuf,
}

impl Signing {
    pub fn new(key: Option<PrivateKey>, export_dir: &Path) -> Signing {
        Signing {
            key,
            export_dir: export_dir.to_path_buf(),
        }
    }
}

/// Writes the expert's signed score sheet into the export folder, named after the campaign,
/// the expert and the revision it gets, and returns where.
pub fn export_sheet(review: &Review, expert: &str, signing: &Signing) -> Result<PathBuf, String> {
    let lang = review.lang;
    let Some(key) = &signing.key else {
        return Err(lang
            .pick(
                // Short enough for the status line at 80 columns, command and all.
                &format!("无签名密钥，未导出：请用 `pingshen tui --expert {expert} --key {expert}.key` 重开"),
                &format!("no signing key: reopen with `pingshen tui --expert {expert} --key {expert}.key`"),
            )
            .to_string());
    };
    let next = review.store.revision(expert).map_err(|e| e.to_string())? + 1;
    let dir = &signing.export_dir;
    std::fs::create_dir_all(dir).map_err(|e| {
        lang.pick(
            &format!("无法创建导出文件夹 {}（{e}）", dir.display()),
            &format!("cannot make the export folder {} ({e})", dir.display()),
        )
        .to_string()
    })?;
    let name = format!("{}-{expert}-r{next}.json", review.campaign.settings.id);
    let out = dir.join(crate::tui::text::safe_file_name(&name));
    crate::export::export_sheet_in(&review.store, &review.campaign, expert, key, &out, lang)
        .map(|s| s.file)
}

/// Signs the secretariat's triage verdict the way `pingshen triage` does, stores it, and
/// weighs it in: returns the eligibility that follows.
pub fn triage_decide(
    review: &mut Review,
    signing: &Signing,
    app: &str,
    verdict: TriageVerdict,
    reason: &str,
) -> Result<Eligibility, String> {
    let lang = review.lang;
    let Some(key) = &signing.key else {
        return Err(lang
            .pick(
                "没有秘书处密钥，无法签署：请用 `pingshen tui --triage --key 秘书处私钥文件` 重新打开界面",
                "no secretariat key to sign with: reopen with `pingshen tui --triage --key FILE`",
            )
            .to_string());
    };
    folder_current(review)?;
    let ruling = Ruling::Triage {
        application: app.to_string(),
        verdict,
    };
    let signed = crate::commands::decide::record_in_store(
        lang,
        &review.store,
        &review.campaign,
        ruling,
        reason,
        key,
    )
    .map_err(|f| f.message)?;
    review.take_decision(signed.name, signed.decision);
    review.reassess().map_err(|e| e.to_string())?;
    Ok(review.eligibility.clone())
}

/// Checks that the campaign folder the store signs into is still there and holds the
/// review's campaign (`tui --triage` checked it at start; it can change while the view is
/// open). When not, a sentence that fits the message line of an 80-column terminal, as
/// the whole one names two paths; `pingshen check` gives that one.
fn folder_current(review: &Review) -> Result<(), String> {
    use super::strings::{self as s, t};
    use crate::decisions::{remembered_folder, DecisionsError};
    let lang = review.lang;
    let folder = match remembered_folder(&review.store) {
        Ok(Some(folder)) => folder,
        Ok(None) => return Ok(()),
        Err(DecisionsError::FolderGone { .. }) => return Err(t(lang, s::MSG_FOLDER_GONE).into()),
        Err(e) => return Err(e.message(lang)),
    };
    // A folder that no longer loads changed too; `check` says what is wrong in it.
    match crate::format::load_campaign(&folder) {
        Ok(l) if l.campaign.digest() == review.campaign.digest() => Ok(()),
        _ => Err(t(lang, s::MSG_FOLDER_CHANGED).into()),
    }
}

/// Search over applications: indices into `campaign.applications`, best first.
pub trait ApplicationSearch: Send {
    fn search(&mut self, query: &str) -> Vec<usize>;
}

fn fold(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).collect()
}

/// The search before the index is built: NFKC, case-folded substring over id, name and
/// unit names, in id order. It keeps nothing in advance, so it costs the first frame
/// nothing.
pub struct SubstringSearch {
    campaign: Arc<Campaign>,
}

impl SubstringSearch {
    pub fn new(campaign: Arc<Campaign>) -> SubstringSearch {
        SubstringSearch { campaign }
    }
}

impl ApplicationSearch for SubstringSearch {
    fn search(&mut self, query: &str) -> Vec<usize> {
        let q = fold(query.trim());
        let c = &self.campaign;
        if q.is_empty() {
            return (0..c.applications.len()).collect();
        }
        c.applications
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                fold(&a.id).contains(&q)
                    || fold(&a.name).contains(&q)
                    || a.member_units()
                        .filter_map(|u| c.unit(u))
                        .any(|u| fold(&u.name).contains(&q))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// The pinyin search index (`search::SearchIndex`): every reading of every Han character,
/// initials or full syllables, NFKC, ranked.
pub struct IndexSearch {
    index: SearchIndex,
    positions: HashMap<String, usize>,
    narrowing: Narrowing,
}

impl IndexSearch {
    /// Builds the index; slow for a large campaign, so the interface does it on a thread
    /// of its own after the first frame.
    pub fn build(campaign: &Campaign) -> IndexSearch {
        IndexSearch {
            index: SearchIndex::build(campaign),
            positions: campaign
                .applications
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect(),
            narrowing: Narrowing::default(),
        }
    }
}

impl ApplicationSearch for IndexSearch {
    fn search(&mut self, query: &str) -> Vec<usize> {
        if query.trim().is_empty() {
            return (0..self.positions.len()).collect();
        }
        let limit = self.positions.len();
        self.index
            .search_narrowing(&mut self.narrowing, query, limit)
            .into_iter()
            .filter_map(|h| self.positions.get(&h.application).copied())
            .collect()
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
