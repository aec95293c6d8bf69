//! The interface's own copy of what it shows: the campaign, who may judge what, and the
//! expert's current scores, taken from the review once at start and kept up to date from
//! the worker's replies, so drawing never waits on the store.

use super::sources::{self, FindingsByApp};
use crate::model::{Application, Campaign, Declaration, Points, Score, TriageVerdict};
use crate::review::{Progress, Review, ReviewError};
use crate::rules::{Eligibility, Finding};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The status shown in a list row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowStatus {
    Progress(Progress),
    Triage(Option<TriageVerdict>),
    /// The expert's row before the formal review and the conflicts are weighed: it may yet
    /// turn out blocked, or leave the list.
    Checking,
}

impl RowStatus {
    /// Still to do: not fully scored, or not triaged.
    pub fn is_open(self) -> bool {
        match self {
            RowStatus::Progress(p) => matches!(p, Progress::Unscored | Progress::Partial),
            RowStatus::Triage(v) => v.is_none(),
            RowStatus::Checking => true,
        }
    }
    /// Sort rank: open work first.
    pub fn rank(self) -> u8 {
        match self {
            RowStatus::Progress(Progress::Unscored) => 0,
            RowStatus::Progress(Progress::Partial) => 1,
            RowStatus::Progress(Progress::Scored) => 2,
            RowStatus::Progress(Progress::Conflict) => 3,
            RowStatus::Triage(None) => 0,
            RowStatus::Triage(Some(TriageVerdict::Info)) => 1,
            RowStatus::Triage(Some(TriageVerdict::Fail)) => 2,
            RowStatus::Triage(Some(TriageVerdict::Pass)) => 3,
            RowStatus::Checking => 0,
        }
    }
}

/// Who the interface runs for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Expert { id: String, name: String },
    Triage,
    Chair,
}

pub struct Session {
    pub role: Role,
    /// Shared with the thread that builds the search index.
    pub campaign: Arc<Campaign>,
    pub eligibility: Eligibility,
    /// Whether `eligibility` is weighed. An expert's view opened over an unchecked review
    /// shows every application of their panels as "checking", with no content, and takes
    /// no score until the worker's first assessment arrives (`take_checks`).
    pub checked: bool,
    /// The rules engine's findings per application: the expert's conflicts, or (triage)
    /// the formal review's. Computed on the worker after start.
    pub findings: FindingsByApp,
    /// Whether `findings` has arrived from the worker.
    pub findings_ready: bool,
    /// The expert's own declarations.
    pub declarations: Vec<Declaration>,
    /// Applications in the list, as indices into `campaign.applications`, in id order.
    pub rows: Vec<usize>,
    /// Status of each row, parallel to `rows`.
    pub status: Vec<RowStatus>,
    /// The expert's current scores per application id, by criterion.
    pub scores: HashMap<String, BTreeMap<String, Score>>,
    /// Every round's value of each of the expert's scores, by application and criterion:
    /// what a later round's change is measured against (see `review::round_reason`).
    pub history: HashMap<(String, String), BTreeMap<u32, Points>>,
    /// The open round per direction code, for the expert's panels.
    pub rounds: HashMap<u8, u32>,
    /// Triage verdicts and reasons per application id.
    pub verdicts: HashMap<String, (TriageVerdict, String)>,
    pub pledged: bool,
}

