//! An expert's review over a store: which applications are theirs, and every check a score,
//! a declaration or a commitment must pass before the store takes it. The CLI and the
//! interface both go through here, so both refuse the same things in the same words.

use crate::decisions::Focus;
use crate::i18n::Lang;
use crate::model::{
    Application, Campaign, Decision, Declaration, Pledge, Points, Ruling, Score, ScoreKey,
};
use crate::rules::Eligibility;
use crate::store::{Store, StoreError};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The commitment every expert acknowledges before scoring.
pub const PLEDGE_ZH: &str = "保密及回避承诺\n\n本人受邀参加网络安全技术应用试点示范项目评审，郑重承诺：\n一、对评审过程中知悉的申报材料、评审意见、评分结果及专家名单严格保密，不复制、不外传、不对外透露；\n二、与申报单位存在任职、曾任职（三年内）、合作、师生、亲属、持股等利益关系，或参与过申报工作的，主动申明并回避；\n三、独立、客观、公正地评分，不受任何单位或个人影响，不接受申报单位的任何馈赠；\n四、如违反上述承诺，愿意承担相应责任。";
pub const PLEDGE_EN: &str = "Confidentiality and recusal commitment\n\nInvited to review applications to the Network Security Technology Application Pilot Demonstration programme, I solemnly undertake:\n1. to keep confidential all application materials, review opinions, scores and the list of experts, and not to copy or disclose them;\n2. to declare and recuse myself wherever I hold or held (within three years) a post at an applicant, collaborate with it, am its teacher or student, a relative, a shareholder, or took part in the application;\n3. to score independently, objectively and fairly, free of any influence, and to accept no gift from any applicant;\n4. to bear the consequences of any breach of this commitment.";

pub fn pledge_text_sm3() -> String {
    use sm3::{Digest, Sm3};
    hex::encode(Sm3::digest(PLEDGE_ZH.as_bytes()))
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ReviewError {
    /// The error in `lang`: a refusal is already in the review's language; a store error is
    /// worded here.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReviewError::Refused(m) => m.clone(),
            ReviewError::Store(e) => e.message(lang),
        }
    }
}

/// How far an expert has got with one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Progress {
    Unscored,
    Partial,
    Scored,
    /// A blocking conflict: no content, no score.
    Conflict,
}

/// The one rule on a later round's reason, which `score` (the CLI and the interface) and
/// `import` all apply: from round 2, a score that differs from the expert's score in the
/// latest earlier round (`before`) carries a written reason, and an empty or blank reason is
/// no reason. The same score entered again in the same round (say, to change its comment)
/// keeps the reason it has, as it keeps its comment. Gives the reason to record, or, when
/// one is needed and missing, the earlier value the change is from.
pub fn round_reason(
    round: u32,
    before: Option<Points>,
    current: Option<&Score>,
    value: Points,
    given: Option<&str>,
) -> Result<String, Points> {
    let given = given.map(str::trim).unwrap_or("");
    if !given.is_empty() {
        return Ok(given.to_string());
    }
    if let Some(kept) =
        current.filter(|c| c.key.round == round && c.value == value && !c.reason.trim().is_empty())
    {
        return Ok(kept.reason.clone());
    }
    match before {
        Some(from) if round > 1 && from != value => Err(from),
        _ => Ok(String::new()),
    }
}

pub struct Review {
    pub store: Store,
    /// Shared with the interface's session and search, which read it while the review's
    /// worker writes: one copy of a 10,000-application campaign, not three.
    pub campaign: Arc<Campaign>,
    /// Within `focus`: for one expert's review, other experts' conflicts are not weighed.
    pub eligibility: Eligibility,
    pub decisions: Vec<Decision>,
    /// The file each decision came from, by index.
    decision_files: Vec<String>,
    pub lang: Lang,
    focus: Focus,
    /// Whether `eligibility` has been weighed. A review opened with
    /// [`Review::open_unchecked_with`] has not until [`Review::check`]; meanwhile it refuses
    /// every score, so nothing is accepted before the formal review and the conflicts are
    /// known.
    checked: bool,
}

