//! Scoring, commenting, declaring and triaging from the keyboard: the inputs they open, the
//! checks made before a job goes to the worker, and the prompts the inputs show.

use super::action::Action;
use super::app::App;
use super::input::{Purpose, TextInput};
use super::panes::rubric::{self, Pending};
use super::sources;
use super::strings::{self as s, t};
use super::worker::Job;
use crate::model::{Criterion, Points};
use crate::review::round_reason;

impl App {
    /// The selected application and criterion, if it may be scored now.
    fn scorable(&mut self) -> Option<(String, Criterion)> {
        let app = self.selected_app()?;
        if !self.session.checked {
            // Until the worker has weighed the formal review and the conflicts, no
            // application is known to be free of a blocking conflict.
            self.status.error(t(self.lang, s::MSG_CHECKS_PENDING));
            return None;
        }
        if self.session.is_blocked(app) {
            self.status.error(t(self.lang, s::MSG_LOCKED));
            return None;
        }
        let Some(c) = self
            .session
            .campaign
            .rubric_for_application(app)
            .and_then(|r| r.criteria.get(self.rubric.selected))
        else {
            self.status.error(t(self.lang, s::MSG_NO_CRITERION));
            return None;
        };
        Some((app.id.clone(), c.clone()))
    }

    pub(super) fn begin_score(&mut self, first: Option<char>) {
        let Some((app, c)) = self.scorable() else {
            return;
        };
        let seed = first.map(String::from).unwrap_or_default();
        self.input = Some(TextInput::new(
            Purpose::Score {
                app,
                criterion: c.id,
            },
            &seed,
        ));
    }

    /// A digit typed outside the scoring pane: one line saying where scores go, with the
    /// keys that get there as the key map has them.
    pub(super) fn score_hint(&mut self) {
        let ctx = self.context();
        let key = |run| self.keymap.key_label(run, ctx);
        let (Some(pane), Some(go)) = (self.pane_name("focus_rubric"), key("focus_rubric")) else {
            return;
        };
        let text = match key("focus_next") {
            Some(next) => t(self.lang, s::MSG_SCORE_WHERE).replace("{next}", &next),
            None => t(self.lang, s::MSG_SCORE_WHERE_KEY).to_string(),
        }
        .replace("{pane}", pane)
        .replace("{key}", &go);
        self.status.info(text);
    }

    fn current_value(&self, app: &str, criterion: &str) -> Option<Points> {
        let pend = self
            .pending
            .iter()
            .rev()
            .find(|p| p.app == app && p.criterion == criterion)
            .and_then(|p| Points::parse_typed(&p.value).ok());
        pend.or_else(|| {
            self.session
                .scores
                .get(app)
                .and_then(|m| m.get(criterion))
                .map(|s| s.value)
        })
    }

    pub(super) fn step_score(&mut self, d: i8) {
        let Some((app, c)) = self.scorable() else {
            return;
        };
        let v = rubric::stepped(&c, self.current_value(&app, &c.id), d);
        self.commit_score(app, c.id, v.to_string());
    }

    pub(super) fn begin_comment(&mut self) {
        let Some((app, c)) = self.scorable() else {
            return;
        };
        let Some(existing) = self.session.scores.get(&app).and_then(|m| m.get(&c.id)) else {
            self.status.error(t(self.lang, s::MSG_SCORE_FIRST));
            return;
        };
        let text = existing.comment.clone();
        self.input = Some(TextInput::new(
            Purpose::Comment {
                app,
                criterion: c.id,
            },
            &text,
        ));
    }

