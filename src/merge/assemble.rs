//! Turning the merge's working state into the output records, names included, so that
//! reports never read the campaign again.

use super::collect::{AppWork, Cell, Row};
use super::direct_out::{AppsOut, DirectionOut};
use super::output::{
    ApplicationResult, CriterionRef, DirectionResult, ExpertRow, FailedApplication, RecommenderRef,
    UnitRef,
};
use super::par;
use super::rational::Decimal;
use super::stats::Stats;
use super::Merger;
use crate::model::{Application, Campaign, MemberRole, Rubric};

/// One direction's applications to assemble, their working rows moved in: the ranked in
/// rank order, then the unranked in id order.
struct DirectionJob<'w> {
    code: u8,
    rubric: &'w Rubric,
    ranked: Vec<(usize, AppWork<'w>)>,
    unranked: Vec<(usize, AppWork<'w>)>,
}

pub(super) fn unit_name(campaign: &Campaign, id: &str) -> String {
    campaign
        .unit(id)
        .map_or_else(|| id.to_string(), |u| u.name.clone())
}

fn unit_ref(campaign: &Campaign, id: &str) -> UnitRef {
    UnitRef {
        id: id.to_string(),
        name: unit_name(campaign, id),
    }
}

pub(super) fn lead_unit(campaign: &Campaign, app: &Application) -> Option<UnitRef> {
    app.lead().map(|id| unit_ref(campaign, id))
}

pub(super) fn recommender(campaign: &Campaign, app: &Application) -> RecommenderRef {
    RecommenderRef {
        id: app.recommender.clone(),
        name: campaign
            .recommender(&app.recommender)
            .map_or_else(|| app.recommender.clone(), |r| r.name.clone()),
    }
}

fn points(v: i64) -> Decimal {
    Decimal(v)
}

/// One text per criterion. All-empty lists are written as nothing and read back empty, so
/// they are empty here too (and cost nothing in the common case).
fn cell_text<'s>(
    cells: &[Option<Cell<'s>>],
    has: impl Fn(&Cell<'s>) -> bool,
    text: impl Fn(&Cell<'s>) -> &'s str,
) -> Vec<String> {
    if !cells.iter().flatten().any(&has) {
        return Vec::new();
    }
    cells
        .iter()
        .map(|c| c.as_ref().filter(|c| has(c)).map_or("", &text).to_string())
        .collect()
}

impl<'a> Merger<'_, 'a> {
    fn expert_row(&self, work: &AppWork<'_>, row: &Row<'_>) -> ExpertRow {
        ExpertRow {
            comments: cell_text(&row.cells, |c| c.has_comment, |c| c.score.comment.as_str()),
            expert: self.winners[row.expert].expert.id.clone(),
            missing: work
                .rubric
                .criteria
                .iter()
                .zip(&row.cells)
                .filter(|(_, c)| c.is_none())
                .map(|(c, _)| c.id.clone())
                .collect(),
            override_reason: row.override_reason.map(str::to_string),
            reasons: cell_text(&row.cells, |c| c.has_reason, |c| c.score.reason.as_str()),
            round1: (work.round > 1).then(|| {
                row.cells
                    .iter()
                    .map(|c| c.as_ref().and_then(|c| c.round1).map(points))
                    .collect()
            }),
            round1_total: row.round1_values.as_ref().map(|v| points(v.iter().sum())),
            scores: row
                .cells
                .iter()
                .map(|c| c.as_ref().map(|c| points(c.value)))
                .collect(),
            total: row.total.map(points),
        }
    }

    fn application(&self, ai: usize, work: &AppWork<'_>) -> ApplicationResult {
        ApplicationResult {
            experts: work.rows.iter().map(|r| self.expert_row(work, r)).collect(),
            ..self.application_head(ai, work)
        }
    }

    /// An application's record without its expert rows (`experts` empty): what the
    /// output bytes are written from, the rows going straight from the working state.
    pub(super) fn application_head(&self, ai: usize, work: &AppWork<'_>) -> ApplicationResult {
        let campaign = self.input.campaign;
        let app = work.app;
        let trim = campaign.settings.merge.trim_min_n;
        let round1 = if work.round > 1 {
            let complete = work.rows.iter().filter_map(|r| {
                let v = r.round1_values.as_deref()?;
                Some((v.iter().sum::<i64>(), v))
            });
            Stats::new(complete, work.rubric.criteria.len(), trim).map(|s| s.figures())
        } else {
            None
        };
        ApplicationResult {
            application: app.id.clone(),
            decided_by: self.decided_by[ai].clone(),
            experts: Vec::new(),
            figures: self.stats[ai].as_ref().map(Stats::figures),
            flags: work.flags.iter().copied().collect(),
            fragility: self.fragility[ai].clone(),
            joint_units: app
                .members
                .iter()
                .filter(|m| m.role == MemberRole::Joint)
                .map(|m| unit_ref(campaign, &m.unit))
                .collect(),
            lead_unit: lead_unit(campaign, app),
            name: app.name.clone(),
            priority: app.priority,
            rank: self.rank_of[ai],
            recommended: self.recommended[ai],
            recommender: recommender(campaign, app),
            round: work.round,
            round1,
        }
    }

    /// Each application's record, its working rows taken as it is written: a large merge
    /// holds 200,000 (application, expert) rows, and the records would otherwise be built
    /// beside all of them. The last use of the rows; everything ranked is decided by now.
    /// Directions are assembled on all cores and listed by code, whichever finishes first.
    pub(super) fn directions(&mut self) -> Vec<DirectionResult> {
        let jobs = self.direction_jobs();
        let me = &*self;
        par::par_map(jobs, |job| me.direction(job))
    }

    /// [`Merger::directions`] as the output's canonical bytes, handed to `emit` one
    /// direction at a time in order (`None` for one that could not be serialised), each as
    /// soon as it and those before it are done. Written straight from the working rows: no
    /// expert row is built as a record, nor serialised again later. The same bytes as
    /// serialising the records. Gives the count of applications ranked.
    pub(super) fn stream_directions(&mut self, emit: &mut dyn FnMut(Option<Vec<u8>>)) -> usize {
        let jobs = self.direction_jobs();
        let ranked = jobs.iter().map(|j| j.ranked.len()).sum();
        let me = &*self;
        par::par_each_in_order(
            jobs,
            |job| {
                let out = DirectionOut {
                    head: me.direction_head(job.code, job.rubric),
                    ranking: AppsOut {
                        me,
                        list: &job.ranked,
                    },
                    unranked: AppsOut {
                        me,
                        list: &job.unranked,
                    },
                };
                serde_json::to_vec(&out).ok()
            },
            emit,
        );
        ranked
    }

    /// Each direction's applications, their working rows moved out of the merger: the last
    /// use of the rows; everything ranked is decided by now.
    fn direction_jobs(&mut self) -> Vec<DirectionJob<'a>> {
        let mut apps = std::mem::take(&mut self.collected.apps);
        let mut jobs: Vec<DirectionJob<'_>> = Vec::with_capacity(self.by_direction.len());
        for (&code, list) in &self.by_direction {
            let Some(rubric) = list
                .first()
                .and_then(|&ai| apps.get(ai)?.as_ref())
                .map(|w| w.rubric)
            else {
                continue;
            };
            let mut take = |ai: usize| Some((ai, apps.get_mut(ai)?.take()?));
            let ranked: Vec<(usize, AppWork<'_>)> =
                self.ranked.get(&code).map_or_else(Vec::new, |keys| {
                    keys.iter().filter_map(|k| take(k.app)).collect()
                });
            let unranked = list
                .iter()
                .filter(|&&ai| self.rank_of[ai].is_none())
                .filter_map(|&ai| take(ai))
                .collect();
            jobs.push(DirectionJob {
                code,
                rubric,
                ranked,
                unranked,
            });
        }
        jobs
    }

    /// One direction's record, each application's rows dropped once its record is built.
    fn direction(&self, job: DirectionJob<'_>) -> DirectionResult {
        let DirectionJob {
            code,
            rubric,
            ranked,
            unranked,
        } = job;
        let build = |list: Vec<(usize, AppWork<'_>)>| -> Vec<ApplicationResult> {
            list.into_iter()
                .map(|(ai, work)| self.application(ai, &work))
                .collect()
        };
        DirectionResult {
            ranking: build(ranked),
            unranked: build(unranked),
            ..self.direction_head(code, rubric)
        }
    }

    /// A direction's record without its applications.
    fn direction_head(&self, code: u8, rubric: &Rubric) -> DirectionResult {
        DirectionResult {
            code,
            criteria: rubric
                .criteria
                .iter()
                .map(|c| CriterionRef {
                    en: c.en.clone(),
                    id: c.id.clone(),
                    max: points(c.max.0),
                    zh: c.zh.clone(),
                })
                .collect(),
            name_en: Campaign::direction_name(code, false).to_string(),
            name_zh: Campaign::direction_name(code, true).to_string(),
            ranking: Vec::new(),
            rubric: rubric.id.clone(),
            unranked: Vec::new(),
        }
    }

    pub(super) fn failed(&self) -> Vec<FailedApplication> {
        let campaign = self.input.campaign;
        campaign
            .applications
            .iter()
            .filter_map(|app| {
                let (zh, en) = self.input.eligibility.failed.get(&app.id)?;
                Some(FailedApplication {
                    application: app.id.clone(),
                    direction: app.direction(),
                    lead_unit: lead_unit(campaign, app),
                    name: app.name.clone(),
                    reason_en: en.clone(),
                    reason_zh: zh.clone(),
                    recommender: recommender(campaign, app),
                })
            })
            .collect()
    }
}