impl Review {
    /// Opens a review over `store`, weighing its decisions and every expert's conflicts.
    pub fn open(store: Store, lang: Lang) -> Result<Review, ReviewError> {
        Review::open_with(store, lang, |_| Focus::Everyone)
    }

    /// Opens one expert's review: their conflicts only, so opening does not search every
    /// expert's (half of a large campaign's assessment).
    pub fn open_for(store: Store, lang: Lang, expert: &str) -> Result<Review, ReviewError> {
        let focus = Focus::Expert(expert.to_string());
        Review::open_with(store, lang, |_| focus)
    }

    /// Opens a review whose focus `choose` picks once the campaign is read (a package names
    /// its expert).
    pub fn open_with(
        store: Store,
        lang: Lang,
        choose: impl FnOnce(&Campaign) -> Focus,
    ) -> Result<Review, ReviewError> {
        let mut review = Review::open_unchecked_with(store, lang, choose)?;
        review.check()?;
        Ok(review)
    }

    /// Opens a review without weighing the formal review and the conflicts yet (the most
    /// of a large campaign's opening): the interface draws its first frame meanwhile and
    /// has its worker call [`Review::check`]. Until then the review refuses every score
    /// (see [`Review::is_checked`]) and `assigned` still lists the applications that will
    /// turn out to have failed formal review.
    pub fn open_unchecked_with(
        store: Store,
        lang: Lang,
        choose: impl FnOnce(&Campaign) -> Focus,
    ) -> Result<Review, ReviewError> {
        let campaign = store.campaign()?;
        let focus = choose(&campaign);
        let named = crate::decisions::verified_named_from_store(&store, &campaign)
            .map_err(|e| ReviewError::Refused(e.message(lang)))?;
        let decision_files = named.iter().map(|(n, _)| n.clone()).collect();
        let decisions: Vec<Decision> = named.into_iter().map(|(_, d)| d).collect();
        Ok(Review {
            store,
            campaign: Arc::new(campaign),
            eligibility: Eligibility::default(),
            decisions,
            decision_files,
            lang,
            focus,
            checked: false,
        })
    }

    /// Weighs the formal review and the conflicts within the review's focus, and returns
    /// the assessment they came from (its findings: within the focus, as `check` lists
    /// them). From here on the review accepts scores.
    pub fn check(&mut self) -> Result<crate::rules::Assessment, ReviewError> {
        let declarations = self.store.declarations(None)?;
        let assessment = crate::decisions::assessment_for(
            &self.campaign,
            &self.decisions,
            &declarations,
            &self.focus,
        );
        self.eligibility = assessment.eligibility.clone();
        self.checked = true;
        Ok(assessment)
    }

    /// Whether the formal review and the conflicts have been weighed (always, except for a
    /// review opened with [`Review::open_unchecked_with`] before [`Review::check`]).
    pub fn is_checked(&self) -> bool {
        self.checked
    }

    /// Takes a decision just signed into the review (then [`Review::reassess`]).
    pub fn take_decision(&mut self, file: String, decision: Decision) {
        self.decision_files.push(file);
        self.decisions.push(decision);
    }

    /// Refuses while decisions that neither replaces the other disagree on a subject: what
    /// acts on the outcome (a package) waits until a new decision settles it.
    pub fn settled(&self) -> Result<(), ReviewError> {
        let named: Vec<(String, Decision)> = self
            .decision_files
            .iter()
            .cloned()
            .zip(self.decisions.iter().cloned())
            .collect();
        crate::decisions::settled(self.lang, &named, None).map_err(ReviewError::Refused)
    }

    /// Whose conflicts this review weighs.
    pub fn focus(&self) -> &Focus {
        &self.focus
    }

    fn refuse<T>(&self, zh: String, en: String) -> Result<T, ReviewError> {
        Err(ReviewError::Refused(if self.lang.is_zh() {
            zh
        } else {
            en
        }))
    }

    /// Rebuilds the eligibility after a declaration or a received decision.
    pub fn reassess(&mut self) -> Result<(), ReviewError> {
        self.check().map(|_| ())
    }