    /// Sends a score, first asking for a reason when a later round changes it.
    fn commit_score(&mut self, app: String, criterion: String, value: String) {
        let value = value.trim().to_string();
        let prev = self
            .session
            .scores
            .get(&app)
            .and_then(|m| m.get(&criterion));
        let round = self
            .session
            .campaign
            .application(&app)
            .map(|a| self.session.round_for(a))
            .unwrap_or(1);
        let before = self.session.value_before_round(&app, &criterion, round);
        // Ask only when the Review would refuse the score without a reason.
        let needs_reason = Points::parse_typed(&value)
            .is_ok_and(|v| round_reason(round, before, prev, v, None).is_err());
        if needs_reason {
            let purpose = Purpose::Reason {
                app,
                criterion,
                value,
            };
            self.input = Some(TextInput::new(purpose, ""));
            return;
        }
        self.send_score(app, criterion, value, None, None);
    }

    fn send_score(
        &mut self,
        app: String,
        criterion: String,
        value: String,
        comment: Option<String>,
        reason: Option<String>,
    ) {
        let Some(expert) = self.session.expert_id().map(str::to_string) else {
            return;
        };
        self.pending.push(Pending {
            app: app.clone(),
            criterion: criterion.clone(),
            value: value.clone(),
        });
        self.send(Job::Score {
            expert,
            app,
            criterion,
            value,
            comment,
            reason,
        });
    }

    pub(super) fn submit(&mut self, purpose: Purpose, text: String) -> Option<Action> {
        let expert = self.session.expert_id().map(str::to_string);
        let needs_reason = matches!(
            purpose,
            Purpose::Reason { .. } | Purpose::Declare { .. } | Purpose::Triage { .. }
        );
        if needs_reason && text.trim().is_empty() {
            // Ask again, here, rather than send it and get the command line's refusal.
            self.input = Some(TextInput::new(purpose, &text));
            self.status.input_error = Some(t(self.lang, s::MSG_REASON_EMPTY).to_string());
            return None;
        }
        match purpose {
            Purpose::Search => self.search_before.clear(),
            Purpose::Score { app, criterion } => self.commit_score(app, criterion, text),
            Purpose::Reason {
                app,
                criterion,
                value,
            } => self.send_score(app, criterion, value, None, Some(text)),
            Purpose::Comment { app, criterion } => {
                let value = self
                    .session
                    .scores
                    .get(&app)
                    .and_then(|m| m.get(&criterion))
                    .map(|s| s.value.to_string());
                if let Some(value) = value {
                    self.send_score(app, criterion, value, Some(text), None);
                }
            }
            Purpose::Declare { app } => {
                if let Some(expert) = expert {
                    self.send(Job::Declare {
                        expert,
                        app,
                        reason: text,
                    });
                }
            }
            Purpose::Triage { app, verdict } => self.send(Job::Triage {
                app,
                verdict,
                reason: text,
            }),
        }
        None
    }

    /// The prompt of the open input.
    pub(super) fn prompt(&self, input: &TextInput) -> String {
        let crit_name = |app: &str, c: &str| {
            self.session
                .campaign
                .application(app)
                .and_then(|a| self.session.campaign.rubric_for_application(a))
                .and_then(|r| r.criterion(c))
                .map(|c| self.lang.pick(&c.zh, &c.en).to_string())
                .unwrap_or_else(|| c.to_string())
        };
        let l = self.lang;
        match &input.purpose {
            Purpose::Score { app, criterion } => {
                format!(
                    "{} {app} {}",
                    t(l, s::PROMPT_SCORE),
                    crit_name(app, criterion)
                )
            }
            Purpose::Reason {
                app,
                criterion,
                value,
            } => format!(
                "{} {app} {} -> {value}",
                t(l, s::PROMPT_REASON),
                crit_name(app, criterion)
            ),
            Purpose::Comment { app, criterion } => format!(
                "{} {app} {}",
                t(l, s::PROMPT_COMMENT),
                crit_name(app, criterion)
            ),
            Purpose::Declare { app } => format!("{} {app}", t(l, s::PROMPT_DECLARE)),
            Purpose::Search => t(l, s::PROMPT_SEARCH).to_string(),
            Purpose::Triage { app, verdict } => format!(
                "{} {app} {}",
                t(l, s::PROMPT_TRIAGE),
                sources::verdict_name(Some(*verdict), l)
            ),
        }
    }
}