impl Session {
    /// The expert's view: their assigned applications, scores and declarations.
    pub fn for_expert(review: &Review, expert: &str) -> Result<Session, ReviewError> {
        let Some(e) = review.campaign.expert(expert) else {
            return Err(ReviewError::Refused(
                review
                    .lang
                    .pick(
                        &format!("专家 `{expert}` 不在本评审的专家库中；请核对 --expert"),
                        &format!(
                            "expert `{expert}` is not in this campaign's pool; check --expert"
                        ),
                    )
                    .to_string(),
            ));
        };
        let campaign = Arc::clone(&review.campaign);
        let index: HashMap<&str, usize> = campaign
            .applications
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let assigned = review.assigned(expert);
        let mut rounds = HashMap::new();
        for a in &assigned {
            rounds
                .entry(a.direction())
                .or_insert_with(|| review.round_for(expert, a));
        }
        let rows: Vec<usize> = assigned
            .iter()
            .filter_map(|a| index.get(a.id.as_str()).copied())
            .collect();
        // One read of the expert's scores, grouped here: per application, the open round's
        // score, else the latest earlier round's (as Review::current_scores does).
        let mut scores: HashMap<String, BTreeMap<String, Score>> = HashMap::new();
        let mut history: HashMap<(String, String), BTreeMap<u32, Points>> = HashMap::new();
        for s in review.store.scores(Some(expert))? {
            history
                .entry((s.key.application.clone(), s.key.criterion.clone()))
                .or_default()
                .insert(s.key.round, s.value);
            let Some(app) = campaign.application(&s.key.application) else {
                continue;
            };
            let round = rounds.get(&app.direction()).copied().unwrap_or(1);
            if s.key.round > round {
                continue;
            }
            let per = scores.entry(s.key.application.clone()).or_default();
            let keep = per
                .get(&s.key.criterion)
                .is_none_or(|o| o.key.round < s.key.round);
            if keep {
                per.insert(s.key.criterion.clone(), s);
            }
        }
        let declarations = review.store.declarations(Some(expert))?;
        let mut session = Session {
            role: Role::Expert {
                id: expert.to_string(),
                name: e.name.clone(),
            },
            eligibility: review.eligibility.clone(),
            checked: review.is_checked(),
            findings: FindingsByApp::new(),
            findings_ready: false,
            declarations,
            status: vec![],
            rows,
            scores,
            history,
            rounds,
            verdicts: HashMap::new(),
            pledged: review.has_pledged(expert)?,
            campaign,
        };
        session.status = (0..session.rows.len())
            .map(|r| session.compute_status(r))
            .collect();
        Ok(session)
    }

    /// The secretariat's triage view: every application, with its verdict.
    pub fn for_triage(review: &Review) -> Session {
        let verdicts = sources::triage_verdicts(&review.decisions);
        let campaign = Arc::clone(&review.campaign);
        let rows: Vec<usize> = (0..campaign.applications.len()).collect();
        let status = campaign
            .applications
            .iter()
            .map(|a| RowStatus::Triage(verdicts.get(&a.id).map(|v| v.0)))
            .collect();
        Session {
            role: Role::Triage,
            findings: FindingsByApp::new(),
            findings_ready: false,
            eligibility: review.eligibility.clone(),
            checked: review.is_checked(),
            declarations: vec![],
            rows,
            status,
            scores: HashMap::new(),
            history: HashMap::new(),
            rounds: HashMap::new(),
            verdicts,
            pledged: true,
            campaign,
        }
    }

    /// The chair's view: no list of its own (the merge output holds the rows).
    pub fn for_chair(campaign: impl Into<Arc<Campaign>>) -> Session {
        Session {
            role: Role::Chair,
            campaign: campaign.into(),
            eligibility: Eligibility::default(),
            checked: true,
            findings: FindingsByApp::new(),
            findings_ready: true,
            declarations: vec![],
            rows: vec![],
            status: vec![],
            scores: HashMap::new(),
            history: HashMap::new(),
            rounds: HashMap::new(),
            verdicts: HashMap::new(),
            pledged: true,
        }
    }

    /// The rules engine's findings for an application (none when it has none).
    pub fn findings_of(&self, app: &str) -> &[Finding] {
        self.findings.get(app).map_or(&[], Vec::as_slice)
    }