    /// Panels (ids) the expert stands on: the signed draw if there is one, else the
    /// campaign's standing membership.
    pub fn panels_of(&self, expert: &str) -> Vec<String> {
        let draw =
            crate::rules::rulings::draw_in_force(&self.decisions).and_then(|d| match &d.ruling {
                Ruling::Draw { panels, .. } => Some(panels),
                _ => None,
            });
        match draw {
            Some(panels) => panels
                .iter()
                .filter(|p| p.experts.iter().any(|e| e == expert))
                .map(|p| p.panel.clone())
                .collect(),
            None => self
                .campaign
                .panels_of(expert)
                .map(|p| p.id.clone())
                .collect(),
        }
    }

    /// The round open for a panel: the highest signed Round decision, else 1.
    pub fn round_of_panel(&self, panel: &str) -> u32 {
        self.decisions
            .iter()
            .filter_map(|d| match &d.ruling {
                Ruling::Round { panel: p, round } if p == panel => Some(*round),
                _ => None,
            })
            .max()
            .unwrap_or(1)
    }

    /// The round in which `expert` scores `app` now.
    pub fn round_for(&self, expert: &str, app: &Application) -> u32 {
        self.panels_of(expert)
            .iter()
            .filter(|p| {
                self.campaign
                    .panel(p)
                    .is_some_and(|p| p.directions.contains(&app.direction()))
            })
            .map(|p| self.round_of_panel(p))
            .max()
            .unwrap_or(1)
    }

    /// Applications the expert's panels review (formal review passed), conflicted ones
    /// included (they show as conflicts), in id order.
    pub fn assigned(&self, expert: &str) -> Vec<&Application> {
        let panels = self.panels_of(expert);
        let dirs: Vec<u8> = panels
            .iter()
            .filter_map(|p| self.campaign.panel(p))
            .flat_map(|p| p.directions.iter().copied())
            .collect();
        self.campaign
            .applications
            .iter()
            .filter(|a| dirs.contains(&a.direction()) && self.eligibility.is_reviewed(&a.id))
            .collect()
    }

    pub fn is_assigned(&self, expert: &str, app: &str) -> bool {
        self.assigned(expert).iter().any(|a| a.id == app)
    }

    /// The expert's current scores for an application, by criterion, in the open round
    /// (falling back to the latest earlier round's score).
    pub fn current_scores(
        &self,
        expert: &str,
        app: &Application,
    ) -> Result<BTreeMap<String, Score>, ReviewError> {
        let round = self.round_for(expert, app);
        let mut out: BTreeMap<String, Score> = BTreeMap::new();
        for s in self.store.scores(Some(expert))? {
            if s.key.application == app.id && s.key.round <= round {
                let keep = out
                    .get(&s.key.criterion)
                    .is_none_or(|o| o.key.round < s.key.round);
                if keep {
                    out.insert(s.key.criterion.clone(), s);
                }
            }
        }
        Ok(out)
    }

    /// Whether this review's eligibility weighed `expert`'s conflicts.
    fn covers(&self, expert: &str) -> bool {
        match &self.focus {
            Focus::Everyone => true,
            Focus::Expert(e) => e == expert,
            Focus::FormalOnly => false,
        }
    }

    /// The rules in force that block `expert` from `app`. Within the review's focus a look-up;
    /// for an expert outside it their conflicts are weighed here, so a narrowed review never
    /// answers for an expert it did not weigh.
    fn blocking_rules(&self, expert: &str, app: &str) -> Result<Option<Vec<String>>, ReviewError> {
        let key = (expert.to_string(), app.to_string());
        if self.covers(expert) {
            return Ok(self.eligibility.blocked.get(&key).cloned());
        }
        let declarations = self.store.declarations(None)?;
        let focus = Focus::Expert(expert.to_string());
        let theirs = crate::decisions::eligibility_for(
            &self.campaign,
            &self.decisions,
            &declarations,
            &focus,
        );
        Ok(theirs.blocked.get(&key).cloned())
    }

    /// The expert's score for a criterion in the latest round before `round`, if any: what
    /// a later round's change is measured against.
    pub fn value_before_round(
        &self,
        expert: &str,
        app_id: &str,
        criterion: &str,
        round: u32,
    ) -> Result<Option<Points>, ReviewError> {
        Ok(self
            .store
            .scores(Some(expert))?
            .into_iter()
            .filter(|s| {
                s.key.application == app_id && s.key.criterion == criterion && s.key.round < round
            })
            .max_by_key(|s| s.key.round)
            .map(|s| s.value))
    }

    pub fn progress(&self, expert: &str, app: &Application) -> Result<Progress, ReviewError> {
        if self.blocking_rules(expert, &app.id)?.is_some() {
            return Ok(Progress::Conflict);
        }
        let n = self
            .campaign
            .rubric_for_application(app)
            .map(|r| r.criteria.len())
            .unwrap_or(0);
        let have = self.current_scores(expert, app)?.len();
        Ok(match have {
            0 => Progress::Unscored,
            h if h >= n => Progress::Scored,
            _ => Progress::Partial,
        })
    }

    fn expert_known(&self, expert: &str) -> Result<(), ReviewError> {
        if self.campaign.expert(expert).is_none() {
            return self.refuse(
                format!("专家 `{expert}` 不在本评审的专家库中；请核对 --expert"),
                format!("expert `{expert}` is not in this campaign's pool; check --expert"),
            );
        }
        Ok(())
    }

    pub fn has_pledged(&self, expert: &str) -> Result<bool, ReviewError> {
        Ok(self.store.pledge(expert)?.is_some())
    }

    /// Records the commitment (idempotent: a second acknowledgement keeps the first).
    pub fn pledge(&self, expert: &str) -> Result<Pledge, ReviewError> {
        self.expert_known(expert)?;
        if let Some(p) = self.store.pledge(expert)? {
            return Ok(p);
        }
        let at = crate::clock::now_rfc3339();
        let p = Pledge {
            expert: expert.to_string(),
            text_sm3: pledge_text_sm3(),
            at: at.clone(),
        };
        self.store.put_pledge(&p, &at)?;
        Ok(p)
    }

    /// Checks that `expert` may score `app` at all, saying why not.
    pub fn may_score(&self, expert: &str, app_id: &str) -> Result<&Application, ReviewError> {
        self.expert_known(expert)?;
        if !self.has_pledged(expert)? {
            return self.refuse(
                format!("专家 `{expert}` 尚未确认保密及回避承诺；请先运行 `pingshen pledge --expert {expert}`，或在界面中按 y 确认"),
                format!("expert `{expert}` has not acknowledged the commitment; run `pingshen pledge --expert {expert}` or press y on the interface's commitment screen"),
            );
        }
        if !self.checked {
            return self.refuse(
                format!("项目 `{app_id}` 的形式审查和利益冲突核查仍在计算中，尚不能评分；请在核查完成后再评分"),
                format!("the formal-review and conflict checks for application `{app_id}` are still being computed; score it once they are done"),
            );
        }
        let Some(app) = self.campaign.application(app_id) else {
            return self.refuse(
                format!("项目 `{app_id}` 不存在；请用 `pingshen search` 查找正确的编号"),
                format!(
                    "application `{app_id}` does not exist; find its id with `pingshen search`"
                ),
            );
        };
        if let Some((zh, en)) = self.eligibility.failed.get(app_id) {
            return self.refuse(
                format!("项目 `{app_id}` 未通过形式审查（{zh}），不参加评分"),
                format!("application `{app_id}` failed formal review ({en}) and is not scored"),
            );
        }
        if let Some(rules) = self.blocking_rules(expert, app_id)? {
            let rules = rules.join(", ");
            return self.refuse(
                format!("专家 `{expert}` 与项目 `{app_id}` 存在须回避的利益冲突（{rules}），不能评分；如确需评分，须由组长书面批准覆盖"),
                format!("expert `{expert}` has a blocking conflict of interest with application `{app_id}` ({rules}) and may not score it; only the chair can override, in writing"),
            );
        }
        if !self.is_assigned(expert, app_id) {
            return self.refuse(
                format!("项目 `{app_id}` 不在专家 `{expert}` 所在评审组的评审范围内"),
                format!("application `{app_id}` is not assigned to expert `{expert}`'s panel"),
            );
        }
        Ok(app)
    }