    pub fn expert_id(&self) -> Option<&str> {
        match &self.role {
            Role::Expert { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn app(&self, row: usize) -> Option<&Application> {
        self.rows
            .get(row)
            .and_then(|&i| self.campaign.applications.get(i))
    }

    pub fn row_of(&self, app_id: &str) -> Option<usize> {
        let i = self
            .campaign
            .applications
            .binary_search_by(|a| a.id.as_str().cmp(app_id))
            .ok()?;
        self.rows.binary_search(&i).ok()
    }

    pub fn is_blocked(&self, app: &Application) -> bool {
        self.expert_id()
            .is_some_and(|e| self.eligibility.is_blocked(e, &app.id))
    }

    pub fn round_for(&self, app: &Application) -> u32 {
        self.rounds.get(&app.direction()).copied().unwrap_or(1)
    }

    fn compute_status(&self, row: usize) -> RowStatus {
        let Some(app) = self.app(row) else {
            return RowStatus::Progress(Progress::Unscored);
        };
        if let Role::Triage = self.role {
            return RowStatus::Triage(self.verdicts.get(&app.id).map(|v| v.0));
        }
        if !self.checked {
            return RowStatus::Checking;
        }
        if self.is_blocked(app) {
            return RowStatus::Progress(Progress::Conflict);
        }
        let n = self
            .campaign
            .rubric_for_application(app)
            .map(|r| r.criteria.len())
            .unwrap_or(0);
        // As Review::progress counts: the open round's scores, else earlier rounds'.
        let have = self.scores.get(&app.id).map(BTreeMap::len).unwrap_or(0);
        RowStatus::Progress(match have {
            0 => Progress::Unscored,
            h if h >= n => Progress::Scored,
            _ => Progress::Partial,
        })
    }

    /// The expert's value for a criterion in the latest round before `round`, if any.
    pub fn value_before_round(&self, app: &str, criterion: &str, round: u32) -> Option<Points> {
        self.history
            .get(&(app.to_string(), criterion.to_string()))
            .and_then(|by_round| by_round.range(..round).next_back())
            .map(|(_, v)| *v)
    }

    /// Takes in a score the store has saved.
    pub fn record_score(&mut self, score: Score) {
        let app = score.key.application.clone();
        self.history
            .entry((app.clone(), score.key.criterion.clone()))
            .or_default()
            .insert(score.key.round, score.value);
        self.scores
            .entry(app.clone())
            .or_default()
            .insert(score.key.criterion.clone(), score);
        if let Some(r) = self.row_of(&app) {
            self.status[r] = self.compute_status(r);
        }
    }

    /// Takes in the first weighed eligibility of a view opened unchecked: the applications
    /// that failed formal review leave the list, and every row gets its status. Returns,
    /// for each row before, its row after (`None` for one that left).
    pub fn take_checks(&mut self, eligibility: Eligibility) -> Vec<Option<usize>> {
        let mut map = Vec::with_capacity(self.rows.len());
        let mut kept = Vec::with_capacity(self.rows.len());
        for &i in &self.rows {
            let reviewed = self
                .campaign
                .applications
                .get(i)
                .is_some_and(|a| eligibility.is_reviewed(&a.id));
            if reviewed {
                map.push(Some(kept.len()));
                kept.push(i);
            } else {
                map.push(None);
            }
        }
        self.rows = kept;
        self.eligibility = eligibility;
        self.checked = true;
        self.status = (0..self.rows.len())
            .map(|r| self.compute_status(r))
            .collect();
        map
    }

    /// Takes in a new eligibility and the findings that follow a declaration.
    pub fn record_declaration(
        &mut self,
        eligibility: Eligibility,
        declarations: Vec<Declaration>,
        findings: FindingsByApp,
    ) {
        self.eligibility = eligibility;
        self.declarations = declarations;
        self.findings = findings;
        self.findings_ready = true;
        for r in 0..self.rows.len() {
            self.status[r] = self.compute_status(r);
        }
    }

    /// Takes in a signed triage verdict and the eligibility that follows it.
    pub fn record_verdict(
        &mut self,
        app: &str,
        verdict: TriageVerdict,
        reason: String,
        eligibility: Eligibility,
    ) {
        self.verdicts.insert(app.to_string(), (verdict, reason));
        self.eligibility = eligibility;
        if let Some(r) = self.row_of(app) {
            self.status[r] = self.compute_status(r);
        }
    }

    /// (scored, assigned) for the status bar; conflicted applications are not counted.
    pub fn progress(&self) -> (usize, usize) {
        let mut done = 0;
        let mut total = 0;
        for s in &self.status {
            match s {
                RowStatus::Checking => total += 1,
                RowStatus::Progress(Progress::Conflict) => {}
                RowStatus::Progress(Progress::Scored) | RowStatus::Triage(Some(_)) => {
                    done += 1;
                    total += 1;
                }
                _ => total += 1,
            }
        }
        (done, total)
    }
}