    /// Checks and durably records one score. Returns it once the store has flushed.
    pub fn score(
        &self,
        expert: &str,
        app_id: &str,
        criterion: &str,
        value: &str,
        comment: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Score, ReviewError> {
        let app = self.may_score(expert, app_id)?;
        let Some(rubric) = self.campaign.rubric_for_application(app) else {
            return self.refuse(
                format!("项目 `{app_id}` 的方向没有评分细则"),
                format!("no rubric scores application `{app_id}`'s direction"),
            );
        };
        let Some(crit) = rubric.criterion(criterion) else {
            let ids: Vec<&str> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
            return self.refuse(
                format!(
                    "评分项 `{criterion}` 不在细则「{}」中；可用：{}",
                    rubric.zh,
                    ids.join(", ")
                ),
                format!(
                    "criterion `{criterion}` is not in rubric `{}`; use one of: {}",
                    rubric.id,
                    ids.join(", ")
                ),
            );
        };
        let points = match Points::parse_typed(value) {
            Ok(p) => p,
            Err(_) => {
                return self.refuse(
                    format!("`{value}` 不是有效分数；请输入如 23 或 22.5 的数字"),
                    format!("`{value}` is not a score; give a number such as 23 or 22.5"),
                )
            }
        };
        if let Err(e) = crit.check(points) {
            return self.refuse(
                format!(
                    "{}「{}」的分数须在 0 到 {} 之间、且为 {} 的整数倍；{points} 不符合",
                    crit.zh, crit.id, crit.max, crit.step
                ),
                format!(
                    "{} ({}): {e}; give a multiple of {} from 0 to {}",
                    crit.en, crit.id, crit.step, crit.max
                ),
            );
        }
        let round = self.round_for(expert, app);
        let key = ScoreKey {
            expert: expert.to_string(),
            application: app_id.to_string(),
            criterion: criterion.to_string(),
            round,
        };
        let previous = self.current_scores(expert, app)?.remove(criterion);
        let before = self.value_before_round(expert, app_id, criterion, round)?;
        let reason = match round_reason(round, before, previous.as_ref(), points, reason) {
            Ok(reason) => reason,
            Err(from) => {
                return self.refuse(
                    format!("第 {round} 轮修改分数（{from} → {points}）须说明理由；请用 --reason 给出"),
                    format!("round {round} changes this score ({from} to {points}); give the reason with --reason"),
                )
            }
        };
        let comment = match comment {
            Some(c) => c.to_string(),
            None => previous.map(|p| p.comment).unwrap_or_default(),
        };
        let score = Score {
            key,
            value: points,
            comment,
            reason,
        };
        self.store.put_score(&score, &crate::clock::now_rfc3339())?;
        Ok(score)
    }

    /// Declares a conflict with an application; the expert is then blocked from it.
    pub fn declare(
        &mut self,
        expert: &str,
        app_id: &str,
        reason: &str,
    ) -> Result<Declaration, ReviewError> {
        self.expert_known(expert)?;
        if self.campaign.application(app_id).is_none() {
            return self.refuse(
                format!("项目 `{app_id}` 不存在"),
                format!("application `{app_id}` does not exist"),
            );
        }
        if reason.trim().is_empty() {
            return self.refuse(
                "申明回避须写明理由；请用 --reason 给出".into(),
                "a declaration needs a reason; give it with --reason".into(),
            );
        }
        let d = Declaration {
            expert: expert.to_string(),
            application: app_id.to_string(),
            reason: reason.trim().to_string(),
        };
        self.store
            .put_declaration(&d, &crate::clock::now_rfc3339())?;
        self.reassess()?;
        Ok(d)
    }
}
